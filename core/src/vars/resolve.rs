//! Resolving a dashboard's variables: what to ask Prometheus for each one, how to turn the
//! answer into options (regex filter/extract, sort), and which values are selected.
//!
//! Contract: pure. `options_request` says what a query variable needs (or `None` for kinds
//! whose options are static); `finish_options` applies the variable's regex (a capture group,
//! or named groups `text` / `value`, extract; no match drops the option) and sort, and removes
//! duplicates keeping the first; `select` picks the URL's values when they are present, else
//! the dashboard's `current` when it is still an option, else All (when offered) or the first
//! option. A regex that does not compile filters nothing (the option list stays usable).

use crate::eval::jsregex::JsRegex;
use crate::model::{Variable, VariableKind, VariableOption, VariableQuery, VariableSort};
use crate::prom::request::{self, ApiRequest, InstantQuery};
use crate::prom::types::Series;
use crate::vars::{
    interpolate, parse_custom_options, parse_interval_options, FormatContext, Scope, ALL_MARKER,
};

/// How a variable's options are found.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionsSource {
    /// Known without asking anyone (custom, constant, interval, textbox, datasource).
    Static(Vec<VariableOption>),
    /// Label values / names: decode with `decode_strings`.
    Strings(ApiRequest),
    /// `query_result(expr)`: decode with `decode_query`, then `query_result_texts`.
    QueryResult(ApiRequest),
}

/// What `var` needs, with earlier variables already in `scope`.
pub fn options_source(
    var: &Variable,
    scope: &Scope,
    from_ms: i64,
    to_ms: i64,
    datasources: &[String],
) -> OptionsSource {
    let (start, end) = (Some(from_ms as f64 / 1000.0), Some(to_ms as f64 / 1000.0));
    let expand = |s: &str| interpolate(s, scope, FormatContext::PromQl);
    match &var.kind {
        VariableKind::Query { query, .. } => match query {
            VariableQuery::LabelValues { metric, label } => {
                let matchers: Vec<String> = metric
                    .iter()
                    .map(|m| expand(m))
                    .filter(|m| !m.is_empty())
                    .collect();
                OptionsSource::Strings(request::label_values(label, &matchers, start, end))
            }
            VariableQuery::LabelNames { metric } => {
                let matchers: Vec<String> = metric
                    .iter()
                    .map(|m| expand(m))
                    .filter(|m| !m.is_empty())
                    .collect();
                OptionsSource::Strings(request::labels(&matchers, start, end))
            }
            VariableQuery::Metrics { .. } => {
                OptionsSource::Strings(request::label_values("__name__", &[], start, end))
            }
            VariableQuery::QueryResult { expr } => OptionsSource::QueryResult(
                InstantQuery {
                    expr: expand(expr),
                    time_s: to_ms as f64 / 1000.0,
                }
                .request(),
            ),
        },
        VariableKind::Custom { options } => OptionsSource::Static(options.clone()),
        VariableKind::Constant { value } => OptionsSource::Static(vec![option(value)]),
        VariableKind::Interval { options, .. } => {
            OptionsSource::Static(options.iter().map(|o| option(o)).collect())
        }
        VariableKind::Textbox { default } => OptionsSource::Static(vec![option(default)]),
        VariableKind::Datasource { regex } => {
            let re = regex
                .as_deref()
                .filter(|r| !r.is_empty())
                .and_then(|r| JsRegex::new(r).ok());
            OptionsSource::Static(
                datasources
                    .iter()
                    .filter(|d| re.as_ref().is_none_or(|r| r.is_match(d)))
                    .map(|d| option(d))
                    .collect(),
            )
        }
    }
}

fn option(v: &str) -> VariableOption {
    VariableOption {
        text: v.to_owned(),
        value: v.to_owned(),
    }
}

/// Custom variable text (`a,b,c` or `text : value`) as options; re-exported for importers.
pub fn custom_options(query: &str) -> Vec<VariableOption> {
    parse_custom_options(query)
}

/// Interval variable text (`1m,5m,1h`) as options.
pub fn interval_options(query: &str) -> Vec<VariableOption> {
    parse_interval_options(query)
        .iter()
        .map(|o| option(o))
        .collect()
}

