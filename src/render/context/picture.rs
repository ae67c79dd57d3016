//! Pictures as templates and pages show them: `<picture>` sources (WebP
//! first, the fallback format after), sizes that keep the layout still, and
//! the share preview's address and size.

use std::borrow::Cow;

use serde::Serialize;

use super::Contexts;
use crate::content::{Article, ImageRef, Picture};
use crate::html::escape_html;

/// How wide the lead picture is drawn: the text column (42rem of 18px), or
/// the whole screen below it.
pub(crate) const LEAD_SIZES: &str = "(max-width: 47rem) 100vw, 756px";

/// A picture for a template: `src` for `<img>`, `webp_srcset` for a WebP
/// `<source>`, `srcset` and `type` for the fallback, the intrinsic
/// `width`/`height` (none for a remote picture), caption and credit.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PictureCtx {
    pub src: String,
    pub webp_srcset: String,
    pub srcset: String,
    #[serde(rename = "type")]
    pub fallback_type: &'static str,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A share preview: an absolute URL and, when known, its size.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ShareImage {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl Contexts<'_> {
    fn media_url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// `picture` as templates receive it, with the words of `image`.
    pub(super) fn picture_ctx(&self, picture: &Picture, image: Option<&ImageRef>) -> PictureCtx {
        let caption = image.and_then(|i| i.caption.clone());
        let credit = image.and_then(|i| i.credit.clone());
        match picture {
            Picture::Remote(url) => PictureCtx {
                src: url.clone(),
                webp_srcset: String::new(),
                srcset: String::new(),
                fallback_type: "",
                width: None,
                height: None,
                caption,
                credit,
            },
            Picture::Local {
                variants,
                fallback_type,
            } => {
                let srcset = |file: fn(&crate::content::Variant) -> &String| {
                    let parts: Vec<String> = variants
                        .iter()
                        .map(|v| format!("{} {}w", self.media_url(file(v)), v.width))
                        .collect();
                    parts.join(", ")
                };
                // `src` for browsers without srcset: a middle width.
                let middle = variants
                    .iter()
                    .rev()
                    .find(|v| v.width <= 800)
                    .or(variants.first());
                let widest = variants.last();
                PictureCtx {
                    src: middle.map_or_else(String::new, |v| self.media_url(&v.fallback)),
                    webp_srcset: srcset(|v| &v.webp),
                    srcset: srcset(|v| &v.fallback),
                    fallback_type,
                    width: widest.map(|v| v.width),
                    height: widest.map(|v| v.height),
                    caption,
                    credit,
                }
            }
        }
    }

    /// The article's lead picture for its page.
    pub(super) fn lead_picture(&self, article: &Article) -> Option<PictureCtx> {
        let picture = article.picture.as_ref()?;
        Some(self.picture_ctx(picture, article.image.as_ref()))
    }

    /// The share preview of an article: its picture's widest variant (in
    /// the fallback format, which every network reads), else the site's
    /// `default_image`.
    pub(in crate::render) fn share_image(&self, article: Option<&Article>) -> Option<ShareImage> {
        let picture = article
            .and_then(|a| a.picture.as_ref())
            .or(self.site.default_picture.as_ref())?;
        self.shared_picture(picture)
    }

    /// `picture` as a share preview or structured data name it: its widest
    /// variant in the fallback format, by absolute URL.
    pub(in crate::render) fn shared_picture(&self, picture: &Picture) -> Option<ShareImage> {
        Some(match picture {
            Picture::Remote(url) => ShareImage {
                url: url.clone(),
                width: None,
                height: None,
            },
            Picture::Local { .. } => {
                let widest = picture.widest()?;
                ShareImage {
                    url: self.absolute(&self.media_url(&widest.fallback)),
                    width: Some(widest.width),
                    height: Some(widest.height),
                }
            }
        })
    }

    /// The article's body with each local picture as a responsive,
    /// lazily loaded `<picture>` (the body as it is when it has none).
    /// Links to files under `content/` point where the site publishes them.
    pub(in crate::render) fn body_html<'a>(&self, article: &'a Article) -> Cow<'a, str> {
        self.dressed(article, article.body.html())
    }

    /// HTML of `article` (its body, a live entry) with its pictures, file
    /// links and embeds as the page shows them.
    pub(in crate::render) fn dressed<'a>(
        &self,
        article: &'a Article,
        mut html: Cow<'a, str>,
    ) -> Cow<'a, str> {
        if !article.body_pictures.is_empty() {
            html = Cow::Owned(replace_images(&html, |src| {
                let (_, picture) = article.body_pictures.iter().find(|(s, _)| s == src)?;
                Some(self.picture_ctx(picture, None))
            }));
        }
        if !article.body_files.is_empty() {
            html = Cow::Owned(replace_links(&html, |href| {
                let (_, rel) = article.body_files.iter().find(|(h, _)| h == href)?;
                Some(self.file_url(rel, href))
            }));
        }
        if !article.embeds.is_empty() {
            html = Cow::Owned(self.with_embeds(article, &html));
        }
        html
    }

    /// The body as its own page shows it: with the script that turns an
    /// embed's card into the player when the reader asks.
    pub(in crate::render) fn page_body_html<'a>(&self, article: &'a Article) -> Cow<'a, str> {
        if article.embeds.is_empty() {
            return self.body_html(article);
        }
        let mut html = self.body_html(article).into_owned();
        if self.site.settings.toml.embeds == crate::config::EmbedMode::Facade
            && article
                .embeds
                .iter()
                .any(|e| matches!(e, crate::content::embed::Embed::Provider { .. }))
        {
            html.push_str(super::embeds::SCRIPT);
        }
        Cow::Owned(html)
    }

    /// Where the file at `rel` under `content/` is published, with the
    /// query or fragment `href` gave it.
    fn file_url(&self, rel: &str, href: &str) -> String {
        let mut url = self.base_path.to_string();
        for (n, segment) in rel.split('/').enumerate() {
            if n > 0 {
                url.push('/');
            }
            url.push_str(&crate::permalink::iri_component(segment));
        }
        if let Some(at) = href.find(['?', '#']) {
            url.push_str(&href[at..]);
        }
        url
    }
}

