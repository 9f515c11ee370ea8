// 数据覆盖: every pooling region with what the policy data covers for it, the best grade of its sources and its dates.
// Data comes from the wasm core (Calculator.coverage() and .regions()); nothing leaves the page. DOM built with
// textContent only (the CSP forbids inline scripts and styles).

/** The full core (with the coverage report), loaded in main(): offline it may not be here, and the page says so. */
let Calculator;

const SCHEME = { employee: "职工", resident: "居民" };
const KIND = {
  inpatient: "住院",
  outpatient: "普通门诊",
  chronic_outpatient: "门诊慢特病",
  pharmacy: "药店购药",
};
const CATEGORY = {
  local: "本地就医",
  long_term: "长期居住",
  referral: "转诊",
  emergency: "急诊抢救",
  temporary_other: "其他临时外出",
  intra_province_exempt: "省内免备案",
  arrangement: "区域视同备案",
  unfiled: "未备案",
  late_filing: "结算后补办备案",
  maternity: "异地生育就医",
  long_term_at_home: "长期居住人员回参保地就医",
};
const SCOPE = { any: "", cross_province: "跨省", intra_province: "省内" };
const INTRA = { exempt: "免备案", required: "需备案", unknown: "未知" };
const GRADE_TEXT = {
  A: "A 级：官方文件",
  B: "B 级：准官方（官方媒体、经办机构问答）",
  C: "C 级：二手资料（未经官方核实）",
  D: "D 级：不可靠来源",
  E: "E 级：公开代码或数据",
};
/** Today on the device, YYYY-MM-DD (local time). */
const TODAY = (() => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000)
    .toISOString()
    .slice(0, 10);
})();

const $ = (sel) => document.querySelector(sel);
const statusEl = $("#status");
const rowsEl = $("#rows");
const table = $("#coverage");
const filterEl = $("#filter");
const onlyEl = $("#only-figures");
const fileEl = $("#policies-file");
const errorsEl = $("#file-errors");

/** createElement with attributes and text/element children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

function gradeBadge(grade) {
  if (!grade) return null;
  return h(
    "span",
    { class: `grade grade-${grade}`, title: GRADE_TEXT[grade] ?? "" },
    grade,
  );
}

/** Whether the core's `recheck_after` day (a figure verified over two years before it may have changed) has come. */
const isStale = (recheckAfter) =>
  Boolean(recheckAfter) && TODAY >= recheckAfter;

/** "from … · verified …" plus the grade and a stale flag, for one item. */
function evidence(ev) {
  const parts = [];
  if (ev.from === "unknown") parts.push("起始日期不详");
  else if (ev.from) parts.push(`${ev.from} 起`);
  if (ev.last_verified) parts.push(`核实 ${ev.last_verified}`);
  return h(
    "span",
    { class: "cov-ev" },
    gradeBadge(ev.grade),
    parts.map((p, i) => [i ? " · " : " ", nowrap(p)]),
    isStale(ev.recheck_after)
      ? h(
          "span",
          { class: "cov-stale", title: "最近核实已超过两年" },
          "可能已调整",
        )
      : null,
  );
}

function nowrap(text) {
  return h("span", { class: "cov-nw" }, text);
}

function percent(rate) {
  const n = Math.round(Number(rate) * 10000) / 100;
  return `${n}%`;
}

function list(items) {
  return items.length ? h("ul", { class: "cov-list" }, items) : none("未收录");
}

function none(text) {
  return h("span", { class: "cov-none" }, text);
}

function schedulesCell(e) {
  return list(
    e.schedules.map((s) =>
      h(
        "li",
        { "data-item": `${s.scheme}-${s.visit_kind}` },
        `${SCHEME[s.scheme] ?? s.scheme} · ${KIND[s.visit_kind] ?? s.visit_kind}`,
        s.versions > 1 ? `（${s.versions} 个版本）` : "",
        " ",
        evidence(s.evidence),
      ),
    ),
  );
}

function classBCell(e) {
  return list(
    e.class_b.map((c) =>
      h(
        "li",
        {},
        percent(c.rate),
        c.scheme ? `（${SCHEME[c.scheme] ?? c.scheme}）` : "",
        " ",
        evidence(c.evidence),
      ),
    ),
  );
}

const PAYS = { nothing: "医保不支付", manual_claim: "回参保地手工报销" };
const HOME = { local: "按本地待遇", referral: "按跨省转诊待遇" };

/** Who is paid where beyond filing (R1.16 non-designated institutions, R1.12 long-term filers at home). */
function accessNote(e) {
  const a = e.access;
  if (!a) return null;
  const items = [
    a.non_designated ? `非定点医疗机构：${PAYS[a.non_designated]}` : "",
    a.non_designated_emergency
      ? `非定点急诊抢救：${PAYS[a.non_designated_emergency]}`
      : "",
    a.long_term_at_home
      ? `长期备案人员回参保地：${HOME[a.long_term_at_home]}`
      : "",
  ].filter(Boolean);
  return h(
    "div",
    { "data-access": a.region },
    h(
      "ul",
      { class: "cov-list" },
      items.map((t) => h("li", {}, t)),
    ),
    evidence(a.evidence),
  );
}

