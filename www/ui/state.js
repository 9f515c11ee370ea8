// The form's state: a plain object of short keys (the page keeps it in the URL fragment, "#q=" + base64url JSON), with
// the example a first visit starts from. Pure (no DOM): encodeState/decodeState are the link's format, and a link
// that is crafted or damaged is refused whole (decodeState returns null).
//
// Keys: si situation; ir/sc/st/age/tr insured region, scheme, status, age, contribution tier; vr/vk/cd/lv/nw/em visit region, kind, chronic
// disease, level, networked, emergency; ad/dc admission, discharge; dt visit date; fc/fk/fs/fe/fo/fsame/fa filing
// category, long-term kind, start, end, filed on, area same as the visit's, area; bm bill mode (simple | lines);
// bt/bo/bl/bb/br total, out of catalogue, over limit, class B, class-B rate; ha/hd/hf history: admissions, deductible
// paid, fund paid; lines [[name, amount, class, rate, over], …]; ov the parameters panel's edits by figure name;
// dg/wf/we/wl/f2/f2c/f2s/f2e/f2a designated, waiting period and a second filing (situations.js); issue 13's
// accounts, layers and quota (layers.js, LAYER_STATE).

import { daysFromToday, normNum } from "./numbers.js";
import { PARAMS } from "./figure-text.js";
import {
  SITUATION_FLAGS,
  situationsDefaults,
  situationsShown,
} from "./situations.js";
import { LAYER_STATE } from "./layers.js";

/** The worked example's places: a 武汉 retiree treated in 深圳. */
const EXAMPLE = { ir: "420100", vr: "440300" };

/** The example a first visit starts from, so that a result shows at once. */
export function defaultState({ insured, treated } = {}) {
  const year = new Date().getFullYear();
  // The example is care away from home: a host's place that is the example's other one moves it (helper-77: a 深圳
  // insurer's example was a local stay with a long-term filing).
  const ir = insured || (treated === EXAMPLE.ir ? "310000" : EXAMPLE.ir);
  const vr = treated || (insured === EXAMPLE.vr ? "310000" : EXAMPLE.vr);
  return {
    si: "",
    lt: "",
    rf: "",
    pd: "",
    ir,
    sc: "employee",
    st: "retired",
    age: "",
    tr: "",
    vr,
    vk: "inpatient",
    cd: "",
    lv: "tertiary",
    nw: 1,
    em: 0,
    ad: daysFromToday(-14),
    dc: daysFromToday(-1),
    dt: daysFromToday(-1),
    fc: "long_term",
    fk: "retiree",
    fs: `${year - 1}-06-01`,
    fe: "",
    fo: "",
    fsame: 1,
    fa: "",
    bm: "simple",
    bt: "30000",
    bo: "10000",
    bl: "",
    bb: "",
    br: "",
    ha: "",
    hd: "",
    hf: "",
    lines: [],
    ov: {},
    ...situationsDefaults(),
    ...LAYER_STATE,
  };
}

/** Who and where: a change to one of these makes the example the person's own case (calculator-ui.js leaveExample). */
export const WHO = new Set([
  "insured.region",
  "insured.scheme",
  "insured.status",
  "visit.region",
  "visit.kind",
  "situation",
]);
/** The example's own case, cleared when the person makes it theirs: its filing and its bill. */
export const EXAMPLE_CASE = { fc: "", fs: "", bt: "", bo: "" };

/**
 * The dates a situation contradicts while they are still the example's (the person never typed them): a planned visit
 * has no day yet, a stay under way no discharge. Kept, the example's past dates put a person planning a visit after
 * its discharge (told to file afterwards and claim) and one in hospital after theirs. Pure: the fields to clear.
 */
export function exampleDatesAgainst(si, form, example) {
  const keys =
    si === "planning" ? ["ad", "dc", "dt"] : si === "in_hospital" ? ["dc"] : [];
  const out = {};
  for (const k of keys) if (form[k] && form[k] === example[k]) out[k] = "";
  return out;
}

/** A cleared form: the person fills everything in. */
export function blankState() {
  return {
    ...defaultState(),
    ir: "",
    // Who the person is, not the example's retiree: an employee in work who missed the field got the retiree's ratio;
    // nor the example's scheme (a 居民 priced as a 职工; helper-53).
    sc: "",
    st: "",
    vr: "",
    ad: "",
    dc: "",
    dt: "",
    fc: "",
    fs: "",
    bt: "",
    bo: "",
  };
}

