// The result: a line saying what was computed, the summary (summary.js) or what figures are missing, the options
// (options-view.js) when the person said where they stand, the filing and settlement cards, the warnings, the slip
// (slip.js) and the sources for the printout. Lays out what the core returns (an estimate, or a verdict when the
// insured region's figures must still be entered); every word is the core's or the message files'.
// `ctx` is the view's context (context.js): t, pick, id, layout, names (names.regionName: a region's name by code).

import { h, svg } from "./dom.js";
import { PARAMS } from "./figure-text.js";
import { renderOptions } from "../options-view.js";
import { printSources, slipTable, sourcesList } from "./slip.js";
import { summary } from "./summary.js";
import { whole } from "./numbers.js";
import { isStay } from "./state.js";

/** The tone of a card by the filing's status or the route. */
export const TONE = {
  not_required: "good",
  valid: "good",
  deemed_filed: "good",
  late_before_discharge: "warn",
  not_yet_valid: "warn",
  missing: "bad",
  expired: "bad",
  end_unknown: "warn",
  late_after_discharge: "bad",
  local: "good",
  direct: "good",
  manual: "warn",
  not_covered: "bad",
};

/**
 * The result's section, empty but for "loading": { result (the section), live (the polite live region), resultErrors
 * (errors with no field), staleNote, resultBody (what resultNodes fills) }. `actions(t)` gives the nodes placed under
 * the result (the page's copy-link and print buttons), if any.
 */
export function buildResultSection({ t, id }, actions) {
  const live = h("p", {
    id: id("live"),
    class: "visually-hidden",
    "aria-live": "polite",
  });
  const resultErrors = h("div", {
    id: id("result-errors"),
    class: "result-errors",
  });
  const staleNote = h(
    "p",
    { id: id("stale-note"), class: "stale-note", hidden: true },
    t("staleNote"),
  );
  const resultBody = h(
    "div",
    { id: id("result-body"), class: "result-body" },
    h("p", { class: "loading" }, t("loading")),
  );
  const result = h(
    "section",
    {
      id: id("result"),
      class: "result",
      part: "result",
      "aria-busy": "true",
      "aria-labelledby": id("result-title"),
    },
    h(
      "h2",
      { class: "visually-hidden", id: id("result-title") },
      t("resultTitle"),
    ),
    live,
    resultErrors,
    staleNote,
    resultBody,
    actions ? h("p", { class: "actions" }, actions(t)) : null,
  );
  return { result, live, resultErrors, staleNote, resultBody };
}

/**
 * The result's nodes for an estimate (complete: the summary) or a verdict (not complete: what is missing instead, with
 * `missing` naming the figures to enter, or `pending` the core's error that keeps the amounts back otherwise).
 * `state` is the form's state (the query line), `options` the core's options or null, `example` whether the form
 * holds the worked example (said on the query line, so that a printout of it says so too). onFill() takes the person
 * to the figures to enter.
 */
export function resultNodes(
  est,
  { complete, missing = [], pending = null, state, options, example = false },
  ctx,
  onFill,
) {
  const { t, pick, layout } = ctx;
  const kids = [
    h(
      "p",
      { class: "query-line", dataset: { testid: "query-line" } },
      example ? h("strong", { class: "badge warn" }, t("exampleBadge")) : null,
      example ? " " : null,
      describe(state, ctx),
    ),
  ];
  if (complete) kids.push(summary(est, ctx, onFill));
  else if (missing.length) kids.push(missingNote(missing, state, ctx, onFill));
  else if (pending?.messages)
    kids.push(
      h(
        "p",
        { class: "hint", dataset: { testid: "pending" } },
        pick(pending.messages),
      ),
    );
  else
    kids.push(
      h(
        "p",
        { class: "hint", dataset: { testid: "enter-bill" } },
        t("enterBillForAmounts"),
      ),
    );
  if (options) kids.push(renderOptions(options, { h, t, pick, svg }));
  kids.push(
    h(
      "div",
      { class: "cards", part: "verdict" },
      filingCard(est.filing, ctx),
      routeCard(est.settlement, est.filing, ctx),
    ),
  );
  if (est.warnings?.length) kids.push(warningsList(est.warnings, ctx));
  if (complete && est.overridden?.length) kids.push(editedNote(est, ctx));
  if (complete) {
    const slip = slipTable(est, ctx);
    kids.push(
      layout === "compact"
        ? h(
            "details",
            { class: "slip-details" },
            h("summary", {}, t("slipTitle")),
            slip,
          )
        : slip,
    );
  }
  kids.push(printSources(est, ctx));
  // Parts with nothing to say are left out (a null given to replaceChildren would show as the word "null").
  return kids.filter(Boolean);
}

