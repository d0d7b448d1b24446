//! Time-series drawing, asserted on recorded primitives, SVG text and bitmap pixels.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

#[path = "chart_support.rs"]
mod support;

use promboard_core::chart::{
    draw_time_series, hit_test, stacked_values, AxisSide, AxisSpec, DrawStyle, Rgba, SeriesView,
    Stacked, Stacking, Theme, ThresholdStep, ThresholdsStyle, TimeSeriesView, ValueFormat,
};
use support::{paths_of, recording_area, render_bitmap, render_svg, texts, Prim};

/// 2023-11-14T22:00:00Z.
const FROM: i64 = 1_699_999_200_000;
const HOUR: i64 = 3_600_000;
const STEP: i64 = 15_000;
const GREEN: Rgba = Rgba::rgb(0x73, 0xbf, 0x69);
const YELLOW: Rgba = Rgba::rgb(0xfa, 0xde, 0x2a);
const RED: Rgba = Rgba::rgb(0xf2, 0x49, 0x5c);

fn times(n: usize, step: i64) -> Vec<i64> {
    (0..n as i64).map(|i| FROM + i * step).collect()
}

fn view<'a>(series: Vec<SeriesView<'a>>) -> TimeSeriesView<'a> {
    TimeSeriesView {
        series,
        x_range_ms: (FROM, FROM + HOUR),
        step_ms: STEP,
        decimate: true,
        ..Default::default()
    }
}

fn ramp(n: usize) -> Vec<f64> {
    (0..n).map(|i| i as f64 * 100.0 / (n - 1) as f64).collect()
}

#[test]
fn svg_has_axis_labels_and_one_polyline_per_series() {
    let t = times(241, STEP);
    let v = ramp(241);
    let w: Vec<f64> = v.iter().map(|x| 100.0 - x).collect();
    let view = view(vec![
        SeriesView::line("up", GREEN, &t[..], &v[..]),
        SeriesView::line("down", RED, &t[..], &w[..]),
    ]);
    let svg = render_svg(800, 300, |area| {
        draw_time_series(area, &view, &Theme::dark(1.0)).unwrap();
    });
    assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
    let labels = support::svg_texts(&svg);
    for label in ["22:10", "22:30", "22:50", "0", "40", "100"] {
        assert!(
            labels.iter().any(|l| l == label),
            "missing axis label {label} in {labels:?}"
        );
    }
}

#[test]
fn nan_and_missing_steps_are_gaps() {
    let t = times(241, STEP);
    let mut v = ramp(241);
    v[100] = f64::NAN;
    // A missing stretch of samples: 20 steps removed after index 180.
    let t2: Vec<i64> = t
        .iter()
        .copied()
        .filter(|x| !(FROM + 181 * STEP..FROM + 201 * STEP).contains(x))
        .collect();
    let v2 = ramp(t2.len());
    let inf: Vec<f64> = (0..241)
        .map(|i| if i == 50 { f64::INFINITY } else { 1.0 })
        .collect();
    type Case<'a> = (&'a str, &'a [i64], &'a [f64], usize);
    let cases: &[Case] = &[
        ("nan", &t, &v, 2),
        ("missing steps", &t2, &v2, 2),
        ("inf", &t, &inf, 2),
        ("whole", &t, &ramp(241), 1),
    ];
    for (name, t, v, want) in cases {
        let (area, prims) = recording_area(800, 300);
        draw_time_series(
            &area,
            &view(vec![SeriesView::line(*name, GREEN, *t, *v)]),
            &Theme::dark(1.0),
        )
        .unwrap();
        let paths = paths_of(&prims.borrow(), GREEN);
        assert_eq!(paths.len(), *want, "{name}: {paths:?}");
    }
}

#[test]
fn gaps_survive_decimation() {
    let n = 100_000;
    let step = HOUR / n as i64;
    let t = times(n, step);
    let mut v: Vec<f64> = (0..n)
        .map(|i| ((i as f64) * 0.01).sin() * 50.0 + 50.0)
        .collect();
    v[40_000] = f64::NAN;
    v[70_000] = f64::NAN;
    let mut vw = view(vec![SeriesView::line("dense", GREEN, &t[..], &v[..])]);
    vw.step_ms = step;
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    let paths = paths_of(&prims.borrow(), GREEN);
    assert_eq!(paths.len(), 3);
    let drawn: usize = paths.iter().map(Vec::len).sum();
    assert!(
        drawn <= 4 * layout.plot_rect.width() as usize + 12,
        "decimation should bound points by width, got {drawn}"
    );
}

