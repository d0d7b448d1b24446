//! Template variables: interpolation into queries and text, Grafana-compatible.
//!
//! Contract:
//! - Syntax: `$name`, `${name}`, `${name:format}`, `[[name]]`, `[[name:format]]`; a name is
//!   `[A-Za-z0-9_]+` and `$name` takes the whole run (`$env_name` names `env_name`, never
//!   `env`, as in Grafana; write `${env}_name` to glue). A reference to an unknown variable,
//!   or with a field path (`${a.b}`), is left exactly as written.
//! - In [`FormatContext::PromQl`] with no explicit format, values are escaped like Grafana's
//!   Prometheus datasource: a variable that is neither multi-value nor include-All gets
//!   backslashes doubled and `'` escaped; a multi/All variable gets each value regex-escaped
//!   for a PromQL string (`.` → `\\.`) and several values become `(a|b)`. In
//!   [`FormatContext::Text`] the default is `text`, in [`FormatContext::Url`] `glob`.
//! - "All" selected: the variable's `all_value` verbatim when set (except for the `text` and
//!   `percentencode` formats), else every option value, formatted like a multi-selection.
//!   The stored marker for "All" is `$__all` (URL `var-x=$__all`), as in Grafana.
//! - Built-ins (`$__interval`, `$__interval_ms`, `$__rate_interval`, `$__range`, `$__range_s`,
//!   `$__range_ms`, `$__from`, `$__to`) are plain values set by [`Scope::set_time`];
//!   `${__from:date}` / `:date:iso` give ISO 8601 UTC, `:date:seconds` epoch seconds,
//!   `:date:FORMAT` a moment-style pattern in UTC.
//! - Formats: `raw`, `regex`, `pipe`, `csv`, `text`, `glob`, `json`, `percentencode`,
//!   `singlequote`, `doublequote`, `sqlstring`, `queryparam`; an unknown format falls back to
//!   `glob`, as Grafana does.
pub mod deps;
pub mod options;
pub mod resolve;

use std::collections::BTreeMap;

pub use deps::{dependencies, refresh_order, CycleError};
pub use options::{auto_interval, parse_custom_options, parse_interval_options};

use crate::model::{Variable, VariableKind, VariableOption};
use crate::prom::step::StepPlan;
use crate::time::{format_iso_utc, format_time};

/// The stored value meaning "All" (Grafana's `$__all`).
pub const ALL_MARKER: &str = "$__all";

/// Where the interpolated text goes, which decides the default format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormatContext {
    /// A PromQL expression sent to Prometheus.
    #[default]
    PromQl,
    /// Titles, legends shown to people: display texts, several joined with " + ".
    Text,
    /// Link URLs: values as they are, several as `{a,b}` (Grafana's default `glob`).
    Url,
}

/// One variable's current state, as interpolation needs it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScopeValue {
    /// Selected values (ignored when `all` is set).
    pub values: Vec<String>,
    /// Display texts, parallel to `values` (a missing text falls back to the value).
    pub texts: Vec<String>,
    /// "All" is selected.
    pub all: bool,
    pub multi: bool,
    pub include_all: bool,
    pub all_value: Option<String>,
    /// Every option value, for "All" without an `all_value`.
    pub options: Vec<String>,
}

impl ScopeValue {
    /// A single plain value (constants, text boxes, built-ins).
    pub fn single(value: impl Into<String>) -> Self {
        let v = value.into();
        Self {
            values: vec![v.clone()],
            texts: vec![v],
            ..Self::default()
        }
    }

    fn effective_values(&self) -> &[String] {
        if self.all {
            &self.options
        } else {
            &self.values
        }
    }

    fn effective_texts(&self) -> Vec<&str> {
        if self.all {
            return vec!["All"];
        }
        self.values
            .iter()
            .enumerate()
            .map(|(i, v)| self.texts.get(i).map_or(v.as_str(), String::as_str))
            .collect()
    }

    fn is_multi_valued(&self) -> bool {
        self.multi || self.include_all
    }
}

