//! Data tests of the default policies.json: every figure sourced and graded (never D alone), versions without gaps
//! or overlaps per quarter 2023–2026, the 342 regions and 31 provinces, a verdict for every pair of regions, and one
//! test per city that reproduces the figures of its ../shared/domain/city-params.md table through real estimates.
//!
//! Expected amounts are worked out by hand in the comments (amounts in yuan; every bill is all eligible unless it
//! says otherwise; the visit is in the insured region itself, so no cross-region adjustment applies).

use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use yidi::policy::{in_force, FilingArea, Grade, Policies, Since, Source};
use yidi::{Error, Estimate};

fn policies() -> &'static Policies {
    static P: OnceLock<Policies> = OnceLock::new();
    P.get_or_init(|| match Policies::default_policies() {
        Ok(p) => p,
        Err(e) => panic!("the embedded policies do not load: {e:?}"),
    })
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The day the figures were last checked against city-params.md. It is never an in-force date: a figure from an
/// undated page is dated `unknown` and applies to earlier visits too, with a warning.
const CHECKED: &str = "2026-11-22";
/// The last day a page was read for the data (an undated page's `as_of` is the day it was read: the first check, or a
/// later search's; docs/data-search-log.md).
const LAST_READ: &str = "2026-12-05";

// ---------------------------------------------------------------------------------------------------------------
// Sources and grades
// ---------------------------------------------------------------------------------------------------------------

/// Every place a figure or rule names its sources: (JSON path, source ids, whether it is a figure).
fn citations(p: &Policies) -> Vec<(String, Vec<String>, bool)> {
    let mut out = Vec::new();
    for (i, v) in p.national.adjustment_caps.iter().enumerate() {
        out.push((
            format!("national.adjustment_caps[{i}]"),
            v.sources.clone(),
            true,
        ));
    }
    out.push((
        "national.temporary_filing_min_months".into(),
        p.national.temporary_filing_min_months.sources.clone(),
        true,
    ));
    for (i, d) in p.national.chronic_diseases.iter().enumerate() {
        out.push((
            format!("national.chronic_diseases[{i}]"),
            d.sources.clone(),
            false,
        ));
    }
    for (i, pr) in p.provinces.iter().enumerate() {
        for (j, v) in pr.intra_province.iter().enumerate() {
            out.push((
                format!("provinces[{i}].intra_province[{j}]"),
                v.sources.clone(),
                false,
            ));
        }
    }
    for (i, a) in p.arrangements.iter().enumerate() {
        out.push((format!("arrangements[{i}]"), a.sources.clone(), false));
    }
    for (i, c) in p.catalogues.iter().enumerate() {
        for (j, v) in c.versions.iter().enumerate() {
            out.push((
                format!("catalogues[{i}].versions[{j}]"),
                v.sources.clone(),
                true,
            ));
        }
    }
    for (i, s) in p.schedules.iter().enumerate() {
        for (j, v) in s.versions.iter().enumerate() {
            for (k, r) in v.rows.iter().enumerate() {
                let ids = r.sources.clone().unwrap_or_else(|| v.sources.clone());
                out.push((format!("schedules[{i}].versions[{j}].rows[{k}]"), ids, true));
            }
        }
    }
    for (i, t) in p.adjustments.iter().enumerate() {
        for (j, v) in t.versions.iter().enumerate() {
            out.push((
                format!("adjustments[{i}].versions[{j}]"),
                v.sources.clone(),
                true,
            ));
        }
    }
    for (i, v) in p.national.resident_waiting_period.iter().enumerate() {
        out.push((
            format!("national.resident_waiting_period[{i}]"),
            v.sources.clone(),
            true,
        ));
    }
    for (i, v) in p.national.long_term_at_home.iter().enumerate() {
        out.push((
            format!("national.long_term_at_home[{i}]"),
            v.sources.clone(),
            false,
        ));
    }
    for (i, t) in p.access.iter().enumerate() {
        for (j, v) in t.versions.iter().enumerate() {
            out.push((
                format!("access[{i}].versions[{j}]"),
                v.sources.clone(),
                false,
            ));
        }
    }
    out
}

#[test]
fn every_source_has_a_title_an_address_a_grade_and_a_date() {
    // The file itself: the embedded copy leaves out the notes.
    let p = Policies::load(include_str!("../policies.json")).expect("policies.json loads");
    let today = date(LAST_READ);
    for (id, s) in &p.sources {
        assert!(!s.title.trim().is_empty(), "{id}: title");
        assert!(s.as_of <= today, "{id}: as_of after the last reading");
        match &s.url {
            Some(u) => assert!(
                u.starts_with("http://") || u.starts_with("https://"),
                "{id}: {u}"
            ),
            // Only a text found in a public repository file whose repository the index does not name.
            None => assert!(
                s.note.as_deref().is_some_and(|n| n.contains("无地址")),
                "{id}: no url and no note saying why"
            ),
        }
        if s.grade == Grade::D {
            assert!(s.note.is_some(), "{id}: a D source says what it is");
        }
    }
}

#[test]
fn every_figure_has_defined_sources_and_none_rests_on_d_alone() {
    let p = policies();
    let mut used = BTreeSet::new();
    for (path, ids, figure) in citations(p) {
        assert!(!ids.is_empty(), "{path}: no source");
        let grades: Vec<Grade> = ids
            .iter()
            .map(|id| {
                p.sources
                    .get(id)
                    .unwrap_or_else(|| panic!("{path}: unknown source {id}"))
                    .grade
            })
            .collect();
        if figure {
            assert!(
                grades.iter().any(|g| *g != Grade::D),
                "{path}: a figure backed only by D sources {ids:?}"
            );
        }
        used.extend(ids);
    }
    // A row may name a subset of its version's sources; every source is cited somewhere.
    let unused: Vec<&String> = p.sources.keys().filter(|k| !used.contains(*k)).collect();
    assert!(unused.is_empty(), "sources cited nowhere: {unused:?}");
}

