//! The markdown report: a header (commit, browser, machine, command), a summary table of every
//! goal (measured, goal, verdict), then one section per benchmark with its own table.
//!
//! Contract: only formats what was measured (missing values print `n/a`); `aggregate_profile`
//! turns a CDP `Profiler.stop` profile into self time per function; `replace_between_markers`
//! rewrites only the text between `<!-- bench:begin -->` and `<!-- bench:end -->` of a file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::stats::{fmt_ratio, fmt_summary, growth_pct, ratio, thousands, verdict, Summary};
use crate::Load;

pub const BEGIN: &str = "<!-- bench:begin -->";
pub const END: &str = "<!-- bench:end -->";

pub struct Header {
    pub commit: String,
    pub dirty: bool,
    pub browser: String,
    pub cores: usize,
    pub loadavg: String,
    pub command: String,
    pub runs: usize,
}

#[derive(Default)]
pub struct Report {
    head: String,
    summary: Vec<[String; 4]>,
    body: String,
    /// Profiles, printed after every measurement.
    profiles: String,
}

pub struct Ttd {
    pub ttd: Option<Summary>,
    pub direct: Option<Summary>,
    pub startup: Option<Summary>,
    pub window: Option<Summary>,
    pub after: Option<Summary>,
    pub queries: usize,
    pub visible: u64,
    pub ok: Vec<u64>,
}

pub struct SeriesRow {
    pub target: u64,
    pub got: u64,
    pub ttd: Option<Summary>,
    pub direct: Option<Summary>,
    pub gap: Option<Summary>,
    pub longtask: Option<Summary>,
    pub ok: bool,
}

#[derive(Clone, Debug)]
pub struct MemSample {
    pub cycle: usize,
    pub js_used: f64,
    pub wasm: f64,
    pub memories: u64,
    /// Slots of the instances' exported tables (wasm-bindgen's externref table holds every JS
    /// value the Rust side keeps: a leaked handle grows it).
    pub table_slots: u64,
    pub dom_elements: u64,
    pub dom_nodes: u64,
    pub listeners: u64,
}

pub struct Kiosk<'a> {
    pub samples: &'a [MemSample],
    pub cycles: usize,
    pub expected: usize,
    pub cycle_ms: Option<Summary>,
    pub missed: &'a [(usize, usize, u64, bool)],
    pub seconds: f64,
}

/// Self time per function of a CPU profile, largest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    pub total_ms: f64,
    pub idle_ms: f64,
    pub top: Vec<(String, f64)>,
    /// Self time per kind of code (wasm, JS, browser APIs, browser work outside JS, GC).
    pub categories: Vec<(String, f64)>,
}

/// The kind of code a profile frame belongs to.
fn category(function: &str, url: &str) -> &'static str {
    let file = short(url);
    if function == "(garbage collector)" {
        "garbage collection"
    } else if function == "(program)" {
        "browser work outside JS (style, layout, paint, raster, parsing)"
    } else if file.ends_with(".wasm") {
        "wasm (Rust code)"
    } else if url.is_empty() && !function.starts_with('(') {
        "browser APIs called from JS (canvas, DOM, fetch, …)"
    } else if !url.is_empty() {
        "JS (wasm-bindgen glue, page scripts)"
    } else {
        "other"
    }
}

/// The kiosk's warm-up: memory growth is judged from this cycle on (5 min of 5 s refreshes).
pub const WARM_UP_CYCLES: usize = 60;

/// Cycles at which memory is sampled: 10, the warm-up's end, every 100 and the last.
pub fn checkpoints(total: usize) -> Vec<usize> {
    let mut v: Vec<usize> = [10usize, WARM_UP_CYCLES]
        .into_iter()
        .chain((100..=total).step_by(100))
        .chain([500, total])
        .filter(|c| *c <= total && *c > 0)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn kb(bytes: f64) -> String {
    format!("{:.1}", bytes / 1000.0)
}

fn mib(bytes: f64) -> String {
    format!("{:.2}", bytes / 1_048_576.0)
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_owned(), |p| format!("{p:+.1} %"))
}

