//! End-to-end: the built app (`dist/`) in headless Chromium against a real Prometheus (the
//! rig, deterministic history), as a user opens it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use promboard_rig::{RigOptions, FIXED_END_S};
use promboard_workload::{lookup, Stack};
use support::Harness;

/// The deterministic range the tests open: the last hour of history.
fn range_query() -> String {
    format!(
        "from={}&to={}",
        (FIXED_END_S - 3600) * 1000,
        FIXED_END_S * 1000
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_dashboard_loads_and_a_stat_shows_the_exact_value() {
    let h = Harness::start(RigOptions::default(), "/").await;
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&{}", range_query())))
        .await
        .unwrap();
    let states = h.settle(7, Duration::from_secs(60)).await;
    let shot = h.screenshot("integration-destinations").await;
    let not_ok: Vec<_> = states.iter().filter(|(_, s)| s != "ok").collect();
    assert!(
        not_ok.is_empty(),
        "panels not ok: {not_ok:?} (screenshot {})",
        shot.display()
    );

    h.assert_integration_destinations_values(&shot).await;
    h.close().await;
}

/// Every seed dashboard (issue: the five stacks on promboard): every panel reaches `ok`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_seed_dashboard_renders_every_panel_ok() {
    let h = Harness::start(RigOptions::default(), "/").await;
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
    let mut failures = Vec::new();
    for file in &files {
        let uid = file
            .trim_start_matches("dashboards/")
            .trim_end_matches(".json");
        h.client
            .goto(&h.url(&format!("?d={uid}&{}", range_query())))
            .await
            .unwrap();
        let states = h.settle(1, Duration::from_secs(60)).await;
        let shot = h.screenshot(uid).await;
        for (panel, state) in states {
            if state != "ok" {
                let reason = h
                    .eval(&format!(
                        "const e = document.querySelector('[data-panel-id=\"{}\"] .panel-message'); return e ? e.textContent : '';",
                        panel.split(' ').next().unwrap_or_default()
                    ))
                    .await;
                failures.push(format!(
                    "{uid}: panel {panel} is {state}: {reason} ({})",
                    shot.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    h.close().await;
}

/// `#rrggbb` as the browser reports a computed colour.
fn css_rgb(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or_default();
    format!("rgb({}, {}, {})", c(0), c(2), c(4))
}

/// Each seed dashboard shows at least one threshold-coloured value that equals what the
/// deterministic data implies: the model's value at the range's end, the dashboard's unit and
/// decimals, and the colour of the threshold step (or mapping) that value falls in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_dashboard_shows_a_threshold_coloured_value_the_data_implies() {
    use promboard_core::eval::colors::{resolve, Theme};
    use promboard_core::eval::units::{format, TimeContext};

    let anchor = FIXED_END_S - promboard_rig::HISTORY_H * 3600;
    let t = FIXED_END_S as f64;
    let sum = |stack: Stack, name: &str| -> f64 {
        promboard_workload::select(Some(stack), anchor, t, name, &[])
            .iter()
            .map(|s| s.value)
            .sum()
    };
    let short0 = |v: f64| {
        format(
            Some("short"),
            v,
            Some(0),
            &TimeContext {
                now_ms: t as i64 * 1000,
                tz_offset_min: 0,
            },
        )
        .to_string()
    };
    // (dashboard, panel id, expected text, threshold colour name)
    let pg_up = lookup(Some(Stack::Magacin), anchor, t, "pg_up", &[]).unwrap();
    let ml_queue = sum(Stack::Spheroseg, "spheroseg_ml_queue_size");
    let clients = sum(Stack::Muejam, "redis_connected_clients");
    let cache_size = sum(Stack::Anivault, "anivault_cache_size");
    let syncs = sum(Stack::Integration, "cc_pair_active_syncs");
    let secs = |v: f64, decimals: u32| {
        format(
            Some("s"),
            v,
            Some(decimals),
            &TimeContext {
                now_ms: t as i64 * 1000,
                tz_offset_min: 0,
            },
        )
        .to_string()
    };
    let max = |stack: Stack, name: &str| -> f64 {
        promboard_workload::select(Some(stack), anchor, t, name, &[])
            .iter()
            .map(|s| s.value)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let db_lag = max(Stack::Muejam, "db_replication_lag_seconds");
    let seg_lag = max(Stack::Spheroseg, "spheroseg_db_replication_lag_seconds");
    let cases: Vec<(&str, u32, String, &str)> = vec![
        (
            "magacin-overview",
            4,
            if pg_up == 1.0 {
                "UP".into()
            } else {
                "DOWN".into()
            },
            if pg_up == 1.0 { "green" } else { "red" },
        ),
        (
            "spheroseg-application",
            5,
            short0(ml_queue),
            if ml_queue >= 100.0 {
                "red"
            } else if ml_queue >= 50.0 {
                "orange"
            } else {
                "green"
            },
        ),
        (
            "muejam-cache",
            11,
            short0(clients),
            if clients >= 1000.0 { "orange" } else { "green" },
        ),
        ("anivault", 6, short0(cache_size), "blue"),
        (
            "integration-cc-pair-sync",
            3,
            short0(syncs),
            if syncs >= 10.0 { "red" } else { "green" },
        ),
        (
            "integration-destinations",
            2,
            short0(syncs),
            if syncs >= 10.0 { "red" } else { "green" },
        ),
        (
            "muejam-database",
            6,
            secs(db_lag, 1),
            if db_lag >= 30.0 {
                "red"
            } else if db_lag >= 5.0 {
                "orange"
            } else {
                "green"
            },
        ),
        (
            "spheroseg-infrastructure",
            7,
            secs(seg_lag, 2),
            if seg_lag >= 5.0 { "red" } else { "green" },
        ),
    ];
    let h = Harness::start(RigOptions::default(), "/").await;
    let mut failures = Vec::new();
    for (uid, panel, text, color) in &cases {
        h.client
            .goto(&h.url(&format!("?d={uid}&{}", range_query())))
            .await
            .unwrap();
        h.settle(1, Duration::from_secs(60)).await;
        let got = h
            .eval(&format!(
                "const v = document.querySelector('[data-panel-id=\"{panel}\"] [data-value]');
                 if (!v) return null;
                 const s = v.closest('.stat');
                 const bg = s && s.classList.contains('bg');
                 return [v.dataset.value, getComputedStyle(bg ? s : v)[bg ? 'backgroundColor' : 'color']];"
            ))
            .await;
        let want = (text.clone(), css_rgb(&resolve(color, Theme::Dark)));
        let got = (
            got[0].as_str().unwrap_or_default().to_owned(),
            got[1].as_str().unwrap_or_default().to_owned(),
        );
        if got != want {
            let shot = h.screenshot(&format!("value-{uid}")).await;
            failures.push(format!(
                "{uid} panel {panel}: got {got:?}, want {want:?} ({})",
                shot.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    h.close().await;
}
