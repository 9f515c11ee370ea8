//! What the person can do (issue 12): every course open to them on the day they ask, each worked out by the same
//! pipeline as the estimate, compared, and one recommended with the reason.
//!
//! Rules (docs/rules.md): R1.2 an emergency is deemed filed; R1.4 where to file; R1.11 a filing made after admission
//! settles directly if made before discharge, and by manual claim under the insured region's rules if made after;
//! R3.6/R3.7 without a filing there is no direct settlement, only a manual claim at home; §2 the papers each filing
//! category needs; R4.5 门诊慢特病 needs the insured region's 资格认定 (recognition) whatever the filing; R1.16 a
//! designated institution instead of one that is not; R6.2 care that can wait until benefits start.

use crate::error::{Error, Message};
use crate::estimate::{
    Category, FilingReason, FilingStatus, FilingVerdict, NotCoveredReason, Route,
};
use crate::filing::{filing_end, End};
use crate::money::{Money, ZERO};
use crate::pipeline::{outline, Outline};
use crate::policy::Policies;
use crate::query::{Filing, FilingCategory, LongTermKind, Query, Situation, Status, VisitKind};
use crate::typical::Range;
use chrono::NaiveDate;
use serde::Serialize;

/// The courses the core compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum CourseId {
    /// As things stand: the filing (or none) the query gives.
    AsIs,
    /// Admitted already: file now, before discharge settlement (R1.11), as a temporary visitor.
    FileBeforeDischarge,
    /// File long-term (异地长期居住 / 异地安置退休 / 常驻异地工作).
    FileLongTerm,
    /// File as a referral (异地转诊), with the home hospital's referral paper.
    FileReferral,
    /// File as another temporary visitor (其他临时外出就医), on a personal pledge.
    FileTemporary,
    /// An emergency is deemed filed (R1.2).
    Emergency,
    /// Pay in full and claim at home (手工报销) (R3.6, R3.7).
    ClaimAtHome,
    /// Go to a designated institution instead of one that is not (R1.16).
    DesignatedInstitution,
    /// Care that can wait, on or after the day benefits start (R6.2).
    AfterWaitingPeriod,
}

/// One course: whether it is open, how it settles, what is paid when, the papers, where, and by when.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields))]
pub struct Course {
    pub id: CourseId,
    pub title: Message,
    pub available: bool,
    /// Why the course is not open, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The ratio cut this course brings, described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Message>,
    /// Paid at the hospital (the patient's share when settled directly; everything when claimed later).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<String>"))]
    pub pay_at_hospital: Option<Money>,
    /// What comes back later by a claim at home.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<String>"))]
    pub back_later: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<String>"))]
    pub fund_pays: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<String>"))]
    pub second_layer_pays: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<String>"))]
    pub patient_pays: Option<Money>,
    /// When the figures are not the region's own: the amounts' range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    /// By when it must be done, when the data or the rules know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Message>,
    /// Who the course is for, when not everyone (a long-term filing is for those who live or work there; a referral
    /// needs the home hospital's paper). Such a course is shown but not recommended: the core cannot know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Message>,
    pub documents: Vec<Message>,
    #[serde(rename = "where")]
    pub where_to: Vec<Message>,
    pub recommended: bool,
}

/// The dates that decide a filing's effect, for a picture: the filing's validity against admission, discharge and
/// today (R1.8–R1.11: the admission date decides), with a text alternative.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields))]
pub struct Timeline {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<crate::money::date::Schema>"))]
    pub filing_start: Option<String>,
    /// The last valid day; absent for an open-ended (long-term) filing.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<crate::money::date::Schema>"))]
    pub filing_end: Option<String>,
    /// No end was given for a temporary filing: `filing_end` is the national minimum, the least it lasts (R1.9a).
    pub filing_end_assumed: bool,
    #[cfg_attr(feature = "schema", ts(as = "crate::money::date::Schema"))]
    pub admission: String,
    /// The visit has no day yet (a planned visit): `admission` is today's, the day its rules were read on, not a day
    /// to draw.
    pub admission_assumed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(as = "Option<crate::money::date::Schema>"))]
    pub discharge: Option<String>,
    #[cfg_attr(feature = "schema", ts(as = "crate::money::date::Schema"))]
    pub today: String,
    /// What the picture shows, in words.
    pub text: Message,
    /// The legend's word for the visit's bar: 住院 (a stay), 购药 (a pharmacy purchase) or 就诊 (a visit).
    pub stay_label: Message,
}

/// Every course for the person's situation, the recommended one first among the open ones.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields))]
pub struct Options {
    pub situation: Situation,
    pub timeline: Timeline,
    pub courses: Vec<Course>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended: Option<CourseId>,
    pub reason: Message,
    /// The label of a course's first amount, where it is paid: 在医院付, or 在药店付 for a pharmacy purchase.
    pub paid_at: Message,
    /// What a reader of the courses must know: that the situation worked out is not the one said
    /// (`situation_dates_differ`), the dates deciding, or that an emergency not begun is no rescue. Asked on their own
    /// ([`options_alone`]: the CLI's `options`, the JavaScript `options()`), every warning of the visit as things stand
    /// too; in `analyze`, those are its own `warnings`.
    pub warnings: Vec<crate::estimate::Warning>,
}

