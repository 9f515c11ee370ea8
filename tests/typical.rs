//! Every person gets an amount (issue 11): where the insured region's figures are not on file, other regions' stand
//! in and the estimate is a labelled range; the stand-ins are real published figures, each marked `typical`.

mod common;
use common::{run, try_run, with};
use serde_json::json;

/// A small deterministic generator (xorshift), so a failure names a reproducible query.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn ten_thousand_random_queries_without_overrides_all_get_an_amount() {
    // Some without a hospital level, a status or an age.
    let p = common::policies();
    let codes: Vec<&str> = p.regions.iter().map(|r| r.code.as_str()).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut exact, mut ranged) = (0, 0);
    for _ in 0..10_000 {
        let scheme = *rng.pick(&["employee", "resident"]);
        let kind = *rng.pick(&["inpatient", "outpatient"]);
        let level = *rng.pick(&["community", "primary", "secondary", "tertiary"]);
        let year = 2023 + rng.next() % 4;
        let date = format!(
            "{year}-{:02}-{:02}",
            1 + rng.next() % 12,
            1 + rng.next() % 28
        );
        let total = 100 + rng.next() % 400_000;
        let mut insured = json!({"region": rng.pick(&codes), "scheme": scheme});
        // A detail left out a quarter of the time: the range then runs over its values (no level, no status, no
        // age gave no amount at all for ~6% of such queries, asked for a deductible).
        if scheme == "employee" && !rng.next().is_multiple_of(4) {
            insured["status"] = json!(*rng.pick(&["employed", "retired"]));
        }
        if rng.next().is_multiple_of(2) {
            insured["age"] = json!(18 + rng.next() % 80);
        }
        let mut visit = json!({"region": rng.pick(&codes), "kind": kind});
        if !rng.next().is_multiple_of(4) {
            visit["hospital_level"] = json!(level);
        }
        if kind == "inpatient" {
            visit["admission"] = json!(date);
            visit["discharge"] = json!(date);
        } else {
            visit["date"] = json!(date);
        }
        let q = json!({"insured": insured, "visit": visit,
            "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2022-01-01", "area": visit["region"]},
            "bill": {"total": total.to_string()}});
        let e = match try_run(&q) {
            Ok(e) => e,
            Err(err) => panic!("no amount: {err}\nquery: {q}"),
        };
        let sum = e.fund_pays + e.second_layer_pays + e.patient_pays;
        assert_eq!(sum.to_string(), format!("{total}.00"), "{q}");
        match &e.range {
            None => exact += 1,
            Some(r) => {
                ranged += 1;
                for s in [&r.fund_pays, &r.second_layer_pays, &r.patient_pays] {
                    assert!(s.low <= s.high, "{q}");
                }
                assert!(
                    r.fund_pays.low <= e.fund_pays && e.fund_pays <= r.fund_pays.high,
                    "the slip's fund lies inside its range: {q}"
                );
            }
        }
    }
    assert!(exact > 0 && ranged > 0, "exact {exact}, ranged {ranged}");
}

#[test]
fn a_ganzhou_resident_in_shenzhen_gets_a_labelled_range_and_what_to_ask() {
    let q = with(json!({
        "insured": {"region": "赣州", "scheme": "resident", "status": null},
        "visit": {"region": "深圳"},
        "filing": {"category": "referral", "long_term_kind": null, "start": "2025-02-20", "area": "深圳"}
    }));
    let e = run(&q);
    let r = e.range.as_ref().expect("a range");
    assert!(r.fund_pays.low < r.fund_pays.high);
    assert!(r.regions >= 2);
    assert!(
        r.explanation.zh.contains("不是该地公布的标准"),
        "{}",
        r.explanation.zh
    );
    assert!(r.ask.zh.contains("12393") && r.ask.zh.contains("起付线"));
    for name in ["deductible", "ratio"] {
        let p = e.parameters.iter().find(|p| p.name == name).unwrap();
        assert_eq!(p.basis, yidi::estimate::Basis::Typical, "{name}");
        assert!(p.typical.is_some(), "{name}");
    }
    // Entering the region's figures gives the exact amount and no range.
    let exact = run(&with(json!({
        "insured": {"region": "赣州", "scheme": "resident", "status": null},
        "visit": {"region": "深圳"},
        "filing": {"category": "referral", "long_term_kind": null, "start": "2025-02-20", "area": "深圳"},
        "overrides": {"deductible": "500", "ratio": "0.7"}
    })));
    assert!(exact.range.is_none());
    let p = exact.parameters.iter().find(|p| p.name == "ratio").unwrap();
    assert_eq!(p.basis, yidi::estimate::Basis::User);
}

