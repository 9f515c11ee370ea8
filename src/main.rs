//! `yidi`: the rules core from the command line.
//!
//!   yidi estimate [FILE|-] [--table] [--policies FILE]   one query, or JSON lines of queries → estimates as JSON lines
//!   yidi validate [FILE|-]                                check a policies file (default: the embedded one)
//!   yidi options [FILE|-] [--table]                      every course open to the person (file now, claim at home, …)
//!   yidi coverage [--policies FILE]                      how far the data reaches: regions with figures, provinces with rules
//!   yidi ratio [FILE|-]                                   the fund's ratio from a past slip {eligible, deductible, fund_paid}
//!   yidi regions [--policies FILE]                        list pooling regions as JSON lines
//!
//! `--locale zh-Hans|zh-Hant|en` gives every message in that language only (a query's own `locale` wins for its
//! answer); without it, messages carry all three.

/// mimalloc: an estimate makes a few hundred small allocations, and a batch runs thousands of estimates (callgrind, E1:
/// 125k instructions per estimate with the system allocator, 90k with this one).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{Read, Write};
use std::process::ExitCode;
use yidi::{estimate, Error, Estimate, Policies};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            complain(&msg);
            ExitCode::from(2)
        }
    }
}

/// A complaint on standard error; a closed one (`2>&1 | head -c 60`) is not a crash (`eprintln!` panics, and a panic
/// aborts this binary).
fn complain(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

const USAGE: &str = "usage: yidi estimate [FILE|-] [--table] [--policies FILE] | yidi analyze [FILE|-] [--policies FILE] | yidi validate [FILE|-] | yidi options [FILE|-] [--table] | yidi ratio [FILE|-] | yidi coverage [--policies FILE] | yidi regions [--policies FILE]; every command takes --locale zh-Hans|zh-Hant|en (--locale=en too; a query's own locale goes first)";

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut positional = Vec::new();
    let mut table = false;
    let mut policies_file = None;
    let mut locale = None;
    // `--locale=en` as `--locale en`.
    let args: Vec<String> = args
        .iter()
        .flat_map(|a| match a.split_once('=') {
            Some((k, v)) if matches!(k, "--locale" | "--policies") => {
                vec![k.to_string(), v.to_string()]
            }
            _ => vec![a.clone()],
        })
        .collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--table" => table = true,
            "--policies" => policies_file = Some(it.next().ok_or(USAGE)?.clone()),
            "--locale" => {
                let l = it.next().ok_or(USAGE)?;
                locale = Some(
                    serde_json::from_value::<yidi::Locale>(serde_json::Value::from(l.as_str()))
                        .map_err(|_| format!("--locale {l}: zh-Hans, zh-Hant or en\n{USAGE}"))?,
                );
            }
            "-h" | "--help" => {
                return Ok(if say(USAGE) {
                    ExitCode::SUCCESS
                } else {
                    closed_output()
                });
            }
            // An option not known is said as such (it was counted as a second input file).
            unknown if unknown.starts_with("--") && unknown.len() > 2 => {
                return Err(format!("unknown option {unknown}\n{USAGE}"));
            }
            _ => positional.push(a.clone()),
        }
    }
    let (command, rest) = positional.split_first().ok_or(USAGE)?;
    yidi::in_locale(locale, || command_run(command, rest, policies_file, table))
}

/// A query's answer worked out and written in the query's own `locale`, where it gives one.
fn in_query_locale<R>(q: &yidi::Query, f: impl FnOnce() -> R) -> R {
    in_own_locale(q.locale, f)
}

fn in_own_locale<R>(locale: Option<yidi::Locale>, f: impl FnOnce() -> R) -> R {
    match locale {
        Some(l) => yidi::in_locale(Some(l), f),
        None => f(),
    }
}

/// The `locale` of a query that does not read as a whole, so that its error is worded in that language.
fn locale_in(text: &str) -> Option<yidi::Locale> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::from_value(v.get("locale")?.clone()).ok()
}

