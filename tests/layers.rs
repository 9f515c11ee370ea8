//! Issue 13, second half: layers above the basic fund (R5.6f), quotas (R4.8), long stays (R5.7) and the family
//! member's account (R4.6b). Each table names its rule and source; each worked case is reproduced to the fen by hand
//! in its comment.

mod common;
use common::{line, run, try_run};
use serde_json::{json, Value};
use yidi::Estimate;

/// The base query (武汉 retiree, 三级 in 深圳, long-term filing) with each patch merged in turn (null removes a key).
fn patched(parts: &[Value]) -> Value {
    let mut v = common::base();
    for p in parts {
        common::merge(&mut v, p);
    }
    v
}

fn keys(e: &Estimate) -> Vec<&'static str> {
    e.lines.iter().map(|l| l.key).collect()
}

fn warned(e: &Estimate, code: &str) -> bool {
    e.warnings.iter().any(|w| w.code == code)
}

/// Figures a person enters for a 大额 + 大病 region (the shape of 北京 employees: 大额 above the basic cap, then a
/// 大病 layer on the patient's share), with a basic fund simple enough to follow by hand.
fn two_layer_figures() -> Value {
    json!({"overrides": {
        "deductible": "1000", "ratio": "0.9", "annual_cap": "100000",
        "layers": [
            {"kind": "large_expense", "name": "大额互助", "segments": [{"ratio": "0.85"}], "cap": "400000",
             "applies_to": "above_basic_cap"},
            {"kind": "critical_illness", "name": "职工大病", "threshold": "30000",
             "segments": [{"up_to": "50000", "ratio": "0.6"}, {"ratio": "0.7"}], "cap": "300000"},
            {"kind": "civil_servant", "segments": [{"ratio": "0.5"}], "only_for": "civil_servant"}
        ]
    }})
}

/// A 300,000 stay, all of it eligible.
fn big_bill() -> Value {
    json!({"bill": {"total": "300000", "out_of_catalogue": null}})
}

// R5.6f (sources S34, E: one interface field per fund; the reference's §5.3 order): a worked case.
//   eligible 300000; deductible 1000; payable 299000 × 0.9 = 269100 > cap 100000 → fund 100000.00
//   the cap is reached after 100000 / 0.9 = 111111.111… of the payable: over the cap 299000 − 111111.111… = 187888.89
//   co-payment 300000 − 1000 − 100000 − 187888.89 = 11111.11
//   大额: 187888.89 × 0.85 = 159705.5565 → 159705.56; left above the cap 187888.89 − 159705.56 = 28183.33
//   大病: share 1000 + 11111.11 + 28183.33 = 40294.44; above 30000: 10294.44 × 0.6 = 6176.664 → 6176.66
//   公务员医疗补助 (only for civil servants): 0 without the group;
//     with it: the share left 40294.44 − 6176.66 = 34117.78, × 0.5 = 17058.89
//   patient 300000 − 100000 − 159705.56 − 6176.66 (− 17058.89)
#[test]
fn layers_pay_in_turn_each_on_what_the_ones_before_left() {
    let e = run(&patched(&[two_layer_figures(), big_bill()]));
    assert_eq!(line(&e, "fund"), "100000.00");
    assert_eq!(line(&e, "over_cap"), "187888.89");
    assert_eq!(line(&e, "coinsurance"), "11111.11");
    assert_eq!(line(&e, "large_expense"), "159705.56");
    assert_eq!(line(&e, "critical_illness"), "6176.66");
    assert_eq!(line(&e, "civil_servant"), "0.00");
    assert_eq!(e.second_layer_pays.to_string(), "165882.22");
    assert_eq!(e.patient_pays.to_string(), "34117.78");
    assert!(e.line("second_layer").is_none(), "{:?}", keys(&e));
    let cs = e.line("civil_servant").unwrap();
    assert!(cs.formula.zh.contains("仅适用于"), "{}", cs.formula.zh);
    assert!(e
        .line("large_expense")
        .unwrap()
        .label
        .zh
        .contains("大额互助"));

    let e = run(&patched(&[
        two_layer_figures(),
        big_bill(),
        json!({"groups": ["civil_servant"]}),
    ]));
    assert_eq!(line(&e, "civil_servant"), "17058.89");
    assert_eq!(e.patient_pays.to_string(), "17058.89");
}

