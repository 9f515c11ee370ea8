//! Hostile and odd input (issue 9): every case gets a typed error with its path, or a correct answer — never a panic,
//! a hang, a lost line or a silently changed figure. The same core runs in the wasm, so what holds here holds there.

mod common;
use common::{base, try_run, with};
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use yidi::Policies;

/// The bar is one second natively in a release build (`cargo test --release --test hostile`); an unoptimised build,
/// as CI's native step runs, gets ten.
fn budget() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 1 })
}

fn code_and_path(q: &serde_json::Value) -> (String, String) {
    match try_run(q) {
        Ok(e) => panic!("expected an error, got fund {}: {q}", e.fund_pays),
        Err(e) => (e.code.as_str().to_string(), e.path),
    }
}

fn text_error(text: &str) -> (String, String) {
    match yidi::parse_query(text) {
        Ok(_) => panic!("expected an error for {text}"),
        Err(e) => (e.code.as_str().to_string(), e.path),
    }
}

#[test]
fn huge_amounts_are_refused_where_read_not_overflowed_in_the_slip() {
    let nines = "9999999999999999999999999999";
    let lines: Vec<_> = (0..8)
        .map(|_| json!({"amount": nines, "class": "A"}))
        .collect();
    let q = with(json!({"bill": {"total": null, "out_of_catalogue": null, "lines": lines}}));
    assert_eq!(
        code_and_path(&q),
        ("invalid_amount".into(), "bill.lines[0].amount".into())
    );
    // At the bound: ten billion yuan per line is read, and eight such lines still sum and split exactly.
    let lines: Vec<_> = (0..8)
        .map(|_| json!({"amount": "10000000000", "class": "A"}))
        .collect();
    let e = try_run(&with(
        json!({"bill": {"total": null, "out_of_catalogue": null, "lines": lines}}),
    ))
    .unwrap();
    assert_eq!(
        e.fund_pays.0 + e.second_layer_pays.0 + e.patient_pays.0,
        "80000000000".parse().unwrap()
    );
    for (total, code) in [
        ("10000000000.01", "invalid_amount"),
        ("790000000000000000000000000", "invalid_amount"),
        ("800.005", "invalid_amount"),
        ("-0.01", "negative_amount"),
    ] {
        assert_eq!(
            code_and_path(&with(json!({"bill": {"total": total}}))),
            (code.into(), "bill.total".into()),
            "{total}"
        );
    }
}

#[test]
fn a_bill_past_a_hundred_times_the_largest_amount_is_refused_not_overflowed() {
    let lines: Vec<_> = (0..101)
        .map(|_| json!({"amount": "10000000000", "class": "C"}))
        .collect();
    let q = with(json!({"bill": {"total": null, "out_of_catalogue": null, "lines": lines}}));
    assert_eq!(
        code_and_path(&q),
        ("invalid_amount".into(), "bill.lines".into())
    );
}

#[test]
fn odd_escapes_and_dates_are_refused() {
    let mut q = base();
    q["insured"]["region"] = json!("REGION");
    let text = q.to_string();
    for (escape, code) in [
        (r"\ud800\u0041", "invalid_json"),
        (r"\ud800", "invalid_json"),
        (r"\udc00", "invalid_json"),
        (r"\u+041", "invalid_json"),
        (r"\u004", "invalid_json"),
    ] {
        let t = text.replace("REGION", escape);
        assert_eq!(
            text_error(&t),
            (code.into(), "insured.region".into()),
            "{escape}"
        );
    }
    // A proper pair is one character.
    let t = text.replace("REGION", r"\u6b66\u6c49");
    assert_eq!(
        try_run(&serde_json::from_str(&t).unwrap())
            .unwrap()
            .fund_pays
            .to_string(),
        "17049.60"
    );
    for date in ["0000-01-01", "1989-12-31", "2101-01-01", "9999-12-31"] {
        let q = with(json!({"visit": {"admission": date}}));
        assert_eq!(
            code_and_path(&q),
            ("invalid_date".into(), "visit.admission".into()),
            "{date}"
        );
    }
}

