// <yidi-calculator> on a site that is not ours (host-server.mjs): its own origin, a strict CSP sent as a header
// (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'), styles that would wreck a calculator sharing them, and
// the package vendored under /vendor/yidi-calculator/. Two instances (繁體中文 and English with the host's own
// policies file) compute; styles do not cross the shadow boundary either way; the event fires; the wasm loads once;
// the language switches without losing input; a broken policies file is explained; the iframe fallback resizes; the
// JavaScript API works. Real headless Chromium, no mocks.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, BASE_URL } from "./lib.mjs";
import { startHost } from "./host-server.mjs";

let browser;
let host;
before(async () => {
  browser = await launch();
  host = await startHost();
});
after(async () => {
  await browser?.close();
  await host?.close();
});

/** Opens a host page, runs `body`, then checks the origin rule and the console. */
async function withHost(
  path,
  body,
  { width = 1280, allowOrigins = [], expectErrors = [], beforeNavigate } = {},
) {
  const opened = await openPage(browser, new URL(path, host.url).href, {
    contextOptions: { viewport: { width, height: 900 } },
    allowOrigins,
    beforeNavigate,
  });
  try {
    await body(opened.page, opened);
    assert.deepEqual(
      opened.blockedRequests,
      [],
      "no request may leave the host's origin",
    );
    const unexpected = opened.consoleErrors.filter(
      (e) => !expectErrors.some((re) => re.test(e)),
    );
    assert.deepEqual(
      unexpected,
      [],
      "no console errors (CSP violations included)",
    );
  } finally {
    await opened.close();
  }
}

/** Waits for an instance's result (the result section says so once computed). */
async function ready(page, id) {
  await page
    .locator(`#${id} [data-testid="result-ready"][aria-busy="false"]`)
    .waitFor({ timeout: 15_000 });
}

const fund = (page, id) =>
  page.locator(`#${id} [data-testid="fund-pays"]`).textContent();

test("two instances on a strict-CSP host compute, each in its language and with its policies, and the event fires", async () => {
  await withHost(
    "host/host.html",
    async (page) => {
      const wasmLoads = [];
      page.on("request", (r) => {
        if (r.url().endsWith(".wasm")) wasmLoads.push(r.url());
      });
      await ready(page, "a");
      await ready(page, "b");
      // 繁體中文 with the built-in policies: the E1 amounts.
      assert.equal(await fund(page, "a"), "17049.60");
      await page
        .locator("#a")
        .getByLabel("總費用（元）", { exact: true })
        .waitFor();
      assert.match(
        await page.locator('#a [data-testid="settlement-card"]').textContent(),
        /結算方式：直接結算/,
      );
      // English with the host's policies (武汉's deductible 1000 instead of 800): (20000 − 1000) × 88.8%.
      assert.equal(await fund(page, "b"), "16872.00");
      await page
        .locator("#b")
        .getByLabel("Total cost (yuan)", { exact: true })
        .waitFor();
      assert.match(
        await page.locator('#b [data-testid="filing-card"]').textContent(),
        /Must you file\?/,
      );
      // The host heard both, with the estimate in the event's detail.
      const heard = await page.evaluate(() => window.heard);
      assert.ok(
        heard.some(
          (h) =>
            h.id === "a" &&
            h.fund === "17049.60" &&
            h.locale === "zh-Hant" &&
            h.example === true,
        ),
        JSON.stringify(heard),
      );
      assert.ok(
        heard.some(
          (h) => h.id === "b" && h.fund === "16872.00" && h.locale === "en",
        ),
        JSON.stringify(heard),
      );
      // Each wasm module downloaded once (the built-in policies need the page's module, the host's own file the full
      // one), one stylesheet for both shadow roots, one download of the host's policies.
      assert.equal(
        new Set(wasmLoads).size,
        wasmLoads.length,
        `a wasm module fetched twice: ${wasmLoads}`,
      );
      const count = (p) => host.requests.filter((r) => r === p).length;
      assert.equal(count("/vendor/yidi-calculator/pkg/yidi_bg.wasm"), 1);
      assert.equal(count("/vendor/yidi-calculator/pkg-full/yidi_bg.wasm"), 1);
      assert.equal(count("/vendor/yidi-calculator/calculator.css"), 1);
      assert.equal(count("/host/policies-custom.json"), 1);
      assert.equal(
        await page.evaluate(
          () =>
            document.querySelector("#a").shadowRoot.adoptedStyleSheets[0] ===
            document.querySelector("#b").shadowRoot.adoptedStyleSheets[0],
        ),
        true,
        "both instances share one constructed stylesheet",
      );
      // Nothing global beyond the element's registration (the host's own script adds `heard`).
      const added = await page.evaluate(() =>
        Object.getOwnPropertyNames(window).filter(
          (n) => !window.__globalsBefore.includes(n),
        ),
      );
      assert.deepEqual(added.sort(), ["__globalsBefore", "heard"]);
      assert.ok(
        await page.evaluate(() =>
          Boolean(customElements.get("yidi-calculator")),
        ),
      );
    },
    {
      beforeNavigate: ({ context }) =>
        context.addInitScript(() => {
          window.__globalsBefore = Object.getOwnPropertyNames(window);
        }),
    },
  );
});

