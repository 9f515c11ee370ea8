//! The query: who is insured where, the visit, the filing they hold, the bill, this year's history, and any figures
//! the user or an embedder supplies. JSON, snake_case; amounts as decimal strings (numbers accepted); dates YYYY-MM-DD.
//! The serde attributes describe the wire form (for output and the JSON Schema); the `FromJson` impls below read it.

use crate::money::{date, Money, Rate};
use crate::read::{FromJson, Named, Node};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Query {
    pub insured: Insured,
    pub visit: Visit,
    /// Absent = no filing.
    pub filing: Option<Filing>,
    pub bill: Bill,
    pub history: History,
    pub personal_account_balance: Option<Money>,
    pub overrides: Overrides,
    /// Where the person stands when asking (issue 12): it sets what the options talk about.
    pub situation: Option<Situation>,
    /// The day the question is asked (the device's date): deadlines and "file now" are reckoned from it.
    #[serde(with = "date::option")]
    pub today: Option<NaiveDate>,
}

/// Where the person stands: planning a stay, in hospital now, or discharged (and already paid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    #[default]
    Planning,
    InHospital,
    Discharged,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Insured {
    /// GB/T 2260 code (or a name) of the pooling region; a municipality is its province code (北京 110000).
    pub region: String,
    pub scheme: Scheme,
    pub status: Option<Status>,
    pub age: Option<u32>,
    /// Contributions in good standing on the visit date.
    pub enrolled: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// 职工医保
    #[default]
    Employee,
    /// 城乡居民医保
    Resident,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 在职
    #[default]
    Employed,
    /// 退休
    Retired,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Visit {
    pub region: String,
    pub kind: VisitKind,
    pub chronic_disease: Option<String>,
    pub hospital_level: Option<Level>,
    /// A cross-province networked designated institution (跨省联网定点).
    pub networked: bool,
    pub emergency: bool,
    #[serde(with = "date::option")]
    pub admission: Option<NaiveDate>,
    #[serde(with = "date::option")]
    pub discharge: Option<NaiveDate>,
    /// The single date of an outpatient or pharmacy visit.
    #[serde(with = "date::option")]
    pub date: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    /// 住院
    #[default]
    Inpatient,
    /// 普通门诊
    Outpatient,
    /// 门诊慢特病
    ChronicOutpatient,
    /// 药店购药
    Pharmacy,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 社区卫生服务中心 (where a city distinguishes it)
    #[default]
    Community,
    Primary,
    Secondary,
    Tertiary,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Filing {
    pub category: FilingCategory,
    /// For long-term filings: 异地安置退休 / 异地长期居住 / 常驻异地工作.
    pub long_term_kind: Option<LongTermKind>,
    #[serde(with = "date")]
    pub start: NaiveDate,
    /// Null = open-ended (long-term filings, R1.8).
    #[serde(with = "date::option")]
    pub end: Option<NaiveDate>,
    /// The day the filing was made, when it differs from the start of its validity (a backdated 补办, R1.11).
    #[serde(with = "date::option")]
    pub filed_on: Option<NaiveDate>,
    /// The filed city, or the province for 北京/天津/上海/重庆/海南/西藏 (R1.3).
    pub area: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingCategory {
    #[default]
    LongTerm,
    Referral,
    Emergency,
    TemporaryOther,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongTermKind {
    #[default]
    Retiree,
    Resident,
    PostedWorker,
}

/// Either totals or itemized lines (or both, when they agree).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Bill {
    pub total: Option<Money>,
    /// 全自费: outside the catalogue (丙类).
    pub out_of_catalogue: Option<Money>,
    /// 超限价: above the catalogue's price limit.
    pub over_limit: Option<Money>,
    pub class_b: Option<ClassB>,
    pub lines: Option<Vec<Line>>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ClassB {
    pub amount: Option<Money>,
    pub prepay_rate: Option<Rate>,
    pub prepay_amount: Option<Money>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Line {
    pub name: Option<String>,
    pub amount: Money,
    pub class: LineClass,
    pub prepay_rate: Option<Rate>,
    pub over_limit: Option<Money>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum LineClass {
    /// 甲类: wholly within scope.
    #[default]
    A,
    /// 乙类: within scope after a pre-payment share.
    B,
    /// 丙类 / outside the catalogue.
    C,
}

/// This benefit year before the visit.
#[derive(Clone, Debug, Default, Serialize)]
pub struct History {
    /// Admissions already settled this year (0 = this is the first).
    pub admissions: u32,
    pub deductible_paid: Option<Money>,
    pub fund_paid: Option<Money>,
    /// Eligible (policy-scope) cost already incurred this year, for bands over cumulative cost.
    pub eligible_so_far: Option<Money>,
    /// The patient's share of eligible cost already accumulated for the second layer.
    pub second_layer_base_so_far: Option<Money>,
    pub second_layer_paid: Option<Money>,
}

/// Figures supplied by the user or an embedder; each replaces the data's figure and is reported as overridden.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    pub deductible: Option<Money>,
    pub deductible_per: Option<DeductiblePer>,
    pub ratio: Option<Rate>,
    pub segments: Option<Vec<Segment>>,
    pub segment_basis: Option<SegmentBasis>,
    pub annual_cap: Option<Money>,
    pub annual_cap_basis: Option<CapBasis>,
    pub class_b_prepay_rate: Option<Rate>,
    pub second_layer: Option<SecondLayer>,
    pub adjustment: Option<Adjustment>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeductiblePer {
    #[default]
    Admission,
    Year,
}

/// A band of a segmented ratio: applies up to `up_to` (the last band has none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Segment {
    #[serde(default)]
    pub up_to: Option<Money>,
    pub ratio: Rate,
}

/// Band limits strictly increase and only the last band is open-ended.
pub fn well_formed(segs: &[Segment]) -> bool {
    let n = segs.len();
    let limits_increase = segs.windows(2).all(|w| match (w[0].up_to, w[1].up_to) {
        (Some(a), Some(b)) => b > a,
        (Some(_), None) => true,
        (None, _) => false,
    });
    n > 0
        && limits_increase
        && segs.last().is_some_and(|s| s.up_to.is_none())
        && segs
            .iter()
            .all(|s| s.up_to.is_none_or(|u| !u.is_negative()))
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SegmentBasis {
    /// Band limits are cumulative eligible cost in the year, measured from 0 (the deductible sits in the first band).
    #[default]
    CumulativeEligible,
    /// Band limits are measured on the amount above the deductible.
    AboveDeductible,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapBasis {
    /// The cap limits what the fund pays in the year.
    #[default]
    Fund,
    /// The cap limits the eligible cost the fund takes into account (武汉: "含统筹基金支付和个人自付").
    Eligible,
}

/// The second layer: 大病保险 (residents) or 大额医疗费用补助 (employees).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SecondLayer {
    #[serde(default)]
    pub threshold: Money,
    pub segments: Vec<Segment>,
    #[serde(default = "cumulative")]
    pub segment_basis: SecondLayerBasis,
    #[serde(default)]
    pub cap: Option<Money>,
    /// What it pays on; the default is the patient's accumulated share (typical of 大病).
    #[serde(default = "patient_share")]
    pub applies_to: SecondLayerBase,
}

fn cumulative() -> SecondLayerBasis {
    SecondLayerBasis::Cumulative
}
fn patient_share() -> SecondLayerBase {
    SecondLayerBase::PatientShare
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondLayerBasis {
    /// Band limits measured on the accumulated base from 0 (the threshold sits in the first band).
    #[default]
    Cumulative,
    /// Band limits measured on the amount above the threshold.
    AboveThreshold,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondLayerBase {
    /// The patient's share of eligible cost accumulated in the year: deductible + coinsurance + above the cap (大病).
    #[default]
    PatientShare,
    /// The eligible cost above the basic fund's cap (大额).
    AboveBasicCap,
}

/// A cross-region ratio adjustment (R3.5), as data or as an override. On the wire: `{"op": …, "value": …}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "AdjustmentSpec"))]
#[serde(into = "AdjustmentSpec")]
pub enum Adjustment {
    /// No change: the insured region's local standard.
    #[default]
    None,
    /// ratio − value (value as a fraction: 0.1 = 10 percentage points).
    PpReduction { value: Rate },
    /// ratio × value.
    Multiplier { value: Rate },
    /// A flat share of the in-scope cost the patient pays first (转诊先自付, 厦门's 10%).
    PrepayShare { value: Rate },
    /// A different deductible: a fixed amount, or a share of the total between a floor and a ceiling.
    DeductibleOverride {
        amount: Option<Money>,
        share: Option<Rate>,
        min: Option<Money>,
        max: Option<Money>,
    },
    /// The fund pays nothing for this visit kind under this category (珠海: 普通门诊 for referral).
    NotCovered,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentOp {
    #[default]
    None,
    PpReduction,
    Multiplier,
    PrepayShare,
    DeductibleOverride,
    NotCovered,
}

impl AdjustmentOp {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(name, _)| name)
    }
}

/// The wire form of an adjustment: `op` and the figures it takes.
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentSpec {
    pub op: AdjustmentOp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Money>,
}

impl From<Adjustment> for AdjustmentSpec {
    fn from(a: Adjustment) -> AdjustmentSpec {
        let mut s = AdjustmentSpec {
            op: AdjustmentOp::None,
            value: None,
            amount: None,
            share: None,
            min: None,
            max: None,
        };
        match a {
            Adjustment::None => {}
            Adjustment::PpReduction { value } => {
                (s.op, s.value) = (AdjustmentOp::PpReduction, Some(value))
            }
            Adjustment::Multiplier { value } => {
                (s.op, s.value) = (AdjustmentOp::Multiplier, Some(value))
            }
            Adjustment::PrepayShare { value } => {
                (s.op, s.value) = (AdjustmentOp::PrepayShare, Some(value))
            }
            Adjustment::DeductibleOverride {
                amount,
                share,
                min,
                max,
            } => {
                s = AdjustmentSpec {
                    op: AdjustmentOp::DeductibleOverride,
                    value: None,
                    amount,
                    share,
                    min,
                    max,
                };
            }
            Adjustment::NotCovered => s.op = AdjustmentOp::NotCovered,
        }
        s
    }
}

impl Adjustment {
    /// The field at fault when an adjustment's figures contradict each other (a deductible override's floor above its
    /// ceiling, or both a fixed amount and a share), else `None`. The validator and the query check both ask this.
    pub fn contradiction(&self) -> Option<&'static str> {
        match self {
            Adjustment::DeductibleOverride {
                amount: Some(_),
                share: Some(_),
                ..
            } => Some("share"),
            Adjustment::DeductibleOverride {
                min: Some(lo),
                max: Some(hi),
                ..
            } if lo > hi => Some("max"),
            _ => None,
        }
    }
}

impl FromJson for Query {
    fn read(n: &Node) -> Query {
        let o = n.object(&[
            "insured",
            "visit",
            "filing",
            "bill",
            "history",
            "personal_account_balance",
            "overrides",
            "situation",
            "today",
        ]);
        Query {
            insured: o.req("insured"),
            visit: o.req("visit"),
            filing: o.opt("filing"),
            bill: o.req("bill"),
            history: o.or_default("history"),
            personal_account_balance: o.opt("personal_account_balance"),
            overrides: o.or_default("overrides"),
            situation: o.opt("situation"),
            today: o.opt("today"),
        }
    }
}

impl Named for Situation {
    const NAMES: &'static [(&'static str, Situation)] = &[
        ("planning", Situation::Planning),
        ("in_hospital", Situation::InHospital),
        ("discharged", Situation::Discharged),
    ];
}

impl FromJson for Insured {
    fn read(n: &Node) -> Insured {
        let o = n.object(&["region", "scheme", "status", "age", "enrolled"]);
        Insured {
            region: o.req("region"),
            scheme: o.req("scheme"),
            status: o.opt("status"),
            age: o.opt("age"),
            enrolled: o.or("enrolled", true),
        }
    }
}

impl FromJson for Visit {
    fn read(n: &Node) -> Visit {
        let o = n.object(&[
            "region",
            "kind",
            "chronic_disease",
            "hospital_level",
            "networked",
            "emergency",
            "admission",
            "discharge",
            "date",
        ]);
        Visit {
            region: o.req("region"),
            kind: o.req("kind"),
            chronic_disease: o.opt("chronic_disease"),
            hospital_level: o.opt("hospital_level"),
            networked: o.or("networked", true),
            emergency: o.or("emergency", false),
            admission: o.opt("admission"),
            discharge: o.opt("discharge"),
            date: o.opt("date"),
        }
    }
}

/// Accepted names of a filing's long-term kind.
const LONG_TERM_KIND: [&str; 4] = ["long_term_kind", "kind", "sub_kind", "subkind"];

impl FromJson for Filing {
    fn read(n: &Node) -> Filing {
        let mut fields = vec!["category", "start", "end", "filed_on", "area"];
        fields.extend(LONG_TERM_KIND);
        let o = n.object(&fields);
        Filing {
            category: o.req("category"),
            long_term_kind: o.opt_any(&LONG_TERM_KIND),
            start: o.req("start"),
            end: o.opt("end"),
            filed_on: o.opt("filed_on"),
            area: o.req("area"),
        }
    }
}

impl FromJson for Bill {
    fn read(n: &Node) -> Bill {
        let o = n.object(&[
            "total",
            "out_of_catalogue",
            "over_limit",
            "class_b",
            "lines",
        ]);
        Bill {
            total: o.opt("total"),
            out_of_catalogue: o.opt("out_of_catalogue"),
            over_limit: o.opt("over_limit"),
            class_b: o.opt("class_b"),
            lines: o.opt("lines"),
        }
    }
}

impl FromJson for ClassB {
    fn read(n: &Node) -> ClassB {
        let o = n.object(&["amount", "prepay_rate", "prepay_amount"]);
        ClassB {
            amount: o.opt("amount"),
            prepay_rate: o.opt("prepay_rate"),
            prepay_amount: o.opt("prepay_amount"),
        }
    }
}

impl FromJson for Line {
    fn read(n: &Node) -> Line {
        let o = n.object(&["name", "amount", "class", "prepay_rate", "over_limit"]);
        Line {
            name: o.opt("name"),
            amount: o.req("amount"),
            class: o.req("class"),
            prepay_rate: o.opt("prepay_rate"),
            over_limit: o.opt("over_limit"),
        }
    }
}

impl FromJson for History {
    fn read(n: &Node) -> History {
        let o = n.object(&[
            "admissions",
            "deductible_paid",
            "fund_paid",
            "eligible_so_far",
            "second_layer_base_so_far",
            "second_layer_paid",
        ]);
        History {
            admissions: o.or("admissions", 0),
            deductible_paid: o.opt("deductible_paid"),
            fund_paid: o.opt("fund_paid"),
            eligible_so_far: o.opt("eligible_so_far"),
            second_layer_base_so_far: o.opt("second_layer_base_so_far"),
            second_layer_paid: o.opt("second_layer_paid"),
        }
    }
}

impl FromJson for Overrides {
    fn read(n: &Node) -> Overrides {
        let o = n.object(&[
            "deductible",
            "deductible_per",
            "ratio",
            "segments",
            "segment_basis",
            "annual_cap",
            "annual_cap_basis",
            "class_b_prepay_rate",
            "second_layer",
            "adjustment",
        ]);
        Overrides {
            deductible: o.opt("deductible"),
            deductible_per: o.opt("deductible_per"),
            ratio: o.opt("ratio"),
            segments: o.opt("segments"),
            segment_basis: o.opt("segment_basis"),
            annual_cap: o.opt("annual_cap"),
            annual_cap_basis: o.opt("annual_cap_basis"),
            class_b_prepay_rate: o.opt("class_b_prepay_rate"),
            second_layer: o.opt("second_layer"),
            adjustment: o.opt("adjustment"),
        }
    }
}

impl FromJson for Segment {
    fn read(n: &Node) -> Segment {
        let o = n.object(&["up_to", "ratio"]);
        Segment {
            up_to: o.opt("up_to"),
            ratio: o.req("ratio"),
        }
    }
}

impl FromJson for SecondLayer {
    fn read(n: &Node) -> SecondLayer {
        let o = n.object(&[
            "threshold",
            "segments",
            "segment_basis",
            "cap",
            "applies_to",
        ]);
        SecondLayer {
            threshold: o.or_default("threshold"),
            segments: o.req("segments"),
            segment_basis: o.or("segment_basis", cumulative()),
            cap: o.opt("cap"),
            applies_to: o.or("applies_to", patient_share()),
        }
    }
}

impl FromJson for Adjustment {
    fn read(n: &Node) -> Adjustment {
        let o = n.object(&["op", "value", "amount", "share", "min", "max"]);
        let value = || o.req::<Rate>("value");
        match o.req("op") {
            AdjustmentOp::None => Adjustment::None,
            AdjustmentOp::PpReduction => Adjustment::PpReduction { value: value() },
            AdjustmentOp::Multiplier => Adjustment::Multiplier { value: value() },
            AdjustmentOp::PrepayShare => Adjustment::PrepayShare { value: value() },
            AdjustmentOp::DeductibleOverride => Adjustment::DeductibleOverride {
                amount: o.opt("amount"),
                share: o.opt("share"),
                min: o.opt("min"),
                max: o.opt("max"),
            },
            AdjustmentOp::NotCovered => Adjustment::NotCovered,
        }
    }
}

impl Named for Scheme {
    const NAMES: &'static [(&'static str, Scheme)] = &[
        ("employee", Scheme::Employee),
        ("resident", Scheme::Resident),
    ];
}

impl Named for Status {
    const NAMES: &'static [(&'static str, Status)] =
        &[("employed", Status::Employed), ("retired", Status::Retired)];
}

