//! The answer's way into JavaScript: a serde data format that writes a value as one flat list of words and one run
//! of text, which a few lines of JavaScript (`from_tape`, inline in src/wasm.rs) turn into the same plain objects,
//! arrays, strings, numbers and `null`s as `serde_wasm_bindgen::Serializer::json_compatible()` makes (and as
//! `JSON.parse` would make of serde_json's text).
//!
//! Why not serde-wasm-bindgen's serializer: it makes every object, key and value with a call across the wasm
//! boundary (about five per field), and an answer has ~500 fields: in Chromium that was ~70 µs of a ~105 µs
//! `estimate()`. Here the whole answer crosses once, as two views of the wasm's memory, the text is decoded by one
//! `TextDecoder` call, and the objects are built by JavaScript on its own side. Measured in the README.
//!
//! The words (`u32`): the low four bits are the tag, the rest a payload.
//! - `NULL`, `FALSE`, `TRUE`; `UINT` (a whole number below 2^28 in the payload); `F64` (any other number: its bits
//!   in the next two words, low word first);
//! - `STR` (a string: the payload is its length in UTF-16 code units; strings follow one another in the text);
//! - `NEW_NAME` (a field's or a variant's name met for the first time in this value: a string as `STR`, which the
//!   reader also keeps, numbered from 0 in order) and `NAME` (a name met before: its number in the payload);
//! - `ARRAY`, `OBJECT` (an object's items alternate key and value), `END`.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
use serde::ser::{self, Serialize};
use std::fmt;

pub const NULL: u32 = 0;
pub const FALSE: u32 = 1;
pub const TRUE: u32 = 2;
pub const UINT: u32 = 3;
pub const F64: u32 = 4;
pub const STR: u32 = 5;
pub const NEW_NAME: u32 = 6;
pub const NAME: u32 = 7;
pub const ARRAY: u32 = 8;
pub const OBJECT: u32 = 9;
pub const END: u32 = 10;

/// The largest payload a word carries (28 bits).
const MAX_PAYLOAD: usize = (1 << 28) - 1;

/// A value written as words and text (see the module's documentation).
#[derive(Default)]
pub struct Tape {
    pub words: Vec<u32>,
    pub text: Vec<u8>,
    /// Names already written in this value, by address and length (a name is a `&'static str`).
    names: FxHashMap<(usize, usize), u32>,
    /// The same, for most names without hashing: a slot per address (a field's name is looked up for every object of
    /// its type, ~250 times an answer). A slot counts only for the value being written (`value`).
    recent: Vec<Recent>,
    /// How many values this tape has written: the current one's number.
    value: u32,
}

#[derive(Clone, Copy, Default)]
struct Recent {
    address: usize,
    len: usize,
    id: u32,
    value: u32,
}

const RECENT_SLOTS: usize = 256;

