//! Leptos components. Thin: they read signals, call pure functions from `promboard_core`,
//! and write the result to the DOM or a canvas. No semantic decision lives here.

mod alerts;
mod backtest;
mod canvas;
mod dashboard;
mod embed;
mod explore;
mod explore_browser;
mod explore_editor;
mod keys;
mod legend;
mod links;
mod list;
mod markdown;
mod overlay;
mod panel;
mod status;
mod targets;
mod timepicker;

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::config::AppConfig;
use promboard_core::urlstate::{Module, Page, UrlState};

use crate::browser;
use crate::loader::{self, DashboardEntry};

/// The pages one wasm module draws. The app is split into modules by page so that the first load
/// carries only what the dashboards need; `web/boot.js` picks the module from `?page=` and must
/// agree with [`promboard_core::urlstate::Page::module`].
#[derive(Clone, Copy)]
pub struct Pages {
    /// Which module this is (`promboard_core::urlstate::Module`).
    pub module: Module,
    /// Draws a page of this module.
    pub render: fn(Page) -> AnyView,
}

/// The first-load module: dashboard list, dashboards, embedded panels.
pub const DASHBOARD_PAGES: Pages = Pages {
    module: Module::Dashboards,
    render: render_dashboard_page,
};

/// The operations module: alerts, targets, status (and their tools), loaded when one is opened.
pub const OPS_PAGES: Pages = Pages {
    module: Module::Ops,
    render: render_ops_page,
};

fn render_dashboard_page(page: Page) -> AnyView {
    match page {
        Page::Dashboard(uid) => view! { <dashboard::DashboardPage uid=uid/> }.into_any(),
        _ => view! { <list::DashboardList/> }.into_any(),
    }
}

fn render_ops_page(page: Page) -> AnyView {
    match page {
        Page::Alerts => view! { <alerts::AlertsPage/> }.into_any(),
        Page::Targets => view! { <targets::TargetsPage/> }.into_any(),
        Page::Status => view! { <status::StatusPage/> }.into_any(),
        Page::Backtest => view! { <backtest::BacktestPage/> }.into_any(),
        Page::Explore => view! { <explore::ExplorePage/> }.into_any(),
        other => view! {
            <div class="content">
                <p>{format!("The {other:?} page is not built yet.")}</p>
            </div>
        }
        .into_any(),
    }
}

/// App-wide state shared through context.
#[derive(Clone)]
pub struct AppCtx {
    pub config: Arc<AppConfig>,
    /// The dashboard files loaded so far (see `loader`: a dashboard page starts with its own).
    pub dashboards: RwSignal<Arc<Vec<DashboardEntry>>>,
    /// Whether `dashboards` holds every file of the config.
    pub dashboards_complete: RwSignal<bool>,
    dashboards_loading: RwSignal<bool>,
    /// The URL's state; the single source of truth for what is shown.
    pub url: RwSignal<UrlState>,
    /// The pages this module draws; the others are a document navigation away.
    pub pages: Pages,
}

impl AppCtx {
    /// Moves to a new state: a new history entry (or a replaced one), then the views follow.
    /// A page of another module is a document navigation (its module is loaded by `boot.js`).
    pub fn navigate(&self, next: UrlState, replace: bool) {
        if next.page.module() != self.pages.module {
            browser::go_to_query(&next.to_query(), replace);
            return;
        }
        browser::push_query(&next.to_query(), replace);
        self.url.set(next);
    }

    /// A plain left click on an in-app link: opens `next` in place (keeping the theme) instead
    /// of loading the page again; with a modifier key held the browser does what it does.
    pub fn open_in_place(&self, ev: &leptos::ev::MouseEvent, mut next: UrlState) {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        ev.prevent_default();
        if next.theme.is_none() {
            next.theme = self.url.with_untracked(|u| u.theme.clone());
        }
        self.navigate(next, false);
    }

