//! The settlement slip (结算单): the bill split by the catalogue (就医地目录, R3.1), then the insured region's
//! deductible, ratio or bands, annual cap and second layer (参保地政策), in the order of policy-rules.md §5.3.
//! Every line carries its formula. Amounts are rounded to the fen once each; derived lines are exact differences, so
//! the parts always add up to the total.

use crate::benefit::{Benefits, DeductibleFigure, Figure, RatioSpec, StayRule};
use crate::error::{Error, ErrorCode, Message};
use crate::estimate::{Payer, Route, SlipLine, Warning};
use crate::money::{Money, Rate, ZERO};
use crate::policy::{CapRule, Policies};
use crate::query::{
    Adjustment, Bill, CapBasis, DeductiblePer, Group, History, Layer, LayerKind, LineClass, Quota,
    QuotaPeriod, SecondLayer, SecondLayerBase, SecondLayerBasis, Segment, SegmentBasis,
};
use crate::settlement::ChosenAdjustment;
use rust_decimal::Decimal;

#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub bill: &'a Bill,
    pub class_b_rate: Option<&'a Figure<Rate>>,
    /// Whether that rate is another place's, standing in (figures.rs): the line then cites no source of its own (the
    /// place's documents would read as the place of treatment's; the parameter says whose, marked typical).
    pub class_b_stands_in: bool,
    pub benefits: &'a Benefits,
    pub adjustment: Option<&'a ChosenAdjustment>,
    pub history: &'a History,
    pub account: Accounts,
    /// Residents have no personal account (R5.6e).
    pub has_account: bool,
    /// The groups the person belongs to (for layers limited to one, R5.6f).
    pub groups: &'a [Group],
    pub route: Route,
}

/// The personal account balances given (R4.6, R4.6b).
#[derive(Clone, Copy, Debug, Default)]
pub struct Accounts {
    pub own: Option<Money>,
    pub family: Option<Money>,
}

impl Accounts {
    /// The balances a query gives: `personal_account`, with `personal_account_balance` as the own account's older form.
    pub fn of(q: &crate::Query) -> Accounts {
        let pa = q.personal_account.as_ref();
        Accounts {
            own: pa.and_then(|a| a.own).or(q.personal_account_balance),
            family: pa.and_then(|a| a.family),
        }
    }
}

pub struct Slip {
    pub lines: Vec<SlipLine>,
    pub fund: Money,
    /// What every layer above the basic fund pays together.
    pub second_layer: Money,
    pub patient: Money,
    /// What the accounts pay: the own and the family member's together.
    pub account: Money,
    pub family_account: Money,
    pub cash: Money,
}

/// The benefit figures a slip is worked out with, borrowed: the insured region's own ([`Figs::of`]), or with another
/// region's in place of a missing one (typical.rs), without copying either.
#[derive(Clone, Copy)]
pub struct Figs<'a> {
    pub deductible: Option<&'a Figure<DeductibleFigure>>,
    pub ratio: Option<&'a Figure<RatioSpec>>,
    pub annual_cap: Option<&'a Figure<CapRule>>,
    pub second_layer: Option<&'a Figure<SecondLayer>>,
    /// The layers above the basic fund; when present they replace `second_layer` (R5.6f).
    pub layers: Option<&'a Figure<Vec<Layer>>>,
    pub quota: Option<&'a Figure<Quota>>,
    pub stay: Option<&'a Figure<StayRule>>,
}

impl<'a> Figs<'a> {
    pub fn of(b: &'a Benefits) -> Figs<'a> {
        Figs {
            deductible: b.deductible.as_ref(),
            ratio: b.ratio.as_ref(),
            annual_cap: b.annual_cap.as_ref(),
            second_layer: b.second_layer.as_ref(),
            layers: b.layers.as_ref(),
            quota: b.quota.as_ref(),
            stay: b.stay.as_ref(),
        }
    }
}

/// A slip's amounts without its words (no labels, formulas, sources or warnings): what the stand-in ranges and the
/// second-layer test compare, at a fraction of the cost of [`compute`].
#[derive(Clone, Copy, Debug)]
pub struct Amounts {
    pub total: Money,
    pub fund: Money,
    pub second_layer: Money,
    pub patient: Money,
    pub deductible: Money,
    pub coinsurance: Money,
    pub over_cap: Money,
}

/// The bill as the catalogue splits it (§5.3 step 1).
#[derive(Clone, Copy, Debug)]
pub struct Split {
    pub total: Money,
    pub out_of_catalogue: Money,
    pub over_limit: Money,
    pub class_b_prepay: Money,
    /// Whether the catalogue's class-B rate was used (for its sources).
    used_catalogue_rate: bool,
}

/// Whether the bill leaves a class-B pre-payment to the catalogue's rate: a class-B part (totals) or line that names no
/// rate, the bill naming none for its lines either, and no pre-payment amount given instead.
pub fn needs_catalogue_rate(bill: &Bill) -> bool {
    let bill_rate = bill.class_b.as_ref().and_then(|b| b.prepay_rate);
    // A class-B part of nothing leaves nothing to a rate (0.00 × 10%).
    let some = |m: Money| m > ZERO;
    match &bill.lines {
        Some(lines) => {
            bill_rate.is_none()
                && lines.iter().any(|l| {
                    l.class == LineClass::B
                        && l.prepay_rate.is_none()
                        && some(l.amount - l.over_limit.unwrap_or(ZERO))
                })
        }
        None => bill.class_b.as_ref().is_some_and(|b| {
            b.prepay_amount.is_none() && b.amount.is_some_and(some) && b.prepay_rate.is_none()
        }),
    }
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
        used_catalogue_rate: false,
    };
    // Totals given beside the lines are checked against them, never ignored; a class-B rate given for the whole bill
    // is the rate of its class-B lines that name none.
    let bill_rate = bill.class_b.as_ref().and_then(|b| b.prepay_rate);
    let mut class_b_base = ZERO;
    // The pre-payment is rounded once, over the lines (§5.3): the same as their totals give (helper-57, helper-62:
    // each line rounded made the itemized slip and its totals differ by a fen, or by far more with mixed rates).
    let mut prepay_exact = ZERO.0;
    for (i, l) in lines.iter().enumerate() {
        s.total = s.total.checked_add(l.amount).ok_or_else(|| {
            // Each line reads; their sum is past the bound (helper-65: said as "must be an amount").
            Error::new(
                ErrorCode::InvalidAmount,
                "bill.lines",
                msg!(
                    "费用明细合计超过 10000 亿元：请核对各项金额",
                    "The bill lines add up to more than 1,000,000,000,000 yuan: check the amounts",
                ),
            )
        })?;
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
                let base = l.amount - over;
                if base == ZERO {
                    continue;
                }
                let r = match l.prepay_rate.or(bill_rate) {
                    Some(r) => r,
                    None => {
                        s.used_catalogue_rate = true;
                        need_rate(rate, &format!("bill.lines[{i}].prepay_rate"))?
                    }
                };
                class_b_base += base;
                prepay_exact += base.times(r).0;
            }
        }
    }
    s.class_b_prepay = Money(prepay_exact).round();
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
    Ok(s)
}