#[test]
fn a_zhoukou_resident_now_gets_zhoukous_own_figures() {
    // 周口's resident schedule is on file (grade C, start unknown): its own figures, no range.
    let e = run(&with(json!({
        "insured": {"region": "周口", "scheme": "resident", "status": null},
        "visit": {"region": "上海"},
        "filing": {"category": "referral", "long_term_kind": null, "start": "2025-02-20", "area": "上海"}
    })));
    assert!(e.range.is_none());
}

#[test]
fn a_region_with_its_own_figures_gets_an_exact_amount() {
    let e = run(&with(json!({})));
    assert!(e.range.is_none());
    assert_eq!(e.fund_pays.to_string(), "17049.60");
    assert!(e
        .parameters
        .iter()
        .filter(|p| !p.overridden && p.name != "adjustment")
        .all(|p| p.basis == yidi::estimate::Basis::Region));
}

#[test]
fn a_large_bill_without_second_layer_figures_says_so() {
    // 武汉 has no 大病/大额 figures on file: a 400,000 bill reaches the layer wherever it is known.
    let e = run(&with(
        json!({"bill": {"total": "400000", "out_of_catalogue": "0"}}),
    ));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "second_layer_unknown")
        .expect("the missing second layer is named");
    assert!(w.message.zh.contains("未计入"), "{}", w.message.zh);
}

#[test]
fn a_detail_the_figures_depend_on_gives_a_range_over_the_regions_own_figures() {
    // 武汉's figures depend on the hospital level: without it, its own figures for every level, and a request for it.
    let e = run(&with(json!({"visit": {"hospital_level": null}})));
    let r = e.range.as_ref().expect("a range");
    assert_eq!(r.scope, yidi::typical::Scope::Region);
    assert!(r.fund_pays.low < r.fund_pays.high);
    assert!(r.ask.zh.contains("医院等级"), "{}", r.ask.zh);
    assert!(e
        .parameters
        .iter()
        .filter(|p| p.name != "adjustment")
        .all(|p| p.basis == yidi::estimate::Basis::Region));
}

#[test]
fn a_region_with_no_figures_gets_a_range_not_an_error() {
    let e = run(&with(json!({"insured": {"region": "420500"}})));
    assert!(e.range.is_some());
}

/// A 南昌 employee retiree (the ratio on file; no deductible, cap or second layer) in a 深圳 tertiary hospital in 2025,
/// filed long-term, with a 100,000 bill: `patch` merged in.
fn nanchang_in_shenzhen(patch: serde_json::Value) -> serde_json::Value {
    let mut q = with(json!({
        "insured": {"region": "南昌", "scheme": "employee", "status": "retired"},
        "visit": {"region": "深圳", "hospital_level": "tertiary", "admission": "2025-09-01", "discharge": "2025-09-20"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2025-08-01", "area": "深圳"},
        "bill": {"total": "100000", "out_of_catalogue": "20000"}
    }));
    common::merge(&mut q, &patch);
    q
}

#[test]
fn a_range_names_the_figures_that_stood_in_and_asks_for_those_only() {
    // 南昌's employee ratio is on file, its deductible, cap and second layer are not: the range says so, and the 12393
    // script asks for those three, not for the ratio the estimate already uses.
    let q = nanchang_in_shenzhen(json!({}));
    let e = run(&q);
    let ratio = e.parameters.iter().find(|p| p.name == "ratio").unwrap();
    assert_eq!(ratio.basis, yidi::estimate::Basis::Region);
    let r = e.range.as_ref().expect("a range");
    assert!(!r.typical.contains(&"ratio"), "{:?}", r.typical);
    for (text, lang) in [(&r.explanation.zh, "zh"), (&r.ask.zh, "zh")] {
        assert!(text.contains("起付线"), "{lang}: {text}");
        assert!(!text.contains("统筹基金支付比例"), "{lang}: {text}");
        assert!(!text.contains("报销比例"), "{lang}: {text}");
    }
    assert!(r.ask.zh.contains("1. 起付线是多少？2. "), "{}", r.ask.zh);
    assert!(
        r.explanation
            .en
            .starts_with("Nanchang's deductible, annual cap and second layer are not on file"),
        "{}",
        r.explanation.en
    );
    assert!(!r.ask.en.contains("pooled fund"), "{}", r.ask.en);

    // A region lacking its deductible and ratio is told both are missing, and asked for both.
    let e = run(&with(json!({"insured": {"region": "420500"}})));
    let r = e.range.as_ref().expect("a range");
    assert!(
        r.explanation.zh.contains("起付线、统筹基金支付比例"),
        "{}",
        r.explanation.zh
    );
    assert!(
        r.ask.zh.contains("统筹基金支付比例是多少？"),
        "{}",
        r.ask.zh
    );

    // Its own figures and a bill reaching a second layer: its own slip and amounts, no range (the glance, the slip and
    // the totals say one thing); the warning says what the regions on file would pay, and what to ask.
    let e = run(&with(
        json!({"bill": {"total": "400000", "out_of_catalogue": "0"}}),
    ));
    assert!(e.range.is_none());
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "second_layer_unknown")
        .expect("the missing second layer is named");
    assert!(w.message.zh.contains("可能另获"), "{}", w.message.zh);
    assert!(w.message.zh.contains("12393"), "{}", w.message.zh);
    assert_eq!(
        e.patient_pays,
        e.lines.iter().find(|l| l.key == "patient").unwrap().amount
    );
}

