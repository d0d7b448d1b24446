//! The datasource's secrets (issue #10), natively: a canary in the datasource's headers (and
//! one in its URL's user-info) never reaches what the app shows or exports — request URLs,
//! the panel CSV and data rows, the inspect rows, the dashboard JSON, error texts, `Debug`
//! output, or the text drawn on a chart (what a PNG export can contain: the canvas only holds
//! what the chart functions draw).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

#[path = "chart_support.rs"]
mod support;

use promboard_core::config::parse_config;
use promboard_core::export;
use promboard_core::import::ImportContext;
use promboard_core::model::load::load_dashboard;
use promboard_core::panel::{
    self, plan_queries, EvalEnv, PanelView, PlanEnv, QueryOutcome, QueryResult,
};
use promboard_core::prom::decode::decode_query;
use promboard_core::prom::request::{self, QueryRange};
use promboard_core::vars::Scope;

const CANARY: &str = "CANARY-4a9f0c";
const PASSWORD: &str = "CANARYPW-77e2";
const FROM_MS: i64 = 1_767_222_000_000;
const TO_MS: i64 = 1_767_225_600_000;

fn config_text() -> String {
    format!(
        r#"{{"datasources":[{{"name":"Prometheus","uid":"prometheus","default":true,
            "url":"http://reader:{PASSWORD}@127.0.0.1:9090/prom",
            "headers":{{"Authorization":"Bearer {CANARY}","X-Scope-OrgID":"{CANARY}"}}}}],
            "dashboards":["dashboards/x.json"]}}"#
    )
}

const DASHBOARD: &str = r#"{
  "uid": "s", "title": "Secrets", "schemaVersion": 39,
  "panels": [
    { "id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x":0,"y":0,"w":12,"h":8},
      "targets": [{ "refId": "A", "expr": "sum by (job) (rate(http_requests_total[5m]))", "legendFormat": "{{job}}" }] },
    { "id": 2, "type": "gauge", "title": "Ratio", "gridPos": {"x":12,"y":0,"w":12,"h":8},
      "targets": [{ "refId": "A", "expr": "sum(up)", "legendFormat": "{{job}}" }] }
  ]
}"#;

fn body() -> Vec<u8> {
    br#"{"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"job":"api"},"values":[[1767222000,"1"],[1767223800,"2.5"],[1767225600,"NaN"]]},
      {"metric":{"job":"db"},"values":[[1767222000,"3"],[1767223800,"+Inf"],[1767225600,"4"]]}]}}"#
        .to_vec()
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} holds the header: {text}");
    assert!(
        !text.contains(PASSWORD),
        "{what} holds the URL's password: {text}"
    );
}

#[test]
fn headers_reach_no_url_export_inspect_error_or_chart_text() {
    let config = parse_config(&config_text()).unwrap();
    let ds = config.default_datasource().unwrap();
    assert!(ds.headers.values().any(|v| v.contains(CANARY)));
    assert_clean("config Debug", &format!("{config:?}"));

    let ctx = ImportContext {
        default_datasource: ds.name.clone(),
        datasources: vec![(ds.name.clone(), "prometheus".into())],
    };
    let dashboard = load_dashboard(DASHBOARD.as_bytes(), &ctx)
        .unwrap()
        .dashboard;
    assert_clean(
        "dashboard JSON",
        &export::dashboard_json(&dashboard).unwrap(),
    );

    for panel in dashboard.panels() {
        let plans = plan_queries(
            panel,
            &PlanEnv {
                from_ms: FROM_MS,
                to_ms: TO_MS,
                width_px: 600,
                scrape_interval_ms: 15_000,
            },
            &Scope::new(),
        );
        assert!(!plans.is_empty());
        let mut results = Vec::new();
        for plan in &plans {
            let req = QueryRange {
                expr: plan.expr.clone(),
                start_s: plan.start_s,
                end_s: plan.end_s,
                step_s: plan.step_s,
            }
            .request();
            let url = request::url(&ds.url, &req);
            // Headers never become URL parameters.
            assert!(!url.contains(CANARY), "{url}");
            let outcome = QueryOutcome::Data(decode_query(200, &body()).unwrap());
            // The app keeps the URL (with the base's user-info, as configured) for inspect.
            results.push(QueryResult {
                ref_id: plan.ref_id.clone(),
                outcome,
                url: url.split('?').next().unwrap_or_default().to_owned(),
                elapsed_ms: 3.0,
                bytes: body().len(),
            });
        }
        assert_clean("CSV", &export::csv(&plans, &results));
        assert_clean(
            "data rows",
            &format!("{:?}", export::data_rows(&plans, &results)),
        );
        assert_clean(
            "inspect rows",
            &format!("{:?}", export::inspect_rows(&plans, &results)),
        );
        assert_clean("plans", &format!("{plans:?}"));

        // What a PNG export holds: the text the chart functions draw.
        let env = EvalEnv {
            from_ms: FROM_MS,
            to_ms: TO_MS,
            now_ms: TO_MS,
            tz_offset_min: 0,
            dark: true,
        };
        let out = panel::evaluate(panel, &plans, &results, &env);
        assert!(out.error.is_none(), "{:?}", out.error);
        assert!(
            !matches!(out.view, PanelView::NoData { .. }),
            "{:?}",
            out.view
        );
        let (area, prims) = support::recording_area(600, 300);
        let theme = promboard_core::chart::Theme::dark(1.0);
        panel::draw(&area, &out.view, &theme).unwrap();
        let texts = support::texts(&prims.borrow());
        assert!(!texts.is_empty(), "the chart drew no text");
        assert_clean("chart text", &texts.join("\n"));
        assert_clean("view", &format!("{:?}", out.view));
    }
}

#[test]
fn error_texts_hold_no_secret() {
    // 401/403 and other failures name the problem, not the credentials that were sent.
    for (status, body) in [
        (401, &b"Unauthorized"[..]),
        (
            403,
            b"{\"status\":\"error\",\"errorType\":\"forbidden\",\"error\":\"no\"}",
        ),
        (502, b"<html>Bad gateway</html>"),
        (
            200,
            b"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"",
        ),
    ] {
        let err = decode_query(status, body).unwrap_err();
        assert_clean("error text", &err.to_string());
    }
    // A datasource URL with user-info is shown without it wherever the app prints a URL.
    let config = parse_config(&config_text()).unwrap();
    let ds = config.default_datasource().unwrap();
    let shown = export::strip_userinfo(&ds.url);
    assert_eq!(shown, "http://127.0.0.1:9090/prom");
    let unreachable = promboard_core::prom::error::PromError::CorsOrNetwork { url: shown };
    assert_clean("network error", &unreachable.to_string());
}
