//! Crate-level table tests: monotonicity, histogram consistency, both exposition formats, the
//! seamless join of backfill and live values, the incident schedule against the alert conditions
//! of the guides, and a real `promtool` backfill.
//!
//! Contract: every test asserts; the promtool test fails (never skips) when promtool is missing.

use crate::model::{catalog, Kind};
use crate::{incidents, lookup, render_text, sample, select, write_openmetrics, Stack};
use std::collections::{BTreeMap, HashMap};

/// A round anchor, so that period starts are easy to read in failure messages.
const ANCHOR: i64 = 1_700_000_000;

fn key(name: &str, labels: &[(String, String)]) -> String {
    let mut l: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    l.sort();
    format!("{name}{{{}}}", l.join(","))
}

fn is_cumulative(name: &str) -> bool {
    ["_total", "_bucket", "_sum", "_count"]
        .iter()
        .any(|s| name.ends_with(s))
}

#[test]
fn counter_families_end_in_total_and_no_gauge_looks_cumulative() {
    for fam in catalog() {
        match fam.kind {
            Kind::Counter => assert!(fam.name.ends_with("_total"), "{}", fam.name),
            Kind::Gauge => assert!(!is_cumulative(fam.name), "{}", fam.name),
            Kind::Histogram => assert!(!fam.buckets.is_empty(), "{}", fam.name),
        }
    }
}

#[test]
fn every_rate_shape_is_non_negative() {
    use crate::model::Def;
    for fam in catalog() {
        for child in &fam.children {
            let shapes: Vec<&crate::shape::Shape> = match &child.def {
                Def::Counter { shape, .. } => vec![shape],
                Def::Histogram { components } => components.iter().map(|(_, s)| s).collect(),
                _ => vec![],
            };
            for s in shapes {
                assert!(
                    s.min_rate() >= -1e-12,
                    "{} {:?}: min rate {}",
                    fam.name,
                    child.labels,
                    s.min_rate()
                );
            }
        }
    }
}

#[test]
fn counters_and_buckets_are_monotone_across_incidents_and_period_boundaries() {
    // Each range is 2 h at 15 s and crosses at least one period boundary and incident windows.
    let ranges = [
        (ANCHOR - 1800, "around the anchor"),
        (ANCHOR - 6 * 3600 - 900, "in the backfilled history"),
        (ANCHOR - 7 * 86_400 - 600, "across the counter start"),
        (ANCHOR + 5 * 86_400 + 2700, "days later"),
    ];
    for (start, what) in ranges {
        let mut prev: HashMap<String, f64> = HashMap::new();
        for i in 0..=480 {
            let t = start as f64 + 15.0 * i as f64;
            for s in sample(ANCHOR, t) {
                if !is_cumulative(&s.name) {
                    continue;
                }
                assert!(s.value.is_finite() && s.value >= 0.0, "{what}: {s:?}");
                let k = format!("{}/{}", s.stack.id(), key(&s.name, &s.labels));
                if let Some(p) = prev.insert(k.clone(), s.value) {
                    assert!(
                        s.value >= p,
                        "{what}: {k} fell from {p} to {} at {t}",
                        s.value
                    );
                }
            }
        }
    }
}

#[test]
fn counters_start_at_zero_seven_days_before_the_anchor() {
    let t0 = (ANCHOR - 7 * 86_400) as f64;
    for t in [t0 - 3600.0, t0] {
        for s in sample(ANCHOR, t).iter().filter(|s| is_cumulative(&s.name)) {
            assert_eq!(s.value, 0.0, "{s:?} at {t}");
        }
    }
    let later = lookup(
        Some(Stack::Magacin),
        ANCHOR,
        t0 + 600.0,
        "realtime_messages_processed_total",
        &[],
    );
    assert!(later.unwrap() > 0.0);
}

#[test]
fn histogram_buckets_are_cumulative_and_count_equals_inf_bucket() {
    for dt in [-21_600.0, -1234.5, 0.0, 200.0, 900.0, 1300.0, 7_000.0] {
        let t = ANCHOR as f64 + dt;
        for fam in catalog().iter().filter(|f| f.kind == Kind::Histogram) {
            let mut vals = Vec::new();
            for child in &fam.children {
                fam.eval(child, ANCHOR, t, &mut vals);
                let n = fam.buckets.len();
                assert_eq!(vals.len(), n + 3, "{}", fam.name);
                for w in vals[..=n].windows(2) {
                    assert!(
                        w[0] <= w[1],
                        "{} {:?} buckets {vals:?}",
                        fam.name,
                        child.labels
                    );
                }
                assert_eq!(vals[n], vals[n + 2], "{}: +Inf bucket vs _count", fam.name);
                assert!(vals[n + 1] >= 0.0, "{}: _sum", fam.name);
                for w in fam.buckets.windows(2) {
                    assert!(w[0] < w[1], "{}: le ascending", fam.name);
                }
            }
        }
    }
}

