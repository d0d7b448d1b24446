//! End-to-end: the app's own behaviour (issue "The app") in headless Chromium against a real
//! Prometheus: URL state, the time picker, reload, kiosk, a sub-path, an iframe from another
//! origin with the postMessage API, an outage and its recovery, a malformed dashboard file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::time::Duration;

use fantoccini::Locator;
use promboard_rig::{serve_static, RigOptions, StaticSite, FIXED_END_S};
use support::Harness;

const WAIT: Duration = Duration::from_secs(60);

fn last_hour() -> (i64, i64) {
    ((FIXED_END_S - 3600) * 1000, FIXED_END_S * 1000)
}

const COUNT_RANGE_QUERIES: &str = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/query_range')).length;";

async fn click(h: &Harness, css: &str) {
    h.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn search(h: &Harness) -> String {
    h.eval("return location.search;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// (a) open by URL with `var-` and from/to, change the range through the UI and see the
/// re-queries; (b) reload keeps the state; (c) kiosk hides the chrome; plus the range fields'
/// inline error and the `?` shortcut help.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_state_time_picker_reload_and_kiosk() {
    let h = Harness::start(RigOptions::default(), "/").await;
    let (from, to) = last_hour();
    let query = format!("?d=magacin-overview&from={from}&to={to}&var-service=task-service");
    h.client.goto(&h.url(&query)).await.unwrap();
    let states = h.settle(5, WAIT).await;
    let shot = h.screenshot("app-magacin-var").await;
    assert!(
        states.iter().all(|(_, s)| s == "ok" || s == "nodata"),
        "{states:?} ({})",
        shot.display()
    );
    let selected = h
        .eval("return [...document.querySelector('select[data-var=\"service\"]').selectedOptions].map(o => o.value);")
        .await;
    assert_eq!(selected, serde_json::json!(["task-service"]));
    // The fields show the absolute range in the browser's zone (UTC in the rig's Chromium).
    let shown_from = h
        .eval("return document.querySelector('[data-testid=range-from]').value;")
        .await;
    assert_eq!(
        shown_from.as_str(),
        Some("2025-12-31 23:00:00"),
        "{}",
        shot.display()
    );

    // Shift back: a new range in the URL and new query_range requests.
    let before = h.eval(COUNT_RANGE_QUERIES).await.as_u64().unwrap();
    click(&h, "[data-testid=shift-back]").await;
    h.wait_for(
        "the URL has the shifted range",
        &format!(
            "return location.search.includes('from={}');",
            from - 1_800_000
        ),
        WAIT,
    )
    .await;
    h.settle(5, WAIT).await;
    let after = h.eval(COUNT_RANGE_QUERIES).await.as_u64().unwrap();
    assert!(
        after > before,
        "no re-query after shift: {before} → {after}"
    );
    assert!(search(&h).await.contains("var-service=task-service"));

    // Typed range: relative expressions are kept as typed.
    h.eval("const f = document.querySelector('[data-testid=range-from]'); f.value = 'now-2h'; f.dispatchEvent(new Event('input', {bubbles: true})); const t = document.querySelector('[data-testid=range-to]'); t.value = 'now'; t.dispatchEvent(new Event('input', {bubbles: true})); return null;").await;
    click(&h, "[data-testid=range-apply]").await;
    h.wait_for(
        "the URL has the typed range",
        "return location.search.includes('from=now-2h') && location.search.includes('to=now');",
        WAIT,
    )
    .await;
    // A bad field shows an inline error and changes nothing.
    h.eval("const f = document.querySelector('[data-testid=range-from]'); f.value = 'yesterday'; f.dispatchEvent(new Event('input', {bubbles: true})); return null;").await;
    click(&h, "[data-testid=range-apply]").await;
    h.wait_for(
        "the inline error",
        "const e = document.querySelector('[data-testid=range-error]'); return !!e && e.textContent.includes('yesterday');",
        WAIT,
    )
    .await;
    assert!(search(&h).await.contains("from=now-2h"));
    h.screenshot("app-range-error").await;

    // Back to the absolute range, then reload: the state survives.
    h.client.goto(&h.url(&query)).await.unwrap();
    h.settle(5, WAIT).await;
    h.client.refresh().await.unwrap();
    h.settle(5, WAIT).await;
    let after_reload = search(&h).await;
    assert!(
        after_reload.contains(&format!("from={from}")),
        "{after_reload}"
    );
    assert!(
        after_reload.contains("var-service=task-service"),
        "{after_reload}"
    );
    let selected = h
        .eval("return [...document.querySelector('select[data-var=\"service\"]').selectedOptions].map(o => o.value);")
        .await;
    assert_eq!(selected, serde_json::json!(["task-service"]));

    // `?` shows the shortcuts; Esc closes them.
    h.eval("window.dispatchEvent(new KeyboardEvent('keydown', {key: '?'})); return null;")
        .await;
    h.wait_for(
        "the shortcuts dialog",
        "return !!document.querySelector('[data-testid=shortcuts]');",
        WAIT,
    )
    .await;
    h.screenshot("app-shortcuts").await;
    h.eval("window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); return null;")
        .await;
    h.wait_for(
        "the shortcuts dialog closes",
        "return !document.querySelector('[data-testid=shortcuts]');",
        WAIT,
    )
    .await;

    // Kiosk hides every bar and menu; the panels stay.
    h.client
        .goto(&h.url(&format!("{query}&kiosk")))
        .await
        .unwrap();
    h.settle(5, WAIT).await;
    let chrome = h
        .eval("return [...document.querySelectorAll('.topbar, .varbar, .panel-menu')].filter(e => getComputedStyle(e).display !== 'none').length;")
        .await;
    let shot = h.screenshot("app-kiosk").await;
    assert_eq!(
        chrome.as_u64(),
        Some(0),
        "chrome visible in kiosk ({})",
        shot.display()
    );
    h.close().await;
}

/// (d) the app under a sub-path; (e) the single-panel kiosk view in an iframe served from a
/// second origin reaches `ok`, the parent hears `promboard:panels` and can set the range.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sub_path_and_cross_origin_iframe() {
    let prefix = "/tools/promboard/";
    let h = Harness::start(RigOptions::default(), prefix).await;
    let (from, to) = last_hour();
    h.client
        .goto(&h.url_at(
            prefix,
            &format!("?d=integration-destinations&from={from}&to={to}"),
        ))
        .await
        .unwrap();
    let states = h.settle(7, WAIT).await;
    let shot = h.screenshot("app-sub-path").await;
    assert!(
        states.iter().all(|(_, s)| s == "ok"),
        "{states:?} ({})",
        shot.display()
    );

    // The parent page, on another origin (another port).
    let dir = h.rig.dir.join("parent-site");
    std::fs::create_dir_all(&dir).unwrap();
    let frame_src = h.url_at(
        prefix,
        &format!("?d=integration-destinations&from={from}&to={to}&viewPanel=2&kiosk"),
    );
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!DOCTYPE html><html><body><h1>Portal</h1>\
             <script>window.__msgs = []; window.addEventListener('message', e => window.__msgs.push(e.data));</script>\
             <iframe src=\"{frame_src}\" width=\"800\" height=\"400\"></iframe></body></html>"
        ),
    )
    .unwrap();
    let parent = serve_static(
        StaticSite {
            root: dir,
            prefix: "/".into(),
            overrides: Vec::new(),
            headers: Vec::new(),
        },
        0,
    )
    .unwrap();
    h.client
        .goto(&format!("http://{}/", parent.addr))
        .await
        .unwrap();
    h.wait_for(
        "the iframe",
        "return !!document.querySelector('iframe');",
        WAIT,
    )
    .await;
    h.client.enter_frame(0).await.unwrap();
    let shown = h.settle_shown(1, WAIT).await;
    assert_eq!(shown, vec![("2".to_owned(), "ok".to_owned())]);
    h.client.enter_parent_frame().await.unwrap();
    h.wait_for(
        "the parent hears promboard:panels",
        "return window.__msgs.some(m => m && m.type === 'promboard:panels' && m.states.length === 1 && m.states[0].id === 2 && m.states[0].state === 'ok');",
        WAIT,
    )
    .await;
    let shot = h.screenshot("app-iframe").await;

    // The parent sets a new range; the frame follows and reports again.
    let new_from = from - 3_600_000;
    h.eval(&format!(
        "window.__msgs = []; document.querySelector('iframe').contentWindow.postMessage({{type: 'promboard:set', from: {new_from}, to: {to}}}, '*'); return null;"
    ))
    .await;
    h.wait_for(
        "a second promboard:panels after the set",
        "return window.__msgs.some(m => m && m.type === 'promboard:panels' && m.states[0].state === 'ok');",
        WAIT,
    )
    .await;
    h.client.enter_frame(0).await.unwrap();
    let inner = search(&h).await;
    assert!(
        inner.contains(&format!("from={new_from}")),
        "{inner} ({})",
        shot.display()
    );
    h.client.enter_parent_frame().await.unwrap();
    drop(parent);
    h.close().await;
}

