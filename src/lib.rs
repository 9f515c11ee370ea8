//! 异地就医计算器: the rules core.
//!
//! One function, [`estimate`], takes a [`Query`] and the loaded [`Policies`] and returns an [`Estimate`] (filing
//! verdict, settlement route, itemized slip) or a typed [`Error`]. Data flows one way: query → rules → estimate.
//! No browser dependency here; the wasm layer in `wasm.rs` is a thin translator compiled only for wasm32.

pub mod benefit;
pub mod coverage;
pub mod error;
pub mod estimate;
pub mod filing;
mod hant;
pub mod input;
pub mod money;
pub mod options;
pub mod past_slip;
pub mod policy;
pub mod query;
pub mod read;
pub mod region;
pub mod settlement;
pub mod slip;
#[cfg(feature = "schema")]
pub mod types;
pub mod typical;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorCode, Message};
pub use estimate::Estimate;
pub use policy::Policies;
pub use query::Query;

use benefit::{Benefits, Figure, RatioSpec};
use estimate::{AppliedAdjustment, ParameterUsed, RawFigure, Settlement, SourceRef, Warning};
use money::Rate;
use policy::{Grade, Since};
use query::{Adjustment, DeductiblePer, Scheme};
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

fn decide<'p>(
    p: &'p Policies,
    q: &Query,
    ctx_insured: &'p policy::Region,
    treated: &policy::Region,
    stay: filing::Stay,
) -> Decided<'p> {
    let mut warnings = Vec::new();
    let outcome = filing::assess(p, q, ctx_insured, treated, stay, &mut warnings);
    let on = stay.admission;
    let decision = settlement::decide(p, q, ctx_insured, treated, &outcome, on, &mut warnings);
    let mut filing = outcome.verdict;
    filing.sources = crate::estimate::source_refs(p, &filing.source_ids);
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
    let adjustment = decision.adjustment.as_ref().map(|a| {
        let (op, value) = op_and_value(&a.adjustment);
        AppliedAdjustment {
            op: op.into(),
            value,
            description: describe_adjustment(&a.adjustment),
            overridden: a.overridden,
            sources: crate::estimate::source_refs(p, &a.source_ids),
        }
    });
    let mut sources = adjustment
        .as_ref()
        .map(|a| a.sources.clone())
        .unwrap_or_default();
    sources.extend(filing.sources.iter().cloned());
    dedup(&mut sources);
    let settlement = Settlement {
        route: decision.route,
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
    Ok(decide(p, q, insured, treated, input::stay(q)?).verdict)
}

/// The whole estimate for a query.
pub fn estimate(p: &Policies, q: &Query) -> Result<Estimate, Error> {
    let ctx = input::check(p, q)?;
    let Decided {
        insured,
        on,
        decision,
        verdict,
    } = decide(p, q, ctx.insured, ctx.treated, ctx.stay);
    let mut warnings = verdict.warnings;
    let benefits = if decision.route == estimate::Route::NotCovered {
        Benefits::default()
    } else {
        benefit::resolve(p, q, &insured.code, on, &mut warnings)
    };
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    let template = slip::Inputs {
        bill: &q.bill,
        class_b_rate: class_b.as_ref(),
        benefits: &benefits,
        adjustment: decision.adjustment.as_ref(),
        history: &q.history,
        account_balance: q.personal_account_balance,
        has_account: q.insured.scheme == Scheme::Employee,
        route: decision.route,
    };
    // Where the region's own figures fall short, other regions' stand in and the estimate is a range (issue 11).
    let (slip, stand_in) = match typical::estimate(p, q, insured, on, template, &mut warnings)? {
        Some(s) => (s.slip, Some((s.benefits, s.range, s.spans))),
        None => (slip::compute(p, &template, &mut warnings)?, None),
    };
    let used = stand_in.as_ref().map_or(&benefits, |(b, _, _)| b);
    let mut parameters = parameters_used(p, used, class_b.as_ref(), decision.adjustment.as_ref());
    let range = stand_in.map(|(_, range, spans)| {
        typical::mark(&mut parameters, &range, spans);
        range
    });
    // The figures' own quality: the stand-ins' sources concern other regions and are not the person's to check, and
    // the class-B rate matters only when the bill has a class-B pre-payment.
    let class_b_used = slip
        .lines
        .iter()
        .any(|l| l.key == "class_b_prepay" && l.amount.0 > rust_decimal::Decimal::ZERO);
    quality_warnings(
        p,
        &benefits,
        class_b.as_ref().filter(|_| class_b_used),
        decision.adjustment.as_ref(),
        on,
        &mut warnings,
    );
    // A warning said once: the same words from two rules are one bullet.
    let mut said: Vec<Warning> = Vec::with_capacity(warnings.len());
    for w in warnings {
        if !said
            .iter()
            .any(|s| s.code == w.code && s.message.zh == w.message.zh)
        {
            said.push(w);
        }
    }
    let warnings = said;
    let overridden = parameters
        .iter()
        .filter(|x| x.overridden)
        .map(|x| x.name.to_string())
        .collect();
    Ok(Estimate {
        filing: verdict.filing,
        settlement: verdict.settlement,
        lines: slip.lines,
        fund_pays: slip.fund,
        second_layer_pays: slip.second_layer,
        patient_pays: slip.patient,
        account_pays: slip.account,
        cash_pays: slip.cash,
        warnings,
        policy_version: verdict.policy_version,
        parameters,
        overridden,
        range,
    })
}