#[test]
fn english_messages_name_regions_in_english() {
    // The region names in the core's English text come from the data's name_en (declared once, in policies.json).
    let q = nanchang_in_shenzhen(json!({"locale": "en"}));
    let e = run(&q);
    let r = e.range.as_ref().expect("a range");
    assert!(
        r.explanation.en.starts_with("Nanchang's "),
        "{}",
        r.explanation.en
    );
    assert!(
        r.ask.en.contains("ask Nanchang's insurance office"),
        "{}",
        r.ask.en
    );
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(!han(&r.explanation.en), "{}", r.explanation.en);
    assert!(!han(&r.ask.en), "{}", r.ask.en);
    let e = run(&with(
        json!({"locale": "en", "bill": {"total": "400000", "out_of_catalogue": "0"}}),
    ));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "second_layer_unknown")
        .unwrap();
    assert!(
        w.message.en.starts_with("Wuhan's second layer"),
        "{}",
        w.message.en
    );
}

/// A stand-in range never lets the fund pay without a limit: a region whose cap is not on file stands in only where
/// its fund would pay no more than the smallest cap on file (rules.md §5.3 step 3: the safe reading errs low). A
/// 周口 employee's 1,000,000 bill in 2025, before 周口's own figures: the fund paid 899,460.00, uncapped.
#[test]
fn a_stand_in_range_keeps_a_cap_on_a_large_bill() {
    let e = run(&json!({
        "insured": {"region": "411600", "scheme": "employee", "status": "retired"},
        "visit": {"region": "411600", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-05-10", "discharge": "2025-05-20"},
        "bill": {"total": "1000000"}
    }));
    let r = e.range.as_ref().expect("a range");
    let largest_cap = common::policies()
        .schedules
        .iter()
        .filter(|s| s.scheme == yidi::query::Scheme::Employee)
        .flat_map(|s| s.versions.iter())
        .flat_map(|v| v.rows.iter())
        .filter_map(|row| row.annual_cap.as_ref().map(|c| c.amount))
        .max()
        .unwrap();
    assert!(
        r.fund_pays.high <= largest_cap,
        "{} > {largest_cap}",
        r.fund_pays.high
    );
    assert!(e.fund_pays <= largest_cap, "{}", e.fund_pays);
}

/// Its own figures, a bill past its cap, and no region of its scheme with a second layer on file: the layer is still
/// named as not counted (the warning went missing exactly when the bill was largest).
#[test]
fn a_bill_past_the_cap_still_says_the_second_layer_is_not_counted() {
    let e = run(&json!({
        "insured": {"region": "411600", "scheme": "resident"},
        "visit": {"region": "411600", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-25", "discharge": "2026-11-30"},
        "bill": {"total": "500000"}
    }));
    assert!(
        e.warnings.iter().any(|w| w.code == "second_layer_unknown"),
        "{:?}",
        e.warnings.iter().map(|w| &w.code).collect::<Vec<_>>()
    );
}

/// A stand-in range where no region of the scheme has a second layer on file: the range leaves it out and says so (a
/// 定西 resident referred to 北京 with 86,000: nothing said about 大病保险).
#[test]
fn a_stand_in_range_without_any_second_layer_says_it_is_not_counted() {
    let e = run(&json!({
        "insured": {"region": "621100", "scheme": "resident", "age": 57},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-10-10", "discharge": "2026-11-05"},
        "filing": {"category": "referral", "start": "2026-10-08", "area": "110000"},
        "bill": {"total": "86000", "out_of_catalogue": "12000"}
    }));
    assert!(e.range.is_some());
    assert!(e.warnings.iter().any(|w| w.code == "second_layer_unknown"));
}

/// A "range" of one stand-in region is said as a single region's figure, a rough guide (it read "1 个已收录地区
/// (最低：天津市；最高：天津市)" over 2115.00–2115.00).
#[test]
fn one_stand_in_region_is_said_to_be_one() {
    let q = serde_json::json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "440300", "kind": "outpatient", "hospital_level": "tertiary",
                  "date": "2025-03-01", "emergency": true},
        "bill": {"total": "20000"}
    });
    let e = common::run(&q);
    let r = e.range.as_ref().expect("a range");
    assert_eq!(
        r.regions, 1,
        "the case this test is about: one region on file lends its figures"
    );
    assert!(
        r.explanation.zh.contains("已收录的 1 个地区"),
        "{}",
        r.explanation.zh
    );
    assert!(!r.explanation.zh.contains("最低"), "{}", r.explanation.zh);
}

