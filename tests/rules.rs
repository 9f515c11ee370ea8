//! The rules of docs/rules.md as table-driven cases, each naming the rule it checks.

mod common;
use common::{base, line, policies, run, try_run, with};
use serde_json::{json, Value};
use yidi::Estimate;

fn s<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

struct Verdict {
    rule: &'static str,
    patch: Value,
    required: bool,
    status: &'static str,
    reason: &'static str,
    route: &'static str,
    category: &'static str,
}

/// Patches combined into one, keeping nulls (so that the combined patch still removes what they remove).
fn combine(parts: &[Value]) -> Value {
    fn put(into: &mut Value, from: &Value) {
        match (into, from) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    put(a.entry(k.clone()).or_insert(json!({})), v);
                }
            }
            (a, b) => *a = b.clone(),
        }
    }
    let mut v = json!({});
    for p in parts {
        put(&mut v, p);
    }
    v
}

fn no_filing() -> Value {
    json!({"filing": null})
}

fn inpatient_at(region: &str, insured: &str, admission: &str, discharge: &str) -> Value {
    json!({"insured": {"region": insured}, "visit": {"region": region, "admission": admission, "discharge": discharge}})
}

/// The base query (武汉 retiree, 深圳, long-term filing) with each patch merged in turn (null removes a key).
fn patched(parts: &[Value]) -> Value {
    let mut v = common::base();
    for p in parts {
        common::merge(&mut v, p);
    }
    v
}

#[test]
fn filing_verdicts_and_routes() {
    let cases = [
        Verdict { rule: "same pooling region: no filing, local settlement", patch: combine(&[no_filing(), inpatient_at("420100", "420100", "2025-03-01", "2025-03-05")]),
            required: false, status: "not_required", reason: "same_region", route: "local", category: "local" },
        Verdict { rule: "R1.3 a district code resolves to its pooling region (北京 110105 → 110000)", patch: combine(&[no_filing(), inpatient_at("110105", "110000", "2025-03-01", "2025-03-05")]),
            required: false, status: "not_required", reason: "same_region", route: "local", category: "local" },
        Verdict { rule: "R1.1 cross-province with a valid long-term filing: direct, local standard", patch: json!({}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.1/R3.6 cross-province without filing: manual claim", patch: no_filing(),
            required: true, status: "missing", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "R1.2 emergency rescue is deemed filed and settles directly", patch: combine(&[no_filing(), json!({"visit": {"emergency": true}})]),
            required: true, status: "deemed_filed", reason: "emergency", route: "direct", category: "emergency" },
        Verdict { rule: "R1.3 a filing for another city does not cover this one", patch: json!({"filing": {"area": "440100"}}),
            required: true, status: "missing", reason: "filing_area_mismatch", route: "manual", category: "unfiled" },
        Verdict { rule: "R1.3 海南 files at province level: a 海南 filing covers 三亚", patch: json!({"visit": {"region": "460200"}, "filing": {"area": "460000"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.3 海南 files at province level: a filing entered as 海口 is 海南's and covers 三亚", patch: json!({"visit": {"region": "460200"}, "filing": {"area": "460100"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.3 西藏 files at province level: a filing entered as 拉萨 covers 那曲", patch: json!({"visit": {"region": "540600"}, "filing": {"area": "拉萨"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.3 … but a 海南 filing does not cover 广东 (another province)", patch: json!({"visit": {"region": "440300"}, "filing": {"area": "460100"}}),
            required: true, status: "missing", reason: "filing_area_mismatch", route: "manual", category: "unfiled" },
        Verdict { rule: "R1.3 北京 filed by its alias 110100", patch: json!({"visit": {"region": "110000"}, "filing": {"area": "110100"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.5 a non-networked institution: manual claim even with a filing", patch: json!({"visit": {"networked": false}}),
            required: true, status: "valid", reason: "cross_province", route: "manual", category: "long_term" },
        Verdict { rule: "R1.6 河北 省内无异地: no filing within the province", patch: combine(&[no_filing(), inpatient_at("131000", "130100", "2026-12-01", "2026-12-05")]),
            required: false, status: "not_required", reason: "intra_province_exempt", route: "direct", category: "intra_province_exempt" },
        Verdict { rule: "R1.6 河北's exemption has no known start: it applies to a 2024 stay too", patch: combine(&[no_filing(), inpatient_at("131000", "130100", "2024-06-01", "2024-06-05")]),
            required: false, status: "not_required", reason: "intra_province_exempt", route: "direct", category: "intra_province_exempt" },
        Verdict { rule: "R1.6 a province whose rule is unknown: filing taken as required (safe reading)", patch: combine(&[no_filing(), inpatient_at("420500", "420100", "2025-03-01", "2025-03-05")]),
            required: true, status: "missing", reason: "intra_province_unknown", route: "manual", category: "unfiled" },
        Verdict { rule: "§1.3 京津冀 视同备案 from 2023-04-01 only on grade-D pages until its B reports: a lead, filing required (R1.7)", patch: combine(&[no_filing(), inpatient_at("110000", "131000", "2023-04-01", "2023-04-10")]),
            required: true, status: "missing", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "§1.3 京津冀 视同备案 once a grade-B report confirms it (2024-02-26): 廊坊 insured in 北京 without filing", patch: combine(&[no_filing(), inpatient_at("110000", "131000", "2024-03-01", "2024-03-10")]),
            required: false, status: "deemed_filed", reason: "regional_arrangement", route: "direct", category: "arrangement" },
        Verdict { rule: "§1.3 京津冀 not before 2023-04-01", patch: combine(&[no_filing(), inpatient_at("110000", "131000", "2023-03-31", "2023-04-10")]),
            required: true, status: "missing", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "§1.3 京津冀 is mutual: 北京 insured buying at a 天津 pharmacy", patch: combine(&[no_filing(), json!({"insured": {"region": "110000"}, "visit": {"region": "120000", "kind": "pharmacy", "date": "2024-05-01"}, "overrides": {"deductible": "0", "ratio": "0"}})]),
            required: false, status: "deemed_filed", reason: "regional_arrangement", route: "direct", category: "arrangement" },
        Verdict { rule: "§1.3 京津冀 excludes 门诊慢特病: filing still required", patch: combine(&[no_filing(), json!({"insured": {"region": "131000"}, "visit": {"region": "110000", "kind": "chronic_outpatient", "chronic_disease": "diabetes", "date": "2024-05-01"}, "overrides": {"deductible": "0", "ratio": "0.8"}})]),
            required: true, status: "missing", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "R1.9 a temporary filing without an end lasts the 6-month minimum: day 181 is still inside", patch: json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}, "visit": {"admission": "2025-06-30", "discharge": "2025-07-20"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "temporary_other" },
        Verdict { rule: "R1.9a … and the day after the 6 months it may have ended (not known to be expired): estimated as not filed", patch: json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}, "visit": {"admission": "2025-07-01", "discharge": "2025-07-20"}}),
            required: true, status: "end_unknown", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "R1.10 admitted within validity, discharged after its end: still valid", patch: json!({"filing": {"category": "referral", "start": "2025-01-01", "end": "2025-03-05"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "referral" },
        Verdict { rule: "R1.11 filed after admission but before discharge: direct settlement", patch: json!({"filing": {"start": "2025-03-10"}}),
            required: true, status: "late_before_discharge", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R1.11 filed after discharge: manual claim under 参保地 rules", patch: json!({"filing": {"start": "2025-03-20"}}),
            required: true, status: "late_after_discharge", reason: "cross_province", route: "manual", category: "late_filing" },
        Verdict { rule: "R1.11 (四川/洛阳) a 补办 backdated before admission but filed after discharge is still late", patch: json!({"filing": {"start": "2025-02-01", "filed_on": "2025-03-20"}}),
            required: true, status: "late_after_discharge", reason: "cross_province", route: "manual", category: "late_filing" },
        Verdict { rule: "filed ahead of the stay with a start after discharge: not yet valid, manual", patch: json!({"filing": {"start": "2025-04-01", "filed_on": "2025-02-01"}}),
            required: true, status: "not_yet_valid", reason: "cross_province", route: "manual", category: "unfiled" },
        Verdict { rule: "R4.3 a listed chronic disease settles directly across provinces", patch: json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "uremia_dialysis", "date": "2025-03-01"}, "overrides": {"deductible": "0", "ratio": "0.8"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R4.3 hypertension in mid-2023 settles directly (the five diseases from the national start of 2021-09)", patch: json!({"filing": {"start": "2023-01-01"}, "visit": {"kind": "chronic_outpatient", "chronic_disease": "hypertension", "date": "2023-07-01"}, "overrides": {"deductible": "0", "ratio": "0.8"}}),
            required: true, status: "valid", reason: "cross_province", route: "direct", category: "long_term" },
        Verdict { rule: "R4.3 … but not before the national start (2021-06): manual claim", patch: json!({"filing": {"start": "2021-01-01"}, "visit": {"kind": "chronic_outpatient", "chronic_disease": "hypertension", "date": "2021-06-01"}, "overrides": {"deductible": "0", "ratio": "0.8"}}),
            required: true, status: "valid", reason: "cross_province", route: "manual", category: "long_term" },
        Verdict { rule: "R4.4 another chronic disease: recognition at home, manual claim", patch: json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "other", "date": "2025-03-01"}, "overrides": {"deductible": "0", "ratio": "0.8"}}),
            required: true, status: "valid", reason: "cross_province", route: "manual", category: "long_term" },
        Verdict { rule: "§6.2/R1.14 contributions lapsed: the fund pays nothing", patch: json!({"insured": {"enrolled": false}}),
            required: true, status: "valid", reason: "cross_province", route: "not_covered", category: "long_term" },
    ];
    for c in cases {
        // Figures are given so that regions without benefit data still get a verdict.
        let e = run(&patched(&[
            c.patch.clone(),
            json!({"overrides": {"deductible": "800", "ratio": "0.888"}}),
        ]));
        let got = (
            e.filing.required,
            s(e.filing.status),
            s(e.filing.reason),
            s(e.settlement.route),
            s(e.settlement.category),
        );
        let want = (
            c.required,
            c.status.to_string(),
            c.reason.to_string(),
            c.route.to_string(),
            c.category.to_string(),
        );
        assert_eq!(got, want, "{}", c.rule);
    }
}

#[test]
fn r1_6_unknown_intra_province_rule_is_warned() {
    let e = run(&(patched(&[
        no_filing(),
        inpatient_at("420500", "420100", "2025-03-01", "2025-03-05"),
    ])));
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "intra_province_rule_unknown"));
}

#[test]
fn r1_6_an_exemption_of_unknown_start_is_warned_before_it_was_seen() {
    let figures = json!({"overrides": {"deductible": "500", "ratio": "0.9"}});
    let stay = |on: &str| {
        run(&patched(&[
            no_filing(),
            inpatient_at("131000", "130100", on, on),
            figures.clone(),
        ]))
    };
    let warned = |e: &Estimate| {
        e.warnings
            .iter()
            .any(|w| w.code == "filing_rule_start_unknown")
    };
    assert!(warned(&stay("2024-06-01")));
    assert!(!warned(&stay("2026-12-01")));
}

#[test]
fn r1_9_temporary_filing_shorter_than_six_months_is_warned_and_taken_as_entered() {
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01", "end": "2025-02-01"}}),
    ));
    assert_eq!(s(e.filing.status), "expired");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "temporary_filing_shorter_than_minimum"));
}

