// Builds the served site from www/: every file copied, JavaScript minified with terser (ES modules) and CSS with
// csso. Run by `cargo xtask build` as `node site.mjs SRC DEST`; DEST is emptied first. Dot-files are left out.
//
// The page's own script (app.js, which only index.html loads) and the element (yidi-calculator.js) are each served as
// one module: esbuild bundles each with every module it imports statically, so that a first result waits for one
// script and the wasm rather than a waterfall of ~25 module requests. Left out of the bundles and loaded as they are:
// the wasm-bindgen glue (pkg/yidi.js: one module instance for the page and whatever else imports it; a test patches
// its Calculator), for the element also the JavaScript API (yidi.mjs: one core for a host that uses both), and every
// dynamic import (the other locales, the place search, the full core), each under its own name as before. A bundled
// module's `import.meta.url` is the URL it has as a file of its own, so that what it fetches beside itself
// (places.json, ...) is found as before. The bundled modules are also served as they are, minified, for whoever
// imports them (calculator-ui.js and ui/ are in the package). A page's <link rel="modulepreload"> tags for modules now
// inside its script's bundle are dropped.
//
// The bundles and the wasm-bindgen glue start with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, a
// comment to any other engine): nearly all their functions run before the first result, and Chromium then compiles
// them eagerly, off the main thread, while the file loads, rather than one by one on first call (about 30 ms less to
// the page's first result, measured in headless Chromium).
//
// The page's two stylesheets are served as one: style.css ends with calculator.css, and index.html links style.css
// alone (one request fewer before the first result). calculator.css is served on its own as well, for the element.
//
// The service worker (sw.js) is written last, with the release it serves: the SHA-256 of every other served file, and
// a release id hashed from those and from the worker's own source. A deploy that changes any byte changes the worker,
// which then installs the new release as a whole (see www/sw.js).
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

const [src, dest] = process.argv.slice(2);
if (!src || !dest) {
  console.error("usage: node site.mjs SRC DEST");
  process.exit(2);
}

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

async function minified(path, text) {
  if (/\.(m?js)$/.test(path)) {
    const out = await minifyJs(text, {
      module: true,
      compress: { passes: 2 },
      format: { comments: false },
    });
    return out.code;
  }
  return minifyCss(text).css;
}

/**
 * Modules served bundled with what they import statically, each with the modules it leaves out of its bundle and
 * imports as they are (one module instance however many modules import them): the wasm-bindgen glue for both, and
 * for the element also the JavaScript API (yidi.mjs), so that a host page that imports both still loads the wasm core
 * once.
 */
const BUNDLED = new Map([
  ["app.js", /^pkg(-full)?\/[^/]+\.js$/],
  ["yidi-calculator.js", /^(yidi\.mjs|pkg(-full)?\/[^/]+\.js)$/],
]);

const slash = (p) => p.split(sep).join("/");
const relativeUrl = (fromFile, toFile) => {
  const r = slash(relative(dirname(fromFile), toFile));
  return r.startsWith(".") ? r : `./${r}`;
};

/**
 * `entry` (a path under src) with its static imports, as one ES module's text (not minified), and the paths (under
 * src, "/"-separated) of the modules it holds.
 */
async function bundle(entry, shared) {
  const entryPath = resolve(src, entry);
  const keepApart = {
    name: "keep-apart",
    setup(b) {
      // Dynamic imports and the shared modules stay separate files, imported by their path from the bundle (which is
      // served where the entry was).
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const path = resolve(args.resolveDir, args.path);
        const rel = slash(relative(src, path));
        if (args.kind === "dynamic-import" || shared.test(rel))
          return { path: relativeUrl(entryPath, path), external: true };
        return undefined;
      });
      // import.meta.url as the bundled module's own URL, were it served as a file.
      b.onLoad({ filter: /\.m?js$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        if (args.path === entryPath || !text.includes("import.meta.url"))
          return { contents: text, loader: "js" };
        const own = JSON.stringify(relativeUrl(entryPath, args.path));
        return {
          contents: text.replaceAll(
            "import.meta.url",
            `new URL(${own}, import.meta.url).href`,
          ),
          loader: "js",
        };
      });
    },
  };
  const out = await build({
    entryPoints: [entryPath],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    charset: "utf8",
    legalComments: "none",
    logLevel: "warning",
    plugins: [keepApart],
  });
  const inputs = Object.keys(out.metafile.inputs).map((p) =>
    slash(relative(src, resolve(p))),
  );
  return { text: out.outputFiles[0].text, inputs };
}