impl Named for VisitKind {
    const NAMES: &'static [(&'static str, VisitKind)] = &[
        ("inpatient", VisitKind::Inpatient),
        ("outpatient", VisitKind::Outpatient),
        ("chronic_outpatient", VisitKind::ChronicOutpatient),
        ("pharmacy", VisitKind::Pharmacy),
    ];
}

impl Named for Level {
    const NAMES: &'static [(&'static str, Level)] = &[
        ("community", Level::Community),
        ("primary", Level::Primary),
        ("secondary", Level::Secondary),
        ("tertiary", Level::Tertiary),
    ];
}

impl Named for FilingCategory {
    const NAMES: &'static [(&'static str, FilingCategory)] = &[
        ("long_term", FilingCategory::LongTerm),
        ("referral", FilingCategory::Referral),
        ("emergency", FilingCategory::Emergency),
        ("temporary_other", FilingCategory::TemporaryOther),
    ];
}

impl Named for LongTermKind {
    const NAMES: &'static [(&'static str, LongTermKind)] = &[
        ("retiree", LongTermKind::Retiree),
        ("resident", LongTermKind::Resident),
        ("posted_worker", LongTermKind::PostedWorker),
    ];
}

/// The wire names, then the spellings people use (a, 甲, 甲类, none …).
impl Named for LineClass {
    const NAMES: &'static [(&'static str, LineClass)] = &[
        ("A", LineClass::A),
        ("B", LineClass::B),
        ("C", LineClass::C),
        ("a", LineClass::A),
        ("甲", LineClass::A),
        ("甲类", LineClass::A),
        ("b", LineClass::B),
        ("乙", LineClass::B),
        ("乙类", LineClass::B),
        ("none", LineClass::C),
        ("c", LineClass::C),
        ("丙", LineClass::C),
        ("丙类", LineClass::C),
    ];
}

