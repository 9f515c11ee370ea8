// Types of the JavaScript API (yidi.mjs), hand-written from the core's contract: src/query.rs (the query),
// src/estimate.rs and src/lib.rs (the estimate, the verdict, the figures), src/error.rs (the errors).
// JSON, snake_case. Amounts are decimal strings (numbers are accepted in a query); dates are "YYYY-MM-DD"; rates are
// fractions as decimal strings ("0.1" = 10%).

/** A decimal amount in yuan, e.g. "30000" or "12950.40". Numbers are accepted in a query and read exactly. */
export type Amount = string | number;
/** A share between 0 and 1 as a decimal string, e.g. "0.888". */
export type Rate = string | number;
/** A date, "YYYY-MM-DD". */
export type IsoDate = string;

// ---------------------------------------------------------------------------------------------------------------
// The query (src/query.rs)
// ---------------------------------------------------------------------------------------------------------------

export type Scheme = "employee" | "resident";
export type Status = "employed" | "retired";
export type VisitKind =
  "inpatient" | "outpatient" | "chronic_outpatient" | "pharmacy";
export type Level = "community" | "primary" | "secondary" | "tertiary";
export type FilingCategory =
  "long_term" | "referral" | "emergency" | "temporary_other";
export type LongTermKind = "retiree" | "resident" | "posted_worker";
export type LineClass = "A" | "B" | "C";
export type DeductiblePer = "admission" | "year";
export type SegmentBasis = "cumulative_eligible" | "above_deductible";
export type CapBasis = "fund" | "eligible";
export type SecondLayerBasis = "cumulative" | "above_threshold";
export type SecondLayerBase = "patient_share" | "above_basic_cap";
export type AdjustmentOp =
  | "none"
  | "pp_reduction"
  | "multiplier"
  | "prepay_share"
  | "deductible_override"
  | "not_covered";

export interface Query {
  insured: Insured;
  visit: Visit;
  /** Absent = no filing. */
  filing?: Filing | null;
  bill: Bill;
  history?: History;
  personal_account_balance?: Amount | null;
  /** Figures supplied by the user or the host; each replaces the data's figure and is reported as overridden. */
  overrides?: Overrides;
  /** Where the person stands when asking (default planning). */
  situation?: Situation | null;
  /** The day the question is asked (the device's date), YYYY-MM-DD. */
  today?: IsoDate | null;
}

export interface Insured {
  /** GB/T 2260 code (or a name) of the pooling region; a municipality is its province code (北京 "110000"). */
  region: string;
  scheme: Scheme;
  status?: Status | null;
  age?: number | null;
  /** Contributions in good standing on the visit date (default true). */
  enrolled?: boolean;
}

export interface Visit {
  region: string;
  kind: VisitKind;
  /** A code from `diseases()`, or "other". */
  chronic_disease?: string | null;
  hospital_level?: Level | null;
  /** A cross-province networked designated institution (default true). */
  networked?: boolean;
  emergency?: boolean;
  admission?: IsoDate | null;
  discharge?: IsoDate | null;
  /** The single date of an outpatient or pharmacy visit. */
  date?: IsoDate | null;
}

export interface Filing {
  category: FilingCategory;
  long_term_kind?: LongTermKind | null;
  start: IsoDate;
  /** Null = open-ended. */
  end?: IsoDate | null;
  /** The day a backdated filing was actually made. */
  filed_on?: IsoDate | null;
  /** The filed city, or the province for 北京/天津/上海/重庆/海南/西藏. */
  area: string;
}

/** Totals, or itemized lines (or both, when they agree). */
export interface Bill {
  total?: Amount | null;
  /** 全自费: outside the catalogue (丙类). */
  out_of_catalogue?: Amount | null;
  /** 超限价: above the catalogue's price limit. */
  over_limit?: Amount | null;
  class_b?: ClassB | null;
  lines?: Line[] | null;
}

