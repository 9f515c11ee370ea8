//! Nothing misleads (issue 12): each case here failed before its fix. Rules: docs/rules.md.

mod common;
use common::{run, with};
use serde_json::json;
use yidi::estimate::{FilingReason, FilingStatus, Route};

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
    // Unfiled, so claimed at home: the papers to keep are an outpatient's (no 出院小结), and a pharmacy's.
    for kind in ["outpatient", "pharmacy"] {
        let e = run(&with(json!({
            "filing": null,
            "visit": {"kind": kind, "admission": null, "discharge": null, "date": "2025-03-01"},
            "overrides": {"deductible": "0", "ratio": "0.5"}
        })));
        assert!(!e.settlement.next_steps.is_empty());
        for step in &e.settlement.next_steps {
            assert!(!step.zh.contains("出院"), "{kind}: {}", step.zh);
        }
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

/// A temporary filing to 深圳 from `start`, with no end, for an admission on `admission`.
fn temporary_without_end(start: &str, admission: &str) -> serde_json::Value {
    with(json!({
        "filing": {"category": "temporary_other", "long_term_kind": null, "start": start, "area": "440300"},
        "visit": {"admission": admission, "discharge": null}
    }))
}

#[test]
fn a_filing_to_the_whole_province_covers_its_cities_r1_3a() {
    // The form offers 全省（广东省）: it used to give "备案地与就医地不符 → 视为未备案" whatever the city.
    for area in ["440000", "广东省", "广东"] {
        let e = run(&with(json!({"filing": {"area": area}})));
        assert_eq!(e.filing.status, FilingStatus::Valid, "{area}");
        assert_ne!(e.filing.reason, FilingReason::FilingAreaMismatch);
        assert_eq!(e.settlement.route, Route::Direct);
        let w: Vec<_> = e
            .warnings
            .iter()
            .filter(|w| w.code == "filing_area_whole_province")
            .collect();
        assert_eq!(w.len(), 1, "the reading taken is said: {:?}", e.warnings);
        assert!(w[0].message.zh.contains("广东省"), "{}", w[0].message.zh);
        assert!(
            w[0].message.en.contains("(Guangdong)"),
            "{}",
            w[0].message.en
        );
    }
    // Another province's whole-province filing still does not cover 深圳 (R1.3).
    let e = run(&with(json!({"filing": {"area": "420000"}})));
    assert_eq!(e.filing.reason, FilingReason::FilingAreaMismatch);
    // A city filing covers only that city: no whole-province warning.
    let e = run(&with(json!({})));
    assert!(e
        .warnings
        .iter()
        .all(|w| w.code != "filing_area_whole_province"));
}

#[test]
fn a_temporary_filing_without_its_end_is_never_expired_on_an_assumption_r1_9a() {
    // Within the national minimum (6 months from the start): valid, the assumption said.
    let e = run(&temporary_without_end("2025-01-01", "2025-06-30"));
    assert_eq!(e.filing.status, FilingStatus::Valid);
    assert!(e.warnings.iter().any(
        |w| w.code == "temporary_filing_end_assumed" && w.message.zh.contains("不少于 6 个月")
    ));
    // After it: the filing may have ended (regions give 6 to 24 months), not "备案已过期".
    let e = run(&temporary_without_end("2025-01-01", "2025-09-01"));
    assert_eq!(e.filing.status, FilingStatus::EndUnknown);
    assert!(
        e.filing.message.zh.contains("可能已到期"),
        "{}",
        e.filing.message.zh
    );
    assert!(
        e.filing.message.zh.contains("2025-06-30"),
        "{}",
        e.filing.message.zh
    );
    assert!(!e.filing.message.zh.contains("已过有效期"));
    // Estimated as not filed (the safe reading): a manual claim, and the way back to direct settlement said.
    assert_eq!(e.settlement.route, Route::Manual);
    assert!(e
        .settlement
        .next_steps
        .iter()
        .any(|s| s.zh.contains("出院结算前补办备案")));
    // An end entered decides: after it, expired.
    let mut q = temporary_without_end("2025-01-01", "2025-09-01");
    q["filing"]["end"] = json!("2025-06-30");
    assert_eq!(run(&q).filing.status, FilingStatus::Expired);
    q["filing"]["end"] = json!("2025-12-31");
    assert_eq!(run(&q).filing.status, FilingStatus::Valid);
}

#[test]
fn the_timeline_says_what_the_verdict_decided() {
    let o = |q: serde_json::Value| {
        let query = yidi::parse_query(&q.to_string()).unwrap();
        yidi::options::options(common::policies(), &query).unwrap()
    };
    let mut q = temporary_without_end("2025-01-01", "2025-09-01");
    q["situation"] = json!("in_hospital");
    q["today"] = json!("2025-09-03");
    let t = o(q).timeline;
    assert!(t.filing_end_assumed);
    assert_eq!(t.filing_end.as_deref(), Some("2025-06-30"));
    assert!(t.text.zh.contains("可能已到期"), "{}", t.text.zh);
    assert!(!t.text.zh.contains("已过期"), "{}", t.text.zh);
    // A filing for another area: the timeline does not call the admission "within the filing".
    let mut q = with(
        json!({"filing": {"area": "420100"}, "situation": "in_hospital", "today": "2025-03-05"}),
    );
    q["visit"]["discharge"] = serde_json::Value::Null;
    let t = o(q).timeline;
    assert!(t.text.zh.contains("备案地与就医地不符"), "{}", t.text.zh);
    // An unfiled emergency is deemed filed (R1.2), not "未备案".
    let t = o(with(
        json!({"filing": null, "visit": {"emergency": true}, "situation": "discharged",
                          "today": "2025-04-01"}),
    ))
    .timeline;
    assert!(t.text.zh.ends_with("急诊抢救视同已备案"), "{}", t.text.zh);
}

#[test]
fn lines_that_rest_on_a_typed_figure_are_marked_edited() {
    // An edited ratio: the fund's line and every line worked out from it are marked; the bill's own lines are not.
    let e = run(&with(json!({"overrides": {"ratio": "0.5"}})));
    let edited: Vec<_> = e.lines.iter().filter(|l| l.edited).map(|l| l.key).collect();
    assert_eq!(edited, ["fund", "coinsurance", "over_cap", "patient"]);
    // An edited deductible marks its own line on.
    let e = run(&with(json!({"overrides": {"deductible": "100"}})));
    assert_eq!(
        e.lines.iter().find(|l| l.edited).map(|l| l.key),
        Some("deductible")
    );
    // No edit, no mark (and none written out).
    let e = run(&with(json!({})));
    assert!(e.lines.iter().all(|l| !l.edited));
    let text = serde_json::to_string(&e).unwrap();
    assert!(!text.contains("\"edited\""));
}

#[test]
fn figures_of_unknown_start_are_said_once_per_day_first_seen() {
    // A 周口 resident's emergency in 上海: the deductible, the ratio and the cap rest on the same undated pages; they
    // were three bullets saying the same thing.
    let e = run(&json!({
        "insured": {"region": "411600", "scheme": "resident", "age": 60},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary", "emergency": true,
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "bill": {"total": "50000", "out_of_catalogue": "5000"}
    }));
    let w: Vec<_> = e
        .warnings
        .iter()
        .filter(|w| w.code == "figure_start_unknown")
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message.zh.starts_with("起付线、支付比例、封顶线"),
        "{}",
        w[0].message.zh
    );
    let mut codes: Vec<_> = e.warnings.iter().map(|w| (w.code, &w.message.zh)).collect();
    codes.dedup();
    assert_eq!(codes.len(), e.warnings.len(), "no warning twice");
}

