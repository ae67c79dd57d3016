//! `robots.txt`, pointing crawlers at the sitemaps.

use super::PageKind;
use crate::render::publish;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Robots;

impl PageKind for Robots {
    fn pages(_site: &Site) -> Vec<Self> {
        vec![Robots]
    }

    fn path(&self, _site: &Site) -> String {
        "robots.txt".into()
    }

    fn template(&self) -> &'static str {
        "(robots.txt)"
    }

    /// The site's address only, in the masthead's hash.
    fn sign(&self, _site: &Site, _h: &ArticleHashes, _state: &mut Signer) {}

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        Ok(publish::robots(contexts).into_bytes())
    }
}
