//! The reader the wasm uses for JavaScript values (yidi::strict) reads every struct as the map of its keys, so that a
//! key no type declares is refused as the CLI refuses it, at its path, and everything else reads as before. Checked
//! here over serde_json's values, which the wrapper treats as it treats JavaScript ones.

mod common;
use serde_json::{json, Value};
use yidi::{ErrorCode, Query};

fn strict(v: &Value) -> Result<Query, yidi::Error> {
    yidi::strict::read(v.clone())
}

fn e1() -> Value {
    json!({"insured": {"region": "420100", "scheme": "employee", "status": "retired"},
           "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                     "admission": "2025-03-01", "discharge": "2025-03-15"},
           "filing": {"category": "long_term", "start": "2024-06-01", "area": "440300"},
           "bill": {"total": "30000",
                    "lines": [{"amount": "20000", "class": "甲类"}, {"amount": "10000", "class": "丙类"}]},
           "overrides": {"adjustment": {"op": "pp_reduction", "value": "0.1"}},
           "locale": "en"})
}

#[test]
fn unknown_keys_are_refused_at_their_path_all_the_way_down() {
    for (patch, path) in [
        (json!({"bogus": 1}), "bogus"),
        (json!({"visit": {"disease": "diabetes"}}), "visit.disease"),
        (
            json!({"bill": {"lines": [{"amount": "1", "clas": "A"}]}}),
            "bill.lines[0].clas",
        ),
        (
            json!({"overrides": {"adjustment": {"op": "none", "vale": "0.1"}}}),
            "overrides.adjustment.vale",
        ),
    ] {
        let mut q = e1();
        common::merge(&mut q, &patch);
        let e = strict(&q).expect_err("an unknown key");
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::UnknownField, path),
            "{patch}"
        );
        // As the JSON text reader says.
        let e = yidi::parse_query(&q.to_string()).expect_err("an unknown key");
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::UnknownField, path),
            "{patch}"
        );
    }
}

#[test]
fn what_reads_as_json_text_reads_the_same() {
    let q = e1();
    let a = strict(&q).expect("reads");
    let b = yidi::parse_query(&q.to_string()).expect("reads");
    let p = common::policies();
    assert_eq!(
        serde_json::to_value(yidi::estimate(p, &a).unwrap()).unwrap(),
        serde_json::to_value(yidi::estimate(p, &b).unwrap()).unwrap()
    );
    // Aliases (a line's class 甲类, a filing's `kind`) and nulls for defaults still read.
    let mut q = e1();
    common::merge(
        &mut q,
        &json!({"filing": {"kind": "retiree"}, "history": null, "visit": {"networked": null}}),
    );
    assert!(strict(&q).is_ok(), "{:?}", strict(&q).err());
    // A wrong type is still a wrong type.
    let mut q = e1();
    common::merge(&mut q, &json!({"visit": {"kind": 7}}));
    assert_eq!(
        strict(&q).expect_err("a number").code,
        ErrorCode::InvalidValue
    );
}

/// The path the strict reader names for a problem is the one the JSON text reader (serde_path_to_error) names, with
/// the same code: in lists, in maps, in nested structs, for wrong types, bad amounts, missing and unknown fields.
#[test]
fn problems_are_named_at_the_same_path_as_the_json_text_reader_names_them() {
    for patch in [
        json!({"bill": {"lines": [{"amount": "1", "class": "甲类"}, {"amount": "-5", "class": "甲类"}]}}),
        json!({"bill": {"lines": [{"amount": "1", "class": "甲类"}, {"amount": "abc"}]}}),
        json!({"bill": {"lines": [{"amount": "1", "class": "丁类"}]}}),
        json!({"bill": {"lines": [{"class": "甲类"}]}}),
        json!({"bill": {"total": "1e400"}}),
        json!({"bill": {"total": [1]}}),
        json!({"visit": {"admission": "2025-02-30"}}),
        json!({"visit": {"hospital_level": "quaternary"}}),
        json!({"insured": {"scheme": 3}}),
        json!({"insured": {"region": null}}),
        json!({"filing": {"start": "yesterday"}}),
        json!({"filings": [{"category": "long_term", "start": "2024-06-01", "area": "440300"},
                           {"category": "long_term", "start": "x", "area": "440300"}]}),
        json!({"history": {"layers": [{"base_so_far": "1", "paid": "-1"}]}}),
        json!({"overrides": {"ratio": "1.5"}}),
        json!({"overrides": {"adjustment": {"op": "pp_reduction", "value": "x"}}}),
        json!({"overrides": {"segments": [{"upto": "100", "ratio": "x"}]}}),
        json!({"locale": "fr"}),
        json!({"situation": 1}),
    ] {
        let mut q = e1();
        common::merge(&mut q, &patch);
        let text = yidi::parse_query(&q.to_string()).expect_err("a problem");
        let js = strict(&q).expect_err("a problem");
        assert_eq!(js.path, text.path, "{patch}");
        // serde_json calls a wrong type in the text `invalid_json`; a JavaScript value has no text to be wrong.
        if text.code != ErrorCode::InvalidJson {
            assert_eq!(js.code, text.code, "{patch}");
        }
    }
    // A list at the top names the whole input, as the text reader does.
    let text = yidi::parse_query("[1]").expect_err("a list");
    let js = strict(&json!([1])).expect_err("a list");
    assert_eq!((js.code, js.path), (text.code, text.path));
}
