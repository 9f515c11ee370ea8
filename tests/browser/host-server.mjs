// A host site that is not ours, for the widget tests: its own origin, its own clashing styles, and a strict
// Content-Security-Policy sent as a real HTTP header. It vendors the package the way an insurer would, serving the
// built site (the package's files) under /vendor/yidi-calculator/, and serves its pages from fixtures/host/ under /host/.
//
//   const host = await startHost();   // host.url = "http://127.0.0.1:PORT/"
//   ... openPage(browser, new URL("host/host.html", host.url).href, { allowOrigins: [...] })
//   await host.close();
//
// /host/policies-custom.json is policies.json with 武汉's tertiary deductible raised from 800 to 1000 yuan (an
// insurer's own figures); /host/policies-broken.json cites two sources that do not exist.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE_URL, SITE_DIR } from "./lib.mjs";

const WWW = SITE_DIR;
const HOST = fileURLToPath(new URL("./fixtures/host/", import.meta.url));
const POLICIES = fileURLToPath(new URL("../../policies.json", import.meta.url));

/** What the host page's CSP allows: its own origin, wasm compilation, and (for the iframe page) our origin in frames. */
export const HOST_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const FRAME_CSP = `${HOST_CSP}; frame-src ${new URL(BASE_URL).origin}`;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

const wuhanInpatient = (p) =>
  p.schedules.find(
    (s) =>
      s.region === "420100" &&
      s.scheme === "employee" &&
      s.visit_kind === "inpatient",
  );

async function generated(name) {
  const p = JSON.parse(await readFile(POLICIES, "utf8"));
  if (name === "policies-custom.json") {
    p.version = "insurer-2026.1";
    const row = wuhanInpatient(p).versions[0].rows.find(
      (r) => r.level === "tertiary" && r.deductible,
    );
    row.deductible.amounts = ["1000", "500"];
  } else {
    wuhanInpatient(p).versions[0].sources = ["no-such-source"];
    p.schedules[0].versions[0].sources = ["another-missing-source"];
  }
  return JSON.stringify(p);
}

/** Files below `root` only. */
function inside(root, rel) {
  const full = normalize(join(root, rel));
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

export async function startHost() {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    let body = null;
    let file = null;
    if (
      path === "/host/policies-custom.json" ||
      path === "/host/policies-broken.json"
    ) {
      body = await generated(path.slice("/host/".length));
      file = path;
    } else if (path.startsWith("/host/")) {
      file = inside(HOST, path.slice("/host/".length));
    } else if (path.startsWith("/vendor/yidi-calculator/")) {
      file = inside(WWW, path.slice("/vendor/yidi-calculator/".length));
    }
    if (body == null && file) {
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
    const headers = {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-cache",
    };
    if (extname(file) === ".html") {
      headers["Content-Security-Policy"] = path.includes("iframe")
        ? FRAME_CSP
        : HOST_CSP;
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
