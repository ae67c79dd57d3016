//! The default theme, embedded in the binary so that a folder holding only
//! `content/` builds, and the Tera instance that combines it with a site's own
//! `templates/`.

use std::collections::HashSet;
use std::error::Error as _;

use tera::{Context, Kwargs, State, Tera, Value};

use crate::report::Diagnostic;
use crate::settings::Settings;
use crate::theme::DEFAULT_TEMPLATES;

/// The site's templates, ready to render. In `build` with `minify` on,
/// the HTML templates' own markup is minified once when they load (see
/// [`super::minify::template`]), so no page needs a minifying pass; the
/// templates as written are kept too, to explain an error by the lines the
/// user wrote.
pub struct Templates {
    tera: Tera,
    /// With `minify`: the templates as written, parsed only when an error
    /// is to be explained (half the parsing of every build otherwise).
    as_written: Option<Box<AsWritten>>,
    /// Whether article and listing pages are written by the compiled
    /// built-in theme ([`super::native`]), which makes the very bytes these
    /// templates would …
    native_pages: bool,
    /// … and the Atom and RSS feeds.
    native_feeds: bool,
}

impl Templates {
    /// Whether a template of this name is the site's or the theme's.
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Whether the compiled built-in theme writes article and listing pages.
    pub fn native_pages(&self) -> bool {
        self.native_pages
    }

    /// Whether the compiled built-in theme writes the Atom and RSS feeds.
    pub fn native_feeds(&self) -> bool {
        self.native_feeds
    }

    /// The same templates with every page left to Tera: what the compiled
    /// theme is checked against.
    #[cfg(test)]
    pub fn tera_only(mut self) -> Templates {
        self.native_pages = false;
        self.native_feeds = false;
        // Every template, the compiled theme's own among them, minified.
        if let Some(as_written) = &self.as_written {
            let minified = as_written
                .sources
                .iter()
                .map(|(name, source)| {
                    let minified =
                        super::minify::template(source).unwrap_or_else(|| source.clone());
                    (
                        name.clone(),
                        if name.ends_with(".html") {
                            minified
                        } else {
                            source.clone()
                        },
                    )
                })
                .collect();
            self.tera = tera_of(minified, &as_written.settings).unwrap_or_else(|e| panic!("{e}"));
        }
        self
    }

    /// Renders `template` into `out`; an error names the template and
    /// points at its line and column.
    pub fn render_to(
        &self,
        template: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let start = out.len();
        let capped = Capped {
            out: &mut *out,
            limit: start + MAX_PAGE_BYTES,
        };
        RANGE_ITEMS_LEFT.set(RANGE_ITEMS_PER_PAGE);
        let Err(error) = self.tera.render_to(template, context, capped) else {
            return Ok(());
        };
        out.truncate(start);
        // Rendered again as written, the same error points at the user's lines.
        let error = match self.as_written.as_ref().and_then(|w| w.tera()) {
            Some(tera) => {
                RANGE_ITEMS_LEFT.set(RANGE_ITEMS_PER_PAGE);
                let capped = Capped {
                    out: &mut Vec::new(),
                    limit: MAX_PAGE_BYTES,
                };
                tera.render_to(template, context, capped)
                    .err()
                    .unwrap_or(error)
            }
            None => error,
        };
        Err(template_error(template, &error_chain(&error)))
    }
}

/// The templates as the user wrote them, and the settings their filters
/// need, parsed on first use.
struct AsWritten {
    sources: Vec<(String, String)>,
    settings: Settings,
    tera: std::sync::OnceLock<Option<Tera>>,
}

impl AsWritten {
    fn tera(&self) -> Option<&Tera> {
        self.tera
            .get_or_init(|| tera_of(self.sources.clone(), &self.settings).ok())
            .as_ref()
    }
}

/// A rendering error as a diagnostic on the template's file and line
/// (`templates/NAME`, relative to the site; the build places it under the
/// site root), so one mistake met on many pages is reported once.
pub(crate) fn template_error(template: &str, chain: &str) -> Diagnostic {
    // Tera's message starts "error: "; ours says "error" already.
    let message = chain.trim_start_matches("error: ").trim_end();
    let (file, line) = match tera_location(message) {
        Some((file, line)) => (file, Some(line)),
        None => (template.to_string(), None),
    };
    Diagnostic::error(
        Some(&std::path::Path::new("templates").join(file)),
        line,
        message,
    )
}

/// A template error names `templates/NAME` relative to the site: this makes
/// it the site's own file when it has one, or says it is the built-in
/// theme's (which has no file to point at). Other diagnostics are left as
/// they are.
pub(crate) fn locate_in_site(root: &std::path::Path, d: &mut Diagnostic) {
    let Some(name) = d
        .file
        .as_ref()
        .and_then(|f| f.strip_prefix("templates").ok())
    else {
        return;
    };
    let own = root.join("templates").join(name);
    if own.is_file() {
        d.file = Some(own);
    } else {
        let line = d
            .line
            .take()
            .map(|l| format!(", line {l}"))
            .unwrap_or_default();
        d.message = format!("built-in template {}{line}: {}", name.display(), d.message);
        d.file = None;
    }
}

