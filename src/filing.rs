//! The filing verdict (备案): does this visit need filing, and does the filing held cover it?
//! Rules R1.1–R1.13 (R1.3a: a filing naming a whole province; R1.9a: a temporary filing without an end) and §1.3 of
//! docs/rules.md; a childbirth filing (R6.1).

use crate::error::Message;
use crate::estimate::{Category, FilingReason, FilingStatus, FilingUsed, FilingVerdict, Warning};
use crate::policy::{
    category_label, Arrangement, FilingArea, IntraProvinceVersion, IntraRule, Policies, Region,
    Since,
};
use crate::query::{Adjustment, Filing, FilingCategory, Query, VisitKind};
use crate::region::{self, filing_covers, relation, Relation};
use chrono::{Datelike, Months, NaiveDate};

/// The visit's dates: admission (or the single outpatient date) and discharge, if known.
#[derive(Clone, Copy, Debug)]
pub struct Stay {
    pub admission: NaiveDate,
    pub discharge: Option<NaiveDate>,
    /// The day asked (`today`): a filing held whose start is later was made by then (R1.10).
    pub today: Option<NaiveDate>,
}

/// What the filing rules decide, for the settlement rules to build on.
#[derive(Clone, Debug)]
pub struct FilingOutcome {
    pub verdict: FilingVerdict,
    pub relation: Relation,
    /// The benefit category (R3.3) that applies if the visit is settled.
    pub category: Category,
    /// Whether the filing situation allows settling at the hospital (before the institution and enrolment checks).
    pub direct_possible: bool,
    /// An adjustment fixed by the arrangement or exemption that waived filing, with its sources.
    pub waiver_adjustment: Option<(Adjustment, Vec<String>, Since)>,
}

/// The verdict for the filings held (R1.13): none or one is checked as it stands; of several, each is checked alone
/// (the same rules) and the one most favourable to this visit is kept and named — settled at the hospital first, then
/// the best dated status, then the category with the smallest national cut (long-term, then referral or emergency,
/// then childbirth, then other temporary), then the first given. A long-term filer treated back home is R1.12's.
pub fn assess(
    p: &Policies,
    q: &Query,
    insured: &Region,
    treated: &Region,
    stay: Stay,
    warnings: &mut Vec<Warning>,
) -> FilingOutcome {
    let held = q.held_filings();
    let rel = relation(p, insured, treated);
    if rel == Relation::SameRegion {
        // R1.12: a long-term filing held elsewhere, valid at admission, makes a visit home that of a long-term filer.
        let elsewhere = held.iter().enumerate().find(|(_, f)| {
            f.category == FilingCategory::LongTerm
                && !filing_covers(p, &f.area, treated)
                && filing_status(p, f, stay, &mut Vec::new()) == FilingStatus::Valid
        });
        if let Some((i, f)) = elsewhere {
            let mut o = not_required(
                rel,
                FilingReason::SameRegion,
                Category::LongTermAtHome,
                None,
                Vec::new(),
                msg_long_term_home(),
            );
            o.verdict.filing_used = Some(used(p, i, f, held.len(), true));
            return o;
        }
        return not_required(
            rel,
            FilingReason::SameRegion,
            Category::Local,
            None,
            Vec::new(),
            msg_same(),
        );
    }
    if held.len() <= 1 {
        let (mut o, applied) =
            assess_one(p, q, insured, treated, stay, held.first(), rel, warnings);
        if let (true, Some(f)) = (applied, held.first()) {
            o.verdict.filing_used = Some(used(p, 0, f, 1, true));
        }
        return o;
    }
    let mut best: Option<Candidate> = None;
    let mut any_valid = false;
    for (i, f) in held.iter().enumerate() {
        let mut w = Vec::new();
        let (o, applied) = assess_one(p, q, insured, treated, stay, Some(f), rel, &mut w);
        // Settled directly first, then by the category, which decides the amounts (a referral filed before discharge
        // over a temporary one also filed then: 15973.50 against 14038.50, helper-30 N5), then by the status.
        // On a tie, a filing of the person's own kind (R1.1) over one that is not theirs (warned).
        // Of the same rank, a filing settled in its own category over one an emergency stands in for (R1.2: a
        // referral keeps its category; helper-54: a referral filed before discharge lost to a temporary filing
        // settled as the emergency, 14286.00 against 12540.00 in 深圳).
        let rank = (
            o.direct_possible,
            category_rank(o.category),
            o.category == category_of(f.category),
            status_rank(o.verdict.status),
            applied,
            long_term_kind_mismatch(q, f).is_none(),
        );
        any_valid |= o.verdict.status == FilingStatus::Valid;
        if best.as_ref().is_none_or(|b| rank > b.0) {
            best = Some((rank, i, o, applied, w));
        }
    }
    match best {
        Some((_, i, mut o, applied, w)) => {
            warnings.extend(w);
            if applied {
                let valid = o.verdict.status == FilingStatus::Valid;
                if let Some(f) = held.get(i) {
                    let mut u = used(p, i, f, held.len(), valid);
                    // Another was valid at admission, this one made later is better for the visit: said so (it read
                    // "none was valid at admission").
                    if !valid && any_valid {
                        let label = category_label(category_of(f.category));
                        let (n, all) = (i + 1, held.len());
                        u.message = msg!(
                            format!("所持 {all} 份备案中，本次就医按第 {n} 份（{}）结算：它在入院后、出院结算前办理，待遇优于入院时有效的其他备案", label.zh),
                            format!("Of the {all} filings held, this visit is settled under no. {n} ({}): made after admission, before discharge settlement, it pays better than the one valid at admission", label.en),
                        );
                    }
                    o.verdict.filing_used = Some(u);
                }
            }
            o
        }
        None => assess_one(p, q, insured, treated, stay, None, rel, warnings).0,
    }
}

