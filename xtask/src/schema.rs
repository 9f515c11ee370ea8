//! `cargo xtask schema [--check]`: the JSON Schema of policies.json, generated from the Rust types by the
//! `yidi-schema` binary (feature `schema`), written to www/policies.schema.json next to the page. `--check` only
//! compares (tests/schema.rs does the same inside `cargo test --features schema`).

use std::fs;
use std::process::Stdio;

use super::{cargo, describe, root, Result};

const OUT: &str = "www/policies.schema.json";

pub fn run_task(args: &[String]) -> Result {
    let mut check = false;
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: cargo xtask schema [--check]\n\nWrites {OUT} from the Rust types (cargo run --features schema --bin yidi-schema); --check only compares.");
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
        "yidi-schema",
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
    let schema =
        String::from_utf8(out.stdout).map_err(|e| format!("the schema is not UTF-8: {e}"))?;
    let path = root().join(OUT);
    let current = fs::read_to_string(&path).unwrap_or_default();
    if check {
        return if current == schema {
            println!("{OUT} is up to date");
            Ok(())
        } else {
            Err(format!(
                "{OUT} differs from the Rust types; run `cargo xtask schema`"
            ))
        };
    }
    if current == schema {
        println!("{OUT} is up to date ({} bytes)", schema.len());
        return Ok(());
    }
    fs::write(&path, &schema).map_err(|e| format!("cannot write {OUT}: {e}"))?;
    println!("wrote {OUT} ({} bytes)", schema.len());
    Ok(())
}