/// R4.3, R4.4, E2: a chronic disease's visit for a region without chronic figures borrows general outpatient ones,
/// whose annual deductible (200) swallowed E2's 61.11 and gave "约 0.00" alone; the range now runs to the figures
/// without a deductible, which holds the published 48.89 (廊坊 pays 80% with none), and says so.
#[test]
fn a_chronic_disease_on_borrowed_figures_runs_to_no_deductible() {
    let e = run(&json!({
        "insured": {"region": "131000", "scheme": "employee", "status": "retired", "age": 70},
        "visit": {"region": "110000", "kind": "chronic_outpatient", "chronic_disease": "diabetes",
                  "hospital_level": "tertiary", "date": "2026-11-20"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "110000"},
        "bill": {"lines": [
            {"name": "阿卡波糖", "amount": "32.52", "class": "A"},
            {"name": "瑞格列奈", "amount": "31.77", "class": "B", "prepay_rate": "0.1"}
        ]}
    }));
    let range = e.range.as_ref().expect("a range");
    let fen =
        |m: &yidi::money::Money| (m.to_string().parse::<f64>().unwrap() * 100.0).round() as i64;
    assert!(
        fen(&range.fund_pays.low) <= 4889 && 4889 <= fen(&range.fund_pays.high),
        "{:?}",
        range.fund_pays
    );
    assert!(
        range.explanation.zh.contains("不计起付线"),
        "{}",
        range.explanation.zh
    );
    assert_eq!(range.regions, 2, "bounds are not regions");
}

/// A detail not given that the stand-in regions' figures depend on (here the hospital level) is no reason to ask a
/// 赣州 resident for a deductible: the range runs over the regions and the detail's values, and says so.
#[test]
fn a_detail_not_given_is_ranged_over_in_the_stand_ins_too() {
    let q = json!({"insured": {"region": "360700", "scheme": "resident"},
        "visit": {"region": "310000", "kind": "inpatient", "admission": "2025-06-01", "discharge": "2025-06-05"},
        "bill": {"total": "10000"}});
    let e = run(&q);
    let r = e.range.as_ref().expect("a range");
    assert!(r.regions > 2, "{}", r.regions);
    assert!(
        r.explanation.zh.contains("未填写医院等级"),
        "{}",
        r.explanation.zh
    );
    // (The age too: 宁波's resident figures are for adults only.)
    assert!(
        r.ask.zh.contains("填写医院等级") && r.ask.zh.contains("可缩小范围"),
        "{}",
        r.ask.zh
    );
    let mut given = q.clone();
    given["visit"]["hospital_level"] = json!("tertiary");
    let narrower = run(&given).range.expect("a range");
    assert!(
        r.patient_pays.low <= narrower.patient_pays.low
            && narrower.patient_pays.high <= r.patient_pays.high
    );
    assert!(
        !narrower.explanation.zh.contains("医院等级"),
        "{}",
        narrower.explanation.zh
    );
    // An employee with neither a status nor a level.
    let e = run(
        &json!({"insured": {"region": "110000", "scheme": "employee"},
        "visit": {"region": "540100", "kind": "outpatient", "hospital_level": "tertiary", "date": "2025-06-01"},
        "bill": {"total": "1000"}}),
    );
    assert!(e.range.is_some());
}

