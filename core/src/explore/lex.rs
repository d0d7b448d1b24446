//! A total PromQL tokenizer for highlighting and completion (no parser needed): every byte of
//! the input belongs to exactly one token, an unterminated string runs to the end, and
//! anything unknown is an `Unknown` token of one character.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Space,
    Comment,
    Ident,
    Number,
    Duration,
    /// A quoted string; `closed` is false when it runs to the end of the input.
    Str {
        closed: bool,
    },
    Operator,
    Punct,
    Unknown,
}

/// One token: byte range `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        s.get(self.start..self.end).unwrap_or("")
    }
}

/// `:` may continue a name (`job:rate5m`) but does not start one here, so the subquery colon
/// in `[5m:1m]` stays punctuation.
pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

const DURATION_UNITS: &[char] = &['s', 'm', 'h', 'd', 'w', 'y'];

/// Tokens of `s`, covering it entirely.
pub fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let start = i;
        let kind;
        if c.is_whitespace() {
            i += s[i..]
                .find(|ch: char| !ch.is_whitespace())
                .unwrap_or(s.len() - i);
            kind = Kind::Space;
        } else if c == '#' {
            i += s[i..].find('\n').unwrap_or(s.len() - i);
            kind = Kind::Comment;
        } else if c == '"' || c == '\'' || c == '`' {
            let mut j = i + 1;
            let mut closed = false;
            while j < s.len() {
                let ch = b[j];
                if ch == b'\\' && c != '`' {
                    j += 2;
                    continue;
                }
                j += 1;
                if ch == c as u8 {
                    closed = true;
                    break;
                }
            }
            i = j.min(s.len());
            while !s.is_char_boundary(i) {
                i += 1;
            }
            kind = Kind::Str { closed };
        } else if c.is_ascii_digit() || (c == '.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let mut j = i;
            let mut duration = false;
            while j < s.len() {
                let ch = b[j] as char;
                if ch.is_ascii_alphanumeric() || ch == '.' {
                    if DURATION_UNITS.contains(&ch) {
                        duration = true;
                    }
                    j += 1;
                } else if (ch == '+' || ch == '-')
                    && j > i
                    && matches!(b[j - 1], b'e' | b'E')
                    && !duration
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let text = &s[i..j];
            let hex = text.starts_with("0x") || text.starts_with("0X");
            duration = duration && !hex && text.chars().any(|ch| DURATION_UNITS.contains(&ch));
            i = j;
            kind = if duration {
                Kind::Duration
            } else {
                Kind::Number
            };
        } else if is_ident_start(c) {
            i += s[i..]
                .find(|ch: char| !is_ident_char(ch))
                .unwrap_or(s.len() - i);
            kind = Kind::Ident;
        } else {
            let two = s.get(i..i + 2).unwrap_or("");
            if matches!(two, "==" | "!=" | ">=" | "<=" | "=~" | "!~") {
                i += 2;
                kind = Kind::Operator;
            } else if "+-*/%^<>=".contains(c) {
                i += 1;
                kind = Kind::Operator;
            } else if "(){}[],:@".contains(c) {
                i += 1;
                kind = Kind::Punct;
            } else {
                i += c.len_utf8();
                kind = Kind::Unknown;
            }
        }
        out.push(Tok {
            kind,
            start,
            end: i,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        lex(s)
            .iter()
            .filter(|t| t.kind != Kind::Space)
            .map(|t| format!("{}:{:?}", t.text(s), t.kind))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tokens() {
        assert_eq!(
            show("rate(x{a=~\"b\\\"\"}[5m]) > 1e-3"),
            "rate:Ident (:Punct x:Ident {:Punct a:Ident =~:Operator \"b\\\"\":Str { closed: true } }:Punct [:Punct 5m:Duration ]:Punct ):Punct >:Operator 1e-3:Number"
        );
        assert_eq!(
            show("up{a=\"x"),
            "up:Ident {:Punct a:Ident =:Operator \"x:Str { closed: false }"
        );
        assert_eq!(
            show("1h30m 0x1f # c"),
            "1h30m:Duration 0x1f:Number # c:Comment"
        );
        assert_eq!(show("é ~"), "é:Unknown ~:Unknown");
        // Every byte is covered exactly once.
        for s in ["a + \"é", "{ü=`x", "\\", "1.5e+3s"] {
            let t = lex(s);
            let mut at = 0;
            for tok in &t {
                assert_eq!(tok.start, at, "{s}");
                at = tok.end;
            }
            assert_eq!(at, s.len(), "{s}");
        }
    }
}
