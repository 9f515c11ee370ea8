// "From your own past slip": a person with a settlement slip (结算单) from a stay in the same city enters three of its
// figures and the core works out the fund's ratio, with its arithmetic (Calculator.ratioFromSlip); the ratio can then
// be used as their own figure (an override, marked 已修改). Explicit inputs, no state of its own beyond its fields:
//
//   panel.append(renderPastSlip({ h, t, pick, ratioFromSlip: calc.ratioFromSlip, onRatio, idPrefix }));
//
// - ratioFromSlip({eligible, deductible, fund_paid}) → {ratio, percent, formula, warnings} or throws a typed error;
// - onRatio(percent): called with the ratio in percent ("88.8") when the person chooses to use it.

import { money } from "./ui/numbers.js";

export function renderPastSlip({
  h,
  t,
  pick,
  ratioFromSlip,
  onRatio,
  idPrefix,
}) {
  const input = (key) => {
    const el = h("input", {
      id: `${idPrefix}-past-${key}`,
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      maxlength: 100,
    });
    return [h("label", { for: el.id }, t(`past_${key}`)), el];
  };
  const [eligibleLabel, eligible] = input("eligible");
  const [deductibleLabel, deductible] = input("deductible");
  const [fundLabel, fund] = input("fund_paid");
  const out = h("div", {
    class: "past-result",
    role: "status",
    dataset: { testid: "past-slip-result" },
  });
  const work = () => {
    out.replaceChildren();
    let r;
    try {
      // Amounts as people write them, read as the form's are ("12,000", "１２０００", "1.2万", "12000元").
      r = ratioFromSlip({
        eligible: money(eligible.value) ?? "",
        deductible: money(deductible.value) ?? "0",
        fund_paid: money(fund.value) ?? "",
      });
    } catch (e) {
      out.append(
        h(
          "p",
          { class: "error" },
          e?.messages ? pick(e.messages) : t("past_failed"),
        ),
      );
      return;
    }
    out.append(
      h("p", { class: "formula" }, pick(r.formula)),
      ...r.warnings.map((w) => h("p", { class: "warn" }, pick(w.message))),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => onRatio(r.percent),
        },
        t("past_use", { percent: r.percent }),
      ),
    );
  };
  return h(
    "details",
    { class: "past-slip", dataset: { testid: "past-slip" } },
    h("summary", {}, t("past_title")),
    h("p", { class: "hint" }, t("past_hint")),
    h(
      "div",
      { class: "past-fields" },
      eligibleLabel,
      eligible,
      deductibleLabel,
      deductible,
      fundLabel,
      fund,
    ),
    h("button", { type: "button", onclick: work }, t("past_work")),
    out,
  );
}
