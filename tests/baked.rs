//! The page's built-in policies are baked (src/policies.postcard, read by `Policies::from_baked` without a JSON parser):
//! they must be exactly what policies.json reads as. `cargo xtask bake` writes the file again after policies.json
//! changes (this test with `YIDI_BAKE=write`).

use yidi::policy::{Policies, DEFAULT_POLICIES_BAKED};

const BAKED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/policies.postcard");

#[test]
fn the_baked_policies_are_what_policies_json_reads_as() {
    let from_json = Policies::default_policies().expect("policies.json loads");
    let bytes = from_json.bake().expect("the policies bake");
    if std::env::var_os("YIDI_BAKE").is_some_and(|v| v == "write") {
        // Written only when it changes: its date is what cargo goes by to build the crate again.
        if bytes != DEFAULT_POLICIES_BAKED {
            std::fs::write(BAKED_PATH, &bytes).expect("src/ is writable");
        }
        return;
    }
    assert!(
        bytes == DEFAULT_POLICIES_BAKED,
        "src/policies.postcard is not policies.json as it reads now: run `cargo xtask bake`"
    );
    let baked = Policies::from_baked(DEFAULT_POLICIES_BAKED).expect("the baked policies read");
    // Every value, amounts and rates with their scale, dates, the indexes built on load.
    assert_eq!(format!("{baked:?}"), format!("{from_json:?}"));
}

#[test]
fn bytes_that_are_not_baked_policies_are_an_error_not_a_panic() {
    for bytes in [
        &b""[..],
        b"\x00",
        &DEFAULT_POLICIES_BAKED[..8],
        &DEFAULT_POLICIES_BAKED[..DEFAULT_POLICIES_BAKED.len() / 2],
    ] {
        assert!(Policies::from_baked(bytes).is_err());
    }
}
