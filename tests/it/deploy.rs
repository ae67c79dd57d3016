//! `sahifa deploy` (issue 35), run as users run it from the site folder,
//! against a real S3-protocol server started on the loopback (s3s-fs,
//! which checks every request's signature) and checked by another client
//! (boto3, `tests/deploy/s3_objects.py`), not by sahifa: every file there
//! with its bytes, type and cache headers; a second deploy sends nothing;
//! an edit sends only the files it changed; deletions, `--max-deletes`,
//! `--dry-run`, a deploy killed half way, and S3 website redirects.
//!
//! Azure Blob Storage the same way, against Azurite (Microsoft's emulator)
//! read back by Azure's own Python client: its ETags are not MD5s, so the
//! deploy's manifest decides what changed.
//!
//! s3s-fs, Azurite, boto3 and azure-storage-blob are installed by
//! `.ci/run` into `.ci/tools`; without them these tests say they are
//! skipped (and fail under CI). The folder target (`file:///`) needs
//! nothing.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use serde_json::Value;

use crate::common::*;

const BUCKET: &str = "news";
const KEY_ID: &str = "sahifa-test-key";
const SECRET: &str = "sahifa-test-secret";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// A server process the test started, stopped when the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a client script (`tests/deploy/*.py`) printed: a JSON list of
/// objects, by their `key`.
fn by_key(output: &std::process::Output) -> BTreeMap<String, Value> {
    assert!(output.status.success(), "{}", printed(output));
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_default();
    list.into_iter()
        .map(|o| (o["key"].as_str().unwrap_or_default().to_string(), o))
        .collect()
}

/// A loopback S3 server over a temporary folder.
struct S3Server {
    _child: Running,
    port: u16,
    data: tempfile::TempDir,
    python: PathBuf,
}

/// A server `.ci/run` installs (its path under `.ci/tools`) and the tools'
/// Python, when that Python can import the server's client `module`.
fn tools(server: &str, module: &str, what: &str) -> Option<(PathBuf, PathBuf)> {
    let tools = repo().join(".ci/tools");
    let server = tools.join(server);
    let python = tools.join("venv/bin/python");
    let client = python.is_file()
        && Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
    require(what, server.is_file() && client).then_some((server, python))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

impl S3Server {
    fn start() -> Option<S3Server> {
        let (server, python) = tools("bin/s3s-fs", "boto3", "s3s-fs and boto3 in .ci/tools")?;
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(data.path().join(BUCKET)).unwrap_or_else(|e| panic!("{e}"));
        let port = free_port();
        let child = Command::new(server)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", KEY_ID, "--secret-key", SECRET])
            .arg(data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("s3s-fs: {e}"));
        let server = S3Server {
            _child: Running(child),
            port,
            data,
            python,
        };
        // Ready when it takes connections.
        let ready = (0..1000).any(|_| {
            TcpStream::connect(("127.0.0.1", port)).is_ok() || {
                std::thread::sleep(std::time::Duration::from_millis(10));
                false
            }
        });
        assert!(ready, "s3s-fs did not start on port {port}");
        Some(server)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `sahifa deploy ARGS` in `site`, its credentials and endpoint in
    /// the environment as a user sets them.
    fn deploy(&self, site: &Path, args: &[&str]) -> std::process::Output {
        self.deploy_through(site, self.port, args)
    }

    fn deploy_command(&self, site: &Path, port: u16, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sahifa"));
        command
            .current_dir(site)
            .arg("deploy")
            .args(args)
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
            .env("AWS_ALLOW_HTTP", "true");
        command
    }

    fn deploy_through(&self, site: &Path, port: u16, args: &[&str]) -> std::process::Output {
        self.deploy_command(site, port, args)
            .output()
            .unwrap_or_else(|e| panic!("sahifa: {e}"))
    }

    /// Every object as boto3 reads it back, by key.
    fn objects(&self) -> BTreeMap<String, Value> {
        let output = Command::new(&self.python)
            .arg(repo().join("tests/deploy/s3_objects.py"))
            .args([&self.endpoint(), BUCKET])
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .output()
            .unwrap_or_else(|e| panic!("python: {e}"));
        by_key(&output)
    }

    /// Each stored object's file as the server keeps it (inode, change
    /// time): a file rewritten by an upload shows another.
    fn stored(&self) -> BTreeMap<String, (u64, i64, i64)> {
        let bucket = self.data.path().join(BUCKET);
        walkdir::WalkDir::new(&bucket)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let meta = e.metadata().unwrap_or_else(|err| panic!("{err}"));
                let key = e.path().strip_prefix(&bucket).unwrap_or(e.path());
                (
                    key.to_string_lossy().into_owned(),
                    (meta.ino(), meta.ctime(), meta.ctime_nsec()),
                )
            })
            .collect()
    }
}

