//! The pipeline: a query read, checked, decided (filing → route, src/filing.rs and src/settlement.rs), its figures
//! resolved (src/benefit.rs, or stand-ins from src/typical.rs) and its slip worked out (src/slip.rs). `verdict`,
//! `figures`, `estimate` and `analyze` are views of the same steps; `outline` is what `options` compares.

use crate::benefit::{self, Benefits};
use crate::estimate::{self, AppliedAdjustment, ParameterUsed, Payer, Settlement, Warning};
use crate::figures::{class_b_figure, describe_adjustment, op_and_value, parameters};
use crate::policy::{self, Grade};
use crate::query::{Scheme, Situation, VisitKind};
use crate::warnings::{dedup, for_person, quality_warnings, say_once};
use crate::{filing, input, read, region, settlement, slip, typical};
use crate::{Error, ErrorCode, Estimate, Policies, Query};
use serde::Serialize;

/// Parses a query from JSON text; the first problem found, naming the field path.
pub fn parse_query(json: &str) -> Result<Query, Error> {
    if json.len() > MAX_QUERY_BYTES {
        return Err(Error::at(ErrorCode::TooLarge, ""));
    }
    read::from_json(json)
}

/// The largest query read: 512 KB of JSON, room for a bill of several thousand itemized lines (a real query is a few
/// KB). Anything larger is refused at once with `too_large`, so no query keeps the page busy.
pub const MAX_QUERY_BYTES: usize = 512 * 1024;

/// The filing verdict and the settlement route, which need no benefit figures: what a form shows even for a region
/// whose figures must still be entered.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Verdict {
    pub filing: estimate::FilingVerdict,
    pub settlement: Settlement,
    pub warnings: Vec<Warning>,
    pub policy_version: String,
}

/// The rules up to the route, shared by [`verdict`], [`figures`] and [`estimate`].
struct Decided<'p> {
    insured: &'p policy::Region,
    on: chrono::NaiveDate,
    decision: settlement::Decision,
    verdict: Verdict,
}

/// Where the person says they stand against the dates they gave (`today` known): a planned stay already begun, a
/// stay "in hospital" already ended, a discharge still to come. Said, so that advice for the wrong moment (a deadline
/// already past) is not taken as it reads.
pub(crate) fn situation_dates(q: &Query, warnings: &mut Vec<Warning>) {
    let Some(today) = q.today else {
        return;
    };
    if crate::input::assumed_day(q).is_some() {
        warnings.push(Warning::new(
            "visit_date_assumed",
            format!("未填就医日期：按今天（{today}）的政策和备案规定计算；办理备案须在就医前，填上日期可算得更准"),
            format!("No visit date given: worked out under the rules and figures in force today ({today}); filing comes before the visit, and a date makes the answer exact"),
        ));
        return;
    }
    let Some(situation) = q.situation else {
        return;
    };
    let start = q.visit.admission.or(q.visit.date);
    let stay = q.visit.is_stay();
    let (zh, en) = match situation {
        Situation::Planning if stay && start.is_some_and(|d| d < today) => (
            "所填入院日期已过：能怎么办按这些日期（已入院）列出，入院前的办法已来不及；如日期填错，请改正；已入院的，请把“现在处于”改为正在住院或已出院",
            "The admission date given is past: what you can do is worked out by the dates (already admitted), too late for what is done before admission; if a date is wrong, correct it; if you are admitted, say so (in hospital or discharged)",
        ),
        Situation::Planning if start.is_some_and(|d| d < today) => (
            "所填就诊日期已过：能怎么办按这些日期（已就诊）列出；如日期填错，请改正；已就诊的，请按实际情况选择“现在处于”",
            "The visit date given is past: what you can do is worked out by the dates (the visit has happened); if a date is wrong, correct it; otherwise say where you stand now",
        ),
        Situation::InHospital if start.is_some_and(|d| d > today) => (
            "所填入院（就诊）日期在今天之后：能怎么办按尚未就医列出；如已入院，请改正日期",
            "The admission (visit) date given is after today: what you can do is worked out as for a visit still to come; if you are already admitted, correct the date",
        ),
        Situation::InHospital if stay && q.visit.discharge.is_some_and(|d| d < today) => (
            "所填出院日期已过：能怎么办按已出院列出；如已出院，请把“现在处于”改为已出院，如日期填错，请改正",
            "The discharge date given is past: what you can do is worked out as after discharge; if you have left hospital, say you are discharged, and if a date is wrong, correct it",
        ),
        // Not even admitted yet by the dates: planning, not "in hospital or planning" (helper-44).
        Situation::Discharged if stay && start.is_some_and(|d| d > today) => (
            "所填入院日期在今天之后：如尚未入院，请把“现在处于”改为计划就医",
            "The admission date given is after today: if you have not been admitted yet, say you are planning",
        ),
        Situation::Discharged if stay && q.visit.discharge.or(start).is_some_and(|d| d > today) => (
            "所填出院日期在今天之后：如尚未出院，请把“现在处于”改为正在住院；如已出院，请把出院日期改为实际日期",
            "The discharge date given is after today: if you have not left yet, say you are in hospital; if you have, enter the day you left",
        ),
        Situation::Discharged if !stay && start.is_some_and(|d| d > today) => (
            "所填就诊日期在今天之后：如尚未就诊，请按实际情况选择“现在处于”",
            "The visit date given is after today: if the visit is still to come, say where you stand now",
        ),
        _ => return,
    };
    warnings.push(Warning::new("situation_dates_differ", zh, en));
}

