//! The preview server: HTTP/1.1 over std, one thread per connection (at most
//! [`MAX_CONNECTIONS`]; the longest-idle one, else the oldest live-reload
//! stream, is closed to make room), request
//! heads read with hard limits ([`super::request`]), pages served from
//! memory. GET and HEAD only; percent-encoded Arabic paths; pretty URLs; the
//! site's `404.html` for misses; nothing outside the built site can be read,
//! since every path is a key into the in-memory output. Live reload uses
//! Server-Sent Events on `__sahifa/events`.

use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::request;

use percent_encoding::percent_decode_str;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const EVENTS: &str = "__sahifa/events";
const SCRIPT: &str = "__sahifa/livereload.js";
/// Ports tried after the requested one when it is taken.
const PORT_ATTEMPTS: u16 = 20;
const HEARTBEAT: Duration = Duration::from_secs(15);
/// The longest a request waits for its page to be rendered anew.
const PENDING_WAIT: Duration = Duration::from_secs(30);
/// Connections served at once (fewer if the process may open fewer files).
pub(crate) const MAX_CONNECTIONS: usize = 1024;
/// A connection thread's stack: serving a file needs little.
const CONNECTION_STACK: usize = 256 * 1024;
/// Time a client has to send its whole request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a write may block on a client that does not read (longer than the
/// event stream's heartbeat).
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// A request body read and dropped before answering, at most.
const MAX_DRAINED_BODY: u64 = 1024 * 1024;
/// How long a closing connection reads what the client still sends.
const LINGER: Duration = Duration::from_secs(1);

/// The built site in memory: output path (`2025/11/index.html`) → bytes.
use crate::engine::Files;

/// What the server threads share with the rebuild loop.
pub(crate) struct Shared {
    pub files: RwLock<Files>,
    /// The path of `base_url`, e.g. `/` or `/news/`.
    pub base_path: String,
    /// Each open page's event stream, with the page's file when it said
    /// which (`?page=` from the live-reload script).
    clients: Mutex<Vec<(Sender<String>, Option<String>)>>,
    /// Files out of date whose new bytes are being rendered: a request for
    /// one waits for them rather than get the old page.
    pending: Mutex<HashSet<String>>,
    pending_done: Condvar,
    /// The current problems as a JSON array, sent to browsers as they connect.
    problems: RwLock<Option<String>>,
    /// The site's pictures, encoded when first asked for.
    pub pictures: RwLock<Arc<crate::engine::Lazy>>,
    /// Host names answered besides loopback names and IP addresses
    /// (`--allow-host`), lower case.
    allowed_hosts: Vec<String>,
}

impl Shared {
    pub(crate) fn new(
        files: Files,
        base_path: String,
        pictures: Arc<crate::engine::Lazy>,
        allowed_hosts: &[String],
    ) -> Arc<Shared> {
        Arc::new(Shared {
            files: RwLock::new(files),
            base_path,
            clients: Mutex::new(Vec::new()),
            pending: Mutex::new(HashSet::new()),
            pending_done: Condvar::new(),
            problems: RwLock::new(None),
            pictures: RwLock::new(pictures),
            allowed_hosts: allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        })
    }

    /// A picture variant (`media/…`), encoded now if it is not ready yet.
    fn picture(&self, raw_path: &str) -> Option<(String, Vec<u8>)> {
        let decoded = percent_decode_str(raw_path).decode_utf8().ok()?;
        let rel = decoded.strip_prefix(self.base_path.as_str())?;
        if !rel.starts_with(crate::engine::MEDIA_DIR) {
            return None;
        }
        let pictures = Arc::clone(&*self.pictures.read().ok()?);
        match pictures.get(rel)? {
            Ok(bytes) => Some((rel.to_string(), bytes)),
            Err(message) => {
                eprintln!("warning: {message}");
                None
            }
        }
    }