/// One of several filings checked alone: its rank, its index, the outcome, whether it applied, its warnings.
type Candidate = (
    (bool, u8, bool, u8, bool, bool),
    usize,
    FilingOutcome,
    bool,
    Vec<Warning>,
);

/// Statuses from the most to the least favourable for the person.
fn status_rank(s: FilingStatus) -> u8 {
    match s {
        FilingStatus::NotRequired | FilingStatus::Valid | FilingStatus::DeemedFiled => 5,
        FilingStatus::LateBeforeDischarge => 4,
        FilingStatus::NotYetValid => 3,
        FilingStatus::LateAfterDischarge | FilingStatus::EndUnknown => 2,
        FilingStatus::Expired => 1,
        FilingStatus::Missing => 0,
    }
}

/// Categories by the national cap on their cut (R3.3): the smaller the cap, the better for the person.
pub(crate) fn category_rank(c: Category) -> u8 {
    match c {
        Category::Local | Category::LongTerm => 5,
        Category::IntraProvinceExempt | Category::Arrangement => 4,
        Category::Referral | Category::Emergency => 3,
        Category::Maternity => 2,
        Category::TemporaryOther => 1,
        Category::Unfiled | Category::LateFiling | Category::LongTermAtHome => 0,
    }
}

/// A filed area by its names in Chinese and English (a region or a province, as filings name them), not its code; as
/// written when it names neither.
pub(crate) fn area_names<'a>(p: &'a Policies, area: &'a str) -> (&'a str, &'a str) {
    let area = area.trim();
    match region::resolve(p, area, "") {
        Ok(r) => (r.name.as_str(), r.name_en.as_deref().unwrap_or(&r.name)),
        Err(_) => p
            .provinces
            .iter()
            .find(|pr| pr.is_named(area))
            .map_or((area, area), |pr| {
                (pr.name.as_str(), pr.name_en.as_deref().unwrap_or(&pr.name))
            }),
    }
}

/// Which filing the verdict rests on, and why, in words.
fn used(p: &Policies, index: usize, f: &Filing, held: usize, valid: bool) -> FilingUsed {
    let label = category_label(category_of(f.category));
    let n = index + 1;
    let (area_zh, area_en) = area_names(p, &f.area);
    let message = match (held, valid) {
        (1, _) => msg!(
            format!("按所持备案判断：{}，备案地为{area_zh}", label.zh),
            format!("Judged by the filing held: {}, filed to {area_en}", label.en),
        ),
        (_, true) => msg!(
            format!(
                "所持 {held} 份备案中，本次就医适用第 {n} 份（{}，备案地为{area_zh}）：它在入院时有效、覆盖本次就医地，且待遇最优",
                label.zh
            ),
            format!(
                "Of the {held} filings held, this visit falls under no. {n} ({}, filed to {area_en}): valid at admission, covering the place of treatment, and the most favourable",
                label.en
            ),
        ),
        (_, false) => msg!(
            format!(
                "所持 {held} 份备案中没有一份在入院时有效覆盖本次就医；按对本次就医最有利的第 {n} 份（{}，备案地为{area_zh}）判断",
                label.zh
            ),
            format!(
                "None of the {held} filings held was valid for this visit at admission; judged by the most favourable, no. {n} ({}, filed to {area_en})",
                label.en
            ),
        ),
    };
    FilingUsed {
        index,
        category: f.category,
        area: f.area.trim().to_string(),
        message,
    }
}

