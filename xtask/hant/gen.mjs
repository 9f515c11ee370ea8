// Generates the Traditional Chinese of the project from its Simplified Chinese, at build time, with OpenCC's
// phrase-aware Taiwan conversion (opencc-js, MIT/Apache-2.0; `cn` → `twp`: 核實, 為, 伺服器, 資料):
// - src/hant.rs: the table the core converts its messages' `zh_hant` text with. Characters come from the string
//   literals in src/*.rs and the names in policies.json. Where OpenCC converts a literal's phrase differently from
//   character by character, the phrase is kept, so 范围 → 範圍, 头发 → 頭髮 and 服务器 → 伺服器 come out right;
// - www/i18n/zh-Hant.js: the page's words, each message of www/i18n/zh-Hans.js converted whole.
// Run: `cargo xtask hant` (opencc-js comes with the pinned tooling in tests/browser); `--check` writes nothing and
// fails when a generated file is not what it would write (CI's `hant` step).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url);
const require = createRequire(new URL("tests/browser/package.json", root));
const OpenCC = require("opencc-js");
const check = process.argv.includes("--check");
const twp = OpenCC.Converter({ from: "cn", to: "twp" });
const tw = OpenCC.Converter({ from: "cn", to: "tw" });
// Taiwan phrases meant for computing that mean something else in medical insurance: converted by character (with
// Taiwan's variants) only. 审核 (a claim's review, not 稽覈), 代码 (a region's code, not 程式碼), 参数 (figures, not
// 引數), 项目 (billed items, not 專案), 社区 (社區衛生服務中心, not 社羣), 程序 (a procedure, not 程式), 类型 (a kind of
// visit, not 型別), 窗口 (an office's counter, not 視窗), 算法 (how a line is worked out, not 演算法), 官方文件 (an official
// document, not a computer file), 对象 (the people a scheme covers, 医疗救助对象, not 物件), 高端 (a range's high end, not
// 高階), 绑定 (a family account bound before use, 綁定, not 繫結), 发布 (a notice published, 發佈, not a software
// release, 釋出), 在线 (in a site's own name, 膠東在線), 设置 (a waiting period set up, 設置), 政策文件库 (a library of
// policy documents, not of computer files).
const KEEP = [
  "审核",
  "代码",
  "参数",
  "项目",
  "社区",
  "程序",
  "类型",
  "窗口",
  "算法",
  "官方文件",
  "对象",
  "高端",
  "绑定",
  "发布",
  "在线",
  "设置",
  "政策文件库",
];
const keep = new RegExp(`(${KEEP.join("|")})`, "u");
// Taiwan's usage where OpenCC's tables keep the mainland's character: 帳戶 and 帳號 (an account), not 賬戶 (helper-43).
// Where OpenCC's longest match goes wrong: 保留发票 matches 留发 (to keep one's hair), 保留髮票 (helper-64); 签 alone
// becomes 籤 (a lot, a label), but here it is always signing, 簽 (签署, 签个人承诺书; helper-66).
const FIX = [
  ["賬戶", "帳戶"],
  ["賬號", "帳號"],
  ["髮票", "發票"],
  ["籤", "簽"],
];
const toHant = (text) =>
  FIX.reduce(
    (out, [from, to]) => out.replaceAll(from, to),
    text
      .split(keep)
      .map((part, i) => (i % 2 ? tw(part) : twp(part)))
      .join(""),
  );
const cjk = /[\u3400-\u9fff]/u;
const runs = /[\u3400-\u9fff]+/gu;