// R5.6f: each layer has its own history this year, matched by kind.
//   大病 base so far 25000: from max(25000, 30000) = 30000 to 25000 + 40294.44 = 65294.44:
//   20000 × 0.6 + 15294.44 × 0.7 = 12000 + 10706.108 = 22706.108 → 22706.11
//   大额 already paid 399000 of its 400000: the 1000.00 left is paid
#[test]
fn each_layer_keeps_its_own_history() {
    let e = run(&patched(&[
        two_layer_figures(),
        big_bill(),
        json!({"history": {"layers": [
            {"kind": "critical_illness", "base_so_far": "25000"},
            {"kind": "large_expense", "paid": "399000"}
        ]}}),
    ]));
    assert_eq!(line(&e, "large_expense"), "1000.00");
    assert!(e
        .line("large_expense")
        .unwrap()
        .formula
        .zh
        .contains("剩余封顶 1000.00"));
    // 大病 now sees 1000 + 11111.11 + (187888.89 − 1000) = 199000.00 of share: 30000–50000 at 60%, 50000–224000 at 70%
    //   20000 × 0.6 + 174000 × 0.7 = 12000 + 121800 = 133800.00
    assert_eq!(line(&e, "critical_illness"), "133800.00");
}

// R5.6f: the one-layer form is a list of one: the same amounts, and it keeps its own line and label.
#[test]
fn second_layer_is_the_one_layer_form() {
    let layer = json!({"threshold": "30000", "segments": [{"up_to": "50000", "ratio": "0.6"}, {"ratio": "0.7"}],
                       "cap": "300000"});
    let basic =
        json!({"overrides": {"deductible": "1000", "ratio": "0.9", "annual_cap": "100000"}});
    let old = run(&patched(&[
        basic.clone(),
        big_bill(),
        json!({"overrides": {"second_layer": layer.clone()}}),
    ]));
    let mut listed = layer.clone();
    listed["kind"] = json!("critical_illness");
    let new = run(&patched(&[
        basic,
        big_bill(),
        json!({"overrides": {"layers": [listed]}}),
    ]));
    assert_eq!(line(&old, "second_layer"), line(&new, "critical_illness"));
    assert_eq!(old.patient_pays, new.patient_pays);
    assert_eq!(
        old.line("second_layer").unwrap().label.zh,
        "大病保险/大额医疗补助支付"
    );
    // The data's one-layer form (北京 employees' 大额, bj-moshrss / bj-crsrw-2019, C) still gives its line.
    let bj = run(&patched(&[
        json!({"insured": {"region": "110000"}, "visit": {"region": "440300"}}),
        big_bill(),
    ]));
    assert!(bj.line("second_layer").is_some(), "{:?}", keys(&bj));
}

struct QuotaCase {
    rule: &'static str,
    source: &'static str,
    patch: Value,
    fund: &'static str,
    over_quota: &'static str,
    coinsurance: &'static str,
}

/// A 广州 employee's ordinary outpatient visit at a 社区 centre in 北京, filed long-term there.
fn guangzhou_outpatient() -> Value {
    json!({
        "insured": {"region": "440100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "110000", "kind": "outpatient", "hospital_level": "community", "date": "2025-05-10",
                  "admission": null, "discharge": null},
        "filing": {"category": "long_term", "long_term_kind": "posted_worker", "start": "2024-06-01", "area": "110000"},
        "bill": {"total": "1000", "out_of_catalogue": null},
        "overrides": {"deductible": "0"}
    })
}

