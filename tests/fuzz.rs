//! Structure-aware fuzzing of the public API that the command line and the wasm use (issue 9): hostile queries and
//! policies files, each fed to `yidi::parse_query` then `estimate`, `verdict` and `figures` (against the embedded
//! policies), or to `Policies::load` (what `yidi validate` does) and, when a mutated file still loads, to a few
//! queries against it.
//!
//! Inputs start from valid queries (amounts across the whole accepted range, 0 to 10,000,000,000 yuan with 0–2
//! decimals) and from the shipped policies file, then get a few structure-aware mutations: huge, tiny, negative
//! numbers, many decimals, exponents; long strings, odd escapes (`\ud800\u0041`, `\u+041`, lone surrogates), control
//! characters; dates such as 0000-01-01 and 9999-12-31; duplicate and unknown keys; deep nesting; wrong types; bills
//! with both lines and totals; now and then 100,000 keys or items. One input in ten also gets a textual mutation
//! (truncation, a stray token, a duplicated slice).
//!
//! Reported: crashes (a panic, caught with `catch_unwind`), hangs (one input over 100 ms of CPU time; 3 s in the
//! unoptimised test profile, which runs 10 to 30 times slower; CPU rather than wall-clock time, and a slow input
//! timed twice more, so that a busy shared machine does not make hangs), and invariant violations: every money
//! figure of an estimate is non-negative with at most two decimals, the slip adds up (fund + second layer + patient =
//! the total on the slip's first line; account + cash = patient; the catalogue split and the eligible split add up;
//! the named totals equal their lines), `verdict` and `figures` agree with `estimate`, errors carry a stable code,
//! messages and the path of their field, and text that is not JSON is refused as `invalid_json`.
//!
//! Environment: `YIDI_FUZZ_INPUTS` (default 10,000: CI's share, run by `cargo test`), `YIDI_FUZZ_SEED` (default 1),
//! `YIDI_FUZZ_ONLY` (run one input of the seed's sequence and print it; the sequence also depends on the shipped
//! policies, so after a data change replay the saved file instead), `YIDI_FUZZ_REPLAY` (a saved query or policies
//! file), `YIDI_FUZZ_HANG_MS`, `YIDI_FUZZ_HUGE=0` (a tenth of the largest sizes, for triage).
//! `cargo xtask fuzz` runs a million inputs, optimised (profile bench). Failures are written to target/fuzz-failures/
//! (the input, and a minimized one) and the run exits non-zero; a summary line gives the counts and inputs/second.

use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use yidi::{Error, ErrorCode, Estimate, Policies};

/// CI's share: about 20 s of CPU in the unoptimised test profile on the project's 2-core machine.
const DEFAULT_INPUTS: u64 = 10_000;
/// One input in this many is a policies file (they are a hundred times larger than a query).
const POLICIES_ONE_IN: u64 = 50;
/// An input still running after this long is noted as it runs; after `STUCK_AFTER` the watchdog ends the run.
const SLOW_NOTE: Duration = Duration::from_secs(60);
const STUCK_AFTER: Duration = Duration::from_secs(600);
/// Distinct failures minimized and printed in full.
const SHOWN: usize = 8;

