//! The state timeline panel: one row per series, coloured regions over time with their text.
//!
//! Contract: regions are `[start_ms, end_ms)` in UTC ms, clipped to `x_range_ms`; empty or
//! reversed regions, and regions entirely outside the range, are skipped. Each row gets an equal
//! share of the plot height, `row_height` (0..=1, Grafana's default 0.9) of it filled. A region's
//! text is drawn centred in a contrasting colour only when its estimated width fits inside the
//! region (never truncated mid-word). Row names are drawn at the left.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, approx_text_width_px, x_of_t_in, Area};
use super::{ChartError, PxRect, Rgba, Theme};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateRegion {
    pub start_ms: i64,
    pub end_ms: i64,
    pub text: String,
    pub color: Rgba,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateRow {
    pub name: String,
    pub regions: Vec<StateRegion>,
}

/// A state timeline, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct StateTimelineView {
    pub rows: Vec<StateRow>,
    pub x_range_ms: (i64, i64),
    pub tz_offset_min: i32,
    /// Share of each row's height that is filled, 0..=1.
    pub row_height: f64,
    pub show_values: bool,
}

/// Draws the timeline and returns the plot rectangle.
pub fn draw_state_timeline<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &StateTimelineView,
    theme: &Theme,
) -> Result<PxRect, ChartError> {
    let (from, to) = view.x_range_ms;
    if to <= from {
        return Err(ChartError::EmptyTimeRange {
            from_ms: from,
            to_ms: to,
        });
    }
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    draw::fill_rect(
        area,
        PxRect {
            x0: 0,
            y0: 0,
            x1: w,
            y1: h,
        },
        theme.background,
    )?;
    let font = theme.font_px();
    let pad = theme.px(6.0).round();
    let name_w = view
        .rows
        .iter()
        .map(|r| approx_text_width_px(&r.name, font))
        .fold(0.0, f64::max);
    let plot = PxRect {
        x0: (name_w + 2.0 * pad).ceil() as i32,
        y0: 0,
        x1: w - pad as i32,
        y1: h - (font + 1.5 * pad).ceil() as i32,
    };
    if plot.width() < 2 || plot.height() < 2 || view.rows.is_empty() {
        return Ok(plot);
    }
    let n = view.rows.len() as i32;
    let fill = if view.row_height.is_finite() {
        view.row_height.clamp(0.05, 1.0)
    } else {
        0.9
    };
    for (i, row) in view.rows.iter().enumerate() {
        let i = i as i32;
        let (ry0, ry1) = (
            plot.y0 + plot.height() * i / n,
            plot.y0 + plot.height() * (i + 1) / n,
        );
        let inset = ((f64::from(ry1 - ry0) * (1.0 - fill)) / 2.0).round() as i32;
        let (y0, y1) = (ry0 + inset, ry1 - inset);
        draw::text(
            area,
            theme,
            &row.name,
            (plot.x0 - pad as i32, (ry0 + ry1) / 2),
            font,
            theme.text,
            (HPos::Right, VPos::Center),
        )?;
        for region in &row.regions {
            let (s, e) = (region.start_ms.max(from), region.end_ms.min(to));
            if e <= s {
                continue;
            }
            let x0 = x_of_t_in(plot, view.x_range_ms, s).round() as i32;
            let x1 = (x_of_t_in(plot, view.x_range_ms, e).round() as i32).max(x0 + 1);
            let rect = PxRect { x0, y0, x1, y1 };
            draw::fill_rect(area, rect, region.color)?;
            let fits = approx_text_width_px(&region.text, font) + pad <= f64::from(rect.width())
                && font <= f64::from(rect.height());
            if view.show_values && fits {
                let at = ((x0 + x1) / 2, (y0 + y1) / 2);
                draw::text(
                    area,
                    theme,
                    &region.text,
                    at,
                    font,
                    region.color.contrast_text(),
                    (HPos::Center, VPos::Center),
                )?;
            }
        }
    }
    draw::draw_time_axis(
        area,
        theme,
        plot,
        view.x_range_ms,
        view.tz_offset_min,
        false,
    )?;
    Ok(plot)
}
