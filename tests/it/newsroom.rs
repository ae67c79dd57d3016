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
        "9:56 م</time>",
        "آخر تحديث: <time datetime=\"2021-04-15T10:05:00+03:00\">15 أبريل 2021 10:05 ص</time>",
        "كتب: <span class=\"author\">زياد القحطاني</span>",
        "<li>الهجرة غير النظامية</li>",
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
    assert!(!plain.contains(" ص</time>") && !plain.contains(" م</time>"));
    assert!(!plain.contains("class=\"tags\"") && !plain.contains("class=\"updated\""));
    let (_, timed) = page_titled(&out, "خبر بساعة");
    assert!(timed.contains("8:05 ص</time>"), "{timed}");
    assert!(timed.contains("<span class=\"author\">سعاد</span>، <span class=\"author\">علي</span>"));
    assert!(timed.contains("<li>سياسة</li>"));
}