test("host styles do not leak in, and ours do not leak out; theming goes through --yidi-* and ::part", async () => {
  await withHost("host/host.html", async (page) => {
    await ready(page, "a");
    await ready(page, "b");
    const inside = await page.evaluate(() => {
      const root = document.querySelector("#a").shadowRoot;
      const css = (sel, prop) =>
        getComputedStyle(root.querySelector(sel))[prop];
      return {
        fontSize: css(".yidi", "fontSize"),
        fontFamily: css(".yidi", "fontFamily"),
        color: css(".yidi", "color"),
        textAlign: css(".yidi", "textAlign"),
        letterSpacing: css(".yidi", "letterSpacing"),
        textTransform: css(".yidi", "textTransform"),
        lineHeight: css(".yidi", "lineHeight"),
        buttonBg: css("button.secondary", "backgroundColor"),
        inputBorder: css("#total", "borderTopWidth"),
        inputWidth: root.querySelector("#total").getBoundingClientRect().width,
        labelDisplay: css("label", "display"),
        cardBorder: css(".card", "borderTopWidth"),
        hintColor: css(".hint", "color"),
        panelBg: css(".panel", "backgroundColor"),
        visuallyHidden: css(".visually-hidden", "position"),
        hiddenShown: [...root.querySelectorAll("[hidden]")].some(
          (el) => getComputedStyle(el).display !== "none",
        ),
      };
    });
    assert.equal(
      inside.fontSize,
      "17px",
      "html { font-size: 10px } must not shrink the calculator",
    );
    assert.doesNotMatch(inside.fontFamily, /Georgia/);
    assert.equal(inside.color, "rgb(29, 36, 51)");
    assert.equal(inside.textAlign, "start");
    assert.equal(inside.letterSpacing, "normal");
    assert.equal(inside.textTransform, "none");
    assert.notEqual(inside.lineHeight, "51px");
    assert.equal(inside.buttonBg, "rgb(255, 255, 255)");
    assert.equal(inside.inputBorder, "1px");
    assert.ok(
      inside.inputWidth > 100,
      `inputs keep their width (${inside.inputWidth}px)`,
    );
    assert.equal(inside.labelDisplay, "block");
    assert.notEqual(inside.cardBorder, "7px");
    assert.equal(inside.hintColor, "rgb(83, 92, 110)");
    assert.equal(
      inside.panelBg,
      "rgb(255, 255, 255)",
      "the host's --panel must not reach in",
    );
    assert.equal(inside.visuallyHidden, "absolute");
    assert.equal(inside.hiddenShown, false);

    const outside = await page.evaluate(() => {
      const css = (sel, prop) =>
        getComputedStyle(document.querySelector(sel))[prop];
      return {
        hint: css(".host-own .hint", "color"),
        card: css(".host-own .card", "borderTopWidth"),
        cardBg: css(".host-own .card", "backgroundColor"),
        button: css("#host-button", "backgroundColor"),
        buttonBorder: css("#host-button", "borderTopStyle"),
        input: css("#host-input", "borderTopWidth"),
        vh: css("#host-vh", "position"),
        summary: css("#host-summary", "borderTopWidth"),
        bodyFont: css("body", "fontFamily"),
        sheets: document.adoptedStyleSheets.length,
        styleElements: document.querySelectorAll("style").length,
      };
    });
    assert.deepEqual(outside, {
      hint: "rgb(0, 128, 0)",
      card: "7px",
      cardBg: "rgba(0, 0, 0, 0)",
      button: "rgb(255, 105, 180)",
      buttonBorder: "dashed",
      input: "5px",
      vh: "static",
      summary: "7px",
      bodyFont: 'Georgia, "Times New Roman", serif',
      sheets: 0,
      styleElements: 0,
    });

    const themed = await page.evaluate(() => {
      const root = document.querySelector("#b").shadowRoot;
      const css = (sel, prop) =>
        getComputedStyle(root.querySelector(sel))[prop];
      return {
        accent: css("button.secondary", "color"),
        radius: css("button.secondary", "borderTopLeftRadius"),
        size: css(".yidi", "fontSize"),
        summaryBorder: css('[part~="summary"]', "borderTopColor"),
      };
    });
    assert.deepEqual(themed, {
      accent: "rgb(122, 31, 31)",
      radius: "0px",
      size: "18px",
      summaryBorder: "rgb(122, 31, 31)",
    });
  });
});