/// One filing (or none) against the visit; the flag says whether the filing applied to it (its area and kind), so
/// that the verdict can name it.
#[allow(clippy::too_many_arguments)]
fn assess_one(
    p: &Policies,
    q: &Query,
    insured: &Region,
    treated: &Region,
    stay: Stay,
    held: Option<&Filing>,
    rel: Relation,
    warnings: &mut Vec<Warning>,
) -> (FilingOutcome, bool) {
    let kind = q.visit.kind;
    if let Some(w) = held.and_then(|f| long_term_kind_mismatch(q, f)) {
        warnings.push(w);
    }

    let mut reason = FilingReason::CrossProvince;
    // A cross-province visit cites the national rule (R1.1); a visit within the province, its province's rule below.
    let mut sources = if rel == Relation::CrossProvince {
        p.cross_province_filing_sources(stay.admission)
    } else {
        Vec::new()
    };
    // A province's waiver met by a long-term filing held for the place, valid at admission or made before discharge
    // settlement (R1.11: a filing completed during the stay settles it under its own category; helper-52 found one made
    // mid-stay set aside for the waiver's 10-point cut): the filing decides the category (R3.3: a long-term filer gets
    // the local standard; a waiver's cut is for temporary visits), though none was needed.
    let mut waived = false;
    if rel == Relation::IntraProvince {
        let rule = p
            .province(&insured.province)
            .and_then(|pr| pr.intra_rule(stay.admission));
        match rule {
            Some(v)
                if v.rule == IntraRule::Exempt
                    && v.visit_kinds.as_ref().is_none_or(|k| k.contains(&kind))
                    && held.is_some_and(|f| {
                        f.category == FilingCategory::LongTerm
                            && filing_covers(p, &f.area, treated)
                            && settles(filing_status(p, f, stay, &mut Vec::new()), q, f, stay)
                    }) =>
            {
                start_unknown_warning(p, v, stay.admission, warnings);
                waived = true;
                reason = FilingReason::IntraProvinceExempt;
                sources = v.sources.clone();
            }
            Some(v)
                if v.rule == IntraRule::Exempt
                    && v.visit_kinds.as_ref().is_none_or(|k| k.contains(&kind)) =>
            {
                // Whether the waiver was in force on the day is not known: the verdict says so itself, not only a
                // warning below a headline of "no filing needed".
                let unsure = start_unknown_warning(p, v, stay.admission, warnings);
                // A filing held for the place that the waiver sets aside is said (helper-52: a referral filing in
                // 济南 was dropped without a word); a long-term one is taken above.
                if held.is_some_and(|f| filing_covers(p, &f.area, treated)) {
                    warnings.push(Warning::new(
                        "filing_set_aside_by_waiver",
                        "本省省内就医免备案，所持备案不改变结算（免备案的规定适用于长期居住备案以外的备案，和出院后才办的备案）：按免备案的规定估算；转诊等备案在省内是否另有待遇，请向参保地医保经办机构确认",
                        "Your province waives filing within it, and the filing held does not change the settlement (the waiver applies to any filing but a long-term one made in time): estimated under the waiver; whether a referral or other filing is treated better within the province, ask your insurer",
                    ));
                }
                let adj = v.adjustment.clone().map(|a| (a, v.sources.clone(), v.from));
                let o = not_required(
                    rel,
                    FilingReason::IntraProvinceExempt,
                    Category::IntraProvinceExempt,
                    adj,
                    v.sources.clone(),
                    if unsure && q.discharged_by_dates() {
                        // Over: filing first cannot be done; what was settled tells (helper-72: "file anyway" beside
                        // "nothing to claim"), and a filing made since is not asked for again (helper-75).
                        let (zh, en) = if q.filings_made_by_today() {
                            (
                                "按参保地规定手工报销（备案已办）",
                                "claim at home (your filing is made)",
                            )
                        } else {
                            (
                                "请补办备案后回参保地手工报销",
                                "file late and claim at home",
                            )
                        };
                        msg!(
                            format!("省内异地就医，本省规定此类就医免备案；但这项规定的施行日期不明，就医当日是否已免备案无法确定：出院（结算）时已直接结算的，无需再办；全额付了款的，{zh}"),
                            format!("Within your province, which waives filing for this kind of visit; but the waiver's start date is not known, so whether it applied on the visit date is not certain: if it was settled directly when you paid, nothing more is needed; if you paid in full, {en}"),
                        )
                    } else if unsure {
                        msg!(
                            "省内异地就医，本省规定此类就医免备案；但这项规定的施行日期不明，就医当日是否已免备案无法确定，稳妥起见请先办理备案",
                            "Within your province, which waives filing for this kind of visit; but the waiver's start date is not known, so whether it applied on the visit date is not certain: file anyway to be safe",
                        )
                    } else {
                        msg_intra_exempt()
                    },
                );
                return (o, false);
            }
            Some(v) if v.rule != IntraRule::Unknown => {
                reason = FilingReason::IntraProvince;
                sources = v.sources.clone();
            }
            other => {
                reason = FilingReason::IntraProvinceUnknown;
                if let Some(v) = other {
                    sources = v.sources.clone();
                }
                warnings.push(Warning::new(
                    "intra_province_rule_unknown",
                    "本省省内异地就医是否免备案尚无可靠来源，按需要备案估算（最稳妥）；请向参保地医保经办机构确认",
                    "Whether this province waives filing within the province is not established; assumed required (the safe reading). Confirm with your insurer.",
                ));
            }
        }
    }

    let whole_province = held.and_then(|f| whole_province(p, &f.area, treated));
    let covers_area =
        whole_province.is_some() || held.is_some_and(|f| filing_covers(p, &f.area, treated));
    if let Some(province) = whole_province {
        warnings.push(whole_province_warning(province));
    }
    // A childbirth filing covers childbirth only (R6.1); an emergency one, the emergency rescue it records (R1.2: the
    // category is the visit's, deemed filed; a later visit that is no emergency is not covered by it).
    let covers_kind = held.is_none_or(|f| match f.category {
        FilingCategory::Maternity => kind == VisitKind::Maternity,
        FilingCategory::Emergency => q.rescue(),
        _ => true,
    });
    let dated = held
        .filter(|_| covers_area && covers_kind)
        .map(|f| filing_status(p, f, stay, warnings));
    // An arrangement only grade-D pages give by the visit's day is a lead, not a waiver (R1.7): the filing it would
    // spare is free and quick, a wrong "no need to file" costs the person the direct settlement and a cut.
    let (found, arrangement) = find_arrangement(p, insured, treated, kind, stay.admission);
    // Said where it matters: not for a visit covered another way (a valid filing held, an emergency rescue).
    if let Some(a) = found.filter(|_| arrangement.is_none()) {
        let covered = q.rescue() || dated == Some(FilingStatus::Valid);
        if !covered {
            warnings.push(arrangement_unconfirmed(a));
        }
    }

    // A filing valid at admission decides the category, whatever else applies — except that an emergency rescue is
    // never treated worse than one (R1.2, R3.3: the 20-point cap is for "非急诊且未转诊" visits only), and that a
    // regional arrangement that deems the visit filed in a better category is taken instead (R1.13: the way of being
    // covered most favourable to the person; a 天津 retiree holding a temporary filing for 北京 was cut 20 points
    // where 京津冀 pays the home ratio).
    let arrangement_better = arrangement.is_some()
        && held.is_some_and(|f| {
            category_rank(Category::Arrangement) > category_rank(category_of(f.category))
        });
    if arrangement_better && dated == Some(FilingStatus::Valid) {
        warnings.push(Warning::new(
            "arrangement_over_filing",
            "本次就医属区域安排视同备案，待遇好于所持备案：按区域安排结算",
            "This visit is deemed filed under a regional arrangement, which pays better than the filing held: settled under the arrangement",
        ));
    }
    if let (Some(FilingStatus::Valid), Some(f), false) = (dated, held, arrangement_better) {
        let required = arrangement.is_none() && !waived;
        let mut v = verdict(required, FilingStatus::Valid, reason, sources, msg_valid());
        if let Some(a) = arrangement {
            v.reason = FilingReason::RegionalArrangement;
            v.arrangement = Some(a.id.clone());
        }
        let mut category = category_of(f.category);
        if q.rescue() && category_rank(Category::Emergency) > category_rank(category) {
            category = Category::Emergency;
            warnings.push(emergency_over_temporary_warning());
        }
        let o = FilingOutcome {
            verdict: v,
            relation: rel,
            category,
            direct_possible: true,
            waiver_adjustment: None,
        };
        return (o, true);
    }

    // The rank of a filing not valid at admission that still settles the stay under its own category: made during the
    // stay, before discharge settlement, or ahead with a later start (R1.10, R1.11). In a better category it settles
    // the stay as a valid one would, over an arrangement's deemed filing (long-term; helper-54: a 石家庄 retiree's
    // long-term filing made in a 保定 hospital was set aside for 京津冀's) or an emergency's (below).
    let made_in_time = held
        .filter(|f| {
            dated.is_some_and(|s| {
                matches!(
                    s,
                    FilingStatus::LateBeforeDischarge | FilingStatus::NotYetValid
                ) && settles(s, q, f, stay)
            })
        })
        .map(|f| category_rank(category_of(f.category)));
    let late_better = made_in_time.is_some_and(|r| r > category_rank(Category::Arrangement));
    if let Some(a) = arrangement.filter(|_| !late_better) {
        let mut v = verdict(
            false,
            FilingStatus::DeemedFiled,
            FilingReason::RegionalArrangement,
            a.sources.clone(),
            msg_arrangement(a),
        );
        v.arrangement = Some(a.id.clone());
        warnings.push(Warning::new(
            "arrangement_category_open",
            "视同备案按长期还是临时待遇结算，来源未明确；此处按该安排的数据计算（多数来源称按参保地比例、不降低）",
            "Sources do not settle whether a deemed filing gets long-term or temporary benefits; this estimate follows the arrangement's data.",
        ));
        // Applied only where a source graded C or better backs it (above): its ratio treatment with it.
        let adj = a
            .adjustment
            .clone()
            .map(|x| (x, a.sources.clone(), Since::On(a.from)));
        let o = FilingOutcome {
            verdict: v,
            relation: rel,
            category: Category::Arrangement,
            direct_possible: true,
            waiver_adjustment: adj,
        };
        return (o, false);
    }

    // An emergency deemed filed, unless a filing made during the stay (before discharge, R1.11) settles it in a
    // category at least as good: a long-term filing is not cut at all (R3.3), a referral keeps its own category as a
    // valid one does (R1.2; 深圳 pays a referral its local ratio and an emergency ×0.9: helper-52 found a referral filed
    // before discharge set aside for the emergency's cut).
    let filed_better = made_in_time.is_some_and(|r| r >= category_rank(Category::Emergency));
    if q.rescue() && !filed_better {
        let v = verdict(
            true,
            FilingStatus::DeemedFiled,
            FilingReason::Emergency,
            sources,
            msg_emergency(),
        );
        let o = FilingOutcome {
            verdict: v,
            relation: rel,
            category: Category::Emergency,
            direct_possible: true,
            waiver_adjustment: None,
        };
        return (o, false);
    }

    let applied = dated.is_some();
    let o = match (held, dated) {
        (Some(_), None) if covers_area => {
            let v = verdict(
                true,
                FilingStatus::Missing,
                FilingReason::FilingKindMismatch,
                sources,
                msg_kind_mismatch(held.is_some_and(|f| f.category == FilingCategory::Emergency)),
            );
            unfiled(v, rel, Category::Unfiled)
        }
        (Some(_), None) => {
            let v = verdict(
                true,
                FilingStatus::Missing,
                FilingReason::FilingAreaMismatch,
                sources,
                msg_area_mismatch(),
            );
            unfiled(v, rel, Category::Unfiled)
        }
        (Some(f), Some(status)) => {
            let message = match (status, filing_end(p, f)) {
                (FilingStatus::EndUnknown, End::AtLeast(min)) => msg_end_unknown(p, f, min),
                // Filed ahead with a start after admission, in force before discharge: not in force at admission,
                // and still settled at the hospital as a filing made before discharge (R1.11); said both, beside a
                // direct route (it said only "not yet in force"; helper-48).
                (FilingStatus::NotYetValid, _) if settles(status, q, f, stay) => {
                    let start = f.start;
                    msg!(
                        format!("入院时备案尚未生效（自 {start} 起生效），出院结算前已生效，按出院结算前补办的备案处理，可直接结算"),
                        format!("The filing was not yet in force at admission (it is from {start}); it is in force before discharge settlement, so it counts as a filing made before discharge and the stay can be settled directly"),
                    )
                }
                _ => msg_status(status, q.visit.is_stay()),
            };
            // Childbirth is estimated as paid in full and claimed whatever the filing (R6.1): a filing made in time
            // counts, but no direct settlement is promised (helper-78).
            let in_time = status != FilingStatus::Valid && settles(status, q, f, stay);
            let message = if in_time && q.visit.kind == VisitKind::Maternity {
                msg!(
                    "备案在结算前已办妥，按备案处理；但生育医疗费用能否在异地直接结算未能确定，按先全额垫付、回参保地手工报销估算",
                    "The filing was in force before settlement and counts; but whether childbirth costs settle directly away from home is not established: estimated as paid in full and claimed at home",
                )
            } else {
                message
            };
            let v = verdict(!waived, status, reason, sources, message);
            match status {
                FilingStatus::LateBeforeDischarge => FilingOutcome {
                    verdict: v,
                    relation: rel,
                    category: category_of(f.category),
                    direct_possible: true,
                    waiver_adjustment: None,
                },
                FilingStatus::NotYetValid if stay.discharge.is_none_or(|d| f.start <= d) => {
                    FilingOutcome {
                        verdict: v,
                        relation: rel,
                        category: category_of(f.category),
                        direct_possible: true,
                        waiver_adjustment: None,
                    }
                }
                FilingStatus::LateAfterDischarge => unfiled(v, rel, Category::LateFiling),
                _ => unfiled(v, rel, Category::Unfiled),
            }
        }
        (None, _) => {
            let v = verdict(true, FilingStatus::Missing, reason, sources, msg_missing());
            unfiled(v, rel, Category::Unfiled)
        }
    };
    (o, applied)
}

