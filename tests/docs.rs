//! The rule book lives in the repository (docs/rules.md): every rule id the code and the tests cite (`R1.1`, `R5.6b`,
//! `§5.3`, the ends and the inside of ranges such as `R3.1–R3.8`) resolves to a heading there, so a clone can check a
//! rule against its text; each rule states its sources. The worked cases of tests/examples.rs are told in
//! docs/examples.md.

use std::collections::BTreeSet;
use std::path::Path;

const RULES: &str = include_str!("../docs/rules.md");
const EXAMPLES: &str = include_str!("../docs/examples.md");

/// A cited id at the start of `s`: `R` digits `.` digits and an optional letter, or `§` digits with an optional `.`
/// digits. Returns the id and its (major, minor) for ranges.
fn id_at(s: &str) -> Option<(String, Option<(u32, u32)>)> {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(rest) = s.strip_prefix('R') {
        let a = digits(rest);
        let after = rest.get(a..)?.strip_prefix('.')?;
        let b = digits(after);
        if a == 0 || b == 0 {
            return None;
        }
        let letter = after[b..]
            .chars()
            .next()
            .filter(|c| c.is_ascii_lowercase())
            .filter(|_| !after[b + 1..].starts_with(|c: char| c.is_ascii_alphabetic()));
        let mut id = format!("R{}.{}", &rest[..a], &after[..b]);
        if let Some(c) = letter {
            id.push(c);
        }
        let pair = (rest[..a].parse().ok()?, after[..b].parse().ok()?);
        return Some((id, letter.is_none().then_some(pair)));
    }
    let rest = s.strip_prefix('§')?;
    let a = digits(rest);
    if a == 0 {
        return None;
    }
    let minor = rest[a..].strip_prefix('.').map(digits).unwrap_or(0);
    let end = if minor > 0 { a + 1 + minor } else { a };
    Some((format!("§{}", &rest[..end]), None))
}

/// Every rule id cited in a text, ranges (`R3.1–R3.8`, `R4.3-R4.5`) expanded.
fn cited(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut last: Option<(usize, (u32, u32))> = None;
    for (i, c) in text.char_indices() {
        if c != 'R' && c != '§' {
            continue;
        }
        let before = text[..i].chars().next_back();
        if c == 'R' && before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_') {
            continue;
        }
        let Some((id, pair)) = id_at(&text[i..]) else {
            continue;
        };
        if let (Some((end, (major, from))), Some((m, to))) = (last, pair) {
            let between = text[end..i].trim();
            if m == major && (between == "–" || between == "-") {
                out.extend((from + 1..to).map(|n| format!("R{major}.{n}")));
            }
        }
        last = pair.map(|p| (i + id.len(), p));
        out.insert(id);
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "node_modules" && !name.starts_with('.') {
                files(&path, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".mjs") || name.ends_with(".js") {
            out.push(path);
        }
    }
}

/// The ids of the rule book's headings (`### R1.1 …`, `## §5.3 …`).
fn headings(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|w| id_at(w).map(|(id, _)| id).filter(|id| id.len() == w.len()))
        .collect()
}

#[test]
fn the_id_reader_reads_ids_and_ranges() {
    let got =
        cited("R1.1 and R5.6b; rules R3.1–R3.4, §5.3 step 4, §6.2/R1.14, UTF-8, PR1.2, R4.3-R4.5");
    let want = [
        "R1.1", "R5.6b", "R3.1", "R3.2", "R3.3", "R3.4", "§5.3", "§6.2", "R1.14", "R4.3", "R4.4",
        "R4.5",
    ];
    assert_eq!(got, want.iter().map(|s| s.to_string()).collect());
}

#[test]
fn every_rule_id_cited_in_src_and_tests_is_in_the_rule_book() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), &mut paths);
    files(&root.join("tests"), &mut paths);
    let book = headings(RULES);
    let mut missing = BTreeSet::new();
    let mut seen = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for id in cited(&text) {
            seen += 1;
            if !book.contains(&id) {
                missing.insert(format!(
                    "{id} ({})",
                    path.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(seen > 50, "the code cites rule ids ({seen} found)");
    assert!(
        missing.is_empty(),
        "rule ids without a heading in docs/rules.md: {missing:?}"
    );
}

#[test]
fn every_rule_names_its_evidence_and_sources() {
    // Each `### R…` entry has an evidence tag or says it is open, and a Sources line naming listed sources.
    let listed: BTreeSet<&str> = RULES
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|id| id.starts_with('S') || id.starts_with('N'))
        .collect();
    let sections: Vec<&str> = RULES.split("\n### ").skip(1).collect();
    assert!(sections.len() > 30);
    for s in sections.iter().filter(|s| s.starts_with('R')) {
        let title = s.lines().next().unwrap();
        assert!(
            ["[NAT]", "[LOC]", "[INF]", "(open)"]
                .iter()
                .any(|t| title.contains(t)),
            "{title}: no evidence tag"
        );
        let sources = s
            .lines()
            .find(|l| l.starts_with("Sources:"))
            .unwrap_or_else(|| panic!("{title}: no Sources line"));
        for word in sources.split(|c: char| !c.is_ascii_alphanumeric()) {
            let is_id = word.len() > 1
                && (word.starts_with('S') || word.starts_with('N'))
                && word[1..2].bytes().all(|b| b.is_ascii_digit());
            if is_id {
                assert!(
                    listed.contains(word),
                    "{title}: {word} is not in the source list"
                );
            }
        }
    }
}

#[test]
fn every_worked_case_of_the_tests_is_told() {
    let tests = include_str!("examples.rs");
    let told: BTreeSet<&str> = EXAMPLES
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    let mut n = 0;
    for l in tests.lines().filter_map(|l| l.trim().strip_prefix("/// E")) {
        let id = format!("E{}", l.split('.').next().unwrap());
        assert!(
            told.contains(id.as_str()),
            "{id} is not in docs/examples.md"
        );
        n += 1;
    }
    assert_eq!(n, 7);
}
