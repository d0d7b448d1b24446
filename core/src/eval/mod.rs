//! Panel evaluation: the pure functions that decide every value, text and colour a panel shows.
//!
//! One concept per module: [`reduce`] (series → number), [`units`] (number → text),
//! [`thresholds`] and [`colors`] (number → colour), [`mappings`] (value → text/colour),
//! [`legend`] (labels → series name), [`display`] (all of it for one value, plus field
//! overrides) and [`table`] (instant vectors → rows). Grafana's semantics throughout; the
//! deliberate differences are stated in each module's contract.
pub mod colors;
pub mod display;
pub mod jsregex;
pub mod legend;
pub mod mappings;
pub mod reduce;
pub mod table;
pub mod thresholds;
pub mod transform;
pub mod units;
