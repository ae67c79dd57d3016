//! The raw news text that scrapers and newsroom tools produce:
//!
//! ```text
//! <title>
//! تاريخ النشر: <date>
//! <dateline city>- <first paragraph>
//! <more paragraphs>
//! المصدر: <source>
//! إقرأ أيضاً:
//! <related title>
//! [<the related article's pasted paragraphs>]
//! <related title> …
//! ```

use super::debris::{self, Reason};
use super::embed::Embed;
use super::{dateline, read_also_header, split_label, Article, ImageRef, RawOptions, ReadAlsoRef};
use crate::arabic::normalize::{key, key_up_to};
use crate::dates::Zone;
use crate::dates::{parse_date_near, parse_date_time};
use crate::html::push_escaped;
use crate::load::SourceFile;
use crate::report::Diagnostic;

/// A line with its 1-based number.
type Line<'a> = (usize, &'a str);

/// The labels of raw text's metadata lines, as matching keys
/// ([`crate::arabic::normalize::key`]): `آخر تحديث:` is `اخر تحديث`.
/// The publication date's labels: `تاريخ النشر:` and what pages print.
const DATE_LABEL_KEYS: [&str; 6] = [
    "تاريخ النشر",
    "نشر في",
    "نشر بتاريخ",
    "بتاريخ",
    "التاريخ",
    "تاريخ",
];
const SOURCE_LABEL_KEY: &str = "المصدر";
/// «تصحيح: …» after the body: a correction, dated when it starts with a
/// date («تصحيح: 12 نوفمبر 2025 - …»).
const CORRECTION_LABEL_KEY: &str = "تصحيح";
/// «رابط قديم: /2019/05/old/»: an address the story had before.
const OLD_ADDRESS_LABEL_KEY: &str = "رابط قديم";
const UPDATED_LABEL_KEY: &str = "اخر تحديث";
const SECTION_LABEL_KEY: &str = "القسم";
/// The lead picture, its caption and its credit, before the body.
const IMAGE_LABEL_KEY: &str = "الصوره";
const CAPTION_LABEL_KEY: &str = "تعليق الصوره";
const CREDIT_LABEL_KEYS: [&str; 2] = ["مصدر الصوره", "حقوق الصوره"];
/// Bylines, right after the date line(s): كتب / كتبت / بقلم / إعداد.
const BYLINE_LABEL_KEYS: [&str; 4] = ["كتب", "كتبت", "بقلم", "اعداد"];
/// Tag lines, after the body: الوسوم / (ال)كلمات المفتاحية / الكلمات الدالة.
const TAG_LABEL_KEYS: [&str; 4] = [
    "الوسوم",
    "الكلمات المفتاحيه",
    "كلمات مفتاحيه",
    "الكلمات الداله",
];
/// The longest of the label keys, in bytes: a line's label is keyed only
/// that far.
const LONGEST_LABEL: usize = 33;

/// A title led by «عاجل:» (or «عاجل |», «عاجل -») is breaking news: the
/// mark goes, the headline stays.
fn breaking_title(title: &str) -> (bool, &str) {
    labelled_title(title, "عاجل")
}

/// Live coverage's label opening a title («مباشر |», «تغطية مباشرة:»): the
/// page shows its own, so the title's goes.
fn without_live_label(title: &str) -> &str {
    ["مباشر", "تغطية مباشرة", "لحظة بلحظة"]
        .iter()
        .map(|label| labelled_title(title, label))
        .find_map(|(labelled, headline)| labelled.then_some(headline))
        .unwrap_or(title)
}

/// Whether `title` opens with `label` (any tatweel in it) and a colon, bar
/// or dash, and the headline after them.
fn labelled_title<'t>(title: &'t str, label: &str) -> (bool, &'t str) {
    let mut expected = label.chars().peekable();
    let mut end = 0;
    for (at, c) in title.char_indices() {
        if expected.peek().is_none() {
            break;
        }
        if c == '\u{0640}' {
            continue;
        }
        if expected.next() != Some(c) {
            return (false, title);
        }
        end = at + c.len_utf8();
    }
    if expected.peek().is_some() {
        return (false, title);
    }
    let rest = title[end..].trim_start_matches([' ', '\u{0640}']);
    match rest.strip_prefix([':', '|', '-', '–', '—', '؛']) {
        Some(headline) if !headline.trim().is_empty() => (true, headline.trim()),
        _ => (false, title),
    }
}

pub(crate) fn parse(
    source: &SourceFile,
    offset: Zone,
    options: RawOptions,
) -> (Option<Article>, Vec<Diagnostic>) {
    let file = Some(source.path.as_path());
    let mut notes = Vec::new();
    let mut lines = source
        .text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let Some((_, title)) = lines.next() else {
        let empty = Diagnostic::error(file, None, "empty file: no title, date or body");
        return (None, vec![empty]);
    };
    let rest: Vec<Line> = lines.collect();
    let reference = source.modified.map(|m| {
        let at = chrono::DateTime::<chrono::Utc>::from(m).fixed_offset();
        offset.localize(&at)
    });
    let reader = DateReader { offset, reference };
    let mut sections = split_sections(title, &rest, options, &reader);

    let (date, timed) = match sections.date {
        None => {
            let msg = "no publication date: neither a `تاريخ النشر: …` line nor a date on a line of its own under the title; article left out";
            return (None, vec![Diagnostic::error(file, Some(1), msg)]);
        }
        Some((line, value)) => match reader.read(value) {
            Ok((date, timed, guessed)) => {
                notes.extend(guessed.map(|g| guessed_note(file, line, value, g, &date, reference)));
                (date, timed)
            }
            Err(e) => {
                let msg = format!("{e}: article left out");
                return (None, vec![Diagnostic::error(file, Some(line), msg)]);
            }
        },
    };
    let updated = sections
        .updated
        .and_then(|(line, value)| match parse_date_time(value, offset) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                let msg = format!("{e}: the update line is ignored");
                notes.push(Diagnostic::warning(file, Some(line), msg));
                None
            }
        });
    let corrections: Vec<super::Correction> = sections
        .corrections
        .iter()
        .map(|(_, value)| correction_of(value, offset))
        .collect();
    notes.extend(debris_note(file, &sections.debris));
    let live_entries = live_split(&sections.body);
    if sections.body.is_empty() {
        let msg = "the article has a title but no body: left out";
        let data = serde_json::json!({ "title": title, "words": 0, "published": false });
        let empty = Diagnostic::error(file, Some(1), msg).of(crate::report::Kind::EmptyBody, data);
        notes.push(empty);
        return (None, notes);
    }
    // The lead is the first paragraph of text, not an embed's address.
    let is_embed = super::embed::is_provider_line;
    let first_text = sections
        .body
        .iter()
        .position(|(_, p)| !is_embed(p))
        .unwrap_or(0);
    let first = sections.body[first_text].1;
    let (breaking, title) = breaking_title(title);
    let title = if live_entries.is_some() {
        without_live_label(title)
    } else {
        title
    };
    // The dateline opens the first paragraph, or the second under a
    // standfirst (a sentence that sums the story up).
    let (at, dateline) = sections
        .body
        .iter()
        .enumerate()
        .skip(first_text)
        .take(2)
        .find_map(|(i, (_, p))| {
            // Under a standfirst, only the plain dash form: «الصورة: …» is a label.
            let d = dateline::split(p).filter(|d| {
                !dateline::is_not_a_place(d.city)
                    && (i == first_text || !d.prefix.contains(':'))
                    && !is_embed(p)
            });
            d.map(|d| (i, d))
        })
        .unzip();
    let at = at.unwrap_or(first_text);
    let city = dateline
        .as_ref()
        .map(|d| d.city)
        .filter(|city| !dateline::is_outlet(city, sections.source));
    let image = sections.image();
    let gallery = sections.gallery();
    // A live article's body is what comes before its first entry.
    let intro = live_entries
        .as_ref()
        .map_or(sections.body.len(), |l| l.intro);
    let (body, embeds) = body_html(&sections.body[..intro], dateline.as_ref(), at);
    let live = live_entries.map(|l| Box::new(l.finish(&sections.body, date, offset)));
    let lead = match (&dateline, &live) {
        (Some(d), _) if at == first_text && at < intro => d.rest,
        // Entries from the first line: the oldest is the lead.
        (_, Some(live)) if intro == 0 => live.updates.last().map_or(first, |u| u.text.as_str()),
        _ => first,
    }
    .to_string();
    let article = Article {
        id: source.id.clone(),
        path: source.path.clone(),
        kind: source.kind,
        title: title.to_string(),
        breaking,
        date,
        timed,
        updated: super::updated_with(updated.map(|(date, _)| date), &corrections, live.as_deref()),
        corrections,
        // Corrections and entries are timed.
        updated_timed: updated.is_none_or(|(_, timed)| timed),
        live,
        city: city.map(str::to_string),
        source: sections.source.map(str::to_string),
        body: body.into(),
        embeds,
        lead,
        read_also: std::mem::take(&mut sections.read_also),
        tags: std::mem::take(&mut sections.tags),
        authors: std::mem::take(&mut sections.authors),
        byline: sections.byline.map(str::to_string),
        section: sections.section.take(),
        furniture: std::mem::take(&mut sections.furniture),
        short_lines: std::mem::take(&mut sections.short_lines),
        slug: None,
        draft: false,
        description: None,
        image,
        gallery,
        aliases: std::mem::take(&mut sections.aliases),
        extra: extra_of(&sections.extra),
        ..Article::default()
    };
    (Some(article), notes)
}

