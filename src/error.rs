//! Typed errors: a stable code, the path of the field at fault, and a message in Chinese with English alongside.
//! The core never panics on input; every failure a user can cause is one of these.

use serde::Serialize;
use std::fmt;

/// A message in the user's language (Simplified Chinese), in Traditional Chinese, and in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Message {
    pub zh: String,
    pub zh_hant: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        let zh = zh.into();
        Message {
            zh_hant: to_hant(&zh),
            zh,
            en: en.into(),
        }
    }
}

/// Simplified → Traditional Chinese with the generated OpenCC table: known phrases first, then character by character.
pub fn to_hant(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        if c.is_ascii() {
            out.push(c);
            rest = rest.get(1..).unwrap_or_default();
            continue;
        }
        let phrases = if crate::hant::PHRASE_STARTS.contains(c) {
            crate::hant::PHRASES
        } else {
            &[]
        };
        for (simplified, traditional) in phrases {
            if let Some(after) = rest.strip_prefix(simplified) {
                out.push_str(traditional);
                rest = after;
                continue 'outer;
            }
        }
        let table = crate::hant::CHARS;
        let mapped = table
            .binary_search_by_key(&c, |(s, _)| *s)
            .ok()
            .and_then(|i| table.get(i));
        out.push(mapped.map_or(c, |(_, t)| *t));
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
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
        let (zh_label, en_label) = field_label(&path);
        let message = standard_message(code, &zh_label, &en_label);
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
        let brief = detail.split(" at line ").next().unwrap_or(detail);
        e.message.en = format!("{} ({brief})", e.message.en);
        e
    }
}

fn standard_message(code: ErrorCode, zh: &str, en: &str) -> Message {
    let (z, e) = match code {
        ErrorCode::InvalidJson => (
            format!("{zh}格式不正确"),
            format!("{en} is not valid input"),
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
            format!("{zh}必须是金额数字，例如 1234.56"),
            format!("{en} must be an amount such as 1234.56"),
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
        ErrorCode::InvalidDate => (
            format!("{zh}不是有效日期（格式 YYYY-MM-DD）"),
            format!("{en} is not a valid date (YYYY-MM-DD)"),
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
            "输入过大，无法读取（查询不超过 512 KB，请减少费用明细的行数；政策数据文件不超过 1 MB）".to_string(),
            "The input is too large to read (a query up to 512 KB: use fewer bill lines; a policies file up to 1 MB)"
                .to_string(),
        ),
        ErrorCode::AdjustmentOverCap => (
            format!("{zh}的降幅超过国家规定上限"),
            format!("{en} cuts the ratio more than the national cap allows"),
        ),
    };
    Message::new(z, e)
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
        "total" => ("总费用", "total"),
        "out_of_catalogue" => ("自费（目录外）金额", "out-of-catalogue amount"),
        "over_limit" => ("超限价金额", "over-limit amount"),
        "class_b" => ("乙类费用", "class-B cost"),
        "amount" if parent_is("lines") => ("明细金额", "line amount"),
        "amount" if parent_is("class_b") => ("乙类金额", "class-B amount"),
        "prepay_rate" => ("乙类先行自付比例", "class-B pre-payment rate"),
        "prepay_amount" => ("乙类先行自付金额", "class-B pre-payment"),
        "lines" => ("费用明细", "bill lines"),
        "bill" => ("费用", "bill"),
        "admissions" => ("本年度已住院次数", "admissions so far this year"),
        "deductible_paid" => ("本年度已付起付线", "deductible paid this year"),
        "fund_paid" => ("本年度统筹基金已支付", "fund paid this year"),
        "eligible_so_far" => (
            "本年度已发生政策范围内费用",
            "eligible cost so far this year",
        ),
        "personal_account_balance" => ("个人账户余额", "personal account balance"),
        "deductible" => ("起付线", "deductible"),
        "ratio" => ("统筹基金支付比例", "fund ratio"),
        "segments" => ("分段支付比例", "ratio bands"),
        "annual_cap" => ("年度最高支付限额", "annual cap"),
        "class_b_prepay_rate" => ("乙类先行自付比例", "class-B pre-payment rate"),
        "second_layer" => ("大病/大额保险", "second layer"),
        "threshold" => ("大病/大额起付线", "second-layer threshold"),
        "cap" => ("大病/大额封顶线", "second-layer cap"),
        "adjustment" => ("异地待遇调整", "cross-region adjustment"),
        "" => ("输入", "input"),
        _ => ("", ""),
    };
    if pair.0.is_empty() {
        (path.to_string(), path.to_string())
    } else {
        (pair.0.to_string(), pair.1.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;
