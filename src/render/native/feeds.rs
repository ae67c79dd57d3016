//! `atom.xml` and `rss.xml`, compiled (see the module above). XML
//! templates are not minified: this is them as written, line for line.

use super::{rtl, size, Out};
use crate::render::context::Contexts;
use crate::render::publish::{FeedCtx, FeedEntry};

/// An Atom feed, appended to `out`.
pub(crate) fn atom(c: &Contexts, feed: &FeedCtx, out: &mut Vec<u8>) {
    let site = &c.site_ctx;
    let o = &mut Out(out);
    o.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    o.text(&site.language);
    o.raw("\">\n<title>");
    rtl(o, &feed.title);
    o.raw("</title>\n");
    if !site.description.is_empty() {
        o.raw("<subtitle>");
        o.text(&site.description);
        o.raw("</subtitle>\n");
    }
    o.raw("<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    o.text(&feed.self_url);
    o.raw("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    o.text(&feed.home_url);
    o.raw("\"/>\n<id>");
    o.text(&feed.self_url);
    o.raw("</id>\n<updated>");
    o.text(&feed.updated);
    o.raw("</updated>\n<author><name>");
    o.text(&site.author);
    o.raw("</name></author>\n<generator>sahifa</generator>\n");
    for entry in &feed.entries {
        atom_entry(o, entry);
    }
    o.raw("</feed>\n");
}

fn atom_entry(o: &mut Out, entry: &FeedEntry) {
    o.raw("<entry>\n<title>");
    rtl(o, entry.title);
    o.raw("</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    o.text(entry.permalink);
    o.raw("\"/>\n<id>");
    o.text(entry.permalink);
    o.raw("</id>\n<published>");
    o.text(entry.date_iso);
    o.raw("</published>\n<updated>");
    o.text(&entry.updated_iso);
    o.raw("</updated>\n<author><name>");
    o.text(entry.author);
    o.raw("</name></author>\n<summary>");
    o.text(entry.summary);
    o.raw("</summary>\n");
    if let Some(image) = &entry.image {
        o.raw("<link rel=\"enclosure\" href=\"");
        o.text(&image.url);
        o.raw("\"");
        if !image.media_type.is_empty() {
            o.raw(" type=\"");
            o.text(image.media_type);
            o.raw("\"");
        }
        if image.length != 0 {
            o.raw(" length=\"");
            o.number(image.length);
            o.raw("\"");
        }
        o.raw("/>\n");
    }
    if let Some(body) = entry.body_html.as_deref().filter(|b| !b.is_empty()) {
        o.raw("<content type=\"html\">");
        o.text(body);
        o.raw("</content>\n");
    }
    o.raw("</entry>\n");
}

/// An RSS 2.0 feed, appended to `out`.
pub(crate) fn rss(c: &Contexts, feed: &FeedCtx, out: &mut Vec<u8>) {
    let site = &c.site_ctx;
    let o = &mut Out(out);
    o.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n<title>");
    rtl(o, &feed.title);
    o.raw("</title>\n<link>");
    o.text(&feed.home_url);
    o.raw("</link>\n<description>");
    if site.description.is_empty() {
        o.text(&feed.title);
    } else {
        o.text(&site.description);
    }
    o.raw("</description>\n<language>");
    o.text(&site.language);
    o.raw("</language>\n<lastBuildDate>");
    o.text(&feed.updated_rfc2822);
    o.raw("</lastBuildDate>\n<generator>sahifa</generator>\n<atom:link href=\"");
    o.text(&feed.self_url);
    o.raw("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
    for entry in &feed.entries {
        rss_item(o, entry);
    }
    o.raw("</channel>\n</rss>\n");
}

fn rss_item(o: &mut Out, entry: &FeedEntry) {
    o.raw("<item>\n<title>");
    rtl(o, entry.title);
    o.raw("</title>\n<link>");
    o.text(entry.permalink);
    o.raw("</link>\n<guid isPermaLink=\"true\">");
    o.text(entry.permalink);
    o.raw("</guid>\n<pubDate>");
    o.text(&entry.date_rfc2822);
    o.raw("</pubDate>\n<dc:creator>");
    o.text(entry.author);
    o.raw("</dc:creator>\n<description>");
    o.text(&entry.summary_html);
    o.raw("</description>\n");
    if let Some(image) = &entry.image {
        if image.length != 0 {
            o.raw("<enclosure");
            o.attr("url", &image.url);
            o.raw(" length=\"");
            o.number(image.length);
            o.raw("\"");
            o.attr("type", image.media_type);
            o.raw("/>\n");
        }
        o.raw("<media:content");
        o.attr("url", &image.url);
        o.raw(" medium=\"image\"");
        if !image.media_type.is_empty() {
            o.attr("type", image.media_type);
        }
        size(o, image.width, image.height);
        o.raw("/>\n");
    }
    if let Some(body) = entry.body_html.as_deref().filter(|b| !b.is_empty()) {
        o.raw("<content:encoded>");
        o.text(body);
        o.raw("</content:encoded>\n");
    }
    o.raw("</item>\n");
}
