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
    // A command that stops before reading (a usage error) closes its input: that is not the test's failure.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
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

/// Every command that reads queries answers a batch line by line, an unreadable line with its own error (analyze,
/// options and ratio read the whole input as one query, and a two-line file got one "trailing characters" error).
#[test]
fn every_command_answers_a_batch_line_by_line() {
    let slip = r#"{"eligible":"20000","deductible":"800","fund_paid":"17049.60"}"#;
    for (command, good) in [
        ("analyze", E1),
        ("options", E1),
        ("ratio", slip),
        ("estimate", E1),
    ] {
        let good = if command == "options" {
            good.replacen('{', r#"{"situation":"discharged","today":"2025-04-01","#, 1)
        } else {
            good.to_string()
        };
        let (code, out) = yidi(&[command], &format!("{good}\nnot json\n{good}\n"));
        assert_eq!(code, 1, "{command}: {out}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "{command}: {out}");
        assert!(lines[0].get("error").is_none(), "{command}: {out}");
        assert_eq!(lines[1]["error"]["code"], "invalid_json", "{command}");
        assert_eq!(lines[0], lines[2], "{command}");
    }
}

/// A second input file is refused, not left unread.
#[test]
fn a_second_input_file_is_refused() {
    let (code, out) = yidi(&["estimate", "-", "other.jsonl"], E1);
    assert_eq!(code, 2);
    assert!(out.is_empty());
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

/// Empty or blank input holds no query: an error and a non-zero exit, as `analyze`, `options` and `ratio` give, not an
/// empty answer with a zero exit.
#[test]
fn empty_input_is_an_error_for_estimate_as_for_the_other_commands() {
    for input in ["", "  \n\t\n", "\u{feff}"] {
        for command in ["estimate", "analyze", "options"] {
            let (code, out) = yidi(&[command], input);
            assert_eq!(code, 1, "{command} on {input:?}: {out}");
            let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
            assert_eq!(v["error"]["code"], "invalid_json", "{command} on {input:?}");
        }
    }
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

/// Issue 13 (R5.6f, R4.6b): a slip with two layers and both accounts, from the command line.
#[test]
fn table_shows_each_layer_and_both_accounts() {
    let q = r#"{"insured":{"region":"武汉","scheme":"employee","status":"retired"},"visit":{"region":"深圳市","kind":"inpatient","hospital_level":"tertiary","admission":"2025-03-01","discharge":"2025-03-15"},"filing":{"category":"long_term","start":"2024-06-01","area":"深圳"},"bill":{"total":300000},"personal_account":{"own":1000,"family":5000},"overrides":{"deductible":1000,"ratio":0.9,"annual_cap":100000,"layers":[{"kind":"large_expense","segments":[{"ratio":0.85}],"applies_to":"above_basic_cap"},{"kind":"critical_illness","threshold":30000,"segments":[{"up_to":50000,"ratio":0.6},{"ratio":0.7}]}]}}"#;
    let (code, out) = yidi(&["estimate", "--table"], q);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("大额医疗费用补助支付") && out.contains("159705.56"),
        "{out}"
    );
    assert!(
        out.contains("大病保险支付") && out.contains("6176.66"),
        "{out}"
    );
    assert!(
        out.contains("家庭共济账户支付") && out.contains("其中家庭共济 5000.00"),
        "{out}"
    );
}

#[test]
fn validate_and_regions() {
    let (code, out) = yidi(&["validate"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"valid\":true"));
    // `-` reads the file from standard input, as for the other commands.
    let (code, out) = yidi(&["validate", "-"], yidi::policy::DEFAULT_POLICIES);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"valid\":true"));
    let (code, out) = yidi(&["validate", "-"], "{}");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missing_field"), "{out}");
    let (code, out) = yidi(&["regions"], "");
    assert_eq!(code, 0);
    assert!(out
        .lines()
        .any(|l| l.contains("\"420100\"") && l.contains("武汉市")));
    // Each region's names in the three scripts.
    let wuhan: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["code"] == "420100")
        .unwrap();
    assert_eq!(wuhan["name_zh_hant"], "武漢市");
    assert_eq!(wuhan["name_en"], "Wuhan");
}

