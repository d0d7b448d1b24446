//! Table tests: small Grafana JSON snippets → the expected model, one case per mapping.
#![allow(
    clippy::panic,
    reason = "a test fails by panicking with the unexpected value"
)]

use serde_json::{json, Value};

use super::*;
use crate::model::*;

fn ctx() -> ImportContext {
    ImportContext {
        default_datasource: "prom".to_owned(),
        datasources: vec![
            ("prom".to_owned(), "P1".to_owned()),
            ("other".to_owned(), "P2".to_owned()),
        ],
    }
}

fn import(v: Value) -> Imported {
    match import_grafana(&v, &ctx()) {
        Ok(i) => i,
        Err(e) => panic!("import failed: {e}"),
    }
}

/// The single panel of a one-panel dashboard.
fn one(panel: Value) -> (Panel, Vec<Diagnostic>) {
    let imp = import(json!({"schemaVersion": 39, "panels": [panel]}));
    let panels: Vec<Panel> = imp.dashboard.panels().cloned().collect();
    assert_eq!(panels.len(), 1, "{panels:?}");
    (panels[0].clone(), imp.diagnostics)
}

fn warnings(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn not_an_object_is_an_error() {
    assert_eq!(
        import_grafana(&json!([1]), &ctx()),
        Err(ImportError::NotAnObject { found: "an array" })
    );
}

#[test]
fn graph_becomes_time_series() {
    let (p, d) = one(json!({
        "id": 2, "type": "graph", "title": "CPU",
        "lines": false, "bars": true, "fill": 3, "linewidth": 2, "stack": true, "percentage": true,
        "yaxes": [{"format": "percentunit", "min": "0", "max": 1, "logBase": 10, "show": true},
                  {"format": "bytes", "logBase": 1}],
        "seriesOverrides": [{"alias": "/mem.*/", "yaxis": 2}],
        "aliasColors": {"idle": "#00ff00"},
        "legend": {"show": true, "values": true, "avg": true, "max": true, "current": true, "alignAsTable": true, "rightSide": true},
        "tooltip": {"shared": true},
        "targets": [{"expr": "rate(cpu[5m])", "legendFormat": "{{mode}}", "refId": "A", "intervalFactor": 1}]
    }));
    let s = &p.field.style;
    assert_eq!(
        (s.draw_style, s.fill_opacity, s.line_width, s.stacking),
        (DrawStyle::Bars, 30.0, 2.0, Stacking::Percent)
    );
    assert_eq!(s.scale, ScaleKind::Log { base: 10.0 });
    assert_eq!(
        (p.field.unit.as_deref(), p.field.min, p.field.max),
        (Some("percentunit"), Some(0.0), Some(1.0))
    );
    let PanelKind::TimeSeries(o) = &p.kind else {
        panic!("{:?}", p.kind)
    };
    assert_eq!(o.legend.calcs, ["max", "mean", "lastNotNull"]);
    assert_eq!(
        (o.legend.mode, o.legend.placement, o.tooltip),
        (
            LegendMode::Table,
            LegendPlacement::Right,
            TooltipMode::Multi
        )
    );
    assert_eq!(p.overrides.len(), 2);
    assert_eq!(
        p.overrides[0].matcher,
        FieldMatcher::Regex("mem.*".to_owned())
    );
    assert_eq!(
        p.overrides[0].set.axis_placement,
        Some(AxisPlacement::Right)
    );
    assert_eq!(p.overrides[0].set.unit.as_deref(), Some("bytes"));
    assert_eq!(
        p.overrides[1].set.color,
        Some(ColorMode::Fixed {
            color: "#00ff00".to_owned()
        })
    );
    assert_eq!(p.queries[0].legend_format, "{{mode}}");
    assert!(warnings(&d).is_empty(), "{d:?}");
}

#[test]
fn singlestat_becomes_stat() {
    let (p, d) = one(json!({
        "id": 3, "type": "singlestat", "format": "bytes", "valueName": "current", "decimals": 1,
        "thresholds": "80,90", "colors": ["green", "orange", "red"], "colorBackground": true,
        "valueMaps": [{"op": "=", "value": "0", "text": "Down"}, {"op": "=", "value": "null", "text": "N/A"}],
        "mappingType": 1, "sparkline": {"show": true},
        "targets": [{"expr": "up", "refId": "A"}]
    }));
    let PanelKind::Stat(o) = &p.kind else {
        panic!("{:?}", p.kind)
    };
    assert_eq!(o.reduce.calcs, ["lastNotNull"]);
    assert_eq!(
        (o.color_mode, o.graph_mode),
        (StatColorMode::Background, GraphMode::Area)
    );
    assert_eq!(
        (p.field.unit.as_deref(), p.field.decimals),
        (Some("bytes"), Some(1))
    );
    let steps = p
        .field
        .thresholds
        .as_ref()
        .map(|t| t.steps.clone())
        .unwrap_or_default();
    let want = [(None, "green"), (Some(80.0), "orange"), (Some(90.0), "red")];
    assert_eq!(
        steps
            .iter()
            .map(|s| (s.value, s.color.as_str()))
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(p.field.mappings.len(), 2);
    assert!(
        matches!(&p.field.mappings[0], ValueMapping::Value { value, result } if value == "0" && result.text.as_deref() == Some("Down"))
    );
    assert!(matches!(
        &p.field.mappings[1],
        ValueMapping::Special {
            r#match: SpecialMatch::Null,
            ..
        }
    ));
    assert!(warnings(&d).is_empty(), "{d:?}");
}

#[test]
fn singlestat_variants() {
    let cases = [
        (
            json!({"type": "singlestat", "valueName": "avg", "gauge": {"show": true, "minValue": 0, "maxValue": 100}}),
            "gauge",
            "mean",
        ),
        (
            json!({"type": "singlestat", "valueName": "total", "rangeMaps": [{"from": "0", "to": "10", "text": "low"}], "mappingType": 2}),
            "stat",
            "sum",
        ),
        (
            json!({"type": "singlestat", "valueName": "max", "colorValue": true, "thresholds": "1"}),
            "stat",
            "max",
        ),
    ];
    for (v, kind, reducer) in cases {
        let (p, _) = one(v.clone());
        assert_eq!(p.kind.name(), kind, "{v}");
        let calcs = match &p.kind {
            PanelKind::Stat(o) => o.reduce.calcs.clone(),
            PanelKind::Gauge(o) => o.reduce.calcs.clone(),
            _ => Vec::new(),
        };
        assert_eq!(calcs, [reducer], "{v}");
    }
    let (p, _) = one(
        json!({"type": "singlestat", "rangeMaps": [{"from": "0", "to": "10", "text": "low"}], "mappingType": 2}),
    );
    assert_eq!(
        p.field.mappings,
        [ValueMapping::Range {
            from: Some(0.0),
            to: Some(10.0),
            result: MappingResult {
                text: Some("low".to_owned()),
                color: None
            }
        }]
    );
}

#[test]
fn collapsed_rows_and_sorting() {
    let imp = import(json!({"schemaVersion": 39, "panels": [
        {"id": 5, "type": "stat", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 4}},
        {"id": 4, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}},
        {"id": 10, "type": "row", "title": "Open", "collapsed": false, "gridPos": {"x": 0, "y": 4, "w": 24, "h": 1}, "panels": []},
        {"id": 6, "type": "timeseries", "gridPos": {"x": 0, "y": 5, "w": 24, "h": 8}},
        {"id": 11, "type": "row", "title": "Closed", "collapsed": true, "repeat": "node", "gridPos": {"x": 0, "y": 13, "w": 24, "h": 1},
         "panels": [{"id": 7, "type": "timeseries", "gridPos": {"x": 0, "y": 14, "w": 24, "h": 8}}]}
    ]}));
    let rows: Vec<(Option<&str>, bool, Vec<u32>)> = imp
        .dashboard
        .rows
        .iter()
        .map(|r| {
            (
                r.title.as_deref(),
                r.collapsed,
                r.panels.iter().map(|p| p.id).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (None, false, vec![4, 5]),
            (Some("Open"), false, vec![6]),
            (Some("Closed"), true, vec![7])
        ]
    );
    assert_eq!(imp.dashboard.rows[2].repeat.as_deref(), Some("node"));
    assert_eq!(imp.panel_classes().len(), 4);
}

#[test]
fn legacy_rows_with_span() {
    let imp = import(json!({"schemaVersion": 14, "rows": [
        {"title": "Overview", "showTitle": true, "height": "250px", "panels": [
            {"id": 1, "type": "graph", "span": 6}, {"id": 2, "type": "singlestat", "span": 3}, {"id": 3, "type": "text", "span": 6}]},
        {"title": "Second", "collapse": true, "height": 300, "panels": [{"id": 4, "type": "graph", "span": 12}]}
    ]}));
    let grids: Vec<(u32, GridPos)> = imp.dashboard.panels().map(|p| (p.id, p.grid)).collect();
    assert_eq!(
        grids,
        vec![
            (
                1,
                GridPos {
                    x: 0,
                    y: 0,
                    w: 12,
                    h: 8
                }
            ),
            (
                2,
                GridPos {
                    x: 12,
                    y: 0,
                    w: 6,
                    h: 8
                }
            ),
            (
                3,
                GridPos {
                    x: 0,
                    y: 8,
                    w: 12,
                    h: 8
                }
            ),
            (
                4,
                GridPos {
                    x: 0,
                    y: 16,
                    w: 24,
                    h: 10
                }
            ),
        ]
    );
    assert_eq!(imp.dashboard.rows[0].title.as_deref(), Some("Overview"));
    assert!(imp.dashboard.rows[1].collapsed);
}

#[test]
fn datasource_resolution() {
    let imp = import(json!({
        "__inputs": [{"name": "DS_PROMETHEUS", "pluginId": "prometheus"}, {"name": "DS_LOKI", "pluginId": "loki"}],
        "templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus"}]},
        "panels": [
            {"id": 1, "type": "timeseries", "datasource": "${DS_PROMETHEUS}", "targets": [{"expr": "up"}]},
            {"id": 2, "type": "timeseries", "datasource": {"type": "prometheus", "uid": "$ds"}, "targets": [{"expr": "up"}]},
            {"id": 3, "type": "timeseries", "datasource": "other", "targets": [{"expr": "up"}]},
            {"id": 4, "type": "timeseries", "datasource": {"type": "prometheus", "uid": "P2"}, "targets": [{"expr": "up"}]},
            {"id": 5, "type": "timeseries", "datasource": "-- Mixed --", "targets": [{"expr": "up", "datasource": "other"}, {"expr": "{a=\"b\"}", "datasource": "${DS_LOKI}"}]},
            {"id": 6, "type": "timeseries", "datasource": "Unknown", "targets": [{"expr": "up"}]},
            {"id": 7, "type": "timeseries", "datasource": null, "targets": [{"expr": "up"}]}
        ]
    }));
    let ds: Vec<(Option<&str>, usize)> = imp
        .dashboard
        .panels()
        .map(|p| (p.datasource.as_deref(), p.queries.len()))
        .collect();
    assert_eq!(
        ds,
        vec![
            (None, 1),
            (Some("$ds"), 1),
            (Some("other"), 1),
            (Some("other"), 1),
            (None, 1),
            (None, 1),
            (None, 1)
        ]
    );
    let p5 = imp
        .dashboard
        .panel(5)
        .map(|p| p.queries[0].datasource.clone());
    assert_eq!(p5, Some(Some("other".to_owned())));
    let classes = imp.panel_classes();
    assert_eq!(
        classes[4],
        (5, PanelClass::Partial),
        "the loki query is dropped with a warning"
    );
    assert_eq!(
        classes[5],
        (6, PanelClass::Full),
        "an unknown name falls back to the default with an Info"
    );
    assert!(imp
        .diagnostics
        .iter()
        .any(|d| d.message.contains("${DS_PROMETHEUS}") && d.severity == Severity::Info));
}

