//! The targets page (`?page=targets`): the default datasource's `/api/v1/targets`, grouped by
//! scrape pool, refreshed every 15 s; clicking a target shows its current series (an instant
//! query of `{job, instance}`). All text and ordering comes from `promboard_core::monitor`.
//!
//! DOM contract: each target row has `data-target-job`, `data-target-instance` and
//! `data-target-health` = `up | down | unknown`, and shows its last error as text; the raw
//! series table (`data-raw-series`) has one row per series with `data-metric`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::config::Datasource;
use promboard_core::monitor::status::{section, Section};
use promboard_core::monitor::targets::{
    raw_metrics_table, raw_series_expr, targets_view, RawMetricRow, TargetFilter, TargetRow,
};
use promboard_core::prom::api::TargetsData;
use promboard_core::prom::decode::decode_targets;
use promboard_core::prom::request;
use promboard_core::prom::types::QueryData;

use super::AppCtx;
use crate::browser;
use crate::client::{self, ApiFailure};

/// Auto-refresh period.
const REFRESH_MS: u32 = 15_000;
const ENDPOINT: &str = "/api/v1/targets";

/// A target picked for its raw series: (job, instance).
type TargetKey = (String, String);

#[component]
pub fn TargetsPage() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    browser::set_document_title("Targets · promboard");
    let Some(ds) = ctx.config.resolve_datasource(None).cloned().map(Arc::new) else {
        return view! { <main class="content"><div class="fatal" role="alert">"No datasource is configured in config.json."</div></main> }.into_any();
    };

    let tick = RwSignal::new(0u64);
    let data = RwSignal::new(None::<Section<TargetsData>>);
    let fetched_at_ms = RwSignal::new(0i64);
    let loading = RwSignal::new(false);
    let filter = RwSignal::new(TargetFilter::default());
    let selected = RwSignal::new(None::<TargetKey>);

    let fetch_ds = ds.clone();
    Effect::new(move || {
        tick.track();
        let ds = fetch_ds.clone();
        loading.set(true);
        spawn_local(async move {
            let req = request::targets(Some("active"));
            let got = client::fetch_decoded(&ds, &req, decode_targets, None).await;
            let next = match got {
                Err(ApiFailure::Cancelled) => None,
                Err(ApiFailure::Failed(m)) => Some(Section::Failed(m)),
                Ok(outcome) => Some(section(ENDPOINT, outcome)),
            };
            if let Some(next) = next {
                let _ = data.try_set(Some(next));
                let _ = fetched_at_ms.try_set(browser::now_ms());
            }
            let _ = loading.try_set(false);
        });
    });

    let timer: StoredValue<Option<gloo_timers::callback::Interval>, LocalStorage> =
        StoredValue::new_local(None);
    timer.set_value(Some(gloo_timers::callback::Interval::new(
        REFRESH_MS,
        move || {
            let _ = tick.try_update(|t| *t += 1);
        },
    )));
    on_cleanup(move || timer.set_value(None));

    let on_text = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        filter.update(|f| f.text = text);
    };
    let on_unhealthy = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        filter.update(|f| f.unhealthy_only = checked);
    };

    let view_model = Memo::new(move |_| {
        let f = filter.get();
        data.with(|d| match d {
            Some(Section::Ready(t)) => Some(Ok(targets_view(t, &f, fetched_at_ms.get()))),
            Some(Section::Missing(m) | Section::Failed(m)) => Some(Err(m.clone())),
            None => None,
        })
    });

    view! {
        <main class="content monitor targets-page">
            <div class="monitor-toolbar">
                <h1>"Targets"</h1>
                <span class="monitor-summary" data-testid="targets-summary">
                    {move || view_model.with(|v| match v {
                        Some(Ok(v)) => format!("{} up · {} down · {} unknown", v.counts.up, v.counts.down, v.counts.unknown),
                        _ => String::new(),
                    })}
                </span>
                <span class="spacer"></span>
                <label class="check">
                    <input type="checkbox" data-testid="unhealthy-only" on:change=on_unhealthy/>
                    "Unhealthy only"
                </label>
                <input class="monitor-search" type="search" aria-label="Filter targets"
                    placeholder="Filter by job, instance, label or error" on:input=on_text/>
                <button data-testid="targets-refresh" on:click=move |_| tick.update(|t| *t += 1)>
                    {move || if loading.get() { "Refreshing…" } else { "Refresh" }}
                </button>
            </div>
            {move || match view_model.get() {
                None => view! { <p class="muted">"Loading targets…"</p> }.into_any(),
                Some(Err(message)) => view! { <div class="notice" role="alert">{message}</div> }.into_any(),
                Some(Ok(v)) => {
                    let empty = v.empty_message(&filter.get_untracked());
                    view! {
                        {empty.map(|m| view! { <p class="muted">{m}</p> })}
                        {v.pools.into_iter().map(|pool| {
                            let ds = ds.clone();
                            let bad = pool.counts.down + pool.counts.unknown > 0;
                            view! {
                                <section class="pool" data-pool=pool.name.clone()>
                                    <h2>
                                        {pool.name.clone()}
                                        " "
                                        <span class="pool-counts" class:pool-bad=bad>
                                            {format!("({})", pool.counts.summary())}
                                        </span>
                                    </h2>
                                    <table class="monitor-table targets">
                                        <thead><tr>
                                            <th>"Endpoint"</th><th>"State"</th><th>"Labels"</th>
                                            <th>"Last scrape"</th><th>"Duration"</th><th>"Error"</th>
                                        </tr></thead>
                                        <tbody>
                                            {pool.rows.into_iter().map(|row| view! { <TargetRowView row=row selected=selected ds=ds.clone()/> }).collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                            }
                        }).collect_view()}
                    }.into_any()
                }
            }}
        </main>
    }
    .into_any()
}

