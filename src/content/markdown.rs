//! Markdown articles: front matter (see [`super::frontmatter`]) and a
//! CommonMark body rendered by pulldown-cmark and sanitised by ammonia. A final
//! `## إقرأ أيضاً` section (any spelling) is read as read-also references.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::frontmatter::{self, Fields};
use super::{dateline, read_also_header, Article, ImageRef, ReadAlsoRef};
use crate::dates::parse_date_time;
use crate::dates::Zone;
use crate::load::SourceFile;
use crate::report::Diagnostic;

pub(crate) fn parse(source: &SourceFile, offset: Zone) -> (Option<Article>, Vec<Diagnostic>) {
    let file = Some(source.path.as_path());
    let split = match frontmatter::split(&source.text) {
        Ok(split) => split,
        Err(e) => {
            let msg = format!("{}: article left out", e.message);
            return (None, vec![Diagnostic::error(file, e.line, msg)]);
        }
    };
    if super::sanitize::too_deep(split.body) {
        let msg = format!(
            "raw HTML in the body nests elements more than {} deep: article left out",
            super::sanitize::MAX_HTML_DEPTH
        );
        return (
            None,
            vec![Diagnostic::error(file, Some(split.body_line), msg)],
        );
    }
    let mut shortcode_notes = Vec::new();
    match build(source, &split, offset, &mut shortcode_notes) {
        Ok(article) => {
            let mut notes = unknown_keys(source, &split);
            notes.append(&mut shortcode_notes);
            notes.extend(sanitizer_notes(source, split.body, split.body_line));
            if !tables_allowed(split.body) {
                notes.push(Diagnostic::warning(
                    file,
                    Some(split.body_line),
                    format!(
                        "the tables of the body would make more than {MAX_TABLE_CELLS} cells \
                         (every row is filled out to the header's columns): they are shown as \
                         text"
                    ),
                ));
            }
            (Some(article), notes)
        }
        Err(message) => {
            let msg = format!("{message}: article left out");
            (None, vec![Diagnostic::error(file, Some(1), msg)])
        }
    }
}

