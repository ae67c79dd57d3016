//! Related articles, found from the text itself: «أخبار ذات صلة» under each
//! story, beside the ones editors linked by hand.
//!
//! Each article becomes a short vector of its most telling terms — words
//! folded by the one normaliser and light-stemmed as search does them,
//! weighted BM25-style (title above tags above body, the section too)
//! with idf over the archive — and each article is compared only with the
//! articles that share one of its top terms, through an inverted index
//! whose lists are cut to the strongest [`LIST_CAP`]: work grows with the
//! archive, never with its square. Deterministic; ties go to the newer
//! story; never a newer story in an older one's list unless
//! `related_newer` (Hugo's stable "see also" rule).

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::arabic::normalize::key;
use crate::arabic::stem::light_stem;
use crate::search::text_of;
use crate::site::{Ids, Link, Site};

/// Terms kept for each article (its vector's length).
const TOP_TERMS: usize = 20;
/// Articles kept under each term of the inverted index, strongest first.
const LIST_CAP: usize = 50;
/// Below this similarity (cosine, 0–1) an article is not related at all.
const MIN_SCORE: f32 = 0.15;
/// News ages: a story this many days from the article counts half as much
/// as one of the same day with the same words (`1 / (1 + days / HALF)`), so
/// a story of last month outranks a near twin of five years ago.
const RECENCY_HALF_DAYS: f32 = 180.0;
/// How much a term counts where it is found.
const TITLE_WEIGHT: u8 = 3;
const TAG_WEIGHT: u8 = 2;
const SECTION_WEIGHT: u8 = 1;
const BODY_WEIGHT: u8 = 1;
/// How much of a body is read: about the first 100 words: the lead and the paragraph after it. A news story
/// says what it is about first (the inverted pyramid); the rest costs
/// time and adds little but noise.
const BODY_BYTES: usize = 1200;
/// BM25's term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A term, as a 32-bit hash of its stem: the index never needs the text.
type Term = u32;

/// An article's terms (in no particular order), each with its weighted count.
struct Counts {
    terms: Box<[Term]>,
    counts: Box<[u8]>,
}

/// An article's vector: its top terms (ascending) and their weights
/// (L2-normalised, so that a dot product is a cosine).
struct Vector {
    terms: Vec<Term>,
    weights: Vec<f32>,
}

/// What to find.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// Articles in each list, at most.
    pub count: usize,
    /// Stories published after the article may be in its list.
    pub newer: bool,
    /// Leave out the articles its read-also links and those linking to it
    /// (pages show them beside); off only to measure the ranking against
    /// the links editors made.
    pub leave_out_linked: bool,
}

/// Up to `count` related articles for each article of `site` (site order,
/// best first), never the article itself, and as [`Wanted`] says of
/// linked and newer ones.
pub fn related(site: &Site, wanted: Wanted) -> Vec<Ids> {
    if wanted.count == 0 || site.len() < 2 {
        return vec![Vec::new(); site.len()];
    }
    let vectors = vectors(all_counts(site));
    let index = inverted_index(&vectors);
    // Side by side, not behind each article's pointer: every candidate's
    // date is looked at.
    let dates = dates_of(site);
    (0..site.len())
        .into_par_iter()
        .map_init(
            || Scores::new(site.len()),
            |scores, i| nearest(site, &vectors, &index, scores, &dates, i, wanted),
        )
        .collect()
}

/// What `serve` keeps of a related-stories pass to redo it for a few
/// edited articles: each article's vector, every term's articles (uncut)
/// and the cut index the lists were found from. The archive's statistics
/// (idf, average length) stay those of the last full pass: an edit moves
/// them by a hair, and a full pass (`build`, or `serve` after a title or
/// date edit) recomputes them.
pub(crate) struct Kept {
    wanted: Wanted,
    stats: Stats,
    vectors: Vec<Vector>,
    members: FxHashMap<Term, Vec<(u32, f32)>>,
    index: FxHashMap<Term, Vec<(u32, f32)>>,
    /// Each article's counts by id, with the fingerprint of the text they
    /// were made from: a full pass after a title edit stems one text.
    counts: FxHashMap<String, (u64, Counts)>,
}