/// The courses open to the person on `query.today` (else the admission date), in their `situation` (else planning),
/// as the dates have it ([`Query::situation_by_dates`]).
pub fn options(p: &Policies, q: &Query) -> Result<Options, Error> {
    // The query as given must be sound: its errors are the person's to fix before any comparison.
    // Each course is worked out as an outline (the estimate's verdict, route, amounts and range, not its words).
    crate::input::check_made(q)?;
    let as_is = outline(p, q)?;
    let situation = q.situation_by_dates();
    let assumed_day = crate::input::assumed_day(q);
    let assumed = assumed_day.is_some();
    let admission = q
        .visit
        .admission
        .or(q.visit.date)
        .or(assumed_day)
        .unwrap_or_default();
    let today = q.today.unwrap_or(admission);
    let discharge = q.visit.discharge;
    let inpatient = q.visit.is_stay();
    let mut courses = Vec::new();

    // A province's waiver of unknown start spares no filing for sure: the verdict says to file anyway (R1.6), and so
    // the filing courses stay open, as things stand holding only if the waiver was in force (helper-52: the card said
    // "file to be safe", the courses "no filing needed").
    // Only where nothing but the waiver spares the filing (helper-54: a valid filing of the person's own made the
    // direct course conditional), and only while a filing can still be made: once discharged, how it was settled is
    // the person's to say (`paid_in_full`).
    let unsure = as_is.filing_unsure
        && !as_is.filing.required
        && q.held_filings().is_empty()
        && situation != Situation::Discharged;
    let needs_filing = as_is.filing.required || unsure;
    // What the person said of themselves, and what their filings show (read by the claim's paper and the courses).
    let said_of_self = circumstances(p, q);
    let already_filed =
        !q.held_filings().is_empty() && !matches!(as_is.settlement.category, Category::Unfiled);
    // Whether the hospital settled directly at discharge as a matter of course: a filing held that covers the stay,
    // none needed, or an emergency deemed filed (R1.2: settled directly on the person's card, as the estimate's route
    // says; the claim is then the course for one who paid everything: helper-47 and helper-50 found the claim
    // recommended beside a direct route).
    let settled_as_filed = already_filed || !needs_filing || q.rescue();
    let direct_at_discharge = situation == Situation::Discharged
        && matches!(as_is.settlement.route, Route::Direct | Route::Local);

    // As things stand. Once discharged: settled at the hospital when the route allowed it (only the patient's share
    // was paid), else everything was paid and the claim below is how things stand.
    if situation != Situation::Discharged {
        // A filing held that starts after the stay: the same filing with its start moved to the admission day is the
        // course (helper-70: a new filing was recommended to one who holds one).
        let moved = (as_is.filing.status == FilingStatus::NotYetValid
            && as_is.settlement.route != Route::Direct)
            .then(|| filing_judged(q, &as_is.filing).map(|f| f.category))
            .flatten()
            .and_then(|category| {
                let mut v = q.clone();
                v.filings = None;
                v.filing = Some(filing_for(q, category, admission, None));
                outline(p, &v).ok()
            })
            .filter(|o| o.settlement.route == Route::Direct);
        let mut c = course(
            CourseId::AsIs,
            Some(moved.as_ref().unwrap_or(&as_is)),
            situation,
            |_| {},
        );
        // A filing held that starts after admission (R1.11): settled directly only once its start is moved, which is
        // the thing to do (helper-64: "nothing to do" beside the step to move it).
        if moved.is_some()
            || (as_is.filing.status == FilingStatus::NotYetValid
                && as_is.settlement.route == Route::Direct)
        {
            // A visit of one day has no admission (helper-78: stay words for an outpatient visit).
            c.title = if inpatient {
                msg!(
                    "请备案经办机构把备案开始日期改为入院日或更早，再直接结算",
                    "Have the filing's start moved to the admission day or earlier, then settle directly",
                )
            } else {
                msg!(
                    "请备案经办机构把备案开始日期改为就诊日或更早，再直接结算",
                    "Have the filing's start moved to the visit day or earlier, then settle directly",
                )
            };
            c.deadline = Some(match (situation, inpatient) {
                // In force before discharge settlement is enough (the verdict's words); before admission is safest.
                (Situation::Planning, true) => msg!(
                    format!("最好入院前（{admission} 前）改好，至迟出院结算前"),
                    format!("Best before admission (before {admission}), at the latest before discharge settlement"),
                ),
                (_, true) => msg!("出院结算前改好", "Before discharge settlement",),
                (Situation::Planning, false) => msg!(
                    format!("就诊前改好：最晚 {admission}"),
                    format!("Before the visit: by {admission}"),
                ),
                (_, false) => msg!("结算前改好", "Before you pay"),
            });
            c.where_to = where_to(CourseId::FileTemporary);
            c.documents.push(msg!(
                "医保电子凭证、身份证或社保卡",
                "Your medical insurance e-voucher, ID card or social security card",
            ));
        }
        if unsure {
            c.condition = Some(msg!(
                "仅当本省省内免备案规定在就医当日已经施行（其施行日期不明）",
                "Only if the province's waiver of filing was already in force on the visit date (its start is not known)",
            ));
        }
        deemed_papers(q, &as_is, &mut c);
        courses.push(c);
    } else if direct_at_discharge {
        let mut c = course(CourseId::AsIs, Some(&as_is), Situation::InHospital, |_| {});
        let (when, at, when_en, at_en) = settled_when(q.visit.kind);
        c.title = msg!(
            format!("{when}已在{at}直接结算"),
            format!("Settled at the {at_en} {when_en}"),
        );
        if !settled_as_filed && !q.paid_share_only() {
            c.condition = Some(msg!(
                format!("仅当{when}出示了医保电子凭证或社保卡、{at}已直接结算"),
                format!("Only if you showed your insurance card and the {at_en} settled directly {when_en}"),
            ));
        } else if as_is.filed_on_discharge_day {
            // Made on the discharge day: direct only if before discharge settlement (R1.11; helper-72: said as fact).
            c.condition = Some(msg!(
                "仅当备案在出院结算之前已经办好；否则只能全额付款后回参保地手工报销",
                "Only if the filing was done before discharge settlement; if not, you pay in full and claim at home",
            ));
        }
        deemed_papers(q, &as_is, &mut c);
        courses.push(c);
    }

    // A filing made keeps the visit as it is: an emergency holding a temporary filing is settled as an emergency (R1.2).
    let filed = |category: FilingCategory, start: NaiveDate, filed_on: Option<NaiveDate>| {
        let mut v = q.clone();
        v.filings = None;
        v.filing = Some(filing_for(q, category, start, filed_on));
        outline(p, &v).ok()
    };
    match situation {
        Situation::Planning => {
            for (id, category) in [
                (CourseId::FileLongTerm, FilingCategory::LongTerm),
                (CourseId::FileReferral, FilingCategory::Referral),
                (CourseId::FileTemporary, FilingCategory::TemporaryOther),
            ] {
                let est = filed(category, today.min(admission), None);
                let better = upgrade(est.as_ref(), &as_is);
                let mut c = course(id, est.as_ref(), situation, |c| {
                    c.documents.extend(filing_papers(category, q))
                });
                // A stay by the visit, not its kind: a prenatal visit has no admission (R6.1; helper-75).
                let stay = q.visit.is_stay();
                c.deadline = Some(match q.visit.kind {
                    // No day yet: before the visit, whenever it is.
                    _ if assumed && stay => msg!("入院前办好", "Before admission"),
                    _ if assumed => msg!("就医前办好", "Before the visit"),
                    // Before admission, to be settled at the hospital without a doubt; a filing made later still counts
                    // if done before discharge settlement (R1.11), so the admission day is not the last one.
                    _ if stay && today < admission => msg!(
                        format!("入院前（{admission} 前）办好；入院后至迟在出院结算前补办"),
                        format!("Before admission ({admission}); at the latest before discharge settlement"),
                    ),
                    // Admitted today: no day left before it (helper-52).
                    _ if stay => msg!(
                        format!("入院时（{admission}）办好；至迟在出院结算前补办"),
                        format!("On admission ({admission}); at the latest before discharge settlement"),
                    ),
                    VisitKind::Pharmacy => msg!(
                        format!("购药前办好：最晚 {admission}"),
                        format!("Before the purchase: by {admission}"),
                    ),
                    _ => msg!(
                        format!("就诊前办好：最晚 {admission}"),
                        format!("Before the visit: by {admission}"),
                    ),
                });
                if let Some(why) = filing_closed(q, &as_is, needs_filing, already_filed, better) {
                    c.available = false;
                    c.why_not = Some(why);
                }
                courses.push(c);
            }
        }
        Situation::InHospital => {
            let start = admission;
            // Filing "before discharge" is a stay's; an outpatient visit or a purchase files (a temporary filing)
            // before it pays (R1.11, R4.1).
            let file_now = if inpatient {
                CourseId::FileBeforeDischarge
            } else {
                CourseId::FileTemporary
            };
            for (id, category) in [
                (file_now, FilingCategory::TemporaryOther),
                (CourseId::FileLongTerm, FilingCategory::LongTerm),
                (CourseId::FileReferral, FilingCategory::Referral),
            ] {
                let est = filed(category, start, Some(today));
                let better = upgrade(est.as_ref(), &as_is);
                let mut c = course(id, est.as_ref(), situation, |c| {
                    c.documents.extend(filing_papers(category, q))
                });
                c.deadline = Some(match discharge.filter(|_| inpatient) {
                    None if !inpatient => msg!(
                        format!("结算前办好；备案开始日期填就诊日 {start} 或更早"),
                        format!("Before you pay; give the visit day {start} or earlier as the start"),
                    ),
                    Some(d) => msg!(
                        format!("出院结算前办好（预计出院 {d}）；备案开始日期填入院日 {start} 或更早"),
                        format!("Before discharge settlement (discharge expected {d}); give the admission day {start} or earlier as the start"),
                    ),
                    None => msg!(
                        format!("出院结算前办好；备案开始日期填入院日 {start} 或更早"),
                        format!("Before discharge settlement; give the admission day {start} or earlier as the start"),
                    ),
                });
                if let Some(why) = filing_closed(q, &as_is, needs_filing, already_filed, better) {
                    c.available = false;
                    c.why_not = Some(why);
                }
                courses.push(c);
            }
        }
        Situation::Discharged => {}
    }

    // An emergency is deemed filed (R1.2): open only when the visit was one. Once discharged, the claim below is
    // worked out with the emergency as it was.
    let mut emergency = {
        let mut v = q.clone();
        v.visit.emergency = true;
        v.filing = None;
        v.filings = None;
        let est = outline(p, &v).ok();
        course(CourseId::Emergency, est.as_ref(), situation, |c| {
            c.documents.push(emergency_record())
        })
    };
    // Closed already (the visit is not covered at all: its own reason stands), else closed for want of a rescue.
    if !q.rescue() && emergency.available {
        emergency.available = false;
        emergency.why_not = Some(if q.visit.emergency && !q.visit.rescue() {
            // A purchase or a chronic disease's visit is no rescue, whenever it is (R1.2; helper-58: a pharmacy
            // purchase read "a rescue cannot be arranged ahead").
            msg!(
                "购药和门诊慢特病不属于急诊抢救，不视同备案",
                "A pharmacy purchase or a chronic-disease visit is not an emergency rescue, and is not deemed filed",
            )
        } else if q.visit.emergency {
            // Said of a visit still planned (R1.2): a rescue is not arranged ahead.
            msg!(
                "急诊抢救无法事先安排：计划中的就医不视同备案，须先办理备案",
                "An emergency rescue cannot be arranged ahead: a planned visit is not deemed filed and needs a filing",
            )
        } else {
            msg!(
                "只有急诊抢救才视同备案",
                "Only an emergency rescue is deemed filed",
            )
        });
    }
    if situation != Situation::Discharged {
        courses.push(emergency);
    }

    // Pay in full and claim at home. Unfiled, a claim is made after filing, afterwards (R1.11, R3.7): planned, under way
    // or over, the claim course files first (it was said only once discharged; planned, its papers left the filing out
    // and its amounts were the unfiled visit's).
    let file_first = file_first_needed(needs_filing, already_filed, q);
    // A claim is worked out as a manual settlement of the visit as it is: under the filing held (a filing does not lapse
    // because the bill was paid in full; R3.6, R3.7) with the insured region's catalogue (R3.8), an emergency's still
    // an emergency's (R1.2), whatever the situation.
    let claim = if file_first {
        // Filed after the discharge (the claim's way, R1.11): today once discharged, else the day after the stay.
        let filed_on = if situation == Situation::Discharged {
            today.max(discharge.unwrap_or(today))
        } else {
            let end = discharge.unwrap_or(admission);
            today.max(end.succ_opt().unwrap_or(end))
        };
        filed(FilingCategory::TemporaryOther, admission, Some(filed_on))
    } else if as_is.settlement.route == Route::Local {
        // At home: the same figures, paid in full at the hospital and claimed at the insurer (helper-64: "0.00" back).
        let mut o = as_is.clone();
        o.settlement.route = Route::Manual;
        Some(o)
    } else {
        let mut v = q.clone();
        v.visit.networked = false;
        outline(p, &v).ok()
    };
    let mut claim = course(
        CourseId::ClaimAtHome,
        claim.as_ref(),
        Situation::Discharged,
        |c| c.documents.extend(crate::settlement::claim_papers(q)),
    );
    if file_first {
        // The filing comes first (补办备案), then the claim: said in the title, the papers and where.
        claim.title = if situation == Situation::Discharged {
            msg!(
                "先补办备案，再回参保地手工报销",
                "File now, then claim at home",
            )
        } else {
            let after = if inpatient { "出院后" } else { "付款后" };
            msg!(
                format!("先垫付，{after}补办备案，再回参保地手工报销"),
                "Pay in full, file afterwards, then claim at home",
            )
        };
        claim.documents.insert(
            0,
            msg!(
                "补办备案：医保电子凭证、身份证或社保卡",
                "To file: your medical insurance e-voucher, ID or social security card",
            ),
        );
        // Which filing, and its paper: the one the person said they qualify for, else each kind's (helper-52: the
        // course named neither). The amounts stay those of an other temporary filing, the least any filing made
        // afterwards is sure to get (R1.11, R3.7).
        // The paper is the filing's own, as its course lists it (`filing_papers`: the second entry, after the ID).
        let paper = |category, zh: &str, en: &str| {
            let papers = filing_papers(category, q);
            let m = &papers[1];
            msg!(
                format!("补办备案（{zh}）：带{}", m.zh),
                format!("File as {en}: bring {}", crate::error::lower_first(&m.en)),
            )
        };
        let which = match (said_of_self.lives_there, said_of_self.referred) {
            (Some(true), _) => paper(FilingCategory::LongTerm, "长期居住", "living there long-term"),
            (_, Some(true)) => paper(FilingCategory::Referral, "转诊", "a referral"),
            _ => msg!(
                "补办备案的类别按本人情况：长期居住的带居住证明，转诊的带转诊证明，其他临时外出的签个人承诺书；能否按长期或转诊待遇报销由参保地决定，此处按其他临时外出估算",
                "Which filing depends on you: living there (bring proof of it), referred (bring the referral), otherwise a temporary one (sign a pledge); whether a late filing gets long-term or referral benefits is the insured region's call: estimated here as a temporary one",
            ),
        };
        claim.documents.insert(1, which);
        let mut at = where_to(CourseId::FileBeforeDischarge);
        // The office is in the claim's list already (with its counter).
        at.retain(|m| {
            !claim
                .where_to
                .iter()
                .any(|w| w.zh.starts_with(m.zh.as_ref()))
        });
        claim.where_to.splice(0..0, at);
    } else if situation == Situation::Discharged {
        // Once discharged the bill is paid: "先垫付" (pay first) is no longer something to do (helper-47); a visit
        // without a stay is not told "付款时已全额付款" (helper-51).
        claim.title = if inpatient {
            msg!(
                "出院时已全额付款的：回参保地手工报销",
                "Paid in full at discharge: claim at home",
            )
        } else {
            msg!(
                "已全额付款的：回参保地手工报销",
                "Paid in full: claim at home"
            )
        };
    }
    // Long after: whether a claim is still taken is the first thing to ask (deadlines are the region's, R3.9).
    let long_ago = situation == Situation::Discharged
        && (today - discharge.unwrap_or(admission)).num_days() > 180;
    let claim_deadline = if long_ago {
        msg!(
            "期限由参保地规定（各地不同）：距今已超过半年，请先向参保地医保经办机构或 12393 问清是否仍在报销期限内",
            "The insured region sets the deadline (it varies): it is over half a year ago, so first ask your insurer or 12393 whether a claim is still taken",
        )
    } else if inpatient {
        msg!(
            "期限由参保地规定（各地不同），出院后请尽早向参保地医保经办机构申请",
            "The insured region sets the deadline (it varies): claim at its office as soon as you can after discharge",
        )
    } else {
        msg!(
            "期限由参保地规定（各地不同），付款后请尽早向参保地医保经办机构申请",
            "The insured region sets the deadline (it varies): claim at its office as soon as you can after paying",
        )
    };
    claim.deadline = Some(claim_deadline.clone());
    // As things stand, a visit not settled at the hospital is paid in full and claimed at home (R3.6): its papers, where
    // and by when are the claim's (it said "nothing else to do", with nothing to keep; helper-43).
    if let Some(c) = courses
        .iter_mut()
        .find(|c| c.id == CourseId::AsIs && c.route == Some(Route::Manual))
    {
        c.title = msg!(
            "照现在的情况：全额付费，再回参保地手工报销",
            "As things stand: pay in full, then claim at home",
        );
        c.documents = crate::settlement::claim_papers(q);
        c.where_to = where_to(CourseId::ClaimAtHome);
        c.deadline = Some(claim_deadline);
    }
    if direct_at_discharge && q.paid_share_only() {
        // Said to have paid only their share: settled at the hospital, nothing to claim.
        claim.available = false;
        claim.why_not = Some(msg!(
            "您说只付了个人负担部分：已直接结算，无需再回参保地报销",
            "You said you paid only your share: it was settled directly, there is nothing to claim",
        ));
    } else if direct_at_discharge && settled_as_filed {
        claim.condition = Some(if inpatient {
            msg!(
                "仅当出院时全额自费付款、未直接结算",
                "Only if you paid everything yourself at discharge, without direct settlement",
            )
        } else {
            msg!(
                "仅当全额自费付款、未直接结算",
                "Only if you paid everything yourself, without direct settlement",
            )
        });
    }
    if !needs_filing && situation != Situation::Discharged && claim.available {
        claim.available = false;
        claim.why_not = Some(msg!(
            "本次就医可直接结算，无需先垫付再报销",
            "This visit settles directly: there is no need to pay first and claim",
        ));
    }
    // As things stand already a claim at home, with nothing to file first: the same course twice (helper-45), said
    // once, as things stand.
    let as_is_claims = situation != Situation::Discharged
        && !file_first
        && as_is.settlement.route == Route::Manual;
    if !as_is_claims {
        courses.push(claim);
    }

    // R1.16: planned care at an institution that is not designated could go to one that is.
    if q.visit.designated == Some(false) && situation == Situation::Planning {
        let mut v = q.clone();
        v.visit.designated = Some(true);
        v.visit.networked = true;
        let est = outline(p, &v).ok();
        courses.push(course(
            CourseId::DesignatedInstitution,
            est.as_ref(),
            situation,
            |_| {},
        ));
    }
    // R6.2: planned care admitted in the waiting period could wait until benefits start.
    if situation == Situation::Planning
        && as_is.settlement.reason == Some(NotCoveredReason::WaitingPeriod)
    {
        if let Some(start) = crate::enrolment::benefits_start(p, q, &mut Vec::new()) {
            let mut v = q.clone();
            let shift = start.from - admission;
            v.visit.admission = v.visit.admission.map(|_| start.from);
            v.visit.date = v.visit.date.map(|_| start.from);
            v.visit.discharge = q.visit.discharge.and_then(|d| d.checked_add_signed(shift));
            // Care that waits is planned care: filed before it, it settles at the hospital (R1.1, R1.11; helper-58: the
            // course read "pay everything and claim", with no papers). Estimated as an other temporary filing, the
            // least any filing gets; the filing courses above say what a long-term or referral one would change.
            let file = file_first_needed(needs_filing, already_filed, q);
            if file {
                v.filings = None;
                v.filing = Some(filing_for(
                    q,
                    FilingCategory::TemporaryOther,
                    start.from,
                    None,
                ));
            }
            let est = outline(p, &v).ok();
            let mut c = course(CourseId::AfterWaitingPeriod, est.as_ref(), situation, |c| {
                if file {
                    c.documents
                        .extend(filing_papers(FilingCategory::TemporaryOther, q));
                }
            });
            c.deadline = Some(if file {
                msg!(
                    format!("{} 及以后入院（就诊），入院（就诊）前办好备案", start.from),
                    format!(
                        "Admitted (seen) on {} or later, filed before then",
                        start.from
                    ),
                )
            } else {
                msg!(
                    format!("{} 及以后入院（就诊）", start.from),
                    format!("Admitted (seen) on {} or later", start.from),
                )
            });
            if file {
                c.where_to = where_to(CourseId::FileTemporary);
            }
            courses.push(c);
        }
    }

    if q.visit.kind == VisitKind::ChronicOutpatient {
        for c in &mut courses {
            c.documents.push(msg!(
                "门诊慢特病资格认定（向参保地申请，跨省直接结算前须先认定）",
                "Recognition of the chronic disease by the insured region (门诊慢特病资格认定), needed before it is settled",
            ));
        }
    }

    said(&mut courses, said_of_self);
    // A long-term filing held for another place (R1.8, R1.13): a new one replaces it, and one made by pledge may be
    // locked for six months. The course says so and is not recommended: only the person can weigh it.
    let treated = crate::region::resolve(p, &q.visit.region, "visit.region").ok();
    let other = treated.and_then(|t| {
        q.held_filings().iter().find(|f| {
            f.category == FilingCategory::LongTerm && !crate::region::filing_covers(p, &f.area, t)
        })
    });
    if let Some(f) = other {
        let (area, area_en) = crate::filing::area_names(p, &f.area);
        for c in courses
            .iter_mut()
            .filter(|c| c.available && c.id == CourseId::FileLongTerm)
        {
            c.condition = Some(msg!(
                format!("您已有备案地为{area}的长期备案：新办长期备案会取代它，此后在{area}就医不再按长期备案结算；以个人承诺办理的备案可能6个月内不能变更，请先向参保地医保经办机构确认"),
                format!("You already hold a long-term filing for {area_en}: a new one replaces it, and care there is then no longer settled as a long-term filer's; a filing made by pledge may not be changed for 6 months, so ask your insurer first"),
            ));
        }
    }
    // A course that is not open says why, and no more: amounts, deadlines and papers for it would read as advice.
    for c in courses.iter_mut().filter(|c| !c.available) {
        *c = Course {
            why_not: c.why_not.take(),
            condition: None,
            where_to: Vec::new(),
            ..course(c.id, None, situation, |_| {})
        };
    }
    let best = recommend(&courses);
    let reason = match best.and_then(|i| courses.get(i)) {
        Some(c) => reason_for(c, situation, q.visit.kind, {
            let open = || courses.iter().filter(|c| c.available);
            // Among the courses open to anyone where one open only to some would cost less (helper-58: "the least of
            // the open courses" beside a cheaper long-term filing).
            let cheaper_if = open().any(|o| o.condition.is_some() && rank(o) < rank(c));
            let others = open().filter(|o| o.condition.is_none()).count() > 1;
            match (others, cheaper_if) {
                (false, _) => Least::Alone,
                (true, false) => Least::OfAll,
                (true, true) => Least::OfUnconditional,
            }
        }),
        // Open courses that only some people can take (a long-term filing, care that can wait): none is
        // recommended, but they are there.
        None if courses.iter().any(|c| c.available) => msg!(
            "可行的办法都有前提条件（见各办法的说明），请按自己的情况选择",
            "The open courses each have a condition (see each): choose by your own situation",
        ),
        // Not covered at all (a waiting period, a lapsed enrolment): why, and what to do first (R1.14, R6.2).
        None if as_is.settlement.route == Route::NotCovered => {
            let s = &as_is.settlement;
            let steps = |f: fn(&Message) -> &str, sep: &str| {
                s.next_steps.iter().map(f).collect::<Vec<_>>().join(sep)
            };
            msg!(
                format!(
                    "没有可行的办法：{}。{}",
                    s.message.zh,
                    steps(|m| &m.zh, "；")
                ),
                format!(
                    "No course is open: {}. {}",
                    s.message.en,
                    steps(|m| &m.en, "; ")
                ),
            )
        }
        None => msg!("没有可行的办法", "No course is open"),
    };
    // A cheaper course open only to some people (its condition not said): named beside the recommendation, so that a
    // person it fits is not left with the dearer one.
    let reason = match best.and_then(|i| courses.get(i)) {
        Some(b) => match courses
            .iter()
            .filter(|c| c.available && c.route.is_some() && rank(c) < rank(b))
            .filter_map(|c| c.condition.as_ref().map(|cond| (c, cond)))
            .min_by_key(|(c, _)| rank(c))
        {
            Some((c, cond)) if c.patient_pays.is_none() => msg!(
                format!("{}。另：{}：待遇更好，但{}", reason.zh, c.title.zh, cond.zh),
                format!(
                    "{}. Or: {}, better paid, but {}",
                    reason.en,
                    c.title.en,
                    crate::error::lower_first(&cond.en)
                ),
            ),
            // As much to bear, but settled at the hospital (ranked better on the tie).
            Some((c, cond)) if c.patient_pays == b.patient_pays => {
                let (amount, amount_en) = patient_words(c);
                // Said once where the course's title says it already ("出院时已在医院直接结算"; helper-43).
                let (settled, settled_en) = if c.title.zh.contains("直接结算") {
                    ("", "")
                } else {
                    ("，且在医院直接结算", ", settled at the hospital")
                };
                msg!(
                    format!(
                        "{}。另：{}：个人负担同为 {amount} 元{settled}，但{}",
                        reason.zh, c.title.zh, cond.zh
                    ),
                    format!(
                        "{}. Or: {}: you bear the same, {amount_en}{settled_en}, but {}",
                        reason.en,
                        c.title.en,
                        crate::error::lower_first(&cond.en)
                    ),
                )
            }
            Some((c, cond)) => {
                let (amount, amount_en) = patient_words(c);
                msg!(
                    format!(
                        "{}。另：{}：个人负担 {amount} 元，更少，但{}",
                        reason.zh, c.title.zh, cond.zh
                    ),
                    format!(
                        "{}. Or: {}, you bear {amount_en}, less, but {}",
                        reason.en,
                        c.title.en,
                        crate::error::lower_first(&cond.en)
                    ),
                )
            }
            None => reason,
        },
        None => reason,
    };
    let recommended = best.map(|i| {
        courses[i].recommended = true;
        courses[i].id
    });
    // The recommended course first, then the other open ones, then those not open.
    let (first, rest): (Vec<Course>, Vec<Course>) =
        courses.into_iter().partition(|c| c.recommended);
    let (open, closed): (Vec<Course>, Vec<Course>) = rest.into_iter().partition(|c| c.available);
    let courses: Vec<Course> = first.into_iter().chain(open).chain(closed).collect();
    Ok(Options {
        situation,
        timeline: timeline(p, q, &as_is.filing, admission, today),
        courses,
        recommended,
        reason,
        paid_at: {
            let (at, at_en) = settled_at(q.visit.kind);
            msg!(format!("在{at}付"), format!("Paid at the {at_en}"))
        },
        warnings: {
            let mut w = Vec::new();
            if Some(situation) != q.situation {
                crate::pipeline::situation_dates(q, &mut w);
            }
            if q.rescue_planned() {
                crate::pipeline::emergency_not_rescue(q, &mut w);
            }
            w
        },
    })
}

