//! The site's own shortcodes: `{{ NAME(key="value") }}` in a Markdown body
//! is `templates/shortcodes/NAME.html`, given each argument as a variable
//! (and `nth`, the how-manieth of its name in the article). Rendered once
//! per use before any page — a body is shown by its page and the feeds —
//! and kept in [`crate::site::Site::user_embeds`]. The template is the
//! site's own, so its markup is kept as written.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Context;

use super::templates::Templates;
use crate::content::embed::Embed;
use crate::content::Article;
use crate::report::Diagnostic;

/// The HTML of each article's own shortcodes: article id → one entry per
/// embed (empty for the built-in ones and those that failed).
pub(crate) type UserEmbeds = HashMap<String, Vec<String>>;

/// Renders every use of a site shortcode; a missing template or a failing
/// one is a warning on the article's line, and the shortcode shows nothing.
pub(crate) fn render_user_embeds(
    articles: &[Arc<Article>],
    templates: &Templates,
) -> (UserEmbeds, Vec<Diagnostic>) {
    let mut rendered = UserEmbeds::new();
    let mut notes = Vec::new();
    for article in articles {
        if !article
            .embeds
            .iter()
            .any(|e| matches!(e, Embed::User { .. }))
        {
            continue;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let html = article
            .embeds
            .iter()
            .map(|embed| {
                let Embed::User { name, args, line } = embed else {
                    return String::new();
                };
                let nth = {
                    let count = counts.entry(name.as_str()).or_default();
                    *count += 1;
                    *count
                };
                let template = format!("shortcodes/{name}.html");
                if !templates.contains(&template) {
                    notes.push(Diagnostic::warning(
                        Some(&article.path),
                        Some(*line),
                        format!(
                            "the shortcode `{name}` is neither built in (youtube, x, instagram, facebook, vimeo, tiktok, soundcloud, figure) nor a template of the site (templates/{template}): it is left out"
                        ),
                    ));
                    return String::new();
                }
                let mut context = Context::new();
                for (key, value) in args {
                    context.insert(key.clone(), value);
                }
                context.insert("nth", &nth);
                let mut out = Vec::new();
                match templates.render_to(&template, &context, &mut out) {
                    Ok(()) => String::from_utf8_lossy(&out).into_owned(),
                    Err(mut problem) => {
                        problem.message = format!(
                            "{} (the shortcode `{name}` of {} line {line} is left out)",
                            problem.message,
                            article.report_file()
                        );
                        notes.push(problem);
                        String::new()
                    }
                }
            })
            .collect();
        rendered.insert(article.id.clone(), html);
    }
    (rendered, notes)
}
