// The form's markup: every field labelled, with its hint tied by aria-describedby, and every input that feeds the query
// carrying data-path (the query path, so that an error lands next to its field) and name (the state's key, see
// state.js). Parts shown only for some states carry data-show (state.js shownParts). Builds elements only: the
// controller (calculator-ui.js) wires them. `ctx` is { t, id, layout }: the messages, the id maker, "full" | "compact".

import { h } from "./dom.js";
import { MAX_TEXT } from "./state.js";
import { linkFirstFiling, situationsFieldset } from "./situations.js";
import { layerFields } from "./layers.js";

/** The form's builders for one context: field, input, select, check, row, fieldset, regionPicker. */
export function formKit({ t, id }) {
  /** A labelled control in a .field, with an optional hint tied to it by aria-describedby. */
  function field(labelKey, control, { show, hint, cls } = {}) {
    const hintEl = hint
      ? h("p", { class: "hint", id: `${control.id}-hint` }, t(hint))
      : null;
    if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
    return h(
      "div",
      {
        class: cls ? `field ${cls}` : "field",
        dataset: show ? { show } : undefined,
      },
      h("label", { for: control.id, part: "label" }, t(labelKey)),
      control,
      hintEl,
    );
  }

  const input = (
    key,
    name,
    path,
    { mode, type = "text", placeholder, kind } = {},
  ) =>
    h("input", {
      id: id(key),
      name,
      type,
      inputmode: mode,
      placeholder: placeholder ? t(placeholder) : null,
      part: "input",
      dataset: path ? { path, ...(kind ? { kind } : {}) } : undefined,
    });

  const select = (key, name, path, options) =>
    h(
      "select",
      {
        id: id(key),
        name,
        part: "input",
        dataset: path ? { path } : undefined,
      },
      options.map(([value, label]) => h("option", { value }, t(label))),
    );

  function check(key, name, labelKey, { checked, show } = {}) {
    return h(
      "div",
      { class: "check", dataset: show ? { show } : undefined },
      h("input", {
        id: id(key),
        name,
        type: "checkbox",
        checked,
        part: "input",
      }),
      h("label", { for: id(key), part: "label" }, t(labelKey)),
    );
  }

  const row = (...kids) => h("div", { class: "row" }, kids);
  const fieldset = (legendKey, ...kids) =>
    h("fieldset", {}, h("legend", {}, t(legendKey)), kids);

  /** A province → city picker (with a type-to-search input for the insured and treated regions). */
  function regionPicker(name, path, stateKey) {
    const search =
      name === "area"
        ? null
        : h("input", {
            id: id(`${name}-search`),
            type: "search",
            list: id("region-list"),
            placeholder: t(`${name}SearchPlaceholder`),
            part: "input",
            dataset: { path, ui: "search" },
          });
    const province = h("select", {
      id: id(`${name}-province`),
      part: "input",
      dataset: { ui: "province" },
    });
    const region = h("select", {
      id: id(`${name}-region`),
      name: stateKey,
      part: "input",
      dataset: { path, ui: "region" },
    });
    return h(
      "div",
      {
        class: "region-picker",
        dataset: { picker: name, ...(name === "area" ? { show: "area" } : {}) },
      },
      search ? field(`${name}Search`, search) : null,
      row(field(`${name}Province`, province), field(`${name}City`, region)),
    );
  }

  return { field, input, select, check, row, fieldset, regionPicker };
}

/** The form: { form, linesEl (the itemized lines' list), addLine (its button) }. */
export function buildForm(ctx) {
  const { t, id, layout } = ctx;
  const kit = formKit(ctx);
  const compact = layout === "compact";
  const more = (...kids) =>
    compact
      ? h(
          "details",
          { class: "more", part: "more" },
          h("summary", {}, t("moreOptions")),
          kids,
        )
      : kids;
  const linesEl = h("ol", { id: id("lines"), class: "lines" });
  const addLine = h(
    "button",
    {
      type: "button",
      id: id("add-line"),
      class: "secondary",
      part: "button",
    },
    t("addLine"),
  );
  const billRadios = billModeRadios(ctx);
  const history = [historyFields(ctx, kit), layerFields(kit)];
  const simpleMore = billDetailFields(kit);
  const form = h(
    "form",
    {
      id: id("form"),
      class: "panel form",
      part: "form",
      novalidate: true,
      autocomplete: "off",
      "aria-labelledby": id("form-title"),
    },
    h("h2", { class: "visually-hidden", id: id("form-title") }, t("formTitle")),
    // Enter in a field asks for the result (what is still missing, said at its field): a form of several fields
    // submits on Enter only when it has a submit button. Unseen and out of the tab order; the page's own buttons stay.
    h("button", { type: "submit", hidden: true, tabindex: "-1" }),
    situationFields(kit),
    insuredFields(kit),
    visitFields(ctx, kit),
    filingFields(kit),
    kit.fieldset(
      "legendBill",
      compact ? null : billRadios,
      h(
        "div",
        { dataset: { show: "bill-simple" } },
        kit.row(
          kit.field(
            "total",
            kit.input("total", "bt", "bill.total", { mode: "decimal" }),
          ),
          kit.field(
            "outOfCatalogue",
            kit.input("out-of-catalogue", "bo", "bill.out_of_catalogue", {
              mode: "decimal",
              placeholder: "zero",
            }),
          ),
        ),
        compact ? null : simpleMore,
      ),
      h("div", { dataset: { show: "bill-lines" } }, linesEl, addLine),
      more(
        compact ? billRadios : null,
        compact ? simpleMore : null,
        compact ? history : null,
      ),
    ),
    compact ? null : history,
    situationsFieldset(kit, ctx),
    formActions(ctx),
  );
  linkFirstFiling(form);
  // No field takes more than a link can hold (state.js), so that the page never writes a link it cannot read.
  for (const el of form.querySelectorAll(
    'input:not([type]), input[type="text"], input[type="search"]',
  ))
    el.maxLength = MAX_TEXT;
  return { form, linesEl, addLine };
}

