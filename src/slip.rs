//! The settlement slip (结算单): the bill split by the catalogue (就医地目录, R3.1), then the insured region's
//! deductible, ratio or bands, annual cap and second layer (参保地政策), in the order of policy-rules.md §5.3.
//! Every line carries its formula. Amounts are rounded to the fen once each; derived lines are exact differences, so
//! the parts always add up to the total.

use crate::benefit::{Benefits, Figure, RatioSpec};
use crate::error::{Error, ErrorCode, Message};
use crate::estimate::{Payer, Route, SlipLine, Warning};
use crate::money::{Money, Rate, ZERO};
use crate::policy::Policies;
use crate::query::{
    Adjustment, Bill, CapBasis, DeductiblePer, History, LineClass, SecondLayerBase,
    SecondLayerBasis, Segment, SegmentBasis,
};
use crate::settlement::ChosenAdjustment;
use rust_decimal::Decimal;

#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub bill: &'a Bill,
    pub class_b_rate: Option<&'a Figure<Rate>>,
    pub benefits: &'a Benefits,
    pub adjustment: Option<&'a ChosenAdjustment>,
    pub history: &'a History,
    pub account_balance: Option<Money>,
    /// Residents have no personal account (R5.6e).
    pub has_account: bool,
    pub route: Route,
}

pub struct Slip {
    pub lines: Vec<SlipLine>,
    pub fund: Money,
    pub second_layer: Money,
    pub patient: Money,
    pub account: Money,
    pub cash: Money,
}

/// The bill as the catalogue splits it (§5.3 step 1).
#[derive(Debug)]
pub struct Split {
    pub total: Money,
    pub out_of_catalogue: Money,
    pub over_limit: Money,
    pub class_b_prepay: Money,
    total_formula: Message,
    prepay_formula: Message,
    /// Whether the catalogue's class-B rate was used (for its sources).
    used_catalogue_rate: bool,
}

pub fn split(bill: &Bill, rate: Option<&Figure<Rate>>) -> Result<Split, Error> {
    match &bill.lines {
        Some(lines) => split_lines(bill, lines, rate),
        None => split_totals(bill, rate),
    }
}

fn need_rate(rate: Option<&Figure<Rate>>, path: &str) -> Result<Rate, Error> {
    rate.map(|f| f.value).ok_or_else(|| {
        Error::missing_parameter(path, "乙类先行自付比例", "the class-B pre-payment rate")
    })
}

fn split_lines(
    bill: &Bill,
    lines: &[crate::query::Line],
    rate: Option<&Figure<Rate>>,
) -> Result<Split, Error> {
    let mut s = Split {
        total: ZERO,
        out_of_catalogue: ZERO,
        over_limit: ZERO,
        class_b_prepay: ZERO,
        total_formula: math(String::new()),
        prepay_formula: math(String::new()),
        used_catalogue_rate: false,
    };
    let mut prepay_terms = Vec::new();
    let mut prepay_count = 0usize;
    // Totals given beside the lines are checked against them, never ignored; a class-B rate given for the whole bill
    // is the rate of its class-B lines that name none.
    let bill_rate = bill.class_b.as_ref().and_then(|b| b.prepay_rate);
    let mut class_b_base = ZERO;
    for (i, l) in lines.iter().enumerate() {
        s.total = s
            .total
            .checked_add(l.amount)
            .ok_or_else(|| Error::at(ErrorCode::InvalidAmount, "bill.lines"))?;
        let over = l.over_limit.unwrap_or(ZERO);
        if over > l.amount {
            return Err(Error::at(
                ErrorCode::PartsExceedTotal,
                format!("bill.lines[{i}].over_limit"),
            ));
        }
        match l.class {
            LineClass::C => s.out_of_catalogue += l.amount,
            LineClass::A => s.over_limit += over,
            LineClass::B => {
                s.over_limit += over;
                let r = match l.prepay_rate.or(bill_rate) {
                    Some(r) => r,
                    None => {
                        s.used_catalogue_rate = true;
                        need_rate(rate, &format!("bill.lines[{i}].prepay_rate"))?
                    }
                };
                let base = l.amount - over;
                class_b_base += base;
                let pre = base.times(r).round();
                s.class_b_prepay += pre;
                prepay_count += 1;
                if prepay_terms.len() < FORMULA_TERMS {
                    prepay_terms.push(format!("{base} × {r}"));
                }
            }
        }
    }
    let given = [
        ("bill.total", bill.total, s.total),
        (
            "bill.out_of_catalogue",
            bill.out_of_catalogue,
            s.out_of_catalogue,
        ),
        ("bill.over_limit", bill.over_limit, s.over_limit),
        (
            "bill.class_b.amount",
            bill.class_b.as_ref().and_then(|b| b.amount),
            class_b_base,
        ),
        (
            "bill.class_b.prepay_amount",
            bill.class_b.as_ref().and_then(|b| b.prepay_amount),
            s.class_b_prepay,
        ),
    ];
    for (path, given, from_lines) in given {
        if given.is_some_and(|g| g != from_lines) {
            return Err(Error::at(ErrorCode::TotalMismatch, path));
        }
    }
    s.total_formula = Message::new(
        format!("Σ {} 项明细", lines.len()),
        format!("Σ {} lines", lines.len()),
    );
    s.prepay_formula = if prepay_terms.is_empty() {
        Message::new("无乙类项目", "no class-B items")
    } else {
        prepay_formula(&prepay_terms, prepay_count)
    };
    Ok(s)
}

