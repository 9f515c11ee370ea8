// The itemized bill: one row per line (name, amount, class A/B/C, class-B pre-payment rate, over-limit part), numbered
// by position (labels "第2项 金额（元）", data-path "bill.lines[1].amount", so that an error lands next to its field).
// A row's values are the state's [name, amount, class, rate, over] (state.js).

import { h, $, $$ } from "./dom.js";
import { MAX_LINES, MAX_TEXT } from "./state.js";
import { writeFields } from "./fields.js";
import { blankRow, rowsFromTotals, totalsFromRows } from "./query.js";
import { halfWidth, money, shift } from "./numbers.js";

const CLASSES = ["A", "B", "C"];
const FIELDS = ["n", "a", "c", "r", "o"];
const PATHS = {
  n: "name",
  a: "amount",
  c: "class",
  r: "prepay_rate",
  o: "over_limit",
};

/**
 * The itemized lines of the list `linesEl`: add(values) → the row's element, renumber(), read() → the rows' values,
 * replace(rows). `ctx` is { t, id }. A link holds at most MAX_LINES lines of at most MAX_TEXT characters (state.js):
 * `addButton` is disabled at that many, and no field takes more, so that the page never writes a link it cannot read.
 */
export function createLines(linesEl, { t, id }, addButton = null) {
  let uid = 0;

  function add(
    [name = "", amount = "", cls = "A", rate = "", over = ""] = [],
    numbered = true,
  ) {
    const n = ++uid;
    const lid = (f) => id(`line-${n}-${f}`);
    const lfield = (f, labelKey, control, extra = {}) =>
      h(
        "div",
        { class: `field line-${f}`, ...extra },
        h("label", {
          for: lid(f),
          part: "label",
          dataset: { label: t(labelKey) },
        }),
        control,
      );
    const text = (f, value, mode, placeholder) =>
      h("input", {
        id: lid(f),
        type: "text",
        inputmode: mode,
        value,
        placeholder: placeholder ? t(placeholder) : null,
        maxlength: MAX_TEXT,
        part: "input",
        dataset: { field: f },
      });
    const classSel = h(
      "select",
      { id: lid("c"), part: "input", dataset: { field: "c" } },
      h("option", { value: "A" }, t("classA")),
      h("option", { value: "B" }, t("classBOption")),
      h("option", { value: "C" }, t("classC")),
    );
    classSel.value = CLASSES.includes(cls) ? cls : "A";
    const li = h(
      "li",
      { class: "line" },
      lfield("n", "lineName", text("n", name, "text", "lineNamePlaceholder")),
      lfield("a", "lineAmount", text("a", amount, "decimal", "")),
      lfield("c", "lineClass", classSel),
      lfield("r", "lineRate", text("r", rate, "decimal", "byTreatedRegion"), {
        dataset: { lineShow: "B" },
      }),
      lfield("o", "lineOver", text("o", over, "decimal", "zero"), {
        dataset: { lineShow: "AB" },
      }),
      h("button", {
        type: "button",
        class: "secondary remove-line",
        part: "button",
        dataset: { remove: "" },
      }),
    );
    linesEl.append(li);
    if (numbered) renumber();
    return li;
  }

  /** Labels ("第2项 金额（元）") and data-path ("bill.lines[1].amount") follow the row's position. */
  function renumber() {
    const rows = $$(".line", linesEl);
    if (addButton) addButton.disabled = rows.length >= MAX_LINES;
    rows.forEach((li, i) => {
      for (const label of $$("label[data-label]", li)) {
        label.textContent = t("lineLabel", {
          n: i + 1,
          label: label.dataset.label,
        });
      }
      for (const el of $$("[data-field]", li)) {
        el.dataset.path = `bill.lines[${i}].${PATHS[el.dataset.field]}`;
      }
      $("[data-remove]", li).textContent = t("removeLine", { n: i + 1 });
      const cls = $('[data-field="c"]', li).value;
      for (const f of $$("[data-line-show]", li))
        f.hidden = !f.dataset.lineShow.includes(cls);
    });
  }

  const read = () =>
    $$(".line", linesEl).map((li) =>
      FIELDS.map((f) => $(`[data-field="${f}"]`, li).value),
    );

  /** The rows of a state; one empty row when itemized lines are chosen but none is given. Numbered once at the end
   * (numbering after each row made 1,000 pasted rows take 12 s; helper-47). */
  function replace(rows, mode) {
    linesEl.replaceChildren();
    for (const l of rows)
      add(
        l.map((x) => String(x ?? "")),
        false,
      );
    if (mode === "lines" && rows.length === 0) add(undefined, false);
    renumber();
  }

  /** Removes a row; the focus goes to the row now in its place, else the one before, else 添加一项 (it fell to the
   * page's top, far from the list; helper-46). */
  function remove(li) {
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    renumber();
    (next ? $('[data-field="n"]', next) : addButton)?.focus();
  }

  return { add, remove, renumber, read, replace };
}