#[test]
fn a_local_page_about_another_city_is_not_cited_to_the_person() {
    // A 周口 resident's emergency in 上海: the national cap on the cut was cited with a 昆明 guide that quotes it.
    let zhoukou = json!({
        "insured": {"region": "411600", "scheme": "resident", "age": 60},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary", "emergency": true,
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "bill": {"total": "50000", "out_of_catalogue": "5000"}
    });
    let e = run(&zhoukou);
    let cited = |e: &yidi::Estimate| {
        let mut ids: Vec<String> = e
            .settlement
            .sources
            .iter()
            .chain(e.filing.sources.iter())
            .chain(e.lines.iter().flat_map(|l| l.sources.iter()))
            .chain(e.parameters.iter().flat_map(|x| x.sources.iter()))
            .map(|s| s.id.to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let ids = cited(&e);
    assert!(!ids.contains(&"kunming-guide".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"nat-22-header".to_string()),
        "the national source stays: {ids:?}"
    );
    // A 昆明 person is cited their own city's guide.
    let mut kunming = zhoukou.clone();
    kunming["insured"]["region"] = json!("530100");
    let e = common::try_run(&kunming);
    if let Ok(e) = e {
        if e.settlement
            .adjustment
            .as_ref()
            .is_some_and(|a| a.sources.iter().any(|s| &*s.id == "nat-22-header"))
        {
            assert!(cited(&e).contains(&"kunming-guide".to_string()));
        }
    }
    // A document about 潍坊 with a 北京 example still evidences 北京's figure for a person treated in 北京.
    let e = run(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "bill": {"total": "10000", "class_b": {"amount": "2000"}},
        "overrides": {"deductible": "0", "ratio": "0.8"}
    }));
    assert!(
        cited(&e).contains(&"weifang-22".to_string()),
        "{:?}",
        cited(&e)
    );
}

