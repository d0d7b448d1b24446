//! Layout (rows, grid positions, panel ids) and the modern panel kinds.
//!
//! Contract: top-level `panels` are ordered by `gridPos` (y, then x) as Grafana does on load;
//! a `row` panel starts a new [`Row`] (its own `panels` when collapsed), panels before the
//! first row go into an untitled row. Legacy `rows[]` become rows whose panels are laid out
//! left to right from `span` (12 columns → 24) and the row `height` (px → 30 px units).
//! Row panels are not panels. Every other panel appears exactly once, whatever its type.

use std::collections::HashSet;

use serde_json::Value;

use crate::model::{
    BarGaugeDisplay, BarGaugeOptions, GaugeOptions, GraphMode, GridPos, HeatmapOptions, Legend,
    LegendMode, LegendPlacement, Link, LinkKind, Orientation, Panel, PanelKind, Query, QueryFormat,
    ReduceOptions, Repeat, RepeatDirection, Row, StatColorMode, StatOptions, StatTextMode,
    StateTimelineOptions, TableOptions, TextMode, TextOptions, TimeSeriesOptions, TooltipMode,
    TooltipSort, Transformation,
};

use super::datasource::Ds;
use super::json::{
    arr, get_bool, get_nonempty, get_num, get_str, get_u32, is_blank, short, str_of,
};
use super::Importer;

/// Grafana's grid row height in px, used to turn legacy row heights into grid units.
const GRID_ROW_PX: f64 = 30.0;

