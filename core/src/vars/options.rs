//! Option lists written by hand: custom variables (`a,b,c`, `text : value`), interval
//! variables (`1m,10m,1h`), and the `auto` interval.
//!
//! Contract: custom items are separated by commas, `\,` is a literal comma; each item is
//! trimmed and an item of the form `text : value` (whitespace on both sides of the colon,
//! the last such colon wins, as Grafana's greedy regex does) gives a separate display text.
//! Blank items are dropped (Grafana keeps them as empty options, which cannot be selected
//! meaningfully). Interval items are trimmed, stripped of surrounding quotes, blanks dropped.
//! `auto` = Grafana's `calculateInterval(range, auto_count, auto_min)`.

use crate::model::VariableOption;
use crate::prom::duration::{interval_text, parse_duration_ms};
use crate::prom::step::round_interval_ms;

/// Parses a custom variable's query (`a,b,c`, `Production : prod, Staging : stg`).
pub fn parse_custom_options(query: &str) -> Vec<VariableOption> {
    let mut items: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .iter()
        .filter_map(|item| {
            if item.trim().is_empty() {
                return None;
            }
            Some(match split_text_value(item) {
                Some((text, value)) => VariableOption {
                    text: text.trim().to_owned(),
                    value: value.trim().to_owned(),
                },
                None => VariableOption {
                    text: item.trim().to_owned(),
                    value: item.trim().to_owned(),
                },
            })
        })
        .collect()
}

/// `text : value` → (text, value), splitting at the last colon with whitespace on both
/// sides and something on either side.
fn split_text_value(item: &str) -> Option<(&str, &str)> {
    let s = item.trim_start();
    let bytes = s.as_bytes();
    (1..bytes.len().saturating_sub(1))
        .rev()
        .filter(|&i| bytes[i] == b':')
        .find(|&i| {
            bytes[i - 1].is_ascii_whitespace()
                && bytes[i + 1].is_ascii_whitespace()
                && i >= 2
                && i + 2 < bytes.len()
        })
        .map(|i| (&s[..i - 1], &s[i + 2..]))
}

/// Parses an interval variable's options (`1m,10m,30m,1h,6h,12h,1d`).
pub fn parse_interval_options(query: &str) -> Vec<String> {
    query
        .split(',')
        .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `auto` option of an interval variable: `round_interval(range / auto_count)`, not
/// below `auto_min` (ignored when unparsable). Returns (ms, text such as "5m").
pub fn auto_interval(range_ms: i64, auto_count: u32, auto_min: &str) -> (i64, String) {
    let count = i64::from(auto_count.max(1));
    let min_ms = parse_duration_ms(auto_min).unwrap_or(1).max(1);
    let ms = round_interval_ms(range_ms.max(0) / count).max(min_ms);
    (ms, interval_text(ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DAY_MS, HOUR_MS};

    fn opts(pairs: &[(&str, &str)]) -> Vec<VariableOption> {
        pairs
            .iter()
            .map(|(t, v)| VariableOption {
                text: t.to_string(),
                value: v.to_string(),
            })
            .collect()
    }

    #[test]
    fn custom_options_table() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("a,b,c", &[("a", "a"), ("b", "b"), ("c", "c")]),
            (" a , b ", &[("a", "a"), ("b", "b")]),
            ("a,,b,", &[("a", "a"), ("b", "b")]),
            ("", &[]),
            (
                "Production : prod, Staging : stg",
                &[("Production", "prod"), ("Staging", "stg")],
            ),
            ("a:b", &[("a:b", "a:b")]),
            ("a : b : c", &[("a : b", "c")]),
            ("x\\,y,z", &[("x,y", "x,y"), ("z", "z")]),
            ("host:9100", &[("host:9100", "host:9100")]),
            ("1 : ", &[("1 :", "1 :")]),
            ("Any : .*", &[("Any", ".*")]),
        ];
        for &(query, want) in cases {
            assert_eq!(parse_custom_options(query), opts(want), "{query:?}");
        }
    }

    #[test]
    fn interval_options_table() {
        let cases: &[(&str, &[&str])] = &[
            ("1m,10m,30m,1h", &["1m", "10m", "30m", "1h"]),
            (" 1m , '5m', \"1h\" ,", &["1m", "5m", "1h"]),
            ("", &[]),
        ];
        for &(query, want) in cases {
            assert_eq!(parse_interval_options(query), want, "{query:?}");
        }
    }

    #[test]
    fn auto_intervals() {
        let cases: &[(i64, u32, &str, i64, &str)] = &[
            (6 * HOUR_MS, 30, "10s", 600_000, "10m"),
            (HOUR_MS, 30, "10s", 120_000, "2m"),
            (5 * 60_000, 30, "10s", 10_000, "10s"),
            (30 * DAY_MS, 30, "", DAY_MS, "1d"),
            (HOUR_MS, 0, "bogus", 3_600_000, "1h"),
        ];
        for &(range, count, min, ms, text) in cases {
            assert_eq!(
                auto_interval(range, count, min),
                (ms, text.to_owned()),
                "{range} {count} {min}"
            );
        }
    }
}
