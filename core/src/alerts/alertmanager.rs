//! Alertmanager's v2 API for the alerts page: URLs, decoders for alerts and silences, the JSON
//! body of a new silence, and the view of both.
//!
//! Contract: decoders are total over any status and body (errors are sentences a user can act
//! on); every field has a default so older or newer Alertmanagers decode. An alert's state is
//! `silenced` when `status.silencedBy` is non-empty, else `inhibited` when
//! `status.inhibitedBy` is non-empty, else Alertmanager's own `status.state`. A new silence
//! matches every label of the alert exactly; it needs an author and a comment (Alertmanager
//! refuses one without) and a positive duration. Browsers cannot delete silences from another
//! origin (Alertmanager refuses the CORS preflight for DELETE, and for `Authorization`):
//! `CORS_NOTE` says so, with the reverse-proxy fix.

use serde::{Deserialize, Serialize};

use super::template::humanize_duration;
use crate::prom::types::Labels;
use crate::time::{format_iso_utc, parse_rfc3339_ms};

/// What the page says where the browser cannot act on Alertmanager.
pub const CORS_NOTE: &str = "Expiring a silence is not possible from this page: browsers must ask Alertmanager's permission (a CORS preflight) before a cross-origin DELETE or a request with an Authorization header, and Alertmanager refuses it. Expire silences in Alertmanager's own UI or amtool, or serve promboard and Alertmanager from one origin behind a reverse proxy (e.g. nginx: location /alertmanager/ { proxy_pass http://alertmanager:9093/; } and \"alertmanager\": {\"url\": \"/alertmanager\"} in config.json).";

/// `base` + `path`, without doubling or dropping the slash between them.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

pub fn alerts_url(base: &str) -> String {
    join(base, "/api/v2/alerts")
}