#[test]
fn lines_stay_inside_the_plot_with_hard_limits() {
    let t = times(241, STEP);
    let v: Vec<f64> = (0..241)
        .map(|i| if i % 40 < 20 { 150.0 } else { -50.0 })
        .collect();
    let mut vw = view(vec![SeriesView::line("spiky", GREEN, &t[..], &v[..])]);
    vw.y = AxisSpec {
        min: Some(0.0),
        max: Some(100.0),
        ..Default::default()
    };
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    assert_eq!((layout.y_left.min, layout.y_left.max), (0.0, 100.0));
    let r = layout.plot_rect;
    for p in paths_of(&prims.borrow(), GREEN).iter().flatten() {
        assert!(
            p.0 >= r.x0 && p.0 < r.x1 && p.1 >= r.y0 && p.1 < r.y1,
            "{p:?} outside {r:?}"
        );
    }
}

#[test]
fn log_axis_ticks_and_labels() {
    let t = times(241, STEP);
    let v: Vec<f64> = (0..241).map(|i| 10f64.powf(i as f64 / 60.0)).collect(); // 1 … 10^4
    let mut vw = view(vec![SeriesView::line("exp", GREEN, &t[..], &v[..])]);
    vw.y = AxisSpec {
        log_base: Some(10.0),
        ..Default::default()
    };
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    assert_eq!(layout.y_left.ticks, vec![1.0, 10.0, 100.0, 1000.0, 10000.0]);
    let labels = texts(&prims.borrow());
    for want in ["1", "10", "100", "1000", "10000"] {
        assert!(labels.iter().any(|l| l == want), "{want} not in {labels:?}");
    }
    // Equal ratios are equal distances on a log axis.
    let y = |v: f64| layout.y_of_v(AxisSide::Left, v).unwrap();
    assert!(((y(1.0) - y(10.0)) - (y(100.0) - y(1000.0))).abs() < 1e-6);
    // A zero on a log axis is a gap.
    let mut z = v.clone();
    z[120] = 0.0;
    let mut vw = view(vec![SeriesView::line("exp", GREEN, &t[..], &z[..])]);
    vw.y = AxisSpec {
        log_base: Some(10.0),
        ..Default::default()
    };
    let (area, prims) = recording_area(800, 300);
    draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    assert_eq!(paths_of(&prims.borrow(), GREEN).len(), 2);
}

#[test]
fn formatter_and_right_axis() {
    let t = times(241, STEP);
    let a = ramp(241);
    let b: Vec<f64> = a.iter().map(|x| x * 1000.0).collect();
    let mut right = SeriesView::line("bytes", RED, &t[..], &b[..]);
    right.axis = AxisSide::Right;
    let mut vw = view(vec![SeriesView::line("pct", GREEN, &t[..], &a[..]), right]);
    vw.y = AxisSpec {
        format: ValueFormat::new(|v| format!("{v}%")),
        label: Some("usage".into()),
        ..Default::default()
    };
    vw.right_axis = Some(AxisSpec {
        format: ValueFormat::new(|v| format!("{} kB", v / 1000.0)),
        ..Default::default()
    });
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    let right_scale = layout.y_right.clone().unwrap();
    assert_eq!(right_scale.max, 100_000.0);
    let prims = prims.borrow();
    let mut saw_left = false;
    let mut saw_right = false;
    for p in prims.iter() {
        if let Prim::Text { text, at, .. } = p {
            if text == "100%" {
                saw_left = at.0 < layout.plot_rect.x0;
            }
            if text == "100 kB" {
                saw_right = at.0 >= layout.plot_rect.x1;
            }
        }
    }
    assert!(saw_left && saw_right, "{:?}", texts(&prims));
    assert!(texts(&prims).contains(&"usage".to_string()));
    // Both series end at the top of their own axis.
    let top = |c| paths_of(&prims, c).last().unwrap().last().unwrap().1;
    assert_eq!(top(GREEN), layout.plot_rect.y0);
    assert_eq!(top(RED), layout.plot_rect.y0);
}

