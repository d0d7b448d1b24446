//! VictoriaMetrics with the rig's deterministic history, for compatibility tests.
//!
//! Contract: `Victoria::start` runs Debian's `victoria-metrics` on a free 127.0.0.1 port with
//! its storage in `dir/victoria`, imports the workload model's history for `[start_s, end_s]`
//! on the `SCRAPE_S` grid — the very lines the Prometheus rig backfills (same series, `job` =
//! stack id, `instance`, same values), converted to the Prometheus text format with millisecond
//! timestamps and POSTed to `/api/v1/import/prometheus` in chunks — forces a flush and waits
//! until a known series answers an instant query at `end_s`. Dropping it kills the process by
//! its PID (like [`crate::procs::Proc`]); the directory belongs to the caller.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use promboard_workload as workload;

use crate::procs::Proc;
use crate::{net, RigError, SCRAPE_S};

/// Bytes of Prometheus text per import request.
const CHUNK_BYTES: usize = 8 << 20;

/// A running VictoriaMetrics holding the deterministic history.
#[derive(Debug)]
pub struct Victoria {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Samples imported.
    pub samples: usize,
    proc: Proc,
}

impl Victoria {
    /// Starts VictoriaMetrics under `dir` and imports the model's history (see the module doc).
    pub fn start(
        dir: &Path,
        anchor_s: i64,
        start_s: i64,
        end_s: i64,
        instance: &str,
    ) -> Result<Self, RigError> {
        let data_dir = dir.join("victoria");
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| RigError::io(format!("create {}", data_dir.display()), e))?;
        let addr = SocketAddr::from(([127, 0, 0, 1], net::free_port()?));
        let mut proc = Proc::spawn(
            "victoria-metrics",
            "victoria-metrics",
            &[
                format!("-httpListenAddr={addr}"),
                format!("-storageDataPath={}", data_dir.display()),
                "-retentionPeriod=100y".into(),
                // History is written after start-up; never answer from a stale cache.
                "-search.disableCache".into(),
            ],
            dir,
        )?;
        if let Err(e) =
            net::wait_ready("victoria-metrics", addr, "/health", Duration::from_secs(30))
        {
            let tail = proc.log_tail();
            proc.stop();
            return Err(RigError::Command(format!(
                "{e}\nvictoria-metrics log:\n{tail}"
            )));
        }
        let mut import = Importer::new(addr);
        workload::write_openmetrics(
            &mut import,
            anchor_s,
            start_s as f64,
            end_s as f64,
            SCRAPE_S as f64,
            instance,
        )
        .map_err(|e| RigError::io("import history into victoria-metrics", e))?;
        let samples = import.finish().map_err(|e| {
            RigError::io(
                format!(
                    "import history into victoria-metrics\nlog:\n{}",
                    proc.log_tail()
                ),
                e,
            )
        })?;
        let victoria = Self {
            addr,
            data_dir,
            samples,
            proc,
        };
        victoria.wait_searchable(end_s, Duration::from_secs(60))?;
        Ok(victoria)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// PID of the process (for messages).
    pub fn pid(&self) -> Option<u32> {
        self.proc.pid()
    }

    /// Forces a flush, then polls an instant query of `cc_pair_active_syncs` at `end_s` until it
    /// returns a series.
    fn wait_searchable(&self, end_s: i64, timeout: Duration) -> Result<(), RigError> {
        let start = Instant::now();
        let path = format!("/api/v1/query?query=cc_pair_active_syncs&time={end_s}");
        let mut last = String::from("no answer");
        while start.elapsed() < timeout {
            let _ = net::http_get(self.addr, "/internal/force_flush");
            match net::http_get(self.addr, &path) {
                Ok((200, body)) => {
                    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                    if v["data"]["result"]
                        .as_array()
                        .is_some_and(|r| !r.is_empty())
                    {
                        return Ok(());
                    }
                    last = String::from_utf8_lossy(&body).into_owned();
                }
                Ok((status, body)) => {
                    last = format!("HTTP {status}: {}", String::from_utf8_lossy(&body))
                }
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(RigError::NotReady {
            name: "victoria-metrics history".into(),
            detail: format!(
                "{path} after {timeout:?}: {last}\nlog:\n{}",
                self.proc.log_tail()
            ),
        })
    }
}

/// Converts OpenMetrics sample lines (`name{labels} value seconds`) to the Prometheus text
/// format with millisecond timestamps; `#` lines are dropped.
pub fn openmetrics_line_to_prometheus(line: &str, out: &mut String) -> Result<(), String> {
    let line = line.trim_end_matches('\r');
    if line.is_empty() || line.starts_with('#') {
        return Ok(());
    }
    let (head, ts) = line
        .rsplit_once(' ')
        .ok_or_else(|| format!("sample line without a timestamp: {line}"))?;
    let seconds: f64 = ts
        .parse()
        .map_err(|_| format!("bad timestamp {ts:?} in: {line}"))?;
    out.push_str(head);
    out.push(' ');
    out.push_str(&format!("{}", (seconds * 1000.0).round() as i64));
    out.push('\n');
    Ok(())
}

/// A `Write` sink that converts OpenMetrics to Prometheus text and POSTs it in chunks.
struct Importer {
    addr: SocketAddr,
    pending: Vec<u8>,
    body: String,
    samples: usize,
}

impl Importer {
    fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            pending: Vec::new(),
            body: String::with_capacity(CHUNK_BYTES + (1 << 16)),
            samples: 0,
        }
    }

