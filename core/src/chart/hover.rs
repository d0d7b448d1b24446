//! Hover without redraw: which time and which values sit under the pointer, what the tooltip
//! says, where it goes, and what the overlay canvas draws.
//!
//! Contract: every function here is pure over the view and the [`PlotLayout`] the draw returned
//! (or [`layout_time_series`](super::layout_time_series) recomputes), so the app draws hover on an
//! overlay canvas and never redraws the series.
//! - [`hit_test`] returns `None` when the pointer is outside the plot rectangle or no visible
//!   series has a sample in the visible range. Otherwise it snaps to the sample time nearest the
//!   pointer (over all visible series) and lists, for every visible series with a sample at that
//!   time (or within half a step of it), the raw value (not the stacked one), its colour and the y
//!   pixel where it is drawn (stacked when the panel stacks; `None` when the value cannot be
//!   placed, e.g. NaN). Values are sorted descending; NaN sorts last.
//! - [`hover_at_time`] is the same list at a given time (a crosshair shared from another panel).
//! - [`tooltip`] turns a hover into text rows by Grafana's tooltip mode (`single`: the series
//!   nearest the pointer; `multi`: all; `none`: no tooltip) and sort (`none` = series order,
//!   `asc`, `desc`; NaN last), values in the series' axis unit, the time as
//!   `YYYY-MM-DD HH:mm:ss` in the view's zone.
//! - [`tooltip_position`] puts the tooltip right of and below the pointer, flipping to the other
//!   side at the bounds' right / bottom edge and never starting before their left / top edge.
//! - [`overlay_marks`] + [`draw_overlay`]: crosshair column, highlighted points and the drag
//!   selection, in whole device pixels; the overlay is transparent everywhere else.
//! - [`GraphTooltip`]: Grafana's dashboard `graphTooltip` (0 default, 1 shared crosshair,
//!   2 shared tooltip).

use plotters::prelude::DrawingBackend;

use super::draw::{self, Area};
use super::timeseries::{AxisSide, PlotLayout, Stacking, TimeSeriesView};
use super::{ChartError, PxRect, Rgba, Theme};
use crate::model::{Dashboard, TooltipMode, TooltipSort};

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
    let mut best: Option<i64> = None;
    for s in view.series.iter().filter(|s| !s.hidden) {
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
    Some(hover_at_time(view, layout, best?))
}

/// The visible series' values at `t_ms` (samples within half a step of it), sorted as
/// [`hit_test`] sorts them, with the crosshair at `t_ms`'s pixel.
pub fn hover_at_time(view: &TimeSeriesView, layout: &PlotLayout, t_snap: i64) -> Hover {
    let visible = || view.series.iter().enumerate().filter(|(_, s)| !s.hidden);
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
    values.sort_by(|a, b| desc_nan_last(a.value, b.value));
    Hover {
        t_ms: t_snap,
        x_px: layout.x_of_t(t_snap),
        values,
    }
}

fn desc_nan_last(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => b.total_cmp(&a),
    }
}

/// The crosshair's x pixel for `t_ms`, `None` when the time is outside the plotted range.
pub fn crosshair_x(layout: &PlotLayout, t_ms: i64) -> Option<f64> {
    let (from, to) = layout.x_range_ms;
    (from..=to).contains(&t_ms).then(|| layout.x_of_t(t_ms))
}

/// Grafana's dashboard-level `graphTooltip`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GraphTooltip {
    /// 0: each panel on its own.
    #[default]
    Default,
    /// 1: hovering one time-series panel draws the crosshair on the others.
    SharedCrosshair,
    /// 2: … and shows their tooltips too.
    SharedTooltip,
}

impl GraphTooltip {
    pub fn of(dashboard: &Dashboard) -> Self {
        if dashboard.shared_tooltip {
            Self::SharedTooltip
        } else if dashboard.shared_crosshair {
            Self::SharedCrosshair
        } else {
            Self::Default
        }
    }
    /// Whether a hover is published to the other panels.
    pub fn shares(self) -> bool {
        self != Self::Default
    }
    /// Whether the other panels show their tooltip at the shared time.
    pub fn shares_tooltip(self) -> bool {
        self == Self::SharedTooltip
    }
}