// ---------------------------------------------------------------------------------------------------------------
// Randomness: splitmix64, one independent stream per input (and per mutation), so any input can be regenerated
// from (seed, index) alone.
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64, stream: u64) -> Rng {
        let mut r = Rng(seed
            ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)
            ^ stream.wrapping_mul(0xA24B_AED4_963E_E407));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.index(xs.len())].clone()
    }
    /// A size on a log scale: 1, 2 … up to `max`.
    fn size(&mut self, max: u64) -> u64 {
        let bits = 64 - max.leading_zeros() as u64;
        let k = self.below(bits + 1);
        (self.below(1 << k) + 1).min(max)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// A JSON tree that can hold what JSON forbids: strings are kept as their written (escaped) text, numbers as any text,
// keys may repeat, and `Raw` is spliced in verbatim (deep nesting is built as text, never as a deep tree).
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
    Raw(String),
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn s(text: &str) -> J {
    J::Str(escape(text))
}

fn obj(fields: Vec<(&str, J)>) -> J {
    J::Obj(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

impl J {
    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(t) | J::Raw(t) => out.push_str(t),
            J::Str(t) => {
                out.push('"');
                out.push_str(t);
                out.push('"');
            }
            J::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(k);
                    out.push_str("\":");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn count(&self) -> usize {
        1 + match self {
            J::Arr(items) => items.iter().map(J::count).sum(),
            J::Obj(fields) => fields.iter().map(|(_, v)| v.count()).sum(),
            _ => 0,
        }
    }

    fn field_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(fields) => fields.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn from_serde(v: &serde_json::Value) -> J {
        match v {
            serde_json::Value::Null => J::Null,
            serde_json::Value::Bool(b) => J::Bool(*b),
            serde_json::Value::Number(n) => J::Num(n.to_string()),
            serde_json::Value::String(t) => s(t),
            serde_json::Value::Array(a) => J::Arr(a.iter().map(J::from_serde).collect()),
            serde_json::Value::Object(m) => J::Obj(
                m.iter()
                    .map(|(k, v)| (escape(k), J::from_serde(v)))
                    .collect(),
            ),
        }
    }
}

/// The `n`-th node in preorder (0 = `j` itself), with its path.
fn nth_mut<'a>(j: &'a mut J, n: &mut usize, path: &mut String) -> Option<&'a mut J> {
    if *n == 0 {
        return Some(j);
    }
    *n -= 1;
    let len = path.len();
    match j {
        J::Arr(items) => {
            for (i, c) in items.iter_mut().enumerate() {
                let _ = write!(path, "[{i}]");
                if let Some(found) = nth_mut(c, n, path) {
                    return Some(found);
                }
                path.truncate(len);
            }
        }
        J::Obj(fields) => {
            for (k, c) in fields.iter_mut() {
                let _ = write!(path, ".{k}");
                if let Some(found) = nth_mut(c, n, path) {
                    return Some(found);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
    None
}

/// Removes the `n`-th node (preorder, not the root) from its parent; false when there is no such node.
fn remove_nth(j: &mut J, n: &mut usize) -> bool {
    match j {
        J::Arr(items) => {
            for i in 0..items.len() {
                if *n == 0 {
                    items.remove(i);
                    return true;
                }
                *n -= 1;
                if remove_nth(&mut items[i], n) {
                    return true;
                }
            }
        }
        J::Obj(fields) => {
            for i in 0..fields.len() {
                if *n == 0 {
                    fields.remove(i);
                    return true;
                }
                *n -= 1;
                if remove_nth(&mut fields[i].1, n) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

// ---------------------------------------------------------------------------------------------------------------
// Valid queries, with amounts over the whole accepted range
// ---------------------------------------------------------------------------------------------------------------

/// What the generator draws regions, areas and diseases from.
struct Ctx {
    /// Region, scheme and visit kind of each schedule, with the dates its versions start.
    plans: Vec<(String, &'static str, &'static str, Vec<chrono::NaiveDate>)>,
    scheduled: Vec<String>,
    regions: Vec<String>,
    names: Vec<String>,
    provinces: Vec<String>,
    diseases: Vec<String>,
}

impl Ctx {
    fn of(p: &Policies) -> Ctx {
        let mut scheduled: Vec<String> = p.schedules.iter().map(|s| s.region.clone()).collect();
        scheduled.sort();
        scheduled.dedup();
        let regions: Vec<String> = p.regions.iter().map(|r| r.code.clone()).collect();
        let names = p
            .regions
            .iter()
            .flat_map(|r| std::iter::once(r.name.clone()).chain(r.aliases.iter().cloned()))
            .collect();
        let or = |v: Vec<String>, d: &str| if v.is_empty() { vec![d.to_string()] } else { v };
        let name = |v: serde_json::Result<serde_json::Value>| match v
            .ok()
            .as_ref()
            .and_then(|v| v.as_str())
        {
            Some("resident") => "resident",
            Some("outpatient") => "outpatient",
            Some("chronic_outpatient") => "chronic_outpatient",
            Some("pharmacy") => "pharmacy",
            Some("inpatient") => "inpatient",
            _ => "employee",
        };
        let plans = p
            .schedules
            .iter()
            .map(|s| {
                let scheme = name(serde_json::to_value(s.scheme));
                let kind = name(serde_json::to_value(s.visit_kind));
                (
                    s.region.clone(),
                    scheme,
                    kind,
                    // Read through the wire form, whatever type holds a version's start (`"unknown"` is skipped).
                    serde_json::to_value(&s.versions)
                        .ok()
                        .and_then(|v| v.as_array().cloned())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|v| v["from"].as_str()?.parse().ok())
                        .collect(),
                )
            })
            .collect();
        Ctx {
            plans,
            scheduled: or(scheduled, "420100"),
            regions: or(regions, "440300"),
            names: or(names, "深圳"),
            provinces: or(
                p.provinces.iter().map(|p| p.code.clone()).collect(),
                "110000",
            ),
            diseases: or(
                p.national
                    .chronic_diseases
                    .iter()
                    .map(|d| d.code.clone())
                    .collect(),
                "diabetes",
            ),
        }
    }

    fn region(&self, r: &mut Rng) -> String {
        match r.below(20) {
            0..=14 => r.pick(&self.scheduled),
            15..=18 => r.pick(&self.regions),
            _ => r.pick(&self.names),
        }
    }
}

/// 10^10 yuan in fen: the largest accepted amount.
const MAX_FEN: u128 = 1_000_000_000_000;

/// An amount in fen from 0 to 10^10 yuan, spread over every order of magnitude.
fn fen(r: &mut Rng) -> u128 {
    if r.one_in(50) {
        return MAX_FEN;
    }
    let digits = r.below(13) as u32;
    u128::from(r.next()) % (10u128.pow(digits) + 1)
}

/// Fen as yuan with `decimals` (0–2) decimals; the value must be a multiple of the unit those decimals allow.
fn yuan(fen: u128, decimals: u64) -> String {
    match decimals {
        0 => format!("{}", fen / 100),
        1 => format!("{}.{}", fen / 100, fen % 100 / 10),
        _ => format!("{}.{:02}", fen / 100, fen % 100),
    }
}

struct Amounts {
    decimals: u64,
    unit: u128,
}

impl Amounts {
    fn new(r: &mut Rng) -> Amounts {
        let decimals = r.below(3);
        Amounts {
            decimals,
            unit: 10u128.pow(2 - decimals as u32),
        }
    }
    fn draw(&self, r: &mut Rng) -> u128 {
        fen(r) / self.unit * self.unit
    }
    /// A share of `of` (0–100%).
    fn part(&self, r: &mut Rng, of: u128) -> u128 {
        of * u128::from(r.below(101)) / 100 / self.unit * self.unit
    }
    fn j(&self, r: &mut Rng, fen: u128) -> J {
        let t = yuan(fen, self.decimals);
        if r.percent(80) {
            J::Str(t)
        } else {
            J::Num(t)
        }
    }
}

fn rate(r: &mut Rng) -> J {
    let t = match r.below(7) {
        0 => "0".to_string(),
        1 => "1".to_string(),
        2 => format!("0.{}", r.below(10)),
        3 => format!("0.{:02}", r.below(100)),
        4 => format!("0.{:03}", r.below(1000)),
        5 => "1.00".to_string(),
        _ => format!("0.{:02}", 50 + r.below(50)),
    };
    if r.percent(80) {
        J::Str(t)
    } else {
        J::Num(t)
    }
}

fn date(r: &mut Rng, around: Option<chrono::NaiveDate>, spread: i64) -> chrono::NaiveDate {
    let base = around.unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap());
    let shift = if around.is_some() {
        r.below(2 * spread as u64 + 1) as i64 - spread
    } else {
        r.below(spread as u64) as i64
    };
    base.checked_add_signed(chrono::TimeDelta::days(shift))
        .unwrap_or(base)
}

fn dj(d: chrono::NaiveDate) -> J {
    J::Str(d.to_string())
}

fn maybe(
    r: &mut Rng,
    p: u64,
    fields: &mut Vec<(&'static str, J)>,
    key: &'static str,
    v: impl FnOnce(&mut Rng) -> J,
) {
    if r.percent(p) {
        let v = v(r);
        fields.push((key, v));
    }
}

fn bill(r: &mut Rng) -> J {
    let a = Amounts::new(r);
    let mut f = Vec::new();
    let mode = r.below(10);
    let lines = |r: &mut Rng| {
        let n = if r.one_in(20) {
            r.size(200)
        } else {
            1 + r.below(6)
        };
        let mut sum = 0u128;
        let items: Vec<J> = (0..n)
            .map(|_| {
                let amount = if r.percent(70) {
                    a.draw(r) / 1000 / a.unit * a.unit
                } else {
                    a.draw(r)
                };
                sum += amount;
                let class = r.pick(&["A", "B", "C", "A", "B", "a", "乙类", "丙", "none", "甲"]);
                let mut l = vec![("amount", a.j(r, amount)), ("class", s(class))];
                if r.percent(30) {
                    let over = a.part(r, amount);
                    l.push(("over_limit", a.j(r, over)));
                }
                if r.percent(70) {
                    l.push(("prepay_rate", rate(r)));
                }
                if r.percent(30) {
                    l.push(("name", s(r.pick(&["阿卡波糖", "CT", "床位费", "x", ""]))));
                }
                obj(l)
            })
            .collect();
        (J::Arr(items), sum)
    };
    if mode <= 4 {
        let total = a.draw(r);
        f.push(("total", a.j(r, total)));
        let ooc = a.part(r, total);
        let over = a.part(r, total - ooc);
        let b = a.part(r, total - ooc - over);
        maybe(r, 60, &mut f, "out_of_catalogue", |r| a.j(r, ooc));
        maybe(r, 40, &mut f, "over_limit", |r| a.j(r, over));
        if r.percent(60) {
            let class_b = if r.percent(80) {
                let mut c = vec![("amount", a.j(r, b))];
                maybe(r, 85, &mut c, "prepay_rate", rate);
                obj(c)
            } else {
                let pre = a.part(r, b);
                obj(vec![("prepay_amount", a.j(r, pre))])
            };
            f.push(("class_b", class_b));
        }
    } else {
        let (items, sum) = lines(r);
        f.push(("lines", items));
        if mode == 9 {
            // Lines and a total: agreeing, or not.
            let total = if r.percent(70) { sum } else { sum + a.unit };
            f.push(("total", a.j(r, total)));
        }
    }
    obj(f)
}

fn segments(r: &mut Rng, a: &Amounts) -> J {
    let n = 1 + r.below(4);
    let mut limit = 0u128;
    let mut out = Vec::new();
    for i in 0..n {
        let mut seg = vec![];
        if i + 1 < n {
            limit += a.draw(r).max(a.unit);
            seg.push(("up_to", a.j(r, limit)));
        }
        seg.push(("ratio", rate(r)));
        out.push(obj(seg));
    }
    J::Arr(out)
}

fn overrides(r: &mut Rng) -> J {
    let a = Amounts::new(r);
    let mut f = Vec::new();
    let small = |r: &mut Rng| {
        if r.percent(70) {
            a.draw(r) / 10_000 / a.unit * a.unit
        } else {
            a.draw(r)
        }
    };
    if r.percent(50) {
        let d = small(r);
        f.push(("deductible", a.j(r, d)));
    }
    maybe(r, 20, &mut f, "deductible_per", |r| {
        s(r.pick(&["admission", "year"]))
    });
    if r.percent(50) {
        f.push(("ratio", rate(r)));
    } else if r.percent(40) {
        f.push(("segments", segments(r, &a)));
        maybe(r, 50, &mut f, "segment_basis", |r| {
            s(r.pick(&["cumulative_eligible", "above_deductible"]))
        });
    }
    if r.percent(40) {
        let c = a.draw(r);
        f.push(("annual_cap", a.j(r, c)));
        maybe(r, 70, &mut f, "annual_cap_basis", |r| {
            s(r.pick(&["fund", "eligible"]))
        });
    }
    maybe(r, 30, &mut f, "class_b_prepay_rate", rate);
    if r.percent(30) {
        let mut sl = vec![("segments", segments(r, &a))];
        if r.percent(80) {
            let t = small(r);
            sl.push(("threshold", a.j(r, t)));
        }
        maybe(r, 40, &mut sl, "segment_basis", |r| {
            s(r.pick(&["cumulative", "above_threshold"]))
        });
        if r.percent(50) {
            let c = a.draw(r);
            sl.push(("cap", a.j(r, c)));
        }
        maybe(r, 50, &mut sl, "applies_to", |r| {
            s(r.pick(&["patient_share", "above_basic_cap"]))
        });
        f.push(("second_layer", obj(sl)));
    }
    if r.percent(40) {
        let adj = match r.below(6) {
            0 => obj(vec![("op", s("none"))]),
            1 => obj(vec![("op", s("pp_reduction")), ("value", rate(r))]),
            2 => obj(vec![("op", s("multiplier")), ("value", rate(r))]),
            3 => obj(vec![("op", s("prepay_share")), ("value", rate(r))]),
            4 => {
                let mut d = vec![("op", s("deductible_override"))];
                if r.percent(50) {
                    let m = small(r);
                    d.push(("amount", a.j(r, m)));
                } else {
                    d.push(("share", rate(r)));
                }
                for key in ["min", "max"] {
                    if r.percent(40) {
                        let m = small(r);
                        d.push((key, a.j(r, m)));
                    }
                }
                obj(d)
            }
            _ => obj(vec![("op", s("not_covered"))]),
        };
        f.push(("adjustment", adj));
    }
    obj(f)
}

fn history(r: &mut Rng) -> J {
    let a = Amounts::new(r);
    let mut f = Vec::new();
    maybe(r, 50, &mut f, "admissions", |r| {
        J::Num(r.below(6).to_string())
    });
    for key in [
        "deductible_paid",
        "fund_paid",
        "eligible_so_far",
        "second_layer_base_so_far",
        "second_layer_paid",
    ] {
        if r.percent(40) {
            let v = a.draw(r);
            f.push((key, a.j(r, v)));
        }
    }
    obj(f)
}

fn query(r: &mut Rng, c: &Ctx) -> J {
    // Mostly a region, scheme, visit kind and date the data has figures for, so that most queries get an estimate.
    let plan = (r.percent(75) && !c.plans.is_empty()).then(|| r.pick(&c.plans));
    let (region, scheme, kind, admission) = match plan {
        Some((region, scheme, kind, froms)) if !froms.is_empty() => {
            let from = r.pick(&froms);
            (
                region,
                scheme,
                kind,
                date(r, Some(from + chrono::Days::new(400)), 400),
            )
        }
        _ => (
            c.region(r),
            r.pick(&["employee", "resident"]),
            r.pick(&[
                "inpatient",
                "inpatient",
                "outpatient",
                "chronic_outpatient",
                "pharmacy",
            ]),
            date(r, None, 6000),
        ),
    };
    let mut insured = vec![("region", s(&region)), ("scheme", s(scheme))];
    maybe(r, 90, &mut insured, "status", |r| {
        s(r.pick(&["employed", "retired"]))
    });
    maybe(r, 20, &mut insured, "age", |r| {
        J::Num(r.below(110).to_string())
    });
    maybe(r, 10, &mut insured, "enrolled", |r| J::Bool(r.percent(70)));
    let treated = c.region(r);
    let mut visit = vec![("region", s(&treated)), ("kind", s(kind))];
    if kind == "chronic_outpatient" {
        let d = if r.percent(90) {
            r.pick(&c.diseases)
        } else {
            "other".into()
        };
        visit.push(("chronic_disease", s(&d)));
    }
    maybe(r, 90, &mut visit, "hospital_level", |r| {
        s(r.pick(&["community", "primary", "secondary", "tertiary"]))
    });
    maybe(r, 20, &mut visit, "networked", |r| J::Bool(r.percent(80)));
    maybe(r, 20, &mut visit, "emergency", |r| J::Bool(r.percent(50)));
    if kind == "inpatient" || r.one_in(10) {
        visit.push(("admission", dj(admission)));
        let discharge = admission + chrono::Days::new(r.below(60));
        maybe(r, 90, &mut visit, "discharge", |_| dj(discharge));
    }
    if kind != "inpatient" || r.one_in(10) {
        visit.push(("date", dj(admission)));
    }
    let mut q = vec![("insured", obj(insured)), ("visit", obj(visit))];
    if r.percent(60) {
        let category = r.pick(&["long_term", "referral", "emergency", "temporary_other"]);
        let start = date(r, Some(admission), 400);
        let mut f = vec![("category", s(category)), ("start", dj(start))];
        if category == "long_term" && r.percent(70) {
            f.push((
                "long_term_kind",
                s(r.pick(&["retiree", "resident", "posted_worker"])),
            ));
        }
        if r.percent(50) {
            f.push(("end", dj(start + chrono::Days::new(r.below(400)))));
        }
        if r.percent(10) {
            f.push(("filed_on", dj(date(r, Some(start), 60))));
        }
        let area = match r.below(10) {
            0 => r.pick(&c.provinces),
            1 => c.region(r),
            _ => treated,
        };
        f.push(("area", s(&area)));
        q.push(("filing", obj(f)));
    }
    q.push(("bill", bill(r)));
    if r.percent(50) {
        q.push(("history", history(r)));
    }
    if r.percent(30) {
        let a = Amounts::new(r);
        let b = a.draw(r) / 100 / a.unit * a.unit;
        q.push(("personal_account_balance", a.j(r, b)));
    }
    if r.percent(50) {
        q.push(("overrides", overrides(r)));
    }
    obj(q)
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values and mutations
// ---------------------------------------------------------------------------------------------------------------

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.00",
    "-0.00",
    "-1",
    "-0.01",
    "0.001",
    "0.005",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1e308",
    "1E-308",
    "1e999999999",
    "-1e999999999",
    "1.5e3",
    "1e5",
    "1E+2",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "-79228162514264337593543950335",
    "9999999999999999999999999999",
    "99999999999999999999999999999",
    "7922816251426433759354395033.5",
    "10000000000",
    "10000000000.00",
    "10000000000.01",
    "10000000000.001",
    "10000000001",
    "9999999999.99",
    "9999999999.999",
    "99999999999.99",
    "12345678901234567890.12345678",
    "18446744073709551616",
    "-9223372036854775809",
    "4294967295",
    "4294967296",
    "340282366920938463463374607431768211456",
    "NaN",
    "Infinity",
    "-Infinity",
    "1_000",
    "1,000",
    "１２３",
    "٣",
    "0x1F",
    "1.",
    ".5",
    "+5",
    "+-1",
    "--1",
    " 5 ",
    "\t5",
    "5\u{3000}",
    "",
    ".",
    "-",
    "+",
    "1.2.3",
    "00012",
    "0.1e-5",
];

/// The largest sizes (100,000 keys or items, a million characters), or a tenth of them with `YIDI_FUZZ_HUGE=0`: for
/// triage while a known slow input would take the run's time.
fn huge(n: u64) -> u64 {
    static HUGE: OnceLock<bool> = OnceLock::new();
    if *HUGE.get_or_init(|| env_u64("YIDI_FUZZ_HUGE") != Some(0)) {
        n
    } else {
        n / 10
    }
}

fn digits(r: &mut Rng, n: u64) -> String {
    (0..n)
        .map(|_| char::from(b'0' + r.below(10) as u8))
        .collect()
}

fn hostile_number_text(r: &mut Rng) -> String {
    match r.below(5) {
        0 | 1 => r.pick(NUMBERS).to_string(),
        2 => {
            // Random digits, any length, a point anywhere, a sign, an exponent.
            let max = if r.one_in(50) { 5000 } else { 60 };
            let n = r.size(max);
            let mut t = digits(r, n);
            if r.percent(60) {
                let at = r.index(t.len() + 1);
                t.insert(at, '.');
            }
            if r.percent(20) {
                t.insert(0, '-');
            }
            if r.percent(15) {
                let _ = write!(
                    t,
                    "e{}{}",
                    if r.percent(50) { "-" } else { "" },
                    r.below(400)
                );
            }
            t
        }
        3 => {
            // Near the bounds: 10^10 yuan give or take a few fen, with 0–4 decimals.
            let f = (MAX_FEN + r.below(5) as u128).saturating_sub(r.below(5) as u128);
            let mut t = yuan(f, 2);
            match r.below(3) {
                0 => {
                    let n = 1 + r.below(3);
                    t.push_str(&digits(r, n))
                }
                1 => {
                    t.truncate(t.len() - 3);
                }
                _ => {}
            }
            t
        }
        _ => {
            // A plain amount with too many decimals, or trailing zeros.
            let mut t = yuan(fen(r), 2);
            let n = 1 + r.below(30);
            let tail = if r.percent(50) {
                "0".repeat(n as usize)
            } else {
                digits(r, n)
            };
            t.push_str(&tail);
            t
        }
    }
}

fn hostile_number(r: &mut Rng) -> J {
    let t = hostile_number_text(r);
    if r.percent(40) {
        J::Num(t)
    } else {
        J::Str(escape(&t))
    }
}

/// Pieces of string bodies as written between the quotes, escapes included (some invalid on purpose).
const PIECES: &[&str] = &[
    "",
    " ",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud800\\u0041",
    "\\ud800\\ud800",
    "\\udbff\\udfff",
    "\\udbff\\u0000",
    "\\udbff\\uffff",
    "\\ud83d\\ude00",
    "\\ud800\\",
    "\\ud800\\u",
    "\\u+041",
    "\\u-041",
    "\\u 041",
    "\\u004",
    "\\u00",
    "\\uZZZZ",
    "\\u0041",
    "\\x41",
    "\\'",
    "\\/",
    "\\\\",
    "\\\"",
    "\\U0041",
    "\\u00e9",
    "\\b\\f\\n\\r\\t",
    "\\",
    "😀",
    "\u{FEFF}",
    "\u{202E}",
    "e\u{301}",
    "𝟘",
    "\u{200D}",
    "\u{10FFFF}",
    "\u{7F}",
    "\u{1}",
    "\t",
    "\n",
    "北京市",
    "深圳",
    "440300",
    " 440300 ",
    "110100",
    "other",
    "甲类",
    "null",
    "0",
    "-1",
    "1e5",
    "2025-01-01",
    "employee",
    "inpatient",
    "%s%n",
    "'; --",
    "<script>",
];

fn hostile_string(r: &mut Rng) -> J {
    let mut body = String::new();
    for _ in 0..1 + r.below(4) {
        body.push_str(r.pick(PIECES));
    }
    if r.one_in(8) {
        // Long: a piece repeated up to 100,000 times (a million characters now and then).
        let piece = r.pick(&["a", "中", "\\u4e2d", "\\ud800", "😀", "0", " ", "\\\\"]);
        let n = if r.one_in(100) {
            huge(1_000_000)
        } else {
            r.size(huge(100_000))
        } as usize;
        body = piece.repeat(n);
    }
    J::Str(body)
}

const DATES: &[&str] = &[
    "0000-01-01",
    "0000-12-31",
    "0001-01-01",
    "9999-12-31",
    "9999-12-32",
    "10000-01-01",
    "-001-01-01",
    "1970-01-01",
    "2024-02-29",
    "2025-02-29",
    "2025-02-30",
    "2025-13-01",
    "2025-00-01",
    "2025-01-00",
    "2025-1-1",
    "2025/01/01",
    "20250101",
    "2025-01-01T00:00:00",
    "2025-01-01 ",
    " 2025-01-01",
    "２０２５-01-01",
    "2025-0１-01",
    "+2025-01-0",
    "2025-01-01\\u0000",
    "",
];

fn hostile_date(r: &mut Rng) -> J {
    if r.percent(50) {
        return J::Str(r.pick(DATES).to_string());
    }
    let y = match r.below(4) {
        0 => 0,
        1 => 9999,
        _ => r.below(10_000),
    };
    J::Str(format!("{y:04}-{:02}-{:02}", r.below(14), r.below(33)))
}

fn wrong_type(r: &mut Rng) -> J {
    match r.below(10) {
        0 => J::Null,
        1 => J::Bool(r.percent(50)),
        2 => J::Num("0".into()),
        3 => J::Arr(vec![]),
        4 => J::Obj(vec![]),
        5 => J::Arr(vec![s("2025-01-01"), J::Num("1".into()), J::Null]),
        6 => obj(vec![("x", J::Num("1".into()))]),
        7 => J::Num("1e400".into()),
        8 => J::Arr(vec![J::Obj(vec![]); 3]),
        _ => s("true"),
    }
}

/// Keys no reader knows, and spellings of known ones (`\u0074otal` is `total` once unescaped).
const ODD_KEYS: &[&str] = &[
    "x",
    "",
    "__proto__",
    "constructor",
    "total ",
    "Total",
    "bill.total",
    "\\u0074otal",
    "\\u0062ill",
    "amount\\u0000",
    "\\ud800",
    "😀",
    "总费用",
    "lines",
    "overrides",
    "kind",
    "sub_kind",
];

/// Nesting built as text: `[[[…x…]]]` or `{"a":{"a":…x…}}`.
fn nest(r: &mut Rng, inner: &J) -> J {
    let depth = r.pick(&[2usize, 10, 63, 64, 65, 66, 100, 128, 129, 1000, 100_000]);
    let inner = inner.text();
    let (open, close) = match r.below(3) {
        0 => ("[", "]"),
        1 => ("{\"a\":", "}"),
        _ => ("[{\"lines\":", "}]"),
    };
    let mut t = String::with_capacity(depth * (open.len() + close.len()) + inner.len());
    for _ in 0..depth {
        t.push_str(open);
    }
    t.push_str(&inner);
    for _ in 0..depth {
        t.push_str(close);
    }
    J::Raw(t)
}

/// Value-aware edits of a scalar: an amount or rate scaled, negated, given decimals or an exponent; a string given an
/// odd character; a date moved to the ends of the calendar.
fn tweak(r: &mut Rng, x: &mut J) -> String {
    let text = match x {
        J::Num(t) | J::Str(t) => t.clone(),
        J::Bool(b) => {
            *b = !*b;
            return "flipped a boolean".into();
        }
        _ => return "nothing to tweak".into(),
    };
    let numeric = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let datelike = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    let new = if datelike {
        match r.below(4) {
            0 => format!("0000{}", &text[4..]),
            1 => format!("9999{}", &text[4..]),
            2 => format!("{}-02-29", &text[..4]),
            _ => format!("{}-12-31", &text[..4]),
        }
    } else if numeric {
        match r.below(8) {
            0 => format!("{text}{}", "0".repeat(1 + r.index(20))),
            1 => format!("-{text}"),
            2 => {
                let n = 1 + r.below(26);
                format!(
                    "{text}{}{}",
                    if text.contains('.') { "" } else { "." },
                    digits(r, n)
                )
            }
            3 => format!("{text}e{}", r.below(30)),
            4 => "10000000000.01".into(),
            5 => "10000000000".into(),
            6 => "0".into(),
            _ => format!("{text}.{}", "9".repeat(1 + r.index(28))),
        }
    } else {
        let mut t = text.clone();
        let mut at = r.index(t.len() + 1);
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        t.insert_str(at, r.pick(PIECES));
        t
    };
    let desc = format!("`{}` → `{}`", clip(&text, 40), clip(&new, 40));
    *x = match x {
        J::Num(_) if r.percent(70) => J::Num(new),
        _ => J::Str(new),
    };
    desc
}

/// One mutation of `root` (the subtree of a policies file most mutations go to); returns what it did.
fn mutate(r: &mut Rng, root: &mut J, policies: bool) -> String {
    let mut path = String::new();
    let target = if policies && r.percent(70) {
        let key = r.pick(&[
            "schedules",
            "schedules",
            "schedules",
            "adjustments",
            "catalogues",
            "arrangements",
            "national",
            "sources",
            "regions",
            "provinces",
        ]);
        path = format!(".{key}");
        match root.field_mut(key) {
            Some(t) => t,
            None => return format!("no {key} to mutate"),
        }
    } else {
        root
    };
    if r.one_in(12) {
        // Every amount at once near or past the top of the range: sums and products of them overflow if anything can.
        let big = r.pick(&[
            "9999999999999999999999999999",
            "7922816251426433759354395033",
            "999999999999999999999999.9999",
            "10000000000",
            "9999999999.99",
            "10000000000.01",
        ]);
        let n = spread(r, target, big);
        let at = if path.is_empty() {
            "the root".to_string()
        } else {
            format!("`{path}`")
        };
        return format!("{at}: {n} amounts set to `{big}`");
    }
    let mut n = r.index(target.count());
    let Some(x) = nth_mut(target, &mut n, &mut path) else {
        return "no node".into();
    };
    let at = if path.is_empty() {
        "the root".to_string()
    } else {
        format!("`{path}`")
    };
    let what = match r.below(12) {
        0 | 1 => {
            *x = hostile_number(r);
            format!("a hostile number `{}`", clip(&x.text(), 60))
        }
        2 => {
            *x = hostile_string(r);
            format!("a hostile string `{}`", clip(&x.text(), 60))
        }
        3 => {
            *x = hostile_date(r);
            format!("the date {}", x.text())
        }
        4 => {
            *x = wrong_type(r);
            format!("the wrong type `{}`", x.text())
        }
        5 | 6 => match x {
            J::Obj(fields) => object_op(r, fields),
            other => tweak(r, other),
        },
        7 => match x {
            J::Arr(items) => array_op(r, items),
            other => tweak(r, other),
        },
        8 if r.one_in(4) => {
            let inner = std::mem::replace(x, J::Null);
            *x = nest(r, &inner);
            format!("nested {} bytes deep", x.text().len())
        }
        _ => tweak(r, x),
    };
    format!("{at}: {what}")
}

/// Sets most amount-like values below `j` (decimals that are not rates, 0, 1 or 0.x, nor counts) to `big`; how many.
fn spread(r: &mut Rng, j: &mut J, big: &str) -> usize {
    match j {
        J::Num(t) | J::Str(t) => {
            let amount = !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !t.starts_with("0.")
                && !matches!(t.as_str(), "0" | "1" | "1.0" | "1.00");
            if amount && r.percent(70) {
                *t = big.to_string();
                1
            } else {
                0
            }
        }
        J::Arr(items) => {
            // A list of objects (bill lines, bands) now and then grows to a dozen or more, so that the big values add up.
            if matches!(items.last(), Some(J::Obj(_))) && r.percent(25) {
                let last = items[items.len() - 1].clone();
                let n = 8 + r.index(16);
                items.extend(std::iter::repeat_n(last, n));
            }
            items.iter_mut().map(|c| spread(r, c, big)).sum()
        }
        J::Obj(fields) => fields
            .iter_mut()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "admissions"
                        | "age"
                        | "value"
                        | "region"
                        | "area"
                        | "code"
                        | "province"
                        | "insured"
                        | "treated"
                )
            })
            .map(|(_, c)| spread(r, c, big))
            .sum(),
        _ => 0,
    }
}

fn object_op(r: &mut Rng, fields: &mut Vec<(String, J)>) -> String {
    match r.below(6) {
        0 if !fields.is_empty() => {
            let i = r.index(fields.len());
            let (k, v) = fields[i].clone();
            let v = if r.percent(50) { v } else { hostile_number(r) };
            let at = r.index(fields.len() + 1);
            fields.insert(at, (k.clone(), v));
            format!("a duplicate key `{k}`")
        }
        1 if !fields.is_empty() => {
            let (k, _) = fields.remove(r.index(fields.len()));
            format!("removed `{k}`")
        }
        2 if r.one_in(8) => {
            // 1,000 or 100,000 keys, the last one a duplicate of the first now and then.
            let n = if r.one_in(4) { huge(100_000) } else { 1000 };
            fields.extend((0..n).map(|i| (format!("k{i}"), J::Num(i.to_string()))));
            if r.percent(50) {
                fields.push(("k0".into(), J::Null));
            }
            format!("{n} more keys")
        }
        3 if !fields.is_empty() => {
            let i = r.index(fields.len());
            fields.swap(0, i);
            let j = r.index(fields.len());
            let key = fields[j].0.clone();
            fields[j].0 = format!("{key}{}", r.pick(&[" ", "\\u0000", "_", "\\u200b"]));
            format!("renamed `{key}`")
        }
        _ => {
            let k = r.pick(ODD_KEYS).to_string();
            let v = match r.below(3) {
                0 => hostile_number(r),
                1 => hostile_string(r),
                _ => wrong_type(r),
            };
            fields.push((k.clone(), v));
            format!("an unknown key `{k}`")
        }
    }
}

fn array_op(r: &mut Rng, items: &mut Vec<J>) -> String {
    match r.below(5) {
        0 if !items.is_empty() => {
            let i = r.index(items.len());
            let n = if r.one_in(20) {
                huge(100_000)
            } else {
                r.size(10_000)
            } as usize;
            let item = items[i].clone();
            items.extend(std::iter::repeat_n(item, n));
            format!("item {i} repeated {n} times")
        }
        1 => {
            items.clear();
            "emptied".into()
        }
        2 if items.len() > 1 => {
            items.reverse();
            "reversed".into()
        }
        3 if !items.is_empty() => {
            let i = r.index(items.len());
            items.remove(i);
            format!("removed item {i}")
        }
        _ => {
            let v = match r.below(3) {
                0 => hostile_number(r),
                1 => hostile_string(r),
                _ => wrong_type(r),
            };
            items.push(v);
            "a hostile item added".into()
        }
    }
}

/// Tokens a textual mutation inserts.
const TOKENS: &[&str] = &[
    ",",
    "}",
    "]",
    "{",
    "[",
    "\"",
    "\\",
    ":",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{FEFF}",
    "\u{D7FF}",
    "\u{10FFFF}",
    "/*c*/",
    "//",
    "NaN",
    "1e999",
    "\\u",
    "\\ud800",
    "-",
    "0",
    "tru",
    "nul",
    "'",
    " ",
    "\r\n",
    "\u{2028}",
];

fn boundary(r: &mut Rng, t: &str) -> usize {
    let mut i = r.index(t.len() + 1);
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn textual(r: &mut Rng, t: &mut String) -> String {
    let b = boundary(r, t);
    let e = (b + boundary(r, &t[b..]).min(64)).min(t.len());
    let mut e = e;
    while !t.is_char_boundary(e) {
        e -= 1;
    }
    match r.below(6) {
        0 => {
            t.truncate(b);
            format!("truncated at byte {b}")
        }
        1 => {
            t.replace_range(b..e, "");
            format!("deleted bytes {b}..{e}")
        }
        2 => {
            let tok = r.pick(TOKENS);
            t.insert_str(b, tok);
            format!("inserted {tok:?} at byte {b}")
        }
        3 => {
            let slice = t[b..e].to_string();
            t.insert_str(e, &slice);
            format!("duplicated bytes {b}..{e}")
        }
        4 => {
            let tok = r.pick(TOKENS);
            let next = t[b..].chars().next().map_or(0, char::len_utf8);
            t.replace_range(b..b + next, tok);
            format!("replaced the character at byte {b} with {tok:?}")
        }
        _ => {
            let (pre, post) = r.pick(&[
                ("\u{FEFF}", ""),
                (" \n\t", " \n"),
                ("", "x"),
                ("", "{}"),
                ("", "\u{0}"),
                ("[", "]"),
            ]);
            t.insert_str(0, pre);
            t.push_str(post);
            format!("wrapped in {pre:?} … {post:?}")
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Query,
    Policies,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Query => "query",
            Kind::Policies => "policies",
        }
    }
}

struct Input {
    kind: Kind,
    text: Arc<str>,
    /// The tree before any textual mutation.
    tree: J,
    /// What the mutations did, in order.
    notes: Vec<String>,
    /// How many structural mutations the input was drawn with (bit `i` of a mask skips mutation `i`).
    mutations: u32,
    textual: bool,
}

/// Skips nothing.
const ALL: u64 = 0;
/// Bit of a mask that skips the textual mutation.
const NO_TEXT: u64 = 1 << 63;

fn default_policies() -> &'static Policies {
    static P: OnceLock<Policies> = OnceLock::new();
    P.get_or_init(|| Policies::default_policies().expect("the embedded policies load"))
}

fn default_ctx() -> &'static Ctx {
    static C: OnceLock<Ctx> = OnceLock::new();
    C.get_or_init(|| Ctx::of(default_policies()))
}

fn policies_tree() -> &'static J {
    static T: OnceLock<J> = OnceLock::new();
    T.get_or_init(|| {
        let v: serde_json::Value =
            serde_json::from_str(yidi::policy::DEFAULT_POLICIES).expect("policies are JSON");
        J::from_serde(&v)
    })
}

/// Input `index` of the sequence for `seed`, with the mutations in `skip` left out (for minimizing).
fn generate(seed: u64, index: u64, skip: u64) -> Input {
    let mut r = Rng::new(seed, index, 0);
    let kind = if r.one_in(POLICIES_ONE_IN) {
        Kind::Policies
    } else {
        Kind::Query
    };
    let mut tree = match kind {
        Kind::Query => query(&mut r, default_ctx()),
        Kind::Policies => policies_tree().clone(),
    };
    let mutations = match r.below(20) {
        0..=6 => 0,
        7..=12 => 1,
        13..=15 => 2,
        16..=17 => 3,
        _ => 4 + r.below(4) as u32,
    };
    let text_mutation = r.one_in(10);
    let mut notes = Vec::new();
    for i in 0..mutations {
        if skip & (1 << i) == 0 {
            let mut mr = Rng::new(seed, index, u64::from(i) + 1);
            notes.push(mutate(&mut mr, &mut tree, kind == Kind::Policies));
        }
    }
    let mut text = tree.text();
    if text_mutation && skip & NO_TEXT == 0 {
        let mut tr = Rng::new(seed, index, 100);
        notes.push(format!("text: {}", textual(&mut tr, &mut text)));
    }
    Input {
        kind,
        text: Arc::from(text),
        tree,
        notes,
        mutations,
        textual: text_mutation,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Running an input and checking what comes back
// ---------------------------------------------------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    queries: u64,
    policies: u64,
    parsed: u64,
    estimates: u64,
    loaded: u64,
    codes: BTreeMap<&'static str, u64>,
}

impl Tally {
    fn error(&mut self, e: &Error) {
        *self.codes.entry(e.code.as_str()).or_default() += 1;
    }
}

const QUERY_TOP: &[&str] = &[
    "insured",
    "visit",
    "filing",
    "bill",
    "history",
    "personal_account_balance",
    "personal_account",
    "groups",
    "overrides",
];
const POLICIES_TOP: &[&str] = &[
    "version",
    "sources",
    "national",
    "provinces",
    "regions",
    "arrangements",
    "catalogues",
    "schedules",
    "adjustments",
    "access",
];

/// An invariant violation, described.
type Checked = Result<(), String>;

fn check_error(e: &Error, top: &[&str], stage: &str) -> Checked {
    let code = e.code.as_str();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(format!("{stage}: an error without a stable code: {e:?}"));
    }
    if e.message.zh.trim().is_empty()
        || e.message.en.trim().is_empty()
        || e.message.zh_hant.trim().is_empty()
    {
        return Err(format!("{stage}: an error without a message: {e:?}"));
    }
    let first = e.path.split(['.', '[']).next().unwrap_or("");
    // Errors about the whole input (not JSON, too large) have the empty path.
    let any_path = matches!(e.code, ErrorCode::InvalidJson | ErrorCode::UnknownField)
        || (matches!(e.code, ErrorCode::InvalidValue | ErrorCode::TooLarge) && e.path.is_empty());
    if !any_path && !top.contains(&first) {
        return Err(format!(
            "{stage}: error {code} does not name its field: path `{}`",
            e.path
        ));
    }
    serde_json::to_string(e).map_err(|x| format!("{stage}: an error does not serialize: {x}"))?;
    Ok(())
}

fn money_ok(name: &str, d: Decimal) -> Checked {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("estimate: {name} is negative ({d})"));
    }
    if d.normalize().scale() > 2 {
        return Err(format!("estimate: {name} has more than two decimals ({d})"));
    }
    Ok(())
}

fn sum(xs: &[Decimal]) -> Option<Decimal> {
    xs.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))
}

