//! The front page's choices, made from the resolved site and "now": the lead
//! story, a second tier of stories with pictures, a block of the latest
//! stories per section, the breaking-news strip and the topics of the day.
//! Plain indices into `Site::articles`; rendering shows them.

use chrono::{DateTime, Duration, FixedOffset};

use crate::content::Article;
use crate::site::{Front, Group};

/// Stories in a section's block on the front page.
pub(crate) const SECTION_BLOCK_STORIES: usize = 4;
/// Stories in the tier under the lead.
pub(crate) const SECOND_TIER_STORIES: usize = 3;
/// Topics beside the latest stories.
pub(crate) const TOPICS: usize = 8;

/// The tags of the latest stories, to pick the topics of the day.
pub(crate) struct Tags<'a> {
    /// Each article's terms (taxonomy, term), as `Site::terms_of`.
    pub terms_of: &'a [Vec<(usize, usize)>],
    /// The tags taxonomy's index, when the site has one.
    pub taxonomy: Option<usize>,
}

/// Picks the front page of `articles` (newest first) at `now`.
pub(crate) fn front(
    articles: &[std::sync::Arc<Article>],
    sections: &[Group],
    tags: &Tags,
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
    // Under the lead, the next stories with a picture among the latest two
    // pages; without three of them the newest others fill the tier, and a
    // site of text alone has none.
    let rest = || {
        articles
            .iter()
            .enumerate()
            .take(2 * per_page)
            .filter(|(i, _)| Some(*i) != lead && !breaking.contains(i))
    };
    let pictured = rest().filter(|(_, a)| a.picture.is_some()).map(|(i, _)| i);
    let mut second: Vec<usize> = pictured.take(SECOND_TIER_STORIES).collect();
    if !second.is_empty() {
        let others = rest().map(|(i, _)| i).filter(|i| !second.contains(i));
        let missing = SECOND_TIER_STORIES - second.len();
        second.extend(others.take(missing).collect::<Vec<_>>());
        second.sort_unstable();
    }
    let shown_above = |i: usize| Some(i) == lead || second.contains(&i);
    let sections = sections
        .iter()
        .enumerate()
        .map(|(s, group)| {
            let stories: Vec<usize> = group
                .articles
                .iter()
                .copied()
                .filter(|&i| !shown_above(i))
                .take(SECTION_BLOCK_STORIES)
                .collect();
            (s, stories)
        })
        .filter(|(_, stories)| !stories.is_empty())
        .collect();
    Front {
        lead,
        breaking,
        second,
        sections,
        topics: topics(tags, articles.len().min(2 * per_page)),
    }
}

