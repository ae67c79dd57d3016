//! Reading an HTTP/1.1 request head with hard limits: a request line of at
//! most [`MAX_REQUEST_LINE`] bytes and a head of at most [`MAX_HEAD`] bytes,
//! counted as they arrive, so no client can make the server hold more. Pure
//! over any `BufRead`, so the fuzz target drives it with bytes.

use std::io::{self, BufRead, Read};

/// The longest request line read (method, target, version).
pub(crate) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The longest head read: request line and header fields together.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// The most header fields read.
const MAX_FIELDS: usize = 100;

/// A request head, as far as the preview server needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …, as sent.
    pub method: String,
    /// The path, still percent-encoded, always starting with `/`.
    pub path: String,
    /// What followed `?`, without it.
    pub query: Option<String>,
    /// The body the client announced (`Content-Length`), to be read and
    /// dropped before answering.
    pub body: Body,
    /// The host the client asked for: an absolute-form target's authority,
    /// else the `Host` field (RFC 9112 §3.2.2), as sent.
    pub host: Option<String>,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Body {
    None,
    Length(u64),
    /// `Transfer-Encoding`: not read; the connection closes after the answer.
    Unknown,
}

/// Why no request could be read. Each but `Closed` and `Io` is answered
/// with its status.
#[derive(Debug)]
pub enum HeadError {
    /// The client closed (or sent nothing) before a request line.
    Closed,
    /// 414: the request line is longer than [`MAX_REQUEST_LINE`].
    LineTooLong,
    /// 431: the head is longer than [`MAX_HEAD`] or has too many fields.
    HeadTooLarge,
    /// 400: not UTF-8, not `METHOD TARGET HTTP/1.x`, a field without a
    /// colon, a bad `Content-Length`…
    Bad(&'static str),
    /// The socket failed or timed out.
    Io,
}

impl HeadError {
    /// The status line to answer with, if any.
    pub fn status(&self) -> Option<&'static str> {
        match self {
            HeadError::LineTooLong => Some("414 URI Too Long"),
            HeadError::HeadTooLarge => Some("431 Request Header Fields Too Large"),
            HeadError::Bad(_) => Some("400 Bad Request"),
            HeadError::Closed | HeadError::Io => None,
        }
    }

    /// The answer's body: what was wrong.
    pub fn explain(&self) -> &'static str {
        match self {
            HeadError::LineTooLong => "the request line is too long",
            HeadError::HeadTooLarge => "the request head is too large",
            HeadError::Bad(why) => why,
            HeadError::Closed | HeadError::Io => "",
        }
    }
}

impl From<io::Error> for HeadError {
    fn from(_: io::Error) -> HeadError {
        HeadError::Io
    }
}

/// Reads one request head from `reader`, never buffering more than the
/// limits allow.
pub fn read_head(reader: &mut impl BufRead) -> Result<Request, HeadError> {
    let line = match read_line(reader, MAX_REQUEST_LINE)? {
        Line::Complete(line) => line,
        Line::TooLong => return Err(HeadError::LineTooLong),
        Line::Ended(partial) if partial.is_empty() => return Err(HeadError::Closed),
        Line::Ended(_) => return Err(HeadError::Bad("the request line ends early")),
    };
    let mut used = line.len();
    let (method, target) = parse_request_line(&line)?;
    let mut body = Body::None;
    let mut host = None;
    for _ in 0..=MAX_FIELDS {
        let field = match read_line(reader, MAX_HEAD.saturating_sub(used))? {
            Line::Complete(field) => field,
            Line::TooLong => return Err(HeadError::HeadTooLarge),
            Line::Ended(_) => return Err(HeadError::Bad("the head ends early")),
        };
        used += field.len();
        let field = trim_end_of_line(&field);
        if field.is_empty() {
            let (path, query) = split_target(&target)?;
            return Ok(Request {
                method,
                path,
                query,
                body,
                host: authority_of(&target).map(str::to_string).or(host),
            });
        }
        body = parse_field(field, body)?;
        if let Some(value) = host_field(field) {
            host = Some(value);
        }
    }
    Err(HeadError::HeadTooLarge)
}

