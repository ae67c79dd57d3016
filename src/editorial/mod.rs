//! The editorial report: what an editor can act on in the archive, found
//! from the resolved [`Site`] (duplicate titles, orphans, dates that look
//! wrong, empty or very short bodies, tags one letter apart), and the
//! report written as JSON ([`json`]) and as an HTML page ([`html`]). The
//! other kinds are reported by the stages that meet them (read-also by
//! `resolve`, pictures by `images`, scheduled stories by the pipeline).
//! Linear in the archive: every check is a pass or a hash grouping.

use std::collections::HashMap;
use std::path::Path;

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::json;

use crate::arabic::normalize::key;
use crate::config::TaxonomyKind;
use crate::report::{Diagnostic, Kind};
use crate::site::{Link, Site};

pub(crate) mod html;
pub(crate) mod json;

/// Bodies with fewer words than this are reported as very short.
pub(crate) const SHORT_BODY_WORDS: usize = 30;
/// Articles dated before this year are reported: most often a misread date.
pub(crate) const EARLIEST_YEAR: i32 = 1990;
/// Tags whose keys are shorter than this are never near-duplicates: short
/// words one letter apart are different words (مصر، قطر).
const NEAR_TAG_MIN_CHARS: usize = 4;
/// A spelling on more articles than this is meant, however close it is to
/// another: «الصين» and «العين», «السياحة» and «السباحة» are one letter
/// apart and both words. A misspelt tag is a rare one.
const NEAR_TAG_MAX_RARE: usize = 2;

/// The editorial findings about `site`, in a stable order.
pub(crate) fn audit(site: &Site) -> Vec<Diagnostic> {
    let mut found = duplicate_titles(site);
    found.extend(orphans(site));
    found.extend(dates(site));
    found.extend(corrections(site));
    found.extend(bodies(site));
    found.extend(near_duplicate_tags(site));
    found.extend(placeholders(site));
    found
}

/// Articles still holding words `sahifa new` wrote for the editor to
/// replace: a byline «اسم الكاتب» would be published as it is.
fn placeholders(site: &Site) -> Vec<Diagnostic> {
    use crate::content::placeholder::{AUTHOR, CITY, LEAD, SOURCE};
    site.articles
        .iter()
        .filter_map(|a| {
            let left: Vec<&str> = [
                (a.authors.iter().any(|n| n == AUTHOR), AUTHOR),
                (a.city.as_deref() == Some(CITY), CITY),
                (a.source.as_deref() == Some(SOURCE), SOURCE),
                // Where `new` puts it, after the dateline: bodies and the
                // rest of the lead are not searched (every build reads this).
                (a.lead.starts_with(LEAD), LEAD),
            ]
            .into_iter()
            .filter_map(|(left, words)| left.then_some(words))
            .collect();
            let quoted: Vec<String> = left.iter().map(|w| format!("«{w}»")).collect();
            (!left.is_empty()).then(|| {
                Diagnostic::warning(
                    Some(&a.path),
                    None,
                    format!(
                        "{}: left as `sahifa new` wrote {} and published so; write the \
                         story's own words, or remove the line",
                        quoted.join(", "),
                        if left.len() == 1 { "it" } else { "them" }
                    ),
                )
            })
        })
        .collect()
}

/// An article's file as the reports name it: `content/` and its id.
pub(crate) fn file_of(site: &Site, i: usize) -> String {
    site.articles[i].report_file()
}

/// One finding per headline that two or more articles share (up to
/// spelling), at the oldest of them, listing them all.
fn duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    let keys: Vec<String> = site.articles.par_iter().map(|a| key(&a.title)).collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if !k.is_empty() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    let mut twins: Vec<Vec<usize>> = by_key.into_values().filter(|v| v.len() > 1).collect();
    // Oldest first within a group, as slugs are settled (date, then id);
    // groups in the order of their oldest.
    let oldest_first = |a: &usize, b: &usize| {
        let (a, b) = (&site.articles[*a], &site.articles[*b]);
        a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))
    };
    for group in &mut twins {
        group.sort_by(oldest_first);
    }
    twins.sort_by(|a, b| oldest_first(&a[0], &b[0]));
    twins
        .into_iter()
        .map(|group| {
            let first = &site.articles[group[0]];
            let files: Vec<String> = group.iter().map(|&i| file_of(site, i)).collect();
            Diagnostic::note(
                Some(&first.path),
                None,
                format!(
                    "title «{}» is also the title of {}: read-also by this title links the one nearest in date",
                    first.title,
                    files[1..].join(", ")
                ),
            )
            .of(
                Kind::DuplicateTitle,
                json!({ "title": first.title, "files": files }),
            )
        })
        .collect()
}

