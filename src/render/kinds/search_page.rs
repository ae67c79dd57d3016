//! `search/` (`search.html`), the search page; its index is
//! [`super::search_index`].

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, render_one, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchPage;

impl PageKind for SearchPage {
    fn pages(site: &Site) -> Vec<Self> {
        if site.settings.toml.search {
            vec![SearchPage]
        } else {
            Vec::new()
        }
    }

    fn path(&self, _site: &Site) -> String {
        index_file(crate::search::SEARCH_PAGE)
    }

    fn template(&self) -> &'static str {
        "search.html"
    }

    /// The masthead only: the page's script reads the index.
    fn sign(&self, _site: &Site, _h: &ArticleHashes, _state: &mut Signer) {}

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        render_one(tera, self.template(), &contexts.base())
    }
}
