//! The series model: stacks, metric families, their children (label sets) and the evaluation of
//! each child at a time, plus the public sampling API.
//!
//! Contract:
//! - Every value is a pure function of `(anchor_s, t_s)`; `u = t − anchor` drives the shapes.
//! - Counters (and histogram buckets / `_count`) are floored to integers when they count events,
//!   and floored to 1e-3 otherwise (`_sum`, CPU seconds), which keeps them exactly monotone.
//! - Histogram buckets are cumulative in `le` and `_count` equals the `+Inf` bucket by construction
//!   (the same sum is computed for both).
//! - Gauges are clamped to their `[min, max]` and optionally rounded to integers.
//! - Unknown names or label sets are `None` from [`lookup`], never a panic.

use crate::shape::{Shape, PERIOD_S};
use std::sync::OnceLock;

/// One of the five seed stacks; each is served at `/metrics/<id>` and scraped as job `<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stack {
    Anivault,
    Magacin,
    Integration,
    Muejam,
    Spheroseg,
}

impl Stack {
    pub const ALL: [Stack; 5] = [
        Stack::Anivault,
        Stack::Magacin,
        Stack::Integration,
        Stack::Muejam,
        Stack::Spheroseg,
    ];
    /// The stack id used in URLs and as the `job` label.
    pub fn id(self) -> &'static str {
        match self {
            Stack::Anivault => "anivault",
            Stack::Magacin => "magacin",
            Stack::Integration => "integration",
            Stack::Muejam => "muejam",
            Stack::Spheroseg => "spheroseg",
        }
    }
    pub fn from_id(id: &str) -> Option<Stack> {
        Stack::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// The Prometheus type of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gauge,
    Counter,
    Histogram,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gauge => "gauge",
            Kind::Counter => "counter",
            Kind::Histogram => "histogram",
        }
    }
}

/// A log-normal latency distribution: `median_s` and `sigma` of the log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dist {
    pub median_s: f64,
    pub sigma: f64,
}

impl Dist {
    pub fn new(median_s: f64, sigma: f64) -> Self {
        Dist { median_s, sigma }
    }
    /// P(X ≤ le); 1 for `le = +Inf`, 0 for `le ≤ 0`.
    pub fn cdf(&self, le: f64) -> f64 {
        if le == f64::INFINITY {
            return 1.0;
        }
        if le <= 0.0 {
            return 0.0;
        }
        let z = (le.ln() - self.median_s.ln()) / (self.sigma * std::f64::consts::SQRT_2);
        (0.5 * erfc(-z)).clamp(0.0, 1.0)
    }
    pub fn mean(&self) -> f64 {
        self.median_s * (self.sigma * self.sigma / 2.0).exp()
    }
}

/// Complementary error function (Numerical Recipes `erfcc`, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ans = t * poly.exp();
    if x >= 0.0 {
        ans
    } else {
        2.0 - ans
    }
}

