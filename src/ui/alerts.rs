//! The alerts page (`?page=alerts`): alerting rules from the default datasource grouped by
//! state and severity, filter chips and search, and (when `alertmanager.url` is configured)
//! Alertmanager's alerts and silences with a form to create a silence.
//!
//! Thin: the page model comes from `promboard_core::alerts`; this file fetches every 30 s,
//! keeps the filter, and writes text nodes. DOM contract: every rule row carries
//! `data-alert-rule=NAME` and `data-alert-state=firing|pending|inactive`; Alertmanager alerts
//! carry `data-am-alert=NAME` and `data-am-state`; silences `data-silence-id`.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::alerts::alertmanager::{self as am, AmAlertView, SilenceView};
use promboard_core::alerts::view::{self, AlertState, AlertView, Filter, RuleView, Runbook};
use promboard_core::prom::api::RuleGroup;
use promboard_core::prom::types::Labels;

use super::AppCtx;
use crate::{browser, client};

const REFRESH_MS: u32 = 30_000;

#[component]
pub fn AlertsPage() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    browser::set_document_title("Alerts · promboard");
    let url = ctx.url;
    let config = ctx.config.clone();

    // Refresh: a tick every 30 s (and on demand after creating a silence).
    let tick = RwSignal::new(0u64);
    let timer: StoredValue<Option<gloo_timers::callback::Interval>, LocalStorage> =
        StoredValue::new_local(Some(gloo_timers::callback::Interval::new(
            REFRESH_MS,
            move || tick.update(|t| *t += 1),
        )));
    on_cleanup(move || timer.set_value(None));

    let ds = config.default_datasource().cloned();
    let rules = LocalResource::new(move || {
        tick.track();
        let ds = ds.clone();
        async move {
            let Some(ds) = ds else {
                return Err("No datasource is configured in config.json".to_owned());
            };
            match client::fetch_alert_rules(&ds, None).await {
                Ok(groups) => Ok((Arc::new(groups), browser::now_ms())),
                Err(client::ApiFailure::Failed(m)) => Err(m),
                Err(client::ApiFailure::Cancelled) => Err("cancelled".to_owned()),
            }
        }
    });

    let states = RwSignal::new(BTreeSet::<AlertState>::new());
    let search = Memo::new(move |_| url.with(|u| u.search.clone().unwrap_or_default()));
    let model = Memo::new(move |_| {
        let filter = Filter {
            states: states.get(),
            search: search.get(),
        };
        rules.get().map(|r| {
            r.map(|(groups, now_ms): (Arc<Vec<RuleGroup>>, i64)| {
                view::build(&groups, &filter, now_ms)
            })
        })
    });

    let nav = ctx.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut next = nav.url.get_untracked();
        next.search = (!text.is_empty()).then_some(text);
        nav.navigate(next, true);
    };

    let chips = move || {
        let counts = model
            .get()
            .and_then(|m| m.ok())
            .map(|m| m.counts)
            .unwrap_or_default();
        AlertState::ALL
            .into_iter()
            .map(|s| {
                let on = move || states.with(|set| set.contains(&s));
                view! {
                    <button type="button" class=format!("chip chip-{}", s.as_str())
                        class:on=on aria-pressed=move || on().to_string()
                        data-filter-state=s.as_str()
                        on:click=move |_| states.update(|set| {
                            let mut f = Filter { states: std::mem::take(set), search: String::new() };
                            f.toggle(s);
                            *set = f.states;
                        })>
                        {format!("{} {}", s.title(), counts.get(s))}
                    </button>
                }
            })
            .collect_view()
    };

    let am_base = config.alertmanager.as_ref().map(|a| a.url.clone());

    view! {
        <main class="content alerts-page">
            <div class="alerts-toolbar">
                <h1>"Alerts"</h1>
                <div class="chips" role="group" aria-label="Filter by state">{chips}</div>
                <input class="alerts-search" type="search" placeholder="Search name, labels, annotations"
                    aria-label="Search alerts" prop:value=move || search.get() on:input=on_search/>
                <span class="refresh-note">"refreshes every 30 s"</span>
                <a class="backtest-link" href="?page=backtest">"Backtest rules"</a>
            </div>
            {move || match model.get() {
                None => view! { <p class="muted">"Loading alert rules…"</p> }.into_any(),
                Some(Err(m)) => view! { <div class="fatal" role="alert">{m}</div> }.into_any(),
                Some(Ok(m)) => {
                    if m.total_rules == 0 {
                        return view! { <p class="muted">"Prometheus has no alerting rules loaded."</p> }.into_any();
                    }
                    if m.sections.is_empty() {
                        return view! { <p class="muted">"No rule matches the filter."</p> }.into_any();
                    }
                    m.sections.into_iter().map(|s| {
                        let title = if s.severity.is_empty() {
                            format!("{} · no severity", s.state.title())
                        } else {
                            format!("{} · {}", s.state.title(), s.severity)
                        };
                        view! {
                            <section class=format!("alert-section state-{}", s.state.as_str())>
                                <h2>{title}<span class="count">{s.rules.len()}</span></h2>
                                <ul class="alert-rules">
                                    {s.rules.into_iter().map(rule_row).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view().into_any()
                }
            }}
            {am_base.map(|base| view! { <AlertmanagerSection base=base tick=tick/> })}
        </main>
    }
    .into_any()
}

fn label_chips(labels: Vec<(String, String)>) -> impl IntoView {
    labels
        .into_iter()
        .map(|(k, v)| view! { <span class="label-chip">{format!("{k}={v}")}</span> })
        .collect_view()
}

fn rule_row(r: RuleView) -> impl IntoView {
    let state = r.state.as_str();
    let runbook = r.runbook.clone().map(|rb| match rb {
        Runbook::Link(href) => view! {
            <a class="runbook" href=href target="_blank" rel="noopener noreferrer">"Runbook"</a>
        }
        .into_any(),
        Runbook::Text(t) => view! { <span class="runbook runbook-text" title="not an http(s) link">{format!("Runbook: {t}")}</span> }.into_any(),
    });
    let no_alerts = r.alerts.is_empty();
    let summary = (no_alerts && !r.summary_template.is_empty()).then(|| {
        view! { <p class="rule-template" title="The template as written: nothing is active">{r.summary_template.clone()}</p> }
    });
    let health = (r.health == "err").then(|| {
        view! { <p class="rule-error" role="alert">{format!("Rule evaluation failed: {}", r.last_error)}</p> }
    });
    view! {
        <li class=format!("alert-rule state-{state}") data-alert-rule=r.name.clone() data-alert-state=state>
            <div class="rule-head">
                <span class=format!("state-badge state-{state}")>{state}</span>
                <span class="rule-name">{r.name.clone()}</span>
                {(!r.severity.is_empty()).then(|| view! {
                    <span class=format!("severity sev-{}", r.severity.to_ascii_lowercase())>{r.severity.clone()}</span>
                })}
                {(!r.for_text.is_empty()).then(|| view! { <span class="rule-for">{format!("for {}", r.for_text)}</span> })}
                <span class="rule-group muted">{r.group.clone()}</span>
                {runbook}
            </div>
            {summary}
            {health}
            <ul class="rule-alerts">{r.alerts.into_iter().map(alert_row).collect_view()}</ul>
            <details class="rule-query"><summary>"Query"</summary><code>{r.query.clone()}</code></details>
        </li>
    }
}

fn alert_row(a: AlertView) -> impl IntoView {
    let state = a.state.as_str();
    let since = if a.active_for.is_empty() {
        String::new()
    } else {
        format!("active for {}", a.active_for)
    };
    view! {
        <li class="alert-instance" data-alert-state=state>
            <div class="alert-meta">
                <span class=format!("state-badge small state-{state}")>{state}</span>
                <span class="active-for">{since}</span>
                <span class="alert-value">{format!("value {}", a.value_text)}</span>
                {label_chips(a.labels)}
            </div>
            {(!a.summary.is_empty()).then(|| view! { <p class="alert-summary">{a.summary}</p> })}
            {(!a.description.is_empty()).then(|| view! { <p class="alert-description">{a.description}</p> })}
            {(!a.complete).then(|| view! { <p class="muted small">"Part of this template could not be expanded here; it is shown as written."</p> })}
        </li>
    }
}

/// What the silence form targets.
#[derive(Clone, Debug, PartialEq)]
struct SilenceTarget {
    name: String,
    labels: Labels,
}

#[component]
fn AlertmanagerSection(base: String, tick: RwSignal<u64>) -> impl IntoView {
    let base = Arc::new(base);
    let am_tick = RwSignal::new(0u64);
    let fetch_base = base.clone();
    let data = LocalResource::new(move || {
        tick.track();
        am_tick.track();
        let base = fetch_base.clone();
        async move {
            client::fetch_alertmanager(&base)
                .await
                .map(|(a, s)| Arc::new(am::view(&a, &s, browser::now_ms())))
        }
    });
    let target = RwSignal::new(None::<SilenceTarget>);
    let duration = RwSignal::new("2h".to_owned());
    let author = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);

    let submit_base = base.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(t) = target.get_untracked() else {
            return;
        };
        let dur =
            promboard_core::prom::duration::parse_duration_ms(duration.get_untracked().trim());
        let made = match dur {
            Err(e) => Err(format!("Duration: {e}")),
            Ok(ms) => am::silence_for(
                &t.labels,
                browser::now_ms(),
                ms,
                &author.get_untracked(),
                &comment.get_untracked(),
            )
            .map_err(|e| e.to_string()),
        };
        let silence = match made {
            Ok(s) => s,
            Err(m) => {
                outcome.set(Some(Err(m)));
                return;
            }
        };
        busy.set(true);
        let base = submit_base.clone();
        spawn_local(async move {
            let r = client::create_silence(&base, &silence).await;
            busy.set(false);
            if r.is_ok() {
                target.set(None);
                comment.set(String::new());
                am_tick.update(|t| *t += 1);
            }
            outcome.set(Some(
                r.map(|id| format!("Silence {id} created for {}.", t.name)),
            ));
        });
    };

    view! {
        <section class="am-section" aria-label="Alertmanager">
            <h2>"Alertmanager"<span class="muted small">{format!(" {}", base)}</span></h2>
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p class="am-ok" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="am-error" role="alert">{m}</p> }.into_any(),
            })}
            {move || target.get().map(|t| view! {
                <form class="silence-form" on:submit=on_submit.clone()>
                    <h3>{format!("Silence {}", t.name)}</h3>
                    <p class="small">"Matches exactly: "{label_chips(t.labels.into_iter().collect())}</p>
                    <label>"Duration "<input name="duration" prop:value=move || duration.get()
                        on:input=move |ev| duration.set(event_target_value(&ev))/></label>
                    <label>"Author "<input name="author" prop:value=move || author.get()
                        on:input=move |ev| author.set(event_target_value(&ev))/></label>
                    <label>"Comment "<input name="comment" class="wide" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))/></label>
                    <button type="submit" prop:disabled=move || busy.get()>"Create silence"</button>
                    <button type="button" on:click=move |_| target.set(None)>"Cancel"</button>
                </form>
            })}
            {move || match data.get() {
                None => view! { <p class="muted">"Loading Alertmanager…"</p> }.into_any(),
                Some(Err(m)) => view! { <div class="am-error" role="alert">{m}</div> }.into_any(),
                Some(Ok(v)) => {
                    let (alerts, silences) = (*v).clone();
                    view! {
                        <h3>{format!("Alerts ({})", alerts.len())}</h3>
                        {alerts.is_empty().then(|| view! { <p class="muted">"Alertmanager has no alerts."</p> })}
                        <ul class="am-alerts">{alerts.into_iter().map(|a| am_alert_row(a, target, outcome)).collect_view()}</ul>
                        <h3>{format!("Silences ({})", silences.len())}</h3>
                        <p class="cors-note">{am::CORS_NOTE}</p>
                        {silences.is_empty().then(|| view! { <p class="muted">"No silences."</p> })}
                        <ul class="am-silences">{silences.into_iter().map(silence_row).collect_view()}</ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

fn am_alert_row(
    a: AmAlertView,
    target: RwSignal<Option<SilenceTarget>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let state = a.state.as_str();
    let t = SilenceTarget {
        name: a.name.clone(),
        labels: a.labels.clone(),
    };
    let labels: Vec<(String, String)> = a
        .labels
        .iter()
        .filter(|(k, _)| k.as_str() != "alertname")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let by = (!a.suppressed_by.is_empty()).then(|| format!("by {}", a.suppressed_by.join(", ")));
    view! {
        <li class="am-alert" data-am-alert=a.name.clone() data-am-state=state>
            <span class=format!("state-badge small am-{state}")>{state}</span>
            <span class="rule-name">{a.name.clone()}</span>
            {(!a.active_for.is_empty()).then(|| view! { <span class="active-for">{format!("since {}", a.active_for)}</span> })}
            {by.map(|b| view! { <span class="muted small">{b}</span> })}
            {label_chips(labels)}
            {(!a.summary.is_empty()).then(|| view! { <span class="alert-summary">{a.summary.clone()}</span> })}
            <button type="button" class="silence-btn" on:click=move |_| {
                outcome.set(None);
                target.set(Some(t.clone()));
            }>"Silence"</button>
        </li>
    }
}

fn silence_row(s: SilenceView) -> impl IntoView {
    view! {
        <li class=format!("am-silence silence-{}", s.state) data-silence-id=s.id.clone() data-silence-state=s.state.clone()>
            <span class=format!("state-badge small silence-{}", s.state)>{s.state.clone()}</span>
            <code class="matchers">{s.matchers}</code>
            <span class="muted small">{s.when}</span>
            <span class="small">{format!("{}: {}", s.created_by, s.comment)}</span>
            <span class="muted small" title=am::CORS_NOTE>"expire: not from the browser"</span>
        </li>
    }
}
