// Size and speed report of the page, printed as markdown (run by `cargo xtask report`, which builds the page and
// serves www/ at BASE_URL). Not a test: it measures and prints, and exits non-zero only if it cannot run at all.
//
// 1. First-load assets: every same-origin response the page receives until it shows a result (or goes network-idle),
//    raw and gzip -9 sizes, against the gzip budget.
// 2. Time to first result: from navigation start to the first moment READY_SELECTOR matches, in fresh contexts.
// 3. Microseconds per estimate(): imports /pkg/yidi.js inside the page as an ES module, makes a `new Calculator()`
//    and calls `.estimate(query)` in a loop, with the query from fixtures/query.json (a parsed JSON object).

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launch, openPage } from "./lib.mjs";

/** The element the page shows once its first result is rendered. */
const READY_SELECTOR = '[data-testid="result-ready"]';
/** The wasm-bindgen ES module, relative to the page's origin. */
const MODULE_PATH = "/pkg/yidi.js";
const QUERY_FIXTURE = new URL("./fixtures/query.json", import.meta.url);
const WWW = new URL("../../www/", import.meta.url);
const LOAD_RUNS = 5;
const READY_TIMEOUT_MS = 10_000;
/** Calls estimate() until at least this much time has been spent measuring. */
const MIN_MEASURE_MS = 500;
const BUDGET_GZIP_BYTES = Number(process.env.BUDGET_GZIP_BYTES ?? 150_000);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function waitForReady(page) {
  try {
    const handle = await page.waitForFunction(
      () => window.__yidiReportReadyAt,
      null,
      {
        timeout: READY_TIMEOUT_MS,
      },
    );
    return await handle.jsonValue();
  } catch {
    return null;
  }
}