/// Why a value could not be written: a string too long for a word's payload, or a serializer's own error.
#[derive(Debug)]
pub struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TapeError(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, TapeError>;

/// Length in UTF-16 code units of UTF-8 text: one per character, two for those outside the BMP (four bytes).
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl Tape {
    /// Writes `value`, after clearing what the tape held (its buffers are kept for the next value).
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.words.clear();
        self.text.clear();
        self.names.clear();
        self.value = self.value.wrapping_add(1).max(1);
        if self.recent.is_empty() {
            self.recent = vec![Recent::default(); RECENT_SLOTS];
        }
        value.serialize(&mut *self)
    }

    fn word(&mut self, tag: u32, payload: usize) -> Result {
        if payload > MAX_PAYLOAD {
            return Err(TapeError(format!("{payload} is too long for the tape")));
        }
        // Below 2^28, so the shift keeps every bit.
        self.words.push(((payload as u32) << 4) | tag);
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result {
        self.word(STR, utf16_len(s.as_bytes()))?;
        self.text.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn name(&mut self, s: &'static str) -> Result {
        let address = s.as_ptr() as usize;
        let slot = (address ^ (address >> 8)) % RECENT_SLOTS;
        let recent = self.recent[slot];
        if recent.value == self.value && recent.address == address && recent.len == s.len() {
            return self.word(NAME, recent.id as usize);
        }
        let next = self.names.len();
        let id = *self.names.entry((address, s.len())).or_insert(next as u32);
        self.recent[slot] = Recent {
            address,
            len: s.len(),
            id,
            value: self.value,
        };
        if id as usize == next {
            self.word(NEW_NAME, utf16_len(s.as_bytes()))?;
            self.text.extend_from_slice(s.as_bytes());
            Ok(())
        } else {
            self.word(NAME, id as usize)
        }
    }

    fn f64(&mut self, v: f64) {
        let bits = v.to_bits();
        self.words.push(F64);
        self.words.push(bits as u32);
        self.words.push((bits >> 32) as u32);
    }

    fn uint(&mut self, v: u64) -> Result {
        match usize::try_from(v) {
            Ok(n) if n <= MAX_PAYLOAD => self.word(UINT, n),
            _ => {
                self.f64(v as f64);
                Ok(())
            }
        }
    }

    fn int(&mut self, v: i64) -> Result {
        match u64::try_from(v) {
            Ok(n) => self.uint(n),
            Err(_) => {
                self.f64(v as f64);
                Ok(())
            }
        }
    }

    fn end(&mut self) -> Result {
        self.words.push(END);
        Ok(())
    }

    /// The value read back as serde_json's (for tests: what JavaScript builds from the tape, the same way).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        struct Reader<'t> {
            words: &'t [u32],
            text: &'t str,
            at: usize,
            cursor: usize,
            names: Vec<String>,
        }
        impl Reader<'_> {
            fn string(&mut self, units: usize) -> String {
                let mut out = String::new();
                let mut n = 0;
                for ch in self.text[self.cursor..].chars() {
                    if n >= units {
                        break;
                    }
                    n += ch.len_utf16();
                    out.push(ch);
                }
                self.cursor += out.len();
                out
            }
            fn read(&mut self) -> Value {
                let w = self.words[self.at];
                self.at += 1;
                let payload = (w >> 4) as usize;
                match w & 15 {
                    NULL => Value::Null,
                    FALSE => Value::Bool(false),
                    TRUE => Value::Bool(true),
                    UINT => Value::from(payload as u64),
                    F64 => {
                        let bits = u64::from(self.words[self.at])
                            | (u64::from(self.words[self.at + 1]) << 32);
                        self.at += 2;
                        let v = f64::from_bits(bits);
                        if v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_991.0 {
                            Value::from(v as i64)
                        } else {
                            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
                        }
                    }
                    STR => Value::String(self.string(payload)),
                    NEW_NAME => {
                        let s = self.string(payload);
                        self.names.push(s.clone());
                        Value::String(s)
                    }
                    NAME => Value::String(self.names[payload].clone()),
                    ARRAY => {
                        let mut items = Vec::new();
                        while self.words[self.at] != END {
                            items.push(self.read());
                        }
                        self.at += 1;
                        Value::Array(items)
                    }
                    OBJECT => {
                        let mut map = serde_json::Map::new();
                        while self.words[self.at] != END {
                            let key = match self.read() {
                                Value::String(s) => s,
                                other => other.to_string(),
                            };
                            let value = self.read();
                            map.insert(key, value);
                        }
                        self.at += 1;
                        Value::Object(map)
                    }
                    tag => panic!("tag {tag} is not a tape's"),
                }
            }
        }
        let text = std::str::from_utf8(&self.text).expect("the tape's text is UTF-8");
        Reader {
            words: &self.words,
            text,
            at: 0,
            cursor: 0,
            names: Vec::new(),
        }
        .read()
    }
}

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Variant<'a>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Variant<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.words.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.uint(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.uint(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.uint(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.uint(v)
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.f64(v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.f64(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    /// Straight into the text (an amount's digits, a date), without a `String` of its own.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        struct Text<'t>(&'t mut Vec<u8>);
        impl fmt::Write for Text<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0.extend_from_slice(s.as_bytes());
                Ok(())
            }
        }
        let start = self.text.len();
        fmt::write(&mut Text(&mut self.text), format_args!("{value}"))
            .map_err(|e| TapeError(e.to_string()))?;
        let units = utf16_len(&self.text[start..]);
        self.word(STR, units)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.words.push(ARRAY);
        for &b in v {
            self.uint(b.into())?;
        }
        self.end()
    }
    fn serialize_none(self) -> Result {
        self.words.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.words.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.words.push(NULL);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.name(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.words.push(OBJECT);
        self.name(variant)?;
        value.serialize(&mut *self)?;
        self.end()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self> {
        self.words.push(ARRAY);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self> {
        self.words.push(ARRAY);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _len: usize) -> Result<Self> {
        self.words.push(ARRAY);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a>> {
        self.words.push(OBJECT);
        self.name(variant)?;
        self.words.push(ARRAY);
        Ok(Variant(self))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self> {
        self.words.push(OBJECT);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Self> {
        self.words.push(OBJECT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a>> {
        self.words.push(OBJECT);
        self.name(variant)?;
        self.words.push(OBJECT);
        Ok(Variant(self))
    }
}

/// An array's parts, one after another, then its end: serde's three kinds of list differ in name only.
macro_rules! list {
    ($($kind:ident :: $part:ident),*) => {$(
        impl ser::$kind for &mut Tape {
            type Ok = ();
            type Error = TapeError;
            fn $part<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                Tape::end(self)
            }
        }
    )*};
}

list!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeMap for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        Tape::end(self)
    }
}

impl ser::SerializeStruct for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.name(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        Tape::end(self)
    }
}

/// A variant with a payload of several parts, `{variant: [..]}` or `{variant: {..}}`: two ends.
pub struct Variant<'a>(&'a mut Tape);

impl ser::SerializeTupleVariant for Variant<'_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.0)
    }
    fn end(self) -> Result {
        self.0.end()?;
        self.0.end()
    }
}

impl ser::SerializeStructVariant for Variant<'_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.0.name(key)?;
        value.serialize(&mut *self.0)
    }
    fn end(self) -> Result {
        self.0.end()?;
        self.0.end()
    }
}