/// §5.5: a class-B cost where the place of treatment's rate is not on file is charged at the highest rate on file
/// (the person's share errs high), marked typical with the span on file and said in a warning; it stopped the whole
/// answer with `missing_parameter` (only four places of treatment have a rate on file).
#[test]
fn a_class_b_cost_without_a_rate_on_file_takes_the_highest_on_file() {
    let q = json!({"insured": {"region": "420100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-05-01", "discharge": "2025-05-10"},
        "filing": {"category": "long_term", "long_term_kind": "resident", "start": "2024-01-01", "area": "310000"},
        "bill": {"total": "20000", "class_b": {"amount": "5000"}}});
    let e = run(&q);
    assert_eq!(common::line(&e, "class_b_prepay"), "500.00");
    let rate = e
        .parameters
        .iter()
        .find(|x| x.name == "class_b_prepay_rate")
        .expect("the rate is listed");
    assert_eq!(rate.basis, yidi::estimate::Basis::Typical);
    let span = rate.typical.as_ref().expect("its span");
    assert_eq!((span.low.as_str(), span.high.as_str()), ("1%", "10%"));
    assert!(!rate.sources.is_empty());
    assert!(e.warnings.iter().any(|w| w.code == "class_b_rate_typical"));
    // The slip's line cites no source of its own: another place's document would read as 上海's (helper-35 finding 13).
    let line = e.lines.iter().find(|l| l.key == "class_b_prepay").unwrap();
    assert!(line.sources.is_empty(), "{:?}", line.sources);
    // Itemized: a class-B line without a rate; one with its own rate needs none.
    let mut lines = q.clone();
    lines["bill"] =
        json!({"lines": [{"amount": "15000", "class": "a"}, {"amount": "5000", "class": "b"}]});
    assert_eq!(common::line(&run(&lines), "class_b_prepay"), "500.00");
    lines["bill"]["lines"][1]["prepay_rate"] = json!("0.05");
    let own = run(&lines);
    assert_eq!(common::line(&own, "class_b_prepay"), "250.00");
    assert!(!own
        .warnings
        .iter()
        .any(|w| w.code == "class_b_rate_typical"));
    // Where the place has its own rate (深圳's 1%), it is used.
    let mut shenzhen = q.clone();
    shenzhen["visit"]["region"] = json!("440300");
    shenzhen["filing"]["area"] = json!("440300");
    assert_eq!(common::line(&run(&shenzhen), "class_b_prepay"), "50.00");
}

/// A range over the region's own figures for a detail not given is labelled as its own (成都 by age: not "not the
/// region's published figure"); a figure that is one value throughout is not written as a range (约 700.00–700.00);
/// and where some values of the detail have no figures on file (上海's retirees' outpatient rows stop at 69), the
/// range says it covers only those that have.
#[test]
fn a_range_over_the_regions_own_figures_is_labelled_as_its_own() {
    let e = run(
        &json!({"insured": {"region": "510100", "scheme": "employee", "status": "employed"},
        "visit": {"region": "510100", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-05-01", "discharge": "2025-05-05"},
        "bill": {"total": "10000"}}),
    );
    let label = |e: &yidi::Estimate, name: &str| {
        e.parameters
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.value.zh.to_string())
            .unwrap_or_default()
    };
    assert!(
        label(&e, "ratio").contains("因未填的情况而不同"),
        "{}",
        label(&e, "ratio")
    );
    assert!(
        !label(&e, "ratio").contains("非本地"),
        "{}",
        label(&e, "ratio")
    );
    assert_eq!(label(&e, "deductible"), "800.00（每次住院）");
    let e = run(
        &json!({"insured": {"region": "310000", "scheme": "employee", "status": "retired"},
        "visit": {"region": "310000", "kind": "outpatient", "hospital_level": "tertiary", "date": "2025-06-01"},
        "bill": {"total": "3000"}}),
    );
    assert!(
        !label(&e, "deductible").contains('–'),
        "{}",
        label(&e, "deductible")
    );
    assert!(
        e.warnings.iter().any(|w| w.code == "detail_range_partial"),
        "{:?}",
        e.warnings
    );
}

