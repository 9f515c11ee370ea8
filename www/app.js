// 异地就医计算器: the standalone page. The calculator itself is calculator-ui.js (shared with <yidi-calculator>);
// this file adds what only the page has: the state in the URL fragment (a link reproduces the estimate; browsers never
// send the fragment to a server), the language and large-text switches, copy-link and print, the phone's summary bar,
// and the service worker that keeps the page working offline.

import {
  mount,
  encodeState,
  decodeState,
  defaultState,
  fragmentLocale,
  languageOnly,
} from "./calculator-ui.js";
import { translator, pickLocale, loadLocale, LOCALES } from "./i18n.js";
import { createCalculator } from "./yidi.mjs";

const $ = (sel) => document.querySelector(sel);
const LANG_KEY = "yidi-locale";
const TEXT_KEY = "yidi-large-text";

const stored = (key) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key, value) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts this visit */
  }
};

// A link's own language first (one shared from a 繁體 page opens in 繁體), then the reader's choice, then the browser's.
let locale =
  fragmentLocale(location.hash) ??
  (LOCALES.includes(stored(LANG_KEY))
    ? stored(LANG_KEY)
    : pickLocale(navigator.languages));
let t;
let ui;
let lastHash = "";
let policyVersion = "";
/** The message key of the page's status line (kept, so that it follows a change of language). */
let statusKey = "";

function setStatus(key) {
  statusKey = key;
  $("#page-status").textContent = key ? t(key) : "";
}

function translatePage() {
  document.documentElement.lang = locale;
  document.title = t("pageTitle");
  for (const el of document.querySelectorAll("[data-i18n]"))
    el.textContent = t(el.dataset.i18n);
  $("#language").value = locale;
  $("#footer-text").textContent = t("pageFooter", {
    version: policyVersion || "—",
  });
  setStatus(statusKey);
}

/** The fragment computed but not yet in the address (see writeHash). */
let unwritten = null;

/** Writes what is in the address now (the copy-link button reads it). */
function flushHash() {
  if (unwritten === null) return;
  const hash = unwritten;
  unwritten = null;
  history.replaceState(null, "", hash);
}

/**
 * The form's state into the URL fragment. history.replaceState makes Chromium lay the page out there and then (to
 * keep the scroll position), so it is called in a task of its own once the result is built, not in the middle of the
 * computation that builds it: the page is laid out once, for the result, rather than twice.
 */
function writeHash(s, how) {
  // The example untouched is not the reader's state: its address keeps the language only, so that a reload, a
  // bookmark or a shared link opens the example labelled as one (helper-53: it came back as the person's own result).
  const hash = how?.example ? `#l=${locale}` : `${encodeState(s)}&l=${locale}`;
  if (hash === lastHash) return;
  lastHash = hash;
  if (unwritten === null) setTimeout(flushHash, 0);
  unwritten = hash;
}

function resultActions(tr) {
  const status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  const button = (text, cls, onclick) => {
    const b = document.createElement("button");
    b.type = "button";
    if (cls) b.className = cls;
    b.textContent = text;
    b.addEventListener("click", onclick);
    return b;
  };
  return [
    button(tr("copyLink"), "", async () => {
      try {
        flushHash();
        await navigator.clipboard.writeText(location.href);
        status.textContent = tr("linkCopied");
      } catch {
        status.textContent = tr("copyFailed");
      }
    }),
    button(tr("print"), "secondary", () => window.print()),
    status,
  ];
}

let observer;
let observed = [];
/** The observed parts on screen now: the result, or its glance above the form (a phone's first screen). */
const inView = new Set();

/**
 * The summary bar hides while the result or its glance is on screen (it would say the same, and cover the glance's
 * button); the result section and the glance are rebuilt, so whatever is there now is observed.
 */
function followResult() {
  if (!observer || !ui) return;
  const now = [".result", ".glance"]
    .map((sel) => ui.element.querySelector(sel))
    .filter(Boolean);
  if (
    now.length === observed.length &&
    now.every((el, i) => el === observed[i])
  )
    return;
  for (const el of observed) observer.unobserve(el);
  inView.clear();
  for (const el of now) observer.observe(el);
  observed = now;
}

/** The bar's last word: while something is to correct, its button goes to that field, not to the stale result. */
let barInfo = null;

function updateSummaryBar(info) {
  followResult();
  barInfo = info;
  const bar = $("#summary-bar");
  bar.classList.toggle("stale", info.status !== "ready");
  const more = $("#summary-more");
  more.dataset.i18n = info.fix ? "goToFix" : "showResult";
  more.textContent = t(more.dataset.i18n);
  // The worked example's amounts are said to be the example's (they showed bare, as if the person's own).
  const said =
    info.example && info.summary
      ? t("summaryExample", { summary: info.summary })
      : (info.summary ?? "");
  // What the patient pays first; what the insurance pays after " · " (summaryShort in every language) gives way at
  // large text or on a narrow phone, rather than the patient's range being cut in two (helper-66: "43492.15–…").
  const [pays, ...rest] = said.split(" · ");
  const ins = document.createElement("span");
  ins.className = "bar-insurance";
  ins.textContent = rest.length ? ` · ${rest.join(" · ")}` : "";
  $("#summary-text").replaceChildren(pays, ins);
  bar.hidden = info.status === "empty";
}