// R4.8: quotas, table-driven.
#[test]
fn quotas_limit_the_fund_and_the_rest_is_the_patients() {
    let cases = [
        // 广州 employees' 普通门诊统筹: 社区 80%, at most 300 a month (gz-csjbk-2022, C). 100 used this month:
        //   1000 × 0.8 = 800 > 200 left → fund 200.00; the fund reaches 200 after 250 of cost: 750.00 above the quota
        //   co-payment 1000 − 0 − 200 − 0 − 750 = 50.00
        QuotaCase {
            rule: "R4.8",
            source: "gz-csjbk-2022",
            patch: json!({"history": {"quota_used": "100"}}),
            fund: "200.00",
            over_quota: "750.00",
            coinsurance: "50.00",
        },
        // Nothing used yet this month: 500 × 0.8 = 400 > the 300 left → fund 300.00, reached after 375 of cost:
        //   125.00 above; co-payment 500 − 300 − 125 = 75.00
        QuotaCase {
            rule: "R4.8",
            source: "gz-csjbk-2022",
            patch: json!({"bill": {"total": "500"}}),
            fund: "300.00",
            over_quota: "125.00",
            coinsurance: "75.00",
        },
        // Below the quota: 200 × 0.8 = 160 ≤ 300 → fund 160.00, nothing above, co-payment 40.00
        QuotaCase {
            rule: "R4.8",
            source: "gz-csjbk-2022",
            patch: json!({"bill": {"total": "200"}}),
            fund: "160.00",
            over_quota: "0.00",
            coinsurance: "40.00",
        },
        // An entered quota on the eligible cost (费用限额): 600 a year, deductible 100, ratio 0.5:
        //   payable 900, of which 300 above the quota → fund 600 × 0.5 = 300.00; co-payment 1000 − 100 − 300 − 300
        QuotaCase {
            rule: "R4.8",
            source: "entered",
            patch: json!({"overrides": {"deductible": "100", "ratio": "0.5",
                          "quota": {"amount": "600", "period": "year", "basis": "eligible"}}}),
            fund: "300.00",
            over_quota: "300.00",
            coinsurance: "300.00",
        },
        // A chronic disease's monthly quota (沈阳 S27, A, names 尿毒症透析's monthly amount; its figure is not on
        // file, so it is entered): 3000 a month, 2500 used, ratio 0.9 on 4000 → 3600 > 500 left → fund 500.00;
        //   reached after 555.555… of cost: 3444.44 above (rounded with a cap overrun of 0); co-payment 55.56
        QuotaCase {
            rule: "R4.8",
            source: "S27",
            patch: json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "uremia_dialysis"},
                          "bill": {"total": "4000"}, "history": {"quota_used": "2500"},
                          "overrides": {"ratio": "0.9", "quota": {"amount": "3000", "period": "month"}}}),
            fund: "500.00",
            over_quota: "3444.44",
            coinsurance: "55.56",
        },
    ];
    for c in cases {
        let mut q = guangzhou_outpatient();
        common::merge(&mut q, &c.patch);
        let e = match try_run(&q) {
            Ok(e) => e,
            Err(err) => panic!("{} ({}): {err}", c.rule, c.source),
        };
        let at = format!("{} ({}): {:?}", c.rule, c.source, keys(&e));
        assert_eq!(line(&e, "fund"), c.fund, "{at}");
        assert_eq!(line(&e, "over_quota"), c.over_quota, "{at}");
        assert_eq!(line(&e, "coinsurance"), c.coinsurance, "{at}");
        let f = &e.line("over_quota").unwrap().formula;
        assert!(
            f.zh.contains("剩余") && f.en.contains("left"),
            "{at}: {}",
            f.zh
        );
    }
}

struct StayCase {
    rule: &'static str,
    source: &'static str,
    patch: Value,
    deductible: &'static str,
    warning: bool,
}

