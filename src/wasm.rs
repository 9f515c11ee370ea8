//! The wasm-bindgen layer: a thin translator between JavaScript values and the rules core. No rule lives here.
//!
//! ```js
//! import init, { Calculator } from './pkg/yidi.js';
//! await init();
//! const calc = new Calculator();          // embedded default policies; or new Calculator(policiesJsonText)
//! const est = calc.estimate(query);       // throws an Error with .code, .path, .messages {zh, zh_hant, en}
//! // (with `query.locale` set, every message of the answer or the error is in that language only)
//! ```

use crate::plain::Plain;
use crate::{estimate, figures, Error, Policies, Query};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Calculator {
    policies: Policies,
}

#[wasm_bindgen]
impl Calculator {
    /// From the embedded default policies, or (in the `full` module) from a policies file's JSON text. A file with
    /// problems throws an Error whose `.errors` lists every problem with its path.
    #[wasm_bindgen(constructor)]
    pub fn new(policies_json: Option<String>) -> Result<Calculator, JsValue> {
        let loaded = match policies_json {
            #[cfg(feature = "full")]
            Some(text) => Policies::load(&text),
            #[cfg(not(feature = "full"))]
            Some(_) => {
                return Err(js_error(&Error::new(
                    crate::ErrorCode::InvalidValue,
                    "",
                    crate::Message::new(
                        "此模块只带内置政策数据；自备数据文件请用完整模块（pkg-full）",
                        "This module has the built-in policies only: load a policies file with the full module \
                         (pkg-full)",
                    ),
                )))
            }
            None => Policies::default_policies(),
        };
        loaded
            .map(|policies| Calculator { policies })
            .map_err(|errors| policy_error(&errors))
    }

    /// The estimate for a query object (see the README for the contract). Throws a typed error.
    pub fn estimate(&self, query: JsValue) -> Result<JsValue, JsValue> {
        answer(query, |q| estimate(&self.policies, q))
    }

    /// Everything a form shows, from one call: the verdict and route, every figure with its source and basis, the
    /// figures still to enter, the slip when the bill is given, and the options when the person said where they stand.
    pub fn analyze(&self, query: JsValue) -> Result<JsValue, JsValue> {
        answer(query, |q| crate::analyze(&self.policies, q))
    }

    /// The filing verdict and settlement route alone: needs no bill and no benefit figures.
    pub fn verdict(&self, query: JsValue) -> Result<JsValue, JsValue> {
        answer(query, |q| crate::verdict(&self.policies, q))
    }

    /// The figures an estimate would use for this query (each with its source), and those that must be entered.
    pub fn figures(&self, query: JsValue) -> Result<JsValue, JsValue> {
        answer(query, |q| figures(&self.policies, q))
    }

    /// Every course open to the person in their `situation` on `today` (file now, claim at home, …), each worked out,
    /// with the recommended one first and the reason.
    pub fn options(&self, query: JsValue) -> Result<JsValue, JsValue> {
        answer(query, |q| crate::options::options_alone(&self.policies, q))
    }

    /// The fund's ratio worked out from a past settlement slip (`{eligible, deductible, fund_paid}`), with its
    /// arithmetic: a figure the person then enters as `overrides.ratio`. Throws a typed error naming the slip's field.
    #[wasm_bindgen(js_name = ratioFromSlip)]
    pub fn ratio_from_slip(&self, slip: JsValue) -> Result<JsValue, JsValue> {
        let value = plain(&slip);
        let locale = value
            .get("locale")
            .and_then(|l| serde::Deserialize::deserialize(l.clone()).ok());
        crate::in_locale(locale, || {
            let s: crate::past_slip::PastSlip =
                crate::strict::read(value).map_err(|e| js_error(&e))?;
            to_js(&crate::past_slip::ratio_from_slip(&s).map_err(|e| js_error(&e))?)
        })
    }

