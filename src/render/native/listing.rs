//! `list.html` (with `pagination.html`) in `base.html`, and `teaser.html`,
//! compiled (see the module above). The front page, one page a build, is
//! left to Tera.

use super::{body, breadcrumbs, close, head, image, open, rtl, sequence_link, Out};
use crate::render::context::chrome::filled;
use crate::render::context::listing::{ListingPage, ProfileCtx};
use crate::render::context::picture::PictureCtx;
use crate::render::context::{Contexts, Summary};

/// A listing page other than the front page, appended to `out`.
pub(crate) fn listing(c: &Contexts, page: &ListingPage, out: &mut Vec<u8>) {
    let chrome = c.chrome();
    let t = |key| c.word(key);
    let (listing, paginator) = (&page.listing, &page.paginator);
    let o = &mut Out(out);
    open(chrome, o);
    rtl(o, &listing.title);
    o.raw(" | ");
    o.raw(&chrome.title);
    head(
        chrome,
        o,
        page.meta_description(),
        &c.listing_open_graph(page),
    );
    o.raw("<link rel=\"canonical\" href=\"");
    o.text(&listing.permalink);
    o.raw("\">");
    if let Some(prev) = filled(&paginator.prev_url) {
        o.raw("<link rel=\"prev\" href=\"");
        o.text(prev);
        o.raw("\">");
    }
    if let Some(next) = filled(&paginator.next_url) {
        o.raw("<link rel=\"next\" href=\"");
        o.text(next);
        o.raw("\">");
    }
    for feed in &listing.feeds {
        o.raw("<link rel=\"alternate\" type=\"");
        o.text(feed.kind);
        o.raw("\" title=\"");
        o.text(&listing.title);
        o.raw(" (");
        o.text(feed.name);
        o.raw(")\" href=\"");
        o.text(&feed.url);
        o.raw("\">");
    }
    if let Some(json_ld) = filled(&listing.json_ld) {
        o.raw("<script type=\"application/ld+json\">");
        o.raw(json_ld);
        o.raw("</script>");
    }
    body(chrome, o);
    if !listing.breadcrumbs.is_empty() {
        breadcrumbs(c, o, &listing.breadcrumbs);
    }
    o.raw("<h1>");
    o.text(&listing.heading);
    o.raw("</h1>");
    if listing.older_day.is_some() || listing.newer_day.is_some() {
        o.raw("<nav class=\"prev-next day-nav\" aria-label=\"");
        o.text(t("other_days"));
        o.raw("\">");
        for (day, rel, word) in [
            (&listing.older_day, "prev", "previous_day"),
            (&listing.newer_day, "next", "next_day"),
        ] {
            if let Some(day) = day {
                sequence_link(o, rel, &day.url, t(word), &day.label);
            }
        }
        o.raw("</nav>");
    }
    if let Some(profile) = &listing.profile {
        author_profile(c, o, profile);
    }
    if !listing.children.is_empty() {
        o.raw("<ul class=\"archive-children\">");
        for child in &listing.children {
            o.raw("<li><a href=\"");
            o.text(&child.url);
            o.raw("\">");
            o.text(&child.label);
            o.raw("</a> <span class=\"count\">(");
            o.text(&child.count);
            o.raw(")</span></li>");
        }
        o.raw("</ul>");
    }
    if listing.teasers.is_empty() {
        o.raw("<p class=\"empty\">");
        o.text(t("no_news_yet"));
        o.raw(".</p>");
    } else {
        o.raw("<ol class=\"teasers\">");
        for teaser in &listing.teasers {
            o.raw(teaser.as_str().unwrap_or_default());
        }
        o.raw("</ol>");
        if let Some(script) = &listing.ago_script {
            o.raw(script);
        }
    }
    pagination(c, o, page);
    close(chrome, o);
}