/// What a course of action comes to (the `options` compare several): the verdict, the route and the amounts, and
/// the range when figures stand in. The same pipeline and the same errors as [`estimate`], without the slip's words,
/// the figures' list or the warnings.
#[derive(Clone, Debug)]
pub(crate) struct Outline {
    pub filing: estimate::FilingVerdict,
    pub settlement: Settlement,
    pub amounts: slip::Amounts,
    pub range: Option<typical::Range>,
}

pub(crate) fn outline(p: &Policies, q: &Query) -> Result<Outline, Error> {
    let ctx = input::check(p, q)?;
    let Decided {
        insured,
        on,
        decision,
        verdict,
    } = decide(p, q, ctx.insured, ctx.treated, ctx.stay);
    let benefits = if decision.route == estimate::Route::NotCovered {
        Benefits::default()
    } else {
        benefit::resolve(p, q, &insured.code, on, &mut Vec::new())
    };
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    let template = slip::Inputs {
        bill: &q.bill,
        class_b_rate: class_b.as_ref(),
        benefits: &benefits,
        adjustment: decision.adjustment.as_ref(),
        history: &q.history,
        account_balance: q.personal_account_balance,
        has_account: q.insured.scheme == Scheme::Employee,
        route: decision.route,
    };
    let (amounts, range) = match typical::amounts(p, q, insured, on, template)? {
        Some((amounts, range)) => (amounts, Some(range)),
        None => (slip::amounts(&template)?, None),
    };
    Ok(Outline {
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
    #[cfg_attr(feature = "schema", ts(as = "Vec<types::ParameterName>"))]
    pub missing: Vec<&'static str>,
    pub warnings: Vec<Warning>,
}

pub fn figures(p: &Policies, q: &Query) -> Result<Figures, Error> {
    let insured = region::resolve(p, &q.insured.region, "insured.region")?;
    let treated = region::resolve(p, &q.visit.region, "visit.region")?;
    input::check_filing_and_visit(p, q)?;
    let Decided {
        on,
        decision,
        verdict,
        ..
    } = decide(p, q, insured, treated, input::stay(q)?);
    let mut warnings = verdict.warnings;
    let benefits = benefit::resolve(p, q, &insured.code, on, &mut warnings);
    let class_b = class_b_figure(p, q, &decision.catalogue_region, on);
    quality_warnings(
        p,
        &benefits,
        class_b.as_ref(),
        decision.adjustment.as_ref(),
        on,
        &mut warnings,
    );
    Ok(Figures {
        parameters: parameters_used(p, &benefits, class_b.as_ref(), decision.adjustment.as_ref()),
        missing: benefits.missing.clone(),
        warnings,
    })
}

fn class_b_figure(
    p: &Policies,
    q: &Query,
    catalogue_region: &str,
    on: chrono::NaiveDate,
) -> Option<Figure<Rate>> {
    if let Some(r) = q.overrides.class_b_prepay_rate {
        return Some(Figure {
            value: r,
            source_ids: Vec::new(),
            overridden: true,
            from: None,
            last_verified: None,
        });
    }
    p.class_b_rate(catalogue_region, q.insured.scheme, on)
        .map(|v| Figure {
            value: v.class_b_prepay_rate,
            source_ids: v.sources.clone(),
            overridden: false,
            from: Some(v.from),
            last_verified: Some(v.last_verified),
        })
}

fn parameters_used<'a>(
    p: &Policies,
    b: &'a Benefits,
    class_b: Option<&'a Figure<Rate>>,
    adjustment: Option<&'a settlement::ChosenAdjustment>,
) -> Vec<ParameterUsed> {
    let mut out: Vec<ParameterUsed> = Vec::with_capacity(6);
    // The figures of one schedule row share their sources: looked up once, copied to each figure that cites them.
    let mut cited: Vec<&'a [String]> = Vec::with_capacity(6);
    let mut add = |name: &'static str,
                   zh: &str,
                   en: &str,
                   value: String,
                   raw: RawFigure,
                   f: Provenance<'a>| {
        let sources = match cited.iter().position(|ids| *ids == f.ids) {
            Some(i) => out.get(i).map(|x| x.sources.clone()).unwrap_or_default(),
            None => crate::estimate::source_refs(p, f.ids),
        };
        cited.push(f.ids);
        out.push(ParameterUsed {
            name,
            label: Message::new(zh, en),
            value,
            raw,
            overridden: f.overridden,
            basis: if f.overridden {
                estimate::Basis::User
            } else {
                estimate::Basis::Region
            },
            typical: None,
            sources,
            from: f.from.map(|d| match d {
                Since::On(d) => money::date::format(d),
                Since::Unknown => Since::UNKNOWN.to_string(),
            }),
            last_verified: f.last_verified.map(money::date::format),
        })
    };
    if let Some(d) = &b.deductible {
        let per = match d.value.per {
            DeductiblePer::Admission => "每次住院",
            DeductiblePer::Year => "每年度",
        };
        let raw = RawFigure::Deductible {
            amount: d.value.amount,
            per: d.value.per,
        };
        add(
            "deductible",
            "起付线",
            "Deductible",
            format!("{}（{per}）", d.value.amount),
            raw,
            Provenance::of(d),
        );
    }
    if let Some(r) = &b.ratio {
        let (value, raw) = match &r.value {
            RatioSpec::Flat(x) => (x.to_string(), RawFigure::Ratio { ratio: *x }),
            RatioSpec::Bands { segments, basis } => (
                bands_text(segments),
                RawFigure::Bands {
                    segments: segments.clone(),
                    segment_basis: *basis,
                },
            ),
        };
        add(
            "ratio",
            "统筹基金支付比例",
            "Fund ratio",
            value,
            raw,
            Provenance::of(r),
        );
    }
    if let Some(c) = &b.annual_cap {
        let basis = match c.value.basis {
            query::CapBasis::Fund => "基金年度支付",
            query::CapBasis::Eligible => "年度政策范围内费用",
        };
        let raw = RawFigure::Cap {
            amount: c.value.amount,
            basis: c.value.basis,
        };
        add(
            "annual_cap",
            "年度最高支付限额",
            "Annual cap",
            format!("{}（{basis}）", c.value.amount),
            raw,
            Provenance::of(c),
        );
    }
    if let Some(s) = &b.second_layer {
        let cap = s
            .value
            .cap
            .map_or("不封顶".to_string(), |c| format!("封顶 {c}"));
        let value = format!(
            "起付 {}；{}；{cap}",
            s.value.threshold,
            bands_text(&s.value.segments)
        );
        add(
            "second_layer",
            "大病保险/大额医疗补助",
            "Second layer",
            value,
            RawFigure::SecondLayer(s.value.clone()),
            Provenance::of(s),
        );
    }
    if let Some(c) = class_b {
        let raw = RawFigure::Rate { rate: c.value };
        add(
            "class_b_prepay_rate",
            "乙类先行自付比例（就医地目录）",
            "Class-B pre-payment rate",
            c.value.to_string(),
            raw,
            Provenance::of(c),
        );
    }
    if let Some(a) = adjustment {
        let f = Provenance::of_adjustment(a);
        let value = describe_adjustment(&a.adjustment).zh;
        add(
            "adjustment",
            "异地待遇调整",
            "Cross-region adjustment",
            value,
            RawFigure::Adjustment(a.adjustment.clone()),
            f,
        );
    }
    out
}

