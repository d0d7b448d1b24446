//! Value formatting by Grafana unit id: the text Grafana prints for a number.
//!
//! Contract:
//! - [`format`] returns a [`FormattedValue`] `{prefix, text, suffix}` (Grafana's shape); its
//!   `Display` joins them. Decimals are automatic (Grafana's `getDecimalsForValue`: about three
//!   significant digits, none for integers) unless fixed decimals are given.
//! - NaN → text `"NaN"`, +Inf → `"∞"`, −Inf → `"-∞"` (what Grafana's `toLocaleString` prints),
//!   with no prefix or suffix, for every unit.
//! - Unknown unit ids are printed as Grafana does: the number with `" <id>"` as suffix
//!   (`custom` → `1533 custom`); `prefix:X`, `suffix:X`, `si:X`, `count:X`, `currency:X`,
//!   `time:FORMAT` and `bool*` are understood. `None`/empty unit = Grafana's plain number.
//! - Date units (`dateTimeAsIso`, `dateTimeFromNow`, …) read the value as ms since the epoch and
//!   need "now" and the zone offset from [`TimeContext`]; nothing here reads a clock.
//! - SI and IEC scaling follow Grafana's `scaledUnits` (factor 1000 or 1024, clamped to the
//!   prefix list); zero is printed without a prefix.
//! - Reference is current Grafana (v10+): time units scaled up take a plural above 1
//!   (`1.50 mins`, `2 hours`; a value already in its own unit does not: `5 min` for unit `m`).

use std::fmt;

/// A formatted value in Grafana's shape: `prefix + text + suffix`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormattedValue {
    pub prefix: String,
    pub text: String,
    pub suffix: String,
}

impl FormattedValue {
    fn text(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }

    fn with_suffix(text: String, suffix: impl Into<String>) -> Self {
        Self {
            prefix: String::new(),
            text,
            suffix: suffix.into(),
        }
    }
}

impl fmt::Display for FormattedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.prefix, self.text, self.suffix)
    }
}

/// What date units need to know about the present, passed in so formatting stays pure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeContext {
    /// "Now" in ms since the epoch (for `dateTimeFromNow` and the `…NoDateIfToday` units).
    pub now_ms: i64,
    /// Offset of the display zone from UTC in minutes (UTC = 0, CET = 60).
    pub tz_offset_min: i32,
}

/// Format `value` for Grafana unit `unit` (`None` = plain number) with fixed `decimals`
/// (`None` = automatic).
pub fn format(
    unit: Option<&str>,
    value: f64,
    decimals: Option<u32>,
    time: &TimeContext,
) -> FormattedValue {
    if value.is_nan() {
        return FormattedValue::text("NaN".to_owned());
    }
    if value.is_infinite() {
        let text = if value > 0.0 { "∞" } else { "-∞" };
        return FormattedValue::text(text.to_owned());
    }
    let dec = decimals.map(|d| d.min(MAX_DECIMALS) as i32);
    let unit = unit.unwrap_or("");
    if let Some(v) = format_known(unit, value, dec, time) {
        return v;
    }
    if let Some((key, sub)) = unit.split_once(':') {
        if !key.is_empty() {
            if let Some(v) = format_keyed(key, sub, value, dec, time) {
                return v;
            }
        }
    }
    // Grafana: an unknown id becomes a suffix.
    fixed_unit(value, dec, unit, false)
}

/// Grafana `toFixed` caps nothing, JavaScript's `toFixed` stops at 100; 20 keeps f64 honest.
const MAX_DECIMALS: u32 = 20;

const SI_PREFIXES: [&str; 14] = [
    "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y",
];
const SI_BASE: i32 = 5;
const BIN_PREFIXES: [&str; 9] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
const SHORT: [&str; 9] = [
    "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept",
];
const COUNT: [&str; 5] = ["", "K", "M", "B", "T"];

