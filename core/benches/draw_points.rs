//! Benchmark (not a test): the per-point cost of drawing a time series natively — 1 × 100k,
//! 10 × 10k and 100 × 1k points into an 800 × 300 bitmap with `chart::draw_time_series` (the
//! browser comparison with uPlot is `scripts/bench.sh`; this isolates the Rust side, with the
//! release profile's opt-level). Prints median / min / max in ms and ns per point, twice: into
//! a bitmap (plotters rasterises) and into a backend that only reads the coordinates it is
//! given (the chart code alone, which is what the browser runs as wasm before the canvas).
//! Run: `cargo bench -p promboard-core --bench draw_points [-- chart-code-only]`.
#![allow(
    clippy::print_stdout,
    clippy::panic,
    reason = "a benchmark prints its numbers and stops on broken input"
)]

use std::borrow::Cow;
use std::time::Instant;

use plotters::prelude::{BitMapBackend, DrawingBackend, IntoDrawingArea};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use promboard_core::chart::{draw_time_series, Rgba, SeriesView, Theme, TimeSeriesView};

const RUNS: usize = 30;
const END_MS: i64 = 1_767_225_600_000;
const SPAN_MS: i64 = 6 * 3600 * 1000;

/// The bench page's data (bench/web/draw.js): a slow wave per series plus LCG noise.
fn generate(n_series: usize, n_points: usize) -> (Vec<i64>, Vec<Vec<f64>>) {
    let step = SPAN_MS as f64 / (n_points.max(2) - 1) as f64;
    let t = (0..n_points)
        .map(|j| (END_MS - SPAN_MS) + (j as f64 * step).round() as i64)
        .collect();
    let mut seed: u64 = 12345;
    let mut rnd = || {
        seed = (seed * 1_103_515_245 + 12345) % 2_147_483_648;
        seed as f64 / 2_147_483_648.0
    };
    let values = (0..n_series)
        .map(|s| {
            (0..n_points)
                .map(|j| {
                    50.0 + 30.0 * (j as f64 / n_points as f64 * 12.0 + s as f64).sin()
                        + 10.0 * rnd()
                        + s as f64
                })
                .collect()
        })
        .collect();
    (t, values)
}

/// Reads every coordinate it is given and draws nothing.
#[derive(Default)]
struct NullBackend {
    sum: i64,
}

impl DrawingBackend for NullBackend {
    type ErrorType = std::convert::Infallible;

    fn get_size(&self) -> (u32, u32) {
        (800, 300)
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        _: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.sum += i64::from(p.0 + p.1);
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        _: &S,
        _: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.sum += i64::from(a.0 + b.1);
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.sum += path.into_iter().map(|p| i64::from(p.0 + p.1)).sum::<i64>();
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.draw_path(path, style)
    }
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        _: &TStyle,
        p: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.sum += i64::from(p.0) + text.len() as i64;
        Ok(())
    }
}

/// Median, min and max of `RUNS` timed calls of `draw` after one warm-up call.
fn time(mut draw: impl FnMut()) -> (f64, f64, f64) {
    draw();
    let mut ms: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            draw();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[RUNS / 2], ms[0], ms[RUNS - 1])
}

fn main() {
    // `-- chart-code-only` skips the bitmap timings (for profiling the chart code alone).
    let only_chart_code = std::env::args().any(|a| a == "chart-code-only");
    // Axis labels need a font (as in core/tests/chart_support.rs).
    let font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    let bytes = std::fs::read(font)
        .unwrap_or_else(|e| panic!("{font}: {e} (install Debian's fonts-dejavu-core)"));
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    if plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, bytes)
        .is_err()
    {
        panic!("{font} is not a usable TrueType font");
    }
    for (n_series, n_points) in [(1usize, 100_000usize), (10, 10_000), (100, 1_000)] {
        let (t, values) = generate(n_series, n_points);
        let series = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                SeriesView::line(
                    format!("series {i}"),
                    Rgba::rgb(126, 178, 109),
                    Cow::Borrowed(&t[..]),
                    Cow::Borrowed(&v[..]),
                )
            })
            .collect();
        let view = TimeSeriesView {
            series,
            x_range_ms: (END_MS - SPAN_MS, END_MS),
            step_ms: SPAN_MS / (n_points as i64 - 1),
            decimate: true,
            ..TimeSeriesView::default()
        };
        let theme = Theme::dark(1.0);
        let mut buf = vec![0u8; 800 * 300 * 3];
        let bitmap = time(|| {
            if only_chart_code {
                return;
            }
            let area = BitMapBackend::with_buffer(&mut buf, (800, 300)).into_drawing_area();
            if let Err(e) = draw_time_series(&area, &view, &theme) {
                panic!("draw: {e}");
            }
        });
        let null = time(|| {
            let area = NullBackend::default().into_drawing_area();
            if let Err(e) = draw_time_series(&area, &view, &theme) {
                panic!("draw: {e}");
            }
            std::hint::black_box(area);
        });
        let points = (n_series * n_points) as f64;
        let rows = [("bitmap", bitmap), ("chart code only", null)];
        for (what, (med, min, max)) in rows.into_iter().skip(usize::from(only_chart_code)) {
            println!(
                "{n_series} × {n_points}, {what}: {med:.2} ms ({min:.2}–{max:.2}), {:.1} ns per point",
                med * 1e6 / points
            );
        }
    }
}
