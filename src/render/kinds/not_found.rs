//! `404.html`, the page static hosts serve for a missing address.

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{render_one, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotFound;

impl PageKind for NotFound {
    fn pages(_site: &Site) -> Vec<Self> {
        vec![NotFound]
    }

    fn path(&self, _site: &Site) -> String {
        "404.html".into()
    }

    fn template(&self) -> &'static str {
        "404.html"
    }

    /// The masthead only.
    fn sign(&self, _site: &Site, _h: &ArticleHashes, _state: &mut Signer) {}

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        render_one(tera, self.template(), &contexts.base())
    }
}
