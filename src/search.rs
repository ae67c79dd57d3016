//! The search index: the resolved [`Site`] → static files a browser script
//! queries, with no server. Format version 3, under `search/`:
//!
//! - `search/index.json`: `{"version":3,"docs":N,"shards":S,"prefixes":P,
//!   "chunk":C,"sections":[names],"years":[newest…]}`.
//! - Documents are numbered `0..N` oldest first, so that a new story takes
//!   the next number and leaves the files of the others as they were.
//! - `search/t/{k}.json`, `k` in `0..S`: the postings of the terms that
//!   hash to `k` (FNV-1a, 32 bits, over the term's UTF-8 bytes, mod `S`),
//!   terms sorted: `{"term":[gap,weight,gap,weight,…]}`, docs ascending,
//!   each written as its distance from the doc before it (the first from
//!   0). A weight is the term's count in the doc (3 for each time in the
//!   headline, 1 for each time in the body, at most 127) doubled, plus 1
//!   when the headline has it. For a term in [`dense_from`] documents or
//!   more: `{"term":["hex",[gap,…]]}`, a bitmap of its documents (see
//!   [`bitmap`]), then as gaps those whose headline has it, which a client
//!   weighs 3 (and as headline matches), the others 1. A term is a
//!   word folded and stemmed ([`crate::arabic::stem::index_stems`]: a word
//!   with a leading و under both readings, and without a leading ب، ل، ك،
//!   ف); two more kinds filter: `§N` (section N of `sections`) and `yYYYY`.
//! - `search/p/{k}.json`, `k` in `0..P`: `{"term":documents,…}` for every
//!   term whose first two characters hash to `k` (FNV-1a mod `P`): the
//!   word being typed is looked up here, and its likeliest completions in
//!   their shards.
//! - `search/d/{k}.json`: documents `k*C .. (k+1)*C`, each
//!   `[title, url, date, section, excerpt]` as readers see them, the URL an
//!   IRI (letters unencoded: a third of the bytes; a link encodes it).
//!
//! `S` grows with the archive (about 40 documents a shard, a power of two
//! from 16 to 4096), so a shard stays small whether the site has a thousand
//! articles or a hundred thousand; a query fetches the shards of its words
//! only, and a common word costs its bitmap, not a list.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::arabic::normalize::key;
use crate::arabic::stem::index_stems;
use crate::site::Site;

/// The search page's folder.
pub(crate) const SEARCH_PAGE: &str = "search";

/// The format's version, in `index.json`: a client refuses another.
pub(crate) const VERSION: u32 = 3;
/// Documents per `d/` file: a page of results fetches a few small files.
pub(crate) const CHUNK: usize = 5;
/// Most characters of a result's excerpt.
const EXCERPT_CHARS: usize = 160;
/// Weights of a word in the title and in the body.
const TITLE_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;

/// One file of the index: its path under the output folder and its bytes.
pub(crate) type IndexFile = (String, Vec<u8>);

/// The index of `site`, as files in the order [`file_path`] numbers them:
/// `index.json`, the shards, the document chunks. `url_of(i)` is article
/// `i`'s URL and `date_of(i)` its date as readers see it (the render stage
/// knows both).
pub(crate) fn build_index(
    site: &Site,
    url_of: impl Fn(usize) -> String + Sync,
    date_of: impl Fn(usize) -> String + Sync,
) -> Vec<IndexFile> {
    let shards = shard_count(site.len());
    let mut contents = vec![meta(site, shards)];
    let postings = postings(site, shards);
    contents.extend(postings_files(&postings, site.len()));
    contents.extend(prefix_files(&postings, prefix_count(site.len())));
    drop(postings);
    contents.extend(doc_files(site, &url_of, &date_of));
    contents
        .into_iter()
        .enumerate()
        .map(|(n, mut bytes)| {
            // Held until written, and serde_json grows its buffer by
            // doubling: without this a large index costs up to twice its
            // size in memory.
            bytes.shrink_to_fit();
            (file_path(site.len(), n), bytes)
        })
        .collect()
}

