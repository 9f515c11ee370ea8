//! 异地就医计算器: the rules core, and its front door.
//!
//! [`analyze`] takes a [`Query`] and the loaded [`Policies`] and returns everything a form shows: the filing verdict,
//! the settlement route, every figure with its source, the figures still missing, the itemized slip ([`Estimate`])
//! when it can be worked out, and the courses open to the person ([`options::options`]); [`verdict`], [`figures`] and
//! [`estimate`] are views of the same pipeline. Errors are typed ([`Error`], a stable [`ErrorCode`], a path and a
//! message in three languages). Data flows one way: query → rules → output. The rule book the code cites (R1.x …) is
//! docs/rules.md.
//!
//! The house:
//! - vocabulary: [`money`] (amounts, rates, dates), [`query`] (what a person says), [`policy`] (the data's types),
//!   [`error`] (codes and the three-language [`Message`]);
//! - reading and data: [`read`] (serde readers, error paths), [`strict`] (JavaScript values read as the CLI reads JSON), [`validate`] (loading and checking a policies file),
//!   [`region`] (finding a region by code or name), [`input`] (the query's own checks);
//! - rules, one file per family: [`filing`] (§1: does the filing cover the visit), [`settlement`] (§2–§4: the
//!   category, the route and the cross-region adjustment), [`enrolment`] (§6.2: when benefits start),
//!   [`benefit`] (the figures of a visit), [`slip`] (the slip's
//!   lines, R3.1, R4.6, R5.x),
//!   [`typical`] (figures standing in for a region's own), [`coverage`] (what the data holds), [`options`] (the courses
//!   a person can take), [`past_slip`] (a slip already paid, checked);
//! - output: [`estimate`] (the estimate's types), `pipeline` (the steps in order), `analyze` (the one call: the
//!   pipeline's views and the options together), `figures` (figures in words),
//!   `warnings` (warnings on the figures), `listings` (pickers' lists);
//! - the wasm binding (`wasm`, wasm32 only) is a thin translator: a JavaScript value comes in as [`plain`] words, the
//!   answers go out on a [`tape`] (both serde data formats); `types` (feature `schema`) generates the TypeScript.

/// A [`Message`] whose English text is worked out only when the answer may show it (not for a Chinese `locale`):
/// `msg!(zh, en)` as [`Message::new`]`(zh, en)`.
macro_rules! msg {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::error::Message::lazy($zh, || $en)
    };
}

pub mod benefit;
pub mod coverage;
pub mod enrolment;
pub mod error;
pub mod estimate;
pub mod filing;
mod hant;
pub mod input;
pub mod money;
pub mod options;
pub mod past_slip;
pub mod plain;
pub mod policy;
pub mod query;
pub mod read;
pub mod region;
pub mod settlement;
pub mod slip;
pub mod strict;
pub mod tape;
#[cfg(feature = "schema")]
pub mod types;
pub mod typical;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{in_locale, Error, ErrorCode, Locale, Message};
pub use estimate::Estimate;
pub use policy::Policies;
pub use query::Query;

mod analyze;
mod figures;
mod listings;
mod pipeline;
mod warnings;

pub use analyze::{analyze, Analysis};
pub use listings::{
    catalogue_of_regions, diseases_on, diseases_on_text, hant_same, DiseaseEntry, ProvinceEntry,
    RegionEntry,
};
pub use pipeline::{estimate, figures, parse_query, verdict, Figures, Verdict, MAX_QUERY_BYTES};
