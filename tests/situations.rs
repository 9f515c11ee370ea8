//! The situations of issue 13 (first half), table-driven, each case naming its rule in docs/rules.md and the source the
//! rule rests on, with a worked case per situation reproduced to the fen:
//! 1. residents' waiting period (R6.2, S37 国办发〔2024〕38号);
//! 3. several filings held at once (R1.13, S47);
//! 4. designated, non-designated and non-networked institutions (R1.16, S23; R1.5, S7);
//! 6. childbirth (R6.1, S40, S41);
//! 9. long-term filers treated back home (R1.12, S2).

mod common;
use common::{line, run, try_run, with};
use serde_json::{json, Value};
use yidi::{Estimate, Policies};

fn text<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn codes(e: &Estimate) -> Vec<&'static str> {
    e.warnings.iter().map(|w| w.code).collect()
}

fn reason(e: &Estimate) -> String {
    e.settlement.reason.map(text).unwrap_or_default()
}

/// The embedded policies with a patch applied to the file (an access table, for instance), loaded and validated.
fn policies_with(patch: impl FnOnce(&mut Value)) -> Policies {
    let mut v: Value = serde_json::from_str(include_str!("../policies.json")).unwrap();
    patch(&mut v);
    Policies::load(&v.to_string()).expect("the patched policies load")
}

fn run_with(p: &Policies, q: &Value) -> Estimate {
    let query = yidi::parse_query(&q.to_string()).expect("the query reads");
    yidi::estimate(p, &query).unwrap_or_else(|e| panic!("{e}: {q}"))
}

