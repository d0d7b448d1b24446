//! The time-series panel: lines, area fills, bars, points, stacking, thresholds, left/right
//! value axes (linear or log) and a time axis.
//!
//! Contract:
//! - [`layout_time_series`] is pure (text widths are estimated, not measured), and
//!   [`draw_time_series`] draws exactly that layout and returns it, so the app can hit-test and
//!   map drag-to-zoom pixels without redrawing.
//! - Each series is drawn as one polyline per gap-free run (a NaN/±Inf value, a value ≤ 0 on a
//!   log axis, or a time step > 1.5 × `step_ms` is a gap); runs with ≥ 4 points per pixel are
//!   decimated per pixel column first (same picture, see `decimate`). Lines are clipped to the
//!   plot rectangle; fills and bars are clamped to it.
//! - Hidden series are neither drawn, nor stacked, nor counted in axis ranges.
//! - Stacking (normal or percent) adds, per timestamp, the finite values of the visible series
//!   on the same axis in view order; a gap in one series contributes 0 to those above it.
//!   Percent stacking divides by the sum of the finite values at that timestamp (0 → 0) and its
//!   axis defaults to 0..1.
//! - `t_ms` must be sorted; `t_ms` and `values` of different lengths use their common prefix.
//! - An empty or reversed `x_range_ms` is [`ChartError::EmptyTimeRange`]; an area too small for
//!   a plot draws the background only and returns a layout with an empty `plot_rect`.
//! - `regions` (annotations, alert intervals) are drawn behind the series: a region is a band
//!   of its colour at 15 % opacity over the plot height with a 3 px (CSS) strip at full colour
//!   on top; a marker (`start_ms == end_ms`) is a dashed vertical line. Both are clipped to the
//!   plot; regions wholly outside the time range draw nothing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::decimate::{
    clip_polyline, finite_extent, gap_free_runs, map_linear, should_decimate, visible_window,
    ColumnDecimator, LinearMap, Pieces,
};
use super::draw::{self, approx_text_width_px, Area};
use super::scale::{resolve_y_scale, AxisLimits, YScale};
use super::time_axis::{auto_time_ticks, TimeTick};
use super::{ChartError, PxRect, Rgba, Theme};

/// Turns an axis value into tick-label text (the app builds it from the panel's unit).
#[derive(Clone)]
pub struct ValueFormat(Arc<dyn Fn(f64) -> String + Send + Sync>);

impl ValueFormat {
    pub fn new(f: impl Fn(f64) -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }
    pub fn format(&self, v: f64) -> String {
        (self.0)(v)
    }
}

impl Default for ValueFormat {
    /// Shortest round-trip decimal text (ticks are already rounded to their step).
    fn default() -> Self {
        Self::new(|v| format!("{v}"))
    }
}

impl fmt::Debug for ValueFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ValueFormat(..)")
    }
}

/// One value axis: limits (Grafana's min / max / soft min / soft max / log), title and tick text.
#[derive(Clone, Debug, Default)]
pub struct AxisSpec {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub soft_min: Option<f64>,
    pub soft_max: Option<f64>,
    /// `None` = linear; `Some(2.0)` / `Some(10.0)` = log.
    pub log_base: Option<f64>,
    /// Axis title drawn vertically beside the tick labels.
    pub label: Option<String>,
    pub format: ValueFormat,
}