/// The output's files, by path, with their MD5.
fn output_files(out: &Path) -> BTreeMap<String, String> {
    use md5::{Digest, Md5};
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != sahifa::MARKER)
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            let rel = e.path().strip_prefix(out).unwrap_or(e.path());
            let md5: String = Md5::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (rel.to_string_lossy().into_owned(), md5)
        })
        .collect()
}

/// A sample site with a deploy target in the bucket's `site/` folder.
fn deployable_sample() -> tempfile::TempDir {
    sample_deploying_to("production", &format!("s3://{BUCKET}/site"))
}

/// The sample site with one `[[deploy]]` target, `name` at `url`.
fn sample_deploying_to(name: &str, url: &str) -> tempfile::TempDir {
    let site = sample_site();
    let toml = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap_or_default();
    text.push_str(&format!(
        "\n[[deploy]]\nname = \"{name}\"\nurl = \"{url}\"\n"
    ));
    std::fs::write(&toml, text).unwrap_or_else(|e| panic!("{e}"));
    site
}

/// The sample site built and deployed to `server`, with its output's
/// files as first deployed.
fn deployed_sample(server: &S3Server) -> (tempfile::TempDir, BTreeMap<String, String>) {
    let site = deployable_sample();
    build_in(site.path());
    deployed_ok(&server.deploy(site.path(), &[]));
    let files = output_files(&site.path().join("public"));
    (site, files)
}

fn build_in(site: &Path) {
    let built = sahifa_in(site, &["build"]);
    assert!(built.status.success(), "{}", printed(&built));
}

fn deployed_ok(output: &std::process::Output) -> String {
    let text = printed(output);
    assert!(output.status.success(), "{text}");
    text
}

/// The files whose stored copy differs between two looks.
fn rewritten(
    before: &BTreeMap<String, (u64, i64, i64)>,
    after: &BTreeMap<String, (u64, i64, i64)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(key, stamp)| before.get(*key) != Some(stamp))
        .map(|(key, _)| key.clone())
        .collect()
}

#[test]
fn every_file_goes_up_with_its_type_and_cache_and_a_second_deploy_sends_nothing() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployable_sample();
    build_in(site.path());
    let said = deployed_ok(&server.deploy(site.path(), &[]));
    let files = output_files(&site.path().join("public"));
    assert!(said.contains(&format!("{} files", files.len())), "{said}");
    let objects = server.objects();
    for (rel, md5) in &files {
        let key = format!("site/{rel}");
        let object = objects.get(&key).unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(object["md5"].as_str(), Some(md5.as_str()), "{key}");
        let (kind, cache) = (
            object["content_type"].as_str(),
            object["cache_control"].as_str(),
        );
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let expected_kind = match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
            "html" => "text/html; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "webp" => "image/webp",
            "woff2" => "font/woff2",
            "xml" if name == "atom.xml" => "application/atom+xml; charset=utf-8",
            "xml" if name == "rss.xml" => "application/rss+xml; charset=utf-8",
            "xml" => "text/xml; charset=utf-8",
            _ => continue,
        };
        assert_eq!(kind, Some(expected_kind), "{key}");
        let fingerprinted = rel.starts_with("media/") || name.starts_with("style.");
        let expected_cache = if fingerprinted { IMMUTABLE } else { REVALIDATE };
        assert_eq!(cache, Some(expected_cache), "{key}");
    }
    assert!(objects
        .keys()
        .any(|k| k.starts_with("site/media/") && k.ends_with(".webp")));
    // Nothing but the site and the deploy's manifest.
    assert_eq!(objects.len(), files.len() + 1, "{:?}", objects.keys());
    assert!(objects.contains_key("site/.sahifa-deploy.json"));

    // Again, unchanged: nothing is rewritten on the server.
    let before = server.stored();
    let said = deployed_ok(&server.deploy(site.path(), &[]));
    assert!(said.contains("0 files (0 B)"), "{said}");
    assert_eq!(rewritten(&before, &server.stored()), Vec::<String>::new());
}