enum Line {
    /// A line with its newline.
    Complete(Vec<u8>),
    /// `limit` bytes without a newline.
    TooLong,
    /// The stream ended; what came before the end.
    Ended(Vec<u8>),
}

/// Reads up to and including `\n`, at most `limit` bytes.
fn read_line(reader: &mut impl BufRead, limit: usize) -> io::Result<Line> {
    let mut line = Vec::new();
    reader
        .by_ref()
        .take(limit as u64)
        .read_until(b'\n', &mut line)?;
    Ok(if line.ends_with(b"\n") {
        Line::Complete(line)
    } else if line.len() >= limit {
        Line::TooLong
    } else {
        Line::Ended(line)
    })
}

fn trim_end_of_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `METHOD SP request-target SP HTTP/1.x`.
fn parse_request_line(line: &[u8]) -> Result<(String, String), HeadError> {
    let text = std::str::from_utf8(trim_end_of_line(line))
        .map_err(|_| HeadError::Bad("the request line is not UTF-8"))?;
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Bad("not METHOD TARGET VERSION"));
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) {
        return Err(HeadError::Bad("not a method"));
    }
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(HeadError::Bad("not HTTP/1.x"));
    }
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(HeadError::Bad("not a request target"));
    }
    Ok((method.to_string(), target.to_string()))
}

/// The path and query of an origin-form (`/a?b`) or absolute-form
/// (`http://host/a?b`, RFC 9112 §3.2.2) target; a fragment is dropped.
fn split_target(target: &str) -> Result<(String, Option<String>), HeadError> {
    let target = target.split('#').next().unwrap_or_default();
    let origin_form = if target.starts_with('/') {
        target
    } else {
        let scheme_len = ["http://", "https://"]
            .iter()
            .find(|s| {
                target
                    .get(..s.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(s))
            })
            .map(|s| s.len())
            .ok_or(HeadError::Bad(
                "the target is neither /path nor http://host/path",
            ))?;
        let rest = &target[scheme_len..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if authority_end == 0 {
            return Err(HeadError::Bad("an absolute target without a host"));
        }
        match &rest[authority_end..] {
            "" => "/",
            tail if tail.starts_with('?') => return Ok(("/".into(), Some(tail[1..].into()))),
            tail => tail,
        }
    };
    Ok(match origin_form.split_once('?') {
        Some((path, query)) => (path.to_string(), Some(query.to_string())),
        None => (origin_form.to_string(), None),
    })
}

/// The authority of an absolute-form target (`http://host:1111/a` →
/// `host:1111`).
fn authority_of(target: &str) -> Option<&str> {
    let lower = target.get(..8)?.to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &target[7..]
    } else if lower.starts_with("https://") {
        &target[8..]
    } else {
        return None;
    };
    Some(&rest[..rest.find(['/', '?']).unwrap_or(rest.len())])
}

/// The value of a `Host` field.
fn host_field(field: &[u8]) -> Option<String> {
    let colon = field.iter().position(|&b| b == b':')?;
    let (name, value) = (&field[..colon], field[colon + 1..].trim_ascii());
    name.eq_ignore_ascii_case(b"host")
        .then(|| String::from_utf8_lossy(value).into_owned())
}

