//! promql-parser's lexemes with a highlighting class. An identifier is a `function` before
//! `(`, a `label` inside `{…}` or in a `by`/`without`/`on`/`ignoring`/`group_*` list, else a
//! `metric`.

use promql_parser::parser::token::{
    self, TokenType, T_COMMA, T_DURATION, T_EQL, T_EQL_REGEX, T_IDENTIFIER, T_LEFT_BRACE,
    T_LEFT_BRACKET, T_LEFT_PAREN, T_METRIC_IDENTIFIER, T_NEQ, T_NEQ_REGEX, T_NUMBER, T_RIGHT_BRACE,
    T_RIGHT_BRACKET, T_RIGHT_PAREN, T_STRING,
};

use crate::check::lex_spans;
use crate::{Token, TokensOutput};

/// The lexemes of `expr`; a lexer failure is a problem with no tokens.
pub fn tokens(expr: &str) -> TokensOutput {
    let spans = match lex_spans(expr) {
        Ok(s) => s,
        Err(_) => {
            return TokensOutput {
                tokens: Vec::new(),
                problem: crate::check(expr).err(),
            }
        }
    };
    let mut out = Vec::with_capacity(spans.len());
    let mut in_braces = false;
    let mut grouping_next = false;
    let mut in_grouping = false;
    for (i, &(start, end, id)) in spans.iter().enumerate() {
        let tt = TokenType::new(id);
        let text = &expr[start..end];
        let next = spans.get(i + 1).map(|s| s.2);
        let class = match id {
            T_LEFT_BRACE => {
                in_braces = true;
                "punct"
            }
            T_RIGHT_BRACE => {
                in_braces = false;
                "punct"
            }
            T_LEFT_PAREN => {
                in_grouping = grouping_next;
                grouping_next = false;
                "punct"
            }
            T_RIGHT_PAREN => {
                in_grouping = false;
                "punct"
            }
            T_LEFT_BRACKET | T_RIGHT_BRACKET | T_COMMA => "punct",
            T_EQL | T_NEQ | T_EQL_REGEX | T_NEQ_REGEX => "operator",
            T_STRING => "string",
            T_NUMBER => "number",
            T_DURATION => "duration",
            T_IDENTIFIER | T_METRIC_IDENTIFIER => {
                if in_braces || in_grouping {
                    "label"
                } else if next == Some(T_LEFT_PAREN) {
                    "function"
                } else {
                    "metric"
                }
            }
            _ if tt.is_aggregator() => {
                if in_braces || in_grouping {
                    "label"
                } else {
                    "function"
                }
            }
            _ if tt.is_operator() => "operator",
            _ if id > token::T_KEYWORDS_START && id < token::T_KEYWORDS_END => {
                if in_braces || in_grouping {
                    "label"
                } else {
                    grouping_next = matches!(
                        text,
                        "by" | "without" | "on" | "ignoring" | "group_left" | "group_right"
                    );
                    "keyword"
                }
            }
            _ => "keyword",
        };
        out.push(Token {
            start,
            end,
            token: tt.to_string(),
            class: class.to_owned(),
        });
    }
    TokensOutput {
        tokens: out,
        problem: None,
    }
}
