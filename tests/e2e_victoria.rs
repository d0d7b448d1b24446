//! End-to-end compatibility: the built app (`dist/`) in headless Chromium against
//! VictoriaMetrics (Debian's `victoria-metrics`) holding the rig's deterministic history,
//! through the unchanged Prometheus-API client.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests

mod support;

use std::time::{Duration, Instant};

use promboard_rig::victoria::Victoria;
use promboard_rig::{Rig, RigOptions, FIXED_END_S, HISTORY_H};
use support::Harness;

/// The deterministic range the test opens: the last hour of history.
fn range_query() -> String {
    format!(
        "from={}&to={}",
        (FIXED_END_S - 3600) * 1000,
        FIXED_END_S * 1000
    )
}

/// The harness with every datasource pointed at VictoriaMetrics. Fields drop in order, so
/// VictoriaMetrics (in the rig's directory) is killed before the rig removes that directory,
/// also on panic.
struct VmHarness {
    vm: Victoria,
    h: Harness,
}

async fn start() -> VmHarness {
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
    let h = Harness::with_rig(rig, "/", &vm.url()).await;
    VmHarness { vm, h }
}

/// `panel (title) is STATE: message` for every panel that is not `ok`.
async fn failures(h: &Harness, states: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (panel, state) in states {
        if state != "ok" {
            let reason = h
                .eval(&format!(
                    "const e = document.querySelector('[data-panel-id=\"{}\"] .panel-message'); return e ? e.textContent : '';",
                    panel.split(' ').next().unwrap_or_default()
                ))
                .await;
            out.push(format!("panel {panel} is {state}: {reason}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_dashboard_draws_from_victoriametrics() {
    let t = start().await;
    let (h, vm) = (&t.h, &t.vm);
    // The page really talks to VictoriaMetrics: its datasource URL is VM's.
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&{}", range_query())))
        .await
        .unwrap();
    let states = h.settle(9, Duration::from_secs(60)).await;
    let shot = h.screenshot("victoria-integration-destinations").await;
    let failures = failures(h, &states).await;
    assert!(
        failures.is_empty(),
        "against VictoriaMetrics ({}):\n{}\nscreenshot {}",
        vm.url(),
        failures.join("\n"),
        shot.display()
    );

    h.assert_integration_destinations_values(&shot).await;
    let VmHarness { vm, h } = t;
    drop(vm);
    h.close().await;
}

/// Every seed dashboard (query variables, label values, long POSTed queries) against
/// VictoriaMetrics: every panel reaches `ok`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_seed_dashboard_renders_from_victoriametrics() {
    let t = start().await;
    let (h, vm) = (&t.h, &t.vm);
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(support::repo_dir().join("public/config.json")).unwrap(),
    )
    .unwrap();
    let files: Vec<String> = config["dashboards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect();
    assert!(files.len() >= 8, "{files:?}");
    let mut all = Vec::new();
    for file in &files {
        let uid = file
            .trim_start_matches("dashboards/")
            .trim_end_matches(".json");
        h.client
            .goto(&h.url(&format!("?d={uid}&{}", range_query())))
            .await
            .unwrap();
        let states = h.settle(1, Duration::from_secs(60)).await;
        let shot = h.screenshot(&format!("victoria-{uid}")).await;
        for f in failures(h, &states).await {
            all.push(format!("{uid}: {f} ({})", shot.display()));
        }
    }
    assert!(
        all.is_empty(),
        "against VictoriaMetrics ({}):\n{}",
        vm.url(),
        all.join("\n")
    );
    let VmHarness { vm, h } = t;
    drop(vm);
    h.close().await;
}
