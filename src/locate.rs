//! The JSON path of a position in JSON text, e.g. `bill.lines[2].amount`, so that a parse error can name its field.
//! A small scanner instead of a path-tracking deserializer wrapper: that wrapper was a third of the wasm's code.

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path at `line`/`column` (1-based, as serde_json reports them). `containers_only` leaves out the key being read
/// at that point: a missing-field error is reported at the closing brace of the object that lacks the field.
pub fn path_at(text: &str, line: usize, column: usize, containers_only: bool) -> String {
    let offset = byte_offset(text, line, column);
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        match bytes.get(i).copied().unwrap_or(b' ') {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' if i + 1 < offset => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let (s, next) = read_string(bytes, i + 1);
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = Some(s);
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let n = stack.len();
    for (depth, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(k), .. } if !(containers_only && depth + 1 == n) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            _ => {}
        }
    }
    path
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    start + column
}

/// Reads a JSON string starting after its opening quote; returns its (roughly unescaped) text and the index after it.
fn read_string(bytes: &[u8], mut i: usize) -> (String, usize) {
    let mut out = Vec::new();
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' => {
                if let Some(&e) = bytes.get(i + 1) {
                    out.push(e);
                }
                i += 2;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn paths_of_positions() {
        let text = "{\"bill\": {\"lines\": [{\"amount\": 1}, {\"amount\": \"x\"}]}}";
        let col = text.find("\"x\"").unwrap() + 3;
        assert_eq!(path_at(text, 1, col, false), "bill.lines[1].amount");
        let text = "{\n \"visit\": {\"kind\": \"inpatient\"}\n}";
        let col = " \"visit\": {\"kind\": \"inpatient\"}".len();
        assert_eq!(path_at(text, 2, col, true), "visit");
    }
}
