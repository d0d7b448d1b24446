//! The dashboard page (`?d=UID`): toolbar (time range, refresh), rows and the 24-column grid of
//! panels. Time range and refresh come from the URL, else the dashboard, else `config.json`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::layout::{self, LaidPanel, LaidRow, VarValues};
use promboard_core::model::Dashboard;
use promboard_core::time::resolve_range;
use promboard_core::vars::Scope;

use std::collections::BTreeMap;

use promboard_core::embed::PanelReport;

use super::embed::EmbedBridge;
use super::keys::Shortcuts;
use super::panel::PanelView;
use super::timepicker::{RangeControls, RefreshPicker, TimePicker, ZonePicker};
use super::AppCtx;
use crate::browser;
use crate::loader::DashboardEntry;
use crate::variables::VarState;
use promboard_core::chart::TimeRegion;
use promboard_core::health::Health;

/// What every panel of a dashboard reads.
#[derive(Clone, Copy)]
pub struct DashCtx {
    /// The resolved time range, ms epoch.
    pub range_ms: Memo<Result<(i64, i64), String>>,
    /// Bumped on every refresh (timer or button); panels re-query when it changes.
    pub tick: RwSignal<u64>,
    /// Browser UTC offset (minutes) or 0 for UTC dashboards.
    pub tz_offset_min: Memo<i32>,
    pub dark: Memo<bool>,
    pub view_panel: Memo<Option<u32>>,
    /// The variables' values; `None` until the first resolution finishes.
    pub vars: RwSignal<Option<Arc<Scope>>>,
    /// The panel whose inspect dialog is open.
    pub inspect: RwSignal<Option<u32>>,
    /// Each panel's state and visibility, for the embedding API.
    pub reports: RwSignal<BTreeMap<u32, PanelReport>>,
    /// Regions of the dashboard's annotation queries (alert intervals …), for time-series panels.
    pub regions: RwSignal<Arc<Vec<TimeRegion>>>,
    /// Each panel's threshold state (single-value panels with thresholds), for the roll-up.
    pub health: RwSignal<BTreeMap<u32, Health>>,
    /// The hovered time (ms) and the overlay that published it, shared by time-series panels.
    pub crosshair: RwSignal<Option<(i64, u64)>>,
    /// Grafana `graphTooltip`: whether hover is shared across panels.
    pub graph_tooltip: promboard_core::chart::GraphTooltip,
    /// What links carry when they ask (Grafana `keepTime` / `includeVars`).
    pub link_params: Memo<LinkParams>,
}

/// The range as the URL writes it and every variable's selection, in dashboard order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkParams {
    pub from: String,
    pub to: String,
    pub vars: Vec<(String, Vec<String>)>,
}

/// The dashboard `uid`: drawn as soon as its file is loaded (start-up loads only it, when its
/// file is named after it); otherwise after every file is loaded, or "not listed".
#[component]
pub fn DashboardPage(uid: String) -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let (list, complete) = (ctx.dashboards, ctx.dashboards_complete);
    let wanted = uid.clone();
    // Which file holds it: changes only from "not yet" to found, so the view is built once.
    let found = Memo::new(move |_| {
        list.with(|l| l.iter().find(|e| e.uid == wanted).map(|e| e.file.clone()))
    });
    view! {
        {move || match found.get() {
            Some(_) => {
                let entry = list.with_untracked(|l| l.iter().find(|e| e.uid == uid).cloned());
                entry.map(|entry| view! { <DashboardView entry=entry/> }.into_any())
            }
            None if !complete.get() => {
                ctx.ensure_all_dashboards();
                Some(view! { <main class="content"><p>"Loading dashboards…"</p></main> }.into_any())
            }
            None => Some(view! {
                <main class="content"><div class="fatal" role="alert">{format!("No dashboard with uid `{uid}` is listed in config.json.")}</div></main>
            }.into_any()),
        }}
    }
    .into_any()
}

