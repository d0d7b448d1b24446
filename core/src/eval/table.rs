//! Tables from instant vectors: one row per label set, one value column per query.
//!
//! Contract (Grafana's table view of Prometheus `format: table` queries, merged):
//! - Label columns are the union of every series' label names, sorted. `__name__` is dropped
//!   when all series carry the same metric name (or none), kept when names differ.
//! - Value columns: `Value` for a single query, `Value #<refId>` for each query when several.
//! - Series from different queries with the same labels (after dropping `__name__`) share a row;
//!   rows keep first-appearance order; a query without a series for a row leaves its cell
//!   missing (shown with the column's `noValue`).
//! - A series' value is its last sample (an instant vector has exactly one); a series with no
//!   samples counts as missing.
//! - Each value column is displayed with [`super::display`] under the field config resolved for
//!   that column name and query (`resolve_field`), so overrides by name (`Value #A`), regex or
//!   query apply. Label cells go through the label column's mappings.
//! - No `Time` column is produced (Grafana users hide it; every instant sample has the same).

use super::display::{display, display_input, resolve_field, DisplayContext, DisplayValue};
use super::mappings::MapInput;
use super::units;
use crate::model::{FieldConfig, Override};
use crate::prom::types::{Labels, Series};

/// The result of one query of the panel.
#[derive(Clone, Copy, Debug)]
pub struct QueryResult<'a> {
    pub ref_id: &'a str,
    pub series: &'a [Series],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Values of this label.
    Label(String),
    /// Values of the query with this refId.
    Value { ref_id: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header text (`job`, `Value`, `Value #A`).
    pub name: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The raw value, for sorting: the sample for value cells, `None` for label cells and gaps.
    pub raw: Option<f64>,
    /// The raw text for label cells (sort key), empty for value cells.
    pub raw_text: String,
    pub display: DisplayValue,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Each row has one cell per column, in column order.
    pub rows: Vec<Vec<Cell>>,
}

/// Build the table for `queries` with the panel's field defaults and overrides.
pub fn instant_table(
    queries: &[QueryResult<'_>],
    defaults: &FieldConfig,
    overrides: &[Override],
    ctx: &DisplayContext,
) -> Table {
    let all = || queries.iter().flat_map(|q| q.series.iter());
    let mut names = all().filter_map(Series::metric_name);
    let first_name = names.next();
    let keep_name = names.any(|n| Some(n) != first_name)
        || (first_name.is_some() && all().any(|s| s.metric_name().is_none()));
    let key_of = |s: &Series| -> Labels {
        let mut l = s.labels.clone();
        if !keep_name {
            l.remove("__name__");
        }
        l
    };

    // Rows in first-appearance order, each with one value slot per query.
    let mut keys: Vec<Labels> = Vec::new();
    let mut values: Vec<Vec<Option<f64>>> = Vec::new();
    for (qi, q) in queries.iter().enumerate() {
        for s in q.series {
            let key = key_of(s);
            let row = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    keys.push(key);
                    values.push(vec![None; queries.len()]);
                    keys.len() - 1
                }
            };
            if let Some(slot) = values.get_mut(row).and_then(|r| r.get_mut(qi)) {
                *slot = s.values.last().copied();
            }
        }
    }

    let mut label_names: Vec<&String> = keys.iter().flat_map(|k| k.keys()).collect();
    label_names.sort();
    label_names.dedup();

    let mut columns: Vec<Column> = label_names
        .iter()
        .map(|n| Column {
            name: (*n).clone(),
            kind: ColumnKind::Label((*n).clone()),
        })
        .collect();
    for q in queries {
        let name = if queries.len() == 1 {
            "Value".to_owned()
        } else {
            format!("Value #{}", q.ref_id)
        };
        columns.push(Column {
            name,
            kind: ColumnKind::Value {
                ref_id: q.ref_id.to_owned(),
            },
        });
    }

    // Field configs per column, resolved once.
    let fields: Vec<FieldConfig> = columns
        .iter()
        .map(|c| {
            let ref_id = match &c.kind {
                ColumnKind::Value { ref_id } => ref_id.as_str(),
                ColumnKind::Label(_) => "",
            };
            resolve_field(defaults, overrides, &c.name, ref_id)
        })
        .collect();

    let rows = keys
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(ri, (key, vals))| {
            let row_ctx = DisplayContext {
                series_index: ri,
                ..*ctx
            };
            let mut qi = 0;
            columns
                .iter()
                .zip(&fields)
                .map(|(col, field)| match &col.kind {
                    ColumnKind::Label(name) => {
                        let text = key.get(name).map_or("", String::as_str);
                        Cell {
                            raw: None,
                            raw_text: text.to_owned(),
                            display: display_input(MapInput::Text(text), field, &row_ctx),
                        }
                    }
                    ColumnKind::Value { .. } => {
                        let v = vals.get(qi).copied().flatten();
                        qi += 1;
                        Cell {
                            raw: v,
                            raw_text: String::new(),
                            display: display(v, field, &row_ctx),
                        }
                    }
                })
                .collect()
        })
        .collect();

    Table { columns, rows }
}

