//! Build behaviour on small temporary sites: the embedded theme, reports for
//! bad input, legacy encodings, template overrides, and the output folder's
//! safety rules (refusals, atomic swap, strict mode).

use std::fs;

use crate::common::*;

const GOOD: &str = "خبر أول عن الاقتصاد\nتاريخ النشر: 2025-11-11\nبيروت- نص الخبر الأول.\n";
/// The build's diagnostic whose message mentions `needle`.
fn diagnostic_about<'o>(outcome: &'o sahifa::Outcome, needle: &str) -> &'o sahifa::Diagnostic {
    outcome
        .report
        .diagnostics
        .iter()
        .find(|d| d.to_string().contains(needle))
        .unwrap_or_else(|| panic!("nothing about {needle}: {:#?}", outcome.report.diagnostics))
}

const OTHER: &str = "خبر ثان عن الرياضة\nتاريخ النشر: 12 نوفمبر 2025\nنص الخبر الثاني.\n";

#[test]
fn a_folder_with_only_content_builds_with_the_embedded_theme() {
    let site = site(&[("content/a.txt", GOOD)]);
    let outcome = build_ok(&options(site.path()));
    assert_eq!(outcome.articles, 1);
    let out = site.path().join("public");
    assert!(read(&out, "index.html").contains("dir=\"rtl\""));
    assert!(stylesheet(&out).contains("font-family"));
    // No base_url: warned about, since feeds want an absolute URL.
    assert!(outcome
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("base_url")));
}

#[test]
fn a_bad_date_names_file_and_line_and_the_rest_builds() {
    let site = site(&[
        ("content/a.txt", GOOD),
        (
            "content/bad.txt",
            "عنوان\nتاريخ النشر: 32nd, Foo 2025\nنص.\n",
        ),
        ("content/nested/deeper/b.txt", OTHER),
    ]);
    let outcome = build_ok(&options(site.path()));
    assert_eq!(outcome.articles, 2, "nested folders are walked");
    let bad: Vec<_> = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| f.ends_with("bad.txt")))
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].line, Some(2));
    assert!(bad[0].to_string().contains("bad.txt:2:"), "{}", bad[0]);
}

#[test]
fn nothing_buildable_fails() {
    let site = site(&[("content/bad.txt", "عنوان\nتاريخ النشر: غير معروف\nنص.\n")]);
    let outcome = sahifa::build(&options(site.path()));
    assert!(outcome.failed());
    assert!(!site.path().join("public").exists());
}

#[test]
fn windows_1256_and_bom_and_crlf_files_decode() {
    let site = site(&[]);
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode(GOOD);
    write(&site.path().join("content/legacy.txt"), &legacy);
    let bom = format!("\u{FEFF}{}", OTHER.replace('\n', "\r\n"));
    write(&site.path().join("content/bom.txt"), bom.as_bytes());
    write(
        &site.path().join("content/binary.txt"),
        b"\x00\x01\x02binary",
    );
    write(&site.path().join("content/.hidden.txt"), GOOD.as_bytes());
    let outcome = build_ok(&options(site.path()));
    assert_eq!(outcome.articles, 2);
    let notes: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("legacy.txt") && n.contains("Windows-1256")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("binary.txt") && n.contains("binary")),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains(".hidden")), "{notes:?}");
    let out = site.path().join("public");
    page_titled(&out, "خبر أول عن الاقتصاد");
    page_titled(&out, "خبر ثان عن الرياضة");
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let site = site(&[
        ("content/a.txt", GOOD),
        (
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<p>مفقود</p>{% endblock main %}",
        ),
        ("static/style.css", "body { color: red; }"),
        (
            "static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("content/images/photo.jpg", "not really a jpeg"),
    ]);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    assert!(read(&out, "404.html").contains("<p>مفقود</p>"));
    assert_eq!(
        stylesheet(&out),
        "body{color: red;}",
        "the site's stylesheet, minified"
    );
    assert!(out.join("img/logo.svg").is_file());
    assert!(
        !out.join("images/photo.jpg").exists(),
        "a file under content/ no article links to is left out"
    );
    assert!(diagnostic_about(&outcome, "content/images/photo.jpg")
        .message
        .contains("static/"));
}

#[test]
fn files_under_content_are_published_where_articles_link_to_them_and_only_those() {
    let md = "+++\ntitle = \"تقرير الميزانية\"\ndate = 2025-11-10\n+++\n\
              نص مع [التقرير كاملاً](docs/report.pdf#page=2) و[الجدول](docs/a%20b.csv) \
              و[الملحق](/news/files/annex.pdf) و[بريد](mailto:desk@example.org) \
              و[مفقود](docs/missing.pdf).\n";
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/news/\"\n"),
        ("content/2025/budget.md", md),
        ("content/2025/docs/report.pdf", "%PDF-1.4 report"),
        ("content/2025/docs/a b.csv", "a,b\n"),
        ("content/files/annex.pdf", "%PDF-1.4 annex"),
        ("content/manifest.json", "{}"),
        ("content/2025/notes.txt.bak", "scraps"),
    ]);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    for published in [
        "2025/docs/report.pdf",
        "2025/docs/a b.csv",
        "files/annex.pdf",
    ] {
        assert!(
            out.join(published).is_file(),
            "{published} is not published"
        );
    }
    for left_out in ["manifest.json", "2025/notes.txt.bak"] {
        assert!(!out.join(left_out).exists(), "{left_out} is published");
    }
    let note = diagnostic_about(&outcome, "left out of the site");
    assert!(
        note.message.contains("content/manifest.json") && note.message.contains("static/"),
        "{}",
        note.message
    );
    // The page links to each file where it is published, not beside the
    // article's own folder (its URL is /news/2025/11/10/…/).
    let (_, page) = page_titled(&out, "تقرير الميزانية");
    for href in [
        "href=\"/news/2025/docs/report.pdf#page=2\"",
        "href=\"/news/2025/docs/a%20b.csv\"",
        "href=\"/news/files/annex.pdf\"",
        "href=\"mailto:desk@example.org\"",
        "href=\"docs/missing.pdf\"",
    ] {
        assert!(page.contains(href), "no {href} in the page");
    }
}

