//! End-to-end: the rule backtest over the rig's deterministic 6 h history. The page loads the
//! demo's AniVault rule file (`public/rules/anivault.yml`, listed in config.json), runs every
//! alerting rule with `query_range` against the real Prometheus, and must report exactly the
//! pending and firing intervals of the hourly database outage, computed here independently from
//! the exporter's incident schedule (`promboard_workload::incidents`), each rule's `for`, and the
//! evaluation grid (the file's groups set no interval, so the global default 1m applies).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test: a failure is a failing test

mod support;

use std::time::Duration;

use fantoccini::Locator;
use promboard_rig::{RigOptions, FIXED_END_S, HISTORY_H, SCRAPE_S};
use promboard_workload::{incidents, Stack};
use support::Harness;

const WAIT: Duration = Duration::from_secs(60);
/// The global evaluation interval the page uses for groups without one (Prometheus' default).
const INTERVAL_S: i64 = 60;

/// (state, start_ms, end_ms) of one interval.
type Iv = (String, i64, i64);

/// The smallest evaluation time (a multiple of the interval) whose latest sample — the scrape
/// grid point at or before it, the grid being anchored on the anchor — is at or after `t_s`.
fn first_eval_seeing(t_s: i64, anchor_s: i64) -> i64 {
    let mut e = t_s.div_euclid(INTERVAL_S) * INTERVAL_S;
    loop {
        let sample = anchor_s + (e - anchor_s).div_euclid(SCRAPE_S) * SCRAPE_S;
        if e >= t_s && sample >= t_s {
            return e;
        }
        e += INTERVAL_S;
    }
}

/// Expected intervals of a rule whose condition holds exactly in `[start, end)` of every hourly
/// period of the history: pending from the first evaluation that sees the window, firing once
/// `for` has elapsed (on the evaluation grid), inactive from the first evaluation that sees the
/// window's end.
fn expected(anchor_s: i64, start_offset_s: i64, end_offset_s: i64, for_s: i64) -> Vec<Iv> {
    let mut out = Vec::new();
    for k in 0..HISTORY_H {
        let period = anchor_s + k * 3600;
        let active = first_eval_seeing(period + start_offset_s, anchor_s);
        let resolved = first_eval_seeing(period + end_offset_s, anchor_s);
        let fires = active + (for_s + INTERVAL_S - 1) / INTERVAL_S * INTERVAL_S;
        if fires >= resolved {
            out.push(("pending".to_owned(), active * 1000, resolved * 1000));
        } else {
            if fires > active {
                out.push(("pending".to_owned(), active * 1000, fires * 1000));
            }
            out.push(("firing".to_owned(), fires * 1000, resolved * 1000));
        }
    }
    out
}

/// The window (offsets in the hourly period) of the AniVault incident behind `alert`.
fn window(alert: &str) -> (i64, i64) {
    let i = incidents()
        .iter()
        .find(|i| i.stack == Stack::Anivault && i.alert == alert)
        .unwrap_or_else(|| panic!("no AniVault incident for {alert}"));
    (i.start_offset_s as i64, i.end_offset_s() as i64)
}