export interface ClassB {
  amount?: Amount | null;
  prepay_rate?: Rate | null;
  prepay_amount?: Amount | null;
}

export interface Line {
  name?: string | null;
  amount: Amount;
  class: LineClass;
  prepay_rate?: Rate | null;
  over_limit?: Amount | null;
}

/** This benefit year before the visit. */
export interface History {
  admissions?: number;
  deductible_paid?: Amount | null;
  fund_paid?: Amount | null;
  eligible_so_far?: Amount | null;
  second_layer_base_so_far?: Amount | null;
  second_layer_paid?: Amount | null;
}

export interface Segment {
  /** The band applies up to this amount; the last band has none. */
  up_to?: Amount | null;
  ratio: Rate;
}

export interface SecondLayer {
  threshold?: Amount;
  segments: Segment[];
  segment_basis?: SecondLayerBasis;
  cap?: Amount | null;
  applies_to?: SecondLayerBase;
}

export interface AdjustmentSpec {
  op: AdjustmentOp;
  value?: Rate;
  amount?: Amount;
  share?: Rate;
  min?: Amount;
  max?: Amount;
}

export interface Overrides {
  deductible?: Amount | null;
  deductible_per?: DeductiblePer | null;
  ratio?: Rate | null;
  segments?: Segment[] | null;
  segment_basis?: SegmentBasis | null;
  annual_cap?: Amount | null;
  annual_cap_basis?: CapBasis | null;
  class_b_prepay_rate?: Rate | null;
  second_layer?: SecondLayer | null;
  adjustment?: AdjustmentSpec | null;
}

// ---------------------------------------------------------------------------------------------------------------
// What comes back (src/estimate.rs, src/lib.rs). Amounts come back as strings with two decimals.
// ---------------------------------------------------------------------------------------------------------------

/** Every text of the core, in Simplified Chinese, Traditional Chinese and English. */
export interface Message {
  zh: string;
  zh_hant: string;
  en: string;
}

export type Grade = "A" | "B" | "C" | "D" | "E";

export interface SourceRef {
  id: string;
  title: string;
  url: string | null;
  grade: Grade;
  as_of: IsoDate;
}

export type FilingStatus =
  | "not_required"
  | "valid"
  | "missing"
  | "late_before_discharge"
  | "late_after_discharge"
  | "expired"
  | "not_yet_valid"
  | "deemed_filed";

export type FilingReason =
  | "same_region"
  | "intra_province_exempt"
  | "intra_province"
  | "intra_province_unknown"
  | "regional_arrangement"
  | "cross_province"
  | "emergency"
  | "filing_area_mismatch";

export interface FilingVerdict {
  required: boolean;
  status: FilingStatus;
  reason: FilingReason;
  /** The regional arrangement that applied (its id in the data), if any. */
  arrangement: string | null;
  message: Message;
  sources: SourceRef[];
}

export type Route = "local" | "direct" | "manual" | "not_covered";

export type Category =
  | "local"
  | "long_term"
  | "referral"
  | "emergency"
  | "temporary_other"
  | "intra_province_exempt"
  | "arrangement"
  | "unfiled"
  | "late_filing";

export interface AppliedAdjustment {
  op: AdjustmentOp;
  value: string | null;
  description: Message;
  overridden: boolean;
  sources: SourceRef[];
}

export interface Settlement {
  route: Route;
  category: Category;
  adjustment: AppliedAdjustment | null;
  /** Whose catalogue splits the bill (a region code). */
  catalogue_region: string;
  message: Message;
  /** What to do next, in order. */
  next_steps: Message[];
  sources: SourceRef[];
}

export type Payer = "info" | "fund" | "second_layer" | "patient";

export type SlipKey =
  | "total"
  | "out_of_catalogue"
  | "over_limit"
  | "class_b_prepay"
  | "adjustment_prepay"
  | "eligible"
  | "deductible"
  | "fund"
  | "coinsurance"
  | "over_cap"
  | "second_layer"
  | "patient"
  | "account"
  | "cash";

