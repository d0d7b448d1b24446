//! The targets page (`?page=targets`): `/api/v1/targets` as scrape pools of target rows, and a
//! target's raw series (the "raw metrics view" of an exporter) from an instant query.
//!
//! Contract: pools are sorted by name; within a pool, down targets come first, then unknown,
//! then up, each by instance. Counts per pool cover all of the pool's targets, whatever the
//! filter; a pool with no row left after filtering is omitted. Free text matches (case-
//! insensitively) the job, instance, scrape URL, last error and any label name or value.
//! A health other than `up`/`down` is `unknown`. Label values in the raw-series selector are
//! escaped for a PromQL double-quoted string (`\`, `"`, newline), so any value selects exactly
//! itself.

use crate::prom::api::{ActiveTarget, TargetsData};
use crate::prom::types::{Labels, Series};

use super::{ago_text, duration_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    // Declaration order is the sort order: the ones needing attention first.
    Down,
    Unknown,
    Up,
}

impl Health {
    pub fn parse(s: &str) -> Self {
        match s {
            "up" => Health::Up,
            "down" => Health::Down,
            _ => Health::Unknown,
        }
    }
    /// `up`, `down`, `unknown` (the DOM's `data-target-health`).
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Down => "down",
            Health::Unknown => "unknown",
        }
    }
    /// The badge's text.
    pub fn badge(self) -> &'static str {
        match self {
            Health::Up => "UP",
            Health::Down => "DOWN",
            Health::Unknown => "UNKNOWN",
        }
    }
}

/// What the user narrowed the list to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetFilter {
    pub unhealthy_only: bool,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub up: usize,
    pub down: usize,
    pub unknown: usize,
}

impl Counts {
    fn add(&mut self, h: Health) {
        match h {
            Health::Up => self.up += 1,
            Health::Down => self.down += 1,
            Health::Unknown => self.unknown += 1,
        }
    }
    pub fn total(&self) -> usize {
        self.up + self.down + self.unknown
    }
    /// "3/5 up" (the pool header's summary).
    pub fn summary(&self) -> String {
        format!("{}/{} up", self.up, self.total())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub job: String,
    pub instance: String,
    pub scrape_url: String,
    pub health: Health,
    /// "12 s ago" or "never".
    pub last_scrape: String,
    /// "3.2 ms"; empty when never scraped.
    pub scrape_duration: String,
    pub scrape_interval: String,
    pub last_error: String,
    /// `name="value"` per target label, in label order.
    pub labels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PoolGroup {
    pub name: String,
    pub counts: Counts,
    pub rows: Vec<TargetRow>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetsView {
    pub pools: Vec<PoolGroup>,
    /// Over every active target.
    pub counts: Counts,
    /// Rows left after the filter.
    pub shown: usize,
}

impl TargetsView {
    /// Text for an empty list: why nothing is shown, or `None` when rows are shown.
    pub fn empty_message(&self, filter: &TargetFilter) -> Option<&'static str> {
        if self.shown > 0 {
            None
        } else if self.counts.total() == 0 {
            Some("Prometheus reports no active targets.")
        } else if filter.unhealthy_only && filter.text.trim().is_empty() {
            Some("All targets are up.")
        } else {
            Some("No target matches the filter.")
        }
    }
}

pub fn targets_view(data: &TargetsData, filter: &TargetFilter, now_ms: i64) -> TargetsView {
    let mut targets: Vec<&ActiveTarget> = data.active_targets.iter().collect();
    targets.sort_by(|a, b| {
        pool_name(a)
            .cmp(pool_name(b))
            .then_with(|| Health::parse(&a.health).cmp(&Health::parse(&b.health)))
            .then_with(|| instance(a).cmp(instance(b)))
    });
    let needle = filter.text.trim().to_lowercase();
    let mut view = TargetsView::default();
    for t in targets {
        let health = Health::parse(&t.health);
        view.counts.add(health);
        let pool = pool_name(t);
        if view.pools.last().map(|p| p.name.as_str()) != Some(pool) {
            view.pools.push(PoolGroup {
                name: pool.to_owned(),
                counts: Counts::default(),
                rows: Vec::new(),
            });
        }
        let Some(group) = view.pools.last_mut() else {
            continue;
        };
        group.counts.add(health);
        if filter.unhealthy_only && health == Health::Up {
            continue;
        }
        if !needle.is_empty() && !matches(t, &needle) {
            continue;
        }
        let scraped = t.last_scrape_ms();
        group.rows.push(TargetRow {
            job: job(t).to_owned(),
            instance: instance(t).to_owned(),
            scrape_url: t.scrape_url.clone(),
            health,
            last_scrape: ago_text(scraped, now_ms),
            scrape_duration: if scraped.is_some() {
                duration_text(t.last_scrape_duration)
            } else {
                String::new()
            },
            scrape_interval: t.scrape_interval.clone(),
            last_error: t.last_error.clone(),
            labels: t
                .labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{v}\""))
                .collect(),
        });
        view.shown += 1;
    }
    view.pools.retain(|p| !p.rows.is_empty());
    view
}

