//! Prometheus alert templates (Go `text/template` with Prometheus' functions), rendered to
//! plain text for the alerts page.
//!
//! Contract: `render` never fails and never panics. It understands what real rules use:
//! `{{ $value }}`, `{{ .Value }}`, `{{ $labels.x }}`, `{{ .Labels.x }}`,
//! `{{ $externalLabels.x }}`, `{{ $externalURL }}`, string and number literals, pipelines
//! (`{{ $value | humanize }}`), `humanize`, `humanize1024`, `humanizePercentage`,
//! `humanizeDuration`, `humanizeTimestamp`, `printf` (`%d %f %.Nf %s %v %g %e %%`), `toUpper`,
//! `toLower`, trim markers (`{{-`, `-}}`) and comments. Numbers print as Go prints them
//! (`1e+06`, `1.235k`, `+Inf`); a missing label prints Go's `<no value>`. Anything else
//! (control actions such as `if`/`range`, unknown functions, `query`) is left in the text as
//! written and the result is marked `partial` with a note naming it, so a reader sees what was
//! not expanded. The output is text: callers must show it as a text node, never as HTML.

use super::gofmt;
use crate::prom::types::Labels;
use crate::time::civil_from_days;

/// What a template may refer to.
#[derive(Clone, Copy, Debug)]
pub struct TemplateData<'a> {
    pub labels: &'a Labels,
    pub external_labels: &'a Labels,
    pub external_url: &'a str,
    pub value: f64,
}

/// A rendered template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub text: String,
    /// Some actions were left as written (see `notes`).
    pub partial: bool,
    /// One sentence per action not expanded.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Float(f64),
    Int(i64),
    Str(String),
    /// A missing map key: Go prints `<no value>`.
    NoValue,
}

impl Val {
    fn print(&self) -> String {
        match self {
            Val::Float(v) => gofmt::g(*v, None),
            Val::Int(i) => i.to_string(),
            Val::Str(s) => s.clone(),
            Val::NoValue => "<no value>".into(),
        }
    }
    fn go_type(&self) -> &'static str {
        match self {
            Val::Float(_) => "float64",
            Val::Int(_) => "int",
            Val::Str(_) => "string",
            Val::NoValue => "<nil>",
        }
    }
    /// Prometheus' `convertToFloat`: numbers, and strings that parse as floats.
    fn to_float(&self) -> Result<f64, String> {
        match self {
            Val::Float(v) => Ok(*v),
            Val::Int(i) => Ok(*i as f64),
            Val::Str(s) => parse_go_float(s).ok_or_else(|| format!("{s:?} is not a number")),
            Val::NoValue => Err("the value is missing".into()),
        }
    }
}

fn parse_go_float(s: &str) -> Option<f64> {
    match s.trim() {
        "+Inf" | "Inf" | "inf" | "+inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        "NaN" | "nan" => Some(f64::NAN),
        t => t.parse().ok(),
    }
}

/// Renders `template` with `data`.
pub fn render(template: &str, data: &TemplateData<'_>) -> Rendered {
    let mut out = Rendered::default();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let text = &rest[..open];
        let after = &rest[open + 2..];
        let Some(close) = find_close(after) else {
            // An unterminated action: keep the rest as written.
            out.text.push_str(rest);
            out.partial = true;
            out.notes
                .push("an action opened with `{{` is never closed".into());
            return out;
        };
        let mut inner = &after[..close];
        let raw = &rest[open..open + 2 + close + 2];
        let mut next = &after[close + 2..];
        let mut text_out = text;
        if let Some(s) = inner.strip_prefix('-') {
            if s.starts_with(char::is_whitespace) {
                text_out = text.trim_end();
                inner = s;
            }
        }
        if let Some(s) = inner.strip_suffix('-') {
            if s.ends_with(char::is_whitespace) {
                next = next.trim_start();
                inner = s;
            }
        }
        out.text.push_str(text_out);
        let body = inner.trim();
        if !(body.starts_with("/*") && body.ends_with("*/")) {
            match eval_action(body, data) {
                Ok(s) => out.text.push_str(&s),
                Err(why) => {
                    out.text.push_str(raw);
                    out.partial = true;
                    out.notes.push(format!("`{}` was not expanded: {why}", raw));
                }
            }
        }
        rest = next;
    }
    out.text.push_str(rest);
    out
}

