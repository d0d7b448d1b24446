//! Query answers → a panel's view model, per panel kind.
//!
//! Contract: series keep the order Prometheus returned them in, query by query (as Grafana);
//! each series gets its field config from the panel defaults plus the overrides that match its
//! display name or refId; values are reduced with the panel's first reducer (Grafana's rule);
//! NaN / ±Inf stay in the data (reducers and charts decide how to treat them).

use std::borrow::Cow;
use std::sync::Arc;

use super::{
    BarGaugePanel, EvalEnv, Evaluated, GaugeItem, GaugePanel, LegendItem, PanelView, PiePanel,
    QueryOutcome, QueryPlan, QueryResult, StatItem, StatPanel, TableCell, TablePanel,
    TimeSeriesPanel, ValueItem,
};
use crate::chart::{
    self, AxisSide, AxisSpec, BarGaugeDisplay, BarGaugeView, BarOrientation, BarView, GaugeView,
    HeatmapView, Rgba, SeriesView, StateRegion, StateRow, StateTimelineView, TimeSeriesView,
    ValueFormat,
};
use crate::eval::colors::{self, Theme};
use crate::eval::display::{display, field_display_name, resolve_field, DisplayContext};
use crate::eval::legend::series_names;
use crate::eval::mappings::MapInput;
use crate::eval::reduce::Reducer;
use crate::eval::table::{
    instant_table, Cell, Column, ColumnKind, QueryResult as TableQuery, Table,
};
use crate::eval::transform::{
    self, overrides_for_values, DataFrame, Datum, FieldType, QueryFrames,
};
use crate::eval::units::{self, TimeContext};
use crate::model::{self, FieldConfig, Panel, PanelKind, ReduceOptions};
use crate::prom::types::{Labels, QueryData};

/// One series with everything evaluation needs about it.
struct Frame<'a> {
    name: String,
    labels: Cow<'a, Labels>,
    t_ms: Cow<'a, [i64]>,
    values: Cow<'a, [f64]>,
    field: FieldConfig,
}

