// The options view's pure part: where the timeline's dates fall (node --test, no browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderOptions, timelineLayout } from "../../www/options-view.js";
import { translator } from "../../www/i18n.js";

test("a filing that ends during the stay is drawn ending inside it", () => {
  const l = timelineLayout({
    filing_start: "2026-01-01",
    filing_end: "2026-06-30",
    admission: "2026-06-20",
    discharge: "2026-07-10",
    today: "2026-07-12",
  });
  assert.ok(l.filing.from < l.stay.from);
  assert.ok(l.stay.from < l.filing.to && l.filing.to < l.stay.to);
  assert.ok(l.stay.to < l.today && l.today < 1);
});

test("admitted before the filing starts: the stay begins left of the filing", () => {
  const l = timelineLayout({
    filing_start: "2026-03-10",
    admission: "2026-03-01",
    today: "2026-03-05",
  });
  assert.ok(l.stay.from < l.filing.from);
  assert.equal(l.filing.to, 1, "open-ended runs to the edge");
});

test("no filing: only the stay and today", () => {
  const l = timelineLayout({ admission: "2026-11-25", today: "2026-12-02" });
  assert.equal(l.filing, null);
  assert.ok(l.stay.from > 0 && l.today < 1);
});

test("bad dates give no layout rather than NaN", () => {
  assert.equal(timelineLayout({ admission: "x", today: "y" }), null);
});

// A stand-in for the page's element builders: each node as { tag, props, kids }, and its text.
const node = (tag, props, ...kids) => ({ tag, props, kids: kids.flat(9) });
const text = (n) =>
  n == null || n === false
    ? ""
    : typeof n === "object"
      ? n.kids.map(text).join(" ")
      : String(n);
const deps = {
  h: node,
  svg: (tag, attrs) => node(tag, attrs),
  t: translator("zh-Hans"),
  pick: (m) => m?.zh ?? "",
};
const course = {
  id: "as_is",
  title: { zh: "按现状" },
  available: true,
  recommended: true,
  route: "direct",
  pay_at_hospital: "120.00",
  patient_pays: "120.00",
};
const options = (over) => ({
  situation: "planning",
  reason: { zh: "理由" },
  paid_at: { zh: "在药店付" },
  courses: [course],
  timeline: {
    admission: "2026-11-25",
    today: "2026-12-02",
    text: { zh: "时间线" },
    stay_label: { zh: "购药" },
  },
  ...over,
});

test("a course's first amount is labelled where the core says it is paid (a pharmacy: 在药店付)", () => {
  const words = text(renderOptions(options(), deps));
  assert.match(words, /在药店付/);
  assert.doesNotMatch(words, /在医院付/);
});

test("the timeline's legend names the filing only when a filing is drawn", () => {
  assert.doesNotMatch(text(renderOptions(options(), deps)), /备案有效期/);
  const filed = options({
    timeline: {
      ...options().timeline,
      filing_start: "2026-11-01",
      filing_end: "2027-04-30",
    },
  });
  assert.match(text(renderOptions(filed, deps)), /备案有效期/);
});

test("a stay under way (no discharge yet) runs to today, and is marked as going on", () => {
  const l = timelineLayout({ admission: "2026-11-28", today: "2026-12-04" });
  assert.equal(l.ongoing, true);
  assert.equal(l.stay.to, l.today);
  const planned = timelineLayout({
    admission: "2026-12-20",
    today: "2026-12-04",
  });
  assert.equal(planned.ongoing, false);
  assert.equal(planned.stay.to, planned.stay.from);
});
