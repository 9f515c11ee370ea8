// The view's pure parts, under `node --test` with no browser: the form's state → the core's query (www/ui/query.js),
// and the figures as typed and shown in the parameters panel (www/ui/figure-text.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { translator } from "../../www/i18n.js";
import { defaultState } from "../../www/ui/state.js";
import {
  buildOverrides,
  buildQuery,
  optionsQuery,
  totalsFromRows,
} from "../../www/ui/query.js";
import {
  parseBands,
  parseRatio,
  parseSecondLayer,
  percent,
  rawQualifier,
  rawText,
  sameAsData,
} from "../../www/ui/figure-text.js";

const t = translator("zh-Hans");
const query = (changes, baseParams = null) => {
  const errors = [];
  const q = buildQuery(
    { ...defaultState(), ...changes },
    errors,
    baseParams,
    t,
  );
  return { q, errors, paths: errors.map((e) => e.path) };
};
const pct = (text) => {
  const errors = [];
  const rate = percent(text, "p", errors, t);
  return errors.length ? { error: errors[0].msg } : rate;
};

test("the example: an employee retiree, inpatient, filed long-term, bill totals", () => {
  const { q, errors } = query({ ad: "2026-03-01", dc: "2026-03-15" });
  assert.deepEqual(errors, []);
  assert.deepEqual(q, {
    insured: { region: "420100", scheme: "employee", status: "retired" },
    visit: {
      region: "440300",
      kind: "inpatient",
      networked: true,
      hospital_level: "tertiary",
      emergency: false,
      admission: "2026-03-01",
      discharge: "2026-03-15",
    },
    bill: { total: "30000", out_of_catalogue: "10000" },
    history: {},
    overrides: {},
    filing: {
      category: "long_term",
      area: "440300",
      long_term_kind: "retiree",
      start: q.filing.start,
    },
  });
});

test("an employee gives a status and, when given, an age (some regions set employees' figures by age)", () => {
  assert.deepEqual(
    query({ sc: "employee", st: "retired", age: "75" }).q.insured,
    {
      region: "420100",
      scheme: "employee",
      status: "retired",
      age: 75,
    },
  );
  assert.equal(
    query({ sc: "employee", st: "retired", age: "" }).q.insured.age,
    undefined,
  );
});

test("a resident gives an age, not a status; a pharmacy no level; an outpatient visit a date", () => {
  const { q } = query({
    sc: "resident",
    age: "７０",
    vk: "pharmacy",
    dt: "2026-05-01",
  });
  assert.deepEqual(q.insured, {
    region: "420100",
    scheme: "resident",
    age: 70,
  });
  assert.deepEqual(q.visit, {
    region: "440300",
    kind: "pharmacy",
    networked: true,
    date: "2026-05-01",
  });
  const chronic = query({
    vk: "chronic_outpatient",
    cd: "diabetes",
    nw: 0,
    em: 1,
  }).q.visit;
  assert.equal(chronic.chronic_disease, "diabetes");
  assert.equal(chronic.networked, false);
  assert.equal(chronic.emergency, true);
  assert.equal(chronic.admission, undefined);
});

test("regions not chosen and a filed area not chosen are the view's own errors", () => {
  const { paths } = query({ ir: "", vr: "", fsame: 0, fa: "" });
  assert.deepEqual(paths, ["insured.region", "visit.region", "filing.area"]);
  const { q } = query({
    fsame: 0,
    fa: "440000",
    fe: "2026-12-31",
    fo: "2026-01-02",
    fc: "referral",
  });
  assert.deepEqual(q.filing, {
    category: "referral",
    area: "440000",
    start: q.filing.start,
    end: "2026-12-31",
    filed_on: "2026-01-02",
  });
  assert.equal(query({ fc: "" }).q.filing, undefined);
});