/// Over the region's own figures for each value of a detail not given, the slip shown is the one the fund pays least
/// by (the safe reading; 上海 pays residents of no age given as under 60): the headline is the range's low end, not
/// its most favourable value (helper-34 finding 6).
#[test]
fn a_range_over_the_regions_own_figures_shows_the_cautious_slip() {
    let q = yidi::parse_query(
        r#"{"insured": {"region": "310000", "scheme": "resident"}, "visit": {"region": "310000", "kind": "inpatient",
            "hospital_level": "tertiary", "admission": "2025-03-01", "discharge": "2025-03-15"}, "bill": {"total": "10000"}}"#,
    )
    .unwrap();
    let e = yidi::estimate(common::policies(), &q).unwrap();
    let range = e.range.as_ref().expect("a range over the ages");
    assert_eq!(e.fund_pays, range.fund_pays.low, "{:?}", range.fund_pays);
    assert!(range.fund_pays.low < range.fund_pays.high);
}

/// Every stand-in figure says it is not the region's own, a 大病/大额 layer too (it has no single value to spread, and
/// read as the person's own: "起付 0.00；其上 80%；不封顶"; helper-44).
#[test]
fn every_stand_in_figure_says_it_is_not_the_regions_own() {
    let e = run(&json!({
        // The age given: the slip shown is then 上海's, which has a second layer (without it the range runs over the
        // stand-ins' ages too, and the slip shown is another region's).
        "insured": {"region": "411600", "scheme": "employee", "status": "retired", "age": 66},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-12-01", "discharge": "2026-12-10"},
        "bill": {"total": "20000"}
    }));
    let typical: Vec<_> = e
        .parameters
        .iter()
        .filter(|p| p.basis == yidi::estimate::Basis::Typical)
        .collect();
    assert!(typical.iter().any(|p| p.name == "second_layer"));
    for p in typical {
        assert!(
            p.value.zh.contains("非本地公布标准"),
            "{}: {}",
            p.name,
            p.value.zh
        );
        assert!(p.value.en.contains("not the region's published figure"));
    }
}

/// A bill past the basic cap on stand-ins some of which have no second layer on file: the warning names them, as their
/// runs leave everything above the cap to the person (helper-45: 500,000 "up to 452,030 yours", unsaid).
#[test]
fn stand_ins_without_a_second_layer_are_named_on_a_big_bill() {
    let q = |total: &str| {
        json!({
            "insured": {"region": "500000", "scheme": "employee", "status": "retired", "age": 66},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-15"},
            "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01", "area": "440300"},
            "bill": {"total": total}
        })
    };
    let said = |total: &str| {
        run(&q(total))
            .warnings
            .into_iter()
            .any(|w| w.code == "stand_in_second_layer_missing")
    };
    assert!(said("500000"));
    assert!(!said("20000"), "below every cap: nothing to say");
}

/// An employee at work whose age is not given: the range runs over working ages only (R5.6d), not to the 100 of the
/// oldest band (helper-46: 成都's "every 10 years from 50, 2 points more" reached 100% at 100).
#[test]
fn an_employees_unknown_age_ranges_over_working_ages() {
    let q = |age: Option<u32>| {
        let mut insured = json!({"region": "510100", "scheme": "employee", "status": "employed"});
        if let Some(a) = age {
            insured["age"] = json!(a);
        }
        json!({"insured": insured,
            "visit": {"region": "610100", "kind": "inpatient", "hospital_level": "tertiary", "emergency": true,
                      "admission": "2025-06-01", "discharge": "2025-06-10"},
            "bill": {"total": "80000", "out_of_catalogue": "5000", "class_b": {"amount": "20000"}}})
    };
    let e = run(&q(None));
    let range = e.range.expect("a range over the ages");
    let at = |a: u32| run(&q(Some(a))).fund_pays;
    let highest = [16, 30, 50, 60, 65].map(at).into_iter().max().unwrap();
    assert_eq!(range.fund_pays.high, highest);
    assert!(range.fund_pays.high < at(100));
}

/// The question for 12393 says the visit as the person would: at home or elsewhere, and of what kind (it said
/// "到外地住院（或就诊）" for a stay at home and for chronic outpatient care; helper-45).
#[test]
fn the_hotline_question_says_where_and_what_the_visit_is() {
    let ask = |visit: serde_json::Value| {
        let e = run(&json!({
            "insured": {"region": "440100", "scheme": "resident", "age": 40},
            "visit": visit,
            "bill": {"total": "20000"}
        }));
        e.range.expect("a range").ask.zh.to_string()
    };
    let home = ask(
        json!({"region": "440100", "kind": "inpatient", "hospital_level": "tertiary",
                          "admission": "2025-06-01"}),
    );
    assert!(home.contains("在本地住院"), "{home}");
    let chronic = ask(
        json!({"region": "310000", "kind": "chronic_outpatient", "chronic_disease": "diabetes",
                             "hospital_level": "tertiary", "date": "2025-06-01"}),
    );
    assert!(chronic.contains("到外地看门诊慢特病"), "{chronic}");
}