/// A tiny checker of the text format 0.0.4 as this exporter writes it.
fn check_text(text: &str) -> usize {
    assert!(text.ends_with('\n') && !text.contains('\r'));
    let valid_name = |n: &str| {
        !n.is_empty()
            && n.chars().enumerate().all(|(i, c)| {
                c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
            })
    };
    let mut family: Option<(String, String)> = None;
    let mut seen_families = std::collections::HashSet::new();
    let mut seen_series = std::collections::HashSet::new();
    let mut samples = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let name = rest.split(' ').next().unwrap();
            assert!(valid_name(name), "{line}");
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut p = rest.split(' ');
            let (name, ty) = (p.next().unwrap(), p.next().unwrap());
            assert!(["gauge", "counter", "histogram"].contains(&ty), "{line}");
            assert!(
                seen_families.insert(name.to_string()),
                "family {name} twice"
            );
            family = Some((name.to_string(), ty.to_string()));
        } else {
            let (series, value) = line.rsplit_once(' ').unwrap();
            let v: f64 = value.parse().unwrap_or_else(|_| panic!("value in {line}"));
            assert!(v.is_finite(), "{line}");
            let name = series.split('{').next().unwrap();
            assert!(valid_name(name), "{line}");
            if let Some(labels) = series.strip_prefix(name).filter(|l| !l.is_empty()) {
                let inner = labels.strip_prefix("{").and_then(|l| l.strip_suffix("\"}"));
                let inner = inner.unwrap_or_else(|| panic!("labels in {line}"));
                for pair in inner.split("\",") {
                    let (k, v) = pair.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
                    assert!(valid_name(k) && !v.contains('"'), "{line}");
                }
            }
            let (fam, ty) = family
                .clone()
                .unwrap_or_else(|| panic!("sample before TYPE: {line}"));
            let ok = match ty.as_str() {
                "histogram" => ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|s| name.strip_suffix(s) == Some(&fam)),
                _ => name == fam,
            };
            assert!(ok, "{name} under family {fam} ({ty})");
            assert!(seen_series.insert(series.to_string()), "duplicate {series}");
            samples += 1;
        }
    }
    samples
}

#[test]
fn text_format_parses_and_matches_sample() {
    let t = ANCHOR as f64 + 600.0;
    let all = render_text(None, ANCHOR, t);
    // pg_up exists in two stacks (value 1 in both): the all-stacks page shows it once.
    let all_samples = check_text(&all);
    assert_eq!(all_samples, sample(ANCHOR, t).len() - 1);
    let mut total = 0;
    for stack in Stack::ALL {
        let text = render_text(Some(stack), ANCHOR, t);
        let n = check_text(&text);
        assert!(n > 20, "{stack:?} has only {n} samples");
        assert_eq!(n, crate::sample_stack(stack, ANCHOR, t).len());
        if stack != Stack::Muejam {
            let ok = all.contains(&text);
            assert!(ok, "the all-stacks page contains {stack:?}'s page");
        }
        total += n;
    }
    assert_eq!(total, sample(ANCHOR, t).len());
    let line = "anivault_circuit_breaker_state{breaker=\"database\"} 1\n";
    assert!(all.contains(line), "breaker open at +600 s");
}

/// Parse OpenMetrics sample lines into (series, value, timestamp).
fn om_samples(text: &str) -> Vec<(&str, f64, f64)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut p = l.rsplitn(3, ' ');
            let ts: f64 = p.next().unwrap().parse().unwrap();
            let v: f64 = p.next().unwrap().parse().unwrap();
            (p.next().unwrap(), v, ts)
        })
        .collect()
}

