//! Checks of a loaded policies file beyond its shape: sources exist and are not D-graded alone, versions are dated in
//! strictly increasing order, references resolve, bands are well formed, and cuts stay inside the national caps.

use crate::error::{Error, ErrorCode, Message};
use crate::policy::{cap_for, Policies, Row, MAX_POLICIES_BYTES};
use crate::query::{CapBasis, DeductiblePer, RatioChange, Segment, VisitKind};
use std::collections::BTreeSet;

pub fn validate(p: &Policies) -> Vec<Error> {
    let mut v = Validator {
        p,
        errors: Vec::new(),
    };
    v.source_regions();
    v.national();
    v.regions();
    v.arrangements();
    v.catalogues();
    v.schedules();
    v.adjustments();
    v.access();
    v.errors
}

struct Validator<'a> {
    p: &'a Policies,
    errors: Vec<Error>,
}

impl Validator<'_> {
    fn err(&mut self, code: ErrorCode, path: String) {
        self.errors.push(Error::at(code, path));
    }

    /// Sources of a figure: defined, and not D-graded alone (city-params.md: "never a D figure alone").
    fn sources(&mut self, ids: &[String], path: String) {
        self.evidence(ids, path.clone());
        if self.p.d_only(ids) {
            self.err(ErrorCode::WeakSource, path);
        }
    }

    /// Sources of a filing rule (an arrangement, an exemption): defined; a weak grade is reported in the estimate.
    fn evidence(&mut self, ids: &[String], path: String) {
        if ids.is_empty() {
            return self.err(ErrorCode::MissingSource, path);
        }
        for (i, id) in ids.iter().enumerate() {
            if !self.p.sources.contains_key(id) {
                self.err(ErrorCode::MissingSource, format!("{path}[{i}]"));
            }
        }
    }

    /// Dates, or `Since` starts (an unknown start is earlier than any date, so only a first version can have one).
    fn increasing<D: Ord + Copy>(&mut self, dates: impl Iterator<Item = D>, path: &str) {
        let mut last: Option<D> = None;
        for (i, d) in dates.enumerate() {
            if last.is_some_and(|l| d <= l) {
                self.err(ErrorCode::OverlappingDates, format!("{path}[{i}].from"));
            }
            last = Some(d);
        }
    }

    /// The regions a source is about exist (its id in the path).
    fn source_regions(&mut self) {
        let mut bad = Vec::new();
        for (id, s) in &self.p.sources {
            for (k, code) in s.regions.iter().enumerate() {
                if !self.known_area(code) {
                    bad.push(format!("sources.{id}.regions[{k}]"));
                }
            }
        }
        bad.sort();
        for path in bad {
            self.err(ErrorCode::UnknownRegion, path);
        }
    }

    fn known_area(&self, code: &str) -> bool {
        self.p.region(code).is_some() || self.p.province(code).is_some()
    }

    fn segments(&mut self, segs: &[Segment], path: String) {
        if !crate::query::well_formed(segs) {
            self.err(ErrorCode::InvalidSegments, path);
        }
    }

    fn national(&mut self) {
        let n = &self.p.national;
        self.increasing(
            n.adjustment_caps.iter().map(|v| v.from),
            "national.adjustment_caps",
        );
        for (i, v) in n.adjustment_caps.iter().enumerate() {
            self.sources(&v.sources, format!("national.adjustment_caps[{i}].sources"));
        }
        self.sources(
            &n.temporary_filing_min_months.sources,
            "national.temporary_filing_min_months.sources".into(),
        );
        // A temporary filing lasts months, not years (R1.9a: six today): a figure beyond two years would date filings'
        // ends past any date the core reads (helper-59: 100000 gave an end in the year 10358).
        if !(1..=24).contains(&n.temporary_filing_min_months.value) {
            self.errors.push(Error::new(
                ErrorCode::InvalidValue,
                "national.temporary_filing_min_months.value",
                msg!(
                    "临时外出就医备案的最短有效期须在 1 到 24 个月之间",
                    "The shortest validity of a temporary filing must be from 1 to 24 months",
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, d) in n.chronic_diseases.iter().enumerate() {
            if !seen.insert(d.code.as_str()) || d.code == "other" {
                self.err(
                    ErrorCode::Duplicate,
                    format!("national.chronic_diseases[{i}].code"),
                );
            }
            self.evidence(
                &d.sources,
                format!("national.chronic_diseases[{i}].sources"),
            );
        }
    }

    fn regions(&mut self) {
        let mut seen = BTreeSet::new();
        for (i, pr) in self.p.provinces.iter().enumerate() {
            if !seen.insert(pr.code.as_str()) {
                self.err(ErrorCode::Duplicate, format!("provinces[{i}].code"));
            }
            self.increasing(
                pr.intra_province.iter().map(|v| v.from),
                &format!("provinces[{i}].intra_province"),
            );
            for (j, v) in pr.intra_province.iter().enumerate() {
                self.evidence(
                    &v.sources,
                    format!("provinces[{i}].intra_province[{j}].sources"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (i, r) in self.p.regions.iter().enumerate() {
            let six_digits = r.code.len() == 6 && r.code.bytes().all(|b| b.is_ascii_digit());
            if !six_digits {
                self.err(ErrorCode::InvalidValue, format!("regions[{i}].code"));
            }
            if !seen.insert(r.code.as_str()) {
                self.err(ErrorCode::Duplicate, format!("regions[{i}].code"));
            }
            if self.p.province(&r.province).is_none() {
                self.err(ErrorCode::UnknownRegion, format!("regions[{i}].province"));
            } else if r.code.get(..2) != r.province.get(..2) {
                // GB/T 2260: a region's code begins with its province's two digits (helper-73: 深圳 filed under 湖北
                // turned a cross-province visit into one within the province).
                self.errors.push(Error::new(
                    ErrorCode::InvalidValue,
                    format!("regions[{i}].province"),
                    msg!(
                        format!("地区代码 {} 的前两位应与所属省份代码 {} 的前两位相同", r.code, r.province),
                        format!("The region code {} must begin with the two digits of its province's code {}", r.code, r.province),
                    ),
                ));
            }
            self.words(&r.name, format!("regions[{i}].name"));
            if let Some(en) = &r.name_en {
                self.words(en, format!("regions[{i}].name_en"));
            }
            for (j, alias) in r.aliases.iter().enumerate() {
                self.words(alias, format!("regions[{i}].aliases[{j}]"));
            }
        }
        // A name or alias claims a region for the search: one that another region claims too (its code, name, an
        // alias, or its English name in any case) would find whichever comes first (helper-75, helper-77: 深圳 as an
        // alias of 石家庄, 上海 of 北京).
        // Keyed by (an English name?, its text): a name or alias is compared with the others' codes, names and aliases
        // as written, and with their English names in lower case (two regions may share an English name: Taizhou,
        // which then names neither).
        let mut claimed: std::collections::BTreeMap<(bool, String), BTreeSet<usize>> =
            Default::default();
        for (i, r) in self.p.regions.iter().enumerate() {
            let english = r.name_en.iter().map(|e| (true, e.to_lowercase()));
            let keys = [&r.code, &r.name]
                .into_iter()
                .chain(&r.aliases)
                .map(|k| (false, k.clone()))
                .chain(english);
            for key in keys {
                claimed.entry(key).or_default().insert(i);
            }
        }
        for (i, r) in self.p.regions.iter().enumerate() {
            let name = std::iter::once((format!("regions[{i}].name"), &r.name));
            let aliases = r
                .aliases
                .iter()
                .enumerate()
                .map(|(j, a)| (format!("regions[{i}].aliases[{j}]"), a));
            for (path, key) in name.chain(aliases) {
                let by_other =
                    |k: (bool, String)| claimed.get(&k).is_some_and(|o| o.iter().any(|&o| o != i));
                if by_other((false, key.clone())) || by_other((true, key.to_lowercase())) {
                    self.errors.push(Error::new(
                        ErrorCode::Duplicate,
                        path,
                        msg!(
                            format!("“{key}”也是另一个地区的代码、名称或别名：搜索时无法分辨"),
                            format!("“{key}” is also another region's code, name or alias: a search could not tell them apart"),
                        ),
                    ));
                }
            }
        }
        for (i, pr) in self.p.provinces.iter().enumerate() {
            self.words(&pr.name, format!("provinces[{i}].name"));
            self.words(&pr.short, format!("provinces[{i}].short"));
            if let Some(en) = &pr.name_en {
                self.words(en, format!("provinces[{i}].name_en"));
            }
        }
    }

    /// A name the answers show: not empty, and without control or direction-changing characters (helper-73: an empty
    /// `name_en` read "'s second layer…", and U+202E reversed the text after it).
    fn words(&mut self, text: &str, path: String) {
        let hidden = |c: char| {
            c.is_control()
                || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
        };
        if text.trim().is_empty() || text.chars().any(hidden) {
            self.errors.push(Error::new(
                ErrorCode::InvalidValue,
                path,
                msg!(
                    "名称不能为空，也不能含控制字符或改变文字方向的字符",
                    "A name may not be empty, nor hold control or text-direction characters",
                ),
            ));
        }
    }

    fn arrangements(&mut self) {
        let arrangements = &self.p.arrangements;
        let mut seen = BTreeSet::new();
        for (i, a) in arrangements.iter().enumerate() {
            if !seen.insert(a.id.as_str()) {
                self.err(ErrorCode::Duplicate, format!("arrangements[{i}].id"));
            }
            for (side, codes) in [("insured", &a.insured), ("treated", &a.treated)] {
                for (j, c) in codes.iter().enumerate() {
                    if !self.known_area(c) {
                        self.err(
                            ErrorCode::UnknownRegion,
                            format!("arrangements[{i}].{side}[{j}]"),
                        );
                    }
                }
            }
            if a.until.is_some_and(|u| u < a.from) {
                self.err(
                    ErrorCode::OverlappingDates,
                    format!("arrangements[{i}].until"),
                );
            }
            self.evidence(&a.sources, format!("arrangements[{i}].sources"));
        }
    }

    fn catalogues(&mut self) {
        for (i, c) in self.p.catalogues.iter().enumerate() {
            if !self.known_area(&c.region) {
                self.err(ErrorCode::UnknownRegion, format!("catalogues[{i}].region"));
            }
            self.increasing(
                c.versions.iter().map(|v| v.from),
                &format!("catalogues[{i}].versions"),
            );
            for (j, v) in c.versions.iter().enumerate() {
                self.sources(&v.sources, format!("catalogues[{i}].versions[{j}].sources"));
            }
        }
    }

    fn schedules(&mut self) {
        let mut seen = BTreeSet::new();
        for (i, s) in self.p.schedules.iter().enumerate() {
            if self.p.region(&s.region).is_none() {
                self.err(ErrorCode::UnknownRegion, format!("schedules[{i}].region"));
            }
            if !seen.insert((s.region.as_str(), s.scheme as u8, s.visit_kind)) {
                self.err(ErrorCode::Duplicate, format!("schedules[{i}]"));
            }
            self.increasing(
                s.versions.iter().map(|v| v.from),
                &format!("schedules[{i}].versions"),
            );
            for (j, v) in s.versions.iter().enumerate() {
                let path = format!("schedules[{i}].versions[{j}]");
                self.sources(&v.sources, format!("{path}.sources"));
                if v.benefit_year_start_month
                    .is_some_and(|m| !(1..=12).contains(&m))
                {
                    self.err(
                        ErrorCode::InvalidValue,
                        format!("{path}.benefit_year_start_month"),
                    );
                }
                let mut keys = BTreeSet::new();
                for (k, row) in v.rows.iter().enumerate() {
                    self.row(row, format!("{path}.rows[{k}]"));
                    // A row for one chronic disease belongs to a schedule of chronic outpatient care (R4.8).
                    if row.disease.is_some() && s.visit_kind != VisitKind::ChronicOutpatient {
                        self.err(ErrorCode::InvalidValue, format!("{path}.rows[{k}].disease"));
                    }
                    for param in row_params(row) {
                        let key = (
                            row.status.map(|s| s as u8),
                            row.level,
                            row.age_min,
                            row.age_max,
                            row.disease.as_deref(),
                            row.outside.map(|o| o as u8),
                            row.tier.map(|t| t as u8),
                            param,
                        );
                        if !keys.insert(key) {
                            self.err(ErrorCode::Duplicate, format!("{path}.rows[{k}].{param}"));
                        }
                    }
                }
            }
        }
    }

    fn row(&mut self, row: &Row, path: String) {
        if let Some(ids) = &row.sources {
            self.sources(ids, format!("{path}.sources"));
        }
        // An age band that holds no age (helper-73: 80 to 69 was taken, a row no one matches).
        // Nor one past the oldest age a query may give (MAX_AGE).
        let max_age = crate::error::MAX_AGE;
        if row
            .age_min
            .is_some_and(|min| min > max_age || row.age_max.is_some_and(|max| min > max))
        {
            self.errors.push(Error::new(
                ErrorCode::InvalidValue,
                format!("{path}.age_min"),
                msg!(
                    format!("年龄段不含任何年龄：起始年龄须不大于结束年龄，且不超过 {max_age} 岁"),
                    format!("The age band holds no age: its lower bound must be at most its upper bound, and at most {max_age}"),
                ),
            ));
        }
        if row.ratio.is_some() && row.segments.is_some() {
            self.err(ErrorCode::Duplicate, format!("{path}.segments"));
        }
        if let Some(segs) = &row.segments {
            self.segments(segs, format!("{path}.segments"));
        }
        if let Some(d) = &row.deductible {
            if d.amounts.is_empty() || d.amounts.iter().any(|a| a.is_negative()) {
                self.err(
                    ErrorCode::InvalidAmount,
                    format!("{path}.deductible.amounts"),
                );
            }
            // R5.7a: a yearly limit is of deductibles per admission, at least the first of them.
            if let Some(limit) = d.year_limit {
                let first = d.amounts.first().copied().unwrap_or_default();
                if d.per != DeductiblePer::Admission || limit < first {
                    self.errors.push(Error::new(
                        ErrorCode::InvalidValue,
                        format!("{path}.deductible.year_limit"),
                        msg!(
                            "起付线的年度累计上限只用于按次计的起付线，且不能低于第一次住院的起付线",
                            "A yearly limit on deductibles applies to deductibles per admission, and is at least the first admission's",
                        ),
                    ));
                }
            }
        }
        if row
            .annual_cap
            .as_ref()
            .is_some_and(|c| c.amount.is_negative())
        {
            self.err(
                ErrorCode::NegativeAmount,
                format!("{path}.annual_cap.amount"),
            );
        }
        if let (Some(cap), Some(d)) = (&row.annual_cap, &row.deductible) {
            // A cap on the eligible cost below the deductible leaves the fund nothing to pay: a contradiction.
            let highest = d.amounts.iter().max().copied().unwrap_or_default();
            if cap.basis == CapBasis::Eligible && cap.amount < highest {
                self.err(ErrorCode::InvalidValue, format!("{path}.annual_cap.amount"));
            }
        }
        if let Some(sl) = &row.second_layer {
            self.segments(&sl.segments, format!("{path}.second_layer.segments"));
        }
        // R5.6f: a row gives its layers as a list or in the one-layer form, not both.
        if row.second_layer.is_some() && row.layers.is_some() {
            self.err(ErrorCode::Duplicate, format!("{path}.layers"));
        }
        for (n, l) in row.layers.iter().flatten().enumerate() {
            let at = format!("{path}.layers[{n}]");
            self.segments(&l.segments, format!("{at}.segments"));
            if l.threshold.is_negative() {
                self.err(ErrorCode::NegativeAmount, format!("{at}.threshold"));
            }
            if l.cap.is_some_and(|c| c.is_negative()) {
                self.err(ErrorCode::NegativeAmount, format!("{at}.cap"));
            }
        }
        if row.quota.as_ref().is_some_and(|q| q.amount.is_negative()) {
            self.err(ErrorCode::NegativeAmount, format!("{path}.quota.amount"));
        }
        if let Some(d) = &row.disease {
            // By its code (a query may name it; the data's rows are matched by code).
            if d != "other"
                && !self
                    .p
                    .national
                    .chronic_diseases
                    .iter()
                    .any(|x| x.code == *d)
            {
                self.err(ErrorCode::UnknownDisease, format!("{path}.disease"));
            }
        }
        if row
            .long_stay
            .as_ref()
            .is_some_and(|l| l.split_every_days == Some(0))
        {
            self.err(
                ErrorCode::InvalidValue,
                format!("{path}.long_stay.split_every_days"),
            );
        }
    }

    fn adjustments(&mut self) {
        for (i, t) in self.p.adjustments.iter().enumerate() {
            if !self.known_area(&t.region) {
                self.err(ErrorCode::UnknownRegion, format!("adjustments[{i}].region"));
            }
            self.increasing(
                t.versions.iter().map(|v| v.from),
                &format!("adjustments[{i}].versions"),
            );
            for (j, v) in t.versions.iter().enumerate() {
                let path = format!("adjustments[{i}].versions[{j}]");
                self.sources(&v.sources, format!("{path}.sources"));
                for (k, r) in v.rules.iter().enumerate() {
                    if let Some(field) = r.adjustment.contradiction() {
                        self.err(
                            ErrorCode::InvalidValue,
                            format!("{path}.rules[{k}].adjustment.{field}"),
                        );
                    }
                    if let Some(RatioChange::PpReduction(value)) = r.adjustment.ratio_change() {
                        // A table of unknown start is held to the first national caps (it applies then too).
                        let first = self.p.national.adjustment_caps.first().map(|c| c.from);
                        let cap = v
                            .from
                            .date()
                            .or(first)
                            .and_then(|d| cap_for(self.p, r.category, d));
                        if cap.is_some_and(|c| value > c) {
                            self.err(
                                ErrorCode::AdjustmentOverCap,
                                format!("{path}.rules[{k}].adjustment.value"),
                            );
                        }
                    }
                }
            }
        }
    }
}

impl Validator<'_> {
    /// A dated national rule: its versions in order, each resting on evidence.
    fn dated_rule<T>(&mut self, versions: &[crate::policy::Versioned<T>], path: &str) {
        self.increasing(versions.iter().map(|v| v.from), path);
        for (i, v) in versions.iter().enumerate() {
            self.evidence(&v.sources, format!("{path}[{i}].sources"));
        }
    }

    /// Who is paid where (R1.12, R1.16), and the national waiting period, home level and filing rule (R6.2, R1.12,
    /// R1.1): sources defined, versions dated in order, regions known.
    fn access(&mut self) {
        let n = &self.p.national;
        self.increasing(
            n.resident_waiting_period.iter().map(|v| v.from),
            "national.resident_waiting_period",
        );
        for (i, v) in n.resident_waiting_period.iter().enumerate() {
            self.sources(
                &v.sources,
                format!("national.resident_waiting_period[{i}].sources"),
            );
            // R6.2: months, not centuries (helper-65: 4294967295 overflowed and the wait was dropped unsaid).
            for (field, value, most) in [
                ("fixed_months", v.value.fixed_months, 24),
                ("months_per_lapsed_year", v.value.months_per_lapsed_year, 12),
            ] {
                if value > most {
                    self.errors.push(Error::new(
                        ErrorCode::InvalidValue,
                        format!("national.resident_waiting_period[{i}].value.{field}"),
                        msg!(
                            format!("待遇等待期的月数须在 0 到 {most} 之间"),
                            format!("The waiting period's months must be from 0 to {most}"),
                        ),
                    ));
                }
            }
        }
        self.dated_rule(&n.long_term_at_home, "national.long_term_at_home");
        self.dated_rule(&n.cross_province_filing, "national.cross_province_filing");
        self.dated_rule(
            &n.chronic_list_incomplete,
            "national.chronic_list_incomplete",
        );
        for (i, t) in self.p.access.iter().enumerate() {
            if !self.known_area(&t.region) {
                self.err(ErrorCode::UnknownRegion, format!("access[{i}].region"));
            }
            self.increasing(
                t.versions.iter().map(|v| v.from),
                &format!("access[{i}].versions"),
            );
            for (j, v) in t.versions.iter().enumerate() {
                self.evidence(&v.sources, format!("access[{i}].versions[{j}].sources"));
            }
        }
    }
}

/// The figures a row gives, by parameter name.
pub fn row_params(row: &Row) -> Vec<&'static str> {
    let mut v = Vec::new();
    if row.deductible.is_some() {
        v.push("deductible");
    }
    if row.ratio.is_some() || row.segments.is_some() {
        v.push("ratio");
    }
    if row.annual_cap.is_some() {
        v.push("annual_cap");
    }
    if row.second_layer.is_some() {
        v.push("second_layer");
    }
    if row.layers.is_some() {
        v.push("layers");
    }
    if row.quota.is_some() {
        v.push("quota");
    }
    if row.long_stay.is_some() {
        v.push("long_stay");
    }
    v
}

/// Loading a policies file goes with its checks (the data's reading and validation together): every problem is
/// reported with its JSON path. The built-in data is checked where it is built (tests/validate.rs) and read with
/// `Policies::default_policies`, without this module's checks.
impl Policies {
    /// Parses and validates a policies file; every problem is reported with its JSON path.
    pub fn load(json: &str) -> Result<Policies, Vec<Error>> {
        if json.len() > MAX_POLICIES_BYTES {
            return Err(vec![Error::at(crate::ErrorCode::TooLarge, "")]);
        }
        let p = match Policies::read(json) {
            Ok(p) => p,
            Err(mut first) if first.len() == 1 => {
                return Err(every_reading_error(
                    json,
                    as_policies_error(first.remove(0)),
                ));
            }
            Err(errors) => return Err(errors),
        };
        let errors = validate(&p);
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }
}

/// One step of an error's path: an object's key or a list's index.
#[derive(Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        for i in rest.split(['[', ']']).filter(|x| !x.is_empty()) {
            match i.parse() {
                Ok(i) => out.push(Seg::Index(i)),
                Err(_) => out.push(Seg::Key(i.to_string())),
            }
        }
    }
    out
}

fn path_text(segs: &[Seg]) -> String {
    segs.iter().fold(String::new(), |path, s| match s {
        Seg::Key(k) => crate::read::field_path(&path, k),
        Seg::Index(i) => format!("{path}[{i}]"),
    })
}

/// Removes the value at `segs` (an object's key, a list's element); whether there was one.
fn remove_at(v: &mut serde_json::Value, segs: &[Seg]) -> bool {
    let Some((last, parent)) = segs.split_last() else {
        return false;
    };
    let mut at = v;
    for s in parent {
        let next = match (s, at) {
            (Seg::Key(k), serde_json::Value::Object(m)) => m.get_mut(k),
            (Seg::Index(i), serde_json::Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    match (last, at) {
        (Seg::Key(k), serde_json::Value::Object(m)) => m.remove(k).is_some(),
        (Seg::Index(i), serde_json::Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}

/// A path read after list elements were taken out, as it was in the file: each list's index counted past the
/// elements removed before it.
fn as_in_file(segs: &[Seg], removed: &[(Vec<Seg>, usize)]) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for s in segs {
        match s {
            Seg::Key(_) => out.push(s.clone()),
            Seg::Index(i) => {
                let mut gone: Vec<usize> = removed
                    .iter()
                    .filter(|(list, _)| *list == out)
                    .map(|(_, r)| *r)
                    .collect();
                gone.sort_unstable();
                let mut at = *i;
                for r in gone {
                    if r <= at {
                        at += 1;
                    }
                }
                out.push(Seg::Index(at));
            }
        }
    }
    out
}

/// Every value of a policies file that does not read, not only the first (helper-50: six problems took six runs of
/// `yidi validate`). The typed reading stops at the first; so, on the file as JSON, the value at fault is taken out
/// (the field, or, when the next reading stops at the same place, the object or list element holding it) and the
/// file read again, until it reads or nothing more can be taken out; each problem is named at its path in the file as
/// given. The content checks (`validate`) run once the values read: a file with values that do not read lists those
/// first, then, once mended, every content problem at once.
fn every_reading_error(json: &str, first: Error) -> Vec<Error> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(json) else {
        return vec![first];
    };
    let mut errors: Vec<Error> = Vec::new();
    let mut removed: Vec<(Vec<Seg>, usize)> = Vec::new();
    let mut current = segments(&first.path);
    let mut up = 0;
    errors.push(first);
    // A bound on the rounds (each reads the file again; a problem may take two, its value then its holder): a file can
    // hold many problems, but twenty say enough, and a file with a thousand bad amounts is answered at once (the fuzz
    // test's bound). Stopped by the bound, the list says more may follow.
    let mut read_whole = false;
    for _ in 0..45 {
        if errors.len() >= 20 {
            break;
        }
        if current.len() <= up {
            break;
        }
        let target = &current[..current.len() - up];
        if let Some(Seg::Index(i)) = target.last() {
            let list = as_in_file(&target[..target.len() - 1], &removed);
            let original = match as_in_file(target, &removed).last() {
                Some(Seg::Index(o)) => *o,
                _ => *i,
            };
            if remove_at(&mut value, target) {
                removed.push((list, original));
            }
        } else {
            remove_at(&mut value, target);
        }
        match crate::read::from_json::<Policies>(&value.to_string()) {
            Ok(_) => {
                read_whole = true;
                break;
            }
            Err(e) if e.path.is_empty() => break,
            // The same place again (a required field taken out is now missing): the object or element holding it.
            Err(e) if segments(&e.path) == current => up += 1,
            Err(mut e) => {
                current = segments(&e.path);
                let in_file = path_text(&as_in_file(&current, &removed));
                // The message names the field as the file has it too (it said schedules[9] of schedules[10]; helper-51).
                if in_file != e.path {
                    e.message = Message::new(
                        e.message.zh.replace(&e.path, &in_file),
                        e.message.en.replace(&e.path, &in_file),
                    );
                }
                e.path = in_file;
                // A place said already (its value taken out, now missing): the object or element holding it next.
                if errors.iter().any(|x| x.path == e.path) {
                    up = 1;
                } else if e.code == ErrorCode::MissingField
                    && errors.iter().any(|x| within(&x.path, &e.path))
                {
                    // Missing only because a value inside it was taken out (helper-59: "national is required" after
                    // a value of it that did not read): not said; the holder is taken out next.
                    up = 0;
                } else {
                    up = 0;
                    errors.push(e);
                }
            }
        }
    }
    // Not read whole: more may follow, said also after one problem (helper-59: `{}` listed "version is required" alone).
    if !read_whole {
        let n = errors.len();
        errors.push(Error::new(
            ErrorCode::InvalidValue,
            "",
            if n == 1 {
                Message::new(
                    "可能还有更多问题：改正后请再检查",
                    "There may be more problems: check again once this one is mended",
                )
            } else {
                Message::new(
                    format!("以上只列出前 {n} 处问题，可能还有更多：改正后请再检查"),
                    format!(
                        "Only the first {n} problems are listed and there may be more: check again once they are mended"
                    ),
                )
            },
        ));
    }
    errors
}

/// The note that more problems may follow a listing (`every_reading_error`'s last entry): not a problem of its own
/// (helper-65: counted as one, "政策数据文件有 2 处错误" for one).
pub fn more_may_follow(e: &Error) -> bool {
    e.path.is_empty()
        && (e.message.en.starts_with("There may be more problems")
            || e.message.en.starts_with("Only the first"))
}

/// A policies file's reading error at its root says what a policies file is (it said "A query must be a JSON object",
/// the query's words; helper-65).
pub(crate) fn as_policies_error(mut e: Error) -> Error {
    if e.path.is_empty() && e.code == ErrorCode::InvalidValue {
        e.message = Message::new(
            "政策数据文件应为一个 JSON 对象（{…}）",
            "A policies file must be a JSON object ({…})",
        );
    }
    e
}

/// Whether `path` is `holder` or lies inside it (`a.b[0].c` inside `a.b`, `a` and the whole file, "").
fn within(path: &str, holder: &str) -> bool {
    holder.is_empty()
        || path
            .strip_prefix(holder)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}
