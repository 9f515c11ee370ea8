//! Pooling regions (统筹地区): resolving what a user typed (a GB/T 2260 code, a district code, a name) to a region,
//! and how the place of treatment relates to the insured region.

use crate::error::{Error, ErrorCode};
use crate::policy::{narrow, FilingArea, Policies, Region};

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
    find(p, s).ok_or_else(|| {
        shared_english_name(p, s, path).unwrap_or_else(|| Error::at(ErrorCode::UnknownRegion, path))
    })
}

/// An English name two regions share (Fuzhou: 福州 and 抚州) names neither: said so, with each and its province, rather
/// than "not a known region".
fn shared_english_name(p: &Policies, s: &str, path: &str) -> Option<Error> {
    let bare = s
        .strip_suffix(" City")
        .or_else(|| s.strip_suffix(" city"))
        .unwrap_or(s);
    let named: Vec<&Region> = p
        .regions
        .iter()
        .filter(|r| {
            r.name_en
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(bare))
        })
        .collect();
    if named.len() < 2 {
        return None;
    }
    let province = |r: &Region| p.province(&r.province);
    let zh: Vec<String> = named
        .iter()
        .map(|r| {
            format!(
                "{}（{}）",
                r.name,
                province(r).map_or("", |pr| pr.name.as_str())
            )
        })
        .collect();
    let en: Vec<String> = named
        .iter()
        .map(|r| {
            let pr = province(r)
                .and_then(|pr| pr.name_en.as_deref())
                .unwrap_or_default();
            format!("{pr} {}", r.name_en.as_deref().unwrap_or(&r.name))
        })
        .collect();
    Some(Error::new(
        ErrorCode::UnknownRegion,
        path,
        crate::error::Message::new(
            format!("“{s}”是多个地区的英文名：{}。请写中文名称、代码，或连同省份一起写", zh.join("、")),
            format!("“{s}” is the English name of more than one region: write it with its province ({}), or its Chinese name or code", en.join("; ")),
        ),
    ))
}

fn find<'p>(p: &'p Policies, s: &str) -> Option<&'p Region> {
    // Full-width digits read as the code (a region, a filing's area alike: ４４０３００ made a valid filing count as
    // naming another area; helper-50).
    let narrowed = narrow(s);
    let s = narrowed.as_ref();
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
    p.region_named(s).or_else(|| address(p, s))
}

/// A region written as part of an address, as exported files and people write it: after its province (广东省深圳市,
/// 广东深圳, 吉林省吉林市), before a district (深圳市南山区; 北京市朝阳区, a municipality's district), or in English
/// with "City" (Shenzhen City). None where it names no one region: a district alone (南山区, 浦东) needs the page's
/// list of places; a province alone names none.
fn address<'p>(p: &'p Policies, s: &str) -> Option<&'p Region> {
    if s.is_ascii() {
        let lower = s.to_ascii_lowercase();
        if let Some(r) = lower
            .strip_suffix(" city")
            .and_then(|bare| p.region_named(bare.trim_end()))
        {
            return Some(r);
        }
        return with_english_province(p, &lower);
    }
    let province = p
        .provinces
        .iter()
        .flat_map(|pr| [(pr.name.as_str(), pr), (pr.short.as_str(), pr)])
        .filter(|(prefix, _)| !prefix.is_empty() && s.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len());
    let Some((prefix, pr)) = province else {
        // No province first: a region's full name (深圳市, never the bare 朝阳 of 朝阳区) and a district after it.
        return named_first(p, s, None, false);
    };
    let rest = s[prefix.len()..].trim();
    if rest.is_empty() {
        return None;
    }
    let in_province = |r: &&Region| r.province == pr.code;
    // What follows is another province or a region elsewhere (北京 上海, 湖北省广东省): two places, not one address
    // (a street named after a city, 北京市上海路, is still an address in 北京).
    let named = p.region_named(rest);
    let elsewhere = named.is_some_and(|r| !in_province(&r))
        || p.provinces.iter().any(|other| {
            other.code != pr.code
                && (rest.starts_with(other.name.as_str())
                    || (!other.short.is_empty() && rest == other.short))
        });
    if elsewhere {
        return None;
    }
    named
        .filter(in_province)
        .or_else(|| named_first(p, rest, Some(&pr.code), true))
        .or_else(|| {
            // A municipality is one region: whatever district follows it is its own.
            let mut regions = p.regions.iter().filter(in_province);
            match (regions.next(), regions.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })
        // A province's short name that begins a city's own (吉林市船营区: 吉林 the province, 吉林市 the city).
        .or_else(|| named_first(p, s, None, false))
}

/// A region written in English with its province, before or after it (jiangxi fuzhou, "Fuzhou, Jiangxi", "Taizhou
/// (Zhejiang)"): how regions that share an English name are told apart. `lower` is in lower case.
fn with_english_province<'p>(p: &'p Policies, lower: &str) -> Option<&'p Region> {
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    p.provinces.iter().find_map(|pr| {
        let en = pr.name_en.as_deref()?.to_ascii_lowercase();
        let own: Vec<&str> = en.split_whitespace().collect();
        let rest = if words.starts_with(&own) {
            words.get(own.len()..)?
        } else if words.ends_with(&own) {
            words.get(..words.len() - own.len())?
        } else {
            return None;
        };
        let rest = rest.join(" ");
        let rest = rest.strip_suffix(" city").unwrap_or(&rest);
        p.regions.iter().find(|r| {
            r.province == pr.code
                && r.name_en
                    .as_deref()
                    .is_some_and(|n| !rest.is_empty() && n.eq_ignore_ascii_case(rest))
        })
    })
}

/// The region whose name (or, within a province named before it, an alias) begins `s` with something after it, the
/// longest such name.
fn named_first<'p>(
    p: &'p Policies,
    s: &str,
    province: Option<&str>,
    aliases: bool,
) -> Option<&'p Region> {
    p.regions
        .iter()
        .filter(|r| province.is_none_or(|c| r.province == c))
        .flat_map(|r| {
            let names = if aliases { &r.aliases[..] } else { &[] };
            std::iter::once(&r.name).chain(names).map(move |n| (n, r))
        })
        .filter(|(n, _)| !n.is_ascii() && s.len() > n.len() && s.starts_with(n.as_str()))
        .max_by_key(|(n, _)| n.len())
        .map(|(_, r)| r)
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