    /// Sends an event to every open page; forgets pages that went away.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|(client, _)| client.send(message.clone()).is_ok());
        }
    }

    /// The files of the pages browsers have open.
    pub(crate) fn open_pages(&self) -> HashSet<String> {
        let Ok(clients) = self.clients.lock() else {
            return HashSet::new();
        };
        clients
            .iter()
            .filter_map(|(_, page)| page.clone())
            .collect()
    }

    /// Marks files as out of date until [`Shared::pending_done`] (their new
    /// bytes are being rendered).
    pub(crate) fn hold(&self, paths: &[String]) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.extend(paths.iter().cloned());
        }
    }

    /// The files held are up to date: requests waiting for them go on.
    pub(crate) fn release(&self) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.clear();
        }
        self.pending_done.notify_all();
    }

    fn is_held(&self, rel: &str) -> bool {
        self.pending.lock().is_ok_and(|p| p.contains(rel))
    }

    /// Waits (a while at most) until `rel` is not held.
    fn wait_until_current(&self, rel: &str) {
        let Ok(pending) = self.pending.lock() else {
            return;
        };
        let _ = self
            .pending_done
            .wait_timeout_while(pending, PENDING_WAIT, |p| p.contains(rel));
    }

    /// Records the current problems (JSON array) or their absence.
    pub(crate) fn set_problems(&self, problems: Option<String>) {
        if let Ok(mut slot) = self.problems.write() {
            *slot = problems;
        }
    }
}

/// Binds `address:port`, or the next free port after it. Port 0 lets the
/// system choose. Returns the listener and the port it got.
pub(crate) fn bind(address: IpAddr, port: u16) -> io::Result<(TcpListener, u16)> {
    let mut last_error = None;
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(address, candidate)) {
            Ok(listener) => {
                let got = listener.local_addr()?.port();
                return Ok((listener, got));
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no free port")))
}

/// Accepts connections forever on a background thread, each served on a
/// thread of its own, at most [`MAX_CONNECTIONS`] at a time (see
/// [`Connections`]). A failed accept (out of file descriptors) or a failed
/// spawn costs that connection only.
pub(crate) fn spawn(listener: TcpListener, shared: Arc<Shared>) {
    let connections = Arc::new(Connections::new(max_connections()));
    std::thread::spawn(move || loop {
        match listener.accept() {
            Ok((stream, _)) => admit(stream, &shared, &connections),
            // EMFILE and friends: give closing connections a moment.
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    });
}

/// Serves `stream` on a new thread, or answers 503 when every slot is
/// busy serving (not merely waiting for a request).
fn admit(stream: TcpStream, shared: &Arc<Shared>, connections: &Arc<Connections>) {
    let Some(slot) = connections.enter(&stream) else {
        refuse_busy(stream);
        return;
    };
    let shared = Arc::clone(shared);
    on_own_thread(CONNECTION_STACK, move || {
        let _ = handle(stream, &shared, &slot);
    });
}

/// Runs `serve` on a new thread; false when no thread could be made (too
/// many threads, no memory for a stack). Then `serve` is dropped unrun: the
/// connection it owns closes and its slot is freed, and nothing else is
/// touched — the accept loop goes on.
fn on_own_thread(stack: usize, serve: impl FnOnce() + Send + 'static) -> bool {
    std::thread::Builder::new()
        .name("sahifa-http".into())
        .stack_size(stack)
        .spawn(serve)
        .is_ok()
}

fn refuse_busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
    );
}

/// How many connections are served at once: 1,024, or fewer when the
/// process may open fewer files.
fn max_connections() -> usize {
    // Each connection holds two descriptors (its socket and the table's
    // handle to close it), and the site's files need some too.
    let files = raise_file_limit();
    (files / 4).clamp(16, MAX_CONNECTIONS)
}

/// Raises the soft limit on open files to the hard one (as Go does for
/// every program) and returns it.
#[cfg(target_os = "linux")]
fn raise_file_limit() -> usize {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    let limit = getrlimit(Resource::Nofile);
    limit.current.map_or(MAX_CONNECTIONS * 2, |n| {
        usize::try_from(n).unwrap_or(usize::MAX)
    })
}

