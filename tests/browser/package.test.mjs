// The vendorable package (www/package.json, packed from the built site, target/site, where scripts and styles are
// minified): `npm pack` holds every file the exports point to and every file those files load, and nothing else of
// the site. Needs the build (cargo xtask test builds before this step).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { SITE_DIR } from "./lib.mjs";

/** The sources, read for what each file loads (the packed copies are the same files minified). */
const WWW = fileURLToPath(new URL("../../www/", import.meta.url));

test("npm pack holds the element, the API, their types, the styles, the iframe page and the wasm", async () => {
  const pkg = JSON.parse(
    await readFile(new URL("package.json", `file://${WWW}`), "utf8"),
  );
  assert.equal(pkg.name, "yidi-calculator");
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  const out = execFileSync(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts"],
    {
      cwd: SITE_DIR,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const files = new Set(JSON.parse(out)[0].files.map((f) => f.path));
  for (const f of [
    "package.json",
    "yidi.mjs",
    "yidi.d.ts",
    "yidi-types.d.ts",
    "yidi-calculator.js",
    "yidi-calculator.d.ts",
    "calculator-ui.js",
    "ui/state.js",
    "ui/query.js",
    "calculator.css",
    "i18n.js",
    "i18n/zh-Hans.js",
    "i18n/zh-Hant.js",
    "i18n/en.js",
    "embed.html",
    "embed.js",
    "embed.css",
    "pkg/yidi.js",
    "pkg/yidi_bg.wasm",
    "pkg-full/yidi.js",
    "pkg-full/yidi_bg.wasm",
  ]) {
    assert.ok(files.has(f), `${f} is in the package`);
  }
  for (const f of files) {
    assert.doesNotMatch(
      f,
      /^(index\.html|app\.js|style\.css|sw\.js|coverage)/,
      `${f} is the site's, not the package's`,
    );
  }
  // Every export target is packed.
  const targets = Object.values(pkg.exports).flatMap((t) =>
    typeof t === "string" ? [t] : Object.values(t),
  );
  for (const target of targets) {
    if (target.includes("*")) continue;
    assert.ok(
      files.has(target.replace(/^\.\//, "")),
      `export ${target} is packed`,
    );
  }
  assert.ok(files.has(pkg.types.replace(/^\.\//, "")));
  // Every file a packed module or page loads is packed too.
  for (const f of files) {
    if (!/\.(m?js|html)$/.test(f) || /^pkg(-full)?\//.test(f)) continue;
    const text = await readFile(new URL(f, `file://${WWW}`), "utf8");
    const refs = [
      ...text.matchAll(/\bfrom\s+"(\.\.?\/[^"]+)"/g),
      ...text.matchAll(/\bimport\s+"(\.\.?\/[^"]+)"/g),
      ...text.matchAll(/\bimport\("(\.\.?\/[^"]+)"\)/g),
      ...text.matchAll(/new URL\("([^":]+)", import\.meta\.url\)/g),
      ...text.matchAll(/\b(?:src|href)="(?!data:|\/|https?:)([^":#]+)"/g),
    ].map((m) => new URL(m[1], `file:///p/${f}`).pathname.slice(3));
    for (const ref of refs)
      assert.ok(files.has(ref), `${f} loads ${ref}, which must be packed`);
  }
});
