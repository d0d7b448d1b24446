//! Time ranges and date math, Grafana-compatible, as pure integer arithmetic.
//!
//! Contract:
//! - Instants are milliseconds since the Unix epoch (`i64`); a zone is a fixed UTC offset in
//!   minutes (east positive, e.g. +60 for CET). Rounding (`/d`, `/w`, `/M`, `/y`) and calendar
//!   arithmetic (`-1M`, `-1y`) happen in that offset; zones with DST are the caller's concern
//!   (pass the offset valid at `now`).
//! - Grafana time expressions: `now`, `now-6h`, `now+1d`, `now-1d/d`, `now/w`, `now-1M/M`,
//!   chained operations (`now-1d-2h/h`), units `s m h d w M Q y` (`M` = calendar month,
//!   `y` = calendar year, `Q` = quarter); a bare `now-5` means 5 of nothing and is rejected.
//!   Absolute times: ms-epoch digits, ISO 8601 / RFC 3339 (`2026-01-02T03:04:05Z`,
//!   `2026-01-02T03:04:05.123+02:00`, `2026-01-02 03:04:05` and `2026-01-02` in the given
//!   offset), and Grafana's old URL form `20260102T030405`.
//! - As in Grafana, `to` rounds *up* to the last millisecond of its unit (`now/d` as `to` is
//!   23:59:59.999 today), `from` rounds down. Month/year arithmetic clamps the day like
//!   moment.js (Jan 31 + 1M = Feb 28/29; Feb 29 + 1y = Feb 28).
//! - Weeks start on Monday unless [`WeekStart::Sunday`] is asked for (Grafana follows the
//!   browser locale; ISO weeks are its fallback).
//! - Formatting uses moment-style tokens (`YYYY-MM-DD HH:mm:ss`, `MM/DD HH:mm`, `MMM D`, …);
//!   text in `[brackets]` is literal.

use thiserror::Error;

pub const SECOND_MS: i64 = 1000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;
pub const WEEK_MS: i64 = 7 * DAY_MS;
/// The latest (and, negated, earliest) instant a time expression may name: JavaScript's `Date`
/// range, ±8.64e15 ms (±275,760 years). Anything beyond is "not a time", so the range
/// arithmetic downstream (shift, zoom, steps) cannot overflow.
pub const MAX_TIME_MS: i64 = 8_640_000_000_000_000;

/// The time picker's quick ranges, as Grafana lists them: (from, to, label).
pub const QUICK_RANGES: &[(&str, &str, &str)] = &[
    ("now-5m", "now", "Last 5 minutes"),
    ("now-15m", "now", "Last 15 minutes"),
    ("now-30m", "now", "Last 30 minutes"),
    ("now-1h", "now", "Last 1 hour"),
    ("now-3h", "now", "Last 3 hours"),
    ("now-6h", "now", "Last 6 hours"),
    ("now-12h", "now", "Last 12 hours"),
    ("now-24h", "now", "Last 24 hours"),
    ("now-2d", "now", "Last 2 days"),
    ("now-7d", "now", "Last 7 days"),
    ("now-30d", "now", "Last 30 days"),
    ("now/d", "now/d", "Today"),
    ("now-1d/d", "now-1d/d", "Yesterday"),
    ("now/w", "now/w", "This week"),
];

/// The refresh picker's choices (`""` = off), as the product issue lists them.
pub const REFRESH_CHOICES: &[&str] = &["", "5s", "10s", "30s", "1m", "5m", "15m", "1h"];

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum TimeError {
    #[error("\"{0}\" is not a time: use now, now-6h, now/d, a date like 2026-01-02T03:04:05Z or milliseconds since 1970")]
    Invalid(String),
    #[error("\"{expr}\" has an unknown unit \"{unit}\": use s, m, h, d, w, M, Q or y")]
    UnknownUnit { expr: String, unit: String },
    #[error("the time range ends before it starts ({from} to {to})")]
    Reversed { from: String, to: String },
    #[error("\"{0}\" is too far from today: times must lie within 275,000 years of 1970")]
    OutOfRange(String),
}

/// First day of a week for `/w` rounding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
    Saturday,
}

// ---------------------------------------------------------------------------------------------
// Civil calendar (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.

/// Days since 1970-01-01 of a civil date (month 1–12, day 1–31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(month);
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era.saturating_mul(146_097).saturating_add(doe - 719_468)
}

/// The civil date (year, month 1–12, day 1–31) of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = era
        .saturating_mul(400)
        .saturating_add(yoe + i64::from(month <= 2));
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday_from_days(days: i64) -> u32 {
    // 1970-01-01 was a Thursday (3).
    (days + 3).rem_euclid(7) as u32
}

/// A broken-down local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub ms: u32,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
}

impl Civil {
    /// `t_ms` seen in a zone `offset_min` minutes east of UTC.
    pub fn from_ms(t_ms: i64, offset_min: i32) -> Self {
        let local = t_ms.saturating_add(i64::from(offset_min) * MINUTE_MS);
        let days = local.div_euclid(DAY_MS);
        let in_day = local.rem_euclid(DAY_MS);
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: (in_day / HOUR_MS) as u32,
            minute: (in_day % HOUR_MS / MINUTE_MS) as u32,
            second: (in_day % MINUTE_MS / SECOND_MS) as u32,
            ms: (in_day % SECOND_MS) as u32,
            weekday: weekday_from_days(days),
        }
    }

    /// Back to ms epoch. Out-of-range day-of-month is clamped to the month's length.
    pub fn to_ms(&self, offset_min: i32) -> i64 {
        let day = self.day.min(days_in_month(self.year, self.month)).max(1);
        let days = days_from_civil(self.year, self.month, day);
        let in_day = i64::from(self.hour) * HOUR_MS
            + i64::from(self.minute) * MINUTE_MS
            + i64::from(self.second) * SECOND_MS
            + i64::from(self.ms)
            - i64::from(offset_min) * MINUTE_MS;
        days.saturating_mul(DAY_MS).saturating_add(in_day)
    }
}