function b64urlEncode(text) {
  let bin = "";
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64urlDecode(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The state as a compact fragment: empty strings and empty collections are left out. */
export function encodeState(s) {
  const compact = { v: 1 };
  for (const [k, v] of Object.entries(s)) {
    if (v === "" || v == null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === "ov" && Object.keys(v).length === 0) continue;
    compact[k] = v;
  }
  return `#q=${b64urlEncode(JSON.stringify(compact))}`;
}

// What a link may hold: a text field at most MAX_TEXT characters, at most MAX_LINES bill lines. Anything longer, or
// of another type than the form writes, makes the link unreadable (a crafted or damaged link is refused whole).
export const MAX_TEXT = 500;
export const MAX_LINES = 1000;
const FLAGS = ["nw", "em", "fsame", ...SITUATION_FLAGS];
const isText = (v) => typeof v === "string" && v.length <= MAX_TEXT;
const isFlag = (v) => v === 0 || v === 1 || v === true || v === false;

/** The fragment's payload: "#q=…", also when a mail or chat program percent-encoded it. */
/** A link's fragment: the state, and the page's language after it when the page wrote one (`#q=…&l=zh-Hant`). */
/** The state's part of a fragment's `&`-separated parts, wherever it stands (`#l=en&q=…` too; helper-69). */
const STATE_PART = /^q=[A-Za-z0-9_-]+$/;
const LOCALE_NAMES = { "zh-hans": "zh-Hans", "zh-hant": "zh-Hant", en: "en" };

/**
 * The language a fragment's `l=` parts name (the first one known, in any letter case), or null: an odd `l=` (EN, fr,
 * two of them) does not throw the state away (helper-65), the browser's language then serves.
 */
function localeIn(parts) {
  for (const part of String(parts ?? "").split("&")) {
    if (!part.startsWith("l=")) continue;
    const name = LOCALE_NAMES[part.slice(2).toLowerCase()];
    if (name) return name;
  }
  return null;
}

/** [_, the state's payload, the other parts joined by `&`] of a fragment, or null. */
function fragmentParts(raw) {
  if (!raw.startsWith("#")) return null;
  const parts = raw.slice(1).split("&");
  const at = parts.findIndex((p) => STATE_PART.test(p));
  if (at < 0) return null;
  return [raw, parts[at].slice(2), parts.filter((_, i) => i !== at).join("&")];
}

function fragmentMatch(hash) {
  const raw = String(hash ?? "");
  const m = fragmentParts(raw);
  if (m) return m;
  if (!raw.includes("%") || raw.length > 100_000) return null;
  try {
    return fragmentParts(decodeURIComponent(raw));
  } catch {
    return null; // malformed percent-encoding
  }
}

function fragmentPayload(hash) {
  return fragmentMatch(hash)?.[1] ?? null;
}

/** The language a link was written in (a link shared from a 繁體 page opens in 繁體), or null. */
export function fragmentLocale(hash) {
  const m = fragmentMatch(hash);
  if (m) return localeIn(m[2]);
  // A link whose state does not read (cut short by a chat app, garbled) still says its language, as does `#l=…` alone
  // (helper-49: both opened in the browser's language).
  return localeIn(String(hash ?? "").replace(/^#/, ""));
}

/** Whether a fragment gives the page's language and nothing else (`#l=en`: an information site's link to a
 * language, or the example's own address); no state to read, and nothing unreadable about it. */
export function languageOnly(hash) {
  const h = String(hash ?? "");
  return /^#l=[^&]*$/.test(h) && fragmentLocale(h) !== null;
}

/** The state in a fragment, or null (no fragment, or one that cannot be read). */
export function decodeState(hash) {
  const payload = fragmentPayload(hash);
  if (!payload) return null;
  let o;
  try {
    o = JSON.parse(b64urlDecode(payload));
  } catch {
    return null;
  }
  if (!o || typeof o !== "object" || Array.isArray(o) || o.v !== 1) return null;
  const s = { ...blankState(), nw: 0, em: 0, fsame: 0, f2: 0 };
  for (const k of Object.keys(s)) {
    if (k === "lines" || k === "ov") continue;
    if (!Object.hasOwn(o, k)) {
      if (typeof s[k] === "string") s[k] = "";
      continue;
    }
    const v = o[k];
    if (FLAGS.includes(k)) {
      if (!isFlag(v)) return null;
      s[k] = v ? 1 : 0;
    } else if (isText(v)) s[k] = v;
    else return null;
  }
  const lines = Object.hasOwn(o, "lines") ? o.lines : [];
  if (
    !Array.isArray(lines) ||
    lines.length > MAX_LINES ||
    !lines.every((l) => Array.isArray(l) && l.length <= 5 && l.every(isText))
  )
    return null;
  s.lines = lines.map((l) => [...l]);
  const ov = Object.hasOwn(o, "ov") ? o.ov : {};
  if (!ov || typeof ov !== "object" || Array.isArray(ov)) return null;
  s.ov = {};
  for (const [k, v] of Object.entries(ov)) {
    if (!Object.hasOwn(PARAMS, k) || !isText(v)) return null;
    s.ov[k] = v;
  }
  return s;
}

/** Whether the person can still file (planning, or in hospital): when living there and a referral are asked. */
export const canFile = (s) => s.si === "planning" || s.si === "in_hospital";

/** Whether the visit is a stay, dated by admission and discharge (a hospital stay, a childbirth), not by one day. */
export const isStay = (s) => s.vk === "inpatient" || s.vk === "maternity";

/** Which parts of the form show for a state: data-show name → shown (the form hides the others). */
export function shownParts(s, details = []) {
  return {
    employee: s.sc === "employee",
    resident: s.sc === "resident",
    // The contribution tier: where the core says the region's figures depend on it (R5.6g), or once given.
    tier: s.sc === "resident" && (!!s.tr || details.includes("insured.tier")),
    "not-pharmacy": s.vk !== "pharmacy",
    chronic: s.vk === "chronic_outpatient",
    inpatient: isStay(s),
    "not-inpatient": !isStay(s),
    "long-term": s.fc === "long_term",
    filed: s.fc !== "",
    area: s.fc !== "" && !s.fsame,
    "bill-simple": s.bm !== "lines",
    "bill-lines": s.bm === "lines",
    "class-b": normNum(s.bb) !== "" || normNum(s.br) !== "",
    "can-file": canFile(s),
    discharged: s.si === "discharged",
    ...situationsShown(s),
  };
}
