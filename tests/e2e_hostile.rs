//! End-to-end: hostile text (issue #10). A corpus of XSS payloads (tests/fixtures/xss.txt) is
//! placed everywhere a dashboard, Prometheus or a URL can put text: metric label values (series
//! recorded by the rig's REAL Prometheus from a generated rule file), legend formats, panel
//! titles and descriptions, custom and query variable values, `var-x=` URL parameters,
//! annotation texts (`ALERTS` with the hostile labels), alert annotations (alerts page),
//! text panels' Markdown, panel and dashboard links, and the other URL parameters.
//!
//! The page is instrumented before the app loads (a same-origin script first in `<head>`):
//! `alert`/`confirm`/`prompt`/`print` and `window.__pwn()` (what every payload calls) push to
//! `window.__xss`, and a MutationObserver lists every executable element or `on*` attribute
//! added after `DOMContentLoaded`. Each page must end with both lists empty, no dangerous
//! element or attribute anywhere, every `href`/`src`/`action` http(s) or relative, and the
//! payloads' text shown as text (not dropped).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::time::{Duration, Instant};

use promboard_rig::RigOptions;
use serde_json::{json, Value};
use support::Harness;

const WAIT: Duration = Duration::from_secs(90);

/// The payloads, one per line (a line's leading/trailing spaces and tabs are part of it).
fn corpus() -> Vec<String> {
    let text = std::fs::read_to_string(support::repo_dir().join("tests/fixtures/xss.txt")).unwrap();
    let list: Vec<String> = text
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(list.len() >= 50, "the corpus has {} payloads", list.len());
    list
}

/// Whitespace collapsed and trimmed, as `innerText` and label trimming show text.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rule file (JSON is YAML): one recording rule per payload, `hostile_payload{payload=…,idx=…}`
/// (recording-rule labels are not templated, so the value is stored verbatim), and one alert
/// per series whose annotations carry the payload through Prometheus' own templating.
fn rule_file(payloads: &[String]) -> Value {
    let mut rules: Vec<Value> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "record": "hostile_payload",
                "expr": format!("vector({i})"),
                "labels": { "payload": p, "idx": format!("{i:02}") },
            })
        })
        .collect();
    rules.push(json!({
        "alert": "HostileAlert",
        "expr": "hostile_payload",
        "labels": { "severity": "warning" },
        "annotations": {
            "summary": "{{ $labels.payload }}",
            "description": "payload {{ $labels.idx }}: {{ $labels.payload }}",
            "runbook_url": "{{ $labels.payload }}",
        },
    }));
    json!({ "groups": [{ "name": "hostile", "rules": rules }] })
}

/// Payloads that Markdown shows exactly as written: the whole text is one plain paragraph
/// (core's parser decides; its own tests pin the syntax), so the text panel's first
/// paragraph must equal the payload.
fn markdown_literal(p: &str) -> bool {
    use promboard_core::markdown::{parse, Block, Inline};
    parse(p) == vec![Block::Paragraph(vec![Inline::Text(p.to_owned())])]
}