/// "Time ago" for a unix timestamp in **seconds** (what `*_timestamp_seconds` metrics hold):
/// `"3 minutes ago"`, `"in 5 minutes"`. Grafana's `dateTimeFromNow` unit expects ms; this is
/// for values that were not multiplied by 1000. NaN/±Inf → `""`.
pub fn format_unix_seconds_ago(t_s: f64, now_ms: i64) -> String {
    if !t_s.is_finite() {
        return String::new();
    }
    units::time_ago((t_s * 1000.0).round() as i64, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::units::TimeContext;
    use crate::model::{ColorMode, FieldMatcher, FieldOverride};

    fn series(pairs: &[(&str, &str)], value: f64) -> Series {
        Series {
            labels: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            t_ms: vec![1000],
            values: vec![value],
        }
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.display.to_string()).collect())
            .collect()
    }

    fn headers(t: &Table) -> Vec<&str> {
        t.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn single_query_drops_shared_metric_name() {
        let a = [
            series(
                &[("__name__", "up"), ("job", "api"), ("instance", "a")],
                1.0,
            ),
            series(&[("__name__", "up"), ("job", "db")], 0.0),
        ];
        let t = instant_table(
            &[QueryResult {
                ref_id: "A",
                series: &a,
            }],
            &FieldConfig::default(),
            &[],
            &DisplayContext::default(),
        );
        assert_eq!(headers(&t), ["instance", "job", "Value"]);
        assert_eq!(texts(&t), [["a", "api", "1"], ["", "db", "0"]]);
        assert_eq!(t.rows[0][2].raw, Some(1.0));
        assert_eq!(t.rows[1][1].raw_text, "db");
    }

    #[test]
    fn differing_metric_names_are_kept() {
        let a = [
            series(&[("__name__", "a_total"), ("job", "x")], 1.0),
            series(&[("__name__", "b_total"), ("job", "x")], 2.0),
        ];
        let t = instant_table(
            &[QueryResult {
                ref_id: "A",
                series: &a,
            }],
            &FieldConfig::default(),
            &[],
            &DisplayContext::default(),
        );
        assert_eq!(headers(&t), ["__name__", "job", "Value"]);
        assert_eq!(t.rows.len(), 2);
    }

    #[test]
    fn several_queries_join_on_labels() {
        let a = [
            series(&[("job", "api")], 0.953),
            series(&[("job", "db")], 0.5),
        ];
        let b = [
            series(&[("job", "db")], 1536.0),
            series(&[("job", "web")], 2048.0),
        ];
        let overrides = vec![
            Override {
                matcher: FieldMatcher::Name("Value #A".to_owned()),
                set: FieldOverride {
                    unit: Some("percentunit".to_owned()),
                    ..FieldOverride::default()
                },
            },
            Override {
                matcher: FieldMatcher::Query("B".to_owned()),
                set: FieldOverride {
                    unit: Some("bytes".to_owned()),
                    ..FieldOverride::default()
                },
            },
        ];
        let defaults = FieldConfig {
            no_value: Some("-".to_owned()),
            ..FieldConfig::default()
        };
        let t = instant_table(
            &[
                QueryResult {
                    ref_id: "A",
                    series: &a,
                },
                QueryResult {
                    ref_id: "B",
                    series: &b,
                },
            ],
            &defaults,
            &overrides,
            &DisplayContext::default(),
        );
        assert_eq!(headers(&t), ["job", "Value #A", "Value #B"]);
        assert_eq!(
            texts(&t),
            [
                ["api", "95.3%", "-"],
                ["db", "50%", "1.50 KiB"],
                ["web", "-", "2 KiB"]
            ]
        );
        assert_eq!(t.rows[2][1].raw, None);
    }

    #[test]
    fn time_ago_columns() {
        let now_ms = 1_700_000_000_000;
        let ts = [
            series(&[("connector", "s3")], (now_ms - 180_000) as f64),
            series(&[("connector", "gdrive")], (now_ms - 2 * 3_600_000) as f64),
        ];
        let defaults = FieldConfig {
            unit: Some("dateTimeFromNow".to_owned()),
            color: ColorMode::Fixed {
                color: "text".to_owned(),
            },
            ..FieldConfig::default()
        };
        let ctx = DisplayContext {
            time: TimeContext {
                now_ms,
                tz_offset_min: 0,
            },
            ..DisplayContext::default()
        };
        let t = instant_table(
            &[QueryResult {
                ref_id: "A",
                series: &ts,
            }],
            &defaults,
            &[],
            &ctx,
        );
        assert_eq!(
            texts(&t),
            [["s3", "3 minutes ago"], ["gdrive", "2 hours ago"]]
        );

        let now_s = now_ms / 1000;
        let cases: &[(f64, &str)] = &[
            ((now_s - 180) as f64, "3 minutes ago"),
            ((now_s - 7200) as f64, "2 hours ago"),
            ((now_s + 300) as f64, "in 5 minutes"),
            (now_s as f64, "a few seconds ago"),
            (f64::NAN, ""),
        ];
        for (t_s, want) in cases {
            assert_eq!(format_unix_seconds_ago(*t_s, now_ms), *want, "{t_s}");
        }
    }

    #[test]
    fn empty_input_gives_value_column_only() {
        let t = instant_table(
            &[QueryResult {
                ref_id: "A",
                series: &[],
            }],
            &FieldConfig::default(),
            &[],
            &DisplayContext::default(),
        );
        assert_eq!(headers(&t), ["Value"]);
        assert!(t.rows.is_empty());
    }
}