// ---------------------------------------------------------------------------------------------
// Date math.

/// A calendar/clock unit of Grafana's date math.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Unit {
    fn from_char(c: char) -> Option<Self> {
        Some(match c {
            's' => Unit::Second,
            'm' => Unit::Minute,
            'h' | 'H' => Unit::Hour,
            'd' => Unit::Day,
            'w' => Unit::Week,
            'M' => Unit::Month,
            'Q' => Unit::Quarter,
            'y' => Unit::Year,
            _ => return None,
        })
    }
}

/// `t_ms` plus `n` units, calendar-aware for months, quarters and years. Saturates at the
/// ends of `i64` instead of overflowing.
pub fn add_units(t_ms: i64, n: i64, unit: Unit, offset_min: i32) -> i64 {
    let fixed = |unit_ms: i64| t_ms.saturating_add(n.saturating_mul(unit_ms));
    match unit {
        Unit::Second => fixed(SECOND_MS),
        Unit::Minute => fixed(MINUTE_MS),
        Unit::Hour => fixed(HOUR_MS),
        Unit::Day => fixed(DAY_MS),
        Unit::Week => fixed(WEEK_MS),
        Unit::Month | Unit::Quarter | Unit::Year => {
            let months = match unit {
                Unit::Month => n,
                Unit::Quarter => n.saturating_mul(3),
                _ => n.saturating_mul(12),
            };
            // Beyond any representable date: saturate rather than do calendar math on it.
            const MAX_MONTHS: i64 = 12 * 300_000_000;
            if months.unsigned_abs() > MAX_MONTHS.unsigned_abs() {
                return if months > 0 { i64::MAX } else { i64::MIN };
            }
            let mut c = Civil::from_ms(t_ms, offset_min);
            let total = c.year.saturating_mul(12) + i64::from(c.month) - 1 + months;
            c.year = total.div_euclid(12);
            c.month = (total.rem_euclid(12) + 1) as u32;
            // to_ms clamps Jan 31 + 1M to the end of February, as moment.js does.
            c.to_ms(offset_min)
        }
    }
}

/// The first millisecond of the unit containing `t_ms`.
pub fn start_of(t_ms: i64, unit: Unit, offset_min: i32, week_start: WeekStart) -> i64 {
    let mut c = Civil::from_ms(t_ms, offset_min);
    c.ms = 0;
    if unit == Unit::Second {
        return c.to_ms(offset_min);
    }
    c.second = 0;
    if unit == Unit::Minute {
        return c.to_ms(offset_min);
    }
    c.minute = 0;
    if unit == Unit::Hour {
        return c.to_ms(offset_min);
    }
    c.hour = 0;
    match unit {
        Unit::Day => c.to_ms(offset_min),
        Unit::Week => {
            let start_weekday = match week_start {
                WeekStart::Monday => 0,
                WeekStart::Sunday => 6,
                WeekStart::Saturday => 5,
            };
            let back = (c.weekday + 7 - start_weekday) % 7;
            c.to_ms(offset_min).saturating_sub(i64::from(back) * DAY_MS)
        }
        Unit::Month => {
            c.day = 1;
            c.to_ms(offset_min)
        }
        Unit::Quarter => {
            c.day = 1;
            c.month = (c.month - 1) / 3 * 3 + 1;
            c.to_ms(offset_min)
        }
        _ => {
            c.day = 1;
            c.month = 1;
            c.to_ms(offset_min)
        }
    }
}

/// The last millisecond of the unit containing `t_ms`.
pub fn end_of(t_ms: i64, unit: Unit, offset_min: i32, week_start: WeekStart) -> i64 {
    let start = start_of(t_ms, unit, offset_min, week_start);
    add_units(start, 1, unit, offset_min).saturating_sub(1)
}

/// Evaluates one Grafana time expression. `round_up` is true for the `to` end of a range.
pub fn parse_time_expr(
    expr: &str,
    now_ms: i64,
    offset_min: i32,
    round_up: bool,
    week_start: WeekStart,
) -> Result<i64, TimeError> {
    let text = expr.trim();
    let Some(mut rest) = text.strip_prefix("now") else {
        let t =
            parse_absolute_ms(text, offset_min).ok_or_else(|| TimeError::Invalid(expr.into()))?;
        return in_range(t, expr);
    };
    let mut t = in_range(now_ms, expr)?;
    while let Some(op) = rest.chars().next() {
        rest = &rest[op.len_utf8()..];
        match op {
            '/' => {
                let mut chars = rest.chars();
                let Some(u) = chars.next() else {
                    return Err(TimeError::Invalid(expr.into()));
                };
                // Fiscal units (`/fQ`, `/fy`) need a fiscal-year start; treat as calendar.
                let (u, used) = if u == 'f' {
                    match chars.next() {
                        Some(u2) => (u2, 2),
                        None => return Err(TimeError::Invalid(expr.into())),
                    }
                } else {
                    (u, 1)
                };
                let unit = Unit::from_char(u).ok_or_else(|| TimeError::UnknownUnit {
                    expr: expr.into(),
                    unit: u.to_string(),
                })?;
                rest = &rest[used..];
                t = in_range(
                    if round_up {
                        end_of(t, unit, offset_min, week_start)
                    } else {
                        start_of(t, unit, offset_min, week_start)
                    },
                    expr,
                )?;
            }
            '+' | '-' => {
                let digits_len = rest.bytes().take_while(u8::is_ascii_digit).count();
                let n: i64 = if digits_len == 0 {
                    1
                } else {
                    rest[..digits_len]
                        .parse()
                        .map_err(|_| TimeError::Invalid(expr.into()))?
                };
                rest = &rest[digits_len..];
                let Some(u) = rest.chars().next() else {
                    return Err(TimeError::Invalid(expr.into()));
                };
                let unit = Unit::from_char(u).ok_or_else(|| TimeError::UnknownUnit {
                    expr: expr.into(),
                    unit: u.to_string(),
                })?;
                rest = &rest[u.len_utf8()..];
                let signed = if op == '-' { -n } else { n };
                t = in_range(add_units(t, signed, unit, offset_min), expr)?;
            }
            c if c.is_whitespace() => {}
            _ => return Err(TimeError::Invalid(expr.into())),
        }
    }
    Ok(t)
}

