// Regions and places: the core's regions by code, their names in the page's language (the core's listing gives each
// name in Chinese, Traditional Chinese and English), and the files fetched only when a person first types into a
// region search (the county-level places and the search, places.json and place-search.js), kept once per page
// (module state, shared by every instance).

import { normNum } from "./numbers.js";

/**
 * The region search (place-search.js) and its county-level places (places.json, ~40 KB gzipped), fetched when a
 * person first types into a region search rather than with the page. Resolves to { searchRegion, places };
 * places is null when the file could not be had (offline before its first use: regions are still found), and is
 * asked for again next time.
 */
let searchLoad = null;
/** When places.json last could not be had: asked for again after a while or once the browser is back online, not at
 * every keystroke (each failed fetch is a console error). */
let placesFailedAt = -Infinity;
const PLACES_RETRY_MS = 30_000;
globalThis.addEventListener?.("online", () => {
  placesFailedAt = -Infinity;
});
export function loadSearch() {
  const retry = performance.now() - placesFailedAt > PLACES_RETRY_MS;
  searchLoad ??= Promise.all([
    import("../place-search.js"),
    retry
      ? fetch(new URL("../places.json", import.meta.url))
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null)
      : null,
  ]).then(
    ([m, places]) => {
      if (!places) {
        searchLoad = null;
        if (retry) placesFailedAt = performance.now();
      }
      return { searchRegion: m.searchRegion, places };
    },
    (e) => {
      searchLoad = null;
      throw e;
    },
  );
  return searchLoad;
}

/**
 * The core's regions (Calculator.regions()): `provinces` with at least one region, `regionByCode` (code → region
 * with its `province`), and the core's reading of a code or name: `coreRegion(text)` (a county's code gives its
 * region; null when unknown) and `findRegion(text)` (the region itself, or null).
 */
export function regionIndex(calc) {
  const regionByCode = new Map();
  const provinces = calc.regions().filter((p) => p.regions.length > 0);
  for (const p of provinces) {
    for (const r of p.regions) regionByCode.set(r.code, { ...r, province: p });
  }
  const coreRegion = (text) => {
    try {
      // As written first ("Jiangxi Fuzhou", "湖北省 武汉市": the spaces tell words apart), then as a number is read
      // (full-width digits, "420 100").
      const t = String(text).trim();
      return calc.region(t) ?? calc.region(normNum(t).trim()) ?? null;
    } catch {
      return null;
    }
  };
  const findRegion = (text) => regionByCode.get(coreRegion(text)) ?? null;
  return { provinces, regionByCode, coreRegion, findRegion };
}

/** Names in a language: of a region, province or disease (nameOf), of a code (regionName), of a search match. */
export function regionNames({ provinces, regionByCode }, locale, t) {
  const nameOf = (x) =>
    (locale === "en"
      ? x.name_en
      : locale === "zh-Hant"
        ? x.name_zh_hant
        : null) || x.name;
  const regionName = (code) => {
    const r = regionByCode.get(code);
    if (r) return nameOf(r);
    const p = provinces.find((x) => x.code === code);
    return p ? nameOf(p) : code;
  };
  /** A region as the search input shows it: "武汉市 420100". */
  const searchText = (r) => `${nameOf(r)} ${r.code}`;
  const placeName = (place) =>
    locale === "en"
      ? place.pinyin
      : locale === "zh-Hant"
        ? place.name_zh_hant
        : place.name;
  /** A match as a person reads it: 项城市（周口市）, or the region alone. */
  const matchName = ({ region, place }) => {
    const r = regionByCode.get(region);
    const city = r ? nameOf(r) : region;
    return place
      ? t("placeInRegion", { place: placeName(place), region: city })
      : city;
  };
  /**
   * Matches as one list: each named, with its province where two of `among` (the matches themselves, or all that were
   * found) read alike ("Taizhou (Zhejiang)").
   */
  const matchList = (matches, among = matches) => {
    const all = among.map(matchName);
    return matches
      .map((m) => {
        const n = matchName(m);
        const r = regionByCode.get(m.region);
        return r?.province && all.filter((x) => x === n).length > 1
          ? t("placeInRegion", { place: n, region: nameOf(r.province) })
          : n;
      })
      .join(t("listSep"));
  };
  return { nameOf, regionName, searchText, placeName, matchName, matchList };
}
