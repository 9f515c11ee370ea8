//! The TypeScript declarations published with the JavaScript API (www/yidi-types.d.ts) are the ones the Rust types
//! generate (src/types.rs), they declare every type the hand-written API (www/yidi.d.ts, www/yidi-calculator.d.ts)
//! names, and what the core returns has the shape they declare. Needs `--features schema` (`cargo xtask test` passes
//! it); regenerate the file with `cargo xtask types`.
#![cfg(feature = "schema")]

mod common;
use common::{policies, with};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const COMMITTED: &str = include_str!("../www/yidi-types.d.ts");
const API: &str = include_str!("../www/yidi.d.ts");
const ELEMENT: &str = include_str!("../www/yidi-calculator.d.ts");

#[test]
fn the_committed_declarations_are_the_generated_ones() {
    let generated = yidi::types::declarations().expect("the declarations generate");
    assert!(
        generated == COMMITTED,
        "www/yidi-types.d.ts differs from the Rust types: run `cargo xtask types` and commit the result"
    );
}

/// The names of a string union: `export type Route = "local" | …;`.
fn union(name: &str) -> Vec<String> {
    let start = format!("export type {name} =");
    let at = COMMITTED
        .find(&start)
        .unwrap_or_else(|| panic!("{name} is declared"));
    let text = &COMMITTED[at + start.len()..];
    let text = &text[..text.find(';').unwrap()];
    text.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            assert!(a.starts_with('"') && a.ends_with('"'), "{name}: {a}");
            a.trim_matches('"').to_string()
        })
        .collect()
}

/// The members of an interface, each with whether it may be absent.
fn interface(name: &str) -> Option<Vec<(String, String, bool)>> {
    let at = COMMITTED
        .find(&format!("export interface {name} {{"))
        .or_else(|| COMMITTED.find(&format!("export interface {name}<")))?;
    let body = &COMMITTED[at..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    Some(
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("/**") && !l.starts_with('*'))
            .map(|l| {
                let (key, ty) = l.trim_end_matches(';').split_once(": ").unwrap();
                let optional = key.ends_with('?');
                (
                    key.trim_end_matches('?').to_string(),
                    ty.to_string(),
                    optional,
                )
            })
            .collect(),
    )
}

/// Checks a value against a declared type, through the interfaces it names: no key that the interface does not
/// declare, none missing that it requires, and nothing `null` that may not be.
fn conforms(v: &Value, ty: &str, path: &str) {
    let ty = ty.trim();
    if v.is_null() {
        assert!(ty.ends_with("| null"), "{path}: null for {ty}");
        return;
    }
    let ty = ty.trim_end_matches("| null").trim();
    if let Some(inner) = ty.strip_prefix("Array<").and_then(|t| t.strip_suffix('>')) {
        for (i, x) in v.as_array().expect("an array").iter().enumerate() {
            conforms(x, inner, &format!("{path}[{i}]"));
        }
        return;
    }
    let name = ty.split('<').next().unwrap();
    if let Some(members) = interface(name) {
        let object = v
            .as_object()
            .unwrap_or_else(|| panic!("{path}: {ty} is an object"));
        for key in object.keys() {
            assert!(
                members.iter().any(|(k, _, _)| k == key),
                "{path}.{key} is not declared in {name}"
            );
        }
        for (key, member, optional) in &members {
            match object.get(key) {
                Some(x) => conforms(x, member, &format!("{path}.{key}")),
                None => assert!(optional, "{path}.{key}, required by {name}, is absent"),
            }
        }
    } else if COMMITTED.contains(&format!("export type {name} = \""))
        || COMMITTED.contains(&format!("export type {name} =\n  | \""))
    {
        let s = v.as_str().expect("a string");
        assert!(union(name).iter().any(|n| n == s), "{path}: {s} in {name}");
    } else if ty == "string" {
        assert!(v.is_string(), "{path}: a string");
    } else if ty == "number" {
        assert!(v.is_number(), "{path}: a number");
    } else if ty == "boolean" {
        assert!(v.is_boolean(), "{path}: a boolean");
    }
}

