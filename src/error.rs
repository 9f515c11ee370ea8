//! Typed errors: a stable code, the path of the field at fault, and a message in Chinese with English alongside.
//! The core never panics on input; every failure a user can cause is one of these.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A message's text: a literal as it is, or text worked out for this answer (a literal is not copied).
pub type Text = Cow<'static, str>;

/// A message in Simplified Chinese, Traditional Chinese and English; serialized in the language the query asked for
/// (`locale`) only, or in all three when it asked for none.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Message {
    #[cfg_attr(feature = "schema", ts(as = "Option<String>", optional))]
    pub zh: Text,
    #[cfg_attr(feature = "schema", ts(as = "Option<String>", optional))]
    pub zh_hant: Text,
    #[cfg_attr(feature = "schema", ts(as = "Option<String>", optional))]
    pub en: Text,
}

impl Message {
    /// The Traditional text is made only when it can be asked for (no locale, or `zh-Hant`); the Simplified text is
    /// kept in every case, as the words rules compare.
    pub fn new(zh: impl Into<Text>, en: impl Into<Text>) -> Message {
        Message::of(zh.into(), en.into())
    }

    /// [`Message::new`] without its conversions: one copy of the code for every caller.
    #[inline(never)]
    fn of(zh: Text, en: Text) -> Message {
        let zh_hant = match output_locale() {
            Some(Locale::ZhHans | Locale::En) => Text::Borrowed(""),
            Some(Locale::ZhHant) | None => match &zh {
                Cow::Borrowed(literal) => Cow::Borrowed(hant_of_literal(literal)),
                Cow::Owned(text) => Cow::Owned(to_hant(text)),
            },
        };
        Message { zh_hant, zh, en }
    }

    /// As [`Message::new`], with the English text made only when the answer may show it (no locale, or `en`): the
    /// Simplified text is made in every case, the Traditional from it as `new` does.
    pub fn lazy<E: Into<Text>>(zh: impl Into<Text>, en: impl FnOnce() -> E) -> Message {
        let en = if english_wanted() {
            en().into()
        } else {
            Text::Borrowed("")
        };
        Message::of(zh.into(), en)
    }

    /// The text in the answer's language (Simplified Chinese when none was asked for).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match output_locale() {
            Some(Locale::En) => self.en.as_ref().into(),
            Some(Locale::ZhHant) if self.zh_hant.is_empty() => to_hant(&self.zh).into(),
            Some(Locale::ZhHant) => self.zh_hant.as_ref().into(),
            Some(Locale::ZhHans) | None => self.zh.as_ref().into(),
        }
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match output_locale() {
            None => {
                let mut st = s.serialize_struct("Message", 3)?;
                st.serialize_field("zh", &self.zh)?;
                st.serialize_field("zh_hant", &self.zh_hant)?;
                st.serialize_field("en", &self.en)?;
                st.end()
            }
            Some(l) => {
                let mut st = s.serialize_struct("Message", 1)?;
                let key = match l {
                    Locale::ZhHans => "zh",
                    Locale::ZhHant => "zh_hant",
                    Locale::En => "en",
                };
                st.serialize_field(key, &self.text())?;
                st.end()
            }
        }
    }
}

/// The language an answer is given in (`locale` in the query): every message of the answer then carries that
/// language only (`zh`, `zh_hant` or `en`), and the Traditional text is made only when asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum Locale {
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// A language given as an argument of its own (the JavaScript API's `linesFromTotals(bill, locale)`), read by its
    /// wire name: none when absent or empty; one the core does not speak is the caller's error, `invalid_value` at
    /// `locale`, not a reason to answer in another language.
    pub fn from_argument(text: Option<&str>) -> Result<Option<Locale>> {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return Ok(None);
        };
        let words = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text);
        <Locale as serde::Deserialize>::deserialize(words)
            .map(Some)
            .map_err(|_| Error::at(ErrorCode::InvalidValue, "locale"))
    }
}

thread_local! {
    static OUTPUT: std::cell::Cell<Option<Locale>> = const { std::cell::Cell::new(None) };
}

/// Whether an answer may show English (no locale, or `en`).
#[inline(never)]
fn english_wanted() -> bool {
    matches!(output_locale(), Some(Locale::En) | None)
}

fn output_locale() -> Option<Locale> {
    OUTPUT.with(|c| c.get())
}

/// Runs `f` (a core call and the writing out of its answer) with messages made and written in `locale` only (all
/// three languages when `None`); the setting before is restored afterwards.
pub fn in_locale<R>(locale: Option<Locale>, f: impl FnOnce() -> R) -> R {
    let before = OUTPUT.with(|c| c.replace(locale));
    let out = f();
    OUTPUT.with(|c| c.set(before));
    out
}

/// A source's title as an answer writes it: in Traditional characters when the answer is asked for in `zh-Hant` (a
/// 繁體 page showed its sources in Simplified), as on file otherwise (a document's title is its own name; no English
/// is made up for it).
pub fn title_in_locale<S: serde::Serializer>(
    title: &str,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    if output_locale() == Some(Locale::ZhHant) {
        s.serialize_str(&to_hant(title))
    } else {
        s.serialize_str(title)
    }
}