/// How many terms of a class-B pre-payment a formula shows: a formula is read, not a ledger.
const FORMULA_TERMS: usize = 8;

/// `a × r + b × r …`: the first terms of a long bill, and how many there are.
fn prepay_formula(terms: &[String], count: usize) -> Message {
    let shown = terms.join(" + ");
    if count <= terms.len() {
        return math(shown);
    }
    Message::new(
        format!("{shown} + …（共 {count} 项乙类明细）"),
        format!("{shown} + … ({count} class-B lines)"),
    )
}

fn split_totals(bill: &Bill, rate: Option<&Figure<Rate>>) -> Result<Split, Error> {
    let total = bill
        .total
        .ok_or_else(|| Error::at(ErrorCode::MissingField, "bill.total"))?;
    let ooc = bill.out_of_catalogue.unwrap_or(ZERO);
    let over = bill.over_limit.unwrap_or(ZERO);
    let mut used_catalogue_rate = false;
    let (prepay, formula) = match &bill.class_b {
        None => (ZERO, Message::new("无乙类费用", "no class-B cost")),
        Some(b) => match (b.prepay_amount, b.amount) {
            (Some(p), _) => (p, entered()),
            (None, Some(a)) => {
                if ooc + over + a > total {
                    return Err(Error::at(
                        ErrorCode::PartsExceedTotal,
                        "bill.class_b.amount",
                    ));
                }
                let r = match b.prepay_rate {
                    Some(r) => r,
                    None => {
                        used_catalogue_rate = true;
                        need_rate(rate, "bill.class_b.prepay_rate")?
                    }
                };
                (a.times(r).round(), math(format!("{a} × {r}")))
            }
            (None, None) => return Err(Error::at(ErrorCode::MissingField, "bill.class_b.amount")),
        },
    };
    if ooc + over + prepay > total {
        return Err(Error::at(ErrorCode::PartsExceedTotal, "bill.total"));
    }
    Ok(Split {
        total,
        out_of_catalogue: ooc,
        over_limit: over,
        class_b_prepay: prepay,
        total_formula: entered(),
        prepay_formula: formula,
        used_catalogue_rate,
    })
}

