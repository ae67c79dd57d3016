//! What readers see and editors sign: the site's words (`[strings]`,
//! `strings.toml`, CLDR plural forms), slugs, Hijri dates, the front page
//! and the article page's furniture.

use crate::common::*;

const FIRST: &str = "دمشق تعلن توقيع إعلان تعاون\nتاريخ النشر: 2025-11-11\nدمشق- نص.\n\nإقرأ أيضاً:\nخبر قديم عن الاقتصاد\n";
const OLDER: &str = "خبر قديم عن الاقتصاد\nتاريخ النشر: 2025-11-08\nنص قديم.\n";

#[test]
fn strings_in_site_toml_replace_the_words_on_every_page() {
    let site = site(&[
        ("content/a.txt", FIRST),
        ("content/b.txt", OLDER),
        (
            "site.toml",
            "[strings]\nread_also = \"اقرأ المزيد\"\nhome = \"البداية\"\n\
             archive_count = { two = \"خبران اثنان محفوظان\", other = \"{n} خبر\" }\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, article) = page_titled(&out, "دمشق تعلن توقيع إعلان تعاون");
    assert!(article.contains(">اقرأ المزيد<"), "the override is used");
    assert!(!article.contains("اقرأ أيضاً"), "and the default is gone");
    assert!(article.contains(">البداية</a>"), "in the masthead too");
    let (_, older) = page_titled(&out, "خبر قديم عن الاقتصاد");
    assert!(
        older.contains(">أخبار ذات صلة<"),
        "the others keep their defaults"
    );
    assert!(read(&out, "archive/index.html").contains("خبران اثنان محفوظان"));
}

#[test]
fn a_strings_file_beside_site_toml_is_read_and_site_toml_wins() {
    let site = site(&[
        ("content/a.txt", FIRST),
        ("content/b.txt", OLDER),
        (
            "strings.toml",
            "read_also = \"من الملف\"\nrelated = \"ذو صلة من الملف\"\n",
        ),
        ("site.toml", "[strings]\nread_also = \"من site.toml\"\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, first) = page_titled(&out, "دمشق تعلن توقيع إعلان تعاون");
    assert!(first.contains(">من site.toml<"));
    let (_, older) = page_titled(&out, "خبر قديم عن الاقتصاد");
    assert!(
        older.contains(">ذو صلة من الملف<"),
        "the backlinks' heading"
    );
}

#[test]
fn an_unknown_string_is_an_error_that_names_the_file_and_the_key_meant() {
    let site = site(&[
        ("content/a.txt", FIRST),
        ("strings.toml", "read_alsoo = \"x\"\n"),
    ]);
    let outcome = sahifa::build(&options(site.path()));
    assert!(outcome.failed());
    let said: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        said.iter()
            .any(|d| d.contains("strings.toml") && d.contains("`read_also`")),
        "{said:#?}"
    );
}

#[test]
fn term_counts_take_the_arabic_plural_form() {
    let article = |n: usize| {
        format!(
            "خبر رقم {n} للاختبار\nتاريخ النشر: 2025-11-{:02}\nالمصدر: وكالة الأنباء\nنص.\n",
            n % 28 + 1
        )
    };
    let mut files: Vec<(String, String)> = (0..11)
        .map(|n| (format!("content/{n}.txt"), article(n)))
        .collect();
    files.push((
        "content/other.txt".into(),
        "خبر من مصدر آخر\nتاريخ النشر: 2025-11-01\nالمصدر: رويترز\nنص.\n".into(),
    ));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = site(&borrowed);
    build_ok(&options(site.path()));
    let sources = read(&site.path().join("public"), "sources/index.html");
    assert!(sources.contains("(11 خبرًا)"), "{sources}");
    assert!(sources.contains("(خبر واحد)"), "{sources}");
    assert!(!sources.contains("مقالاً"));
}

#[test]
fn a_latin_led_title_is_marked_right_to_left_wherever_no_dir_reaches_it() {
    let site = site(&[(
        "content/a.txt",
        "Apple تطلق iPhone 17 في الرياض\nتاريخ النشر: 2025-11-11\nالرياض- نص.\n",
    )]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (rel, page) = page_titled(&out, "Apple تطلق iPhone 17 في الرياض");
    let marked = "\u{200F}Apple تطلق iPhone 17 في الرياض";
    assert!(
        page.contains(&format!("<title>{marked} |")),
        "the browser tab"
    );
    assert!(page.contains(&format!("property=\"og:title\" content=\"{marked}\"")));
    assert!(
        page.contains(&format!("\"headline\":\"{marked}\"")),
        "JSON-LD"
    );
    assert!(read(&out, "atom.xml").contains(&format!("<title>{marked}</title>")));
    assert!(read(&out, "rss.xml").contains(&format!("<title>{marked}</title>")));
    assert!(read(&out, "feed.json").contains(&format!("\"title\": \"{marked}\"")));
    // On the page itself `dir` reaches the heading: no mark in the text.
    assert!(page.contains("<h1>Apple تطلق"), "{rel}");
}
