//! Bad input gets a typed error with a stable code, the field's path and a message in Chinese — never a panic.

mod common;
use common::{try_run, with};
use serde_json::json;

#[test]
fn bad_queries_give_typed_errors_naming_the_field() {
    let cases = [
        (
            "negative amount",
            json!({"bill": {"total": "-5"}}),
            "negative_amount",
            "bill.total",
        ),
        (
            "non-numeric amount",
            json!({"bill": {"total": "12,000"}}),
            "invalid_amount",
            "bill.total",
        ),
        (
            "an amount with fractions of a fen",
            json!({"bill": {"total": "10.001"}}),
            "invalid_amount",
            "bill.total",
        ),
        (
            "a boolean for an amount",
            json!({"bill": {"out_of_catalogue": true}}),
            "invalid_amount",
            "bill.out_of_catalogue",
        ),
        (
            "parts larger than the total",
            json!({"bill": {"total": "100", "out_of_catalogue": "150"}}),
            "parts_exceed_total",
            "bill.total",
        ),
        (
            "class-B amount beyond the total",
            json!({"bill": {"total": "100", "out_of_catalogue": "50", "class_b": {"amount": "80", "prepay_rate": "0.1"}}}),
            "parts_exceed_total",
            "bill.class_b.amount",
        ),
        (
            "lines disagreeing with the total",
            json!({"bill": {"total": "100", "out_of_catalogue": null, "lines": [{"amount": "50", "class": "A"}]}}),
            "total_mismatch",
            "bill.total",
        ),
        (
            "a line's over-limit beyond the line",
            json!({"bill": {"total": null, "out_of_catalogue": null, "lines": [{"amount": "50", "class": "A", "over_limit": "60"}]}}),
            "parts_exceed_total",
            "bill.lines[0].over_limit",
        ),
        (
            "an impossible date",
            json!({"visit": {"admission": "2025-02-30"}}),
            "invalid_date",
            "visit.admission",
        ),
        (
            "a date in another format",
            json!({"visit": {"discharge": "2025/03/15"}}),
            "invalid_date",
            "visit.discharge",
        ),
        (
            "discharge before admission",
            json!({"visit": {"discharge": "2025-02-01"}}),
            "discharge_before_admission",
            "visit.discharge",
        ),
        (
            "filing ends before it starts",
            json!({"filing": {"end": "2024-01-01"}}),
            "filing_end_before_start",
            "filing.end",
        ),
        (
            "unknown insured region",
            json!({"insured": {"region": "999999"}}),
            "unknown_region",
            "insured.region",
        ),
        (
            "unknown place of treatment by name",
            json!({"visit": {"region": "亚特兰蒂斯"}}),
            "unknown_region",
            "visit.region",
        ),
        (
            "unknown filed area",
            json!({"filing": {"area": "火星"}}),
            "unknown_region",
            "filing.area",
        ),
        (
            "unknown disease",
            json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "flu", "date": "2025-03-01"}}),
            "unknown_disease",
            "visit.chronic_disease",
        ),
        (
            "chronic outpatient without a disease",
            json!({"visit": {"kind": "chronic_outpatient", "date": "2025-03-01"}}),
            "missing_field",
            "visit.chronic_disease",
        ),
        (
            "inpatient without admission",
            json!({"visit": {"admission": null}}),
            "missing_field",
            "visit.admission",
        ),
        (
            "unknown enum value",
            json!({"insured": {"scheme": "gold"}}),
            "invalid_value",
            "insured.scheme",
        ),
        (
            "unknown field",
            json!({"visit": {"hospital": "协和"}}),
            "unknown_field",
            "visit.hospital",
        ),
        (
            "a ratio above 1",
            json!({"overrides": {"ratio": "1.5"}}),
            "invalid_rate",
            "overrides.ratio",
        ),
        (
            "bands out of order",
            json!({"overrides": {"segments": [{"up_to": "5000", "ratio": "0.8"}, {"up_to": "1000", "ratio": "0.9"}, {"ratio": "0.9"}]}}),
            "invalid_segments",
            "overrides.segments",
        ),
        (
            "no bill total",
            json!({"bill": {"total": null, "out_of_catalogue": null}}),
            "missing_field",
            "bill.total",
        ),
        // (A class-B amount with no rate on file for the place is no longer an error: the highest rate on file
        // stands in, tests/typical.rs.)
    ];
    for (what, patch, code, path) in cases {
        let err = try_run(&with(patch))
            .err()
            .unwrap_or_else(|| panic!("{what}: expected an error"));
        assert_eq!(
            (err.code.as_str(), err.path.as_str()),
            (code, path),
            "{what}"
        );
        assert!(
            !err.message.zh.is_empty() && !err.message.en.is_empty(),
            "{what}: messages in both languages"
        );
    }
}

