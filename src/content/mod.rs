//! Stage 2: parse each decoded file into an [`Article`]. Parsing never renders
//! templates and never touches other articles.

pub(crate) mod body;
pub(crate) mod dateline;
pub(crate) mod debris;
pub(crate) mod embed;
pub(crate) mod files;
pub(crate) mod frontmatter;
pub(crate) mod furniture;
pub(crate) mod live;
pub(crate) mod markdown;
pub(crate) mod page;
pub(crate) mod picture;
pub(crate) mod raw;
pub(crate) mod sanitize;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::arabic::normalize::{first_key_char, key_up_to};
use crate::dates::Zone;
use crate::load::{SourceFile, SourceKind};
use crate::report::Diagnostic;
pub(crate) use body::Body;
pub(crate) use picture::{ImageRef, Picture, Variant};

/// A related-article reference from a read-also section or front matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadAlsoRef {
    /// The title as written (spelling variants included).
    pub title: String,
    /// The related article's pasted paragraphs, when the file carried them.
    pub excerpt: Vec<String>,
    /// Line in the source file, when known.
    pub line: Option<usize>,
    /// The title's matching key ([`crate::arabic::normalize::key`]), made
    /// once: deduplication and resolution both need it.
    pub key: String,
}

impl ReadAlsoRef {
    /// A reference whose key was already made ([`crate::arabic::normalize::key`] of `title`).
    pub fn keyed(title: impl Into<String>, key: String, line: Option<usize>) -> Self {
        ReadAlsoRef {
            title: title.into(),
            excerpt: Vec::new(),
            line,
            key,
        }
    }

    /// A reference to `title` (its matching key made once), on `line` of the file.
    pub fn new(title: impl Into<String>, line: Option<usize>) -> Self {
        let title = title.into();
        ReadAlsoRef {
            key: crate::arabic::normalize::key(&title),
            title,
            excerpt: Vec::new(),
            line,
        }
    }
}

/// One article, as parsed from its file. Plain data: no links yet.
/// (`Default` is for building one field by field, as tests do.)
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Path under `content/`, with `/` separators: stable and unique.
    pub id: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Raw news text or Markdown.
    pub kind: SourceKind,
    /// The headline as written.
    pub title: String,
    /// Publication date, with the offset it was given in or the site's zone.
    pub date: DateTime<FixedOffset>,
    /// Whether the source gave the time of day (else `date` is midnight).
    pub timed: bool,
    /// Last update, when the file says so.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Whether the update gave the time of day.
    pub updated_timed: bool,
    /// The dateline city (`دمشق`).
    pub city: Option<String>,
    /// The agency or newspaper credited (`المصدر:`).
    pub source: Option<String>,
    /// The body as sanitised HTML (held compressed: [`Body::html`]).
    pub body: Body,
    /// The first paragraph as plain text (dateline removed): for descriptions.
    pub lead: String,
    /// The read-also titles, in order.
    pub read_also: Vec<ReadAlsoRef>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Who wrote it, for the byline (front matter `author` / `authors`),
    /// in the newsroom's order: the lead writer first.
    pub authors: Vec<String>,
    /// The byline's word as written in raw text («كتبت», «بقلم», «إعداد»):
    /// pages keep it, unless the site sets the `byline` string (a house
    /// style).
    pub byline: Option<String>,
    /// Its section's key: front matter `section` or raw `القسم:`, else the
    /// first folder under `content/`.
    pub section: Option<String>,
    /// Page furniture dropped from a raw body (reported once per site).
    pub furniture: Vec<String>,
    /// Hashes of a raw body's short lines ([`debris::line_hash`]), counted
    /// across the files of its source by the pipeline to find the site's
    /// furniture, then let go.
    pub short_lines: Vec<u64>,
    /// A slug the author chose (already cleaned).
    pub slug: Option<String>,
    /// Left out unless `--drafts`.
    pub draft: bool,
    /// Marked for the front page's lead (front matter `featured`).
    pub featured: bool,
    /// Breaking news (front matter `breaking`, a raw title led by «عاجل:»):
    /// shown in the front page's strip for `breaking_hours`.
    pub breaking: bool,
    /// The description the file gives; otherwise made from the lead.
    pub description: Option<String>,
    /// The lead picture as the file names it.
    pub image: Option<ImageRef>,
    /// Pictures in a Markdown body (`![…](…)`), local ones only.
    pub body_images: Vec<ImageRef>,
    /// The lead picture once the images stage has processed it; `None`
    /// before that stage, or when the picture could not be used.
    pub picture: Option<Picture>,
    /// The body pictures processed, by their `src` as written.
    pub body_pictures: Vec<(String, Picture)>,
    /// The body's links that may name a file of the site, as written
    /// (Markdown `[…](docs/report.pdf)`).
    pub body_links: Vec<String>,
    /// Of `body_links`, those naming a file under `content/`, with the
    /// file's path in the output (set by [`files::link_files`]): pages
    /// link to it there, and only files an article links to are published.
    pub body_files: Vec<(String, String)>,
    /// Published from the text pasted under a read-also title of another
    /// article (`materialize_read_also`); its page says so.
    pub pasted: bool,
    /// The newsroom's own fields (front matter `[extra]`, raw lines named
    /// in `[raw_fields]`): a table templates read as `page.extra`.
    pub extra: Option<std::sync::Arc<serde_json::Value>>,
    /// The template its page is written with, when not `article.html`
    /// (front matter `template`).
    pub template: Option<String>,
    /// Clips and posts of other sites, each where the body has its marker
    /// ([`embed::marker`]).
    pub embeds: Vec<embed::Embed>,
    /// Corrections published after the story (front matter
    /// `[[corrections]]`, raw `تصحيح: …` lines after the body), in order.
    pub corrections: Vec<Correction>,
    /// Addresses the story was published at before, as written (front
    /// matter `aliases`, raw `رابط قديم:` lines): each leads to it.
    pub aliases: Vec<String>,
    /// Pictures after the lead, shown together (front matter
    /// `[[pictures]]`, raw `الصورة:` groups after the first), in order.
    pub gallery: Vec<picture::GalleryPicture>,
    /// Live coverage: its timestamped entries (front matter `live = true`,
    /// raw paragraphs opening with a time); `None` for a story.
    pub live: Option<Box<live::Live>>,
}