#[cfg(not(target_os = "linux"))]
fn raise_file_limit() -> usize {
    MAX_CONNECTIONS * 2
}

/// The open connections. When all slots are taken, the one that has waited
/// longest without sending a whole request is closed to make room, else
/// the oldest live-reload stream: a flood of idle connections or of
/// streams cannot lock a browser out, and a browser's requests are never
/// the ones waiting long.
struct Connections {
    cap: usize,
    open: Mutex<ConnectionTable>,
}

#[derive(Default)]
struct ConnectionTable {
    next: u64,
    /// Id → the connection (to close it) and what it does; ids grow, so the
    /// first of a kind is the oldest.
    live: std::collections::BTreeMap<u64, (TcpStream, Doing)>,
}

/// What a connection is doing, which says which to close first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    /// Waiting for its request head: closed first to make room.
    Waiting,
    /// Serving a request.
    Serving,
    /// Holding a live-reload event stream for a page (from this address):
    /// closed next, oldest first, so a flood of streams never locks a
    /// page out; a page whose stream is closed reconnects.
    Streaming(IpAddr),
}

/// Event streams one address may hold: a newsroom's tabs, not a flood.
const MAX_STREAMS_PER_CLIENT: usize = 64;

/// A connection's place in [`Connections`], given back when dropped.
struct Slot {
    id: u64,
    connections: Arc<Connections>,
}

impl Connections {
    fn new(cap: usize) -> Connections {
        Connections {
            cap,
            open: Mutex::new(ConnectionTable::default()),
        }
    }

    fn enter(self: &Arc<Self>, stream: &TcpStream) -> Option<Slot> {
        let handle = stream.try_clone().ok()?;
        let mut table = self.open.lock().ok()?;
        if table.live.len() >= self.cap {
            let oldest = |doing: fn(&Doing) -> bool| {
                table
                    .live
                    .iter()
                    .find(|(_, (_, d))| doing(d))
                    .map(|(id, _)| *id)
            };
            let make_room = oldest(|d| *d == Doing::Waiting)
                .or_else(|| oldest(|d| matches!(d, Doing::Streaming(_))))?;
            table.close(make_room);
        }
        table.next += 1;
        let id = table.next;
        table.live.insert(id, (handle, Doing::Waiting));
        Some(Slot {
            id,
            connections: Arc::clone(self),
        })
    }
}

