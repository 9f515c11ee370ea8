//! Money and rates: `rust_decimal` everywhere, never `f64`.
//!
//! Amounts are rounded to the fen (0.01 yuan) half-up, once per computed amount (examples.md: "Rounding: to 0.01,
//! half-up, once per computed amount"). On the wire, amounts and rates are decimal strings; numbers are accepted on
//! input and read through their decimal text, so `0.1` is exactly 0.1 (see `read`).

use crate::error::ErrorCode;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;

/// An amount in yuan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

/// A share between 0 and 1 (a ratio, a pre-payment rate, a cut in percentage points as a fraction).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(pub Decimal);

pub const ZERO: Money = Money(Decimal::ZERO);

/// The largest amount read anywhere (a query, a policies file): ten billion yuan, far above any real bill.
///
/// Every amount is bounded so where it is read ([`Money::check`]), and a bill's lines are summed with a check against
/// [`MAX_BILL`]; every other amount the slip computes is a part of the bill, a rate times one, or a figure read. So no
/// sum or product of amounts can leave `Decimal`'s range (about 7.9e28) or lose its cents, and `+`, `-` and `×` on
/// money need no overflow path.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0);

/// The largest bill, as the sum of its lines: a hundred times [`MAX_AMOUNT`].
pub const MAX_BILL: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

impl Money {
    /// An amount as read: not negative, at most [`MAX_AMOUNT`], and at most two decimals once trailing zeros are dropped
    /// (`12.50` is fine, `800.005` is not). The error code says which rule failed.
    pub fn check(self) -> Result<Money, ErrorCode> {
        if self.is_negative() {
            Err(ErrorCode::NegativeAmount)
        } else if self.0 > MAX_AMOUNT || self.0.normalize().scale() > 2 {
            Err(ErrorCode::InvalidAmount)
        } else {
            // Written with extra zeros (12.500): held to the fen, as it is shown (12.50).
            let mut d = self.0.normalize();
            d.rescale(2);
            Ok(Money(d))
        }
    }

    /// The sum, or `None` past [`MAX_BILL`].
    pub fn checked_add(self, o: Money) -> Option<Money> {
        self.0
            .checked_add(o.0)
            .filter(|s| s.abs() <= MAX_BILL)
            .map(Money)
    }

    /// Rounds to the fen, half-up (away from zero on .5; amounts are never negative).
    pub fn round(self) -> Money {
        Money(
            self.0
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        )
    }
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
    pub fn max0(self) -> Money {
        if self.is_negative() {
            ZERO
        } else {
            self
        }
    }
    pub fn min(self, other: Money) -> Money {
        if self <= other {
            self
        } else {
            other
        }
    }
    pub fn times(self, r: Rate) -> Money {
        Money(self.0 * r.0)
    }
    pub fn yuan(v: i64) -> Money {
        Money(Decimal::from(v))
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(ZERO, |a, b| a + b)
    }
}

impl Rate {
    pub const ZERO: Rate = Rate(Decimal::ZERO);
    pub const ONE: Rate = Rate(Decimal::ONE);
    pub fn is_valid(self) -> bool {
        self.0 >= Decimal::ZERO && self.0 <= Decimal::ONE
    }
    /// Clamps into 0..=1 (a ratio cut below zero pays nothing, never a negative amount).
    pub fn clamp01(self) -> Rate {
        Rate(self.0.max(Decimal::ZERO).min(Decimal::ONE))
    }
}

/// Digits of a non-negative decimal `m × 10^-scale` with `scale` decimals (`1704960`, 2 → `17049.60`), written into
/// a stack buffer: an estimate formats a few dozen amounts, and rust_decimal's general formatter is several times
/// slower. `None` when it does not fit in 64 bits (never for an amount this crate reads: the caller then falls back to
/// rust_decimal's).
fn fixed_digits(m: u128, scale: u32, buf: &mut [u8; 48]) -> Option<&str> {
    // Amounts fit in 64 bits: a division by ten is then a multiplication, not a 128-bit division call.
    let mut m = u64::try_from(m).ok()?;
    let mut i = buf.len();
    let mut written = 0u32;
    loop {
        if written == scale && scale > 0 {
            i = i.checked_sub(1)?;
            *buf.get_mut(i)? = b'.';
        }
        i = i.checked_sub(1)?;
        *buf.get_mut(i)? = b'0' + (m % 10) as u8;
        m /= 10;
        written += 1;
        if m == 0 && written > scale {
            break;
        }
    }
    std::str::from_utf8(buf.get(i..)?).ok()
}

