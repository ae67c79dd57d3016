//! Raw HTML in Markdown bodies: ammonia keeps what is safe, and this module
//! says what it took away (an `<iframe>`, a `style` attribute), so an editor
//! learns why an embed vanished instead of finding out on the site. `dir`
//! and `lang` stay on every element: an English quote marked
//! `<p dir="ltr" lang="en">` keeps its order inside an Arabic article.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What ammonia allows by default, looked up once.
struct Allowed {
    tags: HashSet<&'static str>,
    /// Tags removed with everything inside them (`script`, `style`).
    dropped_with_content: HashSet<&'static str>,
    tag_attributes: HashMap<&'static str, HashSet<&'static str>>,
    generic_attributes: HashSet<&'static str>,
}

/// ammonia's defaults, plus `dir` (only `ltr`, `rtl` or `auto`) on every
/// element (`lang` is allowed by default).
fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.add_generic_attributes(["dir"]).attribute_filter(
        |_, attribute, value| match attribute {
            "dir" if !matches!(value.to_ascii_lowercase().as_str(), "ltr" | "rtl" | "auto") => None,
            _ => Some(value.into()),
        },
    );
    builder
}

fn allowed() -> &'static Allowed {
    static ALLOWED: OnceLock<Allowed> = OnceLock::new();
    ALLOWED.get_or_init(|| {
        let builder = builder();
        Allowed {
            tags: builder.clone_tags(),
            dropped_with_content: builder.clone_clean_content_tags(),
            tag_attributes: builder.clone_tag_attributes(),
            generic_attributes: builder.clone_generic_attributes(),
        }
    })
}

/// Raw HTML nested deeper than this is refused before sanitising (the
/// sanitiser's time grows with depth: 100,000 nested `<div>` took 20 s).
pub(crate) const MAX_HTML_DEPTH: usize = 256;

/// Whether `html` nests elements deeper than [`MAX_HTML_DEPTH`]: a count of
/// open and close tags (void elements and `/>` not counted), stopping as
/// soon as it passes.
pub(crate) fn too_deep(html: &str) -> bool {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        match rest.first() {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_len = rest
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let name = std::str::from_utf8(&rest[..name_len]).unwrap_or_default();
                // A tag's end is near: looking further for a `>` that is not
                // there would make a body of lone `<` quadratic.
                let window = &rest[..rest.len().min(1024)];
                let end = memchr::memchr(b'>', window).unwrap_or(window.len());
                let self_closing = end > 0 && window[end - 1] == b'/';
                if !self_closing && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    depth += 1;
                    if depth > MAX_HTML_DEPTH {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Sanitises rendered HTML: only safe tags, attributes and URL schemes stay;
/// links get `rel="noopener"`.
pub(crate) fn clean(html: &str) -> String {
    builder().link_rel(Some("noopener")).clean(html).to_string()
}

/// What the sanitiser removes from one piece of raw HTML as written in the
/// source, one description each: "the <iframe> element", "the `style`
/// attribute of <p>". Event handlers (`onclick`) count as attributes.
pub(crate) fn removals(raw_html: &str) -> Vec<String> {
    let allowed = allowed();
    let mut found = Vec::new();
    for (name, attributes) in tags_in(raw_html) {
        if allowed.dropped_with_content.contains(name.as_str()) {
            found.push(format!("the <{name}> element and its content"));
            continue;
        }
        if !allowed.tags.contains(name.as_str()) {
            found.push(format!("the <{name}> element (its text is kept)"));
            continue;
        }
        for attribute in attributes {
            let kept = allowed.generic_attributes.contains(attribute.as_str())
                || allowed
                    .tag_attributes
                    .get(name.as_str())
                    .is_some_and(|a| a.contains(attribute.as_str()))
                // ammonia sets `rel` on links itself.
                || (name == "a" && attribute == "rel");
            if !kept {
                found.push(format!("the `{attribute}` attribute of <{name}>"));
            }
        }
    }
    found
}

/// The opening tags in `html`, each with its attribute names, lower-cased.
fn tags_in(html: &str) -> Vec<(String, Vec<String>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        rest = &rest[name.len()..];
        let end = tag_end(rest);
        tags.push((name.to_ascii_lowercase(), attribute_names(&rest[..end])));
        rest = &rest[end..];
    }
    tags
}

/// Where a tag's attributes end: the `>` outside quotes, or the text's end.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

/// The attribute names in a tag's text (`src="x" allowfullscreen` →
/// `src`, `allowfullscreen`).
fn attribute_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() || c == '/' {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        names.push(text[start..end].to_ascii_lowercase());
        while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_some_and(|&(_, c)| c == '=') {
            chars.next();
            while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                chars.next();
            }
            skip_value(&mut chars);
        }
    }
    names
}

fn skip_value(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    match chars.peek().map(|&(_, c)| c) {
        Some(q @ ('"' | '\'')) => {
            chars.next();
            for (_, c) in chars.by_ref() {
                if c == q {
                    break;
                }
            }
        }
        _ => {
            while chars.peek().is_some_and(|&(_, c)| !c.is_whitespace()) {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_without_void_or_self_closing_elements() {
        let deep = "<div>".repeat(MAX_HTML_DEPTH + 1);
        assert!(too_deep(&deep));
        assert!(!too_deep(&"<div>".repeat(MAX_HTML_DEPTH)));
        assert!(!too_deep(&"<div></div>".repeat(10_000)));
        assert!(!too_deep(&"<br><img src=x><p/>".repeat(10_000)));
        assert!(!too_deep(&"a < b ".repeat(10_000)), "a lone < is not a tag");
    }

    #[test]
    fn names_removed_elements_and_attributes() {
        let found = removals(
            r#"<iframe src="https://x.org/embed" allowfullscreen></iframe><p dir="rtl" style='color: red' title="t">نص</p>"#,
        );
        assert_eq!(
            found,
            [
                "the <iframe> element (its text is kept)",
                "the `style` attribute of <p>",
            ]
        );
        assert_eq!(
            removals("<script>alert(1)</script>"),
            ["the <script> element and its content"]
        );
        assert_eq!(
            removals("<img src=x onerror=alert(1)>"),
            ["the `onerror` attribute of <img>"]
        );
    }

    #[test]
    fn direction_and_language_stay_on_any_element() {
        let kept =
            clean(r#"<p dir="ltr" lang="en">"Hello"</p><blockquote dir="auto">q</blockquote>"#);
        assert_eq!(
            kept,
            r#"<p dir="ltr" lang="en">"Hello"</p><blockquote dir="auto">q</blockquote>"#
        );
        assert_eq!(clean(r#"<p dir="javascript:x">t</p>"#), "<p>t</p>");
    }

    #[test]
    fn safe_html_is_not_reported() {
        assert!(removals(r#"<b>قوي</b> <a href="https://x.org/" title="x">رابط</a>"#).is_empty());
        assert!(removals("</p> a < b").is_empty());
    }
}