impl ConnectionTable {
    fn close(&mut self, id: u64) {
        if let Some((stream, _)) = self.live.remove(&id) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Slot {
    /// The request head has arrived: no longer the first to be closed.
    fn busy(&self) {
        self.doing(Doing::Serving);
    }

    /// The connection holds an event stream for a client at `address`; past
    /// [`MAX_STREAMS_PER_CLIENT`] of them, that client's oldest is closed.
    fn streaming(&self, address: IpAddr) {
        self.doing(Doing::Streaming(address));
        if let Ok(mut table) = self.connections.open.lock() {
            let of_client: Vec<u64> = table
                .live
                .iter()
                .filter(|(_, (_, d))| *d == Doing::Streaming(address))
                .map(|(id, _)| *id)
                .collect();
            let over = of_client.len().saturating_sub(MAX_STREAMS_PER_CLIENT);
            for &id in &of_client[..over] {
                table.close(id);
            }
        }
    }

    fn doing(&self, doing: Doing) {
        if let Ok(mut table) = self.connections.open.lock() {
            if let Some(entry) = table.live.get_mut(&self.id) {
                entry.1 = doing;
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut table) = self.connections.open.lock() {
            table.live.remove(&self.id);
        }
    }
}

/// Reads from a socket until a deadline for the whole read, not for each
/// `read` call: a client dripping a byte a second is cut off all the same.
struct DeadlineReader<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for DeadlineReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "request too slow"));
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

fn handle(mut stream: TcpStream, shared: &Shared, slot: &Slot) -> io::Result<()> {
    // A client that stops reading cannot hold its slot forever.
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut reader = BufReader::new(DeadlineReader {
        stream: &stream,
        deadline,
    });
    let request = match request::read_head(&mut reader) {
        Ok(request) => request,
        Err(error) => {
            if let Some(status) = error.status() {
                let why = error.explain().as_bytes();
                respond(
                    &mut stream,
                    status,
                    "text/plain; charset=utf-8",
                    why,
                    false,
                    &[],
                )?;
                close_gently(&stream);
            }
            return Ok(());
        }
    };
    slot.busy();
    let unread_body = drain_body(&mut reader, request.body, deadline);
    drop(reader);
    let result = answer(&mut stream, shared, &request, slot);
    if unread_body {
        close_gently(&stream);
    }
    result
}

/// Reads and drops a body the client sent with its request (up to
/// [`MAX_DRAINED_BODY`]), so closing the connection does not reset it
/// before the client has read the answer. Returns whether some may be left.
fn drain_body(reader: &mut impl BufRead, body: request::Body, deadline: Instant) -> bool {
    match body {
        request::Body::None => false,
        request::Body::Unknown => true,
        request::Body::Length(length) => {
            let wanted = length.min(MAX_DRAINED_BODY);
            let drained = io::copy(&mut reader.take(wanted), &mut io::sink()).unwrap_or(0);
            drained < length || Instant::now() >= deadline
        }
    }
}

/// Ends the connection without a reset: stop writing, then read what the
/// client still sends (for a while, and not much) before closing.
fn close_gently(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut reader = DeadlineReader { stream, deadline };
    let _ = io::copy(&mut (&mut reader).take(MAX_DRAINED_BODY), &mut io::sink());
}

fn answer(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &request::Request,
    slot: &Slot,
) -> io::Result<()> {
    let head_only = request.method == "HEAD";
    if let Some(host) = &request.host {
        if !host_allowed(host, &shared.allowed_hosts) {
            let why = format!(
                "this preview answers only localhost and IP addresses, not «{}»; \
                 to reach it by that name, run sahifa serve --allow-host NAME",
                host_name(host)
            );
            return respond(
                stream,
                "403 Forbidden",
                "text/plain; charset=utf-8",
                why.as_bytes(),
                head_only,
                &[],
            );
        }
    }
    if request.method != "GET" && !head_only {
        let allow = [("Allow", "GET, HEAD".to_string())];
        return respond(
            stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET and HEAD only",
            head_only,
            &allow,
        );
    }
    let raw_path = request.path.as_str();
    let base = shared.base_path.as_str();
    if raw_path == format!("{base}{EVENTS}") && !head_only {
        let page = open_page(request.query.as_deref(), shared);
        if let Ok(peer) = stream.peer_addr() {
            slot.streaming(peer.ip());
        }
        return events(stream, shared, page);
    }
    if raw_path == format!("{base}{SCRIPT}") {
        return respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS.as_bytes(),
            head_only,
            &[],
        );
    }
    let mut lookup = {
        let files = shared.files.read().map_err(|_| io::Error::other("lock"))?;
        resolve_path(raw_path, base, &files)
    };
    if let Lookup::Found(rel, _) = &lookup {
        if shared.is_held(rel) {
            shared.wait_until_current(rel);
            let files = shared.files.read().map_err(|_| io::Error::other("lock"))?;
            lookup = resolve_path(raw_path, base, &files);
        }
    }
    if let Lookup::Missing(_) = lookup {
        if let Some((rel, bytes)) = shared.picture(raw_path) {
            let kind = content_type(&rel);
            return respond(stream, "200 OK", kind, &bytes, head_only, &[]);
        }
    }
    match lookup {
        Lookup::Found(rel, bytes) => {
            let body = inject_script(&rel, bytes, base);
            respond(stream, "200 OK", content_type(&rel), &body, head_only, &[])
        }
        Lookup::Redirect(mut location) => {
            if let Some(query) = &request.query {
                location.push('?');
                location.push_str(query);
            }
            let headers = [("Location", location)];
            respond(
                stream,
                "301 Moved Permanently",
                "text/plain; charset=utf-8",
                b"",
                head_only,
                &headers,
            )
        }
        Lookup::Forbidden => respond(
            stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            b"bad path",
            head_only,
            &[],
        ),
        Lookup::Missing(not_found) => {
            let body = match not_found {
                Some(bytes) => inject_script("404.html", bytes, base),
                None => b"not found".to_vec(),
            };
            respond(
                stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                head_only,
                &[],
            )
        }
    }
}

