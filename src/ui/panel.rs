//! One panel: header, state contract, queries, and the view for its kind.
//!
//! DOM contract (../shared/DESIGN.md): the root carries `data-panel-id` and
//! `data-panel-state` = `loading | ok | nodata | error | unsupported`; an error shows its
//! reason as text; single-value panels show their display text with `data-value`.
//! The last good view stays visible while a refresh runs, and after a failed one (marked
//! stale by the error badge), so a wall screen never goes blank on a blip.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::model::Panel;
use promboard_core::panel::{
    self, LegendItem, PanelState, PanelView as View, PlanEnv, QueryOutcome, StatPanel, TablePanel,
    ValueItem,
};
use web_sys::AbortController;

use super::canvas::{ChartCanvas, Sparkline};
use super::dashboard::DashCtx;
use super::AppCtx;
use crate::client;

#[component]
pub fn PanelView(panel: Arc<Panel>, row_top: u32) -> impl IntoView {
    let (Some(app), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let id = panel.id;
    let state = RwSignal::new(PanelState::Loading);
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<String>::new());
    let view_model = RwSignal::new(None::<Arc<View>>);
    let body_ref = NodeRef::<leptos::html::Div>::new();
    let inflight: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);

    // Query whenever the range, the refresh tick or the width class changes.
    let p = panel.clone();
    let config = app.config.clone();
    Effect::new(move || {
        let range = dash.range_ms.get();
        dash.tick.track();
        let Some(scope) = dash.vars.get() else { return };
        let Ok((from_ms, to_ms)) = range else { return };
        let width_px = body_ref
            .get()
            .map(|el| el.client_width().max(100) as u32)
            .unwrap_or(800);
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
        if let Some(v) = panel::static_view(&p) {
            state.set(v.state());
            view_model.set(Some(Arc::new(v)));
            return;
        }
        state.set(PanelState::Loading);
        spawn_local(async move {
            let Some(ds) = config.resolve_datasource(p.datasource.as_deref()) else {
                return;
            };
            let env = PlanEnv {
                from_ms,
                to_ms,
                width_px,
                scrape_interval_ms: ds.scrape_interval_ms(),
            };
            let plans = panel::plan_queries(&p, &env, &scope);
            let results = client::run_queries(&config, &p, &plans, ctrl.as_ref()).await;
            if results
                .iter()
                .any(|r| matches!(r.outcome, QueryOutcome::Cancelled))
            {
                return;
            }
            let evaluated = panel::evaluate(
                &p,
                &plans,
                &results,
                &panel::EvalEnv {
                    from_ms,
                    to_ms,
                    now_ms: crate::browser::now_ms(),
                    tz_offset_min: tz,
                    dark,
                },
            );
            warnings.set(evaluated.warnings.clone());
            match evaluated.error {
                Some(reason) => {
                    error.set(Some(reason));
                    state.set(PanelState::Error);
                }
                None => {
                    error.set(None);
                    state.set(evaluated.view.state());
                    view_model.set(Some(Arc::new(evaluated.view)));
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

fn render_view(v: Arc<View>, dash: DashCtx) -> impl IntoView {
    match &*v {
        View::NoData { message } | View::Unsupported { message } => {
            view! { <div class="panel-message">{message.clone()}</div> }.into_any()
        }
        View::Text { text } => view! { <div class="text-panel">{text.clone()}</div> }.into_any(),
        View::Stat(stat) => stat_view(stat.clone()).into_any(),
        View::Table(table) => table_view(table.clone()).into_any(),
        View::TimeSeries(ts) => {
            let legend = ts.legend.clone();
            let show = ts.show_legend && !legend.is_empty();
            let table = ts.legend_table;
            view! {
                <div class="chart-with-legend">
                    <div class="chart-area"><ChartCanvas view=v.clone() dash=dash/></div>
                    {show.then(|| legend_view(legend, table))}
                </div>
            }
            .into_any()
        }
        View::Gauge(g) => {
            let items: Vec<ValueItem> = g.items.iter().map(|i| i.value.clone()).collect();
            view! { <ChartCanvas view=v.clone() dash=dash/> {values_for_dom(items)} }.into_any()
        }
        View::BarGauge(b) => {
            let items = b.items.clone();
            view! { <ChartCanvas view=v.clone() dash=dash/> {values_for_dom(items)} }.into_any()
        }
        View::Heatmap(_) | View::StateTimeline(_) => {
            view! { <ChartCanvas view=v.clone() dash=dash/> }.into_any()
        }
    }
}

/// Stat values are DOM text (crisp, selectable, scriptable); only the sparkline is canvas.
fn stat_view(stat: StatPanel) -> impl IntoView {
    let n = stat.items.len();
    let background = stat.background;
    let box_ref = NodeRef::<leptos::html::Div>::new();
    let size = RwSignal::new((0.0f64, 0.0f64));
    Effect::new(move || {
        if let Some(el) = box_ref.get() {
            size.set((f64::from(el.client_width()), f64::from(el.client_height())));
        }
    });
    view! {
        <div class="stat-grid" node_ref=box_ref>
            {stat.items.into_iter().map(|item| {
                let value = item.value.clone();
                let color = value.color.clone();
                let text = value.text.clone();
                let font = {
                    let text = text.clone();
                    move || {
                        let (w, h) = size.get();
                        format!("{}px", panel::stat_font_px(&text, w, h, n))
                    }
                };
                view! {
                    <div class="stat" class:bg=background
                        style:background-color=if background { color.clone() } else { String::new() }>
                        {item.sparkline.map(|s| view! { <Sparkline points=s color=color.clone()/> })}
                        {value.show_name.then(|| view! { <div class="stat-name">{value.name.clone()}</div> })}
                        <div class="stat-value" data-value=text.clone()
                            style:color=if background { String::new() } else { color.clone() }
                            style:font-size=font>
                            {text.clone()}
                        </div>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// Gauge and bar-gauge values, in the DOM for scripts and screen readers (the canvas draws them).
fn values_for_dom(items: Vec<ValueItem>) -> impl IntoView {
    view! {
        <ul class="sr-only">
            {items.into_iter().map(|i| view! {
                <li><span>{i.name.clone()}</span>": "<span data-value=i.text.clone()>{i.text.clone()}</span></li>
            }).collect_view()}
        </ul>
    }
}

fn legend_view(items: Vec<LegendItem>, table: bool) -> impl IntoView {
    if table {
        let heads: Vec<String> = items
            .first()
            .map(|i| i.calcs.iter().map(|c| c.0.clone()).collect())
            .unwrap_or_default();
        view! {
            <div class="legend legend-table">
                <table class="data">
                    <thead><tr><th scope="col">"Name"</th>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {items.into_iter().map(|i| view! {
                            <tr>
                                <td><span class="swatch" style:background-color=i.color.clone()></span>" "{i.name.clone()}</td>
                                {i.calcs.into_iter().map(|(_, v)| view! { <td>{v}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="legend" role="list">
                {items.into_iter().map(|i| view! {
                    <span class="legend-item" role="listitem">
                        <span class="swatch" style:background-color=i.color.clone()></span>
                        {i.name.clone()}
                        {i.calcs.into_iter().map(|(k, v)| format!("  {k}: {v}")).collect::<String>()}
                    </span>
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}

fn table_view(table: TablePanel) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>{table.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {table.rows.into_iter().map(|r| view! {
                        <tr>{r.into_iter().map(|cell| view! {
                            <td style:color=cell.color.unwrap_or_default()>{cell.text}</td>
                        }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
