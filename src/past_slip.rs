//! The fund's ratio worked out from a settlement slip (结算单) the person already has, from a stay in the same city
//! (issue 11, "from your own past slip"; docs/rules.md R3.1: the insured region's own ratio applies).
//!
//! On a slip, the basic fund paid 统筹支付 = (政策范围内费用 − 起付线) × ratio, as long as the stay stayed below the annual
//! cap. So ratio = 统筹支付 ÷ (政策范围内费用 − 起付线), rounded to the fewest places (two to four) that give the slip's
//! fund to the fen (88.8%; a cut ratio 71.04%). The result is a `user` figure: the person enters it as `overrides.ratio`.

use crate::error::{Error, ErrorCode, Message};
use crate::money::{Money, Rate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The three figures read off a past slip.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct PastSlip {
    /// 政策范围内费用 (or 符合范围内费用): the eligible cost.
    pub eligible: Money,
    /// 起付线 (起付标准) paid on that stay.
    #[serde(default, deserialize_with = "crate::read::null_default")]
    #[cfg_attr(feature = "schema", ts(optional = nullable))]
    pub deductible: Money,
    /// 统筹支付 (基金支付 of the basic fund alone, without 大病/大额).
    pub fund_paid: Money,
    /// The language of the answer's words (absent: all three), as a query's `locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", ts(optional))]
    pub locale: Option<crate::error::Locale>,
}

/// The ratio, the arithmetic that gave it, and the slip's fund recomputed with the rounded ratio as a check.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct DerivedRatio {
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub ratio: Rate,
    /// The ratio in percent, as the form's ratio field takes it (`88.8`).
    pub percent: String,
    pub formula: Message,
    /// What the rounded ratio gives for the same slip; equal to `fund_paid` unless the slip hit a cap or band.
    #[cfg_attr(feature = "schema", ts(as = "String"))]
    pub recomputed: Money,
    pub warnings: Vec<crate::estimate::Warning>,
}