/// `emergency` said of a pharmacy purchase or of a chronic disease's treatment: not an emergency rescue (R1.2, R4.3,
/// R4.7), and the person is told it counts for nothing here.
pub(crate) fn emergency_not_rescue(q: &Query, warnings: &mut Vec<Warning>) {
    if q.rescue_planned() {
        warnings.push(Warning::new(
            "emergency_not_planned",
            "急诊抢救不能事先安排：尚未开始的就医按非急诊估算（需要备案的，请在就医前办理）；如确是急诊抢救，请核对入院（就诊）日期和“现在处于”",
            "An emergency rescue is not arranged ahead: a visit not yet begun is estimated as no emergency (file before it where a filing is needed); if it was an emergency, check the admission (visit) date and where you say you stand",
        ));
        return;
    }
    if !q.visit.emergency || q.visit.rescue() {
        return;
    }
    if q.visit.kind == VisitKind::Pharmacy {
        warnings.push(Warning::new(
            "emergency_not_pharmacy",
            "药店购药不属于急诊抢救，不能视同备案：本次按药店购药的规定估算（需备案或区域免备案安排）",
            "A purchase at a pharmacy is not an emergency rescue and is not deemed filed: estimated under the pharmacy rules (a filing or a regional arrangement is needed)",
        ));
    } else {
        warnings.push(Warning::new(
            "emergency_not_chronic",
            "门诊慢特病的治疗不属于急诊抢救，不能视同备案：本次按门诊慢特病的规定估算（需备案或区域免备案安排）；真正的急诊请按普通门诊或住院填写",
            "Treatment of a chronic disease is not an emergency rescue and is not deemed filed: estimated under the chronic-disease rules (a filing or a regional arrangement is needed); for a real emergency, choose outpatient or inpatient care",
        ));
    }
}