/// Whether a filing of this dated status settles the stay under its own category: valid at admission, made during
/// the stay before discharge settlement, or made ahead with a start on or before discharge (R1.10, R1.11).
fn settles(status: FilingStatus, q: &Query, f: &Filing, stay: Stay) -> bool {
    match status {
        FilingStatus::Valid | FilingStatus::LateBeforeDischarge => true,
        FilingStatus::NotYetValid => {
            q.visit.is_stay() && stay.discharge.is_none_or(|d| f.start <= d)
        }
        _ => false,
    }
}

/// The warning that a province's waiver of filing has no known start (the courses read it: `options`).
pub(crate) const WAIVER_START_UNKNOWN: &str = "filing_rule_start_unknown";
/// The warning that a filing was made on the discharge day (R1.11): the options read it too.
pub(crate) const FILED_ON_DISCHARGE_DAY: &str = "filed_on_discharge_day";

/// An exemption whose start no source gives (dated `unknown`, or resting on undated pages only), applied to a visit
/// before the first day a source shows it: it may not yet have been in force then (R1.6). Whether it was said.
fn start_unknown_warning(
    p: &Policies,
    v: &IntraProvinceVersion,
    on: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> bool {
    let seen = crate::policy::first_seen_if_start_unknown(p, Some(v.from), &v.sources);
    let Some(seen) = seen.filter(|d| on < *d) else {
        return false;
    };
    warnings.push(Warning::new(
        WAIVER_START_UNKNOWN,
        format!("本省省内免备案规定的来源未写明起始日期（所据资料最早见于 {seen}；未注明日期的网页按查阅之日计），就医当日是否已免备案无法确定；请先办理备案，或向参保地医保经办机构确认"),
        format!("The province's waiver of filing rests on sources that give no start date (first seen on {seen}; an undated page counts from the day it was read); whether it applied on the visit date is not known: file anyway, or confirm with your insurer"),
    ));
    true
}

fn unfiled(verdict: FilingVerdict, relation: Relation, category: Category) -> FilingOutcome {
    FilingOutcome {
        verdict,
        relation,
        category,
        direct_possible: false,
        waiver_adjustment: None,
    }
}

fn not_required(
    relation: Relation,
    reason: FilingReason,
    category: Category,
    waiver_adjustment: Option<(Adjustment, Vec<String>, Since)>,
    sources: Vec<String>,
    message: Message,
) -> FilingOutcome {
    let v = verdict(false, FilingStatus::NotRequired, reason, sources, message);
    FilingOutcome {
        verdict: v,
        relation,
        category,
        direct_possible: true,
        waiver_adjustment,
    }
}

/// Source ids are resolved into full references by the caller (`sources` here holds ids until then).
fn verdict(
    required: bool,
    status: FilingStatus,
    reason: FilingReason,
    source_ids: Vec<String>,
    message: Message,
) -> FilingVerdict {
    FilingVerdict {
        required,
        status,
        reason,
        arrangement: None,
        filing_used: None,
        message,
        sources: Vec::new(),
        source_ids,
    }
}

fn category_of(c: FilingCategory) -> Category {
    match c {
        FilingCategory::LongTerm => Category::LongTerm,
        FilingCategory::Referral => Category::Referral,
        FilingCategory::Emergency => Category::Emergency,
        FilingCategory::TemporaryOther => Category::TemporaryOther,
        FilingCategory::Maternity => Category::Maternity,
    }
}

/// Dates a filing against the stay (R1.8–R1.11). The admission date decides (R1.10); a filing made after admission
/// still settles directly if made before discharge, and by manual claim if made after (R1.11). A temporary filing
/// given without its end is valid for at least the national minimum (R1.9a): an admission inside it is covered, one
/// after it may or may not be (`EndUnknown`), never "expired" on an assumption.
pub fn filing_status(
    p: &Policies,
    f: &Filing,
    stay: Stay,
    warnings: &mut Vec<Warning>,
) -> FilingStatus {
    let end = filing_end(p, f);
    let made = f.made();
    let months = p.national.temporary_filing_min_months.value;
    match end {
        End::AtLeast(m) if stay.admission > m && made <= stay.admission => {
            return FilingStatus::EndUnknown
        }
        // Said of a filing in force at admission: one made later is judged by when it was made (R1.11), not by
        // its end.
        End::AtLeast(m) if made <= stay.admission => {
            let (rule, rule_en) = minimum_rule(p, f);
            warnings.push(Warning::new(
                "temporary_filing_end_assumed",
                format!("临时备案未填截止日期：{rule}（至少到 {m}），入院（就诊）日在此之内，按有效计算；截止日期以备案凭证为准"),
                format!("No end given for the temporary filing: {rule_en} (to {m} at least), and the admission (visit) falls within them, so it is taken as valid; your filing record has the actual end"),
            ))
        }
        End::Given(e)
            if f.category != FilingCategory::LongTerm && e < minimum_end(p, f).unwrap_or(e) =>
        {
            warnings.push(Warning::new(
                "temporary_filing_shorter_than_minimum",
                format!("临时备案有效期短于国家规定的原则上不少于 {months} 个月；按所填截止日期计算，请核对备案凭证"),
                format!("This temporary filing is shorter than the national minimum of {months} months; the entered end is used"),
            ))
        }
        _ => {}
    }
    if let End::Given(e) = end {
        if stay.admission > e {
            return FilingStatus::Expired;
        }
    }
    if made <= stay.admission {
        return FilingStatus::Valid;
    }
    // When it was made: as given, else by the day asked when its start is still to come (a filing held is made by
    // then; helper-54: one starting after the stay, asked about in hospital, was taken as made after discharge).
    let filed_on = f.filed_on.or_else(|| stay.today.filter(|t| *t < f.start));
    // Validity starts after admission. Filed ahead of the visit with a later start: not yet valid at admission; so too
    // one made before discharge whose start is after it (its start is what must move, R1.10).
    if filed_on.is_some_and(|d| d <= stay.admission) {
        return FilingStatus::NotYetValid;
    }
    match stay.discharge {
        // Made before discharge, starting after it: its start is what must move, asked in hospital or after (helper-62:
        // once discharged it read "filed after discharge" of a filing made during the stay).
        Some(d) if made > d && filed_on.is_some_and(|x| x <= d) => FilingStatus::NotYetValid,
        Some(d) if made > d => FilingStatus::LateAfterDischarge,
        // Made on the discharge day itself: before discharge settlement only if done before it, which the day alone
        // does not tell (helper-58): said.
        Some(d) if made == d => {
            warnings.push(Warning::new(
                FILED_ON_DISCHARGE_DAY,
                "备案在出院当天办理：须在出院结算之前办好才能直接结算；若出院结算时尚未办好，只能全额付款后回参保地手工报销",
                "The filing was made on the discharge day: it settles directly only if it was done before discharge settlement; if not, you pay in full and claim at home",
            ));
            FilingStatus::LateBeforeDischarge
        }
        _ => FilingStatus::LateBeforeDischarge,
    }
}

/// How long a filing lasts, as far as the person's entry and the rules tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// Long-term without an end: valid until changed (R1.8).
    Open,
    /// The end the person entered.
    Given(NaiveDate),
    /// A temporary filing without its end: valid at least to this day, the national minimum (R1.9a); the region
    /// may give more (R1.9: 6 months in 湘潭, 12 in 徐州 …), so nothing after it is known.
    AtLeast(NaiveDate),
}