fn pool_name(t: &ActiveTarget) -> &str {
    if t.scrape_pool.is_empty() {
        job(t)
    } else {
        &t.scrape_pool
    }
}

fn job(t: &ActiveTarget) -> &str {
    t.labels
        .get("job")
        .map(String::as_str)
        .unwrap_or(&t.scrape_pool)
}

fn instance(t: &ActiveTarget) -> &str {
    t.labels
        .get("instance")
        .map(String::as_str)
        .unwrap_or(&t.scrape_url)
}

fn matches(t: &ActiveTarget, needle: &str) -> bool {
    let hit = |s: &str| s.to_lowercase().contains(needle);
    hit(job(t))
        || hit(instance(t))
        || hit(&t.scrape_url)
        || hit(&t.last_error)
        || t.labels.iter().any(|(k, v)| hit(k) || hit(v))
}

/// A PromQL double-quoted string literal holding exactly `s`.
pub fn promql_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The instant query returning every series a target currently exposes.
pub fn raw_series_expr(job: &str, instance: &str) -> String {
    format!(
        "{{job={}, instance={}}}",
        promql_quote(job),
        promql_quote(instance)
    )
}

/// One line of the raw metrics view.
#[derive(Clone, Debug, PartialEq)]
pub struct RawMetricRow {
    pub name: String,
    /// `{k="v", …}` without `job` and `instance` (the selector already fixes them); empty when
    /// no other label is left.
    pub labels: String,
    /// As the exposition format writes it: shortest round-trip digits, `NaN`, `+Inf`, `-Inf`.
    pub value: String,
}

/// Instant-vector series as raw metric lines, sorted by name, then labels.
pub fn raw_metrics_table(series: &[Series]) -> Vec<RawMetricRow> {
    let mut rows: Vec<RawMetricRow> = series
        .iter()
        .map(|s| RawMetricRow {
            name: s.metric_name().unwrap_or_default().to_owned(),
            labels: labels_text(&s.labels),
            value: s.values.last().map(|v| sample_text(*v)).unwrap_or_default(),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.labels.cmp(&b.labels)));
    rows
}

fn labels_text(labels: &Labels) -> String {
    let inner: Vec<String> = labels
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "__name__" | "job" | "instance"))
        .map(|(k, v)| format!("{k}={}", promql_quote(v)))
        .collect();
    if inner.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", inner.join(", "))
    }
}

