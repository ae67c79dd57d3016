//! Per-page template contexts: small values borrowed from the [`Site`], never
//! the whole site (the classic cause of quadratic builds). This module holds
//! what every page shares — `site`, article summaries, teasers rendered once
//! — and each page kind has its own file: [`article`], [`listing`] (with the
//! archive index), [`paginator`], [`jsonld`].

pub(in crate::render) mod article;
pub(in crate::render) mod chrome;
mod embeds;
pub(in crate::render) mod front;
pub(in crate::render) mod jsonld;
pub(in crate::render) mod listing;
pub(in crate::render) mod paginator;
pub(in crate::render) mod picture;
mod site_page;

use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Context, Value};

use super::publish::{FeedFormat, Scope};

use crate::arabic::format::DateStyle;
use crate::content::{truncate_words, Article};
use crate::permalink::{folder_iri, folder_url, push_uri_of_iri, ARCHIVE_INDEX};
use crate::report::Diagnostic;
use crate::site::Site;
use rayon::prelude::*;

/// Characters of a description taken from the lead paragraph.
const DESCRIPTION_CHARS: usize = 160;
/// Listing pages that show each article: home, year, month and day.
const DATE_LISTINGS_PER_ARTICLE: u32 = 4;

/// How many listing pages show article `i`: its date listings, its
/// section's, and one per term it is filed under.
fn listings_showing(site: &Site, i: usize) -> u32 {
    let section = u32::from(site.section_of[i].is_some());
    let terms = u32::try_from(site.terms_of[i].len()).unwrap_or(u32::MAX);
    DATE_LISTINGS_PER_ARTICLE
        .saturating_add(section)
        .saturating_add(terms)
}
/// How many article pages list each article: as a backlink, a related
/// story, or the story before or after theirs (what
/// [`Contexts::article`] asks [`Contexts::listed_summary`] for).
fn listings_by_article_pages(site: &Site) -> Vec<AtomicU32> {
    let mut uses = vec![0u32; site.len()];
    for page in 0..site.len() {
        let (older, newer) = site.neighbours(page);
        let listed = site.backlinks[page]
            .iter()
            .chain(&site.related[page])
            .chain(older.as_ref())
            .chain(newer.as_ref());
        for &i in listed {
            uses[i] = uses[i].saturating_add(1);
        }
    }
    uses.into_iter().map(AtomicU32::new).collect()
}
/// Counts one use off `uses`: the count before (`Ok(1)`: that was the
/// last), or `Err(0)` when none was left — never below zero, so a value
/// let go is made again if asked.
fn count_down(uses: &AtomicU32) -> Result<u32, u32> {
    uses.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
}

/// The template of one article's teaser in a listing.
pub(crate) const TEASER_TEMPLATE: &str = "teaser.html";

/// Writes an article's teaser from its summary: the compiled theme, or
/// [`TEASER_TEMPLATE`] through Tera (the render stage chooses).
pub(crate) type TeaserWriter<'w> = dyn Fn(&Summary) -> Result<Vec<u8>, Diagnostic> + Sync + 'w;
/// Numbered links on each side of the current page in a paginator.
const PAGER_WINDOW: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListingKind {
    Home,
    Year(usize),
    Month(usize, usize),
    Day(usize, usize, usize),
    /// A section, by index into `Site::sections`.
    Section(usize),
    /// A taxonomy's term: (taxonomy, term) into `Site::taxonomies`.
    Term(usize, usize),
}

#[derive(Serialize)]
pub(in crate::render) struct SiteCtx {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub publisher: String,
    pub author: String,
    pub home_url: String,
    pub archive_url: String,
    /// The site's feeds: Atom, RSS 2.0, JSON Feed.
    pub feed_url: String,
    pub rss_url: String,
    pub json_feed_url: String,
    pub stylesheet_url: String,
    /// The search page, and the index its script reads (none with
    /// `search = false`).
    pub search_url: Option<String>,
    pub search_index_url: String,
    pub search_script_url: String,
    /// `naskh` (the theme's web font, shipped) or `system`.
    pub font: crate::config::Font,
    /// The web font file worth preloading, when the site ships it.
    pub font_preload_url: Option<String>,
    /// Static files by name → URL (fingerprinted names in `build`).
    pub assets: std::collections::BTreeMap<String, String>,
    /// The sections in masthead order, and the taxonomies' index pages.
    pub sections: Vec<Crumb>,
    pub taxonomies: Vec<Crumb>,
    /// The site's own pages the footer links to (`[[footer]]`).
    pub footer_pages: Vec<Crumb>,
}

/// The footer's links to the site's own pages: those `[[footer]]` names,
/// in its order and words, else every page by file name, by its title.
fn footer_links(site: &Site, crumb: &dyn Fn(&str, &str) -> Crumb) -> Vec<Crumb> {
    let footer = &site.settings.toml.footer;
    if footer.is_empty() {
        return site
            .pages
            .iter()
            .map(|p| crumb(&p.page.title, &p.folder))
            .collect();
    }
    footer
        .iter()
        .filter_map(|link| {
            let placed = crate::site::footer_page(&site.pages, &link.page)?;
            let label = link.label.as_deref().unwrap_or(&placed.page.title);
            Some(crumb(label, &placed.folder))
        })
        .collect()
}

