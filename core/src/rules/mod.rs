//! Prometheus rule files (YAML) → typed rule groups, with source line numbers.
//!
//! Contract: accepts what Prometheus' `promtool check rules` accepts structurally: a mapping
//! with `groups[]` (each `name`, optional `interval`, `limit`, `query_offset`, `labels`, and
//! `rules[]`), each rule exactly one of `alert` / `record`, a non-empty `expr`, optional `for`,
//! `keep_firing_for`, `labels`, `annotations` (the last two only string → string; annotations
//! and `for` only on alerts). An empty document (`null`, empty file) is a file with no groups.
//! YAML syntax errors carry the line and column of the parser; semantic errors carry the line
//! of the offending key (or of the rule). Every semantic error in a file is reported, not just
//! the first. PromQL itself is not validated here (the CLI does that natively).
//! Durations use Prometheus' syntax (`1h30m`, `5m`, `500ms`, units y w d h m s ms, each at
//! most once, largest first); they are returned in milliseconds.

use std::collections::BTreeMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A parsed rule file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleFile {
    pub groups: Vec<RuleGroup>,
}

impl RuleFile {
    /// Every rule of every group.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.groups.iter().flat_map(|g| g.rules.iter())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleGroup {
    pub name: String,
    /// Evaluation interval; `None` = the global one.
    pub interval_ms: Option<i64>,
    pub limit: Option<u64>,
    pub query_offset_ms: Option<i64>,
    pub labels: BTreeMap<String, String>,
    pub rules: Vec<Rule>,
    /// 1-based line of the group's first key.
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    Alert,
    Record,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: RuleKind,
    /// The alert name or the recorded metric name.
    pub name: String,
    pub expr: String,
    /// 1-based line where the expression starts (a block scalar's first content line is one below).
    pub expr_line: usize,
    pub for_ms: Option<i64>,
    pub keep_firing_for_ms: Option<i64>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// 1-based line of the rule's first key.
    pub line: usize,
}

/// One problem in a rule file, with its 1-based line (and column when the parser knows it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RuleError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> RuleError {
    RuleError {
        line,
        column: None,
        message: message.into(),
    }
}

/// Parses a Prometheus duration (`1h30m`, `5m`, `500ms`, `0`) into milliseconds.
pub fn parse_duration_ms(s: &str) -> Result<i64, String> {
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err("empty duration".to_owned());
    }
    // Units in the order Prometheus requires them.
    const UNITS: [(&str, i64); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];
    let bad = || format!("`{s}` is not a valid duration (use e.g. `30s`, `5m`, `1h30m`, `1d`)");
    let mut rest = s;
    let mut total: i64 = 0;
    let mut next_unit = 0usize;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest.chars().take_while(char::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let Some(pos) = UNITS.iter().position(|(u, _)| *u == unit) else {
            return Err(bad());
        };
        if pos < next_unit {
            return Err(bad());
        }
        next_unit = pos + 1;
        total = n
            .checked_mul(UNITS[pos].1)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("duration `{s}` is too long"))?;
    }
    Ok(total)
}

