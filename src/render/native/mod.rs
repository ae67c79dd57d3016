//! The built-in theme compiled: the pages most of a build is made of —
//! articles and listings, with their teasers — written by Rust code from
//! the same typed contexts the templates get, without Tera's interpreter or
//! its values (on a 1,000-article site, half of the build's instructions).
//!
//! Used only when it makes the very bytes Tera would: the site overrides
//! none of [`TEMPLATES`] and the templates are minified (`build` with
//! `minify` on, the default). The code below is the minified templates
//! (see [`super::minify::template`]) written out; [`tests`] renders sites both ways and compares every page byte for byte, so a
//! change to a built-in template that is not made here too fails there.

mod article;
mod listing;
#[cfg(test)]
mod tests;

use super::context::{Contexts, OpenGraph, SiteCtx};
use crate::arabic::bidi::rtl_plain_text;
use crate::html::push_escaped_bytes;

pub use article::article;
pub use listing::{listing, teaser};

/// The built-in templates the compiled pages stand for: overriding any of
/// them hands those pages back to Tera.
pub const TEMPLATES: [&str; 5] = [
    "base.html",
    "article.html",
    "list.html",
    "teaser.html",
    "pagination.html",
];

/// A page as it is written: text escaped as Tera's autoescape does, or
/// markup as it is.
pub(super) struct Out<'o>(pub &'o mut Vec<u8>);

impl Out<'_> {
    /// Markup of the template, or HTML already made (`| safe`).
    fn raw(&mut self, markup: &str) {
        self.0.extend_from_slice(markup.as_bytes());
    }

    /// A value (`{{ value }}`).
    fn text(&mut self, text: &str) {
        push_escaped_bytes(self.0, text);
    }

    /// `{{ value | rtl_text }}`.
    fn rtl(&mut self, text: &str) {
        self.text(&rtl_plain_text(text));
    }

    /// A number (`{{ n }}`).
    fn number(&mut self, n: impl std::fmt::Display) {
        use std::io::Write;
        // Writing into a Vec cannot fail.
        let _ = write!(self.0, "{n}");
    }
}

/// A value templates test with `{% if %}`: Tera takes an empty string for
/// false.
fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// What every page of the site shares: `base.html` around the page's own
/// blocks, made once per build.
pub(super) struct Chrome {
    /// From the doctype to `<title>`.
    head_open: String,
    /// After the description: the generator, stylesheet and feed links.
    head_site: String,
    /// `og:site_name`'s tag, the site's title in it.
    og_site_name: String,
    /// The masthead, from `</head>` to `<main id="main">`.
    masthead: String,
    /// From `</main>` to the end.
    footer: String,
    /// `{{ site.title }}`, escaped.
    pub title: String,
}