fn command_run(
    command: &str,
    rest: &[String],
    policies_file: Option<String>,
    table: bool,
) -> Result<ExitCode, String> {
    match command {
        "estimate" | "analyze" | "options" | "ratio" => {
            // One input: a second file named would be left unread, silently.
            if rest.len() > 1 {
                return Err(format!(
                    "{command}: one input (a file or -), not {}\n{USAGE}",
                    rest.len()
                ));
            }
            let policies = match command {
                "ratio" => None,
                _ => Some(load(policies_file.as_deref())?),
            };
            let input = read_input(rest.first().map(String::as_str).unwrap_or("-"))?;
            let error = |e: Error| (serde_json::json!({ "error": e }).to_string(), false);
            let json = |v: Result<String, serde_json::Error>| (v.unwrap_or_default(), true);
            // A query's answer worked out and written in its own `locale` where it gives one; one that does not read
            // is answered in the locale it names, if that much reads.
            let query =
                |text: &str, f: &dyn Fn(&yidi::Query) -> (String, bool)| match yidi::parse_query(
                    text,
                ) {
                    Ok(q) => in_query_locale(&q, || f(&q)),
                    Err(e) => in_own_locale(locale_in(text), || error(e)),
                };
            let p = policies.as_ref();
            Ok(answer_all(&input, |text| match (command, p) {
                ("estimate", Some(p)) => query(text, &|q| match estimate(p, q) {
                    Ok(e) if table => (slip_table(&e), true),
                    Ok(e) => json(serde_json::to_string(&e)),
                    Err(e) => error(e),
                }),
                ("analyze", Some(p)) => query(text, &|q| match yidi::analyze(p, q) {
                    Ok(a) => json(serde_json::to_string(&a)),
                    Err(e) => error(e),
                }),
                ("options", Some(p)) => {
                    query(text, &|q| match yidi::options::options_alone(p, q) {
                        Ok(o) if table => (options_table(&o), true),
                        Ok(o) => json(serde_json::to_string(&o)),
                        Err(e) => error(e),
                    })
                }
                // A slip's own `locale` first, as a query's (it was refused as an unknown field; helper-48).
                _ => in_own_locale(locale_in(text), || {
                    match yidi::read::from_json::<yidi::past_slip::PastSlip>(text)
                        .and_then(|s| yidi::past_slip::ratio_from_slip(&s))
                    {
                        Ok(r) => json(serde_json::to_string(&r)),
                        Err(e) => error(e),
                    }
                }),
            }))
        }
        "coverage" => {
            let policies = load(policies_file.as_deref())?;
            let line =
                serde_json::to_string(&yidi::coverage::summary(&policies)).unwrap_or_default();
            Ok(if say(&line) {
                ExitCode::SUCCESS
            } else {
                closed_output()
            })
        }
        "validate" => Ok(validate(
            rest.first().or(policies_file.as_ref()).map(String::as_str),
        )),
        "regions" => {
            let policies = load(policies_file.as_deref())?;
            // Each region with its names in the three scripts (as the page's list has them) and its province.
            for pr in yidi::catalogue_of_regions(&policies) {
                for r in &pr.regions {
                    let line = serde_json::json!({"code": r.code, "name": r.name, "name_zh_hant": r.name_zh_hant,
                        "name_en": r.name_en, "province": pr.code, "aliases": r.aliases, "has_figures": r.has_figures});
                    if !say(&line.to_string()) {
                        return Ok(closed_output());
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
    }
}

/// The input's bytes as given: a batch is answered line by line, so one line that is not UTF-8 spoils only itself.
fn read_input(path: &str) -> Result<Vec<u8>, String> {
    let bytes = read_at_most(path, MAX_INPUT_BYTES)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{path}: larger than {} MB, the most read at once; split it",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// The most a batch reads: some 400,000 queries. An input without end (/dev/zero, a pipe left open) is refused
/// here instead of filling the memory (helper-50: 4.6 GB in 5 s).
const MAX_INPUT_BYTES: u64 = 128 * 1024 * 1024;

/// The bytes of `path` (`-`: standard input), `limit` and one more at most: past that, not read (the caller says
/// it is too large).
fn read_at_most(path: &str, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{path}: {e}"))?;
    Ok(from_utf16(&bytes).unwrap_or(bytes))
}

/// A file saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode") as UTF-8, so that it reads like any
/// other; None when it is not such a file or does not decode.
fn from_utf16(bytes: &[u8]) -> Option<Vec<u8>> {
    let unit: fn([u8; 2]) -> u16 = match bytes {
        [0xFF, 0xFE, ..] => u16::from_le_bytes,
        [0xFE, 0xFF, ..] => u16::from_be_bytes,
        _ => return None,
    };
    let body = bytes.get(2..)?;
    if body.len() % 2 != 0 {
        return None;
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
        .map(String::into_bytes)
}

fn load(file: Option<&str>) -> Result<Policies, String> {
    let text = match file {
        Some(f) => read_policies(f)?,
        None => yidi::policy::DEFAULT_POLICIES.to_string(),
    };
    // Said as the policies file's problems, not the query's (helper-50: staff blamed their query).
    Policies::load(&text).map_err(|errors| {
        format!(
            "{}: the policies file does not read:\n{}",
            file.unwrap_or("policies"),
            errors_json(&errors)
        )
    })
}

/// A policies file's text (`-`: standard input), read no further than a policies file can be: its limit and one byte
/// more, which `Policies::load` refuses as `too_large`.
fn read_policies(f: &str) -> Result<String, String> {
    String::from_utf8(read_at_most(f, yidi::policy::MAX_POLICIES_BYTES as u64)?)
        .map_err(|_| format!("{f}: not UTF-8 text"))
}

fn errors_json(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|e| serde_json::json!({ "error": e }).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the next value starts: past white space and byte-order marks (a file saved with a BOM, or lines pasted from
/// several such files).
fn skip_space(input: &[u8], mut at: usize) -> usize {
    loop {
        match input.get(at..) {
            Some([b' ' | b'\t' | b'\r' | b'\n', ..]) => at += 1,
            Some([0xEF, 0xBB, 0xBF, ..]) => at += 3,
            _ => return at,
        }
    }
}

/// What ends a line of `input`: a line feed (a CR before it is white space), or, in a file with no line feed at all
/// (saved with old Mac line ends), a carriage return. A lone CR inside a line of a file with line feeds is part of that
/// line: read as a line end, it split one bad line into two answers and put the batch out of step with its lines.
fn line_end(input: &[u8]) -> fn(&u8) -> bool {
    if input.contains(&b'\n') {
        |b| *b == b'\n'
    } else {
        |b| *b == b'\r'
    }
}

/// The start of the line after the one holding `at`: where a batch picks up after a line it could not read.
fn next_line(input: &[u8], at: usize, ends: fn(&u8) -> bool) -> usize {
    input
        .get(at..)
        .and_then(|rest| rest.iter().position(ends))
        .map_or(input.len(), |i| at + i + 1)
}

/// Where a batch picks up after a query it could not read: the next line that can begin one. The inner lines of a
/// query written over several lines (a key `"…"`, a closing `}` or `]`, a `,`) are the unreadable query's, not
/// queries of their own (helper-51: one pretty-printed query with a slip gave an answer per line).
fn next_query_line(input: &[u8], mut at: usize, ends: fn(&u8) -> bool) -> usize {
    loop {
        at = next_line(input, at, ends);
        let first = input
            .get(at..)
            .and_then(|rest| rest.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r')));
        if !matches!(first, Some(b'"' | b'}' | b']' | b',')) {
            return at;
        }
    }
}

/// Whether anything but white space follows a value on its line: `{…}},` and `{…}{…}` alike are one line that does
/// not read, one answer (an error), so that the answers stay in step with the lines (two queries on one line gave two
/// answers, and every later answer was one line off). A query written over several lines still reads.
fn trailing_junk(after: &[u8], ends: fn(&u8) -> bool) -> bool {
    let line = after.split(ends).next().unwrap_or_default();
    line.iter().any(|b| !matches!(b, b' ' | b'\t' | b'\r'))
}

/// Reads one query or a stream of queries (JSON lines, or concatenated JSON values) and answers each in order with
/// `answer` (the line to write, and whether it is an answer rather than an error): a value that cannot be read (not
/// JSON, not UTF-8) gets its own error line and the batch goes on from the next line. Every command that reads queries
/// (estimate, analyze, options, ratio) reads them so. A closed output (`| head -1`) ends the run quietly.
fn answer_all(input: &[u8], mut answer: impl FnMut(&str) -> (String, bool)) -> ExitCode {
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    let mut answered = false;
    let mut at = skip_space(input, 0);
    let ends = line_end(input);
    // The input's lines before `counted`: kept as the batch goes, so that placing an error by its line in the input
    // does not count from the start again (50,000 bad lines of 100,000 took 5 minutes so).
    let (mut counted, mut lines_before) = (0, 0);
    loop {
        let rest = &input[at..];
        let mut stream =
            serde_json::Deserializer::from_slice(rest).into_iter::<serde::de::IgnoredAny>();
        let write = |e: Error| (serde_json::json!({ "error": e }).to_string(), false);
        let (text, ok) = match stream.next() {
            Some(Ok(_)) if trailing_junk(&rest[stream.byte_offset()..], ends) => {
                // `{…}},`, `{…}{…}` or `{…}\0`: one line, one answer (an error), so that answers stay in step with lines.
                at = next_line(input, at + stream.byte_offset(), ends);
                let e =
                    Error::invalid_json(String::new(), "characters after the query on its line");
                write(e)
            }
            Some(Ok(_)) => {
                let end = stream.byte_offset();
                at += end;
                // Skipping a value (IgnoredAny) does not check that its strings are UTF-8.
                match std::str::from_utf8(&rest[..end]) {
                    Err(_) => write(Error::invalid_json(String::new(), "not UTF-8 text")),
                    // An exported array of queries on one line: said as such (it was "invalid value" at "").
                    Ok(text) if text.trim_start().starts_with('[') => write(Error::invalid_json(
                        String::new(),
                        "an array of queries: write one query per line (JSON lines)",
                    )),
                    Ok(text) => answer(text),
                }
            }
            Some(Err(e)) => {
                // Where in the input, not in the query (a batch's fifth line said "line 2", inside the sixth's query;
                // helper-48): the lines before this query's start counted in.
                lines_before += input[counted..at].iter().filter(|b| ends(b)).count();
                counted = at;
                let before = lines_before;
                let text = e.to_string();
                let detail = match (text.split_once(" at line "), e.line()) {
                    // Read past its own line into the next query's (`{"insured":` then a whole query): said of its
                    // own line, at its end, as not finished (helper-50: it pointed at a later line).
                    // (A query written over several lines with a slip inside is placed where the slip is.)
                    (Some(_), line)
                        if line > 1
                            && (e.is_eof()
                                || (e.column() == 1
                                    && rest.split(ends).nth(line - 1).and_then(|l| l.first())
                                        == Some(&b'{'))) =>
                    {
                        let own = rest.split(ends).next().unwrap_or_default();
                        let width = String::from_utf8_lossy(own).trim_end().chars().count();
                        format!(
                            "a query that does not end on its line at line {} column {}",
                            before + 1,
                            width + 1
                        )
                    }
                    (Some((brief, _)), line) if line > 0 => {
                        format!("{brief} at line {} column {}", before + line, e.column())
                    }
                    _ => text,
                };
                at = next_query_line(input, at, ends);
                write(Error::invalid_json(String::new(), &detail))
            }
            // No query at all (empty or blank input) is an error, as for the other commands, not a silent success.
            None if !answered => write(Error::invalid_json(
                String::new(),
                "EOF while parsing a value",
            )),
            None => break,
        };
        answered = true;
        failed |= !ok;
        if writeln!(out, "{text}").is_err() {
            return closed_output();
        }
        at = skip_space(input, at);
    }
    if out.flush().is_err() {
        return closed_output();
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The reader went away (a closed pipe): stop quietly, with the exit status a shell gives a process ended by SIGPIPE.
fn closed_output() -> ExitCode {
    ExitCode::from(141)
}

/// Writes a line to standard output; `false` when the reader has gone away.
fn say(line: &str) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|_| out.flush()).is_ok()
}

fn validate(file: Option<&str>) -> ExitCode {
    let text: String = match file {
        // `-` is standard input, as for the other commands.
        Some(f) => match read_policies(f) {
            Ok(t) => t,
            Err(e) => {
                complain(&e);
                return ExitCode::from(2);
            }
        },
        None => yidi::policy::DEFAULT_POLICIES.to_string(),
    };
    let (report, code) = match Policies::load(&text) {
        Ok(p) => (
            serde_json::json!({"valid": true, "version": p.version, "regions": p.regions.len(), "schedules": p.schedules.len()})
                .to_string(),
            ExitCode::SUCCESS,
        ),
        Err(errors) => (errors_json(&errors), ExitCode::FAILURE),
    };
    if say(&report) {
        code
    } else {
        closed_output()
    }
}

/// A readable settlement slip.
/// A label of the tables in the language asked for (`--locale`, or the query's own).
fn w(zh: &'static str, en: &'static str) -> String {
    yidi::Message::new(zh, en).text().into_owned()
}

/// A route in a word of the language asked for (the tables' bracket).
fn route_word(route: yidi::estimate::Route) -> String {
    use yidi::estimate::Route;
    match route {
        Route::Local => w("参保地结算", "settled at home"),
        Route::Direct => w("直接结算", "settled directly"),
        Route::Manual => w("先垫付后报销", "pay, then claim"),
        Route::NotCovered => w("医保不支付", "not covered"),
    }
}

fn slip_table(e: &Estimate) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{}: {}\n",
        w("备案", "Filing"),
        e.filing.message.text()
    ));
    if let Some(u) = &e.filing.filing_used {
        s.push_str(&format!(
            "{}: {}\n",
            w("所用备案", "Filing used"),
            u.message.text()
        ));
    }
    s.push_str(&format!(
        "{}: {}  [{}]\n",
        w("结算", "Settlement"),
        e.settlement.message.text(),
        route_word(e.settlement.route)
    ));
    if let Some(r) = e.settlement.reason {
        // The reason's stable code (the message above says it in words).
        let code = serde_json::to_value(r).ok();
        s.push_str(&format!(
            "{}: {}\n",
            w("不支付原因（代码）", "Not paid because (code)"),
            code.as_ref().and_then(|c| c.as_str()).unwrap_or_default()
        ));
    }
    if let Some(a) = &e.settlement.adjustment {
        s.push_str(&format!(
            "{}: {}\n",
            w("调整", "Adjustment"),
            a.description.text()
        ));
    }
    // Where other regions' figures stand in, the range and why come first, and the slip is said to be an
    // illustration on one of them (helper-63: a single precise amount led, the range after it).
    if let Some(r) = &e.range {
        s.push_str(&format!(
            "{}: {} {}–{}   {} {}–{}   {} {}–{}\n{}\n{}\n",
            w("约", "About"),
            w("基金支付", "Fund pays"),
            r.fund_pays.low,
            r.fund_pays.high,
            w("大病/大额", "Layers above"),
            r.second_layer_pays.low,
            r.second_layer_pays.high,
            w("个人负担", "Patient pays"),
            r.patient_pays.low,
            r.patient_pays.high,
            r.explanation.text(),
            r.ask.text()
        ));
        s.push_str(&format!(
            "{}\n",
            if r.scope == yidi::typical::Scope::Region {
                w(
                    "以下结算单按范围中的一种情况列出，仅作示例，不是确切金额",
                    "The slip below is one case within the range, as an illustration, not the exact amount"
                )
            } else {
                w(
                    "以下结算单按其中一个参照地区的标准列出，仅作示例，不是本地的确切金额",
                    "The slip below uses one of those regions' figures, as an illustration, not your region's exact amount"
                )
            }
        ));
    }
    s.push_str(&format!("{:-<72}\n", ""));
    for l in &e.lines {
        let label = &l.label.text();
        let pad = 16usize.saturating_sub(label.chars().count() * 2);
        s.push_str(&format!(
            "{label}{:pad$} {:>12}   {}\n",
            "",
            l.amount.to_string(),
            l.formula.text(),
            pad = pad
        ));
    }
    s.push_str(&format!("{:-<72}\n", ""));
    s.push_str(&format!(
        "{} {}   {} {}   {} {}\n",
        w("基金支付", "Fund pays"),
        e.fund_pays,
        w("大病/大额等各层", "Layers above"),
        e.second_layer_pays,
        w("个人负担", "Patient pays"),
        e.patient_pays
    ));
    if e.account_pays > yidi::money::ZERO {
        s.push_str(&format!(
            "{} {} ({} {})   {} {}\n",
            w("个人账户", "Personal account"),
            e.account_pays,
            w("其中家庭共济", "of which family"),
            e.family_account_pays,
            w("现金", "Cash"),
            e.cash_pays
        ));
    }
    for warning in &e.warnings {
        s.push_str(&format!("! {}\n", warning.message.text()));
    }
    s
}

/// The courses side by side, the recommended one first.
fn options_table(o: &yidi::options::Options) -> String {
    let mut s = format!("{}: {}\n", w("建议", "Recommended"), o.reason.text());
    for c in &o.courses {
        let mark = if c.recommended {
            "★"
        } else if c.available {
            "·"
        } else {
            "✗"
        };
        s.push_str(&format!("{mark} {}", c.title.text()));
        if let (Some(route), Some(pay), Some(back), Some(patient)) =
            (c.route, c.pay_at_hospital, c.back_later, c.patient_pays)
        {
            s.push_str(&format!(
                "  [{}] {} {pay}  {} {back}  {} {patient}",
                route_word(route),
                // 在医院付 / 在药店付: where this visit is paid (it said 医院 for a pharmacy; helper-45).
                o.paid_at.text(),
                w("报回", "Back later"),
                w("个人最终负担", "You bear")
            ));
            if let Some(r) = &c.range {
                s.push_str(&format!(
                    " ({} {}–{})",
                    w("非本地标准，约", "not the region's own figures: about"),
                    r.patient_pays.low,
                    r.patient_pays.high
                ));
            }
        }
        s.push('\n');
        if let Some(why) = &c.why_not {
            s.push_str(&format!(
                "    {}: {}\n",
                w("不可行", "Not open"),
                why.text()
            ));
        }
        if let Some(d) = &c.deadline {
            s.push_str(&format!("    {}: {}\n", w("期限", "By when"), d.text()));
        }
        for d in &c.documents {
            s.push_str(&format!("    {}: {}\n", w("材料", "Papers"), d.text()));
        }
    }
    s
}
