//! The embedding API: messages between promboard in an iframe and the portal around it.
//!
//! Contract: `parse_set` accepts the JSON text of a `{type: "promboard:set", from?, to?,
//! refresh?, vars?: {name: [values] | value}}` message and returns `None` for anything else
//! (other types, malformed data), never failing; `apply_set` writes it onto the URL state
//! (only the fields present; `vars` replaces the named variables and keeps the others).
//! `panels_message` builds the `{type: "promboard:panels", states: [{id, state, error}]}`
//! answer; `all_settled` says when it is due (no visible panel still loading).
//! `is_transparent` reads the `transparent` flag from a query string (`&transparent`,
//! `transparent=1`, `transparent=true`; `0`/`false` turn it off).

use serde::Deserialize;
use serde_json::Value;

use crate::urlstate::UrlState;

pub const SET_TYPE: &str = "promboard:set";
pub const PANELS_TYPE: &str = "promboard:panels";

/// What a parent asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetMessage {
    pub from: Option<String>,
    pub to: Option<String>,
    pub refresh: Option<String>,
    pub vars: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    from: Option<Value>,
    #[serde(default)]
    to: Option<Value>,
    #[serde(default)]
    refresh: Option<Value>,
    #[serde(default)]
    vars: Option<serde_json::Map<String, Value>>,
}

/// A time or refresh value: strings as they are, numbers (ms epoch) as digits.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n
            .as_i64()
            .map(|i| i.to_string())
            .or_else(|| n.as_f64().map(|f| format!("{}", f.round() as i64))),
        Value::Bool(false) | Value::Null => Some(String::new()),
        _ => None,
    }
}

pub fn parse_set(json: &str) -> Option<SetMessage> {
    let raw: Raw = serde_json::from_str(json).ok()?;
    if raw.kind != SET_TYPE {
        return None;
    }
    let vars = raw
        .vars
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, v)| {
            let values = match v {
                Value::Array(items) => items.iter().filter_map(scalar).collect(),
                other => vec![scalar(&other)?],
            };
            Some((name, values))
        })
        .collect();
    Some(SetMessage {
        from: raw.from.as_ref().and_then(scalar).filter(|s| !s.is_empty()),
        to: raw.to.as_ref().and_then(scalar).filter(|s| !s.is_empty()),
        refresh: raw.refresh.as_ref().and_then(scalar),
        vars,
    })
}

pub fn apply_set(url: &UrlState, msg: &SetMessage) -> UrlState {
    let mut next = url.clone();
    if let Some(f) = &msg.from {
        next.from = Some(f.clone());
    }
    if let Some(t) = &msg.to {
        next.to = Some(t.clone());
    }
    if let Some(r) = &msg.refresh {
        next.refresh = Some(r.clone());
    }
    for (name, values) in &msg.vars {
        match next.vars.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = values.clone(),
            None => next.vars.push((name.clone(), values.clone())),
        }
    }
    next
}

/// One panel as reported to the parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelReport {
    pub id: u32,
    /// `loading | ok | nodata | error | unsupported`.
    pub state: &'static str,
    pub error: Option<String>,
    /// Whether the panel is on screen (off-screen panels do not query, so are not waited for).
    pub visible: bool,
}

/// True when at least one panel is visible and no visible panel is loading.
pub fn all_settled(reports: &[PanelReport]) -> bool {
    let mut visible = reports.iter().filter(|r| r.visible).peekable();
    visible.peek().is_some() && visible.all(|r| r.state != "loading")
}

/// The JSON text of the `promboard:panels` message (visible panels only, by id).
pub fn panels_message(reports: &[PanelReport]) -> String {
    let mut visible: Vec<&PanelReport> = reports.iter().filter(|r| r.visible).collect();
    visible.sort_by_key(|r| r.id);
    let states: Vec<Value> = visible
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "state": r.state,
                "error": r.error,
            })
        })
        .collect();
    serde_json::json!({ "type": PANELS_TYPE, "states": states }).to_string()
}

pub fn is_transparent(query: &str) -> bool {
    query
        .trim_start_matches('?')
        .split('&')
        .rev()
        .find_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k == "transparent").then_some(v)
        })
        .is_some_and(|v| !matches!(v, "0" | "false"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_set_messages() {
        let m = parse_set(
            r#"{"type":"promboard:set","from":"now-1h","to":1767225600000,"refresh":"30s","vars":{"env":["prod","dev"],"job":"api"}}"#,
        )
        .unwrap();
        assert_eq!(m.from.as_deref(), Some("now-1h"));
        assert_eq!(m.to.as_deref(), Some("1767225600000"));
        assert_eq!(m.refresh.as_deref(), Some("30s"));
        assert_eq!(
            m.vars,
            vec![
                ("env".to_owned(), vec!["prod".to_owned(), "dev".to_owned()]),
                ("job".to_owned(), vec!["api".to_owned()])
            ]
        );
        let off = parse_set(r#"{"type":"promboard:set","refresh":false}"#).unwrap();
        assert_eq!(off.refresh.as_deref(), Some(""));
        assert_eq!(off.from, None);
        for bad in [
            "",
            "null",
            "[]",
            r#"{"type":"other"}"#,
            r#"{"from":"now"}"#,
            "{",
        ] {
            assert_eq!(parse_set(bad), None, "{bad}");
        }
    }

    #[test]
    fn applies_only_what_is_set() {
        let url = UrlState::parse("?d=x&from=now-6h&to=now&var-env=a&var-job=j&kiosk");
        let msg = SetMessage {
            from: Some("now-1h".into()),
            vars: vec![("env".into(), vec!["b".into(), "c".into()])],
            ..SetMessage::default()
        };
        let next = apply_set(&url, &msg);
        assert_eq!(next.from.as_deref(), Some("now-1h"));
        assert_eq!(next.to.as_deref(), Some("now"));
        assert_eq!(next.var("env"), Some(&["b".to_owned(), "c".to_owned()][..]));
        assert_eq!(next.var("job"), Some(&["j".to_owned()][..]));
        assert!(next.kiosk);
    }

    fn report(id: u32, state: &'static str, visible: bool) -> PanelReport {
        PanelReport {
            id,
            state,
            error: (state == "error").then(|| "Prometheus did not answer".to_owned()),
            visible,
        }
    }

    #[test]
    fn settles_on_visible_panels() {
        assert!(!all_settled(&[]));
        assert!(all_settled(&[
            report(1, "ok", true),
            report(2, "loading", false)
        ]));
        assert!(!all_settled(&[
            report(1, "ok", true),
            report(2, "loading", true)
        ]));
        assert!(!all_settled(&[report(1, "loading", false)]));
        let msg = panels_message(&[
            report(3, "error", true),
            report(1, "ok", true),
            report(2, "loading", false),
        ]);
        assert_eq!(
            msg,
            r#"{"states":[{"error":null,"id":1,"state":"ok"},{"error":"Prometheus did not answer","id":3,"state":"error"}],"type":"promboard:panels"}"#
        );
    }

    #[test]
    fn transparent_flag() {
        let cases = [
            ("?d=x&transparent", true),
            ("transparent=1", true),
            ("?transparent=false", false),
            ("?d=x", false),
            ("?transparentish", false),
        ];
        for (q, want) in cases {
            assert_eq!(is_transparent(q), want, "{q}");
        }
    }
}
