//! Stage 1: walk `content/`, read and decode every file.
//!
//! `.txt` files are raw news text, `.md` files Markdown; hidden files and
//! folders are skipped; anything else is an asset copied to the output at the
//! same relative path. Bytes are decoded as UTF-8 (BOM dropped), or as legacy
//! Windows-1256 Arabic with a warning; binary or undecodable files are reported
//! and skipped. Line endings become `\n`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

pub(crate) mod authors;
pub(crate) mod data;
pub(crate) mod stamp;
pub(crate) mod statics;
pub(crate) mod urls;

use crate::report::Diagnostic;
use stamp::{file_stamp, FileStamp};

/// Which of the two article formats a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    /// Raw news text (`.txt`): title, date line, body, source, read-also.
    #[default]
    Raw,
    /// Markdown with TOML or YAML front matter.
    Markdown,
}

/// One article file, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file on disk (for messages).
    pub path: PathBuf,
    /// Its path under `content/` with `/` separators: the article's stable id.
    pub id: String,
    /// Raw news text or Markdown.
    pub kind: SourceKind,
    /// The file's text, decoded to UTF-8.
    pub text: String,
    /// When the file was last changed, when the system says: what a
    /// relative date («منذ ساعتين») or one without a year is read against.
    pub modified: Option<std::time::SystemTime>,
}

/// A non-article file under `content/`, copied as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asset {
    pub path: PathBuf,
    /// Its path under `content/` with `/` separators; made only of normal
    /// components, so it cannot leave the output folder.
    pub rel: String,
}

/// An article file found by the walk, not read yet.
#[derive(Debug, Clone)]
pub(crate) struct ArticleFile {
    pub path: PathBuf,
    /// Its path under `content/` (see [`SourceFile::id`]).
    pub id: String,
    pub kind: SourceKind,
}

/// What the walk of `content/` found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub articles: Vec<ArticleFile>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds the article files and assets under `content_dir`, in name order,
/// without reading them.
pub(crate) fn walk_content(content_dir: &Path) -> Walked {
    let mut walked = Walked::default();
    let Ok(canonical_root) = content_dir.canonicalize() else {
        walked.diagnostics.push(Diagnostic::error(
            Some(content_dir),
            None,
            "the content folder does not exist",
        ));
        return walked;
    };
    let mut walk = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf);
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: not followed".to_string()
                } else {
                    e.to_string()
                };
                walked
                    .diagnostics
                    .push(Diagnostic::warning(path.as_deref(), None, message));
                continue;
            }
        };
        if entry.path_is_symlink() && !stays_inside(entry.path(), &canonical_root) {
            walked.diagnostics.push(Diagnostic::warning(
                Some(entry.path()),
                None,
                "symbolic link to outside content/: not followed",
            ));
            if entry.file_type().is_dir() {
                // Do not walk into the linked folder either.
                walk.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = relative_id(entry.path(), content_dir) else {
            walked.diagnostics.push(not_utf8_name(entry.path()));
            continue;
        };
        match source_kind(entry.path()) {
            Some(kind) => walked.articles.push(ArticleFile {
                path: entry.into_path(),
                id: rel,
                kind,
            }),
            None => walked.assets.push(Asset {
                path: entry.into_path(),
                rel,
            }),
        }
    }
    walked
}

/// Reads and decodes one article file; an unreadable or undecodable one is
/// reported instead.
pub(crate) fn read_article(file: ArticleFile) -> (Option<SourceFile>, Option<Diagnostic>) {
    let (source, note, _) = read_article_stamped(file);
    (source, note)
}

/// [`read_article`], with the file's size and modification time as it was
/// opened: the build cache's stamp of it (see [`crate::cache::stamp_of`]).
pub(crate) fn read_article_stamped(
    file: ArticleFile,
) -> (Option<SourceFile>, Option<Diagnostic>, Option<FileStamp>) {
    let ArticleFile { path, id, kind } = file;
    let (bytes, stamp) = match read_with_stamp(&path) {
        Ok(read) => read,
        Err(e) => {
            let error = Diagnostic::error(Some(&path), None, e.to_string());
            return (None, Some(error), None);
        }
    };
    match decode_owned(bytes) {
        Ok((text, note)) => {
            let diagnostic = note.map(|n| Diagnostic::warning(Some(&path), None, n));
            let modified = (stamp.1 > 0).then(|| {
                let nanos = u64::try_from(stamp.1).unwrap_or(u64::MAX);
                std::time::UNIX_EPOCH + std::time::Duration::from_nanos(nanos)
            });
            let source = SourceFile {
                path,
                id,
                kind,
                text,
                modified,
            };
            (Some(source), diagnostic, Some(stamp))
        }
        Err(message) => {
            let error = Diagnostic::error(Some(&path), None, message);
            (None, Some(error), Some(stamp))
        }
    }
}

