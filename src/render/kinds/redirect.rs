//! An article's old address (`aliases`, «رابط قديم», or an address
//! `urls.lock` remembers): a small page that sends the reader on to the
//! article — a refresh for browsers, `rel=canonical` for search engines,
//! kept out of their index — and a link for everyone else.

use std::hash::Hash;

use super::PageKind;
use crate::html::escape_html;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

/// Redirect `.0` of [`Site::redirects`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect(pub usize);

impl PageKind for Redirect {
    fn pages(site: &Site) -> Vec<Self> {
        (0..site.redirects.len()).map(Redirect).collect()
    }

    fn path(&self, site: &Site) -> String {
        site.redirects[self.0].file.clone()
    }

    fn template(&self) -> &'static str {
        "(redirect)"
    }

    /// Where it leads and the story's title there.
    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        let redirect = &site.redirects[self.0];
        (&redirect.file, h.link[redirect.to]).hash(state);
    }

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        Ok(redirect_page(contexts, contexts.site.redirects[self.0].to).into_bytes())
    }

    fn describe(&self, site: &Site) -> String {
        let redirect = &site.redirects[self.0];
        format!(
            "the old address /{} of {}",
            redirect.file.trim_end_matches("index.html"),
            site.articles[redirect.to].report_file()
        )
    }
}

/// The page at an old address of article `to`.
pub(crate) fn redirect_page(contexts: &Contexts, to: usize) -> String {
    let site = contexts.site;
    let title = escape_html(&site.articles[to].title);
    let url = escape_html(&contexts.url_of(to));
    let permalink = escape_html(&contexts.permalink_of(to));
    let language = escape_html(&site.settings.toml.language);
    let moved = escape_html(contexts.word("moved_to"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><meta name=\"robots\" content=\"noindex\">\
         <link rel=\"canonical\" href=\"{permalink}\">\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\"></head>\
         <body><p>{moved} <a href=\"{url}\">{title}</a></p></body></html>\n"
    )
}