#[component]
fn DashboardView(entry: DashboardEntry) -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let dashboard = match entry.result.clone() {
        Ok(d) => d,
        Err(message) => {
            return view! { <main class="content"><div class="fatal" role="alert">{message}</div></main> }.into_any();
        }
    };
    browser::set_document_title(&format!("{} · promboard", dashboard.title));

    let url = ctx.url;
    let config = ctx.config.clone();
    let dash_for_range = dashboard.clone();
    let tick = RwSignal::new(0u64);
    let range_ms = Memo::new(move |_| {
        tick.track();
        let (from, to) = url.with(|u| (u.from.clone(), u.to.clone()));
        let from = from.unwrap_or_else(|| dash_for_range.time.from.clone());
        let to = to.unwrap_or_else(|| dash_for_range.time.to.clone());
        let now = browser::now_ms();
        resolve_range(&from, &to, now, browser::tz_offset_min(now)).map_err(|e| e.to_string())
    });
    let utc = dashboard.timezone == promboard_core::model::Timezone::Utc
        || config.defaults.timezone == "utc";
    let tz_offset_min = Memo::new(move |_| {
        if url.with(|u| u.utc(utc)) {
            0
        } else {
            browser::tz_offset_min(browser::now_ms())
        }
    });
    let default_theme = config.defaults.theme.clone();
    let dark = Memo::new(move |_| {
        url.with(|u| {
            promboard_core::config::is_dark(
                u.theme.as_deref(),
                &default_theme,
                browser::prefers_dark(),
            )
        })
    });
    let view_panel = Memo::new(move |_| url.with(|u| u.view_panel));

    // Variables: resolved in dependency order whenever the URL or the range changes.
    let vars = RwSignal::new(None::<Arc<Scope>>);
    let var_states = RwSignal::new(Vec::<VarState>::new());
    let var_dash = dashboard.clone();
    let var_config = config.clone();
    let var_key = Memo::new(move |_| url.with(|u| u.vars.clone()));
    Effect::new(move || {
        var_key.track();
        let Ok((from_ms, to_ms)) = range_ms.get() else {
            return;
        };
        let url_now = url.get_untracked();
        let dash = var_dash.clone();
        let config = var_config.clone();
        spawn_local(async move {
            let (scope, states) =
                crate::variables::resolve(&config, &dash, &url_now, from_ms, to_ms).await;
            var_states.set(states);
            vars.set(Some(Arc::new(scope)));
        });
    });

    let link_dash = dashboard.clone();
    let link_params = Memo::new(move |_| {
        let (from, to) = url.with(|u| (u.from.clone(), u.to.clone()));
        LinkParams {
            from: from.unwrap_or_else(|| link_dash.time.from.clone()),
            to: to.unwrap_or_else(|| link_dash.time.to.clone()),
            vars: var_states.with(|states| {
                states
                    .iter()
                    .map(|v| (v.name.clone(), v.selected.clone()))
                    .collect()
            }),
        }
    });

    let dash_ctx = DashCtx {
        range_ms,
        tick,
        tz_offset_min,
        dark,
        view_panel,
        vars,
        inspect: RwSignal::new(None),
        reports: RwSignal::new(BTreeMap::new()),
        regions: RwSignal::new(Arc::new(Vec::new())),
        health: RwSignal::new(BTreeMap::new()),
        crosshair: RwSignal::new(None),
        graph_tooltip: promboard_core::chart::GraphTooltip::of(&dashboard),
        link_params,
    };
    provide_context(dash_ctx);
    run_annotations(&dash_ctx, dashboard.clone(), config.clone());
    let dash_title = dashboard.title.clone();
    let health = dash_ctx.health;
    let status = Memo::new(move |_| {
        health.with(|m| promboard_core::health::rollup(m.values().map(|h| Some(*h))))
    });
    Effect::new(move || {
        let s = status.get();
        browser::set_document_title(&format!("{}{} · promboard", s.title_prefix(), dash_title));
        set_favicon(&s.favicon_data_url());
    });
    let notify = RwSignal::new(false);
    notify_on_critical(health, notify, &dashboard);

    let default_refresh = dashboard
        .refresh
        .clone()
        .unwrap_or_else(|| config.defaults.refresh.clone());
    // Repeated rows and panels, expanded for the variables' current selections.
    let layout_dash = dashboard.clone();
    let laid = Memo::new(move |_| {
        let values: Vec<VarValues> = var_states.with(|states| {
            states
                .iter()
                .map(|s| VarValues {
                    name: s.name.clone(),
                    selected: s.selected.clone(),
                    options: s.options.clone(),
                })
                .collect()
        });
        layout::expand(&layout_dash, &values)
    });
    let title = dashboard.title.clone();
    let dash = dashboard.clone();
    let for_json = dashboard.clone();
    let export_json = move |_| match promboard_core::export::dashboard_json(&for_json) {
        Ok(text) => browser::download_text(
            &promboard_core::export::file_name(&for_json.title, "json"),
            "application/json",
            &text,
        ),
        Err(e) => browser::log_error(&e),
    };

    view! {
        <Shortcuts/>
        <EmbedBridge/>
        <div class="topbar dash-toolbar">
            <span class="title">{title}</span>
            <span class="dash-status" data-testid="dash-status" data-status=move || status.get().as_str()
                title="Worst threshold state of the dashboard's panels">
                <span class="dot" style:background-color=move || status.get().css_color()></span>
                {move || status.get().label()}
            </span>
            <button class="notify-toggle" data-testid="notify-toggle"
                aria-pressed=move || notify.get().to_string()
                title="Browser notifications when a panel turns critical"
                on:click=move |_| {
                    if !notify.get_untracked() {
                        let _ = web_sys::Notification::request_permission();
                    }
                    notify.update(|n| *n = !*n);
                }>
                {move || if notify.get() { "Notify: on" } else { "Notify: off" }}
            </button>
            <span class="spacer"></span>
            <div class="controls">
                <RangeControls default_from=dash.time.from.clone() default_to=dash.time.to.clone()/>
                <TimePicker default_from=dash.time.from.clone() default_to=dash.time.to.clone()/>
                <ZonePicker dashboard_utc=utc/>
                <RefreshPicker default_refresh=default_refresh/>
                <button data-testid="export-json" title="Download the dashboard as JSON" on:click=export_json>"Export JSON"</button>
            </div>
        </div>
        <VariablesBar states=var_states links=dash.links.clone() scope=vars/>
        {move || range_ms.get().err().map(|e| view! { <div class="content"><div class="fatal" role="alert">{e}</div></div> })}
        <main class="content">
            <For each=move || laid.get() key=|r: &LaidRow| r.key.clone() let(row)>
                <RowView key=row.key.clone() laid=laid/>
            </For>
        </main>
    }
    .into_any()
}

