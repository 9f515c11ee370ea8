// The message catalogue (www/i18n.js and one module per locale in www/i18n/): every key in all three languages, the
// same placeholders in each, and every key the interface asks for defined. No browser needed: plain ES modules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import {
  LOCALES,
  LOCALE_NAMES,
  pickLocale,
  translator,
  loadLocale,
} from "../../www/i18n.js";
import zhHans from "../../www/i18n/zh-Hans.js";
import zhHant from "../../www/i18n/zh-Hant.js";
import en from "../../www/i18n/en.js";
import { members, union } from "./core-types.mjs";

const MESSAGES = { "zh-Hans": zhHans, "zh-Hant": zhHant, en };

const placeholders = (s) =>
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("the three locales are there, each with a name", async () => {
  assert.deepEqual(LOCALES, ["zh-Hans", "zh-Hant", "en"]);
  const files = await readdir(new URL("../../www/i18n/", import.meta.url));
  assert.deepEqual(
    files.sort(),
    LOCALES.map((l) => `${l}.js`).sort(),
    "one module per locale in www/i18n/",
  );
  for (const l of LOCALES) assert.ok(LOCALE_NAMES[l]);
});

test("every message key exists in all three locales, with the same placeholders", () => {
  const keys = Object.keys(MESSAGES["zh-Hans"]).sort();
  assert.ok(keys.length > 200, `${keys.length} keys`);
  for (const locale of LOCALES) {
    assert.deepEqual(Object.keys(MESSAGES[locale]).sort(), keys, locale);
    for (const key of keys) {
      const text = MESSAGES[locale][key];
      assert.equal(typeof text, "string", `${locale}.${key}`);
      assert.deepEqual(
        placeholders(text),
        placeholders(MESSAGES["zh-Hans"][key]),
        `${locale}.${key}: placeholders`,
      );
    }
  }
});

test("the languages differ where they should: no English left in Chinese, no Chinese left in English", () => {
  const han = /[\u4e00-\u9fff]/;
  // English messages may quote Chinese examples of what to type; nothing else.
  const quoting = new Set([
    "insuredSearchPlaceholder",
    "visitSearchPlaceholder",
    "regionNotFound",
  ]);
  for (const [key, text] of Object.entries(MESSAGES.en)) {
    if (!quoting.has(key)) assert.doesNotMatch(text, han, `en.${key}`);
  }
  let same = 0;
  for (const [key, text] of Object.entries(MESSAGES["zh-Hans"])) {
    if (han.test(text) && MESSAGES["zh-Hant"][key] === text) same += 1;
  }
  // Some short texts are written the same in both scripts (住院, 退休 …), but most are not.
  assert.ok(same < 60, `${same} Chinese messages identical in 简体 and 繁體`);
});

test("every key the interface uses is defined", async () => {
  // The view's modules: the controller, its parts under ui/, and the views it uses.
  const view = (await readdir(new URL("../../www/ui/", import.meta.url)))
    .filter((f) => f.endsWith(".js"))
    .map((f) => `ui/${f}`);
  const sources = await Promise.all(
    [
      "calculator-ui.js",
      "app.js",
      "yidi-calculator.js",
      "options-view.js",
      "past-slip-view.js",
      ...view,
    ].map((f) => readFile(new URL(`../../www/${f}`, import.meta.url), "utf8")),
  );
  const used = new Set();
  for (const src of sources) {
    for (const m of src.matchAll(/\b(?:t|tr)\(\s*"(\w+)"/g)) used.add(m[1]);
    // Keys passed to the form builders: field("scheme", …), select(…, [["employee", "schemeEmployee"]]), …
    const builders = [
      /\bfield\(\s*"(\w+)"/g,
      /\bfieldset\(\s*"(\w+)"/g,
      /\bcheck\("[^"]+",\s*"\w+",\s*"(\w+)"/g,
      /\blfield\("\w",\s*"(\w+)"/g,
      /\[\s*"[^"]*",\s*"([a-z]+[A-Z]\w*)"\s*\]/g, // [value, labelKey] pairs; label keys are camelCase
      /placeholder: "(\w+)"/g,
    ];
    for (const re of builders) for (const m of src.matchAll(re)) used.add(m[1]);
  }
  const html = await readFile(
    new URL("../../www/index.html", import.meta.url),
    "utf8",
  );
  for (const m of html.matchAll(/data-i18n="(\w+)"/g)) used.add(m[1]);
  // Families built from the core's enumerations, as the generated declarations name them (www/yidi-types.d.ts).
  const families = {
    status_: union("FilingStatus"),
    route_: union("Route"),
    payer_: union("Payer"),
    grade: union("Grade"),
    short_: [...union("VisitKind"), ...union("Level")],
    short_filing_: ["none", ...union("FilingCategory")],
    per_: union("DeductiblePer"),
    capBasis_: union("CapBasis"),
    segBasis_: union("SegmentBasis"),
    // The past slip's fields (past-slip-view.js labels each one).
    past_: members("PastSlip").filter((m) => m !== "locale"), // its locale is the page's, not a field
  };
  for (const [prefix, names] of Object.entries(families))
    for (const n of names) used.add(prefix + n);
  for (const picker of ["insured", "visit", "area"]) {
    for (const suffix of ["Province", "City"]) used.add(picker + suffix);
  }
  for (const picker of ["insured", "visit"]) {
    for (const suffix of ["Search", "SearchPlaceholder"])
      used.add(picker + suffix);
  }
  for (const p of union("ParameterName")) {
    for (const suffix of ["", "_short", "_example"])
      used.add(`p_${p}${suffix}`);
  }
  const missing = [...used].filter((k) => !(k in MESSAGES["zh-Hans"]));
  assert.deepEqual(missing, []);
});

test("the locale follows the browser's languages", () => {
  assert.equal(pickLocale([]), "zh-Hans");
  assert.equal(pickLocale(["zh-CN", "en"]), "zh-Hans");
  assert.equal(pickLocale(["zh-TW"]), "zh-Hant");
  assert.equal(pickLocale(["zh-HK", "en"]), "zh-Hant");
  assert.equal(pickLocale(["zh-Hant-TW"]), "zh-Hant");
  assert.equal(pickLocale(["en-GB", "zh-CN"]), "en");
  assert.equal(pickLocale(["fr-FR", "de"]), "zh-Hans");
  assert.equal(pickLocale(["fr-FR", "en-US"]), "en");
});

test("another locale's words load on demand; until then, and for an unknown locale, 简体中文", async () => {
  // i18n.js holds only 简体中文 until asked (this process has not loaded the others through it yet).
  assert.equal(
    translator("en")("lineLabel", { n: 2, label: "金额" }),
    "第2项 金额",
  );
  assert.equal(await loadLocale("fr"), "zh-Hans");
  assert.equal(await loadLocale("zh-Hans"), "zh-Hans");
  assert.equal(await loadLocale("en"), "en");
  assert.equal(await loadLocale("zh-Hant"), "zh-Hant");
  assert.equal(
    translator("en")("lineLabel", { n: 2, label: "Amount" }),
    "Item 2 Amount",
  );
  assert.equal(
    translator("zh-Hant")("lineLabel", { n: 2, label: "金額" }),
    "第2項 金額",
  );
});
