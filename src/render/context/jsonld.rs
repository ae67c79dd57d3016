//! Structured data (schema.org JSON-LD): `NewsArticle` on article pages,
//! `BreadcrumbList` on archives, written so no title can close its script.

use serde::Serialize;

use super::{Contexts, Crumb, Summary};
use crate::content::Article;

/// `NewsArticle` structured data. Fields in byte order of their JSON names,
/// so the output matches a sorted map's.
#[derive(Serialize)]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    author: Authors<'a>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    description: &'a str,
    headline: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageLd>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: WebPageLd<'a>,
    publisher: Named<'a>,
    url: &'a str,
}

/// A `NewsArticle`'s `author`: the people who signed it, or an organisation.
#[derive(Serialize)]
#[serde(untagged)]
enum Authors<'a> {
    Organization(Named<'a>),
    People(Vec<Named<'a>>),
}

/// The picture: an `ImageObject` with its size when known.
#[derive(Serialize)]
struct ImageLd {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
}

/// `{"@type": …, "name": …, "url": …}` (url when known).
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct WebPageLd<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// `BreadcrumbList` structured data (fields in byte order of their names).
#[derive(Serialize)]
struct BreadcrumbListLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItemLd<'a>>,
}

#[derive(Serialize)]
struct ListItemLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

impl Contexts<'_> {
    pub(super) fn json_ld(
        &self,
        article: &Article,
        summary: &Summary,
        section: Option<&str>,
    ) -> String {
        let modified = article.updated.map(|u| u.to_rfc3339());
        let value = NewsArticleLd {
            context: "https://schema.org",
            kind: "NewsArticle",
            article_section: section,
            // The writers when the article is signed; else the source (or the
            // site's author) as an organisation.
            author: if article.authors.is_empty() {
                Authors::Organization(Named {
                    kind: "Organization",
                    name: article.source.as_deref().unwrap_or(&self.site_ctx.author),
                    url: None,
                })
            } else {
                Authors::People(
                    article
                        .authors
                        .iter()
                        .map(|name| Named {
                            kind: "Person",
                            name,
                            url: None,
                        })
                        .collect(),
                )
            },
            date_modified: modified.as_deref().unwrap_or(&summary.date_iso),
            date_published: &summary.date_iso,
            dateline: article.city.as_deref(),
            description: &summary.summary,
            headline: crate::arabic::bidi::rtl_plain_text(&article.title),
            image: self.share_image(Some(article)).map(|image| ImageLd {
                kind: "ImageObject",
                height: image.height,
                url: image.url,
                width: image.width,
            }),
            in_language: &self.site.settings.toml.language,
            main_entity_of_page: WebPageLd {
                id: &summary.permalink,
                kind: "WebPage",
            },
            publisher: Named {
                kind: "Organization",
                name: &self.site_ctx.publisher,
                // The site's own URL, absolute when `base_url` is.
                url: Some(&self.site_ctx.base_url),
            },
            url: &summary.permalink,
        };
        script_safe_json(&serde_json::to_string(&value).unwrap_or_default())
    }

    /// `BreadcrumbList` structured data for an archive page.
    pub(super) fn breadcrumb_json_ld(&self, crumbs: &[Crumb], current: &str, url: &str) -> String {
        let mut items: Vec<ListItemLd> = crumbs
            .iter()
            .enumerate()
            .map(|(n, c)| ListItemLd {
                kind: "ListItem",
                item: self.permalink(&c.url),
                name: &c.label,
                position: n + 1,
            })
            .collect();
        items.push(ListItemLd {
            kind: "ListItem",
            item: url.to_string(),
            name: current,
            position: items.len() + 1,
        });
        let value = BreadcrumbListLd {
            context: "https://schema.org",
            kind: "BreadcrumbList",
            item_list_element: items,
        };
        script_safe_json(&serde_json::to_string(&value).unwrap_or_default())
    }
}

/// JSON that is safe inside `<script>`: `<`, `>` and `&` as `\u` escapes, so
/// no title can close the script element.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    for i in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        let escaped = match json.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        };
        // ASCII bytes are always character boundaries.
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let json = json!({ "headline": "</script><script>alert(1)</script>" }).to_string();
        let safe = script_safe_json(&json);
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
        let mixed = json!({ "a": "x & y > z <!--", "b": "عربي" }).to_string();
        let safe = script_safe_json(&mixed);
        assert!(!safe.contains(['<', '>', '&']));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["a"], "x & y > z <!--");
        assert_eq!(back["b"], "عربي");
    }
}
