//! Policy data (policies.json): figures live here, rules live in code. Every value is dated (in force from its date
//! until the next version's, as OpenFisca parameters are) and names its sources (title, address, grade, as-of date).
//! Loading validates the file and reports every problem with its JSON path.

use crate::error::{Error, Message};
use crate::money::{date, Money, Rate};
use crate::query::{
    Adjustment, CapBasis, DeductiblePer, Layer, Level, Quota, Scheme, SecondLayer, Segment,
    SegmentBasis, Status, VisitKind,
};
use crate::read::{null_default, unique_map};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The default policies, shipped inside the binary and the wasm: policies.json without its maintainers' notes, minified
/// (build.rs).
pub const DEFAULT_POLICIES: &str = include_str!(concat!(env!("OUT_DIR"), "/policies.min.json"));

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policies {
    pub version: String,
    #[serde(deserialize_with = "unique_map")]
    pub sources: BTreeMap<String, Source>,
    pub national: National,
    pub provinces: Vec<Province>,
    pub regions: Vec<Region>,
    #[serde(default, deserialize_with = "null_default")]
    pub arrangements: Vec<Arrangement>,
    #[serde(default, deserialize_with = "null_default")]
    pub catalogues: Vec<Catalogue>,
    #[serde(default, deserialize_with = "null_default")]
    pub schedules: Vec<Schedule>,
    #[serde(default, deserialize_with = "null_default")]
    pub adjustments: Vec<AdjustmentTable>,
    /// Who is paid where beyond filing, by insured region (or province): at a non-designated institution (R1.16), and
    /// a long-term filer treated back home (R1.12).
    #[serde(default, deserialize_with = "null_default")]
    pub access: Vec<AccessTable>,
    /// Region codes, aliases and names → index into `regions`, built once on load.
    #[serde(skip)]
    names: std::collections::HashMap<String, usize, rustc_hash::FxBuildHasher>,
    /// Each source as an answer cites it, built once on load: citing one is then a few reference counts, not four
    /// strings copied (an estimate cites a dozen or more).
    #[serde(skip)]
    cited: std::collections::HashMap<String, SourceRef, rustc_hash::FxBuildHasher>,
}

/// Evidence grade (city-params.md): A official, B near-official, C human secondary, D AI content farm, E public code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Grade {
    #[default]
    A,
    B,
    C,
    D,
    E,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    pub grade: Grade,
    /// The document's date; for an undated document (`undated`), the day it was read.
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub as_of: NaiveDate,
    /// The document carries no date of its own: `as_of` is only the day someone read it, never a date its figures
    /// came into force (a version resting on it alone is dated `"unknown"`).
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        deserialize_with = "null_default"
    )]
    pub undated: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// The regions or provinces a local document is about (a city's guide that quotes a national rule, a city's
    /// notice with another city's example), by code; empty for a national or general one. A person is cited such a
    /// source only when it concerns their insured or treated region or province, unless it is a figure's only one.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub regions: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct National {
    /// Maximum ratio cuts by filing category (R3.3), dated.
    pub adjustment_caps: Vec<Versioned<AdjustmentCaps>>,
    /// Minimum validity of a temporary filing in months (R1.9).
    pub temporary_filing_min_months: Versioned<u32>,
    /// 门诊慢特病 settled directly across provinces (R4.3); each disease dated, so the list can grow.
    pub chronic_diseases: Vec<ChronicDisease>,
    /// Residents' waiting period after a late enrolment or a lapse (国办发〔2024〕38号, R6.2), dated.
    #[serde(default, deserialize_with = "null_default")]
    pub resident_waiting_period: Vec<Versioned<WaitingPeriod>>,
    /// The level a long-term filer is paid at back home where the insured region publishes none: the national floor,
    /// the cross-province referral level (R1.12), dated.
    #[serde(default, deserialize_with = "null_default")]
    pub long_term_at_home: Vec<Versioned<HomeLevel>>,
}

/// A waiting period before benefits start: a fixed number of months, and more for each full year not paid (R6.2).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WaitingPeriod {
    /// 固定待遇等待期.
    pub fixed_months: u32,
    /// 变动待遇等待期: months added per full year without contributions.
    pub months_per_lapsed_year: u32,
}

