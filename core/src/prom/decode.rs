//! Decoding Prometheus HTTP API responses (status code + body bytes) into typed values.
//!
//! Contract:
//! - The envelope `{"status","data","errorType","error","warnings","infos"}` is read once;
//!   `status:"error"` → [`PromError::Api`] (whatever the HTTP status); 401/403 →
//!   [`PromError::Unauthorized`]; a non-2xx body that is not a Prometheus error →
//!   [`PromError::Http`]; a 2xx body that does not decode (truncated, wrong shape) →
//!   [`PromError::Decode`]. VictoriaMetrics' numeric `errorType` (the HTTP status as a string)
//!   becomes the Prometheus type it stands for (`"422"` → `execution`, `"400"` → `bad_data`,
//!   `"503"` → `unavailable`, `"504"` → `timeout`, `"500"` → `internal`).
//! - Query results are decoded by shape, so `result` may come before or after `resultType`:
//!   an array of objects is a matrix/vector, a `[t, "v"]` pair is a scalar or string.
//! - Sample values are strings: `"NaN"`, `"+Inf"`, `"-Inf"`, `"1e-3"` decode to the f64 they
//!   name; an unparsable value is a decode error. Timestamps (float seconds) become integer
//!   milliseconds, rounded to the nearest ms (1435781451.781 → 1435781451781).
//! - Native histograms (`histogram` / `histograms`) are skipped: the series keeps its float
//!   samples (possibly none) and the response gains one warning saying how many series had them.
//! - [`QueryChunks`] decodes the same answer in steps (the envelope, then the series a budget
//!   of bytes at a time) with exactly [`decode_query`]'s result, errors included.
//! - Allocation: sample values are parsed from borrowed string slices and pushed into the two
//!   column vectors; no `serde_json::Value` tree is built.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::api::{
    AlertsData, BuildInfo, MetricMetadata, RuleGroup, RulesData, RuntimeInfo, TargetsData,
    TsdbStatus,
};
use super::error::{body_excerpt, PromError};
use super::types::{Labels, QueryData, Series};

/// A decoded `/api/v1/query` or `/api/v1/query_range` response.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResponse {
    pub data: QueryData,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

/// Any non-query response: the data plus the envelope's warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    pub data: T,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
struct Envelope<T> {
    #[serde(default)]
    status: String,
    #[serde(default)]
    data: Option<T>,
    #[serde(default)]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

struct Unwrapped<T> {
    data: T,
    warnings: Vec<String>,
    infos: Vec<String>,
}

/// VictoriaMetrics puts the HTTP status in `errorType` (`"422"`); map the statuses it uses to
/// the Prometheus error type they stand for, so messages and retry decisions match.
fn normalise_error_type(error_type: String) -> String {
    let canonical = match error_type.as_str() {
        "400" => "bad_data",
        "422" => "execution",
        "500" => "internal",
        "503" => "unavailable",
        "504" => "timeout",
        _ => return error_type,
    };
    canonical.to_owned()
}

fn api_error(error_type: Option<String>, error: Option<String>, http_status: u16) -> PromError {
    PromError::Api {
        error_type: error_type
            .map(normalise_error_type)
            .unwrap_or_else(|| "unknown".to_owned()),
        message: error.unwrap_or_default(),
        http_status,
    }
}

fn decode_error(e: &serde_json::Error) -> PromError {
    let message = if e.is_eof() {
        format!("the body ended early, it may have been cut off: {e}")
    } else {
        e.to_string()
    };
    PromError::Decode { message }
}

/// The envelope's data, `None` when it is absent or `null`.
fn decode_envelope_opt<'de, T: Deserialize<'de>>(
    status: u16,
    body: &'de [u8],
) -> Result<Unwrapped<Option<T>>, PromError> {
    let success = (200..300).contains(&status);
    if matches!(status, 401 | 403) {
        return Err(PromError::Unauthorized {
            http_status: status,
        });
    }
    if !success {
        // Error bodies are small; read only the envelope, ignoring any data.
        if let Ok(env) = serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
            if env.status == "error" {
                return Err(api_error(env.error_type, env.error, status));
            }
        }
        return Err(PromError::Http {
            status,
            body_excerpt: body_excerpt(body),
        });
    }
    let env: Envelope<T> = serde_json::from_slice(body).map_err(|e| decode_error(&e))?;
    if env.status == "error" {
        return Err(api_error(env.error_type, env.error, status));
    }
    if env.status != "success" {
        return Err(PromError::Decode {
            message: format!("unexpected status {:?}", env.status),
        });
    }
    Ok(Unwrapped {
        data: env.data,
        warnings: env.warnings,
        infos: env.infos,
    })
}

