//! End-to-end: the Explore page (issue "Explore, targets and status") in headless Chromium
//! against the rig's real Prometheus (deterministic history): a typo shows its error at the
//! right position before any query is sent, completion offers the rig's metric names, a run
//! draws a graph and a table with the model's value, the explain tree and the metrics browser
//! show what they should, the URL restores the queries and the history keeps them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)] // reason: a test fails loudly at the broken step

mod support;

use std::time::Duration;

use fantoccini::Locator;
use promboard_rig::{RigOptions, FIXED_END_S, HISTORY_H};
use promboard_workload::{lookup, Stack};
use support::Harness;

const WAIT: Duration = Duration::from_secs(30);

fn page_query() -> String {
    format!(
        "?page=explore&from={}&to={}",
        (FIXED_END_S - 3600) * 1000,
        FIXED_END_S * 1000
    )
}

/// Replaces the editor's text as a paste would (one `input` event).
async fn set_expr(h: &Harness, i: usize, text: &str) {
    let js = format!(
        "const el = document.querySelector('[data-testid=expr-{i}]'); el.focus(); el.value = {}; el.setSelectionRange(el.value.length, el.value.length); el.dispatchEvent(new Event('input', {{bubbles: true}})); return null;",
        serde_json::to_string(text).unwrap()
    );
    h.eval(&js).await;
}

async fn type_keys(h: &Harness, i: usize, keys: &str) {
    let el = h
        .client
        .find(Locator::Css(&format!("[data-testid=expr-{i}]")))
        .await
        .unwrap();
    el.click().await.unwrap();
    el.send_keys(keys).await.unwrap();
}

