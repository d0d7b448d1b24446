//! `promboard-bench`: the benchmark suite of BENCHMARKS.md (run by `scripts/bench.sh`, never
//! by the test command).
//!
//! Contract: starts the rig (real Prometheus, deterministic history ending at `FIXED_END_S`),
//! serves the release `dist/` with a `config.json` pointing at it plus generated 16-, 100- and
//! N-series dashboards, opens headless Chromium through chromedriver, and measures in one run:
//! bundle bytes fetched on first load, time to dashboard vs the same queries sent straight to
//! Prometheus, promboard's chart code vs uPlot on identical data, scale (100 vs 16 panels;
//! 1…1,000 series), memory over driven refresh cycles (kiosk), and main-thread time per refresh
//! at a 5 s cadence. It prints one markdown report (medians with min–max of `--runs` runs and
//! ratios) to stdout, to `--out`, and between the `<!-- bench:begin -->` / `<!-- bench:end -->`
//! markers of `--update FILE`. A measurement that cannot be taken is reported as `n/a` with
//! the reason, never invented; setup failures end the run with an error.

mod cdp;
mod dash;
mod page;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder};
use promboard_rig::browser::Chromedriver;
use promboard_rig::{serve_static, HttpServer, Rig, RigOptions, StaticSite, FIXED_END_S};
use serde_json::{json, Value};

use crate::cdp::cdp;
use crate::stats::{summarize, Summary};

/// Command-line options.
#[derive(Debug, Clone)]
struct Opts {
    dist: PathBuf,
    draw: Option<PathBuf>,
    out: Option<PathBuf>,
    update: Option<PathBuf>,
    named_wasm: Option<PathBuf>,
    runs: usize,
    cycles: usize,
    cpu_cycles: usize,
    series: Vec<u64>,
    command: String,
    /// Sections to run (`--only ttd,draw,scale,series,profiles,kiosk`); empty = all.
    only: Vec<String>,
}

impl Opts {
    fn wants(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }
}

