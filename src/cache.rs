//! The build cache: what the last build wrote, kept beside the output
//! folder (`.NAME.sahifa-cache`), so a rebuild renders only pages whose
//! inputs changed and leaves an unchanged site alone. Each page is known
//! by its signature (see [`crate::render::signature`]); everything that
//! affects every page — configuration, templates, static files, sahifa's
//! version — is one global hash, and when that differs nothing is reused.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::stamp::{file_stamp, fnv1a, stamp_of, stamp_paths, FileStamp, KnownStamps};
use crate::load::statics::{StaticFile, StaticSource};
use crate::report::{Diagnostic, Kind, Level};
use crate::settings::Settings;

/// The build cache as one build uses it: opened before anything is read,
/// it says whether the output is up to date; once the site is prepared,
/// whether each page is unchanged; at the end it records what was built.
pub(crate) struct Cache {
    output: PathBuf,
    /// Everything the stamp covers, and the command line's part of it.
    paths: Vec<(PathBuf, bool)>,
    options: String,
    /// The last build's cache, while its output is there.
    previous: Option<BuildCache>,
    stamp: Stamp,
}

/// The stamp of the inputs, taken before reading when there is an output to
/// compare with, or after (from the files as they were read) on a clean build.
enum Stamp {
    Taken(u64),
    /// Everything but the articles, stamped before reading; the articles
    /// are stamped as they are opened.
    Pending(KnownStamps),
}

impl Cache {
    /// Opens the cache for a build of `root` into `output` with the
    /// command line's `options` (anything that changes the output).
    pub(crate) fn open(root: &Path, output: &Path, options: String) -> Cache {
        let paths = stamp_paths(root);
        // Without the output it describes (deleted for a clean build), the
        // cache beside it is not worth reading; with it, it is read once.
        let has_output = output.join(crate::output::MARKER).is_file();
        let previous = has_output.then(|| BuildCache::read(output)).flatten();
        let stamp = if has_output {
            Stamp::Taken(stamp_of(&paths, &options, &KnownStamps::default()))
        } else {
            Stamp::Pending(stamps_before_reading(&paths))
        };
        Cache {
            output: output.to_path_buf(),
            paths,
            options,
            previous,
            stamp,
        }
    }

    /// The last build's summary and page count, when nothing the build
    /// reads has changed since and no scheduled story has come due by
    /// `now`: its output is this build's.
    pub(crate) fn up_to_date(&mut self, now: i64) -> Option<(CacheSummary, usize)> {
        let Stamp::Taken(stamp) = self.stamp else {
            return None;
        };
        let fresh = |c: &mut BuildCache| {
            c.summary.source == stamp && c.summary.due.is_none_or(|due| due > now)
        };
        let cache = self.previous.take_if(fresh)?;
        let pages = cache.pages.len();
        Some((cache.summary, pages))
    }

    /// The stamp of this build's inputs, given the articles' stamps taken as
    /// they were read.
    pub(crate) fn source_stamp(&mut self, read: Vec<(PathBuf, FileStamp)>) -> u64 {
        match &mut self.stamp {
            Stamp::Taken(stamp) => *stamp,
            Stamp::Pending(known) => {
                known.extend(read.into_iter().map(|(p, s)| (p.into_os_string(), s)));
                let stamp = stamp_of(&self.paths, &self.options, known);
                self.stamp = Stamp::Taken(stamp);
                stamp
            }
        }
    }

    /// Keeps the last build's pages for reuse only if everything that
    /// affects every page (the global hash) is the same.
    pub(crate) fn reuse_if(&mut self, global: u64) {
        self.previous.take_if(|old| old.summary.global != global);
    }

    /// Whether the last build wrote this page with this signature.
    pub(crate) fn unchanged(&self, path: &str, signature: u64) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|old| old.pages.get(path) == Some(&signature))
    }

    /// Whether the last build wrote exactly these pages.
    pub(crate) fn has_exactly<'a>(
        &self,
        pages: impl ExactSizeIterator<Item = (&'a str, u64)>,
    ) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|old| old.has_exactly(pages))
    }

    /// Forgets the cache before the output changes: a cache that outlived
    /// an interrupted swap would describe the wrong output.
    pub(crate) fn forget(&self) {
        BuildCache::remove(&self.output);
    }

    /// Records the build that wrote the output: its summary and its pages
    /// (path, signature) in order. A cache that cannot be written only
    /// costs the next build its shortcut.
    pub(crate) fn record<'a>(
        &self,
        summary: &CacheSummary,
        pages: impl Iterator<Item = (&'a str, u64)>,
    ) {
        let _ = BuildCache::write(&self.output, summary, pages);
    }
}