/// 宁波 resident in 宁波 with E4's figures entered (deductible 1200, 70%), bill of E4.
fn ningbo_resident() -> Value {
    json!({
        "insured": {"region": "330200", "scheme": "resident"},
        "visit": {"region": "330200", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-06-20", "discharge": "2025-06-30"},
        "bill": {"total": "22000", "out_of_catalogue": "1500", "class_b": {"prepay_amount": "500"}},
        "overrides": {"deductible": "1200", "ratio": "0.7"}
    })
}

fn patch(mut q: Value, p: Value) -> Value {
    common::merge(&mut q, &p);
    q
}

// 1. Waiting period (R6.2).

struct Wait {
    rule: &'static str,
    patch: Value,
    route: &'static str,
    reason: &'static str,
    warning: Option<&'static str>,
}

#[test]
fn residents_wait_before_benefits_start() {
    let cases = [
        Wait { rule: "R6.2 (S37) late enrolment, 2 years lapsed: 3 + 2 months; admitted the day before → not covered",
            patch: json!({"insured": {"enrolled_on": "2025-01-20", "lapsed_years": 2}, "visit": {"admission": "2025-06-19"}}),
            route: "not_covered", reason: "waiting_period", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 (S37) the same on the day benefits start → covered",
            patch: json!({"insured": {"enrolled_on": "2025-01-20", "lapsed_years": 2}, "visit": {"admission": "2025-06-20"}}),
            route: "local", reason: "", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 (S37) a late enrolment without a lapse waits the fixed 3 months",
            patch: json!({"insured": {"enrolled_on": "2025-03-21"}, "visit": {"admission": "2025-06-20"}}),
            route: "not_covered", reason: "waiting_period", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 (S37) 3 months from 2025-03-20 end on 2025-06-20: covered that day",
            patch: json!({"insured": {"enrolled_on": "2025-03-20", "lapsed_years": 0}}),
            route: "local", reason: "", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 (S37), R1.9a: from the last day of a month, the wait ends on the last day of the later month (June has no 31st)",
            patch: json!({"insured": {"enrolled_on": "2025-03-31"}, "visit": {"admission": "2025-06-30"}}),
            route: "not_covered", reason: "waiting_period", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 (S37), R1.9a: … and benefits start the next day",
            patch: json!({"insured": {"enrolled_on": "2025-03-31"}, "visit": {"admission": "2025-07-01", "discharge": "2025-07-10"}}),
            route: "local", reason: "", warning: Some("waiting_period_derived") },
        Wait { rule: "R6.2 benefits_from given is taken as is, and wins over a derived day",
            patch: json!({"insured": {"benefits_from": "2025-06-21", "enrolled_on": "2024-01-01"}}),
            route: "not_covered", reason: "waiting_period", warning: None },
        Wait { rule: "R6.2 an employee's given benefits_from applies too",
            patch: json!({"insured": {"scheme": "employee", "status": "employed", "benefits_from": "2025-07-01"}}),
            route: "not_covered", reason: "waiting_period", warning: None },
        Wait { rule: "R6.2 (S38) employees' waiting periods are regional: none derived, a warning asks for the day",
            patch: json!({"insured": {"scheme": "employee", "status": "employed", "enrolled_on": "2025-06-01", "lapsed_years": 3}}),
            route: "local", reason: "", warning: Some("waiting_period_employee") },
        Wait { rule: "R6.2 (S37) an enrolment before 2025 falls under the region's earlier rule: none derived, a warning",
            patch: json!({"insured": {"enrolled_on": "2024-12-31", "lapsed_years": 1}, "visit": {"admission": "2025-01-10"}}),
            route: "local", reason: "", warning: Some("waiting_period_unknown") },
        Wait { rule: "R6.2 (S37) newborns wait none",
            patch: json!({"insured": {"age": 0, "enrolled_on": "2025-06-01"}}),
            route: "local", reason: "", warning: Some("waiting_period_newborn") },
        Wait { rule: "R1.14 enrolled: false stays the plain lapse",
            patch: json!({"insured": {"enrolled": false}}),
            route: "not_covered", reason: "not_enrolled", warning: None },
    ];
    for c in cases {
        let e = run(&patch(ningbo_resident(), c.patch.clone()));
        assert_eq!(text(e.settlement.route), c.route, "{}", c.rule);
        assert_eq!(reason(&e), c.reason, "{}", c.rule);
        if let Some(w) = c.warning {
            assert!(codes(&e).contains(&w), "{}: {:?}", c.rule, codes(&e));
        }
        if c.route == "not_covered" {
            assert_eq!(e.fund_pays.to_string(), "0.00", "{}", c.rule);
            assert_eq!(e.second_layer_pays.to_string(), "0.00", "{}", c.rule);
        }
    }
}

#[test]
fn waiting_period_inputs_are_checked() {
    let cases = [
        (
            json!({"insured": {"lapsed_years": 2}}),
            "missing_field",
            "insured.enrolled_on",
        ),
        (
            json!({"insured": {"enrolled_on": "2025-01-01", "lapsed_years": 121}}),
            "invalid_value",
            "insured.lapsed_years",
        ),
        (
            json!({"insured": {"enrolled_on": "2025-02-30"}}),
            "invalid_date",
            "insured.enrolled_on",
        ),
        (
            json!({"insured": {"benefits_from": "soon"}}),
            "invalid_date",
            "insured.benefits_from",
        ),
        (
            json!({"insured": {"lapsed_years": -1}}),
            "invalid_value",
            "insured.lapsed_years",
        ),
    ];
    for (p, code, path) in cases {
        let e = try_run(&patch(ningbo_resident(), p.clone())).expect_err("refused");
        assert_eq!((e.code.as_str(), e.path.as_str()), (code, path), "{p}");
    }
}

/// Worked case (R6.2, S37; figures of E4): a 宁波 resident enrolled on 2025-02-20 after one year unpaid waits
/// 3 + 1 = 4 months: benefits start on 2025-06-20. Admitted on 2025-06-19 the fund pays 0.00 and the patient
/// 22000.00; admitted on 2025-06-20, (22000 − 1500 − 500 − 1200) × 70% = 13160.00 and the patient 8840.00.
#[test]
fn worked_case_waiting_period() {
    let q = patch(
        ningbo_resident(),
        json!({"insured": {"enrolled_on": "2025-02-20", "lapsed_years": 1}}),
    );
    let before = run(&patch(
        q.clone(),
        json!({"visit": {"admission": "2025-06-19"}}),
    ));
    assert_eq!(
        (
            before.fund_pays.to_string(),
            before.patient_pays.to_string()
        ),
        ("0.00".into(), "22000.00".into())
    );
    assert_eq!(reason(&before), "waiting_period");
    assert!(before.settlement.message.zh.contains("2025-06-20"));
    let on = run(&q);
    assert_eq!(
        (on.fund_pays.to_string(), on.patient_pays.to_string()),
        ("13160.00".into(), "8840.00".into())
    );
    let w = on
        .warnings
        .iter()
        .find(|w| w.code == "waiting_period_derived")
        .expect("the derived day is said");
    assert!(w.message.zh.contains("2025-06-20") && w.message.en.contains("4 months"));
    assert!(!w.message.zh_hant.is_empty());
}

/// A wait in months ends as R1.9a counts months: enrolled on a day the last month lacks (the 29th to 31st), benefits
/// start on the next month's first, never on its last day, which would shorten the wait (helper-28 F4).
#[test]
fn a_wait_ending_in_a_shorter_month_starts_benefits_on_the_next_day_r6_2() {
    for (enrolled, last_uncovered, first_covered) in [
        ("2025-11-28", "2026-02-27", "2026-02-28"),
        ("2025-11-29", "2026-02-28", "2026-03-01"),
        ("2025-11-30", "2026-02-28", "2026-03-01"),
        ("2025-01-31", "2025-04-30", "2025-05-01"),
        ("2025-02-15", "2025-05-14", "2025-05-15"),
    ] {
        let q = patch(
            ningbo_resident(),
            json!({"insured": {"enrolled_on": enrolled, "lapsed_years": 0}}),
        );
        let at = |day: &str| {
            run(&patch(
                q.clone(),
                json!({"visit": {"admission": day, "discharge": null}}),
            ))
        };
        assert_eq!(reason(&at(last_uncovered)), "waiting_period", "{enrolled}");
        let on = at(first_covered);
        assert_eq!(reason(&on), "", "{enrolled}");
        assert!(on
            .warnings
            .iter()
            .any(|w| w.code == "waiting_period_derived" && w.message.zh.contains(first_covered)));
    }
}

// 3. Several filings (R1.13).

fn long_term_shenzhen() -> Value {
    json!({"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01", "area": "440300"})
}
fn referral_guangzhou() -> Value {
    json!({"category": "referral", "start": "2025-02-01", "end": "2025-08-01", "area": "440100"})
}

struct Choice {
    rule: &'static str,
    visit: &'static str,
    filings: Value,
    used: Option<usize>,
    category: &'static str,
    status: &'static str,
}

#[test]
fn the_filing_that_applies_is_chosen_and_named() {
    let cases = [
        Choice { rule: "R1.13 (S47) a long-term filer referred elsewhere: the referral applies there",
            visit: "440100", filings: json!([long_term_shenzhen(), referral_guangzhou()]), used: Some(1), category: "referral", status: "valid" },
        Choice { rule: "R1.13 at the filed place the long-term filing applies",
            visit: "440300", filings: json!([long_term_shenzhen(), referral_guangzhou()]), used: Some(0), category: "long_term", status: "valid" },
        Choice { rule: "R1.13 the order given does not matter, only the index named",
            visit: "440100", filings: json!([referral_guangzhou(), long_term_shenzhen()]), used: Some(0), category: "referral", status: "valid" },
        Choice { rule: "R1.13/R3.3 two filings for the same place: the smaller national cut (referral before other temporary)",
            visit: "440100", filings: json!([{"category": "temporary_other", "start": "2025-01-01", "area": "440100"}, referral_guangzhou()]),
            used: Some(1), category: "referral", status: "valid" },
        Choice { rule: "R1.13/R1.10 an expired filing gives way to a valid one",
            visit: "440100", filings: json!([{"category": "referral", "start": "2024-01-01", "end": "2024-07-01", "area": "440100"},
                                             {"category": "temporary_other", "start": "2025-01-01", "area": "440100"}]),
            used: Some(1), category: "temporary_other", status: "valid" },
        Choice { rule: "R1.13/R1.11 none valid at admission: a filing made before discharge still settles directly",
            visit: "440100", filings: json!([{"category": "referral", "start": "2024-01-01", "end": "2024-07-01", "area": "440100"},
                                             {"category": "referral", "start": "2025-03-10", "area": "440100"}]),
            used: Some(1), category: "referral", status: "late_before_discharge" },
        Choice { rule: "R1.13/R1.3 no filing covers the place: not filed, none named",
            visit: "310000", filings: json!([long_term_shenzhen(), referral_guangzhou()]), used: None, category: "unfiled", status: "missing" },
        Choice { rule: "R1.13 an empty list is no filing",
            visit: "440300", filings: json!([]), used: None, category: "unfiled", status: "missing" },
    ];
    for c in cases {
        let q = with(json!({"filing": null, "filings": c.filings, "visit": {"region": c.visit}}));
        let e = run(&q);
        assert_eq!(
            e.filing.filing_used.as_ref().map(|u| u.index),
            c.used,
            "{}",
            c.rule
        );
        assert_eq!(text(e.settlement.category), c.category, "{}", c.rule);
        assert_eq!(text(e.filing.status), c.status, "{}", c.rule);
        if let Some(u) = &e.filing.filing_used {
            assert_eq!(
                text(u.category),
                text(e.settlement.category).replace("unfiled", ""),
                "{}",
                c.rule
            );
            assert!(
                u.message.zh.contains(&format!("第 {} 份", u.index + 1)),
                "{}: {}",
                c.rule,
                u.message.zh
            );
            assert!(!u.message.en.is_empty() && !u.message.zh_hant.is_empty());
        }
    }
}

#[test]
fn one_filing_or_a_list_of_one_give_the_same_estimate() {
    let single = run(&common::base());
    let listed = run(&with(
        json!({"filing": null, "filings": [long_term_shenzhen()]}),
    ));
    assert_eq!(single.fund_pays, listed.fund_pays);
    assert_eq!(single.patient_pays, listed.patient_pays);
    assert_eq!(single.filing.status, listed.filing.status);
    assert_eq!(single.filing.filing_used.as_ref().map(|u| u.index), Some(0));
}

#[test]
fn filing_and_filings_together_are_refused() {
    let cases = [
        (
            json!({"filings": [referral_guangzhou()]}),
            "filing_and_filings",
            "filings",
        ),
        (
            json!({"filing": null, "filings": [long_term_shenzhen(), {"category": "referral", "start": "2025-02-01", "end": "2025-01-01", "area": "440100"}]}),
            "filing_end_before_start",
            "filings[1].end",
        ),
        (
            json!({"filing": null, "filings": [{"category": "referral", "start": "2025-02-01", "area": "nowhere"}]}),
            "unknown_region",
            "filings[0].area",
        ),
        (
            json!({"filing": null, "filings": vec![long_term_shenzhen(); 9]}),
            "invalid_value",
            "filings",
        ),
    ];
    for (p, code, path) in cases {
        let e = try_run(&with(p.clone())).expect_err("refused");
        assert_eq!((e.code.as_str(), e.path.as_str()), (code, path), "{p}");
        assert!(!e.message.zh.is_empty() && !e.message.en.is_empty());
    }
}

/// Worked case (R1.13, R3.3; E1's figures: 武汉 retiree, tertiary, deductible 800, 88.8%): holding a long-term filing
/// for 深圳 and a referral to 广州, a stay in 深圳 is long-term: (20000 − 800) × 88.8% = 17049.60; in 广州 it is a
/// referral, and 武汉 publishes no cut, so the national 10 points: (20000 − 800) × 78.8% = 15129.60, patient 14870.40.
#[test]
fn worked_case_two_filings() {
    let filings = json!([referral_guangzhou(), long_term_shenzhen()]);
    let shenzhen = run(&with(json!({"filing": null, "filings": filings})));
    assert_eq!(shenzhen.fund_pays.to_string(), "17049.60");
    assert_eq!(
        shenzhen.filing.filing_used.as_ref().map(|u| u.index),
        Some(1)
    );
    let guangzhou = run(&with(
        json!({"filing": null, "filings": filings, "visit": {"region": "440100"}}),
    ));
    assert_eq!(
        (
            guangzhou.fund_pays.to_string(),
            guangzhou.patient_pays.to_string()
        ),
        ("15129.60".into(), "14870.40".into())
    );
    assert_eq!(line(&guangzhou, "coinsurance"), "4070.40");
}

// 4. Designated institutions (R1.16, R1.5).

struct Inst {
    rule: &'static str,
    patch: Value,
    route: &'static str,
    reason: &'static str,
    warning: Option<&'static str>,
}

#[test]
fn designated_networked_and_neither() {
    let cases = [
        Inst { rule: "R1.5 (S7) no `designated`: as before, a networked visit settles directly",
            patch: json!({}), route: "direct", reason: "", warning: None },
        Inst { rule: "R1.5 (S7) no `designated`, not networked: a manual claim, as before",
            patch: json!({"visit": {"networked": false}}), route: "manual", reason: "", warning: None },
        Inst { rule: "R1.16 designated and networked: direct",
            patch: json!({"visit": {"designated": true}}), route: "direct", reason: "", warning: None },
        Inst { rule: "R1.16/R1.5 designated, not networked: a manual claim at home",
            patch: json!({"visit": {"designated": true, "networked": false}}), route: "manual", reason: "", warning: None },
        Inst { rule: "R1.16 (S23) not designated, no rule on file: nothing, the safe reading, said",
            patch: json!({"visit": {"designated": false}}), route: "not_covered", reason: "not_designated", warning: Some("non_designated_rule_unknown") },
        Inst { rule: "R1.16 not designated overrides `networked: true`",
            patch: json!({"visit": {"designated": false, "networked": true}}), route: "not_covered", reason: "not_designated", warning: Some("non_designated_rule_unknown") },
        Inst { rule: "R1.16 an emergency at a non-designated institution, no rule on file: nothing, with the warning",
            patch: json!({"filing": null, "visit": {"designated": false, "emergency": true}}), route: "not_covered", reason: "not_designated", warning: Some("non_designated_rule_unknown") },
        Inst { rule: "R1.16 (S23) 常州 pays nothing at a non-designated institution (its rule on file, no warning)",
            patch: json!({"insured": {"region": "320400"}, "filing": {"area": "440300"}, "visit": {"designated": false}}), route: "not_covered", reason: "not_designated", warning: None },
        Inst { rule: "R1.16 at home too: a non-designated institution is not paid",
            patch: json!({"filing": null, "visit": {"region": "420100", "designated": false}}), route: "not_covered", reason: "not_designated", warning: Some("non_designated_rule_unknown") },
    ];
    for c in cases {
        let e = run(&with(c.patch.clone()));
        assert_eq!(text(e.settlement.route), c.route, "{}", c.rule);
        assert_eq!(reason(&e), c.reason, "{}", c.rule);
        match c.warning {
            Some(w) => assert!(codes(&e).contains(&w), "{}: {:?}", c.rule, codes(&e)),
            None => assert!(
                !codes(&e).contains(&"non_designated_rule_unknown"),
                "{}",
                c.rule
            ),
        }
        if c.reason == "not_designated" {
            assert_eq!(e.fund_pays.to_string(), "0.00", "{}", c.rule);
        }
    }
    // 常州's rule is cited.
    let cz = run(&with(
        json!({"insured": {"region": "320400"}, "visit": {"designated": false}}),
    ));
    assert!(cz
        .settlement
        .sources
        .iter()
        .any(|s| &*s.id == "liyang-reply-2024"));
}

#[test]
fn old_queries_read_exactly_as_before() {
    // `designated` absent and `designated: null` are the same query; the estimate is the same JSON.
    for p in [
        json!({}),
        json!({"visit": {"networked": false}}),
        json!({"visit": {"emergency": true}, "filing": null}),
    ] {
        let q = with(p.clone());
        let mut explicit = q.clone();
        explicit["visit"]["designated"] = Value::Null;
        let a = serde_json::to_value(run(&q)).unwrap();
        let b = serde_json::to_value(run(&explicit)).unwrap();
        assert_eq!(a, b, "{p}");
        assert_eq!(a["settlement"]["reason"], Value::Null);
    }
}

/// A region whose rules pay an emergency at a non-designated institution by a claim at home (R1.16 "where the rules
/// say so"), given as data: the emergency is a manual claim, anything else is not paid.
#[test]
fn a_region_that_pays_emergencies_at_non_designated_institutions() {
    let p = policies_with(|v| {
        v["access"]
            .as_array_mut()
            .unwrap()
            .push(json!({"region": "420100", "versions": [
            {"from": "2024-01-01", "sources": ["kunming-guide"], "last_verified": "2026-12-02",
             "non_designated": "nothing", "non_designated_emergency": "manual_claim"}]}));
    });
    let emergency = run_with(
        &p,
        &with(json!({"filing": null, "visit": {"designated": false, "emergency": true}})),
    );
    assert_eq!(text(emergency.settlement.route), "manual");
    assert!(!codes(&emergency).contains(&"non_designated_rule_unknown"));
    let planned = run_with(&p, &with(json!({"visit": {"designated": false}})));
    assert_eq!(reason(&planned), "not_designated");
}

/// Worked case (R1.16, R1.5; E1's figures): the same stay in a designated networked hospital, the fund pays
/// (20000 − 800) × 88.8% = 17049.60 at the hospital; designated but not networked, the same 17049.60 comes back by a
/// claim at home; not designated, nothing: the patient bears 30000.00.
#[test]
fn worked_case_designated() {
    let direct = run(&with(json!({"visit": {"designated": true}})));
    assert_eq!(direct.fund_pays.to_string(), "17049.60");
    let manual = run(&with(
        json!({"visit": {"designated": true, "networked": false}}),
    ));
    assert_eq!(text(manual.settlement.route), "manual");
    assert_eq!(manual.fund_pays.to_string(), "17049.60");
    let none = run(&with(json!({"visit": {"designated": false}})));
    assert_eq!(
        (none.fund_pays.to_string(), none.patient_pays.to_string()),
        ("0.00".into(), "30000.00".into())
    );
}

// 6. Childbirth (R6.1).

fn maternity() -> Value {
    json!({"insured": {"status": "employed"}, "visit": {"kind": "maternity"}})
}

#[test]
fn childbirth() {
    struct Birth {
        rule: &'static str,
        patch: Value,
        route: &'static str,
        category: &'static str,
        status: &'static str,
        warnings: &'static [&'static str],
    }
    let cases = [
        Birth { rule: "R6.1 (S40, S41) away from home with a valid filing: direct settlement not established, a claim at home",
            patch: json!({}), route: "manual", category: "long_term", status: "valid",
            warnings: &["maternity_direct_settlement_open", "maternity_inpatient_figures"] },
        Birth { rule: "R6.1 at home: settled locally, with the inpatient figures",
            patch: json!({"filing": null, "visit": {"region": "420100"}}), route: "local", category: "local", status: "not_required",
            warnings: &["maternity_inpatient_figures"] },
        Birth { rule: "R6.1 (S41) a childbirth filing covers childbirth: category maternity, other temporary's treatment",
            patch: json!({"filing": {"category": "maternity", "long_term_kind": null, "start": "2025-01-01"}}), route: "manual", category: "maternity", status: "valid",
            warnings: &["maternity_filing_treated_as_temporary", "adjustment_assumed_national_cap"] },
        Birth { rule: "R6.1 prenatal care: a single date",
            patch: json!({"visit": {"admission": null, "discharge": null, "date": "2025-02-10"}}), route: "manual", category: "long_term", status: "valid",
            warnings: &["maternity_direct_settlement_open"] },
        Birth { rule: "R6.1 figures entered: no warning about the inpatient figures",
            patch: json!({"overrides": {"deductible": "800", "ratio": "0.888"}}), route: "manual", category: "long_term", status: "valid",
            warnings: &["maternity_direct_settlement_open"] },
    ];
    for c in cases {
        let q = patch(with(maternity()), c.patch.clone());
        let e = run(&q);
        assert_eq!(text(e.settlement.route), c.route, "{}", c.rule);
        assert_eq!(text(e.settlement.category), c.category, "{}", c.rule);
        assert_eq!(text(e.filing.status), c.status, "{}", c.rule);
        for w in c.warnings {
            assert!(
                codes(&e).contains(w),
                "{}: {w} not in {:?}",
                c.rule,
                codes(&e)
            );
        }
        if !c.rule.contains("figures entered") {
            continue;
        }
        assert!(
            !codes(&e).contains(&"maternity_inpatient_figures"),
            "{}",
            c.rule
        );
    }
    // A childbirth filing does not cover another kind of visit (R6.1).
    let other = run(&with(
        json!({"filing": {"category": "maternity", "long_term_kind": null}}),
    ));
    assert_eq!(text(other.filing.reason), "filing_kind_mismatch");
    assert_eq!(text(other.settlement.category), "unfiled");
    // An emergency "filing" records one emergency rescue (R1.2): a later visit that is no emergency is not covered
    // (it was settled directly as an emergency, with the 6-month validity of a temporary filing); the emergency
    // itself is.
    let later = run(&with(
        json!({"filing": {"category": "emergency", "long_term_kind": null}}),
    ));
    assert_eq!(text(later.filing.reason), "filing_kind_mismatch");
    assert_eq!(text(later.settlement.category), "unfiled");
    assert_eq!(text(later.settlement.route), "manual");
    let rescue = run(&with(
        json!({"filing": {"category": "emergency", "long_term_kind": null}, "visit": {"emergency": true}}),
    ));
    assert_eq!(text(rescue.settlement.category), "emergency");
    assert_eq!(text(rescue.settlement.route), "direct");
    // A childbirth with neither an admission nor a date is refused at the date.
    let e = try_run(&patch(
        with(maternity()),
        json!({"visit": {"admission": null, "discharge": null}}),
    ))
    .expect_err("no date");
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("missing_field", "visit.date")
    );
}

