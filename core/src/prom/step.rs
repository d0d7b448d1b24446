//! Step and interval math for range queries, as Grafana's Prometheus datasource does it.
//!
//! Contract (all times in ms unless the name says `_s`):
//! - `interval = max(round_interval(range / max_data_points), min_interval)`; with no min
//!   interval the floor is 1 ms, as in Grafana.
//! - The query's start/end are the range ends in whole seconds rounded up (Grafana's
//!   `Math.ceil(ms / 1000)`); Prometheus' step is `max(interval, safe)` where
//!   `safe = (end − start) / 11000`, rounded up to a whole second when above one second, so a
//!   series never exceeds Prometheus' 11,000-point limit.
//! - start/end are then aligned *down* to a multiple of the step (in the given zone offset, so
//!   daily steps fall on local midnight).
//! - `$__interval` is the step: Grafana's interval text (`30s`, `1m`, `1d`) when the step is
//!   the (min-limited) rounded interval and that text is exact, else the step in seconds
//!   (`236s`), or in ms when not whole seconds (`1500ms`).
//!   `$__rate_interval = max(step + scrape, 4 × scrape)` with scrape = 15 s when not given.
//!   `$__range_s = round(range / 1000)`, `$__range = "{range_s}s"`, `$__range_ms` = range.
//! - Degenerate input (empty or reversed range, 0 max data points) is clamped rather than
//!   rejected: the range counts as 1 ms, max data points as 1.

use super::duration::{interval_text, parse_duration_ms};
use crate::time::MINUTE_MS;

/// Prometheus rejects range queries with more points per series than this.
pub const MAX_POINTS_PER_SERIES: i64 = 11_000;
/// Scrape interval assumed when the datasource does not say (Grafana's default).
pub const DEFAULT_SCRAPE_INTERVAL_MS: i64 = 15_000;

/// Grafana's `roundInterval`: snap a raw interval to a "nice" one (1/10/20/50/100/200/500 ms,
/// 1/2/5/10/15/20/30 s, 1/2/5/10/15/20/30 m, 1/2/3/6/12 h, 1 d, 1 w, 30 d, 1 y).
pub fn round_interval_ms(ms: i64) -> i64 {
    // (upper bound exclusive, snapped value)
    const TABLE: [(i64, i64); 29] = [
        (10, 1),
        (15, 10),
        (35, 20),
        (75, 50),
        (150, 100),
        (350, 200),
        (750, 500),
        (1_500, 1_000),
        (3_500, 2_000),
        (7_500, 5_000),
        (12_500, 10_000),
        (17_500, 15_000),
        (25_000, 20_000),
        (45_000, 30_000),
        (90_000, 60_000),
        (210_000, 120_000),
        (450_000, 300_000),
        (750_000, 600_000),
        (1_050_000, 900_000),
        (1_500_000, 1_200_000),
        (2_700_000, 1_800_000),
        (5_400_000, 3_600_000),
        (9_000_000, 7_200_000),
        (16_200_000, 10_800_000),
        (32_400_000, 21_600_000),
        (86_400_000, 43_200_000),
        (604_800_000, 86_400_000),
        (1_814_400_000, 604_800_000),
        (3_628_800_000, 2_592_000_000),
    ];
    for (below, snapped) in TABLE {
        if ms < below {
            return snapped;
        }
    }
    31_536_000_000
}

/// Everything a range query and the interval built-ins need.
#[derive(Clone, Debug, PartialEq)]
pub struct StepPlan {
    /// `$__interval_ms`: the step actually used.
    pub interval_ms: i64,
    /// `$__interval`: `30s`, `1m`, `236s`, `500ms`.
    pub interval_text: String,
    /// Prometheus `step`, seconds (fractional below one second).
    pub step_s: f64,
    /// Aligned start, seconds.
    pub start_s: f64,
    /// Aligned end, seconds.
    pub end_s: f64,
    /// `$__rate_interval` in ms.
    pub rate_interval_ms: i64,
    /// `$__rate_interval` text, e.g. `60s`.
    pub rate_interval_text: String,
    /// `$__range_ms`: `to − from` of the dashboard range (unaligned).
    pub range_ms: i64,
}

impl StepPlan {
    /// `$__range_s`.
    pub fn range_s(&self) -> i64 {
        (self.range_ms as f64 / 1000.0).round() as i64
    }
    /// `$__range`.
    pub fn range_text(&self) -> String {
        format!("{}s", self.range_s())
    }
    /// Number of points per series this plan asks for.
    pub fn points(&self) -> i64 {
        ((self.end_s - self.start_s) / self.step_s).floor() as i64 + 1
    }
}