/// Where a raw body's live entries are: paragraphs opening with a time
/// (`14:35 - …`, or the time alone above the entry's text), two or more.
struct LiveLines {
    /// Paragraphs before the first entry: the body.
    intro: usize,
    starts: Vec<usize>,
}

/// Entries fewer than this are a story that mentions a time.
const MIN_LIVE_ENTRIES: usize = 2;

/// A coverage's last words: its end is its latest entry.
const COVERAGE_ENDED: &str = "انتهت التغطية";

fn live_split(body: &[Line]) -> Option<LiveLines> {
    // A paragraph opening with a letter is turned down at its first one.
    let starts: Vec<usize> = body
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| super::live::raw_entry_line(p).is_some())
        .map(|(i, _)| i)
        .collect();
    (starts.len() >= MIN_LIVE_ENTRIES).then(|| LiveLines {
        intro: starts[0],
        starts,
    })
}

impl LiveLines {
    /// The entries, dated from `start`: each its time's line and the
    /// paragraphs up to the next.
    fn finish(
        &self,
        body: &[Line],
        start: chrono::DateTime<chrono::FixedOffset>,
        zone: Zone,
    ) -> super::live::Live {
        let mut ended = false;
        let mut entries = Vec::with_capacity(self.starts.len());
        for (n, &at) in self.starts.iter().enumerate() {
            let until = self.starts.get(n + 1).copied().unwrap_or(body.len());
            let Some((clock, first)) = super::live::raw_entry_line(body[at].1) else {
                continue;
            };
            let words: Vec<&str> = std::iter::once(first)
                .chain(body[at + 1..until].iter().map(|(_, p)| *p))
                .filter(|p| !p.is_empty())
                .collect();
            ended |= words.iter().any(|p| p.starts_with(COVERAGE_ENDED));
            let mut html = String::new();
            for paragraph in &words {
                html.push_str("<p>");
                push_escaped(&mut html, paragraph);
                html.push_str("</p>\n");
            }
            entries.push(super::live::Entry {
                when: super::live::When::Clock(clock),
                headline: None,
                html,
                text: words.join(" "),
            });
        }
        let mut live = super::live::finish(entries, start, None, zone);
        if ended {
            live.end = live.latest();
        }
        live
    }
}

/// The `[raw_fields]` values found, as the `extra` table templates read.
fn extra_of(found: &[(&str, &str)]) -> Option<std::sync::Arc<serde_json::Value>> {
    if found.is_empty() {
        return None;
    }
    let fields = found
        .iter()
        .map(|(name, value)| (name.to_string(), serde_json::Value::from(*value)))
        .collect();
    Some(std::sync::Arc::new(serde_json::Value::Object(fields)))
}

