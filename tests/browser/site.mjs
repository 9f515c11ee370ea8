// Builds the served site from www/: every file copied, JavaScript minified with terser (ES modules) and CSS with
// csso. Run by `cargo xtask build` as `node site.mjs SRC DEST`; DEST is emptied first. Dot-files are left out.
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
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

await rm(dest, { recursive: true, force: true });
let before = 0;
let after = 0;
for await (const path of files(src)) {
  const target = join(dest, relative(src, path));
  await mkdir(join(target, ".."), { recursive: true });
  if (/\.(m?js|css)$/.test(path)) {
    const source = await readFile(path, "utf8");
    const text = await minified(path, source);
    before += Buffer.byteLength(source);
    after += Buffer.byteLength(text);
    await writeFile(target, text);
  } else {
    await cp(path, target);
  }
}
console.log(`site: ${dest} (scripts and styles ${before} -> ${after} bytes)`);
