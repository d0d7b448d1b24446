//! The bar gauge panel: one bar per series, basic / gradient / LCD, horizontal or vertical.
//!
//! Contract: each bar gets an equal slice of the area (rows when horizontal, columns when
//! vertical) with its name and value text; the filled length is [`bar_length_px`] (value clamped
//! to `[min, max]`; NaN/±Inf or `max <= min` → 0). Gradient colours interpolate between the
//! bar's threshold steps (a single colour without thresholds); LCD cells are lit up to the value
//! in the threshold colour of each cell and dimmed after it. [`draw_bar_gauge`] returns the
//! filled rectangle of each bar (for tooltips), empty for a zero-length bar.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, approx_text_width_px, Area};
use super::timeseries::ThresholdStep;
use super::{ChartError, PxRect, Rgba, Theme};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BarGaugeDisplay {
    #[default]
    Basic,
    Gradient,
    Lcd,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BarOrientation {
    #[default]
    Horizontal,
    Vertical,
}

/// One bar.
#[derive(Clone, Debug, Default)]
pub struct BarView {
    pub name: String,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    /// The value's threshold colour.
    pub color: Rgba,
    pub value_text: String,
    /// Steps for gradient and LCD colouring (may be empty).
    pub thresholds: Vec<ThresholdStep>,
}

/// A bar gauge panel, ready to draw.
#[derive(Clone, Debug, Default)]
pub struct BarGaugeView {
    pub bars: Vec<BarView>,
    pub display: BarGaugeDisplay,
    pub orientation: BarOrientation,
    /// Draw the unfilled rest of the track.
    pub show_unfilled: bool,
}

/// Filled length of a bar whose track is `track_px` long.
pub fn bar_length_px(value: f64, min: f64, max: f64, track_px: i32) -> i32 {
    if !value.is_finite() || !min.is_finite() || !max.is_finite() || max <= min || track_px <= 0 {
        return 0;
    }
    let frac = ((value - min) / (max - min)).clamp(0.0, 1.0);
    (frac * f64::from(track_px)).round() as i32
}

/// The threshold colour of `v` (the last step at or below it; `fallback` without steps).
fn step_color(steps: &[ThresholdStep], v: f64, fallback: Rgba) -> Rgba {
    let mut color = fallback;
    let mut best = f64::NEG_INFINITY;
    let mut found = false;
    for s in steps {
        let at = s.value.unwrap_or(f64::NEG_INFINITY);
        if at <= v && (!found || at >= best) {
            color = s.color;
            best = at;
            found = true;
        }
    }
    color
}

/// Gradient colour at `v`: interpolated between neighbouring step boundaries.
fn gradient_color(steps: &[ThresholdStep], v: f64, fallback: Rgba) -> Rgba {
    let mut bounds: Vec<(f64, Rgba)> = steps
        .iter()
        .filter_map(|s| s.value.map(|x| (x, s.color)))
        .collect();
    bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let base = step_color(steps, f64::NEG_INFINITY, fallback);
    let mut prev = (f64::NEG_INFINITY, base);
    for (at, c) in bounds {
        if v < at {
            if prev.0 == f64::NEG_INFINITY {
                return prev.1;
            }
            return prev.1.lerp(c, (v - prev.0) / (at - prev.0));
        }
        prev = (at, c);
    }
    prev.1
}

/// A bar's track in the area: (track rect, along-axis length, horizontal?).
struct Slot {
    track: PxRect,
    name_at: (i32, i32),
    value_at: (i32, i32),
}

fn slots(view: &BarGaugeView, w: i32, h: i32, theme: &Theme) -> Vec<Slot> {
    let n = view.bars.len() as i32;
    if n == 0 {
        return Vec::new();
    }
    let font = theme.font_px();
    let pad = theme.px(4.0).round() as i32;
    let text_h = (font * 1.4).ceil() as i32;
    match view.orientation {
        BarOrientation::Horizontal => {
            let value_w = view
                .bars
                .iter()
                .map(|b| approx_text_width_px(&b.value_text, font))
                .fold(0.0, f64::max)
                .ceil() as i32
                + 2 * pad;
            (0..n)
                .map(|i| {
                    let y0 = h * i / n;
                    let y1 = h * (i + 1) / n;
                    let track = PxRect {
                        x0: pad,
                        y0: y0 + text_h,
                        x1: w - value_w,
                        y1: y1 - pad,
                    };
                    Slot {
                        track,
                        name_at: (pad, y0 + text_h / 2),
                        value_at: (w - pad, (track.y0 + track.y1) / 2),
                    }
                })
                .collect()
        }
        BarOrientation::Vertical => (0..n)
            .map(|i| {
                let x0 = w * i / n;
                let x1 = w * (i + 1) / n;
                let track = PxRect {
                    x0: x0 + pad,
                    y0: text_h + pad,
                    x1: x1 - pad,
                    y1: h - text_h,
                };
                Slot {
                    track,
                    name_at: ((x0 + x1) / 2, h - text_h / 2),
                    value_at: ((x0 + x1) / 2, text_h / 2 + pad / 2),
                }
            })
            .collect(),
    }
}

/// Draws all bars and returns each bar's filled rectangle.
pub fn draw_bar_gauge<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &BarGaugeView,
    theme: &Theme,
) -> Result<Vec<PxRect>, ChartError> {
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
    let horizontal = view.orientation == BarOrientation::Horizontal;
    let mut filled = Vec::with_capacity(view.bars.len());
    for (bar, slot) in view.bars.iter().zip(slots(view, w, h, theme)) {
        let t = slot.track;
        let track_len = if horizontal { t.width() } else { t.height() };
        let len = bar_length_px(bar.value, bar.min, bar.max, track_len);
        // The part of the track a value `frac` along covers.
        let part = |a: i32, b: i32| {
            if horizontal {
                PxRect {
                    x0: t.x0 + a,
                    y0: t.y0,
                    x1: t.x0 + b,
                    y1: t.y1,
                }
            } else {
                PxRect {
                    x0: t.x0,
                    y0: t.y1 - b,
                    x1: t.x1,
                    y1: t.y1 - a,
                }
            }
        };
        let value_at = |px: f64| bar.min + (bar.max - bar.min) * px / f64::from(track_len.max(1));
        match view.display {
            BarGaugeDisplay::Basic | BarGaugeDisplay::Gradient => {
                if view.show_unfilled {
                    draw::fill_rect(area, part(len, track_len), theme.track)?;
                }
                if view.display == BarGaugeDisplay::Basic || bar.thresholds.is_empty() {
                    draw::fill_rect(area, part(0, len), bar.color)?;
                } else {
                    let chunk = theme.px(4.0).round().max(2.0) as i32;
                    let mut a = 0;
                    while a < len {
                        let b = (a + chunk).min(len);
                        let c = gradient_color(
                            &bar.thresholds,
                            value_at(f64::from(a + b) / 2.0),
                            bar.color,
                        );
                        draw::fill_rect(area, part(a, b), c)?;
                        a = b;
                    }
                }
            }
            BarGaugeDisplay::Lcd => {
                let cell = theme.px(12.0).round().max(3.0) as i32;
                let gap = theme.px(2.0).round().max(1.0) as i32;
                let mut a = 0;
                while a + cell <= track_len {
                    let mid = f64::from(a) + f64::from(cell) / 2.0;
                    let c = step_color(&bar.thresholds, value_at(mid), bar.color);
                    let lit = mid <= f64::from(len);
                    draw::fill_rect(
                        area,
                        part(a, a + cell),
                        if lit { c } else { c.with_alpha(c.a * 0.18) },
                    )?;
                    a += cell + gap;
                }
            }
        }
        filled.push(if len > 0 {
            part(0, len)
        } else {
            PxRect::default()
        });
        let (name_anchor, value_anchor) = if horizontal {
            ((HPos::Left, VPos::Center), (HPos::Right, VPos::Center))
        } else {
            ((HPos::Center, VPos::Center), (HPos::Center, VPos::Center))
        };
        draw::text(
            area,
            theme,
            &bar.name,
            slot.name_at,
            font,
            theme.text,
            name_anchor,
        )?;
        draw::text(
            area,
            theme,
            &bar.value_text,
            slot.value_at,
            font,
            bar.color,
            value_anchor,
        )?;
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_table() {
        let cases = [
            (50.0, 0.0, 100.0, 200, 100),
            (0.0, 0.0, 100.0, 200, 0),
            (100.0, 0.0, 100.0, 200, 200),
            (250.0, 0.0, 100.0, 200, 200),
            (-3.0, 0.0, 100.0, 200, 0),
            (f64::NAN, 0.0, 100.0, 200, 0),
            (5.0, 5.0, 5.0, 200, 0),
            (1.0, 0.0, 3.0, 100, 33),
            (50.0, 0.0, 100.0, 0, 0),
        ];
        for (v, lo, hi, track, want) in cases {
            assert_eq!(
                bar_length_px(v, lo, hi, track),
                want,
                "{v} in {lo}..{hi} on {track}"
            );
        }
    }

    #[test]
    fn colours_follow_steps() {
        let g = Rgba::rgb(0, 200, 0);
        let r = Rgba::rgb(200, 0, 0);
        let steps = [
            ThresholdStep {
                value: None,
                color: g,
            },
            ThresholdStep {
                value: Some(80.0),
                color: r,
            },
        ];
        assert_eq!(step_color(&steps, 10.0, Rgba::default()), g);
        assert_eq!(step_color(&steps, 80.0, Rgba::default()), r);
        assert_eq!(step_color(&[], 80.0, r), r);
        assert_eq!(gradient_color(&steps, 10.0, Rgba::default()), g);
        assert_eq!(gradient_color(&steps, 90.0, Rgba::default()), r);
        let three = [
            steps[0],
            ThresholdStep {
                value: Some(0.0),
                color: g,
            },
            steps[1],
        ];
        assert_eq!(
            gradient_color(&three, 40.0, Rgba::default()),
            Rgba::rgb(100, 100, 0)
        );
    }
}