/// Evaluates `panel` over its query results (in plan order).
pub fn evaluate(
    panel: &Panel,
    plans: &[QueryPlan],
    results: &[QueryResult],
    env: &EvalEnv,
) -> Evaluated {
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match &r.outcome {
            QueryOutcome::Data(resp) => {
                warnings.extend(resp.warnings.iter().cloned());
                warnings.extend(resp.infos.iter().cloned());
            }
            QueryOutcome::Failed(message) => errors.push((r.ref_id.as_str(), message.as_str())),
            QueryOutcome::Cancelled => {}
        }
    }
    if !errors.is_empty() {
        let error = if results.len() == 1 {
            errors[0].1.to_owned()
        } else {
            errors
                .iter()
                .map(|(id, m)| format!("Query {id}: {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Evaluated {
            view: PanelView::NoData {
                message: String::new(),
            },
            warnings,
            error: Some(error),
        };
    }
    let capped = cap_series(results);
    let results = match &capped {
        Some((capped, total)) => {
            warnings.push(format!(
                "Showing the first {} of {} series: narrow the query (more label matchers, topk, or aggregation) to see the rest",
                units_group(MAX_SERIES),
                units_group(*total)
            ));
            capped.as_slice()
        }
        None => results,
    };
    let step_ms = plans.iter().map(|p| p.step_ms).max().unwrap_or(0);
    if !panel.transformations.is_empty() {
        return Evaluated {
            view: transformed_view(panel, plans, results, step_ms, env),
            warnings,
            error: None,
        };
    }
    let frames = frames(panel, plans, results);
    let view = if frames.iter().all(|f| f.values.iter().all(|v| v.is_nan())) {
        PanelView::NoData {
            message: "No data".into(),
        }
    } else {
        view_for(panel, &frames, results, step_ms, env)
    };
    Evaluated {
        view,
        warnings,
        error: None,
    }
}

/// Most series one panel evaluates and draws (Grafana's panels slow to a crawl well before
/// 100,000; a legend of thousands helps nobody).
pub const MAX_SERIES: usize = 1_000;

/// When `results` hold more than [`MAX_SERIES`] series in all: copies keeping only the first
/// ones in query order, and the total. `None` when nothing needs cutting.
pub fn cap_series(results: &[QueryResult]) -> Option<(Vec<QueryResult>, usize)> {
    let count = |r: &QueryResult| match &r.outcome {
        QueryOutcome::Data(resp) => match &resp.data {
            QueryData::Series(s) => s.len(),
            _ => 0,
        },
        _ => 0,
    };
    let total: usize = results.iter().map(count).sum();
    if total <= MAX_SERIES {
        return None;
    }
    let mut budget = MAX_SERIES;
    let capped = results
        .iter()
        .map(|r| match &r.outcome {
            QueryOutcome::Data(resp) => match &resp.data {
                QueryData::Series(s) => {
                    let keep = s.len().min(budget);
                    budget -= keep;
                    QueryResult {
                        outcome: QueryOutcome::Data(crate::prom::decode::QueryResponse {
                            data: QueryData::Series(s[..keep].to_vec()),
                            warnings: resp.warnings.clone(),
                            infos: resp.infos.clone(),
                        }),
                        ..r.clone_without_data()
                    }
                }
                _ => r.clone(),
            },
            _ => r.clone(),
        })
        .collect();
    Some((capped, total))
}

/// `100000` → `100,000`.
pub(crate) fn units_group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn frames<'a>(
    panel: &'a Panel,
    plans: &'a [QueryPlan],
    results: &'a [QueryResult],
) -> Vec<Frame<'a>> {
    let mut out = Vec::new();
    for (plan, result) in plans.iter().zip(results) {
        let QueryOutcome::Data(resp) = &result.outcome else {
            continue;
        };
        match &resp.data {
            QueryData::Series(series) => {
                let labels: Vec<&Labels> = series.iter().map(|s| &s.labels).collect();
                let names = series_names(&plan.legend_format, &labels, &plan.expr);
                for (s, name) in series.iter().zip(names) {
                    let overrides = overrides_for_values(&panel.overrides, &name, &s.values);
                    let field = resolve_field(&panel.field, &overrides, &name, &plan.ref_id);
                    let name = field_display_name(&field, &name, &s.labels);
                    out.push(Frame {
                        name,
                        labels: Cow::Borrowed(&s.labels),
                        t_ms: Cow::Borrowed(&s.t_ms),
                        values: Cow::Borrowed(&s.values),
                        field,
                    });
                }
            }
            QueryData::Scalar { t_ms, value } => {
                let name = if plan.legend_format.is_empty() {
                    plan.expr.clone()
                } else {
                    plan.legend_format.clone()
                };
                let field = resolve_field(&panel.field, &panel.overrides, &name, &plan.ref_id);
                out.push(Frame {
                    name,
                    labels: Cow::Borrowed(&EMPTY_LABELS),
                    t_ms: Cow::Owned(vec![*t_ms]),
                    values: Cow::Owned(vec![*value]),
                    field,
                });
            }
            QueryData::String { .. } => {}
        }
    }
    out
}

static EMPTY_LABELS: Labels = Labels::new();

