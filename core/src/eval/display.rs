//! Display values: for one value and a resolved field config, the text and colour to show;
//! and field-config resolution (panel defaults + overrides) per series.
//!
//! Contract (Grafana's `getDisplayProcessor`):
//! - A matching value mapping goes first: its text and/or colour win.
//! - Otherwise a number is formatted by `unit`/`decimals` ([`super::units`]); NaN shows `NaN`;
//!   a missing value (`None`) shows the field's `noValue`, or nothing.
//! - Colour by `color.mode` unless a mapping set one: `thresholds` = the step the value falls
//!   in (missing and NaN values get the base step; a field without thresholds uses Grafana's
//!   default green / red ≥ 80), `fixed` = that colour, `paletteClassic` = the series' palette
//!   colour. Colours come out resolved for the theme (CSS strings).
//! - Percentage thresholds use the field's `min`/`max`, else the data range in the context,
//!   else 0..100.
//! - Text values (label cells) go through mappings too; unmapped they show as is, coloured
//!   only by a mapping or a fixed colour.
//! - [`resolve_field`] applies every matching override in order (later wins); an override
//!   matcher regex that cannot compile matches nothing.

use std::fmt;

use super::colors::{self, Theme};
use super::jsregex::JsRegex;
use super::legend;
use super::mappings::{self, MapInput};
use super::thresholds;
use super::units::{self, TimeContext};
use crate::model::{ColorMode, FieldConfig, FieldMatcher, Override};
use crate::prom::types::Labels;

/// What a panel shows for one value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DisplayValue {
    pub text: String,
    pub prefix: String,
    pub suffix: String,
    /// CSS colour for the theme; `None` when nothing decides one (text cells).
    pub color: Option<String>,
    /// The number shown (`None` for text and missing values).
    pub numeric: Option<f64>,
}

impl fmt::Display for DisplayValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.prefix, self.text, self.suffix)
    }
}

/// Everything besides the value and field config that decides the display.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DisplayContext {
    pub theme: Theme,
    pub time: TimeContext,
    /// Position of the series in its panel (for `paletteClassic`).
    pub series_index: usize,
    /// Range of the panel's data, for percentage thresholds when the field sets no min/max.
    pub data_min: Option<f64>,
    pub data_max: Option<f64>,
}

/// Display a number (or a missing value).
pub fn display(value: Option<f64>, field: &FieldConfig, ctx: &DisplayContext) -> DisplayValue {
    let input = value.map_or(MapInput::Null, MapInput::Number);
    display_input(input, field, ctx)
}

/// Display any mappable input (number, text, missing).
pub fn display_input(
    input: MapInput<'_>,
    field: &FieldConfig,
    ctx: &DisplayContext,
) -> DisplayValue {
    let mapped = mappings::apply(&field.mappings, input);
    let mapped_text = mapped.as_ref().and_then(|m| m.text.clone());
    let mapped_color = mapped
        .as_ref()
        .and_then(|m| m.color.as_deref())
        .map(|c| colors::resolve(c, ctx.theme));
    let numeric = match input {
        MapInput::Number(v) => Some(v),
        _ => None,
    };
    let mut out = DisplayValue {
        numeric,
        ..DisplayValue::default()
    };
    match (mapped_text, input) {
        (Some(text), _) => out.text = text,
        (None, MapInput::Number(v)) => {
            let f = units::format(field.unit.as_deref(), v, field.decimals, &ctx.time);
            out.text = f.text;
            out.prefix = f.prefix;
            out.suffix = f.suffix;
        }
        (None, MapInput::Text(s)) => out.text = s.to_owned(),
        (None, MapInput::Null) => out.text = field.no_value.clone().unwrap_or_default(),
    }
    out.color = mapped_color.or_else(|| match input {
        MapInput::Text(_) => match &field.color {
            ColorMode::Fixed { color } => Some(colors::resolve(color, ctx.theme)),
            _ => None,
        },
        _ => Some(scale_color(numeric, field, ctx)),
    });
    out
}

/// The colour a number gets from the field's colour mode (no mappings involved).
pub fn scale_color(value: Option<f64>, field: &FieldConfig, ctx: &DisplayContext) -> String {
    match &field.color {
        ColorMode::Fixed { color } => colors::resolve(color, ctx.theme),
        ColorMode::PaletteClassic => colors::series_color(ctx.series_index, ctx.theme),
        ColorMode::Thresholds => {
            let default;
            let steps = match &field.thresholds {
                Some(t) if !t.steps.is_empty() => t,
                _ => {
                    default = thresholds::grafana_default();
                    &default
                }
            };
            let min = field.min.or(ctx.data_min).unwrap_or(0.0);
            let max = field.max.or(ctx.data_max).unwrap_or(100.0);
            // Missing values take the base step, as Grafana's scale(-Infinity).
            let v = value.unwrap_or(f64::NEG_INFINITY);
            let name = thresholds::color_for(v, steps, min, max).unwrap_or(colors::FALLBACK_COLOR);
            colors::resolve(name, ctx.theme)
        }
    }
}

