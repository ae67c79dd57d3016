//! Stage 4: the resolved [`Site`] → pages, through Tera, or for article and
//! listing pages of the built-in theme through its compiled form
//! ([`native`]). Contexts are small and built per page (never the whole
//! site), and pages render in parallel. Rendering reads no files.

pub(crate) mod context;
mod filters;
pub(crate) mod minify;
mod native;
pub(crate) mod publish;
pub(crate) mod signature;
pub(crate) mod templates;

use rayon::prelude::*;
use tera::Context;

use templates::Templates;

use crate::permalink::{self, folder_iri, paginated, ARCHIVE_INDEX};
use crate::report::Diagnostic;
use crate::site::Site;
pub(crate) use context::Contexts;
pub(crate) use context::ListingKind;
use context::TEASER_TEMPLATE;
pub(crate) use publish::{FeedFormat, Scope};

/// One output file: its path under the output folder (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub content: Vec<u8>,
}

/// A page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Article(usize),
    Listing {
        kind: ListingKind,
        base: String,
        page: usize,
    },
    ArchiveIndex,
    /// A taxonomy's index of terms, by index into `Site::taxonomies`.
    TaxonomyIndex(usize),
    NotFound,
    Feed {
        format: FeedFormat,
        scope: Scope,
    },
    /// `sitemap.xml`: the whole sitemap, or the index of its parts.
    Sitemap,
    /// `sitemap-N.xml` (from 1) when the sitemap is split.
    SitemapPart(usize),
    NewsSitemap,
    Robots,
    /// `search/index.html`, the search page.
    SearchPage,
    /// File `n` of the search index (see [`crate::search::file_path`]).
    SearchIndex(usize),
}

/// Renders every page of the site into memory (benchmarks; `build` writes
/// each page as it renders it instead); a page that fails is reported with
/// its template and article, and the others still render.
pub fn render_site(site: &Site, tera: &Templates) -> (Vec<Page>, Vec<Diagnostic>) {
    render_jobs(site, tera, &jobs(site))
}

/// Renders the given pages of the site into memory (`serve`: those a change
/// touched).
pub(crate) fn render_jobs(
    site: &Site,
    tera: &Templates,
    jobs: &[Job],
) -> (Vec<Page>, Vec<Diagnostic>) {
    let contexts = Contexts::new(site);
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_page(job, &contexts, tera))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(d) => diagnostics.push(d),
        }
    }
    (pages, diagnostics)
}

/// Every page of the site, articles first.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.len()).map(Job::Article).collect();
    jobs.extend(listings_in_sweep_order(site));
    jobs.extend([Job::ArchiveIndex, Job::NotFound]);
    jobs.extend((0..site.taxonomies.len()).map(Job::TaxonomyIndex));
    let mut scopes = vec![Scope::Site];
    for (y, year) in site.years.iter().enumerate() {
        scopes.extend((0..year.months.len()).map(|m| Scope::Month(y, m)));
    }
    scopes.extend((0..site.sections.len()).map(Scope::Section));
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        scopes.extend((0..taxonomy.terms.len()).map(|k| Scope::Term(t, k)));
    }
    for scope in scopes {
        for format in FeedFormat::ALL {
            jobs.push(Job::Feed {
                format,
                scope: scope.clone(),
            });
        }
    }
    jobs.push(Job::Sitemap);
    let parts = publish::sitemap_parts(site);
    if parts > 1 {
        jobs.extend((1..=parts).map(Job::SitemapPart));
    }
    jobs.extend([Job::NewsSitemap, Job::Robots]);
    if site.settings.toml.search {
        jobs.push(Job::SearchPage);
        jobs.extend((0..crate::search::file_count(site.len())).map(Job::SearchIndex));
    }
    jobs
}

