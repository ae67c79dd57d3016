//! Static files: the built-in theme's, a site's `static/` over them, and
//! the assets found under `content/` — what to copy, not yet copied.

use std::path::PathBuf;

use super::Asset;
use crate::report::Diagnostic;
use crate::theme::{DEFAULT_STATIC, FONT_DIR, SEARCH_SCRIPT};

/// A static file to copy: from the embedded theme or from disk.
#[derive(Debug, Clone)]
pub(crate) enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
    Bytes(Vec<u8>),
    /// A file made by sahifa (a processed picture in its cache): linked into
    /// the output rather than copied. Its name carries its content's hash.
    Link(PathBuf),
}

#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path under the output folder, `/`-separated.
    pub rel: String,
    pub source: StaticSource,
}

impl StaticFile {
    /// The file's bytes, read from disk when it is a file.
    pub(crate) fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match &self.source {
            StaticSource::Embedded(bytes) => Ok(bytes.to_vec()),
            StaticSource::Bytes(bytes) => Ok(bytes.clone()),
            StaticSource::File(path) | StaticSource::Link(path) => std::fs::read(path),
        }
    }

    /// The file on disk it is read from, if any (for messages).
    pub(crate) fn source_path(&self) -> Option<&std::path::Path> {
        match &self.source {
            StaticSource::File(path) | StaticSource::Link(path) => Some(path),
            StaticSource::Embedded(_) | StaticSource::Bytes(_) => None,
        }
    }
}

/// Which of the theme's optional static files a site's pages use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThemeFiles {
    /// The web font (`font = "naskh"`).
    pub fonts: bool,
    /// The search script (`search = true`).
    pub search: bool,
}

impl ThemeFiles {
    /// What a site's settings ask of the theme.
    pub(crate) fn of(config: &crate::config::Config) -> Self {
        ThemeFiles {
            fonts: config.font == crate::config::Font::Naskh,
            search: config.search,
        }
    }

    /// Whether the theme's file `rel` is one of those pages use.
    pub(crate) fn wants(self, rel: &str) -> bool {
        (self.fonts || !rel.starts_with(FONT_DIR)) && (self.search || rel != SEARCH_SCRIPT)
    }
}

/// The embedded theme's static files (only those `theme` says pages use)
/// with a site's `static/` folder over them, then the assets from
/// `content/`. A site's own files are all copied.
pub(crate) fn collect_static(
    static_dir: Option<&std::path::Path>,
    assets: &[Asset],
    theme: ThemeFiles,
) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let mut notes = Vec::new();
    // The theme's few files, each replaced by a site file of its name.
    let mut defaults: Vec<StaticFile> = DEFAULT_STATIC
        .iter()
        .filter(|(rel, _)| theme.wants(rel))
        .map(|(rel, bytes)| StaticFile {
            rel: rel.to_string(),
            source: StaticSource::Embedded(bytes),
        })
        .collect();
    let mut files: Vec<StaticFile> = Vec::new();
    if let Some(dir) = static_dir {
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !super::is_hidden(e.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    notes.push(Diagnostic::warning(Some(dir), None, e.to_string()));
                    continue;
                }
            };
            if entry.path_is_symlink() {
                // Whatever it points at stays unpublished: a cloned site may
                // carry a link to /etc/passwd.
                notes.push(Diagnostic::warning(
                    Some(entry.path()),
                    None,
                    "is a symbolic link: not published (static/ files are copied only as \
                     themselves; copy the file in instead)",
                ));
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).ok().and_then(|p| p.to_str());
            let Some(rel) = rel.map(|r| r.replace('\\', "/")) else {
                notes.push(super::not_utf8_name(entry.path()));
                continue;
            };
            if is_unused_theme_copy(&rel, entry.path(), theme) {
                continue;
            }
            // Walked paths are distinct: only the theme's need checking.
            defaults.retain(|f| f.rel != rel);
            files.push(StaticFile {
                rel,
                source: StaticSource::File(entry.path().to_path_buf()),
            });
        }
    }
    defaults.append(&mut files);
    let mut files = defaults;
    files.extend(assets.iter().map(|a| StaticFile {
        rel: a.rel.clone(),
        source: StaticSource::File(a.path.clone()),
    }));
    (files, notes)
}

/// A theme file the site's pages do not use, copied unchanged into
/// `static/` (as `theme export` writes them all): left out like the
/// theme's own, so that an exported theme left as it is publishes the same
/// site. A copy the site changed is its own file, and published.
fn is_unused_theme_copy(rel: &str, path: &std::path::Path, theme: ThemeFiles) -> bool {
    !theme.wants(rel)
        && DEFAULT_STATIC
            .iter()
            .find(|(name, _)| *name == rel)
            .is_some_and(|(_, bytes)| std::fs::read(path).is_ok_and(|own| own == *bytes))
}
