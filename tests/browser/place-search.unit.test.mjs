// Unit tests of www/place-search.js under `node --test`, with no browser: the search over the real data (the regions of
// policies.json in the shape of Calculator.regions(), and www/places.json). Codes are the core's business (tests/places.rs
// checks every county code); here `resolve` is a stand-in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { searchRegion, normalize, hantName } from "../../www/place-search.js";

const root = new URL("../../", import.meta.url);
const policies = JSON.parse(readFileSync(new URL("policies.json", root)));
const places = JSON.parse(readFileSync(new URL("www/places.json", root)));
/** The English names by code, as policies.json declares them (name_en). */
const names = Object.fromEntries(
  [...policies.provinces, ...policies.regions].map((x) => [x.code, x.name_en]),
);

/** Calculator.regions() as the wasm returns it (without the Traditional names, which the core makes). */
const provinces = policies.provinces.map((p) => ({
  ...p,
  regions: policies.regions.filter((r) => r.province === p.code),
}));
const nameOf = (code) => policies.regions.find((r) => r.code === code)?.name;
const find = (text, extra = {}) =>
  searchRegion(text, { provinces, places, ...extra });
const region = (text, extra) => nameOf(find(text, extra).region) ?? null;

test("normalize: full-width, case, spaces and punctuation, ü", () => {
  assert.equal(normalize(" Xi'an  City "), "xiancity");
  assert.equal(normalize("ＷＵＨＡＮ"), "wuhan");
  assert.equal(normalize("Lüliang"), normalize("lvliang"));
  assert.equal(normalize("湖北·武汉"), "湖北武汉");
});

test("a county-level place resolves to its pooling region", () => {
  assert.equal(region("项城"), "周口市");
  assert.equal(region("项城市"), "周口市");
  assert.equal(region("浦东"), "上海市");
  assert.equal(region("浦东新区"), "上海市");
  assert.equal(region("南山区"), "深圳市");
  assert.equal(region("江岸区"), "武汉市");
  assert.equal(region("文昌市"), "海口市"); // 海南's 省直辖县 file under 海口 (policies.rs)
  assert.equal(region("仙桃"), "仙桃市"); // 省直管: a region of its own
  assert.equal(region("双江"), "临沧市");
  const found = find("项城");
  assert.equal(found.matches[0].place.code, "411681");
  assert.equal(found.matches[0].place.pinyin, "Xiangcheng");
});

test("a province before (or after) the city or place", () => {
  assert.equal(region("湖北武汉"), "武汉市");
  assert.equal(region("湖北省武汉市"), "武汉市");
  assert.equal(region("河南项城"), "周口市");
  assert.equal(region("周口项城"), "周口市");
  assert.equal(region("河南省周口市项城市"), "周口市");
  assert.equal(region("黑龙江南山区"), "鹤岗市");
  assert.equal(region("鹤岗南山"), "鹤岗市");
  assert.equal(region("鹤岗市南山区"), "鹤岗市");
  assert.equal(region("Hegang Nanshan"), "鹤岗市");
  assert.equal(region("Hubei Wuhan"), "武汉市");
  assert.equal(region("Wuhan, Hubei Province"), "武汉市");
});

test("pinyin and English names", () => {
  assert.equal(region("wuhan"), "武汉市");
  assert.equal(region("Zhoukou"), "周口市");
  assert.equal(region("Wuhan City"), "武汉市");
  assert.equal(region("WUHAN SHI"), "武汉市");
  assert.equal(region("Hohhot"), "呼和浩特市");
  assert.equal(region("huhehaote"), "呼和浩特市");
  assert.equal(region("Urumqi"), "乌鲁木齐市");
  assert.equal(region("Lhasa"), "拉萨市");
  assert.equal(region("Harbin"), "哈尔滨市");
  assert.equal(region("Xi'an"), "西安市");
  assert.equal(region("xian"), "西安市");
  assert.equal(region("Enshi Prefecture"), "恩施土家族苗族自治州");
  assert.equal(
    region("xiangcheng"),
    null,
    "项城 and 襄城 … share their pinyin",
  );
  assert.equal(region("Pudong"), "上海市");
  assert.equal(region("Jilin City"), "吉林市");
  // With the city, as the hint for xiangcheng asks, in either order (English puts the place first).
  assert.equal(region("zhoukou xiangcheng"), "周口市");
  assert.equal(region("Xiangcheng, Zhoukou"), "周口市");
  assert.equal(region("Nanshan Shenzhen"), "深圳市");
  assert.equal(region("Nanshan District, Shenzhen"), "深圳市");
});

