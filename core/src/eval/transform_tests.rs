//! Table tests for [`super`]: examples from Grafana's transformation documentation and the
//! shapes the corpus dashboards use.
use super::*;
use crate::model::{BinaryOp, ValueFilter};

fn num(name: &str, values: &[f64]) -> DataField {
    DataField::new(
        name,
        FieldType::Number,
        values.iter().map(|v| Datum::Num(*v)).collect(),
        "A",
    )
}

fn text(name: &str, values: &[&str]) -> DataField {
    DataField::new(
        name,
        FieldType::String,
        values
            .iter()
            .map(|v| Datum::Text((*v).to_owned()))
            .collect(),
        "A",
    )
}

fn time(values: &[i64]) -> DataField {
    time_field(values, "A")
}

fn frame(ref_id: &str, fields: Vec<DataField>) -> DataFrame {
    DataFrame {
        ref_id: ref_id.to_owned(),
        fields,
    }
}

fn names(f: &DataFrame) -> Vec<&str> {
    f.fields.iter().map(|x| x.name.as_str()).collect()
}

fn rows(f: &DataFrame) -> Vec<Vec<String>> {
    (0..f.len())
        .map(|r| f.fields.iter().map(|x| f.get_text(x, r)).collect())
        .collect()
}

impl DataFrame {
    fn get_text(&self, field: &DataField, r: usize) -> String {
        field.values.get(r).map_or_else(String::new, Datum::text)
    }
}

/// Grafana docs, Reduce: Query A (Time, Temp, Uptime), Query B (Time, AQI, Errors).
fn docs_reduce_input() -> Vec<DataFrame> {
    vec![
        frame(
            "A",
            vec![
                time(&[1_594_121_660_000, 1_594_121_060_000]),
                num("Temp", &[12.3, 15.4]),
                num("Uptime", &[256_122.0, 1_230_233.0]),
            ],
        ),
        frame(
            "B",
            vec![
                time(&[1_594_121_660_000, 1_594_121_060_000]),
                num("AQI", &[6.5, 3.2]),
                num("Errors", &[15.0, 5.0]),
            ],
        ),
    ]
}

#[test]
fn reduce_series_to_rows_matches_the_docs() {
    let out = apply(
        docs_reduce_input(),
        &[Transformation::Reduce {
            reducers: vec!["first".into(), "last".into()],
            series_to_rows: true,
            include_time: false,
            labels_to_fields: false,
        }],
    );
    assert_eq!(out.len(), 1);
    assert_eq!(names(&out[0]), ["Field", "First", "Last"]);
    assert_eq!(
        rows(&out[0]),
        [
            ["Temp", "12.3", "15.4"],
            ["Uptime", "256122", "1230233"],
            ["AQI", "6.5", "3.2"],
            ["Errors", "15", "5"],
        ]
    );
}

#[test]
fn reduce_fields_keeps_frames_with_one_row() {
    let out = apply(
        docs_reduce_input(),
        &[Transformation::Reduce {
            reducers: vec!["last".into()],
            series_to_rows: false,
            include_time: false,
            labels_to_fields: false,
        }],
    );
    assert_eq!(out.len(), 2);
    assert_eq!(names(&out[0]), ["Temp", "Uptime"]);
    assert_eq!(rows(&out[0]), [["15.4", "1230233"]]);
    assert_eq!(rows(&out[1]), [["3.2", "5"]]);
}

#[test]
fn reducer_column_names_are_grafanas() {
    let out = apply(
        docs_reduce_input(),
        &[Transformation::Reduce {
            reducers: vec!["lastNotNull".into(), "sum".into(), "mean".into()],
            series_to_rows: true,
            include_time: false,
            labels_to_fields: false,
        }],
    );
    assert_eq!(names(&out[0]), ["Field", "Last *", "Total", "Mean"]);
}

/// Grafana docs, Merge: rows equal in the shared fields (Time, Job) become one row.
#[test]
fn merge_joins_rows_on_shared_fields() {
    let a = frame(
        "A",
        vec![
            time(&[1000, 2000]),
            text("Job", &["node", "postgre"]),
            num("Uptime", &[25_260_122.0, 123_001_233.0]),
        ],
    );
    let b = frame(
        "B",
        vec![
            time(&[1000, 2000, 3000]),
            text("Job", &["node", "postgre", "mysql"]),
            num("Errors", &[15.0, 5.0, 1.0]),
        ],
    );
    let out = apply(vec![a, b], &[Transformation::Merge]);
    assert_eq!(out.len(), 1);
    assert_eq!(names(&out[0]), ["Time", "Job", "Uptime", "Errors"]);
    assert_eq!(
        rows(&out[0]),
        [
            ["1000", "node", "25260122", "15"],
            ["2000", "postgre", "123001233", "5"],
            ["3000", "mysql", "", "1"],
        ]
    );
}

