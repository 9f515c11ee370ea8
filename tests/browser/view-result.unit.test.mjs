// The view's pure parts, under `node --test` with no browser: what the core is asked and how its answer is sorted
// (www/ui/compute.js, with a stand-in core), the summary's words and sums (www/ui/summary.js), the query line
// (www/ui/result.js), the error words (www/ui/errors.js) and the lines a switch to itemized lines starts from
// (www/ui/lines.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { translator } from "../../www/i18n.js";
import { defaultState } from "../../www/ui/state.js";
import { evaluate, resultInfo } from "../../www/ui/compute.js";
import {
  backFromInsurance,
  liveLine,
  payShares,
  sumAmounts,
  summaryLine,
} from "../../www/ui/summary.js";
import { describe } from "../../www/ui/result.js";
import { coreErrorText } from "../../www/ui/errors.js";
import { linesFromTotals } from "../../www/ui/lines.js";
import { pickMessage } from "../../www/ui/context.js";
import { distinctSources } from "../../www/ui/slip.js";

const t = translator("zh-Hans");
const pick = (m) => m?.zh ?? "";
const TODAY = "2026-03-20";

const figures = (missing = [], overridden = false) => ({
  parameters: [{ name: "deductible", raw: { amount: "800", per: "year" } }],
  missing,
  overridden,
});
const estimate = {
  filing: { status: "valid" },
  settlement: { route: "direct" },
  fund_pays: "17049.60",
  second_layer_pays: "0",
  patient_pays: "12950.40",
  lines: [],
  warnings: [],
};
const verdict = {
  filing: { status: "missing" },
  settlement: { route: "manual" },
  warnings: [{ code: "w" }],
};

/** A stand-in core: records its calls; `answers` overrides a method (a function, or an error to throw). */
function stubCore(answers = {}) {
  const calls = [];
  const method = (name, fallback) => (q) => {
    calls.push([name, q]);
    const a = answers[name];
    if (a instanceof Error) throw a;
    return a ? a(q) : fallback(q);
  };
  return {
    calls,
    figures: method("figures", (q) =>
      figures([], Object.keys(q.overrides).length > 0),
    ),
    estimate: method("estimate", () => estimate),
    options: method("options", (q) => ({
      situation: q.situation,
      today: q.today,
    })),
    verdict: method("verdict", () => verdict),
  };
}
const typed = (code, path) =>
  Object.assign(new Error(code), {
    code,
    path,
    messages: { zh: `错误 ${code}`, en: code },
  });

test("an estimate: the figures without and with the edits, then the estimate; no options unless asked", () => {
  const calc = stubCore();
  const s = { ...defaultState(), ov: { deductible: "1000" } };
  const out = evaluate(calc, s, t, TODAY);
  assert.equal(out.kind, "estimate");
  assert.equal(out.estimate, estimate);
  assert.equal(out.options, null);
  assert.deepEqual(
    calc.calls.map(([name]) => name),
    ["figures", "figures", "estimate"],
  );
  const [[, first], [, second], [, q]] = calc.calls;
  assert.deepEqual(first.bill, { total: "0" }, "the figures need no bill");
  assert.deepEqual(first.overrides, {});
  assert.deepEqual(second.overrides, {
    deductible: "1000",
    deductible_per: "year",
  });
  assert.equal(q.bill.total, "30000");
  assert.equal(out.used.overridden, true);
});

test("where the person stands: the options are asked with the day", () => {
  const calc = stubCore();
  const out = evaluate(
    calc,
    { ...defaultState(), si: "in_hospital" },
    t,
    TODAY,
  );
  assert.deepEqual(out.options, { situation: "in_hospital", today: TODAY });
  const failing = stubCore({ options: new Error("trap") });
  const quiet = evaluate(
    failing,
    { ...defaultState(), si: "planning" },
    t,
    TODAY,
  );
  assert.equal(quiet.kind, "estimate", "options failing leave the estimate");
  assert.equal(quiet.options, null);
});

