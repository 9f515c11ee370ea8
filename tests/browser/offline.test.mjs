// The standalone page offline: after a first visit its service worker (www/sw.js) has cached the page, its styles and
// scripts and the wasm core (with the built-in policies), and a reload without any network still computes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { launch, openPage } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const READY = '#result[data-testid="result-ready"][aria-busy="false"]';

test("after the first visit the page works offline", async () => {
  const opened = await openPage(browser, "/", {
    contextOptions: { serviceWorkers: "allow" },
  });
  const { page, context } = opened;
  try {
    await page.waitForSelector(READY, { timeout: 15_000 });
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith("yidi-")));
      return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    });
    for (const path of [
      "/",
      "/app.js",
      "/calculator-ui.js",
      "/i18n.js",
      "/i18n/zh-Hans.js",
      "/i18n/zh-Hant.js",
      "/i18n/en.js",
      "/pkg/yidi.js",
      "/pkg/yidi_bg.wasm",
      // The view's modules, every one (calculator-ui.js imports them all at start).
      ...(await readdir(new URL("../../www/ui/", import.meta.url)))
        .filter((f) => f.endsWith(".js"))
        .map((f) => `/ui/${f}`),
    ]) {
      assert.ok(
        cached.includes(path),
        `${path} is cached (${cached.join(", ")})`,
      );
    }
    // Without a search typed: the worker keeps the county search's places and the coverage page for offline use.
    const kept = await page.evaluate(async () => {
      for (let i = 0; i < 100; i++) {
        const names = await caches.keys();
        const cache = await caches.open(
          names.find((n) => n.startsWith("yidi-")),
        );
        const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
        if (paths.includes("/places.json") && paths.includes("/coverage.html"))
          return paths;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    });
    assert.ok(kept, "places.json and coverage.html kept for offline use");
    assert.deepEqual(
      opened.blockedRequests,
      [],
      "the worker asks nothing of other origins",
    );
    assert.deepEqual(opened.consoleErrors, [], "no console errors online");

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector(READY, { timeout: 15_000 });
    assert.equal(
      await page.locator('[data-testid="fund-pays"]').textContent(),
      "17049.60",
    );
    // And a link with a state in it, opened offline.
    await page.getByLabel("总费用（元）", { exact: true }).fill("40000");
    await page.waitForSelector(READY);
    const url = page.url();
    const second = await context.newPage();
    await second.goto(url);
    await second.waitForSelector(READY, { timeout: 15_000 });
    assert.equal(
      await second.locator('[data-testid="summary"] .total').textContent(),
      "医疗费用总额 40000.00 元",
    );
    // A county searched offline, never searched online: found.
    const search = second.getByLabel("搜索参保地（城市名称或代码）", {
      exact: true,
    });
    await search.fill("项城");
    await search.press("Tab");
    const city = second.getByLabel("参保地城市", { exact: true });
    for (let i = 0; i < 50 && (await city.inputValue()) !== "411600"; i++)
      await second.waitForTimeout(100);
    assert.equal(await city.inputValue(), "411600", "项城 → 周口, offline");
    const offlineCoverage = await context.newPage();
    await offlineCoverage.goto(new URL("/coverage.html", url).href);
    assert.match(await offlineCoverage.title(), /覆盖|coverage/i);
    // Its full core is not kept (1 MB): the page says it needs the network, not "正在加载…" for ever (helper-39).
    await offlineCoverage
      .locator("#status", { hasText: "没有网络连接" })
      .waitFor({ timeout: 10_000 });
  } finally {
    await opened.close();
  }
});