#[test]
fn filing_rules_backed_only_by_d_leads_say_unknown_or_are_arrangements_that_warn() {
    let p = policies();
    for pr in &p.provinces {
        for v in &pr.intra_province {
            let all_d = v.sources.iter().all(|id| p.sources[id].grade == Grade::D);
            if all_d {
                assert_eq!(
                    v.rule,
                    yidi::policy::IntraRule::Unknown,
                    "{}: a D-only exemption must stay unknown",
                    pr.name
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dating: one version in force per quarter
// ---------------------------------------------------------------------------------------------------------------

fn quarters() -> Vec<NaiveDate> {
    (2023..=2026)
        .flat_map(|y| [1, 4, 7, 10].map(|m| NaiveDate::from_ymd_opt(y, m, 1).unwrap()))
        .collect()
}

/// For each quarter: at most one version covers it, exactly one from the first version on (a first version of
/// unknown start covers every quarter before the next), and it is the one `in_force` picks.
fn check_dating(what: &str, froms: &[Since]) {
    assert!(!froms.is_empty(), "{what}: no versions");
    for q in quarters() {
        let covering: Vec<usize> = (0..froms.len())
            .filter(|&i| {
                froms[i].started_by(q) && froms.get(i + 1).is_none_or(|next| !next.started_by(q))
            })
            .collect();
        let want = usize::from(froms[0].started_by(q));
        assert_eq!(
            covering.len(),
            want,
            "{what}: {} versions in force on {q}",
            covering.len()
        );
        let picked = in_force(froms, q, |d| *d).map(|d| froms.iter().position(|x| x == d).unwrap());
        assert_eq!(
            picked,
            covering.first().copied(),
            "{what}: in_force disagrees on {q}"
        );
    }
}

#[test]
fn one_version_in_force_per_quarter_2023_to_2026() {
    let p = policies();
    for s in &p.schedules {
        let froms: Vec<Since> = s.versions.iter().map(|v| v.from).collect();
        check_dating(
            &format!("schedule {} {:?} {:?}", s.region, s.scheme, s.visit_kind),
            &froms,
        );
    }
    for c in &p.catalogues {
        let froms: Vec<Since> = c.versions.iter().map(|v| v.from).collect();
        check_dating(&format!("catalogue {} {:?}", c.region, c.scheme), &froms);
    }
    for t in &p.adjustments {
        let froms: Vec<Since> = t.versions.iter().map(|v| v.from).collect();
        check_dating(&format!("adjustments {}", t.region), &froms);
    }
    for pr in p
        .provinces
        .iter()
        .filter(|pr| !pr.intra_province.is_empty())
    {
        let froms: Vec<Since> = pr.intra_province.iter().map(|v| v.from).collect();
        check_dating(&format!("intra_province {}", pr.name), &froms);
    }
    let caps: Vec<Since> = p
        .national
        .adjustment_caps
        .iter()
        .map(|v| v.from.into())
        .collect();
    check_dating("national.adjustment_caps", &caps);
    // The national caps are in force over the whole tested range (they bound every temporary adjustment).
    assert!(caps[0].started_by(date("2023-01-01")));
}

/// A figure is never checked before a page it rests on was read (an undated page's `as_of` is the day it was read).
fn read_before(p: &yidi::Policies, what: &str, sources: &[String], last_verified: NaiveDate) {
    for id in sources {
        let read = &p.sources[id];
        assert!(
            !read.undated || read.as_of <= last_verified,
            "{what}: last_verified {last_verified} before {id} was read ({})",
            read.as_of
        );
    }
}

/// The adjustment tables too (helper-67: 杭州's, checked 2026-11-22, rests on a page read on 2026-12-02).
#[test]
fn adjustments_are_not_checked_before_their_pages_were_read() {
    let p = policies();
    for a in &p.adjustments {
        for v in &a.versions {
            read_before(p, &a.region, &v.sources, v.last_verified);
        }
    }
}

#[test]
fn schedules_are_checked_and_not_dated_ahead_of_their_sources() {
    let p = policies();
    for s in &p.schedules {
        for v in &s.versions {
            // Checked on the first check or a later search's day, never before a page it rests on was read
            // (helper-63: 衡阳's figures "last verified 2026-11-22", read on 2026-12-05).
            assert!(
                v.last_verified >= date(CHECKED) && v.last_verified <= date(LAST_READ),
                "{} {:?}: last_verified {}",
                s.region,
                s.scheme,
                v.last_verified
            );
            read_before(
                p,
                &format!("{} {:?}", s.region, s.scheme),
                &v.sources,
                v.last_verified,
            );
            assert!(
                v.from <= Since::On(date(CHECKED)),
                "{}: from in the future",
                s.region
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Honest dates: a figure is in force from a date a source shows, never from the day it was checked
// ---------------------------------------------------------------------------------------------------------------

/// Every dated thing in the data: (JSON path, its start, its last check if it has one, every source it cites).
fn dated(p: &Policies) -> Vec<(String, Since, Option<NaiveDate>, Vec<String>)> {
    let mut out = Vec::new();
    let n = &p.national;
    for (i, v) in n.adjustment_caps.iter().enumerate() {
        let path = format!("national.adjustment_caps[{i}]");
        out.push((path, v.from.into(), None, v.sources.clone()));
    }
    let t = &n.temporary_filing_min_months;
    let path = "national.temporary_filing_min_months".to_string();
    out.push((path, t.from.into(), None, t.sources.clone()));
    for (i, d) in n.chronic_diseases.iter().enumerate() {
        let path = format!("national.chronic_diseases[{i}]");
        out.push((path, d.from.into(), None, d.sources.clone()));
    }
    for (i, pr) in p.provinces.iter().enumerate() {
        for (j, v) in pr.intra_province.iter().enumerate() {
            let path = format!("provinces[{i}].intra_province[{j}]");
            out.push((path, v.from, None, v.sources.clone()));
        }
    }
    for (i, a) in p.arrangements.iter().enumerate() {
        out.push((
            format!("arrangements[{i}]"),
            a.from.into(),
            None,
            a.sources.clone(),
        ));
    }
    for (i, c) in p.catalogues.iter().enumerate() {
        for (j, v) in c.versions.iter().enumerate() {
            let path = format!("catalogues[{i}].versions[{j}]");
            out.push((path, v.from, Some(v.last_verified), v.sources.clone()));
        }
    }
    for (i, s) in p.schedules.iter().enumerate() {
        for (j, v) in s.versions.iter().enumerate() {
            let mut ids = v.sources.clone();
            for r in &v.rows {
                ids.extend(r.sources.iter().flatten().cloned());
            }
            let path = format!("schedules[{i}].versions[{j}]");
            out.push((path, v.from, Some(v.last_verified), ids));
        }
    }
    for (i, t) in p.adjustments.iter().enumerate() {
        for (j, v) in t.versions.iter().enumerate() {
            let path = format!("adjustments[{i}].versions[{j}]");
            out.push((path, v.from, Some(v.last_verified), v.sources.clone()));
        }
    }
    out
}

/// Fails when something is in force from its last-verified date, or from the day an undated page it cites was read,
/// without a source dated that very day (a document that shows it in force then). Such a date hides the figure from
/// every earlier visit; an undated figure is dated `unknown` instead. And a start that is `unknown` rests on undated
/// pages only: a dated source would date it.
#[test]
fn no_figure_is_in_force_from_the_day_it_was_checked() {
    let p = policies();
    for (path, from, checked, ids) in dated(p) {
        let sources: Vec<(&String, &Source)> = ids.iter().map(|id| (id, &p.sources[id])).collect();
        let Some(day) = from.date() else {
            for (id, s) in &sources {
                assert!(
                    s.undated,
                    "{path}: start \"unknown\" although {id} is dated {}",
                    s.as_of
                );
            }
            continue;
        };
        let a_source_says_so = sources.iter().any(|(_, s)| !s.undated && s.as_of == day);
        if checked == Some(day) {
            assert!(
                a_source_says_so,
                "{path}: in force from its last-verified date {day}, which no source shows"
            );
        }
        for (id, s) in &sources {
            if s.undated && s.as_of == day {
                assert!(
                    a_source_says_so,
                    "{path}: in force from {day}, the day the undated {id} was read"
                );
            }
        }
    }
}

/// A page read on the check day and dated by it has no date of its own: it says so (`undated`), so that nothing is
/// dated from the reading.
#[test]
fn pages_dated_by_their_reading_are_marked_undated() {
    let p = Policies::load(include_str!("../policies.json")).expect("policies.json loads");
    for (id, s) in &p.sources {
        if s.as_of == date(CHECKED) {
            assert!(
                s.undated,
                "{id}: as_of is the check date, so the page is undated: say so"
            );
        }
        if s.undated {
            assert!(
                s.note.as_deref().is_some_and(|n| n.contains("未注明日期")),
                "{id}: an undated page's note says that it carries no date"
            );
            // Dated by the day it was read (helper-57: pages read on 2026-12-02 said 2026-11-22), which its note says.
            assert!(
                s.as_of >= date(CHECKED) && s.as_of <= date(LAST_READ),
                "{id}"
            );
            assert!(
                s.note.as_deref().is_some_and(
                    |n| !n.contains("读取核对之日（") || n.contains(&s.as_of.to_string())
                ),
                "{id}: the note names another reading day"
            );
        }
    }
}

/// The figures of undated pages (天津, 合肥, 长沙, 大连, 蚌埠, 海口; 深圳 and 珠海's cuts and class-B rates; 河北's
/// exemption) apply to visits before they were checked, with a warning that their start is unknown; from the check
/// day on, without it.
#[test]
fn figures_of_unknown_start_apply_to_earlier_visits_with_a_warning() {
    let warned = |e: &Estimate, code: &str| e.warnings.iter().any(|w| w.code == code);
    let q = |on: &str| {
        json!({"insured": {"region": "120000", "scheme": "employee", "status": "retired"},
               "visit": {"region": "120000", "kind": "inpatient", "hospital_level": "tertiary", "admission": on},
               "bill": {"total": "20000"}})
    };
    // 天津 退休 三级, 2024: (20000 − 1700) × 90% = 16470, as in 2026.
    let e = estimate(&q("2024-06-01")).expect("天津's undated figures apply in 2024");
    assert_eq!(e.fund_pays.to_string(), "16470.00");
    assert!(warned(&e, "figure_start_unknown"));
    let param = e
        .parameters
        .iter()
        .find(|x| x.name == "deductible")
        .unwrap();
    assert_eq!(param.from.as_deref(), Some("unknown"));
    let e = estimate(&q("2026-12-01")).unwrap();
    assert!(!warned(&e, "figure_start_unknown"));
    // Every region whose figures come from undated pages has them in 2023 already.
    for (region, scheme, status) in [
        ("340100", "employee", "employed"),
        ("460100", "employee", "employed"),
        ("460100", "resident", "none"),
        ("340300", "resident", "none"),
        ("210200", "employee", "retired"),
        ("430100", "employee", "employed"),
    ] {
        let status = if status == "none" {
            Value::Null
        } else {
            json!(status)
        };
        let f = yidi::figures(
            policies(),
            &yidi::parse_query(
                &json!({"insured": {"region": region, "scheme": scheme, "status": status, "age": 50},
                        "visit": {"region": region, "kind": "inpatient", "hospital_level": "tertiary", "admission": "2023-03-01"},
                        "bill": {"total": "1000"}})
                .to_string(),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(
            f.parameters
                .iter()
                .any(|x| x.name == "deductible" || x.name == "ratio"),
            "{region} {scheme}: figures in 2023"
        );
        assert!(
            f.warnings.iter().any(|w| w.code == "figure_start_unknown"),
            "{region} {scheme}: warned"
        );
    }
    // 河北's exemption in 2024: no filing needed, with the warning.
    let v = yidi::verdict(
        policies(),
        &yidi::parse_query(
            &json!({"insured": {"region": "130100", "scheme": "employee", "status": "employed"},
                    "visit": {"region": "131000", "kind": "inpatient", "hospital_level": "tertiary", "admission": "2024-06-01"},
                    "bill": {"total": "1000"}})
            .to_string(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(text(v.filing.reason), "intra_province_exempt");
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == "filing_rule_start_unknown"));
}

/// The 数据覆盖 listing says "unknown" where no source dates an item, not the day it was checked.
#[test]
fn the_coverage_listing_shows_an_unknown_start() {
    let all = yidi::coverage::coverage(policies());
    let entry =
        |code: &str| serde_json::to_value(all.iter().find(|e| e.code == code).unwrap()).unwrap();
    let shenzhen = entry("440300");
    assert_eq!(shenzhen["adjustments"]["evidence"]["from"], "unknown");
    assert_eq!(shenzhen["class_b"][0]["evidence"]["from"], "unknown");
    assert_eq!(
        shenzhen["adjustments"]["evidence"]["last_verified"],
        CHECKED
    );
    assert_eq!(
        entry("130100")["intra_province"]["evidence"]["from"],
        "unknown"
    );
    assert_eq!(
        entry("120000")["schedules"][0]["evidence"]["from"],
        "unknown"
    );
    assert_eq!(
        entry("420100")["schedules"][0]["evidence"]["from"],
        "2024-01-05"
    );
    let never_checked_as_start = all.iter().all(|e| {
        let v = serde_json::to_value(e).unwrap().to_string();
        !v.contains(&format!("\"from\":\"{CHECKED}\""))
    });
    assert!(never_checked_as_start, "no item starts on the check date");
}

// ---------------------------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn all_31_provinces_and_342_pooling_regions() {
    let p = policies();
    assert_eq!(p.provinces.len(), 31);
    assert_eq!(p.regions.len(), 342);
    let province_level: Vec<&str> = p
        .provinces
        .iter()
        .filter(|pr| pr.filing_area == FilingArea::Province)
        .map(|pr| pr.short.as_str())
        .collect();
    assert_eq!(
        province_level,
        ["北京", "天津", "上海", "海南", "重庆", "西藏"]
    );
    let short = |code: &str| p.province(code).map(|pr| pr.short.as_str());
    assert_eq!(
        ["150000", "450000", "540000", "640000", "650000", "230000"].map(short),
        [
            Some("内蒙古"),
            Some("广西"),
            Some("西藏"),
            Some("宁夏"),
            Some("新疆"),
            Some("黑龙江")
        ]
    );
    for r in &p.regions {
        assert!(
            p.province(&r.province).is_some(),
            "{}: province {}",
            r.code,
            r.province
        );
        assert!(
            r.code.starts_with(&r.province[..2]),
            "{}: code outside its province",
            r.code
        );
    }
    // 333 prefecture-level divisions + 4 municipalities + 5 省直管 county-level cities of 河南 and 湖北.
    let municipalities = p
        .regions
        .iter()
        .filter(|r| r.code.ends_with("0000"))
        .count();
    let county_level = p.regions.iter().filter(|r| &r.code[4..] != "00").count();
    assert_eq!((municipalities, county_level), (4, 5));
    let per_province = |code: &str| p.regions.iter().filter(|r| r.province == code).count();
    assert_eq!(
        per_province("420000"),
        13 + 4,
        "湖北: 13 prefecture-level + 仙桃, 潜江, 天门, 神农架"
    );
    assert_eq!(
        per_province("460000"),
        4,
        "海南: 海口, 三亚, 三沙, 儋州; the 省直辖县 resolve to 海口"
    );
    assert_eq!(
        per_province("650000"),
        14,
        "新疆: 14 prefecture-level; the 兵团 cities are left out"
    );
}

#[test]
fn what_people_type_resolves_to_the_pooling_region() {
    let p = policies();
    let cases = [
        ("北京", "110000"),
        ("北京市", "110000"),
        ("110100", "110000"),
        ("110105", "110000"),
        ("重庆", "500000"),
        ("500100", "500000"),
        ("500200", "500000"),
        ("500229", "500000"),
        ("120000", "120000"),
        ("310115", "310000"),
        ("武汉", "420100"),
        ("武汉市", "420100"),
        ("420102", "420100"),
        ("仙桃", "429004"),
        ("429005", "429005"),
        ("神农架", "429021"),
        ("济源市", "419001"),
        ("东莞", "441900"),
        ("441900", "441900"),
        ("中山市", "442000"),
        ("嘉峪关", "620200"),
        ("琼海", "460100"),
        ("469002", "460100"),
        ("恩施州", "422800"),
        ("恩施", "422800"),
        ("延边朝鲜族自治州", "222400"),
        ("锡林郭勒", "152500"),
        ("阿克苏", "652900"),
        ("吉林市", "220200"),
        ("海南州", "632500"),
    ];
    for (typed, code) in cases {
        let r = yidi::region::resolve(p, typed, "insured.region")
            .unwrap_or_else(|e| panic!("{typed}: {e:?}"));
        assert_eq!(r.code, code, "{typed}");
    }
    // Ambiguous short forms are not aliases: 吉林 (province or city) and 海南 (province or 青海's 海南州).
    for typed in ["吉林", "海南", "石河子", "659001", "香港", "810000"] {
        assert!(
            yidi::region::resolve(p, typed, "insured.region").is_err(),
            "{typed} should not resolve"
        );
    }
}

fn estimate(q: &Value) -> Result<Estimate, Error> {
    yidi::estimate(policies(), &yidi::parse_query(&q.to_string())?)
}

/// The bar of the issue: every region gets a filing verdict for a trip to every other region on 2025-06-01.
#[test]
fn every_pair_of_regions_gets_a_verdict() {
    let p = policies();
    let mut n = 0;
    for insured in &p.regions {
        for treated in &p.regions {
            let q = json!({
                "insured": {"region": insured.code, "scheme": "employee", "status": "retired"},
                "visit": {"region": treated.code, "kind": "inpatient", "hospital_level": "tertiary",
                          "admission": "2025-06-01", "discharge": "2025-06-05"},
                "bill": {"total": "10000"},
                "overrides": {"deductible": "800", "ratio": "0.8"}
            });
            let e = estimate(&q)
                .unwrap_or_else(|e| panic!("{} → {}: {e:?}", insured.code, treated.code));
            if insured.code == treated.code {
                assert!(!e.filing.required, "{}: same region", insured.code);
            }
            n += 1;
        }
    }
    assert_eq!(n, 342 * 342);
}

// ---------------------------------------------------------------------------------------------------------------
// Filing rules in the data
// ---------------------------------------------------------------------------------------------------------------

fn verdict(insured: &str, treated: &str, kind: &str, on: &str) -> (String, String) {
    let mut q = json!({
        "insured": {"region": insured, "scheme": "employee", "status": "retired"},
        "visit": {"region": treated, "kind": kind, "hospital_level": "tertiary"},
        "bill": {"total": "1000"},
        "overrides": {"deductible": "0", "ratio": "0.8"}
    });
    if kind == "inpatient" {
        q["visit"]["admission"] = json!(on);
    } else {
        q["visit"]["date"] = json!(on);
    }
    if kind == "chronic_outpatient" {
        q["visit"]["chronic_disease"] = json!("diabetes");
    }
    let e = estimate(&q).unwrap_or_else(|e| panic!("{insured} → {treated}: {e:?}"));
    (text(e.filing.status), text(e.filing.reason))
}

fn text<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn filing_rules_from_the_data() {
    // (what, insured, treated, visit kind, date, status, reason) — docs/rules.md R1.6, R1.7.
    let cases = [
        (
            "京津冀 from 2023-04-01 (S15, D) is a lead only until the B reports of 2024: filing required",
            "131000",
            "110000",
            "inpatient",
            "2023-04-01",
            "missing",
            "cross_province",
        ),
        (
            "京津冀 from its first B report (2024-02-26)",
            "131000",
            "110000",
            "inpatient",
            "2024-02-26",
            "deemed_filed",
            "regional_arrangement",
        ),
        (
            "京津冀 not before",
            "131000",
            "110000",
            "inpatient",
            "2023-03-31",
            "missing",
            "cross_province",
        ),
        (
            "京津冀 is mutual: 北京 insured at a 天津 pharmacy",
            "110000",
            "120000",
            "pharmacy",
            "2024-05-01",
            "deemed_filed",
            "regional_arrangement",
        ),
        (
            "京津冀 excludes 门诊慢特病",
            "131000",
            "110000",
            "chronic_outpatient",
            "2024-05-01",
            "missing",
            "cross_province",
        ),
        (
            "成渝: 成都 insured in 重庆 from 2022-07-01 (S16, D alone): a lead, filing required",
            "510100",
            "500000",
            "outpatient",
            "2022-10-01",
            "missing",
            "cross_province",
        ),
        (
            "成都 insured in 重庆 once a C source (成都本地宝, 2023-02-07) shows the southwest list in force: deemed filed",
            "510100",
            "500000",
            "outpatient",
            "2023-06-01",
            "deemed_filed",
            "regional_arrangement",
        ),
        (
            "四川 files within the province (川医保办发〔2024〕14号, A: 原则上先备案，后结算)",
            "511300",
            "510700",
            "inpatient",
            "2025-06-01",
            "missing",
            "intra_province",
        ),
        (
            "… 成都's insured too: their own list (C, 2023) gave way to the province's notice (A) from 2024-12-20",
            "510100",
            "510700",
            "inpatient",
            "2025-06-01",
            "missing",
            "intra_province",
        ),
        (
            "… while it held, 成都's insured were under their own southwest list (C)",
            "510100",
            "510700",
            "inpatient",
            "2024-06-01",
            "deemed_filed",
            "regional_arrangement",
        ),
        (
            "内蒙古 区内无异地 (C, 2023-07-04): no filing, no cut",
            "150200",
            "150100",
            "inpatient",
            "2024-06-01",
            "not_required",
            "intra_province_exempt",
        ),
        (
            "内蒙古's waiver leaves childbirth out",
            "150200",
            "150100",
            "maternity",
            "2024-06-01",
            "missing",
            "intra_province",
        ),
        (
            "成渝: 重庆 insured in 四川, inpatient only (S16, D alone): a lead, filing required",
            "500000",
            "511300",
            "inpatient",
            "2023-06-01",
            "missing",
            "cross_province",
        ),
        (
            "成渝: not for 重庆 outpatient in 四川",
            "500000",
            "511300",
            "outpatient",
            "2023-06-01",
            "missing",
            "cross_province",
        ),
        (
            "成都's list (S17, D alone): 广州 a lead, filing required",
            "510100",
            "440100",
            "inpatient",
            "2026-01-10",
            "missing",
            "cross_province",
        ),
        (
            "成都's list is one-way: 广州 insured in 成都",
            "440100",
            "510100",
            "inpatient",
            "2026-01-10",
            "missing",
            "cross_province",
        ),
        (
            "苏州 outpatient in 上海 (S18, D alone): a lead, filing required",
            "320500",
            "310000",
            "outpatient",
            "2023-06-01",
            "missing",
            "cross_province",
        ),
        (
            "河北 省内无异地 (S20, C): an undated page, so of unknown start and applied to earlier visits too",
            "131000",
            "130100",
            "outpatient",
            "2025-06-01",
            "not_required",
            "intra_province_exempt",
        ),
        (
            "山东 省内免备案 from 2022-02-23 (淄博 news, B)",
            "370200",
            "370100",
            "inpatient",
            "2025-06-01",
            "not_required",
            "intra_province_exempt",
        ),
        (
            "山东: not before the B report (2022-02-23) — unknown, filing taken as required",
            "370200",
            "370100",
            "inpatient",
            "2022-02-01",
            "missing",
            "intra_province_unknown",
        ),
        (
            "广西 区内免备案 from 2023-07-01 (自治区医保局 via 南国早报, B; 融安县 guide, A)",
            "450300",
            "450100",
            "inpatient",
            "2023-07-01",
            "not_required",
            "intra_province_exempt",
        ),
        (
            "广西: the day before, unknown",
            "450300",
            "450100",
            "inpatient",
            "2023-06-30",
            "missing",
            "intra_province_unknown",
        ),
        (
            "江苏: filing required within the province (苏州 本地宝 reprint, 2022-09-16, C)",
            "320500",
            "320100",
            "inpatient",
            "2024-06-01",
            "missing",
            "intra_province",
        ),
        (
            "吉林: 省内门诊 and pharmacies need no filing (B) …",
            "220200",
            "220100",
            "outpatient",
            "2025-06-01",
            "not_required",
            "intra_province_exempt",
        ),
        (
            "吉林: … but an inpatient stay in another 市州 (not at a county hospital) does",
            "220200",
            "220100",
            "inpatient",
            "2025-06-01",
            "missing",
            "intra_province",
        ),
        (
            "湖北: no lead at all → unknown",
            "420500",
            "420100",
            "inpatient",
            "2025-06-01",
            "missing",
            "intra_province_unknown",
        ),
        (
            "海南 county codes resolve to 海口: same pooling region",
            "469002",
            "460100",
            "inpatient",
            "2025-06-01",
            "not_required",
            "same_region",
        ),
    ];
    for (what, insured, treated, kind, on, status, reason) in cases {
        assert_eq!(
            verdict(insured, treated, kind, on),
            (status.to_string(), reason.to_string()),
            "{what}"
        );
    }
}

/// Issue 11 ("more sourced data"): provinces with a sourced (A–C) intra-province filing rule, each dated from a source
/// that shows it in force, and what the rule does to the fund's share (docs/rules.md R1.6; docs/data-search-log.md).
#[test]
fn intra_province_rules_are_sourced_and_dated() {
    let p = policies();
    let s = yidi::coverage::summary(p);
    let mut codes = s.province_codes.clone();
    codes.sort();
    assert_eq!(
        codes,
        [
            "130000", "150000", "220000", "320000", "330000", "360000", "370000", "410000",
            "450000", "510000", "520000"
        ],
        "河北, 内蒙古, 吉林, 江苏, 浙江, 江西, 山东, 河南, 广西, 四川, 贵州"
    );
    assert!(s.provinces_with_intra_province_rule >= 11, "{s:?}");
    // Every counted rule cites a source graded A–C, and is dated from a source or `unknown` (never the check day).
    for code in &codes {
        let pr = p.province(code).unwrap();
        let v = pr.intra_province.last().unwrap();
        assert!(
            v.sources.iter().any(|id| p.sources[id].grade <= Grade::C),
            "{}: no A–C source",
            pr.name
        );
        assert_ne!(v.from, Since::On(date(CHECKED)), "{}", pr.name);
    }
    let starts: Vec<(&str, String)> = ["450000", "370000", "330000", "410000", "360000", "520000"]
        .into_iter()
        .map(|c| {
            let v = p.province(c).unwrap().intra_province.last().unwrap();
            (
                c,
                serde_json::to_value(v.from)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        starts,
        [
            ("450000", "2023-07-01".to_string()),
            ("370000", "2022-02-23".to_string()),
            ("330000", "2021-07-01".to_string()),
            ("410000", "2023-01-01".to_string()),
            ("360000", "2023-09-19".to_string()),
            ("520000", "2022-01-01".to_string()),
        ]
    );

    // 10000 all eligible, no deductible, a 90% ratio, no filing held: the exemption's own cut is all that applies.
    let fund = |insured: &str, treated: &str, on: &str| {
        let e = estimate(&json!({
            "insured": {"region": insured, "scheme": "employee", "status": "employed"},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary", "admission": on},
            "bill": {"total": "10000"},
            "overrides": {"deductible": "0", "ratio": "0.9"}
        }))
        .unwrap_or_else(|e| panic!("{insured} → {treated}: {e:?}"));
        (text(e.filing.reason), e.fund_pays.to_string())
    };
    let exempt = |f: &str| ("intra_province_exempt".to_string(), f.to_string());
    // 广西 桂林 → 南宁: no filing and no cut from 2023-07-01 ("报销比例不降低") → 9000.
    assert_eq!(fund("450300", "450100", "2024-06-01"), exempt("9000.00"));
    // 江西 赣州 → 南昌: "不另设先行自付比例，不降低报销比例" → 9000.
    assert_eq!(fund("360700", "360100", "2024-06-01"), exempt("9000.00"));
    // 贵州 遵义 → 贵阳: filing for 省内 stays abolished from 2022-01-01, home benefits → 9000.
    assert_eq!(fund("520300", "520100", "2022-01-01"), exempt("9000.00"));
    // 河南 洛阳 → 郑州: no cut stated → 9000.
    assert_eq!(fund("410300", "410100", "2024-06-01"), exempt("9000.00"));
    // 山东 青岛 → 济南: temporary visits pay 10% first (淄博's rule, B): (10000 − 1000) × 90% = 8100.
    assert_eq!(fund("370200", "370100", "2024-06-01"), exempt("8100.00"));
    // 浙江 杭州 → 宁波: 宁波's −10 points kept for the whole province (杭州 publishes none: the safe reading) → 8000.
    assert_eq!(fund("330100", "330200", "2024-06-01"), exempt("8000.00"));
    // Before 宁波's rule (2021-07-01) 浙江's is unknown: filing taken as required.
    assert_eq!(
        fund("330100", "330200", "2021-06-30").0,
        "intra_province_unknown"
    );
}

#[test]
fn chronic_diseases_are_dated_from_the_national_start() {
    // The five 门诊慢特病 settle directly across provinces from the nationwide start in September 2021 (NHSA figures
    // reported on 2022-05-20, graded B; a month only, so from its last day), not from the date of one city's page
    // (沈阳, 2023-11-30) nor of one settlement example (廊坊 → 北京, 2022-07-01).
    let p = policies();
    let national = &p.sources["chronic-5-tyrb-2022"];
    assert_eq!(national.grade, Grade::B);
    assert!(!national.undated);
    let codes: Vec<&str> = p
        .national
        .chronic_diseases
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "hypertension",
            "diabetes",
            "cancer_outpatient_therapy",
            "uremia_dialysis",
            "post_transplant_antirejection"
        ]
    );
    for d in &p.national.chronic_diseases {
        assert_eq!(d.from, date("2021-09-30"), "{}", d.code);
        assert!(
            d.sources.iter().any(|id| id == "chronic-5-tyrb-2022"),
            "{}: cites the national start",
            d.code
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// City figures, reproduced through estimates
// ---------------------------------------------------------------------------------------------------------------

/// One local visit. `who` is "employed"/"retired" for employees, "" for residents; `age` 0 = not given.
struct Case {
    what: &'static str,
    region: &'static str,
    who: &'static str,
    age: u32,
    kind: &'static str,
    level: &'static str,
    on: &'static str,
    /// Admissions already this year.
    before: u32,
    eligible: &'static str,
    /// Extra query fields (overrides, history), merged in.
    extra: Value,
    /// (slip line, amount)
    want: &'static [(&'static str, &'static str)],
}

fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn run_cases(cases: &[Case]) {
    for c in cases {
        let (scheme, status) = if c.who.is_empty() {
            ("resident", Value::Null)
        } else {
            ("employee", json!(c.who))
        };
        let mut q = json!({
            "insured": {"region": c.region, "scheme": scheme, "status": status},
            "visit": {"region": c.region, "kind": c.kind, "hospital_level": c.level},
            "bill": {"total": c.eligible},
            "history": {"admissions": c.before}
        });
        if c.age > 0 {
            q["insured"]["age"] = json!(c.age);
        }
        let day = if c.kind == "inpatient" {
            "admission"
        } else {
            "date"
        };
        q["visit"][day] = json!(c.on);
        merge(&mut q, &c.extra);
        let e = estimate(&q).unwrap_or_else(|e| panic!("{}: {e:?}\n{q}", c.what));
        for (key, amount) in c.want {
            let got = e
                .line(key)
                .map(|l| l.amount.to_string())
                .unwrap_or_default();
            assert_eq!(&got, amount, "{}: line {key}", c.what);
        }
    }
}

fn none() -> Value {
    json!({})
}

/// city-params.md 上海: 职工 起付 1500 在职 / 1200 退休 per 医保年度, 85% / 92%; caps by 医保年度 (B);
/// 附加基金 80% above the cap. 居民 2020: 起付 50/100/300, under 60 80/75/60%, 60+ 90/80/70%.
#[test]
#[rustfmt::skip]
fn shanghai() {
    run_cases(&[
        // (20000 − 1500) × 85% = 15725
        Case { what: "职工 在职", region: "310000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "1500.00"), ("fund", "15725.00")] },
        // (20000 − 1200) × 92% = 17296; the level does not matter for 职工 住院
        Case { what: "职工 退休 (2001 年后)", region: "310000", who: "retired", age: 0, kind: "inpatient", level: "primary", on: "2025-03-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "1200.00"), ("fund", "17296.00")] },
        // the 起付 is per 医保年度: 1000 already paid leaves 500; (20000 − 500) × 85% = 16575
        Case { what: "职工 起付 按年度累计", region: "310000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 1, eligible: "20000", extra: json!({"history": {"deductible_paid": "1000"}}),
               want: &[("deductible", "500.00"), ("fund", "16575.00")] },
        // 2024 医保年度 (to 2025-06-30): cap 63万. (800000 − 1500) × 85% = 678725 > 630000 → 630000;
        // above the cap 798500 − 630000 / 0.85 = 798500 − 741176.47 = 57323.53; 附加基金 57323.53 × 80% = 45858.82
        Case { what: "2024 医保年度 cap 63万", region: "310000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-06-30", before: 0, eligible: "800000", extra: none(),
               want: &[("fund", "630000.00"), ("over_cap", "57323.53"), ("second_layer", "45858.82")] },
        // 2025 医保年度 (from 2025-07-01): cap 65万. 798500 − 650000 / 0.85 = 798500 − 764705.88 = 33794.12; × 80% = 27035.30
        Case { what: "2025 医保年度 cap 65万", region: "310000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-07-01", before: 0, eligible: "800000", extra: none(),
               want: &[("fund", "650000.00"), ("over_cap", "33794.12"), ("second_layer", "27035.30")] },
        // 2022 医保年度: cap 59万 (city-params.md, B)
        Case { what: "2022 医保年度 cap 59万", region: "310000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2023-03-01", before: 0, eligible: "800000", extra: none(),
               want: &[("fund", "590000.00")] },
        // 居民 2020, 三级, under 60: (10000 − 300) × 60% = 5820; at 65: × 70% = 6790; 一级 under 60: (10000 − 50) × 80% = 7960
        Case { what: "居民 三级 60岁以下", region: "310000", who: "", age: 40, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "300.00"), ("fund", "5820.00")] },
        Case { what: "居民 三级 60岁以上", region: "310000", who: "", age: 65, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("fund", "6790.00")] },
        Case { what: "居民 一级", region: "310000", who: "", age: 40, kind: "inpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "50.00"), ("fund", "7960.00")] },
        // 门急诊 2022, retired 2001+ under 70: 自负段 700; 二级 75%: (3000 − 700) × 75% = 1725
        Case { what: "职工 退休 门急诊 二级", region: "310000", who: "retired", age: 66, kind: "outpatient", level: "secondary", on: "2023-06-01", before: 0, eligible: "3000", extra: none(),
               want: &[("deductible", "700.00"), ("fund", "1725.00")] },
    ]);
}

/// city-params.md 北京: 起付 1300 first / 650 later; bands over cumulative cost 起付–3万 / 3–4万 / 4–10万: 三级 85/90/95,
/// 二级 87/92/97, 一级 90/95/97 (D/C); 退休 individual share 60% of 在职 → 三级 91/94/97 (C); 统筹 to 10万, 大额 above
/// it 85% 在职 / 90% 退休 (C). 居民 2019: cap 25万, 大病 threshold 30404, 60% to 5万 above it, 70% beyond (C).
#[test]
#[rustfmt::skip]
fn beijing() {
    run_cases(&[
        // 28700 × 85% + 10000 × 90% + 10000 × 95% = 24395 + 9000 + 9500 = 42895
        Case { what: "职工 在职 三级 5万", region: "110000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2024-05-01", before: 0, eligible: "50000", extra: none(),
               want: &[("deductible", "1300.00"), ("fund", "42895.00")] },
        // second admission 650: (20000 − 650) × 91% = 17608.50
        Case { what: "职工 退休 三级 第二次住院", region: "110000", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2024-05-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "650.00"), ("fund", "17608.50")] },
        // 二级 退休 92.2/95.2/98.2: 28700 × 92.2% + 10000 × 95.2% + 10000 × 98.2% = 26461.40 + 9520 + 9820 = 45801.40
        Case { what: "职工 退休 二级 5万", region: "110000", who: "retired", age: 0, kind: "inpatient", level: "secondary", on: "2024-05-01", before: 0, eligible: "50000", extra: none(),
               want: &[("fund", "45801.40")] },
        // 15万: the fund's bands stop at 10万 (24395 + 9000 + 57000 = 90395); 5万 above; 大额 5万 × 85% = 42500
        Case { what: "职工 在职 三级 15万: 大额", region: "110000", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2024-05-01", before: 0, eligible: "150000", extra: none(),
               want: &[("fund", "90395.00"), ("over_cap", "50000.00"), ("second_layer", "42500.00")] },
        // 退休 大额 90%: 一级 退休 94/97/98.2: 28700 × 94% + 10000 × 97% + 60000 × 98.2% = 26978 + 9700 + 58920 = 95598; 5万 × 90% = 45000
        Case { what: "职工 退休 一级 15万: 大额", region: "110000", who: "retired", age: 0, kind: "inpatient", level: "primary", on: "2024-05-01", before: 0, eligible: "150000", extra: none(),
               want: &[("fund", "95598.00"), ("second_layer", "45000.00")] },
        // 居民 2019 大病 (basic figures entered as 0 so that the whole 10万 is the patient's share):
        // above 30404: 69596 → 50000 × 60% + 19596 × 70% = 30000 + 13717.20 = 43717.20
        Case { what: "居民 2019 大病", region: "110000", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2019-06-01", before: 0, eligible: "100000", extra: json!({"overrides": {"deductible": "0", "ratio": "0"}}),
               want: &[("second_layer", "43717.20")] },
    ]);
    // From 2020 the 大病 threshold is not on file: no second layer line.
    let e = estimate(&json!({"insured": {"region": "110000", "scheme": "resident"},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary", "admission": "2020-06-01"},
        "bill": {"total": "100000"}, "overrides": {"deductible": "0", "ratio": "0.5"}})).unwrap();
    assert!(e.line("second_layer").is_none());
    assert_eq!(
        e.line("over_cap").map(|l| l.amount.to_string()).as_deref(),
        Some("0.00"),
        "cap 25万 not reached"
    );
}

/// city-params.md 天津 (C, undated: start unknown, so also before the check date): 退休 起付 三级 1700 first / 500 later, 90% to
/// 5.5万; 门(急)诊 起付 在职 800 / 退休 700 under 70, to 5500: 一级 75 / 二级 65 / 三级 55%.
#[test]
#[rustfmt::skip]
fn tianjin() {
    run_cases(&[
        // (20000 − 1700) × 90% = 16470
        Case { what: "职工 退休 三级", region: "120000", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2026-12-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "1700.00"), ("fund", "16470.00")] },
        // second admission 二级 350: (20000 − 350) × 90% = 17685
        Case { what: "职工 退休 二级 再次住院", region: "120000", who: "retired", age: 0, kind: "inpatient", level: "secondary", on: "2026-12-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "350.00"), ("fund", "17685.00")] },
        // 6万: only 5.5万 counts; (55000 − 1700) × 90% = 47970; 5000 above
        Case { what: "职工 退休 三级 至5.5万", region: "120000", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2026-12-01", before: 0, eligible: "60000", extra: none(),
               want: &[("fund", "47970.00"), ("over_cap", "5000.00")] },
        // 门诊 退休 65岁 三级: (3000 − 700) × 55% = 1265
        Case { what: "职工 退休 门诊 三级", region: "120000", who: "retired", age: 65, kind: "outpatient", level: "tertiary", on: "2026-12-01", before: 0, eligible: "3000", extra: none(),
               want: &[("deductible", "700.00"), ("fund", "1265.00")] },
        // 门诊 在职 一级 8000: only 5500 counts; (5500 − 800) × 75% = 3525
        Case { what: "职工 在职 门诊 一级 至5500", region: "120000", who: "employed", age: 40, kind: "outpatient", level: "primary", on: "2026-12-01", before: 0, eligible: "8000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "3525.00"), ("over_cap", "2500.00")] },
    ]);
}

/// city-params.md 武汉 (C, 2024-01-05): 起付 三级 800 / 二级 600 / 一级 400 / 社区 200, halved from the 2nd admission
/// (not at 社区); 在职 86/89/92/92%; 退休 88.8/91.2/93.6%; limit 24万 on eligible cost.
#[test]
#[rustfmt::skip]
fn wuhan() {
    run_cases(&[
        // (20000 − 800) × 88.8% = 17049.60 (examples.md E1)
        Case { what: "职工 退休 三级", region: "420100", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "17049.60")] },
        // (20000 − 600) × 89% = 17266
        Case { what: "职工 在职 二级", region: "420100", who: "employed", age: 0, kind: "inpatient", level: "secondary", on: "2025-03-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "600.00"), ("fund", "17266.00")] },
        // second admission 一级: 400 / 2 = 200; (20000 − 200) × 93.6% = 18532.80
        Case { what: "职工 退休 一级 再次住院", region: "420100", who: "retired", age: 0, kind: "inpatient", level: "primary", on: "2025-03-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "18532.80")] },
        // 社区 is not halved: (20000 − 200) × 92% = 18216
        Case { what: "职工 在职 社区 再次住院", region: "420100", who: "employed", age: 0, kind: "inpatient", level: "community", on: "2025-03-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "18216.00")] },
        // 25万 eligible: 1万 above the 24万 limit; (240000 − 800) × 88.8% = 212409.60
        Case { what: "年度限额 24万", region: "420100", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 0, eligible: "250000", extra: none(),
               want: &[("fund", "212409.60"), ("over_cap", "10000.00")] },
    ]);
}

/// city-params.md 广州 (C, ≈2016–2022; csjbk 2022-03-31): 起付 在职 400/800/1600, 退休 280/560/1120; 在职 90/85/80%,
/// 退休 93/89.5/86%.
#[test]
#[rustfmt::skip]
fn guangzhou() {
    run_cases(&[
        // (20000 − 1600) × 80% = 14720
        Case { what: "职工 在职 三级", region: "440100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "1600.00"), ("fund", "14720.00")] },
        // (20000 − 1120) × 86% = 16236.80
        Case { what: "职工 退休 三级", region: "440100", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "1120.00"), ("fund", "16236.80")] },
        // (20000 − 560) × 89.5% = 17398.80
        Case { what: "职工 退休 二级", region: "440100", who: "retired", age: 0, kind: "inpatient", level: "secondary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "560.00"), ("fund", "17398.80")] },
        // (20000 − 400) × 90% = 17640
        Case { what: "职工 在职 一级", region: "440100", who: "employed", age: 0, kind: "inpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "400.00"), ("fund", "17640.00")] },
    ]);
}

/// city-params.md 成都 (C): 职工 社区 95 / 一级 92 / 二级 90 / 三级 85%, +2 points at 50, +4 at 60, +6 at 70, +8 at 80,
/// +10 at 90, max 100%, 100% at 100+ (2020-12-29); 起付 社区 160, 一级 200, 二级 400, 三级 800 (2022 page).
/// 居民 (2020-12-29): 成年低档 95/85/75/53, 学生儿童 95/85/75/60 (社区/一级/二级/三级).
#[test]
#[rustfmt::skip]
fn chengdu() {
    run_cases(&[
        // (20000 − 800) × 85% = 16320
        Case { what: "职工 三级 45岁", region: "510100", who: "employed", age: 45, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "16320.00")] },
        // 19200 × 87% = 16704
        Case { what: "职工 三级 55岁 (+2)", region: "510100", who: "employed", age: 55, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("fund", "16704.00")] },
        // 19200 × 91% = 17472
        Case { what: "职工 三级 72岁 (+6)", region: "510100", who: "retired", age: 72, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("fund", "17472.00")] },
        // 社区 95 + 6 = 101 → 100%: (20000 − 160) × 100% = 19840
        Case { what: "职工 社区 75岁 (封顶100%)", region: "510100", who: "retired", age: 75, kind: "inpatient", level: "community", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("deductible", "160.00"), ("fund", "19840.00")] },
        // 二级 90 + 10 = 100%: (20000 − 400) × 100% = 19600
        Case { what: "职工 二级 93岁 (+10)", region: "510100", who: "retired", age: 93, kind: "inpatient", level: "secondary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("fund", "19600.00")] },
        // 居民: no 起付 on file, entered as 0: 三级 adult 53% → 5300; child 60% → 6000
        Case { what: "居民 三级 成年（低档）", region: "510100", who: "", age: 40, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "5300.00")] },
        Case { what: "居民 三级 儿童", region: "510100", who: "", age: 10, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "6000.00")] },
    ]);
}

/// city-params.md 西安 (B, reform of 2020-08-01): 起付 by admission 1st/2nd/3rd, none from the 4th (三级 650/550/350,
/// 二级 400/300/150, 一级 & 社区 200/150/100); bands 起付–1万 / 1–5万 / 5–40万: 在职 三级 88/91/95, 二级 90/95/95,
/// 一级 92/95/95; 退休 三级 91/94/95, 二级 93/95/95, 一级 95/97/95; cap 40万, 大额 95% above (C); 乙类 4% (职工), 5% (居民).
/// 门诊统筹 2023: 起付 200, 一级 70 / 二级 60 / 三级 50%, 退休 +5. 居民 2023: 一级 150/80%, 二级 400/70%, 三级 1200/60%,
/// cap 20万; 门诊统筹 no 起付, cap 200, 一级/社区中心 60%.
#[test]
#[rustfmt::skip]
fn xian() {
    run_cases(&[
        // retiree, 三级, second admission: 起付 550; (10000 − 550) × 91% + 10000 × 94% = 8599.50 + 9400 = 17999.50
        Case { what: "职工 退休 三级 第二次住院", region: "610100", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2024-06-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "550.00"), ("fund", "17999.50")] },
        // 在职 三级 first: (10000 − 650) × 88% + 40000 × 91% + 10000 × 95% = 8228 + 36400 + 9500 = 54128
        Case { what: "职工 在职 三级 6万", region: "610100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2024-06-01", before: 0, eligible: "60000", extra: none(),
               want: &[("deductible", "650.00"), ("fund", "54128.00")] },
        // third admission 二级: 起付 150; (8000 − 150) × 90% = 7065
        Case { what: "职工 在职 二级 第三次住院", region: "610100", who: "employed", age: 0, kind: "inpatient", level: "secondary", on: "2024-06-01", before: 2, eligible: "8000", extra: none(),
               want: &[("deductible", "150.00"), ("fund", "7065.00")] },
        // fourth admission: no 起付; 8000 × 90% = 7200
        Case { what: "职工 在职 二级 第四次住院", region: "610100", who: "employed", age: 0, kind: "inpatient", level: "secondary", on: "2024-06-01", before: 3, eligible: "8000", extra: none(),
               want: &[("deductible", "0.00"), ("fund", "7200.00")] },
        // 45万: 5万 above 40万; 8228 + 36400 + 350000 × 95% = 377128; 大额 5万 × 95% = 47500
        Case { what: "职工 在职 三级 45万: 大额", region: "610100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2024-06-01", before: 0, eligible: "450000", extra: none(),
               want: &[("fund", "377128.00"), ("over_cap", "50000.00"), ("second_layer", "47500.00")] },
        // 乙类 4%: 1000 of class B pre-pays 40; eligible 9960; (9960 − 200) × 92% = 8979.20
        Case { what: "职工 乙类先行自付 4%", region: "610100", who: "employed", age: 0, kind: "inpatient", level: "primary", on: "2024-06-01", before: 0, eligible: "10000", extra: json!({"bill": {"class_b": {"amount": "1000"}}}),
               want: &[("class_b_prepay", "40.00"), ("eligible", "9960.00"), ("fund", "8979.20")] },
        // 门诊统筹 退休 二级: (1000 − 200) × 65% = 520
        Case { what: "职工 门诊 退休 二级", region: "610100", who: "retired", age: 0, kind: "outpatient", level: "secondary", on: "2023-06-01", before: 0, eligible: "1000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "520.00")] },
        // 居民 三级: (10000 − 1200) × 60% = 5280; 一级: (10000 − 150) × 80% = 7880
        Case { what: "居民 三级", region: "610100", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "1200.00"), ("fund", "5280.00")] },
        Case { what: "居民 一级", region: "610100", who: "", age: 0, kind: "inpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "150.00"), ("fund", "7880.00")] },
        // 居民 门诊统筹: 500 × 60% = 300 > the 200 cap → 200
        Case { what: "居民 门诊统筹 限额200", region: "610100", who: "", age: 0, kind: "outpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "500", extra: none(),
               want: &[("deductible", "0.00"), ("fund", "200.00")] },
        // 居民 乙类 5% (undated page: start unknown): 1000 → 50
        Case { what: "居民 乙类先行自付 5%", region: "610100", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2026-12-01", before: 0, eligible: "10000", extra: json!({"bill": {"class_b": {"amount": "1000"}}}),
               want: &[("class_b_prepay", "50.00")] },
    ]);
}

/// city-params.md 杭州 (B, hospital table of 2020-12-09): 职工 起付 三级 800 / other 500 / 社区 300; bands 起付–4万 and
/// 4–36万: 在职 82/84/88 and 88/90/92, 退休 86/88/92 and 92/94/96; above 36万 90%. 门诊 起付 在职 1000 / 退休 300,
/// 在职 76/80/86, 退休 82/86/92. 居民 住院 三级 800/70%, other 500/75%, 社区 300/80%, above 25万 70%;
/// 居民 门诊 起付 300, 城乡二档 30/50/60%, 少儿 40/60/70%.
#[test]
#[rustfmt::skip]
fn hangzhou() {
    run_cases(&[
        // (40000 − 800) × 82% + 10000 × 88% = 32144 + 8800 = 40944
        Case { what: "职工 在职 三级 5万", region: "330100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "50000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "40944.00")] },
        // 社区 退休: (10000 − 300) × 92% = 8924
        Case { what: "职工 退休 社区", region: "330100", who: "retired", age: 0, kind: "inpatient", level: "community", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "300.00"), ("fund", "8924.00")] },
        // 40万: 32144 + 320000 × 88% + 40000 × 90% = 32144 + 281600 + 36000 = 349744
        Case { what: "职工 在职 三级 40万", region: "330100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "400000", extra: none(),
               want: &[("fund", "349744.00")] },
        // 门诊 在职 三级: (3000 − 1000) × 76% = 1520; 退休 社区: (1000 − 300) × 92% = 644
        Case { what: "职工 在职 门诊 三级", region: "330100", who: "employed", age: 0, kind: "outpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "3000", extra: none(),
               want: &[("deductible", "1000.00"), ("fund", "1520.00")] },
        Case { what: "职工 退休 门诊 社区", region: "330100", who: "retired", age: 0, kind: "outpatient", level: "community", on: "2023-06-01", before: 0, eligible: "1000", extra: none(),
               want: &[("deductible", "300.00"), ("fund", "644.00")] },
        // 居民 三级: (20000 − 800) × 70% = 13440; 社区 30万: (250000 − 300) × 80% + 50000 × 70% = 199760 + 35000 = 234760
        Case { what: "居民 三级", region: "330100", who: "", age: 40, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "20000", extra: none(),
               want: &[("fund", "13440.00")] },
        Case { what: "居民 社区 30万", region: "330100", who: "", age: 40, kind: "inpatient", level: "community", on: "2023-06-01", before: 0, eligible: "300000", extra: none(),
               want: &[("fund", "234760.00")] },
        // 居民 门诊 三级: (1000 − 300) × 30% = 210 (二档); 少儿 × 40% = 280
        Case { what: "居民 门诊 三级 成年", region: "330100", who: "", age: 40, kind: "outpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "1000", extra: none(),
               want: &[("fund", "210.00")] },
        Case { what: "居民 门诊 三级 少儿", region: "330100", who: "", age: 8, kind: "outpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "1000", extra: none(),
               want: &[("fund", "280.00")] },
    ]);
}

