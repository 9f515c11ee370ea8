// The view's pure parts, under `node --test` with no browser: what the core is asked and how its answer is sorted
// (www/ui/compute.js, with a stand-in core: one analyze call per change), the summary's words and sums (www/ui/summary.js), the query line
// (www/ui/result.js), the error words (www/ui/errors.js) and the lines a switch to itemized lines starts from
// (www/ui/lines.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { localeFor, translator } from "../../www/i18n.js";
import { defaultState } from "../../www/ui/state.js";
import {
  debounceMs,
  DEBOUNCE_MAX_MS,
  evaluate,
  resultInfo,
} from "../../www/ui/compute.js";
import {
  amountText,
  liveLine,
  payShares,
  summaryLine,
} from "../../www/ui/summary.js";
import { describe } from "../../www/ui/result.js";
import { coreErrorText, touchedPath } from "../../www/ui/errors.js";
import { rowsFromTotals } from "../../www/ui/query.js";
import { pickMessage } from "../../www/ui/context.js";
import { distinctSources } from "../../www/ui/slip.js";

const t = translator("zh-Hans");
const pick = (m) => m?.zh ?? "";
const TODAY = "2026-03-20";

const parameters = (per = "year", overridden = false) => [
  { name: "deductible", raw: { amount: overridden ? "1000" : "800", per } },
];
const estimate = {
  filing: { status: "valid" },
  settlement: { route: "direct" },
  fund_pays: "17049.60",
  second_layer_pays: "0",
  patient_pays: "12950.40",
  insurance_pays: "17049.60",
  shares: [
    { payer: "fund", amount: "17049.60", percent: "56.8" },
    { payer: "patient", amount: "12950.40", percent: "43.2" },
  ],
  lines: [],
  warnings: [],
};
const verdict = {
  filing: { status: "missing" },
  settlement: { route: "manual" },
  warnings: [{ code: "w" }],
};

/**
 * A stand-in core with the one call a form needs: analyze, answering like the core (the data's own figures beside
 * the edits, the estimate when the bill is given and nothing is missing, the options when asked). `answer(q, plain)`
 * may change the plain answer, or be an error to throw; `per` is the data's deductible basis.
 */
function stubCore({ answer, missing = [], per = "year", options = true } = {}) {
  const calls = [];
  return {
    calls,
    analyze(q) {
      calls.push(q);
      if (answer instanceof Error) throw answer;
      const edited = Object.keys(q.overrides ?? {}).length > 0;
      const own = parameters(per);
      const hasBill = q.bill !== undefined;
      const plain = {
        ...verdict,
        policy_version: "test",
        parameters: edited ? parameters(per, true) : own,
        data_parameters: edited ? own : null,
        missing,
        estimate: hasBill && !missing.length ? estimate : null,
        not_estimated:
          hasBill && missing.length
            ? {
                code: "missing_parameter",
                path: `overrides.${missing[0]}`,
                message: { zh: "请填写", en: "missing" },
              }
            : null,
        options:
          options && hasBill && !missing.length && q.situation
            ? { situation: q.situation, today: q.today }
            : null,
      };
      return answer ? answer(q, plain) : plain;
    },
  };
}
const typed = (code, path) =>
  Object.assign(new Error(code), {
    code,
    path,
    messages: { zh: `错误 ${code}`, en: code },
  });

test("an estimate: one call, the figures used and the data's own beside them; no options unless asked", () => {
  const calc = stubCore();
  const s = { ...defaultState(), ov: { deductible: "1000" } };
  const base = { parameters: parameters("year"), missing: [] };
  const out = evaluate(calc, s, t, TODAY, { base });
  assert.equal(out.kind, "estimate");
  assert.equal(out.estimate, estimate);
  assert.equal(out.options, null);
  assert.equal(calc.calls.length, 1, "one core call");
  const [q] = calc.calls;
  assert.deepEqual(q.overrides, {
    deductible: "1000",
    deductible_per: "year",
  });
  assert.equal(q.bill.total, "30000");
  assert.equal(q.situation, undefined);
  assert.equal(out.base.parameters[0].raw.amount, "800", "the data's own");
  assert.equal(out.used.parameters[0].raw.amount, "1000", "the edit");
});

