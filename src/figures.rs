//! The figures an estimate uses, as the person sees them (ParameterUsed): value in words, the raw figure, its sources,
//! basis and dates; the class-B rate of the catalogue region; the cross-region adjustment in words.

use crate::benefit::{Benefits, Figure, RatioSpec};
use crate::estimate::{self, ParameterUsed, RawFigure};
use crate::money::{self, Rate};
use crate::policy::Since;
use crate::query::{self, Adjustment, DeductiblePer, RatioChange};
use crate::{settlement, Message, Policies, Query};

/// The class-B pre-payment rate a bill's class-B cost is charged at: the one entered, else the catalogue region's.
/// Where that region's is not on file and the bill has class-B cost without a rate of its own, the highest rate on
/// file stands in (§5.5: no national percentage; the places on file run from 深圳's 1% to 10%): the person's share errs
/// high, never low, and `typical` says so, with the lowest and highest on file.
pub(crate) struct ClassB {
    pub figure: Figure<Rate>,
    /// Standing in for the catalogue region's own: the lowest and highest rates on file.
    pub typical: Option<(Rate, Rate)>,
}

impl ClassB {
    /// The figure when it is the catalogue region's own (or entered): another place's, standing in, is not the
    /// person's to check, and its warning says so.
    pub fn own(&self) -> Option<&Figure<Rate>> {
        self.typical.is_none().then_some(&self.figure)
    }
}

