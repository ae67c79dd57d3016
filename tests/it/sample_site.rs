//! Builds the repository's sample site into a temporary folder and checks the
//! pages, links, archives, feed and sitemap it produces.

use crate::common::*;

const SEED_TITLE: &str = "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\"";
const TARGET_TITLE: &str = "سوريا تشن حملة ضد تنظيم داعش قبيل زيارة مرتقبة للشرع إلى أمريكا";

fn built() -> (tempfile::TempDir, sahifa::Outcome) {
    let site = sample_site();
    let outcome = build_ok(&options(site.path()));
    (site, outcome)
}

#[test]
fn every_page_is_arabic_rtl() {
    let (site, outcome) = built();
    let out = site.path().join("public");
    let pages = html_pages(&out);
    assert!(pages.len() > 20, "only {} pages", pages.len());
    for (rel, text) in &pages {
        assert!(text.starts_with("<!DOCTYPE html>"), "{rel}");
        assert!(
            text.contains("<html lang=\"ar\" dir=\"rtl\" data-font=\"naskh\">"),
            "{rel}"
        );
        assert!(text.contains("<meta charset=\"utf-8\">"), "{rel}");
    }
    assert_eq!(outcome.articles, 14, "the draft is left out");
    // Pages are every generated file but the stylesheet, the search
    // script, the marker, the web font and the pictures (six: two leads
    // and the book fair's four, each in three widths and two formats).
    let generated = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !name.ends_with(".css") && !name.ends_with(".js") && !name.starts_with(".sahifa")
        })
        .filter(|e| !e.path().starts_with(out.join("media")))
        .filter(|e| !e.path().starts_with(out.join("fonts")))
        .count();
    let pictures = std::fs::read_dir(out.join("media")).map_or(0, Iterator::count);
    assert_eq!(pictures, 6 * 3 * 2);
    assert_eq!(outcome.pages, generated);
}

#[test]
fn the_seed_links_to_its_read_also_target_and_back() {
    let (site, _) = built();
    let out = site.path().join("public");
    let (seed_rel, seed) = page_titled(&out, SEED_TITLE);
    let (target_rel, target) = page_titled(&out, TARGET_TITLE);
    assert!(seed_rel.starts_with("2025/11/11/"), "{seed_rel}");
    assert!(target_rel.starts_with("2025/11/08/"), "{target_rel}");
    let link = format!("<a href=\"{}\">{TARGET_TITLE}</a>", href_of(&target_rel));
    assert!(seed.contains(&link), "seed page lacks {link}");
    let title_html = SEED_TITLE.replace('"', "&quot;");
    let backlink = format!("<a href=\"{}\">{title_html}</a>", href_of(&seed_rel));
    assert!(target.contains("class=\"backlinks\""));
    assert!(
        target.contains(&backlink),
        "target page lacks backlink {backlink}"
    );
    // Links are IRIs (a third of the bytes); the canonical address, which
    // leaves the site, stays percent-encoded.
    let canonical = format!(
        "<link rel=\"canonical\" href=\"https://example.org{}\">",
        url_of(&seed_rel)
    );
    assert!(seed.contains(&canonical), "seed page lacks {canonical}");
    assert!(
        !seed.contains("href=\"/2025/11/08/%"),
        "a percent-encoded link"
    );
    // The seed's pasted body is not in the seed's own body.
    let body = seed.split("class=\"read-also\"").next().unwrap_or_default();
    assert!(!body.contains("أوكار التنظيم"));
    assert!(seed.contains("<span class=\"dateline\">دمشق-</span>"));
    assert!(seed
        .contains("<time class=\"calendars\" datetime=\"2025-11-11T00:00:00+00:00\"><span class=\"hijri\">الثلاثاء 20 جمادى الأولى 1447 هـ</span>"));
    assert!(seed.contains("المصدر: <a href=\"/sources/"));
    assert!(seed.contains("\">شبكة الأمة برس</a>"));
}

