// Shared helpers for the browser tests and the report: Debian's Chromium driven by playwright-core.
//
//   import { launch, openPage } from './lib.mjs';
//   const browser = await launch();
//   const { page, consoleErrors, blockedRequests, close } = await openPage(browser, '/');
//
// BASE_URL (set by `cargo xtask test` / `cargo xtask report`, which serve the built site, target/site, on a free
// loopback port) is the page's origin; SITE_DIR is that directory. Every request that leaves that origin is aborted and recorded in `blockedRequests`; every console error and
// uncaught exception is recorded in `consoleErrors`.

import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080/";
/** The served files: www/ with scripts and styles minified (`cargo xtask build`). */
export const SITE_DIR =
  process.env.SITE_DIR ??
  fileURLToPath(new URL("../../target/site/", import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// The machine has no network but the package registries: without the background-networking flags Chromium keeps
// trying (and failing) to reach its vendor's services.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Launches headless Chromium (close it with `await browser.close()`). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** True for URLs that stay on the page's origin or never touch the network. */
export function isLocal(url, origin = new URL(BASE_URL).origin) {
  const u = new URL(url);
  if (
    u.protocol === "data:" ||
    u.protocol === "blob:" ||
    u.protocol === "about:"
  ) {
    return true;
  }
  return u.origin === origin;
}

/**
 * Opens `path` (relative to BASE_URL) in a fresh browser context and waits for the load event.
 * Returns { page, context, response, url, consoleErrors, blockedRequests, close }.
 * Pass { waitUntil: 'commit' } (or 'domcontentloaded', 'networkidle') to return earlier or later, and
 * { beforeNavigate: async ({ context, page }) => {...} } to add init scripts or listeners before the page loads, and
 * { allowOrigins: ["http://…"] } for other origins the page may use (a host page that frames ours), and
 * { intercept: false } for a timed run (see below).
 */
export async function openPage(
  browser,
  path = "/",
  {
    waitUntil = "load",
    contextOptions = {},
    beforeNavigate,
    allowOrigins = [],
    intercept = true,
  } = {},
) {
  const url = new URL(path, BASE_URL);
  // Service workers are blocked unless a test asks for them (contextOptions.serviceWorkers = "allow"): a worker
  // answering from its cache would hide requests from the checks below.
  const context = await browser.newContext({
    locale: "zh-CN",
    serviceWorkers: "block",
    ...contextOptions,
  });
  const consoleErrors = [];
  const blockedRequests = [];
  // Off-origin requests are stopped by routing every request through Playwright, which costs each request a round
  // trip to this process: a timed run that must not include that (the report's navigation time) passes
  // { intercept: false }, and off-origin requests are then only recorded (there is no network here to reach).
  if (intercept) {
    await context.route("**/*", (route) => {
      const requestUrl = route.request().url();
      if (
        isLocal(requestUrl, url.origin) ||
        allowOrigins.includes(new URL(requestUrl).origin)
      ) {
        return route.continue();
      }
      blockedRequests.push(requestUrl);
      return route.abort("blockedbyclient");
    });
  } else {
    context.on("request", (req) => {
      if (!isLocal(req.url(), url.origin)) blockedRequests.push(req.url());
    });
  }
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const where = msg.location()?.url;
      consoleErrors.push(where ? `${msg.text()} (at ${where})` : msg.text());
    }
  });
  page.on("pageerror", (err) =>
    consoleErrors.push(`uncaught: ${err.stack ?? err.message}`),
  );
  page.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText ?? "failed";
    const local =
      isLocal(req.url(), url.origin) ||
      allowOrigins.includes(new URL(req.url()).origin);
    if (local && failure !== "net::ERR_ABORTED") {
      consoleErrors.push(`request failed: ${req.url()} (${failure})`);
    }
  });
  await beforeNavigate?.({ context, page });
  const response = await page.goto(url.href, { waitUntil });
  return {
    page,
    context,
    response,
    url,
    consoleErrors,
    blockedRequests,
    close: () => context.close(),
  };
}