/// The outcome of looking a request path up in the built site.
#[derive(Debug, PartialEq)]
pub enum Lookup {
    Found(String, Arc<[u8]>),
    Redirect(String),
    Forbidden,
    Missing(Option<Arc<[u8]>>),
}

/// Maps a raw (percent-encoded) request path to a file of the site.
pub fn resolve_path(raw_path: &str, base: &str, files: &Files) -> Lookup {
    let missing = || Lookup::Missing(files.get("404.html").cloned());
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::Forbidden;
    };
    if decoded.contains(['\\', '\0']) {
        return Lookup::Forbidden;
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        // "/news" without the slash, or "/" when the site lives under "/news/".
        return if format!("{decoded}/") == base || decoded == "/" {
            Lookup::Redirect(base.to_string())
        } else {
            missing()
        };
    };
    if rel
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Lookup::Forbidden;
    }
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(bytes) = files.get(&file) {
        return Lookup::Found(file, Arc::clone(bytes));
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("{raw_path}/"));
    }
    missing()
}

/// Adds the live-reload script to HTML pages (only in `serve`).
fn inject_script(rel: &str, bytes: Arc<[u8]>, base: &str) -> Vec<u8> {
    if !rel.ends_with(".html") {
        return bytes.to_vec();
    }
    let tag = format!("<script src=\"{base}{SCRIPT}\" data-base=\"{base}\"></script>\n");
    let text = String::from_utf8_lossy(&bytes);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head_only: bool,
    extra: &[(&str, String)],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Whether a request for `host` (a `Host` field: name or address, with or
/// without a port) is answered: loopback names, IP addresses (DNS
/// rebinding needs a name) and the names given with `--allow-host`. A page
/// on another site that rebinds its own name to 127.0.0.1 gets 403, not
/// the preview's drafts and embargoed stories.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = host_name(host).to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok()
        || allowed.iter().any(|a| a == name)
}

/// A `Host` field without its port: `[::1]:80` → `::1`, `a.b:80` → `a.b`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The file of the page an event stream belongs to: `page=` (the page's
/// path, percent-encoded) as the live-reload script sends it.
fn open_page(query: Option<&str>, shared: &Shared) -> Option<String> {
    let path = query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))?;
    let path = percent_decode_str(path).decode_utf8().ok()?;
    let files = shared.files.read().ok()?;
    match resolve_path(&path, &shared.base_path, &files) {
        Lookup::Found(rel, _) => Some(rel),
        _ => None,
    }
}

