//! Time range and refresh pickers. They only write the URL; the dashboard follows it.

use leptos::prelude::*;
use promboard_core::time::{QUICK_RANGES, REFRESH_CHOICES};

use super::dashboard::DashCtx;
use super::AppCtx;
use crate::browser;

#[component]
pub fn TimePicker(default_from: String, default_to: String) -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let url = ctx.url;
    let current = move || {
        url.with(|u| {
            (
                u.from.clone().unwrap_or_else(|| default_from.clone()),
                u.to.clone().unwrap_or_else(|| default_to.clone()),
            )
        })
    };
    let nav = ctx.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let Some((from, to)) = value.split_once('|') else {
            return;
        };
        let mut next = nav.url.get_untracked();
        next.from = Some(from.to_owned());
        next.to = Some(to.to_owned());
        nav.navigate(next, false);
    };
    view! {
        <select aria-label="Time range" data-testid="time-range" on:change=on_change>
            {move || {
                let (from, to) = current();
                let known = QUICK_RANGES.iter().any(|(f, t, _)| *f == from && *t == to);
                let custom = (!known).then(|| {
                    let label = promboard_core::time::describe_range(&from, &to, browser::tz_offset_min(browser::now_ms()));
                    view! { <option value=format!("{from}|{to}") selected=true>{label}</option> }
                });
                view! {
                    {custom}
                    {QUICK_RANGES.iter().map(|(f, t, label)| {
                        let selected = *f == from && *t == to;
                        view! { <option value=format!("{f}|{t}") selected=selected>{*label}</option> }
                    }).collect_view()}
                }
            }}
        </select>
    }
    .into_any()
}

#[component]
pub fn RefreshPicker(default_refresh: String) -> impl IntoView {
    let (Some(ctx), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let url = ctx.url;
    let default_for_memo = default_refresh.clone();
    let refresh = Memo::new(move |_| {
        url.with(|u| {
            u.refresh
                .clone()
                .unwrap_or_else(|| default_for_memo.clone())
        })
    });

    // One timer at a time: re-armed when the interval changes, paused while the tab is hidden.
    let hidden = RwSignal::new(false);
    browser::on_visibility_change(move |h| {
        hidden.set(h);
        if !h {
            dash.tick.update(|t| *t += 1);
        }
    });
    let timer: StoredValue<Option<gloo_timers::callback::Interval>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move || {
        let every_ms = promboard_core::prom::duration::parse_duration_ms(&refresh.get())
            .ok()
            .filter(|ms| *ms >= 1000);
        let paused = hidden.get();
        timer.set_value(None);
        if let (Some(ms), false) = (every_ms, paused) {
            let interval = gloo_timers::callback::Interval::new(ms as u32, move || {
                dash.tick.update(|t| *t += 1)
            });
            timer.set_value(Some(interval));
        }
    });
    on_cleanup(move || timer.set_value(None));

    let nav = ctx.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut next = nav.url.get_untracked();
        next.refresh = Some(value);
        nav.navigate(next, true);
    };
    view! {
        <button aria-label="Refresh now" title="Refresh now" on:click=move |_| dash.tick.update(|t| *t += 1)>"⟳"</button>
        <select aria-label="Auto refresh" data-testid="refresh" on:change=on_change>
            {move || {
                let current = refresh.get();
                let mut choices: Vec<String> = REFRESH_CHOICES.iter().map(|s| (*s).to_owned()).collect();
                if !choices.contains(&current) {
                    choices.push(current.clone());
                }
                choices.into_iter().map(|c| {
                    let label = if c.is_empty() { "Off".to_owned() } else { c.clone() };
                    let selected = c == current;
                    view! { <option value=c selected=selected>{label}</option> }
                }).collect_view()
            }}
        </select>
    }
    .into_any()
}