#[test]
fn a_template_error_names_the_template_and_keeps_the_previous_site() {
    let site = site(&[("content/a.txt", GOOD)]);
    build_ok(&options(site.path()));
    let index = read(&site.path().join("public"), "index.html");
    write(
        &site.path().join("templates/article.html"),
        b"{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}",
    );
    let outcome = sahifa::build(&options(site.path()));
    assert!(outcome.failed());
    let message = format!("{:?} {:?}", outcome.fatal, outcome.report.diagnostics);
    assert!(message.contains("article.html"), "{message}");
    assert_eq!(read(&site.path().join("public"), "index.html"), index);
}

#[test]
fn a_render_error_names_the_article() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("templates/article.html", "{{ page.no_such_field }}"),
    ]);
    let outcome = sahifa::build(&options(site.path()));
    let d = diagnostic_about(&outcome, "article.html").to_string();
    assert!(d.contains("a.txt"), "{d}");
    assert!(d.contains("خبر أول عن الاقتصاد"), "{d}");
}

#[test]
fn a_render_error_points_at_the_template_line_as_written() {
    // Pages render from minified templates; the error must still name the
    // line and column the user wrote.
    let site = site(&[
        ("content/a.txt", GOOD),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<p>\n{{ page.title }}\n</p>\n<div>\n{{ page.no_such_field }}</div>\n{% endblock main %}\n",
        ),
    ]);
    let outcome = sahifa::build(&options(site.path()));
    assert!(outcome.failed());
    let d = diagnostic_about(&outcome, "no_such_field");
    assert!(d.message.contains("article.html:7:9"), "{}", d.message);
}

#[test]
fn strict_mode_fails_on_warnings_and_keeps_the_previous_site() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("site.toml", "base_url = \"https://example.org/\"\n"),
    ]);
    let mut opts = options(site.path());
    opts.strict = true;
    build_ok(&opts);
    let before = read(&site.path().join("public"), "index.html");
    write(
        &site.path().join("content/b.txt"),
        "خبر ثالث\nتاريخ النشر: 2025-11-13\nنص.\nاقرأ أيضا:\nعنوان لا وجود له\n".as_bytes(),
    );
    let outcome = sahifa::build(&opts);
    assert!(outcome.failed());
    assert!(outcome
        .fatal
        .as_deref()
        .unwrap_or_default()
        .contains("--strict"));
    assert_eq!(read(&site.path().join("public"), "index.html"), before);
    opts.strict = false;
    let outcome = build_ok(&opts);
    assert_eq!(outcome.report.warnings(), 1);
}

#[test]
fn rebuilding_replaces_the_previous_output_completely() {
    let site = site(&[("content/a.txt", GOOD), ("content/b.txt", OTHER)]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    assert_eq!(
        html_pages(&out)
            .iter()
            .filter(|(_, t)| t.contains("class=\"article\""))
            .count(),
        2
    );
    fs::remove_file(site.path().join("content/b.txt")).unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(site.path()));
    assert_eq!(
        html_pages(&out)
            .iter()
            .filter(|(_, t)| t.contains("class=\"article\""))
            .count(),
        1
    );
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("sahifa-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_output_folders_it_did_not_build() {
    let site = site(&[("content/a.txt", GOOD), ("elsewhere/notes.txt", "keep me")]);
    let refuse = |output: std::path::PathBuf| {
        let mut opts = options(site.path());
        opts.output = Some(output);
        let outcome = sahifa::build(&opts);
        assert!(outcome.failed());
        // Why is an error in the report; `fatal` says nothing was written.
        assert!(outcome
            .fatal
            .unwrap_or_default()
            .contains("nothing was written"));
        let reasons: Vec<String> = outcome
            .report
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect();
        reasons.join("\n")
    };
    assert!(refuse(site.path().to_path_buf()).contains("root"));
    assert!(refuse(site.path().join("elsewhere")).contains("did not build"));
    assert!(refuse(site.path().join("content")).contains("content"));
    assert!(refuse(site.path().join("..")).contains("contains the site"));
    assert_eq!(read(site.path(), "elsewhere/notes.txt"), "keep me");
    // An empty folder, or one sahifa built, is fine.
    fs::create_dir(site.path().join("empty")).unwrap_or_else(|e| panic!("{e}"));
    let mut opts = options(site.path());
    opts.output = Some(site.path().join("empty"));
    build_ok(&opts);
    build_ok(&opts);
}

#[test]
fn stale_staging_folders_from_a_killed_build_are_cleaned() {
    let site = site(&[("content/a.txt", GOOD)]);
    build_ok(&options(site.path()));
    let stale = site.path().join(".public.sahifa-new-999999");
    write(&stale.join(sahifa::MARKER), b"x");
    write(&stale.join("index.html"), b"half written");
    build_ok(&options(site.path()));
    assert!(!stale.exists());
}

#[test]
fn check_reports_and_writes_nothing() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("content/bad.md", "+++\ntitle = \"x\"\n"),
    ]);
    let outcome = sahifa::check(&options(site.path()));
    assert_eq!(outcome.report.errors(), 1);
    let error = outcome
        .report
        .diagnostics
        .iter()
        .find(|d| d.level == sahifa::Level::Error);
    assert!(
        error.is_some_and(
            |e| e.message.contains("never closed") && e.to_string().contains("bad.md:1:")
        )
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn colliding_and_letterless_titles_get_distinct_safe_urls() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("content/b.txt", GOOD),
        (
            "content/c.txt",
            "!!! 🔥🔥 ؟؟؟\nتاريخ النشر: 2025-11-11\nنص.\n",
        ),
        (
            "content/d.md",
            "+++\ntitle = \"x\"\nslug = \"../../etc/passwd\"\ndate = 2025-11-11\n+++\nنص\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public/2025/11/11");
    assert!(out.join("خبر-أول-عن-الاقتصاد/index.html").is_file());
    assert!(out.join("خبر-أول-عن-الاقتصاد-2/index.html").is_file());
    assert!(
        out.join("c/index.html").is_file(),
        "falls back to the file name"
    );
    assert!(out.join("etc-passwd/index.html").is_file());
}

