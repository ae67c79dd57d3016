//! What the output folder can and cannot become (issue 19): a permalink
//! that would put pages inside a generated file, file-style permalinks,
//! static files a page replaces, a write that fails, and two builds of one
//! output at once. Run as users run it: from inside the site folder.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::*;

fn with_site_toml(site: &tempfile::TempDir, extra: &str) {
    let path = site.path().join("site.toml");
    let text = fs::read_to_string(&path).unwrap_or_default();
    fs::write(&path, format!("{extra}\n{text}")).unwrap_or_else(|e| panic!("{e}"));
}

/// The sample site with one more `site.toml` line, built from inside its
/// folder: a build that must fail, and what it printed.
fn failed_build_with(setting: &str) -> (tempfile::TempDir, String) {
    let site = sample_site();
    with_site_toml(&site, setting);
    let run = sahifa_in(site.path(), &["build"]);
    let text = printed(&run);
    assert!(!run.status.success(), "{text}");
    (site, text)
}

#[test]
fn a_permalink_inside_a_generated_file_is_refused_before_rendering() {
    let (site, text) = failed_build_with("permalink = \"/atom.xml/{slug}/\"");
    assert!(
        text.contains("the permalink pattern «/atom.xml/{slug}/» puts this article at atom.xml/"),
        "{text}"
    );
    assert!(
        text.contains("inside atom.xml, which is a page the site generates"),
        "{text}"
    );
    assert!(text.contains("nothing was written to public"), "{text}");
    assert!(!site.path().join("public").exists());
    // `check` says the same.
    let check = printed(&sahifa_in(site.path(), &["check"]));
    assert!(check.contains("inside atom.xml"), "{check}");
}

#[test]
fn a_file_style_permalink_is_refused_with_the_folder_form() {
    let (_site, text) = failed_build_with("permalink = \"/{slug}.html\"");
    assert!(text.contains("site.toml"), "{text}");
    assert!(text.contains("names a file (.html)"), "{text}");
    assert!(text.contains("«/{slug}/»"), "{text}");
}

#[test]
fn static_files_named_like_generated_pages_are_warned_about() {
    let site = sample_site();
    write(&site.path().join("static/index.html"), b"<p>mine</p>");
    write(&site.path().join("static/atom.xml"), b"<feed/>");
    write(&site.path().join("static/logo.txt"), b"fine");
    let run = sahifa_in(site.path(), &["build"]);
    let text = printed(&run);
    assert!(run.status.success(), "{text}");
    for name in ["index.html", "atom.xml"] {
        assert!(
            text.contains(&format!(
                "the generated page {name} replaces the file of that name"
            )),
            "{name}: {text}"
        );
    }
    assert!(!text.contains("logo.txt"), "{text}");
    let home = fs::read_to_string(site.path().join("public/index.html")).unwrap_or_default();
    assert!(!home.contains("<p>mine</p>"));
}

#[test]
fn a_failed_write_fails_the_build_and_counts_its_error() {
    let site = sample_site();
    write(&site.path().join("not-a-folder"), b"x");
    let run = sahifa_in(site.path(), &["build", "--output", "not-a-folder/public"]);
    let text = printed(&run);
    assert!(!run.status.success(), "{text}");
    let summary = text
        .lines()
        .find(|l| l.contains("build failed"))
        .unwrap_or_else(|| panic!("no failure line: {text}"));
    assert!(summary.contains("1 error"), "{summary}");
    assert!(!summary.contains("0 errors"), "{summary}");
}

#[test]
fn a_second_build_of_one_output_waits_and_leaves_the_first_build_alone() {
    let site = sample_site();
    // Another build holds the output: its lock, and its staging folder (PID
    // 1 always runs, so the folder is not a dead build's leftover).
    let lock_path = site.path().join(".public.sahifa-lock");
    let lock = fs::File::create(&lock_path).unwrap_or_else(|e| panic!("{e}"));
    lock.lock().unwrap_or_else(|e| panic!("{e}"));
    let live = site.path().join(".public.sahifa-new-1");
    fs::create_dir(&live).unwrap_or_else(|e| panic!("{e}"));
    fs::write(live.join(sahifa::MARKER), "x").unwrap_or_else(|e| panic!("{e}"));
    let mut second = Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .current_dir(site.path())
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = second.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let first_line = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(
        first_line.contains("waiting for another sahifa build of"),
        "{first_line}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        second.try_wait().ok().flatten().is_none(),
        "the second build went ahead"
    );
    drop(lock);
    let status = second.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    assert!(site.path().join("public/index.html").is_file());
    assert!(
        live.join(sahifa::MARKER).is_file(),
        "a live build's folder was removed"
    );
}

/// Issue 32, item 5: links planted under the names sahifa uses beside the
/// output are never followed: a «staging folder» linking to another
/// output is not emptied, a «lock file» linking elsewhere is not written.
#[test]
fn planted_links_beside_the_output_are_never_followed() {
    let site = sample_site();
    let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Another site's output, marked as sahifa's.
    fs::write(other.path().join(sahifa::MARKER), "x").unwrap_or_else(|e| panic!("{e}"));
    fs::write(other.path().join("index.html"), "another site").unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(other.path(), site.path().join(".public.sahifa-old"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert_eq!(
        fs::read_to_string(other.path().join("index.html")).unwrap_or_default(),
        "another site"
    );
    // A lock file that is a link: refused, its target untouched.
    let target = other.path().join("precious.txt");
    fs::write(&target, "keep me").unwrap_or_else(|e| panic!("{e}"));
    let lock = site.path().join(".public.sahifa-lock");
    let _ = fs::remove_file(&lock);
    std::os::unix::fs::symlink(&target, &lock).unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    assert_eq!(fs::read_to_string(&target).unwrap_or_default(), "keep me");
    assert!(!out.status.success());
    assert!(
        printed(&out).contains(".public.sahifa-lock"),
        "{}",
        printed(&out)
    );
}

/// Issue 32, item 11: what cannot be swapped in is said before anything is
/// rendered: a dangling `--output` link, an output that is a mount point,
/// a folder holding the output that cannot be written.
#[test]
fn an_output_that_cannot_be_swapped_in_is_refused_before_rendering() {
    let site = sample_site();
    std::os::unix::fs::symlink("/nonexistent/sahifa-out", site.path().join("public"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(site.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        printed(&out).contains("which does not exist"),
        "{}",
        printed(&out)
    );
    assert!(!printed(&out).contains("pages"), "{}", printed(&out));
    // A mount point, where this machine has one to try (/dev/shm on Linux).
    use std::os::unix::fs::MetadataExt;
    let device = |p: &str| fs::metadata(p).map(|m| m.dev()).ok();
    if device("/dev/shm").is_some() && device("/dev/shm") != device("/dev") {
        let out = sahifa_in(site.path(), &["build", "--output", "/dev/shm"]);
        assert!(!out.status.success());
        assert!(
            printed(&out).contains("is a mount point"),
            "{}",
            printed(&out)
        );
    }
    // A read-only file system above the output (/sys in containers).
    let read_only = fs::create_dir("/sys/sahifa-probe")
        .err()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::ReadOnlyFilesystem);
    if read_only {
        let out = sahifa_in(site.path(), &["build", "--output", "/sys/sahifa-out"]);
        assert!(!out.status.success());
        assert!(
            printed(&out).contains("cannot be written"),
            "{}",
            printed(&out)
        );
    }
}
