//! The way in from JavaScript: a value (a query, a bill, a slip) is walked by a few lines of JavaScript (`plain_words`,
//! inline in src/wasm.rs) into one list of words and one run of text, copied into the wasm at once, and read here as a
//! serde data format by the types' derived `Deserialize`: one call across the boundary, where serde-wasm-bindgen made
//! several for every object, key and value (~10 µs of an `estimate()` in the page; README, "Measurements"). It also
//! costs the page's wasm less than serde-wasm-bindgen's reader did: the derived readers are compiled for this one
//! plain format only.
//!
//! Values are handed to serde's visitors as serde-wasm-bindgen hands them: a safe integer as `i64`, any other number as
//! `f64`, `null` and `undefined` alike as unit or `None`, a string as an owned `String`, a BigInt as `i64`/`u64` where
//! it fits, an array as a sequence, an object (its own enumerable string keys, as `Object.entries` gives them; a
//! `Map` with string keys too) as a map, an enum as a string or an object of one key. What JavaScript has besides
//! (a function, a symbol, a `Set` or a typed array, nesting deeper than 64, an array of more than 100,000 items, a
//! value of more than 200,000 parts, text beyond 8,000,000 characters in all) is a value of no type a query has: `invalid_value` at its path. So is a part
//! whose reading throws (a getter, a Proxy's trap, a Map's iterator): the walk never throws into the wasm.
//!
//! The words (`u32`): `0` null or undefined, `1` false, `2` true, `4` a number (its bits in the next two words, low
//! word first), `5 | n << 4` a string of `n` UTF-16 code units, `11 | n << 4` a BigInt's decimal digits, `12 | n << 4`
//! a value of no query's type (its description), `8` an array and `9` an object (keys and values alternating) up to
//! `10`, the end. The strings follow one another in the text, which crosses as UTF-8 (a lone surrogate as U+FFFD,
//! one code unit still).

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Unexpected, Visitor};

/// A JavaScript value, read from its words.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// A BigInt's decimal digits.
    BigInt(String),
    Array(Vec<Plain>),
    Object(Vec<(String, Plain)>),
    /// A value of no type a query has, described.
    Other(String),
}

/// Why a value does not read: serde's message (the binding turns it into a typed error at its path); the tape's
/// error type, which serves both ways.
pub type PlainError = crate::tape::WireError;

type Result<T> = std::result::Result<T, PlainError>;

/// Nesting deeper than any query's (the JavaScript stops there too).
pub const MAX_DEPTH: usize = 64;

impl Plain {
    /// The value of `words` and `text`, or `None` if they are not one whole value (never, from the JavaScript).
    pub fn from_words(words: &[u32], text: &str) -> Option<Plain> {
        let mut r = Reader {
            words,
            at: 0,
            text,
            cursor: 0,
        };
        let v = r.read(0)?;
        (r.at == words.len() && r.cursor == text.len()).then_some(v)
    }

