//! Stage 3: from parsed articles to a [`Site`]: order, output paths, read-also
//! links (exact normalised title, then a shortlisted fuzzy match), backlinks
//! and date archives. Linear in the number of articles and references.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use chrono::NaiveDate;

use crate::arabic::normalize::{key, key_start, key_up_to};
use crate::content::{Article, ReadAlsoRef};
use crate::permalink::{self, assign_paths};
use crate::report::{Diagnostic, Kind};
use crate::settings::Settings;
use crate::site::{Day, Group, Link, Month, Site, Taxonomy, Year};

/// Below this similarity a "closest candidate" would only mislead.
const CLOSEST_HINT_MIN: f64 = 0.4;
/// Longer "words" are compared whole, never by edit distance (the longest
/// Arabic words run to about 15 letters).
const MAX_FUZZY_WORD_CHARS: usize = 40;
/// Closest candidates the report lists for an unresolved read-also.
const CANDIDATES: usize = 3;
/// Candidates scored in full per reference.
const SHORTLIST: usize = 16;
/// A read-also title ending in "..." this long that starts exactly one title
/// is a truncation of it.
const MIN_PREFIX_CHARS: usize = 20;

/// Bytes of a key's start that an excerpt line must share with some title
/// before its whole key is made (about the first word).
const TITLE_START: usize = 12;

/// Builds the site. Drafts must already be filtered out.
pub fn resolve<A: Into<Arc<Article>>>(
    articles: impl IntoIterator<Item = A>,
    settings: Settings,
) -> (Site, Vec<Diagnostic>) {
    resolve_remembering(articles, settings, None)
}

/// What a resolve keeps for the next one (`serve`, edit after edit): each
/// article's title key, names and first-choice path, and the fuzzy
/// matches of read-also titles. An article is the same when it is the same
/// `Arc` (the engine keeps one per unchanged file).
#[derive(Default)]
pub(crate) struct Memo {
    articles: Vec<Arc<Article>>,
    keys: Vec<String>,
    names: permalink::KeptNames,
    /// (referrer, reference key, cut short with "...") → its fuzzy match.
    fuzzy: HashMap<(usize, String, bool), Resolution>,
}

impl Memo {
    /// Where each of `articles` was in the last resolve.
    fn positions(&self, articles: &[Arc<Article>]) -> Vec<Option<usize>> {
        let at: HashMap<*const Article, usize> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (Arc::as_ptr(a), i))
            .collect();
        articles
            .iter()
            .map(|a| at.get(&Arc::as_ptr(a)).copied())
            .collect()
    }

    /// The fuzzy matches that still hold, with the words whose titles
    /// changed: a match is made from the titles sharing a word (rare
    /// enough to count) with the reference, so one sharing none of those
    /// words finds what it found.
    /// None kept when the articles are not the same ones in the same
    /// order (matches name articles by position).
    fn fuzzy_still_right(
        &self,
        articles: &[Arc<Article>],
        keys: &[String],
        index: &TitleIndex,
    ) -> Remembered<'_> {
        let same_order = articles.len() == self.articles.len()
            && articles
                .iter()
                .zip(&self.articles)
                .all(|(a, b)| a.id == b.id);
        if !same_order {
            return Remembered {
                fuzzy: None,
                changed: HashSet::default(),
            };
        }
        let mut words: HashSet<&str> = HashSet::default();
        let mut edited = 0;
        for (new, old) in keys.iter().zip(&self.keys).filter(|(new, old)| new != old) {
            words.extend(new.split(' ').chain(old.split(' ')));
            edited += 1;
        }
        // A word too frequent to count now and before (each edited title
        // moves its count by one at most) finds nothing either time.
        let limit = TitleIndex::word_limit(keys.len()) + edited;
        let counts = |w: &str| index.frequent.get(w).is_none_or(|&n| n <= limit);
        let changed = words
            .into_iter()
            .filter(|w| counts(w))
            .map(str::to_string)
            .collect();
        Remembered {
            fuzzy: Some(&self.fuzzy),
            changed,
        }
    }

    fn remember(
        &mut self,
        articles: &[Arc<Article>],
        keys: Vec<String>,
        fuzzy: std::sync::Mutex<HashMap<(usize, String, bool), Resolution>>,
    ) {
        self.articles = articles.to_vec();
        self.keys = keys;
        self.fuzzy = fuzzy.into_inner().unwrap_or_else(|e| e.into_inner());
    }
}

/// The last resolve's fuzzy matches, and the title words changed since.
struct Remembered<'m> {
    fuzzy: Option<&'m HashMap<(usize, String, bool), Resolution>>,
    changed: HashSet<String>,
}

