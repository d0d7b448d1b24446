//! The app's state as it lives in the query string, compatible with Grafana's links.
//!
//! Contract: `UrlState::parse` accepts any query string (with or without the leading `?`),
//! never fails, ignores unknown parameters (`orgId`) and keeps repeated `var-NAME` values in
//! order. `to_query` writes the canonical form back (only what is set), so
//! `parse(to_query(s)) == s`. Pages are `?page=alerts|explore|targets|status`; a dashboard is
//! `?d=UID`. No state lives in the path, so any static server can host the app.

/// Which view the URL asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// The dashboard list.
    #[default]
    Home,
    Dashboard(String),
    Alerts,
    Explore,
    Targets,
    Status,
}

/// The wasm modules the app is split into, by page: the first load carries only
/// [`Module::Dashboards`]. `web/boot.js` makes the same choice from `?page=` before any wasm runs
/// (a test keeps the two in step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// Dashboard list, dashboards, embedded panels (`promboard-web`).
    Dashboards,
    /// Alerts, targets, status, explore and the rule backtest (`promboard-ops`).
    Ops,
}

/// The `page=` values served by [`Module::Ops`]; everything else is [`Module::Dashboards`].
pub const OPS_PAGE_NAMES: &[&str] = &["alerts", "explore", "targets", "status"];

