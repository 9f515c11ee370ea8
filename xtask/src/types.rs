//! `cargo xtask types [--check]`: the TypeScript declarations of the JavaScript API's types, generated from the Rust
//! types by the `yidi-types` binary (feature `schema`, ts-rs; see src/types.rs), written to www/yidi-types.d.ts, which
//! www/yidi.d.ts re-exports and the package publishes. `--check` only compares and fails on a difference (tests/types.rs
//! does the same inside `cargo test --features schema`).

use std::fs;
use std::process::Stdio;

use super::{cargo, describe, root, Result};

const OUT: &str = "www/yidi-types.d.ts";

pub fn run_task(args: &[String]) -> Result {
    let mut check = false;
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: cargo xtask types [--check]\n\nWrites {OUT} from the Rust types (cargo run --features schema --bin yidi-types); --check only compares.");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let mut c = cargo();
    c.args([
        "run",
        "--quiet",
        "--features",
        "schema",
        "--bin",
        "yidi-types",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit());
    let desc = describe(&c);
    println!("$ {desc}");
    let out = c
        .output()
        .map_err(|e| format!("could not start `{desc}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{desc}` exited with {}", out.status));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|e| format!("the declarations are not UTF-8: {e}"))?;
    let path = root().join(OUT);
    let current = fs::read_to_string(&path).unwrap_or_default();
    if current == text {
        println!("{OUT} is up to date ({} bytes)", text.len());
        return Ok(());
    }
    if check {
        return Err(format!(
            "{OUT} differs from the Rust types; run `cargo xtask types` and commit the result"
        ));
    }
    fs::write(&path, &text).map_err(|e| format!("cannot write {OUT}: {e}"))?;
    println!("wrote {OUT} ({} bytes)", text.len());
    Ok(())
}
