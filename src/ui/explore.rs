//! The Explore page (`?page=explore`): query rows with checking editors, a graph or table of
//! the run queries drawn by the dashboard panel pipeline (a transient panel from
//! `promboard_core::explore::graph_panel` / `table_panel`), the app's time picker, a datasource
//! picker, the query history (localStorage) and the metrics browser. The URL carries the
//! queries (`expr=` repeated), tab, stacking and datasource, so it can be shared.
//!
//! DOM contract: `data-testid` = `explore`, `add-query`, `run`, `tab-graph`, `tab-table`,
//! `stacked`, `datasource`, `history` (entries `data-history-index`); the editors and the
//! browser document their own hooks (`explore_editor.rs`, `explore_browser.rs`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use promboard_core::config::Datasource;
use promboard_core::explore::{self, ExploreUrl, MetricInfo, Tab};
use promboard_core::prom::decode::{decode_metadata, decode_strings};
use promboard_core::prom::request;
use promboard_core::time::resolve_range;
use promboard_core::vars::Scope;

use super::dashboard::DashCtx;
use super::explore_browser::MetricsBrowser;
use super::explore_editor::QueryEditor;
use super::panel::PanelView;
use super::timepicker::{RangeControls, TimePicker};
use super::AppCtx;
use crate::{browser, client};

const HISTORY_KEY: &str = "promboard.explore.history";
const DEFAULT_FROM: &str = "now-1h";
const DEFAULT_TO: &str = "now";

/// What the editors and the browser share: the datasource, its cached answers, the range.
#[derive(Clone, Copy)]
pub(super) struct ExploreCtx {
    pub ds: Memo<Option<Arc<Datasource>>>,
    /// Label names and values by `kind\0datasource\0argument`.
    pub lists: RwSignal<HashMap<String, Arc<Vec<String>>>>,
    /// Metric names with metadata, per datasource name.
    pub metrics: RwSignal<HashMap<String, Arc<Vec<MetricInfo>>>>,
    pending: StoredValue<HashSet<String>>,
    pub range_ms: Memo<Result<(i64, i64), String>>,
}

impl ExploreCtx {
    fn window(&self) -> (Option<f64>, Option<f64>) {
        match self.range_ms.get_untracked() {
            Ok((f, t)) => (Some(f as f64 / 1000.0), Some(t as f64 / 1000.0)),
            Err(_) => (None, None),
        }
    }

    /// The metrics of the current datasource (fetched once per datasource).
    pub fn metrics_now(&self) -> Arc<Vec<MetricInfo>> {
        let Some(ds) = self.ds.get() else {
            return Arc::new(Vec::new());
        };
        if let Some(m) = self.metrics.with(|m| m.get(&ds.name).cloned()) {
            return m;
        }
        self.fetch_metrics(ds);
        Arc::new(Vec::new())
    }

    fn fetch_metrics(&self, ds: Arc<Datasource>) {
        let key = format!("metrics\0{}", ds.name);
        if !self.claim(&key) {
            return;
        }
        let metrics = self.metrics;
        let (start, end) = self.window();
        spawn_local(async move {
            let names_req = request::label_values("__name__", &[], start, end);
            let meta_req = request::metadata(None, Some(1));
            let (names, meta) = futures::join!(
                client::fetch_decoded(&ds, &names_req, decode_strings, None),
                client::fetch_decoded(&ds, &meta_req, decode_metadata, None)
            );
            let names = match names {
                Ok(Ok(n)) => n,
                _ => Vec::new(),
            };
            let meta = match meta {
                Ok(Ok(m)) => m,
                _ => BTreeMap::new(),
            };
            let infos: Vec<MetricInfo> = names
                .into_iter()
                .map(|name| {
                    let m = meta.get(&name).and_then(|v| v.first());
                    MetricInfo {
                        kind: m.map(|m| m.metric_type.clone()).unwrap_or_default(),
                        help: m.map(|m| m.help.clone()).unwrap_or_default(),
                        name,
                    }
                })
                .collect();
            let _ = metrics.try_update(|m| m.insert(ds.name.clone(), Arc::new(infos)));
        });
    }

    /// Label names (`label == None`) or a label's values for `selector`; empty until fetched.
    pub fn list_now(&self, label: Option<&str>, selector: &str) -> Arc<Vec<String>> {
        let Some(ds) = self.ds.get() else {
            return Arc::new(Vec::new());
        };
        let key = format!("{}\0{}\0{}", label.unwrap_or("\0names"), ds.name, selector);
        if let Some(v) = self.lists.with(|l| l.get(&key).cloned()) {
            return v;
        }
        if self.claim(&key) {
            let lists = self.lists;
            let (start, end) = self.window();
            let matchers: Vec<String> = if selector.is_empty() {
                Vec::new()
            } else {
                vec![selector.to_owned()]
            };
            let req = match label {
                None => request::labels(&matchers, start, end),
                Some(l) => request::label_values(l, &matchers, start, end),
            };
            spawn_local(async move {
                let got = match client::fetch_decoded(&ds, &req, decode_strings, None).await {
                    Ok(Ok(v)) => v,
                    _ => Vec::new(),
                };
                let _ = lists.try_update(|l| l.insert(key, Arc::new(got)));
            });
        }
        Arc::new(Vec::new())
    }

