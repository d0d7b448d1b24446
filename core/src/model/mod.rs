//! The dashboard spec (our own types), independent of where it came from.
pub mod dashboard;
pub mod field;
pub mod jsonpath;

pub use dashboard::*;
pub use field::*;
pub mod load;
