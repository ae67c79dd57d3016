//! The default theme in real headless Chromium (driven by playwright-core from
//! `.ci/tools`): right-to-left layout on desktop and phone widths, and live
//! reload under `sahifa serve`. Skipped
//! when Chromium, Node or playwright-core is missing, except under CI.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;

/// playwright-core's folder when Chromium, Node and playwright-core are all
/// here; otherwise the test is skipped (and fails under CI).
fn browser_tools() -> Option<PathBuf> {
    let dir = repo().join(".ci/tools/node_modules/playwright-core");
    let ready = dir.is_dir()
        && PathBuf::from("/usr/bin/chromium").is_file()
        && Command::new("node").arg("--version").output().is_ok();
    require("Chromium, Node and .ci/tools playwright-core", ready).then_some(dir)
}

/// [`browser_tools`] and axe-core's script, when all are here.
fn browser_tools_and_axe() -> Option<(PathBuf, PathBuf)> {
    let playwright = browser_tools()?;
    let axe = repo().join(".ci/tools/node_modules/axe-core/axe.min.js");
    require("axe-core in .ci/tools", axe.is_file()).then_some((playwright, axe))
}

/// Runs `tests/browser/SCRIPT` with `args` (and `AXE_CORE_PATH` when
/// given) and insists it printed `{"failures":[]}`.
fn run_script(
    playwright: &std::path::Path,
    script: &str,
    args: &[String],
    axe: Option<&std::path::Path>,
) {
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .env("PLAYWRIGHT_CORE_DIR", playwright);
    if let Some(axe) = axe {
        command.env("AXE_CORE_PATH", axe);
    }
    let output = command.output().unwrap_or_else(|e| panic!("node: {e}"));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && report.contains("\"failures\":[]"),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Builds the sample site, serves it, and runs `tests/browser/SCRIPT` on the
/// article titled `title`.
fn run_on_sample_site(playwright: &std::path::Path, script: &str, title: &str) {
    let site = sample_site();
    build_ok(&options(site.path()));
    let (article, _) = page_titled(&site.path().join("public"), title);
    let server = StaticServer::start(site.path().join("public"));
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    let args = [
        server.url(),
        url_of(&article).trim_start_matches('/').to_string(),
        shots,
    ];
    run_script(playwright, script, &args, None);
}

#[test]
fn the_default_theme_lays_out_right_to_left() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    run_on_sample_site(
        &playwright,
        "rtl.mjs",
        "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\"",
    );
}

#[test]
fn the_lead_picture_is_displayed_on_a_phone_without_sideways_scrolling() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    run_on_sample_site(
        &playwright,
        "pictures.mjs",
        "السعودية تعلن موعد انطلاق موسم الرياض",
    );
}

#[test]
fn a_gallery_swipes_on_a_phone_is_a_grid_on_a_desktop_and_answers_the_keyboard() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    run_on_sample_site(
        &playwright,
        "gallery.mjs",
        "العراق يفتتح معرض بغداد الدولي للكتاب",
    );
}

#[test]
fn recent_stories_say_how_long_ago_at_reading_time_and_keep_it_current() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let site = sample_site();
    let mut opts = options(site.path());
    opts.now = chrono::DateTime::parse_from_rfc3339("2025-11-12T12:00:00+03:00").ok();
    build_ok(&opts);
    let server = StaticServer::start(site.path().join("public"));
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    run_script(&playwright, "hours.mjs", &[server.url(), shots], None);
}