// R5.7: long stays, table-driven.
#[test]
fn long_stays_pay_the_deductibles_their_region_says() {
    let gz = json!({"insured": {"region": "440100", "status": "employed"},
                    "visit": {"region": "110000"},
                    "filing": {"area": "110000", "long_term_kind": "posted_worker"},
                    "bill": {"total": "10000", "out_of_catalogue": null},
                    "overrides": {"annual_cap": "1000000", "second_layer": {"segments": [{"ratio": "0"}]}}});
    let sh = json!({"insured": {"region": "310000", "status": "retired"},
                    "visit": {"region": "110000"},
                    "filing": {"area": "110000"},
                    "bill": {"total": "10000", "out_of_catalogue": null}});
    let at = |a: &str, d: &str| json!({"visit": {"admission": a, "discharge": d}});
    let cases = [
        // 广州 三级 employed, 1600 per admission (gz-csjbk-2022, C), split every 90 days: 161 days = 2 periods
        StayCase {
            rule: "R5.7",
            source: "gz-csjbk-2022",
            patch: json!([gz, at("2025-01-10", "2025-06-20")]),
            deductible: "3200.00",
            warning: false,
        },
        // 90 days is one period
        StayCase {
            rule: "R5.7",
            source: "gz-csjbk-2022",
            patch: json!([gz, at("2025-01-10", "2025-04-10")]),
            deductible: "1600.00",
            warning: false,
        },
        // 91 days: a second period
        StayCase {
            rule: "R5.7",
            source: "gz-csjbk-2022",
            patch: json!([gz, at("2025-01-10", "2025-04-11")]),
            deductible: "3200.00",
            warning: false,
        },
        // Across 1 January, no rule on file: the safe reading adds the new year's 1600, with a warning
        StayCase {
            rule: "R5.7",
            source: "safe reading",
            patch: json!([gz, at("2024-12-20", "2025-01-05")]),
            deductible: "3200.00",
            warning: true,
        },
        // 上海's benefit year starts on 1 July (sh-dbsqp-2020, B): a stay across 1 January is one year's
        StayCase {
            rule: "R5.7",
            source: "sh-dbsqp-2020",
            patch: json!([sh, at("2024-12-20", "2025-01-05")]),
            deductible: "1200.00",
            warning: false,
        },
        // … and a stay across 1 July pays this year's rest (1200 − 1200 paid = 0) and the new year's 1200
        StayCase {
            rule: "R5.7",
            source: "sh-dbsqp-2020",
            patch: json!([sh, at("2025-06-20", "2025-07-05"), {"history": {"deductible_paid": "1200"}}]),
            deductible: "1200.00",
            warning: true,
        },
    ];
    for c in cases {
        let parts: Vec<Value> = c.patch.as_array().unwrap().clone();
        let e = match try_run(&patched(&parts)) {
            Ok(e) => e,
            Err(err) => panic!("{} ({}): {err}", c.rule, c.source),
        };
        let at = format!("{} ({})", c.rule, c.source);
        assert_eq!(line(&e, "deductible"), c.deductible, "{at}");
        assert_eq!(warned(&e, "stay_crosses_benefit_year"), c.warning, "{at}");
    }
}

// R5.7 worked case: 广州 三级 employed, 161 days, 10000 eligible: deductible 1600 × 2 = 3200.00; fund (10000 − 3200) ×
// 0.80 = 5440.00; co-payment 10000 − 3200 − 5440 = 1360.00; the formula names the split.
#[test]
fn a_split_stay_to_the_fen() {
    let e = run(&patched(&[
        json!({"insured": {"region": "440100", "status": "employed"}, "visit": {"region": "110000",
               "admission": "2025-01-10", "discharge": "2025-06-20"},
               "filing": {"area": "110000", "long_term_kind": "posted_worker"},
               "bill": {"total": "10000", "out_of_catalogue": null},
               "overrides": {"annual_cap": "1000000", "second_layer": {"segments": [{"ratio": "0"}]}}}),
    ]));
    assert_eq!(line(&e, "deductible"), "3200.00");
    assert_eq!(line(&e, "fund"), "5440.00");
    assert_eq!(line(&e, "coinsurance"), "1360.00");
    let f = &e.line("deductible").unwrap().formula;
    assert!(f.zh.contains("每满90天"), "{}", f.zh);
    assert!(f.en.contains("90 days"), "{}", f.en);
}

