//! The context of a page of the site's own (`page.html`).

use serde::Serialize;
use tera::Context;

use super::Contexts;
use crate::permalink::folder_iri;

#[derive(Serialize)]
struct SitePageCtx<'a> {
    title: &'a str,
    /// The body's HTML (`{{ page.content | safe }}`).
    content: &'a str,
    url: String,
    permalink: String,
    description: &'a str,
    /// Front matter `[extra]`: an empty table without any.
    extra: serde_json::Value,
}

impl Contexts<'_> {
    /// The context of page `n` of [`crate::site::Site::pages`].
    pub(crate) fn site_page(&self, n: usize) -> Context {
        let placed = &self.site.pages[n];
        let page = &placed.page;
        let url = folder_iri(&self.base_path, &placed.folder);
        let permalink = self.permalink(&url);
        let extra = page
            .extra
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| serde_json::json!({}));
        let mut context = self.base();
        context.insert(
            "og",
            &self.open_graph("website", &page.title, &permalink, &page.description),
        );
        if !page.description.is_empty() {
            context.insert("description", &page.description);
        }
        context.insert(
            "page",
            &SitePageCtx {
                title: &page.title,
                content: &page.body,
                url,
                permalink,
                description: &page.description,
                extra,
            },
        );
        context
    }
}