fn decode_envelope<'de, T: Deserialize<'de>>(
    status: u16,
    body: &'de [u8],
) -> Result<Unwrapped<T>, PromError> {
    let u = decode_envelope_opt::<T>(status, body)?;
    let Some(data) = u.data else {
        return Err(PromError::Decode {
            message: "the response has no \"data\" field".to_owned(),
        });
    };
    Ok(Unwrapped {
        data,
        warnings: u.warnings,
        infos: u.infos,
    })
}

fn decode_plain<'de, T: Deserialize<'de>>(
    status: u16,
    body: &'de [u8],
) -> Result<Decoded<T>, PromError> {
    let u = decode_envelope::<T>(status, body)?;
    Ok(Decoded {
        data: u.data,
        warnings: u.warnings,
    })
}

/// Decodes `/api/v1/query` and `/api/v1/query_range`.
pub fn decode_query(status: u16, body: &[u8]) -> Result<QueryResponse, PromError> {
    let u = decode_envelope::<RawQueryData>(status, body)?;
    let mut warnings = u.warnings;
    push_histogram_warning(&mut warnings, u.data.histogram_series);
    Ok(QueryResponse {
        data: u.data.data,
        warnings,
        infos: u.infos,
    })
}

fn push_histogram_warning(warnings: &mut Vec<String>, histogram_series: usize) {
    if histogram_series > 0 {
        warnings.push(format!(
            "{histogram_series} series carried native histogram samples, which promboard does not show yet; use histogram_quantile() or histogram_count() to get floats"
        ));
    }
}

/// [`decode_query`] in steps, so a caller can let the browser run between them: the envelope
/// first (with `data.result` emptied), then the series of `data.result` a budget of bytes at a
/// time. The result is always exactly `decode_query(status, body)`'s: when the body is not a
/// well-formed series answer, or any piece fails, the whole body is decoded at once instead.
pub struct QueryChunks<'a> {
    status: u16,
    body: &'a [u8],
    state: ChunkState,
}

enum ChunkState {
    Series {
        head: QueryResponse,
        elements: Vec<std::ops::Range<usize>>,
        next: usize,
        series: Vec<Series>,
        histograms: usize,
    },
    Done(Result<QueryResponse, PromError>),
}

impl<'a> QueryChunks<'a> {
    pub fn new(status: u16, body: &'a [u8]) -> Self {
        let state = Self::split(status, body)
            .unwrap_or_else(|| ChunkState::Done(decode_query(status, body)));
        Self {
            status,
            body,
            state,
        }
    }

    fn split(status: u16, body: &[u8]) -> Option<ChunkState> {
        let arr = promboard_kernels::split_query_result(body)?;
        let mut head_body = Vec::with_capacity(body.len() - (arr.close - arr.open) + 2);
        head_body.extend_from_slice(&body[..arr.open]);
        head_body.extend_from_slice(b"[]");
        head_body.extend_from_slice(&body[arr.close + 1..]);
        let head = decode_query(status, &head_body).ok()?;
        if !matches!(&head.data, QueryData::Series(s) if s.is_empty()) {
            return None;
        }
        Some(ChunkState::Series {
            head,
            series: Vec::with_capacity(arr.elements.len()),
            elements: arr.elements,
            next: 0,
            histograms: 0,
        })
    }

    /// Decodes series until `budget_bytes` of their JSON are read; `true` while some remain.
    pub fn step(&mut self, budget_bytes: usize) -> bool {
        let ChunkState::Series {
            elements,
            next,
            series,
            histograms,
            ..
        } = &mut self.state
        else {
            return false;
        };
        let mut spent = 0;
        while let Some(r) = elements.get(*next) {
            if spent > 0 && spent >= budget_bytes {
                return true;
            }
            spent += r.len();
            *next += 1;
            match serde_json::from_slice::<SeriesElement>(&self.body[r.clone()]) {
                Ok(SeriesElement(s, h)) => {
                    series.push(s);
                    *histograms += usize::from(h);
                }
                Err(_) => {
                    // Report exactly what decoding the whole body reports.
                    self.state = ChunkState::Done(decode_query(self.status, self.body));
                    return false;
                }
            }
        }
        false
    }

    /// Decodes what is left and returns the answer.
    pub fn finish(mut self) -> Result<QueryResponse, PromError> {
        while self.step(usize::MAX) {}
        match self.state {
            ChunkState::Done(r) => r,
            ChunkState::Series {
                mut head,
                series,
                histograms,
                ..
            } => {
                head.data = QueryData::Series(series);
                push_histogram_warning(&mut head.warnings, histograms);
                Ok(head)
            }
        }
    }
}