/// Worked case (R6.1; E1's bill, the figures entered as overrides: deductible 800, 88.8%): a childbirth in 深圳 under
/// a long-term filing is paid in full and claimed at home: (20000 − 800) × 88.8% = 17049.60 back, the patient bears
/// 12950.40. Under a childbirth filing the insured region publishes no treatment for, other temporary's national
/// 20 points: (20000 − 800) × 68.8% = 13209.60.
#[test]
fn worked_case_childbirth() {
    let figures = json!({"overrides": {"deductible": "800", "ratio": "0.888"}});
    let filed = run(&patch(with(maternity()), figures.clone()));
    assert_eq!(text(filed.settlement.route), "manual");
    assert_eq!(
        (filed.fund_pays.to_string(), filed.patient_pays.to_string()),
        ("17049.60".into(), "12950.40".into())
    );
    let birth_filing = run(&patch(
        with(maternity()),
        patch(
            figures,
            json!({"filing": {"category": "maternity", "long_term_kind": null}}),
        ),
    ));
    assert_eq!(birth_filing.fund_pays.to_string(), "13209.60");
}

// 9. Long-term filers back home (R1.12).

#[test]
fn long_term_filers_treated_at_home() {
    struct Home {
        rule: &'static str,
        patch: Value,
        category: &'static str,
        fund: &'static str,
        warning: Option<&'static str>,
    }
    let home = json!({"visit": {"region": "420100"}});
    let cases = [
        Home { rule: "R1.12 (S2) a long-term filer at home, no rule of the region: the national floor, the referral level (−10 points)",
            patch: json!({}), category: "long_term_at_home", fund: "15129.60", warning: Some("long_term_home_assumed_referral") },
        Home { rule: "R1.12 without a filing: a local visit, the local level",
            patch: json!({"filing": null}), category: "local", fund: "17049.60", warning: None },
        Home { rule: "R1.12/R1.10 a long-term filing not yet started at admission: a local visit",
            patch: json!({"filing": {"start": "2025-04-01"}}), category: "local", fund: "17049.60", warning: None },
        Home { rule: "R1.12 a temporary filing elsewhere does not make a long-term filer",
            patch: json!({"filing": {"category": "referral", "long_term_kind": null, "start": "2025-01-01"}}), category: "local", fund: "17049.60", warning: None },
        Home { rule: "R1.12/R1.13 among several filings, the long-term one decides at home and is named",
            patch: json!({"filing": null, "filings": [referral_guangzhou(), long_term_shenzhen()]}), category: "long_term_at_home", fund: "15129.60", warning: Some("long_term_home_assumed_referral") },
    ];
    for c in cases {
        let e = run(&patch(with(home.clone()), c.patch.clone()));
        assert_eq!(text(e.settlement.route), "local", "{}", c.rule);
        assert_eq!(text(e.settlement.category), c.category, "{}", c.rule);
        assert_eq!(e.fund_pays.to_string(), c.fund, "{}", c.rule);
        if let Some(w) = c.warning {
            assert!(codes(&e).contains(&w), "{}: {:?}", c.rule, codes(&e));
            assert!(e.filing.filing_used.is_some(), "{}", c.rule);
        }
    }
}