/// Article `doc`'s place in the site's order (newest first): documents are
/// numbered oldest first, so that a new story takes the next number and the
/// index files of the others stay as they were.
fn article_of(site: &Site, doc: usize) -> usize {
    site.len() - 1 - doc
}

/// Documents stemmed at once: their terms are short-lived, the postings
/// they add to stay.
const BATCH: usize = 1024;

/// A shard's postings: term → its posting list.
type Postings = FxHashMap<Box<str>, PostingList>;

/// One term's documents (ascending) and weights, kept as they are written:
/// each doc as its gap from the one before (the first from 0), then its
/// weight, both as LEB128 varints — about 2.5 bytes a posting instead of 8,
/// which is what a 100,000-article archive's index costs in memory.
#[derive(Clone, Default)]
struct PostingList {
    last: u32,
    count: u32,
    bytes: Vec<u8>,
}

impl PostingList {
    fn push(&mut self, doc: u32, weight: u32) {
        push_varint(&mut self.bytes, doc - self.last);
        push_varint(&mut self.bytes, weight);
        self.last = doc;
        self.count += 1;
    }

    /// (document, weight), documents ascending.
    fn postings(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut numbers = self.numbers();
        let mut doc = 0;
        std::iter::from_fn(move || {
            let (gap, weight) = (numbers.next()?, numbers.next()?);
            doc += gap;
            Some((doc, weight))
        })
    }

    /// Gap, weight, gap, weight, …
    fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        let mut rest = self.bytes.as_slice();
        std::iter::from_fn(move || {
            let mut value = 0u32;
            for (n, &byte) in rest.iter().enumerate() {
                value |= u32::from(byte & 0x7f) << (7 * n);
                if byte < 0x80 {
                    rest = &rest[n + 1..];
                    return Some(value);
                }
            }
            None
        })
    }
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Each shard's postings. Documents are stemmed in parallel a batch at a
/// time and their terms added to the shards in order, so memory holds the
/// postings and one batch's terms, never every document's at once.
fn postings(site: &Site, shards: usize) -> Vec<Postings> {
    let mut postings: Vec<Postings> = vec![Postings::default(); shards];
    for start in (0..site.len()).step_by(BATCH) {
        let batch: Vec<DocTerms> = (start..(start + BATCH).min(site.len()))
            .into_par_iter()
            .map(|doc| doc_terms(site, article_of(site, doc)))
            .collect();
        // Sorted into shards in document order, then each shard's postings
        // grow in parallel with the others'; a term already there costs a
        // lookup, not an allocation.
        let mut buckets: Vec<Vec<(u32, &str, u32)>> = vec![Vec::new(); shards];
        for (offset, terms) in batch.iter().enumerate() {
            let doc = (start + offset) as u32;
            for (term, weight) in terms.iter() {
                buckets[shard_of(term, shards)].push((doc, term, weight));
            }
        }
        postings
            .par_iter_mut()
            .zip(buckets)
            .for_each(|(shard, entries)| {
                for (doc, term, weight) in entries {
                    match shard.get_mut(term) {
                        Some(list) => list.push(doc, weight),
                        None => {
                            let mut list = PostingList::default();
                            list.push(doc, weight);
                            shard.insert(term.into(), list);
                        }
                    }
                }
            });
    }
    postings
}

/// The index of `site`, built on the first call and kept with the site:
/// signatures (a part unchanged is not rewritten) and pages read the same.
pub(crate) fn files_of(site: &Site) -> &[IndexFile] {
    site.search_files.get_or_init(|| {
        let base_path = site.settings.base_path();
        let style = site.settings.date_style();
        build_index(
            site,
            |i| crate::permalink::folder_iri(&base_path, &site.paths[i]),
            |i| style.full_date(site.days[i]),
        )
    })
}