/// Reads publication dates: whole ones as written, and — against the file's
/// modification time — relative ones and ones without a year.
struct DateReader {
    offset: Zone,
    reference: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl DateReader {
    fn read(&self, text: &str) -> Result<DatedAs, crate::dates::DateError> {
        parse_date_near(text, self.offset, self.reference)
    }

    /// Whether a line is a date and nothing else: a short line that reads
    /// whole.
    fn is_date_line(&self, line: &str) -> bool {
        line.split_whitespace().nth(MAX_DATE_WORDS).is_none() && self.read(line).is_ok()
    }
}

type DatedAs = (
    chrono::DateTime<chrono::FixedOffset>,
    bool,
    Option<crate::dates::Guessed>,
);

/// A date line is at most this many words (`الأربعاء 12 مارس 2025 - 10:30 ص
/// بتوقيت مكة`).
const MAX_DATE_WORDS: usize = 12;

/// A date printed under a related title is this short (`الخميس 20 مارس
/// 2025 - 10:30`); titles are longer.
const DATE_UNDER_TITLE_WORDS: usize = 7;

/// An unlabelled date is looked for among this many lines under the title,
/// and further down until the story starts.
const DATE_LINES: usize = 5;

/// The warning for a date completed from the file's time.
fn guessed_note(
    file: Option<&std::path::Path>,
    line: usize,
    written: &str,
    guessed: crate::dates::Guessed,
    date: &chrono::DateTime<chrono::FixedOffset>,
    reference: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Diagnostic {
    let when = reference.map_or_else(String::new, |r| r.format("%Y-%m-%d %H:%M").to_string());
    let msg = match guessed {
        crate::dates::Guessed::Relative => format!(
            "the date «{written}» is relative: dated {} by counting back from the file's modification time ({when}); write the date itself if the file was changed since",
            date.format("%Y-%m-%d %H:%M")
        ),
        crate::dates::Guessed::Year => format!(
            "the date «{written}» has no year: dated {}, the nearest such day before the file's modification time ({when})",
            date.format("%Y-%m-%d")
        ),
    };
    Diagnostic::warning(file, Some(line), msg)
}

/// One note per file naming every line left out as debris and why, a line
/// each (`check` prints it; `build` only counts these notes).
fn debris_note(file: Option<&std::path::Path>, debris: &[Dropped]) -> Option<Diagnostic> {
    let first = debris.first()?;
    let lines = if debris.len() == 1 { "line" } else { "lines" };
    let mut msg = format!(
        "{} {lines} of page debris left out of the story (`keep_debris = true` in site.toml or `--keep-debris` keeps them):",
        debris.len()
    );
    for d in debris {
        let text = crate::content::truncate_words(d.text, 80);
        msg.push_str(&format!(
            "\n      line {} ({}): «{text}»",
            d.line,
            d.reason.name()
        ));
    }
    let data = serde_json::json!({
        "lines": debris
            .iter()
            .map(|d| serde_json::json!({ "line": d.line, "text": d.text, "reason": d.reason.name() }))
            .collect::<Vec<_>>(),
    });
    Some(Diagnostic::note(file, Some(first.line), msg).of(crate::report::Kind::Debris, data))
}

/// A line left out of the story, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dropped<'a> {
    pub line: usize,
    pub text: &'a str,
    pub reason: Reason,
}

#[derive(Default)]
struct Sections<'a> {
    date: Option<(usize, &'a str)>,
    /// A date on a line of its own near the top.
    unlabelled_date: Option<(usize, &'a str)>,
    /// Related links standing inside the story («اقرأ أيضاً: …»).
    inline_read_also: Vec<ReadAlsoRef>,
    /// A paragraph of the story has been seen: until then, a date on its
    /// own line (below a long menu) or a plain byline may still be the page's.
    story_started: bool,
    updated: Option<(usize, &'a str)>,
    authors: Vec<String>,
    /// The byline's word as written («كتبت», «بقلم»).
    byline: Option<&'a str>,
    section: Option<String>,
    furniture: Vec<String>,
    body: Vec<Line<'a>>,
    debris: Vec<Dropped<'a>>,
    short_lines: Vec<u64>,
    source: Option<&'a str>,
    tags: Vec<String>,
    read_also: Vec<ReadAlsoRef>,
    /// `الصورة:` groups in order: the first is the lead, the rest a gallery.
    pictures: Vec<RawPicture<'a>>,
    /// A caption or credit before any picture: the lead's.
    caption: Option<&'a str>,
    credit: Option<&'a str>,
    /// `[raw_fields]`: label keys and their `extra` fields, and the values
    /// found (the first of each).
    fields: &'a [(String, String)],
    extra: Vec<(&'a str, &'a str)>,
    /// «تصحيح: …» lines after the body's start.
    corrections: Vec<(usize, &'a str)>,
    /// «رابط قديم: …» lines.
    aliases: Vec<String>,
}

/// A `الصورة:` line with the caption and credit lines after it.
#[derive(Debug, Default)]
struct RawPicture<'a> {
    line: usize,
    src: &'a str,
    caption: Option<&'a str>,
    credit: Option<&'a str>,
    /// Named after the body began (a gallery at the story's end).
    in_body: bool,
}

impl RawPicture<'_> {
    fn image(&self) -> ImageRef {
        ImageRef {
            src: self.src.to_string(),
            caption: self.caption.map(str::to_string),
            credit: self.credit.map(str::to_string),
            line: Some(self.line),
        }
    }
}

/// Whether a value is a picture's address: a gallery after the body names
/// files or URLs, where «الصورة: …» in a story's text may be a sentence.
fn is_picture_address(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !value.contains(' ')
        && (lower.starts_with("http://") || lower.starts_with("https://") || {
            let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
            matches!(ext, "jpg" | "jpeg" | "png" | "webp" | "gif" | "avif")
        })
}

/// The block the lines are in: the story, a comment form, sidebar teasers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Story,
    Comments,
    /// With how many teasers so far.
    Teasers(usize),
}

/// Teasers under one header, at most: a sidebar's list.
const MAX_TEASERS: usize = 10;

/// Sorts the lines after the title into date, body, source, read-also and
/// page debris.
fn split_sections<'a>(
    title: &str,
    lines: &[Line<'a>],
    options: RawOptions<'a>,
    dates: &DateReader,
) -> Sections<'a> {
    // Made only when a short line needs comparing with it.
    let title_key = std::cell::OnceCell::new();
    let title_key = || title_key.get_or_init(|| key(title)).as_str();
    let mut sections = Sections {
        fields: options.fields,
        ..Sections::default()
    };
    let mut block = Block::Story;
    for (i, &(number, line)) in lines.iter().enumerate() {
        if let Some(after) = read_also_header(line) {
            // «اقرأ أيضاً: عنوان» inside the story, the story going on under
            // it: one related link, not the start of the related block.
            let story_goes_on = lines.get(i + 1).is_some_and(|&(_, next)| {
                debris::is_long(next) && read_also_header(next).is_none()
            });
            if !after.is_empty() && story_goes_on {
                sections
                    .inline_read_also
                    .push(ReadAlsoRef::new(after, Some(number)));
                continue;
            }
            sections.read_also_block(number, after, &lines[i + 1..], options);
            if sections.read_also.is_empty() {
                // Pages print the header over an empty box: it goes.
                sections.debris.push(Dropped {
                    line: number,
                    text: line,
                    reason: Reason::EmptyRelated,
                });
            }
            break;
        }
        // Measured once: a paragraph skips every test of short lines.
        let long = debris::is_long(line);
        if !long && super::furniture::is_furniture(line, options.furniture) {
            sections.furniture.push(line.to_string());
            if !options.keep_debris && debris::is_teaser_header(line) {
                block = Block::Teasers(0);
            }
        } else if sections.take_label(number, line) {
        } else if !long
            && (i < DATE_LINES || !sections.story_started)
            && sections.unlabelled_date.is_none()
            && dates.is_date_line(line)
        {
            // A labelled date, before or after, is the date; this one goes.
            sections.unlabelled_date = Some((number, line));
        } else if options.keep_debris {
            sections.body.push((number, line));
        } else if let Some(reason) =
            sections.debris_reason(line, long, &mut block, options, &title_key)
        {
            sections.debris.push(Dropped {
                line: number,
                text: line,
                reason,
            });
        } else {
            block = Block::Story;
            sections.story_started |= long || debris::ends_sentence(line);
            sections.body.push((number, line));
        }
    }
    let block = std::mem::take(&mut sections.read_also);
    sections.read_also = std::mem::take(&mut sections.inline_read_also);
    sections.read_also.extend(block);
    match (sections.date, sections.unlabelled_date) {
        (None, found) => sections.date = found,
        (Some(_), Some((line, text))) => sections.debris.push(Dropped {
            line,
            text,
            reason: Reason::DateStamp,
        }),
        (Some(_), None) => {}
    }
    if !options.keep_debris {
        sections.drop_edges();
    }
    sections
}

