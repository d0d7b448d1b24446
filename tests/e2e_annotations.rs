//! End-to-end: alert events on graphs and dashboard health. A live rig with the seed rule files
//! starts 210 s into AniVault's hourly database outage, so `CircuitBreakerOpen` goes pending at
//! once and fires about a minute later. The AniVault dashboard's annotation query
//! (`ALERTS{stack="anivault"}`) must draw those intervals as regions on its time-series panels,
//! and the header status must not be `ok` (the dashboard's thresholds are crossed).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test: a failure is a failing test

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use promboard_rig::{Mode, RigOptions};
use support::Harness;

/// Seconds into the hourly database outage at start-up (see rig/tests/seeds.rs).
const OUTAGE_OFFSET_AT_START_S: i64 = 210;

const STATES: &str = "return [...document.querySelectorAll('[data-regions]')].map(e => e.dataset.regionStates || '').join('|');";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_intervals_are_drawn_as_regions_and_health_rolls_up() {
    let now_s = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let h = Harness::start(
        RigOptions {
            mode: Mode::LiveAnchored {
                anchor_s: now_s - OUTAGE_OFFSET_AT_START_S,
            },
            rule_files: vec![support::repo_dir().join("public/rules/*.yml")],
            ..RigOptions::default()
        },
        "/",
    )
    .await;
    h.client
        .goto(&h.url("?d=anivault&from=now-15m&to=now&refresh=5s"))
        .await
        .unwrap();

    let start = Instant::now();
    let mut seen_pending = false;
    let states = loop {
        let states = h.eval(STATES).await.as_str().unwrap_or_default().to_owned();
        if states.contains("pending") && !seen_pending {
            seen_pending = true;
            h.screenshot("annotations-pending").await;
        }
        if states.contains("firing") {
            break states;
        }
        if start.elapsed() > Duration::from_secs(150) {
            let shot = h.screenshot("annotations-timeout").await;
            panic!(
                "no firing region within 150 s; region states per panel: {states:?}; screenshot {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    // Regions only on time-series panels, and every time-series panel has them.
    let counts = h
        .eval("return [...document.querySelectorAll('[data-regions]')].map(e => Number(e.dataset.regions));")
        .await;
    let counts: Vec<u64> = counts
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_u64())
        .collect();
    assert!(
        !counts.is_empty() && counts.iter().all(|n| *n >= 1),
        "{counts:?} / {states}"
    );

    // Health: the outage crosses the dashboard's thresholds.
    let status = h
        .eval("const e = document.querySelector('[data-testid=dash-status]'); return e ? e.dataset.status : '';")
        .await;
    let status = status.as_str().unwrap_or_default().to_owned();
    assert!(
        status == "warning" || status == "critical",
        "status {status:?}"
    );
    let title = h.eval("return document.title;").await;
    let title = title.as_str().unwrap_or_default().to_owned();
    assert!(title.starts_with("● "), "title {title:?}");
    let icon = h
        .eval("const l = document.querySelector('link[rel~=icon]'); return l ? l.getAttribute('href') : '';")
        .await;
    assert!(
        icon.as_str()
            .unwrap_or_default()
            .starts_with("data:image/svg+xml"),
        "{icon:?}"
    );
    // Hovering a region lists it: sweep the pointer leftwards from the plot's right edge.
    let mut tip = String::new();
    for off in (4..240).step_by(6) {
        h.eval(&format!(
            "const a = document.querySelector('[data-regions] .chart-area'); const r = a.getBoundingClientRect(); \
             a.dispatchEvent(new MouseEvent('mousemove', {{clientX: r.right - {off}, clientY: r.top + r.height / 2, bubbles: true}})); return null;"
        ))
        .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        tip = h
            .eval("const t = document.querySelector('[data-testid=region-hover]'); return t ? t.innerText : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !tip.is_empty() {
            h.screenshot("annotations-hover").await;
            break;
        }
    }
    assert!(tip.contains("CircuitBreakerOpen"), "tooltip {tip:?}");
    let shot = h.screenshot("annotations-firing").await;
    eprintln!("screenshot: {}", shot.display());
    h.close().await;
}
