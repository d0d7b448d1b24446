//! The panel pipeline: plan a panel's queries, then turn their answers into a view model.
//!
//! ```text
//! Panel + time range + variables ─plan_queries─► QueryPlan (expr, step)   [app fetches]
//! QueryResult per plan ─evaluate─► PanelView (texts, colours, chart views) ─draw─► pixels
//! ```
//!
//! Contract: every function here is pure. A failing query makes the panel an error with the
//! query's own message (prefixed with its refId when the panel has several), never a silent
//! empty panel; a panel whose queries all answered but hold no finite value is `NoData`;
//! a kind promboard does not draw is `Unsupported` with the Grafana type in the message;
//! a panel gets at most [`MAX_SERIES`] series (the first ones, in query order) and a warning
//! saying how many were left out, so one runaway query cannot freeze the page.

mod draw;
mod evaluate;
pub mod stale;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::chart::{
    BarGaugeView, GaugeView, HeatmapView, PieView, StateTimelineView, TimeSeriesView,
};
use crate::model::{Panel, PanelKind, TextMode};
use crate::prom::decode::QueryResponse;
use crate::prom::step::{query_step, StepPlan};
use crate::vars::{interpolate, FormatContext, Scope};

pub use draw::{draw, draw_sparkline, stat_font_px, Drawn};
pub(crate) use evaluate::units_group;
pub use evaluate::{cap_series, evaluate, MAX_SERIES};

/// The DOM contract's `data-panel-state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelState {
    Loading,
    Ok,
    NoData,
    Error,
    Unsupported,
}

impl PanelState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Ok => "ok",
            Self::NoData => "nodata",
            Self::Error => "error",
            Self::Unsupported => "unsupported",
        }
    }
}

/// What planning needs to know about the moment and the place.
#[derive(Clone, Copy, Debug)]
pub struct PlanEnv {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The panel's width in CSS px: Grafana's default maxDataPoints.
    pub width_px: u32,
    pub scrape_interval_ms: i64,
}

/// One query, ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryPlan {
    pub ref_id: String,
    /// The expression with every variable substituted.
    pub expr: String,
    pub instant: bool,
    pub start_s: f64,
    pub end_s: f64,
    pub step_s: f64,
    pub step_ms: i64,
    pub legend_format: String,
    /// The query's own datasource, if it names one.
    pub datasource: Option<String>,
}

/// How one query ended.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryOutcome {
    Data(QueryResponse),
    /// A sentence a user can act on.
    Failed(String),
    /// Superseded by a newer request; the panel keeps what it shows.
    Cancelled,
}

/// One query's answer, with what the inspect view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    pub ref_id: String,
    pub outcome: QueryOutcome,
    /// The request URL without parameters or secrets.
    pub url: String,
    pub elapsed_ms: f64,
    pub bytes: usize,
}

impl QueryResult {
    /// This result's metadata with its outcome replaced by an empty `Cancelled` (cheap: the
    /// data is not cloned).
    pub fn clone_without_data(&self) -> Self {
        Self {
            ref_id: self.ref_id.clone(),
            outcome: QueryOutcome::Cancelled,
            url: self.url.clone(),
            elapsed_ms: self.elapsed_ms,
            bytes: self.bytes,
        }
    }

    pub fn failed(plan: &QueryPlan, message: String) -> Self {
        Self {
            ref_id: plan.ref_id.clone(),
            outcome: QueryOutcome::Failed(message),
            url: String::new(),
            elapsed_ms: 0.0,
            bytes: 0,
        }
    }
}

/// What evaluation needs besides the data.
#[derive(Clone, Copy, Debug)]
pub struct EvalEnv {
    pub from_ms: i64,
    pub to_ms: i64,
    pub now_ms: i64,
    pub tz_offset_min: i32,
    pub dark: bool,
}

/// The outcome of evaluating a panel.
#[derive(Clone, Debug)]
pub struct Evaluated {
    pub view: PanelView,
    /// Prometheus' warnings and infos, shown on the panel header.
    pub warnings: Vec<String>,
    /// Set when a query failed: the panel shows this reason.
    pub error: Option<String>,
}

/// The view model of a panel: everything decided, ready to render.
#[derive(Clone, Debug)]
pub enum PanelView {
    NoData {
        message: String,
    },
    Unsupported {
        message: String,
    },
    /// A text panel's content; `markdown`: render it with `crate::markdown` (else plain text).
    Text {
        text: String,
        markdown: bool,
    },
    TimeSeries(Box<TimeSeriesPanel>),
    Stat(StatPanel),
    Gauge(GaugePanel),
    BarGauge(BarGaugePanel),
    Table(TablePanel),
    Heatmap(HeatmapView),
    StateTimeline(StateTimelineView),
    PieChart(PiePanel),
}

