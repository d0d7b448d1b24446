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

/// Browser time or UTC for this view (`timezone` in the URL, as Grafana's links carry it).
#[component]
pub fn ZonePicker(dashboard_utc: bool) -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    let url = ctx.url;
    let utc = move || url.with(|u| u.utc(dashboard_utc));
    let on_change = move |ev: leptos::ev::Event| {
        let mut next = ctx.url.get_untracked();
        next.timezone = Some(event_target_value(&ev));
        ctx.navigate(next, true);
    };
    view! {
        <select aria-label="Time zone" data-testid="timezone" on:change=on_change>
            <option value="browser" selected=move || !utc()>"Browser time"</option>
            <option value="utc" selected=utc>"UTC"</option>
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
    // Removed with the picker (a forgotten listener would outlive the dashboard it refreshes).
    let visibility: StoredValue<Option<browser::Listener>, LocalStorage> =
        StoredValue::new_local(browser::on_visibility_change(move |h| {
            hidden.set(h);
            if !h {
                dash.tick.update(|t| *t += 1);
            }
        }));
    let _ = visibility;
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

/// Writes a new range (URL values) as a new history entry.
fn set_range(ctx: &AppCtx, from: String, to: String) {
    let mut next = ctx.url.get_untracked();
    next.from = Some(from);
    next.to = Some(to);
    ctx.navigate(next, false);
}

/// Zoom out ×2 around the current range (button and `t z`).
pub fn zoom_out(ctx: &AppCtx, dash: DashCtx) {
    if let Ok((from_ms, to_ms)) = dash.range_ms.get_untracked() {
        let (f, t) = promboard_core::time::zoom_out_values(from_ms, to_ms, browser::now_ms());
        set_range(ctx, f, t);
    }
}

/// Shift by half the range (buttons and `t ←` / `t →`).
pub fn shift(ctx: &AppCtx, dash: DashCtx, forward: bool) {
    if let Ok((from_ms, to_ms)) = dash.range_ms.get_untracked() {
        let (f, t) = promboard_core::time::shift_values(from_ms, to_ms, forward, browser::now_ms());
        set_range(ctx, f, t);
    }
}

/// Shift back, zoom out, shift forward, and the absolute / relative From–To fields.
#[component]
pub fn RangeControls(default_from: String, default_to: String) -> impl IntoView {
    let (Some(ctx), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let url = ctx.url;
    let current = Memo::new(move |_| {
        url.with(|u| {
            (
                u.from.clone().unwrap_or_else(|| default_from.clone()),
                u.to.clone().unwrap_or_else(|| default_to.clone()),
            )
        })
    });
    let offset = move || dash.tz_offset_min.get();
    let from_text = RwSignal::new(String::new());
    let to_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        let (f, t) = current.get();
        let off = offset();
        from_text.set(promboard_core::time::input_text(&f, off));
        to_text.set(promboard_core::time::input_text(&t, off));
        error.set(None);
    });
    let apply_ctx = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match promboard_core::time::range_from_inputs(
            &from_text.get_untracked(),
            &to_text.get_untracked(),
            browser::now_ms(),
            dash.tz_offset_min.get_untracked(),
        ) {
            Ok((f, t)) => {
                error.set(None);
                set_range(&apply_ctx, f, t);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let (back, zoom, fwd) = (ctx.clone(), ctx.clone(), ctx);
    view! {
        <button aria-label="Shift time range back" title="Shift back (t ←)" data-testid="shift-back"
            on:click=move |_| shift(&back, dash, false)>"‹"</button>
        <button aria-label="Zoom out time range" title="Zoom out (t z)" data-testid="zoom-out"
            on:click=move |_| zoom_out(&zoom, dash)>"−"</button>
        <button aria-label="Shift time range forward" title="Shift forward (t →)" data-testid="shift-forward"
            on:click=move |_| shift(&fwd, dash, true)>"›"</button>
        <form class="range-form" on:submit=on_submit>
            <input type="text" aria-label="From" data-testid="range-from" size="19"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || from_text.get()
                on:input=move |ev| from_text.set(event_target_value(&ev))/>
            <span class="range-sep">"to"</span>
            <input type="text" aria-label="To" data-testid="range-to" size="19"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || to_text.get()
                on:input=move |ev| to_text.set(event_target_value(&ev))/>
            <button type="submit" data-testid="range-apply">"Apply"</button>
            {move || error.get().map(|e| view! { <span class="range-error" role="alert" data-testid="range-error">{e}</span> })}
        </form>
    }
    .into_any()
}
