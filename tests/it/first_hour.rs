//! A new user's first hour, run the way users run it: the binary, started
//! from inside the site folder with relative paths and default flags (or a
//! relative `--root` from the folder above), never an absolute `--root`.
//! Each test names the bug of issue 12 it guards.

use crate::common::serve::{atomic_save, wait_for, Server};
use crate::common::*;

fn text(output: &std::process::Output) -> String {
    printed(output)
}

const ARTICLE: &str = "خبر عن الاقتصاد\nتاريخ النشر: 2025-11-11\nعمّان- نص الخبر الأول.\n";

/// Bug 1: `cd site && sahifa serve` rebuilt nothing (relative root against
/// notify's absolute paths).
#[test]
fn serve_from_the_site_folder_rebuilds_on_edit() {
    let site = site(&[("content/a.txt", ARTICLE)]);
    let server = Server::start_in(site.path(), None, &["--port", "0"]);
    wait_for(server.port, "/", "خبر عن الاقتصاد");
    atomic_save(
        &site.path().join("content/a.txt"),
        &ARTICLE.replace("خبر عن الاقتصاد", "عنوان جديد بعد التعديل"),
    );
    wait_for(server.port, "/", "عنوان جديد بعد التعديل");
    server.wait_line("changed ");
}

/// Bug 1, the other way users start it: a relative `--root` from the parent.
#[test]
fn serve_with_a_relative_root_rebuilds_on_edit() {
    let parent = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        &parent.path().join("mysite/content/a.txt"),
        ARTICLE.as_bytes(),
    );
    let server = Server::start_in(parent.path(), Some("mysite"), &["--port", "0"]);
    wait_for(server.port, "/", "خبر عن الاقتصاد");
    std::fs::write(
        parent.path().join("mysite/content/b.txt"),
        "خبر ثان عن الرياضة\nتاريخ النشر: 2025-11-12\nنص.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(server.port, "/", "خبر ثان عن الرياضة");
}

/// Bug 7: `serve` printed "1 warnings … `sahifa check` lists them" and not
/// the warnings.
#[test]
fn serve_prints_its_warnings_at_start() {
    let site = site(&[(
        "content/a.txt",
        "خبر\nتاريخ النشر: 2025-11-11\nنص.\nإقرأ أيضاً:\nعنوان لا يطابق أي خبر في الموقع\n",
    )]);
    let server = Server::start_in(site.path(), None, &["--port", "0"]);
    let startup = server.startup.join("\n");
    assert!(
        startup.contains("content/a.txt:5: read-also «عنوان لا يطابق أي خبر في الموقع»"),
        "{startup}"
    );
    assert!(startup.contains("built 1 article, "), "{startup}");
}

