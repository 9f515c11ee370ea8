// Issue 13 (first half) through the page, as a person would say it: a waiting period (R6.2), childbirth (R6.1), two
// filings held at once (R1.13) and a designated or non-designated institution (R1.16). Real headless Chromium against
// the built page; the amounts are the core's (tests/situations.rs works them out): E1's 武汉 retiree in a 深圳
// tertiary hospital, (20000 − 800) × 88.8% = 17049.60; referred to 广州 at the national 10-point cut, 15129.60.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./lib.mjs";
import { settled, label, fill, choose } from "./form.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const READY = '[data-testid="result-ready"]';

async function withPage(body) {
  const opened = await openPage(browser, "/", {
    contextOptions: { viewport: { width: 1280, height: 900 } },
  });
  try {
    await settled(opened.page);
    await body(opened.page);
    assert.deepEqual(opened.blockedRequests, [], "nothing leaves the origin");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
}

async function route(page) {
  await page.waitForSelector(READY);
  const card = page.locator('[data-testid="settlement-card"]');
  return {
    route: await card.getAttribute("data-route"),
    reason: await card.getAttribute("data-reason"),
  };
}

const amount = async (page, id) =>
  (await page.locator(`[data-testid="${id}"]`).textContent()).trim();

const warningCodes = (page) =>
  page
    .locator('[data-testid="warnings"] li')
    .evaluateAll((els) => els.map((e) => e.dataset.code));

/** The example on load is E1 (武汉 retiree, 深圳, long-term filing, admitted 14 days ago): dates set to E1's. */
async function e1(page) {
  await fill(page, "备案开始日期", "2024-06-01");
  await fill(page, "入院日期", "2025-03-01");
  await fill(page, "出院日期", "2025-03-15");
  assert.equal(await amount(page, "fund-pays"), "17049.60");
}

test("a waiting period: admitted before benefits start, the fund pays nothing; on the day, it pays", async () => {
  await withPage(async (page) => {
    await e1(page);
    await fill(page, "待遇开始日期（如有等待期）", "2025-03-02");
    assert.deepEqual(await route(page), {
      route: "not_covered",
      reason: "waiting_period",
    });
    assert.equal(await amount(page, "fund-pays"), "0.00");
    await fill(page, "待遇开始日期（如有等待期）", "2025-03-01");
    assert.equal((await route(page)).route, "direct");
    assert.equal(await amount(page, "fund-pays"), "17049.60");
    // A resident's late enrolment: the core derives the day and says so.
    await fill(page, "待遇开始日期（如有等待期）", "");
    await choose(page, "险种", "城乡居民医保");
    await fill(
      page,
      "居民医保参保缴费日期（未在集中参保期参保或断缴后）",
      "2024-12-31",
    );
    assert.ok((await warningCodes(page)).includes("waiting_period_unknown"));
    await fill(
      page,
      "居民医保参保缴费日期（未在集中参保期参保或断缴后）",
      "2025-01-15",
    );
    await fill(page, "断缴年数", "1");
    assert.deepEqual(await route(page), {
      route: "not_covered",
      reason: "waiting_period",
    });
    assert.ok((await warningCodes(page)).includes("waiting_period_derived"));
  });
});

test("childbirth: away from home it is claimed at home, with the inpatient figures, and the page says why", async () => {
  await withPage(async (page) => {
    await e1(page);
    await choose(page, "就医类型", "生育（住院分娩）");
    assert.equal((await route(page)).route, "manual");
    assert.equal(await amount(page, "fund-pays"), "17049.60");
    const codes = await warningCodes(page);
    assert.ok(codes.includes("maternity_direct_settlement_open"), codes);
    assert.ok(codes.includes("maternity_inpatient_figures"), codes);
    // A childbirth filing is a category of its own.
    // (a temporary filing: six months from its start when no end is given, R1.9)
    await choose(page, "备案情况", "异地生育就医备案");
    await fill(page, "备案开始日期", "2025-01-01");
    assert.ok(
      (await warningCodes(page)).includes(
        "maternity_filing_treated_as_temporary",
      ),
    );
  });
});

test("two filings: a long-term filing for 深圳 and a referral to 广州; the core names the one that applies", async () => {
  await withPage(async (page) => {
    await e1(page);
    await label(page, "还持有另一份备案（如长期备案之外的转诊备案）").check();
    await settled(page);
    await choose(page, "第二份备案类别", "转诊转院备案");
    await fill(page, "第二份备案开始日期", "2025-02-01");
    await choose(page, "第二份备案地：省", "广东省");
    await choose(page, "第二份备案地：市", "广州市");
    // In 深圳 the long-term filing (the first) applies.
    assert.equal(await amount(page, "fund-pays"), "17049.60");
    assert.match(
      await page.locator('[data-testid="filing-used"]').textContent(),
      /第 1 份/,
    );
    // The first filing names 深圳 itself (not "the place of treatment"), then the visit moves to 广州.
    await label(page, "备案地就是本次就医地").uncheck();
    await settled(page);
    await choose(page, "备案地省份", "广东省");
    await choose(page, "备案地城市", "深圳市");
    await choose(page, "就医地城市", "广州市");
    assert.equal(await amount(page, "fund-pays"), "15129.60");
    assert.match(
      await page.locator('[data-testid="filing-used"]').textContent(),
      /第 2 份.*转诊/,
    );
    // The link reproduces both filings.
    const url = page.url();
    await page.goto("about:blank");
    await page.goto(url);
    await settled(page);
    assert.equal(await amount(page, "fund-pays"), "15129.60");
    assert.equal(await label(page, "第二份备案地：市").inputValue(), "440100");
  });
});

test("designated or not: a non-designated hospital is not paid, a designated one not networked is a claim", async () => {
  await withPage(async (page) => {
    await e1(page);
    await choose(page, "医疗机构是否医保定点", "不是医保定点医疗机构");
    assert.deepEqual(await route(page), {
      route: "not_covered",
      reason: "not_designated",
    });
    assert.equal(await amount(page, "fund-pays"), "0.00");
    assert.ok(
      (await warningCodes(page)).includes("non_designated_rule_unknown"),
    );
    await choose(page, "医疗机构是否医保定点", "是医保定点医疗机构");
    assert.equal((await route(page)).route, "direct");
    await label(page, "是跨省联网定点医药机构（可直接结算）").uncheck();
    await settled(page);
    assert.equal((await route(page)).route, "manual");
    assert.equal(await amount(page, "fund-pays"), "17049.60");
  });
});
