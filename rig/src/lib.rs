//! The real-Prometheus rig shared by the end-to-end tests and the demo.
//!
//! Contract: `Rig::start` brings up, on 127.0.0.1 only, in a fresh directory:
//! the workload exporter (in-process, one scrape job per seed stack), Debian's `prometheus`
//! with 6 h of history written by the exporter's own model and backfilled with `promtool`
//! (so history and live scrapes are one seamless series), and optionally
//! `prometheus-alertmanager` and `prometheus-node-exporter`. It waits until every service is
//! ready. Dropping the `Rig` kills each child by its PID and removes the directory, also when
//! a test fails or panics.
//!
//! Two modes: `Mode::Deterministic` ends the history at a fixed instant (`FIXED_END_S`), so
//! tests assert exact values computed from the exporter's model; `Mode::Live` anchors the
//! incident schedule at start-up, so alert rules really go pending and fire;
//! `Mode::LiveAnchored` is live with an anchor chosen in the past (an incident already running).

pub mod browser;
pub mod fault;
pub mod http;
pub mod net;
pub mod procs;
pub mod victoria;

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use promboard_workload as workload;

pub use http::{serve_static, HttpServer, Reply, StaticSite};
use procs::Proc;

/// End of the deterministic history: 2026-01-01T00:00:00Z.
pub const FIXED_END_S: i64 = 1_767_225_600;
/// Hours of history written before the end (deterministic) or before start-up (live).
pub const HISTORY_H: i64 = 6;
/// Scrape and rule-evaluation interval, and the backfill step.
pub const SCRAPE_S: i64 = 15;

#[derive(Debug, thiserror::Error)]
pub enum RigError {
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Protocol(String),
    #[error("{name} did not become ready: {detail}")]
    NotReady { name: String, detail: String },
    #[error("{0}")]
    Command(String),
}

impl RigError {
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            what: what.into(),
            source,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// History ends at `end_s`; the incident schedule is anchored `HISTORY_H` before it.
    Deterministic { end_s: i64 },
    /// History ends at start-up; the exporter continues it live.
    Live,
    /// Like `Live`, but the incident schedule is anchored at `anchor_s` (in the past), so an
    /// incident can already be under way at start-up. History still ends before now, on the
    /// anchor's scrape grid.
    LiveAnchored { anchor_s: i64 },
}

/// Which ports to use: 0 = a free one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ports {
    pub prometheus: u16,
    pub alertmanager: u16,
    pub node_exporter: u16,
    pub exporter: u16,
}

#[derive(Clone, Debug)]
pub struct RigOptions {
    pub mode: Mode,
    pub alertmanager: bool,
    pub node_exporter: bool,
    /// Rule files (globs allowed) loaded by Prometheus.
    pub rule_files: Vec<PathBuf>,
    pub ports: Ports,
}

impl Default for RigOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Deterministic { end_s: FIXED_END_S },
            alertmanager: false,
            node_exporter: false,
            rule_files: Vec::new(),
            ports: Ports::default(),
        }
    }
}

/// A running rig. Everything stops when it is dropped.
#[derive(Debug)]
pub struct Rig {
    pub dir: PathBuf,
    /// Unix seconds the incident schedule is anchored at.
    pub anchor_s: i64,
    /// Last backfilled sample (unix seconds).
    pub history_end_s: i64,
    pub prometheus_addr: SocketAddr,
    pub alertmanager_addr: Option<SocketAddr>,
    pub exporter_addr: SocketAddr,
    /// `instance` label of the exporter's series (backfilled and live).
    pub instance: String,
    prometheus_args: Vec<String>,
    prometheus: Option<Proc>,
    alertmanager: Option<Proc>,
    node_exporter: Option<Proc>,
    exporter: Option<HttpServer>,
}

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn port_or_free(p: u16) -> Result<u16, RigError> {
    if p == 0 {
        net::free_port()
    } else {
        Ok(p)
    }
}

