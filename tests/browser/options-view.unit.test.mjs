// The options view's pure part: where the timeline's dates fall (node --test, no browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { timelineLayout } from "../../www/options-view.js";

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
