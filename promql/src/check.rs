//! Parsing with a position for every failure.
//!
//! promql-parser's errors are bare strings. The position is derived, never guessed from the
//! text alone:
//! - a lexer error that happens at end of input (unclosed `(`, `{`, `[`, an unterminated
//!   string) points at the opener that is still open;
//! - any other lexer error points at the character that caused it: the shortest prefix of
//!   the input that fails with the same message ends with it (binary search: once the lexer
//!   reached that character every longer prefix fails the same way);
//! - a grammar error ("invalid promql query") points at the first token that cannot be part
//!   of any valid query: the longest token prefix that can still be completed (closing what is
//!   open, adding an operand or a grouping) is found by binary search, the next token is the
//!   culprit; when every prefix can be completed the query just ends too early;
//! - a semantic error (types, arguments) points at the function, aggregation or label the
//!   message names, or at the whole query.

use lrpar::{Lexeme, Lexer};
use promql_parser::parser::{self, Expr};

use crate::{problem, Problem};

const SYNTAX: &str = "invalid promql query";

/// Parses `expr`; a failure carries its byte range and message.
pub fn check(expr: &str) -> Result<Expr, Problem> {
    match parser::parse(expr) {
        Ok(e) => Ok(e),
        Err(msg) => Err(locate(expr, msg)),
    }
}

fn locate(expr: &str, msg: String) -> Problem {
    if expr.trim().is_empty() {
        return problem(expr, "empty query".to_owned(), 0, expr.len());
    }
    let spans = match lex_spans(expr) {
        Err(lex_msg) => return lexer_problem(expr, lex_msg),
        Ok(s) => s,
    };
    if msg == SYNTAX {
        syntax_problem(expr, &spans)
    } else if msg.contains("end of input") {
        let end = expr.trim_end().len();
        problem(expr, msg, end, end)
    } else {
        semantic_problem(expr, &spans, msg)
    }
}

/// The lexemes' byte spans, or the lexer's message.
pub(crate) fn lex_spans(expr: &str) -> Result<Vec<(usize, usize, u16)>, String> {
    let lexer = parser::lex::lexer(expr)?;
    Ok(lexer
        .iter()
        .filter_map(Result::ok)
        .filter(|l| !l.span().is_empty())
        .map(|l| {
            let span = l.span();
            (span.start(), span.end(), l.tok_id())
        })
        .collect())
}

/// Openers still open at the end of `s` (kind, byte offset) and an unterminated string's
/// opening quote; strings and `#` comments are skipped.
fn scan_open(s: &str) -> (Vec<(char, usize)>, Option<usize>) {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut string: Option<(char, usize)> = None;
    let mut comment = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some((q, _)) = string {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                string = None;
            }
            continue;
        }
        match c {
            '#' => comment = true,
            '"' | '\'' | '`' => string = Some((c, i)),
            '(' | '{' | '[' => stack.push((c, i)),
            ')' | '}' | ']' => {
                let open = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                if stack.last().is_some_and(|(o, _)| *o == open) {
                    stack.pop();
                }
            }
            _ => {}
        }
    }
    (stack, string.map(|(_, i)| i))
}

fn lexer_problem(expr: &str, msg: String) -> Problem {
    let (stack, open_string) = scan_open(expr);
    let last_open = |kind: char| {
        stack
            .iter()
            .rev()
            .find(|(k, _)| *k == kind)
            .map(|(_, i)| *i)
    };
    let at_end = if msg.contains("unclosed left parenthesis") {
        Some(last_open('('))
    } else if msg.contains("unterminated quoted string") {
        Some(open_string)
    } else if msg.contains("end of input inside braces") {
        Some(last_open('{'))
    } else if msg.contains("end of input inside brackets") {
        Some(last_open('['))
    } else {
        None
    };
    if let Some(found) = at_end {
        return match found {
            Some(i) => problem(expr, msg, i, i + 1),
            None => problem(expr, msg, expr.len(), expr.len()),
        };
    }
    // The shortest prefix failing with the same message ends at the culprit.
    let ends: Vec<usize> = expr.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let fails_same = |k: usize| matches!(parser::lex::lexer(&expr[..k]), Err(m) if m == msg);
    let (mut lo, mut hi) = (0usize, ends.len());
    // Invariant: ends[hi-1] fails the same way (the whole input does), ends[..lo] do not.
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if fails_same(ends[mid - 1]) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let k = if hi >= 1 && fails_same(ends[hi - 1]) {
        ends[hi - 1]
    } else {
        ends.last().copied().unwrap_or(0)
    };
    let start = expr[..k]
        .char_indices()
        .next_back()
        .map(|(i, _)| i)
        .unwrap_or(0);
    problem(expr, msg, start, k)
}

/// Texts appended to a prefix to try to complete it: before the closers, then after them.
const BEFORE: [&str; 6] = ["", " x", " 1", " 5m", "=\"x\"", " \"x\""];
const AFTER: [&str; 5] = ["", " (x)", " x", " (x) x", " (x) (x)"];

/// Whether some query starts with `prefix`.
fn completable(prefix: &str) -> bool {
    let (stack, open_string) = scan_open(prefix);
    if open_string.is_some() {
        return true;
    }
    let closers: String = stack
        .iter()
        .rev()
        .map(|(k, _)| match k {
            '(' => ')',
            '{' => '}',
            _ => ']',
        })
        .collect();
    for before in BEFORE {
        for after in AFTER {
            let candidate = format!("{prefix}{before}{closers}{after}");
            if parser::lex::lexer(&candidate).is_err() {
                continue;
            }
            match parser::parse(&candidate) {
                Ok(_) => return true,
                Err(m) if m != SYNTAX => return true,
                Err(_) => {}
            }
        }
    }
    false
}

fn syntax_problem(expr: &str, spans: &[(usize, usize, u16)]) -> Problem {
    let viable = |n: usize| n == 0 || completable(&expr[..spans[n - 1].1]);
    // Largest n such that the first n tokens can start a query (0 always can).
    let mut lo = 0usize;
    let mut hi = spans.len();
    if viable(hi) {
        lo = hi;
    } else {
        // Invariant: viable(lo), !viable(hi).
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if viable(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    match spans.get(lo) {
        Some(&(start, end, _)) => {
            let tok = &expr[start..end];
            problem(
                expr,
                format!("{SYNTAX}: unexpected `{tok}`"),
                start,
                end.max(start + 1),
            )
        }
        None => {
            let end = expr.trim_end().len();
            problem(expr, format!("{SYNTAX}: unexpected end of input"), end, end)
        }
    }
}

fn semantic_problem(expr: &str, spans: &[(usize, usize, u16)], msg: String) -> Problem {
    // A name the message quotes ('rate', "job") that is one of the query's tokens.
    let quoted = quoted_words(&msg);
    for word in &quoted {
        if let Some(&(s, e, _)) = spans.iter().find(|(s, e, _)| &expr[*s..*e] == word) {
            return problem(expr, msg, s, e);
        }
    }
    let start = expr.len() - expr.trim_start().len();
    problem(expr, msg, start, expr.trim_end().len())
}

fn quoted_words(msg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['\'', '"', '`'] {
        let parts: Vec<&str> = msg.split(q).collect();
        for (i, p) in parts.iter().enumerate() {
            if i % 2 == 1 && i + 1 < parts.len() && !p.is_empty() {
                out.push((*p).to_owned());
            }
        }
    }
    out
}
