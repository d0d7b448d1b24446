//! Template variables, dashboard links and annotations.
//!
//! Contract: query variables are parsed from the classic function syntax
//! (`label_values(metric, label)`, `label_values(label)`, `label_names()`, `metrics(re)`,
//! `query_result(expr)`), written either as a string or as `{query, qryType}`. A query that is
//! none of these is kept as `query_result(…)` with a Warning. `current` may be a string or an
//! array. Ad-hoc filters are dropped with a Warning; the built-in "Annotations & Alerts"
//! annotation is skipped with an Info.

use serde_json::Value;

use crate::model::{
    Annotation, Link, Variable, VariableHide, VariableKind, VariableOption, VariableQuery,
    VariableSort,
};

use super::datasource::Ds;
use super::json::{arr, get_bool, get_nonempty, get_num, get_str, get_u32, str_of};
use super::Importer;

/// Parses a classic Prometheus variable query.
pub(crate) fn parse_var_query(q: &str) -> Option<VariableQuery> {
    let q = q.trim();
    let call = |name: &str| -> Option<&str> {
        let rest = q.strip_prefix(name)?.trim_start();
        rest.strip_prefix('(')?.strip_suffix(')').map(str::trim)
    };
    if let Some(args) = call("label_values") {
        // The label is after the last top-level comma; the metric selector may contain commas.
        let (metric, label) = match split_last_top_level_comma(args) {
            Some((m, l)) => (
                Some(m.trim().to_owned()).filter(|m| !m.is_empty()),
                l.trim(),
            ),
            None => (None, args),
        };
        if label.is_empty() {
            return None;
        }
        return Some(VariableQuery::LabelValues {
            metric,
            label: label.to_owned(),
        });
    }
    if let Some(args) = call("label_names") {
        return Some(VariableQuery::LabelNames {
            metric: Some(args.to_owned()).filter(|a| !a.is_empty()),
        });
    }
    if let Some(args) = call("metrics") {
        return Some(VariableQuery::Metrics {
            regex: args.to_owned(),
        });
    }
    if let Some(args) = call("query_result") {
        return Some(VariableQuery::QueryResult {
            expr: args.to_owned(),
        });
    }
    None
}

fn split_last_top_level_comma(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut in_str: Option<char> = None;
    let mut last = None;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        match in_str {
            Some(q) => {
                if c == q && prev != '\\' {
                    in_str = None;
                }
            }
            None => match c {
                '"' | '\'' | '`' => in_str = Some(c),
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => depth -= 1,
                ',' if depth == 0 => last = Some(i),
                _ => {}
            },
        }
        prev = c;
    }
    last.map(|i| (&s[..i], &s[i + 1..]))
}

/// Splits a custom variable's `a,b,c` (with `\,` escapes and `text : value` pairs).
pub(crate) fn parse_custom(q: &str) -> Vec<VariableOption> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = q.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                cur.push(',');
                chars.next();
            }
            ',' => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(" : ") {
            Some((text, value)) => VariableOption {
                text: text.trim().to_owned(),
                value: value.trim().to_owned(),
            },
            None => VariableOption {
                text: p.clone(),
                value: p,
            },
        })
        .collect()
}

fn sort_of(n: Option<f64>) -> VariableSort {
    match n.map(|n| n as i64) {
        Some(1) => VariableSort::AlphaAsc,
        Some(2) => VariableSort::AlphaDesc,
        Some(3) => VariableSort::NumericAsc,
        Some(4) => VariableSort::NumericDesc,
        Some(5) | Some(7) => VariableSort::AlphaCaseInsensitiveAsc,
        Some(6) | Some(8) => VariableSort::AlphaCaseInsensitiveDesc,
        _ => VariableSort::None,
    }
}