/// A clause of an English sentence set inside another ("…, but only for those who …"; a list entry in a sentence).
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_ascii_lowercase().to_string() + c.as_str()
    })
}

/// Simplified → Traditional Chinese with the generated OpenCC table: known phrases first, then character by character.
///
/// Every character the table changes is a three-byte character of U+4000–U+9FFF, so text without such characters (a
/// formula of figures) is copied as it is, and other text is copied in runs between the characters that change. The conversions of recent texts are remembered ([`Memo`]): most messages
/// are the same words estimate after estimate.
pub fn to_hant(s: &str) -> String {
    let Some(first) = s.bytes().position(is_cjk_lead) else {
        return s.to_string();
    };
    MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        if let Some(hit) = memo.get(s) {
            return hit.to_string();
        }
        let converted = convert(s, first);
        memo.put(s, &converted);
        converted
    })
}

/// The Traditional form of a literal of the code, converted once and kept for the life of the program: literals are a
/// few hundred, so what is kept is bounded (text worked out at run time goes through [`to_hant`] and its memo).
fn hant_of_literal(s: &'static str) -> &'static str {
    if !s.bytes().any(is_cjk_lead) {
        return s;
    }
    LITERALS.with(|m| {
        let mut m = m.borrow_mut();
        let key = (s.as_ptr() as usize, s.len());
        if let Some(hit) = m.get(&key) {
            return *hit;
        }
        let converted: &'static str = Box::leak(to_hant(s).into_boxed_str());
        m.insert(key, converted);
        converted
    })
}

thread_local! {
    static LITERALS: std::cell::RefCell<std::collections::HashMap<(usize, usize), &'static str, rustc_hash::FxBuildHasher>> =
        std::cell::RefCell::new(std::collections::HashMap::default());
}

/// The lead byte of a three-byte UTF-8 character in U+4000–U+9FFF.
fn is_cjk_lead(b: u8) -> bool {
    (0xE4..=0xE9).contains(&b)
}

/// The first character of each phrase (its code point), in the table's order.
const PHRASE_HEADS: [u32; crate::hant::PHRASES.len()] = {
    let p = crate::hant::PHRASES;
    let mut out = [0u32; crate::hant::PHRASES.len()];
    let mut k = 0;
    while k < p.len() {
        let b = p[k].0.as_bytes();
        out[k] = ((b[0] as u32 & 0x0F) << 12) | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F);
        k += 1;
    }
    out
};

/// The phrases' first characters as a 256-bit filter on the code point (no false negatives, few false positives).
const PHRASE_FILTER: [u64; 4] = {
    let mut mask = [0u64; 4];
    let mut k = 0;
    while k < PHRASE_HEADS.len() {
        let c = PHRASE_HEADS[k] % 256;
        mask[(c / 64) as usize] |= 1 << (c % 64);
        k += 1;
    }
    mask
};

fn convert(s: &str, first: usize) -> String {
    let src = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 16);
    // Text is copied in runs: from `plain` up to the next character that changes.
    let mut plain = 0;
    let mut i = first;
    while i < src.len() {
        let b = src[i];
        if !is_cjk_lead(b) {
            i += 1;
            continue;
        }
        // A lead byte starts a character (continuation bytes are 0x80–0xBF), so `i` is a character boundary here.
        let (Some(&b1), Some(&b2)) = (src.get(i + 1), src.get(i + 2)) else {
            break;
        };
        let c = ((b as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F);
        let bit = c % 256;
        if PHRASE_FILTER[(bit / 64) as usize] & (1 << (bit % 64)) != 0 {
            let rest = &src[i..];
            if let Some((simplified, traditional)) = crate::hant::PHRASES
                .iter()
                .zip(PHRASE_HEADS)
                .filter(|(_, head)| *head == c)
                .map(|(phrase, _)| phrase)
                .find(|(simplified, _)| rest.starts_with(simplified.as_bytes()))
            {
                out.push_str(s.get(plain..i).unwrap_or_default());
                out.push_str(traditional);
                i += simplified.len();
                plain = i;
                continue;
            }
        }
        if let Some(t) = traditional(c) {
            out.push_str(s.get(plain..i).unwrap_or_default());
            out.push(t);
            plain = i + 3;
        }
        i += 3;
    }
    out.push_str(s.get(plain..).unwrap_or_default());
    out
}

/// The table's characters fall in U+4000–U+9FFF, which [`BUCKET_START`] divides into buckets of 128 code points.
const HANT_BASE: u32 = 0x4000;
const BUCKETS: usize = (0xA000 - HANT_BASE as usize) >> 7;

/// Where each bucket's characters start in the table (sorted by code point): a character is looked up among the one
/// or two of its bucket rather than by a binary search of the whole table.
const BUCKET_START: [u16; BUCKETS + 1] = {
    let t = crate::hant::CHARS;
    let mut out = [0u16; BUCKETS + 1];
    let mut b = 0;
    let mut k = 0;
    while b <= BUCKETS {
        while k < t.len() && ((t[k].0 as u32 - HANT_BASE) >> 7) < b as u32 {
            k += 1;
        }
        out[b] = k as u16;
        b += 1;
    }
    out
};

