//! Typed `data` of the non-query Prometheus API endpoints: metadata, rules, alerts, targets,
//! build/runtime info, TSDB status.
//!
//! Contract: every field has a serde default, so responses from other engines
//! (VictoriaMetrics, Thanos, Mimir) that omit fields still decode; unknown fields are ignored.
//! Numbers that some engines send as strings (alert `value`, runtime counters) are read from
//! either form. Timestamps stay as the RFC 3339 text the server sent; `*_ms()` helpers parse
//! them (None when absent or unparsable, e.g. Go's zero time "0001-01-01T00:00:00Z").

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::types::Labels;
use crate::time::parse_rfc3339_ms;

/// One `/api/v1/metadata` entry.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MetricMetadata {
    /// `counter`, `gauge`, `histogram`, `summary`, `unknown`, …
    #[serde(rename = "type")]
    pub metric_type: String,
    pub help: String,
    pub unit: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct RulesData {
    pub groups: Vec<RuleGroup>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RuleGroup {
    pub name: String,
    pub file: String,
    pub rules: Vec<Rule>,
    /// Evaluation interval, seconds.
    #[serde(deserialize_with = "lenient_f64")]
    pub interval: f64,
    /// Seconds the last evaluation of the whole group took.
    #[serde(deserialize_with = "lenient_f64")]
    pub evaluation_time: f64,
    pub last_evaluation: String,
}

/// Alerting or recording rule, as `/api/v1/rules` reports it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Rule {
    /// `alerting` or `recording`.
    #[serde(rename = "type")]
    pub rule_type: String,
    pub name: String,
    pub query: String,
    /// Alerting rules: `firing`, `pending` or `inactive`; empty for recording rules.
    pub state: String,
    /// `ok`, `err` or `unknown`.
    pub health: String,
    pub last_error: String,
    /// `for:` in seconds (alerting rules).
    #[serde(deserialize_with = "lenient_f64")]
    pub duration: f64,
    /// `keep_firing_for:` in seconds (Prometheus ≥ 2.42).
    #[serde(deserialize_with = "lenient_f64")]
    pub keep_firing_for: f64,
    pub labels: Labels,
    pub annotations: Labels,
    pub alerts: Vec<Alert>,
    /// Seconds the last evaluation took.
    #[serde(deserialize_with = "lenient_f64")]
    pub evaluation_time: f64,
    pub last_evaluation: String,
}

impl Rule {
    pub fn is_alerting(&self) -> bool {
        self.rule_type == "alerting"
    }
    pub fn last_evaluation_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.last_evaluation)
    }
}

/// An active (pending or firing) alert.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Alert {
    pub labels: Labels,
    pub annotations: Labels,
    /// `pending` or `firing`.
    pub state: String,
    pub active_at: String,
    /// The sample value that made it fire (sent as a string such as "1e+00").
    #[serde(deserialize_with = "lenient_f64")]
    pub value: f64,
    pub keep_firing_since: String,
}

