//! The house's shape (issue 10): no module of src/ depends, directly or through others, on itself. A module's
//! dependencies are the modules of this crate it names (`crate::x::…`, `use crate::{x, y::…}`, `super::x`); the
//! TypeScript generator (`types`, feature `schema`, named only in attributes) and the front doors (lib.rs, main.rs,
//! the wasm binding) stand outside.

use std::collections::{BTreeMap, BTreeSet};

const OUTSIDE: [&str; 4] = ["lib", "main", "wasm", "types"];

fn modules() -> BTreeMap<String, String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "rs").then(|| (name, std::fs::read_to_string(&path).unwrap()))
        })
        .collect()
}

/// The identifiers right after `crate::` (or at the top level of `crate::{…}`), in code outside comments.
fn named(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    c if c.is_alphanumeric() || c == '_' => {
                        word.push(c);
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 || (c == '{' && depth == 1) {
                    if !word.is_empty() {
                        out.insert(std::mem::take(&mut word));
                    }
                } else {
                    word.clear();
                }
            }
            if !word.is_empty() {
                out.insert(word);
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(word);
        }
    }
    out
}

#[test]
fn no_module_depends_on_itself() {
    let all = modules();
    let graph: BTreeMap<&str, BTreeSet<&str>> = all
        .iter()
        .filter(|(m, _)| !OUTSIDE.contains(&m.as_str()))
        .map(|(m, text)| {
            let deps = named(text)
                .into_iter()
                .filter_map(|d| all.get_key_value(&d).map(|(k, _)| k.as_str()))
                .filter(|d| d != m && !OUTSIDE.contains(d))
                .collect();
            (m.as_str(), deps)
        })
        .collect();
    assert!(graph.len() > 15, "{:?}", graph.keys());
    // A depth-first search for a path back to the start.
    for start in graph.keys() {
        let mut stack: Vec<Vec<&str>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for d in graph.get(last).into_iter().flatten() {
                if d == start {
                    panic!("a module cycle: {} → {start}", path.join(" → "));
                }
                if seen.insert(*d) {
                    let mut p = path.clone();
                    p.push(d);
                    stack.push(p);
                }
            }
        }
    }
}

#[test]
fn the_front_door_is_short() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(
        lib.lines().count() <= 120,
        "src/lib.rs: {} lines",
        lib.lines().count()
    );
}
