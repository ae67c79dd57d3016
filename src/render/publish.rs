//! What feed readers and crawlers read: RSS 2.0 and JSON Feed 1.1 beside the
//! Atom template, sitemaps (split into an index past `sitemap_limit` URLs), the
//! Google News sitemap and `robots.txt`. Sitemaps, JSON and robots are written
//! in code: their formats leave nothing to theme.

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;
use tera::Context;

use super::context::jsonld::Json;
use super::context::Contexts;
use crate::arabic::bidi::rtl_plain_text;
use crate::html::escape_html as escape;
use crate::permalink::{self, folder_url};
use crate::site::Site;

/// Which articles a feed carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Site,
    /// Year and month indices into `Site::years`.
    Month(usize, usize),
    /// A section, by index into `Site::sections`.
    Section(usize),
    /// A taxonomy's term: (taxonomy, term).
    Term(usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FeedFormat {
    Atom,
    Rss,
    Json,
}

impl Scope {
    /// Whether the feed carries each article whole. Only the site's feed
    /// does; a month's, a section's or a term's carry summaries (as all of
    /// Hugo's feeds do): readers following one open the story on the site,
    /// and whole texts there would write every article three times more.
    pub(crate) fn full_text(&self) -> bool {
        matches!(self, Scope::Site)
    }
}

impl FeedFormat {
    pub(crate) const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json];

    pub(crate) fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Json => "feed.json",
        }
    }
}

/// The folder of a scope (`""` or `2025/11`).
pub(crate) fn scope_folder(site: &Site, scope: &Scope) -> String {
    match *scope {
        Scope::Site => String::new(),
        Scope::Month(y, m) => {
            let month = &site.years[y].months[m];
            permalink::month_path(month.year, month.month)
        }
        Scope::Section(s) => site.sections[s].slug.clone(),
        Scope::Term(t, k) => {
            let taxonomy = &site.taxonomies[t];
            format!("{}/{}", taxonomy.slug, taxonomy.terms[k].slug)
        }
    }
}

pub(crate) fn feed_path(site: &Site, format: FeedFormat, scope: &Scope) -> String {
    let folder = scope_folder(site, scope);
    if folder.is_empty() {
        format.file_name().to_string()
    } else {
        format!("{folder}/{}", format.file_name())
    }
}

/// The newest `feed_limit` article indices of a scope.
pub(crate) fn feed_ids(site: &Site, scope: &Scope) -> Vec<usize> {
    let limit = site.settings.toml.feed_limit;
    match *scope {
        Scope::Site => (0..site.len().min(limit)).collect(),
        Scope::Month(y, m) => first(&site.years[y].months[m].articles, limit),
        Scope::Section(s) => first(&site.sections[s].articles, limit),
        Scope::Term(t, k) => first(&site.taxonomies[t].terms[k].articles, limit),
    }
}

fn first(ids: &[usize], limit: usize) -> Vec<usize> {
    ids.iter().take(limit).copied().collect()
}

/// The title, home page and feed URLs of a scope.
fn feed_meta(c: &Contexts, scope: &Scope) -> (String, String) {
    match *scope {
        Scope::Site => (c.site.settings.toml.title.clone(), c.base_path.clone()),
        Scope::Month(y, m) => {
            let month = &c.site.years[y].months[m];
            let title = format!(
                "{} — {}",
                c.site.settings.toml.title,
                c.style.month_year(month.year, month.month)
            );
            (
                title,
                folder_url(&c.base_path, &scope_folder(c.site, scope)),
            )
        }
        Scope::Section(_) | Scope::Term(..) => {
            let name = match *scope {
                Scope::Section(s) => &c.site.sections[s].name,
                Scope::Term(t, k) => &c.site.taxonomies[t].terms[k].name,
                _ => &c.site.settings.toml.title,
            };
            (
                format!("{} — {name}", c.site.settings.toml.title),
                folder_url(&c.base_path, &scope_folder(c.site, scope)),
            )
        }
    }
}

