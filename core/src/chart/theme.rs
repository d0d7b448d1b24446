//! Colours and the device-pixel scale for one canvas.
//!
//! Contract: [`Theme::dark`] and [`Theme::light`] carry Grafana-like palettes for the chart
//! chrome (background, text, grid, axis, the unfilled gauge track); series and threshold colours
//! always come from the app. `dpr` (device pixels per CSS pixel) scales line widths, font sizes and
//! paddings; a non-finite or non-positive `dpr` is treated as 1. [`Rgba::from_hex`] accepts
//! `#rgb`, `#rrggbb` and `#rrggbbaa` and returns `None` for anything else.

use plotters::style::RGBAColor;

/// An sRGB colour with alpha in 0..=1 (the default is transparent black).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: f64,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 1.0 }
    }
    pub const fn new(r: u8, g: u8, b: u8, a: f64) -> Self {
        Self { r, g, b, a }
    }
    /// The same colour with its alpha set to `alpha` (clamped to 0..=1; non-finite → opaque).
    pub fn with_alpha(self, alpha: f64) -> Self {
        Self {
            a: if alpha.is_finite() {
                alpha.clamp(0.0, 1.0)
            } else {
                1.0
            },
            ..self
        }
    }
    /// `#rgb`, `#rrggbb` or `#rrggbbaa` (the leading `#` is optional).
    pub fn from_hex(text: &str) -> Option<Self> {
        let hex = text.trim().trim_start_matches('#');
        if !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let nibble = |i: usize| {
            let v = u8::from_str_radix(hex.get(i..i + 1)?, 16).ok()?;
            Some(v * 17)
        };
        match hex.len() {
            3 => Some(Self::rgb(nibble(0)?, nibble(1)?, nibble(2)?)),
            6 => Some(Self::rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => Some(Self::new(
                byte(0)?,
                byte(2)?,
                byte(4)?,
                f64::from(byte(6)?) / 255.0,
            )),
            _ => None,
        }
    }
    /// Linear interpolation between two colours, `frac` clamped to 0..=1.
    pub fn lerp(self, other: Rgba, frac: f64) -> Rgba {
        let f = if frac.is_finite() {
            frac.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
        Rgba {
            r: mix(self.r, other.r),
            g: mix(self.g, other.g),
            b: mix(self.b, other.b),
            a: self.a + (other.a - self.a) * f,
        }
    }
    /// Relative luminance (sRGB, approximate), 0 = black, 1 = white.
    pub fn luminance(self) -> f64 {
        (0.2126 * f64::from(self.r) + 0.7152 * f64::from(self.g) + 0.0722 * f64::from(self.b))
            / 255.0
    }
    /// Readable text colour on this background: near-black on light colours, white otherwise.
    pub fn contrast_text(self) -> Rgba {
        if self.luminance() > 0.7 {
            Rgba::rgb(0x20, 0x22, 0x26)
        } else {
            Rgba::rgb(0xff, 0xff, 0xff)
        }
    }
    pub(crate) fn to_plotters(self) -> RGBAColor {
        RGBAColor(self.r, self.g, self.b, self.a.clamp(0.0, 1.0))
    }
}

/// The chart chrome palette plus the device-pixel ratio of the target canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub background: Rgba,
    pub text: Rgba,
    /// Secondary text: tick labels, bucket labels.
    pub text_weak: Rgba,
    pub grid: Rgba,
    pub axis: Rgba,
    /// The unfilled part of gauges and bar gauges.
    pub track: Rgba,
    /// Font family handed to the backend ("sans-serif" in the browser; natively the name the
    /// font was registered under).
    pub font_family: String,
    /// Base font size in CSS pixels.
    pub font_css_px: f64,
    /// Device pixels per CSS pixel (`window.devicePixelRatio`).
    pub dpr: f64,
}