/// Bug 6 in watch mode: parse warnings (an unknown front matter key) were
/// dropped by `serve`, at start and on edit.
#[test]
fn serve_reports_parse_warnings_at_start_and_on_edit() {
    let site = site(&[(
        "content/a.md",
        "+++\ntitle = \"خبر\"\ndate = 2025-11-11\nauthr = \"سعاد\"\n+++\nنص.\n",
    )]);
    let server = Server::start_in(site.path(), None, &["--port", "0"]);
    let startup = server.startup.join("\n");
    assert!(
        startup.contains("content/a.md:4: front matter key `authr`"),
        "{startup}"
    );
    std::fs::write(
        site.path().join("content/b.md"),
        "+++\ntitle = \"خبر ثان\"\ndate = 2025-11-12\ncategory = \"سياسة\"\n+++\nنص.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let line = server.wait_line("front matter key `category`");
    assert!(line.contains("content/b.md:4:"), "{line}");
}

/// Bug 2: `build --strict` after a plain build with warnings said "up to
/// date" and exited 0.
#[test]
fn strict_fails_on_warnings_even_when_the_build_is_cached() {
    let site = site(&[(
        "content/a.txt",
        "خبر\nتاريخ النشر: 2025-11-11\nنص.\nإقرأ أيضاً:\nعنوان لا يطابق أي خبر\n",
    )]);
    let plain = sahifa_in(site.path(), &["build"]);
    assert!(plain.status.success(), "{}", text(&plain));
    let index = read(&site.path().join("public"), "index.html");
    let strict = sahifa_in(site.path(), &["build", "--strict"]);
    assert!(!strict.status.success(), "{}", text(&strict));
    let said = text(&strict);
    assert!(said.contains("--strict"), "{said}");
    assert!(
        said.contains("; public is left as it was"),
        "shown as typed: {said}"
    );
    assert!(said.contains("content/a.txt:5:"), "{said}");
    assert_eq!(read(&site.path().join("public"), "index.html"), index);
    // And a plain build after it is still fine.
    assert!(sahifa_in(site.path(), &["build"]).status.success());
}

/// Bug 3: `check` passed a template that fails on every listing page.
#[test]
fn check_renders_every_page_and_names_the_template_line() {
    let site = site(&[
        ("content/a.txt", ARTICLE),
        (
            "templates/teaser.html",
            "<li>\n{{ item.title }}\n{{ nope }}\n</li>\n",
        ),
    ]);
    let check = sahifa_in(site.path(), &["check"]);
    assert!(!check.status.success(), "{}", text(&check));
    let said = text(&check);
    assert!(said.contains("templates/teaser.html:3:"), "{said}");
    assert!(!site.path().join("public").exists(), "check writes nothing");
    // Bug 4: one teaser error on four listing pages is reported once.
    assert_eq!(said.matches("error: ").count(), 1, "{said}");
    let build = sahifa_in(site.path(), &["build"]);
    assert!(!build.status.success(), "{}", text(&build));
    assert_eq!(
        text(&build).matches("error: ").count(),
        1,
        "{}",
        text(&build)
    );
    // check takes build's flags.
    let flags = sahifa_in(
        site.path(),
        &[
            "check",
            "--base-url",
            "https://example.org/news/",
            "--drafts",
        ],
    );
    assert!(!flags.status.success());
}

/// Bug 4 and 5: a config error was printed as "error: error: …", and the
/// summary after it counted zero articles.
#[test]
fn a_config_error_is_reported_once_in_plain_words() {
    let site = site(&[
        ("content/a.txt", ARTICLE),
        ("site.toml", "title = \"x\"\nper_page = \"ten\"\n"),
    ]);
    let out = sahifa_in(site.path(), &["build"]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(!said.contains("error: error"), "{said}");
    assert!(
        said.contains("site.toml:2: `per_page` must be a whole number, not text \"ten\""),
        "{said}"
    );
    assert!(!said.contains("usize"), "{said}");
    assert!(
        said.contains("build failed: site.toml has an error"),
        "{said}"
    );
    assert!(!said.contains("0 articles"), "{said}");
    let typo = site_with_config("auther = \"x\"\n");
    let said = text(&sahifa_in(typo.path(), &["build"]));
    assert!(
        said.contains("site.toml:1: unknown key `auther`; did you mean `author`?"),
        "{said}"
    );
}

fn site_with_config(config: &str) -> tempfile::TempDir {
    site(&[("content/a.txt", ARTICLE), ("site.toml", config)])
}

/// Bug 5: plurals right for 0, 1 and many.
#[test]
fn the_summary_counts_in_good_english() {
    let one = site_with_config("base_url = \"https://example.org/\"\n");
    let out = sahifa_in(one.path(), &["build"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.starts_with("built 1 article, "), "{stdout}");
    assert!(stdout.contains("; no warnings in "), "{stdout}");
    assert!(
        !stdout.contains("(s)") && !stdout.contains(" 1 articles"),
        "{stdout}"
    );
    assert!(
        stdout.contains("→ public"),
        "the output shown relative: {stdout}"
    );
}

/// Bug 6: unknown front matter keys and sanitised HTML were dropped silently.
#[test]
fn silent_drops_are_reported_with_file_and_line() {
    let site = site(&[(
        "content/a.md",
        "+++\ntitle = \"خبر\"\ndate = 2025-11-11\nauther = \"سعاد\"\ncategory = \"سياسة\"\n+++\n\nنص.\n\n<iframe src=\"https://x.org/\"></iframe>\n",
    )]);
    let said = text(&sahifa_in(site.path(), &["build"]));
    assert!(
        said.contains("content/a.md:4: front matter key `auther`"),
        "{said}"
    );
    assert!(said.contains("did you mean `author`?"), "{said}");
    assert!(
        said.contains("content/a.md:5: front matter key `category`"),
        "{said}"
    );
    assert!(
        said.contains("content/a.md:10: raw HTML: the <iframe> element"),
        "{said}"
    );
}

/// Bug 8: an empty content/ built silently into an empty page.
#[test]
fn an_empty_site_says_so() {
    let site = site(&[("site.toml", "base_url = \"https://example.org/\"\n")]);
    std::fs::create_dir(site.path().join("content")).unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("no articles found in content/"),
        "{}",
        text(&out)
    );
    let home = read(&site.path().join("public"), "index.html");
    assert!(home.contains("لا توجد أخبار بعد"), "{home}");
}

/// `init` → `build`: a new site builds clean, its examples linked both ways.
#[test]
fn init_then_build_gives_a_linked_site() {
    let parent = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let init = sahifa_in(parent.path(), &["init", "mysite"]);
    assert!(init.status.success(), "{}", text(&init));
    assert!(
        text(&init).contains("sahifa serve"),
        "next steps: {}",
        text(&init)
    );
    let site = parent.path().join("mysite");
    // The address is suggested, commented out: a build before it is given
    // says what its feeds and sitemaps lack, and publishes no stranger's.
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap_or_default();
    assert!(
        toml.contains("\n# base_url = \"https://www.your-newspaper.example/\"\n"),
        "{toml}"
    );
    let first = sahifa_in(&site, &["build"]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("base_url «/» is not an absolute URL"),
        "{}",
        text(&first)
    );
    assert!(!read(&site.join("public"), "sitemap.xml").contains("example.org"));
    let build = sahifa_in(&site, &["build", "--base-url", "https://news.example/"]);
    assert!(build.status.success(), "{}", text(&build));
    let stdout = String::from_utf8_lossy(&build.stdout);
    assert!(
        stdout.contains("read-also 2 linked, 0 unresolved; no warnings"),
        "{stdout}"
    );
    // Uncommented as it is, the placeholder is warned about too.
    let placeholder = toml.replace("\n# base_url = ", "\nbase_url = ");
    std::fs::write(site.join("site.toml"), placeholder).unwrap_or_else(|e| panic!("{e}"));
    let careless = sahifa_in(&site, &["build"]);
    assert!(
        text(&careless).contains("base_url is still the placeholder"),
        "{}",
        text(&careless)
    );
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap_or_default();
    assert!(
        ignore.contains("/public/") && ignore.contains("sahifa-cache"),
        "{ignore}"
    );
    let again = sahifa_in(&site, &["init"]);
    assert!(!again.status.success(), "init refuses a folder with files");
}

/// `new` → the article is on the home page, dated today.
#[test]
fn new_puts_an_article_on_the_home_page_with_todays_date() {
    let site = site(&[
        ("content/a.txt", ARTICLE),
        ("site.toml", "timezone = \"+03:00\"\n"),
    ]);
    let new = sahifa_in(site.path(), &["new", "وزارة الصحة تطلق حملة للتطعيم"]);
    assert!(new.status.success(), "{}", text(&new));
    let path = String::from_utf8_lossy(&new.stdout).trim().to_string();
    assert!(
        path.starts_with("content/"),
        "relative to where it ran: {path}"
    );
    assert!(site.path().join(&path).is_file(), "{path}");
    let md = sahifa_in(
        site.path(),
        &["new", "--md", "--section", "sport", "مباراة الليلة"],
    );
    assert!(md.status.success(), "{}", text(&md));
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("content/sport/"));
    assert!(sahifa_in(site.path(), &["build"]).status.success());
    let home = read(&site.path().join("public"), "index.html");
    assert!(home.contains("وزارة الصحة تطلق حملة للتطعيم"), "{home}");
    assert!(home.contains("مباراة الليلة"), "{home}");
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!()))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        home.contains(&format!("datetime=\"{today}")),
        "{today}: {home}"
    );
}