/// Builds the index of a site that has search on, before its pages are
/// worked on in parallel: a worker meeting it first inside a parallel loop
/// would build it while the others wait on it, unable to help.
pub(crate) fn prepare(site: &Site) {
    if site.settings.toml.search {
        files_of(site);
    }
}

/// How many files the index of `docs` documents has.
pub(crate) fn file_count(docs: usize) -> usize {
    1 + shard_count(docs) + prefix_count(docs) + docs.div_ceil(CHUNK)
}

/// The path of file `n` of the index of `docs` documents.
pub(crate) fn file_path(docs: usize, n: usize) -> String {
    let shards = shard_count(docs);
    let prefixes = prefix_count(docs);
    match n {
        0 => "search/index.json".into(),
        n if n <= shards => format!("search/t/{}.json", n - 1),
        n if n <= shards + prefixes => format!("search/p/{}.json", n - 1 - shards),
        n => format!("search/d/{}.json", n - 1 - shards - prefixes),
    }
}

/// How many posting shards an archive of `docs` documents gets.
pub(crate) fn shard_count(docs: usize) -> usize {
    (docs / 40).clamp(16, 4096).next_power_of_two().min(4096)
}

/// How many prefix dictionaries: words' first two letters are a few
/// hundred, so a few hundred files at most.
pub(crate) fn prefix_count(docs: usize) -> usize {
    (shard_count(docs) / 8).clamp(16, 512)
}

/// The posting shard of a term: FNV-1a (32 bits) of the whole term.
pub fn shard_of(term: &str, shards: usize) -> usize {
    fnv1a(term.as_bytes()) as usize % shards
}

/// The prefix dictionary of a term (or of the start of a word being
/// typed): FNV-1a of its first two characters.
pub fn prefix_of(term: &str, prefixes: usize) -> usize {
    let end = term.char_indices().nth(2).map_or(term.len(), |(at, _)| at);
    fnv1a(&term.as_bytes()[..end]) as usize % prefixes
}

/// FNV-1a in 32 bits, as `search.js` computes it with `Math.imul`
/// (`load::stamp::fnv1a` is the 64-bit one of build stamps).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A term in at least this many documents is written as a bitmap of them
/// and the list of those whose headline has it: a few bits a
/// document, however many have it, where its list would cost bytes each;
/// with so common a term finer weights hardly move the ranking (its idf is
/// near zero).
pub(crate) fn dense_from(docs: usize) -> usize {
    (docs / 16).max(1024)
}

/// What one document contributes: its terms, written one after another in
/// `text` (one allocation, not one a term), each with its end there and its
/// weight.
struct DocTerms {
    text: String,
    ends: Vec<(u32, u32)>,
}

impl DocTerms {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, weight)| {
            let term = &self.text[start..end as usize];
            start = end as usize;
            (term, weight)
        })
    }
}

fn doc_terms(site: &Site, i: usize) -> DocTerms {
    let article = &site.articles[i];
    let title = key(&article.title);
    let mut text = text_of(&article.body.html());
    // A live article's entries are its text too.
    for update in article.live.iter().flat_map(|live| &live.updates) {
        text.push(' ');
        text.push_str(&update.text);
    }
    let body = key(&text);
    let section = site.section_of[i].map(|s| format!("§{s}"));
    let year = format!("y{}", chrono::Datelike::year(&site.days[i]));
    // Words first, stems once a word: most words of a story repeat.
    let mut words: FxHashMap<&str, Weight> = FxHashMap::default();
    add_words(&mut words, &title, TITLE_WEIGHT, true);
    add_words(&mut words, &body, BODY_WEIGHT, false);
    let mut weights: FxHashMap<&str, Weight> = FxHashMap::default();
    weights.reserve(words.len());
    for (word, weight) in words {
        for stem in index_stems(word) {
            weights.entry(stem).or_default().add(weight);
        }
    }
    let plain = Weight {
        count: 1,
        in_title: false,
    };
    weights.extend(section.as_deref().map(|s| (s, plain)));
    weights.insert(&year, plain);
    let mut terms = DocTerms {
        text: String::with_capacity(weights.keys().map(|t| t.len()).sum()),
        ends: Vec::with_capacity(weights.len()),
    };
    for (term, weight) in weights {
        terms.text.push_str(term);
        terms.ends.push((terms.text.len() as u32, weight.written()));
    }
    terms
}

