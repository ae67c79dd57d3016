//! Hostile input: every bad file gets a named report while every valid
//! article still builds; nothing unsafe reaches pages, feeds or structured
//! data; nothing is written outside the output folder; a killed build leaves
//! the previous site whole.

use std::fs;
use std::process::Command;
use std::time::Duration;

use crate::common::*;

const GOOD: &str = "خبر سليم عن الاقتصاد\nتاريخ النشر: 2025-11-11\nبيروت- نص الخبر السليم.\n";

/// Builds `site` (plus one good article) and returns the outcome.
fn build_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, sahifa::Outcome) {
    let site = site(&[("content/good.txt", GOOD)]);
    for (path, bytes) in files {
        write(&site.path().join(path), bytes);
    }
    let mut opts = options(site.path());
    opts.base_url = Some("https://example.org/".into());
    let outcome = build_ok(&opts);
    (site, outcome)
}

/// The diagnostic about `file`, as text.
fn report_for(outcome: &sahifa::Outcome, file: &str) -> String {
    let found: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| f.ends_with(file)))
        .map(ToString::to_string)
        .collect();
    assert!(
        !found.is_empty(),
        "no report for {file}: {:#?}",
        outcome.report.diagnostics
    );
    found.join("\n")
}

#[test]
fn each_bad_file_is_reported_by_name_and_the_rest_builds() {
    let mut latin1_and_control = b"\xe9t\xe9 \xe0 Paris \x01\x02".to_vec();
    latin1_and_control.extend(b"\x80\x81\xfe\xff");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", vec![], "empty"),
        ("blank.txt", b"  \n\t\n   \n".to_vec(), "empty"),
        (
            "title-only.txt",
            "عنوان وحده\n".as_bytes().to_vec(),
            "تاريخ النشر",
        ),
        (
            "no-body.txt",
            "عنوان\nتاريخ النشر: 2025-11-11\n".as_bytes().to_vec(),
            "no body",
        ),
        (
            "no-date.txt",
            "عنوان\nنص بلا تاريخ.\n".as_bytes().to_vec(),
            "تاريخ النشر",
        ),
        (
            "unknown-date.txt",
            "عنوان\nتاريخ النشر: غير معروف\nنص.\n".as_bytes().to_vec(),
            ":2:",
        ),
        (
            "foo-date.txt",
            "عنوان\nتاريخ النشر: 32nd, Foo 2025\nنص.\n"
                .as_bytes()
                .to_vec(),
            ":2:",
        ),
        (
            "binary.txt",
            b"\x00\x01\x02\x03binary\x00".to_vec(),
            "binary",
        ),
        ("latin1.txt", latin1_and_control, "skipped"),
        (
            "unclosed.md",
            "+++\ntitle = \"x\"\nنص\n".as_bytes().to_vec(),
            "never closed",
        ),
        (
            "bad-toml.md",
            "+++\ntitle = = \"x\"\n+++\nنص\n".as_bytes().to_vec(),
            "TOML",
        ),
        (
            "bad-yaml.md",
            "---\ntitle: [x\n---\nنص\n".as_bytes().to_vec(),
            "YAML",
        ),
        (
            "wrong-type.md",
            "+++\ntitle = \"x\"\ndate = 2025-11-11\ntags = 5\n+++\nنص\n"
                .as_bytes()
                .to_vec(),
            "`tags`",
        ),
    ];
    let files: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(name, bytes, _)| (format!("content/{name}"), bytes.clone()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let (site, outcome) = build_with(&refs);
    for (name, _, needle) in &cases {
        let report = report_for(&outcome, name);
        assert!(report.contains(needle), "{name}: {report}");
    }
    assert_eq!(outcome.articles, 1);
    page_titled(&site.path().join("public"), "خبر سليم عن الاقتصاد");
}

