//! Completion: what is expected at the cursor ([`context`]), the candidates for it
//! ([`suggestions`]) and the edit that accepts one ([`apply`]). Pure and parser-free, so it
//! runs in the main module on every keystroke.

use super::catalog::{self, EntryKind};
use super::lex::{lex, Kind, Tok};
use super::rank::rank;

/// What kind of thing the cursor is in front of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Metric names, functions and aggregations.
    MetricOrFunction,
    /// A label name inside `{…}`; `selector` is the metric and other matchers (`up{job="x"}`,
    /// empty when unknown) to scope `/api/v1/labels?match[]=`.
    LabelName { selector: String },
    /// A label's value after `=`, `!=`, `=~`, `!~`; `quote` is the open string's quote
    /// (`None` = no quote typed yet), `closed` whether that string is closed.
    LabelValue {
        label: String,
        selector: String,
        quote: Option<char>,
        closed: bool,
    },
    /// A range or offset duration.
    Duration,
    /// A label in a `by`/`without`/`on`/`ignoring`/`group_*` list; `selector` is the first
    /// metric of the query.
    GroupingLabel { selector: String },
    /// After a complete expression: binary operators and modifiers; `aggregation` when it is an
    /// aggregation that may still take `by`/`without`.
    Operator { aggregation: bool },
    /// Nothing to offer (in a comment, after a label name …).
    Nothing,
}

/// The completion context at the cursor: what is expected, the typed prefix and the byte
/// range a chosen candidate replaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub expect: Expect,
    pub prefix: String,
    pub start: usize,
    pub end: usize,
}

const GROUPING: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];
const EXPR_KEYWORDS: &[&str] = &["and", "or", "unless", "atan2", "bool"];