#[test]
fn mappings_old_and_new() {
    let (p, _) = one(
        json!({"type": "stat", "fieldConfig": {"defaults": {"mappings": [
            {"type": "value", "options": {"1": {"text": "Up", "color": "green", "index": 1}, "0": {"text": "Down", "color": "red", "index": 0}}},
            {"type": "range", "options": {"from": 5, "to": null, "result": {"text": "high"}}},
            {"type": "regex", "options": {"pattern": "^err(.*)", "result": {"text": "E$1"}}},
            {"type": "special", "options": {"match": "null+nan", "result": {"text": "none"}}},
            {"id": 0, "type": 1, "value": "2", "text": "Two", "op": "="},
            {"id": 1, "type": 2, "from": "10", "to": "20", "text": "teens"}
        ]}}}),
    );
    let r = |t: &str, c: Option<&str>| MappingResult {
        text: Some(t.to_owned()),
        color: c.map(str::to_owned),
    };
    assert_eq!(
        p.field.mappings,
        vec![
            ValueMapping::Value {
                value: "0".to_owned(),
                result: r("Down", Some("red"))
            },
            ValueMapping::Value {
                value: "1".to_owned(),
                result: r("Up", Some("green"))
            },
            ValueMapping::Range {
                from: Some(5.0),
                to: None,
                result: r("high", None)
            },
            ValueMapping::Regex {
                pattern: "^err(.*)".to_owned(),
                result: r("E$1", None)
            },
            ValueMapping::Special {
                r#match: SpecialMatch::NullNan,
                result: r("none", None)
            },
            ValueMapping::Value {
                value: "2".to_owned(),
                result: r("Two", None)
            },
            ValueMapping::Range {
                from: Some(10.0),
                to: Some(20.0),
                result: r("teens", None)
            },
        ]
    );
}

