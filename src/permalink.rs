//! Output paths and URLs: the permalink pattern, listing paths, collision
//! handling and percent-encoding. Every path is made of slug-safe segments, so
//! none can leave the output folder.

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::arabic::slug::{clean_user_slug, slug_of_key, slugify, SlugStyle};
use crate::content::Article;
use crate::load::stamp::fnv1a;

/// The segment listing pages use for pagination: `2025/page/2/`.
pub(crate) const PAGE_SEGMENT: &str = "page";
/// The folder of the archive index.
pub(crate) const ARCHIVE_INDEX: &str = "archive";
/// A listing's folder for page `n` (1-based) of a listing at `base`.
pub(crate) fn paginated(base: &str, n: usize) -> String {
    match (base.is_empty(), n) {
        (_, 1) => base.to_string(),
        (true, _) => format!("{PAGE_SEGMENT}/{n}"),
        (false, _) => format!("{base}/{PAGE_SEGMENT}/{n}"),
    }
}

pub(crate) fn year_path(year: i32) -> String {
    format!("{year:04}")
}

/// An old address as an editor writes it (`/2019/05/old-story/`, the same
/// percent-encoded, a whole URL of the site, `old/page.html`) as the
/// output file that answers it: `2019/05/old-story/index.html`. `None` for
/// one that names no file, or climbs out of the site (`..`), or holds a
/// control character.
pub(crate) fn old_address_file(written: &str, base_path: &str) -> Option<String> {
    let mut path = written.trim();
    // A whole URL: its path.
    if let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    {
        path = rest.find('/').map_or("", |at| &rest[at..]);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let decoded = decoded
        .strip_prefix(base_path)
        .map_or(decoded.as_ref(), |rest| rest);
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.chars().any(char::is_control) {
            return None;
        }
        segments.push(segment);
    }
    let last = segments.last()?;
    Some(if last.ends_with(".html") || last.ends_with(".htm") {
        segments.join("/")
    } else {
        format!("{}/index.html", segments.join("/"))
    })
}

pub(crate) fn month_path(year: i32, month: u32) -> String {
    format!("{year:04}/{month:02}")
}

pub(crate) fn day_path(date: NaiveDate) -> String {
    format!("{:04}/{:02}/{:02}", date.year(), date.month(), date.day())
}

/// The URL of a folder path under the site's base path, percent-encoded, with
/// a trailing slash: `/news/2025/11/%D8%AF.../`.
pub(crate) fn folder_url(base_path: &str, path: &str) -> String {
    // Bytes, then one UTF-8 check of what is ASCII but for the base path:
    // every page links a dozen articles, so this runs for each link made.
    let mut url = Vec::with_capacity(base_path.len() + path.len() * 3 + 1);
    url.extend_from_slice(base_path.as_bytes());
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        push_percent_encoded(&mut url, segment);
        url.push(b'/');
    }
    String::from_utf8(url).unwrap_or_default()
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986's unreserved characters (ASCII letters, digits, `-._~`): what
/// a path segment holds as it is.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `%XX` of a byte.
fn escape_of(b: u8) -> [u8; 3] {
    [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]
}

/// `segment` percent-encoded as a URL path segment: unreserved characters
/// kept, every other byte `%XX`.
fn push_percent_encoded(out: &mut Vec<u8>, segment: &str) {
    for b in segment.bytes() {
        if unreserved(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&escape_of(b));
        }
    }
}

/// [`folder_url`] as an IRI: the segments' letters as they are (UTF-8),
/// only ASCII outside RFC 3986's unreserved set percent-encoded. A third of
/// the bytes of Arabic percent-encoded; browsers encode it when they follow it.
/// Pages link with these; absolute addresses (canonical, feeds, sitemaps)
/// stay percent-encoded ([`push_uri_of_iri`]).
pub(crate) fn folder_iri(base_path: &str, path: &str) -> String {
    let mut url = String::with_capacity(base_path.len() + path.len() + 2);
    url.push_str(base_path);
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        push_iri_component(&mut url, segment);
        url.push('/');
    }
    url
}

/// `text` for one component of an IRI (a path segment, a query value):
/// non-ASCII kept, ASCII other than letters, digits and `-._~` percent-encoded.
pub(crate) fn iri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_iri_component(&mut out, text);
    out
}

fn push_iri_component(out: &mut String, text: &str) {
    push_escaping(out, text, |b| b.is_ascii() && !unreserved(b));
}

