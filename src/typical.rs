//! Typical figures where the insured region has none of its own (issue 11; docs/rules.md R3.1: the insured region's
//! own figures decide the amount, so anything else is a stand-in and said to be one).
//!
//! When the insured region's data gives no deductible or no ratio for a visit, the estimate is worked out with the
//! figures of every other region whose schedule for the same scheme and visit kind is sourced and in force on the
//! visit date: those of the same province when it has at least two, else the whole country's. Each stand-in is a real
//! published combination of figures, never an average, and the estimate reports the lowest and highest amounts over
//! them as a range, with the region in the middle (by what the funds pay) giving the slip's lines. The set moves as
//! the data grows: nothing here is a constant.

use crate::benefit::{self, Benefits, Figure, RatioSpec};
use crate::error::{Error, Message};
use crate::estimate::{Basis, ParameterUsed, Route, Warning};
use crate::money::{Money, Rate};
use crate::policy::{Policies, Region, ScheduleVersion};
use crate::query::{Detail, Level, Query, Status, Tier, VisitKind};
use crate::slip::{self, Slip};
use chrono::NaiveDate;

pub use crate::estimate::{Range, Scope, Span};

/// A region whose own figures stand in, and what they are for this query.
pub struct Candidate<'p> {
    pub region: &'p Region,
    /// Its figures without their sources: the amounts need the values alone, and only the region whose slip is
    /// shown has its figures read again with their sources ([`Candidate::with_sources`]).
    pub benefits: Benefits,
    /// The query its figures were read for, when not the one given to [`candidates`] (a value of a missing detail).
    /// Boxed: candidates are moved about, and a query is large.
    query: Option<Box<Query>>,
}

impl Candidate<'_> {
    /// Its figures with their sources, read again for the query they were read for (`q` with the visit kind
    /// borrowed, unless the candidate carries its own query).
    pub fn with_sources(
        &self,
        p: &Policies,
        q: &Query,
        kind: Option<VisitKind>,
        on: NaiveDate,
    ) -> Benefits {
        let borrowed;
        let q = match (&self.query, kind) {
            (Some(own), _) => own,
            (None, Some(kind)) => {
                let mut b = q.clone();
                b.visit.kind = kind;
                borrowed = b;
                &borrowed
            }
            (None, None) => q,
        };
        benefit::resolve_stand_in(p, q, &self.region.code, on)
    }
}

/// The regions whose figures can stand in for the insured region's missing ones, for this query's scheme, visit kind,
/// status, level and date. A chronic-disease visit with no such schedule anywhere borrows the outpatient ones, then the
/// inpatient ones; the kind used is returned when it is not the visit's own.
pub fn candidates<'p>(
    p: &'p Policies,
    q: &Query,
    insured: &Region,
    on: NaiveDate,
) -> (Vec<Candidate<'p>>, Scope, Option<VisitKind>) {
    let kinds = match q.visit.kind {
        VisitKind::ChronicOutpatient => vec![
            VisitKind::ChronicOutpatient,
            VisitKind::Outpatient,
            VisitKind::Inpatient,
        ],
        // Childbirth without maternity figures is priced as a stay (R6.1).
        VisitKind::Maternity => vec![VisitKind::Maternity, VisitKind::Inpatient],
        kind => vec![kind],
    };
    for (i, kind) in kinds.iter().enumerate() {
        let mut borrowed = q.clone();
        borrowed.visit.kind = *kind;
        let of_kind =
            |s: &&crate::policy::Schedule| s.scheme == q.insured.scheme && s.visit_kind == *kind;
        let mut all: Vec<Candidate<'p>> =
            Vec::with_capacity(p.schedules.iter().filter(of_kind).count());
        // A region's figures are those of its first schedule for the scheme and kind (as `Policies::schedule` finds).
        let mut seen: Vec<&str> = Vec::with_capacity(all.capacity());
        for s in p.schedules.iter().filter(of_kind) {
            // The insured region's own figures of a borrowed kind stand in too (helper-71, helper-76: 杭州's general
            // outpatient figures stood in for everyone's chronic visits but 杭州's own).
            if (i == 0 && s.region == insured.code) || seen.contains(&s.region.as_str()) {
                continue;
            }
            seen.push(&s.region);
            let Some(region) = p.region(&s.region) else {
                continue;
            };
            let b = benefit::figures_deciding(p, &borrowed, &s.region, s.version(on));
            if complete(&b) {
                all.push(Candidate {
                    region,
                    benefits: b,
                    query: None,
                });
            } else if let Some(detail) = b.missing_path {
                // A detail not given (level, status, age) that this region's figures depend on: its figures for each
                // value stand in, so the range runs over the detail too (a 赣州 resident with no hospital level got
                // no amount at all, asked for a deductible).
                all.extend(variants(p, &borrowed, region, on, detail).0);
            }
        }
        if all.is_empty() {
            continue;
        }
        let stand_in = (i > 0).then_some(*kind);
        let in_province = |c: &Candidate| c.region.province == insured.province;
        if distinct(all.iter().filter(|c| in_province(c)).map(|c| c.region)) >= 2 {
            all.retain(in_province);
            return (all, Scope::Province, stand_in);
        }
        // The province's own (one at most here) first, then the others in the data's order.
        if let Some(i) = all.iter().position(in_province) {
            let own = all.remove(i);
            all.insert(0, own);
        }
        return (all, Scope::Nation, stand_in);
    }
    (Vec::new(), Scope::Nation, None)
}

/// Whether a region's figures are enough for an amount.
fn complete(b: &Benefits) -> bool {
    b.deductible.is_some() && b.ratio.is_some() && b.missing.is_empty()
}

/// How many regions these are (a region's figures for each value of a detail are several candidates, or runs).
fn distinct<'a>(regions: impl Iterator<Item = &'a Region>) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for r in regions {
        if !seen.contains(&r.code.as_str()) {
            seen.push(&r.code);
        }
    }
    seen.len()
}

/// A region's own figures for each value the missing detail (`insured.age`, `insured.status`,
/// `visit.hospital_level`) could take: its rows' own age bounds, both statuses, every level; where a value's figures
/// still depend on another detail not given, for each value of that one too (two details at most). And whether some
/// value has no figures of the region's own (上海's retirees' outpatient rows stop at 69: the range over ages is then
/// over those up to 69 only, and says so).
pub fn variants<'p>(
    p: &'p Policies,
    q: &Query,
    region: &'p Region,
    on: NaiveDate,
    detail: Detail,
) -> (Vec<Candidate<'p>>, bool) {
    let mut found = Found {
        candidates: Vec::new(),
        gaps: false,
    };
    expand(p, q, region, on, detail, 2, &mut found);
    (found.candidates, found.gaps)
}

