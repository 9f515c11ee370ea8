// The view's pure parts, under `node --test` with no browser: the form's state and its URL fragment (www/ui/state.js)
// and the number text helpers (www/ui/numbers.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  blankState,
  decodeState,
  defaultState,
  encodeState,
  exampleDatesAgainst,
  MAX_LINES,
  MAX_TEXT,
  shownParts,
} from "../../www/ui/state.js";
import {
  ascii,
  decEq,
  decNorm,
  isZero,
  money,
  normNum,
  ratePct,
  shift,
  splitParts,
  whole,
} from "../../www/ui/numbers.js";

/** A fragment holding `payload` as the page writes it. */
const fragment = (payload) =>
  `#q=${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;

test("the example state goes through the fragment unchanged", () => {
  const s = defaultState();
  assert.deepEqual(decodeState(encodeState(s)), s);
});

test("a state with lines, edits and non-ASCII text goes through unchanged", () => {
  const s = {
    ...defaultState({ insured: "110000", treated: "深圳" }),
    si: "in_hospital",
    bm: "lines",
    lines: [
      ["检查费", "1200", "A", "", "100"],
      ["进口药", "800.50", "B", "20%", ""],
    ],
    ov: { deductible: "1000", ratio: "≤10000 80%；其上 90%" },
  };
  const back = decodeState(encodeState(s));
  assert.deepEqual(back, s);
  assert.equal(back.vr, "深圳");
});

test("the fragment leaves out what is empty", () => {
  const hash = encodeState({ ...blankState(), bt: "100" });
  const json = JSON.parse(
    Buffer.from(hash.slice(3), "base64url").toString("utf8"),
  );
  assert.equal(json.v, 1);
  assert.equal(json.bt, "100");
  for (const k of ["ir", "vr", "fc", "lines", "ov"])
    assert.ok(!(k in json), `${k} is left out`);
});

test("keys the link leaves out are empty, flags off", () => {
  const s = decodeState(fragment({ v: 1, ir: "420100" }));
  assert.equal(s.ir, "420100");
  assert.equal(s.vr, "");
  assert.equal(s.sc, "", "a text key not in the link is empty, not defaulted");
  assert.deepEqual([s.nw, s.em, s.fsame], [0, 0, 0]);
  assert.deepEqual(s.lines, []);
  assert.deepEqual(s.ov, {});
});

test("flags may be booleans or 0/1; nothing else", () => {
  assert.equal(decodeState(fragment({ v: 1, nw: true })).nw, 1);
  assert.equal(decodeState(fragment({ v: 1, em: 0 })).em, 0);
  assert.equal(decodeState(fragment({ v: 1, nw: "1" })), null);
  assert.equal(decodeState(fragment({ v: 1, em: 2 })), null);
});

test("a percent-encoded fragment (a mail program's doing) still reads", () => {
  const hash = encodeState(defaultState());
  const mangled = `#${encodeURIComponent(hash.slice(1))}`.replace("=", "%3D");
  assert.notEqual(mangled, hash);
  assert.deepEqual(decodeState(mangled), defaultState());
});

test("crafted or damaged links are refused whole", () => {
  const bad = [
    undefined,
    "",
    "#",
    "#q=",
    "#q=!!!",
    "#x=abc",
    "#q=%E0%A4%A", // malformed percent-encoding
    fragment([1, 2]),
    fragment({ v: 2, ir: "420100" }),
    fragment({ ir: "420100" }),
    fragment({ v: 1, ir: 420100 }),
    fragment({ v: 1, bt: "9".repeat(MAX_TEXT + 1) }),
    fragment({ v: 1, lines: "x" }),
    fragment({ v: 1, lines: [["a", "1", "A", "", "", "extra"]] }),
    fragment({ v: 1, lines: [["a", 1]] }),
    fragment({ v: 1, lines: Array(MAX_LINES + 1).fill(["", "1"]) }),
    fragment({ v: 1, ov: { unknown_figure: "1" } }),
    fragment({ v: 1, ov: { deductible: 800 } }),
    fragment({ v: 1, ov: ["800"] }),
  ];
  for (const hash of bad) assert.equal(decodeState(hash), null, String(hash));
  // At the limits, still read.
  assert.ok(decodeState(fragment({ v: 1, bt: "9".repeat(MAX_TEXT) })));
  assert.ok(
    decodeState(fragment({ v: 1, lines: Array(MAX_LINES).fill(["", "1"]) })),
  );
});

