//! `yidi`: the rules core from the command line.
//!
//!   yidi estimate [FILE|-] [--table] [--policies FILE]   one query, or JSON lines of queries → estimates as JSON lines
//!   yidi validate [FILE]                                  check a policies file (default: the embedded one)
//!   yidi regions [--policies FILE]                        list pooling regions as JSON lines

use std::io::{Read, Write};
use std::process::ExitCode;
use yidi::{estimate, Error, Estimate, Policies};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage: yidi estimate [FILE|-] [--table] [--policies FILE] | yidi validate [FILE] | yidi regions [--policies FILE]";

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut positional = Vec::new();
    let mut table = false;
    let mut policies_file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--table" => table = true,
            "--policies" => policies_file = Some(it.next().ok_or(USAGE)?.clone()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            _ => positional.push(a.clone()),
        }
    }
    let (command, rest) = positional.split_first().ok_or(USAGE)?;
    match command.as_str() {
        "estimate" => {
            let policies = load(policies_file.as_deref())?;
            let input = read_input(rest.first().map(String::as_str).unwrap_or("-"))?;
            Ok(estimate_all(&policies, &input, table))
        }
        "validate" => Ok(validate(
            rest.first().or(policies_file.as_ref()).map(String::as_str),
        )),
        "regions" => {
            let policies = load(policies_file.as_deref())?;
            let mut out = std::io::stdout().lock();
            for r in &policies.regions {
                let line = serde_json::json!({"code": r.code, "name": r.name, "province": r.province, "aliases": r.aliases});
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
    }
}

fn read_input(path: &str) -> Result<String, String> {
    let mut s = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| e.to_string())?;
    } else {
        s = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(s)
}

fn load(file: Option<&str>) -> Result<Policies, String> {
    let text = match file {
        Some(f) => std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?,
        None => yidi::policy::DEFAULT_POLICIES.to_string(),
    };
    Policies::load(&text).map_err(|errors| errors_json(&errors))
}

fn errors_json(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|e| serde_json::json!({ "error": e }).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads one query or a stream of queries (JSON lines, or concatenated JSON values) and answers each in order.
fn estimate_all(p: &Policies, input: &str, table: bool) -> ExitCode {
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    let mut stream = serde_json::Deserializer::from_str(input).into_iter::<serde::de::IgnoredAny>();
    let mut start = 0;
    while let Some(item) = stream.next() {
        // Each value is parsed again from its own text so that errors are located by path within it.
        let end = stream.byte_offset();
        let text = input.get(start..end).unwrap_or_default();
        start = end;
        let result = item
            .map_err(|e| Error::invalid_json(String::new(), &e.to_string()))
            .and_then(|_| yidi::parse_query(text))
            .and_then(|q| estimate(p, &q));
        let text = match &result {
            Ok(e) if table => slip_table(e),
            Ok(e) => serde_json::to_string(e).unwrap_or_default(),
            Err(e) => serde_json::json!({ "error": e }).to_string(),
        };
        failed |= result.is_err();
        if writeln!(out, "{text}").is_err() {
            return ExitCode::FAILURE;
        }
        if matches!(result, Err(ref e) if e.code == yidi::ErrorCode::InvalidJson) {
            break; // a broken stream cannot be resynchronised
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn validate(file: Option<&str>) -> ExitCode {
    let text = match file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        },
        None => yidi::policy::DEFAULT_POLICIES.to_string(),
    };
    match Policies::load(&text) {
        Ok(p) => {
            println!(
                "{}",
                serde_json::json!({"valid": true, "version": p.version, "regions": p.regions.len(), "schedules": p.schedules.len()})
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            println!("{}", errors_json(&errors));
            ExitCode::FAILURE
        }
    }
}

/// A readable settlement slip.
fn slip_table(e: &Estimate) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "备案: {}  [{:?}]\n",
        e.filing.message.zh, e.filing.status
    ));
    s.push_str(&format!(
        "结算: {}  [{:?}]\n",
        e.settlement.message.zh, e.settlement.route
    ));
    if let Some(a) = &e.settlement.adjustment {
        s.push_str(&format!("调整: {}\n", a.description.zh));
    }
    s.push_str(&format!("{:-<72}\n", ""));
    for l in &e.lines {
        let label = &l.label.zh;
        let pad = 16usize.saturating_sub(label.chars().count() * 2);
        s.push_str(&format!(
            "{label}{:pad$} {:>12}   {}\n",
            "",
            l.amount.to_string(),
            l.formula.zh,
            pad = pad
        ));
    }
    s.push_str(&format!("{:-<72}\n", ""));
    s.push_str(&format!(
        "基金支付 {}   大病/大额 {}   个人负担 {}\n",
        e.fund_pays, e.second_layer_pays, e.patient_pays
    ));
    for w in &e.warnings {
        s.push_str(&format!("! {}\n", w.message.zh));
    }
    s
}
