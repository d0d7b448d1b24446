//! Typed query results ("frames"): what a panel evaluates.
//!
//! Contract: a series keeps its samples in two parallel columns (`t_ms`, `values`), sorted by
//! time; NaN and ±Inf are kept as the f64 values Prometheus sent; a missing step is simply
//! absent (gaps are found by comparing against the query step).

use std::collections::BTreeMap;

/// Label name → value. Sorted, so display and hashing are stable.
pub type Labels = BTreeMap<String, String>;

/// One time series (or one instant-vector element when it holds a single sample).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub labels: Labels,
    pub t_ms: Vec<i64>,
    pub values: Vec<f64>,
}

impl Series {
    /// The metric name, if the series has one.
    pub fn metric_name(&self) -> Option<&str> {
        self.labels.get("__name__").map(String::as_str)
    }
}

/// The data of one query: what Prometheus' `resultType` said, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryData {
    /// `matrix` (range query) or `vector` (instant query; one sample per series).
    Series(Vec<Series>),
    /// `scalar`: one value at one time.
    Scalar { t_ms: i64, value: f64 },
    /// `string`.
    String { t_ms: i64, value: String },
}
