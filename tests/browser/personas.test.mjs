// The people issue 12 was written for, driven through the page by its labels as they would drive it: what they are
// told to do (the recommended course), the timeline's words and the amounts, and that a phone shows the result in its
// first screen. Also what must not mislead them: the example labelled as one, a cleared form without red errors until
// they act, a whole-province filing, a temporary filing without its end, and typed figures marked on the slip.
//
// Real headless Chromium against the built page; no mocks. Dates are set relative to the day the test runs (the page
// asks the core with the device's date as "today").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./lib.mjs";
import { settled, label, fill, choose, region, person } from "./form.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const READY = '[data-testid="result-ready"]';
const PHONE = { width: 360, height: 640 };

async function withPage(
  body,
  { viewport = { width: 1280, height: 900 } } = {},
) {
  const opened = await openPage(browser, "/", {
    contextOptions: { viewport },
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

const day = (n) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const p = (x) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** A 周口 resident of 68 planning a stay in 上海 in 30 days, with the bill's total as given ("" for none). */
async function planningZhoukouToShanghai(page, total) {
  await person(page, {
    insured: ["河南省", "周口市"],
    scheme: "城乡居民医保",
    age: "68",
    treated: ["上海市", "上海市"],
    admission: day(30),
    total,
  });
  await choose(page, "现在处于", "准备去外地就医");
}

/** What the page recommends and why (what it says before any amount is known). */
async function advised(page) {
  await page.waitForSelector(READY);
  const first = page.locator('[data-testid="course"]').first();
  return {
    recommended: await first.getAttribute("data-course"),
    reason: await page.locator('[data-testid="options-reason"]').textContent(),
  };
}

/** What the page recommends, the timeline's words, the amounts of the recommended course and of the result. */
async function told(page) {
  await page.waitForSelector(READY);
  const first = page.locator('[data-testid="course"]').first();
  await first.waitFor();
  const text = (sel) => page.locator(sel).first().textContent();
  return {
    recommended: await first.getAttribute("data-course"),
    badge: await first.locator(".badge").textContent(),
    reason: await text('[data-testid="options-reason"]'),
    timeline: await text('[data-testid="timeline-text"]'),
    timelineLabel: await page
      .locator('[data-testid="timeline"] svg')
      .getAttribute("aria-label"),
    patient: await first
      .locator('[data-testid="course-coursePatient"]')
      .textContent(),
    fund: await text('[data-testid="fund-pays"]'),
    patientPays: await text('[data-testid="patient-pays"]'),
  };
}

test("王阿姨, a 武汉 retiree living in 深圳 with a long-term filing, in hospital: settled at the hospital as things stand", async () => {
  await withPage(async (page) => {
    await person(page, {
      insured: ["湖北省", "武汉市"],
      treated: ["广东省", "深圳市"],
      admission: day(-10),
      discharge: day(3), // expected: a discharge already past is worked out as after it
      total: "30000",
      outside: "10000",
    });
    await choose(
      page,
      "备案情况",
      "长期备案（异地安置退休、长期居住、常驻工作）",
    );
    await fill(page, "备案开始日期", "2024-06-01");
    await choose(page, "长期备案类型", "异地安置退休");
    await choose(page, "现在处于", "正在外地住院或就诊");
    const r = await told(page);
    assert.equal(r.recommended, "as_is");
    assert.equal(r.badge, "建议");
    assert.match(r.reason, /在医院直接结算，只需支付个人负担 12950\.40 元/);
    assert.match(r.timeline, /备案自 2024-06-01 起长期有效/);
    assert.match(r.timeline, /入院在备案有效期内/);
    assert.equal(r.timelineLabel, r.timeline.match(/备案自.*$/)[0]);
    assert.equal(r.patient, "12950.40");
    assert.equal(r.fund, "17049.60");
    assert.equal(r.patientPays, "12950.40");
  });
});

test("planning before the bill is known: whether to file and as what, without inventing a bill", async () => {
  await withPage(async (page) => {
    await planningZhoukouToShanghai(page, "");
    // No amounts yet: the recommendation and its reason only.
    const r = await advised(page);
    assert.equal(r.recommended, "file_temporary");
    assert.match(r.reason, /可在医院直接结算，支付比例降低 20 个百分点/);
    assert.match(r.reason, /另：办理长期备案/);
    assert.match(
      await page.locator('[data-testid="enter-bill"]').textContent(),
      /填写费用/,
    );
    assert.doesNotMatch(
      await page.locator("#result").innerText(),
      /\bnull\b|undefined|NaN/,
    );
    await choose(
      page,
      "在就医地长期居住吗？",
      "是（长期居住、异地安置退休或常驻工作）",
    );
    assert.equal((await advised(page)).recommended, "file_long_term");
  });
});

test("a retiree planning to live with their children, no date and no bill yet: whether to file, as what, with which papers", async () => {
  await withPage(async (page) => {
    // helper-29: the page said only "请按提示填写表格" until an admission date was made up.
    await person(page, {
      insured: ["黑龙江省", "哈尔滨市"],
      age: "67",
      treated: ["广东省", "深圳市"],
      total: "",
    });
    await choose(page, "现在处于", "准备去外地就医");
    await choose(
      page,
      "在就医地长期居住吗？",
      "是（长期居住、异地安置退休或常驻工作）",
    );
    const r = await advised(page);
    assert.equal(r.recommended, "file_long_term");
    const first = page.locator('[data-testid="course"]').first();
    const course = await first.innerText();
    assert.match(course, /入院前办好/);
    assert.doesNotMatch(course, /最晚/);
    const result = await page.locator("#result").innerText();
    assert.match(result, /未填就医日期/);
    // No picture of a day not given: the timeline's words alone.
    assert.equal(await page.locator('[data-testid="timeline"]').count(), 0);
    assert.match(
      await page.locator('[data-testid="timeline-text"]').textContent(),
      /就医日期未定/,
    );
    assert.doesNotMatch(result, /\bnull\b|undefined|NaN/);
  });
});

test("a class-B rate not on file: the highest on file stands in, said at the rate and above the slip; the verdict stays", async () => {
  await withPage(async (page) => {
    await region(page, "就医地", "海南省", "三亚市");
    // Another place makes the example one's own: its filing and bill are cleared (the page says so). A long-term
    // filing to 三亚 settles under 三亚's catalogue, whose class-B rate is not on file.
    await choose(
      page,
      "备案情况",
      "长期备案（异地安置退休、长期居住、常驻工作）",
    );
    await fill(page, "备案开始日期", "2025-06-01");
    await fill(page, "总费用（元）", "30000");
    await fill(page, "乙类金额（元）", "300");
    await page.waitForSelector(
      '[data-testid="result-ready"][data-complete="true"]',
    );
    const result = await page.locator("#result").innerText();
    assert.match(result, /备案有效/);
    // 300 × 10%, the highest rate on file (it stopped the amounts and asked for the rate).
    assert.match(
      await page
        .locator('[data-testid="slip"] tr[data-key="class_b_prepay"]')
        .innerText(),
      /30\.00/,
    );
    assert.match(result, /三亚市的乙类先行自付比例未收录/);
    assert.doesNotMatch(result, /\bnull\b|undefined/);
  });
});

test("a 周口 resident moving in with a child in 上海, planning: told of the long-term filing, and advised it once she says she lives there", async () => {
  await withPage(async (page) => {
    await planningZhoukouToShanghai(page, "30000");
    let r = await told(page);
    assert.equal(r.recommended, "file_temporary");
    assert.match(
      r.reason,
      /另：办理长期备案.*个人负担 [\d.]+ 元，更少，但只适用于/,
    );
    await choose(
      page,
      "在就医地长期居住吗？",
      "是（长期居住、异地安置退休或常驻工作）",
    );
    r = await told(page);
    assert.equal(r.recommended, "file_long_term");
    assert.doesNotMatch(r.reason, /另：/);
    // Said no: the long-term filing is not open, and says why.
    await choose(page, "在就医地长期居住吗？", "否（只是去看病）");
    r = await told(page);
    assert.equal(r.recommended, "file_temporary");
    assert.match(
      await page.locator('[data-course="file_long_term"]').textContent(),
      /您说不在就医地长期居住/,
    );
  });
});

test("a 周口 resident's unfiled emergency in 上海, discharged and paid: deemed filed, the claim and what comes back", async () => {
  await withPage(async (page) => {
    await person(page, {
      insured: ["河南省", "周口市"],
      scheme: "城乡居民医保",
      age: "60",
      treated: ["上海市", "上海市"],
      emergency: true,
      admission: day(-30),
      discharge: day(-20),
      total: "50000",
      outside: "5000",
    });
    await choose(page, "现在处于", "已出院或已就诊，已付款");
    const r = await told(page);
    // Deemed filed, settled at the hospital as the route says; the claim for whoever paid everything.
    assert.equal(r.recommended, "as_is");
    assert.match(r.reason, /出院时已在医院直接结算/);
    assert.match(
      await page.locator('[data-course="claim_at_home"]').textContent(),
      /出院时已全额付款的：回参保地手工报销[\s\S]*24240\.00/,
    );
    assert.match(r.timeline, /急诊抢救视同已备案/);
    assert.equal(r.patient, "25760.00");
    // The settlement card: no "出院时只需支付" to someone who has paid everything.
    const route = await page
      .locator('[data-testid="settlement-card"]')
      .textContent();
    assert.doesNotMatch(route, /出院时只需支付/);
    assert.match(route, /发票/);
    // How he paid, said (helper-53: one who paid everything read that nothing could be claimed): the whole bill, the
    // claim is the course; only his share, there is nothing to claim.
    await choose(page, "付款情况", "付了全部费用（没有直接结算）");
    const all = await told(page);
    assert.equal(all.recommended, "claim_at_home");
    assert.match(all.reason, /已全额付款.*24240\.00/);
    assert.equal(await page.locator('[data-course="as_is"]').count(), 0);
    await choose(page, "付款情况", "只付了个人负担部分（已直接结算）");
    const share = await told(page);
    assert.equal(share.recommended, "as_is");
    assert.match(
      await page.locator('[data-course="claim_at_home"]').textContent(),
      /无需再回参保地报销/,
    );
    await choose(page, "付款情况", "不确定");
    // One bullet for the figures of unknown start, not one per figure.
    assert.equal(
      await page
        .locator('[data-testid="warnings"] [data-code="figure_start_unknown"]')
        .count(),
      1,
    );
  });
});

test("a 石家庄 diabetic treated as a 门诊慢特病 outpatient in 北京: file first, 慢特病资格认定 named, never 出院", async () => {
  await withPage(async (page) => {
    await person(page, {
      insured: ["河北省", "石家庄市"],
      treated: ["北京市", "北京市"],
      kind: "门诊慢特病",
      date: day(10),
      total: "1200",
    });
    await choose(page, "门诊慢特病病种", "糖尿病");
    await choose(page, "现在处于", "准备去外地就医");
    const r = await told(page);
    assert.equal(r.recommended, "file_temporary");
    assert.match(r.timeline, /就诊 /);
    assert.match(r.timeline, /需要备案，尚未办理/);
    assert.doesNotMatch(r.timelineLabel, /住院|出院/);
    // 石家庄's figures are not on file: the course gives the core's range, never its middle alone.
    assert.match(r.patient, /^约 \d+\.\d\d–\d+\.\d\d$/);
    const first = page.locator('[data-testid="course"]').first();
    assert.match(await first.textContent(), /慢特病资格认定/);
    assert.doesNotMatch(
      await page.locator('[data-testid="settlement-card"]').textContent(),
      /出院/,
    );
    // 石家庄's figures are not on file: the amounts are a range, labelled.
    assert.match(r.fund, /^约 \d+\.\d\d–\d+\.\d\d$/);
  });
});

test("a late filing: before discharge it settles at the hospital, after discharge only by a claim", async () => {
  await withPage(async (page) => {
    await person(page, {
      insured: ["湖北省", "武汉市"],
      treated: ["广东省", "深圳市"],
      admission: day(-20),
      discharge: day(-10),
      total: "30000",
      outside: "10000",
    });
    await choose(page, "备案情况", "其他临时外出就医备案");
    await fill(page, "备案开始日期", day(-20));
    await fill(page, "备案办理日期（补办时填写）", day(-15));
    await choose(page, "现在处于", "正在外地住院或就诊");
    let r = await told(page);
    assert.equal(r.recommended, "as_is");
    assert.match(r.timeline, /入院后才备案：出院结算前办妥可直接结算/);
    assert.match(r.reason, /在医院直接结算/);
    const before = r.patient;

    await fill(page, "备案办理日期（补办时填写）", day(-5));
    await choose(page, "现在处于", "已出院或已就诊，已付款");
    r = await told(page);
    assert.equal(r.recommended, "claim_at_home");
    assert.match(r.timeline, /出院结算后才备案：只能回参保地手工报销/);
    assert.match(r.reason, /报回 \d+\.\d\d 元/);
    assert.match(r.patient, /^\d+\.\d\d$/);
    assert.ok(Number(r.patient) >= Number(before), `${r.patient} ≥ ${before}`);
  });
});

test("on a 360 px phone the result's summary is in the first screen, labelled as the example, and leads to the detail", async () => {
  await withPage(
    async (page) => {
      await page.waitForSelector(READY);
      const glance = page.locator('[data-testid="glance"]');
      const box = await glance.boundingBox();
      assert.ok(box, "the glance is shown");
      assert.ok(
        box.y + box.height <= PHONE.height,
        `the glance ends at ${box.y + box.height} px, within the first ${PHONE.height}`,
      );
      assert.match(await glance.textContent(), /示例结果一览/);
      assert.match(
        await page.locator('[data-testid="glance-amounts"]').textContent(),
        /医保支付 17049\.60 元.*个人负担 12950\.40 元/,
      );
      const note = page.locator('[data-testid="example-note"]');
      assert.match(await note.textContent(), /示例/);
      assert.match(
        await page.locator('[data-testid="query-line"]').textContent(),
        /^示例/,
      );
      await page.locator('[data-testid="glance-detail"]').click();
      const result = await page.locator("#result").boundingBox();
      assert.ok(
        Math.abs(result.y) < 2,
        `the result is scrolled to the top: ${result.y}`,
      );
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "result",
      );
    },
    { viewport: PHONE },
  );
});

test("on a 360 px phone in English too, the summary's amounts are in the first screen", async () => {
  await withPage(
    async (page) => {
      await page.locator("#language").selectOption("en");
      await page.waitForFunction(() => document.documentElement.lang === "en");
      await page.waitForSelector(READY);
      const amounts = page.locator('[data-testid="glance-amounts"]');
      assert.match(await amounts.textContent(), /17049\.60/);
      const box = await amounts.boundingBox();
      assert.ok(
        box.y + box.height <= PHONE.height,
        `the amounts end at ${box.y + box.height} px, within the first ${PHONE.height}`,
      );
    },
    { viewport: PHONE },
  );
});

test("the example: starting one's own clears it, and the cleared form shows no red error until the person acts", async () => {
  await withPage(async (page) => {
    await page
      .getByRole("button", { name: "清空示例，填写我自己的情况" })
      .click();
    await settled(page);
    assert.equal(await page.locator(".field-error").count(), 0);
    assert.equal(await page.locator('[data-testid="example-note"]').count(), 0);
    // No result now, and the screen reader's line no longer reads the example's.
    assert.equal(await page.locator('[data-testid="result-ready"]').count(), 0);
    assert.equal(
      await page.locator("#live").textContent(),
      "请按提示填写表格，结果会显示在这里。",
    );
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "situation",
    );
    // The same from "清空重填", after a typo left the example's result marked as the last one (helper-44: the cleared
    // form still said 输入有误，以下是上一次的计算结果).
    await page.getByRole("button", { name: "恢复示例" }).click();
    await settled(page);
    await fill(page, "总费用（元）", "二万");
    await settled(page);
    assert.equal(await page.locator('[id$="stale-note"]').isVisible(), true);
    await page.getByRole("button", { name: "清空重填" }).click();
    await settled(page);
    assert.equal(await page.locator('[id$="stale-note"]').isVisible(), false);
    assert.doesNotMatch(
      await page.locator("#result").innerText(),
      /以下是上一次的计算结果/,
    );
    assert.equal(await page.locator(".field-error").count(), 0);
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    // Cleared, the person starts at the top, on the first field (helper-53: the focus stayed on the button at the
    // form's foot), and the scheme is theirs to choose (a 居民 was priced as a 职工 without a word).
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "situation",
    );
    assert.equal(await label(page, "险种").inputValue(), "");
    // Touching one field: its own error only (a province chosen, its city not yet).
    await choose(page, "参保地省份", "湖北省");
    assert.equal(await page.locator(".field-error").count(), 1);
    assert.equal(
      await page.locator(".field-error").getAttribute("data-error-path"),
      "insured.region",
    );
    // Enter in a field asks too (the README's promise; the form had no submit button, so Enter did nothing).
    await fill(page, "总费用（元）", "5000");
    await label(page, "总费用（元）").press("Enter");
    await settled(page);
    // Every field still missing is said, untouched ones too (the place of treatment).
    assert.match(
      (await page.locator(".field-error").allInnerTexts()).join(" "),
      /请选择就医地（城市）/,
    );
    await page.getByRole("button", { name: "清空重填" }).click();
    await settled(page);
    await choose(page, "参保地省份", "湖北省");
    // Asking what is missing: every error shows.
    await page.getByRole("button", { name: "还需要填写什么？" }).click();
    await settled(page);
    assert.ok((await page.locator(".field-error").count()) > 2);
    assert.equal(
      await page
        .locator('.field-error[data-error-path="insured.scheme"]')
        .count(),
      1,
      "the scheme not chosen is said beside its field",
    );
    // … and the person is taken to the first of them (helper-29: focus went to the page, the errors far above): a
    // place's search box, where it is typed (helper-31: the empty city list was focused).
    assert.equal(
      await page.evaluate(() => document.activeElement?.dataset.ui),
      "search",
    );
    assert.ok(
      await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }),
      "the field is in view",
    );
    // Nothing stray under the empty result (a null child once showed as the word "null").
    assert.doesNotMatch(
      await page.locator("#result").innerText(),
      /\bnull\b|undefined/,
    );
  });
});

