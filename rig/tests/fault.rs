//! The fault-injecting proxy (`promboard_rig::fault`) against a small upstream on loopback:
//! each fault does what it says, scoping by query substring leaves other requests untouched,
//! the plan changes at run time, and CORS headers are present unless withheld.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests fail loudly

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use promboard_core::prom::decode::decode_query;
use promboard_core::prom::error::PromError;
use promboard_core::prom::types::QueryData;
use promboard_rig::fault::{parse_form, Fault, FaultProxy, Rule};
use promboard_rig::{HttpServer, Reply};

const BODY: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"a"},"values":[[1767225540,"1"],[1767225555,"2"],[1767225570,"3"],[1767225585,"4"]]}]}}"#;

/// An upstream answering every GET with `BODY` and Prometheus' CORS header.
fn upstream() -> HttpServer {
    HttpServer::start(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        vec![("Access-Control-Allow-Origin".into(), "*".into())],
        Arc::new(|_url: &str| Reply::ok("application/json", BODY.as_bytes().to_vec())),
    )
    .unwrap()
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One raw HTTP/1.1 exchange; `Err` when the connection closed without an answer.
fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    form: Option<&str>,
    timeout: Duration,
) -> Result<Answer, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(timeout)).unwrap();
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://127.0.0.1:1\r\nConnection: close\r\n"
    );
    if let Some(f) = form {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            f.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(form.unwrap_or(""));
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    if raw.is_empty() {
        return Err("closed without an answer".into());
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no head")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(Answer {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}

fn get(proxy: &FaultProxy, query: &str) -> Result<Answer, String> {
    let target = format!(
        "/api/v1/query_range?query={}&start=1767222000&end=1767225600&step=15",
        query
            .replace(' ', "+")
            .replace('{', "%7B")
            .replace('}', "%7D")
    );
    send(proxy.addr, "GET", &target, None, Duration::from_secs(10))
}

fn values(a: &Answer) -> Vec<f64> {
    let r = decode_query(a.status, &a.body).unwrap();
    let QueryData::Series(s) = r.data else {
        panic!("not series")
    };
    s[0].values.clone()
}

#[test]
fn forwards_untouched_without_rules_and_scopes_faults_by_query() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();
    let a = get(&proxy, "up").unwrap();
    assert_eq!(a.status, 200);
    assert_eq!(a.body, BODY.as_bytes());
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));

    proxy.inject(
        Some("rate(errors_total"),
        Fault::Status {
            status: 500,
            body: "boom".into(),
        },
    );
    let hit = get(&proxy, "sum by (x) (rate(errors_total{job=\"a\"}[5m]))").unwrap();
    assert_eq!((hit.status, hit.body.as_slice()), (500, b"boom".as_slice()));
    // A synthesised answer still carries CORS, or the browser could not read it.
    assert_eq!(hit.header("access-control-allow-origin"), Some("*"));
    let other = get(&proxy, "up").unwrap();
    assert_eq!(
        (other.status, other.body.as_slice()),
        (200, BODY.as_bytes())
    );

    // The same match in a POST form body.
    let form = "query=rate%28errors_total%5B5m%5D%29&start=1&end=2&step=1";
    let posted = send(
        proxy.addr,
        "POST",
        "/api/v1/query_range",
        Some(form),
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(posted.status, 500);

    let seen = proxy.seen();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[1].fault, "status");
    assert_eq!(seen[2].fault, "forward");
    assert_eq!(seen[3].query.as_deref(), Some("rate(errors_total[5m])"));
    assert_eq!(proxy.hits("status"), 2);

    proxy.clear();
    assert_eq!(
        get(&proxy, "rate(errors_total[5m])").unwrap().status,
        200,
        "cleared at run time"
    );
}

#[test]
fn prometheus_error_bodies_decode_to_their_sentences() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();
    let cases: Vec<(u16, &str, &str)> = vec![
        (503, "timeout", "The query timed out in Prometheus"),
        (400, "bad_data", "Prometheus rejected the query"),
        (422, "execution", "Prometheus could not execute the query"),
    ];
    for (status, error_type, sentence) in cases {
        proxy.inject(
            None,
            Fault::PromError {
                status,
                error_type: error_type.into(),
                message: "injected".into(),
            },
        );
        let a = get(&proxy, "up").unwrap();
        assert_eq!(a.status, status);
        let e = decode_query(a.status, &a.body).unwrap_err();
        assert!(e.to_string().contains(sentence), "{e}");
    }
    for status in [401, 403] {
        proxy.inject(
            None,
            Fault::Status {
                status,
                body: "no".into(),
            },
        );
        let a = get(&proxy, "up").unwrap();
        assert_eq!(
            decode_query(a.status, &a.body).unwrap_err(),
            PromError::Unauthorized {
                http_status: status
            }
        );
    }
}