/// A column's writer as listings and the column's page show them first:
/// the name as the byline writes it, and from their profile the photo and
/// role; their page on the site.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Columnist {
    pub name: String,
    pub url: Option<String>,
    pub role: String,
    pub photo: Option<picture::PictureCtx>,
}

/// What listings, feeds and links show of an article.
#[derive(Serialize, Clone)]
pub(crate) struct Summary {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date_iso: String,
    pub date_human: String,
    /// The time of day ("9:55 صباحاً") for a story of the last 24 hours:
    /// listings show it instead of the date, and a script how long ago.
    pub time_human: Option<String>,
    pub city: Option<String>,
    pub summary: String,
    /// The lead picture as a listing's thumbnail.
    pub thumb: Option<picture::PictureCtx>,
    /// In an opinion section: the writer, shown first.
    pub columnist: Option<Columnist>,
    /// Live coverage still going on: the «مباشر» label.
    pub live: bool,
    /// The article's own fields (`[extra]`): an empty table without any.
    #[serde(serialize_with = "extra_or_empty")]
    pub extra: Option<std::sync::Arc<serde_json::Value>>,
}

fn extra_or_empty<S: serde::Serializer>(
    extra: &Option<std::sync::Arc<serde_json::Value>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(extra.as_deref().unwrap_or(&article::NO_EXTRA), serializer)
}

/// What a link to an article shows: see [`Contexts::link_parts`].
pub(in crate::render) struct LinkParts {
    /// Root-relative, an IRI.
    pub url: String,
    /// Absolute, percent-encoded (feeds, sitemaps, canonical links).
    pub permalink: String,
    pub date_iso: String,
    pub date_human: String,
}

/// Feed entries made and not yet taken by every format of their feed.
type FeedSummaries = std::collections::HashMap<Scope, (Arc<[FeedSummary]>, usize)>;

/// [`Contexts::feed_summary_of`]: the parts of a [`Summary`] feeds show
/// (the title they borrow from the article).
pub(crate) struct FeedSummary {
    pub permalink: String,
    pub date_iso: String,
    pub summary: String,
}

#[derive(Serialize)]
pub(in crate::render) struct Crumb {
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub(in crate::render) struct CountedLink {
    pub label: String,
    pub url: String,
    pub count: String,
}

/// Open Graph and Twitter card data for a page's head.
#[derive(Serialize)]
pub(in crate::render) struct OpenGraph<'a> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<picture::ShareImage>,
}

/// Shared, precomputed pieces every page context borrows from.
pub(crate) struct Contexts<'a> {
    pub site: &'a Site,
    pub(super) site_ctx: SiteCtx,
    /// `site_ctx` as a template value, made once and shared by every page.
    site_value: Value,
    /// The words readers see (`t` in templates), made once likewise.
    texts_value: Value,
    /// Where each article's description ends in its lead: found once per
    /// build, since every listing, feed and related list shows it again.
    descriptions: Vec<Cut>,
    /// Each article's teaser HTML (or the error rendering it), made on first
    /// use and shared by the four listings that show it — Hugo's
    /// `partialCached`, built in: a listing page then costs its own
    /// chrome and not twenty template runs. Let go once all four have
    /// rendered (see [`Contexts::teasers_placed`]), so a large archive
    /// never holds all its teasers at once.
    teasers: Vec<Mutex<Option<Result<Value, Diagnostic>>>>,
    /// Listings still to show each article: every article is on one page
    /// of the home listing and of its year, month and day.
    teaser_uses: Vec<AtomicU32>,
    /// Each article's [`Summary`] as a template value, made for the first
    /// article page that lists it (as a backlink, related story or
    /// neighbour: about eight pages each) and shared by the rest.
    listed: Vec<Mutex<Option<Value>>>,
    /// Article pages still to list each article; its value is let go at
    /// zero, and since an article is listed by pages near it in date order,
    /// only a few are held at once.
    listed_uses: Vec<AtomicU32>,
    /// Each feed's entries as [`Contexts::feed_summaries`] made them for the
    /// first of its formats, with how many formats are still to take them.
    feeds: Mutex<FeedSummaries>,
    /// 0..n: articles are stored newest first, so this is the home listing.
    all: Vec<usize>,
    pub(super) style: DateStyle,
    pub(in crate::render) base_path: String,
    /// Each article's [`LinkParts`], made on first use.
    links: Vec<std::sync::OnceLock<LinkParts>>,
    /// The built-in theme's chrome, made by the first compiled page.
    chrome: std::sync::OnceLock<chrome::Chrome>,
    /// Absolute when `base_url` is; else the base path.
    absolute_base: String,
    /// «الأكثر قراءة» from the data file `most_read`, made once.
    most_read: std::sync::OnceLock<Vec<NamedLink>>,
    /// Each writer's page by term key (root-relative), made when first asked.
    author_pages: std::sync::OnceLock<HashMap<String, String>>,
    /// The 24 hours up to "now", read once: every page agrees on the hour
    /// of listings, the «مباشر» label and the date line.
    last_day: LastDay,
    /// See [`Contexts::ago_script`].
    ago_script: std::sync::OnceLock<String>,
}

