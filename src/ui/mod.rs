//! Leptos components. Thin: they read signals, call pure functions from `promboard_core`,
//! and write the result to the DOM or a canvas. No semantic decision lives here.

mod alerts;
mod canvas;
mod dashboard;
mod embed;
mod keys;
mod list;
mod markdown;
mod panel;
mod status;
mod targets;
mod timepicker;

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::config::AppConfig;
use promboard_core::urlstate::{Page, UrlState};

use crate::browser;
use crate::loader::{self, DashboardEntry};

/// App-wide state shared through context.
#[derive(Clone)]
pub struct AppCtx {
    pub config: Arc<AppConfig>,
    pub dashboards: Arc<Vec<DashboardEntry>>,
    /// The URL's state; the single source of truth for what is shown.
    pub url: RwSignal<UrlState>,
}

impl AppCtx {
    /// Moves to a new state: a new history entry (or a replaced one), then the views follow.
    pub fn navigate(&self, next: UrlState, replace: bool) {
        browser::push_query(&next.to_query(), replace);
        self.url.set(next);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let url = RwSignal::new(UrlState::parse(&browser::location_search()));
    browser::on_popstate(move || url.set(UrlState::parse(&browser::location_search())));

    let boot = LocalResource::new(loader::boot);

    Effect::new(move || {
        let default = boot
            .get()
            .and_then(|b| b.ok())
            .map(|b| b.0.defaults.theme.clone())
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
                Some(Ok((config, dashboards))) => {
                    let ctx = AppCtx { config, dashboards, url };
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
                <a href="?page=targets" on:click=go(Page::Targets)>"Targets"</a>
                <a href="?page=status" on:click=go(Page::Status)>"Status"</a>
            </nav>
            <span class="spacer"></span>
        </header>
        {move || match page.get() {
            Page::Dashboard(uid) => view! { <dashboard::DashboardPage uid=uid/> }.into_any(),
            Page::Home => view! { <list::DashboardList/> }.into_any(),
            Page::Alerts => view! { <alerts::AlertsPage/> }.into_any(),
            Page::Targets => view! { <targets::TargetsPage/> }.into_any(),
            Page::Status => view! { <status::StatusPage/> }.into_any(),
            other => view! {
                <div class="content">
                    <p>{format!("The {other:?} page is not built yet.")}</p>
                </div>
            }.into_any(),
        }}
    }
    .into_any()
}