const texts = [];
for (const f of readdirSync(new URL("src/", root))) {
  if (!f.endsWith(".rs") || f === "hant.rs") continue;
  // A quote character literal (b'"') would pair with the next string's quote.
  const src = readFileSync(new URL(`src/${f}`, root), "utf8").replaceAll(
    `'"'`,
    "",
  );
  for (const m of src.matchAll(/"((?:[^"\\]|\\[\s\S])*)"/g))
    if (cjk.test(m[1])) texts.push(m[1]);
}
const policies = JSON.parse(
  readFileSync(new URL("policies.json", root), "utf8"),
);
for (const p of policies.provinces) texts.push(p.name, p.short);
for (const r of policies.regions) texts.push(r.name, ...r.aliases);
for (const a of policies.arrangements ?? []) texts.push(a.name);
for (const d of policies.national.chronic_diseases ?? []) texts.push(d.name);
// The sources' titles: a 繁體 answer gives them in Traditional characters (error.rs title_in_locale). A title is a
// document's own name: its characters are converted (with the phrases that pick a character, 范围 → 範圍), never its
// words replaced by Taiwan's (优化 stays 優化, not 最佳化; 门户网站 stays 門戶網站).
const titles = Object.values(policies.sources ?? {}).map((s) => s.title);

const chars = new Map();
const same = new Set();
const phrases = new Map();
for (const [t, whole_of] of [
  ...texts.map((t) => [t, toHant]),
  ...titles.map((t) => [t, tw]),
]) {
  for (const run of t.match(runs) ?? []) {
    // A run the messages gave already keeps the messages' phrase.
    if (whole_of === tw && phrases.has(run)) continue;
    let byChar = "";
    for (const c of run) {
      const h = toHant(c);
      if (h !== c) chars.set(c, h);
      else same.add(c);
      byChar += h;
    }
    const whole = whole_of(run);
    if (whole !== byChar) phrases.set(run, whole);
  }
}
const esc = (s) => JSON.stringify(s);
const charRows = [...chars].sort(
  ([a], [b]) => a.codePointAt(0) - b.codePointAt(0),
);
const phraseRows = [...phrases].sort(
  ([a], [b]) => b.length - a.length || (a < b ? -1 : 1),
);
const out = `//! Simplified → Traditional Chinese for the core's messages (\`zh_hant\`). GENERATED by xtask/hant/gen.mjs with
//! OpenCC from the literals in src/ and the names in policies.json; do not edit by hand.

/// Phrases OpenCC converts differently from character by character, longest first.
pub const PHRASES: &[(&str, &str)] = &[
${phraseRows.map(([s, t]) => `    (${esc(s)}, ${esc(t)}),`).join("\n")}
];

/// The first characters of the phrases (the tests' reference conversion skips the phrase search with them).
#[cfg(test)]
pub const PHRASE_STARTS: &str = ${esc([...new Set(phraseRows.map(([s]) => [...s][0]))].sort().join(""))};

/// Characters seen that Traditional Chinese writes the same (tests/hant.rs checks every character is known).
pub const SAME: &str = ${esc([...same].sort().join(""))};

/// Characters that differ, sorted by code point (for binary search).
pub const CHARS: &[(char, char)] = &[
${charRows.map(([s, t]) => `    ('${s}', '${t}'),`).join("\n")}
];
`;
const prettier = new URL("tests/browser/node_modules/.bin/prettier", root)
  .pathname;
const stale = [];

/** Writes `text` to `path` (relative to the root), formatted by `format(file)`, or checks it is what is there. */
function emit(path, text, format) {
  const target = new URL(path, root).pathname;
  const scratch = join(
    mkdtempSync(join(tmpdir(), "yidi-hant-")),
    path.split("/").pop(),
  );
  writeFileSync(scratch, text);
  format(scratch);
  const made = readFileSync(scratch, "utf8");
  let had = null;
  try {
    had = readFileSync(target, "utf8");
  } catch {
    /* not there yet */
  }
  if (had === made) return;
  if (check) stale.push(path);
  else writeFileSync(target, made);
}

emit("src/hant.rs", out, (f) =>
  execFileSync("rustfmt", ["--edition", "2021", f]),
);

// The page's words: every message of the Simplified file, converted whole (OpenCC's phrases apply across it).
const hans = (await import(new URL("www/i18n/zh-Hans.js", root))).default;
const hant = Object.entries(hans)
  .map(
    ([k, v]) =>
      `  ${/^[A-Za-z_$][\w$]*$/.test(k) ? k : esc(k)}: ${esc(toHant(v))},`,
  )
  .join("\n");