/** `html` without its modulepreload links to modules now inside the bundle its module script is. */
function withoutBundledPreloads(html) {
  const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
  const held = bundles.get(script)?.inputs ?? [];
  return html.replace(
    /[ \t]*<link rel="modulepreload" href="([^"]+)" \/>\n/g,
    (link, href) => (href !== script && held.includes(href) ? "" : link),
  );
}

/** Scripts served with V8's compile hint that every function is called on load. */
const EAGER = ["app.js", "yidi-calculator.js", "pkg/yidi.js"];
const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/** Stylesheets served with others appended (each minified on its own), and the pages that then link only the first. */
const APPENDED = new Map([["style.css", ["calculator.css"]]]);
const APPENDED_IN = ["index.html"];

/** `html` without its links to stylesheets that come appended to another one it links. */
function withoutAppendedStyles(html) {
  const gone = [...APPENDED]
    .filter(([first]) =>
      html.includes(`<link rel="stylesheet" href="${first}" />`),
    )
    .flatMap(([, rest]) => rest);
  return html.replace(
    /[ \t]*<link rel="stylesheet" href="([^"]+)" \/>\n/g,
    (link, href) => (gone.includes(href) ? "" : link),
  );
}

const WORKER = "sw.js";
/** The line of www/sw.js that the release replaces. */
const RELEASE_LINE = 'const RELEASE = { id: "unbuilt", files: {} };';

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

await rm(dest, { recursive: true, force: true });
/** Bundle entry → its text and the modules it holds. */
const bundles = new Map();
for (const [entry, shared] of BUNDLED)
  bundles.set(entry, await bundle(entry, shared));
let before = 0;
let after = 0;
/** Served path ("pkg/yidi.js") → SHA-256 of the bytes served. */
const hashes = {};
for await (const path of files(src)) {
  const rel = relative(src, path).split(sep).join("/");
  if (rel === WORKER) continue;
  const target = join(dest, rel);
  await mkdir(join(target, ".."), { recursive: true });
  if (/\.(m?js|css)$/.test(path)) {
    const source = await readFile(path, "utf8");
    let text = await minified(path, bundles.get(rel)?.text ?? source);
    if (EAGER.includes(rel)) text = COMPILE_HINT + text;
    for (const more of APPENDED.get(rel) ?? [])
      text += `\n${await minified(more, await readFile(join(src, more), "utf8"))}`;
    before += Buffer.byteLength(source);
    after += Buffer.byteLength(text);
    await writeFile(target, text);
    hashes[rel] = sha256(text);
  } else if (/\.html$/.test(rel)) {
    let html = withoutBundledPreloads(await readFile(path, "utf8"));
    if (APPENDED_IN.includes(rel)) html = withoutAppendedStyles(html);
    await writeFile(target, html);
    hashes[rel] = sha256(html);
  } else {
    await cp(path, target);
    hashes[rel] = sha256(await readFile(path));
  }
}

const worker = await readFile(join(src, WORKER), "utf8");
if (!worker.includes(RELEASE_LINE)) {
  console.error(`site: ${WORKER} has no line ${RELEASE_LINE}`);
  process.exit(1);
}
const manifest = Object.fromEntries(
  Object.keys(hashes)
    .sort()
    .map((k) => [k, hashes[k]]),
);
const id = sha256(
  Object.entries(manifest)
    .map(([k, h]) => `${k} ${h}\n`)
    .join("") + worker,
).slice(0, 16);
const release = JSON.stringify({ id, files: manifest });
const workerText = await minified(
  WORKER,
  worker.replace(RELEASE_LINE, `const RELEASE = ${release};`),
);
before += Buffer.byteLength(worker);
after += Buffer.byteLength(workerText);
await writeFile(join(dest, WORKER), workerText);
console.log(
  `site: ${dest} (scripts and styles ${before} -> ${after} bytes; release ${id}, ${Object.keys(manifest).length} files)`,
);
