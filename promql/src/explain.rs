//! The parsed tree as a list of nodes, each with one sentence saying what it does (like
//! Prometheus' "Explain" view). Pre-order, children one level deeper than their parent.

use promql_parser::label::{MatchOp, Matcher, Matchers};
use promql_parser::parser::{
    AtModifier, BinModifier, Expr, LabelModifier, Offset, VectorMatchCardinality, VectorSelector,
};
use promql_parser::util::display_duration;

use crate::{check, ExplainNode, ExplainOutput};

/// Explains `expr`, or says why it does not parse.
pub fn explain(expr: &str) -> ExplainOutput {
    match check(expr) {
        Ok(parsed) => {
            let mut nodes = Vec::new();
            walk(&parsed, 0, &mut nodes);
            ExplainOutput {
                nodes,
                problem: None,
            }
        }
        Err(p) => ExplainOutput {
            nodes: Vec::new(),
            problem: Some(p),
        },
    }
}

fn node(depth: u32, kind: &str, e: &Expr, description: String) -> ExplainNode {
    ExplainNode {
        depth,
        kind: kind.to_owned(),
        text: e.to_string(),
        description,
        function: None,
    }
}

fn walk(e: &Expr, depth: u32, out: &mut Vec<ExplainNode>) {
    match e {
        Expr::VectorSelector(vs) => {
            out.push(node(depth, "selector", e, selector_text(vs, None)));
        }
        Expr::MatrixSelector(ms) => {
            out.push(node(
                depth,
                "range",
                e,
                selector_text(&ms.vs, Some(&display_duration(&ms.range))),
            ));
        }
        Expr::Call(call) => {
            let n = call.args.len();
            let types: Vec<String> = call.func.arg_types.iter().map(|t| t.to_string()).collect();
            let mut n_node = node(
                depth,
                "function",
                e,
                format!(
                    "Calls {}({}) with {} argument{}; returns {}.",
                    call.func.name,
                    types.join(", "),
                    n,
                    if n == 1 { "" } else { "s" },
                    call.func.return_type
                ),
            );
            n_node.function = Some(call.func.name.to_owned());
            out.push(n_node);
            for a in &call.args.args {
                walk(a, depth + 1, out);
            }
        }
        Expr::Aggregate(agg) => {
            let op = agg.op.to_string();
            let param = agg.param.as_ref().map(|p| p.to_string());
            let what = match (op.as_str(), param.as_deref()) {
                ("topk", Some(k)) => format!("Keeps the {k} largest series"),
                ("bottomk", Some(k)) => format!("Keeps the {k} smallest series"),
                ("limitk", Some(k)) => format!("Keeps {k} arbitrary series"),
                ("limit_ratio", Some(r)) => {
                    format!("Keeps a deterministic {r} share of the series")
                }
                ("quantile", Some(q)) => format!("Computes the φ={q} quantile of the values"),
                ("count_values", Some(l)) => {
                    format!("Counts the series per distinct value (value written to label {l})")
                }
                ("sum", _) => "Sums the values".to_owned(),
                ("avg", _) => "Averages the values".to_owned(),
                ("min", _) => "Takes the minimum value".to_owned(),
                ("max", _) => "Takes the maximum value".to_owned(),
                ("count", _) => "Counts the series".to_owned(),
                ("group", _) => "Groups the series (value 1)".to_owned(),
                ("stddev", _) => "Computes the standard deviation of the values".to_owned(),
                ("stdvar", _) => "Computes the variance of the values".to_owned(),
                (other, _) => format!("Aggregates with {other}"),
            };
            let grouping = match &agg.modifier {
                None => " over all series into one series".to_owned(),
                Some(LabelModifier::Include(ls)) if ls.labels.is_empty() => {
                    " over all series into one series".to_owned()
                }
                Some(LabelModifier::Include(ls)) => {
                    format!(
                        ", one result per distinct ({}), keeping only those labels",
                        ls
                    )
                }
                Some(LabelModifier::Exclude(ls)) => {
                    format!(", grouping by every label except ({})", ls)
                }
            };
            let per_group = if param.is_some()
                && matches!(op.as_str(), "topk" | "bottomk" | "limitk" | "limit_ratio")
            {
                match &agg.modifier {
                    Some(LabelModifier::Include(ls)) if !ls.labels.is_empty() => {
                        format!(" per distinct ({ls}), keeping all their labels")
                    }
                    Some(LabelModifier::Exclude(ls)) => {
                        format!(" per group of every label except ({ls})")
                    }
                    _ => " of all series, keeping their labels".to_owned(),
                }
            } else {
                grouping
            };
            out.push(node(depth, "aggregation", e, format!("{what}{per_group}.")));
            if let Some(p) = &agg.param {
                walk(p, depth + 1, out);
            }
            walk(&agg.expr, depth + 1, out);
        }
        Expr::Binary(b) => {
            let op = b.op.to_string();
            let lhs = b.lhs.value_type().to_string();
            let rhs = b.rhs.value_type().to_string();
            let mut text = format!("{} ({lhs} {op} {rhs})", op_sentence(&op));
            if let Some(m) = &b.modifier {
                text.push_str(&modifier_text(m, &op, &lhs, &rhs));
            } else if lhs == "vector" && rhs == "vector" {
                text.push_str("; pairs series with identical label sets");
            }
            text.push('.');
            out.push(node(depth, "binary", e, text));
            walk(&b.lhs, depth + 1, out);
            walk(&b.rhs, depth + 1, out);
        }
        Expr::Unary(u) => {
            out.push(node(depth, "unary", e, "Negates every value.".to_owned()));
            walk(&u.expr, depth + 1, out);
        }
        Expr::Paren(p) => {
            out.push(node(
                depth,
                "paren",
                e,
                "Parentheses: evaluates the inner expression first.".to_owned(),
            ));
            walk(&p.expr, depth + 1, out);
        }
        Expr::Subquery(s) => {
            let step = s
                .step
                .as_ref()
                .map(|d| format!("every {}", display_duration(d)))
                .unwrap_or_else(|| "at the default evaluation interval".to_owned());
            let mut text = format!(
                "Subquery: evaluates the inner expression {step} over the last {}, giving a range vector",
                display_duration(&s.range)
            );
            text.push_str(&time_mods(s.offset.as_ref(), s.at.as_ref()));
            text.push('.');
            out.push(node(depth, "subquery", e, text));
            walk(&s.expr, depth + 1, out);
        }
        Expr::NumberLiteral(n) => {
            out.push(node(depth, "number", e, format!("The number {}.", n.val)));
        }
        Expr::StringLiteral(s) => {
            out.push(node(
                depth,
                "string",
                e,
                format!("The string \"{}\".", s.val),
            ));
        }
        Expr::Extension(_) => {
            out.push(node(depth, "extension", e, "An extension node.".to_owned()));
        }
    }
}

