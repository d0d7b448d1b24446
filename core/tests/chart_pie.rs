//! The pie chart, asserted on bitmap pixels (slice colours at their angles, the donut hole,
//! the separators) and on the recorded text (labels and legend).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code"
)]

#[path = "chart_support.rs"]
mod support;

use promboard_core::chart::{
    draw_pie, pie_point, PieLabel, PieLegendPlacement, PieLegendView, PieSlice, PieView, Rgba,
    Theme,
};
use support::{close, pixel, recording_area, render_bitmap, texts};

const GREEN: Rgba = Rgba::rgb(0x73, 0xbf, 0x69);
const YELLOW: Rgba = Rgba::rgb(0xfa, 0xde, 0x2a);
const BLUE: Rgba = Rgba::rgb(0x57, 0x94, 0xf2);

fn rgb(c: Rgba) -> (u8, u8, u8) {
    (c.r, c.g, c.b)
}

fn slice(name: &str, value: f64, color: Rgba, pct: &str) -> PieSlice {
    PieSlice {
        name: name.into(),
        value,
        color,
        value_text: format!("{value}"),
        percent_text: pct.into(),
    }
}

/// 25 then 75 in data order: the larger slice starts at 12 o'clock and runs clockwise to 9.
fn split(donut: bool) -> PieView {
    PieView {
        slices: vec![
            slice("small", 25.0, YELLOW, "25%"),
            slice("big", 75.0, GREEN, "75%"),
        ],
        donut,
        labels: Vec::new(),
        legend: None,
    }
}

#[test]
fn a_75_25_split_at_2x() {
    let theme = Theme::dark(2.0);
    let (w, h) = (400u32, 400u32);
    let mut layout = None;
    let buf = render_bitmap(w, h, |area| {
        layout = Some(draw_pie(area, &split(false), &theme).unwrap());
    });
    let layout = layout.unwrap();
    assert_eq!(layout.center, (200.0, 200.0));
    assert_eq!(layout.radius_px, 200.0 - 8.0, "a 4 css px margin at dpr 2");
    assert_eq!(
        layout.angles_deg,
        vec![Some((270.0, 360.0)), Some((0.0, 270.0))]
    );
    let at = |deg: f64, frac: f64| {
        let (x, y) = pie_point(layout.center, layout.radius_px * frac, deg);
        pixel(&buf, w, x.round() as i32, y.round() as i32)
    };
    // The big slice covers 0°..270° (12 → 9 o'clock clockwise), the small one 270°..360°.
    for deg in [10.0, 45.0, 90.0, 135.0, 180.0, 225.0, 260.0] {
        for frac in [0.2, 0.5, 0.95] {
            assert_eq!(at(deg, frac), rgb(GREEN), "{deg}° at {frac} r");
        }
    }
    for deg in [280.0, 315.0, 350.0] {
        for frac in [0.2, 0.5, 0.95] {
            assert_eq!(at(deg, frac), rgb(YELLOW), "{deg}° at {frac} r");
        }
    }
    // Outside the circle is background; the arc is round (a pixel just inside the rim at an
    // odd angle is filled, one just outside is not).
    assert_eq!(at(45.0, 1.03), rgb(theme.background));
    assert_eq!(at(33.3, 0.985), rgb(GREEN));
    assert_eq!(pixel(&buf, w, 2, 2), rgb(theme.background));
    // A separator in the background colour runs up from the centre at 12 o'clock.
    assert!(
        close(at(0.0, 0.6), rgb(theme.background), 1),
        "{:?}",
        at(0.0, 0.6)
    );
    // Proportions: count the pixels of each colour.
    let (mut g, mut y) = (0u32, 0u32);
    for py in 0..h as i32 {
        for px in 0..w as i32 {
            match pixel(&buf, w, px, py) {
                c if c == rgb(GREEN) => g += 1,
                c if c == rgb(YELLOW) => y += 1,
                _ => {}
            }
        }
    }
    let share = f64::from(g) / f64::from(g + y);
    assert!((share - 0.75).abs() < 0.01, "green share {share}");
}

