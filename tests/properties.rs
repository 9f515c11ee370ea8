//! Properties over random queries: no panic; the slip adds up; nothing negative; the fund never pays more than the
//! eligible amount above the deductible nor past its cap; raising the bill never lowers what the patient pays. Amounts
//! range over everything the reader accepts (0 to 10,000,000,000 yuan, 0–2 decimals), and an amount just outside
//! that is refused as `invalid_amount` at its path. And over random input: any text, or a query or policies file with
//! any value put anywhere, reads or gets typed errors.

mod common;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;
use yidi::Estimate;

const REGIONS: [&str; 8] = [
    "420100", "440300", "131000", "110000", "330200", "420500", "130100", "460200",
];

fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// 10,000,000,000 yuan in fen: the largest amount the reader accepts.
const MAX_FEN: u64 = 1_000_000_000_000;

/// An amount in fen anywhere in the accepted range, each order of magnitude as likely as the next.
fn fen() -> impl Strategy<Value = u64> {
    prop_oneof![
        20 => (0u32..=12).prop_flat_map(|digits| 0..=10u64.pow(digits)),
        1 => Just(MAX_FEN),
    ]
}

/// Mostly everyday figures (below `everyday` fen), and a third of the time anything in the accepted range.
fn fen_or_everyday(everyday: u64) -> impl Strategy<Value = u64> {
    prop_oneof![2 => 0..everyday, 1 => fen()]
}

/// The fen that `decimals` (0–2) decimals can say: 100, 10 or 1.
fn unit(decimals: u32) -> u64 {
    10u64.pow(2 - decimals)
}

/// Fen as yuan with 0–2 decimals (`fen` a multiple of the unit).
fn yuan_with(fen: u64, decimals: u32) -> String {
    match decimals {
        0 => format!("{}", fen / 100),
        1 => format!("{}.{}", fen / 100, fen % 100 / 10),
        _ => yuan(fen),
    }
}

fn date(day: u32) -> String {
    let d =
        chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    d.to_string()
}

prop_compose! {
    fn bill()(total in fen(), decimals in 0u32..=2, ooc_pct in 0u64..=100, over_pct in 0u64..=30, b_pct in 0u64..=50, rate in 0u32..=100, itemized in any::<bool>()) -> Value {
        let down = |f: u64| f / unit(decimals) * unit(decimals);
        let y = |f: u64| yuan_with(f, decimals);
        let total = down(total);
        let ooc = down(total * ooc_pct / 100);
        let over = down((total - ooc) * over_pct / 100);
        let b = down((total - ooc - over) * b_pct / 100);
        let rate = format!("0.{rate:02}").replace("0.100", "1");
        if itemized {
            let a = total - ooc - over - b;
            json!({"lines": [
                {"amount": y(ooc), "class": "C"},
                {"amount": y(a + over), "class": "A", "over_limit": y(over)},
                {"amount": y(b), "class": "B", "prepay_rate": rate}
            ]})
        } else {
            json!({"total": y(total), "out_of_catalogue": y(ooc), "over_limit": y(over), "class_b": {"amount": y(b), "prepay_rate": rate}})
        }
    }
}

fn adjustment() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (0u32..=30).prop_map(|p| json!({"op": "pp_reduction", "value": format!("0.{p:02}")})),
        (50u32..=100).prop_map(|p| json!({"op": "multiplier", "value": if p == 100 { "1".to_string() } else { format!("0.{p:02}") }})),
        (0u32..=20).prop_map(|p| json!({"op": "prepay_share", "value": format!("0.{p:02}")})),
        (0u32..=30, fen_or_everyday(500_000)).prop_map(|(s, m)| json!({"op": "deductible_override", "share": format!("0.{s:02}"), "min": yuan(m)})),
    ]
}

