//! Errors from talking to a Prometheus-API server, each shown to the user as one sentence they
//! can act on.
//!
//! Contract: `{"status":"error",…}` bodies become [`PromError::Api`] whatever the HTTP status;
//! 401/403 become [`PromError::Unauthorized`]; a non-JSON error body (an HTML 502 page from a
//! proxy) becomes [`PromError::Http`] with a short excerpt of the body; a success status whose
//! body does not decode (truncated, wrong shape) becomes [`PromError::Decode`]. The transport
//! variants (`Network`, `CorsOrNetwork`, `Timeout`) are built by the browser client, which is
//! the only code that can observe them.

use thiserror::Error;

/// Longest body excerpt kept in [`PromError::Http`], in characters.
pub const BODY_EXCERPT_CHARS: usize = 200;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum PromError {
    /// Prometheus answered with its own error envelope.
    #[error("{}", api_sentence(error_type, message, *http_status))]
    Api {
        /// `bad_data`, `execution`, `timeout`, `canceled`, `unavailable`, `internal`,
        /// `not_found`, or whatever the server sent.
        error_type: String,
        message: String,
        http_status: u16,
    },
    /// A non-success HTTP status whose body is not a Prometheus error (a proxy page, a plain
    /// text error).
    #[error("{}", http_sentence(*status, body_excerpt))]
    Http { status: u16, body_excerpt: String },
    /// The body did not decode as the expected Prometheus response.
    #[error("The response from Prometheus could not be read ({message}); check that the datasource URL points at a Prometheus-compatible API")]
    Decode { message: String },
    /// The request failed before any response (DNS, refused connection, offline).
    #[error("Could not reach Prometheus at {url}: check the datasource URL and that the server is running")]
    Network { url: String },
    /// In a browser a CORS refusal and an unreachable host look the same to the page.
    #[error("Prometheus at {url} did not answer or did not allow this origin (CORS): check that it is running and that it sends Access-Control-Allow-Origin for this page")]
    CorsOrNetwork { url: String },
    /// The client gave up waiting.
    #[error("Prometheus did not answer within {} s: shorten the time range, simplify the query or raise the timeout", format_secs(*after_ms))]
    Timeout { after_ms: u64 },
    /// 401 / 403.
    #[error("Prometheus refused access (HTTP {http_status}): the datasource needs credentials or a proxy that adds them")]
    Unauthorized { http_status: u16 },
}

impl PromError {
    /// For `bad_data` parse errors: the 0-based character position Prometheus reported.
    pub fn parse_error_position(&self) -> Option<usize> {
        match self {
            PromError::Api { message, .. } => parse_error_char(message),
            _ => None,
        }
    }

    /// Worth retrying later without changing anything (server busy, proxy hiccup).
    pub fn is_transient(&self) -> bool {
        match self {
            PromError::Api { error_type, .. } => {
                matches!(error_type.as_str(), "timeout" | "unavailable" | "canceled")
            }
            PromError::Http { status, .. } => matches!(status, 502..=504),
            PromError::Network { .. } | PromError::CorsOrNetwork { .. } => true,
            PromError::Timeout { .. } => true,
            PromError::Decode { .. } | PromError::Unauthorized { .. } => false,
        }
    }
}

fn api_sentence(error_type: &str, message: &str, http_status: u16) -> String {
    match error_type {
        "bad_data" => format!("Prometheus rejected the query: {message}"),
        "execution" => format!("Prometheus could not execute the query: {message}"),
        "timeout" => format!(
            "The query timed out in Prometheus ({message}): shorten the time range or simplify the query"
        ),
        "canceled" => format!("Prometheus canceled the query: {message}"),
        "unavailable" => format!("Prometheus is unavailable, try again shortly: {message}"),
        "internal" => format!("Prometheus failed with an internal error: {message}"),
        "not_found" => format!(
            "This server does not offer that API endpoint ({message}): it may not be Prometheus or may be an older version"
        ),
        other => format!("Prometheus returned an error ({other}, HTTP {http_status}): {message}"),
    }
}

fn http_sentence(status: u16, body_excerpt: &str) -> String {
    let what = match status {
        404 => "the datasource URL does not lead to a Prometheus API (HTTP 404)".to_owned(),
        502..=504 => format!("a proxy in front of Prometheus failed (HTTP {status})"),
        _ => format!("the server answered HTTP {status}"),
    };
    if body_excerpt.is_empty() {
        format!("Request to Prometheus failed: {what}")
    } else {
        format!("Request to Prometheus failed: {what}: {body_excerpt}")
    }
}