impl<'a> Sections<'a> {
    /// Why a body line is debris, if it is; moves `block` on at a comment
    /// form or teaser header. A short line kept that could be a site's
    /// furniture is counted in `short_lines`.
    fn debris_reason<'t>(
        &mut self,
        line: &str,
        long: bool,
        block: &mut Block,
        options: RawOptions,
        title_key: &dyn Fn() -> &'t str,
    ) -> Option<Reason> {
        if *block == Block::Comments {
            return Some(Reason::Comments);
        }
        // A paragraph is story by its length: none of the tests applies.
        if long {
            return None;
        }
        let line = debris::Short::of(line)?;
        if let Some((reason, opens)) = debris::by_content(&line, title_key()) {
            match opens {
                // A comment count in the menu above the story opens nothing:
                // the form comes after the story.
                debris::Opens::Comments if !self.body.is_empty() => *block = Block::Comments,
                debris::Opens::Teasers => *block = Block::Teasers(0),
                _ => {}
            }
            return Some(reason);
        }
        if let Block::Teasers(n) = *block {
            // A sidebar lists a handful; the story's dateline paragraph ends it.
            if n < MAX_TEASERS && line.is_teaser() && dateline::split(line.text).is_none() {
                *block = Block::Teasers(n + 1);
                return Some(Reason::Teaser);
            }
        }
        if self.date.is_some() && is_date_stamp(&line) {
            return Some(Reason::DateStamp);
        }
        if line.could_recur() {
            let hash = debris::line_hash(line.text);
            if options.recurring.is_some_and(|r| r.contains(&hash)) {
                return Some(Reason::Repeated);
            }
            self.short_lines.push(hash);
        }
        None
    }

    /// Before the story's first sentence and after its last, only
    /// sentences are story: the lone section names, menu words and tag
    /// rows around a capture go. A body with no sentence at all is kept.
    fn drop_edges(&mut self) {
        // A full stop or a dash dateline is evidence enough: menus and
        // labels have neither.
        let is_story = |line: &str| {
            debris::ends_sentence(line)
                || debris::is_sentence(line)
                || dateline::split(line)
                    .is_some_and(|d| !d.prefix.contains(':') && !dateline::is_not_a_place(d.city))
        };
        let Some(first) = self.body.iter().position(|(_, l)| is_story(l)) else {
            return;
        };
        let last = self
            .body
            .iter()
            .rposition(|(_, l)| is_story(l))
            .unwrap_or(first);
        // A provider's address (an embed) is the story's wherever it stands.
        let is_embed = super::embed::is_provider_line;
        let body = std::mem::take(&mut self.body);
        for (n, (line, text)) in body.into_iter().enumerate() {
            if (n < first || n > last) && !is_embed(text) {
                self.debris.push(Dropped {
                    line,
                    text,
                    reason: Reason::Menu,
                });
            } else {
                self.body.push((line, text));
            }
        }
        self.drop_scene_captions();
        self.debris.sort_by_key(|d| d.line);
    }

    /// Captions without a photo word, told by their place between two
    /// paragraphs (see [`debris::is_scene_caption`]).
    fn drop_scene_captions(&mut self) {
        let captions: Vec<usize> = (0..self.body.len().saturating_sub(1))
            .filter(|&i| {
                let before = i.checked_sub(1).map(|j| self.body[j].1);
                debris::is_scene_caption(self.body[i].1, before, self.body[i + 1].1)
            })
            .collect();
        for &i in captions.iter().rev() {
            let (line, text) = self.body.remove(i);
            self.debris.push(Dropped {
                line,
                text,
                reason: Reason::Caption,
            });
        }
    }

    /// The lines under a read-also header: titles and pasted paragraphs,
    /// with labels still read, and debris (and whatever follows a comment
    /// form or teaser header) left out.
    fn read_also_block(
        &mut self,
        number: usize,
        after: &'a str,
        lines: &[Line<'a>],
        options: RawOptions,
    ) {
        // Each line with its key when one was made (a title needs it).
        let mut related: Vec<(usize, &str, Option<String>)> = Vec::new();
        if !after.is_empty() {
            related.push((number, after, None));
        }
        let mut ended: Option<Reason> = None;
        for &(n, line) in lines {
            // A paragraph is a pasted excerpt (or, after a comment form, a
            // comment): no header, label or furniture is that long.
            if debris::is_long(line) {
                match ended {
                    Some(reason) => self.debris.push(Dropped {
                        line: n,
                        text: line,
                        reason,
                    }),
                    None => related.push((n, line, None)),
                }
                continue;
            }
            if let Some(after) = read_also_header(line) {
                if !after.is_empty() && ended.is_none() {
                    related.push((n, after, None));
                }
                continue;
            }
            if super::furniture::is_furniture(line, options.furniture) {
                self.furniture.push(line.to_string());
                continue;
            }
            if self.take_label(n, line) {
                continue;
            }
            if options.keep_debris {
                related.push((n, line, None));
                continue;
            }
            if let Some(reason) = ended {
                self.debris.push(Dropped {
                    line: n,
                    text: line,
                    reason,
                });
                continue;
            }
            let Some(short) = debris::Short::of(line) else {
                related.push((n, line, None));
                continue;
            };
            if short.words() <= DATE_UNDER_TITLE_WORDS && is_date_stamp(&short) {
                // Teaser lists print each title's date under it.
                self.debris.push(Dropped {
                    line: n,
                    text: line,
                    reason: Reason::DateStamp,
                });
                continue;
            }
            // A related title may be the headline's own (a self-link, reported
            // as such), so no headline check here.
            match debris::by_content(&short, "") {
                Some((reason, opens)) => {
                    if opens != debris::Opens::Nothing {
                        ended = Some(reason);
                    }
                    self.debris.push(Dropped {
                        line: n,
                        text: line,
                        reason,
                    });
                }
                None => related.push((n, line, Some(short.into_key()))),
            }
        }
        self.read_also.extend(read_also_items(related));
    }

    /// The lead picture with its caption and credit; a caption or credit
    /// without a picture says nothing.
    fn image(&self) -> Option<ImageRef> {
        let mut image = self.pictures.first()?.image();
        image.caption = image.caption.or(self.caption.map(str::to_string));
        image.credit = image.credit.or(self.credit.map(str::to_string));
        Some(image)
    }

    /// The pictures after the lead.
    fn gallery(&self) -> Vec<super::picture::GalleryPicture> {
        self.pictures
            .iter()
            .skip(1)
            .map(|p| super::picture::GalleryPicture {
                image: p.image(),
                picture: None,
            })
            .collect()
    }

    /// The picture a caption or credit line names: the last, when it has
    /// none yet (before the body, or named after its start).
    fn captioned(&mut self, before_body: bool) -> Option<&mut RawPicture<'a>> {
        self.pictures
            .last_mut()
            .filter(|p| before_body || p.in_body)
    }

    /// Files a `label: value` metadata line; false when `line` is none
    /// (body text). The date, update and byline come before the body; the
    /// source and tags anywhere; a byline anywhere too when it is short (a
    /// credit line under the first paragraph: «كتب : مصراوي»).
    fn take_label(&mut self, number: usize, line: &'a str) -> bool {
        let before_body = self.body.is_empty();
        let Some((label, value)) =
            split_label(line).or_else(|| split_byline(line, !self.story_started))
        else {
            return false;
        };
        let value = value.trim();
        if value.is_empty() {
            return false;
        }
        let written = label.trim();
        let Some(label) = key_up_to(label, LONGEST_LABEL) else {
            return false;
        };
        let short = value.split_whitespace().nth(MAX_BYLINE_WORDS).is_none();
        match label.as_str() {
            date if self.date.is_none() && DATE_LABEL_KEYS.contains(&date) => {
                self.date = Some((number, value))
            }
            UPDATED_LABEL_KEY if before_body => self.updated = Some((number, value)),
            SECTION_LABEL_KEY if before_body => self.section = Some(value.to_string()),
            SOURCE_LABEL_KEY => self.source = Some(value),
            CORRECTION_LABEL_KEY if !before_body => self.corrections.push((number, value)),
            OLD_ADDRESS_LABEL_KEY => self.aliases.push(value.to_string()),
            IMAGE_LABEL_KEY if before_body || is_picture_address(value) => {
                self.pictures.push(RawPicture {
                    line: number,
                    src: value,
                    in_body: !before_body,
                    ..RawPicture::default()
                });
            }
            CAPTION_LABEL_KEY if before_body || self.captioned(false).is_some() => {
                match self.captioned(before_body) {
                    Some(picture) if picture.caption.is_none() => picture.caption = Some(value),
                    Some(_) => {}
                    None => self.caption = Some(value),
                }
            }
            credit
                if CREDIT_LABEL_KEYS.contains(&credit)
                    && (before_body || self.captioned(false).is_some()) =>
            {
                match self.captioned(before_body) {
                    Some(picture) if picture.credit.is_none() => picture.credit = Some(value),
                    Some(_) => {}
                    None => self.credit = Some(value),
                }
            }
            byline if (before_body || short) && BYLINE_LABEL_KEYS.contains(&byline) => {
                self.authors.extend(terms(value));
                self.byline.get_or_insert(written);
            }
            tags if TAG_LABEL_KEYS.contains(&tags) => {
                for tag in terms(value) {
                    let key = crate::arabic::normalize::key(&tag);
                    if !self
                        .tags
                        .iter()
                        .any(|t| crate::arabic::normalize::key(t) == key)
                    {
                        self.tags.push(tag);
                    }
                }
            }
            own if before_body => {
                let Some((_, name)) = self.fields.iter().find(|(key, _)| key == own) else {
                    return false;
                };
                if !self.extra.iter().any(|(n, _)| *n == name.as_str()) {
                    self.extra.push((name, value));
                }
            }
            _ => return false,
        }
        true
    }
}

