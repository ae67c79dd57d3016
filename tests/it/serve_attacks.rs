//! `sahifa serve` against attackers and unlucky users, over real TCP: a
//! flood of idle connections, a request line that never ends, broken and
//! unusual requests, `content/` pulled away and put back, and a preview
//! bound to every address.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::serve::*;
use crate::common::*;

const SEED: &str = "000_a202247ae16cea6a.txt";

/// The server's resident memory in KiB, and its thread count.
fn process_status(pid: u32) -> (u64, u64) {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("Threads:"))
}

#[test]
fn a_flood_of_idle_connections_does_not_lock_a_browser_out() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    // More than the server serves at once (1,024), each half a request.
    let flood: Vec<TcpStream> = (0..1300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok())
        .inspect(|mut stream| {
            let _ = stream.write_all(b"GET /");
        })
        .collect();
    assert!(
        flood.len() > 1100,
        "only {} connections opened",
        flood.len()
    );
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("dir=\"rtl\""));
    assert_eq!(get(server.port, "/2025/").status, 200);
    if cfg!(target_os = "linux") {
        // The threads of the connections closed to make room end on their
        // own time; under load some are still ending when the page is
        // served. What must hold is that they end: the count settles under
        // the cap (1,024) plus the server's own threads.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let settled = loop {
            let (_, threads) = process_status(server.pid());
            if (1..1100).contains(&threads) || std::time::Instant::now() > deadline {
                break threads;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(
            (1..1100).contains(&settled),
            "{settled} threads for {} connections",
            flood.len()
        );
    }
}

/// Reads an answer's status line while the request is still being sent.
fn status_while_sending(port: u16, head: &'static [u8], filler: u8, megabytes: usize) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = stream.try_clone().unwrap_or_else(|e| panic!("{e}"));
    reader
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let sender = std::thread::spawn(move || {
        let chunk = vec![filler; 64 * 1024];
        let _ = stream.write_all(head);
        for _ in 0..megabytes * 16 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let mut answer = Vec::new();
    let mut buffer = [0; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
    let _ = sender.join();
    parse_response(&answer).status
}

#[test]
fn an_endless_request_line_or_head_is_refused_with_memory_bounded() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    assert_eq!(get(server.port, "/").status, 200);
    let (before, _) = process_status(server.pid());
    assert_eq!(status_while_sending(server.port, b"GET /", b'a', 50), 414);
    assert_eq!(
        status_while_sending(server.port, b"GET / HTTP/1.1\r\nX-Long: ", b'b', 50),
        431
    );
    let (after, _) = process_status(server.pid());
    if cfg!(target_os = "linux") {
        assert!(
            after < before + 20 * 1024,
            "resident memory went from {before} KiB to {after} KiB"
        );
    }
    assert_eq!(get(server.port, "/").status, 200);
}

#[test]
fn unusual_and_broken_requests_get_proper_answers() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let port = server.port;
    assert_eq!(
        exchange(port, b"GET /\xff\xfe HTTP/1.1\r\n\r\n").status,
        400
    );
    assert_eq!(exchange(port, b"GARBAGE\r\n\r\n").status, 400);
    // A body nobody reads is drained: the answer arrives whole, no reset.
    let mut post = b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 300000\r\n\r\n".to_vec();
    post.extend(std::iter::repeat_n(b'x', 300_000));
    let refused = exchange(port, &post);
    assert_eq!(refused.status, 405);
    assert_eq!(refused.text(), "GET and HEAD only");
    // The pretty-URL redirect keeps the query string.
    let redirect = get(port, "/2025?utm_source=x&page=2");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location"),
        Some("/2025/?utm_source=x&page=2")
    );
    // Absolute-form targets (RFC 9112 §3.2.2), as proxies send them.
    let absolute = format!("GET http://127.0.0.1:{port}/2025/ HTTP/1.1\r\nHost: x\r\n\r\n");
    let page = exchange(port, absolute.as_bytes());
    assert_eq!(page.status, 200);
    assert!(page.text().contains("2025"));
}

