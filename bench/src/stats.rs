//! Summaries of repeated measurements: median, min and max of a sample, ratios of medians,
//! growth in percent, and how they print in the markdown table.
//!
//! Contract: pure functions; an empty sample has no summary (`None`), never a panic; the
//! median of an even sample is the mean of the two middle values; NaN samples are dropped.

/// Median, min and max of one measured quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
}

pub fn summarize(sample: &[f64]) -> Option<Summary> {
    let mut v: Vec<f64> = sample.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(Summary {
        median,
        min: v[0],
        max: v[n - 1],
        n,
    })
}

/// `a / b` of two medians; `None` when either is missing or `b` is not positive.
pub fn ratio(a: Option<Summary>, b: Option<Summary>) -> Option<f64> {
    let (a, b) = (a?, b?);
    (b.median > 0.0).then(|| a.median / b.median)
}

/// Growth from `before` to `after` in percent; `None` when `before` is not positive.
pub fn growth_pct(before: f64, after: f64) -> Option<f64> {
    (before > 0.0).then(|| (after - before) / before * 100.0)
}

/// `median (min–max)` with `decimals` decimals, or `n/a`.
pub fn fmt_summary(s: Option<Summary>, decimals: usize) -> String {
    match s {
        Some(s) => format!(
            "{:.d$} ({:.d$}–{:.d$})",
            s.median,
            s.min,
            s.max,
            d = decimals
        ),
        None => "n/a".to_owned(),
    }
}

pub fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".to_owned(), |r| format!("{r:.2}×"))
}

/// Integer with thousands separators: 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a measured ratio meets a goal of "at most `goal`×".
pub fn verdict(r: Option<f64>, goal: f64) -> &'static str {
    match r {
        Some(r) if r <= goal => "met",
        Some(_) => "**missed**",
        None => "n/a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_mins_maxes() {
        type Case<'a> = (&'a [f64], Option<(f64, f64, f64, usize)>);
        let cases: &[Case] = &[
            (&[], None),
            (&[f64::NAN], None),
            (&[3.0], Some((3.0, 3.0, 3.0, 1))),
            (&[5.0, 1.0, 3.0], Some((3.0, 1.0, 5.0, 3))),
            (&[4.0, 1.0, 3.0, 2.0], Some((2.5, 1.0, 4.0, 4))),
            (&[2.0, f64::NAN, 1.0], Some((1.5, 1.0, 2.0, 2))),
        ];
        for (sample, want) in cases {
            let got = summarize(sample).map(|s| (s.median, s.min, s.max, s.n));
            assert_eq!(got, *want, "{sample:?}");
        }
    }

    #[test]
    fn ratios_and_growth() {
        let a = summarize(&[6.0]);
        let b = summarize(&[3.0]);
        assert_eq!(ratio(a, b), Some(2.0));
        assert_eq!(ratio(a, None), None);
        assert_eq!(ratio(a, summarize(&[0.0])), None);
        assert_eq!(growth_pct(100.0, 104.0), Some(4.0));
        assert_eq!(growth_pct(0.0, 1.0), None);
        assert_eq!(verdict(Some(1.2), 1.2), "met");
        assert_eq!(verdict(Some(1.21), 1.2), "**missed**");
        assert_eq!(verdict(None, 1.2), "n/a");
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_summary(summarize(&[1.0, 2.0, 3.0]), 1), "2.0 (1.0–3.0)");
        assert_eq!(fmt_summary(None, 1), "n/a");
        assert_eq!(fmt_ratio(Some(1.234)), "1.23×");
        for (n, s) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), s);
        }
    }
}
