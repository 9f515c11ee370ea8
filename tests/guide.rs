//! The insurers' guide (www/policies.md) shows a complete change that overrides one city's figure. Its diff is
//! applied here to the published policies.json (hunks matched by their lines, not their line numbers), and the result
//! must validate and be used by the estimate, so the example cannot rot.

use serde_json::json;
/// The published file (the embedded copy leaves out its notes).
const POLICIES_JSON: &str = include_str!("../policies.json");
use yidi::Policies;

const GUIDE: &str = include_str!("../www/policies.md");

/// The first ```diff block of the guide.
fn guide_diff() -> &'static str {
    let start = GUIDE.find("```diff\n").expect("the guide has a diff") + "```diff\n".len();
    let len = GUIDE[start..].find("```").expect("the diff block ends");
    &GUIDE[start..start + len]
}

/// Applies a unified diff: each hunk's old lines (context and removals) must occur once, after the previous hunk.
fn apply(text: &str, diff: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut hunks: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for l in diff.lines() {
        if l.starts_with("--- ") || l.starts_with("+++ ") {
            continue;
        }
        if l.starts_with("@@") {
            hunks.push((Vec::new(), Vec::new()));
            continue;
        }
        let (old, new) = hunks.last_mut().expect("a line before the first @@");
        match l.split_at(1) {
            (" ", rest) => {
                old.push(rest.to_owned());
                new.push(rest.to_owned());
            }
            ("-", rest) => old.push(rest.to_owned()),
            ("+", rest) => new.push(rest.to_owned()),
            _ => panic!("not a diff line: {l:?}"),
        }
    }
    assert!(!hunks.is_empty());
    let mut from = 0;
    for (old, new) in hunks {
        let found: Vec<usize> = (from..=lines.len().saturating_sub(old.len()))
            .filter(|&i| lines[i..i + old.len()] == old[..])
            .collect();
        assert_eq!(
            found.len(),
            1,
            "the hunk starting {:?} must match policies.json exactly once",
            old.first()
        );
        let at = found[0];
        lines.splice(at..at + old.len(), new.iter().cloned());
        from = at + new.len();
    }
    lines.join("\n") + "\n"
}

#[test]
fn the_guides_example_validates_and_is_used() {
    let mine = apply(POLICIES_JSON, guide_diff());
    let p = match Policies::load(&mine) {
        Ok(p) => p,
        Err(errors) => panic!("the guide's example does not validate: {errors:?}"),
    };
    assert_eq!(p.version, "2026.12.05-4-acme.1");
    assert_eq!(p.sources["acme-wuhan-2026"].grade, yidi::policy::Grade::A);

    let query = |status: &str, admissions: u32| {
        let q = json!({
            "insured": {"region": "420100", "scheme": "employee", "status": status},
            "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-11-01", "discharge": "2026-11-05"},
            "filing": {"category": "long_term", "start": "2024-06-01", "area": "440300"},
            "bill": {"total": "30000"},
            "history": {"admissions": admissions}
        });
        yidi::parse_query(&q.to_string()).unwrap()
    };
    for (status, admissions, deductible, ratio) in [
        ("employed", 0, "1000.00", "86%"),
        ("employed", 1, "500.00", "86%"),
        ("retired", 0, "1000.00", "88.8%"),
    ] {
        let e = yidi::estimate(&p, &query(status, admissions)).unwrap();
        let d = e
            .parameters
            .iter()
            .find(|x| x.name == "deductible")
            .unwrap();
        assert!(
            d.value.zh.starts_with(deductible),
            "{status}: {}",
            d.value.zh
        );
        let ids: Vec<&str> = d.sources.iter().map(|s| &*s.id).collect();
        assert_eq!(ids, ["acme-wuhan-2026"]);
        let r = e.parameters.iter().find(|x| x.name == "ratio").unwrap();
        assert_eq!(r.value.zh, ratio, "{status}");
        assert!(
            r.sources.iter().all(|s| &*s.id != "acme-wuhan-2026"),
            "the ratio keeps its own sources"
        );
    }
}

#[test]
fn the_guide_names_the_files_published_next_to_it() {
    for name in ["policies.schema.json", "coverage.html"] {
        assert!(GUIDE.contains(name), "{name}");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("www")
            .join(name);
        assert!(path.is_file(), "{} exists", path.display());
    }
    assert!(GUIDE.contains("cargo run -q --bin yidi -- validate"));
}