/// [`query_step_in_zone`] aligned in UTC.
pub fn query_step(
    from_ms: i64,
    to_ms: i64,
    max_data_points: u32,
    min_interval_ms: Option<i64>,
    scrape_interval_ms: Option<i64>,
) -> StepPlan {
    query_step_in_zone(
        from_ms,
        to_ms,
        max_data_points,
        min_interval_ms,
        scrape_interval_ms,
        0,
    )
}

/// The step plan for a panel `max_data_points` wide (its width in px, or its maxDataPoints)
/// over `from_ms..to_ms`, with start/end aligned in a zone `tz_offset_min` east of UTC.
pub fn query_step_in_zone(
    from_ms: i64,
    to_ms: i64,
    max_data_points: u32,
    min_interval_ms: Option<i64>,
    scrape_interval_ms: Option<i64>,
    tz_offset_min: i32,
) -> StepPlan {
    let range_ms = (to_ms - from_ms).max(1);
    let points = i64::from(max_data_points.max(1));
    let min_ms = min_interval_ms.filter(|m| *m > 0).unwrap_or(1);
    let interval_ms = round_interval_ms(range_ms / points).max(min_ms);

    let start_whole_s = ceil_div(from_ms, 1000);
    let end_whole_s = ceil_div(to_ms, 1000).max(start_whole_s);
    let range_whole_s = end_whole_s - start_whole_s;
    // Grafana: safe = range_s / 11000, rounded up to whole seconds once above one second.
    let safe_ms = if range_whole_s > MAX_POINTS_PER_SERIES {
        ceil_div(range_whole_s, MAX_POINTS_PER_SERIES) * 1000
    } else {
        ceil_div(range_whole_s * 1000, MAX_POINTS_PER_SERIES)
    };
    let step_ms = interval_ms.max(safe_ms).max(1);

    // Grafana keeps its short text unless the Prometheus limit changed the step; we also avoid
    // its lossy forms (1500 ms is not "1s").
    let short = interval_text(step_ms);
    let interval_text = if step_ms == interval_ms && parse_duration_ms(&short) == Ok(step_ms) {
        short
    } else {
        seconds_text(step_ms)
    };

    let offset_ms = i64::from(tz_offset_min) * MINUTE_MS;
    let align = |t_s: i64| (t_s * 1000 + offset_ms).div_euclid(step_ms) * step_ms - offset_ms;
    let start_ms = align(start_whole_s);
    let end_ms = align(end_whole_s);

    let scrape_ms = scrape_interval_ms
        .filter(|s| *s > 0)
        .unwrap_or(DEFAULT_SCRAPE_INTERVAL_MS);
    let rate_interval_ms = (step_ms + scrape_ms).max(4 * scrape_ms);

    StepPlan {
        interval_ms: step_ms,
        interval_text,
        step_s: step_ms as f64 / 1000.0,
        start_s: start_ms as f64 / 1000.0,
        end_s: end_ms as f64 / 1000.0,
        rate_interval_ms,
        rate_interval_text: seconds_text(rate_interval_ms),
        range_ms,
    }
}