#[test]
fn an_edit_sends_only_the_files_it_changed_and_a_dry_run_sends_none() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let (site, old) = deployed_sample(&server);
    let out = site.path().join("public");
    // An editor corrects a sentence of one story.
    let story = site.path().join("content/000_a202247ae16cea6a.txt");
    let text = std::fs::read_to_string(&story).unwrap_or_default();
    assert!(text.contains("وزير الإعلام"), "{text}");
    std::fs::write(&story, text.replacen("وزير الإعلام", "وزير الإعلام والاتصال", 1))
        .unwrap_or_else(|e| panic!("{e}"));
    build_in(site.path());
    let new = output_files(&out);
    let changed: Vec<String> = new
        .iter()
        .filter(|(rel, md5)| old.get(*rel) != Some(md5))
        .map(|(rel, _)| format!("site/{rel}"))
        .collect();
    assert!(
        !changed.is_empty() && changed.len() < new.len() / 4,
        "{changed:?}"
    );

    // The dry run lists exactly those, and changes nothing.
    let before = server.stored();
    let said = deployed_ok(&server.deploy(site.path(), &["--dry-run"]));
    for key in &changed {
        let rel = key.trim_start_matches("site/");
        assert!(
            said.contains(&format!("~ {rel} (")),
            "{rel} not listed: {said}"
        );
    }
    assert!(said.contains("nothing was changed"), "{said}");
    assert_eq!(rewritten(&before, &server.stored()), Vec::<String>::new());

    // The deploy sends those files and no other (and the manifest).
    let said = deployed_ok(&server.deploy(site.path(), &[]));
    assert!(said.contains(&format!("{} files", changed.len())), "{said}");
    let mut sent = rewritten(&before, &server.stored());
    sent.retain(|k| k != "site/.sahifa-deploy.json");
    let mut expected = changed.clone();
    expected.sort();
    sent.sort();
    assert_eq!(sent, expected);
    let objects = server.objects();
    for (rel, md5) in &new {
        assert_eq!(
            objects[&format!("site/{rel}")]["md5"].as_str(),
            Some(md5.as_str())
        );
    }
}

#[test]
fn a_deleted_story_leaves_the_bucket_and_more_deletions_than_allowed_are_refused() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let (site, old) = deployed_sample(&server);
    let out = site.path().join("public");
    std::fs::remove_file(site.path().join("content/000_a202247ae16cea6a.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    build_in(site.path());
    let new = output_files(&out);
    let gone: Vec<&String> = old.keys().filter(|rel| !new.contains_key(*rel)).collect();
    assert!(gone.len() > 1, "{gone:?}");

    // More deletions than allowed: refused whole, nothing changed.
    let before = server.stored();
    let refused = server.deploy(site.path(), &["--max-deletes", "1"]);
    let said = printed(&refused);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains(&format!("would delete {} files", gone.len()))
            && said.contains("nothing was changed"),
        "{said}"
    );
    assert_eq!(server.stored(), before);

    let said = deployed_ok(&server.deploy(site.path(), &[]));
    assert!(
        said.contains(&format!("{} deletions", gone.len())),
        "{said}"
    );
    let objects = server.objects();
    for rel in &gone {
        assert!(
            !objects.contains_key(&format!("site/{rel}")),
            "{rel} still there"
        );
    }
    assert_eq!(objects.len(), new.len() + 1);
}

/// A relay on the loopback to the server on port `to`: each connection's
/// answers are copied back as they come, and what the client sends is
/// handed to `forward` (the client, the server) on a thread of its own,
/// which decides what reaches the server. Returns the relay's port.
fn relay(to: u16, forward: impl Fn(TcpStream, TcpStream) + Clone + Send + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", to)) else {
                continue;
            };
            let (Ok(mut from_server), Ok(mut to_client)) = (server.try_clone(), client.try_clone())
            else {
                continue;
            };
            std::thread::spawn(move || std::io::copy(&mut from_server, &mut to_client));
            let forward = forward.clone();
            std::thread::spawn(move || forward(client, server));
        }
    });
    port
}

/// A relay to the server that passes the client's first `budget` bytes on
/// and then holds every connection open, passing nothing: a deploy through
/// it stops half way. Says on the channel when it has stopped passing.
fn stalling_relay(to: u16, budget: usize) -> (u16, mpsc::Receiver<()>) {
    let (stalled, told) = mpsc::channel();
    let stalled = Arc::new(Mutex::new(Some(stalled)));
    let passed = Arc::new(AtomicUsize::new(0));
    let port = relay(to, move |mut client, mut server| {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = client.read(&mut buffer) {
            if n == 0 || passed.fetch_add(n, Ordering::SeqCst) + n > budget {
                break;
            }
            if server.write_all(&buffer[..n]).is_err() {
                return;
            }
        }
        if let Some(tell) = stalled.lock().ok().and_then(|mut s| s.take()) {
            let _ = tell.send(());
        }
        // Held open, silent, until the test ends.
        std::thread::park();
        drop((client, server));
    });
    (port, told)
}