#[test]
fn openmetrics_is_well_formed_and_joins_live_values_seamlessly() {
    let (start, end, step) = (ANCHOR as f64 - 3600.0, ANCHOR as f64 - 15.0, 15.0);
    let mut buf = Vec::new();
    write_openmetrics(&mut buf, ANCHOR, start, end, step, "127.0.0.1:9464").unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert!(text.ends_with("# EOF\n") && !text.contains('\r'));
    assert_eq!(text.matches("# EOF").count(), 1);
    let samples = om_samples(text.strip_suffix("# EOF\n").unwrap());
    // Each series contiguous and in time order, covering the whole grid.
    let mut runs: Vec<(&str, Vec<(f64, f64)>)> = Vec::new();
    for (series, v, ts) in &samples {
        match runs.last_mut() {
            Some((s, pts)) if s == series => {
                assert!(*ts > pts.last().unwrap().1, "{series}: time order");
                pts.push((*v, *ts));
            }
            _ => runs.push((series, vec![(*v, *ts)])),
        }
    }
    let distinct: std::collections::HashSet<&str> = runs.iter().map(|(s, _)| *s).collect();
    assert_eq!(distinct.len(), runs.len(), "every series is contiguous");
    assert_eq!(runs.len(), sample(ANCHOR, end).len());
    for (series, pts) in &runs {
        assert_eq!(pts.len(), 240, "{series}");
        assert!(series.contains("job=\"") && series.contains("instance=\"127.0.0.1:9464\""));
    }
    // The last step equals `sample` at that time, series by series (the seamless join).
    let mut last: HashMap<String, f64> = HashMap::new();
    for (series, pts) in &runs {
        let (name, rest) = series.split_once('{').unwrap();
        let mut labels: Vec<(String, String)> = rest
            .trim_end_matches('}')
            .split("\",")
            .map(|p| {
                let (k, v) = p.split_once("=\"").unwrap();
                (k.to_string(), v.trim_end_matches('"').to_string())
            })
            .collect();
        let job = labels.iter().find(|(k, _)| k == "job").unwrap().1.clone();
        labels.retain(|(k, _)| k != "job" && k != "instance");
        last.insert(
            format!("{job}/{}", key(name, &labels)),
            pts.last().unwrap().0,
        );
    }
    for s in sample(ANCHOR, end) {
        let k = format!("{}/{}", s.stack.id(), key(&s.name, &s.labels));
        assert_eq!(last.get(&k), Some(&s.value), "{k}");
    }
    // Counter families are typed without `_total`, as OpenMetrics requires.
    assert!(text.contains("# TYPE http_requests counter\nhttp_requests_total{"));
}

#[test]
fn backfill_rejects_bad_ranges() {
    let cases = [
        (0.0, 10.0, 0.0),
        (0.0, 10.0, -1.0),
        (10.0, 0.0, 1.0),
        (f64::NAN, 10.0, 1.0),
        (0.0, f64::INFINITY, 1.0),
    ];
    for (start, end, step) in cases {
        let res = write_openmetrics(Vec::new(), ANCHOR, start, end, step, "x:1");
        assert_eq!(
            res.unwrap_err().kind(),
            std::io::ErrorKind::InvalidInput,
            "{start} {end} {step}"
        );
    }
    let mut one = Vec::new();
    write_openmetrics(&mut one, ANCHOR, 5.0, 5.0, 15.0, "x:1").unwrap();
    let text = String::from_utf8(one).unwrap();
    assert_eq!(
        om_samples(text.strip_suffix("# EOF\n").unwrap()).len(),
        sample(ANCHOR, 5.0).len()
    );
}

// ---- incident checks: the guides' alert expressions, computed from `sample` ----

const WINDOW_S: f64 = 300.0;

fn val(stack: Stack, t: f64, name: &str, labels: &[(&str, &str)]) -> f64 {
    lookup(Some(stack), ANCHOR, t, name, labels)
        .unwrap_or_else(|| panic!("{name}{labels:?} missing in {stack:?}"))
}

/// `sum(rate(name{matchers}[5m]))` at `t` (exact: the counters are closed form).
fn sum_rate(stack: Stack, t: f64, name: &str, matchers: &[(&str, &str)]) -> f64 {
    let now: f64 = select(Some(stack), ANCHOR, t, name, matchers)
        .iter()
        .map(|s| s.value)
        .sum();
    let then: f64 = select(Some(stack), ANCHOR, t - WINDOW_S, name, matchers)
        .iter()
        .map(|s| s.value)
        .sum();
    (now - then) / WINDOW_S
}

