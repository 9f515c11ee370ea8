//! A change to wasm-bindgen's generated glue (www/pkg*/yidi.js), made by `cargo xtask build` right after wasm-bindgen:
//! the core's short strings are decoded in JavaScript instead of by one `TextDecoder.decode` call each.
//!
//! Why: an answer carries a few hundred short strings (keys, amounts, labels), and in Chromium every
//! `TextDecoder.decode` is a call into Blink of 0.4-1.4 µs whatever the length, against 0.06-0.5 µs for the loop below
//! up to about 64 bytes (measured in the page on this project's machine). In a profile of `estimate()` in the page the
//! decoder took a third of the time; with this change `estimate()` takes 15-20% less (README, "Measurements"). Longer
//! strings still go to `TextDecoder`. The strings come from Rust, so they are valid UTF-8: the loop needs no error
//! handling, and a four-byte sequence becomes a surrogate pair.
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

/// Names the change in the build's stamp, so that a glue made before it (or by another version of it) is made again.
pub const STAMP: &str = "glue=short-strings-1";

/// The glue with the change, or an error naming what was not found.
pub fn patch(glue: &str) -> Result<String, String> {
    match glue.matches(ORIGINAL).count() {
        1 => Ok(glue.replacen(ORIGINAL, PATCHED, 1)),
        n => Err(format!(
            "wasm-bindgen's glue has {n} copies of getStringFromWasm0 as xtask/src/glue.rs knows it (1 expected): \
             another wasm-bindgen release? See xtask/src/glue.rs"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoder_replaces_the_one_function_and_nothing_else() {
        let glue = format!("let a = 1;\n{ORIGINAL}\nlet b = 2;\n");
        let out = patch(&glue).unwrap();
        assert!(out.starts_with("let a = 1;\n") && out.ends_with("\nlet b = 2;\n"));
        assert!(out.contains("decodeShortUtf8(getUint8ArrayMemory0(), ptr, ptr + len)"));
        assert!(patch(&out).is_err(), "patched glue is not patched twice");
        assert!(patch("").is_err());
    }
}