impl Rig {
    pub fn start(opts: RigOptions) -> Result<Self, RigError> {
        let dir = std::env::temp_dir().join(format!(
            "promboard-rig-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(dir.join("data"))
            .map_err(|e| RigError::io(format!("create {}", dir.display()), e))?;

        let (anchor_s, history_end_s) = match opts.mode {
            Mode::Deterministic { end_s } => (end_s - HISTORY_H * 3600, end_s),
            Mode::Live => {
                let anchor = now_s() / SCRAPE_S * SCRAPE_S;
                (anchor, anchor - SCRAPE_S)
            }
            Mode::LiveAnchored { anchor_s } => {
                // One scrape before the last grid point (anchor + k·SCRAPE_S) at or before
                // now, as in `Live`.
                let steps = (now_s() - anchor_s).div_euclid(SCRAPE_S);
                (anchor_s, anchor_s + (steps - 1) * SCRAPE_S)
            }
        };

        // 1. The workload exporter, in-process.
        let exporter_port = port_or_free(opts.ports.exporter)?;
        let exporter = serve_exporter(exporter_port, anchor_s)?;
        let instance = format!("127.0.0.1:{}", exporter.addr.port());

        // 2. History, backfilled into the data dir before Prometheus opens it.
        backfill(
            &dir,
            anchor_s,
            history_end_s - HISTORY_H * 3600,
            history_end_s,
            &instance,
        )?;

        // 3. Alertmanager and node-exporter.
        let mut rig = Self {
            dir: dir.clone(),
            anchor_s,
            history_end_s,
            prometheus_addr: SocketAddr::from((
                [127, 0, 0, 1],
                port_or_free(opts.ports.prometheus)?,
            )),
            alertmanager_addr: None,
            exporter_addr: exporter.addr,
            instance,
            prometheus_args: Vec::new(),
            prometheus: None,
            alertmanager: None,
            node_exporter: None,
            exporter: Some(exporter),
        };
        if opts.alertmanager {
            rig.start_alertmanager(port_or_free(opts.ports.alertmanager)?)?;
        }
        let node_addr = if opts.node_exporter {
            let port = port_or_free(opts.ports.node_exporter)?;
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let proc = Proc::spawn(
                "node-exporter",
                "prometheus-node-exporter",
                &[format!("--web.listen-address={addr}")],
                &dir,
            )?;
            rig.node_exporter = Some(proc);
            net::wait_ready("node-exporter", addr, "/metrics", Duration::from_secs(20))?;
            Some(addr)
        } else {
            None
        };

        // 4. Prometheus.
        let config = prometheus_config(&rig, node_addr, &opts.rule_files);
        let config_path = dir.join("prometheus.yml");
        std::fs::write(&config_path, config)
            .map_err(|e| RigError::io("write prometheus.yml", e))?;
        rig.prometheus_args = vec![
            format!("--config.file={}", config_path.display()),
            format!("--storage.tsdb.path={}", dir.join("data").display()),
            "--storage.tsdb.retention.time=100y".into(),
            format!("--web.listen-address={}", rig.prometheus_addr),
            "--web.enable-lifecycle".into(),
        ];
        rig.start_prometheus()?;
        Ok(rig)
    }

    pub fn prometheus_url(&self) -> String {
        format!("http://{}", self.prometheus_addr)
    }

    pub fn alertmanager_url(&self) -> Option<String> {
        self.alertmanager_addr.map(|a| format!("http://{a}"))
    }

    /// (Re)starts Prometheus on the same port and data, and waits until it is ready.
    pub fn start_prometheus(&mut self) -> Result<(), RigError> {
        let mut proc = Proc::spawn("prometheus", "prometheus", &self.prometheus_args, &self.dir)?;
        let ready = net::wait_ready(
            "prometheus",
            self.prometheus_addr,
            "/-/ready",
            Duration::from_secs(60),
        );
        if let Err(e) = ready {
            let tail = proc.log_tail();
            proc.stop();
            return Err(RigError::Command(format!("{e}\nprometheus log:\n{tail}")));
        }
        self.prometheus = Some(proc);
        Ok(())
    }

    /// Stops Prometheus (by PID), e.g. to test how panels report an outage.
    pub fn stop_prometheus(&mut self) {
        if let Some(mut p) = self.prometheus.take() {
            p.stop();
        }
    }

    /// Stops the workload exporter: its targets go down on the next scrape.
    pub fn stop_exporter(&mut self) {
        self.exporter = None;
    }

    fn start_alertmanager(&mut self, port: u16) -> Result<(), RigError> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let config_path = self.dir.join("alertmanager.yml");
        std::fs::write(&config_path, ALERTMANAGER_CONFIG)
            .map_err(|e| RigError::io("write alertmanager.yml", e))?;
        let am_dir = self.dir.join("alertmanager");
        std::fs::create_dir_all(&am_dir).map_err(|e| RigError::io("create alertmanager dir", e))?;
        let proc = Proc::spawn(
            "alertmanager",
            "prometheus-alertmanager",
            &[
                format!("--config.file={}", config_path.display()),
                format!("--storage.path={}", am_dir.display()),
                format!("--web.listen-address={addr}"),
                "--cluster.listen-address=".into(),
            ],
            &self.dir,
        )?;
        let ready = net::wait_ready("alertmanager", addr, "/-/ready", Duration::from_secs(30));
        if let Err(e) = ready {
            return Err(RigError::Command(format!(
                "{e}\nalertmanager log:\n{}",
                proc.log_tail()
            )));
        }
        self.alertmanager = Some(proc);
        self.alertmanager_addr = Some(addr);
        Ok(())
    }

    /// PIDs of the child processes (for the demo's "stopping …" message).
    pub fn pids(&self) -> Vec<(String, u32)> {
        [&self.prometheus, &self.alertmanager, &self.node_exporter]
            .into_iter()
            .flatten()
            .filter_map(|p| p.pid().map(|pid| (p.name.clone(), pid)))
            .collect()
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        self.prometheus = None;
        self.alertmanager = None;
        self.node_exporter = None;
        self.exporter = None;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const ALERTMANAGER_CONFIG: &str = "\
route:
  receiver: 'null'
  group_by: ['alertname', 'job']
  group_wait: 10s
  group_interval: 30s
  repeat_interval: 4h
inhibit_rules:
  - source_matchers: ['severity=\"critical\"']
    target_matchers: ['severity=\"warning\"']
    equal: ['alertname', 'job']
receivers:
  - name: 'null'
";

fn prometheus_config(rig: &Rig, node: Option<SocketAddr>, rule_files: &[PathBuf]) -> String {
    let mut c = String::new();
    let _ = writeln!(
        c,
        "global:\n  scrape_interval: {SCRAPE_S}s\n  evaluation_interval: {SCRAPE_S}s\n"
    );
    if !rule_files.is_empty() {
        c.push_str("rule_files:\n");
        for f in rule_files {
            let _ = writeln!(c, "  - '{}'", f.display());
        }
    }
    if let Some(am) = rig.alertmanager_addr {
        let _ = writeln!(
            c,
            "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['{am}']"
        );
    }
    c.push_str("scrape_configs:\n");
    for stack in workload::Stack::ALL {
        let id = stack.id();
        let _ = writeln!(
            c,
            "  - job_name: '{id}'\n    metrics_path: '/metrics/{id}'\n    static_configs:\n      - targets: ['{}']",
            rig.instance
        );
    }
    if let Some(node) = node {
        let _ = writeln!(
            c,
            "  - job_name: 'node'\n    static_configs:\n      - targets: ['{node}']"
        );
    }
    let _ = writeln!(
        c,
        "  - job_name: 'prometheus'\n    static_configs:\n      - targets: ['{}']",
        rig.prometheus_addr
    );
    c
}

fn serve_exporter(port: u16, anchor_s: i64) -> Result<HttpServer, RigError> {
    let handler = std::sync::Arc::new(move |url: &str| {
        let path = url.split('?').next().unwrap_or("");
        let t_s = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        let stack = match path {
            "/metrics" => None,
            "/-/healthy" => return Reply::ok("text/plain", b"ok\n".to_vec()),
            p => match p
                .strip_prefix("/metrics/")
                .and_then(workload::Stack::from_id)
            {
                Some(s) => Some(s),
                None => return Reply::not_found(),
            },
        };
        Reply::ok(
            "text/plain; version=0.0.4; charset=utf-8",
            workload::render_text(stack, anchor_s, t_s).into_bytes(),
        )
    });
    HttpServer::start(
        SocketAddr::from(([127, 0, 0, 1], port)),
        Vec::new(),
        handler,
    )
}

/// Writes the model's history as OpenMetrics and backfills it with promtool.
fn backfill(
    dir: &Path,
    anchor_s: i64,
    start_s: i64,
    end_s: i64,
    instance: &str,
) -> Result<(), RigError> {
    let om_path = dir.join("history.om");
    let file = std::fs::File::create(&om_path).map_err(|e| RigError::io("create history.om", e))?;
    let mut w = std::io::BufWriter::new(file);
    workload::write_openmetrics(
        &mut w,
        anchor_s,
        start_s as f64,
        end_s as f64,
        SCRAPE_S as f64,
        instance,
    )
    .map_err(|e| RigError::io("write history.om", e))?;
    std::io::Write::flush(&mut w).map_err(|e| RigError::io("flush history.om", e))?;
    drop(w);
    let out = std::process::Command::new("promtool")
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&om_path)
        .arg(dir.join("data"))
        .output()
        .map_err(|e| RigError::io("run promtool (install Debian's prometheus package)", e))?;
    if !out.status.success() {
        return Err(RigError::Command(format!(
            "promtool backfill failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let _ = std::fs::remove_file(om_path);
    Ok(())
}

/// `config.json` for a site served by the rig: the operator's file (datasource names,
/// dashboards, defaults) with the default datasource and Alertmanager pointed at this rig.
pub fn demo_config(operator_config: &Path, rig: &Rig) -> Result<Vec<u8>, RigError> {
    let text = std::fs::read_to_string(operator_config)
        .map_err(|e| RigError::io(format!("read {}", operator_config.display()), e))?;
    let mut config: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| RigError::Protocol(format!("{}: {e}", operator_config.display())))?;
    Ok(point_config_at(
        &mut config,
        &rig.prometheus_url(),
        rig.alertmanager_url().as_deref(),
    ))
}

/// Rewrites every datasource URL in a config to `prometheus_url`, and the Alertmanager URL.
pub fn point_config_at(
    config: &mut serde_json::Value,
    prometheus_url: &str,
    alertmanager_url: Option<&str>,
) -> Vec<u8> {
    if let Some(list) = config.get_mut("datasources").and_then(|d| d.as_array_mut()) {
        for ds in list {
            ds["url"] = serde_json::Value::String(prometheus_url.to_owned());
        }
    }
    match alertmanager_url {
        Some(am) => config["alertmanager"] = serde_json::json!({ "url": am }),
        None => {
            if let Some(obj) = config.as_object_mut() {
                obj.remove("alertmanager");
            }
        }
    }
    serde_json::to_vec_pretty(config).unwrap_or_default()
}
