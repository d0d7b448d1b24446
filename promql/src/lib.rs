//! promboard's PromQL toolkit for the Explore page, built on `promql-parser` and loaded on
//! demand in the browser (the parser is too big for the first-load module).
//!
//! Contract: one entry point, [`dispatch`]`(op, input)`, JSON in and JSON out, that never
//! panics: an unknown op or an unreadable input is `{"error": "…"}` ([`DispatchError`]).
//! Every op takes an [`ExprInput`] (`{"expr": "…"}`):
//!
//! | op | output | what |
//! |---|---|---|
//! | `check` | [`CheckOutput`] | parses; a failure is a [`Problem`] at a byte range with the parser's message |
//! | `format` | [`FormatOutput`] | pretty-prints (`Expr::prettify`) |
//! | `explain` | [`ExplainOutput`] | the parsed tree, one [`ExplainNode`] per node, pre-order |
//! | `tokens` | [`TokensOutput`] | promql-parser's own lexemes with a highlighting class |
//!
//! The types below have no parser dependency, so the app can share them without pulling the
//! parser into its own module.

mod check;
mod explain;
#[cfg(test)]
mod tests;
mod tokens;

use serde::{Deserialize, Serialize};

pub use check::check;
pub use explain::explain;
pub use tokens::tokens;

/// The input of every op.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExprInput {
    pub expr: String,
}

/// Why a query does not parse, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// promql-parser's message (with a hint where the parser says only "invalid promql query").
    pub message: String,
    /// Byte range in the input (`start == end` at the end of the input).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutput {
    pub ok: bool,
    pub problem: Option<Problem>,
    /// `vector`, `matrix`, `scalar` or `string` when the query parses.
    pub value_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatOutput {
    pub formatted: Option<String>,
    pub problem: Option<Problem>,
}

/// One node of the parsed tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainNode {
    /// 0 for the root.
    pub depth: u32,
    /// `selector`, `range`, `function`, `aggregation`, `binary`, `unary`, `paren`,
    /// `subquery`, `number`, `string`.
    pub kind: String,
    /// The node as PromQL.
    pub text: String,
    /// One sentence: what the node does.
    pub description: String,
    /// The function's name for `function` nodes (the app adds its documentation).
    pub function: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainOutput {
    pub nodes: Vec<ExplainNode>,
    pub problem: Option<Problem>,
}

/// One lexeme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// promql-parser's token name (`{ID}`, `(`, `sum` …).
    pub token: String,
    /// `metric`, `label`, `function`, `keyword`, `operator`, `number`, `duration`,
    /// `string`, `punct`.
    pub class: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensOutput {
    pub tokens: Vec<Token>,
    pub problem: Option<Problem>,
}

/// What [`dispatch`] answers when it cannot run the op at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchError {
    pub error: String,
}

/// Runs `op` on the JSON `input`; always answers JSON.
pub fn dispatch(op: &str, input: &str) -> String {
    let parsed: Result<ExprInput, _> = serde_json::from_str(input);
    let input = match parsed {
        Ok(i) => i,
        Err(e) => return error_json(&format!("unreadable input for `{op}`: {e}")),
    };
    let expr = input.expr.as_str();
    let out = match op {
        "check" => serde_json::to_string(&check_output(expr)),
        "format" => serde_json::to_string(&format_output(expr)),
        "explain" => serde_json::to_string(&explain(expr)),
        "tokens" => serde_json::to_string(&tokens(expr)),
        other => return error_json(&format!("unknown op `{other}`")),
    };
    out.unwrap_or_else(|e| error_json(&e.to_string()))
}

fn error_json(message: &str) -> String {
    serde_json::to_string(&DispatchError {
        error: message.to_owned(),
    })
    .unwrap_or_else(|_| "{\"error\":\"internal\"}".to_owned())
}

/// `check` as its output type.
pub fn check_output(expr: &str) -> CheckOutput {
    match check(expr) {
        Ok(parsed) => CheckOutput {
            ok: true,
            problem: None,
            value_type: Some(parsed.value_type().to_string()),
        },
        Err(p) => CheckOutput {
            ok: false,
            problem: Some(p),
            value_type: None,
        },
    }
}

/// `format` as its output type.
pub fn format_output(expr: &str) -> FormatOutput {
    match check(expr) {
        Ok(parsed) => FormatOutput {
            formatted: Some(parsed.prettify()),
            problem: None,
        },
        Err(p) => FormatOutput {
            formatted: None,
            problem: Some(p),
        },
    }
}

/// 1-based line and column (characters) of byte offset `at`.
pub(crate) fn line_col(s: &str, at: usize) -> (u32, u32) {
    let at = floor_boundary(s, at);
    let before = &s[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[col_start..].chars().count() as u32 + 1;
    (line, column)
}

pub(crate) fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(crate) fn problem(s: &str, message: String, start: usize, end: usize) -> Problem {
    let start = floor_boundary(s, start);
    let end = floor_boundary(s, end.max(start));
    let (line, column) = line_col(s, start);
    Problem {
        message,
        start,
        end,
        line,
        column,
    }
}

/// The browser export of [`dispatch`] (the on-demand module's only function).
#[cfg(all(target_arch = "wasm32", feature = "export"))]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = dispatch)]
pub fn dispatch_js(op: &str, input: &str) -> String {
    dispatch(op, input)
}
