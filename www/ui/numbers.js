// Numbers and dates as a person types them, turned into the plain decimal text the core reads, without floating
// point. Pure (no DOM, no state). The core validates amounts; these only normalise what was typed (full-width digits,
// thousands separators, 元) and, for the view's few own needs, shift decimal points.

/**
 * Full-width digits and punctuation to ASCII, thousands separators dropped where a number is written in groups of three
 * ("30,000", "1,234,567.5"); elsewhere ("30000,400", "1,5000") they stay, for the core to refuse.
 */
export function ascii(s) {
  return halfWidth(s).replace(/(?<!\d)\d{1,3}(?:[,，]\d{3})+(?!\d)/g, (m) =>
    m.replace(/[,，]/g, ""),
  );
}

/** Full-width digits, point and minus to ASCII, nothing else changed (a pasted cell keeps its separators). */
export const halfWidth = (s) =>
  String(s ?? "")
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, ".")
    .replace(/－/g, "-");

/** Currency marks and words around an amount: 元, ¥, RMB, CNY, yuan. */
const CURRENCY = /[元¥￥]|(?<![a-z])(?:rmb|cny|yuan)(?![a-z])/gi;

/**
 * A number as typed → plain ASCII: also drops currency marks and spaces. A comma or space that does not separate
 * thousands in groups of three ("30000,50", "1,5000", "30000 40000", "30000 400") stays, so that the core refuses the
 * amount next to its field rather than reading another number ("30000,50" was 3000050, "30000 400" 30000400).
 */
export const normNum = (s) =>
  ascii(s)
    .replace(CURRENCY, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(?<!\d)\d{1,3}(?: \d{3})+(?!\d)/g, (m) => m.replace(/ /g, ""))
    .replace(/ (?!\d)|(?<!\d) /g, "");

/** Multiplies a plain decimal string (digits, optional fraction) by 10^n without floating point. */
export function shift(t, n) {
  let [i, f = ""] = t.split(".");
  if (n > 0) {
    f = f.padEnd(n, "0");
    i += f.slice(0, n);
    f = f.slice(n);
  } else if (n < 0) {
    const m = -n;
    i = i.padStart(m + 1, "0");
    f = i.slice(-m) + f;
    i = i.slice(0, -m);
  }
  i = i.replace(/^0+(?=\d)/, "");
  f = f.replace(/0+$/, "");
  return f ? `${i}.${f}` : i;
}

/** A plain decimal: digits, optionally a point and more digits. */
export const PLAIN = /^\d+(?:\.\d+)?$/;
/** "800.00" → "800"; non-numbers unchanged. */
export const decNorm = (t) => (PLAIN.test(String(t)) ? shift(String(t), 0) : t);
/** Whether two decimal texts are the same number ("800" and "800.00"); false when either is absent. */
export const decEq = (a, b) =>
  a != null && b != null && decNorm(String(a)) === decNorm(String(b));
/** A rate ("0.888") as a percentage ("88.8%"). */
export const ratePct = (r) =>
  PLAIN.test(String(r)) ? `${shift(String(r), 2)}%` : "";
/** Whether a core amount ("0", "0.00", absent) is nothing. */
export const isZero = (amount) => !amount || /^0(?:\.0+)?$/.test(amount);

/** An amount in 万 (ten thousands) as people often write it: "3万", "1.5万元", "３万", "3萬". */
const WAN = /^(\d+(?:\.\d+)?)[万萬]$/;

/** 万 and thousands as people say them: "3万5" and "3万5千" (35000), "3万5000" (35000). */
const WAN_AND = /^(\d+)[万萬](?:(\d)千?|(\d)千|(\d{4}))$/;

/** An amount as typed, normalised ("1.5万" → "15000", "3万5" → "35000"); undefined when empty (the core validates the
 * rest: what is not one of these stays as typed, for the core to refuse beside its field). */
export function money(s) {
  const t = normNum(s);
  if (t === "") return undefined;
  const wan = WAN.exec(t);
  if (wan) return shift(wan[1], 4);
  const and = WAN_AND.exec(t);
  if (!and) return t;
  // Digits put together, not added: "3" 万 and "5" 千 is "35000"; "3" 万 and "5000" is "35000".
  const thousands = and[2] ?? and[3];
  return thousands ? `${and[1]}${thousands}000` : `${and[1]}${and[4]}`;
}

/** The unit people add to an age or a count ("68岁", "68 周岁", "1次", "2年"), which says nothing more. */
const COUNT_UNIT = /\s*(?:周岁|週歲|岁|歲|次|年)$/;

/** A whole number as typed ("68", "68岁"): a number when it is one, else the text (so that the core reports it). */
export function whole(s) {
  const t = normNum(s).replace(COUNT_UNIT, "");
  if (t === "") return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** A list as typed ("a；b、c" or one per line) → its trimmed, non-empty parts. */
export const splitParts = (text) =>
  String(text)
    .split(/[;；\n、]+/)
    .map((p) => p.trim())
    .filter(Boolean);

/** A date as YYYY-MM-DD in the device's time zone. */
export function isoDate(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The device's date `n` days from today, as YYYY-MM-DD. */
export function daysFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return isoDate(d);
}
