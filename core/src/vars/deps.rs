//! Which variables a text references, and the order in which chained variables refresh.
//!
//! Contract: references are found with the same scanner as interpolation (`$x`, `${x}`,
//! `${x:fmt}`, `[[x]]`); built-ins (names starting with `__`) are not dependencies. Names come
//! back once each, in order of first appearance. [`refresh_order`] is a stable topological
//! order (a variable never comes before one it references; otherwise dashboard order), and
//! a loop, including a variable referencing itself, is a [`CycleError`] naming the variables
//! caught in it or waiting on it.

use thiserror::Error;

use super::references;
use crate::model::{Variable, VariableKind, VariableQuery};

#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("Variables {} refer to each other in a loop, so none of them can be resolved first: change one of their queries to break it", names.join(", "))]
pub struct CycleError {
    pub names: Vec<String>,
}

/// The variable names `text` references (built-ins excluded), each once, in order.
pub fn dependencies(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in references(text) {
        if r.name.starts_with("__") || out.iter().any(|n| n == r.name) {
            continue;
        }
        out.push(r.name.to_owned());
    }
    out
}

/// Every text of a variable's definition that may reference other variables.
pub fn variable_texts(var: &Variable) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    match &var.kind {
        VariableKind::Query {
            datasource,
            query,
            regex,
            ..
        } => {
            texts.extend(datasource.as_deref());
            texts.extend(regex.as_deref());
            match query {
                VariableQuery::LabelValues { metric, label } => {
                    texts.extend(metric.as_deref());
                    texts.push(label);
                }
                VariableQuery::LabelNames { metric } => texts.extend(metric.as_deref()),
                VariableQuery::Metrics { regex } => texts.push(regex),
                VariableQuery::QueryResult { expr } => texts.push(expr),
            }
        }
        VariableKind::Custom { options } => {
            for o in options {
                texts.push(&o.value);
                texts.push(&o.text);
            }
        }
        VariableKind::Constant { value } => texts.push(value),
        VariableKind::Textbox { default } => texts.push(default),
        VariableKind::Datasource { regex } => texts.extend(regex.as_deref()),
        VariableKind::Interval { .. } => {}
    }
    if let Some(all) = &var.all_value {
        texts.push(all);
    }
    texts
}

/// Indices of `vars` in an order where each variable comes after those it references.
pub fn refresh_order(vars: &[Variable]) -> Result<Vec<usize>, CycleError> {
    let n = vars.len();
    // deps_of[i] = indices variable i references.
    let deps_of: Vec<Vec<usize>> = vars
        .iter()
        .map(|v| {
            let mut d: Vec<usize> = Vec::new();
            for text in variable_texts(v) {
                for name in dependencies(text) {
                    if let Some(j) = vars.iter().position(|w| w.name == name) {
                        if !d.contains(&j) {
                            d.push(j);
                        }
                    }
                }
            }
            d
        })
        .collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    // Repeatedly take the first variable (dashboard order) whose dependencies are all done:
    // O(n²·d), fine for dashboards with tens of variables, and stable.
    while order.len() < n {
        let next = (0..n).find(|&i| !done[i] && deps_of[i].iter().all(|&j| done[j]));
        let Some(i) = next else {
            let names = (0..n)
                .filter(|&i| !done[i])
                .map(|i| vars[i].name.clone())
                .collect();
            return Err(CycleError { names });
        };
        done[i] = true;
        order.push(i);
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{VariableOption, VariableSort};

    fn query_var(name: &str, expr: &str) -> Variable {
        Variable {
            name: name.into(),
            kind: VariableKind::Query {
                datasource: None,
                query: VariableQuery::QueryResult { expr: expr.into() },
                regex: None,
                sort: VariableSort::None,
            },
            ..Variable::default()
        }
    }

    fn label_values(name: &str, metric: &str, label: &str) -> Variable {
        Variable {
            name: name.into(),
            kind: VariableKind::Query {
                datasource: Some("${ds}".into()),
                query: VariableQuery::LabelValues {
                    metric: Some(metric.into()),
                    label: label.into(),
                },
                regex: None,
                sort: VariableSort::None,
            },
            ..Variable::default()
        }
    }

    #[test]
    fn dependencies_table() {
        let cases: &[(&str, &[&str])] = &[
            ("up", &[]),
            ("up{job=\"$job\"}", &["job"]),
            (
                "rate(x{job=~\"$job\",i=~\"${instance:regex}\"}[$__rate_interval]) + $job",
                &["job", "instance"],
            ),
            ("[[a]] [[b:csv]] $__interval ${__from:date}", &["a", "b"]),
            ("$env_name", &["env_name"]),
            ("${x.y}", &["x"]),
        ];
        for &(text, want) in cases {
            assert_eq!(dependencies(text), want, "{text}");
        }
    }

    #[test]
    fn chained_order() {
        let vars = vec![
            label_values("instance", "up{job=~\"$job\"}", "instance"),
            label_values("job", "up{env=\"$env\"}", "job"),
            Variable {
                name: "env".into(),
                kind: VariableKind::Custom {
                    options: vec![VariableOption {
                        text: "prod".into(),
                        value: "prod".into(),
                    }],
                },
                ..Variable::default()
            },
            Variable {
                name: "ds".into(),
                kind: VariableKind::Datasource { regex: None },
                ..Variable::default()
            },
            query_var("free", "up"),
        ];
        assert_eq!(refresh_order(&vars), Ok(vec![2, 3, 1, 0, 4]));
        assert_eq!(refresh_order(&[]), Ok(vec![]));
    }

    #[test]
    fn cycles_are_errors() {
        let vars = vec![
            query_var("a", "x{b=\"$b\"}"),
            query_var("b", "x{a=\"$a\"}"),
            query_var("c", "up"),
        ];
        let err = refresh_order(&vars).unwrap_err();
        assert_eq!(err.names, vec!["a", "b"]);
        assert!(err
            .to_string()
            .contains("Variables a, b refer to each other in a loop"));
        let selfref = vec![query_var("a", "x{a=\"$a\"}")];
        assert_eq!(refresh_order(&selfref).unwrap_err().names, vec!["a"]);
        // A reference to an unknown variable is not a dependency.
        assert_eq!(refresh_order(&[query_var("a", "$zzz")]), Ok(vec![0]));
    }
}