fn matcher_text(m: &Matcher) -> String {
    let how = match &m.op {
        MatchOp::Equal => "is",
        MatchOp::NotEqual => "is not",
        MatchOp::Re(_) => "matches",
        MatchOp::NotRe(_) => "does not match",
    };
    format!("{} {how} \"{}\"", m.name, m.value)
}

fn selector_text(vs: &VectorSelector, range: Option<&str>) -> String {
    let Matchers {
        matchers,
        or_matchers,
    } = &vs.matchers;
    let others: Vec<String> = matchers
        .iter()
        .filter(|m| !(m.name == "__name__" && vs.name.is_some()))
        .map(matcher_text)
        .collect();
    let mut text = match range {
        Some(r) => format!("Selects the last {r} of samples of every series"),
        None => "Selects the latest sample of every series".to_owned(),
    };
    if let Some(name) = &vs.name {
        text.push_str(&format!(" named {name}"));
    }
    if !others.is_empty() {
        text.push_str(&format!(" where {}", others.join(" and ")));
    }
    if !or_matchers.is_empty() {
        let alts: Vec<String> = or_matchers
            .iter()
            .map(|g| {
                g.iter()
                    .map(matcher_text)
                    .collect::<Vec<String>>()
                    .join(" and ")
            })
            .collect();
        text.push_str(&format!(" where {}", alts.join(", or ")));
    }
    if range.is_none() {
        text.push_str(" (looking back at most 5m by default)");
    }
    text.push_str(&time_mods(vs.offset.as_ref(), vs.at.as_ref()));
    text.push('.');
    text
}

