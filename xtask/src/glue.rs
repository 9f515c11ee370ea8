//! Changes to wasm-bindgen's generated glue (www/pkg*/yidi.js), made by `cargo xtask build` right after wasm-bindgen.
//!
//! 1. The core's short strings are decoded in JavaScript instead of by one `TextDecoder.decode` call each. Why: an
//!    answer carries a few hundred short strings (keys, amounts, labels), and in Chromium every `TextDecoder.decode`
//!    is a call into Blink of 0.4-1.4 µs whatever the length, against 0.06-0.5 µs for the loop below up to about 64
//!    bytes (measured in the page on this project's machine). In a profile of `estimate()` in the page the decoder
//!    took a third of the time; with this change `estimate()` takes 15-20% less (README, "Measurements"). Longer
//!    strings still go to `TextDecoder`. The strings come from Rust, so they are valid UTF-8: the loop needs no error
//!    handling, and a four-byte sequence becomes a surrogate pair.
//! 2. A JavaScript value's debug text (`{:?}` of a `JsValue`) names an array's or an object's kind and size instead
//!    of spelling out its contents. serde-wasm-bindgen writes that text into its "invalid type" errors, which the core
//!    turns into its own typed error (`invalid_value` with the path) and never shows; spelt out, an array nested a few
//!    thousand deep overflowed the JavaScript stack (a `RangeError` instead of the typed error, tests/browser/hostile)
//!    and a large object cost a `JSON.stringify` of all of it.
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

/// The debug text of an array and of a plain object, as wasm-bindgen 0.2.130 writes them in `debugString`.
const DEBUG_ARRAY: &str =
    "                return '[' + Array.from(val, debugString).join(', ') + ']';";
const DEBUG_OBJECT: &str = "                    return 'Object(' + JSON.stringify(val) + ')';";

/// Each change: what it is called (in an error), the text as wasm-bindgen writes it, and its replacement.
const CHANGES: &[(&str, &str, &str)] = &[
    ("getStringFromWasm0", ORIGINAL, PATCHED),
    (
        "debugString's array",
        DEBUG_ARRAY,
        "                return `Array(${val.length})`;",
    ),
    (
        "debugString's object",
        DEBUG_OBJECT,
        "                    return `Object(${Object.keys(val).length} keys)`;",
    ),
];

/// Names the changes in the build's stamp, so that a glue made before them (or by another version) is made again.
pub const STAMP: &str = "glue=short-strings-1,bounded-debug-1,snippets-inlined-1";

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

/// The glue with every `import { a, b } from './snippets/…/inlineN.js';` replaced by that snippet's text in a
/// function scope of its own that returns the names imported (its `export` keywords dropped); `read` gives a
/// snippet's text by its path as the import writes it.
pub fn inline_snippets(
    glue: &str,
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        let import = line
            .trim_end()
            .strip_prefix("import { ")
            .and_then(|rest| rest.split_once(" } from '"))
            .and_then(|(names, rest)| Some((names, rest.strip_suffix("';")?)))
            .filter(|(_, path)| path.starts_with("./snippets/"));
        let Some((names, path)) = import else {
            out.push_str(line);
            continue;
        };
        if names.contains(" as ") {
            return Err(format!(
                "{path}: a renamed import ({names}) is not inlined; see xtask/src/glue.rs"
            ));
        }
        let text = read(path)?;
        let body: String = text
            .split_inclusive('\n')
            .map(|l| l.strip_prefix("export ").unwrap_or(l))
            .collect();
        out.push_str(&format!(
            "// {path}, inlined (cargo xtask build, xtask/src/glue.rs)\nconst {{ {names} }} = (() => {{\n{body}\nreturn {{ {names} }};\n}})();\n"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_replace_their_text_and_nothing_else() {
        let glue = format!("let a = 1;\n{ORIGINAL}\n{DEBUG_ARRAY}\n{DEBUG_OBJECT}\nlet b = 2;\n");
        let out = patch(&glue).unwrap();
        assert!(out.starts_with("let a = 1;\n") && out.ends_with("\nlet b = 2;\n"));
        assert!(out.contains("decodeShortUtf8(getUint8ArrayMemory0(), ptr, ptr + len)"));
        assert!(out.contains("`Array(${val.length})`") && !out.contains("JSON.stringify(val)"));
        assert!(patch(&out).is_err(), "patched glue is not patched twice");
        assert!(patch("").is_err());
    }

    #[test]
    fn snippets_are_inlined_in_a_scope_of_their_own() {
        let glue = "import { from_tape } from './snippets/yidi-1/inline0.js';\nlet a = 1;\n";
        let out = inline_snippets(glue, |path| {
            assert_eq!(path, "./snippets/yidi-1/inline0.js");
            Ok("let words;\nexport function from_tape(w) { return w; }\n".into())
        })
        .unwrap();
        assert!(out.contains("const { from_tape } = (() => {\nlet words;\nfunction from_tape(w)"));
        assert!(out.ends_with("return { from_tape };\n})();\nlet a = 1;\n"));
        assert!(!out.contains("import "));
        assert_eq!(
            inline_snippets("let a;\n", |_| unreachable!()).unwrap(),
            "let a;\n"
        );
    }
}