fn build(
    source: &SourceFile,
    split: &frontmatter::Split,
    offset: Zone,
    notes: &mut Vec<Diagnostic>,
) -> Result<Article, String> {
    let fields = Fields(&split.fields);
    let title = fields
        .string("title")?
        .ok_or("front matter has no `title`")?;
    let date_text = fields.string("date")?.ok_or("front matter has no `date`")?;
    let (date, timed) = parse_date_time(&date_text, offset).map_err(|e| format!("`date`: {e}"))?;
    let updated = match fields.string("updated")?.or(fields.string("lastmod")?) {
        Some(text) => Some(parse_date_time(&text, offset).map_err(|e| format!("`updated`: {e}"))?),
        None => None,
    };
    let mut tags = fields.strings("tags")?;
    let mut authors = fields.strings("authors")?;
    authors.extend(fields.strings("author")?);
    authors.retain(|a| !a.trim().is_empty());
    if let Some(serde_json::Value::Object(taxonomies)) = split.fields.get("taxonomies") {
        tags.extend(frontmatter::list_of_strings(
            taxonomies.get("tags"),
            "taxonomies.tags",
        )?);
    }
    let (body, section) = split_read_also_section(split.body, split.body_line);
    let mut read_also: Vec<ReadAlsoRef> = fields
        .strings("read_also")?
        .into_iter()
        .map(|t| ReadAlsoRef::new(t, None))
        .collect();
    read_also.extend(section);
    let shortcodes = super::embed::shortcodes_in(body, split.body_line);
    for (line, problem) in &shortcodes.problems {
        notes.push(Diagnostic::warning(
            Some(&source.path),
            Some(*line),
            format!("{problem}: the shortcode is shown as it is written"),
        ));
    }
    let body = shortcodes.text.as_ref();
    let is_live = fields.bool("live")?;
    let (rendered, mut entries) = if is_live {
        render_live(body, offset)
    } else {
        (render_markdown(body), Vec::new())
    };
    let Rendered {
        html: body_html,
        lead,
        images,
        links: body_links,
    } = rendered;
    let line_of = |offset: usize| {
        let offset = offset.min(body.len());
        let added = shortcodes
            .added_breaks
            .iter()
            .filter(|&&b| b < offset)
            .count();
        split.body_line + body[..offset].matches('\n').count() - added
    };
    let mut body_images: Vec<ImageRef> = images
        .into_iter()
        .map(|(src, offset)| ImageRef {
            line: Some(line_of(offset)),
            src,
            ..ImageRef::default()
        })
        .collect();
    // A `figure` shortcode's picture is processed like the body's.
    for embed in &shortcodes.embeds {
        if let super::embed::Embed::Figure { src, .. } = embed {
            if is_local(src) {
                body_images.push(ImageRef {
                    src: src.clone(),
                    line: Some(split.body_line),
                    ..ImageRef::default()
                });
            }
        }
    }
    let corrections = corrections_of(split, offset, source, notes);
    // `[[pictures]]`: the first is the lead unless `image` names one.
    let mut pictures = pictures_of(split, source, notes).into_iter();
    let image = match lead_image(source, split, &fields)? {
        Some(image) => Some(image),
        None => pictures.next(),
    };
    let gallery = pictures
        .map(|image| super::picture::GalleryPicture {
            image,
            picture: None,
        })
        .collect();
    let live = if is_live {
        entries.extend(updates_of(split, offset, source, notes));
        let end = match fields.string("live_end")? {
            Some(text) => Some(
                parse_date_time(&text, offset)
                    .map_err(|e| format!("`live_end`: {e}"))?
                    .0,
            ),
            None => None,
        };
        Some(Box::new(super::live::finish(entries, date, end, offset)))
    } else {
        if split.fields.contains_key("updates") || split.fields.contains_key("live_end") {
            notes.push(Diagnostic::warning(
                Some(&source.path),
                None,
                "`updates` and `live_end` are read only with `live = true`: they are ignored",
            ));
        }
        None
    };
    let source_name = fields.string("source")?;
    let dateline = dateline::split(&lead).filter(|d| !dateline::is_not_a_place(d.city));
    let mut body_html = body_html;
    if let Some(d) = &dateline {
        mark_dateline(&mut body_html, d.prefix);
    }
    let city = match fields.string("city")? {
        Some(city) => Some(city),
        None => dateline
            .as_ref()
            .filter(|d| !dateline::is_outlet(d.city, source_name.as_deref()))
            .map(|d| d.city.to_string()),
    };
    let lead = dateline.map_or(lead.as_str(), |d| d.rest).to_string();
    Ok(Article {
        id: source.id.clone(),
        path: source.path.clone(),
        kind: source.kind,
        title,
        date,
        timed,
        updated: super::updated_with(updated.map(|(date, _)| date), &corrections, live.as_deref()),
        // Corrections and entries are timed.
        updated_timed: updated.is_none_or(|(_, timed)| timed),
        city,
        source: source_name,
        body: body_html.into(),
        lead,
        read_also: dedup_refs(read_also),
        tags,
        authors,
        section: fields.string("section")?,
        furniture: Vec::new(),
        // Cleaned when paths are assigned, in the site's slug style.
        slug: fields.string("slug")?.filter(|s| !s.trim().is_empty()),
        draft: fields.bool("draft")?,
        featured: fields.bool("featured")?,
        breaking: fields.bool("breaking")?,
        description: fields.string("description")?,
        image,
        gallery,
        aliases: fields.strings("aliases")?,
        body_images,
        body_links,
        extra: extra_of(split),
        embeds: shortcodes.embeds,
        corrections,
        live,
        template: fields
            .string("template")?
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        ..Article::default()
    })
}

/// Front matter `[[corrections]]`: each a `text` and a `date`. One that
/// cannot be read is a warning, and left out.
fn corrections_of(
    split: &frontmatter::Split,
    offset: Zone,
    source: &SourceFile,
    notes: &mut Vec<Diagnostic>,
) -> Vec<super::Correction> {
    let path = source.path.as_path();
    let Some((items, line)) = tables_of(split, source, "corrections") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in items {
        let text = item.get("text").and_then(|t| t.as_str()).map(str::trim);
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            notes.push(Diagnostic::warning(
                Some(path),
                line,
                "a correction needs `text` (and a `date`): it is left out",
            ));
            continue;
        };
        let date = match item.get("date").and_then(|d| d.as_str()) {
            None => None,
            Some(written) => match parse_date_time(written, offset) {
                Ok((date, _)) => Some(date),
                Err(e) => {
                    notes.push(Diagnostic::warning(
                        Some(path),
                        line,
                        format!("the date of a correction, «{written}»: {e}; it is shown undated"),
                    ));
                    None
                }
            },
        };
        found.push(super::Correction {
            date,
            text: text.to_string(),
        });
    }
    found
}

/// A front matter list of tables (`[[key]]`, `key = [...]`; one table
/// alone counts as a list of one), with the line that opens it.
fn tables_of<'s>(
    split: &'s frontmatter::Split,
    source: &SourceFile,
    key: &str,
) -> Option<(&'s [serde_json::Value], Option<usize>)> {
    let value = split.fields.get(key)?;
    let items = match value {
        serde_json::Value::Array(items) => items.as_slice(),
        _ => std::slice::from_ref(value),
    };
    // `key = [...]`, `[[key]]` or `key:`.
    let line = source
        .text
        .lines()
        .take(split.body_line)
        .position(|l| l.trim_start().trim_start_matches('[').starts_with(key))
        .map(|n| n + 1);
    Some((items, line))
}

