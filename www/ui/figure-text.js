// The parameters panel's figures as text: what a person types for a figure (a deductible, a ratio or bands, a cap, a
// class-B rate, the second layer, a cut in points) read into the core's override values, and the core's machine
// values (`raw` of each parameter from Calculator.analyze) written back as the text an input shows. Pure (no DOM, no
// state); `t` is the page's messages (t(key, vars)), used for the error messages and the band words.

import {
  PLAIN,
  ascii,
  decEq,
  decNorm,
  normNum,
  ratePct,
  shift,
  splitParts,
} from "./numbers.js";

/** The figures in the parameters panel, in order (names are the core's override names). */
export const PARAMS = {
  deductible: { kind: "amount" },
  ratio: { kind: "ratio", hint: true, alt: "overrides.segments" },
  annual_cap: { kind: "amount" },
  second_layer: { kind: "second_layer", hint: true },
  class_b_prepay_rate: { kind: "percent" },
  adjustment: { kind: "points" },
};

// Keywords of the band texts, in every language (what was typed in one language still reads in another).
const NO_CAP = /不封顶|不封頂|no cap|uncapped/i;
const CAP = /封顶|封頂|\bcap\b/i;
const THRESHOLD = /起付|threshold/i;

/**
 * A percentage as typed → a rate string: "60", "60%" and "0.6" all mean 60% ("0.6" with no % sign is read as a
 * share, never as 0.6%); "1" could be 1% or 100%, so it is asked, not guessed. Records an error at `path` in `errors`
 * ({path, msg}) and returns undefined for what cannot be read; undefined also for nothing typed.
 */
export function percent(s, path, errors, t) {
  const typed = normNum(s);
  const sign = /[%％]/.test(typed);
  const text = typed.replace(/[%％]/g, "");
  if (text === "") return undefined;
  if (!PLAIN.test(text)) {
    errors.push({ path, msg: t("errPercentNumber") });
    return undefined;
  }
  if (!sign && Number(text) === 1) {
    errors.push({ path, msg: t("errPercentAmbiguous") });
    return undefined;
  }
  const share = !sign && text.includes(".") && Number(text) < 1;
  const rate = share ? decNorm(text) : shift(text, -2);
  if (Number(rate) > 1) {
    errors.push({ path, msg: t("errPercentRange") });
    return undefined;
  }
  return rate;
}

/** What a band may hold: its numbers (in 万 too), a % sign, the marks of an upper bound and the band words. */
const BAND_TOKENS =
  /\d+(?:\.\d+)?|[万萬%％≤≦<＜=＝:：()（）~～至到元]|其上|以上|以下|以内|以內|及|超过|超過|部分|不超过|不超過|up\s*to|above|over|rest|yuan|rmb|\s+/gi;
/** Anything left once those are taken out. */
const BAND_WORDS = /\S/;

/**
 * Band texts (["≤10000 80%", "其上 90%"]) → { bands: [{up_to?, ratio}] }, or { error } with the message (and, for a
 * part that does not read, `unreadable`: that part).
 */
export function parseBands(parts, t) {
  const bands = [];
  for (const part of parts) {
    // A minus sign before a number ("-5%") is no rate: read as its digits alone it was 5%.
    if (/[-−－]\s*\d/.test(ascii(part)))
      return { error: t("errPercentNumber") };
    // Nothing but numbers, the band words and marks: a letter or a word left over ("9O%" with the letter O, "约90%",
    // "abc 90%") is a typo or a guess, never read as the digits around it (9O% was 9%).
    if (BAND_WORDS.test(ascii(part).replace(BAND_TOKENS, "")))
      return { error: t("errBandUnreadable", { part }), unreadable: part };
    const nums = [...ascii(part).matchAll(/(\d+(?:\.\d+)?)\s*([万萬])?/g)].map(
      (m) => (m[2] ? shift(m[1], 4) : m[1]),
    );
    if (nums.length === 0 || nums.length > 2)
      return { error: t("errBandUnreadable", { part }), unreadable: part };
    const ratio = nums[nums.length - 1];
    if (Number(ratio) > 100) return { error: t("errRatioRange") };
    // As for every percentage (see percent()): "0.6" with no % sign is a share, 60%; a lone "1" is asked.
    const sign = /[%％]/.test(part);
    if (!sign && nums.length === 1 && Number(ratio) === 1)
      return { error: t("errPercentAmbiguous") };
    const share = !sign && ratio.includes(".") && Number(ratio) < 1;
    const band = { ratio: share ? decNorm(ratio) : shift(ratio, -2) };
    if (nums.length === 2) band.up_to = nums[0];
    bands.push(band);
  }
  if (bands.length === 0) return { error: t("errRatioEmpty") };
  if (bands.slice(0, -1).some((b) => b.up_to == null))
    return { error: t("errBandLimit") };
  if (bands[bands.length - 1].up_to != null) return { error: t("errBandLast") };
  return { bands };
}

/** The ratio input: one rate ("85%") → { flat }, bands → { segments }, or { error }. */
export function parseRatio(text, t) {
  const parts = splitParts(text);
  const r = parseBands(parts, t);
  // One part that does not read: a ratio typed, said as one (it was told how bands are written; helper-46).
  if (r.unreadable && parts.length === 1)
    return { error: t("errRatioUnreadable", { part: r.unreadable }) };
  if (r.error) return r;
  if (r.bands.length === 1) return { flat: r.bands[0].ratio };
  return { segments: r.bands };
}

