//! Building Prometheus HTTP API requests: path, query parameters, form encoding, URL joining.
//!
//! Contract: values are form-urlencoded here (`application/x-www-form-urlencoded`: unreserved
//! bytes `A-Z a-z 0-9 - . _ *` kept, space as `+`, every other byte as `%XX` of its UTF-8).
//! A request whose GET URL would exceed [`MAX_GET_URL_CHARS`] is sent as a POST with the same
//! parameters as a form body (Prometheus accepts POST on query, query_range, series and labels).
//! Times are float seconds, printed in Rust's shortest round-trip form ("1435781451.781").
//! Nothing here fails: every input builds a request; Prometheus validates it.

/// Above this many characters of path + query string, send a POST form instead (proxies and
/// browsers commonly cap URLs near 2 KB… 8 KB; 2,000 is the conservative choice).
pub const MAX_GET_URL_CHARS: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// One request, ready for the browser client.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// Absolute API path, e.g. `/api/v1/query_range`.
    pub path: String,
    /// Parameters for the URL (GET); empty for a POST.
    pub query: Vec<(String, String)>,
    /// The form-encoded body of a POST (`Content-Type: application/x-www-form-urlencoded`).
    pub form_body: Option<String>,
}

impl ApiRequest {
    /// Builds a GET, or a POST with a form body when the GET URL would be too long.
    /// `post_allowed` is false for endpoints that accept only GET.
    fn new(path: String, params: Vec<(String, String)>, post_allowed: bool) -> Self {
        let encoded = encode_pairs(&params);
        if post_allowed && path.len() + 1 + encoded.len() > MAX_GET_URL_CHARS {
            Self {
                method: Method::Post,
                path,
                query: Vec::new(),
                form_body: Some(encoded),
            }
        } else {
            Self {
                method: Method::Get,
                path,
                query: params,
                form_body: None,
            }
        }
    }

    /// `Content-Type` to send with the body, if any.
    pub fn content_type(&self) -> Option<&'static str> {
        self.form_body
            .as_ref()
            .map(|_| "application/x-www-form-urlencoded")
    }

    /// The encoded query string (without `?`), empty when there is none.
    pub fn query_string(&self) -> String {
        encode_pairs(&self.query)
    }
}

/// `base` (a datasource URL, with or without trailing slash, possibly with a sub-path such as
/// `http://host/prometheus`) joined with the request's path and query string.
pub fn url(base: &str, req: &ApiRequest) -> String {
    let base = base.trim().trim_end_matches('/');
    let mut out = String::with_capacity(base.len() + req.path.len() + 64);
    out.push_str(base);
    if !req.path.starts_with('/') {
        out.push('/');
    }
    out.push_str(&req.path);
    if !req.query.is_empty() {
        out.push('?');
        out.push_str(&req.query_string());
    }
    out
}

/// Form-urlencodes `s` into `out`.
pub fn form_encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
}

/// Form-urlencodes one value.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    form_encode_into(s, &mut out);
    out
}

/// `k1=v1&k2=v2`, both sides form-encoded.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(k, &mut out);
        out.push('=');
        form_encode_into(v, &mut out);
    }
    out
}

/// Percent-encodes a path segment (a label name in `label/NAME/values`): RFC 3986 unreserved
/// bytes kept, everything else `%XX`.
fn encode_path_segment(s: &str) -> String {
    form_encode(s).replace('+', "%20").replace('*', "%2A")
}

/// Float seconds as Prometheus expects them.
pub fn format_seconds(t_s: f64) -> String {
    format!("{t_s}")
}

fn push_time(params: &mut Vec<(String, String)>, key: &str, t_s: Option<f64>) {
    if let Some(t) = t_s {
        params.push((key.to_owned(), format_seconds(t)));
    }
}

fn push_matchers(params: &mut Vec<(String, String)>, matchers: &[String]) {
    for m in matchers {
        params.push(("match[]".to_owned(), m.clone()));
    }
}

/// `/api/v1/query_range`.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryRange {
    pub expr: String,
    pub start_s: f64,
    pub end_s: f64,
    pub step_s: f64,
}

impl QueryRange {
    pub fn request(&self) -> ApiRequest {
        let params = vec![
            ("query".to_owned(), self.expr.clone()),
            ("start".to_owned(), format_seconds(self.start_s)),
            ("end".to_owned(), format_seconds(self.end_s)),
            ("step".to_owned(), format_seconds(self.step_s)),
        ];
        ApiRequest::new("/api/v1/query_range".to_owned(), params, true)
    }
}