    /// The itemized lines a form starts from when the person switches from totals to lines (the class-B and
    /// out-of-catalogue parts as lines of their own, the rest of the total as class A), named in `locale`; none when
    /// the bill does not read or its parts exceed its total.
    #[wasm_bindgen(js_name = linesFromTotals)]
    pub fn lines_from_totals(
        &self,
        bill: JsValue,
        locale: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let locale =
            crate::error::Locale::from_argument(locale.as_deref()).map_err(|e| js_error(&e))?;
        crate::in_locale(locale, || {
            let lines = crate::strict::read::<crate::query::Bill, _>(plain(&bill))
                .map(|b| crate::input::lines_from_totals(&b))
                .unwrap_or_default();
            to_js(&lines)
        })
    }

    /// The totals a form shows when the person switches from itemized lines back to totals: the lines' sum and parts
    /// (`crate::input::totals_from_lines`), or null when the bill has no lines or they do not read.
    #[wasm_bindgen(js_name = totalsFromLines)]
    pub fn totals_from_lines(&self, bill: JsValue) -> Result<JsValue, JsValue> {
        let totals = crate::strict::read::<crate::query::Bill, _>(plain(&bill))
            .ok()
            .and_then(|b| crate::input::totals_from_lines(&b));
        to_js(&totals)
    }

    /// Provinces with their pooling regions, for pickers.
    pub fn regions(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::catalogue_of_regions(&self.policies))
    }

    /// The code of the pooling region that a code or name stands for (a county's code resolves to its region:
    /// 411681 → 411600, 310115 → 310000), or undefined. The region search's one source for codes.
    pub fn region(&self, text: &str) -> Option<String> {
        crate::region::resolve(&self.policies, text, "")
            .ok()
            .map(|r| r.code.clone())
    }

    /// The cross-province chronic-disease list in force on a date (YYYY-MM-DD; all when absent or empty); a date
    /// that does not read throws `invalid_date` at `on`.
    pub fn diseases(&self, on: Option<String>) -> Result<JsValue, JsValue> {
        to_js(&crate::diseases_on_text(&self.policies, on.as_deref()).map_err(|e| js_error(&e))?)
    }

    /// Every pooling region with what the data covers for it (the `full` module only) (schedules, class-B rate, adjustments, the province's
    /// intra-province rule, arrangements), each with its best grade and dates: the 数据覆盖 view.
    #[cfg(feature = "full")]
    pub fn coverage(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::coverage::coverage(&self.policies))
    }

    /// How far the data reaches (the `full` module only): regions with their own sourced inpatient figures, provinces
    /// with a sourced intra-province filing rule.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = coverageSummary)]
    pub fn coverage_summary(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::coverage::summary(&self.policies))
    }

    #[wasm_bindgen(getter, js_name = policyVersion)]
    pub fn policy_version(&self) -> String {
        self.policies.version.clone()
    }
}

/// A query from JavaScript, answered by `f` in the query's own language: the query is walked into words once
/// ([`crate::plain`]), its `locale` read first (so that an error in the query is worded in that language too), then the
/// query itself by its types' derived `Deserialize`; errors name the field's path.
fn answer<T: Serialize>(
    query: JsValue,
    f: impl FnOnce(&Query) -> Result<T, Error>,
) -> Result<JsValue, JsValue> {
    let value = plain(&query);
    let locale = value
        .get("locale")
        .and_then(|l| serde::Deserialize::deserialize(l.clone()).ok());
    crate::in_locale(locale, || {
        let q: Query = crate::strict::read(value).map_err(|e| js_error(&e))?;
        to_js(&f(&q).map_err(|e| js_error(&e))?)
    })
}

/// A query read as the binding reads one (for tests/wasm.rs, which checks it against serde-wasm-bindgen's reading).
#[doc(hidden)]
pub fn read_query(v: &JsValue) -> Result<Query, Error> {
    crate::strict::read(plain(v))
}

/// A JavaScript value as the core reads it: walked by `plain_words` into words and text, which cross once.
fn plain(v: &JsValue) -> Plain {
    let words = plain_words(v).to_vec();
    Plain::from_words(&words, &plain_text())
        .unwrap_or_else(|| Plain::Other("a value the reader could not walk".into()))
}