fn theme(env: &EvalEnv) -> Theme {
    if env.dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

fn display_ctx(env: &EvalEnv, series_index: usize, frame: &Frame<'_>) -> DisplayContext {
    let finite = frame.values.iter().copied().filter(|v| v.is_finite());
    let (min, max) = finite.fold((None, None), |(lo, hi): (Option<f64>, Option<f64>), v| {
        (
            Some(lo.map_or(v, |l| l.min(v))),
            Some(hi.map_or(v, |h| h.max(v))),
        )
    });
    DisplayContext {
        theme: theme(env),
        time: TimeContext {
            now_ms: env.now_ms,
            tz_offset_min: env.tz_offset_min,
        },
        series_index,
        data_min: min,
        data_max: max,
    }
}

/// A CSS colour from the eval module as the chart module's colour (grey when unparsable).
pub(super) fn css_to_rgba(css: &str) -> Rgba {
    colors::parse_rgba(css)
        .map(|c| Rgba::new(c.r, c.g, c.b, f64::from(c.a) / 255.0))
        .unwrap_or(Rgba::rgb(128, 128, 128))
}

fn reducer_of(opts: &ReduceOptions) -> Reducer {
    opts.calcs
        .first()
        .and_then(|id| id.parse().ok())
        .unwrap_or(Reducer::LastNotNull)
}

fn view_for(
    panel: &Panel,
    frames: &[Frame<'_>],
    results: &[QueryResult],
    step_ms: i64,
    env: &EvalEnv,
) -> PanelView {
    match &panel.kind {
        PanelKind::TimeSeries(opts) => {
            PanelView::TimeSeries(Box::new(time_series(panel, opts, frames, step_ms, env)))
        }
        PanelKind::Stat(opts) => {
            let reducer = reducer_of(&opts.reduce);
            let several = frames.len() > 1;
            let items = frames
                .iter()
                .enumerate()
                .map(|(i, f)| StatItem {
                    value: value_item(
                        f,
                        i,
                        reducer,
                        env,
                        match opts.text_mode {
                            model::StatTextMode::ValueAndName | model::StatTextMode::Name => true,
                            model::StatTextMode::Value | model::StatTextMode::None => false,
                            model::StatTextMode::Auto => several,
                        },
                    ),
                    sparkline: (opts.graph_mode == model::GraphMode::Area && f.values.len() > 1)
                        .then(|| {
                            Arc::new(
                                f.t_ms
                                    .iter()
                                    .copied()
                                    .zip(f.values.iter().copied())
                                    .collect(),
                            )
                        }),
                })
                .collect();
            PanelView::Stat(StatPanel {
                items,
                background: opts.color_mode == model::StatColorMode::Background,
            })
        }
        PanelKind::Gauge(opts) => {
            let reducer = reducer_of(&opts.reduce);
            let several = frames.len() > 1;
            let items = frames
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let value = value_item(f, i, reducer, env, several);
                    let (min, max) = (f.field.min.unwrap_or(0.0), f.field.max.unwrap_or(100.0));
                    GaugeItem {
                        gauge: GaugeView {
                            value: value.numeric.unwrap_or(f64::NAN),
                            min,
                            max,
                            thresholds: threshold_steps(&f.field, env),
                            value_text: value.text.clone(),
                            color: css_to_rgba(&value.color),
                            show_threshold_markers: opts.show_threshold_markers,
                        },
                        value,
                    }
                })
                .collect();
            PanelView::Gauge(GaugePanel { items })
        }
        PanelKind::BarGauge(opts) => {
            let reducer = reducer_of(&opts.reduce);
            let items: Vec<ValueItem> = frames
                .iter()
                .enumerate()
                .map(|(i, f)| value_item(f, i, reducer, env, true))
                .collect();
            let bars = frames
                .iter()
                .zip(&items)
                .map(|(f, v)| BarView {
                    name: v.name.clone(),
                    value: v.numeric.unwrap_or(f64::NAN),
                    min: f.field.min.unwrap_or(0.0),
                    max: f.field.max.unwrap_or(100.0),
                    color: css_to_rgba(&v.color),
                    value_text: v.text.clone(),
                    thresholds: threshold_steps(&f.field, env),
                })
                .collect();
            PanelView::BarGauge(BarGaugePanel {
                items,
                bars: BarGaugeView {
                    bars,
                    display: match opts.display_mode {
                        model::BarGaugeDisplay::Basic => BarGaugeDisplay::Basic,
                        model::BarGaugeDisplay::Gradient => BarGaugeDisplay::Gradient,
                        model::BarGaugeDisplay::Lcd => BarGaugeDisplay::Lcd,
                    },
                    orientation: match opts.orientation {
                        model::Orientation::Vertical => BarOrientation::Vertical,
                        _ => BarOrientation::Horizontal,
                    },
                    show_unfilled: true,
                },
            })
        }
        PanelKind::Table(opts) => table(panel, opts, results, env),
        PanelKind::Heatmap(_) => heatmap(frames, step_ms, env),
        PanelKind::StateTimeline(_) => state_timeline(frames, step_ms, env),
        PanelKind::PieChart(opts) => pie_chart(opts, frames, env),
        PanelKind::Text(_) | PanelKind::Unsupported { .. } => {
            super::static_view(panel).unwrap_or(PanelView::NoData {
                message: String::new(),
            })
        }
    }
}

