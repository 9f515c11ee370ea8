//! The settlement route (直接结算 / 手工报销 / 不支付) and the cross-region adjustment that comes with the category.
//! Rules R1.5, R1.11, R1.12, R1.14, R1.16, R3.1–R3.8, R4.3–R4.5, R6.1, R6.2 of docs/rules.md.

use crate::error::Message;
use crate::estimate::{Category, FilingStatus, NotCoveredReason, Route, Warning};
use crate::filing::FilingOutcome;
use crate::money::Rate;
use crate::policy::cap_for;
use crate::policy::{category_label, HomeLevel, NonDesignatedPay, Policies, Region, Scope, Since};
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
    /// The national maximum cut standing in for a cut the insured region has not published (R3.3): an assumption,
    /// said in a warning, not the region's figure.
    pub assumed: bool,
    /// The assumed cut is for a visit within the province, which no national cap governs: the cross-province maximum
    /// stands in (helper-58: its figure read "the national maximum").
    pub assumed_within: bool,
    /// The insured province's rule, the insured region having none of its own on file (its table, or the
    /// province's waiver of filing): basis `province`, said in a warning.
    pub province_wide: bool,
}

#[derive(Clone, Debug)]
pub struct Decision {
    pub route: Route,
    /// Why the fund pays nothing, when it does not.
    pub reason: Option<NotCoveredReason>,
    pub category: Category,
    pub adjustment: Option<ChosenAdjustment>,
    /// Whose catalogue splits the bill (R3.1 就医地目录 for direct settlement; R3.8 参保地目录 for manual claims).
    pub catalogue_region: String,
    pub message: Message,
    pub next_steps: Vec<Message>,
    /// Sources of the rules that decided the route beside the adjustment's (waiting period, non-designated).
    pub source_ids: Vec<String>,
}

