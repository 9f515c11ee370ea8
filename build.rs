//! Embeds policies.json compactly: without its `note` fields (documentation for the people who maintain the data;
//! no rule reads them) and without layout whitespace. Saves the page about a quarter of the data's download.
//!
//! The page's wasm holds the same policies baked (src/policies.postcard, written by `cargo xtask bake`), whose first
//! 8 bytes are the hash of the minified text below that they were made from. A build with a policies.json the baked
//! file was not made from stops here, naming the command that makes it again, so that the page can never show other
//! figures than the command line (`cargo xtask bake` itself builds with YIDI_BAKE=write, which lets it through).

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

/// FNV-1a, 64 bits: a hash that stays the same from one toolchain to the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn main() {
    println!("cargo::rerun-if-changed=policies.json");
    println!("cargo::rerun-if-changed=src/policies.postcard");
    println!("cargo::rerun-if-env-changed=YIDI_BAKE");
    let text = fs::read_to_string("policies.json").expect("policies.json is readable");
    let mut doc: Value = serde_json::from_str(&text).expect("policies.json is JSON");
    strip_notes(&mut doc);
    let min = doc.to_string();
    let hash = fnv1a(min.as_bytes());
    println!("cargo::rustc-env=YIDI_POLICIES_HASH={hash}");
    let baked_from = fs::read("src/policies.postcard")
        .ok()
        .and_then(|b| Some(u64::from_le_bytes(b.get(..8)?.try_into().ok()?)));
    if baked_from != Some(hash) && env::var("YIDI_BAKE").as_deref() != Ok("write") {
        panic!(
            "src/policies.postcard (the page's built-in policies) was not made from this policies.json: \
             run `cargo xtask bake`"
        );
    }
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("policies.min.json");
    fs::write(out, min).expect("OUT_DIR is writable");
}
