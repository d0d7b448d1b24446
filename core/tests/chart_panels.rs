//! Stat, gauge, bar gauge, heatmap and state timeline, asserted on recorded primitives and
//! bitmap pixels.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

#[path = "chart_support.rs"]
mod support;

use promboard_core::chart::{
    bar_length_px, draw_bar_gauge, draw_gauge, draw_heatmap, draw_stat, draw_state_timeline,
    fit_font_px, gauge_angle_deg, BarGaugeDisplay, BarGaugeView, BarOrientation, BarView,
    GaugeView, HeatmapView, PxRect, Rgba, Sparkline, StatColorMode, StatView, StateRegion,
    StateRow, StateTimelineView, Theme, ThresholdStep,
};
use support::{pixel, recording_area, render_bitmap, texts, Prim};

const GREEN: Rgba = Rgba::rgb(0x73, 0xbf, 0x69);
const RED: Rgba = Rgba::rgb(0xf2, 0x49, 0x5c);
const FROM: i64 = 1_699_999_200_000;
const HOUR: i64 = 3_600_000;

fn rgb(c: Rgba) -> (u8, u8, u8) {
    (c.r, c.g, c.b)
}

#[test]
fn stat_text_colour_and_size_by_mode() {
    let theme = Theme::dark(1.0);
    type Case = (StatColorMode, Rgba);
    let cases: [Case; 3] = [
        (StatColorMode::Value, RED),
        (StatColorMode::None, theme.text),
        (StatColorMode::BackgroundSolid, RED.contrast_text()),
    ];
    for (mode, want) in cases {
        let view = StatView {
            value_text: "42.1".into(),
            unit_text: " ms".into(),
            color: RED,
            color_mode: mode,
            sparkline: None,
        };
        let (area, prims) = recording_area(300, 120);
        draw_stat(&area, &view, &theme).unwrap();
        let prims = prims.borrow();
        let Some(Prim::Text {
            text,
            color,
            size,
            at,
        }) = prims.iter().find(|p| matches!(p, Prim::Text { .. }))
        else {
            panic!("no text for {mode:?}")
        };
        assert_eq!(text, "42.1 ms");
        assert_eq!(*color, want, "{mode:?}");
        assert_eq!(*size, fit_font_px(7, 300.0 - 8.0, 120.0 - 8.0), "{mode:?}");
        assert_eq!(*at, (150, 60));
    }
}

#[test]
fn stat_background_pixels_and_sparkline() {
    let theme = Theme::dark(1.0);
    let t: Vec<i64> = (0..100).map(|i| FROM + i * 15_000).collect();
    let mut v: Vec<f64> = (0..100).map(|i| f64::from(i % 10)).collect();
    v[50] = f64::NAN;
    let view = StatView {
        value_text: "9".into(),
        unit_text: String::new(),
        color: RED,
        color_mode: StatColorMode::BackgroundSolid,
        sparkline: Some(Sparkline {
            t_ms: t.into(),
            values: v.into(),
        }),
    };
    let buf = render_bitmap(200, 100, |area| draw_stat(area, &view, &theme).unwrap());
    assert_eq!(
        pixel(&buf, 200, 2, 2),
        rgb(RED),
        "solid background in the value colour"
    );
    let (area, prims) = recording_area(200, 100);
    draw_stat(&area, &view, &theme).unwrap();
    let lines = prims
        .borrow()
        .iter()
        .filter(|p| matches!(p, Prim::Path { .. }))
        .count();
    assert_eq!(lines, 2, "the NaN splits the sparkline");
}

#[test]
fn gauge_arc_ends_at_the_value_angle() {
    let theme = Theme::dark(1.0);
    for (value, want_deg) in [(50.0, 270.0_f64), (25.0, 210.0), (100.0, 390.0)] {
        let view = GaugeView {
            value,
            min: 0.0,
            max: 100.0,
            thresholds: vec![
                ThresholdStep {
                    value: None,
                    color: GREEN,
                },
                ThresholdStep {
                    value: Some(80.0),
                    color: RED,
                },
            ],
            value_text: format!("{value}%"),
            color: GREEN,
            show_threshold_markers: true,
        };
        let (area, prims) = recording_area(400, 300);
        let layout = draw_gauge(&area, &view, &theme).unwrap();
        assert_eq!(layout.value_angle_deg, gauge_angle_deg(value, 0.0, 100.0));
        let prims = prims.borrow();
        let polys: Vec<(Rgba, Vec<(i32, i32)>)> = prims
            .iter()
            .filter_map(|p| match p {
                Prim::Polygon { points, color } => Some((*color, points.clone())),
                _ => None,
            })
            .collect();
        // Track, value arc, then two threshold bands (green 0..80, red 80..100).
        assert_eq!(polys.len(), 4, "{value}");
        let value_arc = &polys[1];
        assert_eq!(value_arc.0, GREEN);
        let outer_end = value_arc.1[value_arc.1.len() / 2 - 1];
        let (cx, cy) = layout.center;
        let deg = (f64::from(outer_end.1) - cy)
            .atan2(f64::from(outer_end.0) - cx)
            .to_degrees()
            .rem_euclid(360.0);
        assert!(
            (deg - want_deg.rem_euclid(360.0)).abs() < 1.5,
            "value {value}: arc ends at {deg}°"
        );
        assert_eq!(polys[3].0, RED);
        assert!(texts(&prims).contains(&format!("{value}%")));
    }
}