/// Front matter `[[pictures]]`: each a `src` with its `caption` and
/// `credit` (or a list of addresses). One without a `src` is a warning,
/// and left out.
fn pictures_of(
    split: &frontmatter::Split,
    source: &SourceFile,
    notes: &mut Vec<Diagnostic>,
) -> Vec<ImageRef> {
    let Some((items, line)) = tables_of(split, source, "pictures") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in items {
        let field = |name: &str| {
            item.get(name)
                .and_then(|t| t.as_str())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let src = item
            .as_str()
            .map(|s| s.trim().to_string())
            .or_else(|| field("src"));
        let Some(src) = src.filter(|s| !s.is_empty()) else {
            let msg = "a picture of `pictures` needs a `src`: it is left out";
            notes.push(Diagnostic::warning(Some(&source.path), line, msg));
            continue;
        };
        found.push(ImageRef {
            src,
            caption: field("caption"),
            credit: field("credit"),
            line,
        });
    }
    found
}

/// Front matter `[[updates]]` of a live article: each a `time` (of day,
/// or a whole date) and a `text` in Markdown, with a `title` if it has
/// one. One that cannot be read is a warning, and left out.
fn updates_of(
    split: &frontmatter::Split,
    offset: Zone,
    source: &SourceFile,
    notes: &mut Vec<Diagnostic>,
) -> Vec<super::live::Entry> {
    let Some((items, line)) = tables_of(split, source, "updates") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in items {
        let field = |name: &str| item.get(name).and_then(|t| t.as_str()).map(str::trim);
        let (Some(time), Some(text)) = (field("time"), field("text").filter(|t| !t.is_empty()))
        else {
            let msg = "an entry of `updates` needs a `time` and a `text`: it is left out";
            notes.push(Diagnostic::warning(Some(&source.path), line, msg));
            continue;
        };
        let Some(when) = super::live::written_time(time, offset) else {
            let msg = format!(
                "the time of an entry of `updates`, «{time}», is neither a time of day (14:35) \
                 nor a date and time: the entry is left out"
            );
            notes.push(Diagnostic::warning(Some(&source.path), line, msg));
            continue;
        };
        let rendered = render_markdown(text);
        found.push(super::live::Entry {
            when,
            headline: field("title").filter(|t| !t.is_empty()).map(str::to_string),
            text: plain_text(&events_of(text).0),
            html: rendered.html,
        });
    }
    found
}

/// Sets the dateline opening the first paragraph in bold, as the raw
/// parser does: `<p><span class="dateline">بيروت -</span> …`. Left as it is
/// when the paragraph's HTML does not open with it (a link, emphasis).
fn mark_dateline(html: &mut String, prefix: &str) {
    let shown = crate::html::escape_html(prefix.trim_end());
    let Some(at) = html.find("<p>").map(|p| p + "<p>".len()) else {
        return;
    };
    let Some(after) = html[at..].strip_prefix(shown.as_str()) else {
        return;
    };
    let rest = html.len() - after.trim_start_matches(' ').len();
    let span = format!("<span class=\"dateline\">{shown}</span> ");
    html.replace_range(at..rest, &span);
}

/// Front matter `image` with `image_caption` and `image_credit`.
fn lead_image(
    source: &SourceFile,
    split: &frontmatter::Split,
    fields: &Fields,
) -> Result<Option<ImageRef>, String> {
    let Some(src) = fields.string("image")?.filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    Ok(Some(ImageRef {
        src: src.trim().to_string(),
        caption: fields.string("image_caption")?,
        credit: fields.string("image_credit")?,
        line: key_line(&source.text, "image", split.body_line),
    }))
}

/// The front matter keys sahifa reads, as a list (for the messages) and
/// as a `match` (for every key of every file: a jump on the length and one
/// comparison, not a walk of the list).
macro_rules! known_keys {
    ($($key:literal),* $(,)?) => {
        /// The front matter keys sahifa reads. Any other is reported, so that
        /// a typo (`auther`) or a key from another generator (`category`)
        /// does not vanish without a word.
        pub(crate) const KNOWN_KEYS: &[&str] = &[$($key),*];

        fn is_known_key(key: &str) -> bool {
            matches!(key, $($key)|*)
        }
    };
}

known_keys![
    "title",
    "date",
    "updated",
    "lastmod",
    "author",
    "authors",
    "section",
    "tags",
    "taxonomies",
    "read_also",
    "city",
    "source",
    "slug",
    "draft",
    "featured",
    "breaking",
    "description",
    "image",
    "image_caption",
    "image_credit",
    "extra",
    "template",
    "corrections",
    "live",
    "live_end",
    "updates",
    "pictures",
    "aliases",
];

/// A warning for each front matter key sahifa does not read, on its line,
/// with the key that was probably meant.
fn unknown_keys(source: &SourceFile, split: &frontmatter::Split) -> Vec<Diagnostic> {
    let mut notes: Vec<Diagnostic> = split
        .fields
        .keys()
        .filter(|key| !is_known_key(key))
        .map(|key| {
            let hint = match crate::report::did_you_mean(key, KNOWN_KEYS.iter().copied()) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the keys read are {}", KNOWN_KEYS.join(", ")),
            };
            Diagnostic::warning(
                Some(&source.path),
                key_line(&source.text, key, split.body_line),
                format!(
                    "front matter key `{key}` is not one sahifa reads, so it is ignored; {hint} \
                     (a field of your own goes under `[extra]`, YAML `extra:`, and templates \
                     read it as `page.extra.{key}`)"
                ),
            )
        })
        .collect();
    if split.fields.get("extra").is_some_and(|e| !e.is_object()) {
        notes.push(Diagnostic::warning(
            Some(&source.path),
            key_line(&source.text, "extra", split.body_line),
            "front matter `extra` is not a table of fields (`[extra]` in TOML, `extra:` with \
             keys under it in YAML), so it is ignored",
        ));
    }
    notes
}

