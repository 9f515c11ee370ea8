//! A small JSON parser for input (queries, policies files). Numbers keep their text, so amounts are read exactly; a
//! syntax error names where it is (`bill.lines[2]`). Its own rather than serde_json's: the wasm carries only this.

use crate::error::Error;
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text as written (`1200`, `0.1`, `-5`).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Fields in the order written; a key appears once.
    Object(Vec<(String, Value)>),
}

/// The path of a field below `path`: `bill.total`, or `bill` at the top.
pub fn field_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of an array item below `path`: `bill.lines[2]`.
pub fn item_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Up to this many fields an object's duplicate keys are found by a scan; past it, through an ordered set.
const SMALL_OBJECT: usize = 16;

/// Parses a whole text as one JSON value. A byte-order mark before it (a file saved by some editors) is skipped.
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
        path: Vec::new(),
    };
    let value = p.value()?;
    p.space();
    if p.at < p.bytes.len() {
        return Err(p.fail("trailing characters"));
    }
    Ok(value)
}

enum Step {
    Key(String),
    Index(usize),
}

struct Parser<'t> {
    bytes: &'t [u8],
    at: usize,
    /// Where the parser is, for error messages.
    path: Vec<Step>,
}

impl Parser<'_> {
    fn fail(&self, what: &str) -> Error {
        let path = self
            .path
            .iter()
            .fold(String::new(), |path, step| match step {
                Step::Key(k) => field_path(&path, k),
                Step::Index(i) => item_path(&path, *i),
            });
        Error::invalid_json(path, what)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let found = self.peek() == Some(b);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.space();
        if self.path.len() > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => Err(self.fail("expected a value")),
            None => Err(self.fail("unexpected end of input")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut fields: Vec<(String, Value)> = Vec::new();
        // Keys seen so far, for objects past a handful of fields: the duplicate check stays O(n log n), not O(n²).
        // A B-tree rather than a hash set: the wasm already carries B-tree code, and no hasher is added.
        let mut seen: BTreeSet<String> = BTreeSet::new();
        if self.eat(b'}') {
            return Ok(Value::Object(fields));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a field name"));
            }
            let key = self.string()?;
            self.path.push(Step::Key(key.clone()));
            let twice = if fields.len() < SMALL_OBJECT {
                fields.iter().any(|(k, _)| *k == key)
            } else {
                if seen.is_empty() {
                    seen.extend(fields.iter().map(|(k, _)| k.clone()));
                }
                !seen.insert(key.clone())
            };
            if twice {
                return Err(self.fail("a field given twice"));
            }
            if !self.eat(b':') {
                return Err(self.fail("expected `:`"));
            }
            let value = self.value()?;
            self.path.pop();
            fields.push((key, value));
            if self.eat(b'}') {
                return Ok(Value::Object(fields));
            }
            if !self.eat(b',') {
                return Err(self.fail("expected `,` or `}`"));
            }
        }
    }

    fn array(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(Step::Index(items.len()));
            items.push(self.value()?);
            self.path.pop();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.fail("expected `,` or `]`"));
            }
        }
    }

    /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        self.at += usize::from(self.peek() == Some(b'-'));
        let int = self.digits();
        let leading_zero = int > 1 && self.bytes[self.at - int] == b'0';
        let mut ok = int > 0 && !leading_zero;
        if self.peek() == Some(b'.') {
            self.at += 1;
            ok &= self.digits() > 0;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            ok &= self.digits() > 0;
        }
        if !ok {
            return Err(self.fail("invalid number"));
        }
        let text = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
        Ok(Value::Number(text))
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// A string starting at its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek(), None | Some(b'"' | b'\\' | 0..=0x1f)) {
                self.at += 1;
            }
            // The text is valid UTF-8 and the run stops at ASCII bytes only, so this slice is whole characters.
            out.push_str(&String::from_utf8_lossy(&self.bytes[start..self.at]));
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.fail("a control character in a string")),
                None => return Err(self.fail("unexpected end of input")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, Error> {
        let b = self
            .peek()
            .ok_or_else(|| self.fail("unexpected end of input"))?;
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    // A high surrogate must be followed by an escaped low surrogate; together they are one character.
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.at..].starts_with(b"\\u") {
                            return Err(self.fail("a lone surrogate in a \\u escape"));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.fail("a lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.fail("a lone surrogate in a \\u escape")),
                    _ => unit,
                };
                char::from_u32(code).ok_or_else(|| self.fail("invalid \\u escape"))?
            }
            _ => return Err(self.fail("invalid escape")),
        })
    }

    /// Exactly four hex digits (no sign, no space: `u32::from_str_radix` alone would take `+041`).
    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.fail("invalid \\u escape"))?;
        let value = digits.iter().fold(0u32, |v, d| {
            v * 16 + char::from(*d).to_digit(16).unwrap_or_default()
        });
        self.at += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(fields: &[(&str, Value)]) -> Value {
        Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_what_json_allows() {
        let n = |t: &str| Value::Number(t.into());
        let cases = [
            ("null", Value::Null),
            (" true ", Value::Bool(true)),
            ("-0.5e+3", n("-0.5e+3")),
            (
                "\"a\\\"\\u4e2d\\ud83d\\ude00\\n\"",
                Value::String("a\"中😀\n".into()),
            ),
            ("\"医保\"", Value::String("医保".into())),
            (
                "[1, [], {}]",
                Value::Array(vec![n("1"), Value::Array(vec![]), obj(&[])]),
            ),
            (
                "{\"a\": {\"b\": [0.10]}}",
                obj(&[("a", obj(&[("b", Value::Array(vec![n("0.10")]))]))]),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn refuses_what_json_does_not_allow_naming_where() {
        let cases = [
            ("", ""),
            ("{", ""),
            ("{\"bill\": {\"total\": 01}}", "bill.total"),
            (
                "{\"bill\": {\"lines\": [{\"amount\": 1,}]}}",
                "bill.lines[0]",
            ),
            ("{\"a\": 1, \"a\": 2}", "a"),
            ("[1 2]", ""),
            ("{\"a\": tru}", "a"),
            ("{\"a\": \"x\ty\"}", "a"),
            ("{\"a\": \"\\x\"}", "a"),
            ("{\"a\": \"\\ud800\\u0041\"}", "a"),
            ("{\"a\": \"\\ud800\"}", "a"),
            ("{\"a\": \"\\udc00\\ud800\"}", "a"),
            ("{\"a\": \"\\u+041\"}", "a"),
            ("{\"a\": \"\\u 041\"}", "a"),
            ("{\"a\": \"\\u004\"}", "a"),
            ("1 2", ""),
            ("-", ""),
            ("1.", ""),
        ];
        for (text, path) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.path.as_str()),
                ("invalid_json", path),
                "{text}"
            );
        }
    }

    #[test]
    fn a_hundred_thousand_keys_parse_in_linear_time() {
        let fields: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}}}", fields.join(","));
        let started = std::time::Instant::now();
        let Value::Object(fields) = parse(&text).unwrap() else {
            panic!("not an object")
        };
        assert_eq!(fields.len(), 100_000);
        // Under a second in a release build (the quadratic scan took 19 s); an unoptimised build gets ten.
        let budget = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
        assert!(
            started.elapsed().as_secs_f64() < budget,
            "{:?}",
            started.elapsed()
        );
        let twice = format!(
            "{{{}, \"k99999\": 0}}",
            (0..100_000)
                .map(|i| format!("\"k{i}\": {i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(parse(&twice).unwrap_err().path, "k99999");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        assert_eq!(parse(&text).unwrap_err().code.as_str(), "invalid_json");
    }
}