#[test]
fn a_source_about_a_region_not_on_file_is_refused() {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../policies.json")).unwrap();
    v["sources"]["kunming-guide"]["regions"] = json!(["999900"]);
    let errors = yidi::Policies::load(&v.to_string()).expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.path == "sources.kunming-guide.regions[0]"
                && e.code.as_str() == "unknown_region"),
        "{errors:?}"
    );
}

#[test]
fn outpatient_and_pharmacy_answers_never_speak_of_discharge_in_any_situation() {
    // The words of the whole answer (verdict, route, next steps, warnings, options: titles, deadlines, timeline),
    // the sources' own titles aside.
    fn words(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| words(x, out)),
            serde_json::Value::Object(o) => o
                .iter()
                .filter(|(k, _)| k.as_str() != "sources")
                .for_each(|(_, x)| words(x, out)),
            _ => {}
        }
    }
    for kind in ["outpatient", "pharmacy", "chronic_outpatient"] {
        for situation in ["planning", "in_hospital", "discharged"] {
            let q = json!({
                "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
                "visit": {"region": "440300", "kind": kind, "chronic_disease": "diabetes",
                          "hospital_level": "tertiary", "date": "2026-11-20"},
                "bill": {"total": "1000"},
                "situation": situation,
                "today": "2026-11-21",
                "overrides": {"deductible": "0", "ratio": "0.5"}
            });
            let query = yidi::parse_query(&q.to_string()).unwrap();
            let a = yidi::analyze(common::policies(), &query).unwrap();
            assert!(a.options.is_some());
            let mut all = Vec::new();
            words(&serde_json::to_value(&a).unwrap(), &mut all);
            // A situation's name ("discharged": the one given, or the one the dates give) is a code, not a word to the
            // person.
            let codes = ["planning", "in_hospital", "discharged"];
            for w in all.into_iter().filter(|w| !codes.contains(&w.as_str())) {
                assert!(
                    !w.contains("出院") && !w.contains("入院") && !w.contains("discharge"),
                    "{kind} {situation}: {w}"
                );
            }
        }
    }
}