/// `/api/v1/query` (instant).
#[derive(Clone, Debug, PartialEq)]
pub struct InstantQuery {
    pub expr: String,
    pub time_s: f64,
}

impl InstantQuery {
    pub fn request(&self) -> ApiRequest {
        let params = vec![
            ("query".to_owned(), self.expr.clone()),
            ("time".to_owned(), format_seconds(self.time_s)),
        ];
        ApiRequest::new("/api/v1/query".to_owned(), params, true)
    }
}

/// `/api/v1/labels`: label names, optionally restricted to series matching `matchers` and to a
/// time window.
pub fn labels(matchers: &[String], start_s: Option<f64>, end_s: Option<f64>) -> ApiRequest {
    let mut params = Vec::new();
    push_matchers(&mut params, matchers);
    push_time(&mut params, "start", start_s);
    push_time(&mut params, "end", end_s);
    ApiRequest::new("/api/v1/labels".to_owned(), params, true)
}

/// `/api/v1/label/NAME/values` (GET only in Prometheus).
pub fn label_values(
    name: &str,
    matchers: &[String],
    start_s: Option<f64>,
    end_s: Option<f64>,
) -> ApiRequest {
    let mut params = Vec::new();
    push_matchers(&mut params, matchers);
    push_time(&mut params, "start", start_s);
    push_time(&mut params, "end", end_s);
    let path = format!("/api/v1/label/{}/values", encode_path_segment(name));
    ApiRequest::new(path, params, false)
}

/// `/api/v1/series` with one `match[]` per selector.
pub fn series(matchers: &[String], start_s: Option<f64>, end_s: Option<f64>) -> ApiRequest {
    let mut params = Vec::new();
    push_matchers(&mut params, matchers);
    push_time(&mut params, "start", start_s);
    push_time(&mut params, "end", end_s);
    ApiRequest::new("/api/v1/series".to_owned(), params, true)
}

/// `/api/v1/metadata`, for one metric or all, with an optional per-metric limit.
pub fn metadata(metric: Option<&str>, limit: Option<u32>) -> ApiRequest {
    let mut params = Vec::new();
    if let Some(m) = metric {
        params.push(("metric".to_owned(), m.to_owned()));
    }
    if let Some(l) = limit {
        params.push(("limit".to_owned(), l.to_string()));
    }
    ApiRequest::new("/api/v1/metadata".to_owned(), params, false)
}

/// Which rules `/api/v1/rules` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleFilter {
    All,
    Alerting,
    Recording,
}

/// `/api/v1/rules`.
pub fn rules(filter: RuleFilter) -> ApiRequest {
    let mut params = Vec::new();
    match filter {
        RuleFilter::All => {}
        RuleFilter::Alerting => params.push(("type".to_owned(), "alert".to_owned())),
        RuleFilter::Recording => params.push(("type".to_owned(), "record".to_owned())),
    }
    ApiRequest::new("/api/v1/rules".to_owned(), params, false)
}

/// `/api/v1/alerts`.
pub fn alerts() -> ApiRequest {
    ApiRequest::new("/api/v1/alerts".to_owned(), Vec::new(), false)
}

/// `/api/v1/targets`, optionally `state=active|dropped|any`.
pub fn targets(state: Option<&str>) -> ApiRequest {
    let mut params = Vec::new();
    if let Some(s) = state {
        params.push(("state".to_owned(), s.to_owned()));
    }
    ApiRequest::new("/api/v1/targets".to_owned(), params, false)
}

/// `/api/v1/status/buildinfo`.
pub fn buildinfo() -> ApiRequest {
    ApiRequest::new("/api/v1/status/buildinfo".to_owned(), Vec::new(), false)
}

/// `/api/v1/status/runtimeinfo`.
pub fn runtimeinfo() -> ApiRequest {
    ApiRequest::new("/api/v1/status/runtimeinfo".to_owned(), Vec::new(), false)
}

/// `/api/v1/status/flags`.
pub fn flags() -> ApiRequest {
    ApiRequest::new("/api/v1/status/flags".to_owned(), Vec::new(), false)
}