/// One (possibly repeated) row; its panels are keyed by id, pins and position, so a variable
/// change keeps the panels it does not re-lay out.
#[component]
fn RowView(key: String, laid: Memo<Vec<LaidRow>>) -> impl IntoView {
    let Some(dash) = use_context::<DashCtx>() else {
        return ().into_any();
    };
    let this = {
        let key = key.clone();
        Memo::new(move |_| laid.with(|rows| rows.iter().find(|r| r.key == key).cloned()))
    };
    let first = this.get_untracked();
    let collapsed = RwSignal::new(first.as_ref().is_some_and(|r| r.collapsed));
    let has_title = first.as_ref().is_some_and(|r| r.title.is_some());
    let title = move || {
        let Some(row) = this.get() else {
            return String::new();
        };
        let template = row.title.unwrap_or_default();
        dash.vars.with(|scope| match scope {
            Some(scope) => promboard_core::vars::interpolate(
                &template,
                &layout::pin_scope(scope, &row.pinned),
                promboard_core::vars::FormatContext::Text,
            ),
            None => template.clone(),
        })
    };
    let panels = move || this.get().map(|r| r.panels).unwrap_or_default();
    let row_top = move || {
        this.with(|r| {
            r.as_ref()
                .and_then(|r| r.panels.iter().map(|p| p.panel.grid.y).min())
                .unwrap_or(0)
        })
    };
    view! {
        {has_title.then(|| view! {
            <button class="row-title" aria-expanded=move || (!collapsed.get()).to_string()
                on:click=move |_| collapsed.update(|c| *c = !*c)>
                {move || if collapsed.get() { "▸" } else { "▾" }}" "{title}
            </button>
        })}
        <Show when=move || !collapsed.get()>
            <div class="grid">
                <For each=panels key=|p: &LaidPanel| (p.panel.id, p.pinned.clone(), (p.panel.grid.x, p.panel.grid.y, p.panel.grid.w, p.panel.grid.h)) let(p)>
                    <PanelView panel=Arc::new(p.panel) row_top=row_top() pinned=p.pinned/>
                </For>
            </div>
        </Show>
    }
    .into_any()
}