/// A region whose data pays long-term filers the full local level at home (R1.12): no cut, no warning.
#[test]
fn a_region_that_pays_long_term_filers_in_full_at_home() {
    let p = policies_with(|v| {
        v["access"].as_array_mut().unwrap().push(json!({"region": "420000", "versions": [
            {"from": "2024-01-01", "sources": ["kunming-guide"], "last_verified": "2026-12-02", "long_term_at_home": "local"}]}));
    });
    let e = run_with(&p, &with(json!({"visit": {"region": "420100"}})));
    assert_eq!(text(e.settlement.category), "long_term_at_home");
    assert!(e.settlement.adjustment.is_none());
    assert_eq!(e.fund_pays.to_string(), "17049.60");
    assert!(!codes(&e).contains(&"long_term_home_assumed_referral"));
}

/// Worked case (R1.12, S2; E1's figures): the 武汉 retiree filed long-term to 深圳 is treated back in 武汉. 武汉
/// publishes neither its home rule nor a referral cut, so the national floor and cap: (20000 − 800) × (88.8% − 10%)
/// = 15129.60, patient 14870.40 — against 17049.60 for a local visit without the filing.
#[test]
fn worked_case_long_term_filer_at_home() {
    let e = run(&with(json!({"visit": {"region": "420100"}})));
    assert_eq!(
        (e.fund_pays.to_string(), e.patient_pays.to_string()),
        ("15129.60".into(), "14870.40".into())
    );
    assert_eq!(
        e.settlement.adjustment.as_ref().map(|a| a.op.as_str()),
        Some("pp_reduction")
    );
    // The national floor's sources as cited to a 武汉 person: the national one; the 昆明 guide that quotes 22号 is a
    // page about another city (issue 12: sources concern the person's regions or the nation).
    let cited: Vec<&str> = e
        .settlement
        .adjustment
        .as_ref()
        .unwrap()
        .sources
        .iter()
        .map(|s| &*s.id)
        .collect();
    assert!(cited.contains(&"nat-22-english"), "{cited:?}");
    assert!(!cited.contains(&"kunming-guide"), "{cited:?}");
}