#[test]
fn normalized_slug_style_keeps_the_urls_sahifa_wrote_before() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("site.toml", "slug_style = \"normalized\"\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public/2025/11/11");
    assert!(out.join("خبر-اول-عن-الاقتصاد/index.html").is_file());
}

/// The one folder under `dir`.
fn only_folder(dir: &std::path::Path) -> String {
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

#[test]
fn a_uid_permalink_is_short_ascii_and_survives_a_title_edit() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("site.toml", "permalink = \"/news/{uid}/\"\n"),
    ]);
    build_ok(&options(site.path()));
    let news = site.path().join("public/news");
    let uid = only_folder(&news);
    assert_eq!(uid.len(), 8, "{uid}");
    assert!(
        uid.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
        "{uid}"
    );
    assert!(read(&site.path().join("public"), "index.html").contains(&format!("/news/{uid}/")));
    write(
        &site.path().join("content/a.txt"),
        GOOD.replace("خبر أول", "عنوان آخر تماماً").as_bytes(),
    );
    build_ok(&options(site.path()));
    assert_eq!(only_folder(&news), uid, "the id does not follow the title");
}

#[test]
fn unchanged_files_keep_their_modification_time_across_builds() {
    let site = site(&[("content/a.txt", GOOD), ("content/b.txt", OTHER)]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (a_rel, _) = page_titled(&out, "خبر أول عن الاقتصاد");
    let (b_rel, _) = page_titled(&out, "خبر ثان عن الرياضة");
    let modified = |rel: &str| {
        fs::metadata(out.join(rel))
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let (a_before, b_before) = (modified(&a_rel), modified(&b_rel));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write(
        &site.path().join("content/b.txt"),
        OTHER
            .replace("نص الخبر الثاني.", "نص الخبر الثاني بعد التعديل.")
            .as_bytes(),
    );
    build_ok(&options(site.path()));
    assert_eq!(
        modified(&a_rel),
        a_before,
        "an unchanged page is not rewritten"
    );
    assert_ne!(modified(&b_rel), b_before, "an edited page is");
    assert!(read(&out, &b_rel).contains("بعد التعديل"));
}

#[test]
fn a_rebuild_renders_only_what_changed_and_matches_a_clean_build() {
    let site = sample_site();
    let opts = options(site.path());
    let first = build_ok(&opts);
    assert_eq!(
        first.rendered, first.pages,
        "a first build renders everything"
    );
    // Nothing changed: the output is left alone.
    let again = build_ok(&opts);
    assert!(again.up_to_date && !again.written);
    // One body edit: a handful of pages render, the rest are linked.
    let seed = site.path().join("content/000_a202247ae16cea6a.txt");
    let text = fs::read_to_string(&seed).unwrap_or_default();
    write(&seed, text.replace("كشف وزير", "أكد وزير").as_bytes());
    let edited = build_ok(&opts);
    assert!(edited.written);
    // Its page, its four date listings, its source's and its city's pages,
    // the three feeds of each of the site, its month, its source and its
    // city: 19; and the search index's parts holding the word that went,
    // the word that came, their two prefix dictionaries and its excerpt:
    // 5 at most.
    assert!(
        edited.rendered > 0 && edited.rendered <= 24,
        "rendered {}",
        edited.rendered
    );
    let incremental = snapshot(&site.path().join("public"));
    // The same input built from scratch gives the same bytes.
    let mut clean = options(site.path());
    clean.output = Some(site.path().join("clean"));
    build_ok(&clean);
    assert_eq!(incremental, snapshot(&site.path().join("clean")));
    // A template edit re-renders every page that uses it.
    write(
        &site.path().join("templates/404.html"),
        b"{% extends \"base.html\" %}{% block main %}<p>x</p>{% endblock main %}",
    );
    let templated = build_ok(&opts);
    assert_eq!(
        templated.rendered, templated.pages,
        "templates change the global hash"
    );
}

#[test]
fn minification_can_be_turned_off() {
    let site = site(&[("content/a.txt", GOOD)]);
    build_ok(&options(site.path()));
    let minified = read(&site.path().join("public"), "index.html");
    assert!(
        !minified.contains("\n<body>"),
        "whitespace between blocks goes"
    );
    write(&site.path().join("site.toml"), b"minify = false\n");
    build_ok(&options(site.path()));
    let plain = read(&site.path().join("public"), "index.html");
    assert!(plain.contains("\n<body>"));
    assert!(plain.len() > minified.len());
    assert!(stylesheet(&site.path().join("public")).contains("\n"));
}

/// Templates are minified once when they load, not page by page: a page
/// so made must be what minifying the unminified page would give, up to
/// whitespace the page minifier would remove as well.
#[test]
fn minified_templates_change_only_what_minifying_the_page_would() {
    let sample = sample_site();
    let out = sample.path().join("public");
    build_ok(&options(sample.path()));
    let minified = html_pages(&out);
    let config = sample.path().join("site.toml");
    let mut toml = fs::read_to_string(&config).unwrap_or_default();
    toml.push_str("\nminify = false\n");
    write(&config, toml.as_bytes());
    build_ok(&options(sample.path()));
    let plain = html_pages(&out);
    assert_eq!(minified.len(), plain.len());
    assert!(
        minified.len() > 20,
        "the sample site has listings and articles"
    );
    // The stylesheet is minified too, so its fingerprinted name differs.
    let unfingerprinted = |page: &str| match page.find("/style.") {
        Some(at) => format!("{}{}", &page[..at], &page[at + "/style.".len() + 16..]),
        None => page.to_string(),
    };
    let squeeze =
        |page: &str| String::from_utf8(sahifa::minify_html(unfingerprinted(page).as_bytes()));
    let (mut minified_bytes, mut plain_bytes) = (0, 0);
    for ((path, small), (plain_path, large)) in minified.iter().zip(&plain) {
        assert_eq!(path, plain_path);
        assert_eq!(squeeze(small).ok(), squeeze(large).ok(), "{path}");
        minified_bytes += small.len();
        plain_bytes += large.len();
    }
    assert!(
        minified_bytes * 100 < plain_bytes * 99,
        "{minified_bytes} vs {plain_bytes}"
    );
}

#[test]
fn the_teaser_template_shapes_every_listing() {
    let site = site(&[
        ("content/a.txt", GOOD),
        (
            "templates/teaser.html",
            "<li class=\"mine\">{{ item.title }} — {{ item.date_human }}</li>\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    // The front page shows its only story as the lead, not as a teaser.
    assert!(read(&out, "index.html").contains("id=\"lead-title\""));
    for listing in [
        "2025/index.html",
        "2025/11/index.html",
        "2025/11/11/index.html",
    ] {
        let html = read(&out, listing);
        assert!(
            html.contains("<li class=\"mine\">خبر أول عن الاقتصاد — "),
            "{listing}: {html}"
        );
        assert!(!html.contains("class=\"teaser\""), "{listing}");
    }
}

#[test]
fn a_teaser_error_names_the_template_and_the_article() {
    let site = site(&[
        ("content/a.txt", GOOD),
        ("templates/teaser.html", "{{ item.no_such_field }}"),
    ]);
    let outcome = sahifa::build(&options(site.path()));
    assert!(outcome.failed());
    let d = diagnostic_about(&outcome, "teaser.html").to_string();
    assert!(d.contains("a.txt"), "{d}");
    assert!(d.contains("خبر أول عن الاقتصاد"), "{d}");
}

#[test]
fn a_clean_build_stamps_what_a_rebuild_checks() {
    // Articles are stamped as they are read, everything else beforehand:
    // the stamp must come out the same as a rebuild's look at every file.
    let site = site(&[
        ("content/a.txt", GOOD),
        ("content/sub/b.txt", OTHER),
        ("content/sub/photo.jpg", "not really a jpeg"),
        (
            "content/sub/c.md",
            "+++\ntitle = \"خبر ثالث\"\ndate = 2025-11-09\n+++\n[الملف](photo.jpg)\n",
        ),
        ("content/.notes.txt", "hidden, not built"),
        ("templates/404.html", "{% extends \"base.html\" %}"),
        ("static/extra.css", "p { margin: 0; }"),
        ("site.toml", "title = \"صحيفة\"\n"),
    ]);
    let opts = options(site.path());
    let first = build_ok(&opts);
    assert!(first.written);
    let again = build_ok(&opts);
    assert!(again.up_to_date, "nothing changed");
    write(&site.path().join("content/sub/photo.jpg"), b"another photo");
    let after_asset = build_ok(&opts);
    assert!(!after_asset.up_to_date, "an asset changed");
}

#[test]
fn a_sites_own_templates_take_over_from_the_compiled_theme() {
    // The built-in article, listing and feed pages are compiled into the
    // binary; a site's own copy of one of those templates must still be
    // what its pages are made from, and an exported copy left unchanged
    // must make the same site.
    let plain = site(&[("content/a.txt", GOOD)]);
    build_ok(&options(plain.path()));
    let exported = site(&[("content/a.txt", GOOD)]);
    let export = sahifa_in(exported.path(), &["theme", "export"]);
    assert!(export.status.success(), "{}", printed(&export));
    build_ok(&options(exported.path()));
    assert_eq!(
        snapshot(&plain.path().join("public")),
        snapshot(&exported.path().join("public")),
        "an unchanged copy of the theme changes nothing"
    );
    let own = site(&[
        ("content/a.txt", GOOD),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}{% block main %}<p class=\"own-article\">{{ page.title }}</p>{% endblock main %}",
        ),
        (
            "templates/teaser.html",
            "<li class=\"own-teaser\">{{ item.title }}</li>",
        ),
        (
            "templates/atom.xml",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>own-feed {{ feed.title }}</title></feed>",
        ),
    ]);
    build_ok(&options(own.path()));
    let out = own.path().join("public");
    let own_articles = html_pages(&out)
        .into_iter()
        .filter(|(_, html)| html.contains("<p class=\"own-article\">خبر أول عن الاقتصاد</p>"))
        .count();
    assert_eq!(
        own_articles, 1,
        "the article page, from the site's template"
    );
    // The year listing (the front page shows a lone story as its lead).
    assert!(read(&out, "2025/index.html").contains("own-teaser"));
    assert!(read(&out, "atom.xml").contains("own-feed"));
    // The feed the site did not change is still the built-in one.
    assert!(read(&out, "rss.xml").contains("<rss version=\"2.0\""));
}

/// A site without search publishes no search script (pages never load it);
/// with search on, the script is there under its fingerprinted name.
#[test]
fn the_search_script_is_published_only_with_search_on() {
    let scripts = |public: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(public)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|name| name.starts_with("search") && name.ends_with(".js"))
            .collect()
    };
    let off = site(&[("content/a.txt", GOOD), ("site.toml", "search = false\n")]);
    build_ok(&options(off.path()));
    assert_eq!(scripts(&off.path().join("public")), Vec::<String>::new());
    let on = site(&[("content/a.txt", GOOD), ("site.toml", "search = true\n")]);
    build_ok(&options(on.path()));
    let found = scripts(&on.path().join("public"));
    assert_eq!(found.len(), 1, "{found:?}");
    let page = read(&on.path().join("public"), "search/index.html");
    assert!(
        page.contains(&found[0]),
        "the search page loads {}",
        found[0]
    );
}

/// Issue 32, item 2: no generated page is lost at a path another takes —
/// a folder named like a year, a section or article named like the search
/// page — and a taxonomy's slug is checked like a folder name.
#[test]
fn no_page_is_lost_at_a_path_the_site_generates() {
    let md = |title: &str, section: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2025-11-11\nsection = \"{section}\"\n+++\nنص الخبر.\n")
    };
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nsearch = true\npermalink = \"/{slug}/\"\n",
        ),
        ("content/2025/a.txt", GOOD),
        ("content/b.md", &md("search", "search")),
        ("content/c.md", &md("media", "latest")),
    ]);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    // The year's archive, the search page and the latest-hours page are
    // theirs; the section and articles named like them moved aside.
    assert!(read(&out, "2025/index.html").contains("<h1>أرشيف 2025</h1>"));
    assert!(read(&out, "search/index.html").contains("class=\"search-form\""));
    assert!(out.join("section-2025/index.html").is_file());
    assert!(out.join("search-2/index.html").is_file());
    assert!(out.join("media-2/index.html").is_file());
    assert!(out.join("latest-2/index.html").is_file());
    assert_eq!(outcome.articles, 3);
    for slug in ["archive", "2025", ".", "", "/", "../x", "media"] {
        let toml =
            format!("taxonomies = [{{ key = \"tags\", name = \"الوسوم\", slug = \"{slug}\" }}]\n");
        let site = crate::common::site(&[("site.toml", &toml), ("content/a.txt", GOOD)]);
        let outcome = sahifa::build(&options(site.path()));
        let message = outcome
            .report
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!site.path().join("public").exists(), "{slug}: {message}");
        assert!(
            message.contains(&format!("slug «{slug}»")),
            "{slug}: {message}"
        );
    }
}

