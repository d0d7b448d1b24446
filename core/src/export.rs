//! What a panel exports and what its inspect view shows, from the queries it sent.
//!
//! Contract: `csv` writes one row per sample, `query,series,time,value`, with times as RFC 3339
//! UTC and values as Prometheus prints them (`NaN`, `+Inf`, `-Inf`); fields are quoted per
//! RFC 4180 when they hold a comma, quote or line break; a failed query contributes no rows.
//! `inspect_rows` gives, per query, the expression, step, the URL with its parameters but
//! never credentials (user-info in the base URL is removed; headers are never part of it),
//! timing and response size. `data_fingerprint` is a cheap hash of the decoded data, so a
//! refresh that brought the same data does not redraw.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::eval::legend::series_name;
use crate::panel::{QueryOutcome, QueryPlan, QueryResult};
use crate::prom::request::{InstantQuery, Method, QueryRange};
use crate::prom::types::QueryData;
use crate::time::format_iso_utc;

/// A value as Prometheus writes it.
fn value_text(v: f64) -> String {
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

/// One CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The panel's data as rows of `[query, series, time, value]`, in query and series order.
pub fn data_rows(plans: &[QueryPlan], results: &[QueryResult]) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    for r in results {
        let QueryOutcome::Data(resp) = &r.outcome else {
            continue;
        };
        let plan = plans.iter().find(|p| p.ref_id == r.ref_id);
        let (legend, expr) = plan
            .map(|p| (p.legend_format.as_str(), p.expr.as_str()))
            .unwrap_or(("", ""));
        let row = |name: &str, t_ms: i64, v: String| {
            [r.ref_id.clone(), name.to_owned(), format_iso_utc(t_ms), v]
        };
        match &resp.data {
            QueryData::Series(series) => {
                for s in series {
                    let name = series_name(legend, &s.labels, expr);
                    for (t, v) in s.t_ms.iter().zip(&s.values) {
                        out.push(row(&name, *t, value_text(*v)));
                    }
                }
            }
            QueryData::Scalar { t_ms, value } => out.push(row(expr, *t_ms, value_text(*value))),
            QueryData::String { t_ms, value } => out.push(row(expr, *t_ms, value.clone())),
        }
    }
    out
}

/// The panel's data as CSV (header line included, CRLF line ends as RFC 4180 asks).
pub fn csv(plans: &[QueryPlan], results: &[QueryResult]) -> String {
    let mut out = String::from("query,series,time,value\r\n");
    for row in data_rows(plans, results) {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A file name for a download: the title's letters and digits, `-` between words.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut base = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            base.extend(c.to_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "panel" } else { base };
    format!("{base}.{extension}")
}

/// The dashboard as promboard's native JSON (pretty, `"schema": "promboard/v1"`), also for
/// dashboards imported from Grafana JSON.
pub fn dashboard_json(d: &crate::model::Dashboard) -> Result<String, String> {
    let mut native = d.clone();
    native.schema = crate::model::NATIVE_SCHEMA.to_owned();
    serde_json::to_string_pretty(&native)
        .map_err(|e| format!("the dashboard could not be written as JSON: {e}"))
}

/// One query as the inspect view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectRow {
    pub ref_id: String,
    pub expr: String,
    /// `range` or `instant`.
    pub kind: &'static str,
    /// The step in seconds (range queries).
    pub step_s: f64,
    pub method: &'static str,
    /// The URL with its parameters (for a POST, the form body shown as parameters).
    pub url: String,
    pub elapsed_ms: f64,
    pub bytes: usize,
    /// Series (or scalar/string values) returned; 0 when the query failed.
    pub series: usize,
    /// Samples returned over all series.
    pub samples: usize,
    /// The failure, if any.
    pub error: Option<String>,
}

/// Removes `user:password@` from a URL.
pub fn strip_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

