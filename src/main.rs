//! Browser entry point of the first-load module: the dashboard list, dashboards and embedded
//! panels (`web/boot.js` loads it for every page that is not an operations page).
fn main() {
    leptos::mount::mount_to_body(|| {
        leptos::prelude::view! { <promboard::ui::App pages=promboard::ui::DASHBOARD_PAGES/> }
    });
}
