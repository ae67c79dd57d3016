//! The site's own pages (`pages/`: «من نحن», «اتصل بنا» …), each at
//! `/{slug}/` with `page.html` or the template its front matter names.

use std::hash::Hash;

use super::PageKind;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{index_file, render_one, Contexts};
use crate::report::Diagnostic;
use crate::site::Site;

/// Page `.0` of [`Site::pages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePage(pub usize);

/// The template of page `n` when it names its own.
pub(crate) fn own_template(site: &Site, n: usize) -> Option<&str> {
    site.pages.get(n)?.page.template.as_deref()
}

impl PageKind for SitePage {
    fn pages(site: &Site) -> Vec<Self> {
        (0..site.pages.len()).map(SitePage).collect()
    }

    fn path(&self, site: &Site) -> String {
        index_file(&site.pages[self.0].folder)
    }

    fn template(&self) -> &'static str {
        "page.html"
    }

    fn sign(&self, site: &Site, _h: &ArticleHashes, state: &mut Signer) {
        site.pages[self.0].hash(state);
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let site = contexts.site;
        let template = own_template(site, self.0).unwrap_or(self.template());
        if !tera.contains(template) {
            let page = &site.pages[self.0].page;
            return Err(Diagnostic::error(
                Some(&page.path),
                None,
                format!("the template «{template}», named by its front matter, is neither in templates/ nor the theme"),
            ));
        }
        render_one(tera, template, &contexts.site_page(self.0))
    }

    fn describe(&self, site: &Site) -> String {
        format!("pages/{}", site.pages[self.0].page.id)
    }
}
