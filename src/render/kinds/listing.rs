//! The listings (`list.html`): the home page, the year, month and day
//! archives, each section and each term, `per_page` stories a page. The
//! first home page is the newspaper's front page (lead story, breaking
//! strip, section blocks).

use std::hash::Hash;

use chrono::{DateTime, FixedOffset};

use super::PageKind;
use crate::permalink::{self, paginated};
use crate::render::context::{ListingKind, TEASER_TEMPLATE};
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, native, render_one, teaser_writer, Contexts, PAGE_BYTES};
use crate::report::Diagnostic;
use crate::site::Site;

/// Page `page` (from 1) of a listing whose first page is at `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    pub kind: ListingKind,
    pub base: String,
    pub page: usize,
}

impl Listing {
    fn is_front_page(&self) -> bool {
        self.kind == ListingKind::Home && self.page == 1
    }
}

impl PageKind for Listing {
    /// In the order a sweep from the newest article to the oldest
    /// completes them: a page comes as soon as its oldest article is
    /// reached. An article's teaser is made for its first listing and let
    /// go after its last (see `Contexts::teasers_placed`), so in this order
    /// only the teasers of pages still open at the sweep's position are
    /// held — a few per listing — never the whole archive's.
    fn pages(site: &Site) -> Vec<Self> {
        let per_page = site.settings.toml.per_page.max(1);
        let mut pages: Vec<(usize, Listing)> = Vec::new();
        let mut listing = |kind: ListingKind, base: String, ids: &[usize]| {
            for (n, chunk) in ids.chunks(per_page).enumerate() {
                let oldest = chunk.iter().max().copied().unwrap_or(0);
                let page = Listing {
                    kind: kind.clone(),
                    base: base.clone(),
                    page: n + 1,
                };
                pages.push((oldest, page));
            }
            if ids.is_empty() {
                pages.push((
                    usize::MAX,
                    Listing {
                        kind,
                        base,
                        page: 1,
                    },
                ));
            }
        };
        let home: Vec<usize> = (0..site.len()).collect();
        listing(ListingKind::Home, String::new(), &home);
        for (y, year) in site.years.iter().enumerate() {
            let base = permalink::year_path(year.year);
            listing(ListingKind::Year(y), base, &year.articles);
            for (m, month) in year.months.iter().enumerate() {
                let base = permalink::month_path(month.year, month.month);
                listing(ListingKind::Month(y, m), base, &month.articles);
                for (d, day) in month.days.iter().enumerate() {
                    let base = permalink::day_path(day.date);
                    listing(ListingKind::Day(y, m, d), base, &day.articles);
                }
            }
        }
        for (s, section) in site.sections.iter().enumerate() {
            let base = section.slug.clone();
            listing(ListingKind::Section(s), base, &section.articles);
        }
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            for (k, term) in taxonomy.terms.iter().enumerate() {
                let base = format!("{}/{}", taxonomy.slug, term.slug);
                listing(ListingKind::Term(t, k), base, &term.articles);
            }
        }
        // Stable: pages completed at the same article keep the order above.
        pages.sort_by_key(|(oldest, _)| *oldest);
        pages.into_iter().map(|(_, page)| page).collect()
    }

    /// The front page's breaking strip ends, a story shown with its hour
    /// turns a day old, a live coverage stops being «مباشر», or (with
    /// `hijri`) the front page's date line turns.
    fn changes_at(site: &Site) -> Option<DateTime<FixedOffset>> {
        let hours = site.settings.toml.breaking_hours;
        let strip = crate::front::strip_expires(&site.front, &site.articles, hours);
        [
            strip,
            hour_expires(site),
            live_expires(site),
            date_line_expires(site),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn path(&self, _site: &Site) -> String {
        index_file(&paginated(&self.base, self.page))
    }

    fn template(&self) -> &'static str {
        "list.html"
    }

    fn also_uses(&self) -> &'static [&'static str] {
        &[TEASER_TEMPLATE]
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        let per_page = site.settings.toml.per_page;
        let first = (self.page - 1) * per_page;
        let (count, children) = match listing_ids(site, &self.kind) {
            Some((ids, children)) => {
                for &i in ids.iter().skip(first).take(per_page) {
                    h.summary[i].hash(state);
                }
                (ids.len(), children)
            }
            // The home listing is every article, newest first.
            None => {
                for i in first..(first + per_page).min(site.len()) {
                    h.summary[i].hash(state);
                }
                (site.len(), Vec::new())
            }
        };
        (self.page, count.div_ceil(per_page), children).hash(state);
        if let ListingKind::Day(y, m, d) = self.kind {
            site.day_neighbours(y, m, d).hash(state);
        }
        if self.is_front_page() {
            front_signature(site, h, state);
        }
    }

    /// The compiled theme writes every page but the front page when the
    /// templates are the built-in ones; Tera the rest.
    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let teaser = teaser_writer(contexts, tera);
        let Listing { kind, base, page } = self;
        if tera.native_pages() && !self.is_front_page() {
            return match contexts.listing_page(kind, base, *page, &teaser) {
                Ok(page) => {
                    let mut out = Vec::with_capacity(PAGE_BYTES);
                    native::listing(contexts, &page, &mut out);
                    Ok(out)
                }
                Err(error) => {
                    let within = format!("while rendering {}", self.path(contexts.site));
                    Err(error.within(within))
                }
            };
        }
        let context = contexts.listing(kind, base, *page, &teaser)?;
        render_one(tera, self.template(), &context)
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