/// The coverage listing (数据覆盖) shows who is paid where beyond filing (R1.16, S23): 常州's rule, its grade and date.
#[test]
fn the_coverage_listing_shows_the_access_rules() {
    let entries = yidi::coverage::coverage(common::policies());
    let cz = entries.iter().find(|e| e.code == "320400").expect("常州");
    let a = cz.access.as_ref().expect("常州's access rule");
    assert_eq!(text(a.non_designated), "nothing");
    assert!(a.long_term_at_home.is_none() && !a.inherited);
    assert_eq!(a.evidence.grade, Some(yidi::policy::Grade::C));
    let wh = entries.iter().find(|e| e.code == "420100").expect("武汉");
    assert!(wh.access.is_none());
}

/// What a person can do (src/options.rs): planned care at a non-designated hospital can go to a designated one
/// (R1.16), recommended at E1's 17049.60; care admitted in the waiting period can wait until benefits start (R6.2),
/// open but with its condition, so not recommended.
#[test]
fn options_for_the_new_situations() {
    let options = |q: &Value| {
        let query = yidi::parse_query(&q.to_string()).unwrap();
        yidi::options::options(common::policies(), &query).unwrap()
    };
    let o = options(&with(
        json!({"visit": {"designated": false}, "situation": "planning", "today": "2025-02-01"}),
    ));
    let id = |c: &yidi::options::Course| text(c.id);
    assert_eq!(
        o.recommended.map(text).as_deref(),
        Some("designated_institution")
    );
    let d = o
        .courses
        .iter()
        .find(|c| id(c) == "designated_institution")
        .unwrap();
    assert_eq!(
        d.fund_pays.map(|m| m.to_string()).as_deref(),
        Some("17049.60")
    );
    let as_is = o.courses.iter().find(|c| id(c) == "as_is").unwrap();
    assert!(!as_is.available);

    let w = options(&with(
        json!({"insured": {"benefits_from": "2025-04-01"}, "situation": "planning", "today": "2025-02-01"}),
    ));
    let wait = w
        .courses
        .iter()
        .find(|c| id(c) == "after_waiting_period")
        .expect("the course");
    assert!(wait.available && wait.condition.is_some());
    assert!(wait.deadline.as_ref().unwrap().zh.contains("2025-04-01"));
    assert_eq!(
        wait.fund_pays.map(|m| m.to_string()).as_deref(),
        Some("17049.60")
    );
    assert!(w.recommended.is_none());
    assert!(w.reason.zh.contains("前提条件"));
}