impl PanelView {
    pub fn state(&self) -> PanelState {
        match self {
            Self::NoData { .. } => PanelState::NoData,
            Self::Unsupported { .. } => PanelState::Unsupported,
            _ => PanelState::Ok,
        }
    }

    /// A short text alternative for the canvas (accessibility).
    pub fn text_alternative(&self) -> String {
        match self {
            Self::NoData { message } | Self::Unsupported { message } => message.clone(),
            Self::Text { text, .. } => text.clone(),
            Self::TimeSeries(ts) => {
                let names: Vec<&str> = ts.legend.iter().map(|l| l.name.as_str()).collect();
                format!("Time series chart of {}", names.join(", "))
            }
            Self::Stat(s) => s
                .items
                .iter()
                .map(|i| i.label())
                .collect::<Vec<_>>()
                .join("; "),
            Self::Gauge(g) => g
                .items
                .iter()
                .map(|i| i.label())
                .collect::<Vec<_>>()
                .join("; "),
            Self::BarGauge(b) => b
                .items
                .iter()
                .map(|i| i.label())
                .collect::<Vec<_>>()
                .join("; "),
            Self::PieChart(p) => format!(
                "Pie chart: {}",
                p.items
                    .iter()
                    .zip(&p.chart.slices)
                    .map(|(i, s)| format!("{} ({})", i.label(), s.percent_text))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Self::Table(t) => format!("Table with {} rows", t.rows.len()),
            Self::Heatmap(h) => format!("Heatmap of {} buckets", h.bucket_labels.len()),
            Self::StateTimeline(s) => {
                let names: Vec<&str> = s.rows.iter().map(|r| r.name.as_str()).collect();
                format!("State timeline of {}", names.join(", "))
            }
        }
    }
}

/// How a panel body is built: the UI keeps one element tree per kind and feeds each new view
/// to it, so a refresh that brings a view of the same kind rebuilds nothing (reactive nodes
/// rebuilt per refresh stayed subscribed to long-lived signals: wasm memory grew ~3.5 KB per
/// refresh, BENCHMARKS.md "Memory").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// DOM built from the view's data (messages, text, stat, table): cheap, rebuilt per view.
    Dom,
    /// The time-series chart with its overlay and legend.
    TimeSeries,
    /// A canvas chart (gauge, bar gauge, pie, heatmap, state timeline) plus `dom_values`.
    Canvas,
}

impl PanelView {
    /// Which element tree draws this view.
    pub fn body_kind(&self) -> BodyKind {
        match self {
            Self::NoData { .. }
            | Self::Unsupported { .. }
            | Self::Text { .. }
            | Self::Stat(_)
            | Self::Table(_) => BodyKind::Dom,
            Self::TimeSeries(_) => BodyKind::TimeSeries,
            Self::Gauge(_)
            | Self::BarGauge(_)
            | Self::PieChart(_)
            | Self::Heatmap(_)
            | Self::StateTimeline(_) => BodyKind::Canvas,
        }
    }

    /// The values a canvas-drawn kind also puts in the DOM (`data-value`, for scripts and
    /// screen readers): gauge, bar gauge and pie chart items; empty for other kinds.
    pub fn dom_values(&self) -> Vec<ValueItem> {
        match self {
            Self::Gauge(g) => g.items.iter().map(|i| i.value.clone()).collect(),
            Self::BarGauge(b) => b.items.clone(),
            Self::PieChart(p) => p.items.clone(),
            _ => Vec::new(),
        }
    }
}

/// One value shown as text (stat, gauge, bar gauge), with what the DOM contract needs.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueItem {
    /// The series' display name.
    pub name: String,
    /// Whether the name is shown next to the value.
    pub show_name: bool,
    /// The full display text (prefix + value + suffix, or the mapping's text): `data-value`.
    pub text: String,
    /// CSS colour of the value (threshold, mapping or fixed colour).
    pub color: String,
    pub numeric: Option<f64>,
}