// A value's words (src/plain.rs documents them), then its strings' text. The walk never throws into the wasm (an
// exception unwinding through it leaks its stack: after ~3,850 throwing queries the core trapped): a getter, a Proxy's
// trap or an iterator that throws makes that value one of no query's type, `invalid_value` at its path. The walk is
// bounded in values as well as in depth and list length (an object reached twice is walked twice: a chain of shared
// objects 30 deep froze the page).
#[wasm_bindgen(inline_js = r#"
const f64 = new Float64Array(1);
const halves = new Uint32Array(f64.buffer);
const MAX_ITEMS = 100000;
const MAX_VALUES = 200000;
const MAX_CHARS = 8000000;
const THREW = "a value whose reading threw an error";
let out, texts, values, chars, last = "";
function str(tag, s) {
  if (tag !== 12 && (chars += s.length) > MAX_CHARS) {
    return str(12, "text beyond " + MAX_CHARS + " characters in all");
  }
  out.push(tag | (s.length << 4));
  texts.push(s);
}
// An object's key is always a string (the reader expects one): beyond the budget, a long one is cut short (it is no key
// a query has anyway, and is named as cut).
function key(k) {
  if (k.length > 64 && chars + k.length > MAX_CHARS) k = k.slice(0, 64) + "…";
  chars += k.length;
  out.push(5 | (k.length << 4));
  texts.push(k);
}
function put(v, depth) {
  if (++values > MAX_VALUES) return str(12, "a value of more than " + MAX_VALUES + " parts");
  switch (typeof v) {
    case "undefined": out.push(0); return;
    case "boolean": out.push(v ? 2 : 1); return;
    case "number": f64[0] = v; out.push(4, halves[0], halves[1]); return;
    case "string": str(5, v); return;
    case "bigint": str(11, v.toString()); return;
    case "object": break;
    default: str(12, "a " + typeof v); return;
  }
  if (v === null) { out.push(0); return; }
  if (depth >= 64) { str(12, "a value nested deeper than 64 levels"); return; }
  // What the value is, read before anything is written for it: a trap that throws here makes it one value.
  let kind, entries;
  try {
    if (Array.isArray(v)) {
      kind = "array";
    } else if (v instanceof Map) {
      entries = [...v];
      kind = entries.every(([k]) => typeof k === "string") ? "map" : "Map with keys that are not strings";
    } else if (Symbol.iterator in v) {
      kind = Object.prototype.toString.call(v);
    } else {
      entries = Object.keys(v);
      // The query's language first, so that it is read whatever else is too large to be.
      if (depth === 0) entries.sort((a, b) => (b === "locale") - (a === "locale"));
      kind = "object";
    }
  } catch {
    return str(12, THREW);
  }
  if (kind === "array") {
    let n;
    try { n = v.length; } catch { return str(12, THREW); }
    if (!(n <= MAX_ITEMS)) return str(12, "a list of " + n + " items");
    out.push(8);
    for (let i = 0; i < n; i++) {
      let x;
      try { x = v[i]; } catch { str(12, THREW); continue; }
      put(x, depth + 1);
    }
    out.push(10);
  } else if (kind === "map") {
    out.push(9);
    for (const [k, x] of entries) { key(k); put(x, depth + 1); }
    out.push(10);
  } else if (kind === "object") {
    out.push(9);
    for (const k of entries) {
      let x;
      try { x = v[k]; } catch { key(k); str(12, THREW); continue; }
      key(k);
      put(x, depth + 1);
    }
    out.push(10);
  } else {
    str(12, kind);
  }
}
export function plain_words(v) {
  out = []; texts = []; values = 0; chars = 0;
  try {
    put(v, 0);
    last = texts.join("");
  } catch {
    // Nothing above should throw; if something does (the engine's own limits), the value is one of no query's type.
    out = []; texts = [];
    str(12, THREW);
    last = texts.join("");
  }
  const words = Uint32Array.from(out);
  out = undefined; texts = undefined;
  return words;
}
export function plain_text() { const t = last; last = ""; return t; }
"#)]
extern "C" {
    fn plain_words(v: &JsValue) -> js_sys::Uint32Array;
    fn plain_text() -> String;
}