/// The end of a filing (R1.8, R1.9, R1.9a).
pub(crate) fn filing_end(p: &Policies, f: &Filing) -> End {
    match (f.end, f.category) {
        (Some(e), _) => End::Given(e),
        (None, FilingCategory::LongTerm) => End::Open,
        (None, _) => minimum_end(p, f).map_or(End::Open, End::AtLeast),
    }
}

/// The last day of the national minimum validity of a temporary filing ("原则上不少于6个月", R1.9): the day before the
/// same day of the month six months on (2025-01-01 → 2025-06-30), or, when that month is too short to have the day,
/// its last day (2024-08-31 → 2025-02-28, not the 27th; 2025-03-31 → 2025-09-30): a month with no corresponding day
/// ends the period on its last day (民法典 article 202). The start day counts as the first day, the shorter and safe
/// reading (article 201 would not count it and end on 2025-07-01; docs/rules.md R1.9a).
fn minimum_end(p: &Policies, f: &Filing) -> Option<NaiveDate> {
    let months = p.national.temporary_filing_min_months.value;
    let on = f.start.checked_add_months(Months::new(months))?;
    if on.day() < f.start.day() {
        // Clamped to the month's last day: the month has no corresponding day.
        Some(on)
    } else {
        on.pred_opt()
    }
}