/// Every listing page (home, dates, sections, terms), in the order a sweep
/// from the newest article to the oldest completes them: a page comes as
/// soon as its oldest article is reached. An article's teaser is made for
/// its first listing and let go after its last (see
/// `Contexts::teasers_placed`), so in this order only the teasers of pages
/// still open at the sweep's position are held — a few per listing — never
/// the whole archive's.
fn listings_in_sweep_order(site: &Site) -> Vec<Job> {
    let per_page = site.settings.toml.per_page.max(1);
    let mut pages: Vec<(usize, Job)> = Vec::new();
    let mut listing = |kind: ListingKind, base: String, ids: &[usize]| {
        for (n, chunk) in ids.chunks(per_page).enumerate() {
            let oldest = chunk.iter().max().copied().unwrap_or(0);
            let job = Job::Listing {
                kind: kind.clone(),
                base: base.clone(),
                page: n + 1,
            };
            pages.push((oldest, job));
        }
        if ids.is_empty() {
            let job = Job::Listing {
                kind,
                base,
                page: 1,
            };
            pages.push((usize::MAX, job));
        }
    };
    let home: Vec<usize> = (0..site.len()).collect();
    listing(ListingKind::Home, String::new(), &home);
    for (y, year) in site.years.iter().enumerate() {
        listing(
            ListingKind::Year(y),
            permalink::year_path(year.year),
            &year.articles,
        );
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
        listing(
            ListingKind::Section(s),
            section.slug.clone(),
            &section.articles,
        );
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        for (k, term) in taxonomy.terms.iter().enumerate() {
            let base = format!("{}/{}", taxonomy.slug, term.slug);
            listing(ListingKind::Term(t, k), base, &term.articles);
        }
    }
    // Stable: pages completed at the same article keep the order above.
    pages.sort_by_key(|(oldest, _)| *oldest);
    pages.into_iter().map(|(_, job)| job).collect()
}

impl Job {
    /// The output file this job writes, `/`-separated.
    pub(crate) fn path(&self, site: &Site) -> String {
        match self {
            Job::Article(i) => [site.paths[*i].as_str(), "/index.html"].concat(),
            Job::Listing { base, page, .. } => index_file(&paginated(base, *page)),
            Job::ArchiveIndex => index_file(ARCHIVE_INDEX),
            Job::TaxonomyIndex(t) => index_file(&site.taxonomies[*t].slug),
            Job::NotFound => "404.html".into(),
            Job::Feed { format, scope } => publish::feed_path(site, *format, scope),
            Job::Sitemap => "sitemap.xml".into(),
            Job::SitemapPart(n) => publish::sitemap_part_path(*n),
            Job::NewsSitemap => "news-sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::SearchPage => index_file(crate::search::SEARCH_PAGE),
            Job::SearchIndex(n) => crate::search::file_path(site.len(), *n),
        }
    }

    /// The template this job renders.
    /// Whether this page's output depends on any of `templates` (names, as
    /// [`templates::affected_by`] gives them): its own template, and for
    /// listings the teaser they place.
    pub(crate) fn uses_any(&self, templates: &std::collections::HashSet<String>) -> bool {
        templates.contains(self.template())
            || (matches!(self, Job::Listing { .. }) && templates.contains(TEASER_TEMPLATE))
    }

    pub(crate) fn template(&self) -> &'static str {
        match self {
            Job::Article(_) => "article.html",
            Job::Listing { .. } => "list.html",
            Job::ArchiveIndex => "archive.html",
            Job::TaxonomyIndex(_) => "taxonomy.html",
            Job::NotFound => "404.html",
            Job::Feed { format, .. } => match format {
                FeedFormat::Atom => "atom.xml",
                FeedFormat::Rss => "rss.xml",
                FeedFormat::Json => "(feed.json)",
            },
            // Written in code, not by a template.
            Job::Sitemap | Job::SitemapPart(_) => "(sitemap)",
            Job::NewsSitemap => "(news-sitemap)",
            Job::Robots => "(robots.txt)",
            Job::SearchPage => "search.html",
            Job::SearchIndex(_) => "(search index)",
        }
    }
}

