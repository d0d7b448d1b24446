//! The pie chart: one slice per value, as a full pie or a donut, with labels on the slices and
//! a legend drawn on the canvas.
//!
//! Contract: angles are degrees clockwise from 12 o'clock (screen space, y down), as Grafana
//! (d3's pie) draws them. Slices are laid out largest first (d3's default `sortValues`, which
//! Grafana keeps; ties keep data order), starting at 12 o'clock, but every per-slice result
//! ([`pie_angles`], [`PieLayout::angles_deg`]) stays in data order. A slice whose value is not
//! finite or not positive gets no angle and is not drawn (its legend entry still shows). Labels
//! sit inside a slice at its mid angle when the slice spans at least [`MIN_LABEL_SWEEP_DEG`]
//! and the text fits; otherwise the slice carries no label (the legend names it). A donut's
//! hole is [`DONUT_HOLE`] of the radius and shows the background. Hovering: [`pie_hit`] finds
//! the slice under a point of the drawn [`PieLayout`] (nothing in the hole or outside the
//! radius), [`pie_tooltip`] is its text.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, approx_text_width_px, Area};
use super::{ChartError, PxRect, Rgba, Theme};

/// The donut hole's radius as a share of the outer radius (Grafana's).
pub const DONUT_HOLE: f64 = 0.6;
/// Slices narrower than this carry no label (Grafana's 0.3 rad).
pub const MIN_LABEL_SWEEP_DEG: f64 = 17.19;
/// Arc approximation: one polygon edge per this many degrees at most.
const ARC_STEP_DEG: f64 = 0.5;

/// One slice, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct PieSlice {
    pub name: String,
    pub value: f64,
    pub color: Rgba,
    /// The value in its unit, e.g. "1.2 K".
    pub value_text: String,
    /// The share of the total, e.g. "75%".
    pub percent_text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PieLegendPlacement {
    #[default]
    Right,
    Bottom,
}

/// The legend drawn next to the pie.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PieLegendView {
    pub placement: PieLegendPlacement,
    pub show_value: bool,
    pub show_percent: bool,
}

/// What a label on a slice shows, one line each, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieLabel {
    Name,
    Value,
    Percent,
}

/// A pie chart, ready to draw. Slices are in data order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PieView {
    pub slices: Vec<PieSlice>,
    pub donut: bool,
    pub labels: Vec<PieLabel>,
    pub legend: Option<PieLegendView>,
}

/// Where the pie was drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PieLayout {
    pub center: (f64, f64),
    pub radius_px: f64,
    /// 0 for a pie.
    pub inner_radius_px: f64,
    /// Per slice, in data order: (start, end) in degrees clockwise from 12 o'clock.
    pub angles_deg: Vec<Option<(f64, f64)>>,
    /// The legend's box, if one was drawn.
    pub legend: Option<PxRect>,
}

/// Start and end angle of each value's slice, in data order: largest first from 12 o'clock,
/// clockwise; `None` for values that are not finite and positive.
pub fn pie_angles(values: &[f64]) -> Vec<Option<(f64, f64)>> {
    let shown = |v: f64| v.is_finite() && v > 0.0;
    let total: f64 = values.iter().copied().filter(|v| shown(*v)).sum();
    let mut order: Vec<usize> = (0..values.len()).filter(|i| shown(values[*i])).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]));
    let mut out = vec![None; values.len()];
    if !(total.is_finite() && total > 0.0) {
        return out;
    }
    let mut at = 0.0;
    for i in order {
        let end = at + 360.0 * values[i] / total;
        out[i] = Some((at, end));
        at = end;
    }
    out
}

/// The point at `radius` and `deg` (clockwise from 12 o'clock) around `center`.
pub fn pie_point(center: (f64, f64), radius: f64, deg: f64) -> (f64, f64) {
    let rad = deg.to_radians();
    (center.0 + radius * rad.sin(), center.1 - radius * rad.cos())
}