#[test]
fn spelling_variants_resolve_and_unresolved_stay_text() {
    let (site, outcome) = built();
    let out = site.path().join("public");
    // Written as «داعش» and مرتقبه/الى/امريكا in the Washington article.
    let (_, washington) = page_titled(&out, "واشنطن ترفع القيود عن البعثة الدبلوماسية السورية");
    let (seed_rel, _) = page_titled(&out, SEED_TITLE);
    let (target_rel, _) = page_titled(&out, TARGET_TITLE);
    assert!(washington.contains(&format!("href=\"{}\"", href_of(&seed_rel))));
    assert!(washington.contains(&format!("href=\"{}\"", href_of(&target_rel))));
    // The IMF headline names no article of the site: reported, and hidden
    // from readers unless the site asks to show it.
    let egypt_title = "مصر تعلن ارتفاع احتياطي النقد الأجنبي إلى مستوى قياسي";
    let imf = "صندوق النقد الدولي يرفع توقعاته لنمو الاقتصاد المصري";
    let (_, egypt) = page_titled(&out, egypt_title);
    assert!(!egypt.contains(imf), "{egypt}");
    assert!(!egypt.contains("class=\"unresolved\""), "{egypt}");
    assert!(egypt.contains(">المغرب يفتتح أكبر محطة لتحلية مياه البحر في إفريقيا</a>"));
    assert_eq!(outcome.unresolved, 1);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap_or_default();
    write(
        &toml,
        format!("show_unresolved_read_also = true\n{text}").as_bytes(),
    );
    build_ok(&options(site.path()));
    let (_, shown) = page_titled(&out, egypt_title);
    assert!(shown.contains(&format!("<span class=\"unresolved\">{imf}</span>")));
    let warned = outcome
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("صندوق النقد") && d.line == Some(11));
    assert!(warned, "{:#?}", outcome.report.diagnostics);
}

#[test]
fn date_archives_and_pagination() {
    let (site, _) = built();
    let out = site.path().join("public");
    let archive = read(&out, "archive/index.html");
    assert!(archive.contains("href=\"/2025/\""));
    assert!(archive.contains("href=\"/2024/\""));
    assert!(archive.contains("نوفمبر"));
    let month = read(&out, "2025/11/index.html");
    assert!(month.contains("<h1>أرشيف نوفمبر 2025</h1>"));
    assert!(month.contains("href=\"/2025/11/11/\""));
    let day = read(&out, "2025/11/11/index.html");
    assert!(day.contains("<h1>الثلاثاء، 11 نوفمبر 2025</h1>"));
    assert!(day.contains("واشنطن ترفع القيود"));
    // A day's page leads to the days before and after it (issue 31, item
    // 12), across months and years; the newest day has no next.
    let day_links = |rel: &str| {
        let page = read(&out, rel);
        let nav = page
            .split("<nav class=\"prev-next day-nav\"")
            .nth(1)
            .and_then(|n| n.split("</nav>").next())
            .unwrap_or_default()
            .to_string();
        let href = |r: &str| {
            nav.split(&format!("rel=\"{r}\" href=\""))
                .nth(1)
                .and_then(|h| h.split('"').next())
                .map(str::to_string)
        };
        (href("prev"), href("next"))
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        day_links("2025/11/11/index.html"),
        (some("/2025/11/10/"), some("/2025/11/12/"))
    );
    assert_eq!(
        day_links("2025/11/07/index.html"),
        (some("/2025/10/30/"), some("/2025/11/08/"))
    );
    assert_eq!(
        day_links("2025/06/05/index.html"),
        (some("/2024/12/03/"), some("/2025/10/30/"))
    );
    assert_eq!(
        day_links("2025/11/12/index.html"),
        (some("/2025/11/11/"), None)
    );
    assert!(day.contains("<span>اليوم السابق</span> 10 نوفمبر 2025</a>"));
    // 14 articles, 5 a page: three home pages linked with rel next/prev.
    let home = read(&out, "index.html");
    assert!(home.contains("<link rel=\"next\" href=\"/page/2/\">"));
    let second = read(&out, "page/2/index.html");
    assert!(second.contains("<link rel=\"prev\" href=\"/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"/page/3/\">"));
    assert!(out.join("page/3/index.html").is_file());
    assert!(!out.join("page/4").exists());
    // Newest first: the Riyadh article (12 Nov, 09:15 +03:00) leads the home page.
    let first = home.find("السعودية تعلن موعد").unwrap_or(usize::MAX);
    let later = home.find("مصر تعلن ارتفاع").unwrap_or(0);
    assert!(first < later, "home page is not newest first");
}