pub(crate) fn class_b_figure(
    p: &Policies,
    q: &Query,
    catalogue_region: &str,
    on: chrono::NaiveDate,
) -> Option<ClassB> {
    if let Some(r) = q.overrides.class_b_prepay_rate {
        return Some(ClassB {
            figure: Figure {
                value: r,
                source_ids: Vec::new(),
                overridden: true,
                from: None,
                last_verified: None,
            },
            typical: None,
        });
    }
    let figure = |v: &crate::policy::CatalogueVersion| Figure {
        value: v.class_b_prepay_rate,
        source_ids: v.sources.clone(),
        overridden: false,
        from: Some(v.from),
        last_verified: Some(v.last_verified),
    };
    if let Some(v) = p.class_b_rate(catalogue_region, q.insured.scheme, on) {
        return Some(ClassB {
            figure: figure(v),
            typical: None,
        });
    }
    if !crate::slip::needs_catalogue_rate(&q.bill) {
        return None;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut on_file: Vec<&crate::policy::CatalogueVersion> = Vec::new();
    for c in &p.catalogues {
        if seen.contains(&c.region.as_str()) {
            continue;
        }
        seen.push(&c.region);
        on_file.extend(p.class_b_rate(&c.region, q.insured.scheme, on));
    }
    let low = on_file.iter().map(|v| v.class_b_prepay_rate).min()?;
    // The first of the highest, in the data's order.
    let high = on_file.iter().map(|v| v.class_b_prepay_rate).max()?;
    let v = on_file.iter().find(|v| v.class_b_prepay_rate == high)?;
    Some(ClassB {
        figure: figure(v),
        typical: Some((low, high)),
    })
}

/// The figures used, as [`parameters_used`] lists them, with the class-B rate marked where another place's stood in.
pub(crate) fn parameters(
    p: &Policies,
    b: &Benefits,
    class_b: Option<&ClassB>,
    decision: &settlement::Decision,
    warnings: &mut Vec<crate::estimate::Warning>,
) -> Vec<ParameterUsed> {
    let mut out = parameters_used(
        p,
        b,
        class_b.map(|c| &c.figure),
        decision.adjustment.as_ref(),
    );
    mark_class_b(p, class_b, &decision.catalogue_region, &mut out, warnings);
    if let Some(a) = decision.adjustment.as_ref().filter(|a| a.province_wide) {
        for x in out.iter_mut().filter(|x| x.name == "adjustment") {
            x.basis = estimate::Basis::Province;
        }
        let d = describe_adjustment(&a.adjustment);
        warnings.push(crate::estimate::Warning::new(
            "adjustment_province_wide",
            format!("异地待遇调整（{}）按全省的规定估算；参保地本市的做法可能不同（有的城市不降低），请向参保地医保部门核实", d.zh),
            format!("The cross-region adjustment ({}) is the province's rule, used for the insured city; the city's own practice may differ (some cut nothing): ask your insurer", d.en),
        ));
    }
    out
}

/// The class-B rate's parameter, where another place's rate stood in: marked typical, with the span on file, and the
/// warning that says so.
fn mark_class_b(
    p: &Policies,
    class_b: Option<&ClassB>,
    catalogue_region: &str,
    parameters: &mut [ParameterUsed],
    warnings: &mut Vec<crate::estimate::Warning>,
) {
    let Some((low, high)) = class_b.and_then(|c| c.typical) else {
        return;
    };
    for x in parameters
        .iter_mut()
        .filter(|x| x.name == "class_b_prepay_rate")
    {
        x.basis = estimate::Basis::Typical;
        x.value = msg!(
            format!("{high}（未收录，按已收录地区最高的比例估算；各地 {low}–{high}）"),
            format!("{high} (not on file: the highest on file; they run from {low} to {high})"),
        );
        x.typical = Some(crate::estimate::Span {
            low: low.to_string(),
            high: high.to_string(),
        });
    }
    let place = p.region(catalogue_region);
    let zh_place = place.map_or(catalogue_region, |r| r.name.as_str());
    let en_place = place
        .map(|r| r.name_en.as_deref().unwrap_or(&r.name))
        .unwrap_or(catalogue_region);
    warnings.push(crate::estimate::Warning::new(
        "class_b_rate_typical",
        format!("{zh_place}的乙类先行自付比例未收录：按已收录地区中最高的 {high} 估算（各地 {low}–{high} 不等），个人负担可能算多了；知道比例的请填写"),
        format!("{en_place}'s class-B pre-payment rate is not on file: the highest on file, {high}, was used (they run from {low} to {high}), so your share may be overstated; enter the rate if you know it"),
    ));
}

pub(crate) fn parameters_used<'a>(
    p: &Policies,
    b: &'a Benefits,
    class_b: Option<&'a Figure<Rate>>,
    adjustment: Option<&'a settlement::ChosenAdjustment>,
) -> Vec<ParameterUsed> {
    let mut out: Vec<ParameterUsed> = Vec::with_capacity(6);
    // The figures of one schedule row share their sources: looked up once, copied to each figure that cites them.
    let mut cited: Vec<&'a [String]> = Vec::with_capacity(6);
    let mut add = |name: &'static str,
                   zh: &'static str,
                   en: &'static str,
                   value: Message,
                   raw: RawFigure,
                   f: Provenance<'a>| {
        let sources = match cited.iter().position(|ids| *ids == f.ids) {
            Some(i) => out.get(i).map(|x| x.sources.clone()).unwrap_or_default(),
            None => p.source_refs(f.ids),
        };
        cited.push(f.ids);
        out.push(ParameterUsed {
            name,
            label: msg!(zh, en),
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
            // A figure resting on undated pages only has no start of a source's, whatever its version's (helper-57:
            // 哈尔滨's deductible, from an undated page, showed the 2022 date of the page that gave the ratio).
            from: f.from.map(|d| match d {
                Since::On(_)
                    if crate::policy::first_seen_if_start_unknown(p, f.from, f.ids).is_some() =>
                {
                    Since::UNKNOWN.to_string()
                }
                Since::On(d) => money::date::format(d),
                Since::Unknown => Since::UNKNOWN.to_string(),
            }),
            last_verified: f.last_verified.map(money::date::format),
        })
    };
    if let Some(d) = &b.deductible {
        let (per, per_en) = match d.value.per {
            DeductiblePer::Admission => ("每次住院", "per admission"),
            DeductiblePer::Year => ("每年度", "per year"),
        };
        let raw = RawFigure::Deductible {
            amount: d.value.amount,
            per: d.value.per,
        };
        add(
            "deductible",
            "起付线",
            "Deductible",
            msg!(
                format!("{}（{per}）", d.value.amount),
                format!("{} ({per_en})", d.value.amount),
            ),
            raw,
            Provenance::of(d),
        );
    }
    if let Some(r) = &b.ratio {
        let (value, raw) = match &r.value {
            RatioSpec::Flat(x) => (
                msg!(x.to_string(), x.to_string()),
                RawFigure::Ratio { ratio: *x },
            ),
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
        let (basis, basis_en) = match c.value.basis {
            query::CapBasis::Fund => ("基金年度支付", "paid by the fund in a year"),
            query::CapBasis::Eligible => ("年度政策范围内费用", "eligible cost in a year"),
        };
        let raw = RawFigure::Cap {
            amount: c.value.amount,
            basis: c.value.basis,
        };
        add(
            "annual_cap",
            "年度最高支付限额",
            "Annual cap",
            msg!(
                format!("{}（{basis}）", c.value.amount),
                format!("{} ({basis_en})", c.value.amount),
            ),
            raw,
            Provenance::of(c),
        );
    }
    if let Some(s) = &b.second_layer {
        let (cap, cap_en) = s
            .value
            .cap
            .map_or(("不封顶".to_string(), "no cap".to_string()), |c| {
                (format!("封顶 {c}"), format!("cap {c}"))
            });
        let bands = bands_text(&s.value.segments);
        let value = msg!(
            format!("起付 {}；{}；{cap}", s.value.threshold, bands.zh),
            format!("threshold {}; {}; {cap_en}", s.value.threshold, bands.en),
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
    if let Some(l) = &b.layers {
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for x in &l.value {
            let (cap, cap_en) = x
                .cap
                .map_or(("不封顶".to_string(), "no cap".to_string()), |c| {
                    (format!("封顶 {c}"), format!("cap {c}"))
                });
            let (on, on_en) = match x.applies_to {
                query::SecondLayerBase::PatientShare => ("个人负担", "on your share"),
                query::SecondLayerBase::AboveBasicCap => {
                    ("基本医保封顶线以上", "above the basic cap")
                }
            };
            let name = crate::slip::label(crate::slip::layer_key(x.kind));
            let bands = bands_text(&x.segments);
            zh.push(format!(
                "{}：{on}，起付 {}；{}；{cap}",
                name.zh, x.threshold, bands.zh
            ));
            en.push(format!(
                "{}: {on_en}, threshold {}; {}; {cap_en}",
                name.en, x.threshold, bands.en
            ));
        }
        add(
            "layers",
            "基本医保以上的各层保障",
            "Layers above the basic fund",
            msg!(zh.join(" / "), en.join(" / ")),
            RawFigure::Layers(l.value.clone()),
            Provenance::of(l),
        );
    }
    if let Some(qf) = &b.quota {
        let q = &qf.value;
        let (period, period_en) = match q.period {
            query::QuotaPeriod::Month => ("每月", "a month"),
            query::QuotaPeriod::Year => ("每年", "a year"),
        };
        let (basis, basis_en) = match q.basis {
            query::CapBasis::Fund => ("基金支付", "paid by the fund"),
            query::CapBasis::Eligible => ("政策范围内费用", "eligible cost"),
        };
        add(
            "quota",
            "限额（定额）",
            "Quota",
            msg!(
                format!("{}（{period}，{basis}）", q.amount),
                format!("{} ({period_en}, {basis_en})", q.amount),
            ),
            RawFigure::Quota(q.clone()),
            Provenance::of(qf),
        );
    }
    if let Some(c) = class_b {
        let raw = RawFigure::Rate { rate: c.value };
        add(
            "class_b_prepay_rate",
            "乙类先行自付比例（就医地目录）",
            "Class-B pre-payment rate",
            msg!(c.value.to_string(), c.value.to_string()),
            raw,
            Provenance::of(c),
        );
    }
    if let Some(a) = adjustment {
        let f = Provenance::of_adjustment(a);
        let value = describe_adjustment(&a.adjustment);
        add(
            "adjustment",
            "异地待遇调整",
            "Cross-region adjustment",
            value,
            RawFigure::Adjustment(a.adjustment.clone()),
            f,
        );
    }
    // The national maximum cut standing in for one the insured region has not published (R3.3).
    if let Some(a) = adjustment.filter(|a| a.assumed) {
        for used in out.iter_mut().filter(|u| u.name == "adjustment") {
            used.basis = estimate::Basis::Assumed;
            let (why, why_en) = if a.assumed_within {
                (
                    "参保地未公布；省内异地没有全国上限，按跨省异地的国家最大降幅估算",
                    "not published by the insured region: no national cap governs visits within a province, the cross-province maximum is assumed",
                )
            } else {
                (
                    "参保地未公布，按国家允许的最大降幅估算",
                    "not published by the insured region: the national maximum",
                )
            };
            used.value = msg!(
                format!("{}（{why}）", used.value.zh),
                format!("{} ({why_en})", used.value.en),
            );
        }
    }
    for used in out.iter_mut().filter(|u| b.assumed.contains(&u.name)) {
        used.basis = estimate::Basis::Assumed;
        used.value = msg!(
            format!("{}（未收录，按此估算）", used.value.zh),
            format!("{} (not on file; assumed)", used.value.en),
        );
    }
    out
}

pub(crate) struct Provenance<'a> {
    pub(crate) ids: &'a [String],
    pub(crate) overridden: bool,
    pub(crate) from: Option<Since>,
    pub(crate) last_verified: Option<chrono::NaiveDate>,
}

impl<'a> Provenance<'a> {
    pub(crate) fn of_adjustment(a: &'a settlement::ChosenAdjustment) -> Provenance<'a> {
        Provenance {
            ids: &a.source_ids,
            overridden: a.overridden,
            from: a.from,
            last_verified: a.last_verified,
        }
    }

    pub(crate) fn of<T>(f: &'a Figure<T>) -> Provenance<'a> {
        Provenance {
            ids: &f.source_ids,
            overridden: f.overridden,
            from: f.from,
            last_verified: f.last_verified,
        }
    }
}

pub(crate) fn bands_text(segments: &[query::Segment]) -> Message {
    let band = |s: &query::Segment, above: &str| match s.up_to {
        Some(u) => format!("≤{u} {}", s.ratio),
        None => format!("{above} {}", s.ratio),
    };
    let zh: Vec<String> = segments.iter().map(|s| band(s, "其上")).collect();
    let en: Vec<String> = segments.iter().map(|s| band(s, "above")).collect();
    msg!(zh.join("；"), en.join("; "))
}

/// The adjustment's `op` and figure, read from its wire form rather than matched again here.
pub(crate) fn op_and_value(a: &Adjustment) -> (&'static str, Option<String>) {
    let spec = query::AdjustmentSpec::from(a.clone());
    let rate = |r: Rate| r.0.normalize().to_string();
    let value = spec
        .value
        .map(rate)
        .or(spec.amount.map(|m| m.to_string()))
        .or(spec.share.map(rate));
    (spec.op.as_str(), value)
}

pub(crate) fn describe_adjustment(a: &Adjustment) -> Message {
    use estimate::points;
    match a {
        Adjustment::None => {
            msg!("按参保地本地标准，不降低", "Home-region standard, no cut")
        }
        Adjustment::PpReduction { value } => msg!(
            format!("支付比例降低 {} 个百分点", points(*value)),
            format!("Ratio cut by {} points", points(*value)),
        ),
        Adjustment::Multiplier { value } => msg!(
            format!("支付比例按本地标准的 {value} 计算"),
            format!("Ratio at {value} of the local standard"),
        ),
        Adjustment::Ratio { value } => msg!(
            format!("支付比例为 {value}（不论医院级别）"),
            format!("Ratio {value} (at any hospital level)"),
        ),
        Adjustment::PrepayShare { value } => msg!(
            format!("个人先行自付 {value} 后再按规定报销"),
            format!("You first pay {value}, then the usual rules apply"),
        ),
        Adjustment::DeductibleOverride {
            amount,
            share,
            min,
            max,
            then,
        } => {
            let bounds = format!(
                "{}–{}",
                min.map_or("-".into(), |m| m.to_string()),
                max.map_or("-".into(), |m| m.to_string())
            );
            let (text, text_en) = match (amount, share) {
                (Some(m), _) => (format!("{m}"), format!("{m}")),
                (None, Some(s)) => (
                    format!("总费用的 {s}（{bounds}）"),
                    format!("{s} of the total ({bounds})"),
                ),
                _ => ("-".into(), "-".into()),
            };
            let (zh, en) = match then {
                None => (String::new(), String::new()),
                Some(RatioChange::PpReduction(v)) => (
                    format!("；支付比例降低 {} 个百分点", points(*v)),
                    format!("; ratio cut by {} points", points(*v)),
                ),
                Some(RatioChange::Multiplier(v)) => (
                    format!("；支付比例按本地标准的 {v} 计算"),
                    format!("; ratio at {v} of the local standard"),
                ),
                Some(RatioChange::Set(v)) => (
                    format!("；支付比例为 {v}（不论医院级别）"),
                    format!("; ratio {v} (at any hospital level)"),
                ),
            };
            msg!(
                format!("异地起付标准：{text}{zh}"),
                format!("Cross-region deductible: {text_en}{en}"),
            )
        }
        Adjustment::NotCovered => msg!(
            "此类别的本类就医医保不支付",
            "Not covered for this category",
        ),
    }
}
