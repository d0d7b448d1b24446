//! Repeated rows and panels: expands a dashboard's layout for the variables' current values.
//!
//! Contract (Grafana's behaviour):
//! - A panel with `repeat` on variable `v` becomes one copy per selected value of `v` (All →
//!   every option; nothing selected → the panel once, unpinned). Each copy pins `v` to its one
//!   value ([`LaidPanel::pinned`]). Horizontal copies share the original's row band: width
//!   `24 / min(n, maxPerRow or n)` (at least 1), wrapping onto further bands of the original
//!   height; vertical copies stack under the original with its width. Panels that sat below
//!   the original move down by the extra height, so nothing overlaps.
//! - A row with `repeat` on `v` becomes one row per value; every panel in it pins `v`.
//! - Ids: the first copy keeps the original id; copy `k` (k ≥ 1, counted over the row copies
//!   then the panel copies, in order) gets `id * 1000 + k`, so ids are deterministic and unique
//!   while a dashboard has fewer than 1000 copies of a panel and no original id ≥ 1000 that
//!   collides with that scheme.
//! - [`pin_scope`] applies pins on top of the dashboard scope; [`panel_dependencies`] lists the
//!   variables whose change must re-query a panel, and [`project`] keeps only those in a scope.

use crate::model::{Dashboard, GridPos, Panel, RepeatDirection, VariableOption};
use crate::vars::{dependencies, Scope, ScopeValue, ALL_MARKER};

/// One variable's selection, as the variables bar resolved it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VarValues {
    pub name: String,
    /// Selected values; `$__all` (or `All`) means every option.
    pub selected: Vec<String>,
    pub options: Vec<VariableOption>,
}

/// A panel ready to render: a (possibly renumbered, repositioned) copy and its pins.
#[derive(Clone, Debug, PartialEq)]
pub struct LaidPanel {
    pub panel: Panel,
    /// `(variable, value)` pairs set on top of the dashboard scope for this copy.
    pub pinned: Vec<(String, String)>,
}

/// A row ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct LaidRow {
    /// Index of the row in the dashboard.
    pub source: usize,
    /// Stable key for keyed rendering: row index and, for a repeated row, its value.
    pub key: String,
    pub title: Option<String>,
    pub collapsed: bool,
    /// Pins of a repeated row (empty otherwise); already included in every panel's pins.
    pub pinned: Vec<(String, String)>,
    pub panels: Vec<LaidPanel>,
}

/// The values a repeat on `name` iterates over (empty when the variable is unknown or nothing
/// is selected).
pub fn repeat_values(name: &str, vars: &[VarValues]) -> Vec<String> {
    let Some(v) = vars.iter().find(|v| v.name == name) else {
        return Vec::new();
    };
    if v.selected.iter().any(|s| s == ALL_MARKER || s == "All") {
        return v
            .options
            .iter()
            .filter(|o| o.value != ALL_MARKER)
            .map(|o| o.value.clone())
            .collect();
    }
    v.selected.clone()
}

fn copy_id(id: u32, k: usize) -> u32 {
    if k == 0 {
        id
    } else {
        id.saturating_mul(1000)
            .saturating_add(u32::try_from(k).unwrap_or(u32::MAX))
    }
}

/// Expands every repeated row and panel of `dashboard` for the selections in `vars`.
pub fn expand(dashboard: &Dashboard, vars: &[VarValues]) -> Vec<LaidRow> {
    let mut out = Vec::new();
    // Copies made so far of each panel id (row copies then panel copies).
    let mut made: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for (ri, row) in dashboard.rows.iter().enumerate() {
        let row_values: Vec<Option<String>> = match &row.repeat {
            Some(var) => {
                let vals = repeat_values(var, vars);
                if vals.is_empty() {
                    vec![None]
                } else {
                    vals.into_iter().map(Some).collect()
                }
            }
            None => vec![None],
        };
        for value in row_values {
            let row_pins: Vec<(String, String)> = match (&row.repeat, &value) {
                (Some(var), Some(v)) => vec![(var.clone(), v.clone())],
                _ => Vec::new(),
            };
            let panels = expand_panels(&row.panels, vars, &row_pins, &mut made);
            out.push(LaidRow {
                source: ri,
                key: match &value {
                    Some(v) => format!("{ri}:{v}"),
                    None => ri.to_string(),
                },
                title: row.title.clone(),
                collapsed: row.collapsed,
                pinned: row_pins,
                panels,
            });
        }
    }
    out
}

