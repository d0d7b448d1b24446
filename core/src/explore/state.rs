//! The Explore page's state outside the editor: its URL parameters (repeated `expr=`, `tab`,
//! `mode`, `stack`, `ds`), the query history (most recent first, deduplicated, at most
//! [`HISTORY_MAX`]), the transient panels that draw the queries with the dashboard pipeline,
//! a metric's series and label cardinality, and the highlighted segments of the editor.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    FieldConfig, Panel, PanelKind, Query, QueryFormat, Stacking, TableOptions, TimeSeriesOptions,
};
use crate::prom::types::Labels;
use crate::urlstate::{encode, UrlState};

use super::lex::{lex, Kind, Tok};

/// Graph or table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Graph,
    Table,
}

/// What the URL says beyond the app's common state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExploreUrl {
    pub exprs: Vec<String>,
    pub tab: Tab,
    /// Graph as stacked areas.
    pub stacked: bool,
    /// Datasource name; `None` = the default.
    pub datasource: Option<String>,
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the Explore parameters from a query string (`?page=explore&expr=…`).
pub fn parse_url(query: &str) -> ExploreUrl {
    let mut out = ExploreUrl::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode(v);
        match decode(k).as_str() {
            "expr" => out.exprs.push(v),
            "tab" => out.tab = if v == "table" { Tab::Table } else { Tab::Graph },
            "stack" => out.stacked = v == "1" || v == "true",
            "ds" if !v.is_empty() => out.datasource = Some(v),
            _ => {}
        }
    }
    out
}

/// The full query string: the app's state, then the Explore parameters.
pub fn to_query(app: &UrlState, ex: &ExploreUrl) -> String {
    let mut q = app.to_query();
    let mut push = |k: &str, v: &str| {
        q.push(if q.is_empty() { '?' } else { '&' });
        q.push_str(k);
        q.push('=');
        q.push_str(&encode(v));
    };
    for e in &ex.exprs {
        push("expr", e);
    }
    if ex.tab == Tab::Table {
        push("tab", "table");
    }
    if ex.stacked {
        push("stack", "1");
    }
    if let Some(ds) = &ex.datasource {
        push("ds", ds);
    }
    q
}

/// Most queries kept in the history.
pub const HISTORY_MAX: usize = 50;

/// `expr` becomes the most recent entry (moved up if it was there); blank ones are ignored.
pub fn push_history(history: &[String], expr: &str) -> Vec<String> {
    let expr = expr.trim();
    let mut out = Vec::with_capacity(HISTORY_MAX);
    if !expr.is_empty() {
        out.push(expr.to_owned());
    }
    out.extend(history.iter().filter(|h| h.as_str() != expr).cloned());
    out.truncate(HISTORY_MAX);
    out
}

/// The stored history (JSON array of strings); anything else is an empty history.
pub fn parse_history(json: &str) -> Vec<String> {
    let mut h: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    h.truncate(HISTORY_MAX);
    h
}

pub fn history_json(history: &[String]) -> String {
    serde_json::to_string(history).unwrap_or_else(|_| "[]".to_owned())
}

fn ref_id(i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, letters[n % 26] as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

fn queries(exprs: &[String], instant: bool) -> Vec<Query> {
    exprs
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.trim().is_empty())
        .map(|(i, e)| Query {
            ref_id: ref_id(i),
            expr: e.clone(),
            instant,
            format: if instant {
                QueryFormat::Table
            } else {
                QueryFormat::TimeSeries
            },
            ..Query::default()
        })
        .collect()
}

/// The transient time-series panel drawing `exprs` (lines, or stacked areas).
pub fn graph_panel(exprs: &[String], stacked: bool, datasource: Option<&str>) -> Panel {
    let mut field = FieldConfig::default();
    if stacked {
        field.style.stacking = Stacking::Normal;
        field.style.fill_opacity = 60.0;
    }
    Panel {
        id: 1,
        title: String::new(),
        datasource: datasource.map(str::to_owned),
        queries: queries(exprs, false),
        kind: PanelKind::TimeSeries(TimeSeriesOptions::default()),
        field,
        grid: crate::model::GridPos {
            x: 0,
            y: 0,
            w: 24,
            h: 11,
        },
        ..Panel::default()
    }
}