    fn convert_complete_lines(&mut self) -> std::io::Result<()> {
        let Some(last_nl) = self.pending.iter().rposition(|b| *b == b'\n') else {
            return Ok(());
        };
        let rest = self.pending.split_off(last_nl + 1);
        let done = std::mem::replace(&mut self.pending, rest);
        let text = std::str::from_utf8(&done)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        for line in text.lines() {
            let before = self.body.len();
            openmetrics_line_to_prometheus(line, &mut self.body)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            if self.body.len() > before {
                self.samples += 1;
            }
        }
        if self.body.len() >= CHUNK_BYTES {
            self.post()?;
        }
        Ok(())
    }

    fn post(&mut self) -> std::io::Result<()> {
        if self.body.is_empty() {
            return Ok(());
        }
        let (status, reply) = http_post(self.addr, "/api/v1/import/prometheus", &self.body)?;
        if !(200..300).contains(&status) {
            return Err(std::io::Error::other(format!(
                "POST /api/v1/import/prometheus: HTTP {status}: {}",
                String::from_utf8_lossy(&reply)
            )));
        }
        self.body.clear();
        Ok(())
    }

    /// Converts and sends what is left; returns the number of samples sent.
    fn finish(mut self) -> std::io::Result<usize> {
        self.pending.push(b'\n');
        self.convert_complete_lines()?;
        self.post()?;
        Ok(self.samples)
    }
}

impl Write for Importer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= 1 << 20 {
            self.convert_complete_lines()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `POST http://{addr}{path}` with a text body → (status, body). `Connection: close`; reads
/// until the server closes.
fn http_post(addr: SocketAddr, path: &str, body: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let status = std::str::from_utf8(&raw[..head_end])
        .ok()
        .and_then(|h| h.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("malformed HTTP response from {addr}{path}"),
            )
        })?;
    let reply = raw.get(head_end + 4..).unwrap_or_default().to_vec();
    Ok((status, reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_openmetrics_lines_to_millisecond_text() {
        let cases = [
            ("# TYPE foo counter", ""),
            ("", ""),
            (
                "foo_total{job=\"a\",x=\"b c\"} 12.5 1767225600",
                "foo_total{job=\"a\",x=\"b c\"} 12.5 1767225600000\n",
            ),
            ("bar NaN 1767225615\r", "bar NaN 1767225615000\n"),
            (
                "h_bucket{le=\"+Inf\"} 3 1.5",
                "h_bucket{le=\"+Inf\"} 3 1500\n",
            ),
        ];
        for (line, want) in cases {
            let mut out = String::new();
            openmetrics_line_to_prometheus(line, &mut out).unwrap();
            assert_eq!(out, want, "{line}");
        }
        let mut out = String::new();
        assert!(openmetrics_line_to_prometheus("lonely", &mut out).is_err());
        assert!(openmetrics_line_to_prometheus("a 1 notatime", &mut out).is_err());
    }

    /// Full start/import/query against the real binary (skips when it is not installed).
    #[test]
    fn imports_the_model_and_answers_an_exact_value() {
        if std::process::Command::new("victoria-metrics")
            .arg("-version")
            .output()
            .is_err()
        {
            eprintln!("victoria-metrics not installed; skipping");
            return;
        }
        let dir = std::env::temp_dir().join(format!("promboard-vm-test-{}", std::process::id()));
        let end = crate::FIXED_END_S;
        let anchor = end - crate::HISTORY_H * 3600;
        let t0 = Instant::now();
        let vm = Victoria::start(&dir, anchor, end - 2 * 3600, end, "127.0.0.1:1").unwrap();
        eprintln!("imported {} samples in {:?}", vm.samples, t0.elapsed());
        let (status, body) = net::http_get(
            vm.addr,
            &format!("/api/v1/query?query=sum(cc_pair_active_syncs)&time={end}"),
        )
        .unwrap();
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let got: f64 = v["data"]["result"][0]["value"][1]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let want = workload::lookup(
            Some(workload::Stack::Integration),
            anchor,
            end as f64,
            "cc_pair_active_syncs",
            &[],
        )
        .unwrap();
        assert_eq!(got, want);
        drop(vm);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