/// [`resolve`], keeping in `memo` what the next resolve can reuse.
pub(crate) fn resolve_remembering<A: Into<Arc<Article>>>(
    articles: impl IntoIterator<Item = A>,
    settings: Settings,
    mut memo: Option<&mut Memo>,
) -> (Site, Vec<Diagnostic>) {
    let mut articles: Vec<Arc<Article>> = articles.into_iter().map(Into::into).collect();
    let mut diagnostics = Vec::new();
    if settings.toml.materialize_read_also {
        let (pasted, notes) = materialize(&articles);
        articles.extend(pasted.into_iter().map(Arc::new));
        diagnostics = notes;
    }
    // Collected in place from the caller's `Vec<Article>`, the vector may
    // keep that allocation: sixty times what its pointers need.
    articles.shrink_to_fit();
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let zone = settings.zone;
    let days: Vec<NaiveDate> = articles
        .iter()
        .map(|a| zone.localize(&a.date).date_naive())
        .collect();
    let years = archives(&days);
    // Where each article was in the last resolve, when one is remembered.
    let before: Option<Vec<Option<usize>>> = memo.as_deref().map(|m| m.positions(&articles));
    let keys: Vec<String> = match (&memo, &before) {
        (Some(m), Some(before)) => articles
            .par_iter()
            .zip(before)
            .map(|(a, b)| b.map_or_else(|| key(&a.title), |b| m.keys[b].clone()))
            .collect(),
        _ => articles.par_iter().map(|a| key(&a.title)).collect(),
    };
    let toml = &settings.toml;
    let mut reserved: Vec<&str> = crate::config::GENERATED_FOLDERS.to_vec();
    reserved.extend(toml.taxonomies.iter().map(|t| t.slug.as_str()));
    let (sections, section_of, section_notes) =
        crate::taxonomy::sections(&articles, &toml.sections, &reserved, toml.slug_style);
    let (taxonomies, terms_of) =
        crate::taxonomy::taxonomies(&articles, &toml.taxonomies, toml.slug_style);
    let section_slugs: Vec<&str> = section_of
        .iter()
        .map(|s| s.map_or("", |s| sections[s].slug.as_str()))
        .collect();
    let mut listings = listing_paths(&years);
    listings.extend(group_paths(&sections, &taxonomies));
    let paths = assign_paths(
        &articles,
        &keys,
        &days,
        &permalink::Pattern {
            text: &toml.permalink,
            slug_style: toml.slug_style,
        },
        &section_slugs,
        &listings,
        memo.as_deref_mut()
            .zip(before.as_deref())
            .map(|(m, before)| (&mut m.names, before)),
    );
    let mut index = TitleIndex::new(&articles, &keys, &paths);
    if let Some(m) = &memo {
        let remembered = m.fuzzy_still_right(&articles, &keys, &index);
        index.remembered = Some(remembered);
    }
    let resolved: Vec<(Vec<Link>, Vec<Diagnostic>)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            resolve_references(i, a, &index, &articles, settings.show_unresolved_read_also)
        })
        .collect();
    let fuzzy = std::mem::take(&mut index.fuzzy_made);
    drop(index);
    if let Some(m) = memo {
        m.remember(&articles, keys, fuzzy);
    }
    diagnostics.extend(section_notes);
    let mut read_also = Vec::with_capacity(resolved.len());
    for (links, notes) in resolved {
        read_also.push(links);
        diagnostics.extend(notes);
    }
    let backlinks = backlinks(&read_also, articles.len());
    let tags = crate::front::Tags {
        terms_of: &terms_of,
        taxonomy: taxonomies
            .iter()
            .position(|t| t.kind == crate::config::TaxonomyKind::Tags),
    };
    let front = crate::front::front(
        &articles,
        &sections,
        &tags,
        toml.per_page,
        toml.breaking_hours,
        settings.now(),
    );
    let len = articles.len();
    let site = Site {
        settings,
        articles,
        days,
        paths,
        read_also,
        backlinks,
        related: vec![Vec::new(); len],
        years,
        sections,
        section_of,
        taxonomies,
        terms_of,
        default_picture: None,
        authors: Default::default(),
        user_embeds: Default::default(),
        pages: Vec::new(),
        redirects: Vec::new(),
        front,
        search_files: std::sync::OnceLock::new(),
    };
    (site, diagnostics)
}

/// Resolves one article's read-also references.
fn resolve_references(
    i: usize,
    article: &Article,
    index: &TitleIndex,
    articles: &[Arc<Article>],
    shown: bool,
) -> (Vec<Link>, Vec<Diagnostic>) {
    let mut notes = Vec::new();
    let mut links = Vec::new();
    for r in promote_titles(&article.read_also, index, i, false) {
        match index.resolve(i, &r, articles) {
            Resolution::Found(target, how) => {
                if let Some(how) = how.fuzzy() {
                    notes.push(fuzzy_note(article, &r, how, &articles[target]));
                }
                links.push(Link::Resolved { target });
            }
            Resolution::ItSelf => notes.push(Diagnostic::warning(
                Some(&article.path),
                r.line,
                format!(
                    "read-also «{}» names this article itself: not linked",
                    r.title
                ),
            )),
            Resolution::Missing(closest) => {
                notes.push(unresolved_warning(article, &r, &closest, articles, shown));
                // Holds the first pasted paragraph only (see `promote_titles`).
                links.push(Link::Unresolved {
                    reference: Box::new(r),
                });
            }
        }
    }
    // Held for the whole build: no spare capacity.
    links.shrink_to_fit();
    (links, notes)
}

