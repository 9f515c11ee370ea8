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
//! - `KEEP` (a string as `STR`, which the reader also keeps, numbered from 0 in the order kept) and `KEPT` (a string
//!   kept before: its number in the payload);
//! - `ARRAY`, `OBJECT` (an object's items alternate key and value), `END`;
//! - `SHARE` (the value that follows is one several parts of this value share: the reader keeps what it builds,
//!   numbered from 0 in the order shared) and `SHARED_AGAIN` (a value shared before in this value: its number in the
//!   payload; the reader gives the same object again). A type marks itself shared by serializing as a newtype struct
//!   named [`SHARED`] (every other format writes it as its content): a source an answer cites on a dozen lines is
//!   written and built once.
//!
//! The strings kept last from one value to the next, on both sides: an answer's words, names and most of its amounts
//! are those of the answer before (the page asks again at each keystroke), so they cross and are decoded once, not at
//! every call. At most [`KEEP_AT_MOST`] are kept; when that many are, the next value starts afresh
//! ([`Tape::fresh`]: the reader forgets what it kept), and so does the value after one that could not be written.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
use serde::ser::{self, Serialize};
use std::fmt;

pub const NULL: u32 = 0;
pub const FALSE: u32 = 1;
pub const TRUE: u32 = 2;
pub const UINT: u32 = 3;
pub const F64: u32 = 4;
pub const STR: u32 = 5;
pub const KEEP: u32 = 6;
pub const KEPT: u32 = 7;
pub const ARRAY: u32 = 8;
pub const OBJECT: u32 = 9;
pub const END: u32 = 10;
pub const SHARE: u32 = 11;
pub const SHARED_AGAIN: u32 = 12;

/// The name of the newtype struct a value several parts of one answer share serializes as (see the module's
/// documentation): the tape knows it by its address, the same for every part that shares it.
pub const SHARED: &str = "yidi::tape::SHARED";

/// The largest payload a word carries (28 bits).
const MAX_PAYLOAD: usize = (1 << 28) - 1;

/// How many strings the two sides keep at most (a few hundred answers' worth of changing amounts; ~0.5 MB at most).
pub const KEEP_AT_MOST: usize = 8192;

/// A value written as words and text (see the module's documentation).
pub struct Tape {
    pub words: Vec<u32>,
    pub text: Vec<u8>,
    /// Whether the reader must forget the strings it kept before reading this value.
    pub fresh: bool,
    /// The strings the reader keeps, and their numbers.
    kept: FxHashMap<Box<str>, u32>,
    /// How many strings may be kept (`KEEP_AT_MOST`, fewer in tests).
    keep_at_most: usize,
    /// Most names without hashing: a slot per address (a field's name is a `&'static str`, looked up for every
    /// object of its type, ~250 times an answer). A slot counts only while the kept strings are the same
    /// (`generation`).
    recent: Vec<Recent>,
    generation: u32,
    /// An amount's or a date's text, written here before it is looked up.
    scratch: String,
    /// The shared values written in this value (by address), and their numbers.
    shared: FxHashMap<usize, u32>,
}

impl Default for Tape {
    fn default() -> Self {
        Tape::keeping(KEEP_AT_MOST)
    }
}

#[derive(Clone, Copy, Default)]
struct Recent {
    address: usize,
    len: usize,
    id: u32,
    generation: u32,
}

const RECENT_SLOTS: usize = 256;

/// Why a value could not cross the boundary, either way: serde's message (a string too long for a word's payload, a
/// serializer's own error, a value that does not read). The tape (out) and [`crate::plain`] (in) share it.
#[derive(Debug)]
pub struct WireError(pub(crate) String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

impl ser::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WireError(msg.to_string())
    }
}

impl serde::de::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WireError(msg.to_string())
    }
}

/// Why a value could not be written.
pub type TapeError = WireError;

type Result<T = ()> = std::result::Result<T, TapeError>;

