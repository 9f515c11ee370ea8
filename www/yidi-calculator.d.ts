// Types of the custom element (yidi-calculator.js): importing the module registers <yidi-calculator>.
import type {
  Estimate,
  FilingVerdict,
  Query,
  Settlement,
  Warning,
  ParameterName,
} from "./yidi.js";

export type Locale = "zh-Hans" | "zh-Hant" | "en";

/** The detail of the `yidi-estimate` event, fired after each result (it bubbles and crosses the shadow boundary). */
export interface YidiEstimateDetail {
  query: Query;
  /**
   * Null while the insured region's figures must still be entered (then `complete` is false), or while the bill is.
   * Where the figures are not the region's own, `estimate.range` holds the amounts the element shows ("约 X–Y 元"):
   * `fund_pays` and the others are then the middle stand-in region's, not the person's.
   */
  estimate: Estimate | null;
  /** The form still holds the worked example the element opens on, not the person's own case. */
  example: boolean;
  verdict: {
    filing: FilingVerdict;
    settlement: Settlement;
    warnings: Warning[];
  };
  complete: boolean;
  /** The figures the user is asked for when `complete` is false. */
  missing: ParameterName[];
  locale: Locale;
}

/** The detail of the `yidi-no-result` event: the form has no result now (cleared, or an entry to correct). */
export interface YidiNoResultDetail {
  /** `empty`: nothing to show yet; `stale`: the last result no longer fits the form. */
  status: "empty" | "stale";
  locale: Locale;
}

/**
 * <yidi-calculator insured-region="420100" treated-region="深圳" locale="zh-Hant" layout="compact"
 *                  policies="/my-policies.json">
 */
export declare class YidiCalculatorElement extends HTMLElement {
  /** The language shown: the `locale` attribute, else the browser's languages. */
  readonly locale: Locale;
}

/** The detail of the `yidi-error` event: the element could not load its calculator (its policies file is invalid or
 * cannot be fetched, or the module failed); the element says so inside itself too. */
export interface YidiErrorDetail {
  code: "invalid_policies" | "policies_unavailable" | "load_failed" | string;
  /** The policies URL, when one was given. */
  url: string;
  locale: Locale;
}

declare global {
  interface HTMLElementTagNameMap {
    "yidi-calculator": YidiCalculatorElement;
  }
  interface HTMLElementEventMap {
    "yidi-estimate": CustomEvent<YidiEstimateDetail>;
    "yidi-no-result": CustomEvent<YidiNoResultDetail>;
    "yidi-error": CustomEvent<YidiErrorDetail>;
  }
}
