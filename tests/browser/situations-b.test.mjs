// Issue 13, second half, through the page as a person would use it: a 大额 + 大病 region's layers typed in, the
// personal account's own and family balances, and a quota with what was used of it. The amounts are the core's,
// worked out by hand in each test's comment (rules R5.6f, R4.6b, R4.8 of docs/rules.md). Each test also checks that
// nothing left the page's origin, that the console stayed clean, and that the link reproduces the result.
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

/** The amount of a slip row, or null when the slip has no such row. */
async function row(page, key) {
  await page.waitForSelector(READY);
  const r = page.locator(`[data-testid="slip"] tr[data-key="${key}"]`);
  if ((await r.count()) === 0) return null;
  return r.locator("td.amount").textContent();
}

async function fund(page) {
  await page.waitForSelector(READY);
  return page.locator('[data-testid="fund-pays"]').textContent();
}

/** Opens the page on its first example (a 武汉 retiree in a 深圳 三级 hospital, 30000 of which 10000 outside). */
async function withPage(body, path = "/") {
  const opened = await openPage(browser, path, {
    contextOptions: { viewport: { width: 1280, height: 900 } },
  });
  try {
    await settled(opened.page);
    await body(opened.page);
    assert.deepEqual(
      opened.blockedRequests,
      [],
      "no request leaves the origin",
    );
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
}

/** The same result from the page's own link, opened afresh. */
async function sameFromLink(page, keys) {
  const expected = {};
  for (const k of keys) expected[k] = await row(page, k);
  const hash = new URL(page.url()).hash;
  await withPage(async (again) => {
    for (const k of keys) assert.equal(await row(again, k), expected[k], k);
  }, `/${hash}`);
}

// R5.6f: 武汉 retiree, 三级: deductible 800, 88.8%, a cap of 240000 on the eligible cost (data). 300000, all eligible:
//   above the cap 300000 − 240000 = 60000.00; fund (240000 − 800) × 0.888 = 212409.60; co-payment 26790.40
//   大额 85% of 60000 = 51000.00 (9000 left above the cap)
//   大病 on the share 800 + 26790.40 + 9000 = 36590.40, above 30000: 6590.40 × 0.6 = 3954.24
test("a 大额 + 大病 region's layers typed in give one slip line each", async () => {
  await withPage(async (page) => {
    await fill(page, "总费用（元）", "300000");
    await fill(page, "自费（目录外）金额（元）", "0");
    await fill(page, "大额医疗费用补助（基本医保封顶线以上）", "85%");
    await fill(
      page,
      "大病保险（个人负担部分）",
      "起付 30000；≤50000 60%；其上 70%",
    );
    assert.equal(await fund(page), "212409.60");
    assert.equal(await row(page, "over_cap"), "60000.00");
    assert.equal(await row(page, "large_expense"), "51000.00");
    assert.equal(await row(page, "critical_illness"), "3954.24");
    assert.equal(await row(page, "second_layer"), null);
    // 公务员医疗补助 pays only for those who say they are entitled: 50% of the share left, 32636.16 → 16318.08
    await fill(page, "公务员医疗补助（个人负担部分）", "50%");
    assert.equal(await row(page, "civil_servant"), "0.00");
    await choose(page, "人员身份", "公务员（享受公务员医疗补助）");
    assert.equal(await row(page, "civil_servant"), "16318.08");
    await sameFromLink(page, [
      "large_expense",
      "critical_illness",
      "civil_servant",
    ]);
  });
});

// R4.6, R4.6b: the example's in-scope share is 800 + 2150.40 = 2950.40 of the 12950.40 the patient pays:
//   own 1000.00 first, then the family's min(5000, 1950.40) = 1950.40; cash 10000.00 (outside the catalogue)
test("the own and the family member's accounts each pay their part", async () => {
  await withPage(async (page) => {
    await fill(page, "本人个人账户余额（元）", "1000");
    await fill(page, "家庭共济：亲属个人账户可用余额（元）", "5000");
    assert.equal(await row(page, "account"), "1000.00");
    assert.equal(await row(page, "family_account"), "1950.40");
    assert.equal(await row(page, "cash"), "10000.00");
    await sameFromLink(page, ["account", "family_account", "cash"]);
  });
});

// R4.8: a yearly quota of 10000 on the fund's payment: the fund stops at 10000.00; it gets there after 10000 / 0.888 =
//   11261.26… of the 19200 above the deductible, so 7938.74 is the patient's above the quota
test("a quota stops the fund and shows what is left", async () => {
  await withPage(async (page) => {
    await fill(page, "限额（元）", "10000");
    await choose(page, "限额期间", "每年");
    assert.equal(await fund(page), "10000.00");
    assert.equal(await row(page, "over_quota"), "7938.74");
    await fill(page, "本期已使用限额（元）", "4000");
    assert.equal(await fund(page), "6000.00");
    const text = await page
      .locator('[data-testid="slip"] tr[data-key="over_quota"]')
      .textContent();
    assert.match(text, /剩余 6000\.00/);
    await sameFromLink(page, ["fund", "over_quota"]);
  });
});
