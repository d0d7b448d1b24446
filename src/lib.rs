//! promboard: a Prometheus dashboard that is nothing but static files.
pub mod ui;
