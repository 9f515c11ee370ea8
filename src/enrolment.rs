//! When benefits start (R6.2): the day given, or for a resident who enrolled late or after a lapse, the day derived by
//! the national waiting period (国办发〔2024〕38号: a fixed 3 months, and 1 more month per full year not paid, for
//! enrolments from 2025). Employees' waiting periods are each region's own: the core derives none for them.

use crate::error::Message;
use crate::estimate::Warning;
use crate::policy::Policies;
use crate::query::{Query, Scheme};
use chrono::{Months, NaiveDate};

/// The first day of benefits, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitsStart {
    pub from: NaiveDate,
    /// Derived by the national rule (its sources), rather than given.
    pub source_ids: Vec<String>,
    /// The months of waiting derived (none when the day was given).
    pub months: Option<u32>,
}

/// The day benefits start, when the query says or lets the core derive it; warnings say what the core assumed.
pub fn benefits_start(
    p: &Policies,
    q: &Query,
    warnings: &mut Vec<Warning>,
) -> Option<BenefitsStart> {
    let i = &q.insured;
    if let Some(from) = i.benefits_from {
        return Some(BenefitsStart {
            from,
            source_ids: Vec::new(),
            months: None,
        });
    }
    let enrolled_on = i.enrolled_on?;
    if i.scheme == Scheme::Employee {
        warnings.push(Warning::new(
            "waiting_period_employee",
            "职工医保的待遇等待期没有全国统一规定，由参保地规定（例如常州：单位欠缴的，次月起暂停待遇，欠费期间的费用补缴后也不支付；灵活就业人员中断超过3个月的，须连续缴费满3个月后才享受待遇）。本计算未推算等待期：请向参保地医保经办机构核实待遇开始日期后填写",
            "Employees' waiting periods are not set nationally but by each region (Changzhou: benefits stop the month after an employer stops paying, and costs in arrears are not paid even after back-payment; a self-employed person lapsed over 3 months waits 3 months of contributions). No waiting period is derived: ask your insurer when benefits start and enter that day",
        ));
        return None;
    }
    // Newborns are exempt from the national waiting period ("除新生儿等特殊群体外").
    if i.age == Some(0) {
        warnings.push(Warning::new(
            "waiting_period_newborn",
            "新生儿参加居民医保不设待遇等待期（国家规定）；本计算未设等待期",
            "A newborn enrolled in resident insurance has no waiting period (national rule): none is applied",
        ));
        return None;
    }
    let Some(rule) = p.resident_waiting_period(enrolled_on) else {
        warnings.push(Warning::new(
            "waiting_period_unknown",
            format!("参保缴费日 {enrolled_on} 早于全国统一的居民医保待遇等待期（2025年起）；当时的等待期由参保地规定，本计算未设等待期：请向参保地医保经办机构核实待遇开始日期后填写"),
            format!("Enrolled on {enrolled_on}, before the national residents' waiting period (from 2025); the region's own rule then applied and none is assumed: ask your insurer when benefits start and enter that day"),
        ));
        return None;
    };
    let lapsed = i.lapsed_years.unwrap_or(0);
    let w = &rule.value;
    let months = w
        .months_per_lapsed_year
        .checked_mul(lapsed)
        .and_then(|m| m.checked_add(w.fixed_months))?;
    let from = first_day_after(enrolled_on, months)?;
    let m = waiting_message(enrolled_on, lapsed, w.fixed_months, months, from);
    warnings.push(Warning {
        code: "waiting_period_derived",
        message: m,
    });
    Some(BenefitsStart {
        from,
        source_ids: rule.sources.clone(),
        months: Some(months),
    })
}

/// The first day after a wait of `months` counted from `start` (R6.2), as periods in months are counted (R1.9a, 民法典
/// art. 202): the wait ends the day before the same day of the month `months` on, so benefits start on that day; where
/// that month has no such day, the wait ends on its last day and benefits start on the next month's first (enrolled on
/// 2025-11-30: 2026-03-01, not 02-28, which would shorten the wait of those enrolled on the 29th, 30th or 31st).
fn first_day_after(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    let same_day = start.checked_add_months(Months::new(months))?;
    if chrono::Datelike::day(&same_day) == chrono::Datelike::day(&start) {
        Some(same_day)
    } else {
        same_day.succ_opt()
    }
}

fn waiting_message(
    enrolled_on: NaiveDate,
    lapsed: u32,
    fixed: u32,
    months: u32,
    from: NaiveDate,
) -> Message {
    let (zh_lapse, en_lapse) = if lapsed == 0 {
        (String::new(), String::new())
    } else {
        (
            format!("，断缴 {lapsed} 年另加 {} 个月", months - fixed),
            format!(", plus {} for {lapsed} year(s) not paid", months - fixed),
        )
    };
    msg!(
        format!(
            "按国家规定推算待遇等待期：{enrolled_on} 参保缴费后等待 {months} 个月（固定 {fixed} 个月{zh_lapse}），待遇自 {from} 起享受。补缴断缴年度的个人缴费可缩短变动等待期（每多缴 1 年减少 1 个月），本计算不知道是否已补缴；新生儿等群体不设等待期。请以参保地核定的待遇开始日期为准（可直接填写）"
        ),
        format!(
            "Waiting period derived by the national rule: {months} months after enrolling on {enrolled_on} ({fixed} fixed{en_lapse}), so benefits start on {from}. Paying the missed years' contributions shortens the added months (one per year paid), which the core does not know; newborns and some others wait none. The day your insurer confirms prevails (you can enter it)"
        ),
    )
}