/// The file's bytes, and its stamp taken from the open file before reading
/// (what `fs::read` asks the system anyway, to size its buffer).
fn read_with_stamp(path: &Path) -> std::io::Result<(Vec<u8>, FileStamp)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let stamp = file_stamp(&file.metadata()?);
    let mut bytes = Vec::new();
    // One byte more than the file holds: the read that finds its end then
    // has room, and the buffer is never grown (and copied) to make some.
    bytes.try_reserve_exact(usize::try_from(stamp.0).unwrap_or(0).saturating_add(1))?;
    // Through `take`, not `File::read_to_end`, which asks the system for the
    // size and position again (an `fstat` and an `lseek` a file) to size a
    // buffer that is already sized.
    (&mut file).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
}

/// Whether the build reads `path` as an article (by its extension).
pub(crate) fn is_article_file(path: &Path) -> bool {
    source_kind(path).is_some()
}

/// The warning for a file whose name is not UTF-8: it cannot become a URL
/// or an id, so it is skipped — and said so, not dropped without a word.
pub(crate) fn not_utf8_name(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        Some(path),
        None,
        "the file name is not UTF-8 (an old Windows or Mac encoding?): skipped; rename it",
    )
}

/// Hidden files and folders (`.git/`, `.env`, `.DS_Store`) are never read
/// or published.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

pub(crate) fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root))
}

fn source_kind(path: &Path) -> Option<SourceKind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "txt" => Some(SourceKind::Raw),
        "md" | "markdown" => Some(SourceKind::Markdown),
        _ => None,
    }
}

/// `content/a/b.txt` → `a/b.txt`, only when every component is a plain name.
fn relative_id(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            std::path::Component::Normal(name) => parts.push(name.to_str()?.to_string()),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Decodes a file's bytes into text with `\n` line endings. The `Ok` note, when
/// present, is a warning for the editor (a legacy encoding was converted).
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    decode_owned(bytes.to_vec())
}

/// [`decode`], taking the bytes: UTF-8 without a byte-order mark, the common
/// case, becomes the text without a copy.
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<(String, Option<String>), String> {
    let (text, note) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, None)
    } else if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, _, had_errors) = encoding.decode(&bytes);
        if had_errors {
            return Err(format!("invalid {} text", encoding.name()));
        }
        (
            text.into_owned(),
            Some(format!("decoded from {}", encoding.name())),
        )
    } else if memchr::memchr(0, &bytes).is_some() {
        return Err("binary data (NUL bytes), not a text file: skipped".into());
    } else {
        // simdutf8 checks Arabic text several times faster than `std`
        // (whose fast path is ASCII); the copy costs less than that.
        match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => (text.to_owned(), None),
            Err(_) => (
                windows_1256(&bytes)?,
                Some("not UTF-8: decoded as Windows-1256 Arabic; please save it as UTF-8".into()),
            ),
        }
    };
    if has_control_chars(&text) {
        return Err("binary data (control characters), not a text file: skipped".into());
    }
    Ok((normalize_newlines(text), note))
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        format!(
            "invalid UTF-8 after the byte-order mark at byte {}",
            e.valid_up_to() + 3
        )
    })
}

/// Every byte decodes in Windows-1256, so the result must also look like
/// Arabic text to be accepted: most non-ASCII characters Arabic letters or
/// the punctuation Arabic text uses.
fn windows_1256(bytes: &[u8]) -> Result<String, String> {
    let (text, _, _) = encoding_rs::WINDOWS_1256.decode(bytes);
    let mut non_ascii = 0usize;
    let mut arabic = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if matches!(c, '\u{0600}'..='\u{06FF}' | '«' | '»' | '…' | '\u{00A0}' | '\u{200C}'..='\u{200F}')
        {
            arabic += 1;
        }
    }
    if arabic * 10 >= non_ascii * 8 {
        Ok(text.into_owned())
    } else {
        Err("neither UTF-8 nor Windows-1256 Arabic text: skipped".into())
    }
}

/// C0 controls other than tab, line ends and form feed, DEL, and C1
/// controls (UTF-8 `C2 80`..`C2 9F`): scanned as bytes, since no other
/// UTF-8 sequence contains them.
fn has_control_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A branch-free pass over blocks first (it vectorises): most blocks have
    // no byte that could start a control character and skip the exact check.
    let may_hold_control = |b: u8| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) | (b == 0x7F) | (b == 0xC2)
    };
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block
            .iter()
            .fold(false, |seen, &b| seen | may_hold_control(b))
            && block.iter().enumerate().any(|(i, &b)| match b {
                b'\n' | b'\r' | b'\t' | 0x0C => false,
                0x00..=0x1F | 0x7F => true,
                0xC2 => bytes
                    .get(n * 64 + i + 1)
                    .is_some_and(|next| (0x80..=0x9F).contains(next)),
                _ => false,
            })
    })
}

fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Reads the site's own templates (`templates/**/*.html|xml|txt`), named by
/// their path under `templates/`.
pub(crate) fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut templates = Vec::new();
    if !dir.is_dir() {
        return Ok(templates);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::error(Some(dir), None, e.to_string()))?;
        let path = entry.path();
        let is_template = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "html" | "xml" | "txt" | "json"));
        // A template linked in (a shared theme's file) is read where it
        // points, when that is a regular file: reading it publishes nothing.
        let is_file = entry.file_type().is_file()
            || (entry.path_is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_file()));
        if !is_file || !is_template {
            continue;
        }
        let Some(name) = path
            .strip_prefix(dir)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| p.replace('\\', "/"))
        else {
            continue;
        };
        let source = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(Some(path), None, e.to_string()))?;
        templates.push((name, source));
    }
    Ok(templates)
}

/// What one changed path under `content/` is now.
#[derive(Debug)]
pub(crate) enum LoadedFile {
    Article(SourceFile, Option<Diagnostic>),
    Asset(Asset),
    /// Gone, hidden, a folder, or unreadable (with a report).
    Nothing(Option<Diagnostic>),
}

/// Loads one file under `content_dir` (for `serve`, after a change).
pub(crate) fn load_one(path: &Path, content_dir: &Path) -> LoadedFile {
    let hidden = path
        .strip_prefix(content_dir)
        .map(|rel| rel.components().any(|c| is_hidden(c.as_os_str())))
        .unwrap_or(true);
    if hidden || !path.is_file() {
        return LoadedFile::Nothing(None);
    }
    let Some(rel) = relative_id(path, content_dir) else {
        return LoadedFile::Nothing(None);
    };
    if let Ok(root) = content_dir.canonicalize() {
        if !stays_inside(path, &root) {
            let msg = "symbolic link to outside content/: not followed";
            return LoadedFile::Nothing(Some(Diagnostic::warning(Some(path), None, msg)));
        }
    }
    match source_kind(path) {
        Some(kind) => match read_article(ArticleFile {
            path: path.to_path_buf(),
            id: rel,
            kind,
        }) {
            (Some(source), note) => LoadedFile::Article(source, note),
            (None, note) => LoadedFile::Nothing(note),
        },
        None => LoadedFile::Asset(Asset {
            path: path.to_path_buf(),
            rel,
        }),
    }
}

/// The site folder as an absolute path, fixed once at start by every
/// command: the watcher reports absolute paths, and a relative root (`.`,
/// the default) would match none of them.
pub fn absolute_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let (text, note) = decode("\u{FEFF}عنوان\r\nسطر\rآخر".as_bytes()).unwrap_or_default();
        assert_eq!(text, "عنوان\nسطر\nآخر");
        assert_eq!(note, None);
    }

    #[test]
    fn windows_1256_is_detected_with_a_note() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("دمشق تعلن توقيع إعلان");
        let (text, note) = decode(&bytes).unwrap_or_default();
        assert_eq!(text, "دمشق تعلن توقيع إعلان");
        assert!(note.is_some_and(|n| n.contains("Windows-1256")));
    }

    #[test]
    fn binary_and_foreign_bytes_are_refused() {
        assert!(decode(b"abc\0def").is_err());
        // Latin-1 French: valid Windows-1256 bytes, but not Arabic text.
        assert!(decode(b"\xe9t\xe9 \xe0 Paris, tr\xe8s \xe9l\xe9gant").is_err());
        assert!(decode(b"\x01\x02\x03 text").is_err());
        // C1 controls (U+0080..U+009F, lead byte 0xC2), also across the
        // 64-byte blocks the check works in; «» share the lead byte and pass.
        let quoted = format!("{}«نص»\tو\r\n", "ا".repeat(200));
        assert!(decode(quoted.as_bytes()).is_ok());
        for at in [0, 62, 63, 64, 500] {
            let mut bytes = vec![b'a'; 600];
            bytes[at] = 0xC2;
            bytes[at + 1] = 0x85;
            assert!(decode(&bytes).is_err(), "C1 control at byte {at}");
            let mut bytes = vec![b'a'; 600];
            bytes[at] = 0x1B;
            assert!(decode(&bytes).is_err(), "escape at byte {at}");
        }
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "سطر".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let (text, note) = decode(&bytes).unwrap_or_default();
        assert_eq!(text, "سطر");
        assert!(note.is_some());
    }

    #[test]
    fn relative_ids_use_forward_slashes() {
        let id = relative_id(Path::new("c/a/b.txt"), Path::new("c"));
        assert_eq!(id.as_deref(), Some("a/b.txt"));
    }
}
