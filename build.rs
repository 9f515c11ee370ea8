//! Embeds policies.json compactly: without its `note` fields (documentation for the people who maintain the data;
//! no rule reads them) and without layout whitespace. Saves the page about a quarter of the data's download.

use serde_json::Value;
use std::{env, fs, path::Path};

fn strip_notes(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("note");
            map.values_mut().for_each(strip_notes);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_notes),
        _ => {}
    }
}

fn main() {
    println!("cargo::rerun-if-changed=policies.json");
    let text = fs::read_to_string("policies.json").expect("policies.json is readable");
    let mut doc: Value = serde_json::from_str(&text).expect("policies.json is JSON");
    strip_notes(&mut doc);
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("policies.min.json");
    fs::write(out, doc.to_string()).expect("OUT_DIR is writable");
}
