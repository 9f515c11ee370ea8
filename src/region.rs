//! Pooling regions (统筹地区): resolving what a user typed (a GB/T 2260 code, a district code, a name) to a region,
//! and how the place of treatment relates to the insured region.

use crate::error::{Error, ErrorCode};
use crate::policy::{FilingArea, Policies, Region};

/// Where the place of treatment lies, seen from the insured region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    SameRegion,
    IntraProvince,
    CrossProvince,
}

/// Finds a region by code, by a district code inside it, by alias (110100 for 北京), or by name (北京, 北京市).
pub fn resolve<'p>(p: &'p Policies, input: &str, path: &str) -> Result<&'p Region, Error> {
    let s = input.trim();
    find(p, s).ok_or_else(|| Error::at(ErrorCode::UnknownRegion, path))
}

fn find<'p>(p: &'p Policies, s: &str) -> Option<&'p Region> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        // A district or county code resolves to its prefecture, or to its municipality (written in place: this runs
        // several times per estimate).
        let mut prefecture = [b'0'; 6];
        let mut province = [b'0'; 6];
        prefecture[..4].copy_from_slice(s.get(..4)?.as_bytes());
        province[..2].copy_from_slice(s.get(..2)?.as_bytes());
        let prefecture = std::str::from_utf8(&prefecture).ok()?;
        let province = std::str::from_utf8(&province).ok()?;
        return [s, prefecture, province]
            .into_iter()
            .find_map(|c| p.region_named(c));
    }
    p.region_named(s)
}

/// A province whose filings name the province (R1.3: 海南, 西藏) pools at province level: its cities are one area, and
/// treatment anywhere in it is not 异地 for a person insured in it.
pub fn relation(p: &Policies, insured: &Region, treated: &Region) -> Relation {
    let one_area = || {
        insured.province == treated.province
            && p.province(&treated.province)
                .is_some_and(|pr| pr.filing_area == FilingArea::Province)
    };
    if insured.code == treated.code || one_area() {
        Relation::SameRegion
    } else if insured.province == treated.province {
        Relation::IntraProvince
    } else {
        Relation::CrossProvince
    }
}

/// Whether a filing naming `area` covers treatment in `treated` (R1.3): the city itself, or the province where
/// filings name the province (北京、天津、上海、重庆、海南、西藏). There a filing cannot name one city, so one
/// entered as a city of the province (海口, 拉萨) is the province's filing and covers its other cities (三亚, 那曲).
pub fn filing_covers(p: &Policies, area: &str, treated: &Region) -> bool {
    let area = area.trim();
    let province_level = p
        .province(&treated.province)
        .is_some_and(|pr| pr.filing_area == FilingArea::Province);
    if let Some(r) = find(p, area) {
        if r.code == treated.code || (province_level && r.province == treated.province) {
            return true;
        }
    }
    let names_province = p
        .province(&treated.province)
        .is_some_and(|pr| pr.is_named(area));
    names_province && province_level
}