#[test]
fn bom_mixed_line_ends_and_legacy_encoding_build() {
    let mixed = "\u{FEFF}خبر بأسطر مختلطة\r\nتاريخ النشر: 2025-11-12\nالقاهرة- الفقرة الأولى.\r\nالفقرة الثانية.\rالفقرة الثالثة.\n";
    let (legacy, _, _) =
        encoding_rs::WINDOWS_1256.encode("خبر بترميز قديم\nتاريخ النشر: 2025-11-10\nنص الخبر.\n");
    let (site, outcome) = build_with(&[
        ("content/mixed.txt", mixed.as_bytes()),
        ("content/legacy.txt", &legacy),
    ]);
    assert_eq!(outcome.articles, 3);
    let (_, page) = page_titled(&site.path().join("public"), "خبر بأسطر مختلطة");
    let body = page
        .split("class=\"article-body\"")
        .nth(1)
        .unwrap_or_default();
    let body = body.split("</div>").next().unwrap_or_default();
    assert_eq!(
        body.matches("<p>").count(),
        3,
        "CR, LF and CRLF all end paragraphs"
    );
    assert!(report_for(&outcome, "legacy.txt").contains("Windows-1256"));
}

#[test]
fn huge_articles_and_lines_build() {
    let paragraph = "وقال الوزير إن الاتفاق سيوقع قريبا في العاصمة بحضور الوفود. ";
    let mut big = String::from("مقال طويل جدا\nتاريخ النشر: 2025-11-11\n");
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(paragraph);
        big.push_str(paragraph);
        big.push('\n');
    }
    let mut line = String::from("سطر طويل بلا نهاية\nتاريخ النشر: 2025-11-11\n");
    while line.len() < 1024 * 1024 {
        line.push_str(paragraph);
    }
    let (site, outcome) = build_with(&[
        ("content/big.txt", big.as_bytes()),
        ("content/line.txt", line.as_bytes()),
    ]);
    assert_eq!(outcome.articles, 3);
    let (_, page) = page_titled(&site.path().join("public"), "مقال طويل جدا");
    assert!(page.len() > 5 * 1024 * 1024);
    page_titled(&site.path().join("public"), "سطر طويل بلا نهاية");
}

#[test]
fn punctuation_titles_path_tricks_and_twins_get_safe_distinct_urls() {
    let twin = "خبر مكرر\nتاريخ النشر: 2025-11-11\nنص.\n";
    let twin2 = "خبر مكرر\nتاريخ النشر: 2025-11-11\nنص آخر مختلف.\n";
    let (site, outcome) = build_with(&[
        (
            "content/emoji.txt",
            "!!! 🔥🔥 ؟؟؟\nتاريخ النشر: 2025-11-11\nنص.\n".as_bytes(),
        ),
        (
            "content/passwd.md",
            b"+++\ntitle = \"x\"\nslug = \"../../etc/passwd\"\ndate = 2025-11-11\n+++\nbody\n",
        ),
        (
            "content/slashes.md",
            b"+++\ntitle = \"a/b\\\\c\"\ndate = 2025-11-11\n+++\nbody\n",
        ),
        ("content/twin1.txt", twin.as_bytes()),
        ("content/twin2.txt", twin2.as_bytes()),
    ]);
    assert_eq!(outcome.articles, 6);
    let out = site.path().join("public/2025/11/11");
    for folder in ["emoji", "etc-passwd", "a-b-c", "خبر-مكرر", "خبر-مكرر-2"] {
        assert!(out.join(folder).join("index.html").is_file(), "{folder}");
    }
    assert!(!site.path().join("etc").exists());
    let escaped: Vec<_> = walkdir::WalkDir::new(site.path())
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "passwd")
        .collect();
    assert!(escaped.is_empty());
}

#[test]
fn self_references_and_cycles() {
    let a = "المقال الأول\nتاريخ النشر: 2025-11-10\nنص.\nاقرأ أيضا:\nالمقال الثاني\nالمقال الأول\n";
    let b = "المقال الثاني\nتاريخ النشر: 2025-11-11\nنص.\nاقرأ أيضا:\nالمقال الأول\n";
    let (site, outcome) = build_with(&[
        ("content/a.txt", a.as_bytes()),
        ("content/b.txt", b.as_bytes()),
    ]);
    assert!(report_for(&outcome, "a.txt").contains("itself"));
    let out = site.path().join("public");
    let (a_rel, a_page) = page_titled(&out, "المقال الأول");
    let (b_rel, b_page) = page_titled(&out, "المقال الثاني");
    assert!(a_page.contains(&format!("href=\"{}\">المقال الثاني", href_of(&b_rel))));
    assert!(b_page.contains(&format!("href=\"{}\">المقال الأول", href_of(&a_rel))));
    assert!(!a_page.contains(&format!(
        "href=\"{}\">المقال الأول</a> <time",
        href_of(&a_rel)
    )));
}