impl ValueItem {
    fn label(&self) -> String {
        if self.name.is_empty() {
            self.text.clone()
        } else {
            format!("{}: {}", self.name, self.text)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatItem {
    pub value: ValueItem,
    /// Points of the sparkline, when the panel draws one.
    pub sparkline: Option<Arc<Vec<(i64, f64)>>>,
}

impl StatItem {
    fn label(&self) -> String {
        self.value.label()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatPanel {
    pub items: Vec<StatItem>,
    /// Colour the box, not the text (Grafana `colorMode: background`).
    pub background: bool,
}

#[derive(Clone, Debug)]
pub struct GaugeItem {
    pub value: ValueItem,
    pub gauge: GaugeView,
}

impl GaugeItem {
    fn label(&self) -> String {
        self.value.label()
    }
}

#[derive(Clone, Debug)]
pub struct GaugePanel {
    pub items: Vec<GaugeItem>,
}

#[derive(Clone, Debug)]
pub struct BarGaugePanel {
    pub items: Vec<ValueItem>,
    pub bars: BarGaugeView,
}

/// A pie chart: one item per drawn slice (data order), and the chart.
#[derive(Clone, Debug)]
pub struct PiePanel {
    /// `text` is the value in its unit; `numeric` the reduced value.
    pub items: Vec<ValueItem>,
    pub chart: PieView,
}

/// One legend entry with its calculations (`mean`, `max` …) already formatted.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    pub name: String,
    pub color: String,
    pub calcs: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct TimeSeriesPanel {
    pub chart: TimeSeriesView<'static>,
    pub legend: Vec<LegendItem>,
    pub legend_table: bool,
    pub show_legend: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableCell {
    pub text: String,
    pub color: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TablePanel {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
}

/// Samples in one query round above which the UI gives the browser a turn between decoding,
/// evaluating and drawing (three tasks instead of one keep the page responsive on large answers;
/// below it the extra turns would only add latency).
pub const YIELD_ABOVE_SAMPLES: usize = 50_000;

/// How many samples a round's results hold (series samples; a scalar counts as one).
pub fn round_samples(results: &[QueryResult]) -> usize {
    results
        .iter()
        .map(|r| match &r.outcome {
            QueryOutcome::Data(resp) => match &resp.data {
                crate::prom::types::QueryData::Series(s) => s.iter().map(|s| s.values.len()).sum(),
                _ => 1,
            },
            _ => 0,
        })
        .sum()
}

/// `view` with `regions` (annotations, alert intervals) handed to its time-series chart; other
/// kinds are returned unchanged. Regions are an input to drawing, so evaluation stays pure.
pub fn with_regions(view: &PanelView, regions: &[crate::chart::TimeRegion]) -> Option<PanelView> {
    match view {
        PanelView::TimeSeries(ts) if ts.chart.regions.as_slice() != regions => {
            let mut ts = ts.clone();
            ts.chart.regions = regions.to_vec();
            Some(PanelView::TimeSeries(ts))
        }
        _ => None,
    }
}

/// The view of a panel that needs no query (text, unsupported kinds), if it is one.
pub fn static_view(panel: &Panel) -> Option<PanelView> {
    match &panel.kind {
        PanelKind::Text(t) => Some(PanelView::Text {
            text: t.content.clone(),
            // HTML mode is shown as plain text: promboard never renders untrusted HTML.
            markdown: t.mode == TextMode::Markdown,
        }),
        PanelKind::Unsupported { grafana_type } => Some(PanelView::Unsupported {
            message: format!("Panel type `{grafana_type}` is not supported by promboard"),
        }),
        _ if panel
            .queries
            .iter()
            .all(|q| q.hide || q.expr.trim().is_empty()) =>
        {
            Some(PanelView::NoData {
                message: "This panel has no query".into(),
            })
        }
        _ => None,
    }
}

/// Plans every visible query of `panel`: step from the width and min interval, variables
/// substituted (time built-ins included).
pub fn plan_queries(panel: &Panel, env: &PlanEnv, vars: &Scope) -> Vec<QueryPlan> {
    let max_points = panel.max_data_points.unwrap_or(env.width_px).max(1);
    let panel_min = panel
        .min_interval
        .as_deref()
        .and_then(|s| parse_interval(s, vars));
    panel
        .queries
        .iter()
        .filter(|q| !q.hide && !q.expr.trim().is_empty())
        .map(|q| {
            let min = q
                .interval
                .as_deref()
                .and_then(|s| parse_interval(s, vars))
                .or(panel_min);
            let plan: StepPlan = query_step(
                env.from_ms,
                env.to_ms,
                max_points,
                min,
                Some(env.scrape_interval_ms),
            );
            let mut scope = vars.clone();
            scope.set_time(env.from_ms, env.to_ms, &plan);
            QueryPlan {
                ref_id: q.ref_id.clone(),
                expr: interpolate(&q.expr, &scope, FormatContext::PromQl),
                instant: q.instant,
                start_s: plan.start_s,
                end_s: if q.instant {
                    env.to_ms as f64 / 1000.0
                } else {
                    plan.end_s
                },
                step_s: plan.step_s,
                step_ms: plan.interval_ms,
                legend_format: q.legend_format.clone(),
                datasource: q.datasource.clone(),
            }
        })
        .collect()
}

/// A min-interval text (`15s`, `$interval`) in ms; `None` when empty or not a duration.
fn parse_interval(text: &str, vars: &Scope) -> Option<i64> {
    let text = interpolate(text.trim(), vars, FormatContext::Text);
    let text = text.trim_start_matches('>');
    if text.is_empty() {
        return None;
    }
    crate::prom::duration::parse_duration_ms(text)
        .ok()
        .filter(|ms| *ms > 0)
}