/// The fund pays nothing: why, what it means, and what to do.
fn nothing(
    reason: NotCoveredReason,
    category: Category,
    insured: &Region,
    message: Message,
    next_steps: Vec<Message>,
    source_ids: Vec<String>,
) -> Decision {
    Decision {
        route: Route::NotCovered,
        reason: Some(reason),
        category,
        adjustment: None,
        catalogue_region: insured.code.clone(),
        message,
        next_steps,
        source_ids,
    }
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
        return nothing(
            NotCoveredReason::NotEnrolled,
            category,
            insured,
            msg!(
                "就医当日参保缴费状态不正常（断缴、停保或待遇等待期），医保基金不支付",
                "Contributions were not in good standing on the visit date: the fund pays nothing",
            ),
            vec![msg!(
                "向参保地医保经办机构核实参保状态；补缴后待遇自恢复之日起享受，欠费期间发生的费用一般不予支付",
                "Check your enrolment with your insurer; after paying arrears, benefits resume from then, not for the lapse",
            )],
            Vec::new(),
        );
    }
    // R6.2: admitted before benefits start.
    let start = crate::enrolment::benefits_start(p, q, warnings);
    if let Some(s) = start.filter(|s| on < s.from) {
        let from = s.from;
        return nothing(
            NotCoveredReason::WaitingPeriod,
            category,
            insured,
            msg!(
                format!("入院（就诊）日期 {on} 在待遇等待期内（待遇自 {from} 起享受），医保基金不支付"),
                format!("Admitted on {on}, within the waiting period (benefits start on {from}): the fund pays nothing"),
            ),
            vec![
                // Deferring is advice for care not yet had (helper-52: said to a person already discharged).
                if q.situation_by_dates() == Situation::Planning {
                    msg!(
                        format!("能推迟的治疗可在 {from} 及以后就医，届时按规定报销"),
                        format!("Care that can wait is paid from {from} on"),
                    )
                } else {
                    msg!(
                        format!("等待期内发生的费用，事后补缴也不追溯支付；{from} 及以后发生的费用按规定报销"),
                        format!("Costs within the waiting period are not paid even if contributions are paid later; costs from {from} on are paid as usual"),
                    )
                },
                msg!(
                    "向参保地医保经办机构核实待遇开始日期；补缴断缴年度的个人缴费可缩短以后就医的等待期",
                    "Ask your insurer when benefits start; paying the missed years' contributions shortens the wait for later care",
                ),
            ],
            s.source_ids,
        );
    }
    let mut source_ids = Vec::new();
    // Paid in full, said so (the card not shown, the hospital's system down): a claim at home, as at a hospital that
    // does not settle directly (R3.7; helper-53: told "settled directly, nothing to claim").
    // At home too: paid in full (helper-64: a local stay paid in full brought "0.00" back), claimed at the insurer.
    let mut route = if f.relation == Relation::SameRegion && !q.paid_all() {
        Route::Local
    } else if f.relation == Relation::SameRegion {
        Route::Manual
    } else if f.direct_possible && hospital_settles(q) && !q.paid_all() {
        Route::Direct
    } else {
        Route::Manual
    };
    // R1.16: an institution that is not designated.
    if q.visit.designated == Some(false) {
        let access = p.access_for(&insured.code, &insured.province, on);
        let pays = access.and_then(|a| {
            if q.rescue() {
                a.non_designated_emergency.or(a.non_designated)
            } else {
                a.non_designated
            }
        });
        if let (Some(a), Some(_)) = (access, pays) {
            source_ids.extend(a.sources.iter().cloned());
        }
        match pays {
            Some(NonDesignatedPay::ManualClaim) => route = Route::Manual,
            known => {
                // R1.16: the rule on file is for non-designated institutions in general; for an emergency, it may not
                // be the region's last word.
                if known.is_some()
                    && q.rescue()
                    && access.is_some_and(|a| a.non_designated_emergency.is_none())
                {
                    warnings.push(Warning::new(
                        "non_designated_emergency_unknown",
                        "参保地的规定只说非定点医疗机构的费用不予支付，未说急诊抢救：按不支付估算（最稳妥）。不少地区对急诊抢救在非定点医疗机构发生的费用可以回参保地报销：请保留急诊病历并向参保地医保经办机构核实",
                        "The insured region's rule says only that costs at non-designated institutions are not paid, not what it does for an emergency rescue: the fund is assumed to pay nothing (the safe reading). Many regions do pay an emergency there by a claim at home: keep the emergency record and ask your insurer",
                    ));
                }
                if known.is_none() {
                    warnings.push(Warning::new(
                        "non_designated_rule_unknown",
                        "参保地对非定点医疗机构费用的规定未收录：按医保基金不支付估算（最稳妥）。急诊抢救在非定点医疗机构发生的费用，不少地区可以按规定回参保地报销：请保留急诊病历并向参保地医保经办机构核实",
                        "The insured region's rule for non-designated institutions is not on file: the fund is assumed to pay nothing (the safe reading). Many regions do pay an emergency rescue at a non-designated hospital by a claim at home: keep the emergency record and ask your insurer",
                    ));
                }
                return nothing(
                    NotCoveredReason::NotDesignated,
                    category,
                    insured,
                    msg!(
                        "非医保定点医疗机构，医保基金不支付本次费用",
                        "Not a designated institution: the fund pays nothing for this visit",
                    ),
                    vec![msg!(
                        "尽量到医保定点医疗机构就医（异地就医选跨省联网定点医疗机构，可在国家医保服务平台 APP 查询）",
                        "Where you can, go to a designated institution (away from home, a networked one: search the national medical insurance app)",
                    )],
                    source_ids,
                );
            }
        }
    }
    // Said to have paid only their share where, by what the query says, the hospital could not settle directly: the
    // two disagree (a filing or a networked hospital not entered?), said rather than ignored (helper-54).
    if route == Route::Manual && q.paid_share_only() {
        warnings.push(Warning::new(
            "paid_share_not_direct",
            "您说只付了个人负担部分（医院已直接结算），但按所填的情况本次不能直接结算：请核对备案情况和医院是否开通异地直接结算；若医院确已直接结算，则无需再报销",
            "You said you paid only your share (settled directly), but by what is entered this visit could not be settled directly: check the filing and whether the hospital settles for patients from elsewhere; if it did settle directly, there is nothing to claim",
        ));
    }
    // R6.1: whether childbirth settles directly across regions is not established: paid in full and claimed at home.
    if q.visit.kind == VisitKind::Maternity {
        if route == Route::Direct {
            route = Route::Manual;
            // What to ask before settling, while it is still to come (helper-78: "before discharge" once discharged).
            let (ask_zh, ask_en) = if q.discharged_by_dates() {
                ("", "")
            } else if q.visit.is_stay() {
                (
                    "；出院前可向医院医保办询问能否直接结算",
                    "; ask the hospital's insurance office before discharge",
                )
            } else {
                (
                    "；付款前可向医院医保办询问能否直接结算",
                    "; ask the hospital's insurance office before you pay",
                )
            };
            warnings.push(Warning::new(
                "maternity_direct_settlement_open",
                format!("生育医疗费用能否在异地直接结算，来源未能确定：按先全额垫付、回参保地手工报销估算（最稳妥）{ask_zh}"),
                format!("Whether childbirth costs settle directly away from home is not established: estimated as paid in full and claimed at home (the safe reading){ask_en}"),
            ));
        }
        if !p.has_maternity_schedule(&insured.code, q.insured.scheme)
            && q.overrides.ratio.is_none()
            && q.overrides.segments.is_none()
        {
            warnings.push(Warning::new(
                "maternity_inpatient_figures",
                "参保地生育医疗费用的支付标准未收录，按住院标准估算（最稳妥）；不少地区生育医疗费用按定额或更高比例支付，国家目标是 2026 年政策范围内的基本分娩费用个人基本不负担，实际报销可能更多。职工的生育津贴不在本估算内",
                "The insured region's childbirth figures are not on file: estimated with its inpatient figures (the safe reading). Many regions pay childbirth at a fixed amount or a higher ratio, and the national aim is that basic childbirth costs within the policy scope cost nothing from 2026: you may get more. An employee's maternity allowance is not in this estimate",
            ));
        }
    }
    let mut extra = Vec::new();
    if route == Route::Direct
        && q.visit.kind == VisitKind::ChronicOutpatient
        && f.relation == Relation::CrossProvince
    {
        let code = q.visit.chronic_disease.as_deref().unwrap_or("other");
        match (p.chronic_disease(code), p.chronic_list_incomplete(on)) {
            (Some(d), _) if d.from <= on => {}
            // On the list, from a later day (R4.3): not yet settled directly on the visit's.
            (Some(d), _) => {
                route = Route::Manual;
                let from = crate::money::date::format(d.from);
                extra.push(msg!(
                    format!("该病种自 {from} 起才纳入跨省直接结算的门诊慢特病范围，就诊当日尚未纳入：先在参保地办理门诊慢特病资格认定，再持票据回参保地手工报销"),
                    format!("This disease settles directly across provinces only from {from}, after the visit: get it recognised at home, then claim manually"),
                ));
            }
            // More diseases were announced and not identified (R4.3): said as a doubt, the claim kept as the safe reading.
            (None, Some(rule)) => {
                route = Route::Manual;
                // The year the data dates the rule from (policies.json), not one written here as well.
                let year = chrono::Datelike::year(&rule.from);
                // The national rule's own sources back the doubt (the settlement's sources list them).
                for id in &rule.sources {
                    if !source_ids.contains(id) {
                        source_ids.push(id.clone());
                    }
                }
                extra.push(msg!(
                    format!("该病种不在已收录的可跨省直接结算的门诊慢特病内；国家自 {year} 年起陆续增加病种，新增名单未收录，可能已可直接结算：请先向参保地医保经办机构或 12393 确认。如不能直接结算，先在参保地办理门诊慢特病资格认定，再持票据回参保地手工报销"),
                    format!("This disease is not among the chronic diseases on file that settle directly across provinces; more have been added since {year} and the additions are not on file, so it may settle directly: ask your insurer or 12393 first. If not, get it recognised at home, then claim manually"),
                ));
                warnings.push(Warning::new(
                    "chronic_list_incomplete",
                    format!("跨省直接结算的门诊慢特病自 {year} 年起陆续增加，新增病种未收录：本病种按手工报销估算，实际可能可以直接结算"),
                    format!("Chronic diseases settled directly across provinces have been added since {year} and the additions are not on file: this one is estimated as a manual claim, and may settle directly"),
                ));
            }
            (None, None) => {
                route = Route::Manual;
                extra.push(msg!(
                    "该病种不在跨省直接结算的门诊慢特病范围内：先在参保地办理门诊慢特病资格认定，再持票据回参保地手工报销",
                    "This disease is not among those settled directly across provinces: get it recognised at home, then claim manually",
                ));
            }
        }
    }
    let adjustment = if route == Route::Local && category != Category::LongTermAtHome {
        None
    } else {
        choose_adjustment(p, q, insured, f, on, warnings)
    };
    let mut reason = None;
    if adjustment
        .as_ref()
        .is_some_and(|a| a.adjustment == Adjustment::NotCovered)
    {
        route = Route::NotCovered;
        reason = Some(NotCoveredReason::CategoryNotCovered);
    }
    let catalogue_region = if route == Route::Manual {
        insured.code.clone()
    } else {
        treated.code.clone()
    };
    let message = route_message(route, category, q);
    let mut next_steps = next_steps(route, f, q);
    // A waiver of unknown start (R1.6): the verdict says to file anyway, to be safe; so do the steps, while a filing
    // can still be made (helper-75: only "show your card" beside "file anyway" and a recommended filing).
    if route == Route::Direct
        && !q.discharged_by_dates()
        && warnings
            .iter()
            .any(|w| w.code == crate::filing::WAIVER_START_UNKNOWN)
    {
        next_steps.insert(
            0,
            if q.visit.is_stay() {
                msg!(
                    "稳妥起见，出院结算前办好备案（本省省内免备案规定的施行日期不明）",
                    "To be safe, file before discharge settlement (the province's waiver of filing has no known start)",
                )
            } else {
                msg!(
                    "稳妥起见，结算前办好备案（本省省内免备案规定的施行日期不明）",
                    "To be safe, file before you pay (the province's waiver of filing has no known start)",
                )
            },
        );
    }
    if q.visit.kind == VisitKind::ChronicOutpatient && route != Route::NotCovered {
        // R4.5: the insured region recognises the disease first, whatever the filing or the route.
        next_steps.insert(
            0,
            msg!(
                "先在参保地办理门诊慢特病资格认定（认定后才按门诊慢特病待遇结算）",
                "First have the chronic disease recognised by your insured region (门诊慢特病资格认定): only then is it paid as one",
            ),
        );
    }
    next_steps.extend(extra);
    Decision {
        route,
        reason,
        category,
        adjustment,
        catalogue_region,
        message,
        next_steps,
        source_ids,
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
            assumed: false,
            assumed_within: false,
            province_wide: false,
        });
    }
    let from_table = |category: Category| from_table_for(p, q, insured, f, on, category);
    // The national caps are those of cross-province visits (R3.3): within a province they are only the safe reading.
    let within = f.relation == Relation::IntraProvince;
    match f.category {
        Category::Local | Category::LongTerm => None,
        // R1.12: a long-term filer at home gets at least the referral level; the region's data says when more.
        Category::LongTermAtHome => {
            let access = p.access_for(&insured.code, &insured.province, on);
            let own = access.and_then(|a| a.long_term_at_home.map(|l| (l, &a.sources)));
            let national = p.long_term_at_home(on).map(|v| (v.value, &v.sources));
            let (level, level_sources) = own.or(national)?;
            if level == HomeLevel::Local {
                return None;
            }
            if own.is_none() {
                warnings.push(Warning::new(
                    "long_term_home_assumed_referral",
                    "参保地未公布异地长期居住人员回参保地就医的待遇：按国家规定的最低水平（参保地跨省转诊待遇）估算（最稳妥）；不少地区按本地待遇支付，实际报销可能更多",
                    "The insured region publishes no rule for long-term filers treated back home: estimated at the national floor, its cross-province referral level (the safe reading); many regions pay the full local level",
                ));
            }
            let mut a = from_table_for(p, q, insured, f, on, Category::Referral)
                .or_else(|| national_default(p, Category::Referral, on, within, warnings))?;
            a.source_ids.extend(level_sources.iter().cloned());
            Some(a)
        }
        // R6.1: a childbirth filing, with the region's own treatment, else that of other temporary visits.
        Category::Maternity => from_table(Category::Maternity).or_else(|| {
            warnings.push(Warning::new(
                "maternity_filing_treated_as_temporary",
                "异地生育就医备案只是部分地区（如珠海）设立的类别，参保地未公布其待遇：按“其他临时外出就医”的待遇估算（最稳妥）；请向参保地核实",
                "A childbirth filing is a category only some regions have (Zhuhai, for one); the insured region publishes no treatment for it: estimated as an 'other temporary' visit (the safe reading); ask your insurer",
            ));
            from_table(Category::TemporaryOther)
                .or_else(|| national_default(p, Category::TemporaryOther, on, within, warnings))
        }),
        Category::IntraProvinceExempt | Category::Arrangement => {
            let waiver = f
                .waiver_adjustment
                .clone()
                .map(|(adjustment, source_ids, from)| ChosenAdjustment {
                    adjustment,
                    source_ids,
                    overridden: false,
                    cap,
                    // The waiver's or the arrangement's own date (helper-63: the figure showed no `from`).
                    from: Some(from),
                    last_verified: None,
                    assumed: false,
                    assumed_within: false,
                    // The province's waiver, unless the insured region's own table has a rule for temporary
                    // visits within the province (宁波, whose notice the waiver's cut comes from).
                    province_wide: f.category == Category::IntraProvinceExempt
                        && !p.own_adjustments(&insured.code, on).is_some_and(|v| {
                                v.rules.iter().any(|r| {
                                    r.category == Category::TemporaryOther
                                        && r.scope != Scope::CrossProvince
                                })
                            }),
                });
            // R1.2: an emergency rescue is settled as one. Where the insured region's own rule for emergencies cuts
            // less than the waiver's, it is the one that applies (宁波: 急诊抢救 not cut, against 浙江's exemption).
            let emergency = q
                .rescue()
                .then(|| from_table(Category::Emergency))
                .flatten();
            match (waiver, emergency) {
                (Some(w), Some(e)) if lighter(&e.adjustment, &w.adjustment) => {
                    warnings.push(Warning::new(
                        "emergency_over_waiver",
                        "本次为急诊抢救：参保地对异地急诊抢救人员的待遇高于免备案就医的待遇，按急诊抢救的待遇估算。请保留急诊病历或抢救记录",
                        "This visit is an emergency rescue: the insured region treats emergencies better than visits without a filing, and the visit is estimated as an emergency. Keep the emergency record",
                    ));
                    Some(e)
                }
                (w, _) => w,
            }
        }
        Category::Referral | Category::Emergency | Category::TemporaryOther => {
            from_table(f.category).or_else(|| national_default(p, f.category, on, within, warnings))
        }
        Category::Unfiled | Category::LateFiling => {
            // The national text leaves unfiled visits to the insured region (R3.6); without its own rule, the
            // estimate takes the "other temporary" treatment, the closest category the region does publish.
            let own = from_table(f.category);
            if own.is_none() {
                warnings.push(Warning::new(
                    "unfiled_treated_as_temporary",
                    "参保地未公布未备案（或结算后才补办备案）的报销规定，按“其他临时外出就医”的待遇估算；实际以参保地手工报销审核为准",
                    "The insured region publishes no rule for unfiled visits: estimated as an 'other temporary' visit; the manual claim decides",
                ));
            }
            own.or_else(|| from_table(Category::TemporaryOther))
                .or_else(|| national_default(p, Category::TemporaryOther, on, within, warnings))
                .map(|mut a| {
                    a.cap = None;
                    a
                })
        }
    }
}

