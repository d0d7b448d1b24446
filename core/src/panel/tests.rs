use super::*;
use crate::model::{
    ColorMode, FieldConfig, MappingResult, Panel, PanelKind, Query, StatColorMode, StatOptions,
    ThresholdStep, Thresholds, ThresholdsMode, TimeSeriesOptions, ValueMapping,
};
use crate::prom::decode::decode_query;

const FROM_MS: i64 = 1_767_222_000_000;
const TO_MS: i64 = 1_767_225_600_000;

fn env() -> EvalEnv {
    EvalEnv {
        from_ms: FROM_MS,
        to_ms: TO_MS,
        now_ms: TO_MS,
        tz_offset_min: 0,
        dark: true,
    }
}

fn plan_env() -> PlanEnv {
    PlanEnv {
        from_ms: FROM_MS,
        to_ms: TO_MS,
        width_px: 600,
        scrape_interval_ms: 15_000,
    }
}

/// A `query_range` body in the exact shape Prometheus 2.42 sends.
fn matrix(series: &[(&str, &[(f64, &str)])]) -> QueryResult {
    let result: Vec<String> = series
        .iter()
        .map(|(labels, samples)| {
            let values: Vec<String> = samples
                .iter()
                .map(|(t, v)| format!("[{t},\"{v}\"]"))
                .collect();
            format!("{{\"metric\":{labels},\"values\":[{}]}}", values.join(","))
        })
        .collect();
    let body = format!(
        "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{}]}}}}",
        result.join(",")
    );
    QueryResult {
        ref_id: "A".into(),
        outcome: QueryOutcome::Data(decode_query(200, body.as_bytes()).unwrap()),
        url: String::new(),
        elapsed_ms: 1.0,
        bytes: body.len(),
    }
}

fn panel(kind: PanelKind, expr: &str, legend: &str, field: FieldConfig) -> Panel {
    Panel {
        id: 1,
        title: "t".into(),
        kind,
        field,
        queries: vec![Query {
            expr: expr.into(),
            legend_format: legend.into(),
            ..Query::default()
        }],
        ..Panel::default()
    }
}

fn health_field() -> FieldConfig {
    let m = |v: &str, text: &str, color: &str| ValueMapping::Value {
        value: v.into(),
        result: MappingResult {
            text: Some(text.into()),
            color: Some(color.into()),
        },
    };
    FieldConfig {
        mappings: vec![
            m("0", "Down", "red"),
            m("0.5", "Degraded", "orange"),
            m("1", "Healthy", "green"),
        ],
        thresholds: Some(Thresholds {
            mode: ThresholdsMode::Absolute,
            steps: vec![
                ThresholdStep {
                    value: None,
                    color: "red".into(),
                },
                ThresholdStep {
                    value: Some(1.0),
                    color: "green".into(),
                },
            ],
        }),
        color: ColorMode::Thresholds,
        ..FieldConfig::default()
    }
}