/// The front matter's `[extra]` table, when it has fields.
fn extra_of(split: &frontmatter::Split) -> Option<std::sync::Arc<serde_json::Value>> {
    let extra = split.fields.get("extra")?;
    let has_fields = extra.as_object().is_some_and(|fields| !fields.is_empty());
    has_fields.then(|| std::sync::Arc::new(extra.clone()))
}

/// The line of front matter that sets `key` (`key = …` or `key: …`).
fn key_line(text: &str, key: &str, body_line: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .take(body_line.saturating_sub(1))
        .find(|(_, line)| {
            let line = line.trim_start().trim_start_matches('"');
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':', '"']))
        })
        .map(|(n, _)| n + 1)
}

/// A warning for each element or attribute the sanitiser removes from the
/// body's raw HTML, on the line where it was written.
fn sanitizer_notes(source: &SourceFile, body: &str, body_line: usize) -> Vec<Diagnostic> {
    if memchr::memchr(b'<', body.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut notes = Vec::new();
    for (event, range) in Parser::new_ext(body, options(tables_allowed(body))).into_offset_iter() {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        let line = body_line + body[..range.start].matches('\n').count();
        for removed in super::sanitize::removals(&html) {
            notes.push(Diagnostic::warning(
                Some(&source.path),
                Some(line),
                format!("raw HTML: {removed} is removed for safety"),
            ));
        }
    }
    notes
}

/// Splits the body at a read-also heading; the list under it becomes
/// references (list markers and link syntax removed).
fn split_read_also_section(body: &str, body_line: usize) -> (&str, Vec<ReadAlsoRef>) {
    let mut offset = 0;
    // Lines found by memchr: `split_inclusive` searches a byte at a time.
    let ends = memchr::memchr_iter(b'\n', body.as_bytes())
        .map(|at| at + 1)
        .chain((!body.ends_with('\n')).then_some(body.len()));
    for (i, end) in ends.enumerate() {
        let line = &body[offset..end];
        let start = line.trim_start();
        let is_heading = start.starts_with('#') || start.starts_with("**");
        if is_heading && read_also_header(start.trim_end()).is_some_and(str::is_empty) {
            let refs = body[offset + line.len()..]
                .lines()
                .enumerate()
                .filter_map(|(j, l)| {
                    let title = list_item_text(l)?;
                    Some(ReadAlsoRef::new(title, Some(body_line + i + 1 + j)))
                })
                .collect();
            return (&body[..offset], refs);
        }
        offset += line.len();
    }
    (body, Vec::new())
}

/// `- [عنوان](/url/)` → `عنوان`; `* عنوان` → `عنوان`; blank → None.
fn list_item_text(line: &str) -> Option<String> {
    let mut text = line.trim();
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = text.strip_prefix(marker) {
            text = rest.trim();
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        text = text[digits + 2..].trim();
    }
    if let Some(inner) = text.strip_prefix('[') {
        if let Some((label, _)) = inner.split_once("](") {
            text = label.trim();
        }
    }
    (!text.is_empty()).then(|| text.to_string())
}

fn dedup_refs(refs: Vec<ReadAlsoRef>) -> Vec<ReadAlsoRef> {
    let mut seen = std::collections::HashSet::new();
    refs.into_iter()
        .filter(|r| seen.insert(r.key.clone()))
        .collect()
}

fn options(tables: bool) -> Options {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if tables {
        options | Options::ENABLE_TABLES
    } else {
        options
    }
}

/// The most table cells a body may make. A row is filled out to its
/// header's columns, so a header of a thousand `|` over a thousand short
/// rows made 46 KB of Markdown into 15 MB of HTML, copied into the feeds.
const MAX_TABLE_CELLS: usize = 20_000;

/// Whether the tables of `body` stay within [`MAX_TABLE_CELLS`]: each run
/// of lines with a `|` counted as its first line's columns times its lines.
fn tables_allowed(body: &str) -> bool {
    if memchr::memchr(b'|', body.as_bytes()).is_none() {
        return true;
    }
    let (mut cells, mut columns) = (0usize, 0usize);
    for line in body.lines() {
        if line.contains('|') {
            if columns == 0 {
                columns = line.matches('|').count() + 1;
            }
            cells = cells.saturating_add(columns);
        } else {
            columns = 0;
        }
    }
    cells <= MAX_TABLE_CELLS
}

/// CommonMark → HTML, then ammonia: raw HTML is kept only where it is safe
/// (no scripts, event handlers or `javascript:` URLs). A body of plain prose
/// (see [`is_plain`]) comes out of pulldown-cmark already safe and skips
/// ammonia, which would otherwise be half the cost of parsing a site.
///
/// Returns the HTML and the plain text of the first paragraph (the lead),
/// both from one parse: pulldown-cmark reads the whole document before its
/// first event, so a second parser for the lead would double the cost.
///
/// Also returns the local pictures of the body (`![…](path)`) with their
/// byte offsets, for the images stage, and its links to files of the site
/// (`[…](report.pdf)`), for [`super::files`].
pub(crate) fn render_markdown(body: &str) -> Rendered {
    let (events, images, links) = events_of(body);
    let lead = first_paragraph_text(&events);
    Rendered {
        html: render_events(events, body.len()),
        lead,
        images,
        links,
    }
}

/// A body's events, with its local pictures (and their offsets) and its
/// links that may name a file of the site.
type Events<'a> = (Vec<Event<'a>>, Vec<(String, usize)>, Vec<String>);