/// How many terms of a class-B pre-payment a formula shows: a formula is read, not a ledger.
const FORMULA_TERMS: usize = 8;

/// The formulas of the split's total and class-B pre-payment, for a bill that [`split`] accepted.
fn split_formulas(bill: &Bill, rate: Option<&Figure<Rate>>) -> (Message, Message) {
    let Some(lines) = &bill.lines else {
        let prepay = match &bill.class_b {
            None => msg!("无乙类费用", "no class-B cost"),
            Some(b) => match (b.prepay_amount, b.amount) {
                (None, Some(a)) => {
                    let r = b.prepay_rate.or(rate.map(|f| f.value)).unwrap_or_default();
                    math(format!("{a} × {r}"))
                }
                _ => entered(),
            },
        };
        return (entered(), prepay);
    };
    let bill_rate = bill.class_b.as_ref().and_then(|b| b.prepay_rate);
    let mut terms = Vec::new();
    let mut count = 0usize;
    for l in lines.iter().filter(|l| l.class == LineClass::B) {
        count += 1;
        if terms.len() < FORMULA_TERMS {
            let r = l
                .prepay_rate
                .or(bill_rate)
                .or(rate.map(|f| f.value))
                .unwrap_or_default();
            terms.push(format!("{} × {r}", l.amount - l.over_limit.unwrap_or(ZERO)));
        }
    }
    let total = msg!(
        format!("Σ {} 项明细", lines.len()),
        format!("Σ {} lines", lines.len()),
    );
    let prepay = if terms.is_empty() {
        msg!("无乙类项目", "no class-B items")
    } else {
        prepay_formula(&terms, count)
    };
    (total, prepay)
}

/// `a × r + b × r …`: the first terms of a long bill, and how many there are.
fn prepay_formula(terms: &[String], count: usize) -> Message {
    let shown = terms.join(" + ");
    if count <= terms.len() {
        return math(shown);
    }
    msg!(
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
    let prepay = match &bill.class_b {
        None => ZERO,
        Some(b) => match (b.prepay_amount, b.amount) {
            (Some(p), _) => p,
            (None, Some(a)) => {
                if ooc + over + a > total {
                    return Err(Error::at(
                        ErrorCode::PartsExceedTotal,
                        "bill.class_b.amount",
                    ));
                }
                let r = match b.prepay_rate {
                    // Nothing to pre-pay on nothing: no rate needed.
                    _ if a == ZERO => Rate::default(),
                    Some(r) => r,
                    None => {
                        used_catalogue_rate = true;
                        need_rate(rate, "bill.class_b.prepay_rate")?
                    }
                };
                a.times(r).round()
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
        used_catalogue_rate,
    })
}

/// The arithmetic of a slip (§5.3), every amount and what its formulas show, with no words: [`amounts`] reads the
/// amounts off it, [`compute`] writes it out as lines.
struct Work<'a> {
    split: Split,
    in_scope: Money,
    /// The cross-region pre-payment (`prepay_share`) taken off the eligible cost, and its share.
    adj_prepay: Option<(Money, Rate)>,
    eligible: Money,
    /// None when the fund pays nothing (route `not_covered`).
    benefit: Option<BenefitWork<'a>>,
}

struct BenefitWork<'a> {
    ded_fig: &'a Figure<DeductibleFigure>,
    ratio_fig: &'a Figure<RatioSpec>,
    deductible: Money,
    /// The deductible before the eligible cost limits it.
    ded_full: Money,
    /// A ratio cut beyond the national cap was limited to it.
    capped: bool,
    pieces: Vec<(Decimal, Rate)>,
    payable: Money,
    prior_eligible: Money,
    /// The fund's annual cap cut its payment to what was left of it.
    fund_left: Option<Money>,
    fund: Money,
    over_cap: Money,
    /// The quota (R4.8): what was left of it, and the cost above it.
    quota: Option<QuotaWork<'a>>,
    coinsurance: Money,
    /// The long stay's extra deductibles (R5.7).
    stay: Option<&'a Figure<StayRule>>,
    layers: Vec<LayerWork<'a>>,
    patient: Money,
    account: AccountWork,
}

struct QuotaWork<'a> {
    fig: &'a Figure<Quota>,
    used: Money,
    left: Money,
    over: Money,
}

/// One layer above the basic fund (§5.3 step 4, R5.6b, R5.6f).
struct LayerWork<'a> {
    layer: Layer,
    /// The one-layer form (`second_layer`): its line keeps the key and label it always had.
    one_layer: bool,
    source_ids: &'a [String],
    /// Limited to a group the person did not say they belong to: pays nothing.
    not_eligible: Option<Group>,
    pay: Money,
    pieces: Vec<(Decimal, Rate)>,
    /// The accumulated base at the end of this visit.
    to: Decimal,
    /// The layer's cap cut its payment to what was left of it.
    left: Option<Money>,
}

struct AccountWork {
    own_balance: Option<Money>,
    family_balance: Option<Money>,
    /// An own balance given for a scheme without a personal account.
    no_account: bool,
    /// Balances given, but the bill is not settled at the hospital: the accounts pay nothing there.
    not_at_hospital: bool,
    in_scope_share: Money,
    own: Money,
    family: Money,
    cash: Money,
}

