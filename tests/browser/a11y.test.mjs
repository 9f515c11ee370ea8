// Accessibility in real headless Chromium: axe-core (pinned in package.json) on the page and on the widget in all
// three languages, with no serious or critical violation allowed; keyboard-only journeys from the first field to a
// result with a visible focus at every stop; text at 200% without sideways scrolling.
//
// axe is injected with an init script (the pages' CSP forbids inline scripts, and bypassing the CSP would test
// something else than what users get).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, openPage } from "./lib.mjs";
import { startHost } from "./host-server.mjs";
import { ganzhouInShanghaiLink } from "./form.mjs";

const AXE = await readFile(
  new URL("./node_modules/axe-core/axe.min.js", import.meta.url),
  "utf8",
);
const LOCALES = ["zh-Hans", "zh-Hant", "en"];

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

async function open(path, { width = 1280, height = 900, scale = 1 } = {}) {
  return openPage(browser, path, {
    contextOptions: {
      viewport: { width, height },
      deviceScaleFactor: scale,
    },
    beforeNavigate: ({ context }) => context.addInitScript({ content: AXE }),
  });
}

/** Serious and critical axe violations within `include` (CSS selectors; shadow roots are searched). */
async function violations(page, include) {
  const found = await page.evaluate(async (include) => {
    const context = include ? { include: include.map((s) => [s]) } : document;
    const r = await window.axe.run(context, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  }, include);
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** The page again with the browser's default font at `px` (a phone's own large text), settled. */
async function withDefaultFont(page, px) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.setFontSizes", {
    fontSizes: { standard: px, fixed: 26 },
  });
  await page.reload();
  await settledPage(page);
}

const settledPage = (page) =>
  page.waitForSelector(
    '#result[aria-busy="false"][data-testid="result-ready"]',
    {
      timeout: 15_000,
    },
  );

function clean(opened) {
  assert.deepEqual(
    opened.blockedRequests,
    [],
    "no request may leave the origin",
  );
  assert.deepEqual(opened.consoleErrors, [], "no console errors");
}

test("axe: the page in 简体中文, 繁體中文 and English has no serious or critical violations", async () => {
  const opened = await open("/");
  const { page } = opened;
  try {
    await settledPage(page);
    for (const locale of LOCALES) {
      await page.selectOption("#language", locale);
      await page.waitForSelector(`html[lang="${locale}"]`); // once its words have loaded
      await settledPage(page);
      assert.deepEqual(await violations(page), [], `page in ${locale}`);
    }
    // The error state too: a field in error, the stale result, the alert.
    await page.getByLabel("Total cost (yuan)", { exact: true }).fill("-1");
    await page.waitForSelector(
      '#result[data-testid="result-stale"][aria-busy="false"]',
    );
    assert.deepEqual(await violations(page), [], "page with an error");
    // And said to a screen reader: the amounts it last read no longer hold (helper-47).
    assert.match(await page.locator("#live").textContent(), /previous result/i);
    clean(opened);
  } finally {
    await opened.close();
  }
});

test("axe: the widget in each language, full and compact, on the host page has no serious or critical violations", async () => {
  const opened = await open(new URL("host/host.html", host.url).href);
  const { page } = opened;
  try {
    for (const locale of LOCALES) {
      await page.evaluate((locale) => {
        for (const el of document.querySelectorAll("yidi-calculator"))
          el.setAttribute("locale", locale);
      }, locale);
      for (const id of ["a", "b"]) {
        await page.locator(`#${id} .yidi[lang="${locale}"]`).waitFor(); // once its words have loaded
        await page
          .locator(`#${id} [data-testid="result-ready"][aria-busy="false"]`)
          .waitFor({ timeout: 15_000 });
      }
      assert.equal(
        await page.evaluate(
          () =>
            document.querySelector("#b").shadowRoot.querySelector(".yidi").lang,
        ),
        locale,
      );
      // The host page's own markup is the host's business; the calculators are ours.
      assert.deepEqual(
        await violations(page, ["#a", "#b"]),
        [],
        `widget in ${locale}`,
      );
    }
    clean(opened);
  } finally {
    await opened.close();
  }
});