/// `query_result()` texts, as Grafana writes them: `name{a="b"} value timestamp_ms`.
pub fn query_result_texts(series: &[Series]) -> Vec<String> {
    series
        .iter()
        .map(|s| {
            let name = s.metric_name().unwrap_or_default();
            let labels: Vec<String> = s
                .labels
                .iter()
                .filter(|(k, _)| *k != "__name__")
                .map(|(k, v)| format!("{k}=\"{v}\""))
                .collect();
            let (t, v) = match (s.t_ms.last(), s.values.last()) {
                (Some(t), Some(v)) => (*t, *v),
                _ => (0, f64::NAN),
            };
            format!("{name}{{{}}} {v} {t}", labels.join(", "))
        })
        .collect()
}

/// Applies the variable's regex and sort to raw option texts.
pub fn finish_options(var: &Variable, raw: Vec<String>) -> Vec<VariableOption> {
    let (regex, sort, metrics_regex) = match &var.kind {
        VariableKind::Query {
            regex, sort, query, ..
        } => (
            regex.as_deref(),
            *sort,
            match query {
                VariableQuery::Metrics { regex } => Some(regex.as_str()),
                _ => None,
            },
        ),
        _ => (None, VariableSort::None, None),
    };
    let metrics_re = metrics_regex
        .filter(|r| !r.is_empty())
        .and_then(|r| JsRegex::new(r).ok());
    let re = regex
        .filter(|r| !r.is_empty())
        .and_then(|r| JsRegex::new(r).ok());
    let mut out: Vec<VariableOption> = Vec::with_capacity(raw.len());
    for text in raw {
        if metrics_re.as_ref().is_some_and(|r| !r.is_match(&text)) {
            continue;
        }
        let opt = match &re {
            None => Some(option(&text)),
            Some(r) => extract(r, &text),
        };
        if let Some(opt) = opt {
            if !out.iter().any(|o| o.value == opt.value) {
                out.push(opt);
            }
        }
    }
    sort_options(&mut out, sort);
    out
}

/// Grafana's regex rule: no match drops the text; named groups `text`/`value` win; else the
/// first capture group; else the whole text.
fn extract(re: &JsRegex, text: &str) -> Option<VariableOption> {
    let caps = re.captures(text)?;
    let named_value = caps.name("value");
    let named_text = caps.name("text");
    if named_value.is_some() || named_text.is_some() {
        let value = named_value.or(named_text).unwrap_or_default();
        let shown = named_text.or(named_value).unwrap_or_default();
        return Some(VariableOption {
            text: shown.to_owned(),
            value: value.to_owned(),
        });
    }
    let v = caps.group(1).unwrap_or(text);
    Some(option(v))
}

fn sort_options(options: &mut [VariableOption], sort: VariableSort) {
    let num = |o: &VariableOption| {
        o.text
            .chars()
            .skip_while(|c| !c.is_ascii_digit() && *c != '-')
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect::<String>()
            .parse::<f64>()
            .unwrap_or(f64::NAN)
    };
    match sort {
        VariableSort::None => {}
        VariableSort::AlphaAsc => options.sort_by(|a, b| a.text.cmp(&b.text)),
        VariableSort::AlphaDesc => options.sort_by(|a, b| b.text.cmp(&a.text)),
        VariableSort::NumericAsc => options.sort_by(|a, b| num(a).total_cmp(&num(b))),
        VariableSort::NumericDesc => options.sort_by(|a, b| num(b).total_cmp(&num(a))),
        VariableSort::AlphaCaseInsensitiveAsc => options.sort_by_key(|o| o.text.to_lowercase()),
        VariableSort::AlphaCaseInsensitiveDesc => {
            options.sort_by_key(|o| o.text.to_lowercase());
            options.reverse();
        }
    }
}