/// The generated Grafana dashboard: every text field a dashboard can hold is a payload.
fn dashboard(payloads: &[String]) -> Value {
    let n = payloads.len();
    let mut panels = vec![
        json!({
            "id": 1, "type": "table", "title": "Label values: $q", "description": payloads[0],
            "gridPos": { "x": 0, "y": 0, "w": 12, "h": 10 },
            "targets": [{ "refId": "A", "expr": "hostile_payload", "instant": true, "format": "table" }],
        }),
        json!({
            "id": 2, "type": "timeseries", "title": "Legend from labels: ${hostile}",
            "description": payloads[1],
            "gridPos": { "x": 12, "y": 0, "w": 12, "h": 10 },
            "targets": [{ "refId": "A", "expr": "hostile_payload", "legendFormat": "{{payload}}" }],
            "options": { "legend": { "showLegend": true, "displayMode": "list", "placement": "bottom" } },
        }),
    ];
    // Legend formats: ten queries per panel, each with a payload as its legendFormat.
    for (k, chunk) in payloads.chunks(10).enumerate() {
        let targets: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let idx = k * 10 + j;
                json!({
                    "refId": format!("Q{j}"),
                    "expr": format!("hostile_payload{{idx=\"{idx:02}\"}}"),
                    "legendFormat": p,
                })
            })
            .collect();
        panels.push(json!({
            "id": 10 + k, "type": "timeseries", "title": chunk[0], "description": chunk[chunk.len() - 1],
            "gridPos": { "x": (k % 4) * 6, "y": 10 + (k / 4) * 8, "w": 6, "h": 8 },
            "targets": targets,
            "options": { "legend": { "showLegend": true, "displayMode": "list", "placement": "bottom" } },
        }));
    }
    // One text panel per payload: title, description, Markdown content and a panel link.
    let top = 10 + n.div_ceil(40) * 8 + 8;
    for (i, p) in payloads.iter().enumerate() {
        let content = format!(
            "{p}\n\n## {p}\n\n- *{p}*\n- [{p}]({p})\n\n`{p}`\n\n[safe link](https://example.com/{i}) [bad link]({p})\n"
        );
        panels.push(json!({
            "id": 100 + i, "type": "text", "title": p, "description": p,
            "gridPos": { "x": (i % 4) * 6, "y": top + (i / 4) * 5, "w": 6, "h": 5 },
            "options": { "mode": if i % 10 == 9 { "html" } else { "markdown" }, "content": content },
            "links": [{ "title": p, "url": p }, { "title": "web", "url": p.trim() }],
        }));
    }
    let custom_query = payloads
        .iter()
        .map(|p| p.replace(',', "\\,"))
        .collect::<Vec<_>>()
        .join(",");
    json!({
        "uid": "hostile",
        "title": "Hostile text",
        "schemaVersion": 39,
        "time": { "from": "now-10m", "to": "now" },
        "links": payloads.iter().map(|p| json!({ "title": p, "url": p, "type": "link" }))
            .chain([json!({ "title": "same view", "url": "?d=hostile#top", "type": "link",
                            "keepTime": true, "includeVars": true })])
            .collect::<Vec<_>>(),
        "annotations": { "list": [{
            "name": payloads[2], "enable": true, "iconColor": "red",
            "datasource": { "type": "prometheus", "uid": "prometheus" },
            "expr": "ALERTS{alertname=\"HostileAlert\"}", "step": "15s",
            "titleFormat": "{{payload}}", "textFormat": "{{idx}} {{payload}}", "tagKeys": "payload",
        }]},
        "templating": { "list": [
            { "name": "hostile", "type": "custom", "query": custom_query, "multi": true,
              "current": { "text": [payloads[3].clone()], "value": [payloads[3].clone()] } },
            { "name": "fromprom", "type": "query", "query": "label_values(hostile_payload, payload)",
              "datasource": { "type": "prometheus", "uid": "prometheus" }, "refresh": 2 },
            { "name": "q", "type": "textbox", "query": "safe" },
        ]},
        "panels": panels,
    })
}