/// Where the person says they stand against their dates: a planned stay already begun, a stay "in hospital" already
/// ended, a discharge still to come are said (advice for another moment, "入院前办好：… 之前" already past, was given
/// without a word).
#[test]
fn a_situation_its_dates_contradict_is_said() {
    let said = |situation: &str, admission: &str, discharge: Option<&str>| -> bool {
        let mut q = serde_json::json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary", "admission": admission},
            "situation": situation,
            "today": "2026-12-03"
        });
        if let Some(d) = discharge {
            q["visit"]["discharge"] = serde_json::json!(d);
        }
        let query = yidi::parse_query(&q.to_string()).unwrap();
        yidi::analyze(common::policies(), &query)
            .unwrap()
            .warnings
            .iter()
            .any(|w| w.code == "situation_dates_differ")
    };
    assert!(said("planning", "2026-11-20", None));
    assert!(!said("planning", "2026-12-20", None));
    assert!(said("in_hospital", "2026-11-20", Some("2026-11-30")));
    assert!(!said("in_hospital", "2026-11-20", None));
    assert!(said("discharged", "2026-12-20", None));
    assert!(!said("discharged", "2026-11-20", Some("2026-11-30")));
}

/// R1.13: of two filings that both settle directly, the one whose category pays more is kept (a referral over a
/// temporary filing: 15973.50 against 14038.50; helper-30 N5), whatever their statuses.
#[test]
fn several_filings_that_all_settle_directly_keep_the_better_category_r1_13() {
    let q = json!({
        "insured": {"region": "610100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-04-01", "discharge": "2025-04-20"},
        "bill": {"total": "20000"},
        "filings": [
            {"category": "referral", "start": "2025-04-05", "filed_on": "2025-03-20", "area": "110000"},
            {"category": "temporary_other", "start": "2025-04-01", "filed_on": "2025-04-10", "area": "110000"}
        ]
    });
    let e = run(&q);
    assert_eq!(text(e.settlement.category), "referral");
    assert_eq!(e.fund_pays.to_string(), "15973.50");
}

