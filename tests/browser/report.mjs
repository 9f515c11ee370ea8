// Size and speed report of the page, printed as markdown (run by `cargo xtask report`, which builds the page and
// serves the built site, target/site, at BASE_URL). Not a test: it measures and prints, and exits non-zero only if it cannot run at all.
//
// 1. First-load assets: every same-origin response the page receives until it shows a result (or goes network-idle),
//    raw and gzip -9 sizes, against the gzip budget.
// 2. Time to first result: from navigation start to the first moment READY_SELECTOR matches, in fresh contexts, and
//    to the end of the frame that shows it (laid out and painted); the requests are not routed through Playwright.
// 3. Microseconds per estimate(): the documented API inside the page (createCalculator from /yidi.mjs) calls
//    `.estimate(query)` in a loop, with the query from fixtures/query.json (a parsed JSON object), and again with
//    `locale: "zh-Hans"` (the words in one language, as the page asks): after a warm-up, the median of timed batches.
// 4. The widget: what a host page (fixtures/host/host-one.html, the package vendored under /vendor/yidi-calculator/)
//    downloads for one <yidi-calculator> until its first result, and how much of that the page does not load itself.

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { launch, openPage, SITE_DIR } from "./lib.mjs";
import { startHost } from "./host-server.mjs";