/// A correction's text, and its date when it opens with one and a dash
/// or a colon («12 نوفمبر 2025 - …», «2025-11-12: …»).
fn correction_of(value: &str, offset: Zone) -> super::Correction {
    let dated = value
        .match_indices([':', '-', '–', '—'])
        .filter(|(at, _)| *at > 0)
        .find_map(|(at, mark)| {
            let date = parse_date_time(value[..at].trim(), offset).ok()?;
            let text = value[at + mark.len()..].trim();
            (!text.is_empty()).then_some((date.0, text))
        });
    match dated {
        Some((date, text)) => super::Correction {
            date: Some(date),
            text: text.to_string(),
        },
        None => super::Correction {
            date: None,
            text: value.to_string(),
        },
    }
}

/// «كتب - محمد علي», «بقلم / سعاد الهاشمي»: a byline word, then a dash or
/// slash instead of a colon; above the story, the name straight after it
/// too («كتب محمد السيد», a few words).
fn split_byline(line: &str, before_body: bool) -> Option<(&str, &str)> {
    // Every byline word begins with one of these: most lines need no key.
    if !line.starts_with(['ك', 'ب', 'ا', 'إ', 'أ']) {
        return None;
    }
    let (head, rest) = line.split_once([' ', '-', '/'])?;
    // The longest byline word is five letters: a longer head is keyed no further.
    if !key_up_to(head, 10).is_some_and(|k| BYLINE_LABEL_KEYS.contains(&k.as_str())) {
        return None;
    }
    let rest = rest.trim_start();
    match rest.strip_prefix(['-', '–', '/']) {
        Some(value) => Some((head, value)),
        None if before_body && rest.split_whitespace().nth(PLAIN_BYLINE_WORDS).is_none() => {
            Some((head, rest))
        }
        None => None,
    }
}

/// A byline without a colon or dash names at most this many words.
const PLAIN_BYLINE_WORDS: usize = 3;

/// A byline after the body's start is at most this many words: longer, it
/// is a sentence («كتب المحللون: …»).
const MAX_BYLINE_WORDS: usize = 5;

/// A date or clock on a line of its own inside the body (the page's
/// clock, the date repeated): a short line with a digit that reads whole
/// as a date, or a relative date («منذ ساعتين»). Judged on every short
/// line, so the cheap tests go first.
fn is_date_stamp(line: &debris::Short) -> bool {
    // `words` counts a doubled space twice: the exact counts are the
    // parsers' own.
    if line.words() > MAX_DATE_WORDS + 2 {
        return false;
    }
    let text = line.text;
    let utc = chrono::Offset::fix(&chrono::Utc);
    let dated = crate::dates::has_digit(text)
        && text.split_whitespace().nth(MAX_DATE_WORDS).is_none()
        && parse_date_time(text, utc).is_ok();
    dated || line.words() <= RELATIVE_WORDS && crate::dates::is_relative(text)
}

/// A relative date is a few words («منذ 3 ساعات»; `is_relative` takes
/// four, a doubled space allowed for).
const RELATIVE_WORDS: usize = 6;