/// `/api/v1/status/tsdb`.
pub fn tsdb() -> ApiRequest {
    ApiRequest::new("/api/v1/status/tsdb".to_owned(), Vec::new(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_table() {
        let cases = [
            ("abc", "abc"),
            ("a b", "a+b"),
            ("rate(x[5m])", "rate%28x%5B5m%5D%29"),
            ("up{job=~\"a|b\"}", "up%7Bjob%3D%7E%22a%7Cb%22%7D"),
            ("a+b&c=d", "a%2Bb%26c%3Dd"),
            ("é", "%C3%A9"),
            ("-._*", "-._*"),
            ("", ""),
            ("50%", "50%25"),
        ];
        for (input, want) in cases {
            assert_eq!(form_encode(input), want, "{input}");
        }
    }

    #[test]
    fn url_joining() {
        let req = InstantQuery {
            expr: "up".into(),
            time_s: 1435781451.781,
        }
        .request();
        let cases = [
            (
                "http://p:9090",
                "http://p:9090/api/v1/query?query=up&time=1435781451.781",
            ),
            (
                "http://p:9090/",
                "http://p:9090/api/v1/query?query=up&time=1435781451.781",
            ),
            (
                "http://host/prometheus",
                "http://host/prometheus/api/v1/query?query=up&time=1435781451.781",
            ),
            (
                "http://host/prometheus/",
                "http://host/prometheus/api/v1/query?query=up&time=1435781451.781",
            ),
            ("/prom", "/prom/api/v1/query?query=up&time=1435781451.781"),
        ];
        for (base, want) in cases {
            assert_eq!(url(base, &req), want, "{base}");
        }
        assert_eq!(url("http://p", &alerts()), "http://p/api/v1/alerts");
    }

    #[test]
    fn query_range_params_and_post_switch() {
        let short = QueryRange {
            expr: "sum(rate(x[5m]))".into(),
            start_s: 1_700_000_000.0,
            end_s: 1_700_021_600.0,
            step_s: 15.0,
        }
        .request();
        assert_eq!(short.method, Method::Get);
        assert_eq!(short.path, "/api/v1/query_range");
        assert_eq!(
            short.query_string(),
            "query=sum%28rate%28x%5B5m%5D%29%29&start=1700000000&end=1700021600&step=15"
        );
        assert_eq!(short.content_type(), None);

        let long_expr = format!("up{{instance=~\"{}\"}}", vec!["host-00"; 400].join("|"));
        let long = QueryRange {
            expr: long_expr,
            start_s: 1.0,
            end_s: 2.0,
            step_s: 0.5,
        }
        .request();
        assert_eq!(long.method, Method::Post);
        assert!(long.query.is_empty());
        let body = long.form_body.clone().unwrap_or_default();
        assert!(
            body.starts_with("query=up%7Binstance%3D%7E%22host-00%7C"),
            "{body}"
        );
        assert!(body.ends_with("&start=1&end=2&step=0.5"), "{body}");
        assert_eq!(url("http://p/", &long), "http://p/api/v1/query_range");
        assert_eq!(
            long.content_type(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn metadata_endpoints() {
        let m = vec!["up".to_owned(), "{job=\"a\"}".to_owned()];
        let cases: Vec<(ApiRequest, &str)> = vec![
            (
                labels(&m, Some(10.0), Some(20.0)),
                "/api/v1/labels?match%5B%5D=up&match%5B%5D=%7Bjob%3D%22a%22%7D&start=10&end=20",
            ),
            (labels(&[], None, None), "/api/v1/labels"),
            (
                label_values("job", &[], Some(1.5), None),
                "/api/v1/label/job/values?start=1.5",
            ),
            (
                label_values("a b/c", &[], None, None),
                "/api/v1/label/a%20b%2Fc/values",
            ),
            (series(&m[..1], None, None), "/api/v1/series?match%5B%5D=up"),
            (
                metadata(Some("up"), Some(1)),
                "/api/v1/metadata?metric=up&limit=1",
            ),
            (rules(RuleFilter::All), "/api/v1/rules"),
            (rules(RuleFilter::Alerting), "/api/v1/rules?type=alert"),
            (rules(RuleFilter::Recording), "/api/v1/rules?type=record"),
            (targets(Some("active")), "/api/v1/targets?state=active"),
            (buildinfo(), "/api/v1/status/buildinfo"),
            (runtimeinfo(), "/api/v1/status/runtimeinfo"),
            (flags(), "/api/v1/status/flags"),
            (tsdb(), "/api/v1/status/tsdb"),
        ];
        for (req, want) in cases {
            assert_eq!(req.method, Method::Get);
            assert_eq!(url("", &req), want);
        }
    }
}