function adjustmentsCell(e, provinces) {
  const a = e.adjustments;
  if (!a)
    return accessNote(e)
      ? h("div", {}, none("未收录（按国家规定的最大降幅估算）"), accessNote(e))
      : none("未收录（按国家规定的最大降幅估算）");
  const rules = a.rules.map((r) => {
    const qualifiers = [
      SCOPE[r.scope],
      r.scheme ? SCHEME[r.scheme] : "",
      ...(r.visit_kinds ?? []).map((k) => KIND[k] ?? k),
    ].filter(Boolean);
    return h(
      "li",
      {},
      `${CATEGORY[r.category] ?? r.category}`,
      qualifiers.length ? `（${qualifiers.join("，")}）` : "",
      `：${r.text}`,
    );
  });
  return h(
    "div",
    {},
    a.inherited
      ? h(
          "p",
          { class: "cov-sub" },
          `全省统一（${provinces.get(a.region)?.name ?? a.region}）`,
        )
      : null,
    h("ul", { class: "cov-list" }, rules),
    evidence(a.evidence),
    accessNote(e),
  );
}

function intraCell(e, provinces) {
  const pr = provinces.get(e.province);
  if (pr && pr.regions.length === 1) {
    return none("不适用（全省一个统筹区）");
  }
  const i = e.intra_province;
  if (!i.evidence.from) {
    return h("span", { "data-rule": "none" }, "无资料：按需要备案估算");
  }
  const kinds = i.visit_kinds
    ? `（${i.visit_kinds.map((k) => KIND[k] ?? k).join("、")}）`
    : "";
  return h(
    "span",
    { "data-rule": i.rule },
    `${INTRA[i.rule] ?? i.rule}${kinds}`,
    i.rule === "unknown" ? "：按需要备案估算" : "",
    " ",
    evidence(i.evidence),
  );
}

function arrangementsCell(e) {
  if (!e.arrangements.length) return none("—");
  return h(
    "ul",
    { class: "cov-list" },
    e.arrangements.map((a) => {
      const side =
        a.insured && a.treated
          ? ""
          : a.insured
            ? "（本地参保人外出）"
            : "（外地参保人来此）";
      return h(
        "li",
        { "data-arrangement": a.id },
        a.name,
        side,
        a.until ? `，${a.until} 止` : "",
        // Only grade-D pages give it: a lead, as the calculator takes it (R1.7), not a waiver.
        a.evidence.grade === "D" ? "：只见于不可靠来源，按需要备案估算" : "",
        " ",
        gradeBadge(a.evidence.grade),
      );
    }),
  );
}

function datesCell(e) {
  if (!e.as_of && !e.last_verified) return none("—");
  return h(
    "div",
    { class: "cov-dates" },
    e.as_of ? h("div", {}, "来源截至 ", nowrap(e.as_of)) : null,
    e.last_verified
      ? h(
          "div",
          {},
          "最早核实 ",
          nowrap(e.last_verified),
          isStale(e.recheck_after)
            ? h(
                "span",
                { class: "cov-stale", title: "最近核实已超过两年" },
                "可能已调整",
              )
            : null,
        )
      : null,
  );
}

const LABELS = [
  "地区",
  "待遇标准",
  "乙类先行自付",
  "异地待遇调整",
  "省内异地备案",
  "区域协议",
  "最佳等级",
  "日期",
];

let rows = [];

