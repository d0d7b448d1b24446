//! What PromQL offers besides metric names: functions, aggregations, keywords and common
//! range durations, each with its signature and a one-line doc (Prometheus' documentation,
//! shortened).

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Function,
    Aggregation,
    Keyword,
    Operator,
}

/// One built-in: name, signature, one-line doc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
}

const fn f(name: &'static str, signature: &'static str, doc: &'static str) -> Entry {
    Entry {
        kind: EntryKind::Function,
        name,
        signature,
        doc,
    }
}

const fn a(name: &'static str, signature: &'static str, doc: &'static str) -> Entry {
    Entry {
        kind: EntryKind::Aggregation,
        name,
        signature,
        doc,
    }
}

const fn k(name: &'static str, signature: &'static str, doc: &'static str) -> Entry {
    Entry {
        kind: EntryKind::Keyword,
        name,
        signature,
        doc,
    }
}

const fn o(name: &'static str, signature: &'static str, doc: &'static str) -> Entry {
    Entry {
        kind: EntryKind::Operator,
        name,
        signature,
        doc,
    }
}

/// PromQL's functions.
pub const FUNCTIONS: &[Entry] = &[
    f(
        "abs",
        "abs(v instant-vector)",
        "Absolute value of every sample.",
    ),
    f(
        "absent",
        "absent(v instant-vector)",
        "1-element vector if v has no elements, else empty; for alerting on missing series.",
    ),
    f(
        "absent_over_time",
        "absent_over_time(v range-vector)",
        "1-element vector if the range has no samples, else empty.",
    ),
    f(
        "acos",
        "acos(v instant-vector)",
        "Arccosine of every sample.",
    ),
    f("asin", "asin(v instant-vector)", "Arcsine of every sample."),
    f(
        "atan",
        "atan(v instant-vector)",
        "Arctangent of every sample.",
    ),
    f(
        "avg_over_time",
        "avg_over_time(v range-vector)",
        "Average of each series' samples in the range.",
    ),
    f(
        "ceil",
        "ceil(v instant-vector)",
        "Rounds every sample up to the nearest integer.",
    ),
    f(
        "changes",
        "changes(v range-vector)",
        "How often each series' value changed in the range.",
    ),
    f(
        "clamp",
        "clamp(v instant-vector, min scalar, max scalar)",
        "Clamps every sample between min and max.",
    ),
    f(
        "clamp_max",
        "clamp_max(v instant-vector, max scalar)",
        "Clamps every sample to at most max.",
    ),
    f(
        "clamp_min",
        "clamp_min(v instant-vector, min scalar)",
        "Clamps every sample to at least min.",
    ),
    f("cos", "cos(v instant-vector)", "Cosine of every sample."),
    f(
        "count_over_time",
        "count_over_time(v range-vector)",
        "Number of samples of each series in the range.",
    ),
    f(
        "day_of_month",
        "day_of_month(v=vector(time()) instant-vector)",
        "Day of the month (1–31) in UTC.",
    ),
    f(
        "day_of_week",
        "day_of_week(v=vector(time()) instant-vector)",
        "Day of the week (0 = Sunday) in UTC.",
    ),
    f(
        "day_of_year",
        "day_of_year(v=vector(time()) instant-vector)",
        "Day of the year (1–366) in UTC.",
    ),
    f(
        "days_in_month",
        "days_in_month(v=vector(time()) instant-vector)",
        "Number of days in the month in UTC.",
    ),
    f(
        "deg",
        "deg(v instant-vector)",
        "Converts radians to degrees.",
    ),
    f(
        "delta",
        "delta(v range-vector)",
        "Difference between the first and last value in the range (gauges).",
    ),
    f(
        "deriv",
        "deriv(v range-vector)",
        "Per-second derivative by linear regression (gauges).",
    ),
    f("exp", "exp(v instant-vector)", "e raised to every sample."),
    f(
        "floor",
        "floor(v instant-vector)",
        "Rounds every sample down to the nearest integer.",
    ),
    f(
        "histogram_avg",
        "histogram_avg(v instant-vector)",
        "Arithmetic average of native histogram observations.",
    ),
    f(
        "histogram_count",
        "histogram_count(v instant-vector)",
        "Count of observations of native histograms.",
    ),
    f(
        "histogram_fraction",
        "histogram_fraction(lower scalar, upper scalar, v instant-vector)",
        "Estimated fraction of observations between lower and upper.",
    ),
    f(
        "histogram_quantile",
        "histogram_quantile(φ scalar, b instant-vector)",
        "φ-quantile (0 ≤ φ ≤ 1) from histogram buckets (`le` label) or native histograms.",
    ),
    f(
        "histogram_stddev",
        "histogram_stddev(v instant-vector)",
        "Estimated standard deviation of native histogram observations.",
    ),
    f(
        "histogram_stdvar",
        "histogram_stdvar(v instant-vector)",
        "Estimated variance of native histogram observations.",
    ),
    f(
        "histogram_sum",
        "histogram_sum(v instant-vector)",
        "Sum of observations of native histograms.",
    ),
    f(
        "holt_winters",
        "holt_winters(v range-vector, sf scalar, tf scalar)",
        "Smoothed value by double exponential smoothing (renamed double_exponential_smoothing).",
    ),
    f(
        "double_exponential_smoothing",
        "double_exponential_smoothing(v range-vector, sf scalar, tf scalar)",
        "Smoothed value by double exponential smoothing.",
    ),
    f(
        "hour",
        "hour(v=vector(time()) instant-vector)",
        "Hour of the day (0–23) in UTC.",
    ),
    f(
        "idelta",
        "idelta(v range-vector)",
        "Difference between the last two samples in the range.",
    ),
    f(
        "increase",
        "increase(v range-vector)",
        "Increase of a counter over the range, adjusted for resets.",
    ),
    f(
        "irate",
        "irate(v range-vector)",
        "Per-second rate from the last two samples: fast-moving counters.",
    ),
    f(
        "label_join",
        "label_join(v instant-vector, dst string, sep string, src string...)",
        "Joins the values of src labels with sep into label dst.",
    ),
    f(
        "label_replace",
        "label_replace(v instant-vector, dst string, replacement string, src string, regex string)",
        "Writes replacement (with $1 … from regex on src) into label dst.",
    ),
    f(
        "last_over_time",
        "last_over_time(v range-vector)",
        "The most recent sample of each series in the range.",
    ),
    f(
        "ln",
        "ln(v instant-vector)",
        "Natural logarithm of every sample.",
    ),
    f(
        "log10",
        "log10(v instant-vector)",
        "Decimal logarithm of every sample.",
    ),
    f(
        "log2",
        "log2(v instant-vector)",
        "Binary logarithm of every sample.",
    ),
    f(
        "mad_over_time",
        "mad_over_time(v range-vector)",
        "Median absolute deviation of each series' samples in the range.",
    ),
    f(
        "max_over_time",
        "max_over_time(v range-vector)",
        "Maximum of each series' samples in the range.",
    ),
    f(
        "min_over_time",
        "min_over_time(v range-vector)",
        "Minimum of each series' samples in the range.",
    ),
    f(
        "minute",
        "minute(v=vector(time()) instant-vector)",
        "Minute of the hour (0–59) in UTC.",
    ),
    f(
        "month",
        "month(v=vector(time()) instant-vector)",
        "Month of the year (1–12) in UTC.",
    ),
    f("pi", "pi()", "The number π."),
    f(
        "predict_linear",
        "predict_linear(v range-vector, t scalar)",
        "Predicted value t seconds from now by linear regression.",
    ),
    f(
        "present_over_time",
        "present_over_time(v range-vector)",
        "1 for every series with a sample in the range.",
    ),
    f(
        "quantile_over_time",
        "quantile_over_time(φ scalar, v range-vector)",
        "φ-quantile of each series' samples in the range.",
    ),
    f(
        "rad",
        "rad(v instant-vector)",
        "Converts degrees to radians.",
    ),
    f(
        "rate",
        "rate(v range-vector)",
        "Per-second average rate of increase of a counter over the range.",
    ),
    f(
        "resets",
        "resets(v range-vector)",
        "Number of counter resets in the range.",
    ),
    f(
        "round",
        "round(v instant-vector, to_nearest=1 scalar)",
        "Rounds every sample to the nearest multiple of to_nearest.",
    ),
    f(
        "scalar",
        "scalar(v instant-vector)",
        "The single element's value as a scalar (NaN unless exactly one).",
    ),
    f(
        "sgn",
        "sgn(v instant-vector)",
        "Sign of every sample: 1, -1 or 0.",
    ),
    f("sin", "sin(v instant-vector)", "Sine of every sample."),
    f(
        "sort",
        "sort(v instant-vector)",
        "Sorts ascending by value (instant queries).",
    ),
    f(
        "sort_by_label",
        "sort_by_label(v instant-vector, label string, ...)",
        "Sorts by the given labels' values.",
    ),
    f(
        "sort_by_label_desc",
        "sort_by_label_desc(v instant-vector, label string, ...)",
        "Sorts descending by the given labels' values.",
    ),
    f(
        "sort_desc",
        "sort_desc(v instant-vector)",
        "Sorts descending by value (instant queries).",
    ),
    f(
        "sqrt",
        "sqrt(v instant-vector)",
        "Square root of every sample.",
    ),
    f(
        "stddev_over_time",
        "stddev_over_time(v range-vector)",
        "Standard deviation of each series' samples in the range.",
    ),
    f(
        "stdvar_over_time",
        "stdvar_over_time(v range-vector)",
        "Variance of each series' samples in the range.",
    ),
    f(
        "sum_over_time",
        "sum_over_time(v range-vector)",
        "Sum of each series' samples in the range.",
    ),
    f("tan", "tan(v instant-vector)", "Tangent of every sample."),
    f(
        "time",
        "time()",
        "Seconds since the epoch at evaluation time.",
    ),
    f(
        "timestamp",
        "timestamp(v instant-vector)",
        "Timestamp of every sample, in seconds.",
    ),
    f(
        "vector",
        "vector(s scalar)",
        "The scalar as a vector with no labels.",
    ),
    f(
        "year",
        "year(v=vector(time()) instant-vector)",
        "The year in UTC.",
    ),
];

