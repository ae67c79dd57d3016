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

/// The byline of the article page titled `title`, as text.
fn byline_of(out: &std::path::Path, title: &str) -> String {
    let (_, page) = page_titled(out, title);
    let start = page
        .find("<p class=\"byline\">")
        .unwrap_or_else(|| panic!("no byline: {title}"));
    let end = start + page[start..].find("</p>").unwrap_or(0);
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn bylines_keep_the_word_written_and_the_newsrooms_order_joined_by_waw() {
    let raw =
        "خبر بثلاثة كتاب\nتاريخ النشر: 2025-06-01\nكتبت: منى الخطيب، ياسر عبد الله، هالة سعيد\n\
               \nبيروت- نص الخبر.\n";
    let md = "+++\ntitle = \"خبر من ماركداون\"\ndate = 2025-06-02\n\
              authors = [\"منى الخطيب\", \"ياسر عبد الله\", \"هالة سعيد\"]\n+++\nنص.\n";
    let one = "خبر بكاتب واحد\nتاريخ النشر: 2025-06-03\nبقلم: هالة سعيد\n\nنص الخبر.\n";
    let files = [
        ("content/a.txt", raw),
        ("content/b.md", md),
        ("content/c.txt", one),
    ];
    let plain = site(&files);
    build_ok(&options(plain.path()));
    let out = plain.path().join("public");
    assert_eq!(
        byline_of(&out, "خبر بثلاثة كتاب"),
        "كتبت: منى الخطيب وياسر عبد الله وهالة سعيد"
    );
    assert_eq!(
        byline_of(&out, "خبر من ماركداون"),
        "كتب: منى الخطيب وياسر عبد الله وهالة سعيد"
    );
    assert_eq!(byline_of(&out, "خبر بكاتب واحد"), "بقلم: هالة سعيد");
    // A house style set in site.toml is every article's.
    let mut with_style = files.to_vec();
    with_style.push(("site.toml", "[strings]\nbyline = \"إعداد:\"\n"));
    let styled = site(&with_style);
    build_ok(&options(styled.path()));
    let out = styled.path().join("public");
    assert_eq!(
        byline_of(&out, "خبر بثلاثة كتاب"),
        "إعداد: منى الخطيب وياسر عبد الله وهالة سعيد"
    );
    assert_eq!(byline_of(&out, "خبر بكاتب واحد"), "إعداد: هالة سعيد");
}

/// A small newsroom: two sections, a featured story, a breaking one.
fn newsroom() -> tempfile::TempDir {
    let md = |title: &str, date: &str, section: &str, extra: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\nsection = \"{section}\"\n{extra}+++\nنص الخبر.\n")
    };
    let files = [
        ("content/p1.md", md("الرئيس يستقبل وفداً برلمانياً", "2025-11-11T18:00:00+03:00", "politics", "")),
        ("content/p2.md", md("الحكومة تقر خطة الإصلاح الإداري", "2025-11-11T12:00:00+03:00", "politics", "featured = true\n")),
        ("content/p3.md", md("البرلمان يناقش قانون الانتخابات", "2025-11-10T09:00:00+03:00", "politics", "")),
        ("content/e1.md", md("البورصة تغلق على ارتفاع", "2025-11-11T15:00:00+03:00", "economy", "")),
        (
            "content/e2.txt",
            "عاجل: البنك المركزي يخفض سعر الفائدة\nتاريخ النشر: 2025-11-11T16:30:00+03:00\nالقسم: اقتصاد\nنص.\n".to_string(),
        ),
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nsections = [{ key = \"politics\", name = \"سياسة\" }, { key = \"economy\", name = \"اقتصاد\" }]\n".to_string(),
        ),
    ];
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    site(&borrowed)
}

fn built_at(site: &tempfile::TempDir, now: &str) -> std::path::PathBuf {
    let mut opts = options(site.path());
    opts.now = chrono::DateTime::parse_from_rfc3339(now).ok();
    build_ok(&opts);
    site.path().join("public")
}

/// The text of the element `<tag … class="class"…>…</tag>` (first one).
fn block<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn the_front_page_leads_with_the_featured_story_then_a_block_per_section() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    let home = read(&out, "index.html");
    let lead = block(&home, "class=\"lead-story\"", "</article>");
    assert!(
        lead.contains("الحكومة تقر خطة الإصلاح الإداري"),
        "the featured story leads: {lead}"
    );
    let blocks = block(&home, "class=\"section-blocks\"", "river-title");
    let politics = blocks.find(">سياسة</a></h2>").unwrap_or(usize::MAX);
    let economy = blocks.find(">اقتصاد</a></h2>").unwrap_or(usize::MAX);
    assert!(
        politics < economy && economy < usize::MAX,
        "masthead order: {blocks}"
    );
    assert!(
        !blocks.contains("الحكومة تقر"),
        "the lead is not repeated in its section's block"
    );
    assert!(
        blocks.contains("البنك المركزي يخفض سعر الفائدة"),
        "the raw «القسم: اقتصاد» found its section"
    );
    let river = &home[home.find("river-title").unwrap_or(0)..];
    assert!(!river.contains("الحكومة تقر خطة"), "nor in the list below");
    assert_eq!(river.matches("class=\"teaser\"").count(), 4);
}