/// `histogram_quantile(q, sum by (le) (rate(name_bucket{matchers}[5m])))`, Prometheus' algorithm.
fn quantile(stack: Stack, t: f64, name: &str, matchers: &[(&str, &str)], q: f64) -> f64 {
    let bucket = format!("{name}_bucket");
    let mut by_le: BTreeMap<String, f64> = BTreeMap::new();
    for (sign, at) in [(1.0, t), (-1.0, t - WINDOW_S)] {
        for s in select(Some(stack), ANCHOR, at, &bucket, matchers) {
            *by_le.entry(s.label("le").unwrap().to_string()).or_default() += sign * s.value;
        }
    }
    let mut buckets: Vec<(f64, f64)> = by_le
        .into_iter()
        .map(|(le, v)| (le.parse::<f64>().unwrap_or(f64::INFINITY), v))
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total = buckets.last().unwrap().1;
    if total <= 0.0 {
        return f64::NAN;
    }
    let rank = q * total;
    let i = buckets.iter().position(|(_, c)| *c >= rank).unwrap();
    if buckets[i].0 == f64::INFINITY {
        return buckets[i - 1].0;
    }
    let (lo, lo_count) = if i == 0 { (0.0, 0.0) } else { buckets[i - 1] };
    let (hi, hi_count) = buckets[i];
    lo + (hi - lo) * (rank - lo_count) / (hi_count - lo_count)
}

/// The alert condition of each scheduled incident, at time `t`.
fn condition(alert: &str, t: f64) -> bool {
    use Stack::*;
    let es = [("destination", "elasticsearch")];
    match alert {
        "CircuitBreakerOpen" => {
            val(
                Anivault,
                t,
                "anivault_circuit_breaker_state",
                &[("breaker", "database")],
            ) == 1.0
        }
        "DatabaseUnhealthy" => val(Anivault, t, "anivault_database_health_status", &[]) == 0.0,
        "SyncFailureRateCritical" => {
            let n = "anivault_sync_operations_total";
            sum_rate(Anivault, t, n, &[("status", "failure")]) / sum_rate(Anivault, t, n, &[]) > 0.3
        }
        "CacheHitRateCritical" => val(Anivault, t, "anivault_cache_hit_rate", &[]) < 20.0,
        "HighErrorRate" => {
            let n = "http_requests_total";
            let errors: f64 = ["500", "502", "503"]
                .iter()
                .map(|s| sum_rate(Magacin, t, n, &[("status", s)]))
                .sum();
            errors / sum_rate(Magacin, t, n, &[]) > 0.02
        }
        "HighScanLatency" => {
            let m = [("endpoint", "/api/scan")];
            quantile(Magacin, t, "http_request_duration_seconds", &m, 0.95) > 0.3
        }
        "WebSocketDisconnectSpike" => {
            sum_rate(Magacin, t, "websocket_disconnections_total", &[]) * WINDOW_S > 10.0
        }
        "HighMemoryUsage" => {
            let total = val(Magacin, t, "node_memory_MemTotal_bytes", &[]);
            let avail = val(Magacin, t, "node_memory_MemAvailable_bytes", &[]);
            (total - avail) / total > 0.9
        }
        "DestinationDegraded" => val(Integration, t, "destination_health_status", &es) == 0.5,
        "DestinationDown" => val(Integration, t, "destination_health_status", &es) == 0.0,
        "HighDestinationErrorRate" => {
            let m = [
                ("destination", "elasticsearch"),
                ("error_type", "connection_error"),
            ];
            sum_rate(Integration, t, "destination_errors_total", &m) > 0.1
        }
        "CriticalCacheHitRate" => {
            let h = sum_rate(Muejam, t, "cache_hits_total", &[]);
            let m = sum_rate(Muejam, t, "cache_misses_total", &[]);
            h / (h + m) < 0.5
        }
        "CriticalReplicationLag" => val(Muejam, t, "db_replication_lag_seconds", &[]) > 30.0,
        "HighResponseTime" => {
            quantile(
                Spheroseg,
                t,
                "spheroseg_http_request_duration_seconds",
                &[],
                0.95,
            ) > 2.0
        }
        "MLQueueBuildup" => val(Spheroseg, t, "spheroseg_ml_queue_size", &[]) > 100.0,
        "RateLimitActive" => val(Spheroseg, t, "spheroseg_rate_limit_active", &[]) == 1.0,
        other => panic!("no check for incident alert {other}: add one"),
    }
}

