//! The compiled theme against the templates it stands for: every page of
//! several sites rendered both ways, byte for byte.

use std::path::Path;

use super::{prepare, Request, Timings};
use crate::render::publish::serde_reference::json_feed_by_serde;
use crate::render::{jobs, render_page, Contexts, Feed, FeedFormat, Job};
use crate::report::Report;

/// Renders `root`'s site both ways and fails at the first page that
/// differs, showing where. Returns how many pages the compiled theme wrote.
fn same_both_ways(root: &Path) -> usize {
    same_both_ways_at(root, None)
}

/// [`same_both_ways`] with "now" at `now` (`--now`).
fn same_both_ways_at(root: &Path, now: Option<&str>) -> usize {
    let mut report = Report::default();
    // Pictures processed (into a cache of their own), so pages show them.
    let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let request = Request {
        fingerprint: true,
        picture_cache: Some(cache.path().join("public")),
        overrides: crate::settings::Overrides {
            now: now
                .map(|n| chrono::DateTime::parse_from_rfc3339(n).unwrap_or_else(|e| panic!("{e}"))),
            ..Default::default()
        },
        ..Request::default()
    };
    let prepared = prepare(root, &request, &mut report, &mut Timings::default())
        .unwrap_or_else(|e| panic!("{e}: {:?}", report.diagnostics));
    let site = &prepared.site;
    let native = prepared.templates;
    assert!(native.native_pages() && native.native_feeds());
    let contexts = Contexts::new(site);
    let compiled: Vec<_> = jobs(site)
        .iter()
        .map(|job| (job.clone(), render_page(job, &contexts, &native)))
        .collect();
    let tera = native.tera_only();
    let contexts = Contexts::new(site);
    let mut written = 0;
    let mut pictures = 0;
    for (job, page) in compiled {
        let by_tera = render_page(&job, &contexts, &tera);
        let (Ok(page), Ok(by_tera)) = (page, by_tera) else {
            panic!("{job:?} failed");
        };
        if matches!(job, Job::Article(_) | Job::Listing(_) | Job::Feed(_)) {
            written += 1;
        }
        // The JSON Feed is code either way: checked against serde_json's.
        if let Job::Feed(Feed {
            format: FeedFormat::Json,
            scope,
        }) = &job
        {
            let by_serde = json_feed_by_serde(&contexts, scope);
            assert_eq!(
                String::from_utf8_lossy(&page.content),
                by_serde,
                "{scope:?}"
            );
        }
        pictures += usize::from(
            matches!(job, Job::Article(_))
                && String::from_utf8_lossy(&page.content)
                    .contains("<figure class=\"lead-picture\">"),
        );
        if page.content != by_tera.content {
            let (a, b) = (
                String::from_utf8_lossy(&page.content),
                String::from_utf8_lossy(&by_tera.content),
            );
            let at = a
                .char_indices()
                .zip(b.chars())
                .find(|((_, x), y)| x != y)
                .map_or(a.len().min(b.len()), |((i, _), _)| i);
            let from = a.floor_char_boundary(at.saturating_sub(120));
            panic!(
                "{} differs at byte {at}:\ncompiled: {}\ntera:     {}",
                page.path,
                &a[from..a.ceil_char_boundary((at + 120).min(a.len()))],
                &b[from.min(b.len())..b.ceil_char_boundary((at + 120).min(b.len()))],
            );
        }
    }
    // Every site here has a story with a lead picture.
    assert!(pictures > 0, "no lead picture was shown");
    written
}

#[test]
fn the_sample_site_is_the_same_compiled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(same_both_ways(root) > 20);
}

/// Writes `files` (path, text) under a new folder.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

/// What the sample site does not show: bylines of several authors, tags,
/// an update, a remote picture, read-also left unresolved with its
/// excerpt, a pasted story, markup to escape everywhere, a page a story.
const STORIES: &[(&str, &str)] = &[
    (
        "content/a.md",
        "+++\ntitle = \"خبر <أول> & \\\"مقتبس\\\"\"\ndate = 2025-11-12T09:15:00+03:00\nupdated = 2025-11-13T10:00:00+03:00\nauthors = [\"سعاد الهاشمي\", \"محمد علي\"]\ntags = [\"مياه\", \"طاقة\"]\nsection = \"اقتصاد\"\nimage = \"https://cdn.example.net/a.jpg\"\nimage_caption = \"سد <كبير>\"\nimage_credit = \"رويترز\"\n[[corrections]]\ndate = \"2025-11-13 10:00\"\ntext = \"ورد <خطأ> & \\\"صُحّح\\\"\"\n[[corrections]]\ntext = \"تصحيح بلا تاريخ\"\n+++\nعمّان- قال الوزير إن المشروع \"يبدأ\" غداً & يستمر عامين.\n\nفقرة ثانية.\n",
    ),
    (
        "content/b.txt",
        "Breaking: English headline\nتاريخ النشر: 2025-11-11 14:30\nكتب: أحمد سالم\nالقسم: سياسة\nبغداد- نص الخبر الثاني عن <الطاقة>.\nالمصدر: وكالة الأنباء العراقية\nالوسوم: طاقة، كهرباء\nإقرأ أيضاً:\nخبر <أول> & \"مقتبس\"\nعنوان لا مقال له في الموقع\nفقرة ملصقة تحت العنوان الذي لا مقال له.\nعنوان آخر منشور هنا كاملا\nالرياض- نص الخبر الملصق كاملا تحت عنوانه في قسم اقرأ أيضا.\n",
    ),
    (
        "content/c.txt",
        "خبر ثالث بلا قسم\nتاريخ النشر: 2025-10-01\nنص قصير.\n",
    ),
];