/// When the oldest story shown with its hour turns a day old, and is shown
/// with its date instead.
fn hour_expires(site: &Site) -> Option<DateTime<FixedOffset>> {
    let now = site.settings.now();
    let last_day = crate::render::context::LastDay::until(now);
    // Newest first: the recent stories lead the list.
    let oldest_recent = site
        .articles
        .iter()
        .skip_while(|a| a.date > now)
        .take_while(|a| last_day.covers(a.date))
        .filter(|a| a.timed)
        .last()?;
    Some(oldest_recent.date + chrono::Duration::hours(24))
}

/// When a live coverage shown as going on stops being «مباشر».
fn live_expires(site: &Site) -> Option<DateTime<FixedOffset>> {
    let now = site.settings.now();
    site.articles
        .iter()
        .filter_map(|a| Some((a, a.live.as_deref()?)))
        .filter(|(a, live)| live.is_on(a.date, now))
        .map(|(a, live)| live.ends(a.date))
        .min()
}

/// The front page's date line changes at midnight, in the site's zone.
fn date_line_expires(site: &Site) -> Option<DateTime<FixedOffset>> {
    let settings = &site.settings;
    if !settings.toml.hijri {
        return None;
    }
    let tomorrow = settings.today().succ_opt()?;
    settings
        .zone
        .at_local(tomorrow.and_time(chrono::NaiveTime::MIN))
}

/// What the front page shows around its list: the lead story, the breaking
/// strip, the second tier, each section's block, the topics and months.
fn front_signature(site: &Site, h: &ArticleHashes, state: &mut Signer) {
    let front = &site.front;
    // Its date line: today's date, in both calendars.
    if site.settings.toml.hijri {
        site.settings.today().hash(state);
    }
    front.lead.map(|i| h.summary[i]).hash(state);
    for &i in &front.breaking {
        h.summary[i].hash(state);
    }
    for &i in &front.second {
        (h.summary[i], site.section_of[i]).hash(state);
    }
    for (s, stories) in &front.sections {
        (&site.sections[*s].name, &site.sections[*s].slug).hash(state);
        for &i in stories {
            h.summary[i].hash(state);
        }
    }
    // Beside the latest stories: the topics and the archive's latest months.
    let tags = site
        .taxonomies
        .iter()
        .find(|t| t.kind == crate::config::TaxonomyKind::Tags);
    if let Some(tags) = tags {
        (&tags.slug, front.topics.len()).hash(state);
        for &k in &front.topics {
            (&tags.terms[k].name, &tags.terms[k].slug).hash(state);
        }
    }
    let months = site.years.iter().flat_map(|y| &y.months);
    for month in months.take(crate::render::context::front::ARCHIVE_MONTHS) {
        (month.year, month.month, month.articles.len()).hash(state);
    }
}
