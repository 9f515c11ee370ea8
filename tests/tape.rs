//! The page's answers cross into JavaScript on a tape (src/tape.rs): read back, every answer is the value serde_json
//! makes of it, which is what JSON.parse and serde-wasm-bindgen's JSON-compatible serializer make in JavaScript.
//! (tests/wasm.rs checks the JavaScript reader in Chromium against serde-wasm-bindgen itself.)

mod common;

use common::{base, policies, with};
use serde::Serialize;
use serde_json::{json, Value};

use yidi::tape::Tape;

thread_local! {
    /// One tape and its reader's kept strings for all of a test's answers, as the page has one per module instance:
    /// later answers refer to strings kept from earlier ones.
    static TAPE: std::cell::RefCell<(Tape, Vec<String>)> = std::cell::RefCell::new((Tape::default(), Vec::new()));
}

fn same<T: Serialize>(what: &str, v: &T) {
    TAPE.with(|t| {
        let (tape, kept) = &mut *t.borrow_mut();
        // Twice: the second time, every string is one kept from the first.
        for time in ["first", "again"] {
            tape.write(v).expect("the answer goes on the tape");
            let expected = serde_json::to_value(v).expect("serde_json writes the answer");
            assert_eq!(
                tape.to_json(kept),
                expected,
                "{what} ({time}): the tape differs"
            );
        }
    })
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

/// The kept strings are bounded: when the tape keeps as many as it may, the next value starts afresh (the reader
/// forgets them), and a value that could not be written leaves nothing the reader never saw.
#[test]
fn kept_strings_are_bounded_and_start_afresh() {
    let mut tape = Tape::keeping(5);
    let mut kept = Vec::new();
    let values: Vec<Vec<String>> = (0..40)
        .map(|i| {
            (0..(i % 7))
                .map(|j| format!("s{}", (i * 3 + j) % 11))
                .collect()
        })
        .collect();
    let mut fresh = 0;
    for v in &values {
        tape.write(v).unwrap();
        fresh += usize::from(tape.fresh);
        assert_eq!(tape.to_json(&mut kept), serde_json::to_value(v).unwrap());
        assert!(kept.len() <= 5, "at most 5 kept, not {}", kept.len());
    }
    assert!(fresh > 1, "the tape started afresh when full");

    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{Error, SerializeSeq};
            let mut seq = s.serialize_seq(None)?;
            seq.serialize_element("never read")?;
            drop(seq);
            Err(S::Error::custom("fails half-way"))
        }
    }
    let mut tape = Tape::default();
    let mut kept = Vec::new();
    tape.write(&["a"]).unwrap();
    tape.to_json(&mut kept);
    assert!(tape.write(&Fails).is_err());
    let v = ["never read", "a"];
    tape.write(&v).unwrap();
    assert!(
        tape.fresh,
        "after a value that could not be written, the reader starts afresh"
    );
    assert_eq!(tape.to_json(&mut kept), json!(v));
}

/// A source an answer cites on several lines goes on the tape once (`SHARE`), then by its number (`SHARED_AGAIN`),
/// and reads back as serde_json writes it, every citation in full.
#[test]
fn a_source_cited_again_is_written_once() {
    let p = policies();
    let query = yidi::parse_query(&with(json!({"locale": "zh-Hans"})).to_string()).unwrap();
    let e = yidi::estimate(p, &query).unwrap();
    let citations = e.lines.iter().map(|l| l.sources.len()).sum::<usize>()
        + e.parameters.iter().map(|x| x.sources.len()).sum::<usize>();
    let mut tape = Tape::default();
    tape.write(&e).unwrap();
    let tag = |t: u32| tape.words.iter().filter(|&&w| w & 15 == t).count();
    let (share, again) = (tag(yidi::tape::SHARE), tag(yidi::tape::SHARED_AGAIN));
    assert!(share >= 1 && again >= 1, "{share} shared, {again} again");
    assert_eq!(
        share + again,
        citations + e.filing.sources.len() + e.settlement.sources.len()
    );
    assert_eq!(
        tape.to_json(&mut Vec::new()),
        serde_json::to_value(&e).unwrap()
    );
}
