// The 数据覆盖 page (coverage.html): every region with what is on file, its grade and dates; the filter and the
// "only regions with figures" toggle; a custom policies file, including a broken one whose errors are listed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, openPage } from "./lib.mjs";

const POLICIES = new URL("../../policies.json", import.meta.url);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openCoverage(options = {}) {
  const opened = await openPage(browser, "/coverage.html", options);
  await opened.page.waitForSelector("#coverage[data-ready]", {
    timeout: 15000,
  });
  return opened;
}

const visibleCodes = (page) =>
  page.$$eval("#rows tr:not([hidden])", (trs) =>
    trs.map((tr) => tr.dataset.code),
  );

const cellText = (page, code, col) =>
  page.$eval(
    `#rows tr[data-code="${code}"] > :nth-child(${col})`,
    (el) => el.textContent,
  );

test("lists every region, from its own origin, without errors", async () => {
  const { page, response, consoleErrors, blockedRequests, close } =
    await openCoverage({ waitUntil: "networkidle" });
  try {
    assert.equal(response?.status(), 200);
    assert.match(await page.title(), /数据覆盖/);
    assert.equal((await visibleCodes(page)).length, 342);
    assert.match(
      await page.textContent("#status"),
      /显示 342 \/ 342 个地区，其中 \d+ 个已预填待遇标准/,
    );
    assert.notEqual(await page.textContent("#policy-version"), "…");
    assert.deepEqual(blockedRequests, [], "no request leaves the origin");
    assert.deepEqual(consoleErrors, [], "no console errors");
  } finally {
    await close();
  }
});

