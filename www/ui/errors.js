// Errors next to their fields. Every input that feeds the query carries data-path (its query path) or data-alt-path;
// an error (the view's own, or the core's with its .path) is shown under the field of its path, or of the nearest
// parent path, or at the top of the result when no visible field fits. A round of errors is begin(), show(…)…, end():
// errors that say the same as before stay in place, so that an alert is not repeated at each keystroke.

import { h, $$ } from "./dom.js";

/**
 * Whether `path` is a field the person touched (a path in `touched`, or one inside or above it); no path: whether
 * anything was touched. After "clear", only such errors are shown. Pure.
 */
export function touchedPath(path, touched) {
  if (!path) return touched.size > 0;
  return [...touched].some(
    (t) =>
      t === path ||
      path.startsWith(`${t}.`) ||
      path.startsWith(`${t}[`) ||
      t.startsWith(`${path}.`) ||
      t.startsWith(`${path}[`),
  );
}

const visible = (el) => el.isConnected && !el.closest("[hidden]");

/** The input a query path belongs to: exact data-path, an alternative path, then the nearest parent path. */
export function fieldFor(container, path) {
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

/**
 * A core error's words: a typed error ({code, path, messages}) in the page's language, anything else (a failure that
 * is not one of the core's typed errors, which createCalculator turns into "core_failed") as a plain sentence: the
 * raw text of a trap means nothing to a reader. Returns { path, message }.
 */
export function coreErrorText(e, { t, pick }) {
  if (
    e &&
    typeof e === "object" &&
    typeof e.code === "string" &&
    e.messages &&
    typeof e.messages === "object"
  )
    return {
      path: String(e.path ?? ""),
      message: pick(e.messages) || t("errCompute"),
    };
  return { path: "", message: t("errCompute") };
}

/**
 * The errors shown in `container` (the calculator's element): begin(), show(path, message), end(). An error with no
 * field goes into topEl() (the result's error list). `id` makes the errors' element ids.
 */
export function errorDisplay({ container, topEl, id }) {
  let count = 0;
  let shown = [];
  let next = [];

  function begin() {
    next = [];
  }

  /** Errors on screen stay in place while they say the same thing; the others go, with their aria marks. */
  function end() {
    for (const e of shown) {
      if (next.includes(e)) continue;
      e.el.remove();
      if (!e.field) continue;
      const rest = (e.field.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .filter((x) => x && x !== e.el.id);
      if (rest.length) e.field.setAttribute("aria-describedby", rest.join(" "));
      else e.field.removeAttribute("aria-describedby");
      if (!next.some((n) => n.field === e.field))
        e.field.removeAttribute("aria-invalid");
    }
    shown = next;
  }

  /** Shows one error next to its field (or at the top of the result when no field fits). */
  function show(path, message) {
    const fieldEl = fieldFor(container, path);
    const same = shown.find(
      (e) => e.field === fieldEl && e.message === message && e.el.isConnected,
    );
    if (same) {
      next.push(same);
      return;
    }
    const errId = id(`error-${++count}`);
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
    next.push({ field: fieldEl, el, message });
    if (!fieldEl) {
      topEl().append(el);
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

  /** A new build: nothing is on screen any more (the error count goes on, so that ids stay unique). */
  function forget() {
    shown = [];
  }

  /**
   * The first field on the page with an error shown (in the order of the form), its section opened and scrolled into
   * the middle of the screen; null when no error is at a field.
   */
  function firstField() {
    const fields = shown.map((e) => e.field).filter(Boolean);
    if (!fields.length) return null;
    const first = fields.reduce((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING ? b : a,
    );
    for (
      let d = first.closest("details");
      d;
      d = d.parentElement?.closest("details")
    )
      d.open = true;
    // A place: its search box, where a place is typed (the city list is empty until a province is chosen).
    const target =
      first.closest("[data-picker]")?.querySelector('[data-ui="search"]') ??
      first;
    target.scrollIntoView({ block: "center" });
    return target;
  }

  return { begin, show, end, forget, firstField };
}
