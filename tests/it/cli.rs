//! The `sahifa` binary: help text, exit codes, summary line, no colour when
//! the output is not a terminal.

use std::process::Output;

use crate::common::*;

fn sahifa(args: &[&str]) -> Output {
    sahifa_in(&repo(), args)
}

fn text(output: &Output) -> String {
    printed(output)
}

#[test]
fn help_teaches_the_site_layout() {
    let out = sahifa(&["build", "--help"]);
    assert!(out.status.success());
    let help = text(&out);
    for needle in [
        "content/",
        "site.toml",
        "templates/",
        "static/",
        "--base-url",
        "--strict",
        "تاريخ النشر",
    ] {
        assert!(help.contains(needle), "build --help lacks {needle}");
    }
    let top = text(&sahifa(&["--help"]));
    assert!(top.contains("build") && top.contains("check") && top.contains("deploy"));
    // deploy --help names the targets, the credentials' variables, and
    // shows its examples a line each.
    let deploy = text(&sahifa(&["deploy", "--help"]));
    for needle in [
        "[[deploy]]",
        "s3://",
        "file:///",
        "AWS_ACCESS_KEY_ID",
        "--dry-run",
        "--max-deletes",
        "\n  sahifa build && sahifa deploy ",
    ] {
        assert!(deploy.contains(needle), "deploy --help lacks {needle}");
    }
}

#[test]
fn build_prints_one_summary_line_without_colour() {
    let site = sample_site();
    let root = site.path().to_string_lossy().to_string();
    let out = sahifa(&["build", "--root", &root]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<_> = stdout.lines().collect();
    assert_eq!(summary.len(), 1, "{stdout}");
    assert!(
        summary[0].starts_with("built 14 articles"),
        "{}",
        summary[0]
    );
    assert!(summary[0].contains("; 1 warning in "), "{}", summary[0]);
    assert!(!text(&out).contains('\u{1b}'), "no colour codes when piped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: "), "{stderr}");
    assert!(
        stderr.contains("2025-11-12-egypt-reserves.txt:11:"),
        "{stderr}"
    );
}

#[test]
fn timings_name_every_stage_after_the_summary() {
    let site = sample_site();
    let root = site.path().to_string_lossy().to_string();
    let out = sahifa(&["build", "--root", &root, "--timings"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<_> = stdout.lines().collect();
    assert!(lines[0].starts_with("built "), "{stdout}");
    let stages: Vec<_> = lines[1..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for stage in ["walk", "read+parse", "resolve", "render+write", "swap"] {
        assert!(stages.contains(&stage), "no {stage} in {stdout}");
    }
    assert!(lines[1..].iter().all(|l| l.contains(" ms ")), "{stdout}");
    // Without the flag, the summary stays the only line (tested above).
}

#[test]
fn check_exits_non_zero_on_errors_and_writes_nothing() {
    let site = site(&[("content/bad.txt", "عنوان\nتاريخ النشر: غير معروف\nنص.\n")]);
    let root = site.path().to_string_lossy().to_string();
    let out = sahifa(&["check", "--root", &root]);
    assert!(!out.status.success());
    assert!(text(&out).contains("bad.txt:2:"), "{}", text(&out));
    assert!(!site.path().join("public").exists());
}

#[test]
fn refused_output_exits_non_zero_with_a_reason() {
    let site = site(&[("content/a.txt", "عنوان\nتاريخ النشر: 2025-11-11\nنص.\n")]);
    let root = site.path().to_string_lossy().to_string();
    let out = sahifa(&["build", "--root", &root, "--output", &root]);
    assert!(!out.status.success());
    assert!(text(&out).contains("refusing"), "{}", text(&out));
}

/// An output folder inside a folder the build reads would be read back in
/// and nest itself deeper on every build: refused, nothing written there.
#[test]
fn an_output_inside_content_static_or_templates_is_refused() {
    let site = site(&[
        ("content/a.txt", "عنوان\nتاريخ النشر: 2025-11-11\nنص.\n"),
        ("static/robots-extra.txt", "x"),
        ("templates/.keep", ""),
    ]);
    for output in [
        "content/public",
        "static/out",
        "templates/site",
        "./content/x/y",
    ] {
        let out = sahifa_in(site.path(), &["build", "--output", output]);
        let said = printed(&out);
        assert!(!out.status.success(), "{output}: {said}");
        assert!(said.contains("which the build reads"), "{output}: {said}");
        assert!(!site.path().join(output).exists(), "{output} was made");
    }
    let fine = sahifa_in(site.path(), &["build", "--output", "public"]);
    assert!(fine.status.success(), "{}", printed(&fine));
}

/// Issue 32, item 13: the small things said truly.
#[test]
fn small_mistakes_get_true_messages() {
    let site = sample_site();
    let root = site.path();
    // A title of direction marks and zero-width spaces alone.
    let out = sahifa_in(root, &["new", "\u{200F}\u{200B}\u{200E}"]);
    assert!(!out.status.success());
    assert!(
        printed(&out).contains("nothing a reader would see"),
        "{}",
        printed(&out)
    );
    // `check --format text --output FILE` writes the file.
    let out = sahifa_in(
        root,
        &["check", "--format", "text", "--output", "report.txt"],
    );
    assert!(out.status.success(), "{}", printed(&out));
    let report = std::fs::read_to_string(root.join("report.txt")).unwrap_or_default();
    assert!(report.contains("checked 14 articles"), "{report}");
    assert!(!report.contains('\u{1b}'), "no colour codes in a file");
    // A bad --base-url is the command line's mistake, not site.toml's.
    let out = sahifa_in(root, &["build", "--base-url", "javascript:alert(1)"]);
    assert!(!out.status.success());
    let said = printed(&out);
    assert!(said.contains("error: --base-url"), "{said}");
    assert!(!said.contains("site.toml"), "{said}");
    // A link in static/ is named, not dropped without a word.
    std::fs::create_dir_all(root.join("static")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("/etc/hostname", root.join("static/host.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(root, &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert!(
        printed(&out).contains("host.txt: is a symbolic link: not published"),
        "{}",
        printed(&out)
    );
    assert!(!root.join("public/host.txt").exists());
    // A language tag that is none.
    std::fs::write(root.join("site.toml"), "language = \"ar EG!\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sahifa_in(root, &["build"]);
    assert!(!out.status.success());
    assert!(
        printed(&out).contains("is not a language tag"),
        "{}",
        printed(&out)
    );
    // serve --help says what it writes.
    let out = sahifa_in(root, &["serve", "--help"]);
    assert!(printed(&out).contains("picture cache"), "{}", printed(&out));
    assert!(printed(&out).contains("--allow-host"), "{}", printed(&out));
}
