// 异地就医计算器: the view, shared by the standalone page (app.js) and the <yidi-calculator> element. Hand-written ES
// module, no framework. The rules live in the wasm core; this module turns a form into a query, calls the core, and
// renders what it returns as text (never as HTML).
//
//   import { mount } from "./calculator-ui.js";
//   const ui = mount(rootElementOrShadowRoot, { calc, locale: "zh-Hans", layout: "full" });
//   ui.setLocale("en"); // loads the words if need be, then rebuilds the labels, keeps what was typed
//
// Flow: form state (a plain object; the page keeps it in the URL fragment) → query (the core's JSON contract,
// src/query.rs) → calc.figures() for the parameters panel, calc.estimate() for the result, or calc.verdict() when the
// insured region's figures must still be entered. Errors thrown by the core carry .path (a query path); every input
// carries data-path with the query path it feeds, so that an error lands next to its field. Nothing leaves the browser.

import { renderOptions } from "./options-view.js";
import { renderPastSlip } from "./past-slip-view.js";
import {
  translator,
  pickLocale,
  loadLocale,
  localeLoaded,
  LOCALES,
} from "./i18n.js";

export { pickLocale, LOCALES };

const DEBOUNCE_MS = 150;

/** The figures in the parameters panel, in order (names are the core's override names). */
const PARAMS = {
  deductible: { kind: "amount" },
  ratio: { kind: "ratio", hint: true, alt: "overrides.segments" },
  annual_cap: { kind: "amount" },
  second_layer: { kind: "second_layer", hint: true },
  class_b_prepay_rate: { kind: "percent" },
  adjustment: { kind: "points" },
};

const TONE = {
  not_required: "good",
  valid: "good",
  deemed_filed: "good",
  late_before_discharge: "warn",
  not_yet_valid: "warn",
  missing: "bad",
  expired: "bad",
  late_after_discharge: "bad",
  local: "good",
  direct: "good",
  manual: "warn",
  not_covered: "bad",
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers (no state)
// ---------------------------------------------------------------------------------------------------------------

const $ = (sel, root) => root.querySelector(sel);
const $$ = (sel, root) => [...root.querySelectorAll(sel)];

/** An SVG element with attributes and children (the timeline picture). */
function svg(tag, attrs = {}, ...kids) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids.flat()) if (k) el.append(k);
  return el;
}

/** createElement with properties; strings become text nodes (never parsed as HTML). */
function h(tag, props = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}

/** A source's address as a link target: absolute http(s) only (a policies file may say anything: javascript:, data:,
 * a relative path); null otherwise, and the source is then shown as plain text. */
export function webUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function isoDate(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function daysFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** Full-width digits and punctuation to ASCII, thousands separators dropped. */
function ascii(s) {
  return String(s ?? "")
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, ".")
    .replace(/－/g, "-")
    .replace(/(\d)[,，](?=\d{3}(?:\D|$))/g, "$1");
}

/** A number as typed → plain ASCII: also drops spaces and currency marks. */
const normNum = (s) => ascii(s).replace(/[,，\s元¥￥]/g, "");