/// Articles nothing links to by read-also that link to nothing. Only in
/// an archive that uses read-also at all: in one that does not, every
/// article would be one.
fn orphans(site: &Site) -> Vec<Diagnostic> {
    let linked = |i: usize| {
        !site.backlinks[i].is_empty()
            || site.read_also[i]
                .iter()
                .any(|l| matches!(l, Link::Resolved { .. }))
    };
    let uses_read_also = site.read_also.iter().any(|links| !links.is_empty());
    if !uses_read_also {
        return Vec::new();
    }
    (0..site.len())
        .filter(|&i| !linked(i))
        .map(|i| {
            let a = &site.articles[i];
            Diagnostic::note(
                Some(&a.path),
                None,
                "no read-also links to this article and it links to none",
            )
            .of(Kind::Orphan, json!({ "title": a.title }))
        })
        .collect()
}

/// Articles dated after now (in the site with `--future`) or before
/// [`EARLIEST_YEAR`].
fn dates(site: &Site) -> Vec<Diagnostic> {
    let now = site.settings.now();
    let mut found = Vec::new();
    for a in site.articles.iter() {
        let date = a.date.to_rfc3339();
        if a.date > now {
            found.push(
                Diagnostic::note(
                    Some(&a.path),
                    None,
                    if site.settings.mark_scheduled_after.is_some() {
                        format!(
                            "dated {date}, after now: shown marked as scheduled in this \
                             preview; a build leaves it out until then"
                        )
                    } else {
                        format!("dated {date}, after now: built because of `--future`")
                    },
                )
                .of(
                    Kind::Scheduled,
                    json!({ "title": a.title, "date": date, "published": true }),
                ),
            );
        } else if a.date.year() < EARLIEST_YEAR {
            found.push(
                Diagnostic::note(
                    Some(&a.path),
                    None,
                    format!("dated {date}, before {EARLIEST_YEAR}: is the date right?"),
                )
                .of(Kind::EarlyDate, json!({ "title": a.title, "date": date })),
            );
        }
    }
    found
}

/// Stories corrected after publication, with their corrections: the
/// desk's record of what it put right.
fn corrections(site: &Site) -> Vec<Diagnostic> {
    site.articles
        .iter()
        .filter(|a| !a.corrections.is_empty())
        .map(|a| {
            let listed: Vec<_> = a
                .corrections
                .iter()
                .map(|c| json!({ "date": c.date.map(|d| d.to_rfc3339()), "text": c.text }))
                .collect();
            let texts: Vec<String> = a
                .corrections
                .iter()
                .map(|c| format!("«{}»", c.text))
                .collect();
            Diagnostic::note(
                Some(&a.path),
                None,
                format!("corrected after publication: {}", texts.join("; ")),
            )
            .of(
                Kind::Correction,
                json!({ "title": a.title, "corrections": listed }),
            )
        })
        .collect()
}

/// Articles whose body has no words, or fewer than [`SHORT_BODY_WORDS`].
fn bodies(site: &Site) -> Vec<Diagnostic> {
    site.articles
        .iter()
        .filter(|a| a.body.words() < SHORT_BODY_WORDS)
        .map(|a| {
            let words = a.body.words();
            let data = json!({ "title": a.title, "words": words, "minimum": SHORT_BODY_WORDS });
            if words == 0 {
                Diagnostic::warning(Some(&a.path), None, "the article has no body text")
                    .of(Kind::EmptyBody, data)
            } else {
                Diagnostic::note(
                    Some(&a.path),
                    None,
                    format!("the body has {words} words (fewer than {SHORT_BODY_WORDS})"),
                )
                .of(Kind::ShortBody, data)
            }
        })
        .collect()
}