impl AxisSpec {
    fn limits(&self) -> AxisLimits {
        AxisLimits {
            min: self.min,
            max: self.max,
            soft_min: self.soft_min,
            soft_max: self.soft_max,
            log_base: self.log_base,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DrawStyle {
    #[default]
    Line,
    Bars,
    Points,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AxisSide {
    #[default]
    Left,
    Right,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stacking {
    #[default]
    None,
    Normal,
    Percent,
}

/// Grafana's `thresholdsStyle.mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThresholdsStyle {
    #[default]
    Off,
    Line,
    Dashed,
    Area,
    LineAndArea,
    DashedAndArea,
}

impl ThresholdsStyle {
    fn area(self) -> bool {
        matches!(self, Self::Area | Self::LineAndArea | Self::DashedAndArea)
    }
    fn line(self) -> Option<bool> {
        match self {
            Self::Line | Self::LineAndArea => Some(false),
            Self::Dashed | Self::DashedAndArea => Some(true),
            Self::Off | Self::Area => None,
        }
    }
}

/// One threshold step: from `value` (`None` = −∞, Grafana's base step) up to the next step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThresholdStep {
    pub value: Option<f64>,
    pub color: Rgba,
}

/// One series as the app evaluated it.
#[derive(Clone, Debug)]
pub struct SeriesView<'a> {
    pub name: String,
    pub color: Rgba,
    pub t_ms: Cow<'a, [i64]>,
    pub values: Cow<'a, [f64]>,
    pub draw_style: DrawStyle,
    /// Line width in CSS pixels.
    pub line_width: f64,
    /// Area fill under the line (or bar fill), 0..=1.
    pub fill_opacity: f64,
    /// Point diameter in CSS pixels (points style).
    pub point_size: f64,
    pub axis: AxisSide,
    pub hidden: bool,
}

impl<'a> SeriesView<'a> {
    /// A 1 px line on the left axis with no fill.
    pub fn line(
        name: impl Into<String>,
        color: Rgba,
        t_ms: impl Into<Cow<'a, [i64]>>,
        values: impl Into<Cow<'a, [f64]>>,
    ) -> Self {
        Self {
            name: name.into(),
            color,
            t_ms: t_ms.into(),
            values: values.into(),
            draw_style: DrawStyle::Line,
            line_width: 1.0,
            fill_opacity: 0.0,
            point_size: 5.0,
            axis: AxisSide::Left,
            hidden: false,
        }
    }
    fn len(&self) -> usize {
        self.t_ms.len().min(self.values.len())
    }
}

/// An annotation region `[start_ms, end_ms)` or, when `start_ms == end_ms`, a marker.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeRegion {
    pub start_ms: i64,
    pub end_ms: i64,
    pub color: Rgba,
    pub title: String,
    pub text: String,
    pub tags: Vec<String>,
    /// `pending` / `firing` for alert intervals, empty otherwise.
    pub state: String,
}

/// A time-series panel, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct TimeSeriesView<'a> {
    pub series: Vec<SeriesView<'a>>,
    /// The panel's time range (UTC ms), `from < to`.
    pub x_range_ms: (i64, i64),
    /// The query step; a time step > 1.5 × this between samples is a gap (≤ 0: never).
    pub step_ms: i64,
    pub y: AxisSpec,
    /// Settings of the right axis, used when at least one visible series is on it.
    pub right_axis: Option<AxisSpec>,
    pub thresholds: Vec<ThresholdStep>,
    pub thresholds_style: ThresholdsStyle,
    pub stacking: Stacking,
    /// Local time = UTC + this many minutes (tick placement and labels).
    pub tz_offset_min: i32,
    /// Decimate runs with ≥ 4 points per pixel (on by default in the app; off only to compare).
    pub decimate: bool,
    /// Annotation regions and markers, drawn behind the series.
    pub regions: Vec<TimeRegion>,
}

/// Stacked values of one series: it is drawn from `base` to `top` (same indices as its samples;
/// `top` is NaN where the series itself has a gap).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stacked {
    pub base: Vec<f64>,
    pub top: Vec<f64>,
}

/// The geometry of a drawn time-series panel, for hover and drag-to-zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotLayout {
    pub width_px: u32,
    pub height_px: u32,
    /// The plot area inside the axes (device pixels, relative to the drawing area).
    pub plot_rect: PxRect,
    pub x_range_ms: (i64, i64),
    pub y_left: YScale,
    pub y_right: Option<YScale>,
    pub time_ticks: Vec<TimeTick>,
}