#[test]
fn close_hang_and_delay() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();
    proxy.inject(None, Fault::Close);
    assert!(get(&proxy, "up").is_err());

    proxy.inject(None, Fault::Hang);
    let started = Instant::now();
    let hung = send(
        proxy.addr,
        "GET",
        "/api/v1/query?query=up",
        None,
        Duration::from_millis(700),
    );
    assert!(hung.is_err(), "a hanging request answered");
    assert!(started.elapsed() >= Duration::from_millis(650));

    proxy.inject(Some("slow"), Fault::Delay(Duration::from_millis(800)));
    let started = Instant::now();
    let slow = get(&proxy, "slow_metric").unwrap();
    assert!(started.elapsed() >= Duration::from_millis(800));
    assert_eq!(slow.body, BODY.as_bytes());
    let started = Instant::now();
    get(&proxy, "fast").unwrap();
    assert!(started.elapsed() < Duration::from_millis(800));
}

#[test]
fn body_faults_truncate_garbage_warnings_and_values() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();

    proxy.inject(None, Fault::Truncate(40));
    let a = get(&proxy, "up").unwrap();
    assert_eq!(a.body, &BODY.as_bytes()[..40]);
    let e = decode_query(a.status, &a.body).unwrap_err();
    assert!(e.to_string().contains("ended early"), "{e}");

    proxy.inject(None, Fault::Garbage);
    let a = get(&proxy, "up").unwrap();
    assert!(matches!(
        decode_query(a.status, &a.body),
        Err(PromError::Decode { .. })
    ));

    proxy.inject(None, Fault::Warnings(vec!["injected warning".into()]));
    let a = get(&proxy, "up").unwrap();
    let r = decode_query(a.status, &a.body).unwrap();
    assert_eq!(r.warnings, ["injected warning"]);

    proxy.inject(
        None,
        Fault::SpecialValues(vec![
            Some("+Inf".into()),
            Some("NaN".into()),
            None,
            Some("-Inf".into()),
        ]),
    );
    let v = values(&get(&proxy, "up").unwrap());
    assert_eq!(v[3], f64::INFINITY);
    assert!(v[2].is_nan());
    assert_eq!(v[1], 2.0);
    assert_eq!(v[0], f64::NEG_INFINITY);
}

#[test]
fn many_series_and_no_cors() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();
    proxy.inject(Some("big"), Fault::ManySeries(100_000));
    let a = get(&proxy, "big").unwrap();
    let r = decode_query(a.status, &a.body).unwrap();
    let QueryData::Series(s) = r.data else {
        panic!("not series")
    };
    assert_eq!(s.len(), 100_000);
    assert_eq!(s[7].t_ms, vec![1_767_222_000_000, 1_767_225_600_000]);
    assert_eq!(s[7].values, vec![7.0, 7.0]);
    let instant = send(
        proxy.addr,
        "GET",
        "/api/v1/query?query=big&time=100",
        None,
        Duration::from_secs(10),
    )
    .unwrap();
    let r = decode_query(instant.status, &instant.body).unwrap();
    assert!(
        matches!(r.data, QueryData::Series(ref s) if s.len() == 100_000 && s[0].t_ms == [100_000])
    );

    proxy.inject(None, Fault::NoCors);
    let a = get(&proxy, "up").unwrap();
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), None);
}

#[test]
fn first_matching_rule_wins_and_forms_decode() {
    let up = upstream();
    let proxy = FaultProxy::start(up.addr).unwrap();
    {
        let plan = proxy.plan();
        let mut plan = plan.lock().unwrap();
        plan.rules = vec![
            Rule {
                matching: Some("keep".into()),
                fault: Fault::Pass,
            },
            Rule {
                matching: None,
                fault: Fault::Close,
            },
        ];
    }
    assert_eq!(get(&proxy, "keep_me").unwrap().status, 200);
    assert!(get(&proxy, "other").is_err());
    assert_eq!(
        parse_form("query=a%2Bb+c&x=&bad=%zz"),
        vec![
            ("query".to_owned(), "a+b c".to_owned()),
            ("x".to_owned(), String::new()),
            ("bad".to_owned(), "%zz".to_owned()),
        ]
    );
    assert!(FaultProxy::start("10.0.0.1:9090".parse().unwrap()).is_err());
}
