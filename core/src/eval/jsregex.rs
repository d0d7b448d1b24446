//! JavaScript-style regular expressions as Grafana writes them, on top of `regex-lite`.
//!
//! Contract:
//! - [`JsRegex::new`] follows Grafana's `stringToJsRegex`: a pattern not starting with `/` is
//!   anchored (`^pattern$`); `/pattern/flags` keeps the pattern as written, with flags `i`, `m`,
//!   `s` (mapped to inline flags), `g` (replace every match) and `y`/`u` (accepted, ignored).
//! - What regex-lite cannot express (look-around, backreferences) is an error
//!   ([`JsRegexError`]) the caller reports; nothing panics.
//! - [`JsRegex::replace`] is `String.prototype.replace`: the first match (every match with
//!   `g`) is replaced, `$1`…`$99`, `$<name>`, `$&`, `` $` ``, `$'` and `$$` are expanded;
//!   a group that did not take part becomes empty.

use regex_lite::{Captures, Regex};

/// A pattern Grafana would accept but we cannot compile.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid regular expression `{pattern}`: {reason}")]
pub struct JsRegexError {
    pub pattern: String,
    pub reason: String,
}

/// The capture groups of one match.
#[derive(Debug)]
pub struct Groups<'t>(Captures<'t>);

impl<'t> Groups<'t> {
    /// Group `i` (0 = the whole match), if it took part.
    pub fn group(&self, i: usize) -> Option<&'t str> {
        self.0.get(i).map(|m| m.as_str())
    }
    /// The named group, if it took part.
    pub fn name(&self, name: &str) -> Option<&'t str> {
        self.0.name(name).map(|m| m.as_str())
    }
}

/// A compiled JavaScript-style regex.
#[derive(Clone, Debug)]
pub struct JsRegex {
    regex: Regex,
    global: bool,
}

impl JsRegex {
    /// Compile as Grafana's `stringToJsRegex` does (see the module contract).
    pub fn new(pattern: &str) -> Result<Self, JsRegexError> {
        let error = |reason: String| JsRegexError {
            pattern: pattern.to_owned(),
            reason,
        };
        let (body, flags) = match pattern.strip_prefix('/') {
            // Literal concatenation as Grafana does: `a|b` becomes `^a|b$`.
            None => (format!("^{pattern}$"), ""),
            Some(rest) => {
                let Some(end) = rest.rfind('/') else {
                    return Err(error("missing closing `/`".to_owned()));
                };
                let flags = &rest[end + 1..];
                if let Some(bad) = flags.chars().find(|c| !"gimsuy".contains(*c)) {
                    return Err(error(format!("unknown flag `{bad}`")));
                }
                (rest[..end].to_owned(), flags)
            }
        };
        let mut inline = String::new();
        for (flag, name) in [('i', "i"), ('m', "m"), ('s', "s")] {
            if flags.contains(flag) {
                inline.push_str(name);
            }
        }
        // JavaScript lets `/` be escaped; regex-lite has no need (and no support) for it.
        let body = body.replace("\\/", "/");
        let full = if inline.is_empty() {
            body
        } else {
            format!("(?{inline}){body}")
        };
        let regex = Regex::new(&full).map_err(|e| error(e.to_string()))?;
        Ok(Self {
            regex,
            global: flags.contains('g'),
        })
    }

    /// Whether the text matches anywhere (anchoring is part of the pattern).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The first match's capture groups, if the text matches.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        self.regex.captures(text).map(Groups)
    }

    /// `text.replace(regex, replacement)` with JavaScript's `$` expansion.
    pub fn replace(&self, text: &str, replacement: &str) -> String {
        let mut out = String::new();
        let mut last_end = 0;
        for caps in self.regex.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            out.push_str(&text[last_end..whole.start()]);
            expand(
                &caps,
                text,
                whole.start(),
                whole.end(),
                replacement,
                &mut out,
            );
            last_end = whole.end();
            if !self.global {
                break;
            }
        }
        out.push_str(&text[last_end..]);
        out
    }
}

fn expand(caps: &Captures<'_>, text: &str, start: usize, end: usize, rep: &str, out: &mut String) {
    let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
    let mut rest = rep;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let mut chars = after.chars();
        match chars.next() {
            Some('$') => {
                out.push('$');
                rest = &after[1..];
            }
            Some('&') => {
                out.push_str(&text[start..end]);
                rest = &after[1..];
            }
            Some('`') => {
                out.push_str(&text[..start]);
                rest = &after[1..];
            }
            Some('\'') => {
                out.push_str(&text[end..]);
                rest = &after[1..];
            }
            Some('<') => match after.find('>') {
                Some(close) => {
                    out.push_str(caps.name(&after[1..close]).map_or("", |m| m.as_str()));
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            },
            Some(d) if d.is_ascii_digit() => {
                // Two digits when that group exists, else one (JavaScript's rule).
                let two: Option<usize> = after.get(..2).and_then(|s| s.parse().ok());
                let one = d.to_digit(10).map_or(0, |v| v as usize);
                let n_groups = caps.len();
                if let Some(n) = two.filter(|n| *n >= 1 && *n < n_groups) {
                    out.push_str(group(n));
                    rest = &after[2..];
                } else if one >= 1 && one < n_groups {
                    out.push_str(group(one));
                    rest = &after[1..];
                } else {
                    out.push('$');
                    rest = after;
                }
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_string_to_js_regex() {
        let cases: &[(&str, &str, bool)] = &[
            ("up", "up", true),
            ("up", "upstream", false), // plain patterns are anchored
            ("up.*", "upstream", true),
            ("/up/", "upstream", true),
            ("/^UP$/i", "up", true),
            ("/a\\/b/", "xa/by", true),
            ("(foo|bar)", "bar", true),
            ("(foo|bar)", "foobar", false),
            ("foo|bar", "foo-x", true), // `^foo|bar$`, as in Grafana
        ];
        for (pattern, text, want) in cases {
            let re = JsRegex::new(pattern).map_err(|e| e.to_string());
            assert_eq!(
                re.map(|r| r.is_match(text)),
                Ok(*want),
                "{pattern} on {text}"
            );
        }
    }

    #[test]
    fn bad_patterns_are_errors() {
        for pattern in ["/unclosed", "/x/q", "(?=look)ahead", "(unbalanced"] {
            assert!(JsRegex::new(pattern).is_err(), "{pattern}");
        }
    }

    #[test]
    fn replace_expands_like_javascript() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("(.*)-prod", "api-prod", "$1", "api"),
            (
                "/(\\d+)ms/",
                "took 15ms total",
                "$1 millis",
                "took 15 millis total",
            ),
            ("/o/", "foo", "0", "f0o"),
            ("/o/g", "foo", "0", "f00"),
            ("/(?<n>b)/", "abc", "[$<n>]", "a[b]c"),
            ("/b/", "abc", "$$-$&-$`-$'", "a$-b-a-cc"),
            ("/(a)|(z)/", "a", "[$2]", "[]"),
            ("/(a)/", "a", "$5$x", "$5$x"),
            ("/no/", "abc", "x", "abc"),
        ];
        for (pattern, text, rep, want) in cases {
            let re = JsRegex::new(pattern).map_err(|e| e.to_string());
            assert_eq!(
                re.map(|r| r.replace(text, rep)),
                Ok((*want).to_owned()),
                "{pattern}"
            );
        }
    }
}