/// R1.9a: the six-month minimum of a temporary filing without an end, at the end of a month. Six months from the 31st
/// end on the last day of a month that has no 31st (2024-08-31 → 2025-02-28; 2025-03-31 → 2025-09-30), not a day
/// earlier; the day after is `end_unknown` as for any other start.
#[test]
fn r1_9a_the_six_month_minimum_ends_on_the_last_day_of_a_short_month() {
    let cases = [
        ("2024-08-31", "2025-02-28", "valid"),
        ("2024-08-31", "2025-03-01", "end_unknown"),
        ("2025-03-31", "2025-09-30", "valid"),
        ("2025-03-31", "2025-10-01", "end_unknown"),
        ("2024-08-29", "2025-02-28", "valid"),
        ("2025-01-01", "2025-06-30", "valid"),
        ("2025-01-01", "2025-07-01", "end_unknown"),
        ("2024-02-29", "2024-08-28", "valid"),
        ("2024-02-29", "2024-08-29", "end_unknown"),
    ];
    for (start, admission, status) in cases {
        let e = run(&with(json!({
            "filing": {"category": "temporary_other", "start": start},
            "visit": {"admission": admission, "discharge": admission}
        })));
        assert_eq!(
            s(e.filing.status),
            status,
            "filed from {start}, admitted {admission}"
        );
    }
}

/// R1.2 + R3.3: an emergency rescue by a person holding a valid "other temporary" filing is an emergency: the national
/// cap of 20 points is for other temporary visits "非急诊且未转诊", so the cut is the emergency one (at most 10 points,
/// or the region's own emergency rule), never the larger one of the filing held. A long-term or referral filing keeps
/// its own category (no cut, or the same cap of 10).
#[test]
fn r1_2_an_emergency_with_a_temporary_filing_is_cut_as_an_emergency() {
    let temporary = json!({"category": "temporary_other", "start": "2025-01-01", "area": "440300"});
    // 武汉 retiree, no regional rule: 88.8% − 10 points = 78.8%, not 68.8%.
    let e = ratio_case(json!({"filing": temporary, "visit": {"emergency": true}}));
    assert_eq!(s(e.filing.status), "valid");
    assert_eq!(s(e.settlement.route), "direct");
    assert_eq!(s(e.settlement.category), "emergency");
    assert_eq!(line(&e, "fund"), "3940.00");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "emergency_not_temporary_cut"));
    assert_eq!(
        e.filing.filing_used.as_ref().map(|u| u.index),
        Some(0),
        "the valid filing is still the one the verdict rests on"
    );
    // 深圳 insured: its own emergency rule (×0.9: 90% → 81%), not its other-temporary ×0.8 (72%).
    let e = ratio_case(
        json!({"insured": {"region": "440300", "status": "employed"},
        "visit": {"region": "420100", "emergency": true, "admission": "2026-12-01", "discharge": "2026-12-15"},
        "filing": {"category": "temporary_other", "start": "2026-12-01", "area": "420100"},
        "overrides": {"ratio": "0.90"}}),
    );
    assert_eq!(s(e.settlement.category), "emergency");
    assert_eq!(line(&e, "fund"), "4050.00");
    // Not an emergency: the filing's own category and cap (68.8%).
    let e = ratio_case(json!({"filing": temporary}));
    assert_eq!(s(e.settlement.category), "temporary_other");
    assert_eq!(line(&e, "fund"), "3440.00");
    // A long-term filer's emergency stays long-term (no cut); a referral keeps its category.
    let e = ratio_case(json!({"visit": {"emergency": true}}));
    assert_eq!(s(e.settlement.category), "long_term");
    assert_eq!(line(&e, "fund"), "4440.00");
    let e = ratio_case(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "visit": {"emergency": true}}),
    );
    assert_eq!(s(e.settlement.category), "referral");
    assert!(!e
        .warnings
        .iter()
        .any(|w| w.code == "emergency_not_temporary_cut"));
}

/// R3.3: the national caps (and so the national default cut) are in force from 2023-01-01. A temporary visit before
/// then, in a region that publishes no cut, is priced with the first caps' maximum (the safe reading: it got none, so
/// an unfiled 2022 trip was priced as a long-term filer's), and told that the cut of that time may have differed.
#[test]
fn r3_3_a_temporary_visit_before_the_national_caps_is_warned_that_no_cut_was_applied() {
    let warned = |e: &Estimate| {
        e.warnings
            .iter()
            .any(|w| w.code == "adjustment_before_national_caps")
    };
    // 武汉's figures of the data are from 2024: the ratio is entered.
    let before = ratio_case(
        json!({"filing": {"category": "temporary_other", "start": "2022-05-01"},
        "visit": {"admission": "2022-06-01", "discharge": "2022-06-05"}, "overrides": {"ratio": "0.888"}}),
    );
    assert_eq!(line(&before, "fund"), "3440.00"); // 88.8% − 20
    assert!(before.settlement.adjustment.is_some());
    assert!(warned(&before));
    let unfiled = ratio_case(
        json!({"filing": null, "visit": {"admission": "2022-06-01", "discharge": "2022-06-05"}}),
    );
    assert_eq!(s(unfiled.settlement.route), "manual");
    assert!(warned(&unfiled));
    // From 2023-01-01 the national maximum applies, without that warning.
    let after = ratio_case(
        json!({"filing": {"category": "temporary_other", "start": "2023-01-01"},
        "visit": {"admission": "2023-01-01", "discharge": "2023-01-05"}, "overrides": {"ratio": "0.888"}}),
    );
    assert_eq!(line(&after, "fund"), "3440.00");
    assert!(!warned(&after));
    // A long-term filer has no cut either way, and no warning.
    let long_term = ratio_case(json!({"filing": {"start": "2022-01-01"},
        "visit": {"admission": "2022-06-01", "discharge": "2022-06-05"}}));
    assert!(!warned(&long_term));
}

fn ratio_case(patch: Value) -> Estimate {
    // 5000 eligible, deductible 0, so the fund line is 5000 × the ratio actually applied.
    run(&(patched(&[
        json!({"bill": {"total": "5000", "out_of_catalogue": "0"}, "overrides": {"deductible": "0"}}),
        patch,
    ])))
}

#[test]
fn r3_3_and_r3_5_ratio_adjustments_by_category() {
    let cases: [(&str, Value, &str); 8] = [
        ("R3.3 long-term filers: the local standard (88.8%)", json!({}), "4440.00"),
        ("R3.3 referral, region publishes no cut: national maximum 10 points (78.8%)", json!({"filing": {"category": "referral", "start": "2025-01-01"}}), "3940.00"),
        ("R3.3 other temporary, no data: national maximum 20 points (68.8%)", json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}}), "3440.00"),
        ("R1.2+R3.3 emergency, no data: at most 10 points (78.8%)", json!({"filing": null, "visit": {"emergency": true}}), "3940.00"),
        ("R3.5 深圳 other temporary ×0.8 (90% → 72%)", json!({"insured": {"region": "440300", "status": "employed"}, "visit": {"region": "420100", "admission": "2026-12-01", "discharge": "2026-12-15"}, "filing": {"category": "temporary_other", "start": "2026-12-01", "area": "420100"}, "overrides": {"ratio": "0.90"}}), "3600.00"),
        ("R3.5 深圳 emergency ×0.9 (90% → 81%)", json!({"insured": {"region": "440300"}, "visit": {"region": "420100", "emergency": true, "admission": "2026-12-01", "discharge": "2026-12-15"}, "filing": null, "overrides": {"ratio": "0.90"}}), "4050.00"),
        ("R3.5 a multiplier the person enters is taken as entered, past the national cap too (95% × 0.75 → 71.25%, with a warning)", json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}, "overrides": {"ratio": "0.95", "adjustment": {"op": "multiplier", "value": "0.75"}}}), "3562.50"),
        ("R3.5 percentage-point cut as an override (95% − 5 = 90%)", json!({"filing": {"category": "referral", "start": "2025-01-01"}, "overrides": {"ratio": "0.95", "adjustment": {"op": "pp_reduction", "value": "0.05"}}}), "4500.00"),
    ];
    for (rule, patch, fund) in cases {
        let e = ratio_case(patch);
        assert_eq!(line(&e, "fund"), fund, "{rule}");
    }
}

