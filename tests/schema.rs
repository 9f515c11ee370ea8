//! The JSON Schema published next to the page (www/policies.schema.json) is the one the Rust types generate, and it
//! accepts the real policies.json while refusing broken copies. Needs `--features schema` (`cargo xtask test` passes
//! it); regenerate the file with `cargo xtask schema`.
#![cfg(feature = "schema")]

use serde_json::{json, Map, Value};
use std::process::Command;
/// The published file (the embedded copy leaves out its notes).
const POLICIES_JSON: &str = include_str!("../policies.json");

const COMMITTED: &str = include_str!("../www/policies.schema.json");

fn generated() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_yidi-schema"))
        .output()
        .expect("yidi-schema runs");
    assert!(out.status.success(), "yidi-schema failed");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn schema() -> Value {
    serde_json::from_str(COMMITTED).expect("the committed schema is JSON")
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    assert!(
        generated() == COMMITTED,
        "www/policies.schema.json differs from the Rust types: run `cargo xtask schema` and commit the result"
    );
}

#[test]
fn the_schema_describes_the_top_level_of_policies_json() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["type"], "object");
    assert_eq!(s["additionalProperties"], false);
    let props: Vec<&str> = s["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let file: Value = serde_json::from_str(POLICIES_JSON).unwrap();
    for key in file.as_object().unwrap().keys() {
        assert!(props.contains(&key.as_str()), "{key} in {props:?}");
    }
    for key in [
        "version",
        "sources",
        "national",
        "provinces",
        "regions",
        "arrangements",
        "catalogues",
        "schedules",
        "adjustments",
    ] {
        assert!(props.contains(&key), "{key} in {props:?}");
    }
    assert_eq!(
        s["required"],
        json!(["version", "sources", "national", "provinces", "regions"])
    );
}

#[test]
fn the_schema_accepts_the_real_policies() {
    let file: Value = serde_json::from_str(POLICIES_JSON).unwrap();
    let errors = Validator::new(schema()).errors(&file);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_refuses_broken_files_at_their_paths() {
    type Edit = fn(&mut Value);
    let s = schema();
    let cases: [(&str, Edit, &str); 6] = [
        (
            "unknown key",
            |v| v["national"]["colour"] = json!("red"),
            "/national/colour",
        ),
        (
            "ratio above 1",
            |v| v["schedules"][0]["versions"][0]["rows"][0]["ratio"] = json!("1.2"),
            "/schedules/0/versions/0/rows/0/ratio",
        ),
        (
            "date not YYYY-MM-DD",
            |v| v["arrangements"][0]["from"] = json!("2023/02/01"),
            "/arrangements/0/from",
        ),
        (
            "grade outside A–E",
            |v| v["sources"]["nat-22-header"]["grade"] = json!("F"),
            "/sources/nat-22-header/grade",
        ),
        (
            "missing required field",
            |v| {
                v["regions"][0].as_object_mut().unwrap().remove("province");
            },
            "/regions/0",
        ),
        (
            "amount that is not a decimal",
            |v| {
                v["schedules"][0]["versions"][0]["rows"][0]["deductible"] =
                    json!({"per": "admission", "amounts": ["1,200"]})
            },
            "/schedules/0/versions/0/rows/0/deductible/amounts/0",
        ),
    ];
    for (what, edit, path) in cases {
        let mut file: Value = serde_json::from_str(POLICIES_JSON).unwrap();
        edit(&mut file);
        let errors = Validator::new(s.clone()).errors(&file);
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{path}:"))),
            "{what}: expected an error at {path}, got {errors:#?}"
        );
    }
}

/// A small JSON Schema validator for the keywords schemars emits here. An unknown keyword or pattern fails the test
/// rather than being skipped, so the check cannot quietly weaken when the generated schema changes.
struct Validator {
    root: Value,
}

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "title",
    "description",
    "default",
    "format",
];

impl Validator {
    fn new(root: Value) -> Validator {
        Validator { root }
    }

    fn errors(&self, v: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(&self.root, v, "", &mut out);
        out
    }