async fn intervals(h: &Harness, rule: &str) -> Vec<(Iv, String)> {
    let script = format!(
        "return [...document.querySelectorAll('[data-backtest-rule=\"{rule}\"] li[data-interval-state]')]\
         .map(e => [e.dataset.intervalState, Number(e.dataset.startMs), Number(e.dataset.endMs), e.dataset.labels]);"
    );
    h.eval(&script)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let a = v.as_array().unwrap();
            (
                (
                    a[0].as_str().unwrap().to_owned(),
                    a[1].as_i64().unwrap(),
                    a[2].as_i64().unwrap(),
                ),
                a[3].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn summary(h: &Harness, rule: &str) -> String {
    h.eval(&format!(
        "const e = document.querySelector('[data-backtest-rule=\"{rule}\"] [data-testid=backtest-summary]'); return e ? e.textContent : '';"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backtest_finds_the_exact_intervals_of_the_scheduled_incidents() {
    let h = Harness::start(RigOptions::default(), "/").await;
    let anchor = FIXED_END_S - HISTORY_H * 3600;
    assert_eq!(h.rig.anchor_s, anchor);
    let (from, to) = (anchor * 1000, FIXED_END_S * 1000);
    h.client
        .goto(&h.url(&format!("?page=backtest&from={from}&to={to}")))
        .await
        .unwrap();
    h.wait_for(
        "the rule-file picker lists config.json's rules",
        "return !!document.querySelector('[data-testid=backtest-file] option[value=\"rules/anivault.yml\"]');",
        WAIT,
    )
    .await;
    h.eval(
        "const s = document.querySelector('[data-testid=backtest-file]'); s.value = 'rules/anivault.yml'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )
    .await;
    h.wait_for(
        "the file is parsed",
        "const e = document.querySelector('[data-testid=backtest-file-summary]'); return !!e && e.textContent.startsWith('9 alerting rules in 3 groups');",
        WAIT,
    )
    .await;
    // promql-parser (the on-demand module) checks every expression.
    h.wait_for(
        "the PromQL syntax is checked",
        "const e = document.querySelector('[data-testid=backtest-syntax]'); return !!e && e.textContent === 'PromQL syntax: all 9 expressions parse.';",
        WAIT,
    )
    .await;
    h.client
        .find(Locator::Css("[data-testid=backtest-run]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_for(
        "every rule is backtested",
        "const s = [...document.querySelectorAll('[data-backtest-rule]')]; return s.length === 9 && s.every(e => e.dataset.backtestState === 'done');",
        WAIT,
    )
    .await;
    let shot = h.screenshot("backtest-anivault").await;
    h.eval("document.querySelector('[data-backtest-rule=\"CacheHitRateLow\"]').scrollIntoView(); return true;")
        .await;
    h.screenshot("backtest-anivault-cache-health").await;

    // Gauge conditions hold exactly in their windows: exact intervals, one label set.
    for (rule, for_s, incident) in [
        ("DatabaseUnhealthy", 60, "DatabaseUnhealthy"),
        ("CircuitBreakerOpen", 60, "CircuitBreakerOpen"),
        ("CacheHitRateCritical", 120, "CacheHitRateCritical"),
        // Same window as the critical one (the hit rate is ≈ 12 % throughout), `for: 5m`.
        ("CacheHitRateLow", 300, "CacheHitRateCritical"),
    ] {
        let (start, end) = window(incident);
        let want = expected(anchor, start, end, for_s);
        let got = intervals(&h, rule).await;
        let ivs: Vec<Iv> = got.iter().map(|(iv, _)| iv.clone()).collect();
        assert_eq!(ivs, want, "{rule} (screenshot {})", shot.display());
        let labels: std::collections::BTreeSet<&String> = got.iter().map(|(_, l)| l).collect();
        assert_eq!(labels.len(), 1, "{rule}: {labels:?}");
        let only = labels.iter().next().unwrap();
        assert!(
            only.contains(&format!("alertname=\"{rule}\""))
                && only.contains("job=\"anivault\"")
                && only.contains("severity=")
                && !only.contains("__name__"),
            "{rule}: {only}"
        );
        if rule == "CircuitBreakerOpen" {
            assert!(only.contains("breaker=\"database\""), "{only}");
        }
    }
    // DatabaseUnhealthy: active at +180 s, fires at +240 s, resolved at +900 s, every hour.
    assert_eq!(
        summary(&h, "DatabaseUnhealthy").await,
        "fired 6 times, 1h6m in total, longest 11m"
    );
    assert_eq!(summary(&h, "MetricsServerDown").await, "never fired");
    assert_eq!(summary(&h, "SyncLatencyCritical").await, "never fired");

    // Rate-based rules lag their window by up to the 5m rate window: each of the six outages
    // fires once, starting no earlier than `for` after the window opens and ending no later
    // than 5m (+ one evaluation) after it closes.
    for (rule, for_s) in [
        ("SyncFailureRateCritical", 120),
        ("SyncFailureRateWarning", 300),
    ] {
        let (start, end) = window("SyncFailureRateCritical");
        let firing: Vec<Iv> = intervals(&h, rule)
            .await
            .into_iter()
            .map(|(iv, _)| iv)
            .filter(|iv| iv.0 == "firing")
            .collect();
        assert_eq!(firing.len(), 6, "{rule}: {firing:?}");
        for (k, (_, s, e)) in firing.iter().enumerate() {
            let period = (anchor + k as i64 * 3600) * 1000;
            assert!(
                *s >= period + (start + for_s) * 1000
                    && *s <= period + (start + for_s + 300 + INTERVAL_S) * 1000,
                "{rule} #{k} starts at +{} s",
                (s - period) / 1000
            );
            assert!(
                *e >= period + end * 1000 && *e <= period + (end + 300 + INTERVAL_S) * 1000,
                "{rule} #{k} ends at +{} s",
                (e - period) / 1000
            );
        }
    }

    // The timeline canvases are drawn (non-blank pixels in the firing red).
    let red = h
        .eval(
            "const c = document.querySelector('[data-backtest-rule=\"DatabaseUnhealthy\"] canvas'); \
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; \
             for (let i = 0; i < d.length; i += 4) { if (d[i] === 0xf2 && d[i+1] === 0x49 && d[i+2] === 0x5c) n++; } return n;",
        )
        .await
        .as_u64()
        .unwrap_or(0);
    assert!(red > 100, "firing regions drawn: {red} red pixels");
    h.close().await;
}

/// A broken rule file shows its errors with file:line, and Run stays disabled; a PromQL syntax
/// error (found by promql-parser in the on-demand module) names the rule and its line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_rule_files_show_errors_with_line_numbers() {
    let h = Harness::start(RigOptions::default(), "/").await;
    h.client.goto(&h.url("?page=backtest")).await.unwrap();
    h.wait_for(
        "the page is shown",
        "return !!document.querySelector('[data-testid=backtest-text]');",
        WAIT,
    )
    .await;
    let text = "groups:\\n  - name: g\\n    rules:\\n      - alert: A\\n        expr: up == 0\\n        for: 5 minutes\\n";
    h.eval(&format!(
        "const t = document.querySelector('[data-testid=backtest-text]'); t.value = '{text}'; t.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
    ))
    .await;
    h.wait_for(
        "the error is listed",
        "const e = document.querySelector('[data-testid=backtest-errors] li'); return !!e && e.textContent.startsWith('pasted rules:6: `for`');",
        WAIT,
    )
    .await;
    let disabled = h
        .eval("return document.querySelector('[data-testid=backtest-run]').disabled;")
        .await;
    assert_eq!(disabled.as_bool(), Some(true));
    h.screenshot("backtest-errors").await;

    // Valid YAML with a PromQL syntax error: the rule is named with its expression's line.
    let text = "groups:\\n  - name: g\\n    rules:\\n      - alert: Fine\\n        expr: up == 0\\n      - alert: Broken\\n        expr: sum(rate(up[5m])\\n";
    h.eval(&format!(
        "const t = document.querySelector('[data-testid=backtest-text]'); t.value = '{text}'; t.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
    ))
    .await;
    h.wait_for(
        "the PromQL error is listed",
        "const e = document.querySelectorAll('[data-testid=backtest-syntax-errors] li'); return e.length === 1 && e[0].textContent.startsWith('pasted rules:7: `Broken`: ');",
        WAIT,
    )
    .await;
    h.screenshot("backtest-promql-error").await;
    h.close().await;
}