/// (f) Prometheus stops mid-session: panels show an error with the reason; it comes back and
/// the next refresh recovers them without a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_outage_shows_errors_and_recovers() {
    let mut h = Harness::start(RigOptions::default(), "/").await;
    let (from, to) = last_hour();
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&from={from}&to={to}")))
        .await
        .unwrap();
    h.settle(7, WAIT).await;
    h.eval("window.__marker = 'same page'; return null;").await;

    h.rig.stop_prometheus();
    click(&h, "button[aria-label='Refresh now']").await;
    h.wait_for(
        "the panels show the outage",
        "const p = [...document.querySelectorAll('[data-panel-id]')]; return p.length > 0 && p.every(e => e.dataset.panelState === 'error');",
        WAIT,
    )
    .await;
    let reason = h
        .eval("return document.querySelector('[data-panel-error]').textContent;")
        .await;
    let shot = h.screenshot("app-outage").await;
    assert!(
        reason
            .as_str()
            .unwrap_or_default()
            .contains("did not answer"),
        "{reason} ({})",
        shot.display()
    );

    h.rig.start_prometheus().unwrap();
    click(&h, "button[aria-label='Refresh now']").await;
    h.wait_for(
        "the panels recover",
        "const p = [...document.querySelectorAll('[data-panel-id]')]; return p.length > 0 && p.every(e => e.dataset.panelState === 'ok');",
        WAIT,
    )
    .await;
    let marker = h.eval("return window.__marker || null;").await;
    assert_eq!(marker.as_str(), Some("same page"), "the page was reloaded");
    h.screenshot("app-recovered").await;
    h.close().await;
}

