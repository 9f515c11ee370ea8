//! One call for a form (issue 10): `analyze` gives the verdict and route, the figures with their sources and basis,
//! the figures to enter, the slip when the bill is given, and the options when the person said where they stand.

mod common;
use common::{merge, policies};
use serde_json::{json, Value};
use yidi::{Analysis, ErrorCode};

fn analyze(q: &Value) -> Analysis {
    let query = yidi::parse_query(&q.to_string()).unwrap_or_else(|e| panic!("{e}\n{q}"));
    yidi::analyze(policies(), &query).unwrap_or_else(|e| panic!("{e}\n{q}"))
}

/// The README's example: a 武汉 retiree in a 深圳 tertiary hospital, filed long-term.
fn wuhan_retiree() -> Value {
    json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-10", "discharge": "2025-03-20"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "440300"}
    })
}

#[test]
fn without_a_bill_the_verdict_and_figures_are_there_and_no_slip() {
    let a = analyze(&wuhan_retiree());
    assert!(a.estimate.is_none() && a.not_estimated.is_none());
    assert!(
        !a.parameters.is_empty(),
        "the figures come with the verdict"
    );
    assert!(a.missing.is_empty());
    assert_eq!(a.settlement.route, yidi::estimate::Route::Direct);
}

#[test]
fn with_a_bill_the_slip_is_the_estimate() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"bill": {"total": "30000", "out_of_catalogue": "2000"}}),
    );
    let a = analyze(&q);
    let e = common::run(&q);
    let got = a.estimate.expect("an estimate");
    assert_eq!(got.fund_pays, e.fund_pays);
    assert_eq!(got.patient_pays, e.patient_pays);
    assert_eq!(a.warnings.len(), e.warnings.len());
    assert!(a.options.is_none(), "no situation, no options");
}

#[test]
fn overrides_come_with_the_data_own_figures() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"bill": {"total": "30000"}, "overrides": {"ratio": "0.5"}}),
    );
    let a = analyze(&q);
    let own = a
        .data_parameters
        .expect("the data's own figures beside the edit");
    let ratio = |ps: &[yidi::estimate::ParameterUsed]| {
        ps.iter().find(|p| p.name == "ratio").map(|p| p.overridden)
    };
    assert_eq!(ratio(&a.parameters), Some(true));
    assert_eq!(ratio(&own), Some(false));
}

#[test]
fn a_bill_that_cannot_be_read_still_has_its_verdict() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"bill": {"total": "100", "out_of_catalogue": "200"}}),
    );
    let a = analyze(&q);
    assert!(a.estimate.is_none());
    assert_eq!(
        a.not_estimated.map(|e| e.code),
        Some(ErrorCode::PartsExceedTotal)
    );
    assert!(a.filing.required);
}

#[test]
fn where_the_person_stands_brings_the_options() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"filing": null, "bill": {"total": "30000"}, "situation": "in_hospital", "today": "2025-03-15"}),
    );
    let a = analyze(&q);
    let o = a.options.expect("options for a person in hospital");
    assert!(!o.courses.is_empty());
}

#[test]
fn what_cannot_be_said_at_all_is_an_error() {
    let mut q = wuhan_retiree();
    q["insured"]["region"] = json!("999999");
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let e = yidi::analyze(policies(), &query).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnknownRegion);
}

/// Every object of an answer that looks like a message ({zh, zh_hant, en} or one of them): the languages it carries.
fn message_keys(v: &Value, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            let langs: Vec<String> = m
                .keys()
                .filter(|k| ["zh", "zh_hant", "en"].contains(&k.as_str()))
                .cloned()
                .collect();
            if !langs.is_empty() && langs.len() == m.len() {
                out.push(langs);
            } else {
                m.values().for_each(|x| message_keys(x, out));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| message_keys(x, out)),
        _ => {}
    }
}

fn hant_texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| match (k.as_str(), x) {
            ("zh_hant", Value::String(s)) => out.push(s.clone()),
            _ => hant_texts(x, out),
        }),
        Value::Array(a) => a.iter().for_each(|x| hant_texts(x, out)),
        _ => {}
    }
}