// What the conversion relies on, checked when the table is compiled: every character it changes is a three-byte
// character in U+4000–U+9FFF, in code point order (a phrase's conversion may be longer or shorter: 代码 → 代碼 keeps its
// length, but Taiwan's phrases need not).
const _: () = {
    let t = crate::hant::CHARS;
    let mut k = 0;
    while k < t.len() {
        let (s, h) = (t[k].0 as u32, t[k].1 as u32);
        assert!(s >= HANT_BASE && s < 0xA000 && h >= 0x800);
        assert!(k == 0 || (t[k - 1].0 as u32) < s);
        k += 1;
    }
};

/// The Traditional form of a character the table changes.
fn traditional(c: u32) -> Option<char> {
    let b = (c.checked_sub(HANT_BASE)? >> 7) as usize;
    let (from, to) = (*BUCKET_START.get(b)?, *BUCKET_START.get(b + 1)?);
    crate::hant::CHARS
        .get(usize::from(from)..usize::from(to))?
        .iter()
        .find(|(s, _)| *s as u32 == c)
        .map(|(_, t)| *t)
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = const { std::cell::RefCell::new(Memo { slots: Vec::new() }) };
}

/// The conversions of recent texts: a direct-mapped table of [`MEMO_SLOTS`] by a hash of the text, a new text taking
/// its slot from an older one. Bounded, so a long session of changing amounts cannot grow it.
struct Memo {
    slots: Vec<Option<(Box<str>, Box<str>)>>,
}

const MEMO_SLOTS: usize = 512;