/// How long ago, in the reader's browser: each `<time class="ago">` gets
/// «منذ 5 دقائق» (the site's forms, CLDR plural rules of the page's
/// language) every minute, its time of day kept as its title; after a day,
/// its date (`data-day`). Without JavaScript the time of day stays.
const AGO_SCRIPT: &str = r#"(function(){var s=document.currentScript,f=JSON.parse(s.dataset.forms),p=new Intl.PluralRules(document.documentElement.lang||"ar"),d=new Intl.NumberFormat(s.dataset.numbers);function w(k,n){var o=f[k],t=o[p.select(n)]||o.other;return t.replace("{n}",d.format(n))}function u(){var now=Date.now();document.querySelectorAll("time.ago").forEach(function(e){var m=Math.floor((now-Date.parse(e.dateTime))/6e4);if(m<0)return;if(!e.title)e.title=e.textContent;if(m>=1440){if(e.dataset.day)e.textContent=e.dataset.day;e.classList.remove("ago");return}e.textContent=m<60?w("minutes",m):w("hours",Math.floor(m/60))})}u();setInterval(u,6e4)})()"#;

/// The 24 hours up to "now": listings show the time of day of a story
/// published in them with a time.
#[derive(Clone, Copy)]
pub(crate) struct LastDay {
    since: chrono::DateTime<chrono::FixedOffset>,
    now: chrono::DateTime<chrono::FixedOffset>,
}

impl LastDay {
    /// The moment the 24 hours end: "now".
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.now
    }

    pub(crate) fn until(now: chrono::DateTime<chrono::FixedOffset>) -> LastDay {
        LastDay {
            since: now - chrono::Duration::hours(24),
            now,
        }
    }

    /// Whether `article` was published, with a time, in these 24 hours
    /// (two comparisons: made for every article of a build).
    pub(crate) fn has(&self, article: &crate::content::Article) -> bool {
        article.timed && self.covers(article.date)
    }

    /// Whether `at` is in these 24 hours.
    pub(crate) fn covers(&self, at: chrono::DateTime<chrono::FixedOffset>) -> bool {
        at > self.since && at <= self.now
    }
}

/// A link with its words: a story of «الأكثر قراءة».
#[derive(Serialize, Debug, Clone, Hash)]
pub(crate) struct NamedLink {
    pub name: String,
    pub url: String,
}

/// Stories of «الأكثر قراءة» shown at most.
const MOST_READ: usize = 10;

/// The data file `most_read` (`data/most_read.*`): a list — or a table
/// whose `items` is one — of stories, each a `title` and `url`, or an
/// article's id (`2025/budget.md`) or path (`2025/11/11/slug`) made into
/// its headline and link. Others are left out.
pub(crate) fn most_read_of(site: &Site, base_path: &str) -> Vec<NamedLink> {
    let data = &site.settings.data["most_read"];
    let Some(items) = data.as_array().or_else(|| data["items"].as_array()) else {
        return Vec::new();
    };
    let article_of = |wanted: &str| {
        let wanted = wanted.trim_matches('/');
        site.articles
            .iter()
            .zip(&site.paths)
            .position(|(a, path)| a.id == wanted || path == wanted)
    };
    items
        .iter()
        .filter_map(|item| match item {
            serde_json::Value::String(reference) => article_of(reference).map(|i| NamedLink {
                name: site.articles[i].title.clone(),
                url: folder_iri(base_path, &site.paths[i]),
            }),
            _ => Some(NamedLink {
                name: item["title"].as_str()?.to_string(),
                url: item["url"].as_str()?.to_string(),
            }),
        })
        .take(MOST_READ)
        .collect()
}

impl<'a> Contexts<'a> {
    /// «الأكثر قراءة» (see [`most_read_of`]), made once for every page.
    pub(in crate::render) fn most_read(&self) -> &[NamedLink] {
        self.most_read
            .get_or_init(|| most_read_of(self.site, &self.base_path))
    }

    /// The page of the writer whose term key is `key` (root-relative, an
    /// IRI); the writers' pages are mapped once, when first asked (a
    /// profile in structured data, a column's writer).
    pub(in crate::render) fn author_page(&self, key: &str) -> Option<&str> {
        let pages = self.author_pages.get_or_init(|| {
            let taxonomy = self
                .site
                .taxonomies
                .iter()
                .find(|t| t.kind == crate::config::TaxonomyKind::Authors);
            taxonomy
                .into_iter()
                .flat_map(|t| t.terms.iter().map(move |term| (t, term)))
                .map(|(t, term)| {
                    let url = folder_iri(&self.base_path, &format!("{}/{}", t.slug, term.slug));
                    (term.key.clone(), url)
                })
                .collect()
        });
        pages.get(key).map(String::as_str)
    }

