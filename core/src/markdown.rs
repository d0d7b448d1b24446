//! A small, safe Markdown subset for text panels, parsed to a tree the UI turns into elements.
//!
//! Contract: `parse` never fails and never panics; every character of the source ends up in a
//! text node, a code span/block, or is consumed as Markdown syntax — raw HTML (`<script>`,
//! `<img onerror=…>`) and entities (`&lt;`) are *text*, shown exactly as written, never
//! markup. Supported: ATX headings (`#`–`######`), paragraphs (lines joined by a space),
//! `-`/`*`/`+` and `1.` lists (one level), `>` quotes, fenced code blocks (```` ``` ````),
//! thematic breaks (`---`, `***`), and inline `code`, `*emphasis*`/`_emphasis_`,
//! `**strong**`/`__strong__`, backslash escapes and `[text](url)` links. A link's target goes
//! through [`crate::links::safe_href`]: anything but http(s) or relative (e.g. `javascript:`)
//! keeps its text and gets `href: None`, so the caller shows it as plain text. Inline nesting
//! is bounded (`MAX_DEPTH`) and paragraphs over `MAX_INLINE_CHARS` are plain text, so hostile
//! input can neither exhaust the stack nor take quadratic time on a long text.

use crate::links::safe_href;

/// Deepest inline nesting (emphasis in strong in a link …) parsed as markup; deeper is text.
pub const MAX_DEPTH: usize = 8;
/// Longest paragraph (in characters) parsed for inline markup; a longer one is plain text, so
/// the delimiter search (quadratic in the worst case) stays fast on hostile input.
pub const MAX_INLINE_CHARS: usize = 4096;

/// A block of a Markdown document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `level` 1–6.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// List items, each one line of inlines.
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Quote(Vec<Inline>),
    /// A fenced code block's text, verbatim.
    Code(String),
    Rule,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// `href` is `None` when the target is not a web or relative URL: show the text only.
    Link {
        href: Option<String>,
        content: Vec<Inline>,
    },
}

/// Plain text of inlines (for tests, titles and accessibility).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                out.push_str(&plain_text(c))
            }
        }
    }
    out
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if rest.is_empty() {
        return Some((hashes as u8, ""));
    }
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((hashes as u8, text))
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// `- item`, `* item`, `+ item` → (false, item); `12. item` / `12) item` → (true, item).
fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some((false, rest.trim()));
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, r.trim()));
        }
    }
    None
}

/// Parses `src` into blocks.
pub fn parse(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut quote: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;
    let mut lines = src.lines();

    fn flush(
        blocks: &mut Vec<Block>,
        para: &mut Vec<&str>,
        quote: &mut Vec<&str>,
        list: &mut Option<(bool, Vec<Vec<Inline>>)>,
    ) {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(parse_inline(&para.join(" "))));
            para.clear();
        }
        if !quote.is_empty() {
            blocks.push(Block::Quote(parse_inline(&quote.join(" "))));
            quote.clear();
        }
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List { ordered, items });
        }
    }

    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            let fence = &trimmed[..3];
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with(fence) {
                    break;
                }
                code.push(l);
            }
            blocks.push(Block::Code(code.join("\n")));
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            blocks.push(Block::Heading {
                level,
                content: parse_inline(text),
            });
            continue;
        }
        if is_rule(trimmed) {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
            blocks.push(Block::Rule);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('>') {
            if quote.is_empty() {
                flush(&mut blocks, &mut para, &mut quote, &mut list);
            }
            quote.push(rest.trim());
            continue;
        }
        if let Some((ordered, item)) = list_item(line) {
            match &mut list {
                Some((o, items)) if *o == ordered => items.push(parse_inline(item)),
                _ => {
                    flush(&mut blocks, &mut para, &mut quote, &mut list);
                    list = Some((ordered, vec![parse_inline(item)]));
                }
            }
            continue;
        }
        if list.is_some() || !quote.is_empty() {
            flush(&mut blocks, &mut para, &mut quote, &mut list);
        }
        para.push(trimmed);
    }
    flush(&mut blocks, &mut para, &mut quote, &mut list);
    blocks
}

/// Parses inline Markdown (one paragraph's text).
pub fn parse_inline(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_INLINE_CHARS {
        return vec![Inline::Text(text.to_owned())];
    }
    inline(&chars, 0)
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Inline::Text(s.to_owned()));
    }
}

fn find_seq(chars: &[char], from: usize, seq: &[char]) -> Option<usize> {
    if seq.is_empty() || chars.len() < seq.len() {
        return None;
    }
    (from..=chars.len() - seq.len()).find(|&i| chars[i..i + seq.len()] == *seq)
}

