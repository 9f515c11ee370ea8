//! The command-line tool, checked from outside: JSON lines in, JSON lines out; errors as JSON with a non-zero exit.

use std::io::Write;
use std::process::{Command, Stdio};

fn yidi(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("yidi runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const E1: &str = r#"{"insured":{"region":"武汉","scheme":"employee","status":"retired"},"visit":{"region":"深圳市","kind":"inpatient","hospital_level":"tertiary","admission":"2025-03-01","discharge":"2025-03-15"},"filing":{"category":"long_term","start":"2024-06-01","area":"深圳"},"bill":{"total":30000,"out_of_catalogue":10000}}"#;

#[test]
fn estimate_reads_json_lines_and_writes_json_lines() {
    let input = format!("{E1}\n{E1}\n");
    let (code, out) = yidi(&["estimate", "-"], &input);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["fund_pays"], "17049.60");
    assert_eq!(lines[1]["patient_pays"], "12950.40");
}

#[test]
fn a_bad_query_is_reported_as_json_and_the_exit_is_non_zero() {
    let bad = E1.replace("30000", "-1");
    let (code, out) = yidi(&["estimate"], &format!("{E1}\n{bad}\n"));
    assert_eq!(code, 1);
    let second: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["error"]["code"], "negative_amount");
    assert_eq!(second["error"]["path"], "bill.total");
}

#[test]
fn table_shows_a_readable_slip() {
    let (code, out) = yidi(&["estimate", "--table"], E1);
    assert_eq!(code, 0);
    assert!(
        out.contains("统筹基金支付")
            && out.contains("17049.60")
            && out.contains("(20000.00 − 800.00) × 88.8%")
    );
}

#[test]
fn validate_and_regions() {
    let (code, out) = yidi(&["validate"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"valid\":true"));
    let (code, out) = yidi(&["regions"], "");
    assert_eq!(code, 0);
    assert!(out
        .lines()
        .any(|l| l.contains("\"420100\"") && l.contains("武汉市")));
}