const WIDE_THINGS: &str = "+++\ntitle = \"جدول ورابط طويل في خبر واحد\"\ndate = 2025-06-01\n+++\n\n\
الرابط https://example.org/%D8%A7%D9%84%D8%AA%D9%82%D8%B1%D9%8A%D8%B1/%D8%A7%D9%84%D8%B3%D9%86%D9%88%D9%8A/2025/full-report-with-a-very-long-name.pdf في النص.\n\n\
كلمةطويلةجدابلامسافاتكلمةطويلةجدابلامسافاتكلمةطويلةجدابلامسافاتكلمةطويلةجدا.\n\n\
| المحافظة | السكان 2024 | السكان 2025 | التغير | الملاحظات الطويلة جداً |\n|---|---|---|---|---|\n\
| دمشق | 2,500,000 | 2,560,000 | 2.4% | زيادة سكانية مع عودة النازحين |\n\n\
```\nfn main() { println!(\"a line of code far longer than any phone is wide, and longer still\"); }\n```\n";

/// Home, article, section and archive pages at 390 and 1280 px in the light
/// and dark schemes: right to left, no sideways scrolling, the web font in
/// use, no serious or critical axe-core violation; an English quotation in
/// an Arabic paragraph stays in logical order.
#[test]
fn every_kind_of_page_reads_right_on_phones_and_desktops_in_both_schemes() {
    let Some((playwright, axe)) = browser_tools_and_axe() else {
        return;
    };
    let site = sample_site();
    // What widens pages on phones: a long URL, a long word, a table, code.
    write(
        &site.path().join("content/wide-things.md"),
        WIDE_THINGS.as_bytes(),
    );
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (wide, _) = page_titled(&out, "جدول ورابط طويل في خبر واحد");
    let (seed, _) = page_titled(
        &out,
        "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\"",
    );
    let (quote, _) = page_titled(&out, "تونس تحتفي بمهرجان قرطاج السينمائي");
    let server = StaticServer::start(out);
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    let page = |rel: &str| url_of(rel).trim_start_matches('/').to_string();
    let args = [server.url(), page(&seed), page(&quote), page(&wide), shots];
    run_script(&playwright, "reading.mjs", &args, Some(&axe));
}

/// A story with both calendars, a time, an update, a city, a source and a
/// read-also link, at 390 and 1280 px (issue 31, items 6 and 9): neither
/// date broken inside, the update on its own line, share links with marks
/// and Arabic names, the read-also date apart from its title.
#[test]
fn an_articles_date_line_share_links_and_read_also_read_as_signed_off() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let site = site(&[
        (
            "content/a.txt",
            "مجلس الوزراء يقر موازنة العام المقبل\nتاريخ النشر: 23 يونيو 2025 - 06:55 م\n\
             آخر تحديث: 25 يونيو 2025 - 09:48 ص\nالرياض - أقر مجلس الوزراء موازنة العام المقبل في جلسته الأسبوعية.\n\
             المصدر: وكالة الأنباء السعودية\nإقرأ أيضاً:\nوزارة المالية تعلن أرقام الميزانية الفصلية\n",
        ),
        (
            "content/b.txt",
            "وزارة المالية تعلن أرقام الميزانية الفصلية\nتاريخ النشر: 20 يونيو 2025\nالرياض - أعلنت وزارة المالية أرقام الميزانية للربع الثاني.\n",
        ),
        ("site.toml", "timezone = \"+03:00\"\nhijri = true\nbase_url = \"https://example.org/\"\n"),
    ]);
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (article, _) = page_titled(&out, "مجلس الوزراء يقر موازنة العام المقبل");
    let server = StaticServer::start(out);
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    let args = [
        server.url(),
        url_of(&article).trim_start_matches('/').to_string(),
        shots,
    ];
    run_script(&playwright, "article_parts.mjs", &args, None);
}

