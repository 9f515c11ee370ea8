//! Warnings on the figures themselves (grade, age, unknown start), said once per grade, and sources listed once.

use crate::benefit::{Benefits, Figure};
use crate::estimate::{SourceRef, Warning};
use crate::figures::Provenance;
use crate::money::Rate;
use crate::policy::{self, Grade};
use crate::{settlement, Policies};

/// Figures' names (Chinese, English) gathered under what they share: a grade, a date.
type Grouped<K> = Vec<(K, Vec<&'static str>, Vec<&'static str>)>;

/// Adds a figure's names under `key`, beside those already there.
fn group<K: PartialEq>(list: &mut Grouped<K>, key: K, zh: &'static str, en: &'static str) {
    match list.iter_mut().find(|(k, _, _)| *k == key) {
        Some((_, zhs, ens)) => {
            zhs.push(zh);
            ens.push(en);
        }
        None => list.push((key, vec![zh], vec![en])),
    }
}

/// Warnings on the figures themselves: graded below B, last verified more than two years before the visit, or of
/// unknown start for a visit before the day they were checked.
pub(crate) fn quality_warnings(
    p: &Policies,
    b: &Benefits,
    class_b: Option<&Figure<Rate>>,
    adjustment: Option<&settlement::ChosenAdjustment>,
    on: chrono::NaiveDate,
    warnings: &mut Vec<Warning>,
) {
    let figures: [(&str, &str, Option<Provenance>); 7] = [
        (
            "起付线",
            "The deductible",
            b.deductible.as_ref().map(Provenance::of),
        ),
        (
            "支付比例",
            "The fund ratio",
            b.ratio.as_ref().map(Provenance::of),
        ),
        (
            "封顶线",
            "The annual cap",
            b.annual_cap.as_ref().map(Provenance::of),
        ),
        (
            "大病/大额保险",
            "The second layer",
            b.second_layer.as_ref().map(Provenance::of),
        ),
        (
            "基本医保以上的各层保障",
            "The layers above the basic fund",
            b.layers.as_ref().map(Provenance::of),
        ),
        (
            "限额（定额）",
            "The quota",
            b.quota.as_ref().map(Provenance::of),
        ),
        (
            "乙类先行自付比例",
            "The class-B pre-payment rate",
            class_b.map(Provenance::of),
        ),
    ];
    // One warning per grade, naming every figure it concerns (not one bullet per figure).
    let mut low: Grouped<Grade> = Vec::new();
    // Likewise one warning per day for figures last verified long ago, and per day first seen for those of unknown
    // start (three bullets with the same date said the same thing three times).
    let mut stale: Grouped<chrono::NaiveDate> = Vec::new();
    let mut unknown_start: Grouped<chrono::NaiveDate> = Vec::new();
    for (zh, en, f) in figures
        .iter()
        .filter_map(|(zh, en, f)| f.as_ref().map(|f| (zh, en, f)))
    {
        if f.overridden {
            continue;
        }
        let best = f
            .ids
            .iter()
            .filter_map(|id| p.source_facts(id))
            .map(|s| s.grade)
            .min();
        if let Some(g) = best.filter(|g| *g > Grade::B) {
            group(&mut low, g, zh, en);
        }
        if let Some(v) = f
            .last_verified
            .filter(|v| recheck_after(*v).is_some_and(|r| on >= r))
        {
            group(&mut stale, v, zh, en);
        }
        if let Some(seen) = start_unknown(p, f, on) {
            group(&mut unknown_start, seen, zh, en);
        }
    }
    for (v, zhs, ens) in stale {
        let (zh, en) = (zhs.join("、"), join_en(&ens));
        warnings.push(Warning::new(
            "figure_stale",
            format!("{zh}最近核实于 {v}，距就医日期已超过两年，可能已调整"),
            format!(
                "{en}: last verified on {v}, over two years before the visit; it may have changed"
            ),
        ));
    }
    if let Some(seen) = adjustment.and_then(|a| start_unknown(p, &Provenance::of_adjustment(a), on))
    {
        group(
            &mut unknown_start,
            seen,
            "异地待遇调整",
            "The cross-region adjustment",
        );
    }
    for (seen, zhs, ens) in unknown_start {
        let (zh, en) = (zhs.join("、"), join_en(&ens));
        warnings.push(start_unknown_message(&zh, &en, seen));
    }
    for (g, zhs, ens) in low {
        let en = join_en(&ens);
        // The class-B rate is the place of treatment's (R3.1, §5.5): asked there (helper-57: E2 sent the person to
        // the insured region for it).
        let class_b = zhs.contains(&"乙类先行自付比例");
        let (ask, ask_en) = match (class_b, zhs.len()) {
            (true, 1) => (
                "请向就医地医保部门或医院核实",
                "check with the insurance office or the hospital where you are treated",
            ),
            (true, _) => (
                "请向参保地医保部门核实（乙类先行自付比例请问就医地）",
                "check with your insurer (the class-B rate: where you are treated)",
            ),
            _ => ("请向参保地医保部门核实", "check with your insurer"),
        };
        warnings.push(Warning::new(
            "figure_low_grade",
            format!("{}的来源等级为 {g:?}（非官方），{ask}", zhs.join("、")),
            format!("{en}: from grade-{g:?} sources (not official); {ask_en}"),
        ));
    }
    // An entered cap on the eligible cost below the deductible leaves the fund nothing to pay; a policies file saying so
    // is refused (validate.rs), a typed one is more likely a slip (100 for 100万): said, and worked out as entered.
    if let (Some(cap), Some(d)) = (&b.annual_cap, &b.deductible) {
        let basis_eligible = cap.value.basis == crate::query::CapBasis::Eligible;
        if (cap.overridden || d.overridden) && basis_eligible && cap.value.amount < d.value.amount {
            let (c, d) = (cap.value.amount, d.value.amount);
            warnings.push(Warning::new(
                "cap_below_deductible",
                format!("所填年度最高支付限额 {c} 低于起付线 {d}：基金不会支付任何费用，请核对是否少写了位数（如“万”）"),
                format!("The annual cap entered, {c}, is below the deductible, {d}: the fund would pay nothing; check for a missing digit or 万 (ten thousand)"),
            ));
        }
    }
}

