// The result at a glance, and the example's label: what a phone shows in its first screen, above the form, so that the
// result is reachable at once (the full result follows the form). Every word is the core's or the message files'.
//
//   glanceFacts(est, { complete, options }, { t, pick })  → what the glance says (pure, unit-tested)
//   renderGlance(facts, ctx, { example, onDetail })       → its section
//   exampleNote(ctx, { line, onStart })                   → "示例：…" with a way to start one's own
//   topNodes(est, how, ctx, { example, left, onStart, onDetail }) → all that goes above the form
//
// `ctx` is the view's context (context.js): t, pick, id.

import { h } from "./dom.js";
import { amountText } from "./summary.js";
import { describe } from "./result.js";
import { warningOf } from "./context.js";

/**
 * What the glance says about an estimate (complete) or a verdict (figures still to enter): the filing and route in
 * words, the amounts (the core's range when stand-in figures were used), the recommended course when the core
 * compared them, and whether a typed figure went into it. Pure.
 */
export function glanceFacts(est, { complete, options, missing }, { t, pick }) {
  const status = t(`status_${est.filing.status}`);
  const route = t(`route_${est.settlement.route}`);
  const amounts = complete
    ? {
        insurance: amountText(est, "insurance_pays", t),
        patient: amountText(est, "patient_pays", t),
      }
    : null;
  const best = options?.courses?.find((c) => c.recommended);
  const differ = warningOf(est, options, "situation_dates_differ");
  // The amounts are those of the visit as it stands; a recommended course that changes it (file first, claim) has
  // amounts of its own, said beside it, and the first ones are labelled (they read as the recommendation's).
  const other = complete && best && best.id !== "as_is" && best.patient_pays;
  return {
    verdict: `${status} · ${route}`,
    tone: est.settlement.route,
    amounts,
    // Paid in full (the route a manual claim), nothing comes back without a claim: the amounts are the claim's,
    // whatever is recommended; else labelled only beside another course's.
    asIs:
      complete && est.settlement.route === "manual"
        ? "glanceAsIsClaim"
        : other
          ? "glanceAsIs"
          : null,
    recommendedPatient: other ? amountText(best, "patient_pays", t) : null,
    recommended: best ? pick(best.title) : null,
    reason: best ? pick(options.reason) : null,
    edited: complete && (est.overridden?.length ?? 0) > 0,
    // Stand-in figures: the range is said to be one where it is shown, on the first screen too.
    // The region's own figures for each value of a detail not given (scope "region") are not another region's.
    range: complete && est.range ? est.range.scope : null,
    // Which detail to give for an exact amount, in the core's words (helper-53: the glance said "such as age or
    // hospital level" where only the status was missing).
    rangeAsk:
      complete && est.range?.scope === "region" ? pick(est.range.ask) : null,
    // Without amounts: the region's figures to enter, or the bill.
    needs: complete ? null : missing?.length ? "figures" : "bill",
    // Where the person stands and the dates disagree, the answer follows the dates: said first, not only among the
    // warnings at the end (helper-64, helper-66: "discharged, paid in full" with a discharge to come).
    datesDiffer: differ ? pick(differ.message) : null,
  };
}

/** The glance's section: a heading, the verdict, the amounts, the recommendation and a button to the detail. */
export function renderGlance(facts, { t, id }, { example, onDetail }) {
  const unit = t("yuan");
  return h(
    "section",
    {
      class: `glance tone-${facts.tone}`,
      part: "summary",
      "aria-labelledby": id("glance-title"),
      dataset: { testid: "glance" },
    },
    h(
      "h2",
      { id: id("glance-title") },
      t(example ? "glanceTitleExample" : "glanceTitle"),
    ),
    facts.datesDiffer
      ? h(
          "p",
          { class: "glance-dates", dataset: { testid: "glance-dates" } },
          facts.datesDiffer,
        )
      : null,
    h("p", { class: "glance-verdict" }, facts.verdict),
    facts.asIs ? h("p", { class: "glance-as-is" }, t(facts.asIs)) : null,
    facts.amounts
      ? h(
          "p",
          { class: "glance-amounts", dataset: { testid: "glance-amounts" } },
          h(
            "span",
            {},
            t("glanceInsurance"),
            " ",
            h("strong", {}, facts.amounts.insurance),
            ` ${unit}`,
          ),
          h(
            "span",
            {},
            t("glancePatient"),
            " ",
            h("strong", {}, facts.amounts.patient),
            ` ${unit}`,
          ),
        )
      : h(
          "p",
          { class: "glance-amounts" },
          t(facts.needs === "bill" ? "glanceNeedsBill" : "glanceNeedsFigures"),
        ),
    facts.range
      ? h(
          "p",
          { class: "glance-range", dataset: { testid: "glance-range" } },
          facts.rangeAsk
            ? `${t("glanceRangeOwn")}${facts.rangeAsk}`
            : t(facts.range === "region" ? "glanceRangeOwn" : "glanceRange"),
        )
      : null,
    facts.edited
      ? h("p", { class: "glance-edited" }, t("editedSummaryNote"))
      : null,
    facts.recommended
      ? h(
          "p",
          { class: "glance-best", dataset: { testid: "glance-best" } },
          h("span", { class: "badge" }, t("recommendedBadge")),
          " ",
          facts.recommended,
          facts.recommendedPatient
            ? ` · ${t("glanceBestPays", { amount: facts.recommendedPatient })}`
            : "",
        )
      : null,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        part: "button",
        dataset: { testid: "glance-detail" },
        onclick: onDetail,
      },
      t("glanceDetail"),
    ),
  );
}

/** The worked example's label: it is an example, what it is, and a way to start one's own. */
export function exampleNote({ t }, { line, onStart }) {
  return h(
    "div",
    {
      class: "example-note",
      role: "note",
      dataset: { testid: "example-note" },
    },
    h(
      "p",
      {},
      h("strong", { class: "badge warn" }, t("exampleBadge")),
      " ",
      t("exampleText", { line }),
    ),
    h(
      "button",
      {
        type: "button",
        part: "button",
        dataset: { testid: "start-own" },
        onclick: onStart,
      },
      t("startOwn"),
    ),
  );
}

/**
 * Above the form: the example's label while the form holds it (or, once, that the example was left: `left`), then the
 * result at a glance. `how` as for resultNodes (its `state` names the example's case).
 */
export function topNodes(est, how, ctx, { example, left, onStart, onDetail }) {
  const note = example
    ? exampleNote(ctx, { line: describe(how.state, ctx), onStart })
    : left
      ? h(
          "p",
          { class: "example-note", dataset: { testid: "example-left" } },
          ctx.t("exampleLeft"),
        )
      : "";
  return [
    note,
    renderGlance(glanceFacts(est, how, ctx), ctx, { example, onDetail }),
  ];
}
