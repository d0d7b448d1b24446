//! Chart drawing, generic over plotters' [`DrawingBackend`](plotters::prelude::DrawingBackend).
//!
//! Contract with the app: the app evaluates a panel (reducers, units, thresholds, mappings) and
//! hands this module a *view model* (`TimeSeriesView`, `StatView`, `GaugeView`, `BarGaugeView`,
//! `HeatmapView`, `StateTimelineView`, `PieView`) with display text, colours and number formatters already
//! decided. Every `draw_*` function takes a `&DrawingArea<DB, Shift>` sized in **device pixels**
//! and a [`Theme`] (palette + device-pixel ratio), and never names a backend: the browser passes a
//! plotters-canvas area, native tests an SVG, bitmap or recording backend.
//!
//! Data rules shared by every chart:
//! - NaN and ±Inf values are never drawn: a line breaks around them (a gap), a bar or cell is
//!   skipped. On a log axis, values ≤ 0 are gaps too.
//! - Empty input draws the background (and axes where there are any), never an error.
//! - Coordinates handed to the backend are whole device pixels; axis, grid and threshold lines are
//!   filled whole-pixel rectangles so they are crisp at any `dpr` on every backend.
//! - Errors are values ([`ChartError`]); a backend failure is reported once, with its message.

mod bargauge;
pub mod decimate;
mod draw;
mod gauge;
mod heatmap;
mod hover;
pub mod legend;
mod pie;
pub mod scale;
mod stat;
mod state_timeline;
mod theme;
pub mod time_axis;
mod timeseries;
pub mod zoom;

pub use bargauge::{
    bar_length_px, draw_bar_gauge, BarGaugeDisplay, BarGaugeView, BarOrientation, BarView,
};
pub use draw::approx_text_width_px;
pub use gauge::{
    draw_gauge, gauge_angle_deg, GaugeLayout, GaugeView, GAUGE_END_DEG, GAUGE_START_DEG,
};
pub use heatmap::{draw_heatmap, heatmap_cell_color, HeatmapView};
pub use hover::{
    crosshair_x, css_color, draw_overlay, hit_test, hover_at_time, nearest_value, overlay_marks,
    tooltip, tooltip_position, CssBounds, GraphTooltip, Hover, HoverValue, OverlayMarks, Tooltip,
    TooltipRow,
};
pub use pie::{
    draw_pie, pie_angles, pie_hit, pie_point, pie_tooltip, PieLabel, PieLayout, PieLegendPlacement,
    PieLegendView, PieSlice, PieView, DONUT_HOLE, MIN_LABEL_SWEEP_DEG,
};
pub use stat::{draw_sparkline, draw_stat, fit_font_px, Sparkline, StatColorMode, StatView};
pub use state_timeline::{draw_state_timeline, StateRegion, StateRow, StateTimelineView};

pub use theme::{Rgba, Theme};
pub use timeseries::{
    draw_time_series, layout_time_series, stacked_values, AxisSide, AxisSpec, DrawStyle,
    PlotLayout, SeriesView, Stacked, Stacking, ThresholdStep, ThresholdsStyle, TimeRegion,
    TimeSeriesView, ValueFormat,
};

/// A rectangle in device pixels, relative to the drawing area; `x1`/`y1` are exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PxRect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl PxRect {
    pub fn width(&self) -> i32 {
        (self.x1 - self.x0).max(0)
    }
    pub fn height(&self) -> i32 {
        (self.y1 - self.y0).max(0)
    }
    pub fn is_empty(&self) -> bool {
        self.width() == 0 || self.height() == 0
    }
    /// Whether a device-pixel position (fractional allowed) lies inside.
    pub fn contains(&self, x_px: f64, y_px: f64) -> bool {
        x_px >= f64::from(self.x0)
            && x_px < f64::from(self.x1)
            && y_px >= f64::from(self.y0)
            && y_px < f64::from(self.y1)
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// The drawing surface (canvas, SVG, bitmap) refused a primitive; for native text this is
    /// usually a font that was not registered.
    #[error("the drawing surface failed: {0}")]
    Backend(String),
    /// The panel's time range is empty or reversed, so there is no time axis to draw.
    #[error("the time range is empty: from {from_ms} ms to {to_ms} ms (the end must be after the start)")]
    EmptyTimeRange { from_ms: i64, to_ms: i64 },
}
