//! Old addresses keep leading to their stories (issue 35): what `urls.lock`
//! remembers when a title edit moves an article, `aliases` and «رابط قديم»,
//! the collisions refused, and the hosts' own files.

use std::path::Path;

use crate::common::*;

/// The page at an old address leads to `to` (a folder path).
fn assert_leads_to(out: &Path, old_file: &str, to: &str) {
    let page = read(out, old_file);
    let iri = href_of(&format!("{to}/index.html"));
    assert!(
        page.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={iri}\">"
        )),
        "{old_file}: {page}"
    );
    assert!(
        page.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{page}"
    );
    assert!(page.contains(&format!("<a href=\"{iri}\">")), "{page}");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.org/"),
        "{page}"
    );
}

const SITE: &str = "title = \"موقع\"\nbase_url = \"https://example.org/\"\n";

#[test]
fn a_title_edit_moves_the_story_and_its_old_addresses_lead_to_it() {
    let site = site(&[
        ("site.toml", SITE),
        ("content/a.md", "+++\ntitle = \"الوزير يعلن الموازنة\"\ndate = 2025-11-11T10:00:00+03:00\n+++\nبيروت - نص.\n"),
    ]);
    let file = site.path().join("content/a.md");
    build_ok(&options(site.path()));
    let lock = std::fs::read_to_string(site.path().join("urls.lock")).unwrap_or_default();
    assert!(
        lock.contains("a.md\t2025/11/11/الوزير-يعلن-الموازنة\n"),
        "{lock}"
    );
    // A title corrected, twice: each old address leads to the newest, not
    // through the one between (no chain).
    for title in [
        "الوزير يعلن موازنة العام المقبل",
        "الحكومة تعلن موازنة العام المقبل",
    ] {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let old = text.lines().nth(1).unwrap_or_default().to_string();
        std::fs::write(
            &file,
            text.replacen(&old, &format!("title = \"{title}\""), 1),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        build_ok(&options(site.path()));
    }
    let out = site.path().join("public");
    let now = "2025/11/11/الحكومة-تعلن-موازنة-العام-المقبل";
    page_titled(&out, "الحكومة تعلن موازنة العام المقبل");
    assert_leads_to(&out, "2025/11/11/الوزير-يعلن-الموازنة/index.html", now);
    assert_leads_to(
        &out,
        "2025/11/11/الوزير-يعلن-موازنة-العام-المقبل/index.html",
        now,
    );
    // Out of the sitemap and the listings: only the story is there.
    let sitemap = read(&out, "sitemap.xml");
    assert_eq!(
        sitemap
            .matches(&url_of("2025/11/11/الوزير-يعلن-الموازنة/"))
            .count(),
        0
    );
    let day = read(&out, "2025/11/11/index.html");
    assert_eq!(day.matches("<li class=\"teaser\">").count(), 1, "{day}");
    // A fresh clone knows them from the committed urls.lock.
    let lock = std::fs::read_to_string(site.path().join("urls.lock")).unwrap_or_default();
    let clone = self::site(&[("site.toml", SITE), ("urls.lock", &lock)]);
    std::fs::create_dir_all(clone.path().join("content")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&file, clone.path().join("content/a.md")).unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(clone.path()));
    assert_leads_to(
        &clone.path().join("public"),
        "2025/11/11/الوزير-يعلن-الموازنة/index.html",
        now,
    );
}