/// The ratio of a past slip. Errors name the slip's field: nothing above the deductible (`deductible`), or a fund
/// share above what was paid above it (`fund_paid`).
pub fn ratio_from_slip(s: &PastSlip) -> Result<DerivedRatio, Error> {
    for (path, m) in [
        ("eligible", s.eligible),
        ("deductible", s.deductible),
        ("fund_paid", s.fund_paid),
    ] {
        m.check().map_err(|code| Error::at(code, path))?;
    }
    let payable = s.eligible.0 - s.deductible.0;
    if payable <= Decimal::ZERO && s.fund_paid.0 > Decimal::ZERO {
        // The fund paid although nothing was above the deductible: one of the slip's figures is not what it says.
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "eligible",
            msg!(
                format!("结算单上统筹支付了 {} 元，但政策范围内费用不高于起付线：请核对政策范围内费用（“符合范围”或“政策范围内”金额）和起付线", s.fund_paid),
                format!("The slip says the fund paid {}, yet the eligible cost is not above the deductible: check the eligible amount (\"符合范围\" or \"政策范围内\") and the deductible", s.fund_paid),
            ),
        ));
    }
    if payable <= Decimal::ZERO {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            // With no deductible given, the eligible cost is what is wrong (helper-49: the error sat at a field not
            // filled in).
            if s.deductible.0.is_zero() {
                "eligible"
            } else {
                "deductible"
            },
            msg!(
                "起付线不低于政策范围内费用：这张结算单上基金未按比例支付，推算不出比例",
                "The deductible is not below the eligible cost: the fund paid no share on this slip, so no ratio follows",
            ),
        ));
    }
    if s.fund_paid.0 > payable {
        return Err(Error::new(
            ErrorCode::InvalidRate,
            "fund_paid",
            msg!(
                "统筹支付超过了政策范围内费用减起付线：请核对是否把大病/大额或个人账户也算进了统筹支付",
                "The fund paid more than the eligible cost above the deductible: check that the second layer \
                 (critical-illness or large-expense insurance) or the personal account are not included",
            ),
        ));
    }
    // The shortest ratio, to a thousandth of a percentage point at most, that gives the slip's fund to the fen (a cut
    // of a published ratio has four places: 88.8% × 0.8 = 71.04%, which three places gave as 71%, 4.00 off; 78.125%
    // has five, and was flagged as a band; helper-45); else the ratio to a tenth of a point, and the warning below.
    let exact = s.fund_paid.0 / payable;
    let at = |dp: u32| {
        Rate(
            exact
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    };
    let payable = Money(payable);
    let ratio = (2..=5)
        .map(at)
        .find(|r| payable.times(*r).round() == s.fund_paid)
        .unwrap_or_else(|| at(3));
    let recomputed = payable.times(ratio).round();
    // No share at all (nothing paid, or a few fen of a large bill): the slip shows no ratio, not a ratio of 0% to
    // estimate with (helper-45: "0%" said with confidence).
    if ratio.0.is_zero() {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "fund_paid",
            msg!(
                format!("结算单上统筹支付为 {}，几乎没有按比例支付：这次可能未按医保结算（全自费、未备案或不予支付），推算不出比例；请核对统筹支付金额", s.fund_paid),
                format!("The slip's fund payment, {}, is next to nothing: that stay may not have been settled by the insurance (self-paid, unfiled or not covered), and no ratio follows; check the fund's amount", s.fund_paid),
            ),
        ));
    }
    let formula = msg!(
        format!(
            "{} ÷ ({} − {}) = {} ÷ {payable} ≈ {ratio}",
            s.fund_paid, s.eligible, s.deductible, s.fund_paid
        ),
        format!(
            "{} ÷ ({} − {}) = {} ÷ {payable} ≈ {ratio}",
            s.fund_paid, s.eligible, s.deductible, s.fund_paid
        ),
    );
    let mut warnings = Vec::new();
    if (recomputed.0 - s.fund_paid.0).abs() > Decimal::new(1, 0) {
        warnings.push(crate::estimate::Warning::new(
            "past_slip_not_flat",
            format!(
                "按 {ratio} 重算得 {recomputed}，与结算单的 {} 不符：那次住院可能触及封顶线或分段比例，推算的比例仅供参考",
                s.fund_paid
            ),
            format!(
                "At {ratio} the slip would give {recomputed}, not {}: that stay may have reached a cap or a band, so \
                 this ratio is only a guide",
                s.fund_paid
            ),
        ));
    }
    // What the ratio holds for, said with it (the tool's one caveat that always applies): that stay's scheme, status
    // and hospital level, as the region's ratio at home, with the cut for a visit elsewhere applied on top of it by the
    // estimate (a slip of a stay elsewhere has its cut in it already, and would be cut twice).
    warnings.push(crate::estimate::Warning::new(
        "past_slip_scope",
        "推算出的是那次住院的比例：只适用于相同险种、人员类别和同级医院（等级不同，比例往往不同）；它按参保地本地的比例使用，异地就医的降幅会另行扣减，所以结算单应是在参保地本地住院的；异地就医的结算单已含降幅，用它会重复扣减",
        "This is that stay's ratio: it holds for the same scheme, status and hospital level (another level often has another ratio); it is used as your region's own ratio at home, and a cut for treatment elsewhere is applied on top, so the slip should be from a stay at home: a slip from a stay elsewhere has the cut in it already, and it would be cut twice",
    ));
    Ok(DerivedRatio {
        ratio,
        percent: (ratio.0 * Decimal::ONE_HUNDRED).normalize().to_string(),
        formula,
        recomputed,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn slip(e: &str, d: &str, f: &str) -> PastSlip {
        let m = |t: &str| Money(Decimal::from_str(t).unwrap());
        PastSlip {
            eligible: m(e),
            deductible: m(d),
            fund_paid: m(f),
            locale: None,
        }
    }

    #[test]
    fn the_ratio_of_a_published_slip_is_found_with_its_arithmetic() {
        // examples.md E1: (20000 − 800) × 88.8% = 17049.60.
        let r = ratio_from_slip(&slip("20000", "800", "17049.60")).unwrap();
        assert_eq!(r.ratio.to_string(), "88.8%");
        assert_eq!(r.recomputed.to_string(), "17049.60");
        assert_eq!(
            r.formula.zh,
            "17049.60 ÷ (20000.00 − 800.00) = 17049.60 ÷ 19200.00 ≈ 88.8%"
        );
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].code, "past_slip_scope");
    }

    #[test]
    fn a_cut_ratio_keeps_its_four_places() {
        // 88.8% × 0.8 = 71.04% (a cross-region cut as a multiplier): three places gave 71%, 4.00 off, and a warning.
        let r = ratio_from_slip(&slip("10000", "0", "7104")).unwrap();
        assert_eq!(r.ratio.to_string(), "71.04%");
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].code, "past_slip_scope");
        // The shortest that gives the fund to the fen: 88.8%, not 88.80%.
        let r = ratio_from_slip(&slip("10000", "0", "8880")).unwrap();
        assert_eq!(r.ratio.to_string(), "88.8%");
    }

    #[test]
    fn slips_that_give_no_ratio_are_refused_by_field() {
        let cases = [
            (slip("800", "800", "0"), "deductible"),
            (slip("800", "800", "5"), "eligible"),
            (slip("1000", "800", "300"), "fund_paid"),
            (slip("1000", "0", "-1"), "fund_paid"),
        ];
        for (s, path) in cases {
            assert_eq!(ratio_from_slip(&s).unwrap_err().path, path);
        }
    }

    #[test]
    fn a_slip_that_hit_a_band_is_flagged() {
        let r = ratio_from_slip(&slip("100000", "1000", "50000")).unwrap();
        assert_eq!(r.ratio.to_string(), "50.5%");
        assert_eq!(r.warnings[0].code, "past_slip_not_flat");
    }
}
