// 异地就医计算器: the page. Hand-written ES module, no framework. The rules live in the wasm core (pkg/yidi.js);
// this file turns the form into a query, calls the core, and renders what it returns as text.
//
// Flow: form state (plain object, also kept in the URL fragment as #q=<base64url JSON>) → query (the core's JSON
// contract) → calc.figures() for the parameters panel and calc.estimate() for the result. Errors thrown by the core
// carry .path (a query path); every input carries data-path with the query path it feeds, so an error lands next to
// its field. Nothing leaves the browser.

import init, { Calculator } from "./pkg/yidi.js";

const DEBOUNCE_MS = 150;

/** Order and presentation of the figures in the parameters panel (names are the core's override names). */
const PARAMS = {
  deductible: { label: "起付线（元）", kind: "amount", example: "如 800" },
  ratio: {
    label: "统筹基金支付比例",
    kind: "ratio",
    example: "如 85%",
    hint: "填一个比例，如 85%；分段的写成：≤10000 80%；其上 90%",
    alt: "overrides.segments",
  },
  annual_cap: {
    label: "年度最高支付限额（元）",
    kind: "amount",
    example: "如 300000",
  },
  second_layer: {
    label: "大病保险／大额医疗补助",
    kind: "second_layer",
    hint: "格式：起付 12000；≤30000 60%；其上 75%；不封顶",
  },
  class_b_prepay_rate: {
    label: "乙类先行自付比例（就医地目录）",
    kind: "percent",
    example: "如 10%",
  },
  adjustment: {
    label: "异地就医支付比例降低（百分点）",
    kind: "points",
    example: "如 10",
  },
};

const STATUS_TEXT = {
  not_required: "无需备案",
  valid: "备案有效",
  missing: "未备案",
  late_before_discharge: "入院后补办：出院结算前办妥即有效",
  late_after_discharge: "出院后才补办：不能直接结算",
  expired: "备案已过期",
  not_yet_valid: "入院时备案尚未生效",
  deemed_filed: "视同已备案",
};
const STATUS_TONE = {
  not_required: "good",
  valid: "good",
  deemed_filed: "good",
  late_before_discharge: "warn",
  not_yet_valid: "warn",
  missing: "bad",
  expired: "bad",
  late_after_discharge: "bad",
};
const ROUTE_TEXT = {
  local: "参保地本地结算",
  direct: "直接结算",
  manual: "先垫付，后回参保地报销",
  not_covered: "医保不支付",
};
const ROUTE_TONE = {
  local: "good",
  direct: "good",
  manual: "warn",
  not_covered: "bad",
};
const PAYER_TEXT = {
  info: "合计",
  fund: "医保付",
  second_layer: "大病/大额付",
  patient: "个人付",
};
const GRADE_TEXT = {
  A: "A 级：官方文件",
  B: "B 级：准官方（官方媒体、经办机构问答）",
  C: "C 级：二手资料（未经官方核实）",
  D: "D 级：不可靠来源",
  E: "E 级：公开代码或数据",
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

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
  for (const kid of kids.flat()) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
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
function normNum(s) {
  return ascii(s).replace(/[,，\s元¥￥]/g, "");
}

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
const decNorm = (t) => (PLAIN.test(t) ? shift(t, 0) : t);
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

/** A percentage as typed ("10", "10%") → a rate string ("0.1"); records an error at `path` if it is not one. */
function percent(s, path, errors) {
  const t = normNum(s).replace(/[%％]/g, "");
  if (t === "") return undefined;
  if (!PLAIN.test(t)) {
    errors.push({ path, zh: "请填写百分比数字，例如 10 表示 10%" });
    return undefined;
  }
  const rate = shift(t, -2);
  if (Number(rate) > 1) {
    errors.push({ path, zh: "百分比应在 0 到 100 之间" });
    return undefined;
  }
  return rate;
}

/** Band text ("≤10000 80%；其上 90%") → [{up_to?, ratio}], or an error message. */
function parseBands(parts) {
  const bands = [];
  for (const part of parts) {
    const nums = [...ascii(part).matchAll(/(\d+(?:\.\d+)?)\s*(万)?/g)].map(
      (m) => (m[2] ? shift(m[1], 4) : m[1]),
    );
    if (nums.length === 0 || nums.length > 2) {
      return {
        error: `看不懂“${part}”：每段写成“≤上限 比例%”，最后一段只写比例`,
      };
    }
    const ratio = nums[nums.length - 1];
    if (Number(ratio) > 100) return { error: "比例应在 0 到 100% 之间" };
    const band = { ratio: shift(ratio, -2) };
    if (nums.length === 2) band.up_to = nums[0];
    bands.push(band);
  }
  if (bands.length === 0) return { error: "请填写比例" };
  if (bands.slice(0, -1).some((b) => b.up_to == null)) {
    return { error: "除最后一段外，每段都要写上限，如 ≤10000 80%" };
  }
  if (bands[bands.length - 1].up_to != null) {
    return { error: "最后一段不写上限，如：其上 90%" };
  }
  return { bands };
}

const splitParts = (text) =>
  String(text)
    .split(/[;；\n、]+/)
    .map((p) => p.trim())
    .filter(Boolean);

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
    if (part.includes("不封顶")) cap = null;
    else if (part.includes("封顶")) {
      if (!n) return { error: "封顶线请写金额，如：封顶 300000" };
      cap = n[0];
    } else if (part.includes("起付")) {
      if (!n) return { error: "起付线请写金额，如：起付 12000" };
      threshold = n[0];
    } else bandParts.push(part);
  }
  const r = parseBands(bandParts);
  if (r.error) return r;
  const value = { threshold, segments: r.bands };
  if (cap != null) value.cap = cap;
  if (base && typeof base === "object") {
    if (base.segment_basis) value.segment_basis = base.segment_basis;
    if (base.applies_to) value.applies_to = base.applies_to;
  }
  return { value };
}

