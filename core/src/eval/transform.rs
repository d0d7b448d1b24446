//! Grafana's data transformations on data frames: query answers → frames → transformations →
//! what a panel draws.
//!
//! Contract:
//! - Frames have Grafana's Prometheus shape ([`frames_from_queries`]): a `format: table` query is
//!   one frame `Time`, label columns (sorted; `__name__` only when metric names differ, as
//!   [`super::table`]), `Value` (`Value #<refId>` when the panel has several queries), one row per
//!   sample; any other query is one frame per series, `Time` + a number field named by the
//!   series' legend name and carrying its labels.
//! - [`apply`] runs the transformations in order; each follows Grafana's documented behaviour:
//!   `merge` (rows equal in every field shared by all frames become one row, when their other
//!   values do not conflict), `organize` (order, exclude, rename), `renameByRegex`
//!   (`name.replace(regex, pattern)`, patterns as Grafana's `stringToJsRegex`),
//!   `filterFieldsByName` (names or pattern; a frame left without fields is dropped),
//!   `filterByValue`, `groupBy` (aggregates named `<field> (<reducer>)`), `reduce`
//!   (`seriesToRows`: `Field` + one column per reducer named like Grafana, e.g. `Last *`;
//!   `reduceFields`), `calculateField` (frames with a time field are first joined on time, as
//!   Grafana's "ensure columns"; default names `Total`/`Mean`… or `left op right`), `sortBy`,
//!   `limit`, `labelsToFields` (columns mode), `joinByField`/`seriesToColumns` (outer or inner;
//!   names that occur in several frames get the frame's 1-based position appended) and
//!   `seriesToRows` (`Time`, `Metric`, `Value`, newest first).
//! - A transformation that cannot apply to a frame (a missing field, an invalid regex) leaves it
//!   unchanged, as Grafana does. Nothing panics.
//! - Negative look-ahead patterns of the form `^(?!X).*$` (common in dashboards, not expressible
//!   in regex-lite) are evaluated as "does not start with X".

use std::collections::{BTreeSet, HashMap};

use super::jsregex::JsRegex;
use super::legend::series_names;
use super::reduce::Reducer;
use super::units::js_number_string;
use crate::model::{
    Calculation, CompareOp, FieldMatcher, NameFilter, Override, Transformation, ValueCondition,
    ValueTest,
};
use crate::prom::types::{Labels, QueryData, Series};

/// One value of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Datum {
    Null,
    /// A number; for time fields, ms since the epoch.
    Num(f64),
    Text(String),
}

impl Datum {
    /// The number, NaN for null and text (reducers treat NaN as null).
    pub fn num(&self) -> f64 {
        match self {
            Self::Num(v) => *v,
            Self::Null | Self::Text(_) => f64::NAN,
        }
    }