/// The byte offset of the `}}` that closes an action, skipping quoted strings.
fn find_close(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match quote {
            Some(q) => {
                if b[i] == b'\\' && q == b'"' {
                    i += 1;
                } else if b[i] == q {
                    quote = None;
                }
            }
            None => {
                if b[i] == b'"' || b[i] == b'`' {
                    quote = Some(b[i]);
                } else if b[i] == b'}' && b.get(i + 1) == Some(&b'}') {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

const CONTROL: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

fn eval_action(body: &str, data: &TemplateData<'_>) -> Result<String, String> {
    let first = body.split_whitespace().next().unwrap_or("");
    if CONTROL.contains(&first) {
        return Err(format!(
            "`{first}` blocks are not supported here; Prometheus expands them in the alert itself"
        ));
    }
    if body.contains(":=") || (body.contains(" = ") && body.starts_with('$')) {
        return Err("variable assignments are not supported".into());
    }
    let mut acc: Option<Val> = None;
    for cmd in split_outside_quotes(body, '|') {
        let toks = tokenize(cmd.trim())?;
        if toks.is_empty() {
            return Err("an empty command".into());
        }
        acc = Some(eval_command(&toks, acc, data)?);
    }
    acc.map(|v| v.print())
        .ok_or_else(|| "an empty action".to_owned())
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
        } else if c == '"' || c == '`' {
            quote = Some(c);
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut v = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some('n') => v.push('\n'),
                        Some('t') => v.push('\t'),
                        Some('r') => v.push('\r'),
                        Some(o) => v.push(o),
                        None => {}
                    },
                    o => v.push(o),
                }
            }
            if !closed {
                return Err("a string is not closed".into());
            }
            toks.push(Tok::Str(v));
        } else if c == '`' {
            chars.next();
            let v: String = chars.by_ref().take_while(|&c| c != '`').collect();
            toks.push(Tok::Str(v));
        } else if c == '(' || c == ')' {
            return Err("parenthesised pipelines are not supported".into());
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                w.push(c);
                chars.next();
            }
            toks.push(Tok::Word(w));
        }
    }
    Ok(toks)
}

fn eval_command(toks: &[Tok], piped: Option<Val>, data: &TemplateData<'_>) -> Result<Val, String> {
    let (head, args) = match toks.split_first() {
        Some(x) => x,
        None => return Err("an empty command".into()),
    };
    let func = match head {
        Tok::Word(w) if is_function_name(w) => w.as_str(),
        _ => {
            // A plain operand: only valid as the first command, alone.
            if piped.is_some() || !args.is_empty() {
                return Err("only a function can follow `|` or take arguments".into());
            }
            return operand(head, data);
        }
    };
    let mut vals = args
        .iter()
        .map(|t| operand(t, data))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(p) = piped {
        vals.push(p);
    }
    call(func, &vals)
}

fn is_function_name(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(w, "true" | "false" | "nil")
}