impl Kept {
    /// A full pass over `site`, as [`related`] makes it (the same lists),
    /// keeping what [`Kept::update`] needs. `fingerprints` (site order) say
    /// which articles are as they were in `previous`: their counts are
    /// taken from it, not made again from their text.
    pub(crate) fn new(
        site: &Site,
        wanted: Wanted,
        fingerprints: &[u64],
        previous: Option<Kept>,
    ) -> (Vec<Ids>, Option<Kept>) {
        if wanted.count == 0 || site.len() < 2 {
            return (vec![Vec::new(); site.len()], None);
        }
        let mut known = previous.map(|k| k.counts).unwrap_or_default();
        let reused: Vec<Option<Counts>> = site
            .articles
            .iter()
            .zip(fingerprints)
            .map(|(a, f)| {
                known
                    .remove(&a.id)
                    .filter(|(was, _)| was == f)
                    .map(|(_, c)| c)
            })
            .collect();
        drop(known);
        let counts = counts_reusing(site, reused);
        let stats = Stats::of(&counts);
        let vectors: Vec<Vector> = counts
            .par_iter()
            .map(|c| vector_of(c, &stats, |_| 0.0))
            .collect();
        let members = members_of(&vectors);
        let mut index = members.clone();
        index.par_iter_mut().for_each(|(_, list)| cut(list));
        let counts = site
            .articles
            .iter()
            .zip(fingerprints)
            .zip(counts)
            .map(|((a, &f), c)| (a.id.clone(), (f, c)))
            .collect();
        let kept = Kept {
            wanted,
            stats,
            vectors,
            members,
            index,
            counts,
        };
        let lists = kept.lists(site, 0..site.len());
        (lists, Some(kept))
    }

    /// The lists of `articles`, best first.
    fn lists(&self, site: &Site, articles: impl IntoParallelIterator<Item = usize>) -> Vec<Ids> {
        let dates = dates_of(site);
        articles
            .into_par_iter()
            .map_init(
                || Scores::new(site.len()),
                |scores, i| {
                    let (vectors, index) = (&self.vectors, &self.index);
                    nearest(site, vectors, index, scores, &dates, i, self.wanted)
                },
            )
            .collect()
    }

    /// Articles `edited` (positions in `site`: the same articles in the
    /// same order, with the same dates, as in the pass kept) have a new
    /// text: their vectors are made again, and every list that can change
    /// with them is found again into `related`, with the lists of
    /// `relinked` (whose read-also links or backlinks changed: what their
    /// lists leave out moved). Returns the articles whose list changed.
    pub(crate) fn update(
        &mut self,
        site: &Site,
        edited: &[usize],
        relinked: &[usize],
        fingerprints: &[u64],
        related: &mut [Ids],
    ) -> Vec<usize> {
        let mut stems = Stems::default();
        let mut touched = rustc_hash::FxHashSet::default();
        let n = self.stats.n;
        for &i in edited {
            let counts = counts_of(site, i, &mut stems);
            // A term new to the archive: in this article alone.
            let vector = vector_of(&counts, &self.stats, |_| idf(n, 1.0));
            let id = site.articles[i].id.clone();
            self.counts.insert(id, (fingerprints[i], counts));
            let old = std::mem::replace(&mut self.vectors[i], vector);
            for t in &old.terms {
                if let Some(list) = self.members.get_mut(t) {
                    list.retain(|&(a, _)| a as usize != i);
                }
                touched.insert(*t);
            }
            let new = &self.vectors[i];
            for (&t, &w) in new.terms.iter().zip(&new.weights) {
                let list = self.members.entry(t).or_default();
                let at = list.partition_point(|&(a, _)| (a as usize) < i);
                list.insert(at, (i as u32, w));
                touched.insert(t);
            }
        }
        // Whoever has a term whose cut list moved may rank differently.
        let mut again: Vec<usize> = edited.iter().chain(relinked).copied().collect();
        for t in touched {
            let mut list = self.members.get(&t).cloned().unwrap_or_default();
            if list.is_empty() {
                self.members.remove(&t);
            }
            cut(&mut list);
            if self.index.get(&t).map_or(&[][..], Vec::as_slice) != list.as_slice() {
                let holders = self.members.get(&t).map_or(&[][..], Vec::as_slice);
                again.extend(holders.iter().map(|&(a, _)| a as usize));
                if list.is_empty() {
                    self.index.remove(&t);
                } else {
                    self.index.insert(t, list);
                }
            }
        }
        again.sort_unstable();
        again.dedup();
        let lists = self.lists(site, again.clone());
        let mut changed = Vec::new();
        for (i, list) in again.into_iter().zip(lists) {
            if related[i] != list {
                related[i] = list;
                changed.push(i);
            }
        }
        changed
    }
}

