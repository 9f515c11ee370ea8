// The form as a person uses it, by its labels: shared by the page's browser tests.
//
//   import { settled, label, fill, choose, region, person } from "./form.mjs";

/** Waits until the debounced recomputation after the last input has run. */
export async function settled(page) {
  await page.waitForSelector('#result[aria-busy="false"]', { timeout: 10_000 });
}

/** The field with exactly this label. */
export const label = (page, text) => page.getByLabel(text, { exact: true });

/** Types into a field, then waits for the result. */
export async function fill(page, text, value) {
  await label(page, text).fill(value);
  await settled(page);
}

/** Chooses an option of a select by its words, then waits for the result. */
export async function choose(page, text, option) {
  await label(page, text).selectOption({ label: option });
  await settled(page);
}

/** A place by its province and city pickers (side: 参保地, 就医地, 备案地). */
export async function region(page, side, province, city) {
  await choose(page, `${side}省份`, province);
  await choose(page, `${side}城市`, city);
}

/** From a cleared form: who, where, what kind of visit, the dates and the bill. */
export async function person(
  page,
  {
    insured,
    scheme = "职工医保",
    status = "退休",
    age,
    treated,
    kind = "住院",
    level = "三级（含三甲）",
    emergency = false,
    admission,
    discharge,
    date,
    total,
    outside,
  },
) {
  await page.getByRole("button", { name: "清空重填" }).click();
  await settled(page);
  await region(page, "参保地", ...insured);
  await choose(page, "险种", scheme);
  if (scheme === "职工医保") await choose(page, "人员类别", status);
  if (age) await fill(page, "年龄（周岁）", age);
  await region(page, "就医地", ...treated);
  await choose(page, "就医类型", kind);
  await choose(page, "医院等级", level);
  if (emergency) {
    await label(page, "急诊（急诊抢救）").setChecked(true);
    await settled(page);
  }
  if (admission) await fill(page, "入院日期", admission);
  if (discharge) await fill(page, "出院日期", discharge);
  if (date) await fill(page, "就诊日期", date);
  await fill(page, "总费用（元）", total);
  if (outside) await fill(page, "自费（目录外）金额（元）", outside);
}

/**
 * The link (path with its fragment) of a 赣州 resident of 66, in hospital in 上海 since the example's admission, unfiled,
 * with a bill of 50000 (5000 outside the catalogue): a region without figures of its own, so a range, and the courses
 * compared.
 */
export async function ganzhouInShanghaiLink() {
  const { defaultState, encodeState } = await import("../../www/ui/state.js");
  const state = {
    ...defaultState(),
    si: "in_hospital",
    ir: "360700",
    sc: "resident",
    age: "66",
    vr: "310000",
    fc: "",
    dc: "",
    bt: "50000",
    bo: "5000",
  };
  return `/${encodeState(state)}`;
}
