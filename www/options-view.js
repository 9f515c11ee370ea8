// What the person can do: the core's options (Calculator.options) as cards, the recommended one first, and the
// timeline of the filing against the stay as an inline SVG with its text alternative. Every word and amount comes
// from the core or the message files; this module only lays them out. Explicit inputs, no state:
//
//   import { renderOptions, timelineLayout } from "./options-view.js";
//   ui.options.replaceChildren(renderOptions(calc.options(query), { h, t, pick, svg }));
//
// - h(tag, props, ...kids): the page's element builder; svg(tag, attrs): an SVG element builder;
// - t(key, vars): the page's messages; pick(message): the core message in the page's language.

import { spanText } from "./ui/summary.js";

const DAY = 86_400_000;
const days = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/**
 * Where each date of the timeline falls on a line from 0 to 1 (pure). The span covers the filing, the stay and
 * today with a margin; an open-ended filing runs to the right edge.
 */
export function timelineLayout(tl) {
  const dates = [
    tl.filing_start,
    tl.filing_end,
    tl.admission,
    tl.discharge,
    tl.today,
  ].filter(Boolean);
  const values = dates.map(days).filter(Number.isFinite);
  if (!values.length) return null;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = Math.max(3, (hi - lo) * 0.08);
  lo -= pad;
  hi += pad;
  const x = (iso) => (iso ? (days(iso) - lo) / (hi - lo) : null);
  const filing = tl.filing_start
    ? { from: x(tl.filing_start), to: tl.filing_end ? x(tl.filing_end) : 1 }
    : null;
  // A stay under way (no discharge yet, admitted before today) runs to today.
  const ongoing = !tl.discharge && days(tl.today) > days(tl.admission);
  const stay = {
    from: x(tl.admission),
    to: tl.discharge
      ? x(tl.discharge)
      : ongoing
        ? x(tl.today)
        : x(tl.admission),
  };
  return { filing, stay, today: x(tl.today), ongoing };
}

/** A label's anchor at a point from 0 to 1: its start, middle or end, so that it stays inside the picture. */
const anchorAt = (f) => (f < 0.15 ? "start" : f > 0.85 ? "end" : "middle");

/** The timeline as an inline SVG (role img, labelled by the core's text). */
export function renderTimeline(tl, { h, t, pick, svg }) {
  const layout = timelineLayout(tl);
  const text = pick(tl.text);
  // No visit date yet (a planned visit): no picture of a day not given, the words alone.
  if (!layout || tl.admission_assumed)
    return h(
      "p",
      { class: "timeline-text", dataset: { testid: "timeline-text" } },
      text,
    );
  const W = 320;
  const px = (f) => (8 + f * (W - 16)).toFixed(1);
  const kids = [];
  if (layout.filing) {
    kids.push(
      svg("rect", {
        class: tl.filing_end_assumed ? "tl-filing assumed" : "tl-filing",
        x: px(layout.filing.from),
        y: 22,
        width: Math.max(2, px(layout.filing.to) - px(layout.filing.from)),
        height: 12,
        rx: 3,
      }),
    );
  }
  // Readable on a phone: today named above its line, the admission's day under the stay (the core's sentence below
  // says it all in words).
  const label = (f, y, text) =>
    svg(
      "text",
      { class: "tl-label", x: px(f), y, "text-anchor": anchorAt(f) },
      text,
    );
  kids.push(
    svg("rect", {
      class: layout.ongoing ? "tl-stay ongoing" : "tl-stay",
      x: px(layout.stay.from),
      y: 40,
      width: Math.max(4, px(layout.stay.to) - px(layout.stay.from)),
      height: 12,
      rx: 3,
    }),
    svg("line", {
      class: "tl-today",
      x1: px(layout.today),
      x2: px(layout.today),
      y1: 19,
      y2: 56,
    }),
    label(layout.today, 15, t("tlToday")),
    label(layout.stay.from, 74, tl.admission.slice(5)),
  );
  const picture = svg(
    "svg",
    {
      viewBox: `0 0 ${W} 80`,
      role: "img",
      "aria-label": text,
      class: "timeline",
    },
    ...kids,
  );
  return h(
    "figure",
    { class: "timeline-figure", dataset: { testid: "timeline" } },
    picture,
    h(
      "figcaption",
      { dataset: { testid: "timeline-text" } },
      layout.filing ? h("span", { class: "key filing" }, t("tlFiling")) : null,
      h("span", { class: "key stay" }, pick(tl.stay_label)),
      h("span", { class: "key today" }, t("tlToday")),
      h("span", { class: "tl-words" }, text),
    ),
  );
}

/** One course as a card: open or not (and why), who it is for, the amounts, the papers, where and by when. */
function courseCard(c, paidAt, { h, t, pick }) {
  const amount = (key, value, label = t(key)) =>
    value == null
      ? null
      : h(
          "div",
          {},
          h("dt", {}, label),
          // In yuan, said (helper-53: "约 17590.40–19808.00" stood bare).
          h(
            "dd",
            {},
            h("span", { dataset: { testid: `course-${key}` } }, value),
            ` ${t("yuan")}`,
          ),
        );
  const list = (title, items) =>
    items?.length
      ? [
          h("h4", {}, t(title)),
          h(
            "ul",
            {},
            items.map((m) => h("li", {}, pick(m))),
          ),
        ]
      : [];
  const approx = (span) => (span ? spanText(span, t) : null);
  return h(
    "section",
    {
      class: `course card ${c.recommended ? "recommended" : ""} ${c.available ? "" : "closed"}`,
      part: "card",
      dataset: { testid: "course", course: c.id },
    },
    h(
      "h3",
      {},
      c.recommended
        ? h("span", { class: "badge" }, t("recommendedBadge"))
        : null,
      pick(c.title),
    ),
    c.why_not ? h("p", { class: "why-not" }, pick(c.why_not)) : null,
    c.condition ? h("p", { class: "condition" }, pick(c.condition)) : null,
    c.route
      ? h(
          "dl",
          { class: "course-amounts" },
          amount(
            "coursePayAtHospital",
            c.route === "manual"
              ? c.pay_at_hospital
              : (approx(c.range?.patient_pays) ?? c.pay_at_hospital),
            pick(paidAt),
          ),
          amount(
            "courseBackLater",
            c.route === "manual"
              ? (approx(c.range?.fund_pays) ?? c.back_later)
              : null,
          ),
          amount(
            "coursePatient",
            approx(c.range?.patient_pays) ?? c.patient_pays,
          ),
        )
      : null,
    c.adjustment ? h("p", { class: "adjustment" }, pick(c.adjustment)) : null,
    c.deadline
      ? h("p", { class: "deadline" }, t("courseBy"), " ", pick(c.deadline))
      : null,
    ...list("courseDocuments", c.documents),
    ...list("courseWhere", c.where),
  );
}

/** The options: the recommendation and its reason, the timeline, then the courses (open ones first). */
export function renderOptions(options, deps) {
  const { h, t, pick } = deps;
  return h(
    "section",
    { class: "options", dataset: { testid: "options" } },
    h("h3", {}, t("optionsTitle")),
    h(
      "p",
      { class: "reason", dataset: { testid: "options-reason" } },
      pick(options.reason),
    ),
    renderTimeline(options.timeline, deps),
    h(
      "div",
      { class: "courses" },
      options.courses.map((c) => courseCard(c, options.paid_at, deps)),
    ),
  );
}