/// A clean build's stamps of everything but the articles, taken before
/// anything is read; an article is stamped as it is opened, which spares a
/// look at each file (see `pipeline::read_and_parse`).
fn stamps_before_reading(paths: &[(PathBuf, bool)]) -> KnownStamps {
    paths
        .par_iter()
        .filter(|(path, folder)| *folder || !crate::load::is_article_file(path))
        .filter_map(|(path, _)| {
            let meta = std::fs::metadata(path).ok()?;
            Some((path.clone().into_os_string(), file_stamp(&meta)))
        })
        .collect()
}

/// The cache lives beside the output folder, not in it: it holds the build
/// report (file paths, warnings), which is no business of the published site.
pub(crate) fn cache_path(output: &Path) -> std::path::PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().to_string());
    output.with_file_name(format!(".{name}.sahifa-cache"))
}
const HEADER: &str = "sahifa-build-cache 3";

/// What a build cache records besides its pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CacheSummary {
    /// The stamp of the input that was built (see [`Cache::source_stamp`]).
    pub source: u64,
    pub global: u64,
    /// Articles built, read-also links resolved and unresolved, and the
    /// report of that build (repeated by a no-op build).
    pub articles: usize,
    pub resolved: usize,
    pub unresolved: usize,
    /// When the earliest story left out as scheduled is due (seconds since
    /// the epoch): from then on the output is out of date.
    pub due: Option<i64>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BuildCache {
    pub summary: CacheSummary,
    /// Page path → signature.
    pub pages: rustc_hash::FxHashMap<String, u64>,
}

impl BuildCache {
    /// The cache of the build that wrote `output`, if any and readable.
    pub(crate) fn read(output: &Path) -> Option<BuildCache> {
        let text = std::fs::read_to_string(cache_path(output)).ok()?;
        let mut lines = text.lines();
        let mut head = lines.next()?.strip_prefix(HEADER)?.split_whitespace();
        let hex = |s: Option<&str>| s.and_then(|s| u64::from_str_radix(s, 16).ok());
        let mut summary = CacheSummary {
            source: hex(head.next())?,
            global: hex(head.next())?,
            articles: head.next()?.parse().ok()?,
            resolved: head.next()?.parse().ok()?,
            unresolved: head.next()?.parse().ok()?,
            due: match head.next()? {
                "-" => None,
                due => Some(due.parse().ok()?),
            },
            diagnostics: Vec::new(),
        };
        let mut pages = rustc_hash::FxHashMap::default();
        for line in lines {
            if let Some(d) = line.strip_prefix("! ") {
                summary.diagnostics.push(diagnostic_from_line(d)?);
            } else {
                let (sig, path) = line.split_once(' ')?;
                pages.insert(path.to_string(), u64::from_str_radix(sig, 16).ok()?);
            }
        }
        Some(BuildCache { summary, pages })
    }

    /// Whether this cache lists exactly `pages` (path, signature).
    pub(crate) fn has_exactly<'a>(
        &self,
        mut pages: impl ExactSizeIterator<Item = (&'a str, u64)>,
    ) -> bool {
        pages.len() == self.pages.len()
            && pages.all(|(path, sig)| self.pages.get(path) == Some(&sig))
    }

    /// Stores the cache of the build that wrote `output`: its summary and
    /// its pages (path, signature), written in the order given.
    pub(crate) fn write<'a>(
        output: &Path,
        summary: &CacheSummary,
        pages: impl Iterator<Item = (&'a str, u64)>,
    ) -> std::io::Result<()> {
        std::fs::write(cache_path(output), Self::text(summary, pages))
    }

    /// Forgets the cache of `output` (before the output changes).
    pub(crate) fn remove(output: &Path) {
        let _ = std::fs::remove_file(cache_path(output));
    }

    /// The file's text: a header (source stamp, global hash, articles), the
    /// report one diagnostic a line, then one page a line.
    fn text<'a>(summary: &CacheSummary, pages: impl Iterator<Item = (&'a str, u64)>) -> String {
        let due = summary.due.map_or("-".to_string(), |due| due.to_string());
        let mut text = format!(
            "{HEADER} {:016x} {:016x} {} {} {} {due}\n",
            summary.source, summary.global, summary.articles, summary.resolved, summary.unresolved
        );
        for d in &summary.diagnostics {
            text.push_str("! ");
            text.push_str(&diagnostic_to_line(d));
            text.push('\n');
        }
        text.reserve(pages.size_hint().0 * 64);
        for (path, sig) in pages {
            // Writing to a String cannot fail.
            let _ = writeln!(text, "{sig:016x} {path}");
        }
        text
    }
}

