//! Watches a site's folders (notify) and hands over changed paths in batches:
//! an editor's atomic save (write a temporary file, rename it over the
//! original) or a `git checkout` touching a thousand files becomes one batch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// A batch ends after this long without a new event...
const QUIET: Duration = Duration::from_millis(10);
/// ...or after this long in all, so a steady stream still rebuilds.
const MAX_BATCH: Duration = Duration::from_millis(1000);

/// The folders watched recursively.
const FOLDERS: [&str; 5] = ["content", "templates", "static", "data", "pages"];

/// Keeps the watcher alive; batches of changed paths arrive on `batches`.
pub(crate) struct SiteWatcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// Each watched folder and which folder it was (a folder deleted and
    /// made again, or moved away and back, is another watch).
    watched: BTreeMap<&'static str, Option<FolderId>>,
    pub batches: Receiver<BTreeSet<PathBuf>>,
    /// Sends batches of its own to `batches`.
    inbox: Sender<BTreeSet<PathBuf>>,
}

/// A site folder that came or went since the last look.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FolderChange {
    /// Made, made again, or moved back: watched from now on, and what it
    /// holds is new to the engine.
    Appeared(&'static str),
    /// Deleted or moved away.
    Vanished(&'static str),
}

impl SiteWatcher {
    /// A way for others to hand over changed paths (a picture found
    /// damaged after it was planned).
    pub(crate) fn inbox(&self) -> Sender<BTreeSet<PathBuf>> {
        self.inbox.clone()
    }

    /// Brings the watches up to date with the folders on disk: a folder
    /// made after `serve` started (the root is watched, so its creation is
    /// seen), or deleted and made again (`git checkout`, `rsync --delete`),
    /// is watched afresh; a folder gone is forgotten. `batch` says whether
    /// the folder itself was touched (an inode number alone can be reused
    /// at once). Returns what changed.
    pub(crate) fn refresh_folders(&mut self, batch: &BTreeSet<PathBuf>) -> Vec<FolderChange> {
        let mut changes = Vec::new();
        for dir in FOLDERS {
            let path = self.root.join(dir);
            let now = path.is_dir().then(|| folder_id(&path));
            let before = self.watched.get(dir).copied();
            match (before, now) {
                (Some(_), None) => {
                    let _ = self.watcher.unwatch(&path);
                    self.watched.remove(dir);
                    changes.push(FolderChange::Vanished(dir));
                }
                (Some(old), Some(new)) if old == new && !batch.contains(&path) => {}
                (_, Some(new)) => {
                    let _ = self.watcher.unwatch(&path);
                    if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                        self.watched.insert(dir, new);
                        changes.push(FolderChange::Appeared(dir));
                    }
                }
                (None, None) => {}
            }
        }
        changes
    }
}

/// Which folder a path is (device and inode on Unix): tells a folder made
/// again under the same name from the one watched.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<FolderId> {
    None
}

/// Starts watching `root`: `content/`, `templates/` and `static/` recursively
/// and the root itself for `site.toml` (and for those folders appearing).
pub(crate) fn watch(root: &Path) -> notify::Result<SiteWatcher> {
    let (raw_tx, raw_rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let mut watched = BTreeMap::new();
    for dir in FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
            watched.insert(dir, folder_id(&path));
        }
    }
    let (batch_tx, batch_rx) = channel();
    let inbox = batch_tx.clone();
    let thread_root = root.to_path_buf();
    std::thread::spawn(move || {
        let root = thread_root;
        while let Ok(first) = raw_rx.recv() {
            let mut batch = BTreeSet::new();
            add(&mut batch, first, &root);
            let started = Instant::now();
            loop {
                let left = MAX_BATCH.saturating_sub(started.elapsed());
                match raw_rx.recv_timeout(QUIET.min(left)) {
                    Ok(event) => add(&mut batch, event, &root),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                if started.elapsed() >= MAX_BATCH {
                    break;
                }
            }
            if !batch.is_empty() && batch_tx.send(batch).is_err() {
                return;
            }
        }
    });
    Ok(SiteWatcher {
        watcher,
        root: root.to_path_buf(),
        watched,
        batches: batch_rx,
        inbox,
    })
}

fn add(batch: &mut BTreeSet<PathBuf>, event: notify::Result<notify::Event>, root: &Path) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    for path in event.paths {
        if is_relevant(&path, root) {
            batch.insert(path);
        }
    }
}

/// Ignores editor droppings (`.x.swp`, `x~`, `#x#`) and anything outside the
/// watched parts of the site (the output folder, `.git`).
fn is_relevant(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().filter_map(|c| c.as_os_str().to_str());
    let Some(first) = parts.next() else {
        return false;
    };
    let top_level_ok = matches!(
        first,
        "content" | "templates" | "static" | "data" | "pages" | "site.toml" | "strings.toml"
    );
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let dropping = name.starts_with('.') || name.ends_with('~') || name.starts_with('#');
    top_level_ok && !dropping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        assert!(is_relevant(Path::new("/site/content/a.txt"), root));
        assert!(is_relevant(Path::new("/site/site.toml"), root));
        assert!(is_relevant(Path::new("/site/templates/base.html"), root));
        assert!(!is_relevant(Path::new("/site/public/index.html"), root));
        assert!(!is_relevant(Path::new("/site/content/.a.txt.swp"), root));
        assert!(!is_relevant(Path::new("/site/content/a.txt~"), root));
        assert!(!is_relevant(Path::new("/elsewhere/a.txt"), root));
    }
}
