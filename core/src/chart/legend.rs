//! Legend of a time-series panel: its rows and calc columns, which series the user hid, and
//! the chart's text alternative.
//!
//! Contract:
//! - The calcs (`mean`, `max`, `lastNotNull` …) are computed by evaluation with the reducers of
//!   `eval::reduce` and formatted in the series' unit (`panel::LegendItem::calcs`); here they
//!   become columns (table) or `label value` pairs (list), in the panel's order.
//! - Visibility is a pure reducer over [`LegendState`] (series hidden by the user, by name, so it
//!   survives refreshes), as Grafana's legend: a click isolates the series (all others hidden),
//!   a click on the only visible series shows all again; ctrl/cmd-click toggles one series.
//! - [`apply_visibility`] marks the hidden series `hidden` in the chart view, so they are not
//!   drawn and the value axis follows the visible ones; it returns `None` when nothing changes
//!   (the app then keeps drawing the original view).
//! - A legend renders its rows a page at a time ([`rows_shown`], [`LEGEND_PAGE_ROWS`]): the
//!   next page comes when the user scrolls to its end or asks for it ([`more_rows_text`]), so a
//!   panel with 1,000 series does not build 1,000 rows of DOM before it can be used. The model
//!   itself always holds every row (visibility, counts and the text alternative cover all).
//! - [`text_alternative`] summarises the chart for screen readers: title, visible series, range
//!   and each visible series' calcs (or last value when the legend has none).

use std::collections::BTreeSet;

use super::timeseries::TimeSeriesView;
use crate::model::{Legend, LegendMode, LegendPlacement};
use crate::panel::{units_group, LegendItem};

/// Series hidden from the chart by legend clicks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LegendState {
    hidden: BTreeSet<String>,
}

impl LegendState {
    pub fn is_visible(&self, name: &str) -> bool {
        !self.hidden.contains(name)
    }
    /// Whether every series is shown.
    pub fn shows_all(&self) -> bool {
        self.hidden.is_empty()
    }
}

/// A legend interaction on the entry at `index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendAction {
    /// Plain click (or Enter / Space): isolate, or show all when already isolated.
    Isolate(usize),
    /// Ctrl / cmd click: show or hide this one series.
    Toggle(usize),
    /// Show every series.
    ShowAll,
}

/// The state after `action` on a legend listing `names` (see the module contract).
pub fn reduce(state: &LegendState, names: &[String], action: LegendAction) -> LegendState {
    match action {
        LegendAction::ShowAll => LegendState::default(),
        LegendAction::Isolate(i) => {
            let Some(name) = names.get(i) else {
                return state.clone();
            };
            let only_this = names.iter().all(|n| (n == name) == state.is_visible(n));
            if only_this {
                LegendState::default()
            } else {
                LegendState {
                    hidden: names.iter().filter(|n| *n != name).cloned().collect(),
                }
            }
        }
        LegendAction::Toggle(i) => {
            let Some(name) = names.get(i) else {
                return state.clone();
            };
            let mut next = state.clone();
            if !next.hidden.remove(name) {
                next.hidden.insert(name.clone());
            }
            next
        }
    }
}

/// The action for a click on entry `index` with or without ctrl / cmd.
pub fn click_action(index: usize, ctrl_or_cmd: bool) -> LegendAction {
    if ctrl_or_cmd {
        LegendAction::Toggle(index)
    } else {
        LegendAction::Isolate(index)
    }
}

/// `view` with the user-hidden series marked hidden; `None` when that changes nothing.
pub fn apply_visibility(
    view: &TimeSeriesView<'static>,
    state: &LegendState,
) -> Option<TimeSeriesView<'static>> {
    let changes = view
        .series
        .iter()
        .any(|s| !s.hidden && !state.is_visible(&s.name));
    if !changes {
        return None;
    }
    let mut next = view.clone();
    for s in &mut next.series {
        if !state.is_visible(&s.name) {
            s.hidden = true;
        }
    }
    Some(next)
}

/// How the legend is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendDisplay {
    List,
    Table,
    /// Not shown; the app still renders it for screen readers only.
    Hidden,
}