const USAGE: &str = "usage: promboard-bench --dist DIR [--draw DIR] [--out FILE] [--update BENCHMARKS.md] [--named-wasm FILE] [--runs N] [--cycles N] [--cpu-cycles N] [--series 1,10,100,1000] [--command TEXT] [--only ttd,draw,scale,series,profiles,kiosk]";

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        dist: PathBuf::from("dist"),
        draw: None,
        out: None,
        update: None,
        named_wasm: None,
        runs: 5,
        cycles: 720,
        cpu_cycles: 12,
        series: vec![1, 10, 100, 1000],
        command: "bash scripts/bench.sh".to_owned(),
        only: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .ok_or_else(|| format!("{a} needs a value\n{USAGE}"))
        };
        let num = |v: String| v.parse::<usize>().map_err(|e| format!("{v}: {e}"));
        match a.as_str() {
            "--dist" => o.dist = PathBuf::from(val()?),
            "--draw" => o.draw = Some(PathBuf::from(val()?)),
            "--out" => o.out = Some(PathBuf::from(val()?)),
            "--update" => o.update = Some(PathBuf::from(val()?)),
            "--named-wasm" => o.named_wasm = Some(PathBuf::from(val()?)),
            "--runs" => o.runs = num(val()?)?.max(1),
            "--cycles" => o.cycles = num(val()?)?,
            "--cpu-cycles" => o.cpu_cycles = num(val()?)?,
            "--command" => o.command = val()?,
            "--series" => {
                o.series = val()?
                    .split(',')
                    .map(|s| s.trim().parse::<u64>().map_err(|e| format!("{s}: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--only" => o.only = val()?.split(',').map(|s| s.trim().to_owned()).collect(),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

#[tokio::main]
async fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&opts).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("promboard-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn log(msg: &str) {
    eprintln!("[bench {}] {msg}", chrono_like_now());
}

fn chrono_like_now() -> String {
    let s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{:02}:{:02}:{:02}", (s / 3600) % 24, (s / 60) % 60, s % 60)
}

/// The running pieces: rig, the app's site, the draw page's site, the browser.
struct Bench {
    client: Client,
    site: HttpServer,
    draw_site: Option<HttpServer>,
    /// dist/ with the app's wasm replaced by a copy that keeps function names (profiles only).
    named_site: Option<HttpServer>,
    rig: Rig,
    dist: PathBuf,
    _driver: Chromedriver,
}

/// The deterministic 6 h range, shifted back by `back_s` seconds.
fn range_query(back_s: i64) -> String {
    let to = (FIXED_END_S - back_s) * 1000;
    let from = to - 6 * 3600 * 1000;
    format!("from={from}&to={to}&refresh=off")
}

impl Bench {
    async fn eval(&self, script: &str) -> Result<Value, String> {
        self.client
            .execute(script, Vec::new())
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    async fn eval_async(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute_async(script, args)
            .await
            .map_err(|e| format!("async script failed: {e}"))
    }

    /// Loads `query` on a cold HTTP cache and waits until `min_panels` visible panels settled.
    async fn load(&self, query: &str, min_panels: usize, probe: bool) -> Result<Load, String> {
        let origin = format!("http://{}/", self.site.addr);
        self.load_at(&origin, query, min_panels, probe).await
    }

    /// [`Bench::load`] on the site at `origin` (`http://host:port/`).
    async fn load_at(
        &self,
        origin: &str,
        query: &str,
        min_panels: usize,
        probe: bool,
    ) -> Result<Load, String> {
        let added = cdp(
            &self.client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": page::instrument(min_panels, probe) }),
        )
        .await?;
        cdp(&self.client, "Network.clearBrowserCache", json!({})).await?;
        let url = format!("{origin}{query}");
        let nav = self
            .client
            .goto(&url)
            .await
            .map_err(|e| format!("goto {url}: {e}"));
        let result = match nav {
            Ok(()) => self.wait_done(Duration::from_secs(180)).await,
            Err(e) => Err(e),
        };
        if let Some(id) = added.get("identifier").cloned() {
            cdp(
                &self.client,
                "Page.removeScriptToEvaluateOnNewDocument",
                json!({ "identifier": id }),
            )
            .await?;
        }
        result?;
        let v = self.eval(page::COLLECT).await?;
        Load::from_json(&v)
    }

    async fn wait_done(&self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if self.eval(page::DONE).await?.is_number() {
                return Ok(());
            }
            if start.elapsed() > timeout {
                let text = self
                    .eval("return document.body ? document.body.innerText.slice(0, 600) : '';")
                    .await
                    .unwrap_or_default();
                return Err(format!(
                    "panels did not settle within {timeout:?}; page text: {text}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// The same Prometheus URLs fetched concurrently from the page: (ms, series).
    async fn direct(&self, urls: &[String]) -> Result<(f64, u64), String> {
        let v = self.eval_async(page::DIRECT, vec![json!(urls)]).await?;
        if let Some(e) = v.get("error") {
            return Err(format!("direct fetch: {e}"));
        }
        Ok((
            v["ms"].as_f64().unwrap_or(f64::NAN),
            v["series"].as_u64().unwrap_or(0),
        ))
    }

    async fn screenshot(&self, name: &str) -> Option<PathBuf> {
        let png = self.client.screenshot().await.ok()?;
        let dir = self.dist.parent()?.join("target/screenshots");
        std::fs::create_dir_all(&dir).ok()?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).ok()?;
        Some(path)
    }
}

/// One resource timing entry.
#[derive(Debug, Clone)]
pub struct Res {
    pub name: String,
    pub start: f64,
    pub end: f64,
    pub transfer: u64,
    pub encoded: u64,
    pub decoded: u64,
}

/// What one instrumented page load measured.
#[derive(Debug, Clone)]
pub struct Load {
    pub done_ms: f64,
    pub states: Value,
    pub visible: u64,
    pub resources: Vec<Res>,
    pub nav: Res,
    pub gaps: Vec<(f64, f64)>,
    pub longtask_ms: f64,
}

impl Load {
    fn from_json(v: &Value) -> Result<Self, String> {
        let res = |e: &Value| Res {
            name: e["name"].as_str().unwrap_or_default().to_owned(),
            start: e["start"].as_f64().unwrap_or(0.0),
            end: e["end"].as_f64().unwrap_or(0.0),
            transfer: e["transfer"].as_u64().unwrap_or(0),
            encoded: e["encoded"].as_u64().unwrap_or(0),
            decoded: e["decoded"].as_u64().unwrap_or(0),
        };
        Ok(Self {
            done_ms: v["done"]
                .as_f64()
                .ok_or_else(|| format!("no completion time in {v}"))?,
            states: v["states"].clone(),
            visible: v["visible"].as_u64().unwrap_or(0),
            resources: v["resources"]
                .as_array()
                .map(|a| a.iter().map(res).collect())
                .unwrap_or_default(),
            nav: res(&v["nav"]),
            gaps: v["gaps"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|g| (g[0].as_f64().unwrap_or(0.0), g[1].as_f64().unwrap_or(0.0)))
                        .collect()
                })
                .unwrap_or_default(),
            longtask_ms: v["longtaskMs"].as_f64().unwrap_or(0.0),
        })
    }

    /// Prometheus API requests of this load.
    fn queries(&self, prom: &str) -> Vec<&Res> {
        self.resources
            .iter()
            .filter(|r| r.name.starts_with(prom) && r.name.contains("/api/v1/"))
            .collect()
    }

    /// (first query start, last query end).
    fn query_window(&self, prom: &str) -> Option<(f64, f64)> {
        let q = self.queries(prom);
        let start = q.iter().map(|r| r.start).reduce(f64::min)?;
        let end = q.iter().map(|r| r.end).reduce(f64::max)?;
        Some((start, end))
    }

    /// Number of visible panels in state `ok`.
    fn ok_panels(&self) -> u64 {
        self.states["ok"].as_u64().unwrap_or(0)
    }

    /// The longest main-thread gap of the `setTimeout(0)` probe after `from_ms`.
    fn max_gap_after(&self, from_ms: f64) -> f64 {
        self.gaps
            .iter()
            .filter(|(end, d)| end - d >= from_ms)
            .map(|(_, d)| *d)
            .fold(0.0, f64::max)
    }
}

fn gzip9(path: &Path) -> Option<u64> {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// Shallow bytes of chart functions (plotters, `promboard_canvas`, `promboard_core::chart`, the
/// panel drawing) in the app's module with names, and the module's bytes without its name
/// section (twiggy).
fn chart_bytes_in_app(named_wasm: &Path) -> Option<(u64, u64)> {
    let out = std::process::Command::new("twiggy")
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(named_wasm)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (mut chart, mut total) = (0u64, 0u64);
    for line in text.lines().skip(1) {
        // Name may be quoted and contain commas: the size is the first field after it.
        let Some((name, rest)) = line.rsplit_once(",,") else {
            continue;
        };
        let mut fields = name.rsplitn(3, ',');
        let (_pct, size, name) = (
            fields.next(),
            fields.next(),
            fields.next().unwrap_or_default(),
        );
        let Some(size) = size.and_then(|v| v.parse::<u64>().ok()) else {
            continue;
        };
        let _ = rest;
        if name.contains("\"\"function names\"\" subsection") {
            continue;
        }
        total += size;
        if name.contains("plotters")
            || name.contains("promboard_canvas")
            || name.contains("promboard_core::chart")
            || name.contains("promboard_core::panel::draw")
        {
            chart += size;
        }
    }
    (total > 0).then_some((chart, total))
}

fn git(args: &[&str]) -> String {
    std::process::Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("parse {}: {e}", path.display()))
}

/// Series count per metric name at the end of the history.
fn series_counts(rig: &Rig) -> Result<Vec<(String, u64)>, String> {
    let q = dash::encode("count by (__name__) ({__name__=~\".+\"})");
    let path = format!("/api/v1/query?query={q}&time={FIXED_END_S}");
    let (status, body) =
        promboard_rig::net::http_get(rig.prometheus_addr, &path).map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!("series count query: HTTP {status}"));
    }
    let v: Value = serde_json::from_slice(&body).map_err(|e| format!("series count: {e}"))?;
    Ok(v["data"]["result"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| {
                    let name = r["metric"]["__name__"].as_str()?.to_owned();
                    let n = r["value"][1].as_str()?.parse::<u64>().ok()?;
                    Some((name, n))
                })
                .collect()
        })
        .unwrap_or_default())
}

async fn start(opts: &Opts) -> Result<(Bench, Vec<(u64, u64, String)>), String> {
    let dist = std::fs::canonicalize(&opts.dist).map_err(|e| {
        format!(
            "{}: {e} (build it: trunk build --release)",
            opts.dist.display()
        )
    })?;
    if !dist.join("index.html").exists() {
        return Err(format!(
            "{} has no index.html: build it with `trunk build --release`",
            dist.display()
        ));
    }
    log("starting the rig (deterministic Prometheus)");
    let rig = Rig::start(RigOptions::default()).map_err(|e| format!("rig: {e}"))?;

    // Generated dashboards from the seeds' own panels.
    let mut seeds = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dist.join("dashboards"))
        .map_err(|e| format!("dashboards: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for p in &names {
        seeds.push(read_json(p)?);
    }
    let panels = dash::seed_panels(&seeds);
    let mut files: Vec<(String, Value)> = Vec::new();
    for n in [16usize, 100] {
        let d = dash::grid_dashboard(&format!("bench-{n}"), &panels, n)
            .ok_or("no native seed dashboard panels in dist/dashboards")?;
        files.push((format!("dashboards/bench-{n}.json"), d));
    }
    let counts = series_counts(&rig)?;
    let total: u64 = counts.iter().map(|(_, c)| c).sum();
    log(&format!(
        "the rig has {total} series in {} metric names",
        counts.len()
    ));
    let mut series_dash = Vec::new();
    for &n in &opts.series {
        if let Some((expr, expected)) = dash::query_for(&counts, n) {
            let uid = format!("bench-series-{n}");
            files.push((
                format!("dashboards/{uid}.json"),
                dash::series_dashboard(&uid, &format!("{n} series"), &expr),
            ));
            series_dash.push((n, expected, expr));
        }
    }

    let mut config = read_json(&dist.join("config.json"))?;
    promboard_rig::point_config_at(&mut config, &rig.prometheus_url(), None);
    if let Some(list) = config["dashboards"].as_array_mut() {
        for (path, _) in &files {
            list.push(json!(path));
        }
    }
    let mut overrides = vec![(
        "config.json".to_owned(),
        serde_json::to_vec_pretty(&config).map_err(|e| e.to_string())?,
    )];
    for (path, d) in &files {
        overrides.push((
            path.clone(),
            serde_json::to_vec(d).map_err(|e| e.to_string())?,
        ));
    }
    let site = serve_static(
        StaticSite {
            root: dist.clone(),
            prefix: "/".into(),
            overrides: overrides.clone(),
            headers: Vec::new(),
        },
        0,
    )
    .map_err(|e| format!("static server: {e}"))?;
    let named_site = match &opts.named_wasm {
        Some(file) => {
            let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let wasm: Vec<String> = std::fs::read_dir(&dist)
                .map_err(|e| format!("{}: {e}", dist.display()))?
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with("_bg.wasm"))
                .collect();
            if wasm.len() == 1 {
                let mut named_overrides = overrides.clone();
                named_overrides.extend(wasm.into_iter().map(|n| (n, bytes.clone())));
                Some(
                    serve_static(
                        StaticSite {
                            root: dist.clone(),
                            prefix: "/".into(),
                            overrides: named_overrides,
                            headers: Vec::new(),
                        },
                        0,
                    )
                    .map_err(|e| format!("named site: {e}"))?,
                )
            } else {
                log("dist/ has more than one wasm module: profiles use dist/ as it is");
                None
            }
        }
        None => None,
    };
    let draw_site = match &opts.draw {
        Some(dir) => Some(
            serve_static(
                StaticSite {
                    root: std::fs::canonicalize(dir)
                        .map_err(|e| format!("{}: {e}", dir.display()))?,
                    prefix: "/".into(),
                    overrides: Vec::new(),
                    headers: Vec::new(),
                },
                0,
            )
            .map_err(|e| format!("draw page server: {e}"))?,
        ),
        None => None,
    };
    let driver = Chromedriver::start(&rig.dir.join("chrome")).map_err(|e| e.to_string())?;
    let mut caps = driver.chrome_capabilities(1600, 1400);
    if let Some(args) = caps
        .get_mut("goog:chromeOptions")
        .and_then(|o| o.get_mut("args"))
        .and_then(Value::as_array_mut)
    {
        args.push(json!("--enable-precise-memory-info"));
    }
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .map_err(|e| format!("webdriver session: {e}"))?;
    client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(120)),
            Some(Duration::from_secs(0)),
        ))
        .await
        .map_err(|e| format!("timeouts: {e}"))?;
    Ok((
        Bench {
            client,
            site,
            draw_site,
            named_site,
            rig,
            dist,
            _driver: driver,
        },
        series_dash,
    ))
}

