//! A taxonomy's index of terms (`taxonomy.html`), e.g. `tags/`.

use std::hash::Hash;

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, render_one, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

/// The index of taxonomy `.0` (an index into `Site::taxonomies`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaxonomyIndex(pub usize);

impl PageKind for TaxonomyIndex {
    fn pages(site: &Site) -> Vec<Self> {
        (0..site.taxonomies.len()).map(TaxonomyIndex).collect()
    }

    fn path(&self, site: &Site) -> String {
        index_file(&site.taxonomies[self.0].slug)
    }

    fn template(&self) -> &'static str {
        "taxonomy.html"
    }

    fn sign(&self, site: &Site, _h: &ArticleHashes, state: &mut Signer) {
        for term in &site.taxonomies[self.0].terms {
            (&term.name, &term.slug, term.articles.len()).hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        render_one(tera, self.template(), &contexts.taxonomy_index(self.0))
    }
}