/// The index of the `]` closing a `[` at `open`, honouring nesting and escapes.
fn closing_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn inline(chars: &[char], depth: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    if depth >= MAX_DEPTH {
        push_text(&mut out, &chars.iter().collect::<String>());
        return out;
    }
    let mut i = 0;
    let mut buf = String::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                buf.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let ticks = chars[i..].iter().take_while(|c| **c == '`').count();
                let fence: Vec<char> = vec!['`'; ticks];
                match find_seq(chars, i + ticks, &fence) {
                    Some(end) => {
                        push_text(&mut out, &std::mem::take(&mut buf));
                        let code: String = chars[i + ticks..end].iter().collect();
                        out.push(Inline::Code(code.trim().to_owned()));
                        i = end + ticks;
                    }
                    None => {
                        buf.extend(&chars[i..i + ticks]);
                        i += ticks;
                    }
                }
            }
            '*' | '_' if !(c == '_' && i > 0 && chars[i - 1].is_alphanumeric()) => {
                let double = i + 1 < chars.len() && chars[i + 1] == c;
                let delim: Vec<char> = if double { vec![c, c] } else { vec![c] };
                let start = i + delim.len();
                // Opening needs a non-space after it; the closer a non-space before it.
                let close = if start < chars.len() && !chars[start].is_whitespace() {
                    find_closer(chars, start, &delim)
                } else {
                    None
                };
                match close {
                    Some(end) => {
                        push_text(&mut out, &std::mem::take(&mut buf));
                        let inner = inline(&chars[start..end], depth + 1);
                        out.push(if double {
                            Inline::Strong(inner)
                        } else {
                            Inline::Emphasis(inner)
                        });
                        i = end + delim.len();
                    }
                    None => {
                        buf.extend(&delim);
                        i = start;
                    }
                }
            }
            '[' => {
                let link = closing_bracket(chars, i).and_then(|close| {
                    if chars.get(close + 1) != Some(&'(') {
                        return None;
                    }
                    let url_end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
                    Some((close, url_end))
                });
                match link {
                    Some((close, url_end)) => {
                        push_text(&mut out, &std::mem::take(&mut buf));
                        let target: String = chars[close + 2..url_end].iter().collect();
                        // `[t](url "title")`: the title is dropped.
                        let url = target.split_whitespace().next().unwrap_or("");
                        let url = url.trim_start_matches('<').trim_end_matches('>');
                        let content = inline(&chars[i + 1..close], depth + 1);
                        out.push(Inline::Link {
                            href: safe_href(url),
                            content,
                        });
                        i = url_end + 1;
                    }
                    None => {
                        buf.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                buf.push(c);
                i += 1;
            }
        }
    }
    push_text(&mut out, &buf);
    out
}

/// The start of a closing `delim` after `from`: preceded by a non-space, not escaped.
fn find_closer(chars: &[char], from: usize, delim: &[char]) -> Option<usize> {
    let mut i = from + 1;
    while i + delim.len() <= chars.len() {
        if chars[i - 1] == '\\' {
            i += 1;
            continue;
        }
        if chars[i..i + delim.len()] == *delim
            && !chars[i - 1].is_whitespace()
            // `**` is not a closer for `*`.
            && (delim.len() == 2 || chars.get(i + 1) != Some(&delim[0]))
            // `snake_case_name` has no emphasis.
            && !(delim[0] == '_' && chars.get(i + delim.len()).is_some_and(|c| c.is_alphanumeric()))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks() {
        let doc = "# Title #\n\nSome *text*\nwrapped.\n\n- one\n- **two**\n\n1. a\n2) b\n\n> quoted\n> more\n\n---\n\n```\n<b>code</b>\n```\n";
        assert_eq!(
            parse(doc),
            vec![
                Block::Heading {
                    level: 1,
                    content: vec![t("Title")]
                },
                Block::Paragraph(vec![
                    t("Some "),
                    Inline::Emphasis(vec![t("text")]),
                    t(" wrapped.")
                ]),
                Block::List {
                    ordered: false,
                    items: vec![vec![t("one")], vec![Inline::Strong(vec![t("two")])]]
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![t("a")], vec![t("b")]]
                },
                Block::Quote(vec![t("quoted more")]),
                Block::Rule,
                Block::Code("<b>code</b>".into()),
            ]
        );
    }

    #[test]
    fn raw_html_and_entities_stay_text() {
        let cases = [
            "<script>window.__pwn()</script>",
            "<img src=x onerror=alert(1)>",
            "&lt;b&gt; &#106;avascript:",
            "<svg/onload=alert(1)>",
            "</title><script>alert(1)</script>",
        ];
        for src in cases {
            let blocks = parse(src);
            assert_eq!(blocks, vec![Block::Paragraph(vec![t(src)])], "{src}");
        }
    }

    #[test]
    fn links_only_for_web_targets() {
        let inl = parse_inline("[ok](https://example.com/x \"t\") [bad](javascript:alert(1)) [rel](?d=x) [data](data:text/html,x)");
        let hrefs: Vec<Option<String>> = inl
            .iter()
            .filter_map(|i| match i {
                Inline::Link { href, .. } => Some(href.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            hrefs,
            vec![
                Some("https://example.com/x".into()),
                None,
                Some("?d=x".into()),
                None
            ]
        );
        // `javascript:alert(1)` stops at the first `)`: the rest stays text.
        assert_eq!(plain_text(&inl), "ok bad) rel data");
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            parse_inline("a `<i>x</i>` **b _c_** \\*not\\* 2*3 * x"),
            vec![
                t("a "),
                Inline::Code("<i>x</i>".into()),
                t(" "),
                Inline::Strong(vec![t("b "), Inline::Emphasis(vec![t("c")])]),
                t(" *not* 2*3 * x"),
            ]
        );
        assert_eq!(parse_inline("`unclosed"), vec![t("`unclosed")]);
        assert_eq!(parse_inline("[no target]"), vec![t("[no target]")]);
        assert_eq!(parse_inline("snake_case_name"), vec![t("snake_case_name")]);
        let long = "*a* ".repeat(MAX_INLINE_CHARS);
        assert_eq!(parse_inline(&long), vec![t(&long)]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = format!("{}x{}", "[*".repeat(500), "*](/)".repeat(500));
        let blocks = parse(&src);
        assert_eq!(blocks.len(), 1);
        let Block::Paragraph(p) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(plain_text(p).contains('x'));
        // Unmatched openers of every kind are text.
        for s in [
            "**",
            "*",
            "_",
            "[",
            "](",
            "`",
            "``x`",
            "#",
            "######## x",
            "> ",
            "1.",
            "-",
        ] {
            let _ = parse(s);
        }
    }
}