#[test]
fn stacked_values_normal_and_percent() {
    let t = [FROM, FROM + STEP, FROM + 2 * STEP];
    let a = [1.0, 2.0, f64::NAN];
    let b = [3.0, 2.0, 5.0];
    let c = [9.0, 9.0, 9.0];
    let mut hidden = SeriesView::line("c", YELLOW, &t[..], &c[..]);
    hidden.hidden = true;
    let mut vw = view(vec![
        SeriesView::line("a", GREEN, &t[..], &a[..]),
        SeriesView::line("b", RED, &t[..], &b[..]),
        hidden,
    ]);
    vw.stacking = Stacking::Normal;
    let st = stacked_values(&vw);
    assert_eq!(st[0].base, vec![0.0, 0.0, 0.0]);
    assert_eq!(st[0].top[..2], [1.0, 2.0]);
    assert!(st[0].top[2].is_nan());
    assert_eq!(
        st[1],
        Stacked {
            base: vec![1.0, 2.0, 0.0],
            top: vec![4.0, 4.0, 5.0]
        }
    );
    assert_eq!(st[2], Stacked::default());
    vw.stacking = Stacking::Percent;
    let st = stacked_values(&vw);
    assert_eq!(
        st[1],
        Stacked {
            base: vec![0.25, 0.5, 0.0],
            top: vec![1.0, 1.0, 1.0]
        }
    );
    // Percent stacks draw on a 0..1 axis and the top series runs along its top edge.
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    assert_eq!((layout.y_left.min, layout.y_left.max), (0.0, 1.0));
    let red = paths_of(&prims.borrow(), RED);
    assert!(
        red.iter().flatten().all(|p| p.1 == layout.plot_rect.y0),
        "{red:?}"
    );
}

