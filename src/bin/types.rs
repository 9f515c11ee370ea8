//! `yidi-types`: prints the TypeScript declarations of the JavaScript API's types, generated from the Rust types (see
//! src/types.rs). `cargo xtask types` writes them to www/yidi-types.d.ts; tests/types.rs fails when the committed file
//! differs from this output. Built only with `--features schema`.

fn main() {
    match yidi::types::declarations() {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("cannot generate the declarations: {e}");
            std::process::exit(1);
        }
    }
}