/// A correction of a published story: a dated note at its end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    /// When it was made, when the file says.
    pub date: Option<DateTime<FixedOffset>>,
    pub text: String,
}

/// The article's last update once its corrections and live entries are
/// counted: the newest of `updated`, the corrections' dates and the latest
/// entry.
pub(crate) fn updated_with(
    updated: Option<DateTime<FixedOffset>>,
    corrections: &[Correction],
    live: Option<&live::Live>,
) -> Option<DateTime<FixedOffset>> {
    corrections
        .iter()
        .filter_map(|c| c.date)
        .chain(updated)
        .chain(live.and_then(live::Live::latest))
        .max()
}

impl Article {
    /// Whether the file names any picture: a lead, a gallery, the body's.
    pub fn names_pictures(&self) -> bool {
        self.image.is_some() || !self.gallery.is_empty() || !self.body_images.is_empty()
    }

    /// Its file as reports name it, relative to the site: `content/` and
    /// its id (`content/a.txt`, or `content/a.txt#read-also-2` for a story
    /// published from pasted text).
    pub fn report_file(&self) -> String {
        format!("content/{}", self.id)
    }

    /// A hash of everything parsed from the file: equal fingerprints mean the
    /// article would render the same (used by `serve` to skip unchanged pages).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Every field named: a new one does not compile until it is hashed
        // here or said to change no page.
        let Article {
            id,
            title,
            date,
            timed,
            updated,
            updated_timed,
            city,
            source,
            body,
            lead,
            read_also,
            tags,
            authors,
            byline,
            section,
            slug,
            draft,
            featured,
            breaking,
            description,
            image,
            picture,
            body_pictures,
            body_files,
            pasted,
            extra,
            template,
            embeds,
            corrections,
            live,
            gallery,
            aliases,
            // Where it was read from and in which format: `id` names the file.
            path: _,
            kind: _,
            // What parsing left out, for the reports: no page shows it.
            furniture: _,
            short_lines: _,
            // The pictures and files as named: `body_pictures` and
            // `body_files` are what pages show.
            body_images: _,
            body_links: _,
        } = self;
        // FxHash: fast and stable across runs (kept in the build cache).
        let mut h = rustc_hash::FxHasher::default();
        (id, title, date, updated, city).hash(&mut h);
        (timed, updated_timed).hash(&mut h);
        (source, body, lead, read_also).hash(&mut h);
        (
            tags,
            authors,
            byline,
            section,
            slug,
            draft,
            description,
            image,
        )
            .hash(&mut h);
        (featured, breaking, pasted).hash(&mut h);
        (picture, body_pictures, body_files).hash(&mut h);
        extra.as_deref().map(ToString::to_string).hash(&mut h);
        (template, embeds, corrections, live, gallery, aliases).hash(&mut h);
        h.finish()
    }

    /// What other articles' pages and the URL scheme depend on: when an edit
    /// leaves this equal, only the pages showing this article change.
    pub fn identity(&self) -> impl PartialEq + '_ {
        (
            (
                &self.title,
                &self.date,
                &self.slug,
                self.draft,
                &self.read_also,
            ),
            // What the front page makes of it.
            (self.featured, self.breaking, self.picture.is_some()),
            // Where it is listed besides the date archives.
            (
                &self.section,
                &self.tags,
                &self.authors,
                &self.source,
                &self.city,
            ),
        )
    }
}

