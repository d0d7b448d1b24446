//! Reducers: one number from a series' values, by Grafana reducer id.
//!
//! Contract:
//! - Prometheus has no null (a missing step is simply absent), so NaN plays Grafana's null:
//!   every reducer skips NaN **except** `last`, `first` (the raw end values, NaN included) and
//!   `count` (every sample). `lastNotNull`/`firstNotNull` are the last/first non-NaN values.
//! - ±Inf are ordinary numbers; arithmetic follows IEEE 754 (`sum` of +Inf and −Inf is NaN).
//! - Empty input (or nothing left after skipping NaN) → `None`, except where Grafana defines an
//!   empty result: `sum` and `count` → 0, `allIsNull` → 1 (true), `allIsZero` → 0 (false).
//! - Booleans (`allIsNull`, `allIsZero`) are returned as 1.0 / 0.0.
//! - `delta` is current Grafana's (v10+) counter-aware increase: the sum of non-negative steps,
//!   where a drop (counter reset) adds nothing and also skips the step right after it.
//! - `pNN` (p1…p99) picks the sorted value at index `round((n − 1) × NN / 100)`, as Grafana;
//!   `variance`/`stdDev` are population statistics (0 for no values, as Grafana).
//! - Unknown ids are an error ([`UnknownReducer`]), never a silent default.

use std::str::FromStr;

/// A reducer id Grafana does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown reducer `{0}` (expected one of lastNotNull, last, firstNotNull, first, mean, min, max, sum, count, range, delta, diff, step, logmin, changeCount, distinctCount, allIsNull, allIsZero, median, variance, stdDev, diffperc, countAll, p1…p99)")]
pub struct UnknownReducer(pub String);

/// Grafana's reducers (`ReducerID`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reducer {
    LastNotNull,
    Last,
    FirstNotNull,
    First,
    Mean,
    Min,
    Max,
    Sum,
    Count,
    Range,
    Delta,
    Diff,
    /// Smallest difference between consecutive values.
    Step,
    /// Smallest value above zero (for log scales).
    LogMin,
    ChangeCount,
    DistinctCount,
    AllIsNull,
    AllIsZero,
    Median,
    Variance,
    StdDev,
    /// `diff` as a percentage of the first value.
    DiffPerc,
    /// Every sample, NaN included (Grafana's "count all"; same as `count` here).
    CountAll,
    /// `pNN`, 1..=99.
    Percentile(u8),
}

impl FromStr for Reducer {
    type Err = UnknownReducer;

    /// Grafana ids plus the aliases Grafana accepts (old singlestat `valueName`s).
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Ok(match id {
            "lastNotNull" | "current" => Self::LastNotNull,
            "last" => Self::Last,
            "firstNotNull" => Self::FirstNotNull,
            "first" => Self::First,
            "mean" | "avg" => Self::Mean,
            "min" => Self::Min,
            "max" => Self::Max,
            "sum" | "total" => Self::Sum,
            "count" => Self::Count,
            "range" => Self::Range,
            "delta" => Self::Delta,
            "diff" => Self::Diff,
            "step" => Self::Step,
            "logmin" => Self::LogMin,
            "changeCount" => Self::ChangeCount,
            "distinctCount" => Self::DistinctCount,
            "allIsNull" => Self::AllIsNull,
            "allIsZero" => Self::AllIsZero,
            "median" => Self::Median,
            "variance" => Self::Variance,
            "stdDev" => Self::StdDev,
            "diffperc" => Self::DiffPerc,
            "countAll" => Self::CountAll,
            other => {
                let p = other.strip_prefix('p').and_then(|n| n.parse::<u8>().ok());
                match p {
                    Some(p @ 1..=99) if !other.starts_with("p0") => Self::Percentile(p),
                    _ => return Err(UnknownReducer(other.to_owned())),
                }
            }
        })
    }
}

impl Reducer {
    /// The canonical Grafana id.
    pub fn id(self) -> String {
        let id = match self {
            Self::LastNotNull => "lastNotNull",
            Self::Last => "last",
            Self::FirstNotNull => "firstNotNull",
            Self::First => "first",
            Self::Mean => "mean",
            Self::Min => "min",
            Self::Max => "max",
            Self::Sum => "sum",
            Self::Count => "count",
            Self::Range => "range",
            Self::Delta => "delta",
            Self::Diff => "diff",
            Self::Step => "step",
            Self::LogMin => "logmin",
            Self::ChangeCount => "changeCount",
            Self::DistinctCount => "distinctCount",
            Self::AllIsNull => "allIsNull",
            Self::AllIsZero => "allIsZero",
            Self::Median => "median",
            Self::Variance => "variance",
            Self::StdDev => "stdDev",
            Self::DiffPerc => "diffperc",
            Self::CountAll => "countAll",
            Self::Percentile(p) => return format!("p{p}"),
        };
        id.to_owned()
    }