impl PlotLayout {
    /// x pixel (fractional) of a time; `from` maps to `plot_rect.x0`, `to` to `x1 - 1`.
    pub fn x_of_t(&self, t_ms: i64) -> f64 {
        f64::from(self.plot_rect.x0) + (t_ms - self.x_range_ms.0) as f64 * self.x_per_ms()
    }
    /// The pixel mapping of a linear `scale` (the same arithmetic as `x_of_t` and
    /// `y_of_frac(frac_of(v))`).
    fn linear_map(&self, scale: &YScale) -> LinearMap {
        LinearMap {
            x0: f64::from(self.plot_rect.x0),
            from_ms: self.x_range_ms.0,
            x_per_ms: self.x_per_ms(),
            bottom: f64::from(self.plot_rect.y1 - 1),
            min: scale.min,
            range: scale.max - scale.min,
            height: f64::from((self.plot_rect.height() - 1).max(0)),
        }
    }
    /// Pixels per millisecond on the time axis.
    fn x_per_ms(&self) -> f64 {
        let (from, to) = self.x_range_ms;
        f64::from((self.plot_rect.width() - 1).max(0)) / (to - from).max(1) as f64
    }
    /// The inverse of [`x_of_t`](Self::x_of_t), rounded to the millisecond.
    pub fn t_of_x(&self, x_px: f64) -> i64 {
        let (from, to) = self.x_range_ms;
        let w = f64::from((self.plot_rect.width() - 1).max(1));
        from + ((x_px - f64::from(self.plot_rect.x0)) / w * (to - from) as f64).round() as i64
    }
    pub fn scale(&self, side: AxisSide) -> Option<&YScale> {
        match side {
            AxisSide::Left => Some(&self.y_left),
            AxisSide::Right => self.y_right.as_ref(),
        }
    }
    /// y pixel (fractional) of a value; `None` when it cannot be placed (see `YScale::frac_of`).
    pub fn y_of_v(&self, side: AxisSide, v: f64) -> Option<f64> {
        let frac = self.scale(side)?.frac_of(v)?;
        Some(self.y_of_frac(frac))
    }
    /// The value at a y pixel.
    pub fn v_of_y(&self, side: AxisSide, y_px: f64) -> Option<f64> {
        let scale = self.scale(side)?;
        let h = f64::from((self.plot_rect.height() - 1).max(1));
        Some(scale.value_of_frac((f64::from(self.plot_rect.y1 - 1) - y_px) / h))
    }
    fn y_of_frac(&self, frac: f64) -> f64 {
        f64::from(self.plot_rect.y1 - 1) - frac * f64::from((self.plot_rect.height() - 1).max(0))
    }
    /// Clip rectangle for lines (inclusive bounds).
    fn clip(&self) -> (f64, f64, f64, f64) {
        let r = self.plot_rect;
        (
            f64::from(r.x0),
            f64::from(r.y0),
            f64::from(r.x1 - 1),
            f64::from(r.y1 - 1),
        )
    }
}

/// Stacked values for every series (empty `Stacked` for hidden ones); without stacking, `base`
/// is all zeros and `top` the values.
pub fn stacked_values(view: &TimeSeriesView) -> Vec<Stacked> {
    stack(view).unwrap_or_else(|| {
        view.series
            .iter()
            .map(|s| {
                if s.hidden {
                    Stacked::default()
                } else {
                    Stacked {
                        base: vec![0.0; s.len()],
                        top: s.values[..s.len()].to_vec(),
                    }
                }
            })
            .collect()
    })
}

fn stack(view: &TimeSeriesView) -> Option<Vec<Stacked>> {
    if view.stacking == Stacking::None {
        return None;
    }
    let mut totals: [HashMap<i64, f64>; 2] = [HashMap::new(), HashMap::new()];
    let side_ix = |s: &SeriesView| usize::from(s.axis == AxisSide::Right);
    if view.stacking == Stacking::Percent {
        for s in view.series.iter().filter(|s| !s.hidden) {
            let tot = &mut totals[side_ix(s)];
            for i in 0..s.len() {
                if s.values[i].is_finite() {
                    *tot.entry(s.t_ms[i]).or_insert(0.0) += s.values[i];
                }
            }
        }
    }
    let mut acc: [HashMap<i64, f64>; 2] = [HashMap::new(), HashMap::new()];
    let out = view
        .series
        .iter()
        .map(|s| {
            if s.hidden {
                return Stacked::default();
            }
            let side = side_ix(s);
            let mut st = Stacked {
                base: Vec::with_capacity(s.len()),
                top: Vec::with_capacity(s.len()),
            };
            for i in 0..s.len() {
                let t = s.t_ms[i];
                let mut v = s.values[i];
                if view.stacking == Stacking::Percent && v.is_finite() {
                    let total = totals[side].get(&t).copied().unwrap_or(0.0);
                    v = if total == 0.0 { 0.0 } else { v / total };
                }
                let slot = acc[side].entry(t).or_insert(0.0);
                let base = *slot;
                st.base.push(base);
                if v.is_finite() {
                    *slot = base + v;
                    st.top.push(base + v);
                } else {
                    st.top.push(f64::NAN);
                }
            }
            st
        })
        .collect();
    Some(out)
}