fn dates_of(site: &Site) -> Vec<i64> {
    site.articles.iter().map(|a| a.date.timestamp()).collect()
}

/// Every article's term counts, in site order: those given, and the
/// others made from the text.
fn counts_reusing(site: &Site, mut reused: Vec<Option<Counts>>) -> Vec<Counts> {
    // Fixed runs of articles, each with its own word table: how threads
    // steal work then changes nothing done (the cost guard counts it).
    reused
        .par_chunks_mut(STEMS_RUN)
        .enumerate()
        .for_each(|(run, counts)| {
            let mut stems = Stems::default();
            for (k, c) in counts.iter_mut().enumerate() {
                if c.is_none() {
                    *c = Some(counts_of(site, run * STEMS_RUN + k, &mut stems));
                }
            }
        });
    reused.into_iter().flatten().collect()
}

/// Every article's term counts, in site order.
fn all_counts(site: &Site) -> Vec<Counts> {
    counts_reusing(site, (0..site.len()).map(|_| None).collect())
}

fn term_of(stem: &str) -> Term {
    // The high half of FxHash: its low bits are the weaker.
    (FxBuildHasher.hash_one(stem) >> 32) as Term
}

/// Adds `weight` for each word of folded text, each time it is there
/// (one-letter words and numbers carry no topic).
fn add<'a>(words: &mut FxHashMap<&'a str, u8>, folded: &'a str, weight: u8) {
    // Split on the byte: `str::split(' ')` sets up a searcher per word.
    let bytes = folded.as_bytes();
    let mut start = 0;
    let spaces = memchr::memchr_iter(b' ', bytes).chain(std::iter::once(bytes.len()));
    for end in spaces {
        // Between ASCII spaces: character boundaries.
        let word = &folded[start..end];
        start = end + 1;
        if word.len() > 2 && !word.bytes().all(|b| b.is_ascii_digit()) {
            let n = words.entry(word).or_insert(0);
            *n = n.saturating_add(weight);
        }
    }
}

/// The start of a body, up to [`BODY_BYTES`] (a character boundary).
fn lead_of(html: &str) -> &str {
    if html.len() <= BODY_BYTES {
        return html;
    }
    let mut end = BODY_BYTES;
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    &html[..end]
}

/// Articles whose words share one [`Stems`] table.
const STEMS_RUN: usize = 512;

/// Each word's term, as a worker met it: most words of an archive recur
/// from story to story, and a table look-up costs a third of stemming.
#[derive(Default)]
struct Stems(FxHashMap<Box<str>, Term>);

impl Stems {
    /// Words remembered at most (a few MiB), so that an archive's long
    /// tail of rare words does not grow the table without end.
    const CAP: usize = 1 << 16;

    fn term(&mut self, word: &str) -> Term {
        if let Some(&term) = self.0.get(word) {
            return term;
        }
        let term = term_of(light_stem(word));
        if self.0.len() >= Self::CAP {
            self.0.clear();
        }
        self.0.insert(word.into(), term);
        term
    }
}

fn counts_of(site: &Site, i: usize, stems: &mut Stems) -> Counts {
    let article = &site.articles[i];
    let title = key(&article.title);
    let tags: Vec<String> = article.tags.iter().map(|t| key(t)).collect();
    let html = article.body.html();
    let body = key(&text_of(lead_of(&html)));
    // Words first, then one stem a word: most words of a story repeat.
    let mut words: FxHashMap<&str, u8> = FxHashMap::default();
    words.reserve(512);
    add(&mut words, &title, TITLE_WEIGHT);
    for tag in &tags {
        add(&mut words, tag, TAG_WEIGHT);
    }
    add(&mut words, &body, BODY_WEIGHT);
    let mut counts: FxHashMap<Term, u8> = FxHashMap::default();
    counts.reserve(words.len() + 1);
    for (word, n) in words {
        let count = counts.entry(stems.term(word)).or_insert(0);
        *count = count.saturating_add(n);
    }
    if let Some(s) = site.section_of[i] {
        let section = format!("§{}", site.sections[s].key);
        let n = counts.entry(term_of(&section)).or_insert(0);
        *n = n.saturating_add(SECTION_WEIGHT);
    }
    // In the map's order: nothing downstream depends on it (document
    // frequencies are counts; the top terms are picked by weight, ties by
    // term; a length sums small integers, exactly, in any order).
    Counts {
        terms: counts.keys().copied().collect(),
        counts: counts.values().copied().collect(),
    }
}

