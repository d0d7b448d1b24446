//! Shared end-to-end harness: a rig (real Prometheus), `dist/` served on loopback with a
//! `config.json` pointing at it, and a headless Chromium driven through chromedriver.
//!
//! Contract: everything is torn down (by PID) when the `Harness` drops, also on panic.
//! `dist/` must have been built (`trunk build --release`, as scripts/test.sh does); a missing
//! build fails the test with that instruction instead of skipping.

#![allow(dead_code)] // reason: each test binary uses a different subset of the harness
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test harness: a failure is a failing test

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use promboard_rig::browser::Chromedriver;
use promboard_rig::{serve_static, HttpServer, Rig, RigOptions, StaticSite};

pub struct Harness {
    pub client: Client,
    pub site: HttpServer,
    pub rig: Rig,
    _driver: Chromedriver,
}

pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dist_dir() -> PathBuf {
    let dist = repo_dir().join("dist");
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build it first with `trunk build --release` (scripts/test.sh does)",
        dist.display()
    );
    dist
}

impl Harness {
    /// Starts the rig, serves `dist/` under `prefix` and opens a browser.
    pub async fn start(opts: RigOptions, prefix: &str) -> Harness {
        Self::start_with(opts, prefix, Vec::new(), |_| {}).await
    }

    /// [`Harness::start`] with extra files served (`overrides`, paths relative to the prefix)
    /// and a chance to edit the `config.json` pointing at the rig.
    pub async fn start_with(
        opts: RigOptions,
        prefix: &str,
        overrides: Vec<(String, Vec<u8>)>,
        edit_config: impl FnOnce(&mut serde_json::Value),
    ) -> Harness {
        let rig = Rig::start(opts).unwrap();
        let url = rig.prometheus_url();
        Self::serve(rig, prefix, &url, overrides, edit_config).await
    }

    /// Like `start`, with an already started rig and every datasource of the site's
    /// `config.json` pointed at `datasource_url` (e.g. another engine speaking the Prometheus
    /// API, such as VictoriaMetrics); Alertmanager stays the rig's.
    pub async fn with_rig(rig: Rig, prefix: &str, datasource_url: &str) -> Harness {
        Self::serve(rig, prefix, datasource_url, Vec::new(), |_| {}).await
    }

    /// Serves `dist/` for `rig` with every datasource at `datasource_url`, extra files and a
    /// config edit, and opens a browser.
    async fn serve(
        rig: Rig,
        prefix: &str,
        datasource_url: &str,
        overrides: Vec<(String, Vec<u8>)>,
        edit_config: impl FnOnce(&mut serde_json::Value),
    ) -> Harness {
        let dist = dist_dir();
        let operator = std::fs::read_to_string(dist.join("config.json")).unwrap();
        let mut config_json: serde_json::Value = serde_json::from_str(&operator).unwrap();
        promboard_rig::point_config_at(
            &mut config_json,
            datasource_url,
            rig.alertmanager_url().as_deref(),
        );
        edit_config(&mut config_json);
        let config = serde_json::to_vec_pretty(&config_json).unwrap();
        let mut all = vec![("config.json".to_owned(), config)];
        all.extend(overrides);
        let site = serve_static(
            StaticSite {
                root: dist,
                prefix: prefix.into(),
                overrides: all,
                headers: Vec::new(),
            },
            0,
        )
        .unwrap();
        let driver = Chromedriver::start(&rig.dir.join("chrome")).unwrap();
        let caps = driver.chrome_capabilities(1400, 1000);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap();
        Harness {
            client,
            site,
            rig,
            _driver: driver,
        }
    }

    pub fn url(&self, query: &str) -> String {
        format!("http://{}/{}", self.site.addr, query)
    }