/// Writes `text` onto `out` with the bytes `escaped` says as `%XX`, runs of
/// the others copied whole (a slug is one run).
fn push_escaping(out: &mut String, text: &str, escaped: impl Fn(u8) -> bool) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(&escaped) {
        out.push_str(&rest[..at]);
        // A run of escaped bytes is escaped whole: it may be the bytes of
        // one character, so no cut falls inside it.
        let tail = &rest.as_bytes()[at..];
        let run = tail.iter().position(|&b| !escaped(b)).unwrap_or(tail.len());
        for &b in &tail[..run] {
            out.extend(escape_of(b).map(char::from));
        }
        rest = &rest[at + run..];
    }
    out.push_str(rest);
}

/// Writes an IRI made by [`folder_iri`] onto `out` as the URI [`folder_url`]
/// makes of the same path: its non-ASCII bytes percent-encoded (its ASCII
/// already is).
pub(crate) fn push_uri_of_iri(out: &mut String, iri: &str) {
    push_escaping(out, iri, |b| !b.is_ascii());
}

/// Assigns every article its output folder. `order` lists article indices
/// oldest first, so older articles keep the plain slug when two collide and
/// the result does not depend on file-system order. `reserved` holds the
/// listing folders, which articles may not take.
/// `keys` are the articles' title keys (see [`crate::arabic::normalize::key`]).
pub(crate) fn assign_paths(
    articles: &[std::sync::Arc<Article>],
    keys: &[String],
    days: &[NaiveDate],
    pattern: &Pattern,
    sections: &[&str],
    reserved: &HashSet<String>,
    kept: Option<(&mut KeptNames, &[Option<usize>])>,
) -> Vec<String> {
    let section_of = |i: usize| sections.get(i).copied().unwrap_or("");
    // `{section}` first: the rest of the pattern is the same for every article.
    let pattern_of = |i: usize| pattern.text.replace("{section}", section_of(i));
    // Slugs and first-choice paths in parallel; collisions settled in order.
    let fresh = |i: usize| {
        let (a, title_key) = (&articles[i], &keys[i]);
        let names = Names {
            slug: base_slug(a, title_key, pattern.slug_style),
            id: slugify(&stem(&a.id)).unwrap_or_else(|| "article".into()),
            uid: short_id(&without_extension(&a.id)),
        };
        let first = expand(&pattern_of(i), days[i], &names);
        (names, first)
    };
    let made: Vec<(Names, String)> = match &kept {
        None => (0..articles.len()).into_par_iter().map(fresh).collect(),
        Some((kept, before)) => (0..articles.len())
            .into_par_iter()
            .map(|i| match kept.reusable(before[i], section_of(i)) {
                Some((names, first)) => (names.clone(), first.to_string()),
                None => fresh(i),
            })
            .collect(),
    };
    let (slugs, mut first): (Vec<Names>, Vec<String>) = made.into_iter().unzip();
    if let Some((kept, _)) = kept {
        kept.sections = (0..articles.len())
            .map(|i| section_of(i).to_string())
            .collect();
        kept.firsts = first.clone();
        kept.names = slugs.clone();
    }
    let mut paths = vec![String::new(); articles.len()];
    let mut taken: HashSet<String> = reserved.clone();
    let usable = |path: &str| !path.is_empty() && path.rsplit('/').next() != Some(PAGE_SEGMENT);
    // The next number to try after each first choice: the k-th article
    // wanting one path starts at -k rather than trying -2, -3, … again
    // (5,000 stories with one title on one day took seconds).
    let mut next_number: HashMap<String, usize> = HashMap::default();
    // Oldest first, ties by id: the first-published article keeps the
    // plain slug. Articles of their own files come before those published
    // from pasted text, which never take a real story's URL.
    let mut oldest_first: Vec<usize> = (0..articles.len()).collect();
    oldest_first.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        (a.pasted, a.date, &a.id).cmp(&(b.pasted, b.date, &b.id))
    });
    for i in oldest_first {
        let candidate = std::mem::take(&mut first[i]);
        if usable(&candidate) && !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            paths[i] = candidate;
            continue;
        }
        let from = next_number.get(&candidate).copied().unwrap_or(2);
        for n in from.. {
            let path = expand(&pattern_of(i), days[i], &slugs[i].numbered(n));
            if usable(&path) && taken.insert(path.clone()) {
                paths[i] = path;
                next_number.insert(candidate, n + 1);
                break;
            }
        }
    }
    paths
}

/// The permalink pattern and how its `{slug}` is spelled.
pub(crate) struct Pattern<'a> {
    pub text: &'a str,
    pub slug_style: SlugStyle,
}

