// Builds the served site from www/: every file copied, JavaScript minified with terser (ES modules) and CSS with
// csso. Run by `cargo xtask build` as `node site.mjs SRC DEST`; DEST is emptied first. Dot-files are left out.
//
// The service worker (sw.js) is written last, with the release it serves: the SHA-256 of every other served file, and
// a release id hashed from those and from the worker's own source. A deploy that changes any byte changes the worker,
// which then installs the new release as a whole (see www/sw.js).
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
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

const WORKER = "sw.js";
/** The line of www/sw.js that the release replaces. */
const RELEASE_LINE = 'const RELEASE = { id: "unbuilt", files: {} };';

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

await rm(dest, { recursive: true, force: true });
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
    const text = await minified(path, source);
    before += Buffer.byteLength(source);
    after += Buffer.byteLength(text);
    await writeFile(target, text);
    hashes[rel] = sha256(text);
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