/// An Atom or RSS entry as templates see it.
#[derive(Serialize)]
pub(in crate::render) struct FeedEntry<'a> {
    pub title: &'a str,
    pub permalink: &'a str,
    pub date_iso: &'a str,
    pub date_rfc2822: String,
    pub updated_iso: String,
    pub author: &'a str,
    pub summary: &'a str,
    /// RSS readers take `<description>` as HTML: the text, escaped as HTML.
    pub summary_html: String,
    /// The article whole, in full-text feeds (see [`Scope::full_text`]).
    pub body_html: Option<std::borrow::Cow<'a, str>>,
    /// Its picture, for enclosures.
    pub image: Option<FeedImage>,
}

/// A feed entry's picture: the widest variant in the fallback format.
#[derive(Serialize)]
pub(in crate::render) struct FeedImage {
    pub url: String,
    #[serde(rename = "type")]
    pub media_type: &'static str,
    /// Bytes, for RSS `<enclosure>` (0: unknown, so no enclosure).
    pub length: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

fn feed_image(c: &Contexts, article: &crate::content::Article) -> Option<FeedImage> {
    let picture = article.picture.as_ref()?;
    let share = c.share_image(Some(article))?;
    let (media_type, length) = match picture {
        crate::content::Picture::Local { fallback_type, .. } => {
            (*fallback_type, picture.widest().map_or(0, |v| v.bytes))
        }
        crate::content::Picture::Remote(_) => ("", 0),
    };
    Some(FeedImage {
        url: share.url,
        media_type,
        length,
        width: share.width,
        height: share.height,
    })
}

#[derive(Serialize)]
pub(in crate::render) struct FeedCtx<'a> {
    pub title: String,
    pub self_url: String,
    pub home_url: String,
    pub updated: String,
    pub updated_rfc2822: String,
    pub entries: Vec<FeedEntry<'a>>,
}

/// The Tera context of an Atom or RSS feed.
pub(crate) fn feed_context(c: &Contexts, format: FeedFormat, scope: &Scope) -> Context {
    with_feed(c, format, scope, |feed| {
        let mut context = c.base();
        context.insert("feed", feed);
        context
    })
}

/// An Atom or RSS feed as its template gets it (`feed`), handed to `then`.
pub(in crate::render) fn with_feed<R>(
    c: &Contexts,
    format: FeedFormat,
    scope: &Scope,
    then: impl FnOnce(&FeedCtx) -> R,
) -> R {
    let site = c.site;
    let ids = feed_ids(site, scope);
    let (title, home) = feed_meta(c, scope);
    let summaries = c.feed_summaries(scope, &ids);
    let entries: Vec<_> = ids
        .iter()
        .zip(summaries.iter())
        .map(|(&i, s)| {
            let a = &site.articles[i];
            FeedEntry {
                title: &a.title,
                permalink: &s.permalink,
                date_iso: &s.date_iso,
                date_rfc2822: a.date.to_rfc2822(),
                updated_iso: a.updated.unwrap_or(a.date).to_rfc3339(),
                author: a.source.as_deref().unwrap_or(&c.site_ctx.author),
                summary: &s.summary,
                summary_html: escape(&s.summary),
                body_html: scope.full_text().then(|| c.body_html(a)),
                image: feed_image(c, a),
            }
        })
        .collect();
    let updated = newest(site, &ids);
    then(&FeedCtx {
        title,
        self_url: c.absolute(&format!(
            "{}{}",
            c.base_path,
            feed_path(site, format, scope)
        )),
        home_url: c.absolute(&home),
        updated: updated.map_or_else(|| "1970-01-01T00:00:00+00:00".into(), |d| d.to_rfc3339()),
        updated_rfc2822: updated.map_or_else(
            || "Thu, 01 Jan 1970 00:00:00 +0000".into(),
            |d| d.to_rfc2822(),
        ),
        entries,
    })
}

fn newest(site: &Site, ids: &[usize]) -> Option<DateTime<FixedOffset>> {
    ids.iter()
        .map(|&i| site.articles[i].updated.unwrap_or(site.articles[i].date))
        .max()
}

/// `"authors": [{"name": …}]`, JSON Feed's one author.
fn json_authors(json: &mut Json, name: &str) {
    json.key("authors");
    json.open('[');
    json.open('{');
    json.string("name", name);
    json.close('}');
    json.close(']');
}

