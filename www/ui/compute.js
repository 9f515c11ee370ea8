// What the core says about a state: one pass of calls with no DOM, so that the view only renders an outcome.
//
//   figures (who, where, when: the parameters panel) → the query (query.js) → the view's own errors, or
//   estimate (+ options when the person said where they stand), or — for a region whose figures must be entered —
//   the verdict (filing and route need no figures), or the core's error.

import { buildQuery, figuresQuery, optionsQuery } from "./query.js";

const attempt = (f) => {
  try {
    return f();
  } catch {
    return null;
  }
};

/**
 * Asks `calc` about the state `s` (never throws; `today` is the device's date, YYYY-MM-DD). The outcome has `base`
 * (the data's figures, or null), `used` (with the overrides, or null), `query`, and by `kind`:
 *   "invalid": `errors` ([{path, msg}], the view's own) — `used` is then the figures to show (used, else base);
 *   "estimate": `estimate`, `options` (or null);
 *   "verdict": `verdict`, `missing` (the figures to enter), `error` (the core's missing_parameter);
 *   "failed": `error` (what the core threw).
 */
export function evaluate(calc, s, t, today) {
  const errors = [];
  // Figures first: they need only who, where and when, and fill the parameters panel.
  const base =
    s.ir && s.vr
      ? attempt(() =>
          calc.figures(figuresQuery(buildQuery(s, [], null, t), false)),
        )
      : null;
  const query = buildQuery(s, errors, base?.parameters, t);
  const used =
    base && !errors.some((e) => e.path.startsWith("overrides."))
      ? attempt(() => calc.figures(figuresQuery(query, true)))
      : null;
  if (errors.length)
    return { kind: "invalid", base, used: used ?? base, query, errors };
  let estimate;
  try {
    estimate = calc.estimate(query);
  } catch (e) {
    return withoutEstimate(calc, { base, used, query }, e);
  }
  // Where the person stands decides what they can still do: the core compares the courses (issue 12).
  const options = s.si
    ? attempt(() => calc.options(optionsQuery(query, s.si, today)))
    : null;
  return { kind: "estimate", base, used, query, estimate, options };
}

/** No estimate: a region without figures still gets its filing verdict and route; anything else is a failure. */
function withoutEstimate(calc, known, e) {
  const missing = (known.used ?? known.base)?.missing ?? [];
  const missingFigure =
    e?.code === "missing_parameter" &&
    String(e.path).startsWith("overrides.") &&
    missing.length;
  if (!missingFigure) return { kind: "failed", ...known, error: e };
  try {
    const verdict = calc.verdict(known.query);
    return { kind: "verdict", ...known, verdict, missing, error: e };
  } catch (e2) {
    return { kind: "failed", ...known, error: e2 };
  }
}

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
