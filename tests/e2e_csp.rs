//! End-to-end: the built app under the strict Content-Security-Policy operators are told to use
//! (README, "Hosting"): no inline script or style, wasm allowed, connections only to the
//! datasources. `dist/` is served by the rig's static server with that header; a seed dashboard
//! reaches `ok` on every panel, the operations module (alerts) and the on-demand PromQL module load
//! and work. A blocked script or module would leave the page at "Loading…" or the check unanswered.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::time::Duration;

use promboard_rig::{serve_static, RigOptions, StaticSite, FIXED_END_S};
use support::{dist_dir, Harness};

const WAIT: Duration = Duration::from_secs(60);

/// The policy from the README, with the rig's Prometheus and Alertmanager as `connect-src`.
fn policy(h: &Harness) -> String {
    let am = h.rig.alertmanager_url().unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self' {} {am}; img-src 'self' data:",
        h.rig.prometheus_url()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_csp_dashboard_ops_and_lazy_module() {
    let h = Harness::start(RigOptions::default(), "/").await;
    // index.html itself carries no inline script (boot-*.js is external).
    let index = std::fs::read_to_string(dist_dir().join("index.html")).unwrap();
    assert!(
        !index.contains("<script>") && !index.contains("<script type=\"module\">"),
        "{index}"
    );
    assert!(
        !index.contains(" style=\""),
        "inline style in index.html: {index}"
    );

    // The config.json the harness serves (pointed at the rig), served again with the header.
    let (status, config) = promboard_rig::net::http_get(h.site.addr, "/config.json").unwrap();
    assert_eq!(status, 200);
    let site = serve_static(
        StaticSite {
            root: dist_dir(),
            prefix: "/".into(),
            overrides: vec![("config.json".to_owned(), config)],
            headers: vec![("Content-Security-Policy".to_owned(), policy(&h))],
        },
        0,
    )
    .unwrap();
    let from = (FIXED_END_S - 3600) * 1000;
    let to = FIXED_END_S * 1000;
    let page = format!(
        "http://{}/?d=integration-destinations&from={from}&to={to}",
        site.addr
    );
    h.client.goto(&page).await.unwrap();
    let states = h.settle(5, WAIT).await;
    let shot = h.screenshot("csp-dashboard").await;
    assert!(
        states.iter().all(|(_, s)| s == "ok"),
        "{states:?} ({})",
        shot.display()
    );
    h.assert_integration_destinations_values(&shot).await;

    // The operations module under the same policy.
    h.client
        .goto(&format!("http://{}/?page=alerts", site.addr))
        .await
        .unwrap();
    h.wait_for(
        "alerts page under CSP",
        "return [...document.querySelectorAll('h1')].some(e => e.textContent === 'Alerts');",
        WAIT,
    )
    .await;
    h.screenshot("csp-alerts").await;
    // The PromQL parser is a module of its own: not fetched by these pages.
    let parser = h
        .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('promboard_promql')).length;")
        .await;
    assert_eq!(
        parser.as_i64(),
        Some(0),
        "the parser must not load before it is used"
    );
    // Explore with a broken query in the URL: the parser module is fetched under the policy and
    // places the error (a blocked module would leave no error shown).
    h.client
        .goto(&format!(
            "http://{}/?page=explore&expr=sum%20by%20(job)%20(up",
            site.addr
        ))
        .await
        .unwrap();
    h.wait_for(
        "the parser module checks the query under CSP",
        "const e = document.querySelector('[data-testid=expr-error-0]'); return e !== null && e.dataset.errorStart === '13';",
        WAIT,
    )
    .await;
    let fetched = h
        .eval("return performance.getEntriesByType('resource').some(e => e.name.includes('promboard_promql_bg.wasm'));")
        .await;
    assert_eq!(fetched.as_bool(), Some(true));
    h.screenshot("csp-explore").await;
    h.close().await;
}
