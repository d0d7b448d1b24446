//! Time-axis ticks and labels, in pure millisecond arithmetic with a fixed zone offset.
//!
//! Contract:
//! - The tick increment is the smallest entry of a fixed table (1 s … 1 y, see
//!   [`INCREMENTS`]) whose on-screen spacing is at least `min_spacing_px`.
//! - Ticks sit on "round" local times: multiples of the increment since local midnight (below a
//!   day), local midnights (days), Mondays (weeks), the first of a month (months, a multiple of
//!   the month count since year 0) or January 1st (years).
//! - Labels follow Grafana: `HH:mm:ss` below a minute increment, `HH:mm` when the whole span is
//!   at most a day, `MM/DD HH:mm` for sub-day increments over longer spans, `MM/DD` for day and
//!   week increments, `YYYY-MM` for months and years.
//! - Local time = UTC + `tz_offset_min` (a fixed offset; DST changes inside the range are not
//!   modelled). An empty or reversed range, or a zero width, yields no ticks.
//! - Civil dates use Howard Hinnant's days↔civil algorithms (proleptic Gregorian).

const SEC: i64 = 1_000;
const MIN: i64 = 60 * SEC;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;

/// One step of the tick table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeIncrement {
    /// A fixed number of milliseconds (1 s … 1 w).
    Fixed(i64),
    /// A number of calendar months (1, 3, 6, 12 = one year, 24, 60, 120).
    Months(u32),
}

impl TimeIncrement {
    /// Nominal length in ms (a month counts as 30 days) used to compare against the span.
    pub fn approx_ms(self) -> i64 {
        match self {
            TimeIncrement::Fixed(ms) => ms,
            TimeIncrement::Months(m) => i64::from(m) * 30 * DAY,
        }
    }
}

/// The increments tried, smallest first (Grafana / uPlot style).
pub const INCREMENTS: &[TimeIncrement] = &[
    TimeIncrement::Fixed(SEC),
    TimeIncrement::Fixed(5 * SEC),
    TimeIncrement::Fixed(10 * SEC),
    TimeIncrement::Fixed(15 * SEC),
    TimeIncrement::Fixed(30 * SEC),
    TimeIncrement::Fixed(MIN),
    TimeIncrement::Fixed(2 * MIN),
    TimeIncrement::Fixed(5 * MIN),
    TimeIncrement::Fixed(10 * MIN),
    TimeIncrement::Fixed(15 * MIN),
    TimeIncrement::Fixed(30 * MIN),
    TimeIncrement::Fixed(HOUR),
    TimeIncrement::Fixed(3 * HOUR),
    TimeIncrement::Fixed(6 * HOUR),
    TimeIncrement::Fixed(12 * HOUR),
    TimeIncrement::Fixed(DAY),
    TimeIncrement::Fixed(2 * DAY),
    TimeIncrement::Fixed(WEEK),
    TimeIncrement::Months(1),
    TimeIncrement::Months(3),
    TimeIncrement::Months(6),
    TimeIncrement::Months(12),
    TimeIncrement::Months(24),
    TimeIncrement::Months(60),
    TimeIncrement::Months(120),
];

/// How tick labels are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeLabelFormat {
    /// `HH:mm:ss`
    HourMinSec,
    /// `HH:mm`
    HourMin,
    /// `MM/DD HH:mm`
    MonthDayHourMin,
    /// `MM/DD`
    MonthDay,
    /// `YYYY-MM`
    YearMonth,
}

/// A labelled tick on the time axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeTick {
    pub t_ms: i64,
    pub label: String,
}

/// Days since 1970-01-01 → (year, month 1..=12, day 1..=31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month 1..=12, day 1..=31) → days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The smallest increment whose ticks are at least `min_spacing_px` apart.
pub fn tick_increment(span_ms: i64, width_px: f64, min_spacing_px: f64) -> TimeIncrement {
    let last = TimeIncrement::Months(120);
    if span_ms <= 0 || width_px.is_nan() || width_px <= 0.0 {
        return last;
    }
    let px_per_ms = width_px / span_ms as f64;
    INCREMENTS
        .iter()
        .copied()
        .find(|inc| inc.approx_ms() as f64 * px_per_ms >= min_spacing_px)
        .unwrap_or(last)
}

