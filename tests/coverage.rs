//! The 数据覆盖 view's data: every pooling region, what is on file for it, with grades and dates.

mod common;

use common::policies;
use serde_json::{json, Value};
use yidi::coverage::{coverage, CoverageEntry};
use yidi::policy::{Grade, IntraRule};

fn entry<'a>(all: &'a [CoverageEntry<'a>], code: &str) -> &'a CoverageEntry<'a> {
    all.iter()
        .find(|e| e.code == code)
        .unwrap_or_else(|| panic!("{code} listed"))
}

#[test]
fn every_region_is_listed_once_in_the_data_order() {
    let p = policies();
    let all = coverage(p);
    assert_eq!(all.len(), p.regions.len());
    assert_eq!(all.len(), 342);
    for (e, r) in all.iter().zip(&p.regions) {
        assert_eq!(
            (e.code, e.name, e.province),
            (&*r.code, &*r.name, &*r.province)
        );
    }
}

#[test]
fn wuhan_has_its_schedule_and_class_b_rate_graded_c() {
    let all = coverage(policies());
    let w = entry(&all, "420100");
    let v = serde_json::to_value(w).unwrap();
    assert_eq!(v["name"], "武汉市");
    assert_eq!(v["province"], "420000");
    assert_eq!(
        v["schedules"][0],
        json!({"scheme": "employee", "visit_kind": "inpatient", "versions": 1,
               "evidence": {"from": "2024-01-05", "last_verified": "2026-11-22", "grade": "C", "as_of": "2024-01-31", "recheck_after": "2028-11-22"}})
    );
    assert_eq!(v["class_b"][0]["rate"], "0.1");
    assert_eq!(v["class_b"][0]["scheme"], Value::Null);
    assert_eq!(w.grade, Some(Grade::C));
    // The stalest figure decides the region's last_verified: the class-B rate, verified in 2012.
    assert_eq!(v["last_verified"], "2012-04-09");
    assert_eq!(v["as_of"], "2024-01-31");
    assert!(w.adjustments.is_none());
    assert_eq!(w.intra_province.rule, IntraRule::Unknown);
    assert!(
        w.intra_province.evidence.from.is_none(),
        "no rule on file for 湖北"
    );
}

#[test]
fn shenzhen_has_adjustments_a_class_b_rate_and_its_schedules() {
    let all = coverage(policies());
    let s = entry(&all, "440300");
    // Its schedules (employee and resident, grade C, undated) were added in 2026-12.
    assert!(!s.schedules.is_empty());
    let a = s.adjustments.as_ref().expect("深圳's adjustments");
    assert_eq!(a.region, "440300");
    assert!(!a.inherited);
    assert_eq!(a.evidence.grade, Some(Grade::A));
    let v = serde_json::to_value(a).unwrap();
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["category"] == "temporary_other"
                && r["scope"] == "any"
                && r["text"] == "支付比例按本地标准的 80% 计算"),
        "{v}"
    );
    assert_eq!(s.class_b.len(), 1);
    assert_eq!(s.grade, Some(Grade::A));
}

#[test]
fn arrangements_and_intra_province_rules_are_attached_through_the_province() {
    let all = coverage(policies());
    // 保定: no figures, but 河北's exemption and 京津冀 through its province.
    let sjz = entry(&all, "130600");
    assert!(sjz.schedules.is_empty() && sjz.class_b.is_empty() && sjz.adjustments.is_none());
    assert_eq!(sjz.grade, None);
    assert_eq!(sjz.last_verified, None);
    assert_eq!(sjz.intra_province.rule, IntraRule::Exempt);
    assert!(sjz.intra_province.evidence.grade.is_some());
    let ids: Vec<&str> = sjz.arrangements.iter().map(|a| a.id).collect();
    assert_eq!(ids, ["jingjinji"]);
    assert!(sjz.arrangements[0].insured && sjz.arrangements[0].treated);
    // 成都: on the insured side of its own list, and on the treated side of 重庆's arrangement through 四川.
    let cd = entry(&all, "510100");
    let chongqing_in_sichuan = cd
        .arrangements
        .iter()
        .find(|a| a.id == "chengyu-chongqing-in-sichuan")
        .expect("成渝, 重庆 side");
    assert!(!chongqing_in_sichuan.insured && chongqing_in_sichuan.treated);
    assert!(cd
        .arrangements
        .iter()
        .any(|a| a.id == "chengdu-list" && a.insured));
}

#[test]
fn grades_and_dates_summarise_the_items() {
    let p = policies();
    for e in coverage(p) {
        let items: Vec<_> = e
            .schedules
            .iter()
            .map(|s| s.evidence)
            .chain(e.class_b.iter().map(|c| c.evidence))
            .chain(e.adjustments.iter().map(|a| a.evidence))
            .collect();
        assert_eq!(
            e.grade,
            items.iter().filter_map(|i| i.grade).min(),
            "{}",
            e.code
        );
        assert_eq!(
            e.last_verified,
            items.iter().filter_map(|i| i.last_verified).min(),
            "{}",
            e.code
        );
        assert_eq!(
            e.as_of,
            items.iter().filter_map(|i| i.as_of).max(),
            "{}",
            e.code
        );
        assert_eq!(
            e.schedules.is_empty(),
            !p.schedules.iter().any(|s| s.region == e.code),
            "{}",
            e.code
        );
        for i in &items {
            assert!(i.grade.is_some(), "{}: every figure is graded", e.code);
            assert_ne!(i.grade, Some(Grade::D), "{}: never D alone", e.code);
        }
    }
}

#[test]
fn a_province_wide_adjustment_table_is_inherited() {
    let mut v: Value = serde_json::from_str(yidi::policy::DEFAULT_POLICIES).unwrap();
    let mut table = v["adjustments"][0].clone();
    table["region"] = json!("420000");
    v["adjustments"].as_array_mut().unwrap().push(table);
    let p = yidi::Policies::load(&v.to_string()).unwrap();
    let all = coverage(&p);
    let yichang = entry(&all, "420500");
    let a = yichang
        .adjustments
        .as_ref()
        .expect("湖北's table applies to 宜昌");
    assert!(a.inherited);
    assert_eq!(a.region, "420000");
    assert_eq!(yichang.grade, a.evidence.grade);
}

#[test]
fn the_summary_counts_what_the_listing_shows() {
    let p = yidi::Policies::default_policies().unwrap();
    let s = yidi::coverage::summary(&p);
    assert_eq!(s.regions, p.regions.len());
    assert_eq!(s.regions_with_inpatient_figures, s.region_codes.len());
    assert!(s.regions_with_inpatient_figures >= 40, "{s:?}");
    // 武汉 (C-graded figures) is counted; 赣州 (nothing on file) is not.
    assert!(s.region_codes.iter().any(|c| c == "420100"));
    assert!(!s.region_codes.iter().any(|c| c == "360700"));
    assert!(s.provinces_with_intra_province_rule <= s.provinces);
}

/// The "may have changed" mark is the core's rule (the estimate's figure_stale warning uses the same two years): the
/// listing gives the day it starts, the page only compares it with today.
#[test]
fn each_item_says_from_when_it_may_have_changed() {
    let all = coverage(policies());
    let w = entry(&all, "420100");
    let lv = w.last_verified.expect("verified");
    assert_eq!(w.recheck_after, lv.checked_add_days(chrono::Days::new(731)));
    for s in &w.schedules {
        assert_eq!(
            s.evidence.recheck_after,
            s.evidence
                .last_verified
                .and_then(|d| d.checked_add_days(chrono::Days::new(731)))
        );
    }
}