/// Finite (lo, hi) over the visible samples of the visible series on `side`.
fn data_extent(
    view: &TimeSeriesView,
    stacked: Option<&[Stacked]>,
    side: AxisSide,
    log: bool,
) -> Option<(f64, f64)> {
    let (from, to) = view.x_range_ms;
    let mut ext: Option<(f64, f64)> = None;
    let mut add = |v: f64| {
        if v.is_finite() && (!log || v > 0.0) {
            ext = Some(match ext {
                Some((lo, hi)) => (lo.min(v), hi.max(v)),
                None => (v, v),
            });
        }
    };
    for (ix, s) in view.series.iter().enumerate() {
        if s.hidden || s.axis != side {
            continue;
        }
        let n = s.len();
        let lo = s.t_ms[..n].partition_point(|t| *t < from);
        let hi = s.t_ms[..n].partition_point(|t| *t <= to);
        match stacked.and_then(|st| st.get(ix)) {
            Some(st) => {
                for i in lo..hi {
                    if st.top[i].is_finite() {
                        add(st.top[i]);
                        add(st.base[i]);
                    }
                }
            }
            None => {
                if let Some((a, b)) = finite_extent(&s.values[lo..hi], log) {
                    add(a);
                    add(b);
                }
                if s.draw_style == DrawStyle::Bars && !log {
                    add(0.0);
                }
            }
        }
    }
    ext
}

fn layout_with(
    view: &TimeSeriesView,
    theme: &Theme,
    width_px: u32,
    height_px: u32,
    stacked: Option<&[Stacked]>,
) -> Result<PlotLayout, ChartError> {
    let (from_ms, to_ms) = view.x_range_ms;
    if to_ms <= from_ms {
        return Err(ChartError::EmptyTimeRange { from_ms, to_ms });
    }
    let font = theme.font_px();
    let pad = theme.px(6.0).round();
    let (w, h) = (width_px as i32, height_px as i32);
    let top = (font / 2.0).ceil() as i32 + 1;
    let bottom = (font + pad * 1.5).ceil() as i32;
    let plot_h = (h - top - bottom).max(0);
    let max_ticks = ((f64::from(plot_h) / theme.px(30.0)).floor() as usize).max(2);

    let percent = view.stacking == Stacking::Percent;
    let resolve = |spec: &AxisSpec, side: AxisSide| {
        let mut limits = spec.limits();
        if percent {
            limits.min = limits.min.or(Some(0.0));
            limits.max = limits.max.or(Some(1.0));
        }
        let data = data_extent(view, stacked, side, limits.log_base.is_some());
        resolve_y_scale(&limits, data, max_ticks)
    };
    let y_left = resolve(&view.y, AxisSide::Left);
    let has_right = view
        .series
        .iter()
        .any(|s| !s.hidden && s.axis == AxisSide::Right);
    let right_spec = view.right_axis.clone().unwrap_or_default();
    let y_right = has_right.then(|| resolve(&right_spec, AxisSide::Right));

    let axis_w = |scale: &YScale, spec: &AxisSpec| {
        let labels = scale
            .ticks
            .iter()
            .map(|t| approx_text_width_px(&spec.format.format(*t), font));
        let widest = labels.fold(0.0_f64, f64::max);
        let title = if spec.label.as_deref().is_some_and(|l| !l.is_empty()) {
            font + pad
        } else {
            0.0
        };
        (widest + pad * 2.0 + title).ceil() as i32
    };
    let left = axis_w(&y_left, &view.y);
    let right = match &y_right {
        Some(s) => axis_w(s, &right_spec),
        None => pad as i32,
    };
    let mut plot_rect = PxRect {
        x0: left,
        y0: top,
        x1: w - right,
        y1: h - bottom,
    };
    if plot_rect.width() < 2 || plot_rect.height() < 2 {
        plot_rect = PxRect::default();
    }
    let time_ticks = auto_time_ticks(
        from_ms,
        to_ms,
        f64::from(plot_rect.width()),
        font,
        view.tz_offset_min,
    );
    Ok(PlotLayout {
        width_px,
        height_px,
        plot_rect,
        x_range_ms: view.x_range_ms,
        y_left,
        y_right,
        time_ticks,
    })
}

