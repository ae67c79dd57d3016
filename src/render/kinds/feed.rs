//! The feeds (`atom.xml`, `rss.xml`, and the JSON Feed written in code) of
//! the site, of each month, section and term.

use std::hash::Hash;

use super::PageKind;
use crate::render::publish::{self, FeedFormat, Scope};
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::{native, render_one, Contexts, PAGE_BYTES};
use crate::report::Diagnostic;
use crate::site::Site;

/// One feed: its format and what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Feed {
    pub format: FeedFormat,
    pub scope: Scope,
}

impl PageKind for Feed {
    fn pages(site: &Site) -> Vec<Self> {
        let mut scopes = vec![Scope::Site];
        for (y, year) in site.years.iter().enumerate() {
            scopes.extend((0..year.months.len()).map(|m| Scope::Month(y, m)));
        }
        scopes.extend((0..site.sections.len()).map(Scope::Section));
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            scopes.extend((0..taxonomy.terms.len()).map(|k| Scope::Term(t, k)));
        }
        scopes
            .into_iter()
            .flat_map(|scope| {
                FeedFormat::ALL.map(|format| Feed {
                    format,
                    scope: scope.clone(),
                })
            })
            .collect()
    }

    fn path(&self, site: &Site) -> String {
        publish::feed_path(site, self.format, &self.scope)
    }

    fn template(&self) -> &'static str {
        match self.format {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Json => "(feed.json)",
        }
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        (self.format, &self.scope).hash(state);
        for i in publish::feed_ids(site, &self.scope) {
            (h.summary[i], h.full[i]).hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        let (format, scope) = (self.format, &self.scope);
        let mut out = Vec::new();
        match format {
            FeedFormat::Json => return Ok(publish::json_feed(contexts, scope).into_bytes()),
            _ if !tera.native_feeds() => {
                let context = publish::feed_context(contexts, format, scope);
                return render_one(tera, self.template(), &context);
            }
            FeedFormat::Atom => publish::with_feed(contexts, format, scope, |feed| {
                out.reserve(PAGE_BYTES);
                native::atom(contexts, feed, &mut out);
            }),
            FeedFormat::Rss => publish::with_feed(contexts, format, scope, |feed| {
                out.reserve(PAGE_BYTES);
                native::rss(contexts, feed, &mut out);
            }),
        }
        Ok(out)
    }
}
