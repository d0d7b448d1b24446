//! Draws a panel's view model with the chart functions, on any plotters backend.
//!
//! Contract: kinds drawn in the DOM (stat values, tables, text, messages) draw nothing here
//! and return `Ok`; several gauges share the area side by side; errors come from the chart
//! functions unchanged. What hovering needs to know about the drawing comes back as [`Drawn`]
//! (the pie's layout; the time series has its own overlay).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::PanelView;
use crate::chart::{self, ChartError, Theme};

/// Where a view was drawn, for hit-testing the pointer (device pixels).
#[derive(Clone, Debug, PartialEq)]
pub enum Drawn {
    Pie(chart::PieLayout),
    /// Nothing the canvas hovers over.
    Other,
}

/// Draws `view` into `area` (sized in device pixels).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PanelView,
    theme: &Theme,
) -> Result<Drawn, ChartError> {
    match view {
        PanelView::PieChart(p) => chart::draw_pie(area, &p.chart, theme).map(Drawn::Pie),
        other => draw_other(area, other, theme).map(|()| Drawn::Other),
    }
}

fn draw_other<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PanelView,
    theme: &Theme,
) -> Result<(), ChartError> {
    match view {
        PanelView::TimeSeries(ts) => chart::draw_time_series(area, &ts.chart, theme).map(|_| ()),
        PanelView::Gauge(g) => {
            let n = g.items.len().max(1);
            let (w, _) = area.dim_in_pixel();
            let width = (w as usize / n).max(1);
            for (i, item) in g.items.iter().enumerate() {
                let x0 = (i * width) as i32;
                let sub = area
                    .clone()
                    .shrink((x0, 0), (width as u32, area.dim_in_pixel().1));
                chart::draw_gauge(&sub, &item.gauge, theme)?;
            }
            Ok(())
        }
        PanelView::BarGauge(b) => chart::draw_bar_gauge(area, &b.bars, theme).map(|_| ()),
        PanelView::Heatmap(h) => chart::draw_heatmap(area, h, theme).map(|_| ()),
        PanelView::StateTimeline(s) => chart::draw_state_timeline(area, s, theme).map(|_| ()),
        PanelView::PieChart(_)
        | PanelView::NoData { .. }
        | PanelView::Unsupported { .. }
        | PanelView::Text { .. }
        | PanelView::Stat(_)
        | PanelView::Table(_) => Ok(()),
    }
}

/// Draws a stat's sparkline: a line with a light fill, in `color` (CSS), no axes.
pub fn draw_sparkline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(i64, f64)],
    color: &str,
    theme: &Theme,
) -> Result<(), ChartError> {
    let color = super::evaluate::css_to_rgba(color);
    let (w, h) = area.dim_in_pixel();
    let rect = chart::PxRect {
        x0: 0,
        y0: 0,
        x1: w as i32,
        y1: h as i32,
    };
    let sp = chart::Sparkline {
        t_ms: points.iter().map(|p| p.0).collect::<Vec<_>>().into(),
        values: points.iter().map(|p| p.1).collect::<Vec<_>>().into(),
    };
    chart::draw_sparkline(area, &sp, rect, color, theme)
}

/// Font size (CSS px) for a stat value: the largest that fits its share of the box.
pub fn stat_font_px(text: &str, box_w: f64, box_h: f64, items: usize) -> f64 {
    let per_item_w = box_w / items.max(1) as f64;
    chart::fit_font_px(text.chars().count(), per_item_w, box_h * 0.7).clamp(10.0, 200.0)
}