#[test]
fn a_deploy_killed_half_way_completes_when_run_again() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployable_sample();
    build_in(site.path());
    let files = output_files(&site.path().join("public"));
    let (relay, stalled) = stalling_relay(server.port, 400_000);
    let mut stopped = server
        .deploy_command(site.path(), relay, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    stalled
        .recv_timeout(std::time::Duration::from_secs(120))
        .unwrap_or_else(|e| panic!("the deploy never got half way: {e}"));
    stopped.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = stopped.wait();
    let part = server.objects();
    assert!(
        !part.is_empty() && part.len() < files.len(),
        "{} of {} files went up before the stop",
        part.len(),
        files.len()
    );
    // No page went up before all the stylesheets and pictures it uses.
    let pages = part.keys().filter(|k| k.ends_with(".html")).count();
    let assets_missing = files
        .keys()
        .filter(|rel| rel.starts_with("media/") || rel.ends_with(".css"))
        .any(|rel| !part.contains_key(&format!("site/{rel}")));
    assert!(pages == 0 || !assets_missing, "pages before their pictures");

    deployed_ok(&server.deploy(site.path(), &[]));
    let objects = server.objects();
    for (rel, md5) in &files {
        let object = &objects[&format!("site/{rel}")];
        assert_eq!(object["md5"].as_str(), Some(md5.as_str()), "{rel}");
    }
    assert_eq!(objects.len(), files.len() + 1);
}

/// A site built twice, its one story's title edited in between: its old
/// address is a redirect page.
fn moved_story_site() -> tempfile::TempDir {
    let toml = format!(
        "title = \"موقع\"\nbase_url = \"https://example.org/\"\n\n[[deploy]]\nname = \"s3\"\nurl = \"s3://{BUCKET}\"\n"
    );
    let story = |title: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2025-11-11T10:00:00+03:00\n+++\nبيروت - نص.\n")
    };
    let site = site(&[
        ("site.toml", &toml),
        ("content/a.md", &story("الوزير يعلن الموازنة")),
    ]);
    build_in(site.path());
    write(
        &site.path().join("content/a.md"),
        story("الحكومة تعلن الموازنة").as_bytes(),
    );
    build_in(site.path());
    site
}

#[test]
fn an_old_address_is_a_website_redirect_on_s3() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = moved_story_site();
    deployed_ok(&server.deploy(site.path(), &[]));
    let objects = server.objects();
    let old = &objects["2025/11/11/الوزير-يعلن-الموازنة/index.html"];
    assert_eq!(
        old["redirect"].as_str(),
        Some("/2025/11/11/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-%D8%AA%D8%B9%D9%84%D9%86-%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9/"),
        "{old}"
    );
    // The page itself still leads there where the bucket is not a website.
    assert_eq!(
        old["content_type"].as_str(),
        Some("text/html; charset=utf-8")
    );
    let new = &objects["2025/11/11/الحكومة-تعلن-الموازنة/index.html"];
    assert!(new["redirect"].is_null(), "{new}");
}

