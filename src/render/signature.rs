//! Page signatures: a hash of everything a page shows, computed from the
//! [`Site`] without rendering. `serve` re-renders only pages whose signature
//! changed after an edit.

// FxHash: fast, and the same on every run and Rust version (signatures
// are kept in the build cache between runs).
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::Job;
use crate::site::Site;

/// What a page kind hashes what it shows into.
pub(crate) type Signer = FxHasher;

fn hash_of(value: impl Hash) -> u64 {
    let mut h = Signer::default();
    value.hash(&mut h);
    h.finish()
}

/// Per-article hashes shared by the pages that show an article.
pub(crate) struct ArticleHashes {
    /// What a link to it shows: title, URL, date.
    pub link: Vec<u64>,
    /// What a listing shows: the link plus city, summary and thumbnail.
    pub summary: Vec<u64>,
    /// Everything parsed from its file.
    pub full: Vec<u64>,
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
        let now = site.settings.now();
        let last_day = super::context::LastDay::until(now);
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
                    // The «مباشر» label, until the coverage ends.
                    a.live.as_ref().map(|l| l.is_on(a.date, now)),
                    // The time of day instead of the date, for a day.
                    last_day.has(a),
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
            // Data files may show on any page (`data` in every template).
            chrome: hash_of((
                sections,
                taxonomies,
                &site.default_picture,
                // Writers' photos show on their pages and in structured data.
                &site.authors.list,
                site.settings.data.to_string(),
                // «الأكثر قراءة» names articles by file: their titles too.
                super::context::most_read_of(site, &site.settings.base_path()),
            )),
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
    let mut state = Signer::default();
    let kind = job.kind();
    kind.template().hash(&mut state);
    // Every HTML page's masthead lists the sections and taxonomies.
    h.chrome.hash(&mut state);
    kind.sign(site, h, &mut state);
    state.finish()
}

/// Each month's article count, oldest year first.
pub(in crate::render) fn archive_counts(site: &Site) -> Vec<(i32, u32, usize)> {
    site.years
        .iter()
        .flat_map(|y| y.months.iter().map(|m| (m.year, m.month, m.articles.len())))
        .collect()
}