/** The focused element, through shadow roots: its label, tag and whether its focus can be seen. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const root = el.getRootNode();
    const label =
      (el.id &&
        root.querySelector?.(`label[for="${CSS.escape(el.id)}"]`)
          ?.textContent) ||
      el.getAttribute("aria-label") ||
      el.textContent;
    const s = getComputedStyle(el);
    return {
      label: label.trim(),
      tag: el.tagName.toLowerCase(),
      // On a host page, only the calculator's own controls are ours to check.
      ours:
        location.pathname === "/" || root.host?.localName === "yidi-calculator",
      visible: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until the focused control's label is `label`, checking that every stop shows its focus. */
async function tabTo(page, label, max = 40) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    assert.ok(f, `focus lost after ${seen.join(" → ")}`);
    if (f.ours)
      assert.ok(f.visible, `no visible focus on ${f.tag} “${f.label}”`);
    seen.push(f.label);
    if (f.label === label) return;
  }
  assert.fail(`never reached “${label}”: ${seen.join(" → ")}`);
}

async function typeInto(page, text) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

test("keyboard only, on the page: from the first field to a result", async () => {
  const opened = await open("/");
  const { page } = opened;
  try {
    await settledPage(page);
    await tabTo(page, "搜索参保地（城市名称或代码）");
    await typeInto(page, "武汉");
    await tabTo(page, "搜索就医地（城市名称或代码）");
    await typeInto(page, "广州");
    await tabTo(page, "总费用（元）");
    await typeInto(page, "40000");
    await page.keyboard.press("Tab");
    await settledPage(page);
    assert.equal(
      await page.getByLabel("参保地城市", { exact: true }).inputValue(),
      "420100",
    );
    assert.equal(
      await page.getByLabel("就医地城市", { exact: true }).inputValue(),
      "440100",
    );
    assert.equal(
      await page.locator('[data-testid="summary"] .total').textContent(),
      "医疗费用总额 40000.00 元",
    );
    // The result can be read and acted on by keyboard too: the copy-link button is reachable.
    await tabTo(page, "复制本页链接", 80);
    clean(opened);
  } finally {
    await opened.close();
  }
});

test("keyboard only, in the widget on the host page: from the host's own field into the calculator to a result", async () => {
  const opened = await open(new URL("host/host.html", host.url).href);
  const { page } = opened;
  try {
    await page
      .locator('#a [data-testid="result-ready"][aria-busy="false"]')
      .waitFor({ timeout: 15_000 });
    await page.locator("#host-input").focus();
    await tabTo(page, "搜尋就醫地（城市名稱或代碼）");
    await typeInto(page, "440100");
    await tabTo(page, "總費用（元）");
    await typeInto(page, "40000");
    await page.keyboard.press("Tab");
    await page
      .locator('#a [data-testid="result-ready"][aria-busy="false"]')
      .waitFor();
    assert.equal(
      await page.locator('#a [data-testid="summary"] .total').textContent(),
      "醫療費用總額 40000.00 元",
    );
    assert.equal(
      await page
        .locator("#a")
        .getByLabel("就醫地城市", { exact: true })
        .inputValue(),
      "440100",
    );
    clean(opened);
  } finally {
    await opened.close();
  }
});

test("text at 200%: the page at 1280 px zoomed 200%, and large text on a phone, scroll only downwards", async () => {
  // 200% browser zoom of a 1280-px window lays out like a 640-px window at device scale 2.
  for (const [width, scale, large] of [
    [640, 2, false],
    [360, 1, true],
  ]) {
    const opened = await open("/", { width, scale });
    const { page } = opened;
    try {
      await settledPage(page);
      if (large) {
        await page.getByRole("button", { name: "大字" }).click();
        assert.equal(
          await page.evaluate(
            () => getComputedStyle(document.querySelector(".yidi")).fontSize,
          ),
          "21.25px",
        );
      }
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(
        overflow <= 0,
        `${width}px${large ? " large text" : ""}: ${overflow}px too wide`,
      );
      clean(opened);
    } finally {
      await opened.close();
    }
  }
});

test("a phone's own large text (its default font at 32 px): the courses' cards and amounts stay on the screen", async () => {
  // helper-29: the cards' column was 15rem wide (480 px at 32 px) on a 360-px screen; amounts were cut off.
  const link = await ganzhouInShanghaiLink();
  const opened = await open(link, {
    width: 360,
    height: 740,
  });
  const { page } = opened;
  try {
    await withDefaultFont(page, 32);
    await page.locator('[data-testid="course"]').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `${overflow}px too wide`);
    const cut = await page.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid="course"] dd')].filter(
          (dd) => dd.getBoundingClientRect().right > window.innerWidth + 0.5,
        ).length,
    );
    assert.equal(cut, 0, "an amount runs off the screen");
    // … nor squeezed to a character a line (helper-31 N2).
    const squeezed = await page.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid="course"] dt')].filter(
          (dt) =>
            dt.getBoundingClientRect().width <
            3 * parseFloat(getComputedStyle(dt).fontSize),
        ).length,
    );
    assert.equal(squeezed, 0, "a label squeezed to a character a line");
  } finally {
    await opened.close();
  }
});