/// The insured region's (or province's) rules on where its people are paid, beyond filing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessTable {
    /// A pooling region, or a province code for a province-wide rule.
    pub region: String,
    pub versions: Vec<AccessVersion>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessVersion {
    pub from: Since,
    pub sources: Vec<String>,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub last_verified: NaiveDate,
    /// A visit to an institution that is not designated (非定点, R1.16); absent = not on file.
    #[serde(default)]
    pub non_designated: Option<NonDesignatedPay>,
    /// An emergency rescue at a non-designated institution; absent = as `non_designated`.
    #[serde(default)]
    pub non_designated_emergency: Option<NonDesignatedPay>,
    /// What a long-term filer gets when treated back home (R1.12); absent = not on file.
    #[serde(default)]
    pub long_term_at_home: Option<HomeLevel>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What the fund pays at a non-designated institution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum NonDesignatedPay {
    /// Nothing.
    #[default]
    Nothing,
    /// Paid in full, then claimed at home under the insured region's rules.
    ManualClaim,
}

/// The level a long-term filer is paid at when treated back in the insured region (R1.12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum HomeLevel {
    /// The home region's full local level.
    Local,
    /// Only the level of a cross-province referral (the national floor).
    #[default]
    Referral,
}

/// A value in force from `from` until the next version's `from`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Versioned_{T}"))]
#[serde(deny_unknown_fields)]
pub struct Versioned<T> {
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub from: NaiveDate,
    pub sources: Vec<String>,
    pub value: T,
}

/// When a version came into force: the date its sources show it in force from, or `"unknown"` when none of them gives
/// one (an undated page). An unknown start counts as earlier than any date: the version applies to past visits as
/// well, with a warning, until the next version's date; only a list's first version can have one. The day a figure
/// was checked (`last_verified`) is never an in-force date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Since {
    #[default]
    Unknown,
    On(NaiveDate),
}

impl Since {
    /// The written form of an unknown start.
    pub const UNKNOWN: &'static str = "unknown";

    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Since::Unknown => None,
            Since::On(d) => Some(d),
        }
    }

    pub fn is_known(self) -> bool {
        self != Since::Unknown
    }

    /// Whether a version starting so has started by `on` (an unknown start has, whatever the day).
    pub fn started_by(self, on: NaiveDate) -> bool {
        self.date().is_none_or(|d| d <= on)
    }
}

impl From<NaiveDate> for Since {
    fn from(d: NaiveDate) -> Since {
        Since::On(d)
    }
}

impl std::fmt::Display for Since {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Since::Unknown => f.write_str(Since::UNKNOWN),
            Since::On(d) => write!(f, "{d}"),
        }
    }
}

