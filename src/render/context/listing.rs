//! Listing pages' contexts (`list.html`: home and year/month/day archives)
//! and the archive index (`archive.html`).

use serde::Serialize;
use serde_json::json;
use tera::{Context, Value};

use super::picture::PictureCtx;
use super::{Contexts, CountedLink, Crumb, ListingKind, NamedLink, TeaserWriter};
use crate::config::TaxonomyKind;
use crate::permalink::{self, folder_iri};
use crate::render::listing_url;
use crate::render::publish::{feed_path, FeedFormat, Scope};
use crate::report::Diagnostic;

#[derive(Serialize)]
pub(in crate::render) struct FeedLink {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: String,
}

/// A term on its taxonomy's index page.
#[derive(Serialize)]
struct TermCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
    /// "3 أخبار", "11 خبرًا" …
    count_label: String,
}

#[derive(Serialize)]
struct TaxonomyCtx<'a> {
    name: &'a str,
    url: &'a str,
    permalink: &'a str,
    terms: Vec<TermCount<'a>>,
}

#[derive(Serialize)]
pub(in crate::render) struct ListingCtx {
    pub kind: &'static str,
    pub title: String,
    pub heading: String,
    pub permalink: String,
    pub breadcrumbs: Vec<Crumb>,
    pub children: Vec<CountedLink>,
    /// Each article's `teaser.html`, rendered once per build and shared:
    /// Tera's values are reference-counted, so a listing takes twenty
    /// teasers without copying them.
    pub teasers: Vec<Value>,
    pub feeds: Vec<FeedLink>,
    pub json_ld: Option<String>,
    /// On a day's page, the day archives before and after it.
    pub older_day: Option<Crumb>,
    pub newer_day: Option<Crumb>,
    /// On a writer's page, the profile from `data/authors` (first page).
    pub profile: Option<ProfileCtx>,
    /// When a story on the page is of the last 24 hours: the script that
    /// writes how long ago («منذ ساعتين»), at the list's end.
    pub ago_script: Option<String>,
}

/// A writer's profile as their page shows it: photo, role, bio, links
/// (each named by its site) and how many stories they signed.
#[derive(Serialize)]
pub(in crate::render) struct ProfileCtx {
    pub name: String,
    pub role: String,
    pub bio: String,
    pub photo: Option<PictureCtx>,
    pub links: Vec<NamedLink>,
    /// «12 خبرًا».
    pub count_label: String,
}

/// One page of a listing, as `list.html` gets it.
pub(in crate::render) struct ListingPage<'c> {
    pub listing: ListingCtx,
    pub paginator: super::paginator::Paginator,
    /// The front page's blocks, on the first page of the home listing.
    pub front: Option<super::front::FrontCtx<'c>>,
    /// The site's description, on the first page of the home listing (and
    /// for Open Graph on all its pages).
    pub description: String,
}

impl ListingPage<'_> {
    /// `description` as the page's own meta tag shows it: only on page 1.
    pub(crate) fn meta_description(&self) -> &str {
        if self.paginator.current == 1 {
            &self.description
        } else {
            ""
        }
    }
}

