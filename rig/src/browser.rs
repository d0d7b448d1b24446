//! Headless Chromium for end-to-end tests and benchmarks: a chromedriver on a free loopback
//! port, and the Chromium flags that work on these machines (see ../shared/DESIGN.md).
//!
//! Contract: `Chromedriver` is killed by PID when dropped; `chrome_capabilities` gives a fresh
//! profile directory per session and never lets Chromium reach the network on its own.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::procs::Proc;
use crate::{net, RigError};

#[derive(Debug)]
pub struct Chromedriver {
    pub url: String,
    pub profile_dir: PathBuf,
    _proc: Proc,
}

impl Chromedriver {
    /// Starts `chromedriver` and waits until it answers `/status`.
    pub fn start(dir: &Path) -> Result<Self, RigError> {
        let port = net::free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        std::fs::create_dir_all(dir)
            .map_err(|e| RigError::io(format!("create {}", dir.display()), e))?;
        let proc = Proc::spawn(
            "chromedriver",
            "chromedriver",
            &[format!("--port={port}"), "--allowed-ips=127.0.0.1".into()],
            dir,
        )?;
        net::wait_ready("chromedriver", addr, "/status", Duration::from_secs(30))?;
        Ok(Self {
            url: format!("http://{addr}"),
            profile_dir: dir.join("profile"),
            _proc: proc,
        })
    }

    /// W3C capabilities for headless Chromium at `width`×`height` CSS px.
    pub fn chrome_capabilities(
        &self,
        width: u32,
        height: u32,
    ) -> serde_json::Map<String, serde_json::Value> {
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", self.profile_dir.display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        caps.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({ "browser": "ALL" }),
        );
        caps
    }
}
