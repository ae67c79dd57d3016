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
    // Fixed runs of articles, each with its own word table: how threads
    // steal work then changes nothing done (the cost guard counts it).
    let n = site.len();
    let counts: Vec<Counts> = (0..n.div_ceil(STEMS_RUN))
        .into_par_iter()
        .flat_map_iter(|run| {
            let mut stems = Stems::default();
            (run * STEMS_RUN..n.min((run + 1) * STEMS_RUN))
                .map(move |i| counts_of(site, i, &mut stems))
        })
        .collect();
    let vectors = vectors(counts);
    let index = inverted_index(&vectors);
    // Side by side, not behind each article's pointer: every candidate's
    // date is looked at.
    let dates: Vec<i64> = site.articles.iter().map(|a| a.date.timestamp()).collect();
    (0..site.len())
        .into_par_iter()
        .map_init(
            || Scores::new(site.len()),
            |scores, i| nearest(site, &vectors, &index, scores, &dates, i, wanted),
        )
        .collect()
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

/// Each article's top terms by BM25 weight, from all articles' counts
/// (each let go as soon as its vector is made).
fn vectors(counts: Vec<Counts>) -> Vec<Vector> {
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
    let idf: FxHashMap<Term, f32> = df
        .into_iter()
        .map(|(t, d)| {
            let d = d as f32;
            (t, ((n - d + 0.5) / (d + 0.5) + 1.0).ln())
        })
        .collect();
    // Whole numbers, summed exactly: a float sum over threads would depend
    // on how the work was split once past 2^24.
    let length = |c: &Counts| c.counts.iter().map(|&k| u32::from(k)).sum::<u32>();
    let total: u64 = counts.par_iter().map(|c| u64::from(length(c))).sum();
    let average = total as f32 / n.max(1.0);
    counts
        .into_par_iter()
        .map(|c| {
            let norm = K1 * (1.0 - B + B * length(&c) as f32 / average.max(1.0));
            let mut weighted: Vec<(Term, f32)> = c
                .terms
                .iter()
                .zip(c.counts.iter())
                .map(|(&t, &k)| {
                    let tf = f32::from(k);
                    (
                        t,
                        idf.get(&t).copied().unwrap_or_default() * tf * (K1 + 1.0) / (tf + norm),
                    )
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
            let length = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            Vector {
                terms: weighted.iter().map(|&(t, _)| t).collect(),
                weights: weighted
                    .iter()
                    .map(|&(_, w)| if length > 0.0 { w / length } else { 0.0 })
                    .collect(),
            }
        })
        .collect()
}

/// Term → the articles with it among their top terms, strongest first, at
/// most [`LIST_CAP`].
fn inverted_index(vectors: &[Vector]) -> FxHashMap<Term, Vec<(u32, f32)>> {
    let mut index: FxHashMap<Term, Vec<(u32, f32)>> = FxHashMap::default();
    for (i, v) in vectors.iter().enumerate() {
        for (&t, &w) in v.terms.iter().zip(&v.weights) {
            index.entry(t).or_default().push((i as u32, w));
        }
    }
    index.par_iter_mut().for_each(|(_, list)| {
        if list.len() > LIST_CAP {
            list.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(LIST_CAP);
            list.sort_unstable_by_key(|&(i, _)| i);
        }
    });
    index
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
