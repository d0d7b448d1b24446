//! Grafana's pie charts: `piechart` (Grafana 8+) and the legacy `grafana-piechart-panel` plugin.
//!
//! Contract: modern `options` (`pieType`, `reduceOptions`, `legend`, `displayLabels`,
//! `tooltip`) win; the legacy top-level keys (`pieType`, `legendType`, `legend.values` /
//! `legend.percentage`, `valueName`, `format`, `aliasColors`) are used when the panel has no
//! modern options for them (Grafana's own migration does the same). `aliasColors` become
//! fixed-colour overrides. What promboard does not do is said: combining small slices into
//! "Others" (Warning), the legacy "On graph" legend (Info, drawn at the right), legend sorting
//! (Info) and hover tooltips on slices (Info: the legend and labels carry the values).

use serde_json::Value;

use crate::model::{
    ColorMode, FieldMatcher, FieldOverride, LegendMode, LegendPlacement, Override, Panel,
    PanelKind, PieLegend, PieOptions, PieType, PieValue, TooltipMode,
};

use super::json::{arr, get_bool, get_nonempty, get_num, get_str, str_of};
use super::panels::reducer_id;
use super::Importer;

fn pie_value(s: &str) -> Option<PieValue> {
    match s {
        "name" => Some(PieValue::Name),
        "value" => Some(PieValue::Value),
        "percent" => Some(PieValue::Percent),
        _ => None,
    }
}

fn pie_type(s: Option<String>) -> Option<PieType> {
    match s.as_deref() {
        Some("donut") => Some(PieType::Donut),
        Some("pie") => Some(PieType::Pie),
        _ => None,
    }
}

impl Importer<'_> {
    pub(crate) fn piechart(&mut self, p: &Value, path: &str, panel: &mut Panel) -> PanelKind {
        let opts = p.get("options").unwrap_or(&Value::Null);
        let opath = format!("{path}.options");
        let mut o = PieOptions::default();
        // Value reduction: modern reduceOptions, else legacy valueName.
        if opts.get("reduceOptions").is_some() {
            o.reduce = self.reduce(opts.get("reduceOptions"), &format!("{opath}.reduceOptions"));
        } else if let Some(v) = get_nonempty(p, "valueName") {
            o.reduce.calcs = vec![reducer_id(&v)];
        }
        o.pie_type = pie_type(get_str(opts, "pieType"))
            .or_else(|| pie_type(get_str(p, "pieType")))
            .unwrap_or_default();
        o.display_labels = arr(opts, "displayLabels")
            .iter()
            .filter_map(str_of)
            .filter_map(|s| pie_value(&s))
            .collect();
        // Legend.
        if let Some(l) = opts.get("legend") {
            o.legend = self.pie_legend(l, &format!("{opath}.legend"));
        } else {
            o.legend = self.legacy_pie_legend(p, path);
        }
        let tooltip = opts.get("tooltip").and_then(|t| get_str(t, "mode"));
        o.tooltip = match tooltip.as_deref() {
            Some("multi") => TooltipMode::Multi,
            Some("none") | Some("hidden") => TooltipMode::None,
            _ => TooltipMode::Single,
        };
        if o.tooltip != TooltipMode::None {
            self.info(
                &format!("{opath}.tooltip"),
                "pie slices show no hover tooltip; the legend and labels carry the values",
            );
        }
        // Legacy leftovers.
        if panel.field.unit.is_none() {
            panel.field.unit = get_nonempty(p, "format");
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
        if let Some(t) = p
            .get("combine")
            .and_then(|c| get_num(c, "threshold"))
            .filter(|t| *t > 0.0)
        {
            self.warn(
                &format!("{path}.combine.threshold"),
                format!(
                    "slices under `{t}` are not combined into one \"Others\" slice; each is drawn"
                ),
            );
        }
        PanelKind::PieChart(o)
    }

    fn pie_legend(&mut self, l: &Value, path: &str) -> PieLegend {
        let mut out = PieLegend {
            show: get_bool(l, "showLegend").unwrap_or(true),
            ..PieLegend::default()
        };
        match get_str(l, "displayMode").as_deref() {
            Some("table") => out.mode = LegendMode::Table,
            Some("hidden") => out.show = false,
            _ => {}
        }
        if get_bool(l, "asTable") == Some(true) {
            out.mode = LegendMode::Table;
        }
        out.placement = match get_str(l, "placement").as_deref() {
            Some("bottom") => LegendPlacement::Bottom,
            _ => LegendPlacement::Right,
        };
        out.values = arr(l, "values")
            .iter()
            .filter_map(str_of)
            .filter_map(|s| pie_value(&s))
            .filter(|v| *v != PieValue::Name)
            .collect();
        if let Some(s) = get_nonempty(l, "sortBy") {
            self.info(
                &format!("{path}.sortBy"),
                format!("legend sort by `{s}` is not carried over; entries keep the data order"),
            );
        }
        out
    }

    /// The plugin's `legendType` ("Right side", "Under graph", "On graph") and `legend`.
    fn legacy_pie_legend(&mut self, p: &Value, path: &str) -> PieLegend {
        let mut out = PieLegend::default();
        let legend = p.get("legend").unwrap_or(&Value::Null);
        out.show = get_bool(legend, "show").unwrap_or(true);
        match get_str(p, "legendType").as_deref() {
            Some("Under graph") => out.placement = LegendPlacement::Bottom,
            Some("On graph") => self.info(
                &format!("{path}.legendType"),
                "legend type `On graph` is drawn as a legend at the right",
            ),
            _ => {}
        }
        if get_bool(legend, "values") == Some(true) {
            out.values.push(PieValue::Value);
        }
        if get_bool(legend, "percentage") == Some(true) {
            out.values.push(PieValue::Percent);
        }
        out
    }
}
