//! End-to-end: chart interaction in the built app against the rig's real Prometheus
//! (deterministic history): hover tooltip with the exporter model's values, the crosshair shared
//! with another panel (`graphTooltip: 1` on the magacin seed), legend isolate by click and
//! keyboard, drag to zoom and double-click to zoom out; a legend of hundreds of series renders a
//! page of rows at a time (more on scroll or on its button).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: a failure is a failing test

mod support;

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use promboard_core::eval::units::{self, TimeContext};
use promboard_rig::{RigOptions, FIXED_END_S, HISTORY_H};
use promboard_workload::{select, Stack};
use support::Harness;

const FROM_MS: i64 = (FIXED_END_S - 3600) * 1000;
const TO_MS: i64 = FIXED_END_S * 1000;
/// magacin-overview: "Error rate %" (left) and "WebSocket connections" (right), one row.
const LEFT_PANEL: u32 = 7;
const WS_PANEL: u32 = 8;
/// "Response time percentiles (P50, P95)": table legend with mean / max / last *.
const TABLE_PANEL: u32 = 6;

async fn open_magacin(h: &Harness) {
    h.client
        .goto(&h.url(&format!("?d=magacin-overview&from={FROM_MS}&to={TO_MS}")))
        .await
        .unwrap();
    h.settle(10, Duration::from_secs(90)).await;
}

/// Scrolls panel `id` to the middle of the viewport and returns its plot rectangle in viewport
/// CSS px: (left, top, right, bottom).
async fn plot_rect(h: &Harness, id: u32) -> (f64, f64, f64, f64) {
    h.wait_for(
        "the chart area knows its plot rectangle",
        &format!("const a = document.querySelector('[data-panel-id=\"{id}\"] .chart-area'); return !!(a && a.dataset.plot);"),
        Duration::from_secs(20),
    )
    .await;
    let v = h
        .eval(&format!(
            "const a = document.querySelector('[data-panel-id=\"{id}\"] .chart-area'); a.scrollIntoView({{block: 'center'}}); \
             const r = a.getBoundingClientRect(); const p = a.dataset.plot.split(',').map(Number); \
             return [r.left + p[0], r.top + p[1], r.left + p[2], r.top + p[3]];"
        ))
        .await;
    let n: Vec<f64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    (n[0], n[1], n[2], n[3])
}

async fn move_to(h: &Harness, x: f64, y: f64) {
    h.move_mouse(x, y).await;
}

/// The series drawn at `t_ms` by the model (sum over the metric's series, as the panel's
/// `sum(...)` query).
fn model_sum(metric: &str, t_ms: i64) -> f64 {
    let anchor = FIXED_END_S - HISTORY_H * 3600;
    let samples = select(
        Some(Stack::Magacin),
        anchor,
        t_ms as f64 / 1000.0,
        metric,
        &[],
    );
    assert!(!samples.is_empty(), "the model has {metric}");
    samples.iter().map(|s| s.value).sum()
}

fn short(v: f64) -> String {
    units::format(
        Some("short"),
        v,
        None,
        &TimeContext {
            now_ms: 0,
            tz_offset_min: 0,
        },
    )
    .to_string()
}