fn check_estimate(e: &Estimate) -> Checked {
    for l in &e.lines {
        money_ok(&format!("line {}", l.key), l.amount.0)?;
    }
    let totals = [
        ("fund_pays", e.fund_pays.0),
        ("second_layer_pays", e.second_layer_pays.0),
        ("patient_pays", e.patient_pays.0),
        ("account_pays", e.account_pays.0),
        ("cash_pays", e.cash_pays.0),
    ];
    for (name, d) in totals {
        money_ok(name, d)?;
    }
    let first = e.lines.first().ok_or("estimate: a slip without lines")?;
    if first.key != "total" {
        return Err(format!(
            "estimate: the slip's first line is `{}`, not the total",
            first.key
        ));
    }
    let total = first.amount.0;
    let line = |k: &str| e.line(k).map(|l| l.amount.0);
    let amt = |k: &str| line(k).unwrap_or_default();
    let paid = sum(&[e.fund_pays.0, e.second_layer_pays.0, e.patient_pays.0]);
    if paid != Some(total) {
        return Err(format!(
            "estimate: fund {} + second layer {} + patient {} != total {total}",
            e.fund_pays, e.second_layer_pays, e.patient_pays
        ));
    }
    if sum(&[e.account_pays.0, e.cash_pays.0]) != Some(e.patient_pays.0) {
        return Err(format!(
            "estimate: account {} + cash {} != patient {}",
            e.account_pays, e.cash_pays, e.patient_pays
        ));
    }
    let split = sum(&[
        amt("out_of_catalogue"),
        amt("over_limit"),
        amt("class_b_prepay"),
        amt("adjustment_prepay"),
        amt("eligible"),
    ]);
    if split != Some(total) {
        return Err(format!(
            "estimate: the catalogue split ({split:?}) != total {total}"
        ));
    }
    let eligible = sum(&[
        amt("deductible"),
        amt("fund"),
        amt("coinsurance"),
        amt("over_cap"),
        amt("over_quota"),
    ]);
    if eligible != Some(amt("eligible")) {
        return Err(format!(
            "estimate: deductible + fund + co-payment + over cap + over quota ({eligible:?}) != eligible {}",
            amt("eligible")
        ));
    }
    // The layers above the basic fund (R5.6f) add up to what they pay together; the accounts (R4.6b) likewise.
    let layers: Vec<Decimal> = e
        .lines
        .iter()
        .filter(|l| l.payer == yidi::estimate::Payer::SecondLayer)
        .map(|l| l.amount.0)
        .collect();
    if sum(&layers).unwrap_or_default() != e.second_layer_pays.0 {
        return Err(format!(
            "estimate: the layers' lines ({layers:?}) differ from what they pay ({})",
            e.second_layer_pays
        ));
    }
    let accounts = sum(&[amt("account"), amt("family_account")]);
    if accounts != Some(e.account_pays.0) || amt("family_account") != e.family_account_pays.0 {
        return Err(format!(
            "estimate: the account lines ({accounts:?}) differ from what the accounts pay ({})",
            e.account_pays
        ));
    }
    let named = [
        ("fund", e.fund_pays.0, true),
        ("patient", e.patient_pays.0, true),
        ("cash", e.cash_pays.0, false),
    ];
    for (key, value, required) in named {
        match line(key) {
            Some(l) if l != value => {
                return Err(format!(
                    "estimate: the {key} line ({l}) differs from its total ({value})"
                ))
            }
            None if required => return Err(format!("estimate: no {key} line")),
            _ => {}
        }
    }
    serde_json::to_string(e).map_err(|x| format!("estimate: does not serialize: {x}"))?;
    Ok(())
}

