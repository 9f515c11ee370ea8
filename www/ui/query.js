// The form's state (state.js) → the core's query (its JSON contract, src/query.rs). Pure (no DOM, no state).
// What the view can tell before asking the core (a region not chosen, an unreadable percentage, a bill line without
// an amount) is pushed onto `errors` as {path, msg}, path being the query path of the field; everything else is the
// core's to check. `t` is the page's messages; `baseParams` the data's own figures (analyze().data_parameters, or its parameters when nothing is edited),
// whose bases (per, basis, segment_basis) an edited figure keeps.

import { money, normNum, PLAIN, shift, whole } from "./numbers.js";
import { parseRatio, parseSecondLayer, percent } from "./figure-text.js";
import { applySituations } from "./situations.js";
import { applyLayers } from "./layers.js";
import { canFile, isStay } from "./state.js";

/** The query for a state. */
export function buildQuery(s, errors, baseParams, t) {
  if (!s.ir)
    errors.push({ path: "insured.region", msg: t("errChooseInsured") });
  if (!s.sc) errors.push({ path: "insured.scheme", msg: t("errChooseScheme") });
  if (!s.vr) errors.push({ path: "visit.region", msg: t("errChooseTreated") });
  const q = {
    insured: buildInsured(s),
    visit: buildVisit(s),
    bill: buildBill(s, errors, t),
    history: buildHistory(s),
    overrides: {},
  };
  if (s.fc) q.filing = buildFiling(s, errors, t);
  // How a visit that is over was paid (helper-53: one who paid everything was told there was nothing to claim).
  if (s.si === "discharged" && s.pd) q.paid_in_full = s.pd === "all";
  const circumstances = buildCircumstances(s);
  if (circumstances) q.circumstances = circumstances;
  q.overrides = buildOverrides(s.ov, errors, baseParams, t);
  return applyLayers(applySituations(q, s, errors, t), s, errors, t);
}

/** What the person said about living there and a referral (asked while a filing can still be made), or null. */
export function buildCircumstances(s) {
  if (!canFile(s)) return null;
  const said = (v) => (v === "yes" ? true : v === "no" ? false : undefined);
  const c = { lives_there: said(s.lt), referred: said(s.rf) };
  return c.lives_there === undefined && c.referred === undefined ? null : c;
}

/** Who: the region and scheme, the status (employees), the age and the contribution tier (when given). */
export function buildInsured(s) {
  // No scheme chosen (a cleared form) is absent: the core asks for it beside its field (helper-53: a cleared form
  // priced a 居民 as a 职工 without a word).
  const insured = { region: s.ir };
  if (s.sc) insured.scheme = s.sc;
  if (s.sc === "employee" && s.st) insured.status = s.st;
  const age = whole(s.age);
  if (age !== undefined) insured.age = age;
  if (s.sc === "resident" && s.tr) insured.tier = s.tr;
  return insured;
}

/** Where and when: the region, kind, level, flags, and the stay's dates (inpatient) or the visit's date. */
export function buildVisit(s) {
  const visit = { region: s.vr, kind: s.vk, networked: Boolean(s.nw) };
  if (s.vk !== "pharmacy") {
    visit.hospital_level = s.lv;
    visit.emergency = Boolean(s.em);
  }
  if (s.vk === "chronic_outpatient" && s.cd) visit.chronic_disease = s.cd;
  if (isStay(s)) {
    if (s.ad) visit.admission = s.ad;
    if (s.dc) visit.discharge = s.dc;
  } else if (s.dt) {
    visit.date = s.dt;
  }
  return visit;
}

/** The filing held (only called when a category is chosen); its area is the visit's region unless another is. */
export function buildFiling(s, errors, t) {
  if (!s.fsame && !s.fa)
    errors.push({ path: "filing.area", msg: t("errChooseArea") });
  const filing = { category: s.fc, area: s.fsame ? s.vr : s.fa };
  if (s.fc === "long_term") filing.long_term_kind = s.fk;
  if (s.fs) filing.start = s.fs;
  if (s.fe) filing.end = s.fe;
  if (s.fo) filing.filed_on = s.fo;
  return filing;
}

/** This year's history, with only what was typed. */
export function buildHistory(s) {
  const history = {};
  const admissions = whole(s.ha);
  if (admissions !== undefined) history.admissions = admissions;
  const hd = money(s.hd);
  if (hd !== undefined) history.deductible_paid = hd;
  const hf = money(s.hf);
  if (hf !== undefined) history.fund_paid = hf;
  return history;
}

/** The bill: its itemized lines, or its totals with the class-B part. */
export function buildBill(s, errors, t) {
  if (s.bm === "lines") return { lines: buildLines(s.lines, errors, t) };
  const bill = {};
  const total = money(s.bt);
  if (total !== undefined) bill.total = total;
  const ooc = money(s.bo);
  if (ooc !== undefined) bill.out_of_catalogue = ooc;
  const over = money(s.bl);
  if (over !== undefined) bill.over_limit = over;
  const b = money(s.bb);
  const rate = percent(s.br, "bill.class_b.prepay_rate", errors, t);
  if (b !== undefined || rate !== undefined) {
    bill.class_b = {};
    if (b !== undefined) bill.class_b.amount = b;
    if (rate !== undefined) bill.class_b.prepay_rate = rate;
  }
  return bill;
}

/** Whether an itemized row is left empty (as 添加一项 adds it). */
export const blankRow = ([name, amount, , rate, over]) =>
  [name, amount, rate, over].every((x) => !String(x ?? "").trim());

