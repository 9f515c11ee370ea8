//! The settlement route (直接结算 / 手工报销 / 不支付) and the cross-region adjustment that comes with the category.
//! Rules R1.5, R1.11, R1.14, R3.1–R3.8, R4.3–R4.5 of docs/rules.md.

use crate::error::Message;
use crate::estimate::{Category, FilingStatus, Route, Warning};
use crate::filing::FilingOutcome;
use crate::money::Rate;
use crate::policy::cap_for;
use crate::policy::{category_label, Policies, Region, Scope, Since};
use crate::query::{Adjustment, Query, Situation, VisitKind};
use crate::region::Relation;
use chrono::NaiveDate;

/// An adjustment to apply, with where it came from.
#[derive(Clone, Debug)]
pub struct ChosenAdjustment {
    pub adjustment: Adjustment,
    pub source_ids: Vec<String>,
    pub overridden: bool,
    /// The national cap on the cut for this category (R3.3), checked when the ratio is known.
    pub cap: Option<Rate>,
    /// When the insured region's table came into force and when it was last checked (none for other adjustments).
    pub from: Option<Since>,
    pub last_verified: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Decision {
    pub route: Route,
    pub category: Category,
    pub adjustment: Option<ChosenAdjustment>,
    /// Whose catalogue splits the bill (R3.1 就医地目录 for direct settlement; R3.8 参保地目录 for manual claims).
    pub catalogue_region: String,
    pub message: Message,
    pub next_steps: Vec<Message>,
}

pub fn decide(
    p: &Policies,
    q: &Query,
    insured: &Region,
    treated: &Region,
    f: &FilingOutcome,
    on: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> Decision {
    let category = f.category;
    if !q.insured.enrolled {
        return Decision {
            route: Route::NotCovered,
            category,
            adjustment: None,
            catalogue_region: insured.code.clone(),
            message: Message::new(
                "就医当日参保缴费状态不正常（断缴、停保或待遇等待期），医保基金不支付",
                "Contributions were not in good standing on the visit date: the fund pays nothing",
            ),
            next_steps: vec![Message::new(
                "向参保地医保经办机构核实参保状态；补缴后待遇自恢复之日起享受，欠费期间发生的费用一般不予支付",
                "Check your enrolment with your insurer; after paying arrears, benefits resume from then, not for the lapse",
            )],
        };
    }
    let mut route = if f.relation == Relation::SameRegion {
        Route::Local
    } else if f.direct_possible && q.visit.networked {
        Route::Direct
    } else {
        Route::Manual
    };
    let mut extra = Vec::new();
    if route == Route::Direct
        && q.visit.kind == VisitKind::ChronicOutpatient
        && f.relation == Relation::CrossProvince
    {
        let code = q.visit.chronic_disease.as_deref().unwrap_or("other");
        let listed = p.chronic_disease(code).is_some_and(|d| d.from <= on);
        if !listed {
            route = Route::Manual;
            extra.push(Message::new(
                "该病种不在跨省直接结算的门诊慢特病范围内：先在参保地办理门诊慢特病资格认定，再持票据回参保地手工报销",
                "This disease is not among those settled directly across provinces: get it recognised at home, then claim manually",
            ));
        }
    }
    let adjustment = if route == Route::Local {
        None
    } else {
        choose_adjustment(p, q, insured, f, on, warnings)
    };
    if adjustment
        .as_ref()
        .is_some_and(|a| a.adjustment == Adjustment::NotCovered)
    {
        route = Route::NotCovered;
    }
    let catalogue_region = if route == Route::Manual {
        insured.code.clone()
    } else {
        treated.code.clone()
    };
    let message = route_message(route, category, q);
    let mut next_steps = next_steps(route, f, q);
    if q.visit.kind == VisitKind::ChronicOutpatient && route != Route::NotCovered {
        // R4.5: the insured region recognises the disease first, whatever the filing or the route.
        next_steps.insert(
            0,
            Message::new(
                "先在参保地办理门诊慢特病资格认定（认定后才按门诊慢特病待遇结算）",
                "First have the chronic disease recognised by your insured region (门诊慢特病资格认定): only then is it paid as one",
            ),
        );
    }
    next_steps.extend(extra);
    Decision {
        route,
        category,
        adjustment,
        catalogue_region,
        message,
        next_steps,
    }
}

/// The adjustment for the category: an override, else the insured region's (or province's) data, else for temporary
/// categories the largest cut the national text allows — the safe reading when a region publishes nothing (R3.3).
fn choose_adjustment(
    p: &Policies,
    q: &Query,
    insured: &Region,
    f: &FilingOutcome,
    on: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> Option<ChosenAdjustment> {
    let cap = cap_for(p, f.category, on);
    if let Some(a) = &q.overrides.adjustment {
        return Some(ChosenAdjustment {
            adjustment: a.clone(),
            source_ids: Vec::new(),
            overridden: true,
            cap,
            from: None,
            last_verified: None,
        });
    }
    let from_table = |category: Category| {
        let version = p.adjustments_for(&insured.code, &insured.province, on)?;
        let scope_ok = |s: Scope| match s {
            Scope::Any => true,
            Scope::CrossProvince => f.relation == Relation::CrossProvince,
            Scope::IntraProvince => f.relation == Relation::IntraProvince,
        };
        let rule = version.rules.iter().find(|r| {
            r.category == category
                && scope_ok(r.scope)
                && r.scheme.is_none_or(|s| s == q.insured.scheme)
                && r.visit_kinds
                    .as_ref()
                    .is_none_or(|k| k.contains(&q.visit.kind))
        })?;
        Some(ChosenAdjustment {
            adjustment: rule.adjustment.clone(),
            source_ids: version.sources.clone(),
            overridden: false,
            cap,
            from: Some(version.from),
            last_verified: Some(version.last_verified),
        })
    };
    match f.category {
        Category::Local | Category::LongTerm => None,
        Category::IntraProvinceExempt | Category::Arrangement => {
            f.waiver_adjustment
                .clone()
                .map(|(adjustment, source_ids)| ChosenAdjustment {
                    adjustment,
                    source_ids,
                    overridden: false,
                    cap,
                    from: None,
                    last_verified: None,
                })
        }
        Category::Referral | Category::Emergency | Category::TemporaryOther => {
            from_table(f.category).or_else(|| national_default(p, f.category, on, warnings))
        }
        Category::Unfiled | Category::LateFiling => {
            // The national text leaves unfiled visits to the insured region (R3.6); without its own rule, the
            // estimate takes the "other temporary" treatment, the closest category the region does publish.
            let own = from_table(f.category);
            if own.is_none() {
                warnings.push(Warning::new(
                    "unfiled_treated_as_temporary",
                    "参保地未公布未备案（或出院后补办）的报销规定，按“其他临时外出就医”的待遇估算；实际以参保地手工报销审核为准",
                    "The insured region publishes no rule for unfiled visits: estimated as an 'other temporary' visit; the manual claim decides",
                ));
            }
            own.or_else(|| from_table(Category::TemporaryOther))
                .or_else(|| national_default(p, Category::TemporaryOther, on, warnings))
                .map(|mut a| {
                    a.cap = None;
                    a
                })
        }
    }
}

fn national_default(
    p: &Policies,
    category: Category,
    on: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> Option<ChosenAdjustment> {
    let versioned = p.adjustment_caps(on)?;
    let cap = cap_for(p, category, on)?;
    let label = category_label(category);
    warnings.push(Warning::new(
        "adjustment_assumed_national_cap",
        format!(
            "参保地未公布“{}”的异地待遇降幅，按国家允许的最大降幅 {} 个百分点估算（最稳妥），实际报销可能更多",
            label.zh,
            crate::estimate::points(cap)
        ),
        format!(
            "The insured region publishes no cut for '{}': the national maximum of {} points is assumed (the safe reading); you may get more",
            label.en,
            crate::estimate::points(cap)
        ),
    ));
    Some(ChosenAdjustment {
        adjustment: Adjustment::PpReduction { value: cap },
        source_ids: versioned.sources.clone(),
        overridden: false,
        cap: Some(cap),
        from: None,
        last_verified: None,
    })
}

/// When the patient pays: at discharge for a stay, at the counter for a visit, at the till for a pharmacy.
fn pay_moment(q: &Query) -> (&'static str, &'static str) {
    match q.visit.kind {
        VisitKind::Inpatient => ("出院时", "at discharge"),
        VisitKind::Pharmacy => ("购药时", "when you buy"),
        _ => ("就诊结算时", "when you pay for the visit"),
    }
}

fn route_message(route: Route, category: Category, q: &Query) -> Message {
    let label = category_label(category);
    let (zh_when, en_when) = pay_moment(q);
    match route {
        Route::Local => Message::new("参保地本地结算", "Settled locally"),
        Route::Direct if q.situation == Some(Situation::Discharged) => Message::new(
            format!(
                "本次可直接结算（{}）：若当时已按直接结算付款，只付了个人负担部分；若已全额付款，须回参保地手工报销",
                label.zh
            ),
            format!(
                "This visit could be settled directly ({}): if it was, you paid only your share; if you paid in full, claim at home",
                label.en
            ),
        ),
        Route::Direct => Message::new(
            format!(
                "可直接结算（{}），{zh_when}只需支付个人负担部分",
                label.zh
            ),
            format!(
                "Settled directly ({}); {en_when} you pay only your share",
                label.en
            ),
        ),
        Route::Manual => Message::new(
            format!(
                "不能直接结算：先全额垫付，再回参保地手工报销（{}）",
                label.zh
            ),
            format!(
                "No direct settlement: pay in full, then claim at home ({})",
                label.en
            ),
        ),
        Route::NotCovered => Message::new(
            "医保基金不支付本次费用",
            "The fund pays nothing for this visit",
        ),
    }
}

fn next_steps(route: Route, f: &FilingOutcome, q: &Query) -> Vec<Message> {
    let discharged = q.situation == Some(Situation::Discharged);
    let inpatient = q.visit.kind == VisitKind::Inpatient;
    // Each written only when the route calls for it.
    let (file_now_zh, file_now_en) = (
        "办理备案：国家医保服务平台 APP、“国家异地就医备案”小程序、国务院客户端小程序，或参保地医保经办窗口",
        "File via the National Medical Insurance Service Platform app, the national cross-region filing mini-program, the State Council client mini-program, or your insurer's counter",
    );
    let show_card = || {
        Message::new(
            "就医时出示医保电子凭证或社会保障卡，并主动说明异地参保身份",
            "Show your medical insurance e-voucher or social security card and say you are insured elsewhere",
        )
    };
    let keep_papers = || {
        Message::new(
            "保留报销材料：医疗费用发票原件、费用明细清单、出院小结或诊断证明、病历（急诊需急诊病历或抢救记录）、身份证或社保卡，回参保地医保经办机构申请手工报销",
            "Keep for the claim: original invoices, itemised bill, discharge summary or diagnosis, medical record (emergency record if any), ID or social security card; claim at your insurer",
        )
    };
    let status = f.verdict.status;
    match route {
        Route::Local => vec![Message::new(
            "持医保电子凭证或社保卡在定点医药机构就医结算",
            "Use your e-voucher or card at a designated institution",
        )],
        Route::Direct => {
            let mut v = Vec::new();
            if status == FilingStatus::LateBeforeDischarge || status == FilingStatus::NotYetValid {
                v.push(if inpatient {
                    Message::new(
                        "务必在出院结算前办妥备案，否则只能手工报销",
                        "Complete the filing before discharge settlement, or you must claim manually",
                    )
                } else {
                    Message::new(
                        "务必在结算前办妥备案，否则只能手工报销",
                        "Complete the filing before you pay, or you must claim manually",
                    )
                });
            }
            if discharged {
                v.push(keep_papers());
            }
            if f.verdict.reason == crate::estimate::FilingReason::Emergency {
                v.push(Message::new(
                    "保留急诊病历或抢救记录，部分地区要求急诊后补办备案",
                    "Keep the emergency record; some regions ask for a filing afterwards",
                ));
            }
            v.push(show_card());
            v
        }
        Route::Manual => {
            let mut v = Vec::new();
            if !discharged
                && matches!(
                    status,
                    FilingStatus::Missing | FilingStatus::Expired | FilingStatus::NotYetValid
                )
            {
                v.push(if inpatient {
                    Message::new(
                        format!("若尚未出院：出院结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("If not yet discharged: filing before discharge settlement allows direct settlement. {file_now_en}"),
                    )
                } else {
                    Message::new(
                        format!("结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("Filing before you pay allows direct settlement. {file_now_en}"),
                    )
                });
            }
            if discharged && status != FilingStatus::LateAfterDischarge && f.verdict.required {
                v.push(Message::new(
                    format!("已出院并全额付款：先补办备案，再按参保地规定手工报销。{file_now_zh}"),
                    format!("Discharged and paid in full: file now, then claim under your home region's rules. {file_now_en}"),
                ));
            }
            if status == FilingStatus::LateAfterDischarge {
                v.push(Message::new(
                    "已出院自费结算：补办备案后按参保地规定手工报销",
                    "Paid at discharge: after filing, claim manually under home-region rules",
                ));
            }
            v.push(keep_papers());
            v
        }
        Route::NotCovered => vec![Message::new(
            "本次费用需个人全额负担",
            "You bear the whole cost",
        )],
    }
}