impl Chrome {
    pub(super) fn of<'c>(c: &'c Contexts) -> &'c Chrome {
        c.chrome
            .get_or_init(|| Chrome::new(&c.site_ctx, |key| c.word(key)))
    }

    fn new<'t>(site: &SiteCtx, t: impl Fn(&str) -> &'t str) -> Chrome {
        let mut buf = Vec::with_capacity(4096);
        let mut take = |write: &dyn Fn(&mut Out)| {
            buf.clear();
            write(&mut Out(&mut buf));
            String::from_utf8_lossy(&buf).into_owned()
        };
        let font = match site.font {
            crate::config::Font::Naskh => "naskh",
            crate::config::Font::System => "system",
        };
        let head_open = take(&|o| {
            o.raw("<!DOCTYPE html><html lang=\"");
            o.text(&site.language);
            o.raw("\" dir=\"rtl\" data-font=\"");
            o.text(font);
            o.raw("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
        });
        let head_site = take(&|o| {
            o.raw("<meta name=\"generator\" content=\"sahifa\">");
            if let Some(url) = filled(&site.font_preload_url) {
                o.raw("<link rel=\"preload\" href=\"");
                o.text(url);
                o.raw("\" as=\"font\" type=\"font/woff2\" crossorigin>");
            }
            o.raw("<link rel=\"stylesheet\" href=\"");
            o.text(&site.stylesheet_url);
            o.raw("\"><link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
            o.text(&site.title);
            o.raw(" (Atom)\" href=\"");
            o.text(&site.feed_url);
            o.raw("\"><link rel=\"alternate\" type=\"application/rss+xml\" title=\"");
            o.text(&site.title);
            o.raw(" (RSS)\" href=\"");
            o.text(&site.rss_url);
            o.raw("\"><link rel=\"alternate\" type=\"application/feed+json\" title=\"");
            o.text(&site.title);
            o.raw(" (JSON Feed)\" href=\"");
            o.text(&site.json_feed_url);
            o.raw("\">");
        });
        let og_site_name = take(&|o| {
            o.raw("<meta property=\"og:site_name\" content=\"");
            o.text(&site.title);
            o.raw("\"><meta property=\"og:locale\" content=\"ar_AR\">");
        });
        let masthead = take(&|o| {
            o.raw("</head><body><a class=\"skip\" href=\"#main\">");
            o.text(t("skip_to_content"));
            o.raw("</a><header class=\"masthead\"><a class=\"site-title\" href=\"");
            o.text(&site.home_url);
            o.raw("\">");
            o.text(&site.title);
            o.raw("</a><nav class=\"site-nav\" aria-label=\"");
            o.text(t("main_navigation"));
            o.raw("\"><a href=\"");
            o.text(&site.home_url);
            o.raw("\">");
            o.text(t("home"));
            o.raw("</a> ");
            for section in &site.sections {
                o.raw("<a href=\"");
                o.text(&section.url);
                o.raw("\">");
                o.text(&section.label);
                o.raw("</a> ");
            }
            o.raw("<a href=\"");
            o.text(&site.archive_url);
            o.raw("\">");
            o.text(t("archive"));
            o.raw("</a> <a href=\"");
            o.text(&site.rss_url);
            o.raw("\">");
            o.text(t("feeds"));
            o.raw("</a></nav>");
            if let Some(search) = filled(&site.search_url) {
                o.raw("<form class=\"masthead-search\" action=\"");
                o.text(search);
                o.raw("\" role=\"search\"><label for=\"masthead-q\" class=\"visually-hidden\">");
                o.text(t("search_label"));
                o.raw(
                    "</label> <input id=\"masthead-q\" name=\"q\" type=\"search\" placeholder=\"",
                );
                o.text(t("search"));
                o.raw("\" dir=\"auto\"> <button type=\"submit\">");
                o.text(t("search_submit"));
                o.raw("</button></form>");
            }
            o.raw("</header><main id=\"main\">");
        });
        let footer = take(&|o| {
            o.raw("</main><footer class=\"site-footer\"><p>");
            if !site.description.is_empty() {
                o.text(&site.description);
                o.raw(" · ");
            }
            o.raw("<a href=\"");
            o.text(&site.archive_url);
            o.raw("\">");
            o.text(t("archive"));
            o.raw("</a>");
            for taxonomy in &site.taxonomies {
                o.raw(" · <a href=\"");
                o.text(&taxonomy.url);
                o.raw("\">");
                o.text(&taxonomy.label);
                o.raw("</a>");
            }
            o.raw(" · ");
            o.text(t("feeds"));
            o.raw(": <a href=\"");
            o.text(&site.feed_url);
            o.raw("\">Atom</a> · <a href=\"");
            o.text(&site.rss_url);
            o.raw("\">RSS</a> · <a href=\"");
            o.text(&site.json_feed_url);
            o.raw("\">JSON</a></p></footer></body></html>");
        });
        let title = take(&|o| o.text(&site.title));
        Chrome {
            head_open,
            head_site,
            og_site_name,
            masthead,
            footer,
            title,
        }
    }

    /// `base.html` up to its `title` block.
    fn open(&self, o: &mut Out) {
        o.raw(&self.head_open);
    }

    /// From the end of the title block to the `head` block: the
    /// description, the site's links and the page's Open Graph tags.
    fn head(&self, o: &mut Out, description: &str, og: &OpenGraph) {
        o.raw("</title>");
        if !description.is_empty() {
            o.raw("<meta name=\"description\" content=\"");
            o.text(description);
            o.raw("\">");
        }
        o.raw(&self.head_site);
        self.open_graph(o, og);
    }

    fn open_graph(&self, o: &mut Out, og: &OpenGraph) {
        o.raw(&self.og_site_name);
        o.raw("<meta property=\"og:type\" content=\"");
        o.text(og.kind);
        o.raw("\"><meta property=\"og:title\" content=\"");
        o.rtl(og.title);
        o.raw("\"><meta property=\"og:url\" content=\"");
        o.text(og.url);
        o.raw("\">");
        if !og.description.is_empty() {
            o.raw("<meta property=\"og:description\" content=\"");
            o.text(og.description);
            o.raw("\">");
        }
        if let Some(image) = &og.image {
            o.raw("<meta property=\"og:image\" content=\"");
            o.text(&image.url);
            o.raw("\">");
            if let Some(width) = image.width.filter(|&w| w != 0) {
                o.raw("<meta property=\"og:image:width\" content=\"");
                o.number(width);
                o.raw("\"><meta property=\"og:image:height\" content=\"");
                if let Some(height) = image.height {
                    o.number(height);
                }
                o.raw("\">");
            }
        }
        if let Some(published) = og.published.filter(|p| !p.is_empty()) {
            o.raw("<meta property=\"article:published_time\" content=\"");
            o.text(published);
            o.raw("\"><meta property=\"article:modified_time\" content=\"");
            o.text(og.modified.as_deref().unwrap_or_default());
            o.raw("\">");
        }
        o.raw("<meta name=\"twitter:card\" content=\"");
        o.raw(if og.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        });
        o.raw("\"><meta name=\"twitter:title\" content=\"");
        o.rtl(og.title);
        o.raw("\">");
        if !og.description.is_empty() {
            o.raw("<meta name=\"twitter:description\" content=\"");
            o.text(og.description);
            o.raw("\">");
        }
        if let Some(image) = &og.image {
            o.raw("<meta name=\"twitter:image\" content=\"");
            o.text(&image.url);
            o.raw("\">");
        }
    }

    /// From the `head` block's end to the `main` block.
    fn body(&self, o: &mut Out) {
        o.raw(&self.masthead);
    }

    /// After the `main` block.
    fn close(&self, o: &mut Out) {
        o.raw(&self.footer);
    }
}