/// Whether a formatter asks for nothing but the value (no width, precision or flags): the fast paths below.
fn plain(f: &fmt::Formatter<'_>) -> bool {
    f.width().is_none() && f.precision().is_none() && !f.sign_plus() && !f.alternate()
}

/// Money shown with two decimals: `17049.60`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = self.0.scale();
        if scale <= 2 && plain(f) {
            let m = self.0.mantissa().unsigned_abs() * 10u128.pow(2 - scale);
            let mut buf = [0u8; 48];
            if let Some(digits) = fixed_digits(m, 2, &mut buf) {
                if self.0.is_sign_negative() {
                    f.write_str("-")?;
                }
                return f.write_str(digits);
            }
        }
        let mut d = self.0;
        d.rescale(2.max(d.scale()));
        if d.scale() > 2 {
            // Unrounded intermediate values keep their digits, trailing zeros trimmed.
            return write!(f, "{}", d.normalize());
        }
        write!(f, "{d}")
    }
}

/// A rate shown as a percentage: `88.8%`.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_sign_negative() && plain(f) {
            // × 100, then trailing zeros dropped (normalize).
            let (mut m, mut scale) = (self.0.mantissa().unsigned_abs(), self.0.scale());
            if scale >= 2 {
                scale -= 2;
            } else {
                m *= 10u128.pow(2 - scale);
                scale = 0;
            }
            while scale > 0 && m % 10 == 0 {
                m /= 10;
                scale -= 1;
            }
            let mut buf = [0u8; 48];
            if let Some(digits) = fixed_digits(m, scale, &mut buf) {
                f.write_str(digits)?;
                return f.write_str("%");
            }
        }
        write!(f, "{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.to_string())
        } else {
            // The baked policies (postcard): the decimal exactly as read, scale included.
            s.serialize_str(&self.0.to_string())
        }
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.0.normalize().to_string())
        } else {
            s.serialize_str(&self.0.to_string())
        }
    }
}

/// Dates are `YYYY-MM-DD`; an impossible date (2025-02-30) is a typed error, not a crash.
pub mod date {
    use chrono::NaiveDate;
    use serde::Serializer;

    /// The years a date may have: no rule of this scheme is older, and a year like `0000` or `9999` is a typo.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

    /// Parses `YYYY-MM-DD` by hand: chrono's format-string parser would add its whole machinery to the wasm.
    pub fn parse(s: &str) -> Option<NaiveDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|t| t.parse::<u32>().ok())
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
    }

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*d))
    }

    /// `YYYY-MM-DD`, as `Display` writes it, without chrono's general formatting machinery (a source's date is
    /// written for every source an estimate cites).
    pub fn format(d: NaiveDate) -> String {
        use chrono::Datelike;
        let (y, m, day) = (d.year(), d.month(), d.day());
        if !(0..=9999).contains(&y) {
            return d.to_string();
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let y = y as u32;
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        String::from_utf8(text.to_vec()).unwrap_or_else(|_| d.to_string())
    }

    pub use super::read_date as deserialize;

    /// Marker type for the JSON Schema of a date (`YYYY-MM-DD`).
    #[cfg(feature = "schema")]
    pub struct Schema;

    pub mod option {
        use chrono::NaiveDate;
        use serde::Serializer;

        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&super::format(*d)),
                None => s.serialize_none(),
            }
        }

        pub use super::super::read_date_opt as deserialize;
    }
}