/// The `--> NAME:LINE:COLUMN` a Tera error points at.
fn tera_location(message: &str) -> Option<(String, usize)> {
    let (_, after) = message.split_once("--> ")?;
    let spot = after.split_whitespace().next()?;
    let mut parts = spot.rsplitn(3, ':');
    let _column = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line))
}

/// Builds the template set: the defaults, each replaced by the site's file of
/// the same name, plus any other templates the site has; with `minify`, the
/// HTML templates minified (see [`Templates`]).
pub fn build_tera(
    overrides: &[(String, String)],
    minify: bool,
    settings: &Settings,
) -> Result<Templates, Diagnostic> {
    // The compiled theme is the built-in templates as written (XML) or
    // minified (HTML): only where the site changes none of them.
    let native_feeds = super::native::unchanged(&super::native::FEED_TEMPLATES, overrides);
    let sources = sources(overrides);
    let parse_as_written = |sources| {
        tera_of(sources, settings)
            .map_err(|e| Diagnostic::error(None, None, format!("templates: {}", error_chain(&e))))
    };
    if !minify {
        return Ok(Templates {
            tera: parse_as_written(sources)?,
            as_written: None,
            native_pages: false,
            native_feeds,
        });
    }
    let native_pages = super::native::unchanged(&super::native::PAGE_TEMPLATES, overrides);
    // Without templates of the site's own, nothing Tera renders uses the
    // article page's and the teaser's: the compiled theme writes those,
    // and Tera need not parse them (a third of the theme's text).
    let unused = |name: &str| native_pages && overrides.is_empty() && COMPILED_ONLY.contains(&name);
    let minified = sources
        .iter()
        .filter(|(name, _)| !unused(name))
        .cloned()
        .map(|(name, source)| {
            let source = if name.ends_with(".html") {
                super::minify::template(&source).unwrap_or(source)
            } else {
                source
            };
            (name, source)
        })
        .collect();
    // Should a minified template not parse, the templates as written
    // serve (and explain the error when they do not parse either).
    Ok(match tera_of(minified, settings) {
        Ok(tera) => Templates {
            tera,
            as_written: Some(Box::new(AsWritten {
                sources,
                settings: settings.clone(),
                tera: std::sync::OnceLock::new(),
            })),
            native_pages,
            native_feeds,
        },
        Err(_) => Templates {
            tera: parse_as_written(sources)?,
            as_written: None,
            native_pages: false,
            native_feeds,
        },
    })
}

/// The built-in templates only the compiled theme renders when the site has
/// no templates of its own (see [`build_tera`]).
const COMPILED_ONLY: [&str; 2] = ["article.html", "teaser.html"];

/// Every template the site renders with: the built-in ones, each replaced by
/// the site's file of the same name, and the site's others.
pub(crate) fn sources(overrides: &[(String, String)]) -> Vec<(String, String)> {
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
    sources
}

/// The templates whose output changes when those in `changed` do: each of
/// them, and every template that extends, includes or imports one of them,
/// directly or through others — read from the templates themselves.
pub(crate) fn affected_by(
    sources: &[(String, String)],
    changed: &HashSet<String>,
) -> HashSet<String> {
    let uses: Vec<(&str, Vec<String>)> = sources
        .iter()
        .map(|(name, source)| (name.as_str(), used_templates(source)))
        .collect();
    let mut affected = changed.clone();
    // Until nothing new: a template using an affected one is affected.
    loop {
        let before = affected.len();
        for (name, used) in &uses {
            if used.iter().any(|u| affected.contains(u)) {
                affected.insert(name.to_string());
            }
        }
        if affected.len() == before {
            return affected;
        }
    }
}

/// The templates a template's source names in `{% extends %}`,
/// `{% include %}` and `{% import %}` tags.
pub(crate) fn used_templates(source: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim();
        let keyword = tag.split_whitespace().next().unwrap_or_default();
        if matches!(keyword, "extends" | "include" | "import") {
            let mut quoted = tag[keyword.len()..].split(['"', '\'']);
            // Quoted names sit at the odd positions: `["a", "b"]`, `"a" as m`.
            while let (Some(_), Some(name)) = (quoted.next(), quoted.next()) {
                used.push(name.to_string());
            }
        }
        rest = &rest[end..];
    }
    used
}

fn tera_of(sources: Vec<(String, String)>, settings: &Settings) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    tera.register_filter("safe", safe);
    tera.register_function("range", bounded_range);
    super::filters::register(&mut tera, settings);
    tera.global_context().insert("data", &*settings.data);
    tera.add_raw_templates(sources)?;
    Ok(tera)
}