/// The layout [`draw_time_series`] would use on an area of `width_px × height_px` device pixels.
pub fn layout_time_series(
    view: &TimeSeriesView,
    theme: &Theme,
    width_px: u32,
    height_px: u32,
) -> Result<PlotLayout, ChartError> {
    let stacked = stack(view);
    layout_with(view, theme, width_px, height_px, stacked.as_deref())
}

/// Draws the panel and returns its layout.
pub fn draw_time_series<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    theme: &Theme,
) -> Result<PlotLayout, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let stacked = stack(view);
    let layout = layout_with(view, theme, w, h, stacked.as_deref())?;
    draw::fill_rect(
        area,
        PxRect {
            x0: 0,
            y0: 0,
            x1: w as i32,
            y1: h as i32,
        },
        theme.background,
    )?;
    if layout.plot_rect.is_empty() {
        return Ok(layout);
    }
    draw_grid(area, &layout, theme)?;
    if view.thresholds_style.area() {
        draw_threshold_areas(area, view, &layout)?;
    }
    draw_regions(area, view, &layout, theme)?;
    let mut buf = SeriesBuffers::default();
    for (ix, s) in view.series.iter().enumerate() {
        if s.hidden {
            continue;
        }
        let Some(scale) = layout.scale(s.axis) else {
            continue;
        };
        let st = stacked.as_ref().and_then(|v| v.get(ix));
        let top: &[f64] = st.map_or(&s.values[..s.len()], |st| &st.top);
        let base = st.map(|st| st.base.as_slice());
        let series = SeriesData {
            s,
            top,
            base,
            scale,
        };
        match s.draw_style {
            DrawStyle::Line => {
                if s.fill_opacity > 0.0 {
                    draw_fill(area, view, &layout, theme, &series, &mut buf)?;
                }
                draw_line(area, view, &layout, theme, &series, &mut buf)?;
            }
            DrawStyle::Bars => draw_bars(area, view, &layout, &series)?,
            DrawStyle::Points => draw_points(area, view, &layout, theme, &series, &mut buf)?,
        }
    }
    if let Some(dashed) = view.thresholds_style.line() {
        draw_threshold_lines(area, view, &layout, theme, dashed)?;
    }
    draw_axes(area, view, &layout, theme)?;
    Ok(layout)
}

struct SeriesData<'v> {
    s: &'v SeriesView<'v>,
    top: &'v [f64],
    base: Option<&'v [f64]>,
    scale: &'v YScale,
}

/// Scratch vectors reused across series (one allocation per draw, not per run).
#[derive(Default)]
struct SeriesBuffers {
    pix: PixelBufs,
    pieces: Pieces,
}

#[derive(Default)]
struct PixelBufs {
    px: Vec<(f64, f64)>,
    dec: Vec<(f64, f64)>,
}

impl SeriesData<'_> {
    fn runs(&self, view: &TimeSeriesView) -> Vec<Range<usize>> {
        let n = self.s.len().min(self.top.len());
        let t = &self.s.t_ms[..n];
        let window = visible_window(t, view.x_range_ms.0, view.x_range_ms.1);
        let log = self.scale.log_base.is_some();
        gap_free_runs(t, &self.top[..n], window, view.step_ms, log)
    }
}

/// Maps a run to pixels (into `buf.px`), decimating into `buf.dec` when worthwhile; returns
/// which buffer holds the result.
fn run_pixels<'b>(
    layout: &PlotLayout,
    view: &TimeSeriesView,
    t: &[i64],
    vals: &[f64],
    run: Range<usize>,
    scale: &YScale,
    bufs: &'b mut PixelBufs,
) -> &'b [(f64, f64)] {
    let PixelBufs { px, dec } = bufs;
    let decimate = view.decimate && should_decimate(run.len(), layout.plot_rect.width());
    let out = if decimate { dec } else { px };
    match scale.log_base {
        // The per-point loop of every linear chart: in the kernels crate, at opt-level 3.
        None => map_linear(t, vals, run, &layout.linear_map(scale), decimate, out),
        Some(_) => {
            out.clear();
            let bottom = f64::from(layout.plot_rect.y1 - 1);
            let points = run.map(|i| {
                let y = scale
                    .frac_of(vals[i])
                    .map_or(bottom, |f| layout.y_of_frac(f));
                (layout.x_of_t(t[i]), y)
            });
            if decimate {
                let mut d = ColumnDecimator::new(out);
                points.for_each(|p| d.push(p));
                d.finish();
            } else {
                out.extend(points);
            }
        }
    }
    out
}

