//! The insured region's benefit figures for a visit (R3.1 参保地政策): deductible, ratio or bands, annual cap and the
//! second layer, from the schedule in force on the visit date, with any overrides put in their place.

use crate::error::{Error, ErrorCode};
use crate::estimate::Warning;
use crate::money::{Money, Rate};
use crate::policy::{CapRule, Outside, Policies, Row, ScheduleVersion, Since, YearCrossing};
use crate::query::{
    CapBasis, DeductiblePer, Detail, FilingCategory, Layer, Level, Overrides, Query, Quota, Scheme,
    SecondLayer, Segment, SegmentBasis, Status, Tier, VisitKind,
};
use chrono::{Datelike, NaiveDate};

/// A figure with its provenance.
#[derive(Clone, Debug)]
pub struct Figure<T> {
    pub value: T,
    pub source_ids: Vec<String>,
    pub overridden: bool,
    /// When its version came into force (`Since::Unknown` when no source says); none for an entered figure.
    pub from: Option<Since>,
    pub last_verified: Option<NaiveDate>,
}

impl<T> Figure<T> {
    fn overridden(value: T) -> Figure<T> {
        Figure {
            value,
            source_ids: Vec::new(),
            overridden: true,
            from: None,
            last_verified: None,
        }
    }

    /// A figure nobody gave (no source, not entered): see [`Benefits::assumed`].
    fn assumed(value: T) -> Figure<T> {
        Figure {
            overridden: false,
            ..Figure::overridden(value)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RatioSpec {
    Flat(Rate),
    Bands {
        segments: Vec<Segment>,
        basis: SegmentBasis,
    },
}

#[derive(Clone, Debug)]
pub struct DeductibleFigure {
    pub per: DeductiblePer,
    /// The deductible for this admission (per admission) or for the year (per year), before what was already paid.
    pub amount: Money,
    /// The deductible of a fresh benefit year's first admission (the new year's, for a stay across the year, R5.7).
    pub fresh: Money,
    /// Per admission: what the year's deductibles add up to at most (R5.7a), the deductible paid this year counted.
    pub year_limit: Option<Money>,
}

/// What a long stay adds (R5.7): deductibles for each further period of a split stay, and for a stay across the start
/// of the benefit year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StayRule {
    /// The region splits stays every `.0` days; this stay has `.1` further periods, each with its deductible.
    pub splits: Option<(u32, u32)>,
    /// The stay runs into a new benefit year starting on `.0`; `.1` is how the region settles it (none: not known, the
    /// safe reading of a second deductible is taken).
    pub crosses: Option<(NaiveDate, Option<YearCrossing>)>,
}

impl StayRule {
    /// How many extra deductibles the stay pays for its splits, and whether a new year's deductible is added.
    pub fn extras(&self) -> (u32, bool) {
        let splits = self.splits.map_or(0, |(_, n)| n);
        let new_year = matches!(
            self.crosses,
            Some((_, None | Some(YearCrossing::NewDeductible)))
        );
        (splits, new_year)
    }
}

/// What is known for a visit; a missing required figure is listed by name in `missing`.
#[derive(Clone, Debug, Default)]
pub struct Benefits {
    pub deductible: Option<Figure<DeductibleFigure>>,
    pub ratio: Option<Figure<RatioSpec>>,
    pub annual_cap: Option<Figure<CapRule>>,
    pub second_layer: Option<Figure<SecondLayer>>,
    /// The layers above the basic fund (R5.6f); when given, they replace `second_layer`.
    pub layers: Option<Figure<Vec<Layer>>>,
    pub quota: Option<Figure<Quota>>,
    /// A long stay's extra deductibles (R5.7), when the stay is split or crosses the benefit year.
    pub stay: Option<Figure<StayRule>>,
    pub missing: Vec<&'static str>,
    /// Figures neither on file nor entered that the estimate assumes, by name (R4.7: a pharmacy purchase's pooled
    /// payment taken as nil), each said in a warning; shown with `basis: assumed`, never as the person's own edit.
    pub assumed: Vec<&'static str>,
    /// Where the missing figure is to be entered (a query path), when a detail of the query would select it instead.
    pub missing_path: Option<Detail>,
}

#[derive(Clone, Copy)]
struct Key<'q> {
    status: Option<Status>,
    level: Option<Level>,
    age: Option<u32>,
    tier: Option<Tier>,
    disease: Option<&'q str>,
    /// Where the visit is, seen from the insured region: `None` at home, else outside the city or the province.
    outside: Option<Outside>,
}

/// `home_at_referral`: a long-term filer treated back home, priced at the floor of R1.12, the region's cross-province
/// referral level: where the region has terms for care elsewhere (R3.1a), those, as for a referral outside the province
/// (helper-68: 蚌埠's local rows, 13440.00, were said to be its referral level, 7875.00).
pub fn resolve(
    p: &Policies,
    q: &Query,
    insured_code: &str,
    on: NaiveDate,
    home_at_referral: bool,
    warnings: &mut Vec<Warning>,
) -> Benefits {
    let schedule = p.schedule(insured_code, q.insured.scheme, q.visit.kind);
    let version = schedule.and_then(|s| s.version_for(p, on));
    // The region's names, looked up only for a warning that names it.
    let names = || {
        p.region(insured_code)
            .map_or((insured_code, insured_code), |r| {
                (r.name.as_str(), r.name_en.as_deref().unwrap_or(&r.name))
            })
    };
    // Figures on file from a start a notice names, after the visit: said, and other regions' stand in.
    let later = schedule
        .filter(|_| version.is_none())
        .and_then(|s| s.versions.first())
        .and_then(|v| v.from.date());
    if let Some(from) = later {
        let (zh, en) = names();
        warnings.push(Warning::new(
            "figures_start_later",
            format!("{zh}的待遇标准自 {from} 起执行，本次就医（{on}）在此之前，当时的标准未收录：以下按其他地区的标准估算"),
            format!("{en}'s figures on file are in force from {from}, after this visit ({on}); the figures of that time are not on file, so other regions' stand in below"),
        ));
    }
    if let Some((_, Some(from))) = version {
        let (zh, en) = names();
        warnings.push(Warning::new(
            "figures_start_after_visit",
            format!("{zh}的待遇标准，现有来源只显示自 {from} 起执行，晚于本次就医（{on}）；更早的标准未收录，按相同标准估算，实际可能不同"),
            format!("The sources on file show {en}'s figures in force only from {from}, after this visit ({on}); earlier figures are not on file, so the same were assumed, and the actual ones may differ"),
        ));
    }
    if let Some(level) = version
        .and_then(|(v, _)| v.outside_province_level)
        .filter(|&l| q.visit.hospital_level != Some(l) && outside_province(p, q))
    {
        let (zh, en) = match level {
            Level::Community => ("社区卫生服务机构", "community health centre"),
            Level::Primary => ("一级医院", "primary hospital"),
            Level::Secondary => ("二级医院", "secondary hospital"),
            Level::Tertiary => ("三级医院", "tertiary hospital"),
        };
        warnings.push(Warning::new(
            "outside_province_level",
            format!("参保地规定：在省外就医，不论医院等级，都按参保地的{zh}标准（起付线、比例）报销"),
            format!("Your insured region pays any visit outside its province at its own {en} figures (deductible, ratio), whatever the hospital's level"),
        ));
    }
    resolve_in(
        p,
        q,
        version.map(|(v, _)| v),
        None,
        Some(warnings),
        How {
            with_sources: true,
            deciding: true,
            home_at_referral,
        },
    )
}

/// A stand-in region's figures with their sources (the region whose slip is shown for a range): as [`resolve`], but a
/// row for anyone is taken where the query lacks a detail (its own rows' details are not the person's to give).
pub fn resolve_stand_in(p: &Policies, q: &Query, code: &str, on: NaiveDate) -> Benefits {
    let version = p
        .schedule(code, q.insured.scheme, q.visit.kind)
        .and_then(|s| s.version_for(p, on));
    resolve_in(
        p,
        q,
        version.map(|(v, _)| v),
        Some(code),
        Some(&mut Vec::new()),
        How {
            with_sources: true,
            ..How::default()
        },
    )
}

/// The figures a schedule version gives a query, as [`resolve`] finds them but without their sources or warnings:
/// what the amounts of a stand-in region need (typical.rs works out a few dozen of them per estimate).
pub fn figures_of(
    p: &Policies,
    q: &Query,
    region: &str,
    version: Option<&ScheduleVersion>,
) -> Benefits {
    resolve_in(p, q, version, Some(region), None, How::default())
}

/// As [`figures_of`], but a row for anyone that a detail not given would replace is not taken: the detail is then
/// `missing_path`, so that a range runs over its values (a stand-in region's age rows: helper-63 found 深圳's 95% for
/// residents of 60 and over left out of a range said to be "worked out for each age").
pub fn figures_deciding(
    p: &Policies,
    q: &Query,
    region: &str,
    version: Option<&ScheduleVersion>,
) -> Benefits {
    resolve_in(
        p,
        q,
        version,
        Some(region),
        None,
        How {
            deciding: true,
            ..How::default()
        },
    )
}

/// How [`resolve_in`] reads a schedule: with the figures' sources; `deciding`: a row for anyone that a detail not given
/// would replace is not taken, the detail is asked for instead (`pick`: the insured region's figures, and a stand-in's
/// in a range); for a long-term filer at home at the referral level (R1.12).
#[derive(Clone, Copy, Default)]
struct How {
    with_sources: bool,
    deciding: bool,
    home_at_referral: bool,
}

/// `region`: whose schedule `version` is, when it may be another region's than the insured one (a stand-in's).
fn resolve_in(
    p: &Policies,
    q: &Query,
    version: Option<&ScheduleVersion>,
    region: Option<&str>,
    mut warnings: Option<&mut Vec<Warning>>,
    how: How,
) -> Benefits {
    let How {
        with_sources,
        deciding,
        home_at_referral,
    } = how;
    let kind = q.visit.kind;
    let key = Key {
        status: if q.insured.scheme == Scheme::Employee {
            q.insured.status
        } else {
            None
        },
        level: version.map_or(q.visit.hospital_level, |v| match v.outside_province_level {
            Some(level) if outside_province(p, q) => Some(level),
            _ => effective_level(v, q.visit.hospital_level),
        }),
        age: q.insured.age,
        tier: q.insured.tier,
        disease: if kind == VisitKind::ChronicOutpatient {
            q.visit
                .chronic_disease
                .as_deref()
                .map(|d| p.disease_code(d))
        } else {
            None
        },
        // Looked up only where a row is for visits elsewhere (a few regions' schedules). A long-term filer (异地安置,
        // 长期居住, 常驻工作) is not priced by them: the terms are those of a referral or a temporary visit (成都's
        // 转外就医), and the sources say nothing of long-term filers (R3.1a).
        outside: version
            .filter(|v| v.rows.iter().any(|r| r.outside.is_some()))
            // A region standing in for another lends its figures for care at home, the base the insured region's cut
            // applies to: its terms for care elsewhere have their own cut in them (蚌埠's 市外转诊 45%, then cut again
            // for a 淮南 referral to 35%; helper-50).
            .filter(|_| {
                region.is_none_or(|code| {
                    crate::region::resolve(p, &q.insured.region, "").is_ok_and(|r| r.code == code)
                })
            })
            .and_then(|_| {
                if home_at_referral {
                    return Some(Outside::Province);
                }
                let long_term = q
                    .filing
                    .iter()
                    .chain(q.filings.iter().flatten())
                    .any(|f| f.category == FilingCategory::LongTerm);
                (!long_term).then(|| visit_outside(p, q)).flatten()
            }),
    };
    let mut b = Benefits::default();
    let o = &q.overrides;

    let default_per = if kind == VisitKind::Inpatient {
        DeductiblePer::Admission
    } else {
        DeductiblePer::Year
    };
    b.deductible = match o.deductible {
        Some(amount) => {
            let per = o.deductible_per.unwrap_or(default_per);
            Some(Figure::overridden(DeductibleFigure {
                per,
                amount,
                fresh: amount,
                year_limit: None,
            }))
        }
        None => version
            .and_then(|v| pick(v, &key, gives_deductible, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| {
                let rule = row.deductible.as_ref()?;
                let n = q.history.admissions as usize;
                let amount = match rule.per {
                    DeductiblePer::Admission => {
                        rule.amounts.get(n).or(rule.amounts.last()).copied()?
                    }
                    DeductiblePer::Year => rule.amounts.first().copied()?,
                };
                let per = o.deductible_per.unwrap_or(rule.per);
                Some(fig.with(DeductibleFigure {
                    per,
                    amount,
                    fresh: rule.amounts.first().copied().unwrap_or(amount),
                    year_limit: rule.year_limit.filter(|_| per == DeductiblePer::Admission),
                }))
            }),
    };

    b.ratio = if let Some(segments) = &o.segments {
        let basis = o.segment_basis.unwrap_or(SegmentBasis::CumulativeEligible);
        Some(Figure::overridden(RatioSpec::Bands {
            segments: segments.clone(),
            basis,
        }))
    } else if let Some(r) = o.ratio {
        Some(Figure::overridden(RatioSpec::Flat(r)))
    } else {
        version
            .and_then(|v| pick(v, &key, gives_ratio, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| match (&row.segments, row.ratio) {
                (Some(s), _) => Some(
                    fig.with(RatioSpec::Bands {
                        segments: s.clone(),
                        basis: row
                            .segment_basis
                            .unwrap_or(SegmentBasis::CumulativeEligible),
                    }),
                ),
                (None, Some(r)) => Some(fig.with(RatioSpec::Flat(r))),
                (None, None) => None,
            })
    };

    b.annual_cap = match o.annual_cap {
        Some(amount) => Some(Figure::overridden(CapRule {
            amount,
            basis: o.annual_cap_basis.unwrap_or(CapBasis::Fund),
        })),
        None => version
            .and_then(|v| pick(v, &key, gives_annual_cap, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| row.annual_cap.clone().map(|c| fig.with(c))),
    };

    // R5.6f: an entered list of layers replaces the data's layers and second layer; an entered second layer (the
    // one-layer form) replaces both as well.
    b.second_layer = match (&o.layers, &o.second_layer) {
        (Some(_), _) => None,
        (None, Some(sl)) => Some(Figure::overridden(sl.clone())),
        (None, None) => version
            .and_then(|v| pick(v, &key, gives_second_layer, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| row.second_layer.clone().map(|s| fig.with(s))),
    };
    b.layers = match (&o.layers, &o.second_layer) {
        (Some(l), _) => Some(Figure::overridden(l.clone())),
        (None, Some(_)) => None,
        (None, None) => version
            .and_then(|v| pick(v, &key, gives_layers, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| row.layers.clone().map(|l| fig.with(l))),
    };
    b.quota = match &o.quota {
        Some(quota) => Some(Figure::overridden(quota.clone())),
        None => version
            .and_then(|v| pick(v, &key, gives_quota, &mut b, with_sources, deciding))
            .and_then(|(row, fig)| row.quota.clone().map(|x| fig.with(x))),
    };
    b.stay = stay_rule(q, version, &key, &mut b, with_sources);

    if b.ratio.is_none() && kind == VisitKind::Pharmacy && version.is_none() {
        // Residents have no personal account (R5.6e): the account is named to employees only (helper-43).
        let employee = q.insured.scheme == crate::query::Scheme::Employee;
        let (account, account_en) = if employee {
            ("（个人账户可支付）", " (the personal account may pay)")
        } else {
            ("", "")
        };
        warn_with(&mut warnings, || {
            Warning::new(
                "pharmacy_pooling_unknown",
                format!("药店购药的统筹支付政策未收录，按统筹基金不支付估算{account}；如参保地有门诊统筹，请填写比例"),
                format!("Pooled-fund payment for pharmacy purchases is not on file: assumed nil{account_en}; enter a ratio if your region pays"),
            )
        });
        b.ratio = Some(Figure::assumed(RatioSpec::Flat(Rate::ZERO)));
        b.assumed.push("ratio");
        if b.deductible.is_none() {
            b.deductible = Some(Figure::assumed(DeductibleFigure {
                per: DeductiblePer::Year,
                amount: Money::default(),
                fresh: Money::default(),
                year_limit: None,
            }));
            b.assumed.push("deductible");
        }
    }
    if let Some((start, None)) = b.stay.as_ref().and_then(|s| s.value.crosses) {
        warn_with(&mut warnings, || {
            Warning::new(
                "stay_crosses_benefit_year",
                format!("住院跨越医保年度（新年度自 {start} 起）：参保地如何结算未收录，按较稳妥的读法多计一次新年度起付线，年度限额仍按入院年度计算；实际可能少付一次起付线"),
                format!("The stay runs into a new benefit year (from {start}); how your region settles it is not on file, so the safe reading was taken: the new year's deductible is added once and the admission year's cap applies. You may pay one deductible less"),
            )
        });
    }
    // (When no row applies without the age, the figure is missing and the person is asked for it instead.) Only where
    // warnings are kept: the stand-in regions' figures (figures_of) are worked out without them, a few dozen times.
    if let (Some(v), None, true) = (version, key.age, warnings.is_some()) {
        if b.missing_path != Some(Detail::Age) && age_would_choose(v, &key, o) {
            warn_with(&mut warnings, || {
                Warning::new(
                    "age_not_given",
                    "参保地按年龄分档确定比例或起付线，未填写年龄：按不分年龄的标准估算，实际可能不同；请填写年龄（周岁）",
                    "Your insured region sets its figures by age, and no age was given: the figures for any age were used, and yours may differ; enter the age (years)",
                )
            });
        }
    }
    if b.deductible.is_none() {
        b.missing.push("deductible");
    }
    if b.ratio.is_none() {
        b.missing.push("ratio");
    }
    // Said when the region's own figures, or those the person entered, leave the cap unknown and nothing else: with
    // a figure missing, the estimate is a range over regions on file, whose own caps apply (typical.rs), and its
    // words say so.
    let figures_given = version.is_some()
        || q.overrides.deductible.is_some()
        || q.overrides.ratio.is_some()
        || q.overrides.segments.is_some();
    if figures_given && b.annual_cap.is_none() && b.missing.is_empty() {
        warn_with(&mut warnings, annual_cap_unknown);
    }
    b
}

/// The region's own figures leave the annual cap unknown (also said of a range over its own figures, typical.rs).
pub(crate) fn annual_cap_unknown() -> Warning {
    Warning::new(
        "annual_cap_unknown",
        "年度最高支付限额未收录，未按封顶线计算；如已知请填写",
        "The annual cap is not on file and was not applied; enter it if known",
    )
}

fn warn_with(warnings: &mut Option<&mut Vec<Warning>>, w: impl FnOnce() -> Warning) {
    if let Some(warnings) = warnings.as_deref_mut() {
        warnings.push(w());
    }
}

/// R5.7: the further deductibles of a long inpatient stay. A stay is split when the region's data says so (every so
/// many days); a stay that runs into a new benefit year (January, or the region's own start month) pays the new year's
/// deductible too unless the data says the region settles it as one stay.
fn stay_rule(
    q: &Query,
    version: Option<&ScheduleVersion>,
    key: &Key,
    b: &mut Benefits,
    with_sources: bool,
) -> Option<Figure<StayRule>> {
    let v = &q.visit;
    let (admission, discharge) = match (q.visit.kind, v.admission, v.discharge) {
        (VisitKind::Inpatient, Some(a), Some(d)) if d > a => (a, d),
        _ => return None,
    };
    let found = version.and_then(|v| pick(v, key, gives_long_stay, b, with_sources, false));
    let rule = found.as_ref().and_then(|(row, _)| row.long_stay.clone());
    let start_month = version
        .and_then(|v| v.benefit_year_start_month)
        .filter(|m| (1..=12).contains(m))
        .unwrap_or(1);
    let year_start = |y: i32| NaiveDate::from_ymd_opt(y, start_month, 1);
    let next_start = year_start(admission.year())
        .filter(|d| *d > admission)
        .or_else(|| year_start(admission.year().checked_add(1)?))?;
    let crosses = (discharge >= next_start)
        .then(|| (next_start, rule.as_ref().and_then(|r| r.year_crossing)));
    let days = (discharge - admission).num_days();
    let splits = rule
        .as_ref()
        .and_then(|r| r.split_every_days)
        .filter(|n| *n > 0)
        .and_then(|n| {
            let further = u32::try_from((days - 1) / i64::from(n)).ok()?;
            (further > 0).then_some((n, further))
        });
    let value = StayRule { splits, crosses };
    if value == StayRule::default() {
        return None;
    }
    Some(match found {
        Some((_, fig)) => fig.with(value),
        None => Figure {
            value,
            source_ids: Vec::new(),
            overridden: false,
            from: None,
            last_verified: None,
        },
    })
}

impl Benefits {
    /// The error for the first missing figure, pointing at where to enter it.
    pub fn missing_error(&self) -> Option<Error> {
        let name = self.missing.first()?;
        if let Some(path) = self.missing_path {
            return Some(Error::at(ErrorCode::MissingField, path.path()));
        }
        let (zh, en) = match *name {
            "deductible" => ("起付线", "the deductible"),
            _ => ("统筹基金支付比例", "the fund ratio"),
        };
        Some(Error::missing_parameter(
            &format!("overrides.{name}"),
            zh,
            en,
        ))
    }
}

/// Where the visit is, seen from the insured region (R3.1a): at home (`None`), elsewhere in its province, or outside
/// it. A region either text does not name counts as at home (no row for elsewhere is taken on a guess).
fn visit_outside(p: &Policies, q: &Query) -> Option<Outside> {
    let insured = crate::region::resolve(p, &q.insured.region, "").ok()?;
    let visit = crate::region::resolve(p, &q.visit.region, "").ok()?;
    if insured.code == visit.code {
        None
    } else if insured.province == visit.province {
        Some(Outside::City)
    } else {
        Some(Outside::Province)
    }
}

/// Whether the visit is outside the insured region's province (both regions known).
fn outside_province(p: &Policies, q: &Query) -> bool {
    visit_outside(p, q) == Some(Outside::Province)
}

/// A city that does not distinguish 社区 from 一级 prices community visits at its primary level.
fn effective_level(v: &ScheduleVersion, level: Option<Level>) -> Option<Level> {
    match level {
        Some(Level::Community) if !v.rows.iter().any(|r| r.level == Some(Level::Community)) => {
            Some(Level::Primary)
        }
        other => other,
    }
}

struct Provenance<'a> {
    version: &'a ScheduleVersion,
    row: &'a Row,
    /// Whether the figure carries its source ids (not for a stand-in's amounts).
    with_sources: bool,
}

impl Provenance<'_> {
    fn with<T>(&self, value: T) -> Figure<T> {
        let ids = if !self.with_sources {
            Vec::new()
        } else {
            self.row
                .sources
                .clone()
                .unwrap_or_else(|| self.version.sources.clone())
        };
        Figure {
            value,
            source_ids: ids,
            overridden: false,
            from: Some(self.version.from),
            last_verified: Some(self.version.last_verified),
        }
    }
}

/// The most specific matching row that gives a parameter; ties go to the first in the file. When rows exist only for
/// a status or level the query did not give, records where to give it; `deciding` (the insured region's figures, or a
/// stand-in's in a range), also when a row for anyone would give way to another once the status, age or tier is given.
fn pick<'a>(
    v: &'a ScheduleVersion,
    key: &Key,
    gives: fn(&Row) -> bool,
    b: &mut Benefits,
    with_sources: bool,
    deciding: bool,
) -> Option<(&'a Row, Provenance<'a>)> {
    let gives = |r: &&Row| gives(r);
    let best_for = |key: &Key| {
        v.rows
            .iter()
            .filter(gives)
            .filter(|r| matches(r, key))
            .enumerate()
            .max_by_key(|(i, r)| (specificity(r), std::cmp::Reverse(*i)))
            .map(|(_, r)| r)
    };
    let mut best = best_for(key);
    // A row for any status or age that a more specific row would replace once the status or age is given (武汉: 86%
    // for anyone, 88.8% for retirees): the insured region's figure depends on the detail, so it is not taken for it.
    // The estimate is then the range over the detail's values (typical::variants), as where no row applies without
    // it. (Figures read without `deciding`, a stand-in's slip shown or a detail's values walked, take the row for anyone.)
    if let (Some(row), None, true) = (best, b.missing_path.as_ref(), deciding) {
        let chosen = |k: Key| best_for(&k).is_some_and(|r| !std::ptr::eq(r, row));
        // The first detail not given whose value would choose another row: the status, the age, then the contribution
        // tier (R5.6g; helper-57: 青岛's 二档 55% shown as the city's own to a 一档 payer at 70%).
        let decides = if key.status.is_none()
            && v.rows.iter().any(|r| r.status.is_some())
            && [Status::Employed, Status::Retired].into_iter().any(|s| {
                chosen(Key {
                    status: Some(s),
                    ..*key
                })
            }) {
            Some(Detail::Status)
        } else if key.age.is_none()
            && v.rows
                .iter()
                .any(|r| r.age_min.is_some() || r.age_max.is_some())
            && ages_to_try(&v.rows).any(|a| {
                chosen(Key {
                    age: Some(a),
                    ..*key
                })
            })
        {
            Some(Detail::Age)
        } else if key.tier.is_none()
            && v.rows.iter().any(|r| r.tier.is_some())
            && [Tier::Higher, Tier::Lower].into_iter().any(|t| {
                chosen(Key {
                    tier: Some(t),
                    ..*key
                })
            })
        {
            Some(Detail::Tier)
        } else {
            None
        };
        if let Some(path) = decides {
            b.missing_path = Some(path);
            best = None;
        }
    }
    if best.is_none() && b.missing_path.is_none() {
        let needs = |f: fn(&Row) -> bool| v.rows.iter().filter(gives).any(f);
        if key.level.is_none() && needs(|r| r.level.is_some()) {
            b.missing_path = Some(Detail::HospitalLevel);
        } else if key.status.is_none() && needs(|r| r.status.is_some()) {
            b.missing_path = Some(Detail::Status);
        } else if key.age.is_none() && needs(|r| r.age_min.is_some() || r.age_max.is_some()) {
            b.missing_path = Some(Detail::Age);
        } else if key.tier.is_none() && needs(|r| r.tier.is_some()) {
            b.missing_path = Some(Detail::Tier);
        }
    }
    best.map(|row| {
        (
            row,
            Provenance {
                version: v,
                row,
                with_sources,
            },
        )
    })
}

/// The ages that tell a version's age bands apart: each band's bounds, and 0 and 100 (the typical module works out the
/// figures for each when the age is not given; `pick` asks whether any of them would choose another row).
pub(crate) fn ages_to_try(rows: &[Row]) -> impl Iterator<Item = u32> + '_ {
    rows.iter()
        .flat_map(|r| [r.age_min, r.age_max])
        .flatten()
        .chain([0, 100])
}

// Whether a row gives a parameter (those `validate::row_params` lists by name).
fn gives_deductible(r: &Row) -> bool {
    r.deductible.is_some()
}
fn gives_ratio(r: &Row) -> bool {
    r.ratio.is_some() || r.segments.is_some()
}
fn gives_annual_cap(r: &Row) -> bool {
    r.annual_cap.is_some()
}
fn gives_second_layer(r: &Row) -> bool {
    r.second_layer.is_some()
}
fn gives_layers(r: &Row) -> bool {
    r.layers.is_some()
}
fn gives_quota(r: &Row) -> bool {
    r.quota.is_some()
}
fn gives_long_stay(r: &Row) -> bool {
    r.long_stay.is_some()
}

fn matches(r: &Row, k: &Key) -> bool {
    let status = r.status.is_none_or(|s| Some(s) == k.status);
    let level = r.level.is_none_or(|l| Some(l) == k.level);
    let age = match (r.age_min, r.age_max, k.age) {
        (None, None, _) => true,
        (_, _, None) => false,
        (lo, hi, Some(a)) => lo.is_none_or(|lo| a >= lo) && hi.is_none_or(|hi| a <= hi),
    };
    let tier = r.tier.is_none_or(|t| Some(t) == k.tier);
    let disease = r.disease.as_deref().is_none_or(|d| Some(d) == k.disease);
    let place = match r.outside {
        None => true,
        Some(Outside::City) => k.outside.is_some(),
        Some(Outside::Province) => k.outside == Some(Outside::Province),
    };
    status && level && age && tier && disease && place
}

/// Whether a row of the version sets a figure by age that would apply to this query once its age is known (R3.1: the
/// insured region's figures for the person's age), for a figure not entered by hand.
fn age_would_choose(v: &ScheduleVersion, key: &Key, o: &Overrides) -> bool {
    v.rows.iter().any(|r| {
        let banded = r.age_min.is_some() || r.age_max.is_some();
        let some_age = Key {
            age: Some(r.age_min.unwrap_or(0)),
            ..*key
        };
        let used = (gives_ratio(r) && o.ratio.is_none() && o.segments.is_none())
            || (gives_deductible(r) && o.deductible.is_none())
            || (gives_annual_cap(r) && o.annual_cap.is_none());
        banded && used && matches(r, &some_age)
    })
}

fn specificity(r: &Row) -> u8 {
    // A row for visits elsewhere outranks every row by level, status and age (大理: 州外 900/50% whatever the level),
    // and one for outside the province outranks one for outside the city (蚌埠: 市外 2000, 省外 2500).
    let place = match r.outside {
        None => 0,
        Some(Outside::City) => 8,
        Some(Outside::Province) => 9,
    };
    place
        + u8::from(r.disease.is_some())
        + u8::from(r.status.is_some())
        + u8::from(r.level.is_some())
        + u8::from(r.age_min.is_some() || r.age_max.is_some())
        + u8::from(r.tier.is_some())
}