/// R1.1: a long-term filing of a kind that is not the person's is warned, the verdict left to the filing held.
#[test]
fn a_long_term_filing_of_another_kind_than_the_persons_is_warned() {
    let e = run(&with(json!({"insured": {"status": "employed"},
        "filing": {"category": "long_term", "long_term_kind": "retiree"}})));
    assert!(
        codes(&e).contains(&"filing_kind_not_the_persons"),
        "{:?}",
        codes(&e)
    );
    assert_eq!(text(e.filing.status), "valid");
    let e = run(&with(json!({"insured": {"status": "retired"},
        "filing": {"category": "long_term", "long_term_kind": "retiree"}})));
    assert!(!codes(&e).contains(&"filing_kind_not_the_persons"));
    // Holding one of each, the person's own kind is the one used, and nothing is warned.
    let e = run(&with(
        json!({"insured": {"status": "employed"}, "filing": null,
        "filings": [{"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01", "area": "440300"},
                    {"category": "long_term", "long_term_kind": "posted_worker", "start": "2024-06-01", "area": "440300"}]}),
    ));
    assert_eq!(e.filing.filing_used.as_ref().map(|u| u.index), Some(1));
    assert!(
        !codes(&e).contains(&"filing_kind_not_the_persons"),
        "{:?}",
        codes(&e)
    );
}