fn query(v: &Value) -> yidi::Query {
    yidi::parse_query(&v.to_string()).expect("the query reads")
}

/// Queries that between them reach the slip's lines and every figure.
fn queries() -> Vec<Value> {
    vec![
        common::base(),
        with(json!({
            "bill": {"total": null, "out_of_catalogue": null, "lines": [
                {"amount": "12000", "class": "A"},
                {"amount": "3000", "class": "B", "over_limit": "200"},
                {"amount": "500", "class": "C"}
            ]},
            "personal_account_balance": "2000",
            "overrides": {
                "deductible": "1000", "deductible_per": "year", "ratio": "0.85", "annual_cap": "10000",
                "annual_cap_basis": "fund", "class_b_prepay_rate": "0.1",
                "second_layer": {"threshold": "0", "segments": [{"ratio": "0.6"}]},
                "adjustment": {"op": "prepay_share", "value": "0.1"}
            },
            "situation": "in_hospital", "today": "2025-03-05"
        })),
        with(json!({"insured": {"region": "420500", "status": "employed"}, "filing": null})),
        // Issue 13: layers, a quota, both accounts and this year's use of each.
        with(json!({
            "bill": {"total": "300000", "out_of_catalogue": null},
            "personal_account": {"own": "1000", "family": "2000"},
            "groups": ["civil_servant"],
            "history": {"quota_used": "0", "layers": [{"kind": "critical_illness", "base_so_far": "1000"}]},
            "overrides": {
                "deductible": "1000", "ratio": "0.9", "annual_cap": "100000",
                "quota": {"amount": "500000", "period": "year", "basis": "fund"},
                "layers": [
                    {"kind": "large_expense", "segments": [{"ratio": "0.85"}], "applies_to": "above_basic_cap"},
                    {"kind": "critical_illness", "name": "职工大病", "threshold": "30000", "segments": [{"ratio": "0.6"}]},
                    {"kind": "civil_servant", "segments": [{"ratio": "0.5"}], "only_for": "civil_servant"}
                ]
            }
        })),
    ]
}

#[test]
fn what_the_core_returns_has_the_declared_shape() {
    let p = policies();
    for v in queries() {
        let q = query(&v);
        conforms(&serde_json::to_value(&q).unwrap(), "Query", "query");
        let e = yidi::estimate(p, &q).unwrap();
        conforms(&serde_json::to_value(&e).unwrap(), "Estimate", "estimate");
        let f = yidi::figures(p, &q).unwrap();
        conforms(&serde_json::to_value(&f).unwrap(), "Figures", "figures");
        let d = yidi::verdict(p, &q).unwrap();
        conforms(&serde_json::to_value(&d).unwrap(), "Verdict", "verdict");
        let o = yidi::options::options(p, &q).unwrap();
        conforms(&serde_json::to_value(&o).unwrap(), "Options", "options");
        let a = yidi::analyze(p, &q).unwrap();
        conforms(&serde_json::to_value(&a).unwrap(), "Analysis", "analysis");
    }
    let billless = query(&with(json!({"bill": null, "overrides": {"ratio": "0.9"}})));
    let a = yidi::analyze(p, &billless).unwrap();
    conforms(&serde_json::to_value(&a).unwrap(), "Analysis", "analysis");
    let regions = serde_json::to_value(yidi::catalogue_of_regions(p)).unwrap();
    conforms(&regions, "Array<ProvinceEntry>", "regions");
    let diseases = serde_json::to_value(yidi::diseases_on(p, None)).unwrap();
    conforms(&diseases, "Array<DiseaseEntry>", "diseases");
    let coverage = serde_json::to_value(yidi::coverage::coverage(p)).unwrap();
    conforms(&coverage, "Array<CoverageEntry>", "coverage");
    let summary = serde_json::to_value(yidi::coverage::summary(p)).unwrap();
    conforms(&summary, "CoverageSummary", "summary");
    let slip: yidi::past_slip::PastSlip = serde_json::from_value(
        json!({"eligible": "20000", "deductible": "800", "fund_paid": "17049.6"}),
    )
    .unwrap();
    let ratio = serde_json::to_value(yidi::past_slip::ratio_from_slip(&slip).unwrap()).unwrap();
    conforms(&ratio, "DerivedRatio", "ratio");
    let error = yidi::parse_query("{").unwrap_err();
    conforms(&serde_json::to_value(&error).unwrap(), "CoreError", "error");
}

