//! Keyboard shortcuts on a dashboard page (the key table and sequences are
//! `promboard_core::keys`), and the `?` help dialog.
//!
//! Contract: keys typed into a field, or with Ctrl/Alt/Meta held, are left alone; the window
//! listener lives exactly as long as the dashboard page.

use leptos::prelude::*;
use promboard_core::keys::{self, Action, Pending, SHORTCUTS};
use wasm_bindgen::JsCast;

use super::dashboard::DashCtx;
use super::timepicker;
use super::AppCtx;
use crate::browser::{self, Listener};

/// True when the key event was typed into a text field or a select.
fn typed_into_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select")
                || el.get_attribute("contenteditable").is_some()
        })
        .unwrap_or(false)
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let (Some(ctx), Some(dash)) = (use_context::<AppCtx>(), use_context::<DashCtx>()) else {
        return ().into_any();
    };
    let help = RwSignal::new(false);
    let pending = StoredValue::new(Pending::None);
    let listener: StoredValue<Option<Listener>, LocalStorage> = StoredValue::new_local(None);
    let act = ctx.clone();
    let on_key = move |ev: web_sys::Event| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || typed_into_field(ev) {
            return;
        }
        let (next, action) = keys::next(pending.get_value(), &ev.key());
        pending.set_value(next);
        let Some(action) = action else { return };
        ev.prevent_default();
        match action {
            Action::ShowHelp => help.set(true),
            Action::ZoomOut => timepicker::zoom_out(&act, dash),
            Action::ShiftBack => timepicker::shift(&act, dash, false),
            Action::ShiftForward => timepicker::shift(&act, dash, true),
            Action::Refresh => dash.tick.update(|t| *t += 1),
            Action::ToggleKiosk => {
                let mut next = act.url.get_untracked();
                next.kiosk = !next.kiosk;
                act.navigate(next, false);
            }
            Action::Escape => {
                if help.get_untracked() {
                    help.set(false);
                } else if dash.inspect.get_untracked().is_some() {
                    dash.inspect.set(None);
                } else {
                    let mut next = act.url.get_untracked();
                    if next.view_panel.is_some() {
                        next.view_panel = None;
                    } else if next.kiosk {
                        next.kiosk = false;
                    } else {
                        return;
                    }
                    act.navigate(next, false);
                }
            }
        }
    };
    listener.set_value(browser::listen_window("keydown", on_key));
    on_cleanup(move || listener.set_value(None));
    view! {
        <Show when=move || help.get()>
            <div class="modal-backdrop" on:click=move |_| help.set(false)>
                <div class="modal shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts"
                    data-testid="shortcuts" on:click=|ev| ev.stop_propagation()>
                    <header class="modal-header">
                        <h2>"Keyboard shortcuts"</h2>
                        <button aria-label="Close" on:click=move |_| help.set(false)>"×"</button>
                    </header>
                    <table class="data">
                        <tbody>
                            {SHORTCUTS.iter().map(|(k, what)| view! {
                                <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </Show>
    }
    .into_any()
}
