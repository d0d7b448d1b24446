//! Prometheus HTTP API: response types and decoding, step / interval math. No I/O here:
//! the browser client in the app crate sends requests and hands the bytes to `decode`.
pub mod types;
