//! What the data covers, region by region (the page's 数据覆盖 view): the benefit schedules on file, the catalogue's
//! class-B rate, the cross-region adjustments, the province's intra-province filing rule and the regional
//! arrangements, who is paid where beyond filing (R1.12, R1.16), each with the best grade of its sources and its dates, so a user sees at once whether their city's
//! figures are prefilled and how far to trust them. Each item describes the latest version on file.

use crate::estimate::Category;
use crate::money::{date, Rate};
use crate::policy::{Grade, HomeLevel, IntraRule, NonDesignatedPay, Policies, Scope, Since};
use crate::query::{Scheme, VisitKind};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct CoverageEntry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The province's code (names come with `regions()`).
    pub province: &'a str,
    pub schedules: Vec<ScheduleItem>,
    pub class_b: Vec<ClassBItem>,
    /// The adjustment table that applies to people insured here: the region's own, else its province's.
    pub adjustments: Option<AdjustmentItem<'a>>,
    pub intra_province: IntraItem<'a>,
    pub arrangements: Vec<ArrangementItem<'a>>,
    /// Who is paid where beyond filing (R1.12, R1.16): the region's own rules, else its province's; none on file.
    pub access: Option<AccessItem<'a>>,
    /// The best grade among the sources of its figures (schedules, class-B rate, adjustments); none without figures.
    pub grade: Option<Grade>,
    /// The most recent `as_of` among those sources (undated pages have none).
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub as_of: Option<NaiveDate>,
    /// The earliest `last_verified` among its figures: the stalest one.
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub last_verified: Option<NaiveDate>,
    /// From this day the stalest figure may have changed (verified more than two years before): say so.
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub recheck_after: Option<NaiveDate>,
}

/// Grade and dates of one item's evidence.
#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Evidence {
    /// When the item came into force: a date, `"unknown"` when its sources give none (it then also applies to earlier
    /// visits, with a warning), or none when nothing is on file.
    pub from: Option<Since>,
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub last_verified: Option<NaiveDate>,
    pub grade: Option<Grade>,
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub as_of: Option<NaiveDate>,
    /// From this day the item may have changed (verified more than two years before): say so.
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub recheck_after: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct ScheduleItem {
    pub scheme: Scheme,
    pub visit_kind: VisitKind,
    pub versions: usize,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct ClassBItem {
    /// Absent = both schemes.
    pub scheme: Option<Scheme>,
    pub rate: Rate,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct AdjustmentItem<'a> {
    /// The table's region: this region, or its province for a province-wide rule.
    pub region: &'a str,
    pub inherited: bool,
    pub rules: Vec<RuleItem<'a>>,
    pub evidence: Evidence,
}

/// One adjustment rule, its effect described in words (the estimate's wording).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct RuleItem<'a> {
    pub category: Category,
    pub scheme: Option<Scheme>,
    pub scope: Scope,
    pub visit_kinds: Option<&'a [VisitKind]>,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct IntraItem<'a> {
    /// `unknown` also when the data has no rule for the province.
    pub rule: IntraRule,
    /// Visit kinds an exemption covers; absent = all.
    pub visit_kinds: Option<&'a [VisitKind]>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct ArrangementItem<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The region (or its province) is on the insured side, the place-of-treatment side, or both.
    pub insured: bool,
    pub treated: bool,
    pub mutual: bool,
    #[serde(serialize_with = "date::option::serialize")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub until: Option<NaiveDate>,
    pub evidence: Evidence,
}

/// The access rules that apply to people insured here (R1.12, R1.16), as the latest version gives them.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct AccessItem<'a> {
    /// The table's region: this region, or its province for a province-wide rule.
    pub region: &'a str,
    pub inherited: bool,
    pub non_designated: Option<NonDesignatedPay>,
    pub non_designated_emergency: Option<NonDesignatedPay>,
    pub long_term_at_home: Option<HomeLevel>,
    pub evidence: Evidence,
}