impl Importer<'_> {
    pub(crate) fn variables(&mut self, root: &Value) -> Vec<Variable> {
        let list = root
            .get("templating")
            .map(|t| arr(t, "list"))
            .unwrap_or(&[]);
        let mut out = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let path = format!("templating.list[{i}]");
            let name = get_str(v, "name").unwrap_or_default();
            let ty = get_str(v, "type").unwrap_or_else(|| "query".to_owned());
            let query_text = match v.get("query") {
                Some(Value::Object(o)) => o.get("query").and_then(str_of).unwrap_or_default(),
                Some(other) => str_of(other).unwrap_or_default(),
                None => String::new(),
            };
            let kind = match ty.as_str() {
                "query" => {
                    let ds = self.datasource(v.get("datasource"), &format!("{path}.datasource"));
                    if let Ds::Other(kind) = &ds {
                        self.warn(&path, format!("variable `{name}` queries a `{kind}` datasource; it is kept as a text box"));
                        VariableKind::Textbox {
                            default: String::new(),
                        }
                    } else {
                        let query = match parse_var_query(&query_text) {
                            Some(q) => q,
                            None => {
                                self.warn(&format!("{path}.query"), format!("variable `{name}`: `{query_text}` is not a known variable function; it runs as query_result(…)"));
                                VariableQuery::QueryResult {
                                    expr: query_text.clone(),
                                }
                            }
                        };
                        if get_num(v, "refresh").is_some_and(|r| r == 0.0) {
                            self.info(&format!("{path}.refresh"), format!("variable `{name}` is refreshed on load (Grafana's `never` refresh is not kept)"));
                        }
                        VariableKind::Query {
                            datasource: ds.to_model(),
                            query,
                            regex: get_nonempty(v, "regex"),
                            sort: sort_of(get_num(v, "sort")),
                        }
                    }
                }
                "custom" => VariableKind::Custom {
                    options: parse_custom(&query_text),
                },
                "constant" => VariableKind::Constant {
                    value: query_text.clone(),
                },
                "interval" => VariableKind::Interval {
                    options: query_text
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect(),
                    auto: get_bool(v, "auto").unwrap_or(false),
                    auto_count: get_u32(v, "auto_count").unwrap_or(30),
                    auto_min: get_nonempty(v, "auto_min").unwrap_or_else(|| "10s".to_owned()),
                },
                "textbox" => VariableKind::Textbox {
                    default: query_text.clone(),
                },
                "datasource" => {
                    if !query_text.is_empty() && query_text != "prometheus" {
                        self.warn(&path, format!("datasource variable `{name}` selects `{query_text}` datasources; promboard only has Prometheus ones"));
                    }
                    VariableKind::Datasource {
                        regex: get_nonempty(v, "regex"),
                    }
                }
                "adhoc" => {
                    self.warn(
                        &path,
                        format!("ad-hoc filter variable `{name}` is not supported; it is dropped"),
                    );
                    continue;
                }
                other => {
                    self.warn(
                        &path,
                        format!(
                            "variable type `{other}` of `{name}` is not supported; it is dropped"
                        ),
                    );
                    continue;
                }
            };
            let current = v
                .get("current")
                .and_then(|c| c.get("value"))
                .map(|val| match val {
                    Value::Array(a) => a.iter().filter_map(str_of).collect(),
                    other => str_of(other).into_iter().collect(),
                })
                .unwrap_or_default();
            out.push(Variable {
                name,
                label: get_nonempty(v, "label"),
                hide: match get_num(v, "hide").map(|h| h as i64) {
                    Some(1) => VariableHide::Label,
                    Some(2) => VariableHide::Variable,
                    _ => VariableHide::None,
                },
                kind,
                multi: get_bool(v, "multi").unwrap_or(false),
                include_all: get_bool(v, "includeAll").unwrap_or(false),
                all_value: get_nonempty(v, "allValue"),
                current,
            });
        }
        out
    }

    pub(crate) fn dashboard_links(&mut self, root: &Value) -> Vec<Link> {
        self.links(arr(root, "links"), "links")
    }

    pub(crate) fn annotations(&mut self, root: &Value) -> Vec<Annotation> {
        let list = root
            .get("annotations")
            .map(|a| arr(a, "list"))
            .unwrap_or(&[]);
        let mut out = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let path = format!("annotations.list[{i}]");
            let name = get_str(a, "name").unwrap_or_default();
            let builtin = get_num(a, "builtIn").is_some_and(|b| b == 1.0);
            let ds = self.datasource(a.get("datasource"), &format!("{path}.datasource"));
            if builtin || matches!(&ds, Ds::Other(k) if k == "grafana" || k == "dashboard") {
                self.info(
                    &path,
                    format!("Grafana-internal annotation `{name}` is skipped"),
                );
                continue;
            }
            if let Ds::Other(kind) = &ds {
                self.warn(
                    &path,
                    format!("annotation `{name}` uses a `{kind}` datasource; it is dropped"),
                );
                continue;
            }
            let expr = get_nonempty(a, "expr")
                .or_else(|| a.get("target").and_then(|t| get_nonempty(t, "expr")));
            let Some(expr) = expr else {
                self.warn(
                    &path,
                    format!("annotation `{name}` has no PromQL `expr`; it is dropped"),
                );
                continue;
            };
            out.push(Annotation {
                name,
                enabled: get_bool(a, "enable").unwrap_or(true),
                datasource: ds.to_model(),
                expr,
                step: get_nonempty(a, "step"),
                title_format: get_str(a, "titleFormat").unwrap_or_default(),
                text_format: get_str(a, "textFormat").unwrap_or_default(),
                tag_keys: get_str(a, "tagKeys")
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
                color: get_str(a, "iconColor").unwrap_or_else(|| "red".to_owned()),
            });
        }
        out
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn variable_queries() {
        let lv = |m: Option<&str>, l: &str| VariableQuery::LabelValues {
            metric: m.map(str::to_owned),
            label: l.to_owned(),
        };
        let cases = [
            ("label_values(up, job)", Some(lv(Some("up"), "job"))),
            ("label_values(job)", Some(lv(None, "job"))),
            (
                "label_values(up{job=~\"a,b\", x=\"y\"}, instance)",
                Some(lv(Some("up{job=~\"a,b\", x=\"y\"}"), "instance")),
            ),
            (
                "label_values({job=\"$job\"},  pod )",
                Some(lv(Some("{job=\"$job\"}"), "pod")),
            ),
            (
                "label_names()",
                Some(VariableQuery::LabelNames { metric: None }),
            ),
            (
                "metrics(node_.*)",
                Some(VariableQuery::Metrics {
                    regex: "node_.*".to_owned(),
                }),
            ),
            (
                "query_result(topk(5, up))",
                Some(VariableQuery::QueryResult {
                    expr: "topk(5, up)".to_owned(),
                }),
            ),
            ("up", None),
            ("label_values()", None),
        ];
        for (q, want) in cases {
            assert_eq!(parse_var_query(q), want, "{q}");
        }
    }

    #[test]
    fn custom_options() {
        let opt = |t: &str, v: &str| VariableOption {
            text: t.to_owned(),
            value: v.to_owned(),
        };
        let cases = [
            ("a,b, c", vec![opt("a", "a"), opt("b", "b"), opt("c", "c")]),
            (
                "Prod : prod,Dev : dev",
                vec![opt("Prod", "prod"), opt("Dev", "dev")],
            ),
            ("a\\,b,c", vec![opt("a,b", "a,b"), opt("c", "c")]),
            ("", vec![]),
        ];
        for (q, want) in cases {
            assert_eq!(parse_custom(q), want, "{q}");
        }
    }
}