/** Records (in the page, before any page script runs) when READY_SELECTOR first matches. */
function installReadyProbe(context) {
  return context.addInitScript((selector) => {
    const check = () => {
      if (!window.__yidiReportReadyAt && document.querySelector(selector)) {
        window.__yidiReportReadyAt = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  }, READY_SELECTOR);
}

async function firstLoadAssets(browser) {
  const responses = [];
  const opened = await openPage(browser, "/", {
    waitUntil: "networkidle",
    beforeNavigate: async ({ context, page }) => {
      await installReadyProbe(context);
      page.on("response", (r) => responses.push(r));
    },
  });
  const { page, url } = opened;
  const readyAt = await waitForReady(page);
  const assets = [];
  for (const r of responses) {
    const u = new URL(r.url());
    if (u.origin !== url.origin || r.status() !== 200) continue;
    const body = await r.body().catch(() => null);
    if (!body) continue;
    assets.push({
      path: u.pathname,
      type: (r.headers()["content-type"] ?? "").split(";")[0],
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
    });
  }
  const errors = [
    ...opened.consoleErrors,
    ...opened.blockedRequests.map((u) => `blocked off-origin request: ${u}`),
  ];
  await opened.close();
  return { assets, readyAt, errors };
}

/** Files under www/ (but dot-files and TypeScript declarations), as URL paths. */
async function wwwFiles() {
  const entries = await readdir(WWW, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const full = join(e.parentPath ?? e.path, e.name);
      return `/${relative(fileURLToPath(WWW), full).split(sep).join("/")}`;
    })
    .filter(
      (p) =>
        !p.split("/").some((seg) => seg.startsWith(".")) &&
        !p.endsWith(".d.ts"),
    )
    .sort();
}

async function timeToFirstResult(browser) {
  const times = [];
  for (let i = 0; i < LOAD_RUNS; i++) {
    const opened = await openPage(browser, "/", {
      waitUntil: "commit",
      beforeNavigate: ({ context }) => installReadyProbe(context),
    });
    const t = await waitForReady(opened.page);
    await opened.close();
    if (t == null) return { times, missing: true };
    times.push(t);
  }
  return { times, missing: false };
}

async function estimateSpeed(browser, query) {
  const opened = await openPage(browser, "/");
  try {
    return await opened.page.evaluate(
      async ({ modulePath, query, minMs }) => {
        const mod = await import(modulePath);
        await mod.default(); // wasm-bindgen init; a no-op if the page already initialised it
        if (typeof mod.Calculator !== "function") {
          return { error: `${modulePath} exports no Calculator class` };
        }
        const calc = new mod.Calculator();
        try {
          try {
            calc.estimate(query);
          } catch (e) {
            return {
              error: `estimate(fixtures/query.json) threw: ${e?.message ?? e}`,
            };
          }
          for (let i = 0; i < 50; i++) calc.estimate(query); // warm-up
          let calls = 0;
          let batch = 100;
          const start = performance.now();
          let elapsed = 0;
          while (elapsed < minMs) {
            for (let i = 0; i < batch; i++) calc.estimate(query);
            calls += batch;
            batch *= 2;
            elapsed = performance.now() - start;
          }
          return { calls, us: (elapsed * 1000) / calls };
        } finally {
          calc.free?.();
        }
      },
      { modulePath: MODULE_PATH, query, minMs: MIN_MEASURE_MS },
    );
  } catch (e) {
    return { error: e.message.split("\n")[0] };
  } finally {
    await opened.close();
  }
}

const query = JSON.parse(await readFile(QUERY_FIXTURE, "utf8"));
const browser = await launch();
let out = "";
try {
  const { assets, readyAt, errors } = await firstLoadAssets(browser);
  const total = assets.reduce(
    (a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip }),
    { raw: 0, gzip: 0 },
  );
  out += "## First-load assets\n\n";
  out +=
    "| asset | type | raw bytes | gzip -9 bytes |\n| --- | --- | ---: | ---: |\n";
  for (const a of assets)
    out += `| ${a.path} | ${a.type} | ${a.raw} | ${a.gzip} |\n`;
  out += `| **total** | | **${total.raw}** | **${total.gzip}** |\n\n`;
  const within = total.gzip <= BUDGET_GZIP_BYTES;
  out += `Gzipped total ${kb(total.gzip)} of a ${kb(BUDGET_GZIP_BYTES)} budget: ${
    within
      ? "within budget"
      : `**over budget by ${kb(total.gzip - BUDGET_GZIP_BYTES)}**`
  } (${((100 * total.gzip) / BUDGET_GZIP_BYTES).toFixed(0)}%).\n`;
  const loaded = new Set(assets.map((a) => a.path));
  loaded.add("/index.html");
  const unloaded = (await wwwFiles()).filter((p) => !loaded.has(p));
  if (unloaded.length) {
    out += "\nIn www/ but not loaded on first load (not counted above):\n\n";
    out += "| file | raw bytes | gzip -9 bytes |\n| --- | ---: | ---: |\n";
    for (const p of unloaded) {
      const body = await readFile(new URL(`.${p}`, WWW));
      out += `| ${p} | ${body.length} | ${gzipSync(body, { level: 9 }).length} |\n`;
    }
  }
  if (errors.length)
    out += `\nThe page logged errors while loading:\n\n${errors.map((e) => `- ${e}`).join("\n")}\n`;

  out +=
    "\n## Speed in headless Chromium\n\n| measure | value |\n| --- | ---: |\n";
  // Skip the timed runs when the first load never showed a result: they would only wait out the timeout again.
  const ttfr =
    readyAt == null
      ? { times: [], missing: true }
      : await timeToFirstResult(browser);
  out += ttfr.missing
    ? `| navigation to first result | not reached: \`${READY_SELECTOR}\` did not appear within ${READY_TIMEOUT_MS} ms |\n`
    : `| navigation to first result (median of ${LOAD_RUNS}; min–max) | ${median(ttfr.times).toFixed(0)} ms (${Math.min(
        ...ttfr.times,
      ).toFixed(0)}–${Math.max(...ttfr.times).toFixed(0)} ms) |\n`;
  const speed = await estimateSpeed(browser, query);
  out += speed.error
    ? `| estimate() per call | n/a: ${speed.error.replaceAll("|", "\\|")} |\n`
    : `| estimate() per call (${speed.calls} calls, fixtures/query.json) | ${speed.us.toFixed(2)} µs |\n`;
} finally {
  await browser.close();
}
process.stdout.write(out);
