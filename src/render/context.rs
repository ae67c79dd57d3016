//! Per-page template contexts: small values borrowed from the [`Site`], never
//! the whole site (the classic cause of quadratic builds).

use serde::Serialize;
use serde_json::json;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;

use tera::{Context, Value};

use super::templates::Templates;

use super::listing_url;
use crate::arabic::format::DateStyle;
use crate::content::{truncate_words, Article};
use crate::permalink::{self, folder_url, ARCHIVE_INDEX};
use crate::report::Diagnostic;
use crate::site::{Link, Site};

/// Characters of a description taken from the lead paragraph.
const DESCRIPTION_CHARS: usize = 160;
/// Listing pages that show each article: home, year, month and day.
const LISTINGS_PER_ARTICLE: u8 = 4;
/// The template of one article's teaser in a listing.
pub const TEASER_TEMPLATE: &str = "teaser.html";
/// Numbered links on each side of the current page in a paginator.
const PAGER_WINDOW: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListingKind {
    Home,
    Year(usize),
    Month(usize, usize),
    Day(usize, usize, usize),
}

#[derive(Serialize)]
pub(super) struct SiteCtx {
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
    /// Static files by name → URL (fingerprinted names in `build`).
    pub assets: std::collections::BTreeMap<String, String>,
}

/// What listings, feeds and links show of an article.
#[derive(Serialize, Clone)]
pub struct Summary {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date_iso: String,
    pub date_human: String,
    pub city: Option<String>,
    pub summary: String,
}

#[derive(Serialize)]
struct Crumb {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct CountedLink {
    label: String,
    url: String,
    count: String,
}

#[derive(Serialize)]
struct LinkCtx<'a> {
    title: &'a str,
    url: Option<&'a str>,
    date_iso: Option<&'a str>,
    date_human: Option<&'a str>,
    excerpt: Option<String>,
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    title: &'a str,
    url: &'a str,
    permalink: &'a str,
    date_iso: &'a str,
    date_human: &'a str,
    city: Option<&'a str>,
    source: Option<&'a str>,
    /// Who wrote it, for the byline (empty when unsigned).
    authors: &'a [String],
    body_html: &'a str,
    read_also: Vec<LinkCtx<'a>>,
    backlinks: Vec<&'a Summary>,
    older: Option<&'a Summary>,
    newer: Option<&'a Summary>,
    day: Crumb,
    month: Crumb,
    year: Crumb,
    json_ld: String,
}

/// Open Graph and Twitter card data for a page's head.
#[derive(Serialize)]
struct OpenGraph<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

/// `NewsArticle` structured data. Fields in byte order of their JSON names,
/// so the output matches a sorted map's.
#[derive(Serialize)]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Named<'a>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: WebPageLd<'a>,
    publisher: Named<'a>,
    url: &'a str,
}

/// `{"@type": …, "name": …, "url": …}` (url when known).
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct WebPageLd<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// `BreadcrumbList` structured data (fields in byte order of their names).
#[derive(Serialize)]
struct BreadcrumbListLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItemLd<'a>>,
}

#[derive(Serialize)]
struct ListItemLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

#[derive(Serialize)]
struct PagerLink {
    label: String,
    url: Option<String>,
    current: bool,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct FeedLink {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
}

#[derive(Serialize)]
struct ListingCtx {
    kind: &'static str,
    title: String,
    heading: String,
    permalink: String,
    breadcrumbs: Vec<Crumb>,
    children: Vec<CountedLink>,
    /// Each article's `teaser.html`, rendered once per build and shared:
    /// Tera's values are reference-counted, so a listing takes twenty
    /// teasers without copying them.
    teasers: Vec<Value>,
    feeds: Vec<FeedLink>,
    json_ld: Option<String>,
}

/// Shared, precomputed pieces every page context borrows from.
pub struct Contexts<'a> {
    pub site: &'a Site,
    pub(super) site_ctx: SiteCtx,
    /// `site_ctx` as a template value, made once and shared by every page.
    site_value: Value,
    /// Built on first use: a rebuild that renders five pages needs five.
    summaries: Vec<std::sync::OnceLock<Summary>>,
    /// Each article's teaser HTML (or the error rendering it), made on first
    /// use and shared by the four listings that show it — Hugo's
    /// `partialCached`, built in: a listing page then costs its own
    /// chrome and not twenty template runs. Let go once all four have
    /// rendered (see [`Contexts::teasers_placed`]), so a large archive
    /// never holds all its teasers at once.
    teasers: Vec<Mutex<Option<Result<Value, Diagnostic>>>>,
    /// Listings still to show each article: every article is on one page
    /// of the home listing and of its year, month and day.
    teaser_uses: Vec<AtomicU8>,
    /// 0..n: articles are stored newest first, so this is the home listing.
    all: Vec<usize>,
    pub(super) style: DateStyle,
    pub(super) base_path: String,
    /// Absolute when `base_url` is; else the base path.
    absolute_base: String,
}

