//! Durations as Prometheus and Grafana write them: parsing and the two text forms.
//!
//! Contract:
//! - [`parse_duration_ms`] accepts Prometheus durations (`1h30m`, `500ms`, `1d`, `2w`, `1y`;
//!   units in any order, each at most once is not enforced), Grafana's extras (`1M` = 30 days,
//!   decimal counts such as `1.5h`, a bare number meaning seconds), and surrounding
//!   whitespace. `y` = 365 days, `w` = 7 days. Empty text, unknown units, negative or
//!   overflowing values are errors. The result is rounded to whole milliseconds.
//! - [`format_duration_ms`] writes the exact Prometheus form (`90000` → `1m30s`; years and weeks
//!   only when they divide exactly, so 90 days stay `90d`); `0` → `0s`; negative → `-` + form.
//! - [`interval_text`] writes Grafana's `secondsToHms`: only the largest whole unit
//!   (`90000` → `1m`), used for `$__interval` text.

use thiserror::Error;

use crate::time::{DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, WEEK_MS};

pub const YEAR_MS: i64 = 365 * DAY_MS;
/// Grafana's `M` in intervals: 30 days.
pub const MONTH_MS: i64 = 30 * DAY_MS;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum DurationError {
    #[error("\"{0}\" is not a duration: write it like 15s, 5m, 1h30m or 500ms")]
    Invalid(String),
    #[error("\"{text}\" has an unknown unit \"{unit}\": use ms, s, m, h, d, w, M or y")]
    UnknownUnit { text: String, unit: String },
}

fn unit_ms(unit: &str) -> Option<i64> {
    Some(match unit {
        "ms" => 1,
        "s" => SECOND_MS,
        "m" => MINUTE_MS,
        "h" => HOUR_MS,
        "d" => DAY_MS,
        "w" => WEEK_MS,
        "M" => MONTH_MS,
        "y" => YEAR_MS,
        _ => return None,
    })
}

/// Parses `1h30m`, `15s`, `500ms`, `1.5h`, `1d`, `1w`, `1y`, `30` (seconds).
pub fn parse_duration_ms(text: &str) -> Result<i64, DurationError> {
    let s = text.trim();
    let invalid = || DurationError::Invalid(text.to_owned());
    if s.is_empty() {
        return Err(invalid());
    }
    if let Ok(secs) = s.parse::<f64>() {
        if !secs.is_finite() || secs < 0.0 || s.starts_with(['+', '-']) {
            return Err(invalid());
        }
        return Ok((secs * 1000.0).round() as i64);
    }
    let mut rest = s;
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if num_len == 0 {
            return Err(invalid());
        }
        let n: f64 = rest[..num_len].parse().map_err(|_| invalid())?;
        rest = &rest[num_len..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if unit_len == 0 {
            return Err(invalid());
        }
        let unit = &rest[..unit_len];
        let mult = unit_ms(unit).ok_or_else(|| DurationError::UnknownUnit {
            text: text.to_owned(),
            unit: unit.to_owned(),
        })?;
        rest = &rest[unit_len..];
        total += n * mult as f64;
    }
    if !total.is_finite() || total > i64::MAX as f64 / 2.0 {
        return Err(invalid());
    }
    Ok(total.round() as i64)
}

/// The exact Prometheus form: `1m30s`, `1h`, `90d`, `2w`, `1y`, `1s500ms`, `0s`.
pub fn format_duration_ms(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    let units: [(&str, u64, bool); 7] = [
        ("y", YEAR_MS as u64, true),
        ("w", WEEK_MS as u64, true),
        ("d", DAY_MS as u64, false),
        ("h", HOUR_MS as u64, false),
        ("m", MINUTE_MS as u64, false),
        ("s", SECOND_MS as u64, false),
        ("ms", 1, false),
    ];
    for (name, mult, exact_only) in units {
        if exact_only && !rest.is_multiple_of(mult) {
            continue;
        }
        let n = rest / mult;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(name);
            rest -= n * mult;
        }
    }
    out
}

/// Grafana's interval text: the largest whole unit only (`30s`, `1m`, `2h`, `1d`, `1y`,
/// `500ms`); below one millisecond, `0ms`.
pub fn interval_text(ms: i64) -> String {
    let ms = ms.max(0);
    // A year is a whole number of days, so each remainder below is Grafana's chained one.
    let parts = [
        ("y", ms / YEAR_MS),
        ("d", ms % YEAR_MS / DAY_MS),
        ("h", ms % DAY_MS / HOUR_MS),
        ("m", ms % HOUR_MS / MINUTE_MS),
        ("s", ms % MINUTE_MS / SECOND_MS),
    ];
    for (name, n) in parts {
        if n > 0 {
            return format!("{n}{name}");
        }
    }
    format!("{ms}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, i64)] = &[
            ("15s", 15_000),
            ("1m", 60_000),
            ("1h30m", 5_400_000),
            ("500ms", 500),
            ("1s500ms", 1_500),
            ("1d", DAY_MS),
            ("1w", WEEK_MS),
            ("1y", YEAR_MS),
            ("1M", 30 * DAY_MS),
            ("1.5h", 5_400_000),
            ("30", 30_000),
            ("0.5", 500),
            (" 5m ", 300_000),
            ("0s", 0),
            ("2h45m30s", 9_930_000),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_duration_ms(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn parse_errors() {
        for text in [
            "", "m", "-5s", "5x", "1h-", "1..5s", "s5", "NaN", "inf", "-3",
        ] {
            assert!(parse_duration_ms(text).is_err(), "{text:?} should fail");
        }
        assert_eq!(
            parse_duration_ms("5x"),
            Err(DurationError::UnknownUnit {
                text: "5x".into(),
                unit: "x".into()
            })
        );
    }

    #[test]
    fn prometheus_format_table() {
        let cases: &[(i64, &str)] = &[
            (0, "0s"),
            (15_000, "15s"),
            (90_000, "1m30s"),
            (3_600_000, "1h"),
            (5_400_000, "1h30m"),
            (1_500, "1s500ms"),
            (500, "500ms"),
            (DAY_MS, "1d"),
            (WEEK_MS, "1w"),
            (2 * WEEK_MS, "2w"),
            (90 * DAY_MS, "90d"),
            (YEAR_MS, "1y"),
            (YEAR_MS + DAY_MS, "366d"),
            (-60_000, "-1m"),
        ];
        for &(ms, want) in cases {
            assert_eq!(format_duration_ms(ms), want, "{ms}");
            if ms >= 0 {
                assert_eq!(parse_duration_ms(want), Ok(ms), "round trip {want}");
            }
        }
    }

    #[test]
    fn grafana_interval_text_table() {
        let cases: &[(i64, &str)] = &[
            (1, "1ms"),
            (500, "500ms"),
            (1_000, "1s"),
            (30_000, "30s"),
            (60_000, "1m"),
            (90_000, "1m"),
            (7_200_000, "2h"),
            (DAY_MS, "1d"),
            (WEEK_MS, "7d"),
            (30 * DAY_MS, "30d"),
            (YEAR_MS, "1y"),
            (0, "0ms"),
        ];
        for &(ms, want) in cases {
            assert_eq!(interval_text(ms), want, "{ms}");
        }
    }
}
