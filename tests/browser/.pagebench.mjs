import { readFileSync } from "node:fs";
import { launch, openPage } from "./lib.mjs";
const browser = await launch();
const query = JSON.parse(readFileSync(new URL("./fixtures/query.json", import.meta.url)));
for (const q of [{ ...query, locale: "zh-Hans" }, query, { ...query, locale: "zh-Hans", vary: true }]) {
  const opened = await openPage(browser, "/");
  const r = await opened.page.evaluate(async (q0) => {
    const vary = q0.vary; delete q0.vary; let n = 0;
    const next = () => vary ? { ...q0, bill: { ...q0.bill, total: 30000 + (n++ % 5000) } } : q0;
    const { createCalculator } = await import("/yidi.mjs");
    const calc = await createCalculator();
    const s = performance.now(); while (performance.now() - s < 1500) calc.estimate(next());
    let batch = 10; for (;;) { const t0 = performance.now(); for (let i = 0; i < batch; i++) calc.estimate(next()); if (performance.now() - t0 >= 50) break; batch *= 2; }
    const per = []; for (let b = 0; b < 11; b++) { const t0 = performance.now(); for (let i = 0; i < batch; i++) calc.estimate(next()); per.push(((performance.now() - t0) * 1000) / batch); }
    per.sort((a, b) => a - b); return per[5];
  }, q);
  console.log((q.locale ?? "no locale") + (q.vary ? " varied total" : ""), r.toFixed(1), "µs");
  await opened.close();
}
await browser.close();