/// The warning for a read-also title that names no article: the closest
/// candidate in the message when it is close enough to help, the closest
/// few with their scores in the data; and what readers get: the title as
/// text when `shown` (`show_unresolved_read_also`, on in `serve`), else
/// nothing.
fn unresolved_warning(
    article: &Article,
    reference: &ReadAlsoRef,
    closest: &[(usize, f64)],
    articles: &[Arc<Article>],
    shown: bool,
) -> Diagnostic {
    let hint = match closest.first() {
        Some(&(i, score)) if score >= CLOSEST_HINT_MIN => format!(
            " (closest: «{}», {:.0}% similar)",
            articles[i].title,
            score * 100.0
        ),
        _ => String::new(),
    };
    let candidates: Vec<serde_json::Value> = closest
        .iter()
        .map(|&(i, score)| {
            serde_json::json!({
                "title": articles[i].title,
                "file": articles[i].report_file(),
                "score": (score * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    Diagnostic::warning(
        Some(&article.path),
        reference.line,
        format!(
            "read-also «{}» matches no article{hint}: {}",
            reference.title,
            if shown {
                "shown to readers as text"
            } else {
                "hidden from readers (`sahifa serve` shows it as text)"
            }
        ),
    )
    .of(
        Kind::UnresolvedReadAlso,
        serde_json::json!({ "title": reference.title, "candidates": candidates, "shown": shown }),
    )
}

/// The note for a read-also title linked only through a fuzzy match, so
/// the desk can correct the spelling.
fn fuzzy_note(
    article: &Article,
    reference: &ReadAlsoRef,
    how: &str,
    target: &Article,
) -> Diagnostic {
    Diagnostic::note(
        Some(&article.path),
        reference.line,
        format!(
            "read-also «{}» linked to «{}» by a {how} match: correct the title to link it exactly",
            reference.title, target.title
        ),
    )
    .of(
        Kind::FuzzyReadAlso,
        serde_json::json!({
            "title": reference.title,
            "by": how,
            "matched": { "title": target.title, "file": target.report_file() },
        }),
    )
}

/// The read-also targets missing from the site whose text was pasted under
/// their titles, made articles of their own (`materialize_read_also`), each
/// once (from its oldest referrer), with a note for the report. Runs
/// before the site is resolved, so the references then link to them.
fn materialize(articles: &[Arc<Article>]) -> (Vec<Article>, Vec<Diagnostic>) {
    let keys: Vec<String> = articles.par_iter().map(|a| key(&a.title)).collect();
    let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    let index = TitleIndex::new(articles, &keys, &ids);
    let mut oldest_first: Vec<usize> = (0..articles.len()).collect();
    oldest_first.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))
    });
    let mut made: HashSet<String> = HashSet::default();
    let (mut pasted, mut notes) = (Vec::new(), Vec::new());
    for i in oldest_first {
        let referrer = &articles[i];
        let mut from_this_file = 0;
        let mut over = 0;
        for (n, r) in promote_titles(&referrer.read_also, &index, i, true)
            .into_iter()
            .enumerate()
        {
            let missing = matches!(index.resolve(i, &r, articles), Resolution::Missing(_));
            if !missing || r.key.is_empty() || made.contains(&r.key) {
                continue;
            }
            if from_this_file == MAX_PASTED_PER_FILE {
                over += 1;
                continue;
            }
            let Some(article) = crate::content::raw::pasted_article(referrer, &r, n + 1) else {
                continue;
            };
            from_this_file += 1;
            made.insert(r.key.clone());
            notes.push(materialized_note(referrer, &r, &article));
            pasted.push(article);
        }
        if over > 0 {
            notes.push(Diagnostic::warning(
                Some(&referrer.path),
                None,
                format!(
                    "{} more read-also titles with pasted text are not published as articles: \
                     a file publishes at most {MAX_PASTED_PER_FILE}",
                    over
                ),
            ));
        }
    }
    (pasted, notes)
}

/// Most articles one file may publish from text pasted under its
/// read-also titles: a news page carries a handful; thousands are a dump.
const MAX_PASTED_PER_FILE: usize = 20;

fn materialized_note(referrer: &Article, r: &ReadAlsoRef, article: &Article) -> Diagnostic {
    let dated_by = if article.date == referrer.date {
        "referrer"
    } else {
        "text"
    };
    Diagnostic::note(
        Some(&referrer.path),
        r.line,
        format!(
            "read-also «{}» is not in the site: published from the {} pasted under it, dated {} (from the {dated_by})",
            r.title,
            crate::report::count(r.excerpt.len(), "paragraph", "paragraphs"),
            article.date.date_naive()
        ),
    )
    .of(
        Kind::MaterializedReadAlso,
        serde_json::json!({
            "title": article.title,
            "date": article.date.to_rfc3339(),
            "dated_by": dated_by,
            "source": article.source,
            "city": article.city,
            "paragraphs": r.excerpt.len(),
            "file": article.report_file(),
        }),
    )
}

/// Splits a reference wherever one of its excerpt lines is exactly the title
/// of another article: a headline the parser took for prose (one written with
/// a final full stop) becomes a reference of its own. Each keeps its first
/// pasted paragraph only, or all of them with `keep_excerpts`.
fn promote_titles(
    refs: &[ReadAlsoRef],
    index: &TitleIndex,
    from: usize,
    keep_excerpts: bool,
) -> Vec<ReadAlsoRef> {
    let mut out: Vec<ReadAlsoRef> = Vec::with_capacity(refs.len());
    for reference in refs {
        // Without its pasted paragraphs (cloning them all to drop them is
        // most of the work on a scraped archive).
        let mut current = ReadAlsoRef {
            title: reference.title.clone(),
            key: reference.key.clone(),
            line: reference.line,
            excerpt: Vec::new(),
        };
        for (n, line) in reference.excerpt.iter().enumerate() {
            // Pasted paragraphs are many and long: one whose key does not
            // begin as some title's does is passed over after a few letters,
            // and a key past the longest title's is given up on.
            let names_other = index
                .title_starts
                .contains(key_start(line, TITLE_START).as_str())
                && key_up_to(line, index.longest_key)
                    .and_then(|k| index.by_key.get(k.as_str()))
                    .is_some_and(|hits| hits.iter().any(|&h| h != from));
            if names_other {
                let line_no = reference.line.map(|l| l + n + 1);
                out.push(std::mem::replace(
                    &mut current,
                    ReadAlsoRef::new(line.clone(), line_no),
                ));
            } else if keep_excerpts || current.excerpt.is_empty() {
                // Pages show the first pasted paragraph only.
                current.excerpt.push(line.clone());
            }
        }
        out.push(current);
    }
    out
}

/// Each article's referrers, newest first, without repeats.
fn backlinks(read_also: &[Vec<Link>], n: usize) -> Vec<Vec<usize>> {
    let mut back = vec![Vec::new(); n];
    for (source, links) in read_also.iter().enumerate() {
        for link in links {
            if let Link::Resolved { target, .. } = link {
                back[*target].push(source);
            }
        }
    }
    for list in &mut back {
        list.sort_unstable();
        list.dedup();
    }
    back
}

/// Groups article indices (already newest first) by year, month and day.
fn archives(days: &[NaiveDate]) -> Vec<Year> {
    use chrono::Datelike;
    let mut years: Vec<Year> = Vec::new();
    for (i, day) in days.iter().enumerate() {
        if years.last().is_none_or(|y| y.year != day.year()) {
            years.push(Year {
                year: day.year(),
                ..Year::default()
            });
        }
        let Some(year) = years.last_mut() else {
            continue;
        };
        year.articles.push(i);
        if year.months.last().is_none_or(|m| m.month != day.month()) {
            year.months.push(Month {
                year: day.year(),
                month: day.month(),
                ..Month::default()
            });
        }
        let Some(month) = year.months.last_mut() else {
            continue;
        };
        month.articles.push(i);
        if month.days.last().is_none_or(|d| d.date != *day) {
            month.days.push(Day {
                date: *day,
                articles: Vec::new(),
            });
        }
        if let Some(d) = month.days.last_mut() {
            d.articles.push(i);
        }
    }
    years
}

/// Folders that listing pages use; articles may not take them.
/// The folders of section, taxonomy and term pages: no article may take one.
fn group_paths(sections: &[Group], taxonomies: &[Taxonomy]) -> Vec<String> {
    let mut paths: Vec<String> = sections.iter().map(|s| s.slug.clone()).collect();
    for taxonomy in taxonomies {
        paths.push(taxonomy.slug.clone());
        paths.extend(
            taxonomy
                .terms
                .iter()
                .map(|term| format!("{}/{}", taxonomy.slug, term.slug)),
        );
    }
    paths
}

fn listing_paths(years: &[Year]) -> HashSet<String> {
    let mut paths: HashSet<String> = std::iter::once(String::new())
        .chain(crate::config::GENERATED_FOLDERS.map(String::from))
        .collect();
    for y in years {
        paths.insert(permalink::year_path(y.year));
        for m in &y.months {
            paths.insert(permalink::month_path(m.year, m.month));
            for d in &m.days {
                paths.insert(permalink::day_path(d.date));
            }
        }
    }
    paths
}

#[derive(Clone)]
enum Resolution {
    Found(usize, How),
    ItSelf,
    /// The closest candidates, best first.
    Missing(Vec<(usize, f64)>),
}

/// How a read-also title found its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The same title up to spelling (the normalised key).
    Exact,
    /// The title was the article's path, slug or id.
    Path,
    /// The same words up to typos ([`same_words`]).
    Typo,
    /// A title cut short with "..." that starts exactly one title.
    Truncated,
}