#[component]
fn TargetRowView(
    row: TargetRow,
    selected: RwSignal<Option<TargetKey>>,
    ds: Arc<Datasource>,
) -> impl IntoView {
    let key: TargetKey = (row.job.clone(), row.instance.clone());
    let is_open = {
        let key = key.clone();
        Memo::new(move |_| selected.with(|s| s.as_ref() == Some(&key)))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            selected.update(|s| {
                *s = if s.as_ref() == Some(&key) {
                    None
                } else {
                    Some(key.clone())
                }
            })
        }
    };
    let health = row.health;
    view! {
        <tr data-target-job=row.job.clone() data-target-instance=row.instance.clone()
            data-target-health=health.as_str() class:open=move || is_open.get()>
            <td class="endpoint">
                <button class="linklike" title="Show this target's current series" aria-expanded=move || is_open.get().to_string() on:click=toggle>
                    {move || if is_open.get() { "▾ " } else { "▸ " }}{row.instance.clone()}
                </button>
                <div class="muted small">{row.scrape_url.clone()}</div>
            </td>
            <td><span class=format!("health health-{}", health.as_str())>{health.badge()}</span></td>
            <td class="labels">{row.labels.iter().map(|l| view! { <span class="label-chip">{l.clone()}</span> }).collect_view()}</td>
            <td title=format!("every {}", row.scrape_interval)>{row.last_scrape.clone()}</td>
            <td>{row.scrape_duration.clone()}</td>
            <td class="target-error">{row.last_error.clone()}</td>
        </tr>
        <Show when=move || is_open.get()>
            <tr class="raw-row"><td colspan="6"><RawSeries target=key.clone() ds=ds.clone()/></td></tr>
        </Show>
    }
}

/// The raw metrics view: every series the target exposes now, with its value.
#[component]
fn RawSeries(target: TargetKey, ds: Arc<Datasource>) -> impl IntoView {
    let expr = raw_series_expr(&target.0, &target.1);
    let rows = RwSignal::new(None::<Result<Vec<RawMetricRow>, String>>);
    let query = expr.clone();
    spawn_local(async move {
        let now_s = browser::now_ms() as f64 / 1000.0;
        let outcome = match client::instant_query(&ds, &query, now_s, None).await {
            Ok(r) => match r.data {
                QueryData::Series(s) => Some(Ok(raw_metrics_table(&s))),
                _ => Some(Ok(Vec::new())),
            },
            Err(ApiFailure::Failed(m)) => Some(Err(m)),
            Err(ApiFailure::Cancelled) => None,
        };
        if let Some(o) = outcome {
            let _ = rows.try_set(Some(o));
        }
    });
    view! {
        <div class="raw-series" data-raw-series=target.1.clone()>
            <div class="muted small"><code>{expr}</code></div>
            {move || match rows.get() {
                None => view! { <p class="muted">"Loading series…"</p> }.into_any(),
                Some(Err(m)) => view! { <div class="notice" role="alert">{m}</div> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"This target has no current series (it may be down, or its samples went stale)."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <p class="muted small">{format!("{} series", list.len())}</p>
                    <table class="monitor-table raw">
                        <tbody>
                            {list.into_iter().map(|r| view! {
                                <tr data-metric=r.name.clone()>
                                    <td class="metric-name">{r.name.clone()}<span class="muted">{r.labels}</span></td>
                                    <td class="num" data-value=r.value.clone()>{r.value.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </div>
    }
}
