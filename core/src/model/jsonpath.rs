//! The JSON path (`rows[0].panels[2].unit`) at a line and column of a JSON text, so an error
//! from serde_json ("invalid type … at line L column C") can name the field it is about.
//!
//! Contract: `line` is 1-based, `column` counts the bytes of that line read so far (serde_json's
//! convention, 0 at a line's start). The text is scanned up to that point with a minimal JSON
//! tokenizer (strings with escapes, containers, keys); the path of the value being read there is
//! returned: `.` for the root, `key`, `[i]` joined as in serde_path_to_error. A position past the
//! end or inside malformed JSON returns the path reached so far; never panics. Written by hand
//! instead of serde_path_to_error, which cost the first-load wasm ~7% of its size.

enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

/// The path of the value at `line`:`column` of `text` (see the module contract).
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    let end = line_start.saturating_add(column).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object { key: None });
                expect_key = true;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                expect_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key }) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let (s, next) = read_string(bytes, i + 1);
                if expect_key {
                    if let Some(Frame::Object { key }) = stack.last_mut() {
                        *key = Some(s);
                    }
                    expect_key = false;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k) } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        ".".to_owned()
    } else {
        out
    }
}

/// The string starting after an opening quote at `start`: its text (escapes kept as written,
/// `\"` unescaped) and the index after its closing quote (or the end).
fn read_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                if bytes[i + 1] != b'"' && bytes[i + 1] != b'\\' {
                    out.push(b'\\');
                }
                out.push(bytes[i + 1]);
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's own error position for deserializing `T` from `text`, fed to `path_at`.
    fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let err = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text, err.line(), err.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // reason: fields exist to be type-checked by serde in the tests
    struct Panel {
        id: u32,
        #[serde(default)]
        unit: Option<String>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // reason: fields exist to be type-checked by serde in the tests
    struct Row {
        panels: Vec<Panel>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // reason: fields exist to be type-checked by serde in the tests
    struct Dash {
        rows: Vec<Row>,
    }

    #[test]
    fn paths_of_real_serde_errors() {
        let cases = [
            (
                r#"{"rows": [{"panels": [{"id": "seven"}]}]}"#,
                "rows[0].panels[0].id",
            ),
            (
                "{\"rows\": [\n {\"panels\": [{\"id\": 1}, {\"id\": 2, \"unit\": 5}]}]}",
                "rows[0].panels[1].unit",
            ),
            (
                r#"{"rows": [{"panels": [{"id": 1}]}, {"panels": [{}]}]}"#,
                "rows[1].panels[0]",
            ),
            (r#"{"rows": 3}"#, "rows"),
            (
                r#"{"ro\"ws": [], "rows": [{"panels": 1}]}"#,
                "rows[0].panels",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(path_of_error::<Dash>(text), want, "{text}");
        }
    }

    #[test]
    fn positions_outside_the_text_are_total() {
        assert_eq!(path_at("", 1, 0), ".");
        assert_eq!(path_at("{\"a\": [1, 2", 9, 99), "a[1]");
        assert_eq!(path_at("{\"a\": \"unterminated", 1, 200), "a");
    }
}
