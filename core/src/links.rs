//! Which link targets may become `href`s: untrusted dashboards, labels and annotations write
//! them, so only web links survive.
//!
//! Contract: `safe_href` returns the URL (trimmed) when it is `http://…`, `https://…`, or
//! relative (no scheme: `/x`, `?d=uid`, `../x`, `//host/x`); anything with another scheme
//! (`javascript:`, `data:`, `vbscript:`, `file:` …) — also when disguised with whitespace or
//! control characters, which browsers strip — is `None`, so the caller shows it as text.

/// The URL to use as an `href`, or `None` when it must not become a link.
pub fn safe_href(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    // Browsers ignore tabs and newlines inside the scheme ("java\tscript:"): so do we.
    let squeezed: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let scheme_end = squeezed.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if squeezed[i..].starts_with(':') => {
            let scheme = squeezed[..i].to_ascii_lowercase();
            (scheme == "http" || scheme == "https").then(|| trimmed.to_owned())
        }
        _ => Some(trimmed.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_relative_links_pass() {
        let cases = [
            ("https://runbooks.example.com/x", true),
            ("HTTP://example.com", true),
            ("/d/abc?orgId=1", true),
            ("?d=integration&from=now-1h", true),
            ("../other", true),
            ("//cdn.example.com/x", true),
            ("javascript:alert(1)", false),
            (" JaVaScRiPt:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("java\nscript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("vbscript:msgbox", false),
            ("file:///etc/passwd", false),
            ("", false),
            ("   ", false),
        ];
        for (url, ok) in cases {
            assert_eq!(safe_href(url).is_some(), ok, "{url:?}");
        }
    }
}