#[test]
fn the_slip_keys_and_figure_names_are_the_cores() {
    let keys = union("SlipKey");
    for k in &keys {
        assert_ne!(yidi::slip::label(k).en, *k, "the slip has a label for {k}");
    }
    let names = union("ParameterName");
    let mut seen = BTreeSet::new();
    for v in queries() {
        let e = yidi::estimate(policies(), &query(&v)).unwrap();
        for l in &e.lines {
            assert!(keys.iter().any(|k| k == l.key), "{} in SlipKey", l.key);
        }
        seen.extend(e.parameters.iter().map(|x| x.name.to_string()));
    }
    assert_eq!(
        seen,
        names.into_iter().collect(),
        "every ParameterName is a figure of the core"
    );
}

#[test]
fn the_detail_paths_are_the_cores() {
    // One declaration (the `details!` macro in src/query.rs): the wire's names, `path()` and the TypeScript union.
    let wire: Vec<String> = yidi::query::Detail::ALL
        .iter()
        .map(|d| {
            serde_json::to_value(d)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        union("DetailPath"),
        wire,
        "DetailPath lists Detail::ALL in its order"
    );
    let paths: Vec<String> = yidi::query::Detail::ALL
        .map(|d| d.path().to_string())
        .to_vec();
    assert_eq!(wire, paths);
}

#[test]
fn the_error_codes_are_the_cores() {
    for name in union("ErrorCode") {
        let code = yidi::ErrorCode::named(&name).unwrap_or_else(|| panic!("{name} is a code"));
        assert_eq!(code.as_str(), name);
    }
}

/// `import type { A, B } from "…"` lists of a declaration file.
fn imported(text: &str, from: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("import type {") {
        let after = &rest[at + "import type {".len()..];
        let end = after.find('}').unwrap();
        let source = after[end..].split('"').nth(1).unwrap_or_default();
        if source == from {
            names.extend(
                after[..end]
                    .split(',')
                    .map(|n| n.split(" as ").next().unwrap().trim().to_string())
                    .filter(|n| !n.is_empty()),
            );
        }
        rest = &after[end..];
    }
    names
}

fn declares(text: &str, name: &str) -> bool {
    [
        format!("export type {name} "),
        format!("export type {name}<"),
        format!("export interface {name} "),
        format!("export interface {name}<"),
    ]
    .iter()
    .any(|d| text.contains(d.as_str()))
}

#[test]
fn the_hand_written_api_names_only_declared_types() {
    assert!(
        API.contains("export * from \"./yidi-types.js\";"),
        "yidi.d.ts re-exports the generated declarations"
    );
    let from_types = imported(API, "./yidi-types.js");
    assert!(from_types.len() > 5, "{from_types:?}");
    for name in from_types {
        assert!(
            declares(COMMITTED, &name),
            "yidi-types.d.ts declares {name}"
        );
    }
    for name in imported(ELEMENT, "./yidi.js") {
        assert!(
            declares(COMMITTED, &name) || declares(API, &name),
            "yidi.d.ts or yidi-types.d.ts declares {name}, which yidi-calculator.d.ts imports"
        );
    }
}
