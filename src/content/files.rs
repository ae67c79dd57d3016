//! Files under `content/` that articles link to (a report as a PDF, a
//! document beside the story): each link is matched to the file it names,
//! so the page links to the file where the site publishes it, and only
//! files some article links to (or shows as a picture) are published.

use std::collections::HashSet;

use super::Article;
use crate::load::Asset;
use crate::report::Diagnostic;

/// Whether a link's address may name a file of the site: not another
/// site's, not a `mailto:` or `tel:` address, not a place on the page.
pub(crate) fn is_file_link(dest: &str) -> bool {
    let scheme = dest
        .find(':')
        .is_some_and(|colon| !dest[..colon].contains('/'));
    !(dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || scheme)
}

/// Matches every article's `body_links` to the files under `content/`
/// (`is_file`, by the output path: the path under `content/`), filling
/// `body_files`.
/// A link is read from the article's folder, or from the site's root
/// when it starts with `/` (`base_path`, the site's path on its host,
/// left out first). Returns the output paths linked to.
pub(crate) fn link_files(
    articles: &mut [Article],
    is_file: impl Fn(&str) -> bool,
    base_path: &str,
) -> HashSet<String> {
    let mut linked = HashSet::new();
    for article in articles.iter_mut().filter(|a| !a.body_links.is_empty()) {
        let folder = article.id.rsplit_once('/').map_or("", |(folder, _)| folder);
        let files: Vec<(String, String)> = article
            .body_links
            .iter()
            .filter_map(|href| {
                let rel = target(href, folder, base_path)?;
                is_file(&rel).then(|| (href.clone(), rel))
            })
            .collect();
        linked.extend(files.iter().map(|(_, rel)| rel.clone()));
        article.body_files = files;
    }
    linked
}

/// The path under `content/` that `href` names from an article in
/// `folder`; `None` when it climbs out of `content/`.
fn target(href: &str, folder: &str, base_path: &str) -> Option<String> {
    // The address without its query or fragment, as a file name.
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decoded(path);
    let (start, path) = match path.strip_prefix('/') {
        Some(rooted) => {
            let base = base_path.trim_matches('/');
            let rooted = if base.is_empty() {
                rooted
            } else {
                rooted
                    .strip_prefix(base)
                    .and_then(|r| r.strip_prefix('/'))
                    .unwrap_or(rooted)
            };
            ("", rooted.to_string())
        }
        None => (folder, path),
    };
    let mut parts: Vec<&str> = start.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `%XX` sequences decoded (a file name with a space is linked as `%20`);
/// the address as written when they do not make UTF-8.
fn percent_decoded(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The files of `content/` that are left out of the site, as one note:
/// no article links to them or shows them.
pub(crate) fn left_out_note(left_out: &[&Asset]) -> Option<Diagnostic> {
    let first = left_out.first()?;
    let mut names: Vec<String> = left_out
        .iter()
        .take(5)
        .map(|a| format!("content/{}", a.rel))
        .collect();
    if left_out.len() > names.len() {
        names.push(format!("and {} more", left_out.len() - names.len()));
    }
    let message = if left_out.len() == 1 {
        format!(
            "no article links to content/{} or shows it, so it is left out of the site; \
             a file to publish as it is goes in static/",
            first.rel
        )
    } else {
        format!(
            "{} files under content/ are linked or shown by no article, so they are left \
             out of the site ({}); files to publish as they are go in static/",
            left_out.len(),
            names.join(", ")
        )
    };
    let file = (left_out.len() == 1).then_some(first.path.as_path());
    Some(Diagnostic::note(file, None, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_that_may_name_a_file() {
        for yes in [
            "report.pdf",
            "docs/a%20b.pdf",
            "../x.csv",
            "/files/a.pdf",
            "a.pdf?v=2",
        ] {
            assert!(is_file_link(yes), "{yes}");
        }
        for no in [
            "",
            "#notes",
            "https://x.org/a.pdf",
            "//cdn.x/a.pdf",
            "mailto:a@b",
            "tel:+9661",
        ] {
            assert!(!is_file_link(no), "{no}");
        }
    }

    #[test]
    fn a_link_is_read_from_the_article_folder_or_the_site_root() {
        assert_eq!(
            target("docs/report.pdf", "2025", "/").as_deref(),
            Some("2025/docs/report.pdf")
        );
        assert_eq!(
            target("./a.pdf#p2", "2025/06", "/").as_deref(),
            Some("2025/06/a.pdf")
        );
        assert_eq!(
            target("../a.pdf", "2025/06", "/").as_deref(),
            Some("2025/a.pdf")
        );
        assert_eq!(
            target("/files/a%20b.pdf", "2025", "/").as_deref(),
            Some("files/a b.pdf")
        );
        assert_eq!(
            target("/news/files/a.pdf", "", "/news/").as_deref(),
            Some("files/a.pdf")
        );
        assert_eq!(
            target("/files/a.pdf", "", "/news/").as_deref(),
            Some("files/a.pdf")
        );
        assert_eq!(target("../../etc/passwd", "2025", "/"), None);
        assert_eq!(target("تقرير.pdf", "", "/").as_deref(), Some("تقرير.pdf"));
    }

    #[test]
    fn only_links_to_files_that_exist_are_kept() {
        let asset = |rel: &str| Asset {
            rel: rel.into(),
            path: format!("/site/content/{rel}").into(),
        };
        let assets = [asset("2025/docs/report.pdf"), asset("manifest.json")];
        let mut article = Article {
            id: "2025/a.md".into(),
            body_links: vec!["docs/report.pdf".into(), "missing.pdf".into(), "/x/".into()],
            ..Article::default()
        };
        let is_file = |rel: &str| assets.iter().any(|a| a.rel == rel);
        let linked = link_files(std::slice::from_mut(&mut article), is_file, "/");
        assert_eq!(
            article.body_files,
            [(
                "docs/report.pdf".to_string(),
                "2025/docs/report.pdf".to_string()
            )]
        );
        assert_eq!(linked, HashSet::from(["2025/docs/report.pdf".to_string()]));
        let note = left_out_note(&[&assets[1]]).map(|d| d.message);
        assert!(note.is_some_and(|m| m.contains("content/manifest.json") && m.contains("static/")));
    }
}