/// What weighs a term in any article: its idf over the archive, and the
/// archive's average length.
struct Stats {
    idf: FxHashMap<Term, f32>,
    average: f32,
    /// Articles counted: the idf of a term no article had yet.
    n: f32,
}

impl Stats {
    fn of(counts: &[Counts]) -> Stats {
        let n = counts.len() as f32;
        let df: FxHashMap<Term, u32> = counts
            .par_iter()
            .fold(FxHashMap::default, |mut df: FxHashMap<Term, u32>, c| {
                for &t in c.terms.iter() {
                    *df.entry(t).or_insert(0) += 1;
                }
                df
            })
            .reduce(FxHashMap::default, |a, b| {
                let (small, mut large) = if a.len() < b.len() { (a, b) } else { (b, a) };
                for (t, k) in small {
                    *large.entry(t).or_insert(0) += k;
                }
                large
            });
        // Once a term, not once an article that has it.
        let idf = df.into_iter().map(|(t, d)| (t, idf(n, d as f32))).collect();
        // Whole numbers, summed exactly: a float sum over threads would depend
        // on how the work was split once past 2^24.
        let total: u64 = counts.par_iter().map(|c| u64::from(length(c))).sum();
        Stats {
            idf,
            average: total as f32 / n.max(1.0),
            n,
        }
    }

    fn idf_of(&self, t: Term) -> Option<f32> {
        self.idf.get(&t).copied()
    }
}

/// The idf of a term found in `d` of `n` articles.
fn idf(n: f32, d: f32) -> f32 {
    ((n - d + 0.5) / (d + 0.5) + 1.0).ln()
}

/// An article's length: its weighted word count.
fn length(c: &Counts) -> u32 {
    c.counts.iter().map(|&k| u32::from(k)).sum::<u32>()
}

/// Each article's top terms by BM25 weight, from all articles' counts
/// (each let go as soon as its vector is made).
fn vectors(counts: Vec<Counts>) -> Vec<Vector> {
    let stats = Stats::of(&counts);
    counts
        .into_par_iter()
        .map(|c| vector_of(&c, &stats, |_| 0.0))
        .collect()
}