#[test]
fn thresholds_null_base_step() {
    let (p, _) = one(
        json!({"type": "gauge", "fieldConfig": {"defaults": {"unit": "percent", "thresholds": {"mode": "percentage", "steps": [
        {"color": "red", "value": 90}, {"color": "green", "value": null}, {"color": "orange", "value": 70}]}}}}),
    );
    let t = p.field.thresholds.unwrap_or(Thresholds {
        mode: ThresholdsMode::Absolute,
        steps: vec![],
    });
    assert_eq!(t.mode, ThresholdsMode::Percentage);
    let got: Vec<(Option<f64>, &str)> = t
        .steps
        .iter()
        .map(|s| (s.value, s.color.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(None, "green"), (Some(70.0), "orange"), (Some(90.0), "red")]
    );
}

#[test]
fn field_custom_and_overrides() {
    let (p, d) = one(json!({"type": "timeseries", "fieldConfig": {
    "defaults": {"unit": "s", "decimals": 2, "min": 0, "displayName": "${__field.labels.pod}", "noValue": "-",
        "color": {"mode": "fixed", "fixedColor": "blue"},
        "custom": {"drawStyle": "points", "lineWidth": 3, "fillOpacity": 25, "stacking": {"mode": "normal", "group": "A"},
            "axisPlacement": "right", "scaleDistribution": {"type": "log", "log": 2}, "axisSoftMax": 100,
            "thresholdsStyle": {"mode": "line+area"}, "spanNulls": 60000, "showPoints": "always", "pointSize": 4,
            "hideFrom": {"viz": false, "legend": false, "tooltip": false}, "gradientMode": "opacity"}},
    "overrides": [
        {"matcher": {"id": "byName", "options": "errors"}, "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}, {"id": "custom.axisPlacement", "value": "left"}]},
        {"matcher": {"id": "byRegexp", "options": "/.*5xx/"}, "properties": [{"id": "unit", "value": "reqps"}, {"id": "custom.width", "value": 100}]},
        {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [{"id": "custom.hideFrom", "value": {"viz": true, "legend": true, "tooltip": true}}]},
        {"matcher": {"id": "byValue", "options": {"reducer": "allIsNull", "op": "gte", "value": 0}}, "properties": [{"id": "unit", "value": "bytes"}]},
        {"matcher": {"id": "byType", "options": "number"}, "properties": []}
    ]}}));
    let s = &p.field.style;
    assert_eq!(
        (
            s.draw_style,
            s.line_width,
            s.fill_opacity,
            s.stacking,
            s.axis_placement
        ),
        (
            DrawStyle::Points,
            3.0,
            25.0,
            Stacking::Normal,
            AxisPlacement::Right
        )
    );
    assert_eq!(
        (
            s.scale,
            s.soft_max,
            s.thresholds_style,
            s.span_nulls_ms,
            s.show_points,
            s.point_size
        ),
        (
            ScaleKind::Log { base: 2.0 },
            Some(100.0),
            ThresholdsStyle::LineAndArea,
            Some(60_000),
            ShowPoints::Always,
            4.0
        )
    );
    assert_eq!(
        (
            p.field.unit.as_deref(),
            p.field.decimals,
            p.field.min,
            p.field.no_value.as_deref()
        ),
        (Some("s"), Some(2), Some(0.0), Some("-"))
    );
    assert_eq!(
        p.field.color,
        ColorMode::Fixed {
            color: "blue".to_owned()
        }
    );
    let matchers: Vec<&FieldMatcher> = p.overrides.iter().map(|o| &o.matcher).collect();
    assert_eq!(
        matchers,
        [
            &FieldMatcher::Name("errors".to_owned()),
            &FieldMatcher::Regex("/.*5xx/".to_owned()),
            &FieldMatcher::Query("B".to_owned()),
            &FieldMatcher::Value(ValueCondition {
                reducer: "allIsNull".to_owned(),
                op: CompareOp::Gte,
                value: 0.0
            })
        ]
    );
    assert_eq!(p.overrides[0].set.axis_placement, Some(AxisPlacement::Left));
    assert_eq!(p.overrides[2].set.hidden, Some(true));
    let fields: Vec<&str> = d.iter().map(|d| d.field.as_str()).collect();
    assert!(
        fields.contains(&"panels[0].fieldConfig.defaults.custom.gradientMode"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"panels[0].fieldConfig.overrides[1].properties[1]"),
        "{fields:?}"
    );
    assert_eq!(
        warnings(&d).len(),
        1,
        "only the byType matcher is a warning: {d:?}"
    );
}

#[test]
fn targets() {
    let (p, d) = one(
        json!({"type": "timeseries", "interval": "30s", "maxDataPoints": 500, "targets": [
            {"expr": "up", "refId": "A", "instant": true, "range": false, "format": "table", "interval": "1m", "hide": true},
            {"expr": "x", "refId": "B", "format": "heatmap", "intervalFactor": 2, "legendFormat": "{{job}}"},
            {"expr": "", "refId": "C"}
        ]}),
    );
    assert_eq!(
        (p.min_interval.as_deref(), p.max_data_points),
        (Some("30s"), Some(500))
    );
    assert_eq!(p.queries.len(), 2);
    let a = &p.queries[0];
    assert_eq!(
        (a.instant, a.format, a.interval.as_deref(), a.hide),
        (true, QueryFormat::Table, Some("1m"), true)
    );
    assert_eq!(
        (p.queries[1].format, p.queries[1].legend_format.as_str()),
        (QueryFormat::Heatmap, "{{job}}")
    );
    assert!(
        d.iter()
            .any(|d| d.field.ends_with("targets[1].intervalFactor")),
        "{d:?}"
    );
}

#[test]
fn panel_kinds() {
    let cases = [
        (
            json!({"type": "stat", "options": {"colorMode": "background", "graphMode": "none", "textMode": "value_and_name", "orientation": "horizontal", "reduceOptions": {"calcs": ["mean"], "values": false}}}),
            "stat",
        ),
        (
            json!({"type": "gauge", "options": {"showThresholdMarkers": false}}),
            "gauge",
        ),
        (
            json!({"type": "bargauge", "options": {"displayMode": "lcd"}}),
            "barGauge",
        ),
        (json!({"type": "table-old", "styles": []}), "table"),
        (
            json!({"type": "text", "content": "# hi", "mode": "markdown"}),
            "text",
        ),
        (json!({"type": "heatmap"}), "heatmap"),
        (json!({"type": "state-timeline"}), "stateTimeline"),
        (json!({"type": "status-history"}), "stateTimeline"),
        (json!({"type": "piechart"}), "pieChart"),
        (json!({"type": "grafana-piechart-panel"}), "pieChart"),
        (json!({"type": "logs"}), "unsupported"),
        (json!({}), "unsupported"),
    ];
    for (v, kind) in cases {
        let (p, d) = one(v.clone());
        assert_eq!(p.kind.name(), kind, "{v}");
        if kind == "unsupported" {
            assert_eq!(warnings(&d).len(), 1, "{v}: {d:?}");
        }
    }
    let (p, _) = one(
        json!({"type": "stat", "options": {"colorMode": "background", "graphMode": "none", "textMode": "value_and_name", "orientation": "horizontal", "reduceOptions": {"calcs": ["mean"]}}}),
    );
    assert_eq!(
        p.kind,
        PanelKind::Stat(StatOptions {
            reduce: ReduceOptions {
                calcs: vec!["mean".to_owned()],
                values: false,
                limit: None
            },
            color_mode: StatColorMode::Background,
            graph_mode: GraphMode::None,
            orientation: Orientation::Horizontal,
            text_mode: StatTextMode::ValueAndName,
        })
    );
    let (p, _) = one(json!({"type": "text", "options": {"content": "<b>x</b>", "mode": "html"}}));
    assert_eq!(
        p.kind,
        PanelKind::Text(TextOptions {
            mode: TextMode::Html,
            content: "<b>x</b>".to_owned()
        })
    );
}

#[test]
fn table_transformations() {
    let (p, d) = one(
        json!({"type": "table", "options": {"showHeader": false, "sortBy": [{"displayName": "Value", "desc": true}]},
        "transformations": [
            {"id": "organize", "options": {"excludeByName": {"Time": true, "job": false}, "renameByName": {"instance": "Host"}}},
            {"id": "merge", "options": {}}
        ]}),
    );
    let PanelKind::Table(t) = &p.kind else {
        panic!("{:?}", p.kind)
    };
    assert_eq!(
        (t.show_header, t.sort_by.as_deref(), t.sort_desc),
        (false, Some("Value"), true)
    );
    // With more than `organize`, the whole chain is evaluated in order.
    assert!(t.hidden_columns.is_empty() && t.renames.is_empty());
    assert_eq!(
        p.transformations,
        [
            Transformation::Organize {
                exclude: vec!["Time".to_owned()],
                index: vec![],
                rename: vec![("instance".to_owned(), "Host".to_owned())]
            },
            Transformation::Merge
        ]
    );
    assert!(warnings(&d).is_empty(), "{d:?}");
}

#[test]
fn table_with_only_organize_keeps_column_options() {
    let (p, d) = one(json!({"type": "table", "transformations": [
        {"id": "organize", "options": {"excludeByName": {"Time": true}, "indexByName": {"job": 0}, "renameByName": {"instance": "Host"}}}
    ]}));
    let PanelKind::Table(t) = &p.kind else {
        panic!("{:?}", p.kind)
    };
    assert_eq!(t.hidden_columns, ["Time"]);
    assert_eq!(t.renames, [("instance".to_owned(), "Host".to_owned())]);
    assert!(p.transformations.is_empty());
    assert!(warnings(&d).is_empty(), "{d:?}");
}

#[test]
fn an_unsupported_transformation_drops_the_chain_with_a_warning() {
    let (p, d) = one(json!({"type": "table", "transformations": [
        {"id": "organize", "options": {"excludeByName": {"Time": true}}},
        {"id": "prepareTimeSeries", "options": {"format": "many"}},
        {"id": "merge", "options": {}}
    ]}));
    let PanelKind::Table(t) = &p.kind else {
        panic!("{:?}", p.kind)
    };
    assert!(p.transformations.is_empty());
    assert_eq!(t.hidden_columns, ["Time"]);
    assert_eq!(
        warnings(&d),
        ["transformation `prepareTimeSeries` is not supported; the data is shown untransformed"]
    );
}

#[test]
fn transformation_options_from_grafana_json() {
    let (p, d) = one(json!({"type": "table", "transformations": [
        {"id": "merge", "options": {"reducers": []}},
        {"id": "renameByRegex", "options": {"regex": "Value #(.*)", "renamePattern": "$1"}},
        {"id": "filterFieldsByName", "options": {"include": {"pattern": "^(?!Time).*$"}}},
        {"id": "groupBy", "options": {"fields": {"Value": {"aggregations": ["current"], "operation": "aggregate"}, "job": {"aggregations": [], "operation": "groupby"}, "host": {"aggregations": []}}}},
        {"id": "reduce", "options": {"reducers": ["max"], "mode": "reduceFields", "includeTimeField": false}},
        {"id": "calculateField", "options": {"alias": "ratio", "binary": {"left": "A", "operator": "/", "right": "B"}, "mode": "binary"}},
        {"id": "calculateField", "options": {"mode": "reduceRow", "reduce": {"reducer": "sum"}, "replaceFields": true}},
        {"id": "sortBy", "options": {"fields": {}, "sort": [{"desc": true, "field": "Value"}]}},
        {"id": "limit", "options": {"limitField": 5}},
        {"id": "labelsToFields", "options": {"keepLabels": ["pod"], "mode": "columns"}},
        {"id": "seriesToColumns", "options": {"byField": "instance"}},
        {"id": "joinByField", "options": {"byField": "Time", "mode": "inner"}},
        {"id": "filterByValue", "options": {"filters": [{"config": {"id": "lowerOrEqual", "options": {"value": 0}}, "fieldName": "delta"}], "match": "any", "type": "exclude"}},
        {"id": "seriesToRows", "options": {}},
        {"id": "organize", "options": {"indexByName": {"job": 1, "Value": 0}}}
    ]}));
    assert!(warnings(&d).is_empty(), "{d:?}");
    assert_eq!(
        p.transformations,
        [
            Transformation::Merge,
            Transformation::RenameByRegex {
                regex: "Value #(.*)".into(),
                rename_pattern: "$1".into()
            },
            Transformation::FilterFieldsByName {
                include: Some(NameFilter {
                    names: vec![],
                    pattern: Some("^(?!Time).*$".into())
                }),
                exclude: None
            },
            Transformation::GroupBy {
                group_by: vec!["job".into()],
                aggregate: vec![("Value".into(), vec!["lastNotNull".into()])]
            },
            Transformation::Reduce {
                reducers: vec!["max".into()],
                series_to_rows: false,
                include_time: false,
                labels_to_fields: false
            },
            Transformation::CalculateField {
                calc: Calculation::Binary {
                    left: "A".into(),
                    op: BinaryOp::Div,
                    right: "B".into()
                },
                alias: Some("ratio".into()),
                replace_fields: false
            },
            Transformation::CalculateField {
                calc: Calculation::ReduceRow {
                    reducer: "sum".into(),
                    include: vec![]
                },
                alias: None,
                replace_fields: true
            },
            Transformation::SortBy {
                field: "Value".into(),
                desc: true
            },
            Transformation::Limit { n: 5 },
            Transformation::LabelsToFields {
                value_label: None,
                keep: vec!["pod".into()]
            },
            Transformation::JoinByField {
                by_field: Some("instance".into()),
                inner: false
            },
            Transformation::JoinByField {
                by_field: Some("Time".into()),
                inner: true
            },
            Transformation::FilterByValue {
                filters: vec![ValueFilter {
                    field: "delta".into(),
                    test: ValueTest::LowerOrEqual(0.0)
                }],
                include: false,
                match_all: false
            },
            Transformation::SeriesToRows,
            Transformation::Organize {
                exclude: vec![],
                index: vec![("Value".into(), 0), ("job".into(), 1)],
                rename: vec![]
            },
        ]
    );
}

/// Grafana JSON → import → evaluate with real Prometheus answers: the transformations change
/// what the panel shows.
mod evaluated {
    use super::*;
    use crate::panel::{evaluate, EvalEnv, PanelView, QueryOutcome, QueryPlan, QueryResult};
    use crate::prom::decode::decode_query;

    fn env() -> EvalEnv {
        EvalEnv {
            from_ms: 1_767_222_000_000,
            to_ms: 1_767_225_600_000,
            now_ms: 1_767_225_600_000,
            tz_offset_min: 0,
            dark: false,
        }
    }

    fn plan(ref_id: &str, legend: &str) -> QueryPlan {
        QueryPlan {
            ref_id: ref_id.into(),
            expr: "up".into(),
            instant: true,
            start_s: 0.0,
            end_s: 0.0,
            step_s: 15.0,
            step_ms: 15_000,
            legend_format: legend.into(),
            datasource: None,
        }
    }

    fn result(ref_id: &str, kind: &str, body_result: &str) -> QueryResult {
        let body = format!(
            "{{\"status\":\"success\",\"data\":{{\"resultType\":\"{kind}\",\"result\":{body_result}}}}}"
        );
        match decode_query(200, body.as_bytes()) {
            Ok(r) => QueryResult {
                ref_id: ref_id.into(),
                outcome: QueryOutcome::Data(r),
                url: String::new(),
                elapsed_ms: 1.0,
                bytes: body.len(),
            },
            Err(e) => panic!("{e}"),
        }
    }

    fn table_texts(view: &PanelView) -> (Vec<String>, Vec<Vec<String>>) {
        let PanelView::Table(t) = view else {
            panic!("not a table: {view:?}")
        };
        (
            t.columns.clone(),
            t.rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect(),
        )
    }

    #[test]
    fn merge_organize_and_rename_by_regex_shape_the_table() {
        let (p, d) = one(json!({"type": "table",
        "targets": [
            {"refId": "A", "expr": "up", "format": "table", "instant": true},
            {"refId": "B", "expr": "up", "format": "table", "instant": true}
        ],
        "fieldConfig": {"defaults": {}, "overrides": [
            {"matcher": {"id": "byName", "options": "Value #B"}, "properties": [{"id": "unit", "value": "percent"}]}
        ]},
        "transformations": [
            {"id": "merge", "options": {}},
            {"id": "organize", "options": {"excludeByName": {"Time": true}, "indexByName": {"Value #B": 1, "job": 0}, "renameByName": {"job": "Job"}}},
            {"id": "renameByRegex", "options": {"regex": "Value #(.*)", "renamePattern": "Query $1"}}
        ]}));
        assert!(warnings(&d).is_empty(), "{d:?}");
        let a = result(
            "A",
            "vector",
            r#"[{"metric":{"job":"api"},"value":[1767225600,"1"]},{"metric":{"job":"db"},"value":[1767225600,"0"]}]"#,
        );
        let b = result(
            "B",
            "vector",
            r#"[{"metric":{"job":"db"},"value":[1767225600,"42.5"]}]"#,
        );
        let out = evaluate(&p, &[plan("A", ""), plan("B", "")], &[a, b], &env());
        let (columns, rows) = table_texts(&out.view);
        // Overrides match the final name (Grafana applies them after transformations) or the
        // name before renaming.
        assert_eq!(columns, ["Job", "Query B", "Query A"]);
        assert_eq!(rows, [["api", "", "1"], ["db", "42.5%", "0"]]);
    }

    #[test]
    fn reduce_series_to_rows_on_time_series() {
        let (p, _) = one(json!({"type": "table",
            "targets": [{"refId": "A", "expr": "up", "legendFormat": "{{job}}"}],
            "transformations": [{"id": "reduce", "options": {"reducers": ["max", "lastNotNull"]}}]}));
        let a = result(
            "A",
            "matrix",
            r#"[{"metric":{"job":"api"},"values":[[1767225540,"3"],[1767225555,"1"]]},{"metric":{"job":"db"},"values":[[1767225540,"5"],[1767225555,"NaN"]]}]"#,
        );
        let out = evaluate(&p, &[plan("A", "{{job}}")], &[a], &env());
        let (columns, rows) = table_texts(&out.view);
        assert_eq!(columns, ["Field", "Max", "Last *"]);
        assert_eq!(rows, [["api", "3", "1"], ["db", "5", "5"]]);
    }

    #[test]
    fn calculate_field_sums_series_for_a_stat() {
        let (p, _) = one(json!({"type": "stat",
            "targets": [{"refId": "A", "expr": "x"}],
            "options": {"reduceOptions": {"calcs": ["lastNotNull"]}},
            "transformations": [{"id": "calculateField", "options": {"mode": "reduceRow", "reduce": {"reducer": "sum"}, "replaceFields": true}}]}));
        let a = result(
            "A",
            "matrix",
            r#"[{"metric":{"a":"1"},"values":[[1767225540,"3"],[1767225555,"1"]]},{"metric":{"a":"2"},"values":[[1767225540,"5"],[1767225555,"2"]]}]"#,
        );
        let out = evaluate(&p, &[plan("A", "")], &[a], &env());
        let PanelView::Stat(s) = &out.view else {
            panic!("{:?}", out.view)
        };
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            (
                s.items[0].value.name.as_str(),
                s.items[0].value.text.as_str()
            ),
            ("Total", "3")
        );
    }

    #[test]
    fn rename_by_regex_renames_time_series_legends() {
        let (p, _) = one(json!({"type": "timeseries",
            "targets": [{"refId": "A", "expr": "x", "legendFormat": "{{pod}} rx"}],
            "transformations": [{"id": "renameByRegex", "options": {"regex": "(.*) rx", "renamePattern": "$1 received"}}]}));
        let a = result(
            "A",
            "matrix",
            r#"[{"metric":{"pod":"p1"},"values":[[1767225540,"3"],[1767225555,"1"]]}]"#,
        );
        let out = evaluate(&p, &[plan("A", "{{pod}} rx")], &[a], &env());
        let PanelView::TimeSeries(ts) = &out.view else {
            panic!("{:?}", out.view)
        };
        assert_eq!(ts.legend[0].name, "p1 received");
        assert_eq!(ts.chart.series[0].values.len(), 2);
    }
}