fn draw_line<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    theme: &Theme,
    d: &SeriesData,
    buf: &mut SeriesBuffers,
) -> Result<(), ChartError> {
    let width = theme.line_px(d.s.line_width);
    buf.pieces.clear();
    for run in d.runs(view) {
        let pts = run_pixels(layout, view, &d.s.t_ms, d.top, run, d.scale, &mut buf.pix);
        clip_polyline(pts, layout.clip(), &mut buf.pieces);
    }
    for piece in buf.pieces.iter() {
        if let [(x, y)] = *piece {
            // An isolated sample has no segment to stroke: show it as a dot.
            draw::dot(area, x, y, width.max(theme.line_px(1.5)), d.s.color)?;
        } else {
            draw::polyline(area, piece, d.s.color, width)?;
        }
    }
    Ok(())
}

fn clamp_pt(layout: &PlotLayout, p: (f64, f64)) -> (i32, i32) {
    let (x0, y0, x1, y1) = layout.clip();
    (
        p.0.clamp(x0, x1).round() as i32,
        p.1.clamp(y0, y1).round() as i32,
    )
}

fn draw_fill<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    _theme: &Theme,
    d: &SeriesData,
    buf: &mut SeriesBuffers,
) -> Result<(), ChartError> {
    let color = d.s.color.with_alpha(d.s.color.a * d.s.fill_opacity);
    let base_y = layout.y_of_frac(d.scale.frac_of(d.scale.baseline()).unwrap_or(0.0));
    for run in d.runs(view) {
        let top = run_pixels(
            layout,
            view,
            &d.s.t_ms,
            d.top,
            run.clone(),
            d.scale,
            &mut buf.pix,
        );
        let mut poly: Vec<(i32, i32)> = top.iter().map(|p| clamp_pt(layout, *p)).collect();
        let (Some(first), Some(last)) = (top.first().copied(), top.last().copied()) else {
            continue;
        };
        match d.base {
            Some(base) => {
                let bottom = run_pixels(layout, view, &d.s.t_ms, base, run, d.scale, &mut buf.pix);
                poly.extend(bottom.iter().rev().map(|p| clamp_pt(layout, *p)));
            }
            None => {
                poly.push(clamp_pt(layout, (last.0, base_y)));
                poly.push(clamp_pt(layout, (first.0, base_y)));
            }
        }
        draw::polygon(area, poly, color)?;
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    d: &SeriesData,
) -> Result<(), ChartError> {
    let alpha = if d.s.fill_opacity > 0.0 {
        d.s.fill_opacity
    } else {
        1.0
    };
    let color = d.s.color.with_alpha(d.s.color.a * alpha);
    let r = layout.plot_rect;
    let span = (view.x_range_ms.1 - view.x_range_ms.0) as f64;
    let step_px = if view.step_ms > 0 {
        view.step_ms as f64 / span * f64::from(r.width())
    } else {
        0.0
    };
    let bar_w = (step_px * 0.7).floor().max(1.0) as i32;
    let base_y = layout.y_of_frac(d.scale.frac_of(d.scale.baseline()).unwrap_or(0.0));
    // One rectangle per pixel column at most: narrow bars in the same column merge.
    let mut col: Option<(i32, f64, f64)> = None;
    let flush = |c: Option<(i32, f64, f64)>| -> Result<(), ChartError> {
        let Some((x, y_top, y_bot)) = c else {
            return Ok(());
        };
        let x0 = (x - bar_w / 2).max(r.x0);
        let x1 = (x - bar_w / 2 + bar_w).min(r.x1);
        let y0 = (y_top.round() as i32).clamp(r.y0, r.y1);
        let y1 = (y_bot.round() as i32 + 1).clamp(r.y0, r.y1);
        draw::fill_rect(area, PxRect { x0, y0, x1, y1 }, color)
    };
    for run in d.runs(view) {
        for i in run {
            let t = d.s.t_ms[i];
            if t < view.x_range_ms.0 || t > view.x_range_ms.1 {
                continue;
            }
            let Some(f) = d.scale.frac_of(d.top[i]) else {
                continue;
            };
            let y_v = layout.y_of_frac(f);
            let y_b = match d.base {
                Some(b) => d
                    .scale
                    .frac_of(b[i])
                    .map_or(base_y, |f| layout.y_of_frac(f)),
                None => base_y,
            };
            let x = layout.x_of_t(t).round() as i32;
            let (lo, hi) = (y_v.min(y_b), y_v.max(y_b));
            col = match col {
                Some((cx, a, b)) if cx == x => Some((cx, a.min(lo), b.max(hi))),
                other => {
                    flush(other)?;
                    Some((x, lo, hi))
                }
            };
        }
    }
    flush(col)
}

fn draw_points<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    theme: &Theme,
    d: &SeriesData,
    buf: &mut SeriesBuffers,
) -> Result<(), ChartError> {
    let radius = (theme.px(d.s.point_size) / 2.0).round().max(1.0) as u32;
    for run in d.runs(view) {
        let pts = run_pixels(layout, view, &d.s.t_ms, d.top, run, d.scale, &mut buf.pix);
        for p in pts.iter().filter(|p| layout.plot_rect.contains(p.0, p.1)) {
            draw::dot(
                area,
                p.0.round() as i32,
                p.1.round() as i32,
                radius,
                d.s.color,
            )?;
        }
    }
    Ok(())
}