fn value_item(
    f: &Frame<'_>,
    index: usize,
    reducer: Reducer,
    env: &EvalEnv,
    show_name: bool,
) -> ValueItem {
    let value = reducer.apply(&f.values);
    let shown = display(value, &f.field, &display_ctx(env, index, f));
    ValueItem {
        name: f.name.clone(),
        show_name,
        text: shown.to_string(),
        color: shown
            .color
            .unwrap_or_else(|| colors::series_color(index, theme(env))),
        numeric: value,
    }
}

fn threshold_steps(field: &FieldConfig, env: &EvalEnv) -> Vec<chart::ThresholdStep> {
    let Some(t) = &field.thresholds else {
        return Vec::new();
    };
    let mut steps: Vec<_> = t.steps.iter().collect();
    steps.sort_by(|a, b| {
        a.value
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.value.unwrap_or(f64::NEG_INFINITY))
    });
    steps
        .into_iter()
        .map(|s| chart::ThresholdStep {
            value: s.value,
            color: css_to_rgba(&colors::resolve(&s.color, theme(env))),
        })
        .collect()
}

fn unit_format(field: &FieldConfig, env: &EvalEnv) -> ValueFormat {
    let unit = field.unit.clone();
    let decimals = field.decimals;
    let time = TimeContext {
        now_ms: env.now_ms,
        tz_offset_min: env.tz_offset_min,
    };
    ValueFormat::new(move |v| units::format(unit.as_deref(), v, decimals, &time).to_string())
}