test("the view's own errors: no estimate asked, the figures still shown", () => {
  const calc = stubCore();
  const out = evaluate(
    calc,
    { ...defaultState(), ov: { ratio: "1" } },
    t,
    TODAY,
  );
  assert.equal(out.kind, "invalid");
  assert.deepEqual(
    out.errors.map((e) => e.path),
    ["overrides.ratio"],
  );
  assert.deepEqual(
    calc.calls.map(([name]) => name),
    ["figures"],
    "an unreadable edit: no figures with it",
  );
  assert.equal(out.used, out.base, "the data's figures are shown");
  const none = evaluate(stubCore(), { ...defaultState(), ir: "" }, t, TODAY);
  assert.equal(none.kind, "invalid");
  assert.equal(none.base, null, "no region, no figures");
});

test("a region without figures: the verdict, with the figures to enter", () => {
  const calc = stubCore({
    figures: () => figures(["deductible", "ratio"]),
    estimate: typed("missing_parameter", "overrides.deductible"),
  });
  const out = evaluate(calc, defaultState(), t, TODAY);
  assert.equal(out.kind, "verdict");
  assert.equal(out.verdict, verdict);
  assert.deepEqual(out.missing, ["deductible", "ratio"]);
  assert.equal(out.error.code, "missing_parameter");
});

test("other core errors, and a verdict that fails too, are failures", () => {
  const bad = evaluate(
    stubCore({ estimate: typed("negative_amount", "bill.total") }),
    defaultState(),
    t,
    TODAY,
  );
  assert.equal(bad.kind, "failed");
  assert.equal(bad.error.path, "bill.total");
  const noFigures = evaluate(
    stubCore({ estimate: typed("missing_parameter", "overrides.deductible") }),
    defaultState(),
    t,
    TODAY,
  );
  assert.equal(
    noFigures.kind,
    "failed",
    "missing, but the figures name nothing to enter",
  );
  const both = evaluate(
    stubCore({
      figures: () => figures(["ratio"]),
      estimate: typed("missing_parameter", "overrides.ratio"),
      verdict: typed("core_failed", ""),
    }),
    defaultState(),
    t,
    TODAY,
  );
  assert.equal(both.kind, "failed");
  assert.equal(both.error.code, "core_failed");
  const figuresFail = evaluate(
    stubCore({ figures: new Error("trap") }),
    defaultState(),
    t,
    TODAY,
  );
  assert.equal(figuresFail.kind, "estimate");
  assert.equal(figuresFail.base, null);
});

test("what the host hears", () => {
  const info = resultInfo({
    query: { q: 1 },
    estimate: null,
    verdict: { ...verdict, extra: 1 },
    complete: false,
    missing: ["ratio"],
    summary: "x",
  });
  assert.deepEqual(info, {
    status: "ready",
    query: { q: 1 },
    estimate: null,
    verdict: {
      filing: verdict.filing,
      settlement: verdict.settlement,
      warnings: verdict.warnings,
    },
    complete: false,
    missing: ["ratio"],
    summary: "x",
  });
});

test("amounts added in fen; the bar's shares", () => {
  assert.equal(sumAmounts("17049.6", "0"), "17049.60");
  assert.equal(sumAmounts("0.1", "0.2"), "0.30");
  assert.equal(
    sumAmounts("1", "x"),
    "1.00",
    "what is not an amount counts nothing",
  );
  assert.equal(
    backFromInsurance({ fund_pays: "1000.55", second_layer_pays: "99.45" }),
    "1100.00",
  );
  assert.deepEqual(payShares(estimate), [
    { cls: "fund", amount: "17049.60", width: "56.83", pct: "56.8" },
    { cls: "patient", amount: "12950.40", width: "43.17", pct: "43.2" },
  ]);
  assert.deepEqual(
    payShares({ fund_pays: "0", second_layer_pays: "0", patient_pays: "0" }),
    [],
  );
});

test("the summary line and the live sentence", () => {
  assert.equal(summaryLine(estimate, true, t), "医保 17049.60 · 自付 12950.40");
  assert.equal(
    summaryLine(verdict, false, t),
    `${t("status_missing")} · ${t("route_manual")}`,
  );
  assert.equal(
    liveLine(estimate, true, t),
    t("liveComplete", {
      fund: "17049.60",
      patient: "12950.40",
      route: t("route_direct"),
    }),
  );
  assert.match(liveLine(verdict, false, t), new RegExp(t("route_manual")));
});

