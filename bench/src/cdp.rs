//! Chrome DevTools Protocol commands through chromedriver's `goog/cdp/execute` endpoint, so
//! the suite can clear the cache, force a GC, read heap and DOM counters, task durations and
//! CPU profiles of the page fantoccini drives.
//!
//! Contract: `cdp` sends one command to the current tab and returns its result object, or the
//! error text chromedriver gave.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::Value;

#[derive(Debug)]
struct CdpExecute {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpExecute {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs CDP command `cmd` with `params` in the current tab.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value, String> {
    client
        .issue_cmd(CdpExecute {
            cmd: cmd.to_owned(),
            params,
        })
        .await
        .map_err(|e| format!("CDP {cmd}: {e}"))
}
