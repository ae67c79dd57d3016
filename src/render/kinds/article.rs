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
        // The summary's hash holds the «مباشر» label, until coverage ends.
        (h.full[i], h.summary[i], &site.paths[i], site.days[i]).hash(state);
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
        own_template(site, i).map(|(name, _)| name).hash(state);
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        // The theme's own `article.html`, named: the compiled theme's.
        let own = own_template(contexts.site, self.0)
            .filter(|(name, _)| !(tera.native_pages() && *name == self.template()));
        if let Some((name, named_by)) = own {
            if !tera.contains(name) {
                let article = &contexts.site.articles[self.0];
                return Err(Diagnostic::error(
                    Some(std::path::Path::new(&article.report_file())),
                    None,
                    format!(
                        "template «{name}», named by {named_by}, is neither in templates/ nor \
                         the theme's: add templates/{name}, or fix the name"
                    ),
                ));
            }
            return render_one(tera, name, &contexts.article(self.0));
        }
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

/// The template article `i` is written with when not `article.html`: its
/// own front matter's `template`, else its section's (`[[sections]]`),
/// with what named it.
pub(crate) fn own_template(site: &Site, i: usize) -> Option<(&str, &'static str)> {
    if let Some(name) = site.articles[i].template.as_deref() {
        return Some((name, "its front matter"));
    }
    let section = &site.sections[site.section_of[i]?];
    site.settings
        .toml
        .sections
        .iter()
        .find(|s| s.key == section.key)?
        .template
        .as_deref()
        .map(|name| (name, "its section in site.toml"))
}