/// Aggregation operators.
pub const AGGREGATIONS: &[Entry] = &[
    a(
        "sum",
        "sum [by|without (labels)] (v)",
        "Sum over dimensions.",
    ),
    a(
        "avg",
        "avg [by|without (labels)] (v)",
        "Average over dimensions.",
    ),
    a(
        "min",
        "min [by|without (labels)] (v)",
        "Minimum over dimensions.",
    ),
    a(
        "max",
        "max [by|without (labels)] (v)",
        "Maximum over dimensions.",
    ),
    a(
        "count",
        "count [by|without (labels)] (v)",
        "Number of series in the vector.",
    ),
    a(
        "group",
        "group [by|without (labels)] (v)",
        "One series per group, value 1.",
    ),
    a(
        "stddev",
        "stddev [by|without (labels)] (v)",
        "Population standard deviation over dimensions.",
    ),
    a(
        "stdvar",
        "stdvar [by|without (labels)] (v)",
        "Population variance over dimensions.",
    ),
    a(
        "topk",
        "topk [by|without (labels)] (k, v)",
        "The k largest series by value.",
    ),
    a(
        "bottomk",
        "bottomk [by|without (labels)] (k, v)",
        "The k smallest series by value.",
    ),
    a(
        "quantile",
        "quantile [by|without (labels)] (φ, v)",
        "φ-quantile (0 ≤ φ ≤ 1) over dimensions.",
    ),
    a(
        "count_values",
        "count_values [by|without (labels)] (\"label\", v)",
        "Number of series per distinct value.",
    ),
    a(
        "limitk",
        "limitk [by|without (labels)] (k, v)",
        "k arbitrary series (experimental).",
    ),
    a(
        "limit_ratio",
        "limit_ratio [by|without (labels)] (r, v)",
        "A deterministic share r of the series (experimental).",
    ),
];