/// 宁波's resident figures are published for adults only: a child insured there is estimated on stand-ins (a range,
/// 宁波's deductible not used), an adult on 宁波's own (1200, 70% less the temporary cut).
#[test]
fn figures_for_adults_only_are_not_applied_to_a_child() {
    let q = |age: u32| {
        json!({"insured": {"region": "330200", "scheme": "resident", "age": age},
            "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2025-03-01", "discharge": "2025-03-10"},
            "filing": {"category": "temporary_other", "start": "2025-02-20", "end": "2025-08-20", "area": "310000"},
            "bill": {"total": "20000"}})
    };
    let adult = run(&q(40));
    assert!(adult.range.is_none(), "an adult has 宁波's own figures");
    assert_eq!(
        adult.fund_pays.to_string(),
        "9400.00",
        "(20000 − 1200) × (70% − 20)"
    );
    let child = run(&q(8));
    let r = child.range.as_ref().expect("a child gets a range");
    assert!(
        r.explanation.zh.contains("以下不是该地公布的标准"),
        "{}",
        r.explanation.zh
    );
    assert!(r.fund_pays.low < r.fund_pays.high);
}

/// Stand-ins with no annual cap, for a region with none of its own: the fund's share is held to no cap, which the
/// answer says and asks about (a 广州 resident's 20,000 outpatient bill on 杭州's uncapped figures was silent).
#[test]
fn stand_ins_without_a_cap_are_said_to_be_uncapped() {
    let e = run(
        &json!({"insured": {"region": "440100", "scheme": "resident", "age": 40},
        "visit": {"region": "440100", "kind": "outpatient", "hospital_level": "tertiary", "date": "2025-10-21"},
        "bill": {"total": "20000"}}),
    );
    assert!(e.range.is_some());
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "stand_in_annual_cap_unknown")
        .expect("the missing cap is said");
    assert!(
        w.message.zh.contains("年度最高支付限额"),
        "{}",
        w.message.zh
    );
}

/// A chronic disease's outpatient care on general outpatient figures past their cap, with no second layer on file:
/// both are said (an 80,000 dialysis bill on 天津's 5,500 cap was silent).
#[test]
fn a_chronic_bill_past_a_borrowed_cap_says_so_and_the_missing_second_layer() {
    let e = run(
        &json!({"insured": {"region": "370200", "scheme": "employee", "status": "employed", "age": 50},
        "visit": {"region": "370200", "kind": "chronic_outpatient", "hospital_level": "tertiary",
                  "date": "2025-02-07", "chronic_disease": "uremia_dialysis"},
        "bill": {"total": "80000"}}),
    );
    let codes: Vec<&str> = e.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"chronic_cap_borrowed"), "{codes:?}");
    assert!(
        codes.contains(&"second_layer_unknown") || codes.contains(&"stand_in_second_layer_missing"),
        "{codes:?}"
    );
}

/// The spread shown beside each stand-in figure is over the regions that make the range (a stand-in left out of it
/// is not in the spread): a range of one region's amounts showed "deductible about 200.00–700.00" (helper-48).
#[test]
fn a_figures_spread_is_over_the_regions_of_the_range() {
    let e = run(
        &json!({"insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "visit": {"region": "440100", "kind": "outpatient", "hospital_level": "tertiary", "emergency": true,
                  "date": "2025-02-01"}}),
    );
    let r = e.range.as_ref().expect("a range");
    if r.fund_pays.low == r.fund_pays.high {
        for p in &e.parameters {
            assert!(
                p.typical.as_ref().is_none_or(|s| s.low == s.high),
                "{}: {:?}",
                p.name,
                p.typical
            );
        }
    }
}