fn work<'a>(inp: &Inputs<'a>, figs: Figs<'a>, split: Split) -> Result<Work<'a>, Error> {
    let in_scope = split.total - split.out_of_catalogue - split.over_limit - split.class_b_prepay;
    let adjustment = inp.adjustment.map(|a| &a.adjustment);
    let adj_prepay = match adjustment {
        Some(Adjustment::PrepayShare { value }) => Some((in_scope.times(*value).round(), *value)),
        _ => None,
    };
    let eligible = adj_prepay.map_or(in_scope, |(pre, _)| in_scope - pre);
    if inp.route == Route::NotCovered {
        return Ok(Work {
            split,
            in_scope,
            adj_prepay,
            eligible,
            benefit: None,
        });
    }

    let (ded_fig, ratio_fig) = match (figs.deductible, figs.ratio) {
        (Some(d), Some(r)) => (d, r),
        _ => {
            return Err(inp.benefits.missing_error().unwrap_or_else(|| {
                Error::missing_parameter("overrides.ratio", "统筹基金支付比例", "the fund ratio")
            }))
        }
    };
    let h = inp.history;
    let stay = figs.stay;
    let ded_full = deductible_amount(ded_fig, adjustment, split.total, h, stay)?;
    let deductible = eligible.min(ded_full);

    let flat;
    let (segments, basis) = match &ratio_fig.value {
        RatioSpec::Flat(r) => {
            flat = [Segment {
                up_to: None,
                ratio: *r,
            }];
            (&flat[..], SegmentBasis::CumulativeEligible)
        }
        RatioSpec::Bands { segments, basis } => (&segments[..], *basis),
    };
    let mut capped = false;
    let prior_eligible = h.eligible_so_far.unwrap_or(ZERO);
    let prior_ded = h.deductible_paid.unwrap_or(ZERO);

    // An annual cap on eligible cost (武汉 style) removes the part above it before the fund computes.
    let cap = figs.annual_cap;
    let over_cap_eligible = match cap.map(|c| &c.value) {
        Some(c) if c.basis == CapBasis::Eligible => {
            // What the cap has counted this year: the eligible cost so far; given only the fund's payments, at least
            // those and the deductible paid (the fund pays no more than the cost it counts), said in a warning.
            let prior_eligible = h
                .eligible_so_far
                .unwrap_or_else(|| h.fund_paid.map_or(ZERO, |f| f + prior_ded));
            let end = prior_eligible + eligible;
            (end - c.amount.max(prior_eligible))
                .max0()
                .min(eligible - deductible)
        }
        _ => ZERO,
    };
    let payable = eligible - deductible - over_cap_eligible;
    // R4.8: a quota on the eligible cost counted removes the part above what is left of it, like an eligible-cost cap.
    let quota_used = h.quota_used.unwrap_or(ZERO);
    let over_quota_eligible = match figs.quota.map(|f| &f.value) {
        Some(qv) if qv.basis == CapBasis::Eligible => {
            (quota_used + payable - qv.amount).max0().min(payable)
        }
        _ => ZERO,
    };
    let payable = payable - over_quota_eligible;
    let start = match basis {
        SegmentBasis::CumulativeEligible => prior_eligible + deductible,
        SegmentBasis::AboveDeductible => (prior_eligible - prior_ded).max0(),
        // The year's earlier admissions do not count (helper-57: 烟台's bands were worked out over the year).
        SegmentBasis::PerAdmission => deductible,
    };
    let pieces = pieces(
        segments
            .iter()
            .map(|s| adjust_segment(s, inp.adjustment, &mut capped)),
        start.0,
        (start + payable).0,
    );
    let fund_raw: Decimal = pieces.iter().map(|(len, r)| len * r.0).sum();

    let mut over_cap_raw = over_cap_eligible.0;
    let mut fund_exact = fund_raw;
    let mut fund_left = None;
    if let Some(c) = cap.map(|c| &c.value).filter(|c| c.basis == CapBasis::Fund) {
        let remaining = (c.amount - h.fund_paid.unwrap_or(ZERO)).max0();
        if fund_raw > remaining.0 {
            fund_exact = remaining.0;
            over_cap_raw += payable.0 - consumed_until(&pieces, remaining.0);
            fund_left = Some(remaining);
        }
    }
    // R4.8: a quota on the fund's payment stops it at what is left of the quota this period; the cost it no longer
    // covers is the patient's (rounded together with the cap overrun, so that the two never exceed what they split).
    let mut over_quota_raw = over_quota_eligible.0;
    let mut quota_cut = false;
    if let Some(qv) = figs
        .quota
        .map(|f| &f.value)
        .filter(|q| q.basis == CapBasis::Fund)
    {
        let left = (qv.amount - quota_used).max0();
        if fund_exact > left.0 {
            over_quota_raw += consumed_until(&pieces, fund_exact) - consumed_until(&pieces, left.0);
            fund_exact = left.0;
            quota_cut = true;
        }
    }
    let fund = Money(fund_exact).round();
    let over_cap = Money(over_cap_raw).round();
    let over_quota = Money(over_cap_raw + over_quota_raw).round() - over_cap;
    if quota_cut {
        fund_left = None;
    }
    let quota = figs.quota.map(|fig| QuotaWork {
        fig,
        used: quota_used,
        left: (fig.value.amount - quota_used).max0(),
        over: over_quota,
    });
    let coinsurance = eligible - deductible - fund - over_cap - over_quota;

    let layers = layers(inp, figs, deductible + coinsurance + over_quota, over_cap)?;
    let layers_pay: Money = layers.iter().map(|l| l.pay).sum();
    let patient = split.total - fund - layers_pay;
    let in_scope_share = patient - split.out_of_catalogue - split.over_limit;
    // R4.6, R4.6b: the own account first, then a family member's shared one, each up to its balance and together up
    // to the in-scope share.
    // The accounts pay where the bill is settled at the hospital: directly elsewhere (R4.6: the settlement's
    // `acct_pay`) or at home, where the account is the insured region's own; paid in full at the hospital, everything
    // is paid there in cash, and the claim at home is the insured region's business.
    let at_hospital = matches!(inp.route, Route::Direct | Route::Local);
    let payable_share = in_scope_share.max0().min(patient);
    let own_balance = inp.account.own.filter(|_| inp.has_account && at_hospital);
    let family_balance = inp.account.family.filter(|_| at_hospital);
    let own = own_balance.map_or(ZERO, |b| b.min(payable_share));
    let family = family_balance.map_or(ZERO, |b| b.min(payable_share - own));
    let account = AccountWork {
        own_balance,
        family_balance,
        not_at_hospital: !at_hospital
            && (inp.account.family.is_some() || (inp.account.own.is_some() && inp.has_account)),
        no_account: inp.account.own.is_some() && !inp.has_account,
        in_scope_share,
        own,
        family,
        cash: patient - own - family,
    };
    Ok(Work {
        split,
        in_scope,
        adj_prepay,
        eligible,
        benefit: Some(BenefitWork {
            ded_fig,
            ratio_fig,
            deductible,
            ded_full,
            capped,
            pieces,
            payable,
            prior_eligible,
            fund_left,
            fund,
            over_cap,
            quota,
            coinsurance,
            stay,
            layers,
            patient,
            account,
        }),
    })
}