/** Multiplies a plain decimal string (digits, optional fraction) by 10^n without floating point. */
function shift(t, n) {
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

const PLAIN = /^\d+(?:\.\d+)?$/;
/** "800.00" → "800"; non-numbers unchanged. */
const decNorm = (t) => (PLAIN.test(String(t)) ? shift(String(t), 0) : t);
const decEq = (a, b) =>
  a != null && b != null && decNorm(String(a)) === decNorm(String(b));
/** A rate ("0.888") as a percentage ("88.8%"). */
const ratePct = (r) => (PLAIN.test(String(r)) ? `${shift(String(r), 2)}%` : "");
const isZero = (amount) => !amount || /^0(?:\.0+)?$/.test(amount);

/** An amount as typed, normalised; undefined when empty (the core validates the rest). */
function money(s) {
  const t = normNum(s);
  return t === "" ? undefined : t;
}

/** A whole number as typed: a number when it is one, else the text (so that the core reports it). */
function whole(s) {
  const t = normNum(s);
  if (t === "") return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** Amount text → whole fen, or null. */
function fen(t) {
  const s = normNum(t);
  if (s === "") return 0;
  if (!/^\d+(?:\.\d{1,2})?$/.test(s)) return null;
  return Number(shift(s, 2));
}
const yuan = (f) => shift(String(f), -2);

function sumAmounts(...xs) {
  const s = yuan(xs.reduce((a, x) => a + (fen(x) ?? 0), 0));
  const [i, f = ""] = s.split(".");
  return `${i}.${f.padEnd(2, "0")}`;
}

const splitParts = (text) =>
  String(text)
    .split(/[;；\n、]+/)
    .map((p) => p.trim())
    .filter(Boolean);

// Keywords of the band texts, in every language (what was typed in one language still reads in another).
const NO_CAP = /不封顶|不封頂|no cap|uncapped/i;
const CAP = /封顶|封頂|\bcap\b/i;
const THRESHOLD = /起付|threshold/i;

// ---------------------------------------------------------------------------------------------------------------
// State: the form as a plain object (the page keeps it in the URL fragment)
// ---------------------------------------------------------------------------------------------------------------

/** The example a first visit starts from, so that a result shows at once. */
export function defaultState({ insured, treated } = {}) {
  const year = new Date().getFullYear();
  return {
    si: "",
    ir: insured || "420100",
    sc: "employee",
    st: "retired",
    age: "",
    vr: treated || "440300",
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
  };
}

/** A cleared form: the person fills everything in. */
function blankState() {
  return {
    ...defaultState(),
    ir: "",
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
const MAX_TEXT = 500;
const MAX_LINES = 200;
const FLAGS = ["nw", "em", "fsame"];
const isText = (v) => typeof v === "string" && v.length <= MAX_TEXT;
const isFlag = (v) => v === 0 || v === 1 || v === true || v === false;

/** The fragment's payload: "#q=…", also when a mail or chat program percent-encoded it. */
function fragmentPayload(hash) {
  const raw = String(hash ?? "");
  const m = /^#q=([A-Za-z0-9_-]+)$/.exec(raw);
  if (m) return m[1];
  if (!raw.includes("%") || raw.length > 100_000) return null;
  try {
    return /^#q=([A-Za-z0-9_-]+)$/.exec(decodeURIComponent(raw))?.[1] ?? null;
  } catch {
    return null; // malformed percent-encoding
  }
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
  const s = { ...blankState(), nw: 0, em: 0, fsame: 0 };
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

// ---------------------------------------------------------------------------------------------------------------
// mount
// ---------------------------------------------------------------------------------------------------------------

/**
 * The English names of the provinces and regions by code (places-en.json, ~2.5 KB gzipped; not in the wasm's data,
 * for the first load's sake): fetched for English pages and for the search. Resolves to the names, or null.
 */
let englishNames = null;
let englishLoad = null;
function loadEnglishNames() {
  englishLoad ??= fetch(new URL("./places-en.json", import.meta.url))
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null)
    .then((names) => {
      if (names) englishNames = names;
      else englishLoad = null;
      return names;
    });
  return englishLoad;
}

/**
 * The region search (place-search.js) and its county-level places (places.json, ~40 KB gzipped), fetched when a
 * person first types into a region search rather than with the page. Resolves to { searchRegion, places }; places is
 * null when the file could not be had (offline before its first use: regions are still found), and is asked for
 * again next time.
 */
let searchLoad = null;
function loadSearch() {
  searchLoad ??= Promise.all([
    import("./place-search.js"),
    fetch(new URL("./places.json", import.meta.url))
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null),
    loadEnglishNames(),
  ]).then(
    ([m, places, names]) => {
      if (!places) searchLoad = null;
      return { searchRegion: m.searchRegion, places, names };
    },
    (e) => {
      searchLoad = null;
      throw e;
    },
  );
  return searchLoad;
}

/**
 * Renders the calculator into `root` (an element or a shadow root) and returns its controller.
 *
 * options: calc (from createCalculator), locale ("zh-Hans" | "zh-Hant" | "en"; a locale not loaded yet with loadLocale
 * shows 简体中文 until its words have come), layout ("full" | "compact"),
 * defaults ({ insured, treated }: region codes or names), state (a saved state, e.g. from decodeState),
 * idPrefix (when several instances share one document), onChange(state), onResult(info),
 * resultActions(t) → nodes placed under the result (the page's copy-link and print buttons).
 */
export function mount(root, options) {
  const { calc, onChange, onResult, resultActions } = options;
  const prefix = options.idPrefix ?? "";
  const id = (x) => `${prefix}${x}`;
  let wanted = LOCALES.includes(options.locale) ? options.locale : "zh-Hans";
  let locale = localeLoaded(wanted) ? wanted : "zh-Hans";
  let layout = options.layout === "compact" ? "compact" : "full";
  let t = translator(locale);
  /** A core message ({zh, zh_hant, en}) in the current language. */
  const pick = (m) =>
    m == null
      ? ""
      : typeof m === "string"
        ? m
        : ((locale === "en" ? m.en : locale === "zh-Hant" ? m.zh_hant : m.zh) ??
          m.zh);

  // Regions: code → { code, name, aliases, has_figures, province: {code, name, short} }
  const regionByCode = new Map();
  const provinces = calc.regions().filter((p) => p.regions.length > 0);
  for (const p of provinces) {
    for (const r of p.regions) regionByCode.set(r.code, { ...r, province: p });
  }

  // Per-instance state.
  let overrides = {};
  let timer = null;
  let diseaseKey = null;
  let hasResult = false;
  let lastBase = null;
  let lineUid = 0;
  let destroyed = false;
  let waitingForCore = false;
  let errorCount = 0;
  let shownErrors = [];
  let nextErrors = [];
  const paramRows = new Map();
  /** Elements of the current build (rebuilt when the language changes). */
  let ui = {};

  const container = h("div", { class: "yidi", part: "root" });
  root.append(container);

  // -------------------------------------------------------------------------------------------------------------
  // Names in the current language
  // -------------------------------------------------------------------------------------------------------------

  const nameOf = (x) =>
    (locale === "en"
      ? (englishNames?.[x.code] ?? x.name_en)
      : locale === "zh-Hant"
        ? x.name_zh_hant
        : null) || x.name;

  function regionName(code) {
    const r = regionByCode.get(code);
    if (r) return nameOf(r);
    const p = provinces.find((x) => x.code === code);
    return p ? nameOf(p) : code;
  }

  const searchText = (r) => `${nameOf(r)} ${r.code}`;

  /** The core's reading of a code or name (a county's code gives its region), or null. */
  function coreRegion(text) {
    try {
      return calc.region(normNum(String(text)).trim()) ?? null;
    } catch {
      return null;
    }
  }

  /** A region given by the host (defaults, setRegions) as a code or name → the region, if the core knows it. */
  const findRegion = (text) => regionByCode.get(coreRegion(text)) ?? null;

  // -------------------------------------------------------------------------------------------------------------
  // Building the form
  // -------------------------------------------------------------------------------------------------------------

  /** A labelled control in a .field, with an optional hint tied to it by aria-describedby. */
  function field(labelKey, control, { show, hint, cls } = {}) {
    const hintEl = hint
      ? h("p", { class: "hint", id: `${control.id}-hint` }, t(hint))
      : null;
    if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
    return h(
      "div",
      {
        class: cls ? `field ${cls}` : "field",
        dataset: show ? { show } : undefined,
      },
      h("label", { for: control.id, part: "label" }, t(labelKey)),
      control,
      hintEl,
    );
  }

  const input = (
    key,
    name,
    path,
    { mode, type = "text", placeholder, kind } = {},
  ) =>
    h("input", {
      id: id(key),
      name,
      type,
      inputmode: mode,
      placeholder: placeholder ? t(placeholder) : null,
      part: "input",
      dataset: path ? { path, ...(kind ? { kind } : {}) } : undefined,
    });

  const select = (key, name, path, options) =>
    h(
      "select",
      {
        id: id(key),
        name,
        part: "input",
        dataset: path ? { path } : undefined,
      },
      options.map(([value, label]) => h("option", { value }, t(label))),
    );

  function check(key, name, labelKey, { checked, show } = {}) {
    return h(
      "div",
      { class: "check", dataset: show ? { show } : undefined },
      h("input", {
        id: id(key),
        name,
        type: "checkbox",
        checked,
        part: "input",
      }),
      h("label", { for: id(key), part: "label" }, t(labelKey)),
    );
  }

  const row = (...kids) => h("div", { class: "row" }, kids);
  const fieldset = (legendKey, ...kids) =>
    h("fieldset", {}, h("legend", {}, t(legendKey)), kids);

  /** A province → city picker (with a type-to-search input for the insured and treated regions). */
  function regionPicker(name, path, stateKey) {
    const search =
      name === "area"
        ? null
        : h("input", {
            id: id(`${name}-search`),
            type: "search",
            list: id("region-list"),
            placeholder: t(`${name}SearchPlaceholder`),
            part: "input",
            dataset: { path, ui: "search" },
          });
    const province = h("select", {
      id: id(`${name}-province`),
      part: "input",
      dataset: { ui: "province" },
    });
    const region = h("select", {
      id: id(`${name}-region`),
      name: stateKey,
      part: "input",
      dataset: { path, ui: "region" },
    });
    return h(
      "div",
      {
        class: "region-picker",
        dataset: { picker: name, ...(name === "area" ? { show: "area" } : {}) },
      },
      search ? field(`${name}Search`, search) : null,
      row(field(`${name}Province`, province), field(`${name}City`, region)),
    );
  }

  function buildForm() {
    const compact = layout === "compact";
    const more = (...kids) =>
      compact
        ? h(
            "details",
            { class: "more", part: "more" },
            h("summary", {}, t("moreOptions")),
            kids,
          )
        : kids;
    const billRadios = h(
      "fieldset",
      { class: "radios" },
      h("legend", {}, t("billMode")),
      h(
        "div",
        { class: "check" },
        h("input", {
          id: id("bill-simple"),
          name: "bm",
          type: "radio",
          value: "simple",
          checked: true,
          part: "input",
        }),
        h("label", { for: id("bill-simple"), part: "label" }, t("billSimple")),
      ),
      h(
        "div",
        { class: "check" },
        h("input", {
          id: id("bill-lines"),
          name: "bm",
          type: "radio",
          value: "lines",
          part: "input",
        }),
        h("label", { for: id("bill-lines"), part: "label" }, t("billLines")),
      ),
    );
    ui.linesEl = h("ol", { id: id("lines"), class: "lines" });
    ui.addLine = h(
      "button",
      {
        type: "button",
        id: id("add-line"),
        class: "secondary",
        part: "button",
      },
      t("addLine"),
    );
    const history = h(
      "fieldset",
      {},
      h("legend", {}, t("legendHistory")),
      h(
        "div",
        { class: "row three" },
        field(
          "admissions",
          input("admissions", "ha", "history.admissions", {
            mode: "numeric",
            placeholder: "zero",
          }),
        ),
        field(
          "deductiblePaid",
          input("deductible-paid", "hd", "history.deductible_paid", {
            mode: "decimal",
            placeholder: "zero",
          }),
        ),
        field(
          "fundPaid",
          input("fund-paid", "hf", "history.fund_paid", {
            mode: "decimal",
            placeholder: "zero",
          }),
        ),
      ),
    );
    const simpleMore = h(
      "div",
      {},
      row(
        field(
          "overLimit",
          input("over-limit", "bl", "bill.over_limit", {
            mode: "decimal",
            placeholder: "zero",
          }),
        ),
        field(
          "classB",
          input("class-b", "bb", "bill.class_b.amount", {
            mode: "decimal",
            placeholder: "zero",
          }),
        ),
      ),
      field(
        "classBRate",
        input("class-b-rate", "br", "bill.class_b.prepay_rate", {
          mode: "decimal",
          placeholder: "byTreatedRegion",
          kind: "percent",
        }),
        { show: "class-b", hint: "classBRateHint" },
      ),
    );

    const form = h(
      "form",
      {
        id: id("form"),
        class: "panel form",
        part: "form",
        novalidate: true,
        autocomplete: "off",
        "aria-labelledby": id("form-title"),
      },
      h(
        "h2",
        { class: "visually-hidden", id: id("form-title") },
        t("formTitle"),
      ),
      fieldset(
        "legendSituation",
        field(
          "situation",
          select("situation", "si", "situation", [
            ["", "situationUnset"],
            ["planning", "situationPlanning"],
            ["in_hospital", "situationInHospital"],
            ["discharged", "situationDischarged"],
          ]),
          { hint: "situationHint" },
        ),
      ),
      fieldset(
        "legendInsured",
        regionPicker("insured", "insured.region", "ir"),
        row(
          field(
            "scheme",
            select("scheme", "sc", "insured.scheme", [
              ["employee", "schemeEmployee"],
              ["resident", "schemeResident"],
            ]),
          ),
          field(
            "status",
            select("status", "st", "insured.status", [
              ["retired", "statusRetired"],
              ["employed", "statusEmployed"],
            ]),
            { show: "employee" },
          ),
          field(
            "age",
            input("age", "age", "insured.age", {
              mode: "numeric",
              placeholder: "agePlaceholder",
            }),
            { show: "resident" },
          ),
        ),
      ),
      fieldset(
        "legendVisit",
        regionPicker("visit", "visit.region", "vr"),
        row(
          field(
            "kind",
            select("kind", "vk", "visit.kind", [
              ["inpatient", "kindInpatient"],
              ["outpatient", "kindOutpatient"],
              ["chronic_outpatient", "kindChronic"],
              ["pharmacy", "kindPharmacy"],
            ]),
          ),
          field(
            "level",
            select("level", "lv", "visit.hospital_level", [
              ["tertiary", "levelTertiary"],
              ["secondary", "levelSecondary"],
              ["primary", "levelPrimary"],
              ["community", "levelCommunity"],
            ]),
            { show: "not-pharmacy" },
          ),
        ),
        field(
          "disease",
          h("select", {
            id: id("disease"),
            name: "cd",
            part: "input",
            dataset: { path: "visit.chronic_disease" },
          }),
          { show: "chronic" },
        ),
        h(
          "div",
          { class: "checks" },
          check("networked", "nw", "networked", { checked: true }),
          check("emergency", "em", "emergency", { show: "not-pharmacy" }),
        ),
        h(
          "div",
          { class: "row", dataset: { show: "inpatient" } },
          field(
            "admission",
            input("admission", "ad", "visit.admission", { type: "date" }),
          ),
          field(
            "discharge",
            input("discharge", "dc", "visit.discharge", { type: "date" }),
          ),
        ),
        field(
          "visitDate",
          input("visit-date", "dt", "visit.date", { type: "date" }),
          { show: "not-inpatient" },
        ),
      ),
      fieldset(
        "legendFiling",
        row(
          field(
            "filing",
            select("filing", "fc", "filing.category", [
              ["", "filingNone"],
              ["long_term", "filingLongTerm"],
              ["referral", "filingReferral"],
              ["emergency", "filingEmergency"],
              ["temporary_other", "filingTemporary"],
            ]),
          ),
          field(
            "filingKind",
            select("filing-kind", "fk", "filing.long_term_kind", [
              ["retiree", "kindRetiree"],
              ["resident", "kindResident"],
              ["posted_worker", "kindPosted"],
            ]),
            { show: "long-term" },
          ),
        ),
        h(
          "div",
          { dataset: { show: "filed" } },
          row(
            field(
              "filingStart",
              input("filing-start", "fs", "filing.start", { type: "date" }),
            ),
            field(
              "filingEnd",
              input("filing-end", "fe", "filing.end", { type: "date" }),
              { hint: "filingEndHint" },
            ),
          ),
          field(
            "filedOn",
            input("filing-on", "fo", "filing.filed_on", { type: "date" }),
            { hint: "filedOnHint" },
          ),
          check("filing-same", "fsame", "filingSame", { checked: true }),
          regionPicker("area", "filing.area", "fa"),
        ),
      ),
      fieldset(
        "legendBill",
        compact ? null : billRadios,
        h(
          "div",
          { dataset: { show: "bill-simple" } },
          row(
            field(
              "total",
              input("total", "bt", "bill.total", { mode: "decimal" }),
            ),
            field(
              "outOfCatalogue",
              input("out-of-catalogue", "bo", "bill.out_of_catalogue", {
                mode: "decimal",
                placeholder: "zero",
              }),
            ),
          ),
          compact ? null : simpleMore,
        ),
        h("div", { dataset: { show: "bill-lines" } }, ui.linesEl, ui.addLine),
        more(
          compact ? billRadios : null,
          compact ? simpleMore : null,
          compact ? history : null,
        ),
      ),
      compact ? null : history,
      h(
        "p",
        { class: "form-actions" },
        h(
          "button",
          {
            type: "button",
            id: id("clear"),
            class: "secondary",
            part: "button",
          },
          t("clear"),
        ),
        h(
          "button",
          {
            type: "button",
            id: id("reset"),
            class: "secondary",
            part: "button",
          },
          t("reset"),
        ),
      ),
    );
    return form;
  }

  function build() {
    ui = {};
    paramRows.clear();
    shownErrors = [];
    hasResult = false;
    diseaseKey = null;
    container.dataset.layout = layout;
    container.setAttribute("lang", locale);
    ui.form = buildForm();
    ui.live = h("p", {
      id: id("live"),
      class: "visually-hidden",
      "aria-live": "polite",
    });
    ui.resultErrors = h("div", {
      id: id("result-errors"),
      class: "result-errors",
    });
    ui.staleNote = h(
      "p",
      { id: id("stale-note"), class: "stale-note", hidden: true },
      t("staleNote"),
    );
    ui.resultBody = h(
      "div",
      { id: id("result-body"), class: "result-body" },
      h("p", { class: "loading" }, t("loading")),
    );
    ui.result = h(
      "section",
      {
        id: id("result"),
        class: "result",
        part: "result",
        "aria-busy": "true",
        "aria-labelledby": id("result-title"),
      },
      h(
        "h2",
        { class: "visually-hidden", id: id("result-title") },
        t("resultTitle"),
      ),
      ui.live,
      ui.resultErrors,
      ui.staleNote,
      ui.resultBody,
      resultActions ? h("p", { class: "actions" }, resultActions(t)) : null,
    );
    ui.paramsBody = h("div", { id: id("params-body"), class: "params-body" });
    const paramsKids = [
      h("p", { class: "hint" }, t("paramsHint")),
      ui.paramsBody,
      renderPastSlip({
        h,
        t,
        pick,
        ratioFromSlip: (slip) => calc.ratioFromSlip(slip),
        onRatio: (percent) => {
          overrides.ratio = percent;
          compute();
        },
        idPrefix: id("params"),
      }),
    ];
    if (layout === "compact") {
      ui.paramsDetails = h(
        "details",
        { class: "params-details" },
        h("summary", { id: id("params-title") }, t("paramsTitle")),
        paramsKids,
      );
      ui.params = h(
        "section",
        {
          id: id("params"),
          class: "panel params",
          part: "params",
          "aria-labelledby": id("params-title"),
        },
        ui.paramsDetails,
      );
    } else {
      ui.params = h(
        "section",
        {
          id: id("params"),
          class: "panel params",
          part: "params",
          "aria-labelledby": id("params-title"),
        },
        h("h2", { id: id("params-title") }, t("paramsTitle")),
        paramsKids,
      );
    }
    ui.datalist = h(
      "datalist",
      { id: id("region-list") },
      [...regionByCode.values()].map((r) =>
        h("option", { value: searchText(r), label: nameOf(r.province) }),
      ),
    );
    container.replaceChildren(
      h("div", { class: "layout" }, ui.form, ui.result, ui.params),
      ui.datalist,
    );
    for (const name of ["insured", "visit", "area"]) wirePicker(name);
    wireForm();
    wireParams();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Regions: province → city pickers and the type-to-search input
  // -------------------------------------------------------------------------------------------------------------

  function picker(name) {
    const el = $(`[data-picker="${name}"]`, ui.form);
    return {
      search: $('[data-ui="search"]', el),
      province: $('[data-ui="province"]', el),
      region: $('[data-ui="region"]', el),
    };
  }

  function fillProvinces(p) {
    p.province.replaceChildren(
      h("option", { value: "" }, t("chooseProvince")),
      ...provinces.map((pr) => h("option", { value: pr.code }, nameOf(pr))),
    );
  }

  function fillCities(p, provinceCode, withProvince) {
    const pr = provinces.find((x) => x.code === provinceCode);
    const options = [h("option", { value: "" }, t("chooseCity"))];
    if (pr) {
      if (withProvince && pr.regions.length > 1) {
        options.push(
          h(
            "option",
            { value: pr.code },
            t("wholeProvince", { name: nameOf(pr) }),
          ),
        );
      }
      for (const r of pr.regions)
        options.push(h("option", { value: r.code }, nameOf(r)));
    }
    p.region.replaceChildren(...options);
  }

  /** Shows a region code in a picker (province, city, search text). */
  function setRegion(name, code) {
    const p = picker(name);
    const r = regionByCode.get(code);
    const prov =
      r?.province.code ?? (provinces.some((x) => x.code === code) ? code : "");
    p.province.value = prov;
    fillCities(p, prov, name === "area");
    p.region.value = r || prov ? code : "";
    if (p.search) p.search.value = r ? searchText(r) : "";
  }

  function wirePicker(name) {
    const p = picker(name);
    fillProvinces(p);
    fillCities(p, "", name === "area");
    p.province.addEventListener("change", () => {
      fillCities(p, p.province.value, name === "area");
      const pr = provinces.find((x) => x.code === p.province.value);
      if (pr && pr.regions.length === 1) p.region.value = pr.regions[0].code;
      if (p.search) {
        const r = regionByCode.get(p.region.value);
        p.search.value = r ? searchText(r) : "";
      }
    });
    p.region.addEventListener("change", () => {
      const r = regionByCode.get(p.region.value);
      if (p.search) p.search.value = r ? searchText(r) : "";
    });
    if (!p.search) return;
    const hint = h("p", {
      class: "hint search-hint",
      id: `${p.search.id}-hint`,
      role: "status",
      hidden: true,
    });
    p.search.closest(".field").append(hint);
    p.search.setAttribute("aria-describedby", hint.id);
    // What was typed → the region search (loaded on first use) → the pickers, with a word on what was understood. A
    // final search (Enter, leaving the field, a suggestion picked) that finds no one city clears the city and says so.
    let asked = 0;
    const apply = async (final) => {
      const text = p.search.value;
      const turn = ++asked;
      // A code or a region's own name: the core answers at once, before the search has loaded.
      const quick = coreRegion(text);
      if (quick && regionByCode.has(quick))
        showFound(
          p,
          hint,
          text,
          { region: quick, matches: [], province: null },
          final,
        );
      let found;
      try {
        const { searchRegion, places, names } = await loadSearch();
        found = searchRegion(text, {
          provinces,
          places,
          names,
          resolve: coreRegion,
        });
      } catch {
        // The search module could not be had (offline before its first use): the core still knows names and codes.
        const code = coreRegion(text);
        found = {
          region: code,
          matches: code ? [{ region: code, place: null }] : [],
          province: null,
        };
      }
      if (destroyed || turn !== asked) return; // a later keystroke has its own answer
      showFound(p, hint, text, found, final);
    };
    p.search.addEventListener("input", () => apply(false));
    p.search.addEventListener("change", () => apply(true));
  }

  const placeName = (place) => (locale === "en" ? place.pinyin : place.name);
  /** A match as a person reads it: 项城市（周口市）, or the region alone. */
  function matchName({ region, place }) {
    const r = regionByCode.get(region);
    const city = r ? nameOf(r) : region;
    return place
      ? t("placeInRegion", { place: placeName(place), region: city })
      : city;
  }

  /** Shows a search's outcome in the pickers and the hint, and offers its places in the suggestions. */
  function showFound(p, hint, text, found, final) {
    const r = regionByCode.get(found.region);
    const others = found.matches.filter((m) => m.region !== found.region);
    const notes = [];
    if (r) {
      if (p.region.value !== r.code) {
        p.province.value = r.province.code;
        fillCities(p, r.province.code, false);
        p.region.value = r.code;
        schedule();
      }
      const place = found.matches[0]?.place;
      if (place)
        notes.push(
          t("searchPlaceIn", { place: placeName(place), region: nameOf(r) }),
        );
      if (others.length)
        notes.push(
          t("searchAlso", {
            list: others.slice(0, 4).map(matchName).join("、"),
            // The city, then the place: 鹤岗市南山区, "Hegang Nanshan".
            example: others[0].place
              ? `${nameOf(regionByCode.get(others[0].region))}${locale === "en" ? " " : ""}${placeName(others[0].place)}`
              : matchName(others[0]),
          }),
        );
      if (final) p.search.value = searchText(r);
    } else if (final && text.trim()) {
      const pr = provinces.find((x) => x.code === found.province);
      p.province.value = pr ? pr.code : "";
      fillCities(p, p.province.value, false);
      p.region.value = "";
      schedule();
      notes.push(
        pr
          ? t("searchProvince", { province: nameOf(pr) })
          : found.matches.length
            ? t("searchAmbiguous", {
                text: text.trim(),
                list: found.matches.slice(0, 6).map(matchName).join("、"),
              })
            : t("regionNotFound", { text: text.trim() }),
      );
    }
    hint.textContent = notes.join(" ");
    hint.hidden = !notes.length;
    // The places found are offered in the suggestions list (a county's entry carries its code, which resolves).
    for (const o of $$("option[data-place]", ui.datalist)) o.remove();
    for (const m of found.matches.filter((x) => x.place).slice(0, 8)) {
      const mr = regionByCode.get(m.region);
      if (!mr) continue;
      ui.datalist.append(
        h("option", {
          value: `${placeName(m.place)} ${nameOf(mr)} ${m.place.code}`,
          label: nameOf(mr.province),
          dataset: { place: m.place.code },
        }),
      );
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Itemized bill lines
  // -------------------------------------------------------------------------------------------------------------

  function addLine([
    name = "",
    amount = "",
    cls = "A",
    rate = "",
    over = "",
  ] = []) {
    const uid = ++lineUid;
    const lid = (f) => id(`line-${uid}-${f}`);
    const lfield = (f, labelKey, control, extra = {}) =>
      h(
        "div",
        { class: `field line-${f}`, ...extra },
        h("label", {
          for: lid(f),
          part: "label",
          dataset: { label: t(labelKey) },
        }),
        control,
      );
    const text = (f, value, mode, placeholder) =>
      h("input", {
        id: lid(f),
        type: "text",
        inputmode: mode,
        value,
        placeholder: placeholder ? t(placeholder) : null,
        part: "input",
        dataset: { field: f },
      });
    const classSel = h(
      "select",
      { id: lid("c"), part: "input", dataset: { field: "c" } },
      h("option", { value: "A" }, t("classA")),
      h("option", { value: "B" }, t("classBOption")),
      h("option", { value: "C" }, t("classC")),
    );
    classSel.value = ["A", "B", "C"].includes(cls) ? cls : "A";
    const li = h(
      "li",
      { class: "line" },
      lfield("n", "lineName", text("n", name, "text", "lineNamePlaceholder")),
      lfield("a", "lineAmount", text("a", amount, "decimal", "")),
      lfield("c", "lineClass", classSel),
      lfield("r", "lineRate", text("r", rate, "decimal", "byTreatedRegion"), {
        dataset: { lineShow: "B" },
      }),
      lfield("o", "lineOver", text("o", over, "decimal", "zero"), {
        dataset: { lineShow: "AB" },
      }),
      h("button", {
        type: "button",
        class: "secondary remove-line",
        part: "button",
        dataset: { remove: "" },
      }),
    );
    ui.linesEl.append(li);
    renumberLines();
    return li;
  }

  /** Labels ("第2项 金额（元）") and data-path ("bill.lines[1].amount") follow the row's position. */
  function renumberLines() {
    const paths = {
      n: "name",
      a: "amount",
      c: "class",
      r: "prepay_rate",
      o: "over_limit",
    };
    $$(".line", ui.linesEl).forEach((li, i) => {
      for (const label of $$("label[data-label]", li)) {
        label.textContent = t("lineLabel", {
          n: i + 1,
          label: label.dataset.label,
        });
      }
      for (const el of $$("[data-field]", li)) {
        el.dataset.path = `bill.lines[${i}].${paths[el.dataset.field]}`;
      }
      $("[data-remove]", li).textContent = t("removeLine", { n: i + 1 });
      const cls = $('[data-field="c"]', li).value;
      for (const f of $$("[data-line-show]", li))
        f.hidden = !f.dataset.lineShow.includes(cls);
    });
  }

  function readLines() {
    return $$(".line", ui.linesEl).map((li) =>
      ["n", "a", "c", "r", "o"].map((f) => $(`[data-field="${f}"]`, li).value),
    );
  }

  /** First switch to itemized lines: start from what the totals say, so nothing typed is lost. */
  function linesFromTotals() {
    const el = ui.form.elements;
    const [total, ooc, over, b] = [el.bt, el.bo, el.bl, el.bb].map((x) =>
      fen(x.value),
    );
    if ([total, ooc, over, b].includes(null) || total === 0) {
      addLine();
      return;
    }
    const a = total - ooc - b;
    if (a > 0)
      addLine([t("lineAFromTotals"), yuan(a), "A", "", over ? yuan(over) : ""]);
    if (b > 0) addLine([t("classBShort"), yuan(b), "B", el.br.value, ""]);
    if (ooc > 0) addLine([t("outOfCatalogueShort"), yuan(ooc), "C", "", ""]);
    if (ui.linesEl.children.length === 0) addLine();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading and writing the form
  // -------------------------------------------------------------------------------------------------------------

  function readForm() {
    const s = {};
    for (const el of ui.form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") s[el.name] = el.checked ? 1 : 0;
      else if (el.type === "radio") {
        if (el.checked) s[el.name] = el.value;
      } else s[el.name] = el.value;
    }
    s.lines = readLines();
    s.ov = { ...overrides };
    return s;
  }

  function applyState(s) {
    for (const el of ui.form.elements) {
      if (!el.name || !(el.name in s)) continue;
      if (el.type === "checkbox") el.checked = Boolean(s[el.name]);
      else if (el.type === "radio") el.checked = el.value === s[el.name];
      else if (el.tagName !== "SELECT" || el.dataset.ui !== "region") {
        el.value = String(s[el.name] ?? "");
      }
    }
    setRegion("insured", s.ir);
    setRegion("visit", s.vr);
    setRegion("area", s.fa);
    refreshDiseases(s, true);
    ui.linesEl.replaceChildren();
    for (const l of s.lines) addLine(l.map((x) => String(x ?? "")));
    if (s.bm === "lines" && s.lines.length === 0) addLine();
    overrides = { ...s.ov };
    for (const r of paramRows.values()) r.remove();
    paramRows.clear();
    updateVisibility(s);
  }

  function updateVisibility(s) {
    const show = {
      employee: s.sc === "employee",
      resident: s.sc === "resident",
      "not-pharmacy": s.vk !== "pharmacy",
      chronic: s.vk === "chronic_outpatient",
      inpatient: s.vk === "inpatient",
      "not-inpatient": s.vk !== "inpatient",
      "long-term": s.fc === "long_term",
      filed: s.fc !== "",
      area: s.fc !== "" && !s.fsame,
      "bill-simple": s.bm !== "lines",
      "bill-lines": s.bm === "lines",
      "class-b": normNum(s.bb) !== "" || normNum(s.br) !== "",
    };
    for (const el of $$("[data-show]", ui.form))
      el.hidden = !show[el.dataset.show];
  }

  /** The disease list in force on the visit date (the list grows over time), plus 其他. */
  function refreshDiseases(s, force = false) {
    const on = s.vk === "inpatient" ? s.ad : s.dt;
    if (!force && on === diseaseKey) return;
    diseaseKey = on;
    const sel = ui.form.elements.cd;
    const wanted = s.cd ?? sel.value;
    let list = [];
    try {
      list = calc.diseases(on || undefined);
    } catch {
      list = [];
    }
    const options = [
      h("option", { value: "" }, t("chooseDisease")),
      ...list.map((d) => h("option", { value: d.code }, nameOf(d))),
      h("option", { value: "other" }, t("otherDisease")),
    ];
    if (wanted && wanted !== "other" && !list.some((d) => d.code === wanted)) {
      const any = calc.diseases(undefined).find((d) => d.code === wanted);
      if (any) {
        options.splice(
          -1,
          0,
          h(
            "option",
            { value: any.code },
            t("diseaseFrom", { name: nameOf(any), from: any.from }),
          ),
        );
      }
    }
    sel.replaceChildren(...options);
    sel.value = wanted;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The query (the core's contract: src/query.rs)
  // -------------------------------------------------------------------------------------------------------------

  /**
   * A percentage as typed → a rate string: "60", "60%" and "0.6" all mean 60% ("0.6" with no % sign is read as a
   * share, never as 0.6%); "1" could be 1% or 100%, so it is asked, not guessed. Records an error at `path`.
   */
  function percent(s, path, errors) {
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

  /** Band text ("≤10000 80%；其上 90%") → [{up_to?, ratio}], or an error message. */
  function parseBands(parts) {
    const bands = [];
    for (const part of parts) {
      const nums = [
        ...ascii(part).matchAll(/(\d+(?:\.\d+)?)\s*([万萬])?/g),
      ].map((m) => (m[2] ? shift(m[1], 4) : m[1]));
      if (nums.length === 0 || nums.length > 2)
        return { error: t("errBandUnreadable", { part }) };
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
    if (bands[bands.length - 1].up_to != null)
      return { error: t("errBandLast") };
    return { bands };
  }

  /** The ratio input: one rate ("85%") or bands. */
  function parseRatio(text) {
    const r = parseBands(splitParts(text));
    if (r.error) return r;
    if (r.bands.length === 1) return { flat: r.bands[0].ratio };
    return { segments: r.bands };
  }

  /** The second-layer input: "起付 12000；≤30000 60%；其上 75%；不封顶". */
  function parseSecondLayer(text, base) {
    let threshold = "0";
    let cap = null;
    const bandParts = [];
    for (const part of splitParts(text)) {
      const n = ascii(part).match(/\d+(?:\.\d+)?/);
      if (NO_CAP.test(part)) cap = null;
      else if (CAP.test(part)) {
        if (!n) return { error: t("errCapAmount") };
        cap = n[0];
      } else if (THRESHOLD.test(part)) {
        if (!n) return { error: t("errThresholdAmount") };
        threshold = n[0];
      } else bandParts.push(part);
    }
    const r = parseBands(bandParts);
    if (r.error) return r;
    const value = { threshold, segments: r.bands };
    if (cap != null) value.cap = cap;
    if (base?.segment_basis) value.segment_basis = base.segment_basis;
    if (base?.applies_to) value.applies_to = base.applies_to;
    return { value };
  }

  const bandsText = (segments) =>
    segments
      .map((s) =>
        s.up_to != null
          ? `≤${decNorm(s.up_to)} ${ratePct(s.ratio)}`
          : `${t("bandAbove")} ${ratePct(s.ratio)}`,
      )
      .join(t("listSep"));

  /** A figure's machine value (`raw` from the core) as the text its input shows. */
  function rawText(name, raw) {
    if (raw == null) return "";
    switch (name) {
      case "deductible":
      case "annual_cap":
        return decNorm(String(raw.amount ?? ""));
      case "ratio":
        return raw.segments ? bandsText(raw.segments) : ratePct(raw.ratio);
      case "class_b_prepay_rate":
        return ratePct(raw.rate);
      case "second_layer":
        return [
          `${t("bandThreshold")} ${decNorm(String(raw.threshold ?? "0"))}`,
          bandsText(raw.segments ?? []),
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
  function rawQualifier(name, raw) {
    if (!raw) return "";
    if (name === "deductible" && raw.per) return t(`per_${raw.per}`);
    if (name === "annual_cap" && raw.basis) return t(`capBasis_${raw.basis}`);
    if (name === "ratio" && raw.segment_basis)
      return t(`segBasis_${raw.segment_basis}`);
    return "";
  }

  function buildQuery(s, errors, baseParams) {
    if (!s.ir)
      errors.push({ path: "insured.region", msg: t("errChooseInsured") });
    if (!s.vr)
      errors.push({ path: "visit.region", msg: t("errChooseTreated") });
    const insured = { region: s.ir, scheme: s.sc };
    if (s.sc === "employee") insured.status = s.st;
    else {
      const age = whole(s.age);
      if (age !== undefined) insured.age = age;
    }
    const visit = { region: s.vr, kind: s.vk, networked: Boolean(s.nw) };
    if (s.vk !== "pharmacy") {
      visit.hospital_level = s.lv;
      visit.emergency = Boolean(s.em);
    }
    if (s.vk === "chronic_outpatient" && s.cd) visit.chronic_disease = s.cd;
    if (s.vk === "inpatient") {
      if (s.ad) visit.admission = s.ad;
      if (s.dc) visit.discharge = s.dc;
    } else if (s.dt) {
      visit.date = s.dt;
    }
    const q = {
      insured,
      visit,
      bill: buildBill(s, errors),
      history: {},
      overrides: {},
    };
    if (s.fc) {
      if (!s.fsame && !s.fa)
        errors.push({ path: "filing.area", msg: t("errChooseArea") });
      const filing = { category: s.fc, area: s.fsame ? s.vr : s.fa };
      if (s.fc === "long_term") filing.long_term_kind = s.fk;
      if (s.fs) filing.start = s.fs;
      if (s.fe) filing.end = s.fe;
      if (s.fo) filing.filed_on = s.fo;
      q.filing = filing;
    }
    const admissions = whole(s.ha);
    if (admissions !== undefined) q.history.admissions = admissions;
    const hd = money(s.hd);
    if (hd !== undefined) q.history.deductible_paid = hd;
    const hf = money(s.hf);
    if (hf !== undefined) q.history.fund_paid = hf;
    q.overrides = buildOverrides(s.ov, errors, baseParams);
    return q;
  }

  function buildBill(s, errors) {
    if (s.bm === "lines") {
      const lines = s.lines.map(([name, amount, cls, rate, over], i) => {
        const line = { amount: money(amount) ?? "", class: cls };
        if (String(name).trim()) line.name = String(name).trim();
        if (cls === "B") {
          const r = percent(rate, `bill.lines[${i}].prepay_rate`, errors);
          if (r !== undefined) line.prepay_rate = r;
        }
        if (cls !== "C") {
          const o = money(over);
          if (o !== undefined) line.over_limit = o;
        }
        if (line.amount === "")
          errors.push({
            path: `bill.lines[${i}].amount`,
            msg: t("errAmountRequired"),
          });
        return line;
      });
      if (lines.length === 0)
        errors.push({ path: "bill.lines", msg: t("errNoLines") });
      return { lines };
    }
    const bill = {};
    const total = money(s.bt);
    if (total !== undefined) bill.total = total;
    const ooc = money(s.bo);
    if (ooc !== undefined) bill.out_of_catalogue = ooc;
    const over = money(s.bl);
    if (over !== undefined) bill.over_limit = over;
    const b = money(s.bb);
    const rate = percent(s.br, "bill.class_b.prepay_rate", errors);
    if (b !== undefined || rate !== undefined) {
      bill.class_b = {};
      if (b !== undefined) bill.class_b.amount = b;
      if (rate !== undefined) bill.class_b.prepay_rate = rate;
    }
    return bill;
  }

  /** The parameters panel's edits → the query's overrides, keeping the data's bases (per, basis) for the number. */
  function buildOverrides(ov, errors, baseParams) {
    const o = {};
    const base = (name) => baseParams?.find((p) => p.name === name)?.raw;
    for (const [name, text] of Object.entries(ov)) {
      const path = `overrides.${name}`;
      if (!String(text).trim()) continue;
      switch (name) {
        case "deductible":
          o.deductible = money(text);
          if (base("deductible")?.per)
            o.deductible_per = base("deductible").per;
          break;
        case "annual_cap":
          o.annual_cap = money(text);
          if (base("annual_cap")?.basis)
            o.annual_cap_basis = base("annual_cap").basis;
          break;
        case "ratio": {
          const r = parseRatio(text);
          if (r.error) errors.push({ path, msg: r.error });
          else if (r.flat !== undefined) o.ratio = r.flat;
          else {
            o.segments = r.segments;
            if (base("ratio")?.segment_basis)
              o.segment_basis = base("ratio").segment_basis;
          }
          break;
        }
        case "class_b_prepay_rate": {
          const r = percent(text, path, errors);
          if (r !== undefined) o.class_b_prepay_rate = r;
          break;
        }
        case "second_layer": {
          const r = parseSecondLayer(text, base("second_layer"));
          if (r.error) errors.push({ path, msg: r.error });
          else o.second_layer = r.value;
          break;
        }
        case "adjustment": {
          const n = normNum(text);
          if (!PLAIN.test(n) || Number(n) > 100)
            errors.push({ path, msg: t("errPoints") });
          else if (Number(n) === 0) o.adjustment = { op: "none" };
          else o.adjustment = { op: "pp_reduction", value: shift(n, -2) };
          break;
        }
        default:
          break;
      }
    }
    return o;
  }

  /** Whether an edit equals the data's own figure (then it is no override at all). */
  function sameAsData(name, text, baseParam) {
    const raw = baseParam?.raw;
    if (!raw) return false;
    switch (name) {
      case "deductible":
      case "annual_cap":
        return decEq(normNum(text), raw.amount);
      case "class_b_prepay_rate":
        return decEq(percent(text, "", []), raw.rate);
      case "ratio": {
        const r = parseRatio(text);
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
      case "second_layer": {
        const r = parseSecondLayer(text, raw);
        return !r.error && rawText(name, r.value) === rawText(name, raw);
      }
      case "adjustment":
        return (
          rawText(name, raw) !== "" && decEq(normNum(text), rawText(name, raw))
        );
      default:
        return false;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Errors next to their fields
  // -------------------------------------------------------------------------------------------------------------

  const visible = (el) => el.isConnected && !el.closest("[hidden]");

  /** The input a query path belongs to: exact data-path, an alternative path, then the nearest parent path. */
  function fieldFor(path) {
    let p = path;
    while (p) {
      const exact = $$(`[data-path="${CSS.escape(p)}"]`, container).filter(
        visible,
      );
      if (exact.length) return exact[exact.length - 1];
      const alt = $$("[data-alt-path]", container).filter(
        (el) => visible(el) && el.dataset.altPath.split(" ").includes(p),
      );
      if (alt.length) return alt[0];
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) break;
      p = p.slice(0, cut);
    }
    return null;
  }

  function beginErrors() {
    nextErrors = [];
  }

  /** Errors on screen stay in place while they say the same thing, so that an alert is not repeated per keystroke. */
  function endErrors() {
    for (const e of shownErrors) {
      if (nextErrors.includes(e)) continue;
      e.el.remove();
      if (!e.field) continue;
      const rest = (e.field.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .filter((x) => x && x !== e.el.id);
      if (rest.length) e.field.setAttribute("aria-describedby", rest.join(" "));
      else e.field.removeAttribute("aria-describedby");
      if (!nextErrors.some((n) => n.field === e.field))
        e.field.removeAttribute("aria-invalid");
    }
    shownErrors = nextErrors;
  }

  /** Shows one error next to its field (or at the top of the result when no field fits). */
  function showError(path, message) {
    const fieldEl = fieldFor(path);
    const same = shownErrors.find(
      (e) => e.field === fieldEl && e.message === message && e.el.isConnected,
    );
    if (same) {
      nextErrors.push(same);
      return;
    }
    const errId = id(`error-${++errorCount}`);
    const el = h(
      "p",
      {
        class: "field-error",
        id: errId,
        role: "alert",
        part: "error",
        dataset: { errorPath: path ?? "" },
      },
      message,
    );
    nextErrors.push({ field: fieldEl, el, message });
    if (!fieldEl) {
      ui.resultErrors.append(el);
      return;
    }
    const prior = fieldEl.getAttribute("aria-describedby");
    fieldEl.setAttribute("aria-invalid", "true");
    fieldEl.setAttribute(
      "aria-describedby",
      [prior, errId].filter(Boolean).join(" "),
    );
    (fieldEl.closest(".field, .param") ?? fieldEl.parentElement).append(el);
  }

  /** A core error at its field. A failure that is not one of the core's typed errors (which createCalculator turns
   * into "core_failed") shows as a plain sentence: the raw text of a trap means nothing to a reader. */
  function showCoreError(e) {
    if (
      e &&
      typeof e === "object" &&
      typeof e.code === "string" &&
      e.messages &&
      typeof e.messages === "object"
    ) {
      showError(String(e.path ?? ""), pick(e.messages) || t("errCompute"));
    } else {
      showError("", t("errCompute"));
    }
    // Restarting after a failure: compute again once the core is back (a failing call itself never retries, so that
    // an input that makes the core fail cannot loop).
    if (e?.code === "core_restarting" && !waitingForCore) {
      waitingForCore = true;
      Promise.resolve(calc.ready?.()).then(() => {
        waitingForCore = false;
        if (!destroyed) schedule();
      });
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Computing
  // -------------------------------------------------------------------------------------------------------------

  function schedule() {
    ui.result.setAttribute("aria-busy", "true");
    updateVisibility(readForm());
    clearTimeout(timer);
    timer = setTimeout(compute, DEBOUNCE_MS);
  }

  /** The query the figures depend on: no bill (so that a typo in the bill still shows the figures). */
  const figuresQuery = (q, withOverrides) => ({
    ...q,
    bill: { total: "0" },
    overrides: withOverrides ? q.overrides : {},
  });

  function compute() {
    clearTimeout(timer);
    timer = null;
    if (destroyed) return;
    try {
      computeNow();
    } catch (e) {
      // A fault of this view, not of the input: say so plainly, keep the last result (marked stale) and stay usable.
      try {
        beginErrors();
        showCoreError(e);
        markStale();
      } catch {
        /* the view cannot even show it: at least the result is not left busy */
      }
      finish();
    }
  }

  function computeNow() {
    const s = readForm();
    updateVisibility(s);
    refreshDiseases(s);
    onChange?.(s);
    beginErrors();

    const errors = [];
    let base = null;
    let used = null;
    // Figures first: they need only who, where and when, and fill the parameters panel.
    if (s.ir && s.vr) {
      try {
        base = calc.figures(figuresQuery(buildQuery(s, [], null), false));
      } catch {
        base = null;
      }
    }
    lastBase = base;
    const q = buildQuery(s, errors, base?.parameters);
    if (base && !errors.some((e) => e.path.startsWith("overrides."))) {
      try {
        used = calc.figures(figuresQuery(q, true));
      } catch {
        used = null;
      }
    }

    if (errors.length) {
      renderParams(base, used ?? base);
      for (const e of errors) showError(e.path, e.msg);
      markStale();
      return finish();
    }

    try {
      const est = calc.estimate(q);
      renderParams(base, used);
      // Where the person stands decides what they can still do: the core compares the courses (issue 12).
      let options = null;
      if (s.si) {
        try {
          options = calc.options({
            ...q,
            situation: s.si,
            today: daysFromToday(0),
          });
        } catch {
          options = null;
        }
      }
      renderResult(est, { complete: true, state: s, options });
      report(q, est, est, true, []);
    } catch (e) {
      const missing = (used ?? base)?.missing ?? [];
      const missingFigure =
        e?.code === "missing_parameter" &&
        String(e.path).startsWith("overrides.") &&
        missing.length;
      if (!missingFigure) {
        renderParams(base, used);
        showCoreError(e);
        markStale();
        return finish();
      }
      // A region without figures: the filing verdict and the route need none, so show those and ask for the figures.
      try {
        const v = calc.verdict(q);
        renderParams(base, used);
        renderResult(v, { complete: false, missing, state: s });
        showCoreError(e);
        report(q, null, v, false, missing);
      } catch (e2) {
        renderParams(base, used);
        showCoreError(e2);
        markStale();
      }
    }
    return finish();
  }

  function report(query, estimate, verdict, complete, missing) {
    onResult?.({
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
      summary: ui.summaryText,
    });
  }

  function finish() {
    try {
      endErrors();
    } finally {
      ui.result.setAttribute("aria-busy", "false");
    }
  }

  function markStale() {
    if (!hasResult) {
      ui.resultBody.replaceChildren(
        h("p", { class: "empty" }, t("emptyResult")),
      );
      ui.result.removeAttribute("data-testid");
      onResult?.({ status: "empty", summary: "" });
      return;
    }
    ui.result.classList.add("stale");
    ui.result.dataset.testid = "result-stale";
    ui.staleNote.hidden = false;
    onResult?.({ status: "stale", summary: t("summaryStale") });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Rendering the result
  // -------------------------------------------------------------------------------------------------------------

  function sourcesList(sources, compactList = false) {
    if (!sources?.length) return null;
    return h(
      "ul",
      { class: compactList ? "sources compact" : "sources" },
      sources.map((src) =>
        h(
          "li",
          {},
          compactList
            ? null
            : h("span", { class: "src-prefix" }, t("basisPrefix")),
          webUrl(src.url)
            ? h(
                "a",
                {
                  href: webUrl(src.url),
                  target: "_blank",
                  rel: "noopener noreferrer",
                },
                src.title,
              )
            : h("span", {}, src.title),
          " ",
          h(
            "span",
            {
              class: `grade grade-${src.grade}`,
              title: t(`grade${src.grade}`),
            },
            t("gradeShort", { g: src.grade }),
          ),
          h("span", { class: "as-of" }, ` ${t("asOf", { date: src.as_of })}`),
        ),
      ),
    );
  }

  function card(title, tone, testid, ...kids) {
    return h(
      "section",
      { class: `card tone-${tone}`, part: "card", dataset: { testid } },
      h("h3", {}, title),
      ...kids,
    );
  }

  function renderResult(est, { complete, missing = [], state, options }) {
    const f = est.filing;
    const st = est.settlement;
    const kids = [
      h(
        "p",
        { class: "query-line", dataset: { testid: "query-line" } },
        describe(state),
      ),
    ];

    if (complete) kids.push(summary(est));
    if (options) kids.push(renderOptions(options, { h, t, pick, svg }));
    else {
      const names = missing
        .map((n) => (PARAMS[n] ? t(`p_${n}_short`) : n))
        .join(t("listSep"));
      kids.push(
        h(
          "section",
          {
            class: "card tone-warn missing-note",
            part: "card",
            dataset: { testid: "missing-figures" },
          },
          h("h3", {}, t("missingTitle")),
          h("p", {}, t("missingText", { region: regionName(state.ir), names })),
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              part: "button",
              onclick: focusMissing,
            },
            t("goFill"),
          ),
        ),
      );
    }

    const filingCard = card(
      t("filingCardTitle"),
      TONE[f.status] ?? "warn",
      "filing-card",
      h(
        "dl",
        { class: "verdict" },
        h("dt", {}, t("filingRequiredQ")),
        h(
          "dd",
          { dataset: { testid: "filing-required" } },
          f.required ? t("yesRequired") : t("notRequired"),
        ),
        h("dt", {}, t("filingValidQ")),
        h(
          "dd",
          { dataset: { testid: "filing-status" } },
          f.reason === "filing_area_mismatch"
            ? t("areaMismatch")
            : t(`status_${f.status}`),
        ),
      ),
      h("p", { class: "message" }, pick(f.message)),
      sourcesList(f.sources),
    );
    filingCard.dataset.status = f.status;
    filingCard.dataset.reason = f.reason;

    const steps = st.next_steps?.length
      ? [
          h("h4", {}, t("nextSteps")),
          h(
            "ol",
            { class: "steps" },
            st.next_steps.map((m) => h("li", {}, pick(m))),
          ),
        ]
      : [];
    const routeCard = card(
      t("routeTitle", { route: t(`route_${st.route}`) }),
      TONE[st.route] ?? "warn",
      "settlement-card",
      h("p", { class: "message" }, pick(st.message)),
      st.adjustment
        ? h(
            "p",
            { class: "adjustment" },
            t("adjustmentLine", { text: pick(st.adjustment.description) }),
            st.adjustment.overridden
              ? h("span", { class: "badge" }, t("edited"))
              : null,
          )
        : null,
      st.route !== "not_covered"
        ? h(
            "p",
            { class: "catalogue" },
            t("catalogueOf", { region: regionName(st.catalogue_region) }),
          )
        : null,
      ...steps,
      sourcesList(
        st.sources.filter((src) => !f.sources.some((x) => x.id === src.id)),
      ),
    );
    routeCard.dataset.route = st.route;
    kids.push(
      h("div", { class: "cards", part: "verdict" }, filingCard, routeCard),
    );

    if (est.warnings?.length) {
      kids.push(
        h(
          "section",
          {
            class: "warnings",
            part: "warnings",
            dataset: { testid: "warnings" },
          },
          h("h3", {}, t("warningsTitle")),
          h(
            "ul",
            {},
            est.warnings.map((w) =>
              h("li", { dataset: { code: w.code } }, pick(w.message)),
            ),
          ),
        ),
      );
    }

    if (complete) {
      const slip = slipTable(est);
      kids.push(
        layout === "compact"
          ? h(
              "details",
              { class: "slip-details" },
              h("summary", {}, t("slipTitle")),
              slip,
            )
          : slip,
      );
    }
    kids.push(printSources(est));

    ui.resultBody.replaceChildren(...kids);
    hasResult = true;
    ui.result.classList.remove("stale");
    ui.staleNote.hidden = true;
    ui.result.dataset.testid = "result-ready";
    ui.result.dataset.complete = String(complete);
    const said = complete
      ? t("liveComplete", {
          fund: est.fund_pays,
          patient: est.patient_pays,
          route: t(`route_${st.route}`),
        })
      : t("liveIncomplete", {
          status: t(`status_${f.status}`),
          route: t(`route_${st.route}`),
        });
    if (ui.live.textContent !== said) ui.live.textContent = said;
    ui.summaryText = complete
      ? t("summaryShort", {
          fund: sumAmounts(est.fund_pays, est.second_layer_pays),
          patient: est.patient_pays,
        })
      : `${t(`status_${f.status}`)} · ${t(`route_${st.route}`)}`;
  }

  /** One line saying what was computed, so that a printed or shared result stands on its own. */
  function describe(s) {
    const who =
      s.sc === "employee"
        ? t("qEmployee", {
            region: regionName(s.ir),
            status: t(s.st === "retired" ? "qRetired" : "qEmployed"),
          })
        : t("qResident", {
            region: regionName(s.ir),
            age: s.age ? t("qAge", { age: s.age }) : "",
          });
    const where = t("qWhere", {
      region: regionName(s.vr),
      kind: t(`short_${s.vk}`),
      level:
        s.vk === "pharmacy" ? "" : t("qLevel", { level: t(`short_${s.lv}`) }),
      emergency: s.em && s.vk !== "pharmacy" ? t("qEmergency") : "",
    });
    const dates =
      s.vk === "inpatient"
        ? t("qDates", { from: s.ad || "?", to: s.dc || "?" })
        : s.dt;
    return [who, where, dates, t(`short_filing_${s.fc || "none"}`)]
      .filter(Boolean)
      .join(" · ");
  }

  function summary(est) {
    const total = est.lines.find((l) => l.key === "total")?.amount ?? "";
    const unit = t("yuan");
    const tile = (label, amount, cls, testid) =>
      h(
        "div",
        { class: `tile ${cls}` },
        h("span", { class: "tile-label" }, label),
        h(
          "span",
          { class: "tile-amount" },
          h("data", { value: amount, dataset: { testid } }, amount),
          h("small", {}, ` ${unit}`),
        ),
      );
    // Stand-in figures (not the region's own): the core's range, never the middle value alone.
    const r = est.range;
    const shown = (name) =>
      r
        ? t("rangeAmount", { low: r[name].low, high: r[name].high })
        : est[name];
    const tiles = [
      tile(t("tileFund"), shown("fund_pays"), "fund", "fund-pays"),
    ];
    if (
      !isZero(est.second_layer_pays) ||
      (r && !isZero(r.second_layer_pays.high))
    ) {
      tiles.push(
        tile(
          t("tileSecond"),
          shown("second_layer_pays"),
          "second",
          "second-layer-pays",
        ),
      );
    }
    tiles.push(
      tile(t("tilePatient"), shown("patient_pays"), "patient", "patient-pays"),
    );
    const rangeNote = r
      ? h(
          "section",
          {
            class: "card tone-warn range-note",
            part: "card",
            dataset: { testid: "range" },
          },
          h("h3", {}, t("rangeTitle")),
          h("p", {}, pick(r.explanation)),
          h(
            "p",
            { class: "ask", dataset: { testid: "range-ask" } },
            pick(r.ask),
          ),
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              part: "button",
              onclick: focusMissing,
            },
            t("goFill"),
          ),
        )
      : null;

    const parts = [
      ["fund", t("barFund"), est.fund_pays],
      ["second", t("barSecond"), est.second_layer_pays],
      ["patient", t("barPatient"), est.patient_pays],
    ].filter(([, , a]) => !isZero(a));
    const sum = parts.reduce((a, [, , x]) => a + Number(x), 0) || 1;
    const bar = h(
      "div",
      {
        class: "bar",
        role: "img",
        "aria-label": parts
          .map(([, l, a]) => `${l} ${a} ${unit}`)
          .join(t("listSep")),
      },
      parts.map(([cls, label, a]) => {
        const seg = h("div", {
          class: `seg ${cls}`,
          title: `${label} ${a} ${unit}`,
        });
        seg.style.width = `${((100 * Number(a)) / sum).toFixed(2)}%`;
        return seg;
      }),
    );
    const legend = h(
      "ul",
      { class: "legend" },
      parts.map(([cls, label, a]) =>
        h(
          "li",
          {},
          h("span", { class: `swatch ${cls}`, "aria-hidden": "true" }),
          t("legendItem", {
            label,
            amount: a,
            pct: ((100 * Number(a)) / sum).toFixed(1),
          }),
        ),
      ),
    );

    const notes = [];
    if (!isZero(est.account_pays))
      notes.push(
        t("noteAccount", { account: est.account_pays, cash: est.cash_pays }),
      );
    if (est.settlement.route === "manual") {
      notes.push(
        t("noteManual", {
          total,
          back: sumAmounts(est.fund_pays, est.second_layer_pays),
        }),
      );
    }
    if (est.settlement.route === "not_covered")
      notes.push(t("noteNotCovered", { total }));

    return h(
      "section",
      { class: "summary", part: "summary", dataset: { testid: "summary" } },
      h("p", { class: "total" }, t("totalLine", { total })),
      h("div", { class: "tiles" }, tiles),
      rangeNote,
      bar,
      r ? null : legend,
      notes.map((n) => h("p", { class: "note" }, n)),
    );
  }

  /** For the printout: every source once, instead of beside each line. */
  function printSources(est) {
    const seen = new Map();
    const all = [
      ...est.filing.sources,
      ...est.settlement.sources,
      ...(est.lines ?? []).flatMap((l) => l.sources),
    ];
    for (const src of all) if (!seen.has(src.id)) seen.set(src.id, src);
    if (seen.size === 0) return null;
    return h(
      "section",
      { class: "print-sources" },
      h("h3", {}, t("printSources")),
      h(
        "ol",
        {},
        [...seen.values()].map((src) =>
          h(
            "li",
            {},
            t("printSource", {
              title: src.title,
              grade: src.grade,
              date: src.as_of,
            }),
            src.url ? ` ${src.url}` : "",
          ),
        ),
      ),
    );
  }

  function slipTable(est) {
    const rows = est.lines.map((l) =>
      h(
        "tr",
        { class: `payer-${l.payer}`, dataset: { key: l.key } },
        h(
          "th",
          { scope: "row" },
          pick(l.label),
          h("span", { class: `payer-tag ${l.payer}` }, t(`payer_${l.payer}`)),
        ),
        h("td", { class: "amount" }, l.amount),
        h(
          "td",
          { class: "how" },
          h("span", { class: "formula" }, pick(l.formula)),
          sourcesList(l.sources, true),
        ),
      ),
    );
    return h(
      "section",
      { class: "slip", part: "slip", dataset: { testid: "slip" } },
      h("h3", {}, t("slipTitle")),
      h(
        "table",
        {},
        h("caption", { class: "visually-hidden" }, t("slipCaption")),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("slipItem")),
            h("th", { scope: "col", class: "amount" }, t("slipAmount")),
            h("th", { scope: "col" }, t("slipHow")),
          ),
        ),
        h("tbody", {}, rows),
      ),
    );
  }

  function focusMissing() {
    if (ui.paramsDetails) ui.paramsDetails.open = true;
    const el = $(".param.missing input", ui.params);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The parameters panel
  // -------------------------------------------------------------------------------------------------------------

  function paramRow(name) {
    let r = paramRows.get(name);
    if (r) return r;
    const spec = PARAMS[name];
    const pid = id(`param-${name}`);
    const field = h("input", {
      id: pid,
      type: "text",
      inputmode:
        spec.kind === "amount" || spec.kind === "points" ? "decimal" : "text",
      placeholder: t(`p_${name}_example`),
      part: "input",
      dataset: { path: `overrides.${name}`, param: name },
    });
    if (spec.alt) field.dataset.altPath = spec.alt;
    const hintId = `${pid}-hint`;
    if (spec.hint) field.setAttribute("aria-describedby", hintId);
    r = h(
      "div",
      { class: "param", dataset: { name } },
      h("label", { for: pid, part: "label" }, t(`p_${name}`)),
      h(
        "div",
        { class: "param-input" },
        field,
        spec.kind === "points"
          ? h("span", { class: "unit" }, t("pointsUnit"))
          : null,
      ),
      spec.hint
        ? h("p", { class: "hint", id: hintId }, t(`p_${name}_hint`))
        : null,
      h("p", { class: "param-status" }),
      h(
        "button",
        {
          type: "button",
          class: "link reset",
          part: "button",
          dataset: { reset: name },
        },
        t("restore"),
      ),
      h("div", { class: "param-meta" }),
    );
    paramRows.set(name, r);
    return r;
  }

  function renderParams(base, used) {
    if (!base) {
      ui.params.classList.add("stale");
      return;
    }
    ui.params.classList.remove("stale");
    const baseBy = new Map(base.parameters.map((p) => [p.name, p]));
    const usedBy = new Map((used ?? base).parameters.map((p) => [p.name, p]));
    const missing = new Set([...(used ?? base).missing, ...base.missing]);
    const adjOp = baseBy.get("adjustment")?.raw?.op;

    const names = Object.keys(PARAMS).filter((n) =>
      n === "adjustment"
        ? n in overrides || ["none", "pp_reduction"].includes(adjOp)
        : baseBy.has(n) || usedBy.has(n) || missing.has(n) || n in overrides,
    );
    if (ui.paramsDetails && missing.size && !Object.keys(overrides).length)
      ui.paramsDetails.open = true;

    const active = container.getRootNode().activeElement;
    names.forEach((name, i) => {
      const r = paramRow(name);
      if (ui.paramsBody.children[i] !== r)
        ui.paramsBody.insertBefore(r, ui.paramsBody.children[i] ?? null);
      const field = $("input", r);
      const b = baseBy.get(name);
      const overridden = name in overrides;
      const isMissing = !b && name !== "adjustment";
      r.classList.toggle("overridden", overridden);
      r.classList.toggle("missing", isMissing && !overridden);
      if (field !== active)
        field.value = overridden ? overrides[name] : rawText(name, b?.raw);
      const status = $(".param-status", r);
      $(".reset", r).hidden = !overridden;
      if (overridden) {
        const original = b ? rawText(name, b.raw) || pick(b.value) : "";
        status.replaceChildren(
          h("span", { class: "badge" }, t("edited")),
          ` ${t("editedNote")}${b ? t("originalValue", { value: original }) : t("notOnFile")}`,
        );
      } else if (isMissing) {
        status.replaceChildren(
          h("span", { class: "badge warn" }, t("pleaseFill")),
          ` ${t("missingFigure")}`,
        );
      } else if (name === "adjustment") {
        const adj = (used ?? base).parameters.find(
          (p) => p.name === "adjustment",
        );
        status.textContent = adj ? describeAdjustment(adj.raw) : "";
      } else {
        status.textContent = rawQualifier(name, b?.raw);
      }
      const srcs = name === "adjustment" && overridden ? [] : b?.sources;
      const dates = [];
      if (b?.from === "unknown") dates.push(t("inForceUnknown"));
      else if (b?.from) dates.push(t("inForceFrom", { date: b.from }));
      if (b?.last_verified)
        dates.push(t("lastVerified", { date: b.last_verified }));
      $(".param-meta", r).replaceChildren(
        ...[
          sourcesList(srcs),
          dates.length ? h("p", { class: "dates" }, dates.join(" · ")) : null,
        ].filter(Boolean),
      );
    });
    for (const [name, r] of paramRows) {
      if (!names.includes(name) && r.isConnected && !r.contains(active))
        r.remove();
    }
    if (names.length === 0) {
      ui.paramsBody.replaceChildren(h("p", { class: "hint" }, t("noParams")));
    } else {
      for (const p of $$(":scope > p", ui.paramsBody)) p.remove();
    }
  }

  function describeAdjustment(raw) {
    if (!raw) return "";
    if (raw.op === "none") return t("adjNone");
    if (raw.op === "pp_reduction")
      return t("adjPoints", { points: shift(String(raw.value), 2) });
    return "";
  }

  // -------------------------------------------------------------------------------------------------------------
  // Wiring
  // -------------------------------------------------------------------------------------------------------------

  function wireParams() {
    ui.paramsBody.addEventListener("input", (ev) => {
      const field = ev.target.closest("input[data-param]");
      if (!field) return;
      const name = field.dataset.param;
      const text = field.value;
      const baseParam =
        lastBase?.parameters.find((p) => p.name === name) ?? null;
      if (!text.trim() || sameAsData(name, text, baseParam))
        delete overrides[name];
      else overrides[name] = text;
      schedule();
    });
    ui.paramsBody.addEventListener("click", (ev) => {
      const btn = ev.target.closest("button[data-reset]");
      if (!btn) return;
      delete overrides[btn.dataset.reset];
      compute();
      $(`[data-param="${btn.dataset.reset}"]`, ui.paramsBody)?.focus();
    });
    ui.paramsBody.addEventListener("focusout", () =>
      setTimeout(() => !timer && ui.result && compute(), 0),
    );
  }

  function wireForm() {
    const form = ui.form;
    form.addEventListener("input", schedule);
    form.addEventListener("change", (ev) => {
      if (
        ev.target.name === "bm" &&
        ev.target.value === "lines" &&
        ui.linesEl.children.length === 0
      ) {
        linesFromTotals();
      }
      if (ev.target.matches('[data-field="c"]')) renumberLines();
      schedule();
    });
    form.addEventListener("submit", (ev) => ev.preventDefault());
    ui.addLine.addEventListener("click", () => {
      const li = addLine();
      $('[data-field="a"]', li).focus();
      schedule();
    });
    ui.linesEl.addEventListener("click", (ev) => {
      const btn = ev.target.closest("button[data-remove]");
      if (!btn) return;
      btn.closest(".line").remove();
      renumberLines();
      schedule();
    });
    $(`#${CSS.escape(id("reset"))}`, form).addEventListener("click", () => {
      applyState(defaultState(defaults));
      compute();
    });
    $(`#${CSS.escape(id("clear"))}`, form).addEventListener("click", () => {
      applyState(blankState());
      hasResult = false;
      compute();
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Start
  // -------------------------------------------------------------------------------------------------------------

  const asCode = (x) =>
    x ? (findRegion(String(x))?.code ?? String(x)) : undefined;
  const defaults = {
    insured: asCode(options.defaults?.insured),
    treated: asCode(options.defaults?.treated),
  };

  build();
  applyState(options.state ?? defaultState(defaults));
  compute();

  const controller = {
    /** The element the calculator renders into (class "yidi"). */
    element: container,
    get locale() {
      return locale;
    },
    /** Switches the language once its words have loaded: labels are rebuilt, everything typed stays. */
    async setLocale(next) {
      if (!LOCALES.includes(next)) return;
      wanted = next;
      await Promise.all([
        loadLocale(next),
        next === "en" ? loadEnglishNames() : null,
      ]);
      // Destroyed meanwhile, or another language asked for since.
      if (destroyed || next !== wanted || next === locale) return;
      const s = readForm();
      const focusedId = container.getRootNode().activeElement?.id;
      locale = next;
      t = translator(locale);
      build();
      applyState(s);
      compute();
      if (focusedId)
        container.getRootNode().getElementById?.(focusedId)?.focus();
    },
    getState: () => readForm(),
    /** Puts new places into the form (codes or names), keeping the rest. */
    setRegions({ insured, treated } = {}) {
      const s = readForm();
      const [i, v] = [asCode(insured), asCode(treated)];
      if (i) s.ir = i;
      if (v) s.vr = v;
      applyState(s);
      compute();
    },
    setState(s) {
      applyState(s);
      compute();
    },
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      container.remove();
    },
  };
  if (locale !== wanted) controller.setLocale(wanted);
  else if (locale === "en" && !englishNames)
    // English words already here: the place names follow in a moment, from their own file.
    loadEnglishNames().then((names) => {
      if (!names || destroyed || locale !== "en") return;
      const s = readForm();
      build();
      applyState(s);
      compute();
    });
  return controller;
}