#[test]
fn totals_given_beside_lines_are_reconciled_never_ignored() {
    let lines = json!([
        {"amount": "1000", "class": "C"},
        {"amount": "2000", "class": "A", "over_limit": "100"},
        {"amount": "3000", "class": "B", "prepay_rate": "0.1"}
    ]);
    let agree = with(
        json!({"bill": {"total": "6000", "out_of_catalogue": "1000", "over_limit": "100",
        "class_b": {"amount": "3000", "prepay_amount": "300"}, "lines": lines}}),
    );
    let e = try_run(&agree).unwrap();
    assert_eq!(
        (e.fund_pays + e.second_layer_pays + e.patient_pays).to_string(),
        "6000.00"
    );
    for (field, value, path) in [
        ("out_of_catalogue", json!("999"), "bill.out_of_catalogue"),
        ("over_limit", json!("0"), "bill.over_limit"),
        ("class_b", json!({"amount": "2999"}), "bill.class_b.amount"),
        (
            "class_b",
            json!({"prepay_amount": "1"}),
            "bill.class_b.prepay_amount",
        ),
    ] {
        let mut bill = json!({"total": null, "out_of_catalogue": null, "lines": lines});
        bill[field] = value;
        let q = with(json!({ "bill": bill }));
        assert_eq!(
            code_and_path(&q),
            ("total_mismatch".into(), path.into()),
            "{field}"
        );
    }
    // A class-B rate for the whole bill applies to the class-B lines that give none.
    let q = with(json!({"bill": {"total": null, "out_of_catalogue": null,
        "class_b": {"prepay_rate": "0.2"}, "lines": [{"amount": "3000", "class": "B"}]}}));
    let e = try_run(&q).unwrap();
    assert_eq!(common::line(&e, "class_b_prepay"), "600.00");
}

#[test]
fn a_query_of_a_hundred_thousand_keys_is_answered_in_under_a_second() {
    let mut fields: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\":{i}")).collect();
    fields.push(format!("\"insured\":{}", base()["insured"]));
    let text = format!("{{{}}}", fields.join(","));
    // Over 512 KB: refused at once.
    let started = Instant::now();
    assert_eq!(text_error(&text), ("too_large".into(), String::new()));
    assert!(started.elapsed() < budget(), "{:?}", started.elapsed());
    // Just under the bound, 30,000 keys are read through, in linear time.
    let mut fields: Vec<String> = (0..30_000).map(|i| format!("\"k{i}\":{i}")).collect();
    fields.push(format!("\"insured\":{}", base()["insured"]));
    let text = format!("{{{}}}", fields.join(","));
    assert!(text.len() < yidi::MAX_QUERY_BYTES);
    let started = Instant::now();
    let (code, _) = text_error(&text);
    assert_eq!(code, "unknown_field");
    assert!(started.elapsed() < budget(), "{:?}", started.elapsed());
}

#[test]
fn a_policies_file_of_a_hundred_thousand_sources_is_answered_in_under_a_second() {
    let mut p: serde_json::Value = serde_json::from_str(include_str!("../policies.json")).unwrap();
    let sources = p["sources"].as_object_mut().unwrap();
    for i in 0..100_000 {
        sources.insert(
            format!("extra-{i}"),
            json!({"title": "t", "url": "https://example.org/", "grade": "C", "as_of": "2024-01-01"}),
        );
    }
    let text = p.to_string();
    // Over 1 MB: refused at once, as too large.
    let started = Instant::now();
    let Err(refused) = Policies::load(&text) else {
        panic!("a policies file over 1 MB is refused")
    };
    assert_eq!(refused[0].code.as_str(), "too_large");
    assert!(started.elapsed() < budget(), "{:?}", started.elapsed());
    // Within the bound, thousands of sources load in linear time.
    let sources = p["sources"].as_object_mut().unwrap();
    sources.retain(|k, _| !k.starts_with("extra-") || k.len() < 10);
    let text = p.to_string();
    assert!(
        text.len() < yidi::policy::MAX_POLICIES_BYTES,
        "{}",
        text.len()
    );
    let started = Instant::now();
    let loaded = Policies::load(&text);
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e[0].clone()));
    assert!(started.elapsed() < budget(), "{:?}", started.elapsed());
}