/// Any answer into the plain JavaScript value JSON.parse would make of serde_json's text: written on a tape
/// ([`crate::tape`]) in the wasm's memory and built into objects by `from_tape` on JavaScript's side, in one call.
/// The strings the tape keeps from one answer to the next are kept on JavaScript's side in an array of this
/// instance's own (so that two instances of the module never share one).
pub fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    struct Crossing {
        tape: crate::tape::Tape,
        kept: js_sys::Array,
    }
    thread_local! {
        static CROSSING: std::cell::RefCell<Crossing> = std::cell::RefCell::new(Crossing {
            tape: crate::tape::Tape::default(),
            kept: js_sys::Array::new(),
        });
    }
    CROSSING.with(|c| {
        // Not re-entered: nothing below calls back into JavaScript before the tape is read.
        let mut c = c
            .try_borrow_mut()
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        c.tape
            .write(v)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(from_tape(
            &c.tape.words,
            &c.tape.text,
            &c.kept,
            c.tape.fresh,
        ))
    })
}

// The tape's reader (src/tape.rs documents the words): its text decoded once, the objects built here, not one call
// across the boundary per field. `kept` is the instance's array of the strings kept from one answer to the next.
#[wasm_bindgen(inline_js = r#"
const num = new Float64Array(1);
const halves = new Uint32Array(num.buffer);
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
let words, text, at, cursor, kept, shared;
function read() {
  const w = words[at++];
  switch (w & 15) {
    case 0: return null;
    case 1: return false;
    case 2: return true;
    case 3: return w >>> 4;
    case 4: halves[0] = words[at++]; halves[1] = words[at++]; return num[0];
    case 5: return text.substring(cursor, (cursor += w >>> 4));
    case 6: { const s = text.substring(cursor, (cursor += w >>> 4)); kept.push(s); return s; }
    case 7: return kept[w >>> 4];
    case 8: { const a = []; while (words[at] !== 10) a.push(read()); at++; return a; }
    case 9: {
      const o = {};
      while (words[at] !== 10) {
        const k = read();
        if (k === "__proto__") Object.defineProperty(o, k, { value: read(), enumerable: true, writable: true, configurable: true });
        else o[k] = read();
      }
      at++;
      return o;
    }
    case 11: { const n = shared.length; shared.push(null); return (shared[n] = read()); }
    case 12: return shared[w >>> 4];
    default: throw new Error("yidi: not a tape's word: " + w);
  }
}
export function from_tape(w, bytes, strings, fresh) {
  if (fresh) strings.length = 0;
  words = w; text = bytes.length ? utf8.decode(bytes) : ""; at = 0; cursor = 0; kept = strings; shared = [];
  try { return read(); } finally { words = undefined; text = undefined; kept = undefined; shared = undefined; }
}
"#)]
extern "C" {
    fn from_tape(words: &[u32], text: &[u8], kept: &js_sys::Array, fresh: bool) -> JsValue;
}

/// A JS Error carrying the typed error: `.code`, `.path`, `.messages` ({zh, en}); its message is the Chinese text.
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message.text());
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code.as_str()));
    set("path", JsValue::from_str(&e.path));
    set("messages", to_js(&e.message).unwrap_or(JsValue::NULL));
    err.into()
}

fn policy_error(errors: &[Error]) -> JsValue {
    let first = errors.first().map(|e| e.message.clone());
    let n = errors
        .iter()
        .filter(|e| !crate::validate::more_may_follow(e))
        .count();
    let summary = crate::Message::new(
        format!(
            "政策数据文件有 {n} 处错误：{}",
            first.as_ref().map_or("", |m| m.zh.as_ref())
        ),
        format!(
            "The policies file has {n} problem(s): {}",
            first.as_ref().map_or("", |m| m.en.as_ref())
        ),
    );
    let err = js_sys::Error::new(&summary.zh);
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str("invalid_policies"));
    set("messages", to_js(&summary).unwrap_or(JsValue::NULL));
    set("errors", to_js(&errors).unwrap_or(JsValue::NULL));
    // The problems, without the note that more may follow (helper-77: the element counted it as one).
    set("count", JsValue::from_f64(n as f64));
    err.into()
}