#[test]
fn every_feature_of_an_article_is_the_same_compiled() {
    let config = "title = \"موقع <التجربة>\"\ndescription = \"وصف & تجربة\"\nbase_url = \"https://example.org/news/\"\nper_page = 1\nhijri = true\nsearch = true\nshow_unresolved_read_also = true\nsections = [{ key = \"opinion\", name = \"الرأي\", kind = \"opinion\" }]\n";
    let mut files = vec![
        ("site.toml", config),
        // «الأكثر قراءة» on every article page, with markup to escape.
        (
            "data/most_read.yaml",
            "- c.txt\n- title: \"تقرير <خارجي> & آخر\"\n  url: \"https://example.net/r?a=1&b=2\"\n",
        ),
    ];
    // Columns: the writer (with a profile, and without) leads.
    files.push((
        "content/opinion/col.md",
        "+++\ntitle = \"مقال <رأي>\"\ndate = 2025-11-10T08:00:00+03:00\nauthors = [\"سعاد الهاشمي\"]\n+++\nنص المقال.\n",
    ));
    files.push((
        "content/opinion/col2.md",
        "+++\ntitle = \"مقال ثان\"\ndate = 2025-11-09T08:00:00+03:00\nauthors = [\"كاتب <بلا> ملف\"]\n+++\nنص المقال.\n",
    ));
    // Live coverage: going on (labelled, entries with headlines and
    // markup, across midnight), and ended (its end shown).
    files.push((
        "content/live.md",
        "+++\ntitle = \"تغطية <مباشرة>\"\ndate = 2025-11-12T21:00:00+03:00\nlive = true\nlive_end = 2099-01-01T00:00:00+03:00\n[[updates]]\ntime = \"21:30\"\ntext = \"مدخل **بارز** & <آخر>\"\n+++\nالقاهرة - مقدمة التغطية.\n\n## 00:15 عنوان <المدخل>\n\nنص بعد منتصف الليل.\n\n## 21:10\n\nأول المدخلات.\n",
    ));
    files.push((
        "content/live-ended.txt",
        "مباشر | تغطية انتهت\nتاريخ النشر: 2025-11-11 10:00\n10:05 - بدأت الجلسة.\n11:40 - انتهت التغطية.\n",
    ));
    // A gallery: captions and credits with markup, one picture without.
    files.push((
        "content/gallery.md",
        "+++\ntitle = \"صور <المعرض>\"\ndate = 2025-11-12T10:00:00+03:00\n[[pictures]]\nsrc = \"https://cdn.example.net/1.jpg\"\ncaption = \"الأولى <قاعة>\"\n[[pictures]]\nsrc = \"https://cdn.example.net/2.jpg?a=1&b=2\"\ncaption = \"الثانية & \\\"زوار\\\"\"\ncredit = \"رويترز <خاص>\"\n[[pictures]]\nsrc = \"https://cdn.example.net/3.jpg\"\n+++\nنص.\n",
    ));
    // The site's own pages in the footer, with markup to escape.
    files.push((
        "pages/about.md",
        "+++\ntitle = \"من <نحن> & \\\"نحن\\\"\"\n+++\nنص.\n",
    ));
    files.push(("pages/contact.txt", "اتصل بنا\nالهاتف.\n"));
    // A writer's profile with markup to escape, and a writer without one.
    files.push((
        "data/authors.toml",
        "[\"سعاد الهاشمي\"]\nrole = \"محررة <الاقتصاد> & الطاقة\"\nphoto = \"https://cdn.example.net/s.jpg?a=1&b=2\"\nbio = \"تكتب عن \\\"الأسواق\\\" <منذ> 2010.\"\nlinks = [\"https://x.com/suad?a=1&b=2\", \"https://www.linkedin.com/in/suad\"]\n",
    ));
    files.extend_from_slice(STORIES);
    // Enough stories a day for a paginator with gaps (… between numbers).
    let more: Vec<(String, String)> = (1..=9)
        .map(|n| {
            let text = format!(
                "خبر رقم {n} في اليوم نفسه\nتاريخ النشر: 2025-11-12 0{n}:00\nنص الخبر رقم {n}.\n"
            );
            (format!("content/more-{n}.txt"), text)
        })
        .collect();
    files.extend(more.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let dir = site(&files);
    // Noon of the busiest day: its stories show their hour, and the script
    // that says how long ago.
    assert!(same_both_ways_at(dir.path(), Some("2025-11-12T12:00:00+03:00")) > 10);
}

#[test]
fn a_plain_site_is_the_same_compiled() {
    // No base URL (no share links), no search, no description, the
    // system font, Western digits, many stories a page.
    let config = "title = \"Plain\"\nsearch = false\nfont = \"system\"\nnumerals = \"western\"\nper_page = 50\n";
    let mut files = vec![("site.toml", config)];
    files.extend_from_slice(STORIES);
    let dir = site(&files);
    assert!(same_both_ways(dir.path()) > 5);
}
