//! The page's answers cross into JavaScript on a tape (src/tape.rs): read back, every answer is the value serde_json
//! makes of it, which is what JSON.parse and serde-wasm-bindgen's JSON-compatible serializer make in JavaScript.
//! (tests/wasm.rs checks the JavaScript reader in Chromium against serde-wasm-bindgen itself.)

mod common;

use common::{base, policies, with};
use serde::Serialize;
use serde_json::{json, Value};

use yidi::tape::Tape;

fn same<T: Serialize>(what: &str, v: &T) {
    let mut tape = Tape::default();
    tape.write(v).expect("the answer goes on the tape");
    let expected = serde_json::to_value(v).expect("serde_json writes the answer");
    assert_eq!(tape.to_json(), expected, "{what}: the tape differs");
}

fn queries() -> Vec<(String, Value)> {
    let mut out = vec![("base".to_string(), base())];
    for locale in ["zh-Hans", "zh-Hant", "en"] {
        out.push((format!("base {locale}"), with(json!({ "locale": locale }))));
        out.push((
            format!("no bill, planning {locale}"),
            with(json!({"locale": locale, "bill": null, "situation": "planning", "filing": null})),
        ));
        out.push((
            format!("周口 in 上海, discharged, no figures {locale}"),
            json!({"locale": locale,
                "insured": {"region": "周口", "scheme": "employee", "status": "retired"},
                "visit": {"region": "上海", "kind": "inpatient", "admission": "2025-05-01", "discharge": "2025-05-09"},
                "situation": "discharged",
                "bill": {"total": "48000.55", "class_b": "3000", "out_of_catalogue": "1200"}}),
        ));
        out.push((
            format!("resident, emergency, itemized {locale}"),
            json!({"locale": locale,
                "insured": {"region": "360700", "scheme": "resident", "age": 71},
                "visit": {"region": "440100", "kind": "inpatient", "emergency": true,
                          "admission": "2025-09-01", "discharge": "2025-09-05"},
                "bill": {"lines": [
                    {"name": "床位费", "amount": "1200", "class": "a"},
                    {"name": "进口药 😀", "amount": "800.5", "class": "b"},
                    {"name": "自费耗材", "amount": "333.33", "class": "self"}]}}),
        ));
    }
    out
}

#[test]
fn every_answer_reads_back_as_serde_json_writes_it() {
    let p = policies();
    for (what, q) in queries() {
        let query = match yidi::parse_query(&q.to_string()) {
            Ok(query) => query,
            Err(e) => {
                same(&format!("{what}: error"), &e);
                continue;
            }
        };
        match yidi::analyze(p, &query) {
            Ok(a) => same(&format!("{what}: analyze"), &a),
            Err(e) => same(&format!("{what}: analyze error"), &e),
        }
        if let Ok(e) = yidi::estimate(p, &query) {
            same(&format!("{what}: estimate"), &e);
        }
        if let Ok(v) = yidi::verdict(p, &query) {
            same(&format!("{what}: verdict"), &v);
        }
        if let Ok(f) = yidi::figures(p, &query) {
            same(&format!("{what}: figures"), &f);
        }
        if let Ok(o) = yidi::options::options(p, &query) {
            same(&format!("{what}: options"), &o);
        }
    }
    same("regions", &yidi::catalogue_of_regions(p));
    same("diseases", &yidi::diseases_on(p, None));
}

#[test]
fn errors_and_odd_values_read_back() {
    let err = yidi::parse_query(r#"{"insured": {"region": 5}}"#).unwrap_err();
    same("an error", &err);
    type Nested = (
        Vec<Vec<u8>>,
        std::collections::BTreeMap<String, u8>,
        Vec<Option<u8>>,
    );
    #[derive(Serialize)]
    struct Odd {
        empty: &'static str,
        astral: String,
        nested: Nested,
        unsigned: [u64; 4],
        signed: [i64; 3],
        floats: [f64; 4],
        bools: [bool; 2],
        map: std::collections::BTreeMap<&'static str, char>,
    }
    same(
        "odd values",
        &Odd {
            empty: "",
            astral: "a😀中𠀀b".into(),
            nested: (vec![vec![]], Default::default(), vec![None, Some(1)]),
            unsigned: [0, 268_435_455, 268_435_456, 9_007_199_254_740_991],
            signed: [-1, -268_435_456, 7],
            floats: [1.5, -0.25, 1e300, 3.5],
            bools: [true, false],
            map: [("__proto__", '中'), ("x", '😀')].into_iter().collect(),
        },
    );
    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(u8, &'static str),
        Struct { a: Option<u8>, b: Option<u8> },
    }
    same(
        "enums",
        &vec![
            E::Unit,
            E::New(3),
            E::Tuple(1, "x"),
            E::Struct {
                a: None,
                b: Some(2),
            },
            E::Unit,
        ],
    );
}
