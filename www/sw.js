// The page's service worker: after the first visit the calculator works offline. It caches the site's own files (the
// page, its styles and scripts, the wasm core with the built-in policies; not the documentation) and nothing else.
// The county-level places and the coverage page are fetched in the background once the worker is in charge (the page
// asks, after its first result), and the full wasm module (custom policies files) is cached when first used: no
// third-party request is ever made, and nothing typed is involved (the state lives in the URL
// fragment, which never reaches a worker).
//
// Releases, whole. RELEASE below is written by the site build (tests/browser/site.mjs): `id`, a hash of every served
// file's bytes, and `files`, each file's SHA-256 by its path. A deploy changes some file, hence this script, hence the
// browser installs a new worker (it checks this script on every visit), which:
//   1. fetches every file of the page from the network and checks each: status 200, not redirected elsewhere, the
//      content type its extension calls for, and the bytes this release lists. One bad file (a half-finished deploy,
//      a 404, a captive portal answering text/html to everything) fails the install, and the previous release stays
//      in charge, whole;
//   2. only then writes them into a cache of its own, named by the release id, and takes over;
//   3. once active, deletes the other releases' caches.
// A page's files are then answered from its release's cache (the network is not asked: the release is fixed by its
// id, and a newer one arrives through step 1). A file cached on first use is fetched and kept only when its bytes are
// this release's; any other answer (another build's file, an error, the wrong type) is passed through, never cached.

const RELEASE = { id: "unbuilt", files: {} };
const CACHE = `yidi-${RELEASE.id}`;
/** Cached on first use, not at install. */
const ON_USE = [
  "coverage.html",
  "coverage.js",
  "coverage.css",
  "pkg-full/yidi.js",
  "pkg-full/yidi_bg.wasm",
  "places.json",
];
/** Served for readers and integrators, never cached: documentation, types, the package's manifest. */
const NOT_CACHED = /(\.md|\.d\.ts|\.schema\.json|(^|\/)package\.json)$/;
/** Fetched at install: every other file of the release, and the page's address itself ("./", which is index.html).
 * A worker not written by the site build (RELEASE.id "unbuilt") caches nothing and leaves every request alone. */
const FILES = Object.keys(RELEASE.files).length
  ? [
      "./",
      ...Object.keys(RELEASE.files).filter(
        (f) => !ON_USE.includes(f) && !NOT_CACHED.test(f),
      ),
    ]
  : [];
const SCOPE = self.registration.scope;
/** Full URL (no query) → the file's path in the release ("./" is index.html). */
const OURS = new Map(
  [...FILES, ...ON_USE].map((f) => [
    new URL(f, SCOPE).href,
    f === "./" ? "index.html" : f,
  ]),
);
const TYPES = {
  html: /^text\/html\s*(;|$)/i,
  js: /^(text|application)\/javascript\s*(;|$)/i,
  mjs: /^(text|application)\/javascript\s*(;|$)/i,
  css: /^text\/css\s*(;|$)/i,
  wasm: /^application\/wasm\s*(;|$)/i,
  json: /^application\/json\s*(;|$)/i,
};

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The network's answer for `file` as a response fit to cache, or null with the reason: status 200 from our origin,
 * not redirected to another file, the content type of the file's extension, and (in a built site) this release's bytes.
 */
async function verified(file, res) {
  if (!res) return { reason: "no response" };
  if (res.type !== "basic" && res.type !== "default")
    return { reason: `a ${res.type} response` };
  if (res.status !== 200) return { reason: `HTTP ${res.status}` };
  if (res.redirected) {
    const to = OURS.get(new URL(res.url).href.replace(/[?#].*$/, ""));
    if (to !== file) return { reason: `redirected to ${res.url}` };
  }
  const want = TYPES[file.slice(file.lastIndexOf(".") + 1)];
  const type = res.headers.get("Content-Type") ?? "";
  if (want && !want.test(type)) return { reason: `served as "${type}"` };
  const bytes = await res.arrayBuffer();
  const expected = RELEASE.files[file];
  if (expected && (await sha256(bytes)) !== expected)
    return { reason: "not this release's bytes" };
  return {
    response: new Response(bytes, {
      status: 200,
      statusText: "OK",
      headers: res.headers,
    }),
  };
}

self.addEventListener("install", (event) => {
  if (!FILES.length) return;
  event.waitUntil(
    (async () => {
      const fetched = await Promise.all(
        FILES.map(async (f) => {
          const url = new URL(f, SCOPE).href;
          const res = await fetch(url, { cache: "no-cache" });
          const { response, reason } = await verified(OURS.get(url), res);
          if (!response)
            throw new Error(`release ${RELEASE.id}: ${f}: ${reason}`);
          return [url, response];
        }),
      );
      // Complete: only now does the release's cache get written, and this worker take over.
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(fetched.map(([url, res]) => cache.put(url, res)));
      } catch (e) {
        await caches.delete(CACHE);
        throw e;
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((n) => n.startsWith("yidi-") && n !== CACHE)
          .map((n) => caches.delete(n)),
      );
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // The page's own files only, by path: a query string or fragment makes no other copy.
  const key = url.origin + url.pathname;
  const file = OURS.get(key);
  if (file && FILES.length) event.respondWith(answer(req, key, file));
});

/**
 * Kept for offline use once this worker is in charge, when the page asks (after its first result): the county-level
 * places a region search needs (a search for 项城 offline found nothing) and the coverage page its link opens. Fetched
 * in the background, each checked as at install; one that fails is left to be cached on first use. Not the full
 * module: a host's own policies file is fetched from the network anyway.
 */
const KEEP_FOR_OFFLINE = ON_USE.filter((f) => !f.startsWith("pkg-full/"));

async function keepForOffline() {
  const cache = await caches.open(CACHE);
  for (const f of KEEP_FOR_OFFLINE) {
    const url = new URL(f, SCOPE).href;
    if (!OURS.has(url) || (await cache.match(url))) continue;
    try {
      const res = await fetch(url, { cache: "no-cache" });
      const { response } = await verified(f, res);
      if (response) await cache.put(url, response);
    } catch {
      /* offline now: cached on first use instead */
    }
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "yidi-keep-for-offline" && FILES.length)
    event.waitUntil(keepForOffline());
});

async function answer(req, key, file) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  if (cached) return cached;
  // Not cached yet (a file cached on first use): the network's copy, kept only when it is this release's file.
  const res = await fetch(req);
  const { response } = await verified(file, res.clone());
  if (!response) return res;
  await cache.put(key, response.clone());
  return response;
}