/** The element the page shows once its first result is rendered. */
const READY_SELECTOR = '[data-testid="result-ready"]';
/** The documented JavaScript API (createCalculator), relative to the page's origin. */
const MODULE_PATH = "/yidi.mjs";
const QUERY_FIXTURE = new URL("./fixtures/query.json", import.meta.url);
const WWW = pathToFileURL(SITE_DIR.endsWith(sep) ? SITE_DIR : SITE_DIR + sep);
const LOAD_RUNS = 9;
const READY_TIMEOUT_MS = 10_000;
/** estimate() speed: warm-up time, then the median of BATCHES batches of about BATCH_MS each (an odd count). */
const WARM_UP_MS = 1500;
const BATCH_MS = 50;
const BATCHES = 11;
const BUDGET_GZIP_BYTES = Number(process.env.BUDGET_GZIP_BYTES ?? 150_000);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Times (ms) as "median ms (min–max ms)". */
const spread = (xs) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms)`;

/** The prefix of the console message with which the probe below reports the time of the first result. */
const READY_MESSAGE = "yidi-report-ready ";

/**
 * The number (ms) the page reports in its next console message that starts with `prefix`, or null after the timeout.
 * Times are taken in the page and read this way rather than by polling the page (page.waitForFunction runs
 * Playwright's injected script in the page, every animation frame, on the main thread being measured: that added
 * about 100 ms to navigation's time). Call it before what makes the page report, so the message cannot come first.
 */
function reported(page, prefix, timeout) {
  return page
    .waitForEvent("console", {
      predicate: (m) => m.text().startsWith(prefix),
      timeout,
    })
    .then((m) => Number(m.text().slice(prefix.length)))
    .catch(() => null);
}

/** The time (ms after navigation) of the first result, as the probe below reports it, or null after the timeout. */
const readyTime = (page) => reported(page, READY_MESSAGE, READY_TIMEOUT_MS);
/** The prefix of the probe's second message: when the frame that shows the first result has been drawn. */
const SHOWN_MESSAGE = "yidi-report-shown ";
/**
 * The time (ms after navigation) the first result is on screen: the first result is in the page at readyTime, and
 * shown once the browser has laid out and painted the frame after it (a task queued from that frame's animation
 * callback runs after its paint). The two differ by the first layout of the result, which readyTime cannot see.
 */
const shownTime = (page) => reported(page, SHOWN_MESSAGE, READY_TIMEOUT_MS);

/** Records (in the page, before any page script runs) when `selector` first matches (inside shadow roots too). */
function installReadyProbe(context, selector = READY_SELECTOR) {
  return context.addInitScript(
    ({ selector, message, shown }) => {
      const find = (root) =>
        root.querySelector(selector) ||
        [...root.querySelectorAll("yidi-calculator")].some((el) =>
          el.shadowRoot?.querySelector(selector),
        );
      const check = () => {
        if (!window.__yidiReportReadyAt && find(document)) {
          window.__yidiReportReadyAt = performance.now();
          observer.disconnect();
          console.debug(`${message}${window.__yidiReportReadyAt}`);
          requestAnimationFrame(() =>
            setTimeout(() => console.debug(`${shown}${performance.now()}`)),
          );
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
      });
      // Mutations inside a <yidi-calculator>'s shadow root are not seen from the document: poll those as well.
      const poll = setInterval(() => {
        if (window.__yidiReportReadyAt) clearInterval(poll);
        else if (document.querySelector("yidi-calculator")) check();
      }, 20);
    },
    { selector, message: READY_MESSAGE, shown: SHOWN_MESSAGE },
  );
}

async function firstLoadAssets(browser, path = "/", selector = READY_SELECTOR) {
  const responses = [];
  let ready;
  const opened = await openPage(browser, path, {
    waitUntil: "networkidle",
    beforeNavigate: async ({ context, page }) => {
      await installReadyProbe(context, selector);
      page.on("response", (r) => responses.push(r));
      ready = readyTime(page);
    },
  });
  const { url } = opened;
  const readyAt = await ready;
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

/** Files of the served site (but dot-files and TypeScript declarations), as URL paths. */
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
  const shownTimes = [];
  for (let i = 0; i < LOAD_RUNS; i++) {
    let ready;
    // Not through Playwright's router (intercept: false): routing each request through the test process added
    // about 50 ms to the median here (285 against 231 ms, 15 runs each, alternated), which no reader's browser pays.
    // The first-load run above routes, and would have listed any off-origin request; these runs record them too.
    const opened = await openPage(browser, "/", {
      waitUntil: "commit",
      intercept: false,
      beforeNavigate: async ({ context, page }) => {
        await installReadyProbe(context);
        ready = Promise.all([readyTime(page), shownTime(page)]);
      },
    });
    const [t, shownAt] = await ready;
    await opened.close();
    if (opened.blockedRequests.length)
      throw new Error(`off-origin requests: ${opened.blockedRequests}`);
    if (t == null || shownAt == null) return { times, missing: true };
    times.push(t);
    shownTimes.push(shownAt);
  }
  return { times, shownTimes, missing: false };
}

/** The prefix of the console message with which the page reports one keystroke's time to the updated slip. */
const LINES_MESSAGE = "yidi-report-lines ";

/**
 * A 500-line itemized bill: from a keystroke in a line's amount to the updated slip on screen (the debounce
 * included), median of 5 keystrokes, after the lines are entered in the page.
 */
async function linesLatency(browser, n = 500) {
  const { page, close } = await openPage(browser, "/");
  try {
    await page.waitForSelector(READY_SELECTOR, { timeout: READY_TIMEOUT_MS });
    await page.locator('input[name="bm"][value="lines"]').check();
    await page.evaluate((n) => {
      const list = document.querySelector("li.line")?.parentElement;
      const add = list?.parentElement?.querySelector(
        "button:not([data-remove])",
      );
      for (let i = document.querySelectorAll("li.line").length; i < n; i++)
        add.click();
      for (const el of document.querySelectorAll('input[data-field="a"]')) {
        el.value = "100";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }, n);
    const fundText = () =>
      document.querySelector('[data-testid="slip"] tr[data-key="fund"]')
        ?.textContent;
    await page.waitForFunction(fundText, null, { timeout: 30_000 });
    // Timed inside the page, from the keydown to the frame that shows the changed slip (a task queued from the next
    // animation frame runs once that frame is produced); the page reports it with a console message, so that the
    // harness does not run its own script in the page meanwhile (as polling it would).
    await page.evaluate((message) => {
      const fund = () =>
        document.querySelector('[data-testid="slip"] tr[data-key="fund"]')
          ?.textContent;
      const k = { down: 0, before: null, done: false };
      document.addEventListener(
        "keydown",
        () => {
          k.down = performance.now();
          k.before = fund();
          k.done = false;
        },
        true,
      );
      new MutationObserver(() => {
        if (!k.down || k.done || fund() === k.before) return;
        k.done = true;
        requestAnimationFrame(() =>
          setTimeout(() =>
            console.debug(`${message}${performance.now() - k.down}`),
          ),
        );
      }).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }, LINES_MESSAGE);
    const times = [];
    const first = page.locator('input[data-field="a"]').first();
    for (let k = 0; k < 5; k++) {
      await first.fill(`${200 + k}`);
      await page.waitForTimeout(400);
      await first.focus();
      const updated = reported(page, LINES_MESSAGE, 30_000);
      await page.keyboard.press("Backspace");
      const t = await updated;
      if (t == null) throw new Error("the slip did not change within 30 s");
      times.push(t);
    }
    return { lines: await page.locator("li.line").count(), times };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  } finally {
    await close();
  }
}

async function estimateSpeed(browser, query) {
  const opened = await openPage(browser, "/");
  try {
    const r = await opened.page.evaluate(
      async ({ modulePath, query, warmMs, batchMs, batches }) => {
        // The documented API, as a host calls it (yidi.mjs).
        const { createCalculator } = await import(modulePath);
        const calc = await createCalculator();
        try {
          calc.estimate(query);
        } catch (e) {
          return {
            error: `estimate(fixtures/query.json) threw: ${e?.message ?? e}`,
          };
        }
        // Warm-up until V8 has optimised the hot code (its tiers: a fresh module runs first in baseline code), as a
        // benchmark harness does; then the median of BATCHES timed batches of about BATCH_MS each.
        let calls = 0;
        const start = performance.now();
        while (performance.now() - start < warmMs) calc.estimate(query);
        let batch = 10;
        for (;;) {
          const t0 = performance.now();
          for (let i = 0; i < batch; i++) calc.estimate(query);
          if (performance.now() - t0 >= batchMs) break;
          batch *= 2;
        }
        const perCall = [];
        for (let b = 0; b < batches; b++) {
          const t0 = performance.now();
          for (let i = 0; i < batch; i++) calc.estimate(query);
          perCall.push(((performance.now() - t0) * 1000) / batch);
          calls += batch;
        }
        return { calls, perCall };
      },
      {
        modulePath: MODULE_PATH,
        query,
        warmMs: WARM_UP_MS,
        batchMs: BATCH_MS,
        batches: BATCHES,
      },
    );
    return r.error ? r : { calls: r.calls, us: median(r.perCall) };
  } catch (e) {
    return { error: e.message.split("\n")[0] };
  } finally {
    await opened.close();
  }
}

/** What one <yidi-calculator> costs a host page, and what it adds on top of the page's own first load. */
async function widgetWeight(browser, pageAssets) {
  const host = await startHost();
  const prefix = "/vendor/yidi-calculator";
  let md = "\n## The widget on a host page\n\n";
  try {
    const { assets, readyAt, errors } = await firstLoadAssets(
      browser,
      new URL("host/host-one.html", host.url).href,
      READY_SELECTOR,
    );
    const ours = assets.filter((a) => a.path.startsWith(`${prefix}/`));
    const onPage = new Set(pageAssets.map((a) => a.path));
    const sum = (xs) =>
      xs.reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip }), {
        raw: 0,
        gzip: 0,
      });
    md +=
      "What a host page (tests/browser/fixtures/host/host-one.html, the package vendored under " +
      `${prefix}/) downloads for one \`<yidi-calculator>\` until its first result:\n\n`;
    md +=
      "| asset | also loaded by the page | raw bytes | gzip -9 bytes |\n| --- | --- | ---: | ---: |\n";
    for (const a of ours) {
      const shared = onPage.has(a.path.slice(prefix.length));
      md += `| ${a.path.slice(prefix.length)} | ${shared ? "yes" : "**no**"} | ${a.raw} | ${a.gzip} |\n`;
    }
    const all = sum(ours);
    const added = sum(
      ours.filter((a) => !onPage.has(a.path.slice(prefix.length))),
    );
    md += `| **total** | | **${all.raw}** | **${all.gzip}** |\n\n`;
    md += `The widget's added weight on top of the page: ${kb(added.gzip)} gzipped (${added.raw} bytes raw); `;
    md += `a host page that has none of it downloads ${kb(all.gzip)} gzipped. `;
    md +=
      readyAt == null
        ? "No result was seen within the timeout.\n"
        : `First result ${readyAt.toFixed(0)} ms after navigation.\n`;
    if (errors.length)
      md += `\nThe host page logged errors:\n\n${errors.map((e) => `- ${e}`).join("\n")}\n`;
  } finally {
    await host.close();
  }
  return md;
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
    out +=
      "\nIn the site (target/site) but not loaded on first load (not counted above):\n\n";
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
    : `| navigation to first result (median of ${LOAD_RUNS}; min–max) | ${spread(ttfr.times)} |\n| navigation to first result on screen (its frame laid out and painted; same runs) | ${spread(ttfr.shownTimes)} |\n`;
  const speed = await estimateSpeed(browser, query);
  out += speed.error
    ? `| estimate() per call | n/a: ${speed.error.replaceAll("|", "\\|")} |\n`
    : `| estimate() per call (median of ${BATCHES} batches, ${speed.calls} calls, after ${WARM_UP_MS} ms of warm-up; fixtures/query.json) | ${speed.us.toFixed(2)} µs |\n`;
  // The page asks in its own language: the answer's words in one language only.
  const one = await estimateSpeed(browser, { ...query, locale: "zh-Hans" });
  out += one.error
    ? `| estimate() per call, locale zh-Hans | n/a: ${one.error.replaceAll("|", "\\|")} |\n`
    : `| estimate() per call, locale zh-Hans (median of ${BATCHES} batches, ${one.calls} calls, as the page asks) | ${one.us.toFixed(2)} µs |\n`;

  const lines = await linesLatency(browser);
  out += lines.error
    ? `| ${"500-line bill: keystroke → updated slip"} | n/a: ${lines.error.replaceAll("|", "\\|").slice(0, 200)} |\n`
    : `| ${lines.lines}-line bill: keystroke → updated slip (median of 5, debounce included) | ${spread(lines.times)} |\n`;

  out += await widgetWeight(browser, assets);
} finally {
  await browser.close();
}
process.stdout.write(out);
