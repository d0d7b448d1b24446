//! Legacy (Angular) panels: `graph` → time series, `singlestat` → stat (or gauge),
//! `table-old` (and `table` with `styles`) → table with overrides.
//!
//! Contract: follows Grafana's own auto-migrations where they exist: graph `fill` 0–10 →
//! `fillOpacity` ×10, `yaxes[0]` → unit/min/max/log scale, `seriesOverrides` with `yaxis: 2` →
//! a right-axis override, `aliasColors` → fixed-colour overrides, legend values → legend calcs;
//! singlestat `thresholds: "80,90"` + `colors[3]` → threshold steps with a null base,
//! `valueName` → reducer, `valueMaps`/`rangeMaps` → mappings. Values already present in
//! `fieldConfig.defaults` win over the legacy ones.

use serde_json::Value;

use crate::model::{
    AxisPlacement, ColorMode, DrawStyle, FieldMatcher, FieldOverride, GaugeOptions, GraphMode,
    Legend, LegendMode, LegendPlacement, MappingResult, Override, Panel, PanelKind, ScaleKind,
    Stacking, StatColorMode, StatOptions, TableOptions, ThresholdStep, Thresholds, ThresholdsMode,
    ThresholdsStyle, TimeSeriesOptions, TooltipMode, TooltipSort, ValueMapping,
};

use super::fields::sort_steps;
use super::json::{arr, get_bool, get_nonempty, get_num, get_str, is_blank, num_of, short, str_of};
use super::panels::reducer_id;
use super::Importer;

/// A series alias: `/regex/` or a plain name.
fn alias_matcher(alias: &str) -> FieldMatcher {
    match alias.strip_prefix('/').and_then(|a| a.rsplit_once('/')) {
        Some((re, _flags)) if alias.len() > 1 => FieldMatcher::Regex(re.to_owned()),
        _ => FieldMatcher::Name(alias.to_owned()),
    }
}