/// The answer's words in the language asked for only (`locale`), all three without it; the Traditional words are
/// the phrase-aware conversion's (備案, not 备案).
#[test]
fn a_locale_gives_each_message_in_that_language_only() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"bill": {"total": "30000", "out_of_catalogue": "10000"}, "situation": "in_hospital", "today": "2025-03-12"}),
    );
    let all = serde_json::to_value(analyze(&q)).expect("serializes");
    let mut keys = Vec::new();
    message_keys(&all, &mut keys);
    assert!(
        keys.len() > 20,
        "an estimate says many things: {}",
        keys.len()
    );
    assert!(
        keys.iter().all(|k| k.len() == 3),
        "no locale: three languages"
    );
    for (locale, key) in [("zh-Hans", "zh"), ("zh-Hant", "zh_hant"), ("en", "en")] {
        let mut ql = q.clone();
        merge(&mut ql, &json!({ "locale": locale }));
        let query = yidi::parse_query(&ql.to_string()).expect("reads");
        let v = yidi::in_locale(query.locale, || {
            serde_json::to_value(yidi::analyze(policies(), &query).expect("answers"))
                .expect("serializes")
        });
        let mut keys = Vec::new();
        message_keys(&v, &mut keys);
        assert!(keys.len() > 20);
        assert!(
            keys.iter().all(|k| k == &vec![key.to_string()]),
            "{locale}: only {key}: {keys:?}"
        );
        if locale == "zh-Hant" {
            let mut texts = Vec::new();
            hant_texts(&v, &mut texts);
            assert!(texts.iter().any(|t| t.contains("備案")), "{texts:?}");
            assert!(texts.iter().all(|t| !t.contains("备案")), "{texts:?}");
        }
        // An error about the query is worded in the same language.
        let mut bad = ql.clone();
        merge(&mut bad, &json!({"bill": {"total": "-1"}}));
        let asked = Some(query.locale.expect("a locale"));
        let e = yidi::in_locale(asked, || {
            serde_json::to_value(yidi::parse_query(&bad.to_string()).expect_err("refused"))
                .expect("serializes")
        });
        assert_eq!(e["message"].as_object().map(|m| m.len()), Some(1), "{e}");
        assert!(e["message"][key].is_string(), "{e}");
    }
}