/// What [`expand`] finds: the candidates, and whether some value had no figures.
struct Found<'p> {
    candidates: Vec<Candidate<'p>>,
    gaps: bool,
}

fn expand<'p>(
    p: &'p Policies,
    q: &Query,
    region: &'p Region,
    on: NaiveDate,
    detail: Detail,
    depth: u8,
    found: &mut Found<'p>,
) {
    let version = own_version(p, q, region, on);
    let queries = detail_queries(q, detail, version);
    for v in queries {
        let benefits = benefit::figures_deciding(p, &v, &region.code, version);
        if complete(&benefits) {
            found.candidates.push(Candidate {
                region,
                benefits,
                query: Some(Box::new(v)),
            });
        } else if let (Some(next), true) = (benefits.missing_path, depth > 1) {
            if next != detail {
                expand(p, &v, region, on, next, depth - 1, found);
            } else {
                found.gaps = true;
            }
        } else {
            found.gaps = true;
        }
    }
}

/// A region's schedule version in force on `on` for the query's scheme and visit kind.
fn own_version<'p>(
    p: &'p Policies,
    q: &Query,
    region: &Region,
    on: NaiveDate,
) -> Option<&'p ScheduleVersion> {
    p.schedule(&region.code, q.insured.scheme, q.visit.kind)
        .and_then(|s| s.version_for(p, on))
        .map(|(v, _)| v)
}

/// The query once for each value `detail` could take: the version's own age bounds, both statuses or tiers, every level.
fn detail_queries(q: &Query, detail: Detail, version: Option<&ScheduleVersion>) -> Vec<Query> {
    let mut queries = Vec::new();
    match detail {
        Detail::Age => {
            let rows = version.map(|v| v.rows.as_slice()).unwrap_or_default();
            // An ordered set, not a sort: the wasm carries B-tree code already, and no general sort is added.
            // An employee still at work is of working age (R5.6d): 16 to 65, not the 0 and 100 tried for others.
            let employed = q.insured.status == Some(Status::Employed);
            let ages: std::collections::BTreeSet<u32> = benefit::ages_to_try(rows)
                .map(|a| if employed { a.clamp(16, 65) } else { a })
                .collect();
            for age in ages {
                let mut v = q.clone();
                v.insured.age = Some(age);
                queries.push(v);
            }
        }
        Detail::Tier => {
            for tier in [Tier::Higher, Tier::Lower] {
                let mut v = q.clone();
                v.insured.tier = Some(tier);
                queries.push(v);
            }
        }
        Detail::Status => {
            for status in [Status::Employed, Status::Retired] {
                let mut v = q.clone();
                v.insured.status = Some(status);
                queries.push(v);
            }
        }
        Detail::HospitalLevel => {
            for level in [
                Level::Community,
                Level::Primary,
                Level::Secondary,
                Level::Tertiary,
            ] {
                let mut v = q.clone();
                v.visit.hospital_level = Some(level);
                queries.push(v);
            }
        }
    }
    queries
}

/// The insured region's own figures with a candidate's in place of the missing ones, and the names of those taken.
pub fn fill(own: &Benefits, from: &Benefits) -> (Benefits, Vec<&'static str>) {
    let mut b = own.clone();
    let mut taken = Vec::new();
    fn take<T: Clone>(
        slot: &mut Option<Figure<T>>,
        from: &Option<Figure<T>>,
        name: &'static str,
        taken: &mut Vec<&'static str>,
    ) {
        if slot.is_none() && from.is_some() {
            *slot = from.clone();
            taken.push(name);
        }
    }
    take(
        &mut b.deductible,
        &from.deductible,
        "deductible",
        &mut taken,
    );
    take(&mut b.ratio, &from.ratio, "ratio", &mut taken);
    take(
        &mut b.annual_cap,
        &from.annual_cap,
        "annual_cap",
        &mut taken,
    );
    take(
        &mut b.second_layer,
        &from.second_layer,
        "second_layer",
        &mut taken,
    );
    b.missing.clear();
    b.missing_path = None;
    (b, taken)
}

/// [`fill`] without copying: the insured region's own figures, borrowed, with a candidate's in place of the missing
/// ones, and the names of those taken.
fn filled<'a>(own: &'a Benefits, from: &'a Benefits) -> (slip::Figs<'a>, Vec<&'static str>) {
    let mut taken = Vec::new();
    fn take<'a, T>(
        slot: &'a Option<Figure<T>>,
        from: &'a Option<Figure<T>>,
        name: &'static str,
        taken: &mut Vec<&'static str>,
    ) -> Option<&'a Figure<T>> {
        match (slot, from) {
            (None, Some(f)) => {
                taken.push(name);
                Some(f)
            }
            _ => slot.as_ref(),
        }
    }
    let figs = slip::Figs {
        deductible: take(&own.deductible, &from.deductible, "deductible", &mut taken),
        ratio: take(&own.ratio, &from.ratio, "ratio", &mut taken),
        annual_cap: take(&own.annual_cap, &from.annual_cap, "annual_cap", &mut taken),
        second_layer: take(
            &own.second_layer,
            &from.second_layer,
            "second_layer",
            &mut taken,
        ),
        layers: own.layers.as_ref(),
        quota: own.quota.as_ref(),
        stay: own.stay.as_ref(),
    };
    (figs, taken)
}

/// One stand-in's amounts.
struct Run<'p> {
    region: &'p Region,
    /// Its index among the candidates.
    candidate: usize,
    /// Whose own figures it completes: the region's, or its figures for one value of a detail not given (`owns`).
    own: usize,
    taken: Vec<&'static str>,
    amounts: slip::Amounts,
    /// Whether its figures have an annual cap (the region's own or the stand-in's).
    capped: bool,
    /// A bound only (a chronic disease's visit on borrowed figures without their deductible): in the range, never the
    /// slip shown.
    bound: bool,
}

