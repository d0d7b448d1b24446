//! Annotation queries → time regions and markers for time-series panels.
//!
//! Contract:
//! - [`regions_from_series`] turns the decoded `query_range` result of one annotation query
//!   into [`TimeRegion`]s: per series, consecutive samples with a value ≠ 0 (NaN counts as 0)
//!   form one region `[first_t, last_t + step)`; a time step > 1.5 × `step_ms` (or a zero value)
//!   ends it. A region made of a single sample is a marker (`start_ms == end_ms`).
//! - An `ALERTS` series (metric name `ALERTS` or an `alertstate` label) is coloured by state:
//!   `pending` orange, `firing` red; its title defaults to `alertname`. Other series use the
//!   annotation's colour (Grafana `iconColor`, a name or CSS colour; grey when unparsable).
//! - `titleFormat` / `textFormat` are rendered with `{{label}}` substitution
//!   ([`render_legend`]); tags are the values of `tagKeys` present on the series.
//! - Regions come out sorted by start time, then title. Nothing here fetches: the app runs the
//!   queries ([`annotation_step_ms`] gives the step) and hands the results over.

use crate::chart::{Rgba, TimeRegion};
use crate::eval::colors::{self, Theme};
use crate::eval::legend::render_legend;
use crate::model::Annotation;
use crate::prom::duration::parse_duration_ms;
use crate::prom::step::{query_step, StepPlan};
use crate::prom::types::{Labels, Series};

/// Grafana's orange (pending alerts).
pub const PENDING: Rgba = Rgba::rgb(0xff, 0x98, 0x30);
/// Grafana's red (firing alerts).
pub const FIRING: Rgba = Rgba::rgb(0xf2, 0x49, 0x5c);

/// The step plan for an annotation query over `from..to`: at most 1000 points, never finer
/// than the annotation's own `step` (e.g. `60s`) when it parses.
pub fn annotation_step(ann: &Annotation, from_ms: i64, to_ms: i64) -> StepPlan {
    let min = ann
        .step
        .as_deref()
        .and_then(|s| parse_duration_ms(s.trim()).ok())
        .filter(|ms| *ms > 0);
    query_step(from_ms, to_ms, 1000, min, None)
}

/// Shorthand for `annotation_step(..).interval_ms`.
pub fn annotation_step_ms(ann: &Annotation, from_ms: i64, to_ms: i64) -> i64 {
    annotation_step(ann, from_ms, to_ms).interval_ms
}

fn is_alerts(labels: &Labels) -> bool {
    labels.get("__name__").is_some_and(|n| n == "ALERTS") || labels.contains_key("alertstate")
}

/// Colour of a region of `labels` under `ann`.
pub fn region_color(ann: &Annotation, labels: &Labels, theme: Theme) -> Rgba {
    if is_alerts(labels) {
        return match labels.get("alertstate").map(String::as_str) {
            Some("pending") => PENDING,
            _ => FIRING,
        };
    }
    colors::resolve_rgba(&ann.color, theme)
        .map(|c| Rgba::new(c.r, c.g, c.b, f64::from(c.a) / 255.0))
        .unwrap_or(Rgba::rgb(128, 128, 128))
}

fn title_of(ann: &Annotation, labels: &Labels) -> String {
    if !ann.title_format.trim().is_empty() {
        return render_legend(&ann.title_format, labels);
    }
    labels
        .get("alertname")
        .cloned()
        .unwrap_or_else(|| ann.name.clone())
}

