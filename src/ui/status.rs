//! The status page (`?page=status`): build and runtime info, TSDB head statistics, rule-group
//! evaluation and command-line flags of the default datasource. Each section is fetched and
//! shown on its own: an endpoint the server lacks says so without hiding the others. Models
//! and text come from `promboard_core::monitor::status`.
//!
//! DOM contract: each section has `data-section` = `build | runtime | tsdb | rules | flags`
//! and `data-section-state` = `loading | ok | missing | error`; the version cell has
//! `data-build-version`, the head-series cell `data-head-series` (the raw number), each rule
//! group `data-rule-group`.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::config::Datasource;
use promboard_core::monitor::status::{
    build_info_rows, flag_rows, rule_group_rows, runtime_info_rows, section, section_state,
    tsdb_view, KeyValues, RuleGroupRow, Section, TopRow, TsdbView,
};
use promboard_core::prom::api::{BuildInfo, RuleGroup, RuntimeInfo, TsdbStatus};
use promboard_core::prom::decode::{
    decode_buildinfo, decode_flags, decode_rules, decode_runtimeinfo, decode_tsdb, Decoded,
};
use promboard_core::prom::error::PromError;
use promboard_core::prom::request::{self, ApiRequest, RuleFilter};

use super::AppCtx;
use crate::browser;
use crate::client::{self, ApiFailure};

type Slot<T> = RwSignal<Option<Section<T>>>;

/// Fetches one endpoint into its slot.
fn load<T, U>(
    ds: Arc<Datasource>,
    req: ApiRequest,
    decode: fn(u16, &[u8]) -> Result<Decoded<T>, PromError>,
    endpoint: &'static str,
    to_model: impl FnOnce(T) -> U + 'static,
    slot: Slot<U>,
) where
    T: 'static,
    U: Send + Sync + 'static,
{
    spawn_local(async move {
        let got = client::fetch_decoded(&ds, &req, decode, None).await;
        let next = match got {
            Err(ApiFailure::Cancelled) => return,
            Err(ApiFailure::Failed(m)) => Section::Failed(m),
            Ok(outcome) => section(endpoint, outcome).map(to_model),
        };
        let _ = slot.try_set(Some(next));
    });
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    browser::set_document_title("Status · promboard");
    let Some(ds) = ctx.config.resolve_datasource(None).cloned().map(Arc::new) else {
        return view! { <main class="content"><div class="fatal" role="alert">"No datasource is configured in config.json."</div></main> }.into_any();
    };
    let shown_url = ds.url.clone();

    let build: Slot<KeyValues> = RwSignal::new(None);
    let runtime: Slot<KeyValues> = RwSignal::new(None);
    let tsdb: Slot<TsdbView> = RwSignal::new(None);
    let rules: Slot<Vec<RuleGroupRow>> = RwSignal::new(None);
    let flags: Slot<BTreeMap<String, String>> = RwSignal::new(None);
    let flag_filter = RwSignal::new(String::new());
    let tick = RwSignal::new(0u64);

    Effect::new(move || {
        tick.track();
        let now = browser::now_ms();
        load(
            ds.clone(),
            request::buildinfo(),
            decode_buildinfo,
            "/api/v1/status/buildinfo",
            |b: BuildInfo| build_info_rows(&b),
            build,
        );
        load(
            ds.clone(),
            request::runtimeinfo(),
            decode_runtimeinfo,
            "/api/v1/status/runtimeinfo",
            move |r: RuntimeInfo| runtime_info_rows(&r, now),
            runtime,
        );
        load(
            ds.clone(),
            request::tsdb(),
            decode_tsdb,
            "/api/v1/status/tsdb",
            |s: TsdbStatus| tsdb_view(&s),
            tsdb,
        );
        load(
            ds.clone(),
            request::rules(RuleFilter::All),
            decode_rules,
            "/api/v1/rules",
            move |g: Vec<RuleGroup>| rule_group_rows(&g, now),
            rules,
        );
        load(
            ds.clone(),
            request::flags(),
            decode_flags,
            "/api/v1/status/flags",
            |f| f,
            flags,
        );
    });

    let flags_body = move |f: BTreeMap<String, String>| {
        view! {
            <input class="monitor-search" type="search" aria-label="Filter flags" placeholder="Filter flags"
                prop:value=move || flag_filter.get()
                on:input=move |ev| flag_filter.set(event_target_value(&ev))/>
            {move || kv_table(flag_rows(&f, &flag_filter.get()), false)}
        }
        .into_any()
    };
    let build_body = |rows: KeyValues| kv_table(rows, true);
    let runtime_body = |rows: KeyValues| kv_table(rows, false);
    view! {
        <main class="content monitor status-page">
            <div class="monitor-toolbar">
                <h1>"Status"</h1>
                <span class="muted">{shown_url}</span>
                <span class="spacer"></span>
                <button data-testid="status-refresh" on:click=move |_| tick.update(|t| *t += 1)>"Refresh"</button>
            </div>
            <div class="status-grid">
                {section_view("Build information", "build", build, build_body)}
                {section_view("Runtime information", "runtime", runtime, runtime_body)}
            </div>
            {section_view("TSDB status", "tsdb", tsdb, tsdb_body)}
            {section_view("Rule groups", "rules", rules, rules_body)}
            {section_view("Command-line flags", "flags", flags, flags_body)}
        </main>
    }
    .into_any()
}