fn time_series(
    panel: &Panel,
    opts: &model::TimeSeriesOptions,
    frames: &[Frame<'_>],
    step_ms: i64,
    env: &EvalEnv,
) -> TimeSeriesPanel {
    let th = theme(env);
    let mut series = Vec::with_capacity(frames.len());
    let mut legend = Vec::with_capacity(frames.len());
    for (i, f) in frames.iter().enumerate() {
        let ctx = display_ctx(env, i, f);
        let color_css = match &f.field.color {
            model::ColorMode::PaletteClassic => colors::series_color(i, th),
            model::ColorMode::Fixed { color } => colors::resolve(color, th),
            model::ColorMode::Thresholds => crate::eval::display::scale_color(
                Reducer::LastNotNull.apply(&f.values),
                &f.field,
                &ctx,
            ),
        };
        let style = &f.field.style;
        series.push(SeriesView {
            name: f.name.clone(),
            color: css_to_rgba(&color_css),
            t_ms: Cow::Owned(f.t_ms.to_vec()),
            values: Cow::Owned(f.values.to_vec()),
            draw_style: match style.draw_style {
                model::DrawStyle::Line => chart::DrawStyle::Line,
                model::DrawStyle::Bars => chart::DrawStyle::Bars,
                model::DrawStyle::Points => chart::DrawStyle::Points,
            },
            line_width: style.line_width,
            fill_opacity: (style.fill_opacity / 100.0).clamp(0.0, 1.0),
            point_size: style.point_size,
            axis: if style.axis_placement == model::AxisPlacement::Right {
                AxisSide::Right
            } else {
                AxisSide::Left
            },
            hidden: style.hidden,
        });
        let calcs = opts
            .legend
            .calcs
            .iter()
            .filter_map(|id| id.parse::<Reducer>().ok())
            .map(|r| {
                (
                    r.label().to_string(),
                    display(r.apply(&f.values), &f.field, &ctx).to_string(),
                )
            })
            .collect();
        legend.push(LegendItem {
            name: f.name.clone(),
            color: color_css,
            calcs,
        });
    }
    let field = &panel.field;
    let axis = |f: &FieldConfig| AxisSpec {
        min: f.min,
        max: f.max,
        soft_min: f.style.soft_min,
        soft_max: f.style.soft_max,
        log_base: match f.style.scale {
            model::ScaleKind::Log { base } => Some(base),
            model::ScaleKind::Linear => None,
        },
        label: f.style.axis_label.clone(),
        format: unit_format(f, env),
    };
    let right = frames
        .iter()
        .find(|f| f.field.style.axis_placement == model::AxisPlacement::Right)
        .map(|f| axis(&f.field));
    let stacking = match field.style.stacking {
        model::Stacking::None => chart::Stacking::None,
        model::Stacking::Normal => chart::Stacking::Normal,
        model::Stacking::Percent => chart::Stacking::Percent,
    };
    TimeSeriesPanel {
        chart: TimeSeriesView {
            series,
            x_range_ms: (env.from_ms, env.to_ms),
            step_ms,
            y: axis(field),
            right_axis: right,
            thresholds: threshold_steps(field, env),
            thresholds_style: match field.style.thresholds_style {
                model::ThresholdsStyle::Off => chart::ThresholdsStyle::Off,
                model::ThresholdsStyle::Line => chart::ThresholdsStyle::Line,
                model::ThresholdsStyle::Area => chart::ThresholdsStyle::Area,
                model::ThresholdsStyle::LineAndArea => chart::ThresholdsStyle::LineAndArea,
            },
            stacking,
            tz_offset_min: env.tz_offset_min,
            decimate: true,
            regions: Vec::new(),
        },
        legend,
        legend_table: opts.legend.mode == model::LegendMode::Table,
        show_legend: opts.legend.show,
    }
}

fn table(
    panel: &Panel,
    opts: &model::TableOptions,
    results: &[QueryResult],
    env: &EvalEnv,
) -> PanelView {
    let queries: Vec<TableQuery<'_>> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            QueryOutcome::Data(resp) => match &resp.data {
                QueryData::Series(series) => Some(TableQuery {
                    ref_id: &r.ref_id,
                    series,
                }),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let ctx = DisplayContext {
        theme: theme(env),
        time: TimeContext {
            now_ms: env.now_ms,
            tz_offset_min: env.tz_offset_min,
        },
        series_index: 0,
        data_min: None,
        data_max: None,
    };
    let t = instant_table(&queries, &panel.field, &panel.overrides, &ctx);
    finish_table(opts, &t)
}

/// Hidden columns, renames and sorting from the table options, then cells as text.
fn finish_table(opts: &model::TableOptions, t: &Table) -> PanelView {
    let keep: Vec<usize> = (0..t.columns.len())
        .filter(|i| !opts.hidden_columns.contains(&t.columns[*i].name))
        .collect();
    let rename = |name: &str| {
        opts.renames
            .iter()
            .find(|(from, _)| from == name)
            .map_or_else(|| name.to_owned(), |(_, to)| to.clone())
    };
    let mut rows: Vec<Vec<TableCell>> = t
        .rows
        .iter()
        .map(|row| {
            keep.iter()
                .filter_map(|i| row.get(*i))
                .map(|c| TableCell {
                    text: c.display.to_string(),
                    color: None,
                })
                .collect()
        })
        .collect();
    if let Some(col) = opts
        .sort_by
        .as_ref()
        .and_then(|name| keep.iter().position(|i| &t.columns[*i].name == name))
    {
        let raw: Vec<(Option<f64>, String)> = t
            .rows
            .iter()
            .map(|r| {
                let c = r.get(keep[col]);
                (
                    c.and_then(|c| c.raw),
                    c.map(|c| c.raw_text.clone()).unwrap_or_default(),
                )
            })
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|a, b| match (raw[*a].0, raw[*b].0) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => raw[*a].1.cmp(&raw[*b].1),
        });
        if opts.sort_desc {
            order.reverse();
        }
        let mut sorted = Vec::with_capacity(rows.len());
        for i in order {
            sorted.push(std::mem::take(&mut rows[i]));
        }
        rows = sorted;
    }
    PanelView::Table(TablePanel {
        columns: keep.iter().map(|i| rename(&t.columns[*i].name)).collect(),
        rows,
    })
}