fn decide<'p>(
    p: &'p Policies,
    q: &Query,
    ctx_insured: &'p policy::Region,
    treated: &policy::Region,
    stay: filing::Stay,
) -> Decided<'p> {
    let mut warnings = Vec::new();
    situation_dates(q, &mut warnings);
    emergency_not_rescue(q, &mut warnings);
    // The class-B pre-payment given beside its amount and rate, and not their product: the one given is used (a slip's
    // figure), said (helper-73: 50 beside 100 × 10% was taken without a word).
    if let Some(crate::query::ClassB {
        amount: Some(a),
        prepay_rate: Some(r),
        prepay_amount: Some(given),
    }) = &q.bill.class_b
    {
        let product = a.times(*r).round();
        if product != *given {
            warnings.push(Warning::new(
                "class_b_prepay_differs",
                format!("所填乙类先行自付金额 {given} 与乙类费用 × 先行自付比例（{a} × {r} = {product}）不一致：按所填金额 {given} 计算；请核对结算单"),
                format!("The class-B pre-payment given, {given}, is not the class-B cost times its rate ({a} × {r} = {product}): the amount given was used; check the slip"),
            ));
        }
    }
    if q.insured.scheme == crate::query::Scheme::Resident && q.insured.status.is_some() {
        // Said, not silently dropped: a form that kept 退休 from an employee's answer would otherwise look applied.
        warnings.push(Warning::new(
            "status_not_for_residents",
            "城乡居民医保不分在职、退休：所填人员类别未使用",
            "Resident insurance has no employed or retired status: the status given is not used",
        ));
    }
    let outcome = filing::assess(p, q, ctx_insured, treated, stay, &mut warnings);
    let on = stay.admission;
    let decision = settlement::decide(p, q, ctx_insured, treated, &outcome, on, &mut warnings);
    let mut filing = outcome.verdict;
    filing.sources = p.source_refs(&filing.source_ids);
    if let Some(g) = filing
        .sources
        .iter()
        .map(|s| s.grade)
        .min()
        .filter(|g| *g > Grade::B)
    {
        warnings.push(Warning::new(
            "filing_rule_low_grade",
            format!("本备案结论所依据的规则来源等级为 {g:?}（非官方），请向参保地医保部门核实"),
            format!("The filing rule applied rests on a grade-{g:?} source (not official); confirm with your insurer"),
        ));
    }
    // Sources cited to this person: their regions' and the nation's (a local page about another city is left out).
    for_person(&mut filing.sources, ctx_insured, treated);
    let adjustment = decision.adjustment.as_ref().map(|a| {
        let (op, value) = op_and_value(&a.adjustment);
        let mut sources = p.source_refs(&a.source_ids);
        for_person(&mut sources, ctx_insured, treated);
        AppliedAdjustment {
            op: op.into(),
            value,
            description: describe_adjustment(&a.adjustment),
            overridden: a.overridden,
            sources,
        }
    });
    let mut sources = adjustment
        .as_ref()
        .map(|a| a.sources.clone())
        .unwrap_or_default();
    sources.extend(filing.sources.iter().cloned());
    sources.extend(p.source_refs(&decision.source_ids));
    dedup(&mut sources);
    let settlement = Settlement {
        route: decision.route,
        reason: decision.reason,
        category: decision.category,
        adjustment,
        catalogue_region: decision.catalogue_region.clone(),
        message: decision.message.clone(),
        next_steps: decision.next_steps.clone(),
        sources,
    };
    let verdict = Verdict {
        filing,
        settlement,
        warnings,
        policy_version: p.version.clone(),
    };
    Decided {
        insured: ctx_insured,
        on,
        decision,
        verdict,
    }
}

/// The filing verdict and settlement route alone (no bill, no figures needed).
pub fn verdict(p: &Policies, q: &Query) -> Result<Verdict, Error> {
    let insured = region::resolve(p, &q.insured.region, "insured.region")?;
    let treated = region::resolve(p, &q.visit.region, "visit.region")?;
    input::check_filing_and_visit(p, q)?;
    input::check_made(q)?;
    Ok(decide(p, q, insured, treated, input::stay(q)?).verdict)
}

