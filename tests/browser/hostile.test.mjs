// Hostile and odd input never crashes the page, the widget or the API (issue 9): crafted links, a policies file with
// source addresses that are not web pages, numbers that are not finite, and a core that traps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, openPage } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const READY = '#result[data-testid="result-ready"][aria-busy="false"]';
const IDLE = '#result[aria-busy="false"]';
/** What a wasm trap or a JavaScript engine says; none of it may reach the reader. */
const RAW =
  /unreachable|memory access|out of bounds|RuntimeError|WebAssembly|TypeError|is not a function|Cannot read|\bundefined\b|\[object|null pointer/i;

/** The README's example query (fixtures/query.json), parsed. */
const fixtureQuery = async () =>
  JSON.parse(
    await readFile(new URL("./fixtures/query.json", import.meta.url), "utf8"),
  );

const b64url = (text) =>
  Buffer.from(text, "utf8")
    .toString("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const link = (json) => `#q=${b64url(json)}`;

/** Links that cannot be read: wrong types, wrong shapes, too big, not JSON, not base64, bad percent-encoding. */
const UNREADABLE = {
  "an object where a string belongs": link('{"v":1,"ir":{"toString":1}}'),
  "an object in a bill line": link('{"v":1,"bm":"lines","lines":[[{"a":1}]]}'),
  "a line that is not a list": link('{"v":1,"bm":"lines","lines":["x"]}'),
  "lines that are an object": link('{"v":1,"lines":{"length":5}}'),
  "an override that is an object": link('{"v":1,"ov":{"deductible":{}}}'),
  "an unknown override": link('{"v":1,"ov":{"__proto__":"1","x":"2"}}'),
  "overrides as an array": link('{"v":1,"ov":["800"]}'),
  "a number where a string belongs": link('{"v":1,"bt":30000}'),
  "null where a string belongs": link('{"v":1,"ir":null}'),
  "a flag that is a string": link('{"v":1,"nw":"yes"}'),
  "an array": link("[1,2,3]"),
  "a number": link("42"),
  null: link("null"),
  "another version": link('{"v":2,"ir":"420100"}'),
  "a huge string": link(`{"v":1,"bt":"${"9".repeat(100_000)}"}`),
  "too many lines": link(
    JSON.stringify({ v: 1, bm: "lines", lines: Array(1001).fill(["", "1"]) }),
  ),
  "invalid JSON": link('{"v":1,"ir":'),
  "not base64": "#q=!!!not-base64!!!",
  "truncated base64": "#q=e",
  "invalid percent-encoding": "#q=%E0%A4%A",
  "a lone percent sign": "#q=%",
  "percent-encoded garbage": "#q%3D%FF%FE",
};

test("a crafted link never breaks the page: it says the link could not be read and shows the example", async () => {
  const opened = await openPage(browser, "/");
  const { page } = opened;
  try {
    await page.waitForSelector(READY, { timeout: 15_000 });
    const example = await page
      .locator('[data-testid="fund-pays"]')
      .textContent();
    assert.equal(example, "17049.60");
    for (const [what, hash] of Object.entries(UNREADABLE)) {
      await page.goto("about:blank");
      await page.goto(new URL(`/${hash}`, opened.url).href);
      await page.waitForSelector(READY, { timeout: 15_000 });
      assert.equal(
        await page.locator("#page-status").textContent(),
        "链接中的数据无法读取，已显示示例。",
        what,
      );
      assert.equal(
        await page.locator('[data-testid="fund-pays"]').textContent(),
        example,
        `${what}: the example`,
      );
      assert.match(
        page.url(),
        /#(q=[A-Za-z0-9_-]+&)?l=(zh-Hans|zh-Hant|en)$/,
        `${what}: a good link (the example's: its language alone)`,
      );
      assert.doesNotMatch(await page.locator("body").innerText(), RAW, what);
    }
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("odd values that do read (unknown choices, bad dates, letters in amounts) give errors at their fields, never a busy result", async () => {
  const opened = await openPage(browser, "/");
  const { page } = opened;
  try {
    await page.waitForSelector(READY, { timeout: 15_000 });
    for (const state of [
      { v: 1, ir: "999999", vr: "440300", bt: "1" },
      { v: 1, ir: "420100", vr: "440300", vk: "bogus", sc: "x", lv: "?" },
      { v: 1, ir: "420100", vr: "440300", ad: "2025-13-45", bt: "abc" },
      { v: 1, ir: "420100", vr: "440300", bm: "lines", lines: [[]] },
      { v: 1, ir: "420100", vr: "440300", ov: { ratio: "200%" }, bt: "1e999" },
      { v: 1, ir: "<img src=x onerror=alert(1)>", vr: "440300", bt: "1" },
    ]) {
      const what = JSON.stringify(state);
      await page.goto("about:blank");
      await page.goto(
        new URL(`/${link(JSON.stringify(state))}`, opened.url).href,
      );
      await page.waitForSelector(IDLE, { timeout: 15_000 });
      assert.equal(await page.locator("#page-status").textContent(), "", what);
      assert.doesNotMatch(await page.locator("body").innerText(), RAW, what);
      assert.equal(await page.locator("img").count(), 0, what);
    }
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("a link's date that is no date, or a choice the form does not offer, is objected to beside its own field", async () => {
  // helper-47: ad 2026-02-30 emptied 入院日期 and blamed 出院日期; fc "bogus" was taken as 未备案 without a word.
  const opened = await openPage(browser, "/");
  const { page } = opened;
  try {
    await page.waitForSelector(READY, { timeout: 15_000 });
    const base = {
      v: 1,
      ir: "420100",
      sc: "employee",
      st: "retired",
      vr: "310000",
      vk: "inpatient",
      lv: "tertiary",
      bt: "30000",
    };
    for (const [patch, field, said] of [
      [
        { ad: "2026-02-30", dc: "2026-03-05" },
        "入院日期",
        /入院日期.*(不是有效日期|无效)/,
      ],
      [{ ad: "abc" }, "入院日期", /入院日期.*(不是有效日期|无效)/],
      [
        { ad: "2026-02-01", dc: "2026-02-30" },
        "出院日期",
        /出院日期.*(不是有效日期|无效)/,
      ],
      [{ fc: "bogus" }, "备案情况", /备案.*(取值无效|无效)/],
    ]) {
      const what = JSON.stringify(patch);
      await page.goto("about:blank");
      await page.goto(
        new URL(`/${link(JSON.stringify({ ...base, ...patch }))}`, opened.url)
          .href,
      );
      await page.waitForSelector(IDLE, { timeout: 15_000 });
      const input = page.getByLabel(field, { exact: true });
      assert.equal(await input.getAttribute("aria-invalid"), "true", what);
      const id = await input.getAttribute("aria-describedby");
      const text = await page
        .locator(`[id="${id?.split(" ")[0]}"]`)
        .innerText();
      assert.match(text, said, what);
      // No result yet: the result's place says so too, with a way to the field (helper-49: it said "fill in the form").
      assert.match(
        await page.getByTestId("empty-result").innerText(),
        /需要改正/,
        what,
      );
      await page.getByTestId("go-to-fix").click();
      assert.equal(
        await page.evaluate(() =>
          document.activeElement?.getAttribute("aria-invalid"),
        ),
        "true",
        what,
      );
    }
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("a crafted link followed in an open page leaves the form as it was, and says so in the page's language", async () => {
  const opened = await openPage(browser, "/", {
    contextOptions: { locale: "en-US" },
  });
  const { page } = opened;
  try {
    await page.waitForSelector(READY, { timeout: 15_000 });
    await page.getByLabel("Total cost (yuan)", { exact: true }).fill("40000");
    await page.waitForSelector(READY);
    const before = await page
      .locator('[data-testid="fund-pays"]')
      .textContent();
    for (const hash of Object.values(UNREADABLE).slice(0, 8)) {
      await page.evaluate((h) => {
        location.hash = h;
      }, hash);
      await page.waitForFunction(
        () => document.querySelector("#page-status").textContent !== "",
      );
      assert.equal(
        await page.locator("#page-status").textContent(),
        "The data in the link could not be read; the page stays as it was.",
      );
      await page.waitForSelector(READY);
      assert.equal(
        await page.locator('[data-testid="fund-pays"]').textContent(),
        before,
      );
    }
    // A crafted link opened fresh, in English.
    await page.goto("about:blank");
    await page.goto(new URL(`/${UNREADABLE.null}`, opened.url).href);
    await page.waitForSelector(READY, { timeout: 15_000 });
    assert.equal(
      await page.locator("#page-status").textContent(),
      "The data in the link could not be read; showing the example instead.",
    );
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("source addresses from a policies file are links only when they are http(s)", async () => {
  const policies = JSON.parse(
    await readFile(new URL("../../policies.json", import.meta.url), "utf8"),
  );
  const hostile = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative/page.html",
    "policies.md",
    "//example.org/scheme-relative",
    "ftp://example.org/file",
  ];
  const web = ["https://example.org/fine", "http://example.org/also-fine"];
  /** Title ("src7") → the address the file gives it; every other source is hostile. */
  const urls = {};
  Object.values(policies.sources).forEach((s, i) => {
    s.title = `src${i}`;
    s.url =
      i % 2 ? web[i % web.length] : hostile[((i / 2) % hostile.length) | 0];
    urls[s.title] = s.url;
  });
  const body = JSON.stringify(policies);
  const serve = async ({ context }) => {
    await context.route(
      (url) => url.pathname === "/hostile-policies.json",
      (route) => route.fulfill({ contentType: "application/json", body }),
    );
  };
  /** Every listed source under `root`: its title and its link, if any. */
  const listed = (root) =>
    root.evaluate((r) =>
      [...(r.shadowRoot ?? r).querySelectorAll(".sources li")].map((li) => ({
        title: /src\d+/.exec(li.textContent)?.[0],
        href: li.querySelector("a")?.getAttribute("href") ?? null,
        links: li.querySelectorAll("a").length,
      })),
    );
  const check = (items, where) => {
    assert.ok(items.length > 0, `${where}: sources are listed`);
    let links = 0;
    let plain = 0;
    for (const { title, href, links: n } of items) {
      const url = urls[title];
      assert.ok(url !== undefined, `${where}: ${title} is one of the file's`);
      if (/^https?:\/\//.test(url)) {
        assert.equal(href, url, `${where}: ${title} links to ${url}`);
        links += 1;
      } else {
        assert.equal(n, 0, `${where}: ${title} (${url}) is plain text`);
        plain += 1;
      }
    }
    assert.ok(
      links > 0 && plain > 0,
      `${where}: ${links} links, ${plain} plain`,
    );
  };

  // The widget (embed.html) with the policies attribute.
  const opened = await openPage(
    browser,
    "/embed.html?layout=full&policies=/hostile-policies.json",
    { beforeNavigate: serve },
  );
  try {
    const { page } = opened;
    const host = page.locator("yidi-calculator");
    await host
      .locator('[data-testid="result-ready"][aria-busy="false"]')
      .waitFor({ timeout: 20_000 });
    check(await listed(host), "the widget");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }

  // createCalculator({ policies }) with the parsed object, rendered by calculator-ui.js into a page of the host's.
  const second = await openPage(browser, "/embed.html?layout=full", {
    beforeNavigate: serve,
  });
  try {
    const { page } = second;
    await page
      .locator("yidi-calculator")
      .locator('[data-testid="result-ready"]')
      .waitFor({ timeout: 20_000 });
    await page.evaluate(async (text) => {
      const { createCalculator } = await import("/yidi.mjs");
      const { mount } = await import("/calculator-ui.js");
      const calc = await createCalculator({ policies: JSON.parse(text) });
      const box = document.createElement("div");
      box.id = "mine";
      document.body.append(box);
      mount(box, { calc, locale: "zh-Hans", layout: "full", idPrefix: "x-" });
    }, body);
    check(await listed(page.locator("#mine")), "createCalculator");
    assert.deepEqual(second.consoleErrors, [], "no console errors");
  } finally {
    await second.close();
  }
});

test("a policies object JSON cannot write (a cycle, a BigInt) is refused as invalid_policies, not a bare TypeError", async () => {
  // helper-49: "Converting circular structure to JSON" with no code or messages; and url "object".
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    await page.waitForSelector(READY, { timeout: 15_000 });
    const got = await page.evaluate(async () => {
      const { createCalculator } = await import("/yidi.mjs");
      const cyclic = { version: "x" };
      cyclic.self = cyclic;
      const out = [];
      for (const policies of [cyclic, { version: 1n }, { version: 1 }]) {
        try {
          await createCalculator({ policies });
          out.push("made");
        } catch (e) {
          out.push({
            code: e.code,
            en: e.messages?.en ?? null,
            url: e.url ?? null,
          });
        }
      }
      return out;
    });
    for (const e of got) {
      assert.equal(e.code, "invalid_policies", JSON.stringify(got));
      assert.equal(e.url, null, JSON.stringify(got));
    }
    assert.match(got[0].en, /cycle/);
  } finally {
    await opened.close();
  }
});

test("the API refuses numbers that are not finite instead of reading them as absent", async () => {
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    const query = await fixtureQuery();
    const r = await page.evaluate(async (q) => {
      const { createCalculator } = await import("/yidi.mjs");
      const calc = await createCalculator();
      const attempt = (change) => {
        const query = structuredClone(q);
        change(query);
        try {
          calc.estimate(query);
          return "accepted";
        } catch (e) {
          return { code: e.code, path: e.path };
        }
      };
      return {
        nan: attempt((x) => (x.bill.total = NaN)),
        parsed: attempt((x) => (x.bill.total = parseFloat(""))),
        inf: attempt((x) => (x.bill.out_of_catalogue = Infinity)),
        negInf: attempt((x) => (x.bill.total = -Infinity)),
        boxed: attempt((x) => (x.bill.total = new Number(NaN))),
        age: attempt((x) => {
          x.insured.scheme = "resident";
          delete x.insured.status;
          x.insured.age = NaN;
        }),
        history: attempt((x) => (x.history = { fund_paid: Infinity })),
        verdict: (() => {
          try {
            calc.verdict({ ...q, bill: { total: NaN } });
            return "accepted";
          } catch (e) {
            return { code: e.code, path: e.path };
          }
        })(),
        fine: calc.estimate(q).fund_pays,
      };
    }, query);
    assert.deepEqual(r, {
      nan: { code: "invalid_amount", path: "bill.total" },
      parsed: { code: "invalid_amount", path: "bill.total" },
      inf: { code: "invalid_amount", path: "bill.out_of_catalogue" },
      negInf: { code: "invalid_amount", path: "bill.total" },
      boxed: { code: "invalid_amount", path: "bill.total" },
      age: { code: "invalid_value", path: "insured.age" },
      history: { code: "invalid_amount", path: "history.fund_paid" },
      verdict: r.verdict,
      fine: "17049.60",
    });
    assert.notEqual(r.verdict, "accepted", "verdict reads the bill too");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("the API answers deep and huge values with a typed error at their path, quickly (the glue's bounded debug text)", async () => {
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    const query = await fixtureQuery();
    const r = await page.evaluate(async (q) => {
      const { createCalculator } = await import("/yidi.mjs");
      const calc = await createCalculator();
      const nested = (n) => {
        const top = [];
        let a = top;
        for (let i = 0; i < n; i++) a = a[0] = [];
        return top;
      };
      const attempt = (change) => {
        const query = structuredClone(q);
        change(query);
        const t0 = performance.now();
        try {
          calc.estimate(query);
          return { result: "accepted" };
        } catch (e) {
          return {
            code: e.code,
            path: e.path,
            zh: e.messages?.zh,
            en: e.messages?.en,
            ms: performance.now() - t0,
          };
        }
      };
      return {
        deepLine: attempt((x) => (x.bill.lines = [nested(100_000)])),
        deepKey: attempt((x) => (x.bill.lines = [[nested(100_000), 1]])),
        hugeLine: attempt(
          (x) => (x.bill.lines = [new Array(1_000_000).fill(7)]),
        ),
        hugeObject: attempt((x) => {
          const o = {};
          for (let i = 0; i < 100_000; i++) o[`k${i}`] = { v: "x".repeat(10) };
          x.insured.region = [o];
        }),
        unknownInLine: attempt(
          (x) => (x.bill.lines = [{ amount: 1, category: "a" }]),
        ),
        // More text than JavaScript can join into one string (helper-59: a RangeError outside the walk's guard made
        // it core_failed and a restart); the language is read first, whatever comes after it.
        hugeText: attempt((x) => {
          const s = "7".repeat(110e6);
          x.bill = {
            lines: [1, 2, 3, 4, 5].map(() => ({
              amount: "1",
              class: "A",
              name: s,
            })),
          };
          delete x.locale;
          x.locale = "en";
        }),
        fine: calc.estimate(q).fund_pays,
      };
    }, query);
    for (const [name, e] of Object.entries(r)) {
      if (name === "fine") continue;
      assert.ok(e.code, `${name}: a typed error, not ${JSON.stringify(e)}`);
      assert.ok(e.ms < 1000, `${name}: answered in ${e.ms} ms`);
      assert.doesNotMatch(e.zh ?? e.en, RAW, `${name}: no engine text`);
    }
    assert.deepEqual(
      [
        r.deepLine.code,
        r.deepLine.path,
        r.deepKey.path,
        r.hugeLine.path,
        r.hugeObject.path,
      ],
      [
        "invalid_value",
        "bill.lines[0]",
        "bill.lines[0]",
        "bill.lines[0]",
        "insured.region",
      ],
    );
    // A key no type declares is named as written, not with the label of another field of the same name.
    assert.equal(r.unknownInLine.code, "unknown_field");
    assert.equal(r.unknownInLine.path, "bill.lines[0].category");
    assert.match(r.unknownInLine.zh, /bill\.lines\[0\]\.category/);
    assert.doesNotMatch(r.unknownInLine.zh, /备案类别/);
    assert.equal(r.hugeText.code, "invalid_value");
    assert.equal(r.hugeText.path, "bill.lines[0].name");
    assert.equal(r.hugeText.zh, undefined, "in the query's language only");
    assert.equal(r.fine, "17049.60");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("strings from the core arrive whole: one- to four-byte characters, short and long (the glue's own decoder)", async () => {
  const opened = await openPage(browser, "/");
  try {
    const query = await fixtureQuery();
    // An unknown key comes back in the error's path: short ones through the glue's decoder for short strings
    // (xtask/src/glue.rs), a long one through TextDecoder.
    const keys = ["é", "字段", "😀", "a😀字é𠮷b", `长${"键😀".repeat(40)}`];
    const r = await opened.page.evaluate(
      async ({ q, keys }) => {
        const { createCalculator } = await import("/yidi.mjs");
        const calc = await createCalculator();
        return keys.map((k) => {
          try {
            calc.estimate({ ...q, bill: { ...q.bill, [k]: 1 } });
            return "accepted";
          } catch (e) {
            return { code: e.code, path: e.path };
          }
        });
      },
      { q: query, keys },
    );
    assert.deepEqual(
      r,
      keys.map((k) => ({ code: "unknown_field", path: `bill.${k}` })),
    );
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

/**
 * Makes the next call of `method` (estimate, analyze …) of the core trap, for real (the instance pointer moved outside
 * the wasm memory: "memory access out of bounds") or as a synthetic WebAssembly.RuntimeError("unreachable"). `instance` is the module instance
 * in use: 0 for the page's, n after n restarts (yidi.mjs imports the glue again as pkg/yidi.js?instance=n).
 */
async function trapNext(
  page,
  { method = "estimate", instance = 0, real = true } = {},
) {
  await page.evaluate(
    async ({ method, instance, real }) => {
      const url = instance
        ? `/pkg/yidi.js?instance=${instance}`
        : "/pkg/yidi.js";
      const proto = (await import(url)).Calculator.prototype;
      const original = proto[method];
      proto[method] = function (query) {
        proto[method] = original;
        if (!real) throw new WebAssembly.RuntimeError("unreachable");
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0x7ffffff0;
        try {
          return original.call(this, query);
        } finally {
          this.__wbg_ptr = ptr;
        }
      };
    },
    { method, instance, real },
  );
}

test("a core that traps: the API throws core_failed, restarts the core, and later calls work", async () => {
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    await page.waitForSelector(READY, { timeout: 15_000 });
    const query = await fixtureQuery();
    await trapNext(page);
    const r = await page.evaluate(async (q) => {
      const { createCalculator } = await import("/yidi.mjs");
      const calc = await createCalculator();
      const attempt = (f) => {
        try {
          return f();
        } catch (e) {
          return {
            code: e.code,
            path: e.path,
            en: e.messages?.en,
            cause: String(e.cause?.name ?? e.cause),
          };
        }
      };
      const trapped = attempt(() => calc.estimate(q).fund_pays);
      const during = attempt(() => calc.estimate(q).fund_pays);
      await calc.ready();
      const afterwards = attempt(() => calc.estimate(q).fund_pays);
      const typed = attempt(() => calc.estimate({ ...q, bill: { total: -1 } }));
      const same = calc === (await createCalculator());
      return { trapped, during, afterwards, typed, same };
    }, query);
    assert.equal(r.trapped.code, "core_failed");
    assert.equal(r.trapped.path, "");
    assert.equal(r.trapped.cause, "RuntimeError");
    assert.doesNotMatch(r.trapped.en, RAW);
    assert.equal(r.during.code, "core_restarting");
    assert.equal(r.afterwards, "17049.60");
    assert.equal(r.typed.code, "negative_amount");
    assert.equal(r.typed.path, "bill.total");
    assert.ok(r.same, "one calculator per page, restarted in place");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("a language or a date the API does not read is a typed error at that argument, not an answer in another language or the whole list", async () => {
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    await page.waitForSelector(READY, { timeout: 15_000 });
    const r = await page.evaluate(async () => {
      const { createCalculator } = await import("/yidi.mjs");
      const calc = await createCalculator();
      const attempt = (f) => {
        try {
          return f();
        } catch (e) {
          return { code: e.code, path: e.path };
        }
      };
      const bill = { total: 1000, class_b: 100 };
      return {
        fr: attempt(() => calc.linesFromTotals(bill, "fr")),
        en: calc.linesFromTotals(bill, "en").map((l) => l.name),
        bogus: attempt(() => calc.diseases("bogus")),
        feb30: attempt(() => calc.diseases("2023-02-30")),
        all: calc.diseases().length,
        empty: calc.diseases("").length,
        early: calc.diseases("2020-01-01").length,
      };
    });
    assert.deepEqual(r.fr, { code: "invalid_value", path: "locale" });
    assert.ok(
      r.en.every((n) => /^[\x20-\x7e]+$/.test(n)),
      `English names: ${r.en}`,
    );
    assert.deepEqual(r.bogus, { code: "invalid_date", path: "on" });
    assert.deepEqual(r.feb30, { code: "invalid_date", path: "on" });
    assert.ok(r.all >= 5, "every disease when no date is given");
    assert.equal(r.empty, r.all, "an empty date is no date");
    assert.ok(r.early < r.all, "fewer on an early date");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("the caller's own code throwing while the core reads a query (a getter, a Proxy, a toString) is a typed error at that part, and the core goes on", async () => {
  const opened = await openPage(browser, "/");
  try {
    const { page } = opened;
    await page.waitForSelector(READY, { timeout: 15_000 });
    const query = await fixtureQuery();
    const r = await page.evaluate(async (q) => {
      const { createCalculator } = await import("/yidi.mjs");
      const calc = await createCalculator();
      const attempt = (f) => {
        try {
          return f();
        } catch (e) {
          return { code: e.code, path: e.path, messages: e.messages };
        }
      };
      const boom = () => {
        throw new Error("boom");
      };
      const getter = attempt(() =>
        calc.estimate({
          ...q,
          locale: "en",
          bill: Object.defineProperty({}, "total", {
            get: boom,
            enumerable: true,
          }),
        }),
      );
      const proxy = attempt(() =>
        calc.analyze({ ...q, visit: new Proxy(q.visit, { get: boom }) }),
      );
      const region = attempt(() => calc.region({ toString: boom }));
      const next = attempt(() => calc.estimate(q).fund_pays);
      return { getter, proxy, region, next };
    }, query);
    assert.equal(r.getter.code, "invalid_value");
    assert.equal(r.getter.path, "bill.total");
    assert.deepEqual(
      Object.keys(r.getter.messages),
      ["en"],
      "in the language asked",
    );
    assert.equal(r.proxy.code, "invalid_value");
    assert.match(r.proxy.path, /^visit/);
    assert.equal(r.region.code, "invalid_value");
    assert.equal(
      r.next,
      "17049.60",
      "no restart: the next call is answered at once",
    );
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

for (const [where, path] of [
  ["the page", "/"],
  ["the widget", "/embed.html?layout=full"],
]) {
  test(`${where}: a core that traps shows a plain message, no trap text, and the next edit computes again`, async () => {
    const opened = await openPage(browser, path);
    try {
      const { page } = opened;
      const root =
        path === "/" ? page.locator("body") : page.locator("yidi-calculator");
      const ready = root.locator(
        '[data-testid="result-ready"][aria-busy="false"]',
      );
      await ready.waitFor({ timeout: 20_000 });
      const total = root.getByLabel("总费用（元）", { exact: true });
      for (const [instance, trap] of ["real", "synthetic"].entries()) {
        // The page asks the core once per change, with analyze.
        await trapNext(page, {
          method: "analyze",
          instance,
          real: trap === "real",
        });
        await total.fill("40000");
        const alert = root.locator('.field-error[role="alert"]');
        await alert.first().waitFor({ timeout: 10_000 });
        await root
          .locator('.result[aria-busy="false"], #result[aria-busy="false"]')
          .first()
          .waitFor();
        assert.match(
          await alert.first().textContent(),
          /计算出错了（计算器内部错误），已自动重新启动/,
          trap,
        );
        const shown = await root.evaluate(
          (el) => (el.shadowRoot ?? el).textContent,
        );
        assert.doesNotMatch(shown, RAW, `${trap}: no raw trap text`);
        // The next edit computes on a fresh core: the README's example again.
        await total.fill("30000");
        await ready.waitFor({ timeout: 10_000 });
        assert.equal(
          await root.locator('[data-testid="fund-pays"]').textContent(),
          "17049.60",
          trap,
        );
        assert.equal(await alert.count(), 0, `${trap}: the message went`);
      }
      assert.deepEqual(opened.consoleErrors, [], "no console errors");
    } finally {
      await opened.close();
    }
  });
}