/// Prometheus `le` buckets (cumulative, per time) → per-bucket counts per time column.
fn heatmap(frames: &[Frame<'_>], step_ms: i64, env: &EvalEnv) -> PanelView {
    let mut buckets: Vec<(f64, &Frame<'_>)> = frames
        .iter()
        .filter_map(|f| {
            let le = f.labels.get("le")?;
            let bound = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().ok()?
            };
            Some((bound, f))
        })
        .collect();
    if buckets.is_empty() {
        return PanelView::NoData {
            message: "No `le` buckets: a heatmap needs a histogram's _bucket series".into(),
        };
    }
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut t_ms: Vec<i64> = buckets
        .iter()
        .flat_map(|(_, f)| f.t_ms.iter().copied())
        .collect();
    t_ms.sort_unstable();
    t_ms.dedup();
    let value_at = |f: &Frame<'_>, t: i64| -> f64 {
        f.t_ms
            .binary_search(&t)
            .ok()
            .and_then(|i| f.values.get(i).copied())
            .unwrap_or(f64::NAN)
    };
    let counts = t_ms
        .iter()
        .map(|t| {
            let mut prev = 0.0;
            buckets
                .iter()
                .map(|(_, f)| {
                    let cumulative = value_at(f, *t);
                    let count = if cumulative.is_finite() {
                        (cumulative - prev).max(0.0)
                    } else {
                        f64::NAN
                    };
                    if cumulative.is_finite() {
                        prev = cumulative;
                    }
                    count
                })
                .collect()
        })
        .collect();
    let (from, to) = if env.dark {
        (Rgba::rgb(30, 20, 40), Rgba::rgb(250, 180, 60))
    } else {
        (Rgba::rgb(255, 245, 230), Rgba::rgb(200, 60, 20))
    };
    PanelView::Heatmap(HeatmapView {
        x_range_ms: (env.from_ms, env.to_ms),
        t_ms,
        step_ms,
        bucket_labels: buckets
            .iter()
            .map(|(b, _)| {
                if b.is_infinite() {
                    "+Inf".to_owned()
                } else {
                    format!("{b}")
                }
            })
            .collect(),
        counts,
        color_from: from,
        color_to: to,
        sqrt_scale: true,
        tz_offset_min: env.tz_offset_min,
    })
}

/// Grafana's default number of values shown with `reduceOptions.values` and no `limit`.
const DEFAULT_VALUES_LIMIT: usize = 25;

/// Each series reduced to one slice (with `reduce.values`: each of its samples, named by the
/// series and the sample's time, at most `limit`); slices that are NaN, ±Inf, zero or negative
/// are left out (Grafana draws nothing for them) and the percentages share what is left. Colours
/// follow the field config with the slice's index as its palette position.
fn pie_chart(opts: &model::PieOptions, frames: &[Frame<'_>], env: &EvalEnv) -> PanelView {
    let time = TimeContext {
        now_ms: env.now_ms,
        tz_offset_min: env.tz_offset_min,
    };
    let reducer = reducer_of(&opts.reduce);
    let mut raw: Vec<(String, Option<f64>, usize)> = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        if opts.reduce.values {
            for (t, v) in f.t_ms.iter().zip(f.values.iter()) {
                let when = units::format_date(*t as f64, "HH:mm:ss", &time);
                raw.push((format!("{} {when}", f.name), Some(*v), i));
            }
        } else {
            raw.push((f.name.clone(), reducer.apply(&f.values), i));
        }
    }
    if opts.reduce.values {
        let limit = opts
            .reduce
            .limit
            .map_or(DEFAULT_VALUES_LIMIT, |l| l as usize);
        raw.truncate(limit.max(1));
    }
    raw.retain(|(_, v, _)| v.is_some_and(|v| v.is_finite() && v > 0.0));
    if raw.is_empty() {
        return PanelView::NoData {
            message: "No positive values: a pie chart has nothing to show".into(),
        };
    }
    let total: f64 = raw.iter().filter_map(|r| r.1).sum();
    let mut items = Vec::with_capacity(raw.len());
    let mut slices = Vec::with_capacity(raw.len());
    for (slot, (name, value, frame)) in raw.into_iter().enumerate() {
        let f = &frames[frame];
        let shown = display(value, &f.field, &display_ctx(env, slot, f));
        let color = shown
            .color
            .clone()
            .unwrap_or_else(|| colors::series_color(slot, theme(env)));
        let v = value.unwrap_or(f64::NAN);
        let decimals = f.field.decimals.map_or(0, |d| d as usize);
        let percent_text = format!("{:.*}%", decimals, v / total * 100.0);
        slices.push(chart::PieSlice {
            name: name.clone(),
            value: v,
            color: css_to_rgba(&color),
            value_text: shown.to_string(),
            percent_text,
        });
        items.push(ValueItem {
            name,
            show_name: true,
            text: shown.to_string(),
            color,
            numeric: value,
        });
    }
    let legend = &opts.legend;
    PanelView::PieChart(PiePanel {
        items,
        chart: chart::PieView {
            slices,
            donut: opts.pie_type == model::PieType::Donut,
            labels: opts
                .display_labels
                .iter()
                .map(|l| match l {
                    model::PieValue::Name => chart::PieLabel::Name,
                    model::PieValue::Value => chart::PieLabel::Value,
                    model::PieValue::Percent => chart::PieLabel::Percent,
                })
                .collect(),
            legend: legend.show.then(|| chart::PieLegendView {
                placement: match legend.placement {
                    model::LegendPlacement::Right => chart::PieLegendPlacement::Right,
                    model::LegendPlacement::Bottom => chart::PieLegendPlacement::Bottom,
                },
                show_value: legend.values.contains(&model::PieValue::Value),
                show_percent: legend.values.contains(&model::PieValue::Percent),
            }),
        },
    })
}

