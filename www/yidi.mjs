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

import init, { Calculator } from "./pkg/yidi.js";

let builtIn;
let full;
const byUrl = new Map();

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

const baseUrl = () => globalThis.document?.baseURI ?? globalThis.location?.href;

/** An error of this layer (the core's errors already carry code, path and messages). */
function unavailable(url, reason) {
  const err = new Error(`政策数据文件 ${url} 无法读取（${reason}）`);
  err.code = "policies_unavailable";
  err.path = "";
  err.url = url;
  err.messages = {
    zh: `无法读取政策数据文件 ${url}（${reason}）`,
    zh_hant: `無法讀取政策數據文件 ${url}（${reason}）`,
    en: `The policies file ${url} could not be read (${reason})`,
  };
  return err;
}

async function fetchText(url) {
  let res;
  try {
    res = await fetch(url, { credentials: "same-origin" });
  } catch (e) {
    throw unavailable(url, e?.message ?? "network error");
  }
  if (!res.ok) throw unavailable(url, `HTTP ${res.status}`);
  return res.text();
}

function wrap(core, source) {
  return Object.freeze({
    /** Where the policies came from: "built-in", a URL, or "object". */
    source,
    policyVersion: core.policyVersion,
    estimate: (query) => core.estimate(query),
    verdict: (query) => core.verdict(query),
    figures: (query) => core.figures(query),
    regions: () => core.regions(),
    diseases: (on) => core.diseases(on ?? undefined),
  });
}

async function make(text, source) {
  const Made = await core(text);
  try {
    return wrap(new Made(text), source);
  } catch (e) {
    if (e && typeof e === "object" && source !== "built-in") e.url = source;
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
    return make(JSON.stringify(policies), "object");
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