/// R1.7: nothing graded D stands alone, a waiver of filing included. 苏州 outpatients in 上海 "deemed filed" at 80% of
/// the ratio (S18, D alone), 成渝 and 成都's list (S16, S17, D alone) are leads: the visit is estimated as needing a
/// filing, with the lead named (it was "no need to file", the risky way for the person if the page is wrong); 京津冀
/// holds from its first grade-B report (2024-02-26), a lead before.
#[test]
fn an_arrangement_only_grade_d_pages_give_is_a_lead_not_a_waiver_r1_7() {
    let at = |insured: &str, treated: &str, date: &str| {
        run(&json!({
            "insured": {"region": insured, "scheme": "employee", "status": "employed"},
            "visit": {"region": treated, "kind": "outpatient", "hospital_level": "tertiary", "date": date},
            "bill": {"total": "1000"},
            "overrides": {"deductible": "0", "ratio": "0.7"}
        }))
    };
    let lead = |e: &yidi::Estimate| {
        e.warnings
            .iter()
            .any(|w| w.code == "arrangement_unconfirmed")
    };
    for (insured, treated, date) in [
        ("320500", "310000", "2025-05-10"),
        ("510100", "500000", "2022-10-10"),
        ("510100", "440100", "2026-03-01"),
        ("131000", "110000", "2023-06-01"),
    ] {
        let e = at(insured, treated, date);
        assert_eq!(
            e.filing.status,
            FilingStatus::Missing,
            "{insured} {treated} {date}"
        );
        assert!(e.filing.required);
        assert!(e.filing.arrangement.is_none());
        assert!(lead(&e), "{insured} {treated} {date}");
        // The lead's figure is not applied either (苏州's 80%): the usual unfiled treatment.
        assert!(!e
            .warnings
            .iter()
            .any(|w| w.code == "arrangement_figure_unconfirmed"));
    }
    let e = at("131000", "110000", "2024-02-26");
    assert_eq!(e.filing.status, FilingStatus::DeemedFiled);
    assert!(!lead(&e));
    // A confirmed arrangement is applied even where a D-only one for the same visit comes first in the data (成都 in
    // 重庆: 成渝 D, the southwest list C from 2023-02-07).
    let e = at("510100", "500000", "2025-05-10");
    assert_eq!(e.filing.status, FilingStatus::DeemedFiled);
    assert_eq!(
        e.filing.arrangement.as_deref(),
        Some("chengdu-southwest-outside")
    );
    assert!(!lead(&e));
    // Not said where the visit is covered another way (helper-40): an emergency rescue, a valid filing held.
    let covered = |patch: serde_json::Value| {
        let mut q = json!({
            "insured": {"region": "120000", "scheme": "employee", "status": "retired"},
            "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2023-06-10", "discharge": "2023-06-20"},
            "bill": {"total": "10000"}
        });
        common::merge(&mut q, &patch);
        run(&q)
    };
    let e = covered(json!({"visit": {"emergency": true}}));
    assert_eq!(e.filing.status, FilingStatus::DeemedFiled);
    assert!(!lead(&e));
    let e = covered(
        json!({"filing": {"category": "referral", "start": "2023-06-01", "end": "2023-12-01",
                                      "area": "110000"}}),
    );
    assert_eq!(e.filing.status, FilingStatus::Valid);
    assert!(!lead(&e));
    // In English, the arrangement by its English name, not its id.
    let mut q = json!({
        "insured": {"region": "510100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "500000", "kind": "outpatient", "hospital_level": "tertiary", "date": "2022-10-10"},
        "bill": {"total": "1000"}, "overrides": {"deductible": "0", "ratio": "0.7"}, "locale": "en"
    });
    let e = run(&q);
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "arrangement_unconfirmed")
        .unwrap();
    assert!(
        w.message.en.contains("Chengdu–Chongqing"),
        "{}",
        w.message.en
    );
    q["locale"] = serde_json::Value::Null;
    assert!(!run(&q)
        .warnings
        .iter()
        .any(|w| w.message.en.contains("chengyu-")));
}

