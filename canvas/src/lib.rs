//! A plotters [`DrawingBackend`] on an HTML canvas, drawing exactly what `plotters-canvas`
//! 0.3 draws, with less traffic between wasm and the canvas.
//!
//! Contract:
//! - Every operation issues the same canvas calls as `plotters_canvas::CanvasBackend` (same
//!   coordinates, colours as `rgba(r,g,b,a)`, widths, fonts, text anchors, the half-pixel shift
//!   of horizontal and vertical lines), so the pixels are identical; the app's browser tests
//!   compare both backends pixel by pixel.
//! - A path or polygon is one call: its coordinates go to `src/path.js` as a view of wasm
//!   memory and a JavaScript loop issues the `lineTo`s (a chart of 10 × 10k points makes
//!   ~30,000 of them per draw; one crossing per point was most of the draw's wasm time).
//! - Context state (stroke and fill style, line width, font, text alignment and baseline) is
//!   set only when it differs from what this backend set last: the canvas parses every colour
//!   and font string it is given. The cache assumes nobody else changes the context during the
//!   backend's life: make one backend per draw (resizing a canvas resets its context).
//! - Never panics; canvas exceptions come back as [`CanvasError`] with the browser's message.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

#[wasm_bindgen(module = "/src/path.js")]
extern "C" {
    #[wasm_bindgen(js_name = strokePath)]
    fn stroke_path(ctx: &CanvasRenderingContext2d, xy: &[i32]);
    #[wasm_bindgen(js_name = fillPath)]
    fn fill_path(ctx: &CanvasRenderingContext2d, xy: &[i32]);
}

/// A canvas call the browser refused (its message).
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas error: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn error_cast(e: JsValue) -> DrawingErrorKind<CanvasError> {
    let text = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    DrawingErrorKind::DrawingError(CanvasError(text))
}

/// What this backend last set on the context (see the module contract).
#[derive(Clone, Default)]
struct State {
    stroke: Option<BackendColor>,
    line_width: Option<u32>,
    fill: Option<BackendColor>,
    font: String,
    align: &'static str,
    baseline: &'static str,
}

/// The backend; make one per draw ([`PathCanvas::new`]).
pub struct PathCanvas {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    state: State,
    xy: Vec<i32>,
}

impl std::fmt::Debug for PathCanvas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathCanvas")
            .field("width", &self.canvas.width())
            .field("height", &self.canvas.height())
            .finish()
    }
}

fn css(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

/// Same colour and alpha (alpha compared bit for bit: the string would differ otherwise).
fn same(a: Option<BackendColor>, b: BackendColor) -> bool {
    a.is_some_and(|a| a.rgb == b.rgb && a.alpha.to_bits() == b.alpha.to_bits())
}

impl PathCanvas {
    /// The backend for `canvas`'s 2D context, or `None` when it has none.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Self {
            canvas,
            context,
            state: State::default(),
            xy: Vec::new(),
        })
    }

    fn set_stroke(&mut self, style: &impl BackendStyle) {
        let color = style.color();
        if !same(self.state.stroke, color) {
            self.context.set_stroke_style_str(&css(color));
            self.state.stroke = Some(color);
        }
        let width = style.stroke_width();
        if self.state.line_width != Some(width) {
            self.context.set_line_width(f64::from(width));
            self.state.line_width = Some(width);
        }
    }

    fn set_fill(&mut self, color: BackendColor) {
        if !same(self.state.fill, color) {
            self.context.set_fill_style_str(&css(color));
            self.state.fill = Some(color);
        }
    }

    /// `path`'s coordinates, flattened into the reused buffer.
    fn flatten(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.xy.clear();
        for (x, y) in path {
            self.xy.push(x);
            self.xy.push(y);
        }
    }

    /// A polyline stroked with `style`, or the polygon it closes filled with its colour, in
    /// one call to `src/path.js`; an invisible colour draws nothing.
    fn path<S: BackendStyle>(
        &mut self,
        path: impl IntoIterator<Item = BackendCoord>,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flatten(path);
        if fill {
            if !self.xy.is_empty() {
                self.set_fill(style.color());
            }
            fill_path(&self.context, &self.xy);
        } else {
            if !self.xy.is_empty() {
                self.set_stroke(style);
            }
            stroke_path(&self.context, &self.xy);
        }
        Ok(())
    }
}

/// plotters-canvas' half-pixel shift: a 1 px horizontal or vertical line covers one pixel row
/// or column instead of two half-covered ones.
fn fine_hor_ver_lines(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let mut from = (f64::from(from.0), f64::from(from.1));
    let mut to = (f64::from(to.0), f64::from(to.1));
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl DrawingBackend for PathCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(color);
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (from, to) = fine_hor_ver_lines(from, to);
        self.set_stroke(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0) - x;
        let h = f64::from(bottom_right.1) - y;
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.path(path, style, false)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.path(path, style, true)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.set_fill(style.color());
        } else {
            self.set_stroke(style);
        }
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::PI * 2.0,
            )
            .map_err(error_cast)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let degrees = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        // `restore` takes the context back to what it was at `save`: what this backend had set.
        let saved = (degrees != 0.0).then(|| self.state.clone());
        if saved.is_some() {
            self.context.save();
            self.context.translate(x, y).map_err(error_cast)?;
            self.context
                .rotate(degrees / 180.0 * std::f64::consts::PI)
                .map_err(error_cast)?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if self.state.baseline != baseline {
            self.context.set_text_baseline(baseline);
            self.state.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if self.state.align != align {
            self.context.set_text_align(align);
            self.state.align = align;
        }
        self.set_fill(color);
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        if self.state.font != font {
            self.context.set_font(&font);
            self.state.font = font;
        }
        let drawn = self.context.fill_text(text, x, y).map_err(error_cast);
        if let Some(saved) = saved {
            self.context.restore();
            self.state = saved;
        }
        drawn
    }
}