/// city-params.md 宁波 (B, 2023): 居民 三级 起付 1200, 70%, 封顶 30万. 常州 (A, 2022-08-09): 居民 三级 未成年人和学生
/// 400/85%, others 800/75%; 一级/二级 200/95%, others 400/85%.
#[test]
#[rustfmt::skip]
fn ningbo_and_changzhou() {
    run_cases(&[
        // (10000 − 1200) × 70% = 6160
        Case { what: "宁波 居民 三级", region: "330200", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "1200.00"), ("fund", "6160.00")] },
        // (10000 − 800) × 75% = 6900; minor (10000 − 400) × 85% = 8160; 二级 adult 8160; 一级 minor (10000 − 200) × 95% = 9310
        Case { what: "常州 居民 三级 成年", region: "320400", who: "", age: 40, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "6900.00")] },
        Case { what: "常州 居民 三级 未成年人", region: "320400", who: "", age: 10, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "400.00"), ("fund", "8160.00")] },
        Case { what: "常州 居民 二级 成年", region: "320400", who: "", age: 40, kind: "inpatient", level: "secondary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "400.00"), ("fund", "8160.00")] },
        Case { what: "常州 居民 一级 未成年人", region: "320400", who: "", age: 10, kind: "inpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "9310.00")] },
    ]);
}

