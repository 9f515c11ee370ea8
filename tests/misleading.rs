//! Nothing misleads (issue 12): each case here failed before its fix. Rules: docs/rules.md.

mod common;
use common::{run, with};
use serde_json::json;

#[test]
fn a_low_grade_is_said_once_for_all_the_figures_it_concerns() {
    let e = run(&with(json!({})));
    let low: Vec<_> = e
        .warnings
        .iter()
        .filter(|w| w.code == "figure_low_grade")
        .collect();
    assert_eq!(low.len(), 1, "{low:?}");
    assert!(
        low[0].message.zh.starts_with("起付线、支付比例"),
        "{}",
        low[0].message.zh
    );
    // No class-B cost in the bill: nothing about the class-B rate.
    assert!(!low[0].message.zh.contains("乙类"));
}

#[test]
fn an_outpatient_visit_is_not_told_about_discharge() {
    let e = run(&with(json!({
        "visit": {"kind": "outpatient", "admission": null, "discharge": null, "date": "2025-03-01"},
        "overrides": {"deductible": "0", "ratio": "0.5"}
    })));
    assert!(
        !e.settlement.message.zh.contains("出院"),
        "{}",
        e.settlement.message.zh
    );
    for step in &e.settlement.next_steps {
        assert!(!step.zh.contains("出院"), "{}", step.zh);
    }
}

#[test]
fn a_chronic_outpatient_visit_names_the_recognition_first_r4_5() {
    let e = run(&with(json!({
        "visit": {"kind": "chronic_outpatient", "chronic_disease": "diabetes", "admission": null,
                  "discharge": null, "date": "2025-03-01"},
        "overrides": {"deductible": "0", "ratio": "0.5"}
    })));
    assert!(
        e.settlement.next_steps[0].zh.contains("门诊慢特病资格认定"),
        "{:?}",
        e.settlement.next_steps
    );
}

#[test]
fn a_discharged_person_who_paid_is_not_told_to_pay_only_their_share_at_discharge() {
    // An unfiled emergency, already discharged and paid in full (R1.2: deemed filed; R3.9: paid, then claim).
    let e = run(&with(json!({
        "filing": null,
        "visit": {"emergency": true},
        "situation": "discharged"
    })));
    assert!(
        !e.settlement.message.zh.contains("出院时只需支付"),
        "{}",
        e.settlement.message.zh
    );
    assert!(
        e.settlement.message.zh.contains("手工报销"),
        "{}",
        e.settlement.message.zh
    );
    assert!(e
        .settlement
        .next_steps
        .iter()
        .any(|s| s.zh.contains("发票")));
}