/// What the insurance pays in all and each payer's share are the core's (the view adds nothing up).
#[test]
fn the_insurance_total_and_the_shares_are_worked_out_by_the_core() {
    let mut q = wuhan_retiree();
    merge(
        &mut q,
        &json!({"bill": {"total": "30000", "out_of_catalogue": "10000"}}),
    );
    let e = analyze(&q).estimate.expect("an estimate");
    let total = e.line("total").expect("a total").amount;
    assert_eq!(
        e.insurance_pays.0,
        total.0 - e.patient_pays.0,
        "insurance = total − patient"
    );
    assert_eq!(e.insurance_pays.to_string(), "17049.60");
    let shares: Vec<(String, String, String)> = e
        .shares
        .iter()
        .map(|s| {
            (
                serde_json::to_value(s.payer)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                s.amount.to_string(),
                s.percent.clone(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        vec![
            ("fund".into(), "17049.60".into(), "56.8".into()),
            ("patient".into(), "12950.40".into(), "43.2".into()),
        ]
    );
    assert!(yidi::estimate::shares(&[]).is_empty());
    let m = |s: &str| yidi::money::Money(s.parse().unwrap());
    let thirds = yidi::estimate::shares(&[
        (yidi::estimate::Payer::Fund, m("1")),
        (yidi::estimate::Payer::SecondLayer, m("1")),
        (yidi::estimate::Payer::Patient, m("1")),
    ]);
    // The percentages add up to 100.0: the tenth left over goes to the largest remainder (the first at a tie).
    let pct: Vec<&str> = thirds.iter().map(|s| s.percent.as_str()).collect();
    assert_eq!(pct, ["33.4", "33.3", "33.3"], "{thirds:?}");
    // 70.65% and 29.35% were shown as 70.7 and 29.4 (100.1).
    let halves = yidi::estimate::shares(&[
        (yidi::estimate::Payer::Fund, m("7065")),
        (yidi::estimate::Payer::Patient, m("2935")),
    ]);
    let pct: Vec<&str> = halves.iter().map(|s| s.percent.as_str()).collect();
    assert_eq!(pct, ["70.7", "29.3"], "{halves:?}");
}

/// Switching a form from totals to itemized lines: the lines are the core's (the view adds nothing up), named in the
/// answer's language; parts that exceed the total give no lines.
#[test]
fn lines_from_totals_keep_what_was_typed() {
    let bill = |v: Value| -> yidi::query::Bill { serde_json::from_value(v).expect("a bill") };
    let lines = |b: &yidi::query::Bill| {
        yidi::in_locale(Some(yidi::Locale::ZhHans), || {
            yidi::input::lines_from_totals(b)
        })
        .iter()
        .map(|l| {
            serde_json::to_value(l).map(|v| {
                (
                    v["name"].as_str().unwrap_or_default().to_string(),
                    v["amount"].as_str().unwrap_or_default().to_string(),
                    v["class"].as_str().unwrap_or_default().to_string(),
                    v["over_limit"].as_str().unwrap_or_default().to_string(),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .expect("serializes")
    };
    let b = bill(
        json!({"total": "30000", "out_of_catalogue": "10000", "over_limit": "500",
                        "class_b": {"amount": "2000.50", "prepay_rate": "0.1"}}),
    );
    let s = |x: &str| x.to_string();
    assert_eq!(
        lines(&b),
        vec![
            (s("甲类及其他"), s("17999.50"), s("A"), s("500.00")),
            (s("乙类"), s("2000.50"), s("B"), s("")),
            (s("自费（目录外）"), s("10000.00"), s("C"), s("")),
        ]
    );
    // The total the sum of the parts: no class-A line.
    let b = bill(json!({"total": "100", "out_of_catalogue": "100"}));
    assert_eq!(
        lines(&b),
        vec![(s("自费（目录外）"), s("100.00"), s("C"), s(""))]
    );
    // No total, or parts above it: nothing to start from.
    assert!(lines(&bill(json!({}))).is_empty());
    assert!(lines(&bill(json!({"total": "100", "out_of_catalogue": "200"}))).is_empty());
    let en = yidi::in_locale(Some(yidi::Locale::En), || {
        yidi::input::lines_from_totals(&bill(json!({"total": "5"})))
    });
    assert_eq!(en[0].name.as_deref(), Some("Class A and other"));
}

/// A person who entered the figures 12393 gave (deductible and ratio) for a region with none on file: the cap is not
/// on file either, so the answer says it is not applied and offers it (and the second layer) as optional figures; the
/// page's panel had lost the cap's field.
#[test]
fn figures_entered_for_a_region_without_any_offer_the_cap_and_say_it_is_not_applied() {
    let q = yidi::parse_query(
        &serde_json::json!({
            "insured": {"region": "621100", "scheme": "resident", "age": 57},
            "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-10-10", "discharge": "2026-11-05"},
            "filing": {"category": "referral", "start": "2026-10-08", "area": "110000"},
            "bill": {"total": "500000", "out_of_catalogue": "20000"},
            "overrides": {"deductible": "600", "ratio": "0.7"}
        })
        .to_string(),
    )
    .unwrap();
    let a = yidi::analyze(common::policies(), &q).unwrap();
    assert!(a.estimate.is_some());
    assert_eq!(a.optional, vec!["annual_cap", "second_layer"]);
    assert!(a.warnings.iter().any(|w| w.code == "annual_cap_unknown"));
}

/// Switching a form back from itemized lines to totals: the totals are the core's sums of the lines, and the slip
/// they give is the lines' own, with one class-B rate or several (then the pre-payment the lines add up to).
#[test]
fn totals_from_lines_give_the_lines_slip() {
    let bill = |v: Value| -> yidi::query::Bill { serde_json::from_value(v).expect("a bill") };
    let slip = |b: Value| -> Vec<(String, String)> {
        let mut q = common::base();
        q["bill"] = b;
        let e = common::run(&q);
        serde_json::to_value(&e.lines)
            .expect("serializes")
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| (l["key"].to_string(), l["amount"].to_string()))
            .collect()
    };
    let cases = [
        json!({"lines": [
            {"amount": "1200.50", "class": "A", "over_limit": "100"},
            {"amount": "800", "class": "B", "prepay_rate": "0.1"},
            {"amount": "333.33", "class": "B", "prepay_rate": "0.1", "over_limit": "33.33"},
            {"amount": "500", "class": "C"}]}),
        // Two class-B rates: the totals carry the pre-payment the lines add up to, each line's rounded.
        json!({"lines": [
            {"amount": "1000.05", "class": "B", "prepay_rate": "0.05"},
            {"amount": "777.77", "class": "B", "prepay_rate": "0.15"},
            {"amount": "90", "class": "A"}]}),
        // A rate given for the whole bill is the rate of the lines that name none.
        json!({"class_b": {"prepay_rate": "0.2"}, "lines": [
            {"amount": "100", "class": "B"}, {"amount": "50", "class": "B", "prepay_rate": "0.2"}]}),
        // One rate, lines whose pre-payments round (helper-57: itemized 3.20, its totals 3.19 by the rate on the sum).
        json!({"lines": [
            {"amount": "500", "class": "C"}, {"amount": "1000", "class": "A", "over_limit": "300"},
            {"amount": "31.77", "class": "B", "prepay_rate": "0.1"},
            {"amount": "0.05", "class": "B", "prepay_rate": "0.1"},
            {"amount": "0.05", "class": "B", "prepay_rate": "0.1"}]}),
    ];
    for case in cases {
        let totals = yidi::input::totals_from_lines(&bill(case.clone())).expect("totals");
        assert!(totals.lines.is_none());
        let totals = serde_json::to_value(&totals).expect("serializes");
        assert_eq!(slip(totals.clone()), slip(case.clone()), "{case}\n{totals}");
    }
    let t = yidi::input::totals_from_lines(&bill(json!({"lines": [
        {"amount": "10", "class": "A", "over_limit": "1"}, {"amount": "5", "class": "C", "over_limit": "5"},
        {"amount": "20", "class": "B", "prepay_rate": "0.1", "over_limit": "2"}]})))
    .expect("totals");
    let t = serde_json::to_value(&t).expect("serializes");
    assert_eq!(t["total"], "35.00");
    assert_eq!(t["out_of_catalogue"], "5.00");
    assert_eq!(t["over_limit"], "3.00");
    assert_eq!(t["class_b"]["amount"], "18.00");
    assert_eq!(t["class_b"]["prepay_rate"], "0.1");
    // No lines: no totals.
    assert!(yidi::input::totals_from_lines(&bill(json!({"total": "5"}))).is_none());
    // The pre-payment rounded once, over the lines (§5.3): 3 × 0.05 × 10% = 0.015 → 0.02, as the formula reads.
    let mut q = common::base();
    q["bill"] = json!({"lines": [{"amount": "0.05", "class": "B", "prepay_rate": "0.1"},
        {"amount": "0.05", "class": "B", "prepay_rate": "0.1"}, {"amount": "0.05", "class": "B", "prepay_rate": "0.1"}]});
    let e = common::run(&q);
    let prepay = e
        .lines
        .iter()
        .find(|l| l.key == "class_b_prepay")
        .expect("the line");
    assert_eq!(prepay.amount.to_string(), "0.02");
    assert_eq!(prepay.formula.en, "0.05 × 10% + 0.05 × 10% + 0.05 × 10%");
    // Lines with a rate of their own beside lines with the place's: no totals hold both (one rate at most).
    assert!(yidi::input::totals_from_lines(&bill(json!({"lines": [
        {"amount": "100", "class": "B", "prepay_rate": "0.15"}, {"amount": "100", "class": "B"}]})))
    .is_none());
    assert!(yidi::input::totals_from_lines(&bill(json!({"lines": []}))).is_none());
}

/// A bill's parts without its total are a bill given: no estimate, and the reason (an embedder got neither; helper-49).
#[test]
fn a_bills_parts_without_its_total_say_why_there_is_no_estimate() {
    let mut q = wuhan_retiree();
    q["bill"] = json!({"out_of_catalogue": "200"});
    let a = analyze(&q);
    assert!(a.estimate.is_none());
    let why = a.not_estimated.expect("the reason");
    assert_eq!(why.code, ErrorCode::MissingField);
    assert_eq!(why.path, "bill.total");
    // A class-B rate alone is no bill yet.
    q["bill"] = json!({"class_b": {"prepay_rate": "0.1"}});
    assert!(analyze(&q).not_estimated.is_none());
}
