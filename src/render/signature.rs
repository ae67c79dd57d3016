//! Page signatures: a hash of everything a page shows, computed from the
//! [`Site`] without rendering. `serve` re-renders only pages whose signature
//! changed after an edit.

// FxHash: fast, and the same on every run and Rust version (signatures
// are kept in the build cache between runs).
use rustc_hash::FxHasher as DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{Job, ListingKind};
use crate::site::{Link, Site};

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Per-article hashes shared by the pages that show an article.
struct ArticleHashes {
    /// What a link to it shows: title, URL, date.
    link: Vec<u64>,
    /// What a listing shows: the link plus city, summary and thumbnail.
    summary: Vec<u64>,
    /// Everything parsed from its file.
    full: Vec<u64>,
    /// What every page's head and masthead show: the sections, the
    /// taxonomies and the `default_image` share preview.
    chrome: u64,
}

impl ArticleHashes {
    fn new(site: &Site, fingerprints: &[u64]) -> Self {
        let full = fingerprints.to_vec();
        let link: Vec<u64> = (0..site.len())
            .into_par_iter()
            .map(|i| {
                hash_of((
                    &site.articles[i].title,
                    &site.paths[i],
                    site.articles[i].date,
                ))
            })
            .collect();
        let summary = (0..site.len())
            .into_par_iter()
            .map(|i| {
                let a = &site.articles[i];
                hash_of((
                    link[i],
                    &a.city,
                    &a.lead,
                    &a.description,
                    site.days[i],
                    &a.picture,
                ))
            })
            .collect();
        let sections: Vec<(&String, &String)> =
            site.sections.iter().map(|s| (&s.name, &s.slug)).collect();
        let taxonomies: Vec<(&String, &String)> =
            site.taxonomies.iter().map(|t| (&t.name, &t.slug)).collect();
        ArticleHashes {
            link,
            summary,
            full,
            chrome: hash_of((sections, taxonomies, &site.default_picture)),
        }
    }
}

/// Each article's [`crate::content::Article::fingerprint`], in site order.
pub(crate) fn fingerprints(site: &Site) -> Vec<u64> {
    site.articles.par_iter().map(|a| a.fingerprint()).collect()
}

/// The signature of each job, in order. `fingerprints` come from
/// [`fingerprints`] (callers that keep them between rebuilds pass their copy).
pub(crate) fn signatures(site: &Site, jobs: &[Job], fingerprints: &[u64]) -> Vec<u64> {
    crate::search::prepare(site);
    let hashes = ArticleHashes::new(site, fingerprints);
    jobs.par_iter()
        .map(|job| signature(site, &hashes, job))
        .collect()
}