/// The layers above the basic fund, each on what the fund and the layers before it left (§5.3 step 4, R5.6f): the
/// patient's in-scope share `within` the basic fund's reach and the eligible cost `above` its cap. A layer on the
/// patient's share takes what it pays from the share within the cap first, then from the part above it.
fn layers<'a>(
    inp: &Inputs<'a>,
    figs: Figs<'a>,
    mut within: Money,
    mut above: Money,
) -> Result<Vec<LayerWork<'a>>, Error> {
    let h = inp.history;
    let list: Vec<(Layer, bool, &'a [String])> = match (figs.layers, figs.second_layer) {
        (Some(l), _) => l
            .value
            .iter()
            .map(|x| (x.clone(), false, l.source_ids.as_slice()))
            .collect(),
        (None, Some(sl)) => vec![(
            Layer::from_second(&sl.value),
            true,
            sl.source_ids.as_slice(),
        )],
        (None, None) => Vec::new(),
    };
    let mut out: Vec<LayerWork<'a>> = Vec::with_capacity(list.len());
    for (i, (layer, one_layer, source_ids)) in list.into_iter().enumerate() {
        let not_eligible = layer.only_for.filter(|g| !inp.groups.contains(g));
        let base_this = match layer.applies_to {
            SecondLayerBase::PatientShare => within + above,
            SecondLayerBase::AboveBasicCap => above,
        };
        let (prior, paid) = layer_history(h, &layer, i, one_layer);
        let mut w = layer_work(layer, base_this, prior, paid);
        (w.one_layer, w.source_ids) = (one_layer, source_ids);
        if not_eligible.is_some() {
            w.not_eligible = not_eligible;
            (w.pay, w.pieces, w.left) = (ZERO, Vec::new(), None);
        }
        // Ratios are at most 1, so a layer never pays more than its base; held to it all the same.
        w.pay = w.pay.min(base_this);
        match w.layer.applies_to {
            SecondLayerBase::AboveBasicCap => above = above - w.pay,
            SecondLayerBase::PatientShare => {
                let from_within = w.pay.min(within);
                within = within - from_within;
                above = above - (w.pay - from_within);
            }
        }
        out.push(w);
    }
    Ok(out)
}

/// A layer's base so far and what it paid this year: its entry in `history.layers` (by kind, and by name when the
/// entry names one), else for the first layer the one-layer fields.
fn layer_history(h: &History, layer: &Layer, index: usize, one_layer: bool) -> (Money, Money) {
    let entry = h.layers.iter().find(|e| {
        e.kind == layer.kind
            && e.name
                .as_deref()
                .is_none_or(|n| Some(n) == layer.name.as_deref())
    });
    match entry {
        Some(e) => (e.base_so_far.unwrap_or(ZERO), e.paid.unwrap_or(ZERO)),
        None if one_layer || index == 0 => (
            h.second_layer_base_so_far.unwrap_or(ZERO),
            h.second_layer_paid.unwrap_or(ZERO),
        ),
        None => (ZERO, ZERO),
    }
}

/// The slip's amounts alone, with the query's own figures.
pub fn amounts(inp: &Inputs) -> Result<Amounts, Error> {
    amounts_with(inp, Figs::of(inp.benefits))
}

/// The slip's amounts alone, with the figures given (another region's standing in for a missing one).
pub fn amounts_with(inp: &Inputs, figs: Figs) -> Result<Amounts, Error> {
    amounts_split(inp, figs, split(inp.bill, inp.class_b_rate)?)
}

/// [`amounts_with`] on a bill already split ([`split`] of the same bill and class-B rate): the stand-ins' runs share
/// one split.
pub fn amounts_split(inp: &Inputs, figs: Figs, split: Split) -> Result<Amounts, Error> {
    let w = work(inp, figs, split)?;
    Ok(match &w.benefit {
        None => Amounts {
            total: w.split.total,
            fund: ZERO,
            second_layer: ZERO,
            patient: w.split.total,
            deductible: ZERO,
            coinsurance: w.eligible,
            over_cap: ZERO,
        },
        Some(b) => Amounts {
            total: w.split.total,
            fund: b.fund,
            second_layer: b.layers.iter().map(|l| l.pay).sum(),
            patient: b.patient,
            deductible: b.deductible,
            coinsurance: b.coinsurance,
            over_cap: b.over_cap,
        },
    })
}

