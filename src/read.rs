//! Reading input (a query, a policies file, a past slip) into the domain types: serde's derived `Deserialize` on each
//! type (one declaration: the struct and its serde attributes), `serde_path_to_error` for the path of the first
//! problem, and this module for what serde does not say on its own:
//!
//! - a stable [`ErrorCode`] for every problem (serde's messages are mapped once, in [`classify`]);
//! - amounts, rates and dates read through their text ([`Money`], [`Rate`], [`date`]): `0.1` is exactly 0.1 whether it
//!   comes as a JSON number, a string, or a JavaScript number (through its shortest decimal form);
//! - `null` counts as absent where a field has a default ([`null_default`], [`null_true`]);
//! - a key given twice is refused, in structs (serde) and in maps with free keys ([`unique_map`]).
//!
//! Unknown fields are refused (`deny_unknown_fields` on every struct): a typo must not silently fall back to a default.
//! A policies file gets its content problems listed at once by the validator, which works on the typed value.

use crate::error::{Error, ErrorCode};
use crate::money::{coded, CODE};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// Parses JSON text into a `T`; the first problem, with its path. A leading byte-order mark is skipped.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = path_of(e.path());
        let inner = e.into_inner();
        // A wrong type can be met before a syntax error further on: text that is not JSON is `invalid_json`, whatever
        // else is wrong with it (a second pass, on errors only).
        let not_json = serde_json::from_str::<serde_json::Value>(text).err();
        match not_json {
            None if inner.is_data() => classify(path, &inner.to_string()),
            // Text that is JSON, refused as if it were not: serde_json reads an enum's value (`"scheme": 1`, `true`,
            // `null`) by peeking for a string and says "expected value", a syntax error. It is a value of the wrong
            // kind, `invalid_value` at its field as for every other field (helper-48).
            None if inner.is_syntax() && path.as_deref().is_some_and(|p| !p.is_empty()) => {
                Error::at(ErrorCode::InvalidValue, path.unwrap_or_default())
            }
            None => Error::invalid_json(path.unwrap_or_default(), &inner.to_string()),
            Some(syntax) if inner.is_data() => {
                Error::invalid_json(String::new(), &syntax.to_string())
            }
            Some(_) => Error::invalid_json(path.unwrap_or_default(), &inner.to_string()),
        }
    })?;
    de.end()
        .map_err(|e| Error::invalid_json(String::new(), &e.to_string()))?;
    Ok(value)
}

/// One step of the path to a problem: a list's index, an object's key (or an enum's variant), or a step that adds
/// nothing to the path.
pub(crate) enum Step<'a> {
    Index(usize),
    Key(&'a str),
    Unnamed,
}

/// `bill.lines[2].amount`, as every error names a field, from the steps that lead to it: the JSON text reader's
/// (serde_path_to_error) and the JavaScript reader's (src/strict.rs). serde reads a struct from a list too (its fields
/// in order); an error inside a list where an object was expected at the top names the whole input instead.
pub(crate) fn path_of_steps<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> Option<String> {
    let mut steps = steps.into_iter().peekable();
    if let Some(Step::Index(_)) = steps.peek() {
        return None;
    }
    Some(steps.fold(String::new(), |path, step| match step {
        Step::Index(i) => format!("{path}[{i}]"),
        Step::Key(key) => field_path(&path, key),
        Step::Unnamed => path,
    }))
}

fn path_of(p: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    path_of_steps(p.iter().map(|seg| match seg {
        Segment::Seq { index } => Step::Index(*index),
        Segment::Map { key } | Segment::Enum { variant: key } => Step::Key(key),
        Segment::Unknown => Step::Unnamed,
    }))
}

/// The path of a field below `path`: `bill.lines[2].amount`.
pub fn field_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The most characters of an unknown field's path an error repeats.
const MAX_PATH_SAID: usize = 200;

/// A serde message as an error code: ours (`yidi:…`), then serde's own wording, which is stable across releases
/// (`missing field `x``, `unknown field `x``, `duplicate field `x``, `unknown variant`, `invalid type` …).
pub(crate) fn classify(path: Option<String>, message: &str) -> Error {
    let Some(path) = path else {
        return Error::at(ErrorCode::InvalidValue, "");
    };
    // serde_json appends the position; serde-wasm-bindgen's message may come wrapped ("Error: …").
    let message = message.split(" at line ").next().unwrap_or(message);
    let ours = message.find(CODE).map(|i| {
        let rest = &message[i + CODE.len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    });
    if let Some(code) = ours.and_then(ErrorCode::named) {
        return Error::at(code, path);
    }
    let quoted = || message.split('`').nth(1).unwrap_or_default();
    if message.contains("missing field") {
        Error::at(ErrorCode::MissingField, field_path(&path, quoted()))
    } else if message.contains("unknown field") {
        let key = quoted();
        let path = if path == key || path.ends_with(&format!(".{key}")) {
            path
        } else {
            field_path(&path, key)
        };
        // A key past any field's length is named by its start (helper-65: a 7,000,000-character key came back whole,
        // in the path and in each message).
        let path = match path.char_indices().nth(MAX_PATH_SAID) {
            Some((cut, _)) => format!("{}…", &path[..cut]),
            None => path,
        };
        Error::at(ErrorCode::UnknownField, path)
    } else if message.contains("duplicate field") {
        let key = quoted();
        let path = if path.ends_with(key) {
            path
        } else {
            field_path(&path, key)
        };
        Error::invalid_json(path, "a field given twice")
    } else if message.contains("recursion limit") {
        Error::invalid_json(path, message)
    } else {
        Error::at(ErrorCode::InvalidValue, path)
    }
}

/// A field with a default where `null` counts as absent.
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if !d.is_human_readable() {
        // The baked policies (postcard) hold the value itself.
        return T::deserialize(d);
    }
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A flag that is on unless given as `false` (`null` counts as absent).
pub fn null_true<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    if !d.is_human_readable() {
        return bool::deserialize(d);
    }
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

/// The default of a flag that is on unless given.
pub fn yes() -> bool {
    true
}

/// The most itemized lines a bill may have: a long stay's 费用清单 has a few hundred. More is `too_large` at once,
/// however the query arrives (text is bounded by its size; a JavaScript value by this).
pub const MAX_LINES: usize = 10_000;

/// A bill's lines, at most [`MAX_LINES`] (`null` is absent).
pub fn bounded_lines<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of lines")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_seq(self)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_LINES));
            while let Some(line) = seq.next_element()? {
                if out.len() == MAX_LINES {
                    return Err(coded(ErrorCode::TooLarge));
                }
                out.push(line);
            }
            Ok(Some(out))
        }
    }
    d.deserialize_option(V(std::marker::PhantomData))
}

