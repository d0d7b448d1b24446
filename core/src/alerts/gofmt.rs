//! Go's `fmt` number formatting, as Prometheus' templates print numbers: `%v`/`%g` (shortest
//! digits, exponent from 1e+06 up and below 1e-04), `%.Ng` (N significant digits, trailing zeros
//! dropped), `%f`/`%.Nf`, `%e`, and Go's texts for NaN and ±Inf (`NaN`, `+Inf`, `-Inf`).
//!
//! Contract: total functions (any f64, any precision), byte-for-byte what Go prints.

/// More significant digits than any f64 has (767), within what Rust's formatter accepts.
const MAX_SIG_DIGITS: usize = 800;
/// More fraction digits than any f64 has (1074), within what Rust's formatter accepts.
const MAX_FRACTION_DIGITS: usize = 1100;

/// Go's text for a non-finite value under `%v`/`%g`/`%f`/`%e`.
fn non_finite(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("NaN".into())
    } else if v.is_infinite() {
        Some(if v > 0.0 { "+Inf" } else { "-Inf" }.into())
    } else {
        None
    }
}

/// Decimal digits (no trailing zeros, at least one) and the decimal point position `dp`
/// (value = 0.d1d2… × 10^dp) of |v|, rounded to `sig` significant digits or shortest.
fn digits(v: f64, sig: Option<usize>) -> (Vec<u8>, i32) {
    let a = v.abs();
    if a == 0.0 {
        return (vec![b'0'], 1);
    }
    let s = match sig {
        // An f64 has at most 767 significant decimal digits; more are zeros (dropped below),
        // and Rust's formatter refuses precisions over u16::MAX.
        Some(p) => format!("{:.*e}", p.clamp(1, MAX_SIG_DIGITS) - 1, a),
        None => format!("{a:e}"),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut ds: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while ds.len() > 1 && ds.last() == Some(&b'0') {
        ds.pop();
    }
    (ds, exp + 1)
}

fn push_digit(out: &mut String, ds: &[u8], i: i32) {
    let d = if i >= 0 {
        ds.get(i as usize).copied().unwrap_or(b'0')
    } else {
        b'0'
    };
    out.push(d as char);
}

fn fmt_e(neg: bool, ds: &[u8], dp: i32, prec: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    push_digit(&mut out, ds, 0);
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            push_digit(&mut out, ds, i);
        }
    }
    let exp = if ds == [b'0'] { 0 } else { dp - 1 };
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

fn fmt_f(neg: bool, ds: &[u8], dp: i32, decimals: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if dp > 0 {
        for i in 0..dp {
            push_digit(&mut out, ds, i);
        }
    } else {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for i in 0..decimals {
            push_digit(&mut out, ds, dp + i);
        }
    }
    out
}

/// `%g` with `prec` significant digits, or `%v` (shortest) when `prec` is None.
pub fn g(v: f64, prec: Option<usize>) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    let neg = v.is_sign_negative();
    let (ds, dp) = digits(v, prec.map(|p| p.max(1)));
    let nd = ds.len() as i32;
    let shortest = prec.is_none();
    let mut p = match prec {
        Some(p) => p.max(1) as i32,
        None => nd,
    };
    let mut eprec = p;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    if shortest {
        eprec = 6;
    }
    let exp = dp - 1;
    if ds != [b'0'] && (exp < -4 || exp >= eprec) {
        if p > nd {
            p = nd;
        }
        return fmt_e(neg, &ds, dp, p - 1);
    }
    if p > dp {
        p = nd;
    }
    fmt_f(neg, &ds, dp, (p - dp).max(0))
}

/// `%.Nf` (`%f` is `%.6f`).
pub fn f(v: f64, decimals: usize) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    // An f64 has at most 1074 fraction digits; the rest are zeros (and Rust's formatter
    // refuses precisions over u16::MAX).
    let exact = decimals.min(MAX_FRACTION_DIGITS);
    let mut out = format!("{v:.exact$}");
    out.extend(std::iter::repeat_n('0', decimals - exact));
    out
}

/// `%.Ne` (`%e` is `%.6e`).
pub fn e(v: f64, decimals: usize) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    let (ds, dp) = digits(v, Some(decimals + 1));
    fmt_e(v.is_sign_negative(), &ds, dp, decimals as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_matches_go_percent_v() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (1.0, "1"),
            (3.5, "3.5"),
            (-2.25, "-2.25"),
            (123456.0, "123456"),
            (1_000_000.0, "1e+06"),
            (1_234_567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
        ];
        for (v, want) in cases {
            assert_eq!(g(*v, None), *want, "{v}");
        }
    }

    #[test]
    fn precision_g_matches_go() {
        let cases: &[(f64, usize, &str)] = &[
            (1.5, 4, "1.5"),
            (1234.0, 4, "1234"),
            (12345.0, 4, "1.234e+04"),
            (1.2345678, 4, "1.235"),
            (0.001234, 4, "0.001234"),
            (0.00001234, 4, "1.234e-05"),
            (1e6, 4, "1e+06"),
            (100.0, 4, "100"),
            (0.0, 4, "0"),
            (99.99, 3, "100"),
        ];
        for (v, p, want) in cases {
            assert_eq!(g(*v, Some(*p)), *want, "{v} %.{p}g");
        }
    }

    #[test]
    fn fixed_and_exponent() {
        assert_eq!(f(1.23456, 2), "1.23");
        assert_eq!(f(2.0, 6), "2.000000");
        assert_eq!(f(f64::INFINITY, 2), "+Inf");
        assert_eq!(e(1234.5678, 2), "1.23e+03");
        assert_eq!(e(0.0, 1), "0.0e+00");
    }
}