/// Runs first in `<head>`: the hooks every check reads.
const HOOKS_JS: &str = r#"
window.__xss = [];
window.__pwn = function () { window.__xss.push('__pwn called: ' + new Error().stack); };
for (const f of ['alert', 'confirm', 'prompt', 'print']) {
  window[f] = function (m) { window.__xss.push(f + '(' + m + ')'); return null; };
}
window.__injected = [];
window.__dcl = false;
document.addEventListener('DOMContentLoaded', function () { window.__dcl = true; });
const EXEC = ['script', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'style', 'img', 'video', 'audio', 'source', 'math', 'marquee', 'noscript'];
new MutationObserver(function (records) {
  if (!window.__dcl) return;
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    for (const e of [n, ...n.querySelectorAll('*')]) {
      const t = e.tagName.toLowerCase();
      if (EXEC.includes(t) || (t === 'link' && !/\bicon\b/.test(e.rel))) window.__injected.push(e.outerHTML.slice(0, 200));
      for (const a of e.attributes) if (/^on/i.test(a.name) || /^(srcdoc|formaction)$/i.test(a.name)) window.__injected.push(t + '[' + a.name + ']');
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
"#;

/// After the page settles: what executed or was injected (empty lists = clean). `OWN` (set
/// by [`assert_clean`]) lists the inline scripts of the served `index.html` (trunk's loader).
const CHECK_JS: &str = r#"
const bad = [];
for (const e of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv], img, video, audio, source, math, marquee, noscript, svg, x')) bad.push('element ' + e.outerHTML.slice(0, 120));
for (const e of document.querySelectorAll('script')) if (!e.src && !OWN.includes(e.textContent)) bad.push('inline script ' + e.outerHTML.slice(0, 120));
for (const e of document.querySelectorAll('*')) {
  for (const a of e.attributes) {
    if (/^on/i.test(a.name) || /^(srcdoc|formaction)$/i.test(a.name)) bad.push('attribute ' + e.tagName + '[' + a.name + ']');
    if (a.name === 'style' && /javascript:|expression\(|url\(/i.test(a.value)) bad.push('style ' + a.value.slice(0, 120));
  }
}
for (const e of document.querySelectorAll('[href], [src], [action]')) {
  const raw = e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action');
  if (e.tagName === 'LINK' && /^data:image\/svg\+xml/.test(raw)) continue; // the health favicon
  let proto = '';
  try { proto = new URL(raw, location.href).protocol; } catch (_) { proto = 'unparsable'; }
  if (proto !== 'http:' && proto !== 'https:') bad.push('link ' + e.tagName + ' ' + String(raw).slice(0, 120));
}
return { xss: window.__xss || null, injected: window.__injected || null, bad: bad, hooked: typeof window.__pwn === 'function' };
"#;

/// The bodies of the inline `<script>`s of the app's own `index.html`.
fn own_inline_scripts() -> Vec<String> {
    let html = std::fs::read_to_string(support::dist_dir().join("index.html")).unwrap();
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<script") {
        rest = &rest[i..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_end = rest.find("</script>").unwrap_or(rest.len());
        if !tag.contains(" src=") {
            out.push(rest[tag_end + 1..body_end].to_owned());
        }
        rest = &rest[body_end.min(rest.len())..];
        rest = rest.strip_prefix("</script>").unwrap_or(rest);
    }
    out
}

async fn assert_clean(h: &Harness, what: &str) {
    let own = serde_json::to_string(&own_inline_scripts()).unwrap();
    let r = h.eval(&format!("const OWN = {own};\n{CHECK_JS}")).await;
    let shot = h.screenshot(&format!("hostile-{what}")).await;
    assert_eq!(
        r["hooked"],
        json!(true),
        "{what}: the hooks are not installed ({})",
        shot.display()
    );
    assert_eq!(
        r["xss"],
        json!([]),
        "{what}: payloads executed ({})",
        shot.display()
    );
    assert_eq!(
        r["injected"],
        json!([]),
        "{what}: executable elements were added ({})",
        shot.display()
    );
    assert_eq!(
        r["bad"],
        json!([]),
        "{what}: dangerous elements, attributes or links ({})",
        shot.display()
    );
}

/// Strings of `script` (a function body returning an array of strings).
async fn strings(h: &Harness, script: &str) -> Vec<String> {
    h.eval(script)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn query_prometheus(h: &Harness, expr: &str) -> Value {
    let path = format!(
        "/api/v1/query?query={}",
        promboard_core::urlstate::encode(expr)
    );
    match promboard_rig::net::http_get(h.rig.prometheus_addr, &path) {
        Ok((200, body)) => serde_json::from_slice(&body).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

/// Waits until Prometheus has evaluated the hostile rules: every series recorded and every
/// alert firing.
async fn wait_for_rules(h: &Harness, n: usize) {
    let start = Instant::now();
    loop {
        let series = query_prometheus(h, "count(hostile_payload)").await;
        let alerts = query_prometheus(
            h,
            "count(ALERTS{alertname=\"HostileAlert\",alertstate=\"firing\"})",
        )
        .await;
        let count = |v: &Value| {
            v["data"]["result"][0]["value"][1]
                .as_str()
                .and_then(|s| s.parse::<usize>().ok())
        };
        if count(&series) == Some(n) && count(&alerts) == Some(n) {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "Prometheus did not record the hostile series: {series} / {alerts}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn start(payloads: &[String], name: &str) -> Harness {
    let dir = std::env::temp_dir().join(format!("promboard-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("hostile-rules.yml");
    std::fs::write(
        &rules,
        serde_json::to_vec_pretty(&rule_file(payloads)).unwrap(),
    )
    .unwrap();
    let index = std::fs::read_to_string(support::dist_dir().join("index.html")).unwrap();
    let hooked = index.replacen("<head>", "<head><script src=\"xss-hooks.js\"></script>", 1);
    assert_ne!(hooked, index, "dist/index.html has no <head>");
    let overrides = vec![
        ("index.html".to_owned(), hooked.into_bytes()),
        ("xss-hooks.js".to_owned(), HOOKS_JS.as_bytes().to_vec()),
        (
            "dashboards/hostile.json".to_owned(),
            serde_json::to_vec_pretty(&dashboard(payloads)).unwrap(),
        ),
    ];
    let h = Harness::start_with(
        RigOptions {
            rule_files: vec![rules],
            alertmanager: true,
            ..RigOptions::default()
        },
        "/",
        overrides,
        |config| {
            config["dashboards"]
                .as_array_mut()
                .unwrap()
                .push(json!("dashboards/hostile.json"));
        },
    )
    .await;
    // Prometheus read the rule file at start-up (the rig waits until it is ready).
    let _ = std::fs::remove_dir_all(&dir);
    h
}

/// The hostile dashboard: nothing executes, nothing is injected, and every payload is shown
/// as text in titles, descriptions, table cells, legends, variable options and Markdown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_shown_as_text_and_never_executes() {
    let payloads = corpus();
    let n = payloads.len();
    let h = start(&payloads, "dashboard").await;
    wait_for_rules(&h, n).await;
    // Alerts that have fired for three evaluations draw regions wide enough to hover.
    let start_wait = Instant::now();
    while query_prometheus(
        &h,
        "min(count_over_time(ALERTS{alertname=\"HostileAlert\",alertstate=\"firing\"}[5m])) >= 3",
    )
    .await["data"]["result"]
        .as_array()
        .is_none_or(|r| r.is_empty())
    {
        assert!(
            start_wait.elapsed() < WAIT,
            "the hostile alerts stopped firing"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let q = &payloads[0];
    let url = h.url(&format!(
        "?d=hostile&from=now-10m&to=now&var-q={}&var-hostile={}&var-hostile={}",
        promboard_core::urlstate::encode(q),
        promboard_core::urlstate::encode(&payloads[4]),
        promboard_core::urlstate::encode(&payloads[5]),
    ));
    h.client.goto(&url).await.unwrap();
    let states = h.settle(n + 2, WAIT).await;
    let shot = h.screenshot("hostile-dashboard").await;
    eprintln!("screenshot: {}", shot.display());
    let errors: Vec<_> = states.iter().filter(|(_, s)| s == "error").collect();
    assert!(errors.is_empty(), "{errors:?} ({})", shot.display());
    h.eval("window.scrollTo(0, 0); return null;").await;
    h.screenshot("hostile-dashboard-top").await;
    assert_clean(&h, "dashboard").await;

    // Panel titles (text panels) and descriptions are the payloads, verbatim.
    let titles = strings(&h, "return [...document.querySelectorAll('[data-panel-id] .panel-title')].map(e => e.textContent);").await;
    let descriptions = strings(&h, "return [...document.querySelectorAll('[data-panel-id] .panel-title')].map(e => e.getAttribute('title') || '');").await;
    for p in &payloads {
        assert!(
            titles.iter().any(|t| norm(t) == norm(p)),
            "title {p:?} not shown"
        );
        assert!(descriptions.contains(p), "description {p:?} not kept");
    }
    // `var-q=` from the URL lands in a title, as text.
    assert!(
        titles.contains(&format!("Label values: {q}")),
        "{:?}",
        &titles[..3]
    );

    // Label values from the real Prometheus: table cells and the legend built from labels.
    let cells = strings(&h, "return [...document.querySelectorAll('[data-panel-id=\"1\"] td')].map(e => e.textContent);").await;
    let legend = strings(&h, "return [...document.querySelectorAll('[data-panel-id=\"2\"] .legend-item')].map(e => e.textContent);").await;
    for p in &payloads {
        assert!(
            cells.iter().any(|c| norm(c) == norm(p)),
            "label value {p:?} not in the table"
        );
        assert!(
            legend.iter().any(|l| norm(l) == norm(p)),
            "label value {p:?} not in the legend"
        );
    }
    // Legend formats that are plain text come out as written.
    let legends = strings(&h, "return [...document.querySelectorAll('[data-panel-id] .legend-item')].map(e => e.textContent);").await;
    for p in payloads.iter().filter(|p| !p.contains(['{', '[', '$'])) {
        assert!(
            legends.iter().filter(|l| norm(l) == norm(p)).count() >= 2,
            "legendFormat {p:?} not shown"
        );
    }

    // Variables: the custom options, the URL's selection and the options from Prometheus.
    let custom = strings(&h, "return [...document.querySelectorAll('select[data-var=\"hostile\"] option')].map(e => e.value);").await;
    let selected = strings(&h, "return [...document.querySelector('select[data-var=\"hostile\"]').selectedOptions].map(e => e.value);").await;
    let from_prom = strings(&h, "return [...document.querySelectorAll('select[data-var=\"fromprom\"] option')].map(e => e.value);").await;
    for p in &payloads {
        assert!(
            custom.iter().any(|c| c == p.trim()),
            "custom option {p:?} missing: {custom:?}"
        );
        assert!(
            from_prom.iter().any(|c| c == p),
            "option {p:?} from Prometheus missing"
        );
    }
    assert_eq!(
        selected,
        vec![payloads[4].trim().to_owned(), payloads[5].trim().to_owned()]
    );

    // Dashboard links: every one shown, by its title, as text; only web links are links.
    let dash_links = strings(
        &h,
        "return [...document.querySelectorAll('.dash-links .panel-link')].map(e => e.textContent);",
    )
    .await;
    assert_eq!(
        dash_links[..payloads.len()],
        payloads,
        "dashboard links in order, as text"
    );
    let mut hrefs = strings(
        &h,
        "return [...document.querySelectorAll('.dash-links a')].map(e => e.getAttribute('href'));",
    )
    .await;
    // The last link keeps the time range and includes every variable's selection, as the
    // variables bar shows it (Grafana's keepTime / includeVars).
    let keep = hrefs.pop().unwrap_or_default();
    // Payload values are percent-encoded, so a `#` can only start the fragment.
    let query = keep.split('#').next().unwrap_or_default();
    let state = promboard_core::urlstate::UrlState::parse(query);
    assert!(
        keep.starts_with("?d=hostile&from=now-10m&to=now&var-") && keep.ends_with("#top"),
        "{keep}"
    );
    let from_prom_selected = strings(&h, "return [...document.querySelector('select[data-var=\"fromprom\"]').selectedOptions].map(e => e.value);").await;
    assert_eq!(
        state.vars,
        vec![
            ("hostile".to_owned(), selected.clone()),
            ("fromprom".to_owned(), from_prom_selected),
            ("q".to_owned(), vec![q.to_owned()]),
        ],
        "{keep}"
    );
    // URLs are interpolated: `${__url_time_range}` is a built-in, unknown references stay.
    let want: Vec<String> = payloads
        .iter()
        .map(|p| p.replace("${__url_time_range}", "from=now-10m&to=now"))
        .filter_map(|p| promboard_core::links::safe_href(&p))
        .collect();
    assert!(want.len() < payloads.len(), "the corpus has non-web URLs");
    assert_eq!(
        hrefs, want,
        "exactly the http(s) and relative URLs are links"
    );
    for href in &hrefs {
        let l = href.trim_start().to_ascii_lowercase();
        assert!(
            !l.starts_with("javascript:") && !l.starts_with("data:"),
            "{href}"
        );
    }
    let shot = h.screenshot("hostile-dashboard-links").await;
    eprintln!("screenshot: {}", shot.display());

    h.eval("document.querySelector('[data-panel-id=\"100\"]').scrollIntoView(); return null;")
        .await;
    let shot = h.screenshot("hostile-text-panels").await;
    eprintln!("screenshot: {}", shot.display());
    // Markdown: raw HTML is text; a paragraph without Markdown syntax shows the payload as is.
    let paragraphs = strings(
        &h,
        "return [...document.querySelectorAll('.text-panel.markdown p')].map(e => e.textContent);",
    )
    .await;
    // (Every tenth text panel is in HTML mode: plain text, checked below.)
    let literal: Vec<&String> = payloads
        .iter()
        .enumerate()
        .filter(|(i, p)| i % 10 != 9 && markdown_literal(p))
        .map(|(_, p)| p)
        .collect();
    assert!(literal.len() >= 20, "{} literal payloads", literal.len());
    for p in literal {
        assert!(
            paragraphs.iter().any(|t| t == p),
            "markdown paragraph {p:?} not shown"
        );
    }
    let md_links = strings(&h, "return [...document.querySelectorAll('.text-panel.markdown a')].map(e => e.getAttribute('href'));").await;
    assert!(
        md_links
            .iter()
            .any(|l| l.starts_with("https://example.com/")),
        "{md_links:?}"
    );
    let unsafe_links = h
        .eval("return document.querySelectorAll('.text-panel.markdown .unsafe-link').length;")
        .await;
    assert!(unsafe_links.as_u64().unwrap() >= 20, "{unsafe_links}");
    // HTML-mode text panels are shown as plain text.
    let html_mode = strings(&h, "return [...document.querySelectorAll('.text-panel:not(.markdown)')].map(e => e.textContent);").await;
    assert!(!html_mode.is_empty());
    assert!(html_mode
        .iter()
        .all(|t| payloads.iter().any(|p| t.starts_with(p.as_str()))));

    // Annotations: the ALERTS regions' hover text is the hostile label, as text.
    let mut tip = String::new();
    h.wait_for(
        "annotation regions on the legend panel",
        "const e = document.querySelector('[data-panel-id=\"2\"]'); return Number(e.dataset.regions) > 0;",
        WAIT,
    )
    .await;
    // The alerts fired moments ago: their regions are thin, at the plot's right edge.
    for off in (1..40).chain((40..300).step_by(6)) {
        h.eval(&format!(
            "const a = document.querySelector('[data-panel-id=\"2\"] .chart-area'); const r = a.getBoundingClientRect(); \
             a.dispatchEvent(new MouseEvent('mousemove', {{clientX: r.right - {off}, clientY: r.top + r.height / 2, bubbles: true}})); return null;"
        ))
        .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        tip = h
            .eval("const t = document.querySelector('[data-testid=region-hover]'); return t ? t.textContent : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !tip.is_empty() {
            break;
        }
    }
    h.screenshot("hostile-annotation-hover").await;
    let regions = h
        .eval("return [...document.querySelectorAll('[data-panel-id]')].slice(0, 8).map(e => e.dataset.panelId + ':' + e.dataset.regions + ':' + e.dataset.regionStates);")
        .await;
    assert!(
        payloads.iter().any(|p| tip.contains(p.trim())),
        "annotation tooltip {tip:?}; regions per panel {regions}"
    );
    assert_clean(&h, "dashboard-after-hover").await;
    h.close().await;
}

/// The alerts page with hostile alert annotations (rendered by Prometheus from the labels),
/// and URL parameters that are payloads: nothing executes, the text is shown as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_alerts_and_url_parameters_never_execute() {
    let payloads = corpus();
    let n = payloads.len();
    let h = start(&payloads, "alerts").await;
    wait_for_rules(&h, n).await;

    h.client.goto(&h.url("?page=alerts")).await.unwrap();
    h.wait_for(
        "the hostile alert instances",
        "return document.querySelectorAll('.alert-instance').length > 0;",
        WAIT,
    )
    .await;
    // Expand every rule so its instances (and their annotations) are shown.
    h.eval("for (const d of document.querySelectorAll('details')) d.open = true; return null;")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_clean(&h, "alerts").await;
    let text = h.eval("return document.body.textContent;").await;
    let text = text.as_str().unwrap_or_default().to_owned();
    for p in &payloads {
        assert!(
            text.contains(p.trim()),
            "alert annotation {p:?} not shown on the alerts page"
        );
    }
    let runbooks = strings(
        &h,
        "return [...document.querySelectorAll('a.runbook')].map(e => e.getAttribute('href'));",
    )
    .await;
    assert!(
        runbooks
            .iter()
            .all(|r| r.starts_with("http") || !r.contains(':')),
        "{runbooks:?}"
    );

    // Every URL parameter as a payload: an error in words, never execution.
    for (i, p) in payloads.iter().enumerate().step_by(3) {
        let e = promboard_core::urlstate::encode(p);
        let query = match i % 4 {
            0 => format!("?d={e}&from={e}&to={e}&refresh={e}"),
            1 => format!("?d=hostile&from={e}&to=now&viewPanel={e}&theme={e}&var-fromprom={e}"),
            2 => format!("?page={e}&kiosk={e}&tz={e}"),
            _ => format!("?d=hostile&var-q={e}&var-hostile={e}#{e}"),
        };
        h.client.goto(&h.url(&query)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_clean(&h, &format!("url-{i}")).await;
    }
    h.close().await;
}