fn operand(t: &Tok, data: &TemplateData<'_>) -> Result<Val, String> {
    let w = match t {
        Tok::Str(s) => return Ok(Val::Str(s.clone())),
        Tok::Word(w) => w.as_str(),
    };
    let label = |map: &Labels, key: &str| {
        map.get(key)
            .map(|v| Val::Str(v.clone()))
            .unwrap_or(Val::NoValue)
    };
    if w == "$value" || w == ".Value" {
        return Ok(Val::Float(data.value));
    }
    if w == "$externalURL" || w == ".ExternalURL" {
        return Ok(Val::Str(data.external_url.to_owned()));
    }
    for prefix in ["$labels.", ".Labels."] {
        if let Some(k) = w.strip_prefix(prefix) {
            return Ok(label(data.labels, k));
        }
    }
    for prefix in ["$externalLabels.", ".ExternalLabels."] {
        if let Some(k) = w.strip_prefix(prefix) {
            return Ok(label(data.external_labels, k));
        }
    }
    if w.starts_with('$') || w.starts_with('.') {
        return Err(format!("`{w}` is not a value this page knows"));
    }
    if let Ok(i) = w.parse::<i64>() {
        return Ok(Val::Int(i));
    }
    if let Ok(f) = w.parse::<f64>() {
        return Ok(Val::Float(f));
    }
    Err(format!("`{w}` is not a known function or value"))
}

fn one_float(name: &str, args: &[Val]) -> Result<f64, String> {
    match args {
        [v] => v.to_float().map_err(|e| format!("{name}: {e}")),
        _ => Err(format!("{name} takes one argument, got {}", args.len())),
    }
}

fn call(name: &str, args: &[Val]) -> Result<Val, String> {
    let s = match name {
        "humanize" => humanize(one_float(name, args)?),
        "humanize1024" => humanize1024(one_float(name, args)?),
        "humanizePercentage" => humanize_percentage(one_float(name, args)?),
        "humanizeDuration" => humanize_duration(one_float(name, args)?),
        "humanizeTimestamp" => humanize_timestamp(one_float(name, args)?)?,
        "printf" => {
            let Some((Val::Str(format), rest)) = args.split_first() else {
                return Err("printf needs a format string first".into());
            };
            printf(format, rest)
        }
        "toUpper" | "toLower" => match args {
            [v] => {
                let s = v.print();
                if name == "toUpper" {
                    s.to_uppercase()
                } else {
                    s.to_lowercase()
                }
            }
            _ => return Err(format!("{name} takes one argument")),
        },
        other => return Err(format!("`{other}` is not a function this page can run")),
    };
    Ok(Val::Str(s))
}

/// Prometheus' `humanize`: SI prefixes, 4 significant digits (`1.235k`, `12.5m`).
pub fn humanize(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return gofmt::g(v, Some(4));
    }
    let mut v = v;
    let mut prefix = "";
    if v.abs() >= 1.0 {
        for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
            if v.abs() < 1000.0 {
                break;
            }
            prefix = p;
            v /= 1000.0;
        }
    } else {
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if v.abs() >= 1.0 {
                break;
            }
            prefix = p;
            v *= 1000.0;
        }
    }
    format!("{}{prefix}", gofmt::g(v, Some(4)))
}

/// Prometheus' `humanize1024`: binary prefixes (`1ki`, `1.5Mi`).
pub fn humanize1024(v: f64) -> String {
    if v.abs() <= 1.0 || !v.is_finite() {
        return gofmt::g(v, Some(4));
    }
    let mut v = v;
    let mut prefix = "";
    for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
        if v.abs() < 1024.0 {
            break;
        }
        prefix = p;
        v /= 1024.0;
    }
    format!("{}{prefix}", gofmt::g(v, Some(4)))
}

/// Prometheus' `humanizePercentage`: ×100, 4 significant digits, `%`.
pub fn humanize_percentage(v: f64) -> String {
    format!("{}%", gofmt::g(v * 100.0, Some(4)))
}

