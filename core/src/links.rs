//! Links: where they point ([`link_url`]) and which targets may become `href`s ([`safe_href`]):
//! untrusted dashboards, labels and annotations write them, so only web links survive.
//!
//! Contract:
//! - `link_url` is Grafana's link URL: the template with variables substituted (a multi-value
//!   selection as `{a,b}`, `${__url_time_range}` as `from=…&to=…`, `${__all_variables}` as
//!   every `var-NAME=…`), then, when the link asks, the time range (`keepTime`) and the
//!   variables (`includeVars`) appended as query parameters, before any `#fragment`, encoded
//!   as the app's own URL encodes them. The result is still untrusted: pass it to `safe_href`.
//! - `dashboard_links` is a Grafana `dashboards` link: every other dashboard the app lists
//!   that carries all of the link's tags, by title, each opened with what the link keeps.
//! - `safe_href` returns the URL (trimmed) when it is `http://…`, `https://…`, or
//!   relative (no scheme: `/x`, `?d=uid`, `../x`, `//host/x`); anything with another scheme
//!   (`javascript:`, `data:`, `vbscript:`, `file:` …) — also when disguised with whitespace or
//!   control characters, which browsers strip — is `None`, so the caller shows it as text.

use crate::model::Link;
use crate::urlstate::{Page, UrlState};
use crate::vars::{interpolate, FormatContext, Scope};

/// What a link can carry from the view it is on.
#[derive(Clone, Copy, Debug)]
pub struct LinkContext<'a> {
    /// Variables' current values, for `$var` in the URL.
    pub scope: &'a Scope,
    /// The time range as the app's URL writes it (`now-6h`, or ms since the epoch).
    pub from: &'a str,
    pub to: &'a str,
    /// Every variable's selection in dashboard order, as `var-NAME` parameters write it
    /// (`$__all` for All).
    pub vars: &'a [(String, Vec<String>)],
}

/// The URL `link` points at from the view described by `cx` (see the module contract).
pub fn link_url(link: &Link, cx: &LinkContext<'_>) -> String {
    let carried = Carried::new(cx);
    let mut scope = cx.scope.clone();
    scope.set_plain("__url_time_range", carried.time.clone());
    scope.set_plain("__all_variables", carried.vars.clone());
    let url = interpolate(&link.url, &scope, FormatContext::Url);
    append_query(&url, &carried.asked_by(link))
}

/// One dashboard the app lists, as a `dashboards` link sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed<'a> {
    pub uid: &'a str,
    pub title: &'a str,
    pub tags: &'a [String],
}

/// Most dashboards one `dashboards` link lists (Grafana's search limit for it).
pub const DASHBOARD_LINK_LIMIT: usize = 100;

/// What a `dashboards` link is called: its title, or "Dashboards".
pub fn dashboards_link_label(link: &Link) -> String {
    if link.title.is_empty() {
        "Dashboards".to_owned()
    } else {
        link.title.clone()
    }
}

/// What a `dashboards` link says when it lists nothing.
pub fn no_dashboards_text(link: &Link) -> String {
    if link.tags.is_empty() {
        "No other dashboards".to_owned()
    } else {
        format!("No other dashboards tagged {}", link.tags.join(", "))
    }
}