#[test]
fn stacked_fill_is_a_band_between_series() {
    let t = times(241, STEP);
    let ones = vec![1.0; 241];
    let mut lower = SeriesView::line("lower", GREEN, &t[..], &ones[..]);
    lower.fill_opacity = 0.5;
    let mut upper = SeriesView::line("upper", RED, &t[..], &ones[..]);
    upper.fill_opacity = 0.5;
    let mut vw = view(vec![lower, upper]);
    vw.stacking = Stacking::Normal;
    vw.y = AxisSpec {
        min: Some(0.0),
        max: Some(2.0),
        ..Default::default()
    };
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    let mid = layout.y_of_v(AxisSide::Left, 1.0).unwrap().round() as i32;
    let polys: Vec<(Rgba, Vec<(i32, i32)>)> = prims
        .borrow()
        .iter()
        .filter_map(|p| match p {
            Prim::Polygon { points, color } => Some((*color, points.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(polys.len(), 2);
    let ys = |c: Rgba| {
        let pts = &polys
            .iter()
            .find(|(col, _)| (col.r, col.g, col.b) == (c.r, c.g, c.b))
            .unwrap()
            .1;
        (
            pts.iter().map(|p| p.1).min().unwrap(),
            pts.iter().map(|p| p.1).max().unwrap(),
        )
    };
    assert_eq!(ys(GREEN), (mid, layout.plot_rect.y1 - 1));
    assert_eq!(ys(RED), (layout.plot_rect.y0, mid));
    assert!(polys.iter().all(|(c, _)| c.a == 0.5));
}

#[test]
fn threshold_areas_and_lines_in_pixels() {
    let theme = Theme::dark(1.0);
    let t = times(241, STEP);
    let v = vec![f64::NAN; 241];
    let mut vw = view(vec![SeriesView::line("none", GREEN, &t[..], &v[..])]);
    vw.y = AxisSpec {
        min: Some(0.0),
        max: Some(100.0),
        ..Default::default()
    };
    vw.thresholds = vec![
        ThresholdStep {
            value: Some(80.0),
            color: RED,
        },
        ThresholdStep {
            value: None,
            color: GREEN,
        },
    ];
    vw.thresholds_style = ThresholdsStyle::LineAndArea;
    let (w, h) = (800, 300);
    let mut layout = None;
    let buf = render_bitmap(w, h, |area| {
        layout = Some(draw_time_series(area, &vw, &theme).unwrap())
    });
    let layout = layout.unwrap();
    let x = (layout.plot_rect.x0 + layout.plot_rect.x1) / 2 + 3; // off the vertical grid lines
    let y_of = |v: f64| layout.y_of_v(AxisSide::Left, v).unwrap().round() as i32;
    let px = |y: i32| support::pixel(&buf, w, x, y);
    let red_area = support::blend(theme.background, RED.with_alpha(0.15));
    let green_area = support::blend(theme.background, GREEN.with_alpha(0.15));
    assert!(
        support::close(px(y_of(90.0)), red_area, 2),
        "{:?} vs {red_area:?}",
        px(y_of(90.0))
    );
    assert!(
        support::close(px(y_of(33.0)), green_area, 2),
        "{:?} vs {green_area:?}",
        px(y_of(33.0))
    );
    assert_eq!(px(y_of(80.0)), (RED.r, RED.g, RED.b), "threshold line");
}

#[test]
fn bars_and_points() {
    let t = times(5, 12 * 60_000);
    let v = [10.0, 20.0, 30.0, f64::NAN, 50.0];
    let mut bars = SeriesView::line("bars", GREEN, &t[..], &v[..]);
    bars.draw_style = DrawStyle::Bars;
    let mut pts = SeriesView::line("pts", RED, &t[..], &v[..]);
    pts.draw_style = DrawStyle::Points;
    let mut vw = view(vec![bars, pts]);
    vw.step_ms = 12 * 60_000;
    vw.y = AxisSpec {
        min: Some(0.0),
        max: Some(50.0),
        ..Default::default()
    };
    let (area, prims) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    let prims = prims.borrow();
    let bar_rects: Vec<_> = prims
        .iter()
        .filter_map(|p| match p {
            Prim::Rect { a, b, color, .. }
                if (color.r, color.g, color.b) == (GREEN.r, GREEN.g, GREEN.b) =>
            {
                Some((*a, *b))
            }
            _ => None,
        })
        .collect();
    assert_eq!(bar_rects.len(), 4, "{bar_rects:?}");
    let bottom = layout.plot_rect.y1;
    for ((a, b), v) in bar_rects.iter().zip([10.0, 20.0, 30.0, 50.0]) {
        assert_eq!(b.1, bottom);
        assert_eq!(
            a.1,
            layout.y_of_v(AxisSide::Left, v).unwrap().round() as i32
        );
    }
    let circles = prims
        .iter()
        .filter(|p| matches!(p, Prim::Circle { color, .. } if *color == RED))
        .count();
    // The first sample sits on the plot's left edge; x_of_t(t[0]) is inside, so all 4 count.
    assert_eq!(circles, 4);
}

#[test]
fn hidpi_scales_lines_and_text() {
    let t = times(241, STEP);
    let v = ramp(241);
    let mut s = SeriesView::line("s", GREEN, &t[..], &v[..]);
    s.line_width = 1.5;
    let vw = view(vec![s]);
    let (area, prims) = recording_area(1600, 600);
    draw_time_series(&area, &vw, &Theme::dark(2.0)).unwrap();
    let prims = prims.borrow();
    assert!(prims
        .iter()
        .any(|p| matches!(p, Prim::Path { width: 3, .. })));
    assert!(prims
        .iter()
        .all(|p| !matches!(p, Prim::Text { size, .. } if *size != 24.0)));
    // Grid lines are whole-pixel rectangles two device pixels thick.
    assert!(prims.iter().any(
        |p| matches!(p, Prim::Rect { a, b, filled: true, .. } if b.1 - a.1 == 2 && b.0 - a.0 > 100)
    ));
}

#[test]
fn hover_snaps_and_sorts() {
    let t = times(241, STEP);
    let a = vec![1.0; 241];
    let b = vec![3.0; 241];
    let mut c = vec![2.0; 241];
    c[120] = f64::NAN;
    let vw = view(vec![
        SeriesView::line("a", GREEN, &t[..], &a[..]),
        SeriesView::line("b", RED, &t[..], &b[..]),
        SeriesView::line("c", YELLOW, &t[..], &c[..]),
    ]);
    let (area, _) = recording_area(800, 300);
    let layout = draw_time_series(&area, &vw, &Theme::dark(1.0)).unwrap();
    let x = layout.x_of_t(FROM + 120 * STEP + 4_000);
    let y = f64::from(layout.plot_rect.y0 + 10);
    let hover = hit_test(&vw, &layout, x, y).unwrap();
    assert_eq!(hover.t_ms, FROM + 120 * STEP);
    let names: Vec<&str> = hover.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["b", "a", "c"]);
    assert!(hover.values[2].value.is_nan() && hover.values[2].y_px.is_none());
    assert_eq!(hover.values[0].y_px, layout.y_of_v(AxisSide::Left, 3.0));
    assert!((layout.t_of_x(hover.x_px) - hover.t_ms).abs() <= STEP / 2);
    assert_eq!(hit_test(&vw, &layout, 1.0, y), None);
    assert_eq!(
        hit_test(&vw, &layout, x, f64::from(layout.plot_rect.y1 + 5)),
        None
    );
}

#[test]
fn empty_range_is_an_error_and_empty_data_is_not() {
    let (area, _) = recording_area(800, 300);
    let mut vw = view(vec![]);
    assert!(draw_time_series(&area, &vw, &Theme::light(1.0)).is_ok());
    vw.x_range_ms = (FROM, FROM);
    let err = draw_time_series(&area, &vw, &Theme::light(1.0)).unwrap_err();
    assert!(err.to_string().contains("time range is empty"), "{err}");
    let (tiny, prims) = recording_area(10, 10);
    let layout = draw_time_series(&tiny, &view(vec![]), &Theme::light(1.0)).unwrap();
    assert!(layout.plot_rect.is_empty());
    assert_eq!(prims.borrow().len(), 1, "only the background");
}

#[test]
fn regions_are_bands_behind_series_and_markers_dashed_lines() {
    use promboard_core::chart::TimeRegion;
    let (w, h) = (600u32, 300u32);
    let theme = Theme::dark(1.0);
    let orange = Rgba::rgb(0xff, 0x98, 0x30);
    let region = |start_ms: i64, end_ms: i64, color: Rgba| TimeRegion {
        start_ms,
        end_ms,
        color,
        title: "CircuitBreakerOpen".into(),
        text: String::new(),
        tags: Vec::new(),
        state: "firing".into(),
    };
    let mut vw = view(Vec::new());
    vw.y.min = Some(0.0);
    vw.y.max = Some(100.0);
    vw.regions = vec![
        region(FROM + HOUR / 4, FROM + HOUR / 2, RED),
        region(FROM + 3 * HOUR / 4, FROM + 3 * HOUR / 4, orange),
        // wholly outside: nothing
        region(FROM - 2 * HOUR, FROM - HOUR, GREEN),
    ];
    let mut layout = None;
    let buf = render_bitmap(w, h, |area| {
        layout = Some(draw_time_series(area, &vw, &theme).unwrap())
    });
    let layout = layout.unwrap();
    let r = layout.plot_rect;
    let px = |x: i32, y: i32| support::pixel(&buf, w, x, y);
    let band_x = layout.x_of_t(FROM + 3 * HOUR / 8).round() as i32 + 3;
    let mid_y = (r.y0 + r.y1) / 2 + 3;
    let band = support::blend(theme.background, RED.with_alpha(0.15));
    assert!(
        support::close(px(band_x, mid_y), band, 2),
        "{:?} vs {band:?}",
        px(band_x, mid_y)
    );
    // The top strip is the full colour.
    assert!(support::close(
        px(band_x, r.y0 + 1),
        (RED.r, RED.g, RED.b),
        2
    ));
    // Outside the band: background (off grid lines).
    let out_x = layout.x_of_t(FROM + HOUR / 8).round() as i32 + 3;
    assert!(support::close(
        px(out_x, mid_y),
        support::blend(theme.background, theme.background),
        2
    ));
    // The marker: orange somewhere in its column near the top.
    let mx = layout.x_of_t(FROM + 3 * HOUR / 4).round() as i32;
    assert!(
        (r.y0..r.y0 + 8).any(|y| support::close(px(mx, y), (orange.r, orange.g, orange.b), 2)),
        "no marker at x={mx}"
    );
}
