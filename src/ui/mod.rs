//! Leptos components (thin).
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <p>"promboard"</p> }
}
