//! The dashboard list (`?` with no page): search by title and tag, broken files shown with
//! their error.

use leptos::prelude::*;
use promboard_core::urlstate::{Page, UrlState};

use super::AppCtx;

#[component]
pub fn DashboardList() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let url = ctx.url;
    let query = Memo::new(move |_| url.with(|u| u.search.clone().unwrap_or_default()));
    let entries = ctx.dashboards;
    ctx.ensure_all_dashboards();
    let nav = ctx.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut next = nav.url.get_untracked();
        next.search = (!text.is_empty()).then_some(text);
        nav.navigate(next, true);
    };
    crate::browser::set_document_title("promboard");
    view! {
        <main class="content">
            <input class="dash-search" type="search" placeholder="Search dashboards by title or tag"
                aria-label="Search dashboards" prop:value=move || query.get() on:input=on_search/>
            <ul class="dash-list">
                {move || {
                    let q = query.get().to_lowercase();
                    entries
                        .get()
                        .iter()
                        .filter(|e| matches(&q, &e.title(), e.result.as_ref().map(|d| d.tags.as_slice()).unwrap_or(&[])))
                        .map(|e| {
                            let uid = e.uid.clone();
                            let href = UrlState { page: Page::Dashboard(uid.clone()), ..UrlState::default() }.to_query();
                            let nav = ctx.clone();
                            let open = move |ev: leptos::ev::MouseEvent| {
                                nav.open_in_place(&ev, UrlState { page: Page::Dashboard(uid.clone()), ..UrlState::default() });
                            };
                            let tags = e.result.as_ref().map(|d| d.tags.clone()).unwrap_or_default();
                            let error = e.result.as_ref().err().cloned();
                            view! {
                                <li data-dashboard-uid=e.uid.clone()>
                                    <a href=href on:click=open>{e.title()}</a>
                                    {tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                                    {error.map(|m| view! { <span class="file-error" role="alert">{m}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </main>
    }
    .into_any()
}

/// Case-insensitive match of `q` (already lower-case) against the title or any tag.
fn matches(q: &str, title: &str, tags: &[String]) -> bool {
    q.is_empty()
        || title.to_lowercase().contains(q)
        || tags.iter().any(|t| t.to_lowercase().contains(q))
}