impl Importer<'_> {
    pub(crate) fn layout(&mut self, root: &Value) -> Vec<Row> {
        let mut ids = IdAllocator::new(root);
        let mut rows: Vec<Row> = Vec::new();
        if root
            .get("panels")
            .is_some_and(|p| !p.as_array().is_some_and(Vec::is_empty))
            || root.get("rows").is_none()
        {
            let mut order: Vec<(usize, &Value)> = arr(root, "panels").iter().enumerate().collect();
            order.sort_by_key(|(_, p)| {
                let g = p.get("gridPos").unwrap_or(&Value::Null);
                (get_u32(g, "y").unwrap_or(0), get_u32(g, "x").unwrap_or(0))
            });
            let mut current = Row::default();
            for (i, p) in order {
                let path = format!("panels[{i}]");
                if get_str(p, "type").as_deref() == Some("row") {
                    if current.title.is_some() || !current.panels.is_empty() {
                        rows.push(std::mem::take(&mut current));
                    }
                    current = Row {
                        title: Some(get_str(p, "title").unwrap_or_default()),
                        collapsed: get_bool(p, "collapsed").unwrap_or(false),
                        repeat: get_nonempty(p, "repeat"),
                        panels: Vec::new(),
                    };
                    for (j, child) in arr(p, "panels").iter().enumerate() {
                        let cpath = format!("{path}.panels[{j}]");
                        let grid = grid_of(child);
                        let panel = self.panel(child, &cpath, grid, &mut ids);
                        current.panels.push(panel);
                    }
                    continue;
                }
                let grid = grid_of(p);
                let panel = self.panel(p, &path, grid, &mut ids);
                current.panels.push(panel);
            }
            if current.title.is_some() || !current.panels.is_empty() {
                rows.push(current);
            }
        }
        let mut y = 0u32;
        for (r, row) in arr(root, "rows").iter().enumerate() {
            let rpath = format!("rows[{r}]");
            let h_px = row.get("height").and_then(|h| match h {
                Value::String(s) => s.trim().trim_end_matches("px").trim().parse::<f64>().ok(),
                other => super::json::num_of(other),
            });
            let row_h = h_px.map_or(8, |px| ((px / GRID_ROW_PX).round() as u32).max(1));
            let show_title = get_bool(row, "showTitle").unwrap_or(false);
            let title = get_nonempty(row, "title").filter(|_| show_title || r > 0);
            let mut out = Row {
                title,
                collapsed: get_bool(row, "collapse").unwrap_or(false),
                repeat: get_nonempty(row, "repeat"),
                panels: Vec::new(),
            };
            let mut x = 0u32;
            let mut line_h = row_h;
            for (j, p) in arr(row, "panels").iter().enumerate() {
                let path = format!("{rpath}.panels[{j}]");
                let span = get_num(p, "span").unwrap_or(12.0).clamp(1.0, 12.0);
                let w = ((span * 2.0).round() as u32).clamp(1, 24);
                if x + w > 24 {
                    x = 0;
                    y += line_h;
                    line_h = row_h;
                }
                let h = p
                    .get("height")
                    .and_then(|h| match h {
                        Value::String(s) => {
                            s.trim().trim_end_matches("px").trim().parse::<f64>().ok()
                        }
                        other => super::json::num_of(other),
                    })
                    .map_or(row_h, |px| ((px / GRID_ROW_PX).round() as u32).max(1));
                line_h = line_h.max(h);
                let grid = GridPos { x, y, w, h };
                x += w;
                let panel = self.panel(p, &path, grid, &mut ids);
                out.panels.push(panel);
            }
            y += line_h;
            rows.push(out);
        }
        self.panel = None;
        rows
    }

    /// Imports one panel of any type; never fails.
    fn panel(&mut self, p: &Value, path: &str, grid: GridPos, ids: &mut IdAllocator) -> Panel {
        let title = get_str(p, "title").unwrap_or_default();
        let (id, fresh) = ids.take(p.get("id").and_then(super::json::num_of));
        self.panel = Some((id, title.clone()));
        if let Some(old) = fresh {
            let msg = match old {
                Some(o) => format!("panel id {o} is used twice; this panel got id {id}"),
                None => format!("panel has no id; it got id {id}"),
            };
            self.info(&format!("{path}.id"), msg);
        }
        let mut panel = Panel {
            id,
            title,
            description: get_nonempty(p, "description"),
            grid,
            transparent: get_bool(p, "transparent").unwrap_or(false),
            max_data_points: get_u32(p, "maxDataPoints").filter(|n| *n > 0),
            min_interval: get_nonempty(p, "interval"),
            links: self.links(arr(p, "links"), &format!("{path}.links")),
            ..Panel::default()
        };
        if let Some(r) = get_nonempty(p, "repeat") {
            panel.repeat = Some(Repeat {
                variable: r,
                direction: match get_str(p, "repeatDirection").as_deref() {
                    Some("v") => RepeatDirection::Vertical,
                    _ => RepeatDirection::Horizontal,
                },
                max_per_row: get_u32(p, "maxPerRow"),
            });
        }
        let ty = get_str(p, "type").unwrap_or_default();
        let panel_ds = self.datasource(p.get("datasource"), &format!("{path}.datasource"));
        panel.datasource = panel_ds.to_model();
        let drawable = !matches!(
            ty.as_str(),
            "text" | "news" | "dashlist" | "alertlist" | "welcome"
        );
        if drawable {
            panel.queries = self.targets(p, path, &panel_ds);
        }
        for key in ["timeFrom", "timeShift"] {
            if let Some(v) = p.get(key).filter(|v| !is_blank(v)) {
                self.warn(
                    &format!("{path}.{key}"),
                    format!("relative time override `{key}: {}` is not supported; the dashboard time range is used", short(v)),
                );
            }
        }
        if p.get("alert").is_some_and(|a| !is_blank(a)) {
            self.info(
                &format!("{path}.alert"),
                "legacy panel alert is not imported (use a Prometheus rule file)",
            );
        }
        if ty.is_empty() && p.get("libraryPanel").is_some() {
            let name = p
                .get("libraryPanel")
                .and_then(|l| get_str(l, "name"))
                .unwrap_or_default();
            self.warn(
                &format!("{path}.libraryPanel"),
                format!(
                    "library panel `{name}` is not embedded in this file; it cannot be imported"
                ),
            );
            panel.kind = PanelKind::Unsupported {
                grafana_type: "library-panel".to_owned(),
            };
            return panel;
        }
        let fc = p.get("fieldConfig").unwrap_or(&Value::Null);
        let defaults = fc.get("defaults").unwrap_or(&Value::Null);
        let supported = matches!(
            ty.as_str(),
            "timeseries"
                | "graph"
                | "stat"
                | "singlestat"
                | "grafana-singlestat-panel"
                | "gauge"
                | "bargauge"
                | "table"
                | "table-old"
                | "text"
                | "heatmap"
                | "state-timeline"
                | "status-history"
                | "piechart"
                | "grafana-piechart-panel"
        );
        if !supported {
            let shown = if ty.is_empty() {
                "(none)".to_owned()
            } else {
                format!("`{ty}`")
            };
            self.warn(&format!("{path}.type"), format!("panel type {shown} is not supported by promboard; the panel shows as unsupported"));
            panel.kind = PanelKind::Unsupported { grafana_type: ty };
            return panel;
        }
        panel.field = self.field_defaults(defaults, &format!("{path}.fieldConfig.defaults"));
        panel.overrides = self.overrides(
            arr(fc, "overrides"),
            &format!("{path}.fieldConfig.overrides"),
        );
        let opts = p.get("options").unwrap_or(&Value::Null);
        let opath = format!("{path}.options");
        panel.kind = match ty.as_str() {
            "timeseries" => PanelKind::TimeSeries(TimeSeriesOptions {
                legend: self.legend(opts.get("legend"), &format!("{opath}.legend")),
                tooltip: tooltip(opts),
                tooltip_sort: match opts.get("tooltip").and_then(|t| get_str(t, "sort")) {
                    Some(s) if s == "asc" => TooltipSort::Asc,
                    Some(s) if s == "desc" => TooltipSort::Desc,
                    _ => TooltipSort::None,
                },
            }),
            "graph" => self.graph(p, path, &mut panel),
            "singlestat" | "grafana-singlestat-panel" => self.singlestat(p, path, &mut panel),
            "stat" => PanelKind::Stat(StatOptions {
                reduce: self.reduce(opts.get("reduceOptions"), &format!("{opath}.reduceOptions")),
                color_mode: match get_str(opts, "colorMode").as_deref() {
                    Some("background") | Some("background_solid") => StatColorMode::Background,
                    Some("none") => StatColorMode::None,
                    _ => StatColorMode::Value,
                },
                graph_mode: match get_str(opts, "graphMode").as_deref() {
                    Some("none") => GraphMode::None,
                    _ => GraphMode::Area,
                },
                orientation: orientation(opts),
                text_mode: match get_str(opts, "textMode").as_deref() {
                    Some("value") => StatTextMode::Value,
                    Some("value_and_name") => StatTextMode::ValueAndName,
                    Some("name") => StatTextMode::Name,
                    Some("none") => StatTextMode::None,
                    _ => StatTextMode::Auto,
                },
            }),
            "gauge" => PanelKind::Gauge(GaugeOptions {
                reduce: self.reduce(opts.get("reduceOptions"), &format!("{opath}.reduceOptions")),
                show_threshold_markers: get_bool(opts, "showThresholdMarkers").unwrap_or(true),
                show_threshold_labels: get_bool(opts, "showThresholdLabels").unwrap_or(false),
            }),
            "bargauge" => PanelKind::BarGauge(BarGaugeOptions {
                reduce: self.reduce(opts.get("reduceOptions"), &format!("{opath}.reduceOptions")),
                display_mode: match get_str(opts, "displayMode").as_deref() {
                    Some("basic") => BarGaugeDisplay::Basic,
                    Some("lcd") => BarGaugeDisplay::Lcd,
                    _ => BarGaugeDisplay::Gradient,
                },
                orientation: orientation(opts),
            }),
            "table" if p.get("styles").is_some() => self.table_old(p, path, &mut panel),
            "table-old" => self.table_old(p, path, &mut panel),
            "table" => {
                let (t, chain) = self.table(p, path);
                panel.transformations = chain;
                PanelKind::Table(t)
            }
            "text" => PanelKind::Text(self.text(p, path)),
            "heatmap" => PanelKind::Heatmap(self.heatmap(p, path)),
            "piechart" | "grafana-piechart-panel" => self.piechart(p, path, &mut panel),
            _ => {
                if ty == "status-history" {
                    self.info(
                        &format!("{path}.type"),
                        "status history is drawn as a state timeline",
                    );
                }
                PanelKind::StateTimeline(StateTimelineOptions {
                    legend: self.legend(opts.get("legend"), &format!("{opath}.legend")),
                    show_values: get_str(opts, "showValue").as_deref() != Some("never"),
                    merge_values: get_bool(opts, "mergeValues").unwrap_or(ty == "state-timeline"),
                })
            }
        };
        if !matches!(panel.kind, PanelKind::Table(_)) {
            panel.transformations = self.transformations(p, path, None);
        }
        panel
    }

    /// `targets[]` → queries; non-Prometheus and empty targets are dropped with a diagnostic.
    fn targets(&mut self, p: &Value, path: &str, panel_ds: &Ds) -> Vec<Query> {
        let mut out = Vec::new();
        for (i, t) in arr(p, "targets").iter().enumerate() {
            let tpath = format!("{path}.targets[{i}]");
            let ref_id = get_nonempty(t, "refId").unwrap_or_else(|| ref_id_for(i));
            let ds = match t.get("datasource") {
                Some(v) if !v.is_null() => self.datasource(Some(v), &format!("{tpath}.datasource")),
                _ => panel_ds.clone(),
            };
            if let Ds::Other(kind) = &ds {
                self.warn(&tpath, format!("query {ref_id} uses a `{kind}` datasource; promboard only queries Prometheus, so it is dropped"));
                continue;
            }
            let expr = get_str(t, "expr").unwrap_or_default();
            if expr.trim().is_empty() {
                let hidden = get_bool(t, "hide").unwrap_or(false);
                if !hidden
                    && t.as_object().is_some_and(|o| {
                        o.keys().any(|k| {
                            matches!(
                                k.as_str(),
                                "query" | "rawSql" | "target" | "queryType" | "scenarioId"
                            )
                        })
                    })
                {
                    self.warn(
                        &tpath,
                        format!("query {ref_id} has no PromQL `expr`; it is dropped"),
                    );
                } else {
                    self.info(
                        &tpath,
                        format!("query {ref_id} has an empty expression; it is dropped"),
                    );
                }
                continue;
            }
            let range = get_bool(t, "range");
            let instant = get_bool(t, "instant").unwrap_or(false);
            if instant && range == Some(true) {
                self.info(&tpath, format!("query {ref_id} asks for both range and instant results; it runs as a range query"));
            }
            let format = match get_str(t, "format").as_deref() {
                Some("table") => QueryFormat::Table,
                Some("heatmap") => QueryFormat::Heatmap,
                _ => QueryFormat::TimeSeries,
            };
            if let Some(f) = get_num(t, "intervalFactor").filter(|f| *f > 1.0) {
                self.info(
                    &format!("{tpath}.intervalFactor"),
                    format!(
                        "interval factor {f} is not applied (it multiplies the step in Grafana)"
                    ),
                );
            }
            let mut interval = get_nonempty(t, "interval");
            if interval.is_none() {
                if let Some(step) = get_nonempty(t, "step") {
                    self.info(
                        &format!("{tpath}.step"),
                        format!("legacy `step: {step}` is used as the query's minimum interval"),
                    );
                    interval = Some(if step.chars().all(|c| c.is_ascii_digit()) {
                        format!("{step}s")
                    } else {
                        step
                    });
                }
            }
            let target_ds = match (&ds, panel_ds) {
                (a, b) if a == b => None,
                (a, _) => a.to_model(),
            };
            out.push(Query {
                ref_id,
                expr,
                legend_format: get_str(t, "legendFormat").unwrap_or_default(),
                instant: instant && range != Some(true),
                format,
                interval,
                hide: get_bool(t, "hide").unwrap_or(false),
                datasource: target_ds,
            });
        }
        out
    }

    pub(crate) fn links(&mut self, list: &[Value], path: &str) -> Vec<Link> {
        let mut out = Vec::new();
        for (i, l) in list.iter().enumerate() {
            let ty = get_str(l, "type").unwrap_or_default();
            let url = get_nonempty(l, "url").or_else(|| get_nonempty(l, "dashUri"));
            let (kind, url) = match (ty.as_str(), url) {
                ("dashboards", _) => (LinkKind::Dashboards, String::new()),
                (_, Some(url)) => (LinkKind::Link, url),
                (_, None) => {
                    self.info(
                        &format!("{path}[{i}]"),
                        format!("link of type `{ty}` without a URL is not carried over"),
                    );
                    continue;
                }
            };
            out.push(Link {
                title: get_str(l, "title").unwrap_or_default(),
                url,
                tooltip: get_nonempty(l, "tooltip"),
                target_blank: get_bool(l, "targetBlank").unwrap_or(false),
                keep_time: get_bool(l, "keepTime").unwrap_or(false),
                include_vars: get_bool(l, "includeVars").unwrap_or(false),
                kind,
                tags: arr(l, "tags").iter().filter_map(str_of).collect(),
                as_dropdown: get_bool(l, "asDropdown").unwrap_or(false),
            });
        }
        out
    }

    pub(crate) fn legend(&mut self, v: Option<&Value>, path: &str) -> Legend {
        let mut l = Legend::default();
        let Some(v) = v else {
            return l;
        };
        l.show = get_bool(v, "showLegend").unwrap_or(true);
        match get_str(v, "displayMode").as_deref() {
            Some("table") => l.mode = LegendMode::Table,
            Some("hidden") => l.show = false,
            _ => {}
        }
        if get_bool(v, "asTable") == Some(true) {
            l.mode = LegendMode::Table;
        }
        l.placement = match get_str(v, "placement").as_deref() {
            Some("right") => LegendPlacement::Right,
            _ => LegendPlacement::Bottom,
        };
        l.calcs = arr(v, "calcs")
            .iter()
            .filter_map(str_of)
            .map(|c| reducer_id(&c))
            .collect();
        if let Some(s) = get_nonempty(v, "sortBy") {
            self.info(
                &format!("{path}.sortBy"),
                format!("legend sort by `{s}` is not carried over"),
            );
        }
        l
    }

    pub(crate) fn reduce(&mut self, v: Option<&Value>, path: &str) -> ReduceOptions {
        let mut r = ReduceOptions::default();
        let Some(v) = v else {
            return r;
        };
        let calcs: Vec<String> = arr(v, "calcs")
            .iter()
            .filter_map(str_of)
            .map(|c| reducer_id(&c))
            .collect();
        if !calcs.is_empty() {
            r.calcs = calcs;
        }
        r.values = get_bool(v, "values").unwrap_or(false);
        r.limit = get_u32(v, "limit");
        if let Some(f) = get_nonempty(v, "fields") {
            if f != "/.*/" && f != "Value" && f != "/^Value$/" {
                self.warn(
                    &format!("{path}.fields"),
                    format!("field filter `{f}` is not supported; every numeric field is shown"),
                );
            }
        }
        r
    }

    fn table(&mut self, p: &Value, path: &str) -> (TableOptions, Vec<Transformation>) {
        let opts = p.get("options").unwrap_or(&Value::Null);
        let mut t = TableOptions {
            show_header: get_bool(opts, "showHeader").unwrap_or(true),
            ..TableOptions::default()
        };
        if let Some(first) = arr(opts, "sortBy").first() {
            t.sort_by = get_nonempty(first, "displayName");
            t.sort_desc = get_bool(first, "desc").unwrap_or(false);
        }
        if let Some(f) = opts.get("footer") {
            if get_bool(f, "show") == Some(true) {
                self.info(
                    &format!("{path}.options.footer"),
                    "table footer is not carried over",
                );
            }
        }
        let chain = self.transformations(p, path, Some(&mut t));
        (t, chain)
    }

    /// `transformations[]` → the panel's transformation chain. A table whose only
    /// transformations are `organize` keeps them as column options; any transformation
    /// promboard does not evaluate drops the whole chain with a warning naming it (a partial
    /// chain would show data Grafana never shows).
    fn transformations(
        &mut self,
        p: &Value,
        path: &str,
        mut table: Option<&mut TableOptions>,
    ) -> Vec<Transformation> {
        let mut chain = Vec::new();
        let mut unsupported = Vec::new();
        let mut organize_only = true;
        for (i, tr) in arr(p, "transformations").iter().enumerate() {
            let tpath = format!("{path}.transformations[{i}]");
            let id = get_str(tr, "id").unwrap_or_default();
            if get_bool(tr, "disabled") == Some(true) {
                self.info(&tpath, format!("disabled transformation `{id}` is skipped"));
                continue;
            }
            let o = tr.get("options").unwrap_or(&Value::Null);
            organize_only &= id == "organize";
            match transformation(&id, o) {
                Some(t) => chain.push((tpath, t)),
                None => unsupported.push((tpath, id)),
            }
        }
        if !unsupported.is_empty() || (organize_only && table.is_some()) {
            for (tpath, t) in &chain {
                let Transformation::Organize {
                    exclude,
                    index,
                    rename,
                } = t
                else {
                    continue;
                };
                let Some(table) = table.as_deref_mut() else {
                    continue;
                };
                table.hidden_columns.extend(exclude.iter().cloned());
                table.renames.extend(rename.iter().cloned());
                if !index.is_empty() {
                    self.info(
                        &format!("{tpath}.options.indexByName"),
                        "column order is not carried over",
                    );
                }
            }
            for (tpath, id) in unsupported {
                self.warn(
                    &tpath,
                    format!(
                        "transformation `{id}` is not supported; the data is shown untransformed"
                    ),
                );
            }
            return Vec::new();
        }
        chain.into_iter().map(|(_, t)| t).collect()
    }

    fn text(&mut self, p: &Value, path: &str) -> TextOptions {
        let opts = p.get("options").unwrap_or(&Value::Null);
        let content = get_str(opts, "content")
            .or_else(|| get_str(p, "content"))
            .unwrap_or_default();
        let mode_s = get_str(opts, "mode")
            .or_else(|| get_str(p, "mode"))
            .unwrap_or_else(|| "markdown".to_owned());
        let mode = match mode_s.as_str() {
            "html" => {
                self.info(
                    &format!("{path}.options.mode"),
                    "HTML content is shown as plain text (promboard never renders raw HTML)",
                );
                TextMode::Html
            }
            "markdown" => TextMode::Markdown,
            _ => TextMode::Plain,
        };
        TextOptions { mode, content }
    }

    fn heatmap(&mut self, p: &Value, path: &str) -> HeatmapOptions {
        let opts = p.get("options").unwrap_or(&Value::Null);
        let mut h = HeatmapOptions {
            scheme: opts.get("color").and_then(|c| get_nonempty(c, "scheme")),
            show_legend: opts
                .get("legend")
                .and_then(|l| get_bool(l, "show"))
                .unwrap_or(true),
        };
        if opts.is_null() || opts.get("color").is_none() {
            // Pre-v9 heatmap: colour at the top level, `interpolateOranges` style names.
            if let Some(c) = p.get("color") {
                h.scheme = get_nonempty(c, "colorScheme")
                    .map(|s| s.trim_start_matches("interpolate").to_owned());
                if get_str(c, "mode").as_deref() == Some("opacity") {
                    self.info(
                        &format!("{path}.color.mode"),
                        "opacity colour mode is drawn with the scheme",
                    );
                }
            }
            if let Some(l) = p.get("legend") {
                h.show_legend = get_bool(l, "show").unwrap_or(true);
            }
        }
        if get_bool(opts, "calculate") == Some(true) {
            self.warn(&format!("{path}.options.calculate"), "heatmap bucket calculation from raw series is not supported; series are drawn as given buckets");
        }
        h
    }
}