/// A relay to the server that answers `501 Not Implemented` to any request
/// carrying `x-amz-website-redirect-location`, as a service of S3's
/// protocol without website redirects may, and passes the rest on.
fn relay_refusing_website_redirects(to: u16) -> u16 {
    relay(to, |mut client, mut server| {
        let mut buffer = [0u8; 65536];
        while let Ok(n) = client.read(&mut buffer) {
            let chunk = &buffer[..n];
            let header = b"x-amz-website-redirect-location";
            if chunk
                .windows(header.len())
                .any(|w| w.eq_ignore_ascii_case(header))
            {
                let _ = client.write_all(
                    b"HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
                let _ = client.shutdown(std::net::Shutdown::Both);
                let _ = server.shutdown(std::net::Shutdown::Both);
                return;
            }
            if n == 0 || server.write_all(chunk).is_err() {
                return;
            }
        }
    })
}

#[test]
fn a_service_without_website_redirects_still_gets_the_old_addresss_page() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = moved_story_site();
    let relay = relay_refusing_website_redirects(server.port);
    deployed_ok(&server.deploy_through(site.path(), relay, &[]));
    let objects = server.objects();
    let old = &objects["2025/11/11/الوزير-يعلن-الموازنة/index.html"];
    assert!(old["redirect"].is_null(), "{old}");
    let page = std::fs::read(
        site.path()
            .join("public/2025/11/11/الوزير-يعلن-الموازنة/index.html"),
    )
    .unwrap_or_default();
    let md5: String = {
        use md5::{Digest, Md5};
        Md5::digest(&page)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(old["md5"].as_str(), Some(md5.as_str()));
}

const FOLDER_SITE: &str =
    "title = \"موقع\"\n\n[[deploy]]\nname = \"www\"\nurl = \"file://{TARGET}\"\n";

fn folder_site(target: &Path) -> tempfile::TempDir {
    let toml = FOLDER_SITE.replace("{TARGET}", &target.display().to_string());
    site(&[
        ("site.toml", &toml),
        (
            "content/a.md",
            "+++\ntitle = \"خبر أول\"\ndate = 2025-11-11T10:00:00+03:00\n+++\nبيروت - نص.\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"خبر ثان\"\ndate = 2025-11-12T10:00:00+03:00\n+++\nدمشق - نص.\n",
        ),
    ])
}

#[test]
fn a_folder_target_gets_the_site_then_only_its_changes() {
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let www = target.path().join("www");
    let site = folder_site(&www);
    build_in(site.path());
    // A dry run makes nothing, not even the folder.
    let said = deployed_ok(&sahifa_in(site.path(), &["deploy", "--dry-run"]));
    assert!(
        said.contains("+ index.html (") && said.contains("nothing was changed"),
        "{said}"
    );
    assert!(!www.exists());
    let said = deployed_ok(&sahifa_in(site.path(), &["deploy"]));
    let files = output_files(&site.path().join("public"));
    assert!(said.contains(&format!("{} files", files.len())), "{said}");
    let mut there = output_files(&www);
    assert!(there.remove(".sahifa-deploy.json").is_some());
    assert_eq!(there, files);
    let said = deployed_ok(&sahifa_in(site.path(), &["deploy"]));
    assert!(said.contains("0 files (0 B)"), "{said}");
    // A story removed: its files leave the folder.
    std::fs::remove_file(site.path().join("content/b.md")).unwrap_or_else(|e| panic!("{e}"));
    build_in(site.path());
    deployed_ok(&sahifa_in(site.path(), &["deploy"]));
    let mut there = output_files(&www);
    there.remove(".sahifa-deploy.json");
    assert_eq!(there, output_files(&site.path().join("public")));
}

#[test]
fn deploy_refuses_without_a_build_after_a_failed_one_and_without_a_target() {
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = folder_site(&target.path().join("www"));
    let refused = sahifa_in(site.path(), &["deploy"]);
    assert!(!refused.status.success());
    assert!(
        printed(&refused).contains("run `sahifa build` first"),
        "{}",
        printed(&refused)
    );

    build_in(site.path());
    // A build that fails (a warning under --strict) leaves the last good
    // output; deploy will not send it as if it were the new one.
    write(&site.path().join("content/c.md"), "+++\ntitle = \"خبر\"\ndate = 2025-11-13T10:00:00+03:00\nsection = \"غير-موجود\"\n+++\nنص.\n".as_bytes());
    let strict = sahifa_in(site.path(), &["build", "--strict"]);
    assert!(!strict.status.success(), "{}", printed(&strict));
    let refused = sahifa_in(site.path(), &["deploy"]);
    let said = printed(&refused);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("the last build failed") && said.contains("nothing was deployed"),
        "{said}"
    );
    assert!(!target.path().join("www").join("index.html").exists());

    std::fs::write(site.path().join("site.toml"), "title = \"موقع\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    build_in(site.path());
    let refused = sahifa_in(site.path(), &["deploy"]);
    assert!(
        printed(&refused).contains("[[deploy]]"),
        "{}",
        printed(&refused)
    );
}

/// Azurite's blob service over a temporary folder.
struct Azurite {
    _child: Running,
    port: u16,
    _data: tempfile::TempDir,
    python: PathBuf,
}

impl Azurite {
    fn start() -> Option<Azurite> {
        let (server, python) = tools(
            "node_modules/.bin/azurite-blob",
            "azure.storage.blob",
            "Azurite and azure-storage-blob in .ci/tools",
        )?;
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let port = free_port();
        let mut child = Command::new(server)
            .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
            .arg("--location")
            .arg(data.path())
            .args(["--skipApiVersionCheck", "--loose"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("azurite: {e}"));
        // Ready when it says it listens; what it prints after is read on
        // (a closed pipe would stop it).
        let out = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (listening, told) = mpsc::channel();
        std::thread::spawn(move || {
            let lines = std::io::BufRead::lines(std::io::BufReader::new(out));
            for line in lines.map_while(Result::ok) {
                if line.contains("successfully listens") {
                    let _ = listening.send(());
                }
            }
        });
        let ready = told
            .recv_timeout(std::time::Duration::from_secs(60))
            .is_ok();
        let azurite = Azurite {
            _child: Running(child),
            port,
            _data: data,
            python,
        };
        assert!(ready, "Azurite did not start on port {port}");
        azurite.blobs(&["--create"]);
        Some(azurite)
    }

    fn blobs(&self, extra: &[&str]) -> BTreeMap<String, Value> {
        let output = Command::new(&self.python)
            .arg(repo().join("tests/deploy/azure_blobs.py"))
            .args([&format!("http://127.0.0.1:{}", self.port), BUCKET])
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("python: {e}"));
        by_key(&output)
    }

    fn deploy(&self, site: &Path) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_sahifa"))
            .current_dir(site)
            .arg("deploy")
            .env("AZURE_STORAGE_USE_EMULATOR", "true")
            .env(
                "AZURITE_BLOB_STORAGE_URL",
                format!("http://127.0.0.1:{}", self.port),
            )
            .output()
            .unwrap_or_else(|e| panic!("sahifa: {e}"))
    }
}

