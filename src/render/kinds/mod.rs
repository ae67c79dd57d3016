//! Page kinds, the render stage's extension point: each file here is one
//! kind of page — which pages of it a site has, where each is written, the
//! template that renders it, what it shows (its signature, for `serve`) and
//! how it is written. A new kind is a file here, its template in
//! `templates/`, and a line in [`page_kinds!`]'s list below.

mod archive_index;
mod article;
mod feed;
mod host_file;
mod latest;
mod listing;
mod news_sitemap;
mod not_found;
mod redirect;
mod robots;
mod search_index;
mod search_page;
mod site_page;
mod sitemap;
mod taxonomy_index;

use chrono::{DateTime, FixedOffset};

use super::signature::{ArticleHashes, Signer};
use super::templates::Templates;
use super::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

pub(crate) use article::ArticlePage;
pub(crate) use feed::Feed;
#[cfg(test)]
pub(crate) use latest::LATEST_PAGE;
pub(crate) use listing::Listing;

/// One kind of page.
pub(crate) trait PageKind {
    /// Every page of this kind the site has, in the order they render.
    fn pages(site: &Site) -> Vec<Self>
    where
        Self: Sized;

    /// When the pages of this kind next change with the clock alone (a
    /// story leaving a window of hours), for `serve` to rebuild then.
    fn changes_at(_site: &Site) -> Option<DateTime<FixedOffset>>
    where
        Self: Sized,
    {
        None
    }

    /// The output file, `/`-separated.
    fn path(&self, site: &Site) -> String;

    /// The template that renders it; a name in parentheses for a file
    /// written in code.
    fn template(&self) -> &'static str;

    /// Other templates its output depends on.
    fn also_uses(&self) -> &'static [&'static str] {
        &[]
    }

    /// Hashes what the page shows, beyond its template and the masthead,
    /// from the site alone: a page whose signature is unchanged after an
    /// edit is not rendered again.
    fn sign(&self, site: &Site, hashes: &ArticleHashes, state: &mut Signer);

    /// Writes the page.
    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic>;

    /// What a failure says is being rendered: its path, unless a kind
    /// knows better.
    fn describe(&self, site: &Site) -> String {
        self.path(site)
    }
}

/// The registry: makes [`Job`], one variant per kind, and [`jobs`], every
/// page of every kind in the order listed (articles first, so `build`
/// writes them while the listings' teasers are still to be made).
macro_rules! page_kinds {
    ($($(#[$doc:meta])* $variant:ident($kind:ty),)*) => {
        /// A page to render.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub(crate) enum Job {
            $($(#[$doc])* $variant($kind),)*
        }

        /// Every page of the site.
        pub(crate) fn jobs(site: &Site) -> Vec<Job> {
            let mut jobs = Vec::new();
            $(jobs.extend(<$kind as PageKind>::pages(site).into_iter().map(Job::$variant));)*
            jobs
        }

        /// When some page next changes with the clock alone.
        pub(crate) fn next_change(site: &Site) -> Option<DateTime<FixedOffset>> {
            [$(<$kind as PageKind>::changes_at(site),)*].into_iter().flatten().min()
        }

        impl Job {
            /// The page's kind.
            pub(crate) fn kind(&self) -> &dyn PageKind {
                match self {
                    $(Job::$variant(page) => page,)*
                }
            }
        }
    };
}

page_kinds! {
    /// An article's page.
    Article(ArticlePage),
    /// A page of the home, date, section or term listings.
    Listing(Listing),
    /// `archive/`: every year and month.
    ArchiveIndex(archive_index::ArchiveIndex),
    /// `404.html`.
    NotFound(not_found::NotFound),
    /// A taxonomy's index of terms.
    TaxonomyIndex(taxonomy_index::TaxonomyIndex),
    /// An Atom, RSS or JSON feed of the site or one of its listings.
    Feed(Feed),
    /// `sitemap.xml` and, when it is split, its parts.
    Sitemap(sitemap::Sitemap),
    /// `news-sitemap.xml`.
    NewsSitemap(news_sitemap::NewsSitemap),
    /// `robots.txt`.
    Robots(robots::Robots),
    /// `search/`, the search page.
    SearchPage(search_page::SearchPage),
    /// A file of the search index.
    SearchIndex(search_index::SearchIndex),
    /// `latest/`: the stories of the last hours.
    Latest(latest::Latest),
    /// A page of the site's own (`pages/`).
    SitePage(site_page::SitePage),
    /// An article's old address, leading to it.
    Redirect(redirect::Redirect),
    /// A static host's own file (`_headers`, `_redirects`, `.nojekyll`, `CNAME`).
    HostFile(host_file::HostFile),
}

impl Job {
    /// The output file this job writes, `/`-separated.
    pub(crate) fn path(&self, site: &Site) -> String {
        self.kind().path(site)
    }

    /// Whether this page's output depends on any of `templates` (names, as
    /// [`super::templates::affected_by`] gives them).
    pub(crate) fn uses_any(
        &self,
        site: &Site,
        templates: &std::collections::HashSet<String>,
    ) -> bool {
        if let Job::Article(ArticlePage(i)) = self {
            if let Some((own, _)) = article::own_template(site, *i) {
                return templates.contains(own);
            }
        }
        if let Job::SitePage(site_page::SitePage(n)) = self {
            if let Some(own) = site_page::own_template(site, *n) {
                return templates.contains(own);
            }
        }
        let kind = self.kind();
        templates.contains(kind.template())
            || kind.also_uses().iter().any(|t| templates.contains(*t))
    }
}
