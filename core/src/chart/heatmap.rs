//! The heatmap panel for Prometheus histograms: time columns × `le` buckets, coloured by count.
//!
//! Contract: the app passes, per column (start time `t_ms[i]`, width `step_ms`), one count per
//! bucket (bottom bucket first, matching `bucket_labels`). A cell's colour is
//! [`heatmap_cell_color`]: no cell for counts ≤ 0 or NaN/±Inf, otherwise `color_from` → `color_to`
//! by count / the largest finite count in view (square-root scaled when `sqrt_scale`, which keeps
//! small counts visible). Columns outside `x_range_ms` are skipped; missing bucket counts (short
//! rows) are empty cells. Bucket labels are thinned so they never overlap.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, approx_text_width_px, x_of_t_in, Area};
use super::{ChartError, PxRect, Rgba, Theme};

/// A heatmap, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct HeatmapView {
    pub x_range_ms: (i64, i64),
    /// Column start times, sorted.
    pub t_ms: Vec<i64>,
    /// Column width (the query step).
    pub step_ms: i64,
    /// Bucket labels, bottom bucket first (e.g. "0.1", "0.25", "+Inf").
    pub bucket_labels: Vec<String>,
    /// `counts[column][bucket]`.
    pub counts: Vec<Vec<f64>>,
    pub color_from: Rgba,
    pub color_to: Rgba,
    pub sqrt_scale: bool,
    pub tz_offset_min: i32,
}

/// Colour of a cell with `count` when the largest count is `max_count`; `None` draws no cell.
pub fn heatmap_cell_color(
    count: f64,
    max_count: f64,
    from: Rgba,
    to: Rgba,
    sqrt_scale: bool,
) -> Option<Rgba> {
    if !count.is_finite() || count <= 0.0 || !max_count.is_finite() || max_count <= 0.0 {
        return None;
    }
    let frac = (count / max_count).clamp(0.0, 1.0);
    Some(from.lerp(to, if sqrt_scale { frac.sqrt() } else { frac }))
}

/// Draws the heatmap and returns the plot rectangle (cells live inside it).
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &HeatmapView,
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
    let label_w = view
        .bucket_labels
        .iter()
        .map(|l| approx_text_width_px(l, font))
        .fold(0.0, f64::max);
    let plot = PxRect {
        x0: (label_w + 2.0 * pad).ceil() as i32,
        y0: (font / 2.0).ceil() as i32,
        x1: w - pad as i32,
        y1: h - (font + 1.5 * pad).ceil() as i32,
    };
    if plot.width() < 2 || plot.height() < 2 {
        return Ok(PxRect::default());
    }
    let buckets = view
        .bucket_labels
        .len()
        .max(view.counts.iter().map(Vec::len).max().unwrap_or(0));
    if buckets > 0 {
        let max_count = view
            .counts
            .iter()
            .flatten()
            .copied()
            .filter(|c| c.is_finite())
            .fold(0.0, f64::max);
        let row_top =
            |b: usize| plot.y1 - (i64::from(plot.height()) * b as i64 / buckets as i64) as i32;
        for (i, column) in view.counts.iter().enumerate() {
            let Some(&t) = view.t_ms.get(i) else { break };
            if t >= to || t.saturating_add(view.step_ms) <= from {
                continue;
            }
            let x0 = (x_of_t_in(plot, view.x_range_ms, t.max(from)).round() as i32).max(plot.x0);
            let x1 = (x_of_t_in(
                plot,
                view.x_range_ms,
                t.saturating_add(view.step_ms).min(to),
            )
            .round() as i32)
                .min(plot.x1)
                .max(x0 + 1);
            for (b, count) in column.iter().enumerate().take(buckets) {
                let Some(c) = heatmap_cell_color(
                    *count,
                    max_count,
                    view.color_from,
                    view.color_to,
                    view.sqrt_scale,
                ) else {
                    continue;
                };
                draw::fill_rect(
                    area,
                    PxRect {
                        x0,
                        y0: row_top(b + 1),
                        x1,
                        y1: row_top(b),
                    },
                    c,
                )?;
            }
        }
        let row_h = f64::from(plot.height()) / buckets as f64;
        let every = ((font * 1.2) / row_h).ceil().max(1.0) as usize;
        for (b, label) in view.bucket_labels.iter().enumerate().step_by(every) {
            let y = (row_top(b) + row_top(b + 1)) / 2;
            draw::text(
                area,
                theme,
                label,
                (plot.x0 - pad as i32, y),
                font,
                theme.text_weak,
                (HPos::Right, VPos::Center),
            )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_colour_table() {
        let from = Rgba::rgb(0, 0, 0);
        let to = Rgba::rgb(200, 100, 0);
        let cases = [
            (0.0, 10.0, false, None),
            (-1.0, 10.0, false, None),
            (f64::NAN, 10.0, false, None),
            (5.0, 0.0, false, None),
            (10.0, 10.0, false, Some(to)),
            (5.0, 10.0, false, Some(Rgba::rgb(100, 50, 0))),
            (2.5, 10.0, true, Some(Rgba::rgb(100, 50, 0))),
            (20.0, 10.0, false, Some(to)),
        ];
        for (count, max, sqrt, want) in cases {
            assert_eq!(
                heatmap_cell_color(count, max, from, to, sqrt),
                want,
                "{count}/{max} sqrt={sqrt}"
            );
        }
    }
}