/// Grafana's label format for an increment and the whole span.
pub fn label_format(inc: TimeIncrement, span_ms: i64) -> TimeLabelFormat {
    match inc {
        TimeIncrement::Fixed(ms) if ms < MIN => TimeLabelFormat::HourMinSec,
        TimeIncrement::Fixed(ms) if ms < DAY => {
            if span_ms <= DAY {
                TimeLabelFormat::HourMin
            } else {
                TimeLabelFormat::MonthDayHourMin
            }
        }
        TimeIncrement::Fixed(_) => TimeLabelFormat::MonthDay,
        TimeIncrement::Months(_) => TimeLabelFormat::YearMonth,
    }
}

/// Formats `t_ms` in local time (UTC + `tz_offset_min`).
pub fn format_time(t_ms: i64, tz_offset_min: i32, fmt: TimeLabelFormat) -> String {
    let local = t_ms + i64::from(tz_offset_min) * MIN;
    let days = local.div_euclid(DAY);
    let in_day = local.rem_euclid(DAY);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (in_day / HOUR, in_day % HOUR / MIN, in_day % MIN / SEC);
    match fmt {
        TimeLabelFormat::HourMinSec => format!("{h:02}:{mi:02}:{s:02}"),
        TimeLabelFormat::HourMin => format!("{h:02}:{mi:02}"),
        TimeLabelFormat::MonthDayHourMin => format!("{mo:02}/{d:02} {h:02}:{mi:02}"),
        TimeLabelFormat::MonthDay => format!("{mo:02}/{d:02}"),
        TimeLabelFormat::YearMonth => format!("{y:04}-{mo:02}"),
    }
}

/// Tick times (UTC ms) of `inc` inside `[from_ms, to_ms]`.
pub fn tick_times(from_ms: i64, to_ms: i64, inc: TimeIncrement, tz_offset_min: i32) -> Vec<i64> {
    let mut out = Vec::new();
    if to_ms <= from_ms {
        return out;
    }
    let off = i64::from(tz_offset_min) * MIN;
    match inc {
        TimeIncrement::Fixed(step) if step > 0 => {
            // Weeks start on Monday: 1970-01-05 was a Monday (4 days after the epoch).
            let phase = if step == WEEK { 4 * DAY } else { 0 };
            let local_from = from_ms + off - phase;
            let mut t = local_from.div_euclid(step) * step;
            if t < local_from {
                t += step;
            }
            while t + phase - off <= to_ms && out.len() < 10_000 {
                out.push(t + phase - off);
                t += step;
            }
        }
        TimeIncrement::Fixed(_) => {}
        TimeIncrement::Months(k) => {
            let k = i64::from(k.max(1));
            let (y, m, _) = civil_from_days((from_ms + off).div_euclid(DAY));
            let mut month_index = (y * 12 + i64::from(m) - 1).div_euclid(k) * k;
            while out.len() < 10_000 {
                let (yy, mm) = (
                    month_index.div_euclid(12),
                    month_index.rem_euclid(12) as u32 + 1,
                );
                let t = days_from_civil(yy, mm, 1) * DAY - off;
                if t > to_ms {
                    break;
                }
                if t >= from_ms {
                    out.push(t);
                }
                month_index += k;
            }
        }
    }
    out
}

/// Labelled ticks for a time axis `width_px` wide.
pub fn time_ticks(
    from_ms: i64,
    to_ms: i64,
    width_px: f64,
    min_spacing_px: f64,
    tz_offset_min: i32,
) -> Vec<TimeTick> {
    let span = to_ms.saturating_sub(from_ms);
    if span <= 0 || width_px.is_nan() || width_px <= 0.0 {
        return Vec::new();
    }
    let inc = tick_increment(span, width_px, min_spacing_px);
    let fmt = label_format(inc, span);
    tick_times(from_ms, to_ms, inc, tz_offset_min)
        .into_iter()
        .map(|t_ms| TimeTick {
            t_ms,
            label: format_time(t_ms, tz_offset_min, fmt),
        })
        .collect()
}