pub fn inspect_rows(plans: &[QueryPlan], results: &[QueryResult]) -> Vec<InspectRow> {
    results
        .iter()
        .map(|r| {
            let plan = plans.iter().find(|p| p.ref_id == r.ref_id);
            let req = plan.map(|p| {
                if p.instant {
                    InstantQuery {
                        expr: p.expr.clone(),
                        time_s: p.end_s,
                    }
                    .request()
                } else {
                    QueryRange {
                        expr: p.expr.clone(),
                        start_s: p.start_s,
                        end_s: p.end_s,
                        step_s: p.step_s,
                    }
                    .request()
                }
            });
            let params = req
                .as_ref()
                .map(|q| q.form_body.clone().unwrap_or_else(|| q.query_string()))
                .unwrap_or_default();
            let base = strip_userinfo(&r.url);
            let url = if params.is_empty() || base.is_empty() {
                base
            } else {
                format!("{base}?{params}")
            };
            let (series, samples, error) = match &r.outcome {
                QueryOutcome::Data(resp) => match &resp.data {
                    QueryData::Series(s) => (s.len(), s.iter().map(|x| x.values.len()).sum(), None),
                    _ => (1, 1, None),
                },
                QueryOutcome::Failed(e) => (0, 0, Some(e.clone())),
                QueryOutcome::Cancelled => (0, 0, Some("cancelled".to_owned())),
            };
            InspectRow {
                ref_id: r.ref_id.clone(),
                expr: plan.map(|p| p.expr.clone()).unwrap_or_default(),
                kind: if plan.is_some_and(|p| p.instant) {
                    "instant"
                } else {
                    "range"
                },
                step_s: plan.map(|p| p.step_s).unwrap_or(0.0),
                method: match req.map(|q| q.method) {
                    Some(Method::Post) => "POST",
                    _ => "GET",
                },
                url,
                elapsed_ms: r.elapsed_ms,
                bytes: r.bytes,
                series,
                samples,
                error,
            }
        })
        .collect()
}

