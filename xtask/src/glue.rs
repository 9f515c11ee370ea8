//! Changes to wasm-bindgen's generated glue (www/pkg*/yidi.js), made by `cargo xtask build` right after wasm-bindgen.
//!
//! 1. The core's short strings are decoded in JavaScript instead of by one `TextDecoder.decode` call each. Why: an
//!    answer carries a few hundred short strings (keys, amounts, labels), and in Chromium every `TextDecoder.decode`
//!    is a call into Blink of 0.4-1.4 µs whatever the length, against 0.06-0.5 µs for the loop below up to about 64
//!    bytes (measured in the page on this project's machine). In a profile of `estimate()` in the page the decoder
//!    took a third of the time; with this change `estimate()` takes 15-20% less (README, "Measurements"). Longer
//!    strings still go to `TextDecoder`. The strings come from Rust, so they are valid UTF-8: the loop needs no error
//!    handling, and a four-byte sequence becomes a surrogate pair.
//! 2. (Gone with serde-wasm-bindgen's reader: the glue of a module that never formats a `JsValue` has no
//!    `debugString`, whose array and object texts this step used to bound.)
//!
//! 3. JavaScript the crate declares inline (`#[wasm_bindgen(inline_js = …)]`: the reader of the answers' tape, in
//!    src/wasm.rs) is written into the glue, each snippet in a function scope of its own, instead of being left in
//!    pkg/snippets/ as modules the glue imports: one request fewer, after the glue's, before the first result, and
//!    the package and the site keep their files.
//!
//! The glue of the pinned wasm-bindgen (Cargo.toml) is matched exactly; if another release writes it differently the
//! build fails here rather than ship unpatched glue unnoticed.

/// The function as wasm-bindgen 0.2.130 writes it.
const ORIGINAL: &str = "function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}";

/// Its replacement: strings up to 64 bytes are decoded by `decodeShortUtf8`.
const PATCHED: &str = "function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    if (len <= 64) return decodeShortUtf8(getUint8ArrayMemory0(), ptr, ptr + len);
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