/// An article's vector; `unknown` gives the idf of a term `stats` never
/// counted.
fn vector_of(c: &Counts, stats: &Stats, unknown: impl Fn(Term) -> f32) -> Vector {
    let norm = K1 * (1.0 - B + B * length(c) as f32 / stats.average.max(1.0));
    let mut weighted: Vec<(Term, f32)> = c
        .terms
        .iter()
        .zip(c.counts.iter())
        .map(|(&t, &k)| {
            let tf = f32::from(k);
            let idf = stats.idf_of(t).unwrap_or_else(|| unknown(t));
            (t, idf * tf * (K1 + 1.0) / (tf + norm))
        })
        .collect();
    // Strongest first, ties by term: the same input, the same
    // terms. Only the first few are wanted: picked, not sorted.
    let order = |a: &(Term, f32), b: &(Term, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if weighted.len() > TOP_TERMS {
        weighted.select_nth_unstable_by(TOP_TERMS, order);
        weighted.truncate(TOP_TERMS);
    }
    weighted.sort_unstable_by_key(|&(t, _)| t);
    let magnitude = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    Vector {
        terms: weighted.iter().map(|&(t, _)| t).collect(),
        weights: weighted
            .iter()
            .map(|&(_, w)| if magnitude > 0.0 { w / magnitude } else { 0.0 })
            .collect(),
    }
}

/// Term → the articles with it among their top terms, strongest first, at
/// most [`LIST_CAP`].
fn inverted_index(vectors: &[Vector]) -> FxHashMap<Term, Vec<(u32, f32)>> {
    let mut index = members_of(vectors);
    index.par_iter_mut().for_each(|(_, list)| cut(list));
    index
}

/// Term → every article with it among its top terms, in article order.
fn members_of(vectors: &[Vector]) -> FxHashMap<Term, Vec<(u32, f32)>> {
    let mut members: FxHashMap<Term, Vec<(u32, f32)>> = FxHashMap::default();
    for (i, v) in vectors.iter().enumerate() {
        for (&t, &w) in v.terms.iter().zip(&v.weights) {
            members.entry(t).or_default().push((i as u32, w));
        }
    }
    members
}

/// Keeps a term's [`LIST_CAP`] strongest articles, in article order.
fn cut(list: &mut Vec<(u32, f32)>) {
    if list.len() > LIST_CAP {
        list.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(LIST_CAP);
        list.sort_unstable_by_key(|&(i, _)| i);
    }
}

/// A worker's score for every article, and which ones it touched: one
/// article's candidates are summed here and the touched ones reset, no
/// map built per article.
struct Scores {
    sums: Vec<f32>,
    touched: Vec<u32>,
}

impl Scores {
    fn new(n: usize) -> Self {
        Scores {
            sums: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, article: u32, score: f32) {
        let sum = &mut self.sums[article as usize];
        if *sum == 0.0 {
            self.touched.push(article);
        }
        *sum += score;
    }

    /// Every touched article with its score, the sums reset (in no
    /// particular order: the ranking sorts them).
    fn drain(&mut self) -> impl Iterator<Item = (usize, f32)> + '_ {
        let sums = &mut self.sums;
        self.touched
            .drain(..)
            .map(move |a| (a as usize, std::mem::take(&mut sums[a as usize])))
    }
}

/// How much a candidate's similarity counts at its distance in time from
/// the article (timestamps in seconds): 1 the same day, ½ at
/// [`RECENCY_HALF_DAYS`].
fn recency(date: i64, other: i64) -> f32 {
    let days = date.abs_diff(other) as f32 / 86_400.0;
    1.0 / (1.0 + days / RECENCY_HALF_DAYS)
}

/// Article `i`'s related articles, best first.
fn nearest(
    site: &Site,
    vectors: &[Vector],
    index: &FxHashMap<Term, Vec<(u32, f32)>>,
    scores: &mut Scores,
    dates: &[i64],
    i: usize,
    wanted: Wanted,
) -> Ids {
    let mut shown = vec![i];
    if wanted.leave_out_linked {
        shown.extend(site.read_also[i].iter().filter_map(|l| match l {
            Link::Resolved { target } => Some(*target),
            Link::Unresolved { .. } => None,
        }));
        shown.extend(&site.backlinks[i]);
    }
    let date = dates[i];
    let v = &vectors[i];
    for (t, &w) in v.terms.iter().zip(&v.weights) {
        for &(other, w_other) in index.get(t).map_or(&[][..], Vec::as_slice) {
            // Weights are positive: a touched sum is never zero.
            scores.add(other, w * w_other);
        }
    }
    let mut ranked: Vec<(usize, f32)> = scores
        .drain()
        .filter(|&(other, score)| {
            score >= MIN_SCORE && !shown.contains(&other) && (wanted.newer || dates[other] <= date)
        })
        .map(|(other, score)| (other, score * recency(date, dates[other])))
        .collect();
    // Best first; equal scores, the newer story (site order) first. Only
    // the first `count` are wanted: they are picked, then sorted.
    let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if ranked.len() > wanted.count {
        ranked.select_nth_unstable_by(wanted.count, order);
        ranked.truncate(wanted.count);
    }
    ranked.sort_unstable_by(order);
    // Not collected in place: the list would keep the candidates' room.
    let mut ids = Vec::with_capacity(ranked.len());
    ids.extend(ranked.iter().map(|&(other, _)| other));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small archive with two stories on Aleppo's rebuilding, two on a
    /// football match and one on the weather, newest first.
    const STORIES: [&str; 5] = [
        "الحكومة السورية تعلن خطة إعادة إعمار حلب\nتاريخ النشر: 2025-11-10\nدمشق- أعلنت الحكومة السورية خطة لإعادة إعمار الأحياء المدمرة في حلب وترميم المدارس والمستشفيات.\n",
        "اعاده اعمار حلب تبدا بترميم المدارس\nتاريخ النشر: 2025-11-09\nحلب- بدأت ورشات إعادة الإعمار في حلب بترميم المدارس والمستشفيات في الأحياء المدمرة.\n",
        "المنتخب المغربي يفوز على نظيره التونسي\nتاريخ النشر: 2025-11-08\nالرباط- فاز المنتخب المغربي لكرة القدم على المنتخب التونسي بهدفين في المباراة الودية.\n",
        "المنتخب التونسي يخسر مباراة ودية أمام المغرب\nتاريخ النشر: 2025-11-07\nتونس- خسر المنتخب التونسي لكرة القدم المباراة الودية أمام المنتخب المغربي بهدفين.\n",
        "موجة حر تضرب الخليج\nتاريخ النشر: 2025-11-06\nالدوحة- تشهد دول الخليج موجة حر شديدة مع درجات حرارة قياسية هذا الأسبوع.\n",
    ];

    fn site_of(texts: &[String]) -> Site {
        crate::resolve::site_from_raw(texts, Default::default())
    }

    fn stories() -> Vec<String> {
        STORIES.iter().map(|s| s.to_string()).collect()
    }

    fn titles(site: &Site, ids: &[usize]) -> Vec<String> {
        ids.iter()
            .map(|&i| site.articles[i].title.clone())
            .collect()
    }

    fn wanted(newer: bool) -> Wanted {
        Wanted {
            count: 4,
            newer,
            leave_out_linked: true,
        }
    }

    #[test]
    fn a_story_is_related_to_the_one_on_the_same_news_in_another_spelling() {
        let site = site_of(&stories());
        let related = related(&site, wanted(false));
        // Newest first: 0 is Aleppo (new), 1 Aleppo (older, spelled
        // without hamza or ة), 2 and 3 football, 4 weather.
        assert_eq!(related[0], [1], "{:?}", titles(&site, &related[0]));
        assert_eq!(related[2], [3], "{:?}", titles(&site, &related[2]));
        assert!(related[4].is_empty(), "nothing is about the weather");
    }

    /// Issue 31, item 9: a 2025 story listed only stories of 2015–2020. A
    /// near twin of five years ago ranks below a story of last month on
    /// the same news, though its words are closer.
    #[test]
    fn a_recent_story_outranks_an_old_twin() {
        let mut texts = stories();
        // The old twin repeats the new story's words; the recent one shares
        // fewer of them.
        texts.push(texts[0].replace("2025-11-10", "2020-11-10"));
        texts.push("حلب تبدأ ترميم الأحياء المدمرة\nتاريخ النشر: 2025-10-20\nحلب- بدأت ورشات ترميم الأحياء المدمرة في حلب.\n".to_string());
        let site = site_of(&texts);
        let related = related(&site, wanted(false));
        let listed = titles(&site, &related[0]);
        let position = |date: &str| {
            related[0]
                .iter()
                .position(|&i| site.articles[i].date.to_rfc3339().starts_with(date))
        };
        let (recent, old) = (position("2025-10-20"), position("2020-11-10"));
        assert!(recent.is_some() && old.is_some(), "{listed:?}");
        assert!(recent < old, "{listed:?}");
    }

    #[test]
    fn an_older_story_never_lists_a_newer_one_unless_asked() {
        let site = site_of(&stories());
        let stable = related(&site, wanted(false));
        assert!(stable[1].is_empty() && stable[3].is_empty());
        let open = related(&site, wanted(true));
        assert_eq!(open[1], [0]);
        assert_eq!(open[3], [2]);
    }

    #[test]
    fn linked_stories_are_left_out_and_the_story_itself_never_listed() {
        let mut texts = stories();
        texts[0].push_str("إقرأ أيضاً:\nاعاده اعمار حلب تبدا بترميم المدارس\n");
        let site = site_of(&texts);
        assert_eq!(site.backlinks[1], [0], "the read-also resolved");
        let shown = related(&site, wanted(true));
        assert!(shown[0].is_empty(), "its read-also is shown already");
        assert!(shown[1].is_empty(), "its backlink is shown already");
        let measured = related(
            &site,
            Wanted {
                leave_out_linked: false,
                ..wanted(true)
            },
        );
        assert_eq!(measured[0], [1]);
        assert!(measured.iter().enumerate().all(|(i, r)| !r.contains(&i)));
    }

    #[test]
    fn the_same_archive_gives_the_same_lists_and_none_when_off() {
        let site = site_of(&stories());
        assert_eq!(related(&site, wanted(true)), related(&site, wanted(true)));
        let off = Wanted {
            count: 0,
            ..wanted(true)
        };
        assert!(related(&site, off).iter().all(Vec::is_empty));
    }

    #[test]
    fn a_kept_pass_gives_the_lists_of_a_full_one() {
        let site = site_of(&stories());
        for newer in [false, true] {
            let (lists, kept) = Kept::new(&site, wanted(newer), &[0; 5], None);
            assert!(kept.is_some());
            assert_eq!(lists, related(&site, wanted(newer)));
        }
        let off = Wanted {
            count: 0,
            ..wanted(true)
        };
        assert!(
            Kept::new(&site, off, &[0; 5], None).1.is_none(),
            "nothing kept when off"
        );
    }

    #[test]
    fn an_edited_story_is_found_again_from_its_new_text_and_others_with_it() {
        let mut texts = stories();
        let site = site_of(&texts);
        let (mut lists, kept) = Kept::new(&site, wanted(true), &[0; 5], None);
        let mut kept = kept.expect("kept");
        assert!(lists[4].is_empty(), "the weather story stands alone");
        // The weather story is rewritten as a third football story.
        texts[4] = "المنتخب المغربي يفوز على المنتخب التونسي مجددا\nتاريخ النشر: 2025-11-06\nالرباط- فاز المنتخب المغربي لكرة القدم على المنتخب التونسي في المباراة الودية الثانية.\n".into();
        let edited = site_of(&texts);
        let mut site = site;
        site.replace_article(4, std::sync::Arc::clone(&edited.articles[4]));
        let changed = kept.update(&site, &[4], &[], &[0; 5], &mut lists);
        assert_eq!(
            titles(&site, &lists[4]).len(),
            2,
            "{:?}",
            titles(&site, &lists[4])
        );
        assert!(lists[4].contains(&2) && lists[4].contains(&3));
        assert!(lists[2].contains(&4) && lists[3].contains(&4), "{lists:?}");
        assert!(changed.contains(&4) && changed.contains(&2) && changed.contains(&3));
        assert!(!changed.contains(&0), "the Aleppo stories are untouched");
        // What a full pass over the edited archive finds.
        assert_eq!(lists, related(&site, wanted(true)));
        // Back to the weather: back to the first lists.
        site.replace_article(4, std::sync::Arc::clone(&site_of(&stories()).articles[4]));
        kept.update(&site, &[4], &[], &[0; 5], &mut lists);
        assert_eq!(lists, related(&site, wanted(true)));
    }

    #[test]
    fn a_story_linked_anew_leaves_its_list_when_its_lists_are_found_again() {
        let site = site_of(&stories());
        let (mut lists, kept) = Kept::new(&site, wanted(true), &[0; 5], None);
        let mut kept = kept.expect("kept");
        assert_eq!(lists[0], [1]);
        // Story 0 now links story 1 by hand: no text changed.
        let mut texts = stories();
        texts[0].push_str("إقرأ أيضاً:\nاعاده اعمار حلب تبدا بترميم المدارس\n");
        let linked = site_of(&texts);
        kept.update(&linked, &[], &[0, 1], &[0; 5], &mut lists);
        assert!(lists[0].is_empty() && lists[1].is_empty(), "{lists:?}");
        assert_eq!(lists, related(&linked, wanted(true)));
    }

    #[test]
    fn a_full_pass_reuses_the_counts_of_unchanged_texts_only() {
        let mut texts = stories();
        let (_, kept) = Kept::new(&site_of(&texts), wanted(true), &[0; 5], None);
        texts[4] = "المنتخب المغربي يفوز على المنتخب التونسي مجددا\nتاريخ النشر: 2025-11-06\nالرباط- فاز المنتخب المغربي لكرة القدم على المنتخب التونسي.\n".into();
        let edited = site_of(&texts);
        // Story 4's fingerprint changed: its counts are made again.
        let (lists, kept) = Kept::new(&edited, wanted(true), &[0, 0, 0, 0, 1], kept);
        assert_eq!(lists, related(&edited, wanted(true)));
        assert!(lists[4].contains(&2), "{lists:?}");
        // Counts kept under a fingerprint that no longer holds are not used.
        let (lists, _) = Kept::new(&site_of(&stories()), wanted(true), &[0, 0, 0, 0, 2], kept);
        assert_eq!(lists, related(&site_of(&stories()), wanted(true)));
    }

    #[test]
    fn ties_go_to_the_newer_story() {
        // Three identical stories: the newest's list has the other two,
        // the newer of them first.
        let text = |day: u32| {
            format!("انقطاع الكهرباء في بيروت\nتاريخ النشر: 2025-11-{day:02}\nبيروت- انقطعت الكهرباء عن أحياء بيروت لساعات طويلة.\n")
        };
        let site = site_of(&[text(3), text(2), text(1)]);
        assert_eq!(related(&site, wanted(false))[0], [1, 2]);
    }
}
