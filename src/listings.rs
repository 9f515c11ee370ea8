//! Listings for pickers and the coverage page: provinces with their regions, the chronic diseases on a date.

use crate::{error, hant, policy, Policies};
use serde::Serialize;

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
    /// The English name, or the Chinese one when the data gives none.
    pub name_en: &'a str,
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
    /// The English name, or the Chinese one when the data gives none.
    pub name_en: &'a str,
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
            name_en: pr.name_en.as_deref().unwrap_or(&pr.name),
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
                    name_en: r.name_en.as_deref().unwrap_or(&r.name),
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
    #[cfg_attr(feature = "schema", ts(as = "crate::money::date::Schema"))]
    pub from: String,
}

/// The chronic diseases on a date given as text (the JavaScript API's argument): all of them when none or an empty
/// one is given; a text that is not a date is `invalid_date` at `on` (it listed every disease as if none were given).
pub fn diseases_on_text<'a>(
    p: &'a Policies,
    on: Option<&str>,
) -> Result<Vec<DiseaseEntry<'a>>, error::Error> {
    let date = match on.map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            crate::money::date::parse(t)
                .ok_or_else(|| error::Error::at(error::ErrorCode::InvalidDate, "on"))?,
        ),
    };
    Ok(diseases_on(p, date))
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
