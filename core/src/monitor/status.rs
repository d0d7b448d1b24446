//! The status page (`?page=status`): build and runtime info, flags, TSDB head statistics and
//! rule-group evaluation, each a section that renders on its own.
//!
//! Contract: each endpoint's outcome becomes a [`Section`]: its rows, or "missing" when the
//! server does not have the endpoint (HTTP 404, a `not_found` API error, or VictoriaMetrics'
//! "unsupported path"), or the error's sentence. One failing endpoint never hides the others.
//! Empty values (engines that send only a version) are left out rather than shown blank.
//! Top lists are sorted by count, descending, ties by name, and cut to [`TOP_N`].

use std::collections::BTreeMap;

use crate::prom::api::{BuildInfo, NameCount, RuleGroup, RuntimeInfo, TsdbStatus};
use crate::prom::error::PromError;
use crate::time::{format_iso_utc, parse_rfc3339_ms};

use super::{ago_text, count_text, duration_text};

/// Rows kept in each TSDB top list.
pub const TOP_N: usize = 10;

/// One section of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Section<T> {
    Ready(T),
    /// "This server does not provide /api/v1/status/tsdb (e.g. VictoriaMetrics)".
    Missing(String),
    Failed(String),
}

impl<T> Section<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Section<U> {
        match self {
            Section::Ready(t) => Section::Ready(f(t)),
            Section::Missing(m) => Section::Missing(m),
            Section::Failed(m) => Section::Failed(m),
        }
    }
}

/// A section's state for the DOM (`data-section-state`): `loading` (no outcome yet), `ok`,
/// `missing` or `error`.
pub fn section_state<T>(s: Option<&Section<T>>) -> &'static str {
    match s {
        None => "loading",
        Some(Section::Ready(_)) => "ok",
        Some(Section::Missing(_)) => "missing",
        Some(Section::Failed(_)) => "error",
    }
}

/// The sentence for an endpoint the server does not have.
pub fn missing_message(endpoint: &str) -> String {
    format!(
        "This server does not provide {endpoint} (e.g. VictoriaMetrics or another Prometheus-API engine), so this section is not available."
    )
}

/// True when `e` means "no such endpoint" rather than a failure of one that exists.
pub fn is_missing_endpoint(e: &PromError) -> bool {
    match e {
        PromError::Http {
            status,
            body_excerpt,
        } => {
            *status == 404
                || (*status == 400 && body_excerpt.to_lowercase().contains("unsupported path"))
        }
        PromError::Api {
            error_type,
            http_status,
            ..
        } => error_type == "not_found" || *http_status == 404,
        _ => false,
    }
}

/// A decoded outcome of `endpoint` as a section.
pub fn section<T>(endpoint: &str, outcome: Result<T, PromError>) -> Section<T> {
    match outcome {
        Ok(t) => Section::Ready(t),
        Err(e) if is_missing_endpoint(&e) => Section::Missing(missing_message(endpoint)),
        Err(e) => Section::Failed(e.to_string()),
    }
}

/// (label, value) rows.
pub type KeyValues = Vec<(String, String)>;

fn push(rows: &mut KeyValues, key: &str, value: String) {
    if !value.trim().is_empty() {
        rows.push((key.to_owned(), value));
    }
}

pub fn build_info_rows(b: &BuildInfo) -> KeyValues {
    let mut rows = Vec::new();
    push(&mut rows, "Version", b.version.clone());
    push(&mut rows, "Revision", b.revision.clone());
    push(&mut rows, "Branch", b.branch.clone());
    push(&mut rows, "Build user", b.build_user.clone());
    push(&mut rows, "Build date", b.build_date.clone());
    push(&mut rows, "Go version", b.go_version.clone());
    rows
}

/// An RFC 3339 time as "2026-01-01T00:00:00.000Z (5 min ago)"; unparsable text as sent.
fn time_with_age(text: &str, now_ms: i64) -> String {
    match parse_rfc3339_ms(text) {
        Some(t) => format!("{} ({})", format_iso_utc(t), ago_text(Some(t), now_ms)),
        None => text.to_owned(),
    }
}