/// Grafana's legacy reducer names → current ids.
pub(crate) fn reducer_id(s: &str) -> String {
    match s {
        "current" => "lastNotNull",
        "avg" => "mean",
        "total" => "sum",
        "first" => "firstNotNull",
        other => other,
    }
    .to_owned()
}

fn tooltip(opts: &Value) -> TooltipMode {
    match opts
        .get("tooltip")
        .and_then(|t| get_str(t, "mode"))
        .as_deref()
    {
        Some("multi") => TooltipMode::Multi,
        Some("none") | Some("hidden") => TooltipMode::None,
        _ => TooltipMode::Single,
    }
}

fn orientation(opts: &Value) -> Orientation {
    match get_str(opts, "orientation").as_deref() {
        Some("horizontal") => Orientation::Horizontal,
        Some("vertical") => Orientation::Vertical,
        _ => Orientation::Auto,
    }
}

fn grid_of(p: &Value) -> GridPos {
    let d = GridPos::default();
    let Some(g) = p.get("gridPos") else {
        return d;
    };
    GridPos {
        x: get_u32(g, "x").unwrap_or(d.x).min(23),
        y: get_u32(g, "y").unwrap_or(d.y),
        w: get_u32(g, "w").unwrap_or(d.w).clamp(1, 24),
        h: get_u32(g, "h").unwrap_or(d.h).max(1),
    }
}