#[test]
fn plans_step_and_substitutes_builtins() {
    let p = panel(
        PanelKind::TimeSeries(TimeSeriesOptions::default()),
        "rate(x_total[$__rate_interval]) * $__interval_ms",
        "",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    assert_eq!(plans.len(), 1);
    // 1 h over 600 px → 6 s → roundInterval 5 s (a min interval applies only when set);
    // $__rate_interval = max(5 s + 15 s, 4 × 15 s) = 60 s, written in seconds as Grafana does.
    assert_eq!(plans[0].step_ms, 5_000);
    assert_eq!(plans[0].expr, "rate(x_total[60s]) * 5000");
    assert_eq!(plans[0].start_s, 1_767_222_000.0);
    assert_eq!(plans[0].end_s, 1_767_225_600.0);
}

#[test]
fn hidden_and_empty_queries_are_not_planned() {
    let mut p = panel(
        PanelKind::Stat(StatOptions::default()),
        "up",
        "",
        FieldConfig::default(),
    );
    p.queries.push(Query {
        ref_id: "B".into(),
        expr: "x".into(),
        hide: true,
        ..Query::default()
    });
    p.queries.push(Query {
        ref_id: "C".into(),
        expr: "  ".into(),
        ..Query::default()
    });
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    assert_eq!(
        plans.iter().map(|p| p.ref_id.as_str()).collect::<Vec<_>>(),
        ["A"]
    );
}

#[test]
fn stat_maps_health_values_to_text_and_colour() {
    let p = panel(
        PanelKind::Stat(StatOptions {
            color_mode: StatColorMode::Background,
            ..StatOptions::default()
        }),
        "destination_health_status",
        "{{destination}}",
        health_field(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[
        (
            r#"{"destination":"s3"}"#,
            &[(1767225585.0, "1"), (1767225600.0, "1")],
        ),
        (
            r#"{"destination":"elasticsearch"}"#,
            &[(1767225585.0, "1"), (1767225600.0, "0.5")],
        ),
    ])];
    let out = evaluate(&p, &plans, &results, &env());
    assert!(out.error.is_none());
    let PanelView::Stat(stat) = out.view else {
        panic!("not a stat: {:?}", out.view)
    };
    assert!(stat.background);
    let got: Vec<(&str, &str, bool)> = stat
        .items
        .iter()
        .map(|i| {
            (
                i.value.name.as_str(),
                i.value.text.as_str(),
                i.value.show_name,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("s3", "Healthy", true), ("elasticsearch", "Degraded", true)]
    );
    assert_eq!(
        stat.items[1].value.color,
        crate::eval::colors::resolve("orange", crate::eval::colors::Theme::Dark)
    );
    assert!(
        stat.items[0].sparkline.is_some(),
        "graph mode area draws a sparkline"
    );
}

#[test]
fn stat_formats_units_with_the_first_reducer() {
    let field = FieldConfig {
        unit: Some("percentunit".into()),
        decimals: Some(1),
        ..FieldConfig::default()
    };
    let mut opts = StatOptions::default();
    opts.reduce.calcs = vec!["mean".into()];
    let p = panel(PanelKind::Stat(opts), "ratio", "", field);
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[(
        "{}",
        &[(1.0, "0.01"), (2.0, "0.03"), (3.0, "NaN")],
    )])];
    let PanelView::Stat(stat) = evaluate(&p, &plans, &results, &env()).view else {
        panic!()
    };
    assert_eq!(stat.items[0].value.text, "2.0%");
    assert!(
        !stat.items[0].value.show_name,
        "one value: no name in auto text mode"
    );
}

#[test]
fn failures_become_the_panel_error_with_the_query_reason() {
    let p = panel(
        PanelKind::Stat(StatOptions::default()),
        "up",
        "",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let body = br#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#;
    let err = decode_query(400, body).unwrap_err().to_string();
    let results = [QueryResult::failed(&plans[0], err.clone())];
    let out = evaluate(&p, &plans, &results, &env());
    assert_eq!(out.error.as_deref(), Some(err.as_str()));
    assert!(err.contains("parse error"), "{err}");
}

#[test]
fn all_nan_or_empty_is_nodata_and_warnings_are_kept() {
    let p = panel(
        PanelKind::TimeSeries(TimeSeriesOptions::default()),
        "x",
        "",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let body = br#"{"status":"success","warnings":["too many samples, results truncated"],"data":{"resultType":"matrix","result":[]}}"#;
    let results = [QueryResult {
        ref_id: "A".into(),
        outcome: QueryOutcome::Data(decode_query(200, body).unwrap()),
        url: String::new(),
        elapsed_ms: 0.0,
        bytes: 0,
    }];
    let out = evaluate(&p, &plans, &results, &env());
    assert_eq!(out.view.state(), PanelState::NoData);
    assert_eq!(out.warnings, ["too many samples, results truncated"]);
    let nan = [matrix(&[("{}", &[(1.0, "NaN")])])];
    assert_eq!(
        evaluate(&p, &plans, &nan, &env()).view.state(),
        PanelState::NoData
    );
}

#[test]
fn time_series_keeps_order_names_colours_and_legend_calcs() {
    let mut opts = TimeSeriesOptions::default();
    opts.legend.calcs = vec!["max".into(), "lastNotNull".into()];
    let field = FieldConfig {
        unit: Some("s".into()),
        ..FieldConfig::default()
    };
    let p = panel(PanelKind::TimeSeries(opts), "q", "p{{quantile}}", field);
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[
        (
            r#"{"quantile":"50"}"#,
            &[(1767222000.0, "0.1"), (1767222005.0, "0.2")],
        ),
        (
            r#"{"quantile":"95"}"#,
            &[(1767222000.0, "1.5"), (1767222005.0, "+Inf")],
        ),
    ])];
    let out = evaluate(&p, &plans, &results, &env());
    let PanelView::TimeSeries(ts) = out.view else {
        panic!()
    };
    let names: Vec<&str> = ts.legend.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["p50", "p95"]);
    assert_ne!(
        ts.legend[0].color, ts.legend[1].color,
        "palette colours differ per series"
    );
    assert_eq!(
        ts.legend[0].calcs,
        [
            ("Max".to_owned(), "200 ms".to_owned()),
            ("Last *".to_owned(), "200 ms".to_owned())
        ]
    );
    assert_eq!(ts.chart.series[1].values[1], f64::INFINITY);
    assert_eq!(ts.chart.x_range_ms, (FROM_MS, TO_MS));
    assert_eq!(ts.chart.y.format.format(1.5), "1.50 s");
}

