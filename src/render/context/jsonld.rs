//! Structured data (schema.org JSON-LD): `NewsArticle` on article pages,
//! `BreadcrumbList` on archives, written so no title can close its script.

use std::fmt::Write;

use super::{Contexts, Crumb, Summary};
use crate::content::live::Live;
use crate::content::{truncate_words, Article};

/// Search engines show a headline up to this long: an entry without one
/// is headed by its first words.
const HEADLINE_CHARS: usize = 110;

impl Contexts<'_> {
    pub(super) fn json_ld(
        &self,
        article: &Article,
        summary: &Summary,
        section: Option<&str>,
        opinion: bool,
    ) -> String {
        let modified = article.updated.map(|u| u.to_rfc3339());
        // Members in byte order of their names, as a sorted map writes them.
        let mut json = Json::with_capacity(1024);
        json.open('{');
        json.string("@context", "https://schema.org");
        let live = article.live.as_deref();
        let kind = match (live, opinion) {
            (Some(_), _) => "LiveBlogPosting",
            (None, true) => "OpinionNewsArticle",
            (None, false) => "NewsArticle",
        };
        json.string("@type", kind);
        if let Some(section) = section {
            json.string("articleSection", section);
        }
        // The writers when the article is signed; else the source (or the
        // site's author) as an organisation.
        json.key("author");
        if article.authors.is_empty() {
            let name = article.source.as_deref().unwrap_or(&self.site_ctx.author);
            json.named("Organization", name, None);
        } else {
            json.open('[');
            for name in &article.authors {
                self.person(&mut json, name, false);
            }
            json.close(']');
        }
        if !article.corrections.is_empty() {
            json.key("correction");
            json.open('[');
            for correction in &article.corrections {
                json.open('{');
                json.string("@type", "CorrectionComment");
                if let Some(date) = correction.date {
                    json.string("datePublished", &date.to_rfc3339());
                }
                json.string("text", &correction.text);
                json.close('}');
            }
            json.close(']');
        }
        if let Some(live) = live {
            if let Some(end) = live.end {
                json.string("coverageEndTime", &end.to_rfc3339());
            }
            json.string("coverageStartTime", &summary.date_iso);
        }
        json.string(
            "dateModified",
            modified.as_deref().unwrap_or(&summary.date_iso),
        );
        json.string("datePublished", &summary.date_iso);
        // A news article's; a live blog has none.
        if let (Some(city), None) = (&article.city, live) {
            json.string("dateline", city);
        }
        json.string("description", &summary.summary);
        json.string(
            "headline",
            &crate::arabic::bidi::rtl_plain_text(&article.title),
        );
        if let Some(image) = self.share_image(Some(article)) {
            json.key("image");
            // The gallery's pictures after the lead, as a list.
            let gallery: Vec<_> = article
                .gallery
                .iter()
                .filter_map(|shot| self.shared_picture(shot.picture.as_ref()?))
                .collect();
            if !gallery.is_empty() {
                json.open('[');
            }
            for image in std::iter::once(&image).chain(&gallery) {
                json.open('{');
                json.string("@type", "ImageObject");
                // Its size is in the Open Graph tags: schema.org's `width`
                // and `height` are distances ("1200 px"), not the numbers
                // readers of it expect.
                json.string("url", &image.url);
                json.close('}');
            }
            if !gallery.is_empty() {
                json.close(']');
            }
        }
        json.string("inLanguage", &self.site.settings.toml.language);
        if let Some(live) = live {
            self.live_blog_updates(&mut json, live, &summary.permalink);
        }
        json.key("mainEntityOfPage");
        json.open('{');
        json.string("@id", &summary.permalink);
        json.string("@type", "WebPage");
        json.close('}');
        // The site's own URL, absolute when `base_url` is.
        json.key("publisher");
        json.named(
            "Organization",
            &self.site_ctx.publisher,
            Some(&self.site_ctx.base_url),
        );
        json.string("url", &summary.permalink);
        json.close('}');
        json.into_string()
    }

    /// `liveBlogUpdate`: each entry a `BlogPosting` at its anchor.
    fn live_blog_updates(&self, json: &mut Json, live: &Live, permalink: &str) {
        json.key("liveBlogUpdate");
        json.open('[');
        for update in &live.updates {
            json.open('{');
            json.string("@type", "BlogPosting");
            json.string("articleBody", &update.text);
            json.string("datePublished", &update.time.to_rfc3339());
            let headline = match &update.headline {
                Some(headline) => headline.clone(),
                None => truncate_words(&update.text, HEADLINE_CHARS),
            };
            json.string("headline", &crate::arabic::bidi::rtl_plain_text(&headline));
            json.string("url", &format!("{permalink}#{}", update.anchor));
            json.close('}');
        }
        json.close(']');
    }

    /// A writer: `{"@type": "Person", "name": …}`, with what their profile
    /// in `data/authors` says (role, photo, pages elsewhere, their page
    /// here; the bio too when `with_bio`).
    fn person(&self, json: &mut Json, name: &str, with_bio: bool) {
        let authors = &self.site.authors;
        let author = if authors.is_empty() {
            None
        } else {
            authors.of(&crate::arabic::normalize::term_key(name))
        };
        let Some(author) = author else {
            json.named("Person", name, None);
            return;
        };
        let profile = &author.profile;
        json.open('{');
        json.string("@type", "Person");
        if with_bio && !profile.bio.is_empty() {
            json.string("description", &profile.bio);
        }
        if let Some(photo) = author.photo.as_ref().and_then(|p| self.shared_picture(p)) {
            json.string("image", &photo.url);
        }
        if !profile.role.is_empty() {
            json.string("jobTitle", &profile.role);
        }
        json.string("name", name);
        if !profile.links.is_empty() {
            json.key("sameAs");
            json.open('[');
            for link in &profile.links {
                json.value(link);
            }
            json.close(']');
        }
        if let Some(page) = self.author_page(&profile.key) {
            json.string("url", &self.permalink(page));
        }
        json.close('}');
    }

    /// `ProfilePage` structured data for a writer's page at `url`.
    pub(super) fn profile_json_ld(&self, author: &crate::site::Author, url: &str) -> String {
        let mut json = Json::with_capacity(512);
        json.open('{');
        json.string("@context", "https://schema.org");
        json.string("@type", "ProfilePage");
        json.key("mainEntity");
        self.person(&mut json, &author.profile.name, true);
        json.string("url", url);
        json.close('}');
        json.into_string()
    }

    /// `BreadcrumbList` structured data for an archive page.
    pub(super) fn breadcrumb_json_ld(&self, crumbs: &[Crumb], current: &str, url: &str) -> String {
        let mut json = Json::with_capacity(256 + 256 * crumbs.len());
        json.open('{');
        json.string("@context", "https://schema.org");
        json.string("@type", "BreadcrumbList");
        json.key("itemListElement");
        json.open('[');
        let last = (url.to_string(), current);
        let items = crumbs
            .iter()
            .map(|c| (self.permalink(&c.url), c.label.as_str()));
        for (n, (item, name)) in items.chain(std::iter::once(last)).enumerate() {
            json.open('{');
            json.string("@type", "ListItem");
            json.string("item", &item);
            json.string("name", name);
            json.number("position", n as u64 + 1);
            json.close('}');
        }
        json.close(']');
        json.close('}');
        json.into_string()
    }
}

