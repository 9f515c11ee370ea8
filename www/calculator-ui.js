// 异地就医计算器: the view, shared by the standalone page (app.js) and the <yidi-calculator> element. Hand-written ES
// modules, no framework. The rules live in the wasm core; the view turns a form into a query, calls the core, and
// renders what it returns as text (never as HTML).
//
//   import { mount } from "./calculator-ui.js";
//   const ui = mount(rootElementOrShadowRoot, { calc, locale: "zh-Hans", layout: "full" });
//   ui.setLocale("en"); // loads the words if need be, then rebuilds the labels, keeps what was typed
//
// Flow: form state (a plain object, ui/state.js; the page keeps it in the URL fragment) → query (ui/query.js, the
// core's JSON contract, src/query.rs) → the core's answer (ui/compute.js: one calc.analyze() per change, which gives
// the verdict, the figures used and the data's own, the figures to enter, the estimate and the options) → the
// result (ui/result.js) and the parameters panel (ui/params.js). Errors thrown by the core carry .path (a query path);
// every input carries data-path with the query path it feeds, so that an error lands next to its field (ui/errors.js).
// Nothing leaves the browser.
//
// This module is the controller: it builds the parts (ui/form.js, ui/lines.js, ui/region-picker.js, ui/params.js),
// wires their events, and holds what changes while the calculator is open (the edits to the figures, the pending
// computation, the data's figures of the last answer).

import { renderPastSlip } from "./past-slip-view.js";
import { pickLocale, loadLocale, localeLoaded, LOCALES } from "./i18n.js";
import { backToStart, h, $ } from "./ui/dom.js";
import { daysFromToday } from "./ui/numbers.js";
import {
  blankState,
  defaultState,
  EXAMPLE_CASE,
  exampleDatesAgainst,
  WHO,
} from "./ui/state.js";
import { sameAsData } from "./ui/figure-text.js";
import { buildForm } from "./ui/form.js";
import {
  diseasePicker,
  readFields,
  updateVisibility,
  writeFields,
} from "./ui/fields.js";
import { createLines } from "./ui/lines.js";
import { regionIndex } from "./ui/places.js";
import { viewContext } from "./ui/context.js";
import {
  fillRegionList,
  PICKERS,
  setRegion,
  wirePicker,
} from "./ui/region-picker.js";
import { coreErrorText, errorDisplay, touchedPath } from "./ui/errors.js";
import {
  debounceMs,
  DEBOUNCE_MAX_MS,
  evaluate,
  resultInfo,
} from "./ui/compute.js";
import {
  billNoteShown,
  showBillNote,
  switchBill,
  wirePaste,
} from "./ui/lines.js";
import {
  buildResultSection,
  resultNodes,
  showEmpty,
  showStale,
} from "./ui/result.js";
import { topNodes } from "./ui/glance.js";
import { liveLine, summaryLine } from "./ui/summary.js";
import { buildParamsSection, paramsPanel } from "./ui/params.js";

export { pickLocale, LOCALES };
export {
  defaultState,
  encodeState,
  decodeState,
  fragmentLocale,
  languageOnly,
} from "./ui/state.js";
export { webUrl } from "./ui/dom.js";

/**
 * Renders the calculator into `root` (an element or a shadow root) and returns its controller.
 *
 * options: calc (from createCalculator), locale ("zh-Hans" | "zh-Hant" | "en"; a locale not loaded yet with loadLocale
 * shows 简体中文 until its words have come), layout ("full" | "compact"),
 * defaults ({ insured, treated }: region codes or names), state (a saved state, e.g. from decodeState), example,
 * idPrefix (when several instances share one document), onChange(state, { example }), onResult(info),
 * resultActions(t) → nodes placed under the result (the page's copy-link and print buttons).
 */