/// One change to the policies' JSON.
type Change = Box<dyn FnOnce(&mut serde_json::Value)>;

/// The embedded policies with one change made to its JSON, and the errors `validate` reports.
fn policies_errors(change: impl FnOnce(&mut serde_json::Value)) -> Vec<(String, String)> {
    let mut p: serde_json::Value = serde_json::from_str(include_str!("../policies.json")).unwrap();
    change(&mut p);
    match Policies::load(&p.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.code.as_str().to_string(), e.path))
            .collect(),
    }
}

/// The first schedule row of the embedded policies that gives `field`: (schedule, version, row).
fn first_row_with(field: &str) -> (usize, usize, usize) {
    let p: serde_json::Value = serde_json::from_str(include_str!("../policies.json")).unwrap();
    let schedules = p["schedules"].as_array().unwrap();
    for (i, s) in schedules.iter().enumerate() {
        for (j, v) in s["versions"].as_array().unwrap().iter().enumerate() {
            for (k, r) in v["rows"].as_array().unwrap().iter().enumerate() {
                if r.get(field).is_some() {
                    return (i, j, k);
                }
            }
        }
    }
    panic!("no row with {field}")
}

#[test]
fn validate_refuses_figures_that_would_give_a_bad_estimate() {
    let (i, j, k) = first_row_with("deductible");
    let row = format!("schedules[{i}].versions[{j}].rows[{k}]");
    let cases: Vec<(Change, &str, String)> = vec![
        (
            Box::new(move |p| {
                p["schedules"][i]["versions"][j]["rows"][k]["deductible"]["amounts"][0] =
                    json!("800.005")
            }),
            "invalid_amount",
            format!("{row}.deductible.amounts[0]"),
        ),
        (
            Box::new(move |p| {
                p["schedules"][i]["versions"][j]["rows"][k]["deductible"]["amounts"][0] =
                    json!("-1")
            }),
            "negative_amount",
            format!("{row}.deductible.amounts[0]"),
        ),
    ];
    for (change, code, path) in cases {
        let errors = policies_errors(change);
        assert!(
            errors.contains(&(code.to_string(), path.clone())),
            "{code} {path}: {errors:?}"
        );
    }
    // R6.2: a waiting period of months, not centuries (helper-65: 4294967295 overflowed, the wait dropped unsaid).
    for (field, value) in [
        ("fixed_months", 4294967295u64),
        ("months_per_lapsed_year", 13),
    ] {
        let errors = policies_errors(|p| {
            p["national"]["resident_waiting_period"][0]["value"][field] = json!(value)
        });
        assert!(
            errors.contains(&(
                "invalid_value".into(),
                format!("national.resident_waiting_period[0].value.{field}")
            )),
            "{field}: {errors:?}"
        );
    }
    // R5.7a: a yearly limit below the first deductible, or on a yearly deductible.
    for (per, limit) in [("admission", "0"), ("year", "100000")] {
        let errors = policies_errors(|p| {
            let d = &mut p["schedules"][i]["versions"][j]["rows"][k]["deductible"];
            d["per"] = json!(per);
            d["year_limit"] = json!(limit);
        });
        assert!(
            errors.contains(&(
                "invalid_value".into(),
                format!("{row}.deductible.year_limit")
            )),
            "{per} {limit}: {errors:?}"
        );
    }
    let (i, j, k) = first_row_with("annual_cap");
    let cap = format!("schedules[{i}].versions[{j}].rows[{k}].annual_cap.amount");
    let errors = policies_errors(|p| {
        p["schedules"][i]["versions"][j]["rows"][k]["annual_cap"]["amount"] = json!("100.005")
    });
    assert!(
        errors.contains(&("invalid_amount".into(), cap)),
        "{errors:?}"
    );
    let (i, j, k) = first_row_with("second_layer");
    let sl = format!("schedules[{i}].versions[{j}].rows[{k}].second_layer");
    for (field, value, code) in [
        ("threshold", "-1", "negative_amount"),
        ("cap", "-1", "negative_amount"),
        ("threshold", "0.001", "invalid_amount"),
    ] {
        let errors = policies_errors(|p| {
            p["schedules"][i]["versions"][j]["rows"][k]["second_layer"][field] = json!(value)
        });
        assert!(
            errors.contains(&(code.into(), format!("{sl}.{field}"))),
            "{field} {value}: {errors:?}"
        );
    }
    // A negative or contradictory deductible override in a region's adjustments.
    let errors = policies_errors(|p| {
        p["adjustments"][0]["versions"][0]["rules"][0]["adjustment"] =
            json!({"op": "deductible_override", "amount": "-100"})
    });
    assert!(
        errors.contains(&(
            "negative_amount".into(),
            "adjustments[0].versions[0].rules[0].adjustment.amount".into()
        )),
        "{errors:?}"
    );
    let errors = policies_errors(|p| {
        p["adjustments"][0]["versions"][0]["rules"][0]["adjustment"] =
            json!({"op": "deductible_override", "share": "0.1", "min": "500", "max": "100"})
    });
    assert!(
        errors.contains(&(
            "invalid_value".into(),
            "adjustments[0].versions[0].rules[0].adjustment.max".into()
        )),
        "{errors:?}"
    );
}

