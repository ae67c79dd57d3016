//! Sections and taxonomies: the groups of articles a reader browses besides
//! the date archives. Each article has at most one section (its folder or
//! its `section`), and any number of terms in each taxonomy (tags, authors,
//! its source, its dateline city). Terms written in several spellings
//! (الأمم المتحدة / الامم المتحده) are one term, grouped by the matching key
//! and shown in their most frequent spelling.

use std::collections::HashMap;
use std::sync::Arc;

use crate::arabic::normalize::{key, term_key};
use crate::arabic::slug::{clean_user_slug, SlugStyle};
use crate::config::{SectionConfig, TaxonomyConfig, TaxonomyKind};
use crate::content::Article;
use crate::report::Diagnostic;
use crate::site::{Group, Taxonomy};

/// The sections of `articles` (newest first), configured ones in masthead
/// order, then the others by key; and each article's section. A section
/// not in `site.toml` is named after itself and reported once.
pub(crate) fn sections(
    articles: &[Arc<Article>],
    configured: &[SectionConfig],
    reserved: &[&str],
    style: SlugStyle,
) -> (Vec<Group>, Vec<Option<usize>>, Vec<Diagnostic>) {
    let mut groups: Vec<Group> = configured
        .iter()
        .map(|s| Group {
            key: s.key.clone(),
            name: s.name.clone(),
            slug: s.slug.clone().unwrap_or_else(|| s.key.clone()),
            articles: Vec::new(),
        })
        .collect();
    let mut index: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(n, g)| (g.key.clone(), n))
        .collect();
    // An editor may name a section as readers see it (`القسم: سياسة`):
    // its name, spelled any way, finds it too.
    let by_name: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(n, g)| (key(&g.name), n))
        .collect();
    let mut notes = Vec::new();
    let mut unknown: Vec<(String, usize)> = Vec::new();
    let mut named: HashMap<usize, usize> = HashMap::new();
    for (i, article) in articles.iter().enumerate() {
        let Some(section) = &article.section else {
            continue;
        };
        if index.contains_key(section) {
            continue;
        }
        if let Some(&n) = by_name.get(&key(section)) {
            named.insert(i, n);
            continue;
        }
        if !index.contains_key(section) {
            unknown.push((section.clone(), i));
            index.insert(section.clone(), usize::MAX);
        }
    }
    // Sections not configured, by key, each reported once.
    unknown.sort();
    for (section, first) in unknown {
        notes.push(
            Diagnostic::warning(
                Some(&articles[first].path),
                None,
                format!(
                    "section «{section}» is not in site.toml's [[sections]]: it is named after \
                     itself; to give it a name, add to site.toml:\n\
                     [[sections]]\nkey = \"{section}\"\nname = \"…\""
                ),
            )
            .of(
                crate::report::Kind::UnknownSection,
                serde_json::json!({ "section": section }),
            ),
        );
        index.insert(section.clone(), groups.len());
        groups.push(Group {
            key: section.clone(),
            name: section.clone(),
            slug: section,
            articles: Vec::new(),
        });
    }
    for group in &mut groups {
        group.slug = clean_user_slug(&group.slug, style).unwrap_or_else(|| "section".into());
        // A number is a year's archive (a folder `content/2025/`).
        if group.slug.bytes().all(|b| b.is_ascii_digit()) {
            group.slug = format!("section-{}", group.slug);
        }
    }
    settle_slugs(&mut groups, reserved);
    let of: Vec<Option<usize>> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let by_key = a.section.as_ref().and_then(|s| index.get(s).copied());
            by_key.or_else(|| named.get(&i).copied())
        })
        .collect();
    for (i, section) in of.iter().enumerate() {
        if let Some(&s) = section.as_ref() {
            groups[s].articles.push(i);
        }
    }
    (groups, of, notes)
}

/// The taxonomies `configured`, their terms grouped by key; and each
/// article's terms as (taxonomy, term) pairs.
pub(crate) fn taxonomies(
    articles: &[Arc<Article>],
    configured: &[TaxonomyConfig],
    style: SlugStyle,
) -> (Vec<Taxonomy>, Vec<Vec<(usize, usize)>>) {
    let mut terms_of = vec![Vec::new(); articles.len()];
    let taxonomies = configured
        .iter()
        .enumerate()
        .map(|(t, config)| {
            let terms = terms(articles, config.key, t, &mut terms_of, style);
            Taxonomy {
                kind: config.key,
                name: config.name.clone(),
                slug: config.slug.clone(),
                terms,
            }
        })
        .collect();
    (taxonomies, terms_of)
}