/// Whether `matcher` selects the series named `name` from query `ref_id`.
pub fn matches(matcher: &FieldMatcher, name: &str, ref_id: &str) -> bool {
    match matcher {
        FieldMatcher::Name(n) => n == name,
        FieldMatcher::Regex(pattern) => JsRegex::new(pattern).is_ok_and(|re| re.is_match(name)),
        FieldMatcher::Query(r) => r == ref_id,
        // Needs the series' values: panel evaluation resolves it (`transform::value_matches`).
        FieldMatcher::Value(_) => false,
    }
}

/// The field config for one series: `defaults` with every matching override applied in order.
/// `series_name` is the name before any override's `displayName` (Grafana matches on that).
pub fn resolve_field(
    defaults: &FieldConfig,
    overrides: &[Override],
    series_name: &str,
    ref_id: &str,
) -> FieldConfig {
    let mut field = defaults.clone();
    for o in overrides
        .iter()
        .filter(|o| matches(&o.matcher, series_name, ref_id))
    {
        let set = &o.set;
        if let Some(v) = &set.unit {
            field.unit = Some(v.clone());
        }
        if let Some(v) = set.decimals {
            field.decimals = Some(v);
        }
        if let Some(v) = set.min {
            field.min = Some(v);
        }
        if let Some(v) = set.max {
            field.max = Some(v);
        }
        if let Some(v) = &set.display_name {
            field.display_name = Some(v.clone());
        }
        if let Some(v) = &set.color {
            field.color = v.clone();
        }
        if let Some(v) = &set.thresholds {
            field.thresholds = Some(v.clone());
        }
        if let Some(v) = &set.mappings {
            field.mappings = v.clone();
        }
        if let Some(v) = set.axis_placement {
            field.style.axis_placement = v;
        }
        if let Some(v) = set.draw_style {
            field.style.draw_style = v;
        }
        if let Some(v) = set.fill_opacity {
            field.style.fill_opacity = v;
        }
        if let Some(v) = set.line_width {
            field.style.line_width = v;
        }
        if let Some(v) = set.stacking {
            field.style.stacking = v;
        }
        if let Some(v) = set.hidden {
            field.style.hidden = v;
        }
    }
    field
}