/// One control per visible variable (a change writes `var-NAME` to the URL), then the
/// dashboard's links at the right, as Grafana shows them.
#[component]
fn VariablesBar(
    states: RwSignal<Vec<VarState>>,
    links: Vec<promboard_core::model::Link>,
    scope: RwSignal<Option<Arc<Scope>>>,
) -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    view! {
        <div class="varbar">
            {move || states.get().into_iter().filter(|s| !s.hidden).map(|s| {
                let nav = ctx.clone();
                let name = s.name.clone();
                let multi = s.multi;
                let on_change = move |ev: leptos::ev::Event| {
                    let select = event_target::<web_sys::HtmlSelectElement>(&ev);
                    let options = select.selected_options();
                    let values: Vec<String> = (0..options.length())
                        .filter_map(|i| options.item(i))
                        .filter_map(|e| e.get_attribute("value"))
                        .collect();
                    let mut next = nav.url.get_untracked();
                    next.vars.retain(|(n, _)| n != &name);
                    next.vars.push((name.clone(), values));
                    nav.navigate(next, false);
                };
                let selected = s.selected.clone();
                let is_sel = move |v: &str| selected.iter().any(|x| x == v);
                let all_selected = is_sel(promboard_core::vars::ALL_MARKER);
                if s.textbox {
                    let nav = ctx.clone();
                    let name = s.name.clone();
                    let value = s.selected.first().cloned().unwrap_or_default();
                    let on_text = move |ev: leptos::ev::Event| {
                        let mut next = nav.url.get_untracked();
                        next.vars.retain(|(n, _)| n != &name);
                        next.vars.push((name.clone(), vec![event_target_value(&ev)]));
                        nav.navigate(next, false);
                    };
                    return view! {
                        <label>
                            {s.label.clone()}
                            <input type="text" data-var=s.name.clone() prop:value=value on:change=on_text/>
                        </label>
                    }
                    .into_any();
                }
                view! {
                    <label>
                        {s.label.clone()}
                        <select multiple=multi data-var=s.name.clone() on:change=on_change>
                            {s.include_all.then(|| view! { <option value=promboard_core::vars::ALL_MARKER selected=all_selected>"All"</option> })}
                            {s.options.iter().map(|o| {
                                let sel = is_sel(&o.value);
                                view! { <option value=o.value.clone() selected=sel>{o.text.clone()}</option> }
                            }).collect_view()}
                        </select>
                        {s.error.clone().map(|e| view! { <span class="badge error" title=e.clone()>"⚠"</span> })}
                    </label>
                }
                .into_any()
            }).collect_view()}
            {(!links.is_empty()).then(|| view! {
                <nav class="dash-links" aria-label="Dashboard links">{super::links::links_view(&links, scope.into())}</nav>
            })}
        </div>
    }
    .into_any()
}

// ---- Annotations and health (alert events on graphs; thresholds as health) ----

