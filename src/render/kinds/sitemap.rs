//! `sitemap.xml`: the whole sitemap, or when it is too long for one file
//! the index of its parts, `sitemap-N.xml`.

use std::hash::Hash;

use super::PageKind;
use crate::render::publish;
use crate::render::signature::{archive_counts, ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

/// `sitemap.xml` for 0, else part `.0` (from 1) of a split sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sitemap(pub usize);

impl PageKind for Sitemap {
    fn pages(site: &Site) -> Vec<Self> {
        let parts = publish::sitemap_parts(site);
        let mut pages = vec![Sitemap(0)];
        if parts > 1 {
            pages.extend((1..=parts).map(Sitemap));
        }
        pages
    }

    fn path(&self, _site: &Site) -> String {
        match self.0 {
            0 => "sitemap.xml".into(),
            n => publish::sitemap_part_path(n),
        }
    }

    fn template(&self) -> &'static str {
        "(sitemap)"
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        (h.link.as_slice(), archive_counts(site)).hash(state);
        for page in &site.pages {
            page.folder.hash(state);
        }
        for a in &site.articles {
            a.updated.hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let xml = match self.0 {
            0 if publish::sitemap_parts(contexts.site) > 1 => publish::sitemap_index(contexts),
            n => publish::sitemap(contexts, n),
        };
        Ok(xml.into_bytes())
    }
}