/// The slice (data index) under `(x, y)` (the layout's pixels): within the ring between the
/// inner and outer radius, at the angle clockwise from 12 o'clock; `None` elsewhere.
pub fn pie_hit(layout: &PieLayout, x: f64, y: f64) -> Option<usize> {
    let (dx, dy) = (x - layout.center.0, y - layout.center.1);
    let r = dx.hypot(dy);
    if !(r <= layout.radius_px && r >= layout.inner_radius_px) || layout.radius_px <= 0.0 {
        return None;
    }
    let deg = dx.atan2(-dy).to_degrees().rem_euclid(360.0);
    layout
        .angles_deg
        .iter()
        .position(|a| a.is_some_and(|(a0, a1)| deg >= a0 && deg < a1))
}

/// The tooltip of slice `i`: `name: value (share)`.
pub fn pie_tooltip(view: &PieView, i: usize) -> Option<String> {
    let s = view.slices.get(i)?;
    Some(format!("{}: {} ({})", s.name, s.value_text, s.percent_text))
}

fn round(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

fn slice_polygon(c: (f64, f64), r_in: f64, r_out: f64, a0: f64, a1: f64) -> Vec<(i32, i32)> {
    let steps = (((a1 - a0).abs() / ARC_STEP_DEG).ceil() as usize).max(1);
    let angle = |i: usize| a0 + (a1 - a0) * i as f64 / steps as f64;
    let mut pts: Vec<(i32, i32)> = (0..=steps)
        .map(|i| round(pie_point(c, r_out, angle(i))))
        .collect();
    if r_in > 0.0 {
        pts.extend(
            (0..=steps)
                .rev()
                .map(|i| round(pie_point(c, r_in, angle(i)))),
        );
    } else if (a1 - a0).abs() < 359.999 {
        pts.push(round(c));
    }
    pts
}

fn legend_text(slice: &PieSlice, legend: &PieLegendView) -> String {
    let mut s = slice.name.clone();
    if legend.show_value {
        s.push_str("  ");
        s.push_str(&slice.value_text);
    }
    if legend.show_percent {
        s.push_str("  ");
        s.push_str(&slice.percent_text);
    }
    s
}

/// `s` cut with an ellipsis so that it is at most `max_px` wide at `font_px`.
fn fit_text(s: &str, font_px: f64, max_px: f64) -> String {
    if approx_text_width_px(s, font_px) <= max_px {
        return s.to_owned();
    }
    let keep = ((max_px / (font_px * 0.6)).floor() as usize).saturating_sub(1);
    let mut out: String = s.chars().take(keep).collect();
    out.push('…');
    out
}

/// Draws the pie (and its legend) into the area and returns where it went.
pub fn draw_pie<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &PieView,
    theme: &Theme,
) -> Result<PieLayout, ChartError> {
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
    let font = theme.font_px();
    let line_h = (font * 1.6).round();
    let swatch = (font * 0.85).round();
    let gap = theme.px(6.0).round();
    let margin = theme.px(4.0);
    let mut pie_box = (0.0, 0.0, wf, hf);
    let mut legend_box = None;
    // Legend entries: (text, colour, text width).
    let entries: Vec<(String, Rgba)> = match &view.legend {
        Some(l) => view
            .slices
            .iter()
            .map(|s| (legend_text(s, l), s.color))
            .collect(),
        None => Vec::new(),
    };
    if let (Some(legend), false) = (&view.legend, entries.is_empty()) {
        let widest = entries
            .iter()
            .map(|(t, _)| approx_text_width_px(t, font))
            .fold(0.0, f64::max);
        match legend.placement {
            PieLegendPlacement::Right => {
                let lw = (swatch + widest + 4.0 * gap).ceil().min(wf * 0.5).floor();
                if lw > swatch + 3.0 * gap && wf - lw > 40.0 {
                    pie_box.2 = wf - lw;
                    legend_box = Some(PxRect {
                        x0: (wf - lw) as i32,
                        y0: 0,
                        x1: w as i32,
                        y1: h as i32,
                    });
                }
            }
            PieLegendPlacement::Bottom => {
                // Flow entries left to right, wrapping.
                let mut rows = 1.0;
                let mut x = gap;
                for (t, _) in &entries {
                    let ew = swatch + gap + approx_text_width_px(t, font) + 2.0 * gap;
                    if x + ew > wf && x > gap {
                        rows += 1.0;
                        x = gap;
                    }
                    x += ew;
                }
                let lh = (rows * line_h + gap).min((hf * 0.4).floor());
                if lh >= line_h && hf - lh > 40.0 {
                    pie_box.3 = hf - lh;
                    legend_box = Some(PxRect {
                        x0: 0,
                        y0: (hf - lh) as i32,
                        x1: w as i32,
                        y1: h as i32,
                    });
                }
            }
        }
    }
    let radius = (((pie_box.2 - pie_box.0).min(pie_box.3 - pie_box.1)) / 2.0 - margin).max(0.0);
    let center = ((pie_box.0 + pie_box.2) / 2.0, (pie_box.1 + pie_box.3) / 2.0);
    let inner = if view.donut { radius * DONUT_HOLE } else { 0.0 };
    let values: Vec<f64> = view.slices.iter().map(|s| s.value).collect();
    let angles = pie_angles(&values);
    let layout = PieLayout {
        center,
        radius_px: radius,
        inner_radius_px: inner,
        angles_deg: angles.clone(),
        legend: legend_box,
    };
    if radius >= 2.0 {
        for (slice, a) in view.slices.iter().zip(&angles) {
            if let Some((a0, a1)) = a {
                draw::polygon(
                    area,
                    slice_polygon(center, inner, radius, *a0, *a1),
                    slice.color,
                )?;
            }
        }
        let drawn = angles.iter().flatten().count();
        if drawn > 1 {
            let sep = theme.line_px(1.0);
            for (a0, _) in angles.iter().flatten() {
                draw::polyline(
                    area,
                    &[
                        round(pie_point(center, inner, *a0)),
                        round(pie_point(center, radius + 1.0, *a0)),
                    ],
                    theme.background,
                    sep,
                )?;
            }
        }
        if !view.labels.is_empty() {
            draw_labels(area, view, &angles, center, inner, radius, theme)?;
        }
    }
    if let Some(lb) = legend_box {
        draw_legend(area, view, &entries, lb, theme)?;
    }
    Ok(layout)
}