/** One line saying what was computed, so that a printed or shared result stands on its own. */
export function describe(s, { t, names }) {
  const { regionName } = names;
  const who =
    s.sc === "employee"
      ? t("qEmployee", {
          region: regionName(s.ir),
          // Not said: neither (the range covers both), never 在职 by default.
          status: s.st
            ? t(s.st === "retired" ? "qRetired" : "qEmployed")
            : t("qStatusNotSaid"),
        })
      : t("qResident", {
          region: regionName(s.ir),
          // As read ("68岁" → 68): not "68岁岁".
          age: s.age ? t("qAge", { age: whole(s.age) }) : "",
        });
  const where = t("qWhere", {
    region: regionName(s.vr),
    kind: t(`short_${s.vk}`),
    level:
      s.vk === "pharmacy" ? "" : t("qLevel", { level: t(`short_${s.lv}`) }),
    emergency: s.em && s.vk !== "pharmacy" ? t("qEmergency") : "",
  });
  // A stay not yet over (or not yet begun) has no discharge date: "admitted on …", not "… to ?".
  const dates = isStay(s)
    ? s.dc
      ? t("qDates", { from: s.ad || "?", to: s.dc })
      : s.ad
        ? t("qAdmitted", { from: s.ad })
        : ""
    : s.dt;
  return [who, where, dates, t(`short_filing_${s.fc || "none"}`)]
    .filter(Boolean)
    .join(" · ");
}

function card(title, tone, testid, ...kids) {
  return h(
    "section",
    { class: `card tone-${tone}`, part: "card", dataset: { testid } },
    h("h3", {}, title),
    ...kids,
  );
}

/** The region's figures are not on file: which to enter, and a way there. (Shown when no options are.) */
function missingNote(missing, state, { t, names }, onFill) {
  const list = missing
    .map((n) => (PARAMS[n] ? t(`p_${n}_short`) : n))
    .join(t("listSep"));
  return h(
    "section",
    {
      class: "card tone-warn missing-note",
      part: "card",
      dataset: { testid: "missing-figures" },
    },
    h("h3", {}, t("missingTitle")),
    h(
      "p",
      {},
      t("missingText", { region: names.regionName(state.ir), names: list }),
    ),
    h(
      "button",
      { type: "button", class: "secondary", part: "button", onclick: onFill },
      t("goFill"),
    ),
  );
}

/** Does this trip need filing, and does the filing held cover it? */
function filingCard(f, ctx) {
  const { t, pick } = ctx;
  const el = card(
    t("filingCardTitle"),
    TONE[f.status] ?? "warn",
    "filing-card",
    h(
      "dl",
      { class: "verdict" },
      h("dt", {}, t("filingRequiredQ")),
      h(
        "dd",
        { dataset: { testid: "filing-required" } },
        // Deemed filed (an emergency, an arrangement): required in general, not of this visit (helper-60: "需要" beside
        // "视同已备案，无需事先办理").
        f.required && f.status === "deemed_filed"
          ? t("requiredButDeemed")
          : f.required
            ? t("yesRequired")
            : t("notRequired"),
      ),
      h("dt", {}, t("filingValidQ")),
      h(
        "dd",
        { dataset: { testid: "filing-status" } },
        f.reason === "filing_area_mismatch"
          ? t("areaMismatch")
          : t(`status_${f.status}`),
      ),
    ),
    h("p", { class: "message" }, pick(f.message)),
    f.filing_used
      ? h(
          "p",
          { class: "filing-used", dataset: { testid: "filing-used" } },
          pick(f.filing_used.message),
        )
      : null,
    sourcesList(f.sources, ctx),
  );
  el.dataset.status = f.status;
  el.dataset.reason = f.reason;
  return el;
}

/** The settlement route, the category's cut, whose catalogue applies, what to do next; sources not said above. */
function routeCard(st, f, ctx) {
  const { t, pick, names } = ctx;
  const steps = st.next_steps?.length
    ? [
        h("h4", {}, t("nextSteps")),
        h(
          "ol",
          { class: "steps" },
          st.next_steps.map((m) => h("li", {}, pick(m))),
        ),
      ]
    : [];
  const el = card(
    t("routeTitle", { route: t(`route_${st.route}`) }),
    TONE[st.route] ?? "warn",
    "settlement-card",
    h("p", { class: "message" }, pick(st.message)),
    st.adjustment
      ? h(
          "p",
          { class: "adjustment" },
          t("adjustmentLine", { text: pick(st.adjustment.description) }),
          st.adjustment.overridden
            ? h("span", { class: "badge" }, t("edited"))
            : null,
        )
      : null,
    st.route !== "not_covered"
      ? h(
          "p",
          { class: "catalogue" },
          t("catalogueOf", { region: names.regionName(st.catalogue_region) }),
        )
      : null,
    ...steps,
    sourcesList(
      st.sources.filter((src) => !f.sources.some((x) => x.id === src.id)),
      ctx,
    ),
  );
  el.dataset.route = st.route;
  if (st.reason) el.dataset.reason = st.reason;
  return el;
}