/// Parses every source in parallel. Each file yields an article or an error,
/// plus warnings; order follows the input.
/// Each source is dropped as soon as it is parsed, so a large site never
/// holds both its files and its articles whole.
pub fn parse_all(
    sources: Vec<SourceFile>,
    offset: impl Into<Zone>,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let offset = offset.into();
    let results: Vec<_> = sources.into_par_iter().map(|s| parse(&s, offset)).collect();
    gather(results)
}

/// What `sahifa new` writes where the editor fills in the story; an
/// article published still holding one is warned about
/// (`editorial::placeholders`).
pub(crate) mod placeholder {
    /// The byline's name.
    pub(crate) const AUTHOR: &str = "اسم الكاتب";
    /// The dateline's city.
    pub(crate) const CITY: &str = "اسم المدينة";
    /// The source line.
    pub(crate) const SOURCE: &str = "اسم المصدر";
    /// The first paragraph.
    pub(crate) const LEAD: &str = "الفقرة الأولى: من؟ ماذا؟ متى؟ أين؟ ولماذا؟";
    /// The paragraphs after it.
    pub(crate) const BODY: &str = "بقية الخبر.";
}

/// The articles and the diagnostics of a list of per-file results, in order.
pub(crate) fn gather(
    results: Vec<(Option<Article>, Vec<Diagnostic>)>,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (article, notes) in results {
        articles.extend(article);
        diagnostics.extend(notes);
    }
    (articles, diagnostics)
}

/// How raw text is read besides its own lines.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RawOptions<'a> {
    /// The site's own page furniture besides the built-in (matching keys;
    /// see [`furniture`]).
    pub furniture: &'a [String],
    /// Lines found in many files of the file's source: its furniture.
    pub recurring: Option<&'a debris::Recurring>,
    /// Every line kept as written: no debris dropped (`keep_debris`).
    pub keep_debris: bool,
    /// The site's own labelled lines (`[raw_fields]`): each label's
    /// matching key and the `extra` field its value goes to.
    pub fields: &'a [(String, String)],
}

/// Parses one source file.
pub fn parse(source: &SourceFile, offset: impl Into<Zone>) -> (Option<Article>, Vec<Diagnostic>) {
    parse_with(source, offset.into(), RawOptions::default())
}

/// [`parse`], reading raw text as `raw` says.
pub(crate) fn parse_with(
    source: &SourceFile,
    offset: Zone,
    raw: RawOptions,
) -> (Option<Article>, Vec<Diagnostic>) {
    let (mut article, mut notes) = match source.kind {
        SourceKind::Raw => raw::parse(source, offset, raw),
        SourceKind::Markdown => markdown::parse(source, offset),
    };
    if let Some(article) = article.as_mut().filter(|a| a.section.is_none()) {
        article.section = folder_section(&article.id);
    }
    if article
        .as_ref()
        .is_some_and(|a| !crate::arabic::bidi::has_visible_text(&a.title))
    {
        let line = (source.kind == SourceKind::Raw).then(|| title_line(&source.text));
        notes.push(Diagnostic::error(
            Some(&source.path),
            line,
            "the title has nothing to see (only spaces, invisible or direction characters): article left out",
        ));
        return (None, notes);
    }
    if let Some(article) = article.as_mut() {
        if let std::borrow::Cow::Owned(balanced) = crate::arabic::bidi::balanced(&article.title) {
            article.title = balanced;
        }
    }
    (article, notes)
}

/// The line of a raw file's title: its first line with something on it.
fn title_line(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1
}

/// The section an article's folder names: `politics/x.txt` → `politics`.
fn folder_section(id: &str) -> Option<String> {
    id.split_once('/').map(|(folder, _)| folder.to_string())
}

/// The matching keys of read-also headers (`إقرأ أيضاً:` in every spelling).
const READ_ALSO_KEYS: [&str; 15] = [
    "اقرا ايضا",
    "اقرا كذلك",
    "طالع ايضا",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    // Public scrapers of Arabic news open related links with these too.
    "مواضيع متعلقه",
    "قد يعجبك ايضا",
    "شاهد ايضا",
    "اخبار متعلقه",
    "مقالات ذات صله",
    "مقالات متعلقه",
    "موضوعات متعلقه",
    "موضوعات ذات صله",
    "اخبار ذات علاقه",
    "read also",
];

/// Related-story headers that go on with the site's name: «أيضاً على موقع
/// هوية بريس:».
const READ_ALSO_PREFIXES: [&str; 2] = ["ايضا علي موقع", "اقرا ايضا علي"];

