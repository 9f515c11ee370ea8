// The region search, as a person uses it: controls found by their labels, a place typed the way people write it (a
// county, a province with its city, pinyin), the city the pickers then show, and what the hint says. A search that
// finds nothing clears the city and says so. Also: English pages name places in English. Real headless Chromium
// against the built site; the county data (places.json) comes from the page's own origin on first typing.
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

async function withPage(body) {
  const opened = await openPage(browser, "/");
  try {
    await opened.page.waitForSelector('#result[aria-busy="false"]', {
      timeout: 10_000,
    });
    await body(opened.page, opened);
    assert.deepEqual(opened.blockedRequests, [], "nothing leaves the origin");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
}

const label = (page, text) => page.getByLabel(text, { exact: true });

/** Waits until `read()` gives `want` (the search answers once its module and data are here). */
async function until(read, want, what) {
  let got;
  for (let i = 0; i < 100; i++) {
    got = await read();
    if (got === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(got, want, what);
}

/** Types `text` into a search field, leaves it (a final search), and waits for the city picker to show `code`. */
async function search(page, field, text, cityLabel, code) {
  const input = label(page, field);
  await input.fill(text);
  await input.press("Tab");
  await until(
    () => label(page, cityLabel).inputValue(),
    code,
    `${text} → ${code}`,
  );
}

const INSURED = "搜索参保地（城市名称或代码）";
const VISIT = "搜索就医地（城市名称或代码）";
const hintOf = (page, field) =>
  label(page, field).evaluate(
    (el) => el.getRootNode().getElementById(`${el.id}-hint`).textContent,
  );

test("a county, a district, a province with its city, and pinyin each find the pooling region", async () => {
  await withPage(async (page) => {
    await search(page, INSURED, "项城", "参保地城市", "411600");
    assert.equal(await label(page, "参保地省份").inputValue(), "410000");
    assert.match(await hintOf(page, INSURED), /项城市属于周口市医保统筹区/);

    await search(page, INSURED, "浦东", "参保地城市", "310000");
    await search(page, INSURED, "湖北武汉", "参保地城市", "420100");
    await search(page, INSURED, "项城", "参保地城市", "411600");
    await search(page, INSURED, "wuhan", "参保地城市", "420100");
    await search(page, INSURED, "Wuhan City", "参保地城市", "420100");
    await search(page, INSURED, "411681", "参保地城市", "411600");
    await search(page, VISIT, "南山区", "就医地城市", "440300");
    assert.match(await hintOf(page, VISIT), /南山区属于深圳市/);
    assert.match(
      await hintOf(page, VISIT),
      /鹤岗/,
      "the other 南山区 is named",
    );
  });
});

test("a search that finds nothing clears the city and says so", async () => {
  await withPage(async (page) => {
    await search(page, INSURED, "项城", "参保地城市", "411600");
    await search(page, INSURED, "火星市xyz", "参保地城市", "");
    assert.equal(await label(page, "参保地省份").inputValue(), "");
    const hint = await hintOf(page, INSURED);
    assert.match(hint, /没有找到“火星市xyz”，已清空所选城市/);
    // The form now asks for the insured city instead of computing with the old one.
    await page
      .getByText("请选择参保地（城市）", { exact: true })
      .first()
      .waitFor({ timeout: 10_000 });
    // Two places typed letter by letter: the first found on the way is not kept, in the pickers or in the box.
    const box = label(page, INSURED);
    await box.fill("");
    await box.pressSequentially("北京 上海", { delay: 30 });
    await box.press("Tab");
    await until(
      () => hintOf(page, INSURED),
      "没有找到“北京 上海”，已清空所选城市。请换个写法（城市或区县的名称、拼音或代码，如“武汉”“湖北武汉”“项城”“wuhan”“420100”），或用下面的省份、城市选择",
      "two places",
    );
    assert.equal(await label(page, "参保地城市").inputValue(), "");
    assert.equal(await box.inputValue(), "北京 上海");
    // A province alone sets the province and asks for the city.
    await search(page, INSURED, "湖北", "参保地城市", "");
    assert.equal(await label(page, "参保地省份").inputValue(), "420000");
    assert.match(await hintOf(page, INSURED), /湖北省有多个医保统筹区/);
    // Emptied and left, a city chosen before goes, said so (helper-53: it stayed without a word).
    await search(page, VISIT, "项城", "就医地城市", "411600");
    await search(page, VISIT, "", "就医地城市", "");
    assert.equal(await label(page, "就医地省份").inputValue(), "");
    assert.match(await hintOf(page, VISIT), /已清空所选的城市/);
  });
});

test("English pages show place names in English, and find them", async () => {
  await withPage(async (page) => {
    await label(page, "语言").selectOption("en");
    await until(
      async () =>
        (await label(page, "Insured city")
          .locator("option:checked")
          .textContent()) ?? "",
      "Wuhan",
      "the insured city in English",
    );
    assert.equal(
      await label(page, "Insured province")
        .locator("option:checked")
        .textContent(),
      "Hubei",
    );
    const field = "Find your insured city (name or code)";
    await search(page, field, "Zhoukou", "Insured city", "411600");
    await search(page, field, "Hohhot", "Insured city", "150100");
    assert.equal(
      await label(page, "Insured city").locator("option:checked").textContent(),
      "Hohhot",
    );
    await search(page, field, "项城", "Insured city", "411600");
    assert.match(
      await hintOf(page, field),
      /Xiangcheng is in the Zhoukou pooling region/,
    );
    // Cities that read alike in English are told apart by their province, in an English list (helper-39: "Taizhou、
    // Taizhou"), and the hint's example chooses the other one.
    await search(page, field, "taizhou", "Insured city", "");
    const hint = await hintOf(page, field);
    assert.match(hint, /Taizhou \(Jiangsu\); Taizhou \(Zhejiang\)/);
    assert.doesNotMatch(hint, /、/);
    await search(page, field, "fuzhou", "Insured city", "350100");
    assert.match(
      await hintOf(page, field),
      /Fuzhou \(Jiangxi\).*Jiangxi Fuzhou/,
    );
    await search(page, field, "Jiangxi Fuzhou", "Insured city", "361000");
  });
});

test("an English browser's first screen names places in English at once, the form built once", async () => {
  const opened = await openPage(browser, "/", {
    contextOptions: { locale: "en-US" },
    beforeNavigate: ({ context }) =>
      // Counts the form elements ever put into the page (a form moved counts once): the names coming after the form would build it a second time.
      context.addInitScript(() => {
        const seen = new WeakSet();
        window.__forms = 0;
        const count = (f) => {
          if (!seen.has(f)) window.__forms += 1;
          seen.add(f);
        };
        new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.addedNodes)
              if (n.nodeType === 1) {
                if (n.matches("form")) count(n);
                n.querySelectorAll("form").forEach(count);
              }
        }).observe(document, { childList: true, subtree: true });
      }),
  });
  const { page } = opened;
  try {
    await page.waitForSelector('#result[aria-busy="false"]', {
      timeout: 10_000,
    });
    assert.equal(
      await label(page, "Insured city").locator("option:checked").textContent(),
      "Wuhan",
    );
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__forms), 1);
    assert.deepEqual(opened.blockedRequests, [], "nothing leaves the origin");
    assert.deepEqual(opened.consoleErrors, [], "no console errors");
  } finally {
    await opened.close();
  }
});

