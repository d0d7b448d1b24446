//! Decimation identity and draw cost: the decimated picture must equal the full one, and the
//! cost must follow the width, not the point count.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

#[path = "chart_support.rs"]
mod support;

use std::time::Instant;

use promboard_core::chart::{draw_time_series, AxisSpec, Rgba, SeriesView, Theme, TimeSeriesView};

const FROM: i64 = 1_699_999_200_000;
const HOUR: i64 = 3_600_000;

fn noisy(n: usize, seed: u64) -> Vec<f64> {
    // xorshift noise on a slow wave: many distinct extremes per pixel column.
    let mut x = seed | 1;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (i as f64 / n as f64 * 12.0).sin() * 40.0 + 50.0 + (x % 1000) as f64 / 1000.0 * 20.0
                - 10.0
        })
        .collect()
}

fn render(view: &TimeSeriesView, dpr: f64) -> Vec<u8> {
    support::render_bitmap(800, 300, |area| {
        draw_time_series(area, view, &Theme::dark(dpr)).unwrap();
    })
}

fn differing_pixels(a: &[u8], b: &[u8]) -> usize {
    a.chunks(3).zip(b.chunks(3)).filter(|(x, y)| x != y).count()
}

#[test]
fn decimated_picture_is_identical() {
    let n = 100_000;
    let step = HOUR / n as i64;
    let t: Vec<i64> = (0..n as i64).map(|i| FROM + i * step).collect();
    let mut v = noisy(n, 7);
    v[30_000] = f64::NAN; // a gap must survive too
    let color = Rgba::rgb(0x73, 0xbf, 0x69);
    // A 1 px line alone, and over a translucent fill. (Wider lines are not compared here:
    // plotters' bitmap backend turns a whole wide polyline into one self-intersecting polygon,
    // which a canvas never does; see the report.)
    for (line_width, fill) in [(1.0, 0.0), (1.0, 0.3)] {
        let mut s = SeriesView::line("dense", color, &t[..], &v[..]);
        s.line_width = line_width;
        s.fill_opacity = fill;
        let mut view = TimeSeriesView {
            series: vec![s],
            x_range_ms: (FROM, FROM + HOUR),
            step_ms: step,
            y: AxisSpec {
                min: Some(0.0),
                max: Some(100.0),
                ..Default::default()
            },
            decimate: false,
            ..Default::default()
        };
        let full = render(&view, 1.0);
        view.decimate = true;
        let dec = render(&view, 1.0);
        let diff = differing_pixels(&full, &dec);
        let total = 800 * 300;
        println!("line width {line_width}, fill {fill}: {diff} of {total} pixels differ");
        if fill == 0.0 {
            assert_eq!(diff, 0, "1 px lines must be pixel-identical");
        } else {
            assert!(
                (diff as f64) < total as f64 * 0.001,
                "{diff} pixels differ (≥ 0.1%)"
            );
        }
    }
}

/// The benchmark shapes into 800×300 (bitmap backend, so only a relative guard here:
/// the browser timing against uPlot is the rig's job). Printed for the report.
#[test]
fn draw_cost_follows_width() {
    let color = Rgba::rgb(0x73, 0xbf, 0x69);
    let mut timings = Vec::new();
    for (series, points) in [(1usize, 100_000usize), (10, 10_000), (100, 1_000)] {
        let step = HOUR / points as i64;
        let t: Vec<i64> = (0..points as i64).map(|i| FROM + i * step).collect();
        let data: Vec<Vec<f64>> = (0..series).map(|k| noisy(points, k as u64 + 3)).collect();
        let view = TimeSeriesView {
            series: data
                .iter()
                .map(|v| SeriesView::line("s", color, &t[..], &v[..]))
                .collect(),
            x_range_ms: (FROM, FROM + HOUR),
            step_ms: step,
            decimate: true,
            ..Default::default()
        };
        render(&view, 1.0); // warm-up
        let start = Instant::now();
        let runs = 5;
        for _ in 0..runs {
            render(&view, 1.0);
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!(
            "{series}×{points}: {ms:.2} ms per draw (bitmap, debug={})",
            cfg!(debug_assertions)
        );
        timings.push(ms);
    }
    // 1×100k decimates to ~4 points per pixel: it must not cost much more than 100×1k, which
    // strokes all of its 100k points.
    assert!(timings[0] < timings[2] * 2.0, "{timings:?}");
}