/// Issue 31, item 12 (and 11's share title): the lead's kicker is its
/// section, «المزيد من سياسة», the feeds in the footer («خدمة RSS») and not
/// in the main navigation, the front page shared under the paper's name,
/// a month page headed «أرشيف …».
#[test]
fn the_front_page_and_archives_use_the_desks_words() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    let home = read(&out, "index.html");
    let lead = block(&home, "class=\"lead-story\"", "</article>");
    assert!(lead.contains("<p class=\"kicker\">سياسة</p>"), "{lead}");
    assert!(!home.contains("الخبر الرئيسي"));
    let blocks = block(&home, "class=\"section-blocks\"", "river-title");
    assert!(blocks.contains(">المزيد من سياسة</a>"), "{blocks}");
    let nav = block(&home, "class=\"site-nav\"", "</nav>");
    assert!(!nav.contains("rss") && !nav.contains("RSS"), "{nav}");
    let footer = block(&home, "class=\"site-footer\"", "</footer>");
    assert!(footer.contains("<bdi>خدمة RSS</bdi>: <a href="), "{footer}");
    let title = block(&home, "<title>", "</title>");
    assert!(
        home.contains(&format!(
            "property=\"og:title\" content=\"{}\"",
            &title["<title>".len()..]
        )),
        "{home}"
    );
    assert!(!home.contains("og:title\" content=\"آخر الأخبار"));
    let month = read(&out, "2025/11/index.html");
    assert!(month.contains("<h1>أرشيف نوفمبر 2025</h1>"), "{month}");
}

#[test]
fn a_breaking_story_is_in_the_strip_for_its_hours_only() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    let home = read(&out, "index.html");
    let strip = block(&home, "class=\"breaking\"", "</section>");
    assert!(strip.contains(">عاجل<"), "{strip}");
    assert!(strip.contains("البنك المركزي يخفض سعر الفائدة"), "{strip}");
    assert!(!strip.contains("عاجل: البنك"), "the mark left the headline");
    assert!(!strip.contains("البورصة"), "only breaking stories");
    // Past breaking_hours (6) the strip is gone.
    let out = built_at(&site, "2025-11-11T23:00:00+03:00");
    assert!(!read(&out, "index.html").contains("class=\"breaking\""));
}

