// The form as a person uses it, by its labels: shared by the page's browser tests.
//
//   import { settled, label, fill, choose, region } from "./form.mjs";

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