fn time_mods(offset: Option<&Offset>, at: Option<&AtModifier>) -> String {
    let mut out = String::new();
    match offset {
        Some(Offset::Pos(d)) => {
            out.push_str(&format!(", shifted {} into the past", display_duration(d)))
        }
        Some(Offset::Neg(d)) => out.push_str(&format!(
            ", shifted {} into the future",
            display_duration(d)
        )),
        None => {}
    }
    match at {
        Some(AtModifier::Start) => out.push_str(", evaluated at the start of the range"),
        Some(AtModifier::End) => out.push_str(", evaluated at the end of the range"),
        Some(a @ AtModifier::At(_)) => out.push_str(&format!(
            ", evaluated at the fixed time {}",
            a.to_string().trim_start_matches("@ ")
        )),
        None => {}
    }
    out
}

fn op_sentence(op: &str) -> String {
    match op {
        "+" => "Adds".to_owned(),
        "-" => "Subtracts".to_owned(),
        "*" => "Multiplies".to_owned(),
        "/" => "Divides".to_owned(),
        "%" => "Takes the remainder".to_owned(),
        "^" => "Raises to the power".to_owned(),
        "atan2" => "Computes atan2".to_owned(),
        "==" | "!=" | ">" | "<" | ">=" | "<=" => format!("Compares with {op}"),
        "and" => "Intersection: keeps left series that have a match on the right".to_owned(),
        "or" => "Union: left series plus right series without a match on the left".to_owned(),
        "unless" => "Complement: keeps left series that have no match on the right".to_owned(),
        other => format!("Applies {other}"),
    }
}

fn modifier_text(m: &BinModifier, op: &str, lhs: &str, rhs: &str) -> String {
    let mut out = String::new();
    let comparison = matches!(op, "==" | "!=" | ">" | "<" | ">=" | "<=");
    if comparison {
        if m.return_bool {
            out.push_str("; returns 0 or 1 instead of filtering");
        } else {
            out.push_str("; keeps only the series where it holds");
        }
    }
    if lhs == "vector" && rhs == "vector" {
        match &m.matching {
            Some(LabelModifier::Include(ls)) => {
                out.push_str(&format!("; pairs series on the labels ({ls}) only"))
            }
            Some(LabelModifier::Exclude(ls)) if !ls.labels.is_empty() => {
                out.push_str(&format!("; pairs series ignoring the labels ({ls})"))
            }
            _ => out.push_str("; pairs series with identical label sets"),
        }
        match &m.card {
            VectorMatchCardinality::ManyToOne(ls) => {
                out.push_str(
                    "; many-to-one (group_left): several left series may match one right series",
                );
                if !ls.labels.is_empty() {
                    out.push_str(&format!(", copying ({ls}) from the right"));
                }
            }
            VectorMatchCardinality::OneToMany(ls) => {
                out.push_str(
                    "; one-to-many (group_right): several right series may match one left series",
                );
                if !ls.labels.is_empty() {
                    out.push_str(&format!(", copying ({ls}) from the left"));
                }
            }
            _ => {}
        }
    } else if comparison && !m.return_bool && (lhs == "scalar" && rhs == "scalar") {
        out.clear();
    }
    out
}
