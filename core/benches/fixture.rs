// Shared by `decode_import.rs` (native) and the root crate's `tests/bench_decode.rs`
// (Chromium) through `include!`: the inputs of the decode and import benchmarks.

/// The largest dashboard of the corpus (see `fixtures/README.md`).
pub const LARGEST_DASHBOARD: &str = include_str!("fixtures/haproxy.json");

/// A `query_range` answer in Prometheus' exact shape: 54 series × 1,441 points (6 h at 15 s),
/// integer timestamps and short decimal values, ~1.6 MB.
pub fn query_range_body() -> String {
    let mut body = String::from(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
    for s in 0..54u64 {
        if s > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"metric":{{"__name__":"node_cpu_seconds_total","cpu":"{}","instance":"node-{}:9100","job":"node","mode":"idle"}},"values":["#,
            s % 8,
            s / 8
        ));
        for p in 0..1441u64 {
            if p > 0 {
                body.push(',');
            }
            body.push_str(&format!(
                "[{},\"{}.{}\"]",
                1_767_204_000 + p * 15,
                (p * 7 + s) % 100,
                (p + s) % 10
            ));
        }
        body.push_str("]}");
    }
    body.push_str("]}}");
    body
}

/// Median, min and max of `samples` (ms), sorted in place.
pub fn summary(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    let median = if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    };
    (
        median,
        samples.first().copied().unwrap_or(f64::NAN),
        samples.last().copied().unwrap_or(f64::NAN),
    )
}

/// One line of the report: `name: median … ms (min …, max …) over N runs, … MB/s`.
pub fn report(name: &str, bytes: usize, samples: &mut [f64]) -> String {
    let runs = samples.len();
    let (median, min, max) = summary(samples);
    let mb_s = bytes as f64 / 1e6 / (median / 1000.0);
    format!(
        "{name}: {bytes} bytes, median {median:.2} ms (min {min:.2}, max {max:.2}) over {runs} runs, {mb_s:.1} MB/s"
    )
}