/// Whether adjustment `a` plainly cuts less than `b` (no change against a cut; a smaller reduction; a larger multiplier).
/// Adjustments of different kinds are not compared: `false`.
fn lighter(a: &Adjustment, b: &Adjustment) -> bool {
    match (a, b) {
        (Adjustment::None, b) => *b != Adjustment::None,
        (Adjustment::PpReduction { value: x }, Adjustment::PpReduction { value: y }) => x < y,
        (Adjustment::Multiplier { value: x }, Adjustment::Multiplier { value: y }) => x > y,
        (Adjustment::Ratio { value: x }, Adjustment::Ratio { value: y }) => x > y,
        _ => false,
    }
}

/// The insured region's (or province's) rule for a category, for this visit.
fn from_table_for(
    p: &Policies,
    q: &Query,
    insured: &Region,
    f: &FilingOutcome,
    on: NaiveDate,
    category: Category,
) -> Option<ChosenAdjustment> {
    let cap = cap_for(p, category, on);
    // The region's own table, else its province's (then said as the province's).
    let own = p.own_adjustments(&insured.code, on);
    let version = own.or_else(|| p.own_adjustments(&insured.province, on))?;
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
        assumed: false,
        assumed_within: false,
        province_wide: own.is_none(),
    })
}

fn national_default(
    p: &Policies,
    category: Category,
    on: NaiveDate,
    within: bool,
    warnings: &mut Vec<Warning>,
) -> Option<ChosenAdjustment> {
    let label = category_label(category);
    // The caps in force on the day. Before the national caps (R3.3) there is no national default, and the region's own
    // cut of that time is not on file: the first caps' maximum is assumed (the safe reading, never an unfiled trip
    // priced as a long-term filer's), and the person is told the cut of that time may have differed either way.
    let (caps, before) = match p.adjustment_caps(on) {
        Some(v) => (v, false),
        None => {
            let first = p.national.adjustment_caps.iter().min_by_key(|v| v.from)?;
            if on >= first.from {
                return None;
            }
            (first, true)
        }
    };
    let cap = cap_for(p, category, caps.from)?;
    if before && cap.0.is_zero() {
        return None;
    }
    let points = crate::estimate::points(cap);
    warnings.push(if before {
        let from = caps.from;
        Warning::new(
            "adjustment_before_national_caps",
            format!(
                "就医日期早于国家规定异地临时外出就医降幅上限的施行日（{from}）：当时参保地对“{}”的异地待遇降幅未收录，按此后国家允许的最大降幅 {points} 个百分点估算（较稳妥），实际可能不同；请向参保地医保经办机构核实",
                label.zh
            ),
            format!(
                "The visit is before the national caps on the cut for temporary visits took effect ({from}): the insured region's cut for '{}' at that time is not on file, so the later national maximum of {points} points was assumed (the safe reading); it may have differed; ask your insurer",
                label.en
            ),
        )
    } else if within {
        // The national caps govern cross-province visits (R3.3); within a province no national figure applies, and
        // the cross-province maximum is the safe reading, said as such (helper-43: it was cited as the national rule).
        Warning::new(
            "adjustment_assumed_national_cap",
            format!(
                "参保地未公布省内异地“{}”的待遇降幅：省内异地就医没有全国统一的降幅上限，按跨省异地就医的国家最大降幅 {points} 个百分点估算（最稳妥），实际报销可能更多",
                label.zh
            ),
            format!(
                "The insured region publishes no cut for '{}' within the province: no national cap governs visits within a province, so the cross-province maximum of {points} points is assumed (the safe reading); you may get more",
                label.en
            ),
        )
    } else {
        Warning::new(
            "adjustment_assumed_national_cap",
            format!(
                "参保地未公布“{}”的异地待遇降幅，按国家允许的最大降幅 {points} 个百分点估算（最稳妥），实际报销可能更多",
                label.zh
            ),
            format!(
                "The insured region publishes no cut for '{}': the national maximum of {points} points is assumed (the safe reading); you may get more",
                label.en
            ),
        )
    });
    Some(ChosenAdjustment {
        adjustment: Adjustment::PpReduction { value: cap },
        source_ids: caps.sources.clone(),
        overridden: false,
        cap: Some(cap),
        // Dated as the national caps are in force.
        from: Some(Since::On(caps.from)),
        last_verified: None,
        assumed: true,
        assumed_within: within && !before,
        province_wide: false,
    })
}

