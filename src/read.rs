//! Reading JSON input (the query, a policies file) into the domain types, naming the path of every problem.
//!
//! Each type lists its fields once, in a small `FromJson` impl beside its definition. Hand-written readers over the
//! parsed tree (`json`) instead of serde's derived ones: those were 40% of the wasm's code. A reader notes a problem
//! and carries on with a placeholder, so a policies file gets all its problems listed at once and the readers stay
//! straight-line code. Unknown fields are refused (a typo must not silently fall back to a default), `null` counts as
//! absent, and numbers are read through their decimal text, so `0.1` is exactly 0.1.

use crate::error::{Error, ErrorCode};
use crate::json::{self, field_path, item_path, Value};
use crate::money::{date, Money, Rate};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A type read from a JSON value. On a problem, `read` notes it and returns a placeholder (the default).
pub trait FromJson: Default {
    fn read(n: &Node) -> Self;
}

/// A fieldless enum read from its name; `NAMES` lists the written name of each value first, then accepted aliases.
pub trait Named: Copy + Default + 'static {
    const NAMES: &'static [(&'static str, Self)];
}

/// Parses JSON text and reads a `T` from it; every problem found, in reading order.
pub fn from_json<T: FromJson>(text: &str) -> Result<T, Vec<Error>> {
    let value = json::parse(text).map_err(|e| vec![e])?;
    let log = Log::default();
    let t = T::read(&Node {
        value: &value,
        at: At::Root,
        log: &log,
    });
    let errors = log.0.into_inner();
    if errors.is_empty() {
        Ok(t)
    } else {
        Err(errors)
    }
}

/// The problems noted while reading (the first hundred).
#[derive(Default)]
pub struct Log(RefCell<Vec<Error>>);

impl Log {
    /// Notes the error `e` builds, unless a hundred are already noted (then it is not even built: a file with 100,000
    /// unknown keys costs no more than one with a hundred).
    fn note(&self, e: impl FnOnce() -> Error) {
        let mut errors = self.0.borrow_mut();
        if errors.len() < 100 {
            errors.push(e());
        }
    }
}

/// A value and where it sits; its path (`bill.lines[2].amount`) is spelt out only for an error.
pub struct Node<'a> {
    value: &'a Value,
    at: At<'a>,
    log: &'a Log,
}

#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Field(&'a Node<'a>, &'a str),
    Item(&'a Node<'a>, usize),
}

impl<'a> Node<'a> {
    fn path(&self) -> String {
        match self.at {
            At::Root => String::new(),
            At::Field(parent, key) => field_path(&parent.path(), key),
            At::Item(parent, i) => item_path(&parent.path(), i),
        }
    }

    fn fail(&self, code: ErrorCode) {
        self.log.note(|| Error::at(code, self.path()));
    }

    /// An object whose keys must be among `fields`; each unknown key is noted.
    pub fn object(&'a self, fields: &[&str]) -> Obj<'a> {
        let Value::Object(map) = self.value else {
            self.fail(ErrorCode::InvalidValue);
            return Obj {
                node: self,
                fields: None,
            };
        };
        for (k, _) in map.iter().filter(|(k, _)| !fields.contains(&k.as_str())) {
            self.log
                .note(|| Error::at(ErrorCode::UnknownField, field_path(&self.path(), k)));
        }
        Obj {
            node: self,
            fields: Some(map),
        }
    }

    fn str(&self) -> Option<&'a str> {
        match self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value, or a noted error and the placeholder.
    fn or_fail<T: Default>(&self, v: Option<T>, code: ErrorCode) -> T {
        v.unwrap_or_else(|| {
            self.fail(code);
            T::default()
        })
    }

    /// A decimal from a string or a number: digits with an optional sign and point, nothing else (no exponent, no
    /// separators), at most 28 digits.
    fn decimal(&self) -> Option<Decimal> {
        let text = match self.value {
            Value::String(s) => s.trim(),
            Value::Number(n) => n,
            _ => "",
        };
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = int.len() + frac.len();
        if digits == 0
            || digits > 28
            || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mantissa = int
            .bytes()
            .chain(frac.bytes())
            .fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
        let signed = if negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(signed, frac.len() as u32).ok()
    }
}

/// An object's fields, read by name. When the value was not an object (already noted), every field reads as absent.
pub struct Obj<'a> {
    node: &'a Node<'a>,
    fields: Option<&'a [(String, Value)]>,
}

