//! End-to-end: hosting and navigation (issue "The app"): `dist/` served by
//! `python3 -m http.server` and by nginx under a sub-path, back / forward through the app's
//! history, repeated panels for a multi-value variable, and selective re-query on a variable
//! change. Each server runs as a child process on a free loopback port, killed by PID on drop.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use promboard_rig::{Rig, RigOptions, FIXED_END_S};
use support::{dist_dir, Harness};

const WAIT: Duration = Duration::from_secs(60);

fn last_hour() -> (i64, i64) {
    ((FIXED_END_S - 3600) * 1000, FIXED_END_S * 1000)
}

/// A child server, killed by PID when dropped (also on panic).
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(addr: SocketAddr, child: &mut Child, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what} not listening on {addr}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of `dist/` under the rig's directory with `config.json` pointed at the rig.
fn site_copy(rig: &Rig, name: &str) -> PathBuf {
    let dir = rig.dir.join(name);
    copy_dir(&dist_dir(), &dir);
    let text = std::fs::read_to_string(dir.join("config.json")).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
    promboard_rig::point_config_at(
        &mut config,
        &rig.prometheus_url(),
        rig.alertmanager_url().as_deref(),
    );
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_vec_pretty(&config).unwrap(),
    )
    .unwrap();
    dir
}

fn python_server(root: &Path) -> Server {
    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
        ])
        .arg("--directory")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 must be installed");
    wait_listening(addr, &mut child, "python3 -m http.server");
    Server { child, addr }
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("nginx is not installed: run scripts/install-tools.sh (Debian nginx-light)")
}

/// nginx serving `root` at `/tools/promboard/` (alias), all state under `work`.
fn nginx_server(root: &Path, work: &Path) -> Server {
    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    std::fs::create_dir_all(work.join("tmp")).unwrap();
    let w = work.display();
    let conf = format!(
        "daemon off;\nmaster_process on;\nworker_processes 1;\nuser root;\npid {w}/nginx.pid;\n\
         error_log {w}/error.log;\nevents {{ worker_connections 64; }}\nhttp {{\n\
         include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n\
         access_log {w}/access.log;\nclient_body_temp_path {w}/tmp/body;\n\
         proxy_temp_path {w}/tmp/proxy;\nfastcgi_temp_path {w}/tmp/fastcgi;\n\
         uwsgi_temp_path {w}/tmp/uwsgi;\nscgi_temp_path {w}/tmp/scgi;\n\
         server {{\nlisten 127.0.0.1:{port};\n\
         location /tools/promboard/ {{ alias {}/; index index.html; }}\n}}\n}}\n",
        root.display()
    );
    let conf_path = work.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let mut child = Command::new(nginx_binary())
        .arg("-e")
        .arg(work.join("error.log"))
        .arg("-p")
        .arg(work)
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    wait_listening(addr, &mut child, "nginx");
    Server { child, addr }
}

async fn all_ok(h: &Harness, page: &str, shot: &str) {
    h.client.goto(page).await.unwrap();
    let states = h.settle(13, WAIT).await;
    let path = h.screenshot(shot).await;
    assert!(
        states.iter().all(|(_, s)| s == "ok"),
        "{page}: {states:?} ({})",
        path.display()
    );
}

fn magacin_query() -> String {
    let (from, to) = last_hour();
    format!("?d=magacin-overview&from={from}&to={to}")
}

/// (a) `python3 -m http.server` serving a copy of `dist/`: a seed dashboard reaches `ok`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_by_python_http_server() {
    let h = Harness::start(RigOptions::default(), "/").await;
    let root = site_copy(&h.rig, "python-site");
    let server = python_server(&root);
    let page = format!("http://{}/{}", server.addr, magacin_query());
    all_ok(&h, &page, "hosting-python").await;
    drop(server);
    h.close().await;
}

/// (b) nginx with `location /tools/promboard/ { alias …; }`: the same dashboard under the
/// sub-path, including a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_by_nginx_under_a_sub_path() {
    let h = Harness::start(RigOptions::default(), "/").await;
    let root = site_copy(&h.rig, "nginx-site");
    let server = nginx_server(&root, &h.rig.dir.join("nginx"));
    let page = format!("http://{}/tools/promboard/{}", server.addr, magacin_query());
    all_ok(&h, &page, "hosting-nginx").await;
    h.client.refresh().await.unwrap();
    let states = h.settle(13, WAIT).await;
    assert!(states.iter().all(|(_, s)| s == "ok"), "{states:?}");
    let path = h
        .eval("return location.pathname;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(path, "/tools/promboard/");
    drop(server);
    h.close().await;
}

