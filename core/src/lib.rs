//! promboard's pure core: everything that decides what a dashboard shows, as plain Rust over
//! plain data. No browser API and no I/O here, so all of it is tested natively; the app crate
//! (repository root) wires it to the browser and the CLI (`cli/`) to files.
pub mod alerts;
pub mod annotations;
pub mod chart;
pub mod config;
pub mod embed;
pub mod eval;
pub mod explore;
pub mod export;
pub mod health;
pub mod import;
pub mod keys;
pub mod layout;
pub mod links;
pub mod markdown;
pub mod model;
pub mod monitor;
pub mod panel;
pub mod prom;
pub mod rules;
pub mod time;
pub mod urlstate;
pub mod vars;