    /// Loads every dashboard file (once) when start-up loaded only the one opened.
    pub fn ensure_all_dashboards(&self) {
        if self.dashboards_complete.get_untracked() || self.dashboards_loading.get_untracked() {
            return;
        }
        self.dashboards_loading.set(true);
        let (config, list, done) = (
            self.config.clone(),
            self.dashboards,
            self.dashboards_complete,
        );
        leptos::task::spawn_local(async move {
            let all = loader::load_all(&config).await;
            list.set(Arc::new(all));
            done.set(true);
        });
    }
}

#[component]
pub fn App(pages: Pages) -> impl IntoView {
    let url = RwSignal::new(UrlState::parse(&browser::location_search()));
    browser::on_popstate(move || url.set(UrlState::parse(&browser::location_search())));

    // What start-up must load: only the opened dashboard, all (the list), or none (operations).
    let need = match (pages.module, url.with_untracked(|u| u.page.clone())) {
        (Module::Ops, _) => loader::Need::Nothing,
        (_, Page::Dashboard(uid)) => loader::Need::One(uid),
        _ => loader::Need::All,
    };
    let boot = LocalResource::new(move || loader::boot(need.clone()));

    Effect::new(move || {
        let default = boot
            .get()
            .and_then(|b| b.ok())
            .map(|b| b.config.defaults.theme.clone())
            .unwrap_or_default();
        let dark = url.with(|u| {
            promboard_core::config::is_dark(u.theme.as_deref(), &default, browser::prefers_dark())
        });
        browser::set_theme_attr(if dark { "dark" } else { "light" });
    });

    view! {
        <div class="app" class:kiosk=move || url.with(|u| u.kiosk)>
            {move || match boot.get() {
                None => view! { <div class="content">"Loading configuration…"</div> }.into_any(),
                Some(Err(message)) => view! {
                    <div class="content"><div class="fatal" role="alert">{message}</div></div>
                }.into_any(),
                Some(Ok(boot)) => {
                    let ctx = AppCtx {
                        config: boot.config,
                        dashboards: RwSignal::new(boot.dashboards),
                        dashboards_complete: RwSignal::new(boot.complete),
                        dashboards_loading: RwSignal::new(false),
                        url,
                        pages,
                    };
                    provide_context(ctx.clone());
                    view! { <Shell/> }.into_any()
                }
            }}
        </div>
    }
}

/// Header + the page the URL asks for.
#[component]
fn Shell() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return view! { <div class="fatal">"internal: no app context"</div> }.into_any();
    };
    let url = ctx.url;
    let pages = ctx.pages;
    let page = Memo::new(move |_| url.with(|u| u.page.clone()));
    let nav_ctx = ctx.clone();
    let go = move |p: Page| {
        let ctx = nav_ctx.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let next = UrlState {
                page: p.clone(),
                theme: ctx.url.with_untracked(|u| u.theme.clone()),
                ..UrlState::default()
            };
            ctx.navigate(next, false);
        }
    };
    view! {
        <header class="topbar">
            <a class="brand" href="?" on:click=go(Page::Home)>"promboard"</a>
            <nav>
                <a href="?" on:click=go(Page::Home)>"Dashboards"</a>
                <a href="?page=alerts" on:click=go(Page::Alerts)>"Alerts"</a>
                <a href="?page=explore" on:click=go(Page::Explore)>"Explore"</a>
                <a href="?page=backtest" on:click=go(Page::Backtest)>"Backtest"</a>
                <a href="?page=targets" on:click=go(Page::Targets)>"Targets"</a>
                <a href="?page=status" on:click=go(Page::Status)>"Status"</a>
            </nav>
            <span class="spacer"></span>
        </header>
        {move || {
            let page = page.get();
            if page.module() == pages.module {
                return (pages.render)(page);
            }
            // Back/forward across modules reloads the document (boot.js picks the module); this
            // only shows if boot.js and `Page::module` disagree, and never loops.
            let href = url.with(|u| u.to_query());
            let href = if href.is_empty() { "?".to_string() } else { href };
            view! {
                <div class="content">
                    <p>"This page is in another part of the app: "
                        <a href=href rel="external">"open it"</a>"."</p>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}