#[test]
fn bar_gauge_lengths_both_orientations() {
    let theme = Theme::dark(1.0);
    let bar = |name: &str, value: f64| BarView {
        name: name.into(),
        value,
        min: 0.0,
        max: 100.0,
        color: GREEN,
        value_text: format!("{value}"),
        thresholds: vec![],
    };
    for orientation in [BarOrientation::Horizontal, BarOrientation::Vertical] {
        let view = BarGaugeView {
            bars: vec![bar("a", 25.0), bar("b", 100.0), bar("c", f64::NAN)],
            display: BarGaugeDisplay::Basic,
            orientation,
            show_unfilled: true,
        };
        let (area, prims) = recording_area(600, 300);
        let rects = draw_bar_gauge(&area, &view, &theme).unwrap();
        assert_eq!(rects.len(), 3);
        let len = |r: &PxRect| {
            if orientation == BarOrientation::Horizontal {
                r.width()
            } else {
                r.height()
            }
        };
        let full = len(&rects[1]);
        assert_eq!(
            len(&rects[0]),
            bar_length_px(25.0, 0.0, 100.0, full),
            "{orientation:?}"
        );
        assert!((len(&rects[0]) * 4 - full).abs() <= 2);
        assert!(rects[2].is_empty());
        let green_rects = prims
            .borrow()
            .iter()
            .filter(|p| matches!(p, Prim::Rect { color, .. } if *color == GREEN))
            .count();
        assert_eq!(green_rects, 2, "{orientation:?}");
        if orientation == BarOrientation::Vertical {
            assert_eq!(
                rects[0].y1, rects[1].y1,
                "vertical bars grow up from a common base"
            );
        } else {
            assert_eq!(rects[0].x0, rects[1].x0);
        }
    }
}

#[test]
fn bar_gauge_lcd_and_gradient_colours() {
    let theme = Theme::dark(1.0);
    let steps = vec![
        ThresholdStep {
            value: None,
            color: GREEN,
        },
        ThresholdStep {
            value: Some(50.0),
            color: RED,
        },
    ];
    let bar = BarView {
        name: "x".into(),
        value: 75.0,
        min: 0.0,
        max: 100.0,
        color: RED,
        value_text: "75".into(),
        thresholds: steps,
    };
    let mut view = BarGaugeView {
        bars: vec![bar],
        display: BarGaugeDisplay::Lcd,
        orientation: BarOrientation::Horizontal,
        show_unfilled: true,
    };
    let (area, prims) = recording_area(600, 100);
    draw_bar_gauge(&area, &view, &theme).unwrap();
    let cells: Vec<Rgba> = prims
        .borrow()
        .iter()
        .filter_map(|p| match p {
            Prim::Rect { color, .. } if rgb(*color) == rgb(GREEN) || rgb(*color) == rgb(RED) => {
                Some(*color)
            }
            _ => None,
        })
        .collect();
    let lit_green = cells.iter().filter(|c| **c == GREEN).count();
    let lit_red = cells.iter().filter(|c| **c == RED).count();
    let dim = cells.iter().filter(|c| c.a < 1.0).count();
    assert!(lit_green > 0 && lit_red > 0 && dim > 0, "{cells:?}");
    assert!(
        (lit_green as i32 - 2 * lit_red as i32).abs() <= 1,
        "0..50 green, 50..75 red: {lit_green} vs {lit_red}"
    );
    view.display = BarGaugeDisplay::Gradient;
    let (area, prims) = recording_area(600, 100);
    draw_bar_gauge(&area, &view, &theme).unwrap();
    let prims = prims.borrow();
    let chunk_colors: Vec<Rgba> = prims
        .iter()
        .filter_map(|p| match p {
            Prim::Rect { color, .. } if color.a == 1.0 && *color != theme.background => {
                Some(*color)
            }
            _ => None,
        })
        .collect();
    assert_eq!(chunk_colors.first(), Some(&GREEN));
    assert_eq!(chunk_colors.last(), Some(&RED));
}