test("the English names of regions: pinyin, and the well-known exceptions", () => {
  const en = (name) =>
    names[policies.regions.find((r) => r.name === name)?.code];
  assert.equal(en("武汉市"), "Wuhan");
  assert.equal(en("呼和浩特市"), "Hohhot");
  assert.equal(en("乌鲁木齐市"), "Urumqi");
  assert.equal(en("拉萨市"), "Lhasa");
  assert.equal(en("哈尔滨市"), "Harbin");
  assert.equal(en("西安市"), "Xi'an");
  assert.equal(en("恩施土家族苗族自治州"), "Enshi Prefecture");
  assert.ok(
    policies.regions.every((r) => /^[A-Z][A-Za-z' ü]+$/.test(names[r.code])),
  );
  assert.ok(
    policies.provinces.every((p) => /^[A-Z][A-Za-z ]+$/.test(names[p.code])),
  );
  assert.equal(names["150000"], "Inner Mongolia");
  assert.equal(names["610000"], "Shaanxi");
  assert.equal(names["140000"], "Shanxi");
  assert.ok(
    !policies.regions.some((r) => /香港|澳门/.test(r.name)),
    "香港 and 澳门 are not pooling regions of the mainland schemes",
  );
});

test("a name shared by several places: the more prominent, or none", () => {
  // 朝阳区 is in 北京 and 长春: the municipality first, and the other is still offered.
  const chaoyang = find("朝阳区");
  assert.equal(nameOf(chaoyang.region), "北京市");
  assert.deepEqual(
    chaoyang.matches.map((m) => nameOf(m.region)),
    ["北京市", "长春市"],
  );
  // 城区 (阳泉, 长治, 汕尾): equals, so nothing is chosen and all are offered.
  const chengqu = find("城区");
  assert.equal(chengqu.region, null);
  assert.equal(chengqu.matches.length, 3);
  // A region's own name comes before a county's: 朝阳 is 朝阳市 (辽宁), not 朝阳区.
  assert.equal(region("朝阳"), "朝阳市");
});

test("a province alone names no city; a municipality is its one city", () => {
  const hubei = find("湖北");
  assert.equal(hubei.region, null);
  assert.equal(hubei.province, "420000");
  assert.equal(find("Hubei").province, "420000");
  assert.equal(
    find("吉林").province,
    "220000",
    "吉林 is the province; 吉林市 is a city",
  );
  assert.equal(find("hainan").province, "460000");
  assert.equal(region("北京"), "北京市");
  assert.equal(region("beijing"), "北京市");
});

test("the start of a name, once it is unambiguous", () => {
  assert.equal(region("武汉"), "武汉市");
  assert.equal(region("zhouk"), "周口市");
  assert.equal(region("武"), null);
  assert.equal(region("wu"), null);
});

test("nothing fits: no region, no province", () => {
  for (const text of ["", "   ", "xyz", "火星", "香港", "123"]) {
    const found = find(text);
    assert.equal(found.region, null, text);
    assert.equal(found.province, null, text);
    assert.deepEqual(found.matches, [], text);
  }
});

test("codes go to the core's resolver, and name the place when it is known", () => {
  const resolve = (c) =>
    ({ 411681: "411600", 310115: "310000", 440305: "440300" })[c];
  assert.equal(find("411681", { resolve }).region, "411600");
  assert.equal(find("411681", { resolve }).matches[0].place.name, "项城市");
  assert.equal(find("上海 310115", { resolve }).region, "310000");
  assert.equal(find("440305", { resolve }).region, "440300");
  assert.equal(find("999999", { resolve }).region, null);
  // Without a resolver, a region's own code still works.
  assert.equal(find("420100").region, "420100");
});

test("before places.json has loaded, regions are found by name, alias and English name", () => {
  const early = (text) =>
    nameOf(searchRegion(text, { provinces, places: null }).region) ?? null;
  assert.equal(early("湖北武汉"), "武汉市");
  assert.equal(early("Wuhan"), "武汉市");
  assert.equal(early("恩施州"), "恩施土家族苗族自治州");
  assert.equal(early("项城"), null);
});

test("Traditional characters find the Simplified names (a 繁體中文 reader types 項城, 浦東)", () => {
  assert.equal(region("項城"), "周口市");
  assert.equal(region("項城市"), "周口市");
  assert.equal(region("浦東"), "上海市");
  assert.equal(region("廣州"), "广州市");
  assert.equal(region("湖北武漢"), "武汉市");
  assert.equal(normalize("項城"), normalize("项城"));
});

test("a place found is named in 繁體中文 as a whole (项城市 → 項城市, 满洲里市 → 滿洲里市, not 滿洲裡市)", () => {
  const place = (text) => find(text).matches[0].place;
  assert.equal(place("项城").name_zh_hant, "項城市");
  assert.equal(place("項城").name_zh_hant, "項城市");
  assert.equal(place("满洲里").name_zh_hant, "滿洲里市");
  assert.equal(place("浦东").name_zh_hant, "浦東新區");
  assert.equal(place("于都").name_zh_hant, "于都縣");
  assert.equal(hantName("徐汇区"), "徐匯區");
  assert.equal(hantName("个旧市"), "個舊市");
});