fn format_known(
    unit: &str,
    v: f64,
    dec: Option<i32>,
    time: &TimeContext,
) -> Option<FormattedValue> {
    let si = |u: &str, off: i32| Some(si_prefix(v, dec, u, off));
    let bin = |u: &str, off: i32| Some(binary_prefix(v, dec, u, off));
    let fixed = |u: &str| Some(fixed_unit(v, dec, u, false));
    let count = |u: &str| Some(count_unit(v, dec, u));
    match unit {
        "" | "none" => Some(FormattedValue::text(to_fixed(v, dec))),
        "string" => Some(FormattedValue::text(js_number_string(v))),
        "short" => Some(scaled(v, dec, 1000.0, &SHORT, 0)),
        "percent" => Some(FormattedValue::with_suffix(to_fixed(v, dec), "%")),
        "percentunit" => Some(FormattedValue::with_suffix(to_fixed(100.0 * v, dec), "%")),
        "humidity" => fixed("%H"),
        "dB" => fixed("dB"),
        "pixel" => fixed("px"),
        "hex" => Some(FormattedValue::text(to_hex(v, dec))),
        "hex0x" => {
            let h = to_hex(v, dec);
            let text = match h.strip_prefix('-') {
                Some(rest) => format!("-0x{rest}"),
                None => format!("0x{h}"),
            };
            Some(FormattedValue::text(text))
        }
        "sci" => Some(FormattedValue::text(to_exponential(v, dec))),
        "locale" => Some(FormattedValue::text(locale(v, dec))),
        // Time
        "hertz" | "rothz" => si("Hz", 0),
        "ns" => Some(to_nanoseconds(v, dec)),
        "µs" | "us" => Some(to_microseconds(v, dec)),
        "ms" => Some(to_milliseconds(v, dec)),
        "s" => Some(to_seconds(v, dec)),
        "m" => Some(to_minutes(v, dec)),
        "h" => Some(to_hours(v, dec)),
        "d" => Some(to_days(v, dec)),
        "dtdurationms" => Some(to_duration(v, dec, DurationScale::Millisecond)),
        "dtdurations" => Some(to_duration(v, dec, DurationScale::Second)),
        "dthms" => Some(to_hms(v)),
        "dtdhms" => Some(to_dhms(v)),
        "timeticks" => Some(to_seconds(v / 100.0, dec)),
        "clockms" => Some(to_clock(v, dec)),
        "clocks" => Some(to_clock(v * 1000.0, dec)),
        // Data (IEC = binary prefixes, SI = decimal)
        "bytes" => bin("B", 0),
        "decbytes" => si("B", 0),
        "bits" => bin("b", 0),
        "decbits" => si("b", 0),
        "kbytes" => bin("B", 1),
        "deckbytes" => si("B", 1),
        "mbytes" => bin("B", 2),
        "decmbytes" => si("B", 2),
        "gbytes" => bin("B", 3),
        "decgbytes" => si("B", 3),
        "tbytes" => bin("B", 4),
        "dectbytes" => si("B", 4),
        "pbytes" => bin("B", 5),
        "decpbytes" => si("B", 5),
        // Data rate
        "pps" => si("p/s", 0),
        "binBps" => bin("B/s", 0),
        "Bps" => si("B/s", 0),
        "binbps" => bin("b/s", 0),
        "bps" => si("b/s", 0),
        "KiBs" => bin("B/s", 1),
        "Kibits" => bin("b/s", 1),
        "KBs" => si("B/s", 1),
        "Kbits" => si("b/s", 1),
        "MiBs" => bin("B/s", 2),
        "Mibits" => bin("b/s", 2),
        "MBs" => si("B/s", 2),
        "Mbits" => si("b/s", 2),
        "GiBs" => bin("B/s", 3),
        "Gibits" => bin("b/s", 3),
        "GBs" => si("B/s", 3),
        "Gbits" => si("b/s", 3),
        "TiBs" => bin("B/s", 4),
        "Tibits" => bin("b/s", 4),
        "TBs" => si("B/s", 4),
        "Tbits" => si("b/s", 4),
        "PiBs" => bin("B/s", 5),
        "Pibits" => bin("b/s", 5),
        "PBs" => si("B/s", 5),
        "Pbits" => si("b/s", 5),
        // Throughput
        "cps" => count("c/s"),
        "ops" => count("ops/s"),
        "reqps" => count("req/s"),
        "rps" => count("rd/s"),
        "wps" => count("wr/s"),
        "iops" => count("io/s"),
        "eps" => count("evt/s"),
        "mps" => count("msg/s"),
        "recps" => count("rec/s"),
        "rowsps" => count("rows/s"),
        "cpm" => count("c/m"),
        "opm" => count("ops/m"),
        "reqpm" => count("req/m"),
        "rpm" => count("rd/m"),
        "wpm" => count("wr/m"),
        "epm" => count("evts/m"),
        "mpm" => count("msgs/m"),
        "recpm" => count("rec/m"),
        "rowspm" => count("rows/m"),
        // Temperature
        "celsius" => fixed("°C"),
        "fahrenheit" | "farenheit" => fixed("°F"),
        "kelvin" => fixed("K"),
        // Energy / electricity (the common ones)
        "watt" => si("W", 0),
        "kwatt" => si("W", 1),
        "megwatt" => si("W", 2),
        "gwatt" => si("W", 3),
        "mwatt" => si("W", -1),
        "voltamp" => si("VA", 0),
        "kvoltamp" => si("VA", 1),
        "watth" => si("Wh", 0),
        "kwatth" => si("Wh", 1),
        "joule" => si("J", 0),
        "amp" => si("A", 0),
        "kamp" => si("A", 1),
        "mamp" => si("A", -1),
        "volt" => si("V", 0),
        "kvolt" => si("V", 1),
        "mvolt" => si("V", -1),
        "ohm" => si("Ω", 0),
        "kohm" => si("Ω", 1),
        "Mohm" => si("Ω", 2),
        "farad" => si("F", 0),
        "µfarad" => si("F", -2),
        "nfarad" => si("F", -3),
        "pfarad" => si("F", -4),
        "ffarad" => si("F", -5),
        "henry" => si("H", 0),
        "mhenry" => si("H", -1),
        "µhenry" => si("H", -2),
        "flops" => si("FLOPS", 0),
        "lengthm" => si("m", 0),
        "lengthkm" => si("m", 1),
        "lengthmm" => si("m", -1),
        "massg" => si("g", 0),
        "masskg" => si("g", 1),
        "massmg" => si("g", -1),
        "litre" => si("L", 0),
        "mlitre" => si("L", -1),
        "dBm" => si("dBm", 0),
        "rotrpm" => fixed("rpm"),
        "rotrads" => fixed("rad/s"),
        "rotdegs" => fixed("°/s"),
        "ppm" => fixed("ppm"),
        "conppb" => fixed("ppb"),
        "Wm2" => fixed("W/m²"),
        "lengthin" => fixed("in"),
        "lengthft" => fixed("ft"),
        "lengthmi" => fixed("mi"),
        "masslb" => fixed("lb"),
        "masst" => fixed("t"),
        "pressurebar" => si("bar", 0),
        "pressurembar" => si("bar", -1),
        "pressurepa" => si("Pa", 0),
        "pressurehpa" => fixed("hPa"),
        "pressurekpa" => fixed("kPa"),
        "pressurepsi" => Some(scaled(v, dec, 1000.0, &["psi", "ksi", "Mpsi"], 0)),
        "velocitymph" => fixed("mph"),
        "velocityknot" => fixed("kn"),
        "m3" => fixed("m³"),
        "gallons" => fixed("gal"),
        "flowgpm" => fixed("gpm"),
        "flowlpm" => fixed("L/min"),
        "radian" => fixed("rad"),
        "accG" => fixed("g"),
        "degree" => fixed("°"),
        "velocityms" => fixed("m/s"),
        "velocitykmh" => fixed("km/h"),
        // Currency
        "currencyUSD" => Some(currency(v, dec, "$", false)),
        "currencyGBP" => Some(currency(v, dec, "£", false)),
        "currencyEUR" => Some(currency(v, dec, "€", false)),
        "currencyJPY" => Some(currency(v, dec, "¥", false)),
        "currencyINR" => Some(currency(v, dec, "₹", false)),
        "currencyCHF" => Some(currency(v, dec, "CHF", false)),
        "currencySEK" | "currencyNOK" | "currencyDKK" | "currencyISK" => {
            Some(currency(v, dec, "kr", true))
        }
        // Date & time (value = ms since the epoch)
        "dateTimeAsIso" | "dateTimeAsSystem" | "dateTimeAsLocal" => Some(FormattedValue::text(
            format_date(v, "YYYY-MM-DD HH:mm:ss", time),
        )),
        "dateTimeAsIsoNoDateIfToday" | "dateTimeAsLocalNoDateIfToday" => {
            Some(FormattedValue::text(format_date_today(
                v,
                "YYYY-MM-DD HH:mm:ss",
                "HH:mm:ss",
                time,
            )))
        }
        "dateTimeAsUS" => Some(FormattedValue::text(format_date(
            v,
            "MM/DD/YYYY h:mm:ss a",
            time,
        ))),
        "dateTimeAsUSNoDateIfToday" => Some(FormattedValue::text(format_date_today(
            v,
            "MM/DD/YYYY h:mm:ss a",
            "h:mm:ss a",
            time,
        ))),
        "dateTimeFromNow" => Some(FormattedValue::text(time_ago(v as i64, time.now_ms))),
        "bool" => Some(boolean(v, "True", "False")),
        "bool_yes_no" => Some(boolean(v, "Yes", "No")),
        "bool_on_off" => Some(boolean(v, "On", "Off")),
        _ => None,
    }
}