#[test]
fn merge_keeps_conflicting_rows_apart() {
    let a = frame("A", vec![text("Job", &["x", "x"]), num("V", &[1.0, 2.0])]);
    let b = frame("B", vec![text("Job", &["x"]), num("W", &[9.0])]);
    let out = apply(vec![a, b], &[Transformation::Merge]);
    assert_eq!(rows(&out[0]), [["x", "1", "9"], ["x", "2", ""]]);
}

#[test]
fn prometheus_table_frames_merge_into_one_table() {
    let s = |job: &str, v: f64| Series {
        labels: [("__name__", "up"), ("job", job)]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        t_ms: vec![5000],
        values: vec![v],
    };
    let a = QueryData::Series(vec![s("api", 1.0), s("db", 0.0)]);
    let b = QueryData::Series(vec![s("db", 7.0)]);
    let q = |ref_id, data| QueryFrames {
        ref_id,
        table_format: true,
        legend_format: "",
        expr: "up",
        data,
    };
    let frames = frames_from_queries(&[q("A", &a), q("B", &b)]);
    assert_eq!(names(&frames[0]), ["Time", "job", "Value #A"]);
    let out = apply(frames, &[Transformation::Merge]);
    assert_eq!(names(&out[0]), ["Time", "job", "Value #A", "Value #B"]);
    assert_eq!(
        rows(&out[0]),
        [["5000", "api", "1", ""], ["5000", "db", "0", "7"]]
    );
}

#[test]
fn time_series_frames_are_named_by_legend() {
    let data = QueryData::Series(vec![Series {
        labels: [("instance".to_owned(), "a:9100".to_owned())]
            .into_iter()
            .collect(),
        t_ms: vec![1000, 2000],
        values: vec![1.0, 2.0],
    }]);
    let frames = frames_from_queries(&[QueryFrames {
        ref_id: "A",
        table_format: false,
        legend_format: "{{instance}}",
        expr: "up",
        data: &data,
    }]);
    assert_eq!(frames.len(), 1);
    assert_eq!(names(&frames[0]), ["Time", "a:9100"]);
    assert_eq!(
        frames[0].fields[1]
            .labels
            .get("instance")
            .map(String::as_str),
        Some("a:9100")
    );
}

#[test]
fn organize_orders_excludes_then_renames() {
    let f = frame(
        "A",
        vec![time(&[1]), text("job", &["x"]), num("Value", &[3.0])],
    );
    let out = apply(
        vec![f],
        &[Transformation::Organize {
            exclude: vec!["Time".into()],
            index: vec![("Value".into(), 0), ("job".into(), 1)],
            rename: vec![("Value".into(), "Up".into())],
        }],
    );
    assert_eq!(names(&out[0]), ["Up", "job"]);
}

#[test]
fn rename_by_regex_is_js_replace_on_an_anchored_pattern() {
    let f = frame(
        "A",
        vec![num("Value #cpu", &[1.0]), num("Other Value #x", &[2.0])],
    );
    let out = apply(
        vec![f],
        &[Transformation::RenameByRegex {
            regex: "Value #(.*)".into(),
            rename_pattern: "$1".into(),
        }],
    );
    // Not starting with /, so anchored: only the first name matches.
    assert_eq!(names(&out[0]), ["cpu", "Other Value #x"]);
}

#[test]
fn filter_fields_by_name_with_names_pattern_and_lookahead() {
    let f = || {
        frame(
            "A",
            vec![
                time(&[1]),
                text("job", &["x"]),
                num("Value #A", &[1.0]),
                num("Value #B", &[2.0]),
            ],
        )
    };
    let keep = |include: NameFilter| {
        let out = apply(
            vec![f()],
            &[Transformation::FilterFieldsByName {
                include: Some(include),
                exclude: None,
            }],
        );
        out.first().map(|o| names(o).join(",")).unwrap_or_default()
    };
    assert_eq!(
        keep(NameFilter {
            names: vec!["job".into(), "Value #B".into()],
            pattern: None
        }),
        "job,Value #B"
    );
    assert_eq!(
        keep(NameFilter {
            names: vec![],
            pattern: Some("^(?!Time).*$".into())
        }),
        "job,Value #A,Value #B"
    );
    assert_eq!(
        keep(NameFilter {
            names: vec![],
            pattern: Some("Value.+".into())
        }),
        "Value #A,Value #B"
    );
    // A frame left without fields is dropped.
    assert_eq!(
        keep(NameFilter {
            names: vec!["nothing".into()],
            pattern: None
        }),
        ""
    );
}