/// The display of a stand-in figure's spread: `600.00–1200.00`, `80%–90%`.
pub fn figure_span<'a, 'p: 'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a Candidate<'p>>,
) -> Option<Span<String>> {
    match name {
        "deductible" => Span::over(
            candidates.filter_map(|c| c.benefits.deductible.as_ref().map(|d| d.value.amount)),
        )
        .map(|s| Span {
            low: s.low.to_string(),
            high: s.high.to_string(),
        }),
        "ratio" => Span::over(candidates.flat_map(|c| {
            let rates: Vec<Rate> = match c.benefits.ratio.as_ref().map(|r| &r.value) {
                Some(RatioSpec::Flat(r)) => vec![*r],
                Some(RatioSpec::Bands { segments, .. }) => {
                    segments.iter().map(|s| s.ratio).collect()
                }
                None => Vec::new(),
            };
            rates
        }))
        .map(|s| Span {
            low: s.low.to_string(),
            high: s.high.to_string(),
        }),
        "annual_cap" => Span::over(
            candidates.filter_map(|c| c.benefits.annual_cap.as_ref().map(|a| a.value.amount)),
        )
        .map(|s| Span {
            low: s.low.to_string(),
            high: s.high.to_string(),
        }),
        _ => None,
    }
}

/// Regions named in a warning, each once in the order met: their names joined (、 and ", ") and the English verb "has"
/// or "have"; none when there are none.
fn named_regions<'a>(
    regions: impl Iterator<Item = &'a Region>,
) -> Option<(String, String, &'static str)> {
    let mut seen: Vec<&Region> = Vec::new();
    for r in regions {
        if !seen.iter().any(|x| x.code == r.code) {
            seen.push(r);
        }
    }
    if seen.is_empty() {
        return None;
    }
    let zh: Vec<&str> = seen.iter().map(|r| r.name.as_str()).collect();
    let en: Vec<&str> = seen
        .iter()
        .map(|r| r.name_en.as_deref().unwrap_or(&r.name))
        .collect();
    let verb = if seen.len() == 1 { "has" } else { "have" };
    Some((zh.join("、"), en.join(", "), verb))
}

/// A detail of the query in words.
fn detail_words(detail: Detail) -> (&'static str, &'static str) {
    match detail {
        Detail::Age => ("年龄", "age"),
        Detail::Status => ("人员类别（在职/退休）", "status (employed or retired)"),
        Detail::Tier => ("缴费档次", "contribution tier"),
        Detail::HospitalLevel => ("医院等级", "hospital level"),
    }
}

/// The details `q` does not give that the insured region's own figures for the visit depend on (`benefits`: those
/// figures as read for `q`): the one that kept them undecided and, for each of its values, the one that kept those
/// undecided, to the third (whether or not the region has every figure). A form asks for these and no others (a tier
/// only where the region pays by tier).
pub fn details_needed(
    p: &Policies,
    q: &Query,
    region: &Region,
    on: NaiveDate,
    benefits: &Benefits,
) -> Vec<Detail> {
    let mut needed = Vec::new();
    if let Some(first) = benefits.missing_path {
        let version = own_version(p, q, region, on);
        chase(p, q, &region.code, version, first, 3, &mut needed);
    }
    needed
}

/// `detail` and, for each of its values, the detail that keeps the figures undecided, `depth` details deep (as
/// [`expand`] walks them for the amounts; helper-67: the tier was left out where level, age and tier were not given).
fn chase(
    p: &Policies,
    q: &Query,
    code: &str,
    version: Option<&ScheduleVersion>,
    detail: Detail,
    depth: u8,
    needed: &mut Vec<Detail>,
) {
    if !needed.contains(&detail) {
        needed.push(detail);
    }
    if depth <= 1 {
        return;
    }
    for v in detail_queries(q, detail, version) {
        let b = benefit::figures_of(p, &v, code, version);
        if let Some(next) = b.missing_path.filter(|n| *n != detail) {
            chase(p, &v, code, version, next, depth - 1, needed);
        }
    }
}

/// The details `q` does not give that some candidate's figures were read for each value of.
fn varied_details(q: &Query, candidates: &[Candidate]) -> Vec<Detail> {
    Detail::ALL
        .into_iter()
        .filter(|d| {
            !d.given(q)
                && candidates
                    .iter()
                    .filter_map(|c| c.query.as_deref())
                    .any(|v| d.given(v))
        })
        .collect()
}

/// The explanation and the request for a range over the region's own figures for a detail not given.
fn detail_wording(insured: &Region, detail: Detail) -> (Message, Message) {
    let (zh, en) = detail_words(detail);
    let en_name = insured.name_en.as_deref().unwrap_or(&insured.name);
    (
        msg!(
            format!("{}的标准按{zh}不同而不同，尚未填写{zh}：金额按各种{zh}分别计算，给出最低到最高的范围。", insured.name),
            format!("{en_name}'s figures depend on the {en}, which is not given: the amount is worked out for each, from the lowest to the highest."),
        ),
        msg!(
            format!("填写{zh}即可得到确切金额。"),
            format!("Give the {en} for the exact amount."),
        ),
    )
}

/// The regions standing in: how many, the lowest, the one whose slip is shown, and the highest.
struct Spread<'a> {
    regions: usize,
    lowest: &'a Region,
    middle: &'a Region,
    highest: &'a Region,
}