prop_compose! {
    fn overrides()(ded in fen_or_everyday(300_000), ratio in 0u32..=100, banded in any::<bool>(), cap in prop::option::of(fen_or_everyday(50_000_000)),
                   cap_on_eligible in any::<bool>(), second in prop::option::of((fen_or_everyday(3_000_000), 0u32..=100, any::<bool>())),
                   adj in adjustment()) -> Value {
        let r = |p: u32| if p >= 100 { "1".to_string() } else { format!("0.{p:02}") };
        let mut o = json!({"deductible": yuan(ded)});
        if banded {
            o["segments"] = json!([{"up_to": "10000", "ratio": r(ratio / 2)}, {"up_to": "50000", "ratio": r(ratio)}, {"ratio": r((ratio + 5).min(100))}]);
        } else {
            o["ratio"] = json!(r(ratio));
        }
        if let Some(c) = cap {
            o["annual_cap"] = json!(yuan(c));
            o["annual_cap_basis"] = json!(if cap_on_eligible { "eligible" } else { "fund" });
        }
        if let Some((t, p, above_cap)) = second {
            o["second_layer"] = json!({"threshold": yuan(t), "segments": [{"up_to": "30000", "ratio": r(p)}, {"ratio": r((p + 10).min(100))}], "cap": "300000",
                                       "applies_to": if above_cap { "above_basic_cap" } else { "patient_share" }});
        }
        if !adj.is_null() {
            o["adjustment"] = adj;
        }
        o
    }
}

/// A layer of any kind on either base, with bands, a cap or none, maybe limited to a group (R5.6f).
fn layer() -> impl Strategy<Value = Value> {
    (0usize..5, any::<bool>(), fen_or_everyday(3_000_000), 0u32..=100, prop::option::of(fen_or_everyday(50_000_000)), 0usize..3)
        .prop_map(|(kind, above_cap, threshold, p, cap, group)| {
            let kinds = ["large_expense", "critical_illness", "supplementary", "civil_servant", "medical_assistance"];
            let r = |p: u32| if p >= 100 { "1".to_string() } else { format!("0.{p:02}") };
            let mut l = json!({"kind": kinds[kind], "threshold": yuan(threshold),
                               "segments": [{"up_to": "50000", "ratio": r(p)}, {"ratio": r((p + 10).min(100))}],
                               "applies_to": if above_cap { "above_basic_cap" } else { "patient_share" }});
            if let Some(c) = cap {
                l["cap"] = json!(yuan(c));
            }
            if group > 0 {
                l["only_for"] = json!(["civil_servant", "assistance_recipient"][group - 1]);
            }
            l
        })
}

prop_compose! {
    /// Issue 13's fields: layers in place of the second layer, a quota, groups, both accounts, this year's use.
    fn issue_13()(layers in prop::option::of(prop::collection::vec(layer(), 0..4)),
                  quota in prop::option::of((fen_or_everyday(1_000_000), any::<bool>(), any::<bool>(), fen_or_everyday(1_000_000))),
                  groups in 0usize..4, own in prop::option::of(fen_or_everyday(1_000_000)), family in prop::option::of(fen_or_everyday(1_000_000)),
                  used in prop::option::of((fen_or_everyday(3_000_000), fen_or_everyday(1_000_000)))) -> Value {
        let mut q = json!({"overrides": {}, "history": {}});
        if let Some(l) = layers {
            q["overrides"]["layers"] = json!(l);
            q["overrides"]["second_layer"] = Value::Null;
            if let Some((base, paid)) = used {
                q["history"]["layers"] = json!(l.iter().map(|x| json!({"kind": x["kind"], "base_so_far": yuan(base), "paid": yuan(paid)})).collect::<Vec<_>>());
            }
        }
        if let Some((amount, monthly, on_eligible, used)) = quota {
            q["overrides"]["quota"] = json!({"amount": yuan(amount), "period": if monthly { "month" } else { "year" },
                                             "basis": if on_eligible { "eligible" } else { "fund" }});
            q["history"]["quota_used"] = json!(yuan(used));
        }
        q["groups"] = [json!([]), json!(["civil_servant"]), json!(["assistance_recipient"]), json!(["civil_servant", "assistance_recipient"])][groups].clone();
        if own.is_some() || family.is_some() {
            q["personal_account"] = json!({"own": own.map(yuan), "family": family.map(yuan)});
        }
        q
    }
}