/// The front page (issue 31, items 10 and 11) at 390 and 1280 px: a lead
/// without a picture in one column, a second tier of stories with
/// pictures in one row, a picture in a section block, no underlined
/// headlines, the latest stories at their measure with the topics and the
/// archive beside them, a compact phone masthead.
#[test]
fn the_front_page_reads_as_a_newspapers_without_a_lead_picture_too() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let md = |title: &str, day: u32, section: &str, picture: bool| {
        let image = if picture {
            format!("image = \"https://cdn.example.net/{day}.jpg\"\n")
        } else {
            String::new()
        };
        format!("+++\ntitle = \"{title}\"\ndate = 2025-06-{day:02}T10:00:00+03:00\nsection = \"{section}\"\ntags = [\"الموازنة\", \"الخليج\"]\n{image}+++\nالرياض - {title} في خبر يكفي لملخص قصير يقرؤه القارئ على الصفحة الأولى.\n")
    };
    let stories = [
        (
            "مجلس الوزراء يقر موازنة العام المقبل بعجز أقل",
            "politics",
            false,
        ),
        ("وزير الخارجية يستقبل نظيره الأردني", "politics", true),
        ("البورصة تغلق على ارتفاع", "economy", false),
        ("الهلال يفوز على النصر", "sports", true),
        ("معرض للكتاب في جدة", "culture", true),
        ("اتفاق لتطوير الموانئ", "economy", false),
        ("قمة خليجية في الرياض", "politics", true),
        ("أسعار النفط ترتفع", "economy", true),
        ("منتخب الشباب يتأهل", "sports", false),
    ];
    let files: Vec<(String, String)> = stories
        .iter()
        .enumerate()
        .map(|(i, (title, section, picture))| {
            let day = 23 - u32::try_from(i).unwrap_or_default();
            (format!("content/{i}.md"), md(title, day, section, *picture))
        })
        .collect();
    let mut all: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    all.push((
        "site.toml",
        "title = \"صحيفة الغد\"\nsearch = true\nsections = [{ key = \"politics\", name = \"سياسة\" }, { key = \"economy\", name = \"اقتصاد\" }, { key = \"sports\", name = \"رياضة\" }, { key = \"culture\", name = \"ثقافة\" }, { key = \"tech\", name = \"تقنية\" }]\n",
    ));
    let site = site(&all);
    build_ok(&options(site.path()));
    let server = StaticServer::start(site.path().join("public"));
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    run_script(&playwright, "front.mjs", &[server.url(), shots], None);
}

