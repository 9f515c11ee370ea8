// <yidi-calculator>: the calculator as a custom element, for other sites' pages.
//
//   <script type="module" src="/vendor/yidi-calculator/yidi-calculator.js"></script>
//   <yidi-calculator insured-region="420100" treated-region="深圳" locale="zh-Hant" layout="compact"
//                    policies="/my-policies.json"></yidi-calculator>
//
// Renders into its own shadow root with its own stylesheet (calculator.css, fetched once from beside this module and
// shared by every instance as a constructable stylesheet: no inline <style>, nothing added to the host's styles).
// The WebAssembly core loads once per page, and one calculator is made per policies URL, however many elements.
// Emits `yidi-estimate` (bubbles, composed) with { query, estimate, verdict, complete, missing, example, locale } after each
// result. Sends nothing anywhere. Theming: --yidi-* custom properties and ::part() (see calculator.css).

import { createCalculator } from "./yidi.mjs";
import { mount } from "./calculator-ui.js";
import { translator, loadLocale, localeFor } from "./i18n.js";

let sheet;

/** calculator.css as one constructable stylesheet for every instance. */
function styles() {
  sheet ??= fetch(new URL("calculator.css", import.meta.url))
    .then((res) =>
      res.ok
        ? res.text()
        : Promise.reject(new Error(`calculator.css: HTTP ${res.status}`)),
    )
    .then((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
  return sheet;
}

class YidiCalculator extends HTMLElement {
  static observedAttributes = [
    "locale",
    "layout",
    "policies",
    "insured-region",
    "treated-region",
  ];

  #root;
  #ui = null;
  #run = 0;
  #started = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    if (!this.#started) {
      this.#started = true;
      this.#render();
    }
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#started || before === after) return;
    if (name === "locale") this.#ui?.setLocale(this.locale);
    else if (name.endsWith("-region")) this.#ui?.setRegions(this.#regions());
    // A new policies file or layout: the calculator is made again, with what was typed.
    if (name === "policies" || name === "layout" || !this.#ui) this.#render();
  }

  /** The language shown: the locale attribute, else the browser's languages. */
  get locale() {
    return localeFor(this.getAttribute("locale"), navigator.languages);
  }

  #regions() {
    return {
      insured: this.getAttribute("insured-region"),
      treated: this.getAttribute("treated-region"),
    };
  }

  async #render() {
    const run = ++this.#run;
    // The language's words first (the loading message speaks it); if they cannot load, 简体中文's (with i18n.js).
    await loadLocale(this.locale).catch(() => {});
    if (run !== this.#run) return;
    const state = this.#ui?.getState();
    // Still the worked example: it stays one (helper-77: a new layout made its filing and bill the person's own).
    const example = this.#ui?.isExample();
    if (!this.#ui) this.#message(translator(this.locale)("loading"), "status");
    const policies = this.getAttribute("policies") || undefined;
    let calc;
    try {
      const [s, c] = await Promise.all([
        styles(),
        createCalculator({ policies }),
      ]);
      if (run !== this.#run) return;
      this.#root.adoptedStyleSheets = [s];
      calc = c;
    } catch (e) {
      if (run !== this.#run) return;
      this.#ui?.destroy();
      this.#ui = null;
      await styles()
        .then((s) => (this.#root.adoptedStyleSheets = [s]))
        .catch(() => {});
      this.#failed(e, policies);
      return;
    }
    this.#ui?.destroy();
    this.#ui = null;
    this.#root.replaceChildren();
    try {
      this.#mount(calc, state, example);
    } catch (e) {
      this.#ui = null;
      this.#failed(e, policies);
    }
  }

  #mount(calc, state, example) {
    this.#ui = mount(this.#root, {
      calc,
      locale: this.locale,
      layout: this.getAttribute("layout") === "compact" ? "compact" : "full",
      defaults: this.#regions(),
      state,
      example,
      onResult: (info) => {
        // The host's events: they bubble out of the shadow root, in the element's language.
        const emit = (name, detail) =>
          this.dispatchEvent(
            new CustomEvent(name, {
              bubbles: true,
              composed: true,
              detail: { ...detail, locale: this.locale },
            }),
          );
        // No result for the form as it stands (cleared, or an entry to correct): the host's copy of the last one is
        // out of date.
        if (info.status !== "ready")
          return emit("yidi-no-result", { status: info.status });
        const { query, estimate, verdict, complete, missing, example } = info;
        emit("yidi-estimate", {
          query,
          estimate,
          verdict,
          complete,
          missing,
          example,
        });
      },
    });
  }

  /** A plain message in place of the calculator (loading, or why it cannot run), with the problems listed. */
  #message(text, role, list = []) {
    const box = document.createElement("div");
    box.className = "yidi";
    box.setAttribute("part", "root");
    box.setAttribute("lang", this.locale);
    const inner = document.createElement("div");
    inner.className = role === "alert" ? "load-error" : "loading";
    inner.setAttribute("role", role);
    const p = document.createElement("p");
    p.textContent = text;
    inner.append(p);
    if (list.length) {
      const ul = document.createElement("ul");
      for (const item of list) {
        const li = document.createElement("li");
        const code = document.createElement("code");
        code.textContent = item.path || "/";
        li.append(code, ` ${item.text}`);
        ul.append(li);
      }
      inner.append(ul);
    }
    box.append(inner);
    this.#root.replaceChildren(box);
  }

  #failed(e, policies) {
    const locale = this.locale;
    const t = translator(locale);
    const pick = (m) =>
      m
        ? ((locale === "en" ? m.en : locale === "zh-Hant" ? m.zh_hant : m.zh) ??
          m.zh)
        : "";
    const url = e?.url ?? policies ?? "";
    if (e?.code === "invalid_policies") {
      const errors = Array.isArray(e.errors) ? e.errors : [];
      this.#message(
        // The core's count: the note that more problems may follow is listed, not counted (helper-77).
        t("policiesInvalid", {
          url,
          count: Number.isInteger(e.count) ? e.count : errors.length,
        }),
        "alert",
        errors.map((x) => ({ path: x.path, text: pick(x.message) })),
      );
    } else if (e?.code === "policies_unavailable") {
      this.#message(pick(e.messages), "alert");
    } else {
      // The reason goes to the console for whoever debugs it; the reader gets a plain sentence.
      console.warn("yidi: the calculator could not load", e);
      this.#message(t("loadFailed"), "alert");
    }
    // The host hears of it too: the problem is listed inside the element, where its script cannot see it (helper-49).
    this.dispatchEvent(
      new CustomEvent("yidi-error", {
        bubbles: true,
        composed: true,
        detail: { code: e?.code ?? "load_failed", url, locale },
      }),
    );
  }
}

if (!customElements.get("yidi-calculator"))
  customElements.define("yidi-calculator", YidiCalculator);