/// One row per series; consecutive samples with the same display text merge into a region;
/// a missing step (> 1.5 × step) or a NaN ends a region.
fn state_timeline(frames: &[Frame<'_>], step_ms: i64, env: &EvalEnv) -> PanelView {
    let rows = frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let ctx = display_ctx(env, i, f);
            let mut regions: Vec<StateRegion> = Vec::new();
            let mut last_t: Option<i64> = None;
            for (t, v) in f.t_ms.iter().copied().zip(f.values.iter().copied()) {
                let gap =
                    last_t.is_some_and(|lt| step_ms > 0 && (t - lt) as f64 > 1.5 * step_ms as f64);
                last_t = Some(t);
                if v.is_nan() {
                    continue;
                }
                let shown = display(Some(v), &f.field, &ctx);
                let text = shown.to_string();
                let end = t + step_ms.max(1);
                match regions.last_mut() {
                    Some(r) if !gap && r.text == text && r.end_ms >= t => r.end_ms = end,
                    _ => regions.push(StateRegion {
                        start_ms: t,
                        end_ms: end,
                        text,
                        color: css_to_rgba(
                            &shown
                                .color
                                .unwrap_or_else(|| colors::series_color(i, theme(env))),
                        ),
                    }),
                }
            }
            for r in &mut regions {
                r.end_ms = r.end_ms.min(env.to_ms);
            }
            StateRow {
                name: f.name.clone(),
                regions,
            }
        })
        .collect();
    PanelView::StateTimeline(StateTimelineView {
        rows,
        x_range_ms: (env.from_ms, env.to_ms),
        tz_offset_min: env.tz_offset_min,
        row_height: 0.8,
        show_values: true,
    })
}

/// The panel's data as Grafana's data frames, transformed, then drawn by its kind: a table shows
/// the first frame (as Grafana's table does without a frame selector); other kinds draw every
/// number field as a series over its frame's time field.
fn transformed_view(
    panel: &Panel,
    plans: &[QueryPlan],
    results: &[QueryResult],
    step_ms: i64,
    env: &EvalEnv,
) -> PanelView {
    let queries: Vec<QueryFrames<'_>> = plans
        .iter()
        .zip(results)
        .filter_map(|(plan, r)| match &r.outcome {
            QueryOutcome::Data(resp) => Some(QueryFrames {
                ref_id: &plan.ref_id,
                table_format: panel
                    .queries
                    .iter()
                    .find(|q| q.ref_id == plan.ref_id)
                    .is_some_and(|q| q.format == model::QueryFormat::Table),
                legend_format: &plan.legend_format,
                expr: &plan.expr,
                data: &resp.data,
            }),
            _ => None,
        })
        .collect();
    let frames = transform::apply(
        transform::frames_from_queries(&queries),
        &panel.transformations,
    );
    let no_data = || PanelView::NoData {
        message: "No data".into(),
    };
    if let PanelKind::Table(opts) = &panel.kind {
        return match frames.iter().find(|f| !f.is_empty()) {
            Some(f) => finish_table(opts, &frame_table(panel, f, env)),
            None => no_data(),
        };
    }
    let series = frames_to_series(panel, &frames, env);
    if series.iter().all(|f| f.values.iter().all(|v| v.is_nan())) {
        return no_data();
    }
    view_for(panel, &series, results, step_ms, env)
}