/// One tooltip line.
#[derive(Clone, Debug, PartialEq)]
pub struct TooltipRow {
    pub series_index: usize,
    pub name: String,
    pub color: Rgba,
    /// The raw value (NaN when the sample is null).
    pub value: f64,
    /// The value in the series' axis unit.
    pub text: String,
    /// The series nearest the pointer (emphasised in `multi` mode).
    pub nearest: bool,
}

/// What the tooltip says.
#[derive(Clone, Debug, PartialEq)]
pub struct Tooltip {
    pub t_ms: i64,
    pub time_text: String,
    pub rows: Vec<TooltipRow>,
}

/// Index (into `hover.values`) of the value drawn nearest `pointer_y_px`; with no pointer
/// (a shared hover) or no placeable value, the first one in series order.
pub fn nearest_value(hover: &Hover, pointer_y_px: Option<f64>) -> Option<usize> {
    let by_distance = pointer_y_px.and_then(|py| {
        hover
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.y_px.map(|y| (i, (y - py).abs())))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    });
    by_distance.or_else(|| {
        hover
            .values
            .iter()
            .enumerate()
            .min_by_key(|(_, v)| v.series_index)
            .map(|(i, _)| i)
    })
}

/// See the module contract; `None` in mode `none` or when there is no value to show.
pub fn tooltip(
    view: &TimeSeriesView,
    hover: &Hover,
    mode: TooltipMode,
    sort: TooltipSort,
    pointer_y_px: Option<f64>,
) -> Option<Tooltip> {
    if mode == TooltipMode::None || hover.values.is_empty() {
        return None;
    }
    let nearest = nearest_value(hover, pointer_y_px);
    let format = |ix: usize, v: f64| {
        let side = view.series.get(ix).map_or(AxisSide::Left, |s| s.axis);
        match (side, &view.right_axis) {
            (AxisSide::Right, Some(right)) => right.format.format(v),
            _ => view.y.format.format(v),
        }
    };
    let row = |i: usize, v: &HoverValue| TooltipRow {
        series_index: v.series_index,
        name: v.name.clone(),
        color: v.color,
        value: v.value,
        text: format(v.series_index, v.value),
        nearest: Some(i) == nearest,
    };
    let mut rows: Vec<TooltipRow> = match mode {
        TooltipMode::Single => nearest
            .and_then(|i| hover.values.get(i).map(|v| row(i, v)))
            .into_iter()
            .collect(),
        _ => hover
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| row(i, v))
            .collect(),
    };
    match sort {
        TooltipSort::None => rows.sort_by_key(|r| r.series_index),
        TooltipSort::Desc => rows.sort_by(|a, b| desc_nan_last(a.value, b.value)),
        TooltipSort::Asc => rows.sort_by(|a, b| match (a.value.is_nan(), b.value.is_nan()) {
            (false, false) => a.value.total_cmp(&b.value),
            _ => desc_nan_last(a.value, b.value),
        }),
    }
    Some(Tooltip {
        t_ms: hover.t_ms,
        time_text: crate::time::format_time(hover.t_ms, view.tz_offset_min, "YYYY-MM-DD HH:mm:ss"),
        rows,
    })
}

/// A CSS colour (`rgba(r, g, b, a)`) for DOM swatches.
pub fn css_color(c: Rgba) -> String {
    format!("rgba({}, {}, {}, {})", c.r, c.g, c.b, c.a.clamp(0.0, 1.0))
}

/// A rectangle in CSS pixels: `(left, top, right, bottom)`.
pub type CssBounds = (f64, f64, f64, f64);

/// Top-left corner (CSS px) of a tooltip of `size` for a pointer at `pointer`, kept inside
/// `bounds` where it fits (see the module contract); `gap` is the distance from the pointer.
pub fn tooltip_position(
    pointer: (f64, f64),
    size: (f64, f64),
    bounds: CssBounds,
    gap: f64,
) -> (f64, f64) {
    let place = |p: f64, len: f64, lo: f64, hi: f64| {
        let after = p + gap;
        let before = p - gap - len;
        let v = if after + len <= hi {
            after
        } else if before >= lo {
            before
        } else {
            // Fits on neither side: as far towards the far edge as the near edge allows.
            (hi - len).max(lo)
        };
        v.max(lo)
    };
    (
        place(pointer.0, size.0, bounds.0, bounds.2),
        place(pointer.1, size.1, bounds.1, bounds.3),
    )
}