/// `A`, `B`, … `Z`, `AA`, … for targets without a refId.
fn ref_id_for(i: usize) -> String {
    let mut n = i;
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.iter().rev().collect()
}

/// Keeps Grafana's panel ids; hands out fresh ones for missing or repeated ids.
pub(crate) struct IdAllocator {
    used: HashSet<u32>,
    next: u32,
}

impl IdAllocator {
    fn new(root: &Value) -> Self {
        let mut max = 0u32;
        let mut visit = |p: &Value| {
            if let Some(id) = get_u32(p, "id") {
                max = max.max(id);
            }
        };
        for p in arr(root, "panels") {
            visit(p);
            arr(p, "panels").iter().for_each(&mut visit);
        }
        for r in arr(root, "rows") {
            arr(r, "panels").iter().for_each(&mut visit);
        }
        Self {
            used: HashSet::new(),
            next: max.saturating_add(1),
        }
    }

    /// The id to use, plus `Some(original)` when a fresh one was assigned.
    fn take(&mut self, wanted: Option<f64>) -> (u32, Option<Option<u32>>) {
        let wanted = wanted
            .filter(|n| *n >= 0.0 && *n <= f64::from(u32::MAX) && n.fract() == 0.0)
            .map(|n| n as u32);
        if let Some(id) = wanted {
            if self.used.insert(id) {
                return (id, None);
            }
        }
        while !self.used.insert(self.next) {
            self.next = self.next.saturating_add(1);
        }
        (self.next, Some(wanted))
    }
}