/// [`options`] answered on its own (the CLI's `options`, the JavaScript API's `options()`): its warnings also hold
/// every warning of the visit as things stand (the estimate's with a bill, else the figures'), which [`crate::analyze`]
/// gives beside its options instead. Without them a reader of the courses alone was not told, say, that a second
/// layer was left out of "what comes back" (helper-43).
pub fn options_alone(p: &Policies, q: &Query) -> Result<Options, Error> {
    let mut o = options(p, q)?;
    let more = if q.bill.is_empty() {
        crate::pipeline::figures(p, q).map(|f| f.warnings)
    } else {
        crate::pipeline::estimate(p, q).map(|e| e.warnings)
    };
    crate::warnings::say_once(&mut o.warnings, more.unwrap_or_default());
    Ok(o)
}

/// A course from the estimate it would give. Settled directly, the patient's share is paid at the hospital; claimed,
/// everything is paid there and the funds' share comes back later. `situation` discharged presents every course as a
/// claim: the person has already paid.
fn course(
    id: CourseId,
    est: Option<&Outline>,
    situation: Situation,
    papers: impl FnOnce(&mut Course),
) -> Course {
    let mut c = Course {
        id,
        title: title(id),
        available: est.is_some(),
        why_not: None,
        route: None,
        category: None,
        adjustment: None,
        pay_at_hospital: None,
        back_later: None,
        fund_pays: None,
        second_layer_pays: None,
        patient_pays: None,
        range: None,
        deadline: None,
        condition: condition(id),
        documents: Vec::new(),
        where_to: where_to(id),
        recommended: false,
    };
    papers(&mut c);
    let Some(e) = est else {
        c.why_not = Some(msg!(
            "按现有数据无法计算此办法",
            "This course cannot be worked out from the data",
        ));
        return c;
    };
    let route = if situation == Situation::Discharged && e.settlement.route == Route::Direct {
        Route::Manual
    } else {
        e.settlement.route
    };
    let claimed = matches!(route, Route::Manual | Route::NotCovered);
    c.route = Some(route);
    c.category = Some(e.settlement.category);
    c.adjustment = e
        .settlement
        .adjustment
        .as_ref()
        .map(|a| a.description.clone());
    if let Some(a) = &e.amounts {
        c.pay_at_hospital = Some(if claimed { a.total } else { a.patient });
        c.back_later = Some(if route == Route::Manual {
            a.fund + a.second_layer
        } else {
            ZERO
        });
        c.fund_pays = Some(a.fund);
        c.second_layer_pays = Some(a.second_layer);
        c.patient_pays = Some(a.patient);
        c.range = e.range.clone();
    }
    if e.settlement.route == Route::NotCovered {
        c.available = false;
        c.why_not = Some(e.settlement.message.clone());
    }
    c
}

