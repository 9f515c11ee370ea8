//! A deserializer that reads every struct as a map of its keys, all the way down, so that a struct's
//! `deny_unknown_fields` sees the keys it does not know, whatever the format (the page's [`crate::plain`] reads structs
//! as maps already; serde-wasm-bindgen, which the tests compare with, looks up a struct's declared fields only, which
//! would let a misspelt key of a JavaScript query (`visit.disease`) pass unseen, where the CLI's JSON reader refuses it
//! with `unknown_field`).

//!
//! It also keeps the path of what it reads (`bill.lines[2].amount`), and so names where the first problem lies as
//! serde_path_to_error does for the CLI's JSON text, without a second wrapper around every reader: that one costs the
//! page's wasm about 20 KB gzipped (measured: 269.2 KB against 248.4 KB without any path).

use crate::error::Error;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use std::cell::RefCell;
use std::fmt;

/// `d`, with every struct below it read as a map.
pub struct Strict<D>(pub D);

struct V<T>(T);
struct Seed<S>(S);
struct Map<A>(A);
struct Seq<A>(A, usize);
struct Enum<A>(A);
struct Variant<A>(A);
struct Key<D>(D);
struct KeyV<T>(T);
struct KeySeed<S>(S);

/// One step of a path: an object's key (or an enum's variant: its text in [`Track::keys`] from this offset), or a
/// list's index.
#[derive(Clone, Copy)]
enum Step {
    Key(usize, usize),
    Index(usize),
}

/// Where the reader is, the key just read, and the path where the first problem was met. The keys' text is kept in
/// two buffers used again from one query to the next (no allocation for each key read).
#[derive(Default)]
struct Track {
    now: Vec<Step>,
    /// The text of the keys in `now`, one after another.
    keys: String,
    /// The key (or variant name) just read.
    key: String,
    failed_at: Option<Vec<Owned>>,
}

/// A step kept after the reader has moved on: the path where the first problem was met.
enum Owned {
    Key(String),
    Index(usize),
}

impl Track {
    fn path(&self) -> Vec<Owned> {
        self.now
            .iter()
            .map(|step| match *step {
                Step::Index(i) => Owned::Index(i),
                Step::Key(at, len) => Owned::Key(self.keys[at..at + len].to_string()),
            })
            .collect()
    }
}

thread_local! {
    static TRACK: RefCell<Track> = RefCell::new(Track::default());
}

/// Reads a `T` from `d` with every struct read as a map; the first problem is a typed error naming its path.
pub fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<T, Error>
where
    D::Error: fmt::Display,
{
    TRACK.with(|t| {
        let mut t = t.borrow_mut();
        t.now.clear();
        t.keys.clear();
        t.key.clear();
        t.failed_at = None;
    });
    let read = T::deserialize(Strict(d));
    read.map_err(|e| {
        let steps = TRACK.with(|t| {
            let mut t = t.borrow_mut();
            t.failed_at.take().unwrap_or_else(|| t.path())
        });
        let path = crate::read::path_of_steps(steps.iter().map(|step| match step {
            Owned::Index(i) => crate::read::Step::Index(*i),
            Owned::Key(k) => crate::read::Step::Key(k),
        }));
        crate::read::classify(path, &e.to_string())
    })
}

/// Steps into `step` for `f`; the path where `f` failed is kept (the first failure, the deepest).
fn within<R, E>(step: Option<usize>, f: impl FnOnce() -> Result<R, E>) -> Result<R, E> {
    TRACK.with(|t| {
        let t = &mut *t.borrow_mut();
        let step = match step {
            Some(i) => Step::Index(i),
            None => {
                let at = t.keys.len();
                t.keys.push_str(&t.key);
                Step::Key(at, t.key.len())
            }
        };
        t.now.push(step);
    });
    let r = f();
    TRACK.with(|t| {
        let mut t = t.borrow_mut();
        if r.is_err() && t.failed_at.is_none() {
            t.failed_at = Some(t.path());
        }
        if let Some(Step::Key(at, _)) = t.now.pop() {
            t.keys.truncate(at);
        }
    });
    r
}

