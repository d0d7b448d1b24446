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

#[wasm_bindgen_test]
fn a_time_series_draws_its_line_on_a_real_canvas() {
    use plotters::prelude::IntoDrawingArea;
    use promboard_core::chart::{draw_time_series, Rgba, SeriesView, Theme, TimeSeriesView};
    use wasm_bindgen::JsCast;

    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(400);
    canvas.set_height(200);
    doc.body().unwrap().append_child(&canvas).unwrap();
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
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone()).unwrap();
    draw_time_series(&backend.into_drawing_area(), &view, &Theme::dark(1.0)).unwrap();
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let pixels = ctx.get_image_data(0.0, 0.0, 400.0, 200.0).unwrap().data();
    let red = pixels
        .chunks(4)
        .filter(|p| p[0] > 200 && p[1] < 80 && p[2] < 80)
        .count();
    // A 2 px line across most of a 400 px wide plot, up and down: hundreds of red pixels.
    assert!(
        red > 300,
        "only {red} red pixels: the series line was not drawn"
    );
}