impl Page {
    /// The module that draws this page.
    pub fn module(&self) -> Module {
        match self {
            Page::Home | Page::Dashboard(_) => Module::Dashboards,
            Page::Alerts | Page::Explore | Page::Targets | Page::Status => Module::Ops,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlState {
    pub page: Page,
    pub from: Option<String>,
    pub to: Option<String>,
    pub refresh: Option<String>,
    /// `var-NAME` values in URL order; several for a multi-value variable.
    pub vars: Vec<(String, Vec<String>)>,
    pub view_panel: Option<u32>,
    pub kiosk: bool,
    pub theme: Option<String>,
    /// `utc` or `browser`: overrides the dashboard's time zone (Grafana's `timezone`).
    pub timezone: Option<String>,
    /// Dashboard-list search text.
    pub search: Option<String>,
}

impl UrlState {
    pub fn parse(query: &str) -> Self {
        let mut s = Self::default();
        let mut dashboard = None;
        let mut page = None;
        for (key, value) in pairs(query) {
            match key.as_str() {
                "d" if !value.is_empty() => dashboard = Some(value),
                "page" => page = Some(value),
                "from" if !value.is_empty() => s.from = Some(value),
                "to" if !value.is_empty() => s.to = Some(value),
                "refresh" => s.refresh = Some(value),
                "viewPanel" => s.view_panel = value.trim_start_matches("panel-").parse().ok(),
                // Grafana accepts `kiosk`, `kiosk=1`, `kiosk=tv`; only an explicit false turns it off.
                "kiosk" => s.kiosk = !matches!(value.as_str(), "0" | "false"),
                "theme" if !value.is_empty() => s.theme = Some(value),
                "timezone" if !value.is_empty() => s.timezone = Some(value),
                "q" if !value.is_empty() => s.search = Some(value),
                k => {
                    if let Some(name) = k.strip_prefix("var-") {
                        match s.vars.iter_mut().find(|(n, _)| n == name) {
                            Some((_, values)) => values.push(value),
                            None => s.vars.push((name.to_owned(), vec![value])),
                        }
                    }
                }
            }
        }
        s.page = match (dashboard, page.as_deref()) {
            (Some(uid), _) => Page::Dashboard(uid),
            (None, Some("alerts")) => Page::Alerts,
            (None, Some("explore")) => Page::Explore,
            (None, Some("targets")) => Page::Targets,
            (None, Some("status")) => Page::Status,
            _ => Page::Home,
        };
        s
    }

    /// The canonical query string, with the leading `?` (or empty).
    pub fn to_query(&self) -> String {
        let mut out: Vec<(String, String)> = Vec::new();
        match &self.page {
            Page::Home => {}
            Page::Dashboard(uid) => out.push(("d".into(), uid.clone())),
            Page::Alerts => out.push(("page".into(), "alerts".into())),
            Page::Explore => out.push(("page".into(), "explore".into())),
            Page::Targets => out.push(("page".into(), "targets".into())),
            Page::Status => out.push(("page".into(), "status".into())),
        }
        let mut push = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                out.push((k.to_owned(), v.clone()));
            }
        };
        push("from", &self.from);
        push("to", &self.to);
        push("refresh", &self.refresh);
        push("theme", &self.theme);
        push("timezone", &self.timezone);
        push("q", &self.search);
        for (name, values) in &self.vars {
            for v in values {
                out.push((format!("var-{name}"), v.clone()));
            }
        }
        if let Some(id) = self.view_panel {
            out.push(("viewPanel".into(), id.to_string()));
        }
        if out.is_empty() && !self.kiosk {
            return String::new();
        }
        let mut q = String::from("?");
        for (i, (k, v)) in out.iter().enumerate() {
            if i > 0 {
                q.push('&');
            }
            q.push_str(&encode(k));
            q.push('=');
            q.push_str(&encode(v));
        }
        if self.kiosk {
            if q.len() > 1 {
                q.push('&');
            }
            q.push_str("kiosk");
        }
        q
    }

    /// Whether times show in UTC: the URL's `timezone` wins over the dashboard's setting.
    pub fn utc(&self, dashboard_utc: bool) -> bool {
        match self.timezone.as_deref() {
            Some("utc") => true,
            Some("browser") => false,
            _ => dashboard_utc,
        }
    }

    /// Values of `var-NAME` from the URL, if present.
    pub fn var(&self, name: &str) -> Option<&[String]> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// Splits a query string into decoded pairs (`+` is a space, `%XX` decoded, bad escapes kept).
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-encodes everything but unreserved characters (and keeps `/` and `:` readable).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_grafana_links() {
        let s = UrlState::parse(
            "?orgId=1&d=integration&from=now-6h&to=now&var-destination=a&var-destination=b%20c&var-env=prod&refresh=30s&viewPanel=4&kiosk&theme=light&timezone=utc",
        );
        assert_eq!(s.page, Page::Dashboard("integration".into()));
        assert_eq!(s.from.as_deref(), Some("now-6h"));
        assert_eq!(
            s.var("destination"),
            Some(&["a".to_owned(), "b c".to_owned()][..])
        );
        assert_eq!(s.var("env"), Some(&["prod".to_owned()][..]));
        assert_eq!(s.refresh.as_deref(), Some("30s"));
        assert_eq!(s.view_panel, Some(4));
        assert!(s.kiosk);
        assert_eq!(s.theme.as_deref(), Some("light"));
        assert_eq!(s.timezone.as_deref(), Some("utc"));
    }

    #[test]
    fn pages_and_defaults() {
        let cases = [
            ("", Page::Home),
            ("?page=alerts", Page::Alerts),
            ("page=explore", Page::Explore),
            ("?page=targets", Page::Targets),
            ("?page=status", Page::Status),
            ("?page=nope", Page::Home),
            ("?d=&page=alerts", Page::Alerts),
            ("?d=x&page=alerts", Page::Dashboard("x".into())),
        ];
        for (q, want) in cases {
            assert_eq!(UrlState::parse(q).page, want, "{q}");
        }
        assert!(!UrlState::parse("?kiosk=0").kiosk);
        assert!(UrlState::parse("?kiosk=tv").kiosk);
        assert_eq!(UrlState::parse("?viewPanel=panel-7").view_panel, Some(7));
    }

    #[test]
    fn timezone_precedence() {
        assert!(UrlState::parse("?timezone=utc").utc(false));
        assert!(!UrlState::parse("?timezone=browser").utc(true));
        assert!(UrlState::parse("").utc(true));
        assert!(!UrlState::parse("?timezone=mars").utc(false));
    }

    #[test]
    fn round_trips() {
        let s = UrlState {
            page: Page::Dashboard("a b&c".into()),
            from: Some("1767225600000".into()),
            to: Some("now".into()),
            vars: vec![("x".into(), vec!["1".into(), "a=b".into(), "ü".into()])],
            view_panel: Some(3),
            kiosk: true,
            timezone: Some("utc".into()),
            ..UrlState::default()
        };
        let q = s.to_query();
        assert_eq!(UrlState::parse(&q), s, "{q}");
        assert_eq!(UrlState::default().to_query(), "");
    }

    #[test]
    fn decoding_is_total() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("a+b%2Bc"), "a b+c");
        assert_eq!(decode("%E2%9C%93"), "✓");
    }

    #[test]
    fn pages_split_into_modules_as_boot_js_does() {
        for name in OPS_PAGE_NAMES {
            let page = UrlState::parse(&format!("?page={name}")).page;
            assert_eq!(page.module(), Module::Ops, "{name}");
        }
        for query in ["", "?d=abc", "?page=nope", "?d=x&page=alerts&viewPanel=2"] {
            let page = UrlState::parse(query).page;
            let expected = if OPS_PAGE_NAMES
                .iter()
                .any(|n| query.contains(&format!("page={n}")))
                && !query.contains("d=")
            {
                Module::Ops
            } else {
                Module::Dashboards
            };
            assert_eq!(page.module(), expected, "{query}");
        }
        // web/boot.js carries the same list (it runs before any wasm).
        let boot = include_str!("../../web/boot.js");
        let start = boot
            .find("const OPS_PAGES = [")
            .map(|i| i + "const OPS_PAGES = [".len());
        let list = start.and_then(|s| boot[s..].find(']').map(|e| &boot[s..s + e]));
        let names: Vec<&str> = list
            .unwrap_or_default()
            .split(',')
            .map(|n| n.trim().trim_matches('"'))
            .filter(|n| !n.is_empty())
            .collect();
        assert_eq!(names, OPS_PAGE_NAMES);
    }
}
