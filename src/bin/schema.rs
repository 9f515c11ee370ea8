//! `yidi-schema`: prints the JSON Schema of policies.json, generated from the Rust types that load it (so the two
//! cannot drift). `cargo xtask schema` writes it to www/policies.schema.json; tests/schema.rs fails when the committed
//! file differs from this output. Built only with `--features schema`.

use schemars::generate::SchemaSettings;
use yidi::Policies;

fn main() {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Policies>();
    schema.insert("$id".into(), "policies.schema.json".into());
    schema.insert("title".into(), "异地就医计算器 policies.json".into());
    schema.insert(
        "description".into(),
        "Policy data for the 异地就医 calculator: sources, national rules, provinces, pooling regions, regional \
         arrangements, catalogues, benefit schedules and cross-region adjustments. Every value is dated (in force \
         from `from` until the next version's) and names its sources. Generated from the Rust types (src/policy.rs); \
         `yidi validate FILE` checks what a schema cannot (references, dates in order, grades). See policies.md."
            .into(),
    );
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("cannot serialize the schema: {e}");
            std::process::exit(1);
        }
    }
}