/// Whether `line` is a read-also header. `Some(rest)` carries any title written
/// after the header's colon on the same line (often empty).
pub(crate) fn read_also_header(line: &str) -> Option<&str> {
    let line = line.trim().trim_start_matches('#');
    // Called on every line of every article: most lines begin with a
    // letter no header begins with, and need no key made of them.
    let could_be = |c: char| READ_ALSO_KEYS.iter().any(|k| k.starts_with(c));
    if !first_key_char(line).is_some_and(could_be) {
        return None;
    }
    let longest = READ_ALSO_KEYS.iter().map(|k| k.len()).max().unwrap_or(0);
    // Called on every line of every article: a key longer than any
    // header's is given up on after a few characters.
    let is_header =
        |text: &str| key_up_to(text, longest).is_some_and(|k| READ_ALSO_KEYS.contains(&k.as_str()));
    let is_prefixed = |text: &str| {
        key_up_to(text, PREFIXED_HEADER_BYTES)
            .is_some_and(|k| READ_ALSO_PREFIXES.iter().any(|p| k.starts_with(p)))
    };
    if is_header(line) {
        return Some("");
    }
    match split_label(line) {
        Some((head, rest)) if is_header(head) || is_prefixed(head) => Some(rest.trim()),
        None if line.split_whitespace().nth(8).is_none() && is_prefixed(line) => Some(""),
        _ => None,
    }
}

/// How far a prefixed header's key is made: the header and a site's name.
const PREFIXED_HEADER_BYTES: usize = 100;

/// Bytes of a line searched for the colon after a label: labels are a few
/// words, and most lines are long paragraphs with no label at all.
const LABEL_WINDOW: usize = 160;

/// `label: value` split at its first colon (`:` or `：`), when that colon is
/// near the start of the line.
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    let window = &line.as_bytes()[..LABEL_WINDOW.min(line.len())];
    // Bytes, not characters: `:` is ASCII, and `：` (U+FF1A) is EF BC 9A.
    let colon = memchr::memchr2_iter(b':', 0xEF, window)
        .find(|&i| window[i] == b':' || line[i..].starts_with('：'))?;
    let width = if window[colon] == b':' {
        1
    } else {
        '：'.len_utf8()
    };
    Some((&line[..colon], &line[colon + width..]))
}

/// `text` cut to at most `max` characters at a word boundary, with "…" when cut.
pub(crate) fn truncate_words(text: &str, max: usize) -> String {
    // At most `max` bytes is at most `max` characters: no count needed.
    if text.len() <= max || text.chars().nth(max).is_none() {
        return text.to_string();
    }
    // Sized once: every summary and description of a build comes through here.
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(4)) + '…'.len_utf8());
    // Characters in `out`, kept as we go: counting again for every word
    // made long leads quadratic.
    let mut chars = 0;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        if chars + word_chars + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word_chars;
    }
    if out.is_empty() {
        out.extend(text.chars().take(max));
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_also_headers_in_every_spelling() {
        for line in [
            "إقرأ أيضاً:",
            "اقرأ أيضا:",
            "اقرأ أيضًا",
            "إقرأ ايضا :",
            "## إقرأ أيضاً",
        ] {
            assert_eq!(read_also_header(line), Some(""), "{line}");
        }
        assert_eq!(read_also_header("اقرأ أيضاً: عنوان آخر"), Some("عنوان آخر"));
        assert_eq!(read_also_header("وقال الوزير: إن الاتفاق"), None);
        assert_eq!(read_also_header("اقرأ أيضا عن الاتفاق الجديد"), None);
        assert_eq!(read_also_header("اقرأ أيضاً： عنوان"), Some("عنوان"));
        for line in [
            "أيضاً على موقع هوية الأخبار:",
            "أخبار متعلقة :",
            "مقالات ذات صلة",
            "شاهد أيضاً",
        ] {
            assert_eq!(read_also_header(line), Some(""), "{line}");
        }
        // «Read more» is a link to the rest, not a related-story header.
        assert_eq!(read_also_header("إقرأ المزيد"), None);
        let late_colon = format!("{} اقرأ أيضا: عنوان", "كلام ".repeat(40));
        assert_eq!(read_also_header(&late_colon), None);
    }

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate_words("واحد اثنان ثلاثة", 100), "واحد اثنان ثلاثة");
        assert_eq!(truncate_words("واحد اثنان ثلاثة", 11), "واحد اثنان…");
        assert_eq!(truncate_words("واحد  اثنان\nثلاثة", 16), "واحد اثنان ثلاثة…");
        assert_eq!(truncate_words("واحد  اثنان\nثلاثة", 15), "واحد اثنان…");
        assert_eq!(truncate_words("كلمةطويلةجدا ثم", 5), "كلمةط…");
        let long = "كلمة ".repeat(10_000);
        let cut = truncate_words(&long, 160);
        assert_eq!(cut.chars().count(), 160);
        assert!(cut.ends_with("كلمة…"));
    }
}