#[test]
fn article_pages_carry_navigation_and_json_ld() {
    let (site, _) = built();
    let out = site.path().join("public");
    let (_, seed) = page_titled(&out, SEED_TITLE);
    assert!(seed.contains("rel=\"prev\""), "older neighbour");
    assert!(seed.contains("rel=\"next\""), "newer neighbour");
    assert!(seed.contains("href=\"/2025/11/11/\""));
    assert!(seed.contains("href=\"/2025/11/\""));
    assert!(seed.contains("href=\"/2025/\""));
    let scripts: Vec<serde_json::Value> = seed
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .filter_map(|rest| rest.split("</script>").next())
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect();
    let types: Vec<&str> = scripts.iter().filter_map(|v| v["@type"].as_str()).collect();
    assert_eq!(types, ["BreadcrumbList", "NewsArticle"]);
    let crumbs = &scripts[0]["itemListElement"];
    assert_eq!(crumbs[0]["name"], "الرئيسية");
    assert_eq!(crumbs[1]["name"], "نوفمبر 2025", "no section: its month");
    assert_eq!(crumbs[2]["name"], SEED_TITLE);
    let value = &scripts[1];
    assert_eq!(value["headline"], SEED_TITLE);
    assert_eq!(value["datePublished"], "2025-11-11T00:00:00+00:00");
}

