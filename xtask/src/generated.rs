//! Files generated from the Rust types by a binary of the crate (feature `schema`), each written into www/ and
//! committed; `--check` only compares and fails on a difference (CI runs it):
//!
//! - `cargo xtask schema [--check]`: the JSON Schema of policies.json (`yidi-schema`, schemars) in
//!   www/policies.schema.json, next to the page; tests/schema.rs does the same check inside `cargo test --features
//!   schema`.
//! - `cargo xtask types [--check]`: the TypeScript declarations of the JavaScript API's types (`yidi-types`, ts-rs; see
//!   src/types.rs) in www/yidi-types.d.ts, which www/yidi.d.ts re-exports and the package publishes; tests/types.rs
//!   does the same check.

use std::fs;
use std::process::Stdio;

use super::{cargo, describe, root, Result};

/// One generated file: the xtask task, the binary that prints it, where it goes, and what it is (for messages).
pub struct Generated {
    task: &'static str,
    bin: &'static str,
    out: &'static str,
    what: &'static str,
}

pub const SCHEMA: Generated = Generated {
    task: "schema",
    bin: "yidi-schema",
    out: "www/policies.schema.json",
    what: "the schema",
};

pub const TYPES: Generated = Generated {
    task: "types",
    bin: "yidi-types",
    out: "www/yidi-types.d.ts",
    what: "the declarations",
};

pub fn run_task(g: &Generated, args: &[String]) -> Result {
    let Generated {
        task,
        bin,
        out,
        what,
    } = g;
    let mut check = false;
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: cargo xtask {task} [--check]\n\nWrites {out} from the Rust types (cargo run --features schema --bin {bin}); --check only compares.");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let mut c = cargo();
    c.args(["run", "--quiet", "--features", "schema", "--bin", bin])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let desc = describe(&c);
    println!("$ {desc}");
    let output = c
        .output()
        .map_err(|e| format!("could not start `{desc}`: {e}"))?;
    if !output.status.success() {
        return Err(format!("`{desc}` exited with {}", output.status));
    }
    let text = String::from_utf8(output.stdout).map_err(|e| format!("{what} is not UTF-8: {e}"))?;
    let path = root().join(out);
    let current = fs::read_to_string(&path).unwrap_or_default();
    if current == text {
        println!("{out} is up to date ({} bytes)", text.len());
        return Ok(());
    }
    if check {
        return Err(format!(
            "{out} differs from the Rust types; run `cargo xtask {task}` and commit the result"
        ));
    }
    fs::write(&path, &text).map_err(|e| format!("cannot write {out}: {e}"))?;
    println!("wrote {out} ({} bytes)", text.len());
    Ok(())
}
