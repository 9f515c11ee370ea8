//! The wire form: what the types write, the readers read back unchanged, and every enum reads the names it writes.
//! (Both the readers and the written form are serde's derived ones, from one declaration per type; `src/read.rs` adds
//! the error codes and paths.)

mod common;
use common::base;
use serde_json::json;
use yidi::{parse_query, Policies};

#[test]
fn the_policies_read_back_what_they_write() {
    let p = Policies::default_policies().expect("the embedded policies load");
    let written = serde_json::to_string(&p).unwrap();
    let again = Policies::load(&written).expect("the written form loads");
    assert_eq!(serde_json::to_string(&again).unwrap(), written);
}

#[test]
fn a_query_reads_back_what_it_writes() {
    let mut q = base();
    q["bill"] = json!({"lines": [{"name": "床位费", "amount": "1200", "class": "甲类"},
                                 {"amount": 800, "class": "b", "prepay_rate": "0.1", "over_limit": "50"}],
                       "class_b": {"amount": "800"}});
    q["history"] = json!({"admissions": 1, "fund_paid": "5000"});
    q["overrides"] = json!({"ratio": "0.9", "segments": [{"up_to": "10000", "ratio": "0.85"}, {"ratio": "0.9"}],
                            "adjustment": {"op": "deductible_override", "share": "0.2", "min": "2000"},
                            "second_layer": {"segments": [{"ratio": "0.6"}]}});
    let query = parse_query(&q.to_string()).expect("the query reads");
    let written = serde_json::to_string(&query).unwrap();
    let again = parse_query(&written).expect("the written form reads");
    assert_eq!(serde_json::to_string(&again).unwrap(), written);
}

#[test]
fn a_misspelt_field_anywhere_is_refused_by_name() {
    let cases = [
        (json!({"insured": {"regoin": "420100"}}), "insured.regoin"),
        (
            json!({"bill": {"lines": [{"amount": "1", "class": "A", "cls": "B"}]}}),
            "bill.lines[0].cls",
        ),
        (
            json!({"overrides": {"second_layer": {"segments": [], "treshold": "1"}}}),
            "overrides.second_layer.treshold",
        ),
        (
            json!({"overrides": {"adjustment": {"op": "none", "val": "1"}}}),
            "overrides.adjustment.val",
        ),
    ];
    for (patch, path) in cases {
        let q = common::with(patch);
        let e = parse_query(&q.to_string()).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_str()), ("unknown_field", path));
    }
}

/// A JSON number with an exponent is the number it writes, read exactly (`3e4` was refused as `invalid_amount`).
#[test]
fn json_numbers_with_an_exponent_are_read() {
    let text = base()
        .to_string()
        .replace(r#""total":"30000""#, r#""total":3E4"#)
        .replace(
            r#""out_of_catalogue":"10000""#,
            r#""out_of_catalogue":0.1e5"#,
        );
    assert!(text.contains("3E4"), "{text}");
    let e = yidi::estimate(common::policies(), &parse_query(&text).unwrap()).unwrap();
    assert_eq!(e.fund_pays.to_string(), "17049.60");
    let err = parse_query(&text.replace("3E4", "1e40")).unwrap_err();
    assert_eq!(err.code.as_str(), "invalid_amount");
    assert_eq!(err.path, "bill.total");
}
