//! The dashboard spec: promboard's own format, which the UI renders and Grafana JSON is
//! imported into.
//!
//! Contract: every struct is plain data with serde defaults; a native dashboard file is this
//! type serialised as JSON with `"schema": "promboard/v1"` at the top (that key is how the
//! loader tells it from Grafana JSON). Panels are `{kind, spec}` (Perses' shape). Grid
//! positions use Grafana's 24-column grid. Nothing here talks to a browser or the network.

use serde::{Deserialize, Serialize};

use super::field::{FieldConfig, Override};

/// The value of the `schema` key that marks a native dashboard file.
pub const NATIVE_SCHEMA: &str = "promboard/v1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Dashboard {
    pub schema: String,
    pub uid: String,
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Default time range, Grafana syntax (`now-6h`, `now`, ms epoch).
    pub time: TimeSpec,
    /// Default refresh interval (`30s`, `1m`), `None` = off.
    pub refresh: Option<String>,
    pub timezone: Timezone,
    /// Share the crosshair (and tooltip) across panels.
    pub shared_crosshair: bool,
    /// Also show every time-series panel's tooltip at the shared time (Grafana `graphTooltip: 2`).
    pub shared_tooltip: bool,
    pub variables: Vec<Variable>,
    /// Rows in order; panels before the first Grafana row live in a row with no title.
    pub rows: Vec<Row>,
    pub links: Vec<Link>,
    pub annotations: Vec<Annotation>,
}

impl Default for Dashboard {
    fn default() -> Self {
        Self {
            schema: NATIVE_SCHEMA.to_owned(),
            uid: String::new(),
            title: String::new(),
            description: None,
            tags: Vec::new(),
            time: TimeSpec::default(),
            refresh: None,
            timezone: Timezone::Browser,
            shared_crosshair: false,
            shared_tooltip: false,
            variables: Vec::new(),
            rows: Vec::new(),
            links: Vec::new(),
            annotations: Vec::new(),
        }
    }
}

impl Dashboard {
    /// Every panel in layout order, rows flattened.
    pub fn panels(&self) -> impl Iterator<Item = &Panel> {
        self.rows.iter().flat_map(|r| r.panels.iter())
    }

