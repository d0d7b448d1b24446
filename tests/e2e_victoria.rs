//! End-to-end compatibility: the built app (`dist/`) in headless Chromium against
//! VictoriaMetrics (Debian's `victoria-metrics`) holding the rig's deterministic history,
//! through the unchanged Prometheus-API client.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests

mod support;

use std::time::{Duration, Instant};

use promboard_rig::victoria::Victoria;
use promboard_rig::{Rig, RigOptions, FIXED_END_S, HISTORY_H};
use promboard_workload::{lookup, Stack};
use support::Harness;

/// The deterministic range the test opens: the last hour of history.
fn range_query() -> String {
    format!(
        "from={}&to={}",
        (FIXED_END_S - 3600) * 1000,
        FIXED_END_S * 1000
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_dashboard_draws_from_victoriametrics() {
    // `h` is declared first so that it drops last: VictoriaMetrics (in the rig's directory)
    // is killed before the rig removes that directory, also on panic.
    let h: Harness;
    let rig = Rig::start(RigOptions::default()).unwrap();
    let t0 = Instant::now();
    let vm = Victoria::start(
        &rig.dir,
        rig.anchor_s,
        rig.history_end_s - HISTORY_H * 3600,
        rig.history_end_s,
        &rig.instance,
    )
    .unwrap();
    eprintln!(
        "victoria-metrics {} holds {} samples (import took {:?})",
        vm.url(),
        vm.samples,
        t0.elapsed()
    );
    h = Harness::with_rig(rig, "/", &vm.url()).await;

    // The page really talks to VictoriaMetrics: its datasource URL is VM's.
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&{}", range_query())))
        .await
        .unwrap();
    let states = h.settle(9, Duration::from_secs(60)).await;
    let shot = h.screenshot("victoria-integration-destinations").await;
    let mut failures = Vec::new();
    for (panel, state) in &states {
        if state != "ok" {
            let reason = h
                .eval(&format!(
                    "const e = document.querySelector('[data-panel-id=\"{}\"] .panel-message'); return e ? e.textContent : '';",
                    panel.split(' ').next().unwrap_or_default()
                ))
                .await;
            failures.push(format!("panel {panel} is {state}: {reason}"));
        }
    }
    assert!(
        failures.is_empty(),
        "against VictoriaMetrics ({}):\n{}\nscreenshot {}",
        vm.url(),
        failures.join("\n"),
        shot.display()
    );

    // "Active CC-Pair syncs" = sum(cc_pair_active_syncs), lastNotNull, 0 decimals, at the
    // range's end: the same exact model value Prometheus shows (tests/e2e.rs).
    let anchor = FIXED_END_S - HISTORY_H * 3600;
    let expected = lookup(
        Some(Stack::Integration),
        anchor,
        FIXED_END_S as f64,
        "cc_pair_active_syncs",
        &[],
    )
    .expect("the model has cc_pair_active_syncs");
    let shown = h
        .eval("return document.querySelector('[data-panel-id=\"2\"] [data-value]').dataset.value;")
        .await;
    assert_eq!(
        shown.as_str(),
        Some(format!("{}", expected.round()).as_str()),
        "screenshot {}",
        shot.display()
    );

    // Destination health maps 1 → "Healthy" for every destination at the end instant.
    let health = h
        .eval("return [...document.querySelectorAll('[data-panel-id=\"1\"] [data-value]')].map(e => e.dataset.value);")
        .await;
    let health: Vec<&str> = health
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(health.len(), 4, "{health:?}");
    assert!(health.iter().all(|v| *v == "Healthy"), "{health:?}");
    drop(vm);
    h.close().await;
}
