//! Thin wrappers over browser APIs the components need (URL, history, time, visibility).
//!
//! Contract: no decision lives here, only access; every call degrades to a harmless default
//! when the API is missing (never panics).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The current query string (with `?`), or empty.
pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Pushes `query` (a `?…` string, or empty for the bare page) as a new history entry,
/// keeping the path (so the app works under any sub-path).
pub fn push_query(query: &str, replace: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(path) = window.location().pathname() else {
        return;
    };
    let url = format!("{path}{query}");
    let Ok(history) = window.history() else {
        return;
    };
    let result = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
    let _ = result;
}

/// Calls `f` on every `popstate` (back / forward) for the life of the page.
pub fn on_popstate(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::<dyn Fn()>::new(f);
    let _ = window.add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Calls `f(hidden)` whenever the tab is hidden or shown.
pub fn on_visibility_change(f: impl Fn(bool) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let doc = document.clone();
    let closure = Closure::<dyn Fn()>::new(move || f(doc.hidden()));
    let _ = document
        .add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The browser's UTC offset in minutes at `t_ms` (east positive, as ISO 8601).
pub fn tz_offset_min(t_ms: i64) -> i32 {
    -(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t_ms as f64)).get_timezone_offset() as i32)
}

pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0)
}

/// Whether the user's system prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(true)
}

pub fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// Sets `data-theme` on `<html>` so the CSS custom properties follow.
pub fn set_theme_attr(theme: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-theme", theme);
    }
}