/// R1.2 + R3.5: a 深圳 emergency admission in 2025 gets 深圳's published ×0.9 (S21), not the national default cut,
/// although the page gives no date: the cut applies before the day it was read, with a warning that its start is
/// unknown.
#[test]
fn r3_5_shenzhen_emergency_in_2025_gets_its_own_cut_with_a_start_unknown_warning() {
    let e = ratio_case(
        json!({"insured": {"region": "440300", "status": "employed"},
        "visit": {"region": "420100", "emergency": true, "admission": "2025-06-01", "discharge": "2025-06-10"},
        "filing": null, "overrides": {"ratio": "0.90"}}),
    );
    assert_eq!(s(e.settlement.category), "emergency");
    let a = e.settlement.adjustment.as_ref().expect("深圳's cut");
    assert_eq!(
        (a.op.as_str(), a.value.as_deref()),
        ("multiplier", Some("0.9"))
    );
    assert!(a.sources.iter().any(|x| &*x.id == "shenzhen-358"));
    assert_eq!(line(&e, "fund"), "4050.00"); // 5000 × 90% × 0.9
    let codes: Vec<&str> = e.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"figure_start_unknown"), "{codes:?}");
    assert!(
        !codes.contains(&"adjustment_assumed_national_cap"),
        "{codes:?}"
    );
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "figure_start_unknown")
        .unwrap();
    assert!(w.message.zh.starts_with("异地待遇调整"), "{}", w.message.zh);
    assert!(!w.message.zh_hant.is_empty() && w.message.en.contains("no start date"));
    let adj = e
        .parameters
        .iter()
        .find(|x| x.name == "adjustment")
        .unwrap();
    assert_eq!(adj.from.as_deref(), Some("unknown"));
    assert_eq!(adj.last_verified.as_deref(), Some("2026-11-22"));
}

#[test]
fn r3_5_cap_violation_is_warned() {
    let e = ratio_case(
        json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}, "overrides": {"ratio": "0.95", "adjustment": {"op": "multiplier", "value": "0.75"}}}),
    );
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "adjustment_beyond_national_cap"));
    assert_eq!(e.overridden, vec!["deductible", "ratio", "adjustment"]);
    // A share paid first takes its share of the ratio's points: 95% with 30% first is a 28.5-point cut, past the
    // 20-point cap, applied as entered and said (helper-37 finding 3).
    let e = ratio_case(
        json!({"filing": {"category": "temporary_other", "start": "2025-01-01"}, "overrides": {"ratio": "0.95", "adjustment": {"op": "prepay_share", "value": "0.3"}}}),
    );
    assert_eq!(line(&e, "fund"), "3325.00");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "adjustment_beyond_national_cap"));
}

#[test]
fn r3_5_prepay_share_deductible_override_and_not_covered() {
    // 厦门-style 10% first: (5000 − 500) × 88.8% = 3996.
    let e = ratio_case(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "overrides": {"adjustment": {"op": "prepay_share", "value": "0.10"}}}),
    );
    assert_eq!(line(&e, "adjustment_prepay"), "500.00");
    assert_eq!(line(&e, "eligible"), "4500.00");
    assert_eq!(line(&e, "fund"), "3996.00");
    // 安徽某市 门槛费: 20% of the total, at least 2000, at most 10000 (S25).
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "bill": {"total": "50000", "out_of_catalogue": "0"},
        "overrides": {"adjustment": {"op": "deductible_override", "share": "0.20", "min": "2000", "max": "10000"}}}),
    ));
    assert_eq!(line(&e, "deductible"), "10000.00");
    assert_eq!(line(&e, "fund"), "35520.00");
    // The same with the ratio set as well (`then`), as 阜阳's out-of-province rule: (50000 − 10000) × 80% = 32000 (a
    // ratio within the national cap of a referral's cut: 88.8% − 80% < 10 points).
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "bill": {"total": "50000", "out_of_catalogue": "0"},
        "overrides": {"adjustment": {"op": "deductible_override", "share": "0.20", "min": "2000", "max": "10000", "then": "ratio", "value": "0.8"}}}),
    ));
    assert_eq!(line(&e, "deductible"), "10000.00");
    assert_eq!(line(&e, "fund"), "32000.00");
    // … or cut (S25's −10 pp for a referral): (50000 − 10000) × (88.8% − 10) = 31520.
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "bill": {"total": "50000", "out_of_catalogue": "0"},
        "overrides": {"adjustment": {"op": "deductible_override", "share": "0.20", "min": "2000", "max": "10000", "then": "pp_reduction", "value": "0.1"}}}),
    ));
    assert_eq!(line(&e, "fund"), "31520.00");
    // A bill whose share falls under the floor: 5000 × 20% = 1000, held to 2000, and the formula says so.
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "bill": {"total": "5000", "out_of_catalogue": "0"},
        "overrides": {"adjustment": {"op": "deductible_override", "share": "0.20", "min": "2000", "max": "10000", "then": "ratio", "value": "0.6"}}}),
    ));
    assert_eq!(line(&e, "deductible"), "2000.00");
    assert!(e
        .line("deductible")
        .unwrap()
        .formula
        .zh
        .contains("5000.00 × 20% = 1000.00 → 2000.00"));
    // `then` goes with a deductible override only, and takes a ratio op.
    for (bad, code) in [
        (
            json!({"op": "pp_reduction", "value": "0.1", "then": "ratio"}),
            "invalid_value",
        ),
        (
            json!({"op": "deductible_override", "share": "0.2", "then": "not_covered", "value": "0.1"}),
            "invalid_value",
        ),
        (
            json!({"op": "deductible_override", "share": "0.2", "then": "ratio"}),
            "missing_field",
        ),
    ] {
        let err =
            common::try_run(&with(json!({"overrides": {"adjustment": bad.clone()}}))).unwrap_err();
        assert_eq!(err.code.as_str(), code, "{bad}");
        assert!(
            err.path.starts_with("overrides.adjustment"),
            "{bad}: {}",
            err.path
        );
    }
    // 珠海: 普通门诊 not paid for referrals.
    let e = run(&with(
        json!({"filing": {"category": "referral", "start": "2025-01-01"}, "visit": {"kind": "outpatient", "date": "2025-03-01"},
        "overrides": {"ratio": "0.5", "adjustment": {"op": "not_covered"}}}),
    ));
    assert_eq!(s(e.settlement.route), "not_covered");
    assert_eq!(e.fund_pays.to_string(), "0.00");
    assert_eq!(e.patient_pays.to_string(), "30000.00");
}

#[test]
fn r3_1_and_r3_8_whose_catalogue_splits_the_bill() {
    let bill = json!({"bill": {"total": "10000", "out_of_catalogue": null, "class_b": {"amount": "2000"}},
        "visit": {"admission": "2026-12-01", "discharge": "2026-12-15"}});
    // Direct settlement in 深圳: 深圳's 1% class-B pre-payment (S21).
    let e = run(&with(bill.clone()));
    assert_eq!(e.settlement.catalogue_region, "440300");
    assert_eq!(line(&e, "class_b_prepay"), "20.00");
    // Manual claim at home: 武汉's own catalogue, 10% (R3.8).
    let e = run(&(patched(&[bill, no_filing()])));
    assert_eq!(e.settlement.catalogue_region, "420100");
    assert_eq!(line(&e, "class_b_prepay"), "200.00");
}

#[test]
fn deductibles_per_admission_and_per_year() {
    // 武汉: the 起付 is halved from the second admission in the year (city-params.md).
    let e = run(&with(json!({"history": {"admissions": 1}})));
    assert_eq!(line(&e, "deductible"), "400.00");
    // A yearly deductible counts what was already paid.
    let e = run(&with(
        json!({"overrides": {"deductible": "1500", "deductible_per": "year"}, "history": {"deductible_paid": "1000"}}),
    ));
    assert_eq!(line(&e, "deductible"), "500.00");
}

#[test]
fn segments_above_the_deductible_and_caps() {
    // Bands measured above the deductible: 10000 eligible, 1000 deductible → 9000 above: 5000 × 80% + 4000 × 90%.
    let e = run(&with(
        json!({"bill": {"total": "10000", "out_of_catalogue": "0"}, "overrides": {"deductible": "1000",
        "segments": [{"up_to": "5000", "ratio": "0.8"}, {"ratio": "0.9"}], "segment_basis": "above_deductible"}}),
    ));
    assert_eq!(line(&e, "fund"), "7600.00");
    // 武汉's 24万 limit is on eligible cost: 250000 eligible leaves 10000 above it (city-params.md).
    let e = run(&with(
        json!({"bill": {"total": "250000", "out_of_catalogue": "0"}}),
    ));
    assert_eq!(line(&e, "over_cap"), "10000.00");
    assert_eq!(line(&e, "fund"), "212409.60"); // (240000 − 800) × 88.8%
                                               // A fund cap counts what the fund already paid this year.
    let e = run(&with(
        json!({"bill": {"total": "20000", "out_of_catalogue": "0"}, "overrides": {"annual_cap": "100000", "annual_cap_basis": "fund", "deductible": "0", "ratio": "0.9"}, "history": {"fund_paid": "95000"}}),
    ));
    assert_eq!(line(&e, "fund"), "5000.00");
    assert_eq!(line(&e, "over_cap"), "14444.44"); // 20000 − 5000 / 90%
}

#[test]
fn second_layer_above_the_basic_cap() {
    // 大额 (北京 style): 85% of the eligible cost above the basic fund's cap.
    let e = run(&with(
        json!({"bill": {"total": "150000", "out_of_catalogue": "0"}, "overrides": {"deductible": "0", "ratio": "0.9",
        "annual_cap": "100000", "annual_cap_basis": "eligible",
        "second_layer": {"threshold": "0", "segments": [{"ratio": "0.85"}], "applies_to": "above_basic_cap"}}}),
    ));
    assert_eq!(line(&e, "over_cap"), "50000.00");
    assert_eq!(line(&e, "second_layer"), "42500.00");
    assert_eq!(e.patient_pays.to_string(), "17500.00"); // 150000 − 90000 − 42500
}

#[test]
fn personal_account_pays_the_in_scope_share_only() {
    let e = run(&with(json!({"personal_account_balance": "100000"})));
    assert_eq!(line(&e, "account"), "2950.40"); // deductible 800 + coinsurance 2150.40, not the 10000 out of catalogue
    assert_eq!(line(&e, "cash"), "10000.00");
}

/// R4.6: the account pays at a direct settlement. Paid in full at a hospital that is not networked, it pays nothing
/// there (the page said 个人账户可付 … just above 需先全额垫付), and the person is told why.
#[test]
fn personal_account_pays_nothing_at_a_hospital_that_does_not_settle_directly() {
    let e = run(&with(
        json!({"personal_account_balance": "100000", "visit": {"networked": false}}),
    ));
    assert_eq!(e.settlement.route, yidi::estimate::Route::Manual);
    assert_eq!(e.account_pays.to_string(), "0.00");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "account_not_at_hospital"));
}

