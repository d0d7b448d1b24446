//! A fault-injecting HTTP proxy on loopback, in front of the rig's real Prometheus (or
//! Alertmanager), for the end-to-end fault matrix.
//!
//! Contract: `FaultProxy::start(upstream)` binds 127.0.0.1 on a free port and answers each
//! connection on its own thread with `Connection: close` (like `http.rs`). A request is
//! matched against the plan's rules, first match wins; a rule matches when its substring
//! occurs in the request's path or in any of its decoded parameters (URL query string or
//! form body), so one panel's PromQL can fail while every other request passes through to the
//! real upstream untouched (status, headers and body as the upstream sent them; only hop-by-hop
//! headers are replaced). The plan can be changed at any time from the test
//! (`inject` / `clear`); a request already hanging or sleeping is not affected.
//!
//! Synthesised answers carry the CORS headers Prometheus sends with its default
//! `--web.cors.origin=.*` (`Access-Control-Allow-Origin: *` when the request has an `Origin`),
//! so the browser can read them; only [`Fault::NoCors`] withholds them. Every request is
//! logged with the fault applied to it ([`FaultProxy::seen`]), so a test can prove its fault was
//! really hit. The proxy never binds outside loopback and stops accepting when dropped;
//! hanging connections end when the client gives up or the proxy is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::RigError;

/// What the proxy does to a matching request.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Forward untouched (a rule that exempts requests from later rules).
    Pass,
    /// Read the request, then close the connection without a byte of answer (a crashed or
    /// unreachable server, as far as the browser can tell).
    Close,
    /// Answer `status` with a plain-text body (a proxy's 500, 401, 403 …).
    Status { status: u16, body: String },
    /// Answer `status` with Prometheus' own error envelope.
    PromError {
        status: u16,
        error_type: String,
        message: String,
    },
    /// Never answer; the connection stays open until the client gives up.
    Hang,
    /// Wait this long, then forward.
    Delay(Duration),
    /// Forward, then cut the real body after this many bytes (declared length = cut length,
    /// so the client receives a complete but truncated JSON document).
    Truncate(usize),
    /// 200 with a body that is not valid JSON.
    Garbage,
    /// Forward, then add these `warnings` to the real (successful) envelope.
    Warnings(Vec<String>),
    /// Forward, then rewrite sample values: counting from each series' LAST sample, sample k
    /// gets `pattern[k % len]` (`None` keeps the real value). E.g. `["+Inf", None, "NaN"]`.
    SpecialValues(Vec<Option<String>>),
    /// Answer a successful result of this many series (2 samples each for a range query, one
    /// for an instant query), synthesised from the request's own parameters.
    ManySeries(usize),
    /// Forward, but drop every `Access-Control-*` header (a server that does not allow this
    /// origin).
    NoCors,
}

impl Fault {
    /// A short name for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Pass => "pass",
            Fault::Close => "close",
            Fault::Status { .. } => "status",
            Fault::PromError { .. } => "prom-error",
            Fault::Hang => "hang",
            Fault::Delay(_) => "delay",
            Fault::Truncate(_) => "truncate",
            Fault::Garbage => "garbage",
            Fault::Warnings(_) => "warnings",
            Fault::SpecialValues(_) => "special-values",
            Fault::ManySeries(_) => "many-series",
            Fault::NoCors => "no-cors",
        }
    }
}

/// One rule: requests whose path or decoded parameters contain `matching` (all requests when
/// `None`) get `fault`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub matching: Option<String>,
    pub fault: Fault,
}

/// The proxy's current rules, first match wins; no rule = forward.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultPlan {
    pub rules: Vec<Rule>,
}

impl FaultPlan {
    /// The fault for a request whose match text is `text`.
    pub fn fault_for(&self, text: &str) -> Option<&Fault> {
        self.rules
            .iter()
            .find(|r| r.matching.as_deref().is_none_or(|m| text.contains(m)))
            .map(|r| &r.fault)
    }
}

/// One request the proxy saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The decoded `query` parameter, if any.
    pub query: Option<String>,
    /// [`Fault::name`] of what was applied, `"forward"` when no rule matched.
    pub fault: &'static str,
}