fn section_view<T, F>(
    title: &'static str,
    name: &'static str,
    slot: Slot<T>,
    body: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> AnyView + Clone + Send + Sync + 'static,
{
    let state = move || slot.with(|s| section_state(s.as_ref()));
    view! {
        <section class="status-section" data-section=name data-section-state=state>
            <h2>{title}</h2>
            {move || match slot.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Section::Missing(m)) => view! { <p class="notice missing">{m}</p> }.into_any(),
                Some(Section::Failed(m)) => view! { <div class="notice" role="alert">{m}</div> }.into_any(),
                Some(Section::Ready(t)) => body.clone()(t),
            }}
        </section>
    }
}

fn kv_table(rows: KeyValues, mark_version: bool) -> AnyView {
    view! {
        <table class="monitor-table kv">
            <tbody>
                {rows.into_iter().map(|(k, v)| {
                    let version = (mark_version && k == "Version").then(|| v.clone());
                    view! { <tr><th>{k}</th><td data-build-version=version>{v}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn top_table(title: &'static str, unit: &'static str, rows: Vec<TopRow>) -> impl IntoView {
    view! {
        <div class="top-list">
            <h3>{title}</h3>
            {if rows.is_empty() {
                view! { <p class="muted">"Empty: no series in the head block yet, or not reported by this server."</p> }.into_any()
            } else {
                view! {
                    <table class="monitor-table top">
                        <thead><tr><th>"Name"</th><th class="num">{unit}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td class="top-name">
                                        <span class="top-bar" style:width=format!("{:.1}%", r.fraction * 100.0)></span>
                                        <span class="top-text">{r.name}</span>
                                    </td>
                                    <td class="num">{r.count}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}

fn tsdb_body(v: TsdbView) -> AnyView {
    let head_series = v.head_series.to_string();
    view! {
        <div data-head-series=head_series>{kv_table(v.head, false)}</div>
        <div class="top-lists">
            {top_table("Top metrics by series", "Series", v.top_metrics)}
            {top_table("Top label names by value count", "Values", v.top_label_names)}
            {top_table("Top label pairs by series", "Series", v.top_label_pairs)}
        </div>
    }
    .into_any()
}

fn rules_body(groups: Vec<RuleGroupRow>) -> AnyView {
    if groups.is_empty() {
        return view! { <p class="muted">"No rule groups are loaded."</p> }.into_any();
    }
    view! {
        <table class="monitor-table rule-groups">
            <thead><tr>
                <th>"Group"</th><th>"File"</th><th class="num">"Rules"</th><th>"Interval"</th>
                <th class="num">"Evaluation"</th><th>"Last evaluation"</th><th>"Errors"</th>
            </tr></thead>
            <tbody>
                {groups.into_iter().map(|g| {
                    let name = g.name.clone();
                    let failing = !g.errors.is_empty();
                    view! {
                    <tr data-rule-group=name class:rule-error=failing>
                        <td>{g.name}</td>
                        <td class="muted small">{g.file}</td>
                        <td class="num">{g.rules}</td>
                        <td>{g.interval}</td>
                        <td class="num" class:slow=g.slow>{g.evaluation}</td>
                        <td>{g.last_evaluation}</td>
                        <td class="target-error">
                            {g.errors.into_iter().map(|e| view! { <div><strong>{e.rule}</strong>": "{e.error}</div> }).collect_view()}
                        </td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
