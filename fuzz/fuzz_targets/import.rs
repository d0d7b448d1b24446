//! Grafana importer / dashboard loader: any bytes → `Ok(Imported)` or a `LoadError`, never a
//! panic. When a dashboard loads, its layout is expanded too (repeats, ids) as the app does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::import::ImportContext;
use promboard_core::model::load::load_dashboard;

fuzz_target!(|data: &[u8]| {
    let ctx = ImportContext {
        default_datasource: "Prometheus".into(),
        datasources: vec![("Prometheus".into(), "prom-uid".into())],
    };
    let _ = load_dashboard(data, &ctx);
});
