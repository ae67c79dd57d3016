//! An article's page (`article.html`).

use std::hash::Hash;

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{native, render_one, Contexts, PAGE_BYTES};
use crate::report::Diagnostic;
use crate::site::{Link, Site};

/// The page of article `.0` (an index into `Site::articles`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticlePage(pub usize);

impl PageKind for ArticlePage {
    fn pages(site: &Site) -> Vec<Self> {
        (0..site.len()).map(ArticlePage).collect()
    }

    fn path(&self, site: &Site) -> String {
        [site.paths[self.0].as_str(), "/index.html"].concat()
    }

    fn template(&self) -> &'static str {
        "article.html"
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        let i = self.0;
        (h.full[i], &site.paths[i], site.days[i]).hash(state);
        // `serve` marks a story dated after now as scheduled.
        let scheduled = site.settings.mark_scheduled_after;
        scheduled
            .is_some_and(|now| site.articles[i].date > now)
            .hash(state);
        // Its section and terms as the site names them (a term's name
        // is its commonest spelling across the site).
        site.section_of[i]
            .map(|s| (&site.sections[s].name, &site.sections[s].slug))
            .hash(state);
        for &(t, k) in &site.terms_of[i] {
            let term = &site.taxonomies[t].terms[k];
            (t, &term.name, &term.slug).hash(state);
        }
        for link in &site.read_also[i] {
            match link {
                Link::Resolved { target, .. } => h.link[*target].hash(state),
                Link::Unresolved { reference, .. } => reference.hash(state),
            }
        }
        for &b in &site.backlinks[i] {
            h.link[b].hash(state);
        }
        // Apart from the backlinks: a story moving from one list to
        // the other changes the page.
        site.related[i].len().hash(state);
        for &r in &site.related[i] {
            h.link[r].hash(state);
        }
        let (older, newer) = site.neighbours(i);
        (older.map(|n| h.link[n]), newer.map(|n| h.link[n])).hash(state);
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        if tera.native_pages() {
            let mut out = Vec::with_capacity(PAGE_BYTES);
            native::article(contexts, self.0, &mut out);
            return Ok(out);
        }
        render_one(tera, self.template(), &contexts.article(self.0))
    }

    fn describe(&self, site: &Site) -> String {
        let article = &site.articles[self.0];
        format!("{} ({})", article.id, article.title)
    }
}