    /// Runs `script` (a function body returning a JSON value) in the page.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, Vec::new()).await.unwrap()
    }

    /// `{panel id → state}` of every panel on the page.
    pub async fn panel_states(&self) -> Vec<(String, String)> {
        let v = self
            .eval("return [...document.querySelectorAll('[data-panel-id]')].map(e => [e.dataset.panelId, e.dataset.panelState, e.getAttribute('aria-label')]);")
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|p| {
                        let id = p[0].as_str().unwrap_or_default();
                        let title = p[2].as_str().unwrap_or_default();
                        (
                            format!("{id} ({title})"),
                            p[1].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until at least `min_panels` panels exist and none is `loading`; returns their states.
    pub async fn settle(&self, min_panels: usize, timeout: Duration) -> Vec<(String, String)> {
        let start = Instant::now();
        loop {
            let states = self.panel_states().await;
            if states.len() >= min_panels && states.iter().all(|(_, s)| s != "loading") {
                return states;
            }
            // Off-screen panels query only when scrolled to (IntersectionObserver).
            if states.iter().any(|(_, s)| s == "loading") {
                self.eval("const e = document.querySelector('.panel[data-panel-state=\"loading\"]:not(.hidden)'); if (e) e.scrollIntoView(); return null;").await;
            }
            if start.elapsed() >= timeout {
                let shot = self.screenshot("settle-timeout").await;
                let text = self
                    .eval("return document.body.innerText.slice(0, 2000);")
                    .await;
                panic!("panels did not settle within {timeout:?}: {states:?}\npage text: {text}\nscreenshot: {}", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The site's URL under `prefix` (e.g. `/tools/promboard/`) with `query`.
    pub fn url_at(&self, prefix: &str, query: &str) -> String {
        format!("http://{}{}{}", self.site.addr, prefix, query)
    }

    /// Like [`Harness::settle`], over the panels shown (not hidden by `viewPanel`).
    pub async fn settle_shown(
        &self,
        min_panels: usize,
        timeout: Duration,
    ) -> Vec<(String, String)> {
        let start = Instant::now();
        loop {
            let v = self
                .eval("return [...document.querySelectorAll('[data-panel-id]:not(.hidden)')].map(e => [e.dataset.panelId, e.dataset.panelState]);")
                .await;
            let states: Vec<(String, String)> = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            (
                                p[0].as_str().unwrap_or_default().to_owned(),
                                p[1].as_str().unwrap_or_default().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            if states.len() >= min_panels && states.iter().all(|(_, s)| s != "loading") {
                return states;
            }
            if start.elapsed() >= timeout {
                let shot = self.screenshot("settle-shown-timeout").await;
                panic!(
                    "shown panels did not settle within {timeout:?}: {states:?}\nscreenshot: {}",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Polls `script` (a function body returning a boolean) until it returns true.
    /// Moves the WebDriver mouse to viewport coordinates (CSS px, rounded).
    pub async fn move_mouse(&self, x: f64, y: f64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let a = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        });
        self.client.perform_actions(a).await.unwrap();
    }

    pub async fn wait_for(&self, what: &str, script: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            if self.eval(script).await.as_bool() == Some(true) {
                return;
            }
            if start.elapsed() >= timeout {
                let shot = self.screenshot("wait-timeout").await;
                let text = self
                    .eval("return document.body.innerText.slice(0, 2000);")
                    .await;
                panic!(
                    "{what}: not true within {timeout:?}\npage text: {text}\nscreenshot: {}",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG screenshot under target/screenshots/NAME.png (for people to look at).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let dir = repo_dir().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// On the integration-destinations dashboard over the last hour before `FIXED_END_S`:
    /// "Active CC-Pair syncs" (panel 2: sum, lastNotNull, 0 decimals) shows exactly the
    /// model's value at the range's end (the step grid hits it), and "Destination health"
    /// (panel 1) maps 1 → "Healthy" for all four destinations.
    pub async fn assert_integration_destinations_values(&self, shot: &std::path::Path) {
        use promboard_rig::{FIXED_END_S, HISTORY_H};
        use promboard_workload::{lookup, Stack};
        let anchor = FIXED_END_S - HISTORY_H * 3600;
        let expected = lookup(
            Some(Stack::Integration),
            anchor,
            FIXED_END_S as f64,
            "cc_pair_active_syncs",
            &[],
        )
        .expect("the model has cc_pair_active_syncs");
        let shown = self
            .eval("return document.querySelector('[data-panel-id=\"2\"] [data-value]').dataset.value;")
            .await;
        assert_eq!(
            shown.as_str(),
            Some(format!("{}", expected.round()).as_str()),
            "screenshot {}",
            shot.display()
        );
        let health = self
            .eval("return [...document.querySelectorAll('[data-panel-id=\"1\"] [data-value]')].map(e => e.dataset.value);")
            .await;
        let health: Vec<&str> = health
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            health.len(),
            4,
            "{health:?} (screenshot {})",
            shot.display()
        );
        assert!(
            health.iter().all(|v| *v == "Healthy"),
            "{health:?} (screenshot {})",
            shot.display()
        );
    }

    pub async fn close(self) {
        let Harness { client, .. } = self;
        let _ = client.close().await;
    }
}