#[test]
fn heatmap_de_cumulates_le_buckets() {
    let p = panel(
        PanelKind::Heatmap(Default::default()),
        "b",
        "{{le}}",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[
        (r#"{"le":"+Inf"}"#, &[(1767222000.0, "10")]),
        (r#"{"le":"0.5"}"#, &[(1767222000.0, "7")]),
        (r#"{"le":"0.1"}"#, &[(1767222000.0, "4")]),
    ])];
    let PanelView::Heatmap(h) = evaluate(&p, &plans, &results, &env()).view else {
        panic!()
    };
    assert_eq!(h.bucket_labels, ["0.1", "0.5", "+Inf"]);
    assert_eq!(h.counts, vec![vec![4.0, 3.0, 3.0]]);
}

#[test]
fn state_timeline_merges_equal_values_and_breaks_at_gaps() {
    let p = panel(
        PanelKind::StateTimeline(Default::default()),
        "h",
        "{{d}}",
        health_field(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let t = |k: i64| 1767222000.0 + (k * 5) as f64;
    let results = [matrix(&[(
        r#"{"d":"es"}"#,
        &[
            (t(0), "1"),
            (t(1), "1"),
            (t(2), "0.5"),
            (t(3), "0.5"),
            (t(10), "0.5"),
            (t(11), "0"),
        ],
    )])];
    let PanelView::StateTimeline(s) = evaluate(&p, &plans, &results, &env()).view else {
        panic!()
    };
    let regions: Vec<(i64, i64, &str)> = s.rows[0]
        .regions
        .iter()
        .map(|r| {
            (
                (r.start_ms - FROM_MS) / 5000,
                (r.end_ms - FROM_MS) / 5000,
                r.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        regions,
        [
            (0, 2, "Healthy"),
            (2, 4, "Degraded"),
            (10, 11, "Degraded"),
            (11, 12, "Down")
        ]
    );
}

#[test]
fn text_and_unsupported_panels_need_no_query() {
    let text = Panel {
        kind: PanelKind::Text(crate::model::TextOptions {
            content: "<b>hi</b>".into(),
            ..Default::default()
        }),
        ..Panel::default()
    };
    match static_view(&text) {
        Some(PanelView::Text { text, markdown }) => {
            assert_eq!(text, "<b>hi</b>");
            assert!(markdown, "markdown is the default mode");
        }
        other => panic!("{other:?}"),
    }
    let pie = Panel {
        kind: PanelKind::Unsupported {
            grafana_type: "piechart".into(),
        },
        ..Panel::default()
    };
    let view = static_view(&pie).unwrap();
    assert_eq!(view.state(), PanelState::Unsupported);
    assert!(view.text_alternative().contains("piechart"));
}

#[test]
fn drawing_a_time_series_view_reaches_the_backend() {
    let p = panel(
        PanelKind::TimeSeries(TimeSeriesOptions::default()),
        "q",
        "",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[(
        "{}",
        &[
            (1767222000.0, "1"),
            (1767222005.0, "2"),
            (1767222010.0, "3"),
        ],
    )])];
    let view = evaluate(&p, &plans, &results, &env()).view;
    let mut svg = String::new();
    {
        use plotters::prelude::*;
        let area = SVGBackend::with_string(&mut svg, (400, 200)).into_drawing_area();
        draw(&area, &view, &crate::chart::Theme::dark(1.0)).unwrap();
    }
    assert!(svg.contains("<polyline"), "the series was drawn");
}

#[test]
fn a_runaway_query_is_capped_with_a_warning() {
    let p = panel(
        PanelKind::TimeSeries(TimeSeriesOptions::default()),
        "x",
        "{{i}}",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let labels: Vec<String> = (0..2_500).map(|i| format!("{{\"i\":\"{i}\"}}")).collect();
    let samples: &[(f64, &str)] = &[(1_767_222_000.0, "1"), (1_767_225_600.0, "2")];
    let series: Vec<(&str, &[(f64, &str)])> =
        labels.iter().map(|l| (l.as_str(), samples)).collect();
    let results = [matrix(&series)];
    let out = evaluate(&p, &plans, &results, &env());
    let PanelView::TimeSeries(ts) = &out.view else {
        panic!("{:?}", out.view.state())
    };
    assert_eq!(ts.legend.len(), MAX_SERIES);
    assert_eq!(ts.legend[0].name, "0");
    assert_eq!(ts.legend[MAX_SERIES - 1].name, "999");
    assert_eq!(
        out.warnings,
        ["Showing the first 1,000 of 2,500 series: narrow the query (more label matchers, topk, or aggregation) to see the rest"]
    );
    // Under the cap nothing is copied or said.
    assert!(cap_series(&[matrix(&series[..MAX_SERIES])]).is_none());
    // The budget spans queries in order.
    let mut b = matrix(&series[..10]);
    b.ref_id = "B".into();
    let (capped, total) = cap_series(&[matrix(&series[..995]), b]).unwrap();
    assert_eq!(total, 1_005);
    let counts: Vec<usize> = capped
        .iter()
        .map(|r| match &r.outcome {
            QueryOutcome::Data(d) => match &d.data {
                crate::prom::types::QueryData::Series(s) => s.len(),
                _ => 0,
            },
            _ => 0,
        })
        .collect();
    assert_eq!(counts, [995, 5]);
    assert_eq!(capped[1].ref_id, "B");
}

#[test]
fn pie_slices_reduce_skip_non_positive_and_share_the_rest() {
    use crate::model::{PieLegend, PieOptions, PieValue, ReduceOptions};
    let p = panel(
        PanelKind::PieChart(PieOptions {
            reduce: ReduceOptions {
                calcs: vec!["sum".into()],
                ..ReduceOptions::default()
            },
            display_labels: vec![PieValue::Name, PieValue::Percent],
            legend: PieLegend {
                values: vec![PieValue::Value, PieValue::Percent],
                ..PieLegend::default()
            },
            ..PieOptions::default()
        }),
        "sum by (code) (increase(http_requests_total[5m]))",
        "{{code}}",
        FieldConfig {
            unit: Some("short".into()),
            ..FieldConfig::default()
        },
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[
        (
            r#"{"code":"200"}"#,
            &[(1767225585.0, "100"), (1767225600.0, "200")],
        ),
        (
            r#"{"code":"404"}"#,
            &[(1767225585.0, "0"), (1767225600.0, "0")],
        ),
        (
            r#"{"code":"500"}"#,
            &[(1767225585.0, "NaN"), (1767225600.0, "100")],
        ),
        (
            r#"{"code":"302"}"#,
            &[(1767225585.0, "-5"), (1767225600.0, "-1")],
        ),
    ])];
    let out = evaluate(&p, &plans, &results, &env());
    let PanelView::PieChart(pie) = out.view else {
        panic!("not a pie: {:?}", out.view)
    };
    // Zero (404) and negative (302) sums are left out, as Grafana draws nothing for them;
    // the NaN sample is skipped by the reducer.
    let got: Vec<(&str, &str, Option<f64>)> = pie
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.text.as_str(), i.numeric))
        .collect();
    assert_eq!(
        got,
        [("200", "300", Some(300.0)), ("500", "100", Some(100.0))]
    );
    let percents: Vec<&str> = pie
        .chart
        .slices
        .iter()
        .map(|s| s.percent_text.as_str())
        .collect();
    assert_eq!(percents, ["75%", "25%"]);
    // Classic palette by slice position: green, then yellow.
    let th = crate::eval::colors::Theme::Dark;
    assert_eq!(pie.items[0].color, crate::eval::colors::series_color(0, th));
    assert_eq!(pie.items[1].color, crate::eval::colors::series_color(1, th));
    let legend = pie.chart.legend.as_ref().unwrap();
    assert!(legend.show_value && legend.show_percent);
    assert_eq!(
        pie.chart.labels,
        [
            crate::chart::PieLabel::Name,
            crate::chart::PieLabel::Percent
        ]
    );
    assert_eq!(
        PanelView::PieChart(pie.clone()).dom_values(),
        pie.items,
        "the DOM carries the slice values"
    );
}

#[test]
fn pie_all_values_and_nothing_positive() {
    use crate::model::{PieOptions, ReduceOptions};
    let p = panel(
        PanelKind::PieChart(PieOptions {
            reduce: ReduceOptions {
                values: true,
                limit: Some(2),
                ..ReduceOptions::default()
            },
            ..PieOptions::default()
        }),
        "x",
        "x",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = [matrix(&[(
        r#"{}"#,
        &[
            (1767225570.0, "1"),
            (1767225585.0, "2"),
            (1767225600.0, "3"),
        ],
    )])];
    let PanelView::PieChart(pie) = evaluate(&p, &plans, &results, &env()).view else {
        panic!("not a pie")
    };
    let names: Vec<&str> = pie.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["x 23:59:30", "x 23:59:45"],
        "one slice per sample, up to the limit"
    );
    assert_ne!(pie.items[0].color, pie.items[1].color);
    let zeros = [matrix(&[(r#"{}"#, &[(1767225600.0, "0")])])];
    let out = evaluate(&p, &plans, &zeros, &env());
    assert_eq!(out.view.state(), PanelState::NoData);
}

#[test]
fn the_spheroseg_seed_has_a_donut_of_requests_by_status() {
    let bytes = include_bytes!("../../../public/dashboards/spheroseg-application.json");
    let ctx = crate::import::ImportContext {
        default_datasource: "prom".into(),
        datasources: Vec::new(),
    };
    let imported = crate::model::load::load_dashboard(bytes, &ctx).unwrap();
    let p = imported.dashboard.panel(15).unwrap();
    let PanelKind::PieChart(o) = &p.kind else {
        panic!("panel 15 is {:?}", p.kind)
    };
    assert_eq!(o.pie_type, crate::model::PieType::Donut);
    assert_eq!(
        o.legend.values,
        [
            crate::model::PieValue::Value,
            crate::model::PieValue::Percent
        ]
    );
    assert_eq!(o.display_labels, [crate::model::PieValue::Percent]);
    assert!(p.queries[0].instant);
}

#[test]
fn body_kinds_group_views_by_the_element_tree_that_draws_them() {
    let nodata = PanelView::NoData {
        message: "No data".into(),
    };
    assert_eq!(nodata.body_kind(), BodyKind::Dom);
    let text = static_view(&Panel {
        kind: PanelKind::Text(crate::model::TextOptions::default()),
        ..Panel::default()
    })
    .unwrap();
    assert_eq!(text.body_kind(), BodyKind::Dom);
    // A time series evaluated from a real-shaped matrix is drawn by the chart tree.
    let p = panel(
        PanelKind::TimeSeries(Default::default()),
        "up",
        "{{job}}",
        FieldConfig::default(),
    );
    let plans = plan_queries(&p, &plan_env(), &crate::vars::Scope::new());
    let results = vec![matrix(&[(
        r#"{"job":"a"}"#,
        &[(1767222000.0, "1"), (1767222005.0, "2")],
    )])];
    let ts = evaluate(&p, &plans, &results, &env()).view;
    assert_eq!(ts.body_kind(), BodyKind::TimeSeries);
    // Gauges are canvas; their values also go to the DOM.
    let g = panel(
        PanelKind::Gauge(Default::default()),
        "up",
        "",
        health_field(),
    );
    let plans = plan_queries(&g, &plan_env(), &crate::vars::Scope::new());
    let results = vec![matrix(&[(
        r#"{"job":"a"}"#,
        &[(1767225585.0, "1"), (1767225600.0, "1")],
    )])];
    let gauge = evaluate(&g, &plans, &results, &env()).view;
    assert_eq!(gauge.body_kind(), BodyKind::Canvas);
    assert_eq!(gauge.dom_values().len(), 1);
}

#[test]
fn round_samples_counts_series_points() {
    let two = matrix(&[
        (r#"{"a":"1"}"#, &[(1767222000.0, "1"), (1767222005.0, "2")]),
        (r#"{"a":"2"}"#, &[(1767222000.0, "NaN")]),
    ]);
    assert_eq!(round_samples(&[two.clone(), two]), 6);
    assert_eq!(round_samples(&[]), 0);
}