/** The note under the bill's mode, why the lines were kept (form.js). */
const billNote = (ui, ctx) => $(`#${CSS.escape(ctx.id("bill-note"))}`, ui.form);

/** What the bill note shows, if anything ({ key, params }: to say it again once the form is rebuilt). */
export function billNoteShown(ui, ctx) {
  const note = billNote(ui, ctx);
  return note && !note.hidden
    ? { key: note.dataset.key, params: JSON.parse(note.dataset.params || "{}") }
    : undefined;
}

/** Shows the bill note's words (a key, or { key, params }) in the form's language (none: nothing to show). */
export function showBillNote(ui, ctx, what) {
  const note = billNote(ui, ctx);
  const { key, params = {} } =
    typeof what === "string" ? { key: what } : (what ?? {});
  if (!note || !key) return;
  note.dataset.key = key;
  note.dataset.params = JSON.stringify(params);
  note.textContent = ctx.t(key, params);
  note.hidden = false;
}

/**
 * A switch of bill mode (`mode`, from the form's state `s`) starts from what the other side says, worked out by the
 * core: nothing typed is lost. Back to totals, the lines' sums; where totals cannot hold the lines (class-B rates that
 * differ) or a line does not read, the lines stay and the note under the choice says why.
 */
export function switchBill(mode, s, { ui, calc, ctx, locale }) {
  const note = billNote(ui, ctx);
  note.hidden = true;
  if (mode !== "lines") {
    const to = totalsFromRows(calc, s, ctx.t);
    if (to?.totals) writeFields(ui.form, { ...s, ...to.totals });
    if (!to?.keep) return;
    writeFields(ui.form, { ...s, bm: "lines" });
    showBillNote(
      ui,
      ctx,
      to.keep === "rates" ? "billKeepRates" : "billKeepUnread",
    );
  } else if (ui.lines.read().every(blankRow)) {
    // No line typed yet (none, or the empty one left by an earlier switch from totals that did not read: helper-44):
    // the lines start from the totals.
    const rows = rowsFromTotals(calc, s, ctx.t, locale);
    ui.lines.replace(rows, "lines");
    const typed = ["bt", "bo", "bl", "bb"].some((k) =>
      String(s[k] ?? "").trim(),
    );
    if (rows.length === 0 && typed) showBillNote(ui, ctx, "billLinesUnread");
  }
}

/** A pasted row's class as a 费用清单 names it (甲/乙/丙, 自费, A/B/C). */
const PASTED_CLASS = [
  [/^(?:甲|甲[类類]|a)$/i, "A"],
  [/^(?:乙|乙[类類]|b)$/i, "B"],
  [/^(?:丙|丙[类類]|自[费費]|全自[费費]|c)$/i, "C"],
];
const classOf = (cell) => PASTED_CLASS.find(([re]) => re.test(cell))?.[1];
/** A cell that is a number as a bill writes it ("1,234.50", "600", "¥600.00", "600元", "10%"). */
const NUMBER_CELL = /^[¥￥]?\s*\d[\d,，]*(?:\.\d+)?\s*(?:元|%)?$/;
/** A bill's sum rows, which are not lines of their own: a cell that is a sum's word (简体 or 繁體), or a name that ends
 * in one (费用合计); helper-75: 合計, a 合计 in the 序号 column and 费用合计 were counted as lines. */
const SUM_ROW =
  /^(?:合\s*[计計]|[总總]\s*[计計]|小\s*[计計]|[总總][额額]|共\s*[计計]|[总總][费費]用|total|subtotal|grand total)/i;