#[test]
fn markup_is_never_executed_anywhere() {
    let raw = "<script>alert(1)</script> \"><svg onload=alert(1)>\nتاريخ النشر: 2025-11-11\n<img src=x onerror=alert(1)> نص </script><script>alert(2)</script>\nاقرأ أيضا:\n<script>alert(3)</script>\n";
    let md = "+++\ntitle = \"</script><script>alert(4)</script>\"\ndate = 2025-11-12\ndescription = \"\\\"><script>alert(5)</script>\"\n+++\n\n<script>alert(6)</script>\n\n<img src=x onerror=alert(7)>\n\n[اضغط](javascript:alert(8))\n\n<a href=\"javascript:alert(9)\">رابط</a>\n";
    // Embeds: shortcode arguments and address lines carrying markup.
    let embeds = "+++\ntitle = \"مقاطع\"\ndate = 2025-11-13\n+++\nنص.\n\n{{ figure(src=\"https://x.example/a.jpg\\\"><script>alert(10)</script>\", caption=\"\\\"><script>alert(11)</script>\", credit=\"<script>alert(12)</script>\") }}\n\n{{ youtube(id=\"\\\"><script>alert(13)</script>\") }}\n\n{{ x(url=\"https://x.com/a/status/1\\\"><script>alert(14)</script>\") }}\n";
    let raw_embed = "مقطع\nتاريخ النشر: 2025-11-11\nنص.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>alert(15)</script>\n";
    let (site, _) = build_with(&[
        ("content/x.txt", raw.as_bytes()),
        ("content/y.md", md.as_bytes()),
        ("content/z.md", embeds.as_bytes()),
        ("content/w.txt", raw_embed.as_bytes()),
    ]);
    let out = site.path().join("public");
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap_or(entry.path())
            .display()
            .to_string();
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        // What a browser or feed reader would take as markup: the page as it
        // is, a feed's content once its XML or JSON escaping is undone.
        let markup = if rel.ends_with(".xml") {
            // Only what readers take as HTML: Atom content, RSS description and content.
            let mut html = String::new();
            for (open, close) in [
                ("<content type=\"html\">", "</content>"),
                ("<description>", "</description>"),
                ("<content:encoded>", "</content:encoded>"),
            ] {
                for piece in text.split(open).skip(1) {
                    html.push_str(piece.split(close).next().unwrap_or_default());
                }
            }
            html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        } else if rel.ends_with(".json") {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            value["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| i["content_html"].as_str().unwrap_or_default().to_string())
                .collect()
        } else {
            text.clone()
        };
        let lower = markup.to_lowercase();
        for bad in [
            "<script>alert",
            "<svg onload",
            "<img src=x onerror",
            "href=\"javascript:",
            "<a href=javascript:",
        ] {
            assert!(!lower.contains(bad), "{rel} carries live markup {bad}");
        }
        // No title can close the JSON-LD script early.
        for block in text.split("<script type=\"application/ld+json\">").skip(1) {
            let json = block.split("</script>").next().unwrap_or_default();
            let value: serde_json::Value =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(value.is_object());
        }
    }
    let shown =
        "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;svg onload=alert(1)&gt;</h1>";
    assert!(
        html_pages(&out)
            .iter()
            .any(|(_, text)| text.contains(shown)),
        "the title is shown as text"
    );
    let json_feed = read(&out, "feed.json");
    let feed: serde_json::Value = serde_json::from_str(&json_feed).unwrap_or_default();
    // The good story, the two above and the two of embeds.
    assert!(feed["items"]
        .as_array()
        .is_some_and(|items| items.len() == 5));
    let (_, embeds) = page_titled(&out, "مقاطع");
    assert!(
        embeds.contains("<figure class=\"body-figure\">"),
        "{embeds}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_and_loops_are_reported_not_followed() {
    let site = site(&[
        ("content/good.txt", GOOD),
        ("secret/s.txt", "سر\nتاريخ النشر: 2025-11-11\nنص سري.\n"),
    ]);
    let content = site.path().join("content");
    std::os::unix::fs::symlink(site.path().join("secret"), content.join("outside"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(site.path().join("secret/s.txt"), content.join("file.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(content.join("nested/deeper")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&content, content.join("nested/deeper/loop"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(
        &content.join("nested/deeper/real.txt"),
        "خبر عميق\nتاريخ النشر: 2025-11-11\nنص.\n".as_bytes(),
    );
    write(&content.join(".draft.txt"), GOOD.as_bytes());
    let mut opts = options(site.path());
    opts.base_url = Some("https://example.org/".into());
    let outcome = build_ok(&opts);
    assert_eq!(outcome.articles, 2, "good.txt and the nested one");
    let notes: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("outside") && n.contains("not followed")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("file.txt") && n.contains("not followed")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("loop")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.contains(".draft")), "{notes:?}");
    let all = html_pages(&site.path().join("public"));
    assert!(!all.iter().any(|(_, t)| t.contains("نص سري")));
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    // A site big enough that a build takes a while to write.
    let site = site(&[]);
    for i in 0..1500 {
        let text = format!(
            "خبر رقم {i} في سلسلة طويلة\nتاريخ النشر: 2025-{:02}-{:02}\nبيروت- {}\n",
            i % 12 + 1,
            i % 28 + 1,
            "نص الخبر المطول. ".repeat(60)
        );
        write(
            &site.path().join(format!("content/{i:04}.txt")),
            text.as_bytes(),
        );
    }
    let root = site.path().to_string_lossy().to_string();
    let out = site.path().join("public");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sahifa"))
            .args(["build", "--root", &root])
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(run(&[]).status.success());
    let files_before = count_files(&out);
    let home_before = read(&out, "index.html");
    // Now change every article and kill builds at different moments.
    write(
        &site.path().join("site.toml"),
        b"title = \"\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86 \xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf\"\n",
    );
    for delay in [5u64, 40, 120, 300, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sahifa"))
            .args(["build", "--root", &root])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let home = read(&out, "index.html");
        let whole_old = home == home_before && count_files(&out) == files_before;
        let whole_new = home.contains("عنوان جديد") && count_files(&out) == files_before;
        assert!(
            whole_old || whole_new,
            "after a kill at {delay} ms the site is neither the old nor the new one"
        );
        assert!(out.join(sahifa::MARKER).is_file());
    }
    // The next build finishes, and no staging folder is left behind.
    assert!(run(&[]).status.success());
    assert!(read(&out, "index.html").contains("عنوان جديد"));
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".sahifa-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn count_files(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Hidden files in `static/` (`.env`, `.git/`) are never published, and a
/// file whose name is not UTF-8 — in `content/` or `static/` — is named in
/// a warning instead of vanishing.
#[test]
fn hidden_static_files_stay_private_and_undecodable_names_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = site(&[
        ("content/a.txt", GOOD),
        ("static/.env", "SECRET=1"),
        ("static/.git/config", "[core]"),
        ("static/fonts/.DS_Store", "x"),
        ("static/ads.txt", "google.com, pub-0, DIRECT"),
    ]);
    let latin1 = |folder: &str, ext: &str| {
        let mut name = b"caf\xe9".to_vec();
        name.extend_from_slice(ext.as_bytes());
        site.path()
            .join(folder)
            .join(std::ffi::OsStr::from_bytes(&name))
    };
    fs::write(latin1("content", ".txt"), GOOD).unwrap_or_else(|e| panic!("{e}"));
    fs::write(latin1("static", ".css"), "a{}").unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    let public = site.path().join("public");
    assert!(public.join("ads.txt").is_file());
    for hidden in [".env", ".git/config", ".git", "fonts/.DS_Store"] {
        assert!(!public.join(hidden).exists(), "{hidden} was published");
    }
    assert_eq!(
        said.matches("the file name is not UTF-8").count(),
        2,
        "one warning each in content/ and static/: {said}"
    );
    assert!(said.contains("content/caf\u{fffd}.txt"), "{said}");
}

/// Text from files cannot forge lines of the build log, headlines cannot be
/// invisible, and a direction override in a title stays inside the title.
#[test]
fn forged_log_lines_invisible_titles_and_stray_direction_overrides() {
    let site = site(&[
        (
            "site.toml",
            "title = \"موقع\"\nbase_url = \"https://example.org/\"\n",
        ),
        (
            "content/ok.txt",
            "خبر سليم\nتاريخ النشر: 2025-11-11\nنص الخبر.\n",
        ),
        // No date: an error naming a file whose name holds a line of its own.
        (
            "content/x\nerror: all pages were deleted\n.txt",
            "عنوان\nنص بلا تاريخ.\n",
        ),
        (
            "content/invisible.txt",
            "\u{202E}\u{200F}\u{2066}\nتاريخ النشر: 2025-11-11\nنص.\n",
        ),
        (
            "content/invisible.md",
            "+++\ntitle = \"\u{200B}\u{064B}\"\ndate = 2025-11-11\n+++\nنص.\n",
        ),
        (
            "content/reversed.txt",
            "\u{202E}خبر مقلوب\nتاريخ النشر: 2025-11-12\nنص الخبر.\n",
        ),
    ]);
    let run = sahifa_in(site.path(), &["build"]);
    let text = printed(&run);
    assert!(
        !text.lines().any(|l| l.starts_with("error: all pages")),
        "a forged line: {text}"
    );
    assert!(
        text.contains("content/x\\u{a}error: all pages were deleted\\u{a}.txt"),
        "{text}"
    );
    for file in ["content/invisible.txt:1", "content/invisible.md"] {
        assert!(
            text.lines()
                .any(|l| l.contains(file) && l.contains("the title has nothing to see")),
            "{file}: {text}"
        );
    }
    let out = site.path().join("public");
    let page = fs::read_to_string(
        walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .find(|e| e.path().to_string_lossy().contains("خبر-مقلوب"))
            .map(|e| e.path().join("index.html"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert!(page.contains("<title>\u{202E}خبر مقلوب\u{202C}"), "{page}");
    let feed = fs::read_to_string(out.join("atom.xml")).unwrap_or_default();
    assert!(feed.contains("\u{202E}خبر مقلوب\u{202C}"), "{feed}");
    assert!(!feed.contains("\u{202E}خبر مقلوب<"), "{feed}");
}

/// Runs `sahifa ARGS` in `dir`, failing the test if it has not ended within
/// a minute (a pipe read for ever would hang it): the output when it ends.
fn sahifa_ending(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let child = Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let pid = child.id();
    let (done, ended) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match ended.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.unwrap_or_else(|e| panic!("{e}")),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("sahifa {args:?} did not end");
        }
    }
}

fn mkfifo(path: &std::path::Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}

/// Issue 32, item 10: `theme export` never writes through a link (a
/// `templates/` leading out of the site, a file linking elsewhere that
/// `--force` would overwrite) nor reads a pipe or a device; `site.toml` and
/// `strings.toml` are read only as regular files of sane size.
#[test]
fn theme_export_and_settings_files_never_follow_links_pipes_or_devices() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = site(&[("content/a.txt", "خبر\nتاريخ النشر: 2025-11-11\nنص.\n")]);
    let root = site.path();
    std::os::unix::fs::symlink(outside.path(), root.join("templates"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_ending(root, &["theme", "export"]);
    assert!(!out.status.success());
    assert!(
        printed(&out).contains("is a link, not a folder"),
        "{}",
        printed(&out)
    );
    assert_eq!(
        fs::read_dir(outside.path()).map(|d| d.count()).unwrap_or(1),
        0
    );
    fs::remove_file(root.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    // A template that links to a file elsewhere: --force leaves it alone.
    fs::create_dir(root.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    let precious = outside.path().join("precious.txt");
    fs::write(&precious, "keep me").unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&precious, root.join("templates/base.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_ending(root, &["theme", "export", "--force"]);
    assert!(!out.status.success());
    assert_eq!(fs::read_to_string(&precious).unwrap_or_default(), "keep me");
    fs::remove_file(root.join("templates/base.html")).unwrap_or_else(|e| panic!("{e}"));
    // A pipe where a template goes: refused, not waited on.
    mkfifo(&root.join("templates/base.html"));
    let out = sahifa_ending(root, &["theme", "export"]);
    assert!(!out.status.success());
    assert!(
        printed(&out).contains("templates/base.html"),
        "{}",
        printed(&out)
    );
    fs::remove_file(root.join("templates/base.html")).unwrap_or_else(|e| panic!("{e}"));
    fs::remove_dir_all(root.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    // site.toml and strings.toml as a pipe or /dev/zero.
    for name in ["site.toml", "strings.toml"] {
        mkfifo(&root.join(name));
        let out = sahifa_ending(root, &["build"]);
        assert!(!out.status.success());
        assert!(
            printed(&out).contains(&format!("{name}: is not a regular file")),
            "{}",
            printed(&out)
        );
        fs::remove_file(root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("/dev/zero", root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        let out = sahifa_ending(root, &["build"]);
        assert!(!out.status.success());
        assert!(
            printed(&out).contains("is not a regular file"),
            "{}",
            printed(&out)
        );
        fs::remove_file(root.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Issue 32, item 12: a template whose loops never end in practice (a
/// `range` loop inside another) or that writes without end is stopped
/// with an error naming it, not left running for hours or filling a disk.
#[test]
fn a_template_loop_without_end_is_stopped_with_its_name() {
    for (template, needle) in [
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
            "range items",
        ),
        (
            "{% for i in range(end=1000) %}{% for j in range(end=1000) %}{{ item.title }}{{ item.title }}{{ item.title }}{{ item.title }}{{ item.title }}{{ item.title }}{{ item.title }}{{ item.title }}{% endfor %}{% endfor %}",
            "MiB",
        ),
    ] {
        let long_title = "عنوان طويل جدا ".repeat(20);
        let article = format!("{long_title}\nتاريخ النشر: 2025-11-11\nنص.\n");
        let site = site(&[
            ("content/a.txt", article.as_str()),
            ("templates/teaser.html", template),
        ]);
        let out = sahifa_ending(site.path(), &["build"]);
        assert!(!out.status.success());
        let said = printed(&out);
        assert!(said.contains("teaser.html"), "{said}");
        assert!(said.contains(needle), "{said}");
    }
}

/// Issue 32, item 12: a table header of a thousand columns over a thousand
/// short rows multiplied 46 KB of Markdown into 15 MB of HTML (again in
/// each feed): such tables are shown as text, with a warning.
#[test]
fn a_table_that_would_multiply_its_cells_is_shown_as_text() {
    let mut body = format!("|{}\n|{}\n", "a|".repeat(1000), "-|".repeat(1000));
    body.push_str(&"|x\n".repeat(1000));
    let article = format!("+++\ntitle = \"جدول\"\ndate = 2025-11-11\n+++\n{body}");
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/\"\n"),
        ("content/a.md", article.as_str()),
    ]);
    let outcome = build_ok(&options(site.path()));
    assert!(outcome
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("shown as text")));
    let out = site.path().join("public");
    let size: u64 = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert!(size < 2 * 1024 * 1024, "{size} bytes of output");
    // A real table is still a table.
    let table = "+++\ntitle = \"نتائج\"\ndate = 2025-11-11\n+++\n| الفريق | النقاط |\n|---|---|\n| الهلال | 30 |\n";
    let site = crate::common::site(&[("content/b.md", table)]);
    build_ok(&options(site.path()));
    let (_, page) = page_titled(&site.path().join("public"), "نتائج");
    assert!(page.contains("<table>"), "{page}");
}