/// "The deductible, the fund ratio, the annual cap".
fn join_en(ens: &[&str]) -> String {
    let mut out = String::with_capacity(ens.iter().map(|e| e.len() + 2).sum());
    for (i, e) in ens.iter().enumerate() {
        if i == 0 {
            out.push_str(e);
            continue;
        }
        out.push_str(", ");
        match e.strip_prefix("The ") {
            Some(rest) => {
                out.push_str("the ");
                out.push_str(rest);
            }
            None => out.push_str(e),
        }
    }
    out
}

/// A figure whose start no source gives (its version is dated `unknown`, or every source of it is an undated page) is
/// used for a visit before the first day a source shows it: it may not yet have applied then. The figure is used
/// rather than none, and the estimate says so: the day it was first seen.
fn start_unknown(p: &Policies, f: &Provenance, on: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    if f.overridden {
        return None;
    }
    policy::first_seen_if_start_unknown(p, f.from, f.ids).filter(|d| on < *d)
}

fn start_unknown_message(zh: &str, en: &str, seen: chrono::NaiveDate) -> Warning {
    Warning::new(
        "figure_start_unknown",
        format!("{zh}的来源未写明施行日期（所据资料最早见于 {seen}；未注明日期的网页按查阅之日计），就医当日是否已按此标准报销无法确定，请向医保经办机构核实"),
        format!("{en}: from sources that give no start date (first seen on {seen}; an undated page counts from the day it was read); whether it already applied on the visit date is not known: check with your insurer"),
    )
}

/// The sources of a list cited to this person: those about no region in particular (national or general) or about
/// their insured or treated region or province; a local document about another place (a 昆明 guide quoting the
/// national rule, for a 周口 person) is left out, unless it is all the list has (a figure keeps its evidence).
pub(crate) fn for_person(
    refs: &mut Vec<SourceRef>,
    insured: &crate::policy::Region,
    treated: &crate::policy::Region,
) {
    let concerns = |r: &SourceRef| {
        r.regions.is_empty()
            || r.regions.iter().any(|c| {
                [
                    &insured.code,
                    &insured.province,
                    &treated.code,
                    &treated.province,
                ]
                .contains(&c)
            })
    };
    if refs.iter().any(concerns) {
        refs.retain(concerns);
    }
}

/// Each source once, where it first appears (a handful of sources: compared in place, not copied into a set).
pub(crate) fn dedup(v: &mut Vec<SourceRef>) {
    let mut kept: Vec<SourceRef> = Vec::with_capacity(v.len());
    for s in v.drain(..) {
        if !kept.iter().any(|k| k.id == s.id) {
            kept.push(s);
        }
    }
    *v = kept;
}

/// Adds `more` to `said`, each warning once: the same code in the same words from two rules is one bullet.
pub(crate) fn say_once(said: &mut Vec<Warning>, more: impl IntoIterator<Item = Warning>) {
    for w in more {
        if !said
            .iter()
            .any(|s| s.code == w.code && s.message.zh == w.message.zh)
        {
            said.push(w);
        }
    }
}

/// A figure last verified more than this many days before a visit may have changed since (the estimate warns, the
/// coverage listing marks it).
pub(crate) const STALE_AFTER_DAYS: i64 = 730;

/// The first day on which a figure last verified on `verified` is stale (more than [`STALE_AFTER_DAYS`] after it).
pub(crate) fn recheck_after(verified: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    verified.checked_add_days(chrono::Days::new(STALE_AFTER_DAYS as u64 + 1))
}