/// The terms of a list line: separated by `،` or `,`, trimmed, none empty.
fn terms(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(['،', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Splits the lines under a read-also header into titles, each with the pasted
/// paragraphs that follow it. The first line is always a title; later lines
/// are excerpt paragraphs when they read like prose (see [`is_prose`]).
fn read_also_items(lines: Vec<(usize, &str, Option<String>)>) -> Vec<ReadAlsoRef> {
    let mut items: Vec<ReadAlsoRef> = Vec::new();
    for (number, line, key) in lines {
        match items.last_mut() {
            Some(item) if is_prose(line) => item.excerpt.push(line.to_string()),
            _ => items.push(match key {
                Some(key) => ReadAlsoRef::keyed(line, key, Some(number)),
                None => ReadAlsoRef::new(line, Some(number)),
            }),
        }
    }
    items
}

/// Pasted paragraphs end with a full stop (or run past twenty words);
/// headlines do not. A headline written with a trailing full stop is read as
/// prose here, and the resolve stage promotes it back when it names an
/// article of the site exactly.
fn is_prose(line: &str) -> bool {
    let unquoted = line.trim_end_matches(['"', '»', '”', ')', ' ']);
    let ends_sentence = unquoted.ends_with(['.', '۔']) && !unquoted.ends_with("...");
    ends_sentence || line.split_whitespace().count() > 20
}

/// A read-also target missing from the site, made an article from the
/// paragraphs pasted under its title (`materialize_read_also`): `n`th
/// reference of `referrer`. Dated the day its text states nearest to the
/// referrer's date (`السبت` in a story of Tuesday is the Saturday before),
/// else the referrer's; its source is the agency in a `(CNN)`-style
/// dateline; its id and file are the referrer's, marked `#read-also-n`.
pub(crate) fn pasted_article(
    referrer: &Article,
    reference: &ReadAlsoRef,
    n: usize,
) -> Option<Article> {
    let first = reference.excerpt.first()?;
    let line = reference.line.unwrap_or(0);
    let paragraphs: Vec<Line> = reference
        .excerpt
        .iter()
        .enumerate()
        .map(|(i, p)| (line + 1 + i, p.as_str()))
        .collect();
    let dateline = dateline::split(first);
    let text = reference.excerpt.join("\n");
    let day = crate::dates::nearest_stated_date(&text, referrer.date.date_naive());
    let date = day
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(*referrer.date.offset()).single());
    let source = dateline.as_ref().and_then(|d| agency(d.prefix));
    let (body, embeds) = body_html(&paragraphs, dateline.as_ref(), 0);
    Some(Article {
        id: format!("{}#read-also-{n}", referrer.id),
        path: referrer.path.clone(),
        kind: referrer.kind,
        title: reference.title.trim().to_string(),
        date: date.unwrap_or(referrer.date),
        timed: date.is_none() && referrer.timed,
        city: dateline.as_ref().map(|d| d.city.to_string()),
        source: source.or_else(|| referrer.source.clone()),
        body: body.into(),
        embeds,
        lead: dateline
            .as_ref()
            .map_or(first.as_str(), |d| d.rest)
            .to_string(),
        section: referrer.section.clone(),
        pasted: true,
        ..Article::default()
    })
}

/// The agency a dateline names in brackets: `(CNN)`, `(أ ف ب)`.
fn agency(prefix: &str) -> Option<String> {
    let open = prefix.find('(')?;
    let close = prefix[open..].find(')')? + open;
    let name = prefix[open + 1..close].trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The paragraphs as HTML, the dateline (opening paragraph `at`) marked;
/// a paragraph that is only a known provider's address is an embed (its
/// marker in the body).
fn body_html(
    paragraphs: &[Line],
    dateline: Option<&dateline::Dateline>,
    at: usize,
) -> (String, Vec<Embed>) {
    let mut embeds = Vec::new();
    // Bodies stay in memory for the whole build: sized once, not doubled
    // as they grow (escapes are rare, the final shrink is then cheap).
    let text: usize = paragraphs.iter().map(|(_, t)| t.len() + 8).sum();
    let mut html = String::with_capacity(text + 40);
    for (i, (_, text)) in paragraphs.iter().enumerate() {
        if text.starts_with("http") {
            if let Some(embed) = super::embed::from_url(text) {
                html.push_str(&super::embed::marker(embeds.len()));
                html.push('\n');
                embeds.push(embed);
                continue;
            }
        }
        html.push_str("<p>");
        match dateline {
            Some(d) if i == at => {
                html.push_str("<span class=\"dateline\">");
                push_escaped(&mut html, d.prefix.trim_end());
                html.push_str("</span> ");
                push_escaped(&mut html, d.rest);
            }
            _ => push_escaped(&mut html, text),
        }
        html.push_str("</p>\n");
    }
    html.shrink_to_fit();
    (html, embeds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    /// The raw parser with no furniture of the site's own.
    fn parse(source: &SourceFile, offset: FixedOffset) -> (Option<Article>, Vec<Diagnostic>) {
        super::parse(source, offset.into(), RawOptions::default())
    }
    use crate::load::SourceKind;
    use std::path::PathBuf;

    const SEED: &str = include_str!("../../content/000_a202247ae16cea6a.txt");

    fn source(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content/x.txt"),
            id: "x.txt".into(),
            kind: SourceKind::Raw,
            text: text.into(),
            modified: None,
        }
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
    }

    fn parse_ok(text: &str) -> Article {
        let (article, notes) = parse(&source(text), utc());
        article.unwrap_or_else(|| panic!("expected an article, got {notes:?}"))
    }

    /// The newsroom corpus's shape (`gen.py --newsroom`): update, byline and
    /// tag lines around the body.
    const NEWSROOM: &str = "الأمم المتحدة تناقش مع وفد بريطاني الهجرة غير النظامية
تاريخ النشر: 14 أبريل 2021 - 09:56 م
آخر تحديث: 15 أبريل 2021 - 10:05 ص
كتب: زياد القحطاني
طهران- أكد وزير الاقتصاد الإيراني أن المحادثات مستمرة.
كتب المحللون كثيرا عن هذا: والنص يستمر.
المصدر: شبكة الأمة برس
الوسوم: الهجرة غير النظامية، الأمم المتحدة، الامم المتحده, إيران
اقرأ أيضًا:
عنوان خبر آخر
";

    #[test]
    fn newsroom_lines_are_metadata_not_body() {
        let a = parse_ok(NEWSROOM);
        assert_eq!(
            a.date.format("%Y-%m-%d %H:%M").to_string(),
            "2021-04-14 21:56"
        );
        assert!(a.timed);
        let updated = a.updated.map(|u| u.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(updated.as_deref(), Some("2021-04-15 10:05"));
        assert!(a.updated_timed);
        assert_eq!(a.authors, ["زياد القحطاني"]);
        assert_eq!(a.source.as_deref(), Some("شبكة الأمة برس"));
        // Spelling variants of one tag in one article are one tag.
        assert_eq!(a.tags, ["الهجرة غير النظامية", "الأمم المتحدة", "إيران"]);
        assert_eq!(a.city.as_deref(), Some("طهران"));
        for gone in ["زياد", "الوسوم", "آخر تحديث", "الأمة برس"] {
            assert!(!a.body.html().contains(gone), "{gone} in {}", a.body.html());
        }
        // A byline-like line inside the body is body text.
        assert!(a.body.html().contains("كتب المحللون"), "{}", a.body.html());
        assert_eq!(a.read_also.len(), 1);
    }

    /// A live page as scrapers capture it: the label in the title, share
    /// row debris, times on a line of their own and before a dash, in
    /// Arabic-Indic digits too, across midnight, and the closing line.
    const LIVE_CAPTURE: &str = "مباشر | قمة القاهرة.. القادة يصلون والكلمات تتوالى
تاريخ النشر: 2026-12-07 21:00
القاهرة - تنطلق الليلة في القاهرة قمة إقليمية بحضور قادة عشر دول.
شارك
00:40 - انتهت التغطية المباشرة لهذا اليوم.
٢٣:١٠
ألقى الرئيس كلمة الافتتاح.
ودعا إلى وقف فوري لإطلاق النار.
21:05 - بدء توافد الوفود إلى مقر القمة.
المصدر: وكالات
";

    #[test]
    fn a_live_capture_is_timed_entries_newest_first_after_its_body() {
        let a = parse_ok(LIVE_CAPTURE);
        let live = a
            .live
            .as_deref()
            .unwrap_or_else(|| panic!("not live: {}", a.body.html()));
        let entries: Vec<(String, &str)> = live
            .updates
            .iter()
            .map(|u| (u.time.format("%d %H:%M").to_string(), u.text.as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                ("08 00:40".to_string(), "انتهت التغطية المباشرة لهذا اليوم."),
                (
                    "07 23:10".to_string(),
                    "ألقى الرئيس كلمة الافتتاح. ودعا إلى وقف فوري لإطلاق النار."
                ),
                ("07 21:05".to_string(), "بدء توافد الوفود إلى مقر القمة."),
            ]
        );
        assert_eq!(live.end, live.latest(), "the closing line ends it");
        assert_eq!(
            a.updated,
            live.latest(),
            "the last update is the latest entry"
        );
        assert!(a.body.html().contains("تنطلق الليلة"), "{}", a.body.html());
        assert!(
            !a.body.html().contains("الافتتاح"),
            "entries are not the body"
        );
        assert_eq!(a.city.as_deref(), Some("القاهرة"));
        assert_eq!(a.source.as_deref(), Some("وكالات"));
        assert_eq!(a.title, "قمة القاهرة.. القادة يصلون والكلمات تتوالى");
        assert!(
            live.updates[1].html.contains("<p>ودعا"),
            "{}",
            live.updates[1].html
        );
    }

    #[test]
    fn repeated_picture_groups_are_the_lead_and_a_gallery() {
        let a = parse_ok(
            "معرض الكتاب يفتح أبوابه\nتاريخ النشر: 2025-11-11\nالصورة: images/a.jpg\nتعليق الصورة: الجناح الرئيسي.\nمصدر الصورة: رويترز\nالصورة: images/b.jpg\nتعليق الصورة: زوار المعرض.\nبيروت- افتتح المعرض أبوابه.\nالصورة: ما زالت في الذاكرة تلك الأيام.\nالصورة: https://cdn.example.net/c.webp\nتعليق الصورة: توقيع كتاب.\nحقوق الصورة: أ ف ب\nالمصدر: وكالات\n",
        );
        let lead = a.image.unwrap_or_else(|| panic!("no lead picture"));
        assert_eq!(
            (
                lead.src.as_str(),
                lead.caption.as_deref(),
                lead.credit.as_deref()
            ),
            ("images/a.jpg", Some("الجناح الرئيسي."), Some("رويترز"))
        );
        let gallery: Vec<(&str, Option<&str>, Option<&str>)> = a
            .gallery
            .iter()
            .map(|g| {
                (
                    g.image.src.as_str(),
                    g.image.caption.as_deref(),
                    g.image.credit.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            gallery,
            [
                ("images/b.jpg", Some("زوار المعرض."), None),
                (
                    "https://cdn.example.net/c.webp",
                    Some("توقيع كتاب."),
                    Some("أ ف ب")
                ),
            ]
        );
        // A sentence that opens with the word is text.
        assert!(
            a.body.html().contains("ما زالت في الذاكرة"),
            "{}",
            a.body.html()
        );
        assert!(!a.body.html().contains("توقيع كتاب"), "{}", a.body.html());
    }

    #[test]
    fn one_paragraph_opening_with_a_time_is_a_story() {
        let a = parse_ok(
            "انطلاق القطار الجديد\nتاريخ النشر: 2026-12-07 08:00\nالرباط - انطلق القطار صباح اليوم.\n09:30 - هو موعد الرحلة الثانية.\n",
        );
        assert!(a.live.is_none());
        assert!(a.body.html().contains("09:30"));
    }

    #[test]
    fn correction_lines_after_the_body_are_dated_notes() {
        let a = parse_ok(
            "الوزير يعلن الموازنة\nتاريخ النشر: 2025-11-11 10:00\nبيروت- أعلن الوزير الموازنة.\nتصحيح: 2025-11-12 09:30 - ورد خطأً أن العجز 5%، والصحيح 4%.\nتصحيح: صُحّح اسم الوزير.\n",
        );
        assert_eq!(a.corrections.len(), 2, "{:?}", a.corrections);
        assert_eq!(a.corrections[0].text, "ورد خطأً أن العجز 5%، والصحيح 4%.");
        let date = a.corrections[0]
            .date
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(date.as_deref(), Some("2025-11-12 09:30"));
        assert_eq!(a.corrections[1].date, None);
        assert_eq!(a.updated, a.corrections[0].date, "the last update moves");
        assert!(!a.body.html().contains("تصحيح"), "{}", a.body.html());
    }

    #[test]
    fn a_line_that_is_a_providers_address_is_an_embed_and_not_the_lead() {
        let a = parse_ok(
            "مقطع من الكلمة\nتاريخ النشر: 2025-11-11\nhttps://youtu.be/dQw4w9WgXcQ\nبيروت- ألقى الرئيس كلمة.\nhttps://example.com/page\n",
        );
        assert_eq!(
            a.embeds.len(),
            1,
            "{:?} {:?} {}",
            a.embeds,
            a.furniture,
            a.body.html()
        );
        assert_eq!(a.lead, "ألقى الرئيس كلمة.");
        assert!(a.body.html().starts_with(&super::super::embed::marker(0)));
        assert!(
            !a.body.html().contains("example.com"),
            "an other address is debris"
        );
    }

    #[test]
    fn picture_lines_before_the_body_are_the_lead_picture() {
        for credit in ["مصدر الصورة", "حقوق الصورة"] {
            let a = parse_ok(&format!(
                "عنوان\nتاريخ النشر: 2025-11-11\nالصورة: images/x.jpg\n\
                 تعليق الصورة: صورة أرشيفية من طهران.\n{credit}: رويترز\nطهران- نص.\n"
            ));
            let image = a.image.unwrap_or_else(|| panic!("no picture"));
            assert_eq!(image.src, "images/x.jpg");
            assert_eq!(image.line, Some(3));
            assert_eq!(image.caption.as_deref(), Some("صورة أرشيفية من طهران."));
            assert_eq!(image.credit.as_deref(), Some("رويترز"), "{credit}");
            assert!(!a.body.html().contains("الصورة"), "{}", a.body.html());
            assert_eq!(a.city.as_deref(), Some("طهران"));
        }
        // In the body, the same words are body text.
        let a = parse_ok("عنوان\nتاريخ النشر: 2025-11-11\nنص.\nالصورة: في الأرشيف\nنص آخر.\n");
        assert!(a.image.is_none());
        assert!(
            a.body.html().contains("الصورة: في الأرشيف"),
            "{}",
            a.body.html()
        );
        // Hamza forms and ة/ه are one label, as everywhere.
        let a = parse_ok("عنوان\nتاريخ النشر: 2025-11-11\nالصوره: a.png\nنص.\n");
        assert_eq!(a.image.map(|i| i.src).as_deref(), Some("a.png"));
    }

    #[test]
    fn every_byline_and_tag_label_form() {
        for (label, written) in [("كتبت", "كتبت"), ("بقلم", "بقلم"), ("إعداد", "إعداد")]
        {
            let a = parse_ok(&format!(
                "عنوان\nتاريخ النشر: 2025-11-11\n{written}: سعاد الهاشمي، علي حسن\nنص.\n"
            ));
            assert_eq!(a.authors, ["سعاد الهاشمي", "علي حسن"], "{label}");
        }
        for written in [
            "الكلمات المفتاحية",
            "كلمات مفتاحية",
            "الكلمات الدالة",
            "الوسوم",
        ] {
            let a = parse_ok(&format!(
                "عنوان\nتاريخ النشر: 2025-11-11\nنص.\n{written}: اقتصاد, نفط\n"
            ));
            assert_eq!(a.tags, ["اقتصاد", "نفط"], "{written}");
        }
        let undated = parse(
            &source("عنوان\nتاريخ النشر: 2025-11-11\nآخر تحديث: غدا\nنص.\n"),
            utc(),
        );
        assert!(undated.0.is_some_and(|a| a.updated.is_none()));
        assert!(
            undated.1[0].message.contains("update line is ignored"),
            "{:?}",
            undated.1
        );
    }

    #[test]
    fn label_keys_are_the_keys_of_the_labels_as_written() {
        use crate::arabic::normalize::key;
        assert_eq!(key("آخر تحديث"), UPDATED_LABEL_KEY);
        assert_eq!(key("إعداد"), BYLINE_LABEL_KEYS[3]);
        assert_eq!(key("الكلمات المفتاحية"), TAG_LABEL_KEYS[1]);
        assert_eq!(key("الكلمات الدالة"), TAG_LABEL_KEYS[3]);
        let longest = [DATE_LABEL_KEYS[0], SOURCE_LABEL_KEY, UPDATED_LABEL_KEY]
            .into_iter()
            .chain(BYLINE_LABEL_KEYS)
            .chain(TAG_LABEL_KEYS)
            .map(str::len)
            .max();
        assert_eq!(longest, Some(LONGEST_LABEL));
    }

    #[test]
    fn the_seed_parses_completely() {
        let a = parse_ok(SEED);
        assert_eq!(
            a.title,
            "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\""
        );
        assert_eq!(a.date.format("%Y-%m-%d").to_string(), "2025-11-11");
        assert_eq!(a.city.as_deref(), Some("دمشق"));
        assert_eq!(a.source.as_deref(), Some("شبكة الأمة برس"));
        assert_eq!(a.read_also.len(), 1);
        let related = &a.read_also[0];
        assert_eq!(
            related.title,
            "سوريا تشن حملة ضد تنظيم داعش قبيل زيارة مرتقبة للشرع إلى أمريكا"
        );
        assert_eq!(related.excerpt.len(), 7);
        assert!(related.excerpt[0].starts_with("دبي، الإمارات العربية المتحدة (CNN)--"));
        // The pasted body is not part of this article's body.
        assert!(!a.body.html().contains("أوكار التنظيم"));
        assert_eq!(a.body.html().matches("<p>").count(), 10);
        assert!(a
            .body
            .html()
            .starts_with("<p><span class=\"dateline\">دمشق-</span> كشف"));
        assert!(a.lead.starts_with("كشف وزير الإعلام السوري"));
    }

    #[test]
    fn titles_in_a_row_and_title_body_title_body() {
        let text = "عنوان\nتاريخ النشر: 2025-11-11\nنص المقال.\nاقرأ أيضا:\nالعنوان الأول\nالعنوان الثاني\nبيروت- فقرة منسوخة من المقال الثاني تشرح ما جرى في الاجتماع أمس بالتفصيل.\nالعنوان الثالث\nفقرة طويلة أخرى. وفيها جملتان.";
        let a = parse_ok(text);
        let titles: Vec<_> = a.read_also.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["العنوان الأول", "العنوان الثاني", "العنوان الثالث"]);
        assert_eq!(a.read_also[0].excerpt.len(), 0);
        assert_eq!(a.read_also[1].excerpt.len(), 1);
        assert_eq!(a.read_also[2].excerpt.len(), 1);
        assert_eq!(a.read_also[2].line, Some(8));
    }

    #[test]
    fn a_title_with_trailing_punctuation_stays_a_title() {
        let text = "عنوان\nتاريخ النشر: 2025-11-11\nنص.\nإقرأ أيضاً:\nالأول\nهل يعود الوزير إلى منصبه؟\nالاتفاق سيوقع غدا...\nوزير النقل - \"لا حل عسكريا للأزمة\" في العراق";
        let a = parse_ok(text);
        assert_eq!(a.read_also.len(), 4);
    }

    #[test]
    fn header_with_a_title_on_the_same_line() {
        let a = parse_ok("عنوان\nتاريخ النشر: 2025-11-11\nنص.\nاقرأ أيضاً: عنوان آخر");
        assert_eq!(a.read_also.len(), 1);
        assert_eq!(a.read_also[0].title, "عنوان آخر");
    }

    #[test]
    fn errors_name_the_line() {
        let (article, notes) = parse(&source("عنوان\nتاريخ النشر: غير معروف\nنص"), utc());
        assert!(article.is_none());
        assert_eq!(notes[0].line, Some(2));
        assert!(notes[0].message.contains("غير"), "{}", notes[0].message);

        let (article, notes) = parse(&source("عنوان\nنص بلا تاريخ"), utc());
        assert!(article.is_none());
        assert!(notes[0].message.contains("تاريخ النشر"));

        let (article, notes) = parse(&source("   \n\n"), utc());
        assert!(article.is_none());
        assert!(notes[0].message.contains("empty"));

        let (article, notes) = parse(&source("عنوان\nتاريخ النشر: 2025-11-11\n"), utc());
        assert!(article.is_none());
        assert!(notes[0].message.contains("no body"));
    }

    #[test]
    fn body_text_is_escaped() {
        let a = parse_ok(
            "<b>عنوان</b>\nتاريخ النشر: 2025-11-11\nقال الوزير <script>alert(1)</script> في بيان.",
        );
        assert!(a.body.html().contains("&lt;script&gt;"));
        assert!(!a.body.html().contains("<script>"));
    }

    #[test]
    fn a_title_led_by_breaking_is_breaking_news_without_the_mark() {
        let a = parse_ok("عاجل: زلزال يضرب جنوب البلاد\nتاريخ النشر: 2025-11-11\nنص.\n");
        assert!(a.breaking);
        assert_eq!(a.title, "زلزال يضرب جنوب البلاد");
        for title in ["عاجل | خبر", "عاجل - خبر", "عاجـل: خبر"] {
            let (breaking, rest) = breaking_title(title);
            assert!(breaking && rest == "خبر", "{title}");
        }
        // The word in a headline, or the mark alone, is not the mark.
        assert_eq!(breaking_title("عاجلاً أم آجلاً"), (false, "عاجلاً أم آجلاً"));
        assert_eq!(breaking_title("عاجل:"), (false, "عاجل:"));
    }
}
