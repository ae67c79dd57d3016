//! `sahifa serve` end to end: a real server on an ephemeral port against a
//! temporary site; files are edited, created, deleted and renamed, and every
//! change is seen over HTTP and on the live-reload event stream.

use std::fs;
use std::time::Duration;

use crate::common::serve::*;
use crate::common::*;

const SEED: &str = "000_a202247ae16cea6a.txt";
const TARGET: &str = "2025-11-08-syria-campaign.txt";

fn seed_url() -> String {
    url_of("2025/11/11/دمشق-تعلن-توقيع-إعلان-تعاون-سياسي/index.html")
}

fn target_url() -> String {
    url_of("2025/11/08/سوريا-تشن-حملة-ضد-تنظيم-داعش/index.html")
}

#[test]
fn serves_the_site_with_live_reload_and_no_script_in_build_output() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let page = get(server.port, &seed_url());
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.text().contains("__sahifa/livereload.js"));
    assert!(page.text().contains("dir=\"rtl\""));
    let script = get(server.port, "/__sahifa/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));
    // The deployable build never carries the script.
    build_ok(&options(site.path()));
    for (rel, text) in html_pages(&site.path().join("public")) {
        assert!(!text.contains("__sahifa"), "{rel}");
    }
}

#[test]
fn a_body_edit_rerenders_few_pages_and_reloads() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let events = Events::connect(server.port, "/");
    let path = site.path().join("content").join(SEED);
    let text = fs::read_to_string(&path).unwrap_or_default();
    fs::write(
        &path,
        text.replace("كشف وزير الإعلام السوري", "كشف وزير الإعلام السوري صباح اليوم"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let line = server.wait_line("pages rendered");
    let rendered: usize = line
        .split(": ")
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    // Its page, the six listings showing its summary (home, year, month,
    // day, its source's and its city's), the three feeds each of the
    // site, its month, its source and its city, and the search index's
    // parts holding its new words (their shards and prefix dictionaries)
    // and its excerpt; not the site.
    assert!(rendered <= 24, "{line}");
    assert_eq!(events.next().0, "reload");
    wait_for(server.port, &seed_url(), "صباح اليوم");
}

#[test]
fn a_title_edit_updates_the_pages_that_link_to_it() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let path = site.path().join("content").join(TARGET);
    let text = fs::read_to_string(&path).unwrap_or_default();
    let new_title = "سوريا توسع حملتها ضد تنظيم داعش";
    let first_line = text.lines().next().unwrap_or_default().to_string();
    atomic_save(&path, &text.replacen(&first_line, new_title, 1));
    // The seed's read-also now names a title that no longer exists...
    let seed = wait_for(server.port, &seed_url(), "class=\"unresolved\"");
    assert!(seed
        .text()
        .contains("<span class=\"unresolved\">سوريا تشن حملة"));
    // ...and the article moved to a new URL, its old one leading there.
    wait_for(server.port, "/2025/11/08/", new_title);
    let old = get(server.port, &target_url());
    assert_eq!(old.status, 200);
    assert!(
        old.text().contains(&format!(
            "content=\"0; url={}\"",
            href_of("2025/11/08/سوريا-توسع-حملتها-ضد-تنظيم-داعش/")
        )),
        "{}",
        old.text()
    );
    // Restoring the title restores the link and the backlink.
    atomic_save(&path, &text);
    wait_for(
        server.port,
        &seed_url(),
        &format!(
            "href=\"{}\"",
            href_of("2025/11/08/سوريا-تشن-حملة-ضد-تنظيم-داعش/")
        ),
    );
    wait_for(server.port, &target_url(), "class=\"backlinks\"");
}