#[test]
fn group_by_aggregates_with_grafana_names() {
    let f = frame(
        "A",
        vec![
            text("Server", &["a", "b", "a", "b"]),
            num("CPU", &[10.0, 20.0, 30.0, 40.0]),
            text("Ignored", &["1", "2", "3", "4"]),
        ],
    );
    let out = apply(
        vec![f],
        &[Transformation::GroupBy {
            group_by: vec!["Server".into()],
            aggregate: vec![("CPU".into(), vec!["mean".into(), "lastNotNull".into()])],
        }],
    );
    assert_eq!(
        names(&out[0]),
        ["Server", "CPU (mean)", "CPU (lastNotNull)"]
    );
    assert_eq!(rows(&out[0]), [["a", "20", "30"], ["b", "30", "40"]]);
}

#[test]
fn calculate_field_binary_and_reduce_row() {
    let f = frame(
        "A",
        vec![num("Errors", &[1.0, 4.0]), num("Total", &[10.0, 0.0])],
    );
    let out = apply(
        vec![f.clone()],
        &[Transformation::CalculateField {
            calc: Calculation::Binary {
                left: "Errors".into(),
                op: BinaryOp::Div,
                right: "Total".into(),
            },
            alias: None,
            replace_fields: false,
        }],
    );
    assert_eq!(names(&out[0]), ["Errors", "Total", "Errors / Total"]);
    assert_eq!(rows(&out[0])[0], ["1", "10", "0.1"]);
    assert_eq!(out[0].fields[2].values[1], Datum::Num(f64::INFINITY));
    let out = apply(
        vec![f],
        &[Transformation::CalculateField {
            calc: Calculation::Binary {
                left: "Errors".into(),
                op: BinaryOp::Mul,
                right: "100".into(),
            },
            alias: Some("pct".into()),
            replace_fields: true,
        }],
    );
    assert_eq!(names(&out[0]), ["pct"]);
    assert_eq!(rows(&out[0]), [["100"], ["400"]]);
}

#[test]
fn calculate_field_joins_time_series_first() {
    // Three series as Prometheus returns them; reduceRow sum replaces them by their total.
    let s = |vals: &[f64]| frame("A", vec![time(&[1000, 2000]), num("s", vals)]);
    let out = apply(
        vec![s(&[1.0, 2.0]), s(&[10.0, 20.0]), s(&[100.0, f64::NAN])],
        &[Transformation::CalculateField {
            calc: Calculation::ReduceRow {
                reducer: "sum".into(),
                include: vec![],
            },
            alias: None,
            replace_fields: true,
        }],
    );
    assert_eq!(out.len(), 1);
    assert_eq!(names(&out[0]), ["Time", "Total"]);
    assert_eq!(rows(&out[0]), [["1000", "111"], ["2000", "22"]]);
}

#[test]
fn sort_limit_and_filter_by_value() {
    let f = frame(
        "A",
        vec![
            text("pod", &["a", "b", "c"]),
            num("delta", &[3.0, -1.0, 7.0]),
        ],
    );
    let sorted = apply(
        vec![f.clone()],
        &[
            Transformation::SortBy {
                field: "delta".into(),
                desc: true,
            },
            Transformation::Limit { n: 2 },
        ],
    );
    assert_eq!(rows(&sorted[0]), [["c", "7"], ["a", "3"]]);
    let filtered = apply(
        vec![f],
        &[Transformation::FilterByValue {
            filters: vec![ValueFilter {
                field: "delta".into(),
                test: ValueTest::LowerOrEqual(0.0),
            }],
            include: false,
            match_all: false,
        }],
    );
    assert_eq!(rows(&filtered[0]), [["a", "3"], ["c", "7"]]);
}

#[test]
fn labels_to_fields_then_merge_makes_a_label_table() {
    let series = |pod: &str, v: f64| {
        let mut f = frame(
            "A",
            vec![time(&[1000]), num(&format!("up{{pod={pod}}}"), &[v])],
        );
        f.fields[1].labels = [
            ("pod".to_owned(), pod.to_owned()),
            ("ns".to_owned(), "x".to_owned()),
        ]
        .into_iter()
        .collect();
        f.fields[1].raw_name = Some("Value".into());
        f
    };
    let out = apply(
        vec![series("a", 1.0), series("b", 2.0)],
        &[
            Transformation::LabelsToFields {
                value_label: None,
                keep: vec!["pod".into()],
            },
            Transformation::Merge,
        ],
    );
    assert_eq!(names(&out[0]), ["Time", "pod", "Value"]);
    assert_eq!(rows(&out[0]), [["1000", "a", "1"], ["1000", "b", "2"]]);
}