    pub(crate) fn new(site: &'a Site) -> Self {
        let settings = &site.settings;
        crate::search::prepare(site);
        let toml = &settings.toml;
        let base_path = settings.base_path();
        let absolute_base = if settings.has_absolute_base() {
            settings.base_url()
        } else {
            base_path.clone()
        };
        let style = settings.date_style();
        let now = settings.now();
        let crumb = |label: &str, folder: &str| Crumb {
            label: label.to_string(),
            url: folder_iri(&base_path, folder),
        };
        let site_ctx = SiteCtx {
            title: toml.title.clone(),
            description: toml.description.clone(),
            language: toml.language.clone(),
            base_url: absolute_base.clone(),
            publisher: publisher(site),
            author: if toml.author.is_empty() {
                publisher(site)
            } else {
                toml.author.clone()
            },
            home_url: base_path.clone(),
            archive_url: folder_iri(&base_path, ARCHIVE_INDEX),
            feed_url: format!("{base_path}atom.xml"),
            rss_url: format!("{base_path}rss.xml"),
            json_feed_url: format!("{base_path}feed.json"),
            stylesheet_url: asset_url(settings, &base_path, "style.css"),
            search_url: toml
                .search
                .then(|| folder_iri(&base_path, crate::search::SEARCH_PAGE)),
            search_index_url: format!("{base_path}search/"),
            search_script_url: asset_url(settings, &base_path, "search.js"),
            font: toml.font,
            font_preload_url: (toml.font == crate::config::Font::Naskh)
                .then(|| format!("{base_path}{}", crate::theme::PRELOADED_FONT)),
            assets: settings
                .asset_paths
                .iter()
                .map(|(name, path)| (name.clone(), format!("{base_path}{path}")))
                .collect(),
            sections: site
                .sections
                .iter()
                .map(|s| crumb(&s.name, &s.slug))
                .collect(),
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| crumb(&t.name, &t.slug))
                .collect(),
            footer_pages: footer_links(site, &crumb),
        };
        Contexts {
            site,
            // Strings and a map of strings: serialising them cannot fail
            // (and `from_serializable` would panic if it did).
            site_value: Value::try_from_serializable(&site_ctx).unwrap_or_else(|_| Value::from(())),
            texts_value: Value::try_from_serializable(&settings.strings.texts())
                .unwrap_or_else(|_| Value::from(())),
            descriptions: site.articles.par_iter().map(|a| Cut::of(a)).collect(),
            site_ctx,
            teasers: (0..site.len()).map(|_| Mutex::new(None)).collect(),
            teaser_uses: (0..site.len())
                .map(|i| AtomicU32::new(listings_showing(site, i)))
                .collect(),
            listed: (0..site.len()).map(|_| Mutex::new(None)).collect(),
            listed_uses: listings_by_article_pages(site),
            feeds: Mutex::new(FeedSummaries::default()),
            all: (0..site.len()).collect(),
            style,
            base_path,
            absolute_base,
            chrome: std::sync::OnceLock::new(),
            most_read: std::sync::OnceLock::new(),
            author_pages: std::sync::OnceLock::new(),
            last_day: LastDay::until(now),
            ago_script: std::sync::OnceLock::new(),
            links: (0..site.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// The summary of article `i`, made when asked: a few short strings,
    /// cheap beside the page that shows them, and a large archive never
    /// holds all of them at once.
    pub(in crate::render) fn summary_of(&self, i: usize) -> Summary {
        let article = &self.site.articles[i];
        Summary {
            title: article.title.clone(),
            permalink: self.permalink_of(i),
            url: self.url_of(i),
            date_iso: self.date_iso_of(i),
            date_human: self.date_human_of(i),
            time_human: self.recent_time(i),
            city: article.city.clone(),
            summary: self.descriptions[i].apply(article),
            thumb: article.picture.as_ref().map(|p| self.picture_ctx(p, None)),
            columnist: self.columnist(i),
            live: self.is_live(i),
            extra: article.extra.clone(),
        }
    }

    /// Article `i`'s time of day, when it was published in the 24 hours
    /// before now with a time.
    pub(in crate::render) fn recent_time(&self, i: usize) -> Option<String> {
        let article = &self.site.articles[i];
        self.last_day
            .has(article)
            .then(|| self.local_time(&article.date))
    }

    /// The script that writes how long ago each recent story was
    /// published (see [`Summary::time_human`]), made once.
    pub(in crate::render) fn ago_script(&self) -> &str {
        self.ago_script.get_or_init(|| {
            let strings = &self.site.settings.strings;
            let numbers = match self.site.settings.toml.numerals {
                crate::arabic::format::Numerals::Eastern => "ar-u-nu-arab",
                crate::arabic::format::Numerals::Western => "ar-u-nu-latn",
            };
            let forms = format!(
                "{{\"minutes\":{},\"hours\":{}}}",
                strings.forms_json("minutes_ago"),
                strings.forms_json("hours_ago")
            );
            format!(
                "<script data-numbers=\"{numbers}\" data-forms=\"{}\">{AGO_SCRIPT}</script>",
                crate::html::escape_html(&forms)
            )
        })
    }

    /// Whether article `i` is a column: in a section of `kind = "opinion"`.
    pub(in crate::render) fn is_column(&self, i: usize) -> bool {
        let site = self.site;
        site.section_of[i]
            .and_then(|s| site.settings.toml.sections.get(s))
            .is_some_and(|s| s.kind == Some(crate::config::SectionKind::Opinion))
    }

    /// The writer of column `i`, first of its byline; `None` for a story
    /// that is no column, or a column nobody signed.
    pub(in crate::render) fn columnist(&self, i: usize) -> Option<Columnist> {
        if !self.is_column(i) {
            return None;
        }
        let site = self.site;
        let name = site.articles[i].authors.first()?;
        let key = crate::arabic::normalize::term_key(name);
        let author = site.authors.of(&key);
        let url = self.author_page(&key).map(String::from);
        Some(Columnist {
            name: name.clone(),
            url,
            role: author.map(|a| a.profile.role.clone()).unwrap_or_default(),
            photo: author
                .and_then(|a| a.photo.as_ref())
                .map(|p| self.picture_ctx(p, None)),
        })
    }

    /// What every page that links article `i` shows of it, made by the
    /// first and borrowed by the rest: an article is linked by about ten
    /// pages (backlinks, related lists, neighbours, read-also, listings).
    pub(in crate::render) fn link_parts(&self, i: usize) -> &LinkParts {
        self.links[i].get_or_init(|| LinkParts {
            url: folder_iri(&self.base_path, &self.site.paths[i]),
            permalink: self.permalink_made(i),
            date_iso: self.site.articles[i].date.to_rfc3339(),
            date_human: self.style.full_date(self.site.days[i]),
        })
    }

    /// Article `i`'s permalink for the sitemap: the one made for other
    /// pages if any, else only that (`serve` re-renders the sitemap on its
    /// own after a title edit: making every article's dates too would
    /// double its work).
    pub(in crate::render) fn sitemap_loc(&self, i: usize) -> String {
        match self.links[i].get() {
            Some(parts) => parts.permalink.clone(),
            None => self.permalink_made(i),
        }
    }

    /// Article `i`'s absolute, percent-encoded address, made afresh.
    fn permalink_made(&self, i: usize) -> String {
        folder_url(&self.absolute_base, &self.site.paths[i])
    }

    /// Where pages link article `i` (root-relative, an IRI).
    pub(super) fn url_of(&self, i: usize) -> String {
        self.link_parts(i).url.clone()
    }

    /// Article `i`'s publication date, ISO 8601.
    pub(super) fn date_iso_of(&self, i: usize) -> String {
        self.link_parts(i).date_iso.clone()
    }

    /// Article `i`'s publication date as readers see it.
    pub(super) fn date_human_of(&self, i: usize) -> String {
        self.link_parts(i).date_human.clone()
    }

    /// Article `i`'s [`Summary`] as an article page lists it (see
    /// [`Contexts::listed`]).
    pub(super) fn listed_summary(&self, i: usize) -> Value {
        // A poisoned lock only means another page panicked: the value is whole.
        let mut slot = self.listed[i].lock().unwrap_or_else(|e| e.into_inner());
        // Strings, and a picture of strings and numbers: serialising them
        // cannot fail.
        let value = slot.take().unwrap_or_else(|| {
            Value::try_from_serializable(&self.summary_of(i)).unwrap_or_else(|_| Value::from(()))
        });
        // Kept for the pages still to list it; a use not counted keeps nothing.
        if count_down(&self.listed_uses[i]).is_ok_and(|before| before > 1) {
            *slot = Some(value.clone());
        }
        value
    }

    /// The absolute address of article `i`'s page: what
    /// [`Contexts::absolute`] makes of its [`folder_url`], in one buffer.
    pub(crate) fn permalink_of(&self, i: usize) -> String {
        self.link_parts(i).permalink.clone()
    }

    /// What a feed entry shows of article `i`: its address, date and
    /// description (feeds link no pages, print no dates for readers and
    /// show no thumbnails, so [`Contexts::summary_of`] would make those
    /// for nothing, three feed formats over).
    fn feed_summary_of(&self, i: usize) -> FeedSummary {
        let article = &self.site.articles[i];
        FeedSummary {
            permalink: self.permalink_of(i),
            date_iso: self.date_iso_of(i),
            summary: self.descriptions[i].apply(article),
        }
    }

    /// What the feeds of `scope` show of articles `ids`: made for the first
    /// of its formats (Atom, RSS and JSON Feed are consecutive jobs) and
    /// shared with the others, then let go. A feed whose other formats are
    /// not rendered (an unchanged page in `serve`) is held until the build
    /// ends: a few short strings.
    pub(crate) fn feed_summaries(&self, scope: &Scope, ids: &[usize]) -> Arc<[FeedSummary]> {
        // A poisoned lock only means another page panicked: the map is whole.
        let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((summaries, left)) = feeds.get_mut(scope) {
            let summaries = Arc::clone(summaries);
            *left = left.saturating_sub(1);
            if *left == 0 {
                feeds.remove(scope);
            }
            return summaries;
        }
        // Made under the lock: the feed's other formats, likely rendering
        // now on the other threads, wait for these instead of making them.
        let summaries: Arc<[FeedSummary]> = ids.iter().map(|&i| self.feed_summary_of(i)).collect();
        let others = FeedFormat::ALL.len() - 1;
        feeds.insert(scope.clone(), (Arc::clone(&summaries), others));
        summaries
    }

    /// The teaser of article `i`, written once by `write` from its summary.
    fn teaser_of(&self, i: usize, write: &TeaserWriter) -> Result<Value, Diagnostic> {
        // A poisoned lock only means another page panicked: the value is whole.
        let mut slot = self.teasers[i].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(teaser) = slot.as_ref() {
            return teaser.clone();
        }
        let article = &self.site.articles[i];
        let rendered = write(&self.summary_of(i))
            .and_then(|out| {
                // Both writers write only what templates and values hold: UTF-8.
                String::from_utf8(out)
                    .map(|html| Value::safe_string(&html))
                    .map_err(|e| Diagnostic::error(None, None, e.to_string()))
            })
            .map_err(|d| {
                d.within(format!(
                    "while rendering the teaser of {} ({})",
                    article.id, article.title
                ))
            });
        *slot = Some(rendered.clone());
        rendered
    }

    /// What was made for pages (teasers not yet let go), handed over for
    /// freeing elsewhere.
    pub(crate) fn into_made(self) -> impl Send + 'static {
        self.teasers
    }

    /// Counts a listing page against its articles' teasers (the page's
    /// context holds its own share of each), letting go of each teaser that
    /// no listing still needs.
    fn teasers_placed(&self, ids: &[usize]) {
        for &i in ids {
            if count_down(&self.teaser_uses[i]) == Ok(1) {
                *self.teasers[i].lock().unwrap_or_else(|e| e.into_inner()) = None;
            }
        }
    }

    /// The articles of page `page` (from 1) of a listing of `ids`.
    fn page_of<'i>(&self, ids: &'i [usize], page: usize) -> &'i [usize] {
        let per_page = self.site.settings.toml.per_page;
        let start = (page.saturating_sub(1) * per_page).min(ids.len());
        &ids[start..(start + per_page).min(ids.len())]
    }

    /// Every article a listing shows, in order.
    fn listing_articles(&self, kind: &ListingKind) -> &[usize] {
        let years = &self.site.years;
        match *kind {
            ListingKind::Home => &self.all,
            ListingKind::Year(y) => &years[y].articles,
            ListingKind::Month(y, m) => &years[y].months[m].articles,
            ListingKind::Day(y, m, d) => &years[y].months[m].days[d].articles,
            ListingKind::Section(s) => &self.site.sections[s].articles,
            ListingKind::Term(t, k) => &self.site.taxonomies[t].terms[k].articles,
        }
    }

    /// The absolute, percent-encoded address of the page a page links as
    /// `iri` (made by [`folder_iri`]): what [`folder_url`] and
    /// [`Contexts::absolute`] make of its path.
    pub(in crate::render) fn permalink(&self, iri: &str) -> String {
        let rest = iri.strip_prefix(&self.base_path).unwrap_or(iri);
        let mut out = String::with_capacity(self.absolute_base.len() + rest.len() * 3);
        out.push_str(&self.absolute_base);
        push_uri_of_iri(&mut out, rest);
        out
    }

    /// An absolute URL for a root-relative one (when `base_url` allows).
    pub(super) fn absolute(&self, url: &str) -> String {
        let rest = url.strip_prefix(&self.base_path).unwrap_or(url);
        format!("{}{rest}", self.absolute_base)
    }

    /// File `n` of the search index (see [`crate::search::files_of`]).
    pub(crate) fn search_file(&self, n: usize) -> Vec<u8> {
        crate::search::files_of(self.site)
            .get(n)
            .map(|(_, bytes)| bytes.clone())
            .unwrap_or_default()
    }

    /// A context with only `site` and `t` (the site's words) in it.
    pub(crate) fn base(&self) -> Context {
        let mut context = Context::new();
        context.insert("site", &self.site_value);
        context.insert("t", &self.texts_value);
        context
    }

    /// The site's text under `key` (see [`crate::strings`]).
    /// The site's text under `key`, borrowed (`{{ t.key }}`).
    pub(in crate::render) fn word(&self, key: &str) -> &str {
        self.site.settings.strings.text(key)
    }

    pub(super) fn text(&self, key: &str) -> String {
        self.site.settings.strings.text(key).to_string()
    }

    /// The site's count `key` of `n`, in its digits.
    pub(in crate::render) fn count(&self, key: &str, n: usize) -> String {
        self.site
            .settings
            .strings
            .count(key, n, |n| self.style.number(n))
    }

    /// Open Graph and Twitter card data for a page.
    fn open_graph<'b>(
        &self,
        kind: &'b str,
        title: &'b str,
        url: &'b str,
        description: &'b str,
    ) -> OpenGraph<'b> {
        OpenGraph {
            kind,
            title,
            url,
            description,
            published: None,
            modified: None,
            image: self.share_image(None),
        }
    }
}