prop_compose! {
    fn query()(insured in 0usize..REGIONS.len(), treated in 0usize..REGIONS.len(), employee in any::<bool>(), retired in any::<bool>(),
               kind in 0usize..5, level in 0usize..4, networked in any::<bool>(), emergency in any::<bool>(), enrolled in prop::bool::weighted(0.9),
               day in 0u32..1400, stay in 0u32..40, filing in prop::option::of((0usize..4, -200i64..200, prop::option::of(0u32..400))),
               bill in bill(), overrides in overrides(),
               history in (0u32..4, fen_or_everyday(200_000), fen_or_everyday(10_000_000), fen_or_everyday(10_000_000), fen_or_everyday(10_000_000)),
               balance in prop::option::of(fen_or_everyday(1_000_000)), situations in situations()) -> Value {
        let kinds = ["inpatient", "outpatient", "chronic_outpatient", "pharmacy", "maternity"];
        let levels = ["community", "primary", "secondary", "tertiary"];
        let mut q = json!({
            "insured": {"region": REGIONS[insured], "scheme": if employee { "employee" } else { "resident" },
                        "status": if retired { "retired" } else { "employed" }, "enrolled": enrolled},
            "visit": {"region": REGIONS[treated], "kind": kinds[kind], "hospital_level": levels[level], "networked": networked,
                      "emergency": emergency, "admission": date(day), "discharge": date(day + stay), "date": date(day),
                      "chronic_disease": "diabetes"},
            "bill": bill,
            "history": {"admissions": history.0, "deductible_paid": yuan(history.1), "fund_paid": yuan(history.2),
                        "eligible_so_far": yuan(history.3), "second_layer_base_so_far": yuan(history.4)},
            "overrides": overrides
        });
        if let Some((cat, shift, len)) = filing {
            let cats = ["long_term", "referral", "emergency", "temporary_other"];
            let start = (i64::from(day) + shift).max(0) as u32;
            q["filing"] = json!({"category": cats[cat], "start": date(start), "area": REGIONS[treated]});
            if let Some(l) = len {
                q["filing"]["end"] = json!(date(start + l));
            }
        }
        if let Some(b) = balance {
            q["personal_account_balance"] = json!(yuan(b));
        }
        // Issue 13: the waiting period, a list of filings, designated institutions (kind 4 is childbirth above).
        let (wait, filings, designated) = situations;
        match wait {
            Wait::None => {}
            Wait::Given(d) => q["insured"]["benefits_from"] = json!(date(d)),
            Wait::Enrolled(d, lapsed) => {
                q["insured"]["enrolled_on"] = json!(date(d));
                q["insured"]["lapsed_years"] = json!(lapsed);
            }
        }
        if !filings.is_empty() {
            let cats = ["long_term", "referral", "emergency", "temporary_other", "maternity"];
            let list: Vec<Value> = filings
                .iter()
                .map(|(cat, area, shift, len)| {
                    let start = (i64::from(day) + shift).max(0) as u32;
                    let mut f = json!({"category": cats[*cat], "start": date(start), "area": REGIONS[*area]});
                    if let Some(l) = len {
                        f["end"] = json!(date(start + l));
                    }
                    f
                })
                .collect();
            // A single filing held beside the list would be refused: it joins the list instead.
            let mut all: Vec<Value> = q.as_object_mut().and_then(|o| o.remove("filing")).into_iter().collect();
            all.extend(list);
            q["filings"] = json!(all);
        }
        if let Some(d) = designated {
            q["visit"]["designated"] = json!(d);
        }
        q
    }
}

#[derive(Clone, Debug)]
enum Wait {
    None,
    Given(u32),
    Enrolled(u32, u32),
}

type FilingSpec = (usize, usize, i64, Option<u32>);

/// The fields of issue 13's first half: when benefits start, several filings, a designated institution or not.
fn situations() -> impl Strategy<Value = (Wait, Vec<FilingSpec>, Option<bool>)> {
    let wait = prop_oneof![
        3 => Just(Wait::None),
        1 => (0u32..1500).prop_map(Wait::Given),
        1 => (0u32..1500, 0u32..=8).prop_map(|(d, n)| Wait::Enrolled(d, n)),
    ];
    let filing = (
        0usize..5,
        0usize..REGIONS.len(),
        -200i64..200,
        prop::option::of(0u32..400),
    );
    let filings = prop_oneof![2 => Just(Vec::new()), 1 => prop::collection::vec(filing, 1..4)];
    let designated = prop::option::of(prop::bool::weighted(0.7));
    (wait, filings, designated)
}

fn amount(e: &Estimate, key: &str) -> Decimal {
    e.line(key).map(|l| l.amount.0).unwrap_or_default()
}