test("the query line says who, where, when and the filing", () => {
  const names = {
    regionName: (code) =>
      ({ 420100: "武汉市", 440300: "深圳市" })[code] ?? code,
  };
  const s = { ...defaultState(), ad: "2026-03-01", dc: "2026-03-15" };
  assert.equal(
    describe(s, { t, names }),
    "武汉市职工医保退休 · 在深圳市住院 三级 · 2026-03-01 至 2026-03-15 · 长期备案",
  );
  const pharmacy = describe(
    {
      ...s,
      sc: "resident",
      age: "",
      vk: "pharmacy",
      dt: "2026-04-01",
      fc: "",
      em: 1,
    },
    { t, names },
  );
  assert.ok(!pharmacy.includes("三级"), pharmacy);
  assert.ok(pharmacy.includes("2026-04-01"), pharmacy);
  assert.ok(pharmacy.endsWith(t("short_filing_none")), pharmacy);
});

test("a core error's words: typed ones in the page's language, anything else plainly", () => {
  assert.deepEqual(
    coreErrorText(typed("negative_amount", "bill.total"), { t, pick }),
    {
      path: "bill.total",
      message: "错误 negative_amount",
    },
  );
  assert.deepEqual(
    coreErrorText(new Error("RuntimeError: unreachable"), { t, pick }),
    {
      path: "",
      message: t("errCompute"),
    },
  );
  assert.deepEqual(coreErrorText({ code: "x", messages: {} }, { t, pick }), {
    path: "",
    message: t("errCompute"),
  });
});

test("from totals to itemized lines: class A is what the total leaves", () => {
  const rows = linesFromTotals(
    {
      total: "30,000",
      outOfCatalogue: "10000",
      overLimit: "500",
      classB: "2000.50",
      classBRate: "10%",
    },
    t,
  );
  assert.deepEqual(rows, [
    [t("lineAFromTotals"), "17999.5", "A", "", "500"],
    [t("classBShort"), "2000.5", "B", "10%", ""],
    [t("outOfCatalogueShort"), "10000", "C", "", ""],
  ]);
  assert.deepEqual(
    linesFromTotals(
      { total: "", outOfCatalogue: "", overLimit: "", classB: "" },
      t,
    ),
    [],
  );
  assert.deepEqual(
    linesFromTotals(
      { total: "1.234", outOfCatalogue: "", overLimit: "", classB: "" },
      t,
    ),
    [],
  );
  assert.deepEqual(
    linesFromTotals(
      { total: "100", outOfCatalogue: "100", overLimit: "", classB: "" },
      t,
    ),
    [[t("outOfCatalogueShort"), "100", "C", "", ""]],
  );
});

test("a core message in the page's language, 简体 when the language is missing", () => {
  const m = { zh: "住院", zh_hant: "住院（繁）", en: "Inpatient" };
  assert.equal(pickMessage(m, "zh-Hans"), "住院");
  assert.equal(pickMessage(m, "zh-Hant"), "住院（繁）");
  assert.equal(pickMessage(m, "en"), "Inpatient");
  assert.equal(pickMessage({ zh: "只有简体" }, "en"), "只有简体");
  assert.equal(pickMessage("plain", "en"), "plain");
  assert.equal(pickMessage(null, "en"), "");
});

test("the printout's sources: each once, in order of first mention", () => {
  const src = (id) => ({ id, title: id, grade: "A", as_of: "2025-01-01" });
  const est = {
    filing: { sources: [src("a"), src("b")] },
    settlement: { sources: [src("b"), src("c")] },
    lines: [{ sources: [src("c"), src("d")] }, { sources: [] }],
  };
  assert.deepEqual(
    distinctSources(est).map((s) => s.id),
    ["a", "b", "c", "d"],
  );
  assert.deepEqual(
    distinctSources({ filing: { sources: [] }, settlement: { sources: [] } }),
    [],
    "a verdict has no lines",
  );
});