#[test]
fn azure_gets_every_file_with_its_headers_and_then_only_the_changes() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    let site = sample_deploying_to("azure", &format!("az://{BUCKET}/site"));
    build_in(site.path());
    deployed_ok(&azurite.deploy(site.path()));
    let out = site.path().join("public");
    let files = output_files(&out);
    let blobs = azurite.blobs(&[]);
    assert_eq!(blobs.len(), files.len() + 1);
    for (rel, md5) in &files {
        let blob = &blobs[&format!("site/{rel}")];
        assert_eq!(blob["md5"].as_str(), Some(md5.as_str()), "{rel}");
        if rel.ends_with(".html") {
            assert_eq!(
                blob["content_type"].as_str(),
                Some("text/html; charset=utf-8")
            );
            assert_eq!(blob["cache_control"].as_str(), Some(REVALIDATE));
        }
        if rel.starts_with("media/") {
            assert_eq!(blob["cache_control"].as_str(), Some(IMMUTABLE), "{rel}");
        }
    }
    // Azure's ETags are no MD5s: the manifest tells the second deploy
    // that nothing changed, and no blob is written again.
    let etags = |blobs: &BTreeMap<String, Value>| -> Vec<(String, String)> {
        blobs
            .iter()
            .map(|(k, b)| (k.clone(), b["etag"].as_str().unwrap_or_default().into()))
            .filter(|(k, _)| !k.ends_with(".sahifa-deploy.json"))
            .collect()
    };
    let said = deployed_ok(&azurite.deploy(site.path()));
    assert!(said.contains("0 files (0 B)"), "{said}");
    assert_eq!(etags(&azurite.blobs(&[])), etags(&blobs));

    // An edit: only the files it changed are written.
    let story = site.path().join("content/000_a202247ae16cea6a.txt");
    let text = std::fs::read_to_string(&story).unwrap_or_default();
    std::fs::write(&story, text.replacen("وزير الإعلام", "وزير الإعلام والاتصال", 1))
        .unwrap_or_else(|e| panic!("{e}"));
    build_in(site.path());
    let changed: Vec<String> = output_files(&out)
        .into_iter()
        .filter(|(rel, md5)| files.get(rel) != Some(md5))
        .map(|(rel, _)| format!("site/{rel}"))
        .collect();
    deployed_ok(&azurite.deploy(site.path()));
    let before: BTreeMap<String, String> = etags(&blobs).into_iter().collect();
    let rewritten: Vec<String> = etags(&azurite.blobs(&[]))
        .into_iter()
        .filter(|(k, etag)| before.get(k) != Some(etag))
        .map(|(k, _)| k)
        .collect();
    assert!(!changed.is_empty());
    assert_eq!(rewritten, changed);
}
