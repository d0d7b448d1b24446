//! Series names: what a legend, tooltip or table header calls a series.
//!
//! Contract (Grafana's Prometheus datasource and `getFieldDisplayName`):
//! - A `legendFormat` replaces every `{{label}}` (spaces inside the braces allowed) with that
//!   label's value, or with nothing when the series lacks the label.
//! - An empty `legendFormat` gives `metric{a="b", c="d"}` (labels sorted, `__name__` as the
//!   prefix, values quoted and escaped as Go's `%q`), `{a="b"}` without a metric name, the
//!   bare metric name without other labels, and the query's expression when there is nothing.
//! - `__auto`: within one query, when every series has exactly one label (besides `__name__`)
//!   and it is the same label, each is named by that label's value; otherwise by
//!   `{a="b", …}` without the metric name; a series without labels is named by its metric name
//!   or the expression.
//! - A field `displayName` wins over all of that; in it `${__field.labels.x}`,
//!   `${__field.labels}`, `${__field.name}` and `${__series.name}` are replaced (unknown
//!   `${…}` are left for dashboard-variable interpolation).

use crate::prom::types::Labels;

/// The `legendFormat` value that asks for Grafana's automatic names.
pub const AUTO: &str = "__auto";

/// `{{label}}` substitution (missing label → empty).
pub fn render_legend(format: &str, labels: &Labels) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        out.push_str(&rest[..open]);
        let name = after[..close].trim();
        if let Some(v) = labels.get(name) {
            out.push_str(v);
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Go `%q` for the characters label values realistically hold.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{a="b", c="d"}` over every label except `__name__` (empty string when there are none).
pub fn format_labels(labels: &Labels) -> String {
    let parts: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", parts.join(", "))
    }
}

/// Grafana's default name for a series (empty `legendFormat`).
pub fn default_name(labels: &Labels, expr: &str) -> String {
    let name = labels.get("__name__").map_or("", String::as_str);
    let rest = format_labels(labels);
    if name.is_empty() && rest.is_empty() {
        expr.to_owned()
    } else {
        format!("{name}{rest}")
    }
}

/// The name of one series of a query (for `__auto` this looks only at this series; use
/// [`series_names`] to get Grafana's single-label rule across the query's series).
pub fn series_name(legend_format: &str, labels: &Labels, expr: &str) -> String {
    series_names(legend_format, &[labels], expr)
        .pop()
        .unwrap_or_default()
}

/// The names of all series of one query, in order.
pub fn series_names(legend_format: &str, series: &[&Labels], expr: &str) -> Vec<String> {
    let format = legend_format.trim();
    if format.is_empty() {
        return series.iter().map(|l| default_name(l, expr)).collect();
    }
    if format != AUTO {
        return series
            .iter()
            .map(|l| render_legend(legend_format, l))
            .collect();
    }
    let single = single_label_name(series);
    series
        .iter()
        .map(|labels| {
            if let Some(v) = single.and_then(|k| labels.get(k)) {
                return v.clone();
            }
            let rest = format_labels(labels);
            if !rest.is_empty() {
                return rest;
            }
            labels
                .get("__name__")
                .cloned()
                .unwrap_or_else(|| expr.to_owned())
        })
        .collect()
}

/// The one label name every series has as its only label (besides `__name__`), if any.
fn single_label_name<'a>(series: &[&'a Labels]) -> Option<&'a str> {
    let mut found: Option<&str> = None;
    for labels in series {
        let mut keys = labels.keys().filter(|k| k.as_str() != "__name__");
        let (Some(k), None) = (keys.next(), keys.next()) else {
            return None;
        };
        match found {
            Some(f) if f != k => return None,
            _ => found = Some(k.as_str()),
        }
    }
    found
}

/// Apply a field `displayName` template to a series called `name` with `labels`.
pub fn display_name(template: &str, name: &str, labels: &Labels) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("${") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let key = after[..close].trim();
        let replacement = if let Some(label) = key.strip_prefix("__field.labels.") {
            Some(labels.get(label).cloned().unwrap_or_default())
        } else {
            match key {
                "__field.labels" => Some(format_labels(labels)),
                "__field.name" | "__field.displayName" | "__series.name" => Some(name.to_owned()),
                _ => None,
            }
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&rest[open..open + 2 + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn legend_formats() {
        let l = labels(&[("__name__", "up"), ("job", "api"), ("instance", "h:9090")]);
        let cases: &[(&str, &str)] = &[
            ("{{job}}", "api"),
            ("{{ job }}", "api"),
            ("{{job}} on {{instance}}", "api on h:9090"),
            ("{{missing}}x", "x"),
            ("{{__name__}}", "up"),
            ("literal", "literal"),
            ("{{job", "{{job"),
            ("", "up{instance=\"h:9090\", job=\"api\"}"),
        ];
        for (format, want) in cases {
            assert_eq!(series_name(format, &l, "up"), *want, "{format}");
        }
    }

    #[test]
    fn default_names() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("__name__", "up")], "up"),
            (&[("job", "a")], "{job=\"a\"}"),
            (&[("job", "a\"b\\")], "{job=\"a\\\"b\\\\\"}"),
            (&[], "sum(rate(x[5m]))"),
        ];
        for (pairs, want) in cases {
            assert_eq!(default_name(&labels(pairs), "sum(rate(x[5m]))"), *want);
        }
    }

    #[test]
    fn auto_names() {
        let a = labels(&[("__name__", "up"), ("job", "a")]);
        let b = labels(&[("__name__", "up"), ("job", "b")]);
        let c = labels(&[("job", "c"), ("instance", "i")]);
        let bare = labels(&[("__name__", "up")]);
        let none = labels(&[]);
        assert_eq!(series_names(AUTO, &[&a, &b], "up"), ["a", "b"]);
        assert_eq!(
            series_names(AUTO, &[&a, &c], "up"),
            ["{job=\"a\"}", "{instance=\"i\", job=\"c\"}"]
        );
        assert_eq!(series_names(AUTO, &[&bare], "up"), ["up"]);
        assert_eq!(series_names(AUTO, &[&none], "vector(1)"), ["vector(1)"]);
        assert_eq!(series_name(AUTO, &a, "up"), "a");
    }

    #[test]
    fn display_name_templates() {
        let l = labels(&[("job", "api"), ("pod", "p-1")]);
        let cases: &[(&str, &str)] = &[
            ("${__field.labels.job}", "api"),
            ("${__field.labels.job} / ${__field.labels.pod}", "api / p-1"),
            ("${__field.labels.nope}!", "!"),
            ("${__field.name} (5m)", "rate (5m)"),
            ("${__series.name}", "rate"),
            ("${__field.labels}", "{job=\"api\", pod=\"p-1\"}"),
            ("Requests", "Requests"),
            ("$env ${env} x", "$env ${env} x"),
            ("${__field.name", "${__field.name"),
        ];
        for (template, want) in cases {
            assert_eq!(display_name(template, "rate", &l), *want, "{template}");
        }
    }
}