/// R4.6: treated at home, the bill is settled at the hospital and the account pays there too (it paid nothing and
/// the person was told "not settled at the hospital"), also for a long-term filer treated back home.
#[test]
fn personal_account_pays_on_a_visit_at_home() {
    for filing in [
        json!(null),
        json!({"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "440300"}),
    ] {
        let e = run(&with(json!({
            "visit": {"region": "420100", "admission": "2025-03-01", "discharge": "2025-03-05"},
            "bill": {"total": "5000", "out_of_catalogue": "1000"}, "filing": filing,
            "overrides": {"deductible": "800", "ratio": "0.9"}, "personal_account_balance": "1000"
        })));
        assert_eq!(e.settlement.route, yidi::estimate::Route::Local, "{filing}");
        // In scope: deductible 800 + 10% of 3200 = 1120; the account pays its 1000, cash the rest (with the 1000
        // outside the catalogue).
        assert_eq!(e.account_pays.to_string(), "1000.00", "{filing}");
        // A long-term filer treated back home is settled at the referral level at least (R1.8): 80%, so 1440 in
        // scope; without a filing, 90%.
        let cash = if filing.is_null() {
            "1120.00"
        } else {
            "1440.00"
        };
        assert_eq!(e.cash_pays.to_string(), cash, "{filing}");
        assert!(
            !e.warnings
                .iter()
                .any(|w| w.code == "account_not_at_hospital"),
            "{filing}"
        );
    }
}

#[test]
fn estimates_cite_their_sources() {
    // 深圳's 1% (S21) comes from an undated page: of unknown start, it is listed for any date.
    let e = run(&with(
        json!({"visit": {"admission": "2026-12-01", "discharge": "2026-12-15"}}),
    ));
    let fund = e.line("fund").unwrap();
    assert!(fund
        .sources
        .iter()
        .any(|s| s.url.as_deref().is_some_and(|u| u.contains("qebk.com"))));
    let names: Vec<_> = e.parameters.iter().map(|p| p.name).collect();
    // No class-B part in the bill: its rate is no figure of this estimate (nor where each class-B line names its own).
    assert_eq!(names, vec!["deductible", "ratio", "annual_cap"]);
    let b = run(&with(json!({
        "visit": {"admission": "2026-12-01", "discharge": "2026-12-15"},
        "bill": {"class_b": {"amount": "5000"}}
    })));
    let names: Vec<_> = b.parameters.iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        vec!["deductible", "ratio", "annual_cap", "class_b_prepay_rate"]
    );
    let own = run(&with(json!({
        "visit": {"admission": "2026-12-01", "discharge": "2026-12-15"},
        "bill": {"total": null, "out_of_catalogue": null,
                 "lines": [{"amount": "5000", "class": "B", "prepay_rate": "0.1"}, {"amount": "500", "class": "A"}]}
    })));
    assert!(!own
        .parameters
        .iter()
        .any(|p| p.name == "class_b_prepay_rate"));
    assert!(!own
        .warnings
        .iter()
        .any(|w| w.message.zh.contains("乙类先行自付比例")));
    // A class-B part of nothing leaves nothing to the rate (helper-40), and needs none.
    for bill in [
        json!({"total": "30000", "class_b": {"amount": "0"}}),
        json!({"total": null, "out_of_catalogue": null,
               "lines": [{"amount": "0", "class": "B"}, {"amount": "500", "class": "A"}]}),
    ] {
        let z = run(&with(json!({"bill": bill})));
        assert!(!z.parameters.iter().any(|p| p.name == "class_b_prepay_rate"));
    }
    assert!(
        e.warnings.iter().any(|w| w.code == "figure_low_grade"),
        "C-graded 武汉 figures are flagged"
    );
}

#[test]
fn figures_for_a_region_without_data_are_asked_for_and_meanwhile_a_range_is_given() {
    let q = json!({"insured": {"region": "420500", "scheme": "employee", "status": "employed"},
        "visit": {"region": "420500", "kind": "inpatient", "hospital_level": "tertiary", "admission": "2025-01-10"},
        "bill": {"total": "5000"}});
    // R3.1: the region's own figures decide; other regions' only stand in, as a labelled range (tests/typical.rs).
    let e = try_run(&q).unwrap();
    assert!(e.range.is_some());
    let f = yidi::figures(
        common::policies(),
        &yidi::parse_query(&q.to_string()).unwrap(),
    )
    .unwrap();
    assert_eq!(f.missing, vec!["deductible", "ratio"]);
}

#[test]
fn the_verdict_needs_no_figures() {
    // 宜昌 has no benefit figures: the estimate asks for them, the verdict does not need them.
    let q = patched(&[
        no_filing(),
        json!({"insured": {"region": "420500", "status": "employed"}, "visit": {"region": "440300"}}),
    ]);
    let v = yidi::verdict(
        common::policies(),
        &yidi::parse_query(&q.to_string()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        (s(v.filing.status), s(v.settlement.route)),
        ("missing".to_string(), "manual".to_string())
    );
}

#[test]
fn messages_come_in_traditional_chinese_too() {
    let e = run(&common::base());
    assert_eq!(
        e.filing.message.zh_hant,
        "備案有效：入院（就診）日期在備案有效期內"
    );
    assert_eq!(e.line("fund").unwrap().label.zh_hant, "統籌基金支付");
}

/// R3.1: the insured region's figures for the person's age. A region that sets its ratio by age (成都's employees)
/// with no age given: the range over its figures for each age (it was the figure for any age, 85%, with
/// `age_not_given`: the README promises a range); with the age, the age's own figure and no range; a region without
/// age bands never says it.
#[test]
fn a_figure_set_by_age_without_the_age_is_said() {
    let chengdu = |age: Value| {
        let mut insured = json!({"region": "510100", "scheme": "employee", "status": "retired"});
        if !age.is_null() {
            insured["age"] = age;
        }
        run(&with(
            json!({"insured": insured, "bill": {"out_of_catalogue": "0"}}),
        ))
    };
    let codes = |e: &Estimate| {
        e.warnings
            .iter()
            .map(|w| w.code.to_string())
            .collect::<Vec<_>>()
    };
    let unknown = chengdu(Value::Null);
    let range = unknown.range.as_ref().expect("a range over the ages");
    assert_eq!(range.fund_pays.low.to_string(), "24820.00", "85% below 70");
    assert!(range.fund_pays.high > range.fund_pays.low);
    assert!(
        range.explanation.zh.contains("年龄"),
        "{}",
        range.explanation.zh
    );
    let old = chengdu(json!(75));
    assert_eq!(old.fund_pays.to_string(), "26572.00", "91% from 70 to 79");
    assert!(old.range.is_none());
    assert!(!codes(&old).contains(&"age_not_given".to_string()));
    // An entered ratio leaves nothing for the age to decide.
    let entered = run(&with(json!({
        "insured": {"region": "510100", "scheme": "employee", "status": "retired"},
        "overrides": {"ratio": "0.9", "deductible": "1000", "annual_cap": "100000"}
    })));
    assert!(!codes(&entered).contains(&"age_not_given".to_string()));
    assert!(!codes(&run(&base())).contains(&"age_not_given".to_string()));
}

/// R4.7: where the insured region's pharmacy figures are not on file, the fund's nil payment is an assumption the
/// estimate states (basis `assumed`, a warning), not a figure the person entered: nothing is marked as edited.
#[test]
fn r4_7_an_assumed_nil_pharmacy_payment_is_not_shown_as_the_persons_edit() {
    let e = run(&with(json!({
        "visit": {"region": "430100", "kind": "pharmacy", "hospital_level": null, "admission": null, "discharge": null, "date": "2026-12-02"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2025-01-01", "area": "430100"},
        "bill": {"total": "380", "out_of_catalogue": "0"}
    })));
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "pharmacy_pooling_unknown"));
    assert!(e.overridden.is_empty(), "{:?}", e.overridden);
    assert!(
        e.lines.iter().all(|l| !l.edited),
        "no line marked as edited"
    );
    for name in ["ratio", "deductible"] {
        let p = e.parameters.iter().find(|p| p.name == name).unwrap();
        assert_eq!(p.basis, yidi::estimate::Basis::Assumed, "{name}");
        assert!(!p.overridden, "{name}");
        assert!(p.value.zh.contains("未收录"), "{}", p.value.zh);
    }
    assert_eq!(e.fund_pays.to_string(), "0.00");
}

/// R1.3: the filing the verdict rests on names its filed area by name, in the language asked (never a bare code).
#[test]
fn r1_3_the_filing_used_names_its_area() {
    let e = run(&with(json!({"locale": "en"})));
    let used = e.filing.filing_used.as_ref().expect("the filing used");
    assert!(
        used.message.en.ends_with("filed to Shenzhen"),
        "{}",
        used.message.en
    );
    let e = run(&with(json!({})));
    let used = e.filing.filing_used.as_ref().unwrap();
    assert!(
        used.message.zh.ends_with("备案地为深圳市"),
        "{}",
        used.message.zh
    );
}

/// R1.11: filed during the stay, before discharge: settled directly. Asked once discharged, the next steps do not tell
/// the person to file before discharge, nor to show their card at the visit (both past); in hospital they do.
#[test]
fn r1_11_a_filing_made_during_the_stay_asked_after_discharge_gives_no_past_steps() {
    let late = json!({"filing": {"start": "2025-03-10"}});
    let steps = |situation: &str| {
        let mut patch = late.clone();
        patch["situation"] = json!(situation);
        let e = run(&with(patch));
        assert_eq!(
            e.filing.status,
            yidi::estimate::FilingStatus::LateBeforeDischarge
        );
        e.settlement
            .next_steps
            .iter()
            .map(|m| m.zh.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let in_hospital = steps("in_hospital");
    assert!(
        in_hospital.contains("务必在出院结算前办妥备案"),
        "{in_hospital}"
    );
    assert!(in_hospital.contains("就医时出示"), "{in_hospital}");
    let discharged = steps("discharged");
    assert!(
        !discharged.contains("务必在出院结算前办妥备案"),
        "{discharged}"
    );
    assert!(!discharged.contains("就医时出示"), "{discharged}");
}

/// An amount written with extra zeros (12.500) is held to the fen and shown so (12.50), never as 12.5.
#[test]
fn amounts_are_shown_to_the_fen_however_they_were_written() {
    let e = run(&with(
        json!({"bill": {"total": "12.500", "out_of_catalogue": "0"}}),
    ));
    assert_eq!(line(&e, "total"), "12.50");
    assert_eq!(e.patient_pays.to_string(), "12.50");
}

/// R1.5: a valid filing at a hospital that does not settle directly: the claim at home is all there is to do; the
/// next steps said "先补办备案" though the filing was valid.
#[test]
fn a_valid_filing_at_a_hospital_that_does_not_settle_asks_for_no_filing() {
    let e = run(&with(
        json!({"visit": {"networked": false}, "situation": "discharged", "today": "2025-03-20"}),
    ));
    assert_eq!(e.filing.status, yidi::estimate::FilingStatus::Valid);
    assert_eq!(e.settlement.route, yidi::estimate::Route::Manual);
    let steps: Vec<&str> = e
        .settlement
        .next_steps
        .iter()
        .map(|m| m.zh.as_ref())
        .collect();
    assert!(steps.iter().all(|s| !s.contains("补办备案")), "{steps:?}");
}

/// R1.10, R1.11: next steps for a filing already made. Starting after the admission (made ahead of it): move the
/// start; made during the stay and in force today: nothing more to file. Both were told "务必在出院结算前办妥备案".
#[test]
fn a_filing_already_made_is_not_asked_for_again() {
    let steps = |patch: serde_json::Value| -> Vec<String> {
        let e = run(&with(patch));
        e.settlement
            .next_steps
            .iter()
            .map(|m| m.zh.to_string())
            .collect()
    };
    let not_yet = steps(json!({
        "filing": {"category": "temporary_other", "start": "2025-03-10", "filed_on": "2025-02-20", "area": "440300"},
        "situation": "planning", "today": "2025-02-20"
    }));
    assert!(
        not_yet.iter().any(|s| s.contains("开始日期改为入院日")),
        "{not_yet:?}"
    );
    assert!(
        not_yet.iter().all(|s| !s.contains("办妥备案")),
        "{not_yet:?}"
    );
    let during = steps(json!({
        "filing": {"category": "temporary_other", "start": "2025-03-05", "area": "440300"},
        "situation": "in_hospital", "today": "2025-03-08"
    }));
    assert!(during.iter().any(|s| s.contains("无需再办")), "{during:?}");
    assert!(during.iter().all(|s| !s.contains("办妥备案")), "{during:?}");
}

/// R1.3: a province whose filings name the province (海南, 西藏) pools at province level: a 海口 employee treated in
/// 三亚 (and a 琼海 one, 海口's pooling region, in 三亚) is treated at home, no filing; it was "filing missing", a
/// manual claim and a 20-point cut (12480.00 instead of 16320.00).
#[test]
fn a_province_pooled_as_one_area_is_home_throughout() {
    for (insured, treated) in [
        ("460100", "460200"),
        ("469002", "460200"),
        ("460200", "460100"),
    ] {
        let e = run(&json!({
            "insured": {"region": insured, "scheme": "employee", "status": "employed"},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-15"},
            "bill": {"total": "20000"}
        }));
        assert!(!e.filing.required, "{insured} → {treated}");
        assert_eq!(s(e.settlement.route), "local", "{insured} → {treated}");
    }
}

/// R1.2, R1.6: an emergency rescue within a province that waives filing is settled as an emergency where the insured
/// region treats emergencies better than the waiver (宁波: 急诊抢救 not cut; 浙江's exemption −10): 18800 × 70%.
#[test]
fn an_emergency_under_a_province_waiver_keeps_the_emergency_treatment() {
    let e = run(&json!({
        "insured": {"region": "330200", "scheme": "resident"},
        "visit": {"region": "330100", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-01", "discharge": "2025-03-15", "emergency": true},
        "bill": {"total": "22000", "out_of_catalogue": "1500", "class_b": {"prepay_amount": "500"}}
    }));
    assert_eq!(e.fund_pays.to_string(), "13160.00");
    assert!(e.warnings.iter().any(|w| w.code == "emergency_over_waiver"));
}

/// R1.2, R4.7: a purchase at a pharmacy is not an emergency rescue: `emergency` on it is not deemed filed (it settled
/// directly, the account paying), and the person is told why.
#[test]
fn a_pharmacy_purchase_is_never_an_emergency_rescue() {
    let e = run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "440300", "kind": "pharmacy", "date": "2025-03-01", "emergency": true},
        "bill": {"total": "300"}
    }));
    assert_ne!(s(e.filing.status), "deemed_filed");
    assert_eq!(s(e.settlement.route), "manual");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "emergency_not_pharmacy"));
}

