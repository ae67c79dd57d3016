//! Scraped pages as an editor meets them: from inside the site folder,
//! `check` lists the debris left out of each story with its line and
//! reason, the pages carry the story alone, and `--keep-debris` keeps it
//! all. (The line-by-line figures are the library's own test over
//! `tests/fixtures/scraped`.)

use std::path::Path;

use crate::common::*;

/// A site of one scraped portal's three pages (`tests/fixtures/scraped/nile`).
fn nile_site() -> tempfile::TempDir {
    let site = site(&[("site.toml", "base_url = \"https://news.example/\"\n")]);
    copy_dir(
        &repo().join("tests/fixtures/scraped/nile"),
        &site.path().join("content/nile"),
    );
    for entry in std::fs::read_dir(site.path().join("content/nile"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "expect") {
            std::fs::remove_file(entry.path()).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    site
}

fn page_of(out: &Path, title: &str) -> String {
    page_titled(out, title).1
}

#[test]
fn check_lists_each_line_left_out_and_why() {
    let site = nile_site();
    let out = sahifa_in(site.path(), &["check"]);
    let text = printed(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("page debris left out of raw text (3)"),
        "{text}"
    );
    assert!(text.contains("content/nile/01.txt:2:"), "{text}");
    for listed in [
        "line 2 (menu): «• الرئيسية»",
        "line 7 (menu): «18 حجم الخط»",
        "line 16 (comments): «لن يتم نشر عنوان بريدك",
    ] {
        assert!(text.contains(listed), "{listed} not in: {text}");
    }
    let json = sahifa_in(site.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    let debris: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["kind"] == "debris")
        .collect();
    assert_eq!(debris.len(), 3, "{report}");
    let lines = debris[0]["data"]["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        lines
            .iter()
            .any(|l| l["reason"] == "share" && l["text"] == "فيسبوك تويتر واتساب تلغرام"),
        "{lines:?}"
    );
}

#[test]
fn the_pages_carry_the_story_alone_unless_asked() {
    let site = nile_site();
    let built = sahifa_in(site.path(), &["build"]);
    assert!(built.status.success(), "{}", printed(&built));
    // `build` counts the debris in one line; `check` lists it.
    assert!(
        printed(&built).contains("page debris left out of raw text (3)"),
        "{}",
        printed(&built)
    );
    let out = site.path().join("public");
    let page = page_of(&out, "الحكومة تعلن خطة لتطوير النقل النهري بين المحافظات");
    for gone in [
        "• الرئيسية",
        "حجم الخط",
        "لن يتم نشر",
        "فيسبوك تويتر",
        "كتب : أحمد سليم",
    ] {
        assert!(!page.contains(gone), "{gone} published");
    }
    assert!(
        page.contains("<meta name=\"description\" content=\"أعلنت وزارة النقل"),
        "the description is the first real paragraph"
    );
    assert!(
        page.contains("أحمد سليم"),
        "the byline under the lead is the byline"
    );
    assert!(page.contains("تفاصيل الخطة"), "a crosshead stays");

    let kept = sahifa_in(site.path(), &["build", "--keep-debris"]);
    assert!(kept.status.success(), "{}", printed(&kept));
    let page = page_of(&out, "الحكومة تعلن خطة لتطوير النقل النهري بين المحافظات");
    assert!(
        page.contains("لن يتم نشر عنوان بريدك"),
        "--keep-debris keeps every line"
    );
}

#[test]
fn a_relative_date_is_dated_from_the_file_and_said_so() {
    let site = site(&[
        ("site.toml", "base_url = \"https://news.example/\"\ntimezone = \"+03:00\"\n"),
        ("content/a.txt", "ارتفاع أسعار الغاز في صنعاء\nمنذ ساعتين\nصنعاء - شهدت الأسواق ارتفاعاً في أسعار الغاز المنزلي للمرة الثانية خلال شهر.\n"),
    ]);
    let file = site.path().join("content/a.txt");
    let time = chrono::DateTime::parse_from_rfc3339("2025-03-02T14:30:00+03:00")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(std::time::SystemTime::from(time)))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    let text = printed(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("content/a.txt:2: the date «منذ ساعتين» is relative: dated 2025-03-02 12:30"),
        "{text}"
    );
    assert!(text.contains("modification time"), "{text}");
    assert!(
        site.path().join("public/2025/03/02").is_dir(),
        "dated the day the file says"
    );
}
