//! Prometheus HTTP API, pure part: request building, response types and decoding, errors,
//! step / interval math and durations. No I/O here: the browser client in the app crate sends
//! [`request::ApiRequest`]s and hands status + body bytes to the [`decode`] functions.
pub mod api;
pub mod decode;
pub mod duration;
pub mod error;
pub mod request;
pub mod step;
pub mod types;

pub use decode::{decode_query, QueryResponse};
pub use error::PromError;
pub use request::{url, ApiRequest, InstantQuery, Method, QueryRange};
pub use step::{query_step, round_interval_ms, StepPlan};