fn expand_panels(
    panels: &[Panel],
    vars: &[VarValues],
    row_pins: &[(String, String)],
    made: &mut std::collections::BTreeMap<u32, usize>,
) -> Vec<LaidPanel> {
    // (original grid, extra height) of each repeated panel, to push the panels below it down.
    let mut grown: Vec<(u32, GridPos, u32)> = Vec::new();
    let mut out: Vec<LaidPanel> = Vec::new();
    // The original id of each entry of `out`.
    let mut origin: Vec<u32> = Vec::new();
    for p in panels {
        // A repeat on a variable the row already pins yields that one value.
        let values: Vec<String> = match &p.repeat {
            Some(r) => match row_pins.iter().find(|(n, _)| n == &r.variable) {
                Some((_, v)) => vec![v.clone()],
                None => repeat_values(&r.variable, vars),
            },
            None => Vec::new(),
        };
        let (Some(rep), false) = (&p.repeat, values.is_empty()) else {
            let k = made.entry(p.id).or_insert(0);
            let mut panel = p.clone();
            panel.id = copy_id(p.id, *k);
            *k += 1;
            out.push(LaidPanel {
                panel,
                pinned: row_pins.to_vec(),
            });
            origin.push(p.id);
            continue;
        };
        let n = u32::try_from(values.len()).unwrap_or(u32::MAX);
        let g = p.grid;
        let h = g.h.max(1);
        let (per_row, w) = match rep.direction {
            RepeatDirection::Horizontal => {
                let per_row = rep
                    .max_per_row
                    .filter(|m| *m > 0)
                    .unwrap_or(n)
                    .min(n)
                    .max(1);
                (per_row, (24 / per_row).max(1))
            }
            RepeatDirection::Vertical => (1, g.w),
        };
        for (i, value) in values.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let k = made.entry(p.id).or_insert(0);
            let mut panel = p.clone();
            panel.id = copy_id(p.id, *k);
            *k += 1;
            panel.grid = match rep.direction {
                RepeatDirection::Horizontal => GridPos {
                    x: (i % per_row) * w,
                    y: g.y + (i / per_row) * h,
                    w,
                    h,
                },
                RepeatDirection::Vertical => GridPos {
                    x: g.x,
                    y: g.y + i * h,
                    w,
                    h,
                },
            };
            let mut pinned = row_pins.to_vec();
            pinned.retain(|(name, _)| name != &rep.variable);
            pinned.push((rep.variable.clone(), value.clone()));
            out.push(LaidPanel { panel, pinned });
            origin.push(p.id);
        }
        let bands = n.div_ceil(per_row);
        if bands > 1 {
            grown.push((p.id, g, (bands - 1) * h));
        }
    }
    // Push down what sat below a grown panel (its own copies are already placed).
    for (lp, from) in out.iter_mut().zip(origin) {
        let y = lp.panel.grid.y;
        let shift: u32 = grown
            .iter()
            .filter(|(id, g, _)| *id != from && y >= g.y + g.h.max(1))
            .map(|(_, _, extra)| *extra)
            .sum();
        lp.panel.grid.y += shift;
    }
    out
}

/// `scope` with each `(variable, value)` pin applied: the variable keeps its definition
/// (multi, include-all, options) but holds just that value, so formats like `:regex` work.
pub fn pin_scope(scope: &Scope, pins: &[(String, String)]) -> Scope {
    let mut out = scope.clone();
    for (name, value) in pins {
        let pinned = match scope.get(name) {
            Some(v) => ScopeValue {
                values: vec![value.clone()],
                texts: vec![text_of(v, value)],
                all: false,
                ..v.clone()
            },
            None => ScopeValue::single(value.clone()),
        };
        out.set(name.clone(), pinned);
    }
    out
}

fn text_of(v: &ScopeValue, value: &str) -> String {
    v.values
        .iter()
        .position(|x| x == value)
        .and_then(|i| v.texts.get(i).cloned())
        .unwrap_or_else(|| value.to_owned())
}