/// Issue 32, item 8: Egypt, Lebanon and Palestine move their clocks at
/// midnight, so a story dated the day of the change was filed and shown
/// under the day before. A date-only story keeps its written day.
#[test]
fn a_story_of_a_midnight_clock_change_keeps_its_day() {
    for (zone, day, written) in [
        ("Africa/Cairo", "2023-04-28", "28 أبريل 2023"),
        ("Asia/Beirut", "2025-03-30", "30 مارس 2025"),
    ] {
        let (y, m, d) = (&day[..4], &day[5..7], &day[8..]);
        let toml = format!("base_url = \"https://example.org/\"\ntimezone = \"{zone}\"\n");
        let md = format!(
            "+++\ntitle = \"خبر من Markdown يوم تغيير الساعة\"\ndate = {day}\n+++\nنص الخبر.\n"
        );
        let raw =
            format!("خبر من نص خام يوم تغيير الساعة\nتاريخ النشر: {written}\nالقاهرة- نص الخبر.\n");
        let site = site(&[
            ("site.toml", &toml),
            ("content/a.md", &md),
            ("content/b.txt", &raw),
        ]);
        build_ok(&options(site.path()));
        let out = site.path().join("public");
        let listed = read(&out, &format!("{y}/{m}/{d}/index.html"));
        for title in [
            "خبر من Markdown يوم تغيير الساعة",
            "خبر من نص خام يوم تغيير الساعة",
        ] {
            assert!(
                listed.contains(title),
                "{zone}: {title} not filed under {day}"
            );
            let (path, page) = page_titled(&out, title);
            assert!(path.starts_with(&format!("{y}/{m}/{d}/")), "{zone}: {path}");
            assert!(strip_tags(&page).contains(written), "{zone}: {title}");
            assert!(
                page.contains(&format!("datetime=\"{day}T01:00:00+03:00\"")),
                "{zone}"
            );
        }
    }
}