/// The tags most used by the latest `window` stories (two at least each),
/// most used first, then the most recently used.
fn topics(tags: &Tags, window: usize) -> Vec<usize> {
    let Some(taxonomy) = tags.taxonomy else {
        return Vec::new();
    };
    // term → (uses, first seen: the newest story using it).
    let mut uses: Vec<(usize, usize, usize)> = Vec::new();
    for (i, terms) in tags.terms_of.iter().take(window).enumerate() {
        for &(_, term) in terms.iter().filter(|(t, _)| *t == taxonomy) {
            match uses.iter_mut().find(|(k, _, _)| *k == term) {
                Some((_, count, _)) => *count += 1,
                None => uses.push((term, 1, i)),
            }
        }
    }
    uses.retain(|&(_, count, _)| count >= 2);
    uses.sort_by_key(|&(_, count, first)| (std::cmp::Reverse(count), first));
    uses.into_iter()
        .take(TOPICS)
        .map(|(term, _, _)| term)
        .collect()
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

    /// The front page of a site without tags.
    fn pick(
        articles: &[Arc<Article>],
        sections: &[Group],
        per_page: usize,
        breaking_hours: u32,
        now: DateTime<FixedOffset>,
    ) -> Front {
        let tags = Tags {
            terms_of: &[],
            taxonomy: None,
        };
        front(articles, sections, &tags, per_page, breaking_hours, now)
    }

    fn pictured(hour: u32) -> Arc<Article> {
        let mut article = Article::clone(&story(hour, false, false));
        article.picture = Some(crate::content::Picture::Remote("https://x/a.jpg".into()));
        Arc::new(article)
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
        assert_eq!(pick(&articles, &[], 10, 6, at(20)).lead, Some(1));
        // A featured story that has fallen off the first page leads no more.
        assert_eq!(pick(&articles, &[], 1, 6, at(20)).lead, Some(0));
        let none_featured = vec![story(20, false, false), story(19, false, false)];
        assert_eq!(pick(&none_featured, &[], 10, 6, at(20)).lead, Some(0));
        assert_eq!(pick(&[], &[], 10, 6, at(20)).lead, None);
    }

    #[test]
    fn breaking_stories_stay_in_the_strip_for_their_hours() {
        let articles = vec![
            story(20, false, true),
            story(15, false, true),
            story(10, false, true),
        ];
        assert_eq!(pick(&articles, &[], 10, 6, at(20)).breaking, [0, 1]);
        assert_eq!(pick(&articles, &[], 10, 6, at(22)).breaking, [0]);
        assert!(pick(&articles, &[], 10, 0, at(20)).breaking.is_empty());
        let f = pick(&articles, &[], 10, 6, at(20));
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
        let f = pick(&articles, &[], 10, 6, at(20));
        assert_eq!(f.breaking, [0]);
        assert_eq!(f.lead, Some(1));
        // Once it leaves the strip it may lead again.
        assert_eq!(pick(&articles, &[], 10, 1, at(23)).lead, Some(0));
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
        let f = pick(&articles, &sections, 10, 6, at(20));
        assert_eq!(f.sections, [(0, vec![2, 3, 4, 5])]);
    }

    /// Issue 31, item 11: one picture on the page, then text-only blocks.
    #[test]
    fn a_second_tier_of_stories_with_pictures_stands_under_the_lead() {
        // Newest first: 20h (lead), 19h, 18h pictured, 17h, 16h pictured, 15h pictured.
        let articles = vec![
            pictured(20),
            story(19, false, false),
            pictured(18),
            story(17, false, false),
            pictured(16),
            pictured(15),
        ];
        let f = pick(&articles, &[], 10, 6, at(20));
        assert_eq!(f.lead, Some(0));
        assert_eq!(f.second, [2, 4, 5]);
        // Fewer pictures: the newest others fill the tier, in date order.
        let f = pick(&articles[..4], &[], 10, 6, at(20));
        assert_eq!(f.second, [1, 2, 3]);
        // A site of text alone has no tier.
        let text: Vec<Arc<Article>> = (0..5).map(|h| story(20 - h, false, false)).collect();
        assert!(pick(&text, &[], 10, 6, at(20)).second.is_empty());
        // Section blocks do not repeat the tier.
        let group = Group {
            key: String::new(),
            name: String::new(),
            slug: String::new(),
            articles: vec![0, 1, 2, 3, 4, 5],
        };
        let f = pick(&articles, &[group], 10, 6, at(20));
        assert_eq!(f.sections, [(0, vec![1, 3])]);
    }

    #[test]
    fn the_topics_are_the_tags_the_latest_stories_share() {
        // Taxonomy 1 is the tags; taxonomy 0 (sources) is not counted.
        let terms_of = vec![
            vec![(1, 7), (0, 3)],
            vec![(1, 5), (1, 7)],
            vec![(1, 5), (0, 3)],
            vec![(1, 9)],
            vec![(1, 9), (1, 2)],
            vec![(1, 2)],
        ];
        let tags = Tags {
            terms_of: &terms_of,
            taxonomy: Some(1),
        };
        // Two uses each; 7 used most recently, then 5, then 9.
        assert_eq!(topics(&tags, 5), [7, 5, 9]);
        // The sixth story uses 2 a second time.
        assert_eq!(topics(&tags, 6), [7, 5, 9, 2]);
        let none = Tags {
            terms_of: &terms_of,
            taxonomy: None,
        };
        assert!(topics(&none, 6).is_empty());
    }
}