async fn location_search(h: &Harness) -> String {
    h.eval("return location.search;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn range_fields(h: &Harness) -> (String, String) {
    let v = h
        .eval("const f = document.querySelector('[data-testid=range-from]'); const t = document.querySelector('[data-testid=range-to]'); return [f ? f.value : '', t ? t.value : ''];")
        .await;
    (
        v[0].as_str().unwrap_or_default().to_owned(),
        v[1].as_str().unwrap_or_default().to_owned(),
    )
}

/// (c) list → dashboard → shift the range; back restores the previous range in the URL and the
/// time picker, forward brings the shifted one again, back twice returns to the list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_restore_the_view() {
    let h = Harness::start(RigOptions::default(), "/").await;
    h.client.goto(&h.url("")).await.unwrap();
    h.wait_for(
        "dashboard list",
        "return !!document.querySelector('a[href*=\"d=magacin-overview\"]');",
        WAIT,
    )
    .await;
    h.client
        .find(Locator::Css("a[href*=\"d=magacin-overview\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_for(
        "dashboard page",
        "return !!document.querySelector('[data-testid=range-from]') && location.search.includes('d=magacin-overview');",
        WAIT,
    )
    .await;
    let first_url = location_search(&h).await;
    let first_fields = range_fields(&h).await;

    h.client
        .find(Locator::Css("[data-testid=shift-back]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shifted_url = {
        let start = Instant::now();
        loop {
            let s = location_search(&h).await;
            if s != first_url {
                break s;
            }
            assert!(start.elapsed() < WAIT, "shift-back did not change the URL");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    assert!(shifted_url.contains("from="), "{shifted_url}");
    let wait_fields = |want: (String, String)| {
        let h = &h;
        async move {
            let start = Instant::now();
            loop {
                let got = range_fields(h).await;
                if got == want {
                    return;
                }
                if start.elapsed() > WAIT {
                    let shot = h.screenshot("hosting-history").await;
                    panic!(
                        "time picker shows {got:?}, want {want:?} ({})",
                        shot.display()
                    );
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let shifted_fields = {
        // The picker follows the URL.
        let start = Instant::now();
        loop {
            let f = range_fields(&h).await;
            if f != first_fields {
                break f;
            }
            assert!(
                start.elapsed() < WAIT,
                "time picker did not follow the shift"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };

    h.client.back().await.unwrap();
    wait_fields(first_fields.clone()).await;
    assert_eq!(location_search(&h).await, first_url);

    h.client.forward().await.unwrap();
    wait_fields(shifted_fields.clone()).await;
    assert_eq!(location_search(&h).await, shifted_url);
    h.screenshot("hosting-history-forward").await;

    h.client.back().await.unwrap();
    wait_fields(first_fields).await;
    h.client.back().await.unwrap();
    h.wait_for(
        "the list again",
        "return !!document.querySelector('a[href*=\"d=magacin-overview\"]') && !document.querySelector('[data-testid=range-from]');",
        WAIT,
    )
    .await;
    h.close().await;
}

/// `[[id, state, title, queryCount]]` of every panel.
async fn panels(h: &Harness) -> Vec<(u32, String, String, u32)> {
    let v = h
        .eval("return [...document.querySelectorAll('[data-panel-id]')].map(e => [e.dataset.panelId, e.dataset.panelState, e.getAttribute('aria-label'), e.dataset.queryCount]);")
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().parse().unwrap(),
                p[1].as_str().unwrap_or_default().to_owned(),
                p[2].as_str().unwrap_or_default().to_owned(),
                p[3].as_str().unwrap_or("0").parse().unwrap_or(0),
            )
        })
        .collect()
}

/// Copies of the repeated panel 14 ("Memory $service"): 14, 14001, 14002, …
fn is_copy(id: u32) -> bool {
    id == 14 || id / 1000 == 14
}

async fn service_options(h: &Harness) -> Vec<String> {
    let v = h
        .eval("return [...document.querySelectorAll('select[data-var=\"service\"] option')].map(o => o.value).filter(v => v !== '$__all');")
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// (d) panel 14 of magacin-overview repeats on `service`: one copy per selected service, each
/// `ok` with its service in the title; (e) selecting another service re-queries only the
/// panels whose queries use `$service`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_panels_and_selective_requery() {
    let h = Harness::start(RigOptions::default(), "/").await;
    // Tall enough that every panel is on screen (only visible panels query).
    h.client.set_window_size(1400, 3200).await.unwrap();
    h.client.goto(&h.url(&magacin_query())).await.unwrap();
    h.wait_for(
        "service options",
        "return document.querySelectorAll('select[data-var=\"service\"] option').length > 2;",
        WAIT,
    )
    .await;
    let services = service_options(&h).await;
    assert!(services.len() >= 3, "{services:?}");
    let n = services.len();
    h.settle(13 + n, WAIT).await;
    let shot = h.screenshot("hosting-repeat-all").await;
    let all = panels(&h).await;
    let copies: Vec<_> = all.iter().filter(|p| is_copy(p.0)).collect();
    assert_eq!(copies.len(), n, "{all:?} ({})", shot.display());
    for (s, c) in services.iter().zip(&copies) {
        assert_eq!(c.1, "ok", "{c:?} ({})", shot.display());
        assert_eq!(c.2, format!("Memory {s}"), "{c:?}");
    }
    // maxPerRow 4: copies are 6 columns wide.
    let widths = h
        .eval("return [...document.querySelectorAll('[data-panel-id]')].filter(e => e.dataset.panelId === '14' || e.dataset.panelId.startsWith('140')).map(e => e.style.gridColumn);")
        .await;
    assert!(
        widths
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w.as_str().unwrap_or_default().contains("span 6")),
        "{widths}"
    );

    // (e) Select one service, then another: count query rounds per panel.
    let uses_service = |id: u32| matches!(id, 1 | 2 | 5 | 6 | 7 | 12) || is_copy(id);
    for (step, pick) in services.iter().take(2).enumerate() {
        let before = panels(&h).await;
        h.eval(&format!(
            "const s = document.querySelector('select[data-var=\"service\"]'); for (const o of s.options) o.selected = (o.value === '{pick}'); s.dispatchEvent(new Event('change', {{bubbles: true}})); return null;"
        ))
        .await;
        h.wait_for(
            "one copy",
            "return [...document.querySelectorAll('[data-panel-id]')].filter(e => e.dataset.panelId === '14' || e.dataset.panelId.startsWith('140')).length === 1;",
            WAIT,
        )
        .await;
        // Every panel that uses $service has run a new round.
        let start = Instant::now();
        let after = loop {
            let now = panels(&h).await;
            let done = before
                .iter()
                .filter(|b| uses_service(b.0) && !is_copy(b.0))
                .all(|b| {
                    now.iter()
                        .any(|a| a.0 == b.0 && a.3 > b.3 && a.1 != "loading")
                })
                && now.iter().all(|a| a.1 != "loading");
            if done {
                break now;
            }
            assert!(
                start.elapsed() < WAIT,
                "no re-query after selecting {pick}: {now:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // Let any stray round show up before checking the others stayed put.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let after_quiet = panels(&h).await;
        let shot = h.screenshot(&format!("hosting-repeat-{step}")).await;
        for b in before.iter().filter(|b| !uses_service(b.0)) {
            let a = after_quiet.iter().find(|a| a.0 == b.0).unwrap();
            assert_eq!(
                a.3,
                b.3,
                "panel {} ({}) re-queried on a $service change ({})",
                b.0,
                b.2,
                shot.display()
            );
        }
        let copy = after.iter().find(|a| is_copy(a.0)).unwrap();
        assert_eq!(copy.2, format!("Memory {pick}"));
        assert_eq!(copy.1, "ok", "{copy:?}");
        // Error-rate panels have no 5xx series for some services: `nodata` is right there.
        assert!(
            after_quiet.iter().all(|a| a.1 == "ok" || a.1 == "nodata"),
            "{after_quiet:?}"
        );
    }
    h.close().await;
}

/// What identifies each page: (nav link CSS, expected `location.search`, an element only it
/// has, given as a JS expression).
const PAGES: &[(&str, &str, &str)] = &[
    (
        "nav a[href='?page=alerts'], a[href='?page=alerts']",
        "?page=alerts",
        "[...document.querySelectorAll('h1')].some(e => e.textContent === 'Alerts')",
    ),
    (
        "a[href='?page=targets']",
        "?page=targets",
        "[...document.querySelectorAll('h1')].some(e => e.textContent === 'Targets')",
    ),
    (
        "a[href='?page=status']",
        "?page=status",
        "[...document.querySelectorAll('h1')].some(e => e.textContent === 'Status')",
    ),
];

const ON_LIST: &str =
    "!!document.querySelector('a[href*=\"d=magacin-overview\"]') && !document.querySelector('h1')";

async fn expect_page(h: &Harness, search: &str, check: &str, what: &str) {
    h.wait_for(
        what,
        &format!("return location.search === '{search}' && ({check});"),
        WAIT,
    )
    .await;
}

/// Every page (list, alerts, targets, status) survives a reload and back / forward through
/// the nav links.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_survives_reload_and_history() {
    let h = Harness::start(RigOptions::default(), "/").await;
    h.client.goto(&h.url("")).await.unwrap();
    expect_page(&h, "", ON_LIST, "list").await;
    for (link, search, check) in PAGES {
        h.client
            .find(Locator::Css(link))
            .await
            .unwrap_or_else(|e| panic!("{link}: {e}"))
            .click()
            .await
            .unwrap();
        expect_page(&h, search, check, search).await;
        h.client.refresh().await.unwrap();
        expect_page(&h, search, check, &format!("{search} after reload")).await;
    }
    h.screenshot("hosting-pages-status").await;
    // Back through status → targets → alerts → list, then forward again.
    for i in (0..PAGES.len()).rev() {
        h.client.back().await.unwrap();
        match i.checked_sub(1).map(|j| PAGES[j]) {
            Some((_, search, check)) => {
                expect_page(&h, search, check, &format!("back to {search}")).await
            }
            None => expect_page(&h, "", ON_LIST, "back to the list").await,
        }
    }
    for (_, search, check) in PAGES {
        h.client.forward().await.unwrap();
        expect_page(&h, search, check, &format!("forward to {search}")).await;
    }
    h.close().await;
}

/// A Grafana dashboard whose row repeats on `service`, with one stat panel in it.
const ROW_REPEAT: &str = r#"{
  "uid": "row-repeat", "title": "Row repeat", "schemaVersion": 39,
  "time": {"from": "now-1h", "to": "now"},
  "templating": {"list": [{
    "name": "service", "type": "query", "multi": true, "includeAll": true,
    "query": {"query": "label_values(http_requests_total, service)", "refId": "A"},
    "definition": "label_values(http_requests_total, service)", "refresh": 1, "sort": 1,
    "current": {"text": ["All"], "value": ["$__all"]}
  }]},
  "panels": [
    {"id": 100, "type": "row", "title": "Service $service", "repeat": "service", "collapsed": false,
     "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
    {"id": 1, "type": "stat", "title": "Memory $service",
     "gridPos": {"x": 0, "y": 1, "w": 8, "h": 4},
     "fieldConfig": {"defaults": {"unit": "bytes"}, "overrides": []},
     "targets": [{"refId": "A", "instant": true,
       "expr": "sum(process_resident_memory_bytes{service=~\"$service\"})"}]}
  ]
}"#;

/// A repeated row: one row per selected service, each titled with it, its panel pinned to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_row_per_selected_service() {
    let h = Harness::start_with(
        RigOptions::default(),
        "/",
        vec![(
            "dashboards/row-repeat.json".to_owned(),
            ROW_REPEAT.as_bytes().to_vec(),
        )],
        |config| {
            config["dashboards"]
                .as_array_mut()
                .unwrap()
                .push("dashboards/row-repeat.json".into());
        },
    )
    .await;
    let (from, to) = last_hour();
    let query = format!(
        "?d=row-repeat&from={from}&to={to}&var-service=api-gateway&var-service=task-service"
    );
    h.client.goto(&h.url(&query)).await.unwrap();
    h.wait_for(
        "two rows",
        "return document.querySelectorAll('.row-title').length === 2 && document.querySelectorAll('[data-panel-id]').length === 2;",
        WAIT,
    )
    .await;
    h.settle(2, WAIT).await;
    let shot = h.screenshot("hosting-row-repeat").await;
    let rows = h
        .eval("return [...document.querySelectorAll('.row-title')].map(e => e.textContent);")
        .await;
    assert_eq!(
        rows,
        serde_json::json!(["▾ Service api-gateway", "▾ Service task-service"]),
        "{}",
        shot.display()
    );
    let all = panels(&h).await;
    let got: Vec<(u32, &str, &str)> = all
        .iter()
        .map(|p| (p.0, p.1.as_str(), p.2.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "ok", "Memory api-gateway"),
            (1001, "ok", "Memory task-service")
        ],
        "{}",
        shot.display()
    );
    h.close().await;
}