/// One legend entry, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    /// Index of the series in the view (and in `LegendItem`s).
    pub index: usize,
    pub name: String,
    /// CSS colour of the swatch.
    pub color: String,
    /// One formatted value per column.
    pub calcs: Vec<String>,
    pub visible: bool,
    /// The list form: `name  Mean: 1 s  Max: 2 s`.
    pub list_text: String,
    /// The button's accessible name, with what a click does.
    pub label: String,
}

/// The legend of a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendModel {
    pub display: LegendDisplay,
    /// Beside the chart rather than below it.
    pub right: bool,
    /// Calc column headers (`Mean`, `Max` …).
    pub columns: Vec<String>,
    pub rows: Vec<LegendRow>,
}

impl LegendModel {
    /// How many series are shown (`data-visible-series`).
    pub fn visible_count(&self) -> usize {
        self.rows.iter().filter(|r| r.visible).count()
    }
}

/// The legend for `items` (one per series, in series order) under `opts` and `state`.
pub fn legend_model(items: &[LegendItem], opts: &Legend, state: &LegendState) -> LegendModel {
    let columns: Vec<String> = items
        .first()
        .map(|i| i.calcs.iter().map(|c| c.0.clone()).collect())
        .unwrap_or_default();
    let isolated = items.iter().filter(|i| state.is_visible(&i.name)).count() == 1;
    let rows = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let visible = state.is_visible(&item.name);
            let calcs: Vec<String> = item.calcs.iter().map(|c| c.1.clone()).collect();
            let pairs: String = item
                .calcs
                .iter()
                .map(|(k, v)| format!("  {k}: {v}"))
                .collect();
            let action = if visible && isolated {
                "click to show all series"
            } else {
                "click to show only this series, ctrl-click to toggle it"
            };
            LegendRow {
                index,
                name: item.name.clone(),
                color: item.color.clone(),
                calcs,
                visible,
                list_text: format!("{}{pairs}", item.name),
                label: format!(
                    "{}{} ({}; {action})",
                    item.name,
                    pairs.replace("  ", ", ").trim_end(),
                    if visible { "shown" } else { "hidden" },
                ),
            }
        })
        .collect();
    LegendModel {
        display: match (opts.show, opts.mode) {
            (false, _) => LegendDisplay::Hidden,
            (true, LegendMode::List) => LegendDisplay::List,
            (true, LegendMode::Table) => LegendDisplay::Table,
        },
        right: opts.placement == LegendPlacement::Right,
        columns,
        rows,
    }
}

/// Rows per legend page (see the module contract).
pub const LEGEND_PAGE_ROWS: usize = 100;

/// How many of `total` rows a legend renders after the user asked for `pages` pages (at least
/// one page).
pub fn rows_shown(total: usize, pages: usize) -> usize {
    total.min(pages.max(1).saturating_mul(LEGEND_PAGE_ROWS))
}

/// The text of the button that renders the next page, when rows remain unrendered.
pub fn more_rows_text(total: usize, shown: usize) -> Option<String> {
    let left = total.checked_sub(shown).filter(|&n| n > 0)?;
    let next = left.min(LEGEND_PAGE_ROWS);
    Some(format!(
        "Show {next} more ({} of {} series listed)",
        units_group(shown),
        units_group(total)
    ))
}

/// What a hidden legend (read by screen readers only, no buttons) says about the rows it did
/// not render.
pub fn unlisted_rows_text(total: usize, shown: usize) -> Option<String> {
    let left = total.checked_sub(shown).filter(|&n| n > 0)?;
    Some(format!("{} more series not listed.", units_group(left)))
}

/// Whether a legend scrolled to `scroll_top` (of `scroll_height`, `client_height` visible) is
/// within about two rows of its end: time to render the next page.
pub fn scrolled_near_end(scroll_top: f64, client_height: f64, scroll_height: f64) -> bool {
    const NEAR_PX: f64 = 48.0;
    scroll_height > client_height && scroll_top + client_height + NEAR_PX >= scroll_height
}