fn diagnostic_to_line(d: &Diagnostic) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let level = match d.level {
        Level::Note => "n",
        Level::Warning => "w",
        Level::Error => "e",
    };
    let file = d
        .file
        .as_ref()
        .map(|f| clean(&f.display().to_string()))
        .unwrap_or_default();
    let line = d.line.map(|l| l.to_string()).unwrap_or_default();
    // The context is folded into the message: a replayed report reads the same.
    let message = match &d.context {
        Some(context) => format!("{} ({context})", d.message),
        None => d.message.clone(),
    };
    // JSON escapes control characters: the data stays on its line.
    let data = d.data_json.as_deref().unwrap_or("null");
    format!(
        "{level}\t{file}\t{line}\t{}\t{data}\t{}",
        d.kind.name(),
        clean(&message)
    )
}

fn diagnostic_from_line(line: &str) -> Option<Diagnostic> {
    let mut parts = line.splitn(6, '\t');
    let level = match parts.next()? {
        "n" => Level::Note,
        "w" => Level::Warning,
        "e" => Level::Error,
        _ => return None,
    };
    let file = parts.next()?;
    let number = parts.next()?;
    let kind = Kind::from_name(parts.next()?)?;
    let data = parts.next()?;
    let data_json = (data != "null").then(|| data.into());
    Some(Diagnostic {
        level,
        kind,
        data_json,
        file: (!file.is_empty()).then(|| file.into()),
        line: number.parse().ok(),
        message: parts.next()?.to_string(),
        context: None,
    })
}

/// What every page depends on: settings, templates, static files and
/// this build of sahifa.
pub(crate) fn global_hash(
    settings: &Settings,
    templates: &[(String, String)],
    statics: &[StaticFile],
) -> u64 {
    let mut text = format!(
        "{} {}\n{settings:?}\n",
        env!("CARGO_PKG_VERSION"),
        crate::load::stamp::build_identity()
    );
    for (name, source) in templates {
        text.push_str(&format!("{name} {:x}\n", fnv1a(source.as_bytes())));
    }
    for file in statics {
        let identity = match &file.source {
            StaticSource::Embedded(bytes) => format!("{:x}", fnv1a(bytes)),
            StaticSource::Bytes(bytes) => format!("{:x}", fnv1a(bytes)),
            // Named by its content's hash, which page signatures carry.
            StaticSource::Link(_) => continue,
            StaticSource::File(path) => {
                match std::fs::metadata(path).and_then(|m| Ok((m.len(), m.modified()?))) {
                    Ok((len, modified)) => format!("{len} {modified:?}"),
                    Err(_) => "missing".into(),
                }
            }
        };
        text.push_str(&format!("{} {identity}\n", file.rel));
    }
    fnv1a(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let summary = CacheSummary {
            source: 1,
            global: 0xabc,
            articles: 2,
            resolved: 5,
            unresolved: 1,
            due: Some(1_800_000_000),
            diagnostics: vec![
                Diagnostic::warning(
                    Some(Path::new("content/a b.txt")),
                    Some(3),
                    "read-also «x»\tmissing",
                )
                .of(
                    Kind::UnresolvedReadAlso,
                    serde_json::json!({"title": "x\ty\nz", "candidates": []}),
                ),
                Diagnostic::error(None, None, "base_url"),
            ],
        };
        let pages = [("2025/دمشق/index.html", 7), ("index.html", u64::MAX)];
        let dir = std::env::temp_dir().join(format!("sahifa-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        BuildCache::write(&dir, &summary, pages.into_iter()).unwrap_or_default();
        let back = BuildCache::read(&dir).unwrap_or_default();
        assert!(back.has_exactly(pages.into_iter()));
        assert!(!back.has_exactly(pages[..1].iter().copied()));
        assert!(!back.has_exactly([("index.html", 7), pages[0]].into_iter()));
        let b = &back.summary;
        assert_eq!(
            (b.source, b.global, b.articles, b.resolved),
            (1, 0xabc, 2, 5)
        );
        assert_eq!(b.diagnostics[0].message, "read-also «x» missing");
        assert_eq!(b.diagnostics[0].line, Some(3));
        assert_eq!(b.diagnostics[0].kind, Kind::UnresolvedReadAlso);
        assert_eq!(b.diagnostics[0].data()["title"], "x\ty\nz");
        assert_eq!(b.diagnostics[1].file, None);
        assert_eq!(b.diagnostics[1].kind, Kind::Build);
        std::fs::write(cache_path(&dir), "garbage").unwrap_or_default();
        assert_eq!(BuildCache::read(&dir), None);
        BuildCache::remove(&dir);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
