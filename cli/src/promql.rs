//! PromQL validation for `promboard check`, natively with `promql-parser`.
//!
//! Contract: [`check_rule_expr`] validates a rule expression as written (rule files have no
//! template variables). [`check_dashboard_expr`] first replaces Grafana variables
//! (`$__rate_interval`, `$var`, `${var:fmt}`, `[[var]]`) by harmless placeholders chosen by
//! position: a duration (`5m`) inside `[...]` or after `offset`, a number where Grafana's
//! `_ms`/`_s` built-ins or a `topk`-style parameter go, a name (`x`) elsewhere, so a valid
//! templated query parses. Errors are promql-parser's message, which has no position.

/// Validates a rule's expression.
pub fn check_rule_expr(expr: &str) -> Result<(), String> {
    promql_parser::parser::parse(expr).map(|_| ())
}

/// Validates a dashboard query after substituting Grafana variables.
pub fn check_dashboard_expr(expr: &str) -> Result<(), String> {
    promql_parser::parser::parse(&substitute_variables(expr)).map(|_| ())
}

/// Replaces Grafana template variables with placeholders that keep the query parseable.
/// Comments (`# …` to the end of the line) are copied as they are.
pub fn substitute_variables(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\0';
    let mut rest = expr;
    while let Some(c) = rest.chars().next() {
        if !comment && (c == '$' || c == '[') {
            if let Some((name, len)) = variable_at(rest) {
                out.push_str(placeholder(&name, &out, &rest[len..], quote.is_some()));
                rest = &rest[len..];
                prev = 'x';
                continue;
            }
        }
        match (quote, c) {
            (_, '\n') => comment = false,
            (None, '#') => comment = true,
            (None, '"' | '\'' | '`') if !comment => quote = Some(c),
            (Some(q), _) if c == q && prev != '\\' => quote = None,
            _ => {}
        }
        out.push(c);
        prev = c;
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A variable reference at the start of `s`: its name and length in bytes.
fn variable_at(s: &str) -> Option<(String, usize)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if let Some(inner) = s.strip_prefix("${") {
        let end = inner.find('}')?;
        let name = inner[..end].split(':').next()?.to_owned();
        return (!name.is_empty() && name.chars().all(is_name)).then_some((name, end + 3));
    }
    if let Some(inner) = s.strip_prefix("[[") {
        let end = inner.find("]]")?;
        let name = inner[..end].split(':').next()?.to_owned();
        return (!name.is_empty() && name.chars().all(is_name)).then_some((name, end + 4));
    }
    let inner = s.strip_prefix('$')?;
    let len = inner.chars().take_while(|c| is_name(*c)).count();
    (len > 0).then(|| (inner[..len].to_owned(), len + 1))
}

fn placeholder(name: &str, before: &str, after: &str, in_string: bool) -> &'static str {
    if name.ends_with("_ms") {
        return "60000";
    }
    if name.ends_with("_s") {
        return "60";
    }
    let prev = before.trim_end();
    let in_brackets = prev.ends_with('[')
        || prev.ends_with(':')
        || after.trim_start().starts_with(']')
        || after.trim_start().starts_with(':');
    if in_string {
        return "x";
    }
    if in_brackets || prev.ends_with("offset") || name.starts_with("__") {
        return "5m";
    }
    let lower = prev.to_ascii_lowercase();
    let numeric_param = ["topk(", "bottomk(", "quantile(", "limitk(", "limit_ratio("]
        .iter()
        .any(|f| lower.ends_with(f));
    let compared = prev.ends_with(['>', '<', '=', '*', '/', '+', '-'])
        && !prev.ends_with("=~")
        && !prev.ends_with("!~");
    if numeric_param || compared || lower.ends_with("histogram_quantile(") {
        return "1";
    }
    "x"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution() {
        let cases = [
            ("rate(x[$__rate_interval])", "rate(x[5m])"),
            ("rate(x[${__interval}])", "rate(x[5m])"),
            ("up{job=\"$job\"}", "up{job=\"x\"}"),
            ("up{job=~\"${job:regex}\"}", "up{job=~\"x\"}"),
            ("up{job=~\"[[job]]\"}", "up{job=~\"x\"}"),
            ("sum by ($label) (up)", "sum by (x) (up)"),
            ("topk($n, up)", "topk(1, up)"),
            ("up > $threshold", "up > 1"),
            ("increase(x[$__range_s])", "increase(x[60])"),
            ("up offset $shift", "up offset 5m"),
            ("rate(x[1m]) * $__interval_ms", "rate(x[1m]) * 60000"),
            ("avg_over_time(x[$w:$res])", "avg_over_time(x[5m:5m])"),
            ("a[5m]", "a[5m]"),
            ("cost $", "cost $"),
            (
                "# we're here\nrate(x[$__rate_interval])",
                "# we're here\nrate(x[5m])",
            ),
            ("up{a=\"it's [$x]\"}", "up{a=\"it's [x]\"}"),
        ];
        for (q, want) in cases {
            assert_eq!(substitute_variables(q), want, "{q}");
        }
    }

    #[test]
    fn templated_queries_parse() {
        let ok = [
            "sum(rate(http_requests_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])) by (code)",
            "histogram_quantile($q, sum by (le) (rate(x_bucket[$__interval])))",
            "topk($n, up)",
        ];
        for q in ok {
            assert_eq!(check_dashboard_expr(q), Ok(()), "{q}");
        }
        for bad in [
            "sum(rate(x[5m])",
            "up{job=}",
            "rate(x[$__rate_interval]) by",
        ] {
            assert!(check_dashboard_expr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rule_exprs() {
        assert_eq!(check_rule_expr("up == 0"), Ok(()));
        assert!(check_rule_expr("up ==").is_err());
    }
}