/// The file name part of a URL (no query), or the URL.
fn short(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() {
        "(document)".to_owned()
    } else {
        name.to_owned()
    }
}

/// Bundle class of a first-load file by its extension.
fn class_of(name: &str) -> &'static str {
    let n = short(name);
    match n.rsplit('.').next() {
        Some("wasm") => "wasm",
        Some("js") | Some("mjs") => "JS",
        Some("css") => "CSS",
        Some("html") => "HTML",
        Some("json") => "data",
        _ if n == "(document)" => "HTML",
        _ => "other",
    }
}

/// A CDP call frame as "function · file" (the function alone when it has no script), with
/// the function name and URL it was made from.
fn frame_label(cf: &Value) -> (String, &str, &str) {
    let f = cf["functionName"].as_str().unwrap_or_default();
    let f = if f.is_empty() { "(anonymous)" } else { f };
    let url = cf["url"].as_str().unwrap_or_default();
    let label = if url.is_empty() {
        f.to_owned()
    } else {
        format!("{f} · {}", short(url))
    };
    (label, f, url)
}

pub fn aggregate_profile(profile: &Value) -> Profile {
    let mut names: HashMap<u64, (String, &'static str)> = HashMap::new();
    for n in profile["nodes"].as_array().into_iter().flatten() {
        let (label, f, url) = frame_label(&n["callFrame"]);
        if let Some(id) = n["id"].as_u64() {
            names.insert(id, (label, category(f, url)));
        }
    }
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut self_us: HashMap<String, f64> = HashMap::new();
    let mut cat_us: HashMap<&'static str, f64> = HashMap::new();
    for (i, s) in samples.iter().enumerate() {
        // The delta before the next sample is the time this sample stands for.
        let d = deltas
            .get(i + 1)
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
            .max(0.0);
        let (name, cat) = s
            .as_u64()
            .and_then(|id| names.get(&id))
            .cloned()
            .unwrap_or_else(|| ("(unknown)".to_owned(), "other"));
        if name != "(idle)" {
            *cat_us.entry(cat).or_default() += d;
        }
        *self_us.entry(name).or_default() += d;
    }
    let idle = self_us.remove("(idle)").unwrap_or(0.0);
    let total: f64 = self_us.values().sum();
    let mut top: Vec<(String, f64)> = self_us.into_iter().map(|(k, v)| (k, v / 1000.0)).collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(15);
    let mut categories: Vec<(String, f64)> = cat_us
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v / 1000.0))
        .collect();
    categories.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Profile {
        total_ms: total / 1000.0,
        idle_ms: idle / 1000.0,
        top,
        categories,
    }
}

/// Bytes still alive per allocation stack (innermost frames first, up to 4), largest first,
/// from a CDP sampling heap profile (`HeapProfiler.getSamplingProfile`).
pub fn aggregate_heap_profile(profile: &Value) -> Vec<(String, f64)> {
    fn walk(n: &Value, stack: &mut Vec<String>, out: &mut HashMap<String, f64>) {
        stack.push(frame_label(&n["callFrame"]).0);
        let size = n["selfSize"].as_f64().unwrap_or(0.0);
        if size > 0.0 {
            let key = stack
                .iter()
                .rev()
                .filter(|l| l.as_str() != "(root)")
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ← ");
            *out.entry(key).or_default() += size;
        }
        for c in n["children"].as_array().into_iter().flatten() {
            walk(c, stack, out);
        }
        stack.pop();
    }
    let mut out = HashMap::new();
    walk(&profile["head"], &mut Vec::new(), &mut out);
    let mut top: Vec<(String, f64)> = out.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top
}

/// Per allocation stack, bytes alive at the end minus bytes alive at the earlier point
/// (both from one sampling session), largest growth first; stacks that shrank are left out.
pub fn heap_growth(earlier: &[(String, f64)], later: &[(String, f64)]) -> Vec<(String, f64)> {
    let before: HashMap<&str, f64> = earlier.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut out: Vec<(String, f64)> = later
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v - before.get(k.as_str()).copied().unwrap_or(0.0),
            )
        })
        .filter(|(_, d)| *d > 0.0)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Replaces the text between the markers of `file` with `md` (markers kept).
