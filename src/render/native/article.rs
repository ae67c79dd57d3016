//! `article.html` in `base.html`, compiled (see the module above).

use super::{body, breadcrumbs, close, head, image, open, rtl, sequence_link, Out};
use crate::render::context::article::{ArticleCtx, LinkCtx, ListedLink, LiveCtx, TermCtx};
use crate::render::context::chrome::filled;
use crate::render::context::picture::PictureCtx;
use crate::render::context::Contexts;

/// Article `i`'s page, appended to `out`.
pub(crate) fn article(c: &Contexts, i: usize, out: &mut Vec<u8>) {
    let chrome = c.chrome();
    c.with_article(
        i,
        |n| c.listed_link(n),
        |page, og, description| {
            let o = &mut Out(out);
            open(chrome, o);
            rtl(o, page.title);
            o.raw(" | ");
            o.raw(&chrome.title);
            head(chrome, o, description, og);
            o.raw("<link rel=\"canonical\" href=\"");
            o.text(page.permalink);
            o.raw("\">");
            body(chrome, o);
            main(c, o, page);
            close(chrome, o);
        },
    );
}

/// A live article's entries, newest first.
fn live_updates(c: &Contexts, o: &mut Out, live: &LiveCtx) {
    let t = |key| c.word(key);
    o.raw("<section class=\"live\" aria-labelledby=\"live-title\"><h2 id=\"live-title\">");
    o.text(t("live_updates"));
    o.raw("</h2>");
    if let Some(end) = &live.end_iso {
        o.raw("<p class=\"live-ended\">");
        o.text(t("live_ended"));
        o.raw(" <time datetime=\"");
        o.text(end);
        o.raw("\">");
        o.text(live.end_human.as_deref().unwrap_or_default());
        o.raw("</time></p>");
    }
    o.raw("<ol class=\"live-updates\">");
    for update in &live.updates {
        o.raw("<li id=\"");
        o.text(update.anchor);
        o.raw("\"><h3><a href=\"#");
        o.text(update.anchor);
        o.raw("\"><time datetime=\"");
        o.text(&update.time_iso);
        o.raw("\">");
        if let Some(day) = &update.day_human {
            o.text(day);
            o.text(t("date_time_joiner"));
        }
        o.text(&update.time_human);
        o.raw("</time></a>");
        if let Some(headline) = update.headline {
            o.raw(" ");
            o.text(headline);
        }
        o.raw("</h3>");
        o.raw(&update.html);
        o.raw("</li>");
    }
    o.raw("</ol></section>");
}

