//! PromQL parsing for promboard, kept out of the first-load bundle.
//!
//! Contract: one entry point, [`dispatch`], takes an operation name and a JSON input and returns a
//! JSON output; it never panics and never fails as a call — an unknown operation or a malformed
//! input is a JSON `{"error": "…"}`. Natively it is called directly (CLI, tests); in the browser
//! the same function is exported from an on-demand wasm module (`dist/lazy/promql/`) that the app
//! loads the first time a page needs the parser (`promboard::lazy::promql`).

use serde::{Deserialize, Serialize};

/// Input of the `check` operation.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CheckInput {
    pub expr: String,
}

/// Output of the `check` operation: `error` is `None` when the expression parses.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct CheckOutput {
    pub error: Option<String>,
}

/// Runs operation `op` on the JSON `input`; the answer is JSON (see the module contract).
pub fn dispatch(op: &str, input: &str) -> String {
    let out = match op {
        "check" => serde_json::from_str::<CheckInput>(input)
            .map_err(|e| format!("bad input for check: {e}"))
            .and_then(|i| to_json(&check(&i.expr))),
        other => Err(format!("unknown operation {other:?}")),
    };
    out.unwrap_or_else(|message| serde_json::json!({ "error": message }).to_string())
}

/// Parses `expr`; the parser's message when it does not parse.
pub fn check(expr: &str) -> CheckOutput {
    CheckOutput {
        error: promql_parser::parser::parse(expr).err(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("cannot encode the answer: {e}"))
}

/// The browser export of [`dispatch`] (the on-demand module's only function).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = dispatch)]
pub fn dispatch_js(op: &str, input: &str) -> String {
    dispatch(op, input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_accepts_valid_and_names_errors() {
        let ok = dispatch("check", r#"{"expr":"sum by (job) (rate(up[5m]))"}"#);
        assert_eq!(ok, r#"{"error":null}"#);
        let bad: CheckOutput =
            serde_json::from_str(&dispatch("check", r#"{"expr":"sum by (job) (up"}"#)).unwrap();
        assert!(bad.error.is_some_and(|m| !m.is_empty()));
    }

    #[test]
    fn unknown_ops_and_bad_input_are_json_errors() {
        assert!(dispatch("nope", "{}").contains("unknown operation"));
        assert!(dispatch("check", "not json").contains("bad input for check"));
    }
}
