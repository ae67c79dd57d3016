//! The search index's files (see [`crate::search::file_path`]), read by the
//! search page's script.

use std::hash::Hash;

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

/// File `.0` of the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchIndex(pub usize);

impl PageKind for SearchIndex {
    fn pages(site: &Site) -> Vec<Self> {
        if !site.settings.toml.search {
            return Vec::new();
        }
        (0..crate::search::file_count(site.len()))
            .map(SearchIndex)
            .collect()
    }

    fn path(&self, site: &Site) -> String {
        crate::search::file_path(site.len(), self.0)
    }

    fn template(&self) -> &'static str {
        "(search index)"
    }

    /// The file's own bytes: an edit rewrites only the files it changes.
    fn sign(&self, site: &Site, _h: &ArticleHashes, state: &mut Signer) {
        crate::search::files_of(site)
            .get(self.0)
            .map(|(_, bytes)| bytes)
            .hash(state);
    }

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        Ok(contexts.search_file(self.0))
    }
}
