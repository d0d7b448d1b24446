//! Benchmark (not a test that asserts speed): decoding the 1.6 MB `query_range` answer
//! (54 series × 1,441 points) and importing the largest corpus dashboard, in headless
//! Chromium, timed with `performance.now()`. Prints median / min / max in ms and MB/s with
//! `console_log!`. Inputs are shared with the native `core/benches/decode_import.rs`.
//! Run (release):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown -p promboard --test bench_decode -- --nocapture`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::panic)] // reason: wasm_bindgen_test functions are tests; clippy does not see them as such

use promboard_core::import::ImportContext;
use promboard_core::model::load::load_dashboard;
use promboard_core::prom::decode::decode_query;
use promboard_core::prom::types::QueryData;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!("../core/benches/fixture.rs");

const RUNS: usize = 30;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn time_ms(mut f: impl FnMut()) -> Vec<f64> {
    f(); // warm-up
    (0..RUNS)
        .map(|_| {
            let start = now_ms();
            f();
            now_ms() - start
        })
        .collect()
}

#[wasm_bindgen_test]
fn bench_decode_and_import() {
    let body = query_range_body();
    let mut points = 0;
    let mut decode = time_ms(|| match decode_query(200, body.as_bytes()) {
        Ok(r) => {
            if let QueryData::Series(s) = &r.data {
                points = s.iter().map(|x| x.values.len()).sum();
            }
        }
        Err(e) => panic!("decode failed: {e}"),
    });
    assert_eq!(points, 54 * 1441, "every point decoded");
    console_log!(
        "{}",
        report("chromium decode query_range", body.len(), &mut decode)
    );

    let ctx = ImportContext {
        default_datasource: "prometheus".to_owned(),
        datasources: vec![("prometheus".to_owned(), "prometheus".to_owned())],
    };
    let mut panels = 0;
    let mut import = time_ms(
        || match load_dashboard(LARGEST_DASHBOARD.as_bytes(), &ctx) {
            Ok(imp) => panels = imp.dashboard.panels().count(),
            Err(e) => panic!("import failed: {e}"),
        },
    );
    assert!(panels > 0, "the dashboard has panels");
    console_log!(
        "{} ({panels} panels)",
        report(
            "chromium import largest corpus dashboard (haproxy.json)",
            LARGEST_DASHBOARD.len(),
            &mut import
        )
    );
}