/// Runs the dashboard's enabled annotation queries once per refresh for the dashboard range
/// and publishes their regions in `ctx.regions` (a failed query contributes nothing).
fn run_annotations(
    ctx: &DashCtx,
    dashboard: Arc<Dashboard>,
    config: Arc<promboard_core::config::AppConfig>,
) {
    use promboard_core::{annotations, eval::colors, prom};
    let anns: Vec<_> = dashboard
        .annotations
        .iter()
        .filter(|a| a.enabled && !a.expr.trim().is_empty())
        .cloned()
        .collect();
    if anns.is_empty() {
        return;
    }
    let (range_ms, vars, dark, regions) = (ctx.range_ms, ctx.vars, ctx.dark, ctx.regions);
    Effect::new(move || {
        let Ok((from_ms, to_ms)) = range_ms.get() else {
            return;
        };
        let Some(scope) = vars.get() else { return };
        let theme = if dark.get_untracked() {
            colors::Theme::Dark
        } else {
            colors::Theme::Light
        };
        let anns = anns.clone();
        let config = config.clone();
        spawn_local(async move {
            let mut all = Vec::new();
            for ann in &anns {
                let Some(ds) = config.resolve_datasource(ann.datasource.as_deref()) else {
                    continue;
                };
                let plan = annotations::annotation_step(ann, from_ms, to_ms);
                let expr = promboard_core::vars::interpolate(
                    &ann.expr,
                    &scope,
                    promboard_core::vars::FormatContext::PromQl,
                );
                let req = prom::QueryRange {
                    expr,
                    start_s: plan.start_s,
                    end_s: plan.end_s,
                    step_s: plan.step_s,
                }
                .request();
                let Ok(f) = crate::client::send_api(ds, &req, None).await else {
                    continue;
                };
                match prom::decode_query(f.status, &f.body) {
                    Ok(resp) => {
                        if let prom::types::QueryData::Series(series) = resp.data {
                            all.extend(annotations::regions_from_series(
                                ann,
                                &series,
                                plan.interval_ms,
                                theme,
                            ));
                        }
                    }
                    Err(e) => browser::log_error(&format!("annotation `{}`: {e}", ann.name)),
                }
            }
            if regions.with_untracked(|r| r.as_slice() != all.as_slice()) {
                regions.set(Arc::new(all));
            }
        });
    });
}

/// Points `<link rel=icon>` at `href` (adding the link when the page has none).
fn set_favicon(href: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let link = match doc.query_selector("link[rel~='icon']") {
        Ok(Some(el)) => el,
        _ => {
            let Ok(el) = doc.create_element("link") else {
                return;
            };
            let _ = el.set_attribute("rel", "icon");
            if let Some(head) = doc.head() {
                let _ = head.append_child(&el);
            }
            el
        }
    };
    let _ = link.set_attribute("href", href);
}

/// When `enabled` and permitted, shows a browser notification for each panel that turns
/// critical (`health::newly_critical`).
fn notify_on_critical(
    health: RwSignal<BTreeMap<u32, Health>>,
    enabled: RwSignal<bool>,
    dashboard: &Dashboard,
) {
    let titles: BTreeMap<u32, String> = dashboard
        .panels()
        .map(|p| (p.id, p.title.clone()))
        .collect();
    let dash_title = dashboard.title.clone();
    let prev = StoredValue::new(BTreeMap::<u32, Health>::new());
    Effect::new(move || {
        let next = health.get();
        let fresh = prev.with_value(|p| promboard_core::health::newly_critical(p, &next));
        prev.set_value(next);
        if !enabled.get_untracked()
            || web_sys::Notification::permission() != web_sys::NotificationPermission::Granted
        {
            return;
        }
        for id in fresh {
            let panel = titles.get(&id).map_or("", String::as_str);
            let (title, body) = promboard_core::health::notification_text(&dash_title, panel);
            let opts = web_sys::NotificationOptions::new();
            opts.set_body(&body);
            let _ = web_sys::Notification::new_with_options(&title, &opts);
        }
    });
}