#[test]
fn messages_name_the_field_in_plain_chinese() {
    let err = try_run(&with(json!({"bill": {"total": "-5"}}))).unwrap_err();
    assert_eq!(err.message.zh, "总费用不能为负数");
    let err = try_run(&with(json!({"visit": {"discharge": "2025-02-01"}}))).unwrap_err();
    assert_eq!(err.message.zh, "出院日期早于入院日期");
}

/// A key no type declares is named as written; a key that several types declare gets the label of the one at its path.
#[test]
fn labels_belong_to_the_field_at_the_path() {
    let err = try_run(&with(
        json!({"bill": {"lines": [{"amount": "1", "category": "a"}]}}),
    ))
    .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("unknown_field", "bill.lines[0].category")
    );
    assert_eq!(err.message.zh, "无法识别的字段：bill.lines[0].category");
    assert_eq!(err.message.en, "Unknown field: bill.lines[0].category");
    for (path, zh) in [
        ("visit.kind", "就医类型"),
        ("overrides.layers[0].kind", "保障层类型"),
        ("overrides.ratio", "统筹基金支付比例"),
        ("overrides.segments[1].ratio", "分段支付比例"),
        (
            "overrides.second_layer.segments[0].ratio",
            "大病/大额支付比例",
        ),
        ("overrides.layers[2].segments[0].ratio", "大病/大额支付比例"),
        ("insured", "参保人信息"),
        // A policies file's arrangement names regions on each side, not the query's insured person.
        ("arrangements[0].insured[3]", "互认安排的参保地一方"),
        ("arrangements[1].treated", "互认安排的就医地一方"),
        ("visit", "就医信息"),
        ("bill.lines[3].class", "明细类别（甲类、乙类、丙类）"),
    ] {
        assert_eq!(yidi::error::field_label(path).0, zh, "{path}");
    }
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    for text in ["", "{", "[]", "null", "{\"insured\": 5}", "\"x\""] {
        let err = yidi::parse_query(text).unwrap_err();
        assert!(!err.code.as_str().is_empty(), "{text}");
    }
}

#[test]
fn numbers_are_accepted_and_read_through_their_decimal_text() {
    let e = common::run(&with(
        json!({"bill": {"total": 30000.1, "out_of_catalogue": 10000}}),
    ));
    assert_eq!(e.line("total").unwrap().amount.to_string(), "30000.10");
}

#[test]
fn common_spellings_are_accepted() {
    let e = common::run(&with(json!({
        "filing": {"long_term_kind": null, "kind": "retiree"},
        "bill": {"total": null, "out_of_catalogue": null, "lines": [
            {"amount": "100", "class": "甲"}, {"amount": "100", "class": "b", "prepay_rate": "0.1"}, {"amount": "50", "class": "none"}
        ]}
    })));
    assert_eq!(
        e.line("class_b_prepay").unwrap().amount.to_string(),
        "10.00"
    );
    assert_eq!(
        e.line("out_of_catalogue").unwrap().amount.to_string(),
        "50.00"
    );
}

#[test]
fn an_age_or_a_count_of_admissions_out_of_reason_is_refused_with_its_bounds() {
    for (patch, path, words) in [
        (
            json!({"insured": {"age": 30000}}),
            "insured.age",
            "0 到 130",
        ),
        (json!({"insured": {"age": 131}}), "insured.age", "0 到 130"),
        (
            json!({"history": {"admissions": 30000}}),
            "history.admissions",
            "0 到 366",
        ),
    ] {
        let e = try_run(&with(patch)).expect_err("refused");
        assert_eq!(e.code.as_str(), "invalid_value");
        assert_eq!(e.path, path);
        assert!(e.message.zh.contains(words), "{}", e.message.zh);
    }
    assert!(try_run(&with(json!({"insured": {"age": 130}}))).is_ok());
}