    /// The panel with this id, wherever it sits.
    pub fn panel(&self, id: u32) -> Option<&Panel> {
        self.panels().find(|p| p.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeSpec {
    pub from: String,
    pub to: String,
}

impl Default for TimeSpec {
    fn default() -> Self {
        Self {
            from: "now-6h".to_owned(),
            to: "now".to_owned(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Timezone {
    #[default]
    Browser,
    Utc,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Row {
    /// `None` for the implicit row before the first titled one.
    pub title: Option<String>,
    pub collapsed: bool,
    /// Repeat the row for each value of this variable.
    pub repeat: Option<String>,
    pub panels: Vec<Panel>,
}

/// Position on the 24-column grid; `h` is in grid units of 30 px (Grafana's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPos {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Default for GridPos {
    fn default() -> Self {
        Self {
            x: 0,
            y: 0,
            w: 12,
            h: 8,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Panel {
    pub id: u32,
    pub title: String,
    pub description: Option<String>,
    pub grid: GridPos,
    /// Datasource name or uid; `None` = the dashboard's default datasource.
    pub datasource: Option<String>,
    pub queries: Vec<Query>,
    /// What the panel is and its kind-specific options.
    #[serde(flatten)]
    pub kind: PanelKind,
    pub field: FieldConfig,
    pub overrides: Vec<Override>,
    pub links: Vec<Link>,
    /// Repeat the panel for each value of this variable.
    pub repeat: Option<Repeat>,
    /// Upper bound on points per series; `None` = the panel's width in px.
    pub max_data_points: Option<u32>,
    /// Lower bound on the query step (`15s`, `$interval`).
    pub min_interval: Option<String>,
    pub transparent: bool,
    /// Data transformations applied in order before the panel draws its data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transformations: Vec<super::transform::Transformation>,
}

impl Default for Panel {
    fn default() -> Self {
        Self {
            id: 0,
            title: String::new(),
            description: None,
            grid: GridPos::default(),
            datasource: None,
            queries: Vec::new(),
            kind: PanelKind::TimeSeries(TimeSeriesOptions::default()),
            field: FieldConfig::default(),
            overrides: Vec::new(),
            links: Vec::new(),
            repeat: None,
            max_data_points: None,
            min_interval: None,
            transparent: false,
            transformations: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repeat {
    pub variable: String,
    pub direction: RepeatDirection,
    /// Panels per row when repeating horizontally.
    pub max_per_row: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RepeatDirection {
    #[default]
    Horizontal,
    Vertical,
}

/// The panel kinds promboard draws, each with its own options (`{kind, spec}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "spec", rename_all = "camelCase")]
pub enum PanelKind {
    TimeSeries(TimeSeriesOptions),
    Stat(StatOptions),
    Gauge(GaugeOptions),
    BarGauge(BarGaugeOptions),
    Table(TableOptions),
    Text(TextOptions),
    Heatmap(HeatmapOptions),
    StateTimeline(StateTimelineOptions),
    PieChart(PieOptions),
    /// A kind promboard does not draw; the panel shows `unsupported` with this name.
    Unsupported {
        grafana_type: String,
    },
}

impl PanelKind {
    /// The kind's name as written in a native file (`timeSeries`, `stat`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Self::TimeSeries(_) => "timeSeries",
            Self::Stat(_) => "stat",
            Self::Gauge(_) => "gauge",
            Self::BarGauge(_) => "barGauge",
            Self::Table(_) => "table",
            Self::Text(_) => "text",
            Self::Heatmap(_) => "heatmap",
            Self::StateTimeline(_) => "stateTimeline",
            Self::PieChart(_) => "pieChart",
            Self::Unsupported { .. } => "unsupported",
        }
    }
}

/// Which value(s) a single-value panel reduces each series to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReduceOptions {
    /// Reducer ids (`lastNotNull`, `mean`, …); Grafana uses the first.
    pub calcs: Vec<String>,
    /// Show every value instead of reducing.
    pub values: bool,
    /// Max number of values shown when `values` is set.
    pub limit: Option<u32>,
}

impl Default for ReduceOptions {
    fn default() -> Self {
        Self {
            calcs: vec!["lastNotNull".to_owned()],
            values: false,
            limit: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Legend {
    pub show: bool,
    pub mode: LegendMode,
    pub placement: LegendPlacement,
    /// Reducer ids shown as legend columns (`mean`, `max`, `lastNotNull`).
    pub calcs: Vec<String>,
}

impl Default for Legend {
    fn default() -> Self {
        Self {
            show: true,
            mode: LegendMode::List,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LegendMode {
    #[default]
    List,
    Table,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LegendPlacement {
    #[default]
    Bottom,
    Right,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TooltipMode {
    #[default]
    Single,
    Multi,
    None,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TimeSeriesOptions {
    pub legend: Legend,
    pub tooltip: TooltipMode,
    /// Order of the tooltip's rows in `multi` mode (Grafana `options.tooltip.sort`).
    pub tooltip_sort: TooltipSort,
}

/// Order of a multi-series tooltip's rows: series order, ascending or descending value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TooltipSort {
    #[default]
    None,
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StatColorMode {
    #[default]
    Value,
    Background,
    None,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GraphMode {
    #[default]
    Area,
    None,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Orientation {
    #[default]
    Auto,
    Horizontal,
    Vertical,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatOptions {
    pub reduce: ReduceOptions,
    pub color_mode: StatColorMode,
    /// Sparkline behind the value.
    pub graph_mode: GraphMode,
    pub orientation: Orientation,
    /// Show the series name above each value (`auto` shows it when there are several).
    pub text_mode: StatTextMode,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StatTextMode {
    #[default]
    Auto,
    Value,
    ValueAndName,
    Name,
    None,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GaugeOptions {
    pub reduce: ReduceOptions,
    pub show_threshold_markers: bool,
    pub show_threshold_labels: bool,
}

impl Default for GaugeOptions {
    fn default() -> Self {
        Self {
            reduce: ReduceOptions::default(),
            show_threshold_markers: true,
            show_threshold_labels: false,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BarGaugeDisplay {
    #[default]
    Gradient,
    Basic,
    Lcd,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BarGaugeOptions {
    pub reduce: ReduceOptions,
    pub display_mode: BarGaugeDisplay,
    pub orientation: Orientation,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TableOptions {
    pub show_header: bool,
    /// Column to sort by, descending when `desc`.
    pub sort_by: Option<String>,
    pub sort_desc: bool,
    /// Columns hidden (Grafana `organize` transformation's `excludeByName`).
    pub hidden_columns: Vec<String>,
    /// Column renames (Grafana `organize` transformation's `renameByName`).
    pub renames: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TextMode {
    #[default]
    Markdown,
    /// Shown as plain text (promboard never renders untrusted HTML).
    Html,
    Plain,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TextOptions {
    pub mode: TextMode,
    pub content: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HeatmapOptions {
    /// Colour scheme name (Grafana `color.scheme`, e.g. `Oranges`, `Spectral`).
    pub scheme: Option<String>,
    pub show_legend: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StateTimelineOptions {
    pub legend: Legend,
    pub show_values: bool,
    /// Merge equal consecutive values into one region.
    pub merge_values: bool,
}

/// Pie or donut (Grafana `pieType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PieType {
    #[default]
    Pie,
    Donut,
}

/// What a pie label or legend entry shows besides the colour (Grafana `displayLabels`,
/// `legend.values`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PieValue {
    Name,
    Value,
    Percent,
}

/// The pie chart's legend: the usual list/table, right or bottom, with per-slice values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PieLegend {
    pub show: bool,
    pub mode: LegendMode,
    pub placement: LegendPlacement,
    /// Shown after each name (`value`, `percent`; `name` is ignored).
    pub values: Vec<PieValue>,
}

impl Default for PieLegend {
    fn default() -> Self {
        Self {
            show: true,
            mode: LegendMode::List,
            placement: LegendPlacement::Right,
            values: Vec::new(),
        }
    }
}

/// Pie chart options (Grafana `piechart`): each series (or each value, with
/// `reduce.values`) is one slice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PieOptions {
    pub reduce: ReduceOptions,
    pub pie_type: PieType,
    pub legend: PieLegend,
    /// Drawn on the slices, in this order, one per line.
    pub display_labels: Vec<PieValue>,
    pub tooltip: TooltipMode,
}

impl Default for PieOptions {
    fn default() -> Self {
        Self {
            reduce: ReduceOptions::default(),
            pie_type: PieType::Pie,
            legend: PieLegend::default(),
            display_labels: Vec::new(),
            tooltip: TooltipMode::Single,
        }
    }
}

/// One PromQL query of a panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Query {
    pub ref_id: String,
    pub expr: String,
    /// `{{label}}` template for series names; empty = the series' labels.
    pub legend_format: String,
    /// Instant query (one value per series at the end of the range).
    pub instant: bool,
    pub format: QueryFormat,
    /// Lower bound on the step for this query (`1m`).
    pub interval: Option<String>,
    /// Hidden queries are not sent.
    pub hide: bool,
    /// Overrides the panel's datasource.
    pub datasource: Option<String>,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            ref_id: "A".to_owned(),
            expr: String::new(),
            legend_format: String::new(),
            instant: false,
            format: QueryFormat::TimeSeries,
            interval: None,
            hide: false,
            datasource: None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QueryFormat {
    #[default]
    TimeSeries,
    Table,
    Heatmap,
}

/// A template variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Variable {
    pub name: String,
    pub label: Option<String>,
    pub hide: VariableHide,
    pub kind: VariableKind,
    pub multi: bool,
    pub include_all: bool,
    /// Value sent for "All" (`.*`); `None` = every option joined as a regex alternation.
    pub all_value: Option<String>,
    /// The selected value(s) when the URL says nothing.
    pub current: Vec<String>,
}

impl Default for Variable {
    fn default() -> Self {
        Self {
            name: String::new(),
            label: None,
            hide: VariableHide::None,
            kind: VariableKind::Textbox {
                default: String::new(),
            },
            multi: false,
            include_all: false,
            all_value: None,
            current: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VariableHide {
    #[default]
    None,
    Label,
    Variable,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum VariableKind {
    Query {
        datasource: Option<String>,
        query: VariableQuery,
        /// JavaScript-style regex filtering (and with a group, extracting) the options.
        regex: Option<String>,
        sort: VariableSort,
    },
    Custom {
        /// `(text, value)` pairs.
        options: Vec<VariableOption>,
    },
    Constant {
        value: String,
    },
    Interval {
        options: Vec<String>,
        /// Offer `auto`: range / `auto_count`, not below `auto_min`.
        auto: bool,
        auto_count: u32,
        auto_min: String,
    },
    Textbox {
        default: String,
    },
    /// Pick one of the configured datasources (optionally filtered by regex).
    Datasource {
        regex: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariableOption {
    pub text: String,
    pub value: String,
}

/// What a query variable asks Prometheus for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "fn", rename_all = "camelCase")]
pub enum VariableQuery {
    /// `label_values(metric?, label)`.
    LabelValues {
        metric: Option<String>,
        label: String,
    },
    /// `label_names(metric?)`.
    LabelNames { metric: Option<String> },
    /// `metrics(regex)`.
    Metrics { regex: String },
    /// `query_result(expr)`: every result series' text form.
    QueryResult { expr: String },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VariableSort {
    #[default]
    None,
    AlphaAsc,
    AlphaDesc,
    NumericAsc,
    NumericDesc,
    AlphaCaseInsensitiveAsc,
    AlphaCaseInsensitiveDesc,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Link {
    pub title: String,
    /// May reference variables (`$var`, `${__url_time_range}`, `${__all_variables}`).
    pub url: String,
    pub tooltip: Option<String>,
    pub target_blank: bool,
    /// Grafana's `keepTime`: the link carries the current time range (`from=…&to=…`).
    pub keep_time: bool,
    /// Grafana's `includeVars`: the link carries every variable's selection (`var-NAME=…`).
    pub include_vars: bool,
    /// A URL, or (Grafana's `type: dashboards`) every other dashboard carrying all of `tags`.
    pub kind: LinkKind,
    /// For `Dashboards`: the tags a dashboard must all carry to be listed (none: every one).
    pub tags: Vec<String>,
    /// For `Dashboards`: one menu titled `title` instead of one link per dashboard.
    pub as_dropdown: bool,
}

/// What a [`Link`] points at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LinkKind {
    /// `url`.
    #[default]
    Link,
    /// The dashboards this app lists whose tags include every one of the link's `tags`.
    Dashboards,
}

/// A Grafana-style annotation query drawn over time-series panels.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Annotation {
    pub name: String,
    pub enabled: bool,
    pub datasource: Option<String>,
    pub expr: String,
    pub step: Option<String>,
    pub title_format: String,
    pub text_format: String,
    pub tag_keys: Vec<String>,
    pub color: String,
}