/// JSON written straight into a string: what `serde_json` writes of the
/// same members, byte for byte — compact and script-safe in the same pass
/// for JSON-LD (see [`push_json_string_as`]), or laid out as
/// `to_string_pretty` lays it out for the JSON Feed. Member names are
/// constants, written as they are. Every page has its structured data, and
/// a feed's strings are whole articles, so neither serde's machinery (it
/// looks at each byte of each string) nor a second pass is worth it.
pub(in crate::render) struct Json {
    out: String,
    /// Nothing written yet in the innermost object or array: no comma.
    first: bool,
    /// A member's name is written: its value comes next, after no comma.
    value_next: bool,
    /// Pretty: the depth of the innermost object or array, each level
    /// indented by two spaces; compact when `None`.
    depth: Option<usize>,
    /// `<`, `>` and `&` escaped too (JSON-LD sits in a `<script>`).
    in_script: bool,
}

impl Json {
    /// Compact and script-safe, for JSON-LD.
    fn with_capacity(bytes: usize) -> Self {
        Json {
            out: String::with_capacity(bytes),
            first: true,
            value_next: false,
            depth: None,
            in_script: true,
        }
    }

    /// As `serde_json::to_string_pretty` writes it.
    pub(crate) fn pretty(bytes: usize) -> Self {
        Json {
            depth: Some(0),
            in_script: false,
            ..Json::with_capacity(bytes)
        }
    }

    /// Before a member or element: a comma unless it is the first, and in
    /// the pretty layout a new line at its depth; nothing before a value.
    fn separate(&mut self) {
        if std::mem::take(&mut self.value_next) {
            return;
        }
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        // The outermost value starts the document, not a line.
        if let Some(depth) = self.depth.filter(|&depth| depth > 0) {
            self.new_line(depth);
        }
    }

    fn new_line(&mut self, depth: usize) {
        self.out.push('\n');
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    pub(crate) fn key(&mut self, name: &str) {
        self.separate();
        self.out.push('"');
        self.out.push_str(name);
        self.out
            .push_str(if self.depth.is_some() { "\": " } else { "\":" });
        self.value_next = true;
    }

    /// A string: a member's value, or an element of an array.
    pub(crate) fn value(&mut self, text: &str) {
        self.separate();
        push_json_string_as(&mut self.out, text, self.in_script);
    }

    pub(crate) fn string(&mut self, name: &str, value: &str) {
        self.key(name);
        self.value(value);
    }

    fn number(&mut self, name: &str, value: u64) {
        self.key(name);
        self.separate();
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{value}");
    }

    /// Opens an object (`{`) or an array (`[`).
    pub(crate) fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.first = true;
        if let Some(depth) = &mut self.depth {
            *depth += 1;
        }
    }