impl Theme {
    /// Grafana's dark theme colours.
    pub fn dark(dpr: f64) -> Self {
        Self {
            background: Rgba::rgb(0x18, 0x1b, 0x1f),
            text: Rgba::rgb(0xcc, 0xcc, 0xdc),
            text_weak: Rgba::new(0xcc, 0xcc, 0xdc, 0.65),
            grid: Rgba::new(240, 250, 255, 0.09),
            axis: Rgba::new(240, 250, 255, 0.2),
            track: Rgba::new(0xcc, 0xcc, 0xdc, 0.12),
            font_family: "sans-serif".to_string(),
            font_css_px: 12.0,
            dpr: sane_dpr(dpr),
        }
    }
    /// Grafana's light theme colours.
    pub fn light(dpr: f64) -> Self {
        Self {
            background: Rgba::rgb(0xff, 0xff, 0xff),
            text: Rgba::rgb(0x24, 0x29, 0x2e),
            text_weak: Rgba::new(0x24, 0x29, 0x2e, 0.75),
            grid: Rgba::new(0, 10, 23, 0.09),
            axis: Rgba::new(0, 10, 23, 0.2),
            track: Rgba::new(0, 10, 23, 0.08),
            font_family: "sans-serif".to_string(),
            font_css_px: 12.0,
            dpr: sane_dpr(dpr),
        }
    }
    /// CSS pixels → device pixels.
    pub fn px(&self, css_px: f64) -> f64 {
        css_px * sane_dpr(self.dpr)
    }
    /// A line width in whole device pixels (at least 1), so strokes stay crisp.
    pub fn line_px(&self, css_px: f64) -> u32 {
        let w = self.px(css_px).round();
        if w.is_finite() && w >= 1.0 {
            w as u32
        } else {
            1
        }
    }
    /// The base font size in device pixels.
    pub fn font_px(&self) -> f64 {
        self.px(self.font_css_px).round().max(1.0)
    }
}

fn sane_dpr(dpr: f64) -> f64 {
    if dpr.is_finite() && dpr > 0.0 {
        dpr
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parsing_table() {
        let cases: &[(&str, Option<Rgba>)] = &[
            ("#73BF69", Some(Rgba::rgb(0x73, 0xbf, 0x69))),
            ("73bf69", Some(Rgba::rgb(0x73, 0xbf, 0x69))),
            ("#f00", Some(Rgba::rgb(255, 0, 0))),
            ("#ff000080", Some(Rgba::new(255, 0, 0, 128.0 / 255.0))),
            ("#ff00", None),
            ("#gg0000", None),
            ("", None),
            ("#é00", None),
        ];
        for (text, want) in cases {
            assert_eq!(Rgba::from_hex(text), *want, "{text}");
        }
    }

    #[test]
    fn lerp_and_alpha() {
        let a = Rgba::rgb(0, 0, 0);
        let b = Rgba::rgb(200, 100, 50);
        assert_eq!(a.lerp(b, 0.5), Rgba::rgb(100, 50, 25));
        assert_eq!(a.lerp(b, 2.0), b);
        assert_eq!(a.lerp(b, f64::NAN), a);
        assert_eq!(b.with_alpha(0.3).a, 0.3);
        assert_eq!(b.with_alpha(7.0).a, 1.0);
    }

    #[test]
    fn contrast_text_table() {
        let dark = Rgba::rgb(0x20, 0x22, 0x26);
        let white = Rgba::rgb(255, 255, 255);
        let cases = [
            (Rgba::rgb(255, 255, 255), dark),
            (Rgba::rgb(0xfa, 0xde, 0x2a), dark),
            (Rgba::rgb(0xf2, 0x49, 0x5c), white),
            (Rgba::rgb(0x73, 0xbf, 0x69), white),
            (Rgba::rgb(0, 0, 0), white),
        ];
        for (bg, want) in cases {
            assert_eq!(bg.contrast_text(), want, "{bg:?}");
        }
    }

    #[test]
    fn dpr_scaling() {
        let cases = [
            (1.0, 1, 12.0),
            (2.0, 2, 24.0),
            (1.5, 2, 18.0),
            (0.0, 1, 12.0),
            (f64::NAN, 1, 12.0),
        ];
        for (dpr, line, font) in cases {
            let t = Theme::dark(dpr);
            assert_eq!(t.line_px(1.0), line, "dpr {dpr}");
            assert_eq!(t.font_px(), font, "dpr {dpr}");
        }
        assert_ne!(Theme::dark(1.0).background, Theme::light(1.0).background);
    }
}
