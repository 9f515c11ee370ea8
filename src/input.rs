//! Checks on a query before any rule runs: amounts are within `Money::check`'s bounds, dates are in order,
//! regions and diseases are known. Each failure is a typed error naming its field.

use crate::error::{Error, ErrorCode};
use crate::filing::Stay;
use crate::money::Money;
use crate::policy::{Policies, Region};
use crate::query::{Query, Segment, VisitKind, MAX_FILINGS};
use crate::region;
use chrono::NaiveDate;
use std::borrow::Cow;

pub struct Ctx<'p> {
    pub insured: &'p Region,
    pub treated: &'p Region,
    pub stay: Stay,
    /// The date whose rules and figures apply: admission, or the outpatient date.
    pub on: NaiveDate,
}

pub fn check<'p>(p: &'p Policies, q: &Query) -> Result<Ctx<'p>, Error> {
    check_bill(p, q, true)
}

/// [`check`], with the bill's total or lines required or not (a course compared before the bill is known).
pub fn check_bill<'p>(p: &'p Policies, q: &Query, bill_required: bool) -> Result<Ctx<'p>, Error> {
    amounts(q, bill_required)?;
    let insured = region::resolve(p, &q.insured.region, "insured.region")?;
    let treated = region::resolve(p, &q.visit.region, "visit.region")?;
    let stay = stay(q)?;
    check_filing_and_visit(p, q)?;
    Ok(Ctx {
        insured,
        treated,
        stay,
        on: stay.admission,
    })
}

pub use crate::error::{MAX_ADMISSIONS, MAX_AGE, MAX_LAPSED_YEARS};

/// The age and this year's admissions are within reason (the error says the bounds: error.rs).
fn counts(q: &Query) -> Result<(), Error> {
    if q.insured.age.is_some_and(|a| a > MAX_AGE) {
        return Err(Error::at(ErrorCode::InvalidValue, "insured.age"));
    }
    if q.history.admissions > MAX_ADMISSIONS {
        return Err(Error::at(ErrorCode::InvalidValue, "history.admissions"));
    }
    Ok(())
}

/// The path of a field of the `i`th filing held: in `filings` when the query lists them, else the one `filing`.
fn filing_path(q: &Query, i: usize, field: &str) -> String {
    if q.filings.is_some() {
        format!("filings[{i}].{field}")
    } else {
        format!("filing.{field}")
    }
}

/// A filing's day made is past: R1.11 reads `filed_on` as the day it was made, and one to come is a plan, not a filing
/// held (helper-58: a `filed_on` after `today` read as filed after discharge while the person was still in hospital).
/// Checked on the person's query where it comes in ([`crate::pipeline`]'s entries, [`crate::options`]), not on the
/// courses' what-ifs, which file on days to come.
pub fn check_made(q: &Query) -> Result<(), Error> {
    let Some(today) = q.today else {
        return Ok(());
    };
    for (i, f) in q.held_filings().iter().enumerate() {
        let Some(on) = f.filed_on.filter(|on| *on > today) else {
            continue;
        };
        return Err(Error::new(
            ErrorCode::InvalidDate,
            filing_path(q, i, "filed_on"),
            msg!(
                format!("备案办理日期 {on} 晚于今天（{today}）：请填已经办好备案的那一天；还没有办的备案不要填"),
                format!("The day the filing was made, {on}, is after today ({today}): give the day it was made, and leave out a filing not made yet"),
            ),
        ));
    }
    Ok(())
}

