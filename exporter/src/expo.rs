//! Exposition: the Prometheus text format 0.0.4 for live scrapes and OpenMetrics for backfill.
//!
//! Contract:
//! - [`render_text`]: `# HELP`, `# TYPE`, then the family's samples; no timestamps; LF only.
//!   For all stacks (`None`) a family that two stacks share (`pg_up`) appears once, so the page
//!   stays a valid scrape.
//! - [`write_openmetrics`]: every series gets `job="<stack id>"` and `instance="<instance>"`,
//!   timestamps are unix seconds, each family's samples are contiguous, each series' samples are
//!   contiguous and in time order, LF only, `# EOF` last. Counters are typed `counter` under the
//!   family name without `_total` (as OpenMetrics requires); histograms `histogram`.
//! - A bad range (`step_s ≤ 0`, non-finite bounds, `end < start`) is an `InvalidInput` error;
//!   `start == end` writes one step. Values are identical to [`crate::sample`] at the same time.

use crate::model::{catalog, fmt_value, Family, Kind, Stack};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escape a label value (backslash, double quote, newline).
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// `{a="x",b="y"}` (empty string for no labels).
fn label_block(labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let mut s = String::from("{");
    for (i, (k, v)) in labels.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{k}=\"{}\"", escape(v));
    }
    s.push('}');
    s
}

/// The sample line prefix (`name{labels}`) of sub-series `i` of child `c`.
fn series_key(fam: &Family, c: usize, i: usize, extra: &[(&str, &str)]) -> String {
    let (name, le) = fam.sub_series(i);
    let mut labels: Vec<(&str, &str)> = extra.to_vec();
    labels.extend(fam.children[c].labels.iter().map(|(k, v)| (*k, v.as_str())));
    if let Some(le) = &le {
        labels.push(("le", le));
    }
    format!("{name}{}", label_block(&labels))
}

/// The Prometheus text exposition (format 0.0.4) of one stack (or all for `None`) at `t_s`.
pub fn render_text(stack: Option<Stack>, anchor_s: i64, t_s: f64) -> String {
    let mut out = String::new();
    let mut vals = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for fam in catalog()
        .iter()
        .filter(|f| stack.is_none_or(|s| s == f.stack))
    {
        // The all-stacks page shows a family shared by two stacks (`pg_up`) once.
        if !seen.insert(fam.name) {
            continue;
        }
        let _ = writeln!(out, "# HELP {} {}", fam.name, fam.help);
        let _ = writeln!(out, "# TYPE {} {}", fam.name, fam.kind.as_str());
        for c in 0..fam.children.len() {
            fam.eval(&fam.children[c], anchor_s, t_s, &mut vals);
            for (i, v) in vals.iter().enumerate() {
                let _ = writeln!(out, "{} {}", series_key(fam, c, i, &[]), fmt_value(*v));
            }
        }
    }
    out
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// The backfill time grid: `start, start+step, …` up to and including `end` (within 1e-9 s).
pub fn grid(start_s: f64, end_s: f64, step_s: f64) -> io::Result<Vec<f64>> {
    let step_ok = step_s > 0.0 && step_s.is_finite();
    if !step_ok || !start_s.is_finite() || !end_s.is_finite() {
        return Err(invalid(format!(
            "backfill needs finite start/end and a positive step (start {start_s}, end {end_s}, step {step_s})"
        )));
    }
    if end_s < start_s {
        return Err(invalid(format!(
            "backfill end {end_s} is before start {start_s}"
        )));
    }
    let n = ((end_s - start_s) / step_s + 1e-9).floor() as usize + 1;
    Ok((0..n).map(|i| start_s + i as f64 * step_s).collect())
}

/// Write OpenMetrics for `promtool tsdb create-blocks-from openmetrics` (see the module doc).
pub fn write_openmetrics<W: Write>(
    w: W,
    anchor_s: i64,
    start_s: f64,
    end_s: f64,
    step_s: f64,
    instance: &str,
) -> io::Result<()> {
    let times = grid(start_s, end_s, step_s)?;
    let mut w = io::BufWriter::with_capacity(1 << 20, w);
    let stamps: Vec<String> = times.iter().map(|t| fmt_value(*t)).collect();
    let mut vals = Vec::new();
    let mut matrix: Vec<Vec<f64>> = Vec::new();
    for fam in catalog() {
        let (family_name, ty) = match fam.kind {
            Kind::Counter => (
                fam.name.strip_suffix("_total").unwrap_or(fam.name),
                "counter",
            ),
            Kind::Gauge => (fam.name, "gauge"),
            Kind::Histogram => (fam.name, "histogram"),
        };
        writeln!(w, "# HELP {family_name} {}", fam.help)?;
        writeln!(w, "# TYPE {family_name} {ty}")?;
        let extra = [("job", fam.stack.id()), ("instance", instance)];
        for c in 0..fam.children.len() {
            // Evaluate each time once; emit every sub-series (bucket) contiguously.
            matrix.clear();
            matrix.resize(fam.width(), Vec::with_capacity(times.len()));
            for t in &times {
                fam.eval(&fam.children[c], anchor_s, *t, &mut vals);
                for (row, v) in matrix.iter_mut().zip(&vals) {
                    row.push(*v);
                }
            }
            for (i, row) in matrix.iter().enumerate() {
                let key = series_key(fam, c, i, &extra);
                for (v, ts) in row.iter().zip(&stamps) {
                    writeln!(w, "{key} {} {ts}", fmt_value(*v))?;
                }
            }
        }
    }
    w.write_all(b"# EOF\n")?;
    w.flush()
}
