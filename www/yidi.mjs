// The JavaScript API for hosts that build their own form (types in yidi.d.ts):
//
//   import { createCalculator } from "yidi-calculator";
//   const calc = await createCalculator();                          // the built-in policies
//   const mine = await createCalculator({ policies: "/my-policies.json" }); // or a URL, or a parsed object
//   const est = calc.estimate(query);  // throws a YidiError: .code, .path, .messages {zh, zh_hant, en}
//
// The WebAssembly core is fetched and compiled once per page; a calculator is made once per policies URL, however
// many times it is asked for. The built-in policies need only the page's module (pkg/); a policies file of the host's
// own loads the full module (pkg-full/, which validates it) on first use. Everything runs in the browser: the only
// requests are for this package's own files and the policies URL the host gives.
//
// A query crosses to the core as the JavaScript value it is (walked into words once and read by the core's derived
// readers, src/plain.rs; no JSON text in between): undefined is absent, and a number that is not finite (NaN, Infinity, e.g. from parseFloat("")) is refused
// by the core with the field's path (invalid_amount for an amount, invalid_value elsewhere), never read as absent.
//
// A query's own code may throw while the core reads it (a getter, a Proxy's trap, a toString): that is the caller's
// error, not the core's, and is thrown as a typed `invalid_value` at the part that threw (the core's walker catches it
// at that part; a text argument's toString, and anything else that throws before the core answers, is looked for
// here by reading the argument again, only after such a failure); the core goes on.
//
// The core is not supposed to trap. If it does anyway (a WebAssembly.RuntimeError such as "unreachable", or any other
// error without a .code thrown out of a core call), its instance may be left in any state, so it is thrown away: the call
// throws a typed error, code "core_failed", with plain messages, and a fresh instance of the module is made in the
// background (its JavaScript glue imported once more under another URL, which makes a new module instance). Calls
// made before it is ready throw "core_restarting"; `ready()` resolves once the calculator can be used again.

import init, { Calculator } from "./pkg/yidi.js";

let builtIn;
let full;
const byUrl = new Map();
/** How many fresh module instances were made (each import of the glue needs a URL of its own). */
let instances = 0;
/** Instances that trapped: kept, so that their finalizers never call into them again. */
const retired = [];

/** The Calculator class of the module that can load `text` (once per page and module). */
function core(text) {
  if (text === undefined) {
    builtIn ??= init().then(() => Calculator);
    return builtIn;
  }
  full ??= import("./pkg-full/yidi.js").then((m) =>
    m.default().then(() => m.Calculator),
  );
  return full;
}

/** The Calculator class of a new instance of the module for `text`: its glue imported again under a new URL. */
async function freshCore(text) {
  const dir = text === undefined ? "./pkg/" : "./pkg-full/";
  const url = new URL(`${dir}yidi.js`, import.meta.url);
  url.searchParams.set("instance", String(++instances));
  const m = await import(/* @vite-ignore */ /* webpackIgnore: true */ url.href);
  await m.default();
  return m.Calculator;
}

const baseUrl = () => globalThis.document?.baseURI ?? globalThis.location?.href;

/** An error of this layer (the core's errors already carry code, path and messages). */
function unavailable(url, reason, cause) {
  const why =
    typeof reason === "string"
      ? { zh: reason, zh_hant: reason, en: reason }
      : reason;
  const err = new Error(
    `政策数据文件 ${url} 无法读取（${why.zh}）`,
    cause === undefined ? {} : { cause },
  );
  err.code = "policies_unavailable";
  err.path = "";
  err.url = url;
  err.messages = {
    zh: `无法读取政策数据文件 ${url}（${why.zh}）`,
    zh_hant: `無法讀取政策資料檔案 ${url}（${why.zh_hant}）`,
    en: `The policies file ${url} could not be read (${why.en})`,
  };
  return err;
}