    fn claim(&self, key: &str) -> bool {
        let mut fresh = false;
        self.pending
            .update_value(|p| fresh = p.insert(key.to_owned()));
        fresh
    }
}

fn load_history() -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .map(|j| explore::state::parse_history(&j))
        .unwrap_or_default()
}

fn save_history(h: &[String]) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(HISTORY_KEY, &explore::state::history_json(h));
    }
}

/// One query row: a stable key and its text.
type Row = (u64, RwSignal<String>);

#[component]
pub fn ExplorePage() -> impl IntoView {
    let Some(app) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    browser::set_document_title("Explore · promboard");
    let url = app.url;
    let initial = explore::parse_url(&browser::location_search());

    let next_key = StoredValue::new(0u64);
    let new_row = move |text: String| -> Row {
        let mut k = 0;
        next_key.update_value(|n| {
            *n += 1;
            k = *n;
        });
        (k, RwSignal::new(text))
    };
    let mut first_rows: Vec<Row> = initial.exprs.iter().cloned().map(new_row).collect();
    if first_rows.is_empty() {
        first_rows.push(new_row(String::new()));
    }
    let rows = RwSignal::new(first_rows);
    // The queries last run (drawn); the URL's queries run at once.
    let ran = RwSignal::new(
        initial
            .exprs
            .iter()
            .filter(|e| !e.trim().is_empty())
            .cloned()
            .collect::<Vec<String>>(),
    );
    let tab = RwSignal::new(initial.tab);
    let stacked = RwSignal::new(initial.stacked);
    let ds_name = RwSignal::new(initial.datasource.clone());
    let history = RwSignal::new(load_history());

    let config = app.config.clone();
    let ds = Memo::new(move |_| {
        ds_name.with(|n| {
            config
                .resolve_datasource(n.as_deref())
                .cloned()
                .map(Arc::new)
        })
    });

    let tick = RwSignal::new(0u64);
    let range_ms = Memo::new(move |_| {
        tick.track();
        let (from, to) = url.with(|u| (u.from.clone(), u.to.clone()));
        let from = from.unwrap_or_else(|| DEFAULT_FROM.to_owned());
        let to = to.unwrap_or_else(|| DEFAULT_TO.to_owned());
        let now = browser::now_ms();
        resolve_range(&from, &to, now, browser::tz_offset_min(now)).map_err(|e| e.to_string())
    });
    let tz_offset_min = Memo::new(move |_| {
        if url.with(|u| u.utc(false)) {
            0
        } else {
            browser::tz_offset_min(browser::now_ms())
        }
    });
    let default_theme = app.config.defaults.theme.clone();
    let dark = Memo::new(move |_| {
        url.with(|u| {
            promboard_core::config::is_dark(
                u.theme.as_deref(),
                &default_theme,
                browser::prefers_dark(),
            )
        })
    });
    provide_context(DashCtx {
        range_ms,
        tick,
        tz_offset_min,
        dark,
        view_panel: Memo::new(|_| None),
        vars: RwSignal::new(Some(Arc::new(Scope::default()))),
        inspect: RwSignal::new(None),
        reports: RwSignal::new(BTreeMap::new()),
        regions: RwSignal::new(Arc::new(Vec::new())),
        health: RwSignal::new(BTreeMap::new()),
        crosshair: RwSignal::new(None),
        graph_tooltip: promboard_core::chart::GraphTooltip::Default,
        // Explore's panels have no links.
        link_params: Memo::new(|_| Default::default()),
    });
    let ectx = ExploreCtx {
        ds,
        lists: RwSignal::new(HashMap::new()),
        metrics: RwSignal::new(HashMap::new()),
        pending: StoredValue::new(HashSet::new()),
        range_ms,
    };
    provide_context(ectx);

    // The URL follows the page (replacing the entry: typing is not history).
    Effect::new(move || {
        let app_state = url.get();
        let ex = ExploreUrl {
            exprs: ran.get(),
            tab: tab.get(),
            stacked: stacked.get(),
            datasource: ds_name.get(),
        };
        let q = explore::to_query(&app_state, &ex);
        if q != browser::location_search() {
            browser::push_query(&q, true);
        }
    });

    let run = move || {
        let exprs: Vec<String> = rows.with_untracked(|r| {
            r.iter()
                .map(|(_, s)| s.get_untracked())
                .filter(|e| !e.trim().is_empty())
                .collect()
        });
        let mut h = history.get_untracked();
        for e in exprs.iter().rev() {
            h = explore::push_history(&h, e);
        }
        save_history(&h);
        history.set(h);
        if ran.with_untracked(|r| *r == exprs) {
            tick.update(|t| *t += 1);
        } else {
            ran.set(exprs);
        }
    };
    let on_run = Callback::new(move |_: ()| run());
    let add_row = move |_| rows.update(|r| r.push(new_row(String::new())));
    let use_history = move |expr: String| {
        let target = rows.with_untracked(|r| {
            r.iter()
                .find(|(_, s)| s.get_untracked().trim().is_empty())
                .map(|(_, s)| *s)
        });
        match target {
            Some(s) => s.set(expr),
            None => rows.update(|r| r.push(new_row(expr))),
        }
    };
    let insert_metric = Callback::new(move |name: String| {
        let target = rows.with_untracked(|r| r.first().map(|(_, s)| *s));
        if let Some(s) = target {
            s.update(|t| {
                if t.trim().is_empty() {
                    *t = name.clone();
                } else {
                    t.push_str(&name);
                }
            });
        }
    });

    let ds_options = app.config.datasources.clone();
    let panels = move || {
        let exprs = ran.get();
        if exprs.is_empty() {
            return view! { <p class="muted explore-hint">"Write a query and press Enter (Shift+Enter for a new line) or Run."</p> }.into_any();
        }
        let name = ds.get().map(|d| d.name.clone());
        let panel = match tab.get() {
            Tab::Graph => explore::graph_panel(&exprs, stacked.get(), name.as_deref()),
            Tab::Table => explore::table_panel(&exprs, name.as_deref()),
        };
        view! {
            <div class="grid explore-grid">
                <PanelView panel=Arc::new(panel) row_top=0/>
            </div>
        }
        .into_any()
    };

    view! {
        <div class="toolbar explore-toolbar" data-testid="explore">
            <h1>"Explore"</h1>
            <span class="spacer"></span>
            <div class="controls">
                <select aria-label="Datasource" data-testid="datasource" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ds_name.set(if v.is_empty() { None } else { Some(v) });
                }>
                    {ds_options.iter().map(|d| {
                        let n = d.name.clone();
                        let selected = {
                            let n = n.clone();
                            move || ds.get().is_some_and(|cur| cur.name == n)
                        };
                        view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                    }).collect_view()}
                </select>
                <RangeControls default_from=DEFAULT_FROM.to_owned() default_to=DEFAULT_TO.to_owned()/>
                <TimePicker default_from=DEFAULT_FROM.to_owned() default_to=DEFAULT_TO.to_owned()/>
            </div>
        </div>
        <main class="content explore">
            <div class="explore-queries">
                <For each=move || rows.get() key=|r: &Row| r.0 let(row)>
                    {
                        let key = row.0;
                        let index = Memo::new(move |_| rows.with(|r| r.iter().position(|x| x.0 == key).unwrap_or(0)));
                        let removable = Memo::new(move |_| rows.with(|r| r.len() > 1));
                        let on_remove = Callback::new(move |_: ()| rows.update(|r| r.retain(|x| x.0 != key)));
                        view! { <QueryEditor index=index value=row.1 on_run=on_run on_remove=on_remove removable=removable/> }
                    }
                </For>
            </div>
            <div class="explore-actions">
                <button data-testid="add-query" on:click=add_row>"+ Add query"</button>
                <button class="primary" data-testid="run" on:click=move |_| run()>"Run"</button>
                <span class="spacer"></span>
                <div class="tabs" role="tablist">
                    <button role="tab" data-testid="tab-graph" class:active=move || tab.get() == Tab::Graph
                        on:click=move |_| tab.set(Tab::Graph)>"Graph"</button>
                    <button role="tab" data-testid="tab-table" class:active=move || tab.get() == Tab::Table
                        on:click=move |_| tab.set(Tab::Table)>"Table"</button>
                </div>
                <label class="explore-stacked" class:hidden=move || tab.get() != Tab::Graph>
                    <input type="checkbox" data-testid="stacked" prop:checked=move || stacked.get()
                        on:change=move |ev| stacked.set(event_target_checked(&ev))/>
                    " Stacked"
                </label>
            </div>
            {panels}
            <div class="explore-lower">
                <details class="explore-history" data-testid="history" open>
                    <summary>{move || format!("History ({})", history.with(Vec::len))}</summary>
                    <ul>
                        {move || history.get().into_iter().enumerate().map(|(i, h)| {
                            let text = h.clone();
                            view! {
                                <li><button class="linklike" data-history-index=i.to_string() title="Use this query"
                                    on:click=move |_| use_history(text.clone())><code>{h}</code></button></li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
                <MetricsBrowser on_insert=insert_metric/>
            </div>
        </main>
    }
    .into_any()
}
