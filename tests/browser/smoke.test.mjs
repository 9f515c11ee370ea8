// Smoke test: the page loads from its own origin only, logs no errors, and is the right page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("index page loads cleanly from its own origin", async () => {
  const { page, response, consoleErrors, blockedRequests, close } =
    await openPage(browser, "/", {
      waitUntil: "networkidle",
    });
  try {
    assert.equal(
      response?.status(),
      200,
      "index.html should be served with 200",
    );
    assert.match(response.headers()["content-type"] ?? "", /^text\/html/);
    const title = await page.title();
    assert.ok(
      title.includes("异地就医"),
      `title should contain 异地就医, got ${JSON.stringify(title)}`,
    );
    assert.deepEqual(
      blockedRequests,
      [],
      "the page must not request anything outside its origin",
    );
    assert.deepEqual(consoleErrors, [], "the page must not log console errors");
  } finally {
    await close();
  }
});
