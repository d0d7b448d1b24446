//! One panel: header, state contract, queries, and the view for its kind.
//!
//! DOM contract (../shared/DESIGN.md): the root carries `data-panel-id` and
//! `data-panel-state` = `loading | ok | nodata | error | unsupported`; an error shows its
//! reason as text; single-value panels show their display text with `data-value`.
//! The last good view stays visible while a refresh runs, and after a failed one (marked
//! stale by the error badge), so a wall screen never goes blank on a blip.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::model::Panel;
use promboard_core::panel::{self, PanelState, PanelView as View, PlanEnv, QueryOutcome};
use web_sys::AbortController;

use super::canvas::{ChartCanvas, Sparkline};
use super::dashboard::DashCtx;
use super::AppCtx;
use crate::client;

#[component]
pub fn PanelView(panel: Rc<Panel>, row_top: u32) -> impl IntoView {
    let (Some(app), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let id = panel.id;
    let state = RwSignal::new(PanelState::Loading);
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<String>::new());
    let view_model = RwSignal::new(None::<Rc<View>>);
    let body_ref = NodeRef::<leptos::html::Div>::new();
    let inflight: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);

    // Query whenever the range, the refresh tick or the width class changes.
    let p = panel.clone();
    let config = app.config.clone();
    Effect::new(move || {
        let range = dash.range_ms.get();
        dash.tick.track();
        let Ok((from_ms, to_ms)) = range else { return };
        let width_px = body_ref.get().map(|el| el.client_width().max(100) as u32).unwrap_or(800);
        // Cancel whatever this panel still has in flight: its answer is stale now.
        if let Some(old) = inflight.get_value() {
            old.abort();
        }
        let ctrl = AbortController::new().ok();
        inflight.set_value(ctrl.clone());
        let p = p.clone();
        let config = config.clone();
        let tz = dash.tz_offset_min.get_untracked();
        let dark = dash.dark.get_untracked();
        if matches!(panel::static_view(&p), Some(_)) {
            let v = panel::static_view(&p);
            state.set(v.as_ref().map(|v| v.state()).unwrap_or(PanelState::Ok));
            view_model.set(v.map(Rc::new));
            return;
        }
        state.set(PanelState::Loading);
        spawn_local(async move {
            let Some(ds) = config.resolve_datasource(p.datasource.as_deref()) else { return };
            let env = PlanEnv {
                from_ms,
                to_ms,
                width_px,
                scrape_interval_ms: ds.scrape_interval_ms(),
            };
            let plans = panel::plan_queries(&p, &env);
            let results = client::run_queries(&config, &p, &plans, ctrl.as_ref()).await;
            if results.iter().any(|r| matches!(r.outcome, QueryOutcome::Cancelled)) {
                return;
            }
            let evaluated = panel::evaluate(&p, &plans, &results, &panel::EvalEnv {
                from_ms,
                to_ms,
                now_ms: crate::browser::now_ms(),
                tz_offset_min: tz,
                dark,
            });
            warnings.set(evaluated.warnings.clone());
            match evaluated.error {
                Some(reason) => {
                    error.set(Some(reason));
                    state.set(PanelState::Error);
                }
                None => {
                    error.set(None);
                    state.set(evaluated.view.state());
                    view_model.set(Some(Rc::new(evaluated.view)));
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(c) = inflight.get_value() {
            c.abort();
        }
    });

    let g = panel.grid;
    let title = panel.title.clone();
    let description = panel.description.clone().unwrap_or_default();
    let transparent = panel.transparent;
    let fullscreen = move || dash.view_panel.get() == Some(id);
    let hidden = move || dash.view_panel.get().is_some_and(|v| v != id);
    view! {
        <section class="panel" class:transparent=transparent class:fullscreen=fullscreen
            class:hidden=hidden
            data-panel-id=id.to_string()
            data-panel-state=move || state.get().as_str()
            aria-label=title.clone()
            style:grid-column=format!("{} / span {}", g.x + 1, g.w.clamp(1, 24))
            style:grid-row=format!("{} / span {}", g.y.saturating_sub(row_top) + 1, g.h.max(1))>
            <header class="panel-header">
                <span class="panel-title" title=description>{title.clone()}</span>
                {move || (!warnings.get().is_empty()).then(|| {
                    let text = warnings.get().join("\n");
                    view! { <span class="badge warn" title=text.clone() aria-label=text>"⚠"</span> }
                })}
                {move || (state.get() == PanelState::Loading).then(|| view! { <span class="loading" aria-label="loading"></span> })}
            </header>
            <div class="panel-body" node_ref=body_ref>
                {move || match (state.get(), error.get(), view_model.get()) {
                    (PanelState::Error, Some(reason), _) => view! {
                        <div class="panel-message error" role="alert" data-panel-error="">{reason}</div>
                    }.into_any(),
                    (_, _, Some(v)) => render_view(v, dash).into_any(),
                    _ => ().into_any(),
                }}
            </div>
        </section>
    }
    .into_any()
}

fn render_view(v: Rc<View>, dash: DashCtx) -> impl IntoView {
    match &*v {
        View::NoData { message } => view! { <div class="panel-message">{message.clone()}</div> }.into_any(),
        View::Unsupported { message } => view! { <div class="panel-message">{message.clone()}</div> }.into_any(),
        View::Text { text } => view! { <div class="text-panel">{text.clone()}</div> }.into_any(),
        View::Stat(stat) => {
            let items = stat.items.clone();
            let background = stat.background;
            view! {
                <div class="stat-grid">
                    {items.into_iter().map(|item| {
                        let color = item.color.clone();
                        let spark = item.sparkline.clone();
                        view! {
                            <div class="stat" class:bg=background
                                style:background-color=if background { color.clone() } else { String::new() }>
                                {spark.map(|s| view! { <Sparkline points=s color=color.clone()/> })}
                                {item.name.clone().map(|n| view! { <div class="stat-name">{n}</div> })}
                                <div class="stat-value" data-value=item.text.clone()
                                    style:color=if background { String::new() } else { item.color.clone() }
                                    style:font-size=format!("{}px", item.font_px)>
                                    {item.text.clone()}
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        View::Table(table) => {
            let table = table.clone();
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead><tr>{table.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {table.rows.iter().map(|r| view! {
                                <tr>{r.iter().map(|cell| view! {
                                    <td style:color=cell.color.clone().unwrap_or_default()>{cell.text.clone()}</td>
                                }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }
        _ => view! { <ChartCanvas view=v.clone() dash=dash/> }.into_any(),
    }
}