/// What a child series is made of.
#[derive(Debug, Clone)]
pub(crate) enum Def {
    Gauge {
        shape: Shape,
        min: f64,
        max: f64,
        round: bool,
    },
    /// A unix timestamp of the last successful run: runs every `interval_s` (phase `phase_s`
    /// from the anchor); runs starting inside the periodic `[blocked_from_s, blocked_to_s)`
    /// window fail, so the timestamp freezes there.
    LastSuccess {
        interval_s: f64,
        phase_s: f64,
        blocked: Option<(f64, f64)>,
    },
    Counter {
        shape: Shape,
        integer: bool,
    },
    /// A histogram: a sum of components, each a latency distribution with its own rate shape.
    Histogram {
        components: Vec<(Dist, Shape)>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Child {
    pub labels: Vec<(&'static str, String)>,
    pub def: Def,
}

#[derive(Debug, Clone)]
pub(crate) struct Family {
    pub stack: Stack,
    /// The exposition name (counters include `_total`; histograms are the base name).
    pub name: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    /// Finite upper bounds, ascending (histograms only); `+Inf` is implied.
    pub buckets: Vec<f64>,
    pub children: Vec<Child>,
}

fn floor_milli(x: f64) -> f64 {
    (x * 1000.0).floor() / 1000.0
}

fn round_micro(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl Family {
    /// Number of sample lines one child produces (1, or buckets + `+Inf` + `_sum` + `_count`).
    pub fn width(&self) -> usize {
        match self.kind {
            Kind::Histogram => self.buckets.len() + 3,
            Kind::Gauge | Kind::Counter => 1,
        }
    }

    /// Sample name and extra `le` label of sub-series `i` of a child (see [`Family::width`]).
    pub fn sub_series(&self, i: usize) -> (String, Option<String>) {
        if self.kind != Kind::Histogram {
            return (self.name.to_string(), None);
        }
        let n = self.buckets.len();
        if i < n {
            (
                format!("{}_bucket", self.name),
                Some(fmt_value(self.buckets[i])),
            )
        } else if i == n {
            (format!("{}_bucket", self.name), Some("+Inf".to_string()))
        } else if i == n + 1 {
            (format!("{}_sum", self.name), None)
        } else {
            (format!("{}_count", self.name), None)
        }
    }

    /// Values of every sub-series of `child` at `t_s`, in [`Family::sub_series`] order.
    pub fn eval(&self, child: &Child, anchor_s: i64, t_s: f64, out: &mut Vec<f64>) {
        out.clear();
        let u = t_s - anchor_s as f64;
        match &child.def {
            Def::Gauge {
                shape,
                min,
                max,
                round,
            } => {
                let v = shape.value(u).clamp(*min, *max);
                out.push(if *round { v.round() } else { round_micro(v) });
            }
            Def::LastSuccess {
                interval_s,
                phase_s,
                blocked,
            } => out.push(anchor_s as f64 + last_success(u, *interval_s, *phase_s, *blocked)),
            Def::Counter { shape, integer } => {
                let v = shape.integral(u).max(0.0);
                out.push(if *integer { v.floor() } else { floor_milli(v) });
            }
            Def::Histogram { components } => {
                let counts: Vec<f64> = components
                    .iter()
                    .map(|(_, s)| s.integral(u).max(0.0))
                    .collect();
                let mut prev_cdf = vec![0.0_f64; components.len()];
                for le in self.buckets.iter().copied().chain([f64::INFINITY]) {
                    let mut total = 0.0;
                    for (i, ((dist, _), count)) in components.iter().zip(&counts).enumerate() {
                        // A running max keeps the cumulative property exact despite rounding.
                        let cdf = if le == f64::INFINITY {
                            1.0
                        } else {
                            dist.cdf(le).max(prev_cdf[i])
                        };
                        prev_cdf[i] = cdf;
                        total += cdf * count;
                    }
                    out.push(total.floor());
                }
                let sum: f64 = components
                    .iter()
                    .zip(&counts)
                    .map(|((d, _), c)| d.mean() * c)
                    .sum();
                out.push(floor_milli(sum));
                let count: f64 = counts.iter().map(|c| 1.0 * c).sum();
                out.push(count.floor());
            }
        }
    }
}

/// The last successful run time (relative to the anchor) at `u`.
fn last_success(u: f64, interval_s: f64, phase_s: f64, blocked: Option<(f64, f64)>) -> f64 {
    let mut tick = ((u - phase_s) / interval_s).floor() * interval_s + phase_s;
    if let Some((from, to)) = blocked {
        // Walk back over failed runs; a window holds at most (to − from) / interval runs.
        let max_steps = ((to - from) / interval_s).ceil() as usize + 1;
        for _ in 0..max_steps {
            let p = tick.rem_euclid(PERIOD_S);
            if p >= from && p < to {
                tick -= interval_s;
            } else {
                break;
            }
        }
    }
    tick
}

/// Format a sample value or an `le` bound the way the Go client does (`+Inf`, `NaN`, shortest).
pub fn fmt_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v == f64::INFINITY {
        "+Inf".to_string()
    } else if v == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        format!("{v}")
    }
}

/// One sample: exposition name (with `_total`/`_bucket`/`_sum`/`_count`), labels, value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub stack: Stack,
    pub name: String,
    /// The series' own labels (no `job`/`instance`), in exposition order; `le` last if present.
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

impl Sample {
    /// The value of label `name`, if present.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn catalog() -> &'static [Family] {
    static CATALOG: OnceLock<Vec<Family>> = OnceLock::new();
    CATALOG.get_or_init(crate::catalog::build)
}

fn push_family(out: &mut Vec<Sample>, fam: &Family, anchor_s: i64, t_s: f64) {
    let mut vals = Vec::with_capacity(fam.width());
    for child in &fam.children {
        fam.eval(child, anchor_s, t_s, &mut vals);
        for (i, v) in vals.iter().enumerate() {
            let (name, le) = fam.sub_series(i);
            let mut labels: Vec<(String, String)> = child
                .labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            if let Some(le) = le {
                labels.push(("le".to_string(), le));
            }
            out.push(Sample {
                stack: fam.stack,
                name,
                labels,
                value: *v,
            });
        }
    }
}

/// Every series of every stack at `t_s` (unix seconds), for the given anchor.
pub fn sample(anchor_s: i64, t_s: f64) -> Vec<Sample> {
    let mut out = Vec::new();
    for fam in catalog() {
        push_family(&mut out, fam, anchor_s, t_s);
    }
    out
}

/// Every series of one stack at `t_s`.
pub fn sample_stack(stack: Stack, anchor_s: i64, t_s: f64) -> Vec<Sample> {
    let mut out = Vec::new();
    for fam in catalog().iter().filter(|f| f.stack == stack) {
        push_family(&mut out, fam, anchor_s, t_s);
    }
    out
}

fn family_matches(f: &Family, name: &str) -> bool {
    f.name == name
        || (f.kind == Kind::Histogram
            && ["_bucket", "_sum", "_count"]
                .iter()
                .any(|s| name.strip_suffix(s) == Some(f.name)))
}

/// Samples named `name` (in `stack`, or in any stack for `None`) whose labels include every
/// `(label, value)` in `matchers`.
pub fn select(
    stack: Option<Stack>,
    anchor_s: i64,
    t_s: f64,
    name: &str,
    matchers: &[(&str, &str)],
) -> Vec<Sample> {
    let mut all = Vec::new();
    for fam in catalog()
        .iter()
        .filter(|f| stack.is_none_or(|s| s == f.stack) && family_matches(f, name))
    {
        push_family(&mut all, fam, anchor_s, t_s);
    }
    all.retain(|s| s.name == name && matchers.iter().all(|(k, v)| s.label(k) == Some(*v)));
    all
}

/// The exact value of the series `name{labels}` (the full label set, any order) at `t_s`; with
/// `stack = None` the first stack that has it wins (`pg_up` exists in magacin and muejam).
pub fn lookup(
    stack: Option<Stack>,
    anchor_s: i64,
    t_s: f64,
    name: &str,
    labels: &[(&str, &str)],
) -> Option<f64> {
    select(stack, anchor_s, t_s, name, labels)
        .into_iter()
        .find(|s| s.labels.len() == labels.len())
        .map(|s| s.value)
}

/// Names of all families (exposition names) of a stack, in output order.
pub fn family_names(stack: Stack) -> Vec<&'static str> {
    catalog()
        .iter()
        .filter(|f| f.stack == stack)
        .map(|f| f.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dist_cdf_matches_known_points() {
        let d = Dist::new(1.0, 1.0);
        let cases = [
            (1.0, 0.5),
            ((1.0_f64).exp(), 0.841_344_7),
            ((-1.0_f64).exp(), 0.158_655_3),
            ((1.644_853_6_f64).exp(), 0.95),
            (0.0, 0.0),
            (f64::INFINITY, 1.0),
        ];
        for (le, want) in cases {
            assert!((d.cdf(le) - want).abs() < 1e-6, "le={le}: {}", d.cdf(le));
        }
    }

    #[test]
    fn last_success_freezes_in_blocked_window() {
        // Runs every 300 s at phase 0; runs in [900, 1620) fail.
        let cases = [
            (10.0, 0.0),
            (899.0, 600.0),
            (1000.0, 600.0),
            (1619.0, 600.0),
            (1800.0, 1800.0),
            (3600.0 + 1000.0, 3600.0 + 600.0),
        ];
        for (u, want) in cases {
            assert_eq!(
                last_success(u, 300.0, 0.0, Some((900.0, 1620.0))),
                want,
                "u={u}"
            );
        }
    }

    #[test]
    fn stack_ids_round_trip() {
        for s in Stack::ALL {
            assert_eq!(Stack::from_id(s.id()), Some(s));
        }
        assert_eq!(Stack::from_id("nope"), None);
    }

    #[test]
    fn lookup_finds_exact_label_sets_only() {
        let a = 1_700_000_000;
        let t = a as f64 + 60.0;
        assert_eq!(lookup(Some(Stack::Muejam), a, t, "pg_up", &[]), Some(1.0));
        assert_eq!(lookup(None, a, t, "no_such_metric", &[]), None);
        assert_eq!(lookup(Some(Stack::Anivault), a, t, "pg_up", &[]), None);
        let health = [("destination", "nope")];
        assert_eq!(
            lookup(None, a, t, "destination_health_status", &health),
            None
        );
    }
}