/// The explanation and the 12393 script for a range. They name the figures that stood in (`typical`: deductible,
/// ratio, annual cap, second layer), not a fixed list: a region with its own ratio and no deductible on file is not
/// told its ratio is missing, nor asked for it. `stand_in`: the visit kind whose figures were borrowed, and whether a
/// chronic disease's visit borrowed them (its range then runs to no deductible).
fn wording(
    insured: &Region,
    scope: Scope,
    spread: Spread,
    stand_in: Option<(VisitKind, bool)>,
    typical: &[&'static str],
    (kind, local): (VisitKind, bool),
) -> (Message, Message) {
    let Spread {
        regions,
        lowest,
        middle,
        highest,
    } = spread;
    let (zh_scope, en_scope) = match scope {
        Scope::Region => ("本地", "of its own"),
        Scope::Province => ("同省", "in the same province"),
        Scope::Nation => ("全国", "across the country"),
    };
    let borrowed = match stand_in.map(|s| s.0) {
        Some(VisitKind::Inpatient) => {
            msg!("（借用住院标准）", " (inpatient figures borrowed)")
        }
        Some(_) => msg!("（借用普通门诊标准）", " (outpatient figures borrowed)"),
        None => msg!("", ""),
    };
    let no_deductible = if stand_in.is_some_and(|s| s.1) {
        msg!(
            "门诊慢特病的起付线多比普通门诊低或不设，范围的高端按不计起付线计算。",
            " A chronic disease's deductible is often lower than general outpatient care's, or none: the top of the range counts none."
        )
    } else {
        msg!("", "")
    };
    let en_name = insured.name_en.as_deref().unwrap_or(&insured.name);
    let (low_en, mid_en, high_en) = (
        lowest.name_en.as_deref().unwrap_or(&lowest.name),
        middle.name_en.as_deref().unwrap_or(&middle.name),
        highest.name_en.as_deref().unwrap_or(&highest.name),
    );
    // The two ends' regions; one region's own figures at both ends (a chronic disease's stand-ins, one region's for
    // each value of a detail) are said once, not as "lowest: 杭州市; highest: 杭州市".
    let (ends_zh, ends_en) = if lowest.code == highest.code {
        (
            format!("最低和最高都按{}的标准", lowest.name),
            format!("both ends with {low_en}'s figures"),
        )
    } else {
        (
            format!("最低：{}；最高：{}", lowest.name, highest.name),
            format!("the lowest in {low_en}, the highest in {high_en}"),
        )
    };
    let labels: Vec<(String, String)> = typical
        .iter()
        .map(|name| crate::error::field_label(&format!("overrides.{name}")))
        .collect();
    let zh_list = labels
        .iter()
        .map(|(zh, _)| zh.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let en_list = match labels.as_slice() {
        [] => String::new(),
        [one] => one.1.clone(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(|(_, en)| en.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            last.1
        ),
    };
    let en_verb = if labels.len() == 1 { "is" } else { "are" };
    // One region to lend its figures is no range: said as what it is, a single other region's figure, a rough guide.
    let explanation = if regions == 1 {
        msg!(
            format!(
                "{}的{zh_list}未收录，以下不是该地公布的标准：金额按{zh_scope}已收录的 1 个地区（{}）的标准计算{}，只能粗略参考，实际可能相差较大。{}",
                insured.name, lowest.name, borrowed.zh, no_deductible.zh
            ),
            format!(
                "{en_name}'s {en_list} {en_verb} not on file, so these are not its published figures: the amount uses the figures of one region on file {en_scope} ({low_en}){}: a rough guide only, which may be far off.{}",
                borrowed.en, no_deductible.en,
            ),
        )
    } else {
        msg!(
            format!(
                "{}的{zh_list}未收录，以下不是该地公布的标准：金额按{zh_scope} {regions} 个已收录地区的标准分别计算{}，给出最低到最高的范围（{}），结算单明细和来源按居中的{}列出。{}",
                insured.name, borrowed.zh, ends_zh, middle.name, no_deductible.zh
            ),
            format!(
                "{en_name}'s {en_list} {en_verb} not on file, so these are not its published figures: the amount is worked out with the figures of each of {regions} regions on file {en_scope}{}, from the lowest to the highest ({ends_en}); the slip below and its sources are those of {mid_en}, the region in the middle.{}",
                borrowed.en, no_deductible.en,
            ),
        )
    };
    let questions: Vec<(&'static str, &'static str)> = typical
        .iter()
        .map(|name| match *name {
            "deductible" => ("起付线是多少？", "what is the deductible?"),
            "ratio" => ("统筹基金支付比例是多少？", "what share does the pooled fund pay?"),
            "annual_cap" => ("年度最高支付限额是多少？", "what is the annual cap?"),
            _ => (
                "大病保险（或大额医疗补助）从多少元起付、按多少比例支付？",
                "from what amount, and at what share, does the critical-illness insurance (or large-expense subsidy) pay?",
            ),
        })
        .collect();
    let numbered = |zh: bool| {
        questions
            .iter()
            .enumerate()
            .map(|(i, (q_zh, q_en))| format!("{}. {}", i + 1, if zh { q_zh } else { q_en }))
            .collect::<Vec<_>>()
            // Chinese questions run on after their ？; English ones are spaced.
            .join(if zh { "" } else { " " })
    };
    // The visit as the person would say it to the hotline: where, and what kind (it said "到外地住院（或就诊）" for a
    // visit at home and for chronic outpatient care; helper-45).
    let (place, place_en) = if local {
        ("在本地", "here")
    } else {
        ("到外地", "elsewhere")
    };
    let (what, what_en) = match kind {
        VisitKind::Outpatient => ("看门诊", "for an outpatient visit"),
        VisitKind::ChronicOutpatient => ("看门诊慢特病", "for a chronic disease's outpatient care"),
        VisitKind::Pharmacy => ("药店购药", "for a pharmacy purchase"),
        VisitKind::Inpatient | VisitKind::Maternity => ("住院", "for a hospital stay"),
    };
    let ask = msg!(
        format!(
            "拨打 12393（医保服务热线）或问{}医保经办机构：“我在{}参保，{place}{what}：{}”把答案填入下方对应栏目即可得到确切金额。",
            insured.name,
            insured.name,
            numbered(true)
        ),
        format!(
            "Call 12393 (the medical insurance hotline) or ask {en_name}'s insurance office: \"I am insured in {en_name}, treated {place_en} {what_en}: {}\" Enter the answers below for the exact amount.",
            numbered(false)
        ),
    );
    (explanation, ask)
}

/// An estimate worked out with stand-in figures: the middle region's slip, the figures it used, and the range.
pub struct StandIn {
    pub slip: Slip,
    pub benefits: Benefits,
    pub range: Range,
    /// The spread of each stand-in figure over the regions (`deductible` → `600.00`…`1200.00`).
    pub spans: Vec<(&'static str, Span<String>)>,
}

/// The estimate with stand-ins when the insured region's own figures fall short (`None` when they do not, or when no
/// region has figures to lend: the caller then reports the missing figure as before).
///
/// - No deductible or ratio of its own: every figure it lacks comes from each candidate in turn; the slip is the
///   middle candidate's, and the range spans all of them.
/// - Figures of its own but no second layer (大病/大额): the slip is its own, with the second layer not counted and a
///   warning saying so; when the bill reaches the second layer of any candidate, the range says what it typically pays.
pub fn estimate(
    p: &Policies,
    q: &Query,
    insured: &Region,
    on: NaiveDate,
    template: slip::Inputs,
    warnings: &mut Vec<Warning>,
) -> Result<Option<StandIn>, Error> {
    Ok(
        match work_out(p, q, insured, on, template, warnings, true)? {
            Some((range, Shown::Slip(shown))) => {
                let (slip, benefits, spans) = *shown;
                Some(StandIn {
                    slip,
                    benefits,
                    range,
                    spans,
                })
            }
            _ => None,
        },
    )
}

/// [`estimate`]'s amounts and range alone, for the courses `options` compares: the same arithmetic, and the same
/// errors, without writing out a slip.
pub fn amounts(
    p: &Policies,
    q: &Query,
    insured: &Region,
    on: NaiveDate,
    template: slip::Inputs,
) -> Result<Option<(slip::Amounts, Range)>, Error> {
    let mut unsaid = Vec::new();
    Ok(
        match work_out(p, q, insured, on, template, &mut unsaid, false)? {
            Some((range, Shown::Amounts(amounts))) => Some((amounts, range)),
            _ => None,
        },
    )
}

/// What the estimate with stand-ins shows besides its range: the slip written out (with the figures it used and
/// their spreads), or its amounts alone.
enum Shown {
    Slip(Box<(Slip, Benefits, Spans)>),
    Amounts(slip::Amounts),
}

/// The spread of each stand-in figure over the regions.
type Spans = Vec<(&'static str, Span<String>)>;

fn work_out(
    p: &Policies,
    q: &Query,
    insured: &Region,
    on: NaiveDate,
    template: slip::Inputs,
    warnings: &mut Vec<Warning>,
    render: bool,
) -> Result<Option<(Range, Shown)>, Error> {
    let own = template.benefits;
    let lacks_figures = !own.missing.is_empty();
    let own_layers = own.second_layer.is_some() || own.layers.is_some();
    if (!lacks_figures && own_layers) || template.route == Route::NotCovered {
        return Ok(None);
    }
    if !lacks_figures && !may_reach_second_layer(p, q, &template)? {
        // Its own figures, a bill below any second layer on file: say the layer is not on file, and no more.
        warnings.push(second_layer_unknown(insured, None));
        return Ok(None);
    }
    // A detail not given (age, status, level) that the region's own rows depend on: its own figures for each value.
    let (own_variants, gaps) = match (own.missing_path, lacks_figures) {
        (Some(detail), true) => variants(p, q, insured, on, detail),
        _ => (Vec::new(), false),
    };
    if let (Some(detail), true, false) = (own.missing_path, gaps, own_variants.is_empty()) {
        let (zh, en) = detail_words(detail);
        let en_name = insured.name_en.as_deref().unwrap_or(&insured.name);
        warnings.push(Warning::new(
            "detail_range_partial",
            format!("{}只收录了部分{zh}的标准：以上范围只按收录了标准的{zh}计算，其余的可能不同；请填写{zh}", insured.name),
            format!("{en_name}'s figures on file cover only some values of the {en}: the range above is over those, and others may differ; give the {en}"),
        ));
    }
    // The region's own figures for each value of a detail not given, where they are its own but still short of an
    // amount (成都's residents: a ratio by tier, no deductible on file): each stands in for its own in turn, the
    // stand-ins lending only what none of them has (helper-62: the tier's own ratios were replaced by the stand-ins',
    // a range past both tiers).
    let partial: Vec<Candidate> = match (own.missing_path, lacks_figures, own_variants.is_empty()) {
        (Some(detail), true, true) => {
            let version = own_version(p, q, insured, on);
            let values: Vec<Candidate> = detail_queries(q, detail, version)
                .into_iter()
                .map(|v| Candidate {
                    region: insured,
                    benefits: benefit::figures_of(p, &v, &insured.code, version),
                    query: Some(Box::new(v)),
                })
                .collect();
            // Only where every value has what the region lacks for want of the detail.
            let more = |b: &Benefits| {
                (b.ratio.is_some() || own.ratio.is_none())
                    && (b.deductible.is_some() || own.deductible.is_none())
                    && ((b.ratio.is_some() && own.ratio.is_none())
                        || (b.deductible.is_some() && own.deductible.is_none()))
            };
            if !values.is_empty() && values.iter().all(|c| more(&c.benefits)) {
                let (zh, en) = detail_words(detail);
                let en_name = insured.name_en.as_deref().unwrap_or(&insured.name);
                warnings.push(Warning::new(
                    "detail_not_given",
                    format!("{}的标准因{zh}而不同，未填{zh}：以上范围包括各{zh}的标准；填写{zh}可缩小范围", insured.name),
                    format!("{en_name}'s figures depend on the {en}, which is not given: the range above covers each; give the {en} to narrow it"),
                ));
                values
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    };
    let owns: Vec<&Benefits> = if partial.is_empty() {
        vec![own]
    } else {
        partial.iter().map(|c| &c.benefits).collect()
    };
    let (candidates, scope, stand_in) = if own_variants.is_empty() {
        candidates(p, q, insured, on)
    } else {
        (own_variants, Scope::Region, None)
    };
    let candidates: Vec<Candidate> = if lacks_figures {
        candidates
    } else {
        candidates
            .into_iter()
            .filter(|c| c.benefits.second_layer.is_some())
            .collect()
    };
    if candidates.is_empty() {
        if !lacks_figures {
            // Its own figures, and no region of its scheme has a second layer on file to say what it would add: the
            // layer is still not counted, and the person is told so.
            warnings.push(second_layer_unknown(insured, None));
        }
        return Ok(None);
    }
    let chronic_borrowing = q.visit.kind == VisitKind::ChronicOutpatient && stand_in.is_some();
    // Each candidate's amounts alone (no words): its figures are borrowed in place of the missing ones, not copied,
    // and only the middle region's slip is written out below.
    let split = slip::split(template.bill, template.class_b_rate)?;
    let mut runs: Vec<Run> = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        // A chronic disease's visit on another kind's figures (R4.3, R4.4): its own terms often have no deductible or a
        // lower one than general outpatient care's (廊坊 in E2: none), so the range runs down to none, a second run of
        // the same region (a bound).
        let free = (chronic_borrowing && lacks_figures).then(|| {
            let mut free = c.benefits.clone();
            if let Some(d) = free.deductible.as_mut() {
                d.value.amount = Money::default();
                d.value.fresh = Money::default();
            }
            free
        });
        let bound = free.as_ref().map(|f| (f, true));
        for ((from, bound), (k, own)) in std::iter::once((&c.benefits, false))
            .chain(bound)
            .flat_map(|f| owns.iter().copied().enumerate().map(move |o| (f, o)))
        {
            let (figs, taken) = if lacks_figures {
                filled(own, from)
            } else {
                let figs = slip::Figs {
                    second_layer: from.second_layer.as_ref(),
                    ..slip::Figs::of(own)
                };
                (figs, vec!["second_layer"])
            };
            let capped = figs.annual_cap.is_some();
            let amounts = slip::amounts_split(&template, figs, split)?;
            runs.push(Run {
                region: c.region,
                candidate: i,
                own: k,
                taken,
                amounts,
                capped,
                bound,
            });
        }
    }
    // A stand-in without an annual cap on file would let the fund pay without limit: where its fund would pay more
    // than the smallest cap on file, it is left out (real caps bind such bills), so that the range errs low, never
    // high. The regions with a cap always stay.
    if lacks_figures {
        // Within each value of the details not given that the candidates were read for (an age, a status …): where
        // at 70 no region has a cap on file, the regions without one stand in at 70 (helper-75: a 武汉 retiree of no age
        // got 天津's 1680.00 alone, 10430.00–18414.00 at 75).
        let detail_of = |c: &Candidate| {
            c.query.as_deref().map(|v| {
                (
                    v.insured.age,
                    v.insured.status,
                    v.insured.tier,
                    v.visit.hospital_level,
                )
            })
        };
        // A candidate read for no detail's value holds at every value: it counts in each value's set.
        let smallest_cap = |c: &Candidate| {
            let key = detail_of(c);
            candidates
                .iter()
                .filter(|o| {
                    let k = detail_of(o);
                    k == key || k.is_none()
                })
                .filter_map(|o| o.benefits.annual_cap.as_ref().map(|f| f.value.amount))
                .min()
        };
        let over = |r: &Run| {
            !r.capped
                && smallest_cap(&candidates[r.candidate]).is_some_and(|cap| r.amounts.fund > cap)
        };
        let cap = candidates
            .iter()
            .filter_map(|c| c.benefits.annual_cap.as_ref().map(|f| f.value.amount))
            .min();
        if let Some(cap) = cap {
            // Each run judged once: named, then dropped.
            let dropped: Vec<bool> = runs.iter().map(over).collect();
            let left_out = named_regions(
                runs.iter()
                    .zip(&dropped)
                    .filter(|(_, d)| **d)
                    .map(|(r, _)| r.region),
            );
            let mut judged = dropped.into_iter();
            runs.retain(|_| judged.next() != Some(true));
            // Said, with the regions (helper-71: "only 1 region on file" stood above a range that had left out 杭州,
            // whose own figures pay 2820.00 of the bill where the range said 200.00).
            if let (Some((zh, en, verb)), false) = (left_out, runs.is_empty()) {
                warnings.push(Warning::new(
                    "stand_in_uncapped_left_out",
                    format!(
                        "{zh}的标准也已收录，但年度最高支付限额未收录，按其标准基金支付会超过已收录的最低封顶线（{cap}），未计入以上范围：参保地若没有这么低的封顶线，基金实际支付可能高于范围；请问参保地年度最高支付限额"
                    ),
                    format!(
                        "{en} {verb} figures on file too, but no annual cap, and by them the fund would pay more than the lowest cap on file ({cap}): left out of the range above. If your region's cap is not that low, the fund may pay more than the range; ask your region for its annual cap"
                    ),
                ));
            }
        }
    }
    // By what the funds pay. A few dozen regions at most: an insertion sort (stable), which keeps the standard
    // library's general sort (several KB of wasm per type) out of the page; of the runs' indices, not the runs.
    // What the insurance pays in all: the funds' order, and the range's insurance amount.
    let insurance_of = |a: &slip::Amounts| a.fund + a.second_layer;
    let paid = |i: usize| runs.get(i).map(|r| insurance_of(&r.amounts));
    let mut order: Vec<usize> = (0..runs.len()).collect();
    // The runs that stand for a region's figures (a bound is another run of one of them), and the regions they are
    // (a region's figures for each value of a detail not given are several runs).
    let shown = runs.iter().filter(|r| !r.bound).count();
    let regions = distinct(runs.iter().filter(|r| !r.bound).map(|r| r.region));
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && paid(order[j - 1]) > paid(order[j]) {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let sorted = || order.iter().filter_map(|&i| runs.get(i));
    let span = |f: fn(&slip::Amounts) -> Money| Span::over(runs.iter().map(|r| f(&r.amounts)));
    let (Some(fund), Some(second), Some(patient), Some(insurance)) = (
        span(|s| s.fund),
        span(|s| s.second_layer),
        span(|s| s.patient),
        span(insurance_of),
    ) else {
        return Ok(None);
    };
    let lowest = sorted().next().map(|r| r.region).unwrap_or(insured);
    let highest = sorted().next_back().map(|r| r.region).unwrap_or(insured);
    // The run whose slip is shown: the middle region's (a bound is never shown); over the region's own figures for each
    // value of a detail not given, the one the fund pays least by (the safe reading: the person's share errs high, and a
    // region's own default for a detail not given is most often its least: 上海 residents of no age given are paid as
    // under 60).
    let at = if scope == Scope::Region {
        0
    } else {
        shown.saturating_sub(1) / 2
    };
    let Some(middle) = sorted().filter(|r| !r.bound).nth(at) else {
        return Ok(None);
    };
    // A bill past the basic cap, on stand-ins some of which have no second layer on file: their runs leave all of it to
    // the person, which the range then shows as if published (a 500,000 bill: "up to 452,030 yours" on 天津's basic
    // fund alone; helper-45). Said, with the regions, whenever the insured region has no layer of its own either.
    if lacks_figures && !own_layers {
        let bare = named_regions(
            runs.iter()
                .filter(|r| {
                    let b = &candidates[r.candidate].benefits;
                    b.second_layer.is_none()
                        && b.layers.is_none()
                        && r.amounts.over_cap > Money::default()
                })
                .map(|r| r.region),
        );
        if let Some((zh, en, verb)) = bare {
            warnings.push(Warning::new(
                "stand_in_second_layer_missing",
                format!(
                    "参照地区中{zh}的大病保险/大额医疗补助标准未收录，按不支付计：这些地区的结果把超过基本医保封顶线的费用全部算作个人负担，实际负担可能明显更低"
                ),
                format!(
                    "Of the regions standing in, {en} {verb} no second layer (大病/大额) on file, counted as paying nothing: their results leave everything above the basic cap to you, and you may well bear much less"
                ),
            ));
        }
    }
    // Stand-ins with no annual cap on file, and none of the region's own: the fund's share is not held to any cap,
    // which for outpatient care (a resident's general outpatient pooling is often a few hundred to a few thousand a
    // year) can overstate it many times over (a 广州 resident's 20,000 outpatient bill on 杭州's uncapped figures;
    // helper-48). Said, and the cap asked for.
    if scope == Scope::Region && own.annual_cap.is_none() && runs.iter().any(|r| !r.capped) {
        // The region's own figures over a detail not given: no stand-in is involved (helper-62: 青岛 with no tier was
        // told "the regions standing in have no annual cap either").
        warnings.push(benefit::annual_cap_unknown());
    } else if lacks_figures
        && own.annual_cap.is_none()
        && runs.iter().any(|r| !r.capped && !r.bound)
        && runs.iter().any(|r| r.capped && !r.bound)
    {
        // Some stand in with a cap and some without (helper-74: "the regions standing in have no cap on file either"
        // above a slip showing 湛江's cap): the ones without are named.
        let bare = named_regions(
            runs.iter()
                .filter(|r| !r.capped && !r.bound)
                .map(|r| r.region),
        );
        let (zh, en, verb) = bare.unwrap_or_default();
        warnings.push(Warning::new(
            "stand_in_annual_cap_unknown",
            format!(
                "参照地区中{zh}的年度最高支付限额未收录，这些地区的结果未按封顶线计算，基金实际支付可能较少；请问{}医保经办机构（或拨打 12393）年度最高支付限额是多少，填入下方即可算入",
                insured.name
            ),
            format!(
                "Of the regions standing in, {en} {verb} no annual cap on file, so none was applied to their results, and the fund may pay less; ask {}'s insurance office (or 12393) what the annual cap is and enter it below",
                insured.name_en.as_deref().unwrap_or(&insured.name)
            ),
        ));
    } else if lacks_figures
        && own.annual_cap.is_none()
        && runs.iter().any(|r| !r.capped && !r.bound)
    {
        warnings.push(Warning::new(
            "stand_in_annual_cap_unknown",
            format!(
                "参照地区的年度最高支付限额也未收录，以上金额未按封顶线计算：{}通常设有年度最高支付限额，基金实际支付可能少得多；请问{}医保经办机构（或拨打 12393）年度最高支付限额是多少，填入下方即可算入",
                if q.visit.is_stay() { "住院" } else { "门诊（尤其普通门诊）" },
                insured.name
            ),
            format!(
                "The regions standing in have no annual cap on file either, so none was applied above: {} usually has an annual cap, and the fund may pay much less; ask {}'s insurance office (or 12393) what the annual cap is and enter it below",
                if q.visit.is_stay() { "a hospital stay" } else { "outpatient care (general outpatient care especially)" },
                insured.name_en.as_deref().unwrap_or(&insured.name)
            ),
        ));
    }
    // A chronic disease's visit on general outpatient figures, held to their annual cap: a 门诊慢特病's own limit is
    // set by disease and is often far above general outpatient care's (dialysis: an 80,000 bill against 天津's 5,500),
    // so the top of the range is no top (helper-48). Said.
    if chronic_borrowing && runs.iter().any(|r| r.amounts.over_cap > Money::default()) {
        warnings.push(Warning::new(
            "chronic_cap_borrowed",
            "以上范围借用了普通门诊的年度最高支付限额，超出部分算作个人负担；门诊慢特病多按病种另设支付限额，常高于普通门诊（如透析），基金实际支付可能多得多；请问参保地该病种的年度支付限额",
            "The range above borrows general outpatient care's annual cap and leaves the cost above it to you; a chronic disease's outpatient care usually has its own limit by disease, often far higher (dialysis, for one), so the fund may pay much more; ask your insured region for the disease's annual limit",
        ));
    }
    let mut typical: Vec<&'static str> = Vec::new();
    for r in sorted() {
        for name in &r.taken {
            if !typical.contains(name) {
                typical.push(name);
            }
        }
    }
    let (explanation, ask) = match (scope, own.missing_path) {
        (Scope::Region, Some(detail)) => detail_wording(insured, detail),
        _ => wording(
            insured,
            scope,
            Spread {
                regions,
                lowest,
                middle: middle.region,
                highest,
            },
            stand_in.map(|kind| (kind, chronic_borrowing)),
            &typical,
            (q.visit.kind, template.route == Route::Local),
        ),
    };
    // Details not given that the regions standing in set their figures by: the range runs over them too, and said so.
    let (explanation, ask) = match (scope, varied_details(q, &candidates).as_slice()) {
        (Scope::Region, _) | (_, []) => (explanation, ask),
        (_, details) => {
            let words = |ds: &[Detail]| {
                let labels: Vec<(&str, &str)> = ds.iter().map(|d| detail_words(*d)).collect();
                (
                    labels.iter().map(|l| l.0).collect::<Vec<_>>().join("、"),
                    labels.iter().map(|l| l.1).collect::<Vec<_>>().join(" and "),
                )
            };
            let (zh, en) = words(details);
            // A contribution tier is the insured region's own (一档/二档 are not the same elsewhere): not asked for
            // where only regions standing in have tiers (helper-70: 武汉's residents were asked for a field the page
            // does not show them).
            let asked: Vec<Detail> = details
                .iter()
                .copied()
                .filter(|d| *d != Detail::Tier)
                .collect();
            let (ask_zh, ask_en) = words(&asked);
            (
                msg!(
                    format!("{}未填写{zh}：也按各种{zh}分别计算。", explanation.zh),
                    format!(
                        "{} The {en}, not given, {} taken at each value too.",
                        explanation.en,
                        if details.len() == 1 { "was" } else { "were" }
                    ),
                ),
                if asked.is_empty() {
                    ask
                } else {
                    msg!(
                        format!("{}填写{ask_zh}可缩小范围。", ask.zh),
                        format!("{} Giving the {ask_en} narrows the range.", ask.en),
                    )
                },
            )
        }
    };
    let spread: &[&'static str] = if scope == Scope::Region {
        &["deductible", "ratio", "annual_cap"]
    } else {
        &typical
    };
    let spans = spread
        .iter()
        // Over the regions whose runs make the range (a stand-in left out, its fund above the smallest cap on file,
        // is no part of it: "deductible about 200–700" beside a range of one region's; helper-48).
        .filter_map(|n| {
            figure_span(n, runs.iter().map(|r| &candidates[r.candidate])).map(|s| (*n, s))
        })
        .collect();
    let range = Range {
        fund_pays: fund,
        second_layer_pays: second,
        patient_pays: patient,
        insurance_pays: insurance,
        typical,
        scope,
        regions,
        lowest: lowest.code.clone(),
        highest: highest.code.clone(),
        explanation,
        ask,
    };
    if lacks_figures
        && own.second_layer.is_none()
        && own.layers.is_none()
        && !range.typical.contains(&"second_layer")
        && lowest_second_layer_threshold(p).is_some_and(|t| patient.high > t)
    {
        // No region standing in has a second layer for this scheme: the range leaves it out, and says so (a 定西
        // resident's 86,000 stay was silent about 大病保险).
        warnings.push(second_layer_unknown(insured, None));
    }
    if !lacks_figures {
        // Its own slip stands and so do its amounts (no range: the slip, the glance and the totals say one thing): the
        // second layer is reported in a warning, with what the regions on file would pay, never guessed into them.
        let reaches = second.high > Money::default();
        warnings.push(second_layer_unknown(insured, reaches.then_some(second)));
        return Ok(None);
    }
    if !render {
        return Ok(Some((range, Shown::Amounts(middle.amounts))));
    }
    let chosen = candidates[middle.candidate].with_sources(p, q, stand_in, on);
    // Over a detail not given, the region's own figures for the value the run is of, read again with their sources.
    let own_for = partial
        .get(middle.own)
        .map(|c| c.with_sources(p, q, None, on));
    let (benefits, _) = fill(own_for.as_ref().unwrap_or(own), &chosen);
    let slip = slip::compute(
        p,
        &slip::Inputs {
            benefits: &benefits,
            ..template
        },
        warnings,
    )?;
    Ok(Some((
        range,
        Shown::Slip(Box::new((slip, benefits, spans))),
    )))
}

/// Marks the stand-in figures among the parameters used: `basis: typical`, their spread, and a value that says so.
pub fn mark(
    parameters: &mut [ParameterUsed],
    range: &Range,
    spans: Vec<(&'static str, Span<String>)>,
) {
    for p in parameters.iter_mut() {
        let spread = range.typical.contains(&p.name) || range.scope == Scope::Region;
        if !spread || p.overridden {
            continue;
        }
        if range.scope != Scope::Region {
            p.basis = Basis::Typical;
        }
        let span = spans
            .iter()
            .find(|(n, _)| *n == p.name)
            .map(|(_, span)| span)
            .filter(|span| span.low != span.high);
        // A figure with no spread (one value over every run: it read 约 700.00–700.00; or a layer, which has no single
        // value to spread) is still another region's: said so beside it (a 大病 layer read as the person's own;
        // helper-44).
        if span.is_none() && range.scope != Scope::Region {
            p.value = msg!(
                format!("{}（非本地公布标准）", p.value.zh),
                format!("{} (not the region's published figure)", p.value.en),
            );
        }
        if let Some(span) = span {
            // The region's own figures for each value of a detail not given, or other regions' (约: about).
            let (about, about_en, whose, whose_en) = if range.scope == Scope::Region {
                ("", "", "因未填的情况而不同", "depends on what is not given")
            } else {
                (
                    "约 ",
                    "about ",
                    "非本地公布标准",
                    "not the region's published figure",
                )
            };
            p.value = msg!(
                format!(
                    "{about}{}–{}（{whose}；明细按 {}）",
                    span.low, span.high, p.value.zh
                ),
                format!(
                    "{about_en}{}–{} ({whose_en}; the slip uses {})",
                    span.low, span.high, p.value.en
                ),
            );
            p.typical = Some(span.clone());
        }
    }
}

/// The warning that the region's 大病/大额 figures are not on file, with what the regions on file would pay when the
/// bill reaches their layer.
fn second_layer_unknown(insured: &Region, typical: Option<Span<Money>>) -> Warning {
    let (zh_more, en_more) = match typical {
        Some(s) => (
            format!("；按已收录地区的标准，本次可能另获 {}–{} 元。可拨打 12393 问参保地大病保险（或大额医疗补助）从多少元起付、按多少比例支付，填入下方即可算入", s.low, s.high),
            format!(
                "; by the regions on file it would typically pay {}–{} more. Ask 12393 from what amount and at what share your region's critical-illness insurance (or large-expense subsidy) pays, and enter it below to count it",
                s.low, s.high
            ),
        ),
        None => (String::new(), String::new()),
    };
    Warning::new(
        "second_layer_unknown",
        format!(
            "{}的大病保险/大额医疗补助标准未收录，以上金额未计入{zh_more}",
            insured.name
        ),
        format!(
            "{}'s second layer (大病/大额) is not on file and is not counted above{en_more}",
            insured.name_en.as_deref().unwrap_or(&insured.name),
        ),
    )
}

/// The second layers on file, of one scheme or of both.
fn second_layers(
    p: &Policies,
    scheme: Option<crate::query::Scheme>,
) -> impl Iterator<Item = &crate::query::SecondLayer> {
    p.schedules
        .iter()
        .filter(move |s| scheme.is_none_or(|x| s.scheme == x))
        .flat_map(|s| s.versions.iter())
        .flat_map(|v| v.rows.iter())
        .filter_map(|r| r.second_layer.as_ref())
}

/// The lowest threshold of any second layer on file (either scheme): a share below it reaches none anywhere.
fn lowest_second_layer_threshold(p: &Policies) -> Option<Money> {
    second_layers(p, None).map(|l| l.threshold).min()
}

/// Whether this bill could reach any second layer on file: a cheap test on the region's own slip before the
/// stand-ins are worked out (most bills are far below every layer). A layer on the cost above the basic cap needs an
/// overrun; one on the patient's share needs that share (with this year's) above the lowest threshold on file.
fn may_reach_second_layer(p: &Policies, q: &Query, template: &slip::Inputs) -> Result<bool, Error> {
    use crate::query::SecondLayerBase;
    let own = slip::amounts(template)?;
    let over_cap = own.over_cap;
    let share = own.deductible
        + own.coinsurance
        + over_cap
        + q.history.second_layer_base_so_far.unwrap_or_default();
    for l in second_layers(p, Some(q.insured.scheme)) {
        let reached = match l.applies_to {
            SecondLayerBase::AboveBasicCap => over_cap > Money::default(),
            SecondLayerBase::PatientShare => share > l.threshold,
        };
        if reached {
            return Ok(true);
        }
    }
    Ok(false)
}
