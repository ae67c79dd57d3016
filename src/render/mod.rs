//! Stage 4: the resolved [`Site`] → pages, through Tera, or for article and
//! listing pages of the built-in theme through its compiled form
//! ([`native`]). Contexts are small and built per page (never the whole
//! site), and pages render in parallel. Rendering reads no files.

pub(crate) mod context;
mod filters;
pub(crate) mod kinds;
pub(crate) mod minify;
mod native;
pub(crate) mod publish;
pub(crate) mod shortcodes;
pub(crate) mod signature;
pub(crate) mod templates;

use rayon::prelude::*;
use tera::Context;

use templates::Templates;

use crate::permalink::{folder_iri, paginated};
use crate::report::Diagnostic;
use crate::site::Site;
pub(crate) use context::Contexts;
use context::TEASER_TEMPLATE;
pub(crate) use kinds::{jobs, next_change, ArticlePage, Job};
#[cfg(test)]
pub(crate) use {kinds::Feed, publish::FeedFormat};

/// One output file: its path under the output folder (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub content: Vec<u8>,
}

/// Renders every page of the site into memory (benchmarks; the drivers
/// emit pages to a sink instead, `engine::emit`); a page that fails is reported with
/// its template and article, and the others still render.
pub fn render_site(site: &Site, tera: &Templates) -> (Vec<Page>, Vec<Diagnostic>) {
    let jobs = jobs(site);
    let contexts = Contexts::new(site);
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_page(job, &contexts, tera))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(d) => diagnostics.push(d),
        }
    }
    (pages, diagnostics)
}

/// Renders one page; a failure names what was being rendered.
pub(crate) fn render_page(
    job: &Job,
    contexts: &Contexts,
    tera: &Templates,
) -> Result<Page, Diagnostic> {
    let kind = job.kind();
    let site = contexts.site;
    // Minified templates (see `templates::build_tera`) make minified pages.
    match kind.render(contexts, tera) {
        Ok(content) => Ok(Page {
            path: kind.path(site),
            content,
        }),
        Err(error) if error.context.is_some() => Err(error),
        Err(error) => Err(error.within(format!("while rendering {}", kind.describe(site)))),
    }
}

/// Room made for a page as it is written: most pages fit.
const PAGE_BYTES: usize = 32 * 1024;

/// How listings write an article's teaser with these templates: the
/// compiled theme's, or `teaser.html` with `site`, `t` and `item`.
fn teaser_writer<'w>(
    contexts: &'w Contexts,
    tera: &'w Templates,
) -> impl Fn(&context::Summary) -> Result<Vec<u8>, Diagnostic> + Sync + 'w {
    move |item| {
        let mut out = Vec::with_capacity(1024);
        if tera.native_pages() {
            native::teaser(contexts, item, &mut out);
        } else {
            let mut context = contexts.base();
            context.insert("item", item);
            tera.render_to(TEASER_TEMPLATE, &context, &mut out)?;
        }
        Ok(out)
    }
}

/// Renders straight into bytes: Tera's `render` would check the whole page
/// is UTF-8 again, which on Arabic text is a tenth of the build.
fn render_one(tera: &Templates, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::with_capacity(PAGE_BYTES);
    tera.render_to(template, context, &mut out)?;
    Ok(out)
}

fn index_file(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".into()
    } else {
        [folder, "/index.html"].concat()
    }
}

/// The address of a listing page (an IRI), under the site's base path.
pub(crate) fn listing_url(base_path: &str, base: &str, page: usize) -> String {
    folder_iri(base_path, &paginated(base, page))
}
