//! `fieldConfig` (defaults and overrides), thresholds, value mappings and colour modes.
//!
//! Contract: both mapping formats are read (the new `{type: value|range|regex|special,
//! options}` and the old `{type: 1|2}`); a threshold step with `value: null` (or missing) is
//! the −∞ base step; steps are sorted ascending with the base first. Properties and `custom`
//! keys promboard does not model yield an Info diagnostic when they differ from Grafana's
//! default; matchers promboard cannot express yield a Warning (the override is dropped).

use serde_json::Value;

use crate::model::{
    AxisPlacement, ColorMode, DrawStyle, FieldConfig, FieldMatcher, FieldOverride, MappingResult,
    Override, ScaleKind, SeriesStyle, ShowPoints, SpecialMatch, Stacking, ThresholdStep,
    Thresholds, ThresholdsMode, ThresholdsStyle, ValueMapping,
};

use super::json::{
    bool_of, get_bool, get_nonempty, get_num, get_str, is_blank, num_of, short, str_of,
};
use super::Importer;

/// `custom` keys promboard ignores without loss when they hold Grafana's default (or when
/// they only concern editing).
const CUSTOM_DEFAULTS: &[(&str, &str)] = &[
    ("gradientMode", "\"none\""),
    ("lineInterpolation", "\"linear\""),
    ("barAlignment", "0"),
    ("axisCenteredZero", "false"),
    ("axisColorMode", "\"text\""),
    ("axisBorderShow", "false"),
    ("insertNulls", "false"),
    ("barWidthFactor", "0.6"),
    ("lineStyle", "{\"fill\":\"solid\"}"),
    ("transform", "\"constant\""),
    ("align", "\"auto\""),
    ("displayMode", "\"auto\""),
    ("cellOptions", "{\"type\":\"auto\"}"),
    ("inspect", "false"),
    ("filterable", "false"),
    ("axisWidth", "null"),
    ("axisGridShow", "true"),
    ("minWidth", "null"),
    ("width", "null"),
    ("fillGradient", "0"),
];

/// Whether `v` equals Grafana's default for the custom key (unknown keys: blank counts).
fn is_custom_default(key: &str, v: &Value) -> bool {
    if is_blank(v) {
        return true;
    }
    CUSTOM_DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, d)| serde_json::from_str::<Value>(d).ok())
        .is_some_and(|d| &d == v)
}

/// Parses a threshold list `[{value, color}]`.
pub(crate) fn thresholds_of(v: &Value) -> Option<Thresholds> {
    let steps_v = v.get("steps")?.as_array()?;
    let mode = match get_str(v, "mode").as_deref() {
        Some("percentage") => ThresholdsMode::Percentage,
        _ => ThresholdsMode::Absolute,
    };
    let mut steps: Vec<ThresholdStep> = steps_v
        .iter()
        .map(|s| ThresholdStep {
            value: s.get("value").and_then(num_of),
            color: get_str(s, "color").unwrap_or_else(|| "green".to_owned()),
        })
        .collect();
    sort_steps(&mut steps);
    Some(Thresholds { mode, steps })
}

/// Base step (`None`) first, then ascending by value; a missing base step is added (green),
/// matching Grafana which always has one.
pub(crate) fn sort_steps(steps: &mut Vec<ThresholdStep>) {
    steps.sort_by(|a, b| match (a.value, b.value) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.total_cmp(&y),
    });
    if steps.first().is_some_and(|s| s.value.is_some()) {
        steps.insert(
            0,
            ThresholdStep {
                value: None,
                color: "green".to_owned(),
            },
        );
    }
}

fn result_of(v: &Value) -> MappingResult {
    MappingResult {
        text: get_str(v, "text").filter(|t| !t.is_empty()),
        color: get_nonempty(v, "color"),
    }
}

fn special_of(s: &str) -> Option<SpecialMatch> {
    Some(match s {
        "null" => SpecialMatch::Null,
        "nan" => SpecialMatch::Nan,
        "null+nan" => SpecialMatch::NullNan,
        "true" => SpecialMatch::True,
        "false" => SpecialMatch::False,
        "empty" => SpecialMatch::Empty,
        _ => return None,
    })
}