/// `theme export` → edit the exported stylesheet → the build uses it.
#[test]
fn an_exported_theme_is_the_one_built() {
    let site = site(&[("content/a.txt", ARTICLE)]);
    let export = sahifa_in(site.path(), &["theme", "export"]);
    assert!(export.status.success(), "{}", text(&export));
    let css = site.path().join("static/style.css");
    let mut style = std::fs::read_to_string(&css).unwrap_or_default();
    style.push_str("\n.sahifa-test-marker { color: rebeccapurple }\n");
    std::fs::write(&css, style).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.path().join("templates/article.html").is_file());
    assert!(sahifa_in(site.path(), &["build"]).status.success());
    let built = stylesheet(&site.path().join("public"));
    assert!(built.contains("sahifa-test-marker"), "{built}");
    // Running it again keeps the changed file and says so: what the
    // command promises, so no error and a successful exit.
    let again = sahifa_in(site.path(), &["theme", "export"]);
    let said = text(&again);
    assert!(again.status.success(), "{said}");
    assert!(!said.contains("error"), "{said}");
    assert!(
        said.contains("kept (yours differs) static/style.css"),
        "{said}"
    );
    assert!(
        said.contains("1 file differs from the built-in theme and was kept"),
        "{said}"
    );
    assert!(std::fs::read_to_string(&css)
        .unwrap_or_default()
        .contains("sahifa-test-marker"));
}
