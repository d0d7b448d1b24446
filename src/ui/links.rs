//! Links of panels and dashboards: URL links, and Grafana's `dashboards` links (every other
//! dashboard carrying the link's tags, inline or as a menu).
//!
//! Contract: every URL is built by `promboard_core::links` (`link_url`, `dashboard_links`) and
//! passes `safe_href`: only http(s) and relative URLs become `<a>` (new tab when the link asks,
//! without opener or referrer), anything else is shown as text; titles are text nodes. URLs
//! follow the variables and, when a link asks, the time range and selections
//! (`DashCtx::link_params`). A `dashboards` link loads the whole dashboard list on first use
//! (its menu opened, or at once when inline) and opens a dashboard in place, without a page
//! load, unless the link asks for a new tab or a modifier key is held. Its menu closes on Esc
//! and when focus leaves it.

use std::sync::Arc;

use leptos::prelude::*;
use promboard_core::links::{
    dashboard_links, dashboards_link_label, link_url, no_dashboards_text, safe_href, LinkContext,
    Listed,
};
use promboard_core::model::{Link, LinkKind};
use promboard_core::urlstate::{Page, UrlState};
use promboard_core::vars::Scope;
use wasm_bindgen::JsCast;

use super::dashboard::{DashCtx, LinkParams};
use super::AppCtx;

/// The views of `links`, in order; `scope` holds the variables their URLs may reference.
pub(crate) fn links_view(links: &[Link], scope: Signal<Option<Arc<Scope>>>) -> impl IntoView {
    let params = use_context::<DashCtx>().map(|d| d.link_params);
    links
        .iter()
        .map(|l| match l.kind {
            LinkKind::Link => url_link(l.clone(), scope, params).into_any(),
            LinkKind::Dashboards => dashboards_link(l.clone(), params),
        })
        .collect_view()
}

fn url_link(
    l: Link,
    scope: Signal<Option<Arc<Scope>>>,
    params: Option<Memo<LinkParams>>,
) -> impl IntoView {
    let label = if l.title.is_empty() {
        l.url.clone()
    } else {
        l.title.clone()
    };
    let tooltip = l.tooltip.clone();
    let target = if l.target_blank { "_blank" } else { "_self" };
    let url = Memo::new(move |_| match (scope.get(), params) {
        (Some(scope), Some(params)) => params.with(|p| {
            link_url(
                &l,
                &LinkContext {
                    scope: &scope,
                    from: &p.from,
                    to: &p.to,
                    vars: &p.vars,
                },
            )
        }),
        _ => l.url.clone(),
    });
    move || {
        let url = url.get();
        let tooltip = tooltip.clone().unwrap_or_else(|| url.clone());
        let label = label.clone();
        match safe_href(&url) {
            Some(href) => view! {
                <a class="panel-link" href=href title=tooltip target=target rel="noopener noreferrer">{label}</a>
            }
            .into_any(),
            None => not_a_link(label),
        }
    }
}

fn dashboards_link(l: Link, params: Option<Memo<LinkParams>>) -> AnyView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let current = ctx.url.with_untracked(|u| match &u.page {
        Page::Dashboard(uid) => uid.clone(),
        _ => String::new(),
    });
    let (list, complete) = (ctx.dashboards, ctx.dashboards_complete);
    let tags_attr = l.tags.join(", ");
    let (label, none, tooltip, as_dropdown, new_tab) = (
        dashboards_link_label(&l),
        no_dashboards_text(&l),
        l.tooltip.clone(),
        l.as_dropdown,
        l.target_blank,
    );
    let items = Memo::new(move |_| {
        let entries = list.get();
        let listed: Vec<Listed<'_>> = entries
            .iter()
            .filter_map(|e| {
                let d = e.result.as_ref().ok()?;
                Some(Listed {
                    uid: &e.uid,
                    title: &d.title,
                    tags: &d.tags,
                })
            })
            .collect();
        let p = params.map(|p| p.get()).unwrap_or_default();
        let scope = Scope::new();
        let cx = LinkContext {
            scope: &scope,
            from: &p.from,
            to: &p.to,
            vars: &p.vars,
        };
        dashboard_links(&l, &listed, &current, &cx)
    });
    let nav = ctx.clone();
    let entries = move || {
        if !complete.get() {
            return view! { <span class="muted">"Loading dashboards…"</span> }.into_any();
        }
        let items = items.get();
        if items.is_empty() {
            return view! { <span class="muted">{none.clone()}</span> }.into_any();
        }
        items
            .into_iter()
            .map(|(title, url)| dashboard_anchor(&nav, title, url, new_tab))
            .collect_view()
            .into_any()
    };
    if as_dropdown {
        let open = ctx.clone();
        let menu = NodeRef::<leptos::html::Details>::new();
        let close = move || {
            if let Some(d) = menu.get_untracked() {
                d.set_open(false);
            }
        };
        // Esc closes it (and is not also taken by the dashboard's shortcuts), as does focus
        // moving outside it (a click elsewhere).
        let on_key = move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" && menu.get_untracked().is_some_and(|d| d.open()) {
                ev.stop_propagation();
                close();
            }
        };
        let on_focusout = move |ev: leptos::ev::FocusEvent| {
            let to: Option<web_sys::Node> = ev.related_target().and_then(|t| t.dyn_into().ok());
            let inside = menu
                .get_untracked()
                .is_some_and(|d| d.contains(to.as_ref()));
            if !inside {
                close();
            }
        };
        view! {
            <details class="dash-menu" data-link-tags=tags_attr node_ref=menu on:keydown=on_key on:focusout=on_focusout>
                <summary title=tooltip on:click=move |_| open.ensure_all_dashboards()>{label}</summary>
                <div class="dash-menu-items">{entries}</div>
            </details>
        }
        .into_any()
    } else {
        // Inline, the list is needed at once: loaded after this view is mounted.
        let load = ctx.clone();
        Effect::new(move |_| load.ensure_all_dashboards());
        view! { <span class="dash-tagged" data-link-tags=tags_attr title=tooltip>{entries}</span> }
            .into_any()
    }
}

/// One dashboard of a `dashboards` link: a plain click opens it in place.
fn dashboard_anchor(nav: &AppCtx, title: String, url: String, new_tab: bool) -> AnyView {
    let Some(href) = safe_href(&url) else {
        return not_a_link(title);
    };
    let nav = nav.clone();
    let open = move |ev: leptos::ev::MouseEvent| {
        if !new_tab {
            nav.open_in_place(&ev, UrlState::parse(&url));
        }
    };
    let target = if new_tab { "_blank" } else { "_self" };
    view! {
        <a class="panel-link" href=href target=target rel="noopener noreferrer" on:click=open>{title}</a>
    }
    .into_any()
}

/// A link target that must not become a link, shown as its text.
fn not_a_link(label: String) -> AnyView {
    view! { <span class="panel-link unsafe" title="not a web link">{label}</span> }.into_any()
}
