//! Field configuration: how a value is shown (unit, decimals, thresholds, mappings, colour).
//!
//! Contract: plain data with serde defaults, so a native dashboard may omit any field.
//! A threshold step whose `value` is `None` is the base step and means −∞ (Grafana's
//! `null`). Colours are kept as written (Grafana names such as `green`, `dark-red`, or
//! `#rrggbb`); `eval::colors` resolves them per theme.

use serde::{Deserialize, Serialize};

/// Per-panel defaults for every field (series) it shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FieldConfig {
    /// Grafana unit id (`short`, `bytes`, `percentunit`, `s`, …). `None` = `short`.
    pub unit: Option<String>,
    /// Fixed number of decimals; `None` = automatic.
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Replaces the series name in legends and headers (may hold `${__field.labels.x}`).
    pub display_name: Option<String>,
    /// Text shown when there is no value.
    pub no_value: Option<String>,
    pub thresholds: Option<Thresholds>,
    pub mappings: Vec<ValueMapping>,
    pub color: ColorMode,
    /// Time-series drawing style.
    pub style: SeriesStyle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    pub mode: ThresholdsMode,
    /// Ascending by value; the first step has `value: None` (−∞).
    pub steps: Vec<ThresholdStep>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThresholdsMode {
    #[default]
    Absolute,
    /// Step values are percentages of the field's min..max range.
    Percentage,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdStep {
    /// `None` = −∞ (the base step).
    pub value: Option<f64>,
    pub color: String,
}

/// A value mapping: turns a value (or a class of values) into display text and/or colour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ValueMapping {
    /// Exact match on the value's text form (`"1"`, `"0.5"`, `"up"`).
    Value {
        value: String,
        result: MappingResult,
    },
    /// Inclusive range; a missing bound is open.
    Range {
        from: Option<f64>,
        to: Option<f64>,
        result: MappingResult,
    },
    /// JavaScript-style regex on the value's text; `$1` in the text is replaced by the group.
    Regex {
        pattern: String,
        result: MappingResult,
    },
    Special {
        r#match: SpecialMatch,
        result: MappingResult,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SpecialMatch {
    Null,
    Nan,
    NullNan,
    True,
    False,
    Empty,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MappingResult {
    pub text: Option<String>,
    pub color: Option<String>,
}

/// How a field picks its colour.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum ColorMode {
    /// One colour per series from the palette (Grafana `palette-classic`).
    #[default]
    PaletteClassic,
    /// The colour of the threshold step the value falls in.
    Thresholds,
    /// A fixed colour.
    Fixed { color: String },
}

/// Time-series drawing options (Grafana `fieldConfig.defaults.custom`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SeriesStyle {
    pub draw_style: DrawStyle,
    pub line_width: f64,
    /// 0..=100, Grafana's `fillOpacity`.
    pub fill_opacity: f64,
    pub point_size: f64,
    pub show_points: ShowPoints,
    pub stacking: Stacking,
    pub axis_placement: AxisPlacement,
    pub scale: ScaleKind,
    pub soft_min: Option<f64>,
    pub soft_max: Option<f64>,
    /// Draw thresholds on the graph.
    pub thresholds_style: ThresholdsStyle,
    /// Connect across null values shorter than this many ms (`None` = never).
    pub span_nulls_ms: Option<i64>,
    pub axis_label: Option<String>,
    pub hidden: bool,
}

impl Default for SeriesStyle {
    fn default() -> Self {
        Self {
            draw_style: DrawStyle::Line,
            line_width: 1.0,
            fill_opacity: 0.0,
            point_size: 5.0,
            show_points: ShowPoints::Auto,
            stacking: Stacking::None,
            axis_placement: AxisPlacement::Auto,
            scale: ScaleKind::Linear,
            soft_min: None,
            soft_max: None,
            thresholds_style: ThresholdsStyle::Off,
            span_nulls_ms: None,
            axis_label: None,
            hidden: false,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DrawStyle {
    #[default]
    Line,
    Bars,
    Points,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ShowPoints {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stacking {
    #[default]
    None,
    Normal,
    Percent,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AxisPlacement {
    #[default]
    Auto,
    Left,
    Right,
    Hidden,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ScaleKind {
    #[default]
    Linear,
    Log {
        base: f64,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThresholdsStyle {
    #[default]
    Off,
    Line,
    Area,
    LineAndArea,
}

/// Per-field overrides: a matcher and the properties it sets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub matcher: FieldMatcher,
    pub set: FieldOverride,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "camelCase")]
pub enum FieldMatcher {
    /// The series' display name equals this.
    Name(String),
    /// The series' display name matches this (JavaScript-style) regex.
    Regex(String),
    /// The series comes from the query with this refId.
    Query(String),
    /// The series' values reduced with `reducer` compare to `value` with `op` (Grafana's
    /// `byValue`; needs the data, so panel evaluation resolves it per series).
    Value(ValueCondition),
}

/// Grafana's `byValue` matcher options: `reducer(values) op value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueCondition {
    pub reducer: String,
    pub op: CompareOp,
    pub value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CompareOp {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
}

/// Properties an override may set; `None` leaves the panel default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FieldOverride {
    pub unit: Option<String>,
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub display_name: Option<String>,
    pub color: Option<ColorMode>,
    pub thresholds: Option<Thresholds>,
    pub mappings: Option<Vec<ValueMapping>>,
    pub axis_placement: Option<AxisPlacement>,
    pub draw_style: Option<DrawStyle>,
    pub fill_opacity: Option<f64>,
    pub line_width: Option<f64>,
    pub stacking: Option<Stacking>,
    pub hidden: Option<bool>,
}