const SUM_END =
  /(?:合[计計]|[总總][计計]|小[计計]|[总總][额額]|[总總][费費]用|total)$/i;
const isSumRow = (cells, name) =>
  cells.some((c) => SUM_ROW.test(c)) ||
  SUM_ROW.test(cells.filter((c) => !NUMBER_CELL.test(c)).join("")) ||
  (name != null && SUM_END.test(name));
/** A header row's columns: the line's amount, its name, its class, its class-B pre-payment ratio. */
const HEADER = {
  amount:
    /^(?:金[额額]|[费費]用|合[计計]金[额額]|[总總]金[额額]|金[额額]（元）|金[额額]\(元\)|amount)$/i,
  name: /(?:名[称稱]|[项項]目|品名|name|item)/i,
  cls: /(?:[类類][别別]|[类類]型|甲乙|医保等[级級]|class)/i,
  rate: /(?:自付比例|先行自付|自付率)/,
};

/** A pasted ratio as the form's percentage: "0.10" → "10", "10%" → "10" (text, not arithmetic: shift). */
function ratePercent(cell) {
  const t = String(cell ?? "").trim();
  if (t.endsWith("%")) return t.slice(0, -1).trim();
  return /^0?\.\d+$|^[01]$/.test(t) ? shift(t, 2) : t;
}

/** A cell written in 万 as the amount fields read it ("3万5", "1.5万元"): its digits; any other cell as it is
 * (helper-73: such rows were dropped from a paste, the bill short by them). Read so in a header's amount column, or
 * elsewhere only with 元 ("80万" beside a drug's name is its strength in units: helper-75). */
const WAN_CELL = /[万萬]/;
const wanAsDigits = (c) => {
  if (!WAN_CELL.test(c)) return c;
  const digits = money(c);
  return digits && /^\d+(?:\.\d+)?$/.test(digits) ? digits : c;
};

/** The cells of a pasted row: split by tabs, else by two spaces or more (or full-width spaces); full-width digits read
 * as digits (helper-65: "９９" and "１２.５" made no lines). */
const cellsOf = (line) =>
  line
    .split(/\t/.test(line) ? /\t/ : / {2,}|\u3000+/)
    .map((c) => halfWidth(c).trim());

/**
 * An itemized bill pasted from a spreadsheet or a hospital's e-bill (pure): one row per line of text. With a header
 * row (金额, 名称/项目, 类别, 自付比例), its columns say which cell is which; without one, the name is the first cell that
 * is not a number, the amount the largest number written with its fen (a line's amount is at least its unit price, its
 * self-paid part and any ratio; a quantity has no fen), else the largest number; a cell 甲/乙/丙 (自费, A/B/C) gives the
 * class (甲类及其他 when none). Sum rows (合计, 总计 …) and rows without an amount are left out. Amounts stay as typed: the
 * core reads them. Returns the rows ([name, amount, class, rate, ""]), or [] when the text is not two lines or more.
 */