/// A hospital that does not settle across regions (R1.5) and a childbirth (R6.1) are claimed at home whatever the
/// filing: the next steps do not promise that filing makes them direct (helper-52).
#[test]
fn filing_is_not_said_to_make_direct_what_no_filing_makes_direct_r1_5() {
    for (networked, kind) in [(false, "inpatient"), (true, "maternity")] {
        let q = serde_json::json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": {"region": "440300", "kind": kind, "hospital_level": "tertiary", "networked": networked,
                "admission": "2025-03-01", "discharge": "2025-03-15"},
            "bill": {"total": "30000", "out_of_catalogue": "10000"}
        });
        let e = run(&q);
        let steps = common::steps_zh(&e);
        assert!(
            steps
                .iter()
                .all(|s| !s.contains("即可直接结算") || s.contains("选开通")),
            "{kind}: {steps:?}"
        );
        assert!(
            steps.iter().any(|s| s.contains("手工报销")),
            "{kind}: {steps:?}"
        );
    }
}

/// Admitted within the waiting period (R6.2) and already discharged: no advice to defer care already had.
#[test]
fn a_waiting_period_past_is_not_told_to_defer_r6_2() {
    let q = serde_json::json!({
        "insured": {"region": "330200", "scheme": "resident", "age": 40, "enrolled_on": "2025-11-30",
            "lapsed_years": 0},
        "visit": {"region": "330200", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2026-02-20", "discharge": "2026-03-05"},
        "bill": {"total": "22000"},
        "situation": "discharged",
        "today": "2026-03-10"
    });
    let e = run(&q);
    let steps = common::steps_zh(&e);
    assert!(steps.iter().all(|s| !s.contains("推迟")), "{steps:?}");
    assert!(steps.iter().any(|s| s.contains("不追溯")), "{steps:?}");
}