export interface SlipLine {
  key: SlipKey;
  label: Message;
  amount: string;
  payer: Payer;
  /** The computation with the figures used, e.g. "(20000.00 − 800.00) × 88.8%". */
  formula: string;
  sources: SourceRef[];
}

export interface Warning {
  code: string;
  message: Message;
}

export type ParameterName =
  | "deductible"
  | "ratio"
  | "annual_cap"
  | "second_layer"
  | "class_b_prepay_rate"
  | "adjustment";

/** A figure used, with where it came from. `raw` is its machine form, by name (see README). */
export interface ParameterUsed {
  name: ParameterName;
  label: Message;
  /** Display form (Chinese), e.g. "800.00（每次住院）". */
  value: string;
  raw:
    | { amount: string; per: DeductiblePer }
    | { ratio: string }
    | { segments: Segment[]; segment_basis: SegmentBasis }
    | { amount: string; basis: CapBasis }
    | SecondLayer
    | { rate: string }
    | AdjustmentSpec;
  overridden: boolean;
  /** Whose figure: the insured region's own, its province's, another region's standing in, or the user's. */
  basis: Basis;
  /** For a `typical` figure: its lowest and highest over the regions that stood in. */
  typical?: Span<string>;
  sources: SourceRef[];
  /** When the figure came into force; "unknown" when no source gives a date (it then applies to earlier visits too). */
  from: IsoDate | "unknown" | null;
  last_verified: IsoDate | null;
}

export type Basis = "region" | "province" | "typical" | "user";

export interface Span<T> {
  low: T;
  high: T;
}

/** Present when a figure is not the insured region's own: amounts over the regions that stood in. */
export interface Range {
  fund_pays: Span<string>;
  second_layer_pays: Span<string>;
  patient_pays: Span<string>;
  /** The figures that stood in. */
  typical: ParameterName[];
  /** region: the region's own figures for each value of a detail not given (age, status, level). */
  scope: "region" | "province" | "nation";
  regions: number;
  /** Codes of the regions giving the lowest and the highest fund payment. */
  lowest: string;
  highest: string;
  explanation: Message;
  /** What to ask on 12393 for the exact amount. */
  ask: Message;
}

/** Where the person stands when asking: it sets what the options talk about. */
export type Situation = "planning" | "in_hospital" | "discharged";

export type CourseId =
  | "as_is"
  | "file_before_discharge"
  | "file_long_term"
  | "file_referral"
  | "file_temporary"
  | "emergency"
  | "claim_at_home";

/** One course open (or not) to the person, worked out by the core. */
export interface Course {
  id: CourseId;
  title: Message;
  available: boolean;
  why_not?: Message;
  route?: Route;
  category?: Category;
  adjustment?: Message;
  /** Paid at the hospital: the patient's share when settled directly, everything when claimed later. */
  pay_at_hospital?: string;
  /** What comes back later by a claim at home. */
  back_later?: string;
  fund_pays?: string;
  second_layer_pays?: string;
  patient_pays?: string;
  range?: Range;
  deadline?: Message;
  /** Who the course is for, when not everyone: shown, never recommended. */
  condition?: Message;
  documents: Message[];
  where: Message[];
  recommended: boolean;
}

/** The dates that decide the filing's effect, for a picture, with its text alternative. */
export interface Timeline {
  filing_start?: IsoDate;
  /** The last valid day; absent when open-ended. */
  filing_end?: IsoDate;
  /** The end is the 6-month national minimum, assumed because none was given. */
  filing_end_assumed: boolean;
  admission: IsoDate;
  discharge?: IsoDate;
  today: IsoDate;
  text: Message;
}

/** Every course for the person's situation, the recommended one first. */
export interface Options {
  situation: Situation;
  timeline: Timeline;
  courses: Course[];
  recommended?: CourseId;
  reason: Message;
}