/// `<picture>` markup for a body picture (loaded lazily: it is below the
/// fold) keeping the `<img>`'s own `alt` (attribute text, escaped).
pub(super) fn picture_markup(p: &PictureCtx, alt: &str) -> String {
    let mut html = String::from("<picture>");
    if !p.webp_srcset.is_empty() {
        html.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{LEAD_SIZES}\">",
            escape_html(&p.webp_srcset)
        ));
    }
    html.push_str(&format!("<img src=\"{}\"", escape_html(&p.src)));
    if !p.srcset.is_empty() {
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"{LEAD_SIZES}\"",
            escape_html(&p.srcset)
        ));
    }
    if let (Some(w), Some(h)) = (p.width, p.height) {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    html.push_str(&format!(
        " alt=\"{alt}\" loading=\"lazy\" decoding=\"async\"></picture>"
    ));
    html
}

/// Replaces each `<img …>` of sanitised HTML whose `src` `picture_of` knows
/// by that picture's markup. `alt` is kept as it was escaped.
fn replace_images(html: &str, picture_of: impl Fn(&str) -> Option<PictureCtx>) -> String {
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        let replaced = attribute(tag, "src")
            .map(unescape)
            .and_then(|src| picture_of(&src).or_else(|| picture_of(&decode_percent(&src))))
            .map(|p| picture_markup(&p, attribute(tag, "alt").unwrap_or_default()));
        out.push_str(replaced.as_deref().unwrap_or(tag));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// Replaces the `href` of each `<a …>` of sanitised HTML whose address
/// `url_of` knows (as written in the source, or percent-decoded) by the
/// address it gives.
fn replace_links(html: &str, url_of: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        let replaced = attribute(tag, "href").and_then(|written| {
            let href = unescape(written);
            let url = url_of(&href).or_else(|| url_of(&decode_percent(&href)))?;
            let from = format!(" href=\"{written}\"");
            Some(tag.replacen(&from, &format!(" href=\"{}\"", escape_html(&url)), 1))
        });
        out.push_str(replaced.as_deref().unwrap_or(tag));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// The value of a double-quoted attribute, as written.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn decode_percent(value: &str) -> String {
    percent_encoding::percent_decode_str(value)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> PictureCtx {
        PictureCtx {
            src: "/media/a.1-800.png".into(),
            webp_srcset: "/media/a.1-480.webp 480w, /media/a.1-800.webp 800w".into(),
            srcset: "/media/a.1-480.png 480w, /media/a.1-800.png 800w".into(),
            fallback_type: "image/png",
            width: Some(800),
            height: Some(450),
            caption: None,
            credit: None,
        }
    }

    #[test]
    fn body_images_become_pictures_and_others_stay() {
        let html = "<p>أ <img src=\"images/a%20b.png\" alt=\"خريطة &amp; مدن\"> ب <img src=\"x.gif\" alt=\"\"></p>";
        let out = replace_images(html, |src| (src == "images/a b.png").then(ctx));
        assert!(
            out.contains("<picture><source type=\"image/webp\" srcset=\"/media/a.1-480.webp 480w"),
            "{out}"
        );
        assert!(out.contains("width=\"800\" height=\"450\" alt=\"خريطة &amp; مدن\" loading=\"lazy\" decoding=\"async\"></picture>"), "{out}");
        assert!(out.contains("<img src=\"x.gif\" alt=\"\">"), "{out}");
        assert!(
            out.starts_with("<p>أ ") && out.ends_with(" ب <img src=\"x.gif\" alt=\"\"></p>"),
            "{out}"
        );
    }
}