#[test]
fn the_latest_page_lists_the_stories_of_its_hours_newest_first_and_only_when_asked() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    assert!(
        !out.join("latest").exists(),
        "latest_hours is off by default"
    );

    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap_or_default();
    write(
        &site.path().join("site.toml"),
        format!("latest_hours = 12\n{toml}").as_bytes(),
    );
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    let page = read(&out, "latest/index.html");
    assert!(page.contains("<h1>آخر الأخبار</h1>"), "{page}");
    assert!(page.contains("أخبار آخر 12 ساعة"), "{page}");
    assert!(
        page.contains(r#"<link rel="canonical" href="https://example.org/latest/">"#),
        "{page}"
    );
    let order: Vec<usize> = [
        "الرئيس يستقبل وفداً برلمانياً",
        "البنك المركزي يخفض سعر الفائدة",
        "البورصة تغلق على ارتفاع",
        "الحكومة تقر خطة الإصلاح الإداري",
    ]
    .iter()
    .map(|title| {
        page.find(title)
            .unwrap_or_else(|| panic!("{title}: {page}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(
        !page.contains("البرلمان يناقش قانون الانتخابات"),
        "a story of the day before is past the 12 hours"
    );

    // The morning after, nothing is that recent: the page says so.
    let out = built_at(&site, "2025-11-12T09:00:00+03:00");
    let page = read(&out, "latest/index.html");
    assert!(page.contains("لا أخبار في آخر 12 ساعة."), "{page}");
    assert!(!page.contains("class=\"teasers\""), "{page}");
}

#[test]
fn an_article_links_its_section_neighbours_and_shares_plainly() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    let (_, middle) = page_titled(&out, "الحكومة تقر خطة الإصلاح الإداري");
    let nav = block(&middle, "class=\"prev-next\"", "</nav>");
    assert!(
        nav.contains("البرلمان يناقش قانون الانتخابات"),
        "older in politics: {nav}"
    );
    assert!(
        nav.contains("الرئيس يستقبل وفداً برلمانياً"),
        "newer in politics: {nav}"
    );
    assert!(
        !nav.contains("البورصة"),
        "not the economy story published between: {nav}"
    );
    let crumbs = block(&middle, "class=\"breadcrumbs\"", "</nav>");
    assert!(
        crumbs.contains(">الرئيسية</a>") && crumbs.contains(">سياسة</a>"),
        "{crumbs}"
    );
    let share = block(&middle, "class=\"share\"", "</section>");
    for network in ["https://wa.me/?text=", "https://x.com/intent/post?text=", "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2F2025%2F11%2F11%2Fالحكومة-تقر-خطة-الإصلاح-الإداري%2F", "https://t.me/share/url?url="] {
        assert!(share.contains(network), "{network}: {share}");
    }
    assert!(!share.contains("<script src"), "no third-party script");
}

#[test]
fn the_web_font_ships_unless_the_site_asks_for_system_fonts() {
    let site = newsroom();
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    assert!(out
        .join("fonts/noto-naskh-arabic-arabic-400-normal.woff2")
        .is_file());
    assert!(
        out.join("fonts/OFL.txt").is_file(),
        "the licence goes with the font"
    );
    let home = read(&out, "index.html");
    assert!(
        home.contains("rel=\"preload\" href=\"/fonts/noto-naskh-arabic-arabic-400-normal.woff2\"")
    );
    assert!(
        stylesheet(&out).contains("font-display:swap")
            || stylesheet(&out).contains("font-display: swap")
    );
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap_or_default();
    write(
        &site.path().join("site.toml"),
        format!("font = \"system\"\n{config}").as_bytes(),
    );
    let out = built_at(&site, "2025-11-11T19:00:00+03:00");
    assert!(!out.join("fonts").exists(), "no font files");
    let home = read(&out, "index.html");
    assert!(home.contains("data-font=\"system\"") && !home.contains("rel=\"preload\""));
}

#[test]
fn the_seed_article_has_its_hijri_date_and_a_url_spelled_as_its_headline() {
    let site = sample_site();
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (rel, page) = page_titled(
        &out,
        "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\"",
    );
    assert_eq!(
        rel,
        "2025/11/11/دمشق-تعلن-توقيع-إعلان-تعاون-سياسي/index.html"
    );
    assert!(page.contains(
        "<span class=\"hijri\">الثلاثاء 20 جمادى الأولى 1447 هـ</span> - <span class=\"gregorian\">11 نوفمبر 2025 م</span></time>"
    ));
}

/// Related stories found from the text join the backlinks under
/// «أخبار ذات صلة»: the older story on the same news in another spelling,
/// not the unrelated one, and none at all with `related = 0`.
#[test]
fn an_article_lists_related_stories_found_from_its_text() {
    let story = |title: &str, day: u32, body: &str| {
        format!("{title}\nتاريخ النشر: 2025-11-{day:02}\n{body}\n")
    };
    let files = [
        (
            "content/a.txt",
            story(
                "الحكومة السورية تعلن خطة إعادة إعمار حلب",
                10,
                "دمشق- أعلنت الحكومة السورية خطة لإعادة إعمار الأحياء المدمرة في حلب وترميم المدارس والمستشفيات.",
            ),
        ),
        (
            "content/b.txt",
            story(
                "اعاده اعمار حلب تبدا بترميم المدارس",
                9,
                "حلب- بدأت ورشات إعادة الإعمار في حلب بترميم المدارس والمستشفيات في الأحياء المدمرة.",
            ),
        ),
        (
            "content/c.txt",
            story(
                "موجة حر تضرب الخليج",
                8,
                "الدوحة- تشهد دول الخليج موجة حر شديدة مع درجات حرارة قياسية هذا الأسبوع.",
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = site(&files);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (b_rel, _) = page_titled(&out, "اعاده اعمار حلب تبدا بترميم المدارس");
    let (_, a) = page_titled(&out, "الحكومة السورية تعلن خطة إعادة إعمار حلب");
    let found = format!(
        "<li class=\"found\"><a href=\"{}\">اعاده اعمار حلب تبدا بترميم المدارس</a>",
        href_of(&b_rel)
    );
    assert!(a.contains("<h2 id=\"backlinks-title\">أخبار ذات صلة</h2>"));
    assert!(a.contains(&found), "no related link in {a}");
    assert!(!a.contains("موجة حر"), "an unrelated story is listed");
    // The older story never lists the newer one (Hugo's stable rule).
    let (_, b) = page_titled(&out, "اعاده اعمار حلب تبدا بترميم المدارس");
    assert!(!b.contains("class=\"found\""));

    write(&site.path().join("site.toml"), b"related = 0\n");
    build_ok(&options(site.path()));
    let (_, a) = page_titled(&out, "الحكومة السورية تعلن خطة إعادة إعمار حلب");
    assert!(!a.contains("class=\"found\""), "related = 0 lists none");
}