    /// Grafana's display name (legend column headers).
    pub fn label(self) -> String {
        let label = match self {
            Self::LastNotNull => "Last *",
            Self::Last => "Last",
            Self::FirstNotNull => "First *",
            Self::First => "First",
            Self::Mean => "Mean",
            Self::Min => "Min",
            Self::Max => "Max",
            Self::Sum => "Total",
            Self::Count => "Count",
            Self::Range => "Range",
            Self::Delta => "Delta",
            Self::Diff => "Difference",
            Self::Step => "Step",
            Self::LogMin => "Min (above zero)",
            Self::ChangeCount => "Change count",
            Self::DistinctCount => "Distinct count",
            Self::AllIsNull => "All nulls",
            Self::AllIsZero => "All zeros",
            Self::Median => "Median",
            Self::Variance => "Variance",
            Self::StdDev => "StdDev",
            Self::DiffPerc => "Difference percent",
            Self::CountAll => "Count all",
            Self::Percentile(p) => {
                let nth = match p {
                    4..=20 => "th",
                    _ if p % 10 == 1 => "st",
                    _ if p % 10 == 2 => "nd",
                    _ if p % 10 == 3 => "rd",
                    _ => "th",
                };
                return format!("{p}{nth} %");
            }
        };
        label.to_owned()
    }

    /// Apply the reducer (see the module contract for NaN, ±Inf and empty input).
    pub fn apply(self, values: &[f64]) -> Option<f64> {
        let present = || values.iter().copied().filter(|v| !v.is_nan());
        match self {
            Self::LastNotNull => present().next_back(),
            Self::Last => values.last().copied(),
            Self::FirstNotNull => present().next(),
            Self::First => values.first().copied(),
            Self::Mean => {
                let (sum, n) = present().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
                (n > 0).then(|| sum / n as f64)
            }
            Self::Min => present().reduce(f64::min),
            Self::Max => present().reduce(f64::max),
            Self::Sum => Some(present().sum()),
            Self::Count | Self::CountAll => Some(values.len() as f64),
            Self::Range => {
                let min = present().reduce(f64::min)?;
                let max = present().reduce(f64::max)?;
                Some(max - min)
            }
            Self::Delta => delta(present()),
            Self::Diff => Some(present().next_back()? - present().next()?),
            Self::Step => {
                let v: Vec<f64> = present().collect();
                v.windows(2).map(|w| w[1] - w[0]).reduce(f64::min)
            }
            Self::LogMin => present().filter(|v| *v > 0.0).reduce(f64::min),
            Self::ChangeCount => {
                let v: Vec<f64> = present().collect();
                Some(v.windows(2).filter(|w| w[0] != w[1]).count() as f64)
            }
            Self::DistinctCount => {
                let mut v: Vec<f64> = present().collect();
                v.sort_by(f64::total_cmp);
                // -0.0 and 0.0 are one value, as in JavaScript's Set.
                v.dedup_by(|a, b| a == b);
                Some(v.len() as f64)
            }
            Self::AllIsNull => Some(bool_value(present().next().is_none())),
            Self::AllIsZero => {
                let mut any = false;
                let all_zero = present().all(|v| {
                    any = true;
                    v == 0.0
                });
                Some(bool_value(any && all_zero))
            }
            Self::Median => {
                let v = sorted(present());
                let mid = v.len() / 2;
                match v.len() {
                    0 => None,
                    n if n % 2 == 0 => Some((v[mid - 1] + v[mid]) / 2.0),
                    _ => Some(v[mid]),
                }
            }
            Self::Variance => Some(variance(present())),
            Self::StdDev => Some(variance(present()).sqrt()),
            Self::DiffPerc => {
                let first = present().next()?;
                let last = present().next_back()?;
                Some((last - first) / first * 100.0)
            }
            Self::Percentile(p) => {
                let v = sorted(present());
                let last = v.len().checked_sub(1)?;
                let index = (last as f64 * f64::from(p) / 100.0).round() as usize;
                v.get(index).copied()
            }
        }
    }
}