/// The names and first-choice paths of the last resolve, by its article
/// order, kept by `serve` between edits: an article that did not change
/// (the same `Arc`, so the same id, date, title and front matter) in the
/// same section has the same ones.
#[derive(Default)]
pub(crate) struct KeptNames {
    sections: Vec<String>,
    names: Vec<Names>,
    firsts: Vec<String>,
}

impl KeptNames {
    /// The kept names and first path of the article at `before` in the
    /// last resolve, if still right for this section.
    fn reusable(&self, before: Option<usize>, section: &str) -> Option<(&Names, &str)> {
        let b = before?;
        (self.sections.get(b)? == section).then(|| (&self.names[b], self.firsts[b].as_str()))
    }
}

/// What an article's placeholders are filled with.
#[derive(Clone)]
struct Names {
    slug: String,
    id: String,
    uid: String,
}

impl Names {
    /// The names of the `n`th article wanting the same path: every name gets
    /// `-n`, so whichever the pattern uses, the path changes.
    fn numbered(&self, n: usize) -> Names {
        Names {
            slug: format!("{}-{n}", self.slug),
            id: format!("{}-{n}", self.id),
            uid: format!("{}-{n}", self.uid),
        }
    }
}

/// The slug from the article's own `slug`, its title, or its file name.
fn base_slug(article: &Article, title_key: &str, style: SlugStyle) -> String {
    let from_title = match style {
        SlugStyle::Normalized => slug_of_key(title_key),
        SlugStyle::Headline => style.slug(&article.title),
    };
    article
        .slug
        .as_deref()
        .and_then(|slug| clean_user_slug(slug, style))
        .or(from_title)
        .or_else(|| style.slug(&stem(&article.id)))
        .unwrap_or_else(|| "article".into())
}

/// The file name of an article's id without its extension; an article
/// published from text pasted in another (`story.txt#read-also-1`) keeps
/// its own part (`story-read-also-1`), so it never takes its referrer's.
fn stem(id: &str) -> Cow<'_, str> {
    let (file, pasted) = split_pasted(id);
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    with_pasted(stem, pasted)
}

/// The article's id (its path under `content/`) without the extension,
/// its pasted part kept as in [`stem`].
fn without_extension(id: &str) -> Cow<'_, str> {
    let (file, pasted) = split_pasted(id);
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem_len = name
        .rsplit_once('.')
        .map_or(name.len(), |(stem, _)| stem.len());
    let folder = file.len() - name.len();
    with_pasted(&file[..folder + stem_len], pasted)
}

fn split_pasted(id: &str) -> (&str, Option<&str>) {
    match id.split_once('#') {
        Some((file, part)) => (file, Some(part)),
        None => (id, None),
    }
}

fn with_pasted<'a>(stem: &'a str, pasted: Option<&str>) -> Cow<'a, str> {
    match pasted {
        Some(part) => Cow::Owned(format!("{stem}-{part}")),
        None => Cow::Borrowed(stem),
    }
}

/// A short, stable ASCII id of an article (the `{uid}` permalink
/// placeholder): 8 base-36 characters from its file path without the
/// extension, so it survives a title edit and a `.txt` → `.md` conversion.
/// FNV-1a, whose constants are fixed: the id never changes between versions.
pub(crate) fn short_id(path_without_extension: &str) -> String {
    const LEN: usize = 8;
    let mut n = fnv1a(path_without_extension.as_bytes()) % 36u64.pow(LEN as u32);
    let mut id = [b'0'; LEN];
    for slot in id.iter_mut().rev() {
        let digit = (n % 36) as u8;
        *slot = if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        };
        n /= 36;
    }
    id.iter().map(|&b| char::from(b)).collect()
}