/// The filing's dates and area, and the chronic disease, are known and consistent; the age and the year's admissions
/// are within reason.
pub fn check_filing_and_visit(p: &Policies, q: &Query) -> Result<(), Error> {
    counts(q)?;
    // One filing or a list (R1.13), not both: which one would count is not the core's to guess.
    if let (Some(_), Some(_)) = (&q.filing, &q.filings) {
        return Err(Error::at(ErrorCode::FilingAndFilings, "filings"));
    }
    if q.filings.as_ref().is_some_and(|v| v.len() > MAX_FILINGS) {
        // Said with the limit (it read "多份备案的取值无效"; helper-45).
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "filings",
            crate::Message::new(
                format!("多份备案最多填写 {MAX_FILINGS} 份"),
                format!("At most {MAX_FILINGS} filings can be given"),
            ),
        ));
    }
    for (i, f) in q.held_filings().iter().enumerate() {
        let at = |field: &str| filing_path(q, i, field);
        if f.end.is_some_and(|e| e < f.start) {
            return Err(Error::at(ErrorCode::FilingEndBeforeStart, at("end")));
        }
        let area_known = region::resolve(p, &f.area, "filing.area").is_ok()
            || p.provinces.iter().any(|pr| pr.is_named(f.area.trim()));
        if !area_known {
            return Err(Error::at(ErrorCode::UnknownRegion, at("area")));
        }
    }
    enrolment(q)?;
    if q.visit.kind == VisitKind::ChronicOutpatient {
        match q.visit.chronic_disease.as_deref() {
            None => return Err(Error::at(ErrorCode::MissingField, "visit.chronic_disease")),
            Some(d) if p.disease_code(d) == "other" || p.chronic_disease(d).is_some() => {}
            Some(_) => {
                // Which diseases are on the list, by name, and what to write for any other (R4.3).
                let list = &p.national.chronic_diseases;
                let zh: Vec<&str> = list.iter().map(|d| d.name.as_str()).collect();
                let en: Vec<&str> = list.iter().map(|d| d.name_en.as_str()).collect();
                return Err(Error::new(
                    ErrorCode::UnknownDisease,
                    "visit.chronic_disease",
                    msg!(
                        format!(
                            "没有认出这个门诊慢特病病种。跨省直接结算的病种是：{}；是其中之一请选它（或写它的名称），其他病种请填 other，按参保地规定办理",
                            zh.join("、")
                        ),
                        format!(
                            "The chronic disease was not recognised. Those settled directly across provinces are: {}; \
                             if yours is one of them, choose it (or write its name), and for any other disease write \
                             other: the insured region's rules apply",
                            en.join(", ")
                        ),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The waiting period's inputs (R6.2): years not paid come with the day of enrolment, and stay within a lifetime.
fn enrolment(q: &Query) -> Result<(), Error> {
    let i = &q.insured;
    if i.lapsed_years.is_some_and(|n| n > MAX_LAPSED_YEARS) {
        return Err(Error::at(ErrorCode::InvalidValue, "insured.lapsed_years"));
    }
    if i.lapsed_years.is_some_and(|n| n > 0) && i.enrolled_on.is_none() && i.benefits_from.is_none()
    {
        return Err(Error::at(ErrorCode::MissingField, "insured.enrolled_on"));
    }
    Ok(())
}

/// The day a planned visit is taken to be on when the person has none yet (`situation: planning`, its default, no
/// date given): `today`, the rules and figures in force now (said with `visit_date_assumed`). None otherwise: a visit
/// under way or over has its day.
pub fn assumed_day(q: &Query) -> Option<chrono::NaiveDate> {
    let v = &q.visit;
    let none_given = v.admission.is_none() && v.date.is_none();
    let planning = q
        .situation
        .is_none_or(|s| s == crate::query::Situation::Planning);
    (none_given && planning).then_some(q.today).flatten()
}

/// The stay's dates: inpatient visits (and childbirth given an admission) need an admission date; other visits a
/// single date (a planned visit without one: [`assumed_day`]).
pub fn stay(q: &Query) -> Result<Stay, Error> {
    let v = &q.visit;
    if v.kind == VisitKind::Inpatient || (v.kind == VisitKind::Maternity && v.admission.is_some()) {
        let admission = v
            .admission
            .or_else(|| assumed_day(q))
            .ok_or_else(|| Error::at(ErrorCode::MissingField, "visit.admission"))?;
        if v.discharge.is_some_and(|d| d < admission) {
            return Err(Error::at(
                ErrorCode::DischargeBeforeAdmission,
                "visit.discharge",
            ));
        }
        return Ok(Stay {
            admission,
            discharge: v.discharge,
            today: q.today,
        });
    }
    let date = v
        .date
        .or(v.admission)
        .or_else(|| assumed_day(q))
        .ok_or_else(|| Error::at(ErrorCode::MissingField, "visit.date"))?;
    Ok(Stay {
        admission: date,
        discharge: Some(date),
        today: q.today,
    })
}

fn amounts(q: &Query, bill_required: bool) -> Result<(), Error> {
    let b = &q.bill;
    let h = &q.history;
    let o = &q.overrides;
    // The fixed paths in place (no allocation for a plain query); the others only when their part is given.
    let fixed: [(&str, Option<Money>); 14] = [
        ("bill.total", b.total),
        ("bill.out_of_catalogue", b.out_of_catalogue),
        ("bill.over_limit", b.over_limit),
        (
            "bill.class_b.amount",
            b.class_b.as_ref().and_then(|c| c.amount),
        ),
        (
            "bill.class_b.prepay_amount",
            b.class_b.as_ref().and_then(|c| c.prepay_amount),
        ),
        ("history.deductible_paid", h.deductible_paid),
        ("history.fund_paid", h.fund_paid),
        ("history.eligible_so_far", h.eligible_so_far),
        (
            "history.second_layer_base_so_far",
            h.second_layer_base_so_far,
        ),
        ("history.second_layer_paid", h.second_layer_paid),
        ("personal_account_balance", q.personal_account_balance),
        ("overrides.deductible", o.deductible),
        ("overrides.annual_cap", o.annual_cap),
        ("history.quota_used", h.quota_used),
    ];
    let mut list: Vec<(Cow<'static, str>, Option<Money>)> = Vec::new();
    for (i, e) in h.layers.iter().enumerate() {
        list.push((
            format!("history.layers[{i}].base_so_far").into(),
            e.base_so_far,
        ));
        list.push((format!("history.layers[{i}].paid").into(), e.paid));
    }
    if let Some(a) = &q.personal_account {
        list.push(("personal_account.own".into(), a.own));
        list.push(("personal_account.family".into(), a.family));
        // The older field and the newer one say the same balance, or one of them is wrong.
        if let (Some(own), Some(old)) = (a.own, q.personal_account_balance) {
            if own != old {
                return Err(Error::at(ErrorCode::TotalMismatch, "personal_account.own"));
            }
        }
    }
    for (i, l) in o.layers.iter().flatten().enumerate() {
        let at = format!("overrides.layers[{i}]");
        list.push((format!("{at}.threshold").into(), Some(l.threshold)));
        list.push((format!("{at}.cap").into(), l.cap));
        segments(&l.segments, &format!("{at}.segments"))?;
    }
    if let Some(quota) = &o.quota {
        list.push(("overrides.quota.amount".into(), Some(quota.amount)));
    }
    if let Some(sl) = &o.second_layer {
        list.push((
            "overrides.second_layer.threshold".into(),
            Some(sl.threshold),
        ));
        list.push(("overrides.second_layer.cap".into(), sl.cap));
        segments(&sl.segments, "overrides.second_layer.segments")?;
    }
    if let Some(s) = &o.segments {
        segments(s, "overrides.segments")?;
    }
    if let Some(field) = o.adjustment.as_ref().and_then(|a| a.contradiction()) {
        return Err(Error::at(
            ErrorCode::InvalidValue,
            format!("overrides.adjustment.{field}"),
        ));
    }
    if let Some(crate::query::Adjustment::DeductibleOverride {
        amount, min, max, ..
    }) = &o.adjustment
    {
        list.push(("overrides.adjustment.amount".into(), *amount));
        list.push(("overrides.adjustment.min".into(), *min));
        list.push(("overrides.adjustment.max".into(), *max));
    }
    // The reader already holds every amount to these bounds; a query built in Rust is held to them here.
    let all = fixed
        .into_iter()
        .map(|(path, m)| (Cow::Borrowed(path), m))
        .chain(list);
    for (path, m) in all {
        if let Some(m) = m {
            m.check()
                .map_err(|code| Error::at(code, path.into_owned()))?;
        }
    }
    for (i, l) in b.lines.iter().flatten().enumerate() {
        l.amount
            .check()
            .map_err(|code| Error::at(code, format!("bill.lines[{i}].amount")))?;
        if let Some(m) = l.over_limit {
            m.check()
                .map_err(|code| Error::at(code, format!("bill.lines[{i}].over_limit")))?;
        }
    }
    if bill_required && b.lines.is_none() && b.total.is_none() {
        return Err(Error::at(ErrorCode::MissingField, "bill.total"));
    }
    Ok(())
}

fn segments(segs: &[Segment], path: &str) -> Result<(), Error> {
    if crate::query::well_formed(segs) {
        Ok(())
    } else {
        Err(Error::at(ErrorCode::InvalidSegments, path))
    }
}

/// The itemized lines a form starts from when a person switches from totals to lines, so that nothing typed is lost:
/// the class-B part and the out-of-catalogue part (class C) as lines of their own, and what the total leaves after
/// them as class A with the over-limit part. No lines when there is no total, or when the parts exceed it. The lines'
/// names are in the answer's language ([`crate::in_locale`]).
pub fn lines_from_totals(bill: &crate::query::Bill) -> Vec<crate::query::Line> {
    use crate::query::{Line, LineClass};
    let zero = Money::default();
    let Some(total) = bill.total.filter(|t| t.0 > zero.0) else {
        return Vec::new();
    };
    let ooc = bill.out_of_catalogue.unwrap_or_default();
    let class_b = bill.class_b.as_ref();
    let b = class_b.and_then(|c| c.amount).unwrap_or_default();
    let Some(a) = total.0.checked_sub(ooc.0).and_then(|x| x.checked_sub(b.0)) else {
        return Vec::new();
    };
    if a < zero.0 {
        return Vec::new();
    }
    let name = |zh: &'static str, en: &'static str| Some(msg!(zh, en).text().into_owned());
    let mut lines = Vec::with_capacity(3);
    if a > zero.0 {
        lines.push(Line {
            name: name("甲类及其他", "Class A and other"),
            amount: Money(a),
            class: LineClass::A,
            prepay_rate: None,
            over_limit: bill.over_limit.filter(|o| o.0 > zero.0),
        });
    }
    if b.0 > zero.0 {
        lines.push(Line {
            name: name("乙类", "Class B"),
            amount: b,
            class: LineClass::B,
            prepay_rate: class_b.and_then(|c| c.prepay_rate),
            over_limit: None,
        });
    }
    if ooc.0 > zero.0 {
        lines.push(Line {
            name: name("自费（目录外）", "Outside the catalogue"),
            amount: ooc,
            class: LineClass::C,
            prepay_rate: None,
            over_limit: None,
        });
    }
    lines
}

/// The totals a form shows when the person switches from itemized lines back to totals (the reverse of
/// [`lines_from_totals`]): the lines' sum, their out-of-catalogue and over-limit parts, and the class-B part less its
/// over-limit (as the totals read it), with the class-B rate when every class-B line has the same one (or none, the
/// place of treatment's), else the pre-payment the lines add up to, rounded once as the slip rounds it. `None` when
/// there are no lines, they do not add up, or some class-B lines name a rate and others do not (the totals hold one).
pub fn totals_from_lines(bill: &crate::query::Bill) -> Option<crate::query::Bill> {
    use crate::query::{Bill, ClassB, LineClass};
    let lines = bill.lines.as_deref().filter(|l| !l.is_empty())?;
    let zero = Money::default();
    let bill_rate = bill.class_b.as_ref().and_then(|b| b.prepay_rate);
    let (mut total, mut ooc, mut over, mut b) = (zero, zero, zero, zero);
    let mut rates = Vec::new();
    let mut prepay = Some(zero);
    for l in lines {
        total = total.checked_add(l.amount)?;
        let o = if l.class == LineClass::C {
            zero
        } else {
            l.over_limit.unwrap_or_default()
        };
        over = over.checked_add(o)?;
        match l.class {
            LineClass::A => {}
            LineClass::C => ooc = ooc.checked_add(l.amount)?,
            LineClass::B => {
                let base = Money(l.amount.0.checked_sub(o.0)?);
                b = b.checked_add(base)?;
                let r = l.prepay_rate.or(bill_rate);
                if !rates.contains(&r) {
                    rates.push(r);
                }
                prepay = match (prepay, r) {
                    (Some(p), Some(r)) => Some(Money(p.0.checked_add(base.times(r).0)?)),
                    _ => None,
                };
            }
        }
    }
    let some = |m: Money| (m.0 > zero.0).then_some(m);
    let class_b = (!rates.is_empty()).then_some(match rates.as_slice() {
        // One rate (or none: the place of treatment's, applied to the sum as to the lines, §5.3 rounding once).
        [one] => ClassB {
            amount: Some(b),
            prepay_rate: *one,
            prepay_amount: None,
        },
        // Several rates: the pre-payment the lines add up to, rounded once. Some lines with a rate and others with
        // the place's, which the totals cannot hold (one rate, or an amount the place's rate is not known for here):
        // the lines do not make totals (helper-62: such totals gave 320.13 for the lines' 1529.22).
        _ => ClassB {
            amount: Some(b),
            prepay_rate: None,
            prepay_amount: Some(prepay?.round()),
        },
    });
    Some(Bill {
        total: Some(total),
        out_of_catalogue: some(ooc),
        over_limit: some(over),
        class_b,
        lines: None,
    })
}