/// Issue 33, item 1: fields of the newsroom's own — front matter `[extra]`
/// (TOML) or `extra:` (YAML), raw lines named in `[raw_fields]` — reach
/// templates as `page.extra` and `item.extra`, with no warning; an unknown
/// key's warning names `extra`.
#[test]
fn custom_fields_reach_templates_as_extra() {
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nraw_fields = { \"المحرر\" = \"editor\", \"رقم العدد\" = \"issue\" }\n",
        ),
        (
            "content/toml.md",
            "+++\ntitle = \"خبر بحقول خاصة\"\ndate = 2025-11-11\n[extra]\nkicker = \"حصري\"\nvideo = \"https://example.org/v.mp4\"\n+++\nنص.\n",
        ),
        (
            "content/yaml.md",
            "---\ntitle: خبر بحقول YAML\ndate: 2025-11-10\nextra:\n  kicker: تحليل\n  rating: 4\n---\nنص.\n",
        ),
        (
            "content/raw.txt",
            "خبر من نص خام بمحرر\nتاريخ النشر: 2025-11-09\nالمحرر: سعاد الهاشمي\nرقم العدد: 512\nبيروت- نص الخبر.\n",
        ),
        (
            "content/typo.md",
            "+++\ntitle = \"خبر بمفتاح غريب\"\ndate = 2025-11-08\nkicker = \"x\"\n+++\nنص.\n",
        ),
        (
            "templates/article.html",
            "<p class=\"kicker\">{{ page.extra.kicker | default(value=\"-\") }}</p><p class=\"editor\">{{ page.extra.editor | default(value=\"-\") }}/{{ page.extra.issue | default(value=\"-\") }}</p>",
        ),
        (
            "templates/teaser.html",
            "<li class=\"teaser\">{{ item.title }} [{{ item.extra.kicker | default(value=\"\") }}]</li>",
        ),
    ]);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    for shown in [
        "<p class=\"kicker\">حصري</p>",
        "<p class=\"kicker\">تحليل</p>",
        "<p class=\"editor\">سعاد الهاشمي/512</p>",
    ] {
        page_titled_raw(&out, shown);
    }
    let (_, raw) = page_titled_raw(&out, "سعاد الهاشمي/512");
    let home = read(&out, "index.html");
    assert!(home.contains("خبر بحقول YAML [تحليل]"), "{home}");
    let warnings: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.level == sahifa::Level::Warning)
        .map(ToString::to_string)
        .collect();
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("toml.md") || w.contains("yaml.md")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("typo.md") && w.contains("page.extra.kicker")),
        "{warnings:?}"
    );
    // The raw lines are fields, not the story.
    assert!(!raw.contains("رقم العدد"), "{raw}");
}