async fn run(opts: &Opts) -> Result<(), String> {
    let t_start = Instant::now();
    let (b, series_dash) = start(opts).await?;
    let result = suite(&b, opts, &series_dash).await;
    let _ = b.client.clone().close().await;
    let md = result?;
    let md = format!(
        "{md}\nWhole run: {:.1} min.\n",
        t_start.elapsed().as_secs_f64() / 60.0
    );
    println!("{md}");
    if let Some(out) = &opts.out {
        std::fs::write(out, &md).map_err(|e| format!("write {}: {e}", out.display()))?;
    }
    if let Some(file) = &opts.update {
        report::replace_between_markers(file, &md)?;
        log(&format!("updated {}", file.display()));
    }
    Ok(())
}

/// A sample of medians for a table cell.
fn s(v: &[f64]) -> Option<Summary> {
    summarize(v)
}

async fn suite(
    b: &Bench,
    opts: &Opts,
    series_dash: &[(u64, u64, String)],
) -> Result<String, String> {
    let prom = b.rig.prometheus_url();
    let mut r = report::Report::default();
    // The full version (the user agent string reduces it to 156.0.0.0).
    let browser = cdp(&b.client, "Browser.getVersion", json!({}))
        .await
        .ok()
        .and_then(|v| v["product"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "Chromium (version unknown)".to_owned());
    r.header(&report::Header {
        commit: git(&["rev-parse", "--short", "HEAD"]),
        dirty: !git(&["status", "--porcelain", "--untracked-files=no"]).is_empty()
            && git(&["status", "--porcelain", "--untracked-files=no"]) != "unknown",
        browser,
        cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg: std::fs::read_to_string("/proc/loadavg")
            .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        command: opts.command.clone(),
        runs: opts.runs,
    });

    let mut ttd16 = Vec::new();
    let mut shot16: Option<PathBuf> = None;
    // 1 + 2: first loads of the 16-panel dashboard, each followed by its queries sent directly.
    if opts.wants("ttd") {
        log("time to dashboard: 16 panels");
        let q16 = format!("?d=bench-16&{}", range_query(0));
        let mut direct16 = Vec::new();
        let mut startup = Vec::new();
        let mut window = Vec::new();
        let mut after = Vec::new();
        let mut first: Option<Load> = None;
        let mut nqueries = 0usize;
        let mut ok16 = Vec::new();
        for _ in 0..opts.runs {
            let load = b.load(&q16, 16, false).await?;
            let urls: Vec<String> = load.queries(&prom).iter().map(|r| r.name.clone()).collect();
            nqueries = urls.len();
            let (d, _) = b.direct(&urls).await?;
            ttd16.push(load.done_ms);
            direct16.push(d);
            ok16.push(load.ok_panels());
            if let Some((qs, qe)) = load.query_window(&prom) {
                startup.push(qs);
                window.push(qe - qs);
                after.push(load.done_ms - qe);
            }
            first.get_or_insert(load);
        }
        shot16 = b.screenshot("bench-16-panels").await;
        let first = first.ok_or("no load")?;
        r.bundle(
            &first,
            &b.dist,
            &format!("http://{}/", b.site.addr),
            &prom,
            gzip9,
        );
        r.ttd(&report::Ttd {
            ttd: s(&ttd16),
            direct: s(&direct16),
            startup: s(&startup),
            window: s(&window),
            after: s(&after),
            queries: nqueries,
            visible: first.visible,
            ok: ok16,
        });
    }
    // 3: draw vs uPlot.
    if let Some(site) = b.draw_site.as_ref().filter(|_| opts.wants("draw")) {
        log("draw vs uPlot");
        let url = format!("http://{}/draw.html", site.addr);
        b.client
            .goto(&url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))?;
        b.wait_draw_page().await?;
        let mut rows = Vec::new();
        // Draws take milliseconds: at least 21 per side, so a median is not one noisy sample.
        let draw_runs = opts.runs.max(21);
        for (series, points) in [(1u64, 100_000u64), (10, 10_000), (100, 1_000)] {
            let v = b
                .eval_async(
                    page::DRAW,
                    vec![
                        json!(series),
                        json!(points),
                        json!(draw_runs),
                        json!("both"),
                    ],
                )
                .await?;
            if let Some(e) = v.get("error") {
                return Err(format!("draw page: {e}"));
            }
            let f = |k: &str| -> Vec<f64> {
                v[k].as_array()
                    .map(|a| a.iter().filter_map(Value::as_f64).collect())
                    .unwrap_or_default()
            };
            rows.push((series, points, s(&f("promboard")), s(&f("uplot"))));
            if series == 10 {
                b.screenshot("bench-draw-vs-uplot").await;
            }
        }
        let dir = opts.draw.clone().unwrap_or_default();
        let in_app = opts.named_wasm.as_deref().and_then(chart_bytes_in_app);
        r.draw(&rows, draw_runs, &dir, in_app, gzip9);
        for (series, points, label) in [
            (10u64, 10_000u64, "10 × 10k"),
            (1, 100_000, "1 × 100k"),
            (100, 1_000, "100 × 1k"),
        ] {
            for (side, title) in [("promboard", "promboard"), ("uplot", "uPlot")] {
                log(&format!("profiling {title}'s draw ({label})"));
                let prof = profile(b, || async {
                    b.eval_async(
                        page::DRAW,
                        vec![json!(series), json!(points), json!(20), json!(side)],
                    )
                    .await
                    .map(|_| ())
                })
                .await?;
                r.profile(
                    &format!("Profile of {title} drawing {label} points 21 times (draw page, the other side idle)"),
                    &prof,
                );
            }
        }
    } else {
        r.note("Draw vs uPlot: skipped (no --draw directory; scripts/bench.sh builds it).");
    }

    // 4a: 100 panels vs 16, first screen.
    if opts.wants("scale") {
        log("scale: 100 panels");
        let q100 = format!("?d=bench-100&{}", range_query(0));
        let mut ttd100 = Vec::new();
        let mut vis100 = 0;
        let mut q100n = 0;
        for _ in 0..opts.runs {
            let load = b.load(&q100, 16, false).await?;
            vis100 = load.visible;
            q100n = load.queries(&prom).len();
            ttd100.push(load.done_ms);
        }
        r.scale_panels(s(&ttd16), s(&ttd100), vis100, q100n);
    }
    // 4b: one panel with N series.
    if opts.wants("series") {
        let mut rows = Vec::new();
        for (n, _expected, _expr) in series_dash {
            log(&format!("scale: {n} series"));
            let q = format!("?d=bench-series-{n}&{}", range_query(0));
            let (mut t, mut d, mut gap, mut lt) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let mut got = 0;
            let mut ok = true;
            for _ in 0..opts.runs {
                let load = b.load(&q, 1, true).await?;
                let urls: Vec<String> =
                    load.queries(&prom).iter().map(|r| r.name.clone()).collect();
                let (ms, series) = b.direct(&urls).await?;
                got = series;
                ok &= load.ok_panels() == 1;
                t.push(load.done_ms);
                d.push(ms);
                let first_q = load.query_window(&prom).map_or(0.0, |w| w.0);
                gap.push(load.max_gap_after(first_q));
                lt.push(load.longtask_ms);
            }
            if *n == 1000 {
                b.screenshot("bench-series-1000").await;
            }
            rows.push(report::SeriesRow {
                target: *n,
                got,
                ttd: s(&t),
                direct: s(&d),
                gap: s(&gap),
                longtask: s(&lt),
                ok,
            });
        }
        r.scale_series(&rows);
    }
    // Profiles of a first load and of 20 refresh cycles, with function names when the bench
    // script built a named copy of the app's wasm (served on a second site; dist/ unchanged).
    if opts.wants("profiles") {
        log("profiles: first load and 20 refresh cycles");
        let (origin, which) = match &b.named_site {
        Some(site) => (
            format!("http://{}/", site.addr),
            "the app's wasm rebuilt by the bench script with its name section (`wasm-opt -Oz -g`), otherwise dist/ as measured",
        ),
        None => (
            format!("http://{}/", b.site.addr),
            "dist/ as measured (release wasm without names: wasm functions show as `wasm-function[N]`)",
        ),
    };
        let prof_load = profile(b, || async {
            b.load_at(
                &origin,
                &format!("?d=bench-16&{}", range_query(0)),
                16,
                false,
            )
            .await
            .map(|_| ())
        })
        .await?;
        r.profile(
            &format!("Profile of a first load of the 16-panel dashboard ({which})"),
            &prof_load,
        );
        let expected_p = b
        .eval(&format!(
            "return performance.getEntriesByType('resource').filter(e => e.name.startsWith('{prom}') && e.name.includes('/api/v1/')).length;"
        ))
        .await?
        .as_u64()
        .unwrap_or(0) as usize;
        let prof_cycles = profile(b, || async {
            for k in 1..=20i64 {
                b.cycle(&format!("?d=bench-16&{}", range_query(-k * 5)), expected_p)
                    .await?;
            }
            Ok(())
        })
        .await?;
        r.profile(
            &format!("Profile of 20 driven refresh cycles of the 16-panel dashboard ({which})"),
            &prof_cycles,
        );
        // The most series in one panel: what the long main-thread gap is made of.
        if let Some(n) = series_dash.iter().map(|d| d.0).max() {
            log(&format!("profiles: one panel with {n} series"));
            let prof_series = profile(b, || async {
                b.load_at(
                    &origin,
                    &format!("?d=bench-series-{n}&{}", range_query(0)),
                    1,
                    true,
                )
                .await
                .map(|_| ())
            })
            .await?;
            r.profile(
                &format!(
                    "Profile of a first load of one panel with {n} series (idle includes the wait for Prometheus; {which})"
                ),
                &prof_series,
            );
        }
    }
    // 5 + 6 + 7: driven refresh cycles on one page of the 16-panel dashboard.
    if opts.wants("kiosk") {
        log("kiosk: driven refresh cycles");
        let total = opts.cycles;
        let start_back = (total as i64) * 5;
        let load = b
            .load(
                &format!("?d=bench-16&{}", range_query(start_back)),
                16,
                false,
            )
            .await?;
        let expected = load.queries(&prom).len();
        cdp(&b.client, "Performance.enable", json!({})).await?;
        let mut samples: Vec<report::MemSample> = Vec::new();
        let mut cycle_ms = Vec::new();
        let mut missed = Vec::new();
        let checkpoints = report::checkpoints(total);
        let mut k = 0usize;
        // The checkpoint halfway between the warm-up and the end: the sampling heap profile
        // taken there and at the end tells what grew (the difference) from what was merely
        // replaced by each refresh (alive in both).
        let warm = report::WARM_UP_CYCLES.min(total);
        let mid = checkpoints
            .iter()
            .copied()
            .filter(|c| *c > warm && *c < total)
            .min_by_key(|c| c.abs_diff((warm + total) / 2))
            .unwrap_or(total);
        let mut retained_mid = Vec::new();
        let kiosk_start = Instant::now();
        while k < total {
            k += 1;
            let back = start_back - (k as i64) * 5;
            let c = b
                .cycle(&format!("?d=bench-16&{}", range_query(back)), expected)
                .await?;
            cycle_ms.push(c.ms);
            if c.queries != expected || c.timeout || c.ok != 16 {
                missed.push((k, c.queries, c.ok, c.timeout));
            }
            if checkpoints.contains(&k) {
                samples.push(b.memory_sample(k).await?);
            }
            if k == mid {
                // Alive now (after this checkpoint's GC), to subtract from the end's.
                let p = cdp(&b.client, "HeapProfiler.getSamplingProfile", json!({})).await?;
                retained_mid = report::aggregate_heap_profile(&p["profile"]);
            }
            if k == report::WARM_UP_CYCLES.min(total) {
                // From here on, sample where the JS heap allocates; what is still alive at
                // the end (after the last forced GC) is what grew.
                cdp(
                    &b.client,
                    "HeapProfiler.startSampling",
                    json!({ "samplingInterval": 256 }),
                )
                .await?;
            }
        }
        let kiosk_s = kiosk_start.elapsed().as_secs_f64();
        let heap = cdp(&b.client, "HeapProfiler.getSamplingProfile", json!({})).await?;
        cdp(&b.client, "HeapProfiler.stopSampling", json!({})).await?;
        let retained = report::heap_growth(
            &retained_mid,
            &report::aggregate_heap_profile(&heap["profile"]),
        );

        // 6: CPU per refresh at a real 5 s cadence.
        log("CPU per refresh at 5 s");
        let mut cpu: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut cpu_missed = 0;
        for j in 0..opts.cpu_cycles {
            let t0 = Instant::now();
            let m0 = metrics(b).await?;
            // Continue the kiosk's clock: each cycle moves the range 5 s further.
            let back = -((j as i64 + 1) * 5);
            let c = b
                .cycle(&format!("?d=bench-16&{}", range_query(back)), expected)
                .await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let m1 = metrics(b).await?;
            if c.queries != expected || c.timeout {
                cpu_missed += 1;
            }
            let d = |k: &str| {
                (m1.get(k).copied().unwrap_or(0.0) - m0.get(k).copied().unwrap_or(0.0)) * 1000.0
            };
            cpu.push((
                d("TaskDuration"),
                d("ScriptDuration"),
                d("LayoutDuration"),
                d("RecalcStyleDuration"),
            ));
            let rest = Duration::from_secs(5).saturating_sub(t0.elapsed());
            tokio::time::sleep(rest).await;
        }
        r.memory(&report::Kiosk {
            samples: &samples,
            cycles: total,
            expected,
            cycle_ms: s(&cycle_ms),
            missed: &missed,
            seconds: kiosk_s,
        });
        r.retained(&retained, mid, total);
        r.cpu(&cpu, cpu_missed, expected);
    }
    if let Some(p) = shot16 {
        r.note(&format!(
            "Screenshot of the 16-panel dashboard: `{}`.",
            p.display()
        ));
    }
    Ok(r.finish())
}