/// A term's weight in one document: its weighted count, and whether the
/// headline has it (the ranking puts headline matches first).
#[derive(Clone, Copy, Default)]
struct Weight {
    count: u32,
    in_title: bool,
}

impl Weight {
    fn add(&mut self, other: Weight) {
        self.count = (self.count + other.count).min(MAX_COUNT);
        self.in_title |= other.in_title;
    }

    /// As the index writes it: the count doubled, plus 1 for the headline.
    fn written(self) -> u32 {
        self.count << 1 | u32::from(self.in_title)
    }
}

/// A term's count in a document at most (its written weight fits a byte).
const MAX_COUNT: u32 = 127;

/// Distinct words indexed of one article: a long story has a few thousand;
/// 17 MB of junk pasted into one made a prefix file of 20 MB that a
/// two-letter query fetched whole. The headline's come first.
const MAX_WORDS_PER_DOC: usize = 5_000;
/// Longer "words" are not words (a URL, a run of junk): not indexed.
const MAX_WORD_BYTES: usize = 64;

/// Adds `weight` to each word of `folded` text, each time it is there, up
/// to [`MAX_WORDS_PER_DOC`] distinct words.
fn add_words<'a>(
    words: &mut FxHashMap<&'a str, Weight>,
    folded: &'a str,
    weight: u32,
    in_title: bool,
) {
    let weight = Weight {
        count: weight,
        in_title,
    };
    for word in folded
        .split(' ')
        .filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
    {
        let room = words.len() < MAX_WORDS_PER_DOC;
        match words.entry(word) {
            std::collections::hash_map::Entry::Occupied(mut known) => known.get_mut().add(weight),
            std::collections::hash_map::Entry::Vacant(new) if room => {
                new.insert(weight);
            }
            std::collections::hash_map::Entry::Vacant(_) => {}
        }
    }
}

/// A posting list as written: a JSON array of its numbers, or for a term
/// in [`dense_from`] documents or more, a bitmap of them as hex (see
/// [`bitmap`]) and the gaps between those whose headline has it:
/// `["hex",[gap,…]]`.
enum Written<'a> {
    Gaps(&'a PostingList),
    Dense(String, Vec<u32>),
}

impl<'a> Written<'a> {
    fn of(list: &'a PostingList, docs: usize) -> Self {
        if (list.count as usize) < dense_from(docs) {
            return Written::Gaps(list);
        }
        let mut previous = 0;
        let strong = list
            .postings()
            .filter(|&(_, weight)| weight & 1 == 1)
            .map(|(doc, _)| doc - std::mem::replace(&mut previous, doc))
            .collect();
        Written::Dense(bitmap(list.postings().map(|(doc, _)| doc), docs), strong)
    }
}

impl Serialize for Written<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Written::Gaps(list) => serializer.collect_seq(list.numbers()),
            Written::Dense(hex, strong) => (hex, strong).serialize(serializer),
        }
    }
}

/// Documents as a bitmap in hex: hex digit `d / 4` holds document `d` as
/// its bit `d % 4` (value 1, 2, 4 or 8). `docs` ascending, each below `n`.
pub fn bitmap(docs: impl Iterator<Item = u32>, n: usize) -> String {
    let mut nibbles = vec![0u8; n.div_ceil(4)];
    for doc in docs {
        if let Some(nibble) = nibbles.get_mut(doc as usize / 4) {
            *nibble |= 1 << (doc % 4);
        }
    }
    nibbles
        .into_iter()
        .map(|v| char::from_digit(u32::from(v), 16).unwrap_or('0'))
        .collect()
}

