//! HTML escaping, for every value a page prints: article text in the
//! raw-text parser's bodies, template values, feed summaries.

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// [`escape_html`] appended to `out`.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for_each_escaped(text, |piece| out.push_str(piece));
}

/// A page as code writes it: text escaped as templates print values, or
/// markup as it is.
pub(crate) struct Markup<'o>(pub &'o mut Vec<u8>);

impl Markup<'_> {
    /// Markup, or HTML already made (a template's `| safe`).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.0.extend_from_slice(markup.as_bytes());
    }

    /// A value, escaped (a template's `{{ value }}`).
    pub(crate) fn text(&mut self, text: &str) {
        let out = &mut *self.0;
        for_each_escaped(text, |piece| out.extend_from_slice(piece.as_bytes()));
    }

    /// ` name="value"`, the value escaped.
    pub(crate) fn attr(&mut self, name: &str, value: &str) {
        self.raw(" ");
        self.raw(name);
        self.raw("=\"");
        self.text(value);
        self.raw("\"");
    }

    /// `<a href="url">label</a>`, both escaped.
    pub(crate) fn link(&mut self, url: &str, label: &str) {
        self.raw("<a href=\"");
        self.text(url);
        self.raw("\">");
        self.text(label);
        self.raw("</a>");
    }

    /// A number.
    pub(crate) fn number(&mut self, n: impl std::fmt::Display) {
        use std::io::Write;
        // Writing into a Vec cannot fail.
        let _ = write!(self.0, "{n}");
    }
}

/// [`escape_html`] straight into `out`: how templates print values.
pub(crate) fn escape_html_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    for_each_escaped(text, |piece| {
        if written.is_ok() {
            written = out.write_all(piece.as_bytes());
        }
    });
    written
}

/// Below this many bytes a value is escaped a byte at a time.
const SHORT: usize = 24;

/// The entity of each byte that has one.
fn entity_of(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// [`for_each_escaped`] for short text.
fn for_each_escaped_short(text: &str, mut emit: impl FnMut(&str)) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if let Some(entity) = entity_of(b) {
            // Special characters are ASCII, so `i` is a character boundary.
            emit(&text[start..i]);
            emit(entity);
            start = i + 1;
        }
    }
    emit(&text[start..]);
}

/// Hands `emit` the escaped text piece by piece: runs without special
/// characters whole, each special as its entity. This runs on every value
/// of every page, so the specials are found with SIMD searches (`memchr`),
/// not byte by byte.
fn for_each_escaped(text: &str, mut emit: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Most values are short (a title, a URL, a date): a search's set-up
    // would cost more than looking at each byte.
    if bytes.len() < SHORT {
        return for_each_escaped_short(text, emit);
    }
    // The next `&<>` and the next quote, each searched again only once passed.
    let angle = |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|i| from + i);
    let quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|i| from + i);
    let (mut next_angle, mut next_quote) = (angle(0), quote(0));
    let mut start = 0;
    while let Some(i) = match (next_angle, next_quote) {
        (Some(a), Some(q)) => Some(a.min(q)),
        (a, q) => a.or(q),
    } {
        let entity = entity_of(bytes[i]).unwrap_or_default();
        // Special characters are ASCII, so `i` is a character boundary.
        emit(&text[start..i]);
        emit(entity);
        start = i + 1;
        if next_angle == Some(i) {
            next_angle = angle(start);
        } else {
            next_quote = quote(start);
        }
    }
    emit(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_finds_every_special_wherever_it_is() {
        assert_eq!(escape_html("نص عادي"), "نص عادي");
        assert_eq!(escape_html(""), "");
        assert_eq!(
            escape_html("a&b<c>d\"e'f\"\"<<"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f&quot;&quot;&lt;&lt;"
        );
        assert_eq!(
            escape_html("'<p class=\"x\">'"),
            "&#39;&lt;p class=&quot;x&quot;&gt;&#39;"
        );
        for (at, len) in [0, 1, 15, 16, 31, 32, 33, 63, 64, 65, 119]
            .into_iter()
            .flat_map(|at| [(at, 120), (at % 40, 40)])
        {
            let mut text: Vec<char> = "س".repeat(len).chars().collect();
            text[at] = '<';
            let text: String = text.into_iter().collect();
            let escaped = escape_html(&text);
            assert_eq!(escaped.replace("&lt;", "<"), text, "at {at}");
            assert!(!escaped.contains('<'), "at {at}");
        }
    }
}