// (cargo xtask build, xtask/src/glue.rs) UTF-8 from Rust (always valid) to a string, without a call into the
// browser's TextDecoder, which costs more than the decoding itself for a short string.
function decodeShortUtf8(m, p, end) {
    let s = \"\";
    while (p < end) {
        const a = m[p++];
        if (a < 0x80) s += String.fromCharCode(a);
        else if (a < 0xe0) s += String.fromCharCode(((a & 0x1f) << 6) | (m[p++] & 0x3f));
        else if (a < 0xf0) s += String.fromCharCode(((a & 0x0f) << 12) | ((m[p++] & 0x3f) << 6) | (m[p++] & 0x3f));
        else {
            const c = (((a & 0x07) << 18) | ((m[p++] & 0x3f) << 12) | ((m[p++] & 0x3f) << 6) | (m[p++] & 0x3f)) - 0x10000;
            s += String.fromCharCode(0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
        }
    }
    return s;
}";

/// Each change: what it is called (in an error), the text as wasm-bindgen writes it, and its replacement.
const CHANGES: &[(&str, &str, &str)] = &[("getStringFromWasm0", ORIGINAL, PATCHED)];

/// Names the changes in the build's stamp, so that a glue made before them (or by another version) is made again.
pub const STAMP: &str = "glue=short-strings-1,snippets-inlined-2";

/// The glue with the changes, or an error naming what was not found.
pub fn patch(glue: &str) -> Result<String, String> {
    let mut out = glue.to_string();
    for (what, original, patched) in CHANGES {
        match out.matches(original).count() {
            1 => out = out.replacen(original, patched, 1),
            n => {
                return Err(format!(
                    "wasm-bindgen's glue has {n} copies of {what} as xtask/src/glue.rs knows it (1 expected): \
                     another wasm-bindgen release? See xtask/src/glue.rs"
                ))
            }
        }
    }
    Ok(out)
}

/// The glue with each snippet it imports from './snippets/…/inlineN.js' written into it once, in a function scope
/// of its own that returns what it exports (its `export` keywords dropped): `import { a, b } from '…';` becomes
/// `const { a, b } = …;` and `import * as importN from "…"` (a function the wasm imports directly) `const importN =
/// …;`, both of the one scope, so that the functions of a snippet share its state. `read` gives a snippet's text by its
/// path as the import writes it.
pub fn inline_snippets(
    glue: &str,
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(glue.len());
    let mut scopes: Vec<String> = Vec::new();
    for line in glue.split_inclusive('\n') {
        let t = line.trim_end();
        let named = t
            .strip_prefix("import { ")
            .and_then(|rest| rest.split_once(" } from '"))
            .and_then(|(names, rest)| Some((format!("{{ {names} }}"), rest.strip_suffix("';")?)));
        let whole = t
            .strip_prefix("import * as ")
            .and_then(|rest| rest.split_once(" from \""))
            .and_then(|(var, rest)| {
                let path = rest.trim_end_matches(';').strip_suffix('"')?;
                Some((var.to_string(), path))
            });
        let Some((binding, path)) = named
            .or(whole)
            .filter(|(_, path)| path.starts_with("./snippets/"))
        else {
            out.push_str(line);
            continue;
        };
        if binding.contains(" as ") {
            return Err(format!(
                "{path}: a renamed import ({binding}) is not inlined; see xtask/src/glue.rs"
            ));
        }
        let scope = match scopes.iter().position(|p| p == path) {
            Some(i) => format!("__yidi_snippet{i}"),
            None => {
                let text = read(path)?;
                let mut exported = Vec::new();
                let body: String = text
                    .split_inclusive('\n')
                    .map(|l| match l.strip_prefix("export ") {
                        Some(rest) => {
                            let name = ["function ", "const ", "let "]
                                .iter()
                                .find_map(|k| rest.strip_prefix(k))
                                .map(|r| {
                                    r.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                        .next()
                                        .unwrap_or("")
                                });
                            if let Some(name) = name.filter(|n| !n.is_empty()) {
                                exported.push(name.to_string());
                            }
                            rest
                        }
                        None => l,
                    })
                    .collect();
                let scope = format!("__yidi_snippet{}", scopes.len());
                scopes.push(path.to_string());
                out.push_str(&format!(
                    "// {path}, inlined (cargo xtask build, xtask/src/glue.rs)\nconst {scope} = (() => {{\n{body}\nreturn {{ {} }};\n}})();\n",
                    exported.join(", ")
                ));
                scope
            }
        };
        out.push_str(&format!("const {binding} = {scope};\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_replace_their_text_and_nothing_else() {
        let glue = format!("let a = 1;\n{ORIGINAL}\nlet b = 2;\n");
        let out = patch(&glue).unwrap();
        assert!(out.starts_with("let a = 1;\n") && out.ends_with("\nlet b = 2;\n"));
        assert!(out.contains("decodeShortUtf8(getUint8ArrayMemory0(), ptr, ptr + len)"));
        assert!(patch(&out).is_err(), "patched glue is not patched twice");
        assert!(patch("").is_err());
    }

    #[test]
    fn snippets_are_inlined_in_a_scope_of_their_own() {
        let glue = "import { from_tape } from './snippets/yidi-1/inline0.js';\nlet a = 1;\n\
                    import * as import1 from \"./snippets/yidi-1/inline0.js\"\n";
        let mut reads = 0;
        let out = inline_snippets(glue, |path| {
            reads += 1;
            assert_eq!(path, "./snippets/yidi-1/inline0.js");
            Ok("let words;\nexport function from_tape(w) { return w; }\nexport function other() {}\n".into())
        })
        .unwrap();
        assert_eq!(reads, 1, "one scope per snippet, shared by its imports");
        assert!(out.contains("const __yidi_snippet0 = (() => {\nlet words;\nfunction from_tape(w)"));
        assert!(out.contains("return { from_tape, other };\n})();\nconst { from_tape } = __yidi_snippet0;\nlet a = 1;\n"));
        assert!(out.ends_with("const import1 = __yidi_snippet0;\n"));
        assert!(!out.contains("import "));
        assert_eq!(
            inline_snippets("let a;\n", |_| unreachable!()).unwrap(),
            "let a;\n"
        );
    }
}