/// An article's names in one taxonomy.
fn names(article: &Article, kind: TaxonomyKind) -> Vec<&str> {
    match kind {
        TaxonomyKind::Tags => article.tags.iter().map(String::as_str).collect(),
        TaxonomyKind::Authors => article.authors.iter().map(String::as_str).collect(),
        TaxonomyKind::Sources => article.source.as_deref().into_iter().collect(),
        TaxonomyKind::Cities => article.city.as_deref().into_iter().collect(),
    }
}

/// The terms of one taxonomy: grouped by key, named by their most frequent
/// spelling, most articles first. Records each article's terms in
/// `terms_of` under taxonomy `t`.
fn terms(
    articles: &[Arc<Article>],
    kind: TaxonomyKind,
    t: usize,
    terms_of: &mut [Vec<(usize, usize)>],
    style: SlugStyle,
) -> Vec<Group> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut spellings: Vec<HashMap<&str, usize>> = Vec::new();
    // Each article's terms in the order it names them (the newsroom's:
    // the lead writer first), by group before the groups are sorted.
    let mut named: Vec<(usize, usize)> = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for name in names(article, kind) {
            let term_key = term_key(name);
            if term_key.is_empty() {
                continue;
            }
            let n = *by_key.entry(term_key.clone()).or_insert_with(|| {
                groups.push(Group {
                    key: term_key,
                    ..Group::default()
                });
                spellings.push(HashMap::new());
                groups.len() - 1
            });
            // One article names a term once, whatever its spellings.
            if groups[n].articles.last() != Some(&i) {
                groups[n].articles.push(i);
                named.push((i, n));
            }
            *spellings[n].entry(name).or_default() += 1;
        }
    }
    for (group, spelling) in groups.iter_mut().zip(&spellings) {
        group.name = spelling
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(name, _)| name.to_string())
            .unwrap_or_default();
        group.slug = style
            .slug(&spelled_marks(&group.name))
            .unwrap_or_else(|| "term".into());
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&groups[a], &groups[b]);
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut sorted_at = vec![0; groups.len()];
    for (at, &n) in order.iter().enumerate() {
        sorted_at[n] = at;
    }
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    let mut groups: Vec<Group> = order.iter().filter_map(|&n| slots[n].take()).collect();
    settle_slugs(&mut groups, &[]);
    for (i, n) in named {
        terms_of[i].push((t, sorted_at[n]));
    }
    groups
}