test("a filing to 全省（广东省） covers 深圳, with the reading taken said", async () => {
  await withPage(async (page) => {
    await label(page, "备案地就是本次就医地").setChecked(false);
    await settled(page);
    await region(page, "备案地", "广东省", "全省（广东省）");
    await page.waitForSelector(READY);
    const filing = page.locator('[data-testid="filing-card"]');
    assert.equal(await filing.getAttribute("data-status"), "valid");
    assert.notEqual(
      await filing.getAttribute("data-reason"),
      "filing_area_mismatch",
    );
    await page
      .locator(
        '[data-testid="warnings"] [data-code="filing_area_whole_province"]',
      )
      .waitFor();
  });
});

test("a temporary filing without its end, admitted after six months: a caution to check the end, not 备案已过期", async () => {
  await withPage(async (page) => {
    await choose(page, "备案情况", "其他临时外出就医备案");
    await fill(page, "备案开始日期", day(-300));
    await fill(page, "备案截止日期", "");
    await page.waitForSelector(READY);
    const filing = page.locator('[data-testid="filing-card"]');
    assert.equal(await filing.getAttribute("data-status"), "end_unknown");
    assert.match(await filing.getAttribute("class"), /tone-warn/);
    const said = await filing.textContent();
    assert.doesNotMatch(said, /备案已过期/);
    assert.match(said, /可能已到期/);
  });
});