function bandsText(segments) {
  return segments
    .map((s) =>
      s.up_to != null
        ? `≤${decNorm(s.up_to)} ${ratePct(s.ratio)}`
        : `其上 ${ratePct(s.ratio)}`,
    )
    .join("；");
}

/** A figure's machine value (`raw` from the core) as the text its input shows. */
function rawText(name, raw) {
  if (raw == null) return "";
  switch (PARAMS[name]?.kind) {
    case "amount":
      return decNorm(String(raw));
    case "ratio":
      return Array.isArray(raw) ? bandsText(raw) : ratePct(raw);
    case "percent":
      return ratePct(raw);
    case "second_layer":
      return [
        `起付 ${decNorm(String(raw.threshold ?? "0"))}`,
        bandsText(raw.segments ?? []),
        raw.cap != null ? `封顶 ${decNorm(String(raw.cap))}` : "不封顶",
      ].join("；");
    default:
      return String(raw);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// State: the form as a plain object, and the URL fragment
// ---------------------------------------------------------------------------------------------------------------

function defaults() {
  const year = new Date().getFullYear();
  return {
    ir: "420100",
    sc: "employee",
    st: "retired",
    age: "",
    vr: "440300",
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
function blank() {
  return {
    ...defaults(),
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
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64urlDecode(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The state as a compact fragment: empty strings and empty collections are left out. */
function encodeState(s) {
  const compact = { v: 1 };
  for (const [k, v] of Object.entries(s)) {
    if (v === "" || v == null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === "ov" && Object.keys(v).length === 0) continue;
    compact[k] = v;
  }
  return `#q=${b64urlEncode(JSON.stringify(compact))}`;
}

/** The state in the fragment, or null (no fragment, or one that cannot be read). */
function decodeState(hash) {
  const m = /^#q=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const o = JSON.parse(b64urlDecode(m[1]));
    if (!o || typeof o !== "object" || o.v !== 1) return null;
    const s = { ...blank(), nw: 0, em: 0, fsame: 0 };
    for (const k of Object.keys(s)) {
      if (k in o) s[k] = o[k];
      else if (typeof s[k] === "string") s[k] = "";
    }
    s.lines = Array.isArray(o.lines) ? o.lines.filter(Array.isArray) : [];
    s.ov = o.ov && typeof o.ov === "object" ? { ...o.ov } : {};
    return s;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page state
// ---------------------------------------------------------------------------------------------------------------

let calc;
/** code → { code, name, aliases, has_figures, province: {code, name, short} } */
const regionByCode = new Map();
let provinces = [];
/** The figures overrides as typed in the parameters panel: name → text. */
let overrides = {};
let timer = null;
let lastHash = "";
let diseaseKey = null;
let hasResult = false;
let seq = 0;
/** The data's own figures for the current form (no overrides), from the last computation. */
let lastBase = null;

const form = $("#form");
const resultEl = $("#result");
const resultBody = $("#result-body");
const paramsBody = $("#params-body");
const paramRows = new Map();

// ---------------------------------------------------------------------------------------------------------------
// Regions: province → city pickers and the type-to-search input
// ---------------------------------------------------------------------------------------------------------------

function indexRegions(list) {
  provinces = list.filter((p) => p.regions.length > 0);
  for (const p of provinces) {
    for (const r of p.regions) {
      regionByCode.set(r.code, {
        ...r,
        province: { code: p.code, name: p.name, short: p.short },
      });
    }
  }
  const dl = $("#region-list");
  dl.replaceChildren(
    ...[...regionByCode.values()].map((r) =>
      h("option", { value: searchText(r), label: r.province.name }),
    ),
  );
}

const searchText = (r) => `${r.name} ${r.code}`;

/** What a person typed (a name, an alias, a code, or a datalist entry) → a region, if exactly one fits. */
function findRegion(text) {
  const t = normNum(text).trim();
  if (!t) return null;
  const code = /\d{6}/.exec(t)?.[0];
  if (code) {
    const candidates = [
      code,
      `${code.slice(0, 4)}00`,
      `${code.slice(0, 2)}0000`,
    ];
    for (const c of candidates) {
      for (const r of regionByCode.values()) {
        if (r.code === c || r.aliases.includes(c)) return r;
      }
    }
    return null;
  }
  const all = [...regionByCode.values()];
  const exact = all.filter((r) => r.name === t || r.aliases.includes(t));
  if (exact.length === 1) return exact[0];
  if (t.length < 2) return null;
  const prefix = all.filter(
    (r) => r.name.startsWith(t) || r.aliases.some((a) => a.startsWith(t)),
  );
  return prefix.length === 1 ? prefix[0] : null;
}

function picker(name) {
  const root = $(`[data-picker="${name}"]`);
  return {
    root,
    search: $('[data-ui="search"]', root),
    province: $('[data-ui="province"]', root),
    region: $('[data-ui="region"]', root),
  };
}

function fillProvinces(p) {
  p.province.replaceChildren(
    h("option", { value: "", text: "请选择省份" }),
    ...provinces.map((pr) => h("option", { value: pr.code, text: pr.name })),
  );
}

function fillCities(p, provinceCode, withProvince) {
  const pr = provinces.find((x) => x.code === provinceCode);
  const options = [h("option", { value: "", text: "请选择城市" })];
  if (pr) {
    if (withProvince && pr.regions.length > 1) {
      options.push(h("option", { value: pr.code, text: `全省（${pr.name}）` }));
    }
    for (const r of pr.regions) {
      options.push(h("option", { value: r.code, text: r.name }));
    }
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
  if (p.search) {
    const hint = h("p", {
      class: "hint search-hint",
      id: `${p.search.id}-hint`,
      hidden: true,
    });
    p.search.closest(".field").append(hint);
    p.search.setAttribute("aria-describedby", hint.id);
    const apply = (final) => {
      const r = findRegion(p.search.value);
      hint.hidden = true;
      if (r) {
        if (p.region.value !== r.code) {
          p.province.value = r.province.code;
          fillCities(p, r.province.code, false);
          p.region.value = r.code;
          schedule();
        }
        if (final) p.search.value = searchText(r);
      } else if (final && p.search.value.trim()) {
        hint.textContent =
          "没有找到这个地区，请换个写法（如“武汉”或“420100”），或用下面的省份、城市选择";
        hint.hidden = false;
      }
    };
    p.search.addEventListener("input", () => apply(false));
    p.search.addEventListener("change", () => apply(true));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Itemized bill lines
// ---------------------------------------------------------------------------------------------------------------

const linesEl = $("#lines");
let lineUid = 0;

function addLine([
  name = "",
  amount = "",
  cls = "A",
  rate = "",
  over = "",
] = []) {
  const uid = ++lineUid;
  const id = (f) => `line-${uid}-${f}`;
  const field = (f, label, control, extra = {}) =>
    h(
      "div",
      { class: `field line-${f}`, ...extra },
      h("label", { for: id(f), dataset: { label } }),
      control,
    );
  const text = (f, value, mode, placeholder) =>
    h("input", {
      id: id(f),
      type: "text",
      inputmode: mode,
      value,
      placeholder,
      dataset: { field: f },
    });
  const classSel = h(
    "select",
    { id: id("c"), dataset: { field: "c" } },
    h("option", { value: "A", text: "甲类（全部可报）" }),
    h("option", { value: "B", text: "乙类（先自付一部分）" }),
    h("option", { value: "C", text: "丙类／目录外（全自费）" }),
  );
  classSel.value = ["A", "B", "C"].includes(cls) ? cls : "A";
  const li = h(
    "li",
    { class: "line" },
    field("n", "名称", text("n", name, "text", "如：药品、检查（可不填）")),
    field("a", "金额（元）", text("a", amount, "decimal", "")),
    field("c", "类别", classSel),
    field(
      "r",
      "先行自付比例（%）",
      text("r", rate, "decimal", "按就医地规定"),
      {
        dataset: { lineShow: "B" },
      },
    ),
    field("o", "其中超限价（元）", text("o", over, "decimal", "0"), {
      dataset: { lineShow: "AB" },
    }),
    h("button", {
      type: "button",
      class: "secondary remove-line",
      dataset: { remove: "" },
    }),
  );
  linesEl.append(li);
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
  $$(".line", linesEl).forEach((li, i) => {
    for (const label of $$("label[data-label]", li)) {
      label.textContent = `第${i + 1}项 ${label.dataset.label}`;
    }
    for (const el of $$("[data-field]", li)) {
      el.dataset.path = `bill.lines[${i}].${paths[el.dataset.field]}`;
    }
    $("[data-remove]", li).textContent = `删除第${i + 1}项`;
    const cls = $('[data-field="c"]', li).value;
    for (const f of $$("[data-line-show]", li)) {
      f.hidden = !f.dataset.lineShow.includes(cls);
    }
  });
}

function readLines() {
  return $$(".line", linesEl).map((li) =>
    ["n", "a", "c", "r", "o"].map((f) => $(`[data-field="${f}"]`, li).value),
  );
}

/** Amount text → whole fen, or null. */
function fen(t) {
  const s = normNum(t);
  if (s === "") return 0;
  if (!/^\d+(?:\.\d{1,2})?$/.test(s)) return null;
  return Number(shift(s, 2));
}
const yuan = (f) => shift(String(f), -2);

/** First switch to itemized lines: start from what the totals say, so nothing typed is lost. */
function linesFromTotals() {
  const total = fen(form.elements.bt.value);
  const ooc = fen(form.elements.bo.value);
  const over = fen(form.elements.bl.value);
  const b = fen(form.elements.bb.value);
  if ([total, ooc, over, b].includes(null) || total === 0) {
    addLine();
    return;
  }
  const a = total - ooc - b;
  if (a > 0) addLine(["甲类及其他", yuan(a), "A", "", over ? yuan(over) : ""]);
  if (b > 0) addLine(["乙类", yuan(b), "B", form.elements.br.value, ""]);
  if (ooc > 0) addLine(["自费（目录外）", yuan(ooc), "C", "", ""]);
  if (linesEl.children.length === 0) addLine();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and writing the form
// ---------------------------------------------------------------------------------------------------------------

function readForm() {
  const s = {};
  for (const el of form.elements) {
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
  for (const el of form.elements) {
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
  linesEl.replaceChildren();
  for (const l of s.lines) addLine(l.map((x) => String(x ?? "")));
  if (s.bm === "lines" && s.lines.length === 0) addLine();
  overrides = { ...s.ov };
  for (const row of paramRows.values()) row.remove();
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
  for (const el of $$("[data-show]", form)) {
    el.hidden = !show[el.dataset.show];
  }
}

/** The disease list in force on the visit date (the list grows over time), plus 其他. */
function refreshDiseases(s, force = false) {
  const on = s.vk === "inpatient" ? s.ad : s.dt;
  if (!force && on === diseaseKey) return;
  diseaseKey = on;
  const sel = form.elements.cd;
  const wanted = s.cd ?? sel.value;
  let list = [];
  try {
    list = calc.diseases(on || undefined);
  } catch {
    list = [];
  }
  const options = [
    h("option", { value: "", text: "请选择病种" }),
    ...list.map((d) => h("option", { value: d.code, text: d.name })),
    h("option", { value: "other", text: "其他病种（不在跨省直接结算目录内）" }),
  ];
  if (wanted && wanted !== "other" && !list.some((d) => d.code === wanted)) {
    const any = calc.diseases(undefined).find((d) => d.code === wanted);
    if (any) {
      options.splice(
        -1,
        0,
        h("option", {
          value: any.code,
          text: `${any.name}（${any.from} 起纳入）`,
        }),
      );
    }
  }
  sel.replaceChildren(...options);
  sel.value = wanted;
}

// ---------------------------------------------------------------------------------------------------------------
// The query (the core's contract: src/query.rs)
// ---------------------------------------------------------------------------------------------------------------

function buildQuery(s, errors, baseParams) {
  if (!s.ir)
    errors.push({ path: "insured.region", zh: "请选择参保地（城市）" });
  if (!s.vr) errors.push({ path: "visit.region", zh: "请选择就医地（城市）" });
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
    const area = s.fsame ? s.vr : s.fa;
    if (!s.fsame && !s.fa)
      errors.push({ path: "filing.area", zh: "请选择备案地" });
    const filing = { category: s.fc, area };
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
        errors.push({ path: `bill.lines[${i}].amount`, zh: "请填写金额" });
      return line;
    });
    if (lines.length === 0)
      errors.push({ path: "bill.lines", zh: "请至少填写一项费用" });
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

/** The parameters panel's edits → the query's overrides. */
function buildOverrides(ov, errors, baseParams) {
  const o = {};
  const base = (name) => baseParams?.find((p) => p.name === name);
  for (const [name, text] of Object.entries(ov)) {
    const path = `overrides.${name}`;
    if (!String(text).trim()) continue;
    switch (name) {
      case "deductible":
        o.deductible = money(text);
        break;
      case "annual_cap": {
        o.annual_cap = money(text);
        // Keep the data's basis: the core's default for an override is the fund's payments.
        if (base("annual_cap")?.value?.includes("政策范围内"))
          o.annual_cap_basis = "eligible";
        break;
      }
      case "ratio": {
        const r = parseRatio(text);
        if (r.error) errors.push({ path, zh: r.error });
        else if (r.flat !== undefined) o.ratio = r.flat;
        else o.segments = r.segments;
        break;
      }
      case "class_b_prepay_rate": {
        const r = percent(text, path, errors);
        if (r !== undefined) o.class_b_prepay_rate = r;
        break;
      }
      case "second_layer": {
        const r = parseSecondLayer(text, base("second_layer")?.raw);
        if (r.error) errors.push({ path, zh: r.error });
        else o.second_layer = r.value;
        break;
      }
      case "adjustment": {
        const t = normNum(text);
        if (!PLAIN.test(t) || Number(t) > 100) {
          errors.push({ path, zh: "请填写 0 到 100 之间的百分点数，例如 10" });
        } else if (Number(t) === 0) o.adjustment = { op: "none" };
        else o.adjustment = { op: "pp_reduction", value: shift(t, -2) };
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
  if (!baseParam) return false;
  const raw = baseParam.raw;
  switch (PARAMS[name]?.kind) {
    case "amount":
      return decEq(normNum(text), raw);
    case "percent":
      return decEq(percent(text, "", []), raw);
    case "ratio": {
      const r = parseRatio(text);
      if (r.error) return false;
      if (r.flat !== undefined)
        return typeof raw === "string" && decEq(r.flat, raw);
      return (
        Array.isArray(raw) &&
        raw.length === r.segments.length &&
        raw.every((b, i) => {
          const seg = r.segments[i];
          if ((b.up_to == null) !== (seg.up_to == null)) return false;
          return (
            decEq(b.ratio, seg.ratio) &&
            (b.up_to == null || decEq(b.up_to, seg.up_to))
          );
        })
      );
    }
    case "second_layer":
      return rawText(name, raw) === String(text).trim();
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors next to their fields
// ---------------------------------------------------------------------------------------------------------------

let errorCount = 0;

function visible(el) {
  return el.isConnected && !el.closest("[hidden]");
}

/** The input a query path belongs to: exact data-path, an alternative path, then the nearest parent path. */
function fieldFor(path) {
  if (!path) return null;
  let p = path;
  while (p) {
    const exact = $$(`[data-path="${CSS.escape(p)}"]`).filter(visible);
    if (exact.length) return exact[exact.length - 1];
    const alt = $$("[data-alt-path]").filter(
      (el) => visible(el) && el.dataset.altPath.split(" ").includes(p),
    );
    if (alt.length) return alt[0];
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

/** Errors on screen: kept in place while they say the same thing, so that an alert is not repeated per keystroke. */
let shownErrors = [];
let nextErrors = [];

function beginErrors() {
  nextErrors = [];
}

function endErrors() {
  for (const e of shownErrors) {
    if (nextErrors.includes(e)) continue;
    e.el.remove();
    if (!e.field) continue;
    const rest = (e.field.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => id && id !== e.el.id);
    if (rest.length) e.field.setAttribute("aria-describedby", rest.join(" "));
    else e.field.removeAttribute("aria-describedby");
    if (!nextErrors.some((n) => n.field === e.field)) {
      e.field.removeAttribute("aria-invalid");
    }
  }
  shownErrors = nextErrors;
}

/** Shows one error next to its field (or at the top of the result when no field fits). */
function showError(path, message) {
  const field = fieldFor(path);
  const same = shownErrors.find(
    (e) => e.field === field && e.message === message && e.el.isConnected,
  );
  if (same) {
    nextErrors.push(same);
    return;
  }
  const id = `error-${++errorCount}`;
  const el = h(
    "p",
    {
      class: "field-error",
      id,
      role: "alert",
      dataset: { errorPath: path ?? "" },
    },
    message,
  );
  nextErrors.push({ field, el, message });
  if (!field) {
    $("#result-errors").append(el);
    return;
  }
  const prior = field.getAttribute("aria-describedby");
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", [prior, id].filter(Boolean).join(" "));
  (field.closest(".field, .param") ?? field.parentElement).append(el);
}

function showCoreError(e) {
  if (e && typeof e === "object" && "path" in e) {
    const msg = e.messages?.zh ?? e.message;
    showError(String(e.path ?? ""), msg);
  } else {
    showError("", `计算出错：${e?.message ?? e}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Computing
// ---------------------------------------------------------------------------------------------------------------

function schedule() {
  resultEl.setAttribute("aria-busy", "true");
  updateVisibility(readForm());
  clearTimeout(timer);
  timer = setTimeout(compute, DEBOUNCE_MS);
}

/** The query the figures depend on: no bill (so that a typo in the bill still shows the figures). */
function figuresQuery(q, withOverrides) {
  return {
    ...q,
    bill: { total: "0" },
    overrides: withOverrides ? q.overrides : {},
  };
}

function compute() {
  clearTimeout(timer);
  timer = null;
  const s = readForm();
  updateVisibility(s);
  refreshDiseases(s);
  writeHash(s);
  beginErrors();
  seq += 1;
  resultEl.dataset.seq = String(seq);

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
    renderParams(base, used ?? base, null);
    for (const e of errors) showError(e.path, e.zh);
    markStale();
    return finish();
  }

  try {
    const est = calc.estimate(q);
    renderParams(base, used, est);
    renderResult(est, { complete: true, state: s });
  } catch (e) {
    const missing = (used ?? base)?.missing ?? [];
    const missingFigure =
      e?.code === "missing_parameter" &&
      String(e.path).startsWith("overrides.") &&
      missing.length;
    if (!missingFigure) {
      renderParams(base, used, null);
      showCoreError(e);
      markStale();
      return finish();
    }
    // A region without figures: the filing verdict and the route do not depend on them, so show those, and ask for
    // the figures the amounts need. The placeholders below never reach the screen: the slip is left out.
    const q2 = { ...q, overrides: { ...q.overrides } };
    for (const name of missing) q2.overrides[name] = "0";
    try {
      const est = calc.estimate(q2);
      renderParams(base, used, est);
      renderResult(est, { complete: false, missing, state: s });
      showCoreError(e);
    } catch (e2) {
      renderParams(base, used, null);
      showCoreError(e2);
      markStale();
    }
  }
  return finish();
}

function finish() {
  endErrors();
  resultEl.setAttribute("aria-busy", "false");
}

function writeHash(s) {
  const hash = encodeState(s);
  if (hash !== lastHash) {
    lastHash = hash;
    history.replaceState(null, "", hash);
  }
}

function markStale() {
  if (!hasResult) {
    resultBody.replaceChildren(
      h("p", { class: "empty" }, "请按提示填写左侧表格，结果会显示在这里。"),
    );
    resultEl.removeAttribute("data-testid");
    return;
  }
  resultEl.classList.add("stale");
  resultEl.dataset.testid = "result-stale";
  $("#stale-note").hidden = false;
  $("#summary-bar").classList.add("stale");
  $("#summary-text").textContent = "输入有误，请看标红的项目";
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering the result
// ---------------------------------------------------------------------------------------------------------------

function regionName(code) {
  const r = regionByCode.get(code);
  if (r) return r.name;
  return provinces.find((p) => p.code === code)?.name ?? code;
}

function sourcesList(sources, cls = "sources") {
  if (!sources?.length) return null;
  return h(
    "ul",
    { class: cls },
    sources.map((src) =>
      h(
        "li",
        {},
        src.url
          ? h(
              "a",
              { href: src.url, target: "_blank", rel: "noopener noreferrer" },
              src.title,
            )
          : h("span", {}, src.title),
        " ",
        h("span", {
          class: `grade grade-${src.grade}`,
          title: GRADE_TEXT[src.grade] ?? "",
          text: `${src.grade}级`,
        }),
        h("span", { class: "as-of", text: ` 截至 ${src.as_of}` }),
      ),
    ),
  );
}

function card(title, tone, testid, ...kids) {
  return h(
    "section",
    { class: `card tone-${tone}`, dataset: { testid } },
    h("h3", {}, title),
    ...kids,
  );
}

function renderResult(est, { complete, missing = [], state }) {
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
  else {
    const names = missing
      .map((n) => PARAMS[n]?.label.replace(/（.*）/, "") ?? n)
      .join("、");
    kids.push(
      h(
        "section",
        {
          class: "card tone-warn missing-note",
          dataset: { testid: "missing-figures" },
        },
        h("h3", {}, "还不能计算金额"),
        h(
          "p",
          {},
          `参保地（${regionName(state.ir)}）的${names}尚未收录。请在“计算参数”里填写（可向参保地医保经办机构或 12393 医保服务热线询问），金额会马上算出来。`,
        ),
        h(
          "button",
          { type: "button", class: "secondary", onclick: focusMissing },
          "去填写",
        ),
      ),
    );
  }

  const filingCard = card(
    "备案",
    STATUS_TONE[f.status] ?? "warn",
    "filing-card",
    h(
      "dl",
      { class: "verdict" },
      h("dt", {}, "需要备案吗？"),
      h(
        "dd",
        { dataset: { testid: "filing-required" } },
        f.required ? "需要" : "不需要",
      ),
      h("dt", {}, "备案是否有效？"),
      h(
        "dd",
        { dataset: { testid: "filing-status" } },
        f.reason === "filing_area_mismatch"
          ? "备案地与就医地不符"
          : (STATUS_TEXT[f.status] ?? f.status),
      ),
    ),
    h("p", { class: "message" }, f.message.zh),
    sourcesList(f.sources),
  );
  filingCard.dataset.status = f.status;
  filingCard.dataset.reason = f.reason;

  const steps = st.next_steps?.length
    ? [
        h("h4", {}, "接下来怎么做"),
        h(
          "ol",
          { class: "steps" },
          st.next_steps.map((m) => h("li", {}, m.zh)),
        ),
      ]
    : [];
  const routeCard = card(
    `结算方式：${ROUTE_TEXT[st.route] ?? st.route}`,
    ROUTE_TONE[st.route] ?? "warn",
    "settlement-card",
    h("p", { class: "message" }, st.message.zh),
    st.adjustment
      ? h(
          "p",
          { class: "adjustment" },
          `异地待遇：${st.adjustment.description.zh}`,
          st.adjustment.overridden
            ? h("span", { class: "badge" }, "已修改")
            : null,
        )
      : null,
    st.route !== "not_covered"
      ? h(
          "p",
          { class: "catalogue" },
          `费用按${regionName(st.catalogue_region)}的医保目录划分`,
        )
      : null,
    ...steps,
    sourcesList(
      st.sources.filter((src) => !f.sources.some((x) => x.id === src.id)),
    ),
  );
  routeCard.dataset.route = st.route;
  kids.push(h("div", { class: "cards" }, filingCard, routeCard));

  if (est.warnings?.length) {
    kids.push(
      h(
        "section",
        { class: "warnings", dataset: { testid: "warnings" } },
        h("h3", {}, "请注意"),
        h(
          "ul",
          {},
          est.warnings.map((w) =>
            h("li", { dataset: { code: w.code } }, w.message.zh),
          ),
        ),
      ),
    );
  }

  if (complete) kids.push(slipTable(est));
  kids.push(printSources(est));

  resultBody.replaceChildren(...kids);
  hasResult = true;
  resultEl.classList.remove("stale");
  $("#stale-note").hidden = true;
  resultEl.dataset.testid = "result-ready";
  resultEl.dataset.complete = String(complete);
  updateSummaryBar(est, complete);
}

const KIND_TEXT = {
  inpatient: "住院",
  outpatient: "普通门诊",
  chronic_outpatient: "门诊慢特病",
  pharmacy: "药店购药",
};
const LEVEL_TEXT = {
  tertiary: "三级",
  secondary: "二级",
  primary: "一级",
  community: "社区",
};
const FILING_TEXT = {
  "": "未备案",
  long_term: "长期备案",
  referral: "转诊备案",
  emergency: "急诊备案",
  temporary_other: "临时备案",
};

/** One line saying what was computed, so that a printed or shared result stands on its own. */
function describe(s) {
  const who =
    s.sc === "employee"
      ? `职工医保${s.st === "retired" ? "退休" : "在职"}`
      : `城乡居民医保${s.age ? ` ${s.age}岁` : ""}`;
  const dates =
    s.vk === "inpatient" ? `${s.ad || "?"} 至 ${s.dc || "?"}` : s.dt;
  const level = s.vk === "pharmacy" ? "" : ` ${LEVEL_TEXT[s.lv] ?? ""}`;
  return [
    `${regionName(s.ir)}${who}`,
    `在${regionName(s.vr)}${KIND_TEXT[s.vk] ?? ""}${level}${s.em ? " 急诊" : ""}`,
    dates,
    FILING_TEXT[s.fc] ?? "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function summary(est) {
  const total = est.lines.find((l) => l.key === "total")?.amount ?? "";
  const tile = (label, amount, cls, testid) =>
    h(
      "div",
      { class: `tile ${cls}` },
      h("span", { class: "tile-label" }, label),
      h(
        "span",
        { class: "tile-amount" },
        h("data", { value: amount, dataset: { testid } }, amount),
        h("small", {}, " 元"),
      ),
    );
  const tiles = [tile("医保统筹基金支付", est.fund_pays, "fund", "fund-pays")];
  if (!isZero(est.second_layer_pays)) {
    tiles.push(
      tile(
        "大病保险／大额补助支付",
        est.second_layer_pays,
        "second",
        "second-layer-pays",
      ),
    );
  }
  tiles.push(tile("个人负担", est.patient_pays, "patient", "patient-pays"));

  const parts = [
    ["fund", "医保统筹基金", est.fund_pays],
    ["second", "大病／大额", est.second_layer_pays],
    ["patient", "个人负担", est.patient_pays],
  ].filter(([, , a]) => !isZero(a));
  const sum = parts.reduce((a, [, , x]) => a + Number(x), 0) || 1;
  const bar = h(
    "div",
    {
      class: "bar",
      role: "img",
      "aria-label": parts.map(([, l, a]) => `${l} ${a} 元`).join("，"),
    },
    parts.map(([cls, label, a]) => {
      const seg = h("div", { class: `seg ${cls}`, title: `${label} ${a} 元` });
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
        `${label} ${a} 元（${((100 * Number(a)) / sum).toFixed(1)}%）`,
      ),
    ),
  );

  const notes = [];
  if (!isZero(est.account_pays)) {
    notes.push(
      `个人负担中，个人账户可付 ${est.account_pays} 元，现金 ${est.cash_pays} 元。`,
    );
  }
  if (est.settlement.route === "manual") {
    notes.push(
      `需先全额垫付 ${total} 元，回参保地报销后预计可拿回 ${sumAmounts(est.fund_pays, est.second_layer_pays)} 元。`,
    );
  }
  if (est.settlement.route === "not_covered")
    notes.push(`全部 ${total} 元需个人负担。`);

  return h(
    "section",
    { class: "summary", dataset: { testid: "summary" } },
    h("p", { class: "total" }, `医疗费用总额 ${total} 元`),
    h("div", { class: "tiles" }, tiles),
    bar,
    legend,
    notes.map((n) => h("p", { class: "note" }, n)),
  );
}

/** For the printout: every source once, instead of beside each line. */
function printSources(est) {
  const seen = new Map();
  const all = [
    ...est.filing.sources,
    ...est.settlement.sources,
    ...est.lines.flatMap((l) => l.sources),
  ];
  for (const src of all) if (!seen.has(src.id)) seen.set(src.id, src);
  if (seen.size === 0) return null;
  return h(
    "section",
    { class: "print-sources" },
    h("h3", {}, "依据"),
    h(
      "ol",
      {},
      [...seen.values()].map((src) =>
        h(
          "li",
          {},
          `${src.title}（${src.grade}级，截至 ${src.as_of}）${src.url ? ` ${src.url}` : ""}`,
        ),
      ),
    ),
  );
}

function sumAmounts(...xs) {
  const total = xs.reduce((a, x) => a + (fen(x) ?? 0), 0);
  const s = yuan(total);
  const [i, f = ""] = s.split(".");
  return `${i}.${f.padEnd(2, "0")}`;
}

function slipTable(est) {
  const rows = est.lines.map((l) =>
    h(
      "tr",
      { class: `payer-${l.payer}`, dataset: { key: l.key } },
      h(
        "th",
        { scope: "row" },
        l.label.zh,
        h(
          "span",
          { class: `payer-tag ${l.payer}` },
          PAYER_TEXT[l.payer] ?? l.payer,
        ),
      ),
      h("td", { class: "amount" }, l.amount),
      h(
        "td",
        { class: "how" },
        h("span", { class: "formula" }, l.formula),
        sourcesList(l.sources, "sources compact"),
      ),
    ),
  );
  return h(
    "section",
    { class: "slip", dataset: { testid: "slip" } },
    h("h3", {}, "结算明细"),
    h(
      "table",
      {},
      h(
        "caption",
        { class: "visually-hidden" },
        "结算明细：每一项的金额、算法和依据",
      ),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "项目"),
          h("th", { scope: "col", class: "amount" }, "金额（元）"),
          h("th", { scope: "col" }, "怎么算的（依据）"),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

function updateSummaryBar(est, complete) {
  const bar = $("#summary-bar");
  bar.classList.remove("stale");
  const said = complete
    ? `医保统筹基金支付 ${est.fund_pays} 元，个人负担 ${est.patient_pays} 元。${ROUTE_TEXT[est.settlement.route] ?? ""}。`
    : `${STATUS_TEXT[est.filing.status] ?? ""}，${ROUTE_TEXT[est.settlement.route] ?? ""}；金额需要先填写参数。`;
  if ($("#live").textContent !== said) $("#live").textContent = said;
  $("#summary-text").textContent = complete
    ? `医保 ${sumAmounts(est.fund_pays, est.second_layer_pays)} · 自付 ${est.patient_pays}`
    : `${STATUS_TEXT[est.filing.status] ?? ""} · ${ROUTE_TEXT[est.settlement.route] ?? ""}`;
  bar.hidden = false;
}

function focusMissing() {
  const el = $(".param.missing input");
  if (el) {
    el.scrollIntoView({ block: "center" });
    el.focus();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parameters panel
// ---------------------------------------------------------------------------------------------------------------

function paramRow(name) {
  let row = paramRows.get(name);
  if (row) return row;
  const spec = PARAMS[name];
  const id = `param-${name}`;
  const input = h("input", {
    id,
    type: "text",
    inputmode:
      spec.kind === "amount" || spec.kind === "points" ? "decimal" : "text",
    dataset: { path: `overrides.${name}`, param: name },
    placeholder: spec.example ?? "",
  });
  if (spec.alt) input.dataset.altPath = spec.alt;
  const hintId = `${id}-hint`;
  if (spec.hint) input.setAttribute("aria-describedby", hintId);
  const reset = h(
    "button",
    { type: "button", class: "link reset", dataset: { reset: name } },
    "恢复原值",
  );
  row = h(
    "div",
    { class: "param", dataset: { name } },
    h("label", { for: id }, spec.label),
    h(
      "div",
      { class: "param-input" },
      input,
      spec.kind === "points" ? h("span", { class: "unit" }, "个百分点") : null,
    ),
    spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null,
    h("p", { class: "param-status" }),
    reset,
    h("div", { class: "param-meta" }),
  );
  paramRows.set(name, row);
  return row;
}

function renderParams(base, used, est) {
  const panel = $("#params");
  if (!base) {
    panel.classList.add("stale");
    return;
  }
  panel.classList.remove("stale");
  const baseBy = new Map(base.parameters.map((p) => [p.name, p]));
  const usedBy = new Map((used ?? base).parameters.map((p) => [p.name, p]));
  const missing = new Set((used ?? base).missing);
  const adj = est?.settlement?.adjustment;

  const names = Object.keys(PARAMS).filter(
    (n) =>
      baseBy.has(n) ||
      usedBy.has(n) ||
      missing.has(n) ||
      base.missing.includes(n) ||
      n in overrides ||
      (n === "adjustment" && adj && ["none", "pp_reduction"].includes(adj.op)),
  );

  const active = document.activeElement;
  names.forEach((name, i) => {
    const row = paramRow(name);
    if (paramsBody.children[i] !== row)
      paramsBody.insertBefore(row, paramsBody.children[i] ?? null);
    const input = $("input", row);
    const b = baseBy.get(name);
    const overridden = name in overrides;
    const isMissing = !b && name !== "adjustment";
    row.classList.toggle("overridden", overridden);
    row.classList.toggle("missing", isMissing && !overridden);
    if (input !== active) {
      if (overridden) input.value = overrides[name];
      else if (name === "adjustment")
        input.value = adj ? adjustmentText(adj) : "";
      else input.value = rawText(name, b?.raw);
    }
    const status = $(".param-status", row);
    const reset = $(".reset", row);
    reset.hidden = !overridden;
    if (overridden) {
      const original =
        name === "adjustment"
          ? ""
          : b
            ? `（原值 ${b.value}）`
            : "（本地区未收录）";
      status.replaceChildren(
        h("span", { class: "badge" }, "已修改"),
        ` 按您填写的计算${original}`,
      );
    } else if (isMissing) {
      status.replaceChildren(
        h("span", { class: "badge warn" }, "请填写"),
        " 本地区此项未收录",
      );
    } else if (name === "adjustment") {
      status.textContent = adj?.description.zh ?? "";
    } else {
      const shown = b?.value ?? "";
      status.textContent =
        shown && shown !== input.value ? `资料值：${shown}` : "";
    }
    const meta = $(".param-meta", row);
    const srcs =
      name === "adjustment"
        ? adj?.overridden
          ? []
          : adj?.sources
        : b?.sources;
    const dates = [];
    if (b?.from) dates.push(`${b.from} 起执行`);
    if (b?.last_verified) dates.push(`最近核实 ${b.last_verified}`);
    meta.replaceChildren(
      ...[
        sourcesList(srcs),
        dates.length ? h("p", { class: "dates" }, dates.join(" · ")) : null,
      ].filter(Boolean),
    );
  });
  for (const [name, row] of paramRows) {
    if (!names.includes(name) && row.isConnected && !row.contains(active))
      row.remove();
  }
  if (names.length === 0) {
    paramsBody.replaceChildren(h("p", { class: "hint" }, "暂无参数。"));
  } else {
    for (const el of $$(":scope > p", paramsBody)) el.remove();
  }
}

function adjustmentText(adj) {
  if (adj.op === "none") return "0";
  if (adj.op === "pp_reduction" && adj.value && PLAIN.test(adj.value))
    return shift(adj.value, 2);
  return "";
}

function wireParams() {
  paramsBody.addEventListener("input", (ev) => {
    const input = ev.target.closest("input[data-param]");
    if (!input) return;
    const name = input.dataset.param;
    const text = input.value;
    const baseParam = lastBase?.parameters.find((p) => p.name === name) ?? null;
    if (!text.trim() || sameAsData(name, text, baseParam))
      delete overrides[name];
    else overrides[name] = text;
    schedule();
  });
  paramsBody.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button[data-reset]");
    if (!btn) return;
    delete overrides[btn.dataset.reset];
    const input = $(`#param-${btn.dataset.reset}`);
    compute();
    input?.focus();
  });
  paramsBody.addEventListener("focusout", () =>
    setTimeout(() => !timer && compute(), 0),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------------------------

function wireForm() {
  form.addEventListener("input", schedule);
  form.addEventListener("change", (ev) => {
    if (
      ev.target.name === "bm" &&
      ev.target.value === "lines" &&
      linesEl.children.length === 0
    ) {
      linesFromTotals();
    }
    if (ev.target.matches('[data-field="c"]')) renumberLines();
    schedule();
  });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  $("#add-line").addEventListener("click", () => {
    const li = addLine();
    $('[data-field="a"]', li).focus();
    schedule();
  });
  linesEl.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button[data-remove]");
    if (!btn) return;
    btn.closest(".line").remove();
    renumberLines();
    schedule();
  });
  $("#reset").addEventListener("click", () => {
    applyState(defaults());
    compute();
  });
  $("#clear").addEventListener("click", () => {
    applyState(blank());
    hasResult = false;
    compute();
  });
  $("#copy-link").addEventListener("click", copyLink);
  $("#print").addEventListener("click", () => window.print());
  $("#summary-more").addEventListener("click", () =>
    resultEl.scrollIntoView({ behavior: "smooth" }),
  );
  window.addEventListener("hashchange", () => {
    if (location.hash === lastHash) return;
    const s = decodeState(location.hash);
    if (s) {
      applyState(s);
      compute();
    }
  });
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(([entry]) => {
      document.body.classList.toggle("result-in-view", entry.isIntersecting);
    }).observe(resultEl);
  }
}

async function copyLink() {
  const status = $("#copy-status");
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent =
      "链接已复制。打开这个链接就能看到同样的结果；数据都在链接里，不经过任何服务器。";
  } catch {
    status.textContent = "无法自动复制，请复制浏览器地址栏中的链接。";
  }
}

async function main() {
  try {
    await init();
    calc = new Calculator();
  } catch (e) {
    resultBody.replaceChildren(
      h(
        "p",
        { class: "field-error", role: "alert" },
        `计算器加载失败（${e?.message ?? e}）。请使用较新版本的浏览器，或刷新重试。`,
      ),
    );
    resultEl.setAttribute("aria-busy", "false");
    return;
  }
  $("#policy-version").textContent = calc.policyVersion;
  indexRegions(calc.regions());
  for (const name of ["insured", "visit", "area"]) wirePicker(name);
  wireForm();
  wireParams();
  const fromLink = decodeState(location.hash);
  if (location.hash && !fromLink) {
    $("#copy-status").textContent = "链接中的数据无法读取，已显示示例。";
  }
  applyState(fromLink ?? defaults());
  compute();
}

main();