#[test]
fn english_error_messages_start_with_a_capital_and_name_the_field_as_the_form_does() {
    let e = try_run(&with(json!({"bill": {"total": "abc"}}))).expect_err("refused");
    assert!(
        e.message.en.starts_with("Total cost must be an amount"),
        "{}",
        e.message.en
    );
    let e = try_run(&with(json!({"insured": {"age": 30000}}))).expect_err("refused");
    assert!(
        e.message.en.starts_with(|c: char| c.is_ascii_uppercase()),
        "{}",
        e.message.en
    );
}

/// Every field a query (or a past slip) declares has words for its messages: an error never names a field by its raw
/// path ("visit.emergency的取值无效", "请填写eligible"). Read from the declarations in src/, so a new field needs a label.
#[test]
fn every_input_field_has_a_label() {
    let mut missing = Vec::new();
    for file in ["src/query.rs", "src/past_slip.rs"] {
        let text =
            std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut parent = String::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub struct ") {
                parent = rest
                    .split([' ', '<', '{'])
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
            } else if let Some(rest) = line.strip_prefix("    pub ") {
                let field = rest.split(':').next().unwrap_or("");
                // The answer's own types (a ratio worked out from a slip) are output, not input.
                if parent == "derivedratio" || field.contains(' ') {
                    continue;
                }
                // Where each type sits in a query.
                let at = match parent.as_str() {
                    "classb" => "bill.class_b",
                    "line" => "bill.lines[0]",
                    "layerhistory" => "history.layers[0]",
                    "layer" => "overrides.layers[0]",
                    "quota" => "overrides.quota",
                    "adjustmentspec" => "overrides.adjustment",
                    other => other,
                };
                let path = format!("{at}.{field}");
                if yidi::error::field_label(&path).0 == path {
                    missing.push(path);
                }
            }
        }
    }
    assert!(missing.is_empty(), "fields without words: {missing:?}");
}

/// A date out of the years a date may have (1985) is told the years, not only the format it already has.
#[test]
fn a_date_out_of_range_is_told_the_years() {
    let err = try_run(&with(json!({"visit": {"admission": "1985-01-01"}}))).unwrap_err();
    assert_eq!(err.code.as_str(), "invalid_date");
    let years = yidi::money::date::YEARS;
    assert_eq!(
        (*years.start(), *years.end()),
        (1990, 2100),
        "the message's years"
    );
    assert!(err.message.zh.contains("1990–2100"), "{}", err.message.zh);
    assert!(
        err.message.en.contains("1990 to 2100"),
        "{}",
        err.message.en
    );
}