/// When the patient pays: at discharge for a stay, at the counter for a visit, at the till for a pharmacy.
fn pay_moment(q: &Query) -> (&'static str, &'static str) {
    match q.visit.kind {
        VisitKind::Inpatient | VisitKind::Maternity => ("出院时", "at discharge"),
        VisitKind::Pharmacy => ("购药时", "when you buy"),
        _ => ("就诊结算时", "when you pay for the visit"),
    }
}

/// Whether the hospital settles a visit from elsewhere itself, given a filing: networked for it (R1.5) and designated
/// (R1.16).
fn hospital_settles(q: &Query) -> bool {
    q.visit.networked && q.visit.designated != Some(false)
}

fn route_message(route: Route, category: Category, q: &Query) -> Message {
    let label = category_label(category);
    let (zh_when, en_when) = pay_moment(q);
    match route {
        Route::Local => msg!("参保地本地结算", "Settled locally"),
        Route::Direct
            if q.paid_share_only() =>
        {
            msg!(
                format!("已直接结算（{}）：只付了个人负担部分", label.zh),
                format!("Settled directly ({}): you paid only your share", label.en),
            )
        }
        Route::Direct if q.discharged_by_dates() => msg!(
            format!(
                "本次可直接结算（{}）：若当时已按直接结算付款，只付了个人负担部分；若已全额付款，须回参保地手工报销",
                label.zh
            ),
            format!(
                "This visit could be settled directly ({}): if it was, you paid only your share; if you paid in full, claim at home",
                label.en
            ),
        ),
        Route::Direct => msg!(
            format!(
                "可直接结算（{}），{zh_when}只需支付个人负担部分",
                label.zh
            ),
            format!(
                "Settled directly ({}); {en_when} you pay only your share",
                label.en
            ),
        ),
        Route::Manual if q.paid_all() => msg!(
            format!("已全额付款：回参保地手工报销（{}）", label.zh),
            format!("Paid in full: claim at home ({})", label.en),
        ),
        // Not filed, and a filing would still settle it directly: said first, as the courses say it (helper-64: "pay
        // in full, then claim" headed an answer whose advice was to file before discharge).
        Route::Manual
            if category == Category::Unfiled
                && q.situation.is_some()
                && q.held_filings().is_empty()
                && hospital_settles(q)
                && q.visit.kind != VisitKind::Maternity
                && q.situation_by_dates() != Situation::Discharged =>
        {
            let (zh, en) = if q.situation_by_dates() == Situation::Planning {
                ("就医前办好备案即可直接结算", "file before the visit and it settles directly")
            } else if q.visit.is_stay() {
                ("出院结算前补办备案即可直接结算", "file before discharge settlement and it settles directly")
            } else {
                ("结算前补办备案即可直接结算", "file before you pay and it settles directly")
            };
            msg!(
                format!("尚未备案：{zh}；不备案的，须先全额垫付，再回参保地手工报销"),
                format!("Not filed: {en}; without a filing, pay in full, then claim at home"),
            )
        }
        // A filing held that does not cover the visit (it starts after the stay, ended, is for elsewhere): said as
        // such, not "not filed" (helper-70).
        Route::Manual if category == Category::Unfiled && !q.held_filings().is_empty() => msg!(
            "所持备案不适用于本次就医（见上方备案情况）：不能直接结算，先全额垫付，再回参保地手工报销",
            "The filing held does not cover this visit (see the filing above): no direct settlement; pay in full, then claim at home",
        ),
        Route::Manual => msg!(
            format!(
                "不能直接结算：先全额垫付，再回参保地手工报销（{}）",
                label.zh
            ),
            format!(
                "No direct settlement: pay in full, then claim at home ({})",
                label.en
            ),
        ),
        Route::NotCovered => msg!(
            "医保基金不支付本次费用",
            "The fund pays nothing for this visit",
        ),
    }
}