/// A filing naming a whole province whose filings otherwise name a city (全省（广东省）, not 深圳), and the treated
/// city in it: the province's name. Read as covering every networked institution in the province (R1.3a).
fn whole_province<'p>(
    p: &'p Policies,
    area: &str,
    treated: &Region,
) -> Option<&'p crate::policy::Province> {
    let area = area.trim();
    let pr = p.province(&treated.province)?;
    (pr.is_named(area) && pr.filing_area == FilingArea::City).then_some(pr)
}

/// An emergency rescue by a person whose valid filing is a temporary one with a larger national cap on its cut (other
/// temporary visits, or a childbirth filing treated as one): settled as an emergency (R1.2, R3.3).
fn emergency_over_temporary_warning() -> Warning {
    Warning::new(
        "emergency_not_temporary_cut",
        "本次为急诊抢救：国家规定异地急诊抢救人员支付比例降幅不超过10个百分点，降幅不超过20个百分点的只是“非急诊且未转诊”的其他临时外出就医人员；所持备案有效，本次按异地急诊抢救人员的待遇估算。请保留急诊病历或抢救记录",
        "This visit is an emergency rescue: the national cap on the cut is 10 points for emergencies, the 20-point cap being for other temporary visits that are neither emergencies nor referrals; your filing is valid, and the visit is estimated as an emergency. Keep the emergency record",
    )
}