pub fn compute(p: &Policies, inp: &Inputs, warnings: &mut Vec<Warning>) -> Result<Slip, Error> {
    let w = work(
        inp,
        Figs::of(inp.benefits),
        split(inp.bill, inp.class_b_rate)?,
    )?;
    let h = inp.history;
    if let (Some(c), None, Some(f)) = (&inp.benefits.annual_cap, h.eligible_so_far, h.fund_paid) {
        if c.value.basis == CapBasis::Eligible {
            warnings.push(Warning::new(
                "cap_used_from_fund_paid",
                format!("年度最高支付限额按政策范围内费用计算，未填本年度已发生的政策范围内费用：按已付统筹基金 {f} 估算已用的额度（至少这么多），实际剩余额度可能更少；请填写本年度政策范围内费用"),
                format!("The annual cap counts eligible cost, and this year's eligible cost so far was not given: the fund's {f} paid this year was counted as used (at least that much), so less may be left; enter this year's eligible cost so far"),
            ));
        }
    }
    let split = &w.split;
    let mut lines = Vec::with_capacity(14);
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
            edited: false,
        });
    };
    let (total_formula, prepay_formula) = split_formulas(inp.bill, inp.class_b_rate);
    push(
        &mut lines,
        "total",
        split.total,
        Payer::Info,
        total_formula,
        Vec::new(),
    );
    push(
        &mut lines,
        "out_of_catalogue",
        split.out_of_catalogue,
        Payer::Patient,
        msg!(
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
        msg!(
            "超出支付标准（限价）部分，个人自费",
            "above the catalogue's price limit: all yours",
        ),
        Vec::new(),
    );
    let cat_sources = match inp.class_b_rate {
        Some(f) if split.used_catalogue_rate && !inp.class_b_stands_in => {
            p.source_refs(&f.source_ids)
        }
        _ => Vec::new(),
    };
    push(
        &mut lines,
        "class_b_prepay",
        split.class_b_prepay,
        Payer::Patient,
        prepay_formula,
        cat_sources,
    );

    let adj_sources = || {
        inp.adjustment
            .map(|a| p.source_refs(&a.source_ids))
            .unwrap_or_default()
    };
    let in_scope = w.in_scope;
    let eligible = w.eligible;
    if let Some((pre, value)) = w.adj_prepay {
        push(
            &mut lines,
            "adjustment_prepay",
            pre,
            Payer::Patient,
            math(format!("{in_scope} × {value}")),
            adj_sources(),
        );
    }
    push(
        &mut lines,
        "eligible",
        eligible,
        Payer::Info,
        eligible_formula(split, w.adj_prepay.map(|(pre, _)| pre)),
        Vec::new(),
    );

    let Some(b) = &w.benefit else {
        return Ok(not_covered(lines, split.total, eligible));
    };
    let h = inp.history;
    let adjustment = inp.adjustment.map(|a| &a.adjustment);
    let deductible = b.deductible;
    let ded_formula = deductible_formula(b.ded_fig, adjustment, b.ded_full, split.total, h, b.stay);
    // The figures of one schedule row share their sources: looked up once, copied to each line that cites them.
    let ratio_ids = b.ratio_fig.source_ids.as_slice();
    let ratio_sources = p.source_refs(ratio_ids);
    let like_ratio = |ids: &[String]| {
        if ids == ratio_ids {
            ratio_sources.clone()
        } else {
            p.source_refs(ids)
        }
    };
    let mut ded_sources = if matches!(adjustment, Some(Adjustment::DeductibleOverride { .. })) {
        adj_sources()
    } else {
        like_ratio(&b.ded_fig.source_ids)
    };
    if let Some(st) = b.stay {
        for r in p.source_refs(&st.source_ids) {
            if !ded_sources.contains(&r) {
                ded_sources.push(r);
            }
        }
    }
    let cap = inp.benefits.annual_cap.as_ref();
    let cap_sources = cap.map(|c| like_ratio(&c.source_ids)).unwrap_or_default();
    push(
        &mut lines,
        "deductible",
        deductible,
        Payer::Patient,
        msg!(
            format!("min({eligible}, {})", ded_formula.zh),
            format!("min({eligible}, {})", ded_formula.en),
        ),
        ded_sources,
    );
    if b.capped && inp.adjustment.is_some_and(|a| a.overridden) {
        warnings.push(Warning::new(
            "adjustment_beyond_national_cap",
            "填写的异地待遇降幅超过国家规定的上限（原则上不超过该上限），已按填写的计算",
            "The cross-region cut entered exceeds the national cap (a cut should in principle stay within it): it was applied as entered",
        ));
    } else if b.capped {
        // The ratio the slip used, said beside the data's description of the cut (which names the ratio before the
        // cap: "60%" above a slip worked out at 75%; helper-43).
        let mut used: Vec<String> = Vec::new();
        for (_, r) in &b.pieces {
            let r = r.to_string();
            if !used.contains(&r) {
                used.push(r);
            }
        }
        let used = used.join("/");
        warnings.push(Warning::new(
            "adjustment_limited_to_national_cap",
            format!("异地待遇降幅超过国家规定上限，按上限计算：统筹基金支付比例按 {used} 计"),
            format!("The cross-region cut exceeds the national cap and was limited to it: the fund's ratio is taken as {used}"),
        ));
    }

    let expression = fund_expression(&b.pieces, eligible, deductible, b.payable, b.prior_eligible);
    let quota_cut = b
        .quota
        .as_ref()
        .filter(|q| q.fig.value.basis == CapBasis::Fund && q.over > ZERO);
    let fund_formula = match b.fund_left {
        None if quota_cut.is_some() => {
            let left = quota_cut.map_or(ZERO, |q| q.left);
            msg!(
                format!("{expression}，超过限额，按剩余限额 {left} 支付"),
                format!("{expression}, past the quota: the {left} left is paid"),
            )
        }
        None => math(expression),
        Some(remaining) => msg!(
            format!("{expression}，超过年度限额，按剩余限额 {remaining} 支付"),
            format!("{expression}, past the annual cap: the {remaining} left is paid"),
        ),
    };
    let (fund, over_cap) = (b.fund, b.over_cap);
    push(
        &mut lines,
        "fund",
        fund,
        Payer::Fund,
        fund_formula,
        ratio_sources.clone(),
    );
    push(
        &mut lines,
        "coinsurance",
        b.coinsurance,
        Payer::Patient,
        math(match &b.quota {
            None => format!("{eligible} − {deductible} − {fund} − {over_cap}"),
            Some(q) => format!(
                "{eligible} − {deductible} − {fund} − {over_cap} − {}",
                q.over
            ),
        }),
        ratio_sources.clone(),
    );
    let cap_formula = match cap {
        Some(c) => msg!(
            format!("超过年度最高支付限额 {} 的部分", c.value.amount),
            format!("the part above the annual cap of {}", c.value.amount),
        ),
        None => msg!(
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
    if let Some(qw) = &b.quota {
        let qv = &qw.fig.value;
        let (period_zh, period_en) = match qv.period {
            QuotaPeriod::Month => ("月", "monthly"),
            QuotaPeriod::Year => ("年度", "annual"),
        };
        let (what_zh, what_en) = match qv.basis {
            CapBasis::Fund => ("支付", "payment"),
            CapBasis::Eligible => ("费用", "cost"),
        };
        push(
            &mut lines,
            "over_quota",
            qw.over,
            Payer::Patient,
            msg!(
                format!(
                    "{period_zh}{what_zh}限额 {}，本期已用 {}，剩余 {}：超出部分个人负担",
                    qv.amount, qw.used, qw.left
                ),
                format!(
                    "{period_en} {what_en} quota {}, {} used this period, {} left: the part above it is yours",
                    qv.amount, qw.used, qw.left
                ),
            ),
            like_ratio(&qw.fig.source_ids),
        );
    }

    let mut second = ZERO;
    let mut paid_terms = format!("{} − {fund}", split.total);
    for s in &b.layers {
        second += s.pay;
        let (key, label) = layer_line(s);
        lines.push(SlipLine {
            key,
            label,
            amount: s.pay,
            payer: Payer::SecondLayer,
            formula: layer_formula(s),
            sources: like_ratio(s.source_ids),
            edited: false,
        });
        paid_terms.push_str(&format!(" − {}", s.pay));
    }
    if b.layers.is_empty() {
        paid_terms.push_str(&format!(" − {second}"));
    }

    let patient = b.patient;
    push(
        &mut lines,
        "patient",
        patient,
        Payer::Patient,
        math(paid_terms),
        Vec::new(),
    );
    let (account, family_account, cash) = account_lines(&b.account, patient, &mut lines, warnings);
    mark_edited(&mut lines, inp, b, split.used_catalogue_rate);
    Ok(Slip {
        lines,
        fund,
        second_layer: second,
        patient,
        account,
        family_account,
        cash,
    })
}

/// Marks the lines whose amount rests on a figure the person typed (an override): the line that uses the figure and
/// every line after it, each worked out from the ones before, so that a slip never looks authoritative where a typed
/// figure went into it.
fn mark_edited(lines: &mut [SlipLine], inp: &Inputs, b: &BenefitWork, used_catalogue_rate: bool) {
    let adjustment = inp.adjustment.filter(|a| a.overridden);
    let class_b = used_catalogue_rate && inp.class_b_rate.is_some_and(|f| f.overridden);
    let cap = inp
        .benefits
        .annual_cap
        .as_ref()
        .is_some_and(|c| c.overridden);
    let mut upstream = false;
    for line in lines.iter_mut() {
        let own = match line.key {
            "class_b_prepay" => class_b,
            "adjustment_prepay" => adjustment.is_some(),
            "deductible" => {
                b.ded_fig.overridden
                    || adjustment.is_some_and(|a| {
                        matches!(a.adjustment, Adjustment::DeductibleOverride { .. })
                    })
            }
            "fund" => b.ratio_fig.overridden || cap || adjustment.is_some(),
            "over_cap" => cap,
            "second_layer" => inp
                .benefits
                .second_layer
                .as_ref()
                .is_some_and(|f| f.overridden),
            _ => false,
        };
        upstream |= own;
        line.edited = upstream;
    }
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
            formula: msg!("医保不支付", "the fund pays nothing"),
            sources: Vec::new(),
            edited: false,
        });
    }
    lines.push(SlipLine {
        key: "patient",
        label: label("patient"),
        amount: total,
        payer: Payer::Patient,
        formula: msg!(
            format!("{total}（全额自付）"),
            format!("{total} (all yours)"),
        ),
        sources: Vec::new(),
        edited: false,
    });
    Slip {
        lines,
        fund: ZERO,
        second_layer: ZERO,
        patient: total,
        account: ZERO,
        family_account: ZERO,
        cash: total,
    }
}