/// R1.6, R3.3: inside a province that waives filing for temporary visits with a cut (山东: 10% first), a long-term
/// filing held for the place still gets the local standard (city-params.md: "long-term residents still file"): 4200 ×
/// 85% + 5000 × 90% + 40000 × 95% = 46070 (it was cut to 41320); and a long-term filing is a course for someone
/// planning such a stay who lives there, though none is needed.
#[test]
fn a_long_term_filer_inside_a_waiving_province_is_not_cut() {
    let mut q = json!({
        "insured": {"region": "370600", "scheme": "employee", "status": "retired"},
        "visit": {"region": "370200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-01", "discharge": "2025-03-15"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "370200"},
        "bill": {"total": "50000"}
    });
    let e = run(&q);
    assert!(!e.filing.required);
    assert_eq!(s(e.settlement.category), "long_term");
    assert_eq!(e.fund_pays.to_string(), "46070.00");
    q["filing"] = Value::Null;
    let waived = run(&q);
    assert_eq!(s(waived.settlement.category), "intra_province_exempt");
    assert!(waived.fund_pays < e.fund_pays);
    q["situation"] = json!("planning");
    q["today"] = json!("2025-02-01");
    q["circumstances"] = json!({"lives_there": true});
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let o = yidi::options::options(common::policies(), &query).unwrap();
    let long = o
        .courses
        .iter()
        .find(|c| c.id == yidi::options::CourseId::FileLongTerm)
        .unwrap();
    assert!(long.available && long.recommended);
    assert_eq!(long.patient_pays.unwrap().to_string(), "3930.00");
}

/// R1.2, R4.3: a chronic disease's treatment is scheduled, not an emergency rescue: `emergency` on it is not deemed
/// filed (it was, and settled directly), and the person is told why; an emergency at a general outpatient clinic is.
#[test]
fn a_chronic_disease_visit_is_never_an_emergency_rescue() {
    let q = |kind: &str| {
        run(&json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": {"region": "440300", "kind": kind, "chronic_disease": "diabetes", "hospital_level": "tertiary",
                      "date": "2025-03-01", "emergency": true},
            "bill": {"total": "500"}
        }))
    };
    let e = q("chronic_outpatient");
    assert_ne!(s(e.filing.status), "deemed_filed");
    assert_eq!(s(e.settlement.route), "manual");
    assert!(e.warnings.iter().any(|w| w.code == "emergency_not_chronic"));
    let e = common::try_run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "outpatient", "hospital_level": "tertiary",
                  "date": "2025-03-01", "emergency": true},
        "bill": {"total": "500"}
    }))
    .unwrap();
    assert_eq!(s(e.filing.status), "deemed_filed");
}

/// R3.3 (LOC): 常州's reply (溧阳, S23) sets its cuts: emergencies at the local ratio, referrals −5 points; both were
/// the national maxima with "参保地未公布" beside the very source that publishes them.
#[test]
fn changzhou_cuts_come_from_its_reply() {
    let q = |visit: Value, filing: Value| {
        let mut v = json!({
            "insured": {"region": "320400", "scheme": "resident", "age": 40},
            "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-15"},
            "bill": {"total": "20000"}
        });
        common::merge(&mut v, &json!({"visit": visit, "filing": filing}));
        run(&v)
    };
    let emergency = q(json!({"emergency": true}), Value::Null);
    let referral = q(
        json!({}),
        json!({"category": "referral", "start": "2025-01-01", "area": "310000"}),
    );
    let own = q(
        json!({}),
        json!({"category": "long_term", "long_term_kind": "resident", "start": "2025-01-01", "area": "310000"}),
    );
    assert_eq!(emergency.fund_pays, own.fund_pays);
    assert!(referral.fund_pays < own.fund_pays);
    for e in [&emergency, &referral] {
        assert!(e
            .warnings
            .iter()
            .all(|w| w.code != "adjustment_assumed_national_cap"));
    }
}

/// R3.5 (LOC): 阜阳's residents out of province pay a deductible of 20% of the stay's total (2000–10000) and get 60% when
/// referred, 50% otherwise (C pages, 2022): one rule changing the deductible and the ratio together (`then`). Its
/// tertiary ratio is 70%, so both cuts sit within the national caps (10 and 20 points). Inside 安徽 the cuts are 5 and
/// 15 points on its own deductible.
#[test]
fn fuyang_out_of_province_deductible_and_ratio_together() {
    let q = |treated: &str, category: &str, total: &str| {
        run(&json!({
            "insured": {"region": "341200", "scheme": "resident"},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-15"},
            "filing": {"category": category, "start": "2025-02-01", "area": treated},
            "bill": {"total": total, "out_of_catalogue": "5000"}
        }))
    };
    // (45000 − 10000) × 60% = 21000; × 50% = 17500.
    let referred = q("310000", "referral", "50000");
    assert_eq!(line(&referred, "deductible"), "10000.00");
    assert_eq!(line(&referred, "fund"), "21000.00");
    let own_way = q("310000", "temporary_other", "50000");
    assert_eq!(line(&own_way, "fund"), "17500.00");
    // 20000 × 20% = 4000: (15000 − 4000) × 60% = 6600.
    assert_eq!(line(&q("310000", "referral", "20000"), "fund"), "6600.00");
    // In 合肥: the local 1000, 70% − 15 = 55%: (15000 − 1000) × 55% = 7700.
    let in_province = q("340100", "temporary_other", "20000");
    assert_eq!(line(&in_province, "deductible"), "1000.00");
    assert_eq!(line(&in_province, "fund"), "7700.00");
    let d = &referred.settlement.adjustment.as_ref().unwrap().description;
    assert!(d.zh.contains("20%") && d.zh.contains("60%"), "{}", d.zh);
    assert!(
        d.en.contains("of the total") && !d.en.contains('总'),
        "{}",
        d.en
    );
}