/// The whole estimate for a query.
pub fn estimate(p: &Policies, q: &Query) -> Result<Estimate, Error> {
    let ctx = input::check(p, q)?;
    input::check_made(q)?;
    let Decided {
        insured,
        on,
        decision,
        verdict,
    } = decide(p, q, ctx.insured, ctx.treated, ctx.stay);
    let mut warnings = verdict.warnings;
    let benefits = benefits_of(p, q, insured, on, &decision, &mut warnings);
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    let template = slip_inputs(q, &decision, &benefits, class_b.as_ref());
    // Where the region's own figures fall short, other regions' stand in and the estimate is a range (issue 11).
    let (slip, stand_in) = match typical::estimate(p, q, insured, on, template, &mut warnings)? {
        Some(s) => (s.slip, Some((s.benefits, s.range, s.spans))),
        None => (slip::compute(p, &template, &mut warnings)?, None),
    };
    let used = stand_in.as_ref().map_or(&benefits, |(b, _, _)| b);
    // A cut the slip held to the national cap: the answer's header names it as the slip uses it (R3.5: it named the
    // data's ratio, 60%, above a slip worked out at 75%; helper-43, helper-45).
    let mut settlement = verdict.settlement;
    if let (Some(a), Some(w)) = (
        settlement.adjustment.as_mut(),
        warnings
            .iter()
            .find(|w| w.code == "adjustment_limited_to_national_cap"),
    ) {
        a.description = crate::Message::new(
            format!("{}（{}）", a.description.zh, w.message.zh),
            format!("{} ({})", a.description.en, w.message.en),
        );
    }
    // The class-B rate is a figure of this estimate only where the bill leaves a class-B part to it (a part or line
    // that names no rate of its own): not listed, nor warned about, where every class-B line gives its own.
    let class_b_rate = class_b
        .as_ref()
        .filter(|_| slip::needs_catalogue_rate(&q.bill));
    let mut parameters = parameters(p, used, class_b_rate, &decision, &mut warnings);
    let mut lines = slip.lines;
    for sources in parameters
        .iter_mut()
        .map(|x| &mut x.sources)
        .chain(lines.iter_mut().map(|l| &mut l.sources))
    {
        for_person(sources, insured, ctx.treated);
    }
    let range = stand_in.map(|(_, range, spans)| {
        typical::mark(&mut parameters, &range, spans);
        range
    });
    // The figures' own quality: the stand-ins' sources concern other regions and are not the person's to check, and
    // the class-B rate matters only when the bill has a class-B pre-payment.
    let class_b_used = lines
        .iter()
        .any(|l| l.key == "class_b_prepay" && l.amount.0 > rust_decimal::Decimal::ZERO);
    quality_warnings(
        p,
        &benefits,
        class_b_rate.and_then(|c| c.own()).filter(|_| class_b_used),
        decision.adjustment.as_ref(),
        on,
        &mut warnings,
    );
    // A warning said once: the same words from two rules are one bullet.
    let mut said: Vec<Warning> = Vec::with_capacity(warnings.len());
    say_once(&mut said, warnings);
    let warnings = said;
    let overridden = parameters
        .iter()
        .filter(|x| x.overridden)
        .map(|x| x.name.to_string())
        .collect();
    let insurance_pays = slip
        .fund
        .checked_add(slip.second_layer)
        .ok_or_else(|| Error::at(ErrorCode::TooLarge, "bill"))?;
    let shares = estimate::shares(&[
        (Payer::Fund, slip.fund),
        (Payer::SecondLayer, slip.second_layer),
        (Payer::Patient, slip.patient),
    ]);
    Ok(Estimate {
        filing: verdict.filing,
        settlement,
        lines,
        fund_pays: slip.fund,
        second_layer_pays: slip.second_layer,
        patient_pays: slip.patient,
        insurance_pays,
        shares,
        account_pays: slip.account,
        family_account_pays: slip.family_account,
        cash_pays: slip.cash,
        warnings,
        policy_version: verdict.policy_version,
        parameters,
        overridden,
        range,
    })
}

/// R1.12: a long-term filer at home priced at the referral level (the region's own rule does not give the local one):
/// its terms for care elsewhere apply where it has them (benefit::resolve).
fn at_referral(decision: &settlement::Decision) -> bool {
    decision.category == estimate::Category::LongTermAtHome && decision.adjustment.is_some()
}

/// The benefit figures of the visit: none when the fund pays nothing.
fn benefits_of(
    p: &Policies,
    q: &Query,
    insured: &policy::Region,
    on: chrono::NaiveDate,
    decision: &settlement::Decision,
    warnings: &mut Vec<Warning>,
) -> Benefits {
    if decision.route == estimate::Route::NotCovered {
        Benefits::default()
    } else {
        benefit::resolve(p, q, &insured.code, on, at_referral(decision), warnings)
    }
}

/// What the slip is worked out from (the estimate's and the options' outline alike).
fn slip_inputs<'a>(
    q: &'a Query,
    decision: &'a settlement::Decision,
    benefits: &'a Benefits,
    class_b: Option<&'a crate::figures::ClassB>,
) -> slip::Inputs<'a> {
    slip::Inputs {
        bill: &q.bill,
        class_b_rate: class_b.map(|c| &c.figure),
        class_b_stands_in: class_b.is_some_and(|c| c.typical.is_some()),
        benefits,
        adjustment: decision.adjustment.as_ref(),
        history: &q.history,
        account: slip::Accounts::of(q),
        has_account: q.insured.scheme == Scheme::Employee,
        groups: &q.groups,
        route: decision.route,
    }
}