/// Keywords and modifiers.
pub const KEYWORDS: &[Entry] = &[
    k(
        "by",
        "by (label, ...)",
        "Keep only these labels in the aggregation result.",
    ),
    k(
        "without",
        "without (label, ...)",
        "Drop these labels from the aggregation result.",
    ),
    k(
        "on",
        "on (label, ...)",
        "Match series of both sides on these labels only.",
    ),
    k(
        "ignoring",
        "ignoring (label, ...)",
        "Match series of both sides ignoring these labels.",
    ),
    k(
        "group_left",
        "group_left (label, ...)",
        "Many-to-one matching; copy these labels from the right.",
    ),
    k(
        "group_right",
        "group_right (label, ...)",
        "One-to-many matching; copy these labels from the left.",
    ),
    k(
        "bool",
        "== bool",
        "Comparison returns 0/1 instead of filtering.",
    ),
    k(
        "offset",
        "offset 5m",
        "Shift the evaluation time into the past.",
    ),
    k(
        "start()",
        "@ start()",
        "Evaluate at the start of the query range.",
    ),
    k(
        "end()",
        "@ end()",
        "Evaluate at the end of the query range.",
    ),
];

/// Binary operators, offered after a complete expression.
pub const OPERATORS: &[Entry] = &[
    o(
        "and",
        "a and b",
        "Left series that have a match on the right.",
    ),
    o(
        "or",
        "a or b",
        "Left series plus right series without a match on the left.",
    ),
    o(
        "unless",
        "a unless b",
        "Left series without a match on the right.",
    ),
    o("atan2", "a atan2 b", "atan2 of both sides."),
];

/// Range durations offered inside `[`.
pub const DURATIONS: &[(&str, &str)] = &[
    ("1m", "1 minute"),
    ("5m", "5 minutes"),
    ("10m", "10 minutes"),
    ("15m", "15 minutes"),
    ("30m", "30 minutes"),
    ("1h", "1 hour"),
    ("3h", "3 hours"),
    ("6h", "6 hours"),
    ("12h", "12 hours"),
    ("1d", "1 day"),
    ("7d", "1 week"),
];

/// The doc of a function or aggregation by name.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    FUNCTIONS
        .iter()
        .chain(AGGREGATIONS)
        .chain(KEYWORDS)
        .chain(OPERATORS)
        .find(|e| e.name == name)
}

pub fn is_aggregation(name: &str) -> bool {
    AGGREGATIONS.iter().any(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_documented() {
        let mut all: Vec<&str> = FUNCTIONS
            .iter()
            .chain(AGGREGATIONS)
            .chain(KEYWORDS)
            .chain(OPERATORS)
            .map(|e| e.name)
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        for e in FUNCTIONS.iter().chain(AGGREGATIONS) {
            assert!(e.signature.starts_with(e.name), "{}", e.name);
            assert!(e.doc.ends_with('.'), "{}", e.name);
        }
        assert_eq!(lookup("rate").map(|e| e.kind), Some(EntryKind::Function));
        assert!(is_aggregation("topk") && !is_aggregation("rate"));
    }
}
