// The result at a glance (www/ui/glance.js): what a phone's first screen says, from the core's answer alone. Pure part
// under `node --test`, no browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { translator } from "../../www/i18n.js";
import { glanceFacts } from "../../www/ui/glance.js";
import { liveLine, spanText, summaryLine } from "../../www/ui/summary.js";

const t = translator("zh-Hans");
const pick = (m) => m?.zh ?? "";
const ctx = { t, pick };

const estimate = {
  filing: { status: "valid" },
  settlement: { route: "direct" },
  fund_pays: "17049.60",
  second_layer_pays: "0.00",
  insurance_pays: "17049.60",
  patient_pays: "12950.40",
  overridden: [],
  lines: [],
};

test("an estimate: the verdict in words, what the insurance and the patient pay", () => {
  const f = glanceFacts(estimate, { complete: true, options: null }, ctx);
  assert.equal(f.verdict, `${t("status_valid")} · ${t("route_direct")}`);
  assert.deepEqual(f.amounts, { insurance: "17049.60", patient: "12950.40" });
  assert.equal(f.recommended, null);
  assert.equal(f.edited, false);
  assert.equal(f.tone, "direct");
});

test("stand-in figures: the core's range, never the middle value alone", () => {
  const range = {
    scope: "nation",
    fund_pays: { low: "90.00", high: "150.00" },
    insurance_pays: { low: "100.00", high: "200.00" },
    patient_pays: { low: "800.00", high: "900.00" },
  };
  const f = glanceFacts(
    { ...estimate, range },
    { complete: true, options: null },
    ctx,
  );
  assert.equal(
    f.amounts.insurance,
    t("rangeAmount", { low: "100.00", high: "200.00" }),
  );
  assert.equal(
    f.amounts.patient,
    t("rangeAmount", { low: "800.00", high: "900.00" }),
  );
  // … and said to be a range from other regions' figures, on the first screen too (helper-29 F5).
  assert.equal(f.range, "nation");
  assert.equal(
    glanceFacts(estimate, { complete: true, options: null }, ctx).range,
    null,
  );
  // The region's own figures over a detail not given are not said to be another region's (helper-31 N1).
  assert.equal(
    glanceFacts(
      { ...estimate, range: { ...range, scope: "region" } },
      { complete: true, options: null },
      ctx,
    ).range,
    "region",
  );
});

test("the recommended course and a typed figure are said; a verdict without figures has no amounts", () => {
  const options = {
    reason: { zh: "理由" },
    courses: [
      { id: "as_is", title: { zh: "按现在的情况" }, recommended: false },
      { id: "claim_at_home", title: { zh: "先垫付" }, recommended: true },
    ],
  };
  const f = glanceFacts(
    { ...estimate, overridden: ["ratio"] },
    { complete: true, options },
    ctx,
  );
  assert.equal(f.recommended, "先垫付");
  assert.equal(f.reason, "理由");
  assert.equal(f.edited, true);
  const v = glanceFacts(
    {
      filing: { status: "end_unknown" },
      settlement: { route: "manual" },
    },
    { complete: false, options: null },
    ctx,
  );
  assert.equal(v.amounts, null);
  assert.equal(v.edited, false);
  assert.match(v.verdict, /可能已到期/);
  // Without amounts the glance says what is missing: the bill, or the region's figures.
  assert.equal(v.needs, "bill");
  const figures = glanceFacts(
    { filing: { status: "missing" }, settlement: { route: "manual" } },
    { complete: false, options: null, missing: ["ratio"] },
    ctx,
  );
  assert.equal(figures.needs, "figures");
});

test("under a range, the summary bar and the screen reader's line give the range too, not the middle region's figure", () => {
  const range = {
    fund_pays: { low: "90.00", high: "150.00" },
    insurance_pays: { low: "100.00", high: "200.00" },
    patient_pays: { low: "800.00", high: "900.00" },
  };
  const est = { ...estimate, range };
  const bar = summaryLine(est, true, t);
  assert.match(bar, /约 100\.00–200\.00/);
  assert.doesNotMatch(bar, /17049\.60|12950\.40/);
  const live = liveLine(est, true, t);
  assert.match(live, /约 90\.00–150\.00/);
  assert.match(live, /约 800\.00–900\.00/);
  assert.doesNotMatch(live, /17049\.60|12950\.40/);
});

test("one stand-in region is no range: its amount is said as about that amount", () => {
  assert.equal(spanText({ low: "2115.00", high: "2115.00" }, t), "约 2115.00");
  assert.equal(
    spanText({ low: "100.00", high: "200.00" }, t),
    "约 100.00–200.00",
  );
});

test("a recommended course that changes the visit: the amounts are labelled as things stand, the course's beside it", () => {
  const options = {
    reason: { zh: "…" },
    courses: [
      {
        id: "file_long_term",
        recommended: true,
        title: { zh: "办理长期备案" },
        patient_pays: "2070.00",
      },
      {
        id: "as_is",
        recommended: false,
        title: { zh: "照现在" },
        patient_pays: "12950.40",
      },
    ],
  };
  const f = glanceFacts(estimate, { complete: true, options }, ctx);
  assert.equal(f.asIs, "glanceAsIs");
  assert.equal(f.recommendedPatient, "2070.00");
  // Recommended as it is: nothing to label.
  const same = glanceFacts(
    estimate,
    {
      complete: true,
      options: {
        ...options,
        courses: [{ ...options.courses[1], recommended: true }],
      },
    },
    ctx,
  );
  assert.equal(same.asIs, null);
  assert.equal(same.recommendedPatient, null);
  // Paid in full (helper-39, helper-41): nothing comes back "as things stand" without a claim, in any situation.
  const claimed = glanceFacts(
    { ...estimate, settlement: { ...estimate.settlement, route: "manual" } },
    { complete: true, options: { ...options, situation: "discharged" } },
    ctx,
  );
  assert.equal(claimed.asIs, "glanceAsIsClaim");
  // … whatever is recommended, and with no courses compared (helper-42).
  const manual = {
    ...estimate,
    settlement: { ...estimate.settlement, route: "manual" },
  };
  assert.equal(
    glanceFacts(
      manual,
      {
        complete: true,
        options: {
          ...options,
          courses: [{ ...options.courses[1], recommended: true }],
        },
      },
      ctx,
    ).asIs,
    "glanceAsIsClaim",
  );
  assert.equal(
    glanceFacts(manual, { complete: true }, ctx).asIs,
    "glanceAsIsClaim",
  );
});

test("where the person stands and the dates disagree: said first, in the core's words", () => {
  const differ = {
    code: "situation_dates_differ",
    message: { zh: "所填出院日期在今天之后" },
  };
  const f = glanceFacts(
    { ...estimate, warnings: [differ] },
    { complete: true, options: null },
    ctx,
  );
  assert.equal(f.datesDiffer, "所填出院日期在今天之后");
  const fromOptions = glanceFacts(
    estimate,
    { complete: true, options: { courses: [], warnings: [differ] } },
    ctx,
  );
  assert.equal(fromOptions.datesDiffer, "所填出院日期在今天之后");
  assert.equal(
    glanceFacts(estimate, { complete: true, options: null }, ctx).datesDiffer,
    null,
  );
});

test("the summary bar's line: the patient's part, then the insurance's after ' · ', in every language", () => {
  for (const l of ["zh-Hans", "zh-Hant", "en"]) {
    const parts = translator(l)("summaryShort", {
      patient: "P",
      fund: "F",
    }).split(" · ");
    assert.equal(parts.length, 2, l);
    assert.ok(parts[0].includes("P") && parts[1].includes("F"), l);
  }
});