/// The papers a manual claim at home asks for, for this kind of visit: a discharge summary only after a stay (an
/// outpatient visit or a purchase is never told about discharge), a pharmacy's own receipts and prescription, the
/// emergency record that makes an emergency's claim one (R1.2), and a referral's certificate (R1.1). The one list the
/// next steps and the courses give.
pub(crate) fn claim_papers(q: &Query) -> Vec<Message> {
    let mut v = Vec::with_capacity(6);
    match q.visit.kind {
        VisitKind::Pharmacy => v.extend([
            msg!("购药发票（原件）", "The original receipts"),
            msg!("购药清单", "The list of medicines"),
            msg!("处方", "The prescription"),
        ]),
        _ => {
            v.push(msg!("医疗费用发票（原件）", "The original invoices"));
            v.push(msg!(
                "费用明细清单",
                "The itemized list of charges (费用清单)"
            ));
            v.push(if q.visit.is_stay() {
                msg!(
                    "出院小结（出院记录）和诊断证明",
                    "The discharge summary and the diagnosis",
                )
            } else {
                msg!(
                    "门诊病历和诊断证明",
                    "The outpatient record and the diagnosis",
                )
            });
        }
    }
    if q.rescue() {
        v.push(msg!(
            "急诊病历或抢救记录（证明属急诊抢救）",
            "The emergency record (proof of an emergency rescue)",
        ));
    }
    if q.held_filings()
        .iter()
        .any(|f| f.category == crate::query::FilingCategory::Referral)
    {
        v.push(msg!(
            "转诊转院证明（或转诊备案记录）",
            "The referral certificate (or the referral filing record)",
        ));
    }
    v.push(msg!(
        "身份证或社保卡、本人银行账户",
        "Your ID or social security card, and your bank account",
    ));
    v
}

