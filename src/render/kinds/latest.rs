//! `latest/` (`latest.html`): every story of the last `latest_hours` hours
//! before the build's now, newest first — the «آخر الأخبار» page a
//! newsroom links from its masthead. Off unless `latest_hours` is set.

use std::hash::Hash;

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;
use tera::Value;

use super::PageKind;
use crate::permalink::folder_iri;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, render_one, teaser_writer, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

/// The page's folder under the output.
pub(crate) const LATEST_PAGE: &str = "latest";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Latest;

/// What `latest.html` gets as `latest`.
#[derive(Serialize)]
struct LatestCtx {
    /// «آخر الأخبار».
    heading: String,
    /// «أخبار آخر 24 ساعة».
    window: String,
    /// What the page says when no story is that recent.
    empty: String,
    permalink: String,
    /// Each story's `teaser.html`, as listings show them.
    teasers: Vec<Value>,
}

impl Latest {
    fn hours(site: &Site) -> i64 {
        i64::from(site.settings.toml.latest_hours)
    }

    /// The window's stories, newest first: published at most `hours`
    /// before now, and not after it (`serve` previews scheduled stories).
    fn ids(site: &Site) -> Vec<usize> {
        let now = site.settings.now();
        let since = now - Duration::hours(Self::hours(site));
        // Articles are newest first: the window is one run of them.
        site.articles
            .iter()
            .enumerate()
            .skip_while(|(_, a)| a.date > now)
            .take_while(|(_, a)| a.date > since)
            .map(|(i, _)| i)
            .collect()
    }
}

impl PageKind for Latest {
    fn pages(site: &Site) -> Vec<Self> {
        if Self::hours(site) > 0 {
            vec![Latest]
        } else {
            Vec::new()
        }
    }

    /// The oldest story on the page leaves it, or a scheduled one is due.
    fn changes_at(site: &Site) -> Option<DateTime<FixedOffset>> {
        if Self::hours(site) == 0 {
            return None;
        }
        let now = site.settings.now();
        let leaves = Self::ids(site)
            .last()
            .map(|&i| site.articles[i].date + Duration::hours(Self::hours(site)));
        let due = site
            .articles
            .iter()
            .rev()
            .map(|a| a.date)
            .find(|&date| date > now);
        leaves.into_iter().chain(due).min()
    }

    fn path(&self, _site: &Site) -> String {
        index_file(LATEST_PAGE)
    }

    fn template(&self) -> &'static str {
        "latest.html"
    }

    fn also_uses(&self) -> &'static [&'static str] {
        &[crate::render::context::TEASER_TEMPLATE]
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        site.settings.toml.latest_hours.hash(state);
        for i in Self::ids(site) {
            h.summary[i].hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let site = contexts.site;
        let write = teaser_writer(contexts, tera);
        let teasers = Self::ids(site)
            .into_iter()
            .map(|i| {
                let html = String::from_utf8(write(&contexts.summary_of(i))?)
                    .map_err(|e| Diagnostic::error(None, None, e.to_string()))?;
                Ok(Value::safe_string(&html))
            })
            .collect::<Result<Vec<Value>, Diagnostic>>()?;
        let hours = site.settings.toml.latest_hours as usize;
        let latest = LatestCtx {
            heading: contexts.word("latest_news").to_string(),
            window: contexts.count("latest_hours", hours),
            empty: contexts.count("latest_none", hours),
            permalink: contexts.permalink(&folder_iri(&contexts.base_path, LATEST_PAGE)),
            teasers,
        };
        let mut context = contexts.base();
        context.insert("latest", &latest);
        render_one(tera, self.template(), &context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// Stories at 08:00, 14:00 and 20:00 UTC on 11 November, and one
    /// scheduled for noon the next day; now is 18:00, the window 6 hours.
    fn site() -> Site {
        let story = |title: &str, date: &str| format!("{title}\nتاريخ النشر: {date}\nنص.\n");
        let config = crate::config::Config {
            latest_hours: 6,
            ..Default::default()
        };
        let mut site = crate::resolve::site_from_raw(
            &[
                story("خبر الصباح", "2025-11-11T08:00:00Z"),
                story("خبر الظهر", "2025-11-11T14:00:00Z"),
                story("خبر المساء", "2025-11-11T20:00:00Z"),
                story("خبر الغد", "2025-11-12T12:00:00Z"),
            ],
            config,
        );
        site.settings.now = Some(at("2025-11-11T18:00:00Z"));
        site
    }

    #[test]
    fn the_window_holds_what_was_published_in_its_hours_before_now() {
        let site = site();
        let titles: Vec<&str> = Latest::ids(&site)
            .into_iter()
            .map(|i| site.articles[i].title.as_str())
            .collect();
        assert_eq!(titles, ["خبر الظهر"]);
    }

    #[test]
    fn the_page_changes_when_its_oldest_story_leaves_or_the_next_one_is_due() {
        let mut site = site();
        // 14:00 + 6 hours comes before the evening story at 20:00.
        assert_eq!(Latest::changes_at(&site), Some(at("2025-11-11T20:00:00Z")));
        site.settings.now = Some(at("2025-11-11T21:00:00Z"));
        // The evening story leaves at 02:00, before tomorrow's is due.
        assert_eq!(Latest::changes_at(&site), Some(at("2025-11-12T02:00:00Z")));
        site.settings.toml.latest_hours = 0;
        assert_eq!(Latest::changes_at(&site), None);
        assert!(Latest::pages(&site).is_empty());
    }
}