/// A sample value as Prometheus' text format prints it.
pub fn sample_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v == f64::INFINITY {
        "+Inf".to_owned()
    } else if v == f64::NEG_INFINITY {
        "-Inf".to_owned()
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    fn target(job: &str, instance: &str, health: &str, error: &str) -> ActiveTarget {
        ActiveTarget {
            labels: [("job", job), ("instance", instance)]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            scrape_pool: job.to_owned(),
            scrape_url: format!("http://{instance}/metrics"),
            last_error: error.to_owned(),
            last_scrape: if health == "unknown" {
                "0001-01-01T00:00:00Z".to_owned()
            } else {
                "2025-12-31T23:59:48Z".to_owned()
            },
            last_scrape_duration: 0.0032,
            health: health.to_owned(),
            scrape_interval: "15s".to_owned(),
            ..ActiveTarget::default()
        }
    }

    fn data() -> TargetsData {
        TargetsData {
            active_targets: vec![
                target("node", "b:9100", "up", ""),
                target("node", "a:9100", "up", ""),
                target("node", "c:9100", "down", "connection refused"),
                target("api", "x:80", "unknown", ""),
                target("api", "w:80", "up", ""),
            ],
            ..TargetsData::default()
        }
    }

    fn order(v: &TargetsView) -> Vec<(String, Vec<(String, &'static str)>)> {
        v.pools
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.rows
                        .iter()
                        .map(|r| (r.instance.clone(), r.health.as_str()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn groups_sorted_down_first_then_by_instance() {
        let v = targets_view(&data(), &TargetFilter::default(), NOW);
        assert_eq!(
            order(&v),
            vec![
                (
                    "api".into(),
                    vec![("x:80".into(), "unknown"), ("w:80".into(), "up")]
                ),
                (
                    "node".into(),
                    vec![
                        ("c:9100".into(), "down"),
                        ("a:9100".into(), "up"),
                        ("b:9100".into(), "up")
                    ]
                ),
            ]
        );
        assert_eq!(
            v.counts,
            Counts {
                up: 3,
                down: 1,
                unknown: 1
            }
        );
        assert_eq!(v.pools[1].counts.summary(), "2/3 up");
        let down = &v.pools[1].rows[0];
        assert_eq!(down.last_error, "connection refused");
        assert_eq!(down.last_scrape, "12 s ago");
        assert_eq!(down.scrape_duration, "3.2 ms");
        assert_eq!(down.labels, vec![r#"instance="c:9100""#, r#"job="node""#]);
        let never = &v.pools[0].rows[0];
        assert_eq!(
            (never.last_scrape.as_str(), never.scrape_duration.as_str()),
            ("never", "")
        );
        assert_eq!(v.shown, 5);
        assert_eq!(v.empty_message(&TargetFilter::default()), None);
    }

    #[test]
    fn filters() {
        let cases: &[(bool, &str, &[&str])] = &[
            (true, "", &["x:80", "c:9100"]),
            (false, "REFUSED", &["c:9100"]),
            (false, "a:91", &["a:9100"]),
            (false, "api", &["x:80", "w:80"]),
            (true, "node", &["c:9100"]),
            (false, "nothing", &[]),
        ];
        for (unhealthy_only, text, want) in cases {
            let f = TargetFilter {
                unhealthy_only: *unhealthy_only,
                text: (*text).to_owned(),
            };
            let v = targets_view(&data(), &f, NOW);
            let got: Vec<String> = v
                .pools
                .iter()
                .flat_map(|p| p.rows.iter().map(|r| r.instance.clone()))
                .collect();
            assert_eq!(got, *want, "{f:?}");
            // Counts ignore the filter.
            assert_eq!(v.counts.total(), 5);
        }
        let f = TargetFilter {
            unhealthy_only: false,
            text: "zzz".into(),
        };
        assert_eq!(
            targets_view(&data(), &f, NOW).empty_message(&f),
            Some("No target matches the filter.")
        );
        let all_up = TargetsData {
            active_targets: vec![target("a", "a:1", "up", "")],
            ..TargetsData::default()
        };
        let f = TargetFilter {
            unhealthy_only: true,
            text: String::new(),
        };
        assert_eq!(
            targets_view(&all_up, &f, NOW).empty_message(&f),
            Some("All targets are up.")
        );
        assert_eq!(
            targets_view(&TargetsData::default(), &f, NOW).empty_message(&f),
            Some("Prometheus reports no active targets.")
        );
    }

    #[test]
    fn health_parse() {
        for (s, h, badge) in [
            ("up", Health::Up, "UP"),
            ("down", Health::Down, "DOWN"),
            ("unknown", Health::Unknown, "UNKNOWN"),
            ("", Health::Unknown, "UNKNOWN"),
            ("weird", Health::Unknown, "UNKNOWN"),
        ] {
            assert_eq!(Health::parse(s), h);
            assert_eq!(h.badge(), badge);
        }
    }

    #[test]
    fn raw_series_selector_escapes_values() {
        for (job, instance, want) in [
            ("node", "a:9100", r#"{job="node", instance="a:9100"}"#),
            (r#"we"ird"#, r"c:\x", r#"{job="we\"ird", instance="c:\\x"}"#),
            ("a\nb", "", r#"{job="a\nb", instance=""}"#),
        ] {
            assert_eq!(raw_series_expr(job, instance), want);
        }
    }

    #[test]
    fn raw_metrics_rows_sorted_by_name_with_values() {
        let s = |pairs: &[(&str, &str)], v: f64| Series {
            labels: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            t_ms: vec![NOW],
            values: vec![v],
        };
        let series = vec![
            s(&[("__name__", "up"), ("job", "j"), ("instance", "i")], 1.0),
            s(
                &[("__name__", "b_total"), ("job", "j"), ("code", "500")],
                2.5,
            ),
            s(
                &[("__name__", "b_total"), ("job", "j"), ("code", "200")],
                f64::INFINITY,
            ),
            s(
                &[("__name__", "a"), ("le", "+Inf"), ("q", "x\"y")],
                f64::NAN,
            ),
        ];
        let rows = raw_metrics_table(&series);
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.labels.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", r#"{le="+Inf", q="x\"y"}"#, "NaN"),
                ("b_total", r#"{code="200"}"#, "+Inf"),
                ("b_total", r#"{code="500"}"#, "2.5"),
                ("up", "", "1"),
            ]
        );
        assert_eq!(sample_text(-f64::INFINITY), "-Inf");
        assert_eq!(sample_text(1e-7), "0.0000001");
    }
}
