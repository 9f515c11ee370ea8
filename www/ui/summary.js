// The estimate's summary: the total, tiles of who pays what (the core's range when stand-in figures were used), a bar
// and its legend, and notes (personal account, a manual claim, not covered). `ctx` is { t, pick }.
//
// The view does no arithmetic here: what the insurance pays in all (`insurance_pays`) and each payer's part of the bar
// (`shares`, with its percentage) are the core's.

import { h } from "./dom.js";
import { isZero } from "./numbers.js";

/** The bar's classes and words by the core's payer names. */
const BAR_CLASS = { fund: "fund", second_layer: "second", patient: "patient" };

/**
 * The bar's parts (pure): each payer with something to pay, { cls ("fund", "second", "patient"), amount, pct (the
 * core's percentage of the bar, one decimal) }.
 */
export function payShares(est) {
  return (est.shares ?? []).map((s) => ({
    cls: BAR_CLASS[s.payer] ?? s.payer,
    amount: s.amount,
    pct: s.percent,
  }));
}

/**
 * An amount of the estimate as the person should read it: the core's range when stand-in figures were used (never
 * the middle region's exact figure), else the amount itself. `name`: fund_pays, patient_pays, insurance_pays …
 */
export function amountText(est, name, t) {
  const span = est.range?.[name];
  return span ? spanText(span, t) : est[name];
}

/** "约 X–Y"; one stand-in region only (X = Y) is "约 X", not a range of one. */
export function spanText(span, t) {
  return span.low === span.high
    ? t("aboutAmount", { amount: span.low })
    : t("rangeAmount", { low: span.low, high: span.high });
}

/** One line for the page's summary bar and the element's event: what the insurance pays, what the patient pays. */
export function summaryLine(est, complete, t) {
  return complete
    ? t("summaryShort", {
        fund: amountText(est, "insurance_pays", t),
        patient: amountText(est, "patient_pays", t),
      })
    : `${t(`status_${est.filing.status}`)} · ${t(`route_${est.settlement.route}`)}`;
}

/** The live region's sentence after a result; `missing` the figures to enter (none: the bill is what is missing). */
export function liveLine(est, complete, t, missing = []) {
  const route = t(`route_${est.settlement.route}`);
  return complete
    ? t("liveComplete", {
        fund: amountText(est, "fund_pays", t),
        patient: amountText(est, "patient_pays", t),
        route,
      })
    : t(missing.length ? "liveIncomplete" : "liveNoBill", {
        status: t(`status_${est.filing.status}`),
        route,
      });
}

/** The summary section. onFill() takes the person to the figures to enter (the range note's button). */
export function summary(est, ctx, onFill) {
  const { t } = ctx;
  const total = est.lines.find((l) => l.key === "total")?.amount ?? "";
  const r = est.range;
  const notes = summaryNotes(est, total, t);
  return h(
    "section",
    { class: "summary", part: "summary", dataset: { testid: "summary" } },
    h("p", { class: "total" }, t("totalLine", { total })),
    h("div", { class: "tiles" }, tiles(est, t)),
    r ? rangeNote(r, ctx, onFill) : null,
    payBar(est, t),
    r ? null : payLegend(est, t),
    notes.map((n) => h("p", { class: "note" }, n)),
  );
}

/** Tiles: the fund, the second layer (when it pays or could), the patient; a range when figures stood in. */
function tiles(est, t) {
  const unit = t("yuan");
  const tile = (label, amount, cls, testid) =>
    h(
      "div",
      { class: `tile ${cls}` },
      h("span", { class: "tile-label" }, label),
      h(
        "span",
        { class: "tile-amount" },
        h("data", { value: amount, dataset: { testid } }, amount),
        h("small", {}, ` ${unit}`),
      ),
    );
  // Stand-in figures (not the region's own): the core's range, never the middle value alone.
  const r = est.range;
  const shown = (name) => amountText(est, name, t);
  const list = [tile(t("tileFund"), shown("fund_pays"), "fund", "fund-pays")];
  if (
    !isZero(est.second_layer_pays) ||
    (r && !isZero(r.second_layer_pays.high))
  ) {
    list.push(
      tile(
        t("tileSecond"),
        shown("second_layer_pays"),
        "second",
        "second-layer-pays",
      ),
    );
  }
  list.push(
    tile(t("tilePatient"), shown("patient_pays"), "patient", "patient-pays"),
  );
  return list;
}

/** Figures that are not the region's own: the core's explanation and what to ask, and a way to enter them. */
function rangeNote(r, { t, pick }, onFill) {
  return h(
    "section",
    {
      class: "card tone-warn range-note",
      part: "card",
      dataset: { testid: "range" },
    },
    h("h3", {}, t(r.scope === "region" ? "rangeTitleOwn" : "rangeTitle")),
    h("p", {}, pick(r.explanation)),
    h("p", { class: "ask", dataset: { testid: "range-ask" } }, pick(r.ask)),
    h(
      "button",
      { type: "button", class: "secondary", part: "button", onclick: onFill },
      t("goFill"),
    ),
  );
}

/** The bar's words for each payer. */
const barLabels = (t) => ({
  fund: t("barFund"),
  second: t("barSecond"),
  patient: t("barPatient"),
});

/** The estimate's amount for each of the bar's payers (its range where stand-in figures were used). */
const PAYS = {
  fund: "fund_pays",
  second: "second_layer_pays",
  patient: "patient_pays",
};

/**
 * What the bar says of each part: the amount as the tiles say it, the core's range under stand-in figures (it said
 * the middle region's exact amounts to a screen reader while the tiles showed "约 X–Y"; helper-44).
 */
export function barWords(est, t) {
  const unit = t("yuan");
  const label = barLabels(t);
  return payShares(est).map(
    (p) =>
      `${label[p.cls]} ${est.range ? amountText(est, PAYS[p.cls], t) : p.amount} ${unit}`,
  );
}

function payBar(est, t) {
  const parts = payShares(est);
  const words = barWords(est, t);
  return h(
    "div",
    {
      class: "bar",
      role: "img",
      "aria-label": words.join(t("listSep")),
    },
    parts.map((p, i) => {
      const seg = h("div", {
        class: `seg ${p.cls}`,
        title: words[i],
      });
      seg.style.width = `${p.pct}%`;
      return seg;
    }),
  );
}

function payLegend(est, t) {
  const label = barLabels(t);
  return h(
    "ul",
    { class: "legend" },
    payShares(est).map((p) =>
      h(
        "li",
        {},
        h("span", { class: `swatch ${p.cls}`, "aria-hidden": "true" }),
        t("legendItem", { label: label[p.cls], amount: p.amount, pct: p.pct }),
      ),
    ),
  );
}

/** The notes under the bar: the personal account's part, a manual claim's money back, nothing covered. */
function summaryNotes(est, total, t) {
  const notes = [];
  // Under a range the account's part is the middle region's: said without it.
  if (!isZero(est.account_pays))
    notes.push(
      est.range
        ? t("noteAccountRange")
        : t("noteAccount", { account: est.account_pays, cash: est.cash_pays }),
    );
  // A claim that returns nothing (an unfiled pharmacy purchase: no pooled payment) is not worth a trip home.
  const nothingBack =
    isZero(est.insurance_pays) &&
    (!est.range || isZero(est.range.insurance_pays?.high));
  if (est.settlement.route === "manual")
    notes.push(
      nothingBack
        ? t("noteManualNothing", { total })
        : t("noteManual", {
            total,
            back: amountText(est, "insurance_pays", t),
          }),
    );
  if (est.settlement.route === "not_covered")
    notes.push(t("noteNotCovered", { total }));
  return notes;
}