/// Grafana `dashboards` links: the demo's Integration Server dashboards list each other by tag
/// in a menu (loaded when opened), keep the time range, and open in place (no page load); the
/// MueJam ones list each other inline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_links_list_the_tagged_dashboards_and_open_them_in_place() {
    let h = Harness::start(RigOptions::default(), "/").await;
    let (from, to) = last_hour();
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&from={from}&to={to}")))
        .await
        .unwrap();
    h.settle(7, WAIT).await;
    // Start-up loaded only the opened dashboard's file; the menu loads the others when opened.
    let files = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/dashboards/')).length;";
    assert_eq!(h.eval(files).await, serde_json::json!(1));
    let summary = h
        .eval("return document.querySelector('.dash-links details.dash-menu summary').textContent;")
        .await;
    assert_eq!(summary, serde_json::json!("Integration Server"));
    h.eval("window.__samePage = true; return null;").await;
    click(&h, ".dash-links details.dash-menu summary").await;
    h.wait_for(
        "the tagged dashboards in the menu",
        "return document.querySelectorAll('.dash-menu[open] .dash-menu-items a').length > 0;",
        WAIT,
    )
    .await;
    let shot = h.screenshot("app-dashboards-link-menu").await;
    let items = h
        .eval("return [...document.querySelectorAll('.dash-menu-items a')].map(a => [a.textContent, a.getAttribute('href')]);")
        .await;
    let want = format!("?d=integration-cc-pair-sync&from={from}&to={to}");
    assert_eq!(
        items,
        serde_json::json!([["Integration Server — CC-Pair Sync Monitoring", want]]),
        "only the other dashboard tagged integration-server ({})",
        shot.display()
    );
    assert!(
        h.eval(files).await.as_u64().unwrap() >= 8,
        "all files loaded"
    );
    // Esc (a real key press on the focused summary) closes the menu; so does a click elsewhere.
    let is_open = "return document.querySelector('.dash-links details.dash-menu').open;";
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    assert_eq!(
        h.eval(is_open).await,
        serde_json::json!(false),
        "Esc closes the menu"
    );
    click(&h, ".dash-links details.dash-menu summary").await;
    assert_eq!(h.eval(is_open).await, serde_json::json!(true));
    click(&h, ".panel-title").await;
    assert_eq!(
        h.eval(is_open).await,
        serde_json::json!(false),
        "a click elsewhere closes it"
    );
    click(&h, ".dash-links details.dash-menu summary").await;
    click(&h, ".dash-menu-items a").await;
    h.wait_for(
        "the linked dashboard",
        &format!("return location.search === {want:?} && document.querySelectorAll('[data-panel-state]').length > 0;"),
        WAIT,
    )
    .await;
    let states = h.settle(5, WAIT).await;
    assert!(states.iter().all(|(_, s)| s != "error"), "{states:?}");
    assert_eq!(
        h.eval("return window.__samePage === true;").await,
        serde_json::json!(true),
        "opened in place, without a page load"
    );
    // Inline: one link per other dashboard with the tag, no menu.
    h.client.goto(&h.url("?d=muejam-cache")).await.unwrap();
    h.wait_for(
        "the inline dashboards link",
        "return document.querySelectorAll('.dash-links .dash-tagged a').length > 0;",
        WAIT,
    )
    .await;
    let shot = h.screenshot("app-dashboards-link-inline").await;
    let inline = h
        .eval("return [...document.querySelectorAll('.dash-links .dash-tagged a')].map(a => [a.textContent, a.getAttribute('href')]);")
        .await;
    assert_eq!(
        inline,
        serde_json::json!([[
            "MueJam Library — Database Performance Metrics",
            "?d=muejam-database&from=now-1h&to=now"
        ]]),
        "{}",
        shot.display()
    );
    h.close().await;
}