export function linesFromPaste(text) {
  const lines = String(text ?? "")
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim());
  if (lines.length < 2) return [];
  const first = cellsOf(lines[0]);
  const column = (re) => first.findIndex((c) => re.test(c));
  /** The first column a test finds, trying the tests in turn (the better header first); -1 when none does. */
  const preferred = (...tests) =>
    tests.map((t) => first.findIndex(t)).find((i) => i >= 0) ?? -1;
  const header =
    !first.some((c) => NUMBER_CELL.test(c)) && column(HEADER.amount) >= 0;
  const at = header
    ? {
        amount: column(HEADER.amount),
        // A name's column before an item's code (项目编码 comes before 项目名称 on e-bills).
        name: preferred(
          (c) => /名[称稱]|品名|name/i.test(c),
          (c) => HEADER.name.test(c),
        ),
        // The insurance class: a 医保 column first, never a 费用类别 (西药费, 化验费; helper-79).
        cls: preferred(
          (c) => HEADER.cls.test(c) && /医保|甲乙/.test(c),
          (c) => HEADER.cls.test(c) && !/[费費]用/.test(c),
        ),
        rate: column(HEADER.rate),
      }
    : null;
  const rows = [];
  for (const line of header ? lines.slice(1) : lines) {
    const cells = cellsOf(line);
    let name, amount, cls, rate;
    if (at) {
      name = at.name >= 0 ? cells[at.name] : undefined;
      amount = wanAsDigits(cells[at.amount] ?? "");
      cls = at.cls >= 0 ? classOf(cells[at.cls] ?? "") : undefined;
      rate = at.rate >= 0 ? cells[at.rate] : undefined;
      if (!amount || !NUMBER_CELL.test(amount)) continue;
    } else {
      const filled = cells
        .filter(Boolean)
        .map((c) => (/元$/.test(c) ? wanAsDigits(c) : c));
      // Not a code of eight digits or more (医保 item codes: helper-79 read 310100001 as yuan).
      const numbers = filled.filter(
        (c) => NUMBER_CELL.test(c) && !c.endsWith("%") && !/^\d{8,}$/.test(c),
      );
      const words = filled.filter((c) => !NUMBER_CELL.test(c));
      const value = (c) => Number(c.replace(/[^\d.]/g, ""));
      const money = numbers.filter((c) => /\.\d/.test(c));
      const pool = money.length ? money : numbers;
      amount = pool.reduce(
        (m, c) => (m === undefined || value(c) > value(m) ? c : m),
        undefined,
      );
      cls = words.map(classOf).find(Boolean);
      name = words.find((c) => !classOf(c));
      if (!amount) continue;
    }
    if (isSumRow(cells, name)) continue;
    rows.push([
      (name ?? "").slice(0, MAX_TEXT),
      amount,
      cls ?? "A",
      cls === "B" && rate ? ratePercent(rate) : "",
      "",
    ]);
  }
  return rows.length >= 1 && (header || rows.length >= 2) ? rows : [];
}

/** The most rows a paste reads: the core's limit of a bill's lines. */
const MAX_PASTED = 10000;

/**
 * A bill pasted into the total or a line's name or amount: its rows become the itemized lines (after those already
 * typed), the bill switches to lines, and `onChange` asks again. Text of one line pastes as usual. More rows than the
 * form holds (MAX_LINES, what a link can carry; a long stay's 费用清单 runs to thousands): the core sums them into the
 * totals, said in the note; where totals cannot hold them (class-B rates that differ, a row that does not read), the
 * first MAX_LINES are kept and the note says the rest are not counted (they were dropped silently; helper-47).
 * `deps` is { calc, ctx, readForm }.
 */
export function wirePaste(ui, onChange, { calc, ctx, readForm }) {
  ui.form.addEventListener("paste", (ev) => {
    const target = ev.target;
    const into =
      target?.name === "bt" ||
      target?.matches?.('[data-field="n"], [data-field="a"]');
    if (!into) return;
    const rows = linesFromPaste(ev.clipboardData?.getData("text/plain"));
    if (!rows.length) return;
    ev.preventDefault();
    const s = readForm();
    // Lines typed before are kept only when the bill is entered as lines (a paste into the total added the lines left
    // from an earlier switch: 1,202 for 1,200 pasted; helper-49).
    const typed =
      s.bm === "lines" ? ui.lines.read().filter((r) => !blankRow(r)) : [];
    const all = [...typed, ...rows];
    const said = { n: all.length, max: MAX_LINES, most: MAX_PASTED };
    billNote(ui, ctx).hidden = true;
    if (all.length > MAX_PASTED) {
      // More than the core reads as one bill: nothing changed, and said (it kept 10,000 and said "共 10000 项").
      showBillNote(ui, ctx, { key: "billPasteTooMany", params: said });
      return;
    }
    const to =
      all.length > MAX_LINES
        ? totalsFromRows(calc, { ...s, lines: all }, ctx.t)
        : null;
    if (to?.totals) {
      writeFields(ui.form, { ...to.totals, bm: "simple" });
      ui.lines.replace([], "simple");
      showBillNote(ui, ctx, { key: "billPasteTotals", params: said });
    } else {
      writeFields(ui.form, { bm: "lines" });
      ui.lines.replace(all.slice(0, MAX_LINES), "lines");
      if (to)
        showBillNote(ui, ctx, {
          key: to.keep === "rates" ? "billPasteCutRates" : "billPasteCut",
          params: said,
        });
    }
    onChange();
  });
}