pub fn runtime_info_rows(r: &RuntimeInfo, now_ms: i64) -> KeyValues {
    let mut rows = Vec::new();
    push(
        &mut rows,
        "Start time",
        time_with_age(&r.start_time, now_ms),
    );
    push(&mut rows, "Working directory", r.cwd.clone());
    push(
        &mut rows,
        "Configuration reload",
        if r.reload_config_success {
            "Successful"
        } else {
            "Failed"
        }
        .to_owned(),
    );
    push(
        &mut rows,
        "Last successful configuration",
        time_with_age(&r.last_config_time, now_ms),
    );
    push(&mut rows, "WAL corruptions", count_text(r.corruption_count));
    push(&mut rows, "Goroutines", count_text(r.goroutine_count));
    push(&mut rows, "GOMAXPROCS", count_text(r.gomaxprocs));
    push(&mut rows, "GOGC", r.gogc.clone());
    push(&mut rows, "GODEBUG", r.godebug.clone());
    push(&mut rows, "Storage retention", r.storage_retention.clone());
    rows
}

/// Flags sorted by name, narrowed to those whose name or value contains `text`
/// (case-insensitive).
pub fn flag_rows(flags: &BTreeMap<String, String>, text: &str) -> KeyValues {
    let needle = text.trim().to_lowercase();
    flags
        .iter()
        .filter(|(k, v)| {
            needle.is_empty()
                || k.to_lowercase().contains(&needle)
                || v.to_lowercase().contains(&needle)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// One row of a TSDB top list.
#[derive(Clone, Debug, PartialEq)]
pub struct TopRow {
    pub name: String,
    pub count: String,
    /// Share of the list's first (largest) count, 0…1, for a bar.
    pub fraction: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TsdbView {
    pub head: KeyValues,
    pub head_series: f64,
    pub top_metrics: Vec<TopRow>,
    pub top_label_names: Vec<TopRow>,
    pub top_label_pairs: Vec<TopRow>,
}

fn top(list: &[NameCount]) -> Vec<TopRow> {
    let mut sorted: Vec<&NameCount> = list.iter().collect();
    sorted.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.name.cmp(&b.name))
    });
    sorted.truncate(TOP_N);
    let max = sorted.first().map(|n| n.value).unwrap_or(0.0);
    sorted
        .into_iter()
        .map(|n| TopRow {
            name: n.name.clone(),
            count: count_text(n.value),
            fraction: if max > 0.0 && n.value.is_finite() {
                (n.value / max).clamp(0.0, 1.0)
            } else {
                0.0
            },
        })
        .collect()
}

pub fn tsdb_view(s: &TsdbStatus) -> TsdbView {
    let h = &s.head_stats;
    let mut head = Vec::new();
    push(&mut head, "Head series", count_text(h.num_series));
    push(&mut head, "Label pairs", count_text(h.num_label_pairs));
    push(&mut head, "Chunks", count_text(h.chunk_count));
    let time = |ms: f64| {
        if ms.is_finite() && ms > 0.0 {
            format_iso_utc(ms as i64)
        } else {
            String::new()
        }
    };
    // An empty head reports placeholder bounds (Prometheus: the last block's end), not data.
    if h.num_series > 0.0 {
        push(&mut head, "Oldest sample in head", time(h.min_time));
        push(&mut head, "Newest sample in head", time(h.max_time));
    }
    TsdbView {
        head,
        head_series: h.num_series,
        top_metrics: top(&s.series_count_by_metric_name),
        top_label_names: top(&s.label_value_count_by_label_name),
        top_label_pairs: top(&s.series_count_by_label_value_pair),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleErrorRow {
    pub rule: String,
    pub error: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleGroupRow {
    pub name: String,
    pub file: String,
    pub rules: usize,
    /// "every 15 s".
    pub interval: String,
    /// "12.3 ms".
    pub evaluation: String,
    /// "3 s ago" or "never".
    pub last_evaluation: String,
    /// Rules whose last evaluation failed.
    pub errors: Vec<RuleErrorRow>,
    /// The group's evaluation took longer than its interval (it is missing evaluations).
    pub slow: bool,
}

/// Rule groups in server order (file order), each with its rules' last errors.
pub fn rule_group_rows(groups: &[RuleGroup], now_ms: i64) -> Vec<RuleGroupRow> {
    groups
        .iter()
        .map(|g| {
            let last = parse_rfc3339_ms(&g.last_evaluation);
            RuleGroupRow {
                name: g.name.clone(),
                file: g.file.clone(),
                rules: g.rules.len(),
                interval: if g.interval.is_finite() && g.interval > 0.0 {
                    format!("every {}", duration_text(g.interval).replace(".00 s", " s"))
                } else {
                    String::new()
                },
                // A group not evaluated yet reports 0 s: nothing was measured.
                evaluation: if last.is_some() {
                    duration_text(g.evaluation_time)
                } else {
                    String::new()
                },
                last_evaluation: ago_text(last, now_ms),
                errors: g
                    .rules
                    .iter()
                    .filter(|r| !r.last_error.is_empty() || r.health == "err")
                    .map(|r| RuleErrorRow {
                        rule: r.name.clone(),
                        error: if r.last_error.is_empty() {
                            "evaluation failed (no message)".to_owned()
                        } else {
                            r.last_error.clone()
                        },
                    })
                    .collect(),
                slow: g.interval > 0.0 && g.evaluation_time > g.interval,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prom::api::Rule;
    use crate::prom::decode::{decode_buildinfo, decode_flags, decode_tsdb};

    const NOW: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    #[test]
    fn missing_endpoints_become_a_sentence_and_others_render() {
        // Prometheus' own 404 for an unknown API path is plain text.
        let not_found = decode_tsdb(404, b"404 page not found");
        let s = section("/api/v1/status/tsdb", not_found.map(|d| d.data));
        assert_eq!(s, Section::Missing(missing_message("/api/v1/status/tsdb")));
        assert!(missing_message("/api/v1/status/tsdb")
            .starts_with("This server does not provide /api/v1/status/tsdb (e.g. VictoriaMetrics"));

        // VictoriaMetrics: 400 "unsupported path requested".
        let vm = decode_flags(400, b"unsupported path requested: \"/api/v1/status/flags\"");
        assert!(matches!(
            section("/api/v1/status/flags", vm.map(|d| d.data)),
            Section::Missing(_)
        ));

        let api = PromError::Api {
            error_type: "not_found".into(),
            message: "no such endpoint".into(),
            http_status: 404,
        };
        assert!(is_missing_endpoint(&api));

        assert_eq!(section_state(Some(&s)), "missing");
        assert_eq!(section_state::<()>(None), "loading");

        // A real failure keeps its own sentence.
        let failed: Result<(), _> = Err(PromError::Http {
            status: 502,
            body_excerpt: "bad gateway".into(),
        });
        match section("/api/v1/rules", failed) {
            Section::Failed(m) => assert!(m.contains("HTTP 502"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(!is_missing_endpoint(&PromError::Timeout { after_ms: 1000 }));

        // The build info of the same server still renders.
        let b = decode_buildinfo(200, br#"{"status":"success","data":{"version":"2.24.0"}}"#)
            .map(|d| d.data);
        let s = section("/api/v1/status/buildinfo", b).map(|b| build_info_rows(&b));
        assert_eq!(
            s,
            Section::Ready(vec![("Version".to_owned(), "2.24.0".to_owned())])
        );
    }

    #[test]
    fn build_and_runtime_rows() {
        let b = BuildInfo {
            version: "2.42.0".into(),
            revision: "abc".into(),
            go_version: "go1.19.6".into(),
            ..BuildInfo::default()
        };
        let keys: Vec<String> = build_info_rows(&b).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec!["Version", "Revision", "Go version"]);

        let r = RuntimeInfo {
            start_time: "2025-12-31T23:55:00Z".into(),
            cwd: "/tmp/rig".into(),
            reload_config_success: true,
            last_config_time: "0001-01-01T00:00:00Z".into(),
            corruption_count: 0.0,
            goroutine_count: 41.0,
            gomaxprocs: 2.0,
            storage_retention: "100y".into(),
            ..RuntimeInfo::default()
        };
        let rows = runtime_info_rows(&r, NOW);
        let get = |k: &str| {
            rows.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            get("Start time"),
            Some("2025-12-31T23:55:00.000Z (5 min ago)")
        );
        assert_eq!(get("Configuration reload"), Some("Successful"));
        // Go's zero time does not parse: shown as sent.
        assert_eq!(
            get("Last successful configuration"),
            Some("0001-01-01T00:00:00Z")
        );
        assert_eq!(get("Goroutines"), Some("41"));
        assert_eq!(get("WAL corruptions"), Some("0"));
        assert_eq!(get("GOGC"), None);
        assert_eq!(get("Storage retention"), Some("100y"));
    }

    #[test]
    fn flags_sorted_and_searchable() {
        let f = decode_flags(
            200,
            br#"{"status":"success","data":{"web.listen-address":"127.0.0.1:9090","storage.tsdb.retention.time":"100y","config.file":"/x/prometheus.yml"}}"#,
        )
        .unwrap()
        .data;
        let names = |rows: KeyValues| rows.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(
            names(flag_rows(&f, "")),
            vec![
                "config.file",
                "storage.tsdb.retention.time",
                "web.listen-address"
            ]
        );
        assert_eq!(
            names(flag_rows(&f, "RETENTION")),
            vec!["storage.tsdb.retention.time"]
        );
        assert_eq!(names(flag_rows(&f, "127.0")), vec!["web.listen-address"]);
        assert!(flag_rows(&f, "nope").is_empty());
    }

    #[test]
    fn tsdb_top_lists() {
        let metrics: Vec<NameCount> = (0..15)
            .map(|i| NameCount {
                name: format!("m{i:02}"),
                value: f64::from(i % 5),
            })
            .collect();
        let s = TsdbStatus {
            head_stats: crate::prom::api::HeadStats {
                num_series: 1508.0,
                num_label_pairs: 320.0,
                chunk_count: 2937.0,
                min_time: 1_767_204_000_000.0,
                max_time: NOW as f64,
            },
            series_count_by_metric_name: metrics,
            ..TsdbStatus::default()
        };
        let v = tsdb_view(&s);
        assert_eq!(v.head_series, 1508.0);
        assert_eq!(v.head[0], ("Head series".to_owned(), "1 508".to_owned()));
        assert_eq!(v.head[2], ("Chunks".to_owned(), "2 937".to_owned()));
        assert_eq!(
            v.head[4],
            (
                "Newest sample in head".to_owned(),
                "2026-01-01T00:00:00.000Z".to_owned()
            )
        );
        assert_eq!(v.top_metrics.len(), TOP_N);
        let names: Vec<&str> = v.top_metrics.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["m04", "m09", "m14", "m03", "m08", "m13", "m02", "m07", "m12", "m01"]
        );
        assert_eq!(v.top_metrics[0].fraction, 1.0);
        assert_eq!(v.top_metrics[3].fraction, 0.75);
        assert!(v.top_label_names.is_empty());

        // An empty head (or an engine sending nothing) gives counts without placeholder times.
        let empty = tsdb_view(&TsdbStatus {
            head_stats: crate::prom::api::HeadStats {
                min_time: 1_767_225_600_001.0,
                max_time: 1_767_225_600_001.0,
                ..Default::default()
            },
            ..TsdbStatus::default()
        });
        assert_eq!(empty.head.len(), 3);
    }

    #[test]
    fn rule_groups_with_durations_and_errors() {
        let rule = |name: &str, health: &str, err: &str| Rule {
            name: name.into(),
            health: health.into(),
            last_error: err.into(),
            ..Rule::default()
        };
        let groups = vec![
            RuleGroup {
                name: "anivault".into(),
                file: "/rules/anivault.yml".into(),
                rules: vec![
                    rule("A", "ok", ""),
                    rule("B", "err", "many-to-many matching not allowed"),
                ],
                interval: 15.0,
                evaluation_time: 0.0123,
                last_evaluation: "2025-12-31T23:59:57Z".into(),
            },
            RuleGroup {
                name: "slow".into(),
                interval: 1.0,
                evaluation_time: 1.5,
                last_evaluation: "0001-01-01T00:00:00Z".into(),
                rules: vec![rule("C", "err", "")],
                ..RuleGroup::default()
            },
        ];
        let rows = rule_group_rows(&groups, NOW);
        assert_eq!(rows[0].interval, "every 15 s");
        assert_eq!(rows[0].evaluation, "12.3 ms");
        assert_eq!(rows[0].last_evaluation, "3 s ago");
        assert_eq!(rows[0].rules, 2);
        assert_eq!(
            rows[0].errors,
            vec![RuleErrorRow {
                rule: "B".into(),
                error: "many-to-many matching not allowed".into()
            }]
        );
        assert!(!rows[0].slow);
        assert_eq!(rows[1].last_evaluation, "never");
        assert_eq!(rows[1].evaluation, "");
        assert!(rows[1].slow);
        assert_eq!(rows[1].errors[0].error, "evaluation failed (no message)");
    }
}