impl Named for DeductiblePer {
    const NAMES: &'static [(&'static str, DeductiblePer)] = &[
        ("admission", DeductiblePer::Admission),
        ("year", DeductiblePer::Year),
    ];
}

impl Named for SegmentBasis {
    const NAMES: &'static [(&'static str, SegmentBasis)] = &[
        ("cumulative_eligible", SegmentBasis::CumulativeEligible),
        ("above_deductible", SegmentBasis::AboveDeductible),
    ];
}

impl Named for CapBasis {
    const NAMES: &'static [(&'static str, CapBasis)] =
        &[("fund", CapBasis::Fund), ("eligible", CapBasis::Eligible)];
}

impl Named for SecondLayerBasis {
    const NAMES: &'static [(&'static str, SecondLayerBasis)] = &[
        ("cumulative", SecondLayerBasis::Cumulative),
        ("above_threshold", SecondLayerBasis::AboveThreshold),
    ];
}

impl Named for SecondLayerBase {
    const NAMES: &'static [(&'static str, SecondLayerBase)] = &[
        ("patient_share", SecondLayerBase::PatientShare),
        ("above_basic_cap", SecondLayerBase::AboveBasicCap),
    ];
}

impl Named for AdjustmentOp {
    const NAMES: &'static [(&'static str, AdjustmentOp)] = &[
        ("none", AdjustmentOp::None),
        ("pp_reduction", AdjustmentOp::PpReduction),
        ("multiplier", AdjustmentOp::Multiplier),
        ("prepay_share", AdjustmentOp::PrepayShare),
        ("deductible_override", AdjustmentOp::DeductibleOverride),
        ("not_covered", AdjustmentOp::NotCovered),
    ];
}