impl<'a> Obj<'a> {
    /// The field's node, `None` when absent or null.
    fn field<'k>(&self, key: &'k str) -> Option<Node<'k>>
    where
        'a: 'k,
    {
        let (_, value) = self.fields?.iter().find(|(k, _)| k == key)?;
        (*value != Value::Null).then_some(Node {
            value,
            at: At::Field(self.node, key),
            log: self.node.log,
        })
    }

    pub fn opt<T: FromJson>(&self, key: &str) -> Option<T> {
        self.field(key).map(|n| T::read(&n))
    }

    /// The first present of several accepted names.
    pub fn opt_any<T: FromJson>(&self, keys: &[&str]) -> Option<T> {
        keys.iter().find_map(|k| self.field(k)).map(|n| T::read(&n))
    }

    pub fn req<T: FromJson>(&self, key: &str) -> T {
        match self.field(key) {
            Some(n) => T::read(&n),
            None => {
                if self.fields.is_some() {
                    let path = || field_path(&self.node.path(), key);
                    self.node
                        .log
                        .note(|| Error::at(ErrorCode::MissingField, path()));
                }
                T::default()
            }
        }
    }

    pub fn or<T: FromJson>(&self, key: &str, default: T) -> T {
        self.opt(key).unwrap_or(default)
    }

    pub fn or_default<T: FromJson>(&self, key: &str) -> T {
        self.opt(key).unwrap_or_default()
    }
}

impl<T: Named> FromJson for T {
    fn read(n: &Node) -> T {
        let found = n
            .str()
            .and_then(|s| T::NAMES.iter().find(|(name, _)| *name == s));
        n.or_fail(found.map(|&(_, v)| v), ErrorCode::InvalidValue)
    }
}

impl FromJson for String {
    fn read(n: &Node) -> String {
        n.or_fail(n.str().map(str::to_string), ErrorCode::InvalidValue)
    }
}

impl FromJson for bool {
    fn read(n: &Node) -> bool {
        let b = match n.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        };
        n.or_fail(b, ErrorCode::InvalidValue)
    }
}

impl FromJson for u32 {
    fn read(n: &Node) -> u32 {
        let v = match n.value {
            Value::Number(t) => t.parse().ok(),
            _ => None,
        };
        n.or_fail(v, ErrorCode::InvalidValue)
    }
}

/// An amount within [`Money::check`]'s bounds; a negative one is `negative_amount`, anything else out of bounds (too
/// large, more than two decimals) `invalid_amount`, both with the field's path.
impl FromJson for Money {
    fn read(n: &Node) -> Money {
        let checked = n.decimal().map(Money).map(Money::check);
        match checked {
            Some(Ok(m)) => m,
            Some(Err(code)) => {
                n.fail(code);
                Money::default()
            }
            None => {
                n.fail(ErrorCode::InvalidAmount);
                Money::default()
            }
        }
    }
}

impl FromJson for Rate {
    fn read(n: &Node) -> Rate {
        let r = n.decimal().map(Rate).filter(|r| r.is_valid());
        n.or_fail(r, ErrorCode::InvalidRate)
    }
}

impl FromJson for NaiveDate {
    fn read(n: &Node) -> NaiveDate {
        n.or_fail(n.str().and_then(date::parse), ErrorCode::InvalidDate)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(n: &Node) -> Vec<T> {
        let Value::Array(items) = n.value else {
            n.fail(ErrorCode::InvalidValue);
            return Vec::new();
        };
        (0..items.len())
            .map(|i| {
                T::read(&Node {
                    value: &items[i],
                    at: At::Item(n, i),
                    log: n.log,
                })
            })
            .collect()
    }
}

/// An object with free keys (sources by id).
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn read(n: &Node) -> BTreeMap<String, T> {
        let Value::Object(fields) = n.value else {
            n.fail(ErrorCode::InvalidValue);
            return BTreeMap::new();
        };
        fields
            .iter()
            .map(|(k, value)| {
                let item = Node {
                    value,
                    at: At::Field(n, k),
                    log: n.log,
                };
                (k.clone(), T::read(&item))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn read<T: FromJson>(text: &str) -> Result<T, Error> {
        from_json(text).map_err(|mut e| e.remove(0))
    }

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
            "1e5",
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
        assert_eq!(read::<Vec<NaiveDate>>("[\"2025-02-28\"]").unwrap().len(), 1);
        let e = read::<Vec<NaiveDate>>("[\"2025-02-28\", \"2025-02-30\"]").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "[1]"));
        for text in ["-1", "4294967296", "1.5", "\"3\""] {
            assert_eq!(
                read::<u32>(text).unwrap_err().code,
                ErrorCode::InvalidValue,
                "{text}"
            );
        }
    }

    #[test]
    fn every_problem_is_listed() {
        let errors = from_json::<Vec<Money>>("[\"x\", 1, true]").unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["[0]", "[2]"]);
    }
}