emit(
  "www/i18n/zh-Hant.js",
  `// The interface's words in 繁體中文 (www/i18n.js loads it when the locale is chosen). GENERATED from zh-Hans.js by
// xtask/hant/gen.mjs (OpenCC, Simplified → Traditional with Taiwan phrases): edit zh-Hans.js, then \`cargo xtask hant\`.
export default {
${hant}
};
`,
  (f) => execFileSync(prettier, ["--write", "--log-level", "warn", f]),
);

// The place search's Traditional → Simplified table (www/place-hant.js): every character of the names it searches
// (provinces, regions, county-level places) that Traditional Chinese writes otherwise, so that 項城 and 浦東 are
// found as 项城 and 浦东 are. By character (Taiwan's forms): a search key is a name, not a sentence.
const places = JSON.parse(
  readFileSync(new URL("www/places.json", root), "utf8"),
);
const placeChars = new Set();
const addChars = (t) => {
  for (const c of t ?? "") if (cjk.test(c)) placeChars.add(c);
};
for (const p of policies.provinces) addChars(p.name + p.short);
for (const r of policies.regions) addChars(r.name + r.aliases.join(""));
for (const list of Object.values(places.regions))
  for (const [, name] of list) addChars(name);
const toHans = new Map();
for (const c of [...placeChars].sort()) {
  const t = tw(c);
  if (t !== c && [...t].length === 1 && !toHans.has(t)) toHans.set(t, c);
}
const pairs = [...toHans]
  .sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0))
  .map(([t, c]) => t + c)
  .join("");
// Shown in 繁體中文, a county-level place's name is its whole name converted (OpenCC's phrases: 满洲里 stays 滿洲里, not
// 滿洲裡; 于洪 stays 于洪), corrected where OpenCC's phrases are wrong for a place name. The page reads a name through
// the pairs turned round (项 → 項); the names that come out otherwise are listed whole.
const NAME_FIXES = {
  徐汇区: "徐匯區",
  苏仙区: "蘇仙區",
  石拐区: "石拐區",
  凌河区: "凌河區",
  浮梁县: "浮梁縣",
  个旧市: "個舊市",
  云城区: "雲城區",
  云溪区: "雲溪區",
  紫云苗族布依族自治县: "紫雲苗族布依族自治縣",
  扶余市: "扶餘市",
};
const toHantChar = new Map([...toHans].map(([t, c]) => [c, t]));
const names = {};
for (const list of Object.values(places.regions))
  for (const [, name] of list) {
    const whole = NAME_FIXES[name] ?? tw(name);
    const byPairs = [...name].map((c) => toHantChar.get(c) ?? c).join("");
    if (whole !== byPairs) names[name] = whole;
  }
emit(
  "www/place-hant.js",
  `// Traditional → Simplified for the characters of the place names the region search knows, as pairs (項项 …).
// GENERATED by xtask/hant/gen.mjs (OpenCC, by character, Taiwan's forms) from policies.json and www/places.json: run
// \`cargo xtask hant\` after \`cargo xtask policies\`.
export default ${esc(pairs)};

// Place names whose Traditional form is not their characters' through the pairs above (Simplified → Traditional).
export const NAMES = ${JSON.stringify(Object.fromEntries(Object.entries(names).sort()))};
`,
  (f) => execFileSync(prettier, ["--write", "--log-level", "warn", f]),
);

if (stale.length) {
  console.error(
    `not what xtask/hant/gen.mjs generates: ${stale.join(", ")} (run \`cargo xtask hant\`)`,
  );
  process.exit(1);
}
console.log(
  `${check ? "up to date" : "wrote"}: src/hant.rs (${charRows.length} characters, ${phraseRows.length} phrases), www/i18n/zh-Hant.js (${Object.keys(hans).length} messages)`,
);
