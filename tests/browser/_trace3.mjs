import { launch, openPage } from "./lib.mjs";
import { readFileSync } from "node:fs";
const browser = await launch();
const css = process.argv[2] || "";
for (const mode of ["base", "cv", "base", "cv", "base", "cv"]) {
  const opened = await openPage(browser, "/", {
    waitUntil: "commit",
    beforeNavigate: async ({ page, context }) => {
      if (mode === "cv")
        await context.addInitScript((css) => {
          const s = document.createElement("style");
          s.textContent = css;
          document.documentElement.appendChild(s);
        }, css);
      await browser.startTracing(page, {
        path: `/tmp/tr.json`,
        categories: ["devtools.timeline"],
      });
    },
  });
  await opened.page.waitForSelector('[data-testid="result-ready"]', {
    timeout: 10000,
  });
  const readyAt = await opened.page.evaluate(() => window.performance.now());
  await browser.stopTracing();
  const ev = JSON.parse(readFileSync(`/tmp/tr.json`, "utf8")).traceEvents;
  const ph = ev.find((e) => e.name === "ParseHTML");
  const lay = ev
    .filter(
      (e) =>
        e.name === "Layout" && e.tid === ph.tid && e.pid === ph.pid && e.dur,
    )
    .map((e) => e.dur / 1000);
  console.log(
    mode,
    "ready",
    readyAt.toFixed(0),
    "layout total",
    lay.reduce((a, b) => a + b, 0).toFixed(1),
    "max",
    Math.max(...lay).toFixed(1),
  );
  await opened.close();
}
await browser.close();