#[test]
fn feed_sitemap_404_and_static() {
    let (site, _) = built();
    let out = site.path().join("public");
    let feed = read(&out, "atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">"));
    assert_eq!(feed.matches("<entry>").count(), 14);
    assert!(feed.contains(
        "<title>دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد &quot;داعش&quot;</title>"
    ));
    assert!(feed.contains("&lt;p&gt;"), "content is escaped HTML");
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/2025/11/11/%D8%AF"));
    assert!(read(&out, "404.html").contains("الصفحة غير موجودة"));
    assert!(stylesheet(&out).contains("font-family"));
    assert!(out.join(sahifa::MARKER).is_file());
}

#[test]
fn markdown_articles_render_and_read_also_sections_link() {
    let (site, _) = built();
    let out = site.path().join("public");
    let (_, jordan) = page_titled(&out, "الأردن يوقع اتفاقية لربط شبكات الكهرباء مع العراق");
    assert!(jordan.contains("<table>"), "Markdown tables render");
    assert!(jordan.contains("وكالة الأنباء الأردنية (بترا)"));
    let (lebanon_rel, _) = page_titled(&out, "لبنان يطلق خطة وطنية لإعادة إعمار الجنوب");
    assert!(jordan.contains(&format!("href=\"{}\"", href_of(&lebanon_rel))));
    let body = jordan
        .split("class=\"read-also\"")
        .next()
        .unwrap_or_default();
    assert!(
        !body.contains("<h2>اقرأ أيضا</h2>"),
        "the section is not body"
    );
    let (_, tunis) = page_titled(&out, "تونس تحتفي بمهرجان قرطاج السينمائي");
    assert!(tunis.contains("<strong>أيام قرطاج السينمائية</strong>"));
    assert!(tunis.contains("<blockquote>"));
}

#[test]
fn drafts_only_with_the_flag() {
    let site = sample_site();
    let mut opts = options(site.path());
    let outcome = build_ok(&opts);
    assert_eq!(outcome.articles, 14);
    opts.drafts = true;
    let outcome = build_ok(&opts);
    assert_eq!(outcome.articles, 15);
    page_titled(
        &site.path().join("public"),
        "مسودة: الحكومة تناقش موازنة العام المقبل",
    );
}

#[test]
fn sub_path_base_url_prefixes_every_internal_link() {
    let site = sample_site();
    let mut opts = options(site.path());
    opts.base_url = Some("https://example.org/news/".into());
    build_ok(&opts);
    let out = site.path().join("public");
    for (rel, text) in html_pages(&out) {
        for href in text.split("href=\"").skip(1) {
            let href = href.split('"').next().unwrap_or_default();
            if href.starts_with('/') {
                assert!(href.starts_with("/news/"), "{rel}: {href}");
            }
        }
    }
    assert!(read(&out, "sitemap.xml").contains("<loc>https://example.org/news/2025/</loc>"));
}

#[test]
fn output_is_deterministic() {
    // Two clean builds into two folders give the same files and bytes.
    let site = sample_site();
    let mut first = options(site.path());
    first.output = Some(site.path().join("one"));
    build_ok(&first);
    let mut second = options(site.path());
    second.output = Some(site.path().join("two"));
    build_ok(&second);
    let one = snapshot(&site.path().join("one"));
    assert!(one.len() > 50);
    assert_eq!(one, snapshot(&site.path().join("two")));
}

#[test]
fn an_article_page_uses_the_words_of_an_arab_newsroom() {
    let (site, _) = built();
    let out = site.path().join("public");
    let (_, seed) = page_titled(&out, SEED_TITLE);
    for words in [
        ">اقرأ أيضاً</h2>",
        ">أخبار ذات صلة</h2>",
        "<span>الخبر السابق</span>",
        "<span>الخبر التالي</span>",
        "<bdi>خدمة RSS</bdi>: <a href=",
        "<span>من الأرشيف:</span>",
        ">أخبار يوم 11 نوفمبر 2025</a>",
        ">أخبار شهر نوفمبر 2025</a>",
        ">أخبار عام 2025</a>",
    ] {
        assert!(seed.contains(words), "{words} missing");
    }
    for old in [
        "إقرأ أيضاً</h2>",
        "مقالات تشير إلى",
        ">الخلاصة</a>",
        ">الخلاصات</a>",
    ] {
        assert!(!seed.contains(old), "{old} still shown");
    }
}

#[test]
fn an_article_whose_read_also_all_fails_shows_no_empty_section() {
    let site = site(&[(
        "content/a.txt",
        "خبر وحيد\nتاريخ النشر: 2025-11-11\nنص.\nاقرأ أيضاً:\nعنوان لا يطابق أي خبر في الموقع\n",
    )]);
    let outcome = build_ok(&options(site.path()));
    assert_eq!(outcome.unresolved, 1, "still reported");
    let (_, page) = page_titled(&site.path().join("public"), "خبر وحيد");
    assert!(!page.contains("class=\"read-also\""), "{page}");
    assert!(!page.contains("عنوان لا يطابق"), "{page}");
}

#[test]
fn the_hijri_date_leads_the_date_line_when_asked() {
    let site = sample_site();
    let out = site.path().join("public");
    // The sample site shows Hijri dates: without its setting, the default.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap_or_default()
        .replace("hijri = true\n", "");
    write(&toml, text.as_bytes());
    let (_, plain) = {
        build_ok(&options(site.path()));
        page_titled(&out, SEED_TITLE)
    };
    assert!(!plain.contains("class=\"hijri\""), "off by default");
    for (settings, shown) in [
        ("hijri = true\n", "الثلاثاء 20 جمادى الأولى 1447 هـ"),
        (
            "hijri = true\nhijri_adjust = -1\n",
            "الثلاثاء 19 جمادى الأولى 1447 هـ",
        ),
        (
            "hijri = true\nnumerals = \"eastern\"\n",
            "الثلاثاء ٢٠ جمادى الأولى ١٤٤٧ هـ",
        ),
    ] {
        write(&toml, format!("{settings}{text}").as_bytes());
        build_ok(&options(site.path()));
        let (_, seed) = page_titled(&out, SEED_TITLE);
        assert!(
            seed.contains(&format!("<span class=\"hijri\">{shown}</span>")),
            "{settings}: {seed}"
        );
        assert!(
            seed.contains("2025 م</span></time>") || seed.contains("٢٠٢٥ م</span></time>"),
            "the Gregorian date says م: {settings}"
        );
    }
    write(&toml, format!("hijri_adjust = 2\n{text}").as_bytes());
    let refused = sahifa::build(&options(site.path()));
    assert!(refused.failed());
}
