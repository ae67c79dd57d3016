//! Output paths and URLs: the permalink pattern, listing paths, collision
//! handling and percent-encoding. Every path is made of slug-safe segments, so
//! none can leave the output folder.

use rustc_hash::FxHashSet as HashSet;

use chrono::{Datelike, NaiveDate};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rayon::prelude::*;

use crate::arabic::slug::{slug_of_key, slugify};
use crate::content::Article;

/// Characters kept as they are in a URL path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The segment listing pages use for pagination: `2025/page/2/`.
pub const PAGE_SEGMENT: &str = "page";
/// The folder of the archive index.
pub const ARCHIVE_INDEX: &str = "archive";

/// A listing's folder for page `n` (1-based) of a listing at `base`.
pub fn paginated(base: &str, n: usize) -> String {
    match (base.is_empty(), n) {
        (_, 1) => base.to_string(),
        (true, _) => format!("{PAGE_SEGMENT}/{n}"),
        (false, _) => format!("{base}/{PAGE_SEGMENT}/{n}"),
    }
}

pub fn year_path(year: i32) -> String {
    format!("{year:04}")
}

pub fn month_path(year: i32, month: u32) -> String {
    format!("{year:04}/{month:02}")
}

pub fn day_path(date: NaiveDate) -> String {
    format!("{:04}/{:02}/{:02}", date.year(), date.month(), date.day())
}

/// The URL of a folder path under the site's base path, percent-encoded, with
/// a trailing slash: `/news/2025/11/%D8%AF.../`.
pub fn folder_url(base_path: &str, path: &str) -> String {
    let mut url = base_path.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        url.extend(utf8_percent_encode(segment, SEGMENT));
        url.push('/');
    }
    url
}

/// Assigns every article its output folder. `order` lists article indices
/// oldest first, so older articles keep the plain slug when two collide and
/// the result does not depend on file-system order. `reserved` holds the
/// listing folders, which articles may not take.
/// `keys` are the articles' title keys (see [`crate::arabic::normalize::key`]).
pub fn assign_paths(
    articles: &[std::sync::Arc<Article>],
    keys: &[String],
    days: &[NaiveDate],
    pattern: &str,
    sections: &[&str],
    order: &[usize],
    reserved: &HashSet<String>,
) -> Vec<String> {
    // Slugs and first-choice paths in parallel; collisions settled in order.
    let slugs: Vec<(String, String)> = articles
        .par_iter()
        .zip(keys)
        .map(|(a, title_key)| {
            let id_slug = slugify(stem(&a.id)).unwrap_or_else(|| "article".into());
            (base_slug(a, title_key), id_slug)
        })
        .collect();
    // `{section}` first: the rest of the pattern is the same for every article.
    let pattern_of =
        |i: usize| pattern.replace("{section}", sections.get(i).copied().unwrap_or(""));
    let mut first: Vec<String> = slugs
        .par_iter()
        .zip(days)
        .enumerate()
        .map(|(i, ((slug, id_slug), day))| expand(&pattern_of(i), *day, slug, id_slug))
        .collect();
    let mut paths = vec![String::new(); articles.len()];
    let mut taken: HashSet<String> = reserved.clone();
    let usable = |path: &str| !path.is_empty() && path.rsplit('/').next() != Some(PAGE_SEGMENT);
    for &i in order {
        let candidate = std::mem::take(&mut first[i]);
        if usable(&candidate) && !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            paths[i] = candidate;
            continue;
        }
        let (slug, id_slug) = &slugs[i];
        for n in 2.. {
            let path = expand(
                &pattern_of(i),
                days[i],
                &format!("{slug}-{n}"),
                &format!("{id_slug}-{n}"),
            );
            if usable(&path) && taken.insert(path.clone()) {
                paths[i] = path;
                break;
            }
        }
    }
    paths
}

/// The slug from the article's own `slug`, its title, or its file name.
fn base_slug(article: &Article, title_key: &str) -> String {
    article
        .slug
        .clone()
        .or_else(|| slug_of_key(title_key))
        .or_else(|| slugify(stem(&article.id)))
        .unwrap_or_else(|| "article".into())
}

fn stem(id: &str) -> &str {
    let name = id.rsplit('/').next().unwrap_or(id);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Fills the pattern's placeholders; segments that are empty, `.` or `..`
/// are dropped whatever the pattern says.
fn expand(pattern: &str, day: NaiveDate, slug: &str, id: &str) -> String {
    let filled = pattern
        .replace("{year}", &format!("{:04}", day.year()))
        .replace("{month}", &format!("{:02}", day.month()))
        .replace("{day}", &format!("{:02}", day.day()))
        .replace("{slug}", slug)
        .replace("{id}", id);
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
    fn urls_are_percent_encoded_per_segment() {
        assert_eq!(
            folder_url("/", "2025/11/دمشق"),
            "/2025/11/%D8%AF%D9%85%D8%B4%D9%82/"
        );
        assert_eq!(folder_url("/news/", ""), "/news/");
        assert_eq!(folder_url("/", "a b/c?d"), "/a%20b/c%3Fd/");
    }

    #[test]
    fn pagination_paths() {
        assert_eq!(paginated("", 1), "");
        assert_eq!(paginated("", 2), "page/2");
        assert_eq!(paginated("2025/11", 3), "2025/11/page/3");
    }

    #[test]
    fn pattern_cannot_escape() {
        let day = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap_or_default();
        assert_eq!(
            expand("/{year}/{month}/{day}/{slug}/", day, "س", "x"),
            "2025/11/11/س"
        );
        assert_eq!(expand("/../../{slug}/./", day, "s", "x"), "s");
        assert_eq!(expand("/news/{id}", day, "s", "000_a"), "news/000_a");
    }
}