impl<'a> Contexts<'a> {
    pub fn new(site: &'a Site) -> Self {
        let settings = &site.settings;
        let toml = &settings.toml;
        let base_path = settings.base_path();
        let absolute_base = if settings.has_absolute_base() {
            settings.base_url()
        } else {
            base_path.clone()
        };
        let style = settings.date_style();
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
            archive_url: folder_url(&base_path, ARCHIVE_INDEX),
            feed_url: format!("{base_path}atom.xml"),
            rss_url: format!("{base_path}rss.xml"),
            json_feed_url: format!("{base_path}feed.json"),
            stylesheet_url: asset_url(settings, &base_path, "style.css"),
            assets: settings
                .asset_paths
                .iter()
                .map(|(name, path)| (name.clone(), format!("{base_path}{path}")))
                .collect(),
        };
        Contexts {
            site,
            // Strings and a map of strings: serialising them cannot fail
            // (and `from_serializable` would panic if it did).
            site_value: Value::try_from_serializable(&site_ctx).unwrap_or_else(|_| Value::from(())),
            site_ctx,
            summaries: (0..site.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            teasers: (0..site.len()).map(|_| Mutex::new(None)).collect(),
            teaser_uses: (0..site.len())
                .map(|_| AtomicU8::new(LISTINGS_PER_ARTICLE))
                .collect(),
            all: (0..site.len()).collect(),
            style,
            base_path,
            absolute_base,
        }
    }

    /// The summary of article `i`, computed once.
    pub(super) fn summary_of(&self, i: usize) -> &Summary {
        self.summaries[i].get_or_init(|| self.summary(i))
    }

    /// The teaser of article `i` (`teaser.html` with `site` and `item`),
    /// rendered once.
    fn teaser_of(&self, i: usize, tera: &Templates) -> Result<Value, Diagnostic> {
        // A poisoned lock only means another page panicked: the value is whole.
        let mut slot = self.teasers[i].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(teaser) = slot.as_ref() {
            return teaser.clone();
        }
        let rendered = {
            let mut context = self.base();
            context.insert("item", self.summary_of(i));
            let mut out = Vec::with_capacity(1024);
            let article = &self.site.articles[i];
            let within = format!(
                "while rendering the teaser of {} ({})",
                article.id, article.title
            );
            // Tera writes only what its templates and values hold: UTF-8.
            tera.render_to(TEASER_TEMPLATE, &context, &mut out)
                .and_then(|()| {
                    std::str::from_utf8(&out)
                        .map(Value::safe_string)
                        .map_err(|e| {
                            super::templates::template_error(TEASER_TEMPLATE, &e.to_string())
                        })
                })
                .map_err(|d| d.within(within))
        };
        *slot = Some(rendered.clone());
        rendered
    }