fn format_keyed(
    key: &str,
    sub: &str,
    v: f64,
    dec: Option<i32>,
    time: &TimeContext,
) -> Option<FormattedValue> {
    match key {
        "prefix" => Some(fixed_unit(v, dec, sub, true)),
        "suffix" => Some(fixed_unit(v, dec, sub, false)),
        "time" => Some(FormattedValue::text(format_date(v, sub, time))),
        "si" => {
            let mut chars = sub.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            let offset = match first.as_str() {
                "f" => -5,
                "p" => -4,
                "n" => -3,
                "µ" | "μ" => -2,
                "m" => -1,
                "k" => 1,
                "M" => 2,
                "G" => 3,
                "T" => 4,
                "P" => 5,
                "E" => 6,
                "Z" => 7,
                "Y" => 8,
                _ => 0,
            };
            let rest = if offset == 0 { sub } else { chars.as_str() };
            Some(si_prefix(v, dec, rest, offset))
        }
        "count" => Some(count_unit(v, dec, sub)),
        "currency" => Some(currency(v, dec, sub, false)),
        "bool" => Some(match sub.split_once('/') {
            Some((t, f)) => boolean(v, t, f),
            None => boolean(v, sub, "-"),
        }),
        _ => None,
    }
}

/// JavaScript `String(number)`: shortest round-trip digits, exponent outside [1e-6, 1e21).
pub fn js_number_string(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_owned();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let a = v.abs();
    if (1e-6..1e21).contains(&a) {
        return format!("{v}");
    }
    let s = format!("{v:e}");
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

/// Grafana `getDecimalsForValue`: about three significant digits, none for integers.
fn decimals_for_value(value: f64) -> i32 {
    let abs = value.abs();
    let log10 = (abs.ln() / std::f64::consts::LN_10).floor();
    let mut dec = -log10 + 1.0;
    let magn = 10f64.powf(-dec);
    let norm = abs / magn;
    if norm > 2.25 {
        dec += 1.0;
    }
    if value % 1.0 == 0.0 {
        dec = 0.0;
    }
    if dec.is_finite() {
        dec.max(0.0) as i32
    } else {
        0
    }
}

/// Grafana `toFixed`: round to `decimals` (automatic when `None`) and pad with zeros.
pub fn to_fixed(value: f64, decimals: Option<i32>) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "-∞" }.to_owned();
    }
    let dec = decimals
        .unwrap_or_else(|| decimals_for_value(value))
        .clamp(0, MAX_DECIMALS as i32);
    if value == 0.0 {
        return format!("{:.*}", dec as usize, 0.0);
    }
    let factor = 10f64.powi(dec);
    let rounded = ((value * factor) + 0.5).floor() / factor;
    let formatted = js_number_string(if rounded == 0.0 { 0.0 } else { rounded });
    if formatted.contains('e') {
        return formatted;
    }
    let precision = formatted.find('.').map_or(0, |p| formatted.len() - p - 1) as i32;
    if precision < dec {
        let mut out = formatted;
        if precision == 0 {
            out.push('.');
        }
        out.extend(std::iter::repeat_n('0', (dec - precision) as usize));
        return out;
    }
    formatted
}

fn fixed_unit(v: f64, dec: Option<i32>, unit: &str, as_prefix: bool) -> FormattedValue {
    let text = to_fixed(v, dec);
    if unit.is_empty() {
        FormattedValue::text(text)
    } else if as_prefix {
        FormattedValue {
            prefix: unit.to_owned(),
            text,
            suffix: String::new(),
        }
    } else {
        FormattedValue::with_suffix(text, format!(" {unit}"))
    }
}