/// A query text against loaded policies: every entry point the CLI and the wasm use.
fn check_query(p: &Policies, text: &str, t: &mut Tally, stage: &str) -> Checked {
    t.queries += 1;
    let q = match yidi::parse_query(text) {
        Ok(q) => q,
        Err(e) => {
            t.error(&e);
            check_error(&e, QUERY_TOP, stage)?;
            return not_json_is_invalid_json(text, Some(&e), stage);
        }
    };
    not_json_is_invalid_json(text, None, stage)?;
    t.parsed += 1;
    let estimate = yidi::estimate(p, &q);
    let verdict = yidi::verdict(p, &q);
    let figures = yidi::figures(p, &q);
    for (which, r) in [
        ("verdict", verdict.as_ref().err()),
        ("figures", figures.as_ref().err()),
    ] {
        if let Some(e) = r {
            check_error(e, QUERY_TOP, &format!("{stage} {which}"))?;
        }
    }
    if let Ok(v) = &verdict {
        serde_json::to_string(v)
            .map_err(|x| format!("{stage} verdict: does not serialize: {x}"))?;
    }
    if let Ok(f) = &figures {
        serde_json::to_string(f)
            .map_err(|x| format!("{stage} figures: does not serialize: {x}"))?;
    }
    match &estimate {
        Ok(e) => {
            t.estimates += 1;
            check_estimate(e).map_err(|x| format!("{stage} {x}"))?;
            let v = verdict
                .map_err(|x| format!("{stage}: estimate succeeds but verdict fails: {x}"))?;
            figures.map_err(|x| format!("{stage}: estimate succeeds but figures fails: {x}"))?;
            if v.settlement.route != e.settlement.route || v.filing.status != e.filing.status {
                return Err(format!(
                    "{stage}: verdict ({:?}, {:?}) disagrees with estimate ({:?}, {:?})",
                    v.settlement.route, v.filing.status, e.settlement.route, e.filing.status
                ));
            }
        }
        Err(e) => {
            t.error(e);
            check_error(e, QUERY_TOP, &format!("{stage} estimate"))?;
        }
    }
    Ok(())
}