test("a phone's own large text: the result's glance begins on the first screen, the lede cut short", async () => {
  // helper-47: at 360 × 640 with a 32-px default font the first screen was the title and the lede alone (the glance
  // began at 772 px).
  for (const font of [24, 32]) {
    const opened = await open("/", { width: 360, height: 640 });
    const { page } = opened;
    try {
      await withDefaultFont(page, font);
      const top = await page
        .locator('[data-testid="glance"]')
        .first()
        .evaluate((el) => el.getBoundingClientRect().top);
      // At 24 px the glance begins on the first screen; at 32 px it cannot on 360 px (the header alone is 490 px), and
      // the summary bar at the screen's foot gives the amounts instead.
      if (font === 24)
        assert.ok(top < 640, `${font} px: the glance begins at ${top}`);
      else
        assert.match(
          await page.locator(".summary-bar").innerText(),
          /\d+\.\d\d/,
        );
      // The lede keeps its promise (nothing typed leaves the browser) and drops what the form says anyway (helper-49:
      // cut to two lines, the promise was cut off).
      assert.equal(await page.locator(".lede-what").isVisible(), false);
      assert.match(
        await page.locator(".lede").innerText(),
        /不会发送到任何服务器/,
      );
    } finally {
      await opened.close();
    }
  }
});

test("keyboard: Tab from an editable figure goes on to its source, never back to the page", async () => {
  // helper-29: the panel rebuilt its source links when a field was left, and the focus fell to <body>.
  const opened = await open("/");
  const { page } = opened;
  try {
    await settledPage(page);
    const field = page.locator("#param-deductible");
    await field.scrollIntoViewIfNeeded();
    await field.focus();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      await page.waitForTimeout(50);
      assert.notEqual(
        await page.evaluate(() => document.activeElement?.tagName),
        "BODY",
        `Tab ${i + 1}`,
      );
    }
  } finally {
    await opened.close();
  }
});

test("the widget on a 360-px phone, in each language, stays within its box", async () => {
  const opened = await open(new URL("host/host.html", host.url).href, {
    width: 360,
  });
  const { page } = opened;
  try {
    for (const locale of LOCALES) {
      await page.evaluate((locale) => {
        for (const el of document.querySelectorAll("yidi-calculator"))
          el.setAttribute("locale", locale);
      }, locale);
      for (const id of ["a", "b"]) {
        await page.locator(`#${id} .yidi[lang="${locale}"]`).waitFor();
        await page
          .locator(`#${id} [data-testid="result-ready"][aria-busy="false"]`)
          .waitFor({ timeout: 15_000 });
        const box = await page.evaluate((id) => {
          const yidi = document
            .querySelector(`#${id}`)
            .shadowRoot.querySelector(".yidi");
          return { scroll: yidi.scrollWidth, client: yidi.clientWidth };
        }, id);
        assert.ok(
          box.scroll <= box.client,
          `#${id} in ${locale}: ${JSON.stringify(box)}`,
        );
      }
    }
    clean(opened);
  } finally {
    await opened.close();
  }
});

test("English at large text (default font 32 px, and 200% zoom): the slip, the glance and the bar stay on a phone's screen", async () => {
  // helper-33: English words are longer than Chinese ones; the slip's label column would not shrink below its
  // longest word, and "10000.00" was cut off at the card's edge (381 px on a 360-px screen).
  const { defaultState, encodeState } = await import("../../www/ui/state.js");
  const state = {
    ...defaultState(),
    si: "discharged",
    st: "employed",
    fc: "",
    ad: "2026-11-10",
    dc: "2026-11-20",
  };
  for (const [width, height, font] of [
    [360, 740, 32],
    [180, 370, 16],
  ]) {
    const opened = await open(`/${encodeState(state)}&l=en`, { width, height });
    const { page } = opened;
    try {
      await withDefaultFont(page, font);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(
        overflow <= 0,
        `${width} px, ${font} px: ${overflow}px too wide`,
      );
      const cut = await page.evaluate(
        () =>
          [
            ...document.querySelectorAll(
              '[data-testid="slip"] td, [data-testid="glance"], #summary-more',
            ),
          ].filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
            .length,
      );
      assert.equal(cut, 0, `${width} px, ${font} px: something runs off`);
    } finally {
      await opened.close();
    }
  }
});