/// Renders one page; a failure names its template and article.
pub(crate) fn render_page(
    job: &Job,
    contexts: &Contexts,
    tera: &Templates,
) -> Result<Page, Diagnostic> {
    let path = job.path(contexts.site);
    let written = match job {
        Job::Feed {
            format: FeedFormat::Json,
            scope,
        } => Some(publish::json_feed(contexts, scope)),
        Job::Sitemap if publish::sitemap_parts(contexts.site) > 1 => {
            Some(publish::sitemap_index(contexts))
        }
        Job::Sitemap => Some(publish::sitemap(contexts, 0)),
        Job::SitemapPart(n) => Some(publish::sitemap(contexts, *n)),
        Job::NewsSitemap => Some(publish::news_sitemap(contexts)),
        Job::Robots => Some(publish::robots(contexts)),
        _ => None,
    };
    if let Some(content) = written {
        return Ok(Page {
            path,
            content: content.into_bytes(),
        });
    }
    if let Job::SearchIndex(n) = job {
        return Ok(Page {
            path,
            content: contexts.search_file(*n),
        });
    }
    if let Some(made) = render_native(job, contexts, tera) {
        return made.map(|content| Page { path, content });
    }
    let context = match job {
        Job::Article(i) => Ok(contexts.article(*i)),
        Job::Listing { kind, base, page } => {
            contexts.listing(kind, base, *page, &teaser_writer(contexts, tera))
        }
        Job::ArchiveIndex => Ok(contexts.archive_index()),
        Job::TaxonomyIndex(t) => Ok(contexts.taxonomy_index(*t)),
        Job::Feed { format, scope } => Ok(publish::feed_context(contexts, *format, scope)),
        _ => Ok(contexts.base()),
    };
    // Minified templates (see `templates::build_tera`) make minified pages.
    context
        .and_then(|context| render_one(tera, job.template(), &context))
        .map(|content| Page { path, content })
        .map_err(|error| match (error.context.is_some(), job) {
            (true, _) => error,
            (false, &Job::Article(i)) => {
                let article = &contexts.site.articles[i];
                error.within(format!(
                    "while rendering {} ({})",
                    article.id, article.title
                ))
            }
            (false, _) => error.within(format!("while rendering {}", job.path(contexts.site))),
        })
}

/// Room made for a page as it is written: most pages fit.
const PAGE_BYTES: usize = 32 * 1024;

/// The page written by the compiled built-in theme, when the templates
/// allow and it is one of its pages (articles, listings but the front
/// page, Atom and RSS feeds); `None` hands it to Tera.
fn render_native(
    job: &Job,
    contexts: &Contexts,
    tera: &Templates,
) -> Option<Result<Vec<u8>, Diagnostic>> {
    // Room is made only once the page is known to be compiled: the other
    // pages are Tera's, which writes into a buffer of its own.
    let mut out = Vec::new();
    let sized = |out: &mut Vec<u8>| out.reserve(PAGE_BYTES);
    match job {
        Job::Article(i) if tera.native_pages() => {
            sized(&mut out);
            native::article(contexts, *i, &mut out)
        }
        Job::Listing { kind, base, page }
            if tera.native_pages() && !(*kind == ListingKind::Home && *page == 1) =>
        {
            match contexts.listing_page(kind, base, *page, &teaser_writer(contexts, tera)) {
                Ok(page) => {
                    sized(&mut out);
                    native::listing(contexts, &page, &mut out)
                }
                Err(error) => {
                    let within = format!("while rendering {}", job.path(contexts.site));
                    return Some(Err(error.within(within)));
                }
            }
        }
        Job::Feed { format, scope } if tera.native_feeds() => match format {
            FeedFormat::Atom => publish::with_feed(contexts, *format, scope, |feed| {
                sized(&mut out);
                native::atom(contexts, feed, &mut out)
            }),
            FeedFormat::Rss => publish::with_feed(contexts, *format, scope, |feed| {
                sized(&mut out);
                native::rss(contexts, feed, &mut out)
            }),
            FeedFormat::Json => return None,
        },
        _ => return None,
    }
    Some(Ok(out))
}

/// How listings write an article's teaser with these templates: the
/// compiled theme's, or `teaser.html` with `site`, `t` and `item`.
fn teaser_writer<'w>(
    contexts: &'w Contexts,
    tera: &'w Templates,
) -> impl Fn(&context::Summary) -> Result<Vec<u8>, Diagnostic> + Sync + 'w {
    move |item| {
        let mut out = Vec::with_capacity(1024);
        if tera.native_pages() {
            native::teaser(item, &mut out);
        } else {
            let mut context = contexts.base();
            context.insert("item", item);
            tera.render_to(TEASER_TEMPLATE, &context, &mut out)?;
        }
        Ok(out)
    }
}

/// Renders straight into bytes: Tera's `render` would check the whole page
/// is UTF-8 again, which on Arabic text is a tenth of the build.
fn render_one(tera: &Templates, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::with_capacity(PAGE_BYTES);
    tera.render_to(template, context, &mut out)?;
    Ok(out)
}

fn index_file(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".into()
    } else {
        [folder, "/index.html"].concat()
    }
}

/// The address of a listing page (an IRI), under the site's base path.
pub(crate) fn listing_url(base_path: &str, base: &str, page: usize) -> String {
    folder_iri(base_path, &paginated(base, page))
}