/// The eligible cost's formula: the total less its parts, and less the cross-region pre-payment (its amount, as its
/// own line shows it) where one was taken.
fn eligible_formula(s: &Split, adjustment_prepay: Option<Money>) -> Message {
    let f = format!(
        "{} − {} − {} − {}",
        s.total, s.out_of_catalogue, s.over_limit, s.class_b_prepay
    );
    math(match adjustment_prepay {
        Some(pre) => format!("{f} − {pre}"),
        None => f,
    })
}

/// A formula of figures only: the same in every language.
fn math(s: String) -> Message {
    msg!(s.clone(), s)
}

fn entered() -> Message {
    msg!("输入", "as entered")
}

/// The deductible still to pay on this visit (§5.3 step 2).
fn deductible_amount(
    fig: &Figure<DeductibleFigure>,
    adj: Option<&Adjustment>,
    total: Money,
    h: &History,
    stay: Option<&Figure<StayRule>>,
) -> Result<Money, Error> {
    if let Some(Adjustment::DeductibleOverride {
        amount,
        share,
        min,
        max,
        ..
    }) = adj
    {
        let mut d = amount.unwrap_or_else(|| share.map(|s| total.times(s).round()).unwrap_or(ZERO));
        if let Some(lo) = min {
            d = if d < *lo { *lo } else { d };
        }
        if let Some(hi) = max {
            d = d.min(*hi);
        }
        return Ok(d);
    }
    let f = &fig.value;
    let mut d = match f.per {
        DeductiblePer::Admission => f.amount,
        DeductiblePer::Year => (f.amount - h.deductible_paid.unwrap_or(ZERO)).max0(),
    };
    // R5.7: each further period of a split stay pays this admission's deductible again; a stay into a new benefit
    // year pays the new year's as well.
    let (splits, new_year) = stay.map_or((0, false), |s| s.value.extras());
    let too_large = || Error::at(ErrorCode::InvalidAmount, "visit.discharge");
    if f.per == DeductiblePer::Admission {
        d = with_splits(f, splits).ok_or_else(too_large)?;
        // R5.7a: the year's deductibles add up to at most the limit.
        if let Some(left) = year_left(f, h) {
            d = d.min(left);
        }
    }
    if new_year {
        d = d.checked_add(f.fresh).ok_or_else(too_large)?;
    }
    Ok(d)
}

/// A per-admission deductible with its split stay's further periods (R5.7): once, and once more for each; `None` past
/// the bound on amounts.
fn with_splits(f: &DeductibleFigure, splits: u32) -> Option<Money> {
    (0..splits.min(MAX_SPLITS)).try_fold(f.amount, |d, _| d.checked_add(f.amount))
}

/// What a per-admission deductible's yearly limit leaves this year (R5.7a): the limit less the deductible paid.
fn year_left(f: &DeductibleFigure, h: &History) -> Option<Money> {
    f.year_limit
        .map(|limit| (limit - h.deductible_paid.unwrap_or(ZERO)).max0())
}