function situationFields({ fieldset, field, select, row }) {
  return fieldset(
    "legendSituation",
    field(
      "situation",
      select("situation", "si", "situation", [
        ["", "situationUnset"],
        ["planning", "situationPlanning"],
        ["in_hospital", "situationInHospital"],
        ["discharged", "situationDischarged"],
      ]),
      { hint: "situationHint" },
    ),
    // Once it is over, how it was paid: a bill paid in full is claimed at home (the core's R3.7).
    field(
      "paidHow",
      select("paid-how", "pd", "paid_in_full", [
        ["", "notSaid"],
        ["share", "paidShare"],
        ["all", "paidAll"],
      ]),
      { show: "discharged" },
    ),
    // What decides which filings are open to the person (the core's R2.1): asked while a filing can still be made.
    row(
      field(
        "livesThere",
        select("lives-there", "lt", "circumstances.lives_there", [
          ["", "notSaid"],
          ["yes", "livesThereYes"],
          ["no", "livesThereNo"],
        ]),
        { show: "can-file" },
      ),
      field(
        "referred",
        select("referred", "rf", "circumstances.referred", [
          ["", "notSaid"],
          ["yes", "referredYes"],
          ["no", "referredNo"],
        ]),
        { show: "can-file" },
      ),
    ),
  );
}

function insuredFields({ fieldset, field, select, input, row, regionPicker }) {
  return fieldset(
    "legendInsured",
    regionPicker("insured", "insured.region", "ir"),
    row(
      field(
        "scheme",
        select("scheme", "sc", "insured.scheme", [
          ["", "chooseScheme"],
          ["employee", "schemeEmployee"],
          ["resident", "schemeResident"],
        ]),
      ),
      field(
        "status",
        select("status", "st", "insured.status", [
          // Not said (a cleared form): the core gives the range over both where the figures differ.
          ["", "notSaid"],
          ["retired", "statusRetired"],
          ["employed", "statusEmployed"],
        ]),
        { show: "employee" },
      ),
      // Asked of everyone: residents' figures and some regions' employee figures (成都, 上海's retirees) are set by age.
      field(
        "age",
        input("age", "age", "insured.age", {
          mode: "numeric",
          placeholder: "agePlaceholder",
        }),
      ),
      // Where a region pays residents by contribution tier (R5.6g: 青岛, 成都), not said gives the range over both; asked
      // only where the core says the figures depend on it (helper-62: shown to everyone, an employee example included).
      field(
        "tier",
        select("tier", "tr", "insured.tier", [
          ["", "notSaid"],
          ["higher", "tierHigher"],
          ["lower", "tierLower"],
        ]),
        { show: "tier" },
      ),
    ),
  );
}

function visitFields({ id }, kit) {
  const { fieldset, field, select, input, check, row, regionPicker } = kit;
  return fieldset(
    "legendVisit",
    regionPicker("visit", "visit.region", "vr"),
    row(
      field(
        "kind",
        select("kind", "vk", "visit.kind", [
          ["inpatient", "kindInpatient"],
          ["outpatient", "kindOutpatient"],
          ["chronic_outpatient", "kindChronic"],
          ["pharmacy", "kindPharmacy"],
          ["maternity", "kindMaternity"],
        ]),
      ),
      field(
        "level",
        select("level", "lv", "visit.hospital_level", [
          ["tertiary", "levelTertiary"],
          ["secondary", "levelSecondary"],
          ["primary", "levelPrimary"],
          ["community", "levelCommunity"],
        ]),
        { show: "not-pharmacy" },
      ),
    ),
    field(
      "disease",
      h("select", {
        id: id("disease"),
        name: "cd",
        part: "input",
        dataset: { path: "visit.chronic_disease" },
      }),
      { show: "chronic" },
    ),
    h(
      "div",
      { class: "checks" },
      check("networked", "nw", "networked", { checked: true }),
      check("emergency", "em", "emergency", { show: "not-pharmacy" }),
    ),
    h(
      "div",
      { class: "row", dataset: { show: "inpatient" } },
      field(
        "admission",
        input("admission", "ad", "visit.admission", { type: "date" }),
      ),
      field(
        "discharge",
        input("discharge", "dc", "visit.discharge", { type: "date" }),
      ),
    ),
    field(
      "visitDate",
      input("visit-date", "dt", "visit.date", { type: "date" }),
      { show: "not-inpatient" },
    ),
  );
}