/// Issue 32, item 7: a page on another site that rebinds its own name to
/// 127.0.0.1 (DNS rebinding) must not read the preview — drafts, embargoed
/// stories, the problems' paths. Only loopback names, IP addresses and
/// names given with `--allow-host` are answered.
#[test]
fn a_foreign_host_name_is_refused_and_an_allowed_one_answered() {
    let site = sample_site();
    let server = Server::start(
        site.path(),
        &["--port", "0", "--allow-host", "preview.newsroom.lan"],
    );
    let port = server.port;
    let ask = |host: &str, target: &str| {
        exchange(
            port,
            format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    for target in ["/", "/__sahifa/events", "/search/"] {
        let refused = ask(&format!("rebind.evil.example:{port}"), target);
        assert_eq!(refused.status, 403, "{target}");
        assert!(
            refused.text().contains("--allow-host"),
            "{}",
            refused.text()
        );
        assert!(!refused.text().contains("<html"), "{target}");
    }
    // An absolute-form target names the host the request is for.
    let absolute = format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(exchange(port, absolute.as_bytes()).status, 403);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.newsroom.lan:{port}"),
    ] {
        assert_eq!(ask(&host, "/").status, 200, "{host}");
    }
}

#[test]
fn content_moved_away_and_back_or_made_again_is_watched_again() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let content = site.path().join("content");
    let away = site.path().join("content.away");
    fs::rename(&content, &away).unwrap_or_else(|e| panic!("{e}"));
    server.wait_line("is gone; still serving the last good site");
    assert_eq!(get(server.port, &seed_url()).status, 200);
    fs::rename(&away, &content).unwrap_or_else(|e| panic!("{e}"));
    server.wait_line("the site rebuilt from scratch");
    edit_seed(&content, "كشف وزير", "أعلن وزير");
    wait_for(server.port, &seed_url(), "أعلن وزير");

    // Deleted and made again at once, as `git checkout` or `rsync --delete`
    // do: a new folder under the old name.
    let copy = site.path().join("content.copy");
    copy_dir(&content, &copy);
    fs::remove_dir_all(&content).unwrap_or_else(|e| panic!("{e}"));
    fs::rename(&copy, &content).unwrap_or_else(|e| panic!("{e}"));
    server.wait_line("the site rebuilt from scratch");
    edit_seed(&content, "أعلن وزير", "قال وزير");
    wait_for(server.port, &seed_url(), "قال وزير");
}

fn seed_url() -> String {
    url_of("2025/11/11/دمشق-تعلن-توقيع-إعلان-تعاون-سياسي/index.html")
}

fn edit_seed(content: &std::path::Path, from: &str, to: &str) {
    // Let the watcher settle on the new folder first.
    std::thread::sleep(Duration::from_millis(300));
    let path = content.join(SEED);
    let text = fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains(from));
    fs::write(&path, text.replace(from, to)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_preview_bound_to_every_address_warns_and_links_to_loopback() {
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0", "--bind", "0.0.0.0"]);
    assert!(
        server
            .startup
            .iter()
            .any(|l| l.contains("--bind 0.0.0.0") && l.contains("anyone")),
        "{:?}",
        server.startup
    );
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    for target in ["/", "/atom.xml", "/sitemap.xml"] {
        let body = get(server.port, target).text();
        assert!(!body.contains("0.0.0.0"), "{target}");
        assert!(body.contains("127.0.0.1"), "{target}");
    }
}

/// Issue 32, item 6: live-reload streams held open by the hundred (a
/// script, a runaway tab) never lock pages out: one address keeps its 64
/// newest streams, the older ones are closed (a real page reconnects).
#[test]
fn a_flood_of_live_reload_streams_keeps_the_newest_and_pages_answered() {
    use std::io::Read;
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let streams: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream =
                TcpStream::connect(("127.0.0.1", server.port)).unwrap_or_else(|e| panic!("{e}"));
            stream
                .write_all(b"GET /__sahifa/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap_or_else(|e| panic!("{e}"));
            // Read until the server says the stream is listening.
            let mut seen = Vec::new();
            let mut byte = [0u8; 1];
            while !String::from_utf8_lossy(&seen).contains("data: listening") {
                match stream.read(&mut byte) {
                    Ok(1) => seen.push(byte[0]),
                    _ => panic!("no hello: {}", String::from_utf8_lossy(&seen)),
                }
            }
            stream
        })
        .collect();
    assert_eq!(get(server.port, "/").status, 200);
    // The oldest were closed as newer came: each reads to its end.
    for (n, stream) in streams[..136].iter().enumerate() {
        let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
        let mut rest = Vec::new();
        assert!(
            (&mut &*stream).read_to_end(&mut rest).is_ok(),
            "stream {n} of 200 is still open"
        );
    }
}