/// A stand-in for an embed provider on the loopback: answers every request
/// with a small page, and keeps each request's target.
struct StandInProvider {
    port: u16,
    asked: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl StandInProvider {
    fn start() -> StandInProvider {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = std::sync::Arc::clone(&asked);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let target = line.split(' ').nth(1).unwrap_or_default().to_string();
                if let Ok(mut asked) = log.lock() {
                    asked.push(target);
                }
                let body = "<!doctype html><title>player</title><p>stand-in player</p>";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        StandInProvider { port, asked }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Issue 33, item 5: a raw article with a YouTube address on a line and
/// a Markdown shortcode for an X post, as a reader's browser gets them:
/// nothing is asked of the provider (a stand-in on the loopback) before
/// the reader activates a card with the keyboard, then the player loads;
/// without JavaScript the cards are links.
#[test]
fn embeds_load_nothing_from_the_provider_before_the_readers_click() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let provider = StandInProvider::start();
    let config = format!(
        "title = \"صحيفة الغد\"\nembed_origins = {{ youtube = \"{0}\", x = \"{0}\" }}\n",
        provider.origin()
    );
    let site = site(&[
        ("site.toml", config.as_str()),
        (
            "content/clip.txt",
            "الرئيس يلقي كلمة في افتتاح الدورة البرلمانية\nتاريخ النشر: 2025-06-20 10:00\nبيروت- ألقى الرئيس كلمة في افتتاح الدورة البرلمانية الجديدة تناول فيها الأوضاع الاقتصادية.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\nوقال إن الحكومة ستقدم موازنة جديدة الشهر المقبل.\n",
        ),
        (
            "content/post.md",
            "+++\ntitle = \"ردود على الكلمة\"\ndate = 2025-06-19T10:00:00+03:00\n+++\nبيروت- تفاعل المتابعون مع الكلمة التي ألقاها الرئيس في افتتاح الدورة.\n\n{{ youtube(id=\"dQw4w9WgXcQ\") }}\n\nوكتب أحد النواب:\n\n{{ x(url=\"https://x.com/AJArabic/status/1790000000000000000\") }}\n",
        ),
    ]);
    // Both embeds on one page: the raw story names the post too.
    let clip = site.path().join("content/clip.txt");
    let text = std::fs::read_to_string(&clip).unwrap_or_default();
    write(
        &clip,
        format!(
            "{text}https://x.com/AJArabic/status/1790000000000000000\nوختم بالدعوة إلى الحوار.\n"
        )
        .as_bytes(),
    );
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (article, _) = page_titled(&out, "الرئيس يلقي كلمة في افتتاح الدورة البرلمانية");
    let (post, _) = page_titled(&out, "ردود على الكلمة");
    let server = StaticServer::start(out);
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    // The raw story (address lines), then the Markdown one (shortcodes).
    for page in [&article, &post] {
        let page_url = format!("{}{}", server.url(), url_of(page).trim_start_matches('/'));
        run_script(
            &playwright,
            "embeds.mjs",
            &[page_url, provider.origin(), shots.clone()],
            None,
        );
    }
    let asked = provider.asked.lock().map(|a| a.clone()).unwrap_or_default();
    assert!(
        !asked.is_empty() && asked.iter().all(|t| t.starts_with("/embed/dQw4w9WgXcQ")),
        "only the clip clicked was asked for: {asked:?}"
    );
}

/// The editorial report page (`sahifa check --format html`): right to
/// left on a phone and a desktop, nothing wider than the screen, every
/// group reachable from the list at the top, a finding of several lines
/// shown a line each, no serious axe-core violation.
#[test]
fn the_editorial_report_page_reads_right_to_left_on_phones_and_desktops() {
    let Some((playwright, axe)) = browser_tools_and_axe() else {
        return;
    };
    let site = sample_site();
    // A long unbroken title and a deep path: what would widen a phone page.
    write(
        &site.path().join("content/a/very/deep/folder/with-a-long-file-name-for-the-report.txt"),
        "خبر_بعنوان_طويل_جدا_بلا_مسافات_يمتد_عبر_الشاشة_كلها_وأكثر_منها_بكثير\nتاريخ النشر: 2025-11-10\nنص قصير.\nإقرأ أيضاً:\nعنوان_لا_يطابق_أي_خبر_في_الموقع_وهو_طويل_جدا_بلا_مسافات_أيضا\n"
            .as_bytes(),
    );
    // A scraped page: the debris it lost is one finding of several lines.
    write(
        &site.path().join("content/scraped.txt"),
        "وزارة النقل تعلن خطة لتطوير النقل النهري\n• الرئيسية\n• أخبار\nتاريخ النشر: 2025-11-10\nالقاهرة - أعلنت وزارة النقل اليوم خطة لتطوير النقل النهري بين المحافظات.\nاترك تعليقاً\nرائع\n"
            .as_bytes(),
    );
    let out = sahifa_in(
        site.path(),
        &["check", "--format", "html", "-o", "report.html"],
    );
    assert!(out.status.success(), "{}", printed(&out));
    let url = format!("file://{}", site.path().join("report.html").display());
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    run_script(&playwright, "report.mjs", &[url, shots], Some(&axe));
}

/// The search page ranks like a newspaper's (issue 31, items 14 and 15), at
/// 390 and 1280 px: the word itself in a headline before a longer word in
/// many bodies, newer ones too; a word found behind «ب»; the words' order
/// does not change what is found; a phrase before scattered words.
#[test]
fn search_ranks_headlines_words_and_phrases_as_a_newspaper_does() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let story = |title: &str, date: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n{body}\n")
    };
    let tunisian =
        "أكدت الحكومة التونسية أن الشركات التونسية والمصارف التونسية ستشارك في المعارض التونسية.";
    let files = [
        (
            "content/1.md",
            story(
                "رئيس تونس يستقبل وفدا أوروبيا",
                "2024-01-10",
                "استقبل الرئيس وفدا.",
            ),
        ),
        (
            "content/2.md",
            story("أمطار غزيرة في تونس", "2024-02-10", "هطلت أمطار."),
        ),
        (
            "content/3.md",
            story("معرض للصناعات في صفاقس", "2025-03-10", tunisian),
        ),
        (
            "content/4.md",
            story("مهرجان للفنون في سوسة", "2025-03-11", tunisian),
        ),
        (
            "content/5.md",
            story(
                "وزارة الصحة تحذر من البعوض",
                "2025-04-01",
                "سجلت الوزارة إصابات بحمى الضنك في الجنوب.",
            ),
        ),
        (
            "content/6.md",
            story(
                "حملة رش في الأحياء",
                "2025-04-02",
                "تواصل البلدية حملتها بعد إصابات بحمى الضنك.",
            ),
        ),
        (
            "content/7.md",
            story(
                "انطلاق الدوري السعودي للمحترفين",
                "2024-08-01",
                "انطلق الموسم.",
            ),
        ),
        (
            "content/8.md",
            story(
                "الهلال يتصدر الدوري بعد فوزه على النصر السعودي",
                "2025-08-20",
                "تصدر الهلال الدوري السعودي.",
            ),
        ),
    ];
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    all.push(("site.toml", "search = true\n"));
    let site = site(&all);
    build_ok(&options(site.path()));
    let server = StaticServer::start(site.path().join("public"));
    run_script(&playwright, "ranking.mjs", &[server.url()], None);
}