/// The chart's text alternative (see the module contract). `last` gives a series' last value
/// as text, used when the legend has no calcs.
pub fn text_alternative(
    title: &str,
    view: &TimeSeriesView,
    legend: &LegendModel,
    last: impl Fn(usize) -> Option<String>,
) -> String {
    let (from, to) = view.x_range_ms;
    let when = |t| crate::time::format_time(t, view.tz_offset_min, "YYYY-MM-DD HH:mm");
    let shown: Vec<&LegendRow> = legend.rows.iter().filter(|r| r.visible).collect();
    let title = if title.is_empty() {
        "Time series".to_owned()
    } else {
        format!("Time series “{title}”")
    };
    let mut out = format!(
        "{title}, {} to {}: {} of {} series shown",
        when(from),
        when(to),
        shown.len(),
        legend.rows.len()
    );
    let parts: Vec<String> = shown
        .iter()
        .map(|r| {
            if legend.columns.is_empty() {
                match last(r.index) {
                    Some(v) => format!("{} last {v}", r.name),
                    None => r.name.clone(),
                }
            } else {
                let calcs: Vec<String> = legend
                    .columns
                    .iter()
                    .zip(&r.calcs)
                    .map(|(k, v)| format!("{} {v}", k.to_lowercase()))
                    .collect();
                format!("{} {}", r.name, calcs.join(", "))
            }
        })
        .collect();
    if !parts.is_empty() {
        out.push_str(": ");
        out.push_str(&parts.join("; "));
    }
    out.push('.');
    out
}