/// A running proxy; stops accepting when dropped.
pub struct FaultProxy {
    pub addr: SocketAddr,
    pub upstream: SocketAddr,
    plan: Arc<Mutex<FaultPlan>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FaultProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultProxy")
            .field("addr", &self.addr)
            .field("upstream", &self.upstream)
            .finish()
    }
}

/// Longest request head or body the proxy reads.
const MAX_REQUEST: usize = 1 << 20;
/// How long an upstream may take to answer a forwarded request.
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(120);

impl FaultProxy {
    /// Starts a proxy on a free loopback port in front of `upstream`.
    pub fn start(upstream: SocketAddr) -> Result<Self, RigError> {
        if !upstream.ip().is_loopback() {
            return Err(RigError::Protocol(format!(
                "refusing to proxy to non-loopback {upstream}"
            )));
        }
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|e| RigError::io("bind 127.0.0.1:0 for the fault proxy", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| RigError::io("local_addr", e))?;
        let plan = Arc::new(Mutex::new(FaultPlan::default()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (plan, seen, stop) = (Arc::clone(&plan), Arc::clone(&seen), Arc::clone(&stop));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let ctx = Ctx {
                        upstream,
                        plan: Arc::clone(&plan),
                        seen: Arc::clone(&seen),
                        stop: Arc::clone(&stop),
                    };
                    std::thread::spawn(move || {
                        let _ = serve(stream, &ctx);
                    });
                }
            })
        };
        Ok(Self {
            addr,
            upstream,
            plan,
            seen,
            stop,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:PORT`, to put in a datasource's `url`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The shared plan, for tests that edit rules directly.
    pub fn plan(&self) -> Arc<Mutex<FaultPlan>> {
        Arc::clone(&self.plan)
    }

    /// Replaces the plan with one rule: `fault` for requests matching `matching` (all when
    /// `None`).
    pub fn inject(&self, matching: Option<&str>, fault: Fault) {
        let mut plan = self.plan.lock().unwrap_or_else(PoisonError::into_inner);
        plan.rules = vec![Rule {
            matching: matching.map(str::to_owned),
            fault,
        }];
    }

    /// Removes every rule: all requests pass through.
    pub fn clear(&self) {
        let mut plan = self.plan.lock().unwrap_or_else(PoisonError::into_inner);
        plan.rules.clear();
    }

    /// Every request seen so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many requests got the fault named `fault` (see [`Fault::name`]).
    pub fn hits(&self, fault: &str) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|s| s.fault == fault)
            .count()
    }

    /// Stops accepting and joins the acceptor; hanging connections end too.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Ctx {
    upstream: SocketAddr,
    plan: Arc<Mutex<FaultPlan>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

/// A request as read from the client.
struct Request {
    method: String,
    target: String,
    /// Header lines as sent (name, value).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// Decoded parameters from the query string and a form body.
    fn params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some((_, q)) = self.target.split_once('?') {
            out.extend(parse_form(q));
        }
        let form = self
            .header("content-type")
            .is_some_and(|c| c.contains("application/x-www-form-urlencoded"));
        if form {
            out.extend(parse_form(&String::from_utf8_lossy(&self.body)));
        }
        out
    }

    fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// What rules match against: the path and every decoded parameter value, one per line.
    fn match_text(&self) -> String {
        let mut text = self.path().to_owned();
        for (_, v) in self.params() {
            text.push('\n');
            text.push_str(&v);
        }
        text
    }
}

/// `a=1&b=x%20y+z` → pairs, percent- and plus-decoded.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None); // a speculative connection that never sent anything
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (method, target) = (method.to_owned(), target.to_owned());
    let mut headers = Vec::new();
    let mut head_bytes = line.len();
    loop {
        let mut h = String::new();
        let n = reader.read_line(&mut h)?;
        head_bytes += n;
        if n == 0 || h == "\r\n" || h == "\n" || head_bytes > MAX_REQUEST {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        target,
        headers,
        body,
    }))
}

/// An answer to write back.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn serve(stream: TcpStream, ctx: &Ctx) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let Some(req) = read_request(&stream)? else {
        return Ok(());
    };
    let fault = ctx
        .plan
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .fault_for(&req.match_text())
        .cloned();
    if let Ok(mut seen) = ctx.seen.lock() {
        seen.push(Seen {
            method: req.method.clone(),
            path: req.path().to_owned(),
            query: req.param("query"),
            fault: fault.as_ref().map_or("forward", Fault::name),
        });
    }
    let answer = match fault {
        None | Some(Fault::Pass) => forward(&req, ctx.upstream)?,
        Some(Fault::Close) => return Ok(()),
        Some(Fault::Hang) => {
            hang(&stream, &ctx.stop);
            return Ok(());
        }
        Some(Fault::Delay(d)) => {
            let until = Instant::now() + d;
            while Instant::now() < until {
                if ctx.stop.load(Ordering::SeqCst) {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            forward(&req, ctx.upstream)?
        }
        Some(Fault::Status { status, body }) => {
            synthetic(&req, status, "text/plain; charset=utf-8", body.into_bytes())
        }
        Some(Fault::PromError {
            status,
            error_type,
            message,
        }) => synthetic(
            &req,
            status,
            "application/json",
            serde_json::json!({"status": "error", "errorType": error_type, "error": message})
                .to_string()
                .into_bytes(),
        ),
        Some(Fault::Garbage) => synthetic(
            &req,
            200,
            "application/json",
            br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{]]}"#
                .to_vec(),
        ),
        Some(Fault::ManySeries(n)) => synthetic(
            &req,
            200,
            "application/json",
            many_series(&req, n).into_bytes(),
        ),
        Some(Fault::Truncate(at)) => {
            let mut a = forward(&req, ctx.upstream)?;
            a.body.truncate(at);
            a
        }
        Some(Fault::Warnings(w)) => {
            let mut a = forward(&req, ctx.upstream)?;
            a.body = rewrite_json(&a.body, |v| {
                v["warnings"] = Value::from(w.clone());
            });
            a
        }
        Some(Fault::SpecialValues(pattern)) => {
            let mut a = forward(&req, ctx.upstream)?;
            a.body = rewrite_json(&a.body, |v| special_values(v, &pattern));
            a
        }
        Some(Fault::NoCors) => {
            let mut a = forward(&req, ctx.upstream)?;
            a.headers
                .retain(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-"));
            a
        }
    };
    write_answer(stream, &req, &answer)
}

/// Holds the connection open without answering until the client closes it or the proxy stops.
fn hang(stream: &TcpStream, stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buf = [0u8; 512];
    let mut s = stream;
    while !stop.load(Ordering::SeqCst) {
        match s.read(&mut buf) {
            Ok(0) => return, // the client gave up
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

/// The CORS headers Prometheus sets with its default `--web.cors.origin=.*`.
fn cors_headers(req: &Request) -> Vec<(String, String)> {
    if req.header("origin").is_none() {
        return Vec::new();
    }
    [
        ("Access-Control-Allow-Origin", "*"),
        (
            "Access-Control-Allow-Headers",
            "Accept, Authorization, Content-Type, Origin",
        ),
        ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
        ("Access-Control-Expose-Headers", "Date"),
        ("Vary", "Origin"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn synthetic(req: &Request, status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    let mut headers = cors_headers(req);
    headers.push(("Content-Type".into(), content_type.into()));
    Answer {
        status,
        headers,
        body,
    }
}

const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "accept-encoding",
    "upgrade",
    "te",
];

/// Sends `req` to `upstream` (uncompressed, `Connection: close`) and reads the whole answer.
fn forward(req: &Request, upstream: SocketAddr) -> std::io::Result<Answer> {
    let mut up = TcpStream::connect_timeout(&upstream, Duration::from_secs(5))?;
    up.set_read_timeout(Some(UPSTREAM_TIMEOUT))?;
    let mut head = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
    for (k, v) in &req.headers {
        if !HOP_BY_HOP.contains(&k.to_ascii_lowercase().as_str()) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        req.body.len()
    ));
    up.write_all(head.as_bytes())?;
    up.write_all(&req.body)?;
    up.flush()?;
    let mut raw = Vec::new();
    up.read_to_end(&mut raw)?;
    parse_answer(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("malformed answer from {upstream}"),
        )
    })
}

/// A raw HTTP/1.1 response → status, end-to-end headers and the (de-chunked) body.
fn parse_answer(raw: &[u8]) -> Option<Answer> {
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let mut headers = Vec::new();
    let mut chunked = false;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
        {
            chunked = true;
        }
        if !HOP_BY_HOP.contains(&k.to_ascii_lowercase().as_str()) {
            headers.push((k.to_owned(), v.to_owned()));
        }
    }
    let rest = &raw[head_end + 4..];
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Some(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_answer(mut stream: TcpStream, req: &Request, a: &Answer) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", a.status, reason(a.status));
    for (k, v) in &a.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        a.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if req.method != "HEAD" {
        stream.write_all(&a.body)?;
    }
    stream.flush()
}

/// Parses `body` as JSON, lets `edit` change it and serialises it again; a body that is not
/// JSON is returned unchanged.
fn rewrite_json(body: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut v) => {
            edit(&mut v);
            serde_json::to_vec(&v).unwrap_or_else(|_| body.to_vec())
        }
        Err(_) => body.to_vec(),
    }
}

/// Rewrites the sample values of a query response (see [`Fault::SpecialValues`]).
pub fn special_values(v: &mut Value, pattern: &[Option<String>]) {
    if pattern.is_empty() {
        return;
    }
    let Some(result) = v
        .get_mut("data")
        .and_then(|d| d.get_mut("result"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for series in result {
        let samples: Vec<&mut Value> =
            if let Some(values) = series.get_mut("values").and_then(Value::as_array_mut) {
                values.iter_mut().collect()
            } else if let Some(value) = series.get_mut("value") {
                vec![value]
            } else {
                continue;
            };
        let n = samples.len();
        for (i, sample) in samples.into_iter().enumerate() {
            let k = n - 1 - i;
            if let Some(Some(text)) = pattern.get(k % pattern.len()) {
                if let Some(slot) = sample.get_mut(1) {
                    *slot = Value::String(text.clone());
                }
            }
        }
    }
}

/// A successful answer with `n` series `promboard_fault_series{series="i"}`: a matrix with
/// samples at `start` and `end` for `query_range`, else a vector at `time` (or `end`).
pub fn many_series(req_path_and_params: &impl SeriesRequest, n: usize) -> String {
    let range = req_path_and_params.path_str().ends_with("query_range");
    let num = |name: &str| {
        req_path_and_params
            .param_str(name)
            .and_then(|v| v.parse::<f64>().ok())
    };
    let end = num("end")
        .or_else(|| num("time"))
        .unwrap_or(1_767_225_600.0);
    let start = num("start").unwrap_or(end - 3600.0);
    let mut out = String::with_capacity(n * 110 + 100);
    out.push_str(r#"{"status":"success","data":{"resultType":""#);
    out.push_str(if range { "matrix" } else { "vector" });
    out.push_str(r#"","result":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let v = i % 100;
        if range {
            out.push_str(&format!(
                r#"{{"metric":{{"__name__":"promboard_fault_series","series":"{i}"}},"values":[[{start},"{v}"],[{end},"{v}"]]}}"#
            ));
        } else {
            out.push_str(&format!(
                r#"{{"metric":{{"__name__":"promboard_fault_series","series":"{i}"}},"value":[{end},"{v}"]}}"#
            ));
        }
    }
    out.push_str("]}}");
    out
}

/// What [`many_series`] needs to know about a request.
pub trait SeriesRequest {
    fn path_str(&self) -> &str;
    fn param_str(&self, name: &str) -> Option<String>;
}

impl SeriesRequest for Request {
    fn path_str(&self) -> &str {
        self.path()
    }
    fn param_str(&self, name: &str) -> Option<String> {
        self.param(name)
    }
}

/// A request described by its path and decoded parameters (for tests of [`many_series`]).
impl SeriesRequest for (&str, &[(&str, &str)]) {
    fn path_str(&self) -> &str {
        self.0
    }
    fn param_str(&self, name: &str) -> Option<String> {
        self.1
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}