/// The variables and built-ins in force for one interpolation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    vars: BTreeMap<String, ScopeValue>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, name: impl Into<String>, value: ScopeValue) {
        self.vars.insert(name.into(), value);
    }

    /// A single plain value.
    pub fn set_plain(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.set(name, ScopeValue::single(value));
    }

    pub fn get(&self, name: &str) -> Option<&ScopeValue> {
        self.vars.get(name)
    }

    /// Sets a dashboard variable from its definition, its selected values (`["$__all"]` for
    /// All) and its options (for query variables, the fetched ones; custom variables use their
    /// own when `options` is empty).
    pub fn set_variable(
        &mut self,
        var: &Variable,
        selected: &[String],
        options: &[VariableOption],
    ) {
        let own: Vec<VariableOption>;
        let options = match (&var.kind, options.is_empty()) {
            (VariableKind::Custom { options: o }, true) => o.as_slice(),
            (VariableKind::Interval { options: o, .. }, true) => {
                own = o
                    .iter()
                    .map(|v| VariableOption {
                        text: v.clone(),
                        value: v.clone(),
                    })
                    .collect();
                own.as_slice()
            }
            _ => options,
        };
        let all = var.include_all && selected.iter().any(|s| s == ALL_MARKER || s == "All");
        let values: Vec<String> = if all { Vec::new() } else { selected.to_vec() };
        let texts = values
            .iter()
            .map(|v| {
                options
                    .iter()
                    .find(|o| &o.value == v)
                    .map_or_else(|| v.clone(), |o| o.text.clone())
            })
            .collect();
        self.set(
            var.name.clone(),
            ScopeValue {
                values,
                texts,
                all,
                multi: var.multi,
                include_all: var.include_all,
                all_value: var.all_value.clone(),
                options: options
                    .iter()
                    .filter(|o| o.value != ALL_MARKER)
                    .map(|o| o.value.clone())
                    .collect(),
            },
        );
    }

    /// Sets the time built-ins: `__from`, `__to` (ms epoch), `__interval`, `__interval_ms`,
    /// `__rate_interval`, `__range`, `__range_s`, `__range_ms`.
    pub fn set_time(&mut self, from_ms: i64, to_ms: i64, plan: &StepPlan) {
        self.set_plain("__from", from_ms.to_string());
        self.set_plain("__to", to_ms.to_string());
        self.set_plain("__interval", plan.interval_text.clone());
        self.set_plain("__interval_ms", plan.interval_ms.to_string());
        self.set_plain("__rate_interval", plan.rate_interval_text.clone());
        self.set_plain("__range", plan.range_text());
        self.set_plain("__range_s", plan.range_s().to_string());
        self.set_plain("__range_ms", plan.range_ms.to_string());
    }
}