fn events_of(body: &str) -> Events<'_> {
    let mut images = Vec::new();
    let mut links = Vec::new();
    let events: Vec<Event> = Parser::new_ext(body, options(tables_allowed(body)))
        .into_offset_iter()
        .map(|(event, range)| {
            match &event {
                Event::Start(Tag::Image { dest_url, .. }) if is_local(dest_url) => {
                    images.push((dest_url.to_string(), range.start));
                }
                Event::Start(Tag::Link { dest_url, .. })
                    if super::files::is_file_link(dest_url) =>
                {
                    links.push(dest_url.to_string());
                }
                _ => {}
            }
            event
        })
        .collect();
    (events, images, links)
}

/// A live article's body: what comes before its first `## 14:35` heading
/// (a heading of the body itself, not one in a quote or a list) is the
/// body, each heading's section an entry.
fn render_live(body: &str, zone: Zone) -> (Rendered, Vec<super::live::Entry>) {
    let (events, images, links) = events_of(body);
    let mut starts: Vec<(usize, usize, super::live::When, Option<String>)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H2,
                ..
            }) if depth == 0 => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |n| i + n);
                let text = plain_text(&events[i + 1..end]);
                if let Some((when, headline)) = super::live::heading_time(&text, zone) {
                    starts.push((i, end + 1, when, headline));
                }
                i = end;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let mut events = events;
    let mut entries = Vec::with_capacity(starts.len());
    for (start, after_heading, when, headline) in starts.into_iter().rev() {
        let own: Vec<Event> = events.drain(start..).skip(after_heading - start).collect();
        let text = plain_text(&own);
        entries.push(super::live::Entry {
            when,
            headline,
            html: render_events(own, 0),
            text,
        });
    }
    entries.reverse();
    let lead = first_paragraph_text(&events);
    let rendered = Rendered {
        html: render_events(events, body.len()),
        lead,
        images,
        links,
    };
    (rendered, entries)
}

/// The words of some events, spaced at breaks and block ends.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// A Markdown body as HTML, with what the later stages need from it.
pub(crate) struct Rendered {
    pub html: String,
    /// The plain text of the first paragraph.
    pub lead: String,
    /// Local pictures, with the byte offset of each.
    pub images: Vec<(String, usize)>,
    /// Links that may name a file of the site, as written.
    pub links: Vec<String>,
}

/// Whether a picture's address is a file of the site (not a URL elsewhere,
/// not inline data).
fn is_local(src: &str) -> bool {
    !(src.is_empty() || src.contains("://") || src.starts_with("data:") || src.starts_with("//"))
}

