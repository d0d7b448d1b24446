//! End-to-end: the datasource's secret header (issue #10). `config.json` gives the datasource
//! `Authorization: Bearer <canary>`; the app must send it to Prometheus (checked: the requests
//! carry it) and show or store it nowhere: not in any URL it requests (resource timing, the
//! address bar), not in exported JSON / CSV / PNG, the inspect view of a failed query, error
//! texts (a bad query, Prometheus down), console output, localStorage / sessionStorage, or the
//! document on the dashboard, alerts, targets and status pages. (tests/e2e_app.rs covers the
//! inspect view of a good query; the core-level exports are covered natively in
//! core/tests/secrets.rs.)
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::time::Duration;

use promboard_rig::RigOptions;
use serde_json::{json, Value};
use support::Harness;

const WAIT: Duration = Duration::from_secs(60);
const CANARY: &str = "CANARY-b7e1d2c94f";

/// Runs first in `<head>`: records console output, page errors, downloads and what each
/// request sent (URL, body, and whether the secret header went along).
const HOOKS_JS: &str = r#"
window.__console = [];
const show = x => { try { return typeof x === 'string' ? x : (x instanceof Error ? x.message + ' ' + x.stack : JSON.stringify(x)); } catch (_) { return String(x); } };
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
  const orig = console[k];
  console[k] = function (...a) { window.__console.push(k + ': ' + a.map(show).join(' ')); return orig.apply(console, a); };
}
window.addEventListener('error', e => window.__console.push('error event: ' + e.message));
window.addEventListener('unhandledrejection', e => window.__console.push('rejection: ' + show(e.reason)));
window.alert = m => { window.__console.push('alert: ' + m); };
window.__downloads = [];
const createObjectURL = URL.createObjectURL;
URL.createObjectURL = function (b) {
  const u = createObjectURL.call(URL, b);
  if (b && b.text) b.text().then(t => window.__downloads.push({ kind: 'blob', type: b.type, text: t }));
  return u;
};
HTMLAnchorElement.prototype.click = function () {
  window.__downloads.push({ kind: 'link', name: this.download, href: this.href });
};
window.__requests = [];
const fetch0 = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : (input && input.url) || String(input);
  let headers = '';
  try { headers = JSON.stringify([...new Headers((init && init.headers) || (input && input.headers) || {})]); } catch (_) {}
  const body = init && typeof init.body === 'string' ? init.body : (init && init.body ? String(init.body) : '');
  window.__requests.push({ url, body, carries: headers.includes('CANARY') });
  return fetch0.apply(this, arguments);
};
"#;

/// A dashboard with a good range query, a good instant query, a query Prometheus rejects, and
/// a query variable (label values are requested with the header too).
fn dashboard() -> Value {
    json!({
        "uid": "secrets", "title": "Secrets", "schemaVersion": 39,
        "time": { "from": "now-1h", "to": "now" },
        "templating": { "list": [
            { "name": "job", "type": "query", "query": "label_values(up, job)", "refresh": 2,
              "datasource": { "type": "prometheus", "uid": "prometheus" }, "includeAll": true, "multi": true },
        ]},
        "panels": [
            { "id": 1, "type": "timeseries", "title": "Targets up", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 8 },
              "targets": [{ "refId": "A", "expr": "sum by (job) (up{job=~\"$job\"})", "legendFormat": "{{job}}" }] },
            { "id": 2, "type": "table", "title": "Up now", "gridPos": { "x": 12, "y": 0, "w": 12, "h": 8 },
              "targets": [{ "refId": "A", "expr": "up", "instant": true, "format": "table" }] },
            { "id": 3, "type": "stat", "title": "Broken query", "gridPos": { "x": 0, "y": 8, "w": 12, "h": 6 },
              "targets": [{ "refId": "A", "expr": "sum(rate(up[5m]" }] },
        ],
    })
}

/// Everything the page holds that could leak, as one string (with a label per part).
const DUMP_JS: &str = r#"
const parts = [];
parts.push('href: ' + location.href);
parts.push('html: ' + document.documentElement.outerHTML);
parts.push('text: ' + document.body.innerText);
for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) parts.push('storage: ' + s.key(i) + '=' + s.getItem(s.key(i)));
parts.push('cookie: ' + document.cookie);
for (const e of performance.getEntriesByType('resource')) parts.push('resource: ' + e.name);
for (const e of performance.getEntriesByType('navigation')) parts.push('navigation: ' + e.name);
for (const c of window.__console || []) parts.push('console: ' + c);
for (const d of window.__downloads || []) parts.push('download: ' + JSON.stringify(d));
for (const r of window.__requests || []) parts.push('request: ' + r.url + ' ' + r.body);
return parts.join('\n');
"#;