function wirePage() {
  $("#language").addEventListener("change", async (ev) => {
    const next = ev.target.value;
    await loadLocale(next);
    if (next !== ev.target.value) return; // another language was chosen meanwhile
    locale = next;
    t = translator(locale);
    store(LANG_KEY, locale);
    await ui?.setLocale(locale);
    translatePage();
  });
  const large = $("#large-text");
  const setLarge = (on) => {
    document.documentElement.classList.toggle("large-text", on);
    large.setAttribute("aria-pressed", String(on));
  };
  setLarge(stored(TEXT_KEY) === "1");
  large.addEventListener("click", () => {
    const on = large.getAttribute("aria-pressed") !== "true";
    setLarge(on);
    store(TEXT_KEY, on ? "1" : "0");
  });
  $("#summary-more").addEventListener("click", () => {
    if (barInfo?.fix) return barInfo.fix();
    const result = ui?.element.querySelector(".result");
    if (!result) return;
    result.scrollIntoView({ behavior: "smooth" });
    // Focus follows (it stayed on the page's body): a keyboard or screen-reader user is taken to the result too.
    if (!result.hasAttribute("tabindex")) result.setAttribute("tabindex", "-1");
    result.focus({ preventScroll: true });
  });
  // The bar covers the bottom of the screen: a field focused behind it is scrolled clear of it (scroll-padding-bottom,
  // style.css), however tall large text makes it.
  const bar = $("#summary-bar");
  if ("ResizeObserver" in window)
    new ResizeObserver(() => {
      document.documentElement.style.setProperty(
        "--summary-bar-height",
        `${bar.offsetHeight}px`,
      );
    }).observe(bar);
  window.addEventListener("hashchange", () => {
    if (location.hash === lastHash || !ui) return;
    // Back at the example's address (the language alone): the example again, labelled as one (helper-54: the
    // person's own entries stayed under the example's address, and a copied link shared the example).
    if (languageOnly(location.hash)) {
      lastHash = location.hash;
      setStatus("");
      unwritten = null;
      return ui.setState(defaultState(), { example: true });
    }
    const s = decodeState(location.hash);
    // A link that cannot be read leaves the form as it was (and the next edit writes a good link again).
    if (!s) return setStatus("linkUnreadableKept");
    setStatus("");
    unwritten = null; // the address holds the reader's link now, not the state before it
    ui.setState(s);
  });
}

async function main() {
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) inView.add(e.target);
        else inView.delete(e.target);
      }
      document.body.classList.toggle("result-in-view", inView.size > 0);
    });
  }
  // The core starts loading at once, while another language's words load (简体中文's came with i18n.js); if they
  // cannot load, the page stays in 简体中文.
  const made = createCalculator();
  made.catch(() => {}); // awaited below
  locale = await loadLocale(locale).catch(() => "zh-Hans");
  t = translator(locale);
  translatePage();
  wirePage();
  const failed = (e) => {
    // The reason goes to the console for whoever debugs it; the reader gets a plain sentence.
    console.warn("yidi: the calculator could not load", e);
    const p = document.createElement("p");
    p.className = "field-error";
    p.setAttribute("role", "alert");
    p.textContent = t("loadFailed");
    $("#app").replaceChildren(p);
  };
  let calc;
  try {
    calc = await made;
  } catch (e) {
    return failed(e);
  }
  policyVersion = calc.policyVersion;
  const fromLink = decodeState(location.hash);
  if (location.hash && !fromLink && !languageOnly(location.hash))
    statusKey = "linkUnreadable";
  translatePage();
  $("#app").replaceChildren();
  try {
    ui = mount($("#app"), {
      calc,
      locale,
      layout: "full",
      state: fromLink ?? undefined,
      onChange: writeHash,
      onResult: updateSummaryBar,
      resultActions,
    });
  } catch (e) {
    ui = null;
    return failed(e);
  }
  followResult();
}

// Offline after the first visit (sw.js). A browser or a test that refuses service workers just goes without.
// A new release takes over once the worker has it whole (sw.js); this page keeps running the one it was loaded from,
// and says that a reload brings the new one. The worker is registered once the page has shown its first result (or
// failed to): its install downloads every file of the release, which would otherwise compete with the page's own.
const worker = "serviceWorker" in navigator && location.protocol !== "file:";
if (worker) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController && t) setStatus("updateReady");
  });
}

main().finally(() => {
  if (!worker) return;
  navigator.serviceWorker.register("sw.js").catch(() => {});
  // Once a worker is in charge: it keeps the county search's places and the coverage page for offline use (sw.js).
  navigator.serviceWorker.ready
    .then((r) => r.active?.postMessage("yidi-keep-for-offline"))
    .catch(() => {});
});
