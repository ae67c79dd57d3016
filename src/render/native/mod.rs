//! The built-in theme compiled: the pages most of a build is made of —
//! articles and listings, with their teasers, and the Atom and RSS feeds —
//! written by Rust code from
//! the same typed contexts the templates get, without Tera's interpreter or
//! its values (on a 1,000-article site, half of the build's instructions).
//!
//! Used only when it makes the very bytes Tera would: for pages, the site
//! overrides none of [`PAGE_TEMPLATES`] and the templates are minified
//! (`build` with `minify` on, the default); for feeds, none of
//! [`FEED_TEMPLATES`]. The code below is the minified HTML templates
//! (see [`super::minify::template`]) written out; `pipeline::compiled_theme` renders sites both ways and compares every page byte for byte, so a
//! change to a built-in template that is not made here too fails there.

mod article;
mod feeds;
mod listing;

use super::context::chrome::Chrome;
use super::context::picture::PictureCtx;
use super::context::{Contexts, Crumb, OpenGraph};
use crate::arabic::bidi::rtl_plain_text;
use crate::html::Markup as Out;

pub(super) use article::article;
pub(super) use feeds::{atom, rss};
pub(super) use listing::{listing, teaser};

use crate::theme::DEFAULT_TEMPLATES;

/// The built-in templates the compiled pages stand for: overriding any of
/// them hands article and listing pages back to Tera …
pub(super) const PAGE_TEMPLATES: [&str; 5] = [
    "base.html",
    "article.html",
    "list.html",
    "teaser.html",
    "pagination.html",
];
/// … and these, the feeds.
pub(super) const FEED_TEMPLATES: [&str; 2] = ["atom.xml", "rss.xml"];

/// Whether the site's `overrides` leave every one of `templates` as built
/// in (a copy as it is changes nothing).
pub(super) fn unchanged(templates: &[&str], overrides: &[(String, String)]) -> bool {
    !overrides.iter().any(|(name, source)| {
        templates.contains(&name.as_str())
            && DEFAULT_TEMPLATES
                .iter()
                .all(|(default, built_in)| default != name || built_in != source)
    })
}

/// A link to the page before or after this one in a sequence (`rel` is
/// `prev` or `next`): `<a rel href><span>what it is</span> its title</a>`.
fn sequence_link(o: &mut Out, rel: &str, url: &str, what: &str, title: &str) {
    o.raw("<a rel=\"");
    o.raw(rel);
    o.raw("\" href=\"");
    o.text(url);
    o.raw("\"><span>");
    o.text(what);
    o.raw("</span> ");
    o.text(title);
    o.raw("</a>");
}

/// The breadcrumb trail of a page (`<nav class="breadcrumbs">`).
fn breadcrumbs(c: &Contexts, o: &mut Out, crumbs: &[Crumb]) {
    o.raw("<nav class=\"breadcrumbs\" aria-label=\"");
    o.text(c.word("breadcrumb"));
    o.raw("\"><ol>");
    for crumb in crumbs {
        o.raw("<li>");
        o.link(&crumb.url, &crumb.label);
        o.raw("</li>");
    }
    o.raw("</ol></nav>");
}

/// A picture's WebP `<source>` and its `<img` up to its own attributes:
/// src, srcset and `sizes`, width and height, as far as they are known.
fn image(o: &mut Out, picture: &PictureCtx, sizes: &str) {
    // `sizes` is the theme's own (not escaped, as its template writes it).
    let sizes_attr = |o: &mut Out| {
        o.raw(" sizes=\"");
        o.raw(sizes);
        o.raw("\"");
    };
    if !picture.webp_srcset.is_empty() {
        o.raw("<source type=\"image/webp\"");
        o.attr("srcset", &picture.webp_srcset);
        sizes_attr(o);
        o.raw(">");
    }
    o.raw("<img");
    o.attr("src", &picture.src);
    if !picture.srcset.is_empty() {
        o.attr("srcset", &picture.srcset);
        sizes_attr(o);
    }
    size(o, picture.width, picture.height);
}

/// A columnist's photo, when their profile has one (`<picture>`, lazily).
fn columnist_photo(o: &mut Out, columnist: &crate::render::context::Columnist, sizes: &str) {
    if let Some(photo) = &columnist.photo {
        o.raw("<picture>");
        image(o, photo, sizes);
        o.raw(" alt=\"\" loading=\"lazy\" decoding=\"async\"></picture>");
    }
}

/// ` width="W" height="H"` of a picture, when its width is known
/// (`{% if x.width %}`).
fn size(o: &mut Out, width: Option<u32>, height: Option<u32>) {
    if let Some(width) = width.filter(|&w| w != 0) {
        o.raw(" width=\"");
        o.number(width);
        o.raw("\" height=\"");
        if let Some(height) = height {
            o.number(height);
        }
        o.raw("\"");
    }
}

/// `{{ value | rtl_text }}`.
fn rtl(o: &mut Out, text: &str) {
    o.text(&rtl_plain_text(text));
}

/// `base.html` up to its `title` block.
fn open(chrome: &Chrome, o: &mut Out) {
    o.raw(&chrome.head_open);
}

/// From the end of the title block to the `head` block: the
/// description, the site's links and the page's Open Graph tags.
fn head(chrome: &Chrome, o: &mut Out, description: &str, og: &OpenGraph) {
    o.raw("</title>");
    if !description.is_empty() {
        o.raw("<meta name=\"description\" content=\"");
        o.text(description);
        o.raw("\">");
    }
    o.raw(&chrome.head_site);
    open_graph(chrome, o, og);
}

fn open_graph(chrome: &Chrome, o: &mut Out, og: &OpenGraph) {
    o.raw(&chrome.og_site_name);
    o.raw("<meta property=\"og:type\" content=\"");
    o.text(og.kind);
    o.raw("\"><meta property=\"og:title\" content=\"");
    rtl(o, og.title);
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
    rtl(o, og.title);
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
fn body(chrome: &Chrome, o: &mut Out) {
    o.raw(&chrome.masthead);
}

/// After the `main` block.
fn close(chrome: &Chrome, o: &mut Out) {
    o.raw(&chrome.footer);
}
