//! The alerts page's semantics: Prometheus alert templates rendered as text, rules grouped and
//! filtered into a page model, and the Alertmanager API (requests, decoders, silences).
//!
//! Contract: pure functions over decoded API data and a `now`; no I/O, no browser API.

pub mod alertmanager;
pub mod backtest;
mod gofmt;
pub mod template;
pub mod view;