/// The most further periods a split stay is charged for: beyond this many, a deductible is surely past the eligible
/// cost (a hundred years of 90-day periods).
const MAX_SPLITS: u32 = 400;

/// How [`deductible_amount`] found `full`.
fn deductible_formula(
    fig: &Figure<DeductibleFigure>,
    adj: Option<&Adjustment>,
    full: Money,
    total: Money,
    h: &History,
    stay: Option<&Figure<StayRule>>,
) -> Message {
    if let Some(Adjustment::DeductibleOverride {
        amount: None,
        share: Some(share),
        min,
        max,
        ..
    }) = adj
    {
        // A share of the total between a floor and a ceiling: the product, then the bound that held it.
        let product = total.times(*share).round();
        let (lo, hi) = (
            min.map_or(String::new(), |m| m.to_string()),
            max.map_or(String::new(), |m| m.to_string()),
        );
        let held = product != full;
        return msg!(
            format!("异地起付标准：总费用 {total} × {share} = {product}")
                + &(if held {
                    format!(" → {full}（{lo}–{hi}）")
                } else {
                    String::new()
                }),
            format!("cross-region deductible: total {total} × {share} = {product}")
                + &(if held {
                    format!(" → {full} ({lo}–{hi})")
                } else {
                    String::new()
                }),
        );
    }
    if let Some(Adjustment::DeductibleOverride { .. }) = adj {
        return msg!(
            format!("异地起付标准 {full}"),
            format!("cross-region deductible {full}"),
        );
    }
    let f = &fig.value;
    let base = match f.per {
        DeductiblePer::Admission => math(f.amount.to_string()),
        DeductiblePer::Year => {
            let paid = h.deductible_paid.unwrap_or(ZERO);
            math(format!("{} − {paid}", f.amount))
        }
    };
    let rule = stay.map(|s| &s.value);
    let (mut zh, mut en) = (base.zh.into_owned(), base.en.into_owned());
    let mut this_year = f.amount;
    if let (Some((every, n)), DeductiblePer::Admission) = (rule.and_then(|r| r.splits), f.per) {
        zh = format!(
            "{zh} + {} × {n}（连续住院每满{every}天另付一次起付线）",
            f.amount
        );
        en = format!(
            "{en} + {} × {n} (another deductible for each {every} days of a continuous stay)",
            f.amount
        );
        this_year = with_splits(f, n).unwrap_or(Money(Decimal::MAX));
    }
    // R5.7a: held to what the year's limit leaves, said where it holds.
    if let (Some(limit), Some(left), DeductiblePer::Admission) =
        (f.year_limit, year_left(f, h), f.per)
    {
        if left < this_year {
            let paid = h.deductible_paid.unwrap_or(ZERO);
            // What the limit leaves, never below nothing (helper-67: "2300.00 − 2500.00" read as negative).
            zh = format!("min({zh}, {left})（全年起付线累计以 {limit} 为限，本年已付 {paid}）");
            en = format!(
                "min({en}, {left}) (the year's deductibles add up to at most {limit}; {paid} paid this year)"
            );
        }
    }
    let Some(rule) = rule else {
        return msg!(zh, en);
    };
    if let Some((start, how)) = rule.crosses {
        match how {
            Some(crate::policy::YearCrossing::OneStay) => {
                zh = format!("{zh}（跨医保年度住院按一次住院计）");
                en = format!("{en} (a stay across the benefit year counts as one)");
            }
            _ => {
                zh = format!("{zh} + {}（{start} 起的新医保年度起付线）", f.fresh);
                en = format!(
                    "{en} + {} (the deductible of the benefit year from {start})",
                    f.fresh
                );
            }
        }
    }
    msg!(zh, en)
}

/// Applies a ratio cut to a band, holding it to the national cap (R3.3, R3.5): a cut beyond the cap is limited to it,
/// unless the person entered it (`capped` is set either way, for a warning).
fn adjust_segment(s: &Segment, adj: Option<&ChosenAdjustment>, capped: &mut bool) -> Segment {
    let Some(a) = adj else { return s.clone() };
    let r = s.ratio.0;
    // A share paid first takes `share` of the ratio's points off what the fund pays: a cut the person entered beyond
    // the cap is said, as for a ratio cut (the share is applied as entered).
    if let (Adjustment::PrepayShare { value }, Some(cap), true) =
        (&a.adjustment, a.cap, a.overridden)
    {
        if r * value.0 > cap.0 {
            *capped = true;
        }
    }
    let mut new = a.adjustment.ratio_change().map_or(s.ratio, |c| c.apply(r));
    if let Some(cap) = a.cap {
        if r - new.0 > cap.0 {
            // A cut the person entered is theirs to know (an insurer modelling its own): taken as entered, and said.
            if !a.overridden {
                new = Rate(r - cap.0).clamp01();
            }
            *capped = true;
        }
    }
    Segment {
        up_to: s.up_to,
        ratio: new,
    }
}