impl Memo {
    fn slot(s: &str) -> usize {
        // FxHash over eight bytes at a time: a couple of instructions a byte, no tables.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
        let mut chunks = s.as_bytes().chunks_exact(8);
        let mut h = s.len() as u64;
        for c in &mut chunks {
            h = step(h, u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        for &b in chunks.remainder() {
            h = step(h, u64::from(b));
        }
        (h >> 32) as usize % MEMO_SLOTS
    }

    fn get(&self, s: &str) -> Option<&str> {
        match self.slots.get(Memo::slot(s)) {
            Some(Some((key, value))) if **key == *s => Some(value),
            _ => None,
        }
    }

    fn put(&mut self, s: &str, converted: &str) {
        if self.slots.is_empty() {
            self.slots.resize(MEMO_SLOTS, None);
        }
        if let Some(slot) = self.slots.get_mut(Memo::slot(s)) {
            *slot = Some((s.into(), converted.into()));
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// The input is not JSON, or not the expected shape.
    InvalidJson,
    UnknownField,
    MissingField,
    /// A value outside its allowed set (an unknown enum value, a wrong type).
    InvalidValue,
    InvalidAmount,
    NegativeAmount,
    InvalidRate,
    /// Out-of-catalogue + over-limit + class-B pre-payment exceed the total, or a line's parts exceed the line.
    PartsExceedTotal,
    /// Both a total and lines were given and they disagree.
    TotalMismatch,
    InvalidDate,
    DischargeBeforeAdmission,
    FilingEndBeforeStart,
    UnknownRegion,
    UnknownDisease,
    /// A figure the estimate needs is not in the data for that region and date, and no override gives it.
    MissingParameter,
    InvalidSegments,
    /// policies.json: a source id that is not defined, or a value without a source.
    MissingSource,
    /// policies.json: a value backed only by a D-graded source.
    WeakSource,
    /// policies.json: versions not in strictly increasing date order.
    OverlappingDates,
    /// policies.json: the same key defined twice.
    Duplicate,
    /// policies.json: a ratio cut larger than the national cap allows.
    AdjustmentOverCap,
    /// A query or a policies file larger than the core reads (`MAX_QUERY_BYTES`, `MAX_POLICIES_BYTES`).
    TooLarge,
    /// A query gives both `filing` and `filings`: one filing, or the list of those held, not both (R1.13).
    FilingAndFilings,
}

impl ErrorCode {
    /// The code a wire name stands for (the serde name: `invalid_amount`).
    pub fn named(name: &str) -> Option<ErrorCode> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<serde::de::value::Error> =
            name.into_deserializer();
        serde::Deserialize::deserialize(de).ok()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidAmount => "invalid_amount",
            ErrorCode::NegativeAmount => "negative_amount",
            ErrorCode::InvalidRate => "invalid_rate",
            ErrorCode::PartsExceedTotal => "parts_exceed_total",
            ErrorCode::TotalMismatch => "total_mismatch",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::DischargeBeforeAdmission => "discharge_before_admission",
            ErrorCode::FilingEndBeforeStart => "filing_end_before_start",
            ErrorCode::UnknownRegion => "unknown_region",
            ErrorCode::UnknownDisease => "unknown_disease",
            ErrorCode::MissingParameter => "missing_parameter",
            ErrorCode::InvalidSegments => "invalid_segments",
            ErrorCode::MissingSource => "missing_source",
            ErrorCode::WeakSource => "weak_source",
            ErrorCode::OverlappingDates => "overlapping_dates",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::AdjustmentOverCap => "adjustment_over_cap",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::FilingAndFilings => "filing_and_filings",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS), ts(rename = "CoreError"))]
pub struct Error {
    pub code: ErrorCode,
    /// Dotted path of the field at fault, e.g. `bill.lines[2].amount`; empty for the whole input.
    pub path: String,
    pub message: Message,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}: {} ({})",
            self.code.as_str(),
            self.path,
            self.message.zh,
            self.message.en
        )
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: Message) -> Error {
        Error {
            code,
            path: path.into(),
            message,
        }
    }

    /// An error whose message is the standard one for its code, naming the field.
    pub fn at(code: ErrorCode, path: impl Into<String>) -> Error {
        let path = path.into();
        // A key no type declares has no label of its own: the message names it as it was written (a label found for
        // its last key would be another field's, `bill.lines[0].category` is not the filing's category).
        let (zh_label, en_label) = if code == ErrorCode::UnknownField {
            (path.clone(), path.clone())
        } else {
            field_label(&path)
        };
        let message = match (code, field_takes(&path)) {
            (ErrorCode::InvalidValue, Some(said)) => said,
            // A line's parts are held to the line's amount, not to the bill's total.
            (ErrorCode::PartsExceedTotal, _) if path.starts_with("bill.lines[") => Message::new(
                format!("{zh_label}：超限价和乙类先行自付之和超过了本项金额"),
                format!("{en_label}: the over-limit and class-B parts exceed this line's amount"),
            ),
            // The class-B cost itself (not its pre-payment) with the out-of-catalogue and over-limit parts (helper-57: it
            // said "…乙类先行自付之和", of a class-B amount that is more than its pre-payment).
            (ErrorCode::PartsExceedTotal, _) if path == "bill.class_b.amount" => Message::new(
                "自费、超限价和乙类费用（不含超限价部分）之和超过了总费用",
                "The out-of-catalogue, over-limit and class-B costs (class-B without its over-limit part) add up to more than the total",
            ),
            // A path with no label of its own (a policies file's `schedules[0].versions[0].sources`) is written as it is:
            // not capitalised as a label would be ("Schedules[0]…"; helper-49).
            _ if !path.is_empty() && en_label == path => {
                let mut m = standard_message(code, &zh_label, &en_label);
                if let Some(rest) = m.en.strip_prefix(&capitalised(&path)) {
                    m = Message::new(m.zh.into_owned(), format!("{path}{rest}"));
                }
                m
            }
            _ => standard_message(code, &zh_label, &en_label),
        };
        Error {
            code,
            path,
            message,
        }
    }

    pub fn missing_parameter(path: &str, zh_what: &str, en_what: &str) -> Error {
        Error::new(
            ErrorCode::MissingParameter,
            path,
            Message::new(
                format!("缺少{zh_what}：本地区此日期的数据未收录，请手动填写"),
                format!("Missing {en_what}: no data for this region and date; please enter it"),
            ),
        )
    }

    /// Text that is not JSON; `detail` is the parser's own (English) wording.
    pub fn invalid_json(path: String, detail: &str) -> Error {
        let mut e = Error::at(ErrorCode::InvalidJson, path);
        let (brief, place) = match detail.split_once(" at line ") {
            Some((b, p)) => (b, Some(p)),
            None => (detail, None),
        };
        // serde_json's terser words said plainly where a person would not know them ("expected ident").
        let reason = json_reason(brief);
        let en = reason.and_then(|(_, en)| en).unwrap_or(brief);
        // Where: the column alone on the first line (a batch's query is one line: "line 1" of every one of them read
        // as the batch's first line; helper-43), else the line and column; in both languages alike.
        let at = place
            .and_then(|p| p.split_once(" column "))
            .map(|(line, col)| {
                let (line, col) = (line.trim(), col.trim());
                if line == "1" {
                    (format!("第 {col} 列附近"), format!("near column {col}"))
                } else {
                    (
                        format!("第 {line} 行第 {col} 列附近"),
                        format!("near line {line}, column {col}"),
                    )
                }
            });
        let (zh, en) = match (reason.map(|(zh, _)| zh), at) {
            (Some(r), Some((zh_at, en_at))) => (format!("{r}，{zh_at}"), format!("{en}, {en_at}")),
            (Some(r), None) => (r.to_string(), en.to_string()),
            (None, Some((zh_at, en_at))) => (zh_at, format!("{en}, {en_at}")),
            (None, None) => (String::new(), en.to_string()),
        };
        let zh = if zh.is_empty() {
            e.message.zh.to_string()
        } else {
            format!("{}（{zh}）", e.message.zh)
        };
        let en = format!("{} ({en})", e.message.en);
        e.message = Message::new(zh, en);
        e
    }
}

