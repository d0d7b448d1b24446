//! The embedding bridge (see README "Embedding"): `transparent` in the URL, `promboard:set`
//! messages from the parent window, and `promboard:panels` back to it when the visible panels
//! have settled. Every decision (message shapes, when it is settled) is in
//! `promboard_core::embed`.
//!
//! Contract: only messages whose source is `window.parent` are read (any origin: they can only
//! change what this page shows, as a link could); one `promboard:panels` message per
//! load (each time the visible panels go from loading to settled); nothing is posted when
//! the page is not framed.

use leptos::prelude::*;
use promboard_core::embed::{self, PanelReport};

use super::dashboard::DashCtx;
use super::AppCtx;
use crate::browser::{self, Listener};

#[component]
pub fn EmbedBridge() -> impl IntoView {
    let (Some(ctx), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return;
    };
    browser::set_root_flag(
        "data-transparent",
        embed::is_transparent(&browser::location_search()),
    );

    let listener: StoredValue<Option<Listener>, LocalStorage> = StoredValue::new_local(None);
    let nav = ctx.clone();
    listener.set_value(browser::listen_window("message", move |ev| {
        let Some(json) = browser::message_from_parent(&ev) else {
            return;
        };
        let Some(msg) = embed::parse_set(&json) else {
            return;
        };
        let current = nav.url.get_untracked();
        let next = embed::apply_set(&current, &msg);
        if next == current {
            // Same state asked again: treat it as "refresh now".
            dash.tick.update(|t| *t += 1);
        } else {
            nav.navigate(next, true);
        }
    }));
    on_cleanup(move || listener.set_value(None));

    let framed = browser::in_frame();
    let was_settled = StoredValue::new(false);
    Effect::new(move || {
        let reports: Vec<PanelReport> = dash.reports.with(|m| m.values().cloned().collect());
        let settled = embed::all_settled(&reports);
        if settled && !was_settled.get_value() && framed {
            browser::post_to_parent(&embed::panels_message(&reports));
        }
        was_settled.set_value(settled);
    });
}