export function mount(root, options) {
  const { calc, onChange, onResult, resultActions } = options;
  const prefix = options.idPrefix ?? "";
  const id = (x) => `${prefix}${x}`;
  let wanted = LOCALES.includes(options.locale) ? options.locale : "zh-Hans";
  let locale = localeLoaded(wanted) ? wanted : "zh-Hans";
  const layout = options.layout === "compact" ? "compact" : "full";
  const index = regionIndex(calc);
  let overrides = {}; // what changes while the calculator is open, from here on
  let timer = null;
  let lastUpdateMs = DEBOUNCE_MAX_MS; // the last update's time (ms): the next debounce
  let hasResult = false;
  let last = null;
  let shown = null; // the outcome shown
  let destroyed = false;
  let waitingForCore = false;
  /** The form holds the worked example (shown on a first visit, or `options.example` on a remount), labelled as one. */
  let example = options.example ?? !options.state;
  const exDates = example ? defaultState() : {}; // ui/state.js exampleDatesAgainst
  /** The person has just made the example their own: its filing and bill were cleared (said once, above the form). */
  let leftExample = false;
  /**
   * After "clear": no error is shown for a field the person has not touched (by its query path or name), until they
   * ask for the result (Enter, or the "what is missing" button): an empty form is not a wrong one.
   */
  let pristine = false;
  let asked = false;
  const touched = new Set();
  /** The current build (rebuilt when the language changes): its context and its parts. */
  let ctx;
  let ui = {};

  const container = h("div", { class: "yidi", part: "root" });
  root.append(container);
  const errors = errorDisplay({
    container,
    topEl: () => ui.resultErrors,
    id,
  });

  // ---- Building ----
  function build() {
    ctx = viewContext({ locale, id, layout, index });
    ui = {};
    errors.forget();
    hasResult = false;
    container.dataset.layout = layout;
    container.setAttribute("lang", locale);
    Object.assign(ui, buildForm(ctx));
    ui.lines = createLines(ui.linesEl, ctx, ui.addLine);
    ui.refreshDiseases = diseasePicker(ui.form.elements.cd, calc, ctx);
    Object.assign(ui, buildResultSection(ctx, resultActions));
    const section = buildParamsSection(ctx, pastSlip());
    ui.params = section.section;
    ui.panel = paramsPanel(section, ctx, {
      onEdit: editFigure,
      onReset: (name) => {
        delete overrides[name];
        compute();
      },
      // Leaving the panel: its rows show the figures again as the core gave them (the one typed into stays as typed
      // while it has the focus); nothing changed, so the core is not asked again.
      onLeave: () =>
        setTimeout(
          () =>
            !timer &&
            shown?.base &&
            ui.panel.render(shown.base, shown.used, overrides),
          0,
        ),
    });
    // The 342 regions' suggestions are made once the first result is out, or when a place is first typed into.
    ui.datalist = h("datalist", { id: id("region-list") });
    const suggest = () => fillRegionList(ui.datalist, ctx);
    ui.form.addEventListener("focusin", suggest, { once: true });
    (globalThis.requestIdleCallback ?? setTimeout)(suggest);
    // Above the form: the example's label and, on a phone, the result at a glance (ui/glance.js).
    ui.top = h("div", { class: "top", dataset: { testid: "top" } });
    ui.result.setAttribute("tabindex", "-1");
    container.replaceChildren(
      h("div", { class: "layout" }, ui.top, ui.form, ui.result, ui.params),
      ui.datalist,
    );
    for (const [name] of PICKERS)
      wirePicker(ui.form, name, {
        ctx,
        datalist: ui.datalist,
        onPicked: schedule,
        isDestroyed: () => destroyed,
      });
    wireForm();
  }

  /** "From your own past slip": the ratio it gives becomes the ratio's override. */
  function pastSlip() {
    return renderPastSlip({
      h,
      t: ctx.t,
      pick: ctx.pick,
      ratioFromSlip: (slip) => calc.ratioFromSlip({ ...slip, locale }),
      onRatio: (percent) => {
        overrides.ratio = percent;
        compute();
      },
      idPrefix: id("params"),
    });
  }

  /** An edit in the parameters panel: an override, unless it is empty or the data's own figure. */
  function editFigure(name, text) {
    const raw = last?.base.parameters.find((p) => p.name === name)?.raw;
    if (!text.trim() || sameAsData(name, text, raw, ctx.t))
      delete overrides[name];
    else overrides[name] = text;
    example = false;
    schedule();
  }

  /** What the person touched: the field's query path (a picker's region path), or its name. */
  function touch(el) {
    const picker = el.closest?.("[data-picker]");
    const path =
      el.dataset?.path ??
      picker?.querySelector('[data-ui="region"]')?.dataset.path ??
      el.name;
    if (example && WHO.has(path)) leaveExample();
    example = false;
    if (path) touched.add(path);
    if (path === "situation")
      writeFields(ui.form, exampleDatesAgainst(el.value, readForm(), exDates));
    // A tier is another region's or scheme's once either changes (helper-69: 青岛's stayed for 武汉).
    if (/^insured\.(region|scheme)$/.test(path))
      writeFields(ui.form, { tr: "" });
  }

  /**
   * The person made the example their own (another place, scheme, kind of visit or situation): its filing and bill are
   * the example's, not theirs, and would answer for them silently (a long-term filing that follows any city picked).
   * They are cleared, and the top says so once; the example's result is not kept greyed as theirs, and what was
   * cleared is not their error until they ask (as after "clear").
   */
  function leaveExample() {
    writeFields(ui.form, EXAMPLE_CASE);
    updateVisibility(ui.form, readForm(), shown?.base?.details);
    leftExample = true;
    hasResult = false;
    pristine = true;
    asked = false;
  }

  /** Whether an error at `path` may be shown: always, except after "clear" for fields not touched yet. */
  const mayShow = (path) => !pristine || asked || touchedPath(path, touched);

  function wireForm() {
    const { form, lines } = ui;
    form.addEventListener("input", (ev) => {
      touch(ev.target);
      schedule();
    });
    form.addEventListener("change", (ev) => {
      touch(ev.target);
      if (ev.target.name === "bm")
        switchBill(ev.target.value, readForm(), { ui, calc, ctx, locale });
      if (ev.target.matches('[data-field="c"]')) lines.renumber();
      schedule();
    });
    // A bill pasted (a spreadsheet's or an e-bill's rows): itemized lines.
    const pasted = () => ((example = false), schedule()); // one's own (helper-79)
    wirePaste(ui, pasted, { calc, ctx, readForm });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault(); // Enter in a place's search picks the place, not the result
      if (form.getRootNode().activeElement?.closest("[data-picker]")) return;
      asked = true;
      compute();
    });
    ui.addLine.addEventListener("click", () => {
      const li = lines.add();
      $('[data-field="a"]', li).focus();
      schedule();
    });
    ui.linesEl.addEventListener("click", (ev) => {
      const btn = ev.target.closest("button[data-remove]");
      if (!btn) return;
      lines.remove(btn.closest(".line"));
      schedule();
    });
    $(`#${CSS.escape(id("reset"))}`, form).addEventListener("click", () => {
      applyState(defaultState(defaults));
      example = true;
      pristine = false;
      compute();
      toStart();
    });
    $(`#${CSS.escape(id("clear"))}`, form).addEventListener("click", clear);
  }

  // Back to the top, the first field focused: a form cleared or the example back starts there (helper-53).
  const toStart = () =>
    backToStart(ui.top, $(`#${CSS.escape(id("situation"))}`, ui.form));

  /** An empty form to fill in: no errors until the person acts. The host's places stay (the embedder's). */
  function clear() {
    applyState({
      ...blankState(),
      ir: defaults.insured ?? "",
      vr: defaults.treated ?? "",
    });
    hasResult = false;
    example = false;
    pristine = true;
    asked = false;
    touched.clear();
    compute();
    toStart();
  }

  // ---- Reading and writing the form ----

  function readForm() {
    const s = readFields(ui.form);
    s.lines = ui.lines.read();
    s.ov = { ...overrides };
    return s;
  }

  function applyState(s) {
    writeFields(ui.form, s);
    for (const [name, key] of PICKERS) setRegion(ui.form, name, s[key], ctx);
    ui.refreshDiseases(s, true);
    ui.lines.replace(s.lines, s.bm);
    overrides = { ...s.ov };
    ui.panel.clear();
    updateVisibility(ui.form, s, shown?.base?.details);
  }

  // ---- Computing ----

  function schedule() {
    ui.result.setAttribute("aria-busy", "true");
    updateVisibility(ui.form, readForm(), shown?.base?.details);
    clearTimeout(timer);
    timer = setTimeout(() => compute(true), debounceMs(lastUpdateMs));
  }

  /**
   * What the result depends on besides the core: the form, the edits, what was touched or asked, the day and the
   * language. An event that leaves it as it was (a text field's `change` on leaving it, after its `input` events were
   * answered) asks the core nothing.
   */
  const outcomeKey = (s) =>
    JSON.stringify([
      s,
      [...touched],
      asked,
      pristine,
      example,
      daysFromToday(0),
      locale,
    ]);
  let lastKey = null;

  /** The result for the form as it stands; `onlyIfChanged` (a scheduled update): not when nothing it depends on moved. */
  function compute(onlyIfChanged = false) {
    clearTimeout(timer);
    timer = null;
    if (destroyed) return;
    // The form is read once per update: for the key and for the query.
    const s = readForm();
    const key = outcomeKey(s);
    if (onlyIfChanged && key === lastKey) {
      finish();
      return;
    }
    lastKey = null;
    const started = performance.now();
    try {
      computeNow(s);
      lastKey = key;
      lastUpdateMs = performance.now() - started;
    } catch (e) {
      // A fault of this view, not of the input: say so plainly, keep the last result (marked stale) and stay usable.
      try {
        errors.begin();
        showCoreError(e);
        markStale();
      } catch {
        /* the view cannot even show it: at least the result is not left busy */
      }
      finish();
    }
  }

  function computeNow(s) {
    ui.refreshDiseases(s);
    onChange?.(s, { example });
    errors.begin();
    const out = evaluate(calc, s, ctx.t, daysFromToday(0), last, locale);
    // The last answer with figures: an edit keeps the data's bases (and is compared with them) next time.
    if (out.base) last = out;
    shown = out;
    updateVisibility(ui.form, s, out.base?.details);
    ui.panel.render(out.base, out.used, overrides);
    switch (out.kind) {
      case "invalid": {
        const said = out.errors.filter((e) => mayShow(e.path));
        for (const e of said) errors.show(e.path, e.msg);
        markStale(said.length < out.errors.length);
        break;
      }
      case "estimate":
        showResult(out.estimate, {
          complete: true,
          state: s,
          options: out.options,
        });
        report(out.query, out.estimate, out.estimate, true, []);
        break;
      case "verdict":
        // No figures or no bill yet: the verdict, route and courses need none; shown, and what is missing asked.
        showResult(out.verdict, {
          complete: false,
          missing: out.missing,
          // What else keeps the amounts back (a bill line's class-B rate not on file): the core's words.
          pending: out.missing.length ? null : (out.error ?? null),
          state: s,
          options: out.options,
        });
        if (out.error) showCoreError(out.error);
        report(out.query, null, out.verdict, false, out.missing);
        break;
      default:
        if (mayShow(out.error?.path)) showCoreError(out.error);
        markStale(!mayShow(out.error?.path));
    }
    // Beside an answer: the view's own errors (no bill yet), the core's notes at their fields (compute.js).
    const notes = out.kind === "invalid" ? [] : (out.errors ?? []);
    for (const e of notes) if (mayShow(e.path)) errors.show(e.path, e.msg);
    finish();
  }

  /** A core error at its field; when the core is restarting after a failure, compute again once it is back. */
  function showCoreError(e) {
    const { path, message } = coreErrorText(e, ctx);
    errors.show(path, message);
    // A failing call itself never retries, so that an input that makes the core fail cannot loop.
    if (e?.code === "core_restarting" && !waitingForCore) {
      waitingForCore = true;
      Promise.resolve(calc.ready?.()).then(() => {
        waitingForCore = false;
        // The same form, asked again now that the core is back.
        lastKey = null;
        if (!destroyed) schedule();
      });
    }
  }

  function report(query, estimate, verdict, complete, missing) {
    onResult?.({
      ...resultInfo({
        query,
        estimate,
        verdict,
        complete,
        missing,
        summary: ui.summaryText,
      }),
      example,
    });
  }

  function finish() {
    try {
      errors.end();
    } finally {
      ui.result.setAttribute("aria-busy", "false");
    }
  }

  /** No result for the form as it stands; `unsaid`: errors were held back (an untouched field after "clear"). */
  function markStale(unsaid = false) {
    // Asked what is missing, or told something is wrong: taken to the first field said (opened and in view).
    const go = () => errors.firstField()?.focus();
    if (!hasResult) {
      const ask = () => {
        asked = true;
        compute();
        go();
      };
      showEmpty(ui, ctx, unsaid, ask, go);
      onResult?.({ status: "empty", summary: "" });
      return;
    }
    showStale(ui, ctx, go);
    onResult?.({ status: "stale", summary: ctx.t("summaryStale"), fix: go });
  }

  /** An estimate (complete) or a verdict (missing figures) into the result, the live region and the summary line. */
  function showResult(est, how) {
    ui.resultBody.replaceChildren(
      ...resultNodes(est, { ...how, example }, ctx, () =>
        ui.panel.focusMissing(),
      ),
    );
    renderTop(est, how);
    ui.top.classList.remove("stale");
    hasResult = true;
    ui.result.classList.remove("stale");
    ui.staleNote.hidden = true;
    ui.result.dataset.testid = "result-ready";
    ui.result.dataset.complete = String(how.complete);
    const said = liveLine(est, how.complete, ctx.t, how.missing);
    if (ui.live.textContent !== said) ui.live.textContent = said;
    ui.summaryText = summaryLine(est, how.complete, ctx.t);
  }

  /** Above the form: the example's label (while the form holds it) and the result at a glance. */
  function renderTop(est, how) {
    const toDetail = () => {
      ui.result.scrollIntoView({ block: "start" });
      ui.result.focus({ preventScroll: true });
    };
    const left = leftExample;
    leftExample = false;
    ui.top.replaceChildren(
      ...topNodes(est, how, ctx, {
        example,
        left,
        onStart: clear,
        onDetail: toDetail,
      }),
    );
  }

  // ---- Start ----

  const asCode = (x) =>
    x ? (index.findRegion(String(x))?.code ?? String(x)) : undefined;
  const defaults = {
    insured: asCode(options.defaults?.insured),
    treated: asCode(options.defaults?.treated),
  };

  /** Builds again (another language), keeping what was typed. */
  function rebuild() {
    const s = readForm();
    const note = billNoteShown(ui, ctx);
    build();
    applyState(s);
    showBillNote(ui, ctx, note);
    compute();
  }

  build();
  applyState(options.state ?? defaultState(defaults));
  // A host's place that names no region (a typo in insured-region): the form waits as after "clear", without an error.
  if (
    !options.state &&
    [options.defaults?.insured, options.defaults?.treated].some(
      (x) => x && !index.findRegion(String(x)),
    )
  ) {
    example = false;
    pristine = true;
  }
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
      await loadLocale(next);
      // Destroyed meanwhile, or another language asked for since.
      if (destroyed || next !== wanted || next === locale) return;
      const focusedId = container.getRootNode().activeElement?.id;
      locale = next;
      rebuild();
      if (focusedId)
        container.getRootNode().getElementById?.(focusedId)?.focus();
    },
    getState: () => readForm(),
    isExample: () => example,
    /** Puts new places into the form (codes or names), keeping the rest. */
    setRegions({ insured, treated } = {}) {
      const s = readForm();
      const [i, v] = [asCode(insured), asCode(treated)];
      if (i) s.ir = i;
      if (v) s.vr = v;
      applyState(s);
      compute();
    },
    setState(s, how = {}) {
      applyState(s);
      example = Boolean(how.example); // the page's address back at the example (app.js)
      pristine = false;
      compute();
    },
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      container.remove();
    },
  };
  if (locale !== wanted) controller.setLocale(wanted);
  return controller;
}
