// What the core says about a state: one call (calc.analyze) with no DOM, so that the view only renders an outcome.
//
//   the state → the query (query.js) → calc.analyze(query): the verdict and route, the figures used (with the
//   person's edits) and the data's own beside them, the figures still to enter, the estimate when the bill is given
//   and nothing is missing (or why not), and the options when the person said where they stand.
//
// One call per change. A second call is made only (a) when an edited figure needs the data's basis (per admission or
// per year, the bands' basis …) and the data's figures the edit was built on are not those of this visit (the first
// answer's own figures give it; buildQuery keeps the basis, the core would otherwise assume its default), or (b) when
// a bill that does not even read makes the core refuse the whole query and the last answer was for another visit:
// then the figures are asked without the bill, so that a typo in the bill leaves the parameters panel filled.

import { buildOverrides, buildQuery, optionsQuery } from "./query.js";
import { coreErrorText } from "./errors.js";
import { pickMessage, warningOf } from "./context.js";

/**
 * How long typing waits before the result follows: as long as the last update took (so a burst of keys never queues
 * more work than the page can do), at least one frame, at most DEBOUNCE_MAX_MS. A small bill follows at once; a bill of
 * hundreds of lines waits about one update's time. Pure.
 */
export const DEBOUNCE_MAX_MS = 150;
const DEBOUNCE_MIN_MS = 16;
export const debounceMs = (lastUpdateMs) =>
  Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_MIN_MS, lastUpdateMs));

const attempt = (f) => {
  try {
    return f();
  } catch {
    return null;
  }
};

/** The query without its bill (the core then says everything but the estimate). */
const withoutBill = ({ bill, situation, today, ...rest }) => rest;
/**
 * A query with a bill and no situation chosen: planned, the core's default. Without any date it is answered on
 * today's rules (the core says so, `visit_date_assumed`; it asked for a date no one had yet); `today` is sent only
 * then, so that dates given are not read against it. A form with no bill yet (just cleared) stays empty.
 */
const undated = (q, today) =>
  !q.bill || q.visit?.admission || q.visit?.date ? q : { ...q, today };

/** The core's `not_estimated` ({code, path, message}) as the typed error the view shows (.messages, like a throw). */
function asError(e) {
  if (!e) return null;
  const messages = e.messages ?? e.message;
  return Object.assign(
    new Error(messages?.zh ?? messages?.zh_hant ?? messages?.en ?? e.code),
    {
      code: e.code,
      path: e.path ?? "",
      messages,
    },
  );
}

/**
 * The panel's two sets of figures from an answer: the data's own (`base`) and those used (`used`). A figure still to
 * enter is in neither, even where the estimate used another region's figure as a stand-in (its labelled range).
 */
function figuresOf(answer) {
  if (!answer) return { base: null, used: null };
  const missing = answer.missing ?? [];
  // Figures not on file that count once entered (the cap, the second layer): offered, not asked for.
  const optional = answer.optional ?? [];
  // The person's details the region's figures depend on (a tier only where it pays by tier): the form asks them.
  const details = answer.details ?? [];
  const known = (ps) =>
    (ps ?? []).filter((p) => p.overridden || !missing.includes(p.name));
  const used = known(answer.parameters);
  return {
    base: {
      parameters: answer.data_parameters ? known(answer.data_parameters) : used,
      missing,
      optional,
      details,
    },
    used: { parameters: used, missing, optional, details },
  };
}

/** What the figures depend on: the query without its bill (nor the situation, nor the day). */
const figuresKey = (q) => JSON.stringify(withoutBill(q));

/**
 * One call for the state, the edits built on `baseParams` (the data's figures they keep the bases of); `last` is the
 * previous outcome, whose figures serve again when the bill alone is refused.
 */
function ask(calc, s, t, today, baseParams, last, locale) {
  const errors = [];
  const query = buildQuery(s, errors, baseParams, t);
  // The core words its answer in the page's language only.
  if (locale) query.locale = locale;
  const noTotal =
    s.bm !== "lines" &&
    query.bill.total === undefined &&
    !errors.some((e) => e.path.startsWith("bill."));
  if (noTotal) errors.push({ path: "bill.total", msg: t("errTotalRequired") });
  // No bill yet, and nothing else wrong: the verdict, the route and (with a situation) the courses need none.
  const noBillYet = noTotal && errors.length === 1;
  if (errors.length) {
    // The view's own errors: no estimate, but who, where and when still give the figures for the panel (with the
    // edits, unless one of them does not read: then the data's own alone).
    if (!s.ir || !s.vr) return { kind: "invalid", query, errors, answer: null };
    const badEdit = errors.some((e) => e.path.startsWith("overrides."));
    // Where the person stands still decides what they can do before the bill is known (the core compares the courses
    // without amounts).
    const asked = s.si
      ? optionsQuery(withoutBill(query), s.si, today)
      : withoutBill(query);
    if (badEdit) asked.overrides = {};
    let answer = null;
    try {
      answer = calc.analyze(asked);
    } catch (e) {
      // The core's own objection to a field the view passed on (an age that does not read, with no bill yet): said
      // beside that field too, in the query's language (helper-44: "六十八" left the page silent, nothing marked).
      const said = coreErrorText(e, {
        t,
        pick: (m) => pickMessage(m, locale),
      });
      if (said.path) errors.push({ path: said.path, msg: said.message });
    }
    const key = figuresKey(asked);
    return {
      kind: "invalid",
      query,
      errors,
      answer,
      sent: asked.overrides,
      key,
      // Still only the bill missing once the core has looked.
      noBillYet: noBillYet && errors.length === 1,
    };
  }
  // Where the person stands decides what they can still do: the core compares the courses (issue 12).
  const asked = s.si ? optionsQuery(query, s.si, today) : undated(query, today);
  try {
    return {
      kind: "answer",
      query: asked,
      answer: calc.analyze(asked),
      sent: asked.overrides,
      key: figuresKey(asked),
    };
  } catch (e) {
    // Nothing to say for the whole query. A bill that does not read still leaves the figures to show: those of the
    // last answer when it was for the same visit and edits, else asked for without the bill.
    const key = figuresKey(query);
    const billOnly = typeof e?.path === "string" && e.path.startsWith("bill");
    if (billOnly && last?.base && last.key === key)
      return { kind: "failed", query: asked, error: e, figures: last, key };
    const answer = billOnly
      ? attempt(() => calc.analyze(withoutBill(query)))
      : null;
    return { kind: "failed", query: asked, error: e, answer, key };
  }
}

