//! Helpers shared by the integration tests: temporary sites and page lookups.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use sahifa::{BuildOptions, Outcome};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary site folder with the given files (path → text).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (path, text) in files {
        write(&dir.path().join(path), text.as_bytes());
    }
    dir
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A copy of the repository's sample site (content/ and site.toml).
pub fn sample_site() -> tempfile::TempDir {
    let dir = site(&[]);
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    fs::copy(repo().join("site.toml"), dir.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("site.toml: {e}"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

pub fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

/// Builds and insists that the build succeeded.
pub fn build_ok(options: &BuildOptions) -> Outcome {
    let outcome = sahifa::build(options);
    assert!(
        !outcome.failed(),
        "build failed: {:?}\n{:#?}",
        outcome.fatal,
        outcome.report.diagnostics
    );
    assert!(outcome.written);
    outcome
}

/// Reads a file of the output as text.
pub fn read(out: &Path, rel: &str) -> String {
    let path = out.join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every HTML file under `out`, with its path relative to `out`.
pub fn html_pages(out: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap_or_else(|e| panic!("{e}"))
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            pages.push((rel, text));
        }
    }
    pages
}

/// The article page whose `<h1>` is `title`.
pub fn page_titled(out: &Path, title: &str) -> (String, String) {
    let needle = format!("<h1>{}</h1>", title.replace('"', "&quot;"));
    let found: Vec<_> = html_pages(out)
        .into_iter()
        .filter(|(_, text)| text.contains("class=\"article\"") && text.contains(&needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "pages titled {title}: {:?}",
        found.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    found.into_iter().next().unwrap_or_default()
}

/// The URL path (percent-encoded, root-relative) a page file is served at.
pub fn url_of(rel: &str) -> String {
    let folder = rel.trim_end_matches("index.html");
    let mut url = String::from("/");
    for segment in folder.split('/').filter(|s| !s.is_empty()) {
        url.push_str(
            &percent_encoding::utf8_percent_encode(segment, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .replace("%2D", "-"),
        );
        url.push('/');
    }
    url
}
