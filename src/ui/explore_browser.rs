//! The metrics browser: search the datasource's metric names (with TYPE and HELP from
//! `/api/v1/metadata`), pick one to see its series count and label cardinality
//! (`promboard_core::explore::cardinality` over `/api/v1/series?match[]=NAME`), insert it into
//! the first query.
//!
//! DOM contract: `data-testid="metrics-browser"`, search `metrics-search`, rows
//! `data-metric`, the picked metric's panel `metric-detail` with `data-series` and label rows
//! `data-label` / `data-values`, the insert button `metric-insert`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::explore::{self, rank::rank, Cardinality};
use promboard_core::prom::decode::decode_series;
use promboard_core::prom::request;

use super::explore::ExploreCtx;
use crate::client;

const SHOWN: usize = 100;

#[component]
pub fn MetricsBrowser(on_insert: Callback<String>) -> impl IntoView {
    let Some(ectx) = use_context::<ExploreCtx>() else {
        return ().into_any();
    };
    let search = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<String>);
    let detail = RwSignal::new(None::<Result<Cardinality, String>>);
    let opened = RwSignal::new(false);

    let rows = Memo::new(move |_| {
        if !opened.get() {
            return Vec::new();
        }
        let metrics = ectx.metrics_now();
        let q = search.get();
        rank(&metrics, |m| m.name.as_str(), &q, SHOWN)
            .into_iter()
            .map(|i| metrics[i].clone())
            .collect::<Vec<_>>()
    });
    let total = move || ectx.metrics.with(|_| ectx.metrics_now().len());

    let pick = move |name: String| {
        picked.set(Some(name.clone()));
        detail.set(None);
        let Some(ds) = ectx.ds.get_untracked() else {
            return;
        };
        let (start, end) = match ectx.range_ms.get_untracked() {
            Ok((f, t)) => (Some(f as f64 / 1000.0), Some(t as f64 / 1000.0)),
            Err(_) => (None, None),
        };
        spawn_local(async move {
            let req = request::series(std::slice::from_ref(&name), start, end);
            let got = client::fetch_decoded(&ds, &req, decode_series, None).await;
            let shown = match got {
                Ok(Ok(series)) => Ok(explore::cardinality(&series)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(client::ApiFailure::Failed(m)) => Err(m),
                Err(client::ApiFailure::Cancelled) => return,
            };
            if picked.get_untracked().as_deref() == Some(name.as_str()) {
                let _ = detail.try_set(Some(shown));
            }
        });
    };

    let detail_view = move || {
        let name = picked.get()?;
        let body = match detail.get() {
            None => view! { <p class="muted">"Counting series…"</p> }.into_any(),
            Some(Err(m)) => view! { <p class="error">{m}</p> }.into_any(),
            Some(Ok(c)) => {
                let series = c.series;
                view! {
                    <p data-series=series.to_string()>{format!("{series} series · {} labels", c.labels.len())}</p>
                    <table class="cardinality">
                        <thead><tr><th>"Label"</th><th>"Distinct values"</th></tr></thead>
                        <tbody>
                            {c.labels.into_iter().map(|(l, n)| view! {
                                <tr data-label=l.clone() data-values=n.to_string()><td>{l.clone()}</td><td class="num">{n}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }
        };
        let insert_name = name.clone();
        Some(view! {
            <div class="metric-detail" data-testid="metric-detail">
                <h3><code>{name.clone()}</code>
                    <button data-testid="metric-insert" on:click=move |_| on_insert.run(insert_name.clone())>"Insert into query"</button>
                </h3>
                {body}
            </div>
        })
    };

    view! {
        <details class="metrics-browser" data-testid="metrics-browser"
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlElement>(&ev).has_attribute("open");
                opened.set(open);
            }>
            <summary>"Metrics browser"</summary>
            <div class="metrics-browser-body">
                <div class="metrics-list">
                    <input type="search" placeholder="Search metric names" data-testid="metrics-search"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))/>
                    <p class="muted">{move || format!("{} metrics", total())}</p>
                    <ul>
                        {move || rows.get().into_iter().map(|m| {
                            let name = m.name.clone();
                            let active = {
                                let n = name.clone();
                                move || picked.get().as_deref() == Some(n.as_str())
                            };
                            view! {
                                <li data-metric=m.name.clone() class:active=active
                                    on:click=move |_| pick(name.clone())>
                                    <code>{m.name.clone()}</code>
                                    <span class=format!("metric-type t-{}", m.kind)>{m.kind.clone()}</span>
                                    <span class="metric-help">{m.help.clone()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
                {detail_view}
            </div>
        </details>
    }
    .into_any()
}
