//! The alerts page model: alerting rules from `/api/v1/rules`, grouped by state (firing,
//! pending, inactive) then severity (critical, warning, info, other), each with its active
//! alerts, rendered annotations, runbook link and "active for" durations.
//!
//! Contract: `build` is total over any decoded rules. Recording rules are left out. A rule's
//! state is the worst of its own `state` and its alerts' states (engines that omit the rule
//! state still group right). Annotations of an active alert are the rule's templates rendered
//! with the alert's labels and value; where this page cannot expand a template, the text the
//! server expanded (the alert's own annotation) is used instead. A rule without active alerts
//! shows its templates as written. A runbook URL becomes a link only when it is `http(s)://`;
//! anything else (`javascript:`, relative paths) is shown as text. The filter's search is a
//! case-insensitive substring over the rule name, labels and annotations; an empty state set
//! shows every state. Counts per state ignore the state filter, not the search.

use std::collections::BTreeSet;

use super::template::{humanize_duration, render, Rendered, TemplateData};
use crate::prom::api::{Alert, Rule, RuleGroup};
use crate::prom::types::Labels;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertState {
    Firing,
    Pending,
    Inactive,
}

impl AlertState {
    pub const ALL: [AlertState; 3] = [Self::Firing, Self::Pending, Self::Inactive];

    pub fn parse(s: &str) -> Self {
        match s {
            "firing" => Self::Firing,
            "pending" => Self::Pending,
            _ => Self::Inactive,
        }
    }
    /// The API's word, also the DOM's `data-alert-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Firing => "firing",
            Self::Pending => "pending",
            Self::Inactive => "inactive",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Self::Firing => "Firing",
            Self::Pending => "Pending",
            Self::Inactive => "Inactive",
        }
    }
}

/// Severity rank: critical < warning < info < anything else (sorted in that order).
pub fn severity_rank(severity: &str) -> u8 {
    match severity.to_ascii_lowercase().as_str() {
        "critical" | "page" | "error" => 0,
        "warning" | "warn" => 1,
        "info" | "informational" | "notice" => 2,
        _ => 3,
    }
}

/// A runbook reference: a safe link, or text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runbook {
    Link(String),
    Text(String),
}