pub fn compute(p: &Policies, inp: &Inputs, warnings: &mut Vec<Warning>) -> Result<Slip, Error> {
    let split = split(inp.bill, inp.class_b_rate)?;
    let mut lines = Vec::new();
    let cat_sources = if split.used_catalogue_rate {
        inp.class_b_rate
            .map(|f| p.source_refs(&f.source_ids))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let refs = |f: Option<&Vec<String>>| f.map(|ids| p.source_refs(ids)).unwrap_or_default();
    let push = |lines: &mut Vec<SlipLine>,
                key: &'static str,
                amount: Money,
                payer: Payer,
                formula: Message,
                sources| {
        lines.push(SlipLine {
            key,
            label: label(key),
            amount,
            payer,
            formula,
            sources,
        });
    };
    push(
        &mut lines,
        "total",
        split.total,
        Payer::Info,
        split.total_formula.clone(),
        Vec::new(),
    );
    push(
        &mut lines,
        "out_of_catalogue",
        split.out_of_catalogue,
        Payer::Patient,
        Message::new(
            "目录外（丙类）费用，个人全自费",
            "outside the catalogue (class C): all yours",
        ),
        Vec::new(),
    );
    push(
        &mut lines,
        "over_limit",
        split.over_limit,
        Payer::Patient,
        Message::new(
            "超出支付标准（限价）部分，个人自费",
            "above the catalogue's price limit: all yours",
        ),
        Vec::new(),
    );
    push(
        &mut lines,
        "class_b_prepay",
        split.class_b_prepay,
        Payer::Patient,
        split.prepay_formula.clone(),
        cat_sources,
    );

    let in_scope = split.total - split.out_of_catalogue - split.over_limit - split.class_b_prepay;
    let adjustment = inp.adjustment.map(|a| &a.adjustment);
    let adj_sources = inp
        .adjustment
        .map(|a| p.source_refs(&a.source_ids))
        .unwrap_or_default();
    let mut eligible = in_scope;
    if let Some(Adjustment::PrepayShare { value }) = adjustment {
        let pre = in_scope.times(*value).round();
        eligible = in_scope - pre;
        push(
            &mut lines,
            "adjustment_prepay",
            pre,
            Payer::Patient,
            math(format!("{in_scope} × {value}")),
            adj_sources.clone(),
        );
    }
    push(
        &mut lines,
        "eligible",
        eligible,
        Payer::Info,
        eligible_formula(&split, eligible != in_scope),
        Vec::new(),
    );

    if inp.route == Route::NotCovered {
        return Ok(not_covered(lines, split.total, eligible));
    }

    let b = inp.benefits;
    let (ded_fig, ratio_fig) = match (&b.deductible, &b.ratio) {
        (Some(d), Some(r)) => (d, r),
        _ => {
            return Err(b.missing_error().unwrap_or_else(|| {
                Error::missing_parameter("overrides.ratio", "统筹基金支付比例", "the fund ratio")
            }))
        }
    };
    let h = inp.history;
    let (ded_full, ded_formula) = deductible_amount(ded_fig, adjustment, split.total, h);
    let deductible = eligible.min(ded_full);
    let mut ded_sources = refs(Some(&ded_fig.source_ids));
    if matches!(adjustment, Some(Adjustment::DeductibleOverride { .. })) {
        ded_sources = adj_sources.clone();
    }
    push(
        &mut lines,
        "deductible",
        deductible,
        Payer::Patient,
        Message::new(
            format!("min({eligible}, {})", ded_formula.zh),
            format!("min({eligible}, {})", ded_formula.en),
        ),
        ded_sources,
    );

    let (segments, basis) = match &ratio_fig.value {
        RatioSpec::Flat(r) => (
            vec![Segment {
                up_to: None,
                ratio: *r,
            }],
            SegmentBasis::CumulativeEligible,
        ),
        RatioSpec::Bands { segments, basis } => (segments.clone(), *basis),
    };
    let segments = adjust_segments(segments, inp.adjustment, warnings);
    let prior_eligible = h.eligible_so_far.unwrap_or(ZERO);
    let prior_ded = h.deductible_paid.unwrap_or(ZERO);

    // An annual cap on eligible cost (武汉 style) removes the part above it before the fund computes.
    let cap = b.annual_cap.as_ref();
    let over_cap_eligible = match cap.map(|c| &c.value) {
        Some(c) if c.basis == CapBasis::Eligible => {
            let end = prior_eligible + eligible;
            (end - c.amount.max(prior_eligible))
                .max0()
                .min(eligible - deductible)
        }
        _ => ZERO,
    };
    let payable = eligible - deductible - over_cap_eligible;
    let start = match basis {
        SegmentBasis::CumulativeEligible => prior_eligible + deductible,
        SegmentBasis::AboveDeductible => (prior_eligible - prior_ded).max0(),
    };
    let pieces = pieces(&segments, start.0, (start + payable).0);
    let fund_raw: Decimal = pieces.iter().map(|(len, r)| len * r.0).sum();
    let mut fund_formula = math(fund_expression(
        &pieces,
        eligible,
        deductible,
        payable,
        prior_eligible,
    ));

    let mut over_cap_raw = over_cap_eligible.0;
    let mut fund_exact = fund_raw;
    if let Some(c) = cap.map(|c| &c.value).filter(|c| c.basis == CapBasis::Fund) {
        let remaining = (c.amount - h.fund_paid.unwrap_or(ZERO)).max0();
        if fund_raw > remaining.0 {
            fund_exact = remaining.0;
            over_cap_raw += payable.0 - consumed_until(&pieces, remaining.0);
            fund_formula = Message::new(
                format!(
                    "{}，超过年度限额，按剩余限额 {remaining} 支付",
                    fund_formula.zh
                ),
                format!(
                    "{}, past the annual cap: the {remaining} left is paid",
                    fund_formula.en
                ),
            );
        }
    }
    let fund = Money(fund_exact).round();
    let over_cap = Money(over_cap_raw).round();
    let coinsurance = eligible - deductible - fund - over_cap;
    let cap_sources = refs(cap.map(|c| &c.source_ids));
    push(
        &mut lines,
        "fund",
        fund,
        Payer::Fund,
        fund_formula,
        refs(Some(&ratio_fig.source_ids)),
    );
    push(
        &mut lines,
        "coinsurance",
        coinsurance,
        Payer::Patient,
        math(format!("{eligible} − {deductible} − {fund} − {over_cap}")),
        refs(Some(&ratio_fig.source_ids)),
    );
    let cap_formula = match cap {
        Some(c) => Message::new(
            format!("超过年度最高支付限额 {} 的部分", c.value.amount),
            format!("the part above the annual cap of {}", c.value.amount),
        ),
        None => Message::new(
            "年度最高支付限额未收录，未计算",
            "no annual cap on file: not applied",
        ),
    };
    push(
        &mut lines,
        "over_cap",
        over_cap,
        Payer::Patient,
        cap_formula,
        cap_sources,
    );

    let mut second = ZERO;
    if let Some(sl) = &b.second_layer {
        let base_this = match sl.value.applies_to {
            SecondLayerBase::PatientShare => deductible + coinsurance + over_cap,
            SecondLayerBase::AboveBasicCap => over_cap,
        };
        let (pay, formula) = second_layer(&sl.value, base_this, h);
        second = pay;
        push(
            &mut lines,
            "second_layer",
            second,
            Payer::SecondLayer,
            formula,
            refs(Some(&sl.source_ids)),
        );
    }

    let patient = split.total - fund - second;
    push(
        &mut lines,
        "patient",
        patient,
        Payer::Patient,
        math(format!("{} − {fund} − {second}", split.total)),
        Vec::new(),
    );
    let (account, cash) = account_split(
        inp,
        patient,
        patient - split.out_of_catalogue - split.over_limit,
        &mut lines,
        warnings,
    );
    Ok(Slip {
        lines,
        fund,
        second_layer: second,
        patient,
        account,
        cash,
    })
}

fn not_covered(mut lines: Vec<SlipLine>, total: Money, eligible: Money) -> Slip {
    for key in ["deductible", "fund", "coinsurance", "over_cap"] {
        let amount = if key == "coinsurance" { eligible } else { ZERO };
        lines.push(SlipLine {
            key,
            label: label(key),
            amount,
            payer: if key == "fund" {
                Payer::Fund
            } else {
                Payer::Patient
            },
            formula: Message::new("医保不支付", "the fund pays nothing"),
            sources: Vec::new(),
        });
    }
    lines.push(SlipLine {
        key: "patient",
        label: label("patient"),
        amount: total,
        payer: Payer::Patient,
        formula: Message::new(
            format!("{total}（全额自付）"),
            format!("{total} (all yours)"),
        ),
        sources: Vec::new(),
    });
    Slip {
        lines,
        fund: ZERO,
        second_layer: ZERO,
        patient: total,
        account: ZERO,
        cash: total,
    }
}

fn eligible_formula(s: &Split, with_adjustment: bool) -> Message {
    let f = format!(
        "{} − {} − {} − {}",
        s.total, s.out_of_catalogue, s.over_limit, s.class_b_prepay
    );
    if with_adjustment {
        Message::new(
            format!("{f} − 异地先行自付"),
            format!("{f} − cross-region pre-payment"),
        )
    } else {
        math(f)
    }
}

/// A formula of figures only: the same in every language.
fn math(s: String) -> Message {
    Message::new(s.clone(), s)
}

fn entered() -> Message {
    Message::new("输入", "as entered")
}

/// The deductible still to pay on this visit (§5.3 step 2), and how it was found.
fn deductible_amount(
    fig: &Figure<crate::benefit::DeductibleFigure>,
    adj: Option<&Adjustment>,
    total: Money,
    h: &History,
) -> (Money, Message) {
    if let Some(Adjustment::DeductibleOverride {
        amount,
        share,
        min,
        max,
    }) = adj
    {
        let mut d = amount.unwrap_or_else(|| share.map(|s| total.times(s).round()).unwrap_or(ZERO));
        if let Some(lo) = min {
            d = if d < *lo { *lo } else { d };
        }
        if let Some(hi) = max {
            d = d.min(*hi);
        }
        return (
            d,
            Message::new(
                format!("异地起付标准 {d}"),
                format!("cross-region deductible {d}"),
            ),
        );
    }
    let f = &fig.value;
    match f.per {
        DeductiblePer::Admission => (f.amount, math(f.amount.to_string())),
        DeductiblePer::Year => {
            let paid = h.deductible_paid.unwrap_or(ZERO);
            let left = (f.amount - paid).max0();
            (left, math(format!("{} − {paid}", f.amount)))
        }
    }
}

/// Applies a ratio cut to every band, holding it to the national cap (R3.3, R3.5): a cut beyond the cap is limited
/// to it, with a warning.
fn adjust_segments(
    segs: Vec<Segment>,
    adj: Option<&ChosenAdjustment>,
    warnings: &mut Vec<Warning>,
) -> Vec<Segment> {
    let Some(a) = adj else { return segs };
    let mut capped = false;
    let out = segs
        .into_iter()
        .map(|s| {
            let r = s.ratio.0;
            let mut new = match a.adjustment {
                Adjustment::PpReduction { value } => Rate(r - value.0).clamp01(),
                Adjustment::Multiplier { value } => Rate(r * value.0).clamp01(),
                _ => s.ratio,
            };
            if let Some(cap) = a.cap {
                if r - new.0 > cap.0 {
                    new = Rate(r - cap.0).clamp01();
                    capped = true;
                }
            }
            Segment {
                up_to: s.up_to,
                ratio: new,
            }
        })
        .collect();
    if capped {
        warnings.push(Warning::new(
            "adjustment_limited_to_national_cap",
            "异地待遇降幅超过国家规定上限，按上限计算",
            "The cross-region cut exceeds the national cap and was limited to it",
        ));
    }
    out
}

/// The slices of [s, e) falling in each band, with the band's ratio.
fn pieces(segs: &[Segment], s: Decimal, e: Decimal) -> Vec<(Decimal, Rate)> {
    let mut lo = Decimal::ZERO;
    let mut out = Vec::new();
    for seg in segs {
        let hi = seg.up_to.map(|m| m.0);
        let from = s.max(lo);
        let to = hi.map_or(e, |h| e.min(h));
        if to > from {
            out.push((to - from, seg.ratio));
        }
        if let Some(h) = hi {
            lo = h;
        }
    }
    out
}

/// The length of band space the fund covers before its payments reach `target`.
fn consumed_until(pieces: &[(Decimal, Rate)], target: Decimal) -> Decimal {
    let mut paid = Decimal::ZERO;
    let mut used = Decimal::ZERO;
    for (len, r) in pieces {
        let full = len * r.0;
        if !r.0.is_zero() && paid + full >= target {
            return used + (target - paid) / r.0;
        }
        paid += full;
        used += len;
    }
    used
}

fn fund_expression(
    pieces: &[(Decimal, Rate)],
    eligible: Money,
    ded: Money,
    payable: Money,
    prior: Money,
) -> String {
    match pieces {
        [] => "0.00".into(),
        [(len, r)]
            if Money(*len) == eligible - ded && prior == ZERO && payable == eligible - ded =>
        {
            format!("({eligible} − {ded}) × {r}")
        }
        _ => pieces_text(pieces),
    }
}

/// `len × ratio + …` for the slices of a banded computation.
fn pieces_text(pieces: &[(Decimal, Rate)]) -> String {
    let terms: Vec<String> = pieces
        .iter()
        .map(|(len, r)| format!("{} × {r}", Money(*len).round()))
        .collect();
    terms.join(" + ")
}

/// The second layer (§5.3 step 4, R5.6b): bands over the year's accumulated base above its threshold, to its cap.
fn second_layer(sl: &crate::query::SecondLayer, base_this: Money, h: &History) -> (Money, Message) {
    let prior = h.second_layer_base_so_far.unwrap_or(ZERO);
    let from = prior.0.max(sl.threshold.0);
    let to = (prior + base_this).0;
    let shift = match sl.segment_basis {
        SecondLayerBasis::Cumulative => Decimal::ZERO,
        SecondLayerBasis::AboveThreshold => sl.threshold.0,
    };
    let pieces = if to > from {
        pieces(&sl.segments, from - shift, to - shift)
    } else {
        Vec::new()
    };
    let raw: Decimal = pieces.iter().map(|(len, r)| len * r.0).sum();
    let mut formula = match (pieces.is_empty(), sl.applies_to) {
        (false, _) => math(pieces_text(&pieces)),
        (true, SecondLayerBase::AboveBasicCap) => Message::new(
            "未超过基本医保年度限额，不支付",
            "nothing above the basic fund's cap: nothing due",
        ),
        (true, SecondLayerBase::PatientShare) => {
            let so_far = Money(to).round();
            Message::new(
                format!("本年累计个人负担 {so_far} 未超过起付线 {}", sl.threshold),
                format!(
                    "your share this year, {so_far}, is below the threshold of {}",
                    sl.threshold
                ),
            )
        }
    };
    let mut pay = Money(raw);
    if let Some(cap) = sl.cap {
        let left = (cap - h.second_layer_paid.unwrap_or(ZERO)).max0();
        if pay > left {
            pay = left;
            formula = Message::new(
                format!("{}，按剩余封顶 {left} 支付", formula.zh),
                format!("{}, capped: the {left} left is paid", formula.en),
            );
        }
    }
    (pay.round(), formula)
}

/// The personal account pays the in-scope personal share (R4.6: "政策范围内自付费用"); whether it may pay items
/// outside the catalogue is each region's choice, so the safe reading is that it may not.
fn account_split(
    inp: &Inputs,
    patient: Money,
    in_scope_share: Money,
    lines: &mut Vec<SlipLine>,
    warnings: &mut Vec<Warning>,
) -> (Money, Money) {
    let Some(balance) = inp.account_balance else {
        return (ZERO, patient);
    };
    if !inp.has_account {
        warnings.push(Warning::new(
            "no_personal_account",
            "居民医保一般没有个人账户，余额未计入",
            "Resident insurance has no personal account; the balance was ignored",
        ));
        return (ZERO, patient);
    }
    let account = balance.min(in_scope_share.max0()).min(patient);
    let cash = patient - account;
    lines.push(SlipLine {
        key: "account",
        label: label("account"),
        amount: account,
        payer: Payer::Patient,
        formula: math(format!("min({balance}, {})", in_scope_share.max0())),
        sources: Vec::new(),
    });
    lines.push(SlipLine {
        key: "cash",
        label: label("cash"),
        amount: cash,
        payer: Payer::Patient,
        formula: math(format!("{patient} − {account}")),
        sources: Vec::new(),
    });
    warnings.push(Warning::new(
        "account_scope_assumed",
        "个人账户按只支付政策范围内个人自付部分估算；能否支付全自费项目由参保地规定",
        "The personal account is assumed to pay only the in-scope personal share; your region may allow more",
    ));
    (account, cash)
}

pub fn label(key: &str) -> Message {
    let (zh, en) = match key {
        "total" => ("医疗费用总额", "Total"),
        "out_of_catalogue" => ("全自费（目录外）", "Outside the catalogue"),
        "over_limit" => ("超限价自费", "Above the price limit"),
        "class_b_prepay" => ("乙类先行自付", "Class-B pre-payment"),
        "adjustment_prepay" => ("异地先行自付", "Cross-region pre-payment"),
        "eligible" => ("符合政策范围费用", "Eligible (policy-scope) cost"),
        "deductible" => ("起付线", "Deductible"),
        "fund" => ("统筹基金支付", "Basic fund pays"),
        "coinsurance" => ("按比例自付", "Your co-payment"),
        "over_cap" => ("超封顶线", "Above the annual cap"),
        "second_layer" => (
            "大病保险/大额医疗补助支付",
            "Critical-illness / large-expense insurance pays",
        ),
        "patient" => ("个人负担", "You pay"),
        "account" => ("个人账户支付", "From the personal account"),
        "cash" => ("现金支付", "In cash"),
        _ => (key, key),
    };
    Message::new(zh, en)
}