test("武汉 shows its schedule, grade C and a stale class-B rate", async () => {
  const { page, consoleErrors, close } = await openCoverage();
  try {
    const row = page.locator('#rows tr[data-code="420100"]');
    assert.equal(await row.getAttribute("data-grade"), "C");
    assert.match(await cellText(page, "420100", 1), /武汉市.*420100.*湖北省/);
    assert.match(await cellText(page, "420100", 1), /待遇标准已预填/);
    const schedules = await cellText(page, "420100", 2);
    assert.match(schedules, /职工 · 住院/);
    assert.match(schedules, /2024-01-05 起/);
    assert.match(
      await cellText(page, "420100", 3),
      /10%.*2012-04-09.*可能已调整/,
    );
    assert.equal((await cellText(page, "420100", 7)).trim(), "C");
    assert.match(await cellText(page, "420100", 8), /最早核实 2012-04-09/);
    assert.match(await cellText(page, "420100", 5), /无资料/);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("深圳 shows its adjustments and its schedules", async () => {
  const { page, close } = await openCoverage();
  try {
    const row = page.locator('#rows tr[data-code="440300"]');
    assert.equal(await row.getAttribute("data-figures"), "yes");
    assert.match(await cellText(page, "440300", 1), /待遇标准已预填/);
    assert.match(await cellText(page, "440300", 2), /起始日期不详/);
    const adjustments = await cellText(page, "440300", 4);
    assert.match(adjustments, /转诊：按参保地本地标准，不降低/);
    assert.match(adjustments, /其他临时外出：支付比例按本地标准的 80% 计算/);
    assert.match(
      adjustments,
      /其他临时外出（省内，住院）：支付比例按本地标准的 90% 计算/,
    );
    assert.equal((await cellText(page, "440300", 7)).trim(), "A");
    // 石家庄: 河北's exemption and 京津冀, no figures.
    assert.match(await cellText(page, "130100", 5), /免备案/);
    assert.match(await cellText(page, "130100", 6), /京津冀/);
    assert.match(await cellText(page, "110000", 5), /不适用/);
  } finally {
    await close();
  }
});

test("the filter and the figures toggle narrow the list", async () => {
  const { page, consoleErrors, close } = await openCoverage();
  try {
    await page.fill("#filter", "武汉");
    assert.deepEqual(await visibleCodes(page), ["420100"]);
    assert.match(await page.textContent("#status"), /显示 1 \/ 342/);

    await page.fill("#filter", "420100");
    assert.deepEqual(await visibleCodes(page), ["420100"]);

    await page.fill("#filter", "广东");
    const guangdong = await visibleCodes(page);
    assert.equal(guangdong.length, 21, "广东's 21 prefecture-level cities");
    assert.ok(guangdong.every((c) => c.startsWith("44")));

    await page.check("#only-figures");
    const withFigures = await visibleCodes(page);
    assert.ok(withFigures.includes("440300"), "深圳 has figures");
    assert.ok(withFigures.includes("440100"), "广州 has figures");
    assert.ok(withFigures.length < guangdong.length);

    await page.fill("#filter", "");
    const all = await page.$$eval("#rows tr:not([hidden])", (trs) =>
      trs.map((tr) => tr.dataset.figures),
    );
    assert.ok(all.length > 19 && all.length < 342, `${all.length} regions`);
    assert.ok(all.every((f) => f === "yes"));

    await page.fill("#filter", "没有这个地方");
    assert.deepEqual(await visibleCodes(page), []);
    assert.match(await page.textContent("#status"), /没有符合条件的地区/);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

/** The coverage page opened by a link with `#city`, its list ready. */
async function openFiltered(page, city) {
  await page.goto(new URL(`/coverage.html#${city}`, page.url()).href);
  await page.reload();
  await page.waitForSelector("#coverage[data-ready]");
}

test("a link with #city opens filtered", async () => {
  const { page, close } = await openCoverage();
  try {
    await openFiltered(page, "深圳");
    assert.deepEqual(await visibleCodes(page), ["440300"]);
    assert.equal(await page.inputValue("#filter"), "深圳");
    // An arrangement only grade-D pages give is listed as the lead it is (R1.7), 京津冀 (grade B) as an arrangement.
    await openFiltered(page, "成都");
    assert.match(
      await page
        .locator('[data-arrangement="chengdu-list"]')
        .first()
        .textContent(),
      /只见于不可靠来源，按需要备案估算/,
    );
    await openFiltered(page, "廊坊");
    assert.doesNotMatch(
      await page
        .locator('[data-arrangement="jingjinji"]')
        .first()
        .textContent(),
      /不可靠/,
    );
  } finally {
    await close();
  }
});

test("a custom policies file replaces the data; a broken one lists its errors", async () => {
  const { page, consoleErrors, close } = await openCoverage();
  try {
    const policies = JSON.parse(await readFile(POLICIES, "utf8"));

    const broken = structuredClone(policies);
    broken.arrangements[0].treated = ["999999"];
    broken.sources.farm = {
      title: "AI 问答",
      grade: "D",
      as_of: "2025-01-01",
    };
    const wuhan = broken.schedules.findIndex((s) => s.region === "420100");
    broken.schedules[wuhan].versions[0].sources = ["farm"];
    await page.setInputFiles("#policies-file", {
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await page.waitForSelector("#file-errors:not([hidden])");
    const errors = await page.textContent("#file-errors");
    assert.match(errors, /broken\.json 有 2 处问题/);
    assert.match(errors, /arrangements\[0\]\.treated\[0\]/);
    assert.match(
      errors,
      new RegExp(`schedules\\[${wuhan}\\]\\.versions\\[0\\]\\.sources`),
    );
    // The table keeps the default data.
    assert.match(await cellText(page, "420100", 1), /待遇标准已预填/);

    const mine = structuredClone(policies);
    mine.version = "insurer-test-1";
    mine.schedules = mine.schedules.filter((s) => s.region !== "420100");
    await page.setInputFiles("#policies-file", {
      name: "mine.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(mine)),
    });
    await page.waitForFunction(
      () =>
        document.querySelector("#policy-version")?.textContent ===
        "insurer-test-1",
    );
    assert.equal(await page.isHidden("#file-errors"), true);
    assert.match(await page.textContent("#status"), /已载入 mine\.json/);
    assert.match(await cellText(page, "420100", 1), /待遇标准需自行填写/);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("on a 360 px phone the regions are cards without sideways scrolling", async () => {
  const { page, close } = await openCoverage({
    contextOptions: { viewport: { width: 360, height: 740 } },
  });
  try {
    const width = await page.evaluate(
      () => document.documentElement.scrollWidth,
    );
    assert.ok(width <= 360, `page is ${width} px wide`);
    const label = await page.$eval(
      '#rows tr[data-code="420100"] > td:nth-child(2)',
      (td) => getComputedStyle(td, "::before").content,
    );
    assert.equal(label, '"待遇标准"');
  } finally {
    await close();
  }
});

test("back to the calculator from the coverage page brings back the person's own case", async () => {
  // helper-46: the link opened the calculator's example, the person's case lost.
  const { page, close } = await openCoverage();
  try {
    const { defaultState, encodeState } = await import("../../www/ui/state.js");
    const own = `/${encodeState({ ...defaultState(), bt: "12345" })}`;
    await page.goto(new URL(own, page.url()).href);
    await page.waitForSelector('#result[aria-busy="false"]');
    const address = page.url();
    // By the page's own link (a referrer, as a person gets one).
    await page.locator('a[href="coverage.html"]').click();
    await page.waitForSelector("#coverage[data-ready]");
    await page.getByRole("link", { name: "← 返回异地就医计算器" }).click();
    await page.waitForURL(address);
    await page.waitForSelector('#result[aria-busy="false"]');
    assert.equal(await page.getByLabel("总费用（元）").inputValue(), "12345");
  } finally {
    await close();
  }
});