#[test]
fn aliases_and_old_address_lines_lead_to_their_story() {
    let site = site(&[
        ("site.toml", SITE),
        (
            "content/a.md",
            "+++\ntitle = \"خبر أول\"\ndate = 2025-11-11T10:00:00+03:00\naliases = [\"/2019/05/old-story/\", \"https://example.org/%D8%AE%D8%A8%D8%B1-%D9%82%D8%AF%D9%8A%D9%85/\", \"/old/page.html\"]\n+++\nبيروت - نص.\n",
        ),
        (
            "content/b.txt",
            "خبر ثان\nتاريخ النشر: 2025-11-10 09:00\nرابط قديم: /2024/01/02/second/\nالرباط - نص.\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let a = "2025/11/11/خبر-أول";
    assert_leads_to(&out, "2019/05/old-story/index.html", a);
    assert_leads_to(&out, "خبر-قديم/index.html", a);
    assert_leads_to(&out, "old/page.html", a);
    assert_leads_to(&out, "2024/01/02/second/index.html", "2025/11/10/خبر-ثان");
}

#[test]
fn a_redirect_never_hides_a_page() {
    let site = site(&[
        ("site.toml", SITE),
        (
            "content/a.md",
            "+++\ntitle = \"خبر أول\"\ndate = 2025-11-11\naliases = [\"/archive/\", \"/2025/11/10/خبر-ثان/\", \"/../../etc/\"]\n+++\nنص.\n",
        ),
        ("content/b.md", "+++\ntitle = \"خبر ثان\"\ndate = 2025-11-10\n+++\nنص.\n"),
    ]);
    let outcome = build_ok(&options(site.path()));
    let errors: Vec<&str> = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.level == sahifa::Level::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/archive/") && e.contains("archive/index.html")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/2025/11/10/خبر-ثان/") && e.contains("content/b.md")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("«/../../etc/»")),
        "{errors:#?}"
    );
    // The pages are what they were.
    let out = site.path().join("public");
    page_titled(&out, "خبر ثان");
    assert!(
        read(&out, "archive/index.html").contains("class=\"archive"),
        "the archive stays"
    );
    assert!(!site.path().join("etc").exists());
    // `check` fails on them.
    let check = sahifa_in(site.path(), &["check"]);
    assert!(!check.status.success(), "{}", printed(&check));

    // A remembered address another story now has: that story keeps it.
    let site = self::site(&[
        ("site.toml", SITE),
        ("urls.lock", "a.md\t2025/11/10/خبر-ثان\n"),
        (
            "content/a.md",
            "+++\ntitle = \"خبر أول\"\ndate = 2025-11-11\n+++\nنص.\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"خبر ثان\"\ndate = 2025-11-10\n+++\nنص.\n",
        ),
    ]);
    let outcome = build_ok(&options(site.path()));
    assert!(
        outcome.report.diagnostics.iter().any(
            |d| d.level == sahifa::Level::Warning && d.message.contains("/2025/11/10/خبر-ثان/")
        ),
        "{:#?}",
        outcome.report.diagnostics
    );
    page_titled(&site.path().join("public"), "خبر ثان");
}

#[test]
fn the_hosts_get_their_own_files() {
    let site = site(&[
        (
            "site.toml",
            "title = \"موقع\"\nbase_url = \"https://news.example.org/\"\nhosts = [\"netlify\", \"github\"]\n",
        ),
        (
            "content/a.md",
            "+++\ntitle = \"خبر\"\ndate = 2025-11-11\naliases = [\"/old/\"]\n+++\nنص.\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let headers = read(&out, "_headers");
    assert!(
        headers.contains("/media/*\n  Cache-Control: public, max-age=31536000, immutable\n"),
        "{headers}"
    );
    let css = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap_or_default();
    assert!(
        headers.contains(&format!(
            "/{css}\n  Cache-Control: public, max-age=31536000, immutable\n"
        )),
        "{headers}"
    );
    assert!(
        !headers.contains("index.html"),
        "pages keep the hosts' revalidating default"
    );
    let redirects = read(&out, "_redirects");
    assert!(
        redirects.contains("/old/ /2025/11/11/%D8%AE%D8%A8%D8%B1/ 301!\n"),
        "Netlify alone: forced over the page left at the old address: {redirects}"
    );
    assert!(out.join(".nojekyll").is_file());
    assert_eq!(read(&out, "CNAME"), "news.example.org\n");

    // Cloudflare reads no `!`; a github.io address needs no CNAME; no
    // hosts, no files.
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"موقع\"\nbase_url = \"https://desk.github.io/news/\"\nhosts = [\"cloudflare\", \"github\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(site.path()));
    assert!(
        read(&out, "_redirects").contains("/news/old/ /news/2025/11/11/%D8%AE%D8%A8%D8%B1/ 301\n")
    );
    assert!(!out.join("CNAME").exists());
    std::fs::write(site.path().join("site.toml"), SITE).unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(site.path()));
    for file in ["_headers", "_redirects", ".nojekyll", "CNAME"] {
        assert!(!out.join(file).exists(), "{file}");
    }
}

#[test]
fn serve_leads_an_old_address_to_the_story_after_a_title_edit() {
    use crate::common::serve::{atomic_save, wait_for, Server};
    let site = site(&[
        ("site.toml", SITE),
        (
            "content/a.md",
            "+++\ntitle = \"خبر أول\"\ndate = 2025-11-11\n+++\nنص.\n",
        ),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    let old = url_of("2025/11/11/خبر-أول/");
    wait_for(server.port, &old, "<h1>خبر أول</h1>");
    atomic_save(
        &site.path().join("content/a.md"),
        "+++\ntitle = \"خبر أول مصحح\"\ndate = 2025-11-11\n+++\nنص.\n",
    );
    let new = href_of("2025/11/11/خبر-أول-مصحح/index.html");
    wait_for(server.port, &old, &format!("content=\"0; url={new}\""));
    wait_for(
        server.port,
        &url_of("2025/11/11/خبر-أول-مصحح/"),
        "<h1>خبر أول مصحح</h1>",
    );
    assert!(
        !site.path().join("urls.lock").exists(),
        "serve only reads urls.lock"
    );
}
