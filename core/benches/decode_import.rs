//! Benchmark (not a test): decoding a 1.6 MB `query_range` answer (54 series × 1,441 points)
//! and importing the largest corpus dashboard, natively. Prints median / min / max in ms and
//! MB/s. Run: `cargo bench -p promboard-core --bench decode_import`.
#![allow(
    clippy::print_stdout,
    clippy::panic,
    reason = "a benchmark prints its numbers and stops on broken input"
)]

use std::time::Instant;

use promboard_core::import::ImportContext;
use promboard_core::model::load::load_dashboard;
use promboard_core::prom::decode::decode_query;
use promboard_core::prom::types::QueryData;

include!("fixture.rs");

const RUNS: usize = 30;

fn time_ms(mut f: impl FnMut()) -> Vec<f64> {
    f(); // warm-up
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn main() {
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
    println!("{}", report("decode query_range", body.len(), &mut decode));

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
    println!(
        "{} ({panels} panels)",
        report(
            "import largest corpus dashboard (haproxy.json)",
            LARGEST_DASHBOARD.len(),
            &mut import
        )
    );
}