/// Text that is not JSON (by serde_json, with its limit of 128 levels above ours of 64) must be refused as
/// `invalid_json`, whatever else the reader would have said. A leading byte-order mark is allowed (the reader skips
/// it on purpose).
fn not_json_is_invalid_json(text: &str, error: Option<&Error>, stage: &str) -> Checked {
    // A text over the size bound is refused before it is parsed, as too large, whatever it holds.
    if error.is_some_and(|e| matches!(e.code, ErrorCode::InvalidJson | ErrorCode::TooLarge)) {
        return Ok(());
    }
    let json = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if harness(|| serde_json::from_str::<serde_json::Value>(json).is_err()) {
        let got = error.map_or("accepted".to_string(), |e| {
            format!("read as {}", e.code.as_str())
        });
        return Err(format!(
            "{stage}: text that is not JSON is not refused as invalid_json (`{got}`)"
        ));
    }
    Ok(())
}

fn check_policies(seed: u64, index: u64, text: &str, t: &mut Tally) -> Checked {
    t.policies += 1;
    match Policies::load(text) {
        Err(errors) => {
            let first = errors.first().ok_or("load: an empty list of errors")?;
            for e in &errors {
                t.error(e);
                check_error(e, POLICIES_TOP, "load")?;
            }
            if first.code == ErrorCode::InvalidJson {
                return Ok(());
            }
            not_json_is_invalid_json(text, Some(first), "load")
        }
        Ok(p) => {
            not_json_is_invalid_json(text, None, "load")?;
            t.loaded += 1;
            let ctx = Ctx::of(&p);
            for k in 0..3 {
                let mut r = Rng::new(seed, index, 200 + k);
                let q = query(&mut r, &ctx).text();
                check_query(&p, &q, t, &format!("query {k} on the loaded file"))?;
            }
            Ok(())
        }
    }
}