fn whole_province_warning(pr: &crate::policy::Province) -> Warning {
    let province = &pr.name;
    let province_en = pr.name_en.as_deref().unwrap_or(province);
    Warning::new(
        "filing_area_whole_province",
        format!("备案地为全省（{province}）：按可在{province}所有联网定点医疗机构直接结算理解（国家规定备案可到就医地市，也可到就医省）；请核对备案凭证上的就医地，若只备案到某个城市，到省内其他城市就医视为未备案"),
        format!("Filed for the whole province ({province_en}): read as covering every networked institution in it (national rules let a filing name the city or the province of treatment); check the area on your filing record: a filing for one city does not cover the others"),
    )
}

/// The regional arrangements in force that would deem this visit filed (R1.7), in either direction when mutual: the first found (a lead, when only weak sources give it) and the
/// first a source graded C or better confirms by the visit's day (R1.7), which is the one applied. Confirmed ones are
/// looked for among all (a 成都 insured's C-sourced list was hidden behind an earlier D-only entry for 重庆).
fn find_arrangement<'p>(
    p: &'p Policies,
    insured: &Region,
    treated: &Region,
    kind: VisitKind,
    on: NaiveDate,
) -> (Option<&'p Arrangement>, Option<&'p Arrangement>) {
    let is = |codes: &[String], r: &Region| codes.iter().any(|c| *c == r.code || *c == r.province);
    let mut matching = p.arrangements.iter().filter(move |a| {
        let dated = a.from <= on && a.until.is_none_or(|u| on <= u);
        let forward = is(&a.insured, insured) && is(&a.treated, treated);
        let backward = a.mutual && is(&a.treated, insured) && is(&a.insured, treated);
        dated && a.visit_kinds.contains(&kind) && (forward || backward)
    });
    let first = matching.clone().next();
    let confirmed = matching.find(|a| p.confirmed_by(&a.sources, on));
    (confirmed.or(first), confirmed)
}

fn msg_same() -> Message {
    msg!(
        "在参保地本地就医，无需备案",
        "Treated in your own pooling region: no filing needed",
    )
}
fn msg_intra_exempt() -> Message {
    msg!(
        "省内异地就医，本省规定此类就医免备案",
        "Within your province, which waives filing for this kind of visit",
    )
}
fn msg_valid() -> Message {
    msg!(
        "备案有效：入院（就诊）日期在备案有效期内",
        "Your filing is valid: the admission (visit) date falls within its validity",
    )
}
fn msg_emergency() -> Message {
    msg!(
        "异地急诊抢救视同已备案，无需事先办理；请保留急诊病历或抢救记录",
        "Emergency rescue away from home is deemed filed; keep the emergency record",
    )
}
/// A long-term filing of a kind that is not the person's, as the query describes them (R1.1: 异地安置退休 is for
/// retirees, 常驻异地工作 for employees at work): said, the verdict left to the filing held (the insurer accepted it,
/// and the person's status may have changed since).
fn long_term_kind_mismatch(q: &Query, f: &Filing) -> Option<Warning> {
    use crate::query::{LongTermKind, Scheme, Status};
    if f.category != FilingCategory::LongTerm {
        return None;
    }
    let (zh, en) = match (f.long_term_kind?, q.insured.scheme, q.insured.status) {
        (LongTermKind::Retiree, Scheme::Employee, Some(Status::Employed)) => (
            "所持长期备案为“异地安置退休”，而填写的身份是在职职工：这类备案只适用于退休人员，请向参保地确认备案类型是否正确（在职人员应为“常驻异地工作”）",
            "The long-term filing held is for retirees resettled elsewhere, and you said you are in work: ask your insurer whether the filing's kind is right (for those in work it is 'posted to work elsewhere')",
        ),
        (LongTermKind::PostedWorker, Scheme::Resident, _) => (
            "所持长期备案为“常驻异地工作”，而填写的险种是城乡居民医保：这类备案适用于职工医保参保人，请向参保地确认备案类型是否正确（居民应为“异地长期居住”）",
            "The long-term filing held is for employees posted to work elsewhere, and you said you are in the residents' scheme: ask your insurer whether the filing's kind is right (for residents it is 'living elsewhere long-term')",
        ),
        (LongTermKind::PostedWorker, Scheme::Employee, Some(Status::Retired)) => (
            "所持长期备案为“常驻异地工作”，而填写的身份是退休人员：请向参保地确认备案类型是否正确（退休人员应为“异地安置退休”）",
            "The long-term filing held is for employees posted to work elsewhere, and you said you are retired: ask your insurer whether the filing's kind is right (for retirees it is 'resettled elsewhere')",
        ),
        _ => return None,
    };
    Some(Warning::new("filing_kind_not_the_persons", zh, en))
}

