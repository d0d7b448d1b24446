//! The stat panel: one value (with its unit) coloured by threshold, an optional background colour
//! and an optional sparkline.
//!
//! Contract: text and colours come evaluated from the app. [`fit_font_px`] is the pure rule for
//! the text size (the largest font whose estimated width fits 90% of the box width and whose
//! height fits 80% of its height). The sparkline spans its own time and value extents, breaks at
//! NaN/±Inf, and is decimated per pixel column like the time series. An empty value text draws
//! only the background (and sparkline).

use std::borrow::Cow;

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::decimate::{decimate_columns, gap_free_runs, round_px, should_decimate};
use super::draw::{self, Area};
use super::{ChartError, PxRect, Rgba, Theme};

/// Grafana's stat `colorMode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatColorMode {
    /// Text in the theme colour.
    None,
    /// Text in the value colour.
    #[default]
    Value,
    /// Background in the value colour, shaded top to bottom.
    Background,
    /// Background in the value colour, flat.
    BackgroundSolid,
}

/// Samples for the sparkline under the value.
#[derive(Clone, Debug, Default)]
pub struct Sparkline<'a> {
    pub t_ms: Cow<'a, [i64]>,
    pub values: Cow<'a, [f64]>,
}

/// A stat panel, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct StatView<'a> {
    /// The formatted value, e.g. "42.1".
    pub value_text: String,
    /// The unit suffix, e.g. " ms" (may be empty).
    pub unit_text: String,
    /// The threshold colour of the value.
    pub color: Rgba,
    pub color_mode: StatColorMode,
    pub sparkline: Option<Sparkline<'a>>,
}

/// Largest font (device px, whole) for `text_len` characters in a `box_w × box_h` box; 0 when
/// the box is empty.
pub fn fit_font_px(text_len: usize, box_w: f64, box_h: f64) -> f64 {
    if box_w.is_nan() || box_h.is_nan() || box_w <= 0.0 || box_h <= 0.0 {
        return 0.0;
    }
    let by_width = box_w * 0.9 / (text_len.max(1) as f64 * 0.6);
    by_width.min(box_h * 0.8).floor().max(0.0)
}

/// Draws the stat into the whole area.
pub fn draw_stat<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &StatView,
    theme: &Theme,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let full = PxRect {
        x0: 0,
        y0: 0,
        x1: w,
        y1: h,
    };
    let (text_color, spark_color) = match view.color_mode {
        StatColorMode::None => (theme.text, view.color),
        StatColorMode::Value => (view.color, view.color),
        StatColorMode::Background | StatColorMode::BackgroundSolid => {
            let fg = view.color.contrast_text();
            (fg, fg)
        }
    };
    match view.color_mode {
        StatColorMode::BackgroundSolid => draw::fill_rect(area, full, view.color)?,
        StatColorMode::Background => {
            // Grafana's gradient: a little lighter at the top. Eight bands read as smooth.
            let bands = 8;
            for i in 0..bands {
                let y0 = h * i / bands;
                let y1 = h * (i + 1) / bands;
                let lift = 0.25 * f64::from(bands - 1 - i) / f64::from(bands - 1);
                let c = view.color.lerp(Rgba::rgb(255, 255, 255), lift);
                draw::fill_rect(
                    area,
                    PxRect {
                        x0: 0,
                        y0,
                        x1: w,
                        y1,
                    },
                    c,
                )?;
            }
        }
        StatColorMode::None | StatColorMode::Value => {
            draw::fill_rect(area, full, theme.background)?
        }
    }
    let text_h = match &view.sparkline {
        Some(_) => h * 3 / 5,
        None => h,
    };
    if let Some(sp) = &view.sparkline {
        let rect = PxRect {
            x0: 0,
            y0: text_h,
            x1: w,
            y1: h,
        };
        draw_sparkline(area, sp, rect, spark_color, theme)?;
    }
    let text = format!("{}{}", view.value_text, view.unit_text);
    if view.value_text.is_empty() {
        return Ok(());
    }
    let pad = theme.px(4.0);
    let font = fit_font_px(
        text.chars().count(),
        f64::from(w) - 2.0 * pad,
        f64::from(text_h) - 2.0 * pad,
    );
    draw::text(
        area,
        theme,
        &text,
        (w / 2, text_h / 2),
        font,
        text_color,
        (HPos::Center, VPos::Center),
    )
}

/// Draws a sparkline (line + light fill, its own extents) into `rect`.
pub fn draw_sparkline<DB: DrawingBackend>(
    area: &Area<DB>,
    sp: &Sparkline,
    rect: PxRect,
    color: Rgba,
    theme: &Theme,
) -> Result<(), ChartError> {
    let n = sp.t_ms.len().min(sp.values.len());
    let (t, v) = (&sp.t_ms[..n], &sp.values[..n]);
    let (Some(&t0), Some(&t1)) = (t.first(), t.last()) else {
        return Ok(());
    };
    let finite = v.iter().copied().filter(|x| x.is_finite());
    let Some((lo, hi)) = finite.fold(None, |acc: Option<(f64, f64)>, x| {
        Some(acc.map_or((x, x), |(a, b)| (a.min(x), b.max(x))))
    }) else {
        return Ok(());
    };
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let span = (t1 - t0).max(1) as f64;
    let (w, h) = (f64::from(rect.width() - 1), f64::from(rect.height() - 1));
    let xy = |i: usize| {
        let x = f64::from(rect.x0) + (t[i] - t0) as f64 / span * w;
        let y = f64::from(rect.y1 - 1) - (v[i] - lo) / (hi - lo) * h;
        (x, y)
    };
    let mut px = Vec::new();
    let mut dec = Vec::new();
    for run in gap_free_runs(t, v, 0..n, 0, false) {
        px.clear();
        px.extend(run.map(xy));
        let pts = if should_decimate(px.len(), rect.width()) {
            dec.clear();
            decimate_columns(&px, &mut dec);
            &dec
        } else {
            &px
        };
        // The decimation's own rounding, so a column is the pixel its points are drawn in.
        let round = |p: &(f64, f64)| (round_px(p.0) as i32, round_px(p.1) as i32);
        let mut poly: Vec<(i32, i32)> = pts.iter().map(round).collect();
        if let (Some(first), Some(last)) = (poly.first().copied(), poly.last().copied()) {
            poly.push((last.0, rect.y1 - 1));
            poly.push((first.0, rect.y1 - 1));
        }
        draw::polygon(area, poly, color.with_alpha(color.a * 0.2))?;
        draw::polyline(
            area,
            &pts.iter().map(round).collect::<Vec<_>>(),
            color,
            theme.line_px(1.0),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_font_table() {
        let cases = [
            // (chars, box w, box h) → px
            (4, 200.0, 100.0, 75.0), // width-bound: 180 / 2.4
            (2, 400.0, 50.0, 40.0),  // height-bound: 0.8 × 50
            (0, 100.0, 100.0, 80.0), // empty text behaves as one character
            (10, 60.0, 100.0, 9.0),
            (3, 0.0, 100.0, 0.0),
            (3, 100.0, -1.0, 0.0),
            (3, f64::NAN, 10.0, 0.0),
        ];
        for (len, w, h, want) in cases {
            assert_eq!(fit_font_px(len, w, h), want, "{len} chars in {w}×{h}");
        }
    }
}
