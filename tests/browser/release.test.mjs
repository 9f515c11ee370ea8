// The service worker keeps a release whole (www/sw.js; the release is written into the built worker by site.mjs).
// A server of our own serves the built site and, when told, a half-finished deploy (a new worker and new scripts with
// a missing or mismatched wasm) or a captive portal (200 text/html for every path). The page must keep working from
// the release it has, and a complete new release must take over, alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { launch, openPage, SITE_DIR } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const READY = '#result[data-testid="result-ready"][aria-busy="false"]';
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".md": "text/markdown; charset=utf-8",
};
const PORTAL =
  "<!doctype html><title>Wi-Fi</title><p>Log in to use this network.</p>";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const site = (rel) => readFile(join(SITE_DIR, rel));

/** The built site on a port of its own; `deploy` maps paths to other answers, `captive` answers everything with HTML. */
async function startSite() {
  const root = normalize(SITE_DIR).replace(/[/\\]?$/, sep);
  const state = { deploy: new Map(), captive: false, requests: [] };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    state.requests.push(path);
    if (state.captive) {
      res.writeHead(200, { "Content-Type": "text/html" }).end(PORTAL);
      return;
    }
    const special = state.deploy.get(path);
    if (special) {
      res
        .writeHead(special.status ?? 200, {
          "Content-Type": special.type,
          "Cache-Control": "no-cache",
        })
        .end(special.body);
      return;
    }
    const file = normalize(
      join(root, path === "/" ? "index.html" : path.slice(1)),
    );
    let body = null;
    if (file.startsWith(root)) {
      try {
        if ((await stat(file)).isFile()) body = await readFile(file);
      } catch {
        body = null;
      }
    }
    if (body == null) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res
      .writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-cache",
      })
      .end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    state,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The built worker with another release id and, for each [path, bytes], that file's hash as the release lists it. */
async function workerFor(id, changed = []) {
  let text = (await site("sw.js")).toString("utf8");
  const old = /"([0-9a-f]{16})"/.exec(text)?.[1];
  assert.ok(old, "the built worker names its release");
  text = text.replaceAll(old, id);
  for (const [path, bytes] of changed) {
    const before = sha256(await site(path.slice(1)));
    assert.ok(text.includes(before), `the worker lists ${path}`);
    text = text.replaceAll(before, sha256(bytes));
  }
  return { status: 200, type: "text/javascript", body: text };
}

/** The release caches and whether a worker controls the page. */
const releases = (page) =>
  page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return (await caches.keys()).filter((n) => n.startsWith("yidi-")).sort();
  });

/** Asks the browser to look for a new worker; resolves with what became of it ("redundant": its install failed). */
const update = (page) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    const found = new Promise((resolve) =>
      reg.addEventListener("updatefound", () => resolve(reg.installing), {
        once: true,
      }),
    );
    try {
      await reg.update();
    } catch (e) {
      return `no update (${e.name})`;
    }
    const worker = await Promise.race([
      found,
      new Promise((resolve) => setTimeout(() => resolve(null), 5000)),
    ]);
    if (!worker) return "no update";
    return new Promise((resolve) => {
      const settled = () => {
        if (worker.state === "redundant" || worker.state === "activated")
          resolve(worker.state);
      };
      worker.addEventListener("statechange", settled);
      settled();
    });
  });