/// The `(title, url)` of each dashboard a `dashboards` link lists, from the view `cx` on the
/// dashboard `current`: every other dashboard carrying all of the link's tags (any, when it
/// names none), by title then uid, at most [`DASHBOARD_LINK_LIMIT`]; each URL opens it with
/// the time range and variables the link asks to keep. Tags compare exactly; a dashboard
/// without a title is listed by its uid.
pub fn dashboard_links(
    link: &Link,
    listed: &[Listed<'_>],
    current: &str,
    cx: &LinkContext<'_>,
) -> Vec<(String, String)> {
    let mut hits: Vec<Listed<'_>> = listed
        .iter()
        .filter(|d| d.uid != current && link.tags.iter().all(|t| d.tags.contains(t)))
        .map(|d| Listed {
            title: if d.title.is_empty() { d.uid } else { d.title },
            ..*d
        })
        .collect();
    hits.sort_by(|a, b| (a.title, a.uid).cmp(&(b.title, b.uid)));
    hits.truncate(DASHBOARD_LINK_LIMIT);
    let extra = Carried::new(cx).asked_by(link);
    hits.into_iter()
        .map(|d| {
            let open = UrlState {
                page: Page::Dashboard(d.uid.to_owned()),
                ..UrlState::default()
            };
            (d.title.to_owned(), append_query(&open.to_query(), &extra))
        })
        .collect()
}

/// The view's time range and variables, encoded as query parameters.
struct Carried {
    /// `from=…&to=…`.
    time: String,
    /// `var-NAME=…&…`, empty without variables.
    vars: String,
}

impl Carried {
    fn new(cx: &LinkContext<'_>) -> Self {
        let params = |state: UrlState| {
            let q = state.to_query();
            q.strip_prefix('?').map(str::to_owned).unwrap_or(q)
        };
        Self {
            time: params(UrlState {
                from: Some(cx.from.to_owned()),
                to: Some(cx.to.to_owned()),
                ..UrlState::default()
            }),
            vars: params(UrlState {
                vars: cx.vars.to_vec(),
                ..UrlState::default()
            }),
        }
    }

    /// What `link` asks to carry (`keepTime`, `includeVars`), joined.
    fn asked_by(&self, link: &Link) -> String {
        [
            (link.keep_time, &self.time),
            (link.include_vars, &self.vars),
        ]
        .into_iter()
        .filter(|(on, p)| *on && !p.is_empty())
        .map(|(_, p)| p.as_str())
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// `url` with `params` (already encoded) added to its query, before any fragment.
fn append_query(url: &str, params: &str) -> String {
    if params.is_empty() {
        return url.to_owned();
    }
    let (base, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let sep = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    format!("{base}{sep}{params}{fragment}")
}

/// The URL to use as an `href`, or `None` when it must not become a link.
pub fn safe_href(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    // Browsers ignore tabs and newlines inside the scheme ("java\tscript:"): so do we.
    let squeezed: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let scheme_end = squeezed.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if squeezed[i..].starts_with(':') => {
            let scheme = squeezed[..i].to_ascii_lowercase();
            (scheme == "http" || scheme == "https").then(|| trimmed.to_owned())
        }
        _ => Some(trimmed.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::ScopeValue;

    fn link(url: &str, keep_time: bool, include_vars: bool) -> Link {
        Link {
            url: url.to_owned(),
            keep_time,
            include_vars,
            ..Link::default()
        }
    }

    #[test]
    fn a_dashboards_link_lists_the_other_dashboards_with_all_its_tags() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (k8s_prod, k8s, none, upper) = (
            tags(&["k8s", "prod"]),
            tags(&["k8s"]),
            tags(&[]),
            tags(&["K8s"]),
        );
        let listed = [
            Listed {
                uid: "pods",
                title: "Pods",
                tags: &k8s_prod,
            },
            Listed {
                uid: "here",
                title: "Here",
                tags: &k8s_prod,
            },
            Listed {
                uid: "nodes",
                title: "Nodes",
                tags: &k8s,
            },
            Listed {
                uid: "a&b#c",
                title: "<b>API</b>",
                tags: &k8s,
            },
            Listed {
                uid: "home",
                title: "Home",
                tags: &none,
            },
            Listed {
                uid: "caps",
                title: "Caps",
                tags: &upper,
            },
            Listed {
                uid: "untitled",
                title: "",
                tags: &none,
            },
        ];
        let scope = Scope::new();
        let vars = vec![("ns".to_owned(), vec!["a b".to_owned()])];
        let cx = LinkContext {
            scope: &scope,
            from: "now-1h",
            to: "now",
            vars: &vars,
        };
        let mut l = Link {
            kind: crate::model::LinkKind::Dashboards,
            tags: tags(&["k8s"]),
            ..Link::default()
        };
        // All of the tags, exactly; never the dashboard it is on; by title; uids encoded.
        assert_eq!(
            dashboard_links(&l, &listed, "here", &cx),
            [
                ("<b>API</b>".to_owned(), "?d=a%26b%23c".to_owned()),
                ("Nodes".to_owned(), "?d=nodes".to_owned()),
                ("Pods".to_owned(), "?d=pods".to_owned()),
            ]
        );
        l.tags = tags(&["k8s", "prod"]);
        l.keep_time = true;
        l.include_vars = true;
        assert_eq!(
            dashboard_links(&l, &listed, "here", &cx),
            [(
                "Pods".to_owned(),
                "?d=pods&from=now-1h&to=now&var-ns=a%20b".to_owned()
            )]
        );
        // No tags: every other dashboard.
        l.tags.clear();
        let titles: Vec<String> = dashboard_links(&l, &listed, "here", &cx)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            titles,
            ["<b>API</b>", "Caps", "Home", "Nodes", "Pods", "untitled"]
        );
        // At most the limit.
        let many: Vec<String> = (0..150).map(|i| format!("d{i:03}")).collect();
        let listed: Vec<Listed<'_>> = many
            .iter()
            .map(|u| Listed {
                uid: u,
                title: u,
                tags: &none,
            })
            .collect();
        let got = dashboard_links(&l, &listed, "here", &cx);
        assert_eq!(got.len(), DASHBOARD_LINK_LIMIT);
        assert_eq!(got[99].0, "d099");
    }

    #[test]
    fn a_dashboards_link_is_named_and_says_when_it_lists_nothing() {
        let mut l = Link {
            kind: crate::model::LinkKind::Dashboards,
            ..Link::default()
        };
        assert_eq!(dashboards_link_label(&l), "Dashboards");
        assert_eq!(no_dashboards_text(&l), "No other dashboards");
        l.title = "K8s".into();
        l.tags = vec!["k8s".into(), "prod".into()];
        assert_eq!(dashboards_link_label(&l), "K8s");
        assert_eq!(
            no_dashboards_text(&l),
            "No other dashboards tagged k8s, prod"
        );
    }

    #[test]
    fn link_url_carries_time_and_variables_as_grafana_does() {
        let mut scope = Scope::new();
        scope.set_plain("cluster", "eu 1");
        scope.set(
            "job",
            ScopeValue {
                values: vec!["api".into(), "web".into()],
                multi: true,
                ..ScopeValue::default()
            },
        );
        let vars = vec![
            ("cluster".to_owned(), vec!["eu 1".to_owned()]),
            ("job".to_owned(), vec!["api".to_owned(), "web".to_owned()]),
        ];
        let cx = LinkContext {
            scope: &scope,
            from: "now-6h",
            to: "now",
            vars: &vars,
        };
        let cases = [
            (link("https://x/d", false, false), "https://x/d"),
            (link("https://x/d", true, false), "https://x/d?from=now-6h&to=now"),
            (
                link("?d=other&orgId=1#panel", true, true),
                "?d=other&orgId=1&from=now-6h&to=now&var-cluster=eu%201&var-job=api&var-job=web#panel",
            ),
            (
                link("https://x/$cluster/?svc=$job", false, false),
                "https://x/eu 1/?svc={api,web}",
            ),
            (
                link("https://x/?${__url_time_range}&${__all_variables}", false, false),
                "https://x/?from=now-6h&to=now&var-cluster=eu%201&var-job=api&var-job=web",
            ),
            (link("https://x/?", true, false), "https://x/?from=now-6h&to=now"),
            (link("$unknown", false, false), "$unknown"),
        ];
        for (l, want) in cases {
            assert_eq!(link_url(&l, &cx), want, "{}", l.url);
        }
    }

    #[test]
    fn a_variable_cannot_turn_a_link_into_script() {
        let mut scope = Scope::new();
        scope.set_plain("target", "javascript:alert(1)");
        let cx = LinkContext {
            scope: &scope,
            from: "now-1h",
            to: "now",
            vars: &[],
        };
        let url = link_url(&link("$target", true, true), &cx);
        assert_eq!(url, "javascript:alert(1)?from=now-1h&to=now");
        assert_eq!(safe_href(&url), None);
    }

    #[test]
    fn only_web_and_relative_links_pass() {
        let cases = [
            ("https://runbooks.example.com/x", true),
            ("HTTP://example.com", true),
            ("/d/abc?orgId=1", true),
            ("?d=integration&from=now-1h", true),
            ("../other", true),
            ("//cdn.example.com/x", true),
            ("javascript:alert(1)", false),
            (" JaVaScRiPt:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("java\nscript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("vbscript:msgbox", false),
            ("file:///etc/passwd", false),
            ("", false),
            ("   ", false),
        ];
        for (url, ok) in cases {
            assert_eq!(safe_href(url).is_some(), ok, "{url:?}");
        }
    }
}