function render(calc) {
  const provinces = new Map();
  const aliases = new Map();
  for (const p of calc.regions()) {
    provinces.set(p.code, p);
    for (const r of p.regions) aliases.set(r.code, r.aliases ?? []);
  }
  const coverage = calc.coverage();
  rows = coverage.map((e) => {
    const pr = provinces.get(e.province);
    const hasSchedules = e.schedules.length > 0;
    const hasFigures = hasSchedules || e.class_b.length > 0 || !!e.adjustments;
    const cells = [
      h(
        "div",
        {},
        h("strong", { class: "cov-name" }, e.name),
        h(
          "div",
          { class: "cov-code" },
          `${e.code} · ${pr?.name ?? e.province}`,
        ),
        h(
          "div",
          { class: hasSchedules ? "cov-tag cov-tag-yes" : "cov-tag" },
          hasSchedules ? "待遇标准已预填" : "待遇标准需自行填写",
        ),
      ),
      schedulesCell(e),
      classBCell(e),
      adjustmentsCell(e, provinces),
      intraCell(e, provinces),
      arrangementsCell(e),
      gradeBadge(e.grade) ?? none("—"),
      datesCell(e),
    ];
    const tr = h(
      "tr",
      {
        "data-code": e.code,
        "data-figures": hasFigures ? "yes" : "no",
        "data-grade": e.grade ?? "",
      },
      cells.map((c, i) =>
        h(
          i === 0 ? "th" : "td",
          i === 0
            ? { scope: "row", "data-label": LABELS[i] }
            : { "data-label": LABELS[i] },
          c,
        ),
      ),
    );
    const text = [
      e.name,
      e.code,
      pr?.name,
      pr?.short,
      ...(aliases.get(e.code) ?? []),
    ]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    return { tr, text, hasFigures, hasSchedules };
  });
  rowsEl.replaceChildren(...rows.map((r) => r.tr));
  $("#policy-version").textContent = calc.policyVersion;
  // How far the data reaches, counted by the core.
  const sum = calc.coverageSummary?.();
  if (sum) {
    $("#summary").textContent =
      `有本地住院标准（来源等级 A–C）的统筹地区：${sum.regions_with_inpatient_figures} / ${sum.regions}；` +
      `有省内异地备案规则来源（A–C）的省份：${sum.provinces_with_intra_province_rule} / ${sum.provinces}。` +
      `其余地区的金额按已收录地区的标准给出范围。`;
  }
  applyFilter();
}

function applyFilter() {
  const q = filterEl.value.trim().toLowerCase();
  const only = onlyEl.checked;
  let shown = 0;
  let prefilled = 0;
  for (const r of rows) {
    const show = (!q || r.text.includes(q)) && (!only || r.hasFigures);
    r.tr.hidden = !show;
    if (show) {
      shown += 1;
      if (r.hasSchedules) prefilled += 1;
    }
  }
  statusEl.textContent = shown
    ? `显示 ${shown} / ${rows.length} 个地区，其中 ${prefilled} 个已预填待遇标准。`
    : `没有符合条件的地区（共 ${rows.length} 个）。`;
}

function showFileErrors(fileName, err) {
  const errors = Array.isArray(err?.errors) ? err.errors : [];
  const items = errors.length
    ? errors.map((e) =>
        h(
          "li",
          {},
          h("code", {}, e.path || "（文件）"),
          `：${e.message?.zh ?? e.code}`,
        ),
      )
    : [h("li", {}, String(err?.message ?? err))];
  errorsEl.replaceChildren(
    h(
      "li",
      { class: "cov-errors-head" },
      `${fileName} 有 ${items.length} 处问题，下表仍显示原来的数据：`,
    ),
    ...items,
  );
  errorsEl.hidden = false;
}

async function loadFile() {
  const file = fileEl.files?.[0];
  if (!file) return;
  errorsEl.hidden = true;
  errorsEl.replaceChildren();
  let calc;
  try {
    calc = new Calculator(await file.text());
  } catch (err) {
    showFileErrors(file.name, err);
    return;
  }
  render(calc);
  statusEl.textContent = `已载入 ${file.name}。${statusEl.textContent}`;
}

/**
 * "← 返回异地就医计算器" goes back to the calculator as the person left it (their case is in that page's address),
 * when they came from it; opened on its own, to the calculator's first page (helper-46: the link opened the example).
 */
function backToTheCalculator() {
  const back = document.querySelector(".cov-back a");
  back?.addEventListener("click", (ev) => {
    let from;
    try {
      from = new URL(document.referrer);
    } catch {
      return;
    }
    if (
      from.origin === location.origin &&
      from.pathname !== location.pathname &&
      history.length > 1
    ) {
      ev.preventDefault();
      history.back();
    }
  });
}

async function main() {
  backToTheCalculator();
  let calc;
  try {
    const core = await import("./pkg-full/yidi.js");
    await core.default();
    Calculator = core.Calculator;
    calc = new Calculator();
  } catch (e) {
    // Offline before this page was ever opened, its core is not kept: said, not "正在加载…" for ever.
    statusEl.textContent = navigator.onLine
      ? `数据加载失败（${e?.message ?? e}）。请使用较新版本的浏览器，或刷新重试。`
      : "没有网络连接：数据覆盖页要联网才能打开（计算器本身离线也能用）。联网后请刷新。";
    return;
  }
  // coverage.html#武汉 (or #420100) opens with the filter filled in.
  try {
    filterEl.value = decodeURIComponent(location.hash.slice(1));
  } catch {
    filterEl.value = "";
  }
  render(calc);
  for (const el of [filterEl, onlyEl, fileEl]) el.disabled = false;
  filterEl.addEventListener("input", applyFilter);
  onlyEl.addEventListener("change", applyFilter);
  fileEl.addEventListener("change", loadFile);
  table.dataset.ready = "true";
}

main();