impl Importer<'_> {
    /// Value mappings in either format; unreadable entries are reported and skipped.
    pub(crate) fn mappings(&mut self, v: &Value, path: &str) -> Vec<ValueMapping> {
        let Some(list) = v.as_array() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, m) in list.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let ty = m.get("type").map(|t| str_of(t).unwrap_or_default());
            match ty.as_deref() {
                Some("value") => {
                    let Some(opts) = m.get("options").and_then(Value::as_object) else {
                        continue;
                    };
                    let mut entries: Vec<(&String, &Value)> = opts.iter().collect();
                    // Grafana orders the entries by `index`.
                    entries
                        .sort_by_key(|(_, r)| get_num(r, "index").map_or(i64::MAX, |n| n as i64));
                    for (value, r) in entries {
                        out.push(ValueMapping::Value {
                            value: value.clone(),
                            result: result_of(r),
                        });
                    }
                }
                Some("range") => {
                    let o = m.get("options").unwrap_or(&Value::Null);
                    out.push(ValueMapping::Range {
                        from: get_num(o, "from"),
                        to: get_num(o, "to"),
                        result: result_of(o.get("result").unwrap_or(&Value::Null)),
                    });
                }
                Some("regex") => {
                    let o = m.get("options").unwrap_or(&Value::Null);
                    out.push(ValueMapping::Regex {
                        pattern: get_str(o, "pattern").unwrap_or_default(),
                        result: result_of(o.get("result").unwrap_or(&Value::Null)),
                    });
                }
                Some("special") => {
                    let o = m.get("options").unwrap_or(&Value::Null);
                    let which = get_str(o, "match").unwrap_or_default();
                    match special_of(&which) {
                        Some(r#match) => out.push(ValueMapping::Special {
                            r#match,
                            result: result_of(o.get("result").unwrap_or(&Value::Null)),
                        }),
                        None => self.warn(
                            &p,
                            format!("special value mapping `{which}` is not known; dropped"),
                        ),
                    }
                }
                Some("1") => {
                    // Old format: value → text.
                    let value = get_str(m, "value").unwrap_or_default();
                    let result = MappingResult {
                        text: get_str(m, "text"),
                        color: get_nonempty(m, "color"),
                    };
                    if value == "null" {
                        out.push(ValueMapping::Special {
                            r#match: SpecialMatch::Null,
                            result,
                        });
                    } else {
                        out.push(ValueMapping::Value { value, result });
                    }
                }
                Some("2") => out.push(ValueMapping::Range {
                    from: get_num(m, "from"),
                    to: get_num(m, "to"),
                    result: MappingResult {
                        text: get_str(m, "text"),
                        color: get_nonempty(m, "color"),
                    },
                }),
                _ => self.warn(
                    &p,
                    format!(
                        "value mapping of type {} is not known; dropped",
                        short(m.get("type").unwrap_or(&Value::Null))
                    ),
                ),
            }
        }
        out
    }

    pub(crate) fn color_mode(&mut self, v: &Value, path: &str) -> ColorMode {
        let mode = get_str(v, "mode").unwrap_or_default();
        let fixed = get_nonempty(v, "fixedColor");
        match mode.as_str() {
            "fixed" => ColorMode::Fixed {
                color: fixed.unwrap_or_else(|| "green".to_owned()),
            },
            "thresholds" => ColorMode::Thresholds,
            "" | "palette-classic" => ColorMode::PaletteClassic,
            "shades" => {
                self.info(
                    path,
                    "colour mode `shades` is drawn with the single fixed colour",
                );
                ColorMode::Fixed {
                    color: fixed.unwrap_or_else(|| "green".to_owned()),
                }
            }
            "palette-classic-by-name" => ColorMode::PaletteClassic,
            m if m.starts_with("continuous-") => {
                self.info(
                    path,
                    format!("continuous colour scheme `{m}` is drawn with the threshold colours"),
                );
                ColorMode::Thresholds
            }
            other => {
                self.info(
                    path,
                    format!("colour mode `{other}` is not supported; the classic palette is used"),
                );
                ColorMode::PaletteClassic
            }
        }
    }

    /// `fieldConfig.defaults` into a [`FieldConfig`].
    pub(crate) fn field_defaults(&mut self, d: &Value, path: &str) -> FieldConfig {
        let mut f = FieldConfig {
            unit: get_nonempty(d, "unit"),
            decimals: d
                .get("decimals")
                .and_then(num_of)
                .filter(|n| *n >= 0.0)
                .map(|n| n.round() as u32),
            min: get_num(d, "min"),
            max: get_num(d, "max"),
            display_name: get_nonempty(d, "displayName"),
            no_value: get_str(d, "noValue"),
            thresholds: d.get("thresholds").and_then(thresholds_of),
            ..FieldConfig::default()
        };
        if let Some(m) = d.get("mappings") {
            f.mappings = self.mappings(m, &format!("{path}.mappings"));
        }
        if let Some(c) = d.get("color") {
            f.color = self.color_mode(c, &format!("{path}.color"));
        }
        if let Some(custom) = d.get("custom").and_then(Value::as_object) {
            for (key, v) in custom {
                let p = format!("{path}.custom.{key}");
                if !self.apply_custom(&mut f.style, key, v, &p) && !is_custom_default(key, v) {
                    self.info(&p, format!("`{key}: {}` is not carried over", short(v)));
                }
            }
        }
        for key in ["links", "fieldMinMax", "filterable", "path", "writeable"] {
            if let Some(v) = d.get(key).filter(|v| !is_blank(v)) {
                self.info(
                    &format!("{path}.{key}"),
                    format!("`{key}: {}` is not carried over", short(v)),
                );
            }
        }
        f
    }

    /// Applies one `custom.*` key; returns whether it is modelled.
    fn apply_custom(&mut self, s: &mut SeriesStyle, key: &str, v: &Value, path: &str) -> bool {
        match key {
            "drawStyle" => {
                if let Some(d) = draw_style(v) {
                    s.draw_style = d;
                }
            }
            "lineWidth" => {
                if let Some(n) = num_of(v) {
                    s.line_width = n;
                }
            }
            "fillOpacity" => {
                if let Some(n) = num_of(v) {
                    s.fill_opacity = n.clamp(0.0, 100.0);
                }
            }
            "pointSize" => {
                if let Some(n) = num_of(v) {
                    s.point_size = n;
                }
            }
            "showPoints" => {
                s.show_points = match v.as_str() {
                    Some("always") => ShowPoints::Always,
                    Some("never") => ShowPoints::Never,
                    _ => ShowPoints::Auto,
                }
            }
            "stacking" => {
                if let Some(st) = stacking(v) {
                    s.stacking = st;
                }
            }
            "axisPlacement" => {
                if let Some(a) = axis_placement(v) {
                    s.axis_placement = a;
                }
            }
            "scaleDistribution" => match get_str(v, "type").as_deref() {
                Some("log") => {
                    s.scale = ScaleKind::Log {
                        base: get_num(v, "log").unwrap_or(2.0),
                    }
                }
                Some("symlog") => {
                    s.scale = ScaleKind::Log {
                        base: get_num(v, "log").unwrap_or(2.0),
                    };
                    self.info(path, "symmetric log scale is drawn as a log scale");
                }
                _ => s.scale = ScaleKind::Linear,
            },
            "axisSoftMin" => s.soft_min = num_of(v),
            "axisSoftMax" => s.soft_max = num_of(v),
            "axisLabel" => s.axis_label = str_of(v).filter(|l| !l.is_empty()),
            "thresholdsStyle" => {
                let mode = get_str(v, "mode").unwrap_or_default();
                s.thresholds_style = match mode.as_str() {
                    "line" | "dashed" => ThresholdsStyle::Line,
                    "area" => ThresholdsStyle::Area,
                    "line+area" | "dashed+area" => ThresholdsStyle::LineAndArea,
                    "off" | "" => ThresholdsStyle::Off,
                    other => {
                        self.info(
                            path,
                            format!("thresholds style `{other}` is drawn as lines"),
                        );
                        ThresholdsStyle::Line
                    }
                };
            }
            "spanNulls" => {
                s.span_nulls_ms = match v {
                    Value::Bool(true) => Some(i64::MAX),
                    Value::Number(n) => n
                        .as_f64()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                        .map(|x| x as i64),
                    _ => None,
                }
            }
            "hideFrom" => {
                s.hidden = get_bool(v, "viz").unwrap_or(false);
                if get_bool(v, "legend") == Some(true) || get_bool(v, "tooltip") == Some(true) {
                    self.info(
                        path,
                        "hiding a series only from the legend or tooltip is not carried over",
                    );
                }
            }
            "hidden" => s.hidden = bool_of(v).unwrap_or(false),
            _ => return false,
        }
        true
    }

    /// `fieldConfig.overrides` into [`Override`]s (one per matched name for `byNames`).
    pub(crate) fn overrides(&mut self, list: &[Value], path: &str) -> Vec<Override> {
        let mut out = Vec::new();
        for (i, o) in list.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let m = o.get("matcher").unwrap_or(&Value::Null);
            let id = get_str(m, "id").unwrap_or_default();
            let opt = m.get("options").unwrap_or(&Value::Null);
            let matchers: Vec<FieldMatcher> = match id.as_str() {
                "byName" => str_of(opt).map(FieldMatcher::Name).into_iter().collect(),
                "byRegexp" => str_of(opt).map(FieldMatcher::Regex).into_iter().collect(),
                "byFrameRefID" => str_of(opt).map(FieldMatcher::Query).into_iter().collect(),
                "byNames" if get_str(opt, "mode").as_deref() != Some("exclude") => opt
                    .get("names")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(str_of)
                            .map(FieldMatcher::Name)
                            .collect()
                    })
                    .unwrap_or_default(),
                "byValue" => value_condition(opt)
                    .map(FieldMatcher::Value)
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            };
            if matchers.is_empty() {
                self.warn(
                    &format!("{p}.matcher"),
                    format!(
                        "field matcher `{id}` ({}) is not supported; the override is dropped",
                        short(opt)
                    ),
                );
                continue;
            }
            let mut set = FieldOverride::default();
            for (j, prop) in super::json::arr(o, "properties").iter().enumerate() {
                let pp = format!("{p}.properties[{j}]");
                let pid = get_str(prop, "id").unwrap_or_default();
                let v = prop.get("value").unwrap_or(&Value::Null);
                self.override_property(&mut set, &pid, v, &pp);
            }
            for matcher in matchers {
                out.push(Override {
                    matcher,
                    set: set.clone(),
                });
            }
        }
        out
    }

    fn override_property(&mut self, set: &mut FieldOverride, pid: &str, v: &Value, path: &str) {
        match pid {
            "unit" => set.unit = str_of(v).filter(|s| !s.is_empty()),
            "decimals" => set.decimals = num_of(v).filter(|n| *n >= 0.0).map(|n| n.round() as u32),
            "min" => set.min = num_of(v),
            "max" => set.max = num_of(v),
            "displayName" | "displayNameFromDS" => set.display_name = str_of(v),
            "color" => set.color = Some(self.color_mode(v, path)),
            "thresholds" => set.thresholds = thresholds_of(v),
            "mappings" => set.mappings = Some(self.mappings(v, path)),
            "custom.axisPlacement" => set.axis_placement = axis_placement(v),
            "custom.drawStyle" => set.draw_style = draw_style(v),
            "custom.fillOpacity" => set.fill_opacity = num_of(v),
            "custom.lineWidth" => set.line_width = num_of(v),
            "custom.stacking" => set.stacking = stacking(v),
            "custom.hideFrom" => {
                set.hidden = Some(get_bool(v, "viz").unwrap_or(false));
                if get_bool(v, "legend") == Some(true) || get_bool(v, "tooltip") == Some(true) {
                    self.info(
                        path,
                        "hiding a series only from the legend or tooltip is not carried over",
                    );
                }
            }
            "custom.hidden" => set.hidden = bool_of(v),
            other if is_custom_default(other.trim_start_matches("custom."), v) => {}
            other => self.info(
                path,
                format!(
                    "override property `{other}: {}` is not carried over",
                    short(v)
                ),
            ),
        }
    }
}

