//! End-to-end: the pie chart panel (SpherosegV4 application, panel 15 "Requests by status") in
//! headless Chromium against the rig's real Prometheus, deterministic history.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use promboard_rig::{RigOptions, FIXED_END_S, HISTORY_H};
use promboard_workload::Stack;
use support::Harness;

/// The donut reaches `ok`, draws on its canvas, and its slices (names and `data-value`s) are
/// exactly the workload model's request totals by status at the range's end, in the panel's
/// unit (`short`); the text alternative carries each slice's share of the total.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_by_status_pie_shows_the_models_totals() {
    use promboard_core::eval::units::{format, TimeContext};

    let anchor = FIXED_END_S - HISTORY_H * 3600;
    let t = FIXED_END_S as f64;
    let mut by_status: BTreeMap<String, f64> = BTreeMap::new();
    for s in promboard_workload::select(
        Some(Stack::Spheroseg),
        anchor,
        t,
        "spheroseg_http_requests_total",
        &[],
    ) {
        let status = s
            .labels
            .iter()
            .find(|(k, _)| k == "status")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        *by_status.entry(status).or_default() += s.value;
    }
    assert!(by_status.len() >= 5, "{by_status:?}");
    let time = TimeContext {
        now_ms: FIXED_END_S * 1000,
        tz_offset_min: 0,
    };
    let want: Vec<(String, String)> = by_status
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                format(Some("short"), *v, None, &time).to_string(),
            )
        })
        .collect();
    let total: f64 = by_status.values().sum();

    let h = Harness::start(RigOptions::default(), "/").await;
    h.client
        .goto(&h.url(&format!(
            "?d=spheroseg-application&from={}&to={}",
            (FIXED_END_S - 3600) * 1000,
            FIXED_END_S * 1000
        )))
        .await
        .unwrap();
    h.wait_for(
        "the pie panel is ok",
        // Off-screen panels query when scrolled to: scroll to it on every poll (it renders late).
        "const e = document.querySelector('[data-panel-id=\"15\"]'); if (e) e.scrollIntoView({block: 'center'}); return !!e && e.dataset.panelState === 'ok';",
        Duration::from_secs(60),
    )
    .await;
    // Give the canvas a frame to draw, then look at it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shot = h.screenshot("pie-spheroseg-requests-by-status").await;
    let got = h
        .eval(
            "return [...document.querySelectorAll('[data-panel-id=\"15\"] li')].map(li => [li.querySelector('span').textContent, li.querySelector('[data-value]').dataset.value]);",
        )
        .await;
    let mut got: Vec<(String, String)> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or_default().to_owned(),
                p[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, want, "slices (screenshot {})", shot.display());

    // The canvas is drawn: its pixels are not all one colour.
    let colours = h
        .eval(
            "const c = document.querySelector('[data-panel-id=\"15\"] canvas');
             const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             const seen = new Set();
             for (let i = 0; i < x.length; i += 4 * 97) seen.add(x[i] + ',' + x[i+1] + ',' + x[i+2]);
             return seen.size;",
        )
        .await;
    assert!(
        colours.as_u64().unwrap_or(0) >= 4,
        "the pie canvas looks empty: {colours} colours (screenshot {})",
        shot.display()
    );
    // The text alternative names each slice with its share (0 decimals, of the total).
    let label = h
        .eval("return document.querySelector('[data-panel-id=\"15\"] canvas').getAttribute('aria-label');")
        .await;
    let label = label.as_str().unwrap_or_default().to_owned();
    for (status, v) in &by_status {
        let pct = format!("{:.0}%", v / total * 100.0);
        assert!(
            label.contains(&format!("{status}: ")) && label.contains(&pct),
            "{status} {pct} missing from {label:?}"
        );
    }

    // Hovering the largest slice (drawn first, clockwise from 12 o'clock) shows its tooltip:
    // name, value in the unit, share; leaving the chart hides it; the canvas is not redrawn.
    let (largest, largest_v) = by_status
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(k, v)| (k.clone(), *v))
        .unwrap();
    let geo = h
        .eval(
            "const c = document.querySelector('[data-panel-id=\"15\"] canvas.chart-series');
             const r = c.getBoundingClientRect();
             return [r.left, r.top, ...c.dataset.pie.split(',').map(Number), Number(c.dataset.draws)];",
        )
        .await;
    let g: Vec<f64> = geo
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let (left, top, cx, cy, r, inner, draws) = (g[0], g[1], g[2], g[3], g[4], g[5], g[6]);
    assert!(r > 20.0 && inner > 0.0, "a donut was drawn: {g:?}");
    let mid = (180.0 * largest_v / total).to_radians();
    let ring = (r + inner) / 2.0;
    let (x, y) = (left + cx + ring * mid.sin(), top + cy - ring * mid.cos());
    h.move_mouse(x, y).await;
    h.wait_for(
        "the pie tooltip",
        "return !!document.querySelector('[data-testid=\"pie-tooltip\"]');",
        Duration::from_secs(10),
    )
    .await;
    let tip = h
        .eval("return document.querySelector('[data-testid=\"pie-tooltip\"]').textContent;")
        .await;
    let want_value = &want.iter().find(|(k, _)| *k == largest).unwrap().1;
    let want_tip = format!(
        "{largest}: {want_value} ({:.0}%)",
        largest_v / total * 100.0
    );
    let shot = h.screenshot("pie-hover").await;
    assert_eq!(
        tip.as_str(),
        Some(want_tip.as_str()),
        "screenshot {}",
        shot.display()
    );
    // Inside the hole: no tooltip.
    h.move_mouse(left + cx, top + cy).await;
    h.wait_for(
        "the tooltip hides over the hole",
        "return !document.querySelector('[data-testid=\"pie-tooltip\"]');",
        Duration::from_secs(10),
    )
    .await;
    let after = h
        .eval("return Number(document.querySelector('[data-panel-id=\"15\"] canvas.chart-series').dataset.draws);")
        .await;
    assert_eq!(after.as_f64(), Some(draws), "hovering redrew the pie");
    h.close().await;
}
