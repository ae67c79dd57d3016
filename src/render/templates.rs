//! The default theme, embedded in the binary so that a folder holding only
//! `content/` builds, and the Tera instance that combines it with a site's own
//! `templates/`.

use std::error::Error as _;

use tera::Tera;

use crate::report::Diagnostic;

/// Default templates: (name, source).
pub const DEFAULT_TEMPLATES: [(&str, &str); 9] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("teaser.html", include_str!("../../templates/teaser.html")),
    (
        "pagination.html",
        include_str!("../../templates/pagination.html"),
    ),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("rss.xml", include_str!("../../templates/rss.xml")),
];

/// Default static files: (path under the output, bytes).
pub const DEFAULT_STATIC: [(&str, &[u8]); 1] =
    [("style.css", include_bytes!("../../static/style.css"))];

/// Builds the template set: the defaults, each replaced by the site's file of
/// the same name, plus any other templates the site has. With `minify`, the
/// HTML templates' own markup is minified once here (see
/// [`minify::template`]), so no page needs a minifying pass; errors still
/// point at the lines of the templates as written.
pub fn build_tera(overrides: &[(String, String)], minify: bool) -> Result<Tera, Diagnostic> {
    let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    for (name, source) in overrides {
        match sources.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = source.clone(),
            None => sources.push((name.clone(), source.clone())),
        }
    }
    let tera = tera_of(sources.clone())
        .map_err(|e| Diagnostic::error(None, None, format!("templates: {}", error_chain(&e))))?;
    if !minify {
        return Ok(tera);
    }
    let minified = sources
        .into_iter()
        .map(|(name, source)| {
            let source = match name.ends_with(".html") {
                true => super::minify::template(&source).unwrap_or(source),
                false => source,
            };
            (name, source)
        })
        .collect();
    // The sources parsed as written; should a minified one not, the
    // templates as written serve.
    Ok(tera_of(minified).unwrap_or(tera))
}

fn tera_of(sources: Vec<(String, String)>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    tera.add_raw_templates(sources)?;
    Ok(tera)
}

/// Escapes for HTML and XML text and attributes. Unlike Tera's default it
/// leaves `/` alone, so URLs stay readable.
pub fn escape(text: &str) -> String {
    crate::content::raw::escape_html(text)
}

/// A Tera error with its causes, which hold the template name and line.
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