struct Provenance<'a> {
    ids: &'a [String],
    overridden: bool,
    from: Option<Since>,
    last_verified: Option<chrono::NaiveDate>,
}

impl<'a> Provenance<'a> {
    fn of_adjustment(a: &'a settlement::ChosenAdjustment) -> Provenance<'a> {
        Provenance {
            ids: &a.source_ids,
            overridden: a.overridden,
            from: a.from,
            last_verified: a.last_verified,
        }
    }

    fn of<T>(f: &'a Figure<T>) -> Provenance<'a> {
        Provenance {
            ids: &f.source_ids,
            overridden: f.overridden,
            from: f.from,
            last_verified: f.last_verified,
        }
    }
}

fn bands_text(segments: &[query::Segment]) -> String {
    segments
        .iter()
        .map(|s| match s.up_to {
            Some(u) => format!("≤{u} {}", s.ratio),
            None => format!("其上 {}", s.ratio),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// Warnings on the figures themselves: graded below B, last verified more than two years before the visit, or of
/// unknown start for a visit before the day they were checked.
fn quality_warnings(
    p: &Policies,
    b: &Benefits,
    class_b: Option<&Figure<Rate>>,
    adjustment: Option<&settlement::ChosenAdjustment>,
    on: chrono::NaiveDate,
    warnings: &mut Vec<Warning>,
) {
    let figures: [(&str, &str, Option<Provenance>); 5] = [
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
            "乙类先行自付比例",
            "The class-B pre-payment rate",
            class_b.map(Provenance::of),
        ),
    ];
    // One warning per grade, naming every figure it concerns (not one bullet per figure).
    let mut low: Vec<(Grade, Vec<&str>, Vec<&str>)> = Vec::new();
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
            .filter_map(|id| p.sources.get(id))
            .map(|s| s.grade)
            .min();
        if let Some(g) = best.filter(|g| *g > Grade::B) {
            match low.iter_mut().find(|(lg, _, _)| *lg == g) {
                Some((_, zhs, ens)) => {
                    zhs.push(zh);
                    ens.push(en);
                }
                None => low.push((g, vec![zh], vec![en])),
            }
        }
        if let Some(v) = f.last_verified.filter(|v| (on - *v).num_days() > 730) {
            warnings.push(Warning::new(
                "figure_stale",
                format!("{zh}最近核实于 {v}，距就医日期已超过两年，可能已调整"),
                format!("{en} was last verified on {v}, over two years before the visit; it may have changed"),
            ));
        }
        start_unknown_warning(p, zh, en, f, on, warnings);
    }
    for (g, zhs, ens) in low {
        // "The deductible, the fund ratio, the annual cap".
        let en = ens
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if i == 0 {
                    e.to_string()
                } else {
                    e.replacen("The ", "the ", 1)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(Warning::new(
            "figure_low_grade",
            format!(
                "{}的来源等级为 {g:?}（非官方），请向参保地医保部门核实",
                zhs.join("、")
            ),
            format!("{en}: from grade-{g:?} sources (not official); check with your insurer"),
        ));
    }
    if let Some(a) = adjustment {
        let f = Provenance::of_adjustment(a);
        start_unknown_warning(
            p,
            "异地待遇调整",
            "The cross-region adjustment",
            &f,
            on,
            warnings,
        );
    }
}

/// A figure whose start no source gives (its version is dated `unknown`, or every source of it is an undated page) is
/// used for a visit before the first day a source shows it: it may not yet have applied then. The figure is used
/// rather than none, and the estimate says so.
fn start_unknown_warning(
    p: &Policies,
    zh: &str,
    en: &str,
    f: &Provenance,
    on: chrono::NaiveDate,
    warnings: &mut Vec<Warning>,
) {
    if f.overridden {
        return;
    }
    if let Some(seen) = policy::first_seen_if_start_unknown(p, f.from, f.ids).filter(|d| on < *d) {
        warnings.push(Warning::new(
            "figure_start_unknown",
            format!("{zh}的来源未写明施行日期（最早出现于 {seen}），就医当日是否已按此标准报销无法确定，请向医保经办机构核实"),
            format!("{en} rests on sources that give no start date (first seen on {seen}); whether it already applied on the visit date is not known: check with your insurer"),
        ));
    }
}

/// The adjustment's `op` and figure, read from its wire form rather than matched again here.
fn op_and_value(a: &Adjustment) -> (&'static str, Option<String>) {
    let spec = query::AdjustmentSpec::from(a.clone());
    let rate = |r: Rate| r.0.normalize().to_string();
    let value = spec
        .value
        .map(rate)
        .or(spec.amount.map(|m| m.to_string()))
        .or(spec.share.map(rate));
    (spec.op.as_str(), value)
}

fn describe_adjustment(a: &Adjustment) -> Message {
    use estimate::points;
    match a {
        Adjustment::None => {
            Message::new("按参保地本地标准，不降低", "Home-region standard, no cut")
        }
        Adjustment::PpReduction { value } => Message::new(
            format!("支付比例降低 {} 个百分点", points(*value)),
            format!("Ratio cut by {} points", points(*value)),
        ),
        Adjustment::Multiplier { value } => Message::new(
            format!("支付比例按本地标准的 {value} 计算"),
            format!("Ratio at {value} of the local standard"),
        ),
        Adjustment::PrepayShare { value } => Message::new(
            format!("个人先行自付 {value} 后再按规定报销"),
            format!("You first pay {value}, then the usual rules apply"),
        ),
        Adjustment::DeductibleOverride {
            amount,
            share,
            min,
            max,
        } => {
            let text = match (amount, share) {
                (Some(m), _) => format!("{m}"),
                (None, Some(s)) => format!(
                    "总费用的 {s}（{}–{}）",
                    min.map_or("-".into(), |m| m.to_string()),
                    max.map_or("-".into(), |m| m.to_string())
                ),
                _ => "-".into(),
            };
            Message::new(
                format!("异地起付标准：{text}"),
                format!("Cross-region deductible: {text}"),
            )
        }
        Adjustment::NotCovered => Message::new(
            "此类别的本类就医医保不支付",
            "Not covered for this category",
        ),
    }
}

/// Each source once, where it first appears (a handful of sources: compared in place, not copied into a set).
fn dedup(v: &mut Vec<SourceRef>) {
    let mut kept: Vec<SourceRef> = Vec::with_capacity(v.len());
    for s in v.drain(..) {
        if !kept.iter().any(|k| k.id == s.id) {
            kept.push(s);
        }
    }
    *v = kept;
}

/// The characters the Traditional Chinese table has seen and left as they are (for its completeness test).
pub fn hant_same() -> &'static str {
    hant::SAME
}

/// A province with its pooling regions, for pickers.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct ProvinceEntry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub name_zh_hant: String,
    pub short: &'a str,
    /// Filings name the province (`province`) or the city (`city`), R1.3.
    pub filing_area: policy::FilingArea,
    pub regions: Vec<RegionEntry<'a>>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct RegionEntry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub name_zh_hant: String,
    pub aliases: &'a [String],
    /// Whether benefit figures are on file for this region (otherwise the form asks for them).
    pub has_figures: bool,
}

pub fn catalogue_of_regions(p: &Policies) -> Vec<ProvinceEntry<'_>> {
    p.provinces
        .iter()
        .map(|pr| ProvinceEntry {
            code: &pr.code,
            name: &pr.name,
            name_zh_hant: error::to_hant(&pr.name),
            short: &pr.short,
            filing_area: pr.filing_area,
            regions: p
                .regions
                .iter()
                .filter(|r| r.province == pr.code)
                .map(|r| RegionEntry {
                    code: &r.code,
                    name: &r.name,
                    name_zh_hant: error::to_hant(&r.name),
                    aliases: &r.aliases,
                    has_figures: p.schedules.iter().any(|s| s.region == r.code),
                })
                .collect(),
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct DiseaseEntry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub name_zh_hant: String,
    pub name_en: &'a str,
    #[cfg_attr(feature = "schema", ts(as = "money::date::Schema"))]
    pub from: String,
}

/// The chronic diseases settled directly across provinces on a date (all of them when no date is given).
pub fn diseases_on(p: &Policies, on: Option<chrono::NaiveDate>) -> Vec<DiseaseEntry<'_>> {
    p.national
        .chronic_diseases
        .iter()
        .filter(|d| on.is_none_or(|on| d.from <= on))
        .map(|d| DiseaseEntry {
            code: &d.code,
            name: &d.name,
            name_zh_hant: error::to_hant(&d.name),
            name_en: &d.name_en,
            from: d.from.to_string(),
        })
        .collect()
}

/// Everything the page shows for a query, from one call (issue 10): the filing verdict and route, every figure with
/// its source and basis, the figures still to enter, and the slip when it can be computed, plus the courses open to
/// the person when they said where they stand. The bill is optional.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Analysis {
    pub filing: estimate::FilingVerdict,
    pub settlement: Settlement,
    /// The figures an estimate uses, the person's own (`overrides`) where given.
    pub parameters: Vec<ParameterUsed>,
    /// The data's own figures for the same visit, when the query overrides some (what a form shows beside an edit).
    pub data_parameters: Option<Vec<ParameterUsed>>,
    /// Figures neither the data nor the query gives (the estimate's `missing_parameter`).
    #[cfg_attr(feature = "schema", ts(as = "Vec<types::ParameterName>"))]
    pub missing: Vec<&'static str>,
    /// The estimate, when the bill is given and every figure is known.
    pub estimate: Option<Estimate>,
    /// Why a given bill has no estimate: a figure to enter (`missing_parameter`) or the bill's own error.
    pub not_estimated: Option<Error>,
    /// The courses compared (when `situation` is given and the estimate could be made).
    pub options: Option<options::Options>,
    /// The estimate's warnings, or the verdict's and the figures' when there is no estimate.
    pub warnings: Vec<Warning>,
    pub policy_version: String,
}

/// One call for a form: see [`Analysis`]. Errs only where nothing can be said (an unknown region, impossible dates,
/// a filing that does not read); a bill's problems are the `not_estimated` of an answer that still has the verdict.
pub fn analyze(p: &Policies, q: &Query) -> Result<Analysis, Error> {
    let v = verdict(p, q)?;
    let f = figures(p, q)?;
    let data_parameters = if q.overrides.is_empty() {
        None
    } else {
        let mut own = q.clone();
        own.overrides = query::Overrides::default();
        Some(figures(p, &own)?.parameters)
    };
    let (estimate, not_estimated) = if q.bill.is_empty() {
        (None, None)
    } else {
        match estimate(p, q) {
            Ok(e) => (Some(e), None),
            Err(e) => (None, Some(e)),
        }
    };
    let options = match (&estimate, q.situation) {
        (Some(_), Some(_)) => options::options(p, q).ok(),
        _ => None,
    };
    let warnings = match &estimate {
        Some(e) => e.warnings.clone(),
        None => f.warnings,
    };
    Ok(Analysis {
        filing: v.filing,
        settlement: v.settlement,
        parameters: estimate
            .as_ref()
            .map_or(f.parameters, |e| e.parameters.clone()),
        data_parameters,
        missing: f.missing,
        estimate,
        not_estimated,
        options,
        warnings,
        policy_version: v.policy_version,
    })
}