/// Parses a rule file; `Err` holds every problem found, in file order.
pub fn parse_rule_file(src: &str) -> Result<RuleFile, Vec<RuleError>> {
    let docs = MarkedYaml::load_from_str(src).map_err(|e| {
        vec![RuleError {
            line: e.marker().line(),
            column: Some(e.marker().col() + 1),
            message: format!("YAML syntax error: {}", e.info()),
        }]
    })?;
    let mut errors = Vec::new();
    let mut file = RuleFile::default();
    let Some(root) = docs.first() else {
        return Ok(file);
    };
    if docs.len() > 1 {
        errors.push(err(
            line_of(&docs[1]),
            "a rule file holds one YAML document; found more than one",
        ));
    }
    match &root.data {
        YamlData::Value(Scalar::Null) => return Ok(file),
        YamlData::Mapping(m) => {
            for (k, v) in m {
                match key_str(k).as_deref() {
                    Some("groups") => match &v.data {
                        YamlData::Sequence(gs) => {
                            for g in gs {
                                if let Some(group) = parse_group(g, &mut errors) {
                                    file.groups.push(group);
                                }
                            }
                        }
                        YamlData::Value(Scalar::Null) => {}
                        _ => errors.push(err(line_of(v), "`groups` must be a list")),
                    },
                    other => errors.push(err(
                        line_of(k),
                        format!(
                            "unknown top-level key `{}` (a rule file has only `groups`)",
                            other.unwrap_or("?")
                        ),
                    )),
                }
            }
        }
        _ => errors.push(err(
            line_of(root),
            "a rule file must be a mapping with `groups`",
        )),
    }
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &file.groups {
        if let Some(first) = names.insert(&g.name, g.line) {
            errors.push(err(
                g.line,
                format!(
                    "group name `{}` is repeated (first at line {first})",
                    g.name
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn line_of(n: &MarkedYaml<'_>) -> usize {
    n.span.start.line()
}

fn key_str(k: &MarkedYaml<'_>) -> Option<String> {
    scalar_text(k)
}

/// A scalar's text (numbers and booleans in their YAML form); `None` for null and collections.
fn scalar_text(n: &MarkedYaml<'_>) -> Option<String> {
    match &n.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

fn string_map(
    n: &MarkedYaml<'_>,
    what: &str,
    errors: &mut Vec<RuleError>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match &n.data {
        YamlData::Mapping(m) => {
            for (k, v) in m {
                match (key_str(k), scalar_text(v)) {
                    (Some(k), Some(v)) => {
                        out.insert(k, v);
                    }
                    (Some(k), None) if matches!(v.data, YamlData::Value(Scalar::Null)) => {
                        out.insert(k, String::new());
                    }
                    (k, _) => errors.push(err(
                        line_of(v),
                        format!("{what} `{}` must be a string", k.unwrap_or_default()),
                    )),
                }
            }
        }
        YamlData::Value(Scalar::Null) => {}
        _ => errors.push(err(
            line_of(n),
            format!("{what} must be a mapping of strings"),
        )),
    }
    out
}

fn duration_field(v: &MarkedYaml<'_>, key: &str, errors: &mut Vec<RuleError>) -> Option<i64> {
    let text = scalar_text(v).unwrap_or_default();
    match parse_duration_ms(&text) {
        Ok(ms) => Some(ms),
        Err(e) => {
            errors.push(err(line_of(v), format!("`{key}`: {e}")));
            None
        }
    }
}

fn parse_group(g: &MarkedYaml<'_>, errors: &mut Vec<RuleError>) -> Option<RuleGroup> {
    let YamlData::Mapping(m) = &g.data else {
        errors.push(err(
            line_of(g),
            "a group must be a mapping with `name` and `rules`",
        ));
        return None;
    };
    let mut group = RuleGroup {
        line: line_of(g),
        ..RuleGroup::default()
    };
    let mut has_name = false;
    for (k, v) in m {
        match key_str(k).as_deref() {
            Some("name") => {
                group.name = scalar_text(v).unwrap_or_default();
                has_name = !group.name.is_empty();
            }
            Some("interval") => group.interval_ms = duration_field(v, "interval", errors),
            Some("query_offset") => {
                group.query_offset_ms = duration_field(v, "query_offset", errors)
            }
            Some("limit") => match scalar_text(v).and_then(|t| t.parse::<u64>().ok()) {
                Some(l) => group.limit = Some(l),
                None => errors.push(err(line_of(v), "`limit` must be a non-negative integer")),
            },
            Some("labels") => group.labels = string_map(v, "group label", errors),
            Some("rules") => match &v.data {
                YamlData::Sequence(rs) => {
                    group.rules = rs.iter().filter_map(|r| parse_rule(r, errors)).collect()
                }
                YamlData::Value(Scalar::Null) => {}
                _ => errors.push(err(line_of(v), "`rules` must be a list")),
            },
            other => errors.push(err(
                line_of(k),
                format!("unknown group key `{}`", other.unwrap_or("?")),
            )),
        }
    }
    if !has_name {
        errors.push(err(group.line, "group has no `name`"));
    }
    Some(group)
}

fn parse_rule(r: &MarkedYaml<'_>, errors: &mut Vec<RuleError>) -> Option<Rule> {
    let YamlData::Mapping(m) = &r.data else {
        errors.push(err(
            line_of(r),
            "a rule must be a mapping with `alert` or `record` and `expr`",
        ));
        return None;
    };
    let line = line_of(r);
    let mut alert: Option<String> = None;
    let mut record: Option<String> = None;
    let mut expr: Option<(String, usize)> = None;
    let mut rule = Rule {
        kind: RuleKind::Alert,
        name: String::new(),
        expr: String::new(),
        expr_line: line,
        for_ms: None,
        keep_firing_for_ms: None,
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
        line,
    };
    let mut alert_only: Vec<(&str, usize)> = Vec::new();
    let before = errors.len();
    for (k, v) in m {
        let key = key_str(k);
        match key.as_deref() {
            Some("alert") => alert = scalar_text(v),
            Some("record") => record = scalar_text(v),
            Some("expr") => expr = scalar_text(v).map(|e| (e, line_of(v))),
            Some("for") => {
                rule.for_ms = duration_field(v, "for", errors);
                alert_only.push(("for", line_of(k)));
            }
            Some("keep_firing_for") => {
                rule.keep_firing_for_ms = duration_field(v, "keep_firing_for", errors);
                alert_only.push(("keep_firing_for", line_of(k)));
            }
            Some("labels") => rule.labels = string_map(v, "label", errors),
            Some("annotations") => {
                rule.annotations = string_map(v, "annotation", errors);
                alert_only.push(("annotations", line_of(k)));
            }
            other => errors.push(err(
                line_of(k),
                format!("unknown rule key `{}`", other.unwrap_or("?")),
            )),
        }
    }
    match (alert, record) {
        (Some(a), None) => {
            rule.name = a;
        }
        (None, Some(rec)) => {
            rule.kind = RuleKind::Record;
            rule.name = rec;
            for (key, l) in alert_only {
                errors.push(err(
                    l,
                    format!(
                        "recording rule `{}` cannot have `{key}` (only alerts can)",
                        rule.name
                    ),
                ));
            }
        }
        (Some(_), Some(_)) => errors.push(err(
            line,
            "a rule has both `alert` and `record`; it must have exactly one",
        )),
        (None, None) => errors.push(err(line, "a rule needs `alert` or `record`")),
    }
    if rule.name.trim().is_empty() && errors.len() == before {
        errors.push(err(line, "the rule's name (`alert` / `record`) is empty"));
    }
    match expr {
        Some((e, l)) if !e.trim().is_empty() => {
            rule.expr = e;
            rule.expr_line = l;
        }
        _ => errors.push(err(line, format!("rule `{}` has no `expr`", rule.name))),
    }
    Some(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ok = [
            ("0", 0),
            ("500ms", 500),
            ("30s", 30_000),
            ("5m", 300_000),
            ("1h30m", 5_400_000),
            ("1d", 86_400_000),
            ("1w", 604_800_000),
            ("1y", 31_536_000_000),
            ("1h0m5s", 3_605_000),
        ];
        for (s, want) in ok {
            assert_eq!(parse_duration_ms(s), Ok(want), "{s}");
        }
        for bad in ["", "5", "m", "5x", "1m1h", "1.5h", "-5m", "5m5m"] {
            assert!(parse_duration_ms(bad).is_err(), "{bad}");
        }
    }

    const VALID: &str = "groups:
  - name: node
    interval: 1m
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: InstanceDown
        expr: |
          up == 0
        for: 5m
        keep_firing_for: 1m
        labels:
          severity: critical
        annotations:
          summary: \"{{ $labels.instance }} down\"
";

    #[test]
    fn valid_file() {
        let file = parse_rule_file(VALID);
        let Ok(file) = file else {
            panic!("expected a valid file: {file:?}");
        };
        assert_eq!(file.groups.len(), 1);
        let g = &file.groups[0];
        assert_eq!(
            (g.name.as_str(), g.interval_ms, g.line),
            ("node", Some(60_000), 2)
        );
        let rules: Vec<&Rule> = file.rules().collect();
        assert_eq!(rules.len(), 2);
        assert_eq!(
            (rules[0].kind, rules[0].name.as_str(), rules[0].line),
            (RuleKind::Record, "job:up:sum", 5)
        );
        assert_eq!(rules[0].expr, "sum by (job) (up)");
        let a = rules[1];
        assert_eq!(
            (a.kind, a.name.as_str(), a.line),
            (RuleKind::Alert, "InstanceDown", 7)
        );
        assert_eq!(a.expr, "up == 0\n");
        assert_eq!(
            (a.for_ms, a.keep_firing_for_ms),
            (Some(300_000), Some(60_000))
        );
        assert_eq!(
            a.labels.get("severity").map(String::as_str),
            Some("critical")
        );
        assert_eq!(
            a.annotations.get("summary").map(String::as_str),
            Some("{{ $labels.instance }} down")
        );
    }

    #[test]
    fn empty_files_have_no_groups() {
        for src in ["", "null\n", "# only a comment\n", "groups:\n"] {
            assert_eq!(parse_rule_file(src), Ok(RuleFile::default()), "{src:?}");
        }
    }

    #[test]
    fn errors_carry_lines() {
        let cases: [(&str, &[(usize, &str)]); 8] = [
            ("groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up\n       for: 5m\n", &[(6, "YAML syntax error")]),
            ("groups:\n  - name: a\n    rules:\n      - alert: X\n        for: 5m\n", &[(4, "has no `expr`")]),
            ("groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up\n        for: 5 minutes\n", &[(6, "`for`: `5 minutes` is not a valid duration")]),
            ("groups:\n  - name: a\n    rules:\n      - alert: X\n        record: y\n        expr: up\n", &[(4, "both `alert` and `record`")]),
            ("groups:\n  - name: a\n    rules:\n      - expr: up\n", &[(4, "needs `alert` or `record`")]),
            ("groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n        for: 1m\n", &[(6, "cannot have `for`")]),
            ("groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n", &[(4, "group name `a` is repeated")]),
            ("groups:\n  - rules:\n      - alert: X\n        expr: up\n        lables: {}\n", &[(2, "group has no `name`"), (5, "unknown rule key `lables`")]),
        ];
        for (src, want) in cases {
            let got = parse_rule_file(src).err().unwrap_or_default();
            assert_eq!(got.len(), want.len(), "{src}: {got:?}");
            for (e, (line, text)) in got.iter().zip(want.iter()) {
                assert_eq!(e.line, *line, "{src}: {e}");
                assert!(e.message.contains(text), "{src}: {e}");
            }
        }
    }
}
