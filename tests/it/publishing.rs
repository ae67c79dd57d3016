//! What feed readers, crawlers and hosts see: feeds parsed by feedparser,
//! sitemaps validated by xmllint against the sitemaps.org schemas, the news
//! sitemap's structure, structured data on every article page, and a crawl of
//! a site built for a sub-path and served from it.
//!
//! feedparser (`.ci/tools/venv`) and xmllint are installed by `.ci/run`; the
//! schemas are in `../shared/schemas`. Without them these tests say so and
//! pass, except under CI.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

pub(crate) fn feed_python() -> Option<PathBuf> {
    let python = repo().join(".ci/tools/venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import feedparser"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

pub(crate) fn schemas() -> PathBuf {
    repo().join("../shared/schemas")
}

pub(crate) fn has_xmllint() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok()
}

/// The term pages a built site has in a taxonomy (from its index page).
fn terms_in(out: &Path, taxonomy: &str) -> usize {
    let page = read(out, &format!("{taxonomy}/index.html"));
    // The footer's links to the site's own pages are no terms.
    let main = page.split("<footer").next().unwrap_or_default();
    main.matches("<li><a href=").count()
}

const TAXONOMIES: [&str; 4] = ["tags", "authors", "sources", "cities"];

/// The sample site's sections (site.toml).
const SECTIONS: usize = 3;

/// The sample site's pages besides articles and date archives: a page per
/// section, an index per taxonomy and a page per term.
fn group_pages(out: &Path) -> usize {
    SECTIONS + TAXONOMIES.len() + term_pages(out)
}

/// Term pages across the taxonomies.
fn term_pages(out: &Path) -> usize {
    TAXONOMIES.iter().map(|t| terms_in(out, t)).sum()
}

fn built_sample(base_url: Option<&str>, extra_config: &str) -> tempfile::TempDir {
    let site = sample_site();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap_or_default();
    write(
        &site.path().join("site.toml"),
        format!("{config}{extra_config}").as_bytes(),
    );
    let mut opts = options(site.path());
    opts.base_url = base_url.map(str::to_string);
    build_ok(&opts);
    site
}

pub(crate) fn check_feeds(python: &Path, out: &Path) -> serde_json::Value {
    let result = Command::new(python)
        .arg(repo().join("scripts/check_feeds.py"))
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("python: {e}"));
    let report = String::from_utf8_lossy(&result.stdout).to_string();
    assert!(
        result.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_str(&report).unwrap_or_default()
}

#[test]
fn feedparser_reads_every_feed() {
    let Some(python) = feed_python() else {
        require("feedparser (.ci/tools/venv)", false);
        return;
    };
    let site = built_sample(None, "");
    let out = site.path().join("public");
    let report = check_feeds(&python, &out);
    // Atom, RSS and JSON for the site, each of the five months, each
    // section and each term (sources, cities, the Markdown articles' tags).
    let scopes = 1 + 5 + SECTIONS + term_pages(&out);
    assert!(
        terms_in(&out, "sources") >= 5,
        "the sample names several sources"
    );
    assert_eq!(report["feeds"], 3 * scopes, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    let atom = read(&out, "atom.xml");
    assert!(atom.contains("xml:lang=\"ar\""));
    assert!(atom.contains("<published>2025-11-12T09:15:00+03:00</published>"));
    let rss = read(&out, "rss.xml");
    assert!(rss.contains("<pubDate>Wed, 12 Nov 2025 09:15:00 +0300</pubDate>"));
    assert!(rss.contains("<language>ar</language>"));
    // Every page names the site's three feeds; a month page its own too.
    for (rel, text) in html_pages(&out) {
        for href in ["/atom.xml", "/rss.xml", "/feed.json"] {
            assert!(
                text.contains(&format!("href=\"{href}\"")),
                "{rel} lacks {href}"
            );
        }
    }
    assert!(read(&out, "2025/11/index.html").contains("href=\"/2025/11/rss.xml\""));
}

#[test]
fn a_generated_corpus_has_valid_feeds() {
    let corpus = repo().join("../shared/corpus/gen.py");
    let Some(python) = feed_python() else {
        require("feedparser (.ci/tools/venv)", false);
        return;
    };
    if !require("../shared/corpus/gen.py", corpus.is_file()) {
        return;
    }
    let site = site(&[]);
    let status = Command::new("python3")
        .arg(&corpus)
        .args(["-n", "1000", "-f", "raw", "-q", "-o"])
        .arg(site.path().join("content"))
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let mut opts = options(site.path());
    opts.base_url = Some("https://example.org/".into());
    build_ok(&opts);
    let report = check_feeds(&python, &site.path().join("public"));
    eprintln!("{report}");
    assert!(report["feeds"].as_u64().unwrap_or(0) > 300, "{report}");
}

pub(crate) fn xmllint(schema: &Path, file: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn sitemaps_validate_against_the_protocol_schemas() {
    if !require(
        "xmllint and ../shared/schemas",
        has_xmllint() && schemas().is_dir(),
    ) {
        return;
    }
    let site = built_sample(None, "");
    let out = site.path().join("public");
    let (ok, message) = xmllint(&schemas().join("sitemap.xsd"), &out.join("sitemap.xml"));
    assert!(ok, "{message}");
    let sitemap = read(&out, "sitemap.xml");
    // The site's own pages (pages/) are listed too.
    let urls = 2 + 2 + 5 + 10 + 14 + group_pages(&out) + 3;
    assert_eq!(
        sitemap.matches("<url>").count(),
        urls,
        "home, archive, years, months, days, articles, taxonomy and term pages"
    );
    assert!(sitemap.contains("<lastmod>2025-11-12T09:15:00+03:00</lastmod>"));
    // A bad sitemap fails the same check: the test can fail.
    write(&out.join("bad.xml"), b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><lastmod>x</lastmod></url></urlset>");
    assert!(!xmllint(&schemas().join("sitemap.xsd"), &out.join("bad.xml")).0);
}

#[test]
fn a_large_sitemap_becomes_an_index_of_valid_parts() {
    if !require(
        "xmllint and ../shared/schemas",
        has_xmllint() && schemas().is_dir(),
    ) {
        return;
    }
    let site = built_sample(None, "sitemap_limit = 10\n");
    let out = site.path().join("public");
    let index = read(&out, "sitemap.xml");
    assert!(index.contains("<sitemapindex"));
    let (ok, message) = xmllint(&schemas().join("siteindex.xsd"), &out.join("sitemap.xml"));
    assert!(ok, "{message}");
    // 33 URLs of dates and articles and the taxonomy pages, 10 a file.
    let total = 33 + group_pages(&out) + 3;
    let parts = total.div_ceil(10);
    let mut urls = 0;
    for part in 1..=parts {
        let path = out.join(format!("sitemap-{part}.xml"));
        let (ok, message) = xmllint(&schemas().join("sitemap.xsd"), &path);
        assert!(ok, "{message}");
        urls += read(&out, &format!("sitemap-{part}.xml"))
            .matches("<url>")
            .count();
        assert!(index.contains(&format!(
            "<loc>https://example.org/sitemap-{part}.xml</loc>"
        )));
    }
    assert_eq!(urls, total);
    assert!(!out.join(format!("sitemap-{}.xml", parts + 1)).exists());
}

#[test]
fn the_news_sitemap_follows_googles_structure() {
    let site = built_sample(None, "");
    let out = site.path().join("public");
    let text = read(&out, "news-sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    const SM: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SM));
    assert_eq!(root.tag_name().name(), "urlset");
    let urls: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    // The newest article is 12 Nov 2025 09:15 +03:00 (06:15 UTC); two days
    // back is 10 Nov 06:15 UTC, after the Lebanon article of 10 Nov 00:00.
    // Five: the live coverage of 12 Nov among them.
    assert_eq!(urls.len(), 5, "{text}");
    assert!(!text.contains("لبنان يطلق"));
    for url in &urls {
        let loc = url.children().find(|n| n.has_tag_name((SM, "loc")));
        assert!(loc
            .and_then(|l| l.text())
            .is_some_and(|t| t.starts_with("https://example.org/")));
        let news = url.children().find(|n| n.has_tag_name((NEWS, "news")));
        let news = news.unwrap_or_else(|| panic!("no news:news"));
        let publication = news
            .children()
            .find(|n| n.has_tag_name((NEWS, "publication")))
            .unwrap_or_else(|| panic!("no news:publication"));
        let child = |node: roxmltree::Node, name: &str| {
            node.children()
                .find(|n| n.has_tag_name((NEWS, name)))
                .and_then(|n| n.text())
                .map(str::to_string)
                .unwrap_or_default()
        };
        assert_eq!(child(publication, "name"), "صحيفة الشرق");
        assert_eq!(child(publication, "language"), "ar");
        let date = child(news, "publication_date");
        assert!(
            chrono::DateTime::parse_from_rfc3339(&date).is_ok(),
            "{date}"
        );
        assert!(!child(news, "title").is_empty());
    }
    assert!(!text.contains("الجزائر تطلق"), "June is too old");
    // --now moves the window.
    let mut opts = options(site.path());
    opts.now = chrono::DateTime::parse_from_rfc3339("2025-06-06T00:00:00+00:00").ok();
    build_ok(&opts);
    let text = read(&out, "news-sitemap.xml");
    assert_eq!(text.matches("<url>").count(), 1);
    assert!(text.contains("<news:title>الجزائر تطلق برنامجا لدعم الشركات الناشئة</news:title>"));
    // Without its news: elements it is a valid sitemap.
    if has_xmllint() && schemas().is_dir() {
        let stripped = strip_news(&read(&out, "news-sitemap.xml"));
        write(&out.join("stripped.xml"), stripped.as_bytes());
        let (ok, message) = xmllint(&schemas().join("sitemap.xsd"), &out.join("stripped.xml"));
        assert!(ok, "{message}");
    }
    let robots = read(&out, "robots.txt");
    assert!(robots.contains("Sitemap: https://example.org/sitemap.xml\n"));
    assert!(robots.contains("Sitemap: https://example.org/news-sitemap.xml\n"));
}

fn strip_news(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml.replace(
        " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"",
        "",
    );
    while let Some(start) = rest.find("<news:news>") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</news:news>")
            .map_or(rest.len(), |e| start + e + 12);
        rest = rest[end..].to_string();
    }
    out.push_str(&rest);
    out
}

#[test]
fn every_article_page_has_structured_data_and_social_cards() {
    let site = built_sample(None, "");
    let out = site.path().join("public");
    let mut articles = 0;
    for (rel, text) in html_pages(&out) {
        if !text.contains("class=\"article\"") {
            continue;
        }
        articles += 1;
        // After the breadcrumb's BreadcrumbList.
        let json = text
            .split("<script type=\"application/ld+json\">")
            .filter_map(|rest| rest.split("</script>").next())
            .find(|json| json.contains("\"NewsArticle\"") || json.contains("\"LiveBlogPosting\""))
            .unwrap_or_else(|| panic!("{rel}: no JSON-LD"));
        let value: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: {e}"));
        // Live coverage is a live blog, every other story a news article.
        let live = text.contains("<section class=\"live\"");
        let kind = if live {
            "LiveBlogPosting"
        } else {
            "NewsArticle"
        };
        assert_eq!(value["@type"], kind, "{rel}");
        for field in [
            "headline",
            "datePublished",
            "dateModified",
            "author",
            "publisher",
            "mainEntityOfPage",
        ] {
            assert!(!value[field].is_null(), "{rel}: no {field}");
        }
        let canonical = format!(
            "<link rel=\"canonical\" href=\"{}\">",
            value["url"].as_str().unwrap_or_default()
        );
        assert!(text.contains(&canonical), "{rel}");
        assert!(
            text.contains("<meta property=\"og:type\" content=\"article\">"),
            "{rel}"
        );
        assert!(text.contains("<meta name=\"twitter:card\""), "{rel}");
        assert!(
            text.contains("<meta name=\"description\" content=\""),
            "{rel}"
        );
    }
    assert_eq!(articles, 14);
    // Archives carry breadcrumbs.
    let month = read(&out, "2025/11/index.html");
    let json = month
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    assert_eq!(value["@type"], "BreadcrumbList");
    assert_eq!(value["itemListElement"].as_array().map(Vec::len), Some(3));
}

/// Every `href` and `src` in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for piece in html.split(attr).skip(1) {
            if let Some(link) = piece.split('"').next() {
                found.push(link.replace("&amp;", "&"));
            }
        }
    }
    found
}

#[test]
fn a_sub_path_build_served_from_its_sub_path_has_no_broken_link() {
    let site = built_sample(Some("https://example.org/news/"), "");
    let server = StaticServer::start_at(site.path().join("public"), "/news/");
    let origin = server.url().trim_end_matches('/').to_string();
    let mut queue: VecDeque<String> = ["/news/".to_string(), "/news/404.html".to_string()].into();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    while let Some(path) = queue.pop_front() {
        let (status, body) = http_get(&format!("{origin}{path}"));
        if status != 200 {
            broken.push(format!("{path} → {status}"));
            continue;
        }
        if !path.ends_with('/') && !path.ends_with(".html") {
            continue;
        }
        for link in links(&body) {
            let Some(target) = internal(&link, &path) else {
                continue;
            };
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    assert!(broken.is_empty(), "{broken:?}");
    let pages = html_pages(&site.path().join("public")).len();
    assert!(
        seen.len() > pages,
        "crawled only {} of {pages} pages",
        seen.len()
    );
    assert!(
        seen.iter().all(|p| p.starts_with("/news/")),
        "a link left the sub-path"
    );
    // Feeds and sitemaps carry absolute URLs under the sub-path.
    let sitemap = read(&site.path().join("public"), "sitemap.xml");
    assert!(sitemap
        .lines()
        .filter(|l| l.contains("<loc>"))
        .all(|l| l.contains("<loc>https://example.org/news/")));
    assert!(read(&site.path().join("public"), "atom.xml")
        .contains("href=\"https://example.org/news/atom.xml\""));
}

/// An internal link as a path on the server, or None for external ones.
fn internal(link: &str, from: &str) -> Option<String> {
    if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
        return None;
    }
    let link = link.split('#').next().unwrap_or_default();
    if link.is_empty() {
        return None;
    }
    Some(if link.starts_with('/') {
        link.to_string()
    } else {
        format!("{}{link}", &from[..=from.rfind('/').unwrap_or(0)])
    })
}

fn http_get(url: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).unwrap_or_else(|e| panic!("{e}"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn only_the_site_feed_carries_whole_articles() {
    let site = built_sample(None, "");
    let out = site.path().join("public");
    let source = std::fs::read_dir(out.join("sources"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .find(|e| e.path().join("atom.xml").is_file())
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no source feed"));
    let source = source.strip_prefix(&out).unwrap_or(&source).to_path_buf();
    let whole = read(&out, "atom.xml");
    assert!(whole.contains("<content type=\"html\">"), "{whole}");
    assert!(read(&out, "feed.json").contains("\"content_html\""));
    for folder in [Path::new("2025/11"), source.as_path()] {
        let atom = read(&out, &folder.join("atom.xml").to_string_lossy());
        assert!(atom.contains("<summary>"), "{folder:?}: {atom}");
        assert!(!atom.contains("<content"), "{folder:?} has whole texts");
        let json = read(&out, &folder.join("feed.json").to_string_lossy());
        assert!(json.contains("\"content_text\""), "{folder:?}: {json}");
        assert!(!json.contains("\"content_html\""), "{folder:?}: {json}");
    }
}
