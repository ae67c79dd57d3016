//! The newsroom's metadata on the page: times of day, updates, bylines and
//! tags, from raw text and from front matter.

use crate::common::*;

const RAW: &str = "الأمم المتحدة تناقش مع وفد بريطاني الهجرة غير النظامية
تاريخ النشر: 14 أبريل 2021 - 09:56 م
آخر تحديث: 15 أبريل 2021 - 10:05 ص
كتب: زياد القحطاني
طهران- أكد وزير الاقتصاد الإيراني أن المحادثات مستمرة.
المصدر: شبكة الأمة برس
الوسوم: الهجرة غير النظامية، الأمم المتحدة
";

#[test]
fn the_article_page_shows_time_update_byline_and_tags() {
    let site = site(&[
        ("content/economy/000113.txt", RAW),
        (
            "site.toml",
            "timezone = \"+03:00\"\nbase_url = \"https://example.org/\"\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let (_, page) = page_titled(
        &site.path().join("public"),
        "الأمم المتحدة تناقش مع وفد بريطاني الهجرة غير النظامية",
    );
    for shown in [
        "datetime=\"2021-04-14T21:56:00+03:00\"",
        "9:56 مساءً</time>",
        "آخر تحديث: <time datetime=\"2021-04-15T10:05:00+03:00\">15 أبريل 2021، 10:05 صباحاً</time>",
        "\">زياد القحطاني</a></span>",
        "\">الهجرة غير النظامية</a></li>",
        "<a href=\"/tags/",
        "<a href=\"/authors/",
        "<a href=\"/economy/\">economy</a>",
        "\"articleSection\":\"economy\"",
        "\"author\":[{\"@type\":\"Person\",\"name\":\"زياد القحطاني\"}]",
        "\"dateModified\":\"2021-04-15T10:05:00+03:00\"",
    ] {
        assert!(page.contains(shown), "no {shown} in the page");
    }
    assert!(!page.contains("الوسوم:"), "the tag line is not body text");
}

#[test]
fn a_date_without_a_time_shows_no_time() {
    let site = site(&[
        ("content/a.txt", "خبر بلا ساعة\nتاريخ النشر: 11 نوفمبر 2025\nنص.\n"),
        (
            "content/b.md",
            "+++\ntitle = \"خبر بساعة\"\ndate = 2025-11-12T08:05:00+03:00\nauthors = [\"سعاد\", \"علي\"]\ntags = [\"سياسة\"]\n+++\nنص.\n",
        ),
        ("site.toml", "timezone = \"+03:00\"\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, plain) = page_titled(&out, "خبر بلا ساعة");
    assert!(!plain.contains("صباحاً</time>") && !plain.contains("مساءً</time>"));
    assert!(!plain.contains("class=\"tags\"") && !plain.contains("class=\"updated\""));
    let (_, timed) = page_titled(&out, "خبر بساعة");
    assert!(
        timed.contains("الأربعاء، 12 نوفمبر 2025، 8:05 صباحاً</time>"),
        "{timed}"
    );
    assert!(
        timed.contains("\">سعاد</a></span> و<span class=\"author\"><a href=\"/authors/"),
        "{timed}"
    );
    assert!(timed.contains("\">سياسة</a></li>"));
}

/// A story dated after now is embargoed: left out (with a note, which
/// `--strict` does not count), built with `--future`, and published by the
/// first build after its time even though no file changed since. The clock
/// is `SOURCE_DATE_EPOCH`'s, as a reproducible build sets it.
/// The date line as a desk editor signs it (issue 31, item 6): the Hijri
/// date first with its month in the genitive after the number, one «م» (the
/// era's), the time in words, and the update on a line of its own after the
/// city and the source.
#[test]
fn the_date_line_reads_as_an_editor_signs_it() {
    let site = site(&[
        (
            "content/a.txt",
            "مجلس الوزراء يقر موازنة العام المقبل\nتاريخ النشر: 23 يونيو 2025 - 06:55 م\n\
             آخر تحديث: 25 يونيو 2025 - 09:48 ص\nالرياض - أقر مجلس الوزراء موازنة العام المقبل.\n\
             المصدر: واس\n",
        ),
        ("site.toml", "timezone = \"+03:00\"\nhijri = true\n"),
    ]);
    build_ok(&options(site.path()));
    let (_, page) = page_titled(
        &site.path().join("public"),
        "مجلس الوزراء يقر موازنة العام المقبل",
    );
    let meta = page
        .split("<p class=\"meta\">")
        .nth(1)
        .and_then(|m| m.split("</p>").next())
        .unwrap_or_default();
    let text = strip_tags(meta);
    assert!(
        text.starts_with("الاثنين 27 ذي الحجة 1446 هـ - 23 يونيو 2025 م، 6:55 مساءً "),
        "{text}"
    );
    assert!(
        text.ends_with(" آخر تحديث: 25 يونيو 2025، 9:48 صباحاً"),
        "{text}"
    );
    let city = meta.find("class=\"city\"").unwrap_or(usize::MAX);
    let updated = meta.find("class=\"updated\"").unwrap_or(0);
    assert!(
        city < updated,
        "the update comes last, on its own line: {meta}"
    );
}

#[test]
fn scheduled_stories_wait_for_their_time() {
    let site = site(&[
        ("content/a.txt", "خبر منشور\nتاريخ النشر: 2025-11-11\nنص.\n"),
        (
            "content/b.txt",
            "خبر مجدول للنشر\nتاريخ النشر: 2025-11-12T18:00:00+03:00\nنص.\n",
        ),
        ("site.toml", "base_url = \"https://example.org/\"\n"),
    ]);
    let seconds = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .unwrap_or_else(|e| panic!("{at}: {e}"))
            .timestamp()
            .to_string()
    };
    let build_at = |at: &str, args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sahifa"))
            .current_dir(site.path())
            .env("SOURCE_DATE_EPOCH", seconds(at))
            .arg("build")
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run sahifa: {e}"));
        assert!(output.status.success(), "{}", printed(&output));
        printed(&output)
    };
    let before = "2025-11-12T17:59:00+03:00";
    let said = build_at(before, &["--strict"]);
    assert!(
        said.contains("note: content/b.txt: scheduled for 2025-11-12 15:00 +00:00"),
        "{said}"
    );
    assert!(
        said.contains("built 1 article, ") && said.contains("1 note"),
        "{said}"
    );
    let home = || read(&site.path().join("public"), "index.html");
    assert!(!home().contains("خبر مجدول للنشر"));
    // Nothing changed and the story is not due: the output stands.
    let again = build_at(before, &[]);
    assert!(again.contains("is up to date"), "{again}");
    // --now decides what now is.
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let elsewhere = out.path().join("site").to_string_lossy().to_string();
    let with_now = sahifa_in(
        site.path(),
        &[
            "build",
            "--now",
            "2025-11-13T00:00:00+03:00",
            "--output",
            &elsewhere,
        ],
    );
    assert!(
        printed(&with_now).contains("built 2 articles"),
        "{}",
        printed(&with_now)
    );
    let future = sahifa_in(site.path(), &["check", "--future"]);
    assert!(
        printed(&future).contains("checked 2 articles"),
        "{}",
        printed(&future)
    );
    // Once due, the next build publishes it: the cache knows when.
    let due = build_at("2025-11-12T18:00:01+03:00", &[]);
    assert!(due.contains("built 2 articles"), "{due}");
    assert!(home().contains("خبر مجدول للنشر"));
}

/// `serve` previews scheduled stories, marked as such.
#[test]
fn serve_shows_scheduled_stories_marked() {
    let next_year = chrono::Utc::now() + chrono::Duration::days(365);
    let site = site(&[(
        "content/b.txt",
        &format!(
            "خبر مستقبلي\nتاريخ النشر: {}\nنص.\n",
            next_year.format("%Y-%m-%d")
        ),
    )]);
    let server = crate::common::serve::Server::start_in(site.path(), None, &["--port", "0"]);
    let home = crate::common::serve::wait_for(server.port, "/", "خبر مستقبلي").text();
    let href = home
        .split("<a href=\"")
        .find(|part| part.contains("\">خبر مستقبلي<"))
        .and_then(|part| part.split('"').next())
        .unwrap_or_else(|| panic!("no link to the story in {home}"));
    let page = crate::common::serve::get(server.port, href).text();
    assert!(page.contains("class=\"scheduled\""), "{page}");
}

/// Scraped boilerplate: related-links headers of public scrapers open a
/// read-also list; page furniture is dropped from the body and reported
/// once for the whole site; `site.toml` adds lines of its own.
#[test]
fn scraped_boilerplate_is_not_body_text() {
    let article = |title: &str, extra: &str| {
        format!(
            "{title}\nتاريخ النشر: 2025-11-11\nالأكثر قراءة\nعمّان- نص الخبر الأول.\n\
             إستمع للمقال\n{extra}تابعوا آخر أخبار الأردن عبر تطبيقنا\nمواضيع متعلقة\nخبر ثان عن الرياضة\n"
        )
    };
    let site = site(&[
        (
            "content/a.txt",
            &article("خبر أول عن الاقتصاد", "اشترك في نشرتنا اليومية\n"),
        ),
        ("content/b.txt", &article("خبر ثان عن الرياضة", "")),
        ("site.toml", "furniture = [\"اشترك في نشرتنا\"]\n"),
    ]);
    let out = sahifa_in(site.path(), &["build"]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    let notes: Vec<&str> = said.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(notes.len(), 1, "one line for the site: {said}");
    assert!(notes[0].contains("in 2 files"), "{}", notes[0]);
    assert!(notes[0].contains("«الأكثر قراءة» ×2"), "{}", notes[0]);
    assert!(
        notes[0].contains("«اشترك في نشرتنا اليومية» ×1"),
        "{}",
        notes[0]
    );
    let (_, page) = page_titled(&site.path().join("public"), "خبر أول عن الاقتصاد");
    let body = page
        .split("class=\"article-body\"")
        .nth(1)
        .unwrap_or_default();
    let body = body.split("</div>").next().unwrap_or_default();
    for furniture in [
        "الأكثر قراءة",
        "إستمع للمقال",
        "تابعوا آخر",
        "اشترك",
        "مواضيع متعلقة",
    ] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
    // «مواضيع متعلقة» opened a read-also list that links the other story.
    assert!(page.contains("class=\"read-also\""), "{page}");
    assert!(page.contains(">خبر ثان عن الرياضة</a>"), "{page}");
}

/// `timezone = "Asia/Beirut"`: a winter and a summer story at ten in the
/// morning local time carry their own offsets, and show the local time.
#[test]
fn a_named_time_zone_follows_daylight_saving_time() {
    let site = site(&[
        (
            "content/a.txt",
            "خبر الشتاء\nتاريخ النشر: 15 يناير 2025 - 10:00 ص\nنص.\n",
        ),
        (
            "content/b.txt",
            "خبر الصيف\nتاريخ النشر: 15 يوليو 2025 - 10:00 ص\nنص.\n",
        ),
        ("site.toml", "timezone = \"Asia/Beirut\"\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, winter) = page_titled(&out, "خبر الشتاء");
    assert!(
        winter.contains("datetime=\"2025-01-15T10:00:00+02:00\""),
        "{winter}"
    );
    assert!(winter.contains("10:00 صباحاً</time>"));
    let (_, summer) = page_titled(&out, "خبر الصيف");
    assert!(
        summer.contains("datetime=\"2025-07-15T10:00:00+03:00\""),
        "{summer}"
    );
    assert!(summer.contains("10:00 صباحاً</time>"));
}

/// A section folder not in `site.toml` (a typo) is a section named after
/// itself, reported once however many articles it holds.
#[test]
fn an_unknown_section_is_reported_once() {
    let site = site(&[
        ("content/politics/a.txt", "خبر سياسي\nتاريخ النشر: 2025-11-11\nنص.\n"),
        ("content/sprots/b.txt", "خبر رياضي\nتاريخ النشر: 2025-11-11\nنص.\n"),
        ("content/sprots/c.txt", "خبر رياضي آخر\nتاريخ النشر: 2025-11-12\nنص.\n"),
        (
            "site.toml",
            "[[sections]]\nkey = \"politics\"\nname = \"سياسة\"\n\n[[sections]]\nkey = \"sports\"\nname = \"رياضة\"\n",
        ),
    ]);
    let out = sahifa_in(site.path(), &["build"]);
    let said = printed(&out);
    assert_eq!(said.matches("section «sprots»").count(), 1, "{said}");
    let home = read(&site.path().join("public"), "index.html");
    for section in [
        "/politics/\">سياسة</a>",
        "/sports/\">رياضة</a>",
        "/sprots/\">sprots</a>",
    ] {
        assert!(home.contains(section), "{section} in the masthead: {home}");
    }
    let listing = read(&site.path().join("public"), "sprots/index.html");
    assert!(listing.contains("خبر رياضي آخر") && listing.contains(">خبر رياضي<"));
}

/// A story that comes due while `serve` runs loses its scheduled mark at
/// that moment, with no file changed. `--now` holds the clock two seconds
/// before the story's time until the preview is served: the mark is there
/// however long the start took, and gone once the story is due.
#[test]
fn serve_publishes_a_scheduled_story_when_it_comes_due() {
    let site = site(&[(
        "content/b.txt",
        "خبر يحين موعده\nتاريخ النشر: 2025-11-12T18:00:00+03:00\nنص.\n",
    )]);
    let server = crate::common::serve::Server::start_in(
        site.path(),
        None,
        &["--port", "0", "--now", "2025-11-12T17:59:58+03:00"],
    );
    let home = crate::common::serve::wait_for(server.port, "/", "خبر يحين موعده").text();
    let href = home
        .split("<a href=\"")
        .find(|part| part.contains("\">خبر يحين موعده<"))
        .and_then(|part| part.split('"').next())
        .unwrap_or_else(|| panic!("no link to the story in {home}"))
        .to_string();
    let page = || crate::common::serve::get(server.port, &href).text();
    assert!(page().contains("class=\"scheduled\""));
    server.wait_line("a scheduled story is due");
    assert!(!page().contains("class=\"scheduled\""), "{}", page());
}