/// The page under `out` whose HTML contains `needle`.
fn page_titled_raw(out: &std::path::Path, needle: &str) -> (String, String) {
    html_pages(out)
        .into_iter()
        .find(|(_, html)| html.contains(needle))
        .unwrap_or_else(|| panic!("no page shows {needle}"))
}

/// Issue 33, item 3: a section's articles written with its own template
/// (which reads the article's own fields), an article with one of its own,
/// and a template that is nowhere an error naming the article.
#[test]
fn sections_and_articles_choose_their_template() {
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nsections = [{ key = \"opinion\", name = \"الرأي\", template = \"opinion.html\" }]\n",
        ),
        (
            "content/opinion/column.md",
            "+++\ntitle = \"مقال عن الاقتصاد\"\ndate = 2025-11-11\n[extra]\nkicker = \"رأي\"\n+++\nنص المقال.\n",
        ),
        (
            "content/special.md",
            "+++\ntitle = \"ملف خاص\"\ndate = 2025-11-10\ntemplate = \"special.html\"\n+++\nنص.\n",
        ),
        ("content/plain.md", "+++\ntitle = \"خبر عادي\"\ndate = 2025-11-09\n+++\nنص.\n"),
        (
            "templates/opinion.html",
            "{% extends \"base.html\" %}{% block main %}<article class=\"column\"><p class=\"kicker\">{{ page.extra.kicker }}</p><h1>{{ page.title }}</h1><ol class=\"popular\">{% for story in data.most_read %}<li>{{ story.title }}</li>{% endfor %}</ol></article>{% endblock main %}",
        ),
        (
            "data/most_read.yaml",
            "- title: الأول\n  url: https://example.net/1\n- title: الثاني\n  url: https://example.net/2\n",
        ),
        ("templates/special.html", "<main class=\"special\">{{ page.title }}</main>"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, column) = page_titled_raw(
        &out,
        "<article class=\"column\"><p class=\"kicker\">رأي</p>",
    );
    assert!(
        column.contains("dir=\"rtl\""),
        "the section template extends the theme's base"
    );
    assert!(
        column.contains("<ol class=\"popular\"><li>الأول</li><li>الثاني</li></ol>"),
        "{column}"
    );
    let (_, special) = page_titled_raw(&out, "<main class=\"special\">ملف خاص</main>");
    assert!(!special.contains("<article"), "{special}");
    let (_, plain) = page_titled(&out, "خبر عادي");
    assert!(plain.contains("class=\"article-body\""), "{plain}");
    // A template that is nowhere.
    std::fs::remove_file(site.path().join("templates/special.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let outcome = sahifa::build(&options(site.path()));
    let said: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        said.iter().any(|d| d.contains("content/special.md")
            && d.contains("template «special.html», named by its front matter")),
        "{said:?}"
    );
}

/// Issue 33, item 2: data files reach every template as `data`, a broken
/// one is an error naming its line, and the front page shows «الأكثر
/// قراءة» from `data/most_read` (stories named by title and URL, or by
/// the article's file).
#[test]
fn data_files_reach_templates_and_feed_the_most_read_list() {
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/\"\n"),
        ("content/budget.md", "+++\ntitle = \"الموازنة الجديدة\"\ndate = 2025-11-11\n+++\nنص.\n"),
        ("content/other.md", "+++\ntitle = \"خبر آخر\"\ndate = 2025-11-10\n+++\nنص.\n"),
        (
            "data/most_read.yaml",
            "- budget.md\n- title: تقرير من موقع آخر\n  url: https://example.net/report\n- missing.md\n",
        ),
        ("data/ads/top.toml", "slot = \"leaderboard\"\n"),
        (
            "templates/teaser.html",
            "<li class=\"teaser\">{{ item.title }} ({{ data.ads.top.slot }})</li>",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let home = read(&out, "index.html");
    let most_read = home
        .split("<ol class=\"most-read\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_else(|| panic!("no most-read list: {home}"));
    assert!(most_read.contains(">الموازنة الجديدة</a>"), "{most_read}");
    assert!(
        most_read.contains("href=\"https://example.net/report\""),
        "{most_read}"
    );
    assert_eq!(most_read.matches("<li>").count(), 2, "{most_read}");
    assert!(home.contains("خبر آخر (leaderboard)"), "{home}");
    // Every article page shows the list too (the compiled theme writes them).
    let (_, article) = page_titled(&out, "خبر آخر");
    assert!(article.contains("<ol class=\"most-read\">"), "{article}");
    assert!(article.contains(">الموازنة الجديدة</a>"), "{article}");
    // A broken data file: its line named, the rest builds.
    write(
        &site.path().join("data/broken.json"),
        b"{\n  \"a\": 1,\n  \"b\":\n}\n",
    );
    let outcome = sahifa::build(&options(site.path()));
    let broken = diagnostic_about(&outcome, "broken.json");
    assert_eq!(broken.line, Some(4), "{broken}");
    assert!(broken.message.contains("left out"), "{broken}");
}

/// Issue 33, item 5: embeds come from shortcodes and raw address lines
/// only (raw `<iframe>` stays refused), as a card with the player's
/// address kept for the click; `embeds = "direct"` shows the player; a
/// site shortcode is its template; an unknown one is a warning on its line.
#[test]
fn embeds_come_from_shortcodes_and_address_lines_only() {
    let files = [
        (
            "content/a.md",
            "+++\ntitle = \"مقطع من المؤتمر\"\ndate = 2025-11-11\n+++\nبيروت- نص الخبر.\n{{ vimeo(id=\"76979871\") }}\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n```\n{{ youtube(id=\"dQw4w9WgXcQ\") }}\n```\n\n{{ ticker(text=\"عاجل: <خبر>\") }}\n\n{{ nowhere(a=1) }}\n\n{{ instagram(url=\"https://example.com/p/x\") }}\n",
        ),
        (
            "content/b.txt",
            "خبر فيه مقطع\nتاريخ النشر: 2025-11-10 10:00\nدمشق- نص الخبر الأول.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\nhttps://example.com/not-a-provider\nفقرة بعد المقطع.\n",
        ),
        (
            "templates/shortcodes/ticker.html",
            "<div class=\"ticker\">{{ text }} ({{ nth }})</div>",
        ),
    ];
    let mut all = vec![("site.toml", "base_url = \"https://example.org/\"\n")];
    all.extend_from_slice(&files);
    let site = site(&all);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, md) = page_titled(&out, "مقطع من المؤتمر");
    let body = md
        .split("<div class=\"article-body\">")
        .nth(1)
        .and_then(|rest| rest.split("<section class=\"share\"").next())
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        body.contains("data-player=\"https://player.vimeo.com/video/76979871?autoplay=1\""),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://vimeo.com/76979871\""),
        "{body}"
    );
    assert!(
        !body.contains("<iframe"),
        "no iframe before the click: {body}"
    );
    assert!(!body.contains("evil.example"), "{body}");
    assert!(
        body.contains("<code>{{ youtube(id=\"dQw4w9WgXcQ\") }}"),
        "code stays code: {body}"
    );
    assert!(
        body.contains("<div class=\"ticker\">عاجل: &lt;خبر&gt; (1)</div>"),
        "{body}"
    );
    assert!(body.contains("<script>"), "the card's script: {body}");
    let unknown = diagnostic_about(&outcome, "content/a.md:16");
    assert!(unknown.message.contains("`nowhere`"), "{unknown}");
    let malformed = diagnostic_about(&outcome, "content/a.md:18");
    assert!(malformed.message.contains("instagram"), "{malformed}");
    // Raw text: the provider's address is an embed, another address stays debris.
    let (_, raw) = page_titled(&out, "خبر فيه مقطع");
    assert!(
        raw.contains("class=\"embed embed-youtube embed-video\""),
        "{raw}"
    );
    assert!(raw.contains("<p>فقرة بعد المقطع.</p>"), "{raw}");
    assert!(!raw.contains("example.com/not-a-provider"), "{raw}");
    // Feeds carry the card, never the script.
    let feed = read(&out, "atom.xml");
    assert!(
        feed.contains("embed-card") && !feed.contains("&lt;script"),
        "{feed}"
    );
    // `embeds = "direct"`: the player at once, loaded lazily.
    let mut direct = vec![(
        "site.toml",
        "base_url = \"https://example.org/\"\nembeds = \"direct\"\n",
    )];
    direct.extend_from_slice(&files);
    let direct = crate::common::site(&direct);
    build_ok(&options(direct.path()));
    let (_, raw) = page_titled(&direct.path().join("public"), "خبر فيه مقطع");
    assert!(
        raw.contains(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ),
        "{raw}"
    );
    assert!(raw.contains("loading=\"lazy\""), "{raw}");
}

/// Issue 34, item 1: the site's own pages (`pages/`, Markdown or raw text,
/// no date) are published at `/{slug}/`, linked from the footer in
/// `[[footer]]`'s order and words, listed in the sitemap and nowhere a
/// story is; a page at a path the site generates is refused, named.
#[test]
fn the_sites_own_pages_are_published_outside_the_news() {
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nsections = [{ key = \"economy\", name = \"اقتصاد\" }]\nfooter = [{ page = \"contact\", label = \"راسلونا\" }, { page = \"about\" }]\n",
        ),
        (
            "content/economy/a.md",
            "+++\ntitle = \"الموازنة الجديدة\"\ndate = 2025-11-11\n+++\nبيروت- نص الخبر.\n",
        ),
        (
            "pages/about.md",
            "+++\ntitle = \"من نحن\"\ndescription = \"صحيفة مستقلة\"\n[extra]\nfounded = 2010\n+++\nصحيفة **مستقلة**.\n",
        ),
        ("pages/contact.txt", "اتصل بنا\nالهاتف: 123\n"),
        ("pages/privacy.md", "+++\ntitle = \"سياسة الخصوصية\"\n+++\nنص.\n"),
        ("pages/archive.md", "+++\ntitle = \"أرشيفنا\"\n+++\nنص.\n"),
        (
            "pages/econ.md",
            "+++\ntitle = \"عن قسم الاقتصاد\"\nslug = \"economy\"\n+++\nنص.\n",
        ),
    ]);
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");
    let about = read(&out, "about/index.html");
    assert!(about.contains("<h1>من نحن</h1>"), "{about}");
    assert!(about.contains("<strong>مستقلة</strong>"), "{about}");
    assert!(
        about.contains("<link rel=\"canonical\" href=\"https://example.org/about/\">"),
        "{about}"
    );
    let contact = read(&out, "contact/index.html");
    assert!(contact.contains("<p>الهاتف: 123</p>"), "{contact}");
    assert!(out.join("privacy/index.html").is_file());
    // The footer: in the settings' order and words, on every page.
    let home = read(&out, "index.html");
    let footer = "<ul class=\"footer-pages\"><li><a href=\"/contact/\">راسلونا</a></li><li><a href=\"/about/\">من نحن</a></li></ul>";
    assert!(home.contains(footer), "{home}");
    let (_, article) = page_titled(&out, "الموازنة الجديدة");
    assert!(article.contains(footer), "{article}");
    // In the sitemap; nowhere a story is.
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/about/</loc>"),
        "{sitemap}"
    );
    for file in ["atom.xml", "rss.xml", "feed.json", "news-sitemap.xml"] {
        let text = read(&out, file);
        assert!(
            !text.contains("/about/") && !text.contains("من نحن"),
            "{file}: {text}"
        );
    }
    let month = read(&out, "2025/11/index.html");
    let teasers = month
        .split("<ol class=\"teasers\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_default();
    assert!(
        teasers.contains("الموازنة الجديدة") && !teasers.contains("من نحن"),
        "{month}"
    );
    // Refused where the site has a page of its own, the collision named.
    let archive = diagnostic_about(&outcome, "pages/archive.md");
    assert!(archive.message.contains("/archive/"), "{archive}");
    let econ = diagnostic_about(&outcome, "pages/econ.md");
    assert!(econ.message.contains("the section «اقتصاد»"), "{econ}");
    assert!(read(&out, "archive/index.html").contains("الأرشيف"));
}

#[test]
fn naming_the_themes_own_article_template_builds_without_templates_of_the_sites_own() {
    // The compiled theme writes article pages and Tera does not parse
    // `article.html` then: naming it must still give the theme's page.
    let site = site(&[
        (
            "content/a.md",
            "+++\ntitle = \"خبر بقالبه\"\ndate = 2025-11-11\ntemplate = \"article.html\"\n+++\nنص.\n",
        ),
        ("content/b.md", "+++\ntitle = \"خبر آخر\"\ndate = 2025-11-10\n+++\nنص.\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, named) = page_titled(&out, "خبر بقالبه");
    let (_, plain) = page_titled(&out, "خبر آخر");
    assert!(
        named.contains("<div class=\"article-body\">")
            && plain.contains("<div class=\"article-body\">")
    );
}