/// R3.1a: a region standing in lends its figures for care at home, the base the insured region's cut applies to, not
/// its own terms for care elsewhere (蚌埠's 市外转诊 2000 / 45%, cut again for a 淮南 referral to 35%: 6300.00 on
/// 20,000; helper-50).
#[test]
fn stand_ins_lend_their_figures_for_care_at_home_not_elsewhere() {
    let e = run(
        &json!({"insured": {"region": "340400", "scheme": "resident", "age": 40},
        "visit": {"region": "340100", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-01", "discharge": "2025-03-10"},
        "filing": {"category": "referral", "start": "2025-02-20", "end": "2025-08-20", "area": "340100"},
        "bill": {"total": "20000"}}),
    );
    let r = e.range.as_ref().expect("a range");
    let low: f64 = r.fund_pays.low.to_string().parse().unwrap();
    assert!(low > 6300.0, "{:?}", r.fund_pays);
}

/// A stand-in region whose figures depend on a detail not given (深圳's residents of 60 and over: 95%) stands in with
/// each of its values: the range without the age holds the value with any age (helper-63: 24282.50–39915.00 without,
/// 42132.50 at 70, and the explanation said every age was tried).
#[test]
fn a_stand_ins_age_rows_are_in_the_range_without_an_age() {
    let q = |age: Option<u32>| {
        let mut q = json!({
            "insured": {"region": "360700", "scheme": "resident"},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-10-01", "discharge": "2026-10-12"},
            "filing": {"category": "long_term", "long_term_kind": "resident", "start": "2025-01-01", "area": "440300"},
            "bill": {"total": "50000", "out_of_catalogue": "5000", "class_b": {"amount": "5000"}}
        });
        if let Some(a) = age {
            q["insured"]["age"] = json!(a);
        }
        run(&q).range.expect("a range")
    };
    let none = q(None);
    for age in [5, 30, 70] {
        let r = q(Some(age));
        assert!(
            none.fund_pays.low <= r.fund_pays.low && r.fund_pays.high <= none.fund_pays.high,
            "age {age}: {:?} outside {:?}",
            r.fund_pays,
            none.fund_pays
        );
    }
    assert!(
        none.explanation.zh.contains("年龄"),
        "{}",
        none.explanation.zh
    );
}

/// A contribution tier is the insured region's own: where only regions standing in have tiers, the range runs over
/// them but the person is not asked for one (helper-70: 武汉's residents were asked for a field the page hides).
#[test]
fn stand_ins_tiers_are_not_asked_of_the_person() {
    let e = run(&json!({
        "insured": {"region": "420100", "scheme": "resident"},
        "visit": {"region": "420100", "kind": "inpatient", "admission": "2026-10-01", "discharge": "2026-10-10"},
        "bill": {"total": "20000"}
    }));
    let r = e.range.expect("a range");
    assert!(!r.ask.zh.contains("缴费档次"), "{}", r.ask.zh);
}

/// A stand-in with figures but no cap, left out of a range because its fund would pay more than the lowest cap on
/// file, is named in a warning; the explanation no longer says the region in the range is the only one on file
/// (helper-71: 杭州's own figures pay 2820.00 of a 上海 resident's outpatient bill the range held at 200.00).
#[test]
fn an_uncapped_stand_in_left_out_of_a_range_is_named() {
    let e = common::run(&serde_json::json!({
        "insured": {"region": "310000", "scheme": "resident", "age": 40},
        "visit": {"region": "110000", "kind": "outpatient", "hospital_level": "community", "date": "2026-03-02"},
        "filing": {"category": "long_term", "long_term_kind": "resident", "start": "2026-01-01", "area": "110000"},
        "bill": {"total": "5000"}
    }));
    let r = e.range.as_ref().expect("a range");
    assert!(!r.explanation.zh.contains("只有"), "{}", r.explanation.zh);
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "stand_in_uncapped_left_out")
        .expect("the regions left out are said");
    assert!(w.message.zh.contains("杭州市"), "{}", w.message.zh);
}

/// helper-75: a range with no age holds what each age gets. Where at 70 and over no region on file has a cap, the
/// regions without one stand in at those ages (the cap rule is applied within each age's regions): a 武汉 retiree of
/// no age got 天津's 1680.00 alone, 10430.00–18414.00 at 75.
#[test]
fn a_range_with_no_age_holds_the_amounts_of_the_ages_without_a_cap_on_file() {
    let q = |age: Option<u32>| {
        let mut q = json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": {"region": "440300", "kind": "outpatient", "hospital_level": "tertiary", "date": "2026-11-01"},
            "filing": {"category": "temporary_other", "start": "2026-10-01", "end": "2027-05-01", "area": "440300"},
            "bill": {"total": "30000"}
        });
        if let Some(a) = age {
            q["insured"]["age"] = json!(a);
        }
        run(&q)
    };
    let any = q(None);
    let old = q(Some(75));
    let (any, old) = (any.range.unwrap(), old.range.unwrap());
    assert!(any.fund_pays.low <= old.fund_pays.low, "{any:?} {old:?}");
    assert!(any.fund_pays.high >= old.fund_pays.high, "{any:?} {old:?}");
}