/// A visit without a stay (an outpatient visit, a chronic disease's, a purchase at a pharmacy) is never told of
/// admission, discharge or a hospital stay, in any situation, with any filing status: the words were a stay's
/// ("出院结算后才补办备案", "已出院自费结算", "出院时已在医院直接结算").
#[test]
fn a_visit_without_a_stay_is_never_told_of_discharge() {
    fn words(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("zh" | "en", serde_json::Value::String(s)) => out.push(s.clone()),
                        _ => words(x, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| words(x, out)),
            _ => {}
        }
    }
    let filings = [
        json!(null),
        json!({"category": "temporary_other", "start": "2026-11-01", "area": "440300"}),
        json!({"category": "temporary_other", "start": "2026-11-20", "filed_on": "2026-11-25", "area": "440300"}),
        json!({"category": "temporary_other", "start": "2026-11-28", "filed_on": "2026-11-20", "area": "440300"}),
        json!({"category": "temporary_other", "start": "2025-01-01", "end": "2025-06-30", "area": "440300"}),
    ];
    let mut bad = std::collections::BTreeSet::new();
    for kind in ["outpatient", "pharmacy", "chronic_outpatient"] {
        for filing in &filings {
            for situation in ["planning", "in_hospital", "discharged"] {
                for networked in [true, false] {
                    let mut visit = json!({"region": "440300", "kind": kind, "date": "2026-11-22",
                        "networked": networked});
                    if kind != "pharmacy" {
                        visit["hospital_level"] = json!("tertiary");
                    }
                    if kind == "chronic_outpatient" {
                        visit["chronic_disease"] = json!("diabetes");
                    }
                    let q = json!({
                        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
                        "visit": visit, "filing": filing, "bill": {"total": "800"},
                        "situation": situation, "today": "2026-12-02"
                    });
                    let query = yidi::parse_query(&q.to_string()).unwrap();
                    let a = yidi::analyze(common::policies(), &query).unwrap();
                    let mut all = Vec::new();
                    words(&serde_json::to_value(&a).unwrap(), &mut all);
                    for w in all {
                        // Words for any visit ("入院（就诊）", "admission (visit)") are not a stay's.
                        let w = w.replace("入院（就诊）", "").replace("住院（或就诊）", "");
                        let lower = w.to_lowercase().replace("admission (visit)", "");
                        if ["出院", "入院", "住院"].iter().any(|x| w.contains(x))
                            || ["discharge", "admission", "admitted", "stay"]
                                .iter()
                                .any(|x| lower.contains(x))
                        {
                            bad.insert(w);
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A resident has no employed or retired status: one given is said not to be used, not dropped silently (helper-28 F9).
#[test]
fn a_residents_status_is_said_to_be_unused() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "resident", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-01", "discharge": "2025-03-15"},
        "bill": {"total": "30000"}
    });
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let v = yidi::verdict(common::policies(), &query).unwrap();
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == "status_not_for_residents"));
}

/// R1.6, R3.3: a cut that is the province's rule (浙江's 10 points, from 宁波's notice; 山东's 10% first, from 淄博's)
/// applied to a city with no table of its own (杭州, 青岛) is basis `province`, not the city's, and said with
/// `adjustment_province_wide` (it was labelled the region's own, without a word); 宁波, whose own table agrees, is
/// its own.
#[test]
fn a_province_wide_cut_is_not_labelled_the_citys_own() {
    let at = |insured: &str, treated: &str| {
        run(&json!({
            "insured": {"region": insured, "scheme": "employee", "status": "retired", "age": 66},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-10"},
            "bill": {"total": "30000", "out_of_catalogue": "10000"}
        }))
    };
    let basis = |e: &yidi::Estimate| {
        e.parameters
            .iter()
            .find(|x| x.name == "adjustment")
            .map(|x| x.basis)
    };
    let said = |e: &yidi::Estimate| {
        e.warnings
            .iter()
            .any(|w| w.code == "adjustment_province_wide")
    };
    for (insured, treated) in [("330100", "330300"), ("370200", "370100")] {
        let e = at(insured, treated);
        assert_eq!(
            basis(&e),
            Some(yidi::estimate::Basis::Province),
            "{insured}"
        );
        assert!(said(&e), "{insured}");
    }
    let e = at("330200", "330300");
    assert_eq!(basis(&e), Some(yidi::estimate::Basis::Region));
    assert!(!said(&e));
}

/// R3.3 (LOC): 杭州's own cut for other temporary visits across provinces is its source's 先自理20% (hunanyuer, C):
/// 13072.00 for a retiree's 30000 in 上海 (it was the national maximum of 20 points assumed, 12672.00, beside the very
/// source that gives 杭州's); within 浙江 the province's 10 points still stand, said as the province's.
#[test]
fn hangzhou_cross_province_temporary_visits_pay_20_percent_first() {
    let at = |treated: &str| {
        run(&json!({
            "insured": {"region": "330100", "scheme": "employee", "status": "retired", "age": 66},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-10"},
            "filing": {"category": "temporary_other", "start": "2025-02-01", "end": "2025-08-01", "area": treated},
            "bill": {"total": "30000", "out_of_catalogue": "10000"}
        }))
    };
    let e = at("310000");
    assert_eq!(e.fund_pays.to_string(), "13072.00");
    assert!(!e
        .warnings
        .iter()
        .any(|w| w.code == "adjustment_assumed_national_cap"));
    let within = at("330300");
    assert!(within
        .warnings
        .iter()
        .any(|w| w.code == "adjustment_province_wide"));
}

/// A resident has no personal account (R5.6e): a pharmacy purchase's warning names it to employees only (helper-43).
#[test]
fn a_resident_is_not_told_a_personal_account_may_pay() {
    let q = |scheme: &str| {
        let mut insured = json!({"region": "420100", "scheme": scheme});
        if scheme == "resident" {
            insured["age"] = json!(70);
        } else {
            insured["status"] = json!("retired");
        }
        json!({"insured": insured,
            "visit": {"region": "130100", "kind": "pharmacy", "date": "2025-06-01"},
            "bill": {"total": "300"}})
    };
    let said = |scheme: &str| {
        run(&q(scheme))
            .warnings
            .into_iter()
            .find(|w| w.code == "pharmacy_pooling_unknown")
            .map(|w| w.message.zh.to_string())
            .unwrap_or_default()
    };
    assert!(!said("resident").is_empty());
    assert!(
        !said("resident").contains("个人账户"),
        "{}",
        said("resident")
    );
    assert!(said("employee").contains("个人账户"));
}

/// A cut held to the national cap (R3.3, R3.5): the warning names the ratio the slip used, beside the data's own
/// description of the cut, which names the ratio before the cap (阜阳's referral "60%" above a slip at 75%; helper-43).
#[test]
fn a_cut_held_to_the_cap_names_the_ratio_used() {
    let e = run(&json!({
        "insured": {"region": "341200", "scheme": "resident", "age": 40},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "primary",
                  "admission": "2025-06-01", "discharge": "2025-06-05"},
        "filing": {"category": "referral", "start": "2025-05-01", "area": "310000"},
        "bill": {"total": "20000"}
    }));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "adjustment_limited_to_national_cap")
        .expect("the cap warning");
    let fund = e.lines.iter().find(|l| l.key == "fund").unwrap();
    let used = fund.formula.zh.rsplit("× ").next().unwrap().trim();
    assert!(
        w.message.zh.contains(used),
        "{} / {}",
        w.message.zh,
        fund.formula.zh
    );
    assert!(w.message.en.contains(used));
}