macro_rules! forward {
    ($($m:ident),*) => {$(
        fn $m<W: Visitor<'de>>(self, v: W) -> Result<W::Value, Self::Error> {
            self.0.$m(V(v))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;
    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<W: Visitor<'de>>(
        self,
        name: &'static str,
        v: W,
    ) -> Result<W::Value, D::Error> {
        self.0.deserialize_unit_struct(name, V(v))
    }
    fn deserialize_newtype_struct<W: Visitor<'de>>(
        self,
        name: &'static str,
        v: W,
    ) -> Result<W::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, V(v))
    }
    fn deserialize_tuple<W: Visitor<'de>>(self, len: usize, v: W) -> Result<W::Value, D::Error> {
        self.0.deserialize_tuple(len, V(v))
    }
    fn deserialize_tuple_struct<W: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: W,
    ) -> Result<W::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, V(v))
    }
    /// The point of it all: a struct is read as the map of all its keys.
    fn deserialize_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: W,
    ) -> Result<W::Value, D::Error> {
        self.0.deserialize_map(V(v))
    }
    fn deserialize_enum<W: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: W,
    ) -> Result<W::Value, D::Error> {
        self.0.deserialize_enum(name, variants, V(v))
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($m:ident: $t:ty),*) => {$(
        fn $m<E: de::Error>(self, x: $t) -> Result<Self::Value, E> {
            self.0.$m(x)
        }
    )*};
}

impl<'de, T: Visitor<'de>> Visitor<'de> for V<T> {
    type Value = T::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
    visit!(
        visit_bool: bool, visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64, visit_i128: i128,
        visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u64: u64, visit_u128: u128, visit_f32: f32,
        visit_f64: f64, visit_char: char, visit_str: &str, visit_borrowed_str: &'de str, visit_string: String,
        visit_bytes: &[u8], visit_borrowed_bytes: &'de [u8], visit_byte_buf: Vec<u8>
    );
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Seq(a, 0))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Map(a))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Enum(a))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<A> {
    type Error = A::Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        s: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let i = self.1;
        let r = within(Some(i), || self.0.next_element_seed(Seed(s)));
        self.1 += 1;
        r
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<A> {
    type Error = A::Error;
    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        s: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.0.next_key_seed(KeySeed(s))
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, s: S) -> Result<S::Value, A::Error> {
        // The key just read (`keep_key`) is the value's step.
        within(None, || self.0.next_value_seed(Seed(s)))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;
    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        s: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(KeySeed(s))
            .map(|(v, a)| (v, Variant(a)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, s: S) -> Result<S::Value, A::Error> {
        // The variant's name, just read (`keep_key`), is its payload's step.
        within(None, || self.0.newtype_variant_seed(Seed(s)))
    }
    fn tuple_variant<W: Visitor<'de>>(self, len: usize, v: W) -> Result<W::Value, A::Error> {
        // The variant's name, just read (`keep_key`), is its payload's step.
        within(None, || self.0.tuple_variant(len, V(v)))
    }
    fn struct_variant<W: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: W,
    ) -> Result<W::Value, A::Error> {
        // The variant's name, just read (`keep_key`), is its payload's step.
        within(None, || self.0.struct_variant(fields, V(v)))
    }
}

/// A key (or a variant's name) read through [`Key`], so that it is known when its value is read.
impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Key(d))
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Key<D> {
    type Error = D::Error;
    fn deserialize_any<W: Visitor<'de>>(self, v: W) -> Result<W::Value, D::Error> {
        self.0.deserialize_any(KeyV(v))
    }
    fn deserialize_identifier<W: Visitor<'de>>(self, v: W) -> Result<W::Value, D::Error> {
        self.0.deserialize_identifier(KeyV(v))
    }
    fn deserialize_str<W: Visitor<'de>>(self, v: W) -> Result<W::Value, D::Error> {
        self.0.deserialize_str(KeyV(v))
    }
    fn deserialize_string<W: Visitor<'de>>(self, v: W) -> Result<W::Value, D::Error> {
        self.0.deserialize_string(KeyV(v))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

fn keep_key(k: &str) {
    TRACK.with(|t| {
        let key = &mut t.borrow_mut().key;
        key.clear();
        key.push_str(k);
    });
}

impl<'de, T: Visitor<'de>> Visitor<'de> for KeyV<T> {
    type Value = T::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
    visit!(
        visit_bool: bool, visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64, visit_i128: i128,
        visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u128: u128, visit_f32: f32,
        visit_f64: f64, visit_char: char, visit_bytes: &[u8], visit_borrowed_bytes: &'de [u8], visit_byte_buf: Vec<u8>
    );
    fn visit_str<E: de::Error>(self, x: &str) -> Result<Self::Value, E> {
        keep_key(x);
        self.0.visit_str(x)
    }
    fn visit_borrowed_str<E: de::Error>(self, x: &'de str) -> Result<Self::Value, E> {
        keep_key(x);
        self.0.visit_borrowed_str(x)
    }
    fn visit_string<E: de::Error>(self, x: String) -> Result<Self::Value, E> {
        keep_key(&x);
        self.0.visit_string(x)
    }
    fn visit_u64<E: de::Error>(self, x: u64) -> Result<Self::Value, E> {
        keep_key(&x.to_string());
        self.0.visit_u64(x)
    }
}