/// The search page: spelling variants, prefix as you type, the section
/// filter, the keyboard, and nothing for a word in no article.
#[test]
fn search_finds_an_article_despite_its_spelling_and_filters_by_section() {
    let Some(playwright) = browser_tools() else {
        return;
    };
    let site = sample_site();
    build_ok(&options(site.path()));
    let server = StaticServer::start(site.path().join("public"));
    run_script(&playwright, "search.mjs", &[server.url()], None);
}

/// Drives `tests/browser/livereload.mjs` one command at a time.
struct Browser {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    answers: std::sync::mpsc::Receiver<String>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn open(playwright: &std::path::Path, url: &str) -> Browser {
        use std::io::BufRead;
        use std::process::Stdio;
        let mut child = Command::new("node")
            .arg(repo().join("tests/browser/livereload.mjs"))
            .arg(url)
            .env("PLAYWRIGHT_CORE_DIR", playwright)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("node: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        let mut browser = Browser {
            child,
            stdin,
            answers,
        };
        assert_eq!(browser.answer(), "ready");
        browser
    }

    fn answer(&mut self) -> String {
        self.answers
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the browser did not answer"))
    }

    fn ask(&mut self, command: &str) -> String {
        use std::io::Write;
        writeln!(self.stdin, "{command}").unwrap_or_else(|e| panic!("{e}"));
        self.answer()
    }
}