fn next_steps(route: Route, f: &FilingOutcome, q: &Query) -> Vec<Message> {
    // Where the dates and the situation said differ, the dates (as the route's words and the courses; helper-72:
    // "discharged and paid in full: file now" beside "file before the visit" for a stay still to come).
    let discharged = q.discharged_by_dates();
    let inpatient = q.visit.is_stay();
    // Each written only when the route calls for it.
    let (file_now_zh, file_now_en) = (
        "办理备案：国家医保服务平台 APP、“国家异地就医备案”小程序、国务院客户端小程序，或参保地医保经办窗口",
        "File via the national medical insurance app (国家医保服务平台), the national cross-region filing mini-program, the State Council client mini-program, or your insurer's counter",
    );
    let show_card = || {
        msg!(
            "就医时出示医保电子凭证或社会保障卡，并主动说明异地参保身份",
            "Show your medical insurance e-voucher or social security card and say you are insured elsewhere",
        )
    };
    // The papers of this kind of visit, as the courses list them (one list: `claim_papers`).
    // Settled directly, the claim is only for the case the person paid everything after all (R1.10).
    let keep_papers_if = |settled_directly: bool| {
        let papers = claim_papers(q);
        let zh = papers
            .iter()
            .map(|m| m.zh.as_ref())
            .collect::<Vec<_>>()
            .join("、");
        // In a sentence: "the original invoices; your ID …" (the items are written as list entries, capitalised).
        let en = papers
            .iter()
            .map(|m| crate::error::lower_first(&m.en))
            .collect::<Vec<_>>()
            .join("; ");
        let (zh_if, en_if) = if settled_directly {
            (
                "已直接结算的，无需再报销；若全额自费付了款，",
                "Settled directly: nothing to claim. If you paid everything yourself, ",
            )
        } else {
            ("", "")
        };
        let keep_en = if settled_directly { "keep" } else { "Keep" };
        msg!(
            format!("{zh_if}保留报销材料：{zh}，回参保地医保经办机构申请手工报销"),
            format!("{en_if}{keep_en} for the claim: {en}. Then claim at your insurer"),
        )
    };
    let keep_papers = || keep_papers_if(false);
    let status = f.verdict.status;
    match route {
        Route::Local => vec![msg!(
            "持医保电子凭证或社保卡在定点医药机构就医结算",
            "Use your e-voucher or card at a designated institution",
        )],
        Route::Direct => {
            let mut v = Vec::new();
            // Once discharged, what was to be done before discharge (file, show the card) is past: not said.
            // Whether every filing held is in force today, or at least made by today (its start may be to come).
            let held_by_today = |day: fn(&crate::query::Filing) -> Option<NaiveDate>| {
                q.today.is_some_and(|today| {
                    q.held_filings()
                        .iter()
                        .all(|f| day(f).is_some_and(|d| d <= today))
                })
            };
            let before = match status {
                _ if discharged => None,
                // Filed already, with a start after the admission: it is the start that must move, not a filing
                // still to make (R1.10, R1.11).
                FilingStatus::NotYetValid if inpatient => Some(msg!(
                    "备案已办，但开始日期晚于入院日：请经办机构把备案开始日期改为入院日或更早；至迟须在出院结算前生效，才能直接结算",
                    "Your filing is made but starts after the admission day: ask the office to move its start to the admission day or earlier; it must be in force before discharge settlement for direct settlement",
                )),
                FilingStatus::NotYetValid => Some(msg!(
                    "备案已办，但开始日期晚于就诊日：请经办机构把备案开始日期改为就诊日或更早，否则只能手工报销",
                    "Your filing is made but starts after the visit day: ask the office to move its start to the visit day or earlier, or you must claim manually",
                )),
                // Made during the stay, and in force today: done; the settlement at discharge is direct (R1.11).
                FilingStatus::LateBeforeDischarge if inpatient && q.filings_made_by_today() => Some(msg!(
                    "备案已在住院期间办好：出院结算时即可直接结算，无需再办",
                    "Your filing, made during the stay, is in force: discharge settlement is direct, nothing more to file",
                )),
                // Filed already (its day is past), starting later in the stay: in force before discharge settlement,
                // nothing to make (helper-64: told "complete the filing" of a filing made).
                FilingStatus::LateBeforeDischarge if inpatient && held_by_today(|f| f.filed_on) => {
                    Some(msg!(
                        "备案已办，开始日期晚于入院日：出院结算前生效即可直接结算；若出院日早于开始日期，请经办机构把开始日期改为入院日或更早",
                        "Your filing is made and starts after the admission day: in force before discharge settlement, it settles directly; if you leave before its start, ask the office to move its start to the admission day or earlier",
                    ))
                }
                FilingStatus::LateBeforeDischarge if inpatient => Some(msg!(
                    "务必在出院结算前办妥备案，否则只能手工报销",
                    "Complete the filing before discharge settlement, or you must claim manually",
                )),
                FilingStatus::LateBeforeDischarge => Some(msg!(
                    "务必在结算前办妥备案，否则只能手工报销",
                    "Complete the filing before you pay, or you must claim manually",
                )),
                _ => None,
            };
            v.extend(before);
            if discharged && q.paid_share_only() {
                // Said to have paid only their share: nothing to claim, no "if you paid everything".
                v.push(msg!(
                    "已直接结算，只付了个人负担部分：无需再回参保地报销；保留发票和费用清单备查",
                    "Settled directly, you paid only your share: nothing to claim at home; keep the invoice and the itemized list",
                ));
            } else if discharged {
                v.push(keep_papers_if(true));
            }
            if f.verdict.reason == crate::estimate::FilingReason::Emergency {
                v.push(msg!(
                    "保留急诊病历或抢救记录，部分地区要求急诊后补办备案",
                    "Keep the emergency record; some regions ask for a filing afterwards",
                ));
            }
            if !discharged {
                v.push(show_card());
            }
            v
        }
        Route::Manual => {
            let mut v = Vec::new();
            // No filing held covers the stay: one is still to make (or its start to move).
            let to_file = matches!(
                status,
                FilingStatus::Missing
                    | FilingStatus::Expired
                    | FilingStatus::EndUnknown
                    | FilingStatus::NotYetValid
            );
            let planned = q.situation.is_some() && q.situation_by_dates() == Situation::Planning;
            // Whether a filing would make it direct: not at a hospital that does not settle across regions, nor for a
            // childbirth, estimated as claimed at home whatever the filing (R1.5, R6.1; helper-52 found "filing allows
            // direct settlement" beside a route no filing changes).
            let filing_settles = hospital_settles(q) && q.visit.kind != VisitKind::Maternity;
            if to_file && !discharged && !filing_settles {
                v.push(if q.visit.networked {
                    msg!(
                        format!("办好备案，付款后按参保地规定手工报销（备案后仍按先垫付、回参保地报销估算）。{file_now_zh}"),
                        format!("File, then claim under your home region's rules after paying (even filed, this is estimated as paid first and claimed at home). {file_now_en}"),
                    )
                } else {
                    msg!(
                        format!("这家医院不能异地直接结算，备案后也须先垫付、回参保地手工报销；选开通异地直接结算的定点医院，备案后即可直接结算。{file_now_zh}"),
                        format!("This hospital does not settle for patients from elsewhere: even filed, you pay first and claim at home; at a networked designated hospital a filing allows direct settlement. {file_now_en}"),
                    )
                });
            } else if !discharged && status == FilingStatus::NotYetValid {
                // Filed already, starting after the stay: it is the start that must move (helper-52: told to file
                // "before discharge" as if none were held).
                v.push(msg!(
                    "备案已办，但开始日期晚于本次就医：请经办机构把备案开始日期改为入院（就诊）日或更早，结算前生效即可直接结算",
                    "Your filing is made but starts after this visit: ask the office to move its start to the admission (visit) day or earlier; in force before settlement, it allows direct settlement",
                ));
            } else if !discharged && status == FilingStatus::EndUnknown {
                // A filing held whose end is not known (R1.9a): its end is to look up, not a filing to make again
                // (helper-72: told to file again).
                v.push(if inpatient {
                    msg!(
                        format!("所持备案可能已到期：先查看备案截止日期；未到期的，出院结算时即可直接结算，已到期的，出院结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("The filing held may have ended: look up its end first; if it has not ended, discharge settlement is direct, and if it has, filing again before discharge settlement allows direct settlement. {file_now_en}"),
                    )
                } else {
                    msg!(
                        format!("所持备案可能已到期：先查看备案截止日期；未到期的，结算时即可直接结算，已到期的，结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("The filing held may have ended: look up its end first; if it has not ended, it settles directly, and if it has, filing again before you pay allows direct settlement. {file_now_en}"),
                    )
                });
            } else if planned && to_file {
                // Not gone yet: file before going, not "before discharge".
                v.push(msg!(
                    format!("就医前办好备案即可直接结算。{file_now_zh}"),
                    format!("Filing before the visit allows direct settlement. {file_now_en}"),
                ));
            } else if !discharged && to_file {
                v.push(if inpatient {
                    msg!(
                        format!("若尚未出院：出院结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("If not yet discharged: filing before discharge settlement allows direct settlement. {file_now_en}"),
                    )
                } else {
                    msg!(
                        format!("结算前补办备案即可直接结算。{file_now_zh}"),
                        format!("Filing before you pay allows direct settlement. {file_now_en}"),
                    )
                });
            }
            // A filing still to make (none held that covers the stay): make it, then claim. A valid one (a hospital
            // that does not settle directly) needs nothing more than the claim.
            if discharged && f.verdict.required && status == FilingStatus::NotYetValid {
                // Filed already, starting after the stay (helper-58: told to "file now" as if none were held).
                v.push(msg!(
                    format!("已全额付款，备案已办但开始日期晚于本次就医：请经办机构把备案开始日期改为入院（就诊）日或更早（改不了的，为本次就医补办备案），再按参保地规定手工报销。{file_now_zh}"),
                    format!("Paid in full, with a filing that starts after this visit: ask the office to move its start to the admission (visit) day or earlier (or, if it cannot, to file for this visit), then claim under your home region's rules. {file_now_en}"),
                ));
            } else if discharged && f.verdict.required && status == FilingStatus::EndUnknown {
                v.push(msg!(
                    format!("所持备案可能已到期：先查看备案截止日期；就医时仍在有效期内的，按备案结算或报销，已到期的，补办备案后按参保地规定手工报销。{file_now_zh}"),
                    format!("The filing held may have ended: look up its end first; if it was still in force at the visit, it counts, and if it had ended, file again, then claim under your home region's rules. {file_now_en}"),
                ));
            } else if discharged && f.verdict.required && to_file {
                v.push(if inpatient {
                    msg!(
                        format!("已出院并全额付款：先补办备案，再按参保地规定手工报销。{file_now_zh}"),
                        format!("Discharged and paid in full: file now, then claim under your home region's rules. {file_now_en}"),
                    )
                } else {
                    msg!(
                        format!("已全额付款：先补办备案，再按参保地规定手工报销。{file_now_zh}"),
                        format!("Paid in full: file now, then claim under your home region's rules. {file_now_en}"),
                    )
                });
            }
            // Filed after discharge (or after paying), the filing now made: only the claim is left (helper-72: told to
            // file again).
            if status == FilingStatus::LateAfterDischarge && q.filings_made_by_today() {
                v.push(if inpatient {
                    msg!(
                        "备案已在出院后补办：本次住院按参保地规定手工报销",
                        "Your filing was made after discharge: claim this stay manually under your home region's rules",
                    )
                } else {
                    msg!(
                        "备案已在付款后补办：本次就医按参保地规定手工报销",
                        "Your filing was made after you paid: claim this visit manually under your home region's rules",
                    )
                });
            } else if status == FilingStatus::LateAfterDischarge {
                v.push(if inpatient {
                    msg!(
                        "已出院自费结算：补办备案后按参保地规定手工报销",
                        "Paid at discharge: after filing, claim manually under home-region rules",
                    )
                } else {
                    msg!(
                        "已全额自费付款：补办备案后按参保地规定手工报销",
                        "Paid in full: after filing, claim manually under home-region rules",
                    )
                });
            }
            v.push(keep_papers());
            v
        }
        Route::NotCovered => vec![msg!("本次费用需个人全额负担", "You bear the whole cost",)],
    }
}
