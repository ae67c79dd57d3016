//! Embeds as readers get them (see [`crate::content::embed`]): by default a
//! card — the provider's name, what clicking does, the address — that is a
//! plain link without JavaScript and, with it, becomes the provider's
//! player only when the reader clicks, so no request leaves for the
//! provider before (`embeds = "direct"`: the player at once, lazily).

use super::picture::PictureCtx;
use super::Contexts;
use crate::config::EmbedMode;
use crate::content::embed::{player_url, Embed, Provider, MARK};
use crate::content::Article;
use crate::html::escape_html;

/// Turns each card into its player on the reader's click: one listener for
/// the page, written once after the body's last embed.
pub(super) const SCRIPT: &str = "<script>document.addEventListener(\"click\",function(e){var a=e.target.closest&&e.target.closest(\".embed-card\");var f=a&&a.parentNode;if(!f||!f.dataset.player)return;e.preventDefault();var i=document.createElement(\"iframe\");i.src=f.dataset.player;i.title=f.dataset.title;i.allow=\"autoplay; encrypted-media; picture-in-picture; fullscreen\";i.setAttribute(\"allowfullscreen\",\"\");f.replaceChild(i,a);f.classList.add(\"embed-on\");i.focus()})</script>";

impl Contexts<'_> {
    /// `html` (the article's body) with each embed's marker replaced by
    /// its markup.
    pub(in crate::render) fn with_embeds(&self, article: &Article, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + 1024 * article.embeds.len());
        let mut rest = html;
        while let Some(start) = rest.find(MARK) {
            let after = &rest[start + MARK.len_utf8()..];
            let Some(end) = after.find(MARK) else { break };
            let number = after[..end].parse::<usize>().ok();
            let embed = number.and_then(|n| article.embeds.get(n));
            let Some(embed) = embed else {
                out.push_str(&rest[..start + MARK.len_utf8()]);
                rest = after;
                continue;
            };
            // The marker fills its paragraph: the embed takes the paragraph's place.
            let before = &rest[..start];
            let before = before.strip_suffix("<p>").unwrap_or(before);
            out.push_str(before);
            let after = &after[end + MARK.len_utf8()..];
            rest = after.strip_prefix("</p>").unwrap_or(after);
            self.push_embed(&mut out, article, number.unwrap_or_default(), embed);
        }
        out.push_str(rest);
        out
    }

    /// Writes one embed.
    fn push_embed(&self, out: &mut String, article: &Article, n: usize, embed: &Embed) {
        match embed {
            Embed::Provider { provider, id, url } => {
                self.push_provider(out, *provider, id, url);
            }
            Embed::Figure {
                src,
                caption,
                credit,
            } => {
                self.push_figure(out, article, src, caption, credit);
            }
            Embed::User { .. } => {
                // Rendered by the site's template when it has one (see
                // `render::shortcodes`); else nothing is shown.
                if let Some(html) = self.site.user_embed(&article.id, n) {
                    out.push_str(html);
                }
            }
        }
    }

    fn push_provider(&self, out: &mut String, provider: Provider, id: &str, url: &str) {
        let toml = &self.site.settings.toml;
        let origin = toml
            .embed_origins
            .get(provider.key())
            .map_or(provider.origin(), String::as_str);
        let player = player_url(provider, id, origin);
        let name = self.word(&format!("embed_{}", provider.key()));
        let action = format!("{} {name}", self.word("embed_show"));
        let shape = if provider.is_video() { "video" } else { "post" };
        let key = provider.key();
        if toml.embeds == EmbedMode::Direct {
            out.push_str(&format!(
                "<figure class=\"embed embed-{key} embed-{shape} embed-on\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allow=\"encrypted-media; picture-in-picture; fullscreen\" allowfullscreen></iframe><figcaption><a href=\"{}\" rel=\"noopener\">{}</a></figcaption></figure>",
                escape_html(&player),
                escape_html(&action),
                escape_html(url),
                escape_html(name),
            ));
            return;
        }
        let address = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .trim_start_matches("www.");
        out.push_str(&format!(
            "<figure class=\"embed embed-{key} embed-{shape}\" data-player=\"{}\" data-title=\"{}\"><a class=\"embed-card\" href=\"{}\" rel=\"noopener\"><span class=\"embed-provider\">{}</span> <span class=\"embed-action\">{}</span> <bdi class=\"embed-address\" dir=\"ltr\">{}</bdi> <span class=\"embed-note\">{}</span></a></figure>",
            escape_html(&player),
            escape_html(&action),
            escape_html(url),
            escape_html(name),
            escape_html(&action),
            escape_html(address),
            escape_html(self.word("embed_note")),
        ));
    }

    fn push_figure(
        &self,
        out: &mut String,
        article: &Article,
        src: &str,
        caption: &str,
        credit: &str,
    ) {
        out.push_str("<figure class=\"body-figure\">");
        let processed = article.body_pictures.iter().find(|(s, _)| s == src);
        match processed {
            Some((_, picture)) => {
                let ctx: PictureCtx = self.picture_ctx(picture, None);
                out.push_str(&super::picture::picture_markup(&ctx, &escape_html(caption)));
            }
            None if src.starts_with("https://") || src.starts_with("http://") => {
                out.push_str(&format!(
                    "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
                    escape_html(src),
                    escape_html(caption)
                ));
            }
            // A picture that could not be used was reported: its words stay.
            None => {}
        }
        if !caption.is_empty() || !credit.is_empty() {
            out.push_str("<figcaption>");
            out.push_str(&escape_html(caption));
            if !credit.is_empty() {
                out.push_str(" <span class=\"credit\">");
                out.push_str(&escape_html(credit));
                out.push_str("</span>");
            }
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>");
    }
}