#[test]
fn ids_missing_or_duplicated_get_fresh_ones() {
    let imp = import(
        json!({"panels": [{"id": 3, "type": "stat"}, {"id": 3, "type": "stat"}, {"type": "stat"}]}),
    );
    let ids: Vec<u32> = imp.dashboard.panels().map(|p| p.id).collect();
    assert_eq!(ids, [3, 4, 5]);
    assert_eq!(
        imp.diagnostics
            .iter()
            .filter(|d| d.field.ends_with(".id"))
            .count(),
        2
    );
}

#[test]
fn dashboard_level() {
    let imp = import(json!({
        "uid": "abc", "title": "T", "tags": ["a"], "time": {"from": "now-1h", "to": "now"}, "refresh": "30s",
        "timezone": "utc", "graphTooltip": 1,
        "links": [{"title": "Docs", "url": "https://x", "type": "link", "targetBlank": true}, {"type": "dashboards", "tags": ["k8s"], "asDropdown": true, "title": "K8s", "keepTime": true}],
        "annotations": {"list": [
            {"builtIn": 1, "datasource": "-- Grafana --", "name": "Annotations & Alerts", "enable": true},
            {"name": "Deploys", "datasource": "prom", "expr": "changes(build_info[5m]) > 0", "titleFormat": "{{version}}", "tagKeys": "job, instance", "step": "60s", "iconColor": "blue", "enable": false}
        ]},
        "templating": {"list": [
            {"name": "job", "type": "query", "query": {"query": "label_values(up, job)", "qryType": 1}, "regex": "/(.*)/", "sort": 1, "multi": true, "includeAll": true, "allValue": ".*", "current": {"text": ["a", "b"], "value": ["a", "b"]}},
            {"name": "env", "type": "custom", "query": "Prod : prod,dev", "current": {"text": "Prod", "value": "prod"}},
            {"name": "c", "type": "constant", "query": "42", "hide": 2},
            {"name": "iv", "type": "interval", "query": "1m,5m", "auto": true, "auto_count": 20, "auto_min": "30s"},
            {"name": "t", "type": "textbox", "query": "hello"},
            {"name": "f", "type": "adhoc"}
        ]},
        "panels": []
    }));
    let d = &imp.dashboard;
    assert_eq!(
        (
            d.uid.as_str(),
            d.title.as_str(),
            d.time.from.as_str(),
            d.refresh.as_deref(),
            d.timezone,
            d.shared_crosshair
        ),
        ("abc", "T", "now-1h", Some("30s"), Timezone::Utc, true)
    );
    assert_eq!(d.links.len(), 2);
    let by_tag = &d.links[1];
    assert_eq!(
        (
            by_tag.kind,
            by_tag.tags.clone(),
            by_tag.as_dropdown,
            by_tag.title.as_str(),
            by_tag.keep_time
        ),
        (
            LinkKind::Dashboards,
            vec!["k8s".to_owned()],
            true,
            "K8s",
            true
        )
    );
    assert_eq!(d.annotations.len(), 1);
    let a = &d.annotations[0];
    assert_eq!(
        (
            a.enabled,
            a.tag_keys.clone(),
            a.color.as_str(),
            a.step.as_deref()
        ),
        (
            false,
            vec!["job".to_owned(), "instance".to_owned()],
            "blue",
            Some("60s")
        )
    );
    assert_eq!(d.variables.len(), 5, "adhoc is dropped");
    let job = &d.variables[0];
    assert_eq!(
        job.kind,
        VariableKind::Query {
            datasource: None,
            query: VariableQuery::LabelValues {
                metric: Some("up".to_owned()),
                label: "job".to_owned()
            },
            regex: Some("/(.*)/".to_owned()),
            sort: VariableSort::AlphaAsc
        }
    );
    assert_eq!(
        (
            job.multi,
            job.include_all,
            job.all_value.as_deref(),
            job.current.clone()
        ),
        (true, true, Some(".*"), vec!["a".to_owned(), "b".to_owned()])
    );
    assert_eq!(d.variables[1].current, ["prod"]);
    assert_eq!(d.variables[2].hide, VariableHide::Variable);
    assert_eq!(
        d.variables[3].kind,
        VariableKind::Interval {
            options: vec!["1m".to_owned(), "5m".to_owned()],
            auto: true,
            auto_count: 20,
            auto_min: "30s".to_owned()
        }
    );
    assert_eq!(
        d.variables[4].kind,
        VariableKind::Textbox {
            default: "hello".to_owned()
        }
    );
    assert!(imp
        .diagnostics
        .iter()
        .any(|x| x.field == "templating.list[5]" && x.severity == Severity::Warning));
}