/// Grafana `scaledUnits`: pick the power of `factor` that brings `v` into [1, factor), clamped
/// to the ends of `ext`; `offset` is the index of the unscaled unit in `ext`.
fn scaled(v: f64, dec: Option<i32>, factor: f64, ext: &[&str], offset: i32) -> FormattedValue {
    let last = ext.len() as i32 - 1;
    // The power by repeated comparison rather than logarithms, which are inexact at powers.
    let mut power = 0i32;
    let a = v.abs();
    if a != 0.0 {
        if a >= 1.0 {
            while power < 64 && a >= factor.powi(power + 1) {
                power += 1;
            }
        } else {
            while power > -64 && a < factor.powi(power) {
                power -= 1;
            }
        }
    }
    let idx = (offset + power).clamp(0, last);
    let divisor_power = power.clamp(-offset, last - offset);
    let text = to_fixed(v / factor.powi(divisor_power), dec);
    FormattedValue::with_suffix(text, ext.get(idx as usize).copied().unwrap_or(""))
}

fn si_prefix(v: f64, dec: Option<i32>, unit: &str, offset: i32) -> FormattedValue {
    let ext: Vec<String> = SI_PREFIXES.iter().map(|p| format!(" {p}{unit}")).collect();
    let refs: Vec<&str> = ext.iter().map(String::as_str).collect();
    scaled(v, dec, 1000.0, &refs, SI_BASE + offset)
}

fn binary_prefix(v: f64, dec: Option<i32>, unit: &str, offset: i32) -> FormattedValue {
    let ext: Vec<String> = BIN_PREFIXES.iter().map(|p| format!(" {p}{unit}")).collect();
    let refs: Vec<&str> = ext.iter().map(String::as_str).collect();
    scaled(v, dec, 1024.0, &refs, offset)
}

fn count_unit(v: f64, dec: Option<i32>, symbol: &str) -> FormattedValue {
    let mut f = scaled(v, dec, 1000.0, &COUNT, 0);
    f.suffix = format!("{} {symbol}", f.suffix);
    f
}

fn currency(v: f64, dec: Option<i32>, symbol: &str, as_suffix: bool) -> FormattedValue {
    // Grafana formats the magnitude and puts the minus sign before the symbol (`-$1.50K`).
    let mut f = scaled(v.abs(), dec, 1000.0, &COUNT, 0);
    if as_suffix {
        f.suffix = format!("{}{symbol}", f.suffix);
    } else {
        f.prefix = symbol.to_owned();
    }
    if v < 0.0 {
        f.prefix = format!("-{}", f.prefix);
    }
    f
}

fn boolean(v: f64, t: &str, f: &str) -> FormattedValue {
    FormattedValue::text(if v != 0.0 { t } else { f }.to_owned())
}