/// `236s`, or `500ms` when not whole seconds (PromQL durations take no fractions).
fn seconds_text(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DAY_MS, HOUR_MS};

    #[test]
    fn round_interval_table() {
        let cases: &[(i64, i64)] = &[
            (0, 1),
            (9, 1),
            (10, 10),
            (14, 10),
            (15, 20),
            (34, 20),
            (35, 50),
            (74, 50),
            (75, 100),
            (149, 100),
            (150, 200),
            (349, 200),
            (350, 500),
            (749, 500),
            (750, 1_000),
            (1_499, 1_000),
            (1_500, 2_000),
            (3_500, 5_000),
            (7_500, 10_000),
            (12_500, 15_000),
            (17_500, 20_000),
            (18_000, 20_000),
            (25_000, 30_000),
            (44_999, 30_000),
            (45_000, 60_000),
            (90_000, 120_000),
            (210_000, 300_000),
            (450_000, 600_000),
            (750_000, 900_000),
            (1_050_000, 1_200_000),
            (1_500_000, 1_800_000),
            (2_160_000, 1_800_000),
            (2_700_000, 3_600_000),
            (5_400_000, 7_200_000),
            (9_000_000, 10_800_000),
            (16_200_000, 21_600_000),
            (32_400_000, 43_200_000),
            (86_400_000, 86_400_000),
            (604_799_999, 86_400_000),
            (604_800_000, 604_800_000),
            (1_814_400_000, 2_592_000_000),
            (3_628_800_000, 31_536_000_000),
            (i64::MAX, 31_536_000_000),
        ];
        for &(ms, want) in cases {
            assert_eq!(round_interval_ms(ms), want, "{ms}");
        }
    }

    /// 2023-11-14T22:13:20Z.
    const T0: i64 = 1_700_000_000_000;

    #[test]
    fn six_hours_at_1200_px() {
        let p = query_step(T0 - 6 * HOUR_MS, T0, 1200, None, Some(15_000));
        assert_eq!(p.interval_ms, 20_000);
        assert_eq!(p.interval_text, "20s");
        assert_eq!(p.step_s, 20.0);
        assert_eq!(p.end_s, 1_700_000_000.0);
        assert_eq!(p.start_s, 1_700_000_000.0 - 21_600.0);
        assert_eq!(p.rate_interval_ms, 60_000);
        assert_eq!(p.rate_interval_text, "60s");
        assert_eq!(p.range_s(), 21_600);
        assert_eq!(p.range_text(), "21600s");
        assert_eq!(p.points(), 1081);
    }

    #[test]
    fn thirty_days_hits_the_point_cap() {
        let p = query_step(T0 - 30 * DAY_MS, T0, 100_000, None, None);
        // 30 d / 11,000 = 235.6 s → 236 s beats the rounded 30 s interval.
        assert_eq!(p.interval_ms, 236_000);
        assert_eq!(p.interval_text, "236s");
        assert!(p.points() <= 11_000, "{}", p.points());
        assert_eq!(p.rate_interval_text, "251s");
        // At panel width the rounded interval wins.
        let q = query_step(T0 - 30 * DAY_MS, T0, 1200, None, None);
        assert_eq!(
            (q.interval_ms, q.interval_text.as_str()),
            (1_800_000, "30m")
        );
    }

    #[test]
    fn table_of_plans() {
        // (range, width, min interval, scrape) → (step ms, text, rate text)
        type Case = (
            i64,
            u32,
            Option<i64>,
            Option<i64>,
            i64,
            &'static str,
            &'static str,
        );
        let cases: &[Case] = &[
            (HOUR_MS, 1000, None, None, 5_000, "5s", "60s"),
            (HOUR_MS, 1000, Some(15_000), None, 15_000, "15s", "60s"),
            (
                HOUR_MS,
                1000,
                Some(30_000),
                Some(30_000),
                30_000,
                "30s",
                "120s",
            ),
            (5 * 60_000, 1500, None, None, 200, "200ms", "60s"),
            (5 * 60_000, 1500, Some(1_500), None, 1_500, "1500ms", "60s"),
            (24 * HOUR_MS, 800, None, None, 120_000, "2m", "135s"),
            (7 * DAY_MS, 1200, None, Some(60_000), 600_000, "10m", "660s"),
            (365 * DAY_MS, 1000, None, None, 21_600_000, "6h", "21615s"),
            (HOUR_MS, 0, None, None, 3_600_000, "1h", "3615s"),
        ];
        for &(range, width, min, scrape, step, text, rate) in cases {
            let p = query_step(T0 - range, T0, width, min, scrape);
            assert_eq!(
                (
                    p.interval_ms,
                    p.interval_text.as_str(),
                    p.rate_interval_text.as_str()
                ),
                (step, text, rate),
                "range {range} width {width} min {min:?}"
            );
            assert!(p.points() <= MAX_POINTS_PER_SERIES + 1);
        }
    }

    #[test]
    fn alignment() {
        // from/to not on second boundaries: ceil to seconds, then align down to the step.
        let p = query_step(T0 - HOUR_MS + 123, T0 + 4_567, 60, None, None);
        assert_eq!(p.interval_ms, 60_000);
        assert_eq!(p.end_s % 60.0, 0.0);
        assert_eq!(p.start_s % 60.0, 0.0);
        assert!(p.end_s <= (T0 + 4_567) as f64 / 1000.0 + 1.0);
        assert_eq!(p.end_s, 1_699_999_980.0);
        assert_eq!(p.start_s, 1_699_996_380.0);

        // Daily steps fall on local midnight.
        let from = T0 - 400 * DAY_MS;
        let utc = query_step(from, T0, 300, Some(DAY_MS), None);
        assert_eq!(utc.interval_ms, DAY_MS);
        assert_eq!((utc.start_s as i64 * 1000).rem_euclid(DAY_MS), 0);
        let cet = query_step_in_zone(from, T0, 300, Some(DAY_MS), None, 60);
        assert_eq!((cet.start_s as i64 * 1000 + HOUR_MS).rem_euclid(DAY_MS), 0);
        assert_eq!(cet.interval_text, "1d");

        // Sub-second steps keep fractional seconds.
        let s = query_step(T0 - 10_000, T0, 1000, None, None);
        assert_eq!(s.interval_ms, 10);
        assert_eq!(s.step_s, 0.01);

        // Reversed range is clamped, not a panic.
        let r = query_step(T0, T0 - 1000, 100, None, None);
        assert_eq!(r.range_ms, 1);
        assert!(r.end_s >= r.start_s);
    }
}