/// `t` when it lies within ±[`MAX_TIME_MS`], else [`TimeError::OutOfRange`].
fn in_range(t: i64, expr: &str) -> Result<i64, TimeError> {
    if (-MAX_TIME_MS..=MAX_TIME_MS).contains(&t) {
        Ok(t)
    } else {
        Err(TimeError::OutOfRange(expr.into()))
    }
}

/// Resolves a dashboard/URL time range (`from`, `to`) to ms epoch, Monday-start weeks.
pub fn resolve_range(
    from: &str,
    to: &str,
    now_ms: i64,
    tz_offset_min: i32,
) -> Result<(i64, i64), TimeError> {
    resolve_range_with(from, to, now_ms, tz_offset_min, WeekStart::Monday)
}

/// [`resolve_range`] with an explicit week start.
pub fn resolve_range_with(
    from: &str,
    to: &str,
    now_ms: i64,
    tz_offset_min: i32,
    week_start: WeekStart,
) -> Result<(i64, i64), TimeError> {
    let from_ms = parse_time_expr(from, now_ms, tz_offset_min, false, week_start)?;
    let to_ms = parse_time_expr(to, now_ms, tz_offset_min, true, week_start)?;
    if to_ms < from_ms {
        return Err(TimeError::Reversed {
            from: from.into(),
            to: to.into(),
        });
    }
    Ok((from_ms, to_ms))
}

/// True when the expression depends on "now" (a relative range refreshes; an absolute one
/// does not).
pub fn is_relative(expr: &str) -> bool {
    expr.contains("now")
}

fn take_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    if s.len() < n || !s.as_bytes()[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

fn take_char(s: &str, c: char) -> Option<&str> {
    s.strip_prefix(c)
}

/// Parses an absolute time: ms-epoch digits, RFC 3339 / ISO 8601, `YYYY-MM-DD[ HH:mm[:ss]]`,
/// or `YYYYMMDDTHHmmss`. A time without a zone is read in `offset_min`.
pub fn parse_absolute_ms(text: &str, offset_min: i32) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    // Grafana's URL form: 8 digits, 'T', 6 digits.
    if s.len() == 15 && s.as_bytes()[8] == b'T' {
        let (y, r) = take_digits(s, 4)?;
        let (mo, r) = take_digits(r, 2)?;
        let (d, r) = take_digits(r, 2)?;
        let r = take_char(r, 'T')?;
        let (h, r) = take_digits(r, 2)?;
        let (mi, r) = take_digits(r, 2)?;
        let (se, _) = take_digits(r, 2)?;
        return civil_checked(i64::from(y), mo, d, h, mi, se, 0, offset_min);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (y, r) = take_digits(s, 4)?;
    let r = take_char(r, '-')?;
    let (mo, r) = take_digits(r, 2)?;
    let r = take_char(r, '-')?;
    let (d, r) = take_digits(r, 2)?;
    if r.is_empty() {
        return civil_checked(i64::from(y), mo, d, 0, 0, 0, 0, offset_min);
    }
    let r = r.strip_prefix('T').or_else(|| r.strip_prefix(' '))?;
    let (h, r) = take_digits(r, 2)?;
    let r = take_char(r, ':')?;
    let (mi, r) = take_digits(r, 2)?;
    let (se, r) = match take_char(r, ':') {
        Some(r) => take_digits(r, 2)?,
        None => (0, r),
    };
    let (ms, r) = match take_char(r, '.').or_else(|| take_char(r, ',')) {
        Some(r) => {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            // Keep milliseconds, truncating finer digits (nanoseconds from Go).
            let frac = &r[..n];
            let mut ms = 0;
            for (i, b) in frac.bytes().take(3).enumerate() {
                ms += u32::from(b - b'0') * 10_u32.pow(2 - i as u32);
            }
            (ms, &r[n..])
        }
        None => (0, r),
    };
    let zone = match r {
        "" => offset_min,
        "Z" | "z" => 0,
        _ => {
            let sign = match r.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (zh, zr) = take_digits(&r[1..], 2)?;
            let zr = zr.strip_prefix(':').unwrap_or(zr);
            let (zm, zr) = take_digits(zr, 2)?;
            if !zr.is_empty() || zh > 23 || zm > 59 {
                return None;
            }
            sign * (zh as i32 * 60 + zm as i32)
        }
    };
    civil_checked(i64::from(y), mo, d, h, mi, se, ms, zone)
}

#[allow(clippy::too_many_arguments)] // reason: one plain field per civil component
fn civil_checked(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    ms: u32,
    offset_min: i32,
) -> Option<i64> {
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let c = Civil {
        year,
        month,
        day,
        hour,
        minute,
        second: second.min(59),
        ms,
        weekday: 0,
    };
    Some(c.to_ms(offset_min))
}

/// Parses an RFC 3339 timestamp as Prometheus prints them (`2023-03-01T10:00:00.123456789Z`).
/// Go's zero time (year 1) and empty text give `None`.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    if text.is_empty() || text.starts_with("0001-") {
        return None;
    }
    parse_absolute_ms(text, 0)
}

