//! One call for a form (issue 10): the pipeline's views of a query together, and the courses open to the person.

use crate::estimate::{self, ParameterUsed, Settlement, Warning};
use crate::pipeline::{estimate, figures, verdict};
use crate::{options, query, Error, Estimate, Policies, Query};
use serde::Serialize;

/// Everything the page shows for a query, from one call (issue 10): the filing verdict and route, every figure with
/// its source and basis, the figures still to enter, and the slip when it can be computed, plus the courses open to
/// the person when they said where they stand. The bill is optional.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(ts_rs::TS))]
pub struct Analysis {
    pub filing: estimate::FilingVerdict,
    pub settlement: Settlement,
    /// The figures an estimate uses, the person's own (`overrides`) where given.
    pub parameters: Vec<ParameterUsed>,
    /// The data's own figures for the same visit, when the query overrides some (what a form shows beside an edit).
    pub data_parameters: Option<Vec<ParameterUsed>>,
    /// Figures neither the data nor the query gives (the estimate's `missing_parameter`).
    #[cfg_attr(feature = "schema", ts(as = "Vec<crate::types::ParameterName>"))]
    pub missing: Vec<&'static str>,
    /// Figures not on file that the estimate goes without but counts once entered: the annual cap, and for a stay the
    /// second layer (大病/大额). A form offers them as optional.
    #[cfg_attr(feature = "schema", ts(as = "Vec<crate::types::ParameterName>"))]
    pub optional: Vec<&'static str>,
    /// The person's details not given that the insured region's own figures depend on (see [`Figures`]): a form asks
    /// for these, beside the figures to enter.
    ///
    /// [`Figures`]: crate::pipeline::Figures
    pub details: Vec<crate::query::Detail>,
    /// The estimate, when the bill is given: on the region's figures, or, where some are not on file, on other regions'
    /// with a `range` (those figures are then in `missing` too, to be asked for).
    pub estimate: Option<Estimate>,
    /// Why a given bill has no estimate: a figure to enter (`missing_parameter`) or the bill's own error.
    pub not_estimated: Option<Error>,
    /// The courses compared, when `situation` is given: with their amounts when the estimate could be made, without
    /// them (and recommended by what each comes to) when no bill is given.
    pub options: Option<options::Options>,
    /// The estimate's warnings, or the verdict's and the figures' when there is no estimate.
    pub warnings: Vec<Warning>,
    pub policy_version: String,
}

/// One call for a form: see [`Analysis`]. Errs only where nothing can be said (an unknown region, impossible dates,
/// a filing that does not read); a bill's problems are the `not_estimated` of an answer that still has the verdict.
pub fn analyze(p: &Policies, q: &Query) -> Result<Analysis, Error> {
    let v = verdict(p, q)?;
    let f = figures(p, q)?;
    let data_parameters = if q.overrides.is_empty() {
        None
    } else {
        let mut own = q.clone();
        own.overrides = query::Overrides::default();
        Some(figures(p, &own)?.parameters)
    };
    // A bill's parts without its total are a bill given (its error is said: an embedder got neither an estimate nor a
    // reason; helper-49); a class-B rate alone is not (a form may send it before any amount).
    let b = &q.bill;
    let parts = b.out_of_catalogue.is_some()
        || b.over_limit.is_some()
        || b.class_b
            .as_ref()
            .is_some_and(|c| c.amount.is_some() || c.prepay_amount.is_some());
    let (estimate, not_estimated) = if b.is_empty() && !parts {
        (None, None)
    } else {
        match estimate(p, q) {
            Ok(e) => (Some(e), None),
            Err(e) => (None, Some(e)),
        }
    };
    // Compared when the person said where they stand: by amounts with a bill, by what each course comes to without.
    let options = match (&estimate, q.situation) {
        (Some(_), Some(_)) => options::options(p, q).ok(),
        (None, Some(_)) if q.bill.is_empty() => options::options(p, q).ok(),
        _ => None,
    };
    let warnings = match &estimate {
        Some(e) => e.warnings.clone(),
        None => f.warnings,
    };
    let parameters = estimate
        .as_ref()
        .map_or(f.parameters, |e| e.parameters.clone());
    let has = |n: &str| parameters.iter().any(|x| x.name == n);
    let optional = [
        ("annual_cap", true),
        ("second_layer", q.visit.kind.is_stay() && !has("layers")),
    ]
    .into_iter()
    .filter(|&(n, applies)| applies && !has(n) && !f.missing.contains(&n))
    .map(|(n, _)| n)
    .collect();
    Ok(Analysis {
        filing: v.filing,
        // The estimate's, when there is one: its cut named as the slip applied it (held to the national cap).
        settlement: estimate
            .as_ref()
            .map_or(v.settlement, |e| e.settlement.clone()),
        parameters,
        data_parameters,
        missing: f.missing,
        details: f.details,
        optional,
        estimate,
        not_estimated,
        options,
        warnings,
        policy_version: v.policy_version,
    })
}
