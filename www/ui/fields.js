// Reading and writing the form's named fields (the state's keys, state.js), which parts show, and the chronic-disease
// list (the one list that depends on a date: the core's list in force on the visit's date).

import { h, $$ } from "./dom.js";
import { shownParts } from "./state.js";

/** The named fields' values: checkboxes as 1/0, the checked radio's value, every other control's value (a date field
 * that refused a link's text, its text: see writeFields). */
export function readFields(form) {
  const s = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") s[el.name] = el.checked ? 1 : 0;
    else if (el.type === "radio") {
      if (el.checked) s[el.name] = el.value;
    } else s[el.name] = el.value || (el.dataset.refused ?? "");
  }
  return s;
}

/** A date field given text that is no date (a link's 2026-02-30), or a select given a value it does not offer (备案情况
 * "bogus"), shows empty: the text is kept, so that the core's objection lands beside the field (it was blamed on the
 * discharge date, or taken as 未备案 without a word; helper-47), until the person changes it. */
function keepRefused(el, value) {
  if (el.type !== "date" && el.tagName !== "SELECT") return;
  if (value && el.value !== value) el.dataset.refused = value;
  else delete el.dataset.refused;
  if (el.dataset.refused && !el.dataset.refusedWired) {
    el.dataset.refusedWired = "1";
    for (const type of ["input", "change"])
      el.addEventListener(type, () => delete el.dataset.refused, {
        capture: true,
      });
  }
}

/** Puts a state's values into the named fields (the region selects are the pickers' business: region-picker.js). */
export function writeFields(form, s) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in s)) continue;
    if (el.type === "checkbox") el.checked = Boolean(s[el.name]);
    else if (el.type === "radio") el.checked = el.value === s[el.name];
    else if (el.tagName !== "SELECT" || el.dataset.ui !== "region") {
      el.value = String(s[el.name] ?? "");
      keepRefused(el, String(s[el.name] ?? ""));
    }
  }
}

/**
 * Hides the parts of the form (data-show) that do not apply to the state; `details`: the person's details the last
 * answer said the region's figures depend on (the core's `details`).
 */
export function updateVisibility(form, s, details = []) {
  const show = shownParts(s, details ?? []);
  for (const el of $$("[data-show]", form)) el.hidden = !show[el.dataset.show];
}

/**
 * The chronic-disease select: refresh(s, force) fills it with the core's list in force on the visit's date (the list
 * grows over time) plus 其他, keeping the choice; a disease chosen that is not yet on the list for that date is kept,
 * marked with the date it is listed from. The list is rebuilt only when the date changed (or `force`).
 * `ctx` is { t, names } (names.nameOf for the disease's name).
 */
export function diseasePicker(select, calc, { t, names }) {
  let shownFor = null;
  return function refresh(s, force = false) {
    const on = s.vk === "inpatient" ? s.ad : s.dt;
    if (!force && on === shownFor) return;
    shownFor = on;
    const wanted = s.cd ?? select.value;
    let list = [];
    try {
      list = calc.diseases(on || undefined);
    } catch {
      // A date that does not read (it is objected to beside its own field): the whole list meanwhile.
      try {
        list = calc.diseases(undefined);
      } catch {
        list = [];
      }
    }
    const options = [
      h("option", { value: "" }, t("chooseDisease")),
      ...list.map((d) => h("option", { value: d.code }, names.nameOf(d))),
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
            t("diseaseFrom", { name: names.nameOf(any), from: any.from }),
          ),
        );
      }
    }
    select.replaceChildren(...options);
    select.value = wanted;
  };
}