/// The reasons the JSON reader gives (serde_json's words, or the CLI's own), each declared once: its Chinese, and its
/// plain English where the reader's own words are a parser's ("expected ident"); the first whose words begin the
/// reason is taken (the longer first where one begins another).
const JSON_REASONS: [(&str, &str, Option<&str>); 23] = [
    (
        "a query that does not end on its line",
        "这一行的查询没有写完（缺少右括号、引号或逗号）",
        None,
    ),
    ("trailing characters", "后面还有多余的字符", None),
    (
        "expected ident",
        "此处应为一个值：文字须用双引号括起",
        Some("a word that is not JSON where a value was expected: text goes in double quotes"),
    ),
    (
        "unexpected end of hex escape",
        "\\u 转义不完整",
        Some("an incomplete \\u escape"),
    ),
    (
        "lone leading surrogate",
        "\\u 转义只有半个字符",
        Some("a \\u escape that is half of a character"),
    ),
    ("a field given twice", "同一字段写了两次", None),
    (
        "characters after the query on its line",
        "同一行的查询之后还有其他字符",
        None,
    ),
    (
        "an array of queries",
        "这是一组查询：请每行写一个查询",
        None,
    ),
    (
        "EOF while parsing a value",
        "没有内容，或内容不完整",
        Some("the text ends where a value was expected"),
    ),
    (
        "EOF while parsing",
        "内容不完整（提前结束）",
        Some("the text ends too early"),
    ),
    (
        "recursion limit exceeded",
        "嵌套层数过多",
        Some("nested too deeply"),
    ),
    (
        "expected value",
        "此处应为一个值",
        Some("a value was expected here"),
    ),
    (
        "key must be a string",
        "字段名须用双引号括起",
        Some("field names go in double quotes"),
    ),
    ("not UTF-8 text", "不是 UTF-8 文本", None),
    ("control character", "含有不允许的控制字符", None),
    ("invalid escape", "转义字符无效", None),
    ("invalid unicode code point", "Unicode 字符无效", None),
    ("number out of range", "数字超出范围", None),
    ("invalid number", "数字无效", None),
    ("expected `:`", "缺少冒号", Some("a colon was expected")),
    (
        "expected `,` or `}`",
        "缺少逗号或右括号",
        Some("a comma or a closing brace was expected"),
    ),
    (
        "expected `,` or `]`",
        "缺少逗号或右括号",
        Some("a comma or a closing bracket was expected"),
    ),
    ("expected `,`", "缺少逗号或右括号", None),
];

/// A known reason of the JSON reader: its Chinese, and its plain English if the reader's words need one.
fn json_reason(brief: &str) -> Option<(&'static str, Option<&'static str>)> {
    JSON_REASONS
        .iter()
        .find(|(raw, _, _)| brief.starts_with(raw))
        .map(|&(_, zh, en)| (zh, en))
}

/// The oldest age read (years): a typo such as 30000 is refused with the bounds, not taken as an age.
pub const MAX_AGE: u32 = 130;
/// The most admissions before this one in a benefit year: one a day.
pub const MAX_ADMISSIONS: u32 = 366;
/// The most years without contributions a query may give (a lifetime).
pub const MAX_LAPSED_YEARS: u32 = 120;

/// What a whole-number field takes, said whenever its value is not one (-5, abc, 1.234, 3万, 200 for an age): it
/// said only "the value is not valid" for most of these; and what a region field takes (a name or a code as text).
fn field_takes(path: &str) -> Option<Message> {
    // A filing of a list is read as the one filing is.
    let path = match path.strip_prefix("filings[") {
        Some(rest) => rest.split_once("].").map_or(path, |(_, f)| match f {
            "area" => "filing.area",
            _ => path,
        }),
        None => path,
    };
    let (zh, en) = match path {
        "insured.age" => (
            format!("年龄应为 0 到 {MAX_AGE} 之间的整数（周岁）"),
            format!("The age must be a whole number from 0 to {MAX_AGE} (years)"),
        ),
        "history.admissions" => (
            format!("本年度已住院次数应为 0 到 {MAX_ADMISSIONS} 之间的整数"),
            format!(
                "Admissions so far this year must be a whole number from 0 to {MAX_ADMISSIONS}"
            ),
        ),
        // A region given as a number (420100, not "420100") or an object: what the field takes.
        "insured.region" => (
            "参保地应写城市名称或 6 位行政区划代码，作为文字（如 \"武汉\" 或 \"420100\"）".to_string(),
            "The insured region must be a city's name or its 6-digit code, as text (\"Wuhan\" or \"420100\")".to_string(),
        ),
        "visit.region" => (
            "就医地应写城市名称或 6 位行政区划代码，作为文字（如 \"深圳\" 或 \"440300\"）".to_string(),
            "The place of treatment must be a city's name or its 6-digit code, as text (\"Shenzhen\" or \"440300\")".to_string(),
        ),
        "filing.area" => (
            "备案就医地应写城市或省的名称，或 6 位行政区划代码，作为文字（如 \"深圳\" 或 \"440300\"）".to_string(),
            "The filed area must be a city's or province's name or its 6-digit code, as text (\"Shenzhen\" or \"440300\")".to_string(),
        ),
        // The whole query of the wrong kind ("x", 5, [..] read as one value): what a query is.
        "" => (
            "查询应为一个 JSON 对象（{…}）".to_string(),
            "A query must be a JSON object ({…})".to_string(),
        ),
        "insured.lapsed_years" => (
            format!("断缴年数应为 0 到 {MAX_LAPSED_YEARS} 之间的整数"),
            format!(
                "Years without contributions must be a whole number from 0 to {MAX_LAPSED_YEARS}"
            ),
        ),
        _ => return None,
    };
    Some(Message::new(zh, en))
}