/// The `main` block.
fn main(c: &Contexts, o: &mut Out, page: &ArticleCtx<ListedLink>) {
    let t = |key| c.word(key);
    o.raw("<article class=\"article\">");
    if !page.breadcrumbs.is_empty() {
        breadcrumbs(c, o, &page.breadcrumbs);
        if let Some(json_ld) = filled(&page.breadcrumb_json_ld) {
            o.raw("<script type=\"application/ld+json\">");
            o.raw(json_ld);
            o.raw("</script>");
        }
    }
    header(c, o, page);
    if let Some(picture) = &page.picture {
        lead_picture(c, o, picture);
    }
    o.raw("<div class=\"article-body\">");
    o.raw(&page.body_html);
    o.raw("</div>");
    if !page.gallery.is_empty() {
        gallery(c, o, &page.gallery);
    }
    if let Some(live) = &page.live {
        live_updates(c, o, live);
    }
    if !page.corrections.is_empty() {
        o.raw("<aside class=\"corrections\" aria-labelledby=\"corrections-title\"><h2 id=\"corrections-title\">");
        o.text(t("correction"));
        o.raw("</h2><ul>");
        for correction in &page.corrections {
            o.raw("<li>");
            if let Some(iso) = &correction.date_iso {
                o.raw("<time datetime=\"");
                o.text(iso);
                o.raw("\">");
                o.text(correction.date_human.as_deref().unwrap_or_default());
                o.raw("</time>: ");
            }
            o.text(correction.text);
            o.raw("</li>");
        }
        o.raw("</ul></aside>");
    }
    if !page.tags.is_empty() {
        o.raw("<ul class=\"tags\" aria-label=\"");
        o.text(t("tags"));
        o.raw("\">");
        for tag in &page.tags {
            o.raw("<li>");
            term(o, tag);
            o.raw("</li>");
        }
        o.raw("</ul>");
    }
    if let Some(share) = &page.share {
        o.raw("<section class=\"share\" aria-labelledby=\"share-title\"><h2 id=\"share-title\">");
        o.text(t("share"));
        o.raw("</h2><ul><li><a class=\"share-whatsapp\" href=\"");
        o.text(&share.whatsapp);
        o.raw("\" rel=\"noopener\" target=\"_blank\">");
        o.text(t("share_whatsapp"));
        o.raw("</a></li><li><a class=\"share-x\" href=\"");
        o.text(&share.x);
        o.raw("\" rel=\"noopener\" target=\"_blank\">");
        o.text(t("share_x"));
        o.raw("</a></li><li><a class=\"share-facebook\" href=\"");
        o.text(&share.facebook);
        o.raw("\" rel=\"noopener\" target=\"_blank\">");
        o.text(t("share_facebook"));
        o.raw("</a></li><li><a class=\"share-telegram\" href=\"");
        o.text(&share.telegram);
        o.raw("\" rel=\"noopener\" target=\"_blank\">");
        o.text(t("share_telegram"));
        o.raw("</a></li><li><button type=\"button\" class=\"copy-link\" data-url=\"");
        o.text(&share.url);
        o.raw("\" data-done=\"");
        o.text(t("link_copied"));
        o.raw("\" hidden>");
        o.text(t("copy_link"));
        o.raw("</button></li></ul><script>(function(){var b=document.querySelector(\".copy-link\");if(!b||!navigator.clipboard)return;b.hidden=false;b.addEventListener(\"click\",function(){navigator.clipboard.writeText(b.dataset.url).then(function(){b.textContent=b.dataset.done;});});})();</script></section>");
    }
    if !page.read_also.is_empty() {
        o.raw("<section class=\"read-also\" aria-labelledby=\"read-also-title\"><h2 id=\"read-also-title\">");
        o.text(t("read_also"));
        o.raw("</h2><ul>");
        for link in &page.read_also {
            read_also(o, link);
        }
        o.raw("</ul></section>");
    }
    if !page.backlinks.is_empty() || !page.related.is_empty() {
        o.raw("<section class=\"backlinks\" aria-labelledby=\"backlinks-title\"><h2 id=\"backlinks-title\">");
        o.text(t("related"));
        o.raw("</h2><ul>");
        for other in &page.backlinks {
            o.raw("<li>");
            listed(o, other);
        }
        for other in &page.related {
            o.raw("<li class=\"found\">");
            listed(o, other);
        }
        o.raw("</ul></section>");
    }
    if !page.most_read.is_empty() {
        o.raw("<section class=\"most-read-box\" aria-labelledby=\"most-read-title\"><h2 id=\"most-read-title\">");
        o.text(t("most_read"));
        o.raw("</h2><ol class=\"most-read\">");
        for story in page.most_read {
            o.raw("<li>");
            o.link(&story.url, &story.name);
            o.raw("</li>");
        }
        o.raw("</ol></section>");
    }
    o.raw("<nav class=\"archive-links\" aria-label=\"");
    o.text(t("archive_of_this_date"));
    o.raw("\"><span>");
    o.text(t("from_the_archive"));
    o.raw("</span>");
    for (crumb, words) in [
        (&page.day, "news_of_day"),
        (&page.month, "news_of_month"),
        (&page.year, "news_of_year"),
    ] {
        o.raw(" <a href=\"");
        o.text(&crumb.url);
        o.raw("\">");
        o.text(t(words));
        o.raw(" ");
        o.text(&crumb.label);
        o.raw("</a>");
    }
    o.raw("</nav>");
    if page.older.is_some() || page.newer.is_some() {
        o.raw("<nav class=\"prev-next\" aria-label=\"");
        o.text(t("story_sequence"));
        o.raw("\">");
        if let Some(older) = &page.older {
            sequence_link(o, "prev", older.url, t("previous_story"), older.title);
            o.raw(" ");
        }
        if let Some(newer) = &page.newer {
            sequence_link(o, "next", newer.url, t("next_story"), newer.title);
        }
        o.raw("</nav>");
    }
    o.raw("</article><script type=\"application/ld+json\">");
    o.raw(&page.json_ld);
    o.raw("</script>");
}