fn draw_grid<DB: DrawingBackend>(
    area: &Area<DB>,
    layout: &PlotLayout,
    theme: &Theme,
) -> Result<(), ChartError> {
    let r = layout.plot_rect;
    let lw = theme.line_px(1.0);
    for t in &layout.y_left.ticks {
        if let Some(y) = layout.y_of_v(AxisSide::Left, *t) {
            draw::hline(area, r.x0, r.x1, y.round() as i32, lw, theme.grid)?;
        }
    }
    for tick in &layout.time_ticks {
        draw::vline(
            area,
            layout.x_of_t(tick.t_ms).round() as i32,
            r.y0,
            r.y1,
            lw,
            theme.grid,
        )?;
    }
    Ok(())
}

/// Threshold steps sorted by value, the `None` (−∞) base first.
fn sorted_steps(view: &TimeSeriesView) -> Vec<ThresholdStep> {
    let mut steps: Vec<ThresholdStep> = view
        .thresholds
        .iter()
        .filter(|s| s.value.is_none_or(|v| !v.is_nan()))
        .copied()
        .collect();
    steps.sort_by(|a, b| {
        let key = |s: &ThresholdStep| s.value.unwrap_or(f64::NEG_INFINITY);
        key(a).total_cmp(&key(b))
    });
    steps
}

fn draw_regions<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    theme: &Theme,
) -> Result<(), ChartError> {
    let r = layout.plot_rect;
    let (from, to) = view.x_range_ms;
    let strip = theme.px(3.0).round().max(1.0) as i32;
    for reg in &view.regions {
        if reg.end_ms < from || reg.start_ms > to {
            continue;
        }
        let x_a = (layout.x_of_t(reg.start_ms.max(from)).round() as i32).clamp(r.x0, r.x1 - 1);
        if reg.start_ms >= reg.end_ms {
            let lw = theme.line_px(1.0);
            let dash = theme.px(4.0).round().max(2.0) as i32;
            let mut y = r.y0;
            while y < r.y1 {
                draw::vline(area, x_a, y, (y + dash).min(r.y1), lw, reg.color)?;
                y += 2 * dash;
            }
            continue;
        }
        let x_b = (layout.x_of_t(reg.end_ms.min(to)).round() as i32).clamp(r.x0, r.x1);
        let x_b = x_b.max(x_a + 1);
        draw::fill_rect(
            area,
            PxRect {
                x0: x_a,
                y0: r.y0,
                x1: x_b,
                y1: r.y1,
            },
            reg.color.with_alpha(reg.color.a * 0.15),
        )?;
        draw::fill_rect(
            area,
            PxRect {
                x0: x_a,
                y0: r.y0,
                x1: x_b,
                y1: (r.y0 + strip).min(r.y1),
            },
            reg.color,
        )?;
    }
    Ok(())
}