/// Fills the pattern's placeholders; segments that are empty, `.` or `..`
/// are dropped whatever the pattern says.
fn expand(pattern: &str, day: NaiveDate, names: &Names) -> String {
    let filled = pattern
        .replace("{year}", &format!("{:04}", day.year()))
        .replace("{month}", &format!("{:02}", day.month()))
        .replace("{day}", &format!("{:02}", day.day()))
        .replace("{slug}", &names.slug)
        .replace("{uid}", &names.uid)
        .replace("{id}", &names.id);
    filled
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_are_the_files_that_answer_them() {
        let file = |written| old_address_file(written, "/news/");
        assert_eq!(
            file("/2019/05/old-story/").as_deref(),
            Some("2019/05/old-story/index.html")
        );
        assert_eq!(
            file("2019/05/old-story").as_deref(),
            Some("2019/05/old-story/index.html")
        );
        assert_eq!(
            file("https://example.org/news/2019/%D8%AE%D8%A8%D8%B1/?utm=x#top").as_deref(),
            Some("2019/خبر/index.html")
        );
        assert_eq!(file("/news/about.html").as_deref(), Some("about.html"));
        for refused in ["/", "", "/a/../../etc/", "https://example.org", "/a/%0A/"] {
            assert_eq!(file(refused), None, "{refused}");
        }
    }

    #[test]
    fn urls_are_percent_encoded_per_segment() {
        assert_eq!(
            folder_url("/", "2025/11/دمشق"),
            "/2025/11/%D8%AF%D9%85%D8%B4%D9%82/"
        );
        assert_eq!(folder_url("/news/", ""), "/news/");
        assert_eq!(folder_url("/", "a b/c?d"), "/a%20b/c%3Fd/");
    }

    #[test]
    fn an_iri_made_a_uri_is_the_url_of_the_same_path() {
        for path in ["2025/11/دمشق-تعلن", "a b/c?d/é~_.-", "", "الصين/ok%/ق"] {
            for base in ["/", "/news/", "/أخبار/"] {
                let iri = folder_iri(base, path);
                let url = folder_url(base, path);
                let uri_of_iri = |iri: &str| {
                    let mut out = String::new();
                    push_uri_of_iri(&mut out, iri);
                    out
                };
                let base_uri = uri_of_iri(base);
                assert_eq!(
                    uri_of_iri(&iri),
                    format!("{base_uri}{}", &url[base.len()..]),
                    "{base} {path}"
                );
            }
        }
    }

    #[test]
    fn segments_encode_as_the_percent_encoding_crate_does() {
        use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
        const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        for segment in [
            "دمشق-تعلن",
            "a~b_c.d-e",
            "%41 +&=#\u{1F600}",
            "Zz09\u{7F}\u{0}",
        ] {
            let mut ours = Vec::new();
            push_percent_encoded(&mut ours, segment);
            let theirs = utf8_percent_encode(segment, SEGMENT).to_string();
            assert_eq!(String::from_utf8(ours).as_deref(), Ok(theirs.as_str()));
        }
    }

    #[test]
    fn iris_keep_letters_and_encode_ascii_delimiters() {
        assert_eq!(
            folder_iri("/news/", "2025/11/دمشق-تعلن"),
            "/news/2025/11/دمشق-تعلن/"
        );
        assert_eq!(
            iri_component("خبر: «عاجل» & 5.4% ?"),
            "خبر%3A%20«عاجل»%20%26%205.4%25%20%3F"
        );
    }

    #[test]
    fn pagination_paths() {
        assert_eq!(paginated("", 1), "");
        assert_eq!(paginated("", 2), "page/2");
        assert_eq!(paginated("2025/11", 3), "2025/11/page/3");
    }

    fn names(slug: &str, id: &str) -> Names {
        Names {
            slug: slug.into(),
            id: id.into(),
            uid: short_id(id),
        }
    }

    #[test]
    fn pattern_cannot_escape() {
        let day = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap_or_default();
        assert_eq!(
            expand("/{year}/{month}/{day}/{slug}/", day, &names("س", "x")),
            "2025/11/11/س"
        );
        assert_eq!(expand("/../../{slug}/./", day, &names("s", "x")), "s");
        assert_eq!(
            expand("/news/{id}", day, &names("s", "000_a")),
            "news/000_a"
        );
    }

    #[test]
    fn the_uid_placeholder_is_the_short_id_of_the_path_without_extension() {
        let day = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap_or_default();
        let uid = short_id(&without_extension("2025/11/seed.txt"));
        assert_eq!(uid, short_id("2025/11/seed"));
        assert_eq!(
            expand("/{year}/{uid}-{slug}/", day, &names("خبر", "2025/11/seed")),
            format!("2025/{uid}-خبر")
        );
        assert_eq!(without_extension("a.b/c.md"), "a.b/c");
        assert_eq!(without_extension("c"), "c");
    }

    #[test]
    fn short_ids_are_eight_base36_characters_stable_and_distinct() {
        let id = short_id("2025/000_a202247ae16cea6a");
        assert_eq!(id.len(), 8);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
            "{id}"
        );
        // Pinned (FNV-1a's offset basis mod 36^8, worked out by hand):
        // published URLs depend on it never changing.
        assert_eq!(short_id(""), "hzj4ux45");
        let ids: std::collections::HashSet<String> = (0..10_000)
            .map(|n| short_id(&format!("news/{n}")))
            .collect();
        assert_eq!(ids.len(), 10_000);
    }
}
