// The settlement slip (结算单) as the core returns it (estimate.lines: label, amount, payer, formula, sources), the
// sources beside a verdict or a line, and every source once for the printout. Lays out what the core says; computes
// nothing. `ctx` is { t, pick }: the page's messages, and a core message in the page's language.

import { h, webUrl } from "./dom.js";

/** Sources as a list: title (a link when its address is http(s)), grade, date; `compactList` without the prefix. */
export function sourcesList(sources, { t, locale }, compactList = false) {
  if (!sources?.length) return null;
  // A source's title is the document's own, in Chinese (in Traditional characters on a 繁體 page): marked so, that a
  // screen reader on an English page reads it with a Chinese voice.
  const lang = locale === "zh-Hant" ? "zh-Hant" : "zh-Hans";
  return h(
    "ul",
    { class: compactList ? "sources compact" : "sources" },
    sources.map((src) =>
      h(
        "li",
        {},
        compactList
          ? null
          : h("span", { class: "src-prefix" }, t("basisPrefix")),
        webUrl(src.url)
          ? h(
              "a",
              {
                href: webUrl(src.url),
                target: "_blank",
                rel: "noopener noreferrer",
                lang,
              },
              src.title,
            )
          : h("span", { lang }, src.title),
        " ",
        h(
          "span",
          {
            class: `grade grade-${src.grade}`,
            title: t(`grade${src.grade}`),
          },
          t("gradeShort", { g: src.grade }),
        ),
        h(
          "span",
          { class: "as-of" },
          ` ${src.as_of ? t("asOf", { date: src.as_of }) : t("asOfUnknown")}`,
        ),
      ),
    ),
  );
}

/** The sources of a verdict or estimate, each once, in order of first mention (filing, settlement, the lines). */
export function distinctSources(est) {
  const seen = new Map();
  const all = [
    ...est.filing.sources,
    ...est.settlement.sources,
    ...(est.lines ?? []).flatMap((l) => l.sources),
  ];
  for (const src of all) if (!seen.has(src.id)) seen.set(src.id, src);
  return [...seen.values()];
}

/** For the printout: every source once, instead of beside each line. */
export function printSources(est, { t }) {
  const sources = distinctSources(est);
  if (sources.length === 0) return null;
  return h(
    "section",
    { class: "print-sources" },
    h("h3", {}, t("printSources")),
    h(
      "ol",
      {},
      sources.map((src) =>
        h(
          "li",
          {},
          src.as_of
            ? t("printSource", {
                title: src.title,
                grade: src.grade,
                date: src.as_of,
              })
            : t("printSourceUndated", { title: src.title, grade: src.grade }),
          src.url ? ` ${src.url}` : "",
        ),
      ),
    ),
  );
}

/**
 * A formula as the core wrote it, in runs: each amount or rate (`20000.00`, `88.8%`, `240,000.00`) a run of its own,
 * which the slip keeps on one line (a phone's large text broke "2000 / 0.00"); the words between may wrap anywhere.
 */
export function formulaRuns(formula) {
  const text = String(formula ?? "");
  const runs = [];
  let at = 0;
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?%?/g)) {
    if (m.index > at)
      runs.push({ text: text.slice(at, m.index), number: false });
    runs.push({ text: m[0], number: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), number: false });
  return runs;
}

/** The slip: one row per line with who pays it, the amount, and its formula with its sources. */
export function slipTable(est, ctx) {
  const { t, pick } = ctx;
  const rows = est.lines.map((l) =>
    h(
      "tr",
      {
        class: `payer-${l.payer}`,
        dataset: l.edited ? { key: l.key, edited: "true" } : { key: l.key },
      },
      h(
        "th",
        { scope: "row" },
        pick(l.label),
        h("span", { class: `payer-tag ${l.payer}` }, t(`payer_${l.payer}`)),
        // A line resting on a figure the person typed (the core's mark): never as authoritative as the data's.
        l.edited ? h("span", { class: "badge edited" }, t("edited")) : null,
      ),
      h("td", { class: "amount" }, l.amount),
      h(
        "td",
        { class: "how" },
        h(
          "span",
          { class: "formula" },
          ...formulaRuns(pick(l.formula)).map((r) =>
            r.number ? h("span", { class: "num" }, r.text) : r.text,
          ),
        ),
        sourcesList(l.sources, ctx, true),
      ),
    ),
  );
  return h(
    "section",
    { class: "slip", part: "slip", dataset: { testid: "slip" } },
    h("h3", {}, t("slipTitle")),
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, t("slipCaption")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("slipItem")),
          h("th", { scope: "col", class: "amount" }, t("slipAmount")),
          h("th", { scope: "col" }, t("slipHow")),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}
