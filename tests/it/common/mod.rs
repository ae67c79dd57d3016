//! Helpers shared by the integration tests: temporary sites and page lookups.

#![allow(dead_code)]

pub(crate) mod serve;

use std::fs;
use std::path::{Path, PathBuf};

use sahifa::{BuildOptions, Outcome};

/// Runs the `sahifa` binary with `dir` as the current folder, as a user
/// in that folder would.
pub(crate) fn sahifa_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run sahifa: {e}"))
}

/// Everything a run printed: standard output, then standard error.
pub(crate) fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Whether this is CI (`CI=true`), where every tool a test needs is
/// installed by `.ci/run` and a missing one is a failure.
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether a tool a test needs is here. When it is not, the test says it
/// is skipped and passes — except under CI, where it fails.
pub(crate) fn require(what: &str, found: bool) -> bool {
    if !found {
        assert!(
            !in_ci(),
            "{what} is required under CI (.ci/run installs it)"
        );
        eprintln!("skipped: {what} not available");
    }
    found
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary site folder with the given files (path → text).
pub(crate) fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (path, text) in files {
        write(&dir.path().join(path), text.as_bytes());
    }
    dir
}

pub(crate) fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A copy of the repository's sample site (content/, pages/, data/ and
/// site.toml).
pub(crate) fn sample_site() -> tempfile::TempDir {
    let dir = site(&[]);
    for folder in ["content", "pages", "data"] {
        copy_dir(&repo().join(folder), &dir.path().join(folder));
    }
    fs::copy(repo().join("site.toml"), dir.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("site.toml: {e}"));
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
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

pub(crate) fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

/// Builds and insists that the build succeeded.
pub(crate) fn build_ok(options: &BuildOptions) -> Outcome {
    let outcome = sahifa::build(options);
    assert!(
        !outcome.failed(),
        "build failed: {:?}\n{:#?}",
        outcome.fatal,
        outcome.report.diagnostics
    );
    assert!(outcome.written || outcome.up_to_date);
    outcome
}

/// Reads a file of the output as text.
pub(crate) fn read(out: &Path, rel: &str) -> String {
    let path = out.join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every HTML file under `out`, with its path relative to `out`.
pub(crate) fn html_pages(out: &Path) -> Vec<(String, String)> {
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
pub(crate) fn page_titled(out: &Path, title: &str) -> (String, String) {
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

/// The text of an HTML fragment as a reader sees it: tags dropped, spaces
/// collapsed.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The URL path (percent-encoded, root-relative) a page file is served at.
/// How pages link the page at `rel`: the folder as an IRI (its letters as
/// they are), as hrefs are written.
pub(crate) fn href_of(rel: &str) -> String {
    format!("/{}", rel.trim_end_matches("index.html"))
}

pub(crate) fn url_of(rel: &str) -> String {
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

/// A minimal static file server on 127.0.0.1 for browser tests: GET only,
/// percent-decoded paths, `index.html` for folders. Stops with the test process.
pub(crate) struct StaticServer {
    port: u16,
}

impl StaticServer {
    pub(crate) fn start(root: PathBuf) -> StaticServer {
        StaticServer::start_at(root, "/")
    }

    /// Serves `root` under the URL path `prefix` (e.g. `/news/`), as a host
    /// serving a site from a sub-path would.
    pub(crate) fn start_at(root: PathBuf, prefix: &str) -> StaticServer {
        let prefix = prefix.to_string();
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let prefix = prefix.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(&stream);
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).is_err() {
                        return;
                    }
                    let mut header = String::new();
                    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                        header.clear();
                    }
                    let raw_path = request_line.split(' ').nth(1).unwrap_or("/");
                    let path = percent_encoding::percent_decode_str(
                        raw_path.split('?').next().unwrap_or("/"),
                    )
                    .decode_utf8_lossy()
                    .to_string();
                    let inside = path.strip_prefix(prefix.as_str());
                    let mut file = root.join(inside.unwrap_or("").trim_start_matches('/'));
                    if path.contains("..") || inside.is_none() {
                        file = root.join("404.html");
                    } else if file.is_dir() {
                        file = file.join("index.html");
                    }
                    let (status, body) = match fs::read(&file) {
                        Ok(body) => ("200 OK", body),
                        Err(_) => (
                            "404 Not Found",
                            fs::read(root.join("404.html")).unwrap_or_default(),
                        ),
                    };
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("css") => "text/css; charset=utf-8",
                        Some("xml") => "application/xml; charset=utf-8",
                        _ => "text/html; charset=utf-8",
                    };
                    let mut stream = &stream;
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&body);
                });
            }
        });
        StaticServer { port }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

/// The stylesheet the home page links to (its name carries a content hash).
pub(crate) fn stylesheet(out: &Path) -> String {
    let home = read(out, "index.html");
    let href = home
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no stylesheet link in index.html"));
    assert!(href.ends_with(".css"), "{href}");
    read(out, href.trim_start_matches('/'))
}

/// Every file under `dir` with its bytes, for comparing two builds.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .display()
                .to_string();
            (rel, fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}