/// Regions of every series of one annotation query.
pub fn regions_from_series(
    ann: &Annotation,
    series: &[Series],
    step_ms: i64,
    theme: Theme,
) -> Vec<TimeRegion> {
    let mut out = Vec::new();
    for s in series {
        let color = region_color(ann, &s.labels, theme);
        let title = title_of(ann, &s.labels);
        let text = if ann.text_format.trim().is_empty() {
            String::new()
        } else {
            render_legend(&ann.text_format, &s.labels)
        };
        let tags: Vec<String> = ann
            .tag_keys
            .iter()
            .filter_map(|k| s.labels.get(k).cloned())
            .collect();
        let state = s.labels.get("alertstate").cloned().unwrap_or_default();
        let n = s.t_ms.len().min(s.values.len());
        let mut run: Option<(i64, i64, usize)> = None; // (first, last, samples)
        let close = |run: Option<(i64, i64, usize)>, out: &mut Vec<TimeRegion>| {
            if let Some((first, last, count)) = run {
                let end_ms = if count == 1 {
                    first
                } else {
                    last + step_ms.max(0)
                };
                out.push(TimeRegion {
                    start_ms: first,
                    end_ms,
                    color,
                    title: title.clone(),
                    text: text.clone(),
                    tags: tags.clone(),
                    state: state.clone(),
                });
            }
        };
        for i in 0..n {
            let (t, v) = (s.t_ms[i], s.values[i]);
            let on = v != 0.0 && !v.is_nan();
            let gap = run.is_some_and(|(_, last, _)| {
                step_ms > 0 && (t - last) as f64 > 1.5 * step_ms as f64
            });
            if !on || gap {
                close(run.take(), &mut out);
            }
            if on {
                run = Some(match run {
                    Some((first, _, c)) => (first, t, c + 1),
                    None => (t, t, 1),
                });
            }
        }
        close(run.take(), &mut out);
    }
    out.sort_by(|a, b| a.start_ms.cmp(&b.start_ms).then(a.title.cmp(&b.title)));
    out
}

/// The regions under the time `t_ms` (markers within `tolerance_ms`), for a hover tooltip:
/// one line per region, `title` then `text` when present.
pub fn hover_lines(regions: &[TimeRegion], t_ms: i64, tolerance_ms: i64) -> Vec<String> {
    regions
        .iter()
        .filter(|r| {
            if r.start_ms == r.end_ms {
                (t_ms - r.start_ms).abs() <= tolerance_ms
            } else {
                t_ms >= r.start_ms && t_ms < r.end_ms
            }
        })
        .map(|r| {
            let mut line = r.title.clone();
            if !r.state.is_empty() {
                line.push_str(&format!(" ({})", r.state));
            }
            if !r.text.is_empty() {
                line.push_str(": ");
                line.push_str(&r.text);
            }
            line
        })
        .collect()
}

/// The hover lines at `x_px` (device pixels from the left of a `w_px` × `h_px` chart drawn
/// with `theme`): the regions under that time, markers within 4 px. Empty outside the plot.
pub fn hover_at(
    view: &crate::chart::TimeSeriesView,
    theme: &crate::chart::Theme,
    w_px: u32,
    h_px: u32,
    x_px: f64,
) -> Vec<String> {
    if view.regions.is_empty() {
        return Vec::new();
    }
    let Ok(layout) = crate::chart::layout_time_series(view, theme, w_px, h_px) else {
        return Vec::new();
    };
    let r = layout.plot_rect;
    if r.is_empty() || x_px < f64::from(r.x0) || x_px >= f64::from(r.x1) {
        return Vec::new();
    }
    let t = layout.t_of_x(x_px);
    let tolerance = (layout.t_of_x(x_px + theme.px(4.0)) - t).abs();
    hover_lines(&view.regions, t, tolerance)
}

