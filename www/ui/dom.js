// The view's element builders: every string becomes a text node, never HTML. No state.
//
//   import { h, svg, $, $$ } from "./dom.js";
//   h("p", { class: "hint", dataset: { testid: "x" } }, "text", child);

/** The first element under `root` matching `sel`, or null. */
export const $ = (sel, root) => root.querySelector(sel);
/** Every element under `root` matching `sel`, as an array. */
export const $$ = (sel, root) => [...root.querySelectorAll(sel)];

/** An SVG element with attributes and children (the timeline picture). */
export function svg(tag, attrs = {}, ...kids) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids.flat()) if (k) el.append(k);
  return el;
}

/** createElement with properties; strings become text nodes (never parsed as HTML). */
export function h(tag, props = {}, ...kids) {
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

/** Back to the top of a form: `top` scrolled into view, `field` focused (without scrolling it away again). The focus
 * stayed on a button at the form's foot after clearing it, the example's label above out of sight (helper-53). */
export function backToStart(top, field) {
  // The top when it shows anything (the example's label), else the field itself (a cleared form's top is empty:
  // scrolling to it did nothing, and the page stayed at its foot; helper-54).
  const to = top?.offsetHeight ? top : (field?.closest("fieldset") ?? field);
  to?.scrollIntoView({ block: "start" });
  field?.focus({ preventScroll: true });
}