/// A query that is not JSON says why in Chinese as in English (the Chinese said only 格式不正确): a known reason in
/// words, else where it was found.
#[test]
fn malformed_json_says_why_in_chinese_too() {
    let e = yidi::parse_query(r#"{"insured": {}} x"#).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_json");
    assert!(e.message.zh.contains("多余的字符"), "{}", e.message.zh);
    assert!(
        e.message.en.contains("trailing characters"),
        "{}",
        e.message.en
    );
    let e = yidi::parse_query(r#"{"insured": "#).unwrap_err();
    assert!(e.message.zh.contains("不完整"), "{}", e.message.zh);
}

/// A whole-number field says what it takes whatever is wrong with the value (it said only "the value is not valid" for
/// -5, abc or 1.234, and the bounds only for 200).
#[test]
fn whole_number_fields_say_what_they_take() {
    for (field, value) in [
        ("age", json!(-5)),
        ("age", json!("abc")),
        ("age", json!(1.234)),
        ("age", json!(200)),
        ("lapsed_years", json!(-1)),
        ("lapsed_years", json!(500)),
    ] {
        let mut q = common::base();
        q["insured"][field] = value.clone();
        let err = common::try_run(&q).unwrap_err();
        assert_eq!(err.code.as_str(), "invalid_value", "{field} {value}");
        assert_eq!(err.path, format!("insured.{field}"));
        assert!(
            err.message.zh.contains("之间的整数"),
            "{field} {value}: {}",
            err.message.zh
        );
    }
    let mut q = common::base();
    q["history"] = json!({"admissions": 1.5});
    let err = common::try_run(&q).unwrap_err();
    assert!(
        err.message
            .zh
            .contains("本年度已住院次数应为 0 到 366 之间的整数"),
        "{}",
        err.message.zh
    );
}

/// A region given as a number (420100, not "420100") says what the field takes (it said "参保地的取值无效"); a query
/// that is no JSON reads "could not be read", not "Input is not valid input".
#[test]
fn a_region_given_as_a_number_says_what_the_field_takes() {
    for (at, path) in [("insured", "insured.region"), ("visit", "visit.region")] {
        let mut q = common::base();
        q[at]["region"] = json!(420100);
        let err = common::try_run(&q).unwrap_err();
        assert_eq!(err.code.as_str(), "invalid_value");
        assert_eq!(err.path, path);
        assert!(
            err.message.zh.contains("6 位行政区划代码"),
            "{}",
            err.message.zh
        );
        assert!(err.message.en.contains("as text"), "{}", err.message.en);
    }
    let err = yidi::parse_query("{").unwrap_err();
    assert!(
        !err.message.en.contains("not valid input"),
        "{}",
        err.message.en
    );
}

/// A key given twice is said so in Chinese too (it said only 总费用格式不正确).
#[test]
fn a_key_given_twice_is_said_in_every_language() {
    let err = yidi::parse_query(
        r#"{"insured":{"region":"420100","scheme":"employee"},"visit":{"region":"440300","kind":"inpatient"},"bill":{"total":"1","total":"2"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.path, "bill.total");
    assert!(err.message.zh.contains("写了两次"), "{}", err.message.zh);
    assert!(err.message.en.contains("given twice"), "{}", err.message.en);
}

/// A line's parts are held to the line's amount: its message says so, not "the total" (helper-35 finding 8).
#[test]
fn a_lines_parts_beyond_its_amount_say_the_line() {
    let e = yidi::Error::at(
        yidi::ErrorCode::PartsExceedTotal,
        "bill.lines[0].over_limit",
    );
    assert!(e.message.zh.contains("本项金额"), "{}", e.message.zh);
    assert!(
        e.message.en.contains("this line's amount"),
        "{}",
        e.message.en
    );
    let e = yidi::Error::at(yidi::ErrorCode::PartsExceedTotal, "bill.out_of_catalogue");
    assert!(e.message.zh.contains("总费用"), "{}", e.message.zh);
}

/// A past slip whose fund paid nothing, or a few fen of a large bill, shows no ratio: an error at `fund_paid`, not a
/// confident 0% (helper-45); a ratio of five places (78.125%) is found exactly, not flagged as a band.
#[test]
fn a_past_slip_without_a_share_gives_no_ratio() {
    let slip = |f: &str| {
        let s: yidi::past_slip::PastSlip = yidi::read::from_json(&format!(
            r#"{{"eligible":"20000","deductible":"800","fund_paid":"{f}"}}"#
        ))
        .unwrap();
        yidi::past_slip::ratio_from_slip(&s)
    };
    for f in ["0", "1"] {
        let e = slip(f).unwrap_err();
        assert_eq!(e.path, "fund_paid", "{f}");
    }
    let r = slip("15000").unwrap();
    assert_eq!(r.percent, "78.125");
    // Only what the ratio holds for (said with every ratio), no doubt about the slip.
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["past_slip_scope"]);
}

/// An enum's value of the wrong kind (a number, true, null) is `invalid_value` at its field, as a wrong word is (it was
/// `invalid_json`, "a value was expected here", though a value was there; helper-48).
#[test]
fn an_enum_given_a_value_of_the_wrong_kind_is_an_invalid_value_at_its_field() {
    for v in [json!(1), json!(true), json!(null), json!("x"), json!({})] {
        let q = with(json!({"insured": {"scheme": v}}));
        let e = yidi::parse_query(&q.to_string()).expect_err("refused");
        // null is a scheme not given.
        let code = if v.is_null() {
            "missing_field"
        } else {
            "invalid_value"
        };
        assert_eq!(e.code.as_str(), code, "{v}: {e}");
        assert_eq!(e.path, "insured.scheme", "{v}");
    }
}

/// helper-59: the parts of a query are named in English as words, not as their keys ("visit has an invalid value").
#[test]
fn the_query_parts_have_english_labels() {
    for (key, label) in [
        ("visit", "The visit"),
        ("filing", "The filing"),
        ("bill", "The bill"),
        ("circumstances", "Personal circumstances"),
    ] {
        let mut q = common::base();
        q[key] = serde_json::json!(5);
        let e = common::try_run(&q).unwrap_err();
        assert_eq!(e.path, key);
        assert!(e.message.en.starts_with(label), "{key}: {}", e.message.en);
    }
}