/// Distinct states of `regions` in first-seen order, comma separated (`pending,firing`);
/// regions without a state count as `region`. For the DOM test hooks.
pub fn states_csv(regions: &[TimeRegion]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for r in regions {
        let s = if r.state.is_empty() {
            "region"
        } else {
            r.state.as_str()
        };
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join(",")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    fn ann() -> Annotation {
        Annotation {
            name: "Alerts".into(),
            enabled: true,
            datasource: None,
            expr: "ALERTS".into(),
            step: Some("60s".into()),
            title_format: String::new(),
            text_format: String::new(),
            tag_keys: Vec::new(),
            color: "blue".into(),
        }
    }

    fn series(labels: &[(&str, &str)], pts: &[(i64, f64)]) -> Series {
        Series {
            labels: labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            t_ms: pts.iter().map(|p| p.0).collect(),
            values: pts.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn runs_gaps_and_markers() {
        type Case<'a> = (&'a [(i64, f64)], &'a [(i64, i64)]);
        let cases: &[Case] = &[
            (&[], &[]),
            (&[(0, 1.0), (10, 1.0), (20, 1.0)], &[(0, 30)]),
            // a gap > 1.5 × step ends the region
            (
                &[(0, 1.0), (10, 1.0), (30, 1.0), (40, 1.0)],
                &[(0, 20), (30, 50)],
            ),
            // 1.5 × step exactly is not a gap
            (&[(0, 1.0), (15, 1.0)], &[(0, 25)]),
            // zeros and NaN end it
            (
                &[
                    (0, 1.0),
                    (10, 0.0),
                    (20, 2.0),
                    (30, f64::NAN),
                    (40, 1.0),
                    (50, 1.0),
                ],
                &[(0, 0), (20, 20), (40, 60)],
            ),
            // a single sample is a marker
            (&[(100, 1.0)], &[(100, 100)]),
        ];
        for (pts, want) in cases {
            let got: Vec<(i64, i64)> =
                regions_from_series(&ann(), &[series(&[("job", "x")], pts)], 10, Theme::Dark)
                    .iter()
                    .map(|r| (r.start_ms, r.end_ms))
                    .collect();
            assert_eq!(&got, want, "{pts:?}");
        }
    }

    #[test]
    fn alerts_colour_title_and_state() {
        let s = [
            series(
                &[
                    ("__name__", "ALERTS"),
                    ("alertname", "CircuitBreakerOpen"),
                    ("alertstate", "firing"),
                ],
                &[(60, 1.0), (70, 1.0)],
            ),
            series(
                &[
                    ("__name__", "ALERTS"),
                    ("alertname", "CircuitBreakerOpen"),
                    ("alertstate", "pending"),
                ],
                &[(0, 1.0), (10, 1.0)],
            ),
        ];
        let r = regions_from_series(&ann(), &s, 10, Theme::Dark);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].color, r[0].state.as_str()), (PENDING, "pending"));
        assert_eq!((r[1].color, r[1].state.as_str()), (FIRING, "firing"));
        assert_eq!(r[0].title, "CircuitBreakerOpen");
        assert_eq!(states_csv(&r), "pending,firing");
        assert_eq!(hover_lines(&r, 65, 0), vec!["CircuitBreakerOpen (firing)"]);
        assert!(hover_lines(&r, 50, 0).is_empty());
    }

    #[test]
    fn formats_tags_and_annotation_colour() {
        let mut a = ann();
        a.title_format = "{{job}} deploy".into();
        a.text_format = "version {{version}}".into();
        a.tag_keys = vec!["job".into(), "missing".into()];
        a.color = "#00ff00".into();
        let r = regions_from_series(
            &a,
            &[series(&[("job", "api"), ("version", "1.2")], &[(5, 1.0)])],
            10,
            Theme::Dark,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].title, "api deploy");
        assert_eq!(r[0].text, "version 1.2");
        assert_eq!(r[0].tags, vec!["api".to_owned()]);
        assert_eq!(r[0].color, Rgba::rgb(0, 255, 0));
        assert_eq!(r[0].start_ms, r[0].end_ms);
        assert_eq!(hover_lines(&r, 7, 5), vec!["api deploy: version 1.2"]);
        assert_eq!(states_csv(&r), "region");
    }

    #[test]
    fn hover_maps_pixels_to_regions() {
        use crate::chart::{Theme as ChartTheme, TimeSeriesView};
        let mut view = TimeSeriesView {
            x_range_ms: (0, 1_000_000),
            step_ms: 10_000,
            ..Default::default()
        };
        view.regions = regions_from_series(
            &ann(),
            &[series(
                &[("alertname", "A"), ("alertstate", "firing")],
                &[(500_000, 1.0), (510_000, 1.0), (520_000, 1.0)],
            )],
            10_000,
            Theme::Dark,
        );
        let theme = ChartTheme::dark(1.0);
        let layout = crate::chart::layout_time_series(&view, &theme, 800, 300).unwrap();
        let inside = layout.x_of_t(515_000);
        let outside = layout.x_of_t(200_000);
        assert_eq!(
            hover_at(&view, &theme, 800, 300, inside),
            vec!["A (firing)"]
        );
        assert!(hover_at(&view, &theme, 800, 300, outside).is_empty());
        assert!(hover_at(&view, &theme, 800, 300, -5.0).is_empty());
    }

    #[test]
    fn step_respects_annotation_step() {
        let mut a = ann();
        assert_eq!(annotation_step_ms(&a, 0, 900_000), 60_000);
        a.step = None;
        assert!(annotation_step_ms(&a, 0, 900_000) < 60_000);
        a.step = Some("bogus".into());
        assert!(annotation_step_ms(&a, 0, 900_000) < 60_000);
    }
}