test("one call per change, whatever changes, when the edits' bases are those of the answer", () => {
  const calc = stubCore();
  let last = null;
  const states = [
    defaultState(),
    { ...defaultState(), bt: "40000" },
    { ...defaultState(), bt: "40000", ov: { ratio: "90%" } },
    { ...defaultState(), bt: "40000", ov: { deductible: "1000" } },
    { ...defaultState(), bt: "40000", si: "in_hospital" },
    { ...defaultState(), bt: "-1", ov: { deductible: "1000" } },
    { ...defaultState(), bt: "" },
  ];
  for (const s of states) {
    const before = calc.calls.length;
    const out = evaluate(calc, s, t, TODAY, last);
    if (out.base) last = out;
    assert.equal(calc.calls.length - before, 1, JSON.stringify(s.ov));
  }
});

test("an edit made before the data's figures are known gets their basis with a second call, once", () => {
  const calc = stubCore({ per: "admission" });
  const s = { ...defaultState(), ov: { deductible: "1000" } };
  const out = evaluate(calc, s, t, TODAY, null);
  assert.equal(calc.calls.length, 2);
  assert.equal(calc.calls[0].overrides.deductible_per, undefined);
  assert.equal(calc.calls[1].overrides.deductible_per, "admission");
  assert.equal(out.kind, "estimate");
  // Another region whose deductible is per year: the basis follows, again with a second call.
  const yearly = stubCore({ per: "year" });
  evaluate(yearly, s, t, TODAY, out);
  assert.deepEqual(
    yearly.calls.map((q) => q.overrides.deductible_per),
    ["admission", "year"],
  );
  // The same basis: one call.
  const again = stubCore({ per: "admission" });
  evaluate(again, s, t, TODAY, out);
  assert.equal(again.calls.length, 1);
});

test("where the person stands: the options come with the answer, asked with the day", () => {
  const calc = stubCore();
  const out = evaluate(
    calc,
    { ...defaultState(), si: "in_hospital" },
    t,
    TODAY,
  );
  assert.deepEqual(out.options, { situation: "in_hospital", today: TODAY });
  assert.equal(calc.calls.length, 1);
  assert.equal(calc.calls[0].situation, "in_hospital");
  const none = evaluate(
    stubCore({ options: false }),
    { ...defaultState(), si: "planning" },
    t,
    TODAY,
  );
  assert.equal(none.kind, "estimate", "no options leave the estimate");
  assert.equal(none.options, null);
});

test("the view's own errors: no bill asked, the figures still shown", () => {
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
  assert.equal(calc.calls.length, 1);
  assert.equal(calc.calls[0].bill, undefined, "the figures need no bill");
  assert.deepEqual(
    calc.calls[0].overrides,
    {},
    "an unreadable edit: the data's figures alone",
  );
  assert.deepEqual(out.used, out.base, "the data's figures are shown");
  // No bill yet: the verdict and the route still show (and the courses, with a situation), the total asked for.
  const noTotal = evaluate(calc, { ...defaultState(), bt: "" }, t, TODAY);
  assert.equal(noTotal.kind, "verdict");
  assert.deepEqual(noTotal.missing, []);
  assert.deepEqual(
    noTotal.errors.map((e) => [e.path, e.msg]),
    [["bill.total", t("errTotalRequired")]],
  );
  assert.ok(noTotal.base, "the figures without a bill");
  // With a situation, the core is asked for the courses without a bill.
  const withSituation = evaluate(
    calc,
    { ...defaultState(), bt: "", si: "planning" },
    t,
    TODAY,
  );
  assert.equal(withSituation.kind, "verdict");
  assert.equal(calc.calls.at(-1).situation, "planning");
  assert.equal(calc.calls.at(-1).bill, undefined);
  const none = stubCore();
  const noRegion = evaluate(none, { ...defaultState(), ir: "" }, t, TODAY);
  assert.equal(noRegion.kind, "invalid");
  assert.equal(noRegion.base, null, "no region, no figures");
  assert.equal(none.calls.length, 0, "and no call");
});

test("a region without figures: the verdict, with the figures to enter", () => {
  const calc = stubCore({ missing: ["deductible", "ratio"] });
  const out = evaluate(calc, defaultState(), t, TODAY);
  assert.equal(out.kind, "verdict");
  assert.deepEqual(out.verdict, { ...verdict, policy_version: "test" });
  assert.deepEqual(out.missing, ["deductible", "ratio"]);
  assert.equal(out.error.code, "missing_parameter");
  assert.equal(out.error.path, "overrides.deductible");
  assert.equal(out.error.messages.zh, "请填写", "shown like a thrown error");
  assert.equal(calc.calls.length, 1);
});