    /// An object's value for `key` (the first, as JavaScript has one).
    pub fn get(&self, key: &str) -> Option<&Plain> {
        match self {
            Plain::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as serde_json's (for tests).
    pub fn from_json(v: &serde_json::Value) -> Plain {
        use serde_json::Value;
        match v {
            Value::Null => Plain::Null,
            Value::Bool(b) => Plain::Bool(*b),
            Value::Number(n) => Plain::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Plain::Str(s.clone()),
            Value::Array(a) => Plain::Array(a.iter().map(Plain::from_json).collect()),
            Value::Object(o) => Plain::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Plain::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Its words and text, as the JavaScript writes them (for tests).
    pub fn words(&self) -> (Vec<u32>, String) {
        fn string(tag: u32, s: &str, out: &mut (Vec<u32>, String)) {
            out.0.push(tag | (s.encode_utf16().count() as u32) << 4);
            out.1.push_str(s);
        }
        fn put(v: &Plain, out: &mut (Vec<u32>, String)) {
            match v {
                Plain::Null => out.0.push(0),
                Plain::Bool(b) => out.0.push(if *b { 2 } else { 1 }),
                Plain::Number(n) => {
                    let bits = n.to_bits();
                    out.0.extend([4, bits as u32, (bits >> 32) as u32]);
                }
                Plain::Str(s) => string(5, s, out),
                Plain::BigInt(s) => string(11, s, out),
                Plain::Other(s) => string(12, s, out),
                Plain::Array(items) => {
                    out.0.push(8);
                    items.iter().for_each(|v| put(v, out));
                    out.0.push(10);
                }
                Plain::Object(entries) => {
                    out.0.push(9);
                    for (k, v) in entries {
                        string(5, k, out);
                        put(v, out);
                    }
                    out.0.push(10);
                }
            }
        }
        let mut out = (Vec::new(), String::new());
        put(self, &mut out);
        out
    }

    /// `Number.isSafeInteger`: a whole number of at most 2^53 - 1 either way.
    fn safe_integer(n: f64) -> Option<i64> {
        (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0).then_some(n as i64)
    }

    /// What serde's messages call the value.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Plain::Null => Unexpected::Unit,
            Plain::Bool(b) => Unexpected::Bool(*b),
            Plain::Number(n) => Unexpected::Float(*n),
            Plain::Str(s) => Unexpected::Str(s),
            Plain::BigInt(_) => Unexpected::Other("a BigInt"),
            Plain::Array(_) => Unexpected::Seq,
            Plain::Object(_) => Unexpected::Map,
            Plain::Other(d) => Unexpected::Other(d),
        }
    }

    fn invalid<'de, V: Visitor<'de>>(&self, v: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(self.unexpected(), &v))
    }

    fn seq<'de, V: Visitor<'de>>(items: Vec<Plain>, v: V) -> Result<V::Value> {
        v.visit_seq(SeqDeserializer::new(items.into_iter()))
    }

    fn map<'de, V: Visitor<'de>>(entries: Vec<(String, Plain)>, v: V) -> Result<V::Value> {
        v.visit_map(MapDeserializer::new(entries.into_iter()))
    }

    fn signed<'de, V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match &self {
            Plain::Number(n) => match Plain::safe_integer(*n) {
                Some(i) => v.visit_i64(i),
                None => self.invalid(v),
            },
            _ => self.invalid(v),
        }
    }

    fn unsigned<'de, V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match &self {
            Plain::Number(n) => match Plain::safe_integer(*n).and_then(|i| u64::try_from(i).ok()) {
                Some(u) => v.visit_u64(u),
                None => self.invalid(v),
            },
            _ => self.invalid(v),
        }
    }

    /// A BigInt as serde-wasm-bindgen reads one for any value: `i64`, else `u64`.
    fn big<'de, V: Visitor<'de>>(digits: &str, v: V) -> Result<V::Value> {
        if let Ok(i) = digits.parse::<i64>() {
            v.visit_i64(i)
        } else if let Ok(u) = digits.parse::<u64>() {
            v.visit_u64(u)
        } else {
            Err(de::Error::custom(
                "Couldn't deserialize i64 or u64 from a BigInt outside i64::MIN..u64::MAX bounds",
            ))
        }
    }
}

/// Reads a value's words and its strings' text.
struct Reader<'a> {
    words: &'a [u32],
    at: usize,
    text: &'a str,
    cursor: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<u32> {
        let w = *self.words.get(self.at)?;
        self.at += 1;
        Some(w)
    }

    fn read(&mut self, depth: usize) -> Option<Plain> {
        let w = self.next()?;
        let n = (w >> 4) as usize;
        Some(match w & 15 {
            0 if w == 0 => Plain::Null,
            1 if w == 1 => Plain::Bool(false),
            2 if w == 2 => Plain::Bool(true),
            4 if w == 4 => {
                let low = u64::from(self.next()?);
                let high = u64::from(self.next()?);
                Plain::Number(f64::from_bits(low | high << 32))
            }
            5 => Plain::Str(self.string(n)?),
            11 => Plain::BigInt(self.string(n)?),
            12 => Plain::Other(self.string(n)?),
            8 if w == 8 && depth < MAX_DEPTH => {
                let mut items = Vec::new();
                while *self.words.get(self.at)? != 10 {
                    items.push(self.read(depth + 1)?);
                }
                self.at += 1;
                Plain::Array(items)
            }
            9 if w == 9 && depth < MAX_DEPTH => {
                let mut entries = Vec::new();
                while *self.words.get(self.at)? != 10 {
                    let key = self.next().filter(|k| k & 15 == 5)?;
                    let key = self.string((key >> 4) as usize)?;
                    entries.push((key, self.read(depth + 1)?));
                }
                self.at += 1;
                Plain::Object(entries)
            }
            _ => return None,
        })
    }

    /// The next `units` UTF-16 code units of the text: one per character, two for a character of four UTF-8 bytes.
    fn string(&mut self, units: usize) -> Option<String> {
        let bytes = self.text.as_bytes();
        let start = self.cursor;
        let mut end = start;
        let mut n = 0;
        while n < units {
            let b = *bytes.get(end)?;
            let (len, u) = match b {
                0..=0x7F => (1, 1),
                0xC0..=0xDF => (2, 1),
                0xE0..=0xEF => (3, 1),
                _ => (4, 2),
            };
            end += len;
            n += u;
        }
        self.cursor = end;
        if n != units {
            return None;
        }
        self.text.get(start..end).map(str::to_owned)
    }
}