/// The most one page may be: a template that writes more (a loop over a
/// loop) is stopped with an error naming it, not left to fill the disk.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;
/// The most `range` items one page's templates may make: loops inside
/// loops over `range(end=100000)` ran for hours; a real template's lists
/// are far shorter.
const RANGE_ITEMS_PER_PAGE: u64 = 1_000_000;

thread_local! {
    /// What is left of the current page's [`RANGE_ITEMS_PER_PAGE`].
    static RANGE_ITEMS_LEFT: std::cell::Cell<u64> = const { std::cell::Cell::new(RANGE_ITEMS_PER_PAGE) };
}

/// A page being written, refused past `limit` bytes.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(format!(
                "the page grew past {} MiB: a loop that never ends, or over far too much?",
                MAX_PAGE_BYTES / (1024 * 1024)
            )));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(start, end, step_by)`, within the page's budget of
/// [`RANGE_ITEMS_PER_PAGE`] items.
fn bounded_range(kwargs: Kwargs, _: &State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("range: step_by may not be 0"));
    }
    if (step > 0 && start > end) || (step < 0 && start < end) {
        return Ok(Vec::new());
    }
    let span = end.abs_diff(start);
    let len = span.div_ceil(step.unsigned_abs());
    let left = RANGE_ITEMS_LEFT.get();
    let len = u64::try_from(len)
        .ok()
        .filter(|&len| len <= left)
        .ok_or_else(|| {
            tera::Error::message(format!(
            "range: this page's templates ask for more than {RANGE_ITEMS_PER_PAGE} range items \
             (a loop over range inside another?); the page is not written"
        ))
        })?;
    RANGE_ITEMS_LEFT.set(left - len);
    Ok((0..i128::from(len)).map(|i| start + i * step).collect())
}

/// Tera's `safe`, without the copy Tera's own makes of the string: a
/// body or a teaser (shared between listings) is marked safe as it is.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// Escapes for HTML and XML text and attributes, straight into the page.
/// Unlike Tera's default it leaves `/` alone, so URLs stay readable.
pub(crate) fn escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::html::escape_html_to(text, out)
}

/// A Tera error with its causes, which hold the template name and line.
pub(crate) fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_keeps_markup_and_everything_else_is_escaped() {
        let Ok(tera) = tera_of(
            vec![(
                "t.html".into(),
                "{{ html | safe }}|{{ html }}|{{ number | safe }}|{{ items | safe }}".into(),
            )],
            &Settings::default(),
        ) else {
            panic!("the template must build");
        };
        let mut context = Context::new();
        context.insert("html", "<b>خبر</b>");
        context.insert("number", &3);
        context.insert("items", &["<i>"]);
        let page = tera
            .render("t.html", &context)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page, "<b>خبر</b>|&lt;b&gt;خبر&lt;/b&gt;|3|[\"<i>\"]");
    }

    #[test]
    fn finds_the_templates_a_template_uses() {
        let source = "{% extends \"base.html\" %}{%- include 'a.html' -%}\
                      {% include [\"b.html\", \"c.html\"] ignore missing %}\
                      {% import \"macros.html\" as m %}{% if x %}{{ \"not.html\" }}{% endif %}";
        assert_eq!(
            used_templates(source),
            ["base.html", "a.html", "b.html", "c.html", "macros.html"]
        );
    }

    #[test]
    fn a_template_affects_every_template_built_on_it() {
        let sources = super::sources(&[(
            "base.html".into(),
            "{% include \"header.html\" %}{% block main %}{% endblock main %}".into(),
        )]);
        let changed = |name: &str| affected_by(&sources, &HashSet::from([name.to_string()]));
        let header = changed("header.html");
        for page in [
            "base.html",
            "article.html",
            "list.html",
            "archive.html",
            "404.html",
        ] {
            assert!(header.contains(page), "{page}: {header:?}");
        }
        assert!(!header.contains("teaser.html"), "{header:?}");
        assert!(!header.contains("atom.xml"), "{header:?}");
        let pagination = changed("pagination.html");
        assert!(pagination.contains("list.html") && !pagination.contains("article.html"));
        assert_eq!(changed("rss.xml"), HashSet::from(["rss.xml".to_string()]));
    }

    #[test]
    fn render_errors_point_at_the_template_line() {
        let Ok(templates) = build_tera(
            &[("teaser.html".into(), "<p>\n{{ nope }}\n</p>".into())],
            true,
            &Settings::default(),
        ) else {
            panic!("the templates must build");
        };
        let error = templates
            .render_to("teaser.html", &Context::new(), &mut Vec::new())
            .err()
            .unwrap_or_else(|| panic!("an undefined variable must fail"));
        assert_eq!(
            error.file.as_deref(),
            Some(std::path::Path::new("templates/teaser.html"))
        );
        assert_eq!(error.line, Some(2), "{error}");
        assert!(error.message.contains("nope"), "{error}");
        assert!(!error.message.starts_with("error"), "{error}");
    }
}
