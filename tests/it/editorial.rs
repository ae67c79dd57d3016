//! The editorial report: every kind of finding, in the three formats an
//! editor or a tool reads (`sahifa check`, `--format json`, `--format
//! html`), run as a user runs it, from inside the site folder; and read-also
//! targets published from their pasted text (`materialize_read_also`).

use crate::common::*;

const BODY: &str = "وقال مسؤولون في العاصمة إن الاجتماع تناول ملفات عدة بينها التعاون الاقتصادي والأمن الإقليمي وتنسيق المواقف في المحافل الدولية، وأكدوا أن اللقاءات ستتواصل خلال الأسابيع المقبلة لمتابعة ما اتفق عليه الجانبان من خطوات عملية.";

/// A raw article dated `date` with a full body and these read-also lines.
fn raw(title: &str, date: &str, read_also: &[&str]) -> String {
    let mut text = format!("{title}\nتاريخ النشر: {date}\nعمّان- {BODY}\nالمصدر: بترا\n");
    if !read_also.is_empty() {
        text.push_str("إقرأ أيضاً:\n");
        for line in read_also {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// A Markdown article with this front matter and body.
fn md(front: &str, body: &str) -> String {
    format!("+++\n{front}\ndate = 2025-11-05\n+++\n{body}\n")
}

const PASTED_TITLE: &str = "سوريا تشن حملة ضد تنظيم داعش قبيل زيارة مرتقبة للشرع إلى أمريكا";
const PASTED: &str = "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت وزارة الداخلية السورية إطلاق عملية أمنية واسعة في عدد من المحافظات.
ونقلت قناة الإخبارية السورية الرسمية عن بيان لوزارة الداخلية، السبت، قولها إنها نفذت مداهمات منسقة.";

/// A site with one finding of every kind.
fn troubled_site(materialize: bool) -> tempfile::TempDir {
    let referrer = raw(
        "الأردن والعراق يوقعان اتفاقية للربط الكهربائي",
        "11th, November 2025 GMT",
        &[
            // Unresolved: names nothing here (close to the duplicate titles).
            "مجلس النواب يقر الموازنة العامة للعام المقبل بعد نقاش طويل",
            // Linked by a typo: «الاقتصادي» misspelt.
            "وزير المالية يعرض خطة الاصلاح الاقتصدي أمام البرلمان",
            // Missing from the site, its text pasted under it.
            PASTED_TITLE,
            PASTED,
        ],
    );
    let toml = format!(
        "base_url = \"https://example.org/news/\"\nmaterialize_read_also = {materialize}\n"
    );
    site(&[
        ("site.toml", &toml),
        ("content/referrer.txt", &referrer),
        (
            "content/target.txt",
            &raw(
                "وزير المالية يعرض خطة الإصلاح الاقتصادي أمام البرلمان",
                "9 نوفمبر 2025",
                &[],
            ),
        ),
        (
            "content/twin-1.txt",
            &raw("مجلس الوزراء يقر الموازنة العامة", "3 نوفمبر 2025", &[]),
        ),
        (
            "content/twin-2.txt",
            &raw("مجلس الوزراء يُقِرّ الموازنة العامة", "4 نوفمبر 2025", &[]),
        ),
        (
            "content/old.txt",
            &raw("افتتاح جسر الملك حسين", "12 مارس 1985", &[]),
        ),
        (
            "content/later.txt",
            &raw("افتتاح المتحف الوطني الجديد", "1 يناير 2099", &[]),
        ),
        ("content/empty.md", &md("title = \"خبر بلا نص\"", "")),
        (
            "content/bad-date.txt",
            "خبر بتاريخ غير مقروء\nتاريخ النشر: غير معروف\nنص الخبر.\n",
        ),
        (
            "content/short.md",
            &md("title = \"خبر قصير\"\ntags = [\"الانتخابات\"]", "نص من ثلاث كلمات."),
        ),
        (
            "content/picture.md",
            &md(
                "title = \"خبر بصورة مفقودة\"\nimage = \"missing.jpg\"\ntags = [\"الانتخابات\"]",
                BODY,
            ),
        ),
        (
            "content/sports.md",
            &md(
                "title = \"المنتخب يفوز في افتتاح البطولة\"\nsection = \"رياضة\"\ntags = [\"الانتحابات\"]",
                BODY,
            ),
        ),
    ])
}

/// Every kind the troubled site has, with the file each is reported at.
const KINDS: [(&str, &str); 13] = [
    ("build", "content/bad-date.txt"),
    ("unresolved_read_also", "content/referrer.txt"),
    ("fuzzy_read_also", "content/referrer.txt"),
    ("duplicate_title", "content/twin-1.txt"),
    ("orphan", "content/old.txt"),
    ("scheduled", "content/later.txt"),
    ("early_date", "content/old.txt"),
    ("empty_body", "content/empty.md"),
    ("short_body", "content/short.md"),
    ("image", "content/picture.md"),
    ("unknown_section", "content/sports.md"),
    ("near_duplicate_tags", "content/sports.md"),
    ("materialized_read_also", "content/referrer.txt"),
];

fn json_report(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = sahifa_in(dir, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", printed(&out)))
}

fn findings<'a>(doc: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    doc["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["kind"] == kind).collect())
        .unwrap_or_default()
}

#[test]
fn the_json_report_has_every_kind_with_its_file_line_and_data() {
    let site = troubled_site(true);
    let doc = json_report(site.path(), &["--future"]);
    assert_eq!(doc["schema"], "sahifa-report");
    assert_eq!(doc["version"], 1);
    for (kind, file) in KINDS {
        let found = findings(&doc, kind);
        assert!(
            found.iter().any(|f| f["file"] == file),
            "{kind} at {file}: {found:#?}"
        );
        assert_eq!(doc["counts"]["by_kind"][kind], found.len(), "{kind}");
        for f in found {
            assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(["error", "warning", "note"].contains(&f["level"].as_str().unwrap_or("")));
        }
    }
    let unresolved = &findings(&doc, "unresolved_read_also")[0];
    assert_eq!(unresolved["line"], 6);
    let candidates = unresolved["data"]["candidates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!candidates.is_empty(), "{unresolved:#?}");
    assert!(
        candidates[0]["file"]
            .as_str()
            .is_some_and(|f| f.starts_with("content/twin-")),
        "the budget stories are the closest: {candidates:#?}"
    );
    assert!(candidates[0]["score"]
        .as_f64()
        .is_some_and(|s| s > 0.0 && s < 1.0));
    let fuzzy = &findings(&doc, "fuzzy_read_also")[0];
    assert_eq!(fuzzy["data"]["matched"]["file"], "content/target.txt");
    assert_eq!(fuzzy["data"]["by"], "typo");
    assert!(
        fuzzy["page"]
            .as_str()
            .is_some_and(|p| p.starts_with("https://example.org/news/")),
        "{fuzzy:#?}"
    );
    let twins = &findings(&doc, "duplicate_title")[0];
    assert_eq!(
        twins["data"]["files"],
        serde_json::json!(["content/twin-1.txt", "content/twin-2.txt"])
    );
    let early = &findings(&doc, "early_date")[0];
    assert!(early["data"]["date"]
        .as_str()
        .is_some_and(|d| d.starts_with("1985-03-12")));
    let tags = &findings(&doc, "near_duplicate_tags")[0];
    assert_eq!(
        tags["data"]["terms"],
        serde_json::json!(["الانتحابات", "الانتخابات"])
    );
    assert_eq!(findings(&doc, "empty_body")[0]["level"], "warning");
    assert_eq!(findings(&doc, "short_body")[0]["data"]["words"], 4);
    let pasted = &findings(&doc, "materialized_read_also")[0];
    assert_eq!(pasted["data"]["dated_by"], "text");
    assert_eq!(pasted["data"]["source"], "CNN");
    assert!(pasted["data"]["date"]
        .as_str()
        .is_some_and(|d| d.starts_with("2025-11-08")));
}

#[test]
fn the_text_report_groups_and_counts_every_kind() {
    let site = troubled_site(true);
    let out = sahifa_in(site.path(), &["check", "--future"]);
    let said = printed(&out);
    let doc = json_report(site.path(), &["--future"]);
    for (kind, file) in KINDS {
        let title = sahifa::Kind::from_name(kind)
            .map(|k| k.title())
            .unwrap_or_default();
        let count = findings(&doc, kind).len();
        assert!(
            said.contains(&format!("{title} ({count})\n")),
            "{kind}: {said}"
        );
        assert!(
            said.contains(&format!(": {file}")),
            "{kind} at {file}: {said}"
        );
    }
    assert!(
        said.contains("  warning: content/referrer.txt:6: read-also «مجلس النواب"),
        "{said}"
    );
    assert!(!said.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn build_lists_problems_and_counts_the_editorial_findings() {
    let site = troubled_site(false);
    let out = sahifa_in(site.path(), &["build"]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    // Problems of this build, one by one.
    assert!(said.contains("warning: content/picture.md"), "{said}");
    assert!(
        said.contains("warning: content/referrer.txt:6: read-also"),
        "{said}"
    );
    // The editorial findings, counted in one line and not listed.
    assert!(said.contains("editorial report: "), "{said}");
    assert!(said.contains("duplicate titles (1)"), "{said}");
    assert!(
        !said.contains("no read-also links to this article"),
        "{said}"
    );
}

/// A group's heading in the report's default words.
fn group_title_ar(kind: sahifa::Kind) -> String {
    let table: toml::Table = toml::from_str(
        &std::fs::read_to_string(repo().join("src/editorial/strings.toml")).unwrap_or_default(),
    )
    .unwrap_or_default();
    table
        .get(&format!("report_group_{}", kind.name()))
        .and_then(|v| v.as_str())
        .unwrap_or("missing")
        .to_string()
}

#[test]
fn the_html_report_is_a_right_to_left_page_linking_to_the_pages_and_files() {
    let site = troubled_site(true);
    let out = sahifa_in(
        site.path(),
        &[
            "check",
            "--future",
            "--format",
            "html",
            "--output",
            "report.html",
        ],
    );
    assert!(out.stdout.is_empty(), "the page went to the file");
    let page = read(site.path(), "report.html");
    assert!(page.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains("<h1>تقرير التحرير</h1>"));
    for (kind, file) in KINDS {
        let k = sahifa::Kind::from_name(kind).unwrap_or_default();
        assert!(page.contains(&format!("<section id=\"{kind}\">")), "{kind}");
        assert!(
            page.contains(&format!("<h2>{} <span", group_title_ar(k))),
            "{kind}"
        );
        assert!(page.contains(&format!(">{file}")), "{kind} at {file}");
    }
    let root = std::fs::canonicalize(site.path()).unwrap_or_default();
    assert!(
        page.contains(&format!(
            "href=\"file://{}/content/old.txt\"",
            root.display()
        )),
        "files link to themselves"
    );
    // The fuzzy match links to the page it chose, and to the candidates.
    assert!(
        page.contains("رُبط بـ: <a href=\"https://example.org/news/"),
        "{page}"
    );
    assert!(page.contains("أقرب الأخبار:"), "{page}");
}

#[test]
fn a_missing_read_also_target_is_published_from_its_pasted_text_when_asked() {
    // Off (the default): shown as text, reported as unresolved.
    let off = troubled_site(false);
    let out = sahifa_in(off.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert!(html_pages(&off.path().join("public"))
        .iter()
        .all(|(_, page)| !page.contains(&format!("<h1>{PASTED_TITLE}</h1>"))));
    // On: an article of its own, dated from its text, linked both ways.
    let on = troubled_site(true);
    let out = sahifa_in(on.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    let public = on.path().join("public");
    let (url, page) = page_titled(&public, PASTED_TITLE);
    assert!(
        url.contains("2025/11/08/"),
        "dated the Saturday its text names: {url}"
    );
    assert!(
        page.contains("<p class=\"pasted\" role=\"note\">"),
        "marked"
    );
    assert!(page.contains(">CNN</a>"), "source from the dateline");
    assert!(page.contains("ونقلت قناة الإخبارية"), "all its paragraphs");
    assert!(
        page.contains("الأردن والعراق يوقعان"),
        "backlink to the referrer"
    );
    let (_, referrer) = page_titled(&public, "الأردن والعراق يوقعان اتفاقية للربط الكهربائي");
    let href = format!("href=\"/news{}\"", href_of(&url));
    assert!(
        referrer.contains(&href),
        "the read-also links to it: {href}"
    );
}

/// The unresolved read-also warning says what readers get: by default the
/// title is hidden from them, and shown as text only where the site (or
/// `serve`) shows unresolved titles.
#[test]
fn the_unresolved_read_also_warning_says_what_readers_get() {
    let story = "خبر عن الموازنة\nتاريخ النشر: 2025-11-11\nنص الخبر.\nإقرأ أيضاً:\nعنوان لا يطابق أي خبر في الموقع\n";
    let hidden = site(&[("content/a.txt", story)]);
    let out = sahifa_in(hidden.path(), &["build"]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("matches no article: hidden from readers (`sahifa serve` shows it as text)"),
        "{said}"
    );
    assert!(!said.contains("shown to readers"), "{said}");
    let (_, article) = page_titled(&hidden.path().join("public"), "خبر عن الموازنة");
    assert!(!article.contains("عنوان لا يطابق أي خبر"), "hidden indeed");
    let shown = site(&[
        ("content/a.txt", story),
        ("site.toml", "show_unresolved_read_also = true\n"),
    ]);
    let out = sahifa_in(shown.path(), &["build"]);
    let said = printed(&out);
    assert!(
        said.contains("matches no article: shown to readers as text"),
        "{said}"
    );
    let (_, article) = page_titled(&shown.path().join("public"), "خبر عن الموازنة");
    assert!(
        article.contains("عنوان لا يطابق أي خبر في الموقع"),
        "shown indeed"
    );
}

/// Issue 32, item 3: a story published from pasted text never takes a real
/// story's URL — not by an older date, not by its referrer's `{uid}` — and
/// one file publishes at most twenty.
#[test]
fn a_pasted_story_never_takes_a_real_storys_url() {
    let real_title =
        "وزير الخارجية يبحث مع نظيره الفرنسي ملف الأزمة الليبية وتطورات الأوضاع الأمنية في طرابلس";
    let pasted_title = "وزير الخارجية يبحث مع نظيره الفرنسي ملف الاستثمارات المشتركة في قطاع الطاقة المتجددة والهيدروجين";
    // Dated from its text, before the real story.
    let pasted = "باريس- بحث وزير الخارجية يوم 2 نوفمبر 2025 مع نظيره الفرنسي ملف الاستثمارات المشتركة في قطاع الطاقة المتجددة، وقال إن البلدين سيوقعان اتفاقات جديدة خلال الأشهر المقبلة.";
    let mut many = vec![pasted_title.to_string(), pasted.to_string()];
    for n in 0..25 {
        many.push(format!(
            "عنوان خبر منقول رقم {n} عن موضوع مختلف تماما لم ينشر في الموقع"
        ));
        many.push(format!(
            "بيروت- نص الخبر المنقول رقم {n} كما لصقه المحرر تحت عنوانه في صفحة الخبر."
        ));
    }
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for permalink in ["/{year}/{month}/{day}/{slug}/", "/{uid}/", "/{slug}/"] {
        let toml = format!("base_url = \"https://example.org/\"\nmaterialize_read_also = true\npermalink = \"{permalink}\"\n");
        let site = site(&[
            ("site.toml", &toml),
            ("content/real.txt", &raw(real_title, "10 نوفمبر 2025", &[])),
            (
                "content/story.txt",
                &raw("خبر يحيل إلى أخبار أخرى", "11 نوفمبر 2025", &many),
            ),
        ]);
        let outcome = build_ok(&options(site.path()));
        let out = site.path().join("public");
        let (real, _) = page_titled(&out, real_title);
        let (copy, _) = page_titled(&out, pasted_title);
        let (referrer, _) = page_titled(&out, "خبر يحيل إلى أخبار أخرى");
        assert!(
            !real.contains("-2/"),
            "{permalink}: the real story moved to {real}"
        );
        assert!(
            !referrer.contains("-2/"),
            "{permalink}: the referrer moved to {referrer}"
        );
        assert_ne!(copy, referrer, "{permalink}");
        assert_ne!(copy, real, "{permalink}");
        // One plus twenty published; the rest named in a warning.
        assert_eq!(outcome.articles, 2 + 20, "{permalink}");
        assert!(outcome.report.diagnostics.iter().any(|d| d
            .message
            .contains("6 more read-also titles with pasted text are not published")));
    }
}

/// Issue 34, item 4: corrections (front matter `[[corrections]]`, raw
/// `تصحيح:` lines) are dated notes at the story's end, move its last
/// update, are `CorrectionComment`s in its JSON-LD and a kind of the
/// editorial report.
#[test]
fn corrections_are_dated_notes_structured_data_and_a_kind_of_the_report() {
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/\"\ntimezone = \"+03:00\"\n"),
        (
            "content/a.md",
            "+++\ntitle = \"الموازنة الجديدة\"\ndate = 2025-11-11T09:00:00+03:00\n[[corrections]]\ndate = \"2025-11-12 10:30\"\ntext = \"ورد خطأً أن العجز 5%، والصحيح 4%.\"\n+++\nبيروت- أعلن الوزير الموازنة.\n",
        ),
        (
            "content/b.txt",
            "النفط يتراجع\nتاريخ النشر: 2025-11-10 10:00\nالرياض- تراجعت أسعار النفط.\nتصحيح: 2025-11-10 18:00 - صُحّح سعر البرميل.\n",
        ),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    for (title, iso, text) in [
        (
            "الموازنة الجديدة",
            "2025-11-12T10:30:00+03:00",
            "ورد خطأً أن العجز 5%، والصحيح 4%.",
        ),
        (
            "النفط يتراجع",
            "2025-11-10T18:00:00+03:00",
            "صُحّح سعر البرميل.",
        ),
    ] {
        let (_, page) = page_titled(&out, title);
        let aside = page
            .split("<aside class=\"corrections\"")
            .nth(1)
            .and_then(|rest| rest.split("</aside>").next())
            .unwrap_or_else(|| panic!("no corrections: {page}"));
        assert!(
            aside.contains("<h2 id=\"corrections-title\">تصحيح</h2>"),
            "{aside}"
        );
        assert!(
            aside.contains(&format!("<time datetime=\"{iso}\">")),
            "{aside}"
        );
        assert!(aside.contains(text), "{aside}");
        // «آخر تحديث» is the correction's.
        let updated = page
            .split("<span class=\"updated\">")
            .nth(1)
            .unwrap_or_else(|| panic!("no update line: {page}"));
        assert!(
            updated.contains(&format!("datetime=\"{iso}\"")),
            "{updated}"
        );
        let ld = page
            .split("<script type=\"application/ld+json\">")
            .skip(1)
            .filter_map(|s| s.split("</script>").next())
            .filter_map(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .find(|v| v["@type"] == "NewsArticle")
            .unwrap_or_else(|| panic!("no NewsArticle: {page}"));
        assert_eq!(ld["correction"][0]["@type"], "CorrectionComment", "{ld}");
        assert_eq!(ld["correction"][0]["text"], text, "{ld}");
        assert_eq!(ld["correction"][0]["datePublished"], iso, "{ld}");
        assert_eq!(ld["dateModified"], iso, "{ld}");
    }
    let doc = json_report(site.path(), &[]);
    let corrected = findings(&doc, "correction");
    assert_eq!(corrected.len(), 2, "{doc}");
    assert!(
        corrected
            .iter()
            .all(|f| f["data"]["corrections"][0]["text"].is_string()),
        "{doc}"
    );
}