/// Conditions built on `rate(…[5m])` need a full window inside the incident.
fn uses_rate(alert: &str) -> bool {
    [
        "SyncFailureRateCritical",
        "HighErrorRate",
        "HighScanLatency",
        "WebSocketDisconnectSpike",
        "HighDestinationErrorRate",
        "CriticalCacheHitRate",
        "HighResponseTime",
    ]
    .contains(&alert)
}

#[test]
fn each_incident_crosses_its_threshold_in_its_window_only() {
    let sched = incidents();
    assert!(sched.len() >= 5);
    for inc in sched {
        let settle = if uses_rate(inc.alert) { WINDOW_S } else { 0.0 };
        // Long enough for the alert's `for` plus two scrape/evaluation rounds of margin.
        assert!(inc.onset_offset_s <= inc.start_offset_s, "{}", inc.alert);
        assert!(
            inc.duration_s >= inc.for_s + 120.0,
            "{}: too short",
            inc.alert
        );
        for period in [-6_i64, -1, 0, 1] {
            let p0 = (ANCHOR + period * 3600) as f64;
            for i in 0..240 {
                let off = 15.0 * i as f64;
                let t = p0 + off;
                let fired = condition(inc.alert, t);
                let inside = off >= inc.start_offset_s + settle && off < inc.end_offset_s();
                let near = off >= inc.start_offset_s - 120.0 && off < inc.end_offset_s() + 420.0;
                if inside {
                    assert!(
                        fired,
                        "{} should hold at offset {off} (period {period})",
                        inc.alert
                    );
                } else if !near {
                    assert!(
                        !fired,
                        "{} should not hold at offset {off} (period {period})",
                        inc.alert
                    );
                }
            }
        }
    }
}

#[test]
fn the_first_incident_of_each_stack_starts_two_to_five_minutes_after_the_anchor() {
    for stack in Stack::ALL {
        let first = incidents()
            .iter()
            .filter(|i| i.stack == stack)
            .map(|i| i.onset_offset_s)
            .fold(f64::INFINITY, f64::min);
        assert!(
            (120.0..=300.0).contains(&first),
            "{stack:?} first at {first}"
        );
    }
}