test("the locale attribute switches the language without losing what was typed", async () => {
  await withHost("host/host.html", async (page) => {
    await ready(page, "a");
    const total = page
      .locator("#a")
      .getByLabel("總費用（元）", { exact: true });
    await total.fill("45678");
    await page
      .locator('#a [data-testid="result-ready"][aria-busy="false"]')
      .waitFor();
    const before = await fund(page, "a");
    await page.evaluate(() =>
      document.querySelector("#a").setAttribute("locale", "en"),
    );
    const en = page
      .locator("#a")
      .getByLabel("Total cost (yuan)", { exact: true });
    assert.equal(await en.inputValue(), "45678");
    await ready(page, "a");
    assert.equal(await fund(page, "a"), before);
    assert.match(
      await page.locator('#a [data-testid="settlement-card"]').textContent(),
      /Direct settlement/,
    );
    await page.evaluate(() =>
      document.querySelector("#a").setAttribute("locale", "zh-Hans"),
    );
    assert.equal(
      await page
        .locator("#a")
        .getByLabel("总费用（元）", { exact: true })
        .inputValue(),
      "45678",
    );
    // The default places can change after the fact, too (a name or a code).
    await page.evaluate(() =>
      document.querySelector("#a").setAttribute("treated-region", "420100"),
    );
    await ready(page, "a");
    assert.equal(
      await page
        .locator('#a [data-testid="filing-card"]')
        .getAttribute("data-reason"),
      "same_region",
    );
  });
});