/// Within a province no national cap governs the cut (R3.3 caps cross-province visits): the cross-province maximum
/// assumed is said as the safe reading it is, not as the national rule (helper-43).
#[test]
fn within_a_province_the_assumed_cut_is_not_called_the_national_rule() {
    let q = |treated: &str| {
        json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "employed"},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-06-01", "discharge": "2025-06-10"},
            "bill": {"total": "10000"}
        })
    };
    let said = |treated: &str| {
        run(&q(treated))
            .warnings
            .into_iter()
            .find(|w| w.code == "adjustment_assumed_national_cap")
            .map(|w| (w.message.zh.to_string(), w.message.en.to_string()))
    };
    let (zh, en) = said("420500").expect("宜昌: the cut assumed");
    assert!(zh.contains("省内") && zh.contains("跨省"), "{zh}");
    assert!(en.contains("within the province"), "{en}");
    // The figure says so too (helper-58: it read "the national maximum").
    let figure = run(&q("420500"))
        .parameters
        .into_iter()
        .find(|p| p.name == "adjustment")
        .unwrap();
    assert!(figure.value.zh.contains("跨省"), "{}", figure.value.zh);
    assert!(
        figure.value.en.contains("cross-province"),
        "{}",
        figure.value.en
    );
    if let Some((zh, _)) = said("310000") {
        assert!(!zh.contains("省内"), "{zh}");
    }
}