impl Importer<'_> {
    pub(crate) fn graph(&mut self, p: &Value, path: &str, panel: &mut Panel) -> PanelKind {
        let has_fc_unit = panel.field.unit.is_some();
        let s = &mut panel.field.style;
        let lines = get_bool(p, "lines").unwrap_or(true);
        let bars = get_bool(p, "bars").unwrap_or(false);
        let points = get_bool(p, "points").unwrap_or(false);
        s.draw_style = if bars && !lines {
            DrawStyle::Bars
        } else if points && !lines {
            DrawStyle::Points
        } else {
            DrawStyle::Line
        };
        if bars && lines {
            self.info(
                &format!("{path}.bars"),
                "bars and lines together are drawn as lines",
            );
        }
        let s = &mut panel.field.style;
        if let Some(fill) = get_num(p, "fill") {
            s.fill_opacity = (fill * 10.0).clamp(0.0, 100.0);
        }
        if let Some(w) = get_num(p, "linewidth") {
            s.line_width = w;
        }
        if let Some(r) = get_num(p, "pointradius") {
            s.point_size = r * 2.0;
        }
        if points && lines {
            s.show_points = crate::model::ShowPoints::Always;
        }
        if get_bool(p, "stack") == Some(true) {
            s.stacking = if get_bool(p, "percentage") == Some(true) {
                Stacking::Percent
            } else {
                Stacking::Normal
            };
        }
        match get_str(p, "nullPointMode").as_deref() {
            Some("connected") => s.span_nulls_ms = Some(i64::MAX),
            // Only differs where samples are missing: a gap instead of a drop to zero.
            Some("null as zero") => self.info(
                &format!("{path}.nullPointMode"),
                "`null as zero` is not supported; missing samples show as gaps",
            ),
            _ => {}
        }
        if get_bool(p, "steppedLine") == Some(true) {
            self.info(
                &format!("{path}.steppedLine"),
                "stepped lines are drawn as straight lines",
            );
        }
        if get_bool(p, "dashes") == Some(true) {
            self.info(&format!("{path}.dashes"), "dashed lines are drawn solid");
        }
        if let Some(d) = get_num(p, "decimals").filter(|d| *d >= 0.0) {
            if panel.field.decimals.is_none() {
                panel.field.decimals = Some(d.round() as u32);
            }
        }
        let yaxes = arr(p, "yaxes");
        if let Some(y0) = yaxes.first() {
            if !has_fc_unit {
                panel.field.unit = get_nonempty(y0, "format");
            }
            if panel.field.min.is_none() {
                panel.field.min = get_num(y0, "min");
            }
            if panel.field.max.is_none() {
                panel.field.max = get_num(y0, "max");
            }
            if let Some(base) = get_num(y0, "logBase").filter(|b| *b > 1.0) {
                panel.field.style.scale = ScaleKind::Log { base };
            }
            if let Some(label) = get_nonempty(y0, "label") {
                panel.field.style.axis_label = Some(label);
            }
            if get_bool(y0, "show") == Some(false) {
                panel.field.style.axis_placement = AxisPlacement::Hidden;
            }
        }
        let right_axis: Option<FieldOverride> = yaxes.get(1).map(|y1| FieldOverride {
            axis_placement: Some(AxisPlacement::Right),
            unit: get_nonempty(y1, "format").filter(|u| Some(u) != panel.field.unit.as_ref()),
            min: get_num(y1, "min"),
            max: get_num(y1, "max"),
            ..FieldOverride::default()
        });
        if let Some(x) = p.get("xaxis") {
            if let Some(mode) = get_nonempty(x, "mode").filter(|m| m != "time") {
                self.warn(
                    &format!("{path}.xaxis.mode"),
                    format!("x-axis mode `{mode}` is not supported; drawn over time"),
                );
            }
        }
        // Legacy threshold lines.
        let mut steps = Vec::new();
        for (i, t) in arr(p, "thresholds").iter().enumerate() {
            let Some(v) = get_num(t, "value") else {
                continue;
            };
            let color = match get_str(t, "colorMode").as_deref() {
                Some("critical") => "red".to_owned(),
                Some("warning") => "orange".to_owned(),
                Some("ok") => "green".to_owned(),
                _ => get_nonempty(t, "lineColor")
                    .or_else(|| get_nonempty(t, "fillColor"))
                    .unwrap_or_else(|| "red".to_owned()),
            };
            if get_str(t, "op").as_deref() == Some("lt") {
                self.info(
                    &format!("{path}.thresholds[{i}].op"),
                    "a `lt` threshold is drawn as `gt`",
                );
            }
            steps.push(ThresholdStep {
                value: Some(v),
                color,
            });
        }
        if !steps.is_empty() && panel.field.thresholds.is_none() {
            sort_steps(&mut steps);
            if let Some(base) = steps.first_mut() {
                base.color = "transparent".to_owned();
            }
            panel.field.thresholds = Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps,
            });
            panel.field.style.thresholds_style = ThresholdsStyle::LineAndArea;
        }
        // Series overrides.
        for (i, so) in arr(p, "seriesOverrides").iter().enumerate() {
            let spath = format!("{path}.seriesOverrides[{i}]");
            let Some(alias) = get_nonempty(so, "alias") else {
                self.info(&spath, "series override without an alias is skipped");
                continue;
            };
            let mut set = FieldOverride::default();
            let Some(obj) = so.as_object() else { continue };
            for (k, v) in obj {
                match k.as_str() {
                    "alias" | "$$hashKey" => {}
                    "yaxis" => {
                        if num_of(v) == Some(2.0) {
                            if let Some(r) = &right_axis {
                                set.axis_placement = r.axis_placement;
                                set.unit = r.unit.clone();
                                set.min = r.min;
                                set.max = r.max;
                            } else {
                                set.axis_placement = Some(AxisPlacement::Right);
                            }
                        }
                    }
                    "color" => set.color = str_of(v).map(|color| ColorMode::Fixed { color }),
                    "fill" => set.fill_opacity = num_of(v).map(|f| (f * 10.0).clamp(0.0, 100.0)),
                    "linewidth" => set.line_width = num_of(v),
                    "lines" if v.as_bool() == Some(false) => {
                        set.draw_style = Some(DrawStyle::Points)
                    }
                    "bars" if v.as_bool() == Some(true) => set.draw_style = Some(DrawStyle::Bars),
                    "points" if v.as_bool() == Some(true) && set.draw_style.is_none() => {
                        set.draw_style = Some(DrawStyle::Points)
                    }
                    "lines" | "bars" | "points" => {}
                    "stack" => {
                        set.stacking = Some(match v {
                            Value::Bool(false) => Stacking::None,
                            _ => Stacking::Normal,
                        })
                    }
                    "hiddenSeries" => set.hidden = v.as_bool(),
                    "legend" | "hideTooltip" | "dashes" | "dashLength" | "spaceLength"
                    | "zindex" | "steppedLine" | "pointradius" | "nullPointMode"
                    | "fillGradient" | "lineWidth" => {
                        if !is_blank(v) {
                            self.info(
                                &format!("{spath}.{k}"),
                                format!("series override `{k}: {}` is not carried over", short(v)),
                            );
                        }
                    }
                    "transform" | "fillBelowTo" => self.info(
                        &format!("{spath}.{k}"),
                        format!("series override `{k}: {}` is not carried over", short(v)),
                    ),
                    other => self.info(
                        &format!("{spath}.{other}"),
                        format!(
                            "series override `{other}: {}` is not carried over",
                            short(v)
                        ),
                    ),
                }
            }
            if set != FieldOverride::default() {
                panel.overrides.push(Override {
                    matcher: alias_matcher(&alias),
                    set,
                });
            }
        }
        if let Some(colors) = p.get("aliasColors").and_then(Value::as_object) {
            for (name, c) in colors {
                if let Some(color) = str_of(c) {
                    panel.overrides.push(Override {
                        matcher: FieldMatcher::Name(name.clone()),
                        set: FieldOverride {
                            color: Some(ColorMode::Fixed { color }),
                            ..FieldOverride::default()
                        },
                    });
                }
            }
        }
        // Legend and tooltip, unless the panel already has modern options.
        let opts = p.get("options").unwrap_or(&Value::Null);
        let legend = if let Some(l) = opts
            .get("legend")
            .filter(|l| l.get("displayMode").is_some() || l.get("showLegend").is_some())
        {
            self.legend(Some(l), &format!("{path}.options.legend"))
        } else if let Some(l) = p.get("legend") {
            let mut calcs = Vec::new();
            for (key, id) in [
                ("min", "min"),
                ("max", "max"),
                ("avg", "mean"),
                ("current", "lastNotNull"),
                ("total", "sum"),
            ] {
                if get_bool(l, key) == Some(true) {
                    calcs.push(id.to_owned());
                }
            }
            let values = get_bool(l, "values").unwrap_or(!calcs.is_empty());
            if !values {
                calcs.clear();
            }
            for key in ["hideEmpty", "hideZero"] {
                if get_bool(l, key) == Some(true) {
                    self.info(
                        &format!("{path}.legend.{key}"),
                        format!("legend `{key}` is not carried over"),
                    );
                }
            }
            if get_nonempty(l, "sort").is_some() {
                self.info(
                    &format!("{path}.legend.sort"),
                    "legend sort order is not carried over",
                );
            }
            Legend {
                show: get_bool(l, "show").unwrap_or(true),
                mode: if get_bool(l, "alignAsTable") == Some(true) {
                    LegendMode::Table
                } else {
                    LegendMode::List
                },
                placement: if get_bool(l, "rightSide") == Some(true) {
                    LegendPlacement::Right
                } else {
                    LegendPlacement::Bottom
                },
                calcs,
            }
        } else {
            Legend::default()
        };
        let tooltip = match p.get("tooltip") {
            Some(t) => match get_bool(t, "shared") {
                Some(true) => TooltipMode::Multi,
                _ => TooltipMode::Single,
            },
            None => TooltipMode::Multi,
        };
        // Legacy `tooltip.sort`: 0 none, 1 descending, 2 ascending.
        let tooltip_sort = match p.get("tooltip").and_then(|t| get_num(t, "sort")) {
            Some(1.0) => TooltipSort::Desc,
            Some(2.0) => TooltipSort::Asc,
            _ => TooltipSort::None,
        };
        PanelKind::TimeSeries(TimeSeriesOptions {
            legend,
            tooltip,
            tooltip_sort,
        })
    }

    pub(crate) fn singlestat(&mut self, p: &Value, path: &str, panel: &mut Panel) -> PanelKind {
        if panel.field.unit.is_none() {
            panel.field.unit = get_nonempty(p, "format");
        }
        if panel.field.decimals.is_none() {
            panel.field.decimals = get_num(p, "decimals")
                .filter(|d| *d >= 0.0)
                .map(|d| d.round() as u32);
        }
        let reducer = reducer_id(&get_nonempty(p, "valueName").unwrap_or_else(|| "avg".to_owned()));
        let calcs = match reducer.as_str() {
            "name" | "last_time" => {
                self.warn(
                    &format!("{path}.valueName"),
                    format!("value `{reducer}` is not supported; the last value is shown"),
                );
                vec!["lastNotNull".to_owned()]
            }
            _ => vec![reducer],
        };
        // Thresholds "80,90" with three colours (below, between, above).
        let colors: Vec<String> = arr(p, "colors").iter().filter_map(str_of).collect();
        let values: Vec<f64> = get_str(p, "thresholds")
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| s.trim().parse::<f64>().ok())
            .collect();
        if panel.field.thresholds.is_none() && !values.is_empty() {
            let color_at = |i: usize| {
                colors
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| ["green", "orange", "red"][i.min(2)].to_owned())
            };
            let mut steps = vec![ThresholdStep {
                value: None,
                color: color_at(0),
            }];
            for (i, v) in values.iter().enumerate() {
                steps.push(ThresholdStep {
                    value: Some(*v),
                    color: color_at(i + 1),
                });
            }
            panel.field.thresholds = Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps,
            });
        }
        let color_background = get_bool(p, "colorBackground").unwrap_or(false);
        let color_value = get_bool(p, "colorValue").unwrap_or(false);
        if (color_background || color_value) && panel.field.thresholds.is_some() {
            panel.field.color = ColorMode::Thresholds;
        }
        // Value and range maps.
        if panel.field.mappings.is_empty() {
            let mapping_type = get_num(p, "mappingType").unwrap_or(1.0);
            let value_maps = arr(p, "valueMaps");
            let range_maps = arr(p, "rangeMaps");
            if mapping_type == 2.0 || (value_maps.is_empty() && !range_maps.is_empty()) {
                for m in range_maps {
                    let text = get_str(m, "text");
                    let from = get_num(m, "from");
                    let to = get_num(m, "to");
                    if text.is_some() && (from.is_some() || to.is_some()) {
                        panel.field.mappings.push(ValueMapping::Range {
                            from,
                            to,
                            result: MappingResult { text, color: None },
                        });
                    }
                }
            } else {
                for m in value_maps {
                    let value = get_str(m, "value").unwrap_or_default();
                    let result = MappingResult {
                        text: get_str(m, "text"),
                        color: None,
                    };
                    if value == "null" {
                        panel.field.mappings.push(ValueMapping::Special {
                            r#match: crate::model::SpecialMatch::Null,
                            result,
                        });
                    } else {
                        panel
                            .field
                            .mappings
                            .push(ValueMapping::Value { value, result });
                    }
                }
            }
        }
        if let Some(nv) = get_nonempty(p, "nullText") {
            panel.field.no_value.get_or_insert(nv);
        }
        for key in ["prefix", "postfix"] {
            if let Some(v) = get_nonempty(p, key) {
                self.warn(
                    &format!("{path}.{key}"),
                    format!("{key} text `{v}` is not shown"),
                );
            }
        }
        if get_str(p, "tableColumn").is_some_and(|c| !c.is_empty()) {
            self.info(
                &format!("{path}.tableColumn"),
                "table column selection is not carried over",
            );
        }
        let sparkline = p
            .get("sparkline")
            .and_then(|s| get_bool(s, "show"))
            .unwrap_or(false);
        let reduce = crate::model::ReduceOptions {
            calcs,
            ..Default::default()
        };
        if let Some(g) = p.get("gauge").filter(|g| get_bool(g, "show") == Some(true)) {
            if panel.field.min.is_none() {
                panel.field.min = get_num(g, "minValue");
            }
            if panel.field.max.is_none() {
                panel.field.max = get_num(g, "maxValue");
            }
            if panel.field.thresholds.is_some() {
                panel.field.color = ColorMode::Thresholds;
            }
            return PanelKind::Gauge(GaugeOptions {
                reduce,
                show_threshold_markers: get_bool(g, "thresholdMarkers").unwrap_or(true),
                show_threshold_labels: get_bool(g, "thresholdLabels").unwrap_or(false),
            });
        }
        let color_mode = if color_background {
            StatColorMode::Background
        } else if color_value {
            StatColorMode::Value
        } else {
            StatColorMode::None
        };
        if color_mode == StatColorMode::None {
            if let Some(c) = p
                .get("sparkline")
                .and_then(|s| get_nonempty(s, "lineColor"))
            {
                panel.field.color = ColorMode::Fixed { color: c };
            }
        }
        PanelKind::Stat(StatOptions {
            reduce,
            color_mode,
            graph_mode: if sparkline {
                GraphMode::Area
            } else {
                GraphMode::None
            },
            ..StatOptions::default()
        })
    }

    /// `table-old` styles → overrides; `/.*/` (or the last catch-all) → defaults.
    pub(crate) fn table_old(&mut self, p: &Value, path: &str, panel: &mut Panel) -> PanelKind {
        let mut t = TableOptions {
            show_header: true,
            ..TableOptions::default()
        };
        if let Some(sort) = p.get("sort") {
            if let Some(col) = sort.get("col").and_then(num_of) {
                self.info(
                    &format!("{path}.sort"),
                    format!("sorting by column index {col} is not carried over"),
                );
            }
        }
        for (i, st) in arr(p, "styles").iter().enumerate() {
            let spath = format!("{path}.styles[{i}]");
            let pattern = get_str(st, "pattern").unwrap_or_default();
            let ty = get_str(st, "type").unwrap_or_else(|| "number".to_owned());
            let mut set = FieldOverride::default();
            if let Some(alias) = get_nonempty(st, "alias") {
                set.display_name = Some(alias);
            }
            match ty.as_str() {
                "hidden" => set.hidden = Some(true),
                "number" => {
                    set.unit = get_nonempty(st, "unit");
                    set.decimals = get_num(st, "decimals")
                        .filter(|d| *d >= 0.0)
                        .map(|d| d.round() as u32);
                    let values: Vec<f64> =
                        arr(st, "thresholds").iter().filter_map(num_of).collect();
                    let colors: Vec<String> = arr(st, "colors").iter().filter_map(str_of).collect();
                    if !values.is_empty() && get_nonempty(st, "colorMode").is_some() {
                        let color_at =
                            |i: usize| colors.get(i).cloned().unwrap_or_else(|| "green".to_owned());
                        let mut steps = vec![ThresholdStep {
                            value: None,
                            color: color_at(0),
                        }];
                        steps.extend(values.iter().enumerate().map(|(i, v)| ThresholdStep {
                            value: Some(*v),
                            color: color_at(i + 1),
                        }));
                        set.thresholds = Some(Thresholds {
                            mode: ThresholdsMode::Absolute,
                            steps,
                        });
                        set.color = Some(ColorMode::Thresholds);
                    }
                }
                "date" => self.info(
                    &format!("{spath}.type"),
                    "date column format is not carried over; times use the default format",
                ),
                "string" => {
                    if !arr(st, "valueMaps").is_empty() || !arr(st, "mappingType").is_empty() {
                        self.info(
                            &format!("{spath}.valueMaps"),
                            "string value maps of old tables are not carried over",
                        );
                    }
                }
                other => self.info(
                    &format!("{spath}.type"),
                    format!("column style `{other}` is not carried over"),
                ),
            }
            if get_bool(st, "link") == Some(true) {
                self.info(&format!("{spath}.link"), "cell links are not carried over");
            }
            if pattern == "/.*/" || pattern.is_empty() {
                if let Some(u) = set.unit {
                    panel.field.unit.get_or_insert(u);
                }
                if let Some(d) = set.decimals {
                    panel.field.decimals.get_or_insert(d);
                }
                if let Some(th) = set.thresholds {
                    panel.field.thresholds.get_or_insert(th);
                    panel.field.color = ColorMode::Thresholds;
                }
                if set.hidden == Some(true) {
                    self.warn(
                        &format!("{spath}.type"),
                        "a style hiding every column is not carried over",
                    );
                }
                continue;
            }
            if set.hidden == Some(true) && !pattern.starts_with('/') {
                t.hidden_columns.push(pattern.clone());
                continue;
            }
            if set != FieldOverride::default() {
                panel.overrides.push(Override {
                    matcher: alias_matcher(&pattern),
                    set,
                });
            }
        }
        if let Some(tr) =
            get_nonempty(p, "transform").filter(|t| t != "timeseries_to_columns" && t != "table")
        {
            self.warn(
                &format!("{path}.transform"),
                format!("old table transform `{tr}` is not supported"),
            );
        }
        PanelKind::Table(t)
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn alias_matchers() {
        let cases = [
            ("/.*errors.*/", FieldMatcher::Regex(".*errors.*".to_owned())),
            ("/Tx/i", FieldMatcher::Regex("Tx".to_owned())),
            ("Tx", FieldMatcher::Name("Tx".to_owned())),
            ("/", FieldMatcher::Name("/".to_owned())),
        ];
        for (alias, want) in cases {
            assert_eq!(alias_matcher(alias), want, "{alias}");
        }
    }
}
