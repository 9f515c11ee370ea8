// The region pickers: province → city selects, with a type-to-search input for the insured and treated regions (a
// city, a county, pinyin, a code; the search loads on first typing). The markup is form.js's (regionPicker); this
// module fills and wires it. `ctx` is the view's context: { t, locale, index (places.js regionIndex), names
// (places.js regionNames) }.

import { h, $, $$ } from "./dom.js";
import { loadSearch } from "./places.js";
import { SECOND_AREA_PICKER } from "./situations.js";

/** The form's region pickers: [picker name, state key]. */
export const PICKERS = [
  ["insured", "ir"],
  ["visit", "vr"],
  ["area", "fa"],
  SECOND_AREA_PICKER,
];

/** The three controls of the picker named `name` ("insured", "visit", "area") in `form`. */
export function pickerParts(form, name) {
  const el = $(`[data-picker="${name}"]`, form);
  return {
    search: $('[data-ui="search"]', el),
    province: $('[data-ui="province"]', el),
    region: $('[data-ui="region"]', el),
  };
}

function fillProvinces(p, { t, index, names }) {
  p.province.replaceChildren(
    h("option", { value: "" }, t("chooseProvince")),
    ...index.provinces.map((pr) =>
      h("option", { value: pr.code }, names.nameOf(pr)),
    ),
  );
}

/** The cities of a province (the filing area may also be the whole province). */
function fillCities(p, provinceCode, withProvince, { t, index, names }) {
  const pr = index.provinces.find((x) => x.code === provinceCode);
  const options = [h("option", { value: "" }, t("chooseCity"))];
  if (pr) {
    if (withProvince && pr.regions.length > 1) {
      options.push(
        h(
          "option",
          { value: pr.code },
          t("wholeProvince", { name: names.nameOf(pr) }),
        ),
      );
    }
    for (const r of pr.regions)
      options.push(h("option", { value: r.code }, names.nameOf(r)));
  }
  p.region.replaceChildren(...options);
}

/** Shows a region code in a picker (province, city, search text). */
export function setRegion(form, name, code, ctx) {
  const { regionByCode, provinces } = ctx.index;
  const p = pickerParts(form, name);
  const given = String(code ?? "").trim();
  const area = name.startsWith("area");
  // A code, else a name the core reads (a link's or a host's 武汉, Wuhan, Jiangxi Fuzhou).
  const r =
    regionByCode.get(given) ?? (given ? ctx.index.findRegion(given) : null);
  const text = r ? r.code : given;
  // A province by its code or name (420000, 湖北, Hubei): chosen, its city left to the person (a filing's area may be
  // the whole province).
  const low = text.toLowerCase();
  const pr =
    r?.province ??
    (text
      ? provinces.find((x) =>
          [x.code, x.name, x.short, x.name_en?.toLowerCase()].includes(low),
        )
      : undefined);
  p.province.value = pr?.code ?? "";
  fillCities(p, p.province.value, area, ctx);
  p.region.value = r ? text : pr ? pr.code : "";
  if (!p.search) return;
  p.search.value = r ? ctx.names.searchText(r) : "";
  // A place that names no region (a host's insured-region="火星", a link's typo), or only a province: said beside the
  // search, which keeps it, rather than an empty city without a word.
  const said = !text || r || (pr && area) ? "" : pr ? "province" : "unknown";
  if (said) p.search.value = text;
  const hint = p.search.getRootNode().getElementById?.(`${p.search.id}-hint`);
  if (hint && (said || hint.dataset.said)) {
    hint.textContent =
      said === "province"
        ? ctx.t("searchProvince", { province: ctx.names.nameOf(pr) })
        : said
          ? ctx.t("regionNotFound", { text })
          : "";
    hint.hidden = !said;
    hint.dataset.said = said;
  }
}

/**
 * Fills and wires the picker `name`: the province chooses the cities, the city the search text, and what is typed
 * in the search (the search module, loaded on first use) the province and city. `datalist` is the search's
 * suggestions list; onPicked() is called when a search changed the chosen region; isDestroyed() stops a late answer.
 */
