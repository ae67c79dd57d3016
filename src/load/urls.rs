//! The addresses each article has been published at (`urls.lock` beside
//! `site.toml`): `sahifa build` adds each article's address after every
//! build, so that when one changes — a title corrected, `slug_style`
//! changed — its old address keeps leading to the story. The file is the
//! site's to commit, like a lock file: a build on a fresh clone knows them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file's name, beside `site.toml`.
pub(crate) const URLS_FILE: &str = "urls.lock";

const HEADER: &str = "\
# sahifa: every address each article has been published at, by its file
# (a tab between them). `sahifa build` adds to it; commit it, so that a
# story whose address changes keeps its old one as a redirect.
";

/// Each article's addresses (folder paths, as `Site::paths` holds them)
/// by its id (its path under `content/`), oldest first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Remembered(pub BTreeMap<String, Vec<String>>);

impl Remembered {
    /// Adds `path` as an address of `id`; whether it was new.
    pub(crate) fn add(&mut self, id: &str, path: &str) -> bool {
        let paths = self.0.entry(id.to_string()).or_default();
        if paths.iter().any(|p| p == path) {
            return false;
        }
        paths.push(path.to_string());
        true
    }

    /// The addresses `id` had.
    pub(crate) fn of(&self, id: &str) -> &[String] {
        self.0.get(id).map_or(&[], Vec::as_slice)
    }

    fn text(&self) -> String {
        let mut text = String::from(HEADER);
        for (id, paths) in &self.0 {
            for path in paths {
                text.push_str(id);
                text.push('\t');
                text.push_str(path);
                text.push('\n');
            }
        }
        text
    }
}

pub(crate) fn urls_file(root: &Path) -> PathBuf {
    root.join(URLS_FILE)
}

/// The site's `urls.lock`: empty when there is none. Lines that are not
/// `id<TAB>path` are skipped, with their numbers.
pub(crate) fn read(root: &Path) -> (Remembered, Vec<usize>) {
    let mut remembered = Remembered::default();
    let mut skipped = Vec::new();
    let Ok(text) = std::fs::read_to_string(urls_file(root)) else {
        return (remembered, skipped);
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((id, path)) if !id.is_empty() && !path.trim().is_empty() => {
                remembered.add(id, path.trim());
            }
            _ => skipped.push(n + 1),
        }
    }
    (remembered, skipped)
}

/// Writes `remembered` to the site's `urls.lock` when it differs from
/// `before` (through a file beside it, renamed over it).
pub(crate) fn write(
    root: &Path,
    remembered: &Remembered,
    before: &Remembered,
) -> std::io::Result<()> {
    if remembered == before {
        return Ok(());
    }
    let path = urls_file(root);
    let staged = root.join(format!(".{URLS_FILE}.{}", std::process::id()));
    std::fs::write(&staged, remembered.text())?;
    std::fs::rename(&staged, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_kept_in_order_and_read_back() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut remembered = Remembered::default();
        assert!(remembered.add("a.md", "2025/11/11/old"));
        assert!(remembered.add("a.md", "2025/11/11/new"));
        assert!(!remembered.add("a.md", "2025/11/11/old"), "once");
        assert!(remembered.add("ب.txt", "2025/11/10/خبر"));
        write(dir.path(), &remembered, &Remembered::default()).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(urls_file(dir.path())).unwrap_or_default();
        assert!(text.starts_with("# sahifa"));
        std::fs::write(
            urls_file(dir.path()),
            format!("{text}a line without a tab\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (read_back, skipped) = read(dir.path());
        assert_eq!(read_back, remembered);
        assert_eq!(read_back.of("a.md"), ["2025/11/11/old", "2025/11/11/new"]);
        assert_eq!(skipped, [7]);
    }
}