/// R1.16: a rule that the fund pays nothing at non-designated institutions, silent on emergencies, is applied to an
/// emergency with a warning that many regions pay it (it was said as certain).
#[test]
fn a_non_designated_rule_silent_on_emergencies_is_said_to_be() {
    let e = run(&json!({
        "insured": {"region": "320400", "scheme": "resident", "age": 40},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "secondary",
                  "admission": "2025-03-01", "discharge": "2025-03-15", "designated": false, "emergency": true},
        "bill": {"total": "20000"}
    }));
    assert_eq!(s(e.settlement.route), "not_covered");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "non_designated_emergency_unknown"));
}

/// R4.3: a listed disease before the day it settles directly across provinces is told that day, not that it is not
/// on the list.
#[test]
fn a_chronic_disease_before_its_day_is_told_the_day() {
    let e = run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "440300", "kind": "chronic_outpatient", "hospital_level": "tertiary",
                  "chronic_disease": "diabetes", "date": "2021-09-29"},
        "filing": {"category": "temporary_other", "start": "2021-06-01", "area": "440300"},
        "bill": {"total": "20000"}
    }));
    assert_eq!(s(e.settlement.route), "manual");
    let steps: Vec<&str> = e
        .settlement
        .next_steps
        .iter()
        .map(|m| m.zh.as_ref())
        .collect();
    assert!(
        steps.iter().any(|s| s.contains("2021-09-30 起")),
        "{steps:?}"
    );
    assert!(steps.iter().all(|s| !s.contains("不在跨省")), "{steps:?}");
}

/// §5.3 step 3: an entered cap on the eligible cost below the deductible (100 for 100万) leaves the fund nothing: said,
/// as the validator refuses it in a policies file; a cap on the fund below the deductible is a cap like any other.
#[test]
fn an_entered_cap_below_the_deductible_is_said() {
    let e = run(&with(json!({
        "overrides": {"annual_cap": "100", "annual_cap_basis": "eligible"}
    })));
    assert_eq!(e.fund_pays.to_string(), "0.00");
    assert!(e.warnings.iter().any(|w| w.code == "cap_below_deductible"));
    let e = run(&with(json!({"overrides": {"annual_cap": "100"}})));
    assert!(e.warnings.iter().all(|w| w.code != "cap_below_deductible"));
    assert!(run(&base())
        .warnings
        .iter()
        .all(|w| w.code != "cap_below_deductible"));
}

/// §5.3 step 3: a cap on the eligible cost (武汉: 240000 counting the fund's and the co-payment) with only the fund's
/// payments this year given counts at least those as used (239000 paid left the whole 17049.60 payable), and says so.
#[test]
fn an_eligible_cost_cap_counts_the_funds_payments_when_nothing_else_is_given() {
    let e = run(&with(json!({"history": {"fund_paid": "239000"}})));
    // 240000 − 239000 = 1000 left: 800 deductible, then 200 × 88.8%.
    assert_eq!(e.fund_pays.to_string(), "177.60");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "cap_used_from_fund_paid"));
    // The eligible cost so far, when given, decides alone.
    let e = run(&with(
        json!({"history": {"fund_paid": "239000", "eligible_so_far": "100000"}}),
    ));
    assert_eq!(e.fund_pays.to_string(), "17049.60");
    assert!(e
        .warnings
        .iter()
        .all(|w| w.code != "cap_used_from_fund_paid"));
}

/// A 繁體 answer cites its sources' titles in Traditional characters (a 繁體 page showed them in Simplified); other
/// answers cite them as on file.
#[test]
fn source_titles_follow_a_traditional_answer() {
    let titles = |locale| {
        yidi::in_locale(locale, || {
            let v = serde_json::to_value(run(&base())).unwrap();
            v["lines"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|l| l["sources"].as_array().cloned().unwrap_or_default())
                .map(|s| s["title"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
    };
    let hant = titles(Some(yidi::Locale::ZhHant));
    assert!(hant.iter().any(|t| t.contains("武漢職工醫保")), "{hant:?}");
    let plain = titles(None);
    assert!(
        plain.iter().any(|t| t.contains("武汉职工医保")),
        "{plain:?}"
    );
}

/// R1.7, R1.13: a 天津 retiree treated in 北京 holding a temporary (or referral) filing is settled under 京津冀, which
/// pays the home ratio, not cut as the filing would be: the way of being covered most favourable to the person is kept
/// (helper-28 F2: 12810.00 with the filing against 16470.00 without it). A long-term filing, as good, still decides.
#[test]
fn r1_7_an_arrangement_that_pays_better_than_the_filing_held_is_kept() {
    let visit = json!({
        "insured": {"region": "120000", "scheme": "employee", "status": "retired"},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2024-04-01", "discharge": "2024-04-20"},
        "bill": {"total": "20000"}
    });
    let none = run(&visit);
    assert_eq!(none.fund_pays.to_string(), "16470.00");
    for category in ["temporary_other", "referral"] {
        let mut q = visit.clone();
        q["filing"] = json!({"category": category, "start": "2024-03-01", "area": "110000"});
        let e = run(&q);
        assert_eq!(e.fund_pays.to_string(), "16470.00", "{category}");
        assert_eq!(s(e.settlement.category), "arrangement", "{category}");
        assert!(e
            .warnings
            .iter()
            .any(|w| w.code == "arrangement_over_filing"));
    }
    let mut q = visit.clone();
    q["filing"] = json!({"category": "long_term", "long_term_kind": "retiree", "start": "2023-01-01",
                         "area": "110000"});
    let e = run(&q);
    assert_eq!(s(e.settlement.category), "long_term");
    assert!(!e
        .warnings
        .iter()
        .any(|w| w.code == "arrangement_over_filing"));
}

/// R1.6: a province's waiver of filing whose start no source gives, applied to a visit before the first day a source
/// shows it: the verdict itself says it is not certain and to file to be safe (the headline said "no filing needed"
/// while only a warning below said to file).
#[test]
fn a_waiver_of_unknown_start_is_hedged_in_the_verdict_itself() {
    let e = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "130200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "bill": {"total": "20000"}
    }));
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "filing_rule_start_unknown"));
    assert!(
        e.filing.message.zh.contains("稳妥起见请先办理备案"),
        "{}",
        e.filing.message.zh
    );
    let later = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "130200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2027-01-01", "discharge": "2027-01-10"},
        "bill": {"total": "20000"}
    }));
    assert!(
        !later.filing.message.zh.contains("稳妥起见"),
        "{}",
        later.filing.message.zh
    );
}

/// R3.3: the national maximum cut standing in for one the insured region has not published is an assumption, dated
/// as the national caps are in force (it was listed as the region's own figure, undated).
#[test]
fn the_national_maximum_cut_is_an_assumption_dated_as_in_force() {
    let e = run(&with(json!({
        "filing": {"category": "referral", "start": "2025-02-01", "area": "440300"}
    })));
    let cut = e
        .parameters
        .iter()
        .find(|x| x.name == "adjustment")
        .expect("the cut is listed");
    assert_eq!(cut.basis, yidi::estimate::Basis::Assumed);
    assert_eq!(cut.from.as_deref(), Some("2023-01-01"));
    assert!(
        cut.value.zh.contains("按国家允许的最大降幅估算"),
        "{}",
        cut.value.zh
    );
    assert!(!cut.sources.is_empty());
}

/// R1.1: a filing verdict on a cross-province visit cites the national rule (it cited nothing); one within a
/// province cites its province's rule, never the national one.
#[test]
fn a_cross_province_verdict_cites_the_national_rule() {
    let e = run(&with(json!({"filing": null})));
    let ids: Vec<&str> = e.filing.sources.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"nat-22-english"), "{ids:?}");
    let within = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "130200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2027-01-01", "discharge": "2027-01-10"},
        "bill": {"total": "20000"}
    }));
    assert!(!within
        .filing
        .sources
        .iter()
        .any(|s| s.id.starts_with("nat-22")));
}

/// R4.3: from 2024-04-12 more 门诊慢特病 settle directly than the five on file, not identified: an unlisted disease is
/// still a manual claim (the safe reading), said with that doubt; before then, without it.
#[test]
fn r4_3_an_unlisted_chronic_disease_after_the_extension_is_said_with_the_doubt() {
    let at = |date: &str| {
        run(&patched(&[
            json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "other", "date": date},
            "overrides": {"deductible": "0", "ratio": "0.8"}}),
        ]))
    };
    let later = at("2025-03-01");
    assert_eq!(s(later.settlement.route), "manual");
    assert!(later
        .warnings
        .iter()
        .any(|w| w.code == "chronic_list_incomplete"));
    // The doubt cites the national rule's own source.
    let rule = &policies().national.chronic_list_incomplete[0];
    for id in &rule.sources {
        assert!(later.settlement.sources.iter().any(|s| &s.id == id), "{id}");
    }
    let earlier = at("2023-03-01");
    assert_eq!(s(earlier.settlement.route), "manual");
    assert!(!earlier
        .warnings
        .iter()
        .any(|w| w.code == "chronic_list_incomplete"));
}