/// `Performance.getMetrics` as name → value.
async fn metrics(b: &Bench) -> Result<std::collections::HashMap<String, f64>, String> {
    let v = cdp(&b.client, "Performance.getMetrics", json!({})).await?;
    Ok(v["metrics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| Some((m["name"].as_str()?.to_owned(), m["value"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default())
}

/// Starts CDP's sampling profiler (250 µs).
async fn start_profiler(b: &Bench) -> Result<(), String> {
    cdp(&b.client, "Profiler.enable", json!({})).await?;
    cdp(
        &b.client,
        "Profiler.setSamplingInterval",
        json!({ "interval": 250 }),
    )
    .await?;
    cdp(&b.client, "Profiler.start", json!({})).await?;
    Ok(())
}

/// Samples the CPU profile while `f` runs; returns the top functions by self time.
async fn profile<F, Fut>(b: &Bench, f: F) -> Result<report::Profile, String>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    start_profiler(b).await?;
    let res = f().await;
    let p = cdp(&b.client, "Profiler.stop", json!({})).await?;
    res?;
    Ok(report::aggregate_profile(&p["profile"]))
}

/// One driven refresh cycle's outcome.
struct Cycle {
    queries: usize,
    ms: f64,
    ok: u64,
    timeout: bool,
}

impl Bench {
    async fn cycle(&self, query: &str, expected: usize) -> Result<Cycle, String> {
        let v = self
            .eval_async(page::CYCLE, vec![json!(query), json!(expected)])
            .await?;
        Ok(Cycle {
            queries: v["queries"].as_u64().unwrap_or(0) as usize,
            ms: v["ms"].as_f64().unwrap_or(f64::NAN),
            ok: v["states"]["ok"].as_u64().unwrap_or(0),
            timeout: v["timeout"].as_bool().unwrap_or(false),
        })
    }

    async fn memory_sample(&self, cycle: usize) -> Result<report::MemSample, String> {
        cdp(&self.client, "HeapProfiler.collectGarbage", json!({})).await?;
        let heap = cdp(&self.client, "Runtime.getHeapUsage", json!({})).await?;
        let dom = cdp(&self.client, "Memory.getDOMCounters", json!({})).await?;
        let m = self.eval(page::MEMORY).await?;
        Ok(report::MemSample {
            cycle,
            js_used: heap["usedSize"].as_f64().unwrap_or(f64::NAN),
            wasm: m["wasm"].as_f64().unwrap_or(f64::NAN),
            memories: m["memories"].as_u64().unwrap_or(0),
            table_slots: m["tableSlots"].as_u64().unwrap_or(0),
            dom_elements: m["dom"].as_u64().unwrap_or(0),
            dom_nodes: dom["nodes"].as_u64().unwrap_or(0),
            listeners: dom["jsEventListeners"].as_u64().unwrap_or(0),
        })
    }

    async fn wait_draw_page(&self) -> Result<(), String> {
        let start = Instant::now();
        while self
            .eval("return typeof window.benchDraw === 'function' && typeof uPlot === 'function';")
            .await?
            != Value::Bool(true)
        {
            if start.elapsed() > Duration::from_secs(30) {
                return Err("the draw page did not load (benchDraw or uPlot missing)".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }
}