/// One header field; only those that say whether a body follows matter.
fn parse_field(field: &[u8], body: Body) -> Result<Body, HeadError> {
    if field.starts_with(b" ") || field.starts_with(b"\t") {
        return Err(HeadError::Bad("obsolete line folding"));
    }
    let colon = field
        .iter()
        .position(|&b| b == b':')
        .ok_or(HeadError::Bad("a header field without a colon"))?;
    let (name, value) = (&field[..colon], field[colon + 1..].trim_ascii());
    if name.is_empty() || name.iter().any(|b| b.is_ascii_whitespace()) {
        return Err(HeadError::Bad("a bad header field name"));
    }
    if name.eq_ignore_ascii_case(b"transfer-encoding") {
        return Ok(Body::Unknown);
    }
    if name.eq_ignore_ascii_case(b"content-length") && body != Body::Unknown {
        let length = std::str::from_utf8(value)
            .ok()
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or(HeadError::Bad("a bad Content-Length"))?;
        if matches!(body, Body::Length(earlier) if earlier != length) {
            return Err(HeadError::Bad("two different Content-Length fields"));
        }
        return Ok(Body::Length(length));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Request, HeadError> {
        read_head(&mut io::BufReader::new(bytes))
    }

    fn ok(bytes: &[u8]) -> Request {
        read(bytes).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn origin_and_absolute_form_targets() {
        let request = ok(b"GET /2025/?page=2 HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/2025/");
        assert_eq!(request.query.as_deref(), Some("page=2"));
        let absolute = ok(b"GET http://127.0.0.1:1111/%D8%AF?q=1#x HTTP/1.1\r\n\r\n");
        assert_eq!(absolute.path, "/%D8%AF");
        assert_eq!(absolute.query.as_deref(), Some("q=1"));
        assert_eq!(ok(b"GET HTTPS://example.org HTTP/1.0\n\n").path, "/");
        assert_eq!(
            ok(b"HEAD http://h?x HTTP/1.1\r\n\r\n").query.as_deref(),
            Some("x")
        );
        for bad in [
            &b"GET * HTTP/1.1\r\n\r\n"[..],
            b"CONNECT example.org:443 HTTP/1.1\r\n\r\n",
            b"GET http:///x HTTP/1.1\r\n\r\n",
            b"GET ftp://h/x HTTP/1.1\r\n\r\n",
        ] {
            assert!(matches!(read(bad), Err(HeadError::Bad(_))), "{bad:?}");
        }
    }

    #[test]
    fn limits_are_counted_as_bytes_arrive() {
        let mut long_line = b"GET /".to_vec();
        long_line.extend(std::iter::repeat_n(b'a', MAX_REQUEST_LINE));
        assert!(matches!(read(&long_line), Err(HeadError::LineTooLong)));
        let mut big_head = b"GET / HTTP/1.1\r\n".to_vec();
        for _ in 0..40 {
            big_head.extend(b"X-Filler: ");
            big_head.extend(std::iter::repeat_n(b'b', 500));
            big_head.extend(b"\r\n");
        }
        assert!(matches!(read(&big_head), Err(HeadError::HeadTooLarge)));
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for _ in 0..=MAX_FIELDS {
            many.extend(b"A: b\r\n");
        }
        many.extend(b"\r\n");
        assert!(matches!(read(&many), Err(HeadError::HeadTooLarge)));
        assert_eq!(HeadError::LineTooLong.status(), Some("414 URI Too Long"));
    }

    #[test]
    fn malformed_heads_are_bad_requests() {
        for bad in [
            &b"GET /\xff HTTP/1.1\r\n\r\n"[..],
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET /\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\n",
            b"GET / HTTP/1.1",
        ] {
            let result = read(bad);
            assert!(
                matches!(result, Err(HeadError::Bad(_))),
                "{bad:?}: {result:?}"
            );
        }
        assert!(matches!(read(b""), Err(HeadError::Closed)));
    }

    #[test]
    fn the_announced_body_is_known() {
        assert_eq!(ok(b"GET / HTTP/1.1\r\n\r\n").body, Body::None);
        assert_eq!(
            ok(b"POST / HTTP/1.1\r\ncontent-length:  12 \r\n\r\n").body,
            Body::Length(12)
        );
        assert_eq!(
            ok(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n").body,
            Body::Unknown
        );
    }
}