/**
 * The itemized lines ([[name, amount, class, rate, over], …]) as the query's bill lines. Empty rows at the end (one
 * just added, not filled in yet) are left out rather than stopping the estimate; the rows before keep their positions,
 * so that an error still lands next to its field.
 */
function buildLines(rows, errors, t) {
  let end = rows.length;
  while (end > 0 && blankRow(rows[end - 1])) end--;
  const lines = rows.slice(0, end).map(([name, amount, cls, rate, over], i) => {
    const line = { amount: money(amount) ?? "", class: cls };
    if (String(name).trim()) line.name = String(name).trim();
    if (cls === "B") {
      const r = percent(rate, `bill.lines[${i}].prepay_rate`, errors, t);
      if (r !== undefined) line.prepay_rate = r;
    }
    if (cls !== "C") {
      const o = money(over);
      if (o !== undefined) line.over_limit = o;
    }
    if (line.amount === "")
      errors.push({
        path: `bill.lines[${i}].amount`,
        msg: t("errAmountRequired"),
      });
    return line;
  });
  if (lines.length === 0)
    errors.push({ path: "bill.lines", msg: t("errNoLines") });
  return lines;
}

/** The parameters panel's edits → the query's overrides, keeping the data's bases (per, basis) for the number. */
export function buildOverrides(ov, errors, baseParams, t) {
  const o = {};
  const base = (name) => baseParams?.find((p) => p.name === name)?.raw;
  for (const [name, text] of Object.entries(ov)) {
    const path = `overrides.${name}`;
    if (!String(text).trim()) continue;
    switch (name) {
      case "deductible":
        o.deductible = money(text);
        if (base("deductible")?.per) o.deductible_per = base("deductible").per;
        break;
      case "annual_cap":
        o.annual_cap = money(text);
        if (base("annual_cap")?.basis)
          o.annual_cap_basis = base("annual_cap").basis;
        break;
      case "ratio": {
        const r = parseRatio(text, t);
        if (r.error) errors.push({ path, msg: r.error });
        else if (r.flat !== undefined) o.ratio = r.flat;
        else {
          o.segments = r.segments;
          if (base("ratio")?.segment_basis)
            o.segment_basis = base("ratio").segment_basis;
        }
        break;
      }
      case "class_b_prepay_rate": {
        const r = percent(text, path, errors, t);
        if (r !== undefined) o.class_b_prepay_rate = r;
        break;
      }
      case "second_layer": {
        const r = parseSecondLayer(text, base("second_layer"), t);
        if (r.error) errors.push({ path, msg: r.error });
        else o.second_layer = r.value;
        break;
      }
      case "adjustment": {
        const n = normNum(text);
        if (!PLAIN.test(n) || Number(n) > 100)
          errors.push({ path, msg: t("errPoints") });
        else if (Number(n) === 0) o.adjustment = { op: "none" };
        else o.adjustment = { op: "pp_reduction", value: shift(n, -2) };
        break;
      }
      default:
        break;
    }
  }
  return o;
}

/** The query of Calculator.options: where the person stands, and the day asked (the device's date). */
export const optionsQuery = (q, situation, today) => ({
  ...q,
  situation,
  today,
});

/**
 * The itemized rows a form starts from when the person switches from totals to lines: the core's lines for the bill of
 * the totals (`calc.linesFromTotals`), as [name, amount, class, class-B rate, over the limit]; none when the bill does
 * not read.
 */
export function rowsFromTotals(calc, s, t, locale) {
  const { bill } = buildQuery({ ...s, bm: "simple" }, [], null, t);
  let lines = [];
  try {
    lines = calc.linesFromTotals(bill ?? {}, locale);
  } catch {
    /* no lines to start from */
  }
  return lines.map((l) => [
    l.name ?? "",
    l.amount,
    l.class,
    l.class === "B" ? s.br : "",
    l.over_limit ?? "",
  ]);
}

/**
 * The totals a form shows when the person switches from itemized lines back to totals: `{ totals }`, the core's sums
 * of the lines (`calc.totalsFromLines`) as the fields bt, bo, bl, bb, and the class-B rate (br) as typed when every
 * class-B row has the same one (cleared when no class-B row is left); or `{ keep }`, why the lines must stay: "rates"
 * (class-B rows of different rates, which totals cannot hold) or "unread" (a line that does not read); or null when
 * no line was filled in (the totals stay as they were).
 */
export function totalsFromRows(calc, s, t) {
  const errors = [];
  const { bill } = buildQuery({ ...s, bm: "lines" }, errors, null, t);
  const filled = s.lines.filter((row) => !blankRow(row));
  if (filled.length === 0) return null;
  // Only the bill's own errors count: a form without its places yet (a cleared form) has lines that sum all the same
  // (a paste there kept 1,000 rows of 1,200 for "a line that does not read"; helper-49).
  const billErrors = errors.filter((e) =>
    String(e.path ?? "").startsWith("bill"),
  );
  let totals = null;
  try {
    totals = billErrors.length ? null : calc.totalsFromLines(bill ?? {});
  } catch {
    /* no totals to start from */
  }
  const rates = new Set(
    filled
      .filter((row) => row[2] === "B")
      .map((row) => String(row[3] ?? "").trim()),
  );
  // Rows of different rates (a rate and none among them too: the core makes no totals of those) stay lines.
  if (rates.size > 1) return { keep: "rates" };
  if (!totals) return { keep: "unread" };
  return {
    totals: {
      bt: totals.total ?? "",
      bo: totals.out_of_catalogue ?? "",
      bl: totals.over_limit ?? "",
      bb: totals.class_b?.amount ?? "",
      br: rates.size === 1 ? [...rates][0] : "",
    },
  };
}