/**
 * The second-layer input ("起付 12000；≤30000 60%；其上 75%；不封顶") → { value } (the override, keeping the data's
 * segment_basis and applies_to from `base`, the data's own raw figure), or { error }.
 */
export function parseSecondLayer(text, base, t) {
  let threshold = "0";
  let cap = null;
  const bandParts = [];
  for (const part of splitParts(text)) {
    const word = NO_CAP.test(part)
      ? NO_CAP
      : CAP.test(part)
        ? CAP
        : THRESHOLD.test(part)
          ? THRESHOLD
          : null;
    if (!word) {
      bandParts.push(part);
      continue;
    }
    // A threshold's or a cap's part holds its word and one number, nothing else ("封顶 3O0000" is not 3).
    const typed = ascii(part);
    const rest = typed
      .replace(NO_CAP, "")
      .replace(CAP, "")
      .replace(THRESHOLD, "")
      .replace(/[线線]/g, "")
      .replace(BAND_TOKENS, "");
    if (BAND_WORDS.test(rest))
      return { error: t("errBandUnreadable", { part }) };
    if (word === NO_CAP) {
      cap = null;
      continue;
    }
    const m = typed.match(/(\d+(?:\.\d+)?)\s*([万萬])?/);
    if (!m)
      return {
        error: t(word === CAP ? "errCapAmount" : "errThresholdAmount"),
      };
    const amount = m[2] ? shift(m[1], 4) : m[1];
    if (word === CAP) cap = amount;
    else threshold = amount;
  }
  const r = parseBands(bandParts, t);
  if (r.error) return r;
  const value = { threshold, segments: r.bands };
  if (cap != null) value.cap = cap;
  if (base?.segment_basis) value.segment_basis = base.segment_basis;
  if (base?.applies_to) value.applies_to = base.applies_to;
  return { value };
}

/** Bands ([{up_to?, ratio}]) as text: "≤10000 80%；其上 90%". */
export const bandsText = (segments, t) =>
  segments
    .map((s) =>
      s.up_to != null
        ? `≤${decNorm(s.up_to)} ${ratePct(s.ratio)}`
        : `${t("bandAbove")} ${ratePct(s.ratio)}`,
    )
    .join(t("listSep"));

/** A figure's machine value (`raw` from the core) as the text its input shows ("" when it has none). */
export function rawText(name, raw, t) {
  if (raw == null) return "";
  switch (name) {
    case "deductible":
    case "annual_cap":
      return decNorm(String(raw.amount ?? ""));
    case "ratio":
      return raw.segments ? bandsText(raw.segments, t) : ratePct(raw.ratio);
    case "class_b_prepay_rate":
      return ratePct(raw.rate);
    case "second_layer":
      return [
        `${t("bandThreshold")} ${decNorm(String(raw.threshold ?? "0"))}`,
        bandsText(raw.segments ?? [], t),
        raw.cap != null
          ? `${t("bandCap")} ${decNorm(String(raw.cap))}`
          : t("bandNoCap"),
      ].join(t("listSep"));
    case "adjustment":
      if (raw.op === "none") return "0";
      if (raw.op === "pp_reduction" && PLAIN.test(String(raw.value)))
        return shift(String(raw.value), 2);
      return "";
    default:
      return "";
  }
}

/** What the data says beside the number: the deductible's period, the cap's basis, a segmented ratio's basis. */
export function rawQualifier(name, raw, t) {
  if (!raw) return "";
  if (name === "deductible" && raw.per) return t(`per_${raw.per}`);
  if (name === "annual_cap" && raw.basis) return t(`capBasis_${raw.basis}`);
  if (name === "ratio" && raw.segment_basis)
    return t(`segBasis_${raw.segment_basis}`);
  return "";
}

/** Whether an edit equals the data's own figure (`raw`), so that it is no override at all. */
export function sameAsData(name, text, raw, t) {
  if (!raw) return false;
  switch (name) {
    case "deductible":
    case "annual_cap":
      return decEq(normNum(text), raw.amount);
    case "class_b_prepay_rate":
      return decEq(percent(text, "", [], t), raw.rate);
    case "ratio":
      return sameRatio(parseRatio(text, t), raw);
    case "second_layer": {
      const r = parseSecondLayer(text, raw, t);
      return !r.error && rawText(name, r.value, t) === rawText(name, raw, t);
    }
    case "adjustment":
      return (
        rawText(name, raw, t) !== "" &&
        decEq(normNum(text), rawText(name, raw, t))
      );
    default:
      return false;
  }
}

/** Whether a parsed ratio ({flat} or {segments}) is the data's flat ratio or its bands, band by band. */
function sameRatio(r, raw) {
  if (r.error) return false;
  if (r.flat !== undefined)
    return raw.ratio != null && decEq(r.flat, raw.ratio);
  const segs = raw.segments;
  return (
    Array.isArray(segs) &&
    segs.length === r.segments.length &&
    segs.every((b, i) => {
      const seg = r.segments[i];
      if ((b.up_to == null) !== (seg.up_to == null)) return false;
      return (
        decEq(b.ratio, seg.ratio) &&
        (b.up_to == null || decEq(b.up_to, seg.up_to))
      );
    })
  );
}
