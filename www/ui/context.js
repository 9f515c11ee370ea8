// The view's context for one build: what every part needs to speak and to name things, in one language. Made again
// when the language changes (the parts are then rebuilt), never changed in place:
//
//   { t, pick, id, layout, locale, index, names }
//
// - t(key, vars): the page's messages (i18n.js); pick(message): a core message ({zh, zh_hant, en}) in the language;
// - id(x): an element id with the instance's prefix; layout: "full" | "compact"; locale: "zh-Hans" | "zh-Hant" | "en";
// - index: the core's regions (places.js regionIndex); names: names in the language (places.js regionNames).

import { translator } from "../i18n.js";
import { regionNames } from "./places.js";

/** A core message ({zh, zh_hant, en}, or plain text) in `locale`; "" for none. */
/** The warning of `code` in an answer (an estimate's, a verdict's) or its courses', or undefined. */
export const warningOf = (answer, options, code) =>
  [...(answer?.warnings ?? []), ...(options?.warnings ?? [])].find(
    (w) => w.code === code,
  );

export function pickMessage(m, locale) {
  if (m == null) return "";
  if (typeof m === "string") return m;
  const text = locale === "en" ? m.en : locale === "zh-Hant" ? m.zh_hant : m.zh;
  return text ?? m.zh;
}

/** The context for a build in `locale`. */
export function viewContext({ locale, id, layout, index }) {
  const t = translator(locale);
  return {
    t,
    pick: (m) => pickMessage(m, locale),
    id,
    layout,
    locale,
    index,
    names: regionNames(index, locale, t),
  };
}