fn check(seed: u64, index: u64, input: &Input, t: &mut Tally) -> Checked {
    match input.kind {
        Kind::Query => check_query(default_policies(), &input.text, t, "query"),
        Kind::Policies => check_policies(seed, index, &input.text, t),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Crashes: a quiet panic hook that keeps the message, the place and the first frame in the crate
// ---------------------------------------------------------------------------------------------------------------

thread_local! {
    /// Time spent on the fuzzer's own checks during the current input.
    static HARNESS: std::cell::Cell<Duration> = const { std::cell::Cell::new(Duration::ZERO) };
    /// Whether an input is running (its panics are recorded quietly).
    static IN_RUN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Panics seen, and the crate function found for each place.
    static FRAMES: RefCell<(u32, std::collections::HashMap<String, String>)> = RefCell::new(Default::default());
}

fn install_hook() {
    panic::set_hook(Box::new(|info| {
        if !IN_RUN.with(|r| r.get()) {
            // Not an input's: the fuzzer's own, shown as usual.
            eprintln!("fuzz: {info}");
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", short_path(l.file()), l.line()))
            .unwrap_or_default();
        let frame = FRAMES.with(|frames| {
            let mut frames = frames.borrow_mut();
            let (count, known) = (frames.0, frames.1.get(&place).cloned());
            // A backtrace names the crate's function that panicked; it costs milliseconds, so after the first
            // thousand panics only a new place gets one.
            if let Some(known) = known.filter(|_| count >= 1000) {
                return known;
            }
            frames.0 += 1;
            let bt = std::backtrace::Backtrace::force_capture().to_string();
            let f = bt
                .lines()
                .map(str::trim)
                .filter_map(|l| l.split_once(": ").map(|(_, f)| f))
                .find(|f| f.contains("yidi::"))
                .map(strip_hash)
                .unwrap_or_default();
            frames.1.insert(place.clone(), f.clone());
            f
        });
        let within = if frame.is_empty() {
            String::new()
        } else {
            format!(" in {frame}")
        };
        PANIC.with(|p| {
            *p.borrow_mut() = Some(format!("panic at {place}{within}: {}", first_line(&msg)))
        });
    }));
}

/// A source path without the machine's directories: `rust_decimal-1.37.2/src/ops/add.rs`, `src/slip.rs`.
fn short_path(file: &str) -> &str {
    match file.find("/registry/src/") {
        Some(i) => {
            let rest = &file[i + "/registry/src/".len()..];
            rest.split_once('/').map_or(rest, |(_, r)| r)
        }
        None => file,
    }
}

/// `yidi::slip::compute::h0123456789abcdef` → `yidi::slip::compute`.
fn strip_hash(f: &str) -> String {
    match f.rsplit_once("::h") {
        Some((name, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            name.to_string()
        }
        _ => f.to_string(),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum FailKind {
    Crash,
    Hang,
    Violation,
}

/// Runs `f` as the fuzzer's own work, left out of an input's time.
fn harness<T>(f: impl FnOnce() -> T) -> T {
    let w = Stopwatch::start();
    let out = f();
    HARNESS.with(|h| h.set(h.get() + w.elapsed()));
    out
}

/// Runs one input: `Err((kind, what))` on a crash or a violation, and the time the crate's functions took (the
/// fuzzer's own checks left out).
fn run_one(
    seed: u64,
    index: u64,
    input: &Input,
    t: &mut Tally,
) -> (Result<(), (FailKind, String)>, Duration) {
    IN_RUN.with(|r| r.set(true));
    HARNESS.with(|h| h.set(Duration::ZERO));
    let w = Stopwatch::start();
    let result = panic::catch_unwind(AssertUnwindSafe(|| check(seed, index, input, t)));
    let took = w.elapsed().saturating_sub(HARNESS.with(|h| h.get()));
    IN_RUN.with(|r| r.set(false));
    (failure(result), took)
}

fn failure(result: std::thread::Result<Checked>) -> Result<(), (FailKind, String)> {
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(v)) => Err((FailKind::Violation, v)),
        Err(_) => {
            let what = PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "panic".into());
            Err((FailKind::Crash, what))
        }
    }
}

/// A failure's class, for counting and minimizing: the panic's place or the violation with its figures dropped.
fn signature(kind: FailKind, what: &str) -> String {
    let mut out = String::new();
    let what = match kind {
        // "panic at FILE:LINE in FN: message": the place and the function.
        FailKind::Crash => what.split(": ").next().unwrap_or(what),
        _ => what,
    };
    let mut in_quote = false;
    for c in what.chars() {
        match c {
            '`' => {
                in_quote = !in_quote;
                out.push('`');
            }
            _ if in_quote => {}
            '0'..='9' if kind != FailKind::Crash => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            '(' if kind != FailKind::Crash => break,
            c => out.push(c),
        }
    }
    format!("{kind:?}: {}", out.trim())
}

// ---------------------------------------------------------------------------------------------------------------
// Hangs: each input is timed; a watchdog ends a run stuck on one input
// ---------------------------------------------------------------------------------------------------------------

struct Current {
    seed: u64,
    index: u64,
    kind: Kind,
    started: Instant,
    text: Arc<str>,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

fn set_current(c: Option<Current>) {
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = c;
}

fn start_watchdog() {
    std::thread::spawn(|| {
        let mut noted = None;
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let guard = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
            let Some(c) = guard.as_ref() else { continue };
            let running = c.started.elapsed();
            if running > SLOW_NOTE && noted != Some(c.index) {
                noted = Some(c.index);
                let file = save(
                    &format!("slow-{}-{}-{}", c.kind.name(), c.seed, c.index),
                    &c.text,
                );
                eprintln!(
                    "fuzz: input #{} (seed {}, a {}) has run for {} s; it is in {file}",
                    c.index,
                    c.seed,
                    c.kind.name(),
                    running.as_secs()
                );
            }
            if running > STUCK_AFTER {
                eprintln!(
                    "\nfuzz: HANG: input #{} (seed {}) still runs after {} s: ending the run\n  rerun: \
                     YIDI_FUZZ_SEED={} YIDI_FUZZ_ONLY={} cargo test --test fuzz",
                    c.index,
                    c.seed,
                    running.as_secs(),
                    c.seed,
                    c.index
                );
                std::process::exit(3);
            }
        }
    });
}

fn failures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|t| t.join("fuzz-failures"))
        .unwrap_or_else(|| PathBuf::from("target/fuzz-failures"))
}

/// Writes `text` to target/fuzz-failures/`name`.json; returns the path shown.
fn save(name: &str, text: &str) -> String {
    let dir = failures_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.json"));
    match std::fs::write(&path, text) {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not saved: {e})"),
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

// ---------------------------------------------------------------------------------------------------------------
// Minimizing: drop the mutations that are not needed, then (queries) the fields and items that are not needed
// ---------------------------------------------------------------------------------------------------------------

struct Minimized {
    text: String,
    notes: Vec<String>,
}

fn minimize(seed: u64, index: u64, sig: &str, budget: Duration) -> Minimized {
    let started = Instant::now();
    let same = |text: &str, kind: Kind| -> bool {
        let input = Input {
            kind,
            text: Arc::from(text),
            tree: J::Null,
            notes: Vec::new(),
            mutations: 0,
            textual: false,
        };
        let mut t = Tally::default();
        match run_one(seed, index, &input, &mut t).0 {
            Err((k, what)) => signature(k, &what) == sig,
            Ok(()) => false,
        }
    };
    let first = generate(seed, index, ALL);
    let mut skip = 0u64;
    let bits = (0..first.mutations)
        .map(|i| 1u64 << i)
        .chain(first.textual.then_some(NO_TEXT));
    for bit in bits.collect::<Vec<_>>() {
        if started.elapsed() > budget {
            break;
        }
        let candidate = generate(seed, index, skip | bit);
        if same(&candidate.text, candidate.kind) {
            skip |= bit;
        }
    }
    let input = generate(seed, index, skip);
    let mut best = Minimized {
        text: input.text.to_string(),
        notes: input.notes.clone(),
    };
    // Policies files stay whole (the notes say what differs from the shipped file); a query loses what it can spare.
    if input.kind == Kind::Query && (skip & NO_TEXT != 0 || !input.textual) {
        let mut tree = input.tree;
        let mut i = 0;
        while i < tree.count() && started.elapsed() < budget {
            let mut smaller = tree.clone();
            let mut n = i;
            if remove_nth(&mut smaller, &mut n) && same(&smaller.text(), Kind::Query) {
                tree = smaller;
            } else {
                i += 1;
            }
        }
        // Long strings and arrays: halve them while the failure stays.
        let mut i = 0;
        while i < tree.count() && started.elapsed() < budget {
            let mut smaller = tree.clone();
            let mut n = i;
            let mut path = String::new();
            let shrunk = match nth_mut(&mut smaller, &mut n, &mut path) {
                Some(J::Str(t)) if t.len() > 16 => {
                    let mut end = t.len() / 2;
                    while !t.is_char_boundary(end) {
                        end -= 1;
                    }
                    t.truncate(end);
                    true
                }
                Some(J::Arr(items)) if items.len() > 1 => {
                    items.truncate(items.len() / 2);
                    true
                }
                _ => false,
            };
            if shrunk && same(&smaller.text(), Kind::Query) {
                tree = smaller;
            } else {
                i += 1;
            }
        }
        best.text = tree.text();
    }
    best
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

struct Failure {
    kind: FailKind,
    what: String,
    index: u64,
    input_kind: Kind,
    ms: f64,
    count: u64,
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim().replace(['_', ','], "");
    match v.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            eprintln!("fuzz: {name} must be a whole number, not `{v}`");
            std::process::exit(2)
        }
    }
}

/// A stopwatch of the time this thread spends on the CPU (on 64-bit Linux), so that a busy shared machine does not
/// turn a slow run into a hang; of the wall clock elsewhere.
#[derive(Clone, Copy)]
struct Stopwatch(Duration);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(cpu_now())
    }
    fn elapsed(self) -> Duration {
        cpu_now().saturating_sub(self.0)
    }
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn cpu_now() -> Duration {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through the pointer it is given, which points to one.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    assert!(ok, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.sec as u64, ts.nsec as u32)
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn cpu_now() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

const CLOCK: &str = if cfg!(all(target_os = "linux", target_pointer_width = "64")) {
    "CPU time"
} else {
    "wall-clock time"
};

fn hang_limit() -> Duration {
    // The unoptimised test profile (CI's short run) is 10 to 30 times slower than the release one.
    let default = if cfg!(debug_assertions) { 3000 } else { 100 };
    Duration::from_millis(env_u64("YIDI_FUZZ_HANG_MS").unwrap_or(default))
}

fn main() -> ExitCode {
    install_hook();
    if let Ok(path) = std::env::var("YIDI_FUZZ_REPLAY") {
        return replay(&path);
    }
    let seed = env_u64("YIDI_FUZZ_SEED").unwrap_or(1);
    if let Some(index) = env_u64("YIDI_FUZZ_ONLY") {
        return only(seed, index);
    }
    let inputs = env_u64("YIDI_FUZZ_INPUTS").unwrap_or(DEFAULT_INPUTS);
    let limit = hang_limit();
    let _ = default_ctx();
    let _ = policies_tree();
    start_watchdog();
    println!(
        "fuzz: {inputs} inputs, seed {seed}, hang limit {} ms of {CLOCK} ({} profile)",
        limit.as_millis(),
        if cfg!(debug_assertions) {
            "unoptimised test"
        } else {
            "optimised"
        }
    );

    let mut tally = Tally::default();
    let mut failures: BTreeMap<String, Failure> = BTreeMap::new();
    let mut counts = [0u64; 3];
    let mut slowest = (0.0f64, 0u64);
    let mut slow_unconfirmed = 0u64;
    let mut by_kind = [(0u64, Duration::ZERO); 2];
    let started = Instant::now();
    let cpu = Stopwatch::start();
    let mut next_report = Instant::now() + Duration::from_secs(30);
    for index in 0..inputs {
        let input = generate(seed, index, ALL);
        set_current(Some(Current {
            seed,
            index,
            kind: input.kind,
            started: Instant::now(),
            text: input.text.clone(),
        }));
        let (mut result, mut took) = run_one(seed, index, &input, &mut tally);
        let k = input.kind as usize;
        (by_kind[k].0, by_kind[k].1) = (by_kind[k].0 + 1, by_kind[k].1 + took);
        if took > limit && result.is_ok() {
            // Timed again twice (the machine is shared): a hang only if every run is slow.
            for _ in 0..2 {
                took = took.min(run_one(seed, index, &input, &mut Tally::default()).1);
            }
            if took > limit {
                result = Err((
                    FailKind::Hang,
                    format!(
                        "took {} ms (limit {} ms)",
                        took.as_millis(),
                        limit.as_millis()
                    ),
                ));
            } else {
                slow_unconfirmed += 1;
            }
        }
        set_current(None);
        let ms = took.as_secs_f64() * 1000.0;
        if ms > slowest.0 {
            slowest = (ms, index);
        }
        if let Err((kind, what)) = result {
            counts[kind as usize] += 1;
            let sig = match kind {
                // Hangs are told apart by kind of input and the size class of their text.
                FailKind::Hang => format!(
                    "Hang: {} input of ~10^{} bytes",
                    input.kind.name(),
                    input.text.len().max(1).ilog10()
                ),
                _ => signature(kind, &what),
            };
            let f = failures.entry(sig).or_insert(Failure {
                kind,
                what,
                index,
                input_kind: input.kind,
                ms,
                count: 0,
            });
            f.count += 1;
        }
        if Instant::now() > next_report {
            next_report += Duration::from_secs(60);
            let secs = started.elapsed().as_secs_f64();
            println!(
                "fuzz: {} / {inputs} inputs, {:.0} s, {:.0} inputs/s, {} crashes, {} hangs, {} violations",
                index + 1,
                secs,
                (index + 1) as f64 / secs,
                counts[0],
                counts[1],
                counts[2]
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu_secs = cpu.elapsed().as_secs_f64();

    let codes: Vec<String> = {
        let mut v: Vec<(&&str, &u64)> = tally.codes.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.iter().take(8).map(|(c, n)| format!("{c} {n}")).collect()
    };
    println!(
        "fuzz: {} queries ({} parsed, {} estimated), {} policies files ({} loaded); errors: {}",
        tally.queries,
        tally.parsed,
        tally.estimates,
        tally.policies,
        tally.loaded,
        codes.join(", ")
    );
    let avg = |(n, d): (u64, Duration)| d.as_secs_f64() * 1000.0 / n.max(1) as f64;
    println!(
        "fuzz: {:.2} ms per query, {:.1} ms per policies file; slowest input {:.1} ms (#{}); {} slow inputs were fast \
         when timed again",
        avg(by_kind[0]),
        avg(by_kind[1]),
        slowest.0,
        slowest.1,
        slow_unconfirmed
    );
    for (shown, (sig, f)) in failures.iter().enumerate() {
        println!(
            "\nfuzz: {sig} — {} time(s); first: input #{} ({}), {:.1} ms\n  {}",
            f.count,
            f.index,
            f.input_kind.name(),
            f.ms,
            f.what
        );
        let original = generate(seed, f.index, ALL);
        let stem = format!(
            "{}-{}-{}-{}",
            format!("{:?}", f.kind).to_lowercase(),
            original.kind.name(),
            seed,
            f.index
        );
        println!("  input: {}", save(&stem, &original.text));
        println!(
            "  rerun: YIDI_FUZZ_SEED={seed} YIDI_FUZZ_ONLY={} cargo test --test fuzz",
            f.index
        );
        for n in &original.notes {
            println!("  mutation: {}", clip(n, 200));
        }
        if shown < SHOWN && f.kind != FailKind::Hang {
            let m = minimize(seed, f.index, sig, Duration::from_secs(20));
            println!("  minimized: {}", save(&format!("{stem}-min"), &m.text));
            for n in &m.notes {
                println!("  needed: {}", clip(n, 200));
            }
            if original.kind == Kind::Query {
                println!("  {}", clip(&m.text, 1500));
            }
        }
    }
    println!(
        "\nfuzz: {inputs} inputs in {secs:.1} s ({:.1} s on the CPU, {:.0} inputs/s), seed {seed}: {} crashes, {} hangs \
         (> {} ms), {} invariant violations, {} distinct",
        cpu_secs,
        inputs as f64 / secs.max(1e-9),
        counts[0],
        counts[1],
        limit.as_millis(),
        counts[2],
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("fuzz: inputs in {}", failures_dir().display());
        ExitCode::FAILURE
    }
}

fn only(seed: u64, index: u64) -> ExitCode {
    let input = generate(seed, index, ALL);
    println!(
        "fuzz: input #{index} of seed {seed}: a {}, {} bytes",
        input.kind.name(),
        input.text.len()
    );
    for n in &input.notes {
        println!("  mutation: {}", clip(n, 300));
    }
    if input.kind == Kind::Query {
        println!("{}", clip(&input.text, 4000));
    }
    report_one(seed, index, &input)
}

fn replay(path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("fuzz: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let kind = if text.contains("\"schedules\"") || text.contains("\"sources\"") {
        Kind::Policies
    } else {
        Kind::Query
    };
    let input = Input {
        kind,
        text: Arc::from(text),
        tree: J::Null,
        notes: Vec::new(),
        mutations: 0,
        textual: false,
    };
    println!("fuzz: replaying {path} as a {}", kind.name());
    report_one(0, 0, &input)
}

fn report_one(seed: u64, index: u64, input: &Input) -> ExitCode {
    let mut t = Tally::default();
    let (result, took) = run_one(seed, index, input, &mut t);
    let ms = took.as_secs_f64() * 1000.0;
    let limit = hang_limit();
    match result {
        Ok(()) if took <= limit => {
            let codes: Vec<String> = t.codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
            println!(
                "fuzz: passed in {ms:.1} ms ({} estimated, {} loaded; errors: {})",
                t.estimates,
                t.loaded,
                codes.join(", ")
            );
            ExitCode::SUCCESS
        }
        Ok(()) => {
            println!(
                "fuzz: HANG: took {ms:.1} ms (limit {} ms)",
                limit.as_millis()
            );
            ExitCode::FAILURE
        }
        Err((kind, what)) => {
            println!("fuzz: {kind:?} after {ms:.1} ms: {what}");
            ExitCode::FAILURE
        }
    }
}