fn floor(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn significant(t: &Tok) -> bool {
    !matches!(t.kind, Kind::Space | Kind::Comment)
}

/// The completion context of `text` with the cursor at byte `cursor`.
pub fn context(text: &str, cursor: usize) -> Context {
    let cursor = floor(text, cursor);
    let toks = lex(text);
    let here = toks
        .iter()
        .position(|t| t.start < cursor && cursor <= t.end);
    let nothing = Context {
        expect: Expect::Nothing,
        prefix: String::new(),
        start: cursor,
        end: cursor,
    };
    let (word, before_idx) = match here.map(|i| (i, toks[i])) {
        Some((i, t)) => match t.kind {
            Kind::Comment => return nothing,
            Kind::Str { closed } => {
                if closed && cursor == t.end {
                    (None, i + 1)
                } else {
                    return string_context(text, &toks[..i], t, cursor, closed);
                }
            }
            Kind::Ident | Kind::Number | Kind::Duration => (Some(t), i),
            _ => (None, i + 1),
        },
        None => (None, toks.iter().take_while(|t| t.end <= cursor).count()),
    };
    let before: Vec<Tok> = toks[..before_idx]
        .iter()
        .copied()
        .filter(significant)
        .collect();
    let (prefix, start, end) = match word {
        Some(w) => (text[w.start..cursor].to_owned(), w.start, w.end),
        None => (String::new(), cursor, cursor),
    };
    let ctx = |expect| Context {
        expect,
        prefix: prefix.clone(),
        start,
        end,
    };
    let numeric = word.is_some_and(|w| matches!(w.kind, Kind::Number | Kind::Duration));
    let stack = open_stack(text, &before);
    let prev = before.last().copied();
    let prev_text = prev.map(|p| p.text(text)).unwrap_or("");
    if let Some(&open) = stack.last() {
        let opener = before[open].text(text);
        if opener == "[" {
            return ctx(Expect::Duration);
        }
        if opener == "{" {
            if numeric {
                return ctx(Expect::Nothing);
            }
            return match prev_text {
                "{" | "," => ctx(Expect::LabelName {
                    selector: selector(text, &before, open, None),
                }),
                "=" | "!=" | "=~" | "!~" => {
                    let label = before
                        .len()
                        .checked_sub(2)
                        .map(|i| before[i].text(text).to_owned())
                        .unwrap_or_default();
                    let selector = selector(text, &before, open, Some(&label));
                    ctx(Expect::LabelValue {
                        label,
                        selector,
                        quote: None,
                        closed: false,
                    })
                }
                _ => ctx(Expect::Nothing),
            };
        }
        // `(`: a grouping list?
        let kw = open
            .checked_sub(1)
            .map(|i| before[i].text(text))
            .unwrap_or("");
        if GROUPING.contains(&kw) {
            return if matches!(prev_text, "(" | ",") && !numeric {
                ctx(Expect::GroupingLabel {
                    selector: first_metric(text),
                })
            } else {
                ctx(Expect::Nothing)
            };
        }
    }
    if numeric {
        return if prev_text == "offset" || prev_text == "@" {
            ctx(Expect::Duration)
        } else {
            ctx(Expect::Nothing)
        };
    }
    if prev_text == "offset" {
        return ctx(Expect::Duration);
    }
    let Some(p) = prev else {
        return ctx(Expect::MetricOrFunction);
    };
    let expr_end = match p.kind {
        Kind::Ident => {
            !(EXPR_KEYWORDS.contains(&prev_text)
                || GROUPING.contains(&prev_text)
                || prev_text == "offset")
        }
        Kind::Number | Kind::Duration | Kind::Str { .. } => true,
        Kind::Punct => matches!(prev_text, ")" | "}" | "]"),
        _ => false,
    };
    if !expr_end {
        return ctx(Expect::MetricOrFunction);
    }
    // `)` closing a grouping list: the aggregation's body comes next.
    if prev_text == ")" {
        if let Some(open) = matching_open(text, &before, before.len() - 1) {
            let kw = open.checked_sub(1).map(|i| before[i].text(text));
            if kw.is_some_and(|k| GROUPING.contains(&k)) {
                return ctx(Expect::MetricOrFunction);
            }
            let agg = kw.is_some_and(catalog::is_aggregation);
            return ctx(Expect::Operator { aggregation: agg });
        }
    }
    let agg = p.kind == Kind::Ident && catalog::is_aggregation(prev_text);
    ctx(Expect::Operator { aggregation: agg })
}

/// Indices (into `toks`) of the brackets still open after `toks`.
fn open_stack(text: &str, toks: &[Tok]) -> Vec<usize> {
    let mut stack: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.text(text) {
            "(" | "{" | "[" => stack.push(i),
            ")" | "}" | "]" => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack
}

/// The index of the opener matched by the closer at `close`.
fn matching_open(text: &str, toks: &[Tok], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..close).rev() {
        match toks[i].text(text) {
            ")" | "}" | "]" => depth += 1,
            "(" | "{" | "[" => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

fn string_context(text: &str, before: &[Tok], s: Tok, cursor: usize, closed: bool) -> Context {
    let sig: Vec<Tok> = before.iter().copied().filter(significant).collect();
    let quote = text[s.start..].chars().next();
    let content_start = s.start + 1;
    let content_end = if closed { s.end - 1 } else { s.end };
    let n = sig.len();
    let op = sig.last().map(|t| t.text(text)).unwrap_or("");
    let stack = open_stack(text, &sig);
    let in_braces = stack.last().is_some_and(|&i| sig[i].text(text) == "{");
    if n >= 2 && in_braces && matches!(op, "=" | "!=" | "=~" | "!~") {
        let label = sig[n - 2].text(text).to_owned();
        let open = stack.last().copied().unwrap_or(0);
        let selector = selector(text, &sig, open, Some(&label));
        return Context {
            expect: Expect::LabelValue {
                label,
                selector,
                quote,
                closed,
            },
            prefix: text[content_start..cursor.max(content_start)].to_owned(),
            start: content_start,
            end: content_end.max(content_start),
        };
    }
    Context {
        expect: Expect::Nothing,
        prefix: String::new(),
        start: cursor,
        end: cursor,
    }
}

/// `metric{complete matchers}` for the braces opened at `open` (tokens `toks`), leaving out
/// the matcher of `skip` (the label being completed); empty when there is neither.
fn selector(text: &str, toks: &[Tok], open: usize, skip: Option<&str>) -> String {
    let metric = open
        .checked_sub(1)
        .map(|i| toks[i])
        .filter(|t| t.kind == Kind::Ident && toks[open].start == t.end)
        .map(|t| t.text(text).to_owned())
        .unwrap_or_default();
    // Matchers in the whole braces (also after the cursor).
    let all = lex(text);
    let mut matchers = Vec::new();
    let sig: Vec<Tok> = all
        .iter()
        .copied()
        .filter(|t| significant(t) && t.start > toks[open].start)
        .collect();
    let mut i = 0;
    while i < sig.len() {
        let t = sig[i].text(text);
        if t == "}" {
            break;
        }
        if i + 2 < sig.len()
            && sig[i].kind == Kind::Ident
            && matches!(sig[i + 1].text(text), "=" | "!=" | "=~" | "!~")
            && matches!(sig[i + 2].kind, Kind::Str { closed: true })
        {
            if Some(t) != skip {
                matchers.push(format!(
                    "{}{}{}",
                    t,
                    sig[i + 1].text(text),
                    sig[i + 2].text(text)
                ));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    if matchers.is_empty() {
        metric
    } else {
        format!("{metric}{{{}}}", matchers.join(","))
    }
}

/// The first metric name of the query (an identifier that is not a function, keyword or
/// label); empty when there is none.
pub fn first_metric(text: &str) -> String {
    let toks: Vec<Tok> = lex(text).into_iter().filter(significant).collect();
    let mut braces = 0i32;
    let mut grouping_depth: Option<usize> = None;
    let mut parens = 0usize;
    for (i, t) in toks.iter().enumerate() {
        let s = t.text(text);
        match s {
            "{" => braces += 1,
            "}" => braces -= 1,
            "(" => {
                parens += 1;
                let kw = i.checked_sub(1).map(|j| toks[j].text(text)).unwrap_or("");
                if GROUPING.contains(&kw) && grouping_depth.is_none() {
                    grouping_depth = Some(parens);
                }
            }
            ")" => {
                if grouping_depth == Some(parens) {
                    grouping_depth = None;
                }
                parens = parens.saturating_sub(1);
            }
            _ => {}
        }
        if t.kind != Kind::Ident || braces > 0 || grouping_depth.is_some() {
            continue;
        }
        let next = toks.get(i + 1).map(|n| n.text(text));
        let prev = i.checked_sub(1).map(|j| toks[j].text(text));
        if next == Some("(")
            || GROUPING.contains(&s)
            || EXPR_KEYWORDS.contains(&s)
            || matches!(
                s,
                "offset" | "start" | "end" | "inf" | "nan" | "Inf" | "NaN"
            )
            || catalog::is_aggregation(s)
            || prev == Some("@")
        {
            continue;
        }
        return s.to_owned();
    }
    String::new()
}

/// What a candidate is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Metric,
    Function,
    Aggregation,
    Keyword,
    Operator,
    Label,
    Value,
    Duration,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metric => "metric",
            Self::Function => "function",
            Self::Aggregation => "aggregation",
            Self::Keyword => "keyword",
            Self::Operator => "operator",
            Self::Label => "label",
            Self::Value => "value",
            Self::Duration => "duration",
        }
    }
}

/// One completion candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub kind: ItemKind,
    /// Signature, metric TYPE, or a value's meaning.
    pub detail: String,
    /// One-line documentation or metric HELP.
    pub doc: String,
}

/// A metric name with its metadata (empty when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricInfo {
    pub name: String,
    pub kind: String,
    pub help: String,
}

/// What the datasource told us, for the context at hand.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    pub metrics: &'a [MetricInfo],
    /// Label names for `LabelName` / `GroupingLabel`.
    pub labels: &'a [String],
    /// Label values for `LabelValue`.
    pub values: &'a [String],
}

/// The most completions shown.
pub const LIMIT: usize = 50;

/// The ranked candidates for `ctx`.
pub fn suggestions(ctx: &Context, src: &Sources, limit: usize) -> Vec<Item> {
    let p = ctx.prefix.as_str();
    let entry_item = |e: &catalog::Entry| Item {
        label: e.name.to_owned(),
        kind: match e.kind {
            EntryKind::Function => ItemKind::Function,
            EntryKind::Aggregation => ItemKind::Aggregation,
            EntryKind::Keyword => ItemKind::Keyword,
            EntryKind::Operator => ItemKind::Operator,
        },
        detail: e.signature.to_owned(),
        doc: e.doc.to_owned(),
    };
    match &ctx.expect {
        Expect::Nothing => Vec::new(),
        Expect::MetricOrFunction => {
            let builtins: Vec<&catalog::Entry> = catalog::AGGREGATIONS
                .iter()
                .chain(catalog::FUNCTIONS)
                .collect();
            let mut out: Vec<(u8, usize, Item)> = Vec::new();
            let needle = p.to_ascii_lowercase();
            for i in rank(&builtins, |e| e.name, p, limit) {
                let e = builtins[i];
                let s = super::rank::score(e.name, &needle).unwrap_or(3);
                out.push((s, e.name.len(), entry_item(e)));
            }
            for i in rank(src.metrics, |m| m.name.as_str(), p, limit) {
                let m = &src.metrics[i];
                let s = super::rank::score(&m.name, &needle).unwrap_or(3);
                out.push((
                    s,
                    m.name.len(),
                    Item {
                        label: m.name.clone(),
                        kind: ItemKind::Metric,
                        detail: m.kind.clone(),
                        doc: m.help.clone(),
                    },
                ));
            }
            if p.is_empty() {
                // Metrics first when nothing is typed: they are what people look for.
                out.sort_by_key(|(_, _, it)| it.kind != ItemKind::Metric);
            } else {
                out.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.label.cmp(&b.2.label)));
            }
            out.truncate(limit);
            out.into_iter().map(|x| x.2).collect()
        }
        Expect::LabelName { .. } | Expect::GroupingLabel { .. } => {
            rank(src.labels, |s| s.as_str(), p, limit)
                .into_iter()
                .filter(|&i| src.labels[i] != "__name__" || p.starts_with("__"))
                .map(|i| Item {
                    label: src.labels[i].clone(),
                    kind: ItemKind::Label,
                    detail: "label".to_owned(),
                    doc: String::new(),
                })
                .collect()
        }
        Expect::LabelValue { label, .. } => rank(src.values, |s| s.as_str(), p, limit)
            .into_iter()
            .map(|i| Item {
                label: src.values[i].clone(),
                kind: ItemKind::Value,
                detail: format!("value of {label}"),
                doc: String::new(),
            })
            .collect(),
        Expect::Duration => catalog::DURATIONS
            .iter()
            .filter(|d| d.0.starts_with(p))
            .take(limit)
            .map(|d| Item {
                label: d.0.to_owned(),
                kind: ItemKind::Duration,
                detail: d.1.to_owned(),
                doc: String::new(),
            })
            .collect(),
        Expect::Operator { aggregation } => {
            let entries: Vec<&catalog::Entry> = catalog::KEYWORDS
                .iter()
                .chain(catalog::OPERATORS)
                .filter(|e| *aggregation || !matches!(e.name, "by" | "without"))
                .filter(|e| !matches!(e.name, "start()" | "end()"))
                .collect();
            let mut idx = rank(&entries, |e| e.name, p, limit);
            if *aggregation && p.is_empty() {
                idx.sort_by_key(|&i| !matches!(entries[i].name, "by" | "without"));
            }
            idx.into_iter().map(|i| entry_item(entries[i])).collect()
        }
    }
}