test("a typed ratio: the slip's lines resting on it and the printout say 已修改", async () => {
  await withPage(async (page) => {
    await fill(page, "统筹基金支付比例", "60%");
    await page.waitForSelector(READY);
    const fund = page.locator('[data-testid="slip"] tr[data-key="fund"]');
    assert.equal(await fund.getAttribute("data-edited"), "true");
    assert.match(await fund.textContent(), /已修改/);
    const total = page.locator('[data-testid="slip"] tr[data-key="total"]');
    assert.equal(await total.getAttribute("data-edited"), null);
    const note = page.locator('[data-testid="edited-note"]');
    assert.match(await note.textContent(), /统筹基金支付比例/);
    await page.emulateMedia({ media: "print" });
    assert.ok(await note.isVisible(), "the note prints");
    assert.ok(
      await fund.locator(".badge.edited").isVisible(),
      "the line's mark prints",
    );
  });
});

test("planning from the example: its past dates go, and the advice is for a visit to come", async () => {
  await withPage(async (page) => {
    await page.waitForSelector(READY);
    // A retiree planning to move to her children (helper-33): she never presses 清空 and never typed a date.
    await choose(page, "现在处于", "准备去外地就医");
    assert.equal(await label(page, "入院日期").inputValue(), "");
    await page.waitForSelector(READY);
    const top = await page.locator('[data-testid="glance"]').textContent();
    assert.doesNotMatch(top, /补办备案|手工报销/, top);
  });
});

