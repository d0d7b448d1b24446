//! `config.json`: what an operator sets without rebuilding (datasources, Alertmanager, the
//! dashboards to list, defaults).
//!
//! Contract: `parse_config` never panics; a malformed file gives a `ConfigError` whose text
//! names the field (or line and column) so the operator can fix it. Exactly one datasource is
//! the default: the one marked `default`, else the first. Header values are secrets: they are
//! never part of `Debug` output, URLs or error texts.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AppConfig {
    pub datasources: Vec<Datasource>,
    #[serde(default)]
    pub alertmanager: Option<AlertmanagerConfig>,
    /// Dashboard files, relative to the site root (`dashboards/x.json`).
    #[serde(default)]
    pub dashboards: Vec<String>,
    /// Rule files for the backtest, relative to the site root.
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub defaults: Defaults,
}

#[derive(Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Datasource {
    pub name: String,
    /// Grafana-style uid, so imported dashboards that name it resolve.
    #[serde(default)]
    pub uid: Option<String>,
    /// Base URL of the Prometheus HTTP API (`https://prom.example.com`, `/prometheus`).
    pub url: String,
    #[serde(default)]
    pub default: bool,
    /// Extra request headers, e.g. `Authorization`. Secret: never logged or shown.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Scrape interval of the datasource in seconds (for `$__rate_interval`); default 15.
    #[serde(default)]
    pub scrape_interval_s: Option<u32>,
    /// Per-request timeout in seconds; default 30.
    #[serde(default)]
    pub timeout_s: Option<u32>,
}

impl fmt::Debug for Datasource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Datasource")
            .field("name", &self.name)
            .field("uid", &self.uid)
            // `user:password@` in the URL is a secret too.
            .field("url", &crate::export::strip_userinfo(&self.url))
            .field("default", &self.default)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Datasource {
    pub fn scrape_interval_ms(&self) -> i64 {
        i64::from(self.scrape_interval_s.unwrap_or(15)) * 1000
    }
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_s.unwrap_or(30).saturating_mul(1000)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertmanagerConfig {
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Defaults {
    /// `dark`, `light` or `system`.
    pub theme: String,
    /// Refresh interval when a dashboard sets none (`""` = off).
    pub refresh: String,
    pub from: String,
    pub to: String,
    /// `browser` or `utc`.
    pub timezone: String,
    /// Requests in flight at most (default 20, Prometheus' default `--query.max-concurrency`;
    /// above the browser's 6 per host, so the browser, not the busy main thread, starts queued ones).
    pub max_concurrent_queries: u32,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            theme: "dark".into(),
            refresh: String::new(),
            from: "now-6h".into(),
            to: "now".into(),
            timezone: "browser".into(),
            max_concurrent_queries: 20,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json: {0}")]
    Parse(String),
    #[error("config.json: `datasources` is empty: add at least one Prometheus datasource with a `name` and a `url`")]
    NoDatasource,
    #[error("config.json: datasources[{index}] (`{name}`) has an empty `url`")]
    EmptyUrl { index: usize, name: String },
    #[error("config.json: datasource name `{0}` is used twice")]
    DuplicateName(String),
}

/// Parses and checks `config.json`.
pub fn parse_config(text: &str) -> Result<AppConfig, ConfigError> {
    let config: AppConfig =
        serde_json::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))?;
    if config.datasources.is_empty() {
        return Err(ConfigError::NoDatasource);
    }
    for (index, ds) in config.datasources.iter().enumerate() {
        if ds.url.trim().is_empty() {
            return Err(ConfigError::EmptyUrl {
                index,
                name: ds.name.clone(),
            });
        }
        if config.datasources[..index]
            .iter()
            .any(|d| d.name == ds.name)
        {
            return Err(ConfigError::DuplicateName(ds.name.clone()));
        }
    }
    Ok(config)
}

impl AppConfig {
    /// The default datasource: the one marked `default`, else the first.
    pub fn default_datasource(&self) -> Option<&Datasource> {
        self.datasources
            .iter()
            .find(|d| d.default)
            .or_else(|| self.datasources.first())
    }

    /// The datasource a dashboard names (by name or uid), if configured.
    pub fn datasource(&self, name_or_uid: &str) -> Option<&Datasource> {
        self.datasources
            .iter()
            .find(|d| d.name == name_or_uid || d.uid.as_deref() == Some(name_or_uid))
    }

    /// The datasource for `name_or_uid`, falling back to the default.
    pub fn resolve_datasource(&self, name_or_uid: Option<&str>) -> Option<&Datasource> {
        name_or_uid
            .and_then(|n| self.datasource(n))
            .or_else(|| self.default_datasource())
    }
}

/// Whether the page is dark: the URL's `theme` wins, then the config default; `system` (or an
/// unknown value) follows the browser's preference.
pub fn is_dark(url_theme: Option<&str>, default_theme: &str, prefers_dark: bool) -> bool {
    match url_theme.unwrap_or(default_theme) {
        "light" => false,
        "dark" => true,
        _ => prefers_dark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config_and_picks_the_default() {
        let c = parse_config(
            r#"{"datasources":[{"name":"a","url":"http://a"},{"name":"b","uid":"B","url":"/prom","default":true,
                "headers":{"Authorization":"Bearer canary-123"}}],
               "alertmanager":{"url":"http://am"},"dashboards":["dashboards/x.json"],
               "defaults":{"theme":"light","from":"now-1h"}}"#,
        )
        .unwrap();
        assert_eq!(c.default_datasource().unwrap().name, "b");
        assert_eq!(c.datasource("B").unwrap().name, "b");
        assert_eq!(c.resolve_datasource(Some("nope")).unwrap().name, "b");
        assert_eq!(c.defaults.from, "now-1h");
        assert_eq!(c.defaults.to, "now");
        assert!(
            !format!("{c:?}").contains("canary-123"),
            "headers must not appear in Debug"
        );
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"datasources":[]}"#, "`datasources` is empty"),
            (
                r#"{"datasources":[{"name":"a","url":""}]}"#,
                "datasources[0] (`a`) has an empty `url`",
            ),
            (
                r#"{"datasources":[{"name":"a","url":"x"},{"name":"a","url":"y"}]}"#,
                "used twice",
            ),
            (r#"{"datasources":[{"name":"a"}]}"#, "missing field `url`"),
            (
                r#"{"datasources":[{"name":"a","url":"x","colour":1}]}"#,
                "unknown field `colour`",
            ),
            (
                "{\"datasources\": [\n  {\"name\": \"a\" \"url\": \"x\"}]}",
                "line 2 column",
            ),
        ];
        for (text, want) in cases {
            let err = parse_config(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: got {err}");
        }
    }

    #[test]
    fn theme_precedence() {
        assert!(!is_dark(Some("light"), "dark", true));
        assert!(is_dark(None, "dark", false));
        assert!(!is_dark(None, "system", false));
        assert!(is_dark(Some("system"), "light", true));
        assert!(!is_dark(None, "light", true));
    }

    #[test]
    fn default_falls_back_to_first() {
        let c = parse_config(r#"{"datasources":[{"name":"a","url":"x"},{"name":"b","url":"y"}]}"#)
            .unwrap();
        assert_eq!(c.default_datasource().unwrap().name, "a");
        assert_eq!(c.datasources[0].scrape_interval_ms(), 15_000);
    }
}