/// R3.1a: an insured region's own terms for care elsewhere price a visit elsewhere, whatever the hospital's level: 大理
/// residents 州外 900 / 50% (referral not cut again, others −10); at home the rows by level stand. 蚌埠: 市外 2000,
/// 省外 2500. 成都 employees: 转外 2000.
#[test]
fn r3_1a_the_insured_regions_terms_for_care_elsewhere() {
    let q = |insured: &str, scheme: &str, place: &str, level: &str, category: &str| {
        let mut q = json!({
            "insured": {"region": insured, "scheme": scheme, "age": 50},
            "visit": {"region": place, "kind": "inpatient", "hospital_level": level,
                      "admission": "2025-05-01", "discharge": "2025-05-10"},
            "bill": {"total": "10000"}
        });
        if scheme == "employee" {
            q["insured"]["status"] = json!("employed");
        }
        if place != insured {
            q["filing"] = json!({"category": category, "start": "2025-04-20", "end": "2025-10-20", "area": place});
        }
        q
    };
    // 大理 → 上海, a referral: 900 and 50%, not cut again.
    let e = run(&q("532900", "resident", "310000", "primary", "referral"));
    assert_eq!(line(&e, "deductible"), "900.00");
    assert_eq!(e.fund_pays.to_string(), "4550.00", "(10000 − 900) × 50%");
    // Not referred: 50% − 10 as 大理's source says.
    let e = run(&q(
        "532900",
        "resident",
        "310000",
        "tertiary",
        "temporary_other",
    ));
    assert_eq!(e.fund_pays.to_string(), "3640.00", "(10000 − 900) × 40%");
    // 大理 at home, a primary hospital: its rows by level (200, 85%).
    let e = run(&q("532900", "resident", "532900", "primary", ""));
    assert_eq!(line(&e, "deductible"), "200.00");
    // 蚌埠: outside the province 2500, within it (合肥) 2000; the lowest ratio of the span, 45%.
    let e = run(&q("340300", "resident", "310000", "primary", "referral"));
    assert_eq!(line(&e, "deductible"), "2500.00");
    assert_eq!(e.fund_pays.to_string(), "3375.00", "(10000 − 2500) × 45%");
    let e = run(&q("340300", "resident", "340100", "primary", "referral"));
    assert_eq!(line(&e, "deductible"), "2000.00");
    // 成都 employees referred out: 转外 2000.
    let e = run(&q("510100", "employee", "310000", "tertiary", "referral"));
    assert_eq!(line(&e, "deductible"), "2000.00");
}

/// R1.11: a filing made ahead of a stay whose validity starts during it is not in force at admission, and in force
/// before discharge settlement: the verdict says both, beside a direct route (it said only "not yet in force").
#[test]
fn r1_11_a_filing_in_force_from_mid_stay_says_it_still_settles_directly() {
    let e = run(&with(json!({
        "visit": {"admission": "2025-02-01", "discharge": "2025-02-15"},
        "filing": {"category": "temporary_other", "start": "2025-02-05", "end": "2025-08-05",
                   "filed_on": "2025-01-10", "area": "440300", "long_term_kind": null}
    })));
    assert_eq!(e.settlement.route, yidi::estimate::Route::Direct);
    let m = &e.filing.message.zh;
    assert!(m.contains("尚未生效") && m.contains("可直接结算"), "{m}");
}

/// R1.9a: the six-month minimum of a temporary filing is a rule from 2023; a filing made before it is said to be
/// assumed the same, not told "the national rule makes it valid" (helper-48).
#[test]
fn r1_9a_a_filing_made_before_the_minimum_rule_is_said_to_be_assumed() {
    let e = run(&with(json!({
        "visit": {"admission": "2022-03-01", "discharge": "2022-03-15"},
        "filing": {"category": "temporary_other", "start": "2022-01-01", "area": "440300", "long_term_kind": null}
    })));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "temporary_filing_end_assumed")
        .expect("the end assumed");
    assert!(
        w.message.zh.contains("此前办理的备案按同样期限估算"),
        "{}",
        w.message.zh
    );
}

/// R5.6a: bands that start again at each admission (烟台 employees, "每次住院起付标准以上分段累进"; helper-57 found them
/// worked out over the year): a second admission in the year is banded from its own first band.
#[test]
fn bands_per_admission_start_again_r5_6a() {
    let e = common::run(&json!({
        "insured": {"region": "370600", "scheme": "employee", "status": "employed"},
        "visit": {"region": "370600", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-12-01", "discharge": "2025-12-10"},
        "bill": {"total": "4000"},
        "history": {"admissions": 1, "eligible_so_far": "20000", "deductible_paid": "800"}
    }));
    // (4000 − 400, the second admission's deductible) × 80%, the first band's ratio.
    assert_eq!(common::line(&e, "fund"), "2880.00");
}

/// R5.6g: a region that pays by contribution tier (青岛's residents: 一档 70%, 二档 55% in a tertiary hospital). Given,
/// the tier's own figures; not given, the range over both, said as depending on the tier (helper-57: 二档's 55% was
/// shown as the city's own to everyone).
#[test]
fn a_contribution_tier_not_given_is_ranged_over_r5_6g() {
    let q = |tier: Option<&str>| {
        let mut q = json!({
            "insured": {"region": "370200", "scheme": "resident", "age": 45},
            "visit": {"region": "370200", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-12-01", "discharge": "2025-12-10"},
            "bill": {"total": "20000"}
        });
        if let Some(t) = tier {
            q["insured"]["tier"] = json!(t);
        }
        q
    };
    assert_eq!(line(&run(&q(Some("higher"))), "fund"), "13440.00");
    assert_eq!(line(&run(&q(Some("lower"))), "fund"), "10560.00");
    let e = run(&q(None));
    let range = e.range.as_ref().expect("a range over the tiers");
    assert_eq!(range.fund_pays.low.to_string(), "10560.00");
    assert_eq!(range.fund_pays.high.to_string(), "13440.00");
    assert!(
        range.explanation.zh.contains("缴费档次"),
        "{}",
        range.explanation.zh
    );
    // 成都's children are paid alike in either tier: no range for a child.
    let child = run(&json!({
        "insured": {"region": "510100", "scheme": "resident", "age": 10},
        "visit": {"region": "510100", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-12-01", "discharge": "2025-12-10"},
        "bill": {"total": "20000"},
        "overrides": {"deductible": "0"}
    }));
    assert!(child.range.is_none());
}

/// R5.6g with a figure the region lacks (成都's residents: ratios by tier, no deductible on file): the range runs over
/// each tier's own ratio with the stand-ins' deductibles, not over the stand-ins' ratios (helper-62: 10560–17460, past
/// both tiers; each tier alone gives 9540–10441 and 12240–13396).
#[test]
fn a_tier_not_given_keeps_the_regions_own_ratios_beside_stand_ins_r5_6g() {
    let q = |tier: Option<&str>| {
        let mut q = json!({
            "insured": {"region": "510100", "scheme": "resident", "age": 40},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-11-01", "discharge": "2026-11-10"},
            "filing": {"category": "long_term", "start": "2026-01-01", "area": "440300"},
            "bill": {"total": "30000", "out_of_catalogue": "10000"}
        });
        if let Some(t) = tier {
            q["insured"]["tier"] = json!(t);
        }
        run(&q)
    };
    let span = |e: &Estimate| {
        let r = e.range.as_ref().expect("a range");
        (r.fund_pays.low.to_string(), r.fund_pays.high.to_string())
    };
    let (lower, higher, none) = (q(Some("lower")), q(Some("higher")), q(None));
    assert_eq!(span(&none).0, span(&lower).0);
    assert_eq!(span(&none).1, span(&higher).1);
    let r = none.range.as_ref().unwrap();
    assert!(!r.typical.contains(&"ratio"), "{:?}", r.typical);
}

/// R5.6g: the analysis names the details not given that the insured region's own figures depend on, so that a form
/// asks for those only (the tier was asked of every resident, though only 青岛's and 成都's figures use it).
#[test]
fn the_details_a_regions_figures_depend_on_are_named_r5_6g() {
    let details = |insured: serde_json::Value| {
        let q = json!({
            "insured": insured,
            "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-11-01", "discharge": "2026-11-10"},
            "filing": {"category": "long_term", "start": "2026-01-01", "area": "110000"}
        });
        let a = yidi::analyze(
            common::policies(),
            &yidi::parse_query(&q.to_string()).unwrap(),
        )
        .unwrap();
        a.details.iter().map(|d| d.path()).collect::<Vec<_>>()
    };
    assert_eq!(
        details(json!({"region": "370200", "scheme": "resident", "age": 45})),
        ["insured.tier"]
    );
    assert!(details(
        json!({"region": "370200", "scheme": "resident", "age": 45, "tier": "higher"})
    )
    .is_empty());
    // 成都's residents: by age, then (for adults) by tier.
    let chengdu = details(json!({"region": "510100", "scheme": "resident"}));
    assert!(
        chengdu.contains(&"insured.age") && chengdu.contains(&"insured.tier"),
        "{chengdu:?}"
    );
    // 武汉's residents pay alike in any tier: the tier is not asked for.
    let wuhan = details(json!({"region": "420100", "scheme": "resident", "age": 45}));
    assert!(!wuhan.contains(&"insured.tier"), "{wuhan:?}");
    // An employee whose status is not said, where the figures differ by it.
    let status = details(json!({"region": "420100", "scheme": "employee"}));
    assert!(status.contains(&"insured.status"), "{status:?}");
}

/// R5.7a: 衡阳's residents pay a deductible per admission, the year's held to 2300 (helper-63: 1500 charged after 2000
/// paid, the limit in the data's note only).
#[test]
fn a_yearly_limit_holds_the_deductibles_of_the_year_r5_7a() {
    let q = |paid: &str| {
        json!({
            "insured": {"region": "430400", "scheme": "resident", "age": 40},
            "visit": {"region": "430400", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-10-01", "discharge": "2026-10-12"},
            "bill": {"total": "30000"},
            "history": {"admissions": 2, "deductible_paid": paid}
        })
    };
    let e = run(&q("2000"));
    assert_eq!(line(&e, "deductible"), "300.00");
    // (30000 − 300) × 60%
    assert_eq!(line(&e, "fund"), "17820.00");
    assert!(e.line("deductible").unwrap().formula.zh.contains("2300"));
    assert_eq!(line(&run(&q("2300")), "deductible"), "0.00");
    let first = run(&q("0"));
    assert_eq!(line(&first, "deductible"), "1500.00");
    assert!(!first
        .line("deductible")
        .unwrap()
        .formula
        .zh
        .contains("2300"));
}

/// R3.1a: 临沂's temporary visits outside the city are priced at its own tertiary figures whatever the hospital's level
/// (linyi-lyyb-temp, A; helper-63: a secondary hospital in 北京 was priced at 临沂's secondary 500 / 85%, 22525.00); a
/// long-term filer keeps the rows for the hospital's level.
#[test]
fn linyi_prices_temporary_visits_elsewhere_at_its_tertiary_figures_r3_1a() {
    let q = |category: &str| {
        json!({
            "insured": {"region": "371300", "scheme": "employee", "status": "employed"},
            "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "secondary",
                      "admission": "2026-10-01", "discharge": "2026-10-12"},
            "filing": {"category": category, "start": "2026-09-01", "end": "2027-03-01", "area": "110000"},
            "bill": {"total": "30000"}
        })
    };
    // 10% first (3000), then (27000 − 800) × 80%; a referral or an emergency filing alike, 临时外出就医人员 all
    // (helper-67: a referral was cut by the assumed 10 points on top).
    assert_eq!(line(&run(&q("temporary_other")), "fund"), "20960.00");
    assert_eq!(line(&run(&q("referral")), "fund"), "20960.00");
    assert_eq!(line(&run(&q("emergency")), "fund"), "20960.00");
    // (30000 − 500) × 85%
    assert_eq!(line(&run(&q("long_term")), "fund"), "25075.00");
}

/// R1.12 with R3.1a: a long-term filer treated back home, priced at the referral level, gets the region's terms for
/// care elsewhere where it has them, as a cross-province referral does (helper-68: 蚌埠's local rows gave 13440.00 and
/// were said to be its referral level; its referral to 北京 gives 7875.00).
#[test]
fn a_long_term_filer_at_home_gets_the_regions_referral_terms_r1_12() {
    let q = |treated: &str, filing: serde_json::Value| {
        json!({
            "insured": {"region": "340300", "scheme": "resident", "age": 45},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-10"},
            "filing": filing,
            "bill": {"total": "30000", "out_of_catalogue": "10000"}
        })
    };
    let home = run(&q(
        "340300",
        json!({"category": "long_term", "long_term_kind": "resident", "start": "2020-01-01", "area": "110000"}),
    ));
    let referral = run(&q(
        "110000",
        json!({"category": "referral", "start": "2025-01-01", "area": "110000"}),
    ));
    assert_eq!(line(&referral, "fund"), "7875.00");
    assert_eq!(line(&home, "fund"), line(&referral, "fund"));
}

/// The next steps follow the dates where the situation said differs (helper-72): a stay still to come said to be over
/// is told to file before it, and one long over said to be planned is told to file, then claim.
#[test]
fn the_next_steps_follow_the_dates_where_the_situation_said_differs() {
    let q = |admission: &str, discharge: &str, situation: &str| {
        json!({"insured": {"region": "420100", "scheme": "employee", "status": "employed", "age": 45},
               "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                         "admission": admission, "discharge": discharge},
               "situation": situation, "today": "2026-12-05",
               "bill": {"total": "30000", "out_of_catalogue": "3000"}})
    };
    let ahead = common::run(&q("2026-12-10", "2026-12-18", "discharged"));
    let steps = common::steps_zh(&ahead);
    assert!(
        steps[0].starts_with("就医前办好备案即可直接结算"),
        "{steps:?}"
    );
    assert!(!steps.iter().any(|s| s.contains("已出院")), "{steps:?}");
    let past = common::run(&q("2026-11-01", "2026-11-08", "planning"));
    let steps = common::steps_zh(&past);
    assert!(
        steps[0].starts_with("已出院并全额付款：先补办备案"),
        "{steps:?}"
    );
    assert!(!steps.iter().any(|s| s.contains("若尚未出院")), "{steps:?}");
}

/// A filing already made after discharge (R1.11): only the claim is left, not "file, then claim" (helper-72).
#[test]
fn a_filing_made_after_discharge_leaves_only_the_claim_r1_11() {
    let e = common::run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired", "age": 68},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2026-10-01",
                   "filed_on": "2026-11-20", "area": "440300"},
        "situation": "discharged", "today": "2026-12-05",
        "bill": {"total": "30000", "out_of_catalogue": "3000"}
    }));
    let steps = common::steps_zh(&e);
    assert!(steps[0].starts_with("备案已在出院后补办"), "{steps:?}");
    assert!(!steps.iter().any(|s| s.contains("补办备案后")), "{steps:?}");
}