async fn canvas_png(h: &Harness, panel: &str) -> String {
    h.eval(&format!(
        "return document.querySelector('{panel} canvas.chart-series').toDataURL();"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The URL's `from` / `to` as ms.
async fn url_range(h: &Harness) -> (i64, i64) {
    let v = h
        .eval(
            "const p = new URLSearchParams(location.search); return [p.get('from'), p.get('to')];",
        )
        .await;
    (
        v[0].as_str()
            .unwrap_or_default()
            .parse::<i64>()
            .unwrap_or(0),
        v[1].as_str()
            .unwrap_or_default()
            .parse::<i64>()
            .unwrap_or(0),
    )
}

async fn attr(h: &Harness, selector: &str, name: &str) -> String {
    h.eval(&format!(
        "const e = document.querySelector('{selector}'); return e ? (e.getAttribute('{name}') || '') : null;"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn element_shot(h: &Harness, selector: &str, name: &str) -> std::path::PathBuf {
    let png = h
        .client
        .find(Locator::Css(selector))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap();
    let dir = support::repo_dir().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

/// Hover shows the model's values in a multi tooltip without redrawing the series; the left
/// panel draws the shared crosshair at the same time; the legend isolates a series by click,
/// by keyboard Enter and toggles with ctrl-click.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_tooltip_shared_crosshair_and_legend() {
    let h = Harness::start(RigOptions::default(), "/").await;
    open_magacin(&h).await;
    let ws = format!("[data-panel-id=\"{WS_PANEL}\"]");
    let left = format!("[data-panel-id=\"{LEFT_PANEL}\"]");

    // HiDPI contract: the overlay has the series canvas's device-pixel size.
    let sizes = h
        .eval(&format!(
            "const s = document.querySelector('{ws} canvas.chart-series'); const o = document.querySelector('{ws} canvas.chart-overlay'); \
             return [s.width, s.height, o.width, o.height, Math.round(s.getBoundingClientRect().width * devicePixelRatio)];"
        ))
        .await;
    let s: Vec<i64> = sizes
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(
        (s[0], s[1]),
        (s[2], s[3]),
        "series vs overlay canvas size {s:?}"
    );
    assert_eq!(s[0], s[4], "canvas is box × devicePixelRatio {s:?}");

    let draws_before = attr(&h, &format!("{ws} canvas.chart-series"), "data-draws").await;
    let left_draws_before = attr(&h, &format!("{left} canvas.chart-series"), "data-draws").await;
    let (l, t, r, b) = plot_rect(&h, WS_PANEL).await;
    move_to(&h, l + (r - l) * 0.6, (t + b) / 2.0).await;
    let tip = format!("{ws} [data-testid=chart-tooltip]");
    h.wait_for(
        "the tooltip shows rows",
        &format!("return document.querySelectorAll('{tip} .tooltip-row').length > 0;"),
        Duration::from_secs(10),
    )
    .await;
    let shot = h.screenshot("charts-hover-tooltip").await;
    element_shot(&h, &ws, "charts-hover-tooltip-panel").await;
    let t_ms: i64 = attr(&h, &tip, "data-t-ms").await.parse().unwrap();
    assert!((FROM_MS..=TO_MS).contains(&t_ms), "t {t_ms}");
    // The panel's step may be finer than the 15 s scrapes: Prometheus answers a step with the
    // latest sample at or before it, so the model is read at that scrape.
    let scrape_ms = t_ms - t_ms.rem_euclid(15_000);
    let rows = h
        .eval(&format!(
            "return [...document.querySelectorAll('{tip} .tooltip-row')].map(r => [r.dataset.series, Number(r.dataset.rawValue), r.querySelector('[data-value]').dataset.value]);"
        ))
        .await;
    let rows: Vec<(String, f64, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_owned(),
                r[1].as_f64().unwrap(),
                r[2].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Multi mode, sort none: both series in query order, values exactly the model's.
    let want = [
        (
            "socket.io connections",
            model_sum("socketio_connections", scrape_ms),
        ),
        (
            "websocket active",
            model_sum("websocket_active_connections", scrape_ms),
        ),
    ];
    assert_eq!(rows.len(), 2, "{rows:?} ({})", shot.display());
    for ((name, raw, text), (want_name, want_v)) in rows.iter().zip(want) {
        assert_eq!(name, want_name, "{rows:?}");
        assert!(
            (raw - want_v).abs() < 1e-9,
            "{name}: {raw} vs model {want_v}"
        );
        assert_eq!(text, &short(want_v), "{name}");
    }
    let time_text = h
        .eval(&format!(
            "return document.querySelector('{tip} .tooltip-time').textContent;"
        ))
        .await;
    assert!(
        time_text.as_str().unwrap_or_default().starts_with("202"),
        "{time_text:?}"
    );
    // The tooltip stays inside the panel horizontally (it flips at the right edge).
    let inside = h
        .eval(&format!(
            "const t = document.querySelector('{tip}').getBoundingClientRect(); const a = document.querySelector('{ws} .chart-area').getBoundingClientRect(); \
             return t.left >= a.left - 0.5 && t.right <= a.right + 0.5;"
        ))
        .await;
    assert_eq!(
        inside.as_bool(),
        Some(true),
        "tooltip inside the chart area"
    );

    // Shared crosshair: the left panel draws it at the same time, without a tooltip.
    h.wait_for(
        "the left panel draws the shared crosshair",
        &format!("return document.querySelector('{left} canvas.chart-overlay').dataset.crosshairT === '{t_ms}';"),
        Duration::from_secs(5),
    )
    .await;
    let painted = h
        .eval(&format!(
            "const c = document.querySelector('{left} canvas.chart-overlay'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
             let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;"
        ))
        .await;
    assert!(painted.as_i64().unwrap() > 20, "overlay pixels {painted:?}");
    assert_eq!(
        h.eval(&format!(
            "return document.querySelector('{left} [data-testid=chart-tooltip]') === null;"
        ))
        .await
        .as_bool(),
        Some(true),
        "graphTooltip 1 shares the crosshair, not the tooltip"
    );
    // Hover redrew neither series canvas.
    assert_eq!(
        attr(&h, &format!("{ws} canvas.chart-series"), "data-draws").await,
        draws_before
    );
    assert_eq!(
        attr(&h, &format!("{left} canvas.chart-series"), "data-draws").await,
        left_draws_before
    );
    // Leaving the chart clears both.
    move_to(&h, 2.0, 2.0).await;
    h.wait_for(
        "the shared crosshair goes away",
        &format!("return document.querySelector('{left} canvas.chart-overlay').dataset.crosshairT === '' && !document.querySelector('{tip}');"),
        Duration::from_secs(5),
    )
    .await;

    // Legend: click isolates, click again restores; Enter does the same; ctrl-click toggles.
    let legend = format!("{ws} .legend");
    let buttons = format!("{ws} .legend button.legend-entry");
    assert_eq!(attr(&h, &legend, "data-visible-series").await, "2");
    let all_png = canvas_png(&h, &ws).await;
    let first = h.client.find(Locator::Css(&buttons)).await.unwrap();
    first.click().await.unwrap();
    h.wait_for(
        "one series visible after a click",
        &format!("return document.querySelector('{legend}').dataset.visibleSeries === '1';"),
        Duration::from_secs(5),
    )
    .await;
    let pressed = h
        .eval(&format!("return [...document.querySelectorAll('{buttons}')].map(b => b.getAttribute('aria-pressed'));"))
        .await;
    assert_eq!(pressed, serde_json::json!(["true", "false"]));
    h.wait_for(
        "the series canvas was redrawn without the hidden series",
        &format!(
            "return document.querySelector('{ws} canvas.chart-series').toDataURL() !== {};",
            serde_json::to_string(&all_png).unwrap()
        ),
        Duration::from_secs(5),
    )
    .await;
    // Hovering now lists only the visible series.
    let (l, t, r, b) = plot_rect(&h, WS_PANEL).await;
    move_to(&h, l + (r - l) * 0.4, (t + b) / 2.0).await;
    h.wait_for(
        "the tooltip lists only the isolated series",
        &format!("const r = [...document.querySelectorAll('{tip} .tooltip-row')].map(r => r.dataset.series); return r.length === 1 && r[0] === 'socket.io connections';"),
        Duration::from_secs(5),
    )
    .await;
    move_to(&h, 2.0, 2.0).await;
    first.click().await.unwrap();
    h.wait_for(
        "all series visible after a second click",
        &format!("return document.querySelector('{legend}').dataset.visibleSeries === '2';"),
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(canvas_png(&h, &ws).await, all_png, "restored picture");

    // Keyboard: Enter on the focused second button isolates it.
    let second = h
        .client
        .find_all(Locator::Css(&buttons))
        .await
        .unwrap()
        .into_iter()
        .nth(1)
        .unwrap();
    second.send_keys("\u{E007}").await.unwrap();
    h.wait_for(
        "Enter isolates the second series",
        &format!("const b = [...document.querySelectorAll('{buttons}')]; return document.querySelector('{legend}').dataset.visibleSeries === '1' && b[1].getAttribute('aria-pressed') === 'true' && document.activeElement === b[1];"),
        Duration::from_secs(5),
    )
    .await;
    second.send_keys("\u{E007}").await.unwrap();
    h.wait_for(
        "Enter again restores",
        &format!("return document.querySelector('{legend}').dataset.visibleSeries === '2';"),
        Duration::from_secs(5),
    )
    .await;
    // Ctrl-click hides just that one.
    h.eval(&format!(
        "document.querySelectorAll('{buttons}')[1].dispatchEvent(new MouseEvent('click', {{bubbles: true, ctrlKey: true}})); return null;"
    ))
    .await;
    h.wait_for(
        "ctrl-click hides the second series only",
        &format!("const b = [...document.querySelectorAll('{buttons}')].map(b => b.getAttribute('aria-pressed')); return b[0] === 'true' && b[1] === 'false';"),
        Duration::from_secs(5),
    )
    .await;

    // Accessibility: the canvas has a text alternative and points at its legend.
    let a11y = h
        .eval(&format!(
            "const c = document.querySelector('{ws} canvas.chart-series'); const d = document.getElementById(c.getAttribute('aria-describedby')); \
             return [c.getAttribute('role'), c.getAttribute('aria-label'), d ? d.className : null];"
        ))
        .await;
    assert_eq!(a11y[0], "img");
    let label = a11y[1].as_str().unwrap_or_default();
    assert!(
        label.contains("WebSocket connections")
            && label.contains("1 of 2 series shown")
            && label.contains("socket.io connections"),
        "{label}"
    );
    assert!(
        a11y[2].as_str().unwrap_or_default().contains("legend"),
        "{a11y:?}"
    );

    // The table legend with calcs, for people to look at.
    let table = format!("[data-panel-id=\"{TABLE_PANEL}\"]");
    let heads = h
        .eval(&format!("return [...document.querySelectorAll('{table} .legend-table thead th')].map(t => t.textContent);"))
        .await;
    assert_eq!(heads.as_array().map(Vec::len), Some(4), "{heads:?}");
    h.eval(&format!(
        "document.querySelector('{table}').scrollIntoView({{block: 'center'}}); return null;"
    ))
    .await;
    element_shot(&h, &table, "charts-legend-table").await;
    hidpi_overlay(&h).await;
    h.close().await;
}

/// On a devicePixelRatio 2 screen (a second Chromium with `--force-device-scale-factor=2` on
/// the same site) the overlay has twice the CSS size in pixels and the crosshair is drawn in
/// the device-pixel column under the pointer.
async fn hidpi_overlay(h: &Harness) {
    use promboard_rig::browser::Chromedriver;
    let driver = Chromedriver::start(&h.rig.dir.join("chrome-hidpi")).unwrap();
    let mut caps = driver.chrome_capabilities(1400, 1000);
    caps["goog:chromeOptions"]["args"]
        .as_array_mut()
        .unwrap()
        .push("--force-device-scale-factor=2".into());
    let client =
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap();
    let run = |script: String| {
        let client = client.clone();
        async move { client.execute(&script, Vec::new()).await.unwrap() }
    };
    client
        .goto(&h.url(&format!("?d=magacin-overview&from={FROM_MS}&to={TO_MS}")))
        .await
        .unwrap();
    let ws = format!("[data-panel-id=\"{WS_PANEL}\"]");
    let mut ready = false;
    for _ in 0..300 {
        let v = run(format!(
            "const a = document.querySelector('{ws}[data-panel-state=ok] .chart-area'); if (!a || !a.dataset.plot) return false; a.scrollIntoView({{block: 'center'}}); return true;"
        ))
        .await;
        if v.as_bool() == Some(true) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the HiDPI page drew the WebSocket panel");
    let geo = run(format!(
        "const a = document.querySelector('{ws} .chart-area'); const r = a.getBoundingClientRect(); const p = a.dataset.plot.split(',').map(Number); \
         const o = a.querySelector('canvas.chart-overlay'); const s = a.querySelector('canvas.chart-series'); \
         return [devicePixelRatio, r.left, r.top, p[0], p[1], p[2], p[3], o.width, s.width, o.getBoundingClientRect().width];"
    ))
    .await;
    let g: Vec<f64> = geo
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(g[0], 2.0, "devicePixelRatio {g:?}");
    assert_eq!(g[7], g[8], "overlay and series canvas widths {g:?}");
    // (The box is measured in whole CSS px, so a half-pixel box is off by one device pixel.)
    assert!(
        (g[7] - g[9] * 2.0).abs() <= 1.0,
        "overlay is 2 × its CSS width {g:?}"
    );
    let local_x = (g[3] + (g[5] - g[3]) * 0.3).round();
    let (x, y) = (g[1] + local_x, (g[2] + (g[4] + g[6]) / 2.0).round());
    client
        .perform_actions(
            MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
                duration: None,
                x: x.round(),
                y,
            }),
        )
        .await
        .unwrap();
    let mut column = None;
    for _ in 0..50 {
        // The device-pixel column with the most painted pixels is the crosshair.
        let v = run(format!(
            "const c = document.querySelector('{ws} canvas.chart-overlay'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
             const n = new Array(c.width).fill(0); for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n[((i - 3) / 4) % c.width]++; \
             let best = -1, m = 0; n.forEach((k, x) => {{ if (k > m) {{ m = k; best = x; }} }}); return m > 50 ? best : null;"
        ))
        .await;
        if let Some(c) = v.as_i64() {
            column = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let png = client.screenshot().await.unwrap();
    let path = support::repo_dir().join("target/screenshots/charts-hidpi-hover.png");
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    let column = column.expect("a crosshair on the HiDPI overlay");
    // Snapped to the nearest sample: within a few device pixels of the pointer.
    assert!(
        (column as f64 - (x - g[1]) * 2.0).abs() <= 4.0,
        "crosshair column {column} vs pointer {} device px",
        (x - g[1]) * 2.0
    );
    let _ = client.close().await;
}

/// A drag sets the URL to the dragged interval (±1 px of time) and shows a selection while
/// dragging; a short drag is a click; a double-click zooms out ×2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drag_zooms_and_double_click_zooms_out() {
    let h = Harness::start(RigOptions::default(), "/").await;
    open_magacin(&h).await;
    let ws = format!("[data-panel-id=\"{WS_PANEL}\"]");
    let (l, t, r, b) = plot_rect(&h, WS_PANEL).await;
    let y = ((t + b) / 2.0).round();
    // A 3 px drag is a click: nothing changes.
    let x = (l + (r - l) * 0.5).round();
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: None,
            x: x + 3.0,
            y,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    h.client.perform_actions(click).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        url_range(&h).await,
        (FROM_MS, TO_MS),
        "a tiny drag does not zoom"
    );

    let (x0, x1) = ((l + (r - l) * 0.25).round(), (l + (r - l) * 0.75).round());
    let press = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x0,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: None,
            x: (x0 + x1) / 2.0,
            y,
        })
        .then(PointerAction::MoveTo {
            duration: None,
            x: x1,
            y,
        });
    h.client.perform_actions(press).await.unwrap();
    h.wait_for(
        "the chart area is dragging",
        &format!(
            "return document.querySelector('{ws} .chart-area').classList.contains('dragging');"
        ),
        Duration::from_secs(5),
    )
    .await;
    // The selection is on the overlay: a translucent band between the two x.
    let band = h
        .eval(&format!(
            "const c = document.querySelector('{ws} canvas.chart-overlay'); const a = c.getBoundingClientRect(); const k = c.width / a.width; \
             const g = c.getContext('2d'); const at = x => g.getImageData(Math.round((x - a.left) * k), Math.round(({y} - a.top) * k) + 20, 1, 1).data[3]; \
             return [at({mid}), at({x0} - 15), at({x1} + 15)];",
            mid = (x0 + x1) / 2.0 + 7.0,
        ))
        .await;
    element_shot(&h, &ws, "charts-drag-selection").await;
    assert!(
        band[0].as_i64().unwrap_or(0) > 0,
        "selection drawn inside: {band:?}"
    );
    assert_eq!(
        band[1].as_i64(),
        Some(0),
        "nothing left of the selection: {band:?}"
    );
    assert_eq!(
        band[2].as_i64(),
        Some(0),
        "nothing right of the selection: {band:?}"
    );
    let release = MouseActions::new("mouse".into()).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    h.client.perform_actions(release).await.unwrap();
    h.wait_for(
        "the URL has the zoomed range",
        &format!("return new URLSearchParams(location.search).get('from') !== '{FROM_MS}';"),
        Duration::from_secs(5),
    )
    .await;
    let (from, to) = url_range(&h).await;
    // Expected from the plot geometry: time is linear over the plot's device-pixel columns.
    let dpr = h.eval("return devicePixelRatio;").await.as_f64().unwrap();
    let (px0, px1) = ((l * dpr).round(), (r * dpr).round());
    let t_of =
        |x: f64| FROM_MS as f64 + (x * dpr - px0) / (px1 - px0 - 1.0) * (TO_MS - FROM_MS) as f64;
    let ms_per_px = (TO_MS - FROM_MS) as f64 / (px1 - px0 - 1.0);
    assert!(
        (from as f64 - t_of(x0)).abs() <= ms_per_px + 1.0,
        "from {from} vs {} (±{ms_per_px} ms)",
        t_of(x0)
    );
    assert!(
        (to as f64 - t_of(x1)).abs() <= ms_per_px + 1.0,
        "to {to} vs {} (±{ms_per_px} ms)",
        t_of(x1)
    );
    h.settle(10, Duration::from_secs(60)).await;
    let shown_range = h
        .eval(&format!(
            "const o = document.querySelector('{ws} .chart-area'); return !!o;"
        ))
        .await;
    assert_eq!(shown_range.as_bool(), Some(true));

    // Double-click zooms out ×2 around the centre (Grafana's zoom out).
    let (l, t, r, b) = plot_rect(&h, WS_PANEL).await;
    let (x, y) = (((l + r) / 2.0).round(), ((t + b) / 2.0).round());
    let dbl = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    h.client.perform_actions(dbl).await.unwrap();
    h.wait_for(
        "the URL is zoomed out",
        &format!("return new URLSearchParams(location.search).get('from') !== '{from}';"),
        Duration::from_secs(5),
    )
    .await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let want = promboard_core::time::zoom_out(from, to, 2.0, now);
    assert_eq!(url_range(&h).await, want);
    h.screenshot("charts-zoomed-out").await;
    h.close().await;
}

/// A dashboard of three panels on every series of the rig (hundreds): list, table and hidden
/// legends.
fn many_series_dashboard() -> serde_json::Value {
    let panel = |id: u32, x: u32, legend: serde_json::Value| {
        serde_json::json!({
            "id": id, "type": "timeseries", "title": format!("Every series {id}"),
            "gridPos": { "x": x, "y": 0, "w": 8, "h": 14 },
            "targets": [{ "refId": "A", "expr": "{__name__=~\".+\"}" }],
            "options": { "legend": legend },
        })
    };
    serde_json::json!({
        "uid": "many-series", "title": "Many series",
        "panels": [
            panel(1, 0, serde_json::json!({ "showLegend": true, "displayMode": "list", "placement": "bottom" })),
            panel(2, 8, serde_json::json!({ "showLegend": true, "displayMode": "table", "placement": "bottom", "calcs": ["max"] })),
            panel(3, 16, serde_json::json!({ "showLegend": false })),
        ],
    })
}

/// A legend of hundreds of series renders 100 rows, then 100 more per click on its button or
/// per scroll to its end; the hidden (screen-reader) legend says how many it did not list;
/// every series stays drawn and a row from a later page isolates its series.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legend_of_many_series_renders_pages() {
    let dashboard = serde_json::to_vec_pretty(&many_series_dashboard()).unwrap();
    let h = Harness::start_with(
        RigOptions::default(),
        "/",
        vec![("dashboards/many-series.json".to_owned(), dashboard)],
        |config| {
            config["dashboards"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!("dashboards/many-series.json"));
        },
    )
    .await;
    h.client
        .goto(&h.url(&format!("?d=many-series&from={FROM_MS}&to={TO_MS}")))
        .await
        .unwrap();
    let states = h.settle(3, Duration::from_secs(120)).await;
    assert!(states.iter().all(|(_, s)| s == "ok"), "{states:?}");

    let list = "[data-panel-id=\"1\"] .legend";
    let total: usize = attr(&h, list, "data-visible-series").await.parse().unwrap();
    assert!(
        (201..=1000).contains(&total),
        "the rig's every-series query gave {total} series"
    );
    let count = |sel: String| {
        let h = &h;
        async move {
            h.eval(&format!(
                "return document.querySelectorAll('{sel}').length;"
            ))
            .await
            .as_u64()
            .unwrap() as usize
        }
    };
    let entries = format!("{list} button.legend-entry");
    let more = format!("{list} button.legend-more");
    assert_eq!(count(entries.clone()).await, 100, "first page");
    let more_text = || async {
        h.eval(&format!(
            "const b = document.querySelector('{more}'); return b ? b.textContent : null;"
        ))
        .await
    };
    assert_eq!(
        more_text().await,
        format!("Show 100 more (100 of {total} series listed)")
    );
    element_shot(&h, "[data-panel-id=\"1\"]", "charts-legend-pages").await;

    // The button renders the next page: Enter on it (focused without scrolling the legend,
    // which would render the next page by itself).
    h.eval(&format!(
        "document.querySelector('{more}').focus({{preventScroll: true}}); return null;"
    ))
    .await;
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    h.wait_for(
        "200 legend rows after the button",
        &format!("return document.querySelectorAll('{entries}').length === 200;"),
        Duration::from_secs(10),
    )
    .await;
    // Scrolling to the end renders the next one.
    h.eval(&format!(
        "const l = document.querySelector('{list}'); l.scrollTop = l.scrollHeight; return null;"
    ))
    .await;
    h.wait_for(
        "300 legend rows after scrolling to the end",
        &format!(
            "return document.querySelectorAll('{entries}').length === {};",
            total.min(300)
        ),
        Duration::from_secs(10),
    )
    .await;
    // A row of a later page isolates its series; every series was drawn until then.
    h.eval(&format!(
        "document.querySelectorAll('{entries}')[150].click(); return null;"
    ))
    .await;
    h.wait_for(
        "the 151st row isolates its series",
        &format!(
            "const b = document.querySelectorAll('{entries}')[150]; \
             return document.querySelector('{list}').dataset.visibleSeries === '1' && b.getAttribute('aria-pressed') === 'true';"
        ),
        Duration::from_secs(10),
    )
    .await;

    // The table legend pages the same way; the hidden one lists 100 rows and says the rest.
    assert_eq!(
        count("[data-panel-id=\"2\"] .legend-table tbody tr".into()).await,
        100
    );
    assert_eq!(
        count("[data-panel-id=\"2\"] .legend button.legend-more".into()).await,
        1
    );
    assert_eq!(
        count("[data-panel-id=\"3\"] .legend.sr-only tbody tr".into()).await,
        100
    );
    let unlisted = h
        .eval(
            "return document.querySelector('[data-panel-id=\"3\"] .legend.sr-only p').textContent;",
        )
        .await;
    assert_eq!(
        unlisted,
        format!("{} more series not listed.", total - 100),
        "hidden legend"
    );
    assert_eq!(
        count("[data-panel-id=\"3\"] .legend button".into()).await,
        0,
        "a hidden legend has no buttons"
    );
    h.close().await;
}