/// A writer's profile over their stories.
fn author_profile(c: &Contexts, o: &mut Out, profile: &ProfileCtx) {
    o.raw("<section class=\"author-profile\" aria-label=\"");
    o.text(c.word("author_profile"));
    o.raw("\">");
    if let Some(photo) = &profile.photo {
        o.raw("<picture>");
        image(o, photo, "8rem");
        o.raw(" alt=\"");
        o.text(&profile.name);
        o.raw("\" decoding=\"async\"></picture>");
    }
    o.raw("<div class=\"profile-text\">");
    if !profile.role.is_empty() {
        o.raw("<p class=\"role\">");
        o.text(&profile.role);
        o.raw("</p>");
    }
    if !profile.bio.is_empty() {
        o.raw("<p class=\"bio\">");
        o.text(&profile.bio);
        o.raw("</p>");
    }
    if !profile.links.is_empty() {
        o.raw("<ul class=\"profile-links\">");
        for link in &profile.links {
            o.raw("<li><a href=\"");
            o.text(&link.url);
            o.raw("\" rel=\"me noopener\">");
            o.text(&link.name);
            o.raw("</a></li>");
        }
        o.raw("</ul>");
    }
    o.raw("<p class=\"count\">");
    o.text(&profile.count_label);
    o.raw("</p></div></section>");
}

/// `pagination.html`.
fn pagination(c: &Contexts, o: &mut Out, page: &ListingPage) {
    let t = |key| c.word(key);
    let paginator = &page.paginator;
    if paginator.total <= 1 {
        return;
    }
    o.raw("<nav class=\"pagination\" aria-label=\"");
    o.text(t("pages"));
    o.raw("\">");
    if let Some(prev) = filled(&paginator.prev_url) {
        o.raw("<a rel=\"prev\" href=\"");
        o.text(prev);
        o.raw("\">→ ");
        o.text(t("newer"));
        o.raw("</a> ");
    }
    for p in &paginator.pages {
        if p.current {
            o.raw("<span aria-current=\"page\">");
            o.text(&p.label);
            o.raw("</span> ");
        } else if let Some(url) = filled(&p.url) {
            o.link(url, &p.label);
            o.raw(" ");
        } else {
            o.raw("<span class=\"gap\">…</span> ");
        }
    }
    if let Some(next) = filled(&paginator.next_url) {
        o.raw("<a rel=\"next\" href=\"");
        o.text(next);
        o.raw("\">");
        o.text(t("older"));
        o.raw(" ←</a>");
    }
    o.raw("</nav>");
}

/// `teaser.html` for `item`, appended to `out`.
pub(crate) fn teaser(c: &Contexts, item: &Summary, out: &mut Vec<u8>) {
    let o = &mut Out(out);
    o.raw("<li class=\"teaser\">");
    if let Some(thumb) = &item.thumb {
        o.raw("<a class=\"thumb\" href=\"");
        o.text(&item.url);
        o.raw("\" tabindex=\"-1\" aria-hidden=\"true\"><picture>");
        thumbnail(o, thumb);
        o.raw("</picture></a>");
    }
    if let Some(columnist) = &item.columnist {
        o.raw("<p class=\"columnist\">");
        super::columnist_photo(o, columnist, "3rem");
        o.raw("<span>");
        o.text(&columnist.name);
        o.raw("</span></p>");
    }
    o.raw("<h2>");
    if item.live {
        o.raw("<span class=\"live-label\">");
        o.text(c.word("live"));
        o.raw("</span> ");
    }
    o.raw("<a href=\"");
    o.text(&item.url);
    o.raw("\">");
    o.text(&item.title);
    o.raw("</a></h2><p class=\"meta\">");
    match &item.time_human {
        Some(time) => {
            o.raw("<time class=\"ago\" datetime=\"");
            o.text(&item.date_iso);
            o.raw("\" data-day=\"");
            o.text(&item.date_human);
            o.raw("\">");
            o.text(time);
        }
        None => {
            o.raw("<time datetime=\"");
            o.text(&item.date_iso);
            o.raw("\">");
            o.text(&item.date_human);
        }
    }
    o.raw("</time>");
    if let Some(city) = filled(&item.city) {
        o.raw(" <span class=\"city\">");
        o.text(city);
        o.raw("</span>");
    }
    o.raw("</p>");
    if !item.summary.is_empty() {
        o.raw("<p class=\"summary\">");
        o.text(&item.summary);
        o.raw("</p>");
    }
    o.raw("</li>");
}

/// A teaser's picture, inside `<picture>`.
fn thumbnail(o: &mut Out, thumb: &PictureCtx) {
    image(o, thumb, "9rem");
    o.raw(" alt=\"\" loading=\"lazy\" decoding=\"async\">");
}
