//! The front page's choices, made from the resolved site and "now": the lead
//! story, a block of the latest stories per section, and the breaking-news
//! strip. Plain indices into `Site::articles`; rendering shows them.

use chrono::{DateTime, Duration, FixedOffset};

use crate::content::Article;
use crate::site::{Front, Group};

/// Stories in a section's block on the front page.
pub(crate) const SECTION_BLOCK_STORIES: usize = 4;

/// Picks the front page of `articles` (newest first) at `now`.
pub(crate) fn front(
    articles: &[std::sync::Arc<Article>],
    sections: &[Group],
    per_page: usize,
    breaking_hours: u32,
    now: DateTime<FixedOffset>,
) -> Front {
    let window = Duration::hours(i64::from(breaking_hours));
    let breaking: Vec<usize> = articles
        .iter()
        .enumerate()
        // Newest first: stop at the first story older than the window.
        .take_while(|(_, a)| {
            a.date
                .checked_add_signed(window)
                .is_some_and(|end| end > now)
        })
        .filter(|(_, a)| a.breaking && a.date <= now)
        .map(|(i, _)| i)
        .collect();
    // The lead: the newest featured story, else the newest; a story in the
    // breaking strip just above is not shown twice.
    let candidates = || {
        articles
            .iter()
            .enumerate()
            .take(per_page)
            .filter(|(i, _)| !breaking.contains(i))
    };
    let lead = candidates()
        .find(|(_, a)| a.featured)
        .or_else(|| candidates().next())
        .map(|(i, _)| i)
        .or((!articles.is_empty()).then_some(0));
    let sections = sections
        .iter()
        .enumerate()
        .map(|(s, group)| {
            let stories: Vec<usize> = group
                .articles
                .iter()
                .copied()
                .filter(|&i| Some(i) != lead)
                .take(SECTION_BLOCK_STORIES)
                .collect();
            (s, stories)
        })
        .filter(|(_, stories)| !stories.is_empty())
        .collect();
    Front {
        lead,
        breaking,
        sections,
    }
}

/// When the breaking strip next changes by itself (its oldest story leaves
/// it), so that a build after that moment renders the front page again.
pub(crate) fn strip_expires(
    front: &Front,
    articles: &[std::sync::Arc<Article>],
    breaking_hours: u32,
) -> Option<DateTime<FixedOffset>> {
    let window = Duration::hours(i64::from(breaking_hours));
    front
        .breaking
        .iter()
        .filter_map(|&i| articles[i].date.checked_add_signed(window))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn story(hour: u32, featured: bool, breaking: bool) -> Arc<Article> {
        let date = format!("2025-11-11T{hour:02}:00:00+03:00");
        Arc::new(Article {
            date: DateTime::parse_from_rfc3339(&date).unwrap_or_default(),
            featured,
            breaking,
            ..Article::default()
        })
    }

    fn at(hour: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-11-11T{hour:02}:30:00+03:00"))
            .unwrap_or_default()
    }

    #[test]
    fn the_lead_is_the_newest_featured_story_among_the_latest_page() {
        // Newest first: 20h, 19h (featured), 18h, 17h (featured).
        let articles = vec![
            story(20, false, false),
            story(19, true, false),
            story(18, false, false),
            story(17, true, false),
        ];
        assert_eq!(front(&articles, &[], 10, 6, at(20)).lead, Some(1));
        // A featured story that has fallen off the first page leads no more.
        assert_eq!(front(&articles, &[], 1, 6, at(20)).lead, Some(0));
        let none_featured = vec![story(20, false, false), story(19, false, false)];
        assert_eq!(front(&none_featured, &[], 10, 6, at(20)).lead, Some(0));
        assert_eq!(front(&[], &[], 10, 6, at(20)).lead, None);
    }

    #[test]
    fn breaking_stories_stay_in_the_strip_for_their_hours() {
        let articles = vec![
            story(20, false, true),
            story(15, false, true),
            story(10, false, true),
        ];
        assert_eq!(front(&articles, &[], 10, 6, at(20)).breaking, [0, 1]);
        assert_eq!(front(&articles, &[], 10, 6, at(22)).breaking, [0]);
        assert!(front(&articles, &[], 10, 0, at(20)).breaking.is_empty());
        let f = front(&articles, &[], 10, 6, at(20));
        assert_eq!(
            strip_expires(&f, &articles, 6),
            Some(at(21) - Duration::minutes(30))
        );
    }

    /// Issue 31, item 11: the «عاجل» story was repeated as the lead under
    /// the strip.
    #[test]
    fn a_story_in_the_breaking_strip_is_not_also_the_lead() {
        let articles = vec![story(20, false, true), story(19, false, false)];
        let f = front(&articles, &[], 10, 6, at(20));
        assert_eq!(f.breaking, [0]);
        assert_eq!(f.lead, Some(1));
        // Once it leaves the strip it may lead again.
        assert_eq!(front(&articles, &[], 10, 1, at(23)).lead, Some(0));
    }

    #[test]
    fn section_blocks_skip_the_lead_and_empty_sections() {
        let articles: Vec<Arc<Article>> = (0..7).map(|h| story(20 - h, false, false)).collect();
        let group = |articles: Vec<usize>| Group {
            key: String::new(),
            name: String::new(),
            slug: String::new(),
            articles,
        };
        let sections = [group(vec![0, 2, 3, 4, 5, 6]), group(vec![])];
        let f = front(&articles, &sections, 10, 6, at(20));
        assert_eq!(f.sections, [(0, vec![2, 3, 4, 5])]);
    }
}
