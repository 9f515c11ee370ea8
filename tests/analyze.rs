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