// ---------------------------------------------------------------------------------------------
// Formatting.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats `t_ms` in a zone `offset_min` east of UTC with moment-style tokens:
/// `YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm m ss s SSS A a Z ZZ`, `[literal]`.
pub fn format_time(t_ms: i64, offset_min: i32, pattern: &str) -> String {
    let c = Civil::from_ms(t_ms, offset_min);
    let mut out = String::with_capacity(pattern.len() + 8);
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'[' {
            let end = pattern[i + 1..].find(']').map(|e| i + 1 + e);
            if let Some(end) = end {
                out.push_str(&pattern[i + 1..end]);
                i = end + 1;
                continue;
            }
        }
        let run = bytes[i..].iter().take_while(|&&x| x == b).count();
        let hour12 = match c.hour % 12 {
            0 => 12,
            h => h,
        };
        let (token_len, text): (usize, String) = match (b, run) {
            (b'Y', n) if n >= 4 => (4, format!("{:04}", c.year)),
            (b'Y', n) if n >= 2 => (2, format!("{:02}", c.year.rem_euclid(100))),
            (b'M', n) if n >= 4 => (4, MONTHS[c.month as usize - 1].to_owned()),
            (b'M', 3) => (3, MONTHS[c.month as usize - 1][..3].to_owned()),
            (b'M', 2) => (2, format!("{:02}", c.month)),
            (b'M', _) => (1, c.month.to_string()),
            (b'D', n) if n >= 2 => (2, format!("{:02}", c.day)),
            (b'D', _) => (1, c.day.to_string()),
            (b'd', n) if n >= 4 => (4, WEEKDAYS[c.weekday as usize].to_owned()),
            (b'd', 3) => (3, WEEKDAYS[c.weekday as usize][..3].to_owned()),
            (b'H', n) if n >= 2 => (2, format!("{:02}", c.hour)),
            (b'H', _) => (1, c.hour.to_string()),
            (b'h', n) if n >= 2 => (2, format!("{hour12:02}")),
            (b'h', _) => (1, hour12.to_string()),
            (b'm', n) if n >= 2 => (2, format!("{:02}", c.minute)),
            (b'm', _) => (1, c.minute.to_string()),
            (b's', n) if n >= 2 => (2, format!("{:02}", c.second)),
            (b's', _) => (1, c.second.to_string()),
            (b'S', n) => (n.min(3), format!("{:03}", c.ms)[..n.min(3)].to_owned()),
            (b'A', _) => (1, if c.hour < 12 { "AM" } else { "PM" }.to_owned()),
            (b'a', _) => (1, if c.hour < 12 { "am" } else { "pm" }.to_owned()),
            (b'Z', n) => {
                let sign = if offset_min < 0 { '-' } else { '+' };
                let abs = offset_min.unsigned_abs();
                let sep = if n >= 2 { "" } else { ":" };
                (
                    n.min(2),
                    format!("{sign}{:02}{sep}{:02}", abs / 60, abs % 60),
                )
            }
            _ => {
                // Copy one (possibly multi-byte) character as-is.
                let ch_len = pattern[i..].chars().next().map_or(1, char::len_utf8);
                (ch_len, pattern[i..i + ch_len].to_owned())
            }
        };
        out.push_str(&text);
        i += token_len;
    }
    out
}

/// RFC 3339 in UTC with milliseconds: `2026-01-02T03:04:05.000Z`.
pub fn format_iso_utc(t_ms: i64) -> String {
    format_time(t_ms, 0, "YYYY-MM-DD[T]HH:mm:ss.SSS[Z]")
}

/// The axis-label pattern Grafana's time axis picks for a tick spacing and visible range.
pub fn axis_format(tick_ms: i64, range_ms: i64) -> &'static str {
    let tick_s = tick_ms / SECOND_MS;
    if tick_s <= 45 {
        "HH:mm:ss"
    } else if tick_s <= 7200 || range_ms <= DAY_MS {
        "HH:mm"
    } else if tick_s <= 80_000 {
        "MM/DD HH:mm"
    } else if tick_s <= 2_419_200 {
        "MM/DD"
    } else if tick_s <= 31_536_000 {
        "YYYY-MM"
    } else {
        "YYYY"
    }
}

// ---------------------------------------------------------------------------------------------
// Range text and navigation.

/// Display text for a raw range: Grafana's quick-range names ("Last 6 hours", "Today",
/// "Previous week"), "Last N <unit>s" for any `now-N<unit>` to `now`, else both ends formatted
/// (absolute ones as `YYYY-MM-DD HH:mm:ss` in `offset_min`).
pub fn describe_range(from: &str, to: &str, offset_min: i32) -> String {
    let named = match (from, to) {
        ("now/d", "now/d") => Some("Today"),
        ("now/d", "now") => Some("Today so far"),
        ("now/w", "now/w") => Some("This week"),
        ("now/w", "now") => Some("This week so far"),
        ("now/M", "now/M") => Some("This month"),
        ("now/M", "now") => Some("This month so far"),
        ("now/y", "now/y") => Some("This year"),
        ("now/y", "now") => Some("This year so far"),
        ("now-1d/d", "now-1d/d") => Some("Yesterday"),
        ("now-2d/d", "now-2d/d") => Some("Day before yesterday"),
        ("now-7d/d", "now-7d/d") => Some("This day last week"),
        ("now-1w/w", "now-1w/w") => Some("Previous week"),
        ("now-1M/M", "now-1M/M") => Some("Previous month"),
        ("now-1y/y", "now-1y/y") => Some("Previous year"),
        _ => None,
    };
    if let Some(n) = named {
        return n.to_owned();
    }
    if let Some(text) = last_next_text(from, to) {
        return text;
    }
    let side = |s: &str| -> String {
        if is_relative(s) {
            s.to_owned()
        } else {
            match parse_absolute_ms(s, offset_min) {
                Some(t) => format_time(t, offset_min, "YYYY-MM-DD HH:mm:ss"),
                None => s.to_owned(),
            }
        }
    };
    format!("{} to {}", side(from), side(to))
}

fn last_next_text(from: &str, to: &str) -> Option<String> {
    let (word, expr) = if to == "now" {
        ("Last", from.strip_prefix("now-")?)
    } else if from == "now" {
        ("Next", to.strip_prefix("now+")?)
    } else {
        return None;
    };
    let digits = expr.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = expr[..digits].parse().ok()?;
    let unit = match &expr[digits..] {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "M" => "month",
        "Q" => "quarter",
        "y" => "year",
        _ => return None,
    };
    let plural = if n == 1 { "" } else { "s" };
    Some(format!("{word} {n} {unit}{plural}"))
}