/// A Server-Sent Events stream: current problems first, then `hello` (from
/// then on no event is missed), then every event until the page goes away.
fn events(stream: &mut TcpStream, shared: &Shared, page: Option<String>) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    let (sender, receiver) = channel();
    // Listening before anything is said, so that `hello` means no later
    // event can be missed.
    if let Ok(mut clients) = shared.clients.lock() {
        clients.push((sender, page));
    }
    if let Ok(Some(problems)) = shared.problems.read().map(|p| p.clone()) {
        stream.write_all(format!("event: problems\ndata: {problems}\n\n").as_bytes())?;
    }
    // A readiness signal for scripts and tests (the page listens for none).
    stream.write_all(b"event: hello\ndata: listening\n\n")?;
    stream.flush()?;
    loop {
        let message = match receiver.recv_timeout(HEARTBEAT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": heartbeat\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut files = Files::new();
        for path in [
            "index.html",
            "404.html",
            "2025/index.html",
            "دمشق/index.html",
            "style.css",
        ] {
            files.insert(path.to_string(), Arc::from(path.as_bytes()));
        }
        files
    }

    fn found(raw: &str, base: &str) -> Option<String> {
        match resolve_path(raw, base, &files()) {
            Lookup::Found(rel, _) => Some(rel),
            _ => None,
        }
    }

    #[test]
    fn a_failed_spawn_closes_that_connection_and_frees_its_slot() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let mut client = TcpStream::connect(address).unwrap_or_else(|e| panic!("{e}"));
        let (stream, _) = listener.accept().unwrap_or_else(|e| panic!("{e}"));
        let connections = Arc::new(Connections::new(1));
        let slot = connections
            .enter(&stream)
            .unwrap_or_else(|| panic!("no slot"));
        // No system gives a thread a stack of every byte there is.
        let spawned = on_own_thread(usize::MAX, move || {
            let _ = (&stream, &slot);
            unreachable!("the thread ran");
        });
        assert!(!spawned);
        let open = connections.open.lock().map(|t| t.live.len()).unwrap_or(9);
        assert_eq!(open, 0, "the slot was not given back");
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut rest = Vec::new();
        let read = client.read_to_end(&mut rest);
        assert!(
            matches!(read, Ok(0)),
            "the connection stayed open: {read:?}"
        );
    }

    #[test]
    fn pretty_urls_and_percent_encoded_arabic() {
        assert_eq!(found("/", "/").as_deref(), Some("index.html"));
        assert_eq!(found("/2025/", "/").as_deref(), Some("2025/index.html"));
        assert_eq!(
            found("/%D8%AF%D9%85%D8%B4%D9%82/", "/").as_deref(),
            Some("دمشق/index.html")
        );
        assert_eq!(
            resolve_path("/2025", "/", &files()),
            Lookup::Redirect("/2025/".into())
        );
    }

    #[test]
    fn sub_path_base() {
        assert_eq!(
            found("/news/style.css", "/news/").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            resolve_path("/", "/news/", &files()),
            Lookup::Redirect("/news/".into())
        );
        assert_eq!(
            resolve_path("/news", "/news/", &files()),
            Lookup::Redirect("/news/".into())
        );
        assert!(matches!(
            resolve_path("/style.css", "/news/", &files()),
            Lookup::Missing(Some(_))
        ));
    }

    #[test]
    fn traversal_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2Fetc",
            "/a\\..\\b",
            "/%00",
        ] {
            assert!(
                matches!(
                    resolve_path(raw, "/", &files()),
                    Lookup::Forbidden | Lookup::Missing(_)
                ),
                "{raw}"
            );
            assert!(found(raw, "/").is_none(), "{raw}");
        }
    }

    #[test]
    fn misses_get_the_site_404() {
        assert_eq!(
            resolve_path("/nope/", "/", &files()),
            Lookup::Missing(Some(Arc::from("404.html".as_bytes())))
        );
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let page = inject_script(
            "a.html",
            Arc::from("<body><p>x</p></body></html>".as_bytes()),
            "/",
        );
        let text = String::from_utf8_lossy(&page);
        assert!(text.contains(
            "<p>x</p><script src=\"/__sahifa/livereload.js\" data-base=\"/\"></script>\n</body>"
        ));
        assert_eq!(inject_script("a.css", Arc::from("x".as_bytes()), "/"), b"x");
    }

    #[test]
    fn only_loopback_names_addresses_and_allowed_names_are_answered() {
        let allowed = ["preview.newsroom.lan".to_string()];
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:8080",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.5",
            "preview.newsroom.lan:1111",
        ] {
            assert!(host_allowed(host, &allowed), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
        ] {
            assert!(!host_allowed(host, &allowed), "{host}");
        }
    }
}