/// The URL of a static file, by its fingerprinted name when there is one.
fn asset_url(settings: &crate::settings::Settings, base_path: &str, name: &str) -> String {
    let path = settings.asset_paths.get(name).map_or(name, String::as_str);
    format!("{base_path}{path}")
}

fn publisher(site: &Site) -> String {
    if site.settings.toml.publisher.is_empty() {
        site.settings.toml.title.clone()
    } else {
        site.settings.toml.publisher.clone()
    }
}

/// An article's description (its own, or its lead cut at a word), held as
/// the few bytes that say where it ends in the article's own text: a build
/// shows each description a dozen times, and an archive of 100,000 should
/// not hold them all twice.
enum Cut {
    /// Its own description, or its whole lead.
    Whole,
    /// The lead's first `n` bytes, then "…".
    Prefix(u32),
    /// Cut where spaces had to be made single: held as made.
    Made(Box<str>),
}

impl Cut {
    fn of(article: &Article) -> Cut {
        if article.description.is_some() {
            return Cut::Whole;
        }
        let made = truncate_words(&article.lead, DESCRIPTION_CHARS);
        if made == article.lead {
            return Cut::Whole;
        }
        match made.strip_suffix('…') {
            Some(kept) if article.lead.starts_with(kept) => {
                u32::try_from(kept.len()).map_or_else(|_| Cut::Made(made.into()), Cut::Prefix)
            }
            _ => Cut::Made(made.into()),
        }
    }

