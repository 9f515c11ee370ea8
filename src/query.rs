//! The query: who is insured where, the visit, the filing they hold, the bill, this year's history, and any figures
//! the user or an embedder supplies. JSON, snake_case; amounts as decimal strings (numbers accepted); dates YYYY-MM-DD.
//! Each type is declared once: its serde attributes are the wire form, read (`read` adds the error codes and paths),
//! written, and described (JSON Schema, TypeScript).

use crate::money::{date, Money, Rate};
use crate::read::{null_default, null_true, yes};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Query {
    pub insured: Insured,
    pub visit: Visit,
    /// Absent = no filing. One filing; several held at once go in `filings` (giving both is refused).
    pub filing: Option<Filing>,
    /// Several filings held at once (a long-term and a temporary one, R1.13): the core picks the one that applies to
    /// the visit and says which (`filing.filing_used`). At most [`MAX_FILINGS`]. Not together with `filing`.
    pub filings: Option<Vec<Filing>>,
    /// Absent in a query for `analyze` before the bill is known; `estimate` then asks for `bill.total`.
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub bill: Bill,
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub history: History,
    /// The personal account's balance: the same as `personal_account.own` (the older form, still read).
    pub personal_account_balance: Option<Money>,
    /// The personal account's balances: the person's own and a family member's shared one (家庭共济, R4.6b).
    pub personal_account: Option<PersonalAccount>,
    /// Groups the person belongs to that some layers above the basic fund are limited to (公务员, 医疗救助对象;
    /// R5.6f). Absent = none of them.
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub groups: Vec<Group>,
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub overrides: Overrides,
    /// Where the person stands when asking (issue 12): it sets what the options talk about.
    pub situation: Option<Situation>,
    /// What the person says about themselves that decides which filings they may hold (R2.1); absent: not said.
    pub circumstances: Option<Circumstances>,
    /// Once discharged (or the visit paid): whether the person paid the whole bill, the hospital not settling
    /// directly (`true`: what comes back is a claim at home, R3.7), or only their share (`false`). Absent: not said.
    /// Read for a visit that is over (`situation` discharged, by the dates too), not for one planned or under way.
    pub paid_in_full: Option<bool>,
    /// The day the question is asked (the device's date): deadlines and "file now" are reckoned from it.
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub today: Option<NaiveDate>,
    /// The language of the answer's words: each message then carries that language only. Absent: all three.
    pub locale: Option<crate::error::Locale>,
}

/// Where the person stands: planning a stay, in hospital now, or discharged (and already paid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Situation {
    #[default]
    Planning,
    InHospital,
    Discharged,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Insured {
    /// GB/T 2260 code (or a name) of the pooling region; a municipality is its province code (北京 110000).
    pub region: String,
    pub scheme: Scheme,
    pub status: Option<Status>,
    pub age: Option<u32>,
    /// Contributions in good standing on the visit date.
    #[serde(default = "yes", deserialize_with = "null_true")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub enrolled: bool,
    /// The day benefits start after a waiting period (待遇等待期, R6.2): a visit admitted before it is not covered.
    /// When given it is taken as is, for either scheme.
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub benefits_from: Option<NaiveDate>,
    /// A resident's late enrolment, or re-enrolment after a lapse: the day the contribution was paid. With
    /// `lapsed_years` the core derives `benefits_from` by the national rule (R6.2). Leave it out when enrolled in the
    /// enrolment period without a break.
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub enrolled_on: Option<NaiveDate>,
    /// Full years without contributions before `enrolled_on` (0 or absent: a late enrolment without a lapse).
    pub lapsed_years: Option<u32>,
    /// The contribution tier (缴费档次), where the insured region's figures differ by it (一档/二档, 高档/低档; R5.6g):
    /// `higher` the one with the larger contribution. Absent where there is none or it is not known: the figures of
    /// each tier then make a range.
    pub tier: Option<Tier>,
}