/// Length in UTF-16 code units of UTF-8 text: one per character, two for those outside the BMP (four bytes).
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl Tape {
    /// A tape whose two sides keep at most `n` strings.
    pub fn keeping(n: usize) -> Tape {
        Tape {
            words: Vec::new(),
            text: Vec::new(),
            fresh: true,
            kept: FxHashMap::default(),
            keep_at_most: n,
            recent: vec![Recent::default(); RECENT_SLOTS],
            generation: 1,
            scratch: String::new(),
            shared: FxHashMap::default(),
        }
    }

    /// Writes `value`, after clearing what the tape held (its buffers are kept for the next value).
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.words.clear();
        self.text.clear();
        self.shared.clear();
        if self.kept.len() >= self.keep_at_most {
            self.forget();
        }
        self.fresh = self.kept.is_empty();
        let written = value.serialize(&mut *self);
        if written.is_err() {
            // The reader never sees this value, nor the strings it would have kept: start afresh next time.
            self.forget();
        }
        written
    }

    fn forget(&mut self) {
        self.kept.clear();
        self.generation = self.generation.wrapping_add(1).max(1);
    }

    fn word(&mut self, tag: u32, payload: usize) -> Result {
        if payload > MAX_PAYLOAD {
            return Err(WireError(format!("{payload} is too long for the tape")));
        }
        // Below 2^28, so the shift keeps every bit.
        self.words.push(((payload as u32) << 4) | tag);
        Ok(())
    }

    /// A string: its number if the reader kept it, else its text (kept, while there is room). Returns its number.
    fn string(&mut self, s: &str) -> Result<Option<u32>> {
        if let Some(&id) = self.kept.get(s) {
            self.word(KEPT, id as usize)?;
            return Ok(Some(id));
        }
        let units = utf16_len(s.as_bytes());
        let id = if self.kept.len() < self.keep_at_most {
            self.word(KEEP, units)?;
            let id = self.kept.len() as u32;
            self.kept.insert(s.into(), id);
            Some(id)
        } else {
            self.word(STR, units)?;
            None
        };
        self.text.extend_from_slice(s.as_bytes());
        Ok(id)
    }

    fn name(&mut self, s: &'static str) -> Result {
        let address = s.as_ptr() as usize;
        let slot = (address ^ (address >> 8)) % RECENT_SLOTS;
        let recent = self.recent[slot];
        if recent.generation == self.generation
            && recent.address == address
            && recent.len == s.len()
        {
            return self.word(KEPT, recent.id as usize);
        }
        if let Some(id) = self.string(s)? {
            self.recent[slot] = Recent {
                address,
                len: s.len(),
                id,
                generation: self.generation,
            };
        }
        Ok(())
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

    /// The value read back as serde_json's (for tests: what JavaScript builds from the tape, the same way), with
    /// `kept`, the reader's strings, carried from one value to the next as the JavaScript reader carries them.
    pub fn to_json(&self, kept: &mut Vec<String>) -> serde_json::Value {
        use serde_json::Value;
        struct Reader<'t> {
            words: &'t [u32],
            text: &'t str,
            at: usize,
            cursor: usize,
            kept: &'t mut Vec<String>,
            shared: Vec<Value>,
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
                    KEEP => {
                        let s = self.string(payload);
                        self.kept.push(s.clone());
                        Value::String(s)
                    }
                    KEPT => Value::String(self.kept[payload].clone()),
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
                    SHARE => {
                        let n = self.shared.len();
                        self.shared.push(Value::Null);
                        let v = self.read();
                        self.shared[n] = v.clone();
                        v
                    }
                    SHARED_AGAIN => self.shared[payload].clone(),
                    tag => panic!("tag {tag} is not a tape's"),
                }
            }
        }
        if self.fresh {
            kept.clear();
        }
        let text = std::str::from_utf8(&self.text).expect("the tape's text is UTF-8");
        Reader {
            words: &self.words,
            text,
            at: 0,
            cursor: 0,
            kept,
            shared: Vec::new(),
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
        self.string(v.encode_utf8(&mut [0; 4])).map(drop)
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v).map(drop)
    }
    /// An amount's digits, a date: written into a buffer the tape keeps, without a `String` of their own.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let written = fmt::write(&mut text, format_args!("{value}"))
            .map_err(|e| WireError(e.to_string()))
            .and_then(|()| self.string(&text).map(drop));
        self.scratch = text;
        written
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
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Result {
        if name == SHARED {
            let address = (v as *const T).cast::<u8>() as usize;
            if let Some(&n) = self.shared.get(&address) {
                return self.word(SHARED_AGAIN, n as usize);
            }
            let n = self.shared.len() as u32;
            self.shared.insert(address, n);
            self.words.push(SHARE);
        }
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