/// The transient table panel: each expression as an instant query at the range's end.
pub fn table_panel(exprs: &[String], datasource: Option<&str>) -> Panel {
    Panel {
        id: 2,
        title: String::new(),
        datasource: datasource.map(str::to_owned),
        queries: queries(exprs, true),
        kind: PanelKind::Table(TableOptions::default()),
        grid: crate::model::GridPos {
            x: 0,
            y: 0,
            w: 24,
            h: 8,
        },
        ..Panel::default()
    }
}

/// A metric's series count and, per label, its number of distinct values (most first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cardinality {
    pub series: usize,
    pub labels: Vec<(String, usize)>,
}

pub fn cardinality(series: &[Labels]) -> Cardinality {
    let mut per: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in series {
        for (k, v) in s {
            if k != "__name__" {
                per.entry(k.as_str()).or_default().insert(v.as_str());
            }
        }
    }
    let mut labels: Vec<(String, usize)> = per
        .into_iter()
        .map(|(k, vs)| (k.to_owned(), vs.len()))
        .collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Cardinality {
        series: series.len(),
        labels,
    }
}

/// One run of editor text with its highlighting class (`""` for plain text) and whether it
/// lies under the error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub class: &'static str,
    pub error: bool,
}

const KEYWORDS: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "and",
    "or",
    "unless",
    "atan2",
    "start",
    "end",
];

fn class_of(
    text: &str,
    toks: &[Tok],
    i: usize,
    in_braces: bool,
    in_grouping: bool,
) -> &'static str {
    let t = toks[i];
    match t.kind {
        Kind::Space => "",
        Kind::Comment => "tok-comment",
        Kind::Number => "tok-number",
        Kind::Duration => "tok-duration",
        Kind::Str { .. } => "tok-string",
        Kind::Operator => "tok-operator",
        Kind::Punct => "tok-punct",
        Kind::Unknown => "tok-unknown",
        Kind::Ident => {
            let s = t.text(text);
            let next = toks[i + 1..]
                .iter()
                .find(|n| !matches!(n.kind, Kind::Space | Kind::Comment))
                .map(|n| n.text(text));
            if in_braces || in_grouping {
                "tok-label"
            } else if KEYWORDS.contains(&s) {
                "tok-keyword"
            } else if next == Some("(") || super::catalog::is_aggregation(s) {
                "tok-function"
            } else {
                "tok-metric"
            }
        }
    }
}

/// The editor's text as highlighted segments; `error` is a byte range to mark (an empty range
/// at the end of the text adds a one-space marker segment).
pub fn segments(text: &str, error: Option<(usize, usize)>) -> Vec<Segment> {
    let toks = lex(text);
    let mut out: Vec<Segment> = Vec::new();
    let mut in_braces = false;
    let mut grouping_next = false;
    let mut in_grouping = false;
    let (es, ee) = error.unwrap_or((usize::MAX, usize::MAX));
    for i in 0..toks.len() {
        let t = toks[i];
        let s = t.text(text);
        let class = class_of(text, &toks, i, in_braces, in_grouping);
        match s {
            "{" => in_braces = true,
            "}" => in_braces = false,
            "(" => {
                in_grouping = grouping_next;
                grouping_next = false;
            }
            ")" => in_grouping = false,
            _ if t.kind == Kind::Ident && !in_braces => {
                grouping_next = matches!(
                    s,
                    "by" | "without" | "on" | "ignoring" | "group_left" | "group_right"
                );
            }
            _ if t.kind != Kind::Space => grouping_next = false,
            _ => {}
        }
        // Split the token at the error's bounds.
        let mut cuts = vec![t.start, t.end];
        for b in [es, ee] {
            if b > t.start && b < t.end && text.is_char_boundary(b) {
                cuts.push(b);
            }
        }
        cuts.sort_unstable();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b {
                continue;
            }
            out.push(Segment {
                text: text[a..b].to_owned(),
                class,
                error: es < ee && a >= es && b <= ee,
            });
        }
    }
    if error.is_some() && es >= ee && es >= text.trim_end().len() {
        out.push(Segment {
            text: " ".to_owned(),
            class: "",
            error: true,
        });
    }
    out
}