fn standard_message(code: ErrorCode, zh: &str, en: &str) -> Message {
    let (z, e) = match code {
        ErrorCode::InvalidJson => (
            format!("{zh}格式不正确"),
            format!("{en} could not be read"),
        ),
        ErrorCode::UnknownField => (
            format!("无法识别的字段：{zh}"),
            format!("Unknown field: {en}"),
        ),
        ErrorCode::MissingField => (format!("请填写{zh}"), format!("{en} is required")),
        ErrorCode::InvalidValue => (
            format!("{zh}的取值无效"),
            format!("{en} has an invalid value"),
        ),
        ErrorCode::InvalidAmount => (
            format!("{zh}必须是金额数字（最多两位小数，不超过 100 亿元），例如 1234.56"),
            format!("{en} must be an amount (at most two decimals, at most 10,000,000,000) such as 1234.56"),
        ),
        ErrorCode::NegativeAmount => (
            format!("{zh}不能为负数"),
            format!("{en} cannot be negative"),
        ),
        ErrorCode::InvalidRate => (
            format!("{zh}必须是 0 到 1 之间的比例（如 0.1 表示 10%）"),
            format!("{en} must be a share between 0 and 1 (0.1 = 10%)"),
        ),
        ErrorCode::PartsExceedTotal => (
            format!("{zh}：自费、超限价和乙类先行自付之和超过了总费用"),
            format!("{en}: out-of-catalogue, over-limit and class-B parts exceed the total"),
        ),
        ErrorCode::TotalMismatch => (
            format!("{zh}与明细合计不一致"),
            format!("{en} does not match the sum of the lines"),
        ),
        // The years are money::date::YEARS (tests/errors.rs holds the two together; this module is below money).
        ErrorCode::InvalidDate => (
            format!("{zh}不是有效日期（格式 YYYY-MM-DD，年份在 1990–2100 之间）"),
            format!("{en} is not a valid date (YYYY-MM-DD, a year from 1990 to 2100)"),
        ),
        ErrorCode::DischargeBeforeAdmission => (
            "出院日期早于入院日期".to_string(),
            "Discharge is before admission".to_string(),
        ),
        ErrorCode::FilingEndBeforeStart => (
            "备案截止日期早于开始日期".to_string(),
            "The filing ends before it starts".to_string(),
        ),
        ErrorCode::UnknownRegion => (
            format!("{zh}不是已知的统筹地区代码或名称"),
            format!("{en} is not a known pooling region"),
        ),
        ErrorCode::UnknownDisease => (
            format!("{zh}不在门诊慢特病病种目录中"),
            format!("{en} is not in the chronic-disease list"),
        ),
        ErrorCode::MissingParameter => (format!("缺少{zh}"), format!("{en} is missing")),
        ErrorCode::InvalidSegments => (
            format!("{zh}分段无效：上限须递增，最后一段不设上限"),
            format!("{en}: band limits must increase and the last band has no limit"),
        ),
        ErrorCode::MissingSource => (
            format!("{zh}缺少来源或来源未定义"),
            format!("{en} has no source, or its source is not defined"),
        ),
        ErrorCode::WeakSource => (
            format!("{zh}仅有 D 级来源，不能单独使用"),
            format!("{en} rests on a D-graded source alone"),
        ),
        ErrorCode::OverlappingDates => (
            format!("{zh}的生效日期必须严格递增"),
            format!("{en}: effective dates must strictly increase"),
        ),
        ErrorCode::Duplicate => (format!("{zh}重复定义"), format!("{en} is defined twice")),
        ErrorCode::TooLarge => (
            "输入过大，无法读取（查询不超过 512 KB，其中费用明细不超过 10000 行；政策数据文件不超过 1 MB）".to_string(),
            "The input is too large to read (a query may be up to 512 KB, with up to 10000 bill lines; a policies file up to 1 MB)"
                .to_string(),
        ),
        ErrorCode::AdjustmentOverCap => (
            format!("{zh}的降幅超过国家规定上限"),
            format!("{en} cuts the ratio more than the national cap allows"),
        ),
        ErrorCode::FilingAndFilings => (
            "同时填写了“备案”（filing）和“多份备案”（filings）：请只填其一，持有多份备案时全部填入 filings".to_string(),
            "Both `filing` and `filings` are given: give one filing, or every filing held in `filings`".to_string(),
        ),
    };
    // A sentence starts with a capital, the field's label too ("Total cost must be …", not "total cost must be …").
    let mut e = e;
    if let Some(first) = e.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    Message::new(z, e)
}