async fn assert_no_canary(h: &Harness, what: &str) -> String {
    let dump = h.eval(DUMP_JS).await;
    let dump = dump.as_str().unwrap_or_default().to_owned();
    let shot = h.screenshot(&format!("secrets-{what}")).await;
    let leaks: Vec<&str> = dump.lines().filter(|l| l.contains(CANARY)).collect();
    assert!(
        leaks.is_empty(),
        "{what}: the secret leaked in:\n{}\n(screenshot {})",
        leaks
            .iter()
            .map(|l| l.chars().take(300).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n"),
        shot.display()
    );
    dump
}

async fn click(h: &Harness, css: &str) {
    let found = h
        .eval(&format!(
            "const e = document.querySelector('{css}'); if (e) e.click(); return !!e;"
        ))
        .await;
    assert_eq!(found, json!(true), "{css} not found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_datasource_secret_appears_nowhere() {
    let index = std::fs::read_to_string(support::dist_dir().join("index.html")).unwrap();
    let hooked = index.replacen(
        "<head>",
        "<head><script src=\"secret-hooks.js\"></script>",
        1,
    );
    assert_ne!(hooked, index);
    let mut h = Harness::start_with(
        RigOptions {
            alertmanager: true,
            ..RigOptions::default()
        },
        "/",
        vec![
            ("index.html".to_owned(), hooked.into_bytes()),
            ("secret-hooks.js".to_owned(), HOOKS_JS.as_bytes().to_vec()),
            (
                "dashboards/secrets.json".to_owned(),
                serde_json::to_vec(&dashboard()).unwrap(),
            ),
        ],
        |config| {
            config["datasources"][0]["headers"] =
                json!({ "Authorization": format!("Bearer {CANARY}") });
            config["dashboards"]
                .as_array_mut()
                .unwrap()
                .push(json!("dashboards/secrets.json"));
        },
    )
    .await;
    // `up` comes from the live scrapes (since the rig started), so a range ending now; wait for
    // Prometheus' first scrape, or the panel is rightly "no data".
    let addr: std::net::SocketAddr = h
        .rig
        .prometheus_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        let (_, body) = promboard_rig::net::http_get(addr, "/api/v1/query?query=up").unwrap();
        if String::from_utf8_lossy(&body).contains("\"value\"") {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "Prometheus never scraped: {}",
            String::from_utf8_lossy(&body)
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let (from, to) = ("now-15m", "now");
    h.client
        .goto(&h.url(&format!("?d=secrets&from={from}&to={to}")))
        .await
        .unwrap();
    let states = h.settle(3, WAIT).await;
    assert!(
        states
            .iter()
            .any(|(id, s)| id.starts_with("3 ") && s == "error"),
        "the broken query must fail: {states:?}"
    );
    assert!(
        states
            .iter()
            .any(|(id, s)| id.starts_with("1 ") && s == "ok"),
        "{states:?}"
    );
    // The secret really is in play: requests to Prometheus carry it (and succeed, above).
    let carried = h
        .eval(
            "return window.__requests.filter(r => r.carries && r.url.includes('/api/v1/')).length;",
        )
        .await;
    assert!(
        carried.as_u64().unwrap() >= 3,
        "requests with the header: {carried}"
    );
    let error = h
        .eval(
            "return document.querySelector('[data-panel-id=\"3\"] [data-panel-error]').innerText;",
        )
        .await;
    assert!(
        error.as_str().unwrap_or_default().contains("parse error")
            || error.as_str().unwrap_or_default().contains("bad_data"),
        "{error}"
    );

    // Exports: panel CSV and PNG, dashboard JSON.
    click(&h, "[data-panel-id=\"1\"] [data-testid=\"panel-menu\"]").await;
    click(&h, "[data-panel-id=\"1\"] [data-action=\"csv\"]").await;
    click(&h, "[data-panel-id=\"1\"] [data-testid=\"panel-menu\"]").await;
    click(&h, "[data-panel-id=\"1\"] [data-action=\"png\"]").await;
    click(&h, "[data-testid=\"export-json\"]").await;
    h.wait_for(
        "three downloads, two of them blobs read back",
        "return window.__downloads.filter(d => d.kind === 'link').length >= 3 && window.__downloads.filter(d => d.kind === 'blob').length >= 2;",
        WAIT,
    )
    .await;
    let downloads = h.eval("return window.__downloads;").await;
    let blobs: Vec<&Value> = downloads
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "blob")
        .collect();
    assert!(
        blobs.iter().any(|d| d["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("query,series,time,value")),
        "no CSV export: {downloads}"
    );
    assert!(
        blobs.iter().any(|d| d["text"]
            .as_str()
            .unwrap_or_default()
            .contains("promboard/v1")),
        "no JSON export"
    );
    assert!(
        downloads.as_array().unwrap().iter().any(|d| d["href"]
            .as_str()
            .unwrap_or_default()
            .starts_with("data:image/png")),
        "no PNG export"
    );

    // The inspect view of the failed query.
    click(&h, "[data-panel-id=\"3\"] [data-testid=\"panel-menu\"]").await;
    click(&h, "[data-panel-id=\"3\"] [data-action=\"inspect\"]").await;
    h.wait_for(
        "the inspect dialog",
        "return !!document.querySelector('[data-testid=\"inspect\"]');",
        WAIT,
    )
    .await;
    let inspect = h
        .eval("return document.querySelector('[data-testid=\"inspect\"]').innerText;")
        .await;
    assert!(
        inspect
            .as_str()
            .unwrap_or_default()
            .contains("sum(rate(up[5m]"),
        "{inspect}"
    );
    assert_no_canary(&h, "dashboard").await;

    // The other pages that ask Prometheus (with the header): alerts, targets, status.
    for page in ["alerts", "targets", "status"] {
        h.client
            .goto(&h.url(&format!("?page={page}")))
            .await
            .unwrap();
        h.wait_for(
            &format!("the {page} page asked Prometheus"),
            "return window.__requests.some(r => r.carries);",
            WAIT,
        )
        .await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_no_canary(&h, page).await;
    }

    // Prometheus down: every panel's error text, and the console, still without the secret.
    h.rig.stop_prometheus();
    h.client
        .goto(&h.url(&format!("?d=secrets&from={from}&to={to}")))
        .await
        .unwrap();
    h.wait_for(
        "panels report the outage",
        "const p = [...document.querySelectorAll('[data-panel-id]')]; return p.length >= 3 && p.every(e => e.dataset.panelState === 'error');",
        WAIT,
    )
    .await;
    let dump = assert_no_canary(&h, "prometheus-down").await;
    assert!(dump.contains("[data-panel-error]") || dump.contains("data-panel-error"));
    h.close().await;
}