/// Decodes `/api/v1/labels` and `/api/v1/label/NAME/values`.
pub fn decode_strings(status: u16, body: &[u8]) -> Result<Decoded<Vec<String>>, PromError> {
    // VictoriaMetrics answers `null` for no values.
    let u = decode_envelope_opt::<Vec<String>>(status, body)?;
    Ok(Decoded {
        data: u.data.unwrap_or_default(),
        warnings: u.warnings,
    })
}

/// Decodes `/api/v1/series`.
pub fn decode_series(status: u16, body: &[u8]) -> Result<Decoded<Vec<Labels>>, PromError> {
    let u = decode_envelope_opt::<Vec<Labels>>(status, body)?;
    Ok(Decoded {
        data: u.data.unwrap_or_default(),
        warnings: u.warnings,
    })
}

/// Decodes `/api/v1/metadata`: metric name → its metadata entries.
pub fn decode_metadata(
    status: u16,
    body: &[u8],
) -> Result<Decoded<BTreeMap<String, Vec<MetricMetadata>>>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/rules`.
pub fn decode_rules(status: u16, body: &[u8]) -> Result<Decoded<Vec<RuleGroup>>, PromError> {
    let d = decode_plain::<RulesData>(status, body)?;
    Ok(Decoded {
        data: d.data.groups,
        warnings: d.warnings,
    })
}

/// Decodes `/api/v1/alerts`.
pub fn decode_alerts(status: u16, body: &[u8]) -> Result<Decoded<AlertsData>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/targets`.
pub fn decode_targets(status: u16, body: &[u8]) -> Result<Decoded<TargetsData>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/status/buildinfo`.
pub fn decode_buildinfo(status: u16, body: &[u8]) -> Result<Decoded<BuildInfo>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/status/runtimeinfo`.
pub fn decode_runtimeinfo(status: u16, body: &[u8]) -> Result<Decoded<RuntimeInfo>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/status/flags`.
pub fn decode_flags(
    status: u16,
    body: &[u8],
) -> Result<Decoded<BTreeMap<String, String>>, PromError> {
    decode_plain(status, body)
}

/// Decodes `/api/v1/status/tsdb`.
pub fn decode_tsdb(status: u16, body: &[u8]) -> Result<Decoded<TsdbStatus>, PromError> {
    decode_plain(status, body)
}

// ---------------------------------------------------------------------------------------------
// Query data: hand-written visitors.

struct RawQueryData {
    data: QueryData,
    histogram_series: usize,
}

/// What `result` turned out to be, before `resultType` disambiguates scalar from string.
enum RawResult {
    Series(Vec<Series>, usize),
    Pair(i64, PairValue),
}

enum PairValue {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawQueryData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(QueryDataVisitor)
    }
}

struct QueryDataVisitor;

impl<'de> Visitor<'de> for QueryDataVisitor {
    type Value = RawQueryData;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a query result object with resultType and result")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut result_type: Option<String> = None;
        let mut result: Option<RawResult> = None;
        while let Some(key) = map.next_key::<KeyStr>()? {
            match key.0.as_ref() {
                "resultType" => result_type = Some(map.next_value()?),
                "result" => result = Some(map.next_value_seed(ResultSeed)?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let result_type = result_type.ok_or_else(|| de::Error::missing_field("resultType"))?;
        let result = result.ok_or_else(|| de::Error::missing_field("result"))?;
        let (data, histogram_series) = match (result_type.as_str(), result) {
            ("matrix" | "vector", RawResult::Series(s, h)) => (QueryData::Series(s), h),
            ("scalar", RawResult::Pair(t_ms, PairValue::Number(value))) => {
                (QueryData::Scalar { t_ms, value }, 0)
            }
            ("string", RawResult::Pair(t_ms, PairValue::Text(value))) => {
                (QueryData::String { t_ms, value }, 0)
            }
            (other, _) => {
                return Err(de::Error::custom(format_args!(
                    "result does not match resultType {other:?}"
                )))
            }
        };
        Ok(RawQueryData {
            data,
            histogram_series,
        })
    }
}

/// A map key, borrowed when the input allows.
struct KeyStr<'a>(std::borrow::Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for KeyStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(KeyStr(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(KeyStr(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

struct ResultSeed;

impl<'de> DeserializeSeed<'de> for ResultSeed {
    type Value = RawResult;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(ResultVisitor)
    }
}

struct ResultVisitor;

impl<'de> Visitor<'de> for ResultVisitor {
    type Value = RawResult;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of series or a [time, value] pair")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Some(first) = seq.next_element::<SeriesOrTime>()? else {
            return Ok(RawResult::Series(Vec::new(), 0));
        };
        match first {
            SeriesOrTime::Series(s, h) => {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0) + 1);
                let mut hist = usize::from(h);
                out.push(s);
                while let Some(SeriesElement(s, h)) = seq.next_element::<SeriesElement>()? {
                    hist += usize::from(h);
                    out.push(s);
                }
                Ok(RawResult::Series(out, hist))
            }
            SeriesOrTime::Time(t_ms) => {
                let value = seq
                    .next_element::<PairValueDe>()?
                    .ok_or_else(|| de::Error::invalid_length(1, &"a [time, value] pair"))?;
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &"a [time, value] pair"));
                }
                Ok(RawResult::Pair(t_ms, value.0))
            }
        }
    }
}

enum SeriesOrTime {
    Series(Series, bool),
    Time(i64),
}

impl<'de> Deserialize<'de> for SeriesOrTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SeriesOrTime;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a series object or a timestamp")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(SeriesOrTime::Time(ms_from_seconds(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(SeriesOrTime::Time(ms_from_seconds(v as f64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(SeriesOrTime::Time(ms_from_seconds(v as f64)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let (s, h) = SeriesVisitor.visit_map(map)?;
                Ok(SeriesOrTime::Series(s, h))
            }
        }
        d.deserialize_any(V)
    }
}

struct SeriesElement(Series, bool);

impl<'de> Deserialize<'de> for SeriesElement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (s, h) = d.deserialize_map(SeriesVisitor)?;
        Ok(SeriesElement(s, h))
    }
}

struct SeriesVisitor;

impl<'de> Visitor<'de> for SeriesVisitor {
    /// The series, and whether it carried native histogram samples.
    type Value = (Series, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a series object with metric and values/value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut series = Series::default();
        let mut histogram = false;
        while let Some(key) = map.next_key::<KeyStr>()? {
            match key.0.as_ref() {
                "metric" => series.labels = map.next_value()?,
                "values" => map.next_value_seed(SamplesSeed(&mut series))?,
                "value" => {
                    let SamplePair(t, v) = map.next_value()?;
                    series.t_ms.push(t);
                    series.values.push(v);
                }
                "histogram" | "histograms" => {
                    histogram = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((series, histogram))
    }
}

/// Appends `[[t, "v"], …]` to the series' columns.
struct SamplesSeed<'s>(&'s mut Series);

impl<'de> DeserializeSeed<'de> for SamplesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SamplesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of [time, value] pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(n) = seq.size_hint() {
            self.0.t_ms.reserve(n);
            self.0.values.reserve(n);
        }
        while let Some(SamplePair(t, v)) = seq.next_element()? {
            self.0.t_ms.push(t);
            self.0.values.push(v);
        }
        Ok(())
    }
}

/// `[1435781451.781, "1"]` → (ms, value).
struct SamplePair(i64, f64);

impl<'de> Deserialize<'de> for SamplePair {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SamplePair;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a [time, \"value\"] pair")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SamplePair, A::Error> {
                let t: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let v = seq
                    .next_element::<SampleValue>()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(SamplePair(ms_from_seconds(t), v.0))
            }
        }
        d.deserialize_seq(V)
    }
}

/// A sample value: a string naming a float (`"NaN"`, `"+Inf"`, `"1e-3"`), or, leniently, a
/// JSON number.
struct SampleValue(f64);

impl<'de> Deserialize<'de> for SampleValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SampleValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sample value string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SampleValue, E> {
                parse_sample_value(v)
                    .map(SampleValue)
                    .ok_or_else(|| E::custom(format_args!("invalid sample value {v:?}")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<SampleValue, E> {
                Ok(SampleValue(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SampleValue, E> {
                Ok(SampleValue(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SampleValue, E> {
                Ok(SampleValue(v as f64))
            }
        }
        d.deserialize_any(V)
    }
}

/// The value half of a scalar or string result.
struct PairValueDe(PairValue);

impl<'de> Deserialize<'de> for PairValueDe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PairValueDe;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PairValueDe, E> {
                // A string result may hold any text; a scalar's text is a float. Which one it
                // is comes from resultType, so keep the text when it is not a float.
                Ok(PairValueDe(match parse_sample_value(v) {
                    Some(x) => PairValue::Number(x),
                    None => PairValue::Text(v.to_owned()),
                }))
            }
        }
        d.deserialize_str(V)
    }
}

/// Parses a Prometheus sample value string (`"NaN"`, `"+Inf"`, `"-Inf"`, `"1e-3"`, `"42"`).
pub fn parse_sample_value(s: &str) -> Option<f64> {
    // Rust's float parser accepts exactly the forms Go's strconv.FormatFloat produces, plus
    // case-insensitive "inf"/"nan" with an optional sign.
    s.parse::<f64>().ok()
}

/// Float seconds → integer milliseconds, rounded to the nearest ms so that
/// 1435781451.781 (not exactly representable) gives 1435781451781.
pub fn ms_from_seconds(t_s: f64) -> i64 {
    (t_s * 1000.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    const MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"values":[[1435781430.781,"1"],[1435781445.781,"NaN"],[1435781460.781,"+Inf"],[1435781475.781,"-Inf"],[1435781490.781,"1e-3"]]},{"metric":{"job":"node"},"values":[[1435781451.781,"0.5"]]}]}}"#;

    fn series(r: &QueryResponse) -> &[Series] {
        match &r.data {
            QueryData::Series(s) => s,
            other => panic!("expected series, got {other:?}"),
        }
    }

    #[test]
    fn matrix_decodes_values_and_exact_times() {
        let r = decode_query(200, MATRIX.as_bytes()).unwrap();
        let s = series(&r);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].metric_name(), Some("up"));
        assert_eq!(
            s[0].labels.get("job").map(String::as_str),
            Some("prometheus")
        );
        assert_eq!(
            s[0].t_ms,
            vec![
                1435781430781,
                1435781445781,
                1435781460781,
                1435781475781,
                1435781490781
            ]
        );
        assert_eq!(s[0].values[0], 1.0);
        assert!(s[0].values[1].is_nan());
        assert_eq!(s[0].values[2], f64::INFINITY);
        assert_eq!(s[0].values[3], f64::NEG_INFINITY);
        assert_eq!(s[0].values[4], 0.001);
        assert_eq!(s[1].t_ms, vec![1435781451781]);
        assert_eq!(s[1].metric_name(), None);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn timestamps_convert_exactly() {
        let cases: &[(f64, i64)] = &[
            (1435781451.781, 1435781451781),
            (1700000000.0, 1700000000000),
            (1700000000.001, 1700000000001),
            (1700000000.999, 1700000000999),
            (0.001, 1),
            (1e9 + 0.1, 1_000_000_000_100),
            (4102444799.999, 4102444799999),
        ];
        for (s, ms) in cases {
            assert_eq!(ms_from_seconds(*s), *ms, "{s}");
        }
        // Through JSON text, as Prometheus prints them.
        for (text, ms) in [
            ("1435781451.781", 1435781451781_i64),
            ("1712345678.123", 1712345678123),
            ("1712345678.1", 1712345678100),
            ("1712345678", 1712345678000),
        ] {
            let body = format!(
                r#"{{"status":"success","data":{{"resultType":"vector","result":[{{"metric":{{}},"value":[{text},"2"]}}]}}}}"#
            );
            let r = decode_query(200, body.as_bytes()).unwrap();
            assert_eq!(series(&r)[0].t_ms, vec![ms], "{text}");
        }
    }

    #[test]
    fn vector_scalar_string_and_order_independence() {
        let vector = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1700000000.5,"3.25"]}]}}"#;
        let r = decode_query(200, vector.as_bytes()).unwrap();
        assert_eq!(series(&r)[0].values, vec![3.25]);
        assert_eq!(series(&r)[0].t_ms, vec![1700000000500]);

        let scalar =
            r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}}"#;
        match decode_query(200, scalar.as_bytes()).unwrap().data {
            QueryData::Scalar { t_ms, value } => {
                assert_eq!(t_ms, 1700000000000);
                assert!(value.is_nan());
            }
            other => panic!("{other:?}"),
        }

        let string =
            r#"{"status":"success","data":{"result":[1700000000,"hello"],"resultType":"string"}}"#;
        assert_eq!(
            decode_query(200, string.as_bytes()).unwrap().data,
            QueryData::String {
                t_ms: 1700000000000,
                value: "hello".into()
            }
        );
        let numeric_string =
            r#"{"status":"success","data":{"resultType":"string","result":[1,"12"]}}"#;
        assert!(decode_query(200, numeric_string.as_bytes()).is_err());

        let reversed = r#"{"data":{"result":[],"resultType":"matrix"},"status":"success"}"#;
        assert_eq!(
            decode_query(200, reversed.as_bytes()).unwrap().data,
            QueryData::Series(vec![])
        );
    }

    /// `QueryChunks` with every budget gives `decode_query`'s answer (Debug-compared: NaN).
    fn assert_chunks_equal(status: u16, body: &[u8]) {
        let whole = format!("{:?}", decode_query(status, body));
        for budget in [0, 1, 40, 1_000, usize::MAX] {
            let mut c = QueryChunks::new(status, body);
            while c.step(budget) {}
            assert_eq!(
                format!("{:?}", c.finish()),
                whole,
                "budget {budget}, body {:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn chunked_decoding_equals_the_whole() {
        let hist = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"h"},"histogram":[1700000000,{"count":"3","sum":"4","buckets":[[0,"0.5","1","3"]]}]},{"metric":{"__name__":"f"},"value":[1700000000,"1"]}]},"warnings":["w"],"infos":["i"]}"#;
        let bodies: Vec<String> = vec![
            MATRIX.into(),
            hist.into(),
            // Brackets, commas and escaped quotes inside label values and keys.
            r#"{"status":"success","data":{"resultType":"matrix","result":[ {"metric":{"a":"],[}{\"x\":1}"},"values":[[1,"1"]]} , {"metric":{"b\"]":"\\"},"values":[]} ]}}"#.into(),
            // result before resultType, whitespace everywhere.
            " { \"data\" : { \"result\" : [ { \"metric\" : { } , \"values\" : [ [ 1 , \"2\" ] ] } ] , \"resultType\" : \"matrix\" } , \"status\" : \"success\" } ".into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"string","result":[1,"x"]}}"#.into(),
            // Malformed in ways only the whole body shows.
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[]},]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[]} {"metric":{}}]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[]}}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[],"result":[{"metric":{},"values":[]}]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","res\u0075lt":[{"metric":{},"values":[]}],"result":[]}}"#.into(),
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[]}]},"data":null}"#.into(),
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]}} trailing"#.into(),
            r#"{"status":"error","errorType":"bad_data","error":"x","data":{"resultType":"matrix","result":[]}}"#.into(),
            format!(
                r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{}},"values":[],"x":{}1{}}}]}}}}"#,
                "[".repeat(126),
                "]".repeat(126)
            ),
        ];
        for body in &bodies {
            for status in [200, 400, 503] {
                assert_chunks_equal(status, body.as_bytes());
            }
        }
        // Every truncation of a real-shaped answer.
        for end in 0..MATRIX.len() {
            assert_chunks_equal(200, &MATRIX.as_bytes()[..end]);
        }
    }

    #[test]
    fn chunked_decoding_steps_through_the_series() {
        let mut c = QueryChunks::new(200, MATRIX.as_bytes());
        assert!(c.step(1), "one series per step, one more left");
        assert!(!c.step(1));
        assert_eq!(series(&c.finish().unwrap()).len(), 2);
    }

    #[test]
    fn warnings_infos_and_histograms() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"h"},"histogram":[1700000000,{"count":"3","sum":"4","buckets":[[0,"0.5","1","3"]]}]},{"metric":{"__name__":"f"},"value":[1700000000,"1"]}]},"warnings":["PromQL warning: something"],"infos":["PromQL info: metric might not be a counter"]}"#;
        let r = decode_query(200, body.as_bytes()).unwrap();
        let s = series(&r);
        assert_eq!(s.len(), 2);
        assert!(s[0].values.is_empty());
        assert_eq!(s[1].values, vec![1.0]);
        assert_eq!(r.warnings.len(), 2);
        assert_eq!(r.warnings[0], "PromQL warning: something");
        assert!(r.warnings[1].starts_with("1 series carried native histogram"));
        assert_eq!(r.infos, vec!["PromQL info: metric might not be a counter"]);
    }

    #[test]
    fn errors_table() {
        let bad_data = r#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected \"}\""}"#;
        let cases: Vec<(u16, &[u8], PromError)> = vec![
            (
                400,
                bad_data.as_bytes(),
                PromError::Api {
                    error_type: "bad_data".into(),
                    message: "invalid parameter \"query\": 1:5: parse error: unexpected \"}\""
                        .into(),
                    http_status: 400,
                },
            ),
            (
                422,
                br#"{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}"#,
                PromError::Api {
                    error_type: "execution".into(),
                    message: "query processing would load too many samples into memory in query execution".into(),
                    http_status: 422,
                },
            ),
            (
                503,
                br#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#,
                PromError::Api {
                    error_type: "timeout".into(),
                    message: "query timed out in expression evaluation".into(),
                    http_status: 503,
                },
            ),
            (
                500,
                br#"{"status":"error","errorType":"internal","error":"boom","data":{"resultType":"x"}}"#,
                PromError::Api {
                    error_type: "internal".into(),
                    message: "boom".into(),
                    http_status: 500,
                },
            ),
            (
                502,
                b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1</center></body></html>",
                PromError::Http {
                    status: 502,
                    body_excerpt: "502 Bad Gateway 502 Bad Gateway nginx/1.22.1".into(),
                },
            ),
            (401, b"Unauthorized", PromError::Unauthorized { http_status: 401 }),
            (403, b"", PromError::Unauthorized { http_status: 403 }),
            (
                404,
                b"404 page not found\n",
                PromError::Http {
                    status: 404,
                    body_excerpt: "404 page not found".into(),
                },
            ),
        ];
        for (status, body, want) in cases {
            assert_eq!(decode_query(status, body).unwrap_err(), want, "{status}");
        }
        let err = decode_query(400, bad_data.as_bytes()).unwrap_err();
        assert_eq!(err.parse_error_position(), Some(4));
    }

    /// Bodies captured from VictoriaMetrics 1.79 (Debian `victoria-metrics`, see
    /// rig/src/victoria.rs) for the endpoints the app uses: the client must read them unchanged.
    #[test]
    fn victoriametrics_response_shapes() {
        // Instant vector.
        let r = decode_query(
            200,
            br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"foo","job":"a","x":"1"},"value":[1767225020,"2"]}]}}"#,
        )
        .unwrap();
        let s = series(&r);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].labels.get("job").map(String::as_str), Some("a"));
        assert_eq!(s[0].t_ms, vec![1_767_225_020_000]);
        assert_eq!(s[0].values, vec![2.0]);
        // A scalar expression (`1+1`) comes back as a one-series vector with no labels, and a
        // string literal as an empty vector.
        let r = decode_query(
            200,
            br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1767225020,"2"]}]}}"#,
        )
        .unwrap();
        assert_eq!(series(&r).len(), 1);
        assert!(series(&r)[0].labels.is_empty());
        let r = decode_query(
            200,
            br#"{"status":"success","data":{"resultType":"vector","result":[]}}"#,
        )
        .unwrap();
        assert!(series(&r).is_empty());
        // Range query: integer timestamps.
        let r = decode_query(
            200,
            br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"foo","job":"a","x":"1"},"values":[[1767225000,"1"],[1767225015,"2"],[1767225030,"2"]]}]}}"#,
        )
        .unwrap();
        assert_eq!(
            series(&r)[0].t_ms,
            vec![1_767_225_000_000, 1_767_225_015_000, 1_767_225_030_000]
        );
        assert_eq!(series(&r)[0].values, vec![1.0, 2.0, 2.0]);
        // Labels, label values, series (`null` and `[]` both mean none).
        let l = decode_strings(
            200,
            br#"{"status":"success","data":["__name__","job","x"]}"#,
        )
        .unwrap();
        assert_eq!(l.data, vec!["__name__", "job", "x"]);
        assert!(decode_strings(200, br#"{"status":"success","data":null}"#)
            .unwrap()
            .data
            .is_empty());
        assert!(decode_series(200, br#"{"status":"success","data":[]}"#)
            .unwrap()
            .data
            .is_empty());
        // Status endpoints VictoriaMetrics stubs out.
        assert_eq!(
            decode_buildinfo(200, br#"{"status":"success","data":{}}"#)
                .unwrap()
                .data,
            BuildInfo::default()
        );
        assert!(decode_metadata(200, br#"{"status":"success","data":{}}"#)
            .unwrap()
            .data
            .is_empty());
        decode_tsdb(
            200,
            br#"{"status":"success","data":{"totalSeries":0,"totalLabelValuePairs":0,"seriesCountByMetricName":[],"seriesCountByLabelName":[],"seriesCountByFocusLabelValue":[],"seriesCountByLabelValuePair":[],"labelValueCountByLabelName":[]}}"#,
        )
        .unwrap();
        assert!(matches!(
            decode_runtimeinfo(
                400,
                b"remoteAddr: \"127.0.0.1:56806\"; requestURI: /api/v1/status/runtimeinfo; unsupported path requested: \"/api/v1/status/runtimeinfo\"\n"
            ),
            Err(PromError::Http { status: 400, .. })
        ));
        // Errors: `errorType` is the HTTP status; it maps to the Prometheus type.
        let cases: Vec<(u16, &[u8], &str, &str, bool)> = vec![
            (
                422,
                br#"{"status":"error","errorType":"422","error":"error when executing query=\"rate(foo[\" for (time=1000, step=300000): duration: unexpected token \"\"; want \"duration\"; unparsed data: \"\""}"#,
                "execution",
                "error when executing query=\"rate(foo[\" for (time=1000, step=300000): duration: unexpected token \"\"; want \"duration\"; unparsed data: \"\"",
                false,
            ),
            (
                422,
                br#"{"status":"error","errorType":"422","error":"\"step\"=0ms is out of allowed range [0 ... 3153600000000]"}"#,
                "execution",
                "\"step\"=0ms is out of allowed range [0 ... 3153600000000]",
                false,
            ),
            (
                422,
                br#"{"status":"error","errorType":"422","error":"missing `query` arg"}"#,
                "execution",
                "missing `query` arg",
                false,
            ),
            // Not captured (1.79 answered 422 to everything we tried): the same envelope
            // with the other statuses VictoriaMetrics' handlers use.
            (
                400,
                br#"{"status":"error","errorType":"400","error":"bad request"}"#,
                "bad_data",
                "bad request",
                false,
            ),
            (
                503,
                br#"{"status":"error","errorType":"503","error":"couldn't start executing the request in 30 seconds, since -search.maxConcurrentRequests=8 concurrent requests are executed"}"#,
                "unavailable",
                "couldn't start executing the request in 30 seconds, since -search.maxConcurrentRequests=8 concurrent requests are executed",
                true,
            ),
            (
                504,
                br#"{"status":"error","errorType":"504","error":"timeout"}"#,
                "timeout",
                "timeout",
                true,
            ),
            (
                418,
                br#"{"status":"error","errorType":"418","error":"odd"}"#,
                "418",
                "odd",
                false,
            ),
        ];
        for (status, body, want_type, want_message, transient) in cases {
            let err = decode_query(status, body).unwrap_err();
            assert_eq!(
                err,
                PromError::Api {
                    error_type: want_type.into(),
                    message: want_message.into(),
                    http_status: status,
                },
                "{status}"
            );
            assert_eq!(err.is_transient(), transient, "{status}");
        }
        let err = decode_query(
            422,
            br#"{"status":"error","errorType":"422","error":"\"step\"=0ms is out of allowed range"}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Prometheus could not execute the query: \"step\"=0ms is out of allowed range"
        );
    }

    #[test]
    fn malformed_bodies_are_decode_errors() {
        let truncated = &MATRIX.as_bytes()[..MATRIX.len() / 2];
        let cases: Vec<(&[u8], &str)> = vec![
            (truncated, "ended early"),
            (b"", "ended early"),
            (br#"{"status":"success"}"#, "no \"data\""),
            (
                br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"abc"]]}]}}"#,
                "invalid sample value",
            ),
            (
                br#"{"status":"success","data":{"resultType":"scalar","result":[{"metric":{}}]}}"#,
                "does not match resultType",
            ),
            (
                br#"{"status":"success","data":{"result":[]}}"#,
                "resultType",
            ),
            (b"<html>ok</html>", "expected value"),
            (br#"{"status":"weird","data":1}"#, "invalid type"),
        ];
        for (body, want) in cases {
            match decode_query(200, body) {
                Err(PromError::Decode { message }) => {
                    assert!(message.contains(want), "{message:?} lacks {want:?}")
                }
                other => panic!("{:?} → {other:?}", String::from_utf8_lossy(body)),
            }
        }
    }

    #[test]
    fn sample_value_strings() {
        let cases: &[(&str, Option<f64>)] = &[
            ("1", Some(1.0)),
            ("-0.5", Some(-0.5)),
            ("1e-3", Some(0.001)),
            ("1.5e+06", Some(1.5e6)),
            ("+Inf", Some(f64::INFINITY)),
            ("-Inf", Some(f64::NEG_INFINITY)),
            ("Inf", Some(f64::INFINITY)),
            ("", None),
            ("one", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_sample_value(s), *want, "{s}");
        }
        assert!(parse_sample_value("NaN").is_some_and(f64::is_nan));
    }

    #[test]
    fn large_matrix_decodes() {
        // 54 series × 1,441 points, the shape measured in DESIGN.md (~1.6 MB).
        let mut body =
            String::from(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
        for s in 0..54 {
            if s > 0 {
                body.push(',');
            }
            body.push_str(&format!(
                r#"{{"metric":{{"__name__":"node_cpu_seconds_total","cpu":"{s}","instance":"host:9100","job":"node","mode":"idle"}},"values":["#
            ));
            for p in 0..1441 {
                if p > 0 {
                    body.push(',');
                }
                body.push_str(&format!(
                    "[{}.781,\"{}.25\"]",
                    1_700_000_000 + p * 15,
                    p * 7 + s
                ));
            }
            body.push_str("]}");
        }
        body.push_str("]}}");
        assert!(body.len() > 1_000_000);
        let r = decode_query(200, body.as_bytes()).unwrap();
        let s = series(&r);
        assert_eq!(s.len(), 54);
        assert!(s
            .iter()
            .all(|x| x.t_ms.len() == 1441 && x.values.len() == 1441));
        assert_eq!(s[53].t_ms[1440], (1_700_000_000 + 1440 * 15) * 1000 + 781);
        assert_eq!(s[53].values[1440], (1440 * 7 + 53) as f64 + 0.25);
    }
}