impl How {
    /// The name of a fuzzy match, for the report; `None` for exact ones.
    fn fuzzy(self) -> Option<&'static str> {
        match self {
            How::Exact | How::Path => None,
            How::Typo => Some("typo"),
            How::Truncated => Some("truncated"),
        }
    }
}

/// Lookup tables over every article's title key, slug path and id.
struct TitleIndex<'a> {
    keys: &'a [String],
    /// Bytes of the longest title key.
    longest_key: usize,
    /// The first [`TITLE_START`] bytes of every title key.
    title_starts: HashSet<&'a str>,
    by_key: HashMap<&'a str, Vec<usize>>,
    by_path: HashMap<&'a str, usize>,
    /// Word → articles whose title key has it; frequent words are dropped.
    by_word: HashMap<&'a str, Vec<usize>>,
    /// The dropped words, with how many title keys have each.
    frequent: HashMap<&'a str, usize>,
    /// With a memo (`serve`): the last resolve's fuzzy matches.
    remembered: Option<Remembered<'a>>,
    /// The fuzzy matches made (or reused), to remember for the next one.
    fuzzy_made: std::sync::Mutex<HashMap<(usize, String, bool), Resolution>>,
}

impl<'a> TitleIndex<'a> {
    fn new(articles: &'a [Arc<Article>], keys: &'a [String], paths: &'a [String]) -> Self {
        // Independent tables, built side by side: this runs before any
        // reference can be resolved, with the other core idle otherwise.
        let ((by_key, title_starts), ((by_word, frequent), by_path)) = rayon::join(
            || (Self::by_key(keys), Self::title_starts(keys)),
            || rayon::join(|| Self::by_word(keys), || Self::by_path(articles, paths)),
        );
        TitleIndex {
            keys,
            longest_key: keys.iter().map(String::len).max().unwrap_or(0),
            title_starts,
            by_key,
            by_path,
            by_word,
            frequent,
            remembered: None,
            fuzzy_made: Default::default(),
        }
    }

    fn by_key(keys: &'a [String]) -> HashMap<&'a str, Vec<usize>> {
        let mut by_key: HashMap<&str, Vec<usize>> =
            HashMap::with_capacity_and_hasher(keys.len(), Default::default());
        for (i, k) in keys.iter().enumerate() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
        by_key
    }

    fn title_starts(keys: &'a [String]) -> HashSet<&'a str> {
        keys.iter()
            .map(|k| &k[..k.floor_char_boundary(TITLE_START)])
            .collect()
    }

    /// Word → articles, and the words left out as too frequent with their counts.
    fn by_word(keys: &'a [String]) -> (HashMap<&'a str, Vec<usize>>, HashMap<&'a str, usize>) {
        let mut by_word: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut words: Vec<&str> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            words.clear();
            words.extend(k.split(' '));
            words.sort_unstable();
            words.dedup();
            for &w in &words {
                by_word.entry(w).or_default().push(i);
            }
        }
        // Words in more than 1% of titles (and 50 at least) do not narrow anything down.
        let limit = Self::word_limit(keys.len());
        let mut frequent = HashMap::default();
        by_word.retain(|&w, list| {
            let counts = list.len() <= limit;
            if !counts {
                frequent.insert(w, list.len());
            }
            counts
        });
        (by_word, frequent)
    }

    /// Most title keys a word can be in and still narrow a search down.
    fn word_limit(titles: usize) -> usize {
        (titles / 100).max(50)
    }

    fn by_path(articles: &'a [Arc<Article>], paths: &'a [String]) -> HashMap<&'a str, usize> {
        let mut by_path = HashMap::with_capacity_and_hasher(articles.len() * 3, Default::default());
        for (i, (a, p)) in articles.iter().zip(paths).enumerate() {
            by_path.insert(a.id.as_str(), i);
            by_path.insert(p.as_str(), i);
            if let Some(slug) = p.rsplit('/').next() {
                by_path.entry(slug).or_insert(i);
            }
        }
        by_path
    }