/// The open course that leaves the patient least to pay in the end; on a tie, the one settled at the hospital (less
/// to pay up front), then the one asking nothing new (as things stand). Without a bill (no amounts), the one settled
/// at the hospital with the smallest national cap on its cut (R3.3: long-term, then referral, then temporary), then
/// the same ties.
fn recommend(courses: &[Course]) -> Option<usize> {
    courses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.available && c.condition.is_none() && c.route.is_some())
        .min_by_key(|(_, c)| rank(c))
        .map(|(i, _)| i)
}

/// How a course compares (smaller is better): by what the patient bears when the bill is known, else by the route and
/// the category's cap on its cut; then what is paid up front, nothing new to do, fewer papers.
fn rank(c: &Course) -> (Money, u8, u8, Money, u8, usize) {
    let direct = u8::from(c.route != Some(Route::Direct));
    let cut = 5 - c.category.map_or(0, crate::filing::category_rank).min(5);
    let (patient, by_cut) = match c.patient_pays {
        Some(p) => (p, 0),
        None => (ZERO, cut),
    };
    (
        patient,
        // On a tie (or without amounts), settled at the hospital first: nothing to pay up front and claim back, and
        // the personal account pays there.
        direct,
        by_cut,
        c.pay_at_hospital.unwrap_or_default(),
        // Nothing new to do first; but a visit left unfiled ties with a filing only by the estimate's safe reading (an
        // unfiled claim is estimated as a temporary filer's, R3.6, and some regions pay it less): filing, which costs
        // nothing, goes first then (helper-64: "don't file" recommended for a childbirth or a non-networked hospital).
        match (c.id, c.category) {
            (CourseId::AsIs, Some(Category::Unfiled | Category::LateFiling)) => 2,
            (CourseId::AsIs, _) => 0,
            _ => 1,
        },
        c.documents.len(),
    )
}