fn capitalised(s: &str) -> String {
    let mut s = s.to_string();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The label a person sees for a field path, in Chinese and English. Unknown paths show the path itself.
pub fn field_label(path: &str) -> (String, String) {
    let last = path.rsplit('.').next().unwrap_or(path);
    let key = last.split('[').next().unwrap_or(last);
    let parent_is = |p: &str| path.contains(p);
    let pair = match key {
        "region" if parent_is("insured") => ("参保地", "insured region"),
        "region" if parent_is("visit") => ("就医地", "place of treatment"),
        "scheme" => ("险种", "scheme"),
        "status" => ("人员类别", "status"),
        "age" => ("年龄", "age"),
        "kind" if parent_is("layers") => ("保障层类型", "layer kind"),
        "kind" => ("就医类型", "visit kind"),
        "chronic_disease" => ("门诊慢特病病种", "chronic disease"),
        "hospital_level" => ("医院等级", "hospital level"),
        "admission" => ("入院日期", "admission date"),
        "discharge" => ("出院日期", "discharge date"),
        "date" => ("就诊日期", "visit date"),
        "category" => ("备案类别", "filing category"),
        "start" => ("备案开始日期", "filing start"),
        "end" => ("备案截止日期", "filing end"),
        "filed_on" => ("备案办理日期", "filing date"),
        "area" => ("备案就医地", "filed area"),
        "filings" => ("多份备案", "filings held"),
        "benefits_from" => ("待遇开始日期", "benefits start"),
        "enrolled_on" => ("参保缴费日期", "enrolment date"),
        "lapsed_years" => ("断缴年数", "years not paid"),
        "designated" => ("医保定点医疗机构", "designated institution"),
        "total" => ("总费用", "total cost"),
        "out_of_catalogue" => ("自费（目录外）金额", "out-of-catalogue amount"),
        "over_limit" => ("超限价金额", "over-limit amount"),
        "class_b" => ("乙类费用", "class-B cost"),
        "amount" if parent_is("lines") => ("明细金额", "line amount"),
        "amount" if parent_is("class_b") => ("乙类金额", "class-B amount"),
        "prepay_rate" => ("乙类先行自付比例", "class-B pre-payment rate"),
        "prepay_amount" => ("乙类先行自付金额", "class-B pre-payment"),
        "lines" => ("费用明细", "bill lines"),
        "bill" => ("费用", "the bill"),
        "admissions" => ("本年度已住院次数", "admissions so far this year"),
        "deductible_paid" => ("本年度已付起付线", "deductible paid this year"),
        "fund_paid" if parent_is("history") => ("本年度统筹基金已支付", "fund paid this year"),
        // A past slip's (ratio from a slip): that settlement's payment.
        "fund_paid" => ("结算单上的统筹基金支付", "fund paid on the slip"),
        "eligible" if path == "eligible" => {
            ("结算单上的政策范围内费用", "eligible cost on the slip")
        }
        "deductible" if path == "deductible" => ("结算单上的起付线", "deductible on the slip"),
        "eligible_so_far" => (
            "本年度已发生政策范围内费用",
            "eligible cost so far this year",
        ),
        "personal_account_balance" => ("个人账户余额", "personal account balance"),
        "deductible" => ("起付线", "deductible"),
        "ratio" if parent_is("second_layer") || parent_is("layers") => {
            ("大病/大额支付比例", "second-layer ratio")
        }
        "ratio" if parent_is("segments") => ("分段支付比例", "ratio band"),
        "ratio" => ("统筹基金支付比例", "fund ratio"),
        "segments" => ("分段支付比例", "ratio bands"),
        "annual_cap" => ("年度最高支付限额", "annual cap"),
        "class_b_prepay_rate" => ("乙类先行自付比例", "class-B pre-payment rate"),
        "second_layer" => ("大病/大额保险", "second layer"),
        "threshold" => ("大病/大额起付线", "second-layer threshold"),
        "cap" => ("大病/大额封顶线", "second-layer cap"),
        "adjustment" => ("异地待遇调整", "cross-region adjustment"),
        "layers" => ("基本医保以上的各层保障", "layers above the basic fund"),
        "base_so_far" => ("本年度该层已累计金额", "the layer's base so far this year"),
        "paid" => ("本年度该层已支付", "paid by the layer this year"),
        "quota" => ("限额（定额）", "the quota"),
        "quota_used" => ("本期限额已使用", "quota used this period"),
        "personal_account" => ("个人账户", "personal account"),
        "own" => ("本人个人账户余额", "own account balance"),
        "family" => ("家庭共济账户余额", "family member's account balance"),
        "groups" => ("人员身份", "the person's groups"),
        "circumstances" => ("个人情况", "personal circumstances"),
        "tier" => ("缴费档次", "contribution tier"),
        "lives_there" => ("是否在就医地长期居住", "living there long-term"),
        "referred" => ("是否有转诊证明", "whether referred"),
        // A policies file's arrangement names regions on each side, not a person.
        "insured" if parent_is("arrangements") => {
            ("互认安排的参保地一方", "arrangement's insured side")
        }
        "treated" if parent_is("arrangements") => (
            "互认安排的就医地一方",
            "arrangement's place-of-treatment side",
        ),
        "insured" => ("参保人信息", "insured person"),
        "visit" => ("就医信息", "the visit"),
        "filing" => ("备案", "the filing"),
        "history" => ("本年度已发生的费用", "this year so far"),
        "situation" => (
            "目前所处阶段（计划就医、住院中或已出院）",
            "situation (planning, in hospital or discharged)",
        ),
        "today" => ("今天的日期", "today's date"),
        "paid_in_full" => ("是否付了全部费用", "whether you paid the whole bill"),
        "overrides" => ("手动填写的政策参数", "figures entered by hand"),
        "name" if parent_is("lines") => ("明细名称", "line name"),
        "name" if parent_is("layers") => ("保障层名称", "layer name"),
        "amount" if parent_is("quota") => ("限额金额", "quota amount"),
        "amount" if parent_is("adjustment") => ("调整金额", "adjustment amount"),
        "class" if parent_is("lines") => ("明细类别（甲类、乙类、丙类）", "line class (A, B, C)"),
        "long_term_kind" => ("长期备案人员类别", "long-term filing kind"),
        "second_layer_base_so_far" => (
            "本年度大病/大额已累计金额",
            "second-layer base so far this year",
        ),
        "second_layer_paid" => ("本年度大病/大额已支付", "second layer paid this year"),
        "enrolled" => ("是否已参保", "enrolled"),
        "emergency" => ("是否急诊抢救", "emergency"),
        "networked" => (
            "医院是否开通异地直接结算",
            "direct settlement at the hospital",
        ),
        "locale" => ("语言", "language"),
        "on" => ("查询日期", "date asked about"),
        "eligible" => ("政策范围内费用", "eligible cost"),
        "applies_to" => ("计算基数", "what it applies to"),
        "only_for" => ("适用人群", "who it applies to"),
        "segment_basis" => ("分段依据", "band basis"),
        "up_to" => ("分段上限", "band upper bound"),
        "annual_cap_basis" => ("年度限额口径", "annual cap basis"),
        "deductible_per" => ("起付线按每次或每年", "deductible per admission or year"),
        "basis" if parent_is("quota") => ("限额口径", "quota basis"),
        "period" if parent_is("quota") => ("限额周期", "quota period"),
        "op" => ("调整方式", "adjustment kind"),
        "then" => ("同时调整支付比例的方式", "ratio change with it"),
        "value" if parent_is("adjustment") => ("调整幅度", "adjustment value"),
        "share" if parent_is("adjustment") => ("调整比例", "adjustment share"),
        "min" if parent_is("adjustment") => ("调整下限", "adjustment minimum"),
        "max" if parent_is("adjustment") => ("调整上限", "adjustment maximum"),
        "" => ("输入", "input"),
        _ => ("", ""),
    };
    if pair.0.is_empty() {
        // A field with no words of its own: its name as the file has it, quoted in Chinese (helper-65: "请填写version").
        (format!("“{path}”"), path.to_string())
    } else {
        (pair.0.to_string(), pair.1.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::to_hant;

    /// The conversion as it was first written (phrases first, then a binary search of the table per character): the
    /// in-place conversion and its memo must agree with it.
    fn reference(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        'outer: while let Some(c) = rest.chars().next() {
            if crate::hant::PHRASE_STARTS.contains(c) {
                for (simplified, traditional) in crate::hant::PHRASES {
                    if let Some(after) = rest.strip_prefix(simplified) {
                        out.push_str(traditional);
                        rest = after;
                        continue 'outer;
                    }
                }
            }
            let table = crate::hant::CHARS;
            let mapped = table
                .binary_search_by_key(&c, |(s, _)| *s)
                .ok()
                .and_then(|i| table.get(i));
            out.push(mapped.map_or(c, |(_, t)| *t));
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    #[test]
    fn converts_as_the_reference_does() {
        let mut texts: Vec<String> = vec![
            String::new(),
            "30000.00 − 10000.00 − 0.00 − 0.00".into(),
            "(20000.00 − 800.00) × 88.8%".into(),
            "é ü ß ñ — 🏥 𠀀 ＡＢＣ，。".into(),
            "起付线、支付比例、封顶线的来源等级为 C（非官方），请向参保地医保部门核实".into(),
            "沈阳市的大病保险/大额医疗补助标准未收录，以上金额未计入；按已收录地区的标准".into(),
            "范围内费用 审核 阿里地区 台州 咸宁市 岳阳 柜台 重复定义 最近核实于 2024-01-01".into(),
        ];
        for (simplified, _) in crate::hant::PHRASES {
            texts.push(format!("前{simplified}后"));
            texts.push(simplified.chars().take(2).collect());
        }
        let table: String = crate::hant::CHARS.iter().map(|(s, _)| *s).collect();
        texts.push(table.clone());
        texts.push(crate::hant::SAME.to_string());
        // Every code point of the range the table covers, and its edges, around each character that changes.
        let all: String = ('\u{3fff}'..='\u{a001}').collect();
        texts.push(all);
        for t in &texts {
            assert_eq!(to_hant(t), reference(t), "{t}");
            // Again: the second time comes from the memo.
            assert_eq!(to_hant(t), reference(t), "{t} (remembered)");
        }
    }
}
