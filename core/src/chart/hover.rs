//! Hover without redraw: which time and which values sit under the pointer.
//!
//! Contract: [`hit_test`] is pure over the view and the [`PlotLayout`] the draw returned. It
//! returns `None` when the pointer is outside the plot rectangle or no visible series has a
//! sample in the visible range. Otherwise it snaps to the sample time nearest the pointer (over
//! all visible series) and lists, for every visible series with a sample at that time (or within
//! half a step of it), the raw value (not the stacked one), its colour and the y pixel where it
//! is drawn (stacked when the panel stacks; `None` when the value cannot be placed, e.g. NaN).
//! Values are sorted descending; NaN sorts last.

use super::timeseries::{AxisSide, PlotLayout, Stacking, TimeSeriesView};
use super::Rgba;

/// One series' value under the pointer.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverValue {
    pub series_index: usize,
    pub name: String,
    pub color: Rgba,
    pub value: f64,
    pub y_px: Option<f64>,
}

/// What the tooltip shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Hover {
    /// The snapped sample time.
    pub t_ms: i64,
    /// Its x pixel (where the app draws the crosshair).
    pub x_px: f64,
    pub values: Vec<HoverValue>,
}

fn nearest_index(t_ms: &[i64], t: i64) -> Option<usize> {
    if t_ms.is_empty() {
        return None;
    }
    let i = t_ms.partition_point(|x| *x < t);
    match (i.checked_sub(1), (i < t_ms.len()).then_some(i)) {
        (Some(a), Some(b)) => Some(if t - t_ms[a] <= t_ms[b] - t { a } else { b }),
        (Some(a), None) => Some(a),
        (None, b) => b,
    }
}

/// See the module contract. `x_px`/`y_px` are device pixels relative to the drawing area.
pub fn hit_test(view: &TimeSeriesView, layout: &PlotLayout, x_px: f64, y_px: f64) -> Option<Hover> {
    if !layout.plot_rect.contains(x_px, y_px) {
        return None;
    }
    let (from, to) = view.x_range_ms;
    let t = layout.t_of_x(x_px);
    let visible = || view.series.iter().enumerate().filter(|(_, s)| !s.hidden);
    let mut best: Option<i64> = None;
    for (_, s) in visible() {
        let n = s.t_ms.len().min(s.values.len());
        let lo = s.t_ms[..n].partition_point(|x| *x < from);
        let hi = s.t_ms[..n].partition_point(|x| *x <= to);
        let Some(i) = nearest_index(&s.t_ms[lo..hi], t) else {
            continue;
        };
        let cand = s.t_ms[lo + i];
        if best.is_none_or(|b| (cand - t).abs() < (b - t).abs()) {
            best = Some(cand);
        }
    }
    let t_snap = best?;
    let tolerance = (view.step_ms / 2).max(0);
    let mut values = Vec::new();
    let mut stack_acc = [0.0_f64; 2];
    let mut totals = [0.0_f64; 2];
    let value_at = |s: &super::timeseries::SeriesView| {
        let n = s.t_ms.len().min(s.values.len());
        let i = nearest_index(&s.t_ms[..n], t_snap)?;
        ((s.t_ms[i] - t_snap).abs() <= tolerance).then(|| s.values[i])
    };
    if view.stacking == Stacking::Percent {
        for (_, s) in visible() {
            if let Some(v) = value_at(s).filter(|v| v.is_finite()) {
                totals[usize::from(s.axis == AxisSide::Right)] += v;
            }
        }
    }
    for (ix, s) in visible() {
        let Some(v) = value_at(s) else { continue };
        let side = usize::from(s.axis == AxisSide::Right);
        let drawn = match view.stacking {
            Stacking::None => v,
            Stacking::Normal | Stacking::Percent if !v.is_finite() => v,
            Stacking::Normal => {
                stack_acc[side] += v;
                stack_acc[side]
            }
            Stacking::Percent => {
                stack_acc[side] += if totals[side] == 0.0 {
                    0.0
                } else {
                    v / totals[side]
                };
                stack_acc[side]
            }
        };
        values.push(HoverValue {
            series_index: ix,
            name: s.name.clone(),
            color: s.color,
            value: v,
            y_px: layout.y_of_v(s.axis, drawn),
        });
    }
    values.sort_by(|a, b| match (a.value.is_nan(), b.value.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => b.value.total_cmp(&a.value),
    });
    Some(Hover {
        t_ms: t_snap,
        x_px: layout.x_of_t(t_snap),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_index_table() {
        let t = [10, 20, 30];
        let cases = [
            (0, Some(0)),
            (14, Some(0)),
            (15, Some(0)),
            (16, Some(1)),
            (30, Some(2)),
            (99, Some(2)),
        ];
        for (q, want) in cases {
            assert_eq!(nearest_index(&t, q), want, "{q}");
        }
        assert_eq!(nearest_index(&[], 5), None);
    }
}