function filingFields({
  fieldset,
  field,
  select,
  input,
  check,
  row,
  regionPicker,
}) {
  return fieldset(
    "legendFiling",
    row(
      field(
        "filing",
        select("filing", "fc", "filing.category", [
          ["", "filingNone"],
          ["long_term", "filingLongTerm"],
          ["referral", "filingReferral"],
          ["emergency", "filingEmergency"],
          ["temporary_other", "filingTemporary"],
          ["maternity", "filingMaternity"],
        ]),
      ),
      field(
        "filingKind",
        select("filing-kind", "fk", "filing.long_term_kind", [
          ["retiree", "kindRetiree"],
          ["resident", "kindResident"],
          ["posted_worker", "kindPosted"],
        ]),
        { show: "long-term" },
      ),
    ),
    h(
      "div",
      { dataset: { show: "filed" } },
      row(
        field(
          "filingStart",
          input("filing-start", "fs", "filing.start", { type: "date" }),
        ),
        field(
          "filingEnd",
          input("filing-end", "fe", "filing.end", { type: "date" }),
          { hint: "filingEndHint" },
        ),
      ),
      field(
        "filedOn",
        input("filing-on", "fo", "filing.filed_on", { type: "date" }),
        { hint: "filedOnHint" },
      ),
      check("filing-same", "fsame", "filingSame", { checked: true }),
      regionPicker("area", "filing.area", "fa"),
    ),
  );
}

/** Totals or itemized lines. */
function billModeRadios({ t, id }) {
  const radio = (key, value, label, checked) =>
    h(
      "div",
      { class: "check" },
      h("input", {
        id: id(key),
        name: "bm",
        type: "radio",
        value,
        checked,
        part: "input",
      }),
      h("label", { for: id(key), part: "label" }, label),
    );
  return h(
    "fieldset",
    { class: "radios" },
    h("legend", {}, t("billMode")),
    radio("bill-simple", "simple", t("billSimple"), true),
    radio("bill-lines", "lines", t("billLines"), false),
    // Why the lines were kept when the person asked for totals (calculator-ui.js).
    h("p", {
      class: "hint",
      id: id("bill-note"),
      role: "status",
      hidden: true,
    }),
  );
}

/** The totals' details: over-limit, class B and its pre-payment rate. */
function billDetailFields({ field, input, row }) {
  return h(
    "div",
    {},
    row(
      field(
        "overLimit",
        input("over-limit", "bl", "bill.over_limit", {
          mode: "decimal",
          placeholder: "zero",
        }),
      ),
      field(
        "classB",
        input("class-b", "bb", "bill.class_b.amount", {
          mode: "decimal",
          placeholder: "zero",
        }),
      ),
    ),
    field(
      "classBRate",
      input("class-b-rate", "br", "bill.class_b.prepay_rate", {
        mode: "decimal",
        placeholder: "byTreatedRegion",
        kind: "percent",
      }),
      { show: "class-b", hint: "classBRateHint" },
    ),
  );
}

/** This benefit year so far. */
function historyFields({ t }, { field, input }) {
  return h(
    "fieldset",
    {},
    h("legend", {}, t("legendHistory")),
    h(
      "div",
      { class: "row three" },
      field(
        "admissions",
        input("admissions", "ha", "history.admissions", {
          mode: "numeric",
          placeholder: "zero",
        }),
      ),
      field(
        "deductiblePaid",
        input("deductible-paid", "hd", "history.deductible_paid", {
          mode: "decimal",
          placeholder: "zero",
        }),
      ),
      field(
        "fundPaid",
        input("fund-paid", "hf", "history.fund_paid", {
          mode: "decimal",
          placeholder: "zero",
        }),
      ),
    ),
  );
}

/** Clear and reset. */
function formActions({ t, id }) {
  const button = (key, label) =>
    h(
      "button",
      { type: "button", id: id(key), class: "secondary", part: "button" },
      label,
    );
  return h(
    "p",
    { class: "form-actions" },
    button("clear", t("clear")),
    button("reset", t("reset")),
  );
}