/**
 * The figures the person typed went into this estimate: said above the slip and on the printout, by the core's labels
 * of its figures (a name the view has no word for read as itself: "layers"; helper-46).
 */
function editedNote(est, { t, pick }) {
  const label = (n) => {
    const p = est.parameters?.find((x) => x.name === n && x.label);
    return p ? pick(p.label) : PARAMS[n] ? t(`p_${n}_short`) : n;
  };
  const list = est.overridden.map(label).join(t("listSep"));
  return h(
    "p",
    { class: "edited-note", dataset: { testid: "edited-note" } },
    h("span", { class: "badge edited" }, t("edited")),
    " ",
    t("editedSlipNote", { names: list }),
  );
}

function warningsList(warnings, { t, pick }) {
  return h(
    "section",
    {
      class: "warnings",
      part: "warnings",
      dataset: { testid: "warnings" },
    },
    h("h3", {}, t("warningsTitle")),
    h(
      "ul",
      {},
      warnings.map((w) =>
        h("li", { dataset: { code: w.code } }, pick(w.message)),
      ),
    ),
  );
}

/**
 * No result for the form as it stands (`ui`: the calculator's parts): the result says so, with a button to ask for the
 * errors held back after "clear" (`unsaid`); nothing above the form; the screen reader's line, which said the last
 * result, is emptied.
 */
export function showEmpty(ui, ctx, unsaid, onAsk, onGo) {
  // No result, so nothing is out of date (after "clear" the note on the last result stayed; helper-44).
  ui.staleNote.hidden = true;
  ui.result.classList.remove("stale");
  ui.top.classList.remove("stale");
  ui.top.replaceChildren();
  const nodes = emptyResultNodes(ctx, unsaid, onAsk, onGo);
  ui.resultBody.replaceChildren(...nodes);
  // Said to a screen reader too: the result it last read is gone (helper-47: clearing said nothing).
  const said = nodes[0].textContent;
  if (ui.live.textContent !== said) ui.live.textContent = said;
  ui.result.removeAttribute("data-testid");
}

/**
 * The last result kept, marked out of date: greyed, and said in words in the result and above the form (a phone's
 * first screen), since grey alone does not say the amounts no longer hold.
 */
export function showStale(ui, { t }, onGo) {
  ui.result.classList.add("stale");
  // With a button to the field to correct (helper-53: the note said something was wrong, not where, thousands of
  // pixels above it on a phone).
  if (!ui.top.querySelector("[data-testid=top-stale]"))
    ui.top.prepend(
      h(
        "p",
        { class: "stale-note", dataset: { testid: "top-stale" } },
        t("staleNote"),
        onGo ? actionButton("stale-go-to-fix", onGo, t("goToFix")) : null,
      ),
    );
  ui.top.classList.add("stale");
  ui.result.dataset.testid = "result-stale";
  ui.staleNote.hidden = false;
  // Said to a screen reader: the amounts it last read no longer hold (it kept silent; helper-47).
  if (ui.live.textContent !== t("staleNote"))
    ui.live.textContent = t("staleNote");
}

/**
 * No result yet: a line saying so and, when errors were held back (after "clear"), a button to ask for them; when
 * something was said wrong beside its field, that, with a button to it (a link's error sat four screens below a first
 * screen that said only "fill in the form"; helper-49).
 */
export function emptyResultNodes({ t }, unsaid, onAsk, onGo) {
  const fix = !unsaid && onGo;
  const line = h(
    "p",
    { class: "empty", dataset: { testid: "empty-result" } },
    t(fix ? "emptyFix" : "emptyResult"),
  );
  const [testid, onclick, words] = fix
    ? ["go-to-fix", onGo, "goToFix"]
    : ["show-missing", onAsk, "showMissing"];
  if (!fix && !unsaid) return [line];
  return [line, actionButton(testid, onclick, t(words))];
}

/** A secondary button under a note: to the field to correct, or to ask what is missing. */
function actionButton(testid, onclick, text) {
  return h(
    "button",
    {
      type: "button",
      class: "secondary",
      part: "button",
      dataset: { testid },
      onclick,
    },
    text,
  );
}