test("a broken or missing policies file is explained plainly, in the element's language", async () => {
  await withHost(
    "host/host.html",
    async (page) => {
      await ready(page, "a");
      await page.evaluate(() => {
        // The host hears of it (helper-49: no event told it).
        window.yidiErrors = [];
        document.addEventListener("yidi-error", (ev) =>
          window.yidiErrors.push([ev.target.id, ev.detail.code]),
        );
        for (const [id, locale, policies] of [
          ["broken", "en", "/host/policies-broken.json"],
          ["missing", "zh-Hant", "/host/no-such-file.json"],
        ]) {
          const el = document.createElement("yidi-calculator");
          Object.assign(el, { id });
          el.setAttribute("locale", locale);
          el.setAttribute("policies", policies);
          document.querySelector("main").append(el);
        }
      });
      const broken = page.locator('#broken [role="alert"]');
      await broken.waitFor();
      const text = await broken.textContent();
      assert.match(text, /policies-broken\.json has 2 problem/);
      assert.match(text, /schedules\[0\]\.versions\[0\]\.sources\[0\]/);
      assert.match(text, /has no source, or its source is not defined/);
      const missing = page.locator('#missing [role="alert"]');
      await missing.waitFor();
      assert.match(
        await missing.textContent(),
        /無法讀取政策資料檔案 .*no-such-file\.json（HTTP 404）/,
      );
      assert.deepEqual((await page.evaluate(() => window.yidiErrors)).sort(), [
        ["broken", "invalid_policies"],
        ["missing", "policies_unavailable"],
      ]);
      // The other instances carry on.
      assert.equal(await fund(page, "a"), "17049.60");
    },
    { expectErrors: [/404/] },
  );
});

test("the iframe fallback reports its height and the host frame follows it", async () => {
  const ours = new URL(BASE_URL).origin;
  await withHost(
    `host/host-iframe.html?calc=${encodeURIComponent(ours)}`,
    async (page) => {
      const frame = page.frameLocator("#calc");
      await frame
        .locator('[data-testid="result-ready"]')
        .waitFor({ timeout: 15_000 });
      await frame.getByLabel("Total cost (yuan)", { exact: true }).waitFor();
      const heights = async () => {
        const inner = await page
          .frame({ url: /embed\.html/ })
          .evaluate(() =>
            Math.ceil(document.documentElement.getBoundingClientRect().height),
          );
        const outer = await page.evaluate(() =>
          Math.round(
            document.querySelector("#calc").getBoundingClientRect().height,
          ),
        );
        return { inner, outer };
      };
      const match = async () => {
        for (let i = 0; i < 50; i++) {
          const h = await heights();
          if (h.inner > 300 && Math.abs(h.inner - h.outer) <= 4) return h;
          await page.waitForTimeout(100);
        }
        return heights();
      };
      const first = await match();
      assert.ok(
        first.inner > 300 && Math.abs(first.inner - first.outer) <= 4,
        JSON.stringify(first),
      );
      // Opening the extra fields makes the calculator taller: the frame grows with it.
      await frame.locator("details.more > summary").click();
      const grown = await match();
      assert.ok(
        grown.outer > first.outer,
        `${JSON.stringify(first)} → ${JSON.stringify(grown)}`,
      );
    },
    { allowOrigins: [ours] },
  );
});

test("the JavaScript API: estimate, verdict, typed errors, one calculator per policies URL", async () => {
  await withHost(
    "host/host-api.html",
    async (page) => {
      const out = page.locator("#out");
      await page.waitForFunction(
        () => document.querySelector("#out").textContent !== "",
      );
      const r = JSON.parse(await out.textContent());
      assert.deepEqual(r, {
        fund: "17049.60",
        ours: "16872.00",
        oursVersion: "insurer-2026.1",
        sameInstance: true,
        verdict: "direct",
        regions: r.regions,
        error: {
          code: "negative_amount",
          path: "bill.total",
          zh_hant: "總費用不能為負數",
          en: "Total cost cannot be negative",
        },
        broken: {
          code: "invalid_policies",
          count: 2,
          first: "schedules[0].versions[0].sources[0]",
        },
        missing: {
          code: "policies_unavailable",
          en: `The policies file ${host.url}host/no-such-file.json could not be read (HTTP 404)`,
        },
      });
      assert.ok(r.regions >= 31);
    },
    { expectErrors: [/404/] },
  );
});

