// Issue 13's controls: the layers above the basic fund (大额 on the cost above the basic cap, 大病 on the patient's
// share, 公务员医疗补助 for those entitled; R5.6f), a quota and what was used of it (R4.8), and the personal account's
// balances, the person's own and a family member's shared one (R4.6, R4.6b). The fields (layerFields), their state
// keys and defaults (LAYER_STATE), and what they add to the query (applyLayers). The core does every sum; this module
// only reads what was typed.
//
// State keys: pao/paf own and family account balances; gp the group (civil_servant | assistance_recipient); ly1/ly2/ly3
// the 大额, 大病 and 公务员医疗补助 layers as typed (the second-layer syntax: "起付 30000；≤50000 60%；其上 70%；封顶
// 300000"); ly1p 大额 paid this year, ly2b/ly2p 大病 base so far and paid this year; qa/qp/hq the quota, its period
// (month | year) and what was used of it in the period.

import { h } from "./dom.js";
import { money } from "./numbers.js";
import { parseSecondLayer } from "./figure-text.js";

/** The keys this module adds to the form's state, with their defaults (all text: see state.js's decodeState). */
export const LAYER_STATE = {
  pao: "",
  paf: "",
  gp: "",
  ly1: "",
  ly2: "",
  ly3: "",
  ly1p: "",
  ly2b: "",
  ly2p: "",
  qa: "",
  qp: "month",
  hq: "",
};

/** The layers typed, in the order they pay: [state key, kind, base, group it is limited to]. */
const LAYERS = [
  ["ly1", "large_expense", "above_basic_cap", null],
  ["ly2", "critical_illness", "patient_share", null],
  ["ly3", "civil_servant", "patient_share", "civil_servant"],
];

/** The fieldsets: accounts; layers and this year's use of them; a quota. `kit` is form.js's formKit. */
export function layerFields(kit) {
  const { fieldset, field, input, select, row } = kit;
  const amount = (key, name, path) =>
    input(key, name, path, { mode: "decimal", placeholder: "zero" });
  return [
    fieldset(
      "legendAccounts",
      row(
        field(
          "accountOwn",
          amount("account-own", "pao", "personal_account.own"),
          { show: "employee" },
        ),
        field(
          "accountFamily",
          amount("account-family", "paf", "personal_account.family"),
          { hint: "accountFamilyHint" },
        ),
      ),
    ),
    fieldset(
      "legendLayers",
      field(
        "layerLarge",
        input("layer-large", "ly1", "overrides.layers[0]", {
          placeholder: "layerLargePlaceholder",
        }),
        { hint: "layerHint" },
      ),
      field(
        "layerCritical",
        input("layer-critical", "ly2", "overrides.layers[1]", {
          placeholder: "layerCriticalPlaceholder",
        }),
      ),
      row(
        field(
          "layerCivil",
          input("layer-civil", "ly3", "overrides.layers[2]", {
            placeholder: "layerCivilPlaceholder",
          }),
        ),
        field(
          "group",
          select("group", "gp", "groups", [
            ["", "groupNone"],
            ["civil_servant", "groupCivilServant"],
            ["assistance_recipient", "groupAssistance"],
          ]),
        ),
      ),
      h(
        "div",
        { class: "row three" },
        field(
          "layerLargePaid",
          amount("layer-large-paid", "ly1p", "history.layers[0].paid"),
        ),
        field(
          "layerCriticalBase",
          amount(
            "layer-critical-base",
            "ly2b",
            "history.layers[1].base_so_far",
          ),
        ),
        field(
          "layerCriticalPaid",
          amount("layer-critical-paid", "ly2p", "history.layers[1].paid"),
        ),
      ),
    ),
    fieldset(
      "legendQuota",
      row(
        field("quota", amount("quota", "qa", "overrides.quota.amount"), {
          hint: "quotaHint",
        }),
        field(
          "quotaPeriod",
          select("quota-period", "qp", "overrides.quota.period", [
            ["month", "quotaMonth"],
            ["year", "quotaYear"],
          ]),
        ),
        field("quotaUsed", amount("quota-used", "hq", "history.quota_used")),
      ),
    ),
  ];
}

/**
 * Adds what the fields say to the query `q` (built by query.js): the accounts, the group, the layers typed (they
 * replace the region's layers and second layer), this year's use of them, and the quota. A layer that cannot be read
 * is pushed onto `errors` as {path, msg}.
 */
export function applyLayers(q, s, errors, t) {
  const own = s.sc === "employee" ? money(s.pao) : undefined;
  const family = money(s.paf);
  if (own !== undefined || family !== undefined) {
    q.personal_account = {};
    if (own !== undefined) q.personal_account.own = own;
    if (family !== undefined) q.personal_account.family = family;
  }
  if (s.gp) q.groups = [s.gp];
  const layers = [];
  const used = [];
  for (const [key, kind, base, group] of LAYERS) {
    const text = String(s[key] ?? "").trim();
    if (!text) continue;
    const r = parseSecondLayer(text, null, t);
    if (r.error) {
      errors.push({ path: `overrides.layers[${layers.length}]`, msg: r.error });
      continue;
    }
    const layer = { kind, ...r.value, applies_to: base };
    if (group) layer.only_for = group;
    layers.push(layer);
  }
  if (layers.length > 0) q.overrides.layers = layers;
  const large = money(s.ly1p);
  if (large !== undefined) used.push({ kind: "large_expense", paid: large });
  const critical = { kind: "critical_illness" };
  const base = money(s.ly2b);
  if (base !== undefined) critical.base_so_far = base;
  const paid = money(s.ly2p);
  if (paid !== undefined) critical.paid = paid;
  if (Object.keys(critical).length > 1) used.push(critical);
  if (used.length > 0) q.history.layers = used;
  const quota = money(s.qa);
  if (quota !== undefined)
    q.overrides.quota = { amount: quota, period: s.qp || "month" };
  const quotaUsed = money(s.hq);
  if (quotaUsed !== undefined) q.history.quota_used = quotaUsed;
  return q;
}