/// A range's amounts, "X–Y", or "X" where both ends are one amount (it read 约 750.00–750.00).
fn span(low: Money, high: Money) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("{low}–{high}")
    }
}

/// What the patient bears on a course, in words (Chinese, English): one amount, or with stand-in figures the range's
/// (as the glance shows it, not the middle region's), "约 X–Y", never a range without 约 as if it were the region's own.
fn patient_words(c: &Course) -> (String, String) {
    match &c.range {
        Some(r) => {
            let span = span(r.patient_pays.low, r.patient_pays.high);
            (format!("约 {span}"), format!("about {span} yuan"))
        }
        None => {
            let one = c.patient_pays.unwrap_or_default().to_string();
            (one.clone(), format!("{one} yuan"))
        }
    }
}

/// When and where a visit of this kind was settled: at discharge in hospital, at the counter of a pharmacy, when paying
/// for an outpatient visit (never "discharge" for a visit without a stay).
fn settled_when(kind: VisitKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        k if k.is_stay() => ("出院时", "医院", "at discharge", "hospital"),
        VisitKind::Pharmacy => ("付款时", "药店", "when paying", "pharmacy"),
        _ => ("付款时", "医院", "when paying", "hospital"),
    }
}

/// Where a visit is settled: a purchase at the pharmacy, anything else at the hospital.
fn settled_at(kind: VisitKind) -> (&'static str, &'static str) {
    let (_, at, _, at_en) = settled_when(kind);
    (at, at_en)
}

