//! A deserializer that reads every struct as a map of its keys, all the way down, so that a struct's
//! `deny_unknown_fields` sees the keys it does not know. serde-wasm-bindgen reads a struct by looking up its declared
//! fields only, which would let a misspelt key of a JavaScript query (`visit.disease`) pass unseen, where the CLI's
//! JSON reader refuses it with `unknown_field`.

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use std::fmt;

/// `d`, with every struct below it read as a map.
pub struct Strict<D>(pub D);

struct V<T>(T);
struct Seed<S>(S);
struct Map<A>(A);
struct Seq<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);

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
        self.0.visit_seq(Seq(a))
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
        self.0.next_element_seed(Seed(s))
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
        self.0.next_key_seed(s)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, s: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Seed(s))
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
        self.0.variant_seed(s).map(|(v, a)| (v, Variant(a)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, s: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(s))
    }
    fn tuple_variant<W: Visitor<'de>>(self, len: usize, v: W) -> Result<W::Value, A::Error> {
        self.0.tuple_variant(len, V(v))
    }
    fn struct_variant<W: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: W,
    ) -> Result<W::Value, A::Error> {
        self.0.struct_variant(fields, V(v))
    }
}