#[test]
fn piechart_modern_options() {
    let (p, d) = one(json!({
        "id": 3, "type": "piechart", "title": "By status",
        "fieldConfig": {"defaults": {"unit": "reqps", "color": {"mode": "palette-classic"}}, "overrides": []},
        "options": {
            "pieType": "donut",
            "displayLabels": ["name", "percent"],
            "legend": {"displayMode": "table", "placement": "bottom", "showLegend": true, "values": ["value", "percent"]},
            "reduceOptions": {"calcs": ["mean"], "fields": "", "values": false},
            "tooltip": {"mode": "multi", "sort": "desc"}
        },
        "targets": [{"expr": "sum by (code) (rate(x[5m]))", "refId": "A"}]
    }));
    let PanelKind::PieChart(o) = &p.kind else {
        panic!("not a pie: {:?}", p.kind)
    };
    assert_eq!(o.pie_type, PieType::Donut);
    assert_eq!(o.reduce.calcs, ["mean"]);
    assert_eq!(o.display_labels, [PieValue::Name, PieValue::Percent]);
    assert_eq!(
        o.legend,
        PieLegend {
            show: true,
            mode: LegendMode::Table,
            placement: LegendPlacement::Bottom,
            values: vec![PieValue::Value, PieValue::Percent],
        }
    );
    assert_eq!(o.tooltip, TooltipMode::Multi);
    assert_eq!(p.field.unit.as_deref(), Some("reqps"));
    assert!(warnings(&d).is_empty(), "{d:?}");
    assert!(d.iter().any(|x| x.message.contains("no hover tooltip")));
    // Native files round-trip the kind.
    let text = serde_json::to_string(&p).unwrap_or_default();
    assert!(text.contains(r#""kind":"pieChart""#), "{text}");
    let back: Panel = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, p);
}

#[test]
fn piechart_legacy_plugin_keys() {
    let (p, d) = one(json!({
        "id": 4, "type": "grafana-piechart-panel", "title": "Old",
        "pieType": "donut", "legendType": "Under graph", "valueName": "total", "format": "bytes",
        "legend": {"show": true, "values": true, "percentage": true},
        "aliasColors": {"200": "#00ff00"},
        "combine": {"label": "Others", "threshold": 0.05},
        "targets": [{"expr": "x", "refId": "A"}]
    }));
    let PanelKind::PieChart(o) = &p.kind else {
        panic!("not a pie: {:?}", p.kind)
    };
    assert_eq!(o.pie_type, PieType::Donut);
    assert_eq!(o.reduce.calcs, ["sum"]);
    assert_eq!(o.legend.placement, LegendPlacement::Bottom);
    assert_eq!(o.legend.values, [PieValue::Value, PieValue::Percent]);
    assert_eq!(p.field.unit.as_deref(), Some("bytes"));
    assert_eq!(
        p.overrides,
        [Override {
            matcher: FieldMatcher::Name("200".into()),
            set: FieldOverride {
                color: Some(ColorMode::Fixed {
                    color: "#00ff00".into()
                }),
                ..FieldOverride::default()
            },
        }]
    );
    assert_eq!(warnings(&d).len(), 1, "{d:?}");
    assert!(warnings(&d)[0].contains("Others"));
    // Modern options win over legacy leftovers of a migrated panel.
    let (p, _) = one(json!({
        "id": 5, "type": "piechart", "pieType": "pie", "valueName": "current",
        "options": {"pieType": "donut", "reduceOptions": {"calcs": ["max"]}},
        "targets": [{"expr": "x", "refId": "A"}]
    }));
    let PanelKind::PieChart(o) = &p.kind else {
        panic!("not a pie")
    };
    assert_eq!(
        (o.pie_type, o.reduce.calcs.as_slice()),
        (PieType::Donut, ["max".to_owned()].as_slice())
    );
}