struct AccountCase {
    rule: &'static str,
    source: &'static str,
    patch: Value,
    account: &'static str,
    family: &'static str,
    cash: &'static str,
}

// R4.6 / R4.6b: the own account, then a family member's (S36, B), within the in-scope share.
//   武汉 retiree (the README's case): eligible 20000, deductible 800, fund 19200 × 0.888 = 17049.60,
//   co-payment 2150.40: in-scope share 2950.40; patient 12950.40 (10000.00 outside the catalogue).
#[test]
fn accounts_pay_the_in_scope_share_own_first() {
    let none = json!({"overrides": {"layers": []}});
    let cases = [
        AccountCase {
            rule: "R4.6b",
            source: "S36",
            patch: json!({"personal_account": {"own": "1000", "family": "5000"}}),
            account: "1000.00",
            family: "1950.40",
            cash: "10000.00",
        },
        AccountCase {
            rule: "R4.6b",
            source: "S36",
            patch: json!({"personal_account": {"own": "5000", "family": "5000"}}),
            account: "2950.40",
            family: "0.00",
            cash: "10000.00",
        },
        AccountCase {
            rule: "R4.6b",
            source: "S36",
            patch: json!({"personal_account": {"own": "100", "family": "200"}}),
            account: "100.00",
            family: "200.00",
            cash: "12650.40",
        },
        // The older field is the own account.
        AccountCase {
            rule: "R4.6",
            source: "S33",
            patch: json!({"personal_account_balance": "500"}),
            account: "500.00",
            family: "",
            cash: "12450.40",
        },
    ];
    for c in cases {
        let e = run(&patched(&[none.clone(), c.patch.clone()]));
        let at = format!("{} ({})", c.rule, c.source);
        assert_eq!(line(&e, "fund"), "17049.60", "{at}");
        assert_eq!(e.patient_pays.to_string(), "12950.40", "{at}");
        assert_eq!(line(&e, "account"), c.account, "{at}");
        assert_eq!(line(&e, "family_account"), c.family, "{at}");
        assert_eq!(line(&e, "cash"), c.cash, "{at}");
        assert_eq!(
            e.account_pays.0 + e.cash_pays.0,
            e.patient_pays.0,
            "{at}: accounts and cash make the patient's share"
        );
    }
}

// R4.6b, R5.6e: a resident has no account of their own, but a relative's may pay for them.
//   deductible 500, fund 9500 × 0.6 = 5700.00, share 4300.00: the own balance is ignored (warning), the family's 2000
//   pays, cash 10000 − 5700 − 2000 = 2300.00
#[test]
fn a_resident_is_paid_for_by_a_relatives_account() {
    let e = run(&patched(&[json!({
        "insured": {"scheme": "resident", "status": null},
        "bill": {"total": "10000", "out_of_catalogue": null},
        "personal_account": {"own": "1000", "family": "2000"},
        "overrides": {"deductible": "500", "ratio": "0.6", "annual_cap": "100000", "layers": []}
    })]));
    assert_eq!(line(&e, "fund"), "5700.00");
    assert_eq!(line(&e, "account"), "");
    assert_eq!(line(&e, "family_account"), "2000.00");
    assert_eq!(line(&e, "cash"), "2300.00");
    assert_eq!(e.family_account_pays.to_string(), "2000.00");
    assert!(warned(&e, "no_personal_account"));
    assert!(warned(&e, "family_account_assumed"));
}