/// Grafana's zoom out: the range scaled by `factor` (2 = twice as long) around its centre;
/// if that reaches past `now` while the range did not, it is moved back to end at `now`.
pub fn zoom_out(from_ms: i64, to_ms: i64, factor: f64, now_ms: i64) -> (i64, i64) {
    let span = to_ms as f64 - from_ms as f64;
    let centre = to_ms as f64 - span / 2.0;
    let mut from = (centre - span * factor / 2.0).round() as i64;
    let mut to = (centre + span * factor / 2.0).round() as i64;
    if to > now_ms && to_ms <= now_ms {
        from = from.saturating_sub(to.saturating_sub(now_ms));
        to = now_ms;
    }
    (from, to)
}

/// Grafana's shift: move the range by half its length, back (`forward = false`) or forward;
/// a forward shift that would pass `now` (from a range ending before it) stops at `now`.
pub fn shift(from_ms: i64, to_ms: i64, forward: bool, now_ms: i64) -> (i64, i64) {
    let half = to_ms.saturating_sub(from_ms) / 2;
    if !forward {
        return (from_ms.saturating_sub(half), to_ms.saturating_sub(half));
    }
    let (from, to) = (from_ms.saturating_add(half), to_ms.saturating_add(half));
    if to > now_ms && to_ms < now_ms {
        (from_ms, now_ms)
    } else {
        (from, to)
    }
}

/// The pattern of the time picker's absolute text fields.
pub const INPUT_PATTERN: &str = "YYYY-MM-DD HH:mm:ss";

/// What a time picker field shows for a URL value: relative expressions as typed, ms-epoch
/// values as `YYYY-MM-DD HH:mm:ss` in the zone `offset_min` east of UTC.
pub fn input_text(url_value: &str, offset_min: i32) -> String {
    let v = url_value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(ms) = v.parse::<i64>() {
            return format_time(ms, offset_min, INPUT_PATTERN);
        }
    }
    v.to_owned()
}

/// Turns the time picker's two text fields into URL values: relative expressions (`now-6h`,
/// `now/d`) are kept as typed, absolute times (`YYYY-MM-DD HH:mm:ss`, RFC 3339, ms epoch)
/// become ms epoch read in `offset_min`. Fails with a sentence naming the bad field, or when
/// `to` is before `from`.
pub fn range_from_inputs(
    from: &str,
    to: &str,
    now_ms: i64,
    offset_min: i32,
) -> Result<(String, String), String> {
    let one = |text: &str, which: &str, round_up: bool| -> Result<(String, i64), String> {
        let t = text.trim();
        if t.is_empty() {
            return Err(format!(
                "“{which}” is empty: type e.g. now-6h or 2026-01-01 00:00:00"
            ));
        }
        let ms =
            parse_time_expr(t, now_ms, offset_min, round_up, WeekStart::Monday).map_err(|_| {
                format!("“{which}” is not a time: “{t}” (try now-6h, now/d or 2026-01-01 00:00:00)")
            })?;
        if is_relative(t) {
            Ok((t.to_owned(), ms))
        } else {
            Ok((ms.to_string(), ms))
        }
    };
    let (from_v, from_ms) = one(from, "From", false)?;
    let (to_v, to_ms) = one(to, "To", true)?;
    if to_ms < from_ms {
        return Err("“To” is before “From”".to_owned());
    }
    Ok((from_v, to_v))
}

/// Zoom out (×2) as URL values (ms epoch), as Grafana's `t z` and zoom-out button do.
pub fn zoom_out_values(from_ms: i64, to_ms: i64, now_ms: i64) -> (String, String) {
    let (f, t) = zoom_out(from_ms, to_ms, 2.0, now_ms);
    (f.to_string(), t.to_string())
}

/// Shift by half the range as URL values (ms epoch), as `t ←` / `t →` do.
pub fn shift_values(from_ms: i64, to_ms: i64, forward: bool, now_ms: i64) -> (String, String) {
    let (f, t) = shift(from_ms, to_ms, forward, now_ms);
    (f.to_string(), t.to_string())
}

#[cfg(test)]
mod picker_tests {
    use super::*;

    const END: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    #[test]
    fn input_text_formats_epoch_and_keeps_expressions() {
        let cases = [
            ("1767225600000", 0, "2026-01-01 00:00:00"),
            ("1767225600000", 120, "2026-01-01 02:00:00"),
            ("now-6h", 0, "now-6h"),
            ("now/d", 60, "now/d"),
            ("", 0, ""),
        ];
        for (v, off, want) in cases {
            assert_eq!(input_text(v, off), want, "{v} @ {off}");
        }
    }

    #[test]
    fn range_from_inputs_cases() {
        let ok = |f: &str, t: &str, off: i32| range_from_inputs(f, t, END, off);
        assert_eq!(
            ok("now-6h", "now", 0).unwrap(),
            ("now-6h".into(), "now".into())
        );
        assert_eq!(
            ok("now-1d/d", "now/d", 0).unwrap(),
            ("now-1d/d".into(), "now/d".into())
        );
        assert_eq!(
            ok("2025-12-31 23:00:00", "2026-01-01 00:00:00", 0).unwrap(),
            ((END - HOUR_MS).to_string(), END.to_string())
        );
        // Read in the browser's zone: 01:00 at +01:00 is midnight UTC.
        assert_eq!(
            ok("2026-01-01 00:00:00", "2026-01-01 01:00:00", 60)
                .unwrap()
                .1,
            END.to_string()
        );
        assert_eq!(
            ok("1767222000000", "now", 0).unwrap(),
            ("1767222000000".into(), "now".into())
        );
        assert!(ok("yesterday", "now", 0).unwrap_err().contains("“From”"));
        assert!(ok("now", "now-xh", 0).unwrap_err().contains("“To”"));
        assert!(ok("", "now", 0).unwrap_err().contains("empty"));
        assert!(ok("now", "now-1h", 0).unwrap_err().contains("before"));
    }