#[test]
fn join_by_field_outer_and_inner() {
    let a = frame(
        "A",
        vec![
            text("instance", &["x", "y"]),
            num("Value #A", &[1.0, 2.0]),
            text("zone", &["z1", "z2"]),
        ],
    );
    let b = frame(
        "B",
        vec![
            text("instance", &["y", "w"]),
            num("Value #B", &[5.0, 6.0]),
            text("zone", &["z2", "z3"]),
        ],
    );
    let outer = apply(
        vec![a.clone(), b.clone()],
        &[Transformation::JoinByField {
            by_field: Some("instance".into()),
            inner: false,
        }],
    );
    assert_eq!(
        names(&outer[0]),
        ["instance", "Value #A", "zone 1", "Value #B", "zone 2"]
    );
    assert_eq!(
        rows(&outer[0]),
        [
            ["x", "1", "z1", "", ""],
            ["y", "2", "z2", "5", "z2"],
            ["w", "", "", "6", "z3"],
        ]
    );
    let inner = apply(
        vec![a, b],
        &[Transformation::JoinByField {
            by_field: Some("instance".into()),
            inner: true,
        }],
    );
    assert_eq!(rows(&inner[0]), [["y", "2", "z2", "5", "z2"]]);
}

#[test]
fn series_to_rows_newest_first() {
    let a = frame("A", vec![time(&[1000, 2000]), num("a", &[1.0, 2.0])]);
    let b = frame("B", vec![time(&[1500]), num("b", &[9.0])]);
    let out = apply(vec![a, b], &[Transformation::SeriesToRows]);
    assert_eq!(names(&out[0]), ["Time", "Metric", "Value"]);
    assert_eq!(
        rows(&out[0]),
        [["2000", "a", "2"], ["1500", "b", "9"], ["1000", "a", "1"]]
    );
}

#[test]
fn invalid_regex_and_missing_fields_leave_data_unchanged() {
    let f = frame("A", vec![num("x", &[1.0])]);
    let out = apply(
        vec![f.clone()],
        &[
            Transformation::RenameByRegex {
                regex: "(".into(),
                rename_pattern: "y".into(),
            },
            Transformation::SortBy {
                field: "missing".into(),
                desc: false,
            },
            Transformation::CalculateField {
                calc: Calculation::Binary {
                    left: "missing".into(),
                    op: BinaryOp::Add,
                    right: "1".into(),
                },
                alias: None,
                replace_fields: false,
            },
        ],
    );
    assert_eq!(out, vec![f]);
}

#[test]
fn by_value_matcher_compares_like_javascript() {
    let cond = |reducer: &str, op, value| ValueCondition {
        reducer: reducer.into(),
        op,
        value,
    };
    let nulls = [f64::NAN, f64::NAN];
    let data = [0.0, 5.0];
    // The corpus' `allIsNull >= 0`: true (1) and false (0) are both >= 0.
    assert!(value_matches(
        &cond("allIsNull", CompareOp::Gte, 0.0),
        &nulls
    ));
    assert!(value_matches(
        &cond("allIsNull", CompareOp::Gte, 0.0),
        &data
    ));
    assert!(value_matches(
        &cond("allIsNull", CompareOp::Eq, 1.0),
        &nulls
    ));
    assert!(!value_matches(
        &cond("allIsNull", CompareOp::Eq, 1.0),
        &data
    ));
    assert!(value_matches(&cond("max", CompareOp::Gt, 4.0), &data));
    assert!(!value_matches(&cond("max", CompareOp::Gt, 5.0), &data));
    // No result (max of nothing) matches nothing but `!=`.
    assert!(!value_matches(&cond("max", CompareOp::Lt, 1.0), &nulls));
    assert!(value_matches(&cond("max", CompareOp::Neq, 1.0), &nulls));
    assert!(!value_matches(&cond("nope", CompareOp::Gte, 0.0), &data));
}

#[test]
fn by_value_overrides_become_name_matches_per_series() {
    use crate::model::FieldOverride;
    let ov = vec![
        Override {
            matcher: FieldMatcher::Value(ValueCondition {
                reducer: "max".into(),
                op: CompareOp::Gt,
                value: 10.0,
            }),
            set: FieldOverride {
                unit: Some("bytes".into()),
                ..FieldOverride::default()
            },
        },
        Override {
            matcher: FieldMatcher::Query("A".into()),
            set: FieldOverride::default(),
        },
    ];
    let high = overrides_for_values(&ov, "big", &[1.0, 20.0]);
    assert_eq!(high.len(), 2);
    assert_eq!(high[0].matcher, FieldMatcher::Name("big".into()));
    let low = overrides_for_values(&ov, "small", &[1.0, 2.0]);
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].matcher, FieldMatcher::Query("A".into()));
}
