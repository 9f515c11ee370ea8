// The page's service worker: after the first visit the calculator works offline. It caches the page's own files (the
// page, its styles and scripts, the wasm core with the built-in policies) and nothing else. The coverage page and the
// full wasm module (custom policies files) are cached when first used rather than downloaded ahead: no third-party request is
// ever made, and nothing typed is involved (the state lives in the URL fragment, which never reaches a worker).
//
// Network first, so that a deploy is picked up at once; the cache answers when the network does not (offline, or
// slower than TIMEOUT_MS when a cached copy exists). Bump VERSION when the list changes; older caches are deleted.

const VERSION = "v4";
const CACHE = `yidi-${VERSION}`;
const TIMEOUT_MS = 4000;
const FILES = [
  "./",
  "index.html",
  "style.css",
  "calculator.css",
  "app.js",
  "calculator-ui.js",
  "i18n.js",
  "i18n/zh-Hans.js",
  "i18n/zh-Hant.js",
  "i18n/en.js",
  "yidi.mjs",
  "yidi-calculator.js",
  "embed.html",
  "embed.js",
  "embed.css",
  "pkg/yidi.js",
  "pkg/yidi_bg.wasm",
];
const ON_USE = [
  "coverage.html",
  "coverage.js",
  "coverage.css",
  "pkg-full/yidi.js",
  "pkg-full/yidi_bg.wasm",
];
const OURS = new Set(
  [...FILES, ...ON_USE].map((f) => new URL(f, self.registration.scope).href),
);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith("yidi-") && k !== CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  // The page's own files only, by path: a query string or fragment makes no other copy.
  const key = url.origin + url.pathname;
  if (OURS.has(key)) event.respondWith(networkFirst(req, key));
});

async function networkFirst(req, key) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  const fromNetwork = fetch(req).then((res) => {
    if (res.ok) cache.put(key, res.clone());
    return res;
  });
  if (!cached) return fromNetwork;
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve(cached), TIMEOUT_MS),
  );
  return Promise.race([fromNetwork.catch(() => cached), timeout]);
}