fn render_events(events: Vec<Event>, source_len: usize) -> String {
    let plain = events.iter().all(is_plain);
    let mut html = String::with_capacity(source_len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if plain {
        // Articles stay in memory for the whole build: no spare capacity.
        html.shrink_to_fit();
        return html;
    }
    super::sanitize::clean(&html)
}

/// Whether pulldown-cmark renders this event as markup ammonia would keep
/// unchanged: text (always escaped) and attribute-free structure. Raw HTML,
/// links and images (URL schemes, `rel`), classes, ids and styles are not.
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::End(_) => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::BlockQuote(None)
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            _ => false,
        },
        _ => false,
    }
}

/// The plain text of the first paragraph.
fn first_paragraph_text(events: &[Event]) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            // An embed's marker is no paragraph of text.
            Event::End(TagEnd::Paragraph) if inside && text.starts_with(super::embed::MARK) => {
                inside = false;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceKind;
    use chrono::FixedOffset;
    use std::path::PathBuf;

    fn parse_md(text: &str) -> (Option<Article>, Vec<Diagnostic>) {
        let source = SourceFile {
            path: PathBuf::from("content/x.md"),
            id: "x.md".into(),
            kind: SourceKind::Markdown,
            text: text.into(),
            modified: None,
        };
        parse(
            &source,
            FixedOffset::east_opt(0)
                .unwrap_or_else(|| unreachable!())
                .into(),
        )
    }

    fn parse_ok(text: &str) -> Article {
        let (article, notes) = parse_md(text);
        article.unwrap_or_else(|| panic!("expected an article: {notes:?}"))
    }

    /// A live article as an editor writes it: `## time` headings (one with
    /// words after the time), a heading that is no time, a time heading
    /// in a quote (no entry), and `[[updates]]`.
    const LIVE: &str = r#"+++
title = "الانتخابات البلدية: النتائج أولاً بأول"
date = 2026-12-07T18:00:00+00:00
live = true
live_end = 2026-12-08T02:00:00+00:00

[[updates]]
time = "19:15"
text = "أغلقت مراكز الاقتراع **أبوابها**."
+++

تونس - تتابع هذه الصفحة فرز الأصوات.

## خلفية

جرت الانتخابات في 350 بلدية.

## 21:40 النتائج الأولى

أعلنت الهيئة النتائج الأولى.

> ## 20:00 ليس مدخلاً

## 18:30

بدأ الفرز.
"#;

    #[test]
    fn a_live_article_is_its_body_and_timed_entries_newest_first() {
        let a = parse_ok(LIVE);
        let live = a.live.as_deref().unwrap_or_else(|| panic!("not live"));
        let entries: Vec<(String, Option<&str>)> = live
            .updates
            .iter()
            .map(|u| (u.time.format("%H:%M").to_string(), u.headline.as_deref()))
            .collect();
        assert_eq!(
            entries,
            [
                ("21:40".to_string(), Some("النتائج الأولى")),
                ("19:15".to_string(), None),
                ("18:30".to_string(), None),
            ]
        );
        let html = a.body.html();
        assert!(
            html.contains("350 بلدية") && html.contains("<h2>خلفية</h2>"),
            "{html}"
        );
        assert!(
            !html.contains("الهيئة") && !html.contains("بدأ الفرز"),
            "{html}"
        );
        assert!(
            live.updates[0].html.contains("ليس مدخلاً"),
            "a quoted heading stays in its entry"
        );
        assert!(live.updates[1].html.contains("<strong>أبوابها</strong>"));
        assert_eq!(live.updates[1].text, "أغلقت مراكز الاقتراع أبوابها.");
        assert_eq!(
            live.end.map(|e| e.to_rfc3339()).as_deref(),
            Some("2026-12-08T02:00:00+00:00")
        );
        assert_eq!(a.updated, live.latest());
        assert_eq!(a.city.as_deref(), Some("تونس"));
    }

    #[test]
    fn pictures_are_the_lead_and_a_gallery() {
        let a = parse_ok("+++\ntitle = \"t\"\ndate = 2025-11-11\n[[pictures]]\nsrc = \"a.jpg\"\ncaption = \"الأولى\"\ncredit = \"رويترز\"\n[[pictures]]\nsrc = \"b.jpg\"\ncaption = \"الثانية\"\n[[pictures]]\ncaption = \"بلا ملف\"\n+++\nنص.\n");
        let lead = a.image.unwrap_or_else(|| panic!("no lead"));
        assert_eq!(
            (lead.src.as_str(), lead.credit.as_deref()),
            ("a.jpg", Some("رويترز"))
        );
        assert_eq!(a.gallery.len(), 1);
        assert_eq!(a.gallery[0].image.caption.as_deref(), Some("الثانية"));
        // With `image`, every picture is the gallery's.
        let (a, notes) = parse_md("+++\ntitle = \"t\"\ndate = 2025-11-11\nimage = \"lead.jpg\"\npictures = [\"a.jpg\", \"b.jpg\"]\n+++\nنص.\n");
        let a = a.unwrap_or_else(|| panic!("{notes:?}"));
        assert_eq!(a.image.map(|i| i.src).as_deref(), Some("lead.jpg"));
        assert_eq!(a.gallery.len(), 2);
    }

    #[test]
    fn time_headings_without_live_are_headings() {
        let a = parse_ok(
            &LIVE
                .replace("live = true\n", "")
                .replace("live_end", "x_end"),
        );
        assert!(a.live.is_none());
        assert!(a.body.html().contains("<h2>21:40 النتائج الأولى</h2>"));
    }

    const FULL: &str = "+++\ntitle = \"عنوان المقال\"\ndate = 2025-11-08\nsource = \"رويترز\"\ntags = [\"سوريا\"]\nread_also = [\"مقال أول\"]\nslug = \"../../etc/passwd\"\n+++\n\nبيروت- الفقرة **الأولى**.\n\nالفقرة الثانية.\n\n## إقرأ أيضاً\n\n- مقال ثان\n- [مقال ثالث](/2025/x/)\n";

    #[test]
    fn front_matter_fields_and_body() {
        let a = parse_ok(FULL);
        assert_eq!(a.title, "عنوان المقال");
        assert_eq!(a.date.format("%Y-%m-%d").to_string(), "2025-11-08");
        assert_eq!(a.source.as_deref(), Some("رويترز"));
        assert_eq!(a.city.as_deref(), Some("بيروت"));
        assert_eq!(a.tags, ["سوريا"]);
        assert_eq!(
            a.slug.as_deref(),
            Some("../../etc/passwd"),
            "cleaned with the site's style"
        );
        assert!(a.body.html().contains("<strong>الأولى</strong>"));
        assert!(
            !a.body.html().contains("مقال ثان"),
            "the read-also section is not body"
        );
        assert_eq!(a.lead, "الفقرة الأولى.");
    }

    /// The README promises the dateline in bold in both formats (issue 31,
    /// item 8): the raw parser's markup, the city taken from it, and no
    /// dateline made of a headline's label or the outlet's own name.
    #[test]
    fn the_dateline_is_set_in_bold_as_in_raw_articles() {
        for (body, bold, city) in [
            ("بيروت - قال الوزير.", Some("بيروت -"), Some("بيروت")),
            ("دمشق- كشف وزير.", Some("دمشق-"), Some("دمشق")),
            (
                "القاهرة (أ ف ب) - أعلن.",
                Some("القاهرة (أ ف ب) -"),
                Some("القاهرة"),
            ),
            ("بالفيديو: شاهد الحريق.", None, None),
            ("قال الوزير إن الخطة جاهزة.", None, None),
            ("[بيروت](https://x.example/) - قال.", None, Some("بيروت")),
        ] {
            let a = parse_ok(&format!(
                "+++\ntitle = \"t\"\ndate = 2025-01-01\n+++\n{body}\n"
            ));
            let html = a.body.html();
            match bold {
                Some(prefix) => assert!(
                    html.starts_with(&format!("<p><span class=\"dateline\">{prefix}</span> ")),
                    "{body}: {html}"
                ),
                None => assert!(!html.contains("dateline"), "{body}: {html}"),
            }
            assert_eq!(a.city.as_deref(), city, "{body}");
        }
        let outlet = parse_ok("+++\ntitle = \"t\"\ndate = 2025-01-01\nsource = \"هوية بريس\"\n+++\nهوية بريس - قال.\n");
        assert_eq!(outlet.city, None);
    }

    #[test]
    fn read_also_from_front_matter_and_section() {
        let a = parse_ok(FULL);
        let titles: Vec<_> = a.read_also.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["مقال أول", "مقال ثان", "مقال ثالث"]);
        assert_eq!(a.read_also[1].line, Some(16));
    }

    #[test]
    fn raw_html_is_sanitised() {
        let a = parse_ok("---\ntitle: x\ndate: 2025-11-08\n---\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[link](javascript:alert(1))\n");
        assert!(!a.body.html().contains("<script"));
        assert!(!a.body.html().contains("onerror"));
        assert!(!a.body.html().contains("javascript:"));
    }

    #[test]
    fn plain_prose_skips_the_sanitiser_and_stays_escaped() {
        let a = parse_ok("---\ntitle: x\ndate: 2025-11-08\n---\nنص **قوي** و`<b>` & \"اقتباس\"\n\n## عنوان\n\n- بند\n");
        assert!(a.body.html().contains("<strong>قوي</strong>"));
        assert!(a.body.html().contains("<code>&lt;b&gt;</code> &amp;"));
        assert!(a.body.html().contains("<h2>عنوان</h2>"));
        assert!(a.body.html().contains("<li>بند</li>"));
    }

    #[test]
    fn anything_but_plain_prose_is_sanitised() {
        for body in [
            "[x](javascript:alert(1))",
            "![x](javascript:alert(1))",
            "## h {#id onclick=alert(1)}",
            "```js onload=alert(1)\nx\n```",
            "a <b onclick=alert(1)>b</b>",
        ] {
            let a = parse_ok(&format!("---\ntitle: x\ndate: 2025-11-08\n---\n{body}\n"));
            assert!(
                !a.body.html().contains("javascript:"),
                "{body}: {}",
                a.body.html()
            );
            assert!(
                !a.body.html().contains("onclick"),
                "{body}: {}",
                a.body.html()
            );
            assert!(
                !a.body.html().contains("onload"),
                "{body}: {}",
                a.body.html()
            );
        }
        let linked = parse_ok("---\ntitle: x\ndate: 2025-11-08\n---\n[x](https://example.org/)\n");
        assert!(linked.body.html().contains("rel=\"noopener\""));
    }

    #[test]
    fn missing_and_mistyped_fields_are_reported() {
        let (a, notes) = parse_md("+++\ndate = 2025-11-08\n+++\nنص");
        assert!(a.is_none());
        assert!(notes[0].message.contains("`title`"));
        let (a, notes) = parse_md("+++\ntitle = \"x\"\ndate = \"غدا\"\n+++\nنص");
        assert!(a.is_none());
        assert!(notes[0].message.contains("`date`"));
        let (a, notes) = parse_md("+++\ntitle = \"x\"\ndate = 2025-11-08\ntags = 3\n+++\nنص");
        assert!(a.is_none());
        assert!(notes[0].message.contains("`tags`"));
    }

    #[test]
    fn unknown_keys_are_reported_with_a_suggestion() {
        let (a, notes) = parse_md("+++\ntitle = \"x\"\ndate = 2025-11-08\nauther = \"سعاد\"\ncategory = \"سياسة\"\n+++\nنص");
        assert!(a.is_some(), "unknown keys do not stop the article");
        let texts: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 2, "{texts:?}");
        assert!(
            texts[0].contains("x.md:4:") && texts[0].contains("did you mean `author`?"),
            "{texts:?}"
        );
        assert!(
            texts[1].contains("x.md:5:") && texts[1].contains("`category`"),
            "{texts:?}"
        );
        let (_, notes) = parse_md("---\ntitle: x\ndate: 2025-11-08\nTags: [a]\n---\nنص");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(4));
        assert!(notes[0].message.contains("`tags`"), "{}", notes[0].message);
    }

    #[test]
    fn authors_from_either_key() {
        let a = parse_ok("+++\ntitle = \"x\"\ndate = 2025-11-08\nauthor = \"سعاد\"\n+++\nنص");
        assert_eq!(a.authors, ["سعاد"]);
        let a = parse_ok("---\ntitle: x\ndate: 2025-11-08\nauthors: [سعاد, علي]\n---\nنص");
        assert_eq!(a.authors, ["سعاد", "علي"]);
    }

    #[test]
    fn sanitised_html_is_reported_on_its_line() {
        let (a, notes) = parse_md("---\ntitle: x\ndate: 2025-11-08\n---\nفقرة.\n\n<iframe src=\"https://x.org/\"></iframe>\n\nنص <span dir=\"ltr\" style=\"color: red\">GPS</span>\n");
        let a = a.unwrap_or_else(|| panic!("{notes:?}"));
        assert!(!a.body.html().contains("iframe"));
        let texts: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 2, "{texts:?}");
        assert_eq!(notes[0].line, Some(7), "{texts:?}");
        assert!(texts[0].contains("<iframe>"), "{texts:?}");
        assert_eq!(notes[1].line, Some(9), "{texts:?}");
        assert!(texts[1].contains("`style`"), "{texts:?}");
        assert!(
            a.body.html().contains("<span dir=\"ltr\">GPS</span>"),
            "dir stays"
        );
    }

    #[test]
    fn yaml_dates_with_time_and_zone() {
        let a = parse_ok("---\ntitle: x\ndate: 2025-11-08T10:00:00+03:00\ndraft: true\n---\nنص");
        assert_eq!(a.date.to_rfc3339(), "2025-11-08T10:00:00+03:00");
        assert!(a.draft);
    }
}