test("no amount is broken across lines at large text (32 px, 200% zoom, a 320-px phone)", async () => {
  // helper-39: course cards read "25888.0 / 0" and "2588 / 8.00", the summary bar's amounts split too.
  const { defaultState, encodeState } = await import("../../www/ui/state.js");
  const state = {
    ...defaultState(),
    si: "planning",
    st: "employed",
    vr: "110000",
    ad: "2026-12-20",
    dc: "",
    fc: "referral",
    fs: "2026-12-10",
    bt: "80000",
    bo: "8000",
  };
  for (const [width, height, font, lang] of [
    [360, 740, 32, ""],
    [180, 370, 16, ""],
    [320, 640, 32, ""],
    // English words are longer: at 200% zoom "164569.60" broke in the glance and the bar (helper-41).
    [180, 370, 16, "&l=en"],
    [360, 740, 32, "&l=en"],
  ]) {
    const opened = await open(`/${encodeState(state)}${lang}`, {
      width,
      height,
    });
    const { page } = opened;
    try {
      await withDefaultFont(page, font);
      await page.locator(".course-amounts dd").first().waitFor();
      const broken = await page.evaluate(() => {
        const out = [];
        const walk = document.createTreeWalker(
          document.body,
          NodeFilter.SHOW_TEXT,
        );
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (!n.parentElement.offsetParent) continue;
          for (const m of n.textContent.matchAll(/\d[\d,]*\.\d\d/g)) {
            const r = document.createRange();
            r.setStart(n, m.index);
            r.setEnd(n, m.index + m[0].length);
            const rects = [...r.getClientRects()].filter((x) => x.width > 0);
            if (rects.length > 1 && rects.at(-1).top - rects[0].top > 2)
              out.push(`${n.parentElement.tagName} ${m[0]}`);
          }
        }
        return out;
      });
      assert.deepEqual(broken, [], `${width} px, ${font} px ${lang}`);
    } finally {
      await opened.close();
    }
  }
});

test("the slip's labels keep their words whole at a phone's large text (32 px on a 320-px phone, English)", async () => {
  // "Tota / l", "cata / logu / e": the label's column was squeezed beside the amount; below 17em it goes under it.
  const { defaultState, encodeState } = await import("../../www/ui/state.js");
  const opened = await open(`/${encodeState(defaultState())}&l=en`, {
    width: 320,
    height: 640,
  });
  const { page } = opened;
  try {
    await withDefaultFont(page, 32);
    await page.locator('[data-testid="slip"] tbody th').first().waitFor();
    const broken = await page.evaluate(() => {
      const out = [];
      for (const th of document.querySelectorAll(
        '[data-testid="slip"] tbody th',
      )) {
        const n = th.firstChild;
        if (n?.nodeType !== Node.TEXT_NODE) continue;
        // Latin words only (Chinese wraps between any two characters), a hyphen being a place to wrap.
        for (const m of n.textContent.matchAll(/[A-Za-z0-9().,%]+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const rects = [...r.getClientRects()].filter((x) => x.width > 0);
          if (rects.length > 1 && rects.at(-1).top - rects[0].top > 2)
            out.push(m[0]);
        }
      }
      return out;
    });
    assert.deepEqual(broken, []);
  } finally {
    await opened.close();
  }
});

test("the timeline's day labels are readable on a phone (at least 12 px drawn)", async () => {
  // helper-33: the picture is drawn at about two thirds in a course card; its 13-unit labels read as 9 px.
  const opened = await open(await ganzhouInShanghaiLink(), {
    width: 360,
    height: 740,
  });
  const { page } = opened;
  try {
    await settledPage(page);
    await page.locator(".timeline .tl-label").first().waitFor();
    const heights = await page.evaluate(() =>
      [...document.querySelectorAll(".timeline .tl-label")].map(
        (el) => el.getBoundingClientRect().height,
      ),
    );
    assert.ok(heights.length > 0);
    for (const h of heights) assert.ok(h >= 12, `a label ${h} px high`);
  } finally {
    await opened.close();
  }
});