test("a host's place that names no region: the person is asked to choose, not greeted with an error", async () => {
  const opened = await openPage(
    browser,
    new URL("embed.html?insured-region=火星&locale=zh-Hans", BASE_URL).href,
  );
  try {
    const { page } = opened;
    const root = page.locator("yidi-calculator");
    await root.locator('[data-testid="empty-result"]').waitFor();
    assert.equal(
      await root.locator(".field-error:visible").count(),
      0,
      "no error before the person acts",
    );
    // … but the place is said not found beside its search, which keeps it (helper-39: an empty city without a word).
    const search = root.getByLabel("搜索参保地（城市名称或代码）", {
      exact: true,
    });
    assert.equal(await search.inputValue(), "火星");
    assert.match(
      await root.locator(".search-hint:visible").first().textContent(),
      /没有找到“火星”/,
    );
    // A province, by its name or its code: chosen, and the city asked for (helper-41: 420000 said nothing, 湖北 "not
    // found"); a blank value says nothing.
    for (const [value, said] of [
      ["湖北", /湖北省有多个医保统筹区/],
      ["420000", /湖北省有多个医保统筹区/],
      [" ", null],
    ]) {
      await page.goto(
        new URL(
          `embed.html?insured-region=${encodeURIComponent(value)}&locale=zh-Hans`,
          BASE_URL,
        ).href,
      );
      await root
        .locator('[data-testid="empty-result"], [data-testid="result"]')
        .first()
        .waitFor();
      const hint = root.locator(".search-hint:visible");
      if (said) assert.match(await hint.first().textContent(), said, value);
      else assert.equal(await hint.count(), 0, "a blank value");
    }
    // A name the core reads, with its province in English (helper-42: "Nothing found for 'Jiangxi Fuzhou'").
    await page.goto(
      new URL(
        "embed.html?insured-region=Jiangxi%20Fuzhou&locale=zh-Hans",
        BASE_URL,
      ).href,
    );
    const city = root.getByLabel("参保地城市", { exact: true });
    for (let i = 0; i < 50 && (await city.inputValue()) !== "361000"; i++)
      await page.waitForTimeout(100);
    assert.equal(await city.inputValue(), "361000");
    // Back to the place that names none: the missing fields are asked for.
    await page.goto(
      new URL("embed.html?insured-region=火星&locale=zh-Hans", BASE_URL).href,
    );
    await root.locator('[data-testid="empty-result"]').waitFor();
    await root.locator('[data-testid="show-missing"]').click();
    await root.locator(".field-error:visible").first().waitFor();
    assert.match(
      await root.locator(".field-error:visible").first().textContent(),
      /参保地/,
    );
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

test("starting one's own case keeps the host's places, and the host hears that the result is gone", async () => {
  await withHost("host/host.html", async (page) => {
    await ready(page, "b");
    await page.evaluate(() => {
      window.gone = [];
      document.addEventListener("yidi-no-result", (e) =>
        window.gone.push({ id: e.target.id, ...e.detail }),
      );
    });
    await page
      .locator("#b")
      .getByRole("button", { name: "Enter my own instead" })
      .first()
      .click();
    await page.locator('#b [data-testid="empty-result"]').waitFor();
    const places = await page
      .locator("#b")
      .evaluate((el) => [
        el.shadowRoot.querySelector("[name=ir]").value,
        el.shadowRoot.querySelector("[name=vr]").value,
      ]);
    assert.deepEqual(
      places,
      ["420100", "440300"],
      "the host's 武汉 and 深圳 stay",
    );
    assert.deepEqual(await page.evaluate(() => window.gone), [
      { id: "b", status: "empty", locale: "en" },
    ]);
  });
});

test("a new layout keeps the worked example an example (helper-77: its filing and bill became the person's)", async () => {
  await withHost("host/host.html", async (page) => {
    await ready(page, "a");
    await page.evaluate(() => {
      window.layoutHeard = [];
      document
        .querySelector("#a")
        .addEventListener("yidi-estimate", (e) =>
          window.layoutHeard.push(e.detail.example),
        );
      document.querySelector("#a").setAttribute("layout", "compact");
    });
    await page.waitForFunction(() => window.layoutHeard.length > 0, null, {
      timeout: 15_000,
    });
    assert.deepEqual(
      await page.evaluate(() => window.layoutHeard),
      [true],
      "still the example after the layout changed",
    );
  });
});