    fn resolve(
        &self,
        from: usize,
        reference: &ReadAlsoRef,
        articles: &[Arc<Article>],
    ) -> Resolution {
        let k = &reference.key;
        if let Some(candidates) = self.by_key.get(k.as_str()) {
            let others: Vec<usize> = candidates.iter().copied().filter(|&c| c != from).collect();
            return match nearest_in_date(&others, from, articles) {
                Some(target) => Resolution::Found(target, How::Exact),
                None => Resolution::ItSelf,
            };
        }
        let as_path = reference.title.trim().trim_matches('/');
        if let Some(&target) = self.by_path.get(as_path) {
            return if target == from {
                Resolution::ItSelf
            } else {
                Resolution::Found(target, How::Path)
            };
        }
        let title = reference.title.trim_end();
        let truncated = title.ends_with("...") || title.ends_with('…');
        let Some(remembered) = &self.remembered else {
            return self.fuzzy(from, k, truncated);
        };
        let id = (from, k.clone(), truncated);
        let still_right = !k.split(' ').any(|w| remembered.changed.contains(w));
        let kept = remembered.fuzzy.and_then(|fuzzy| fuzzy.get(&id));
        let found = match kept.filter(|_| still_right) {
            Some(found) => found.clone(),
            None => self.fuzzy(from, k, truncated),
        };
        let mut made = self.fuzzy_made.lock().unwrap_or_else(|e| e.into_inner());
        made.insert(id, found.clone());
        found
    }

    /// Shortlists titles sharing the most (rare enough) words with `k`, then
    /// accepts one only if it is the same headline up to typos (see
    /// [`same_words`]): a different word is a different story, however similar
    /// the rest ("وزير الصحة الأردني" is not "وزير الصحة التركي").
    fn fuzzy(&self, from: usize, k: &str, truncated: bool) -> Resolution {
        let mut shortlist = self.shared_words(from, k);
        // The first few of hundreds: picked, then sorted.
        let order = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if shortlist.len() > SHORTLIST {
            shortlist.select_nth_unstable_by(SHORTLIST, order);
            shortlist.truncate(SHORTLIST);
        }
        shortlist.sort_unstable_by(order);
        let candidates: Vec<usize> = shortlist.iter().map(|&(i, _)| i).collect();

        let by_prefix = truncated && k.chars().count() >= MIN_PREFIX_CHARS;
        let matching: Vec<usize> = if by_prefix {
            candidates
                .iter()
                .copied()
                .filter(|&i| self.keys[i].starts_with(k))
                .collect()
        } else {
            candidates
                .iter()
                .copied()
                .filter(|&i| same_words(k, &self.keys[i]))
                .collect()
        };
        if let [only] = matching[..] {
            let how = if by_prefix { How::Truncated } else { How::Typo };
            return Resolution::Found(only, how);
        }
        let mut closest: Vec<(usize, f64)> = candidates
            .iter()
            .map(|&i| (i, word_overlap(k, &self.keys[i])))
            .filter(|&(_, score)| score > 0.0)
            .collect();
        closest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        closest.truncate(CANDIDATES);
        Resolution::Missing(closest)
    }
}

impl TitleIndex<'_> {
    /// Every title (but `from`'s) sharing a counted word with `k`, with how
    /// many it shares: tallied in a table of every title's count kept by
    /// the thread (only the titles touched are read back and reset), not a
    /// map grown for each reference.
    fn shared_words(&self, from: usize, k: &str) -> Vec<(usize, u32)> {
        thread_local! {
            static TALLY: std::cell::RefCell<(Vec<u32>, Vec<usize>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        let mut words: Vec<&str> = k.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        TALLY.with_borrow_mut(|(counts, touched)| {
            counts.resize(self.keys.len(), 0);
            for word in words {
                for &i in self.by_word.get(word).into_iter().flatten() {
                    if i != from {
                        if counts[i] == 0 {
                            touched.push(i);
                        }
                        counts[i] += 1;
                    }
                }
            }
            touched
                .drain(..)
                .map(|i| (i, std::mem::take(&mut counts[i])))
                .collect()
        })
    }
}

/// Whether two title keys are the same words up to typos: each word pairs,
/// in order, with an equal word or one a letter away (two for long words),
/// and at most one short word (في، من …) is left over on either side.
fn same_words(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split(' ').collect();
    let b: Vec<&str> = b.split(' ').collect();
    let (mut i, mut j, mut spare) = (0, 0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if close_words(x, y) => {
                i += 1;
                j += 1;
            }
            (Some(x), _) if x.chars().count() <= 2 && spare == 0 => {
                spare += 1;
                i += 1;
            }
            (_, Some(y)) if y.chars().count() <= 2 && spare == 0 => {
                spare += 1;
                j += 1;
            }
            _ => return false,
        }
    }
    true
}

/// Shared words as a share of both titles (Dice coefficient): how close an
/// unresolved reference is to a candidate, for the report.
fn word_overlap(a: &str, b: &str) -> f64 {
    let a: HashSet<&str> = a.split(' ').collect();
    let b: HashSet<&str> = b.split(' ').collect();
    let shared = a.intersection(&b).count();
    (2 * shared) as f64 / (a.len() + b.len()).max(1) as f64
}