/// Guide thresholds that must stay quiet outside every incident window of the stack.
#[test]
fn guide_thresholds_are_comfortably_met_outside_incidents() {
    use Stack::*;
    type Check = (Stack, &'static str, fn(f64) -> bool);
    let checks: [Check; 16] = [
        (Anivault, "sync failure ratio < 5 %", |t| {
            let n = "anivault_sync_operations_total";
            sum_rate(Anivault, t, n, &[("status", "failure")]) / sum_rate(Anivault, t, n, &[])
                < 0.05
        }),
        (Anivault, "cache hit rate > 80", |t| {
            val(Anivault, t, "anivault_cache_hit_rate", &[]) > 80.0
        }),
        (Anivault, "sync p95 < 5 s", |t| {
            quantile(
                Anivault,
                t,
                "anivault_sync_operation_duration_seconds",
                &[],
                0.95,
            ) < 5.0
        }),
        (Magacin, "no 5xx at all", |t| {
            ["500", "502", "503"]
                .iter()
                .all(|s| sum_rate(Magacin, t, "http_requests_total", &[("status", s)]) == 0.0)
        }),
        (Magacin, "scan p95 < 0.25 s", |t| {
            let m = [("endpoint", "/api/scan")];
            quantile(Magacin, t, "http_request_duration_seconds", &m, 0.95) < 0.25
        }),
        (Magacin, "memory < 75 %", |t| {
            let total = val(Magacin, t, "node_memory_MemTotal_bytes", &[]);
            (total - val(Magacin, t, "node_memory_MemAvailable_bytes", &[])) / total < 0.75
        }),
        (Magacin, "disconnects < 5 per 5 min", |t| {
            sum_rate(Magacin, t, "websocket_disconnections_total", &[]) * WINDOW_S < 5.0
        }),
        (Integration, "all destinations healthy", |t| {
            select(
                Some(Integration),
                ANCHOR,
                t,
                "destination_health_status",
                &[],
            )
            .iter()
            .all(|s| s.value == 1.0)
        }),
        (Integration, "active syncs ≤ 10", |t| {
            val(Integration, t, "cc_pair_active_syncs", &[]) <= 10.0
        }),
        (Integration, "last syncs within 10 min", |t| {
            select(
                Some(Integration),
                ANCHOR,
                t,
                "cc_pair_last_successful_sync_timestamp_seconds",
                &[],
            )
            .iter()
            .all(|s| s.value <= t && s.value > t - 600.0)
        }),
        (Muejam, "hit ratio > 80 %", |t| {
            let h = sum_rate(Muejam, t, "cache_hits_total", &[]);
            h / (h + sum_rate(Muejam, t, "cache_misses_total", &[])) > 0.8
        }),
        (Muejam, "lag < 2 s, pool < 60 %, redis < 70 %", |t| {
            val(Muejam, t, "db_replication_lag_seconds", &[]) < 2.0
                && val(Muejam, t, "db_connection_pool_active", &[])
                    / val(Muejam, t, "db_connection_pool_size", &[])
                    < 0.6
                && val(Muejam, t, "redis_memory_used_bytes", &[])
                    / val(Muejam, t, "redis_memory_max_bytes", &[])
                    < 0.7
        }),
        (Muejam, "error ratio < 1 %, avg latency < 50 ms", |t| {
            let q = sum_rate(Muejam, t, "db_queries_total", &[]);
            let e = sum_rate(Muejam, t, "db_query_errors_total", &[]);
            let sum = sum_rate(Muejam, t, "db_query_duration_seconds_sum", &[]);
            let cnt = sum_rate(Muejam, t, "db_query_duration_seconds_count", &[]);
            e / q < 0.01 && sum / cnt < 0.05 && q < 10_000.0
        }),
        (Spheroseg, "p95 < 1 s", |t| {
            quantile(
                Spheroseg,
                t,
                "spheroseg_http_request_duration_seconds",
                &[],
                0.95,
            ) < 1.0
        }),
        (
            Spheroseg,
            "queue < 50, no rate limit, cpu/mem < 0.7, disk > 0.3",
            |t| {
                val(Spheroseg, t, "spheroseg_ml_queue_size", &[]) < 50.0
                    && val(Spheroseg, t, "spheroseg_rate_limit_active", &[]) == 0.0
                    && val(Spheroseg, t, "spheroseg_cpu_usage_ratio", &[]) < 0.7
                    && val(Spheroseg, t, "spheroseg_memory_usage_ratio", &[]) < 0.7
                    && val(Spheroseg, t, "spheroseg_disk_free_ratio", &[]) > 0.3
            },
        ),
        (Spheroseg, "error ratio < 2 %, cache hit > 75 %", |t| {
            let n = "spheroseg_http_requests_total";
            let e: f64 = ["500", "503"]
                .iter()
                .map(|s| sum_rate(Spheroseg, t, n, &[("status", s)]))
                .sum();
            let h = sum_rate(Spheroseg, t, "spheroseg_cache_hits_total", &[]);
            let m = sum_rate(Spheroseg, t, "spheroseg_cache_misses_total", &[]);
            e / sum_rate(Spheroseg, t, n, &[]) < 0.02 && h / (h + m) > 0.75
        }),
    ];
    for (stack, what, check) in checks {
        let busy_from = 0.0;
        let busy_to = incidents()
            .iter()
            .filter(|i| i.stack == stack)
            .map(|i| i.end_offset_s())
            .fold(0.0, f64::max)
            + 600.0;
        for period in [-5_i64, 0] {
            let p0 = (ANCHOR + period * 3600) as f64;
            for i in 0..240 {
                let off = 15.0 * i as f64;
                if off >= busy_from && off < busy_to {
                    continue;
                }
                assert!(
                    check(p0 + off),
                    "{stack:?}: {what} fails at offset {off} (period {period})"
                );
            }
        }
    }
}

#[test]
fn promtool_accepts_one_hour_of_backfill() {
    let promtool = std::path::Path::new("/usr/bin/promtool");
    assert!(
        promtool.exists(),
        "promtool is missing: install the Debian package `prometheus` (apt-get install prometheus) so /usr/bin/promtool exists"
    );
    let dir = std::env::temp_dir().join(format!("promboard-workload-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backfill.om");
    let f = std::fs::File::create(&file).unwrap();
    let (start, end) = ((ANCHOR - 3600) as f64, (ANCHOR - 15) as f64);
    write_openmetrics(f, ANCHOR, start, end, 15.0, "127.0.0.1:9464").unwrap();
    let out = std::process::Command::new(promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&file)
        .arg(dir.join("data"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "promtool failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("BLOCK ULID"), "{stdout}");
}