// Bad input is a typed error with its path.
#[test]
fn bad_layers_and_balances_are_typed_errors() {
    let cases = [
        (
            json!({"overrides": {"layers": [{"kind": "critical_illness", "segments": []}]}}),
            "invalid_segments",
            "overrides.layers[0].segments",
        ),
        (
            json!({"personal_account": {"own": "-1"}}),
            "negative_amount",
            "personal_account.own",
        ),
        (
            json!({"personal_account": {"own": "10"}, "personal_account_balance": "20"}),
            "total_mismatch",
            "personal_account.own",
        ),
        (
            json!({"overrides": {"layers": [{"kind": "nobody", "segments": [{"ratio": "1"}]}]}}),
            "invalid_value",
            "overrides.layers[0].kind",
        ),
        (
            json!({"history": {"quota_used": "-5"}}),
            "negative_amount",
            "history.quota_used",
        ),
    ];
    for (patch, code, path) in cases {
        let err = try_run(&patched(std::slice::from_ref(&patch))).expect_err(&patch.to_string());
        assert_eq!(err.code.as_str(), code, "{patch}");
        assert_eq!(err.path, path, "{patch}");
    }
}

// The data's new fields are checked where they are loaded (R5.6f, R4.8, R5.7): every problem with its path.
#[test]
fn a_policies_file_with_bad_layers_quotas_and_stays_lists_each_problem() {
    let mut p: Value = serde_json::from_str(yidi::policy::DEFAULT_POLICIES).unwrap();
    let schedules = p["schedules"].as_array_mut().unwrap();
    let i = schedules
        .iter()
        .position(|s| s["region"] == "110000" && s["visit_kind"] == "inpatient")
        .unwrap();
    let at = format!("schedules[{i}].versions[0]");
    let version = &mut schedules[i]["versions"][0];
    version["benefit_year_start_month"] = json!(13);
    version["rows"].as_array_mut().unwrap().extend([
        json!({"status": "employed", "level": "primary", "disease": "diabetes",
               "layers": [{"kind": "critical_illness", "segments": [{"up_to": "1", "ratio": "0.5"}]}],
               "second_layer": {"segments": [{"ratio": "0.5"}]}}),
        json!({"level": "secondary", "quota": {"amount": "100", "period": "month"},
               "long_stay": {"split_every_days": 0}}),
    ]);
    let n = version["rows"].as_array().unwrap().len();
    let errors = yidi::Policies::load(&p.to_string()).expect_err("the problems are found");
    let found: Vec<(String, String)> = errors
        .iter()
        .map(|e| (e.code.as_str().to_string(), e.path.clone()))
        .collect();
    let want = [
        ("invalid_value", format!("{at}.benefit_year_start_month")),
        ("invalid_value", format!("{at}.rows[{}].disease", n - 2)),
        ("duplicate", format!("{at}.rows[{}].layers", n - 2)),
        (
            "invalid_segments",
            format!("{at}.rows[{}].layers[0].segments", n - 2),
        ),
        (
            "invalid_value",
            format!("{at}.rows[{}].long_stay.split_every_days", n - 1),
        ),
    ];
    for (code, path) in want {
        assert!(
            found.iter().any(|(c, p)| c == code && *p == path),
            "{code} at {path} in {found:?}"
        );
    }
    // A negative amount is refused as the file is read, with its path.
    let mut p: Value = serde_json::from_str(yidi::policy::DEFAULT_POLICIES).unwrap();
    p["schedules"][i]["versions"][0]["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!({"level": "secondary", "quota": {"amount": "-1", "period": "month"}}));
    let errors = yidi::Policies::load(&p.to_string()).expect_err("refused");
    assert_eq!(errors[0].code.as_str(), "negative_amount");
    assert!(
        errors[0].path.ends_with(".quota.amount"),
        "{}",
        errors[0].path
    );
}

// The data path (R5.6f, R4.8): a region's own layers and a chronic disease's quota in a policies file are used with
// their sources, the disease's row before the schedule's general one. The figures are a test's, not a region's.
//   Layers on the E1 visit (武汉 retiree, 20000 eligible, fund 17049.60, share 2950.40): a 大病 layer from 1000 at 50%
//   pays (2950.40 − 1000) × 0.5 = 975.20; a 医疗救助 layer for recipients only pays nothing without the group.
#[test]
fn a_regions_own_layers_and_disease_quota_come_from_its_data() {
    let mut p: Value = serde_json::from_str(yidi::policy::DEFAULT_POLICIES).unwrap();
    p["sources"]["test-layers"] =
        json!({"title": "a test's figures", "grade": "C", "as_of": "2024-01-05"});
    let schedules = p["schedules"].as_array_mut().unwrap();
    let wuhan = schedules
        .iter()
        .position(|s| s["region"] == "420100" && s["visit_kind"] == "inpatient")
        .unwrap();
    schedules[wuhan]["versions"][0]["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!({"sources": ["test-layers"], "layers": [
            {"kind": "critical_illness", "name": "测试大病", "threshold": "1000", "segments": [{"ratio": "0.5"}]},
            {"kind": "medical_assistance", "segments": [{"ratio": "0.8"}], "only_for": "assistance_recipient"}
        ]}));
    schedules.push(json!({"region": "420100", "scheme": "employee", "visit_kind": "chronic_outpatient",
        "versions": [{"from": "2024-01-05", "sources": ["test-layers"], "last_verified": "2024-01-05", "rows": [
            {"deductible": {"per": "year", "amounts": ["0"]}, "ratio": "0.9", "quota": {"amount": "5000", "period": "year"}},
            {"disease": "uremia_dialysis", "quota": {"amount": "3000", "period": "month"}}
        ]}]}));
    let policies = yidi::Policies::load(&p.to_string()).expect("the test's file loads");
    let run_on =
        |q: &Value| yidi::estimate(&policies, &yidi::parse_query(&q.to_string()).unwrap()).unwrap();

    let e = run_on(&common::base());
    assert_eq!(line(&e, "critical_illness"), "975.20");
    assert_eq!(line(&e, "medical_assistance"), "0.00");
    let l = e.line("critical_illness").unwrap();
    assert!(l.label.zh.contains("测试大病"));
    assert_eq!(&*l.sources[0].id, "test-layers");
    // With the group: 医疗救助 pays 80% of the share left, (2950.40 − 975.20) × 0.8 = 1580.16
    let mut q = common::base();
    q["groups"] = json!(["assistance_recipient"]);
    assert_eq!(line(&run_on(&q), "medical_assistance"), "1580.16");

    // Dialysis: its own monthly 3000 (500 used) before the schedule's 5000 a year; 4000 × 0.9 = 3600 > 2500 left
    let dialysis = json!({"visit": {"kind": "chronic_outpatient", "chronic_disease": "uremia_dialysis",
                          "date": "2025-03-10", "admission": null, "discharge": null},
                          "bill": {"total": "4000", "out_of_catalogue": null}, "history": {"quota_used": "500"}});
    let mut q = common::base();
    common::merge(&mut q, &dialysis);
    let e = run_on(&q);
    assert_eq!(line(&e, "fund"), "2500.00");
    assert!(e
        .line("over_quota")
        .unwrap()
        .formula
        .zh
        .contains("月支付限额 3000"));
    // Diabetes has no row of its own: the 5000 a year applies, 3600 ≤ 4500 left
    let mut q = common::base();
    common::merge(&mut q, &dialysis);
    q["visit"]["chronic_disease"] = json!("diabetes");
    assert_eq!(line(&run_on(&q), "fund"), "3600.00");
}