/** A policies object that JSON cannot write (a cycle, a BigInt): `invalid_policies`, as the core says of a bad file. */
function unwritablePolicies(cause) {
  const messages = {
    zh: "政策数据对象无法读取：其中有循环引用、BigInt 或其他不能写成 JSON 的值",
    zh_hant:
      "政策資料物件無法讀取：其中有循環參照、BigInt 或其他不能寫成 JSON 的值",
    en: "The policies object cannot be read: it holds a cycle, a BigInt or another value JSON cannot write",
  };
  const err = new Error(messages.zh, { cause });
  err.code = "invalid_policies";
  err.path = "";
  err.messages = messages;
  err.errors = [{ code: "invalid_json", path: "", message: messages }];
  err.count = 1;
  return err;
}

/** A fetch that failed before any answer: offline, or an address this page may not read (another site's). */
const NOT_REACHED = {
  zh: "没有联网，或该地址不允许本页读取",
  zh_hant: "沒有聯網，或該位址不允許本頁讀取",
  en: "offline, or an address this page may not read",
};

async function fetchText(url) {
  let res;
  try {
    res = await fetch(url, { credentials: "same-origin" });
  } catch (e) {
    // The browser's own text ("Failed to fetch") is for the console, not the reader.
    throw unavailable(url, NOT_REACHED, e);
  }
  if (!res.ok) throw unavailable(url, `HTTP ${res.status}`);
  return res.text();
}

const FAILED = {
  zh: "计算出错了（计算器内部错误），已自动重新启动。请再试一次；您填写的内容都还在。",
  zh_hant:
    "計算出錯了（計算器內部錯誤），已自動重新啟動。請再試一次；您填寫的內容都還在。",
  en: "The calculation failed (an internal error of the calculator), which has restarted itself. Please try again; everything you entered is still there.",
};
const RESTARTING = {
  zh: "计算器正在重新启动，请稍候…",
  zh_hant: "計算器正在重新啟動，請稍候…",
  en: "The calculator is restarting; one moment…",
};

/** A typed error of this layer for a core that failed: plain words, the original error as .cause. */
function coreError(code, messages, cause) {
  const err = new Error(messages.zh, cause === undefined ? {} : { cause });
  err.code = code;
  err.path = "";
  err.messages = { ...messages };
  return err;
}

/** The core's own errors: an object with a string .code (and .path, .messages). Anything else is a failure. */
const typed = (e) =>
  e != null && typeof e === "object" && typeof e.code === "string";

/**
 * Where reading `value` throws (a getter, a Proxy's trap: the caller's own code, run while the core reads its
 * argument), as { path, error }, or null. Looked for only after a call failed without a typed error; read in the
 * order the core reads, each property once, at most 64 levels deep.
 */
function throwingPart(value, path = "", depth = 0, seen = new Set()) {
  if (value === null || typeof value !== "object" || depth > 64) return null;
  if (seen.has(value)) return null;
  seen.add(value);
  let keys;
  try {
    keys = Array.isArray(value)
      ? Array.from({ length: value.length }, (_, i) => i)
      : Object.keys(value);
  } catch (error) {
    return { path, error };
  }
  for (const k of keys) {
    const at =
      typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    let v;
    try {
      v = value[k];
    } catch (error) {
      return { path: at, error };
    }
    const found = throwingPart(v, at, depth + 1, seen);
    if (found) return found;
  }
  return null;
}

const LOCALE_KEYS = { "zh-Hans": "zh", "zh-Hant": "zh_hant", en: "en" };

/** The caller's argument could not be read (its own code threw): a typed error at that part, in its `locale`. */
function unreadable({ path, error }, arg) {
  const what = path || "查询";
  const messages = {
    zh: `无法读取${what}：读取时出错（不是数据本身）`,
    zh_hant: `無法讀取${path || "查詢"}：讀取時出錯（不是資料本身）`,
    en: `${path || "The query"} could not be read: reading it threw an error (not a value)`,
  };
  let locale;
  try {
    locale = LOCALE_KEYS[arg?.locale];
  } catch {
    /* its locale cannot be read either: every language */
  }
  const err = new Error(messages[locale] ?? messages.zh, { cause: error });
  err.code = "invalid_value";
  err.path = path;
  err.messages = locale ? { [locale]: messages[locale] } : messages;
  return err;
}