/// What a course of action comes to (the `options` compare several): the verdict, the route and the amounts, and
/// the range when figures stand in. The same pipeline and the same errors as [`estimate`], without the slip's words,
/// the figures' list or the warnings.
#[derive(Clone, Debug)]
pub(crate) struct Outline {
    pub filing: estimate::FilingVerdict,
    pub settlement: Settlement,
    /// None when the query gives no bill (the courses are then compared by what they come to, not by amounts).
    pub amounts: Option<slip::Amounts>,
    pub range: Option<typical::Range>,
    /// Whether no filing is needed only by a province's waiver whose start no source gives (R1.6): the verdict asks
    /// the person to file anyway, to be safe.
    pub filing_unsure: bool,
    /// Whether the filing was made on the discharge day (R1.11): direct only if done before discharge settlement.
    pub filed_on_discharge_day: bool,
}

pub(crate) fn outline(p: &Policies, q: &Query) -> Result<Outline, Error> {
    let ctx = input::check_bill(p, q, !q.bill.is_empty())?;
    let Decided {
        insured,
        on,
        decision,
        verdict,
    } = decide(p, q, ctx.insured, ctx.treated, ctx.stay);
    let benefits = benefits_of(p, q, insured, on, &decision, &mut Vec::new());
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    let template = slip_inputs(q, &decision, &benefits, class_b.as_ref());
    let (amounts, range) = if q.bill.is_empty() {
        (None, None)
    } else {
        match typical::amounts(p, q, insured, on, template)? {
            Some((amounts, range)) => (Some(amounts), Some(range)),
            None => (Some(slip::amounts(&template)?), None),
        }
    };
    let filing_unsure = verdict
        .warnings
        .iter()
        .any(|w| w.code == filing::WAIVER_START_UNKNOWN);
    let filed_on_discharge_day = verdict
        .warnings
        .iter()
        .any(|w| w.code == filing::FILED_ON_DISCHARGE_DAY);
    Ok(Outline {
        filing_unsure,
        filed_on_discharge_day,
        filing: verdict.filing,
        settlement: verdict.settlement,
        amounts,
        range,
    })
}

/// The figures an estimate for this query would use, and the names of those that must be entered, so that a form
/// can show them beside the result (and ask for the missing ones) before the bill is complete. The bill is not read.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Figures {
    pub parameters: Vec<ParameterUsed>,
    #[cfg_attr(feature = "schema", ts(as = "Vec<crate::types::ParameterName>"))]
    pub missing: Vec<&'static str>,
    /// The person's details not given that the insured region's own figures for this visit depend on (its
    /// contribution tier, age, status or the hospital's level, R5.6b–R5.6g): given, the amount is exact. A form asks
    /// for these (a tier only where the region pays by tier).
    pub details: Vec<crate::query::Detail>,
    pub warnings: Vec<Warning>,
}

pub fn figures(p: &Policies, q: &Query) -> Result<Figures, Error> {
    let insured = region::resolve(p, &q.insured.region, "insured.region")?;
    let treated = region::resolve(p, &q.visit.region, "visit.region")?;
    input::check_filing_and_visit(p, q)?;
    input::check_made(q)?;
    let Decided {
        on,
        decision,
        verdict,
        ..
    } = decide(p, q, insured, treated, input::stay(q)?);
    let mut warnings = verdict.warnings;
    let benefits = benefit::resolve(
        p,
        q,
        &insured.code,
        on,
        at_referral(&decision),
        &mut warnings,
    );
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    quality_warnings(
        p,
        &benefits,
        class_b.as_ref().and_then(|c| c.own()),
        decision.adjustment.as_ref(),
        on,
        &mut warnings,
    );
    let mut parameters = parameters(p, &benefits, class_b.as_ref(), &decision, &mut warnings);
    for x in &mut parameters {
        for_person(&mut x.sources, insured, treated);
    }
    Ok(Figures {
        parameters,
        missing: benefits.missing.clone(),
        details: typical::details_needed(p, q, insured, on, &benefits),
        warnings,
    })
}