test("bill totals: class B with its rate, over-limit, and history as typed", () => {
  const { q, errors } = query({
    bl: "500",
    bb: "2,000",
    br: "10%",
    ha: "1",
    hd: "800",
    hf: "",
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(q.bill, {
    total: "30000",
    out_of_catalogue: "10000",
    over_limit: "500",
    class_b: { amount: "2000", prepay_rate: "0.1" },
  });
  assert.deepEqual(q.history, { admissions: 1, deductible_paid: "800" });
  assert.deepEqual(query({ bb: "", br: "x" }).paths, [
    "bill.class_b.prepay_rate",
  ]);
});

test("itemized lines: a class-B line's rate, class C without over-limit, a line without amount", () => {
  const { q, errors } = query({
    bm: "lines",
    lines: [
      [" 检查 ", "1200", "A", "50%", "100"],
      ["", "800", "B", "20", ""],
      ["自费药", "300", "C", "", "50"],
      ["", "", "A", "", ""],
      ["床位费", "", "A", "", ""],
      ["", "", "A", "", ""],
    ],
  });
  // The empty row at the end (just added) is left out; one before a filled row is not, nor a row with a name only.
  assert.deepEqual(q.bill.lines, [
    { amount: "1200", class: "A", name: "检查", over_limit: "100" },
    { amount: "800", class: "B", prepay_rate: "0.2" },
    { amount: "300", class: "C", name: "自费药" },
    { amount: "", class: "A" },
    { amount: "", class: "A", name: "床位费" },
  ]);
  assert.deepEqual(
    errors.map((e) => e.path),
    ["bill.lines[3].amount", "bill.lines[4].amount"],
  );
  assert.deepEqual(query({ bm: "lines", lines: [] }).paths, ["bill.lines"]);
  assert.deepEqual(
    query({ bm: "lines", lines: [["", "", "A", "", ""]] }).paths,
    ["bill.lines"],
  );
  const added = query({
    bm: "lines",
    lines: [
      ["检查", "1200", "A", "", ""],
      ["", "", "A", "", ""],
    ],
  });
  assert.deepEqual(
    added.errors,
    [],
    "a row just added does not stop the estimate",
  );
  assert.equal(added.q.bill.lines.length, 1);
});

test("percentages: 60, 60% and 0.6 are 60%; 1 is asked; over 100% is refused", () => {
  assert.equal(pct("60"), "0.6");
  assert.equal(pct("60%"), "0.6");
  assert.equal(pct("６０％"), "0.6");
  assert.equal(pct("0.6"), "0.6");
  assert.equal(pct("0.6%"), "0.006");
  assert.equal(pct("100"), "1");
  assert.equal(pct("1%"), "0.01");
  assert.equal(pct(""), undefined);
  assert.equal(pct("1").error, t("errPercentAmbiguous"));
  assert.equal(pct("120").error, t("errPercentRange"));
  assert.equal(pct("abc").error, t("errPercentNumber"));
});

test("ratio bands: limits in 万, shares, and the last band open", () => {
  assert.deepEqual(parseRatio("85%", t), { flat: "0.85" });
  assert.deepEqual(parseRatio("≤1万 80%；其上 90%", t), {
    segments: [{ ratio: "0.8", up_to: "10000" }, { ratio: "0.9" }],
  });
  assert.deepEqual(parseRatio("≤10000 0.8\n其上 0.9", t).segments, [
    { ratio: "0.8", up_to: "10000" },
    { ratio: "0.9" },
  ]);
  assert.equal(parseRatio("", t).error, t("errRatioEmpty"));
  // A negative ratio is no ratio (it was read as its digits: "-5%" as 5%).
  assert.equal(parseRatio("-5%", t).error, t("errPercentNumber"));
  assert.equal(parseRatio("－5%", t).error, t("errPercentNumber"));
  assert.equal(parseRatio("其上 80%；≤10000 90%", t).error, t("errBandLimit"));
  assert.equal(parseRatio("≤10000 80%", t).error, t("errBandLast"));
  assert.equal(parseRatio("150", t).error, t("errRatioRange"));
  assert.equal(
    parseBands(["abc"], t).error,
    t("errBandUnreadable", { part: "abc" }),
  );
  assert.equal(
    parseRatio("≤10000 80%；其上 9O%", t).error,
    t("errBandUnreadable", { part: "其上 9O%" }),
    "a band that does not read, among bands",
  );
});

test("a ratio or a layer with a letter or a word left over is refused, never read as the digits around it", () => {
  // helper-29: "9O%" (the letter O) was read as 9%, and the fund paid a tenth.
  for (const typed of [
    "9O%",
    "abc 90%",
    "90%abc",
    "约90%",
    "85%左右",
    "<b>80</b>",
  ])
    assert.equal(
      parseRatio(typed, t).error,
      // One ratio typed: said as a ratio (helper-46: "abc" was told how bands are written).
      t("errRatioUnreadable", { part: typed }),
      typed,
    );
  assert.deepEqual(parseRatio("10000以下 80%；超过部分 90%", t).segments, [
    { ratio: "0.8", up_to: "10000" },
    { ratio: "0.9" },
  ]);
  assert.deepEqual(parseRatio("up to 10000 80%; above 90%", t).segments, [
    { ratio: "0.8", up_to: "10000" },
    { ratio: "0.9" },
  ]);
  assert.ok(
    parseSecondLayer("起付 12000；其上 60%；封顶 3O0000", null, t).error,
  );
  assert.ok(parseSecondLayer("起付 1,2000；其上 60%", null, t).error);
  // A threshold or a cap in 万 is read in 万 (1.2万 was 1.2).
  assert.deepEqual(
    parseSecondLayer("起付线 1.2万；其上 60%；封顶 30万", null, t).value,
    {
      threshold: "12000",
      segments: [{ ratio: "0.6" }],
      cap: "300000",
    },
  );
});

test("the second layer: threshold, bands, cap or none, keeping the data's bases", () => {
  const base = { segment_basis: "cumulative", applies_to: "patient_share" };
  assert.deepEqual(
    parseSecondLayer("起付 12000；≤30000 60%；其上 75%；封顶 300000", base, t),
    {
      value: {
        threshold: "12000",
        segments: [{ ratio: "0.6", up_to: "30000" }, { ratio: "0.75" }],
        cap: "300000",
        segment_basis: "cumulative",
        applies_to: "patient_share",
      },
    },
  );
  assert.equal(
    parseSecondLayer("threshold 5000; 60%; no cap", null, t).value.cap,
    undefined,
  );
  assert.equal(parseSecondLayer("封顶", null, t).error, t("errCapAmount"));
  assert.equal(
    parseSecondLayer("起付；60%", null, t).error,
    t("errThresholdAmount"),
  );
});

test("overrides keep the data's bases and say what cannot be read", () => {
  const baseParams = [
    { name: "deductible", raw: { amount: "800", per: "year" } },
    { name: "annual_cap", raw: { amount: "500000", basis: "eligible" } },
    { name: "ratio", raw: { segments: [], segment_basis: "above_deductible" } },
  ];
  const errors = [];
  const o = buildOverrides(
    {
      deductible: "1,000",
      annual_cap: "400000",
      ratio: "≤10000 80%；其上 90%",
      class_b_prepay_rate: "10",
      adjustment: "5",
      second_layer: "  ",
    },
    errors,
    baseParams,
    t,
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(o, {
    deductible: "1000",
    deductible_per: "year",
    annual_cap: "400000",
    annual_cap_basis: "eligible",
    segments: [{ ratio: "0.8", up_to: "10000" }, { ratio: "0.9" }],
    segment_basis: "above_deductible",
    class_b_prepay_rate: "0.1",
    adjustment: { op: "pp_reduction", value: "0.05" },
  });
  assert.deepEqual(buildOverrides({ adjustment: "0" }, [], null, t), {
    adjustment: { op: "none" },
  });
  assert.deepEqual(buildOverrides({ ratio: "88.8" }, [], null, t), {
    ratio: "0.888",
  });
  const bad = [];
  buildOverrides(
    { adjustment: "120", ratio: "x", second_layer: "封顶" },
    bad,
    null,
    t,
  );
  assert.deepEqual(
    bad.map((e) => e.path),
    ["overrides.adjustment", "overrides.ratio", "overrides.second_layer"],
  );
  assert.deepEqual(query({ ov: { ratio: "1" } }).paths, ["overrides.ratio"]);
});

test("the options' query", () => {
  const { q } = query({ ov: { deductible: "1000" } });
  const o = optionsQuery(q, "in_hospital", "2026-03-05");
  assert.equal(o.situation, "in_hospital");
  assert.equal(o.today, "2026-03-05");
  assert.equal(q.situation, undefined, "the query itself is left alone");
});

test("a figure's machine value as text, and back: an unchanged figure is no override", () => {
  const cases = [
    ["deductible", { amount: "800.00", per: "admission" }, "800"],
    ["annual_cap", { amount: "400000" }, "400000"],
    ["ratio", { ratio: "0.888" }, "88.8%"],
    [
      "ratio",
      { segments: [{ up_to: "10000.00", ratio: "0.8" }, { ratio: "0.9" }] },
      "≤10000 80%；其上 90%",
    ],
    ["class_b_prepay_rate", { rate: "0.1" }, "10%"],
    [
      "second_layer",
      { threshold: "12000", segments: [{ ratio: "0.6" }] },
      "起付 12000；其上 60%；不封顶",
    ],
    [
      "second_layer",
      { threshold: "0", segments: [{ ratio: "0.6" }], cap: "300000" },
      "起付 0；其上 60%；封顶 300000",
    ],
    ["adjustment", { op: "none" }, "0"],
    ["adjustment", { op: "pp_reduction", value: "0.05" }, "5"],
    ["adjustment", { op: "multiplier", value: "0.9" }, ""],
  ];
  for (const [name, raw, text] of cases) {
    assert.equal(rawText(name, raw, t), text, name);
    if (text) assert.ok(sameAsData(name, text, raw, t), `${name} ${text}`);
  }
  assert.ok(sameAsData("deductible", "800.00", { amount: "800" }, t));
  assert.ok(sameAsData("ratio", "0.888", { ratio: "0.888" }, t));
  assert.ok(!sameAsData("deductible", "900", { amount: "800" }, t));
  assert.ok(!sameAsData("ratio", "≤20000 80%；其上 90%", cases[3][1], t));
  assert.ok(!sameAsData("ratio", "80%", cases[3][1], t));
  assert.ok(
    !sameAsData("adjustment", "0", { op: "multiplier", value: "0.9" }, t),
  );
  assert.ok(!sameAsData("deductible", "800", null, t), "no data: an override");
  assert.equal(rawText("ratio", null, t), "");
});

test("what the data says beside a figure", () => {
  assert.equal(
    rawQualifier("deductible", { per: "admission" }, t),
    t("per_admission"),
  );
  assert.equal(
    rawQualifier("annual_cap", { basis: "fund" }, t),
    t("capBasis_fund"),
  );
  assert.equal(
    rawQualifier("ratio", { segment_basis: "cumulative_eligible" }, t),
    t("segBasis_cumulative_eligible"),
  );
  assert.equal(rawQualifier("ratio", { ratio: "0.9" }, t), "");
});

test("what the person says about living there and a referral goes with a situation in which a filing can be made", () => {
  const said = (s) => query(s).q.circumstances;
  assert.equal(said({}), undefined, "not asked without a situation");
  assert.equal(said({ si: "planning" }), undefined, "nothing said");
  assert.deepEqual(said({ si: "planning", lt: "yes" }), {
    lives_there: true,
    referred: undefined,
  });
  assert.deepEqual(said({ si: "in_hospital", lt: "no", rf: "yes" }), {
    lives_there: false,
    referred: true,
  });
  assert.equal(said({ si: "discharged", lt: "yes" }), undefined);
});

test("switching back to totals takes the core's sums of the lines; the lines stay where totals cannot hold them", () => {
  let asked = null;
  const calc = {
    totalsFromLines(bill) {
      asked = bill;
      return {
        total: "1300.00",
        out_of_catalogue: "100.00",
        over_limit: null,
        class_b: { amount: "200.00", prepay_rate: "0.1" },
      };
    },
  };
  const lines = [
    ["", "1000", "A", "", ""],
    ["药", "200", "B", "10", ""],
    ["", "100", "C", "", ""],
    ["", "", "A", "", ""],
  ];
  const s = { ...defaultState(), bm: "simple", bt: "30000", br: "5", lines };
  assert.deepEqual(totalsFromRows(calc, s, t), {
    totals: { bt: "1300.00", bo: "100.00", bl: "", bb: "200.00", br: "10" },
  });
  assert.equal(asked.lines.length, 3, "the empty last row is left out");
  assert.equal(asked.lines[1].prepay_rate, "0.1");
  // No class-B row left: the rate typed for totals goes with it (it asked for a class-B amount no one gave).
  const noB = [lines[0], lines[2]];
  assert.equal(totalsFromRows(calc, { ...s, lines: noB }, t).totals.br, "");
  // Two rates (or one row with a rate and one without): totals cannot hold them.
  for (const second of [
    ["", "50", "B", "20", ""],
    ["", "50", "B", "", ""],
  ]) {
    assert.deepEqual(
      totalsFromRows(calc, { ...s, lines: [...lines.slice(0, 2), second] }, t),
      { keep: "rates" },
    );
  }
  // A line that does not read: the lines stay.
  const bad = [["", "abc", "A", "", ""]];
  assert.deepEqual(
    totalsFromRows({ totalsFromLines: () => null }, { ...s, lines: bad }, t),
    { keep: "unread" },
  );
  const failing = {
    totalsFromLines: () => {
      throw new Error("x");
    },
  };
  assert.deepEqual(totalsFromRows(failing, s, t), { keep: "unread" });
  // Nothing typed in the lines: the totals stay as they were.
  assert.equal(
    totalsFromRows(calc, { ...s, lines: [["", "", "A", "", ""]] }, t),
    null,
  );
});
