// The parameters panel: every figure the estimate uses (deductible, ratio or bands, cap, second layer, class-B rate,
// cross-region cut) with its sources, grade and dates, each editable. An edit is an override (marked 已修改, with the
// data's own value and a way back); a figure the region lacks is asked for (请填写). The panel owns its rows; the
// edits themselves (`overrides`, figure name → text typed) are the controller's. `ctx` is { t, pick, id, layout }.

import { h, $, $$ } from "./dom.js";
import { PARAMS, rawQualifier, rawText } from "./figure-text.js";
import { sourcesList } from "./slip.js";
import { MAX_TEXT } from "./state.js";

/**
 * The panel's section: { section, body (the figures' rows go here), details (compact layout: the <details> it folds
 * into) }. `extra` goes under the figures (the past-slip helper).
 */
export function buildParamsSection({ t, id, layout }, extra) {
  const body = h("div", { id: id("params-body"), class: "params-body" });
  const kids = [h("p", { class: "hint" }, t("paramsHint")), body, extra];
  const section = (...content) =>
    h(
      "section",
      {
        id: id("params"),
        class: "panel params",
        part: "params",
        "aria-labelledby": id("params-title"),
      },
      content,
    );
  if (layout === "compact") {
    const details = h(
      "details",
      { class: "params-details" },
      h("summary", { id: id("params-title") }, t("paramsTitle")),
      kids,
    );
    return { section: section(details), body, details };
  }
  return {
    section: section(
      h("h2", { id: id("params-title") }, t("paramsTitle")),
      kids,
    ),
    body,
    details: null,
  };
}

/**
 * The figures' rows in `panel` ({ section, body, details } from buildParamsSection): render(base, used, overrides)
 * shows the data's figures (`base`, analyze's data_parameters, else its parameters) and those used (`used`, with the edits);
 * clear() drops the rows; focusMissing() opens the panel on the first figure to enter. Edits call
 * onEdit(name, text), a restore button onReset(name), and leaving the panel onLeave().
 */
export function paramsPanel(panel, ctx, { onEdit, onReset, onLeave }) {
  const { section, body, details } = panel;
  const rows = new Map();

  function row(name) {
    let r = rows.get(name);
    if (!r) {
      r = paramRow(name, ctx);
      rows.set(name, r);
    }
    return r;
  }

  function render(base, used, overrides) {
    if (!base) {
      section.classList.add("stale");
      return;
    }
    section.classList.remove("stale");
    const shownUsed = used ?? base;
    const baseBy = new Map(base.parameters.map((p) => [p.name, p]));
    const usedBy = new Map(shownUsed.parameters.map((p) => [p.name, p]));
    const missing = new Set([...shownUsed.missing, ...base.missing]);
    const optional = new Set(shownUsed.optional ?? []);
    const names = shownNames({ baseBy, usedBy, missing, optional, overrides });
    if (details && missing.size && !Object.keys(overrides).length)
      details.open = true;

    const active = section.getRootNode().activeElement;
    names.forEach((name, i) => {
      const r = row(name);
      if (body.children[i] !== r)
        body.insertBefore(r, body.children[i] ?? null);
      fillRow(r, name, {
        b: baseBy.get(name),
        optional: optional.has(name),
        adj: usedBy.get("adjustment"),
        overrides,
        active,
        ctx,
      });
    });
    for (const [name, r] of rows) {
      if (!names.includes(name) && r.isConnected && !r.contains(active))
        r.remove();
    }
    if (names.length === 0) {
      body.replaceChildren(h("p", { class: "hint" }, ctx.t("noParams")));
    } else {
      for (const p of $$(":scope > p", body)) p.remove();
    }
  }

  function clear() {
    for (const r of rows.values()) r.remove();
    rows.clear();
  }

  function focusMissing() {
    if (details) details.open = true;
    const el = $(".param.missing input", section);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  }

  body.addEventListener("input", (ev) => {
    const field = ev.target.closest("input[data-param]");
    if (field) onEdit(field.dataset.param, field.value);
  });
  body.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button[data-reset]");
    if (!btn) return;
    onReset(btn.dataset.reset);
    $(`[data-param="${btn.dataset.reset}"]`, body)?.focus();
  });
  body.addEventListener("focusout", onLeave);

  return { render, clear, focusMissing };
}

/** The figures shown, in PARAMS order: those on file, used, missing or edited (the cut only when it is in points). */
function shownNames({ baseBy, usedBy, missing, optional, overrides }) {
  const adjOp = baseBy.get("adjustment")?.raw?.op;
  return Object.keys(PARAMS).filter((n) =>
    n === "adjustment"
      ? n in overrides || ["none", "pp_reduction"].includes(adjOp)
      : baseBy.has(n) ||
        usedBy.has(n) ||
        missing.has(n) ||
        optional.has(n) ||
        n in overrides,
  );
}