impl Alert {
    pub fn active_at_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.active_at)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AlertsData {
    pub alerts: Vec<Alert>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TargetsData {
    pub active_targets: Vec<ActiveTarget>,
    pub dropped_targets: Vec<DroppedTarget>,
    /// Scrape pool → number of dropped targets (Prometheus ≥ 2.45; empty before).
    pub dropped_target_counts: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActiveTarget {
    pub discovered_labels: Labels,
    pub labels: Labels,
    pub scrape_pool: String,
    pub scrape_url: String,
    pub global_url: String,
    pub last_error: String,
    pub last_scrape: String,
    /// Seconds.
    #[serde(deserialize_with = "lenient_f64")]
    pub last_scrape_duration: f64,
    /// `up`, `down` or `unknown`.
    pub health: String,
    /// Duration text such as "15s".
    pub scrape_interval: String,
    pub scrape_timeout: String,
}

impl ActiveTarget {
    pub fn last_scrape_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.last_scrape)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DroppedTarget {
    pub discovered_labels: Labels,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BuildInfo {
    pub version: String,
    pub revision: String,
    pub branch: String,
    pub build_user: String,
    pub build_date: String,
    pub go_version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RuntimeInfo {
    #[serde(rename = "startTime")]
    pub start_time: String,
    #[serde(rename = "CWD")]
    pub cwd: String,
    #[serde(rename = "reloadConfigSuccess")]
    pub reload_config_success: bool,
    #[serde(rename = "lastConfigTime")]
    pub last_config_time: String,
    #[serde(rename = "corruptionCount", deserialize_with = "lenient_f64")]
    pub corruption_count: f64,
    #[serde(rename = "goroutineCount", deserialize_with = "lenient_f64")]
    pub goroutine_count: f64,
    #[serde(rename = "GOMAXPROCS", deserialize_with = "lenient_f64")]
    pub gomaxprocs: f64,
    #[serde(rename = "GOGC")]
    pub gogc: String,
    #[serde(rename = "GODEBUG")]
    pub godebug: String,
    #[serde(rename = "storageRetention")]
    pub storage_retention: String,
}

impl RuntimeInfo {
    pub fn start_time_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.start_time)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TsdbStatus {
    pub head_stats: HeadStats,
    pub series_count_by_metric_name: Vec<NameCount>,
    pub label_value_count_by_label_name: Vec<NameCount>,
    pub memory_in_bytes_by_label_name: Vec<NameCount>,
    pub series_count_by_label_value_pair: Vec<NameCount>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HeadStats {
    #[serde(deserialize_with = "lenient_f64")]
    pub num_series: f64,
    #[serde(deserialize_with = "lenient_f64")]
    pub num_label_pairs: f64,
    #[serde(deserialize_with = "lenient_f64")]
    pub chunk_count: f64,
    /// Milliseconds since the epoch.
    #[serde(deserialize_with = "lenient_f64")]
    pub min_time: f64,
    /// Milliseconds since the epoch.
    #[serde(deserialize_with = "lenient_f64")]
    pub max_time: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NameCount {
    pub name: String,
    #[serde(deserialize_with = "lenient_f64")]
    pub value: f64,
}

/// A float sent as a JSON number or a numeric string; `null` → NaN (unknown).
fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or numeric string")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
            v.trim()
                .parse::<f64>()
                .map_err(|_| E::custom(format_args!("not a number: {v:?}")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
            Ok(f64::NAN)
        }
        fn visit_none<E: de::Error>(self) -> Result<f64, E> {
            Ok(f64::NAN)
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::super::decode::*;
    use super::super::error::PromError;

    const RULES: &str = r#"{"status":"success","data":{"groups":[{"name":"node","file":"/etc/prometheus/rules/node.yml","rules":[{"state":"firing","name":"HighLoad","query":"node_load1 > 2","duration":300,"keepFiringFor":0,"labels":{"severity":"warning"},"annotations":{"summary":"High load on {{ $labels.instance }}"},"alerts":[{"labels":{"alertname":"HighLoad","instance":"a:9100","severity":"warning"},"annotations":{"summary":"High load on a:9100"},"state":"firing","activeAt":"2023-03-01T10:00:00.123456789Z","value":"3.5e+00"}],"health":"ok","evaluationTime":0.000411,"lastEvaluation":"2023-03-01T10:05:00.5+01:00","type":"alerting"},{"name":"job:up:sum","query":"sum by (job) (up)","labels":{},"health":"err","lastError":"many-to-many matching not allowed","evaluationTime":0.0002,"lastEvaluation":"0001-01-01T00:00:00Z","type":"recording"}],"interval":15,"limit":0,"evaluationTime":0.0007,"lastEvaluation":"2023-03-01T10:05:00Z"}]}}"#;

    #[test]
    fn rules_decode() {
        let d = decode_rules(200, RULES.as_bytes()).unwrap();
        let g = &d.data[0];
        assert_eq!(g.name, "node");
        assert_eq!(g.interval, 15.0);
        assert_eq!(g.rules.len(), 2);
        let a = &g.rules[0];
        assert!(a.is_alerting());
        assert_eq!(a.state, "firing");
        assert_eq!(a.duration, 300.0);
        assert_eq!(a.alerts[0].value, 3.5);
        assert_eq!(a.alerts[0].active_at_ms(), Some(1_677_664_800_123));
        assert_eq!(a.last_evaluation_ms(), Some(1_677_661_500_500));
        let r = &g.rules[1];
        assert!(!r.is_alerting());
        assert_eq!(r.health, "err");
        assert_eq!(r.last_error, "many-to-many matching not allowed");
        assert_eq!(r.state, "");
        assert_eq!(r.last_evaluation_ms(), None);
    }

    #[test]
    fn alerts_targets_and_status_decode() {
        let alerts = r#"{"status":"success","data":{"alerts":[{"labels":{"alertname":"X"},"annotations":{},"state":"pending","activeAt":"2023-03-01T10:00:00Z","value":"1"}]}}"#;
        let a = decode_alerts(200, alerts.as_bytes()).unwrap();
        assert_eq!(a.data.alerts[0].state, "pending");
        assert_eq!(a.data.alerts[0].value, 1.0);

        let targets = r#"{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"localhost:9090"},"labels":{"instance":"localhost:9090","job":"prometheus"},"scrapePool":"prometheus","scrapeUrl":"http://localhost:9090/metrics","globalUrl":"http://h:9090/metrics","lastError":"","lastScrape":"2023-03-01T10:00:01.5Z","lastScrapeDuration":0.0123,"health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"},{"labels":{"job":"gone"},"scrapeUrl":"http://gone:1/metrics","lastError":"connection refused","health":"down"}],"droppedTargets":[{"discoveredLabels":{"__address__":"x"}}]}}"#;
        let t = decode_targets(200, targets.as_bytes()).unwrap().data;
        assert_eq!(t.active_targets.len(), 2);
        assert_eq!(t.active_targets[0].health, "up");
        assert_eq!(
            t.active_targets[0].last_scrape_ms(),
            Some(1_677_664_801_500)
        );
        assert_eq!(t.active_targets[0].last_scrape_duration, 0.0123);
        assert_eq!(t.active_targets[1].last_error, "connection refused");
        assert_eq!(t.active_targets[1].last_scrape_ms(), None);
        assert_eq!(t.dropped_targets.len(), 1);

        let build = r#"{"status":"success","data":{"version":"2.42.0","revision":"abc","branch":"debian/sid","buildUser":"team","buildDate":"20230301","goVersion":"go1.19.6"}}"#;
        assert_eq!(
            decode_buildinfo(200, build.as_bytes())
                .unwrap()
                .data
                .version,
            "2.42.0"
        );
        // VictoriaMetrics answers with just a version.
        let vm = r#"{"status":"success","data":{"version":"2.24.0"}}"#;
        let b = decode_buildinfo(200, vm.as_bytes()).unwrap().data;
        assert_eq!((b.version.as_str(), b.go_version.as_str()), ("2.24.0", ""));

        let runtime = r#"{"status":"success","data":{"startTime":"2023-03-01T09:00:00Z","CWD":"/","reloadConfigSuccess":true,"lastConfigTime":"2023-03-01T09:00:00Z","corruptionCount":0,"goroutineCount":41,"GOMAXPROCS":2,"GOGC":"","GODEBUG":"","storageRetention":"15d"}}"#;
        let r = decode_runtimeinfo(200, runtime.as_bytes()).unwrap().data;
        assert_eq!(r.goroutine_count, 41.0);
        assert_eq!(r.storage_retention, "15d");
        assert_eq!(r.start_time_ms(), Some(1_677_661_200_000));

        let flags = r#"{"status":"success","data":{"storage.tsdb.retention.time":"15d","web.cors.origin":".*"}}"#;
        let f = decode_flags(200, flags.as_bytes()).unwrap().data;
        assert_eq!(f.get("web.cors.origin").map(String::as_str), Some(".*"));

        let tsdb = r#"{"status":"success","data":{"headStats":{"numSeries":508,"numLabelPairs":1234,"chunkCount":937,"minTime":1677661200000,"maxTime":1677664800000},"seriesCountByMetricName":[{"name":"up","value":3}],"labelValueCountByLabelName":[],"memoryInBytesByLabelName":[],"seriesCountByLabelValuePair":[]}}"#;
        let s = decode_tsdb(200, tsdb.as_bytes()).unwrap().data;
        assert_eq!(s.head_stats.num_series, 508.0);
        assert_eq!(s.series_count_by_metric_name[0].name, "up");
    }

    #[test]
    fn lists_decode() {
        let labels =
            r#"{"status":"success","data":["__name__","instance","job"],"warnings":["w"]}"#;
        let l = decode_strings(200, labels.as_bytes()).unwrap();
        assert_eq!(l.data, vec!["__name__", "instance", "job"]);
        assert_eq!(l.warnings, vec!["w"]);
        let empty = r#"{"status":"success","data":null}"#;
        assert!(decode_strings(200, empty.as_bytes())
            .unwrap()
            .data
            .is_empty());

        let series = r#"{"status":"success","data":[{"__name__":"up","job":"prometheus","instance":"localhost:9090"},{"__name__":"up","job":"node"}]}"#;
        let s = decode_series(200, series.as_bytes()).unwrap().data;
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].get("job").map(String::as_str), Some("node"));

        let meta = r#"{"status":"success","data":{"up":[{"type":"gauge","help":"Was the last scrape successful.","unit":""}],"http_requests_total":[{"type":"counter","help":"Requests."}]}}"#;
        let m = decode_metadata(200, meta.as_bytes()).unwrap().data;
        assert_eq!(m["up"][0].metric_type, "gauge");
        assert_eq!(m["http_requests_total"][0].unit, "");

        assert!(matches!(
            decode_strings(
                400,
                br#"{"status":"error","errorType":"bad_data","error":"invalid matcher"}"#
            ),
            Err(PromError::Api { .. })
        ));
    }
}