/// The article's header: notes, headline, byline and the meta line.
fn header(c: &Contexts, o: &mut Out, page: &ArticleCtx<ListedLink>) {
    let t = |key| c.word(key);
    o.raw("<header class=\"article-header\">");
    if page.scheduled {
        o.raw("<p class=\"scheduled\" role=\"note\">");
        o.text(t("scheduled"));
        o.raw("</p>");
    }
    if page.pasted {
        o.raw("<p class=\"pasted\" role=\"note\">");
        o.text(t("pasted"));
        o.raw("</p>");
    }
    if let Some(columnist) = &page.columnist {
        o.raw("<div class=\"columnist\">");
        super::columnist_photo(o, columnist, "5rem");
        o.raw("<p>");
        match &columnist.url {
            Some(url) => o.link(url, &columnist.name),
            None => o.text(&columnist.name),
        }
        if !columnist.role.is_empty() {
            o.raw(" <span class=\"role\">");
            o.text(&columnist.role);
            o.raw("</span>");
        }
        o.raw("</p></div>");
    }
    if page.live.as_ref().is_some_and(|live| live.on) {
        o.raw("<p class=\"live-label\">");
        o.text(t("live"));
        o.raw("</p>");
    }
    o.raw("<h1>");
    o.text(page.title);
    o.raw("</h1>");
    if !page.authors.is_empty() {
        o.raw("<p class=\"byline\">");
        o.text(&page.byline);
        o.raw(" ");
        for (n, author) in page.authors.iter().enumerate() {
            if n > 0 {
                o.text(t("names_joiner"));
            }
            o.raw("<span class=\"author\">");
            term(o, author);
            o.raw("</span>");
        }
        o.raw("</p>");
    }
    o.raw("<p class=\"meta\">");
    date_line(c, o, page);
    o.raw(" ");
    if let Some(city) = &page.city {
        o.raw("<span class=\"city\">");
        term(o, city);
        o.raw("</span>");
    }
    o.raw(" ");
    if let Some(source) = &page.source {
        o.raw("<span class=\"source\">");
        o.text(t("source"));
        o.raw(" ");
        term(o, source);
        o.raw("</span>");
    }
    o.raw(" ");
    if let Some(updated) = filled(&page.updated_human) {
        o.raw("<span class=\"updated\">");
        o.text(t("updated"));
        o.raw(" <time datetime=\"");
        o.text(page.updated_iso.as_deref().unwrap_or_default());
        o.raw("\">");
        o.text(updated);
        o.raw("</time></span>");
    }
    o.raw("</p></header>");
}

/// «الاثنين 27 ذي الحجة 1446 هـ - 23 يونيو 2025 م، 6:55 مساءً» with the
/// Hijri date, «الاثنين، 23 يونيو 2025، 6:55 مساءً» without.
fn date_line(c: &Contexts, o: &mut Out, page: &ArticleCtx<ListedLink>) {
    let t = |key| c.word(key);
    let time = filled(&page.time_human);
    let Some(hijri) = filled(&page.hijri_human) else {
        o.raw("<time datetime=\"");
        o.text(page.date_iso);
        o.raw("\">");
        o.text(page.date_human);
        if let Some(time) = time {
            o.text(t("date_time_joiner"));
            o.text(time);
        }
        o.raw("</time>");
        return;
    };
    o.raw("<time class=\"calendars\" datetime=\"");
    o.text(page.date_iso);
    o.raw("\"><span class=\"hijri\">");
    o.text(page.weekday);
    o.raw(" ");
    o.text(hijri);
    o.raw("</span>");
    o.text(t("calendars_joiner"));
    o.raw("<span class=\"gregorian\">");
    o.text(page.day_human);
    o.raw(" ");
    o.text(t("gregorian_era"));
    if let Some(time) = time {
        o.text(t("date_time_joiner"));
        o.text(time);
    }
    o.raw("</span></time>");
}