/// What the overlay canvas draws, in device pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlayMarks {
    /// The plot rectangle (the crosshair spans its height).
    pub plot: PxRect,
    /// Left column of the crosshair.
    pub crosshair_x: Option<i32>,
    /// Highlighted points: centre and colour.
    pub points: Vec<(i32, i32, Rgba)>,
    /// The drag-to-zoom selection.
    pub selection: Option<PxRect>,
}

/// The overlay for a hover (local or shared, crosshair at `crosshair_t_ms` when given, else at
/// the hover's snapped time) and a drag selection.
pub fn overlay_marks(
    layout: &PlotLayout,
    hover: Option<&Hover>,
    crosshair_t_ms: Option<i64>,
    selection: Option<PxRect>,
) -> OverlayMarks {
    let plot = layout.plot_rect;
    let x = match crosshair_t_ms {
        Some(t) => crosshair_x(layout, t),
        None => hover.map(|h| h.x_px),
    }
    .filter(|x| plot.contains(*x, f64::from(plot.y0)));
    let points = match (hover, x) {
        (Some(h), Some(_)) => h
            .values
            .iter()
            .filter_map(|v| {
                let y = v.y_px?;
                plot.contains(h.x_px, y)
                    .then(|| (h.x_px.round() as i32, y.round() as i32, v.color))
            })
            .collect(),
        _ => Vec::new(),
    };
    OverlayMarks {
        plot,
        crosshair_x: x.map(|x| x.round() as i32),
        points,
        selection,
    }
}

