//! Browser entry point of the operations module: alerts, targets, status, explore, backtest
//! (`web/boot.js` loads it for `?page=` values in `OPS_PAGES`).
fn main() {
    leptos::mount::mount_to_body(|| {
        leptos::prelude::view! { <promboard::ui::App pages=promboard::ui::OPS_PAGES/> }
    });
}