/// What the situations of issue 13 promise: nothing paid before benefits start or at a non-designated institution
/// (unless the route is a claim the data allows), and the filing named is one of those held.
fn check_situations(q: &Value, e: &Estimate) {
    use yidi::estimate::{NotCoveredReason, Route};
    if e.settlement.route == Route::NotCovered {
        assert_eq!(e.fund_pays.0, Decimal::ZERO, "nothing from the fund: {q}");
        assert_eq!(e.second_layer_pays.0, Decimal::ZERO, "{q}");
    }
    let admission = q["visit"]["admission"].as_str().unwrap_or_default();
    let on = if q["visit"]["kind"] == "inpatient" || q["visit"]["kind"] == "maternity" {
        admission
    } else {
        q["visit"]["date"].as_str().unwrap_or_default()
    };
    if let Some(from) = q["insured"]["benefits_from"].as_str() {
        if on < from && q["insured"]["enrolled"] == true {
            assert_eq!(
                e.settlement.reason,
                Some(NotCoveredReason::WaitingPeriod),
                "admitted before benefits start: {q}"
            );
        }
        if on >= from {
            assert_ne!(
                e.settlement.reason,
                Some(NotCoveredReason::WaitingPeriod),
                "{q}"
            );
        }
    }
    if q["visit"]["designated"] == false {
        assert!(
            matches!(e.settlement.route, Route::NotCovered | Route::Manual),
            "a non-designated institution never settles at the hospital: {q}"
        );
    }
    if q["visit"]["designated"].is_null()
        && q["insured"]["benefits_from"].is_null()
        && q["insured"]["enrolled_on"].is_null()
    {
        assert!(
            !matches!(
                e.settlement.reason,
                Some(NotCoveredReason::WaitingPeriod | NotCoveredReason::NotDesignated)
            ),
            "old queries are not touched by the new rules: {q}"
        );
    }
    let held = q["filings"]
        .as_array()
        .map_or(usize::from(q["filing"].is_object()), Vec::len);
    if let Some(u) = &e.filing.filing_used {
        assert!(u.index < held, "the filing named is one held: {q}");
    }
}

fn check_invariants(q: &Value, e: &Estimate) {
    check_situations(q, e);
    let total = amount(e, "total");
    let split = amount(e, "out_of_catalogue")
        + amount(e, "over_limit")
        + amount(e, "class_b_prepay")
        + amount(e, "adjustment_prepay")
        + amount(e, "eligible");
    assert_eq!(
        total, split,
        "the catalogue split adds up to the total: {q}"
    );
    let eligible = amount(e, "eligible");
    let parts = amount(e, "deductible")
        + amount(e, "fund")
        + amount(e, "coinsurance")
        + amount(e, "over_cap")
        + amount(e, "over_quota");
    assert_eq!(
        eligible, parts,
        "the eligible cost splits into deductible, fund, co-payment, overrun and the part above the quota: {q}"
    );
    assert_eq!(
        e.patient_pays.0,
        total - e.fund_pays.0 - e.second_layer_pays.0,
        "{q}"
    );
    assert_eq!(e.account_pays.0 + e.cash_pays.0, e.patient_pays.0, "{q}");
    for l in &e.lines {
        assert!(!l.amount.is_negative(), "{} is negative in {q}", l.key);
        assert!(
            l.amount.0.scale() <= 2,
            "{} is not rounded to the fen",
            l.key
        );
    }
    assert!(
        e.fund_pays.0 <= eligible - amount(e, "deductible"),
        "the fund pays at most the eligible cost above the deductible: {q}"
    );
    let cap = q["overrides"]["annual_cap"]
        .as_str()
        .map(|c| Decimal::from_str(c).unwrap());
    if let (Some(cap), Some("fund")) = (cap, q["overrides"]["annual_cap_basis"].as_str()) {
        let paid = Decimal::from_str(q["history"]["fund_paid"].as_str().unwrap()).unwrap();
        assert!(
            e.fund_pays.0 <= (cap - paid).max(Decimal::ZERO),
            "the fund stops at its annual cap: {q}"
        );
    }
    let share = amount(e, "deductible")
        + amount(e, "coinsurance")
        + amount(e, "over_cap")
        + amount(e, "over_quota");
    assert!(e.second_layer_pays.0 <= share, "{q}");
    check_issue_13(q, e);
}

fn money(v: &Value) -> Option<Decimal> {
    v.as_str().map(|c| Decimal::from_str(c).unwrap())
}

