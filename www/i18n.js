// The interface's words in 简体中文 (the default), 繁體中文 and English: one module per locale in i18n/, each with the
// same keys (tests/browser/i18n.test.mjs checks that). "{name}" marks a value filled in at run time. The core's own
// messages (verdicts, next steps, slip labels, errors) come with the estimate in all three languages and are not
// repeated here. Only the default's words load with the page; another locale's load when it is first chosen
// (loadLocale), so a reader of 简体中文 never downloads the others.

import zhHans from "./i18n/zh-Hans.js";

export const LOCALES = ["zh-Hans", "zh-Hant", "en"];

/** The language names as each language's readers write them (the switcher shows these in every locale). */
export const LOCALE_NAMES = {
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
  en: "English",
};

const tables = { "zh-Hans": zhHans };
const imports = {
  "zh-Hant": () => import("./i18n/zh-Hant.js"),
  en: () => import("./i18n/en.js"),
};

/** Loads a locale's words (once); resolves to the locale loaded, 简体中文 for an unknown one. */
export async function loadLocale(locale) {
  if (!LOCALES.includes(locale)) return "zh-Hans";
  tables[locale] ??= (await imports[locale]()).default;
  return locale;
}

/** Whether a locale's words are here (translator speaks it without waiting). */
export const localeLoaded = (locale) => Object.hasOwn(tables, locale);

/** The locale for a list of language tags (navigator.languages): Traditional for zh-Hant/TW/HK/MO, else by prefix. */
export function pickLocale(tags = []) {
  for (const raw of tags) {
    const tag = String(raw).toLowerCase();
    if (tag === "zh-hans" || tag === "zh-hant" || tag === "en")
      return LOCALES.find((l) => l.toLowerCase() === tag);
    if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) return "zh-Hant";
    if (tag.startsWith("zh")) return "zh-Hans";
    if (tag.startsWith("en")) return "en";
  }
  return "zh-Hans";
}

/**
 * The locale for an element's `locale` attribute and the browser's languages: the attribute when it is one of ours or
 * names one ("zh-TW"), else the browser's (a `locale="fr"` shows the reader's own language, not always 简体中文). Pure.
 */
export function localeFor(attr, languages = []) {
  if (LOCALES.includes(attr)) return attr;
  return pickLocale(attr ? [attr, ...languages] : languages);
}

/** t(key, values) for a locale: fills "{name}" from values; an unknown key is reported and shown as itself. A locale
 * not loaded yet (loadLocale) speaks 简体中文. */
export function translator(locale) {
  const table = localeLoaded(locale) ? tables[locale] : zhHans;
  return (key, values) => {
    let text = table[key];
    if (text == null) {
      console.error(`yidi: no "${key}" message in ${locale}`);
      text = key;
    }
    return values
      ? text.replace(/\{(\w+)\}/g, (m, k) =>
          k in values ? String(values[k]) : m,
        )
      : text;
  };
}
