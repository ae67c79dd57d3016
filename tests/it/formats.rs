//! The newsroom's formats beyond the dated story (issue 34): live coverage
//! and galleries, built and read from their pages, their structured data
//! checked as data.

use std::path::Path;

use crate::common::*;

/// The structured data of `page` whose `@type` is `kind`.
fn json_ld(page: &str, kind: &str) -> serde_json::Value {
    page.split("<script type=\"application/ld+json\">")
        .skip(1)
        .filter_map(|s| s.split("</script>").next())
        .filter_map(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        .find(|v| v["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {page}"))
}

/// Live coverage as a desk writes it (ongoing, in Markdown) and as a
/// scraper captures it (ended, in raw text).
fn live_site() -> tempfile::TempDir {
    site(&[
        (
            "site.toml",
            "title = \"موقع\"\nbase_url = \"https://example.org/\"\nsections = [{ key = \"politics\", name = \"سياسة\" }]\n",
        ),
        (
            "content/live.md",
            "+++\ntitle = \"الانتخابات البلدية: النتائج أولاً بأول\"\ndate = 2025-11-12T18:00:00+03:00\nsection = \"politics\"\nlive = true\nlive_end = 2099-01-01T00:00:00+03:00\n[[updates]]\ntime = \"19:15\"\ntext = \"أغلقت مراكز الاقتراع أبوابها.\"\n+++\nتونس - تتابع هذه الصفحة فرز الأصوات.\n\n## 00:20 النتائج الأولى\n\nأعلنت الهيئة النتائج الأولى بعد منتصف الليل.\n\n## 18:30\n\nبدأ الفرز.\n",
        ),
        (
            "content/ended.txt",
            "مباشر | قمة القاهرة.. القادة يصلون\nتاريخ النشر: 2025-11-10 21:00\nالقاهرة - تنطلق الليلة قمة إقليمية.\nشارك\n22:40 - انتهت التغطية المباشرة.\n21:05 - بدء توافد الوفود.\nالمصدر: وكالات\n",
        ),
        (
            "content/story.txt",
            "خبر عادي\nتاريخ النشر: 2025-11-11 10:00\nالرباط - نص الخبر.\n",
        ),
    ])
}

#[test]
fn live_coverage_is_timed_entries_newest_first_labelled_while_it_goes_on() {
    let site = live_site();
    build_ok(&options(site.path()));
    let out = site.path().join("public");

    let (_, page) = page_titled(&out, "الانتخابات البلدية: النتائج أولاً بأول");
    assert!(page.contains("<p class=\"live-label\">مباشر</p>"), "{page}");
    let entries: Vec<&str> = page
        .split("<li id=\"update-")
        .skip(1)
        .map(|e| e.split('"').next().unwrap_or_default())
        .collect();
    // Newest first; the midnight entry is of the next day.
    assert_eq!(entries, ["20251113-0020", "20251112-1915", "20251112-1830"]);
    assert!(
        page.contains(
            "<a href=\"#update-20251113-0020\"><time datetime=\"2025-11-13T00:20:00+03:00\">"
        ),
        "each entry links to itself: {page}"
    );
    assert!(page.contains("النتائج الأولى</h3>"), "{page}");
    let body = page
        .split("<div class=\"article-body\">")
        .nth(1)
        .and_then(|b| b.split("</div>").next())
        .unwrap_or_default();
    assert!(
        body.contains("فرز الأصوات") && !body.contains("بدأ الفرز"),
        "{body}"
    );
    // «آخر تحديث» and dateModified are the latest entry.
    assert!(
        page.contains(
            "<span class=\"updated\">آخر تحديث: <time datetime=\"2025-11-13T00:20:00+03:00\">"
        ),
        "{page}"
    );
    let ld = json_ld(&page, "LiveBlogPosting");
    assert_eq!(ld["coverageStartTime"], "2025-11-12T18:00:00+03:00", "{ld}");
    assert_eq!(ld["coverageEndTime"], "2099-01-01T00:00:00+03:00", "{ld}");
    assert_eq!(ld["dateModified"], "2025-11-13T00:20:00+03:00", "{ld}");
    let updates = ld["liveBlogUpdate"].as_array().cloned().unwrap_or_default();
    assert_eq!(updates.len(), 3, "{ld}");
    assert_eq!(updates[0]["@type"], "BlogPosting");
    assert_eq!(updates[0]["headline"], "النتائج الأولى");
    assert!(updates[1]["headline"]
        .as_str()
        .is_some_and(|h| h.contains("أغلقت مراكز الاقتراع")));
    assert!(updates[0]["url"].as_str().is_some_and(
        |u| u.starts_with("https://example.org/") && u.ends_with("#update-20251113-0020")
    ));

    // «مباشر» before its headline on the front page, its section and its day.
    let label = "<span class=\"live-label\">مباشر</span> <a href=";
    for listing in ["index.html", "politics/index.html", "2025/11/12/index.html"] {
        let html = read(&out, listing);
        assert_eq!(html.matches(label).count(), 1, "{listing}: {html}");
    }

    // Ended: no label, its end said, entries kept, the title's label gone.
    let (_, ended) = page_titled(&out, "قمة القاهرة.. القادة يصلون");
    assert!(!ended.contains("live-label"), "{ended}");
    assert!(
        ended.contains(
            "<p class=\"live-ended\">انتهت التغطية <time datetime=\"2025-11-10T22:40:00+00:00\">"
        ),
        "{ended}"
    );
    assert_eq!(ended.matches("<li id=\"update-").count(), 2);
    let ld = json_ld(&ended, "LiveBlogPosting");
    assert_eq!(ld["coverageEndTime"], "2025-11-10T22:40:00+00:00", "{ld}");
    assert!(
        ld.get("dateline").is_none(),
        "a live blog has no dateline: {ld}"
    );
    // A plain story stays a NewsArticle.
    let (_, story) = page_titled(&out, "خبر عادي");
    json_ld(&story, "NewsArticle");
    let front = read(&out, "index.html");
    assert_eq!(front.matches("live-label").count(), 1, "{front}");
}

#[test]
fn a_live_entry_is_found_by_search() {
    let site = live_site();
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"موقع\"\nsearch = true\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let index = all_text_under(&out.join("search"));
    // A word only an entry has, indexed by its stem.
    assert!(
        index.contains("اقتراع") || index.contains("الاقتراع"),
        "entries are not in the index"
    );
}

/// Every file's text under `dir`, joined.
fn all_text_under(dir: &Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// The sample site built at `now`.
fn sample_at(now: &str) -> tempfile::TempDir {
    let site = sample_site();
    let mut opts = options(site.path());
    opts.now = chrono::DateTime::parse_from_rfc3339(now).ok();
    build_ok(&opts);
    site
}

#[test]
fn listings_show_the_hour_of_the_last_days_stories_and_the_date_of_the_rest() {
    let site = sample_at("2025-11-12T12:00:00+03:00");
    let out = site.path().join("public");
    let front = read(&out, "index.html");
    // 09:15 (+03:00) three hours before: its hour (the site's zone is UTC),
    // its date kept for the script once a day has passed.
    assert!(
        front.contains("<time class=\"ago\" datetime=\"2025-11-12T09:15:00+03:00\" data-day=\"الأربعاء، 12 نوفمبر 2025\">6:15 صباحاً</time>"),
        "{front}"
    );
    // A story of two days before: its date.
    let day = read(&out, "2025/11/10/index.html");
    assert!(
        day.contains("<time datetime=\"2025-11-10T00:00:00+00:00\">الاثنين، 10 نوفمبر 2025</time>"),
        "{day}"
    );
    // The script, once a page, on the pages with recent stories only.
    assert_eq!(
        front
            .matches("<script data-numbers=\"ar-u-nu-latn\" data-forms=")
            .count(),
        1
    );
    assert!(
        front.contains("منذ {n} دقائق"),
        "the site's words, with CLDR's forms"
    );
    let older = read(&out, "page/3/index.html");
    assert!(
        !older.contains("class=\"ago\"") && !older.contains("data-forms"),
        "{older}"
    );
    // The masthead's date line: today in both calendars (hijri = true).
    assert!(
        front.contains("<p class=\"date-line\"><time datetime=\"2025-11-12\"><span class=\"hijri\">الأربعاء 21 جمادى الأولى 1447 هـ</span> - <span class=\"gregorian\">12 نوفمبر 2025 م</span></time></p>"),
        "{front}"
    );
    // Only on the front page: an article is not rebuilt every day.
    let (_, article) = page_titled(&out, "السعودية تعلن موعد انطلاق موسم الرياض");
    assert!(!article.contains("date-line"));

    // A year on: dates everywhere, no script.
    let later = sample_at("2026-11-12T12:00:00+03:00");
    let front = read(&later.path().join("public"), "index.html");
    assert!(
        !front.contains("class=\"ago\"") && !front.contains("data-forms"),
        "{front}"
    );
    assert!(front
        .contains("<time datetime=\"2025-11-12T09:15:00+03:00\">الأربعاء، 12 نوفمبر 2025</time>"));
}

#[test]
fn without_hijri_there_is_no_date_line() {
    let site = sample_site();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap_or_default();
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace("hijri = true", "hijri = false"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(site.path()));
    let front = read(&site.path().join("public"), "index.html");
    assert!(
        front.contains("lead-story") && !front.contains("date-line"),
        "{front}"
    );
}
