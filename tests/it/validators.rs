//! Real validators over real builds: the Nu Html Checker on every page, and
//! the corpus generator's ground truth (`../shared/corpus/gen.py` manifest)
//! checked by `scripts/check_site.py`.
//!
//! These need Java with `vnu.jar` and Python 3 with `../shared`. Without them
//! the tests say so and pass, except under CI (`CI=true`), where `.ci/run`
//! installs everything and a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn vnu_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var("VNU_JAR").ok().map(PathBuf::from),
        Some(repo().join(".ci/tools/node_modules/vnu-jar/build/dist/vnu.jar")),
        Some(repo().join("node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

fn has(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the Nu Html Checker over every HTML file under `out`; returns its errors.
fn vnu_errors(jar: &Path, out: &Path) -> String {
    let result = Command::new("java")
        .args(["-Xss8m", "-jar"])
        .arg(jar)
        .args(["--skip-non-html", "--errors-only", "--format", "text"])
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("java: {e}"));
    let stderr = String::from_utf8_lossy(&result.stderr).to_string();
    if result.status.success() {
        assert!(
            stderr.contains("No errors found"),
            "unexpected vnu output: {stderr}"
        );
        String::new()
    } else {
        assert!(!stderr.trim().is_empty(), "vnu failed without a message");
        stderr
    }
}

#[test]
fn the_sample_site_is_valid_html() {
    let jar = vnu_jar();
    if !require("java + vnu.jar", jar.is_some() && has("java", "-version")) {
        return;
    }
    let site = sample_site();
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    assert!(html_pages(&out).len() > 20);
    let errors = vnu_errors(&jar.unwrap_or_default(), &out);
    assert!(
        errors.trim().is_empty(),
        "Nu Html Checker errors:\n{errors}"
    );
}

fn shared_corpus() -> PathBuf {
    repo().join("../shared/corpus/gen.py")
}

/// Generates a corpus with gen.py into `dir/content`.
fn generate(dir: &Path, articles: usize, format: &str) {
    let status = Command::new("python3")
        .arg(shared_corpus())
        .args([
            "--articles",
            &articles.to_string(),
            "--format",
            format,
            "--quiet",
            "--out",
        ])
        .arg(dir.join("content"))
        .status()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(status.success(), "gen.py failed");
}

fn check_against_manifest(format: &str, base_url: &str, base_path: &str) {
    if !require(
        "python3 + ../shared/corpus/gen.py",
        shared_corpus().is_file() && has("python3", "--version"),
    ) {
        return;
    }
    let site = site(&[]);
    generate(site.path(), 1000, format);
    let mut opts = options(site.path());
    opts.base_url = Some(base_url.into());
    let outcome = build_ok(&opts);
    assert_eq!(outcome.articles, 1000);
    assert_eq!(
        outcome.report.errors(),
        0,
        "{:#?}",
        outcome.report.diagnostics
    );
    let out = site.path().join("public");
    let result = Command::new("python3")
        .arg(repo().join("scripts/check_site.py"))
        .arg(&out)
        .args(["--base-path", base_path, "--manifest"])
        .arg(site.path().join("content/manifest.json"))
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    let report = String::from_utf8_lossy(&result.stdout);
    eprintln!("{report}");
    assert!(
        result.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        report.contains("1000 with exactly one page and the right date"),
        "{report}"
    );
    assert!(report.contains(", 0 broken"), "{report}");
}

#[test]
fn a_raw_corpus_matches_its_manifest() {
    check_against_manifest("raw", "https://example.org/", "/");
}

#[test]
fn a_markdown_corpus_under_a_sub_path_matches_its_manifest() {
    check_against_manifest("md", "https://example.org/news/", "/news/");
}

#[test]
fn a_raw_corpus_is_valid_html() {
    let jar = vnu_jar();
    let tools = jar.is_some() && has("java", "-version") && has("python3", "--version");
    if !require(
        "java + vnu.jar + python3 + ../shared",
        tools && shared_corpus().is_file(),
    ) {
        return;
    }
    let site = site(&[]);
    generate(site.path(), 1000, "raw");
    let mut opts = options(site.path());
    opts.base_url = Some("https://example.org/".into());
    build_ok(&opts);
    let errors = vnu_errors(&jar.unwrap_or_default(), &site.path().join("public"));
    assert!(
        errors.trim().is_empty(),
        "Nu Html Checker errors:\n{errors}"
    );
}

/// `sahifa init` then `sahifa build`, run from the new site's folder as a
/// user would: every page passes the Nu Html Checker and the sitemap its
/// schema.
#[test]
fn a_site_made_by_init_is_valid() {
    let jar = vnu_jar();
    if !require("java + vnu.jar", jar.is_some() && has("java", "-version")) {
        return;
    }
    let parent = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sahifa = |dir: &Path, args: &[&str]| {
        let out = sahifa_in(dir, args);
        assert!(out.status.success(), "{args:?}: {}", printed(&out));
    };
    sahifa(parent.path(), &["init", "news"]);
    let site = parent.path().join("news");
    sahifa(&site, &["new", "خبر ثالث كتبه المحرر"]);
    // As the README publishes: with the site's address.
    sahifa(&site, &["build", "--base-url", "https://news.example/"]);
    let out = site.join("public");
    assert!(html_pages(&out).len() > 5);
    let errors = vnu_errors(&jar.unwrap_or_default(), &out);
    assert!(
        errors.trim().is_empty(),
        "Nu Html Checker errors:\n{errors}"
    );
    let schemas = repo().join("../shared/schemas");
    let xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    if require("xmllint and ../shared/schemas", xmllint && schemas.is_dir()) {
        let result = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(schemas.join("sitemap.xsd"))
            .arg(out.join("sitemap.xml"))
            .output()
            .unwrap_or_else(|e| panic!("xmllint: {e}"));
        assert!(result.status.success(), "{result:?}");
    }
}

/// `gen.py --newsroom`: sections in folders with a `site.toml`, tags with
/// spelling variants, bylines, times and updates. Every article is on its
/// section's listing, its tags' and its author's pages, the tag index counts
/// what the manifest counts, no internal link is broken, and every page
/// passes the Nu Html Checker. With `images` (`gen.py --images`), every good
/// picture is on its page in every width and every bad one is named.
fn check_newsroom(format: &str, articles: usize, images: bool) {
    if !require(
        "python3 + ../shared/corpus/gen.py",
        shared_corpus().is_file() && has("python3", "--version"),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().join("site");
    let status = Command::new("python3")
        .arg(shared_corpus())
        .args([
            "--articles",
            &articles.to_string(),
            "--newsroom",
            "--format",
            format,
            "--quiet",
        ])
        .args(images.then_some("--images"))
        .arg("--out")
        .arg(&root)
        .status()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(status.success(), "gen.py failed");
    // Small widths: the codecs are generic code compiled, unoptimised, into
    // the test build, and 1200-pixel variants would make this test minutes long.
    let widths = "320,640";
    if images {
        let toml = root.join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap_or_default();
        write(
            &toml,
            format!("image_widths = [{widths}]\n{text}").as_bytes(),
        );
    }
    let outcome = build_ok(&options(&root));
    assert_eq!(outcome.articles, articles);
    assert_eq!(
        outcome.report.errors(),
        0,
        "{:#?}",
        outcome.report.diagnostics
    );
    let unknown_sections = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("[[sections]]"))
        .count();
    assert_eq!(unknown_sections, 0, "every section is named in site.toml");
    let out = root.join("public");
    let warnings = dir.path().join("warnings.txt");
    let described: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .map(|d| d.describe())
        .collect();
    write(&warnings, described.join("\n").as_bytes());
    let result = Command::new("python3")
        .arg(repo().join("scripts/check_site.py"))
        .arg(&out)
        .arg("--manifest")
        .arg(root.join("content/manifest.json"))
        .arg("--warnings")
        .arg(&warnings)
        .args(["--widths", widths])
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    let report = String::from_utf8_lossy(&result.stdout);
    eprintln!("{report}");
    assert!(result.status.success(), "{report}");
    assert!(
        report.contains(&format!("newsroom: {articles} on their section's listing")),
        "{report}"
    );
    assert!(report.contains(", 0 broken"), "{report}");
    if images {
        assert!(report.contains("bad ones left out and named"), "{report}");
        assert!(outcome.pictures > articles / 4, "{}", outcome.pictures);
    }
    if let Some(jar) = vnu_jar().filter(|_| has("java", "-version")) {
        let errors = vnu_errors(&jar, &out);
        assert!(
            errors.trim().is_empty(),
            "Nu Html Checker errors:\n{errors}"
        );
    } else {
        require("java + vnu.jar", false);
    } // Every feed (site, months, sections, terms) as feed readers read them.
    match crate::publishing::feed_python() {
        Some(python) => {
            let report = crate::publishing::check_feeds(&python, &out);
            assert_eq!(report["problems"], serde_json::json!([]), "{report}");
            assert!(report["feeds"].as_u64().unwrap_or(0) > 100, "{report}");
        }
        None => {
            require("feedparser (.ci/tools/venv)", false);
        }
    }
    let schemas = crate::publishing::schemas();
    if require(
        "xmllint and ../shared/schemas",
        crate::publishing::has_xmllint() && schemas.is_dir(),
    ) {
        let (ok, message) =
            crate::publishing::xmllint(&schemas.join("sitemap.xsd"), &out.join("sitemap.xml"));
        assert!(ok, "{message}");
        let sitemap = read(&out, "sitemap.xml");
        assert!(
            sitemap.contains("/politics/</loc>"),
            "sections are in the sitemap"
        );
        assert!(
            sitemap.contains("/tags/</loc>"),
            "taxonomies are in the sitemap"
        );
    }
}

#[test]
fn a_raw_newsroom_corpus_matches_its_manifest() {
    check_newsroom("raw", 1000, false);
}

#[test]
fn a_newsroom_corpus_with_pictures_matches_its_manifest() {
    check_newsroom("md", 150, true);
}

#[test]
fn a_markdown_newsroom_corpus_matches_its_manifest() {
    check_newsroom("md", 1000, false);
}

/// TypeScript's compiler with `schema-dts` beside it: schema.org's
/// vocabulary as types, so a type check of the JSON-LD is a check of every
/// `@type`, property name and value type against schema.org.
fn schema_checker() -> Option<PathBuf> {
    let tools = std::env::var("SCHEMA_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join(".ci/tools/node_modules"));
    let tsc = tools.join("typescript/bin/tsc");
    (tsc.is_file() && tools.join("schema-dts/package.json").is_file()).then_some(tools)
}

/// Type-checks every JSON-LD block of the pages under `out` against
/// schema.org (see [`schema_checker`]); returns the checker's errors, each
/// with the page it is from.
fn schema_errors(tools: &Path, out: &Path) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(tools, dir.path().join("node_modules"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut source = String::from("import type { Thing, WithContext } from \"schema-dts\";\n");
    let mut lines: Vec<String> = vec![String::new(), String::new()];
    let mut blocks = 0;
    for (rel, page) in html_pages(out) {
        for block in page
            .split("<script type=\"application/ld+json\">")
            .skip(1)
            .filter_map(|s| s.split("</script>").next())
        {
            let value: serde_json::Value =
                serde_json::from_str(block).unwrap_or_else(|e| panic!("{rel}: {e}: {block}"));
            // A script may hold one document or a list of them.
            let kind = if value.is_array() {
                "WithContext<Thing>[]"
            } else {
                "WithContext<Thing>"
            };
            source.push_str(&format!("const d{blocks}: {kind} = {value};\n"));
            lines.push(rel.clone());
            blocks += 1;
        }
    }
    assert!(blocks > 0, "no structured data under {}", out.display());
    std::fs::write(dir.path().join("ld.ts"), &source).unwrap_or_else(|e| panic!("{e}"));
    let result = Command::new("node")
        .arg(tools.join("typescript/bin/tsc"))
        .args([
            "--noEmit",
            "--strict",
            "--noErrorTruncation",
            "--types",
            "",
            "ld.ts",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("tsc: {e}"));
    let printed = String::from_utf8_lossy(&result.stdout).to_string();
    if result.status.success() {
        return String::new();
    }
    assert!(!printed.trim().is_empty(), "tsc failed without a message");
    // `ld.ts(12,34): error …` → the page the block is from.
    printed
        .lines()
        .map(|line| {
            let page = line
                .strip_prefix("ld.ts(")
                .and_then(|rest| rest.split(',').next())
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| lines.get(n));
            match page {
                Some(page) => format!("{page}: {line}"),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn structured_data_is_schema_org_by_its_types() {
    let tools = schema_checker();
    if !require(
        "TypeScript + schema-dts",
        tools.is_some() && has("node", "--version"),
    ) {
        return;
    }
    let tools = tools.unwrap_or_default();
    // Every kind the theme writes: articles (news, live, opinion, corrected),
    // listings, writers' profiles, the site's own pages.
    let site = sample_site();
    build_ok(&options(site.path()));
    let errors = schema_errors(&tools, &site.path().join("public"));
    assert!(errors.is_empty(), "not schema.org:\n{errors}");
    // And it catches what is not: a property no schema.org type has.
    let wrong = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        &wrong.path().join("index.html"),
        br#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting","dateline":"x"}</script>"#,
    );
    let caught = schema_errors(&tools, wrong.path());
    assert!(
        caught.contains("index.html") && caught.contains("dateline"),
        "{caught}"
    );
}

/// A site with every kind of page issues 34 and 35 added: a column (its
/// writer profiled), a corrected story, a live coverage going on and one
/// ended, a gallery, the site's own page, an old address; built at a "now" that makes its stories
/// recent (the hour and the script on listings).
fn newsroom_formats_site() -> tempfile::TempDir {
    let site = site(&[
        (
            "site.toml",
            "title = \"موقع\"\nbase_url = \"https://example.org/\"\nhijri = true\nsections = [{ key = \"opinion\", name = \"رأي\", kind = \"opinion\" }, { key = \"politics\", name = \"سياسة\" }]\n",
        ),
        ("data/authors.toml", "[\"خالد منصور\"]\nrole = \"كاتب رأي\"\nlinks = [\"https://x.com/example\"]\n"),
        (
            "content/opinion/column.md",
            "+++\ntitle = \"الماء قبل السياسة\"\ndate = 2025-11-12T08:00:00+03:00\nauthors = [\"خالد منصور\"]\n+++\nلم تكن القمة عن المياه وحدها.\n",
        ),
        (
            "content/corrected.md",
            "+++\ntitle = \"الموازنة الجديدة\"\ndate = 2025-11-12T07:00:00+03:00\nsection = \"politics\"\n[[corrections]]\ndate = \"2025-11-12 10:30\"\ntext = \"ورد خطأً أن العجز 5%، والصحيح 4%.\"\n+++\nبيروت- أعلن الوزير الموازنة.\n",
        ),
        (
            "content/live.md",
            "+++\ntitle = \"الانتخابات البلدية لحظة بلحظة\"\ndate = 2025-11-12T06:00:00+03:00\nsection = \"politics\"\nlive = true\n[[updates]]\ntime = \"07:15\"\ntext = \"أغلقت مراكز الاقتراع.\"\n+++\nتونس - تتابع هذه الصفحة الفرز.\n\n## 09:40 النتائج الأولى\n\nأعلنت الهيئة النتائج.\n",
        ),
        (
            "content/ended.txt",
            "مباشر | قمة القاهرة\nتاريخ النشر: 2025-11-10 21:00\nالقاهرة - تنطلق القمة.\n22:40 - انتهت التغطية المباشرة.\n21:05 - بدء توافد الوفود.\n",
        ),
        (
            "content/gallery.md",
            "+++\ntitle = \"المعرض بالصور\"\ndate = 2025-11-11T09:00:00+03:00\naliases = [\"/2019/05/old-gallery/\"]\n[[pictures]]\nsrc = \"https://cdn.example.net/1.jpg\"\ncaption = \"القاعة\"\n[[pictures]]\nsrc = \"https://cdn.example.net/2.jpg\"\ncaption = \"الركن\"\ncredit = \"رويترز\"\n+++\nبغداد- افتتح المعرض.\n",
        ),
        ("pages/about.md", "+++\ntitle = \"من نحن\"\n+++\nصحيفة تجريبية.\n"),
    ]);
    let mut opts = options(site.path());
    opts.now = chrono::DateTime::parse_from_rfc3339("2025-11-12T12:00:00+03:00").ok();
    build_ok(&opts);
    site
}

#[test]
fn every_newsroom_format_is_valid_html() {
    let jar = vnu_jar();
    if !require("java + vnu.jar", jar.is_some() && has("java", "-version")) {
        return;
    }
    let site = newsroom_formats_site();
    let out = site.path().join("public");
    let front = std::fs::read_to_string(out.join("index.html")).unwrap_or_default();
    assert!(
        front.contains("data-forms") && front.contains("live-label") && front.contains("date-line")
    );
    assert!(out.join("2019/05/old-gallery/index.html").is_file());
    let errors = vnu_errors(&jar.unwrap_or_default(), &out);
    assert!(
        errors.trim().is_empty(),
        "Nu Html Checker errors:\n{errors}"
    );
}

#[test]
fn every_newsroom_formats_structured_data_is_schema_org() {
    let tools = schema_checker();
    if !require(
        "TypeScript + schema-dts",
        tools.is_some() && has("node", "--version"),
    ) {
        return;
    }
    let site = newsroom_formats_site();
    let out = site.path().join("public");
    let pages: String = html_pages(&out).into_iter().map(|(_, text)| text).collect();
    for kind in [
        "OpinionNewsArticle",
        "LiveBlogPosting",
        "CorrectionComment",
        "ProfilePage",
        "NewsArticle",
    ] {
        assert!(
            pages.contains(&format!("\"@type\":\"{kind}\"")),
            "no {kind}"
        );
    }
    let errors = schema_errors(&tools.unwrap_or_default(), &out);
    assert!(errors.is_empty(), "not schema.org:\n{errors}");
}