pub fn replace_between_markers(file: &Path, md: &str) -> Result<(), String> {
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("read {}: {e}", file.display()))?;
    let out = splice(&text, md).ok_or_else(|| {
        format!(
            "{} has no `{BEGIN}` … `{END}` markers to write the results between",
            file.display()
        )
    })?;
    std::fs::write(file, out).map_err(|e| format!("write {}: {e}", file.display()))
}

fn splice(text: &str, md: &str) -> Option<String> {
    let b = text.find(BEGIN)?;
    let e = text[b..].find(END)? + b;
    Some(format!(
        "{}{BEGIN}\n{}\n{}",
        &text[..b],
        md.trim(),
        &text[e..]
    ))
}

impl Report {
    pub fn header(&mut self, h: &Header) {
        let _ = writeln!(
            self.head,
            "Run of commit `{}`{} in headless {} on {} cores (load average at start {}), against the \
             rig's real Prometheus (deterministic history, 6 h ending 2026-01-01T00:00:00Z, 15 s \
             scrapes). Medians with (min–max) of {} runs unless a row says otherwise; the machine is \
             shared and noisy, so compare the ratios measured side by side.\n\nCommand: `{}`\n",
            h.commit,
            if h.dirty { " (with uncommitted changes)" } else { "" },
            h.browser,
            h.cores,
            h.loadavg,
            h.runs,
            h.command
        );
    }