async function firstVisit(server) {
  const opened = await openPage(browser, server.url, {
    contextOptions: { serviceWorkers: "allow" },
  });
  const { page } = opened;
  await page.waitForSelector(READY, { timeout: 15_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, {
    timeout: 15_000,
  });
  return opened;
}

async function works(page, what) {
  await page.reload();
  await page.waitForSelector(READY, { timeout: 15_000 });
  assert.equal(
    await page.locator('[data-testid="fund-pays"]').textContent(),
    "17049.60",
    what,
  );
}

test("a half-deployed release (new scripts, the wasm missing or from another build) never replaces the one in use", async () => {
  const server = await startSite();
  const opened = await firstVisit(server);
  const { page } = opened;
  try {
    const [first] = await releases(page);
    assert.match(first, /^yidi-[0-9a-f]{16}$/);
    const cached = await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    }, first);
    for (const path of ["/", "/calculator-ui.js", "/pkg/yidi_bg.wasm"])
      assert.ok(cached.includes(path), `${path} is in the release`);

    // New scripts that cannot work with the release in use (and say so if they ever run).
    const ui = Buffer.concat([
      await site("calculator-ui.js"),
      Buffer.from('\nthrow new Error("half-deployed calculator-ui.js");\n'),
    ]);
    const api = Buffer.from(
      'throw new Error("half-deployed yidi.mjs");export function createCalculator(){}\n',
    );
    // The page's own script (app.js, bundled with calculator-ui.js and the rest by the site build).
    const app = Buffer.concat([
      await site("app.js"),
      Buffer.from('\nthrow new Error("half-deployed app.js");\n'),
    ]);
    const changed = [
      ["/app.js", app],
      ["/calculator-ui.js", ui],
      ["/yidi.mjs", api],
    ];
    const deploy = server.state.deploy;
    for (const [path, body] of changed)
      deploy.set(path, { type: "text/javascript", body });

    // 1. The old worker still: the page's files come from its release, not from the half-deployed server.
    await works(page, "old worker, new scripts on the server");

    // 2. A new worker whose wasm is missing: its install fails, the previous release stays in charge.
    deploy.set("/sw.js", await workerFor("00000000000000a1", changed));
    deploy.set("/pkg/yidi_bg.wasm", {
      status: 404,
      type: "text/plain",
      body: "not found",
    });
    assert.equal(await update(page), "redundant", "a 404 fails the install");
    assert.deepEqual(await releases(page), [first]);
    await works(page, "after a failed install (404)");

    // 3. A new worker whose wasm is another build's (200, application/wasm, other bytes): refused the same way.
    deploy.set("/sw.js", await workerFor("00000000000000a2", changed));
    deploy.set("/pkg/yidi_bg.wasm", {
      type: "application/wasm",
      body: await site("pkg-full/yidi_bg.wasm"),
    });
    assert.equal(await update(page), "redundant", "a mismatch fails it");
    assert.deepEqual(await releases(page), [first]);
    await works(page, "after a failed install (mismatched wasm)");

    // 4. The new scripts served as HTML (a misconfigured server): refused too.
    deploy.set("/sw.js", await workerFor("00000000000000a3"));
    deploy.delete("/pkg/yidi_bg.wasm");
    deploy.set("/calculator-ui.js", { type: "text/html", body: ui });
    deploy.delete("/yidi.mjs");
    assert.equal(await update(page), "redundant", "a wrong type fails it");
    assert.deepEqual(await releases(page), [first]);
    await works(page, "after a failed install (wrong type)");

    // 5. The deploy completed: the new release installs whole, takes over, and the old one's cache goes.
    deploy.clear();
    deploy.set("/sw.js", await workerFor("00000000000000b1"));
    assert.equal(await update(page), "activated");
    assert.deepEqual(await releases(page), ["yidi-00000000000000b1"]);
    await works(page, "the new release");

    const uncaught = opened.consoleErrors.filter((e) =>
      /half-deployed/.test(e),
    );
    assert.deepEqual(uncaught, [], "no half-deployed script ever ran");
    assert.deepEqual(opened.blockedRequests, []);
  } finally {
    await opened.close();
    await server.close();
  }
});

test("behind a captive portal (200 text/html for everything) the page works from its release, and nothing of the portal is cached", async () => {
  const server = await startSite();
  const opened = await firstVisit(server);
  const { page, context } = opened;
  try {
    const [first] = await releases(page);
    server.state.captive = true;

    await works(page, "reload behind the portal");
    // Another tab, with a link, and another language: all from the release.
    const second = await context.newPage();
    await second.goto(server.url);
    await second.waitForSelector(READY, { timeout: 15_000 });
    await second.locator("#language").selectOption("en");
    await second.waitForFunction(() => document.documentElement.lang === "en");
    await second.waitForSelector(READY);
    assert.equal(
      await second.locator("h1").textContent(),
      "Care away from home: insurance calculator",
    );
    await second.close();

    // The worker script itself is HTML now: no update; and files cached on first use are not cached from the portal.
    assert.match(await update(page), /^no update/);
    const portal = await page.evaluate(async () => {
      const res = await fetch("pkg-full/yidi.js");
      return { type: res.headers.get("Content-Type"), text: await res.text() };
    });
    assert.match(portal.type, /text\/html/, "the portal's answer passes");
    assert.deepEqual(await releases(page), [first]);
    const kinds = await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      const out = {};
      for (const req of await cache.keys())
        out[new URL(req.url).pathname] = (await cache.match(req)).headers.get(
          "Content-Type",
        );
      return out;
    }, first);
    assert.equal(kinds["/pkg-full/yidi.js"], undefined, "not cached");
    for (const [path, type] of Object.entries(kinds)) {
      const html = path === "/" || path.endsWith(".html");
      assert.equal(/text\/html/.test(type), html, `${path}: ${type}`);
    }

    // Out of the portal: a file cached on first use is cached now, as itself.
    server.state.captive = false;
    await page.evaluate(() => fetch("pkg-full/yidi.js").then((r) => r.text()));
    const type = await page.evaluate(async (name) => {
      const res = await (await caches.open(name)).match("pkg-full/yidi.js");
      return res?.headers.get("Content-Type");
    }, first);
    assert.match(type ?? "", /javascript/);
    assert.deepEqual(opened.blockedRequests, []);
  } finally {
    await opened.close();
    await server.close();
  }
});