#[test]
fn donut_hole_shows_the_background() {
    let theme = Theme::light(1.0);
    let (w, h) = (300u32, 200u32);
    let mut layout = None;
    let buf = render_bitmap(w, h, |area| {
        layout = Some(draw_pie(area, &split(true), &theme).unwrap());
    });
    let layout = layout.unwrap();
    assert_eq!(layout.inner_radius_px, layout.radius_px * 0.6);
    let c = (layout.center.0 as i32, layout.center.1 as i32);
    assert_eq!(pixel(&buf, w, c.0, c.1), rgb(theme.background));
    let at = |deg: f64, frac: f64| {
        let (x, y) = pie_point(layout.center, layout.radius_px * frac, deg);
        pixel(&buf, w, x.round() as i32, y.round() as i32)
    };
    assert_eq!(at(45.0, 0.5), rgb(theme.background), "inside the hole");
    assert_eq!(at(45.0, 0.8), rgb(GREEN));
    assert_eq!(at(315.0, 0.8), rgb(YELLOW));
}

#[test]
fn single_slice_is_a_full_disc_without_separator() {
    let theme = Theme::dark(1.0);
    let view = PieView {
        slices: vec![slice("only", 5.0, BLUE, "100%")],
        ..PieView::default()
    };
    let mut layout = None;
    let buf = render_bitmap(200, 200, |area| {
        layout = Some(draw_pie(area, &view, &theme).unwrap());
    });
    let layout = layout.unwrap();
    for deg in [0.0, 1.0, 90.0, 180.0, 359.5] {
        let (x, y) = pie_point(layout.center, layout.radius_px * 0.5, deg);
        assert_eq!(
            pixel(&buf, 200, x.round() as i32, y.round() as i32),
            rgb(BLUE),
            "{deg}°"
        );
    }
}

#[test]
fn labels_on_wide_slices_and_a_legend_with_values() {
    let theme = Theme::dark(1.0);
    let view = PieView {
        slices: vec![
            slice("ok", 90.0, GREEN, "90%"),
            slice("err", 10.0, YELLOW, "10%"),
            slice("none", 0.0, BLUE, "0%"),
        ],
        donut: false,
        labels: vec![PieLabel::Name, PieLabel::Percent],
        legend: Some(PieLegendView {
            placement: PieLegendPlacement::Right,
            show_value: true,
            show_percent: true,
        }),
    };
    let (area, prims) = recording_area(500, 300);
    let layout = draw_pie(&area, &view, &theme).unwrap();
    let texts = texts(&prims.borrow());
    // The 90 % slice is labelled; the 10 % one (36°) is too, the zero slice has no angle.
    assert!(
        texts.contains(&"ok".to_owned()) && texts.contains(&"90%".to_owned()),
        "{texts:?}"
    );
    assert_eq!(layout.angles_deg[2], None);
    // The legend lists every slice, in data order, with value and percent.
    let legend: Vec<&String> = texts.iter().filter(|t| t.contains("  ")).collect();
    assert_eq!(legend, ["ok  90  90%", "err  10  10%", "none  0  0%"]);
    let lb = layout.legend.unwrap();
    assert!(
        layout.center.0 + layout.radius_px <= f64::from(lb.x0),
        "the pie leaves room for the legend"
    );
    // A narrow slice (5°) gets no label.
    let narrow = PieView {
        slices: vec![
            slice("big", 71.0, GREEN, "99%"),
            slice("tiny", 1.0, YELLOW, "1%"),
        ],
        labels: vec![PieLabel::Name],
        ..PieView::default()
    };
    let (area, prims) = recording_area(300, 300);
    draw_pie(&area, &narrow, &theme).unwrap();
    assert_eq!(texts_of(&prims.borrow()), ["big"]);
}

fn texts_of(prims: &[support::Prim]) -> Vec<String> {
    texts(prims)
}

#[test]
fn bottom_legend_wraps_below_the_pie() {
    let theme = Theme::light(1.0);
    let view = PieView {
        slices: (0..6)
            .map(|i| slice(&format!("destination-{i}"), f64::from(i + 1), BLUE, "x"))
            .collect(),
        legend: Some(PieLegendView {
            placement: PieLegendPlacement::Bottom,
            ..PieLegendView::default()
        }),
        ..PieView::default()
    };
    let (area, prims) = recording_area(300, 300);
    let layout = draw_pie(&area, &view, &theme).unwrap();
    let lb = layout.legend.unwrap();
    assert!(layout.center.1 + layout.radius_px <= f64::from(lb.y0));
    assert_eq!(
        texts(&prims.borrow()).len(),
        6,
        "every entry fits in wrapped rows"
    );
}
