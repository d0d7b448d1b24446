//! The gauge panel: a 240° arc with the value's share filled, threshold bands on an outer ring,
//! and the value text in the middle.
//!
//! Contract: angles are degrees clockwise from the positive x axis in screen space (y down), so
//! the arc runs from [`GAUGE_START_DEG`] (lower left) over the top (270°) to [`GAUGE_END_DEG`]
//! (lower right). Values are clamped to `[min, max]`; a NaN/±Inf value or an empty range
//! (`max <= min`) fills nothing (`value_angle_deg` is `None`) but still draws the track and text.
//! A threshold step covers from its value (`None` = −∞) to the next step's value, clipped to
//! the range.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, Area};
use super::stat::fit_font_px;
use super::timeseries::ThresholdStep;
use super::{ChartError, PxRect, Rgba, Theme};

pub const GAUGE_START_DEG: f64 = 150.0;
pub const GAUGE_END_DEG: f64 = 390.0;

/// A gauge, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct GaugeView {
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub thresholds: Vec<ThresholdStep>,
    /// The formatted value with unit, e.g. "73 %".
    pub value_text: String,
    /// The value's threshold colour (fills the arc and colours the text).
    pub color: Rgba,
    /// Draw the outer ring of threshold bands (Grafana's `showThresholdMarkers`).
    pub show_threshold_markers: bool,
}

/// Where the gauge was drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct GaugeLayout {
    pub center: (f64, f64),
    pub radius_px: f64,
    pub thickness_px: f64,
    pub value_angle_deg: Option<f64>,
}

/// The arc angle for `value`, clamped to the range; `None` for NaN/±Inf or `max <= min`.
pub fn gauge_angle_deg(value: f64, min: f64, max: f64) -> Option<f64> {
    if !value.is_finite() || !min.is_finite() || !max.is_finite() || max <= min {
        return None;
    }
    let frac = ((value - min) / (max - min)).clamp(0.0, 1.0);
    Some(GAUGE_START_DEG + frac * (GAUGE_END_DEG - GAUGE_START_DEG))
}

fn arc_polygon(c: (f64, f64), r_in: f64, r_out: f64, a0_deg: f64, a1_deg: f64) -> Vec<(i32, i32)> {
    let steps = (((a1_deg - a0_deg).abs() / 2.0).ceil() as usize).max(1);
    let at = |r: f64, deg: f64| {
        let rad = deg.to_radians();
        (
            (c.0 + r * rad.cos()).round() as i32,
            (c.1 + r * rad.sin()).round() as i32,
        )
    };
    let angle = |i: usize| a0_deg + (a1_deg - a0_deg) * i as f64 / steps as f64;
    let mut pts: Vec<(i32, i32)> = (0..=steps).map(|i| at(r_out, angle(i))).collect();
    pts.extend((0..=steps).rev().map(|i| at(r_in, angle(i))));
    pts
}

/// Draws the gauge centred in the area and returns its geometry.
pub fn draw_gauge<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &GaugeView,
    theme: &Theme,
) -> Result<GaugeLayout, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (wf, hf) = (f64::from(w), f64::from(h));
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
    // The arc spans 2r wide and r(1 + sin 30°) = 1.5r tall.
    let margin = theme.px(4.0);
    let radius = ((wf - 2.0 * margin) / 2.0)
        .min((hf - 2.0 * margin) / 1.5)
        .max(0.0);
    let center = (wf / 2.0, (hf - 1.5 * radius) / 2.0 + radius);
    let markers = view.show_threshold_markers && !view.thresholds.is_empty();
    let marker_w = if markers { radius * 0.06 } else { 0.0 };
    let gap = if markers { radius * 0.03 } else { 0.0 };
    let r_out = radius - marker_w - gap;
    let thickness = r_out * 0.2;
    let layout = GaugeLayout {
        center,
        radius_px: radius,
        thickness_px: thickness,
        value_angle_deg: gauge_angle_deg(view.value, view.min, view.max),
    };
    if radius < 2.0 {
        return Ok(layout);
    }
    draw::polygon(
        area,
        arc_polygon(
            center,
            r_out - thickness,
            r_out,
            GAUGE_START_DEG,
            GAUGE_END_DEG,
        ),
        theme.track,
    )?;
    if let Some(a) = layout.value_angle_deg.filter(|a| *a > GAUGE_START_DEG) {
        draw::polygon(
            area,
            arc_polygon(center, r_out - thickness, r_out, GAUGE_START_DEG, a),
            view.color,
        )?;
    }
    if markers {
        let mut steps = view.thresholds.clone();
        steps.sort_by(|a, b| {
            a.value
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.value.unwrap_or(f64::NEG_INFINITY))
        });
        for (i, step) in steps.iter().enumerate() {
            let lo = step.value.unwrap_or(view.min).max(view.min);
            let hi = steps
                .get(i + 1)
                .and_then(|s| s.value)
                .unwrap_or(view.max)
                .min(view.max);
            let (Some(a0), Some(a1)) = (
                gauge_angle_deg(lo, view.min, view.max),
                gauge_angle_deg(hi, view.min, view.max),
            ) else {
                continue;
            };
            if a1 > a0 {
                draw::polygon(
                    area,
                    arc_polygon(center, radius - marker_w, radius, a0, a1),
                    step.color,
                )?;
            }
        }
    }
    let inner = r_out - thickness;
    let font = fit_font_px(view.value_text.chars().count(), inner * 1.5, inner * 0.7);
    let text_at = (
        center.0.round() as i32,
        (center.1 - inner * 0.05).round() as i32,
    );
    draw::text(
        area,
        theme,
        &view.value_text,
        text_at,
        font,
        view.color,
        (HPos::Center, VPos::Center),
    )?;
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angle_table() {
        let cases = [
            (0.0, 0.0, 100.0, Some(150.0)),
            (50.0, 0.0, 100.0, Some(270.0)),
            (100.0, 0.0, 100.0, Some(390.0)),
            (150.0, 0.0, 100.0, Some(390.0)),
            (-5.0, 0.0, 100.0, Some(150.0)),
            (25.0, 20.0, 30.0, Some(270.0)),
            (f64::NAN, 0.0, 100.0, None),
            (5.0, 10.0, 10.0, None),
            (5.0, 10.0, 0.0, None),
        ];
        for (v, lo, hi, want) in cases {
            assert_eq!(gauge_angle_deg(v, lo, hi), want, "{v} in {lo}..{hi}");
        }
    }

    #[test]
    fn arc_polygon_spans_its_angles() {
        let pts = arc_polygon((100.0, 100.0), 40.0, 50.0, 180.0, 270.0);
        assert_eq!(pts.first(), Some(&(50, 100)));
        assert_eq!(pts[pts.len() / 2 - 1], (100, 50));
        assert_eq!(pts.last(), Some(&(60, 100)));
    }
}