    fn check(&self, s: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
        let s = match s {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(format!("{path}: not allowed")),
            Value::Object(m) => m,
            other => panic!("schema at {path} is {other}"),
        };
        for (k, kv) in s {
            match k.as_str() {
                "$ref" => {
                    let name = kv
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/$defs/"))
                        .unwrap_or_else(|| panic!("unsupported $ref {kv}"));
                    let target = &self.root["$defs"][name];
                    assert!(!target.is_null(), "dangling $ref {kv}");
                    self.check(target, v, path, out);
                }
                "type" => {
                    let types: Vec<&str> = match kv {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => panic!("type {kv}"),
                    };
                    if !types.iter().any(|t| has_type(v, t)) {
                        out.push(format!("{path}: expected {types:?}, got {v}"));
                    }
                }
                "properties" | "additionalProperties" | "required" => {
                    if k == "properties" {
                        self.object(s, v, path, out);
                    }
                }
                "items" => {
                    if let Value::Array(a) = v {
                        for (i, x) in a.iter().enumerate() {
                            self.check(kv, x, &format!("{path}/{i}"), out);
                        }
                    }
                }
                "anyOf" | "oneOf" => {
                    let results: Vec<Vec<String>> = kv
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| {
                            let mut e = Vec::new();
                            self.check(b, v, path, &mut e);
                            e
                        })
                        .collect();
                    let passing = results.iter().filter(|e| e.is_empty()).count();
                    if passing == 0 {
                        // Report the branch that got furthest (deepest first error), as validators' "best match".
                        let depth =
                            |e: &Vec<String>| e.first().map_or(0, |x| x.matches('/').count());
                        out.extend(results.into_iter().max_by_key(depth).unwrap_or_default());
                    } else if k == "oneOf" && passing > 1 {
                        out.push(format!("{path}: matches {passing} of the oneOf branches"));
                    }
                }
                "const" => {
                    if v != kv {
                        out.push(format!("{path}: expected {kv}, got {v}"));
                    }
                }
                "enum" => {
                    if !kv.as_array().unwrap().contains(v) {
                        out.push(format!("{path}: {v} not in {kv}"));
                    }
                }
                "pattern" => {
                    if let Value::String(text) = v {
                        if !pattern_matches(kv.as_str().unwrap(), text) {
                            out.push(format!("{path}: {text:?} does not match {kv}"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(x) = number(v) {
                        let bound = number(kv).unwrap();
                        let ok = if k == "minimum" {
                            x >= bound
                        } else {
                            x <= bound
                        };
                        if !ok {
                            out.push(format!("{path}: {x} outside the {k} {bound}"));
                        }
                    }
                }
                k if ANNOTATIONS.contains(&k) => {}
                other => panic!("the test validator does not know the keyword {other} (at {path})"),
            }
        }
        if !s.contains_key("properties")
            && (s.contains_key("required") || s.contains_key("additionalProperties"))
        {
            self.object(s, v, path, out);
        }
    }

    fn object(&self, s: &Map<String, Value>, v: &Value, path: &str, out: &mut Vec<String>) {
        let Value::Object(obj) = v else { return };
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for req in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = req.as_str().unwrap();
            if !obj.contains_key(name) {
                out.push(format!("{path}: missing {name}"));
            }
        }
        for (key, x) in obj {
            let sub = format!("{path}/{key}");
            match (props.get(key), s.get("additionalProperties")) {
                (Some(p), _) => self.check(p, x, &sub, out),
                (None, Some(extra)) => self.check(extra, x, &sub, out),
                (None, None) => {}
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v
            .as_number()
            .is_some_and(|n| n.is_i64() || n.is_u64() || n.to_string().parse::<i128>().is_ok()),
        other => panic!("unknown type {other}"),
    }
}

/// Numbers as decimals, whatever serde_json's arbitrary-precision form.
fn number(v: &Value) -> Option<f64> {
    v.as_number().and_then(|n| n.to_string().parse().ok())
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The patterns the generated schema uses (src/money.rs), each checked by hand: no regex engine in the
/// dependencies. A new pattern must be taught here.
fn pattern_matches(pattern: &str, s: &str) -> bool {
    match pattern {
        // Money: 1234 or 1234.56
        r"^[0-9]+(\.[0-9]+)?$" => match s.split_once('.') {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(s),
        },
        // Rate: 0, 0.xx, 1, 1.00
        r"^(0(\.[0-9]+)?|1(\.0+)?)$" => match s.split_once('.') {
            Some(("0", b)) => digits(b),
            Some(("1", b)) => !b.is_empty() && b.bytes().all(|c| c == b'0'),
            Some(_) => false,
            None => s == "0" || s == "1",
        },
        // Date: YYYY-MM-DD
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => {
            let p: Vec<&str> = s.split('-').collect();
            p.len() == 3
                && p[0].len() == 4
                && p[1].len() == 2
                && p[2].len() == 2
                && p.iter().all(|x| digits(x))
        }
        other => panic!("the test validator does not know the pattern {other}"),
    }
}

#[test]
fn the_hand_checked_patterns_behave_like_the_regexes() {
    let money = r"^[0-9]+(\.[0-9]+)?$";
    let rate = r"^(0(\.[0-9]+)?|1(\.0+)?)$";
    let date = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    for (p, s, want) in [
        (money, "1200", true),
        (money, "1234.56", true),
        (money, "1,200", false),
        (money, "-5", false),
        (money, "1.", false),
        (rate, "0.9", true),
        (rate, "1", true),
        (rate, "1.00", true),
        (rate, "1.2", false),
        (rate, "0", true),
        (rate, ".5", false),
        (date, "2025-06-01", true),
        (date, "2025-6-1", false),
    ] {
        assert_eq!(pattern_matches(p, s), want, "{p} {s}");
    }
}
