//! The Explore page's pure logic: tokens for highlighting, the completion context at the
//! cursor and its ranked candidates, the catalog of functions/keywords with their docs, and
//! the page's URL, history, transient panels and metric cardinality.
//!
//! Contract: nothing here needs the PromQL parser (that lives in `promboard-promql`, loaded
//! on demand), so all of it runs in the main module on every keystroke; every function is
//! total (any text, any cursor).

pub mod catalog;
pub mod complete;
pub mod lex;
pub mod rank;
pub mod state;
#[cfg(test)]
mod tests;

pub use complete::{
    apply, context, suggestions, Context, Expect, Item, ItemKind, MetricInfo, Sources,
};
pub use state::{
    cardinality, graph_panel, parse_url, push_history, segments, table_panel, to_query,
    Cardinality, ExploreUrl, Segment, Tab,
};