fn msg_area_mismatch() -> Message {
    msg!(
        "所持备案的就医地与本次就医地不符，本次就医视为未备案",
        "Your filing names another area than where you are treated: this visit counts as not filed",
    )
}
fn msg_kind_mismatch(emergency: bool) -> Message {
    if emergency {
        msg!(
            "所持的是急诊抢救就医的备案，只适用于那次急诊抢救；本次就医不是急诊抢救，视为未备案，请另行办理备案",
            "The filing held records an emergency rescue and covers that emergency only: this visit is no emergency and counts as not filed; file for it",
        )
    } else {
        msg!(
            "所持备案为异地生育就医备案，只适用于生育就医；本次就医视为未备案",
            "The filing held is a childbirth filing, which covers childbirth only: this visit counts as not filed",
        )
    }
}
fn msg_long_term_home() -> Message {
    msg!(
        "异地长期居住人员回参保地就医，无需备案；待遇按参保地对长期备案人员回参保地就医的规定",
        "A long-term filer treated back in the insured region: no filing needed; paid as the region pays long-term filers at home",
    )
}
fn msg_missing() -> Message {
    msg!(
        "需要办理异地就医备案，目前未备案",
        "Filing is required and you have not filed",
    )
}
/// No start date in the words: the data's may be only a page's year (成都's list, "2025-12-31").
fn arrangement_unconfirmed(a: &Arrangement) -> Warning {
    Warning::new(
        "arrangement_unconfirmed",
        format!("有网页称“{}”视同备案、无需办理，但到就诊当日只有不可靠来源（D 级）这样说，未能证实：按需要备案估算。请办理备案（可在国家医保服务平台 APP 办理），或向参保地医保部门确认是否免备案", a.name),
        format!("Web pages say the arrangement {} deems such visits filed, but by the visit's day only unreliable (grade D) sources said so: not confirmed, so estimated as needing a filing. File (in the national medical insurance app), or ask your insurer whether it is waived", a.name_en.as_deref().unwrap_or(&a.id)),
    )
}
fn msg_arrangement(a: &Arrangement) -> Message {
    msg!(
        format!("{}：本次就医视同已备案，无需办理", a.name),
        format!(
            "Deemed filed under the arrangement {}",
            a.name_en.as_deref().unwrap_or(&a.id)
        ),
    )
}
fn msg_end_unknown(p: &Policies, f: &Filing, min: NaiveDate) -> Message {
    let (rule, rule_en) = minimum_rule(p, f);
    msg!(
        format!("临时备案未填截止日期：{rule}，自 {} 起至少到 {min}；入院（就诊）日在此之后，备案可能已到期（各地期限不同）。请在国家医保服务平台 APP 查询备案的截止日期并填入；在此之前按未备案估算", f.start),
        format!("No end given for the temporary filing: {rule_en}, from {} to {min} at least; the admission (visit) is later, so it may have ended (regions differ). Look up its end in the national medical insurance app and enter it; until then the visit is estimated as not filed", f.start),
    )
}

/// The national minimum of a temporary filing's validity in words: the rule, or, for a filing made before it was in
/// force, the rule as what the estimate assumes (a 2022 filing was told "the national rule makes it valid …", a rule of
/// 2023; helper-48).
fn minimum_rule(p: &Policies, f: &Filing) -> (String, String) {
    let rule = &p.national.temporary_filing_min_months;
    let (months, from) = (rule.value, rule.from);
    if f.start < from {
        (
            format!("国家自 {from} 起规定临时备案有效期原则上不少于 {months} 个月，此前办理的备案按同样期限估算"),
            format!("the national rule from {from} makes a temporary filing valid for at least {months} months, and one made earlier is assumed to be the same"),
        )
    } else {
        (
            format!("国家规定临时备案有效期原则上不少于 {months} 个月"),
            format!("the national rule makes it valid for at least {months} months"),
        )
    }
}
/// The status in words; an outpatient visit or a purchase (`stay` false) is never told of admission or discharge.
fn msg_status(s: FilingStatus, stay: bool) -> Message {
    match (s, stay) {
        (FilingStatus::LateBeforeDischarge, true) => msg!(
            "入院后补办备案：出院结算前办妥即可直接结算",
            "Filed after admission: filed before discharge settlement, so the hospital settles directly",
        ),
        (FilingStatus::LateBeforeDischarge, false) => msg!(
            "就诊当日补办备案：结算前办妥即可直接结算",
            "Filed on the day of the visit: filed before settlement, so it settles directly",
        ),
        (FilingStatus::LateAfterDischarge, true) => msg!(
            "出院结算后才补办备案：不能直接结算，需回参保地手工报销",
            "Filed after discharge: no direct settlement; claim manually at home",
        ),
        (FilingStatus::LateAfterDischarge, false) => msg!(
            "结算（付款）后才补办备案：不能直接结算，需回参保地手工报销",
            "Filed after paying: no direct settlement; claim manually at home",
        ),
        (FilingStatus::Expired, true) => msg!("入院时备案已过有效期", "The filing had expired at admission"),
        (FilingStatus::Expired, false) => msg!("就诊时备案已过有效期", "The filing had expired at the visit"),
        (FilingStatus::NotYetValid, true) => msg!("入院时备案尚未生效", "The filing was not yet in force at admission"),
        (FilingStatus::NotYetValid, false) => msg!("就诊时备案尚未生效", "The filing was not yet in force at the visit"),
        _ => msg_valid(),
    }
}
