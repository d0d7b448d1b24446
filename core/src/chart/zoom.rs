//! Drag to zoom: a horizontal drag on a time-series plot becomes the dashboard's time range.
//!
//! Contract (all pixels are device pixels relative to the drawing area, as [`PlotLayout`]):
//! - A drag starts only inside the plot rectangle ([`starts_drag`]).
//! - Both ends are clamped to the plot's columns; the selection spans the plot's full height
//!   ([`selection_rect`]).
//! - A drag whose clamped width is under `min_drag_px` is a click, not a zoom ([`drag_range`]
//!   returns `None`); so is one that maps to an empty time interval.
//! - The range is `(t_of_x(left), t_of_x(right))`, and goes into the URL as absolute ms epoch
//!   values ([`range_values`]), as Grafana does.

use super::timeseries::PlotLayout;
use super::PxRect;

/// Drags shorter than this (CSS pixels) are clicks.
pub const MIN_DRAG_CSS_PX: f64 = 5.0;

/// Whether a press at `(x_px, y_px)` starts a zoom drag.
pub fn starts_drag(layout: &PlotLayout, x_px: f64, y_px: f64) -> bool {
    layout.plot_rect.contains(x_px, y_px)
}

fn clamp_x(layout: &PlotLayout, x_px: f64) -> f64 {
    let r = layout.plot_rect;
    x_px.clamp(f64::from(r.x0), f64::from((r.x1 - 1).max(r.x0)))
}

/// The rectangle shown while dragging from `x0_px` to `x1_px` (either order).
pub fn selection_rect(layout: &PlotLayout, x0_px: f64, x1_px: f64) -> Option<PxRect> {
    let r = layout.plot_rect;
    if r.is_empty() || !x0_px.is_finite() || !x1_px.is_finite() {
        return None;
    }
    let (a, b) = (clamp_x(layout, x0_px), clamp_x(layout, x1_px));
    let (lo, hi) = (a.min(b).round() as i32, a.max(b).round() as i32);
    Some(PxRect {
        x0: lo,
        y0: r.y0,
        x1: hi + 1,
        y1: r.y1,
    })
}

/// The time range a drag selects, `None` for a click (see the module contract).
pub fn drag_range(
    layout: &PlotLayout,
    x0_px: f64,
    x1_px: f64,
    min_drag_px: f64,
) -> Option<(i64, i64)> {
    if layout.plot_rect.is_empty() || !x0_px.is_finite() || !x1_px.is_finite() {
        return None;
    }
    let (a, b) = (clamp_x(layout, x0_px), clamp_x(layout, x1_px));
    let (lo, hi) = (a.min(b), a.max(b));
    if hi - lo < min_drag_px {
        return None;
    }
    let (from, to) = (layout.t_of_x(lo), layout.t_of_x(hi));
    (to > from).then_some((from, to))
}

/// URL values (`from`, `to`) for a zoomed range: absolute ms epoch.
pub fn range_values((from_ms, to_ms): (i64, i64)) -> (String, String) {
    (from_ms.to_string(), to_ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{layout_time_series, Rgba, SeriesView, Theme, TimeSeriesView};

    fn layout() -> PlotLayout {
        let view = TimeSeriesView {
            series: vec![SeriesView::line(
                "a",
                Rgba::rgb(1, 2, 3),
                vec![0, 60_000],
                vec![1.0, 2.0],
            )],
            x_range_ms: (0, 600_000),
            step_ms: 60_000,
            ..TimeSeriesView::default()
        };
        layout_time_series(&view, &Theme::dark(1.0), 800, 300).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn drag_range_table() {
        let l = layout();
        let r = l.plot_rect;
        let (x0, x1) = (f64::from(r.x0), f64::from(r.x1 - 1));
        let mid = (x0 + x1) / 2.0;
        let cases = [
            // A real drag, either direction.
            (mid, x1, Some((l.t_of_x(mid), 600_000))),
            (x1, mid, Some((l.t_of_x(mid), 600_000))),
            // Past the plot's edges: clamped to the range.
            (x0 - 50.0, x1 + 50.0, Some((0, 600_000))),
            // Shorter than the minimum: a click.
            (mid, mid + 4.9, None),
            (mid, mid, None),
            // Entirely left of the plot: clamps to one column.
            (0.0, 10.0, None),
            (f64::NAN, mid, None),
        ];
        for (a, b, want) in cases {
            assert_eq!(drag_range(&l, a, b, 5.0), want, "{a} → {b}");
        }
        // Exactly the minimum counts as a drag.
        assert!(drag_range(&l, mid, mid + 5.0, 5.0).is_some());
    }

    #[test]
    fn drag_range_round_trips_pixels_within_a_pixel() {
        let l = layout();
        let ms_per_px = 600_000.0 / f64::from(l.plot_rect.width() - 1);
        for (a, b) in [(120.0, 300.0), (200.5, 700.2)] {
            let (from, to) = drag_range(&l, a, b, 5.0).unwrap_or_default();
            assert!((l.x_of_t(from) - a).abs() <= 1.0, "{a}");
            assert!((l.x_of_t(to) - b).abs() <= 1.0, "{b}");
            assert!(((to - from) as f64 - (b - a) * ms_per_px).abs() <= ms_per_px);
        }
    }

    #[test]
    fn selection_rect_table() {
        let l = layout();
        let r = l.plot_rect;
        let cases = [
            (100.0, 200.0, (100, 201)),
            (200.0, 100.0, (100, 201)),
            (-10.0, 5000.0, (r.x0, r.x1)),
        ];
        for (a, b, (x0, x1)) in cases {
            assert_eq!(
                selection_rect(&l, a, b),
                Some(PxRect {
                    x0,
                    y0: r.y0,
                    x1,
                    y1: r.y1
                }),
                "{a} {b}"
            );
        }
        assert_eq!(
            selection_rect(&l, -10.0, 5000.0).map(|s| (s.x0, s.x1)),
            Some((r.x0, r.x1))
        );
        assert_eq!(selection_rect(&l, f64::INFINITY, 1.0), None);
    }

    #[test]
    fn starts_drag_only_in_the_plot() {
        let l = layout();
        let r = l.plot_rect;
        assert!(starts_drag(&l, f64::from(r.x0 + 1), f64::from(r.y0 + 1)));
        assert!(!starts_drag(&l, f64::from(r.x0 - 1), f64::from(r.y0 + 1)));
        assert!(!starts_drag(&l, f64::from(r.x0 + 1), f64::from(r.y1)));
    }

    #[test]
    fn range_values_are_ms_epoch() {
        assert_eq!(
            range_values((1_767_222_000_000, 1_767_225_600_000)),
            ("1767222000000".to_owned(), "1767225600000".to_owned())
        );
    }
}
