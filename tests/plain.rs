//! The page's way in (src/plain.rs): a JavaScript value walked into words and read by the query's derived readers.
//! Natively, every query here reads from its words as the CLI reads its JSON text: the same query, or the same error
//! code at the same path. (tests/wasm.rs checks the JavaScript walker in Chromium, and tests/browser/hostile the
//! values JSON has no words for.)

mod common;

use common::{base, with};
use serde_json::{json, Value};
use yidi::plain::Plain;

/// A query read (as JSON), or its error's code and path.
type Outcome = Result<Value, (String, String)>;

/// The query as the CLI reads it, and as the page's reader reads its words.
fn both(q: &Value) -> (Outcome, Outcome) {
    let outcome = |r: Result<yidi::Query, yidi::Error>| {
        r.map(|q| serde_json::to_value(q).unwrap())
            .map_err(|e| (e.code.as_str().to_string(), e.path))
    };
    let (words, text) = Plain::from_json(q).words();
    let plain = Plain::from_words(&words, &text).expect("the words read back");
    assert_eq!(plain, Plain::from_json(q), "words round trip: {q}");
    (
        outcome(yidi::parse_query(&q.to_string())),
        outcome(yidi::strict::read(plain)),
    )
}

#[test]
fn every_query_reads_from_its_words_as_from_json() {
    let queries = [
        base(),
        with(json!({"locale": "en", "situation": "in_hospital", "today": "2025-03-05"})),
        with(json!({"bill": {"lines": [
            {"name": "床位费 😀", "amount": "1200", "class": "a"},
            {"name": "进口药", "amount": 800.5, "class": "b", "prepay_rate": "0.1"},
            {"name": "自费", "amount": 333, "class": "self"}]}})),
        with(json!({"insured": {"region": "周口", "scheme": "resident", "age": 71}})),
        with(
            json!({"filings": [{"category": "referral", "start": "2025-01-01", "area": "深圳"}], "filing": null}),
        ),
        with(
            json!({"overrides": {"ratio": "0.8", "adjustment": {"op": "multiplier", "value": "0.9"}}}),
        ),
        with(json!({"history": {"admissions": 2, "eligible_so_far": "12000"}})),
        // Errors: the same code at the same path.
        with(json!({"bill": {"total": -1}})),
        with(json!({"bill": {"total": "3万"}})),
        with(json!({"insured": {"region": 5}})),
        with(json!({"insured": {"age": 71.5}})),
        with(json!({"insured": {"age": -3}})),
        with(json!({"insured": {"scheme": "EMPLOYEE"}})),
        with(json!({"visit": {"disease": "diabetes"}})),
        with(json!({"visit": {"kind": ["inpatient"]}})),
        with(json!({"bill": {"lines": [{"amount": "5"}, {"amount": {"x": 1}}]}})),
        json!([1, 2]),
        json!("query"),
        json!(null),
    ];
    for q in &queries {
        let (cli, page) = both(q);
        // Where an enum is given something else than a string or an object (`"kind": ["inpatient"]`), serde_json's
        // enum reader fails at the token (`invalid_json`); the page's is `invalid_value`, as for a misspelt name.
        let cli = cli.map_err(|(code, path)| match code.as_str() {
            "invalid_json" if page.is_err() => ("invalid_value".to_string(), path),
            _ => (code, path),
        });
        assert_eq!(page, cli, "{q}");
    }
}

/// What JSON has no words for reads as a value of no query's type: `invalid_value` at its path, not a crash.
#[test]
fn values_of_no_query_type_are_invalid_at_their_path() {
    let mut q = Plain::from_json(&base());
    if let Plain::Object(entries) = &mut q {
        for (k, v) in entries.iter_mut() {
            if k == "bill" {
                *v = Plain::Object(vec![("total".into(), Plain::Other("a function".into()))]);
            }
        }
    }
    let e = yidi::strict::read::<yidi::Query, _>(q).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalid_value", "bill.total")
    );
    // A BigInt where a whole number goes is read as serde-wasm-bindgen read one: an i64 for any value, refused for a
    // small integer field.
    let mut q = Plain::from_json(&base());
    if let Plain::Object(entries) = &mut q {
        entries.push(("locale".into(), Plain::BigInt("12".into())));
    }
    let e = yidi::strict::read::<yidi::Query, _>(q).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalid_value", "locale")
    );
}