#[test]
fn heatmap_cell_colours_in_pixels() {
    let theme = Theme::dark(1.0);
    let from = Rgba::rgb(0, 0, 80);
    let to = Rgba::rgb(255, 200, 0);
    let step = 10 * 60_000;
    let view = HeatmapView {
        x_range_ms: (FROM, FROM + HOUR),
        t_ms: (0..6).map(|i| FROM + i * step).collect(),
        step_ms: step,
        bucket_labels: vec!["0.1".into(), "0.5".into(), "+Inf".into()],
        counts: (0..6).map(|i| vec![f64::from(i), 10.0, 0.0]).collect(),
        color_from: from,
        color_to: to,
        sqrt_scale: false,
        tz_offset_min: 0,
    };
    let (w, h) = (600, 300);
    let mut plot = PxRect::default();
    let buf = render_bitmap(w, h, |area| {
        plot = draw_heatmap(area, &view, &theme).unwrap()
    });
    let row_h = plot.height() / 3;
    let cell = |col: i64, bucket: i32| {
        let x = ((f64::from(plot.x0) + (col as f64 + 0.5) / 6.0 * f64::from(plot.width())) as i32)
            .min(plot.x1 - 1);
        let y = plot.y1 - row_h * bucket - row_h / 2;
        pixel(&buf, w, x, y)
    };
    assert_eq!(cell(3, 1), rgb(to), "max count");
    assert_eq!(cell(0, 0), rgb(theme.background), "zero count: no cell");
    assert_eq!(cell(5, 0), rgb(from.lerp(to, 0.5)));
    assert_eq!(cell(2, 2), rgb(theme.background));
    let (area, prims) = recording_area(w, h);
    draw_heatmap(&area, &view, &theme).unwrap();
    let labels = texts(&prims.borrow());
    for want in ["0.1", "0.5", "+Inf"] {
        assert!(labels.contains(&want.to_string()), "{labels:?}");
    }
}

#[test]
fn state_timeline_regions_and_text_that_fits() {
    let theme = Theme::dark(1.0);
    let view = StateTimelineView {
        rows: vec![
            StateRow {
                name: "api".into(),
                regions: vec![
                    StateRegion {
                        start_ms: FROM - HOUR,
                        end_ms: FROM + HOUR / 2,
                        text: "OK".into(),
                        color: GREEN,
                    },
                    StateRegion {
                        start_ms: FROM + HOUR / 2,
                        end_ms: FROM + HOUR / 2 + 20_000,
                        text: "Degraded".into(),
                        color: RED,
                    },
                    StateRegion {
                        start_ms: FROM + HOUR,
                        end_ms: FROM,
                        text: "reversed".into(),
                        color: RED,
                    },
                ],
            },
            StateRow {
                name: "db".into(),
                regions: vec![StateRegion {
                    start_ms: FROM,
                    end_ms: FROM + HOUR,
                    text: "Down".into(),
                    color: RED,
                }],
            },
        ],
        x_range_ms: (FROM, FROM + HOUR),
        tz_offset_min: 0,
        row_height: 0.9,
        show_values: true,
    };
    let (area, prims) = recording_area(800, 200);
    let plot = draw_state_timeline(&area, &view, &theme).unwrap();
    let prims = prims.borrow();
    let labels = texts(&prims);
    for want in ["api", "db", "OK", "Down"] {
        assert!(
            labels.contains(&want.to_string()),
            "{want} missing from {labels:?}"
        );
    }
    assert!(
        !labels.contains(&"Degraded".to_string()),
        "a 20 s region is too narrow for its text"
    );
    let rects: Vec<(BackendRect, Rgba)> = prims
        .iter()
        .filter_map(|p| match p {
            Prim::Rect { a, b, color, .. } if *color == GREEN || *color == RED => {
                Some(((*a, *b), *color))
            }
            _ => None,
        })
        .collect();
    assert_eq!(rects.len(), 3, "{rects:?}");
    let ok = rects[0].0;
    assert_eq!(ok.0 .0, plot.x0, "clipped to the range start");
    assert_eq!(
        ok.1 .0,
        (f64::from(plot.x0) + f64::from(plot.width() - 1) / 2.0).round() as i32
    );
    assert!(rects[2].0 .0 .1 > ok.1 .1, "second row below the first");
}

type BackendRect = ((i32, i32), (i32, i32));