/// `yidi validate FILE` on deliberately broken copies of the default policies: each problem is printed as a JSON
/// line with its code and path, and the exit is non-zero.
mod broken_files {
    use super::yidi;
    use serde_json::{json, Value};
    use std::path::PathBuf;
    use yidi::policy::DEFAULT_POLICIES;

    /// The errors `yidi validate` prints for the default policies after `edit`, as (code, path), and its exit code.
    fn validate(name: &str, edit: impl Fn(&mut Value)) -> (i32, Vec<(String, String)>) {
        let mut v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        edit(&mut v);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-broken-policies");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let (code, out) = yidi(&["validate", file.to_str().unwrap()], "");
        let errors = out
            .lines()
            .map(|l| {
                let e: Value = serde_json::from_str(l).unwrap_or_else(|_| panic!("JSON line: {l}"));
                let e = &e["error"];
                assert!(
                    e["message"]["zh"].is_string() && e["message"]["en"].is_string(),
                    "{l}"
                );
                (
                    e["code"].as_str().unwrap().to_string(),
                    e["path"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (code, errors)
    }

    fn position(v: &Value, key: &str, want: impl Fn(&Value) -> bool) -> usize {
        v[key].as_array().unwrap().iter().position(want).unwrap()
    }

    /// Index of 武汉's employee inpatient schedule.
    fn wuhan(v: &Value) -> usize {
        position(v, "schedules", |s| {
            s["region"] == "420100" && s["scheme"] == "employee" && s["visit_kind"] == "inpatient"
        })
    }

    fn assert_exactly(name: &str, got: (i32, Vec<(String, String)>), want: &[(&str, String)]) {
        let (code, errors) = got;
        assert_eq!(code, 1, "{name}: exit code; errors {errors:?}");
        let mut got: Vec<(String, String)> = errors;
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|(c, p)| (c.to_string(), p.clone()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
    }

    #[test]
    fn an_unknown_key() {
        let i = {
            let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
            wuhan(&v)
        };
        let got = validate("unknown-key", |v| {
            v["schedules"][i]["versions"][0]["rows"][0]["deductable"] = json!({"per": "admission"});
        });
        assert_exactly(
            "unknown key",
            got,
            &[(
                "unknown_field",
                format!("schedules[{i}].versions[0].rows[0].deductable"),
            )],
        );
    }

    #[test]
    fn a_ratio_above_one() {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        let i = wuhan(&v);
        let k = v["schedules"][i]["versions"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r.get("ratio").is_some())
            .unwrap();
        let got = validate("ratio-above-one", |v| {
            v["schedules"][i]["versions"][0]["rows"][k]["ratio"] = json!("1.2");
        });
        assert_exactly(
            "ratio > 1",
            got,
            &[(
                "invalid_rate",
                format!("schedules[{i}].versions[0].rows[{k}].ratio"),
            )],
        );
    }

    #[test]
    fn overlapping_dates() {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        let i = wuhan(&v);
        let n = v["schedules"][i]["versions"].as_array().unwrap().len();
        let c = position(&v, "catalogues", |c| c["region"] == "420100");
        let got = validate("overlapping-dates", |v| {
            // A version dated on or before the one it follows, in a schedule and in a catalogue.
            let versions = v["schedules"][i]["versions"].as_array_mut().unwrap();
            let again = versions[n - 1].clone();
            versions.push(again);
            let versions = v["catalogues"][c]["versions"].as_array_mut().unwrap();
            let mut earlier = versions[0].clone();
            earlier["from"] = json!("2001-01-01");
            versions.push(earlier);
        });
        let m = v["catalogues"][c]["versions"].as_array().unwrap().len();
        assert_exactly(
            "overlapping dates",
            got,
            &[
                (
                    "overlapping_dates",
                    format!("schedules[{i}].versions[{n}].from"),
                ),
                (
                    "overlapping_dates",
                    format!("catalogues[{c}].versions[{m}].from"),
                ),
            ],
        );
    }

    #[test]
    fn missing_sources() {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        let i = wuhan(&v);
        let known = v["arrangements"][0]["sources"][0].clone();
        let got = validate("missing-source", |v| {
            // A figure with no source, a rule citing an undefined source, a disease with none.
            v["schedules"][i]["versions"][0]["sources"] = json!([]);
            v["arrangements"][0]["sources"] = json!([known, "no-such-source"]);
            v["national"]["chronic_diseases"][0]["sources"] = json!([]);
        });
        assert_exactly(
            "missing source",
            got,
            &[
                (
                    "missing_source",
                    format!("schedules[{i}].versions[0].sources"),
                ),
                ("missing_source", "arrangements[0].sources[1]".to_string()),
                (
                    "missing_source",
                    "national.chronic_diseases[0].sources".to_string(),
                ),
            ],
        );
    }

    #[test]
    fn a_figure_resting_on_a_d_source_alone() {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        let i = wuhan(&v);
        let c = position(&v, "catalogues", |c| c["region"] == "420100");
        let got = validate("d-only", |v| {
            v["sources"]["ai-farm"] = json!({"title": "某 AI 问答站", "url": "https://example.invalid/a", "grade": "D", "as_of": "2025-01-01"});
            v["schedules"][i]["versions"][0]["sources"] = json!(["ai-farm"]);
            v["catalogues"][c]["versions"][0]["sources"] = json!(["ai-farm"]);
        });
        assert_exactly(
            "D-only figure",
            got,
            &[
                ("weak_source", format!("schedules[{i}].versions[0].sources")),
                (
                    "weak_source",
                    format!("catalogues[{c}].versions[0].sources"),
                ),
            ],
        );
    }

    #[test]
    fn an_unknown_region_in_an_arrangement() {
        let got = validate("unknown-region", |v| {
            v["arrangements"][0]["insured"]
                .as_array_mut()
                .unwrap()
                .push(json!("119900"));
            v["arrangements"][1]["treated"] = json!(["重庆"]);
        });
        assert_exactly(
            "unknown region",
            got,
            &[
                ("unknown_region", "arrangements[0].insured[3]".to_string()),
                ("unknown_region", "arrangements[1].treated[0]".to_string()),
            ],
        );
    }

    #[test]
    fn several_problems_in_one_file_are_all_listed() {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        let i = wuhan(&v);
        let got = validate("several", |v| {
            v["schedules"][i]["versions"][0]["sources"] = json!(["nowhere"]);
            v["arrangements"][0]["treated"][0] = json!("999999");
            v["regions"][0]["province"] = json!("990000");
            v["adjustments"][0]["versions"][0]["rules"][0]["adjustment"] =
                json!({"op": "pp_reduction", "value": "0.15"});
        });
        let cat = v["adjustments"][0]["versions"][0]["rules"][0]["category"].clone();
        assert_eq!(
            cat, "referral",
            "the first rule is the referral cut, capped at 10 points"
        );
        assert_exactly(
            "several",
            got,
            &[
                (
                    "missing_source",
                    format!("schedules[{i}].versions[0].sources[0]"),
                ),
                ("unknown_region", "arrangements[0].treated[0]".to_string()),
                ("unknown_region", "regions[0].province".to_string()),
                (
                    "adjustment_over_cap",
                    "adjustments[0].versions[0].rules[0].adjustment.value".to_string(),
                ),
            ],
        );
    }

    #[test]
    fn an_unreadable_file_is_an_error_too() {
        let (code, _) = yidi(&["validate", "/nonexistent/policies.json"], "");
        assert_ne!(code, 0);
    }
}

/// `--locale` words a whole run in one language; a query's own `locale` wins for its line, errors included.
#[test]
fn a_locale_words_the_answers_in_one_language() {
    let en = E1.replacen('{', r#"{"locale":"en","#, 1);
    let bad = r#"{"locale":"zh-Hant","bill":{"total":"-1"}}"#;
    let input = format!("{E1}\n{en}\n{bad}\n");
    let (code, out) = yidi(&["--locale", "zh-Hans", "estimate", "-"], &input);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["settlement"]["message"]
            .as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["zh".to_string()])
    );
    assert!(lines[1]["settlement"]["message"]["en"].is_string());
    assert!(lines[1]["settlement"]["message"]["zh"].is_null());
    assert!(
        lines[2]["error"]["message"]["zh_hant"].is_string(),
        "{}",
        lines[2]
    );
    let (code, _) = yidi(&["--locale", "fr", "estimate", "-"], E1);
    assert_eq!(code, 2, "an unknown locale is a usage error");
}

/// `--locale=en` is `--locale en` (it was read as a file name); the tables' labels are in the language asked for
/// (they stayed Simplified).
#[test]
fn the_locale_is_read_either_way_and_words_the_tables() {
    let (code, out) = yidi(&["estimate", "--locale=en", "--table"], E1);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("Filing: "), "{out}");
    assert!(out.contains("Fund pays 17049.60"), "{out}");
    // Chinese only in the glosses kept on purpose (大病/大额: what to ask for at a counter).
    for label in ["备案", "结算", "基金支付", "个人负担", "调整"] {
        assert!(!out.contains(label), "{label}: {out}");
    }
    let (_, hant) = yidi(&["estimate", "--locale", "zh-Hant", "--table"], E1);
    assert!(hant.starts_with("備案: "), "{hant}");
    let q = E1.replace("}}", r#"},"situation":"planning","today":"2025-02-01"}"#);
    let (_, options) = yidi(&["options", "--locale", "en", "--table"], &q);
    assert!(options.starts_with("Recommended: "), "{options}");
}

/// A file with old Mac line ends (CR only): a line that does not read spoils only itself, and the answers stay in step
/// with the lines (one more answer than lines before).
#[test]
fn lines_ended_by_carriage_returns_are_lines() {
    let input = format!("{E1}\rnot json\r{E1}\r");
    let (_, out) = yidi(&["estimate"], &input);
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(answers.len(), 3, "{out}");
    assert!(answers[1].starts_with(r#"{"error""#), "{out}");
    assert!(answers[2].contains("17049.60"), "{out}");
}

/// In a file with line feeds, a lone carriage return inside a line that does not read is part of that line: one line,
/// one answer (it was read as a line end, two answers, and the batch went out of step with its lines).
#[test]
fn a_lone_carriage_return_inside_a_line_is_not_a_line_end() {
    let input = format!(
        "{{\"insured\":\r{{\"region\" 5}}}}\nnot json\r still the same line\n{E1}\r\n{E1}\n"
    );
    let (_, out) = yidi(&["estimate"], &input);
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(answers.len(), 4, "{out}");
    assert!(
        answers[0].starts_with(r#"{"error""#) && answers[1].starts_with(r#"{"error""#),
        "{out}"
    );
    assert!(
        answers[2].contains("17049.60") && answers[3].contains("17049.60"),
        "{out}"
    );
}

/// Two queries on one line are one line that does not read: one answer for it, and the later lines keep their own
/// answers (they came one line late). A query written over several lines still reads as one.
#[test]
fn two_queries_on_one_line_are_one_answer() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(E1).unwrap())
            .unwrap();
    let input = format!("{E1}{E1}\n{E1} {E1}\n{pretty}\n{E1}\n");
    let (_, out) = yidi(&["estimate"], &input);
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(answers.len(), 4, "{out}");
    assert!(
        answers[0].starts_with(r#"{"error""#) && answers[1].starts_with(r#"{"error""#),
        "{out}"
    );
    assert!(
        answers[2].contains("17049.60") && answers[3].contains("17049.60"),
        "{out}"
    );
}

/// A closed standard error is not a crash: the complaint is dropped and the exit code stays the usage error's.
#[cfg(unix)]
#[test]
fn a_closed_standard_error_is_not_a_crash() {
    let child = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["estimate", "/nonexistent/query.json"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("yidi runs");
    let mut child = child;
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
}

/// An exported array of queries on one line is said to be one (it was "invalid value" at ""), and answered once.
#[test]
fn an_array_of_queries_on_a_line_is_said_to_be_one() {
    let input = format!("[{E1},{E1}]\n{E1}\n");
    let (_, out) = yidi(&["estimate", "--locale", "en"], &input);
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(answers.len(), 2, "{out}");
    assert!(answers[0].contains("one query per line"), "{out}");
    assert!(answers[1].contains("17049.60"), "{out}");
}

/// A file saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode") reads like UTF-8: one answer per query
/// (helper-28 F6: two invalid_json lines saying "Input is not valid input").
#[test]
fn a_utf16_file_reads_like_utf8() {
    let dir = std::env::temp_dir().join(format!("yidi-utf16-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!("{E1}\r\n{E1}\r\n");
    for (name, bytes) in [
        (
            "le.json",
            [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect::<Vec<u8>>(),
        ),
        (
            "be.json",
            [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, out) = yidi(&["estimate", path.to_str().unwrap()], "");
        assert_eq!(code, 0, "{name}: {out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{name}");
        assert!(
            lines
                .iter()
                .all(|l| l.contains("\"fund_pays\":\"17049.60\"")),
            "{out}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The tables speak the language asked for: the route in a word (it was `[Direct]`, `[Valid]` in a Chinese table).
#[test]
fn tables_name_the_route_in_the_language_asked_for() {
    let (_, zh) = yidi(&["estimate", "--table"], E1);
    assert!(zh.contains("[直接结算]"), "{zh}");
    let (_, hant) = yidi(&["estimate", "--table", "--locale", "zh-Hant"], E1);
    assert!(hant.contains("[直接結算]"), "{hant}");
    let (_, en) = yidi(&["estimate", "--table", "--locale", "en"], E1);
    assert!(en.contains("[settled directly]"), "{en}");
    for t in [&zh, &hant] {
        assert!(!t.contains("[Direct]") && !t.contains("[Valid]"), "{t}");
    }
}

/// An option the CLI does not know is said as such (helper-34 finding 14: it was "one input, not 2").
#[test]
fn an_unknown_option_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["estimate", "--bogus"])
        .stdin(Stdio::null())
        .output()
        .expect("yidi runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown option --bogus"), "{err}");
}

/// A batch's unreadable line says where, by its line in the input and column (each query's own "第 1 行" read as the
/// batch's first line, helper-43; a fifth line's "line 2" pointed inside the sixth, helper-48), and the same reason in
/// both languages, in plain words.
#[test]
fn a_batch_line_that_does_not_read_says_its_column_and_reason_in_plain_words() {
    let input = format!(
        "{E1}\n{E1}\n{{\"a\":\"\\ud800\"}}\n{{\"insured\": {{\"region\": \"420100\" \"x\"}}}}\n"
    );
    for (locale, key) in [("zh-Hans", "zh"), ("en", "en")] {
        let (_, out) = yidi(&["estimate", "-", "--locale", locale], &input);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        for (n, l) in lines.iter().enumerate().skip(2) {
            let m = l["error"]["message"][key].as_str().unwrap();
            // Line 3 reads as JSON and its content does not (a query's own line: the column alone); line 4 is not JSON
            // (where the input's reading stopped: its line too).
            let at = n + 1;
            if at == 3 {
                assert!(!m.contains("行") && !m.contains("line"), "{m}");
                assert!(m.contains("列附近") || m.contains("near column"), "{m}");
            } else {
                assert!(
                    m.contains(&format!("第 {at} 行第"))
                        || m.contains(&format!("near line {at}, column")),
                    "{m}"
                );
            }
            assert!(!m.contains('`'), "a parser's words: {m}");
        }
    }
}

/// A query that does not end on its line is objected to at its own line, as not finished (helper-50: it pointed at a
/// later line), and the batch goes on with the line after it.
#[test]
fn an_unfinished_query_in_a_batch_says_the_inputs_line() {
    let input = format!("{E1}\n{E1}\n{{\"insured\": {{\"region\": 5\n{E1}\n");
    let (_, out) = yidi(&["estimate", "-", "--locale", "en"], &input);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{out}");
    let m = lines[2]["error"]["message"]["en"].as_str().unwrap();
    assert!(
        m.contains("does not end on its line") && m.contains("near line 3,"),
        "{m}"
    );
    assert!(lines[3].get("error").is_none(), "{}", lines[3]);
}

/// `yidi ratio` reads a slip's own `locale`, as every command reads a query's (it was refused as an unknown field).
#[test]
fn a_slips_own_locale_is_read() {
    let (code, out) = yidi(
        &["ratio", "-"],
        r#"{"eligible":"3","deductible":"0","fund_paid":"1","locale":"zh-Hant"}"#,
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["percent"], "33.3");
    assert!(
        v["formula"].get("zh_hant").is_some() && v["formula"].get("en").is_none(),
        "{v}"
    );
}

/// An input without end is refused, not read into memory (helper-50: /dev/zero as policies or as a batch grew to
/// gigabytes): a policies file past its 1 MB is too large at once, and says it is the policies file.
#[test]
fn an_input_without_end_is_refused_not_read_whole() {
    let out = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["validate", "/dev/zero"])
        .stdin(Stdio::null())
        .output()
        .expect("yidi runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("too_large"));
    let out = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["estimate", "-", "--policies", "/dev/zero"])
        .stdin(Stdio::null())
        .output()
        .expect("yidi runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("policies file") && err.contains("too_large"),
        "{err}"
    );
}

/// A query written over several lines with a slip inside is one answer, and the query after it its own (helper-51:
/// an answer per line).
#[test]
fn a_pretty_printed_query_with_a_slip_is_one_answer() {
    let pretty = "{\n  \"insured\": {\"region\": \"420100\", \"scheme\": \"employee\"} ,,\n  \"visit\": {\"region\": \"440300\"}\n}\n";
    let (_, out) = yidi(
        &["estimate", "-", "--locale", "en"],
        &format!("{pretty}{E1}\n"),
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].get("error").is_some() && lines[1].get("error").is_none(),
        "{out}"
    );
}

/// Placing a batch's errors by their line does not count the input from its start at each one: half of 20,000 lines
/// bad is answered at once (each error counted from the start, 50,000 of 100,000 took 5 minutes).
#[test]
fn many_bad_lines_are_answered_in_linear_time() {
    let input: String = (0..20_000)
        .map(|i| {
            if i % 2 == 0 {
                "{bad\n".to_string()
            } else {
                format!("{E1}\n")
            }
        })
        .collect();
    let started = std::time::Instant::now();
    let (_, out) = yidi(&["estimate", "-"], &input);
    assert_eq!(out.lines().count(), 20_000);
    assert!(
        out.lines().nth(19_998).unwrap().contains("19999"),
        "placed by the input's line"
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// Other regions' figures standing in: the table gives the range and why before the slip, which it calls an
/// illustration (helper-63: a single precise amount led, the range after it).
#[test]
fn a_table_with_stand_in_figures_leads_with_the_range() {
    let q = r#"{"insured":{"region":"360700","scheme":"resident","age":70},"visit":{"region":"440300","kind":"inpatient","hospital_level":"tertiary","admission":"2026-10-01","discharge":"2026-10-12"},"filing":{"category":"long_term","long_term_kind":"resident","start":"2025-01-01","area":"440300"},"bill":{"total":"50000"}}"#;
    let (code, out) = yidi(&["estimate", "--table"], q);
    assert_eq!(code, 0, "{out}");
    let range = out.find("约:").expect("the range");
    let slip = out.find("医疗费用总额").expect("the slip");
    assert!(range < slip, "{out}");
    assert!(out[range..slip].contains("仅作示例"), "{out}");
}
