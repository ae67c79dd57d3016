//! `news-sitemap.xml`: the stories of the last two days, for news search.

use std::hash::Hash;

use super::PageKind;
use crate::render::publish;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewsSitemap;

impl PageKind for NewsSitemap {
    fn pages(_site: &Site) -> Vec<Self> {
        vec![NewsSitemap]
    }

    fn path(&self, _site: &Site) -> String {
        "news-sitemap.xml".into()
    }

    fn template(&self) -> &'static str {
        "(news-sitemap)"
    }

    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        for i in publish::news_ids(site) {
            h.link[i].hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        Ok(publish::news_sitemap(contexts).into_bytes())
    }
}