/// Prometheus' `humanizeDuration` (seconds in): `1d 2h 3m 4s`, `1h 0m 5s`, `1.5s`, `500ms`.
pub fn humanize_duration(v: f64) -> String {
    if !v.is_finite() {
        return gofmt::g(v, Some(4));
    }
    if v == 0.0 {
        return format!("{}s", gofmt::g(v, Some(4)));
    }
    if v.abs() >= 1.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        let a = v.abs();
        let d = a as i64;
        let (secs, mins, hours, days) = (d % 60, (d / 60) % 60, (d / 3600) % 24, d / 86400);
        return if days != 0 {
            format!("{sign}{days}d {hours}h {mins}m {secs}s")
        } else if hours != 0 {
            format!("{sign}{hours}h {mins}m {secs}s")
        } else if mins != 0 {
            format!("{sign}{mins}m {secs}s")
        } else {
            format!("{sign}{}s", gofmt::g(a, Some(4)))
        };
    }
    let mut v = v;
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}s", gofmt::g(v, Some(4)))
}

/// Prometheus' `humanizeTimestamp`: Go's `time.Time` text in UTC,
/// `2023-03-01 10:00:00.5 +0000 UTC`.
pub fn humanize_timestamp(v: f64) -> Result<String, String> {
    if !v.is_finite() {
        return Ok(gofmt::g(v, Some(4)));
    }
    let ns = v * 1e9;
    if ns >= i64::MAX as f64 || ns < i64::MIN as f64 {
        return Err(format!(
            "{} cannot be represented as a nanoseconds timestamp since it overflows int64",
            gofmt::g(v, None)
        ));
    }
    let ns = ns as i64;
    let secs = ns.div_euclid(1_000_000_000);
    let frac = ns.rem_euclid(1_000_000_000);
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let mut s = format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    );
    if frac != 0 {
        let f = format!("{frac:09}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push_str(" +0000 UTC");
    Ok(s)
}

/// Go's `fmt` limit on widths and precisions.
const GO_MAX_WIDTH: usize = 1_000_000;

/// Go's `fmt.Sprintf` for the verbs alert templates use.
fn printf(format: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut args_iter = args.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut minus = false;
        let mut zero = false;
        let mut plus = false;
        while let Some(&f) = chars.peek() {
            match f {
                '-' => minus = true,
                '0' => zero = true,
                '+' => plus = true,
                ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut prec: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            prec = Some(p.parse().unwrap_or(usize::MAX));
        }
        // Go refuses widths and precisions over 1e6 (`%!(BADWIDTH)`, `%!(BADPREC)`) and
        // formats without them, so a template cannot ask for gigabytes of padding.
        if width.len() > 7 || width.parse::<usize>().is_ok_and(|w| w > GO_MAX_WIDTH) {
            out.push_str("%!(BADWIDTH)");
            width.clear();
        }
        if prec.is_some_and(|p| p > GO_MAX_WIDTH) {
            out.push_str("%!(BADPREC)");
            prec = None;
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args_iter.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        let bad = || format!("%!{verb}({}={})", arg.go_type(), arg.print());
        let mut s = match (verb, arg) {
            ('d', Val::Int(i)) => i.to_string(),
            ('f' | 'F', Val::Float(v)) => gofmt::f(*v, prec.unwrap_or(6)),
            ('e', Val::Float(v)) => gofmt::e(*v, prec.unwrap_or(6)),
            ('g', Val::Float(v)) => gofmt::g(*v, prec),
            ('s' | 'v', Val::Str(s)) => match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            },
            ('v', Val::Float(v)) => gofmt::g(*v, prec),
            ('v', Val::Int(i)) => i.to_string(),
            ('q', Val::Str(s)) => format!("{s:?}"),
            (_, Val::NoValue) => "%!".to_owned() + &verb.to_string() + "(<nil>)",
            _ => bad(),
        };
        if plus && matches!(arg, Val::Float(_) | Val::Int(_)) && !s.starts_with('-') {
            s.insert(0, '+');
        }
        let w: usize = width.parse().unwrap_or(0);
        let len = s.chars().count();
        if len < w {
            let pad = w - len;
            if minus {
                s.push_str(&" ".repeat(pad));
            } else if zero && matches!(arg, Val::Float(_) | Val::Int(_)) {
                let at = usize::from(s.starts_with(['-', '+']));
                s.insert_str(at, &"0".repeat(pad));
            } else {
                s.insert_str(0, &" ".repeat(pad));
            }
        }
        out.push_str(&s);
    }
    let extra: Vec<String> = args_iter
        .map(|a| format!("{}={}", a.go_type(), a.print()))
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
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

    fn run(t: &str, value: f64) -> Rendered {
        let l = labels(&[("instance", "db-1:9100"), ("breaker", "database")]);
        let ext = labels(&[("cluster", "eu-1")]);
        render(
            t,
            &TemplateData {
                labels: &l,
                external_labels: &ext,
                external_url: "http://prom:9090",
                value,
            },
        )
    }

    #[test]
    fn renders_the_actions_real_rules_use() {
        let cases: &[(&str, f64, &str)] = &[
            ("no actions", 1.0, "no actions"),
            ("{{ $value }}", 3.5, "3.5"),
            ("{{$value}}", 1e6, "1e+06"),
            ("{{ .Value }}", 0.25, "0.25"),
            ("on {{ $labels.instance }}", 0.0, "on db-1:9100"),
            ("{{ .Labels.breaker }} open", 0.0, "database open"),
            ("{{ $labels.missing }}", 0.0, "<no value>"),
            ("{{ $externalLabels.cluster }}", 0.0, "eu-1"),
            ("{{ $externalURL }}", 0.0, "http://prom:9090"),
            ("{{ $value | humanize }}", 1234.5678, "1.235k"),
            ("{{ humanize $value }}", 0.0125, "12.5m"),
            ("{{ $value | humanize1024 }}", 1536.0, "1.5ki"),
            ("{{ $value | humanizePercentage }}", 0.12345, "12.35%"),
            ("{{ $value | humanizeDuration }}", 3723.0, "1h 2m 3s"),
            (
                "{{ $value | humanizeTimestamp }}",
                1_677_664_800.5,
                "2023-03-01 10:00:00.5 +0000 UTC",
            ),
            ("{{ printf \"%.2f\" $value }}", 1.23456, "1.23"),
            ("{{ $value | printf \"%.1f%%\" }}", 99.95, "100.0%"),
            ("{{ printf \"%d\" 42 }}", 0.0, "42"),
            ("{{ printf \"%d\" $value }}", 3.5, "%!d(float64=3.5)"),
            (
                "{{ printf \"%s=%v\" $labels.breaker $value }}",
                2.0,
                "database=2",
            ),
            ("{{ printf \"%g\" $value }}", 1e-7, "1e-07"),
            ("{{ printf \"%f\" $value }}", 2.0, "2.000000"),
            ("{{ $labels.breaker | toUpper }}", 0.0, "DATABASE"),
            ("a {{- \" b \" -}} c", 0.0, "a b c"),
            ("x {{/* note */}}y", 0.0, "x y"),
            ("{{ \"a|b\" }}", 0.0, "a|b"),
            ("{{ $value }}", f64::NAN, "NaN"),
            ("{{ $value | humanize }}", f64::INFINITY, "+Inf"),
        ];
        for (t, v, want) in cases {
            let r = run(t, *v);
            assert_eq!(r.text, *want, "{t}");
            assert!(!r.partial, "{t}: {:?}", r.notes);
        }
    }

    #[test]
    fn unsupported_actions_stay_as_written_with_a_note() {
        let cases: &[(&str, &str)] = &[
            (
                "{{ if gt $value 1.0 }}high{{ end }}",
                "{{ if gt $value 1.0 }}high{{ end }}",
            ),
            (
                "{{ query \"up\" | first | value }}",
                "{{ query \"up\" | first | value }}",
            ),
            ("v={{ $value }} {{ nope }}", "v=2 {{ nope }}"),
            ("{{ $labels }}", "{{ $labels }}"),
            ("open {{ $value", "open {{ $value"),
            ("{{ humanize \"abc\" }}", "{{ humanize \"abc\" }}"),
            ("{{ (humanize $value) }}", "{{ (humanize $value) }}"),
        ];
        for (t, want) in cases {
            let r = run(t, 2.0);
            assert_eq!(r.text, *want, "{t}");
            assert!(r.partial, "{t}");
            assert!(!r.notes.is_empty(), "{t}");
        }
    }

    #[test]
    fn humanize_functions_match_prometheus() {
        let h: &[(f64, &str)] = &[
            (0.0, "0"),
            (1.0, "1"),
            (999.0, "999"),
            (1000.0, "1k"),
            (1234567.0, "1.235M"),
            (-2500.0, "-2.5k"),
            (0.001, "1m"),
            (0.000_002_5, "2.5u"),
            (1e30, "1e+06Y"),
        ];
        for (v, want) in h {
            assert_eq!(humanize(*v), *want, "{v}");
        }
        assert_eq!(humanize1024(1.0), "1");
        assert_eq!(humanize1024(1024.0 * 1024.0), "1Mi");
        assert_eq!(humanize_percentage(0.5), "50%");
        assert_eq!(humanize_percentage(0.1234567), "12.35%");
        assert_eq!(humanize1024(1_048_576.0), "1Mi");
        assert_eq!(humanize_percentage(1.0 / 3.0), "33.33%");
        let d: &[(f64, &str)] = &[
            (0.0, "0s"),
            (1.5, "1.5s"),
            (59.0, "59s"),
            (60.0, "1m 0s"),
            (200.0, "3m 20s"),
            (3723.0, "1h 2m 3s"),
            (90061.0, "1d 1h 1m 1s"),
            (899.99, "14m 59s"),
            (0.5, "500ms"),
            (0.0012, "1.2ms"),
            (-75.0, "-1m 15s"),
        ];
        for (v, want) in d {
            assert_eq!(humanize_duration(*v), *want, "{v}");
        }
        assert_eq!(
            humanize_timestamp(0.0).unwrap(),
            "1970-01-01 00:00:00 +0000 UTC"
        );
        assert!(humanize_timestamp(1e300).is_err());
    }

    /// Fuzzing (issue #10, `fuzz/fuzz_targets/template.rs`): a huge width or precision was a
    /// capacity-overflow panic (or gigabytes of padding); Go refuses them, and so do we.
    #[test]
    fn printf_refuses_huge_widths_like_go() {
        let r = run(
            r#"{{ printf "%d %s%0000000000000000000000000000000000105234111292890589873g" 7 "x" 1.5 }}"#,
            0.0,
        );
        assert_eq!(r.text, "7 x%!(BADWIDTH)1.5");
        let r = run(r#"{{ printf "[%2000000d]" 1 }}"#, 0.0);
        assert_eq!(r.text, "[%!(BADWIDTH)1]");
        let r = run(r#"{{ printf "%.99999999999999999999f" 1.5 }}"#, 0.0);
        assert_eq!(r.text, "%!(BADPREC)1.500000");
        // Up to Go's limit, precisions past Rust's formatter limit (u16::MAX) are exact zeros.
        let r = run(r#"{{ printf "%.70000g|%.1000000e" 0.1 2.5 }}"#, 0.0);
        assert!(
            r.text.starts_with("0.1000000000000000055511151231257827"),
            "{}",
            &r.text[..40]
        );
        assert!(r.text.contains("|2.5000"), "{}", r.text.len());
        assert!(
            r.text.ends_with("0e+00"),
            "{}",
            &r.text[r.text.len() - 10..]
        );
        let r = run(r#"{{ printf "%.70000f" 0.5 }}"#, 0.0);
        assert_eq!(r.text.len(), 70_002);
        // Within Go's limits padding still works.
        let r = run(r#"{{ printf "[%5d|%-4s|%06.2f]" 42 "ab" 3.14159 }}"#, 0.0);
        assert_eq!(r.text, "[   42|ab  |003.14]");
    }
}