    /// Closes an object (`}`) or an array (`]`): in the pretty layout on a
    /// line of its own, unless it is empty.
    pub(crate) fn close(&mut self, bracket: char) {
        if let Some(depth) = &mut self.depth {
            *depth = depth.saturating_sub(1);
            let depth = *depth;
            if !self.first {
                self.new_line(depth);
            }
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// `{"@type": …, "name": …, "url": …}` (url when known).
    fn named(&mut self, kind: &str, name: &str, url: Option<&str>) {
        self.open('{');
        self.string("@type", kind);
        self.string("name", name);
        if let Some(url) = url {
            self.string("url", url);
        }
        self.close('}');
    }

    pub(crate) fn into_string(self) -> String {
        self.out
    }
}

/// What each byte becomes in a JSON string inside `<script>`: `serde_json`'s
/// escapes (quote, backslash, control characters), and `<`, `>`, `&` as
/// `\u` escapes so no title can close the script element; `None` for the
/// bytes written as they are (every byte of a multi-byte character).
fn json_escape_of(b: u8) -> Option<&'static str> {
    const CONTROL: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    match b {
        0..=0x1f => Some(CONTROL[usize::from(b)]),
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    }
}

/// Whether `text` has a byte [`json_escape_of`] escapes. Without an early
/// exit, so that the compiler checks many bytes an instruction: most text
/// has none of them and is then copied whole.
fn needs_json_escapes(text: &str) -> bool {
    text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\') | (b == b'<') | (b == b'>') | (b == b'&')
    })
}

/// `text` as a quoted JSON string, escaped as serde_json escapes it, and
/// with `<`, `>` and `&` too when `in_script` (JSON-LD sits in a page's
/// `<script>`).
fn push_json_string_as(out: &mut String, text: &str, in_script: bool) {
    let escape_of = |b: u8| match b {
        b'<' | b'>' | b'&' if !in_script => None,
        _ => json_escape_of(b),
    };
    out.push('"');
    if needs_json_escapes(text) {
        let mut start = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if let Some(escaped) = escape_of(b) {
                // Escaped bytes are ASCII: `i` is a character boundary.
                out.push_str(&text[start..i]);
                out.push_str(escaped);
                start = i + 1;
            }
        }
        out.push_str(&text[start..]);
    } else {
        out.push_str(text);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn quoted(text: &str) -> String {
        let mut out = String::new();
        push_json_string_as(&mut out, text, true);
        out
    }

    #[test]
    fn strings_cannot_close_the_script() {
        let safe = quoted("</script><script>alert(1)</script>");
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, "</script><script>alert(1)</script>");
        let safe = quoted("x & y > z <!-- عربي");
        assert!(!safe.contains(['<', '>', '&']));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, "x & y > z <!-- عربي");
    }

    /// serde_json's string, then `<`, `>` and `&` escaped: what the pages
    /// held before the writer, and must hold still.
    fn serde_script_safe(text: &str) -> String {
        let json = serde_json::to_string(text).unwrap_or_default();
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them_made_script_safe() {
        let mut texts: Vec<String> = (0u8..=0x7f)
            .map(|b| format!("a{}ب", char::from(b)))
            .collect();
        texts.extend(
            [
                "",
                "\"\\",
                "عنوان «الخبر» \u{2067}x\u{2069}",
                "\u{7f}\u{80}\u{ffff}😀",
                "a\r\n\tb",
            ]
            .map(String::from),
        );
        for text in texts {
            assert_eq!(quoted(&text), serde_script_safe(&text), "{text:?}");
        }
    }

    #[test]
    fn documents_are_valid_json_with_members_in_order() {
        let mut json = Json::with_capacity(64);
        json.open('{');
        json.string("@type", "NewsArticle");
        json.key("author");
        json.open('[');
        json.named("Person", "سمير", None);
        json.named("Person", "ليلى", Some("/a/"));
        json.close(']');
        json.key("image");
        json.open('{');
        json.number("height", 600);
        json.string("url", "/i.jpg");
        json.close('}');
        json.string("url", "https://x/");
        json.close('}');
        let text = json.into_string();
        let expected = json!({
            "@type": "NewsArticle",
            "author": [{"@type": "Person", "name": "سمير"}, {"@type": "Person", "name": "ليلى", "url": "/a/"}],
            "image": {"height": 600, "url": "/i.jpg"},
            "url": "https://x/",
        });
        assert_eq!(text, expected.to_string());
    }
}