/// Every number field of every frame as a series over the frame's time field (the query's end
/// time for frames without one, e.g. after `reduce`).
fn frames_to_series(panel: &Panel, frames: &[DataFrame], env: &EvalEnv) -> Vec<Frame<'static>> {
    let mut out = Vec::new();
    for f in frames {
        let time = f.fields.iter().find(|x| x.kind == FieldType::Time);
        for field in f.fields.iter().filter(|x| x.kind == FieldType::Number) {
            let values: Vec<f64> = field.values.iter().map(Datum::num).collect();
            let t_ms: Vec<i64> = match time {
                Some(t) => t.values.iter().map(|d| d.num() as i64).collect(),
                None => vec![env.to_ms; values.len()],
            };
            let overrides = transform::overrides_for_field(
                &panel.overrides,
                &field.name,
                &field.origin,
                &field.ref_id,
                &values,
            );
            let config = resolve_field(&panel.field, &overrides, &field.name, &field.ref_id);
            out.push(Frame {
                name: field_display_name(&config, &field.name, &field.labels),
                labels: Cow::Owned(field.labels.clone()),
                t_ms: Cow::Owned(t_ms),
                values: Cow::Owned(values),
                field: config,
            });
        }
    }
    out
}

/// One data frame as a table: time fields as dates, numbers through their field config, text
/// through the column's mappings.
fn frame_table(panel: &Panel, frame: &DataFrame, env: &EvalEnv) -> Table {
    let time = TimeContext {
        now_ms: env.now_ms,
        tz_offset_min: env.tz_offset_min,
    };
    let ctx = DisplayContext {
        theme: theme(env),
        time,
        series_index: 0,
        data_min: None,
        data_max: None,
    };
    let configs: Vec<FieldConfig> = frame
        .fields
        .iter()
        .map(|f| {
            let values: Vec<f64> = f.values.iter().map(Datum::num).collect();
            let overrides = transform::overrides_for_field(
                &panel.overrides,
                &f.name,
                &f.origin,
                &f.ref_id,
                &values,
            );
            resolve_field(&panel.field, &overrides, &f.name, &f.ref_id)
        })
        .collect();
    let rows = (0..frame.len())
        .map(|r| {
            let row_ctx = DisplayContext {
                series_index: r,
                ..ctx
            };
            frame
                .fields
                .iter()
                .zip(&configs)
                .map(|(f, config)| {
                    let d = f.values.get(r).cloned().unwrap_or(Datum::Null);
                    match (f.kind, &d) {
                        (_, Datum::Text(s)) => Cell {
                            raw: None,
                            raw_text: s.clone(),
                            display: crate::eval::display::display_input(
                                MapInput::Text(s),
                                config,
                                &row_ctx,
                            ),
                        },
                        (FieldType::Time, Datum::Num(v)) if config.unit.is_none() => Cell {
                            raw: Some(*v),
                            raw_text: String::new(),
                            display: crate::eval::display::DisplayValue {
                                text: units::format_date(*v, "YYYY-MM-DD HH:mm:ss", &time),
                                numeric: Some(*v),
                                ..Default::default()
                            },
                        },
                        (_, Datum::Num(v)) => Cell {
                            raw: Some(*v),
                            raw_text: String::new(),
                            display: display(Some(*v), config, &row_ctx),
                        },
                        (_, Datum::Null) => Cell {
                            raw: None,
                            raw_text: String::new(),
                            display: display(None, config, &row_ctx),
                        },
                    }
                })
                .collect()
        })
        .collect();
    Table {
        columns: frame
            .fields
            .iter()
            .map(|f| Column {
                name: f.name.clone(),
                kind: match f.kind {
                    FieldType::Number => ColumnKind::Value {
                        ref_id: f.ref_id.clone(),
                    },
                    FieldType::Time | FieldType::String => ColumnKind::Label(f.name.clone()),
                },
            })
            .collect(),
        rows,
    }
}
