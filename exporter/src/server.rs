//! A minimal HTTP/1.1 server for the live metrics (std only, one thread per connection).
//!
//! Contract: binds exactly the address it is given and nothing else. Routes (GET or HEAD):
//! `/metrics` (all stacks), `/metrics/<stack id>`, `/-/healthy`; anything else is 404, other
//! methods 405, an unparsable request 400. Every response closes the connection. The scrape time is
//! the wall clock at the request (unix seconds with sub-second precision). Query strings are
//! ignored. Bind errors are returned; per-connection I/O errors only end that connection.

use crate::expo::render_text;
use crate::model::Stack;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Content type of the Prometheus text format 0.0.4.
pub const TEXT_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The response to a request line's method and path: (status line, content type, body).
pub fn route(
    method: &str,
    path: &str,
    anchor_s: i64,
    t_s: f64,
) -> (&'static str, &'static str, String) {
    let path = path.split('?').next().unwrap_or(path);
    if method != "GET" && method != "HEAD" {
        return (
            "405 Method Not Allowed",
            "text/plain",
            "only GET and HEAD\n".into(),
        );
    }
    match path {
        "/metrics" | "/metrics/" => ("200 OK", TEXT_CONTENT_TYPE, render_text(None, anchor_s, t_s)),
        "/-/healthy" => ("200 OK", "text/plain", "promboard-workload is Healthy.\n".into()),
        _ => match path.strip_prefix("/metrics/").and_then(Stack::from_id) {
            Some(stack) => ("200 OK", TEXT_CONTENT_TYPE, render_text(Some(stack), anchor_s, t_s)),
            None => (
                "404 Not Found",
                "text/plain",
                "not found: try /metrics, /metrics/<anivault|magacin|integration|muejam|spheroseg>, /-/healthy\n".into(),
            ),
        },
    }
}

fn now_s() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn handle(stream: TcpStream, anchor_s: i64) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers (bounded) so the client sees a clean close.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (status, ctype, body) = match (parts.next(), parts.next()) {
        (Some(method), Some(path)) => route(method, path, anchor_s, now_s()),
        _ => ("400 Bad Request", "text/plain", "bad request\n".to_string()),
    };
    let head_only = request_line.starts_with("HEAD ");
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        out.write_all(body.as_bytes())?;
    }
    out.flush()
}

/// Serve forever on `listen` (e.g. `127.0.0.1:9464`); returns only on a bind or accept error.
pub fn serve(listen: &str, anchor_s: i64) -> io::Result<()> {
    let listener = TcpListener::bind(listen)?;
    serve_on(listener, anchor_s)
}

/// Serve forever on an already bound listener.
pub fn serve_on(listener: TcpListener, anchor_s: i64) -> io::Result<()> {
    for stream in listener.incoming() {
        let stream = stream?;
        std::thread::spawn(move || {
            if let Err(e) = handle(stream, anchor_s) {
                eprintln!("promboard-workload: connection error: {e}");
            }
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn routes_answer_the_documented_statuses() {
        let a = 1_700_000_000;
        let t = a as f64 + 100.0;
        let cases = [
            ("GET", "/metrics", "200 OK", Some("anivault_cache_hit_rate")),
            (
                "GET",
                "/metrics/muejam",
                "200 OK",
                Some("db_replication_lag_seconds"),
            ),
            ("GET", "/metrics/muejam?x=1", "200 OK", Some("redis_up")),
            ("HEAD", "/-/healthy", "200 OK", Some("Healthy")),
            ("GET", "/metrics/nope", "404 Not Found", None),
            ("GET", "/", "404 Not Found", None),
            ("POST", "/metrics", "405 Method Not Allowed", None),
        ];
        for (method, path, want, contains) in cases {
            let (status, _, body) = route(method, path, a, t);
            assert_eq!(status, want, "{method} {path}");
            if let Some(c) = contains {
                assert!(body.contains(c), "{method} {path}");
            }
        }
        let (_, _, muejam) = route("GET", "/metrics/muejam", a, t);
        assert!(
            !muejam.contains("anivault_"),
            "a stack endpoint serves only its stack"
        );
    }

    #[test]
    fn serves_a_stack_over_tcp() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve_on(listener, 1_700_000_000));
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /metrics/spheroseg HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(resp.starts_with("HTTP/1.1 200 OK\r\n"), "{resp}");
        assert!(resp.contains(TEXT_CONTENT_TYPE));
        assert!(resp.contains("\n# TYPE spheroseg_ml_queue_size gauge\n"));
    }
}