/// The name shown for a series: the field's `displayName` template if set, else `series_name`.
pub fn field_display_name(field: &FieldConfig, series_name: &str, labels: &Labels) -> String {
    match field.display_name.as_deref() {
        Some(t) if !t.is_empty() => legend::display_name(t, series_name, labels),
        _ => series_name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        FieldOverride, MappingResult, SpecialMatch, ThresholdStep, Thresholds, ThresholdsMode,
        ValueMapping,
    };

    fn ctx() -> DisplayContext {
        DisplayContext::default()
    }

    fn thresholds_field() -> FieldConfig {
        FieldConfig {
            unit: Some("percent".to_owned()),
            color: ColorMode::Thresholds,
            thresholds: Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps: vec![
                    ThresholdStep {
                        value: None,
                        color: "green".to_owned(),
                    },
                    ThresholdStep {
                        value: Some(90.0),
                        color: "red".to_owned(),
                    },
                ],
            }),
            ..FieldConfig::default()
        }
    }

    #[test]
    fn formats_and_colours() {
        let f = thresholds_field();
        let cases: &[(Option<f64>, &str, &str)] = &[
            (Some(50.0), "50%", "#73BF69"),
            (Some(90.0), "90%", "#F2495C"),
            (Some(99.5), "99.5%", "#F2495C"),
            (Some(f64::NAN), "NaN", "#73BF69"),
            (None, "", "#73BF69"),
        ];
        for (v, text, color) in cases {
            let d = display(*v, &f, &ctx());
            assert_eq!(d.to_string(), *text, "{v:?}");
            assert_eq!(d.color.as_deref(), Some(*color), "{v:?}");
        }
        let d = display(
            Some(1536.0),
            &FieldConfig {
                unit: Some("bytes".into()),
                ..FieldConfig::default()
            },
            &ctx(),
        );
        assert_eq!(
            (d.text.as_str(), d.suffix.as_str(), d.numeric),
            ("1.50", " KiB", Some(1536.0))
        );
    }

    #[test]
    fn no_value_text() {
        let f = FieldConfig {
            no_value: Some("N/A".to_owned()),
            ..FieldConfig::default()
        };
        assert_eq!(display(None, &f, &ctx()).text, "N/A");
        assert_eq!(display(None, &FieldConfig::default(), &ctx()).text, "");
    }

    #[test]
    fn mapping_wins_over_unit_and_thresholds() {
        let mut f = thresholds_field();
        f.mappings = vec![
            ValueMapping::Value {
                value: "95".to_owned(),
                result: MappingResult {
                    text: Some("almost".to_owned()),
                    color: Some("blue".to_owned()),
                },
            },
            ValueMapping::Special {
                r#match: SpecialMatch::Null,
                result: MappingResult {
                    text: Some("down".to_owned()),
                    color: None,
                },
            },
            ValueMapping::Value {
                value: "10".to_owned(),
                result: MappingResult {
                    text: None,
                    color: Some("purple".to_owned()),
                },
            },
        ];
        let d = display(Some(95.0), &f, &ctx());
        assert_eq!(
            (d.to_string().as_str(), d.color.as_deref()),
            ("almost", Some("#5794F2"))
        );
        let d = display(None, &f, &ctx());
        assert_eq!(
            (d.to_string().as_str(), d.color.as_deref()),
            ("down", Some("#73BF69"))
        );
        // Colour-only mapping keeps the formatted text.
        let d = display(Some(10.0), &f, &ctx());
        assert_eq!(
            (d.to_string().as_str(), d.color.as_deref()),
            ("10%", Some("#B877D9"))
        );
    }

    #[test]
    fn colour_modes() {
        let fixed = FieldConfig {
            color: ColorMode::Fixed {
                color: "orange".to_owned(),
            },
            ..FieldConfig::default()
        };
        assert_eq!(
            display(Some(1.0), &fixed, &ctx()).color.as_deref(),
            Some("#FF9830")
        );
        let palette = FieldConfig::default();
        let third = DisplayContext {
            series_index: 2,
            ..ctx()
        };
        assert_eq!(
            display(Some(1.0), &palette, &third).color.as_deref(),
            Some("#5794F2")
        );
        let light = DisplayContext {
            theme: Theme::Light,
            ..ctx()
        };
        let no_steps = FieldConfig {
            color: ColorMode::Thresholds,
            ..FieldConfig::default()
        };
        assert_eq!(
            display(Some(85.0), &no_steps, &light).color.as_deref(),
            Some("#E02F44")
        );
        assert_eq!(
            display(Some(5.0), &no_steps, &light).color.as_deref(),
            Some("#56A64B")
        );
        let text = display_input(MapInput::Text("api"), &no_steps, &ctx());
        assert_eq!(
            (text.text.as_str(), text.color, text.numeric),
            ("api", None, None)
        );
    }

    #[test]
    fn percentage_thresholds_use_field_then_data_range() {
        let mut f = thresholds_field();
        if let Some(t) = f.thresholds.as_mut() {
            t.mode = ThresholdsMode::Percentage;
            t.steps[1].value = Some(50.0);
        }
        let data = DisplayContext {
            data_min: Some(0.0),
            data_max: Some(10.0),
            ..ctx()
        };
        assert_eq!(
            display(Some(6.0), &f, &data).color.as_deref(),
            Some("#F2495C")
        );
        assert_eq!(
            display(Some(4.0), &f, &data).color.as_deref(),
            Some("#73BF69")
        );
        f.max = Some(20.0);
        assert_eq!(
            display(Some(6.0), &f, &data).color.as_deref(),
            Some("#73BF69")
        );
    }

    #[test]
    fn overrides_by_each_matcher_in_order() {
        let defaults = FieldConfig {
            unit: Some("short".to_owned()),
            ..FieldConfig::default()
        };
        let ov = |matcher: FieldMatcher, unit: &str| Override {
            matcher,
            set: FieldOverride {
                unit: Some(unit.to_owned()),
                ..FieldOverride::default()
            },
        };
        let overrides = vec![
            ov(FieldMatcher::Name("errors".to_owned()), "percent"),
            ov(FieldMatcher::Regex("lat.*".to_owned()), "s"),
            ov(FieldMatcher::Query("B".to_owned()), "bytes"),
            ov(FieldMatcher::Regex("/p99/".to_owned()), "ms"),
            ov(FieldMatcher::Regex("(bad".to_owned()), "never"),
        ];
        let cases: &[(&str, &str, &str)] = &[
            ("errors", "A", "percent"),
            ("errors total", "A", "short"),
            ("latency", "A", "s"),
            ("my latency", "A", "short"), // plain regexes are anchored
            ("latency", "B", "bytes"),    // later override wins
            ("latency p99", "A", "ms"),
            ("other", "C", "short"),
        ];
        for (name, ref_id, want) in cases {
            let f = resolve_field(&defaults, &overrides, name, ref_id);
            assert_eq!(f.unit.as_deref(), Some(*want), "{name} {ref_id}");
        }
        let styled = vec![Override {
            matcher: FieldMatcher::Name("x".to_owned()),
            set: FieldOverride {
                hidden: Some(true),
                fill_opacity: Some(30.0),
                display_name: Some("X ${__field.labels.job}".to_owned()),
                decimals: Some(2),
                ..FieldOverride::default()
            },
        }];
        let f = resolve_field(&defaults, &styled, "x", "A");
        assert!(f.style.hidden);
        assert_eq!((f.style.fill_opacity, f.decimals), (30.0, Some(2)));
        let labels: Labels = [("job".to_owned(), "api".to_owned())].into_iter().collect();
        assert_eq!(field_display_name(&f, "x", &labels), "X api");
        assert_eq!(field_display_name(&defaults, "x", &labels), "x");
    }
}
