//! promboard's browser app: Leptos components wired to the pure core (`promboard_core`).
//!
//! Data path, one direction: `loader` (config + dashboard files) → `ui` (URL state, time
//! range, panels) → `client` (plans → HTTP via `fetch`) → `promboard_core::panel::evaluate`
//! → `ui::canvas` (plotters on canvas) / DOM.

pub mod browser;
pub mod client;
pub mod fetch;
pub mod lazy;
pub mod loader;
pub mod ui;
pub mod variables;