/// The slices of [s, e) falling in each band, with the band's ratio.
fn pieces(segs: impl IntoIterator<Item = Segment>, s: Decimal, e: Decimal) -> Vec<(Decimal, Rate)> {
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
        // The whole eligible cost within the deductible: nothing left to the fund, shown (it read "0.00" alone).
        [] if eligible > ZERO && ded >= eligible => format!("{eligible} − {ded} = 0.00"),
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

/// A layer (§5.3 step 4, R5.6b): bands over the year's accumulated base above its threshold, to its cap.
fn layer_work<'a>(layer: Layer, base_this: Money, prior: Money, paid: Money) -> LayerWork<'a> {
    let from = prior.0.max(layer.threshold.0);
    let to = (prior + base_this).0;
    let shift = match layer.segment_basis {
        SecondLayerBasis::Cumulative => Decimal::ZERO,
        SecondLayerBasis::AboveThreshold => layer.threshold.0,
    };
    let pieces = if to > from {
        pieces(layer.segments.iter().cloned(), from - shift, to - shift)
    } else {
        Vec::new()
    };
    let raw: Decimal = pieces.iter().map(|(len, r)| len * r.0).sum();
    let mut pay = Money(raw);
    let mut left = None;
    if let Some(cap) = layer.cap {
        let l = (cap - paid).max0();
        if pay > l {
            pay = l;
            left = Some(l);
        }
    }
    LayerWork {
        layer,
        one_layer: false,
        source_ids: &[],
        not_eligible: None,
        pay: pay.round(),
        pieces,
        to,
        left,
    }
}

fn layer_formula(s: &LayerWork) -> Message {
    let l = &s.layer;
    if let Some(g) = s.not_eligible {
        let who = group_label(g);
        return msg!(
            format!("仅适用于{}，未填写该身份，不支付", who.zh),
            format!(
                "only for {}, which you did not say you are: nothing paid",
                who.en
            ),
        );
    }
    let formula = match (s.pieces.is_empty(), l.applies_to) {
        (false, _) => math(pieces_text(&s.pieces)),
        (true, SecondLayerBase::AboveBasicCap) => msg!(
            "未超过基本医保年度限额，不支付",
            "nothing above the basic fund's cap: nothing due",
        ),
        (true, SecondLayerBase::PatientShare) => {
            let so_far = Money(s.to).round();
            msg!(
                format!("本年累计个人负担 {so_far} 未超过起付线 {}", l.threshold),
                format!(
                    "your share this year, {so_far}, is below the threshold of {}",
                    l.threshold
                ),
            )
        }
    };
    match s.left {
        None => formula,
        Some(left) => msg!(
            format!("{}，按剩余封顶 {left} 支付", formula.zh),
            format!("{}, capped: the {left} left is paid", formula.en),
        ),
    }
}

/// The words for a group a layer may be limited to.
pub fn group_label(g: Group) -> Message {
    match g {
        Group::CivilServant => msg!("公务员医疗补助对象", "civil servants"),
        Group::AssistanceRecipient => msg!("医疗救助对象", "medical-assistance recipients"),
    }
}

/// The slip key and label of a layer's line: the one-layer form keeps `second_layer`; a listed layer is named by its
/// kind, with the region's own name beside it.
fn layer_line(s: &LayerWork) -> (&'static str, Message) {
    if s.one_layer {
        return ("second_layer", label("second_layer"));
    }
    let key = layer_key(s.layer.kind);
    let base = label(key);
    match &s.layer.name {
        None => (key, base),
        Some(n) => (
            key,
            msg!(format!("{}（{n}）", base.zh), format!("{} ({n})", base.en)),
        ),
    }
}

pub fn layer_key(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::LargeExpense => "large_expense",
        LayerKind::CriticalIllness => "critical_illness",
        LayerKind::Supplementary => "supplementary",
        LayerKind::CivilServant => "civil_servant",
        LayerKind::MedicalAssistance => "medical_assistance",
    }
}

/// The personal account pays the in-scope personal share (R4.6: "政策范围内自付费用"); whether it may pay items
/// outside the catalogue is each region's choice, so the safe reading is that it may not. A family member's shared
/// account (家庭共济, R4.6b) pays after it, within the same share.
fn account_lines(
    a: &AccountWork,
    patient: Money,
    lines: &mut Vec<SlipLine>,
    warnings: &mut Vec<Warning>,
) -> (Money, Money, Money) {
    if a.no_account {
        warnings.push(Warning::new(
            "no_personal_account",
            "居民医保一般没有个人账户，余额未计入",
            "Resident insurance has no personal account; the balance was ignored",
        ));
    }
    if a.not_at_hospital {
        warnings.push(Warning::new(
            "account_not_at_hospital",
            "未在就医地直接结算：个人账户不能在外地支付，费用须全额垫付；回参保地报销时个人账户能否支付由参保地规定",
            "Not settled at the hospital: the personal account cannot pay there, so the bill is paid in full; whether it pays at the claim at home is your region's rule",
        ));
    }
    if a.own_balance.is_none() && a.family_balance.is_none() {
        return (ZERO, ZERO, patient);
    }
    let share = a.in_scope_share.max0();
    if let Some(balance) = a.own_balance {
        lines.push(SlipLine {
            key: "account",
            label: label("account"),
            amount: a.own,
            payer: Payer::Patient,
            formula: math(format!("min({balance}, {share})")),
            sources: Vec::new(),
            edited: false,
        });
    }
    if let Some(balance) = a.family_balance {
        lines.push(SlipLine {
            key: "family_account",
            label: label("family_account"),
            amount: a.family,
            payer: Payer::Patient,
            formula: math(format!("min({balance}, {share} − {})", a.own)),
            sources: Vec::new(),
            edited: false,
        });
        warnings.push(Warning::new(
            "family_account_assumed",
            "家庭共济账户按与本人账户相同的范围（政策范围内个人自付部分）在本人账户之后支付估算；共济须事先绑定，具体以参保地规定为准",
            "The family member's shared account is assumed to pay, after your own, within the same in-scope share; it must be linked beforehand, and your region's rules decide",
        ));
    }
    let paid = if a.family_balance.is_some() {
        format!("{patient} − {} − {}", a.own, a.family)
    } else {
        format!("{patient} − {}", a.own)
    };
    lines.push(SlipLine {
        key: "cash",
        label: label("cash"),
        amount: a.cash,
        payer: Payer::Patient,
        formula: math(paid),
        sources: Vec::new(),
        edited: false,
    });
    if a.own_balance.is_some() {
        warnings.push(Warning::new(
            "account_scope_assumed",
            "个人账户按只支付政策范围内个人自付部分估算；能否支付全自费项目由参保地规定",
            "The personal account is assumed to pay only the in-scope personal share; your region may allow more",
        ));
    }
    (a.own + a.family, a.family, a.cash)
}

pub fn label(key: &str) -> Message {
    let (zh, en): (&'static str, &'static str) = match key {
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
        "family_account" => ("家庭共济账户支付", "From a family member's shared account"),
        "over_quota" => ("超出限额（定额）部分", "Above the quota"),
        "large_expense" => ("大额医疗费用补助支付", "Large-expense subsidy pays"),
        "critical_illness" => ("大病保险支付", "Critical-illness insurance pays"),
        "supplementary" => ("补充医疗保险支付", "Supplementary insurance pays"),
        "civil_servant" => ("公务员医疗补助支付", "Civil-servant medical subsidy pays"),
        "medical_assistance" => ("医疗救助支付", "Medical assistance pays"),
        "cash" => ("现金支付", "In cash"),
        _ => return Message::new(key.to_string(), key.to_string()),
    };
    msg!(zh, en)
}