fn to_hex(v: f64, dec: Option<i32>) -> String {
    let n: f64 = to_fixed(v, dec).parse().unwrap_or(v);
    let neg = n < 0.0;
    let a = n.abs();
    let int = a.trunc() as u128;
    let mut s = format!("{int:X}");
    let mut frac = a.fract();
    if frac > 0.0 {
        s.push('.');
        // JavaScript prints the binary fraction exactly; 13 hex digits cover an f64 mantissa.
        for _ in 0..13 {
            if frac == 0.0 {
                break;
            }
            frac *= 16.0;
            let d = frac.trunc() as u32;
            s.push(char::from_digit(d, 16).unwrap_or('0').to_ascii_uppercase());
            frac -= f64::from(d);
        }
    }
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

/// JavaScript `toExponential(decimals)` (`1.23e+4`).
fn to_exponential(v: f64, dec: Option<i32>) -> String {
    let s = match dec {
        Some(d) => format!("{:.*e}", d.max(0) as usize, v),
        None => format!("{v:e}"),
    };
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

/// `toLocaleString` in the en-US locale: thousands separators, at most `dec` (default 3)
/// fraction digits, trailing zeros dropped.
fn locale(v: f64, dec: Option<i32>) -> String {
    let d = dec.unwrap_or(3).clamp(0, MAX_DECIMALS as i32);
    // Round half away from zero as JavaScript does (Rust's formatter rounds half to even).
    let factor = 10f64.powi(d);
    let s = format!("{:.*}", d as usize, (v.abs() * factor).round() / factor);
    let (int, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A time value already in the unit's own scale (Grafana returns these without plurals).
fn unscaled_time(v: f64, dec: Option<i32>, ext: &str) -> FormattedValue {
    FormattedValue::with_suffix(to_fixed(v, dec), ext)
}

/// Grafana `toFixedScaled`: a value scaled to a larger unit; `min`, `hour`, `day`, `week`
/// and `year` take an `s` when the magnitude exceeds 1 (Grafana 10.x+ `appendPluralIf`).
fn scaled_time(v: f64, dec: Option<i32>, ext: &str) -> FormattedValue {
    let plural = v.abs() > 1.0 && matches!(ext, " min" | " hour" | " day" | " week" | " year");
    let suffix = if plural {
        format!("{ext}s")
    } else {
        ext.to_owned()
    };
    FormattedValue::with_suffix(to_fixed(v, dec), suffix)
}

fn to_nanoseconds(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 1e3 {
        unscaled_time(v, dec, " ns")
    } else if a < 1e6 {
        scaled_time(v / 1e3, dec, " µs")
    } else if a < 1e9 {
        scaled_time(v / 1e6, dec, " ms")
    } else if a < 60e9 {
        scaled_time(v / 1e9, dec, " s")
    } else if a < 3600e9 {
        scaled_time(v / 60e9, dec, " min")
    } else if a < 86400e9 {
        scaled_time(v / 3600e9, dec, " hour")
    } else {
        scaled_time(v / 86400e9, dec, " day")
    }
}

fn to_microseconds(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 1e3 {
        unscaled_time(v, dec, " µs")
    } else if a < 1e6 {
        scaled_time(v / 1e3, dec, " ms")
    } else {
        scaled_time(v / 1e6, dec, " s")
    }
}

fn to_milliseconds(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 1000.0 {
        unscaled_time(v, dec, " ms")
    } else if a < 60_000.0 {
        scaled_time(v / 1000.0, dec, " s")
    } else if a < 3_600_000.0 {
        scaled_time(v / 60_000.0, dec, " min")
    } else if a < 86_400_000.0 {
        scaled_time(v / 3_600_000.0, dec, " hour")
    } else if a < 31_536_000_000.0 {
        scaled_time(v / 86_400_000.0, dec, " day")
    } else {
        scaled_time(v / 31_536_000_000.0, dec, " year")
    }
}

fn to_seconds(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if v == 0.0 {
        FormattedValue::with_suffix("0".to_owned(), " s")
    } else if a < 1e-6 {
        scaled_time(v * 1e9, dec, " ns")
    } else if a < 1e-3 {
        scaled_time(v * 1e6, dec, " µs")
    } else if a < 1.0 {
        scaled_time(v * 1e3, dec, " ms")
    } else if a < 60.0 {
        unscaled_time(v, dec, " s")
    } else if a < 3600.0 {
        scaled_time(v / 60.0, dec, " min")
    } else if a < 86400.0 {
        scaled_time(v / 3600.0, dec, " hour")
    } else if a < 604_800.0 {
        scaled_time(v / 86400.0, dec, " day")
    } else if a < 31_536_000.0 {
        scaled_time(v / 604_800.0, dec, " week")
    } else {
        scaled_time(v / 3.15569e7, dec, " year")
    }
}

fn to_minutes(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 60.0 {
        unscaled_time(v, dec, " min")
    } else if a < 1440.0 {
        scaled_time(v / 60.0, dec, " hour")
    } else if a < 10080.0 {
        scaled_time(v / 1440.0, dec, " day")
    } else if a < 604_800.0 {
        scaled_time(v / 10080.0, dec, " week")
    } else {
        scaled_time(v / 5.25948e5, dec, " year")
    }
}

fn to_hours(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 24.0 {
        unscaled_time(v, dec, " hour")
    } else if a < 168.0 {
        scaled_time(v / 24.0, dec, " day")
    } else if a < 8760.0 {
        scaled_time(v / 168.0, dec, " week")
    } else {
        scaled_time(v / 8760.0, dec, " year")
    }
}

fn to_days(v: f64, dec: Option<i32>) -> FormattedValue {
    let a = v.abs();
    if a < 7.0 {
        unscaled_time(v, dec, " day")
    } else if a < 365.0 {
        scaled_time(v / 7.0, dec, " week")
    } else {
        scaled_time(v / 365.0, dec, " year")
    }
}

#[derive(Clone, Copy)]
enum DurationScale {
    Millisecond,
    Second,
}

/// Grafana `toDuration`: the largest unit ≥ 1, then `decimals` more units (automatic = 0 more).
fn to_duration(v: f64, dec: Option<i32>, scale: DurationScale) -> FormattedValue {
    let scale_name = match scale {
        DurationScale::Millisecond => "milliseconds",
        DurationScale::Second => "seconds",
    };
    if v == 0.0 {
        return FormattedValue::with_suffix("0".to_owned(), format!(" {scale_name}"));
    }
    if v < 0.0 {
        let mut f = to_duration(-v, dec, scale);
        f.suffix.push_str(" ago");
        return f;
    }
    const UNITS: [(&str, f64); 8] = [
        ("year", 31_536_000_000.0),
        ("month", 2_592_000_000.0),
        ("week", 604_800_000.0),
        ("day", 86_400_000.0),
        ("hour", 3_600_000.0),
        ("minute", 60_000.0),
        ("second", 1000.0),
        ("millisecond", 1.0),
    ];
    let mut size_ms = match scale {
        DurationScale::Millisecond => v,
        DurationScale::Second => v * 1000.0,
    };
    let mut remaining = dec.unwrap_or(0);
    let mut started = false;
    let mut parts = Vec::new();
    for (name, interval) in UNITS {
        if remaining < 0 {
            break;
        }
        let n = size_ms / interval;
        if n >= 1.0 || started {
            started = true;
            let whole = n.floor();
            let plural = if whole == 1.0 { "" } else { "s" };
            parts.push(format!("{whole} {name}{plural}"));
            size_ms %= interval;
            remaining -= 1;
        }
    }
    FormattedValue::text(parts.join(", "))
}

fn to_hms(v: f64) -> FormattedValue {
    if v < 0.0 {
        let mut f = to_hms(-v);
        f.suffix.push_str(" ago");
        return f;
    }
    let h = (v / 3600.0).floor();
    let m = ((v % 3600.0) / 60.0).floor();
    let s = (v % 60.0).floor();
    FormattedValue::text(format!("{h:02}:{m:02}:{s:02}"))
}

fn to_dhms(v: f64) -> FormattedValue {
    if v < 0.0 {
        let mut f = to_dhms(-v);
        f.suffix.push_str(" ago");
        return f;
    }
    let days = (v / 86400.0).floor();
    let hms = to_hms(v - days * 86400.0).text;
    if days > 0.0 {
        FormattedValue::text(format!("{days} d {hms}"))
    } else {
        FormattedValue::text(hms)
    }
}

/// Grafana `toClock` (value in ms): `SSSms`, `ss s:SSS ms`, … by magnitude and decimals.
fn to_clock(v: f64, dec: Option<i32>) -> FormattedValue {
    let ms_total = v.max(0.0).floor() as i64;
    let ms = ms_total % 1000;
    let s = (ms_total / 1000) % 60;
    let m = (ms_total / 60_000) % 60;
    let h = ms_total / 3_600_000;
    let text = if v < 1000.0 {
        format!("{ms:03}ms")
    } else if v < 60_000.0 {
        match dec {
            Some(0) => format!("{s:02}s"),
            _ => format!("{s:02}s:{ms:03}ms"),
        }
    } else if v < 3_600_000.0 {
        match dec {
            Some(0) => format!("{m:02}m"),
            Some(1) => format!("{m:02}m:{s:02}s"),
            _ => format!("{m:02}m:{s:02}s:{ms:03}ms"),
        }
    } else {
        match dec {
            Some(0) => format!("{h:02}h"),
            Some(1) => format!("{h:02}h:{m:02}m"),
            Some(2) => format!("{h:02}h:{m:02}m:{s:02}s"),
            _ => format!("{h:02}h:{m:02}m:{s:02}s:{ms:03}ms"),
        }
    };
    FormattedValue::text(text)
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
}

fn civil(t_ms: i64, tz_offset_min: i32) -> Civil {
    let local = t_ms + i64::from(tz_offset_min) * 60_000;
    let days = local.div_euclid(86_400_000);
    let ms_of_day = local.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (ms_of_day / 3_600_000) as u32,
        minute: (ms_of_day / 60_000 % 60) as u32,
        second: (ms_of_day / 1000 % 60) as u32,
        milli: (ms_of_day % 1000) as u32,
    }
}

/// Format ms-epoch `v` with a moment.js pattern. Supported tokens: `YYYY YY MM M DD D HH H hh h
/// mm m ss s SSS A a`; text in `[...]` is literal; other characters are copied.
pub fn format_date(v: f64, pattern: &str, time: &TimeContext) -> String {
    let c = civil(v as i64, time.tz_offset_min);
    let h12 = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    let tokens: [(&str, String); 17] = [
        ("YYYY", format!("{:04}", c.year)),
        ("YY", format!("{:02}", c.year.rem_euclid(100))),
        ("MM", format!("{:02}", c.month)),
        ("M", c.month.to_string()),
        ("DD", format!("{:02}", c.day)),
        ("D", c.day.to_string()),
        ("HH", format!("{:02}", c.hour)),
        ("H", c.hour.to_string()),
        ("hh", format!("{h12:02}")),
        ("h", h12.to_string()),
        ("mm", format!("{:02}", c.minute)),
        ("m", c.minute.to_string()),
        ("ss", format!("{:02}", c.second)),
        ("s", c.second.to_string()),
        ("SSS", format!("{:03}", c.milli)),
        ("A", if c.hour < 12 { "AM" } else { "PM" }.to_owned()),
        ("a", if c.hour < 12 { "am" } else { "pm" }.to_owned()),
    ];
    let mut out = String::new();
    let mut rest = pattern;
    'outer: while !rest.is_empty() {
        if let Some(lit) = rest.strip_prefix('[') {
            if let Some(end) = lit.find(']') {
                out.push_str(&lit[..end]);
                rest = &lit[end + 1..];
                continue;
            }
        }
        for (tok, val) in &tokens {
            if let Some(r) = rest.strip_prefix(tok) {
                out.push_str(val);
                rest = r;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(ch) = chars.next() {
            out.push(ch);
        }
        rest = chars.as_str();
    }
    out
}

fn format_date_today(v: f64, pattern: &str, today: &str, time: &TimeContext) -> String {
    let day = |t_ms: i64| (t_ms + i64::from(time.tz_offset_min) * 60_000).div_euclid(86_400_000);
    if day(v as i64) == day(time.now_ms) {
        format_date(v, today, time)
    } else {
        format_date(v, pattern, time)
    }
}

/// moment.js `fromNow()` (what Grafana's `dateTimeFromNow` prints): "a few seconds ago",
/// "3 minutes ago", "an hour ago", "in 5 minutes", "2 years ago".
pub fn time_ago(t_ms: i64, now_ms: i64) -> String {
    let diff_ms = t_ms.saturating_sub(now_ms);
    let abs_ms = diff_ms.unsigned_abs() as f64;
    // moment rounds each unit separately (half away from zero for positive durations).
    let round = |x: f64| (x + 0.5).floor();
    let seconds = round(abs_ms / 1000.0);
    let minutes = round(abs_ms / 60_000.0);
    let hours = round(abs_ms / 3_600_000.0);
    let days_exact = abs_ms / 86_400_000.0;
    let days = round(days_exact);
    // moment: months = days * 4800 / 146097 (the Gregorian average month).
    let months = round(days_exact * 4800.0 / 146_097.0);
    let years = round(days_exact * 400.0 / 146_097.0);
    let phrase = if seconds <= 44.0 {
        "a few seconds".to_owned()
    } else if minutes <= 1.0 {
        "a minute".to_owned()
    } else if minutes < 45.0 {
        format!("{minutes} minutes")
    } else if hours <= 1.0 {
        "an hour".to_owned()
    } else if hours < 22.0 {
        format!("{hours} hours")
    } else if days <= 1.0 {
        "a day".to_owned()
    } else if days < 26.0 {
        format!("{days} days")
    } else if months <= 1.0 {
        "a month".to_owned()
    } else if months < 11.0 {
        format!("{months} months")
    } else if years <= 1.0 {
        "a year".to_owned()
    } else {
        format!("{years} years")
    };
    if diff_ms > 0 {
        format!("in {phrase}")
    } else {
        format!("{phrase} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: TimeContext = TimeContext {
        now_ms: 1_700_000_000_000,
        tz_offset_min: 0,
    };

    #[test]
    fn formats_like_grafana() {
        // (unit, value, decimals, expected) — expectations from Grafana's own tests where they
        // exist (valueFormats.test.ts, dateTimeFormatters.test.ts), else derived from its code.
        let cases: &[(&str, f64, Option<u32>, &str)] = &[
            ("bytes", 1536.0, None, "1.50 KiB"),
            ("bytes", 0.0, None, "0 B"),
            ("bytes", 512.0, None, "512 B"),
            ("bytes", 1_073_741_824.0, None, "1 GiB"),
            ("bytes", 1_610_612_736.0, Some(1), "1.5 GiB"),
            ("decbytes", 1500.0, None, "1.50 kB"),
            ("decbytes", 0.0, None, "0 B"),
            ("decbytes", 0.5, None, "500 mB"),
            ("bits", 2048.0, None, "2 Kib"),
            ("decbits", 1_000_000.0, None, "1 Mb"),
            ("kbytes", 10_000_000.0, Some(3), "9.537 GiB"),
            ("deckbytes", 10_000_000.0, Some(3), "10.000 GB"),
            ("Bps", 1500.0, None, "1.50 kB/s"),
            ("binBps", 1536.0, None, "1.50 KiB/s"),
            ("bps", 1e9, None, "1 Gb/s"),
            ("s", 90.0, None, "1.50 mins"),
            ("s", 0.0, None, "0 s"),
            ("s", 30.0, None, "30 s"),
            ("s", 60.0, None, "1 min"),
            ("s", 3600.0, None, "1 hour"),
            ("s", -90.0, None, "-1.50 mins"),
            ("m", 5.0, None, "5 min"),
            ("h", 5.0, None, "5 hour"),
            ("d", 3.0, None, "3 day"),
            ("s", 0.0015, None, "1.50 ms"),
            ("s", 7200.0, None, "2 hours"),
            ("s", 172_800.0, None, "2 days"),
            ("ms", 1500.0, None, "1.50 s"),
            ("ms", 0.0024, Some(4), "0.0024 ms"),
            ("ms", 100.0, Some(0), "100 ms"),
            ("ms", 1250.0, Some(2), "1.25 s"),
            ("ms", 10_000_086.123, Some(1), "2.8 hours"),
            ("ms", 1200.0, Some(0), "1 s"),
            ("µs", 1500.0, None, "1.50 ms"),
            ("ns", 1500.0, None, "1.50 µs"),
            ("m", 90.0, None, "1.50 hours"),
            ("h", 36.0, None, "1.50 days"),
            ("d", 14.0, None, "2 weeks"),
            ("dtdurations", 93_784.0, None, "1 day"),
            ("dtdurations", 93_784.0, Some(1), "1 day, 2 hours"),
            ("dtdurations", 0.0, None, "0 seconds"),
            ("dtdurations", 1.0, Some(0), "1 second"),
            ("dtdurations", -60.0, None, "1 minute ago"),
            (
                "dtdurationms",
                38_898_367_008.0,
                Some(1),
                "1 year, 2 months",
            ),
            (
                "dtdurationms",
                38_898_367_008.0,
                Some(20),
                "1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds",
            ),
            ("dthms", 1.0, None, "00:00:01"),
            ("dtdhms", 86_400.0, None, "1 d 00:00:00"),
            ("dtdhms", 1_179_811.0, None, "13 d 15:43:31"),
            ("dtdhms", 86_399.0, None, "23:59:59"),
            ("clockms", 59_999.0, None, "59s:999ms"),
            ("clockms", 3_599_999.0, Some(1), "59m:59s"),
            ("clockms", 7_199_999.0, None, "01h:59m:59s:999ms"),
            ("percentunit", 0.953, None, "95.3%"),
            ("percentunit", 1.0, None, "100%"),
            ("percent", 99.5, None, "99.5%"),
            ("percent", 50.0, Some(1), "50.0%"),
            ("short", 1_234_567.0, None, "1.23 Mil"),
            ("short", 9_876_543.0, Some(2), "9.88 Mil"),
            ("short", 1500.0, None, "1.50 K"),
            ("short", 999.0, None, "999"),
            ("short", 0.000123, None, "0.000123"),
            ("short", 12.345, None, "12.3"),
            ("short", 1.5, None, "1.50"),
            ("short", 2.0, None, "2"),
            ("short", -1.5, None, "-1.50"),
            ("short", -1_234_567.0, None, "-1.23 Mil"),
            ("none", 1532.82, None, "1533"),
            ("none", 100.4, None, "100"),
            ("none", 100.5, None, "101"),
            ("none", 100.0, Some(1), "100.0"),
            ("none", 100.37, Some(1), "100.4"),
            ("none", 100.4, Some(2), "100.40"),
            ("reqps", 12.3, None, "12.3 req/s"),
            ("reqps", 1500.0, None, "1.50K req/s"),
            ("rps", 5.0, None, "5 rd/s"),
            ("ops", 2.5, None, "2.50 ops/s"),
            ("wps", 1.0, None, "1 wr/s"),
            ("iops", 120.0, None, "120 io/s"),
            ("hertz", 2_400_000_000.0, None, "2.40 GHz"),
            ("celsius", 21.5, None, "21.5 °C"),
            ("dBm", -40.0, None, "-40 dBm"),
            ("rotrpm", 1500.0, None, "1500 rpm"),
            ("pressurepsi", 1500.0, None, "1.50ksi"),
            ("currencyUSD", 1532.82, Some(2), "$1.53K"),
            ("currencyUSD", 12.5, None, "$12.5"),
            ("currencyUSD", -1500.0, None, "-$1.50K"),
            ("currencySEK", 1500.0, None, "1.50Kkr"),
            ("megwatt", 1000.0, Some(3), "1.000 GW"),
            ("kohm", 1000.0, Some(3), "1.000 MΩ"),
            ("µfarad", 1000.0, Some(3), "1.000 mF"),
            ("ffarad", 1000.0, Some(3), "1.000 pF"),
            ("mhenry", 1000.0, Some(3), "1.000 H"),
            ("a", 1532.82, Some(0), "1533 a"),
            ("prefix:b", 1532.82, None, "b1533"),
            ("suffix:d", 1532.82, None, "1533 d"),
            ("suffix: jobs", 3.0, None, "3  jobs"),
            ("si:µF", 1234.0, Some(2), "1.23 mF"),
            ("si:µF", 1_234_000_000.0, Some(2), "1.23 kF"),
            ("si:µF", 1_234_000_000_000_000.0, Some(2), "1.23 GF"),
            ("count:xpm", 1_234_567.0, Some(2), "1.23M xpm"),
            ("count:x/min", 1234.0, Some(2), "1.23K x/min"),
            ("currency:@", 1_234_567.0, Some(2), "@1.23M"),
            ("bool", 1.0, None, "True"),
            ("bool_yes_no", 0.0, None, "No"),
            ("bool:up/down", 0.0, None, "down"),
            ("hex", 255.0, None, "FF"),
            ("hex0x", -255.0, None, "-0xFF"),
            ("sci", 12345.0, Some(2), "1.23e+4"),
            ("locale", 1_234_567.891, None, "1,234,567.891"),
            ("locale", 1234.5, Some(0), "1,235"),
            ("unknownunit", 3.0, None, "3 unknownunit"),
            ("string", 0.1, None, "0.1"),
        ];
        for (unit, value, dec, want) in cases {
            let got = format(Some(unit), *value, *dec, &UTC).to_string();
            assert_eq!(&got, want, "unit {unit} value {value} decimals {dec:?}");
        }
    }

    #[test]
    fn non_finite_values() {
        for unit in [
            "short",
            "bytes",
            "s",
            "percentunit",
            "none",
            "dateTimeAsIso",
        ] {
            let f = |v: f64| format(Some(unit), v, None, &UTC).to_string();
            assert_eq!(f(f64::NAN), "NaN", "{unit}");
            assert_eq!(f(f64::INFINITY), "∞", "{unit}");
            assert_eq!(f(f64::NEG_INFINITY), "-∞", "{unit}");
        }
    }

    #[test]
    fn no_unit_is_a_plain_number() {
        assert_eq!(format(None, 1234.5678, None, &UTC).to_string(), "1235");
        assert_eq!(format(Some(""), 0.25, None, &UTC).to_string(), "0.250");
        assert_eq!(format(None, 0.0, Some(2), &UTC).to_string(), "0.00");
    }

    #[test]
    fn shape_keeps_prefix_and_suffix_apart() {
        let f = format(Some("currencyUSD"), 5.0, Some(0), &UTC);
        assert_eq!(
            (f.prefix.as_str(), f.text.as_str(), f.suffix.as_str()),
            ("$", "5", "")
        );
        let f = format(Some("bytes"), 2048.0, None, &UTC);
        assert_eq!(
            (f.prefix.as_str(), f.text.as_str(), f.suffix.as_str()),
            ("", "2", " KiB")
        );
    }

    #[test]
    fn js_number_strings() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (0.5, "0.5"),
            (-0.0, "0"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123_456.789, "123456.789"),
            (f64::INFINITY, "Infinity"),
        ];
        for (v, want) in cases {
            assert_eq!(js_number_string(*v), *want, "{v}");
        }
    }

    #[test]
    fn dates_in_zone() {
        // 2010-07-02 00:00:00 UTC, the date Grafana's own tests use.
        let t_ms = 1_278_028_800_000.0;
        let cases: &[(&str, i32, &str)] = &[
            ("dateTimeAsIso", 0, "2010-07-02 00:00:00"),
            ("dateTimeAsIso", 120, "2010-07-02 02:00:00"),
            ("dateTimeAsIso", -60, "2010-07-01 23:00:00"),
            ("dateTimeAsUS", 0, "07/02/2010 12:00:00 am"),
            ("dateTimeAsSystem", 0, "2010-07-02 00:00:00"),
            ("time:YYYY.MM", 0, "2010.07"),
            ("time:[at] HH:mm", 0, "at 00:00"),
        ];
        for (unit, tz, want) in cases {
            let time = TimeContext {
                now_ms: 0,
                tz_offset_min: *tz,
            };
            assert_eq!(
                format(Some(unit), t_ms, None, &time).to_string(),
                *want,
                "{unit} {tz}"
            );
        }
        let same_day = TimeContext {
            now_ms: 1_278_028_800_000 + 3_600_000,
            tz_offset_min: 0,
        };
        assert_eq!(
            format(Some("dateTimeAsIsoNoDateIfToday"), t_ms, None, &same_day).to_string(),
            "00:00:00"
        );
        assert_eq!(format_date(0.0, "YYYY-MM-DD", &UTC), "1970-01-01");
        assert_eq!(
            format_date(951_782_400_000.0, "YYYY-MM-DD", &UTC),
            "2000-02-29"
        );
        assert_eq!(format_date(-86_400_000.0, "YYYY-MM-DD", &UTC), "1969-12-31");
    }

    #[test]
    fn time_ago_like_moment() {
        let now = 1_700_000_000_000i64;
        let cases: &[(i64, &str)] = &[
            (0, "a few seconds ago"),
            (-44_000, "a few seconds ago"),
            (-60_000, "a minute ago"),
            (-120_000, "2 minutes ago"),
            (-180_000, "3 minutes ago"),
            (-44 * 60_000, "44 minutes ago"),
            (-45 * 60_000, "an hour ago"),
            (-2 * 3_600_000, "2 hours ago"),
            (-21 * 3_600_000, "21 hours ago"),
            (-22 * 3_600_000, "a day ago"),
            (-7 * 86_400_000, "7 days ago"),
            (-30 * 86_400_000, "a month ago"),
            (-90 * 86_400_000, "3 months ago"),
            (-400 * 86_400_000, "a year ago"),
            (-3 * 365 * 86_400_000, "3 years ago"),
            (5 * 60_000, "in 5 minutes"),
            (2 * 3_600_000, "in 2 hours"),
        ];
        for (delta_ms, want) in cases {
            assert_eq!(time_ago(now + delta_ms, now), *want, "{delta_ms}");
        }
        let ctx = TimeContext {
            now_ms: now,
            tz_offset_min: 0,
        };
        assert_eq!(
            format(Some("dateTimeFromNow"), (now - 180_000) as f64, None, &ctx).to_string(),
            "3 minutes ago"
        );
    }
}