/// The filing the verdict rests on (R1.13), else the first held.
fn filing_judged<'q>(q: &'q Query, verdict: &FilingVerdict) -> Option<&'q Filing> {
    let held = q.held_filings();
    verdict
        .filing_used
        .as_ref()
        .and_then(|u| held.get(u.index))
        .or(held.first())
}

/// The filing a course would make: of `category` for the place of treatment, from `start`, made on `filed_on` (a
/// long-term one of the person's kind).
fn filing_for(
    q: &Query,
    category: FilingCategory,
    start: NaiveDate,
    filed_on: Option<NaiveDate>,
) -> Filing {
    Filing {
        category,
        long_term_kind: (category == FilingCategory::LongTerm).then_some(
            if q.insured.status == Some(Status::Retired) {
                LongTermKind::Retiree
            } else {
                LongTermKind::Resident
            },
        ),
        start,
        end: None,
        filed_on,
        area: q.visit.region.clone(),
    }
}

/// Whether a filing is still to make for the visit to be settled as filed: one is needed, none held covers it, and it
/// is no emergency deemed filed (R1.2).
fn file_first_needed(needs_filing: bool, already_filed: bool, q: &Query) -> bool {
    !already_filed && needs_filing && !q.rescue()
}

/// What the recommended course is the least of: nothing (no other course is open to anyone: a lone course is not "the
/// least of" them), every open course, or those with no condition (one open only to some costs less).
#[derive(Clone, Copy)]
enum Least {
    Alone,
    OfAll,
    OfUnconditional,
}

/// Why `c` is recommended.
fn reason_for(c: &Course, situation: Situation, kind: VisitKind, least: Least) -> Message {
    let (at, at_en) = settled_at(kind);
    let (least, least_en) = match least {
        Least::Alone => ("", ""),
        Least::OfAll => ("（在可行办法中最少）", " (the least of the open courses)"),
        Least::OfUnconditional => (
            "（在无前提条件的可行办法中最少）",
            " (the least of the open courses with no condition)",
        ),
    };
    // No bill yet: what the course comes to, without amounts.
    if c.patient_pays.is_none() {
        let (adj, adj_en) = c
            .adjustment
            .as_ref()
            .map_or((String::new(), String::new()), |a| {
                (
                    format!("，{}", a.zh),
                    format!(", {}", crate::error::lower_first(&a.en)),
                )
            });
        let (title, title_en) = (&c.title.zh, &c.title.en);
        return if c.route == Some(Route::Local) {
            // At home (or within the pooling region): settled as any local visit (helper-78: "pay in full, then claim").
            msg!(
                format!("{title}：在参保地本地结算{adj}。填写费用即可算出个人负担"),
                format!("{title_en}: settled locally{adj_en}. Enter the bill to see your share"),
            )
        } else if c.route == Some(Route::Direct) {
            msg!(
                format!("{title}：可在{at}直接结算{adj}（在可行办法中待遇最好）。填写费用即可算出各办法花多少钱"),
                format!("{title_en}: settled at the {at_en}{adj_en} (the best of the open courses). Enter the bill to see what each costs"),
            )
        } else {
            msg!(
                format!("{title}：先全额付清，再回参保地报销{adj}（在可行办法中待遇最好）。填写费用即可算出各办法花多少钱"),
                format!("{title_en}: pay in full, then claim at home{adj_en} (the best of the open courses). Enter the bill to see what each costs"),
            )
        };
    }
    let (patient, patient_en) = patient_words(c);
    match c.route {
        // Conditional (a card not said shown, a filing on the discharge day, a waiver of unknown start): said so.
        Some(Route::Direct) if situation == Situation::Discharged && c.condition.is_some() => {
            let (when, at, when_en, at_en) = settled_when(kind);
            msg!(
                format!("{when}已在{at}直接结算的（见条件）：只付了个人负担 {patient} 元，无需再回参保地报销"),
                format!("If it was settled at the {at_en} {when_en} (see the condition): you paid only your share, {patient_en}, and there is nothing to claim"),
            )
        }
        Some(Route::Direct) if situation == Situation::Discharged => {
            let (when, at, when_en, at_en) = settled_when(kind);
            msg!(
                format!("{when}已在{at}直接结算：只付了个人负担 {patient} 元，无需再回参保地报销"),
                format!("Settled at the {at_en} {when_en}: you paid only your share, {patient_en}, and there is nothing to claim"),
            )
        }
        Some(Route::Manual) => {
            let (back, back_en) = match &c.range {
                Some(r) => {
                    let span = span(r.insurance_pays.low, r.insurance_pays.high);
                    (format!("约 {span}"), format!("about {span} yuan"))
                }
                None => {
                    let one = c.back_later.unwrap_or_default().to_string();
                    (one.clone(), format!("{one} yuan"))
                }
            };
            if situation == Situation::Discharged {
                msg!(
                    format!("已全额付款的，回参保地报销后预计报回 {back} 元，个人最终负担 {patient} 元{least}"),
                    format!("Paid in full: claim at home; expected back: {back_en}; you bear {patient_en} in the end{least_en}"),
                )
            } else {
                msg!(
                    format!("先全额付清，回参保地报销后预计报回 {back} 元，个人最终负担 {patient} 元{least}"),
                    format!("Pay in full, then claim at home; expected back: {back_en}; you bear {patient_en} in the end{least_en}"),
                )
            }
        }
        _ => msg!(
            format!("在{at}直接结算，只需支付个人负担 {patient} 元{least}"),
            format!("Settled at the {at_en}: you pay only your share, {patient_en}{least_en}"),
        ),
    }
}

fn title(id: CourseId) -> Message {
    let (zh, en) = match id {
        CourseId::AsIs => (
            "不用另办手续：照现在的情况",
            "Nothing else to do: as things stand",
        ),
        CourseId::FileBeforeDischarge => ("出院结算前补办备案", "File now, before discharge"),
        CourseId::FileLongTerm => (
            "办理长期备案（异地长期居住/安置/工作）",
            "File long-term (living, retired or working there)",
        ),
        CourseId::FileReferral => ("办理转诊备案", "File as a referral"),
        CourseId::FileTemporary => ("办理其他临时外出就医备案", "File as a temporary visitor"),
        CourseId::Emergency => ("按急诊抢救（视同备案）", "As an emergency (deemed filed)"),
        CourseId::ClaimAtHome => ("先垫付，回参保地手工报销", "Pay in full and claim at home"),
        CourseId::DesignatedInstitution => (
            "改到医保定点（跨省联网）医疗机构就医",
            "Go to a designated (networked) institution instead",
        ),
        CourseId::AfterWaitingPeriod => ("待遇等待期满后再就医", "Wait until benefits start"),
    };
    msg!(zh, en)
}

fn condition(id: CourseId) -> Option<Message> {
    match id {
        CourseId::FileLongTerm => Some(msg!(
            "只适用于在就医地长期居住、异地安置退休或常驻工作的人",
            "Only for those who live, have retired or work there long-term",
        )),
        CourseId::FileReferral => Some(msg!(
            "须由参保地定点医院开具转诊转院证明",
            "Needs a referral from a designated hospital of your insured region",
        )),
        CourseId::AfterWaitingPeriod => Some(msg!(
            "只适用于可以推迟的治疗",
            "Only for care that can wait",
        )),
        _ => None,
    }
}