/// A JSON Feed 1.1 document. Members in byte order of their names, as
/// serde_json writes a sorted map (what the feeds held before this writer).
pub(crate) fn json_feed(c: &Contexts, scope: &Scope) -> String {
    let site = c.site;
    let ids = feed_ids(site, scope);
    let (title, home) = feed_meta(c, scope);
    let summaries = c.feed_summaries(scope, &ids);
    let language = &site.settings.toml.language;
    let mut json = Json::pretty(1024 + 1024 * ids.len());
    json.open('{');
    json_authors(&mut json, &c.site_ctx.author);
    json.string("description", &site.settings.toml.description);
    json.string(
        "feed_url",
        &c.absolute(&format!(
            "{}{}",
            c.base_path,
            feed_path(site, FeedFormat::Json, scope)
        )),
    );
    json.string("home_page_url", &c.absolute(&home));
    json.key("items");
    json.open('[');
    for (&i, s) in ids.iter().zip(summaries.iter()) {
        let a = &site.articles[i];
        json.open('{');
        json_authors(&mut json, a.source.as_deref().unwrap_or(&c.site_ctx.author));
        if scope.full_text() {
            json.string("content_html", &c.body_html(a));
        } else {
            // Summary-only feeds: JSON Feed wants `content_html` or `content_text`.
            json.string("content_text", &s.summary);
        }
        json.string("date_modified", &a.updated.unwrap_or(a.date).to_rfc3339());
        json.string("date_published", &s.date_iso);
        json.string("id", &s.permalink);
        if let Some(image) = a.picture.as_ref().and(c.share_image(Some(a))) {
            json.string("image", &image.url);
        }
        json.string("language", language);
        json.string("summary", &s.summary);
        if !a.tags.is_empty() {
            json.key("tags");
            json.open('[');
            for tag in &a.tags {
                json.value(tag);
            }
            json.close(']');
        }
        json.string("title", &rtl_plain_text(&a.title));
        json.string("url", &s.permalink);
        json.close('}');
    }
    json.close(']');
    json.string("language", language);
    json.string("title", &rtl_plain_text(&title));
    json.string("version", "https://jsonfeed.org/version/1.1");
    json.close('}');
    json.into_string()
}

/// One sitemap URL.
struct Entry {
    loc: String,
    lastmod: Option<String>,
}

/// The sitemap URLs numbered `range`, in order: home, archives, articles.
/// Only the articles in the range are looked at, so each part of a split
/// sitemap costs its own size, not the whole site's.
fn entries(c: &Contexts, range: std::ops::Range<usize>) -> Vec<Entry> {
    let site = c.site;
    let lastmod_of = |ids: &[usize]| newest(site, ids).map(|d| d.to_rfc3339());
    let all: Vec<usize> = (0..site.len().min(1)).collect();
    let mut out = vec![
        Entry {
            loc: c.absolute(&c.base_path),
            lastmod: lastmod_of(&all),
        },
        Entry {
            loc: c.absolute(&c.site_ctx.archive_url),
            lastmod: lastmod_of(&all),
        },
    ];
    for y in &site.years {
        let url = folder_url(&c.base_path, &permalink::year_path(y.year));
        out.push(Entry {
            loc: c.absolute(&url),
            lastmod: lastmod_of(&y.articles[..1.min(y.articles.len())]),
        });
        for m in &y.months {
            let url = folder_url(&c.base_path, &permalink::month_path(m.year, m.month));
            out.push(Entry {
                loc: c.absolute(&url),
                lastmod: lastmod_of(&m.articles[..1.min(m.articles.len())]),
            });
            for d in &m.days {
                let url = folder_url(&c.base_path, &permalink::day_path(d.date));
                out.push(Entry {
                    loc: c.absolute(&url),
                    lastmod: lastmod_of(&d.articles[..1.min(d.articles.len())]),
                });
            }
        }
    }
    let mut group = |folder: &str, ids: &[usize]| {
        out.push(Entry {
            loc: c.absolute(&folder_url(&c.base_path, folder)),
            lastmod: lastmod_of(&ids[..1.min(ids.len())]),
        });
    };
    for s in &site.sections {
        group(&s.slug, &s.articles);
    }
    for t in &site.taxonomies {
        let newest = t
            .terms
            .iter()
            .filter_map(|term| term.articles.first())
            .min();
        group(&t.slug, &newest.copied().into_iter().collect::<Vec<_>>());
        for term in &t.terms {
            group(&format!("{}/{}", t.slug, term.slug), &term.articles);
        }
    }
    // The site's own pages: undated, so no `lastmod`.
    for page in &site.pages {
        out.push(Entry {
            loc: c.absolute(&folder_url(&c.base_path, &page.folder)),
            lastmod: None,
        });
    }
    let archives = out.len();
    let mut out: Vec<Entry> = out
        .drain(range.start.min(archives)..range.end.min(archives))
        .collect();
    let first = range.start.saturating_sub(archives);
    let last = range.end.saturating_sub(archives).min(site.len());
    for i in first..last {
        let a = &site.articles[i];
        out.push(Entry {
            loc: c.sitemap_loc(i),
            lastmod: Some(a.updated.unwrap_or(a.date).to_rfc3339()),
        });
    }
    out
}