/// A childbirth's prenatal visit (a date, no admission; R6.1) is a visit, not a stay: no admission, discharge or
/// discharge summary in its words (helper-72).
#[test]
fn a_prenatal_visit_is_worded_as_a_visit_r6_1() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed", "age": 30},
        "visit": {"region": "440300", "kind": "maternity", "hospital_level": "tertiary", "date": "2026-11-03"},
        "situation": "discharged", "today": "2026-12-05", "bill": {"total": "500"}, "locale": "zh-Hans"
    });
    let a = yidi::analyze(
        common::policies(),
        &yidi::parse_query(&q.to_string()).unwrap(),
    )
    .unwrap();
    let text = serde_json::to_string(&a).unwrap();
    for stay in ["入院", "出院"] {
        assert!(!text.contains(stay), "{stay} in {text}");
    }
    assert!(text.contains("就诊 2026-11-03"), "{text}");
}

/// Where some regions standing in have an annual cap and some not, the warning names those without one (helper-74:
/// "the regions standing in have no cap on file either" above a slip showing 湛江's cap).
#[test]
fn stand_ins_without_a_cap_are_named_where_others_have_one() {
    let e = common::run(&json!({
        "insured": {"region": "360700", "scheme": "resident", "age": 72},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-15", "discharge": "2026-11-28"},
        "bill": {"total": "40000", "out_of_catalogue": "6000"}
    }));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "stand_in_annual_cap_unknown")
        .expect("the warning");
    assert!(w.message.zh.starts_with("参照地区中"), "{}", w.message.zh);
    assert!(!w.message.zh.contains("也未收录"), "{}", w.message.zh);
}

/// helper-72, R1.6: a waiver of unknown start, the visit over: the verdict says what to do by how it was settled, not
/// "file first to be safe".
#[test]
fn a_waiver_of_unknown_start_after_the_visit_says_what_settled_tells_r1_6() {
    let e = common::run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "employed", "age": 45},
        "visit": {"region": "130200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-08"},
        "situation": "discharged", "today": "2026-12-05",
        "bill": {"total": "30000", "out_of_catalogue": "3000"}
    }));
    let m = &e.filing.message.zh;
    assert!(
        m.contains("全额付了款的，请补办备案后回参保地手工报销"),
        "{m}"
    );
    assert!(!m.contains("稳妥起见请先办理备案"), "{m}");
}

/// helper-73: a class-B pre-payment given beside its cost and rate, and not their product, is used as given and said.
#[test]
fn a_class_b_prepayment_not_the_product_of_its_cost_and_rate_is_said() {
    let mut q = base();
    q["bill"] = json!({"total": "30000",
                       "class_b": {"amount": "100", "prepay_rate": "0.1", "prepay_amount": "50"}});
    let e = run(&q);
    assert_eq!(line(&e, "class_b_prepay"), "50.00");
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "class_b_prepay_differs"));
    q["bill"]["class_b"]["prepay_amount"] = json!("10");
    let e = run(&q);
    assert!(!e
        .warnings
        .iter()
        .any(|w| w.code == "class_b_prepay_differs"));
}

/// helper-72, R1.9a: a filing held whose end is not known: its end is to look up first, not a filing to make again.
#[test]
fn a_filing_of_unknown_end_is_looked_up_before_filing_again_r1_9a() {
    let q = |situation: &str, today: &str| {
        json!({"insured": {"region": "420100", "scheme": "employee", "status": "employed", "age": 45},
               "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                         "admission": "2026-11-01", "discharge": "2026-11-10"},
               "filing": {"category": "referral", "start": "2026-03-20", "area": "440300"},
               "situation": situation, "today": today, "bill": {"total": "30000"}})
    };
    for (situation, today) in [("discharged", "2026-12-05"), ("in_hospital", "2026-11-05")] {
        let e = run(&q(situation, today));
        assert_eq!(e.filing.status, yidi::estimate::FilingStatus::EndUnknown);
        let steps = common::steps_zh(&e);
        assert!(
            steps[0].starts_with("所持备案可能已到期：先查看备案截止日期"),
            "{steps:?}"
        );
    }
}

/// helper-75, R1.6: a waiver of unknown start while a filing can still be made: the steps say to file, as the verdict;
/// once filed after the visit, the verdict does not ask for the filing again.
#[test]
fn a_waiver_of_unknown_start_asks_for_a_filing_in_the_steps_too_r1_6() {
    let e = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "130600", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-12-10"},
        "situation": "in_hospital", "today": "2026-12-05", "bill": {"total": "30000"}
    }));
    let steps = common::steps_zh(&e);
    assert!(
        steps[0].starts_with("稳妥起见，出院结算前办好备案"),
        "{steps:?}"
    );
    let e = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "130600", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "filing": {"category": "temporary_other", "start": "2026-11-15", "area": "130600"},
        "situation": "discharged", "today": "2026-12-05", "bill": {"total": "30000"}
    }));
    assert!(
        !e.filing.message.zh.contains("请补办备案"),
        "{}",
        e.filing.message.zh
    );
}

/// helper-78, R6.1: childbirth with a filing made in time: the filing counts, but no direct settlement is promised
/// (the route is a claim whatever the filing).
#[test]
fn a_childbirth_filing_in_time_promises_no_direct_settlement_r6_1() {
    let e = run(&json!({
        "insured": {"region": "430100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "445200", "kind": "maternity", "hospital_level": "tertiary",
                  "admission": "2026-11-20", "discharge": "2026-11-28"},
        "filing": {"category": "temporary_other", "start": "2026-11-22", "filed_on": "2026-11-22", "area": "445200"},
        "bill": {"total": "8000"}, "situation": "discharged", "today": "2026-12-05"
    }));
    assert_eq!(e.settlement.route, yidi::estimate::Route::Manual);
    assert!(
        !e.filing.message.zh.contains("即可直接结算"),
        "{}",
        e.filing.message.zh
    );
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "maternity_direct_settlement_open")
        .unwrap();
    assert!(!w.message.zh.contains("出院前"), "{}", w.message.zh);
}
