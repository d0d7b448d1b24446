//! One panel: header, state contract, queries, and the view for its kind.
//!
//! DOM contract (../shared/DESIGN.md): the root carries `data-panel-id` and
//! `data-panel-state` = `loading | ok | nodata | error | unsupported`; an error shows its
//! reason as text; single-value panels show their display text with `data-value`.
//! The last good view stays visible while a refresh runs, and after a failed one it stays drawn
//! with `data-stale="true"` and a "stale" banner carrying the error (when `panel::stale` says
//! it still answers the same question), so a wall screen never goes blank on a blip.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::chart::legend::{self, LegendState};
use promboard_core::embed::PanelReport;
use promboard_core::export;
use promboard_core::model::{Panel, PanelKind, TimeSeriesOptions};
use promboard_core::panel::{
    self,
    stale::{self, FailureDisplay, RoundDecision, RoundKey},
    BodyKind, PanelState, PanelView as View, PlanEnv, QueryOutcome, QueryPlan, QueryResult,
    StatPanel, TablePanel, TimeSeriesPanel, ValueItem,
};
use web_sys::AbortController;

use super::canvas::{ChartCanvas, Sparkline};
use super::dashboard::DashCtx;
use super::legend::SeriesLegend;
use super::overlay::{unique_id, TimeSeriesChart};
use super::AppCtx;
use crate::{browser, client};