/// city-params.md 合肥 (C), 海口/海南 (C), 蚌埠 (A), 大连 (C): undated pages, so of unknown start.
/// 合肥 职工 起付 200/400/600 halved from the 2nd admission, 在职 94/92/90%, 退休 97/96/95%. 海口 职工 年度起付 在职 800 /
/// 退休 600, 三级 85 / 二级 88 / 一级 90%, 退休 90%; 居民 三级 350/65%, 二级 300/75%, 一级 100/90%. 蚌埠 一级及以下
/// 200/85%, 二级 500/80%, 市三级 800/70%. 大连 top 三级 起付 1200, 600 at 70+.
#[test]
#[rustfmt::skip]
fn hefei_haikou_bengbu_dalian() {
    let on = "2026-12-01";
    run_cases(&[
        // (10000 − 600) × 90% = 8460; second admission 退休: (10000 − 300) × 95% = 9215
        Case { what: "合肥 在职 三级", region: "340100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "600.00"), ("fund", "8460.00")] },
        Case { what: "合肥 退休 三级 再次住院", region: "340100", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on, before: 1, eligible: "10000", extra: none(),
               want: &[("deductible", "300.00"), ("fund", "9215.00")] },
        // 社区 counts as 一级及以下: (10000 − 200) × 94% = 9212
        Case { what: "合肥 在职 社区", region: "340100", who: "employed", age: 0, kind: "inpatient", level: "community", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "9212.00")] },
        // 海口 职工: (10000 − 800) × 85% = 7820; 退休 二级: (10000 − 600) × 90% = 8460
        Case { what: "海口 职工 在职 三级", region: "460100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "7820.00")] },
        Case { what: "琼海 (469002) 按海南/海口 退休 二级", region: "469002", who: "retired", age: 0, kind: "inpatient", level: "secondary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "600.00"), ("fund", "8460.00")] },
        // 海口 居民 三级: (10000 − 350) × 65% = 6272.50
        Case { what: "海口 居民 三级", region: "460100", who: "", age: 0, kind: "inpatient", level: "tertiary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "350.00"), ("fund", "6272.50")] },
        // 蚌埠 市三级: (10000 − 800) × 70% = 6440; 一级: (10000 − 200) × 85% = 8330
        Case { what: "蚌埠 市三级", region: "340300", who: "", age: 0, kind: "inpatient", level: "tertiary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "6440.00")] },
        Case { what: "蚌埠 一级", region: "340300", who: "", age: 0, kind: "inpatient", level: "primary", on, before: 0, eligible: "10000", extra: none(),
               want: &[("deductible", "200.00"), ("fund", "8330.00")] },
        // 大连: no ratio on file (entered 90%); 起付 600 at 72: (10000 − 600) × 90% = 8460
        Case { what: "大连 三级 72岁", region: "210200", who: "retired", age: 72, kind: "inpatient", level: "tertiary", on, before: 0, eligible: "10000", extra: json!({"overrides": {"ratio": "0.9"}}),
               want: &[("deductible", "600.00"), ("fund", "8460.00")] },
    ]);
}

/// city-params.md 青岛 (B, 2025): 起付 一级 200 / 二级 500 / 三级 800; 职工 1st 100%, 2nd 50%, 3rd+ none; 居民 3rd+ 100;
/// 职工 ≤4万: 在职 90/88/86, 退休 95/94/93; >4万 95 / 97. 居民 二档 85/75/55%. 南昌 (B, from 2025-07-01): 职工 一级 95,
/// 二级 90, 三级 85%. 贵阳 居民 (B-, 2024-11-23): 起付 三级 1000 / 二级 400 / 一级 100, cap 25万; 门诊 二级 60%,
/// 一级 85%, cap 500.
#[test]
#[rustfmt::skip]
fn qingdao_nanchang_guiyang() {
    run_cases(&[
        // (40000 − 800) × 86% + 10000 × 95% = 33712 + 9500 = 43212
        Case { what: "青岛 职工 在职 三级 5万", region: "370200", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 0, eligible: "50000", extra: none(),
               want: &[("deductible", "800.00"), ("fund", "43212.00")] },
        // third admission: no 起付; 20000 × 93% = 18600
        Case { what: "青岛 职工 退休 三级 第三次住院", region: "370200", who: "retired", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 2, eligible: "20000", extra: none(),
               want: &[("deductible", "0.00"), ("fund", "18600.00")] },
        // second admission 二级: 250; (20000 − 250) × 88% = 17380
        Case { what: "青岛 职工 在职 二级 第二次住院", region: "370200", who: "employed", age: 0, kind: "inpatient", level: "secondary", on: "2025-03-01", before: 1, eligible: "20000", extra: none(),
               want: &[("deductible", "250.00"), ("fund", "17380.00")] },
        // 居民 third admission 三级: 100; (10000 − 100) × 55% = 5445
        Case { what: "青岛 居民 三级 第三次住院", region: "370200", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 2, eligible: "10000", extra: none(),
               want: &[("deductible", "100.00"), ("fund", "5445.00")] },
        // 南昌: no 起付 on file (entered 0): 10000 × 85% = 8500
        Case { what: "南昌 职工 三级", region: "360100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2025-08-01", before: 0, eligible: "10000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "8500.00")] },
        // 贵阳 居民 三级: 起付 1000 from the data, ratio entered (not on file)
        Case { what: "贵阳 居民 三级", region: "520100", who: "", age: 0, kind: "inpatient", level: "tertiary", on: "2025-03-01", before: 0, eligible: "10000", extra: json!({"overrides": {"ratio": "0.6"}}),
               want: &[("deductible", "1000.00"), ("fund", "5400.00")] },
        // 贵阳 门诊 一级: 1000 × 85% = 850 > 500 → 500 (起付 entered as 0)
        Case { what: "贵阳 居民 门诊 一级 限额500", region: "520100", who: "", age: 0, kind: "outpatient", level: "primary", on: "2025-03-01", before: 0, eligible: "1000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "500.00")] },
    ]);
    // Figures dated the day their earliest source was seen (a page, not a notice naming a start) are the region's own
    // before that day too, with a warning (docs/rules.md, "Data rules"): E1 as its 2023 guide dates it.
    for (admission, discharge) in [("2023-06-01", "2023-06-15"), ("2024-01-04", "2024-01-10")] {
        let e = estimate(&json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": admission, "discharge": discharge},
            "filing": {"category": "long_term", "start": "2022-06-01", "area": "440300"},
            "bill": {"total": 30000, "out_of_catalogue": 10000}}))
        .unwrap();
        assert_eq!(e.fund_pays.to_string(), "17049.60", "E1 admitted {admission}");
        assert!(e.range.is_none(), "E1 admitted {admission}: the region's own figures");
        let w = e.warnings.iter().find(|w| w.code == "figures_start_after_visit");
        let w = w.unwrap_or_else(|| panic!("E1 admitted {admission}: a warning"));
        assert!(w.message.zh.contains("2024-01-05"), "{}", w.message.zh);
    }
    // 周口 居民 outside 河南 at any level are paid as at a provincial tertiary hospital ("省外同省级三级"): 1500,
    // 50% up to 7000, 68% above; within 河南 the hospital's own level (primary: 200, 70% up to 800, 90% above: 420 + 26280).
    for (treated, level, fund, warned) in [
        ("上海", "primary", "18390.00", true),
        ("上海", "tertiary", "18390.00", false),
        ("郑州", "primary", "26700.00", false),
    ] {
        let e = estimate(&json!({
            "insured": {"region": "411600", "scheme": "resident", "age": 70},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": level,
                      "admission": "2025-05-01", "discharge": "2025-05-09"},
            "filing": {"category": "long_term", "start": "2024-06-01", "area": treated},
            "bill": {"total": "30000"}}))
        .unwrap();
        assert_eq!(e.fund_pays.to_string(), fund, "周口 居民 in {treated}, {level}");
        let w = e.warnings.iter().any(|w| w.code == "outside_province_level");
        assert_eq!(w, warned, "周口 居民 in {treated}, {level}: the warning");
    }
    // Before a start a notice names there are no figures of their own: other regions' stand in, as a labelled range
    // (src/typical.rs), and the region's own figures are not used.
    // 西安's first version is dated by an official source of that day (grade B): a notice's start, not extended.
    for (region, who, on) in [
        ("370200", "employed", "2024-12-31"),
        ("360100", "employed", "2025-06-30"),
        ("610100", "employed", "2020-07-01"),
    ] {
        let e = estimate(
            &json!({"insured": {"region": region, "scheme": "employee", "status": who},
            "visit": {"region": region, "kind": "inpatient", "hospital_level": "tertiary", "admission": on},
            "bill": {"total": "1000"}}),
        )
        .unwrap_or_else(|e| panic!("{region} on {on}: {e}"));
        let range = e.range.as_ref().unwrap_or_else(|| panic!("{region} on {on}: a range"));
        assert!(range.typical.contains(&"deductible"), "{region} on {on}");
        // … and it is said that the region's own figures start later (helper-37 finding 1).
        let later = e.warnings.iter().find(|w| w.code == "figures_start_later");
        assert!(later.is_some_and(|w| w.message.zh.contains("起执行")), "{region} on {on}");
    }
}

/// city-params.md 郑州 (C, 2019): 职工 在职 一/二/三类 95/90/85%, 退休 97/95/93% (类 read as 级: the ratios fall with
/// the class). 长沙 (C, undated: start unknown): 职工 first-admission 起付 一类 900 / 二类 600 / 三类 300 (the
/// 起付 falls with the class, so 一类 is read as 三级).
#[test]
#[rustfmt::skip]
fn zhengzhou_and_changsha() {
    run_cases(&[
        // no 起付 on file (entered 0): 10000 × 85% = 8500; 退休 一级 10000 × 97% = 9700
        Case { what: "郑州 在职 三类", region: "410100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2023-06-01", before: 0, eligible: "10000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "8500.00")] },
        Case { what: "郑州 退休 一类", region: "410100", who: "retired", age: 0, kind: "inpatient", level: "primary", on: "2023-06-01", before: 0, eligible: "10000", extra: json!({"overrides": {"deductible": "0"}}),
               want: &[("fund", "9700.00")] },
        // no ratio on file (entered 80%): (10000 − 900) × 80% = 7280
        Case { what: "长沙 一类（三级） 起付", region: "430100", who: "employed", age: 0, kind: "inpatient", level: "tertiary", on: "2026-12-01", before: 0, eligible: "10000", extra: json!({"overrides": {"ratio": "0.8"}}),
               want: &[("deductible", "900.00"), ("fund", "7280.00")] },
    ]);
}

/// Cross-region adjustments by insured region (docs/rules.md R3.5), on a bill of 10000 all eligible with the
/// figures entered as 起付 0 and 90% (these regions have no schedule): 深圳 (A) ×0.8 other temporary, ×0.9 emergency,
/// ×0.9 in-province inpatient; 宁波 居民 (C, 2023) −10 points in the province, −20 outside, emergency none; 珠海 (C)
/// −20 points and no 普通门诊 for other temporary; 苏州 居民 (C, 2024-01-13) 80% of the ratio.
#[test]
fn cross_region_adjustments() {
    let run = |insured: &str,
               scheme: &str,
               treated: &str,
               kind: &str,
               on: &str,
               filing: Value,
               emergency: bool| {
        let day = if kind == "inpatient" {
            "admission"
        } else {
            "date"
        };
        let mut q = json!({
            "insured": {"region": insured, "scheme": scheme, "status": "employed"},
            "visit": {"region": treated, "kind": kind, "hospital_level": "tertiary", "emergency": emergency},
            "bill": {"total": "10000"},
            "overrides": {"deductible": "0", "ratio": "0.9"}
        });
        q["visit"][day] = json!(on);
        if !filing.is_null() {
            q["filing"] = filing;
        }
        estimate(&q).unwrap_or_else(|e| panic!("{insured} → {treated}: {e:?}"))
    };
    let temp = |area: &str, start: &str| json!({"category": "temporary_other", "start": start, "area": area});
    let fund = |e: &Estimate| e.fund_pays.to_string();
    let on = "2026-12-01";
    // 深圳 → 武汉, other temporary: 90% × 0.8 = 72% → 7200; emergency 90% × 0.9 = 81% → 8100
    assert_eq!(
        fund(&run(
            "440300",
            "employee",
            "420100",
            "inpatient",
            on,
            temp("420100", on),
            false
        )),
        "7200.00"
    );
    assert_eq!(
        fund(&run(
            "440300",
            "employee",
            "420100",
            "inpatient",
            on,
            Value::Null,
            true
        )),
        "8100.00"
    );
    // 深圳 → 广州 (in the province), other temporary inpatient: × 0.9 → 8100
    assert_eq!(
        fund(&run(
            "440300",
            "employee",
            "440100",
            "inpatient",
            on,
            temp("440100", on),
            false
        )),
        "8100.00"
    );
    // 深圳 as the place of treatment: 乙类先行自付 1% (S21)
    let long_term = json!({"category": "long_term", "start": "2026-01-01", "area": "440300"});
    let e = estimate(&json!({"insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary", "admission": on},
        "filing": long_term, "bill": {"total": "10000", "class_b": {"amount": "2000"}}})).unwrap();
    assert_eq!(
        e.line("class_b_prepay")
            .map(|l| l.amount.to_string())
            .as_deref(),
        Some("20.00"),
        "深圳 1% of 2000"
    );
    // 宁波 居民 → 杭州 (in the province): 90% − 10 = 80% → 8000; → 上海: 90% − 20 = 70% → 7000; emergency: 90% → 9000
    assert_eq!(
        fund(&run(
            "330200",
            "resident",
            "330100",
            "inpatient",
            "2024-06-01",
            temp("330100", "2024-06-01"),
            false
        )),
        "8000.00"
    );
    assert_eq!(
        fund(&run(
            "330200",
            "resident",
            "310000",
            "inpatient",
            "2024-06-01",
            temp("310000", "2024-06-01"),
            false
        )),
        "7000.00"
    );
    assert_eq!(
        fund(&run(
            "330200",
            "resident",
            "310000",
            "inpatient",
            "2024-06-01",
            Value::Null,
            true
        )),
        "9000.00"
    );
    // 珠海, other temporary: inpatient 90% − 20 = 70% → 7000; 普通门诊 not paid
    assert_eq!(
        fund(&run(
            "440400",
            "employee",
            "420100",
            "inpatient",
            on,
            temp("420100", on),
            false
        )),
        "7000.00"
    );
    let e = run(
        "440400",
        "employee",
        "420100",
        "outpatient",
        on,
        temp("420100", on),
        false,
    );
    assert_eq!(
        (serde_json::to_value(e.settlement.route).unwrap(), fund(&e)),
        (json!("not_covered"), "0.00".to_string())
    );
    // 苏州 居民, other temporary: 90% × 0.8 = 72% → 7200
    assert_eq!(
        fund(&run(
            "320500",
            "resident",
            "420100",
            "inpatient",
            "2024-06-01",
            temp("420100", "2024-06-01"),
            false
        )),
        "7200.00"
    );
    // Every multiplier and cut stays inside the national caps (validated on load; checked here at 90%).
    for t in &policies().adjustments {
        for v in &t.versions {
            for r in &v.rules {
                let cut = match &r.adjustment {
                    yidi::query::Adjustment::PpReduction { value } => value.0,
                    yidi::query::Adjustment::Multiplier { value } => {
                        rust_decimal::Decimal::new(9, 1) * (rust_decimal::Decimal::ONE - value.0)
                    }
                    _ => continue,
                };
                // A table of unknown start applies from before the national caps: held to the first ones.
                let on = v.from.date().unwrap_or(date("2023-01-01"));
                let cap = yidi::policy::cap_for(policies(), r.category, on).map(|c| c.0);
                assert!(
                    cap.is_none_or(|c| cut <= c),
                    "{} {:?}: cut {cut} over the cap",
                    t.region,
                    r.category
                );
            }
        }
    }
}

/// docs/rules.md (data): a figure in force before every source's own date must rest on a source that names the
/// benefit year it starts in (2023年度待遇, 2023年政策), on its first day: a start no source shows fails here
/// (helper-25 found 宁波's and 银川's starts and asked which source showed them).
#[test]
fn a_start_before_every_source_is_a_benefit_year_a_source_names() {
    let file = Policies::load(include_str!("../policies.json")).expect("policies.json loads");
    for (path, from, _, ids) in dated(&file) {
        // The regions' figures (a national rule's start is the day its text gives, R4.3's September 2021).
        let regional = ["schedules", "adjustments", "catalogues"]
            .iter()
            .any(|k| path.starts_with(k));
        let Since::On(from) = from else { continue };
        if !regional {
            continue;
        }
        let sources: Vec<_> = ids.iter().filter_map(|id| file.sources.get(id)).collect();
        if sources.is_empty() || sources.iter().any(|s| s.as_of <= from) {
            continue;
        }
        let year = format!("{}", chrono::Datelike::year(&from));
        // The title names the year ("2023年宁波…", "2023湛江居民医保…", "…2023年度").
        let names_year = sources.iter().any(|s| s.title.contains(&year));
        // Or the day itself, as the text gives it ("自2023年10月1日起": 临沂's 市外 pre-payment, on an undated page).
        let day = format!(
            "{year}年{}月{}日",
            chrono::Datelike::month(&from),
            chrono::Datelike::day(&from)
        );
        if sources.iter().any(|s| s.title.contains(&day)) {
            continue;
        }
        assert!(
            names_year && chrono::Datelike::ordinal(&from) == 1,
            "{path}: in force from {from}, before every source's date, and no source names {year} as its benefit year"
        );
    }
}