/// `http(s)://…` URLs only become links.
pub fn runbook(url: &str) -> Option<Runbook> {
    let u = url.trim();
    if u.is_empty() {
        return None;
    }
    // The shared link filter (no `javascript:` …), and absolute only: a relative runbook would
    // resolve against promboard, not against the wiki it was written for.
    let absolute = |h: &String| {
        let lower = h.to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    };
    Some(match crate::links::safe_href(u).filter(absolute) {
        Some(href) if !href.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Runbook::Link(href)
        }
        _ => Runbook::Text(u.to_owned()),
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlertView {
    pub state: AlertState,
    /// The alert's labels without `alertname`, in key order.
    pub labels: Vec<(String, String)>,
    pub value_text: String,
    /// "3m 20s", or empty when `activeAt` is missing.
    pub active_for: String,
    pub summary: String,
    pub description: String,
    /// Every action in the annotations was expanded here.
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleView {
    pub name: String,
    pub group: String,
    pub state: AlertState,
    pub severity: String,
    pub query: String,
    /// `for:` as Prometheus writes it (`1m`), empty when zero.
    pub for_text: String,
    pub health: String,
    pub last_error: String,
    /// The rule's templates as written (shown when nothing is active).
    pub summary_template: String,
    pub description_template: String,
    pub runbook: Option<Runbook>,
    pub labels: Vec<(String, String)>,
    pub alerts: Vec<AlertView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub state: AlertState,
    /// The severity label shared by the section's rules (`""` when none).
    pub severity: String,
    pub rules: Vec<RuleView>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateCounts {
    pub firing: usize,
    pub pending: usize,
    pub inactive: usize,
}

impl StateCounts {
    pub fn get(&self, s: AlertState) -> usize {
        match s {
            AlertState::Firing => self.firing,
            AlertState::Pending => self.pending,
            AlertState::Inactive => self.inactive,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageModel {
    pub counts: StateCounts,
    pub sections: Vec<Section>,
    /// Alerting rules in the answer, before any filter.
    pub total_rules: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// States shown; empty = all.
    pub states: BTreeSet<AlertState>,
    pub search: String,
}

impl Filter {
    /// Turns one state chip on or off.
    pub fn toggle(&mut self, s: AlertState) {
        if !self.states.remove(&s) {
            self.states.insert(s);
        }
    }
    fn shows(&self, s: AlertState) -> bool {
        self.states.is_empty() || self.states.contains(&s)
    }
}

/// "3m 20s" (Prometheus' humanizeDuration, whole seconds) from `active_at_ms` to `now_ms`.
pub fn active_for(active_at_ms: Option<i64>, now_ms: i64) -> String {
    match active_at_ms {
        Some(t) => humanize_duration(((now_ms - t).max(0) / 1000) as f64),
        None => String::new(),
    }
}

fn annotation(rule: &Rule, alert: &Alert, key: &str, ext: &Labels) -> (String, bool) {
    let Some(template) = rule.annotations.get(key) else {
        return (
            alert.annotations.get(key).cloned().unwrap_or_default(),
            true,
        );
    };
    let Rendered { text, partial, .. } = render(
        template,
        &TemplateData {
            labels: &alert.labels,
            external_labels: ext,
            external_url: "",
            value: alert.value,
        },
    );
    match (partial, alert.annotations.get(key)) {
        (true, Some(server)) => (server.clone(), true),
        (p, _) => (text, !p),
    }
}

fn alert_view(rule: &Rule, alert: &Alert, now_ms: i64) -> AlertView {
    let ext = Labels::new();
    let (summary, ok1) = annotation(rule, alert, "summary", &ext);
    let (description, ok2) = annotation(rule, alert, "description", &ext);
    AlertView {
        state: AlertState::parse(&alert.state),
        labels: alert
            .labels
            .iter()
            .filter(|(k, _)| k.as_str() != "alertname")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        value_text: super::gofmt::g(alert.value, None),
        active_for: active_for(alert.active_at_ms(), now_ms),
        summary,
        description,
        complete: ok1 && ok2,
    }
}

fn rule_view(group: &RuleGroup, rule: &Rule, now_ms: i64) -> RuleView {
    let mut alerts: Vec<AlertView> = rule
        .alerts
        .iter()
        .map(|a| alert_view(rule, a, now_ms))
        .collect();
    alerts.sort_by(|a, b| a.state.cmp(&b.state).then_with(|| a.labels.cmp(&b.labels)));
    let own = AlertState::parse(&rule.state);
    let state = alerts.iter().map(|a| a.state).fold(own, std::cmp::min);
    let ann = |k: &str| rule.annotations.get(k).cloned().unwrap_or_default();
    let for_ms = (rule.duration * 1000.0).round();
    RuleView {
        name: rule.name.clone(),
        group: group.name.clone(),
        state,
        severity: rule.labels.get("severity").cloned().unwrap_or_default(),
        query: rule.query.clone(),
        for_text: if for_ms.is_finite() && for_ms > 0.0 {
            crate::prom::duration::format_duration_ms(for_ms as i64)
        } else {
            String::new()
        },
        health: rule.health.clone(),
        last_error: rule.last_error.clone(),
        summary_template: ann("summary"),
        description_template: ann("description"),
        runbook: rule
            .annotations
            .get("runbook_url")
            .or_else(|| rule.annotations.get("runbook"))
            .and_then(|u| runbook(u)),
        labels: rule
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        alerts,
    }
}

fn matches_search(r: &RuleView, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let hit = |s: &str| s.to_lowercase().contains(needle);
    let pair = |(k, v): &(String, String)| hit(&format!("{k}={v}"));
    hit(&r.name)
        || hit(&r.group)
        || hit(&r.summary_template)
        || hit(&r.description_template)
        || r.labels.iter().any(pair)
        || r.alerts
            .iter()
            .any(|a| a.labels.iter().any(pair) || hit(&a.summary) || hit(&a.description))
}

/// The page model for `groups` at `now_ms` under `filter`.
pub fn build(groups: &[RuleGroup], filter: &Filter, now_ms: i64) -> PageModel {
    let needle = filter.search.trim().to_lowercase();
    let mut model = PageModel::default();
    let mut rules: Vec<RuleView> = Vec::new();
    for g in groups {
        for r in g.rules.iter().filter(|r| r.is_alerting()) {
            model.total_rules += 1;
            let v = rule_view(g, r, now_ms);
            if !matches_search(&v, &needle) {
                continue;
            }
            match v.state {
                AlertState::Firing => model.counts.firing += 1,
                AlertState::Pending => model.counts.pending += 1,
                AlertState::Inactive => model.counts.inactive += 1,
            }
            if filter.shows(v.state) {
                rules.push(v);
            }
        }
    }
    rules.sort_by(|a, b| {
        a.state
            .cmp(&b.state)
            .then_with(|| severity_rank(&a.severity).cmp(&severity_rank(&b.severity)))
            .then_with(|| a.severity.cmp(&b.severity))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.group.cmp(&b.group))
    });
    for r in rules {
        match model.sections.last_mut() {
            Some(s) if s.state == r.state && s.severity == r.severity => s.rules.push(r),
            _ => model.sections.push(Section {
                state: r.state,
                severity: r.severity.clone(),
                rules: vec![r],
            }),
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prom::decode::decode_rules;

    const NOW: i64 = 1_677_665_000_000; // 2023-03-01T10:03:20Z

    fn groups() -> Vec<RuleGroup> {
        let body = r#"{"status":"success","data":{"groups":[{"name":"db","file":"a.yml","rules":[
          {"type":"alerting","name":"CircuitBreakerOpen","query":"x == 1","duration":60,"state":"firing",
           "labels":{"severity":"critical"},
           "annotations":{"summary":"Breaker {{ $labels.breaker }} open","description":"Value {{ $value | humanize }} on {{ $labels.instance }}","runbook_url":"https://runbooks.example.com/cb"},
           "alerts":[{"labels":{"alertname":"CircuitBreakerOpen","breaker":"database","instance":"i:1","severity":"critical"},
             "annotations":{"summary":"Breaker database open","description":"server text"},
             "state":"firing","activeAt":"2023-03-01T10:00:00Z","value":"1234.5"}]},
          {"type":"alerting","name":"SlowQueries","query":"y > 1","duration":300,"state":"pending",
           "labels":{"severity":"warning"},
           "annotations":{"summary":"{{ if true }}slow{{ end }}","runbook_url":"javascript:alert(1)"},
           "alerts":[{"labels":{"alertname":"SlowQueries"},"annotations":{"summary":"slow (server)"},
             "state":"pending","activeAt":"2023-03-01T10:03:00Z","value":"2"}]},
          {"type":"alerting","name":"DiskFull","query":"z","state":"inactive","labels":{"severity":"critical"},"annotations":{"summary":"Disk {{ $labels.device }} full"}},
          {"type":"alerting","name":"Chatty","query":"w","state":"inactive","labels":{"severity":"info"}},
          {"type":"alerting","name":"NoSeverity","query":"v","state":"inactive"},
          {"type":"recording","name":"job:up:sum","query":"sum(up)"}
        ]}]}}"#;
        decode_rules(200, body.as_bytes()).unwrap().data
    }

    fn names(m: &PageModel) -> Vec<(&str, &str, Vec<&str>)> {
        m.sections
            .iter()
            .map(|s| {
                (
                    s.state.as_str(),
                    s.severity.as_str(),
                    s.rules.iter().map(|r| r.name.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn groups_by_state_then_severity() {
        let m = build(&groups(), &Filter::default(), NOW);
        assert_eq!(m.total_rules, 5);
        assert_eq!(
            m.counts,
            StateCounts {
                firing: 1,
                pending: 1,
                inactive: 3
            }
        );
        assert_eq!(
            names(&m),
            vec![
                ("firing", "critical", vec!["CircuitBreakerOpen"]),
                ("pending", "warning", vec!["SlowQueries"]),
                ("inactive", "critical", vec!["DiskFull"]),
                ("inactive", "info", vec!["Chatty"]),
                ("inactive", "", vec!["NoSeverity"]),
            ]
        );
    }

    #[test]
    fn alerts_render_annotations_durations_and_runbooks() {
        let m = build(&groups(), &Filter::default(), NOW);
        let cb = &m.sections[0].rules[0];
        assert_eq!(cb.for_text, "1m");
        assert_eq!(
            cb.runbook,
            Some(Runbook::Link("https://runbooks.example.com/cb".into()))
        );
        let a = &cb.alerts[0];
        assert_eq!(a.summary, "Breaker database open");
        // Rendered here (not the server's text), with Prometheus' humanize.
        assert_eq!(a.description, "Value 1.234k on i:1");
        assert_eq!(a.active_for, "3m 20s");
        assert_eq!(a.value_text, "1234.5");
        assert!(a.complete);
        assert!(!a.labels.iter().any(|(k, _)| k == "alertname"));

        let slow = &m.sections[1].rules[0];
        // `if` is not expanded here: the server's expansion is used.
        assert_eq!(slow.alerts[0].summary, "slow (server)");
        assert_eq!(slow.alerts[0].active_for, "20s");
        assert_eq!(
            slow.runbook,
            Some(Runbook::Text("javascript:alert(1)".into()))
        );
        let disk = &m.sections[2].rules[0];
        assert_eq!(disk.summary_template, "Disk {{ $labels.device }} full");
        assert!(disk.alerts.is_empty());
    }

    #[test]
    fn filter_by_state_and_search() {
        let g = groups();
        let cases: &[(&[AlertState], &str, &[&str], usize)] = &[
            (&[AlertState::Firing], "", &["CircuitBreakerOpen"], 5),
            (
                &[AlertState::Pending, AlertState::Inactive],
                "",
                &["SlowQueries", "DiskFull", "Chatty", "NoSeverity"],
                5,
            ),
            (&[], "breaker=DATABASE", &["CircuitBreakerOpen"], 1),
            (&[], "disk", &["DiskFull"], 1),
            (&[], "severity=info", &["Chatty"], 1),
            (&[], "i:1", &["CircuitBreakerOpen"], 1),
            (&[AlertState::Pending], "disk", &[], 1),
            (&[], "nothing matches", &[], 0),
        ];
        for (states, q, want, counted) in cases {
            let f = Filter {
                states: states.iter().copied().collect(),
                search: (*q).into(),
            };
            let m = build(&g, &f, NOW);
            let got: Vec<&str> = m
                .sections
                .iter()
                .flat_map(|s| s.rules.iter().map(|r| r.name.as_str()))
                .collect();
            assert_eq!(got, *want, "{states:?} {q:?}");
            let c = &m.counts;
            assert_eq!(c.firing + c.pending + c.inactive, *counted, "{q:?}");
        }
        let mut f = Filter::default();
        f.toggle(AlertState::Firing);
        f.toggle(AlertState::Firing);
        assert!(f.states.is_empty());
    }

    #[test]
    fn rule_state_follows_its_alerts_and_odd_input() {
        assert_eq!(runbook(""), None);
        assert_eq!(
            runbook("HTTPS://x.example/a"),
            Some(Runbook::Link("HTTPS://x.example/a".into()))
        );
        assert_eq!(
            runbook("https://x y"),
            Some(Runbook::Text("https://x y".into()))
        );
        assert_eq!(runbook("/wiki/a"), Some(Runbook::Text("/wiki/a".into())));
        assert_eq!(active_for(None, NOW), "");
        assert_eq!(active_for(Some(NOW + 5000), NOW), "0s");
        // An engine that reports no rule state: the alerts decide.
        let body = r#"{"status":"success","data":{"groups":[{"name":"g","rules":[{"type":"alerting","name":"A","alerts":[{"state":"pending","value":"NaN"}]}]}]}}"#;
        let g = decode_rules(200, body.as_bytes()).unwrap().data;
        let m = build(&g, &Filter::default(), NOW);
        assert_eq!(m.sections[0].state, AlertState::Pending);
        assert_eq!(m.sections[0].rules[0].alerts[0].value_text, "NaN");
        assert_eq!(severity_rank("CRITICAL"), 0);
        assert_eq!(severity_rank("page"), 0);
        assert_eq!(severity_rank("low"), 3);
    }
}