test("in hospital from the example: its past discharge goes, and the advice is for a stay under way", async () => {
  await withPage(async (page) => {
    await page.waitForSelector(READY);
    await choose(page, "现在处于", "正在外地住院或就诊");
    // The admission may be theirs to correct; the example's past discharge is not a stay under way.
    assert.notEqual(await label(page, "入院日期").inputValue(), "");
    assert.equal(await label(page, "出院日期").inputValue(), "");
    await page.waitForSelector(READY);
    const text = await page.locator('[data-testid="glance"]').textContent();
    assert.doesNotMatch(text, /先补办备案，再回参保地手工报销/, text);
  });
});

test("the example made one's own by changing who or where: its filing and bill go, and the page says so", async () => {
  await withPage(async (page) => {
    await page.waitForSelector(READY);
    // An elderly person does not press 清空: she changes the situation, then her city.
    await choose(page, "现在处于", "正在外地住院或就诊");
    assert.equal(await page.locator('[data-testid="example-note"]').count(), 0);
    assert.match(
      await page.locator('[data-testid="example-left"]').textContent(),
      /示例中的备案和费用已清除/,
    );
    assert.equal(await label(page, "备案情况").inputValue(), "");
    assert.equal(await label(page, "总费用（元）").inputValue(), "");
    // The filing card no longer answers with the example's long-term filing.
    assert.match(
      await page.locator('[data-testid="filing-card"]').textContent(),
      /未备案/,
    );
    // Said once: the next change does not repeat it, and what she types now stays.
    await fill(page, "总费用（元）", "12000");
    assert.equal(await page.locator('[data-testid="example-left"]').count(), 0);
    assert.equal(await label(page, "总费用（元）").inputValue(), "12000");
  });
});