/// An object with free keys (sources by id), each key at most once.
pub fn unique_map<'de, D, T>(d: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = BTreeMap<String, T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(k) = m.next_key::<String>()? {
                if out.contains_key(&k) {
                    return Err(de::Error::custom(format_args!("duplicate field `{k}`")));
                }
                let v = m.next_value()?;
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{decimal, read_date, DecimalVisitor, Money, Rate};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn read<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        from_json(text)
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Dates(#[serde(deserialize_with = "read_date")] NaiveDate);

    #[test]
    fn numbers_are_read_through_their_decimal_text() {
        assert_eq!(
            read::<Money>("0.1").unwrap().0,
            Decimal::from_str("0.1").unwrap()
        );
        assert_eq!(read::<Rate>("\"0.888\"").unwrap().to_string(), "88.8%");
        for text in ["1.2", "\"-0.1\"", "null"] {
            assert_eq!(
                read::<Rate>(text).unwrap_err().code,
                ErrorCode::InvalidRate,
                "{text}"
            );
        }
        let exact = [
            ("\" 1200 \"", "1200"),
            ("0", "0"),
            ("\"+0.50\"", "0.50"),
            ("10.010", "10.01"),
            ("\".5\"", "0.5"),
            ("10000000000", "10000000000"),
        ];
        for (text, want) in exact {
            assert_eq!(
                read::<Money>(text).unwrap().0,
                Decimal::from_str(want).unwrap(),
                "{text}"
            );
        }
        let too_long = "\"12345678901234567890.123456789\"";
        for text in [
            "\"12abc\"",
            "\"1e5\"",
            "1e40",
            "true",
            "\"\"",
            "[]",
            "\"1.2.3\"",
            "\"1,000\"",
            "\".\"",
            "\"-\"",
            too_long,
            "10.001",
            "10000000000.01",
            "9999999999999999999999999999",
            "\"NaN\"",
            "\"Infinity\"",
        ] {
            assert_eq!(
                read::<Money>(text).unwrap_err().code,
                ErrorCode::InvalidAmount,
                "{text}"
            );
        }
        // A JSON number with an exponent is the number it writes (a string with one is not a plain decimal).
        assert_eq!(read::<Money>("1e5").unwrap().to_string(), "100000.00");
    }

    #[test]
    fn floats_read_through_their_shortest_decimal() {
        let money = |v: f64| DecimalVisitor.visit_f64::<de::value::Error>(v).unwrap();
        assert_eq!(money(0.1), Some(Decimal::from_str("0.1").unwrap()));
        assert_eq!(money(1234.56), Some(Decimal::from_str("1234.56").unwrap()));
        assert_eq!(money(1e21), decimal("1000000000000000000000"));
        assert_eq!(money(f64::NAN), None);
        assert_eq!(money(f64::INFINITY), None);
    }

    #[test]
    fn negative_amounts_are_refused_as_read() {
        for text in ["-5", "\"-0.01\""] {
            assert_eq!(
                read::<Money>(text).unwrap_err().code,
                ErrorCode::NegativeAmount,
                "{text}"
            );
        }
    }

    #[test]
    fn dates_counts_and_lists_name_their_position() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct List {
            d: Vec<Dates>,
        }
        assert_eq!(read::<List>(r#"{"d": ["2025-02-28"]}"#).unwrap().d.len(), 1);
        let e = read::<List>(r#"{"d": ["2025-02-28", "2025-02-30"]}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "d[1]"));
        for text in ["-1", "4294967296", "1.5", "\"3\""] {
            assert_eq!(
                read::<u32>(text).unwrap_err().code,
                ErrorCode::InvalidValue,
                "{text}"
            );
        }
    }

    #[test]
    fn keys_given_twice_are_refused() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Free(#[serde(deserialize_with = "unique_map")] BTreeMap<String, u32>);
        let e = read::<Free>(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidJson);
        assert!(read::<Free>(r#"{"a": 1, "b": 2}"#).is_ok());
    }

    #[test]
    fn text_that_is_not_json_is_invalid_json() {
        for text in ["", "{", "1 2", "[\"\\ud800\"]", "[1,]"] {
            assert_eq!(
                read::<Vec<String>>(text).unwrap_err().code,
                ErrorCode::InvalidJson,
                "{text}"
            );
        }
        assert!(read::<u32>("\u{feff}3").is_ok());
    }
}