export function wirePicker(
  form,
  name,
  { ctx, datalist, onPicked, isDestroyed },
) {
  const { regionByCode, provinces, coreRegion } = ctx.index;
  const { searchText } = ctx.names;
  const p = pickerParts(form, name);
  fillProvinces(p, ctx);
  fillCities(p, "", name.startsWith("area"), ctx);
  p.province.addEventListener("change", () => {
    fillCities(p, p.province.value, name.startsWith("area"), ctx);
    const pr = provinces.find((x) => x.code === p.province.value);
    if (pr && pr.regions.length === 1) p.region.value = pr.regions[0].code;
    if (p.search) {
      const r = regionByCode.get(p.region.value);
      p.search.value = r ? searchText(r) : "";
    }
  });
  p.region.addEventListener("change", () => {
    const r = regionByCode.get(p.region.value);
    if (p.search) p.search.value = r ? searchText(r) : "";
  });
  if (!p.search) return;
  const hint = h("p", {
    class: "hint search-hint",
    id: `${p.search.id}-hint`,
    role: "status",
    hidden: true,
  });
  p.search.closest(".field").append(hint);
  p.search.setAttribute("aria-describedby", hint.id);
  const show = (text, found, final) =>
    showFound(p, hint, text, found, final, { ctx, datalist, onPicked });
  // What was typed → the region search (loaded on first use) → the pickers, with a word on what was understood. A
  // final search (Enter, leaving the field, a suggestion picked) that finds no one city clears the city and says so.
  let asked = 0;
  // The field shows the chosen city as "武汉市 420100": what is typed after it is what is searched, not the old city
  // (its code would otherwise win). Focusing the field selects its text, so typing replaces it. What the person typed
  // that found no city ("吉林") is theirs to go on with: "吉林" + "市" searches "吉林市".
  let shownAtFocus = "";
  const typed = (text) =>
    /\d{6}$/.test(shownAtFocus) &&
    text.startsWith(shownAtFocus) &&
    text.length > shownAtFocus.length
      ? text.slice(shownAtFocus.length).trim()
      : text;
  // Selected at once (a timer would race a quick typist, or a script); the mouse's release right after a click that
  // focused the field would otherwise put the caret back.
  let keepSelection = false;
  p.search.addEventListener("focus", () => {
    shownAtFocus = p.search.value;
    p.search.select();
    keepSelection = true;
  });
  p.search.addEventListener("mouseup", (e) => {
    if (keepSelection) e.preventDefault();
    keepSelection = false;
  });
  p.search.addEventListener("keydown", () => {
    keepSelection = false;
  });
  const apply = async (final) => {
    const text = typed(p.search.value);
    const turn = ++asked;
    // A code or a region's own name: the core answers at once, before the search has loaded.
    const quick = coreRegion(text);
    if (quick && regionByCode.has(quick))
      show(text, { region: quick, matches: [], province: null }, final);
    const found = await search(text, ctx.index);
    if (isDestroyed() || turn !== asked) return; // a later keystroke has its own answer
    show(text, found, final);
  };
  p.search.addEventListener("input", () => apply(false));
  p.search.addEventListener("change", async () => {
    await apply(true);
    shownAtFocus = p.search.value;
  });
}

/** What the search finds for `text`: { region, matches: [{region, place}], province }. */
async function search(text, { provinces, coreRegion }) {
  try {
    const { searchRegion, places } = await loadSearch();
    return searchRegion(text, {
      provinces,
      places,
      resolve: coreRegion,
    });
  } catch {
    // The search module could not be had (offline before its first use): the core still knows names and codes.
    const code = coreRegion(text);
    return {
      region: code,
      matches: code ? [{ region: code, place: null }] : [],
      province: null,
    };
  }
}