/// JSON Schema of the wire forms (feature `schema`: native tooling that writes www/policies.schema.json; never in the
/// wasm). Amounts and rates are decimal strings or numbers, dates `YYYY-MM-DD`.
#[cfg(feature = "schema")]
mod schema {
    use super::{date, Money, Rate};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for Money {
        fn schema_name() -> Cow<'static, str> {
            "Money".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "An amount in yuan: a decimal string such as \"1234.56\" (preferred), or a number.",
                "anyOf": [
                    {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
                    {"type": "number", "minimum": 0}
                ]
            })
        }
    }

    impl JsonSchema for Rate {
        fn schema_name() -> Cow<'static, str> {
            "Rate".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A share between 0 and 1 (0.9 = 90%; a cut of 10 percentage points is 0.1): a decimal string such as \"0.9\" (preferred), or a number.",
                "anyOf": [
                    {"type": "string", "pattern": "^(0(\\.[0-9]+)?|1(\\.0+)?)$"},
                    {"type": "number", "minimum": 0, "maximum": 1}
                ]
            })
        }
    }

    impl JsonSchema for date::Schema {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            "Date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "format": "date",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading amounts, rates and dates (serde): through their text, with the error code of each kind of problem. The
// rest of reading (paths, codes of serde's own messages) is in `read`.
// ---------------------------------------------------------------------------------------------------------------

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The prefix of a message that carries an error code from a reader of this crate (`yidi:invalid_amount`).
pub const CODE: &str = "yidi:";

pub fn coded<E: de::Error>(code: ErrorCode) -> E {
    E::custom(format_args!("{CODE}{}", code.as_str()))
}

/// A decimal from its text: digits with an optional sign and point, nothing else (no exponent, no separators), at
/// most 28 digits; surrounding spaces are allowed in a string.
pub fn decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = int.len() + frac.len();
    if digits == 0 || digits > 28 || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
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

/// A JSON number's text: a decimal, or one with an exponent (`0.1e1`, `300e-2`, `1E5`) read exactly, as long as the
/// value has at most 28 digits after the point and fits a decimal; otherwise `None`.
pub fn json_number(text: &str) -> Option<Decimal> {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return decimal(text);
    };
    let mantissa = decimal(mantissa)?;
    let exponent: i32 = exponent
        .strip_prefix('+')
        .unwrap_or(exponent)
        .parse()
        .ok()?;
    if !(-28..=28).contains(&exponent) {
        return (mantissa.is_zero()).then_some(Decimal::ZERO);
    }
    let scale = i64::from(mantissa.scale()) - i64::from(exponent);
    if scale >= 0 {
        let mut d = mantissa;
        d.set_scale(u32::try_from(scale).ok()?).ok()?;
        Some(d)
    } else {
        let factor = Decimal::from_i128_with_scale(10i128.pow(u32::try_from(-scale).ok()?), 0);
        let mut d = mantissa;
        d.set_scale(0).ok()?;
        d.checked_mul(factor)
    }
}

/// serde_json's token for a number kept as its text (feature `arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Visits a decimal given as a string, a JSON number (its text, or an integer / a float through its shortest decimal
/// form: a JavaScript number 0.1 reads as 0.1); anything else, or text that is not a plain decimal, is `None`.
pub(crate) struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Option<Decimal>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number or string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(decimal(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Rust prints a float's shortest round-trip decimal, never with an exponent; NaN and inf are not decimals.
        Ok(decimal(&v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // A JSON number read with `arbitrary_precision` arrives as a one-entry map holding its text.
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                found = json_number(&text);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// A value as JSON or a JavaScript value gives it (whatever kind it came as, for `visitor` to judge), or as the baked
/// policies hold amounts, rates and dates: text (postcard, a format that is not self-describing, must be told which
/// kind to read).
fn any_or_text<'de, D: Deserializer<'de>, V: Visitor<'de>>(
    d: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    if d.is_human_readable() {
        d.deserialize_any(visitor)
    } else {
        d.deserialize_str(visitor)
    }
}

/// An amount within [`Money::check`]'s bounds; a negative one is `negative_amount`, anything else out of bounds (too
/// large, more than two decimals) or not a decimal `invalid_amount`.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        match any_or_text(d, DecimalVisitor)? {
            Some(v) => Money(v).check().map_err(coded),
            None => Err(coded(ErrorCode::InvalidAmount)),
        }
    }
}

/// A share between 0 and 1, else `invalid_rate`.
impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        any_or_text(d, DecimalVisitor)?
            .map(Rate)
            .filter(|r| r.is_valid())
            .ok_or_else(|| coded(ErrorCode::InvalidRate))
    }
}

/// A date `YYYY-MM-DD` within the sane years ([`date::parse`]), else `invalid_date`.
pub fn read_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date YYYY-MM-DD")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(date::parse(v))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
            while s.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            while m.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    any_or_text(d, V)?.ok_or_else(|| coded(ErrorCode::InvalidDate))
}