/// The selected values: the URL's, else the dashboard's `current` when valid, else All or the
/// first option. A textbox or constant keeps whatever it is given.
pub fn select(
    var: &Variable,
    from_url: Option<&[String]>,
    options: &[VariableOption],
) -> Vec<String> {
    if let Some(values) = from_url.filter(|v| !v.is_empty()) {
        return values.to_vec();
    }
    let free_form = matches!(
        var.kind,
        VariableKind::Textbox { .. } | VariableKind::Constant { .. }
    );
    let is_all = |v: &String| v == ALL_MARKER || v == "All" || v == "$__all";
    let current: Vec<String> = var
        .current
        .iter()
        .filter(|c| {
            free_form
                || (var.include_all && is_all(c))
                || options.iter().any(|o| &o.value == *c || &o.text == *c)
        })
        .map(|c| {
            if is_all(c) {
                ALL_MARKER.to_owned()
            } else {
                c.clone()
            }
        })
        .collect();
    if !current.is_empty() {
        return current;
    }
    if var.include_all {
        return vec![ALL_MARKER.to_owned()];
    }
    options
        .first()
        .map(|o| vec![o.value.clone()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VariableHide;

    fn query_var(regex: Option<&str>, sort: VariableSort) -> Variable {
        Variable {
            name: "service".into(),
            kind: VariableKind::Query {
                datasource: None,
                query: VariableQuery::LabelValues {
                    metric: Some("http_requests_total{job=\"$job\"}".into()),
                    label: "service".into(),
                },
                regex: regex.map(str::to_owned),
                sort,
            },
            multi: true,
            include_all: true,
            hide: VariableHide::None,
            ..Variable::default()
        }
    }

    #[test]
    fn label_values_request_interpolates_earlier_variables() {
        let mut scope = Scope::new();
        scope.set_plain("job", "magacin");
        let src = options_source(
            &query_var(None, VariableSort::None),
            &scope,
            1_000,
            61_000,
            &[],
        );
        let OptionsSource::Strings(req) = src else {
            panic!("{src:?}")
        };
        assert_eq!(req.path, "/api/v1/label/service/values");
        assert!(
            req.query.contains(&(
                "match[]".to_owned(),
                "http_requests_total{job=\"magacin\"}".to_owned()
            )),
            "{:?}",
            req.query
        );
        assert!(req.query.contains(&("start".to_owned(), "1".to_owned())));
    }

    #[test]
    fn regex_filters_extracts_and_sorts() {
        let raw = vec![
            "api-gateway".into(),
            "task-service".into(),
            "import-service".into(),
            "redis".into(),
        ];
        let opts = finish_options(
            &query_var(Some("/(.*)-service/"), VariableSort::AlphaAsc),
            raw.clone(),
        );
        let values: Vec<&str> = opts.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(values, ["import", "task"]);
        let named = finish_options(
            &query_var(
                Some("/(?<text>[a-z]+)-(?<value>[a-z]+)/"),
                VariableSort::None,
            ),
            raw,
        );
        assert_eq!(
            (named[0].text.as_str(), named[0].value.as_str()),
            ("api", "gateway")
        );
        let nums = finish_options(
            &query_var(None, VariableSort::NumericDesc),
            vec![
                "node 2".into(),
                "node 10".into(),
                "node 1".into(),
                "node 2".into(),
            ],
        );
        assert_eq!(
            nums.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(),
            ["node 10", "node 2", "node 1"]
        );
    }

    #[test]
    fn selection_prefers_url_then_valid_current_then_all() {
        let opts = vec![option("a"), option("b")];
        let mut v = query_var(None, VariableSort::None);
        assert_eq!(select(&v, Some(&["b".into()]), &opts), ["b"]);
        v.current = vec!["a".into()];
        assert_eq!(select(&v, None, &opts), ["a"]);
        v.current = vec!["gone".into()];
        assert_eq!(select(&v, None, &opts), [ALL_MARKER]);
        v.include_all = false;
        assert_eq!(select(&v, None, &opts), ["a"]);
        v.current = vec!["All".into()];
        v.include_all = true;
        assert_eq!(select(&v, None, &opts), [ALL_MARKER]);
    }

    #[test]
    fn query_result_texts_match_grafana() {
        let mut labels = crate::prom::types::Labels::new();
        labels.insert("__name__".into(), "up".into());
        labels.insert("job".into(), "x".into());
        let s = Series {
            labels,
            t_ms: vec![1000],
            values: vec![1.0],
        };
        assert_eq!(query_result_texts(&[s]), ["up{job=\"x\"} 1 1000"]);
    }
}