#[test]
fn contradictory_overrides_are_refused() {
    let q = with(
        json!({"overrides": {"adjustment": {"op": "deductible_override", "min": "900", "max": "100"}}}),
    );
    assert_eq!(
        code_and_path(&q),
        ("invalid_value".into(), "overrides.adjustment.max".into())
    );
}

fn yidi_bytes(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("yidi runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_batch_answers_every_line_around_bad_ones() {
    let good = base().to_string();
    let nines = with(json!({"bill": {"total": null, "out_of_catalogue": null,
        "lines": (0..8).map(|_| json!({"amount": "9999999999999999999999999999", "class": "A"})).collect::<Vec<_>>()}}));
    let mut input = Vec::new();
    input.extend_from_slice(b"\xEF\xBB\xBF");
    input.extend_from_slice(good.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(b"{\"insured\": \"\xFF\xFE\"}\n");
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"\nnot json at all\n");
    input.extend_from_slice(nines.to_string().as_bytes());
    input.push(b'\n');
    input.extend_from_slice(good.as_bytes());
    input.push(b'\n');
    // Characters after the query on its line (an exported array's comma, a stray brace, a NUL): one line, one
    // answer, so that the answers stay in step with the lines; two queries on one line are one line that does not read.
    for tail in [&b","[..], b"}", b"\0", b" x"] {
        input.extend_from_slice(good.as_bytes());
        input.extend_from_slice(tail);
        input.push(b'\n');
    }
    input.extend_from_slice(format!("{good} {good}\n").as_bytes());
    let (code, out, err) = yidi_bytes(&["estimate", "-"], &input);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let answers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<String> = answers
        .iter()
        .map(|a| {
            a["error"]["code"].as_str().map_or_else(
                || a["fund_pays"].as_str().unwrap().to_string(),
                str::to_string,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "17049.60",
            "invalid_json",
            "17049.60",
            "invalid_json",
            "invalid_amount",
            "17049.60",
            "invalid_json",
            "invalid_json",
            "invalid_json",
            "invalid_json",
            "invalid_json"
        ]
    );
    assert!(
        answers[1]["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("not UTF-8"),
        "{}",
        answers[1]
    );
    assert!(answers[6]["error"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("characters after the query"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [vec!["regions"], vec!["validate"], vec!["estimate", "-"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yidi"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdout.take(); // the reader is gone before anything is written
        let line = format!("{}\n", base());
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(line.repeat(200).as_bytes());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
    }
}

/// An unknown key past any field's length is named by its start (helper-65: 7,000,000 characters came back whole).
#[test]
fn a_huge_unknown_key_is_named_by_its_start() {
    let key = "x".repeat(100_000);
    let q = format!(r#"{{"insured": {{"region": "420100", "scheme": "employee"}}, "{key}": 1}}"#);
    let e = yidi::parse_query(&q).unwrap_err();
    assert_eq!(e.code, yidi::ErrorCode::UnknownField);
    assert!(e.path.chars().count() <= 201, "{}", e.path.len());
    assert!(e.path.ends_with('…'));
    assert!(e.message.en.len() < 400);
}