impl<'de> IntoDeserializer<'de, PlainError> for Plain {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Plain {
    type Error = PlainError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Null => v.visit_unit(),
            Plain::Bool(b) => v.visit_bool(b),
            Plain::Number(n) => match Plain::safe_integer(n) {
                Some(i) => v.visit_i64(i),
                None => v.visit_f64(n),
            },
            Plain::Str(s) => v.visit_string(s),
            Plain::BigInt(d) => Plain::big(&d, v),
            Plain::Array(items) => Plain::seq(items, v),
            Plain::Object(entries) => Plain::map(entries, v),
            other @ Plain::Other(_) => other.invalid(v),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Null => v.visit_unit(),
            other => other.invalid(v),
        }
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Bool(b) => v.visit_bool(b),
            other => other.invalid(v),
        }
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_f64(v)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Number(n) => v.visit_f64(n),
            other => other.invalid(v),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_string(v)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Str(s) => v.visit_string(s),
            other => other.invalid(v),
        }
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_string(v)
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match &self {
            Plain::Str(s) if s.chars().count() == 1 => {
                v.visit_char(s.chars().next().unwrap_or_default())
            }
            _ => self.invalid(v),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.signed(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.signed(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.signed(v)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::BigInt(d) => match d.parse::<i64>() {
                Ok(i) => v.visit_i64(i),
                Err(_) => Err(de::Error::custom(
                    "Couldn't deserialize i64 from a BigInt outside i64::MIN..i64::MAX bounds",
                )),
            },
            other => other.signed(v),
        }
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.unsigned(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.unsigned(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.unsigned(v)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::BigInt(d) => match d.parse::<u64>() {
                Ok(u) => v.visit_u64(u),
                Err(_) => Err(de::Error::custom(
                    "Couldn't deserialize u64 from a BigInt outside u64::MIN..u64::MAX bounds",
                )),
            },
            other => other.unsigned(v),
        }
    }
    fn deserialize_i128<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match &self {
            Plain::BigInt(d) => match d.parse::<i128>() {
                Ok(i) => v.visit_i128(i),
                Err(_) => Err(de::Error::custom("a BigInt outside i128 bounds")),
            },
            _ => self.invalid(v),
        }
    }
    fn deserialize_u128<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match &self {
            Plain::BigInt(d) => match d.parse::<u128>() {
                Ok(u) => v.visit_u128(u),
                Err(_) => Err(de::Error::custom("a BigInt outside u128 bounds")),
            },
            _ => self.invalid(v),
        }
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_seq(v)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_seq(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Null => v.visit_none(),
            other => v.visit_some(other),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value> {
        self.deserialize_unit(v)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Array(items) => Plain::seq(items, v),
            other => other.invalid(v),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(v)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Plain::Object(entries) => Plain::map(entries, v),
            other => other.invalid(v),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        self.deserialize_map(v)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        match self {
            Plain::Str(tag) => v.visit_enum(Variant(tag, Plain::Null)),
            Plain::Object(mut entries) if entries.len() == 1 => match entries.pop() {
                Some((tag, payload)) => v.visit_enum(Variant(tag, payload)),
                None => Err(de::Error::invalid_length(0, &"1")),
            },
            Plain::Object(entries) => Err(de::Error::invalid_length(entries.len(), &"1")),
            other => other.invalid(v),
        }
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_unit()
    }
    fn is_human_readable(&self) -> bool {
        true
    }
}

/// An enum's variant and its payload (`null` for a unit variant given as a string).
struct Variant(String, Plain);

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = PlainError;
    type Variant = Plain;
    fn variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Plain)> {
        Ok((seed.deserialize(Plain::Str(self.0))?, self.1))
    }
}

impl<'de> de::VariantAccess<'de> for Plain {
    type Error = PlainError;
    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, v)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, v)
    }
}