/// What the panel body shows; equal when nothing visible changed (views by identity), so a
/// refresh that brought the same data, or a pass through `loading`, redraws nothing.
#[derive(Clone)]
enum Shown {
    Nothing,
    Error(String),
    View(Arc<View>),
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Shown::Nothing, Shown::Nothing) => true,
            (Shown::Error(a), Shown::Error(b)) => a == b,
            (Shown::View(a), Shown::View(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The plans and results of the last completed query round (for inspect and CSV).
type LastRound = Arc<(Vec<QueryPlan>, Vec<QueryResult>)>;

#[component]
pub fn PanelView(
    panel: Arc<Panel>,
    row_top: u32,
    /// Variables pinned for a repeated copy, set on top of the dashboard scope.
    #[prop(optional)]
    pinned: Vec<(String, String)>,
) -> impl IntoView {
    let (Some(app), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let id = panel.id;
    let state = RwSignal::new(PanelState::Loading);
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<String>::new());
    let view_model = RwSignal::new(None::<Arc<View>>);
    // Bumped each time a new view replaces the old one (a redraw); read by tests.
    let generation = RwSignal::new(0u32);
    let last_round = RwSignal::new(None::<LastRound>);
    let root_ref = NodeRef::<leptos::html::Section>::new();
    let body_ref = NodeRef::<leptos::html::Div>::new();
    let inflight: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);

    // Only panels on screen query: an IntersectionObserver on the panel's root.
    let visible = RwSignal::new(false);
    let observer: StoredValue<Option<browser::VisibilityObserver>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move || {
        let Some(el) = root_ref.get() else { return };
        let el: web_sys::Element = el.into();
        match browser::observe_visibility(&el, move |v| {
            let _ = visible.try_set(v);
        }) {
            Some(o) => observer.set_value(Some(o)),
            None => visible.set(true),
        }
    });

    // Query whenever the range, the refresh tick or the variables change and the panel is
    // visible; a change while off-screen waits until the panel is scrolled to.
    // Rounds: the last started, the one in flight, and the one the shown view came from
    // (decisions in `panel::stale`).
    let queried_key = StoredValue::new(None::<RoundKey>);
    let running_key = StoredValue::new(None::<RoundKey>);
    let good_key = StoredValue::new(None::<RoundKey>);
    let stale = RwSignal::new(false);
    let drawn_key = StoredValue::new(None::<(u64, i64, i64)>);
    let p = panel.clone();
    let config = app.config.clone();
    // The dashboard scope with this copy's pins, and just the part the queries use: a change
    // of any other variable leaves `data_scope` equal, so it does not re-query.
    let pinned = Arc::new(pinned);
    let pins = pinned.clone();
    let full_scope = Memo::new(move |_| {
        dash.vars
            .get()
            .map(|s| Arc::new(promboard_core::layout::pin_scope(&s, &pins)))
    });
    let deps = promboard_core::layout::panel_dependencies(&panel);
    let data_scope = Memo::new(move |_| {
        full_scope
            .get()
            .map(|s| Arc::new(promboard_core::layout::project(&s, &deps)))
    });
    // Query rounds started (for tests: `data-query-count`).
    let query_count = RwSignal::new(0u32);
    Effect::new(move || {
        let range = dash.range_ms.get();
        let tick = dash.tick.get();
        let Some(scope) = data_scope.get() else {
            return;
        };
        let Ok((from_ms, to_ms)) = range else { return };
        let p = p.clone();
        if let Some(v) = panel::static_view(&p) {
            if view_model.with_untracked(Option::is_none) {
                state.set(v.state());
                view_model.set(Some(Arc::new(v)));
            }
            return;
        }
        if !visible.get() {
            return;
        }
        let key = RoundKey {
            from_ms,
            to_ms,
            tick,
            scope: Arc::as_ptr(&scope) as usize,
        };
        let decision = stale::next_round(
            running_key.get_value().as_ref(),
            queried_key.get_value().as_ref(),
            &key,
        );
        if decision != RoundDecision::Start {
            return;
        }
        queried_key.set_value(Some(key));
        running_key.set_value(Some(key));
        query_count.update(|n| *n += 1);
        let width_px = body_ref
            .get_untracked()
            .map(|el| el.client_width().max(100) as u32)
            .unwrap_or(800);
        // Cancel whatever this panel still has in flight: its answer is stale now.
        if let Some(old) = inflight.get_value() {
            old.abort();
        }
        let ctrl = AbortController::new().ok();
        inflight.set_value(ctrl.clone());
        let config = config.clone();
        let tz = dash.tz_offset_min.get_untracked();
        let dark = dash.dark.get_untracked();
        state.set(PanelState::Loading);
        spawn_local(async move {
            let Some(ds) = config.resolve_datasource(p.datasource.as_deref()) else {
                error.set(Some(
                    "no datasource is configured in config.json".to_owned(),
                ));
                state.set(PanelState::Error);
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
            if running_key.get_value() == Some(key) {
                running_key.set_value(None);
            }
            if results
                .iter()
                .any(|r| matches!(r.outcome, QueryOutcome::Cancelled))
            {
                return;
            }
            // A large answer: let the browser breathe between decoding, evaluating and drawing,
            // and drop the round if a newer one started meanwhile.
            let big = panel::round_samples(&results) > panel::YIELD_ABOVE_SAMPLES;
            if big {
                browser::yield_now().await;
                if queried_key.get_value() != Some(key) {
                    return;
                }
            }
            let change = (export::data_fingerprint(&results), from_ms, to_ms);
            let unchanged =
                drawn_key.get_value() == Some(change) && view_model.with_untracked(Option::is_some);
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
            if big {
                browser::yield_now().await;
                if queried_key.get_value() != Some(key) {
                    return;
                }
            }
            last_round.set(Some(Arc::new((plans, results))));
            warnings.set(evaluated.warnings.clone());
            match evaluated.error {
                Some(reason) => {
                    let keep = stale::on_failure(good_key.get_value().as_ref(), &key)
                        == FailureDisplay::KeepStale
                        && view_model.with_untracked(Option::is_some);
                    stale.set(keep);
                    error.set(Some(reason));
                    state.set(PanelState::Error);
                }
                None => {
                    good_key.set_value(Some(key));
                    stale.set(false);
                    error.set(None);
                    state.set(evaluated.view.state());
                    if !unchanged {
                        drawn_key.set_value(Some(change));
                        view_model.set(Some(Arc::new(evaluated.view)));
                        generation.update(|g| *g += 1);
                    }
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(c) = inflight.get_value() {
            c.abort();
        }
        observer.set_value(None);
        let _ = dash.reports.try_update(|m| m.remove(&id));
        let _ = dash.health.try_update(|m| m.remove(&id));
    });

    let fullscreen = move || dash.view_panel.get() == Some(id);
    let hidden = move || dash.view_panel.get().is_some_and(|v| v != id);

    // Report state and visibility for the embedding API.
    Effect::new(move || {
        let report = PanelReport {
            id,
            state: state.get().as_str(),
            error: error.get(),
            visible: visible.get() && !hidden(),
        };
        dash.reports.update(|m| {
            m.insert(id, report);
        });
    });

    // Annotation regions join the time-series view here (cached, so an unchanged pair is the
    // same Arc and redraws nothing).
    let merged = StoredValue::new(None::<(usize, usize, Arc<View>)>);
    let with_regions = move |v: Arc<View>| {
        let regions = dash.regions.get();
        let key = (Arc::as_ptr(&v) as usize, Arc::as_ptr(&regions) as usize);
        if let Some((a, b, m)) = merged.get_value() {
            if (a, b) == key {
                return m;
            }
        }
        let m = panel::with_regions(&v, &regions).map_or(v, Arc::new);
        merged.set_value(Some((key.0, key.1, m.clone())));
        m
    };
    let shown = Memo::new(
        move |_| match (state.get(), error.get(), view_model.get()) {
            (PanelState::Error, Some(reason), _) if !stale.get() => Shown::Error(reason),
            (_, _, Some(v)) => Shown::View(with_regions(v)),
            _ => Shown::Nothing,
        },
    );
    // The body's element tree is rebuilt only when its kind changes; each new view reaches it
    // through `current` (see `BodyKind`).
    let body = Memo::new(move |_| {
        shown.with(|s| match s {
            Shown::Nothing => Body::Nothing,
            Shown::Error(_) => Body::Error,
            Shown::View(v) => Body::View(v.body_kind()),
        })
    });
    let current = Memo::new_with_compare(
        move |prev: Option<&Arc<View>>| match shown.get() {
            Shown::View(v) => v,
            _ => prev.cloned().unwrap_or_else(|| {
                Arc::new(View::NoData {
                    message: String::new(),
                })
            }),
        },
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    // Test hooks: how many regions this time-series panel draws, and their states.
    let is_ts = move || view_model.with(|v| matches!(v.as_deref(), Some(View::TimeSeries(_))));
    let region_count = move || is_ts().then(|| dash.regions.with(|r| r.len().to_string()));
    let region_states = move || {
        is_ts().then(|| {
            dash.regions
                .with(|r| promboard_core::annotations::states_csv(r))
        })
    };
    // Threshold health of single-value panels, for the dashboard roll-up.
    let health_field = panel.field.clone();
    Effect::new(move || {
        let h = view_model.with(|v| {
            v.as_deref().and_then(|v| {
                promboard_core::health::panel_health(
                    &health_field,
                    &promboard_core::health::single_values(v),
                )
            })
        });
        let _ = dash.health.try_update(|m| match h {
            Some(h) => m.insert(id, h),
            None => m.remove(&id),
        });
    });

    let g = panel.grid;
    let title_template = panel.title.clone();
    let title = promboard_core::vars::interpolate(
        &title_template,
        &promboard_core::layout::pin_scope(&promboard_core::vars::Scope::new(), &pinned),
        promboard_core::vars::FormatContext::Text,
    );
    let shown_title = Memo::new(move |_| match full_scope.get() {
        Some(scope) => promboard_core::vars::interpolate(
            &title_template,
            &scope,
            promboard_core::vars::FormatContext::Text,
        ),
        None => title_template.clone(),
    });
    let description = panel.description.clone().unwrap_or_default();
    let transparent = panel.transparent;
    // Time-series interaction: the panel's options, and the legend's hidden series (kept across
    // refreshes, by name).
    let ts = TsWiring {
        options: match &panel.kind {
            PanelKind::TimeSeries(o) => o.clone(),
            _ => TimeSeriesOptions::default(),
        },
        legend: RwSignal::new(LegendState::default()),
        title: shown_title,
        legend_id: unique_id("legend"),
    };
    let inspect_title = title.clone();
    view! {
        <section class="panel" class:transparent=transparent class:fullscreen=fullscreen
            class:hidden=hidden
            node_ref=root_ref
            data-panel-id=id.to_string()
            data-panel-state=move || state.get().as_str()
            data-generation=move || generation.get().to_string()
            data-query-count=move || query_count.get().to_string()
            data-stale=move || stale.get().then_some("true")
            data-regions=region_count
            data-region-states=region_states
            aria-label=shown_title
            style:grid-column=format!("{} / span {}", g.x + 1, g.w.clamp(1, 24))
            style:grid-row=format!("{} / span {}", g.y.saturating_sub(row_top) + 1, g.h.max(1))>
            <header class="panel-header">
                <span class="panel-title" title=description>{shown_title}</span>
                {super::links::links_view(&panel.links, full_scope.into())}
                {move || (!warnings.get().is_empty()).then(|| {
                    let text = warnings.get().join("\n");
                    view! { <span class="badge warn" title=text.clone() aria-label=text>"⚠"</span> }
                })}
                {move || (state.get() == PanelState::Loading).then(|| view! { <span class="loading" aria-label="loading"></span> })}
                <PanelMenu id=id title=title.clone() last_round=last_round root_ref=root_ref/>
            </header>
            <div class="panel-body" node_ref=body_ref>
                {move || match body.get() {
                    Body::Error => view! {
                        <div class="panel-message error" role="alert" data-panel-error="">
                            {move || shown.with(|s| match s {
                                Shown::Error(reason) => reason.clone(),
                                _ => String::new(),
                            })}
                        </div>
                    }.into_any(),
                    Body::View(kind) => render_body(kind, current, dash, ts.clone()),
                    Body::Nothing => ().into_any(),
                }}
                {move || stale.get().then(|| {
                    let reason = error.get().unwrap_or_default();
                    let title = stale::stale_text(&reason);
                    view! {
                        <div class="stale-banner" role="status" title=title>
                            <span class="badge stale">{stale::STALE_LABEL}</span>
                            <span class="stale-reason" data-panel-error="">{reason}</span>
                        </div>
                    }
                })}
            </div>
            {move || (dash.inspect.get() == Some(id)).then(|| view! {
                <InspectDialog title=inspect_title.clone() last_round=last_round/>
            })}
        </section>
    }
    .into_any()
}

/// The panel header's menu: View, Inspect, Export CSV, Export PNG. A button and a list of
/// buttons, so it is reachable and usable from the keyboard.
#[component]
fn PanelMenu(
    id: u32,
    title: String,
    last_round: RwSignal<Option<LastRound>>,
    root_ref: NodeRef<leptos::html::Section>,
) -> impl IntoView {
    let (Some(app), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    let nav = app.clone();
    let toggle_view = move |_| {
        open.set(false);
        let mut next = nav.url.get_untracked();
        next.view_panel = if next.view_panel == Some(id) {
            None
        } else {
            Some(id)
        };
        nav.navigate(next, false);
    };
    let inspect = move |_| {
        open.set(false);
        dash.inspect.set(Some(id));
    };
    let csv_title = title.clone();
    let export_csv = move |_| {
        open.set(false);
        let Some(round) = last_round.get_untracked() else {
            browser::log_error("This panel has no data to export yet.");
            return;
        };
        let text = export::csv(&round.0, &round.1);
        browser::download_text(&export::file_name(&csv_title, "csv"), "text/csv", &text);
    };
    let export_png = move |_| {
        open.set(false);
        let Some(root) = root_ref.get_untracked() else {
            return;
        };
        let root: web_sys::Element = root.into();
        if !browser::download_canvas_png(&root, &export::file_name(&title, "png")) {
            browser::log_error("This panel has no chart to export as an image.");
        }
    };
    view! {
        <div class="panel-menu">
            <button class="panel-menu-button" aria-label="Panel menu" aria-haspopup="menu"
                data-testid="panel-menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"⋮"</button>
            <Show when=move || open.get()>
                <div class="menu" role="menu">
                    <button role="menuitem" data-action="view" on:click=toggle_view.clone()>
                        {move || if dash.view_panel.get() == Some(id) { "Back to dashboard" } else { "View" }}
                    </button>
                    <button role="menuitem" data-action="inspect" on:click=inspect>"Inspect"</button>
                    <button role="menuitem" data-action="csv" on:click=export_csv.clone()>"Export CSV"</button>
                    <button role="menuitem" data-action="png" on:click=export_png.clone()>"Export PNG"</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}

/// What was sent to Prometheus for this panel, and what came back.
#[component]
fn InspectDialog(title: String, last_round: RwSignal<Option<LastRound>>) -> impl IntoView {
    let Some(dash) = use_context::<DashCtx>() else {
        return ().into_any();
    };
    let close = move |_| dash.inspect.set(None);
    view! {
        <div class="modal-backdrop" on:click=close>
            <div class="modal inspect" role="dialog" aria-modal="true" aria-label=format!("Inspect {title}")
                data-testid="inspect" on:click=|ev| ev.stop_propagation()>
                <header class="modal-header">
                    <h2>{format!("Inspect: {title}")}</h2>
                    <button aria-label="Close" on:click=close>"×"</button>
                </header>
                {move || match last_round.get() {
                    None => view! { <p>"No query has finished yet (an off-screen panel queries when scrolled to)."</p> }.into_any(),
                    Some(round) => {
                        let rows = export::inspect_rows(&round.0, &round.1);
                        let data = export::data_rows(&round.0, &round.1);
                        let total = data.len();
                        view! {
                            {rows.into_iter().map(|r| view! {
                                <dl class="inspect-query" data-ref-id=r.ref_id.clone()>
                                    <dt>"Query"</dt><dd>{r.ref_id.clone()}</dd>
                                    <dt>"Expression"</dt><dd><code data-field="expr">{r.expr.clone()}</code></dd>
                                    <dt>"Type"</dt><dd>{r.kind}</dd>
                                    <dt>"Step"</dt><dd data-field="step">{format!("{} s", r.step_s)}</dd>
                                    <dt>"Request"</dt><dd><code data-field="url">{format!("{} {}", r.method, r.url)}</code></dd>
                                    <dt>"Time"</dt><dd data-field="elapsed">{format!("{:.0} ms", r.elapsed_ms)}</dd>
                                    <dt>"Response size"</dt><dd data-field="bytes">{format!("{} bytes", r.bytes)}</dd>
                                    <dt>"Result"</dt><dd>{match r.error.clone() {
                                        Some(e) => e,
                                        None => format!("{} series, {} samples", r.series, r.samples),
                                    }}</dd>
                                </dl>
                            }).collect_view()}
                            <h3>{format!("Data ({total} rows{})", if total > 200 { ", first 200 shown" } else { "" })}</h3>
                            <div class="inspect-data">
                                <table class="data">
                                    <thead><tr><th>"Query"</th><th>"Series"</th><th>"Time"</th><th>"Value"</th></tr></thead>
                                    <tbody>
                                        {data.into_iter().take(200).map(|[q, s, t, v]| view! {
                                            <tr><td>{q}</td><td>{s}</td><td>{t}</td><td>{v}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
    .into_any()
}

/// What a time-series panel's chart needs from its panel, beyond the view.
#[derive(Clone)]
struct TsWiring {
    options: TimeSeriesOptions,
    legend: RwSignal<LegendState>,
    title: Memo<String>,
    legend_id: String,
}

/// Which element tree the panel body holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body {
    Nothing,
    Error,
    View(BodyKind),
}

/// The body for one kind of view. Built once per kind; it follows `view` as the data changes
/// (only the DOM-text kinds rebuild their elements per view, and they hold no subscriptions).
fn render_body(kind: BodyKind, view: Memo<Arc<View>>, dash: DashCtx, wiring: TsWiring) -> AnyView {
    match kind {
        BodyKind::Dom => (move || dom_view(view.get())).into_any(),
        BodyKind::TimeSeries => time_series_view(view, dash, wiring).into_any(),
        BodyKind::Canvas => view! {
            <ChartCanvas view=view dash=dash/>
            {move || values_for_dom(view.with(|v| v.dom_values()))}
        }
        .into_any(),
    }
}

/// Views drawn as DOM text.
fn dom_view(v: Arc<View>) -> AnyView {
    match &*v {
        View::NoData { message } | View::Unsupported { message } => {
            view! { <div class="panel-message">{message.clone()}</div> }.into_any()
        }
        View::Text { text, markdown } => super::markdown::text_panel(text, *markdown),
        View::Stat(stat) => stat_view(stat.clone()).into_any(),
        View::Table(table) => table_view(table.clone()).into_any(),
        _ => ().into_any(),
    }
}

/// Stat values are DOM text (crisp, selectable, scriptable); only the sparkline is canvas.
fn stat_view(stat: StatPanel) -> impl IntoView {
    let n = stat.items.len();
    let background = stat.background;
    let box_ref = NodeRef::<leptos::html::Div>::new();
    // Re-fit the text whenever the box changes size (grid reflow, iframe, full screen).
    let observed = super::canvas::observe_size(box_ref);
    let size = Memo::new(move |_| {
        let (w, h) = observed.get();
        (f64::from(w), f64::from(h))
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

/// A time-series panel: chart with overlay, and legend. The drawn view follows the legend
/// (hidden series marked hidden; the same `Arc` when nothing is hidden, so nothing redraws).
fn time_series_view(view: Memo<Arc<View>>, dash: DashCtx, w: TsWiring) -> impl IntoView {
    let state = w.legend;
    let drawn = Memo::new_with_compare(
        move |_| {
            let base = view.get();
            let View::TimeSeries(ts) = &*base else {
                return base;
            };
            state
                .with(|s| legend::apply_visibility(&ts.chart, s))
                .map_or_else(
                    || base.clone(),
                    |chart| {
                        Arc::new(View::TimeSeries(Box::new(TimeSeriesPanel {
                            chart,
                            legend: ts.legend.clone(),
                            legend_table: ts.legend_table,
                            show_legend: ts.show_legend,
                        })))
                    },
                )
        },
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    // A new list per view (compared by identity, so every refresh notifies its readers).
    let items = Memo::new_with_compare(
        move |_| {
            view.with(|v| match &**v {
                View::TimeSeries(ts) => Arc::new(ts.legend.clone()),
                _ => Arc::new(Vec::new()),
            })
        },
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    let legend_opts = w.options.legend.clone();
    let label = {
        let opts = legend_opts.clone();
        Memo::new(move |_| {
            let title = w.title.get();
            let model = items.with(|items| state.with(|s| legend::legend_model(items, &opts, s)));
            drawn.with(|v| match &**v {
                View::TimeSeries(ts) => legend::text_alternative(&title, &ts.chart, &model, |i| {
                    legend::last_value_text(&ts.chart, i)
                }),
                other => other.text_alternative(),
            })
        })
    };
    let right = legend_opts.placement == promboard_core::model::LegendPlacement::Right;
    let has_legend = Memo::new(move |_| items.with(|i| !i.is_empty()));
    let legend_id = w.legend_id.clone();
    view! {
        <div class="chart-with-legend" class:legend-right=right>
            <TimeSeriesChart view=drawn options=w.options.clone() label=label
                described_by=w.legend_id.clone() dash=dash/>
            {move || has_legend.get().then(|| view! {
                <SeriesLegend items=items options=legend_opts.clone() state=state id=legend_id.clone()/>
            })}
        </div>
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