fn close_words(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let allowed = match la.min(lb) {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    // The edit distance is quadratic in the words' length: words too far
    // apart in length cannot be close, and no word is longer than
    // `MAX_FUZZY_WORD_CHARS` (a "title" of one 100,000-letter word took
    // resolve over a minute).
    allowed > 0
        && la.abs_diff(lb) <= allowed
        && la.max(lb) <= MAX_FUZZY_WORD_CHARS
        && strsim::levenshtein(a, b) <= allowed
}

/// Of several articles with the same title, the one nearest in date to `from`.
fn nearest_in_date(candidates: &[usize], from: usize, articles: &[Arc<Article>]) -> Option<usize> {
    let when = articles[from].date;
    candidates
        .iter()
        .copied()
        .min_by_key(|&c| ((articles[c].date - when).num_seconds().abs(), c))
}

/// A site resolved from raw texts (`0.txt`, `1.txt`, … in UTC), for the
/// tests of the stages after this one.
#[cfg(test)]
pub(crate) fn site_from_raw<S: AsRef<str>>(texts: &[S], config: crate::config::Config) -> Site {
    use crate::load::{SourceFile, SourceKind};
    let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    let articles = texts.iter().enumerate().filter_map(|(n, text)| {
        let source = SourceFile {
            path: format!("{n}.txt").into(),
            id: format!("{n}.txt"),
            kind: SourceKind::Raw,
            text: text.as_ref().to_string(),
            modified: None,
        };
        crate::content::parse(&source, utc).0
    });
    let settings = crate::settings::Settings::new(config, Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    resolve(articles, settings).0
}

/// Places the site's own pages at `/{slug}/`, each slug cleaned in the
/// site's style. A page whose folder the site generates (an archive, a
/// section, a taxonomy, an article, another page) is refused with the
/// collision named, and left out.
pub(crate) fn place_pages(
    site: &Site,
    pages: Vec<crate::content::page::SitePage>,
) -> (Vec<crate::site::PlacedPage>, Vec<Diagnostic>) {
    // A site without pages of its own pays nothing here.
    if pages.is_empty() && site.settings.toml.footer.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let style = site.settings.toml.slug_style;
    let mut taken: HashMap<String, String> = HashMap::default();
    for section in &site.sections {
        taken.insert(
            section.slug.clone(),
            format!("the section «{}»", section.name),
        );
    }
    for taxonomy in &site.taxonomies {
        taken.insert(
            taxonomy.slug.clone(),
            format!("the taxonomy «{}»", taxonomy.name),
        );
    }
    for (article, path) in site.articles.iter().zip(&site.paths) {
        taken.insert(
            path.clone(),
            format!("the article {}", article.report_file()),
        );
    }
    let mut placed = Vec::new();
    let mut notes = Vec::new();
    for page in pages {
        let Some(folder) = crate::arabic::slug::clean_user_slug(&page.slug, style) else {
            notes.push(Diagnostic::error(
                Some(&page.path),
                None,
                format!(
                    "«{}» makes no address (no letter or digit): page left out",
                    page.slug
                ),
            ));
            continue;
        };
        let owner = if crate::config::is_generated_folder(&folder) {
            Some(format!("the site's own /{folder}/"))
        } else {
            taken.get(&folder).cloned()
        };
        if let Some(owner) = owner {
            notes.push(Diagnostic::error(
                Some(&page.path),
                None,
                format!(
                    "the page would be published at /{folder}/, which is {owner}'s: page left out (give it another `slug`)"
                ),
            ));
            continue;
        }
        taken.insert(folder.clone(), format!("the page pages/{}", page.id));
        placed.push(crate::site::PlacedPage { page, folder });
    }
    for link in &site.settings.toml.footer {
        if crate::site::footer_page(&placed, &link.page).is_none() {
            notes.push(Diagnostic::warning(
                None,
                None,
                format!(
                    "site.toml, footer: no page of pages/ is «{}» (a file's name without extension, or a slug): the link is left out",
                    link.page
                ),
            ));
        }
    }
    (placed, notes)
}

/// Whether any article has an old address to answer: aliases, or an
/// address in `remembered` other than its own.
pub(crate) fn has_old_addresses(site: &Site, remembered: &crate::load::urls::Remembered) -> bool {
    site.articles
        .iter()
        .zip(&site.paths)
        .any(|(article, path)| {
            !article.aliases.is_empty() || remembered.of(&article.id).iter().any(|p| p != path)
        })
}

/// Each article's old addresses as redirects to it: its `aliases` and the
/// addresses `remembered` (`urls.lock`) has for its file. `pages` are the
/// output files of every other page, each with what it is: an alias there
/// is an error naming both, a remembered address there is left to the page
/// that has it now (a warning). Every old address leads straight to the
/// article's address now, so no chain forms.
pub(crate) fn place_redirects(
    site: &Site,
    remembered: &crate::load::urls::Remembered,
    pages: &HashMap<String, String>,
) -> (Vec<crate::site::Redirect>, Vec<Diagnostic>) {
    let base_path = site.settings.base_path();
    let mut taken: HashMap<String, usize> = HashMap::default();
    let mut redirects = Vec::new();
    let mut notes = Vec::new();
    for (i, (article, path)) in site.articles.iter().zip(&site.paths).enumerate() {
        let own = format!("{path}/index.html");
        let mut wanted: Vec<(String, bool)> = Vec::new();
        for written in &article.aliases {
            match crate::permalink::old_address_file(written, &base_path) {
                Some(file) => wanted.push((file, true)),
                None => notes.push(Diagnostic::error(
                    Some(std::path::Path::new(&article.report_file())),
                    None,
                    format!("the old address «{written}» names no page of the site: no redirect from it"),
                )),
            }
        }
        wanted.extend(
            remembered
                .of(&article.id)
                .iter()
                .map(|old| (format!("{old}/index.html"), false)),
        );
        for (file, alias) in wanted {
            if file == own {
                continue;
            }
            let address = file.trim_end_matches("index.html");
            if let Some(owner) = pages.get(&file) {
                let message = format!(
                    "the old address /{address} of {} is the address of {owner}: no redirect from it",
                    article.report_file()
                );
                let file = Some(std::path::Path::new(&article.report_file()).to_path_buf());
                notes.push(if alias {
                    Diagnostic::error(
                        file.as_deref(),
                        None,
                        format!("{message} (a redirect never hides a page)"),
                    )
                } else {
                    Diagnostic::warning(file.as_deref(), None, message)
                });
                continue;
            }
            if let Some(&other) = taken.get(&file) {
                if other != i {
                    notes.push(Diagnostic::warning(
                        Some(std::path::Path::new(&article.report_file())),
                        None,
                        format!(
                            "the old address /{address} is also one of {}: it leads there",
                            site.articles[other].report_file()
                        ),
                    ));
                }
                continue;
            }
            taken.insert(file.clone(), i);
            redirects.push(crate::site::Redirect { file, to: i, alias });
        }
    }
    (redirects, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono::{DateTime, TimeZone};

    fn article(id: &str, title: &str, day: u32, refs: &[&str]) -> Article {
        let utc = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        let date: DateTime<FixedOffset> = utc
            .with_ymd_and_hms(2025, 11, day, 0, 0, 0)
            .single()
            .unwrap_or_else(|| unreachable!());
        Article {
            id: id.into(),
            path: id.into(),
            title: title.into(),
            date,
            read_also: refs.iter().map(|r| ReadAlsoRef::new(*r, Some(9))).collect(),
            ..Article::default()
        }
    }

    fn targets(site: &Site, id: &str) -> Vec<Option<String>> {
        let i = site.position(id).unwrap_or(usize::MAX);
        site.read_also[i]
            .iter()
            .map(|l| match l {
                Link::Resolved { target, .. } => Some(site.articles[*target].id.clone()),
                Link::Unresolved { .. } => None,
            })
            .collect()
    }

    /// What a resolve decides: paths, links and the report (its data too:
    /// the closest candidates of a title that matches none).
    fn decided(
        articles: &[Arc<Article>],
        memo: Option<&mut Memo>,
    ) -> (Vec<String>, Vec<Vec<Link>>, Vec<String>) {
        let (site, notes) = resolve_remembering(articles.to_vec(), Settings::default(), memo);
        let notes = notes.iter().map(|note| format!("{note:?}")).collect();
        (site.paths, site.read_also, notes)
    }

    #[test]
    fn a_remembering_resolve_decides_what_a_fresh_one_does_edit_after_edit() {
        // 51 titles share «الطقس»: too frequent to shortlist by, until an
        // edit takes one away.
        let mut articles: Vec<Arc<Article>> = (0..51)
            .map(|n| {
                let title = format!("نشرة رقم {n} عن الطقس في المدن");
                Arc::new(article(&format!("w{n}.txt"), &title, 2, &[]))
            })
            .collect();
        let referrer = article(
            "r.txt",
            "خبر يحيل إلى غيره",
            20,
            &[
                "وزير الخارجية الأردني يستقل نظيره المصري",
                "البرلمان الألماني يحذر من موجة جفاف",
                "مقتل 21 شخصا في انزلاق ارضي قرب بغداد",
                "وزير الصحة التركي يفتح مستشفى جديدا",
                "نشرة الطقس المحلية الأسبوعية",
            ],
        );
        articles.extend(
            [
                article(
                    "a1.txt",
                    "وزير الخارجية الأردني يستقبل نظيره المصري",
                    10,
                    &[],
                ),
                article("a2.txt", "وزير الصحة التركي يفتتح مستشفى جديدا", 11, &[]),
                article("a3.txt", "البرلمان المغربي يحذر من موجة جفاف", 12, &[]),
                article("a4.txt", "مقتل 21 شخصا في انزلاق أرضي قرب بغداد", 13, &[]),
                referrer,
            ]
            .map(Arc::new),
        );
        let retitle = |articles: &mut Vec<Arc<Article>>, id: &str, title: &str| {
            let at = articles
                .iter()
                .position(|a| a.id == id)
                .unwrap_or(usize::MAX);
            let mut edited = (*articles[at]).clone();
            edited.title = title.into();
            articles[at] = Arc::new(edited);
        };
        let mut memo = Memo::default();
        assert_eq!(
            decided(&articles, Some(&mut memo)),
            decided(&articles, None)
        );
        let edits = [
            // A missing reference finds its article.
            ("a3.txt", "البرلمان الألماني يحذر من موجة جفاف"),
            // A typo match is lost.
            ("a1.txt", "وزير الخارجية الأردني يستقبل نظيره السوري"),
            // A word with 51 titles drops to 50 and starts to count.
            ("w7.txt", "نشرة رقم 7 عن الرياح في المدن"),
            // And back.
            ("w7.txt", "نشرة رقم 7 عن الطقس في المدن"),
            // A title two references nearly match.
            ("a2.txt", "وزير الصحة التركي يفتتح مستشفى جديد"),
            // The same slug as another: the path is numbered.
            ("a4.txt", "وزير الصحة التركي يفتتح مستشفى جديدا"),
        ];
        for (id, title) in edits {
            retitle(&mut articles, id, title);
            let remembered = decided(&articles, Some(&mut memo));
            assert_eq!(remembered, decided(&articles, None), "after retitling {id}");
        }
        // An article gone: positions move, nothing remembered is misplaced.
        articles.retain(|a| a.id != "a3.txt");
        assert_eq!(
            decided(&articles, Some(&mut memo)),
            decided(&articles, None)
        );
    }

    #[test]
    fn spelling_variants_resolve_and_backlink() {
        let articles = vec![
            article(
                "a.txt",
                "سوريا تشن حملة ضد تنظيم داعش قبيل زيارة مرتقبة للشرع إلى أمريكا",
                8,
                &[],
            ),
            article(
                "b.txt",
                "دمشق تعلن توقيع إعلان تعاون",
                11,
                &["سوريا تشُن حمـلة ضد تنظيم «داعش» قبيل زيارة مرتقبه للشرع الى أمريكا..."],
            ),
        ];
        let (site, notes) = resolve(articles, Settings::default());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(targets(&site, "b.txt"), [Some("a.txt".to_string())]);
        let a = site.position("a.txt").unwrap_or(usize::MAX);
        let b = site.position("b.txt").unwrap_or(usize::MAX);
        assert_eq!(site.backlinks[a], [b]);
    }

    #[test]
    fn unresolved_is_reported_with_closest_candidate() {
        let articles = vec![
            article(
                "a.txt",
                "الحكومة تقر موازنة العام المقبل بعجز قياسي",
                8,
                &[],
            ),
            article("b.txt", "خبر آخر", 9, &["الحكومة ترفض موازنة العام الماضي"]),
        ];
        let (site, notes) = resolve(articles, Settings::default());
        assert_eq!(targets(&site, "b.txt"), [None]);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].message.contains("closest: «الحكومة تقر"),
            "{}",
            notes[0].message
        );
        assert_eq!(notes[0].line, Some(9));
    }

    #[test]
    fn a_near_miss_typo_resolves_fuzzily() {
        let articles = vec![
            article(
                "a.txt",
                "وزير الخارجية يبحث مع نظيره التركي ملف اللاجئين في أنقرة",
                8,
                &[],
            ),
            article(
                "b.txt",
                "خبر",
                9,
                &["وزير الخارجيه يبحث مع نظيرة التركى ملف الاجئين في انقره"],
            ),
        ];
        let (site, _) = resolve(articles, Settings::default());
        assert_eq!(targets(&site, "b.txt"), [Some("a.txt".to_string())]);
    }

    #[test]
    fn a_different_word_is_a_different_story() {
        let articles = vec![
            article(
                "a.txt",
                "وزير الصحة الأردني يبحث مع وفد لبناني التعاون الأمني",
                8,
                &[],
            ),
            article(
                "b.txt",
                "خبر",
                9,
                &["وزير الصحة التركي يبحث مع وفد لبناني التعاون الأمني"],
            ),
        ];
        let (site, _) = resolve(articles, Settings::default());
        assert_eq!(targets(&site, "b.txt"), [None]);
    }

    #[test]
    fn same_words_tolerates_typos_and_one_short_word() {
        assert!(same_words("وزير الخارجيه يبحث", "وزير الخارجيه يبحت"));
        assert!(same_words(
            "وزير الخارجيه يبحث في انقره",
            "وزير الخارجيه يبحث انقره"
        ));
        assert!(!same_words("وزير الصحه الاردني", "وزير الصحه التركي"));
        assert!(!same_words("وزير الصحه", "وزير الصحه الاردني"));
        assert!(!same_words("مقتل 27 شخصا", "مقتل 28 شخصا"));
    }

    #[test]
    fn truncated_titles_resolve_by_prefix() {
        let articles = vec![
            article(
                "a.txt",
                "وزير الخارجية يبحث مع نظيره التركي ملف اللاجئين والمياه المشتركة والحدود",
                8,
                &[],
            ),
            article(
                "b.txt",
                "خبر",
                9,
                &["وزير الخارجية يبحث مع نظيره التركي..."],
            ),
        ];
        let (site, _) = resolve(articles, Settings::default());
        assert_eq!(targets(&site, "b.txt"), [Some("a.txt".to_string())]);
    }

    #[test]
    fn a_headline_with_a_full_stop_is_promoted_from_excerpt() {
        let mut referrer = article("b.txt", "خبر", 9, &["عنوان أول"]);
        referrer.read_also[0].excerpt =
            vec!["فقرة منسوخة.".into(), "وزير النقل يفتتح الطريق.".into()];
        let articles = vec![
            article("a.txt", "عنوان أول", 8, &[]),
            article("c.txt", "وزير النقل يفتتح الطريق", 7, &[]),
            referrer,
        ];
        let (site, _) = resolve(articles, Settings::default());
        assert_eq!(
            targets(&site, "b.txt"),
            [Some("a.txt".to_string()), Some("c.txt".to_string())]
        );
    }

    #[test]
    fn never_links_to_itself() {
        let articles = vec![article("a.txt", "عنوان فريد", 8, &["عنوان فريد"])];
        let (site, notes) = resolve(articles, Settings::default());
        assert!(site.read_also[0].is_empty());
        assert!(notes[0].message.contains("itself"));
    }

    #[test]
    fn duplicate_titles_pick_the_nearest_date_and_get_distinct_paths() {
        let articles = vec![
            article("a.txt", "عنوان مكرر", 1, &[]),
            article("b.txt", "عنوان مكرر", 1, &[]),
            article("c.txt", "خبر", 2, &["عنوان مكرر"]),
        ];
        let (site, _) = resolve(articles, Settings::default());
        let a = site.position("a.txt").unwrap_or(usize::MAX);
        let b = site.position("b.txt").unwrap_or(usize::MAX);
        assert_eq!(site.paths[a], "2025/11/01/عنوان-مكرر");
        assert_eq!(site.paths[b], "2025/11/01/عنوان-مكرر-2");
        assert_eq!(targets(&site, "c.txt"), [Some("a.txt".to_string())]);
    }

    #[test]
    fn archives_group_newest_first() {
        let articles = vec![
            article("a.txt", "أ", 1, &[]),
            article("b.txt", "ب", 3, &[]),
            article("c.txt", "ج", 3, &[]),
        ];
        let (site, _) = resolve(articles, Settings::default());
        assert_eq!(site.years.len(), 1);
        let month = &site.years[0].months[0];
        assert_eq!(month.days.len(), 2);
        assert_eq!(month.days[0].articles.len(), 2);
        assert_eq!(site.articles[0].id, "b.txt");
    }
}