test("the parts of the form shown follow the state", () => {
  const s = defaultState();
  const shown = shownParts(s);
  assert.equal(shown.employee, true);
  assert.equal(shown.resident, false);
  assert.equal(shown.inpatient, true);
  assert.equal(shown["not-inpatient"], false);
  assert.equal(shown["long-term"], true);
  assert.equal(shown.area, false, "the filed area is the visit's");
  assert.equal(shown["class-b"], false);
  const other = shownParts({
    ...s,
    sc: "resident",
    vk: "pharmacy",
    fc: "",
    fsame: 0,
    bm: "lines",
    br: "２０%",
  });
  assert.equal(other.resident, true);
  // The contribution tier: only where the core said the region's figures depend on it, or once given (R5.6g).
  assert.equal(other.tier, false);
  assert.equal(
    shownParts({ ...s, sc: "resident" }, ["insured.tier"]).tier,
    true,
  );
  assert.equal(shownParts({ ...s, sc: "resident", tr: "lower" }).tier, true);
  assert.equal(
    shownParts(s, ["insured.tier"]).tier,
    false,
    "not an employee's",
  );
  assert.equal(other["not-pharmacy"], false);
  assert.equal(other.filed, false);
  assert.equal(other.area, false, "no filing, no area");
  assert.equal(other["bill-lines"], true);
  assert.equal(other["class-b"], true, "a class-B rate typed shows its field");
});

test("numbers as typed: full-width digits, separators, currency marks", () => {
  assert.equal(ascii("３０，０００．５"), "30000.5");
  assert.equal(normNum(" ¥30,000 元"), "30000");
  assert.equal(money("1,234,567.89"), "1234567.89");
  assert.equal(money("30，000"), "30000");
  // A comma that separates no thousands stays, for the core to refuse: it is not read as another number.
  assert.equal(money("30000,50"), "30000,50");
  assert.equal(money("1,5000"), "1,5000");
  assert.equal(money(""), undefined);
  assert.equal(money("  "), undefined);
  assert.equal(money("８００"), "800");
  assert.equal(money("-5"), "-5", "the core reports a negative amount");
  assert.equal(money("3万"), "30000");
  assert.equal(money("1.5万元"), "15000");
  assert.equal(money("３．２５万"), "32500");
  assert.equal(money("0.00001万"), "0.1");
  assert.equal(money("1.23456万"), "12345.6");
  assert.equal(money("万"), "万", "the core reports what is not an amount");
  assert.equal(money("3萬"), "30000", "in Traditional characters too");
  assert.equal(money("1.5萬元"), "15000");
  assert.equal(money("30000 yuan"), "30000");
  assert.equal(money("RMB 30000"), "30000");
  assert.equal(money("CNY30,000.50"), "30000.50");
  assert.equal(money("30 000"), "30000", "a space separating thousands");
  // Two numbers pasted together stay apart, for the core to refuse: not read as 3000040000.
  assert.equal(money("30000 40000"), "30000 40000");
  assert.equal(money("30000 元 40000"), "30000 40000");
  assert.equal(money("30000 400"), "30000 400", "groups of three only");
  assert.equal(money("12345 678"), "12345 678");
  assert.equal(money("30000,400"), "30000,400");
  assert.equal(money("1 234 567.5"), "1234567.5");
  assert.equal(money("1,234,56"), "1234,56");
  assert.equal(money(" 30000 元 "), "30000");
  // 万 and thousands as people say them (helper-44: "3万5" was refused).
  assert.equal(money("3万5"), "35000");
  assert.equal(money("3万5千"), "35000");
  assert.equal(money("3万5000"), "35000");
  assert.equal(money("12万3"), "123000");
  assert.equal(money("３万５"), "35000");
  assert.equal(
    money("3万50"),
    "3万50",
    "not a way to say it: for the core to refuse",
  );
  assert.equal(whole("3"), 3);
  assert.equal(
    whole("3.5"),
    "3.5",
    "not whole: the text, for the core to report",
  );
  assert.equal(whole(""), undefined);
  // An age or a count with its unit (helper-44: "68岁" left the page without a verdict).
  assert.equal(whole("68岁"), 68);
  assert.equal(whole("６８ 周岁"), 68);
  assert.equal(whole("68歲"), 68);
  assert.equal(whole("1次"), 1);
  assert.equal(whole("2年"), 2);
  assert.equal(whole("六十八"), "六十八", "words: for the core to report");
});

test("decimal shifts without floating point", () => {
  assert.equal(shift("0.888", 2), "88.8");
  assert.equal(shift("60", -2), "0.6");
  assert.equal(shift("5", -2), "0.05");
  assert.equal(shift("1.5", 4), "15000");
  assert.equal(shift("0.1", 1), "1");
  assert.equal(decNorm("800.00"), "800");
  assert.equal(decNorm("abc"), "abc");
  assert.ok(decEq("800", "800.00"));
  assert.ok(!decEq("800", null));
  assert.equal(ratePct("0.888"), "88.8%");
  assert.equal(ratePct("x"), "");
  assert.ok(isZero("0.00") && isZero("") && isZero(undefined));
  assert.ok(!isZero("0.01"));
});

