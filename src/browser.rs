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

/// Navigates the document to `query` (a `?…` string, or empty) on the same path: how the app
/// moves to a page drawn by another wasm module (`web/boot.js` loads it).
pub fn go_to_query(query: &str, replace: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let Ok(path) = location.pathname() else {
        return;
    };
    let url = format!("{path}{}", if query.is_empty() { "?" } else { query });
    let _ = if replace {
        location.replace(&url)
    } else {
        location.assign(&url)
    };
}

/// Gives the browser a turn (a new task: input, layout and paint can run before the rest).
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
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

/// Calls `f(hidden)` whenever the tab is hidden or shown, until the returned value is dropped.
pub fn on_visibility_change(f: impl Fn(bool) + 'static) -> Option<Listener> {
    let document = web_sys::window().and_then(|w| w.document())?;
    let doc = document.clone();
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| f(doc.hidden()));
    let target: web_sys::EventTarget = document.into();
    target
        .add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener {
        target,
        kind: "visibilitychange",
        closure,
    })
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

/// A listener registered on a target, removed when this is dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Listens for `kind` events on the window until the returned value is dropped.
pub fn listen_window(
    kind: &'static str,
    f: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    let target: web_sys::EventTarget = web_sys::window()?.into();
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    target
        .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener {
        target,
        kind,
        closure,
    })
}

/// Sets (or removes) a boolean attribute on `<html>`.
pub fn set_root_flag(name: &str, on: bool) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if on {
            el.set_attribute(name, "")
        } else {
            el.remove_attribute(name)
        };
    }
}

/// Offers `url` (an object or data URL) as a download named `name`.
fn download_url(name: &str, url: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(url);
    a.set_download(name);
    a.click();
}

/// Offers `text` as a file download (Blob + object URL, revoked after the click).
pub fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers the first canvas inside `root` as a PNG download; false when there is none.
pub fn download_canvas_png(root: &web_sys::Element, name: &str) -> bool {
    let Some(canvas) = root
        .query_selector("canvas")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
    else {
        return false;
    };
    match canvas.to_data_url_with_type("image/png") {
        Ok(url) => {
            download_url(name, &url);
            true
        }
        Err(_) => false,
    }
}

/// An IntersectionObserver on one element, disconnected when dropped.
pub struct VisibilityObserver {
    observer: web_sys::IntersectionObserver,
    _closure: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for VisibilityObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `f(visible)` whenever `el` enters or leaves the viewport (with a small margin, so
/// panels just below the fold are ready when scrolled to). Without IntersectionObserver the
/// element counts as visible once.
pub fn observe_visibility(
    el: &web_sys::Element,
    f: impl Fn(bool) + 'static,
) -> Option<VisibilityObserver> {
    let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(last) = entries
            .iter()
            .rev()
            .find_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
        {
            f(last.is_intersecting());
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("100px");
    let observer =
        web_sys::IntersectionObserver::new_with_options(closure.as_ref().unchecked_ref(), &init)
            .ok()?;
    observer.observe(el);
    Some(VisibilityObserver {
        observer,
        _closure: closure,
    })
}

/// True when the page runs inside a frame.
pub fn in_frame() -> bool {
    web_sys::window()
        .and_then(|w| {
            let parent = w.parent().ok().flatten()?;
            Some(!js_sys::Object::is(&parent, &w))
        })
        .unwrap_or(false)
}

/// Posts the JSON text `json` (parsed to an object) to the parent window, any origin: the
/// message only carries panel states, which the embedding page may read anyway.
pub fn post_to_parent(json: &str) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let Ok(value) = js_sys::JSON::parse(json) else {
        return;
    };
    let _ = parent.post_message(&value, "*");
}

/// The JSON text of a message event's data, if it is sent by the parent window.
pub fn message_from_parent(ev: &web_sys::Event) -> Option<String> {
    let ev = ev.dyn_ref::<web_sys::MessageEvent>()?;
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    let source = ev.source()?;
    if !js_sys::Object::is(&source, &parent) || js_sys::Object::is(&parent, &window) {
        return None;
    }
    let data = ev.data();
    if let Some(s) = data.as_string() {
        return Some(s);
    }
    js_sys::JSON::stringify(&data).ok()?.as_string()
}

/// Tells the user `message` in a dialog (for a failed download, which has nowhere else to show).
pub fn log_error(message: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.alert_with_message(message);
    }
}