test("a class-B rate not on file: the verdict still shows, with the rate asked for at its field", () => {
  const calc = stubCore({
    answer: (q, plain) => ({
      ...plain,
      estimate: null,
      not_estimated: {
        code: "missing_parameter",
        path: "bill.class_b.prepay_rate",
        message: { zh: "缺少乙类先行自付比例", en: "missing" },
      },
    }),
  });
  const out = evaluate(calc, defaultState(), t, TODAY);
  assert.equal(out.kind, "verdict");
  assert.deepEqual(out.missing, []);
  assert.equal(out.error.path, "bill.class_b.prepay_rate");
});

test("a figure still to enter is not among the panel's figures, even with a stand-in in the estimate", () => {
  const calc = stubCore({
    answer: (q, plain) => ({
      ...plain,
      missing: ["ratio"],
      parameters: [
        ...plain.parameters,
        { name: "ratio", basis: "typical", overridden: false, raw: {} },
      ],
    }),
  });
  const out = evaluate(calc, defaultState(), t, TODAY);
  assert.equal(out.kind, "estimate", "a labelled range");
  assert.deepEqual(
    out.base.parameters.map((p) => p.name),
    ["deductible"],
  );
  assert.deepEqual(out.base.missing, ["ratio"]);
});

test("a bill's own error, and a core that throws, are failures", () => {
  const bad = evaluate(
    stubCore({
      answer: (q, plain) => ({
        ...plain,
        estimate: null,
        not_estimated: {
          code: "parts_exceed_total",
          path: "bill.out_of_catalogue",
          message: { zh: "超过", en: "exceeds" },
        },
      }),
    }),
    defaultState(),
    t,
    TODAY,
  );
  assert.equal(bad.kind, "failed");
  assert.equal(bad.error.path, "bill.out_of_catalogue");
  assert.ok(bad.base, "the figures stay");
  const trap = stubCore({ answer: typed("core_failed", "") });
  const failed = evaluate(trap, defaultState(), t, TODAY);
  assert.equal(failed.kind, "failed");
  assert.equal(failed.error.code, "core_failed");
  assert.equal(failed.base, null);
  assert.equal(trap.calls.length, 1, "a failing core is not asked again");
  // A bill that does not even read: the whole query is refused; the figures are asked for without it.
  let n = 0;
  const unread = stubCore({
    answer: (q, plain) => {
      if (q.bill !== undefined && n++ === 0)
        throw typed("invalid_amount", "bill.total");
      return plain;
    },
  });
  const typo = evaluate(unread, { ...defaultState(), bt: "3万" }, t, TODAY);
  assert.equal(typo.kind, "failed");
  assert.equal(typo.error.path, "bill.total");
  assert.ok(typo.base, "the figures without the bill");
  assert.equal(unread.calls.length, 2);
  // The same visit as the last answer: its figures serve again, one call.
  const fine = evaluate(unread, defaultState(), t, TODAY);
  const before = unread.calls.length;
  n = 0;
  const again = evaluate(
    unread,
    { ...defaultState(), bt: "3万" },
    t,
    TODAY,
    fine,
  );
  assert.equal(again.kind, "failed");
  assert.equal(again.base, fine.base, "the last answer's figures");
  assert.equal(unread.calls.length - before, 1);
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

test("the insurance's sum and the bar's shares are the core's", () => {
  assert.equal(amountText(estimate, "insurance_pays", t), "17049.60");
  assert.deepEqual(payShares(estimate), [
    { cls: "fund", amount: "17049.60", pct: "56.8" },
    { cls: "patient", amount: "12950.40", pct: "43.2" },
  ]);
  assert.deepEqual(
    payShares({
      shares: [{ payer: "second_layer", amount: "1", percent: "100.0" }],
    }),
    [{ cls: "second", amount: "1", pct: "100.0" }],
  );
  assert.deepEqual(payShares({ shares: [] }), []);
});

test("the summary line and the live sentence", () => {
  assert.equal(
    summaryLine(estimate, true, t),
    "自付 12950.40 元 · 医保 17049.60 元",
  );
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
  // Not yet discharged (or planning): the admission alone, never "至 ?".
  const staying = describe({ ...s, dc: "" }, { t, names });
  assert.ok(staying.includes("2026-03-01 入院"), staying);
  assert.ok(!staying.includes("?"), staying);
  assert.ok(!describe({ ...s, ad: "", dc: "" }, { t, names }).includes("?"));
  // A childbirth is a stay: its dates too (helper-47).
  const birth = describe({ ...s, vk: "maternity", fc: "" }, { t, names });
  assert.ok(birth.includes("2026-03-01 至 2026-03-15"), birth);
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

test("after clear, an error shows only at a touched field, inside it or above it", () => {
  const touched = new Set(["bill.total", "insured.region"]);
  assert.ok(touchedPath("bill.total", touched));
  assert.ok(touchedPath("bill", touched), "a parent of a touched field");
  assert.ok(touchedPath("insured.region.code", touched), "inside one");
  assert.ok(!touchedPath("bill.totals", touched), "not a mere prefix");
  assert.ok(!touchedPath("visit.region", touched));
  assert.ok(touchedPath("", touched), "no path: anything touched");
  assert.ok(!touchedPath("", new Set()));
});

test("typing waits as long as the last update took, one frame at least, 150 ms at most", () => {
  assert.equal(debounceMs(0), 16);
  assert.equal(debounceMs(40), 40);
  assert.equal(debounceMs(4000), DEBOUNCE_MAX_MS);
});

test("switching to lines starts from the core's lines for the totals; none when the core has none", () => {
  let asked = null;
  const calc = {
    linesFromTotals(bill, locale) {
      asked = { bill, locale };
      return [
        { name: "甲类", amount: "700.00", class: "A" },
        { amount: "300.00", class: "B" },
      ];
    },
  };
  const s = { ...defaultState(), bm: "lines", bt: "1000", br: "10" };
  const rows = rowsFromTotals(calc, s, t, "zh-Hans");
  assert.equal(asked.locale, "zh-Hans");
  assert.equal(asked.bill.total, "1000");
  assert.deepEqual(rows, [
    ["甲类", "700.00", "A", "", ""],
    ["", "300.00", "B", "10", ""],
  ]);
  const failing = {
    linesFromTotals: () => {
      throw new Error("x");
    },
  };
  assert.deepEqual(rowsFromTotals(failing, s, t, "en"), []);
});

test("an element's locale: its attribute when ours or naming one, else the browser's languages", () => {
  assert.equal(localeFor("en", ["zh-CN"]), "en");
  assert.equal(localeFor("zh-TW", ["en-US"]), "zh-Hant");
  assert.equal(
    localeFor("fr", ["en-US"]),
    "en",
    "an unknown one: the reader's",
  );
  assert.equal(localeFor("fr", ["de"]), "zh-Hans");
  assert.equal(localeFor(null, ["zh-HK"]), "zh-Hant");
});

test("a formula's amounts and rates are runs of their own, kept whole on the slip", async () => {
  const { formulaRuns } = await import("../../www/ui/slip.js");
  assert.deepEqual(formulaRuns("(20000.00 − 800.00) × 88.8%"), [
    { text: "(", number: false },
    { text: "20000.00", number: true },
    { text: " − ", number: false },
    { text: "800.00", number: true },
    { text: ") × ", number: false },
    { text: "88.8%", number: true },
  ]);
  assert.deepEqual(formulaRuns("输入"), [{ text: "输入", number: false }]);
  assert.deepEqual(formulaRuns(undefined), []);
  assert.equal(
    formulaRuns("超过年度最高支付限额 240,000.00 的部分")
      .map((r) => r.text)
      .join(""),
    "超过年度最高支付限额 240,000.00 的部分",
  );
});

test("the bar's words follow the tiles: the core's range under stand-in figures, not the middle region's amounts", async () => {
  const { barWords } = await import("../../www/ui/summary.js");
  assert.deepEqual(barWords(estimate, t), [
    `${t("barFund")} 17049.60 ${t("yuan")}`,
    `${t("barPatient")} 12950.40 ${t("yuan")}`,
  ]);
  const ranged = {
    ...estimate,
    range: {
      fund_pays: { low: "11280.00", high: "14550.00" },
      second_layer_pays: { low: "0.00", high: "0.00" },
      patient_pays: { low: "5450.00", high: "8720.00" },
    },
  };
  const words = barWords(ranged, t);
  assert.match(words[0], /约 11280\.00–14550\.00/);
  assert.match(words[1], /约 5450\.00–8720\.00/);
  assert.doesNotMatch(words.join(), /17049\.60|12950\.40/);
});

test("a pasted bill's rows become itemized lines: name, amount, class; sums and wordless rows left out", async () => {
  const { linesFromPaste } = await import("../../www/ui/lines.js");
  assert.deepEqual(
    linesFromPaste(
      "西药费\t1,234.50\n检查费\t2,000.00\n床位费\t600\n合计\t3,834.50",
    ),
    [
      ["西药费", "1,234.50", "A", "", ""],
      ["检查费", "2,000.00", "A", "", ""],
      ["床位费", "600", "A", "", ""],
    ],
  );
  // A 费用清单 with a class column, a unit price and a quantity: the last amount is the line's.
  assert.deepEqual(
    linesFromPaste(
      "项目  类别  单价  数量  金额\n进口药  乙  100.00  3  300.00\n自费耗材  丙  50  2  100.00\n",
    ),
    [
      ["进口药", "300.00", "B", "", ""],
      ["自费耗材", "100.00", "C", "", ""],
    ],
  );
  // Full-width digits read as digits (helper-65).
  assert.deepEqual(linesFromPaste("丙药\t９９\t丙\n丁药\t１２.５\t乙"), [
    ["丙药", "99", "C", "", ""],
    ["丁药", "12.5", "B", "", ""],
  ]);
  // Amounts in 万, as the amount fields read them (helper-73: such rows were dropped, the bill short by them).
  assert.deepEqual(
    linesFromPaste(
      "名称\t金额\t类别\n青霉素\t100\t甲\n阿莫西林\t3万5\t乙\n耗材\t1.5万元\t丙",
    ),
    [
      ["青霉素", "100", "A", "", ""],
      ["阿莫西林", "35000", "B", "", ""],
      ["耗材", "15000", "C", "", ""],
    ],
  );
  // Without a header, 万 is an amount only with 元: "80万" beside a drug is its strength (helper-75).
  assert.deepEqual(linesFromPaste("甲药\t3万元\n乙药\t200.00"), [
    ["甲药", "30000", "A", "", ""],
    ["乙药", "200.00", "A", "", ""],
  ]);
  assert.deepEqual(linesFromPaste("青霉素\t80万\t3.00\n头孢\t2\t120.00"), [
    ["青霉素", "3.00", "A", "", ""],
    ["头孢", "120.00", "A", "", ""],
  ]);
  // Sum rows in 繁體, in another column, or at a name's end are not lines (helper-75).
  assert.deepEqual(
    linesFromPaste("項目名稱\t金額\n床位費\t3萬5\n藥品\t1.5萬元\n合計\t5萬"),
    [
      ["床位費", "35000", "A", "", ""],
      ["藥品", "15000", "A", "", ""],
    ],
  );
  assert.deepEqual(
    linesFromPaste(
      "序号\t项目名称\t金额\n1\t床位费\t3万5\n2\t药品\t1.5万元\n合计\t\t5万",
    ),
    [
      ["床位费", "35000", "A", "", ""],
      ["药品", "15000", "A", "", ""],
    ],
  );
  assert.deepEqual(
    linesFromPaste("床位费\t35000.00\n药品\t15000.00\n费用合计\t50000.00"),
    [
      ["床位费", "35000.00", "A", "", ""],
      ["药品", "15000.00", "A", "", ""],
    ],
  );
  // One line of text pastes as usual.
  assert.deepEqual(linesFromPaste("30000"), []);
  assert.deepEqual(linesFromPaste("西药费\t1234.5"), []);
  assert.deepEqual(linesFromPaste(undefined), []);
});

test("a pasted row's amount is the money written with its fen, not a quantity after it", async () => {
  const { linesFromPaste } = await import("../../www/ui/lines.js");
  assert.deepEqual(linesFromPaste("药品A\t50.00\t100\n药品B\t12.50\t2"), [
    ["药品A", "50.00", "A", "", ""],
    ["药品B", "12.50", "A", "", ""],
  ]);
});

test("a pasted 费用清单 with unit price, quantity, class and 自付比例 columns takes the 金额 column (helper-46: 0.40 for 3395.00)", async () => {
  const { linesFromPaste } = await import("../../www/ui/lines.js");
  const bill =
    "项目名称\t单价\t数量\t金额\t类别\t自付比例\n" +
    "头孢曲松钠注射液\t12.50\t2\t25.00\t乙类\t0.10\n" +
    "血常规\t20.00\t1\t20.00\t甲类\t0.00\n" +
    "进口吻合器\t3200.00\t1\t3200.00\t乙类\t30%\n" +
    "护理费\t30.00\t5\t150.00\t甲类\t0.00";
  assert.deepEqual(linesFromPaste(bill), [
    ["头孢曲松钠注射液", "25.00", "B", "10", ""],
    ["血常规", "20.00", "A", "", ""],
    ["进口吻合器", "3200.00", "B", "30", ""],
    ["护理费", "150.00", "A", "", ""],
  ]);
  // Without the header: the line's amount is its largest money cell (never a ratio or a self-paid part after it).
  const rows = linesFromPaste(bill.split("\n").slice(1).join("\n"));
  assert.deepEqual(
    rows.map((r) => r[1]),
    ["25.00", "20.00", "3200.00", "150.00"],
  );
});

test("where the person stands and the dates disagree, the core's words go beside 现在处于 too (helper-69)", () => {
  const differ = {
    code: "situation_dates_differ",
    message: { zh: "所填出院日期在今天之后", en: "after today" },
  };
  const calc = stubCore({
    answer: (q, plain) => ({ ...plain, warnings: [differ] }),
  });
  const out = evaluate(calc, defaultState(), t, TODAY, null, "zh-Hans");
  assert.equal(out.kind, "estimate");
  assert.deepEqual(out.errors, [
    { path: "situation", msg: "所填出院日期在今天之后" },
  ]);
  const quiet = evaluate(stubCore(), defaultState(), t, TODAY);
  assert.deepEqual(quiet.errors, []);
});

test("pasted e-bills: 繁體 classes, sum rows of every kind, item codes, and the 医保 class column (helper-79)", async () => {
  const { linesFromPaste } = await import("../../www/ui/lines.js");
  assert.deepEqual(
    linesFromPaste(
      "項目名稱\t數量\t單價\t金額\t類別\n頭孢曲松\t5\t20.00\t100.00\t乙類\n進口耗材\t1\t300.00\t300.00\t丙類\n血常規\t1\t20.00\t20.00\t甲類\n總額\t\t\t420.00\t",
    ),
    [
      ["頭孢曲松", "100.00", "B", "", ""],
      ["進口耗材", "300.00", "C", "", ""],
      ["血常規", "20.00", "A", "", ""],
    ],
  );
  for (const sum of [
    "总费用\t2000.00",
    "医疗费用总额\t2000.00",
    "Grand total\t2000.00",
    "合  计  2000.00",
  ]) {
    assert.deepEqual(
      linesFromPaste(`西药费\t1200.00\n检查费\t800.00\n${sum}`).map(
        (r) => r[1],
      ),
      ["1200.00", "800.00"],
      sum,
    );
  }
  // A 医保 item code is no amount.
  assert.deepEqual(
    linesFromPaste(
      "310100001\t一般诊疗费\t次\t1\t10\t10\n250101001\t血常规\t次\t1\t20\t20",
    ),
    [
      ["一般诊疗费", "10", "A", "", ""],
      ["血常规", "20", "A", "", ""],
    ],
  );
  // 费用类别 (西药费) is not the insurance class; 项目名称 is the name, not 项目编码.
  assert.deepEqual(
    linesFromPaste(
      "序号\t项目编码\t项目名称\t费用类别\t规格\t数量\t单价\t金额\t医保类别\t自付比例\n1\t250101001\t血常规\t化验费\t次\t1\t20.00\t20.00\t甲\t0\n2\tXB01\t头孢\t西药费\t盒\t1\t100.00\t100.00\t乙\t10%",
    ),
    [
      ["血常规", "20.00", "A", "", ""],
      ["头孢", "100.00", "B", "10", ""],
    ],
  );
});