pub fn silences_url(base: &str) -> String {
    join(base, "/api/v2/silences")
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AmStatus {
    /// `active`, `suppressed` or `unprocessed`.
    pub state: String,
    pub silenced_by: Vec<String>,
    pub inhibited_by: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AmAlert {
    pub labels: Labels,
    pub annotations: Labels,
    pub starts_at: String,
    pub ends_at: String,
    pub fingerprint: String,
    #[serde(rename = "generatorURL")]
    pub generator_url: String,
    pub status: AmStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Matcher {
    pub name: String,
    pub value: String,
    pub is_regex: bool,
    pub is_equal: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SilenceStatus {
    /// `active`, `pending` or `expired`.
    pub state: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Silence {
    pub id: String,
    pub status: SilenceStatus,
    pub matchers: Vec<Matcher>,
    pub starts_at: String,
    pub ends_at: String,
    pub created_by: String,
    pub comment: String,
}

/// The body of `POST /api/v2/silences`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSilence {
    pub matchers: Vec<Matcher>,
    pub starts_at: String,
    pub ends_at: String,
    pub created_by: String,
    pub comment: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Created {
    #[serde(rename = "silenceID")]
    silence_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmError {
    #[error("Alertmanager answered HTTP {status}: {excerpt}")]
    Http { status: u16, excerpt: String },
    #[error("The response from Alertmanager could not be read ({0}); check that alertmanager.url in config.json points at Alertmanager (it serves /api/v2)")]
    Decode(String),
    #[error("{0}")]
    Invalid(String),
}

fn decode<'de, T: Deserialize<'de>>(status: u16, body: &'de [u8]) -> Result<T, AmError> {
    if !(200..300).contains(&status) {
        let text = String::from_utf8_lossy(body);
        let t = text.trim().trim_matches('"');
        let excerpt: String = t.chars().take(200).collect();
        return Err(AmError::Http {
            status,
            excerpt: if excerpt.is_empty() {
                "(empty body)".into()
            } else {
                excerpt
            },
        });
    }
    serde_json::from_slice(body).map_err(|e| AmError::Decode(e.to_string()))
}

pub fn decode_alerts(status: u16, body: &[u8]) -> Result<Vec<AmAlert>, AmError> {
    decode(status, body)
}

pub fn decode_silences(status: u16, body: &[u8]) -> Result<Vec<Silence>, AmError> {
    decode(status, body)
}

/// The new silence's id from a `POST /api/v2/silences` answer.
pub fn decode_created(status: u16, body: &[u8]) -> Result<String, AmError> {
    decode::<Created>(status, body).map(|c| c.silence_id)
}

/// A silence matching every label of `labels` exactly, from `now_ms` for `duration_ms`.
pub fn silence_for(
    labels: &Labels,
    now_ms: i64,
    duration_ms: i64,
    created_by: &str,
    comment: &str,
) -> Result<NewSilence, AmError> {
    if labels.is_empty() {
        return Err(AmError::Invalid(
            "This alert has no labels to match: a silence needs at least one matcher".into(),
        ));
    }
    if duration_ms <= 0 {
        return Err(AmError::Invalid(
            "The duration must be positive, e.g. 2h or 30m".into(),
        ));
    }
    if created_by.trim().is_empty() {
        return Err(AmError::Invalid(
            "Enter who is creating the silence: Alertmanager requires an author".into(),
        ));
    }
    if comment.trim().is_empty() {
        return Err(AmError::Invalid(
            "Enter a comment (why this is silenced): Alertmanager requires one".into(),
        ));
    }
    Ok(NewSilence {
        matchers: labels
            .iter()
            .map(|(k, v)| Matcher {
                name: k.clone(),
                value: v.clone(),
                is_regex: false,
                is_equal: true,
            })
            .collect(),
        starts_at: format_iso_utc(now_ms),
        ends_at: format_iso_utc(now_ms.saturating_add(duration_ms)),
        created_by: created_by.trim().to_owned(),
        comment: comment.trim().to_owned(),
    })
}

/// JSON text of a new silence.
pub fn silence_body(s: &NewSilence) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AmState {
    Active,
    Silenced,
    Inhibited,
    Unprocessed,
}

impl AmState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Silenced => "silenced",
            Self::Inhibited => "inhibited",
            Self::Unprocessed => "unprocessed",
        }
    }
}

pub fn am_state(a: &AmAlert) -> AmState {
    if !a.status.silenced_by.is_empty() {
        AmState::Silenced
    } else if !a.status.inhibited_by.is_empty() {
        AmState::Inhibited
    } else {
        match a.status.state.as_str() {
            "unprocessed" => AmState::Unprocessed,
            // `suppressed` without a reason listed: treat as silenced.
            "suppressed" => AmState::Silenced,
            _ => AmState::Active,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AmAlertView {
    pub name: String,
    pub fingerprint: String,
    pub state: AmState,
    pub labels: Labels,
    pub summary: String,
    pub active_for: String,
    /// Silence / inhibitor ids that suppress it.
    pub suppressed_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SilenceView {
    pub id: String,
    pub state: String,
    /// `a="b", c=~"d.*"`.
    pub matchers: String,
    pub created_by: String,
    pub comment: String,
    /// "ends in 1h 59m 58s" / "ended 3m 0s ago" / "starts in …".
    pub when: String,
}

/// Alerts sorted active first (then by name), silences active first (then pending, expired;
/// newest end first).
pub fn view(
    alerts: &[AmAlert],
    silences: &[Silence],
    now_ms: i64,
) -> (Vec<AmAlertView>, Vec<SilenceView>) {
    let mut av: Vec<AmAlertView> = alerts
        .iter()
        .map(|a| {
            let state = am_state(a);
            let mut by = a.status.silenced_by.clone();
            by.extend(a.status.inhibited_by.iter().cloned());
            AmAlertView {
                name: a.labels.get("alertname").cloned().unwrap_or_default(),
                fingerprint: a.fingerprint.clone(),
                state,
                labels: a.labels.clone(),
                summary: a.annotations.get("summary").cloned().unwrap_or_default(),
                active_for: super::view::active_for(parse_rfc3339_ms(&a.starts_at), now_ms),
                suppressed_by: by,
            }
        })
        .collect();
    av.sort_by(|a, b| {
        a.state
            .cmp(&b.state)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.labels.cmp(&b.labels))
    });
    let rank = |s: &str| match s {
        "active" => 0,
        "pending" => 1,
        _ => 2,
    };
    let mut sil: Vec<&Silence> = silences.iter().collect();
    sil.sort_by(|a, b| {
        rank(&a.status.state)
            .cmp(&rank(&b.status.state))
            .then_with(|| b.ends_at.cmp(&a.ends_at))
    });
    let sv = sil
        .into_iter()
        .map(|s| {
            let secs = |t: &str| parse_rfc3339_ms(t).map(|ms| ((ms - now_ms) / 1000) as f64);
            let when = match s.status.state.as_str() {
                "pending" => secs(&s.starts_at)
                    .map(|d| format!("starts in {}", humanize_duration(d.max(0.0))))
                    .unwrap_or_default(),
                "expired" => secs(&s.ends_at)
                    .map(|d| format!("ended {} ago", humanize_duration((-d).max(0.0))))
                    .unwrap_or_default(),
                _ => secs(&s.ends_at)
                    .map(|d| format!("ends in {}", humanize_duration(d.max(0.0))))
                    .unwrap_or_default(),
            };
            SilenceView {
                id: s.id.clone(),
                state: s.status.state.clone(),
                matchers: s
                    .matchers
                    .iter()
                    .map(|m| {
                        let op = match (m.is_equal, m.is_regex) {
                            (true, false) => "=",
                            (false, false) => "!=",
                            (true, true) => "=~",
                            (false, true) => "!~",
                        };
                        format!("{}{op}{:?}", m.name, m.value)
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                created_by: s.created_by.clone(),
                comment: s.comment.clone(),
                when,
            }
        })
        .collect();
    (av, sv)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_677_665_000_000; // 2023-03-01T10:03:20Z

    const ALERTS: &str = r#"[
      {"annotations":{"summary":"Breaker open"},"endsAt":"2023-03-01T10:10:00Z","fingerprint":"f1","receivers":[{"name":"null"}],"startsAt":"2023-03-01T10:00:00Z","status":{"inhibitedBy":[],"silencedBy":["s1"],"state":"suppressed"},"updatedAt":"x","generatorURL":"http://p/graph","labels":{"alertname":"CircuitBreakerOpen","severity":"critical"}},
      {"annotations":{},"fingerprint":"f2","startsAt":"2023-03-01T10:03:00Z","status":{"inhibitedBy":["f9"],"silencedBy":[],"state":"suppressed"},"labels":{"alertname":"Child"}},
      {"fingerprint":"f3","startsAt":"2023-03-01T10:02:00Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"labels":{"alertname":"Zed"}},
      {"fingerprint":"f4","status":{"state":"unprocessed"},"labels":{"alertname":"New"}}
    ]"#;

    const SILENCES: &str = r#"[
      {"id":"old","status":{"state":"expired"},"updatedAt":"x","comment":"done","createdBy":"bob","endsAt":"2023-03-01T10:00:20Z","startsAt":"2023-03-01T09:00:00Z","matchers":[{"isEqual":true,"isRegex":true,"name":"job","value":"a.*"}]},
      {"id":"s1","status":{"state":"active"},"comment":"db maintenance","createdBy":"alice","endsAt":"2023-03-01T12:03:20Z","startsAt":"2023-03-01T10:00:00Z","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"CircuitBreakerOpen"},{"isEqual":false,"isRegex":false,"name":"env","value":"dev"}]}
    ]"#;

    #[test]
    fn alerts_decode_with_silenced_and_inhibited_state() {
        let a = decode_alerts(200, ALERTS.as_bytes()).unwrap();
        let states: Vec<AmState> = a.iter().map(am_state).collect();
        assert_eq!(
            states,
            vec![
                AmState::Silenced,
                AmState::Inhibited,
                AmState::Active,
                AmState::Unprocessed
            ]
        );
        let (v, _) = view(&a, &[], NOW);
        let order: Vec<(&str, AmState, &str)> = v
            .iter()
            .map(|x| (x.name.as_str(), x.state, x.active_for.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("Zed", AmState::Active, "1m 20s"),
                ("CircuitBreakerOpen", AmState::Silenced, "3m 20s"),
                ("Child", AmState::Inhibited, "20s"),
                ("New", AmState::Unprocessed, ""),
            ]
        );
        assert_eq!(v[1].suppressed_by, vec!["s1"]);
        assert_eq!(v[1].summary, "Breaker open");
    }

    #[test]
    fn silences_decode_and_view() {
        let s = decode_silences(200, SILENCES.as_bytes()).unwrap();
        let (_, v) = view(&[], &s, NOW);
        assert_eq!(v[0].id, "s1");
        assert_eq!(
            v[0].matchers,
            r#"alertname="CircuitBreakerOpen", env!="dev""#
        );
        assert_eq!(v[0].when, "ends in 2h 0m 0s");
        assert_eq!(v[1].id, "old");
        assert_eq!(v[1].matchers, r#"job=~"a.*""#);
        assert_eq!(v[1].when, "ended 3m 0s ago");
    }

    #[test]
    fn new_silence_body_and_validation() {
        let labels: Labels = [("alertname", "X"), ("instance", "a:1")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let s = silence_for(&labels, NOW, 7_200_000, " alice ", "maintenance").unwrap();
        let body: serde_json::Value = serde_json::from_str(&silence_body(&s)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "matchers": [
                    {"name":"alertname","value":"X","isRegex":false,"isEqual":true},
                    {"name":"instance","value":"a:1","isRegex":false,"isEqual":true}
                ],
                "startsAt": "2023-03-01T10:03:20.000Z",
                "endsAt": "2023-03-01T12:03:20.000Z",
                "createdBy": "alice",
                "comment": "maintenance"
            })
        );
        for (d, by, c) in [(0, "a", "c"), (1000, "", "c"), (1000, "a", " ")] {
            assert!(matches!(
                silence_for(&labels, NOW, d, by, c),
                Err(AmError::Invalid(_))
            ));
        }
        assert!(silence_for(&Labels::new(), NOW, 1000, "a", "c").is_err());
    }

    #[test]
    fn urls_errors_and_created_id() {
        assert_eq!(
            alerts_url("http://am:9093/"),
            "http://am:9093/api/v2/alerts"
        );
        assert_eq!(
            silences_url("/alertmanager"),
            "/alertmanager/api/v2/silences"
        );
        assert_eq!(
            decode_created(200, br#"{"silenceID":"abc"}"#).unwrap(),
            "abc"
        );
        let e = decode_created(400, b"\"comment missing\"").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Alertmanager answered HTTP 400: comment missing"
        );
        assert!(matches!(
            decode_alerts(200, b"<html>"),
            Err(AmError::Decode(_))
        ));
    }
}