    /// The text JavaScript's `String(value)` gives (empty for null).
    pub fn text(&self) -> String {
        match self {
            Self::Null => String::new(),
            Self::Num(v) => js_number_string(*v),
            Self::Text(s) => s.clone(),
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    fn key(&self) -> String {
        match self {
            Self::Null => "\u{0}null".to_owned(),
            Self::Num(v) => format!("n{}", js_number_string(*v)),
            Self::Text(s) => format!("s{s}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Time,
    Number,
    String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DataField {
    /// The name Grafana shows and transformations match on.
    pub name: String,
    /// The data source's own name (`Value`) when `name` is a default series name; what
    /// `labelsToFields` falls back to.
    pub raw_name: Option<String>,
    /// The name the field was created with, before any rename (overrides may use either).
    pub origin: String,
    pub kind: FieldType,
    pub values: Vec<Datum>,
    pub labels: Labels,
    /// The query the field came from (for overrides by query).
    pub ref_id: String,
}

impl DataField {
    fn new(name: impl Into<String>, kind: FieldType, values: Vec<Datum>, ref_id: &str) -> Self {
        let name = name.into();
        Self {
            origin: name.clone(),
            name,
            raw_name: None,
            kind,
            values,
            labels: Labels::new(),
            ref_id: ref_id.to_owned(),
        }
    }

    fn nums(&self) -> Vec<f64> {
        self.values.iter().map(Datum::num).collect()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataFrame {
    pub ref_id: String,
    pub fields: Vec<DataField>,
}

impl DataFrame {
    /// Number of rows (the longest field).
    pub fn len(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.values.len())
            .max()
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn field(&self, name: &str) -> Option<&DataField> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn time_index(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.kind == FieldType::Time)
    }

    fn get(&self, field: usize, row: usize) -> Datum {
        self.fields
            .get(field)
            .and_then(|f| f.values.get(row))
            .cloned()
            .unwrap_or(Datum::Null)
    }

    /// The frame with only `rows` (in that order).
    fn take_rows(&self, rows: &[usize]) -> Self {
        Self {
            ref_id: self.ref_id.clone(),
            fields: self
                .fields
                .iter()
                .map(|f| DataField {
                    values: rows
                        .iter()
                        .map(|r| f.values.get(*r).cloned().unwrap_or(Datum::Null))
                        .collect(),
                    ..f.clone()
                })
                .collect(),
        }
    }
}

/// One query's answer as [`frames_from_queries`] needs it.
#[derive(Clone, Copy, Debug)]
pub struct QueryFrames<'a> {
    pub ref_id: &'a str,
    pub table_format: bool,
    pub legend_format: &'a str,
    pub expr: &'a str,
    pub data: &'a QueryData,
}

/// Query answers as Grafana's Prometheus data source shapes them (see the module contract).
pub fn frames_from_queries(queries: &[QueryFrames<'_>]) -> Vec<DataFrame> {
    let several = queries.len() > 1;
    let mut out = Vec::new();
    for q in queries {
        match q.data {
            QueryData::Series(series) if q.table_format => {
                out.push(table_frame(q.ref_id, series, several));
            }
            QueryData::Series(series) => {
                let labels: Vec<&Labels> = series.iter().map(|s| &s.labels).collect();
                let names = series_names(q.legend_format, &labels, q.expr);
                for (s, name) in series.iter().zip(names) {
                    let mut value = DataField::new(
                        name,
                        FieldType::Number,
                        s.values.iter().map(|v| Datum::Num(*v)).collect(),
                        q.ref_id,
                    );
                    value.labels = s.labels.clone();
                    if q.legend_format.trim().is_empty() {
                        value.raw_name = Some("Value".to_owned());
                    }
                    out.push(DataFrame {
                        ref_id: q.ref_id.to_owned(),
                        fields: vec![time_field(&s.t_ms, q.ref_id), value],
                    });
                }
            }
            QueryData::Scalar { t_ms, value } => {
                let name = if q.legend_format.is_empty() {
                    q.expr
                } else {
                    q.legend_format
                };
                out.push(DataFrame {
                    ref_id: q.ref_id.to_owned(),
                    fields: vec![
                        time_field(&[*t_ms], q.ref_id),
                        DataField::new(name, FieldType::Number, vec![Datum::Num(*value)], q.ref_id),
                    ],
                });
            }
            QueryData::String { t_ms, value } => out.push(DataFrame {
                ref_id: q.ref_id.to_owned(),
                fields: vec![
                    time_field(&[*t_ms], q.ref_id),
                    DataField::new(
                        "Value",
                        FieldType::String,
                        vec![Datum::Text(value.clone())],
                        q.ref_id,
                    ),
                ],
            }),
        }
    }
    out
}

fn time_field(t_ms: &[i64], ref_id: &str) -> DataField {
    DataField::new(
        "Time",
        FieldType::Time,
        t_ms.iter().map(|t| Datum::Num(*t as f64)).collect(),
        ref_id,
    )
}

fn table_frame(ref_id: &str, series: &[Series], several: bool) -> DataFrame {
    let mut metric_names = series.iter().map(Series::metric_name);
    let first = metric_names.next().flatten();
    let keep_name = series
        .iter()
        .any(|s| s.metric_name() != first || (first.is_some() && s.metric_name().is_none()));
    let mut names: BTreeSet<&str> = series
        .iter()
        .flat_map(|s| s.labels.keys().map(String::as_str))
        .collect();
    if !keep_name {
        names.remove("__name__");
    }
    let mut time = Vec::new();
    let mut value = Vec::new();
    let mut label_cols: Vec<Vec<Datum>> = vec![Vec::new(); names.len()];
    for s in series {
        for (t, v) in s.t_ms.iter().zip(&s.values) {
            time.push(Datum::Num(*t as f64));
            value.push(Datum::Num(*v));
            for (col, name) in label_cols.iter_mut().zip(&names) {
                col.push(
                    s.labels
                        .get(*name)
                        .map_or(Datum::Text(String::new()), |v| Datum::Text(v.clone())),
                );
            }
        }
    }
    let mut fields = vec![DataField::new("Time", FieldType::Time, time, ref_id)];
    for (name, col) in names.iter().zip(label_cols) {
        fields.push(DataField::new(*name, FieldType::String, col, ref_id));
    }
    let value_name = if several {
        format!("Value #{ref_id}")
    } else {
        "Value".to_owned()
    };
    fields.push(DataField::new(value_name, FieldType::Number, value, ref_id));
    DataFrame {
        ref_id: ref_id.to_owned(),
        fields,
    }
}

/// Runs `transformations` in order over `frames`.
pub fn apply(frames: Vec<DataFrame>, transformations: &[Transformation]) -> Vec<DataFrame> {
    transformations.iter().fold(frames, apply_one)
}

fn apply_one(frames: Vec<DataFrame>, t: &Transformation) -> Vec<DataFrame> {
    match t {
        Transformation::Merge => merge(frames),
        Transformation::Organize {
            exclude,
            index,
            rename,
        } => frames
            .into_iter()
            .map(|f| organize(f, exclude, index, rename))
            .collect(),
        Transformation::RenameByRegex {
            regex,
            rename_pattern,
        } => {
            let Ok(re) = JsRegex::new(regex) else {
                return frames;
            };
            frames
                .into_iter()
                .map(|mut f| {
                    for field in &mut f.fields {
                        let renamed = re.replace(&field.name, rename_pattern);
                        if renamed != field.name {
                            field.name = renamed;
                            field.raw_name = None;
                        }
                    }
                    f
                })
                .collect()
        }
        Transformation::FilterFieldsByName { include, exclude } => {
            filter_fields(frames, include.as_ref(), exclude.as_ref())
        }
        Transformation::FilterByValue {
            filters,
            include,
            match_all,
        } => frames
            .into_iter()
            .map(|f| {
                let tests: Vec<(Option<usize>, &ValueTest)> = filters
                    .iter()
                    .map(|c| (f.fields.iter().position(|x| x.name == c.field), &c.test))
                    .collect();
                if tests.iter().all(|(i, _)| i.is_none()) {
                    return f;
                }
                let keep: Vec<usize> = (0..f.len())
                    .filter(|r| {
                        let mut results = tests
                            .iter()
                            .map(|(i, test)| i.is_some_and(|i| value_test(test, &f.get(i, *r))));
                        let hit = if *match_all {
                            results.all(|b| b)
                        } else {
                            results.any(|b| b)
                        };
                        hit == *include
                    })
                    .collect();
                f.take_rows(&keep)
            })
            .collect(),
        Transformation::GroupBy {
            group_by,
            aggregate,
        } => frames
            .into_iter()
            .map(|f| group_by_frame(f, group_by, aggregate))
            .collect(),
        Transformation::Reduce {
            reducers,
            series_to_rows,
            include_time,
            labels_to_fields,
        } => {
            let reducers: Vec<Reducer> = reducers.iter().filter_map(|r| r.parse().ok()).collect();
            if reducers.is_empty() {
                return frames;
            }
            if *series_to_rows {
                reduce_to_rows(&frames, &reducers, *include_time, *labels_to_fields)
            } else {
                reduce_fields(frames, reducers[0], *include_time)
            }
        }
        Transformation::CalculateField {
            calc,
            alias,
            replace_fields,
        } => {
            let frames = if frames.len() > 1 && frames.iter().all(|f| f.time_index().is_some()) {
                join_by_field(frames, None, false)
            } else {
                frames
            };
            frames
                .into_iter()
                .map(|f| calculate(f, calc, alias.as_deref(), *replace_fields))
                .collect()
        }
        Transformation::SortBy { field, desc } => frames
            .into_iter()
            .map(|f| {
                let Some(i) = f.fields.iter().position(|x| &x.name == field) else {
                    return f;
                };
                let mut rows: Vec<usize> = (0..f.len()).collect();
                rows.sort_by(|a, b| compare(&f.get(i, *a), &f.get(i, *b)));
                if *desc {
                    rows.reverse();
                }
                f.take_rows(&rows)
            })
            .collect(),
        Transformation::Limit { n } => frames
            .into_iter()
            .map(|f| {
                let rows: Vec<usize> = (0..f.len().min(*n)).collect();
                f.take_rows(&rows)
            })
            .collect(),
        Transformation::LabelsToFields { value_label, keep } => frames
            .into_iter()
            .map(|f| labels_to_fields(f, value_label.as_deref(), keep))
            .collect(),
        Transformation::JoinByField { by_field, inner } => {
            join_by_field(frames, by_field.as_deref(), *inner)
        }
        Transformation::SeriesToRows => series_to_rows(frames),
    }
}

/// Ascending order: numbers numerically, text by code points, nulls last.
fn compare(a: &Datum, b: &Datum) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Datum::Null, Datum::Null) => Ordering::Equal,
        (Datum::Null, _) => Ordering::Greater,
        (_, Datum::Null) => Ordering::Less,
        (Datum::Num(x), Datum::Num(y)) => x.total_cmp(y),
        (x, y) => x.text().cmp(&y.text()),
    }
}

fn merge(frames: Vec<DataFrame>) -> Vec<DataFrame> {
    if frames.len() < 2 {
        return frames;
    }
    let mut columns: Vec<DataField> = Vec::new();
    let mut col_of: HashMap<String, usize> = HashMap::new();
    for f in &frames {
        for field in &f.fields {
            if !col_of.contains_key(&field.name) {
                col_of.insert(field.name.clone(), columns.len());
                columns.push(DataField {
                    values: Vec::new(),
                    ..field.clone()
                });
            }
        }
    }
    let keys: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| frames.iter().all(|f| f.field(&c.name).is_some()))
        .map(|(i, _)| i)
        .collect();
    let mut rows: Vec<Vec<Datum>> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for f in &frames {
        let cols: Vec<usize> = f
            .fields
            .iter()
            .map(|field| col_of.get(&field.name).copied().unwrap_or(0))
            .collect();
        for r in 0..f.len() {
            let mut row = vec![Datum::Null; columns.len()];
            for (fi, c) in cols.iter().enumerate() {
                row[*c] = f.get(fi, r);
            }
            let key: String = keys.iter().map(|k| row[*k].key() + "\u{1}").collect();
            let candidates = by_key.entry(key).or_default();
            let target = candidates.iter().copied().find(|i| {
                cols.iter()
                    .all(|c| rows[*i][*c].is_null() || row[*c].is_null() || rows[*i][*c] == row[*c])
            });
            match target {
                Some(i) => {
                    for c in &cols {
                        if rows[i][*c].is_null() {
                            rows[i][*c] = row[*c].clone();
                        }
                    }
                }
                None => {
                    candidates.push(rows.len());
                    rows.push(row);
                }
            }
        }
    }
    for (c, col) in columns.iter_mut().enumerate() {
        col.values = rows.iter().map(|r| r[c].clone()).collect();
    }
    vec![DataFrame {
        ref_id: frames[0].ref_id.clone(),
        fields: columns,
    }]
}

fn organize(
    mut f: DataFrame,
    exclude: &[String],
    index: &[(String, i64)],
    rename: &[(String, String)],
) -> DataFrame {
    if !index.is_empty() {
        let pos = |name: &str| {
            index
                .iter()
                .find(|(n, _)| n == name)
                .map_or(i64::MAX, |(_, i)| *i)
        };
        f.fields.sort_by_key(|field| pos(&field.name));
    }
    f.fields.retain(|field| !exclude.contains(&field.name));
    for field in &mut f.fields {
        if let Some((_, to)) = rename.iter().find(|(from, _)| *from == field.name) {
            field.name = to.clone();
            field.raw_name = None;
        }
    }
    f
}

/// A field-name pattern: Grafana's regex, or "does not start with X" for `^(?!X).*$`.
enum NamePattern {
    Regex(JsRegex),
    NotPrefix(JsRegex),
}

impl NamePattern {
    fn new(pattern: &str) -> Option<Self> {
        let body = pattern.strip_prefix('^').unwrap_or(pattern);
        if let Some(rest) = body.strip_prefix("(?!") {
            let close = rest.find(')')?;
            let (inner, tail) = (&rest[..close], &rest[close + 1..]);
            if matches!(tail, ".*$" | ".*" | ".+$" | ".+") {
                return JsRegex::new(&format!("/^(?:{inner})/"))
                    .ok()
                    .map(Self::NotPrefix);
            }
        }
        JsRegex::new(pattern).ok().map(Self::Regex)
    }

    fn is_match(&self, name: &str) -> bool {
        match self {
            Self::Regex(re) => re.is_match(name),
            Self::NotPrefix(re) => !name.is_empty() && !re.is_match(name),
        }
    }
}

/// `None` when the filter selects nothing by construction (no names, no valid pattern).
fn name_matcher(filter: &NameFilter) -> Option<impl Fn(&str) -> bool + '_> {
    let pattern = filter
        .pattern
        .as_deref()
        .filter(|p| !p.is_empty())
        .and_then(NamePattern::new);
    if filter.names.is_empty() && pattern.is_none() {
        return None;
    }
    Some(move |name: &str| {
        filter.names.iter().any(|n| n == name) || pattern.as_ref().is_some_and(|p| p.is_match(name))
    })
}

fn filter_fields(
    frames: Vec<DataFrame>,
    include: Option<&NameFilter>,
    exclude: Option<&NameFilter>,
) -> Vec<DataFrame> {
    let include = include.and_then(name_matcher);
    let exclude = exclude.and_then(name_matcher);
    if include.is_none() && exclude.is_none() {
        return frames;
    }
    frames
        .into_iter()
        .filter_map(|mut f| {
            f.fields.retain(|field| {
                include.as_ref().is_none_or(|m| m(&field.name))
                    && !exclude.as_ref().is_some_and(|m| m(&field.name))
            });
            (!f.fields.is_empty()).then_some(f)
        })
        .collect()
}

fn value_test(test: &ValueTest, v: &Datum) -> bool {
    let n = || match v {
        Datum::Num(x) => Some(*x),
        Datum::Text(s) => s.trim().parse::<f64>().ok(),
        Datum::Null => None,
    };
    match test {
        ValueTest::IsNull => v.is_null(),
        ValueTest::IsNotNull => !v.is_null(),
        ValueTest::Greater(x) => n().is_some_and(|a| a > *x),
        ValueTest::GreaterOrEqual(x) => n().is_some_and(|a| a >= *x),
        ValueTest::Lower(x) => n().is_some_and(|a| a < *x),
        ValueTest::LowerOrEqual(x) => n().is_some_and(|a| a <= *x),
        ValueTest::Equal(s) => !v.is_null() && v.text() == *s,
        ValueTest::NotEqual(s) => v.is_null() || v.text() != *s,
        ValueTest::Range(lo, hi) => n().is_some_and(|a| a >= *lo && a <= *hi),
        ValueTest::Regex(p) => JsRegex::new(p).is_ok_and(|re| re.is_match(&v.text())),
    }
}

/// One reducer over a field's values, keeping text and time where Grafana does.
fn reduce_field(field: &DataField, rows: &[usize], reducer: Reducer) -> (Datum, FieldType) {
    let values: Vec<&Datum> = rows.iter().filter_map(|r| field.values.get(*r)).collect();
    match field.kind {
        FieldType::String => {
            let present = || values.iter().copied().filter(|d| !d.is_null());
            let picked = match reducer {
                Reducer::LastNotNull => present().next_back(),
                Reducer::Last => values.last().copied(),
                Reducer::FirstNotNull => present().next(),
                Reducer::First => values.first().copied(),
                Reducer::Count | Reducer::CountAll => {
                    return (Datum::Num(values.len() as f64), FieldType::Number)
                }
                Reducer::DistinctCount => {
                    let distinct: BTreeSet<String> = present().map(Datum::text).collect();
                    return (Datum::Num(distinct.len() as f64), FieldType::Number);
                }
                _ => None,
            };
            (picked.cloned().unwrap_or(Datum::Null), FieldType::String)
        }
        kind => {
            let nums: Vec<f64> = values.iter().map(|d| d.num()).collect();
            let kind = match (kind, reducer) {
                (
                    FieldType::Time,
                    Reducer::LastNotNull
                    | Reducer::Last
                    | Reducer::FirstNotNull
                    | Reducer::First
                    | Reducer::Min
                    | Reducer::Max,
                ) => FieldType::Time,
                _ => FieldType::Number,
            };
            (reducer.apply(&nums).map_or(Datum::Null, Datum::Num), kind)
        }
    }
}

fn group_by_frame(
    f: DataFrame,
    group_by: &[String],
    aggregate: &[(String, Vec<String>)],
) -> DataFrame {
    let keys: Vec<usize> = f
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| group_by.contains(&field.name))
        .map(|(i, _)| i)
        .collect();
    if keys.is_empty() {
        return f;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in 0..f.len() {
        let key: String = keys.iter().map(|k| f.get(*k, r).key() + "\u{1}").collect();
        let g = *index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(r);
    }
    let mut fields: Vec<DataField> = keys
        .iter()
        .map(|k| {
            let field = &f.fields[*k];
            DataField {
                values: groups.iter().map(|g| f.get(*k, g[0])).collect(),
                ..field.clone()
            }
        })
        .collect();
    for field in &f.fields {
        let Some((_, reducers)) = aggregate.iter().find(|(n, _)| *n == field.name) else {
            continue;
        };
        if group_by.contains(&field.name) {
            continue;
        }
        for id in reducers {
            let Ok(reducer) = id.parse::<Reducer>() else {
                continue;
            };
            let mut kind = FieldType::Number;
            let values = groups
                .iter()
                .map(|g| {
                    let (v, k) = reduce_field(field, g, reducer);
                    kind = k;
                    v
                })
                .collect();
            let name = format!("{} ({id})", field.name);
            fields.push(DataField {
                origin: name.clone(),
                name,
                raw_name: None,
                kind,
                values,
                labels: field.labels.clone(),
                ref_id: field.ref_id.clone(),
            });
        }
    }
    DataFrame {
        ref_id: f.ref_id,
        fields,
    }
}

fn reduce_to_rows(
    frames: &[DataFrame],
    reducers: &[Reducer],
    include_time: bool,
    labels_to_fields: bool,
) -> Vec<DataFrame> {
    let ref_id = frames.first().map(|f| f.ref_id.clone()).unwrap_or_default();
    let selected: Vec<&DataField> = frames
        .iter()
        .flat_map(|f| f.fields.iter())
        .filter(|field| {
            field.kind == FieldType::Number || (include_time && field.kind == FieldType::Time)
        })
        .collect();
    let mut fields = vec![DataField::new(
        "Field",
        FieldType::String,
        selected
            .iter()
            .map(|field| {
                Datum::Text(match (&field.raw_name, labels_to_fields) {
                    (Some(raw), true) => raw.clone(),
                    _ => field.name.clone(),
                })
            })
            .collect(),
        &ref_id,
    )];
    if labels_to_fields {
        let names: BTreeSet<&String> = selected.iter().flat_map(|f| f.labels.keys()).collect();
        for name in names {
            fields.push(DataField::new(
                name.clone(),
                FieldType::String,
                selected
                    .iter()
                    .map(|f| {
                        f.labels
                            .get(name)
                            .map_or(Datum::Null, |v| Datum::Text(v.clone()))
                    })
                    .collect(),
                &ref_id,
            ));
        }
    }
    for reducer in reducers {
        fields.push(DataField::new(
            reducer.label(),
            FieldType::Number,
            selected
                .iter()
                .map(|field| {
                    let rows: Vec<usize> = (0..field.values.len()).collect();
                    reduce_field(field, &rows, *reducer).0
                })
                .collect(),
            &ref_id,
        ));
    }
    vec![DataFrame { ref_id, fields }]
}

fn reduce_fields(frames: Vec<DataFrame>, reducer: Reducer, include_time: bool) -> Vec<DataFrame> {
    frames
        .into_iter()
        .map(|f| {
            let fields = f
                .fields
                .iter()
                .filter(|field| include_time || field.kind != FieldType::Time)
                .map(|field| {
                    let rows: Vec<usize> = (0..field.values.len()).collect();
                    let (v, kind) = reduce_field(field, &rows, reducer);
                    DataField {
                        values: vec![v],
                        kind,
                        ..field.clone()
                    }
                })
                .collect();
            DataFrame {
                ref_id: f.ref_id,
                fields,
            }
        })
        .collect()
}

fn calculate(
    mut f: DataFrame,
    calc: &Calculation,
    alias: Option<&str>,
    replace_fields: bool,
) -> DataFrame {
    let n = f.len();
    let (default_name, values): (String, Vec<Datum>) = match calc {
        Calculation::ReduceRow { reducer, include } => {
            let Ok(r) = reducer.parse::<Reducer>() else {
                return f;
            };
            let cols: Vec<&DataField> = f
                .fields
                .iter()
                .filter(|x| x.kind == FieldType::Number)
                .filter(|x| include.is_empty() || include.contains(&x.name))
                .collect();
            let values = (0..n)
                .map(|row| {
                    let nums: Vec<f64> = cols
                        .iter()
                        .map(|c| c.values.get(row).map_or(f64::NAN, Datum::num))
                        .collect();
                    r.apply(&nums).map_or(Datum::Null, Datum::Num)
                })
                .collect();
            (r.label(), values)
        }
        Calculation::Binary { left, op, right } => {
            let operand = |s: &str| -> Option<Vec<f64>> {
                if let Some(field) = f.field(s) {
                    return Some(field.nums());
                }
                s.trim().parse::<f64>().ok().map(|v| vec![v; n])
            };
            let (Some(a), Some(b)) = (operand(left), operand(right)) else {
                return f;
            };
            let values = (0..n)
                .map(|i| {
                    let (x, y) = (
                        a.get(i).copied().unwrap_or(f64::NAN),
                        b.get(i).copied().unwrap_or(f64::NAN),
                    );
                    if x.is_nan() || y.is_nan() {
                        Datum::Null
                    } else {
                        Datum::Num(op.apply(x, y))
                    }
                })
                .collect();
            (format!("{left} {} {right}", op.symbol()), values)
        }
    };
    let name = alias
        .filter(|a| !a.is_empty())
        .map_or(default_name, str::to_owned);
    let ref_id = f.ref_id.clone();
    if replace_fields {
        f.fields.retain(|x| x.kind == FieldType::Time);
    }
    f.fields
        .push(DataField::new(name, FieldType::Number, values, &ref_id));
    f
}

fn labels_to_fields(f: DataFrame, value_label: Option<&str>, keep: &[String]) -> DataFrame {
    let n = f.len();
    let mut fields: Vec<DataField> = Vec::new();
    for field in f.fields {
        if field.kind == FieldType::Time || field.labels.is_empty() {
            fields.push(field);
            continue;
        }
        for (k, v) in &field.labels {
            if Some(k.as_str()) == value_label || (!keep.is_empty() && !keep.contains(k)) {
                continue;
            }
            if fields.iter().any(|x| &x.name == k) {
                continue;
            }
            fields.push(DataField::new(
                k.clone(),
                FieldType::String,
                vec![Datum::Text(v.clone()); n],
                &field.ref_id,
            ));
        }
        let name = value_label
            .and_then(|l| field.labels.get(l).cloned())
            .or_else(|| field.raw_name.clone())
            .unwrap_or_else(|| field.name.clone());
        fields.push(DataField {
            name,
            raw_name: None,
            labels: Labels::new(),
            ..field
        });
    }
    DataFrame {
        ref_id: f.ref_id,
        fields,
    }
}

fn join_by_field(frames: Vec<DataFrame>, by: Option<&str>, inner: bool) -> Vec<DataFrame> {
    let key_of = |f: &DataFrame| match by {
        Some(name) => f.fields.iter().position(|x| x.name == name),
        None => f.time_index(),
    };
    let (joinable, rest): (Vec<DataFrame>, Vec<DataFrame>) =
        frames.into_iter().partition(|f| key_of(f).is_some());
    if joinable.len() < 2 {
        return joinable.into_iter().chain(rest).collect();
    }
    let keys: Vec<usize> = joinable.iter().filter_map(key_of).collect();
    // Join values in first-appearance order (time ascending), per frame value → row.
    let mut order: Vec<Datum> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut maps: Vec<HashMap<String, usize>> = Vec::new();
    for (f, k) in joinable.iter().zip(&keys) {
        let mut map = HashMap::new();
        for r in 0..f.len() {
            let d = f.get(*k, r);
            let key = d.key();
            if !seen.contains_key(&key) {
                seen.insert(key.clone(), order.len());
                order.push(d);
            }
            map.entry(key).or_insert(r);
        }
        maps.push(map);
    }
    let first_key = &joinable[0].fields[keys[0]];
    if first_key.kind == FieldType::Time {
        order.sort_by(compare);
    }
    if inner {
        order.retain(|d| maps.iter().all(|m| m.contains_key(&d.key())));
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (f, k) in joinable.iter().zip(&keys) {
        for (i, field) in f.fields.iter().enumerate() {
            if i != *k {
                *counts.entry(field.name.as_str()).or_default() += 1;
            }
        }
    }
    let mut fields = vec![DataField {
        values: order.clone(),
        ..first_key.clone()
    }];
    for (fi, ((f, k), map)) in joinable.iter().zip(&keys).zip(&maps).enumerate() {
        for (i, field) in f.fields.iter().enumerate() {
            if i == *k {
                continue;
            }
            let dup = counts.get(field.name.as_str()).copied().unwrap_or(0) > 1;
            fields.push(DataField {
                name: if dup {
                    format!("{} {}", field.name, fi + 1)
                } else {
                    field.name.clone()
                },
                values: order
                    .iter()
                    .map(|d| {
                        map.get(&d.key())
                            .and_then(|r| field.values.get(*r))
                            .cloned()
                            .unwrap_or(Datum::Null)
                    })
                    .collect(),
                ..field.clone()
            });
        }
    }
    let joined = DataFrame {
        ref_id: joinable[0].ref_id.clone(),
        fields,
    };
    std::iter::once(joined).chain(rest).collect()
}

fn series_to_rows(frames: Vec<DataFrame>) -> Vec<DataFrame> {
    let mut rows: Vec<(f64, String, Datum)> = Vec::new();
    let ref_id = frames.first().map(|f| f.ref_id.clone()).unwrap_or_default();
    let mut other = Vec::new();
    for f in frames {
        let Some(t) = f.time_index() else {
            other.push(f);
            continue;
        };
        for field in f.fields.iter().filter(|x| x.kind == FieldType::Number) {
            for (r, v) in field.values.iter().enumerate() {
                rows.push((f.get(t, r).num(), field.name.clone(), v.clone()));
            }
        }
    }
    if rows.is_empty() {
        return other;
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let frame = DataFrame {
        ref_id: ref_id.clone(),
        fields: vec![
            DataField::new(
                "Time",
                FieldType::Time,
                rows.iter().map(|r| Datum::Num(r.0)).collect(),
                &ref_id,
            ),
            DataField::new(
                "Metric",
                FieldType::String,
                rows.iter().map(|r| Datum::Text(r.1.clone())).collect(),
                &ref_id,
            ),
            DataField::new(
                "Value",
                FieldType::Number,
                rows.into_iter().map(|r| r.2).collect(),
                &ref_id,
            ),
        ],
    };
    std::iter::once(frame).chain(other).collect()
}

/// Grafana's `byValue` field matcher: the reducer's result compared with `op` as JavaScript
/// compares (booleans from `allIsNull` / `allIsZero` are 1 / 0, so `allIsNull >= 0` matches every
/// field); a reducer without a result (`null`) never matches, except `!=`.
pub fn value_matches(cond: &ValueCondition, values: &[f64]) -> bool {
    let Ok(reducer) = cond.reducer.parse::<Reducer>() else {
        return false;
    };
    let Some(left) = reducer.apply(values) else {
        return cond.op == CompareOp::Neq;
    };
    let right = cond.value;
    match cond.op {
        CompareOp::Eq => left == right,
        CompareOp::Neq => left != right,
        CompareOp::Lt => left < right,
        CompareOp::Lte => left <= right,
        CompareOp::Gt => left > right,
        CompareOp::Gte => left >= right,
    }
}

/// The overrides that apply to a transformed field, as matches on its final `name`: Grafana
/// matches overrides after transformations (the renamed name); a match on the field's name
/// before renaming (`origin`) is honoured too. `byValue` matchers are decided on `values`.
pub fn overrides_for_field(
    overrides: &[Override],
    name: &str,
    origin: &str,
    ref_id: &str,
    values: &[f64],
) -> Vec<Override> {
    overrides
        .iter()
        .filter(|o| match &o.matcher {
            FieldMatcher::Value(c) => value_matches(c, values),
            m => {
                super::display::matches(m, name, ref_id)
                    || super::display::matches(m, origin, ref_id)
            }
        })
        .map(|o| Override {
            matcher: FieldMatcher::Name(name.to_owned()),
            set: o.set.clone(),
        })
        .collect()
}

/// `overrides` with every `byValue` matcher decided for one series: kept as a match on the
/// series' own name when its values satisfy it, dropped otherwise.
pub fn overrides_for_values<'a>(
    overrides: &'a [Override],
    name: &str,
    values: &[f64],
) -> std::borrow::Cow<'a, [Override]> {
    if !overrides
        .iter()
        .any(|o| matches!(o.matcher, FieldMatcher::Value(_)))
    {
        return std::borrow::Cow::Borrowed(overrides);
    }
    std::borrow::Cow::Owned(
        overrides
            .iter()
            .filter_map(|o| match &o.matcher {
                FieldMatcher::Value(c) => value_matches(c, values).then(|| Override {
                    matcher: FieldMatcher::Name(name.to_owned()),
                    set: o.set.clone(),
                }),
                _ => Some(o.clone()),
            })
            .collect(),
    )
}

#[cfg(test)]
#[path = "transform_tests.rs"]
mod tests;
