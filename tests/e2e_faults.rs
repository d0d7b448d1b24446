//! End-to-end fault matrix (issue "Hardening", first item): the built app in headless Chromium
//! against the rig's real Prometheus and Alertmanager, each behind a fault-injecting proxy
//! (`promboard_rig::fault`). A fault is scoped to one panel's PromQL, so that panel fails
//! while every other request reaches the real Prometheus.
//!
//! For each fault: the affected panel shows the reason in words (or a warning / the special
//! value), every other panel keeps refreshing and stays `ok`, the last good data stays drawn
//! marked stale, and after the fault is cleared the panel is `ok` again on a following
//! auto-refresh (5 s) — on the same page, never reloaded.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use promboard_rig::fault::{Fault, FaultProxy, Rule};
use promboard_rig::{RigOptions, FIXED_END_S};
use serde_json::Value;
use support::Harness;

const WAIT: Duration = Duration::from_secs(60);
/// The datasource timeout the tests configure: longer than the 10 s slow response.
const TIMEOUT_S: u64 = 15;

/// Panel 6 of integration-destinations, "Error rates by type" (time series).
const ERRORS_Q: &str = "destination_errors_total";
/// Panels 2 and 8, "Active CC-Pair syncs" (stat) and its bar gauge.
const SYNCS_Q: &str = "sum(cc_pair_active_syncs)";
/// Panel 3, "Delivery error ratio" (stat).
const RATIO_Q: &str = "destination_documents_sent_total{status=\"failure\"}[5m]";

struct Proxies {
    prometheus: FaultProxy,
    alertmanager: Option<FaultProxy>,
}

fn addr_of(url: &str) -> SocketAddr {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// A harness whose datasource (timeout `TIMEOUT_S`) and Alertmanager are behind proxies.
async fn start(opts: RigOptions) -> (Harness, Proxies) {
    let mut slot = None;
    let h = Harness::start_with(opts, "/", Vec::new(), |config: &mut Value| {
        let prom_url = config["datasources"][0]["url"].as_str().unwrap().to_owned();
        let prometheus = FaultProxy::start(addr_of(&prom_url)).unwrap();
        for ds in config["datasources"].as_array_mut().unwrap() {
            ds["url"] = Value::String(prometheus.url());
            ds["timeoutS"] = Value::from(TIMEOUT_S);
        }
        let alertmanager = config["alertmanager"]["url"]
            .as_str()
            .map(|u| FaultProxy::start(addr_of(u)).unwrap());
        if let Some(am) = &alertmanager {
            config["alertmanager"]["url"] = Value::String(am.url());
        }
        slot = Some(Proxies {
            prometheus,
            alertmanager,
        });
    })
    .await;
    (h, slot.unwrap())
}

fn dashboard_url(h: &Harness) -> String {
    let (from, to) = ((FIXED_END_S - 3600) * 1000, FIXED_END_S * 1000);
    h.url(&format!(
        "?d=integration-destinations&from={from}&to={to}&refresh=5s"
    ))
}

/// Every panel: id → (state, stale, query count, error text, warning text, first data-value).
async fn panels(h: &Harness) -> Vec<Value> {
    h.eval(
        "return [...document.querySelectorAll('[data-panel-id]')].map(e => ({
            id: Number(e.dataset.panelId),
            state: e.dataset.panelState,
            stale: e.dataset.stale === 'true',
            queries: Number(e.dataset.queryCount || 0),
            generation: Number(e.dataset.generation || 0),
            error: (e.querySelector('[data-panel-error]') || {}).textContent || '',
            warning: (e.querySelector('.badge.warn') || {ariaLabel: ''}).getAttribute?.('aria-label') || '',
            value: (e.querySelector('[data-value]') || {dataset: {}}).dataset.value || null,
            canvas: !!e.querySelector('.panel-body canvas'),
        }));",
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

fn panel(all: &[Value], id: u64) -> Value {
    all.iter()
        .find(|p| p["id"].as_u64() == Some(id))
        .cloned()
        .unwrap_or_else(|| panic!("no panel {id} in {all:?}"))
}