fn signature(site: &Site, h: &ArticleHashes, job: &Job) -> u64 {
    let mut state = DefaultHasher::default();
    job.template().hash(&mut state);
    // Every HTML page's masthead lists the sections and taxonomies.
    h.chrome.hash(&mut state);
    match job {
        Job::Article(i) => {
            let i = *i;
            (h.full[i], &site.paths[i], site.days[i]).hash(&mut state);
            // `serve` marks a story dated after now as scheduled.
            let scheduled = site.settings.mark_scheduled_after;
            scheduled
                .is_some_and(|now| site.articles[i].date > now)
                .hash(&mut state);
            // Its section and terms as the site names them (a term's name
            // is its commonest spelling across the site).
            site.section_of[i]
                .map(|s| (&site.sections[s].name, &site.sections[s].slug))
                .hash(&mut state);
            for &(t, k) in &site.terms_of[i] {
                let term = &site.taxonomies[t].terms[k];
                (t, &term.name, &term.slug).hash(&mut state);
            }
            for link in &site.read_also[i] {
                match link {
                    Link::Resolved { target, .. } => h.link[*target].hash(&mut state),
                    Link::Unresolved { reference, .. } => reference.hash(&mut state),
                }
            }
            for &b in &site.backlinks[i] {
                h.link[b].hash(&mut state);
            }
            // Apart from the backlinks: a story moving from one list to
            // the other changes the page.
            site.related[i].len().hash(&mut state);
            for &r in &site.related[i] {
                h.link[r].hash(&mut state);
            }
            let (older, newer) = site.neighbours(i);
            (older.map(|n| h.link[n]), newer.map(|n| h.link[n])).hash(&mut state);
        }
        Job::Listing { kind, page, .. } => {
            let per_page = site.settings.toml.per_page;
            let first = (page - 1) * per_page;
            let (count, children) = match listing_ids(site, kind) {
                Some((ids, children)) => {
                    for &i in ids.iter().skip(first).take(per_page) {
                        h.summary[i].hash(&mut state);
                    }
                    (ids.len(), children)
                }
                // The home listing is every article, newest first.
                None => {
                    for i in first..(first + per_page).min(site.len()) {
                        h.summary[i].hash(&mut state);
                    }
                    (site.len(), Vec::new())
                }
            };
            (page, count.div_ceil(per_page), children).hash(&mut state);
            if *kind == ListingKind::Home && *page == 1 {
                front_signature(site, h, &mut state);
            }
        }
        Job::ArchiveIndex => archive_counts(site).hash(&mut state),
        Job::TaxonomyIndex(t) => {
            for term in &site.taxonomies[*t].terms {
                (&term.name, &term.slug, term.articles.len()).hash(&mut state);
            }
        }
        Job::NotFound => {}
        Job::Feed { format, scope } => {
            (format, scope).hash(&mut state);
            for i in crate::render::publish::feed_ids(site, scope) {
                (h.summary[i], h.full[i]).hash(&mut state);
            }
        }
        Job::Sitemap | Job::SitemapPart(_) => {
            (h.link.as_slice(), archive_counts(site)).hash(&mut state);
            for a in &site.articles {
                a.updated.hash(&mut state);
            }
        }
        Job::NewsSitemap => {
            for i in crate::render::publish::news_ids(site) {
                h.link[i].hash(&mut state);
            }
        }
        Job::Robots | Job::SearchPage => {}
        // The part's own bytes: an edit rewrites only the parts it changes.
        Job::SearchIndex(n) => {
            crate::search::files_of(site)
                .get(*n)
                .map(|(_, bytes)| bytes)
                .hash(&mut state);
        }
    }
    state.finish()
}

/// What the front page shows above its list: the lead story, the breaking
/// strip and each section's block.
fn front_signature(site: &Site, h: &ArticleHashes, state: &mut DefaultHasher) {
    let front = &site.front;
    front.lead.map(|i| h.summary[i]).hash(state);
    for &i in &front.breaking {
        h.summary[i].hash(state);
    }
    for (s, stories) in &front.sections {
        (&site.sections[*s].name, &site.sections[*s].slug).hash(state);
        for &i in stories {
            h.summary[i].hash(state);
        }
    }
}

/// The articles of an archive listing and the article counts of its
/// children; `None` for the home listing (all articles).
fn listing_ids<'a>(site: &'a Site, kind: &ListingKind) -> Option<(&'a [usize], Vec<usize>)> {
    Some(match *kind {
        ListingKind::Home => return None,
        ListingKind::Year(y) => {
            let year = &site.years[y];
            let counts = year.months.iter().map(|m| m.articles.len()).collect();
            (&year.articles[..], counts)
        }
        ListingKind::Month(y, m) => {
            let month = &site.years[y].months[m];
            let counts = month.days.iter().map(|d| d.articles.len()).collect();
            (&month.articles[..], counts)
        }
        ListingKind::Day(y, m, d) => (&site.years[y].months[m].days[d].articles[..], Vec::new()),
        ListingKind::Section(s) => (&site.sections[s].articles[..], Vec::new()),
        ListingKind::Term(t, k) => (&site.taxonomies[t].terms[k].articles[..], Vec::new()),
    })
}

fn archive_counts(site: &Site) -> Vec<(i32, u32, usize)> {
    site.years
        .iter()
        .flat_map(|y| y.months.iter().map(|m| (m.year, m.month, m.articles.len())))
        .collect()
}
