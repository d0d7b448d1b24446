//! Shared helpers for the chart tests: a recording `DrawingBackend` (plotters' mocked-backend
//! idea) that keeps every primitive it is asked to draw, font registration for the native text
//! backends, and bitmap helpers. Included by each `chart_*.rs` test with `#[path]`.
#![allow(dead_code, reason = "each test target uses a subset of the helpers")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use promboard_core::chart::Rgba;

pub const FONT_PATH: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Registers DejaVu Sans as "sans-serif" for the SVG and bitmap backends. Tests that draw text
/// call this first; a missing font FAILS them with a message saying what to install.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let bytes = std::fs::read(FONT_PATH).unwrap_or_else(|e| {
            panic!("chart text tests need DejaVu Sans at {FONT_PATH} ({e}); install Debian's `fonts-dejavu-core`")
        });
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_err() {
            panic!("{FONT_PATH} is not a usable TrueType font");
        }
    });
}

/// One primitive as the chart asked the backend to draw it.
#[derive(Clone, Debug, PartialEq)]
pub enum Prim {
    Pixel {
        at: BackendCoord,
        color: Rgba,
    },
    Line {
        from: BackendCoord,
        to: BackendCoord,
        color: Rgba,
        width: u32,
    },
    Rect {
        a: BackendCoord,
        b: BackendCoord,
        color: Rgba,
        filled: bool,
    },
    Path {
        points: Vec<BackendCoord>,
        color: Rgba,
        width: u32,
    },
    Polygon {
        points: Vec<BackendCoord>,
        color: Rgba,
    },
    Circle {
        center: BackendCoord,
        radius: u32,
        color: Rgba,
        filled: bool,
    },
    Text {
        text: String,
        at: BackendCoord,
        color: Rgba,
        size: f64,
    },
}

fn rgba(c: BackendColor) -> Rgba {
    Rgba::new(c.rgb.0, c.rgb.1, c.rgb.2, c.alpha)
}

/// A `DrawingBackend` that records primitives instead of rasterising them.
pub struct Recorder {
    size: (u32, u32),
    prims: Rc<RefCell<Vec<Prim>>>,
}

impl DrawingBackend for Recorder {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        at: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.prims.borrow_mut().push(Prim::Pixel {
            at,
            color: rgba(color),
        });
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.prims.borrow_mut().push(Prim::Line {
            from,
            to,
            color: rgba(style.color()),
            width: style.stroke_width(),
        });
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        filled: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.prims.borrow_mut().push(Prim::Rect {
            a,
            b,
            color: rgba(style.color()),
            filled,
        });
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let points = path.into_iter().collect();
        self.prims.borrow_mut().push(Prim::Path {
            points,
            color: rgba(style.color()),
            width: style.stroke_width(),
        });
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let points = vert.into_iter().collect();
        self.prims.borrow_mut().push(Prim::Polygon {
            points,
            color: rgba(style.color()),
        });
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        filled: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.prims.borrow_mut().push(Prim::Circle {
            center,
            radius,
            color: rgba(style.color()),
            filled,
        });
        Ok(())
    }
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        at: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.prims.borrow_mut().push(Prim::Text {
            text: text.to_string(),
            at,
            color: rgba(style.color()),
            size: style.size(),
        });
        Ok(())
    }
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok((
            (text.chars().count() as f64 * style.size() * 0.6) as u32,
            style.size() as u32,
        ))
    }
}

/// A recording drawing area and the shared list its primitives land in.
pub fn recording_area(w: u32, h: u32) -> (DrawingArea<Recorder, Shift>, Rc<RefCell<Vec<Prim>>>) {
    let prims = Rc::new(RefCell::new(Vec::new()));
    let area = Recorder {
        size: (w, h),
        prims: prims.clone(),
    }
    .into_drawing_area();
    (area, prims)
}

/// The polylines drawn in `color`.
pub fn paths_of(prims: &[Prim], color: Rgba) -> Vec<Vec<BackendCoord>> {
    prims
        .iter()
        .filter_map(|p| match p {
            Prim::Path {
                points, color: c, ..
            } if *c == color => Some(points.clone()),
            _ => None,
        })
        .collect()
}

/// All text drawn.
pub fn texts(prims: &[Prim]) -> Vec<String> {
    prims
        .iter()
        .filter_map(|p| match p {
            Prim::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Renders with `draw` into an RGB buffer of `w × h`.
pub fn render_bitmap(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<BitMapBackend, Shift>),
) -> Vec<u8> {
    register_font();
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&area);
        area.present().unwrap();
    }
    buf
}

/// The RGB pixel at (x, y) of a buffer `w` wide.
pub fn pixel(buf: &[u8], w: u32, x: i32, y: i32) -> (u8, u8, u8) {
    let i = ((y as u32 * w + x as u32) * 3) as usize;
    (buf[i], buf[i + 1], buf[i + 2])
}

/// `top` blended over `bottom` (what a canvas does with a translucent fill).
pub fn blend(bottom: Rgba, top: Rgba) -> (u8, u8, u8) {
    let mix = |b: u8, t: u8| (f64::from(b) * (1.0 - top.a) + f64::from(t) * top.a).round() as u8;
    (
        mix(bottom.r, top.r),
        mix(bottom.g, top.g),
        mix(bottom.b, top.b),
    )
}

pub fn close(a: (u8, u8, u8), b: (u8, u8, u8), tol: i32) -> bool {
    (i32::from(a.0) - i32::from(b.0)).abs() <= tol
        && (i32::from(a.1) - i32::from(b.1)).abs() <= tol
        && (i32::from(a.2) - i32::from(b.2)).abs() <= tol
}

/// Renders into an SVG string.
pub fn render_svg(w: u32, h: u32, draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) -> String {
    register_font();
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw(&area);
        area.present().unwrap();
    }
    out
}

/// The text contents of an SVG's `<text>` elements.
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let body = &chunk[chunk.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}