    fn goal(&mut self, item: &str, measured: String, goal: &str, verdict: &str) {
        self.summary.push([
            item.to_owned(),
            measured,
            goal.to_owned(),
            verdict.to_owned(),
        ]);
    }

    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "\n{text}");
    }

    pub fn bundle(
        &mut self,
        load: &Load,
        dist: &Path,
        site: &str,
        prom: &str,
        gzip: impl Fn(&Path) -> Option<u64>,
    ) {
        let mut rows: Vec<(String, &'static str, u64, u64, Option<u64>)> = Vec::new();
        let doc = dist.join("index.html");
        rows.push((
            "index.html (document)".to_owned(),
            "HTML",
            load.nav.transfer,
            load.nav.encoded,
            gzip(&doc),
        ));
        for r in &load.resources {
            if r.name.starts_with(prom) || !r.name.starts_with(site) {
                continue;
            }
            let rel = r.name[site.len()..]
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_owned();
            let file = dist.join(&rel);
            let gz = if file.is_file() { gzip(&file) } else { None };
            rows.push((
                rel,
                class_of(&r.name),
                r.transfer,
                r.encoded.max(r.decoded),
                gz,
            ));
        }
        let _ = writeln!(
            self.body,
            "\n## Bundle: bytes fetched on first load\n\nWhat Chromium fetched from the site for \
             the first load of `?d=bench-16` on a cold cache (resource timing: transferSize / \
             encodedBodySize; the test server does not compress), and `gzip -9` of the same \
             `dist/` file. `data` rows (config, dashboard) are not bundle.\n\n\
             | file | class | transferred | body bytes | gzip -9 bytes |\n|---|---|---:|---:|---:|"
        );
        let mut totals: HashMap<&'static str, (u64, u64)> = HashMap::new();
        for (name, class, transfer, body, gz) in &rows {
            let _ = writeln!(
                self.body,
                "| {name} | {class} | {} | {} | {} |",
                thousands(*transfer),
                thousands(*body),
                gz.map_or_else(|| "—".to_owned(), thousands)
            );
            let t = totals.entry(class).or_default();
            t.0 += body;
            t.1 += gz.unwrap_or(0);
        }
        let mut raw = 0;
        let mut gz = 0;
        for class in ["wasm", "JS", "CSS", "HTML"] {
            if let Some((r, g)) = totals.get(class) {
                raw += r;
                gz += g;
                let _ = writeln!(
                    self.body,
                    "| *all {class}* | {class} | | {} | {} |",
                    thousands(*r),
                    thousands(*g)
                );
            }
        }
        let _ = writeln!(
            self.body,
            "| **bundle total (wasm + JS + CSS + HTML)** | | | **{}** | **{}** |",
            thousands(raw),
            thousands(gz)
        );
        let r = gz as f64 / 300_000.0;
        self.goal(
            "1. Bundle, gzip -9, first load",
            format!("{} KB ({:.2}× the goal)", kb(gz as f64), r),
            "≤ 300 KB",
            verdict(Some(r), 1.0),
        );
    }

    pub fn ttd(&mut self, t: &Ttd) {
        let r = ratio(t.ttd, t.direct);
        let _ = writeln!(
            self.body,
            "\n## Time to dashboard (16 panels, 6 h)\n\nNavigation → every visible panel settled \
             and its canvases drawn (`performance.now()` one task after the last panel change, \
             cold HTTP cache), for a 16-panel dashboard of seed panels ({} visible, {} Prometheus \
             requests); then, in the same page, the same request URLs (from resource timing) \
             fetched concurrently with `fetch` and every body read. Panels `ok` per run: {:?}.\n\n\
             | measure | ms |\n|---|---:|\n\
             | promboard: navigation → all drawn | {} |\n\
             | the same queries sent straight to Prometheus | {} |\n\
             | **ratio** (goal ≤ 1.2×) | **{}** |\n\
             | of which: navigation → first query sent (HTML, wasm, config, dashboard) | {} |\n\
             | of which: first query sent → last response received | {} |\n\
             | of which: last response → all drawn (decode, evaluate, draw) | {} |",
            t.visible,
            t.queries,
            t.ok,
            fmt_summary(t.ttd, 0),
            fmt_summary(t.direct, 0),
            fmt_ratio(r),
            fmt_summary(t.startup, 0),
            fmt_summary(t.window, 0),
            fmt_summary(t.after, 0),
        );
        self.goal(
            "2. Time to dashboard vs its queries",
            format!(
                "{} (ms {:.0} vs {:.0})",
                fmt_ratio(r),
                t.ttd.map_or(f64::NAN, |s| s.median),
                t.direct.map_or(f64::NAN, |s| s.median)
            ),
            "≤ 1.2×",
            verdict(r, 1.2),
        );
    }

    pub fn draw(
        &mut self,
        rows: &[(u64, u64, Option<Summary>, Option<Summary>)],
        runs: usize,
        dir: &Path,
        in_app: Option<(u64, u64)>,
        gzip: impl Fn(&Path) -> Option<u64>,
    ) {
        let _ = writeln!(
            self.body,
            "\n## Draw vs uPlot (800 × 300 px, same page, same data)\n\npromboard's chart code \
             (`core::chart::draw_time_series` on `promboard-canvas`, the app's path, built as the \
             bench-only wasm module `bench/draw-wasm` with the app's release profile) and uPlot \
             1.6.32 (`u.batch(() => u.setData(data))`, synchronous) draw the same series, \
             alternating, after one warm-up draw each, {runs} timed draws per side (median \
             (min–max)); each timing ends with a 1-pixel `getImageData` so the canvas work is \
             rasterised inside it.\n\n\
             | data | promboard ms | uPlot ms | ratio (goal ≤ 1.0×) |\n|---|---:|---:|---:|"
        );
        let mut worst: Option<f64> = None;
        for (series, points, pb, up) in rows {
            let r = ratio(*pb, *up);
            if let Some(r) = r {
                worst = Some(worst.map_or(r, |w: f64| w.max(r)));
            }
            let _ = writeln!(
                self.body,
                "| {} × {} | {} | {} | {} |",
                series,
                thousands(*points),
                fmt_summary(*pb, 1),
                fmt_summary(*up, 1),
                fmt_ratio(r)
            );
        }
        let full = dir.join("pkg/stripped.wasm");
        let base = dir.join("baseline/stripped.wasm");
        let size = |p: &Path| std::fs::metadata(p).ok().map(|m| m.len());
        if let (Some(f), Some(b), Some(fg), Some(bg)) =
            (size(&full), size(&base), gzip(&full), gzip(&base))
        {
            let _ = writeln!(
                self.body,
                "\nWasm bytes the chart code adds (the bench module with and without the drawing \
                 call, wasm-opt -Oz like the app): {} raw / {} gzip -9 ({} → {} raw, {} → {} gzip).",
                thousands(f.saturating_sub(b)),
                thousands(fg.saturating_sub(bg)),
                thousands(b),
                thousands(f),
                thousands(bg),
                thousands(fg)
            );
        }
        if let Some((chart, total)) = in_app {
            let _ = writeln!(
                self.body,
                "\nIn the app's own module (`twiggy top` on the release wasm rebuilt with names): \
                 functions of plotters, `promboard_canvas`, `promboard_core::chart` and the panel \
                 drawing hold {} of {} bytes ({:.1} %; generic code inlined into callers is \
                 counted with its caller).",
                thousands(chart),
                thousands(total),
                chart as f64 / total.max(1) as f64 * 100.0
            );
        }
        self.goal(
            "3. Draw vs uPlot (worst of the three)",
            fmt_ratio(worst),
            "≤ 1.0×",
            verdict(worst, 1.0),
        );
    }

    pub fn scale_panels(
        &mut self,
        t16: Option<Summary>,
        t100: Option<Summary>,
        visible: u64,
        queries: usize,
    ) {
        let r = ratio(t100, t16);
        let _ = writeln!(
            self.body,
            "\n## Scale\n\n### First screen: 100 panels vs 16\n\nThe same measure as above (all \
             visible panels drawn) on a 100-panel dashboard ({} panels on the first screen, {} \
             Prometheus requests before it settled; panels below the fold query when scrolled to).\n\n\
             | dashboard | navigation → first screen drawn, ms |\n|---|---:|\n\
             | 16 panels | {} |\n| 100 panels | {} |\n| **ratio** (goal ≤ 1.3×) | **{}** |",
            visible,
            queries,
            fmt_summary(t16, 0),
            fmt_summary(t100, 0),
            fmt_ratio(r)
        );
        self.goal(
            "4. First screen, 100 vs 16 panels",
            fmt_ratio(r),
            "≤ 1.3×",
            verdict(r, 1.3),
        );
    }

    pub fn scale_series(&mut self, rows: &[SeriesRow]) {
        let _ = writeln!(
            self.body,
            "\n### One panel with N series\n\nA full-width time-series panel over 6 h whose query \
             selects whole metric families of the rig (`{{__name__=~\"a|b|…\"}}`, largest first, \
             repeated with a `bench_copy` label by `label_replace … or …` when the rig has fewer \
             series). App time = navigation → drawn minus the same query fetched directly; the \
             longest main-thread gap is the longest `setTimeout(0)` round trip after the query \
             was sent (responsiveness while decoding and drawing).\n\n\
             | series asked / received | promboard ms | direct query ms | app time ms | marginal app ms per added series | longest main-thread gap, ms | long tasks, ms | all ok |\n\
             |---|---:|---:|---:|---:|---:|---:|---|"
        );
        let app_of = |r: &SeriesRow| match (r.ttd, r.direct) {
            (Some(t), Some(d)) => Some(t.median - d.median),
            _ => None,
        };
        let mut prev: Option<(u64, f64)> = None;
        for r in rows {
            let app = app_of(r);
            let marginal = match (prev, app) {
                (Some((n0, a0)), Some(a)) if r.got > n0 => Some((a - a0) / (r.got - n0) as f64),
                _ => None,
            };
            if let Some(a) = app {
                prev = Some((r.got, a));
            }
            let _ = writeln!(
                self.body,
                "| {} / {} | {} | {} | {} | {} | {} | {} | {} |",
                thousands(r.target),
                thousands(r.got),
                fmt_summary(r.ttd, 0),
                fmt_summary(r.direct, 0),
                app.map_or_else(|| "n/a".to_owned(), |a| format!("{a:.0}")),
                marginal.map_or_else(|| "—".to_owned(), |m| format!("{m:.2}")),
                fmt_summary(r.gap, 0),
                fmt_summary(r.longtask, 0),
                if r.ok { "yes" } else { "**no**" }
            );
        }
        if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            if let (Some(a), Some(b)) = (app_of(first), app_of(last)) {
                let n = last.got.saturating_sub(first.got).max(1) as f64;
                let _ = writeln!(
                    self.body,
                    "\nApp time from {} to {} series: {:.2} ms per added series.",
                    first.got,
                    last.got,
                    (b - a) / n
                );
            }
        }
        if let Some(gap) = rows.last().and_then(|r| r.gap) {
            self.goal(
                "4. Responsiveness with the most series",
                format!("longest main-thread gap {:.0} ms", gap.median),
                "stays responsive (< 200 ms)",
                if gap.median < 200.0 {
                    "met"
                } else {
                    "**missed**"
                },
            );
        }
    }

    pub fn memory(&mut self, k: &Kiosk) {
        let _ = writeln!(
            self.body,
            "\n## Memory over refreshes and the kiosk run (16 panels)\n\n{} refresh cycles of the \
             16-panel dashboard on one page, driven back to back ({:.0} s for {:.1} h of 5 s \
             refreshes): each cycle moves the 6 h range 5 s forward (history.replaceState + \
             popstate, as a kiosk's clock would; with a fixed range the app skips redraws of \
             unchanged data), clears the resource timing buffer and waits until all {} Prometheus \
             requests finished and no panel is loading. Memory after a forced GC (CDP \
             `HeapProfiler.collectGarbage`): JS heap used (`Runtime.getHeapUsage`), wasm linear \
             memory (`WebAssembly.Memory.buffer.byteLength` of every instance the page created), \
             slots of their exported tables (wasm-bindgen's externref table holds every JS value \
             the Rust side keeps, so a leaked handle grows it), DOM nodes and JS listeners \
             (`Memory.getDOMCounters`), elements in the document.\n\n\
             | after cycle | JS heap MiB | wasm memory MiB | wasm table slots | DOM nodes | elements | listeners |\n\
             |---:|---:|---:|---:|---:|---:|---:|",
            k.cycles,
            k.seconds,
            k.cycles as f64 * 5.0 / 3600.0,
            k.expected
        );
        for s in k.samples {
            let _ = writeln!(
                self.body,
                "| {} | {} | {} | {} | {} | {} | {} |",
                s.cycle,
                mib(s.js_used),
                if s.memories == 1 {
                    mib(s.wasm)
                } else {
                    format!("{} ({} instances)", mib(s.wasm), s.memories)
                },
                s.table_slots,
                s.dom_nodes,
                s.dom_elements,
                s.listeners
            );
        }
        let at = |c: usize| k.samples.iter().find(|s| s.cycle == c);
        let last = k.samples.last();
        let both =
            |a: &MemSample, b: &MemSample| growth_pct(a.js_used + a.wasm, b.js_used + b.wasm);
        let g_500 = at(10).zip(at(500)).and_then(|(a, b)| both(a, b));
        let g_kiosk = at(WARM_UP_CYCLES).zip(last).and_then(|(a, b)| both(a, b));
        let dom = at(WARM_UP_CYCLES)
            .zip(last)
            .map(|(a, b)| b.dom_nodes as i64 - a.dom_nodes as i64);
        let _ = writeln!(
            self.body,
            "\nJS heap + wasm memory growth, cycle 10 → 500: {}; after warm-up, cycle 60 (5 min) → \
             {}: {}; DOM nodes cycle 60 → {}: {}. Cycle time: {} ms. Missed refreshes (a cycle \
             with fewer or more than {} requests, a timeout, or a panel not `ok`): {}{}.",
            pct(g_500),
            last.map_or(0, |s| s.cycle),
            pct(g_kiosk),
            last.map_or(0, |s| s.cycle),
            dom.map_or_else(|| "n/a".to_owned(), |d| format!("{d:+}")),
            fmt_summary(k.cycle_ms, 0),
            k.expected,
            k.missed.len(),
            if k.missed.is_empty() {
                String::new()
            } else {
                format!(
                    " (first: {:?})",
                    &k.missed[..k.missed.len().min(5)]
                )
            }
        );
        let ok = |g: Option<f64>| match g {
            Some(g) if g < 5.0 => "met",
            Some(_) => "**missed**",
            None => "n/a",
        };
        self.goal(
            "5. Memory growth, 10 → 500 refreshes",
            pct(g_500),
            "< 5 %",
            ok(g_500),
        );
        self.goal(
            "7. Kiosk: memory after warm-up (≥ 1 h of 5 s refreshes)",
            format!("{} over {} cycles", pct(g_kiosk), k.cycles),
            "< 5 %, flat",
            ok(g_kiosk),
        );
        self.goal(
            "7. Kiosk: DOM nodes, missed refreshes",
            format!(
                "{} nodes, {} missed",
                dom.map_or_else(|| "n/a".to_owned(), |d| format!("{d:+}")),
                k.missed.len()
            ),
            "no growth, 0 missed",
            if k.missed.is_empty() && dom.is_some_and(|d| d <= 0) {
                "met"
            } else {
                "**missed**"
            },
        );
    }

    /// Where the JS heap grew between two checkpoints of the kiosk run.
    pub fn retained(&mut self, growth: &[(String, f64)], from: usize, to: usize) {
        let total: f64 = growth.iter().map(|t| t.1).sum();
        let _ = writeln!(
            self.body,
            "\nWhere the JS heap grew from cycle {from} to {to}: CDP's sampling heap profiler \
             (`HeapProfiler.startSampling`, one sample per 256 bytes allocated, started after the \
             warm-up) read after the forced GC of both checkpoints, so only objects still alive \
             count; per allocation stack, bytes alive at cycle {to} minus at cycle {from} (what \
             each refresh merely replaces cancels out): {:.1} KiB in all, {:.0} B per cycle. \
             Innermost frame first; `(V8 API)` and frames without a script are the browser's own \
             (WebDriver scripts, DevTools and resource timing bookkeeping).\n\n\
             | allocated at | KiB grown |\n|---|---:|",
            total / 1024.0,
            total / (to.saturating_sub(from).max(1)) as f64,
        );
        for (stack, bytes) in growth.iter().take(10) {
            let stack = stack.replace('|', "\\|");
            let _ = writeln!(self.body, "| {stack} | {:.1} |", bytes / 1024.0);
        }
    }

    pub fn cpu(&mut self, cpu: &[(f64, f64, f64, f64)], missed: usize, expected: usize) {
        let col = |f: fn(&(f64, f64, f64, f64)) -> f64| {
            crate::stats::summarize(&cpu.iter().map(f).collect::<Vec<_>>())
        };
        let task = col(|c| c.0);
        let _ = writeln!(
            self.body,
            "\n## CPU per refresh at 5 s (16 panels)\n\n{} refresh cycles spaced 5 s apart in real \
             time (each moves the range 5 s, as above); per cycle, the renderer main thread's busy \
             time from CDP `Performance.getMetrics` (deltas of TaskDuration and its parts) \
             around the refresh (it includes the bench's own light polling, one check every 10 ms, and the WebDriver script that starts the cycle). Cycles with other than {} requests: {}.\n\n\
             | per refresh | ms |\n|---|---:|\n\
             | main-thread busy (TaskDuration) | {} |\n\
             | of which script (JS + wasm) | {} |\n\
             | of which layout | {} |\n\
             | of which style recalculation | {} |",
            cpu.len(),
            expected,
            missed,
            fmt_summary(task, 1),
            fmt_summary(col(|c| c.1), 1),
            fmt_summary(col(|c| c.2), 1),
            fmt_summary(col(|c| c.3), 1),
        );
        if let Some(t) = task {
            self.goal(
                "6. CPU per refresh at 5 s",
                format!(
                    "{:.0} ms busy = {:.1} % of the interval",
                    t.median,
                    t.median / 50.0
                ),
                "(measured, no goal)",
                "—",
            );
        }
    }

    pub fn profile(&mut self, title: &str, p: &Profile) {
        let _ = writeln!(
            self.profiles,
            "\n### {title}\n\nCDP `Profiler` (250 µs sampling), self time by function; busy {:.0} \
             ms, idle {:.0} ms. Wasm functions show their names from the module's name section \
             (or `wasm-function[N]` when stripped).\n\n| kind of code | self ms | share of busy |\n|---|---:|---:|",
            p.total_ms, p.idle_ms
        );
        for (name, ms) in &p.categories {
            let share = if p.total_ms > 0.0 {
                ms / p.total_ms * 100.0
            } else {
                0.0
            };
            let _ = writeln!(self.profiles, "| {name} | {ms:.1} | {share:.1} % |");
        }
        let _ = writeln!(
            self.profiles,
            "\n| top functions · file | self ms | share of busy |\n|---|---:|---:|"
        );
        for (name, ms) in &p.top {
            let share = if p.total_ms > 0.0 {
                ms / p.total_ms * 100.0
            } else {
                0.0
            };
            let name = name.replace('|', "\\|");
            let name = if name.chars().count() > 110 {
                format!("{}…", name.chars().take(110).collect::<String>())
            } else {
                name
            };
            let _ = writeln!(self.profiles, "| `{name}` | {ms:.1} | {share:.1} % |");
        }
    }

    pub fn finish(mut self) -> String {
        // Goals in the order (the sections run in another order).
        self.summary
            .sort_by_key(|row| row[0].chars().next().unwrap_or('9'));
        let mut out = self.head;
        let _ = writeln!(
            out,
            "\n### Summary\n\n| goal | measured | target | verdict |\n|---|---|---|---|"
        );
        for [a, b, c, d] in &self.summary {
            let _ = writeln!(out, "| {a} | {b} | {c} | {d} |");
        }
        out.push_str(&self.body);
        if !self.profiles.is_empty() {
            out.push_str("\n## Profiles: what dominates\n");
            out.push_str(&self.profiles);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn checkpoints_cover_the_goals() {
        assert_eq!(
            checkpoints(720),
            vec![10, 60, 100, 200, 300, 400, 500, 600, 700, 720]
        );
        assert_eq!(checkpoints(50), vec![10, 50]);
        assert_eq!(checkpoints(0), Vec::<usize>::new());
    }

    #[test]
    fn classes_and_short_names() {
        assert_eq!(class_of("http://a/promboard-web-1234_bg.wasm"), "wasm");
        assert_eq!(class_of("http://a/x.js?v=1"), "JS");
        assert_eq!(class_of("http://a/main-12.css"), "CSS");
        assert_eq!(class_of("http://a/dashboards/b.json"), "data");
        assert_eq!(class_of("http://a/"), "HTML");
        assert_eq!(short("http://a/b/c.js#x"), "c.js");
    }

    #[test]
    fn profile_self_time_by_function() {
        let p = json!({
            "nodes": [
                {"id": 1, "callFrame": {"functionName": "(root)", "url": ""}},
                {"id": 2, "callFrame": {"functionName": "(idle)", "url": ""}},
                {"id": 3, "callFrame": {"functionName": "draw", "url": "http://x/app_bg.wasm"}},
                {"id": 4, "callFrame": {"functionName": "", "url": "http://x/app.js"}}
            ],
            "samples": [3, 3, 2, 4, 3],
            "timeDeltas": [0, 1000, 2000, 500, 3000]
        });
        let got = aggregate_profile(&p);
        assert_eq!(got.idle_ms, 0.5);
        assert_eq!(
            got.top,
            vec![
                ("(anonymous) · app.js".to_owned(), 3.0),
                ("draw · app_bg.wasm".to_owned(), 3.0)
            ]
        );
        assert_eq!(got.total_ms, 6.0);
        assert_eq!(
            got.categories,
            vec![
                ("JS (wasm-bindgen glue, page scripts)".to_owned(), 3.0),
                ("wasm (Rust code)".to_owned(), 3.0)
            ]
        );
    }

    #[test]
    fn splices_between_markers_only() {
        let text = format!("head\n{BEGIN}\nold\n{END}\ntail\n");
        assert_eq!(
            splice(&text, "new\n").unwrap(),
            format!("head\n{BEGIN}\nnew\n{END}\ntail\n")
        );
        assert!(splice("no markers", "x").is_none());
    }
}
