//! The site's own pages — «من نحن», «اتصل بنا», «سياسة الخصوصية» — from
//! `pages/` beside `content/`: Markdown with front matter (`title`, and
//! `slug`, `description`, `template`, `[extra]` if wanted) or raw text (the
//! first line the title, the rest the body). No date: a page is not news,
//! so no archive, feed, news sitemap, related list or editorial finding
//! names it.

use std::path::PathBuf;
use std::sync::Arc;

use super::frontmatter::{self, Fields};
use super::markdown::render_markdown;
use crate::html::push_escaped;
use crate::load::{SourceFile, SourceKind};
use crate::report::Diagnostic;

/// The folder of the site's own pages, beside `content/`.
pub(crate) const PAGES_DIR: &str = "pages";

/// One page of the site's own, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SitePage {
    /// Its path under `pages/`.
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    /// The slug as written (front matter `slug`), else the file's name
    /// without its extension; cleaned when the page is placed.
    pub slug: String,
    pub description: String,
    /// The body as HTML (Markdown sanitised as articles' is; raw escaped).
    pub body: String,
    /// The template its page is written with, when not `page.html`.
    pub template: Option<String>,
    /// Front matter `[extra]`, as `page.extra`.
    pub extra: Option<Arc<String>>,
}

impl SitePage {
    /// Its file's name without the extension (`about`): its default slug,
    /// and how `[[footer]]` names it.
    pub fn name(&self) -> &str {
        name_of(&self.id)
    }
}

/// `team/about.md` → `about`.
fn name_of(id: &str) -> &str {
    let file = id.rsplit('/').next().unwrap_or(id);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// Parses a file of `pages/`; `Err` is the problem, to report on it.
pub(crate) fn parse_page(source: &SourceFile) -> Result<SitePage, Diagnostic> {
    let file = Some(source.path.as_path());
    let stem = name_of(&source.id).to_string();
    match source.kind {
        SourceKind::Markdown => {
            let split = frontmatter::split(&source.text).map_err(|e| {
                Diagnostic::error(file, e.line, format!("{}: page left out", e.message))
            })?;
            let fields = Fields(&split.fields);
            let text = |name: &str| {
                fields
                    .string(name)
                    .map_err(|e| Diagnostic::error(file, Some(1), format!("{e}: page left out")))
            };
            let title = text("title")?
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| {
                    Diagnostic::error(file, Some(1), "front matter has no `title`: page left out")
                })?;
            let slug = text("slug")?
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(stem);
            let description = text("description")?.unwrap_or_default();
            let template = text("template")?
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            let extra = split
                .fields
                .get("extra")
                .filter(|v| v.is_object())
                .map(|v| Arc::new(v.to_string()));
            let body = render_markdown(split.body).html;
            Ok(SitePage {
                id: source.id.clone(),
                path: source.path.clone(),
                title: title.trim().to_string(),
                slug,
                description,
                body,
                template,
                extra,
            })
        }
        SourceKind::Raw => {
            let mut lines = source.text.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines
                .next()
                .ok_or_else(|| Diagnostic::error(file, None, "the page is empty: left out"))?;
            let mut body = String::new();
            for line in lines {
                body.push_str("<p>");
                push_escaped(&mut body, line);
                body.push_str("</p>\n");
            }
            Ok(SitePage {
                id: source.id.clone(),
                path: source.path.clone(),
                title: title.to_string(),
                slug: stem,
                description: String::new(),
                body,
                template: None,
                extra: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("pages").join(id),
            id: id.into(),
            kind: if id.ends_with(".md") {
                SourceKind::Markdown
            } else {
                SourceKind::Raw
            },
            text: text.into(),
            modified: None,
        }
    }

    #[test]
    fn a_page_needs_a_title_and_no_date() {
        let page = parse_page(&source(
            "about.md",
            "+++\ntitle = \"من نحن\"\n+++\nصحيفة <مستقلة>.\n\n<script>x</script>\n",
        ))
        .unwrap();
        assert_eq!(
            (page.title.as_str(), page.slug.as_str()),
            ("من نحن", "about")
        );
        assert!(page.body.contains("صحيفة"), "{}", page.body);
        assert!(!page.body.contains("<script"), "{}", page.body);
        let raw = parse_page(&source("اتصل-بنا.txt", "اتصل بنا\n\nالهاتف: <123>\n")).unwrap();
        assert_eq!(raw.slug, "اتصل-بنا");
        assert_eq!(raw.body, "<p>الهاتف: &lt;123&gt;</p>\n");
        assert!(parse_page(&source("x.md", "+++\nslug = \"x\"\n+++\nنص\n")).is_err());
    }
}
