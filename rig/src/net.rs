//! Loopback networking helpers: free ports, a minimal blocking HTTP GET, readiness waits.
//!
//! Contract: everything binds or connects to 127.0.0.1 only. `http_get` speaks just enough
//! HTTP/1.1 (`Connection: close`) to read a status and a body from our own services; it is
//! not a general client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::RigError;

/// A port that was free a moment ago on 127.0.0.1 (the OS picked it).
pub fn free_port() -> Result<u16, RigError> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| RigError::io("bind 127.0.0.1:0", e))?;
    let port = listener
        .local_addr()
        .map_err(|e| RigError::io("local_addr", e))?
        .port();
    Ok(port)
}

/// `GET http://{addr}{path}` → (status, body).
pub fn http_get(addr: SocketAddr, path: &str) -> Result<(u16, Vec<u8>), RigError> {
    let timeout = Duration::from_secs(10);
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|e| RigError::io(format!("connect {addr}"), e))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| RigError::io("set_read_timeout", e))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| RigError::io(format!("write to {addr}"), e))?;
    // Read until the response is complete: some servers (chromedriver) keep the connection
    // open despite `Connection: close`, so stop at Content-Length or the last chunk.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        if response_complete(&raw) {
            break;
        }
        let n = stream
            .read(&mut buf)
            .map_err(|e| RigError::io(format!("read from {addr}"), e))?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    parse_response(&raw)
        .ok_or_else(|| RigError::Protocol(format!("malformed HTTP response from {addr}{path}")))
}

/// Whether `raw` holds a whole response (by Content-Length or a final chunk).
fn response_complete(raw: &[u8]) -> bool {
    let Some(head_end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let body = &raw[head_end + 4..];
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    head.contains("transfer-encoding: chunked") && body.ends_with(b"0\r\n\r\n")
}

/// Splits a raw HTTP/1.1 response into status and body (de-chunking if needed).
fn parse_response(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..head_end]).ok()?;
    let status: u16 = head.split_whitespace().nth(1)?.parse().ok()?;
    let body = &raw[head_end + 4..];
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("transfer-encoding:")
            && l.to_ascii_lowercase().contains("chunked")
    });
    if !chunked {
        return Some((status, body.to_vec()));
    }
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some((status, out));
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// Polls `GET path` until it answers 200 or `timeout` passes.
pub fn wait_ready(
    name: &str,
    addr: SocketAddr,
    path: &str,
    timeout: Duration,
) -> Result<(), RigError> {
    let start = Instant::now();
    let mut last = String::from("no answer");
    while start.elapsed() < timeout {
        match http_get(addr, path) {
            Ok((200, _)) => return Ok(()),
            Ok((status, body)) => {
                last = format!("HTTP {status}: {}", String::from_utf8_lossy(&body))
            }
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(RigError::NotReady {
        name: name.to_owned(),
        detail: format!("{addr}{path} after {:?}: {last}", timeout),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_responses() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        assert_eq!(parse_response(plain), Some((200, b"ok".to_vec())));
        let chunked = b"HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked), Some((503, b"abcde".to_vec())));
        assert_eq!(parse_response(b"garbage"), None);
        assert!(response_complete(plain));
        assert!(!response_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok"
        ));
        assert!(response_complete(chunked));
    }

    #[test]
    fn free_port_is_bindable() {
        let port = free_port().unwrap();
        assert!(port > 0);
        TcpListener::bind(("127.0.0.1", port)).unwrap();
    }
}