/// One Grafana transformation, if promboard evaluates it (see `model::transform`).
fn transformation(id: &str, o: &Value) -> Option<Transformation> {
    use crate::model::{BinaryOp, Calculation, NameFilter, ValueFilter, ValueTest};
    let names_of = |v: Option<&Value>| -> Option<NameFilter> {
        let v = v?;
        let names: Vec<String> = arr(v, "names").iter().filter_map(str_of).collect();
        let pattern = get_nonempty(v, "pattern");
        (!names.is_empty() || pattern.is_some()).then_some(NameFilter { names, pattern })
    };
    let map_of = |key: &str| -> Vec<(String, &Value)> {
        o.get(key)
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
            .unwrap_or_default()
    };
    Some(match id {
        "merge" => Transformation::Merge,
        "organize" => Transformation::Organize {
            exclude: map_of("excludeByName")
                .into_iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k)
                .collect(),
            index: map_of("indexByName")
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_i64()?)))
                .collect(),
            rename: map_of("renameByName")
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_str()?.to_owned())))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        },
        "renameByRegex" => Transformation::RenameByRegex {
            regex: get_nonempty(o, "regex")?,
            rename_pattern: get_str(o, "renamePattern").unwrap_or_default(),
        },
        "filterFieldsByName" => {
            if o.get("byVariable").and_then(Value::as_bool) == Some(true) {
                return None;
            }
            Transformation::FilterFieldsByName {
                include: names_of(o.get("include")),
                exclude: names_of(o.get("exclude")),
            }
        }
        "filterByValue" => {
            let mut filters = Vec::new();
            for f in arr(o, "filters") {
                let field = get_nonempty(f, "fieldName")?;
                let config = f.get("config")?;
                let opts = config.get("options").unwrap_or(&Value::Null);
                let num = |k: &str| get_num(opts, k);
                let test = match get_str(config, "id")?.as_str() {
                    "isNull" => ValueTest::IsNull,
                    "isNotNull" => ValueTest::IsNotNull,
                    "greater" => ValueTest::Greater(num("value")?),
                    "greaterOrEqual" => ValueTest::GreaterOrEqual(num("value")?),
                    "lower" => ValueTest::Lower(num("value")?),
                    "lowerOrEqual" => ValueTest::LowerOrEqual(num("value")?),
                    "equal" => ValueTest::Equal(str_of(opts.get("value")?)?),
                    "notEqual" => ValueTest::NotEqual(str_of(opts.get("value")?)?),
                    "range" => ValueTest::Range(num("from")?, num("to")?),
                    "regex" => ValueTest::Regex(str_of(opts.get("value")?)?),
                    _ => return None,
                };
                filters.push(ValueFilter { field, test });
            }
            Transformation::FilterByValue {
                filters,
                include: get_str(o, "type").as_deref() != Some("exclude"),
                match_all: get_str(o, "match").as_deref() == Some("all"),
            }
        }
        "groupBy" => {
            let mut group_by = Vec::new();
            let mut aggregate = Vec::new();
            for (name, f) in map_of("fields") {
                let reducers: Vec<String> = arr(f, "aggregations")
                    .iter()
                    .filter_map(str_of)
                    .map(|r| reducer_id(&r))
                    .collect();
                match get_str(f, "operation").as_deref() {
                    Some("groupby") => group_by.push(name),
                    Some("aggregate") if !reducers.is_empty() => aggregate.push((name, reducers)),
                    _ => {}
                }
            }
            Transformation::GroupBy {
                group_by,
                aggregate,
            }
        }
        "reduce" => Transformation::Reduce {
            reducers: arr(o, "reducers")
                .iter()
                .filter_map(str_of)
                .map(|r| reducer_id(&r))
                .collect(),
            series_to_rows: get_str(o, "mode").as_deref() != Some("reduceFields"),
            include_time: get_bool(o, "includeTimeField").unwrap_or(false),
            labels_to_fields: get_bool(o, "labelsToFields").unwrap_or(false),
        },
        "calculateField" => {
            let operand = |v: Option<&Value>| -> Option<String> {
                let v = v?;
                if let Some(s) = str_of(v) {
                    return Some(s);
                }
                v.get("fixed").and_then(str_of).or_else(|| {
                    v.get("matcher")
                        .and_then(|m| m.get("options"))
                        .and_then(str_of)
                })
            };
            let calc = match get_str(o, "mode").as_deref() {
                None | Some("reduceRow") => {
                    let r = o.get("reduce").unwrap_or(&Value::Null);
                    Calculation::ReduceRow {
                        reducer: reducer_id(&get_str(r, "reducer").unwrap_or_else(|| "sum".into())),
                        include: arr(r, "include").iter().filter_map(str_of).collect(),
                    }
                }
                Some("binary") => {
                    let b = o.get("binary")?;
                    Calculation::Binary {
                        left: operand(b.get("left"))?,
                        op: BinaryOp::parse(&get_str(b, "operator").unwrap_or_else(|| "+".into()))?,
                        right: operand(b.get("right"))?,
                    }
                }
                Some(_) => return None,
            };
            Transformation::CalculateField {
                calc,
                alias: get_nonempty(o, "alias"),
                replace_fields: get_bool(o, "replaceFields").unwrap_or(false),
            }
        }
        "sortBy" => {
            let first = arr(o, "sort").first()?;
            Transformation::SortBy {
                field: get_nonempty(first, "field")?,
                desc: get_bool(first, "desc").unwrap_or(false),
            }
        }
        "limit" => Transformation::Limit {
            n: get_num(o, "limitField").map_or(10, |n| n.max(0.0) as usize),
        },
        "labelsToFields" => {
            if get_str(o, "mode").as_deref() == Some("rows") {
                return None;
            }
            Transformation::LabelsToFields {
                value_label: get_nonempty(o, "valueLabel"),
                keep: arr(o, "keepLabels").iter().filter_map(str_of).collect(),
            }
        }
        "joinByField" | "seriesToColumns" => Transformation::JoinByField {
            by_field: get_nonempty(o, "byField"),
            inner: get_str(o, "mode").as_deref() == Some("inner"),
        },
        "seriesToRows" => Transformation::SeriesToRows,
        _ => return None,
    })
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn ref_ids() {
        for (i, want) in [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB")] {
            assert_eq!(ref_id_for(i), want);
        }
    }

    #[test]
    fn reducer_names() {
        for (from, to) in [
            ("current", "lastNotNull"),
            ("avg", "mean"),
            ("total", "sum"),
            ("max", "max"),
        ] {
            assert_eq!(reducer_id(from), to);
        }
    }
}
