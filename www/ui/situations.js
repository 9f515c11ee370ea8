// The situations of issue 13 the form lets a person say (the core's rules R1.12, R1.13, R1.16, R6.1, R6.2 decide what
// they mean): whether the institution is designated, when benefits start (a waiting period, given or derived from a
// late enrolment), and a second filing held beside the first. Childbirth is a visit kind and a filing category of the
// form's own selects. This module holds their markup, their state keys and defaults, which parts show, and their
// place in the query; it formats nothing the core says.
//
// Keys: dg designated ("" not said | "yes" | "no"); wf benefits start; we enrolled on; wl years not paid; f2 a second
// filing held (flag); f2c/f2s/f2e/f2a its category, start, end and area.

import { h } from "./dom.js";
import { whole } from "./numbers.js";

/** The state's keys of these fields, with their defaults (nothing said). */
export function situationsDefaults() {
  return {
    dg: "",
    wf: "",
    we: "",
    wl: "",
    f2: 0,
    f2c: "referral",
    f2s: "",
    f2e: "",
    f2a: "",
  };
}

/** The keys that are checkboxes (1/0 in the state). */
export const SITUATION_FLAGS = ["f2"];

/** The second filing's area picker, named for region-picker.js. */
export const SECOND_AREA_PICKER = ["area2", "f2a"];

/** Which of these parts show for a state (data-show name → shown). */
export function situationsShown(s) {
  return {
    "second-filing-offer": s.fc !== "",
    "second-filing": s.fc !== "" && Boolean(s.f2),
  };
}

/**
 * The fieldset: designated, the waiting period, a second filing. `kit` is form.js's formKit; in the compact layout
 * (the widget) it is folded under its own summary.
 */
export function situationsFieldset(kit, { t, id, layout }) {
  const set = situationsSet(kit, { t, id });
  return layout === "compact"
    ? h(
        "details",
        { class: "situations", part: "more" },
        h("summary", {}, t("legendSituations")),
        set,
      )
    : set;
}

function situationsSet(kit, { t, id }) {
  const { fieldset, field, select, input, check, row } = kit;
  const picker = h(
    "div",
    { class: "region-picker", dataset: { picker: SECOND_AREA_PICKER[0] } },
    row(
      field(
        "area2Province",
        h("select", {
          id: id("area2-province"),
          part: "input",
          dataset: { ui: "province" },
        }),
      ),
      field(
        "area2City",
        h("select", {
          id: id("area2-region"),
          name: SECOND_AREA_PICKER[1],
          part: "input",
          dataset: { path: "filings[1].area", ui: "region" },
        }),
      ),
    ),
  );
  return fieldset(
    "legendSituations",
    h("p", { class: "hint" }, t("situationsHint")),
    field(
      "designated",
      select("designated", "dg", "visit.designated", [
        ["", "designatedUnsaid"],
        ["yes", "designatedYes"],
        ["no", "designatedNo"],
      ]),
      { hint: "designatedHint" },
    ),
    field(
      "benefitsFrom",
      input("benefits-from", "wf", "insured.benefits_from", { type: "date" }),
      { hint: "benefitsFromHint" },
    ),
    row(
      field(
        "enrolledOn",
        input("enrolled-on", "we", "insured.enrolled_on", { type: "date" }),
        { hint: "enrolledOnHint" },
      ),
      field(
        "lapsedYears",
        input("lapsed-years", "wl", "insured.lapsed_years", {
          mode: "numeric",
          placeholder: "zero",
        }),
      ),
    ),
    check("second-filing", "f2", "secondFiling", {
      show: "second-filing-offer",
    }),
    h(
      "div",
      { dataset: { show: "second-filing" } },
      row(
        field(
          "secondFilingCategory",
          select("second-filing-category", "f2c", "filings[1].category", [
            ["long_term", "filingLongTerm"],
            ["referral", "filingReferral"],
            ["emergency", "filingEmergency"],
            ["temporary_other", "filingTemporary"],
            ["maternity", "filingMaternity"],
          ]),
        ),
        field(
          "secondFilingStart",
          input("second-filing-start", "f2s", "filings[1].start", {
            type: "date",
          }),
        ),
        field(
          "secondFilingEnd",
          input("second-filing-end", "f2e", "filings[1].end", {
            type: "date",
          }),
        ),
      ),
      picker,
    ),
  );
}

/** The first filing's fields also answer for `filings[0]…`, where the core names it when two are held. */
export function linkFirstFiling(form) {
  for (const el of form.querySelectorAll('[data-path^="filing."]')) {
    el.dataset.altPath = el.dataset.path.replace(/^filing\./, "filings[0].");
  }
}

/** Puts these fields into the query built by query.js (pure; the view's own errors onto `errors`). */
export function applySituations(q, s, errors, t) {
  if (s.dg === "yes") q.visit.designated = true;
  else if (s.dg === "no") q.visit.designated = false;
  if (s.wf) q.insured.benefits_from = s.wf;
  if (s.we) q.insured.enrolled_on = s.we;
  const lapsed = whole(s.wl);
  if (lapsed !== undefined) q.insured.lapsed_years = lapsed;
  if (s.f2 && q.filing) {
    if (!s.f2a)
      errors.push({ path: "filings[1].area", msg: t("errChooseArea") });
    const second = { category: s.f2c, area: s.f2a };
    if (s.f2s) second.start = s.f2s;
    if (s.f2e) second.end = s.f2e;
    q.filings = [q.filing, second];
    delete q.filing;
  }
  return q;
}