pub(crate) fn draw_style(v: &Value) -> Option<DrawStyle> {
    Some(match v.as_str()? {
        "line" => DrawStyle::Line,
        "bars" => DrawStyle::Bars,
        "points" => DrawStyle::Points,
        _ => return None,
    })
}

pub(crate) fn stacking(v: &Value) -> Option<Stacking> {
    Some(match get_str(v, "mode")?.as_str() {
        "normal" => Stacking::Normal,
        "percent" => Stacking::Percent,
        _ => Stacking::None,
    })
}

pub(crate) fn axis_placement(v: &Value) -> Option<AxisPlacement> {
    Some(match v.as_str()? {
        "left" => AxisPlacement::Left,
        "right" => AxisPlacement::Right,
        "hidden" => AxisPlacement::Hidden,
        _ => AxisPlacement::Auto,
    })
}

/// Grafana's `byValue` matcher options (`{"reducer": "allIsNull", "op": "gte", "value": 0}`).
fn value_condition(opt: &Value) -> Option<crate::model::ValueCondition> {
    use crate::model::CompareOp;
    let reducer = super::panels::reducer_id(&get_str(opt, "reducer")?);
    reducer.parse::<crate::eval::reduce::Reducer>().ok()?;
    let op = match get_str(opt, "op").as_deref().unwrap_or("gte") {
        "eq" => CompareOp::Eq,
        "neq" => CompareOp::Neq,
        "lt" => CompareOp::Lt,
        "lte" => CompareOp::Lte,
        "gt" => CompareOp::Gt,
        "gte" => CompareOp::Gte,
        _ => return None,
    };
    Some(crate::model::ValueCondition {
        reducer,
        op,
        value: opt.get("value").and_then(num_of).unwrap_or(0.0),
    })
}