/** One figure's row: label, input, hint, status, restore button, sources and dates. */
function paramRow(name, { t, id }) {
  const spec = PARAMS[name];
  const pid = id(`param-${name}`);
  const field = h("input", {
    id: pid,
    type: "text",
    inputmode:
      spec.kind === "amount" || spec.kind === "points" ? "decimal" : "text",
    placeholder: t(`p_${name}_example`),
    // A figure typed here goes into the link, which holds at most MAX_TEXT characters a field.
    maxlength: MAX_TEXT,
    part: "input",
    dataset: { path: `overrides.${name}`, param: name },
  });
  if (spec.alt) field.dataset.altPath = spec.alt;
  const hintId = `${pid}-hint`;
  if (spec.hint) field.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "param", dataset: { name } },
    h("label", { for: pid, part: "label" }, t(`p_${name}`)),
    h(
      "div",
      { class: "param-input" },
      field,
      spec.kind === "points"
        ? h("span", { class: "unit" }, t("pointsUnit"))
        : null,
    ),
    spec.hint
      ? h("p", { class: "hint", id: hintId }, t(`p_${name}_hint`))
      : null,
    h("p", { class: "param-status" }),
    h(
      "button",
      {
        type: "button",
        class: "link reset",
        part: "button",
        dataset: { reset: name },
      },
      t("restore"),
    ),
    h("div", { class: "param-meta" }),
  );
}

/**
 * A row's contents for the data's figure `b` (absent: missing) and the edits: the input's text (unless it has the
 * focus), 已修改 with the data's value, 请填写, or what the data says beside the number; the sources and dates.
 * `adj` is the cut used (the core's words for it when not edited).
 */
function fillRow(r, name, { b: given, optional, adj, overrides, active, ctx }) {
  const { t, pick } = ctx;
  const field = $("input", r);
  const overridden = name in overrides;
  // A stand-in region's figure (basis "typical") is not the person's region's: no number in the field and no sources
  // of another city beside it, only the core's words for the range it stood in for.
  const standIn = given?.basis === "typical" ? given : null;
  const b = standIn ? null : given;
  const isMissing = !b && !standIn && !optional && name !== "adjustment";
  r.classList.toggle("overridden", overridden);
  r.classList.toggle("missing", isMissing && !overridden);
  if (field !== active)
    field.value = overridden ? overrides[name] : rawText(name, b?.raw, t);
  const status = $(".param-status", r);
  $(".reset", r).hidden = !overridden;
  if (overridden) {
    const original = b ? rawText(name, b.raw, t) || pick(b.value) : "";
    status.replaceChildren(
      h("span", { class: "badge" }, t("edited")),
      ` ${t("editedNote")}${b ? t("originalValue", { value: original }) : t("notOnFile")}`,
    );
  } else if (isMissing) {
    status.replaceChildren(
      h("span", { class: "badge warn" }, t("pleaseFill")),
      ` ${t("missingFigure")}`,
    );
  } else if (standIn) {
    status.textContent = pick(standIn.value);
  } else if (!b && optional) {
    status.textContent = t("optionalFigure");
  } else if (name === "adjustment") {
    status.textContent = adj ? pick(adj.value) : "";
  } else {
    status.textContent = rawQualifier(name, b?.raw, t);
  }
  const srcs = name === "adjustment" && overridden ? [] : b?.sources;
  // Rebuilt only when it says something else: the panel is drawn again when a field is left, and a rebuilt source link
  // took the keyboard's focus with it (Tab from a figure to its source landed on the page; helper-29 F8).
  const meta = $(".param-meta", r);
  const key = JSON.stringify([
    srcs ?? null,
    b?.from ?? null,
    b?.last_verified ?? null,
  ]);
  if (meta.dataset.key === key) return;
  meta.dataset.key = key;
  meta.replaceChildren(
    ...[sourcesList(srcs, ctx), figureDates(b, t)].filter(Boolean),
  );
}

/** In force from (or 起始日期不详), last verified. */
function figureDates(b, t) {
  const dates = [];
  if (b?.from === "unknown") dates.push(t("inForceUnknown"));
  else if (b?.from) dates.push(t("inForceFrom", { date: b.from }));
  if (b?.last_verified)
    dates.push(t("lastVerified", { date: b.last_verified }));
  return dates.length ? h("p", { class: "dates" }, dates.join(" · ")) : null;
}
