//! End-to-end: the Alerts page against a live rig with the seed rule files and Alertmanager.
//! AniVault's database outage is under way at start-up, so `CircuitBreakerOpen` (`for: 1m`)
//! goes pending at once and fires about a minute later; the page follows it by auto-refresh,
//! Alertmanager receives it, and a silence created through the page's form reaches
//! Alertmanager.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test: a failure is a failing test

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::Locator;
use promboard_rig::{Mode, RigOptions};
use support::Harness;

/// Seconds into the hourly database outage at start-up (see rig/tests/seeds.rs).
const OUTAGE_OFFSET_AT_START_S: i64 = 210;
const RULE: &str = "[data-alert-rule=\"CircuitBreakerOpen\"]";

async fn rule_state(h: &Harness) -> String {
    h.eval(&format!(
        "const e = document.querySelector('{RULE}'); return e ? e.dataset.alertState : '';"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Polls `script` (returning a boolean) until true or `timeout`; screenshot on failure.
async fn wait_for(h: &Harness, what: &str, script: &str, timeout: Duration) {
    let start = Instant::now();
    loop {
        if h.eval(script).await.as_bool() == Some(true) {
            return;
        }
        if start.elapsed() > timeout {
            let shot = h.screenshot(&format!("alerts-timeout-{what}")).await;
            let text = h
                .eval("return document.body.innerText.slice(0, 3000);")
                .await;
            panic!(
                "{what}: not within {timeout:?}\npage: {text}\nscreenshot: {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_goes_pending_then_firing_and_can_be_silenced_in_alertmanager() {
    let now_s = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let h = Harness::start(
        RigOptions {
            mode: Mode::LiveAnchored {
                anchor_s: now_s - OUTAGE_OFFSET_AT_START_S,
            },
            alertmanager: true,
            rule_files: vec![support::repo_dir().join("public/rules/*.yml")],
            ..RigOptions::default()
        },
        "/",
    )
    .await;
    h.client.goto(&h.url("?page=alerts")).await.unwrap();
    wait_for(
        &h,
        "rules-listed",
        "return document.querySelectorAll('[data-alert-rule]').length > 0;",
        Duration::from_secs(60),
    )
    .await;

    // Pending first (the rule needs one evaluation), then firing after `for: 1m`, seen through
    // the page's own 30 s refresh (no reload).
    let start = Instant::now();
    let mut seen_pending = false;
    loop {
        let s = rule_state(&h).await;
        if s == "pending" && !seen_pending {
            seen_pending = true;
            h.screenshot("alerts-pending").await;
        }
        if s == "firing" {
            break;
        }
        if start.elapsed() > Duration::from_secs(170) {
            let shot = h.screenshot("alerts-never-fired").await;
            panic!(
                "CircuitBreakerOpen never fired on the page (last {s:?}); screenshot {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    assert!(
        seen_pending,
        "the page never showed CircuitBreakerOpen pending"
    );
    let shot = h.screenshot("alerts-firing").await;

    // The description is the rule's template rendered with the alert's labels.
    let description = h
        .eval(&format!(
            "return document.querySelector('{RULE} .alert-description').textContent;"
        ))
        .await;
    let description = description.as_str().unwrap_or_default();
    assert!(
        description.starts_with("Circuit breaker database on ") && !description.contains("{{"),
        "description {description:?} (screenshot {})",
        shot.display()
    );
    let instance = h
        .eval(&format!(
            "return [...document.querySelectorAll('{RULE} .label-chip')].map(e => e.textContent).find(t => t.startsWith('instance=')) || '';"
        ))
        .await;
    let instance = instance
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("instance=");
    assert!(
        !instance.is_empty() && description.contains(instance),
        "{description:?} should name the instance {instance:?}"
    );
    let runbook = h
        .eval(&format!(
            "const a = document.querySelector('{RULE} a.runbook'); return a ? a.getAttribute('href') : '';"
        ))
        .await;
    assert_eq!(
        runbook.as_str(),
        Some("https://runbooks.example.com/anivault/CircuitBreakerOpen")
    );
    let active_for = h
        .eval(&format!(
            "return document.querySelector('{RULE} .active-for').textContent;"
        ))
        .await;
    assert!(
        active_for
            .as_str()
            .unwrap_or_default()
            .starts_with("active for "),
        "{active_for:?}"
    );

    // The "Firing" chip shows only firing rules.
    h.client
        .find(Locator::Css("[data-filter-state=\"firing\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shown = h
        .eval("return [...document.querySelectorAll('[data-alert-rule]')].map(e => e.dataset.alertState);")
        .await;
    let shown: Vec<&str> = shown
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|s| *s == "firing"),
        "{shown:?}"
    );
    h.screenshot("alerts-firing-filter").await;
    h.client
        .find(Locator::Css("[data-filter-state=\"firing\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Alertmanager gets it after group_wait; the page lists it on a later refresh.
    let am_alert = "[data-am-alert=\"CircuitBreakerOpen\"]";
    wait_for(
        &h,
        "alertmanager-lists-the-alert",
        &format!("return !!document.querySelector('{am_alert}[data-am-state=\"active\"]');"),
        Duration::from_secs(120),
    )
    .await;
    h.client
        .find(Locator::Css(&format!("{am_alert} .silence-btn")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = h.client.find(Locator::Css(".silence-form")).await.unwrap();
    form.find(Locator::Css("input[name=author]"))
        .await
        .unwrap()
        .send_keys("e2e-oncall")
        .await
        .unwrap();
    form.find(Locator::Css("input[name=comment]"))
        .await
        .unwrap()
        .send_keys("database maintenance (e2e)")
        .await
        .unwrap();
    h.screenshot("alerts-silence-form").await;
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &h,
        "silence-created",
        "return !!document.querySelector('.am-ok');",
        Duration::from_secs(20),
    )
    .await;

    // Alertmanager has it, matching the alert's labels exactly.
    let am = h.rig.alertmanager_addr.unwrap();
    let (status, body) = promboard_rig::net::http_get(am, "/api/v2/silences").unwrap();
    assert_eq!(status, 200);
    let silences: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let ours = silences
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["createdBy"] == "e2e-oncall")
        .unwrap_or_else(|| panic!("no silence by e2e-oncall in {silences}"));
    assert_eq!(ours["comment"], "database maintenance (e2e)");
    assert_eq!(ours["status"]["state"], "active");
    let matchers = ours["matchers"].as_array().unwrap();
    assert!(
        matchers.iter().any(|m| m["name"] == "alertname"
            && m["value"] == "CircuitBreakerOpen"
            && m["isEqual"] == true
            && m["isRegex"] == false),
        "{matchers:?}"
    );
    let id = ours["id"].as_str().unwrap().to_owned();

    // The page lists the new silence, and says why it cannot expire it.
    wait_for(
        &h,
        "silence-listed",
        &format!("return !!document.querySelector('[data-silence-id=\"{id}\"]');"),
        Duration::from_secs(20),
    )
    .await;
    let note = h
        .eval("return document.querySelector('.cors-note').textContent;")
        .await;
    assert!(
        note.as_str().unwrap_or_default().contains("reverse proxy"),
        "{note:?}"
    );
    h.eval("document.querySelector('.am-section').scrollIntoView(); return null;")
        .await;
    h.screenshot("alerts-silenced").await;
    h.close().await;
}
