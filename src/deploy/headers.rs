//! What each uploaded file is served with: its type (with the charset of
//! text), how long it may be cached, and for an old address on S3, where
//! it redirects.

use crate::config::CacheRule;
use crate::render::publish::IMMUTABLE;

/// Pages, feeds and everything not named by its content: kept, but asked
/// for again on every visit (a 304 when unchanged), so a new story shows.
pub(crate) const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// The `Content-Type` of an output file, by its name.
pub(crate) fn content_type(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let known = match name {
        "atom.xml" => Some("application/atom+xml"),
        "rss.xml" => Some("application/rss+xml"),
        "feed.json" => Some("application/feed+json"),
        // The hosts' own files and anything without an extension.
        _ if !name.contains('.') || name.starts_with('.') && name.matches('.').count() == 1 => {
            Some("text/plain")
        }
        _ => None,
    };
    let mime = known.map_or_else(
        || {
            mime_guess::from_path(name)
                .first_or_octet_stream()
                .essence_str()
                .to_string()
        },
        str::to_string,
    );
    if is_text(&mime) {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

fn is_text(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.ends_with("+xml")
        || mime.ends_with("+json")
        || matches!(
            mime,
            "application/javascript" | "application/json" | "application/xml"
        )
}

/// The `Cache-Control` of an output file: the first `[[cache_control]]`
/// rule matching it, else a year for files named by their content
/// (pictures under `media/`, fingerprinted stylesheets and scripts), else
/// revalidated.
pub(crate) fn cache_control<'a>(rel: &str, rules: &'a [CacheRule]) -> &'a str {
    if let Some(rule) = rules.iter().find(|r| super::glob::matches(&r.path, rel)) {
        return &rule.value;
    }
    if rel.starts_with("media/") || is_fingerprinted(rel) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// `style.1a2b3c4d5e6f7a8b.css`: a stylesheet or script whose name the
/// build made from its content (`pipeline::fingerprint_assets`).
fn is_fingerprinted(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let mut parts = name.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(ext, "css" | "js")
        && !stem.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where an old address's page (`render::kinds::redirect`) sends readers,
/// as an S3 website redirect takes it: a path or an `http(s)` URL, in
/// ASCII. `None` for any other page.
pub(crate) fn redirect_target(page: &[u8]) -> Option<String> {
    const REFRESH: &str = "<meta http-equiv=\"refresh\" content=\"0; url=";
    // Old addresses' pages are a few hundred bytes; a story never is.
    if page.len() > 4096 || !page.starts_with(b"<!DOCTYPE html>") {
        return None;
    }
    let text = std::str::from_utf8(page).ok()?;
    if !text.contains("<meta name=\"robots\" content=\"noindex\">") {
        return None;
    }
    let start = text.find(REFRESH)? + REFRESH.len();
    let end = start + text[start..].find('"')?;
    let url = unescape(&text[start..end]);
    let usable = url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://");
    usable.then(|| ascii_url(&url))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Non-ASCII bytes percent-encoded (a header carries ASCII only).
fn ascii_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_typed_with_its_charset_and_the_rest_by_its_name() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("style.1a2b3c4d5e6f7a8b.css"),
            "text/css; charset=utf-8"
        );
        assert!(content_type("search.1a2b3c4d5e6f7a8b.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("politics/rss.xml"),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("feed.json"),
            "application/feed+json; charset=utf-8"
        );
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(
            content_type("search/d/1.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            content_type("media/a.8edd056bb68ea38c-480.webp"),
            "image/webp"
        );
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("_headers"), "text/plain; charset=utf-8");
        assert_eq!(content_type(".nojekyll"), "text/plain; charset=utf-8");
        assert_eq!(content_type("files/data.bin"), "application/octet-stream");
    }

    #[test]
    fn files_named_by_their_content_are_immutable_unless_a_rule_says_otherwise() {
        assert_eq!(cache_control("media/a-480.webp", &[]), IMMUTABLE);
        assert_eq!(cache_control("style.1a2b3c4d5e6f7a8b.css", &[]), IMMUTABLE);
        assert_eq!(cache_control("style.css", &[]), REVALIDATE);
        assert_eq!(cache_control("fonts/a.woff2", &[]), REVALIDATE);
        assert_eq!(cache_control("index.html", &[]), REVALIDATE);
        let rules = [
            CacheRule {
                path: "fonts/*".into(),
                value: "public, max-age=2592000".into(),
            },
            CacheRule {
                path: "**".into(),
                value: "no-cache".into(),
            },
        ];
        assert_eq!(
            cache_control("fonts/a.woff2", &rules),
            "public, max-age=2592000"
        );
        assert_eq!(cache_control("media/a.webp", &rules), "no-cache");
    }

    #[test]
    fn an_old_addresss_page_is_read_for_where_it_leads() {
        let page = "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
            <title>t</title><meta name=\"robots\" content=\"noindex\">\
            <link rel=\"canonical\" href=\"https://x.org/2025/خبر/\">\
            <meta http-equiv=\"refresh\" content=\"0; url=/2025/خبر/?a=1&amp;b=2\"></head>\
            <body></body></html>\n";
        assert_eq!(
            redirect_target(page.as_bytes()).as_deref(),
            Some("/2025/%D8%AE%D8%A8%D8%B1/?a=1&b=2")
        );
        let story = page.replace("<meta name=\"robots\" content=\"noindex\">", "");
        assert_eq!(redirect_target(story.as_bytes()), None);
        let elsewhere = page.replace("url=/2025", "url=javascript:/2025");
        assert_eq!(redirect_target(elsewhere.as_bytes()), None);
    }
}