#[test]
fn an_open_page_reloads_itself_after_an_edit() {
    use crate::common::serve::{atomic_save, Server};
    let Some(playwright) = browser_tools() else {
        return;
    };
    let site = sample_site();
    write(
        &site.path().join("static/style.css"),
        b"body { color: rgb(0, 0, 0); }",
    );
    let server = Server::start(site.path(), &["--port", "0"]);
    let article = url_of("2025/11/11/دمشق-تعلن-توقيع-إعلان-تعاون-سياسي/index.html");
    let url = format!("{}{}", server.url, article.trim_start_matches('/'));
    let mut browser = Browser::open(&playwright, &url);
    let seed = site.path().join("content/000_a202247ae16cea6a.txt");
    let good = std::fs::read_to_string(&seed).unwrap_or_default();

    // A body edit: the page reloads by itself and shows the new text.
    atomic_save(
        &seed,
        &good.replace("كشف وزير الإعلام السوري", "أعلن وزير الإعلام السوري مساء"),
    );
    assert_eq!(browser.ask("wait-text أعلن وزير الإعلام السوري مساء"), "ok");

    // A stylesheet edit swaps the stylesheet without reloading the page.
    assert_eq!(browser.ask("mark"), "ok");
    write(
        &site.path().join("static/style.css"),
        b"body { color: rgb(0, 0, 128); }",
    );
    assert_eq!(browser.ask("wait-style color rgb(0, 0, 128)"), "ok");
    assert_eq!(
        browser.ask("marked"),
        "yes",
        "a CSS edit must not reload the page"
    );

    // A broken file: an overlay names file and line; fixing it clears it.
    atomic_save(
        &seed,
        &good.replace("11th, November 2025 GMT", "32nd, Foo 2025"),
    );
    assert_eq!(browser.ask("wait-overlay 000_a202247ae16cea6a.txt:2"), "ok");
    atomic_save(&seed, &good);
    assert_eq!(browser.ask("wait-no-overlay"), "ok");
    assert_eq!(browser.ask("wait-text كشف وزير الإعلام السوري"), "ok");
}

#[test]
fn an_entry_added_to_live_coverage_appears_and_the_reader_keeps_their_place() {
    use crate::common::serve::{atomic_save, Server};
    let Some(playwright) = browser_tools() else {
        return;
    };
    let entry = |time: &str, text: &str| {
        format!(
            "## {time}\n\n{text}\n\n{}\n\n",
            "فقرة تطول بها المداخلة. ".repeat(12)
        )
    };
    let mut text = String::from("+++\ntitle = \"تغطية مباشرة للانتخابات\"\ndate = 2025-11-12T08:00:00+00:00\nlive = true\n+++\nتونس - تتابع هذه الصفحة يوم الاقتراع.\n\n");
    for (n, time) in [
        "15:00", "14:00", "13:00", "12:00", "11:00", "10:00", "09:00",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&entry(time, &format!("المدخل رقم {n}.")));
    }
    let site = site(&[
        ("site.toml", "title = \"موقع\"\n"),
        ("content/live.md", &text),
    ]);
    let server = Server::start(site.path(), &["--port", "0"]);
    let page = url_of("2025/11/12/تغطية-مباشرة-للانتخابات/index.html");
    let url = format!("{}{}", server.url, page.trim_start_matches('/'));
    let mut browser = Browser::open(&playwright, &url);
    // Chromium's scroll anchoring would keep the place by itself; Safari
    // has none, and the reader's place must not depend on it.
    assert_eq!(browser.ask("no-scroll-anchoring"), "ok");
    let file = site.path().join("content/live.md");
    for (width, height, time) in [(390, 800, "16"), (1280, 900, "17")] {
        assert_eq!(browser.ask(&format!("size {width} {height}")), "ok");
        // Reading an entry in the middle of the coverage.
        assert_eq!(browser.ask("scroll-to update-20251112-1100"), "ok");
        let before: i64 = browser
            .ask("top-of update-20251112-1100")
            .parse()
            .unwrap_or(-1);
        assert!((0..200).contains(&before), "{before}");
        // The desk adds an entry, above it (newest first), and at the
        // wider size a second one right after: its reload may reach the
        // page while the first reload is still loading.
        let mut news = String::new();
        for minute in if width > 400 {
            &["00", "01"][..]
        } else {
            &["00"][..]
        } {
            let at = format!("{}:{minute}", &time[..2]);
            news = format!("مدخل جديد في {at}.");
            text = text.replacen("## 15:00", &format!("{}## 15:00", entry(&at, &news)), 1);
            atomic_save(&file, &text);
        }
        assert_eq!(browser.ask(&format!("wait-text {news}")), "ok");
        let after: i64 = browser
            .ask("top-of update-20251112-1100")
            .parse()
            .unwrap_or(-1);
        assert!(
            (after - before).abs() <= 2,
            "{width}px: the entry read was at {before}px from the top, after the reload at {after}px"
        );
    }
}
