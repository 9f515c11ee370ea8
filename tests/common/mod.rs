//! Helpers shared by the native tests: build a query from JSON, run it against the embedded policies, read amounts.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::sync::OnceLock;
use yidi::{Error, Estimate, Policies};

pub fn policies() -> &'static Policies {
    static P: OnceLock<Policies> = OnceLock::new();
    P.get_or_init(|| Policies::default_policies().expect("the embedded policies load"))
}

/// Deep-merges `patch` into `base` (objects merge, everything else replaces; null removes).
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(k);
                } else {
                    merge(b.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

pub fn try_run(q: &Value) -> Result<Estimate, Error> {
    let query = yidi::parse_query(&q.to_string())?;
    yidi::estimate(policies(), &query)
}

pub fn run(q: &Value) -> Estimate {
    match try_run(q) {
        Ok(e) => e,
        Err(e) => panic!("estimate failed: {e}\nquery: {q}"),
    }
}

/// The next steps of an estimate, in Chinese.
pub fn steps_zh(e: &Estimate) -> Vec<&str> {
    e.settlement
        .next_steps
        .iter()
        .map(|m| m.zh.as_ref())
        .collect()
}

/// The amount of a slip line as text, "" when the line is absent.
pub fn line(e: &Estimate, key: &str) -> String {
    e.line(key)
        .map(|l| l.amount.to_string())
        .unwrap_or_default()
}

/// A query for an inpatient stay of a retired employee insured in 武汉 treated in 深圳 with a long-term filing.
pub fn base() -> Value {
    json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-03-01", "discharge": "2025-03-15"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01", "area": "440300"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"}
    })
}

pub fn with(patch: Value) -> Value {
    let mut q = base();
    merge(&mut q, &patch);
    q
}