    /// What was made for pages (every article's summary, teasers not yet
    /// let go), handed over for freeing elsewhere: tens of thousands of
    /// small allocations.
    pub fn into_made(self) -> impl Send + 'static {
        (self.summaries, self.teasers)
    }

    /// Counts a listing page against its articles' teasers (the page's
    /// context holds its own share of each), letting go of each teaser that
    /// no listing still needs.
    fn teasers_placed(&self, ids: &[usize]) {
        for &i in ids {
            if self.teaser_uses[i].fetch_sub(1, Ordering::AcqRel) == 1 {
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
        }
    }

    fn summary(&self, i: usize) -> Summary {
        let article = &self.site.articles[i];
        let url = folder_url(&self.base_path, &self.site.paths[i]);
        Summary {
            title: article.title.clone(),
            permalink: self.absolute(&url),
            url,
            date_iso: article.date.to_rfc3339(),
            date_human: self.style.full_date(self.site.days[i]),
            city: article.city.clone(),
            summary: description(article),
        }
    }

    /// An absolute URL for a root-relative one (when `base_url` allows).
    pub(super) fn absolute(&self, url: &str) -> String {
        let rest = url.strip_prefix(&self.base_path).unwrap_or(url);
        format!("{}{rest}", self.absolute_base)
    }

    /// A context with only `site` in it.
    pub fn base(&self) -> Context {
        let mut context = Context::new();
        context.insert("site", &self.site_value);
        context
    }

    pub fn article(&self, i: usize) -> Context {
        let site = self.site;
        let article = &site.articles[i];
        let summary = self.summary_of(i);
        let day = site.days[i];
        use chrono::Datelike;
        let page = ArticleCtx {
            title: &article.title,
            url: &summary.url,
            permalink: &summary.permalink,
            date_iso: &summary.date_iso,
            date_human: &summary.date_human,
            city: article.city.as_deref(),
            source: article.source.as_deref(),
            authors: &article.authors,
            body_html: &article.body_html,
            read_also: site.read_also[i].iter().map(|l| self.link(l)).collect(),
            backlinks: site.backlinks[i]
                .iter()
                .map(|&b| self.summary_of(b))
                .collect(),
            older: (i + 1 < site.len()).then(|| self.summary_of(i + 1)),
            newer: i.checked_sub(1).map(|n| self.summary_of(n)),
            day: Crumb {
                label: self.style.day_month_year(day),
                url: folder_url(&self.base_path, &permalink::day_path(day)),
            },
            month: Crumb {
                label: self.style.month_year(day.year(), day.month()),
                url: folder_url(
                    &self.base_path,
                    &permalink::month_path(day.year(), day.month()),
                ),
            },
            year: Crumb {
                label: self.style.number(day.year()),
                url: folder_url(&self.base_path, &permalink::year_path(day.year())),
            },
            json_ld: self.json_ld(article, summary),
        };
        let modified = article.updated.map(|u| u.to_rfc3339());
        let og = OpenGraph {
            published: Some(&summary.date_iso),
            modified: Some(modified.unwrap_or_else(|| summary.date_iso.clone())),
            image: self.image(article),
            ..self.open_graph(
                "article",
                &article.title,
                &summary.permalink,
                &summary.summary,
            )
        };
        let mut context = self.base();
        context.insert("page", &page);
        context.insert("description", &summary.summary);
        context.insert("og", &og);
        context
    }

    fn link<'b>(&'b self, link: &'b Link) -> LinkCtx<'b> {
        match link {
            Link::Resolved { target, .. } => {
                let s = self.summary_of(*target);
                LinkCtx {
                    title: &s.title,
                    url: Some(&s.url),
                    date_iso: Some(&s.date_iso),
                    date_human: Some(&s.date_human),
                    excerpt: None,
                }
            }
            Link::Unresolved { reference, .. } => LinkCtx {
                title: &reference.title,
                url: None,
                date_iso: None,
                date_human: None,
                excerpt: reference
                    .excerpt
                    .first()
                    .map(|p| truncate_words(p, DESCRIPTION_CHARS)),
            },
        }
    }

    fn json_ld(&self, article: &Article, summary: &Summary) -> String {
        let modified = article.updated.map(|u| u.to_rfc3339());
        let value = NewsArticleLd {
            context: "https://schema.org",
            kind: "NewsArticle",
            author: Named {
                kind: "Organization",
                name: article.source.as_deref().unwrap_or(&self.site_ctx.author),
                url: None,
            },
            date_modified: modified.as_deref().unwrap_or(&summary.date_iso),
            date_published: &summary.date_iso,
            dateline: article.city.as_deref(),
            description: &summary.summary,
            headline: &article.title,
            image: self.image(article).map(|image| [image]),
            in_language: &self.site.settings.toml.language,
            main_entity_of_page: WebPageLd {
                id: &summary.permalink,
                kind: "WebPage",
            },
            publisher: Named {
                kind: "Organization",
                name: &self.site_ctx.publisher,
                // The site's own URL, absolute when `base_url` is.
                url: Some(&self.site_ctx.base_url),
            },
            url: &summary.permalink,
        };
        script_safe_json(&serde_json::to_string(&value).unwrap_or_default())
    }

    /// The article's image as an absolute URL.
    fn image(&self, article: &Article) -> Option<String> {
        let image = article.image.as_deref()?;
        Some(self.absolute(&super::publish::image_url(self, image)))
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
            image: None,
        }
    }

    /// `BreadcrumbList` structured data for an archive page.
    fn breadcrumb_json_ld(&self, crumbs: &[Crumb], current: &str, url: &str) -> String {
        let mut items: Vec<ListItemLd> = crumbs
            .iter()
            .enumerate()
            .map(|(n, c)| ListItemLd {
                kind: "ListItem",
                item: self.absolute(&c.url),
                name: &c.label,
                position: n + 1,
            })
            .collect();
        items.push(ListItemLd {
            kind: "ListItem",
            item: url.to_string(),
            name: current,
            position: items.len() + 1,
        });
        let value = BreadcrumbListLd {
            context: "https://schema.org",
            kind: "BreadcrumbList",
            item_list_element: items,
        };
        script_safe_json(&serde_json::to_string(&value).unwrap_or_default())
    }

    /// The context of one page of a listing; fails when a teaser does.
    pub fn listing(
        &self,
        kind: &ListingKind,
        base: &str,
        page: usize,
        tera: &Templates,
    ) -> Result<Context, Diagnostic> {
        let site = self.site;
        let per_page = site.settings.toml.per_page;
        let (name, kind_name, breadcrumbs, children) = self.listing_parts(kind);
        let ids = self.listing_articles(kind);
        let total = ids.len().div_ceil(per_page).max(1);
        let on_page = self.page_of(ids, page);
        let teasers: Result<Vec<Value>, Diagnostic> =
            on_page.iter().map(|&i| self.teaser_of(i, tera)).collect();
        // Counted whether or not one failed: the page is done with them.
        self.teasers_placed(on_page);
        let teasers = teasers?;
        let title = if page > 1 {
            format!("{name} — الصفحة {}", self.style.number(page))
        } else {
            name.clone()
        };
        let permalink = self.absolute(&listing_url(&self.base_path, base, page));
        let json_ld = if breadcrumbs.is_empty() {
            None
        } else {
            Some(self.breadcrumb_json_ld(&breadcrumbs, &name, &permalink))
        };
        let feeds = match *kind {
            ListingKind::Month(y, m) => self.month_feeds(y, m),
            _ => Vec::new(),
        };
        let description = if kind == &ListingKind::Home {
            site.settings.toml.description.clone()
        } else {
            String::new()
        };
        let mut context = self.base();
        let og = self.open_graph("website", &title, &permalink, &description);
        context.insert("og", &og);
        let listing = ListingCtx {
            kind: kind_name,
            heading: title.clone(),
            title,
            permalink,
            breadcrumbs,
            children,
            teasers,
            feeds,
            json_ld,
        };
        context.insert("listing", &listing);
        context.insert("paginator", &self.paginator(base, page, total));
        if !description.is_empty() && page == 1 {
            context.insert("description", &description);
        }
        Ok(context)
    }

    /// Autodiscovery links for a month's own feeds.
    fn month_feeds(&self, y: usize, m: usize) -> Vec<FeedLink> {
        use super::publish::{feed_path, FeedFormat, Scope};
        FeedFormat::ALL
            .iter()
            .map(|&format| FeedLink {
                name: match format {
                    FeedFormat::Atom => "Atom",
                    FeedFormat::Rss => "RSS",
                    FeedFormat::Json => "JSON Feed",
                },
                kind: match format {
                    FeedFormat::Atom => "application/atom+xml",
                    FeedFormat::Rss => "application/rss+xml",
                    FeedFormat::Json => "application/feed+json",
                },
                url: format!(
                    "{}{}",
                    self.base_path,
                    feed_path(self.site, format, &Scope::Month(y, m))
                ),
            })
            .collect()
    }

    /// The name, kind, breadcrumbs and children of a listing.
    fn listing_parts(
        &self,
        kind: &ListingKind,
    ) -> (String, &'static str, Vec<Crumb>, Vec<CountedLink>) {
        let site = self.site;
        let archive = Crumb {
            label: "الأرشيف".into(),
            url: self.site_ctx.archive_url.clone(),
        };
        match *kind {
            ListingKind::Home => ("آخر الأخبار".to_string(), "home", Vec::new(), Vec::new()),
            ListingKind::Year(y) => {
                let year = &site.years[y];
                let children = year
                    .months
                    .iter()
                    .map(|m| CountedLink {
                        label: self.style.month_name(m.month),
                        url: folder_url(&self.base_path, &permalink::month_path(m.year, m.month)),
                        count: self.style.number(m.articles.len()),
                    })
                    .collect();
                let name = format!("أرشيف {}", self.style.number(year.year));
                (name, "year", vec![archive], children)
            }
            ListingKind::Month(y, m) => {
                let month = &site.years[y].months[m];
                let children = month
                    .days
                    .iter()
                    .map(|d| CountedLink {
                        label: self.style.day_month_year(d.date),
                        url: folder_url(&self.base_path, &permalink::day_path(d.date)),
                        count: self.style.number(d.articles.len()),
                    })
                    .collect();
                let crumbs = vec![archive, self.year_crumb(month.year)];
                let name = self.style.month_year(month.year, month.month);
                (name, "month", crumbs, children)
            }
            ListingKind::Day(y, m, d) => {
                let month = &site.years[y].months[m];
                let day = &month.days[d];
                let crumbs = vec![
                    archive,
                    self.year_crumb(month.year),
                    Crumb {
                        label: self.style.month_year(month.year, month.month),
                        url: folder_url(
                            &self.base_path,
                            &permalink::month_path(month.year, month.month),
                        ),
                    },
                ];
                let name = self.style.full_date(day.date);
                (name, "day", crumbs, Vec::new())
            }
        }
    }

    fn year_crumb(&self, year: i32) -> Crumb {
        Crumb {
            label: self.style.number(year),
            url: folder_url(&self.base_path, &permalink::year_path(year)),
        }
    }

    fn paginator(&self, base: &str, current: usize, total: usize) -> Paginator {
        let url = |n: usize| listing_url(&self.base_path, base, n);
        let mut pages = Vec::new();
        let mut gap = false;
        for n in 1..=total {
            let near = n.abs_diff(current) <= PAGER_WINDOW;
            if n == 1 || n == total || near {
                pages.push(PagerLink {
                    label: self.style.number(n),
                    url: Some(url(n)),
                    current: n == current,
                });
                gap = false;
            } else if !gap {
                pages.push(PagerLink {
                    label: "…".into(),
                    url: None,
                    current: false,
                });
                gap = true;
            }
        }
        Paginator {
            current,
            total,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total).then(|| url(current + 1)),
            pages,
        }
    }

    pub fn archive_index(&self) -> Context {
        let years: Vec<_> = self
            .site
            .years
            .iter()
            .map(|y| {
                let months: Vec<CountedLink> = y
                    .months
                    .iter()
                    .map(|m| CountedLink {
                        label: self.style.month_name(m.month),
                        url: folder_url(&self.base_path, &permalink::month_path(m.year, m.month)),
                        count: self.style.number(m.articles.len()),
                    })
                    .collect();
                json!({
                    "label": self.style.number(y.year),
                    "url": folder_url(&self.base_path, &permalink::year_path(y.year)),
                    "count": self.style.number(y.articles.len()),
                    "months": months,
                })
            })
            .collect();
        let mut context = self.base();
        context.insert("years", &years);
        context.insert(
            "total_label",
            &format!("{} مقالاً في الأرشيف", self.style.number(self.site.len())),
        );
        context.insert("permalink", &self.absolute(&self.site_ctx.archive_url));
        context
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

/// The article's description: its own, or its lead cut at a word.
fn description(article: &Article) -> String {
    match &article.description {
        Some(d) => d.clone(),
        None => truncate_words(&article.lead, DESCRIPTION_CHARS),
    }
}

/// JSON that is safe inside `<script>`: `<`, `>` and `&` as `\u` escapes, so
/// no title can close the script element.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    for i in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        let escaped = match json.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        };
        // ASCII bytes are always character boundaries.
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SourceFile, SourceKind};

    fn site_of(texts: &[&str]) -> Site {
        site_with(texts, crate::config::Config::default())
    }

    fn site_with(texts: &[&str], config: crate::config::Config) -> Site {
        let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        let articles = texts.iter().enumerate().filter_map(|(n, text)| {
            let source = SourceFile {
                path: format!("{n}.txt").into(),
                id: format!("{n}.txt"),
                kind: SourceKind::Raw,
                text: text.to_string(),
            };
            crate::content::parse(&source, utc).0
        });
        let settings = crate::settings::Settings::new(config, Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
        crate::resolve::resolve(articles, settings).0
    }

    #[test]
    fn teasers_are_let_go_once_their_four_listings_have_rendered() {
        // One article a page: the home listing has three pages.
        let one_a_page = crate::config::Config {
            per_page: 1,
            ..Default::default()
        };
        let site = site_with(
            &[
                "خبر أول\nتاريخ النشر: 2025-11-11\nنص أول.\n",
                "خبر ثان\nتاريخ النشر: 2024-03-12\nنص ثان.\n",
                "خبر ثالث\nتاريخ النشر: 2024-03-12\nنص ثالث.\n",
            ],
            one_a_page,
        );
        let Ok(tera) = super::super::templates::build_tera(&[], false) else {
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
                super::super::Job::Listing { kind, base, page } => Some((kind, base, page)),
                _ => None,
            })
            .collect();
        assert_eq!(listings.len(), 3 + 3 + 3 + 3, "home, years, months, days");
        let mut most = 0;
        for (kind, base, page) in &listings {
            assert!(contexts.listing(kind, base, *page, &tera).is_ok());
            most = most.max(held(&contexts));
        }
        assert_eq!(held(&contexts), 0, "every teaser let go at the end");
        assert_eq!(most, 2, "2025's teaser goes before 2024's are made");
    }

    #[test]
    fn each_teaser_renders_once_and_is_shared_by_every_listing() {
        let site = site_of(&[
            "خبر أول\nتاريخ النشر: 2025-11-11\nنص أول.\n",
            "خبر ثان\nتاريخ النشر: 2025-11-12\nنص ثان.\n",
        ]);
        let Ok(tera) = super::super::templates::build_tera(&[], false) else {
            panic!("the default templates must build");
        };
        let contexts = Contexts::new(&site);
        let teaser = |i| {
            contexts
                .teaser_of(i, &tera)
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (first, again) = (teaser(1), teaser(1));
        let (first, again) = (first.as_str().unwrap_or(""), again.as_str().unwrap_or(""));
        assert!(first.contains("خبر أول"), "{first}");
        assert!(
            std::ptr::eq(first, again),
            "the second call must reuse the first rendering"
        );
        let home = contexts
            .listing(&ListingKind::Home, "", 1, &tera)
            .unwrap_or_default();
        let teasers = home
            .get("listing")
            .and_then(|l| l.get_from_path("teasers"))
            .and_then(|t| t.as_array())
            .unwrap_or_default();
        assert_eq!(teasers.len(), 2);
        assert_eq!(teasers[1].as_str(), Some(first));
    }

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let json = json!({ "headline": "</script><script>alert(1)</script>" }).to_string();
        let safe = script_safe_json(&json);
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
        let mixed = json!({ "a": "x & y > z <!--", "b": "عربي" }).to_string();
        let safe = script_safe_json(&mixed);
        assert!(!safe.contains(['<', '>', '&']));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["a"], "x & y > z <!--");
        assert_eq!(back["b"], "عربي");
    }
}