/// A bill within the deductible: the fund's line shows why it is nothing (it read "0.00" alone; helper-44).
#[test]
fn a_bill_within_the_deductible_shows_why_the_fund_pays_nothing() {
    let e = run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440100", "kind": "chronic_outpatient", "chronic_disease": "高血压",
                  "hospital_level": "tertiary", "date": "2025-06-01"},
        "bill": {"total": "300"}
    }));
    let fund = e.lines.iter().find(|l| l.key == "fund").unwrap();
    assert_eq!(fund.amount.to_string(), "0.00");
    let deductible = e.lines.iter().find(|l| l.key == "deductible").unwrap();
    assert_eq!(
        fund.formula.zh,
        format!("300.00 − {} = 0.00", deductible.amount)
    );
}

/// A cut held to the national cap: the answer's header (its settlement's adjustment) names the ratio the slip used,
/// in the estimate and in analyze (helper-45: "60%" above a slip at 75%).
#[test]
fn the_header_of_a_cut_held_to_the_cap_names_the_ratio_used() {
    let q = json!({
        "insured": {"region": "341200", "scheme": "resident", "age": 50},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "primary",
                  "admission": "2025-03-01", "discharge": "2025-03-15"},
        "filing": {"category": "referral", "start": "2025-02-01", "end": "2025-12-31", "area": "440300"},
        "bill": {"total": "30000", "out_of_catalogue": "2000"}
    });
    let e = run(&q);
    let fund = e.lines.iter().find(|l| l.key == "fund").unwrap();
    let used = fund
        .formula
        .zh
        .rsplit("× ")
        .next()
        .unwrap()
        .trim()
        .to_string();
    let header = &e.settlement.adjustment.as_ref().unwrap().description;
    assert!(
        header.zh.contains(&used),
        "{} / {}",
        header.zh,
        fund.formula.zh
    );
    let a = yidi::analyze(
        common::policies(),
        &yidi::parse_query(&q.to_string()).unwrap(),
    )
    .unwrap();
    let header = &a.settlement.adjustment.as_ref().unwrap().description;
    assert!(header.zh.contains(&used), "{}", header.zh);
}

/// More filings than are read: the error says the limit (it read "多份备案的取值无效"; helper-45).
#[test]
fn too_many_filings_says_the_limit() {
    let one = json!({"category": "temporary_other", "start": "2025-01-01", "area": "440300"});
    let e = common::try_run(&with(json!({"filing": null, "filings": vec![one; 9]}))).unwrap_err();
    assert_eq!(e.path, "filings");
    assert!(e.message.zh.contains("最多填写 8 份"), "{}", e.message.zh);
}