fn draw_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &PieView,
    angles: &[Option<(f64, f64)>],
    center: (f64, f64),
    inner: f64,
    radius: f64,
    theme: &Theme,
) -> Result<(), ChartError> {
    let font = (radius * 0.1).clamp(theme.font_px() * 0.9, theme.font_px() * 1.6);
    let r_label = if inner > 0.0 {
        (inner + radius) / 2.0
    } else {
        radius * 0.62
    };
    for (slice, a) in view.slices.iter().zip(angles) {
        let Some((a0, a1)) = a else { continue };
        let sweep = a1 - a0;
        if sweep < MIN_LABEL_SWEEP_DEG {
            continue;
        }
        let lines: Vec<&str> = view
            .labels
            .iter()
            .map(|l| match l {
                PieLabel::Name => slice.name.as_str(),
                PieLabel::Value => slice.value_text.as_str(),
                PieLabel::Percent => slice.percent_text.as_str(),
            })
            .filter(|s| !s.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let line_h = font * 1.2;
        let block_h = line_h * lines.len() as f64;
        let block_w = lines
            .iter()
            .map(|s| approx_text_width_px(s, font))
            .fold(0.0, f64::max);
        // Room across the slice at the label radius, and along the radius.
        let across = if sweep >= 180.0 {
            radius
        } else {
            2.0 * r_label * (sweep / 2.0).to_radians().sin()
        };
        let along = if inner > 0.0 {
            radius - inner
        } else {
            radius * 0.7
        };
        if block_w > across.max(along) * 1.1 || block_h > across.min(radius) {
            continue;
        }
        let mid = (a0 + a1) / 2.0;
        let at = if sweep >= 359.999 && inner <= 0.0 {
            center
        } else {
            pie_point(center, r_label, mid)
        };
        let color = slice.color.contrast_text();
        let top = at.1 - block_h / 2.0 + line_h / 2.0;
        for (i, s) in lines.iter().enumerate() {
            draw::text(
                area,
                theme,
                s,
                round((at.0, top + line_h * i as f64)),
                font,
                color,
                (HPos::Center, VPos::Center),
            )?;
        }
    }
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &PieView,
    entries: &[(String, Rgba)],
    lb: PxRect,
    theme: &Theme,
) -> Result<(), ChartError> {
    let font = theme.font_px();
    let line_h = (font * 1.6).round();
    let swatch = (font * 0.85).round();
    let gap = theme.px(6.0).round();
    let placement = view
        .legend
        .as_ref()
        .map(|l| l.placement)
        .unwrap_or_default();
    let entry = |text: &str, color: Rgba, x: f64, y: f64, max_w: f64| {
        let sw = swatch as i32;
        let (x, y) = (x.round() as i32, y.round() as i32);
        draw::fill_rect(
            area,
            PxRect {
                x0: x,
                y0: y - sw / 2,
                x1: x + sw,
                y1: y - sw / 2 + sw,
            },
            color,
        )?;
        draw::text(
            area,
            theme,
            &fit_text(text, font, max_w - swatch - gap),
            (x + sw + gap as i32, y),
            font,
            theme.text,
            (HPos::Left, VPos::Center),
        )
    };
    match placement {
        PieLegendPlacement::Right => {
            let fits = ((f64::from(lb.height()) / line_h).floor() as usize).max(1);
            let shown = entries.len().min(fits);
            let block = shown as f64 * line_h;
            let y0 = f64::from(lb.y0) + (f64::from(lb.height()) - block).max(0.0) / 2.0;
            let max_w = f64::from(lb.width()) - 2.0 * gap;
            for (i, (t, c)) in entries.iter().take(shown).enumerate() {
                let y = y0 + line_h * (i as f64 + 0.5);
                entry(t, *c, f64::from(lb.x0) + gap, y, max_w)?;
            }
        }
        PieLegendPlacement::Bottom => {
            let wf = f64::from(lb.width());
            let mut x = gap;
            let mut y = f64::from(lb.y0) + gap / 2.0 + line_h / 2.0;
            for (t, c) in entries {
                let ew = swatch + gap + approx_text_width_px(t, font) + 2.0 * gap;
                if x + ew > wf && x > gap {
                    x = gap;
                    y += line_h;
                }
                if y + line_h / 2.0 > f64::from(lb.y1) {
                    break;
                }
                entry(t, *c, x, y, wf - x)?;
                x += ew;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod hover_tests {
    use super::*;

    fn layout(inner: f64) -> PieLayout {
        PieLayout {
            center: (100.0, 100.0),
            radius_px: 50.0,
            inner_radius_px: inner,
            // Data order: slice 0 is the smaller one (drawn second), 2 has no value.
            angles_deg: pie_angles(&[1.0, 3.0, f64::NAN]),
            legend: None,
        }
    }

    #[test]
    fn hits_follow_angles_clockwise_from_twelve() {
        let l = layout(0.0);
        // Slice 1 (3 of 4) spans 0..270°, slice 0 270..360°.
        let cases = [
            ((110.0, 70.0), Some(1)),  // 1 o'clock
            ((130.0, 100.0), Some(1)), // 3 o'clock (90°)
            ((100.0, 140.0), Some(1)), // 6 o'clock
            ((70.0, 100.0), Some(0)),  // 9 o'clock (270°)
            ((90.0, 70.0), Some(0)),   // 11 o'clock
            ((100.0, 100.0), Some(1)), // the centre: angle 0
            ((100.0, 49.0), None),     // outside the radius
            ((200.0, 200.0), None),
        ];
        for ((x, y), want) in cases {
            assert_eq!(pie_hit(&l, x, y), want, "({x}, {y})");
        }
        // A donut's hole hits nothing.
        let d = layout(30.0);
        assert_eq!(pie_hit(&d, 100.0, 100.0), None);
        assert_eq!(pie_hit(&d, 100.0, 60.0), Some(1));
        // Nothing drawn (no radius): no hit.
        let mut empty = layout(0.0);
        empty.radius_px = 0.0;
        assert_eq!(pie_hit(&empty, 100.0, 100.0), None);
    }

    #[test]
    fn tooltip_names_value_and_share() {
        let view = PieView {
            slices: vec![PieSlice {
                name: "200".into(),
                value: 3.0,
                color: Rgba::rgb(1, 2, 3),
                value_text: "3".into(),
                percent_text: "75%".into(),
            }],
            ..PieView::default()
        };
        assert_eq!(pie_tooltip(&view, 0).as_deref(), Some("200: 3 (75%)"));
        assert_eq!(pie_tooltip(&view, 1), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angles_largest_first_clockwise_from_noon() {
        // Data order 25, 75: the 75 slice starts at 12 o'clock.
        assert_eq!(
            pie_angles(&[25.0, 75.0]),
            vec![Some((270.0, 360.0)), Some((0.0, 270.0))]
        );
        // Ties keep data order; skipped values get no angle and take no share.
        assert_eq!(
            pie_angles(&[1.0, 0.0, 1.0, -3.0, f64::NAN, f64::INFINITY, 2.0]),
            vec![
                Some((180.0, 270.0)),
                None,
                Some((270.0, 360.0)),
                None,
                None,
                None,
                Some((0.0, 180.0)),
            ]
        );
        assert_eq!(pie_angles(&[0.0, -1.0]), vec![None, None]);
        assert!(pie_angles(&[]).is_empty());
    }

    #[test]
    fn points_clockwise_from_noon() {
        let c = (100.0, 100.0);
        let near =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        assert!(near(pie_point(c, 10.0, 0.0), (100.0, 90.0)));
        assert!(near(pie_point(c, 10.0, 90.0), (110.0, 100.0)));
        assert!(near(pie_point(c, 10.0, 180.0), (100.0, 110.0)));
        assert!(near(pie_point(c, 10.0, 270.0), (90.0, 100.0)));
    }

    #[test]
    fn polygons_close_at_the_centre_or_the_hole() {
        let pie = slice_polygon((50.0, 50.0), 0.0, 40.0, 0.0, 90.0);
        assert_eq!(pie.first(), Some(&(50, 10)));
        assert_eq!(pie.last(), Some(&(50, 50)));
        assert_eq!(pie[pie.len() - 2], (90, 50));
        // 90° in 0.5° steps: 181 arc points + the centre.
        assert_eq!(pie.len(), 182);
        let ring = slice_polygon((50.0, 50.0), 20.0, 40.0, 0.0, 90.0);
        assert_eq!(ring.len(), 362);
        assert_eq!(ring.last(), Some(&(50, 30)));
        // A full circle has no centre point (it would draw a seam).
        let full = slice_polygon((50.0, 50.0), 0.0, 40.0, 0.0, 360.0);
        assert_eq!(full.len(), 721);
    }

    #[test]
    fn long_legend_text_is_cut() {
        assert_eq!(fit_text("abc", 10.0, 100.0), "abc");
        assert_eq!(fit_text("abcdefghijkl", 10.0, 60.0), "abcdefghi…");
    }
}