/// Draws `marks` on a transparent overlay area (the caller clears it first).
pub fn draw_overlay<DB: DrawingBackend>(
    area: &Area<DB>,
    marks: &OverlayMarks,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(sel) = marks.selection {
        draw::fill_rect(area, sel, theme.text.with_alpha(0.12))?;
        let edge = theme.text.with_alpha(0.45);
        let w = theme.line_px(1.0);
        draw::vline(area, sel.x0, sel.y0, sel.y1, w, edge)?;
        draw::vline(area, sel.x1 - w as i32, sel.y0, sel.y1, w, edge)?;
    }
    if let Some(x) = marks.crosshair_x {
        let w = theme.line_px(1.0);
        draw::vline(
            area,
            x - (w as i32) / 2,
            marks.plot.y0,
            marks.plot.y1,
            w,
            theme.text.with_alpha(0.55),
        )?;
    }
    let r = theme.px(4.0).round().max(2.0) as u32;
    let ring = theme.line_px(1.5);
    for (x, y, color) in &marks.points {
        draw::dot(area, *x, *y, r + ring, theme.background)?;
        draw::dot(area, *x, *y, r, color.with_alpha(1.0))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{layout_time_series, AxisSpec, SeriesView, ValueFormat};

    const RED: Rgba = Rgba::rgb(255, 0, 0);
    const BLUE: Rgba = Rgba::rgb(0, 0, 255);
    const GREEN: Rgba = Rgba::rgb(0, 255, 0);

    /// Three series over 0..=60 s at a 10 s step: a = 1, b = 3, c = 2 (c on the right axis
    /// with its own unit).
    fn view() -> TimeSeriesView<'static> {
        let t: Vec<i64> = (0..=6).map(|i| i * 10_000).collect();
        let mut c = SeriesView::line("c", GREEN, t.clone(), vec![2.0; 7]);
        c.axis = AxisSide::Right;
        TimeSeriesView {
            series: vec![
                SeriesView::line("a", RED, t.clone(), vec![1.0; 7]),
                SeriesView::line("b", BLUE, t, vec![3.0; 7]),
                c,
            ],
            x_range_ms: (0, 60_000),
            step_ms: 10_000,
            y: AxisSpec {
                format: ValueFormat::new(|v| format!("{v} ops")),
                ..AxisSpec::default()
            },
            right_axis: Some(AxisSpec {
                format: ValueFormat::new(|v| format!("{v} s")),
                ..AxisSpec::default()
            }),
            decimate: true,
            ..TimeSeriesView::default()
        }
    }

    fn layout(v: &TimeSeriesView) -> PlotLayout {
        layout_time_series(v, &Theme::dark(1.0), 800, 300).unwrap()
    }

    fn hv(ix: usize, name: &str, value: f64, y: Option<f64>) -> HoverValue {
        HoverValue {
            series_index: ix,
            name: name.into(),
            color: RED,
            value,
            y_px: y,
        }
    }

    #[test]
    fn hit_test_snaps_and_lists_visible_series() {
        let v = view();
        let l = layout(&v);
        let x = l.x_of_t(21_000);
        let h = hit_test(&v, &l, x, f64::from(l.plot_rect.y0 + 5)).unwrap();
        assert_eq!(h.t_ms, 20_000);
        assert!((h.x_px - l.x_of_t(20_000)).abs() < 1e-9);
        let names: Vec<&str> = h.values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["b", "c", "a"]);
        // Outside the plot: nothing.
        assert_eq!(hit_test(&v, &l, 0.0, 0.0), None);
        // Hidden series are not listed.
        let mut v2 = v.clone();
        v2.series[1].hidden = true;
        let h = hit_test(&v2, &l, x, f64::from(l.plot_rect.y0 + 5)).unwrap();
        assert!(h.values.iter().all(|v| v.name != "b"));
    }

    #[test]
    fn hover_at_time_uses_half_a_step() {
        let v = view();
        let l = layout(&v);
        let cases = [
            (20_000, 3),
            (24_999, 3),
            (25_001, 3),
            (-6_000, 0),
            (66_000, 0),
        ];
        for (t, n) in cases {
            assert_eq!(hover_at_time(&v, &l, t).values.len(), n, "t = {t}");
        }
        assert_eq!(hover_at_time(&v, &l, 24_000).t_ms, 24_000);
    }

    #[test]
    fn crosshair_x_only_inside_range() {
        let l = layout(&view());
        let cases = [
            (-1, None),
            (0, Some(l.x_of_t(0))),
            (60_000, Some(l.x_of_t(60_000))),
            (60_001, None),
        ];
        for (t, want) in cases {
            assert_eq!(crosshair_x(&l, t), want, "t = {t}");
        }
    }

    #[test]
    fn nearest_value_table() {
        let h = Hover {
            t_ms: 0,
            x_px: 0.0,
            values: vec![
                hv(2, "c", 9.0, Some(10.0)),
                hv(0, "a", 1.0, Some(100.0)),
                hv(1, "b", 5.0, None),
            ],
        };
        let cases = [
            (Some(0.0), Some(0)),
            (Some(54.0), Some(0)),
            (Some(56.0), Some(1)),
            (Some(500.0), Some(1)),
            // No pointer (shared): the first series in series order.
            (None, Some(1)),
        ];
        for (y, want) in cases {
            assert_eq!(nearest_value(&h, y), want, "{y:?}");
        }
        let empty = Hover {
            t_ms: 0,
            x_px: 0.0,
            values: Vec::new(),
        };
        assert_eq!(nearest_value(&empty, Some(1.0)), None);
    }

    #[test]
    fn tooltip_modes_and_sorts() {
        let v = view();
        let l = layout(&v);
        let h = hover_at_time(&v, &l, 30_000);
        // Pointer right on series a's line.
        let a_y = h.values.iter().find(|x| x.name == "a").and_then(|x| x.y_px);
        let names = |t: Option<Tooltip>| -> Vec<String> {
            t.map(|t| {
                t.rows
                    .iter()
                    .map(|r| format!("{}={}{}", r.name, r.text, if r.nearest { "*" } else { "" }))
                    .collect()
            })
            .unwrap_or_default()
        };
        let cases: [(TooltipMode, TooltipSort, Vec<&str>); 6] = [
            (TooltipMode::Single, TooltipSort::None, vec!["a=1 ops*"]),
            (
                TooltipMode::Multi,
                TooltipSort::None,
                vec!["a=1 ops*", "b=3 ops", "c=2 s"],
            ),
            (
                TooltipMode::Multi,
                TooltipSort::Desc,
                vec!["b=3 ops", "c=2 s", "a=1 ops*"],
            ),
            (
                TooltipMode::Multi,
                TooltipSort::Asc,
                vec!["a=1 ops*", "c=2 s", "b=3 ops"],
            ),
            (TooltipMode::None, TooltipSort::None, vec![]),
            (TooltipMode::Single, TooltipSort::Desc, vec!["a=1 ops*"]),
        ];
        for (mode, sort, want) in cases {
            assert_eq!(
                names(tooltip(&v, &h, mode, sort, a_y)),
                want,
                "{mode:?} {sort:?}"
            );
        }
        let t = tooltip(&v, &h, TooltipMode::Multi, TooltipSort::None, None).unwrap();
        assert_eq!(t.time_text, "1970-01-01 00:00:30");
        assert_eq!(t.t_ms, 30_000);
        let empty = Hover {
            t_ms: 0,
            x_px: 0.0,
            values: Vec::new(),
        };
        assert_eq!(
            tooltip(&v, &empty, TooltipMode::Multi, TooltipSort::None, None),
            None
        );
    }

    #[test]
    fn tooltip_sort_puts_nan_last() {
        let v = view();
        let h = Hover {
            t_ms: 0,
            x_px: 0.0,
            values: vec![
                hv(0, "a", f64::NAN, None),
                hv(1, "b", 2.0, None),
                hv(2, "c", 1.0, None),
            ],
        };
        for sort in [TooltipSort::Asc, TooltipSort::Desc] {
            let t = tooltip(&v, &h, TooltipMode::Multi, sort, None).unwrap();
            assert_eq!(
                t.rows.last().map(|r| r.name.as_str()),
                Some("a"),
                "{sort:?}"
            );
        }
    }

    #[test]
    fn tooltip_position_flips_at_edges() {
        let b = (0.0, 0.0, 400.0, 200.0);
        let cases = [
            // Room right and below.
            ((10.0, 10.0), (100.0, 50.0), (22.0, 22.0)),
            // Right edge: flips left of the pointer.
            ((350.0, 10.0), (100.0, 50.0), (238.0, 22.0)),
            // Bottom edge: flips above.
            ((10.0, 190.0), (100.0, 50.0), (22.0, 128.0)),
            // Wider than the bounds: pinned to the left edge.
            ((200.0, 10.0), (500.0, 50.0), (0.0, 22.0)),
            // Taller than the bounds: pinned to the top edge.
            ((10.0, 100.0), (100.0, 300.0), (22.0, 0.0)),
            // Neither side fits but it would fit against the far edge.
            ((200.0, 10.0), (300.0, 50.0), (100.0, 22.0)),
        ];
        for (p, size, want) in cases {
            assert_eq!(tooltip_position(p, size, b, 12.0), want, "{p:?} {size:?}");
        }
        // Bounds that do not start at 0.
        assert_eq!(
            tooltip_position(
                (510.0, 310.0),
                (50.0, 20.0),
                (500.0, 300.0, 560.0, 330.0),
                12.0
            ),
            (510.0, 310.0)
        );
    }

    #[test]
    fn graph_tooltip_of_dashboard() {
        let mut d = Dashboard::default();
        assert_eq!(GraphTooltip::of(&d), GraphTooltip::Default);
        assert!(!GraphTooltip::of(&d).shares());
        d.shared_crosshair = true;
        assert_eq!(GraphTooltip::of(&d), GraphTooltip::SharedCrosshair);
        assert!(GraphTooltip::of(&d).shares() && !GraphTooltip::of(&d).shares_tooltip());
        d.shared_tooltip = true;
        assert_eq!(GraphTooltip::of(&d), GraphTooltip::SharedTooltip);
        assert!(GraphTooltip::of(&d).shares_tooltip());
    }

    /// Grafana JSON → `GraphTooltip` and the tooltip options the overlay reads.
    #[test]
    fn imported_graph_tooltip_and_tooltip_sort() {
        use crate::import::{import_grafana, ImportContext};
        use crate::model::PanelKind;
        use serde_json::json;
        let ctx = ImportContext {
            default_datasource: "prom".into(),
            datasources: vec![("prom".into(), "P".into())],
        };
        let panel = |tooltip: serde_json::Value| {
            json!({"id": 1, "type": "timeseries", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
                   "options": {"tooltip": tooltip}, "targets": []})
        };
        let legacy = |tooltip: serde_json::Value| {
            json!({"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
                   "tooltip": tooltip, "targets": []})
        };
        let cases = [
            (
                json!(0),
                panel(json!({"mode": "multi", "sort": "desc"})),
                GraphTooltip::Default,
                TooltipMode::Multi,
                TooltipSort::Desc,
            ),
            (
                json!(1),
                panel(json!({"mode": "single", "sort": "asc"})),
                GraphTooltip::SharedCrosshair,
                TooltipMode::Single,
                TooltipSort::Asc,
            ),
            (
                json!(2),
                panel(json!({"mode": "none", "sort": "none"})),
                GraphTooltip::SharedTooltip,
                TooltipMode::None,
                TooltipSort::None,
            ),
            (
                json!(null),
                panel(json!({})),
                GraphTooltip::Default,
                TooltipMode::Single,
                TooltipSort::None,
            ),
            (
                json!(1),
                legacy(json!({"shared": true, "sort": 2})),
                GraphTooltip::SharedCrosshair,
                TooltipMode::Multi,
                TooltipSort::Asc,
            ),
            (
                json!(1),
                legacy(json!({"shared": false, "sort": 1})),
                GraphTooltip::SharedCrosshair,
                TooltipMode::Single,
                TooltipSort::Desc,
            ),
        ];
        for (gt, p, want_gt, want_mode, want_sort) in cases {
            let d = json!({"schemaVersion": 39, "graphTooltip": gt, "panels": [p]});
            let imp = import_grafana(&d, &ctx).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(GraphTooltip::of(&imp.dashboard), want_gt, "{d}");
            let Some(PanelKind::TimeSeries(o)) =
                imp.dashboard.panels().next().map(|p| p.kind.clone())
            else {
                panic!("not a time series: {d}");
            };
            assert_eq!((o.tooltip, o.tooltip_sort), (want_mode, want_sort), "{d}");
        }
    }

    #[test]
    fn overlay_marks_table() {
        let v = view();
        let l = layout(&v);
        let h = hover_at_time(&v, &l, 30_000);
        let x = l.x_of_t(30_000).round() as i32;
        let m = overlay_marks(&l, Some(&h), None, None);
        assert_eq!(m.crosshair_x, Some(x));
        assert_eq!(m.points.len(), 3);
        assert!(m.points.iter().all(|p| p.0 == x));
        // A shared time outside the range: no crosshair, no points.
        let m = overlay_marks(&l, Some(&h), Some(90_000), None);
        assert_eq!((m.crosshair_x, m.points.len()), (None, 0));
        // Nothing hovered: only the selection.
        let sel = PxRect {
            x0: 100,
            y0: l.plot_rect.y0,
            x1: 200,
            y1: l.plot_rect.y1,
        };
        let m = overlay_marks(&l, None, None, Some(sel));
        assert_eq!(
            (m.crosshair_x, m.points.len(), m.selection),
            (None, 0, Some(sel))
        );
    }

    #[test]
    fn draw_overlay_is_transparent_outside_its_marks() {
        use plotters::prelude::*;
        let v = view();
        let l = layout(&v);
        let h = hover_at_time(&v, &l, 30_000);
        let marks = overlay_marks(&l, Some(&h), None, None);
        let (w, hgt) = (800u32, 300u32);
        let mut buf = vec![0u8; (w * hgt * 3) as usize];
        {
            let area = BitMapBackend::with_buffer(&mut buf, (w, hgt)).into_drawing_area();
            draw_overlay(&area, &marks, &Theme::light(1.0)).unwrap();
            area.present().unwrap();
        }
        let px = |x: i32, y: i32| {
            let i = ((y as u32 * w + x as u32) * 3) as usize;
            (buf[i], buf[i + 1], buf[i + 2])
        };
        let cx = marks.crosshair_x.unwrap();
        let mid = (marks.plot.y0 + marks.plot.y1) / 2;
        // The crosshair column is drawn; a column 20 px away is untouched (black buffer).
        assert_ne!(px(cx, mid + 3), (0, 0, 0));
        assert_eq!(px(cx + 20, mid), (0, 0, 0));
        // Each highlighted point is drawn in its series colour.
        for (x, y, c) in &marks.points {
            assert_eq!(px(*x, *y), (c.r, c.g, c.b));
        }
    }

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
