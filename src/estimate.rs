//! The estimate: the filing verdict, the settlement route, and the settlement slip line by line, each line with its
//! formula and the sources of the figures in it (after FHIR ExplanationOfBenefit: an adjudication per line).

use crate::error::Message;
use crate::money::{Money, Rate};
use crate::query::{Adjustment, CapBasis, DeductiblePer, SecondLayer, Segment, SegmentBasis};
use serde::Serialize;

pub use crate::policy::{Category, SourceRef};

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Estimate {
    pub filing: FilingVerdict,
    pub settlement: Settlement,
    pub lines: Vec<SlipLine>,
    /// 基本医疗保险统筹基金支付
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub fund_pays: Money,
    /// What the layers above the basic fund pay together (大额医疗费用补助, 大病保险, 公务员医疗补助, 医疗救助; R5.6f)
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub second_layer_pays: Money,
    /// 个人负担 = total − fund − second layer
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub patient_pays: Money,
    /// What the insurance pays in all: the basic fund and every layer above it (= total − patient_pays).
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub insurance_pays: Money,
    /// Each payer's part of the bill, for a bar: those with something to pay, in the slip's order.
    pub shares: Vec<Share>,
    /// What the personal accounts pay: the person's own and a family member's shared one together (R4.6, R4.6b).
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub account_pays: Money,
    /// Of `account_pays`, what the family member's shared account (家庭共济) pays.
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub family_account_pays: Money,
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub cash_pays: Money,
    pub warnings: Vec<Warning>,
    pub policy_version: String,
    /// Every figure used, with where it came from.
    pub parameters: Vec<ParameterUsed>,
    /// Names of the figures that came from `overrides`.
    #[cfg_attr(feature = "schema", ts(as = "Vec<crate::types::ParameterName>"))]
    pub overridden: Vec<String>,
    /// Present when some figure is not the insured region's own (`basis: typical`): the lowest and highest amounts
    /// over the regions whose figures stood in, why, and what to ask for the exact amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(optional))]
    pub range: Option<Range>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum FilingStatus {
    NotRequired,
    Valid,
    Missing,
    LateBeforeDischarge,
    LateAfterDischarge,
    Expired,
    /// A temporary filing given without its end, and an admission after the national minimum validity: it may have
    /// ended (R1.9a). Estimated as ended; the person is asked for the end on the filing record.
    EndUnknown,
    NotYetValid,
    DeemedFiled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum FilingReason {
    /// 参保地 and 就医地 are the same pooling region.
    SameRegion,
    /// 省内异地 where the province waives filing for this visit kind.
    IntraProvinceExempt,
    /// 省内异地 where the province requires filing.
    IntraProvince,
    /// 省内异地 where the sources leave the province's rule open: treated as requiring filing.
    IntraProvinceUnknown,
    /// A regional arrangement (京津冀, 成渝 …) deems the visit filed.
    RegionalArrangement,
    CrossProvince,
    /// 异地急诊抢救 is deemed filed (R1.2).
    Emergency,
    /// The filing names another area than the place of treatment.
    FilingAreaMismatch,
    /// The filing held is for another kind of visit (a childbirth filing, R6.1).
    FilingKindMismatch,
}

/// Which of the filings held the verdict rests on (R1.13), when the query gives any.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct FilingUsed {
    /// Its place in `filings` (0 for a single `filing`).
    pub index: usize,
    pub category: crate::query::FilingCategory,
    pub area: String,
    /// Why this one, in words.
    pub message: Message,
}

/// Why the fund pays nothing (route `not_covered`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum NotCoveredReason {
    /// Contributions not in good standing on the visit date (`insured.enrolled: false`, R1.14).
    NotEnrolled,
    /// Admitted before benefits start (待遇等待期, R6.2).
    WaitingPeriod,
    /// An institution that is not designated (非定点, R1.16).
    NotDesignated,
    /// The insured region pays nothing for this visit kind under this category (R3.5 `not_covered`).
    CategoryNotCovered,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct FilingVerdict {
    pub required: bool,
    pub status: FilingStatus,
    pub reason: FilingReason,
    /// The arrangement that applied, if any (its id in the data).
    pub arrangement: Option<String>,
    /// The filing held that decided the verdict, when any was given (R1.13).
    pub filing_used: Option<FilingUsed>,
    pub message: Message,
    pub sources: Vec<SourceRef>,
    #[serde(skip)]
    pub source_ids: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Route {
    /// Treated in the insured region itself.
    Local,
    /// 直接结算 at the hospital.
    Direct,
    /// 先垫付后回参保地手工报销.
    Manual,
    /// 医保不支付.
    NotCovered,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Settlement {
    pub route: Route,
    /// Why the fund pays nothing, when the route is `not_covered`.
    pub reason: Option<NotCoveredReason>,
    pub category: Category,
    /// The ratio adjustment applied, described with its figure.
    pub adjustment: Option<AppliedAdjustment>,
    /// Whose catalogue splits the bill: the place of treatment for direct settlement (R3.1), the insured region for a
    /// manual claim (R3.8).
    pub catalogue_region: String,
    pub message: Message,
    /// What to do next, in order.
    pub next_steps: Vec<Message>,
    pub sources: Vec<SourceRef>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct AppliedAdjustment {
    #[cfg_attr(feature = "schema", ts(as = "crate::query::AdjustmentOp"))]
    pub op: String,
    pub value: Option<String>,
    pub description: Message,
    pub overridden: bool,
    pub sources: Vec<SourceRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Payer {
    /// A sum shown for reference (total, eligible): nobody pays it as such.
    Info,
    Fund,
    SecondLayer,
    Patient,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct SlipLine {
    #[cfg_attr(feature = "schema", ts(as = "crate::types::SlipKey"))]
    pub key: &'static str,
    pub label: Message,
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub amount: Money,
    pub payer: Payer,
    /// The computation with the figures used, e.g. `(20000.00 − 800.00) × 88.8%`, in each language.
    pub formula: Message,
    pub sources: Vec<SourceRef>,
    /// The amount rests on a figure the person typed (an override), here or in a line before it: shown as 已修改.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", ts(as = "Option<bool>", optional))]
    pub edited: bool,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct ParameterUsed {
    /// Stable name, the same as the override that would replace it (`deductible`, `ratio`, …).
    #[cfg_attr(feature = "schema", ts(as = "crate::types::ParameterName"))]
    pub name: &'static str,
    pub label: Message,
    /// The figure in words, e.g. `800.00（每次住院）`, `88.8%`, `≤10000 85%；其上 90%`.
    pub value: Message,
    /// Machine form, as the matching override would give it.
    pub raw: RawFigure,
    pub overridden: bool,
    /// Whose figure this is: the insured region's own, its province's, a typical stand-in, or the user's.
    pub basis: Basis,
    /// For a typical figure, its lowest and highest over the regions that stood in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(optional))]
    pub typical: Option<Span<String>>,
    pub sources: Vec<SourceRef>,
    /// When this figure came into force.
    #[cfg_attr(feature = "schema", ts(as = "Option<crate::policy::Since>"))]
    pub from: Option<String>,
    #[cfg_attr(feature = "schema", ts(as = "Option<crate::money::date::Schema>"))]
    pub last_verified: Option<String>,
}

/// Whose figure a parameter is (issue 11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Basis {
    /// The insured region's own sourced figure.
    Region,
    /// A province-wide schedule, where the region has none of its own.
    Province,
    /// Another region's figure standing in (see the estimate's `range`).
    Typical,
    /// Entered by the user (an override).
    User,
    /// Neither on file nor entered: an assumption the estimate states in a warning (R4.7: a pharmacy purchase's
    /// pooled payment taken as nil where the region's is not on file).
    Assumed,
}

/// A figure in machine form: the fields of the override (or policy row) that would give it.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum RawFigure {
    Deductible {
        amount: Money,
        per: DeductiblePer,
    },
    Ratio {
        ratio: Rate,
    },
    Bands {
        segments: Vec<Segment>,
        segment_basis: SegmentBasis,
    },
    Cap {
        amount: Money,
        basis: CapBasis,
    },
    SecondLayer(SecondLayer),
    Layers(Vec<crate::query::Layer>),
    Quota(crate::query::Quota),
    Rate {
        rate: Rate,
    },
    Adjustment(Adjustment),
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Warning {
    pub code: &'static str,
    pub message: Message,
}

impl Warning {
    pub fn new(
        code: &'static str,
        zh: impl Into<crate::error::Text>,
        en: impl Into<crate::error::Text>,
    ) -> Warning {
        Warning {
            code,
            message: msg!(zh, en),
        }
    }
}

impl Estimate {
    pub fn line(&self, key: &str) -> Option<&SlipLine> {
        self.lines.iter().find(|l| l.key == key)
    }
}

/// A payer's part of the bill: its amount and its percentage of the whole, to one decimal (half away from zero).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Share {
    pub payer: Payer,
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub amount: Money,
    /// "56.8": percent of the bill, one decimal.
    pub percent: String,
}

/// The parts of those who pay something (nothing when nobody does). Amounts are bounded where they are read, so the
/// sum and the percentages cannot overflow; a part that could not be worked out is left out rather than guessed. The
/// percentages add up to 100.0: each is cut to a tenth, and the tenths left over go to the largest remainders (70.7 and
/// 29.4 were shown for 70.65 and 29.35).
pub fn shares(parts: &[(Payer, Money)]) -> Vec<Share> {
    use rust_decimal::Decimal;
    let paying: Vec<(Payer, Money)> = parts
        .iter()
        .filter(|(_, m)| m.0 > Decimal::ZERO)
        .copied()
        .collect();
    let Some(sum) = paying
        .iter()
        .try_fold(Decimal::ZERO, |a, (_, m)| a.checked_add(m.0))
    else {
        return Vec::new();
    };
    // Each part in tenths of a percent, exactly, then cut.
    let Some(exact) = paying
        .iter()
        .map(|(_, m)| m.0.checked_mul(Decimal::ONE_THOUSAND)?.checked_div(sum))
        .collect::<Option<Vec<Decimal>>>()
    else {
        return Vec::new();
    };
    let mut tenths: Vec<Decimal> = exact.iter().map(|e| e.floor()).collect();
    let mut left = Decimal::ONE_THOUSAND - tenths.iter().copied().sum::<Decimal>();
    while left > Decimal::ZERO {
        // The largest remainder not yet raised (a handful of parts: a scan each time).
        let Some(i) = (0..exact.len())
            .filter(|&i| tenths[i] == exact[i].floor())
            .max_by(|&a, &b| {
                (exact[a] - tenths[a])
                    .cmp(&(exact[b] - tenths[b]))
                    .then(b.cmp(&a))
            })
        else {
            break;
        };
        tenths[i] += Decimal::ONE;
        left -= Decimal::ONE;
    }
    paying
        .iter()
        .zip(tenths)
        .map(|((payer, m), t)| Share {
            payer: *payer,
            amount: *m,
            percent: format!("{:.1}", t / Decimal::TEN),
        })
        .collect()
}

/// Percent display for adjustments (a cut of 0.1 = "10 个百分点").
pub fn points(r: Rate) -> String {
    (r.0 * rust_decimal::Decimal::ONE_HUNDRED)
        .normalize()
        .to_string()
}

// The range of an estimate made with stand-in figures (issue 11; worked out in `typical`).

/// Which regions the stand-ins were drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(rename = "RangeScope"))]
pub enum Scope {
    /// The insured region's own figures, for each value of a detail the query did not give (age, status, level).
    Region,
    /// Regions of the insured region's own province.
    Province,
    /// Regions anywhere in the country.
    Nation,
}

/// The lowest and highest of a figure or an amount over the stand-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Span<T> {
    pub low: T,
    pub high: T,
}

impl<T: Ord + Copy> Span<T> {
    pub fn over(values: impl IntoIterator<Item = T>) -> Option<Span<T>> {
        let mut it = values.into_iter();
        let first = it.next()?;
        Some(it.fold(
            Span {
                low: first,
                high: first,
            },
            |s, v| Span {
                low: s.low.min(v),
                high: s.high.max(v),
            },
        ))
    }
}

/// The range of an estimate worked out with stand-in figures (issue 11): what the funds and the patient pay, lowest and
/// highest over the stand-in regions, and what to ask the insured region to get the exact amount.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Range {
    #[cfg_attr(feature = "schema", ts(as = "Span<String>"))]
    pub fund_pays: Span<Money>,
    #[cfg_attr(feature = "schema", ts(as = "Span<String>"))]
    pub second_layer_pays: Span<Money>,
    #[cfg_attr(feature = "schema", ts(as = "Span<String>"))]
    pub patient_pays: Span<Money>,
    /// What the insurance pays in all (the fund and the layers above it), lowest and highest: what comes back by a
    /// claim, or is settled at the hospital.
    #[cfg_attr(feature = "schema", ts(as = "Span<String>"))]
    pub insurance_pays: Span<Money>,
    /// The figures that are not the insured region's own (`deductible`, `ratio`, `annual_cap`, `second_layer`).
    #[cfg_attr(feature = "schema", ts(as = "Vec<crate::types::ParameterName>"))]
    pub typical: Vec<&'static str>,
    pub scope: Scope,
    /// How many regions' figures stood in, and which gave the lowest and the highest fund payment.
    pub regions: usize,
    pub lowest: String,
    pub highest: String,
    /// A plain statement that these are not the region's published figures, and how the range was found.
    pub explanation: Message,
    /// What to ask on 12393 (or at the insured region's office): the figures that decide the amount.
    pub ask: Message,
}