/// Issue 13's invariants: the layers add up to what they pay together, each within its cap and its group; the part
/// above the cap left for the layers is never overpaid; the fund stops at its quota; each account pays at most its
/// balance, and together they pay at most the in-scope share and the patient's share.
fn check_issue_13(q: &Value, e: &Estimate) {
    let layer_keys = [
        "second_layer",
        "large_expense",
        "critical_illness",
        "supplementary",
        "civil_servant",
        "medical_assistance",
    ];
    let layer_lines: Vec<_> = e
        .lines
        .iter()
        .filter(|l| layer_keys.contains(&l.key))
        .collect();
    let sum: Decimal = layer_lines.iter().map(|l| l.amount.0).sum();
    assert_eq!(sum, e.second_layer_pays.0, "the layers add up: {q}");
    if let Some(layers) = q["overrides"]["layers"].as_array() {
        if e.settlement.route != yidi::estimate::Route::NotCovered {
            assert_eq!(layer_lines.len(), layers.len(), "one line per layer: {q}");
        }
        let groups = q["groups"].as_array().cloned().unwrap_or_default();
        let history = q["history"]["layers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (l, line) in layers.iter().zip(&layer_lines) {
            if let Some(cap) = money(&l["cap"]) {
                let paid = history
                    .iter()
                    .find(|h| h["kind"] == l["kind"])
                    .and_then(|h| money(&h["paid"]))
                    .unwrap_or_default();
                assert!(
                    line.amount.0 <= (cap - paid).max(Decimal::ZERO),
                    "{} within its cap: {q}",
                    line.key
                );
            }
            if !l["only_for"].is_null() && !groups.contains(&l["only_for"]) {
                assert!(
                    line.amount.0.is_zero(),
                    "{} only for its group: {q}",
                    line.key
                );
            }
        }
        let above: Decimal = layers
            .iter()
            .zip(&layer_lines)
            .filter(|(l, _)| l["applies_to"] == "above_basic_cap")
            .map(|(_, line)| line.amount.0)
            .sum();
        assert!(
            above <= amount(e, "over_cap"),
            "the cost above the cap is paid at most once: {q}"
        );
    }
    let quota = &q["overrides"]["quota"];
    if let (Some(a), Some("fund")) = (money(&quota["amount"]), quota["basis"].as_str()) {
        let used = money(&q["history"]["quota_used"]).unwrap_or_default();
        assert!(
            e.fund_pays.0 <= (a - used).max(Decimal::ZERO),
            "the fund stops at its quota: {q}"
        );
    }
    let own = money(&q["personal_account"]["own"]).or(money(&q["personal_account_balance"]));
    let family = money(&q["personal_account"]["family"]);
    let (own_paid, family_paid) = (amount(e, "account"), amount(e, "family_account"));
    assert!(
        own_paid <= own.unwrap_or_default(),
        "the own account within its balance: {q}"
    );
    assert!(
        family_paid <= family.unwrap_or_default(),
        "the family account within its balance: {q}"
    );
    assert_eq!(own_paid + family_paid, e.account_pays.0, "{q}");
    assert_eq!(family_paid, e.family_account_pays.0, "{q}");
    let in_scope = e.patient_pays.0 - amount(e, "out_of_catalogue") - amount(e, "over_limit");
    assert!(
        e.account_pays.0 <= in_scope.max(Decimal::ZERO) && e.account_pays.0 <= e.patient_pays.0,
        "the accounts pay at most the in-scope share: {q}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn estimates_hold_their_invariants(q in query()) {
        if let Ok(e) = common::try_run(&q) {
            check_invariants(&q, &e);
        }
    }

    #[test]
    fn one_filing_or_a_list_of_one_is_the_same_query(q in query()) {
        // R1.13: `filing` is the one-item form of `filings`.
        let Some(f) = q.get("filing").cloned() else { return Ok(()) };
        let mut listed = q.clone();
        listed.as_object_mut().unwrap().remove("filing");
        listed["filings"] = json!([f]);
        match (common::try_run(&q), common::try_run(&listed)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.fund_pays, b.fund_pays, "{}", q);
                prop_assert_eq!(a.patient_pays, b.patient_pays, "{}", q);
                prop_assert_eq!(a.filing.status, b.filing.status, "{}", q);
                prop_assert_eq!(a.settlement.route, b.settlement.route, "{}", q);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code, b.code, "{}", q),
            (a, b) => prop_assert!(false, "{:?} vs {:?} for {}", a.err(), b.err(), q),
        }
    }

    #[test]
    fn estimates_with_layers_quotas_accounts_and_long_stays_hold_their_invariants(q in query(), x in issue_13(), long in 1u32..=12) {
        let mut q = q;
        if x.get("personal_account").is_some() {
            q.as_object_mut().unwrap().remove("personal_account_balance");
        }
        common::merge(&mut q, &x);
        // Stays up to a year and more: across the benefit year, and long enough for a split (R5.7).
        let admission = q["visit"]["admission"].as_str().unwrap().to_string();
        let a = chrono::NaiveDate::parse_from_str(&admission, "%Y-%m-%d").unwrap();
        q["visit"]["discharge"] = json!((a + chrono::Days::new(u64::from(long) * 37)).to_string());
        if let Ok(e) = common::try_run(&q) {
            check_invariants(&q, &e);
        }
    }

    #[test]
    fn raising_the_bill_never_lowers_what_the_patient_pays(q in query(), extra in 1u64..5_000_000) {
        let Ok(before) = common::try_run(&q) else { return Ok(()) };
        let mut more = q.clone();
        // Add an eligible class-A amount: as a line, or to the total (which stays within the accepted range).
        if let Some(lines) = more["bill"]["lines"].as_array_mut() {
            lines.push(json!({"amount": yuan(extra), "class": "A"}));
        } else {
            let total = Decimal::from_str(more["bill"]["total"].as_str().unwrap()).unwrap();
            let t = (total + Decimal::new(extra as i64, 2)).min(Decimal::new(MAX_FEN as i64, 2));
            if t == total {
                return Ok(());
            }
            more["bill"]["total"] = json!(t.to_string());
        }
        let after = common::try_run(&more).expect("a larger bill of the same query is still valid");
        prop_assert!(after.patient_pays >= before.patient_pays, "patient {} → {} for {}", before.patient_pays, after.patient_pays, q);
    }

    #[test]
    fn an_amount_just_outside_the_accepted_range_is_an_invalid_amount(field in 0usize..AMOUNT_FIELDS.len(), (text, as_number) in outside()) {
        let (pointer, path) = AMOUNT_FIELDS[field];
        let mut q = with_every_amount();
        let value = if as_number { Value::Number(text.parse().unwrap()) } else { json!(text) };
        *q.pointer_mut(pointer).unwrap() = value;
        let result = yidi::parse_query(&q.to_string()).and_then(|q| yidi::estimate(common::policies(), &q));
        let e = result.expect_err("an amount out of range is refused");
        prop_assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_amount", path), "{} at {}", text, path);
    }

    #[test]
    fn arbitrary_json_never_panics(text in "\\PC{0,200}") {
        let _ = yidi::parse_query(&text).map(|q| yidi::estimate(common::policies(), &q));
    }

    #[test]
    fn a_query_with_any_value_anywhere_reads_or_names_its_problem(pick in any::<prop::sample::Index>(), v in odd_value()) {
        let mut q = common::base();
        let at = replace_somewhere(&mut q, pick, v);
        if let Err(e) = yidi::parse_query(&q.to_string()).and_then(|q| yidi::estimate(common::policies(), &q)) {
            prop_assert!(!e.message.zh.is_empty() && !e.message.en.is_empty(), "{at}: {e:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_policies_file_with_any_value_anywhere_loads_or_lists_its_problems(pick in any::<prop::sample::Index>(), v in odd_value()) {
        let mut p: Value = serde_json::from_str(yidi::policy::DEFAULT_POLICIES).unwrap();
        let at = replace_somewhere(&mut p, pick, v);
        if let Err(errors) = yidi::Policies::load(&p.to_string()) {
            prop_assert!(!errors.is_empty(), "{at}");
            prop_assert!(errors.iter().all(|e| !e.message.zh.is_empty()), "{at}: {errors:?}");
        }
    }
}

/// Where a query holds an amount, as a JSON pointer into [`with_every_amount`] and as the path an error names.
const AMOUNT_FIELDS: [(&str, &str); 21] = [
    ("/bill/total", "bill.total"),
    ("/bill/out_of_catalogue", "bill.out_of_catalogue"),
    ("/bill/over_limit", "bill.over_limit"),
    ("/bill/class_b/amount", "bill.class_b.amount"),
    ("/bill/lines/0/amount", "bill.lines[0].amount"),
    ("/bill/lines/1/over_limit", "bill.lines[1].over_limit"),
    ("/history/deductible_paid", "history.deductible_paid"),
    ("/history/fund_paid", "history.fund_paid"),
    ("/history/eligible_so_far", "history.eligible_so_far"),
    (
        "/history/second_layer_base_so_far",
        "history.second_layer_base_so_far",
    ),
    ("/history/second_layer_paid", "history.second_layer_paid"),
    ("/personal_account_balance", "personal_account_balance"),
    ("/overrides/deductible", "overrides.deductible"),
    ("/overrides/annual_cap", "overrides.annual_cap"),
    (
        "/overrides/second_layer/threshold",
        "overrides.second_layer.threshold",
    ),
    ("/overrides/second_layer/cap", "overrides.second_layer.cap"),
    ("/personal_account/family", "personal_account.family"),
    ("/history/quota_used", "history.quota_used"),
    (
        "/history/layers/0/base_so_far",
        "history.layers[0].base_so_far",
    ),
    ("/overrides/quota/amount", "overrides.quota.amount"),
    ("/overrides/layers/0/cap", "overrides.layers[0].cap"),
];

/// A valid query with an amount in every field of [`AMOUNT_FIELDS`]: a bill of lines with the totals that agree.
fn with_every_amount() -> Value {
    common::with(json!({
        "bill": {"total": "30000", "out_of_catalogue": "10000", "over_limit": "500", "class_b": {"amount": "2300", "prepay_rate": "0.1"},
                 "lines": [{"amount": "10000", "class": "C"}, {"amount": "17600", "class": "A", "over_limit": "400"},
                           {"amount": "2400", "class": "B", "over_limit": "100"}]},
        "history": {"deductible_paid": "0", "fund_paid": "1000", "eligible_so_far": "2000", "second_layer_base_so_far": "300", "second_layer_paid": "0",
                    "quota_used": "10", "layers": [{"kind": "critical_illness", "base_so_far": "300"}]},
        "personal_account_balance": "500.5",
        "personal_account": {"family": "200"},
        "overrides": {"deductible": "800", "annual_cap": "500000",
                      "second_layer": {"threshold": "30000", "segments": [{"ratio": "0.6"}], "cap": "300000"},
                      "layers": [{"kind": "critical_illness", "segments": [{"ratio": "0.6"}], "cap": "300000"}],
                      "quota": {"amount": "100000", "period": "year"}}
    }))
}

#[test]
fn the_query_with_every_amount_is_valid() {
    let e = common::run(&with_every_amount());
    assert_eq!(common::line(&e, "total"), "30000.00");
}

/// Amounts the reader must refuse as `invalid_amount`: just above 10,000,000,000 yuan, far above it (up to 28 digits),
/// or with a third to a 26th decimal that is not zero; as a string or as a JSON number.
fn outside() -> impl Strategy<Value = (String, bool)> {
    let text = prop_oneof![
        (1u64..=1_000_000).prop_map(|f| yuan(MAX_FEN + f)),
        (MAX_FEN / 100 + 1..=u64::MAX / 100).prop_map(|y| y.to_string()),
        (12usize..=28).prop_map(|n| "9".repeat(n)),
        (0..=MAX_FEN, 0usize..=23, 1u32..=9).prop_map(|(f, zeros, last)| format!(
            "{}{}{last}",
            yuan(f),
            "0".repeat(zeros)
        )),
    ];
    (text, any::<bool>())
}

/// A value of any JSON type, including ones no field takes.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[0-9.eE+-]{0,12}".prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
        Just(json!([])),
        Just(json!({"x": 1})),
        Just(json!(["2025-01-01", 1, null])),
    ]
}

/// Replaces one value of the document (any depth, picked by `pick`) with `v`; returns where, as a JSON pointer.
fn replace_somewhere(doc: &mut Value, pick: prop::sample::Index, v: Value) -> String {
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let at = all[pick.index(all.len())].clone();
    match doc.pointer_mut(&at) {
        Some(slot) => *slot = v,
        None => *doc = v,
    }
    at
}