/// Names of the resources fetched so far that are queries.
async fn query_requests(h: &Harness) -> Vec<String> {
    let v = h
        .eval("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/v1/query'));")
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// `(start, end, marked text, message)` of editor `i`'s error.
async fn error_of(h: &Harness, i: usize) -> (i64, i64, String, String) {
    let v = h
        .eval(&format!(
            "const e = document.querySelector('[data-testid=expr-error-{i}]'); return [Number(e.dataset.errorStart), Number(e.dataset.errorEnd), [...document.querySelectorAll('[data-testid=query-row-{i}] .pq-error')].map(s => s.textContent).join(''), e.textContent];"
        ))
        .await;
    (
        v[0].as_i64().unwrap(),
        v[1].as_i64().unwrap(),
        v[2].as_str().unwrap().to_owned(),
        v[3].as_str().unwrap().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explore_checks_completes_runs_and_shares() {
    let h = Harness::start(RigOptions::default(), "/").await;
    h.client.goto(&h.url(&page_query())).await.unwrap();
    h.wait_for(
        "the explore editor",
        "return document.querySelector('[data-testid=expr-0]') !== null;",
        WAIT,
    )
    .await;

    // 1. A typo: the error is shown at the unclosed parenthesis, before any query request.
    type_keys(&h, 0, "rate(http_requests_total[5m]").await;
    h.wait_for(
        "the check of the typo",
        "return document.querySelector('[data-testid=query-row-0]').dataset.check === 'error';",
        WAIT,
    )
    .await;
    let (start, end, marked, message) = error_of(&h, 0).await;
    let shot = h.screenshot("explore-error").await;
    assert_eq!(
        (start, end, marked.as_str()),
        (4, 5, "("),
        "{message} ({})",
        shot.display()
    );
    assert!(
        message.contains("unclosed left parenthesis") && message.contains("column 5"),
        "{message}"
    );
    assert_eq!(
        query_requests(&h).await,
        Vec::<String>::new(),
        "no query before Run"
    );
    // The parser came as its own module, on demand.
    let parser = h
        .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('promboard_promql')).length;")
        .await;
    assert!(
        parser.as_i64().unwrap_or(0) >= 1,
        "the parser module was fetched"
    );

    set_expr(&h, 0, "sum by (job) (up").await;
    h.wait_for(
        "the second typo's error",
        "const e = document.querySelector('[data-testid=expr-error-0]'); return e !== null && e.dataset.errorStart === '13';",
        WAIT,
    )
    .await;
    assert_eq!(query_requests(&h).await, Vec::<String>::new());

    // 2. Completion: the rig's metric names for a prefix, with their TYPE.
    set_expr(&h, 0, "").await;
    type_keys(&h, 0, "cc_pair_act").await;
    h.wait_for(
        "metric completion",
        "return document.querySelector('[data-testid=completions] li[data-label=cc_pair_active_syncs]') !== null;",
        WAIT,
    )
    .await;
    let first = h
        .eval("const li = document.querySelector('[data-testid=completions] li'); return [li.dataset.label, li.dataset.kind];")
        .await;
    h.screenshot("explore-completion").await;
    assert_eq!(first[0].as_str(), Some("cc_pair_active_syncs"));
    assert_eq!(first[1].as_str(), Some("metric"));
    // Tab accepts; the label list for `{` follows from the series of that metric.
    type_keys(&h, 0, "\u{e004}{").await; // Tab, then `{`
    h.wait_for(
        "label completion",
        "return document.querySelector('[data-testid=completions] li[data-kind=label]') !== null;",
        WAIT,
    )
    .await;
    let value = h
        .eval("return document.querySelector('[data-testid=expr-0]').value;")
        .await;
    assert!(
        value.as_str().unwrap().starts_with("cc_pair_active_syncs{"),
        "{value}"
    );

    // 3. Run: a graph with the queries, then the table with the model's value.
    let expr = "sum(cc_pair_active_syncs)";
    set_expr(&h, 0, expr).await;
    h.eval("document.activeElement.blur(); document.querySelector('[data-testid=run]').click(); return null;")
        .await;
    h.wait_for(
        "the graph",
        "const p = document.querySelector('[data-panel-id=\"1\"]'); return p !== null && p.dataset.panelState === 'ok' && p.querySelector('canvas') !== null;",
        WAIT,
    )
    .await;
    let queries = query_requests(&h).await;
    assert!(
        queries.iter().any(|q| q.contains("/api/v1/query_range")),
        "{queries:?}"
    );
    h.client
        .find(Locator::Css("[data-testid=explain]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_for(
        "the explain tree",
        "return document.querySelectorAll('[data-testid=explain-0] li').length === 2;",
        WAIT,
    )
    .await;
    let tree = h
        .eval("return [...document.querySelectorAll('[data-testid=explain-0] li')].map(li => li.dataset.depth + ' ' + li.dataset.kind + ' ' + li.querySelector('.pq-desc').textContent);")
        .await;
    h.screenshot("explore-graph-explain").await;
    assert_eq!(
        tree,
        serde_json::json!([
            "0 aggregation Sums the values over all series into one series.",
            "1 selector Selects the latest sample of every series named cc_pair_active_syncs (looking back at most 5m by default)."
        ])
    );

    h.client
        .find(Locator::Css("[data-testid=tab-table]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_for(
        "the table",
        "const p = document.querySelector('[data-panel-id=\"2\"]'); return p !== null && p.dataset.panelState === 'ok' && p.querySelector('td') !== null;",
        WAIT,
    )
    .await;
    let cells = h
        .eval("return [...document.querySelectorAll('[data-panel-id=\"2\"] td')].map(td => td.textContent);")
        .await;
    let shot = h.screenshot("explore-table").await;
    let anchor = FIXED_END_S - HISTORY_H * 3600;
    let expected = lookup(
        Some(Stack::Integration),
        anchor,
        FIXED_END_S as f64,
        "cc_pair_active_syncs",
        &[],
    )
    .unwrap();
    let numbers: Vec<f64> = cells
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str()?.trim().parse::<f64>().ok())
        .collect();
    assert!(
        numbers.iter().any(|v| (v - expected).abs() < 1e-9),
        "table {cells} has the model's {expected} ({})",
        shot.display()
    );

    // 4. The URL restores the queries and the tab; the history keeps the query.
    let search = h.eval("return location.search;").await;
    let search = search.as_str().unwrap().to_owned();
    assert!(
        search.contains("expr=sum%28cc_pair_active_syncs%29")
            || search.contains("expr=sum(cc_pair_active_syncs)"),
        "{search}"
    );
    assert!(
        search.contains("tab=table") && search.contains("from="),
        "{search}"
    );
    h.client.goto(&h.url(&search)).await.unwrap();
    h.wait_for(
        "the restored table",
        "const p = document.querySelector('[data-panel-id=\"2\"]'); return p !== null && p.dataset.panelState === 'ok';",
        WAIT,
    )
    .await;
    let restored = h
        .eval("return document.querySelector('[data-testid=expr-0]').value;")
        .await;
    assert_eq!(restored.as_str(), Some(expr));
    let history = h
        .eval("return [...document.querySelectorAll('[data-testid=history] [data-history-index]')].map(b => b.textContent);")
        .await;
    assert_eq!(history[0].as_str(), Some(expr), "{history}");

    // 5. The metrics browser: HELP/TYPE, then the picked metric's series and labels.
    h.eval("document.querySelector('[data-testid=metrics-browser] summary').click(); return null;")
        .await;
    let search_box = h
        .client
        .find(Locator::Css("[data-testid=metrics-search]"))
        .await
        .unwrap();
    search_box.send_keys("cc_pair_active").await.unwrap();
    h.wait_for(
        "the metric list",
        "return document.querySelector('[data-testid=metrics-browser] li[data-metric=cc_pair_active_syncs]') !== null;",
        WAIT,
    )
    .await;
    h.eval("document.querySelector('[data-testid=metrics-browser] li[data-metric=cc_pair_active_syncs]').click(); return null;")
        .await;
    h.wait_for(
        "the metric's cardinality",
        "return document.querySelector('[data-testid=metric-detail] [data-series]') !== null;",
        WAIT,
    )
    .await;
    let detail = h
        .eval("const d = document.querySelector('[data-testid=metric-detail]'); return [Number(d.querySelector('[data-series]').dataset.series), [...d.querySelectorAll('tr[data-label]')].map(r => r.dataset.label)];")
        .await;
    let shot = h.screenshot("explore-metrics-browser").await;
    assert!(
        detail[0].as_i64().unwrap() >= 1,
        "{detail} ({})",
        shot.display()
    );
    let labels: Vec<&str> = detail[1]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(
        labels.contains(&"job") && labels.contains(&"instance"),
        "{labels:?}"
    );
    h.close().await;
}
