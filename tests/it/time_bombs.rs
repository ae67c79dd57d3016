//! Inputs that once made a build take seconds to minutes (issue 19, items
//! 10–14), each built under a generous bound. Ignored by default, so that
//! timing noise cannot flake the suite; run them in release:
//!
//! ```text
//! cargo test --release --test it -- --ignored --test-threads=1 time_bombs
//! ```
//!
//! Each also checks the build did the right thing, not only fast.

use std::fs;
use std::time::{Duration, Instant};

use crate::common::*;

/// The bound: 2 s for a release build of sahifa, ten times that unoptimised.
fn bound() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(2)
    }
}

/// A site folder in memory (`/dev/shm`) when the machine has one: what is
/// timed is sahifa, not the disk.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (path, text) in files {
        write(&dir.path().join(path), text.as_bytes());
    }
    dir
}

/// Runs `sahifa ARGS` in `dir`; returns what it printed and how long it took,
/// failing when it took longer than [`bound`].
fn timed(dir: &std::path::Path, args: &[&str]) -> (std::process::Output, Duration) {
    timed_within(dir, args, bound())
}

/// [`timed`] with a bound of its own.
fn timed_within(
    dir: &std::path::Path,
    args: &[&str],
    bound: Duration,
) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = sahifa_in(dir, args);
    let took = started.elapsed();
    eprintln!("sahifa {} took {took:?}", args.join(" "));
    assert!(took < bound, "took {took:?}: {}", printed(&out));
    (out, took)
}

/// Item 10: titles of one very long word after a short one, and
/// read-also titles naming them with the long word a letter off: the short
/// word shortlists the title, and the long words must not be compared by an
/// unbounded edit distance (five files of 36,000-letter words took 42 s).
/// Five files of about 180 KB.
#[test]
#[ignore]
fn time_bombs_long_word_titles_resolve_in_linear_time() {
    let word = |n: usize, c: char| format!("{}{c}", "ب".repeat(90_000 + n));
    let mut files = Vec::new();
    for n in 0..5 {
        let text = format!(
            "خبر {}\nتاريخ النشر: 2025-11-1{n}\nنص الخبر.\nإقرأ أيضاً:\nخبر {}\n",
            word(n, 'ت'),
            word((n + 1) % 5, 'ث')
        );
        files.push((format!("content/{n}.txt"), text));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = site(&borrowed);
    let (out, _) = timed(site.path(), &["build"]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("built 5 articles") && said.contains("5 unresolved"),
        "{said}"
    );
}

/// Item 11: 5,000 stories with one title on one day get 5,000 distinct URLs.
#[test]
#[ignore]
fn time_bombs_five_thousand_twins_get_distinct_urls_quickly() {
    let site = site(&[]);
    for n in 0..5_000 {
        write(
            &site.path().join(format!("content/{n:04}.txt")),
            "خبر عاجل\nتاريخ النشر: 2025-11-11\nنص الخبر.\n".as_bytes(),
        );
    }
    let (out, _) = timed(site.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    let day = site.path().join("public/2025/11/11");
    let stories = fs::read_dir(&day)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("خبر-عاجل"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(stories, 5_000);
    assert!(day.join("خبر-عاجل-5000/index.html").is_file());
}

/// Item 12: 100,000 nested `<div>` in a Markdown body, and YAML front
/// matter of 100,000 `[`: each refused with a message before parsing.
#[test]
#[ignore]
fn time_bombs_deep_html_and_front_matter_are_refused_quickly() {
    let divs = format!(
        "+++\ntitle = \"أقسام\"\ndate = 2025-11-11\n+++\n{}\n",
        "<div>".repeat(100_000) + &"</div>".repeat(100_000)
    );
    let yaml = format!("---\ntitle: {}\n---\nنص\n", "[".repeat(100_000));
    let site = site(&[
        ("content/divs.md", &divs),
        ("content/yaml.md", &yaml),
        (
            "content/good.txt",
            "خبر سليم\nتاريخ النشر: 2025-11-11\nنص.\n",
        ),
    ]);
    let (out, _) = timed(site.path(), &["build"]);
    let said = printed(&out);
    assert!(
        said.contains("content/divs.md:5: raw HTML in the body nests elements more than 256 deep"),
        "{said}"
    );
    assert!(
        said.contains("content/yaml.md:2: the front matter is 97 KB"),
        "{said}"
    );
    assert!(site.path().join("public/index.html").is_file() || !out.status.success());
}

/// Item 13: `static/` with 50,000 files, all published. Writing 50,000
/// files takes about a second by itself: this one gets three bounds.
#[test]
#[ignore]
fn time_bombs_fifty_thousand_static_files_are_copied_quickly() {
    let site = site(&[("content/a.txt", "خبر\nتاريخ النشر: 2025-11-11\nنص.\n")]);
    for n in 0..50_000 {
        write(
            &site
                .path()
                .join(format!("static/files/{}/{n}.txt", n % 100)),
            b"x",
        );
    }
    let (out, _) = timed_within(site.path(), &["build"], bound() * 3);
    assert!(out.status.success(), "{}", printed(&out));
    assert!(site.path().join("public/files/99/49999.txt").is_file());
}

/// Item 14: a symbolic link from `content/` to `/usr` is not followed by
/// the loader, nor walked by the up-to-date check of the next build.
#[test]
#[ignore]
fn time_bombs_a_link_out_of_content_is_not_walked_by_the_build_stamp() {
    let site = site(&[("content/a.txt", "خبر\nتاريخ النشر: 2025-11-11\nنص.\n")]);
    let link = site.path().join("content/usr");
    if std::os::unix::fs::symlink("/usr", &link).is_err() {
        return;
    }
    let (first, _) = timed(site.path(), &["build"]);
    assert!(first.status.success(), "{}", printed(&first));
    let (again, took) = timed(site.path(), &["build"]);
    assert!(
        printed(&again).contains("is up to date"),
        "{}",
        printed(&again)
    );
    assert!(took < bound() / 4, "an up-to-date build took {took:?}");
}