/// How many URLs the sitemap lists (to decide on an index before rendering).
pub(crate) fn sitemap_url_count(site: &Site) -> usize {
    let archives: usize = site
        .years
        .iter()
        .map(|y| 1 + y.months.iter().map(|m| 1 + m.days.len()).sum::<usize>())
        .sum();
    let groups: usize = site.sections.len()
        + site
            .taxonomies
            .iter()
            .map(|t| 1 + t.terms.len())
            .sum::<usize>();
    2 + archives + groups + site.pages.len() + site.len()
}

/// The number of sitemap files (1 means no index).
pub(crate) fn sitemap_parts(site: &Site) -> usize {
    sitemap_url_count(site)
        .div_ceil(site.settings.toml.sitemap_limit)
        .max(1)
}

pub(crate) fn sitemap_part_path(part: usize) -> String {
    format!("sitemap-{part}.xml")
}

/// `part` 0 is the whole sitemap; 1.. are the parts of a split one.
pub(crate) fn sitemap(c: &Contexts, part: usize) -> String {
    let limit = c.site.settings.toml.sitemap_limit;
    let range = if part == 0 {
        0..usize::MAX
    } else {
        (part - 1) * limit..part * limit
    };
    let slice = entries(c, range);
    let mut xml = String::with_capacity(slice.len() * 120);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in &slice {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&e.loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = &e.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(lastmod);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The sitemap index naming every part.
pub(crate) fn sitemap_index(c: &Contexts) -> String {
    let parts = sitemap_parts(c.site);
    let lastmod =
        newest(c.site, &(0..c.site.len().min(1)).collect::<Vec<_>>()).map(|d| d.to_rfc3339());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for part in 1..=parts {
        let loc = c.absolute(&format!("{}{}", c.base_path, sitemap_part_path(part)));
        xml.push_str("<sitemap><loc>");
        xml.push_str(&escape(&loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = &lastmod {
            xml.push_str(&format!("<lastmod>{lastmod}</lastmod>"));
        }
        xml.push_str("</sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// Most articles a news sitemap may list (Google's limit).
const NEWS_LIMIT: usize = 1000;

/// The articles of the last `news_days` days before `now` (or the newest
/// article), newest first, at most 1,000.
pub(crate) fn news_ids(site: &Site) -> Vec<usize> {
    let Some(reference) = site
        .settings
        .now
        .or_else(|| site.articles.first().map(|a| a.date))
    else {
        return Vec::new();
    };
    // Checked: a date near the calendar's edge has no day that far back.
    let since = Duration::try_days(i64::from(site.settings.toml.news_days))
        .and_then(|days| reference.checked_sub_signed(days))
        .unwrap_or(chrono::DateTime::<chrono::FixedOffset>::MIN_UTC.fixed_offset());
    site.articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.date >= since && a.date <= reference)
        .map(|(i, _)| i)
        .take(NEWS_LIMIT)
        .collect()
}

/// The Google News sitemap.
pub(crate) fn news_sitemap(c: &Contexts) -> String {
    let site = c.site;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for i in news_ids(site) {
        let a = &site.articles[i];
        let permalink = c.permalink_of(i);
        xml.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
             <news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news></url>\n",
            escape(&permalink),
            escape(&c.site_ctx.publisher),
            escape(&site.settings.toml.language),
            a.date.to_rfc3339(),
            escape(&rtl_plain_text(&a.title)),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `Cache-Control` for a file whose name changes with its content.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `_headers` (Netlify, Cloudflare Pages): the year-long cache of the files
/// named by their content. The others keep the hosts' default, kept but
/// revalidated on each visit (`public, max-age=0, must-revalidate`): a rule
/// for every path would add its value to theirs (both hosts join the
/// values of every rule a path matches).
pub(crate) fn headers_file(c: &Contexts) -> String {
    let settings = &c.site.settings;
    let mut text = String::from("# Written by sahifa (hosts in site.toml).\n");
    let mut rule = |path: &str| {
        text.push_str(&c.base_path);
        text.push_str(path);
        text.push_str("\n  Cache-Control: ");
        text.push_str(IMMUTABLE);
        text.push('\n');
    };
    rule("media/*");
    for path in settings.asset_paths.values() {
        rule(path);
    }
    text
}

/// `_redirects` (Netlify, Cloudflare Pages): every old address of an
/// article, a permanent redirect to it. Netlify is told to follow it over
/// the page left at the old address (`301!`) when it is the only host
/// named: Cloudflare always does, and reads no `!`.
pub(crate) fn redirects_file(c: &Contexts) -> String {
    let site = c.site;
    let hosts = &site.settings.toml.hosts;
    let code = if hosts.contains(&crate::config::Host::Cloudflare) {
        "301"
    } else {
        "301!"
    };
    let mut text =
        String::from("# Written by sahifa: every old address of a story (urls.lock, aliases).\n");
    for redirect in &site.redirects {
        let from = match redirect.file.strip_suffix("index.html") {
            Some(folder) => crate::permalink::folder_url(&c.base_path, folder),
            None => format!(
                "{}{}",
                c.base_path,
                crate::permalink::folder_url("", &redirect.file).trim_end_matches('/')
            ),
        };
        let to = crate::permalink::folder_url(&c.base_path, &site.paths[redirect.to]);
        text.push_str(&format!("{from} {to} {code}\n"));
    }
    text
}

/// `CNAME` (GitHub Pages): the domain of `base_url`, when it is the site's
/// own (not a `github.io` address).
pub(crate) fn cname(settings: &crate::settings::Settings) -> Option<String> {
    if !settings.has_absolute_base() {
        return None;
    }
    let url = settings.base_url();
    let host = url
        .split("://")
        .nth(1)?
        .split('/')
        .next()?
        .split(':')
        .next()?;
    (!host.is_empty() && !host.ends_with(".github.io")).then(|| format!("{host}\n"))
}

/// `robots.txt`: everything allowed, both sitemaps named.
pub(crate) fn robots(c: &Contexts) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        c.absolute(&format!("{}sitemap.xml", c.base_path)),
        c.absolute(&format!("{}news-sitemap.xml", c.base_path)),
    )
}

/// The JSON Feed as serde_json wrote it, which [`json_feed`] must match
/// (tests here and in `pipeline::compiled_theme`).
#[cfg(test)]
pub(crate) mod serde_reference {
    use super::*;
    use serde::Serialize;

    /// A JSON Feed author.
    #[derive(Serialize)]
    struct JsonAuthor<'a> {
        name: &'a str,
    }

    /// A JSON Feed item. Fields in byte order of their names, as a sorted map
    /// writes them.
    #[derive(Serialize)]
    struct JsonItem<'a> {
        authors: [JsonAuthor<'a>; 1],
        #[serde(skip_serializing_if = "Option::is_none")]
        content_html: Option<std::borrow::Cow<'a, str>>,
        /// Summary-only feeds: JSON Feed wants `content_html` or `content_text`.
        #[serde(skip_serializing_if = "Option::is_none")]
        content_text: Option<&'a str>,
        date_modified: String,
        date_published: &'a str,
        id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        image: Option<String>,
        language: &'a str,
        summary: &'a str,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        tags: &'a [String],
        title: std::borrow::Cow<'a, str>,
        url: &'a str,
    }

    #[derive(Serialize)]
    struct JsonFeed<'a> {
        authors: [JsonAuthor<'a>; 1],
        description: &'a str,
        feed_url: String,
        home_page_url: String,
        items: Vec<JsonItem<'a>>,
        language: &'a str,
        title: String,
        version: &'static str,
    }

    /// The JSON Feed as serde_json wrote it before [`PrettyJson`].
    pub(crate) fn json_feed_by_serde(c: &Contexts, scope: &Scope) -> String {
        let site = c.site;
        let ids = feed_ids(site, scope);
        let (title, home) = feed_meta(c, scope);
        let summaries = c.feed_summaries(scope, &ids);
        let items: Vec<_> = ids
            .iter()
            .zip(summaries.iter())
            .map(|(&i, s)| {
                let a = &site.articles[i];
                JsonItem {
                    authors: [JsonAuthor {
                        name: a.source.as_deref().unwrap_or(&c.site_ctx.author),
                    }],
                    content_html: scope.full_text().then(|| c.body_html(a)),
                    content_text: (!scope.full_text()).then_some(s.summary.as_str()),
                    date_modified: a.updated.unwrap_or(a.date).to_rfc3339(),
                    date_published: &s.date_iso,
                    id: &s.permalink,
                    image: a
                        .picture
                        .as_ref()
                        .and(c.share_image(Some(a)))
                        .map(|i| i.url),
                    language: &site.settings.toml.language,
                    summary: &s.summary,
                    tags: &a.tags,
                    title: rtl_plain_text(&a.title),
                    url: &s.permalink,
                }
            })
            .collect();
        let feed = JsonFeed {
            authors: [JsonAuthor {
                name: &c.site_ctx.author,
            }],
            description: &site.settings.toml.description,
            feed_url: c.absolute(&format!(
                "{}{}",
                c.base_path,
                feed_path(site, FeedFormat::Json, scope)
            )),
            home_page_url: c.absolute(&home),
            items,
            language: &site.settings.toml.language,
            title: rtl_plain_text(&title).into_owned(),
            version: "https://jsonfeed.org/version/1.1",
        };
        serde_json::to_string_pretty(&feed).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::serde_reference::json_feed_by_serde;
    use super::*;

    #[test]
    fn the_json_feed_is_written_as_serde_json_wrote_it() {
        let stories = [
            "خبر \"مقتبس\" <أول> & ثان\nتاريخ النشر: 2025-11-12 09:30\nالقسم: سياسة\nالصورة: https://cdn.example.net/a.jpg\nبيروت- نص فيه \\ شرطة مائلة و\"علامات\" و<وسوم>.\nالمصدر: وكالة الأنباء\nالوسوم: طاقة، \"مياه\"\n",
            "Breaking: English title\nتاريخ النشر: 2025-11-11\nنص ثان\tبعلامة جدولة.\n",
            "خبر ثالث\nتاريخ النشر: 2025-10-01\nنص ثالث.\n",
        ];
        for description in ["", "وصف \"الموقع\""] {
            let config = crate::config::Config {
                description: description.into(),
                base_url: "https://example.org/".into(),
                ..Default::default()
            };
            let site = crate::resolve::site_from_raw(&stories, config);
            let c = Contexts::new(&site);
            let mut scopes = vec![Scope::Site, Scope::Month(0, 0)];
            scopes.extend((0..site.sections.len()).map(Scope::Section));
            for (t, taxonomy) in site.taxonomies.iter().enumerate() {
                scopes.extend((0..taxonomy.terms.len()).map(|k| Scope::Term(t, k)));
            }
            assert!(scopes.len() > 4);
            for scope in &scopes {
                assert_eq!(
                    json_feed(&c, scope),
                    json_feed_by_serde(&c, scope),
                    "{scope:?}"
                );
            }
        }
    }
}