/// Every pooling region in the data's order, with what is on file for it.
pub fn coverage(p: &Policies) -> Vec<CoverageEntry<'_>> {
    p.regions
        .iter()
        .map(|r| {
            let province = p.province(&r.province);
            let ev = |ids: &[&[String]], from, last_verified| evidence(p, ids, from, last_verified);
            let schedules: Vec<ScheduleItem> = p
                .schedules
                .iter()
                .filter(|s| s.region == r.code)
                .filter_map(|s| {
                    let v = s.versions.last()?;
                    let mut ids: Vec<&[String]> = vec![&v.sources];
                    ids.extend(v.rows.iter().filter_map(|x| x.sources.as_deref()));
                    Some(ScheduleItem {
                        scheme: s.scheme,
                        visit_kind: s.visit_kind,
                        versions: s.versions.len(),
                        evidence: ev(&ids, Some(v.from), Some(v.last_verified)),
                    })
                })
                .collect();
            let class_b: Vec<ClassBItem> = p
                .catalogues
                .iter()
                .filter(|c| c.region == r.code)
                .filter_map(|c| {
                    let v = c.versions.last()?;
                    Some(ClassBItem {
                        scheme: c.scheme,
                        rate: v.class_b_prepay_rate,
                        evidence: ev(&[&v.sources], Some(v.from), Some(v.last_verified)),
                    })
                })
                .collect();
            let table = |code: &str| p.adjustments.iter().find(|t| t.region == code);
            let adjustments = table(&r.code).or_else(|| table(&r.province)).and_then(|t| {
                let v = t.versions.last()?;
                Some(AdjustmentItem {
                    region: &t.region,
                    inherited: t.region != r.code,
                    rules: v
                        .rules
                        .iter()
                        .map(|x| RuleItem {
                            category: x.category,
                            scheme: x.scheme,
                            scope: x.scope,
                            visit_kinds: x.visit_kinds.as_deref(),
                            text: crate::figures::describe_adjustment(&x.adjustment)
                                .zh
                                .into_owned(),
                        })
                        .collect(),
                    evidence: ev(&[&v.sources], Some(v.from), Some(v.last_verified)),
                })
            });
            let intra = province.and_then(|pr| pr.intra_province.last());
            let intra_province = IntraItem {
                rule: intra.map_or(IntraRule::Unknown, |v| v.rule),
                visit_kinds: intra.and_then(|v| v.visit_kinds.as_deref()),
                evidence: match intra {
                    Some(v) => ev(&[&v.sources], Some(v.from), None),
                    None => ev(&[], None, None),
                },
            };
            let member = |codes: &[String]| codes.iter().any(|c| *c == r.code || *c == r.province);
            let arrangements = p
                .arrangements
                .iter()
                .filter(|a| member(&a.insured) || member(&a.treated))
                .map(|a| ArrangementItem {
                    id: &a.id,
                    name: &a.name,
                    insured: member(&a.insured),
                    treated: member(&a.treated),
                    mutual: a.mutual,
                    until: a.until,
                    evidence: ev(&[&a.sources], Some(a.from.into()), None),
                })
                .collect();
            let access_table = |code: &str| p.access.iter().find(|t| t.region == code);
            let access = access_table(&r.code)
                .or_else(|| access_table(&r.province))
                .and_then(|t| {
                    let v = t.versions.last()?;
                    Some(AccessItem {
                        region: &t.region,
                        inherited: t.region != r.code,
                        non_designated: v.non_designated,
                        non_designated_emergency: v.non_designated_emergency,
                        long_term_at_home: v.long_term_at_home,
                        evidence: ev(&[&v.sources], Some(v.from), Some(v.last_verified)),
                    })
                });
            let figures = schedules
                .iter()
                .map(|s| s.evidence)
                .chain(class_b.iter().map(|c| c.evidence))
                .chain(adjustments.iter().map(|a| a.evidence));
            let (mut grade, mut as_of, mut last_verified) = (None, None, None);
            for e in figures {
                grade = least(grade, e.grade);
                as_of = as_of.max(e.as_of);
                last_verified = least(last_verified, e.last_verified);
            }
            CoverageEntry {
                code: &r.code,
                name: &r.name,
                province: &r.province,
                schedules,
                class_b,
                adjustments,
                intra_province,
                arrangements,
                access,
                grade,
                as_of,
                last_verified,
                recheck_after: last_verified.and_then(crate::warnings::recheck_after),
            }
        })
        .collect()
}

fn evidence(
    p: &Policies,
    ids: &[&[String]],
    from: Option<Since>,
    last_verified: Option<NaiveDate>,
) -> Evidence {
    let mut e = Evidence {
        from,
        last_verified,
        grade: None,
        as_of: None,
        recheck_after: last_verified.and_then(crate::warnings::recheck_after),
    };
    for s in ids
        .iter()
        .flat_map(|v| v.iter())
        .filter_map(|id| p.sources.get(id))
    {
        e.grade = least(e.grade, Some(s.grade));
        // An undated page's `as_of` is the day it was read, not a date of the source's.
        if !s.undated {
            e.as_of = e.as_of.max(Some(s.as_of));
        }
    }
    e
}

/// The smaller of two values where present (None is "unknown", not "smallest").
fn least<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The counts that say how far the data reaches (issue 11): regions with their own sourced (grade A–C) inpatient
/// figures for at least one scheme, and provinces with a sourced (grade A–C) intra-province filing rule, exempt or
/// required. Everyone else still gets an amount: a labelled range from these regions (src/typical.rs).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(rename = "CoverageSummary"))]
pub struct Summary {
    pub regions: usize,
    pub regions_with_inpatient_figures: usize,
    pub provinces: usize,
    pub provinces_with_intra_province_rule: usize,
    /// Codes of the regions counted, and of the provinces counted.
    pub region_codes: Vec<String>,
    pub province_codes: Vec<String>,
}

pub fn summary(p: &Policies) -> Summary {
    let sourced = |g: Option<Grade>| g.is_some_and(|g| g <= Grade::C);
    let entries = coverage(p);
    let region_codes: Vec<String> = entries
        .iter()
        .filter(|e| {
            e.schedules
                .iter()
                .any(|s| s.visit_kind == VisitKind::Inpatient && sourced(s.evidence.grade))
        })
        .map(|e| e.code.to_string())
        .collect();
    let mut province_codes: Vec<String> = Vec::new();
    for e in &entries {
        let rule = &e.intra_province;
        if rule.rule != IntraRule::Unknown
            && sourced(rule.evidence.grade)
            && !province_codes.iter().any(|c| c == e.province)
        {
            province_codes.push(e.province.to_string());
        }
    }
    Summary {
        regions: entries.len(),
        regions_with_inpatient_figures: region_codes.len(),
        provinces: p.provinces.len(),
        provinces_with_intra_province_rule: province_codes.len(),
        region_codes,
        province_codes,
    }
}