/// y pixel of a threshold value clamped to the plot (values off-scale sit on an edge).
fn y_clamped(layout: &PlotLayout, v: f64) -> i32 {
    let r = layout.plot_rect;
    let y = if v == f64::NEG_INFINITY || (layout.y_left.log_base.is_some() && v <= 0.0) {
        f64::from(r.y1)
    } else if v == f64::INFINITY {
        f64::from(r.y0)
    } else {
        layout
            .y_left
            .frac_of(v)
            .map_or(f64::from(r.y1), |f| layout.y_of_frac(f))
    };
    (y.round() as i32).clamp(r.y0, r.y1)
}

fn draw_threshold_areas<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
) -> Result<(), ChartError> {
    let r = layout.plot_rect;
    let steps = sorted_steps(view);
    for (i, step) in steps.iter().enumerate() {
        let lo = step.value.unwrap_or(f64::NEG_INFINITY);
        let hi = steps
            .get(i + 1)
            .and_then(|s| s.value)
            .unwrap_or(f64::INFINITY);
        let (y_hi, y_lo) = (y_clamped(layout, hi), y_clamped(layout, lo));
        let color = step.color.with_alpha(step.color.a * 0.15);
        draw::fill_rect(
            area,
            PxRect {
                x0: r.x0,
                y0: y_hi,
                x1: r.x1,
                y1: y_lo,
            },
            color,
        )?;
    }
    Ok(())
}

fn draw_threshold_lines<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    theme: &Theme,
    dashed: bool,
) -> Result<(), ChartError> {
    let r = layout.plot_rect;
    let lw = theme.line_px(1.0);
    for step in sorted_steps(view) {
        let Some(v) = step.value else { continue };
        let Some(y) = layout.y_of_v(AxisSide::Left, v) else {
            continue;
        };
        let y = y.round() as i32;
        if y < r.y0 || y >= r.y1 {
            continue;
        }
        if dashed {
            let dash = theme.px(10.0).round().max(2.0) as i32;
            let mut x = r.x0;
            while x < r.x1 {
                draw::hline(area, x, (x + dash).min(r.x1), y, lw, step.color)?;
                x += 2 * dash;
            }
        } else {
            draw::hline(area, r.x0, r.x1, y, lw, step.color)?;
        }
    }
    Ok(())
}

fn draw_axes<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &TimeSeriesView,
    layout: &PlotLayout,
    theme: &Theme,
) -> Result<(), ChartError> {
    let r = layout.plot_rect;
    let font = theme.font_px();
    let pad = theme.px(6.0).round() as i32;
    draw::hline(area, r.x0, r.x1, r.y1, theme.line_px(1.0), theme.axis)?;
    for tick in &layout.time_ticks {
        let x = layout.x_of_t(tick.t_ms).round() as i32;
        let half = (approx_text_width_px(&tick.label, font) / 2.0) as i32;
        if x - half < 0 || x + half > layout.width_px as i32 {
            continue; // a label cut by the canvas edge reads as a different time
        }
        draw::text(
            area,
            theme,
            &tick.label,
            (x, r.y1 + pad),
            font,
            theme.text_weak,
            (HPos::Center, VPos::Top),
        )?;
    }
    let axes = [
        (AxisSide::Left, &view.y, r.x0 - pad, HPos::Right),
        (
            AxisSide::Right,
            view.right_axis.as_ref().unwrap_or(&view.y),
            r.x1 + pad,
            HPos::Left,
        ),
    ];
    let default_spec = AxisSpec::default();
    for (side, spec, x, hpos) in axes {
        let Some(scale) = layout.scale(side) else {
            continue;
        };
        let spec = if side == AxisSide::Right && view.right_axis.is_none() {
            &default_spec
        } else {
            spec
        };
        for t in &scale.ticks {
            let Some(y) = layout.y_of_v(side, *t) else {
                continue;
            };
            draw::text(
                area,
                theme,
                &spec.format.format(*t),
                (x, y.round() as i32),
                font,
                theme.text_weak,
                (hpos, VPos::Center),
            )?;
        }
        if let Some(label) = spec.label.as_deref().filter(|l| !l.is_empty()) {
            let lx = match side {
                AxisSide::Left => (font / 2.0).round() as i32 + 1,
                AxisSide::Right => layout.width_px as i32 - (font / 2.0).round() as i32 - 1,
            };
            draw::text_vertical(
                area,
                theme,
                label,
                (lx, (r.y0 + r.y1) / 2),
                font,
                theme.text,
            )?;
        }
    }
    Ok(())
}
