//! Bench-only wasm module: draws given time series on a `<canvas>` with promboard's own chart
//! code (`promboard_core::chart::draw_time_series` on promboard-canvas, the path
//! `src/ui/canvas.rs` takes for a time-series panel), so `promboard-bench` can time it against
//! uPlot on identical data in the same page.
//!
//! Contract: `prepare` copies the data into the module once (the app's data already lives in
//! wasm memory after decoding, so copying is not part of a draw); `draw` draws everything
//! prepared (background, grid, axes, one 1 px line per series, decimated per pixel column as
//! in the app) on the canvas with that id at its current size, and returns the milliseconds
//! it took; errors are returned as strings, never thrown as panics. Built with the `baseline`
//! feature, `draw` only clears the canvas: the module then carries the same data path without
//! the chart code, and the size difference is what the chart code adds.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The data `prepare` stored: shared times (ms) and one value column per series.
#[derive(Default)]
struct Data {
    t_ms: Vec<i64>,
    series: Vec<Vec<f64>>,
}

thread_local! {
    static DATA: RefCell<Data> = RefCell::new(Data::default());
}

/// Grafana's classic palette (first ten), the colours the bench page gives uPlot too.
pub const COLORS: [&str; 10] = [
    "#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
    "#508642", "#CCA300",
];

/// Stores `n_series` series over the shared times `t_ms` (ms since the epoch); `values` holds
/// the series one after the other (`n_series × t_ms.len()` numbers).
#[wasm_bindgen]
pub fn prepare(t_ms: &[f64], values: &[f64], n_series: usize) -> Result<(), JsValue> {
    let n = t_ms.len();
    if n_series == 0 || values.len() != n * n_series {
        return Err(JsValue::from_str(&format!(
            "prepare: {} values for {n_series} series of {n} points",
            values.len()
        )));
    }
    DATA.with(|d| {
        let mut d = d.borrow_mut();
        d.t_ms = t_ms.iter().map(|t| *t as i64).collect();
        d.series = values.chunks(n).map(<[f64]>::to_vec).collect();
    });
    Ok(())
}

fn canvas(id: &str) -> Result<web_sys::HtmlCanvasElement, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .ok_or_else(|| JsValue::from_str(&format!("no element #{id}")))?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not a canvas")))
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Draws the prepared data on canvas `#canvas_id`; returns the elapsed milliseconds.
#[wasm_bindgen]
pub fn draw(canvas_id: &str) -> Result<f64, JsValue> {
    let canvas = canvas(canvas_id)?;
    let start = now_ms();
    DATA.with(|d| draw_data(&canvas, &d.borrow()))?;
    Ok(now_ms() - start)
}

#[cfg(not(feature = "baseline"))]
fn draw_data(canvas: &web_sys::HtmlCanvasElement, data: &Data) -> Result<(), JsValue> {
    use plotters::prelude::IntoDrawingArea;
    use promboard_core::chart::{draw_time_series, Rgba, SeriesView, Theme, TimeSeriesView};
    use std::borrow::Cow;

    let (Some(&first), Some(&last)) = (data.t_ms.first(), data.t_ms.last()) else {
        return Err(JsValue::from_str("draw: nothing prepared"));
    };
    let step_ms = if data.t_ms.len() > 1 {
        (last - first) / (data.t_ms.len() as i64 - 1)
    } else {
        0
    };
    let series = data
        .series
        .iter()
        .enumerate()
        .map(|(i, values)| {
            let color =
                Rgba::from_hex(COLORS[i % COLORS.len()]).unwrap_or(Rgba::rgb(128, 128, 128));
            SeriesView::line(
                format!("series {i}"),
                color,
                Cow::Borrowed(&data.t_ms[..]),
                Cow::Borrowed(&values[..]),
            )
        })
        .collect();
    let view = TimeSeriesView {
        series,
        x_range_ms: (first, last.max(first + 1)),
        step_ms,
        decimate: true,
        ..TimeSeriesView::default()
    };
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let theme = Theme::dark(dpr);
    let backend = promboard_canvas::PathCanvas::new(canvas.clone())
        .ok_or_else(|| JsValue::from_str("draw: no 2d context"))?;
    let area = backend.into_drawing_area();
    draw_time_series(&area, &view, &theme)
        .map(|_| ())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[cfg(feature = "baseline")]
fn draw_data(canvas: &web_sys::HtmlCanvasElement, data: &Data) -> Result<(), JsValue> {
    // Touches the data so it is not optimised away, and clears the canvas.
    let n: usize = data.series.iter().map(Vec::len).sum::<usize>() + data.t_ms.len();
    canvas.set_width(canvas.width());
    if n == 0 {
        return Err(JsValue::from_str("draw: nothing prepared"));
    }
    Ok(())
}
