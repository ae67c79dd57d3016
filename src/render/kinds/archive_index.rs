//! `archive/` (`archive.html`): every year and month with its count.

use std::hash::Hash;

use super::PageKind;
use crate::permalink::ARCHIVE_INDEX;
use crate::render::signature::{archive_counts, ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, render_one, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArchiveIndex;

impl PageKind for ArchiveIndex {
    fn pages(_site: &Site) -> Vec<Self> {
        vec![ArchiveIndex]
    }

    fn path(&self, _site: &Site) -> String {
        index_file(ARCHIVE_INDEX)
    }

    fn template(&self) -> &'static str {
        "archive.html"
    }

    fn sign(&self, site: &Site, _h: &ArticleHashes, state: &mut Signer) {
        archive_counts(site).hash(state);
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        render_one(tera, self.template(), &contexts.archive_index())
    }
}