/// A contribution tier (R5.6g): the larger contribution, or the smaller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Tier {
    /// The tier with the larger contribution (and, as a rule, the better benefits).
    Higher,
    /// The tier with the smaller contribution.
    Lower,
}

/// Declares [`Detail`]: each variant with its path in the query, written once (the wire's name and `path()`).
macro_rules! details {
    ($($(#[$doc:meta])* $variant:ident = $path:literal,)+) => {
        /// A detail of the person's query that a region's figures can depend on (R5.6b–R5.6g), named by its path in
        /// the query: an analysis's `details`, and where a figure that depends on it is to be entered; listed in the
        /// order a form asks for them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
        #[cfg_attr(feature = "schema", derive(ts_rs::TS))]
        #[cfg_attr(feature = "schema", ts(rename = "DetailPath"))]
        pub enum Detail {
            $($(#[$doc])* #[serde(rename = $path)] $variant,)+
        }

        impl Detail {
            /// Every detail, in the order a form asks for them.
            pub const ALL: [Detail; [$(Detail::$variant,)+].len()] = [$(Detail::$variant,)+];

            /// The detail's path in the query (its name on the wire).
            pub fn path(self) -> &'static str {
                match self {
                    $(Detail::$variant => $path,)+
                }
            }
        }
    };
}

details! {
    /// The hospital's level.
    HospitalLevel = "visit.hospital_level",
    /// Employed or retired.
    Status = "insured.status",
    /// The age in years.
    Age = "insured.age",
    /// The contribution tier.
    Tier = "insured.tier",
}

impl Detail {
    /// Whether `q` gives the detail.
    pub fn given(self, q: &Query) -> bool {
        match self {
            Detail::HospitalLevel => q.visit.hospital_level.is_some(),
            Detail::Status => q.insured.status.is_some(),
            Detail::Age => q.insured.age.is_some(),
            Detail::Tier => q.insured.tier.is_some(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Scheme {
    /// 职工医保
    #[default]
    Employee,
    /// 城乡居民医保
    Resident,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Status {
    /// 在职
    #[default]
    Employed,
    /// 退休
    Retired,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Visit {
    pub region: String,
    pub kind: VisitKind,
    /// A listed chronic disease (R4.3) by its code or its name (简体, 繁體 or English), or `other`.
    pub chronic_disease: Option<String>,
    pub hospital_level: Option<Level>,
    /// A cross-province networked designated institution (跨省联网定点).
    #[serde(default = "yes", deserialize_with = "null_true")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub networked: bool,
    /// A designated institution of the basic insurance (定点医药机构, R1.16). Absent: not said (the visit is read as
    /// before, by `networked` alone); `false`: not designated, whatever `networked` says — the fund pays nothing
    /// unless the insured region's rules pay such a visit (an emergency, where they do); `true` and not networked: a
    /// manual claim at home.
    pub designated: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub emergency: bool,
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub admission: Option<NaiveDate>,
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub discharge: Option<NaiveDate>,
    /// The single date of an outpatient or pharmacy visit.
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub date: Option<NaiveDate>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
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
    /// 生育 (childbirth, 住院分娩; prenatal care with a single `date`): employees' 生育保险 is merged into the basic
    /// insurance, residents' childbirth is paid as a stay (R6.1).
    Maternity,
}

impl Visit {
    /// A stay with an admission and a discharge: inpatient care, and childbirth unless it is a single day's prenatal
    /// visit (a `date` and no `admission`, R6.1; helper-72: such a visit was told of its admission, its discharge and
    /// its discharge summary).
    pub fn is_stay(&self) -> bool {
        match self.kind {
            VisitKind::Maternity => !(self.admission.is_none() && self.date.is_some()),
            kind => kind.is_stay(),
        }
    }

    /// An emergency rescue (急诊抢救), deemed filed (R1.2): a stay or a visit to a doctor said to be one. A purchase at
    /// a pharmacy is never one (R4.7: it needs a filing or an arrangement), nor is a chronic disease's scheduled
    /// treatment (R4.3, R4.5: recognised at home, settled with a filing), whatever `emergency` says.
    pub fn rescue(&self) -> bool {
        self.emergency
            && !matches!(
                self.kind,
                VisitKind::Pharmacy | VisitKind::ChronicOutpatient
            )
    }
}

impl VisitKind {
    /// A stay with an admission and a discharge: inpatient care, and childbirth when an admission is given.
    pub fn is_stay(self) -> bool {
        matches!(self, VisitKind::Inpatient | VisitKind::Maternity)
    }
}

/// The most filings a query may hold at once.
pub const MAX_FILINGS: usize = 8;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Level {
    /// 社区卫生服务中心 (where a city distinguishes it)
    #[default]
    Community,
    Primary,
    Secondary,
    Tertiary,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Filing {
    pub category: FilingCategory,
    /// For long-term filings: 异地安置退休 / 异地长期居住 / 常驻异地工作.
    #[serde(alias = "kind", alias = "sub_kind", alias = "subkind")]
    pub long_term_kind: Option<LongTermKind>,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", ts(as = "date::Schema"))]
    pub start: NaiveDate,
    /// Null = open-ended (long-term filings, R1.8).
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub end: Option<NaiveDate>,
    /// The day the filing was made, when it differs from the start of its validity (a backdated 补办, R1.11).
    #[serde(default, with = "date::option")]
    #[cfg_attr(feature = "schema", ts(as = "Option<date::Schema>"))]
    pub filed_on: Option<NaiveDate>,
    /// The filed city, or the province for 北京/天津/上海/重庆/海南/西藏 (R1.3).
    pub area: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum FilingCategory {
    #[default]
    LongTerm,
    Referral,
    Emergency,
    TemporaryOther,
    /// 异地生育就医: a filing for childbirth, a category some regions add (珠海, R6.1); it covers maternity visits only.
    Maternity,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum LongTermKind {
    #[default]
    Retiree,
    Resident,
    PostedWorker,
}

impl Filing {
    /// The day the filing took effect as made: when it was made (a backdated 补办 keeps its day), never before its
    /// start (R1.11).
    pub fn made(&self) -> NaiveDate {
        self.filed_on.unwrap_or(self.start).max(self.start)
    }
}

/// Either totals or itemized lines (or both, when they agree).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Bill {
    pub total: Option<Money>,
    /// 全自费: outside the catalogue (丙类).
    pub out_of_catalogue: Option<Money>,
    /// 超限价: above the catalogue's price limit.
    pub over_limit: Option<Money>,
    pub class_b: Option<ClassB>,
    /// At most [`crate::read::MAX_LINES`].
    #[serde(default, deserialize_with = "crate::read::bounded_lines")]
    pub lines: Option<Vec<Line>>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ClassB {
    /// The class-B (乙类) cost the pre-payment is taken on: without its over-limit part, which `over_limit` holds (a
    /// line's `amount` includes it). Out-of-catalogue + over-limit + this may not exceed the total.
    pub amount: Option<Money>,
    /// The share of `amount` paid first by the person (先行自付比例); without it, the place of treatment's on file.
    pub prepay_rate: Option<Rate>,
    /// The pre-payment itself, as a slip shows it: taken as given, over `amount` × `prepay_rate`.
    pub prepay_amount: Option<Money>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Line {
    pub name: Option<String>,
    pub amount: Money,
    pub class: LineClass,
    pub prepay_rate: Option<Rate>,
    pub over_limit: Option<Money>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum LineClass {
    /// 甲类: wholly within scope.
    #[default]
    #[serde(alias = "a", alias = "甲", alias = "甲类")]
    A,
    /// 乙类: within scope after a pre-payment share.
    #[serde(alias = "b", alias = "乙", alias = "乙类")]
    B,
    /// 丙类 / outside the catalogue.
    #[serde(alias = "c", alias = "丙", alias = "丙类", alias = "none")]
    C,
}

/// This benefit year before the visit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct History {
    /// Admissions already settled this year (0 = this is the first).
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub admissions: u32,
    pub deductible_paid: Option<Money>,
    pub fund_paid: Option<Money>,
    /// Eligible (policy-scope) cost already incurred this year, for bands over cumulative cost.
    pub eligible_so_far: Option<Money>,
    /// The patient's share of eligible cost already accumulated for the second layer.
    pub second_layer_base_so_far: Option<Money>,
    pub second_layer_paid: Option<Money>,
    /// For each layer above the basic fund (R5.6f), what it has taken into account and paid this year; a layer with no
    /// entry here is taken as fresh (the first layer falls back on `second_layer_base_so_far` / `second_layer_paid`).
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub layers: Vec<LayerHistory>,
    /// What the quota of this visit kind (or chronic disease) has already given in its period: this month's or this
    /// year's, in the quota's own terms (fund paid, or eligible cost counted), R4.8.
    pub quota_used: Option<Money>,
}

/// A layer's use this year, matched to the layer by its kind (and its name, when given).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct LayerHistory {
    pub kind: LayerKind,
    pub name: Option<String>,
    /// The layer's base accumulated this year before the visit (the patient's share, or the cost above the cap).
    pub base_so_far: Option<Money>,
    pub paid: Option<Money>,
}

/// What decides whether a long-term or a referral filing is open to the person (R2.1), as they say it. A course
/// whose condition is not said is shown with it and never recommended (the core cannot know); said yes, the course is
/// open and may be recommended; said no, it is not open.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Circumstances {
    /// They live in the place of treatment long-term, have retired there, or work there (异地长期居住人员).
    pub lives_there: Option<bool>,
    /// A designated hospital of the insured region refers them (转诊转院).
    pub referred: Option<bool>,
}

/// The personal account's balances (R4.6, R4.6b).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct PersonalAccount {
    /// The person's own account (employees only: residents have none, R5.6e).
    pub own: Option<Money>,
    /// A close relative's account shared with the person (家庭共济): it pays after the own account.
    pub family: Option<Money>,
}

/// A group some layers are limited to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Group {
    /// Civil servants and staff covered by 公务员医疗补助.
    #[default]
    CivilServant,
    /// People entitled to 医疗救助 (低保、特困 and others the region names).
    AssistanceRecipient,
}

/// Figures supplied by the user or an embedder; each replaces the data's figure and is reported as overridden.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Overrides {
    pub deductible: Option<Money>,
    pub deductible_per: Option<DeductiblePer>,
    pub ratio: Option<Rate>,
    pub segments: Option<Vec<Segment>>,
    pub segment_basis: Option<SegmentBasis>,
    pub annual_cap: Option<Money>,
    pub annual_cap_basis: Option<CapBasis>,
    pub class_b_prepay_rate: Option<Rate>,
    /// The one-layer form of `layers`.
    pub second_layer: Option<SecondLayer>,
    /// The layers above the basic fund, in the order they pay (R5.6f); replaces the data's layers and second layer.
    pub layers: Option<Vec<Layer>>,
    /// The quota of this visit kind or chronic disease (R4.8).
    pub quota: Option<Quota>,
    pub adjustment: Option<Adjustment>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum DeductiblePer {
    #[default]
    Admission,
    Year,
}

/// A band of a segmented ratio: applies up to `up_to` (the last band has none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum SegmentBasis {
    /// Band limits are cumulative eligible cost in the year, measured from 0 (the deductible sits in the first band).
    #[default]
    CumulativeEligible,
    /// Band limits are measured on the amount above the deductible.
    AboveDeductible,
    /// Band limits are this admission's eligible cost, measured from 0 (the deductible sits in the first band): each
    /// admission starts again from the first band (烟台: "每次住院起付标准以上分段累进").
    PerAdmission,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum CapBasis {
    /// The cap limits what the fund pays in the year.
    #[default]
    Fund,
    /// The cap limits the eligible cost the fund takes into account (武汉: "含统筹基金支付和个人自付").
    Eligible,
}

/// The second layer: 大病保险 (residents) or 大额医疗费用补助 (employees).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct SecondLayer {
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub threshold: Money,
    pub segments: Vec<Segment>,
    #[serde(default = "cumulative", deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub segment_basis: SecondLayerBasis,
    #[serde(default)]
    pub cap: Option<Money>,
    /// What it pays on; the default is the patient's accumulated share (typical of 大病).
    #[serde(default = "patient_share", deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub applies_to: SecondLayerBase,
}

fn cumulative() -> SecondLayerBasis {
    SecondLayerBasis::Cumulative
}
fn patient_share() -> SecondLayerBase {
    SecondLayerBase::PatientShare
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum SecondLayerBasis {
    /// Band limits measured on the accumulated base from 0 (the threshold sits in the first band).
    #[default]
    Cumulative,
    /// Band limits measured on the amount above the threshold.
    AboveThreshold,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum SecondLayerBase {
    /// The patient's share of eligible cost accumulated in the year: deductible + coinsurance + above the cap (大病).
    #[default]
    PatientShare,
    /// The eligible cost above the basic fund's cap (大额).
    AboveBasicCap,
}

/// A layer above the basic fund (R5.6f): 大额, 大病, 公务员医疗补助, 医疗救助 …, each paying in turn on what the fund
/// and the layers before it left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Layer {
    pub kind: LayerKind,
    /// The region's own name for it (职工大额医疗费用互助 …), shown beside the kind's label.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub threshold: Money,
    pub segments: Vec<Segment>,
    #[serde(default = "cumulative", deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub segment_basis: SecondLayerBasis,
    #[serde(default)]
    pub cap: Option<Money>,
    /// What it pays on: the patient's in-scope share left by the fund and the layers before it, or the eligible cost
    /// above the basic fund's cap (what is left of it).
    #[serde(default = "patient_share", deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub applies_to: SecondLayerBase,
    /// Paid only to people of this group (`groups` in the query); absent = everyone the row applies to.
    #[serde(default)]
    pub only_for: Option<Group>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum LayerKind {
    /// 大额医疗费用补助 / 大额互助 (employees)
    #[default]
    LargeExpense,
    /// 大病保险 (residents; 职工大病 for employees where a region has it)
    CriticalIllness,
    /// 补充医疗保险 / 附加基金 and other layers the region names
    Supplementary,
    /// 公务员医疗补助
    CivilServant,
    /// 医疗救助
    MedicalAssistance,
}

impl Layer {
    /// The one-layer form (`second_layer`) as a layer: its kind is not known, only its figures.
    pub fn from_second(sl: &SecondLayer) -> Layer {
        Layer {
            kind: match sl.applies_to {
                SecondLayerBase::AboveBasicCap => LayerKind::LargeExpense,
                SecondLayerBase::PatientShare => LayerKind::CriticalIllness,
            },
            name: None,
            threshold: sl.threshold,
            segments: sl.segments.clone(),
            segment_basis: sl.segment_basis,
            cap: sl.cap,
            applies_to: sl.applies_to,
            only_for: None,
        }
    }
}

/// A quota: the most the fund pays (or the most eligible cost it counts) for a visit kind or a chronic disease in a
/// month or a year (R4.8).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Quota {
    pub amount: Money,
    pub period: QuotaPeriod,
    /// What it limits: the fund's payment (the default) or the eligible cost above the deductible the fund counts.
    #[serde(default, deserialize_with = "null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub basis: CapBasis,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum QuotaPeriod {
    Month,
    #[default]
    Year,
}

/// A cross-region ratio adjustment (R3.5), as data or as an override. On the wire: `{"op": …, "value": …}`.
// Its serde form is AdjustmentSpec's (the impls below).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "AdjustmentSpec"))]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(type = "AdjustmentSpec"))]
pub enum Adjustment {
    /// No change: the insured region's local standard.
    #[default]
    None,
    /// ratio − value (value as a fraction: 0.1 = 10 percentage points).
    PpReduction { value: Rate },
    /// ratio × value.
    Multiplier { value: Rate },
    /// The fund pays this ratio instead of the local one, whatever the level (阜阳 out of province: 60% referred).
    Ratio { value: Rate },
    /// A flat share of the in-scope cost the patient pays first (转诊先自付, 厦门's 10%).
    PrepayShare { value: Rate },
    /// A different deductible: a fixed amount, or a share of the total between a floor and a ceiling; `then`, a change
    /// to the ratio as well (阜阳: 20% of the stay's total, 2000–10000, and the ratio 60%).
    DeductibleOverride {
        amount: Option<Money>,
        share: Option<Rate>,
        min: Option<Money>,
        max: Option<Money>,
        then: Option<RatioChange>,
    },
    /// The fund pays nothing for this visit kind under this category (珠海: 普通门诊 for referral).
    NotCovered,
}

/// What an adjustment does to the fund's ratio (R3.5): the whole of `pp_reduction`, `multiplier` and `ratio`, and a
/// deductible override's `then`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatioChange {
    PpReduction(Rate),
    Multiplier(Rate),
    Set(Rate),
}

impl RatioChange {
    /// The local ratio `r` after the change, within 0–100%.
    pub fn apply(self, r: rust_decimal::Decimal) -> Rate {
        match self {
            RatioChange::PpReduction(v) => Rate(r - v.0).clamp01(),
            RatioChange::Multiplier(v) => Rate(r * v.0).clamp01(),
            RatioChange::Set(v) => v.clamp01(),
        }
    }

    /// Its op and value on the wire.
    pub fn op_value(self) -> (AdjustmentOp, Rate) {
        match self {
            RatioChange::PpReduction(v) => (AdjustmentOp::PpReduction, v),
            RatioChange::Multiplier(v) => (AdjustmentOp::Multiplier, v),
            RatioChange::Set(v) => (AdjustmentOp::Ratio, v),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum AdjustmentOp {
    #[default]
    None,
    PpReduction,
    Multiplier,
    Ratio,
    PrepayShare,
    DeductibleOverride,
    NotCovered,
}

impl AdjustmentOp {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentOp::None => "none",
            AdjustmentOp::PpReduction => "pp_reduction",
            AdjustmentOp::Multiplier => "multiplier",
            AdjustmentOp::Ratio => "ratio",
            AdjustmentOp::PrepayShare => "prepay_share",
            AdjustmentOp::DeductibleOverride => "deductible_override",
            AdjustmentOp::NotCovered => "not_covered",
        }
    }
}

/// The wire form of an adjustment: `op` and the figures it takes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
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
    /// With `deductible_override`: the ratio changes too, by this op (`pp_reduction`, `multiplier` or `ratio`) and
    /// `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<AdjustmentOp>,
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
            then: None,
        };
        match a {
            Adjustment::None => {}
            Adjustment::PpReduction { value } => {
                (s.op, s.value) = (AdjustmentOp::PpReduction, Some(value))
            }
            Adjustment::Multiplier { value } => {
                (s.op, s.value) = (AdjustmentOp::Multiplier, Some(value))
            }
            Adjustment::Ratio { value } => (s.op, s.value) = (AdjustmentOp::Ratio, Some(value)),
            Adjustment::PrepayShare { value } => {
                (s.op, s.value) = (AdjustmentOp::PrepayShare, Some(value))
            }
            Adjustment::DeductibleOverride {
                amount,
                share,
                min,
                max,
                then,
            } => {
                let then = then.map(RatioChange::op_value);
                s = AdjustmentSpec {
                    op: AdjustmentOp::DeductibleOverride,
                    value: then.map(|t| t.1),
                    amount,
                    share,
                    min,
                    max,
                    then: then.map(|t| t.0),
                };
            }
            Adjustment::NotCovered => s.op = AdjustmentOp::NotCovered,
        }
        s
    }
}

/// An adjustment from its wire form: the figures its `op` needs must be there.
/// Written and read as [`AdjustmentSpec`]; in the baked policies (postcard, not self-describing) with every figure in
/// place, the absent ones as none, since a field left out cannot be told apart there.
impl Serialize for Adjustment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = AdjustmentSpec::from(self.clone());
        if s.is_human_readable() {
            a.serialize(s)
        } else {
            (a.op, a.value, a.amount, a.share, a.min, a.max, a.then).serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Adjustment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Adjustment, D::Error> {
        let spec = if d.is_human_readable() {
            AdjustmentSpec::deserialize(d)?
        } else {
            let (op, value, amount, share, min, max, then) = Deserialize::deserialize(d)?;
            AdjustmentSpec {
                op,
                value,
                amount,
                share,
                min,
                max,
                then,
            }
        };
        Adjustment::try_from(spec).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<AdjustmentSpec> for Adjustment {
    type Error = String;
    fn try_from(s: AdjustmentSpec) -> Result<Adjustment, String> {
        let value = || s.value.ok_or_else(|| "missing field `value`".to_string());
        if s.then.is_some() && s.op != AdjustmentOp::DeductibleOverride {
            return Err("`then` goes with `deductible_override` only".to_string());
        }
        Ok(match s.op {
            AdjustmentOp::None => Adjustment::None,
            AdjustmentOp::PpReduction => Adjustment::PpReduction { value: value()? },
            AdjustmentOp::Multiplier => Adjustment::Multiplier { value: value()? },
            AdjustmentOp::Ratio => Adjustment::Ratio { value: value()? },
            AdjustmentOp::PrepayShare => Adjustment::PrepayShare { value: value()? },
            AdjustmentOp::DeductibleOverride => Adjustment::DeductibleOverride {
                amount: s.amount,
                share: s.share,
                min: s.min,
                max: s.max,
                then: match s.then {
                    None => None,
                    Some(AdjustmentOp::PpReduction) => Some(RatioChange::PpReduction(value()?)),
                    Some(AdjustmentOp::Multiplier) => Some(RatioChange::Multiplier(value()?)),
                    Some(AdjustmentOp::Ratio) => Some(RatioChange::Set(value()?)),
                    Some(_) => {
                        return Err(
                            "`then` is one of `pp_reduction`, `multiplier`, `ratio`".to_string()
                        )
                    }
                },
            },
            AdjustmentOp::NotCovered => Adjustment::NotCovered,
        })
    }
}

impl Query {
    /// The filings held: `filings`, else the single `filing`, else none.
    pub fn held_filings(&self) -> &[Filing] {
        match &self.filings {
            Some(v) => v,
            None => self.filing.as_slice(),
        }
    }

    /// Whether the person holds a filing and every one held was made by `today` (its start may be to come): nothing
    /// left to file, only to use, move or claim with.
    pub fn filings_made_by_today(&self) -> bool {
        let held = self.held_filings();
        self.today
            .is_some_and(|today| !held.is_empty() && held.iter().all(|f| f.made() <= today))
    }

    /// An emergency rescue (R1.2) as the person's situation allows: `emergency` said of a visit still being planned
    /// (by the dates, [`Query::situation_by_dates`]) is not one, since a rescue is not arranged ahead: that visit needs
    /// a filing like any other ([`Query::rescue_planned`] says so).
    pub fn rescue(&self) -> bool {
        self.visit.rescue() && !self.rescue_planned()
    }

    /// The person said they paid the whole bill of a visit that is over (`paid_in_full`): settled, if at all, by a
    /// claim at home, whatever the hospital could have settled directly.
    pub fn paid_all(&self) -> bool {
        self.paid_once_over() == Some(true)
    }

    /// The person said they paid only their share of a visit that is over (`paid_in_full: false`).
    pub fn paid_share_only(&self) -> bool {
        self.paid_once_over() == Some(false)
    }

    /// `paid_in_full` as read: only for a visit the dates say is over, not one still planned or under way.
    fn paid_once_over(&self) -> Option<bool> {
        self.paid_in_full
            .filter(|_| self.situation_by_dates() == Situation::Discharged)
    }

    /// `emergency` said of a visit still being planned: said so (`situation`), or, where no situation is given, dated
    /// after the day asked (`today`). Without either, the flag is taken as given (a past emergency written without a
    /// situation, as most batches are).
    pub fn rescue_planned(&self) -> bool {
        if !self.visit.rescue() || self.situation_by_dates() != Situation::Planning {
            return false;
        }
        let start = self.visit.admission.or(self.visit.date);
        self.situation.is_some()
            || matches!((start, self.today), (Some(d), Some(today)) if d > today)
    }

    /// Whether the person said where they stand and, by the dates, the visit is over (see [`Query::situation_by_dates`]).
    pub fn discharged_by_dates(&self) -> bool {
        self.situation.is_some() && self.situation_by_dates() == Situation::Discharged
    }

    /// Where the person stands on `today`, by the dates where they say otherwise: a planned visit whose day is past is
    /// under way, or over once its discharge (a single visit's day) is past; a stay "in hospital" whose discharge is
    /// past is over, one whose admission is still to come is planned; one said to be over whose days are to come is
    /// planned (not begun) or under way (not ended). What can still be done follows from the dates (a
    /// filing "before admission" cannot be made after it: the options' courses, the settlement's next steps); analyze
    /// says that the two differ (`situation_dates_differ`), so that a wrong date can be mended. A planned visit with no
    /// day yet stays planned (input::assumed_day).
    pub fn situation_by_dates(&self) -> Situation {
        let said = self.situation.unwrap_or_default();
        let Some(today) = self.today else {
            return said;
        };
        let start = self.visit.admission.or(self.visit.date);
        let end = if self.visit.is_stay() {
            self.visit.discharge
        } else {
            start
        };
        let past = |d: Option<NaiveDate>| d.is_some_and(|d| d < today);
        match said {
            Situation::Planning if past(start) && past(end) => Situation::Discharged,
            Situation::Planning if past(start) => Situation::InHospital,
            Situation::InHospital if start.is_some_and(|d| d > today) => Situation::Planning,
            Situation::InHospital if past(end) => Situation::Discharged,
            // Said to be over, yet its days are to come: not begun is planned, begun and not ended is under way.
            Situation::Discharged if start.is_some_and(|d| d > today) => Situation::Planning,
            Situation::Discharged if end.is_some_and(|d| d > today) => Situation::InHospital,
            s => s,
        }
    }
}

impl Bill {
    /// Nothing entered yet: no total and no line.
    pub fn is_empty(&self) -> bool {
        self.total.is_none() && self.lines.as_ref().is_none_or(Vec::is_empty)
    }
}

impl Overrides {
    /// No figure of the person's own.
    pub fn is_empty(&self) -> bool {
        let Overrides {
            deductible,
            deductible_per: _,
            ratio,
            segments,
            segment_basis: _,
            annual_cap,
            annual_cap_basis: _,
            class_b_prepay_rate,
            second_layer,
            layers,
            quota,
            adjustment,
        } = self;
        deductible.is_none()
            && ratio.is_none()
            && segments.is_none()
            && annual_cap.is_none()
            && class_b_prepay_rate.is_none()
            && second_layer.is_none()
            && layers.is_none()
            && quota.is_none()
            && adjustment.is_none()
    }
}

impl Adjustment {
    /// What it does to the fund's ratio, if anything.
    pub fn ratio_change(&self) -> Option<RatioChange> {
        match *self {
            Adjustment::PpReduction { value } => Some(RatioChange::PpReduction(value)),
            Adjustment::Multiplier { value } => Some(RatioChange::Multiplier(value)),
            Adjustment::Ratio { value } => Some(RatioChange::Set(value)),
            Adjustment::DeductibleOverride { then, .. } => then,
            _ => None,
        }
    }

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
