//! Browser tests: the app's browser edge (history, fetch, canvas) in headless Chromium via
//! wasm-bindgen-test. Run by scripts/test.sh with wasm-bindgen-test-runner + chromedriver.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::panic)] // reason: wasm_bindgen_test functions are tests; clippy does not see them as such

use promboard::browser;
use promboard::fetch::{self, FetchError, Outgoing};
use promboard_core::urlstate::{Page, UrlState};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn url_state_survives_the_real_history_api() {
    let state = UrlState {
        page: Page::Dashboard("integration destinations".into()),
        from: Some("now-1h".into()),
        vars: vec![(
            "destination".into(),
            vec!["s3".into(), "elastic search".into()],
        )],
        kiosk: true,
        ..UrlState::default()
    };
    browser::push_query(&state.to_query(), false);
    assert_eq!(UrlState::parse(&browser::location_search()), state);
    browser::push_query("", true);
    assert_eq!(
        UrlState::parse(&browser::location_search()),
        UrlState::default()
    );
}

#[wasm_bindgen_test]
async fn a_missing_static_file_is_a_404_not_a_network_error() {
    let fetched = fetch::get_static("no-such-file-promboard.json")
        .await
        .unwrap();
    assert_eq!(fetched.status, 404);
}

#[wasm_bindgen_test]
async fn an_unreachable_datasource_is_told_apart_from_an_http_error() {
    let err = fetch::send(
        Outgoing {
            url: "http://127.0.0.1:1/api/v1/query?query=up",
            form_body: None,
            json_body: None,
            headers: &[("Authorization".into(), "Bearer canary-5d1e".into())],
            timeout_ms: 5_000,
        },
        None,
    )
    .await
    .unwrap_err();
    match &err {
        FetchError::Unreachable { url } => assert_eq!(url, "http://127.0.0.1:1/api/v1/query"),
        other => panic!("expected Unreachable, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("did not answer, or did not allow this origin (CORS)"),
        "{text}"
    );
    assert!(
        !text.contains("canary-5d1e"),
        "a header value leaked into the error text"
    );
}

#[wasm_bindgen_test]
async fn a_cancelled_request_reports_cancelled() {
    let ctrl = web_sys::AbortController::new().unwrap();
    ctrl.abort();
    let err = fetch::send(
        Outgoing {
            url: "no-such-file.json",
            form_body: None,
            json_body: None,
            headers: &[],
            timeout_ms: 5_000,
        },
        Some(&ctrl),
    )
    .await
    .unwrap_err();
    assert_eq!(err, FetchError::Cancelled);
}

fn new_canvas(w: u32, h: u32) -> web_sys::HtmlCanvasElement {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(w);
    canvas.set_height(h);
    doc.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

fn pixels(canvas: &web_sys::HtmlCanvasElement) -> Vec<u8> {
    use wasm_bindgen::JsCast;
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.get_image_data(0.0, 0.0, w, h).unwrap().data().0
}

#[wasm_bindgen_test]
fn a_time_series_draws_its_line_on_a_real_canvas() {
    use plotters::prelude::IntoDrawingArea;
    use promboard_core::chart::{draw_time_series, Rgba, SeriesView, Theme, TimeSeriesView};

    let canvas = new_canvas(400, 200);
    let mut series = SeriesView::line(
        "a",
        Rgba::rgb(255, 0, 0),
        vec![0i64, 1000, 2000],
        vec![0.0, 1.0, 0.0],
    );
    series.line_width = 2.0;
    let view = TimeSeriesView {
        series: vec![series],
        x_range_ms: (0, 2000),
        step_ms: 1000,
        ..TimeSeriesView::default()
    };
    let backend = promboard_canvas::PathCanvas::new(canvas.clone()).unwrap();
    draw_time_series(&backend.into_drawing_area(), &view, &Theme::dark(1.0)).unwrap();
    let red = pixels(&canvas)
        .chunks(4)
        .filter(|p| p[0] > 200 && p[1] < 80 && p[2] < 80)
        .count();
    // A 2 px line across most of a 400 px wide plot, up and down: hundreds of red pixels.
    assert!(
        red > 300,
        "only {red} red pixels: the series line was not drawn"
    );
}

/// The app's canvas backend (one call per path, context state cached) draws the same pixels
/// as plotters-canvas: lines with a gap, an area fill, points, threshold lines and areas, axis
/// labels, rotated axis titles on two axes, and a gauge (arcs as polygons, large text), at
/// device pixel ratio 2.
#[wasm_bindgen_test]
fn path_canvas_draws_the_pixels_of_plotters_canvas() {
    use plotters::prelude::IntoDrawingArea;
    use promboard_core::chart::{
        draw_gauge, draw_time_series, AxisSide, AxisSpec, DrawStyle, GaugeView, Rgba, SeriesView,
        Theme, ThresholdStep, ThresholdsStyle, TimeSeriesView,
    };

    let t: Vec<i64> = (0..300).map(|i| i * 15_000).collect();
    let wave: Vec<f64> = (0..300)
        .map(|i| {
            if (120..140).contains(&i) {
                f64::NAN
            } else {
                50.0 + 40.0 * (f64::from(i) / 20.0).sin()
            }
        })
        .collect();
    let mut line = SeriesView::line("wave", Rgba::rgb(115, 191, 105), t.clone(), wave.clone());
    line.fill_opacity = 0.2;
    let mut dots = SeriesView::line(
        "dots",
        Rgba::rgb(242, 204, 12),
        t.clone(),
        wave.iter().map(|v| 100.0 - v).collect::<Vec<_>>(),
    );
    dots.draw_style = DrawStyle::Points;
    dots.point_size = 4.0;
    dots.axis = AxisSide::Right;
    // Axis titles are rotated text (save / rotate / restore), drawn between the two axes' ticks.
    let titled = |label: &str| AxisSpec {
        label: Some(label.into()),
        ..AxisSpec::default()
    };
    let view = TimeSeriesView {
        series: vec![line, dots],
        y: titled("wave (ops/s)"),
        right_axis: Some(titled("dots")),
        x_range_ms: (0, 299 * 15_000),
        step_ms: 15_000,
        thresholds: vec![
            ThresholdStep {
                value: None,
                color: Rgba::rgb(115, 191, 105),
            },
            ThresholdStep {
                value: Some(80.0),
                color: Rgba::rgb(242, 73, 92),
            },
        ],
        thresholds_style: ThresholdsStyle::LineAndArea,
        ..TimeSeriesView::default()
    };
    let gauge = GaugeView {
        value: 73.0,
        min: 0.0,
        max: 100.0,
        thresholds: vec![
            ThresholdStep {
                value: None,
                color: Rgba::rgb(115, 191, 105),
            },
            ThresholdStep {
                value: Some(70.0),
                color: Rgba::rgb(255, 152, 48),
            },
        ],
        value_text: "73 %".into(),
        color: Rgba::rgb(255, 152, 48),
        show_threshold_markers: true,
    };
    let theme = Theme::dark(2.0);
    let draw = |ours: bool| {
        let a = new_canvas(1200, 500);
        let b = new_canvas(500, 400);
        if ours {
            let area = promboard_canvas::PathCanvas::new(a.clone())
                .unwrap()
                .into_drawing_area();
            draw_time_series(&area, &view, &theme).unwrap();
            let area = promboard_canvas::PathCanvas::new(b.clone())
                .unwrap()
                .into_drawing_area();
            draw_gauge(&area, &gauge, &theme).unwrap();
        } else {
            let area = plotters_canvas::CanvasBackend::with_canvas_object(a.clone())
                .unwrap()
                .into_drawing_area();
            draw_time_series(&area, &view, &theme).unwrap();
            let area = plotters_canvas::CanvasBackend::with_canvas_object(b.clone())
                .unwrap()
                .into_drawing_area();
            draw_gauge(&area, &gauge, &theme).unwrap();
        }
        (pixels(&a), pixels(&b))
    };
    let (ours, reference) = (draw(true), draw(false));
    let differing =
        |x: &[u8], y: &[u8]| x.chunks(4).zip(y.chunks(4)).filter(|(p, q)| p != q).count();
    let coloured = reference
        .0
        .chunks(4)
        .filter(|p| p[3] > 0 && p[..3] != [0, 0, 0])
        .count();
    assert!(
        coloured > 10_000,
        "the reference drew only {coloured} pixels"
    );
    assert_eq!(
        differing(&ours.0, &reference.0),
        0,
        "time series pixels differ"
    );
    assert_eq!(differing(&ours.1, &reference.1), 0, "gauge pixels differ");
}