/// One JSON file per shard (empty shards too, so that a client never meets
/// a missing file), terms sorted: the same input gives the same bytes.
fn postings_files(postings: &[Postings], docs: usize) -> Vec<Vec<u8>> {
    postings
        .par_iter()
        .map(|terms| {
            let sorted: BTreeMap<&str, Written> = terms
                .iter()
                .map(|(term, list)| (&**term, Written::of(list, docs)))
                .collect();
            serde_json::to_vec(&sorted).unwrap_or_default()
        })
        .collect()
}

/// The prefix dictionaries: `{"term": documents, …}` of every term whose
/// first two characters hash to the file, for the word being typed.
fn prefix_files(postings: &[Postings], prefixes: usize) -> Vec<Vec<u8>> {
    let mut dictionaries: Vec<BTreeMap<&str, u32>> = vec![BTreeMap::new(); prefixes];
    for (term, list) in postings.iter().flatten() {
        dictionaries[prefix_of(term, prefixes)].insert(term, list.count);
    }
    dictionaries
        .par_iter()
        .map(|terms| serde_json::to_vec(terms).unwrap_or_default())
        .collect()
}

/// A result as the page shows it.
#[derive(Serialize)]
struct Doc<'a>(&'a str, String, String, &'a str, String);

fn doc_files(
    site: &Site,
    url_of: &(impl Fn(usize) -> String + Sync),
    date_of: &(impl Fn(usize) -> String + Sync),
) -> Vec<Vec<u8>> {
    (0..site.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|k| {
            let docs: Vec<Doc> = (k * CHUNK..((k + 1) * CHUNK).min(site.len()))
                .map(|doc| {
                    let i = article_of(site, doc);
                    let article = &site.articles[i];
                    let section = site.section_of[i].map_or("", |s| site.sections[s].name.as_str());
                    let excerpt = crate::content::truncate_words(&article.lead, EXCERPT_CHARS);
                    Doc(&article.title, url_of(i), date_of(i), section, excerpt)
                })
                .collect();
            serde_json::to_vec(&docs).unwrap_or_default()
        })
        .collect()
}

fn meta(site: &Site, shards: usize) -> Vec<u8> {
    let sections: Vec<&str> = site.sections.iter().map(|s| s.name.as_str()).collect();
    let years: Vec<i32> = site.years.iter().map(|y| y.year).collect();
    serde_json::to_vec(&serde_json::json!({
        "version": VERSION,
        "docs": site.len(),
        "shards": shards,
        "prefixes": prefix_count(site.len()),
        "chunk": CHUNK,
        "sections": sections,
        "years": years,
    }))
    .unwrap_or_default()
}