/// Accepts `item` in `text`: the new text and the new cursor (byte offset).
pub fn apply(text: &str, ctx: &Context, item: &Item) -> (String, usize) {
    let start = floor(text, ctx.start);
    let end = floor(text, ctx.end.max(start));
    let after = &text[end..];
    let (insert, back) = match (&ctx.expect, item.kind) {
        (_, ItemKind::Function | ItemKind::Aggregation) => {
            if after.starts_with('(') {
                (item.label.clone(), 0)
            } else {
                (format!("{}()", item.label), 1)
            }
        }
        (_, ItemKind::Keyword) if GROUPING.contains(&item.label.as_str()) => {
            (format!("{} ()", item.label), 1)
        }
        (_, ItemKind::Keyword | ItemKind::Operator) => (format!("{} ", item.label), 0),
        (Expect::LabelName { .. }, ItemKind::Label) => (format!("{}=\"\"", item.label), 1),
        (
            Expect::LabelValue {
                quote: Some(q),
                closed,
                ..
            },
            _,
        ) => {
            let v = escape(&item.label, *q);
            if *closed {
                // Step over the closing quote.
                (v, 0)
            } else {
                (format!("{v}{q}"), 0)
            }
        }
        (Expect::LabelValue { quote: None, .. }, _) => {
            (format!("\"{}\"", escape(&item.label, '"')), 0)
        }
        (Expect::Duration, _) => {
            let toks: Vec<Tok> = lex(&text[..start])
                .into_iter()
                .filter(significant)
                .collect();
            let in_brackets = open_stack(text, &toks)
                .last()
                .is_some_and(|&i| toks[i].text(text) == "[");
            if in_brackets && !after.trim_start().starts_with([']', ':']) {
                (format!("{}]", item.label), 0)
            } else {
                (item.label.clone(), 0)
            }
        }
        _ => (item.label.clone(), 0),
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(&insert);
    let mut cursor = start + insert.len() - back;
    if let Expect::LabelValue {
        quote: Some(_),
        closed: true,
        ..
    } = &ctx.expect
    {
        // After the closing quote.
        cursor += 1;
    }
    out.push_str(after);
    let cursor = cursor.min(out.len());
    (out, cursor)
}

fn escape(v: &str, quote: char) -> String {
    if quote == '`' {
        return v.to_owned();
    }
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if c == '\\' || c == quote {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
