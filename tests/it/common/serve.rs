//! Runs `sahifa serve` as a child process for tests, with a tiny HTTP client
//! and an event-stream listener.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A running `sahifa serve`; killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub url: String,
    pub port: u16,
    /// Lines the server prints after "serving at".
    pub lines: Receiver<String>,
    /// Lines printed before it (startup).
    pub startup: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sahifa"));
        command.arg("serve").arg("--root").arg(root).args(extra);
        Server::spawn(command)
    }

    /// Starts `sahifa serve` as a user does: from inside `dir`, with no
    /// `--root` or with a relative one.
    pub(crate) fn start_in(dir: &Path, root: Option<&str>, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sahifa"));
        command.current_dir(dir).arg("serve");
        if let Some(root) = root {
            command.args(["--root", root]);
        }
        command.args(extra);
        Server::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        // One pipe for stdout and stderr, as a terminal shows them: lines
        // arrive in the order they were written (a warning on stderr before
        // "serving at" on stdout), which two pipes read by two threads do
        // not promise.
        let (reader, writer) =
            std::io::pipe().unwrap_or_else(|e| panic!("cannot make a pipe: {e}"));
        let writer_too = writer
            .try_clone()
            .unwrap_or_else(|e| panic!("cannot share the pipe: {e}"));
        let child = command
            .stdout(writer)
            .stderr(writer_too)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start sahifa serve: {e}"));
        // The command holds the pipe's write ends: dropped, the reader sees
        // the end when the server exits.
        drop(command);
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Owned by the Server from here on, so a failed start still kills it.
        let mut server = Server {
            child,
            url: String::new(),
            port: 0,
            lines: rx,
            startup: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = server
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("serve did not start: {:?}", server.startup));
            if let Some(rest) = line.split("serving at ").nth(1) {
                server.url = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                server.port = server
                    .url
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.split('/').next())
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
                server.startup.push(line);
                return server;
            }
            server.startup.push(line);
        }
    }

    /// Waits for a printed line containing `needle`.
    pub(crate) fn wait_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            if line.contains(needle) {
                return line;
            }
            seen.push(line);
        }
        panic!("no line with {needle:?}; saw {seen:?}");
    }
}

/// A response: status code, headers (lower-case names) and body.
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request (`GET /x HTTP/1.1`) to 127.0.0.1:port.
pub(crate) fn request(port: u16, method: &str, target: &str) -> Response {
    let request =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    exchange(port, request.as_bytes())
}

/// Sends `bytes` as they are and reads the whole answer.
pub(crate) fn exchange(port: u16, bytes: &[u8]) -> Response {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap_or_else(|e| panic!("{e}"));
    stream.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        panic!("reading the answer: {e} (after {} bytes)", raw.len());
    }
    parse_response(&raw)
}

/// A raw HTTP/1.1 answer, parsed.
pub(crate) fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

pub(crate) fn get(port: u16, target: &str) -> Response {
    request(port, "GET", target)
}

/// Polls `target` until its body contains `needle` (or panics after 10 s).
pub(crate) fn wait_for(port: u16, target: &str, needle: &str) -> Response {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let response = get(port, target);
        if response.text().contains(needle) {
            return response;
        }
        assert!(
            Instant::now() < deadline,
            "{target} never showed {needle:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Event names and data from the server's event stream.
pub(crate) struct Events {
    events: Receiver<(String, String)>,
    /// Events that came before the stream said `hello`.
    early: std::cell::RefCell<std::collections::VecDeque<(String, String)>>,
}

impl Events {
    /// Connects, and returns once the server says it is listening (its
    /// `hello` event): no event after this can be missed.
    pub(crate) fn connect(port: u16, base: &str) -> Events {
        Events::connect_from(port, base, None)
    }

    /// [`Events::connect`] as the live-reload script of the page at `page`
    /// (a path, percent-encoded) does: saying which page it is on.
    pub(crate) fn connect_from(port: u16, base: &str, page: Option<&str>) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
        let query = page.map_or(String::new(), |p| {
            format!("?page={}", p.replace('%', "%25").replace('/', "%2F"))
        });
        let request =
            format!("GET {base}__sahifa/events{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((event.clone(), data.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        let events = Events {
            events: rx,
            early: Default::default(),
        };
        loop {
            let event = events.receive();
            if event.0 == "hello" {
                return events;
            }
            events.early.borrow_mut().push_back(event);
        }
    }

    /// The next event (name, data), waiting up to 10 s.
    pub(crate) fn next(&self) -> (String, String) {
        let early = self.early.borrow_mut().pop_front();
        early.unwrap_or_else(|| self.receive())
    }

    fn receive(&self) -> (String, String) {
        self.events
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no event within 10 s"))
    }
}

/// Replaces a file the way editors do an atomic save: write a temporary file
/// beside it, then rename it over the original.
pub(crate) fn atomic_save(path: &Path, text: &str) {
    let temp = path.with_extension("sahifa-tmp~");
    std::fs::write(&temp, text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&temp, path).unwrap_or_else(|e| panic!("{e}"));
}