    #[test]
    fn zoom_and_shift_values() {
        let from = END - 2 * HOUR_MS;
        let (f, t) = zoom_out_values(from, END - HOUR_MS, END);
        assert_eq!(
            (f, t),
            (
                (END - 5 * HOUR_MS / 2).to_string(),
                (END - HOUR_MS / 2).to_string()
            )
        );
        // Past "now" it is moved back to end at now.
        let (f, t) = zoom_out_values(from, END, END);
        assert_eq!((f, t), ((END - 4 * HOUR_MS).to_string(), END.to_string()));
        let (f, t) = shift_values(from, END, false, END);
        assert_eq!(
            (f, t),
            ((END - 3 * HOUR_MS).to_string(), (END - HOUR_MS).to_string())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-18T14:37:21.456Z, a Wednesday.
    const NOW: i64 = 1_773_844_641_456;

    fn utc(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> i64 {
        Civil {
            year: y,
            month: mo,
            day: d,
            hour: h,
            minute: mi,
            second: s,
            ms,
            weekday: 0,
        }
        .to_ms(0)
    }

    #[test]
    fn civil_round_trip() {
        let cases: &[(i64, u32, u32, i64)] = &[
            (1970, 1, 1, 0),
            (2000, 3, 1, 11_017),
            (1969, 12, 31, -1),
            (2024, 2, 29, 19_782),
            (1600, 1, 1, -135_140),
            (2400, 12, 31, 157_419),
        ];
        for &(y, m, d, days) in cases {
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert_eq!(civil_from_days(days), (y, m, d));
        }
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(weekday_from_days(0), 3);
        assert_eq!(Civil::from_ms(NOW, 0).weekday, 2);
        assert_eq!(utc(2026, 3, 18, 14, 37, 21, 456), NOW);
    }

    #[test]
    fn expressions_in_utc() {
        let cases: &[(&str, bool, i64)] = &[
            ("now", false, NOW),
            ("now-6h", false, NOW - 6 * HOUR_MS),
            ("now+1d", false, NOW + DAY_MS),
            ("now-15m", false, NOW - 15 * MINUTE_MS),
            ("now-30s", false, NOW - 30 * SECOND_MS),
            ("now/d", false, utc(2026, 3, 18, 0, 0, 0, 0)),
            ("now/d", true, utc(2026, 3, 18, 23, 59, 59, 999)),
            ("now-1d/d", false, utc(2026, 3, 17, 0, 0, 0, 0)),
            ("now-1d/d", true, utc(2026, 3, 17, 23, 59, 59, 999)),
            ("now/w", false, utc(2026, 3, 16, 0, 0, 0, 0)),
            ("now/w", true, utc(2026, 3, 22, 23, 59, 59, 999)),
            ("now-1w/w", false, utc(2026, 3, 9, 0, 0, 0, 0)),
            ("now/M", false, utc(2026, 3, 1, 0, 0, 0, 0)),
            ("now/M", true, utc(2026, 3, 31, 23, 59, 59, 999)),
            ("now-1M", false, utc(2026, 2, 18, 14, 37, 21, 456)),
            ("now-1M/M", false, utc(2026, 2, 1, 0, 0, 0, 0)),
            ("now-1M/M", true, utc(2026, 2, 28, 23, 59, 59, 999)),
            ("now/Q", false, utc(2026, 1, 1, 0, 0, 0, 0)),
            ("now-1y/y", false, utc(2025, 1, 1, 0, 0, 0, 0)),
            ("now-1y/y", true, utc(2025, 12, 31, 23, 59, 59, 999)),
            ("now/h", false, utc(2026, 3, 18, 14, 0, 0, 0)),
            ("now/m", true, utc(2026, 3, 18, 14, 37, 59, 999)),
            ("now-1d-2h/h", false, utc(2026, 3, 17, 12, 0, 0, 0)),
            ("now-h", false, NOW - HOUR_MS),
            (" now-6h ", false, NOW - 6 * HOUR_MS),
            ("1773844641456", false, NOW),
            ("2026-01-02T03:04:05Z", false, utc(2026, 1, 2, 3, 4, 5, 0)),
            (
                "2026-01-02T03:04:05.123Z",
                true,
                utc(2026, 1, 2, 3, 4, 5, 123),
            ),
            (
                "2026-01-02T03:04:05.123456789+02:00",
                false,
                utc(2026, 1, 2, 1, 4, 5, 123),
            ),
            (
                "2026-01-02T03:04:05-0530",
                false,
                utc(2026, 1, 2, 8, 34, 5, 0),
            ),
            ("2026-01-02 03:04:05", false, utc(2026, 1, 2, 3, 4, 5, 0)),
            ("2026-01-02 03:04", false, utc(2026, 1, 2, 3, 4, 0, 0)),
            ("2026-01-02", false, utc(2026, 1, 2, 0, 0, 0, 0)),
            ("20260102T030405", false, utc(2026, 1, 2, 3, 4, 5, 0)),
        ];
        for &(expr, round_up, want) in cases {
            let got = parse_time_expr(expr, NOW, 0, round_up, WeekStart::Monday);
            assert_eq!(got, Ok(want), "{expr} round_up={round_up}");
        }
    }

    #[test]
    fn calendar_arithmetic_across_leap_years() {
        let cases: &[(i64, &str, i64)] = &[
            (
                utc(2024, 3, 31, 12, 0, 0, 0),
                "now-1M",
                utc(2024, 2, 29, 12, 0, 0, 0),
            ),
            (
                utc(2023, 3, 31, 12, 0, 0, 0),
                "now-1M",
                utc(2023, 2, 28, 12, 0, 0, 0),
            ),
            (
                utc(2024, 1, 31, 0, 0, 0, 0),
                "now+1M",
                utc(2024, 2, 29, 0, 0, 0, 0),
            ),
            (
                utc(2024, 2, 29, 8, 0, 0, 0),
                "now-1y",
                utc(2023, 2, 28, 8, 0, 0, 0),
            ),
            (
                utc(2024, 2, 29, 8, 0, 0, 0),
                "now+4y",
                utc(2028, 2, 29, 8, 0, 0, 0),
            ),
            (
                utc(2024, 2, 29, 8, 0, 0, 0),
                "now-100y",
                utc(1924, 2, 29, 8, 0, 0, 0),
            ),
            (
                utc(2100, 3, 1, 0, 0, 0, 0),
                "now-1M/M",
                utc(2100, 2, 1, 0, 0, 0, 0),
            ),
            (
                utc(2026, 1, 15, 0, 0, 0, 0),
                "now-1M",
                utc(2025, 12, 15, 0, 0, 0, 0),
            ),
            (
                utc(2026, 1, 15, 0, 0, 0, 0),
                "now-13M",
                utc(2024, 12, 15, 0, 0, 0, 0),
            ),
            (
                utc(2026, 5, 31, 0, 0, 0, 0),
                "now-1Q",
                utc(2026, 2, 28, 0, 0, 0, 0),
            ),
            (
                utc(2024, 12, 31, 0, 0, 0, 0),
                "now-1d",
                utc(2024, 12, 30, 0, 0, 0, 0),
            ),
        ];
        for &(now, expr, want) in cases {
            assert_eq!(
                parse_time_expr(expr, now, 0, false, WeekStart::Monday),
                Ok(want),
                "{expr} at {}",
                format_iso_utc(now)
            );
        }
        assert_eq!(
            parse_time_expr(
                "now-1M/M",
                utc(2100, 3, 1, 0, 0, 0, 0),
                0,
                true,
                WeekStart::Monday
            ),
            Ok(utc(2100, 2, 28, 23, 59, 59, 999))
        );
        assert_eq!(
            parse_time_expr(
                "now/M",
                utc(2024, 2, 10, 0, 0, 0, 0),
                0,
                true,
                WeekStart::Monday
            ),
            Ok(utc(2024, 2, 29, 23, 59, 59, 999))
        );
    }

    #[test]
    fn rounding_in_zone_offsets() {
        // 2026-03-18T23:30Z is already the 19th in UTC+2 and still the 18th in UTC-5.
        let now = utc(2026, 3, 18, 23, 30, 0, 0);
        let cases: &[(i32, &str, bool, i64)] = &[
            (120, "now/d", false, utc(2026, 3, 18, 22, 0, 0, 0)),
            (120, "now/d", true, utc(2026, 3, 19, 21, 59, 59, 999)),
            (-300, "now/d", false, utc(2026, 3, 18, 5, 0, 0, 0)),
            (330, "now/d", false, utc(2026, 3, 18, 18, 30, 0, 0)),
            (120, "now/M", false, utc(2026, 2, 28, 22, 0, 0, 0)),
            (120, "now/y", false, utc(2025, 12, 31, 22, 0, 0, 0)),
            (-300, "now/w", false, utc(2026, 3, 16, 5, 0, 0, 0)),
            (0, "2026-01-02 03:04:05", false, utc(2026, 1, 2, 3, 4, 5, 0)),
            (
                60,
                "2026-01-02 03:04:05",
                false,
                utc(2026, 1, 2, 2, 4, 5, 0),
            ),
            (
                60,
                "2026-01-02T03:04:05Z",
                false,
                utc(2026, 1, 2, 3, 4, 5, 0),
            ),
        ];
        for &(off, expr, up, want) in cases {
            assert_eq!(
                parse_time_expr(expr, now, off, up, WeekStart::Monday),
                Ok(want),
                "{expr} offset {off} round_up={up}"
            );
        }
        assert_eq!(
            parse_time_expr("now/w", NOW, 0, false, WeekStart::Sunday),
            Ok(utc(2026, 3, 15, 0, 0, 0, 0))
        );
        assert_eq!(
            parse_time_expr("now/w", NOW, 0, true, WeekStart::Sunday),
            Ok(utc(2026, 3, 21, 23, 59, 59, 999))
        );
    }

    #[test]
    fn invalid_expressions() {
        let cases = [
            "",
            "yesterday",
            "now-",
            "now-5",
            "now-5x",
            "now/",
            "now/x",
            "now*2",
            "2026-13-01",
            "2026-02-30",
            "2026-01-02T25:00:00Z",
            "2026-01-02T03:04:05+2",
            "12ab",
        ];
        for expr in cases {
            assert!(
                parse_time_expr(expr, NOW, 0, false, WeekStart::Monday).is_err(),
                "{expr:?} should fail"
            );
        }
        assert_eq!(
            parse_time_expr("now-5x", NOW, 0, false, WeekStart::Monday),
            Err(TimeError::UnknownUnit {
                expr: "now-5x".into(),
                unit: "x".into()
            })
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            resolve_range("now-6h", "now", NOW, 0),
            Ok((NOW - 6 * HOUR_MS, NOW))
        );
        assert_eq!(
            resolve_range("now/d", "now/d", NOW, 0),
            Ok((
                utc(2026, 3, 18, 0, 0, 0, 0),
                utc(2026, 3, 18, 23, 59, 59, 999)
            ))
        );
        assert_eq!(
            resolve_range("1700000000000", "1700003600000", NOW, 0),
            Ok((1_700_000_000_000, 1_700_003_600_000))
        );
        assert!(matches!(
            resolve_range("now", "now-1h", NOW, 0),
            Err(TimeError::Reversed { .. })
        ));
        assert!(resolve_range("bogus", "now", NOW, 0).is_err());
        assert!(is_relative("now-1h") && !is_relative("1700000000000"));
    }

    #[test]
    fn rfc3339() {
        let cases: &[(&str, Option<i64>)] = &[
            ("2023-03-01T10:00:00Z", Some(1_677_664_800_000)),
            ("2023-03-01T10:00:00.5+01:00", Some(1_677_661_200_500)),
            ("2023-03-01T10:00:00.123456789Z", Some(1_677_664_800_123)),
            ("0001-01-01T00:00:00Z", None),
            ("", None),
            ("garbage", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_rfc3339_ms(s), *want, "{s}");
        }
    }

    #[test]
    fn formatting() {
        let cases: &[(i32, &str, &str)] = &[
            (0, "YYYY-MM-DD HH:mm:ss", "2026-03-18 14:37:21"),
            (0, "HH:mm", "14:37"),
            (0, "MM/DD HH:mm", "03/18 14:37"),
            (0, "YYYY-MM-DD HH:mm:ss.SSS", "2026-03-18 14:37:21.456"),
            (120, "YYYY-MM-DD HH:mm:ss Z", "2026-03-18 16:37:21 +02:00"),
            (-330, "HH:mm ZZ", "09:07 -0530"),
            (0, "ddd, MMM D YYYY h:mm A", "Wed, Mar 18 2026 2:37 PM"),
            (0, "dddd D MMMM YY", "Wednesday 18 March 26"),
            (0, "[Today at] HH:mm", "Today at 14:37"),
            (0, "H:m:s", "14:37:21"),
            (600, "YYYY-MM-DD HH:mm", "2026-03-19 00:37"),
            (0, "YYYY-MM-DD — HH:mm", "2026-03-18 — 14:37"),
        ];
        for &(off, pattern, want) in cases {
            assert_eq!(format_time(NOW, off, pattern), want, "{pattern}");
        }
        assert_eq!(format_iso_utc(NOW), "2026-03-18T14:37:21.456Z");
        assert_eq!(
            format_time(-1, 0, "YYYY-MM-DD HH:mm:ss.SSS"),
            "1969-12-31 23:59:59.999"
        );
        assert_eq!(
            format_time(utc(2026, 1, 1, 0, 5, 0, 0), 0, "h:mm a"),
            "12:05 am"
        );
    }

    #[test]
    fn axis_formats() {
        let cases: &[(i64, i64, &str)] = &[
            (30 * SECOND_MS, HOUR_MS, "HH:mm:ss"),
            (30 * MINUTE_MS, 6 * HOUR_MS, "HH:mm"),
            (6 * HOUR_MS, 7 * DAY_MS, "MM/DD HH:mm"),
            (2 * DAY_MS, 30 * DAY_MS, "MM/DD"),
            (60 * DAY_MS, 365 * DAY_MS, "YYYY-MM"),
            (400 * DAY_MS, 3650 * DAY_MS, "YYYY"),
        ];
        for &(tick, range, want) in cases {
            assert_eq!(axis_format(tick, range), want);
        }
    }

    #[test]
    fn range_descriptions() {
        let cases: &[(&str, &str, &str)] = &[
            ("now-6h", "now", "Last 6 hours"),
            ("now-1h", "now", "Last 1 hour"),
            ("now-5m", "now", "Last 5 minutes"),
            ("now-7d", "now", "Last 7 days"),
            ("now-6M", "now", "Last 6 months"),
            ("now-1y", "now", "Last 1 year"),
            ("now", "now+1d", "Next 1 day"),
            ("now/d", "now/d", "Today"),
            ("now/d", "now", "Today so far"),
            ("now-1w/w", "now-1w/w", "Previous week"),
            ("now-1d/d", "now-1d/d", "Yesterday"),
            ("now-6h", "now-1h", "now-6h to now-1h"),
            (
                "1773844641456",
                "2026-03-18T15:00:00Z",
                "2026-03-18 14:37:21 to 2026-03-18 15:00:00",
            ),
        ];
        for &(from, to, want) in cases {
            assert_eq!(describe_range(from, to, 0), want, "{from} {to}");
        }
    }

    #[test]
    fn zoom_and_shift() {
        let h = HOUR_MS;
        let now = 100 * h;
        // Zoom out: 6 h centred → 12 h; clamped to now when it would reach past it.
        assert_eq!(zoom_out(10 * h, 16 * h, 2.0, now), (7 * h, 19 * h));
        assert_eq!(zoom_out(94 * h, 100 * h, 2.0, now), (88 * h, 100 * h));
        // A range already in the future is not clamped.
        assert_eq!(zoom_out(100 * h, 106 * h, 2.0, now), (97 * h, 109 * h));
        // Shift by half the range.
        assert_eq!(shift(10 * h, 16 * h, false, now), (7 * h, 13 * h));
        assert_eq!(shift(10 * h, 16 * h, true, now), (13 * h, 19 * h));
        assert_eq!(shift(90 * h, 98 * h, true, now), (90 * h, 100 * h));
    }

    /// Fuzzing (issue #10, `fuzz/fuzz_targets/time.rs`): extreme expressions and instants are
    /// errors or saturate; nothing overflows (debug builds panicked on `now-99999999999y`,
    /// ms-epoch `9223372036854775807`, and shifting such a range).
    #[test]
    fn extreme_times_are_errors_not_overflows() {
        let now = 1_767_225_600_000;
        for expr in [
            "now-9223372036854775807y",
            "now+9223372036854775807s",
            "now-9223372036854775807w/w",
            "now+99999999999999M",
            "now-300000000y/y",
            "9223372036854775807",
            "now+9000000000000000s/y",
        ] {
            let r = parse_time_expr(expr, now, 0, true, WeekStart::Monday);
            assert!(matches!(r, Err(TimeError::OutOfRange(_))), "{expr}: {r:?}");
        }
        assert!(resolve_range("now-200000y", "now", now, 0).is_ok());
        // The helpers that take instants saturate at the ends of i64.
        let _ = shift(i64::MIN, i64::MAX, true, now);
        let _ = shift(i64::MIN, i64::MAX, false, now);
        let _ = zoom_out(i64::MIN, i64::MAX, 2.0, now);
        let _ = add_units(i64::MAX, i64::MAX, Unit::Year, 840);
        let _ = add_units(i64::MIN, i64::MIN, Unit::Second, -840);
        let _ = end_of(i64::MAX, Unit::Year, 840, WeekStart::Sunday);
        let _ = start_of(i64::MIN, Unit::Week, -840, WeekStart::Saturday);
        let _ = format_time(i64::MAX, 840, "YYYY-MM-DD HH:mm:ss");
        let _ = input_text("9223372036854775807", -840);
        let _ = Civil::from_ms(i64::MIN, -840).to_ms(840);
    }
}