    fn apply(&self, article: &Article) -> String {
        match self {
            Cut::Whole => article
                .description
                .clone()
                .unwrap_or_else(|| article.lead.clone()),
            Cut::Prefix(n) => {
                let kept = article.lead.get(..*n as usize).unwrap_or_default();
                let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
                out.push_str(kept);
                out.push('…');
                out
            }
            Cut::Made(made) => made.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_of(texts: &[&str]) -> Site {
        site_with(texts, crate::config::Config::default())
    }

    fn site_with(texts: &[&str], config: crate::config::Config) -> Site {
        crate::resolve::site_from_raw(texts, config)
    }

    #[test]
    fn a_description_held_as_a_cut_is_the_lead_cut_at_a_word() {
        let word = "كلمة ";
        let leads = [
            String::from("قصير."),
            word.repeat(60),
            format!("{}  و\nكلمة {}", word.repeat(30), word.repeat(30)),
            "ب".repeat(400),
        ];
        for lead in leads {
            let site = site_of(&[&format!("عنوان\nتاريخ النشر: 2025-11-10\n{lead}\n")]);
            let article = &site.articles[0];
            let cut = Cut::of(article);
            let expected = truncate_words(&article.lead, DESCRIPTION_CHARS);
            assert_eq!(cut.apply(article), expected, "{lead}");
        }
    }

    #[test]
    fn teasers_are_let_go_once_their_listings_have_rendered() {
        // One article a page: the home listing has three pages.
        let one_a_page = crate::config::Config {
            per_page: 1,
            ..Default::default()
        };
        let site = site_with(
            &[
                "خبر أول\nتاريخ النشر: 2025-11-11\nالقسم: سياسة\nنص أول.\n",
                "خبر ثان\nتاريخ النشر: 2024-03-12\nالقسم: اقتصاد\nنص ثان.\n",
                "خبر ثالث\nتاريخ النشر: 2024-03-12\nالقسم: سياسة\nنص ثالث.\n",
            ],
            one_a_page,
        );
        let Ok(tera) = super::super::templates::build_tera(&[], false, &Default::default()) else {
            panic!("the default templates must build");
        };
        let contexts = Contexts::new(&site);
        let held = |c: &Contexts| {
            c.teasers
                .iter()
                .filter(|t| t.lock().map(|t| t.is_some()).unwrap_or(true))
                .count()
        };
        let listings: Vec<_> = super::super::jobs(&site)
            .into_iter()
            .filter_map(|job| match job {
                super::super::Job::Listing(super::super::kinds::Listing { kind, base, page }) => {
                    Some((kind, base, page))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            listings.len(),
            3 + 3 + 3 + 3 + 3,
            "home, years, months, days, sections"
        );
        let mut most = 0;
        for (kind, base, page) in &listings {
            let teaser = super::super::teaser_writer(&contexts, &tera);
            assert!(contexts.listing(kind, base, *page, &teaser).is_ok());
            most = most.max(held(&contexts));
        }
        assert_eq!(held(&contexts), 0, "every teaser let go at the end");
        // Listing pages come as the sweep from newest to oldest completes
        // them: the newest story's five listings are all done before the
        // next story's teaser is made.
        assert_eq!(most, 1, "one teaser held at a time");
    }

    #[test]
    fn listed_summaries_are_counted_shared_and_let_go_after_the_last_page() {
        // The second story's read-also names the third.
        let site = site_of(&[
            "خبر أول عن المطر\nتاريخ النشر: 2025-11-12\nنص أول عن المطر في حلب.\n",
            "خبر ثان عن المطر\nتاريخ النشر: 2025-11-11\nنص ثان عن المطر في حلب.\nإقرأ أيضاً:\nخبر ثالث عن المطر\n",
            "خبر ثالث عن المطر\nتاريخ النشر: 2025-11-10\nنص ثالث عن المطر في حلب.\n",
        ]);
        let contexts = Contexts::new(&site);
        let uses: Vec<u32> = contexts
            .listed_uses
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .collect();
        // One use for every place an article page lists a story: its
        // backlinks, related stories and neighbours.
        let listed_by_pages: usize = (0..site.len())
            .map(|i| {
                let (older, newer) = site.neighbours(i);
                site.backlinks[i].len()
                    + site.related[i].len()
                    + usize::from(older.is_some())
                    + usize::from(newer.is_some())
            })
            .sum();
        assert_eq!(
            uses.iter().map(|&n| n as usize).sum::<usize>(),
            listed_by_pages
        );
        assert!(uses.iter().all(|&n| n >= 1), "{uses:?}");
        let held = |c: &Contexts| {
            c.listed
                .iter()
                .filter(|v| v.lock().map(|v| v.is_some()).unwrap_or(true))
                .count()
        };
        let pages: Vec<Context> = (0..site.len()).map(|i| contexts.article(i)).collect();
        assert_eq!(
            held(&contexts),
            0,
            "every summary let go after its last page"
        );
        // What a page shows of the stories beside it is their summaries.
        let page = serde_json::to_value(pages[1].get("page")).unwrap_or_default();
        assert_eq!(page["older"]["title"], site.articles[2].title.as_str());
        assert_eq!(page["newer"]["title"], site.articles[0].title.as_str());
    }

    #[test]
    fn a_feeds_entries_are_made_once_for_its_formats_then_let_go() {
        let site = site_of(&[
            "خبر أول\nتاريخ النشر: 2025-11-11\nنص أول.\n",
            "خبر ثان\nتاريخ النشر: 2025-11-12\nنص ثان.\n",
        ]);
        let contexts = Contexts::new(&site);
        let scope = Scope::Site;
        let made: Vec<_> = FeedFormat::ALL
            .iter()
            .map(|_| contexts.feed_summaries(&scope, &[0, 1]))
            .collect();
        assert!(
            made.iter().all(|m| Arc::ptr_eq(m, &made[0])),
            "one set for every format"
        );
        assert_eq!(made[0][1].permalink, contexts.permalink_of(1));
        let held = contexts.feeds.lock().map(|f| f.len()).unwrap_or(usize::MAX);
        assert_eq!(held, 0, "let go once every format has taken them");
        assert!(!Arc::ptr_eq(
            &contexts.feed_summaries(&scope, &[0, 1]),
            &made[0]
        ));
    }

    #[test]
    fn each_teaser_renders_once_and_is_shared_by_every_listing() {
        let site = site_of(&[
            "خبر أول\nتاريخ النشر: 2025-11-11\nنص أول.\n",
            "خبر ثان\nتاريخ النشر: 2025-11-12\nنص ثان.\n",
        ]);
        let Ok(tera) = super::super::templates::build_tera(&[], false, &Default::default()) else {
            panic!("the default templates must build");
        };
        let contexts = Contexts::new(&site);
        let write = super::super::teaser_writer(&contexts, &tera);
        let teaser = |i| {
            contexts
                .teaser_of(i, &write)
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (first, again) = (teaser(1), teaser(1));
        let (first, again) = (first.as_str().unwrap_or(""), again.as_str().unwrap_or(""));
        assert!(first.contains("خبر أول"), "{first}");
        assert!(
            std::ptr::eq(first, again),
            "the second call must reuse the first rendering"
        );
        // The year's listing (the front page shows its lead story apart).
        let year = contexts
            .listing(&ListingKind::Year(0), "2025", 1, &write)
            .unwrap_or_default();
        let teasers = year
            .get("listing")
            .and_then(|l| l.get_from_path("teasers"))
            .and_then(|t| t.as_array())
            .unwrap_or_default();
        assert_eq!(teasers.len(), 2);
        assert_eq!(teasers[1].as_str(), Some(first));
    }
}