function wrap(first, text, source) {
  let current = first;
  let restarting = null;

  const restart = () => {
    restarting ??= freshCore(text)
      .then((Fresh) => {
        const next = new Fresh(text);
        retired.push(current);
        current = next;
      })
      // The old instance stays (it may well still work); the next failure tries again.
      .catch(() => {})
      .finally(() => {
        restarting = null;
      });
    return restarting;
  };

  /** A core call with `arg` (the query, bill or slip it reads). */
  const call = (f, arg) => {
    if (restarting) throw coreError("core_restarting", RESTARTING);
    try {
      return f(current);
    } catch (e) {
      if (typed(e)) throw e;
      // The caller's own code threw while the core read its argument (a getter, a Proxy): the core stopped reading,
      // before any rule ran; its answer is a typed error at that part, and the core goes on.
      const part =
        e instanceof WebAssembly.RuntimeError ? null : throwingPart(arg);
      if (part) throw unreadable(part, arg);
      restart();
      throw coreError("core_failed", FAILED, e);
    }
  };
  /** A text argument: what String() makes of it (its own toString may throw: then a typed error). */
  const asText = (x) => {
    try {
      return String(x);
    } catch (error) {
      throw unreadable({ path: "", error });
    }
  };

  return Object.freeze({
    /** Where the policies came from: "built-in", a URL, or "object". */
    source,
    policyVersion: first.policyVersion,
    analyze: (query) => call((c) => c.analyze(query), query),
    estimate: (query) => call((c) => c.estimate(query), query),
    verdict: (query) => call((c) => c.verdict(query), query),
    figures: (query) => call((c) => c.figures(query), query),
    options: (query) => call((c) => c.options(query), query),
    ratioFromSlip: (slip) => call((c) => c.ratioFromSlip(slip), slip),
    linesFromTotals: (bill, locale) => {
      const l = locale == null ? undefined : asText(locale);
      return call((c) => c.linesFromTotals(bill, l), bill);
    },
    totalsFromLines: (bill) => call((c) => c.totalsFromLines(bill), bill),
    regions: () => call((c) => c.regions()),
    region: (code) => {
      const t = asText(code ?? "");
      return call((c) => c.region(t) ?? null);
    },
    diseases: (on) => {
      const d = on == null ? undefined : asText(on);
      return call((c) => c.diseases(d));
    },
    /** Resolves when the calculator can be used (at once, unless it is restarting after a failure). */
    ready: () => (restarting ?? Promise.resolve()).then(() => undefined),
  });
}

async function make(text, source) {
  const Made = await core(text);
  try {
    return wrap(new Made(text), text, source);
  } catch (e) {
    if (
      e &&
      typeof e === "object" &&
      source !== "built-in" &&
      source !== "object"
    )
      e.url = source;
    throw e;
  }
}

/**
 * A calculator over the built-in policies, or over `policies`: a URL (string or URL, relative to the page) or a
 * parsed policies object. Rejects with the core's `invalid_policies` error (with `.errors`, every problem with its
 * path) or with `policies_unavailable` when the URL cannot be fetched.
 */
export function createCalculator({ policies } = {}) {
  if (
    policies != null &&
    typeof policies === "object" &&
    !(policies instanceof URL)
  ) {
    let text;
    try {
      text = JSON.stringify(policies);
    } catch (e) {
      // A cycle or a BigInt: no JSON to give the core, and no bare TypeError for the embedder (helper-49).
      return Promise.reject(unwritablePolicies(e));
    }
    return make(text, "object");
  }
  const url =
    policies == null || policies === ""
      ? ""
      : new URL(String(policies), baseUrl()).href;
  let made = byUrl.get(url);
  if (!made) {
    made =
      url === ""
        ? make(undefined, "built-in")
        : fetchText(url).then((text) => make(text, url));
    byUrl.set(url, made);
    // A failure is not remembered: the next request for the URL tries again.
    made.catch(() => byUrl.get(url) === made && byUrl.delete(url));
  }
  return made;
}