#[test]
fn created_deleted_and_renamed_articles() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let content = site.path().join("content");
    fs::create_dir_all(content.join("new/deep")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        content.join("new/deep/fresh.txt"),
        "خبر جديد من بيروت\nتاريخ النشر: 2025-11-14\nبيروت- نص الخبر الجديد.\nاقرأ أيضا:\nدمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد داعش\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let fresh_url = url_of("2025/11/14/خبر-جديد-من-بيروت/index.html");
    wait_for(server.port, &fresh_url, "نص الخبر الجديد");
    wait_for(server.port, "/2025/11/14/", "خبر جديد من بيروت");
    wait_for(server.port, &seed_url(), "خبر جديد من بيروت");
    // Renamed: same article, same page.
    fs::rename(
        content.join("new/deep/fresh.txt"),
        content.join("new/fresh.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    server.wait_line("pages rendered");
    assert_eq!(get(server.port, &fresh_url).status, 200);
    // Deleted: the page goes, and so does the backlink.
    let target = content.join(TARGET);
    let target_text = fs::read_to_string(&target).unwrap_or_default();
    fs::remove_file(&target).unwrap_or_else(|e| panic!("{e}"));
    // The seed's read-also now names nothing: reported, shown as text.
    let warning = server.wait_line(&format!("{SEED}:15: read-also"));
    assert!(warning.contains("matches no article"), "{warning}");
    wait_for(server.port, &seed_url(), "class=\"unresolved\"");
    fs::write(&target, target_text).unwrap_or_else(|e| panic!("{e}"));
    fs::remove_dir_all(content.join("new")).unwrap_or_else(|e| panic!("{e}"));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while get(server.port, &fresh_url).status != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "deleted page still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!get(server.port, &seed_url())
        .text()
        .contains("خبر جديد من بيروت"));
    assert_eq!(get(server.port, "/2025/11/14/").status, 404);
}

#[test]
fn a_broken_file_shows_an_overlay_and_keeps_the_last_good_site() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let events = Events::connect(server.port, "/");
    let path = site.path().join("content").join(SEED);
    let good = fs::read_to_string(&path).unwrap_or_default();
    atomic_save(
        &path,
        &good.replace("11th, November 2025 GMT", "32nd, Foo 2025"),
    );
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
    assert_eq!(problems[0]["line"], 2);
    assert!(problems[0]["file"]
        .as_str()
        .unwrap_or_default()
        .ends_with(SEED));
    assert!(problems[0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Foo"));
    // The last good page is still served.
    let page = get(server.port, &seed_url());
    assert_eq!(page.status, 200);
    assert!(page.text().contains("الثلاثاء، 11 نوفمبر 2025"));
    // A page opened now learns about the problem as it connects.
    let late = Events::connect(server.port, "/");
    assert_eq!(late.next().0, "problems");
    atomic_save(&path, &good);
    assert_eq!(events.next().0, "fixed");
}

#[test]
fn template_and_stylesheet_edits() {
    let site = sample_site();
    write(
        &site.path().join("static/style.css"),
        b"body { color: black; }",
    );
    write(
        &site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>قديم</p>{% endblock main %}".as_bytes(),
    );
    let server = Server::start(site.path(), &["--port", "0"]);
    let events = Events::connect(server.port, "/");
    write(
        &site.path().join("static/style.css"),
        b"body { color: navy; }",
    );
    let (name, data) = events.next();
    assert_eq!(name, "css", "a stylesheet edit swaps the stylesheet");
    assert!(data.contains("style.css"));
    assert_eq!(
        get(server.port, "/style.css").text(),
        "body { color: navy; }"
    );
    assert_eq!(
        get(server.port, "/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    write(
        &site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>جديد</p>{% endblock main %}".as_bytes(),
    );
    assert_eq!(events.next().0, "reload");
    let missing = get(server.port, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<p>جديد</p>"));
    // Teasers are rendered once per build: an edit must still reach the listings.
    write(
        &site.path().join("templates/teaser.html"),
        "<li class=\"edited\">{{ item.title }}</li>\n".as_bytes(),
    );
    assert_eq!(events.next().0, "reload");
    assert!(get(server.port, "/")
        .text()
        .contains("<li class=\"edited\">"));
    // A broken template is a problem; the last good pages stay.
    write(
        &site.path().join("templates/404.html"),
        b"{% block main %}{{ broken",
    );
    assert_eq!(events.next().0, "problems");
    assert!(get(server.port, "/no/such/page/")
        .text()
        .contains("<p>جديد</p>"));
}

#[test]
fn http_rules_and_no_way_out_of_the_site() {
    let site = sample_site();
    fs::write(site.path().join("secret.txt"), "top secret").unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("content/link.jpg"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(site.path(), &["--port", "0"]);
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/2025/..%2F..%2Fsecret.txt",
        "/..\\secret.txt",
        "/link.jpg",
        "/site.toml",
        "/content/000_a202247ae16cea6a.txt",
    ] {
        let response = get(server.port, target);
        assert!(
            matches!(response.status, 400 | 404),
            "{target}: {}",
            response.status
        );
        assert!(!response.text().contains("top secret"), "{target}");
    }
    assert_eq!(request(server.port, "POST", "/").status, 405);
    assert_eq!(request(server.port, "DELETE", "/").status, 405);
    let head = request(server.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let redirect = get(server.port, "/2025");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/2025/"));
    assert_eq!(
        get(server.port, "/atom.xml").header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let missing = get(server.port, "/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("الصفحة غير موجودة"));
}

#[test]
fn a_sub_path_base_url_is_served_from_its_sub_path() {
    let site = sample_site();
    write(
        &site.path().join("site.toml"),
        b"title = \"x\"\nbase_url = \"https://example.org/news/\"\n",
    );
    let server = Server::start(site.path(), &["--port", "0"]);
    assert!(server.url.ends_with("/news/"), "{}", server.url);
    let home = get(server.port, "/news/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("href=\"/news/style.css\""));
    assert!(home.text().contains("/news/__sahifa/livereload.js"));
    assert_eq!(get(server.port, "/news/style.css").status, 200);
    assert_eq!(get(server.port, "/").status, 301);
    let events = Events::connect(server.port, "/news/");
    let path = site.path().join("content").join(SEED);
    let text = fs::read_to_string(&path).unwrap_or_default();
    fs::write(&path, text.replace("كشف وزير", "أكد وزير")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events.next().0, "reload");
}

#[test]
fn a_burst_of_files_is_one_rebuild() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let dir = site.path().join("content/burst");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..300 {
        let text = format!(
            "خبر رقم {i} من الأرشيف\nتاريخ النشر: 2024-01-{:02}\nنص الخبر {i}.\n",
            i % 28 + 1
        );
        fs::write(dir.join(format!("{i:03}.txt")), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let last = url_of("2024/01/20/خبر-رقم-299-من-الأرشيف/index.html");
    wait_for(server.port, &last, "نص الخبر 299.");
    // A file written after the burst: its rebuild line (it sorts first in
    // any batch) marks the end of the burst's, however long they took.
    let sentinel = site.path().join("content/000-sentinel.txt");
    let text = "خبر الختام\nتاريخ النشر: 2024-02-01\nنص الختام.\n";
    fs::write(&sentinel, text).unwrap_or_else(|e| panic!("{e}"));
    let mut rebuilds = 0;
    loop {
        let line = server
            .lines
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no rebuild line for the sentinel"));
        if line.contains("pages rendered") {
            if line.contains("000-sentinel") {
                break;
            }
            rebuilds += 1;
        }
    }
    // Batched: how many batches depends on how fast the files land (a
    // loaded machine writes them in several spurts), never one per file.
    assert!(
        (1..=30).contains(&rebuilds),
        "{rebuilds} rebuilds for a burst of 300 files"
    );
    let archive = get(server.port, "/2024/01/");
    assert!(archive.text().contains("خبر رقم"));
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = sample_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = taken.local_addr().map(|a| a.port()).unwrap_or(0);
    let server = Server::start(site.path(), &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(
        server
            .startup
            .iter()
            .any(|l| l.contains(&format!("port {port} is in use"))),
        "{:?}",
        server.startup
    );
    assert_eq!(get(server.port, "/").status, 200);
}

#[test]
fn a_templates_folder_created_while_serving_is_watched() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    write(
        &site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>أول</p>{% endblock main %}".as_bytes(),
    );
    // Served: the rebuild that watched the new folder is done.
    wait_for(server.port, "/404.html", "<p>أول</p>");
    // Later edits inside the new folder are seen too.
    write(
        &site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>ثان</p>{% endblock main %}".as_bytes(),
    );
    wait_for(server.port, "/404.html", "<p>ثان</p>");
}

/// Which pages a template edit re-renders is read from the templates: an
/// RSS template edit renders the RSS feeds only (a hand-kept list once
/// missed it and re-rendered everything), and a partial that `base.html`
/// includes re-renders every HTML page.
#[test]
fn a_template_edit_renders_the_pages_that_use_it() {
    let site = site_with_banner();
    write(
        &site.path().join("templates/rss.xml"),
        theme_template("rss.xml").as_bytes(),
    );
    let server = Server::start(site.path(), &["--port", "0"]);
    wait_for(server.port, "/", "banner one");
    let rendered = |line: &str| -> usize {
        line.split(": ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page count in {line}"))
    };
    atomic_save(
        &site.path().join("templates/rss.xml"),
        &theme_template("rss.xml").replace("<channel>", "<channel><!-- edited -->"),
    );
    let rss_pages = rendered(&server.wait_line("rss.xml"));
    let rss_feeds = html_or_feeds(&site, "rss.xml");
    assert_eq!(rss_pages, rss_feeds, "only the RSS feeds");
    atomic_save(
        &site.path().join("templates/banner.html"),
        "<p>banner two</p>",
    );
    let banner_pages = rendered(&server.wait_line("banner.html"));
    wait_for(server.port, "/", "banner two");
    assert_eq!(
        banner_pages,
        html_or_feeds(&site, ".html"),
        "every HTML page"
    );
}

/// A built-in template's source, as `theme export` writes it.
fn theme_template(name: &str) -> String {
    fs::read_to_string(repo().join("templates").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// A change to many pages renders first the pages browsers have open
/// (their reload comes as soon as those are done) and the others after;
/// a page asked for before its turn waits for its new bytes, never the
/// old page.
#[test]
fn a_change_to_many_pages_renders_open_ones_first_and_serves_none_stale() {
    let site = site_with_banner();
    let server = Server::start(site.path(), &["--port", "0"]);
    let home = wait_for(server.port, "/", "banner one").text();
    let articles: Vec<String> = home
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/20") && href.ends_with('/'))
        .map(str::to_string)
        .collect();
    assert!(articles.len() > 3, "{articles:?}");
    let events = Events::connect_from(server.port, "/", Some("/archive/"));
    atomic_save(
        &site.path().join("templates/banner.html"),
        "<p>banner two</p>",
    );
    while events.next().0 != "reload" {}
    // Right after the reload, before or while the rest is rendered.
    for page in ["/archive/", "/"]
        .iter()
        .copied()
        .chain(articles.iter().map(String::as_str))
    {
        let text = get(server.port, &percent_encode_path(page)).text();
        assert!(text.contains("banner two"), "{page} is stale");
    }
    let line = server.wait_line("banner.html");
    assert!(line.contains("after the open pages)"), "{line}");
}

/// A path as a browser sends it: each non-ASCII byte percent-encoded.
fn percent_encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The sample site with a partial, `banner.html` («banner one»), that
/// `base.html` includes: on every HTML page.
fn site_with_banner() -> tempfile::TempDir {
    let site = sample_site();
    write(
        &site.path().join("templates/base.html"),
        theme_template("base.html")
            .replace("<body>", "<body>{% include \"banner.html\" %}")
            .as_bytes(),
    );
    write(
        &site.path().join("templates/banner.html"),
        b"<p>banner one</p>",
    );
    site
}

/// How many files a build of `site` writes whose names end with `suffix`.
fn html_or_feeds(site: &tempfile::TempDir, suffix: &str) -> usize {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut opts = options(site.path());
    opts.output = Some(out.path().join("public"));
    build_ok(&opts);
    walkdir::WalkDir::new(out.path().join("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .count()
}

/// `serve` and `build` share their first stages: a template that cannot be
/// read (not UTF-8) is reported and the built-in theme serves, where
/// `serve` used to refuse to start.
#[test]
fn an_unreadable_template_is_reported_and_the_built_in_theme_serves() {
    let site = sample_site();
    write(
        &site.path().join("templates/teaser.html"),
        b"<li>\xff\xfe</li>",
    );
    let build = sahifa::build(&options(site.path()));
    assert!(!build.failed(), "{:?}", build.fatal);
    let server = Server::start(site.path(), &["--port", "0"]);
    // Printed on stderr before "serving at" (on stdout), but the two streams
    // are read apart: the warning may arrive after.
    if !server.startup.iter().any(|l| l.contains("teaser.html")) {
        server.wait_line("teaser.html");
    }
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.text().contains("class=\"teaser\""),
        "the built-in teaser"
    );
}

/// A body edit that keeps an article's identity is swapped into the site in
/// place; the related lists, made from the text, follow it.
#[test]
fn a_body_edit_updates_the_related_stories_of_other_pages() {
    let story = |title: &str, day: u32, body: &str| {
        format!("{title}\nتاريخ النشر: 2025-11-{day:02}\n{body}\n")
    };
    // No dateline: the city is part of an article's identity, and a
    // changed identity resolves the site again rather than patching it.
    let aleppo = "بدأت ورشات إعادة الإعمار في حلب بترميم المدارس والمستشفيات في الأحياء المدمرة.";
    let weather = "تشهد دول الخليج موجة حر شديدة مع درجات حرارة قياسية هذا الأسبوع.";
    let site = site(&[
        (
            "content/a.txt",
            &story(
                "الحكومة السورية تعلن خطة إعادة إعمار حلب",
                10,
                "دمشق- أعلنت الحكومة السورية خطة لإعادة إعمار الأحياء المدمرة في حلب وترميم المدارس والمستشفيات.",
            ),
        ),
        ("content/b.txt", &story("ورشات العمل تنطلق", 9, weather)),
        (
            "content/c.txt",
            &story(
                "المنتخب المغربي يفوز على نظيره التونسي",
                8,
                "الرباط- فاز المنتخب المغربي لكرة القدم على المنتخب التونسي بهدفين في المباراة الودية.",
            ),
        ),
    ]);
    build_ok(&options(site.path()));
    let (a_rel, a) = page_titled(
        &site.path().join("public"),
        "الحكومة السورية تعلن خطة إعادة إعمار حلب",
    );
    assert!(
        !a.contains("class=\"found\""),
        "nothing related before the edit"
    );
    let server = Server::start(site.path(), &["--port", "0"]);
    fs::write(
        site.path().join("content/b.txt"),
        story("ورشات العمل تنطلق", 9, aleppo),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(
        server.port,
        &url_of(&a_rel),
        "<li class=\"found\"><a href=\"",
    );
}

/// With `materialize_read_also`, the story published from the seed's
/// pasted text follows an edit of that text in the preview.
#[test]
fn an_edit_of_pasted_text_updates_the_story_published_from_it() {
    let seed = fs::read_to_string(repo().join("content").join(SEED)).unwrap_or_default();
    let site = site(&[
        ("content/seed.txt", &seed),
        ("site.toml", "materialize_read_also = true\n"),
    ]);
    build_ok(&options(site.path()));
    let title = "سوريا تشن حملة ضد تنظيم داعش قبيل زيارة مرتقبة للشرع إلى أمريكا";
    let (rel, page) = page_titled(&site.path().join("public"), title);
    assert!(page.contains("class=\"pasted\""), "{page}");
    let server = Server::start_in(site.path(), None, &["--port", "0"]);
    let edited = seed.replace("مداهمات مُنسقة", "مداهمات مُنسقة ومفاجئة");
    assert_ne!(edited, seed);
    fs::write(site.path().join("content/seed.txt"), edited).unwrap_or_else(|e| panic!("{e}"));
    wait_for(server.port, &url_of(&rel), "مداهمات مُنسقة ومفاجئة");
}

/// A site's own copy of a theme file, deleted while serving, gives way to
/// the theme's only where the site's pages use it, as a build would: with
/// search off, no theme search script comes back.
#[test]
fn a_deleted_static_file_falls_back_to_the_theme_only_where_pages_use_it() {
    let site = sample_site();
    write(&site.path().join("site.toml"), b"search = false\n");
    let server = Server::start(site.path(), &["--port", "0"]);
    let own = site.path().join("static/search.js");
    write(&own, b"// the site's own script\n");
    wait_for(server.port, "/search.js", "the site's own script");
    let style = site.path().join("static/style.css");
    write(&style, b"body { color: rebeccapurple }\n");
    wait_for(server.port, "/style.css", "rebeccapurple");
    fs::remove_file(&own).unwrap_or_else(|e| panic!("{e}"));
    fs::remove_file(&style).unwrap_or_else(|e| panic!("{e}"));
    // The stylesheet every page uses comes back from the theme...
    wait_for(server.port, "/style.css", "direction");
    // ...the search script no page loads does not.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while get(server.port, "/search.js").status != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "search.js still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_file_linked_before_it_exists_is_linked_where_it_is_served_once_it_is_added() {
    let md = "+++\ntitle = \"تقرير الميزانية\"\ndate = 2025-11-10\n+++\n\
              نص مع [التقرير كاملاً](docs/report.pdf).\n";
    let site = site(&[("content/2025/budget.md", md)]);
    let server = Server::start(site.path(), &["--port", "0"]);
    let page = url_of("2025/11/10/تقرير-الميزانية/index.html");
    // No such file yet: the link is left as written.
    assert!(get(server.port, &page)
        .text()
        .contains("href=\"docs/report.pdf\""));
    let events = Events::connect(server.port, "/");
    let file = site.path().join("content/2025/docs/report.pdf");
    fs::create_dir_all(file.parent().unwrap_or(site.path())).unwrap_or_else(|e| panic!("{e}"));
    fs::write(&file, "%PDF-1.4 report").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events.next().0, "reload");
    wait_for(server.port, &page, "href=\"/2025/docs/report.pdf\"");
    let served = get(server.port, "/2025/docs/report.pdf");
    assert_eq!(
        (served.status, served.text().as_str()),
        (200, "%PDF-1.4 report")
    );
}

/// Issue 33, item 3: an edit of a section's own template re-renders its
/// articles, and only theirs.
#[test]
fn an_edit_of_a_sections_template_renders_its_articles() {
    let site = site(&[
        (
            "site.toml",
            "sections = [{ key = \"opinion\", name = \"الرأي\", template = \"opinion.html\" }]\n",
        ),
        (
            "content/opinion/column.md",
            "+++\ntitle = \"مقال\"\ndate = 2025-11-11\n+++\nنص.\n",
        ),
        (
            "content/news.md",
            "+++\ntitle = \"خبر\"\ndate = 2025-11-10\n+++\nنص.\n",
        ),
        (
            "templates/opinion.html",
            "<p>column one {{ page.title }}</p>",
        ),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    let column = url_of("2025/11/11/مقال/index.html");
    wait_for(server.port, &column, "column one مقال");
    atomic_save(
        &site.path().join("templates/opinion.html"),
        "<p>column two {{ page.title }}</p>",
    );
    let line = server.wait_line("opinion.html");
    assert!(line.contains(": 1 pages rendered"), "{line}");
    wait_for(server.port, &column, "column two مقال");
}

/// Issue 33, item 2: `serve` renders again the pages a data file shows on
/// when the file is edited.
#[test]
fn a_data_file_edit_is_shown_where_templates_use_it() {
    let site = site(&[
        (
            "content/news.md",
            "+++\ntitle = \"خبر\"\ndate = 2025-11-10\n+++\nنص.\n",
        ),
        ("data/ticker.toml", "text = \"أول\"\n"),
        (
            "templates/teaser.html",
            "<li class=\"teaser\">{{ item.title }} [{{ data.ticker.text }}]</li>",
        ),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    wait_for(server.port, "/2025/", "خبر [أول]");
    atomic_save(&site.path().join("data/ticker.toml"), "text = \"ثان\"\n");
    wait_for(server.port, "/2025/", "خبر [ثان]");
}

/// Issue 33, item 5: an edit of a shortcode's template is shown in the
/// articles that use it; an edited body's new shortcode is rendered.
#[test]
fn a_shortcode_template_edit_is_shown_in_its_articles() {
    let site = site(&[
        (
            "content/news.md",
            "+++\ntitle = \"خبر\"\ndate = 2025-11-10\n+++\nنص.\n\n{{ ticker(text=\"أول\") }}\n",
        ),
        (
            "templates/shortcodes/ticker.html",
            "<div class=\"ticker\">one {{ text }}</div>",
        ),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    let page = url_of("2025/11/10/خبر/index.html");
    wait_for(server.port, &page, "<div class=\"ticker\">one أول</div>");
    atomic_save(
        &site.path().join("templates/shortcodes/ticker.html"),
        "<div class=\"ticker\">two {{ text }}</div>",
    );
    wait_for(server.port, &page, "<div class=\"ticker\">two أول</div>");
    atomic_save(
        &site.path().join("content/news.md"),
        "+++\ntitle = \"خبر\"\ndate = 2025-11-10\n+++\nنص.\n\n{{ ticker(text=\"ثان\") }}\n",
    );
    wait_for(server.port, &page, "<div class=\"ticker\">two ثان</div>");
}

/// Issue 34, item 1: an edited page of `pages/` is shown, and a new one
/// joins every footer.
#[test]
fn an_edited_or_added_site_page_is_shown() {
    let site = site(&[
        (
            "content/news.md",
            "+++\ntitle = \"خبر\"\ndate = 2025-11-10\n+++\nنص.\n",
        ),
        (
            "pages/about.md",
            "+++\ntitle = \"من نحن\"\n+++\nالنص الأول.\n",
        ),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    wait_for(server.port, "/about/", "النص الأول");
    atomic_save(
        &site.path().join("pages/about.md"),
        "+++\ntitle = \"من نحن\"\n+++\nالنص الثاني.\n",
    );
    wait_for(server.port, "/about/", "النص الثاني");
    atomic_save(
        &site.path().join("pages/contact.txt"),
        "اتصل بنا\nالهاتف.\n",
    );
    wait_for(server.port, "/", "<a href=\"/contact/\">اتصل بنا</a>");
}
