//! Thresholds: which step a value falls in, and so its colour.
//!
//! Contract (Grafana's `getActiveThreshold`):
//! - Steps are taken in ascending order of value whatever order they were written in; a step
//!   with `value: None` is −∞ (the base). A value belongs to the last step whose value is
//!   `<=` it (equality goes **up**: 80 with a step at 80 is in that step).
//! - Without a base step, a value below every step still gets the lowest step (Grafana keeps
//!   the first step as the fallback).
//! - NaN falls in the lowest step (it is `>=` nothing). +Inf falls in the highest, −Inf in the
//!   lowest.
//! - Percentage mode compares `(value − min) / (max − min) × 100` with the step values; when
//!   `max <= min` the percentage is 0. `min`/`max` come from the caller (field config or data).
//! - No steps → `None`.

use crate::model::{ThresholdStep, Thresholds, ThresholdsMode};

/// Steps sorted ascending with the base (−∞) first; stable for equal values.
pub fn sorted_steps(thresholds: &Thresholds) -> Vec<&ThresholdStep> {
    let mut steps: Vec<&ThresholdStep> = thresholds.steps.iter().collect();
    steps.sort_by(|a, b| {
        let key = |s: &ThresholdStep| s.value.unwrap_or(f64::NEG_INFINITY);
        key(a).total_cmp(&key(b))
    });
    steps
}

/// The value thresholds compare against: the value itself (absolute) or its percentage of
/// `min..max` (percentage mode).
pub fn compare_value(value: f64, mode: ThresholdsMode, min: f64, max: f64) -> f64 {
    match mode {
        ThresholdsMode::Absolute => value,
        ThresholdsMode::Percentage => {
            if max > min {
                (value - min) / (max - min) * 100.0
            } else {
                0.0
            }
        }
    }
}

/// Index (into [`sorted_steps`]) of the step `value` falls in.
pub fn step_index(value: f64, thresholds: &Thresholds, min: f64, max: f64) -> Option<usize> {
    let steps = sorted_steps(thresholds);
    if steps.is_empty() {
        return None;
    }
    let v = compare_value(value, thresholds.mode, min, max);
    let mut active = 0;
    for (i, step) in steps.iter().enumerate() {
        let at = step.value.unwrap_or(f64::NEG_INFINITY);
        if v >= at {
            active = i;
        } else {
            break;
        }
    }
    Some(active)
}

/// The step `value` falls in.
pub fn active_step(
    value: f64,
    thresholds: &Thresholds,
    min: f64,
    max: f64,
) -> Option<&ThresholdStep> {
    let i = step_index(value, thresholds, min, max)?;
    sorted_steps(thresholds).get(i).copied()
}

/// The colour (as written, e.g. `green`) of the step `value` falls in.
pub fn color_for(value: f64, thresholds: &Thresholds, min: f64, max: f64) -> Option<&str> {
    active_step(value, thresholds, min, max).map(|s| s.color.as_str())
}

/// For roll-ups (e.g. a row summary): the highest step index reached by any of `values`, so
/// the worst state wins. `None` when there are no values or no steps.
pub fn worst(values: &[f64], thresholds: &Thresholds, min: f64, max: f64) -> Option<usize> {
    values
        .iter()
        .filter_map(|v| step_index(*v, thresholds, min, max))
        .max()
}

/// Grafana's default thresholds for a new panel: green, red from 80.
pub fn grafana_default() -> Thresholds {
    Thresholds {
        mode: ThresholdsMode::Absolute,
        steps: vec![
            ThresholdStep {
                value: None,
                color: "green".to_owned(),
            },
            ThresholdStep {
                value: Some(80.0),
                color: "red".to_owned(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th(mode: ThresholdsMode, steps: &[(Option<f64>, &str)]) -> Thresholds {
        Thresholds {
            mode,
            steps: steps
                .iter()
                .map(|(v, c)| ThresholdStep {
                    value: *v,
                    color: (*c).to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn absolute_steps() {
        let t = th(
            ThresholdsMode::Absolute,
            &[(None, "green"), (Some(80.0), "orange"), (Some(90.0), "red")],
        );
        let cases: &[(f64, &str)] = &[
            (-1e9, "green"),
            (0.0, "green"),
            (79.999, "green"),
            (80.0, "orange"), // equality goes up
            (89.0, "orange"),
            (90.0, "red"),
            (1e9, "red"),
            (f64::INFINITY, "red"),
            (f64::NEG_INFINITY, "green"),
            (f64::NAN, "green"),
        ];
        for (v, want) in cases {
            assert_eq!(color_for(*v, &t, 0.0, 100.0), Some(*want), "{v}");
        }
    }

    #[test]
    fn unsorted_and_baseless_steps() {
        let unsorted = th(
            ThresholdsMode::Absolute,
            &[(Some(90.0), "red"), (None, "green"), (Some(50.0), "yellow")],
        );
        assert_eq!(color_for(60.0, &unsorted, 0.0, 0.0), Some("yellow"));
        assert_eq!(color_for(95.0, &unsorted, 0.0, 0.0), Some("red"));
        assert_eq!(color_for(10.0, &unsorted, 0.0, 0.0), Some("green"));
        let baseless = th(
            ThresholdsMode::Absolute,
            &[(Some(10.0), "blue"), (Some(20.0), "red")],
        );
        assert_eq!(color_for(5.0, &baseless, 0.0, 0.0), Some("blue"));
        assert_eq!(color_for(20.0, &baseless, 0.0, 0.0), Some("red"));
        let empty = th(ThresholdsMode::Absolute, &[]);
        assert_eq!(color_for(5.0, &empty, 0.0, 0.0), None);
    }

    #[test]
    fn percentage_mode() {
        let t = th(
            ThresholdsMode::Percentage,
            &[(None, "green"), (Some(50.0), "orange"), (Some(75.0), "red")],
        );
        let cases: &[(f64, f64, f64, &str)] = &[
            (4.0, 0.0, 10.0, "green"),
            (5.0, 0.0, 10.0, "orange"),
            (7.5, 0.0, 10.0, "red"),
            (150.0, 100.0, 200.0, "orange"),
            (149.0, 100.0, 200.0, "green"),
            (99.0, 5.0, 5.0, "green"), // empty range: 0 %
        ];
        for (v, min, max, want) in cases {
            assert_eq!(
                color_for(*v, &t, *min, *max),
                Some(*want),
                "{v} in {min}..{max}"
            );
        }
    }

    #[test]
    fn worst_is_the_highest_step() {
        let t = grafana_default();
        assert_eq!(worst(&[1.0, 85.0, 3.0], &t, 0.0, 100.0), Some(1));
        assert_eq!(worst(&[1.0, 3.0], &t, 0.0, 100.0), Some(0));
        assert_eq!(worst(&[], &t, 0.0, 100.0), None);
    }
}
