//! Visible-window search, gap splitting and pixel-column decimation (uPlot's approach).
//!
//! Contract:
//! - [`visible_window`] finds, by binary search over sorted `t_ms`, the index range covering
//!   `[from_ms, to_ms]` plus one point on each side, so lines run to the plot edges.
//! - [`gap_free_runs`] splits that window into runs with no gap: a value rejected by `is_valid`
//!   (the charts reject NaN, ±Inf, and ≤ 0 on log axes) ends a run and is dropped; a time step
//!   larger than 1.5 × `step_ms` between neighbours ends a run (`step_ms` ≤ 0 disables this).
//! - [`decimate_columns`] keeps, for each whole-pixel column (`x.round()`), the first, the
//!   minimum-y, the maximum-y and the last point, in their original order. Drawn as one polyline
//!   with whole-pixel coordinates, the result covers exactly the pixels of the full polyline:
//!   inside a column the full line only moves vertically between its extremes, and the segments
//!   between columns are kept unchanged. Apply it per run, so gaps survive.
//! - [`should_decimate`]: decimate when a run has at least 4 points per pixel of width.

use std::ops::Range;

/// Index range of the points to draw for `[from_ms, to_ms]`: the points inside plus one
/// neighbour on each side. `t_ms` must be sorted ascending.
pub fn visible_window(t_ms: &[i64], from_ms: i64, to_ms: i64) -> Range<usize> {
    let lo = t_ms.partition_point(|t| *t < from_ms);
    let hi = t_ms.partition_point(|t| *t <= to_ms);
    let lo = lo.saturating_sub(1);
    let hi = (hi + 1).min(t_ms.len());
    if lo >= hi {
        return 0..0;
    }
    lo..hi
}

/// Splits `window` into gap-free runs (see the module contract).
pub fn gap_free_runs(
    t_ms: &[i64],
    values: &[f64],
    window: Range<usize>,
    step_ms: i64,
    is_valid: impl Fn(f64) -> bool,
) -> Vec<Range<usize>> {
    let end = window.end.min(t_ms.len()).min(values.len());
    let max_gap_ms = if step_ms > 0 {
        step_ms.saturating_mul(3) / 2
    } else {
        i64::MAX
    };
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for i in window.start..end {
        if !is_valid(values[i]) {
            if let Some(s) = start.take() {
                runs.push(s..i);
            }
            continue;
        }
        match start {
            Some(s) if t_ms[i].saturating_sub(t_ms[i - 1]) > max_gap_ms => {
                runs.push(s..i);
                start = Some(i);
            }
            Some(_) => {}
            None => start = Some(i),
        }
    }
    if let Some(s) = start {
        runs.push(s..end);
    }
    runs
}

/// Whether a run of `points` is worth decimating on a plot `width_px` wide.
pub fn should_decimate(points: usize, width_px: i32) -> bool {
    width_px > 0 && points >= 4 * width_px as usize
}

/// Keeps first / min-y / max-y / last per pixel column of a run of points in pixel space
/// (x ascending), appending to `out` in original order.
pub fn decimate_columns(points: &[(f64, f64)], out: &mut Vec<(f64, f64)>) {
    let mut i = 0;
    while i < points.len() {
        let col = points[i].0.round();
        let first = i;
        let (mut lo, mut hi) = (i, i);
        let mut j = i + 1;
        while j < points.len() && points[j].0.round() == col {
            if points[j].1 < points[lo].1 {
                lo = j;
            }
            if points[j].1 > points[hi].1 {
                hi = j;
            }
            j += 1;
        }
        let last = j - 1;
        let (a, b) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        out.push(points[first]);
        for k in [a, b] {
            if k != first && k != last && (k != b || a != b) {
                out.push(points[k]);
            }
        }
        if last != first {
            out.push(points[last]);
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_window_table() {
        let t = [0, 10, 20, 30, 40, 50];
        let cases = [
            ((15, 35), 1..5),
            ((0, 50), 0..6),
            ((-100, -50), 0..1),
            ((100, 200), 5..6),
            ((20, 20), 1..4),
            ((-5, 5), 0..2),
        ];
        for ((from, to), want) in cases {
            assert_eq!(visible_window(&t, from, to), want, "{from}..{to}");
        }
        assert_eq!(visible_window(&[], 0, 10), 0..0);
    }

    #[test]
    fn gap_runs_table() {
        let t = [0, 10, 20, 30, 60, 70, 80];
        let nan = f64::NAN;
        let ok = |v: f64| v.is_finite();
        type Case = (Vec<f64>, i64, Vec<Range<usize>>);
        let cases: Vec<Case> = vec![
            (vec![1.0; 7], 10, vec![0..4, 4..7]),
            (vec![1.0; 7], 0, vec![Range { start: 0, end: 7 }]),
            (vec![1.0; 7], 20, vec![Range { start: 0, end: 7 }]),
            (
                vec![1.0, 1.0, nan, 1.0, 1.0, 1.0, 1.0],
                10,
                vec![0..2, 3..4, 4..7],
            ),
            (
                vec![nan, f64::INFINITY, 1.0, 1.0, 1.0, 1.0, f64::NEG_INFINITY],
                10,
                vec![2..4, 4..6],
            ),
            (vec![nan; 7], 10, vec![]),
        ];
        for (values, step, want) in cases {
            assert_eq!(
                gap_free_runs(&t, &values, 0..7, step, ok),
                want,
                "{values:?} step {step}"
            );
        }
        // Mismatched lengths: only the common prefix is used.
        assert_eq!(
            gap_free_runs(&t, &[1.0, 1.0], 0..7, 10, ok),
            vec![Range { start: 0, end: 2 }]
        );
    }

    #[test]
    fn decimation_keeps_extremes_in_order() {
        let pts = [
            (0.1, 5.0),
            (0.2, 9.0),
            (0.3, 1.0),
            (0.4, 4.0),
            (1.0, 3.0),
            (2.2, 7.0),
            (2.3, 7.0),
        ];
        let mut out = Vec::new();
        decimate_columns(&pts, &mut out);
        assert_eq!(
            out,
            vec![
                (0.1, 5.0),
                (0.2, 9.0),
                (0.3, 1.0),
                (0.4, 4.0),
                (1.0, 3.0),
                (2.2, 7.0),
                (2.3, 7.0)
            ]
        );
        // Many points per column collapse to at most four.
        let dense: Vec<(f64, f64)> = (0..1000)
            .map(|i| (i as f64 / 100.0, ((i * 37) % 101) as f64))
            .collect();
        let mut out = Vec::new();
        decimate_columns(&dense, &mut out);
        assert!(out.len() <= 11 * 4, "{}", out.len());
        for col in 0..=10 {
            let in_col: Vec<_> = dense.iter().filter(|p| p.0.round() == col as f64).collect();
            let kept: Vec<_> = out.iter().filter(|p| p.0.round() == col as f64).collect();
            let (mn, mx) = in_col
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
            assert_eq!(kept.first().map(|p| **p), in_col.first().map(|p| **p));
            assert_eq!(kept.last().map(|p| **p), in_col.last().map(|p| **p));
            assert!(
                kept.iter().any(|p| p.1 == mn) && kept.iter().any(|p| p.1 == mx),
                "column {col}"
            );
        }
        assert!(should_decimate(3200, 800));
        assert!(!should_decimate(3199, 800));
        assert!(!should_decimate(10, 0));
    }
}
