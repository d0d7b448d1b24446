//! Drawing primitives shared by the charts: whole-pixel rectangles and lines, clipped
//! polylines, polygons and anchored text on a `DrawingArea<DB, Shift>`.
//!
//! Contract: inputs are device pixels relative to the area. Horizontal and vertical lines are
//! filled rectangles on whole pixels (crisp on every backend, no half-pixel blur); polylines
//! arrive clipped and rounded (`kernels::clip_polyline`), so a line never spills over axes, and
//! are borrowed for the draw, not copied.
//! Fully transparent colours and empty shapes draw nothing. Backend errors become
//! [`ChartError::Backend`].

use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

use super::{ChartError, PxRect, Rgba, Theme};

pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

pub(crate) fn backend_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Backend(e.to_string())
}

/// Fills `[x0, x1) × [y0, y1)`.
pub(crate) fn fill_rect<DB: DrawingBackend>(
    area: &Area<DB>,
    r: PxRect,
    color: Rgba,
) -> Result<(), ChartError> {
    if r.is_empty() || color.a <= 0.0 {
        return Ok(());
    }
    area.draw(&Rectangle::new(
        [(r.x0, r.y0), (r.x1, r.y1)],
        color.to_plotters().filled(),
    ))
    .map_err(backend_err)
}

/// A horizontal line `width_px` thick whose top row is `y`.
pub(crate) fn hline<DB: DrawingBackend>(
    area: &Area<DB>,
    x0: i32,
    x1: i32,
    y: i32,
    width_px: u32,
    color: Rgba,
) -> Result<(), ChartError> {
    let w = width_px.max(1) as i32;
    fill_rect(
        area,
        PxRect {
            x0,
            y0: y,
            x1,
            y1: y + w,
        },
        color,
    )
}

/// A vertical line `width_px` thick whose left column is `x`.
pub(crate) fn vline<DB: DrawingBackend>(
    area: &Area<DB>,
    x: i32,
    y0: i32,
    y1: i32,
    width_px: u32,
    color: Rgba,
) -> Result<(), ChartError> {
    let w = width_px.max(1) as i32;
    fill_rect(
        area,
        PxRect {
            x0: x,
            y0,
            x1: x + w,
            y1,
        },
        color,
    )
}

/// A polyline borrowed for one draw: plotters' `PathElement` owns its points, which would
/// cost a copy per series.
struct Polyline<'a> {
    points: &'a [(i32, i32)],
    style: ShapeStyle,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Polyline<'a> {
    type Point = &'a (i32, i32);
    type IntoIter = &'a [(i32, i32)];
    fn point_iter(self) -> &'a [(i32, i32)] {
        self.points
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Polyline<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        backend.draw_path(points, &self.style)
    }
}

/// One stroked polyline (one backend call).
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[(i32, i32)],
    color: Rgba,
    width_px: u32,
) -> Result<(), ChartError> {
    if points.is_empty() || color.a <= 0.0 {
        return Ok(());
    }
    let style = ShapeStyle {
        color: color.to_plotters(),
        filled: false,
        stroke_width: width_px.max(1),
    };
    area.draw(&Polyline { points, style }).map_err(backend_err)
}

/// One filled polygon (one backend call).
pub(crate) fn polygon<DB: DrawingBackend>(
    area: &Area<DB>,
    points: Vec<(i32, i32)>,
    color: Rgba,
) -> Result<(), ChartError> {
    if points.len() < 3 || color.a <= 0.0 {
        return Ok(());
    }
    area.draw(&Polygon::new(points, color.to_plotters().filled()))
        .map_err(backend_err)
}

/// A filled circle.
pub(crate) fn dot<DB: DrawingBackend>(
    area: &Area<DB>,
    x: i32,
    y: i32,
    radius_px: u32,
    color: Rgba,
) -> Result<(), ChartError> {
    if color.a <= 0.0 {
        return Ok(());
    }
    area.draw(&Circle::new(
        (x, y),
        radius_px.max(1),
        color.to_plotters().filled(),
    ))
    .map_err(backend_err)
}

/// Text anchored at `(x, y)` by `h`/`v`.
pub(crate) fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    theme: &Theme,
    s: &str,
    (x, y): (i32, i32),
    size_px: f64,
    color: Rgba,
    (h, v): (HPos, VPos),
) -> Result<(), ChartError> {
    if s.is_empty() || color.a <= 0.0 || size_px.is_nan() || size_px < 1.0 {
        return Ok(());
    }
    let c = color.to_plotters();
    let style = TextStyle::from((theme.font_family.as_str(), size_px).into_font())
        .color(&c)
        .pos(Pos::new(h, v));
    area.draw_text(s, &style, (x, y)).map_err(backend_err)
}

/// Text rotated a quarter turn counter-clockwise (vertical axis titles), centred on `(x, y)`.
pub(crate) fn text_vertical<DB: DrawingBackend>(
    area: &Area<DB>,
    theme: &Theme,
    s: &str,
    (x, y): (i32, i32),
    size_px: f64,
    color: Rgba,
) -> Result<(), ChartError> {
    if s.is_empty() || color.a <= 0.0 || size_px.is_nan() || size_px < 1.0 {
        return Ok(());
    }
    let c = color.to_plotters();
    let style = TextStyle::from(
        (theme.font_family.as_str(), size_px)
            .into_font()
            .transform(FontTransform::Rotate270),
    )
    .color(&c)
    .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(s, &style, (x, y)).map_err(backend_err)
}

/// Estimated width of `s` in pixels for a sans-serif font of `font_px`. Pure (no backend), so
/// the layout the app uses for hover is the layout that was drawn; 0.6 em per character is a
/// slight over-estimate for DejaVu Sans / Arial digits, which keeps labels from touching.
pub fn approx_text_width_px(s: &str, font_px: f64) -> f64 {
    s.chars().count() as f64 * font_px * 0.6
}

/// x pixel of `t_ms` in `plot` for the range `(from, to)`; the same mapping as
/// `PlotLayout::x_of_t` (from → `x0`, to → `x1 - 1`).
pub(crate) fn x_of_t_in(plot: PxRect, (from_ms, to_ms): (i64, i64), t_ms: i64) -> f64 {
    let span = (to_ms - from_ms).max(1) as f64;
    f64::from(plot.x0) + (t_ms - from_ms) as f64 / span * f64::from((plot.width() - 1).max(0))
}

/// Time grid lines inside `plot` and labels under it (heatmap, state timeline).
pub(crate) fn draw_time_axis<DB: DrawingBackend>(
    area: &Area<DB>,
    theme: &Theme,
    plot: PxRect,
    range: (i64, i64),
    tz_offset_min: i32,
    grid: bool,
) -> Result<(), ChartError> {
    let font = theme.font_px();
    let (w, _) = area.dim_in_pixel();
    let pad = theme.px(6.0).round() as i32;
    for tick in super::time_axis::auto_time_ticks(
        range.0,
        range.1,
        f64::from(plot.width()),
        font,
        tz_offset_min,
    ) {
        let x = x_of_t_in(plot, range, tick.t_ms).round() as i32;
        if grid {
            vline(area, x, plot.y0, plot.y1, theme.line_px(1.0), theme.grid)?;
        }
        let half = (approx_text_width_px(&tick.label, font) / 2.0) as i32;
        if x - half >= 0 && x + half <= w as i32 {
            text(
                area,
                theme,
                &tick.label,
                (x, plot.y1 + pad),
                font,
                theme.text_weak,
                (HPos::Center, VPos::Top),
            )?;
        }
    }
    Ok(())
}
