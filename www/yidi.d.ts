// Types of the JavaScript API (yidi.mjs). The types of what crosses it (the query, the estimate, the verdict, the
// figures, the options, the catalogues, the core's errors) are generated from the Rust types into yidi-types.d.ts by
// `cargo xtask types` and re-exported here; this file adds only what JavaScript adds: the calculator, its options and
// the errors it throws.

import type {
  Analysis,
  Bill,
  CoreError,
  DerivedRatio,
  DiseaseEntry,
  ErrorCode as CoreErrorCode,
  Estimate,
  Figures,
  IsoDate,
  Line,
  Locale,
  Message,
  Options,
  PastSlip,
  ProvinceEntry,
  Query,
  Verdict,
} from "./yidi-types.js";

export * from "./yidi-types.js";

// ---------------------------------------------------------------------------------------------------------------
// Errors: what the calculator throws or rejects with
// ---------------------------------------------------------------------------------------------------------------

/** The core's error codes, and the two of the JavaScript layer. */
export type ErrorCode =
  | CoreErrorCode
  /** The core failed (a WebAssembly trap): the call is lost, a fresh instance is being made. Not the query's fault. */
  | "core_failed"
  /** The core is being restarted after a failure; `ready()` resolves when it can be used again. */
  | "core_restarting";

/**
 * What `estimate`, `verdict` and `figures` throw for a bad query: the field at fault and why. A number that is not
 * finite (NaN, Infinity) is refused like any other bad value (`invalid_amount` for an amount), never read as absent.
 */
export interface YidiError extends Error {
  code: ErrorCode;
  /** The query path of the field, e.g. "bill.total", "visit.discharge", "overrides.deductible"; "" for core_failed. */
  path: string;
  messages: Message;
  /** For core_failed: the error the core threw (e.g. a WebAssembly.RuntimeError). */
  cause?: unknown;
}

/** One problem in a policies file: its code, its JSON path (e.g. "schedules[7].versions[0].sources[0]"), why. */
export type PolicyProblem = CoreError;

/** `createCalculator` rejects with this when the policies file is not valid. */
export interface InvalidPoliciesError extends Error {
  code: "invalid_policies";
  /** Every problem found, then, where the reading stopped early, a note that more may follow (path ""). */
  errors: PolicyProblem[];
  /** How many of `errors` are problems (the note that more may follow is not one). */
  count: number;
  /** The policies URL, when one was given. */
  url?: string;
}

/** `createCalculator` rejects with this when the policies URL cannot be fetched. */
export interface PoliciesUnavailableError extends Error {
  code: "policies_unavailable";
  path: "";
  url: string;
  messages: Message;
}

// ---------------------------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------------------------

export interface YidiCalculator {
  /** "built-in", the policies URL, or "object". */
  readonly source: string;
  readonly policyVersion: string;
  /**
   * Everything a form shows, from one call: the verdict and route, every figure with its source, the figures to
   * enter, the estimate when the bill is given (else why not, in `not_estimated`), and the options when
   * `query.situation` is given. The bill may be absent. Throws a YidiError only where nothing can be said.
   */
  analyze(query: Query): Analysis;
  /** The whole estimate. Throws a YidiError. */
  estimate(query: Query): Estimate;
  /** The filing verdict and the settlement route (no bill or figures needed). Throws a YidiError. */
  verdict(query: Query): Verdict;
  /** The figures an estimate would use, and those missing. Throws a YidiError. */
  figures(query: Query): Figures;
  /** Every course open to the person in `query.situation` on `query.today`, the recommended one first. */
  options(query: Query): Options;
  /** The fund's ratio from a past slip of the same city: `{eligible, deductible, fund_paid}` amounts. */
  ratioFromSlip(slip: PastSlip): DerivedRatio;
  /**
   * The itemized lines a form starts from when the person switches from totals to lines: the class-B and
   * out-of-catalogue parts as lines of their own, what the total leaves as class A (with the over-limit part), named
   * in `locale`. Empty when the bill does not read or its parts exceed the total. A `locale` the core does not
   * speak throws `invalid_value` at `locale`.
   */
  linesFromTotals(bill: Bill, locale?: Locale): Line[];
  /**
   * The totals a form shows when the person switches from itemized lines back to totals: the lines' sum, their
   * out-of-catalogue and over-limit parts, and the class-B part (less its over-limit) with the class-B rate when the
   * lines share one (or all leave it to the place of treatment), else the pre-payment they add up to (rounded once,
   * as the slip rounds it). Null when the bill has no lines, they do not read, or some class-B lines name a rate and
   * others do not (totals hold one rate).
   */
  totalsFromLines(bill: Bill): Bill | null;
  /** Provinces with their pooling regions. */
  regions(): ProvinceEntry[];
  /** The pooling region a code or name stands for (a county's code: 411681 → "411600"), or null. */
  region(codeOrName: string): string | null;
  /**
   * The cross-province chronic-disease list in force on a date (all when absent or empty); a date that does not read
   * throws `invalid_date` at `on`.
   */
  diseases(on?: IsoDate): DiseaseEntry[];
  /** Resolves when the calculator can be used: at once, or when a restart after a core failure is done. */
  ready(): Promise<void>;
}

export interface CreateOptions {
  /** A policies file: a URL (relative to the page) or a parsed object. Default: the built-in policies. */
  policies?: string | URL | object;
}

/**
 * A calculator over the built-in or the given policies. The WebAssembly core loads once per page; one calculator is
 * made per policies URL. Rejects with an InvalidPoliciesError or a PoliciesUnavailableError.
 */
export function createCalculator(
  options?: CreateOptions,
): Promise<YidiCalculator>;