/// One variable reference found in a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference<'a> {
    /// Byte range of the whole reference in the template.
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
    pub format: Option<&'a str>,
    /// `${a.b}`: a field path we do not resolve.
    pub has_field_path: bool,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `name`, `name.path`, `name:format`, `name.path:format` (Grafana's `${…}` grammar).
fn parse_braced(inner: &str) -> Option<(&str, Option<&str>, bool)> {
    let name_len = inner.bytes().take_while(|b| is_word(*b)).count();
    if name_len == 0 {
        return None;
    }
    let name = &inner[..name_len];
    let mut rest = &inner[name_len..];
    let mut has_field_path = false;
    if let Some(r) = rest.strip_prefix('.') {
        let path_len = r.find([':', '^']).unwrap_or(r.len());
        if path_len == 0 {
            return None;
        }
        has_field_path = true;
        rest = &r[path_len..];
    }
    if rest.is_empty() {
        return Some((name, None, has_field_path));
    }
    let format = rest.strip_prefix(':').filter(|f| !f.is_empty())?;
    Some((name, Some(format), has_field_path))
}

/// Every reference in `template`, in order.
pub(crate) fn references(template: &str) -> Vec<Reference<'_>> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            if bytes.get(i + 1) == Some(&b'{') {
                if let Some(close) = template[i + 2..].find('}') {
                    let inner = &template[i + 2..i + 2 + close];
                    if let Some((name, format, has_field_path)) = parse_braced(inner) {
                        let end = i + 2 + close + 1;
                        out.push(Reference {
                            start: i,
                            end,
                            name,
                            format,
                            has_field_path,
                        });
                        i = end;
                        continue;
                    }
                }
            } else {
                let name_len = bytes[i + 1..].iter().take_while(|b| is_word(**b)).count();
                if name_len > 0 {
                    let end = i + 1 + name_len;
                    out.push(Reference {
                        start: i,
                        end,
                        name: &template[i + 1..end],
                        format: None,
                        has_field_path: false,
                    });
                    i = end;
                    continue;
                }
            }
        } else if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'[') {
            if let Some(close) = template[i + 2..].find("]]") {
                let inner = &template[i + 2..i + 2 + close];
                let (name, format) = match inner.split_once(':') {
                    Some((n, f)) => (n, Some(f)),
                    None => (inner, None),
                };
                let format_ok = format.is_none_or(|f| !f.is_empty() && f.bytes().all(is_word));
                if !name.is_empty() && name.bytes().all(is_word) && format_ok {
                    let end = i + 2 + close + 2;
                    out.push(Reference {
                        start: i,
                        end,
                        name,
                        format,
                        has_field_path: false,
                    });
                    i = end;
                    continue;
                }
            }
        }
        // Advance one whole character.
        i += template[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Substitutes every known variable reference in `template`.
pub fn interpolate(template: &str, scope: &Scope, ctx: FormatContext) -> String {
    let refs = references(template);
    if refs.is_empty() {
        return template.to_owned();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut last = 0;
    for r in refs {
        out.push_str(&template[last..r.start]);
        last = r.end;
        let written = &template[r.start..r.end];
        let Some(value) = scope.get(r.name).filter(|_| !r.has_field_path) else {
            out.push_str(written);
            continue;
        };
        out.push_str(&format_value(r.name, value, r.format, ctx));
    }
    out.push_str(&template[last..]);
    out
}

fn format_value(name: &str, v: &ScopeValue, format: Option<&str>, ctx: FormatContext) -> String {
    // Text shown to people defaults to display texts ("All" rather than ".*").
    let format = match (format, ctx) {
        (None, FormatContext::Text) => Some("text"),
        (None, FormatContext::Url) => Some("glob"),
        (f, _) => f,
    };
    if let (Some(date_fmt), "__from" | "__to") = (format.and_then(|f| f.strip_prefix("date")), name)
    {
        if let Some(ms) = v.values.first().and_then(|s| s.parse::<i64>().ok()) {
            return format_date(ms, date_fmt.strip_prefix(':').unwrap_or(date_fmt));
        }
    }
    if v.all {
        if let Some(all_value) = &v.all_value {
            if !matches!(format, Some("text" | "percentencode")) {
                return all_value.clone();
            }
        }
    }
    let values = v.effective_values();
    match format {
        None => promql_format(v, values),
        Some("raw") => values.join(","),
        Some("regex") => match values {
            [one] => regex_escape(one),
            many => format!(
                "({})",
                many.iter()
                    .map(|s| regex_escape(s))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
        },
        Some("pipe") => values.join("|"),
        Some("csv") => values.join(","),
        Some("text") => v.effective_texts().join(" + "),
        Some("json") => json_format(v, values),
        Some("percentencode") => {
            if v.is_multi_valued() && values.len() > 1 {
                percent_encode(&format!("{{{}}}", values.join(",")))
            } else {
                percent_encode(&values.join(","))
            }
        }
        Some("singlequote") => quote_each(values, '\''),
        Some("doublequote") => quote_each(values, '"'),
        Some("sqlstring") => values
            .iter()
            .map(|s| format!("'{}'", s.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(","),
        Some("queryparam") => values
            .iter()
            .map(|s| format!("var-{}={}", percent_encode(name), percent_encode(s)))
            .collect::<Vec<_>>()
            .join("&"),
        Some(_) => glob_format(values),
    }
}

fn format_date(t_ms: i64, fmt: &str) -> String {
    match fmt {
        "" | "iso" => format_iso_utc(t_ms),
        "seconds" => t_ms.div_euclid(1000).to_string(),
        pattern => format_time(t_ms, 0, pattern),
    }
}

fn promql_format(v: &ScopeValue, values: &[String]) -> String {
    if !v.is_multi_valued() {
        return values
            .iter()
            .map(|s| promql_string_escape(s))
            .collect::<Vec<_>>()
            .join(",");
    }
    match values {
        [one] => promql_regex_escape(one),
        many => format!(
            "({})",
            many.iter()
                .map(|s| promql_regex_escape(s))
                .collect::<Vec<_>>()
                .join("|")
        ),
    }
}

/// Grafana's `prometheusRegularEscape`: `\` → `\\`, `'` → `\\'`.
pub fn promql_string_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\\\'"),
            c => out.push(c),
        }
    }
    out
}

/// Grafana's `prometheusSpecialRegexEscape`: a regex escape written for a PromQL string
/// literal, so `.` becomes `\\.` and `\` becomes four backslashes.
pub fn promql_regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\\\\\"),
            '$' | '^' | '*' | '{' | '}' | '[' | ']' | '+' | '?' | '.' | '(' | ')' | '|' => {
                out.push_str("\\\\");
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Grafana's `regex` format (kbn.regexEscape): one backslash before each metacharacter.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if "\\^$*+?.()|[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn glob_format(values: &[String]) -> String {
    match values {
        [one] => one.clone(),
        many => format!("{{{}}}", many.join(",")),
    }
}

fn json_format(v: &ScopeValue, values: &[String]) -> String {
    let quoted = |s: &String| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    if v.is_multi_valued() || values.len() != 1 {
        format!(
            "[{}]",
            values.iter().map(quoted).collect::<Vec<_>>().join(",")
        )
    } else {
        quoted(&values[0])
    }
}

fn quote_each(values: &[String], q: char) -> String {
    values
        .iter()
        .map(|s| {
            let escaped = s.replace(q, &format!("\\{q}"));
            format!("{q}{escaped}{q}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `encodeURIComponent` plus `!'()*`, as Grafana's `percentencode`.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prom::step::query_step;

    fn multi(values: &[&str], options: &[&str]) -> ScopeValue {
        ScopeValue {
            values: values.iter().map(|s| s.to_string()).collect(),
            texts: Vec::new(),
            all: false,
            multi: true,
            include_all: true,
            all_value: None,
            options: options.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn scope() -> Scope {
        let mut s = Scope::new();
        s.set_plain("env", "prod");
        s.set_plain("env_name", "production");
        s.set_plain("quote", "it's a\\b");
        s.set("host", multi(&["a.example", "b.example"], &[]));
        s.set("one", multi(&["x.y"], &[]));
        let mut all = multi(&[], &["web-1", "web.2"]);
        all.all = true;
        s.set("allnoval", all.clone());
        all.all_value = Some(".*".into());
        s.set("allval", all);
        s.set(
            "dc",
            ScopeValue {
                values: vec!["eu1".into(), "us1".into()],
                texts: vec!["Europe".into(), "America".into()],
                multi: true,
                ..ScopeValue::default()
            },
        );
        s
    }

    #[test]
    fn interpolation_matrix_promql() {
        let s = scope();
        let cases: &[(&str, &str)] = &[
            ("up{env=\"$env\"}", "up{env=\"prod\"}"),
            ("up{env=\"${env}\"}", "up{env=\"prod\"}"),
            ("up{env=\"[[env]]\"}", "up{env=\"prod\"}"),
            ("$env_name", "production"),
            ("${env}_name", "prod_name"),
            ("$env-$env", "prod-prod"),
            ("$envx", "$envx"),
            ("${nope} $nope [[nope]]", "${nope} $nope [[nope]]"),
            (
                "{host=~\"$host\"}",
                "{host=~\"(a\\\\.example|b\\\\.example)\"}",
            ),
            ("{host=~\"$one\"}", "{host=~\"x\\\\.y\"}"),
            ("{a=~\"$allnoval\"}", "{a=~\"(web-1|web\\\\.2)\"}"),
            ("{a=~\"$allval\"}", "{a=~\".*\"}"),
            ("{a=\"$quote\"}", "{a=\"it\\\\'s a\\\\b\"}"),
            ("${host:regex}", "(a\\.example|b\\.example)"),
            ("${one:regex}", "x\\.y"),
            ("${host:pipe}", "a.example|b.example"),
            ("${host:csv}", "a.example,b.example"),
            ("${host:raw}", "a.example,b.example"),
            ("[[host:csv]]", "a.example,b.example"),
            ("${host:glob}", "{a.example,b.example}"),
            ("${host:json}", "[\"a.example\",\"b.example\"]"),
            ("${host:singlequote}", "'a.example','b.example'"),
            ("${host:doublequote}", "\"a.example\",\"b.example\""),
            (
                "${host:queryparam}",
                "var-host=a.example&var-host=b.example",
            ),
            ("${host:nonsense}", "{a.example,b.example}"),
            ("${dc:text}", "Europe + America"),
            ("${allval:text}", "All"),
            ("${allval:csv}", ".*"),
            ("${allnoval:csv}", "web-1,web.2"),
            ("${env:percentencode}", "prod"),
            ("${quote:percentencode}", "it%27s%20a%5Cb"),
            ("${env.field}", "${env.field}"),
            ("cost $5 and $", "cost $5 and $"),
            ("${", "${"),
            ("[[env", "[[env"),
            ("ünïcode $env ✓", "ünïcode prod ✓"),
            ("", ""),
        ];
        for &(template, want) in cases {
            assert_eq!(
                interpolate(template, &s, FormatContext::PromQl),
                want,
                "{template}"
            );
        }
    }

    #[test]
    fn text_context_uses_display_texts() {
        let s = scope();
        let cases: &[(&str, &str)] = &[
            ("DC $dc", "DC Europe + America"),
            ("Hosts: $host", "Hosts: a.example + b.example"),
            ("$allval", "All"),
            ("${allval:csv}", ".*"),
            ("${allnoval:text}", "All"),
            ("$quote", "it's a\\b"),
        ];
        for &(template, want) in cases {
            assert_eq!(
                interpolate(template, &s, FormatContext::Text),
                want,
                "{template}"
            );
        }
    }

    #[test]
    fn builtins() {
        let from = 1_700_000_000_000 - 6 * 3_600_000;
        let to = 1_700_000_000_000;
        let plan = query_step(from, to, 1200, None, Some(15_000));
        let mut s = Scope::new();
        s.set_time(from, to, &plan);
        let cases: &[(&str, &str)] = &[
            ("rate(x[$__interval])", "rate(x[20s])"),
            ("rate(x[$__rate_interval])", "rate(x[60s])"),
            ("$__interval_ms", "20000"),
            ("increase(x[$__range])", "increase(x[21600s])"),
            ("$__range_s $__range_ms", "21600 21600000"),
            ("$__from..$__to", "1699978400000..1700000000000"),
            ("${__from:date}", "2023-11-14T16:13:20.000Z"),
            ("${__to:date:iso}", "2023-11-14T22:13:20.000Z"),
            ("${__to:date:seconds}", "1700000000"),
            ("${__to:date:YYYY-MM-DD}", "2023-11-14"),
            ("$__interval_msx", "$__interval_msx"),
        ];
        for &(template, want) in cases {
            assert_eq!(
                interpolate(template, &s, FormatContext::PromQl),
                want,
                "{template}"
            );
        }
    }

    #[test]
    fn set_variable_from_model() {
        let var = Variable {
            name: "job".into(),
            multi: true,
            include_all: true,
            kind: VariableKind::Custom {
                options: vec![
                    VariableOption {
                        text: "API".into(),
                        value: "api".into(),
                    },
                    VariableOption {
                        text: "Web".into(),
                        value: "web".into(),
                    },
                ],
            },
            ..Variable::default()
        };
        let mut s = Scope::new();
        s.set_variable(&var, &["api".into()], &[]);
        assert_eq!(interpolate("$job", &s, FormatContext::PromQl), "api");
        assert_eq!(interpolate("$job", &s, FormatContext::Text), "API");
        s.set_variable(&var, &[ALL_MARKER.into()], &[]);
        assert_eq!(interpolate("$job", &s, FormatContext::PromQl), "(api|web)");
        assert_eq!(interpolate("$job", &s, FormatContext::Text), "All");
        s.set_variable(&var, &["api".into(), "web".into()], &[]);
        assert_eq!(
            interpolate("${job:csv}", &s, FormatContext::PromQl),
            "api,web"
        );

        let single = Variable {
            name: "ns".into(),
            kind: VariableKind::Textbox {
                default: String::new(),
            },
            ..Variable::default()
        };
        s.set_variable(&single, &["a.b".into()], &[]);
        assert_eq!(interpolate("$ns", &s, FormatContext::PromQl), "a.b");
    }

    #[test]
    fn reference_scanner() {
        let refs = references("a $x ${y:csv} [[z:pipe]] ${w.f} $ ${} [[]]");
        let names: Vec<(&str, Option<&str>, bool)> = refs
            .iter()
            .map(|r| (r.name, r.format, r.has_field_path))
            .collect();
        assert_eq!(
            names,
            vec![
                ("x", None, false),
                ("y", Some("csv"), false),
                ("z", Some("pipe"), false),
                ("w", None, true)
            ]
        );
        assert_eq!((refs[0].start, refs[0].end), (2, 4));
    }
}
