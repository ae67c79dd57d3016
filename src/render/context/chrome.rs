//! The site's chrome: the parts of `base.html` that are the same on every
//! page (the head's links, the masthead, the footer), written once a build
//! for the compiled theme (see `render::native`).

use super::{Contexts, SiteCtx};
use crate::html::Markup;

/// What every page of the site shares: `base.html` around the page's own
/// blocks, made once per build.
pub(in crate::render) struct Chrome {
    /// From the doctype to `<title>`.
    pub head_open: String,
    /// After the description: the generator, stylesheet and feed links.
    pub head_site: String,
    /// `og:site_name`'s tag, the site's title in it.
    pub og_site_name: String,
    /// The masthead, from `</head>` to `<main id="main">`.
    pub masthead: String,
    /// From `</main>` to the end.
    pub footer: String,
    /// `{{ site.title }}`, escaped.
    pub title: String,
}

impl Chrome {
    fn new<'t>(site: &SiteCtx, t: impl Fn(&str) -> &'t str) -> Chrome {
        let mut buf = Vec::with_capacity(4096);
        let mut take = |write: &dyn Fn(&mut Markup)| {
            buf.clear();
            write(&mut Markup(&mut buf));
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
                o.link(&section.url, &section.label);
                o.raw(" ");
            }
            o.raw("<a href=\"");
            o.text(&site.archive_url);
            o.raw("\">");
            o.text(t("archive"));
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
            o.raw("</main><footer class=\"site-footer\">");
            if !site.footer_pages.is_empty() {
                o.raw("<nav aria-label=\"");
                o.text(t("site_pages"));
                o.raw("\"><ul class=\"footer-pages\">");
                for link in &site.footer_pages {
                    o.raw("<li>");
                    o.link(&link.url, &link.label);
                    o.raw("</li>");
                }
                o.raw("</ul></nav>");
            }
            o.raw("<p>");
            if !site.description.is_empty() {
                o.text(&site.description);
                o.raw(" · ");
            }
            o.link(&site.archive_url, t("archive"));
            for taxonomy in &site.taxonomies {
                o.raw(" · <a href=\"");
                o.text(&taxonomy.url);
                o.raw("\">");
                o.text(&taxonomy.label);
                o.raw("</a>");
            }
            o.raw(" · <bdi>");
            o.text(t("feeds"));
            o.raw("</bdi>: <a href=\"");
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
}

impl Contexts<'_> {
    /// The site's chrome, made on first use.
    pub(in crate::render) fn chrome(&self) -> &Chrome {
        self.chrome
            .get_or_init(|| Chrome::new(&self.site_ctx, |key| self.word(key)))
    }
}

/// A value templates test with `{% if %}`: Tera takes an empty string for
/// false.
pub(in crate::render) fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}