fn bool_value(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Population variance (Welford), 0 for no values.
fn variance(values: impl Iterator<Item = f64>) -> f64 {
    let (mut n, mut mean, mut square_sum) = (0.0, 0.0, 0.0);
    for v in values {
        n += 1.0;
        let old_mean = mean;
        mean += (v - old_mean) / n;
        square_sum += (v - old_mean) * (v - mean);
    }
    if n > 0.0 {
        square_sum / n
    } else {
        0.0
    }
}

/// Grafana `doStandardCalcs` delta (v10+) over the non-NaN values.
fn delta(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    let (&first, rest) = v.split_first()?;
    let mut total = 0.0;
    let mut previous = first;
    let mut previous_up = true;
    for &current in rest {
        if previous > current {
            // Counter reset: Grafana drops this step and the one after it.
            previous_up = false;
        } else {
            if previous_up {
                total += current - previous;
            }
            previous_up = true;
        }
        previous = current;
    }
    Some(total)
}

/// Reduce by Grafana id (aliases accepted).
pub fn reduce(id: &str, values: &[f64]) -> Result<Option<f64>, UnknownReducer> {
    Ok(id.parse::<Reducer>()?.apply(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    fn same(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => (x.is_nan() && y.is_nan()) || x == y,
            (None, None) => true,
            _ => false,
        }
    }

    #[test]
    fn every_reducer_on_every_input_kind() {
        let normal = [3.0, NAN, 1.0, 4.0, 1.0, 5.0];
        let empty: [f64; 0] = [];
        let all_nan = [NAN, NAN];
        let with_inf = [1.0, INF, 2.0];
        let zeros = [0.0, -0.0, 0.0];
        // (reducer, input, expected)
        let cases: &[(&str, &[f64], Option<f64>)] = &[
            ("lastNotNull", &normal, Some(5.0)),
            ("lastNotNull", &[1.0, 2.0, NAN], Some(2.0)),
            ("lastNotNull", &empty, None),
            ("lastNotNull", &all_nan, None),
            ("lastNotNull", &with_inf, Some(2.0)),
            ("current", &normal, Some(5.0)),
            ("last", &normal, Some(5.0)),
            ("last", &[1.0, NAN], Some(NAN)),
            ("last", &empty, None),
            ("last", &all_nan, Some(NAN)),
            ("last", &[1.0, INF], Some(INF)),
            ("firstNotNull", &[NAN, 2.0, 3.0], Some(2.0)),
            ("firstNotNull", &empty, None),
            ("firstNotNull", &all_nan, None),
            ("firstNotNull", &with_inf, Some(1.0)),
            ("first", &[NAN, 2.0], Some(NAN)),
            ("first", &normal, Some(3.0)),
            ("first", &empty, None),
            ("first", &with_inf, Some(1.0)),
            ("mean", &normal, Some(14.0 / 5.0)),
            ("avg", &[1.0, 2.0], Some(1.5)),
            ("mean", &empty, None),
            ("mean", &all_nan, None),
            ("mean", &with_inf, Some(INF)),
            ("mean", &[INF, -INF], Some(NAN)),
            ("min", &normal, Some(1.0)),
            ("min", &empty, None),
            ("min", &all_nan, None),
            ("min", &[1.0, -INF], Some(-INF)),
            ("max", &normal, Some(5.0)),
            ("max", &empty, None),
            ("max", &all_nan, None),
            ("max", &with_inf, Some(INF)),
            ("sum", &normal, Some(14.0)),
            ("total", &normal, Some(14.0)),
            ("sum", &empty, Some(0.0)),
            ("sum", &all_nan, Some(0.0)),
            ("sum", &with_inf, Some(INF)),
            ("count", &normal, Some(6.0)),
            ("count", &empty, Some(0.0)),
            ("count", &all_nan, Some(2.0)),
            ("count", &with_inf, Some(3.0)),
            ("range", &normal, Some(4.0)),
            ("range", &empty, None),
            ("range", &all_nan, None),
            ("range", &with_inf, Some(INF)),
            ("delta", &[1.0, 3.0, 6.0], Some(5.0)),
            // Counter reset after 10: 3→10 adds 7; the drop and the step after it add nothing.
            ("delta", &[3.0, 10.0, 2.0, 5.0, 6.0], Some(8.0)),
            ("delta", &[3.0, 10.0, 2.0], Some(7.0)),
            ("delta", &[1.0, NAN, 2.0], Some(1.0)),
            ("delta", &[5.0], Some(0.0)),
            ("delta", &empty, None),
            ("delta", &all_nan, None),
            ("delta", &with_inf, Some(INF)),
            ("diff", &normal, Some(2.0)),
            ("diff", &[5.0, 2.0], Some(-3.0)),
            ("diff", &empty, None),
            ("diff", &all_nan, None),
            ("diff", &with_inf, Some(1.0)),
            ("step", &[1.0, 3.0, 4.0], Some(1.0)),
            ("step", &[1.0], None),
            ("logmin", &[0.0, -1.0, 0.5, 2.0], Some(0.5)),
            ("logmin", &zeros, None),
            ("changeCount", &[1.0, 1.0, 2.0, NAN, 2.0, 1.0], Some(2.0)),
            ("changeCount", &empty, Some(0.0)),
            ("changeCount", &all_nan, Some(0.0)),
            ("changeCount", &with_inf, Some(2.0)),
            ("distinctCount", &normal, Some(4.0)),
            ("distinctCount", &zeros, Some(1.0)),
            ("distinctCount", &empty, Some(0.0)),
            ("distinctCount", &all_nan, Some(0.0)),
            ("distinctCount", &[INF, INF, 1.0], Some(2.0)),
            ("allIsNull", &normal, Some(0.0)),
            ("allIsNull", &empty, Some(1.0)),
            ("allIsNull", &all_nan, Some(1.0)),
            ("allIsNull", &with_inf, Some(0.0)),
            ("allIsZero", &zeros, Some(1.0)),
            ("allIsZero", &[0.0, NAN], Some(1.0)),
            ("allIsZero", &normal, Some(0.0)),
            ("allIsZero", &empty, Some(0.0)),
            ("allIsZero", &all_nan, Some(0.0)),
            ("allIsZero", &with_inf, Some(0.0)),
            ("median", &[3.0, 1.0, 2.0], Some(2.0)),
            ("median", &[4.0, 1.0, NAN, 2.0, 3.0], Some(2.5)),
            ("median", &empty, None),
            ("median", &all_nan, None),
            ("median", &with_inf, Some(2.0)),
            ("variance", &[1.0, 3.0], Some(1.0)),
            ("variance", &empty, Some(0.0)),
            ("variance", &all_nan, Some(0.0)),
            (
                "stdDev",
                &[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0],
                Some(2.0),
            ),
            ("stdDev", &with_inf, Some(NAN)),
            ("diffperc", &[50.0, NAN, 75.0], Some(50.0)),
            ("diffperc", &empty, None),
            ("diffperc", &all_nan, None),
            ("countAll", &all_nan, Some(2.0)),
            ("p50", &[1.0, 2.0, 3.0, 4.0], Some(3.0)),
            ("p95", &[5.0, 1.0, 4.0, 2.0, 3.0], Some(5.0)),
            ("p1", &[5.0, 1.0, 4.0, 2.0, 3.0], Some(1.0)),
            ("p99", &empty, None),
            ("p99", &all_nan, None),
            ("p99", &with_inf, Some(INF)),
        ];
        for (id, input, want) in cases {
            let got = reduce(id, input);
            assert!(
                matches!(got, Ok(g) if same(g, *want)),
                "{id}({input:?}) = {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn ids_round_trip_and_unknown_is_an_error() {
        for r in [
            Reducer::LastNotNull,
            Reducer::Last,
            Reducer::FirstNotNull,
            Reducer::First,
            Reducer::Mean,
            Reducer::Min,
            Reducer::Max,
            Reducer::Sum,
            Reducer::Count,
            Reducer::Range,
            Reducer::Delta,
            Reducer::Diff,
            Reducer::Step,
            Reducer::LogMin,
            Reducer::ChangeCount,
            Reducer::DistinctCount,
            Reducer::AllIsNull,
            Reducer::AllIsZero,
            Reducer::Median,
            Reducer::Variance,
            Reducer::StdDev,
            Reducer::DiffPerc,
            Reducer::CountAll,
            Reducer::Percentile(1),
            Reducer::Percentile(99),
        ] {
            assert_eq!(r.id().parse::<Reducer>(), Ok(r));
            assert!(!r.label().is_empty());
        }
        assert_eq!(Reducer::Percentile(95).label(), "95th %");
        assert_eq!(Reducer::Percentile(22).label(), "22nd %");
        for bad in ["p0", "p100", "p05", "px", ""] {
            assert!(bad.parse::<Reducer>().is_err(), "{bad}");
        }
        assert_eq!(
            reduce("median-ish", &[1.0]),
            Err(UnknownReducer("median-ish".to_owned()))
        );
    }
}