/** Shows a search's outcome in the pickers and the hint, and offers its places in the suggestions. */
function showFound(p, hint, text, found, final, { ctx, datalist, onPicked }) {
  const { t, locale } = ctx;
  const { regionByCode, provinces } = ctx.index;
  const { nameOf, searchText, placeName, matchName, matchList } = ctx.names;
  const r = regionByCode.get(found.region);
  const others = found.matches.filter((m) => m.region !== found.region);
  const sep = locale === "en" ? " " : "";
  const typeWith = (m) => {
    const city = regionByCode.get(m.region);
    if (m.place) return `${nameOf(city)}${sep}${placeName(m.place)}`;
    return r && city && nameOf(city) === nameOf(r)
      ? `${nameOf(city.province)}${sep}${nameOf(city)}`
      : matchName(m);
  };
  const notes = [];
  if (r) {
    if (p.region.value !== r.code) {
      p.province.value = r.province.code;
      fillCities(p, r.province.code, false, ctx);
      p.region.value = r.code;
      onPicked();
    }
    const place = found.matches[0]?.place;
    if (place)
      notes.push(
        t("searchPlaceIn", { place: placeName(place), region: nameOf(r) }),
      );
    if (others.length)
      notes.push(
        t("searchAlso", {
          list: matchList(others.slice(0, 4), found.matches),
          // The city, then the place: 鹤岗市南山区, "Hegang Nanshan"; a city named as the one chosen, after its
          // province: "Jiangxi Fuzhou".
          example: typeWith(others[0]),
        }),
      );
    if (final) p.search.value = searchText(r);
  } else if (final && text.trim()) {
    // The box keeps what was typed (an earlier answer may have written a city there), beside the word on it.
    p.search.value = text;
    const pr = provinces.find((x) => x.code === found.province);
    p.province.value = pr ? pr.code : "";
    fillCities(p, p.province.value, false, ctx);
    p.region.value = "";
    onPicked();
    notes.push(
      pr
        ? t("searchProvince", { province: nameOf(pr) })
        : found.matches.length
          ? t("searchAmbiguous", {
              text: text.trim(),
              list: matchList(found.matches.slice(0, 6)),
            })
          : t("regionNotFound", { text: text.trim() }),
    );
  } else if (final && p.region.value) {
    // Emptied and left (helper-53: the city chosen before stayed, without a word): no city, said so.
    p.province.value = "";
    fillCities(p, "", false, ctx);
    p.region.value = "";
    onPicked();
    notes.push(t("searchCleared"));
  } else if (text.trim() && p.region.value) {
    // Typed on past a city it found ("xian" → 西安市, then "xiangcheng"): that city is no longer what the box says, so
    // it is not kept (the result went on for 西安市 until the field was left; helper-44). The word on what the text
    // could be comes when it is final.
    p.region.value = "";
    onPicked();
  }
  hint.textContent = notes.join(" ");
  hint.hidden = !notes.length;
  offerPlaces(datalist, found.matches, ctx);
}

/** The regions as suggestions for the place inputs (their datalist), once per list. */
export function fillRegionList(datalist, { index, names }) {
  if (datalist.dataset.filled) return;
  datalist.dataset.filled = "1";
  datalist.prepend(
    ...[...index.regionByCode.values()].map((r) =>
      h("option", {
        value: names.searchText(r),
        label: names.nameOf(r.province),
      }),
    ),
  );
}

/** The places found go into the suggestions list (a county's entry carries its code, which resolves). */
function offerPlaces(datalist, matches, { index, names }) {
  for (const o of $$("option[data-place]", datalist)) o.remove();
  for (const m of matches.filter((x) => x.place).slice(0, 8)) {
    const mr = index.regionByCode.get(m.region);
    if (!mr) continue;
    datalist.append(
      h("option", {
        value: `${names.placeName(m.place)} ${names.nameOf(mr)} ${m.place.code}`,
        label: names.nameOf(mr.province),
        dataset: { place: m.place.code },
      }),
    );
  }
}