/// Characters in a label of `fmt`.
pub fn label_chars(fmt: TimeLabelFormat) -> usize {
    match fmt {
        TimeLabelFormat::HourMinSec => 8,
        TimeLabelFormat::HourMin | TimeLabelFormat::MonthDay => 5,
        TimeLabelFormat::MonthDayHourMin => 11,
        TimeLabelFormat::YearMonth => 7,
    }
}

/// Labelled ticks whose spacing fits their own labels at `font_px` (0.6 em per character plus
/// 1.5 em of air): what the charts draw.
pub fn auto_time_ticks(
    from_ms: i64,
    to_ms: i64,
    width_px: f64,
    font_px: f64,
    tz_offset_min: i32,
) -> Vec<TimeTick> {
    let span = to_ms.saturating_sub(from_ms);
    if span <= 0 || width_px.is_nan() || width_px <= 0.0 {
        return Vec::new();
    }
    let px_per_ms = width_px / span as f64;
    let fits = |inc: &TimeIncrement| {
        let need = label_chars(label_format(*inc, span)) as f64 * 0.6 * font_px + 1.5 * font_px;
        inc.approx_ms() as f64 * px_per_ms >= need
    };
    let inc = INCREMENTS
        .iter()
        .copied()
        .find(fits)
        .unwrap_or(TimeIncrement::Months(120));
    let fmt = label_format(inc, span);
    tick_times(from_ms, to_ms, inc, tz_offset_min)
        .into_iter()
        .map(|t_ms| TimeTick {
            t_ms,
            label: format_time(t_ms, tz_offset_min, fmt),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_known_dates() {
        let cases = [
            (0, (1970, 1, 1)),
            (-1, (1969, 12, 31)),
            (11_016, (2000, 2, 29)),
            (19_782, (2024, 2, 29)),
            (20_089, (2025, 1, 1)),
            (-719_468, (0, 3, 1)),
        ];
        for (days, ymd) in cases {
            assert_eq!(civil_from_days(days), ymd, "{days}");
            assert_eq!(days_from_civil(ymd.0, ymd.1, ymd.2), days, "{ymd:?}");
        }
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn format_with_offsets() {
        // 2024-03-10T23:30:05Z
        let t = days_from_civil(2024, 3, 10) * DAY + 23 * HOUR + 30 * MIN + 5 * SEC;
        let cases = [
            (0, TimeLabelFormat::HourMinSec, "23:30:05"),
            (0, TimeLabelFormat::MonthDayHourMin, "03/10 23:30"),
            (60, TimeLabelFormat::MonthDayHourMin, "03/11 00:30"),
            (-330, TimeLabelFormat::HourMin, "18:00"),
            (0, TimeLabelFormat::YearMonth, "2024-03"),
            (120, TimeLabelFormat::MonthDay, "03/11"),
        ];
        for (off, fmt, want) in cases {
            assert_eq!(format_time(t, off, fmt), want, "{off} {fmt:?}");
        }
    }

    /// Spans from one minute to one year on an 800 px axis with labels ≥ 90 px apart.
    #[test]
    fn tick_table_by_span() {
        let from = days_from_civil(2024, 5, 15) * DAY + 13 * HOUR + 7 * MIN + 13 * SEC;
        type Case = (i64, TimeIncrement, TimeLabelFormat, usize, &'static str);
        let cases: &[Case] = &[
            (
                MIN,
                TimeIncrement::Fixed(10 * SEC),
                TimeLabelFormat::HourMinSec,
                6,
                "13:07:20",
            ),
            (
                5 * MIN,
                TimeIncrement::Fixed(MIN),
                TimeLabelFormat::HourMin,
                5,
                "13:08",
            ),
            (
                HOUR,
                TimeIncrement::Fixed(10 * MIN),
                TimeLabelFormat::HourMin,
                6,
                "13:10",
            ),
            (
                6 * HOUR,
                TimeIncrement::Fixed(HOUR),
                TimeLabelFormat::HourMin,
                6,
                "14:00",
            ),
            (
                DAY,
                TimeIncrement::Fixed(3 * HOUR),
                TimeLabelFormat::HourMin,
                8,
                "15:00",
            ),
            (
                7 * DAY,
                TimeIncrement::Fixed(DAY),
                TimeLabelFormat::MonthDay,
                7,
                "05/16",
            ),
            (
                30 * DAY,
                TimeIncrement::Fixed(WEEK),
                TimeLabelFormat::MonthDay,
                4,
                "05/20",
            ),
            (
                90 * DAY,
                TimeIncrement::Months(1),
                TimeLabelFormat::YearMonth,
                3,
                "2024-06",
            ),
            (
                365 * DAY,
                TimeIncrement::Months(3),
                TimeLabelFormat::YearMonth,
                4,
                "2024-07",
            ),
        ];
        for (span, inc, fmt, count, first) in cases {
            let got_inc = tick_increment(*span, 800.0, 90.0);
            assert_eq!(got_inc, *inc, "span {span}");
            assert_eq!(label_format(got_inc, *span), *fmt, "span {span}");
            let ticks = time_ticks(from, from + span, 800.0, 90.0, 0);
            assert_eq!(ticks.len(), *count, "span {span}: {ticks:?}");
            assert_eq!(ticks[0].label, *first, "span {span}");
            assert!(ticks
                .iter()
                .all(|t| t.t_ms >= from && t.t_ms <= from + span));
            assert!(ticks.windows(2).all(|w| w[0].t_ms < w[1].t_ms));
        }
    }

    #[test]
    fn ticks_align_to_local_time() {
        // 7 days in UTC+2: daily ticks at local midnight = 22:00 UTC.
        let from = days_from_civil(2024, 1, 1) * DAY;
        let ticks = tick_times(from, from + 3 * DAY, TimeIncrement::Fixed(DAY), 120);
        assert_eq!(
            ticks,
            vec![
                from + 22 * HOUR,
                from + DAY + 22 * HOUR,
                from + 2 * DAY + 22 * HOUR
            ]
        );
        // Weekly ticks land on Mondays (2024-01-01 was a Monday).
        let weeks = tick_times(from - DAY, from + 15 * DAY, TimeIncrement::Fixed(WEEK), 0);
        assert_eq!(weeks, vec![from, from + WEEK, from + 2 * WEEK]);
        assert!(tick_times(from, from, TimeIncrement::Fixed(DAY), 0).is_empty());
        assert!(time_ticks(from, from + DAY, 0.0, 90.0, 0).is_empty());
    }

    #[test]
    fn auto_ticks_never_overlap() {
        let from = days_from_civil(2024, 5, 15) * DAY + 13 * HOUR;
        for span in [
            MIN,
            10 * MIN,
            HOUR,
            12 * HOUR,
            2 * DAY,
            30 * DAY,
            400 * DAY,
            3650 * DAY,
        ] {
            for width in [300.0, 800.0, 1600.0] {
                let ticks = auto_time_ticks(from, from + span, width, 12.0, 0);
                assert!(ticks.len() >= 2, "span {span} width {width}: {ticks:?}");
                let px = |t: i64| (t - from) as f64 / span as f64 * width;
                for w in ticks.windows(2) {
                    let gap = px(w[1].t_ms) - px(w[0].t_ms);
                    let need = w[0].label.len() as f64 * 0.6 * 12.0;
                    assert!(
                        gap > need,
                        "span {span} width {width}: {} and {} overlap",
                        w[0].label,
                        w[1].label
                    );
                }
            }
        }
    }
}