/// What the person said about themselves, and what the filings they hold for this place show (R2.1): one holding a
/// referral filing for it (not ended before the visit) was referred, one holding such a long-term filing lives there (helper-58: a referral filing
/// of unknown end had "File as a referral" conditional on a referral, and a dearer temporary filing recommended).
/// What the person said goes first.
fn circumstances(p: &Policies, q: &Query) -> crate::query::Circumstances {
    let mut said = q.circumstances.unwrap_or_default();
    let Ok(treated) = crate::region::resolve(p, &q.visit.region, "visit.region") else {
        return said;
    };
    // In force for the visit, or to come: one that ended before it says nothing of a referral or a home today
    // (helper-62: a referral ended months ago made "file as a referral" unconditional).
    let visit_start = q.visit.admission.or(q.visit.date);
    for f in q
        .held_filings()
        .iter()
        .filter(|f| crate::region::filing_covers(p, &f.area, treated))
        .filter(|f| match (f.end, visit_start) {
            (Some(end), Some(start)) => end >= start,
            _ => true,
        })
    {
        match f.category {
            FilingCategory::Referral => {
                said.referred.get_or_insert(true);
            }
            FilingCategory::LongTerm => {
                said.lives_there.get_or_insert(true);
            }
            _ => {}
        }
    }
    said
}

/// What the person said about themselves (R2.1): a long-term or referral course whose condition they said they
/// meet is open without it (and may be recommended); one they said they do not meet is not open.
fn said(courses: &mut [Course], said: crate::query::Circumstances) {
    for c in courses.iter_mut().filter(|c| c.available) {
        let answer = match c.id {
            CourseId::FileLongTerm => said.lives_there,
            CourseId::FileReferral => said.referred,
            _ => None,
        };
        match answer {
            Some(true) => c.condition = None,
            Some(false) => {
                c.available = false;
                c.why_not = Some(if c.id == CourseId::FileLongTerm {
                    msg!(
                        "您说不在就医地长期居住：长期备案只适用于在就医地长期居住、异地安置退休或常驻工作的人",
                        "You said you do not live there long-term: a long-term filing is only for those who live, have retired or work there",
                    )
                } else {
                    msg!(
                        "您说参保地医院不开转诊证明：转诊备案须凭参保地定点医院的转诊转院证明",
                        "You said there is no referral: a referral filing needs one from a designated hospital of your insured region",
                    )
                });
            }
            None => {}
        }
    }
}

/// Whether a filing of another category would be settled in a better category than the filing held (a temporary
/// filer who lives there may file long-term instead, R2.1, R3.3): then filing is a course, not "already filed".
fn upgrade(with: Option<&Outline>, as_is: &Outline) -> bool {
    with.is_some_and(|o| {
        crate::filing::category_rank(o.settlement.category)
            > crate::filing::category_rank(as_is.settlement.category)
            // Of the same national rank, one the region pays better (深圳: a referral at its local ratio, an emergency
            // ×0.9; helper-52 found a referral filed before discharge called "changes nothing" at 820 against 1238).
            || o.amounts
                .zip(as_is.amounts)
                .is_some_and(|(o, a)| o.patient < a.patient)
    })
}

/// An emergency rescue is deemed filed (R1.2): a filing that would settle it no better is no course of its own (its
/// card said "file as a referral" over the emergency's own amounts).
fn rescue_unchanged(q: &Query, better: bool) -> Option<Message> {
    (q.rescue() && !better).then(|| {
        msg!(
            "急诊抢救已视同备案：办理此备案，待遇不变",
            "An emergency rescue is deemed filed: this filing would change nothing",
        )
    })
}

/// Why filing is no course at all: none is needed, or a filing held already covers the visit.
/// A visit in the insured region itself settles locally: a filing is for care elsewhere, and filing "for" home would
/// not change how home settles it (R1.8: a long-term filer treated back home is settled by the insured region's rule
/// for such visits, which a new filing does not lift; changing or cancelling the filing is the insured region's
/// business).
fn at_home(q: &Query, as_is: &Outline) -> Option<Message> {
    if as_is.settlement.route != Route::Local {
        return None;
    }
    let long_term = q
        .held_filings()
        .iter()
        .any(|f| f.category == FilingCategory::LongTerm);
    Some(if long_term {
        msg!(
            "本次在参保地就医：异地就医备案只管参保地以外的就医；持长期备案回参保地就医，按参保地对这类人员的规定结算（能否变更或取消备案，请问参保地医保部门）",
            "This visit is in your insured region: a filing covers care elsewhere only. With a long-term filing, care back home is settled by your insured region's rule for such visits (ask it whether you can change or cancel the filing)",
        )
    } else {
        msg!(
            "本次在参保地就医，不需要办理异地就医备案",
            "This visit is in your insured region: no filing is needed",
        )
    })
}

/// Why a filing course is not open, if it is not: the visit is at home, needs no filing, is an emergency deemed filed
/// that the filing would settle no better, or a filing held covers it already. The emergency is said before the filing
/// held (helper-58: a long-term filing for another city, an emergency here, read "you already hold a filing that covers
/// this visit").
/// `better`: the filing would settle the visit better than as it stands.
fn filing_closed(
    q: &Query,
    as_is: &Outline,
    needs_filing: bool,
    already_filed: bool,
    better: bool,
) -> Option<Message> {
    if let Some(why) = at_home(q, as_is) {
        Some(why)
    } else if !needs_filing && !better {
        Some(msg!("本次就医不需要备案", "This visit needs no filing"))
    } else if let Some(why) = rescue_unchanged(q, better) {
        Some(why)
    } else {
        (already_filed && !better).then(|| {
            if as_is.filing.status == FilingStatus::NotYetValid {
                msg!(
                    "已有备案，无需再办：只需把开始日期改为入院日或更早",
                    "You already hold a filing: only its start needs moving to the admission day or earlier",
                )
            } else {
                msg!(
                    "已有有效备案，无需再办",
                    "You already hold a filing that covers this visit",
                )
            }
        })
    }
}

/// The papers a filing of `category` asks for (§2 of docs/rules.md, S49): an employed person filing long-term may be a
/// posted worker (常驻异地工作人员), who also brings the employer's posting letter.
fn filing_papers(category: FilingCategory, q: &Query) -> Vec<Message> {
    let mut v = vec![msg!(
        "医保电子凭证、身份证或社保卡",
        "Your medical insurance e-voucher, ID card or social security card",
    )];
    v.push(match category {
        FilingCategory::LongTerm => msg!(
            "长期居住证明（户口簿、居住证等）或个人承诺书",
            "Proof of living there (household register, residence permit) or a personal pledge",
        ),
        FilingCategory::Referral => msg!(
            "参保地定点医院开具的转诊转院证明",
            "A referral from a designated hospital of your insured region",
        ),
        FilingCategory::TemporaryOther => msg!(
            "个人承诺书（在备案时签署）",
            "A personal pledge (signed when filing)",
        ),
        FilingCategory::Emergency => {
            msg!("急诊无需备案材料", "An emergency needs no filing papers")
        }
        FilingCategory::Maternity => msg!(
            "符合生育政策的证明（按参保地要求）",
            "Proof of eligibility under the birth policy (as the insured region asks)",
        ),
    });
    if category == FilingCategory::LongTerm && q.insured.status == Some(Status::Employed) {
        v.push(msg!(
            "如为单位派驻异地工作：单位派出证明",
            "If your employer posted you there: the employer's posting letter",
        ));
    }
    v
}

/// An emergency deemed filed (R1.2) as things stand: the record that proves it is the course's paper (helper-74: the
/// recommended card said nothing to do, the paper only on the emergency course below it).
fn deemed_papers(q: &Query, as_is: &Outline, c: &mut Course) {
    if q.rescue() && as_is.filing.reason == FilingReason::Emergency {
        c.documents.push(emergency_record());
    }
}

fn emergency_record() -> Message {
    msg!(
        "急诊诊断证明或病历（证明属急诊抢救）",
        "The emergency diagnosis or record (proof of an emergency)",
    )
}