/// The last finite value of series `index`, in its axis unit (for [`text_alternative`]).
pub fn last_value_text(view: &TimeSeriesView, index: usize) -> Option<String> {
    let s = view.series.get(index)?;
    let v = s.values.iter().rev().find(|v| v.is_finite())?;
    Some(match (s.axis, &view.right_axis) {
        (super::AxisSide::Right, Some(right)) => right.format.format(*v),
        _ => view.y.format.format(*v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Rgba, SeriesView};

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    fn hidden(s: &LegendState) -> Vec<&str> {
        s.hidden.iter().map(String::as_str).collect()
    }

    #[test]
    fn reducer_table() {
        let n = names(&["a", "b", "c"]);
        let all = LegendState::default();
        let only_b = reduce(&all, &n, LegendAction::Isolate(1));
        let cases: Vec<(&str, LegendState, LegendAction, Vec<&str>)> = vec![
            (
                "click isolates",
                all.clone(),
                LegendAction::Isolate(1),
                vec!["a", "c"],
            ),
            (
                "click again shows all",
                only_b.clone(),
                LegendAction::Isolate(1),
                vec![],
            ),
            (
                "click another isolates it",
                only_b.clone(),
                LegendAction::Isolate(0),
                vec!["b", "c"],
            ),
            (
                "ctrl-click hides one",
                all.clone(),
                LegendAction::Toggle(2),
                vec!["c"],
            ),
            (
                "ctrl-click shows a hidden one",
                only_b.clone(),
                LegendAction::Toggle(0),
                vec!["c"],
            ),
            (
                "ctrl-click the last shown hides it",
                only_b.clone(),
                LegendAction::Toggle(1),
                vec!["a", "b", "c"],
            ),
            ("show all", only_b.clone(), LegendAction::ShowAll, vec![]),
            (
                "out of range is a no-op",
                only_b.clone(),
                LegendAction::Isolate(9),
                vec!["a", "c"],
            ),
            (
                "toggle out of range is a no-op",
                all.clone(),
                LegendAction::Toggle(9),
                vec![],
            ),
        ];
        for (what, state, action, want) in cases {
            assert_eq!(hidden(&reduce(&state, &n, action)), want, "{what}");
        }
    }

    #[test]
    fn isolate_after_toggles_that_left_one_shown_shows_all() {
        let n = names(&["a", "b"]);
        let s = reduce(&LegendState::default(), &n, LegendAction::Toggle(0));
        // Only b is shown now, so clicking b shows all.
        assert!(reduce(&s, &n, LegendAction::Isolate(1)).shows_all());
    }

    #[test]
    fn legend_pages() {
        // (total, pages) → rows rendered, the "more" button's text.
        let cases: [(usize, usize, usize, Option<&str>); 7] = [
            (0, 1, 0, None),
            (3, 1, 3, None),
            (100, 1, 100, None),
            (101, 1, 100, Some("Show 1 more (100 of 101 series listed)")),
            (
                1000,
                0,
                100,
                Some("Show 100 more (100 of 1,000 series listed)"),
            ),
            (
                1000,
                9,
                900,
                Some("Show 100 more (900 of 1,000 series listed)"),
            ),
            (1000, 10, 1000, None),
        ];
        for (total, pages, shown, more) in cases {
            assert_eq!(
                rows_shown(total, pages),
                shown,
                "{total} rows, {pages} pages"
            );
            assert_eq!(
                more_rows_text(total, shown).as_deref(),
                more,
                "{total}, {shown}"
            );
        }
        assert_eq!(
            unlisted_rows_text(1000, 100).as_deref(),
            Some("900 more series not listed.")
        );
        assert_eq!(unlisted_rows_text(100, 100), None);
        assert_eq!(rows_shown(5, usize::MAX), 5);
        assert_eq!(more_rows_text(5, 9), None, "more shown than there are");
    }

    #[test]
    fn scrolled_near_end_table() {
        // (scroll top, visible height, content height) → render the next page?
        let cases = [
            (0.0, 200.0, 2000.0, false),
            (1700.0, 200.0, 2000.0, false),
            (1752.0, 200.0, 2000.0, true),
            (1800.0, 200.0, 2000.0, true),
            (0.0, 200.0, 200.0, false), // nothing to scroll: the button is there
        ];
        for (top, client, height, want) in cases {
            assert_eq!(
                scrolled_near_end(top, client, height),
                want,
                "{top} {client} {height}"
            );
        }
    }

    #[test]
    fn click_action_table() {
        assert_eq!(click_action(3, false), LegendAction::Isolate(3));
        assert_eq!(click_action(3, true), LegendAction::Toggle(3));
    }

    fn view() -> TimeSeriesView<'static> {
        TimeSeriesView {
            series: vec![
                SeriesView::line("a", Rgba::rgb(1, 1, 1), vec![0, 1], vec![1.0, 2.0]),
                SeriesView::line("b", Rgba::rgb(2, 2, 2), vec![0, 1], vec![100.0, 200.0]),
            ],
            x_range_ms: (0, 60_000),
            ..TimeSeriesView::default()
        }
    }

    #[test]
    fn apply_visibility_hides_by_name() {
        let v = view();
        assert!(apply_visibility(&v, &LegendState::default()).is_none());
        let s = reduce(
            &LegendState::default(),
            &names(&["a", "b"]),
            LegendAction::Isolate(0),
        );
        let out = apply_visibility(&v, &s).unwrap_or_default();
        let flags: Vec<bool> = out.series.iter().map(|s| s.hidden).collect();
        assert_eq!(flags, [false, true]);
        // A series already hidden by the panel stays hidden and alone changes nothing.
        let mut v2 = v.clone();
        v2.series[1].hidden = true;
        assert!(apply_visibility(&v2, &s).is_none());
    }

    #[test]
    fn hidden_series_leave_the_value_axis() {
        use crate::chart::{layout_time_series, Theme};
        let v = view();
        let theme = Theme::dark(1.0);
        let full = layout_time_series(&v, &theme, 800, 300).unwrap_or_else(|e| panic!("{e}"));
        let s = reduce(
            &LegendState::default(),
            &names(&["a", "b"]),
            LegendAction::Isolate(0),
        );
        let only_a = apply_visibility(&v, &s).unwrap_or_default();
        let small = layout_time_series(&only_a, &theme, 800, 300).unwrap_or_else(|e| panic!("{e}"));
        assert!(full.y_left.max >= 200.0, "{:?}", full.y_left);
        assert!(small.y_left.max < 10.0, "{:?}", small.y_left);
    }

    fn items() -> Vec<LegendItem> {
        vec![
            LegendItem {
                name: "p50".into(),
                color: "#73BF69".into(),
                calcs: vec![("Mean".into(), "1 s".into()), ("Max".into(), "2 s".into())],
            },
            LegendItem {
                name: "p95".into(),
                color: "#F2CC0C".into(),
                calcs: vec![("Mean".into(), "3 s".into()), ("Max".into(), "5 s".into())],
            },
        ]
    }

    #[test]
    fn legend_model_rows_and_modes() {
        let opts = Legend {
            mode: LegendMode::Table,
            placement: LegendPlacement::Right,
            ..Legend::default()
        };
        let m = legend_model(&items(), &opts, &LegendState::default());
        assert_eq!(m.display, LegendDisplay::Table);
        assert!(m.right);
        assert_eq!(m.columns, ["Mean", "Max"]);
        assert_eq!(m.rows[1].calcs, ["3 s", "5 s"]);
        assert_eq!(m.rows[0].list_text, "p50  Mean: 1 s  Max: 2 s");
        assert_eq!(
            m.rows[0].label,
            "p50, Mean: 1 s, Max: 2 s (shown; click to show only this series, ctrl-click to toggle it)"
        );
        assert_eq!(m.visible_count(), 2);
        let s = reduce(
            &LegendState::default(),
            &names(&["p50", "p95"]),
            LegendAction::Isolate(1),
        );
        let m = legend_model(&items(), &Legend::default(), &s);
        assert_eq!(m.display, LegendDisplay::List);
        assert!(!m.right);
        assert_eq!(m.visible_count(), 1);
        assert!(!m.rows[0].visible && m.rows[1].visible);
        assert!(
            m.rows[1]
                .label
                .ends_with("(shown; click to show all series)"),
            "{}",
            m.rows[1].label
        );
        assert!(m.rows[0].label.contains("(hidden; "), "{}", m.rows[0].label);
        let hidden_opts = Legend {
            show: false,
            ..Legend::default()
        };
        assert_eq!(
            legend_model(&items(), &hidden_opts, &s).display,
            LegendDisplay::Hidden
        );
        assert!(legend_model(&[], &Legend::default(), &s).columns.is_empty());
    }

    #[test]
    fn last_value_text_table() {
        use crate::chart::{AxisSide, AxisSpec, ValueFormat};
        let mut v = view();
        v.series[0].values = vec![1.0, f64::NAN].into();
        v.series[1].axis = AxisSide::Right;
        v.y.format = ValueFormat::new(|x| format!("{x} L"));
        v.right_axis = Some(AxisSpec {
            format: ValueFormat::new(|x| format!("{x} R")),
            ..AxisSpec::default()
        });
        assert_eq!(last_value_text(&v, 0).as_deref(), Some("1 L"));
        assert_eq!(last_value_text(&v, 1).as_deref(), Some("200 R"));
        assert_eq!(last_value_text(&v, 2), None);
        v.series[0].values = vec![f64::NAN].into();
        assert_eq!(last_value_text(&v, 0), None);
    }

    #[test]
    fn text_alternative_table() {
        let mut v = view();
        v.x_range_ms = (1_767_222_000_000, 1_767_225_600_000);
        let with_calcs = legend_model(&items(), &Legend::default(), &LegendState::default());
        assert_eq!(
            text_alternative("Latency", &v, &with_calcs, |_| None),
            "Time series “Latency”, 2025-12-31 23:00 to 2026-01-01 00:00: 2 of 2 series shown: \
             p50 mean 1 s, max 2 s; p95 mean 3 s, max 5 s."
        );
        let mut no_calcs = items();
        for i in &mut no_calcs {
            i.calcs.clear();
        }
        let s = reduce(
            &LegendState::default(),
            &names(&["p50", "p95"]),
            LegendAction::Isolate(0),
        );
        let m = legend_model(&no_calcs, &Legend::default(), &s);
        assert_eq!(
            text_alternative("", &v, &m, |i| (i == 0).then(|| "7 s".to_owned())),
            "Time series, 2025-12-31 23:00 to 2026-01-01 00:00: 1 of 2 series shown: p50 last 7 s."
        );
        let none = legend_model(&[], &Legend::default(), &LegendState::default());
        assert_eq!(
            text_alternative("X", &v, &none, |_| None),
            "Time series “X”, 2025-12-31 23:00 to 2026-01-01 00:00: 0 of 0 series shown."
        );
    }
}