/** The fund's ratio worked out from a past settlement slip, with its arithmetic. */
export interface DerivedRatio {
  ratio: string;
  /** The ratio in percent ("88.8"). */
  percent: string;
  formula: Message;
  /** The slip's fund recomputed with the rounded ratio. */
  recomputed: string;
  warnings: Warning[];
}

export interface Estimate {
  filing: FilingVerdict;
  settlement: Settlement;
  lines: SlipLine[];
  fund_pays: string;
  second_layer_pays: string;
  patient_pays: string;
  account_pays: string;
  cash_pays: string;
  warnings: Warning[];
  policy_version: string;
  parameters: ParameterUsed[];
  /** Names of the figures that came from `overrides`. */
  overridden: string[];
  /** Present when some figure is not the insured region's own; the page shows these, not the middle amounts. */
  range?: Range;
}

/** The filing verdict and the route alone: no bill and no benefit figures needed. */
export interface Verdict {
  filing: FilingVerdict;
  settlement: Settlement;
  warnings: Warning[];
  policy_version: string;
}

/** The figures an estimate for a query would use, and those that must be entered (as overrides). */
export interface Figures {
  parameters: ParameterUsed[];
  missing: ParameterName[];
  warnings: Warning[];
}

export interface RegionEntry {
  code: string;
  name: string;
  name_zh_hant: string;
  aliases: string[];
  /** Whether benefit figures are on file (otherwise estimates need them as overrides). */
  has_figures: boolean;
}

export interface ProvinceEntry {
  code: string;
  name: string;
  name_zh_hant: string;
  short: string;
  /** Filings name the province or the city. */
  filing_area: "province" | "city";
  regions: RegionEntry[];
}

export interface DiseaseEntry {
  code: string;
  name: string;
  name_en: string;
  /** Listed for direct cross-province settlement from this date. */
  from: IsoDate;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors (src/error.rs)
// ---------------------------------------------------------------------------------------------------------------

export type ErrorCode =
  | "invalid_json"
  | "unknown_field"
  | "missing_field"
  | "invalid_value"
  | "invalid_amount"
  | "negative_amount"
  | "invalid_rate"
  | "parts_exceed_total"
  | "total_mismatch"
  | "invalid_date"
  | "discharge_before_admission"
  | "filing_end_before_start"
  | "unknown_region"
  | "unknown_disease"
  | "missing_parameter"
  | "invalid_segments"
  | "missing_source"
  | "weak_source"
  | "overlapping_dates"
  | "duplicate"
  | "adjustment_over_cap"
  | "too_large"
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

/** One problem in a policies file. */
export interface PolicyProblem {
  code: ErrorCode;
  /** Its JSON path in the file, e.g. "schedules[7].versions[0].sources[0]". */
  path: string;
  message: Message;
}

/** `createCalculator` rejects with this when the policies file is not valid. */
export interface InvalidPoliciesError extends Error {
  code: "invalid_policies";
  errors: PolicyProblem[];
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
  /** The whole estimate. Throws a YidiError. */
  estimate(query: Query): Estimate;
  /** The filing verdict and the settlement route (no bill or figures needed). Throws a YidiError. */
  verdict(query: Query): Verdict;
  /** The figures an estimate would use, and those missing. Throws a YidiError. */
  figures(query: Query): Figures;
  /** Every course open to the person in `query.situation` on `query.today`, the recommended one first. */
  options(query: Query): Options;
  /** The fund's ratio from a past slip of the same city: `{eligible, deductible, fund_paid}` amounts. */
  ratioFromSlip(slip: {
    eligible: Amount;
    deductible?: Amount;
    fund_paid: Amount;
  }): DerivedRatio;
  /** Provinces with their pooling regions. */
  regions(): ProvinceEntry[];
  /** The pooling region a code or name stands for (a county's code: 411681 → "411600"), or null. */
  region(codeOrName: string): string | null;
  /** The cross-province chronic-disease list in force on a date (all when absent). */
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
