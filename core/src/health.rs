//! Dashboard health: each panel's worst threshold state rolled up into one status for the
//! header, the document title and the favicon (wall screens).
//!
//! Contract:
//! - A panel's state comes from its single values (stat, gauge and bar-gauge items) against
//!   the panel's default thresholds ([`thresholds::worst`]); the colour name of the worst step
//!   decides: any red (`red`, `dark-red`, `#f2495c` …) → critical, orange or yellow → warning,
//!   anything else → ok. Panels without thresholds or single values have no state (`None`).
//! - The dashboard status is the worst panel state, `Ok` when no panel has one.
//! - Text, CSS colour, title prefix and favicon are fixed per status.

use crate::eval::thresholds;
use crate::model::{FieldConfig, ThresholdsMode};
use crate::panel::PanelView;

/// Ordered: a later variant is worse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    #[default]
    Ok,
    Warning,
    Critical,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Critical => "critical",
        }
    }
    /// Header text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warning => "Warning",
            Self::Critical => "Critical",
        }
    }
    /// CSS colour (Grafana's green / orange / red).
    pub fn css_color(self) -> &'static str {
        match self {
            Self::Ok => "#73bf69",
            Self::Warning => "#ff9830",
            Self::Critical => "#f2495c",
        }
    }
    /// Document title prefix: empty when ok.
    pub fn title_prefix(self) -> &'static str {
        match self {
            Self::Ok => "",
            Self::Warning => "● WARNING — ",
            Self::Critical => "● CRITICAL — ",
        }
    }
    /// A favicon: an SVG dot of the status colour, as a data URL.
    pub fn favicon_data_url(self) -> String {
        let color = self.css_color().replace('#', "%23");
        format!(
            "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='{color}'/%3E%3C/svg%3E"
        )
    }
}

/// The state a threshold colour name stands for.
pub fn classify_color(name: &str) -> Health {
    let n = name.trim().to_ascii_lowercase();
    const RED_HEX: [&str; 5] = ["#f2495c", "#c4162a", "#e02f44", "#ff7383", "#ffa6b0"];
    const WARN_HEX: [&str; 4] = ["#ff9830", "#fade2a", "#fa6400", "#f2cc0c"];
    if n.contains("red") || RED_HEX.contains(&n.as_str()) {
        Health::Critical
    } else if n.contains("orange") || n.contains("yellow") || WARN_HEX.contains(&n.as_str()) {
        Health::Warning
    } else {
        Health::Ok
    }
}

/// The single values a view shows (stat, gauge and bar-gauge items).
pub fn single_values(view: &PanelView) -> Vec<f64> {
    match view {
        PanelView::Stat(s) => s.items.iter().filter_map(|i| i.value.numeric).collect(),
        PanelView::Gauge(g) => g.items.iter().filter_map(|i| i.value.numeric).collect(),
        PanelView::BarGauge(b) => b.items.iter().filter_map(|i| i.numeric).collect(),
        _ => Vec::new(),
    }
}

/// The state of one panel's values under its default field config.
pub fn panel_health(field: &FieldConfig, values: &[f64]) -> Option<Health> {
    let t = field.thresholds.as_ref()?;
    let (min, max) = match t.mode {
        ThresholdsMode::Percentage => (field.min.unwrap_or(0.0), field.max.unwrap_or(100.0)),
        ThresholdsMode::Absolute => (field.min.unwrap_or(0.0), field.max.unwrap_or(1.0)),
    };
    let ix = thresholds::worst(values, t, min, max)?;
    let steps = thresholds::sorted_steps(t);
    steps.get(ix).map(|s| classify_color(&s.color))
}

/// The dashboard status: the worst of the panels' states.
pub fn rollup(states: impl IntoIterator<Item = Option<Health>>) -> Health {
    states.into_iter().flatten().max().unwrap_or(Health::Ok)
}

/// Panels that are critical in `next` but were not in `prev` (for opt-in notifications).
pub fn newly_critical(
    prev: &std::collections::BTreeMap<u32, Health>,
    next: &std::collections::BTreeMap<u32, Health>,
) -> Vec<u32> {
    next.iter()
        .filter(|(id, h)| **h == Health::Critical && prev.get(id) != Some(&Health::Critical))
        .map(|(id, _)| *id)
        .collect()
}

/// Notification title and body for a panel that turned critical.
pub fn notification_text(dashboard: &str, panel: &str) -> (String, String) {
    (
        format!("● CRITICAL — {dashboard}"),
        format!("Panel “{panel}” crossed its critical threshold."),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    #[test]
    fn transitions_to_critical() {
        use std::collections::BTreeMap;
        let prev: BTreeMap<u32, Health> =
            [(1, Health::Ok), (2, Health::Critical), (3, Health::Warning)].into();
        let next: BTreeMap<u32, Health> = [
            (1, Health::Critical),
            (2, Health::Critical),
            (3, Health::Warning),
            (4, Health::Critical),
        ]
        .into();
        assert_eq!(newly_critical(&prev, &next), vec![1, 4]);
        assert!(newly_critical(&next, &next).is_empty());
        assert_eq!(notification_text("D", "P").0, "● CRITICAL — D");
    }
    use crate::model::{ThresholdStep, Thresholds};

    fn field(steps: &[(Option<f64>, &str)]) -> FieldConfig {
        FieldConfig {
            thresholds: Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps: steps
                    .iter()
                    .map(|(v, c)| ThresholdStep {
                        value: *v,
                        color: (*c).to_owned(),
                    })
                    .collect(),
            }),
            ..FieldConfig::default()
        }
    }

    #[test]
    fn colours_classify() {
        for (name, want) in [
            ("red", Health::Critical),
            ("dark-red", Health::Critical),
            ("#F2495C", Health::Critical),
            ("orange", Health::Warning),
            ("semi-dark-yellow", Health::Warning),
            ("green", Health::Ok),
            ("blue", Health::Ok),
            ("", Health::Ok),
        ] {
            assert_eq!(classify_color(name), want, "{name}");
        }
    }

    #[test]
    fn panels_and_rollup() {
        let f = field(&[(None, "green"), (Some(50.0), "orange"), (Some(90.0), "red")]);
        let cases: &[(&[f64], Option<Health>)] = &[
            (&[], None),
            (&[10.0], Some(Health::Ok)),
            (&[10.0, 60.0], Some(Health::Warning)),
            (&[95.0, 60.0], Some(Health::Critical)),
        ];
        for (vals, want) in cases {
            assert_eq!(panel_health(&f, vals), *want, "{vals:?}");
        }
        assert_eq!(panel_health(&FieldConfig::default(), &[99.0]), None);
        assert_eq!(
            rollup([None, Some(Health::Warning), Some(Health::Ok)]),
            Health::Warning
        );
        assert_eq!(rollup([None]), Health::Ok);
        assert_eq!(Health::Critical.title_prefix(), "● CRITICAL — ");
        assert!(Health::Critical.favicon_data_url().contains("%23f2495c"));
    }
}