/// Tags whose keys are one letter apart (a letter more, less or changed),
/// the rarer on at most [`NEAR_TAG_MAX_RARE`] articles: found through each
/// key's one-letter deletions, so the pass is linear in the tags' letters
/// rather than over all pairs.
fn near_duplicate_tags(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for taxonomy in site
        .taxonomies
        .iter()
        .filter(|t| t.kind == TaxonomyKind::Tags)
    {
        let terms = &taxonomy.terms;
        let mut by_variant: HashMap<String, Vec<usize>> = HashMap::new();
        for (t, term) in terms.iter().enumerate() {
            let letters: Vec<char> = term.key.chars().collect();
            if letters.len() < NEAR_TAG_MIN_CHARS {
                continue;
            }
            by_variant.entry(term.key.clone()).or_default().push(t);
            for skip in 0..letters.len() {
                let variant: String = letters
                    .iter()
                    .enumerate()
                    .filter(|&(n, _)| n != skip)
                    .map(|(_, c)| c)
                    .collect();
                by_variant.entry(variant).or_default().push(t);
            }
        }
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for list in by_variant.values() {
            for (n, &a) in list.iter().enumerate() {
                for &b in &list[n + 1..] {
                    if a != b && strsim::levenshtein(&terms[a].key, &terms[b].key) == 1 {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (a, b) in pairs {
            let (mut common, mut rare) = (&terms[a], &terms[b]);
            if rare.articles.len() > common.articles.len() {
                std::mem::swap(&mut common, &mut rare);
            }
            if rare.articles.len() > NEAR_TAG_MAX_RARE {
                continue;
            }
            let at = rare.articles.last().copied().unwrap_or(0);
            found.push(
                Diagnostic::note(
                    site.articles.get(at).map(|a| a.path.as_path()),
                    None,
                    format!(
                        "{} «{}» ({}) and «{}» ({}) are one letter apart: one tag misspelt?",
                        taxonomy.name,
                        rare.name,
                        rare.articles.len(),
                        common.name,
                        common.articles.len()
                    ),
                )
                .of(
                    Kind::NearDuplicateTags,
                    json!({
                        "taxonomy": taxonomy.slug,
                        "terms": [rare.name, common.name],
                        "articles": [rare.articles.len(), common.articles.len()],
                    }),
                ),
            );
        }
    }
    found
}

/// A finding's file as the reports show it: relative to the site folder
/// with `/` between folders, or as it is when it lies elsewhere.
pub(crate) fn site_relative(file: &Path, root: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A published article's page, for the reports' links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRef {
    /// An absolute URL when `base_url` is one.
    pub url: String,
    /// The article's headline.
    pub title: String,
}

/// What the JSON and HTML reports say besides the findings.
pub(crate) struct ReportSite<'a> {
    /// The site folder: files are shown relative to it.
    pub root: &'a Path,
    /// Each published article's page, by its file as the reports name it
    /// (`content/a.txt`).
    pub pages: &'a HashMap<String, PageRef>,
}

impl ReportSite<'_> {
    /// The page of the article in `file` (as the reports name it), if it
    /// was published.
    pub(crate) fn page_of(&self, file: &str) -> Option<&str> {
        self.pages.get(file).map(|p| p.url.as_str())
    }

    /// The title of the article in `file`, if it was published.
    pub(crate) fn title_of(&self, file: &str) -> Option<&str> {
        self.pages.get(file).map(|p| p.title.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::site_from_raw;

    fn story(title: &str, tags: &str, read_also: &str) -> String {
        let mut text = format!("{title}\nتاريخ النشر: 2025-11-10\nالقاهرة- نص الخبر.\n");
        if !tags.is_empty() {
            text.push_str(&format!("الوسوم: {tags}\n"));
        }
        if !read_also.is_empty() {
            text.push_str(&format!("إقرأ أيضاً:\n{read_also}\n"));
        }
        text
    }

    fn kinds(found: &[Diagnostic], kind: Kind) -> Vec<String> {
        found
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| {
                d.file
                    .as_deref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn words_left_from_sahifa_new_are_warned_about_and_real_ones_are_not() {
        use crate::content::placeholder::{AUTHOR, CITY, LEAD, SOURCE};
        let left = format!(
            "خبر أول\nتاريخ النشر: 2025-11-10\nكتب: {AUTHOR}\n{CITY}- {LEAD}\nالمصدر: {SOURCE}\n"
        );
        let written = "خبر ثان\nتاريخ النشر: 2025-11-10\nكتب: منى الخطيب\n\
                       القاهرة- نص الخبر.\nالمصدر: وكالات\n";
        let site = site_from_raw(&[left.as_str(), written], Default::default());
        let found: Vec<Diagnostic> = placeholders(&site);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("0.txt")));
        for words in [AUTHOR, CITY, SOURCE, LEAD] {
            assert!(found[0].message.contains(words), "{}", found[0].message);
        }
    }

    /// Issue 32, item 13: `serve` shows scheduled stories marked; its note
    /// named a `--future` flag `serve` does not have.
    #[test]
    fn a_scheduled_story_is_noted_as_the_command_shows_it() {
        let mut site = site_from_raw(&[story("خبر قادم", "", "")], Default::default());
        let past = chrono::DateTime::parse_from_rfc3339("2025-11-01T00:00:00+00:00")
            .unwrap_or_else(|e| panic!("{e}"));
        site.settings.now = Some(past);
        let built = dates(&site);
        assert!(built[0].message.contains("built because of `--future`"));
        site.settings.mark_scheduled_after = Some(past);
        let previewed = dates(&site);
        assert!(previewed[0]
            .message
            .contains("shown marked as scheduled in this preview"));
        assert!(!previewed[0].message.contains("--future"));
    }

    #[test]
    fn orphans_only_in_an_archive_that_uses_read_also() {
        let unlinked = [story("خبر أول", "", ""), story("خبر ثان", "", "")];
        let site = site_from_raw(&unlinked, Default::default());
        assert!(kinds(&audit(&site), Kind::Orphan).is_empty());
        let linked = [
            story("خبر أول", "", "خبر ثان"),
            story("خبر ثان", "", ""),
            story("خبر ثالث", "", ""),
        ];
        let site = site_from_raw(&linked, Default::default());
        assert_eq!(kinds(&audit(&site), Kind::Orphan), ["2.txt"]);
    }

    #[test]
    fn tags_one_letter_apart_but_not_short_words_or_farther_ones() {
        let texts = [
            story("خبر أول", "الانتخابات، مصر", ""),
            story("خبر ثان", "الانتحابات، قطر", ""),
            story("خبر ثالث", "الانتخابات الرئاسية، الاقتصاد", ""),
            story("خبر رابع", "الإقتصاد، الانتخابات", ""),
            // Both in use: two words, not a typo.
            story("خبر خامس", "الصين", ""),
            story("خبر سادس", "الصين", ""),
            story("خبر سابع", "الصين، العين", ""),
            story("خبر ثامن", "العين", ""),
            story("خبر تاسع", "العين", ""),
        ];
        let site = site_from_raw(&texts, Default::default());
        let found: Vec<Diagnostic> = audit(&site)
            .into_iter()
            .filter(|d| d.kind == Kind::NearDuplicateTags)
            .collect();
        // مصر/قطر are short; الاقتصاد/الإقتصاد are one tag (same key);
        // «الانتخابات الرئاسية» is a word more, not a letter; الصين/العين
        // are each on three articles.
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].data()["terms"], json!(["الانتحابات", "الانتخابات"]));
        assert_eq!(
            found[0].data()["articles"],
            json!([1, 2]),
            "the rarer first"
        );
    }

    #[test]
    fn duplicate_titles_are_one_finding_at_the_oldest() {
        let texts = [
            story("مجلس الوزراء يقر الموازنة", "", ""),
            story("مجلس الوزراء يُقرّ الموازنة", "", ""),
            story("خبر آخر", "", ""),
        ];
        let site = site_from_raw(&texts, Default::default());
        let found = audit(&site);
        let twins: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.kind == Kind::DuplicateTitle)
            .collect();
        assert_eq!(twins.len(), 1);
        assert_eq!(
            twins[0].data()["files"],
            json!(["content/0.txt", "content/1.txt"])
        );
    }
}