/// (g) A malformed dashboard file shows its error in the list; the others still open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_dashboard_file_shows_its_error_and_others_open() {
    let h = Harness::start_with(
        RigOptions::default(),
        "/",
        vec![(
            "dashboards/broken.json".to_owned(),
            b"{\"title\": \"Broken\", \"panels\": [ oops".to_vec(),
        )],
        |config| {
            config["dashboards"]
                .as_array_mut()
                .unwrap()
                .push("dashboards/broken.json".into());
        },
    )
    .await;
    h.client.goto(&h.url("")).await.unwrap();
    h.wait_for(
        "the broken file's error",
        "const e = document.querySelector('[data-dashboard-uid=\"broken\"] .file-error'); return !!e && e.textContent.includes('broken.json');",
        WAIT,
    )
    .await;
    let shot = h.screenshot("app-broken-file").await;
    let listed = h
        .eval("return document.querySelectorAll('[data-dashboard-uid]').length;")
        .await;
    assert!(
        listed.as_u64().unwrap() >= 9,
        "{listed} ({})",
        shot.display()
    );
    click(&h, "[data-dashboard-uid='integration-destinations'] a").await;
    let states = h.settle(7, WAIT).await;
    assert!(states.iter().all(|(_, s)| s != "error"), "{states:?}");
    h.close().await;
}

/// The inspect view shows the exact query, step, URL and size — and never the datasource's
/// secret header (a canary in config.json), which is sent to Prometheus but shown nowhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspect_shows_the_query_and_no_secret() {
    const CANARY: &str = "canary-7f3a9c";
    let h = Harness::start_with(RigOptions::default(), "/", Vec::new(), |config| {
        config["datasources"][0]["headers"] =
            serde_json::json!({ "Authorization": format!("Bearer {CANARY}") });
    })
    .await;
    let (from, to) = last_hour();
    h.client
        .goto(&h.url(&format!("?d=integration-destinations&from={from}&to={to}")))
        .await
        .unwrap();
    h.settle(7, WAIT).await;
    h.eval("document.querySelector('[data-panel-id=\"5\"] [data-testid=\"panel-menu\"]').click(); return null;")
        .await;
    h.eval("document.querySelector('[data-panel-id=\"5\"] [data-action=\"inspect\"]').click(); return null;")
        .await;
    h.wait_for(
        "the inspect dialog",
        "return !!document.querySelector('[data-testid=\"inspect\"]');",
        WAIT,
    )
    .await;
    let text = h
        .eval("return document.querySelector('[data-testid=\"inspect\"]').innerText;")
        .await;
    let text = text.as_str().unwrap_or_default().to_owned();
    let shot = h.screenshot("app-inspect").await;
    assert!(
        text.contains("histogram_quantile(0.95"),
        "{text} ({})",
        shot.display()
    );
    assert!(text.contains("/api/v1/query_range"), "{text}");
    // Prometheus' CORS allows `Authorization`, so the request with the secret succeeded.
    assert!(
        !text.contains("did not answer"),
        "{text} ({})",
        shot.display()
    );
    assert!(
        !text.contains(CANARY),
        "the secret header leaked into the inspect view"
    );
    let page = h
        .eval("return document.documentElement.outerHTML + location.href;")
        .await;
    assert!(
        !page.as_str().unwrap_or_default().contains(CANARY),
        "the secret header leaked into the page"
    );
    h.close().await;
}