/// A hash of the decoded data (labels, times, value bits) and of each failure's text.
pub fn data_fingerprint(results: &[QueryResult]) -> u64 {
    let mut h = DefaultHasher::new();
    for r in results {
        r.ref_id.hash(&mut h);
        match &r.outcome {
            QueryOutcome::Data(resp) => {
                0u8.hash(&mut h);
                resp.warnings.hash(&mut h);
                match &resp.data {
                    QueryData::Series(series) => {
                        for s in series {
                            s.labels.hash(&mut h);
                            s.t_ms.hash(&mut h);
                            for v in &s.values {
                                v.to_bits().hash(&mut h);
                            }
                        }
                    }
                    QueryData::Scalar { t_ms, value } => {
                        t_ms.hash(&mut h);
                        value.to_bits().hash(&mut h);
                    }
                    QueryData::String { t_ms, value } => {
                        t_ms.hash(&mut h);
                        value.hash(&mut h);
                    }
                }
            }
            QueryOutcome::Failed(e) => {
                1u8.hash(&mut h);
                e.hash(&mut h);
            }
            QueryOutcome::Cancelled => 2u8.hash(&mut h),
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prom::decode::QueryResponse;
    use crate::prom::types::{Labels, Series};

    fn plan(ref_id: &str, expr: &str, legend: &str) -> QueryPlan {
        QueryPlan {
            ref_id: ref_id.into(),
            expr: expr.into(),
            instant: false,
            start_s: 1_767_222_000.0,
            end_s: 1_767_225_600.0,
            step_s: 15.0,
            step_ms: 15_000,
            legend_format: legend.into(),
            datasource: None,
        }
    }

    fn data(series: Vec<Series>) -> QueryOutcome {
        QueryOutcome::Data(QueryResponse {
            data: QueryData::Series(series),
            warnings: Vec::new(),
            infos: Vec::new(),
        })
    }

    fn result(ref_id: &str, outcome: QueryOutcome) -> QueryResult {
        QueryResult {
            ref_id: ref_id.into(),
            outcome,
            url: "http://user:secret@prom:9090/sub/api/v1/query_range".into(),
            elapsed_ms: 12.5,
            bytes: 345,
        }
    }

    fn series(job: &str, points: &[(i64, f64)]) -> Series {
        let mut labels = Labels::new();
        labels.insert("job".into(), job.into());
        Series {
            labels,
            t_ms: points.iter().map(|p| p.0).collect(),
            values: points.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn csv_rows_quoting_and_special_values() {
        let plans = [plan("A", "up", "{{job}}"), plan("B", "x", "")];
        let results = [
            result(
                "A",
                data(vec![
                    series(
                        "api",
                        &[(1_767_225_600_000, 1.5), (1_767_225_615_000, f64::NAN)],
                    ),
                    series("a,\"b\"", &[(1_767_225_600_000, f64::INFINITY)]),
                ]),
            ),
            result("B", QueryOutcome::Failed("boom".into())),
        ];
        assert_eq!(
            csv(&plans, &results),
            "query,series,time,value\r\n\
             A,api,2026-01-01T00:00:00.000Z,1.5\r\n\
             A,api,2026-01-01T00:00:15.000Z,NaN\r\n\
             A,\"a,\"\"b\"\"\",2026-01-01T00:00:00.000Z,+Inf\r\n"
        );
        assert_eq!(csv(&[], &[]), "query,series,time,value\r\n");
    }

    #[test]
    fn dashboard_json_is_native_and_loads_back() {
        let d = crate::model::Dashboard {
            title: "T".into(),
            uid: "t".into(),
            ..crate::model::Dashboard::default()
        };
        let text = dashboard_json(&d).unwrap();
        assert!(text.contains("\"schema\": \"promboard/v1\""), "{text}");
        let back: crate::model::Dashboard = serde_json::from_str(&text).unwrap();
        assert_eq!(back.title, "T");
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("CPU / Memory (5m)", "csv"), "cpu-memory-5m.csv");
        assert_eq!(file_name("  ", "png"), "panel.png");
        assert_eq!(file_name("Über", "json"), "über.json");
    }

    #[test]
    fn userinfo_is_stripped() {
        let cases = [
            ("http://u:p@h:9090/api", "http://h:9090/api"),
            ("https://h/api?x=a@b", "https://h/api?x=a@b"),
            ("http://h", "http://h"),
            ("/relative/api", "/relative/api"),
        ];
        for (url, want) in cases {
            assert_eq!(strip_userinfo(url), want, "{url}");
        }
    }

    #[test]
    fn inspect_rows_show_url_step_and_size() {
        let plans = [plan("A", "rate(x[5m])", "")];
        let rows = inspect_rows(
            &plans,
            &[result(
                "A",
                data(vec![series("api", &[(0, 1.0), (15_000, 2.0)])]),
            )],
        );
        let r = &rows[0];
        assert_eq!(r.kind, "range");
        assert_eq!(r.step_s, 15.0);
        assert_eq!(r.method, "GET");
        assert!(!r.url.contains("secret"), "{}", r.url);
        assert!(
            r.url.starts_with("http://prom:9090/sub/api/v1/query_range?query=rate%28x%5B5m%5D%29&start=1767222000&end=1767225600&step=15"),
            "{}",
            r.url
        );
        assert_eq!((r.series, r.samples, r.bytes), (1, 2, 345));
        assert_eq!(r.error, None);
        let failed = inspect_rows(&plans, &[result("A", QueryOutcome::Failed("down".into()))]);
        assert_eq!(failed[0].error.as_deref(), Some("down"));
    }

    #[test]
    fn fingerprint_changes_only_with_data() {
        let a = [result("A", data(vec![series("api", &[(0, 1.0)])]))];
        let same = [QueryResult {
            elapsed_ms: 99.0,
            bytes: 1,
            ..a[0].clone()
        }];
        let other = [result("A", data(vec![series("api", &[(0, 2.0)])]))];
        let failed = [result("A", QueryOutcome::Failed("x".into()))];
        assert_eq!(data_fingerprint(&a), data_fingerprint(&same));
        assert_ne!(data_fingerprint(&a), data_fingerprint(&other));
        assert_ne!(data_fingerprint(&a), data_fingerprint(&failed));
    }
}