/// A term, linked to its page when it has one.
fn term(o: &mut Out, term: &TermCtx) {
    match filled(&term.url) {
        Some(url) => {
            o.link(url, term.name);
        }
        None => o.text(term.name),
    }
}

fn lead_picture(c: &Contexts, o: &mut Out, picture: &PictureCtx) {
    o.raw("<figure class=\"lead-picture\"><picture>");
    image(o, picture, "(max-width: 47rem) 100vw, 756px");
    o.raw(" alt=\"");
    if let Some(caption) = filled(&picture.caption) {
        o.text(caption);
    }
    o.raw("\" fetchpriority=\"high\" decoding=\"async\"></picture>");
    figcaption(c, o, picture);
    o.raw("</figure>");
}

/// The pictures after the lead: a strip that snaps on phones, a grid on
/// wider screens (the stylesheet's), lazily loaded.
fn gallery(c: &Contexts, o: &mut Out, shots: &[PictureCtx]) {
    o.raw("<section class=\"gallery\" aria-labelledby=\"gallery-title\"><h2 id=\"gallery-title\">");
    o.text(c.word("gallery"));
    o.raw("</h2><ul class=\"gallery-strip\" tabindex=\"0\" aria-labelledby=\"gallery-title\">");
    for shot in shots {
        o.raw("<li><figure><picture>");
        image(o, shot, "(max-width: 47rem) 85vw, 250px");
        o.raw(" alt=\"");
        if let Some(caption) = filled(&shot.caption) {
            o.text(caption);
        }
        o.raw("\" loading=\"lazy\" decoding=\"async\"></picture>");
        figcaption(c, o, shot);
        o.raw("</figure></li>");
    }
    o.raw("</ul></section>");
}

/// A picture's caption and credit, when it has either.
fn figcaption(c: &Contexts, o: &mut Out, picture: &PictureCtx) {
    let caption = filled(&picture.caption);
    let credit = filled(&picture.credit);
    if caption.is_some() || credit.is_some() {
        o.raw("<figcaption>");
        if let Some(caption) = caption {
            o.text(caption);
        }
        if let Some(credit) = credit {
            o.raw(" <span class=\"credit\">");
            o.text(c.word("picture_credit"));
            o.raw(" ");
            o.text(credit);
            o.raw("</span>");
        }
        o.raw("</figcaption>");
    }
}

fn read_also(o: &mut Out, link: &LinkCtx) {
    o.raw("<li>");
    match filled(&link.url) {
        Some(url) => {
            o.raw("<a href=\"");
            o.text(url);
            o.raw("\">");
            o.text(&link.title);
            o.raw("</a> <time datetime=\"");
            o.text(link.date_iso.as_deref().unwrap_or_default());
            o.raw("\">");
            o.text(link.date_human.as_deref().unwrap_or_default());
            o.raw("</time>");
        }
        None => {
            o.raw("<span class=\"unresolved\">");
            o.text(&link.title);
            o.raw("</span>");
            if let Some(excerpt) = filled(&link.excerpt) {
                o.raw("<span class=\"excerpt\">");
                o.text(excerpt);
                o.raw("</span>");
            }
        }
    }
    o.raw("</li>");
}

/// A backlink or related story, after its `<li>`.
fn listed(o: &mut Out, other: &ListedLink) {
    o.raw("<a href=\"");
    o.text(other.url);
    o.raw("\">");
    o.text(other.title);
    o.raw("</a> <time datetime=\"");
    o.text(other.date_iso);
    o.raw("\">");
    o.text(other.date_human);
    o.raw("</time></li>");
}