fn format_secs(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        (ms / 1000).to_string()
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// The 0-based character position in a Prometheus parse error ("parse error at char 7: …"), or
/// in the newer "1:7: parse error: …" form. Both count from 1; positions on a line other than
/// the first give `None`.
pub fn parse_error_char(message: &str) -> Option<usize> {
    const MARK: &str = "parse error at char ";
    if let Some(at) = message.find(MARK) {
        let digits: String = message[at + MARK.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        // Prometheus 2.x counts from 1 in this message ("at char 1" is the first character).
        return digits.parse::<usize>().ok().map(|n| n.saturating_sub(1));
    }
    // Prometheus ≥ 2.14 reports `line:col: parse error: …` (1-based column), and the HTTP API
    // prefixes it, e.g. `invalid parameter "query": 1:12: parse error: …`.
    let at = message.find("parse error")?;
    let before = message[..at].trim_end();
    let token = before.rsplit(char::is_whitespace).next()?;
    let token = token.strip_suffix(':')?;
    let (line, col) = token.split_once(':')?;
    if line != "1" {
        // A position on a later line needs the query text to become an offset.
        return None;
    }
    col.parse::<usize>().ok().map(|n| n.saturating_sub(1))
}

/// A short, single-line excerpt of a body for error messages: HTML tags dropped, whitespace
/// collapsed, at most [`BODY_EXCERPT_CHARS`] characters.
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    let mut count = 0;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    out.push(' ');
                    last_space = true;
                    count += 1;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                    count += 1;
                }
            }
            c => {
                out.push(c);
                last_space = false;
                count += 1;
            }
        }
        if count >= BODY_EXCERPT_CHARS {
            out.push('…');
            break;
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_positions() {
        let cases: &[(&str, Option<usize>)] = &[
            (
                "parse error at char 7: unexpected identifier \"by\"",
                Some(6),
            ),
            ("1:7: parse error: unexpected identifier \"by\"", Some(6)),
            ("2:7: parse error: unexpected", None),
            (
                "parse error at char 1: no expression found in input",
                Some(0),
            ),
            (
                "invalid parameter \"query\": 1:12: parse error: unclosed left parenthesis",
                Some(11),
            ),
            ("parse error at line 2, char 3: x", None),
            ("some other error", None),
        ];
        for (msg, want) in cases {
            assert_eq!(parse_error_char(msg), *want, "{msg}");
        }
    }

    #[test]
    fn displays_are_actionable_sentences() {
        let cases: Vec<(PromError, &str)> = vec![
            (
                PromError::Api {
                    error_type: "bad_data".into(),
                    message: "parse error at char 7: unexpected \"}\"".into(),
                    http_status: 400,
                },
                "Prometheus rejected the query: parse error at char 7: unexpected \"}\"",
            ),
            (
                PromError::CorsOrNetwork {
                    url: "http://p:9090".into(),
                },
                "Prometheus at http://p:9090 did not answer or did not allow this origin (CORS)",
            ),
            (PromError::Timeout { after_ms: 30_000 }, "within 30 s"),
            (PromError::Timeout { after_ms: 1_500 }, "within 1.5 s"),
            (PromError::Unauthorized { http_status: 401 }, "HTTP 401"),
            (
                PromError::Http {
                    status: 502,
                    body_excerpt: "Bad Gateway".into(),
                },
                "a proxy in front of Prometheus failed (HTTP 502): Bad Gateway",
            ),
            (
                PromError::Api {
                    error_type: "weird".into(),
                    message: "m".into(),
                    http_status: 500,
                },
                "(weird, HTTP 500): m",
            ),
        ];
        for (err, want) in cases {
            let text = err.to_string();
            assert!(text.contains(want), "{text:?} lacks {want:?}");
        }
    }

    #[test]
    fn excerpts_strip_html() {
        let html = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>";
        assert_eq!(body_excerpt(html), "502 Bad Gateway 502 Bad Gateway nginx");
        let long = vec![b'x'; 1000];
        assert_eq!(body_excerpt(&long).chars().count(), BODY_EXCERPT_CHARS + 1);
        assert_eq!(body_excerpt(b""), "");
    }

    #[test]
    fn transient_classification() {
        assert!(PromError::Http {
            status: 503,
            body_excerpt: String::new()
        }
        .is_transient());
        assert!(!PromError::Api {
            error_type: "bad_data".into(),
            message: String::new(),
            http_status: 400
        }
        .is_transient());
        assert_eq!(
            PromError::Api {
                error_type: "bad_data".into(),
                message: "parse error at char 3: x".into(),
                http_status: 400
            }
            .parse_error_position(),
            Some(2)
        );
    }
}