/// The variables a panel's data depends on: its queries (expression, legend, interval,
/// datasource), datasource, min interval and repeat variable, each once, in order.
pub fn panel_dependencies(panel: &Panel) -> Vec<String> {
    let mut texts: Vec<&str> = Vec::new();
    for q in &panel.queries {
        texts.push(&q.expr);
        texts.push(&q.legend_format);
        if let Some(i) = &q.interval {
            texts.push(i);
        }
        if let Some(d) = &q.datasource {
            texts.push(d);
        }
    }
    if let Some(d) = &panel.datasource {
        texts.push(d);
    }
    if let Some(m) = &panel.min_interval {
        texts.push(m);
    }
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        for d in dependencies(t) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    if let Some(r) = &panel.repeat {
        if !out.contains(&r.variable) {
            out.push(r.variable.clone());
        }
    }
    out
}

/// Only the variables `names` of `scope` (missing ones stay missing).
pub fn project(scope: &Scope, names: &[String]) -> Scope {
    let mut out = Scope::new();
    for n in names {
        if let Some(v) = scope.get(n) {
            out.set(n.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Query, Repeat, Row};

    fn panel(
        id: u32,
        grid: (u32, u32, u32, u32),
        repeat: Option<(&str, RepeatDirection, Option<u32>)>,
    ) -> Panel {
        Panel {
            id,
            title: format!("p{id}"),
            grid: GridPos {
                x: grid.0,
                y: grid.1,
                w: grid.2,
                h: grid.3,
            },
            repeat: repeat.map(|(v, d, m)| Repeat {
                variable: v.to_owned(),
                direction: d,
                max_per_row: m,
            }),
            ..Panel::default()
        }
    }

    fn opts(vals: &[&str]) -> Vec<VariableOption> {
        vals.iter()
            .map(|v| VariableOption {
                text: v.to_string(),
                value: v.to_string(),
            })
            .collect()
    }

    fn var(name: &str, selected: &[&str], options: &[&str]) -> VarValues {
        VarValues {
            name: name.to_owned(),
            selected: selected.iter().map(|s| s.to_string()).collect(),
            options: opts(options),
        }
    }

    fn dash(rows: Vec<Row>) -> Dashboard {
        Dashboard {
            rows,
            ..Dashboard::default()
        }
    }

    fn row(panels: Vec<Panel>, repeat: Option<&str>) -> Row {
        Row {
            title: Some("r $s".into()),
            collapsed: false,
            repeat: repeat.map(str::to_owned),
            panels,
        }
    }

    fn grids(r: &LaidRow) -> Vec<(u32, u32, u32, u32, u32)> {
        r.panels
            .iter()
            .map(|p| {
                let g = p.panel.grid;
                (p.panel.id, g.x, g.y, g.w, g.h)
            })
            .collect()
    }

    #[test]
    fn repeat_values_table() {
        let vars = vec![
            var("s", &["$__all"], &["a", "b", "c"]),
            var("t", &["x"], &["x", "y"]),
        ];
        let cases: &[(&str, &[&str])] = &[("s", &["a", "b", "c"]), ("t", &["x"]), ("nope", &[])];
        for (name, want) in cases {
            assert_eq!(repeat_values(name, &vars), *want, "{name}");
        }
    }

    #[test]
    fn horizontal_repeat_wraps_and_pushes_panels_below() {
        let d = dash(vec![row(
            vec![
                panel(
                    1,
                    (0, 0, 24, 8),
                    Some(("s", RepeatDirection::Horizontal, Some(2))),
                ),
                panel(2, (0, 8, 12, 4), None),
            ],
            None,
        )]);
        let rows = expand(&d, &[var("s", &["a", "b", "c"], &["a", "b", "c"])]);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            grids(&rows[0]),
            vec![
                (1, 0, 0, 12, 8),
                (1001, 12, 0, 12, 8),
                (1002, 0, 8, 12, 8),
                (2, 0, 16, 12, 4)
            ]
        );
        let pins: Vec<_> = rows[0].panels.iter().map(|p| p.pinned.clone()).collect();
        assert_eq!(pins[0], vec![("s".to_string(), "a".to_string())]);
        assert_eq!(pins[2], vec![("s".to_string(), "c".to_string())]);
        assert!(pins[3].is_empty());
    }

    #[test]
    fn width_table() {
        // (values, maxPerRow) → widths
        let cases: &[(usize, Option<u32>, u32)] = &[
            (1, None, 24),
            (2, None, 12),
            (3, None, 8),
            (4, Some(4), 6),
            (6, Some(4), 6),
            (5, None, 4),
            (30, None, 1),
        ];
        for (n, max, w) in cases {
            let names: Vec<String> = (0..*n).map(|i| format!("v{i}")).collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let d = dash(vec![row(
                vec![panel(
                    3,
                    (0, 0, 6, 4),
                    Some(("s", RepeatDirection::Horizontal, *max)),
                )],
                None,
            )]);
            let rows = expand(&d, &[var("s", &refs, &refs)]);
            assert_eq!(rows[0].panels.len(), *n);
            assert!(
                rows[0].panels.iter().all(|p| p.panel.grid.w == *w),
                "{n} {max:?}"
            );
        }
    }

    #[test]
    fn vertical_repeat_stacks() {
        let d = dash(vec![row(
            vec![
                panel(
                    4,
                    (6, 2, 6, 5),
                    Some(("s", RepeatDirection::Vertical, None)),
                ),
                panel(5, (0, 7, 6, 5), None),
                panel(6, (12, 0, 6, 5), None),
            ],
            None,
        )]);
        let rows = expand(&d, &[var("s", &["$__all"], &["a", "b"])]);
        assert_eq!(
            grids(&rows[0]),
            vec![
                (4, 6, 2, 6, 5),
                (4001, 6, 7, 6, 5),
                (5, 0, 12, 6, 5),
                (6, 12, 0, 6, 5)
            ]
        );
    }

    #[test]
    fn nothing_selected_keeps_the_panel_once_unpinned() {
        let d = dash(vec![row(
            vec![panel(
                1,
                (0, 0, 6, 4),
                Some(("s", RepeatDirection::Horizontal, None)),
            )],
            None,
        )]);
        let rows = expand(&d, &[]);
        assert_eq!(grids(&rows[0]), vec![(1, 0, 0, 6, 4)]);
        assert!(rows[0].panels[0].pinned.is_empty());
    }

    #[test]
    fn repeated_row_pins_its_panels_and_renumbers() {
        let d = dash(vec![
            row(vec![panel(1, (0, 0, 12, 4), None)], Some("s")),
            row(vec![panel(2, (0, 4, 12, 4), None)], None),
        ]);
        let rows = expand(&d, &[var("s", &["a", "b"], &["a", "b"])]);
        let keys: Vec<_> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, vec!["0:a", "0:b", "1"]);
        assert_eq!(rows[0].panels[0].panel.id, 1);
        assert_eq!(rows[1].panels[0].panel.id, 1001);
        assert_eq!(rows[1].pinned, vec![("s".to_string(), "b".to_string())]);
        assert_eq!(rows[1].panels[0].pinned, rows[1].pinned);
        assert_eq!(rows[2].panels[0].panel.id, 2);
    }

    #[test]
    fn pin_scope_keeps_formats_and_project_filters() {
        let v = crate::model::Variable {
            name: "s".into(),
            multi: true,
            include_all: true,
            ..crate::model::Variable::default()
        };
        let mut scope = Scope::new();
        scope.set_variable(&v, &["$__all".to_string()], &opts(&["a", "b"]));
        scope.set_plain("other", "x");
        let pinned = pin_scope(&scope, &[("s".into(), "b".into())]);
        let ctx = crate::vars::FormatContext::PromQl;
        assert_eq!(
            crate::vars::interpolate("{s=~\"$s\"}", &pinned, ctx),
            "{s=~\"b\"}"
        );
        assert_eq!(
            crate::vars::interpolate("Latency $s", &pinned, crate::vars::FormatContext::Text),
            "Latency b"
        );
        let only = project(&pinned, &["s".to_string(), "missing".to_string()]);
        assert!(only.get("s").is_some() && only.get("other").is_none());
    }

    #[test]
    fn dependencies_of_a_panel() {
        let mut p = panel(
            1,
            (0, 0, 6, 4),
            Some(("r", RepeatDirection::Horizontal, None)),
        );
        p.queries = vec![Query {
            expr: "rate(x{a=~\"$a\"}[$__rate_interval])".into(),
            legend_format: "{{b}} $b".into(),
            ..Query::default()
        }];
        p.min_interval = Some("$iv".into());
        assert_eq!(panel_dependencies(&p), vec!["a", "b", "iv", "r"]);
    }
}