test("lists as typed split on ；, ;, 、 and new lines", () => {
  assert.deepEqual(splitParts("起付 12000；≤30000 60%;其上 75%\n不封顶、x"), [
    "起付 12000",
    "≤30000 60%",
    "其上 75%",
    "不封顶",
    "x",
  ]);
});

test("a cleared form does not say the person is retired: the status is theirs to choose (helper-29 F9)", async () => {
  const { blankState } = await import("../../www/ui/state.js");
  const { buildInsured } = await import("../../www/ui/query.js");
  const s = blankState();
  assert.equal(s.st, "");
  // Not said: no status in the query (the core gives the range over both where the figures differ).
  // Nor the scheme (helper-53: a 居民 priced as a 职工): absent, the core asks for it beside its field.
  assert.deepEqual(buildInsured({ ...s, ir: "420100" }), { region: "420100" });
  assert.equal(
    buildInsured({ ...s, sc: "employee", st: "employed" }).status,
    "employed",
  );
});

test("a link says the language it was written in, after its state; the state reads without it (helper-29 F13)", async () => {
  const { fragmentLocale } = await import("../../www/ui/state.js");
  const hash = encodeState(defaultState());
  assert.equal(fragmentLocale(hash), null);
  assert.equal(fragmentLocale(`${hash}&l=zh-Hant`), "zh-Hant");
  assert.deepEqual(decodeState(`${hash}&l=zh-Hant`), decodeState(hash));
  // An odd `l=` keeps the state (helper-65: `l=EN`, `l=fr`, two of them threw the person's data away).
  assert.equal(fragmentLocale(`${hash}&l=fr`), null);
  assert.deepEqual(decodeState(`${hash}&l=fr`), decodeState(hash));
  assert.equal(fragmentLocale(`${hash}&l=EN`), "en");
  assert.equal(fragmentLocale(`${hash}&l=fr&l=zh-Hant`), "zh-Hant");
  assert.deepEqual(decodeState(`${hash}&l=<script>`), decodeState(hash));
  // The language first (helper-69: `#l=en&q=…` showed the example).
  assert.deepEqual(decodeState(`#l=en&${hash.slice(1)}`), decodeState(hash));
  assert.equal(fragmentLocale(`#l=en&${hash.slice(1)}`), "en");
  // A state that does not read (cut short, garbled) still gives its language, and so does `#l=…` alone (helper-49).
  assert.equal(fragmentLocale(`${hash.slice(0, 30)}&l=en`), "en");
  assert.equal(fragmentLocale("#q=%%%garbage&l=zh-Hant"), "zh-Hant");
  assert.equal(fragmentLocale("#l=zh-Hant"), "zh-Hant");
});

test("a link that gives the language alone is no unreadable state (helper-53: `#l=en` said the link could not be read)", async () => {
  const { languageOnly } = await import("../../www/ui/state.js");
  for (const l of ["en", "zh-Hans", "zh-Hant"])
    assert.ok(languageOnly(`#l=${l}`));
  for (const h of ["", "#l=fr", "#q=abc&l=en", "#l=en&x=1", null])
    assert.equal(languageOnly(h), false, String(h));
});

test("the example's dates that a situation contradicts go, the person's own stay", () => {
  const ex = defaultState();
  const form = { ...ex };
  // Planning: no day yet; in hospital: no discharge; after discharge (or not said): the dates stay.
  assert.deepEqual(exampleDatesAgainst("planning", form, ex), {
    ad: "",
    dc: "",
    dt: "",
  });
  assert.deepEqual(exampleDatesAgainst("in_hospital", form, ex), { dc: "" });
  assert.deepEqual(exampleDatesAgainst("discharged", form, ex), {});
  assert.deepEqual(exampleDatesAgainst("", form, ex), {});
  // A date the person typed is theirs.
  const typed = { ...form, ad: "2030-01-05", dc: "2030-01-09" };
  assert.deepEqual(exampleDatesAgainst("planning", typed, ex), { dt: "" });
  // A form from a link (no example): nothing to compare with.
  assert.deepEqual(exampleDatesAgainst("planning", form, {}), {});
});

test("the worked example stays care away from home whatever the host's place (helper-77)", async () => {
  const { defaultState } = await import("../../www/ui/state.js");
  const pair = (d) => [defaultState(d).ir, defaultState(d).vr];
  assert.deepEqual(pair({}), ["420100", "440300"]);
  assert.deepEqual(pair({ insured: "440300" }), ["440300", "310000"]);
  assert.deepEqual(pair({ treated: "420100" }), ["310000", "420100"]);
  assert.deepEqual(pair({ insured: "110000" }), ["110000", "440300"]);
  // Both given by the host: its choice.
  assert.deepEqual(pair({ insured: "440300", treated: "440300" }), [
    "440300",
    "440300",
  ]);
});