impl Serialize for Since {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `"unknown"` or a date (`invalid_date` otherwise).
impl<'de> Deserialize<'de> for Since {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Since, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Other(serde::de::IgnoredAny),
        }
        match Wire::deserialize(d)? {
            Wire::Text(t) if t == Since::UNKNOWN => Ok(Since::Unknown),
            Wire::Text(t) => date::parse(&t)
                .map(Since::On)
                .ok_or_else(|| serde::de::Error::custom("yidi:invalid_date")),
            Wire::Other(_) => Err(serde::de::Error::custom("yidi:invalid_date")),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Since {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Since".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let day = g.subschema_for::<crate::money::date::Schema>();
        schemars::json_schema!({
            "description": "The day a source shows the version in force from (YYYY-MM-DD), or \"unknown\" when no source gives one (undated pages): the version then also applies to earlier visits, with a warning. Never the day a figure was checked.",
            "anyOf": [day, {"const": "unknown"}]
        })
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentCaps {
    pub referral: Rate,
    pub emergency: Rate,
    pub temporary_other: Rate,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChronicDisease {
    pub code: String,
    pub name: String,
    pub name_en: String,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub from: NaiveDate,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub short: String,
    /// Filings name the province (北京、天津、上海、重庆、海南、西藏) or the city (R1.3).
    pub filing_area: FilingArea,
    /// 省内异地就医 filing rule over time; absent = unknown.
    #[serde(default, deserialize_with = "null_default")]
    pub intra_province: Vec<IntraProvinceVersion>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum FilingArea {
    #[default]
    City,
    Province,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IntraProvinceVersion {
    pub from: Since,
    pub rule: IntraRule,
    /// Visit kinds the exemption covers; absent = all.
    #[serde(default)]
    pub visit_kinds: Option<Vec<VisitKind>>,
    /// A ratio cut kept although filing is waived (宁波 −10 pp, R1.6).
    #[serde(default)]
    pub adjustment: Option<Adjustment>,
    pub sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum IntraRule {
    #[default]
    Exempt,
    Required,
    /// Only weak leads: the estimate treats filing as required and warns.
    Unknown,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: String,
    /// English name, if the file gives one (the built-in data does not: the page's first load has no room for them;
    /// the page loads www/places-en.json instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub province: String,
    #[serde(default, deserialize_with = "null_default")]
    pub aliases: Vec<String>,
}

/// A regional arrangement deeming visits filed (京津冀, 成渝 …), R1.7.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Arrangement {
    pub id: String,
    pub name: String,
    /// Insured side: pooling-region or province codes.
    pub insured: Vec<String>,
    /// Place-of-treatment side.
    pub treated: Vec<String>,
    /// Also applies the other way round.
    pub mutual: bool,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub from: NaiveDate,
    /// Last day in force, if it ended.
    #[serde(default, with = "date::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::money::date::Schema>")
    )]
    pub until: Option<NaiveDate>,
    pub visit_kinds: Vec<VisitKind>,
    #[serde(default)]
    pub adjustment: Option<Adjustment>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The place of treatment's catalogue figures (R3.1: 就医地目录).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub region: String,
    #[serde(default)]
    pub scheme: Option<Scheme>,
    pub versions: Vec<CatalogueVersion>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogueVersion {
    pub from: Since,
    pub sources: Vec<String>,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub last_verified: NaiveDate,
    pub class_b_prepay_rate: Rate,
}

/// Benefit figures of one insured pooling region × scheme × visit kind, by version; rows refine by status, hospital
/// level and age, and the most specific row that gives a figure wins.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub region: String,
    pub scheme: Scheme,
    pub visit_kind: VisitKind,
    pub versions: Vec<ScheduleVersion>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleVersion {
    pub from: Since,
    pub sources: Vec<String>,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub last_verified: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
    /// The month the benefit year starts in (上海: 7, a year from 1 July); absent = January, the calendar year (R5.7).
    #[serde(default)]
    pub benefit_year_start_month: Option<u32>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Row {
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub age_min: Option<u32>,
    #[serde(default)]
    pub age_max: Option<u32>,
    /// For 门诊慢特病: the disease this row is for (a code of the national list, or `other`); absent = any.
    #[serde(default)]
    pub disease: Option<String>,
    /// Sources for this row's figures, when not the version's.
    #[serde(default)]
    pub sources: Option<Vec<String>>,
    #[serde(default)]
    pub deductible: Option<DeductibleRule>,
    #[serde(default)]
    pub ratio: Option<Rate>,
    #[serde(default)]
    pub segments: Option<Vec<Segment>>,
    #[serde(default)]
    pub segment_basis: Option<SegmentBasis>,
    #[serde(default)]
    pub annual_cap: Option<CapRule>,
    #[serde(default)]
    pub second_layer: Option<SecondLayer>,
    /// The layers above the basic fund in the order they pay (R5.6f); a row gives either these or `second_layer`.
    #[serde(default)]
    pub layers: Option<Vec<Layer>>,
    /// A monthly or annual quota (R4.8).
    #[serde(default)]
    pub quota: Option<Quota>,
    /// How the region treats long stays (R5.7).
    #[serde(default)]
    pub long_stay: Option<LongStay>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A region's rules for long stays (R5.7).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LongStay {
    /// A continuous stay pays another deductible each time it completes this many days (广州: 90).
    #[serde(default)]
    pub split_every_days: Option<u32>,
    /// A stay across the start of the benefit year: settled as one stay of the admission's year, or with the new
    /// year's deductible as well. Absent = not known (the safe reading: a second deductible, with a warning).
    #[serde(default)]
    pub year_crossing: Option<YearCrossing>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum YearCrossing {
    /// One deductible and the admission year's cap.
    #[default]
    OneStay,
    /// The new year's deductible is paid as well (the cap stays the admission year's).
    NewDeductible,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeductibleRule {
    pub per: DeductiblePer,
    /// By admission in the year: the first, the second, …; the last repeats.
    pub amounts: Vec<Money>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CapRule {
    pub amount: Money,
    pub basis: CapBasis,
}

/// The insured region's (or province's) cross-region adjustments by category (R3.3–R3.5).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentTable {
    /// A pooling region, or a province code for a province-wide rule.
    pub region: String,
    pub versions: Vec<AdjustmentVersion>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentVersion {
    pub from: Since,
    pub sources: Vec<String>,
    #[serde(with = "date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::date::Schema"))]
    pub last_verified: NaiveDate,
    pub rules: Vec<AdjustmentRule>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentRule {
    pub category: Category,
    /// The scheme it applies to; absent = both.
    #[serde(default)]
    pub scheme: Option<Scheme>,
    #[serde(default, deserialize_with = "null_default")]
    pub scope: Scope,
    /// Visit kinds it applies to; absent = all.
    #[serde(default)]
    pub visit_kinds: Option<Vec<VisitKind>>,
    pub adjustment: Adjustment,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(rename = "RuleScope"))]
pub enum Scope {
    #[default]
    Any,
    CrossProvince,
    IntraProvince,
}

/// The largest policies file loaded: 1 MB of JSON, eight times the national file of 2026 (about 130 KB). A larger one
/// is refused at once with `too_large`, so that loading never keeps a page busy.
pub const MAX_POLICIES_BYTES: usize = 1024 * 1024;

impl Policies {
    /// The embedded default policies. They are validated where they are built (tests/validate.rs), not on every
    /// start, which keeps validation out of the page's wasm (it comes with the `full` module, for other files).
    pub fn default_policies() -> Result<Policies, Vec<Error>> {
        // Read without tracking paths: the file is checked where it is built (tests/validate.rs).
        #[cfg(not(target_arch = "wasm32"))]
        let read = serde_json::from_str(DEFAULT_POLICIES).map_err(|e| e.to_string());
        // In the page, the browser's own JSON.parse and the reader the query already uses (serde-wasm-bindgen): no
        // JSON parser in the wasm (measured: 25 KB gzipped less than with serde_json; reading these through
        // serde_path_to_error as well would add 11 KB).
        #[cfg(target_arch = "wasm32")]
        let read = js_sys::JSON::parse(DEFAULT_POLICIES)
            .map_err(|_| String::from("not JSON"))
            .and_then(|v| serde_wasm_bindgen::from_value(v).map_err(|e| e.to_string()));
        read.map(Policies::indexed)
            .map_err(|e| vec![Error::invalid_json(String::new(), &e)])
    }

    /// Parses a policies file and indexes its regions, without validating it.
    pub(crate) fn read(json: &str) -> Result<Policies, Vec<Error>> {
        crate::read::from_json(json)
            .map(Policies::indexed)
            .map_err(|e| vec![e])
    }

    /// The policies with their region names indexed.
    fn indexed(mut p: Policies) -> Policies {
        p.names = p
            .regions
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                [&r.code, &r.name]
                    .into_iter()
                    .chain(&r.aliases)
                    .map(move |k| (k.clone(), i))
            })
            .rev() // the first region to claim a name keeps it
            .collect();
        p.cited = p
            .sources
            .iter()
            .map(|(id, s)| (id.clone(), SourceRef::of(id, s)))
            .collect();
        p
    }

    /// The reference an answer gives to a source, by id (none for an id the data does not define).
    pub fn source_ref(&self, id: &str) -> Option<SourceRef> {
        match self.cited.get(id) {
            Some(r) => Some(r.clone()),
            None => self.sources.get(id).map(|s| SourceRef::of(id, s)),
        }
    }

    /// The references of source ids, those defined, in order.
    pub fn source_refs(&self, ids: &[String]) -> Vec<SourceRef> {
        ids.iter().filter_map(|id| self.source_ref(id)).collect()
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.region_named(code).filter(|r| r.code == code)
    }

    /// A region by its code, an alias or its name.
    pub fn region_named(&self, key: &str) -> Option<&Region> {
        match self.names.get(key) {
            Some(&i) => self.regions.get(i),
            None if self.names.is_empty() => self
                .regions
                .iter()
                .find(|r| r.code == key || r.name == key || r.aliases.iter().any(|a| a == key)),
            None => None,
        }
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }

    pub fn adjustment_caps(&self, on: NaiveDate) -> Option<&Versioned<AdjustmentCaps>> {
        in_force(&self.national.adjustment_caps, on, |v| v.from)
    }

    pub fn chronic_disease(&self, code: &str) -> Option<&ChronicDisease> {
        self.national
            .chronic_diseases
            .iter()
            .find(|d| d.code == code)
    }

    /// The region's schedule for the scheme and visit kind. Childbirth without a maternity schedule of its own takes
    /// the inpatient one (R6.1: the safe reading, said in a warning by the settlement rules).
    pub fn schedule(&self, region: &str, scheme: Scheme, kind: VisitKind) -> Option<&Schedule> {
        let find = |kind: VisitKind| {
            self.schedules
                .iter()
                .find(|s| s.region == region && s.scheme == scheme && s.visit_kind == kind)
        };
        find(kind).or_else(|| {
            (kind == VisitKind::Maternity)
                .then(|| find(VisitKind::Inpatient))
                .flatten()
        })
    }

    /// Whether the region has figures of its own for childbirth (else its inpatient figures stand in, R6.1).
    pub fn has_maternity_schedule(&self, region: &str, scheme: Scheme) -> bool {
        self.schedules.iter().any(|s| {
            s.region == region && s.scheme == scheme && s.visit_kind == VisitKind::Maternity
        })
    }

    /// The class-B pre-payment rate of a region's catalogue on a date: the scheme's own, else the region's general one.
    pub fn class_b_rate(
        &self,
        region: &str,
        scheme: Scheme,
        on: NaiveDate,
    ) -> Option<&CatalogueVersion> {
        let pick = |want: Option<Scheme>| {
            self.catalogues
                .iter()
                .find(|c| c.region == region && c.scheme == want)
                .and_then(|c| in_force(&c.versions, on, |v| v.from))
        };
        pick(Some(scheme)).or_else(|| pick(None))
    }

    /// The access rules in force for an insured region: its own table's, else its province's.
    pub fn access_for(
        &self,
        region: &str,
        province: &str,
        on: NaiveDate,
    ) -> Option<&AccessVersion> {
        let pick = |code: &str| {
            self.access
                .iter()
                .find(|t| t.region == code)
                .and_then(|t| in_force(&t.versions, on, |v| v.from))
        };
        pick(region).or_else(|| pick(province))
    }

    /// The national level for a long-term filer back home, in force on a date (R1.12).
    pub fn long_term_at_home(&self, on: NaiveDate) -> Option<&Versioned<HomeLevel>> {
        in_force(&self.national.long_term_at_home, on, |v| v.from)
    }

    /// The residents' waiting-period rule in force on a date (R6.2).
    pub fn resident_waiting_period(&self, on: NaiveDate) -> Option<&Versioned<WaitingPeriod>> {
        in_force(&self.national.resident_waiting_period, on, |v| v.from)
    }

    /// The adjustment table version for an insured region: its own, else its province's.
    pub fn adjustments_for(
        &self,
        region: &str,
        province: &str,
        on: NaiveDate,
    ) -> Option<&AdjustmentVersion> {
        let pick = |code: &str| {
            self.adjustments
                .iter()
                .find(|t| t.region == code)
                .and_then(|t| in_force(&t.versions, on, |v| v.from))
        };
        pick(region).or_else(|| pick(province))
    }
}

impl Province {
    pub fn intra_rule(&self, on: NaiveDate) -> Option<&IntraProvinceVersion> {
        in_force(&self.intra_province, on, |v| v.from)
    }
}

impl Schedule {
    pub fn version(&self, on: NaiveDate) -> Option<&ScheduleVersion> {
        in_force(&self.versions, on, |v| v.from)
    }
}

/// The version in force on a date: the last that has started by then (versions are validated to be in order; a first
/// version of unknown start has always started).
pub fn in_force<T, D: Into<Since>>(
    versions: &[T],
    on: NaiveDate,
    from: impl Fn(&T) -> D,
) -> Option<&T> {
    versions
        .iter()
        .rev()
        .find(|v| from(v).into().started_by(on))
}

/// For a figure whose start no source gives — its version is dated `unknown`, or every one of its sources is an
/// undated page — the first day a source shows it (the earliest `as_of` of its sources); `None` when a source dates it
/// or it is not from the data (`from` none: an entered figure).
pub fn first_seen_if_start_unknown(
    p: &Policies,
    from: Option<Since>,
    ids: &[String],
) -> Option<NaiveDate> {
    let from = from?;
    // One pass over the sources, nothing collected: this runs for every figure of every estimate.
    let (mut any, mut undated, mut first) = (false, true, None::<NaiveDate>);
    for s in ids.iter().filter_map(|id| p.sources.get(id)) {
        any = true;
        undated &= s.undated;
        first = Some(first.map_or(s.as_of, |d| d.min(s.as_of)));
    }
    match from {
        Since::Unknown => first,
        Since::On(_) if any && undated => first,
        Since::On(_) => None,
    }
}

/// Messages that name a category in both languages.
pub fn category_label(c: Category) -> Message {
    let (zh, en) = match c {
        Category::Local => ("参保地本地就医", "treated at home"),
        Category::LongTerm => (
            "异地长期居住人员（含异地安置退休、常驻异地工作）",
            "long-term resident elsewhere",
        ),
        Category::Referral => ("异地转诊就医人员", "referral"),
        Category::Emergency => ("异地急诊抢救人员", "emergency rescue"),
        Category::TemporaryOther => ("其他临时外出就医人员", "other temporary visit"),
        Category::IntraProvinceExempt => (
            "省内异地就医（免备案）",
            "within the province, no filing needed",
        ),
        Category::Arrangement => ("区域视同备案", "deemed filed under a regional arrangement"),
        Category::Unfiled => ("未备案", "not filed"),
        Category::LateFiling => ("出院后补办备案", "filed after discharge"),
        Category::Maternity => ("异地生育就医人员", "childbirth filing"),
        Category::LongTermAtHome => (
            "异地长期居住人员回参保地就医",
            "long-term filer treated back home",
        ),
    };
    msg!(zh, en)
}

/// The national cap on the ratio cut for a category (R3.3): none allowed for long-term filers, 10 points for referral
/// and emergency, 20 for other temporary visits. Other categories are not capped by the national text.
pub fn cap_for(p: &Policies, category: Category, on: NaiveDate) -> Option<Rate> {
    let caps = &p.adjustment_caps(on)?.value;
    match category {
        Category::LongTerm => Some(Rate::ZERO),
        Category::Referral => Some(caps.referral),
        Category::Emergency => Some(caps.emergency),
        Category::TemporaryOther => Some(caps.temporary_other),
        _ => None,
    }
}

// Vocabulary shared by the data and the answers: the category a visit is treated as, and a cited source.

/// The category whose benefit treatment applies (R3.3): decides the ratio adjustment.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Category {
    #[default]
    Local,
    LongTerm,
    Referral,
    Emergency,
    TemporaryOther,
    /// 省内免备案
    IntraProvinceExempt,
    /// 视同备案 under a regional arrangement
    Arrangement,
    /// Not filed: manual claim under 参保地 rules (R3.6)
    Unfiled,
    /// Filed only after discharge (R1.11; 厦门's 10% first)
    LateFiling,
    /// 异地生育就医: a childbirth filing, a category some regions add (R6.1)
    Maternity,
    /// A long-term filer treated back in the insured region (R1.12)
    LongTermAtHome,
}

/// A source as an answer cites it: shared by every line and figure that cites it (one reference count each), built
/// once on load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(as = "Cited"))]
pub struct SourceRef(Arc<Cited>);

/// What an answer says of a source it cites.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Cited {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub grade: Grade,
    #[cfg_attr(feature = "schema", ts(as = "crate::money::date::Schema"))]
    pub as_of: String,
    /// The source's `regions` (empty for a national or general one), for choosing what to cite to a person.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", ts(skip))]
    pub regions: Vec<String>,
}

impl std::ops::Deref for SourceRef {
    type Target = Cited;
    fn deref(&self) -> &Cited {
        &self.0
    }
}

impl SourceRef {
    fn of(id: &str, s: &Source) -> SourceRef {
        SourceRef(Arc::new(Cited {
            id: id.to_string(),
            title: s.title.clone(),
            url: s.url.clone(),
            grade: s.grade,
            as_of: crate::money::date::format(s.as_of),
            regions: s.regions.clone(),
        }))
    }
}