/// Where each course is done (R1.4).
fn where_to(id: CourseId) -> Vec<Message> {
    match id {
        CourseId::AsIs | CourseId::Emergency | CourseId::AfterWaitingPeriod => Vec::new(),
        CourseId::DesignatedInstitution => vec![msg!(
            "国家医保服务平台 APP（查询定点及跨省联网医疗机构）",
            "The national medical insurance app (designated and networked institutions)",
        )],
        CourseId::ClaimAtHome => vec![
            msg!(
                "参保地医保经办机构（柜台，部分地区可网上办理）",
                "Your insured region's insurance office (counter; online in some regions)",
            ),
            msg!(
                "12393 医保服务热线（咨询材料和期限）",
                "The 12393 hotline (papers and deadline)",
            ),
        ],
        _ => vec![
            msg!(
                "国家医保服务平台 APP",
                "The national medical insurance app (国家医保服务平台)",
            ),
            msg!(
                "“国家异地就医备案”小程序",
                "The national cross-region filing mini-program (国家异地就医备案)",
            ),
            msg!(
                "国务院客户端小程序",
                "The State Council client mini-program (国务院客户端)",
            ),
            msg!(
                "参保地医保经办机构",
                "Your insured region's insurance office",
            ),
        ],
    }
}

/// The timeline of the filing against the stay. Its words say what the filing verdict decided (R1.3, R1.3a, R1.8–R1.11,
/// R1.9a), so that the picture never tells another story than the verdict: `filing` is the verdict for the query.
fn timeline(
    p: &Policies,
    q: &Query,
    filing: &FilingVerdict,
    admission: NaiveDate,
    today: NaiveDate,
) -> Timeline {
    let discharge = q.visit.discharge;
    let inpatient = q.visit.is_stay();
    let f = filing_judged(q, filing);
    let end = f.map(|f| filing_end(p, f));
    let (last, assumed) = match end {
        Some(End::Given(e)) => (Some(e), false),
        Some(End::AtLeast(m)) => (Some(m), true),
        _ => (None, false),
    };
    let months = p.national.temporary_filing_min_months.value;
    let (zh_filing, en_filing) = match (f, end) {
        (None, _) => ("未备案".to_string(), "No filing".to_string()),
        (Some(f), Some(End::AtLeast(m))) => (
            format!(
                "备案自 {} 起，未填截止日期：临时备案原则上不少于 {months} 个月，至少到 {m}",
                f.start
            ),
            format!(
                "Filed from {}, no end given: a temporary filing lasts at least {months} months, to {m} at least",
                f.start
            ),
        ),
        (Some(f), Some(End::Given(e))) => (
            format!("备案有效期 {} 至 {e}", f.start),
            format!("Filed from {} to {e}", f.start),
        ),
        (Some(f), _) => (
            format!("备案自 {} 起长期有效", f.start),
            format!("Filed from {}, open-ended", f.start),
        ),
    };
    // Made after its start (a 补办): in force for settlement from the day it was made (R1.11), as the bar is drawn.
    let (zh_filing, en_filing) = match f.and_then(|f| f.filed_on.filter(|d| *d > f.start)) {
        Some(made) => (
            format!("{zh_filing}；{made} 才办理，自该日起生效"),
            format!("{en_filing}; made on {made}, in force from that day"),
        ),
        None => (zh_filing, en_filing),
    };
    let stay_word = |zh_inpatient: &str, zh_visit: &str, en_inpatient: &str, en_visit: &str| {
        if inpatient {
            (zh_inpatient.to_string(), en_inpatient.to_string())
        } else {
            (zh_visit.to_string(), en_visit.to_string())
        }
    };
    let (zh_rel, en_rel): (String, String) = match filing.status {
        FilingStatus::NotRequired => ("无需备案".into(), "no filing needed".into()),
        FilingStatus::DeemedFiled if filing.reason == FilingReason::Emergency => (
            "急诊抢救视同已备案".into(),
            "an emergency is deemed filed".into(),
        ),
        FilingStatus::DeemedFiled => ("视同已备案".into(), "deemed filed".into()),
        _ if filing.reason == FilingReason::FilingAreaMismatch => (
            "备案地与就医地不符，视为未备案".into(),
            "the filing names another area: not filed".into(),
        ),
        _ if filing.reason == FilingReason::FilingKindMismatch => (
            "所持备案不适用于本类就医，视为未备案".into(),
            "the filing held does not cover this kind of visit: not filed".into(),
        ),
        FilingStatus::Missing => (
            "需要备案，尚未办理".into(),
            "filing needed, not made".into(),
        ),
        FilingStatus::Expired => stay_word(
            "入院时备案已过期",
            "就诊时备案已过期",
            "the filing had ended before admission",
            "the filing had ended before the visit",
        ),
        FilingStatus::EndUnknown => stay_word(
            "入院在最短有效期之后，备案可能已到期，请查看截止日期",
            "就诊在最短有效期之后，备案可能已到期，请查看截止日期",
            "admitted after the minimum validity: the filing may have ended, check its end",
            "the visit is after the minimum validity: the filing may have ended, check its end",
        ),
        FilingStatus::NotYetValid => stay_word(
            "入院时备案尚未生效",
            "就诊时备案尚未生效",
            "the filing was not yet in force at admission",
            "the filing was not yet in force at the visit",
        ),
        FilingStatus::LateBeforeDischarge => stay_word(
            "入院后才备案：出院结算前办妥可直接结算",
            "就诊后才备案",
            "filed after admission: settled directly if done before discharge settlement",
            "filed after the visit",
        ),
        FilingStatus::LateAfterDischarge => stay_word(
            "出院结算后才备案：只能回参保地手工报销",
            "结算后才备案：只能回参保地手工报销",
            "filed after discharge: only a manual claim at home",
            "filed after paying: only a manual claim at home",
        ),
        FilingStatus::Valid if inpatient && last.zip(discharge).is_some_and(|(e, d)| d > e) => (
            "备案在住院期间到期，按入院日判断仍然有效".into(),
            "the filing ends during the stay; the admission date decides, so it still holds".into(),
        ),
        FilingStatus::Valid => stay_word(
            "入院在备案有效期内",
            "就诊在备案有效期内",
            "admitted within the filing",
            "the visit is within the filing",
        ),
    };
    let (stay_zh, stay_en) = match (discharge, q.visit.kind) {
        // A planned visit with no day yet: none is shown as if given (input::assumed_day).
        _ if crate::input::assumed_day(q).is_some() => {
            ("就医日期未定".to_string(), "no visit date yet".to_string())
        }
        (Some(d), _) => (
            format!("住院 {admission} 至 {d}"),
            format!("stay {admission} to {d}"),
        ),
        (None, _) if q.visit.is_stay() => {
            (format!("入院 {admission}"), format!("admitted {admission}"))
        }
        (None, VisitKind::Pharmacy) => {
            (format!("购药 {admission}"), format!("purchase {admission}"))
        }
        (None, _) => (format!("就诊 {admission}"), format!("visit {admission}")),
    };
    Timeline {
        // The day it is in force from: its start, or the later day it was made (helper-66: a filing made after discharge
        // was drawn "valid" over the whole stay).
        filing_start: f.map(|f| f.made().to_string()),
        filing_end: last.map(|e| e.to_string()),
        filing_end_assumed: assumed,
        admission: admission.to_string(),
        admission_assumed: crate::input::assumed_day(q).is_some(),
        discharge: discharge.map(|d| d.to_string()),
        today: today.to_string(),
        text: msg!(
            format!("{zh_filing}；{stay_zh}；今天 {today}：{zh_rel}"),
            format!("{en_filing}; {stay_en}; today {today}: {en_rel}"),
        ),
        stay_label: match q.visit.kind {
            _ if inpatient => msg!("住院", "Hospital stay"),
            VisitKind::Pharmacy => msg!("购药", "Purchase"),
            _ => msg!("就诊", "Visit"),
        },
    }
}