/// An optional date: `null` or absent is `None`.
pub fn read_date_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "read_date")] NaiveDate);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_with_an_exponent_read_exactly() {
        let d = |t: &str| json_number(t).map(|d| d.normalize().to_string());
        assert_eq!(d("0.1e1").as_deref(), Some("1"));
        assert_eq!(d("300e-2").as_deref(), Some("3"));
        assert_eq!(d("1.5E3").as_deref(), Some("1500"));
        assert_eq!(d("12345e+2").as_deref(), Some("1234500"));
        assert_eq!(d("-2.5e-1").as_deref(), Some("-0.25"));
        assert_eq!(d("1e28").as_deref(), Some("10000000000000000000000000000"));
        assert_eq!(d("0e999").as_deref(), Some("0"));
        for bad in [
            "1e29",
            "9e28",
            "1e-29",
            "1e",
            "e5",
            "1e5.5",
            "1e99999999999",
            "1ee2",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
    use std::str::FromStr;

    /// The fast paths of `Display` write what rust_decimal's formatter writes.
    #[test]
    fn display_is_decimal_display() {
        let slow_money = |d: Decimal| {
            let mut d = d;
            d.rescale(2.max(d.scale()));
            if d.scale() > 2 {
                d.normalize().to_string()
            } else {
                d.to_string()
            }
        };
        let slow_rate = |d: Decimal| format!("{}%", (d * Decimal::ONE_HUNDRED).normalize());
        let texts = [
            "0",
            "0.0",
            "0.00",
            "0.000",
            "-0",
            "-0.00",
            "0.01",
            "0.1",
            "1",
            "10",
            "12.5",
            "12.50",
            "800.005",
            "17049.60",
            "17049.6",
            "99999999.99",
            "10000000000",
            "1000000000000.00",
            "-3.5",
            "-0.01",
            "0.888",
            "0.9",
            "1.000",
            "0.05",
            "0.123456789",
            "100",
            "240000",
            "3.14159265358979",
        ];
        for t in texts {
            let d = Decimal::from_str(t).unwrap();
            assert_eq!(Money(d).to_string(), slow_money(d), "money {t}");
            assert_eq!(Rate(d).to_string(), slow_rate(d), "rate {t}");
            let sum = d + Decimal::from_str("0.10").unwrap();
            assert_eq!(Money(sum).to_string(), slow_money(sum), "money {t} + 0.10");
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (1990, 1, 1),
            (2025, 3, 1),
            (2024, 12, 31),
            (2100, 2, 28),
            (999, 7, 4),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date::format(date), date.to_string());
        }
    }

    #[test]
    fn rounds_half_up_to_the_fen() {
        let cases = [
            ("3.177", "3.18"),
            ("48.888", "48.89"),
            ("0.005", "0.01"),
            ("0.004", "0.00"),
            ("2.5", "2.50"),
        ];
        for (raw, want) in cases {
            let m = Money(Decimal::from_str(raw).unwrap()).round();
            assert_eq!(m.to_string(), want, "{raw}");
        }
    }

    #[test]
    fn amounts_are_bounded_where_they_are_read() {
        let m = |t: &str| Money(Decimal::from_str(t).unwrap());
        assert_eq!(MAX_AMOUNT, Decimal::from(10_000_000_000i64));
        assert_eq!(MAX_BILL, Decimal::from(1_000_000_000_000i64));
        for ok in ["0", "12.50", "12.500", "10000000000", "10000000000.00"] {
            assert_eq!(m(ok).check(), Ok(m(ok)), "{ok}");
        }
        let cases = [
            ("-0.01", ErrorCode::NegativeAmount),
            ("800.005", ErrorCode::InvalidAmount),
            ("10000000000.01", ErrorCode::InvalidAmount),
            ("9999999999999999999999999999", ErrorCode::InvalidAmount),
        ];
        for (bad, code) in cases {
            assert_eq!(m(bad).check(), Err(code), "{bad}");
        }
        assert_eq!(
            m("999999999999").checked_add(m("1")),
            Some(m("1000000000000"))
        );
        assert_eq!(m("1000000000000").checked_add(m("0.01")), None);
    }

    #[test]
    fn dates_outside_the_sane_years_are_refused() {
        for bad in [
            "0000-01-01",
            "1989-12-31",
            "2101-01-01",
            "9999-12-31",
            "2025-02-30",
        ] {
            assert_eq!(date::parse(bad), None, "{bad}");
        }
        assert!(date::parse("1990-01-01").is_some());
        assert!(date::parse("2100-12-31").is_some());
    }
}