/// Polls until `pred` holds for panel `id`; panics with the panel, page text and a screenshot.
async fn wait_panel(
    h: &Harness,
    id: u64,
    what: &str,
    timeout: Duration,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let all = panels(h).await;
        let p = all
            .iter()
            .find(|p| p["id"].as_u64() == Some(id))
            .cloned()
            .unwrap_or(Value::Null);
        if !p.is_null() && pred(&p) {
            return p;
        }
        if start.elapsed() > timeout {
            let shot = h.screenshot(&format!("faults-timeout-{id}")).await;
            panic!(
                "panel {id}: {what} not seen within {timeout:?}; last {p}; screenshot {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until every panel not in `affected` that had queried before has refreshed again since
/// `before` and is `ok` and not stale: the other panels kept working.
async fn others_keep_working(h: &Harness, affected: &[u64], before: &[Value], case: &str) {
    let start = Instant::now();
    loop {
        let all = panels(h).await;
        let mut pending = Vec::new();
        for b in before {
            let id = b["id"].as_u64().unwrap();
            if affected.contains(&id) || b["queries"].as_u64() == Some(0) {
                continue;
            }
            let now = panel(&all, id);
            let state = now["state"].as_str().unwrap_or_default();
            assert!(
                state == "ok" || state == "loading",
                "{case}: panel {id} is {state} while another panel's query fails: {now}"
            );
            assert_eq!(
                now["stale"],
                Value::Bool(false),
                "{case}: panel {id} went stale"
            );
            if now["queries"].as_u64() <= b["queries"].as_u64() || state != "ok" {
                pending.push(id);
            }
        }
        if pending.is_empty() {
            return;
        }
        if start.elapsed() > WAIT {
            let shot = h.screenshot("faults-others").await;
            panic!(
                "{case}: panels {pending:?} did not refresh to ok; screenshot {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

enum Expect {
    /// `error` state, the last good data still drawn and marked stale, the reason in words.
    StaleError(&'static str),
    /// `ok`, with a warning badge carrying this text.
    Warning(&'static str),
    /// `ok`, the first value shown is this text.
    Value(&'static str),
}

struct Case {
    name: &'static str,
    matching: &'static str,
    affected: &'static [u64],
    fault: Fault,
    expect: Expect,
}

fn prom_error(status: u16, error_type: &str, message: &str) -> Fault {
    Fault::PromError {
        status,
        error_type: error_type.into(),
        message: message.into(),
    }
}

fn cases() -> Vec<Case> {
    let status = |status: u16, body: &str| Fault::Status {
        status,
        body: body.into(),
    };
    let on_errors = |name, fault, expect| Case {
        name,
        matching: ERRORS_Q,
        affected: &[6],
        fault,
        expect,
    };
    vec![
        on_errors(
            "connection closed (Prometheus down for this query)",
            Fault::Close,
            Expect::StaleError("did not answer or did not allow this origin"),
        ),
        on_errors(
            "500",
            status(500, "internal server error"),
            Expect::StaleError("the server answered HTTP 500: internal server error"),
        ),
        on_errors(
            "503 errorType timeout",
            prom_error(503, "timeout", "query timed out in expression evaluation"),
            Expect::StaleError("The query timed out in Prometheus"),
        ),
        on_errors(
            "400 bad_data",
            prom_error(
                400,
                "bad_data",
                "invalid parameter \"query\": 1:5: parse error: unexpected",
            ),
            Expect::StaleError("Prometheus rejected the query: invalid parameter"),
        ),
        on_errors(
            "422 execution",
            prom_error(422, "execution", "many-to-many matching not allowed"),
            Expect::StaleError(
                "Prometheus could not execute the query: many-to-many matching not allowed",
            ),
        ),
        on_errors(
            "never finishes",
            Fault::Hang,
            Expect::StaleError("Prometheus did not answer within 15 s"),
        ),
        on_errors(
            "truncated JSON",
            Fault::Truncate(300),
            Expect::StaleError("it may have been cut off"),
        ),
        on_errors(
            "malformed JSON",
            Fault::Garbage,
            Expect::StaleError("The response from Prometheus could not be read"),
        ),
        on_errors(
            "CORS refused",
            Fault::NoCors,
            Expect::StaleError("did not allow this origin (CORS)"),
        ),
        on_errors(
            "401",
            status(401, "Unauthorized"),
            Expect::StaleError("Prometheus refused access (HTTP 401)"),
        ),
        on_errors(
            "403",
            status(403, "Forbidden"),
            Expect::StaleError("Prometheus refused access (HTTP 403)"),
        ),
        on_errors(
            "warnings",
            Fault::Warnings(vec!["PromQL info: metric might not be a counter".into()]),
            Expect::Warning("metric might not be a counter"),
        ),
        on_errors(
            "100,000 series",
            Fault::ManySeries(100_000),
            Expect::Warning("Showing the first 1,000 of 100,000 series"),
        ),
        Case {
            name: "NaN and ±Inf values",
            matching: SYNCS_Q,
            affected: &[2, 8],
            fault: Fault::SpecialValues(vec![
                Some("+Inf".into()),
                Some("NaN".into()),
                Some("-Inf".into()),
                None,
            ]),
            expect: Expect::Value("∞"),
        },
    ]
}

/// The panel matrix on integration-destinations, plus the 10 s slow response.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_shows_its_reason_keeps_other_panels_and_recovers() {
    let (h, proxies) = start(RigOptions::default()).await;
    let proxy = &proxies.prometheus;

    // A panel that fails from the start shows only the error (nothing to keep); one that
    // fails after drawing keeps its data, marked stale.
    proxy.inject(
        Some(RATIO_Q),
        prom_error(
            422,
            "execution",
            "query processing would load too many samples into memory",
        ),
    );
    h.client.goto(&dashboard_url(&h)).await.unwrap();
    h.eval("window.__marker = 'same page'; return null;").await;
    let p3 = wait_panel(&h, 3, "an error from the start", WAIT, |p| {
        p["state"] == "error"
    })
    .await;
    assert_eq!(p3["stale"], Value::Bool(false), "{p3}");
    assert!(
        p3["error"]
            .as_str()
            .unwrap()
            .contains("would load too many samples"),
        "{p3}"
    );
    h.settle(7, WAIT).await;
    for id in [1, 2, 4, 5, 6, 7] {
        wait_panel(&h, id, "ok", WAIT, |p| p["state"] == "ok").await;
    }
    h.screenshot("faults-error-only").await;
    {
        let plan = proxy.plan();
        plan.lock().unwrap().rules.push(Rule {
            matching: Some(ERRORS_Q.into()),
            fault: Fault::Status {
                status: 500,
                body: "internal server error".into(),
            },
        });
    }
    wait_panel(&h, 6, "stale", WAIT, |p| p["stale"] == true).await;
    h.eval("document.querySelector('[data-panel-id=\"6\"]').scrollIntoView({block: 'center'}); return null;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shot = h.screenshot("faults-error-and-stale").await;
    eprintln!("screenshot {}", shot.display());
    proxy.clear();
    for id in [3, 6] {
        wait_panel(&h, id, "recovered", WAIT, |p| {
            p["state"] == "ok" && p["stale"] == false
        })
        .await;
    }

    for case in cases() {
        let started = Instant::now();
        let before = panels(&h).await;
        proxy.inject(Some(case.matching), case.fault.clone());
        let id = case.affected[0];
        let timeout = WAIT.max(Duration::from_secs(TIMEOUT_S + 30));
        let shown = match case.expect {
            Expect::StaleError(reason) => {
                let p = wait_panel(&h, id, reason, timeout, |p| {
                    p["state"] == "error" && p["error"].as_str().unwrap_or("").contains(reason)
                })
                .await;
                assert_eq!(
                    (p["stale"].as_bool(), p["canvas"].as_bool()),
                    (Some(true), Some(true)),
                    "{}: the last good chart is not kept and marked stale: {p}",
                    case.name
                );
                p
            }
            Expect::Warning(text) => {
                wait_panel(&h, id, text, timeout, |p| {
                    p["state"] == "ok" && p["warning"].as_str().unwrap_or("").contains(text)
                })
                .await
            }
            Expect::Value(text) => {
                wait_panel(&h, id, text, timeout, |p| {
                    p["state"] == "ok" && p["value"].as_str() == Some(text)
                })
                .await
            }
        };
        assert!(
            proxy.hits(case.fault.name()) > 0,
            "{}: the fault was never hit",
            case.name
        );
        if matches!(case.fault, Fault::ManySeries(_)) {
            // The page stays responsive while it decodes 100,000 series every refresh: a
            // script gets its turn within a few seconds (generous: debug builds on a loaded
            // machine; the latency is printed, not benchmarked here).
            let mut worst = Duration::ZERO;
            for _ in 0..10 {
                let t = Instant::now();
                h.eval("return document.querySelectorAll('[data-panel-id]').length;")
                    .await;
                worst = worst.max(t.elapsed());
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            eprintln!("100,000 series: slowest script answer {worst:?}");
            assert!(
                worst < Duration::from_secs(10),
                "a script waited {worst:?} with 100,000 series on the page"
            );
            h.screenshot("faults-many-series").await;
        }
        others_keep_working(&h, case.affected, &before, case.name).await;
        proxy.clear();
        for &id in case.affected {
            wait_panel(&h, id, "recovered", timeout, |p| {
                p["state"] == "ok"
                    && p["stale"] == false
                    && p["warning"] == ""
                    && p["error"] == ""
                    && (p["value"].is_null() || p["value"] != "∞")
            })
            .await;
        }
        eprintln!(
            "{}: shown as {} and recovered in {:?}",
            case.name,
            shown["error"]
                .as_str()
                .filter(|e| !e.is_empty())
                .or(shown["warning"].as_str().filter(|w| !w.is_empty()))
                .or(shown["value"].as_str())
                .unwrap_or_default(),
            started.elapsed()
        );
    }

    // A 10 s slow response: the panel waits for it (a 5 s refresh must not cancel it, or it
    // would never finish) and shows the data; the others keep refreshing meanwhile.
    let before = panels(&h).await;
    let delays = proxy.hits("delay");
    proxy.inject(Some(ERRORS_Q), Fault::Delay(Duration::from_secs(10)));
    // Time from the delayed request's arrival at the proxy: a round already in flight when the
    // fault was set finishes fast and is not the one measured.
    let start = Instant::now();
    while proxy.hits("delay") == delays {
        assert!(start.elapsed() < WAIT, "the slow query was never sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let slow_started = Instant::now();
    let slow_round = panel(&panels(&h).await, 6)["queries"].as_u64().unwrap();
    let mut finished = false;
    while slow_started.elapsed() < Duration::from_secs(30) {
        let p = panel(&panels(&h).await, 6);
        assert_ne!(
            p["state"], "error",
            "the slow response became an error: {p}"
        );
        assert_eq!(
            p["queries"].as_u64(),
            Some(slow_round),
            "a refresh started another round while the slow one ran: {p}"
        );
        if p["state"] == "ok" {
            finished = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waited = slow_started.elapsed();
    assert!(finished, "the slow panel never finished");
    assert!(
        waited >= Duration::from_secs(8),
        "the slow panel finished after {waited:?}"
    );
    assert_eq!(
        proxy.hits("delay"),
        delays + 1,
        "the refresh cancelled and re-sent the slow query"
    );
    others_keep_working(&h, &[6], &before, "slow response").await;
    proxy.clear();
    eprintln!("slow response: shown after {waited:?}");

    let marker = h.eval("return window.__marker || null;").await;
    assert_eq!(marker.as_str(), Some("same page"), "the page was reloaded");
    h.close().await;
}

/// Prometheus down for every query, then Alertmanager down: the panels keep their data marked
/// stale with the reason and recover; the alerts page says Alertmanager is unreachable while
/// the rules (from Prometheus) keep showing, and the section recovers on its next refresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_and_alertmanager_down_and_back() {
    let (h, proxies) = start(RigOptions {
        alertmanager: true,
        rule_files: vec![support::repo_dir().join("public/rules/*.yml")],
        ..RigOptions::default()
    })
    .await;
    let prom = &proxies.prometheus;
    let am = proxies.alertmanager.as_ref().unwrap();

    h.client.goto(&dashboard_url(&h)).await.unwrap();
    h.eval("window.__marker = 'same page'; return null;").await;
    let settled = h.settle(7, WAIT).await;
    assert!(settled.iter().all(|(_, s)| s == "ok"), "{settled:?}");
    let queried: Vec<u64> = panels(&h)
        .await
        .iter()
        .filter(|p| p["queries"].as_u64() > Some(0))
        .map(|p| p["id"].as_u64().unwrap())
        .collect();

    prom.inject(None, Fault::Close);
    for &id in &queried {
        let p = wait_panel(&h, id, "stale with the outage", WAIT, |p| {
            p["state"] == "error" && p["stale"] == true
        })
        .await;
        assert!(
            p["error"].as_str().unwrap().contains("did not answer"),
            "{p}"
        );
    }
    h.screenshot("faults-prometheus-down").await;
    prom.clear();
    for &id in &queried {
        wait_panel(&h, id, "recovered", WAIT, |p| {
            p["state"] == "ok" && p["stale"] == false
        })
        .await;
    }
    let marker = h.eval("return window.__marker || null;").await;
    assert_eq!(marker.as_str(), Some("same page"), "the page was reloaded");

    // Alertmanager down: the alerts page says so; the Prometheus part keeps working.
    am.inject(None, Fault::Close);
    h.client.goto(&h.url("?page=alerts")).await.unwrap();
    h.eval("window.__marker = 'alerts page'; return null;")
        .await;
    h.wait_for(
        "the Alertmanager section says it is unreachable",
        "const e = document.querySelector('.am-section .am-error'); return !!e && e.textContent.includes('did not answer');",
        WAIT,
    )
    .await;
    h.wait_for(
        "the rules from Prometheus are listed",
        "return document.querySelectorAll('[data-alert-rule]').length > 0;",
        WAIT,
    )
    .await;
    h.eval("document.querySelector('.am-section').scrollIntoView(); return null;")
        .await;
    let shot = h.screenshot("faults-alertmanager-down").await;
    assert!(am.hits("close") > 0, "{}", shot.display());
    am.clear();
    // The page refreshes every 30 s.
    h.wait_for(
        "the Alertmanager section recovers",
        "const s = document.querySelector('.am-section'); return !!s && !s.querySelector('.am-error') && [...s.querySelectorAll('h3')].some(e => e.textContent.startsWith('Alerts ('));",
        Duration::from_secs(75),
    )
    .await;
    assert!(
        h.eval("return document.querySelectorAll('[data-alert-rule]').length > 0;")
            .await
            .as_bool()
            == Some(true)
    );
    let marker = h.eval("return window.__marker || null;").await;
    assert_eq!(
        marker.as_str(),
        Some("alerts page"),
        "the page was reloaded"
    );
    h.close().await;
}