test("typing into a search that shows the chosen city searches what is typed, not the old city", async () => {
  await withPage(async (page) => {
    const input = label(page, INSURED);
    assert.equal(await input.inputValue(), "武汉市 420100");
    // Typed after the shown city (the caret put at its end), as a person who did not clear it would.
    await input.click();
    await input.press("End");
    await input.pressSequentially("项城");
    await input.press("Enter");
    await until(
      () => label(page, "参保地城市").inputValue(),
      "411600",
      "项城 typed after 武汉市 420100 → 周口",
    );
    // Focusing the field selects its text: typing replaces it.
    await label(page, "参保地城市").focus();
    await input.focus();
    await page.waitForTimeout(50);
    await page.keyboard.type("浦东");
    await input.press("Enter");
    await until(
      () => label(page, "参保地城市").inputValue(),
      "310000",
      "浦东 typed into the focused field → 上海",
    );
    // What the person typed that found no one city is theirs to go on with: "吉林" (the province) and then "市".
    await input.fill("吉林");
    await input.press("Tab");
    await page.waitForTimeout(300);
    await input.click();
    await input.press("End");
    await input.pressSequentially("市");
    await input.press("Tab");
    await until(
      () => label(page, "参保地城市").inputValue(),
      "220200",
      "吉林 + 市 → 吉林市",
    );
    assert.equal(await input.inputValue(), "吉林市 220200");
  });
});

test("a 繁體中文 page finds a county typed in Traditional characters", async () => {
  await withPage(async (page) => {
    await label(page, "语言").selectOption("zh-Hant");
    await page.waitForSelector('html[lang="zh-Hant"]');
    await search(
      page,
      "搜尋參保地（城市名稱或代碼）",
      "項城",
      "參保地城市",
      "411600",
    );
    // The place is named in Traditional characters too, as the region is.
    assert.match(
      await hintOf(page, "搜尋參保地（城市名稱或代碼）"),
      /項城市屬於周口市醫保統籌區/,
    );
    await search(
      page,
      "搜尋參保地（城市名稱或代碼）",
      "浦東新區",
      "參保地城市",
      "310000",
    );
  });
});

test("typing on past a city found keeps no city the box no longer says (xian → 西安市, then xiangcheng)", async () => {
  // helper-44: the result went on for 西安市 while the box said "xiangcheng", until the field was left.
  await withPage(async (page) => {
    const input = label(page, INSURED);
    await input.fill("");
    await input.pressSequentially("xian", { delay: 30 });
    await until(
      () => label(page, "参保地城市").inputValue(),
      "610100",
      "xian → 西安市",
    );
    await input.pressSequentially("gcheng", { delay: 30 });
    await until(
      () => label(page, "参保地城市").inputValue(),
      "",
      "xiangcheng names no one city: none kept",
    );
    await page.waitForSelector('#result[aria-busy="false"]');
    // The last result may stay in view, marked as the last one (not as the answer for what the box says).
    const result = await page.locator("#result").innerText();
    if (/西安/.test(result)) assert.match(result, /以下是上一次的计算结果/);
    // Left, the word on what it could be, as before.
    await input.press("Tab");
    await until(
      async () => /项城市/.test(await hintOf(page, INSURED)),
      true,
      "the candidates named",
    );
  });
});