/** Whether the edits sent were built on other bases than those of the data's figures in `answer`. */
function needsRebase(asked, s, t) {
  const sent = asked.sent;
  if (!asked.answer || !sent || Object.keys(sent).length === 0) return null;
  const own = asked.answer.data_parameters ?? asked.answer.parameters;
  const fresh = buildOverrides(s.ov ?? {}, [], own, t);
  return JSON.stringify(fresh) === JSON.stringify(sent) ? null : own;
}

/**
 * Asks `calc` about the state `s` (never throws; `today` is the device's date, YYYY-MM-DD; `last` the previous outcome
 * that had figures: an edited figure keeps the bases of its `base`; `locale` the language the core words its answer
 * in, all three when absent). The outcome has `base` (the data's figures
 * {parameters, missing}, or null), `used` (with the overrides, or null), `query`, `key` (what the figures were asked
 * for), and by `kind`:
 *   "invalid": `errors` ([{path, msg}], the view's own) — `used` is then the figures to show;
 *   "estimate": `estimate`, `options` (or null);
 *   "verdict": `verdict` ({filing, settlement, warnings, policy_version}), `missing` (the figures to enter),
 *     `error` (the core's missing_parameter);
 *   "failed": `error` (what the core threw, or why the bill has no estimate).
 */
export function evaluate(calc, s, t, today, last = null, locale = undefined) {
  let asked = ask(calc, s, t, today, last?.base?.parameters, last, locale);
  const own = needsRebase(asked, s, t);
  if (own) asked = ask(calc, s, t, today, own, last, locale);
  return { ...outcome(asked, locale), key: asked.key };
}

/**
 * Notes the core's answer places beside a field: where the person stands and the dates disagree (the answer follows
 * the dates), beside 现在处于 (helper-64, helper-69: said only in the result).
 */
function fieldNotes(answer, locale) {
  const w = warningOf(answer, answer?.options, "situation_dates_differ");
  return w ? [{ path: "situation", msg: pickMessage(w.message, locale) }] : [];
}

function outcome(
  { kind, query, errors, answer, error, figures, noBillYet },
  locale,
) {
  const { base, used } = figures ?? figuresOf(answer);
  const notes = fieldNotes(answer, locale);
  if (kind === "invalid" && noBillYet && answer?.filing)
    return {
      kind: "verdict",
      base,
      used,
      query,
      verdict: verdictOf(answer),
      // The bill first: a region's figures not on file are not needed for a first amount (other regions' stand in as a
      // range once the bill is given), so the person is not sent to ask for them before typing it.
      missing: [],
      errors: [...errors, ...notes],
      options: answer.options ?? null,
    };
  if (kind === "invalid") return { kind, base, used, query, errors };
  if (kind === "failed") return { kind, base, used, query, error };
  if (answer.estimate)
    return {
      kind: "estimate",
      base,
      used,
      query,
      estimate: answer.estimate,
      options: answer.options ?? null,
      errors: notes,
    };
  const why = asError(answer.not_estimated);
  const missing = answer.missing ?? [];
  // A figure to enter (a region without figures, a class-B rate not on file): the filing verdict and route need
  // none, so they are shown and the figure asked for where it goes.
  if (why?.code === "missing_parameter") {
    const verdict = verdictOf(answer);
    return {
      kind: "verdict",
      base,
      used,
      query,
      verdict,
      missing,
      error: why,
      errors: notes,
    };
  }
  return { kind: "failed", base, used, query, error: why };
}

/** The verdict's parts of an answer (what a form shows before the amounts). */
const verdictOf = (answer) => ({
  filing: answer.filing,
  settlement: answer.settlement,
  warnings: answer.warnings ?? [],
  policy_version: answer.policy_version,
});

/** What the host hears after a result (mount's onResult): the query, the estimate or null, the verdict's parts. */
export function resultInfo({
  query,
  estimate,
  verdict,
  complete,
  missing,
  summary,
}) {
  return {
    status: "ready",
    query,
    estimate,
    verdict: {
      filing: verdict.filing,
      settlement: verdict.settlement,
      warnings: verdict.warnings,
    },
    complete,
    missing,
    summary,
  };
}