/// The text of sanitised HTML: tags dropped (a space for each, so words
/// never run together), the entities the sanitiser writes decoded.
pub(crate) fn text_of(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    // Plain runs are copied whole (found by a SIMD search: every related
    // story's lead comes through here); only tags and entities are looked at.
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        let skip = if rest.starts_with('<') {
            text.push(' ');
            memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |end| end + 1)
        } else {
            match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, decoded)) => {
                    text.push(*decoded);
                    name.len()
                }
                None => {
                    text.push('&');
                    1
                }
            }
        };
        rest = &rest[skip..];
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::stem::terms;
    use crate::settings::Settings;
    use std::collections::HashMap;

    fn site() -> Site {
        let article = |id: &str, title: &str, body: &str, date: &str, section: Option<&str>| {
            crate::content::Article {
                id: id.into(),
                title: title.into(),
                body: body.into(),
                lead: body.into(),
                date: chrono::DateTime::parse_from_rfc3339(date).unwrap_or_default(),
                section: section.map(str::to_string),
                ..Default::default()
            }
        };
        let mut settings = Settings::default();
        settings.toml.sections = vec![crate::config::SectionConfig {
            key: "politics".into(),
            name: "سياسة".into(),
            slug: None,
            template: None,
            kind: None,
        }];
        let articles = vec![
            article(
                "a",
                "الحكومة تعلن خطة جديدة",
                "<p>أعلنت الحكومة &quot;خطة&quot; للتحالف.</p>",
                "2025-11-11T10:00:00Z",
                Some("politics"),
            ),
            article(
                "b",
                "مباراة في القاهرة",
                "<p>فاز الفريق في القاهرة.</p>",
                "2024-03-01T10:00:00Z",
                None,
            ),
        ];
        crate::resolve::resolve(articles, settings).0
    }

    fn files() -> HashMap<String, serde_json::Value> {
        let site = site();
        build_index(&site, |i| format!("/{i}/"), |i| format!("day {i}"))
            .into_iter()
            .map(|(path, bytes)| (path, serde_json::from_slice(&bytes).unwrap_or_default()))
            .collect()
    }

    fn postings(files: &HashMap<String, serde_json::Value>, word: &str) -> Vec<u64> {
        postings_of_term(files, &terms(word).join(""))
    }

    /// [doc, weight, …] of `term`, its gaps added up.
    fn postings_of_term(files: &HashMap<String, serde_json::Value>, term: &str) -> Vec<u64> {
        let shards = files["search/index.json"]["shards"].as_u64().unwrap_or(1) as usize;
        let shard = &files[&format!("search/t/{}.json", shard_of(term, shards))];
        if let Some(hex) = shard[term][0].as_str() {
            let nibbles: Vec<u32> = hex.chars().filter_map(|c| c.to_digit(16)).collect();
            return (0..nibbles.len() * 4)
                .filter(|d| nibbles[d / 4] & (1 << (d % 4)) != 0)
                .flat_map(|d| [d as u64, 1])
                .collect();
        }
        let written: Vec<u64> = shard[term]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_u64()).collect())
            .unwrap_or_default();
        let mut doc = 0;
        written
            .chunks_exact(2)
            .flat_map(|pair| {
                doc += pair[0];
                [doc, pair[1]]
            })
            .collect()
    }

    /// Issue 32, item 13: one article of junk made a prefix file of 20 MB.
    #[test]
    fn one_article_indexes_a_bounded_number_of_words() {
        let mut words = FxHashMap::default();
        let junk: String = (0..20_000).map(|n| format!("كلمة{n} ")).collect();
        let long = "ب".repeat(200);
        add_words(&mut words, "عنوان الخبر", TITLE_WEIGHT, true);
        add_words(&mut words, &junk, BODY_WEIGHT, false);
        add_words(&mut words, &long, BODY_WEIGHT, false);
        assert_eq!(words.len(), MAX_WORDS_PER_DOC);
        assert!(words.contains_key("عنوان") && words.contains_key("الخبر"));
        assert!(!words.contains_key(long.as_str()));
    }

    #[test]
    fn every_shard_and_chunk_is_written_with_the_meta() {
        let files = files();
        let meta = &files["search/index.json"];
        assert_eq!(meta["version"], 3);
        assert_eq!(meta["docs"], 2);
        assert_eq!(meta["shards"], 16);
        assert_eq!(meta["sections"], serde_json::json!(["سياسة"]));
        assert_eq!(meta["years"], serde_json::json!([2025, 2024]));
        for k in 0..16 {
            assert!(files.contains_key(&format!("search/t/{k}.json")), "{k}");
        }
        // Oldest first: the 2024 story is document 0.
        let docs = &files["search/d/0.json"];
        assert_eq!(docs[1][0], "الحكومة تعلن خطة جديدة");
        assert_eq!(docs[1][1], "/0/");
        assert_eq!(docs[1][3], "سياسة");
        assert_eq!(docs[0][3], "");
    }

    #[test]
    fn title_words_weigh_more_and_spellings_meet() {
        let files = files();
        // «الحكومة» in title (3) and body (1) of doc 1: 4, doubled, and 1
        // for the headline.
        assert_eq!(postings(&files, "حكومه"), [1, 9]);
        assert_eq!(
            postings(&files, "والتحالف"),
            [1, 2],
            "a prefixed query meets the body's «للتحالف»; not in the headline"
        );
        assert_eq!(postings(&files, "القاهره"), [0, 9]);
        assert!(
            postings(&files, "quot").is_empty(),
            "entities are decoded, not indexed"
        );
        assert!(postings(&files, "بيروت").is_empty());
    }

    #[test]
    fn sections_and_years_are_filter_terms() {
        let files = files();
        assert_eq!(postings_of_term(&files, "§0"), [1, 2]);
        assert_eq!(postings_of_term(&files, "y2024"), [0, 2]);
    }

    #[test]
    fn shards_grow_with_the_archive_and_terms_sharing_a_start_share_a_dictionary() {
        assert_eq!(shard_count(10), 16);
        assert_eq!(shard_count(10_000), 256);
        assert_eq!(shard_count(100_000), 4096);
        assert_eq!(prefix_count(100_000), 512);
        assert_eq!(prefix_of("حكوم", 64), prefix_of("حكومي", 64));
        assert!(shard_of("حكوم", 256) < 256);
        assert_eq!(file_count(100_000), 1 + 4096 + 512 + 20_000);
        assert_eq!(file_path(100_000, 4096 + 1), "search/p/0.json");
        assert_eq!(file_path(100_000, 4096 + 512 + 1), "search/d/0.json");
    }

    #[test]
    fn a_common_term_is_a_bitmap_of_its_documents() {
        assert_eq!(bitmap([0, 2, 5, 7, 8].into_iter(), 9), "5a1");
        assert_eq!(bitmap(std::iter::empty(), 4), "0");
        let mut list = PostingList::default();
        for doc in 0..2000 {
            // Docs 14 and 18 have it in their headlines (odd weights).
            list.push(doc * 2, if doc == 7 || doc == 9 { 7 } else { 2 });
        }
        let written = postings_files(&[[("عام".into(), list)].into_iter().collect()], 4000);
        let shard: serde_json::Value = serde_json::from_slice(&written[0]).unwrap_or_default();
        let hex = shard["عام"][0].as_str().unwrap_or_default();
        assert_eq!(hex.len(), 1000);
        assert!(hex.chars().all(|c| c == '5'), "{hex}");
        assert_eq!(
            shard["عام"][1],
            serde_json::json!([14, 4]),
            "docs 14 and 18 are headline matches"
        );
    }

    #[test]
    fn the_prefix_dictionary_counts_each_terms_documents() {
        let files = files();
        let prefixes = files["search/index.json"]["prefixes"].as_u64().unwrap_or(1) as usize;
        let documents = |word: &str| {
            let term = terms(word).join("");
            files[&format!("search/p/{}.json", prefix_of(&term, prefixes))][&term].as_u64()
        };
        assert_eq!(documents("القاهرة"), Some(1));
        assert_eq!(documents("الحكومة"), Some(1));
        assert_eq!(documents("الجزائر"), None);
    }

    #[test]
    fn posting_lists_give_back_their_gaps_and_weights_of_any_size() {
        let mut list = PostingList::default();
        for (doc, weight) in [
            (0, 1),
            (127, 255),
            (128, 3),
            (20_000, 128),
            (3_000_000_000, 1),
        ] {
            list.push(doc, weight);
        }
        assert_eq!(
            list.numbers().collect::<Vec<_>>(),
            [0, 1, 127, 255, 1, 3, 19_872, 128, 2_999_980_000, 1]
        );
    }

    #[test]
    fn text_of_html_keeps_words_apart() {
        assert_eq!(
            text_of("<p>أ<b>ب</b></p><p>ج &amp; د</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["أ", "ب", "ج", "&", "د"]
        );
    }
}