/// A name with its ending `+` and `#` spelled out for its slug: `C++` →
/// `C-plus-plus`, `C#` → `C-sharp`.
fn spelled_marks(name: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = name.trim();
    let stem = trimmed.trim_end_matches(['+', '#']);
    if stem.len() == trimmed.len() {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut spelled = stem.to_string();
    for mark in trimmed[stem.len()..].chars() {
        spelled.push_str(if mark == '+' { "-plus" } else { "-sharp" });
    }
    std::borrow::Cow::Owned(spelled)
}

/// Makes the groups' slugs distinct from each other and from `reserved`,
/// in order: a later one that collides gets `-2`, `-3` ….
fn settle_slugs(groups: &mut [Group], reserved: &[&str]) {
    let mut taken: std::collections::HashSet<String> =
        reserved.iter().map(|s| s.to_string()).collect();
    for group in groups {
        let mut slug = group.slug.clone();
        let mut n = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{}-{n}", group.slug);
            n += 1;
        }
        group.slug = slug;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(
        id: &str,
        section: Option<&str>,
        tags: &[&str],
        source: Option<&str>,
    ) -> Arc<Article> {
        let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        Arc::new(Article {
            id: id.into(),
            path: format!("content/{id}").into(),
            title: id.into(),
            date: chrono::TimeZone::with_ymd_and_hms(&utc, 2025, 11, 11, 0, 0, 0)
                .single()
                .unwrap_or_else(|| unreachable!()),
            source: source.map(str::to_string),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            section: section.map(str::to_string),
            ..Article::default()
        })
    }

    #[test]
    fn spelling_variants_are_one_term_named_by_the_commonest() {
        let articles = [
            article("a", None, &["الأمم المتحدة", "نفط"], Some("شبكة الأمة برس")),
            article("b", None, &["الامم المتحده"], Some("شبكة الامة برس")),
            article(
                "c",
                None,
                &["الأمم المتحدة", "الأمم المتحدة"],
                Some("شبكة الأمة برس"),
            ),
        ];
        let configured = crate::config::Config::default().taxonomies;
        let (taxonomies, terms_of) = taxonomies(&articles, &configured, SlugStyle::Headline);
        let tags = &taxonomies[0].terms;
        assert_eq!(tags[0].name, "الأمم المتحدة");
        assert_eq!(tags[0].articles, [0, 1, 2], "one article counts once");
        assert_eq!(tags[1].name, "نفط");
        let sources = &taxonomies[2].terms;
        assert_eq!(sources.len(), 1);
        assert_eq!(sources[0].name, "شبكة الأمة برس");
        assert_eq!(terms_of[0], [(0, 0), (0, 1), (2, 0)]);
        assert!(taxonomies[1].terms.is_empty(), "no authors");
    }

    #[test]
    fn unknown_sections_are_named_after_themselves_and_reported_once() {
        let articles = [
            article("politics/a", Some("politics"), &[], None),
            article("sprots/b", Some("sprots"), &[], None),
            article("sprots/c", Some("sprots"), &[], None),
            article("d", None, &[], None),
        ];
        let configured = [SectionConfig {
            key: "politics".into(),
            name: "سياسة".into(),
            slug: None,
            template: None,
            kind: None,
        }];
        let (groups, of, notes) = sections(&articles, &configured, &["tags"], SlugStyle::Headline);
        assert_eq!(groups.len(), 2);
        assert_eq!(
            (groups[0].name.as_str(), groups[0].slug.as_str()),
            ("سياسة", "politics")
        );
        assert_eq!(groups[1].name, "sprots");
        assert_eq!(groups[1].articles, [1, 2]);
        assert_eq!(of, [Some(0), Some(1), Some(1), None]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].message.contains("«sprots»"));
        // A section may not take a taxonomy's URL.
        let clash = [SectionConfig {
            key: "tags".into(),
            name: "وسوم".into(),
            slug: None,
            template: None,
            kind: None,
        }];
        let (groups, _, _) = sections(&articles[..1], &clash, &["tags"], SlugStyle::Headline);
        assert_eq!(groups[0].slug, "tags-2");
    }

    #[test]
    fn a_section_named_as_readers_see_it_is_found_by_its_name() {
        let articles = [
            article("a", Some("سياسه"), &[], None),
            article("b", Some("politics"), &[], None),
        ];
        let configured = [SectionConfig {
            key: "politics".into(),
            name: "سياسة".into(),
            slug: None,
            template: None,
            kind: None,
        }];
        let (groups, of, notes) = sections(&articles, &configured, &[], SlugStyle::Headline);
        assert_eq!(of, [Some(0), Some(0)]);
        assert_eq!(groups.len(), 1);
        assert!(notes.is_empty(), "{notes:?}");
    }

    /// Issue 32, item 13: «C++», «C#» and «C» were one term; a tag of
    /// punctuation or emoji alone vanished.
    #[test]
    fn marks_ending_a_name_make_a_term_of_its_own() {
        let articles = [
            article("a", None, &["C++"], None),
            article("b", None, &["C#"], None),
            article("c", None, &["C"], None),
            article("d", None, &["🔥"], None),
            article("e", None, &["c++"], None),
        ];
        let config = [TaxonomyConfig {
            key: TaxonomyKind::Tags,
            name: "الوسوم".into(),
            slug: "tags".into(),
        }];
        let (taxonomies, _) = taxonomies(&articles, &config, SlugStyle::Headline);
        let mut terms: Vec<(String, String, usize)> = taxonomies[0]
            .terms
            .iter()
            .map(|t| (t.name.clone(), t.slug.clone(), t.articles.len()))
            .collect();
        terms.sort();
        assert_eq!(terms.len(), 4, "{terms:?}");
        assert!(
            terms
                .iter()
                .any(|(_, slug, n)| slug == "c-plus-plus" && *n == 2),
            "{terms:?}"
        );
        assert!(
            terms.iter().any(|(_, slug, _)| slug == "c-sharp"),
            "{terms:?}"
        );
        assert!(
            terms
                .iter()
                .any(|(name, slug, _)| name == "C" && slug == "c"),
            "{terms:?}"
        );
        assert!(terms.iter().any(|(name, _, _)| name == "🔥"), "{terms:?}");
    }
}