impl Contexts<'_> {
    /// The context of one page of a listing; fails when a teaser does.
    pub(crate) fn listing(
        &self,
        kind: &ListingKind,
        base: &str,
        page: usize,
        teaser: &TeaserWriter,
    ) -> Result<Context, Diagnostic> {
        let page = self.listing_page(kind, base, page, teaser)?;
        let mut context = self.base();
        context.insert("og", &self.listing_open_graph(&page));
        context.insert("listing", &page.listing);
        context.insert("paginator", &page.paginator);
        if let Some(front) = &page.front {
            context.insert("front", front);
        }
        let description = page.meta_description();
        if !description.is_empty() {
            context.insert("description", description);
        }
        Ok(context)
    }

    /// A listing page's Open Graph data.
    pub(in crate::render) fn listing_open_graph<'p>(
        &'p self,
        page: &'p ListingPage,
    ) -> super::OpenGraph<'p> {
        let listing = &page.listing;
        // The front page is shared under the paper's name, as its <title>.
        let title = if listing.kind == "home" && page.paginator.current == 1 {
            &self.site.settings.toml.title
        } else {
            &listing.title
        };
        self.open_graph("website", title, &listing.permalink, &page.description)
    }

    /// One page of a listing; fails when a teaser does.
    pub(in crate::render) fn listing_page(
        &self,
        kind: &ListingKind,
        base: &str,
        page: usize,
        teaser: &TeaserWriter,
    ) -> Result<ListingPage<'_>, Diagnostic> {
        let site = self.site;
        let per_page = site.settings.toml.per_page;
        let (name, kind_name, breadcrumbs, children) = self.listing_parts(kind);
        let ids = self.listing_articles(kind);
        let total = ids.len().div_ceil(per_page).max(1);
        let on_page = self.page_of(ids, page);
        // The front page shows its lead story above the list, not in it
        // (the second tier, like the section blocks, stays in the latest).
        let front_page = *kind == ListingKind::Home && page == 1;
        let lead = site.front.lead.filter(|_| front_page);
        let teasers: Result<Vec<Value>, Diagnostic> = on_page
            .iter()
            .filter(|&&i| Some(i) != lead)
            .map(|&i| self.teaser_of(i, teaser))
            .collect();
        // Counted whether or not one failed: the page is done with them.
        self.teasers_placed(on_page);
        let teasers = teasers?;
        let recent = on_page
            .iter()
            .any(|&i| self.last_day.has(&site.articles[i]));
        let ago_script = recent.then(|| self.ago_script().to_string());
        let title = if page > 1 {
            format!("{name} — {} {}", self.text("page"), self.style.number(page))
        } else {
            name.clone()
        };
        let permalink = self.permalink(&listing_url(&self.base_path, base, page));
        let author = self.author_of_listing(kind);
        let json_ld = if breadcrumbs.is_empty() {
            None
        } else {
            let trail = self.breadcrumb_json_ld(&breadcrumbs, &name, &permalink);
            Some(match author {
                // A writer's page is also their profile (`ProfilePage`).
                Some(author) => format!("[{trail},{}]", self.profile_json_ld(author, &permalink)),
                None => trail,
            })
        };
        let profile = author
            .filter(|_| page == 1)
            .map(|author| self.profile_ctx(author, ids.len()));
        let feeds = match *kind {
            ListingKind::Month(y, m) => self.feeds_of(&Scope::Month(y, m)),
            ListingKind::Section(s) => self.feeds_of(&Scope::Section(s)),
            ListingKind::Term(t, k) => self.feeds_of(&Scope::Term(t, k)),
            _ => Vec::new(),
        };
        let (older_day, newer_day) = match *kind {
            ListingKind::Day(y, m, d) => {
                let (older, newer) = site.day_neighbours(y, m, d);
                (
                    older.map(|day| self.day_link(day)),
                    newer.map(|day| self.day_link(day)),
                )
            }
            _ => (None, None),
        };
        let description = if kind == &ListingKind::Home {
            site.settings.toml.description.clone()
        } else {
            String::new()
        };
        Ok(ListingPage {
            listing: ListingCtx {
                kind: kind_name,
                heading: title.clone(),
                title,
                permalink,
                breadcrumbs,
                children,
                teasers,
                feeds,
                json_ld,
                older_day,
                newer_day,
                profile,
                ago_script,
            },
            paginator: self.paginator(base, page, total),
            front: front_page.then(|| self.front()),
            description,
        })
    }

    /// The profile of the writer a listing is the page of, if any.
    fn author_of_listing(&self, kind: &ListingKind) -> Option<&crate::site::Author> {
        let ListingKind::Term(t, k) = *kind else {
            return None;
        };
        let taxonomy = &self.site.taxonomies[t];
        if taxonomy.kind != TaxonomyKind::Authors || self.site.authors.is_empty() {
            return None;
        }
        self.site.authors.of(&taxonomy.terms[k].key)
    }

    fn profile_ctx(&self, author: &crate::site::Author, count: usize) -> ProfileCtx {
        let profile = &author.profile;
        ProfileCtx {
            name: profile.name.clone(),
            role: profile.role.clone(),
            bio: profile.bio.clone(),
            photo: author.photo.as_ref().map(|p| self.picture_ctx(p, None)),
            links: profile
                .links
                .iter()
                .map(|url| NamedLink {
                    name: site_name_of(url).to_string(),
                    url: url.clone(),
                })
                .collect(),
            count_label: self.count("news_count", count),
        }
    }

    /// A link to the archive of `day`: «22 يونيو 2025».
    fn day_link(&self, day: chrono::NaiveDate) -> Crumb {
        Crumb {
            label: self.style.day_month_year(day),
            url: folder_iri(&self.base_path, &permalink::day_path(day)),
        }
    }

    /// Autodiscovery links for a listing's own feeds.
    fn feeds_of(&self, scope: &Scope) -> Vec<FeedLink> {
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
                url: format!("{}{}", self.base_path, feed_path(self.site, format, scope)),
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
            label: self.text("archive"),
            url: self.site_ctx.archive_url.clone(),
        };
        match *kind {
            ListingKind::Home => (self.text("latest_news"), "home", Vec::new(), Vec::new()),
            ListingKind::Year(y) => {
                let year = &site.years[y];
                let children = self.month_links(year);
                let name = format!(
                    "{} {}",
                    self.text("archive_of"),
                    self.style.number(year.year)
                );
                (name, "year", vec![archive], children)
            }
            ListingKind::Month(y, m) => {
                let month = &site.years[y].months[m];
                let children = month
                    .days
                    .iter()
                    .map(|d| CountedLink {
                        label: self.style.day_month_year(d.date),
                        url: folder_iri(&self.base_path, &permalink::day_path(d.date)),
                        count: self.style.number(d.articles.len()),
                    })
                    .collect();
                let crumbs = vec![archive, self.year_crumb(month.year)];
                let name = format!(
                    "{} {}",
                    self.text("archive_of"),
                    self.style.month_year(month.year, month.month)
                );
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
                        url: folder_iri(
                            &self.base_path,
                            &permalink::month_path(month.year, month.month),
                        ),
                    },
                ];
                let name = self.style.full_date(day.date);
                (name, "day", crumbs, Vec::new())
            }
            ListingKind::Section(s) => (
                site.sections[s].name.clone(),
                "section",
                Vec::new(),
                Vec::new(),
            ),
            ListingKind::Term(t, k) => {
                let taxonomy = &site.taxonomies[t];
                let crumbs = vec![Crumb {
                    label: taxonomy.name.clone(),
                    url: folder_iri(&self.base_path, &taxonomy.slug),
                }];
                (taxonomy.terms[k].name.clone(), "term", crumbs, Vec::new())
            }
        }
    }

    /// The index of a taxonomy (`taxonomy.html`): every term, most
    /// articles first, with its count as Arabic says it.
    pub(crate) fn taxonomy_index(&self, t: usize) -> Context {
        let taxonomy = &self.site.taxonomies[t];
        let terms: Vec<TermCount> = taxonomy
            .terms
            .iter()
            .map(|term| TermCount {
                name: &term.name,
                url: folder_iri(&self.base_path, &format!("{}/{}", taxonomy.slug, term.slug)),
                count: term.articles.len(),
                count_label: self.count("news_count", term.articles.len()),
            })
            .collect();
        let url = folder_iri(&self.base_path, &taxonomy.slug);
        let permalink = self.permalink(&url);
        let mut context = self.base();
        context.insert(
            "taxonomy",
            &TaxonomyCtx {
                name: &taxonomy.name,
                url: &url,
                permalink: &permalink,
                terms,
            },
        );
        let og = self.open_graph("website", &taxonomy.name, &permalink, "");
        context.insert("og", &og);
        context
    }

    /// A year's months, each linked with its count.
    fn month_links(&self, year: &crate::site::Year) -> Vec<CountedLink> {
        year.months
            .iter()
            .map(|m| CountedLink {
                label: self.style.month_name(m.month),
                url: folder_iri(&self.base_path, &permalink::month_path(m.year, m.month)),
                count: self.style.number(m.articles.len()),
            })
            .collect()
    }

    fn year_crumb(&self, year: i32) -> Crumb {
        Crumb {
            label: self.style.number(year),
            url: folder_iri(&self.base_path, &permalink::year_path(year)),
        }
    }

    pub(crate) fn archive_index(&self) -> Context {
        let years: Vec<_> = self
            .site
            .years
            .iter()
            .map(|y| {
                let months = self.month_links(y);
                json!({
                    "label": self.style.number(y.year),
                    "url": folder_iri(&self.base_path, &permalink::year_path(y.year)),
                    "count": self.style.number(y.articles.len()),
                    "months": months,
                })
            })
            .collect();
        let mut context = self.base();
        context.insert("years", &years);
        context.insert("total_label", &self.count("archive_count", self.site.len()));
        context.insert("permalink", &self.permalink(&self.site_ctx.archive_url));
        context
    }
}

/// A link's site as a reader knows it: `x.com`, `linkedin.com`.
fn site_name_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit('@').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}
