//! The monitoring pages' models (`?page=targets`, `?page=status`): what Prometheus' targets,
//! status and rules endpoints say, turned into rows of text a page shows as-is.
//!
//! Contract: pure functions of decoded API data plus "now" (ms epoch); no I/O. Durations are
//! printed compactly ("850 µs", "3.2 ms", "1.25 s"), ages as "12 s ago"; a timestamp the server
//! never set (Go's zero time) reads "never"; NaN reads "" (unknown, nothing to show).
pub mod status;
pub mod targets;

/// A duration in **seconds** as "850 µs", "3.2 ms", "1.25 s", "2 min 5 s". NaN/±Inf → "".
pub fn duration_text(secs: f64) -> String {
    if !secs.is_finite() {
        return String::new();
    }
    let abs = secs.abs();
    if abs == 0.0 {
        "0 ms".to_owned()
    } else if abs < 1e-3 {
        format!("{:.0} µs", secs * 1e6)
    } else if abs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else if abs < 60.0 {
        format!("{secs:.2} s")
    } else {
        let whole = secs.round() as i64;
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

/// How long before `now_ms` the instant `t_ms` was: "3 s ago", "4 min ago", "2 h ago",
/// "5 d ago"; `None` → "never"; a time ahead of `now` (clock skew) → "just now".
pub fn ago_text(t_ms: Option<i64>, now_ms: i64) -> String {
    let Some(t) = t_ms else {
        return "never".to_owned();
    };
    let diff_s = now_ms.saturating_sub(t) / 1000;
    if diff_s < 0 {
        "just now".to_owned()
    } else if diff_s < 120 {
        format!("{diff_s} s ago")
    } else if diff_s < 2 * 3600 {
        format!("{} min ago", diff_s / 60)
    } else if diff_s < 2 * 86_400 {
        format!("{} h ago", diff_s / 3600)
    } else {
        format!("{} d ago", diff_s / 86_400)
    }
}

/// A count as an integer with thin grouping ("1 234 567"); NaN → "".
pub fn count_text(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for (secs, want) in [
            (0.0032, "3.2 ms"),
            (0.0123, "12.3 ms"),
            (0.000_85, "850 µs"),
            (0.0, "0 ms"),
            (1.254, "1.25 s"),
            (125.0, "2 min 5 s"),
            (f64::NAN, ""),
            (f64::INFINITY, ""),
        ] {
            assert_eq!(duration_text(secs), want, "{secs}");
        }
    }

    #[test]
    fn ages() {
        let now = 1_000_000_000;
        for (t, want) in [
            (Some(now - 12_400), "12 s ago"),
            (Some(now), "0 s ago"),
            (Some(now + 5_000), "just now"),
            (Some(now - 300_000), "5 min ago"),
            (Some(now - 3 * 3_600_000), "3 h ago"),
            (Some(now - 3 * 86_400_000), "3 d ago"),
            (None, "never"),
        ] {
            assert_eq!(ago_text(t, now), want, "{t:?}");
        }
    }

    #[test]
    fn counts() {
        for (v, want) in [
            (0.0, "0"),
            (999.0, "999"),
            (1234.0, "1 234"),
            (1_234_567.0, "1 234 567"),
            (-1000.0, "-1 000"),
            (f64::NAN, ""),
        ] {
            assert_eq!(count_text(v), want);
        }
    }
}
