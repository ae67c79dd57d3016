//! Stage 5: write pages and static files into a fresh folder beside the output,
//! then swap it in. A failed or interrupted build leaves the previous site as
//! it was, and sahifa only ever replaces a folder it built (a marker says so).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::load::statics::{StaticFile, StaticSource};
use crate::render::Page;

/// The file that marks a folder as sahifa's output, safe to replace.
pub const MARKER: &str = ".sahifa-output";
const MARKER_TEXT: &str = "This folder is built by sahifa and replaced on every build.\n";

/// Refuses output folders sahifa must not replace: the site root, anything
/// holding `content/` or the root itself, and any non-empty folder without
/// the marker.
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let root_abs = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let out_abs = absolute(output)?;
    if out_abs == root_abs {
        return Err(format!(
            "refusing to write the site into its own root folder {}: choose an output folder such as public/",
            output.display()
        ));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "refusing to replace {}: it contains the site itself",
            output.display()
        ));
    }
    // Inside a folder the build reads, the output would be read back in and
    // nest itself deeper on every build.
    for input in ["content", "static", "templates"] {
        let folder = root_abs.join(input);
        let folder = folder.canonicalize().unwrap_or(folder);
        if out_abs.starts_with(&folder) {
            return Err(format!(
                "refusing to write the site into {}: it is inside {input}/, which the build reads; \
                 choose an output folder outside it, such as public/",
                output.display()
            ));
        }
    }
    if let Ok(link) = fs::read_link(output) {
        if !out_abs.exists() {
            return Err(format!(
                "{} is a link to {}, which does not exist: make that folder, or give \
                 another --output",
                output.display(),
                link.display()
            ));
        }
    }
    check_swappable(output, &out_abs)?;
    if !out_abs.exists() {
        return Ok(());
    }
    if !out_abs.is_dir() {
        return Err(format!("{} exists and is not a folder", output.display()));
    }
    if out_abs.join("content").is_dir() {
        return Err(format!(
            "refusing to replace {}: it holds a content/ folder, so it looks like a site, not sahifa's output",
            output.display()
        ));
    }
    let empty = fs::read_dir(&out_abs)
        .map_err(|e| format!("{}: {e}", output.display()))?
        .next()
        .is_none();
    if !empty && !out_abs.join(MARKER).is_file() {
        return Err(format!(
            "refusing to replace {}: it is not empty and sahifa did not build it (no {MARKER} file). \
             Pick another --output, or empty that folder yourself",
            output.display()
        ));
    }
    Ok(())
}

/// The new site is written beside the output and swapped in: says why not,
/// before anything is rendered, when the folder holding the output cannot
/// be written or the output is a mount point (a Docker volume), which no
/// rename can replace.
fn check_swappable(output: &Path, out_abs: &Path) -> Result<(), String> {
    let Some(parent) = out_abs.parent() else {
        return Ok(());
    };
    let inside = format!("{}/site", output.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |p: &Path| fs::metadata(p).map(|m| m.dev());
        if let (Ok(out), Ok(above)) = (device(out_abs), device(parent)) {
            if out != above {
                return Err(format!(
                    "{} is a mount point (a volume): sahifa builds the new site beside the \
                     output and swaps it in, and a mount point cannot be swapped. Build into a \
                     folder inside it (--output {inside}), or mount the folder above it",
                    output.display()
                ));
            }
        }
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{access, Access};
        if parent.is_dir() && access(parent, Access::WRITE_OK).is_err() {
            return Err(format!(
                "cannot build {}: the folder holding it, {}, cannot be written (read-only?), and \
                 sahifa writes the new site beside the output, then swaps it in. Build into a \
                 folder inside it (--output {inside}) or make {} writable",
                output.display(),
                parent.display(),
                parent.display()
            ));
        }
    }
    let _ = inside;
    Ok(())
}

/// The absolute form of a path that may not exist yet.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    if let Ok(canonical) = path.canonicalize() {
        return Ok(canonical);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a folder name", path.display()))?;
    let parent = match parent {
        Some(p) => absolute(p)?,
        None => std::env::current_dir().map_err(|e| e.to_string())?,
    };
    Ok(parent.join(name))
}

/// What cannot be written as planned, found before anything is rendered.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Conflicts {
    /// (file, path): `file` is a file of the site, but `path` needs a
    /// folder of that name (`atom.xml` and `atom.xml/x/index.html`).
    pub file_in_the_way: Vec<(String, String)>,
    /// Static files (by path) that a generated page of the same path
    /// replaces (`static/index.html`, `static/atom.xml`).
    pub replaced_statics: Vec<String>,
    /// Whether two pages share a path.
    pub shared_page_paths: bool,
}

/// Checks the planned pages and static files against each other: linear in
/// the number of paths times their depth.
pub(crate) fn conflicts(pages: &[String], statics: &[StaticFile]) -> Conflicts {
    let page_set: rustc_hash::FxHashSet<&str> = pages.iter().map(String::as_str).collect();
    let static_set: rustc_hash::FxHashSet<&str> = statics.iter().map(|f| f.rel.as_str()).collect();
    let is_file = |path: &str| page_set.contains(path) || static_set.contains(path);
    let mut found = Conflicts {
        shared_page_paths: page_set.len() < pages.len(),
        ..Conflicts::default()
    };
    for path in pages
        .iter()
        .map(String::as_str)
        .chain(statics.iter().map(|f| f.rel.as_str()))
    {
        let folders = path.match_indices('/').map(|(at, _)| &path[..at]);
        if let Some(file) = folders.into_iter().find(|folder| is_file(folder)) {
            found
                .file_in_the_way
                .push((file.to_string(), path.to_string()));
        }
    }
    found.replaced_statics = statics
        .iter()
        .filter(|f| !matches!(f.source, StaticSource::Embedded(_)))
        .filter(|f| page_set.contains(f.rel.as_str()))
        .map(|f| f.rel.clone())
        .collect();
    found
}

/// An exclusive lock on an output folder, held for a whole build: a second
/// build of the same output waits for the first instead of removing its
/// staging folder as stale. The lock is the kernel's (`flock` on Unix), so
/// it goes with the process however the process ends; the file beside the
/// output (`.public.sahifa-lock`) stays, empty but for the holder's pid.
pub(crate) struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Takes the lock, calling `waiting` with the holder's pid (when known)
    /// before waiting for another build to let go.
    pub(crate) fn acquire(
        output: &Path,
        waiting: impl FnOnce(Option<u32>),
    ) -> io::Result<OutputLock> {
        let path = lock_path(output)?;
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        // A link planted under the lock's name is refused, not written through.
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let no_follow = rustix::fs::OFlags::NOFOLLOW.bits();
            options.custom_flags(i32::try_from(no_follow).unwrap_or_default());
        }
        let mut file = options.open(&path).map_err(|e| {
            let planted = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            let what = if planted {
                format!(
                    "{} is a link, not sahifa's lock file: remove it",
                    path.display()
                )
            } else {
                format!("cannot create the lock file {}: {e}", path.display())
            };
            io::Error::new(e.kind(), what)
        })?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::other(format!(
                "{} is not a regular file; remove it",
                path.display()
            )));
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path)
                    .ok()
                    .and_then(|text| text.trim().parse().ok());
                waiting(holder);
                file.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        use io::Write;
        file.set_len(0)?;
        writeln!(file, "{}", std::process::id())?;
        Ok(OutputLock { _file: file })
    }
}

fn lock_path(output: &Path) -> io::Result<PathBuf> {
    let (_, parent, name) = beside(output)?;
    Ok(parent.join(format!(".{name}{LOCK_SUFFIX}")))
}

/// The output's absolute path, the folder it is in (made if missing) and
/// its name: where the lock and staging folders go.
fn beside(output: &Path) -> io::Result<(PathBuf, PathBuf, String)> {
    let output = absolute(output).map_err(io::Error::other)?;
    let parent = output
        .parent()
        .ok_or_else(|| io::Error::other("the output folder has no parent"))?
        .to_path_buf();
    fs::create_dir_all(&parent)?;
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("the output folder name is not UTF-8"))?
        .to_string();
    Ok((output, parent, name))
}

const LOCK_SUFFIX: &str = ".sahifa-lock";
const STATUS_SUFFIX: &str = ".sahifa-status";

/// The file beside the output saying how the last build of it went.
fn status_file(output: &Path) -> Option<PathBuf> {
    let (_, parent, name) = beside(output).ok()?;
    Some(parent.join(format!(".{name}{STATUS_SUFFIX}")))
}

/// Records how the last build of `output` went: `failure` is why it
/// wrote nothing (the output then still holds the build before).
pub(crate) fn record_last_build(output: &Path, failure: Option<&str>) {
    let Some(file) = status_file(output) else {
        return;
    };
    let text = match failure {
        None => "ok\n".to_string(),
        Some(why) => format!("failed: {}\n", why.replace('\n', " ")),
    };
    // Only an answer to `deploy`'s question: a build that cannot write it
    // has written its site, and `deploy` then finds no status.
    let _ = fs::write(file, text);
}

/// How the last build of `output` went: `Err` with why it failed; `Ok`
/// when it succeeded or left no status (an output of an older sahifa).
pub(crate) fn last_build(output: &Path) -> Result<(), String> {
    let text = status_file(output)
        .and_then(|file| fs::read_to_string(file).ok())
        .unwrap_or_default();
    match text.trim_end().strip_prefix("failed: ") {
        Some(why) => Err(why.to_string()),
        None => Ok(()),
    }
}

/// A new site being written beside the output folder. Each page is written
/// by the thread that rendered it, as soon as it is rendered (so a large
/// site never sits in memory whole); `commit` swaps the folder in; dropping
/// it without a commit removes it, leaving the previous site as it was.
pub(crate) struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// `dir`, open: pages and folders are made relative to it, so the
    /// kernel does not walk the folders above it again for each of them.
    #[cfg(unix)]
    handle: fs::File,
    /// The previous output, whose unchanged files are linked, not rewritten.
    previous: Option<PathBuf>,
    /// Folders made so far (relative to `dir`), by their bytes (hashing a
    /// `Path` walks its components, and this is asked for every page).
    folders: std::sync::Mutex<rustc_hash::FxHashSet<std::ffi::OsString>>,
    committed: bool,
}

impl Staging {
    pub(crate) fn begin(output: &Path) -> io::Result<Staging> {
        let (output, parent, name) = beside(output)?;
        remove_stale_siblings(&parent, &name);
        let dir = parent.join(format!(".{name}.sahifa-new-{}", std::process::id()));
        fs::create_dir(&dir)?;
        let staging = Staging {
            previous: Some(output.clone()).filter(|o| o.join(MARKER).is_file()),
            output,
            #[cfg(unix)]
            handle: fs::File::open(&dir)?,
            folders: Default::default(),
            committed: false,
            dir,
        };
        fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Copies static files (before pages: a page of the same path wins).
    pub(crate) fn write_statics(&self, statics: &[StaticFile]) -> io::Result<()> {
        for file in statics {
            let inside = self.prepare(&file.rel)?;
            match &file.source {
                StaticSource::Embedded(bytes) => self.put(&inside, bytes)?,
                StaticSource::Bytes(bytes) => self.put(&inside, bytes)?,
                StaticSource::File(path) => {
                    fs::copy(path, self.dir.join(&inside))?;
                }
                StaticSource::Link(path) => {
                    let target = self.dir.join(&inside);
                    if fs::hard_link(path, &target).is_err() {
                        fs::copy(path, &target)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes one page, and its folder (a site of pretty URLs has a folder
    /// per page). Safe to call from several threads.
    pub(crate) fn write_page(&self, page: &Page) -> io::Result<()> {
        let inside = self.prepare(&page.path)?;
        self.put(&inside, &page.content)
    }

    /// Links the previous output's file at `rel` into the new site; false
    /// when there is no such file (the caller renders it instead).
    pub(crate) fn link_previous(&self, rel: &str) -> io::Result<bool> {
        let Some(previous) = &self.previous else {
            return Ok(false);
        };
        let old = safe_join(previous, rel)?;
        if !old.is_file() {
            return Ok(false);
        }
        let inside = self.prepare(rel)?;
        Ok(fs::hard_link(&old, self.dir.join(inside)).is_ok())
    }

    /// Makes `folder` and the folders above it that this staging folder
    /// does not have yet, top down: no `mkdir` fails for want of a parent,
    /// and every folder made is remembered (a listing in a day's folder,
    /// made for that day's articles, needs no `mkdir` of its own).
    fn make_folder(&self, folder: &Path) -> io::Result<()> {
        let lock = || self.folders.lock().map_err(|_| io::Error::other("lock"));
        let missing: Vec<PathBuf> = {
            let made = lock()?;
            folder
                .ancestors()
                .take_while(|f| !f.as_os_str().is_empty() && !made.contains(f.as_os_str()))
                .map(Path::to_path_buf)
                .collect()
        };
        for path in missing.iter().rev() {
            match self.create_dir(path) {
                // Another writer made it first.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                other => other?,
            }
        }
        lock()?.extend(missing.into_iter().map(PathBuf::into_os_string));
        Ok(())
    }

    /// The path of `rel` inside the staging folder (relative to it, checked
    /// by [`safe_join`]), its folder created. Safe to call from several
    /// threads: two creating the same folder both succeed.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        let inside = safe_join(Path::new(""), rel)?;
        if let Some(folder) = inside.parent().filter(|f| !f.as_os_str().is_empty()) {
            let made = self
                .folders
                .lock()
                .map_err(|_| io::Error::other("lock"))?
                .contains(folder.as_os_str());
            if !made {
                self.make_folder(folder)?;
            }
        }
        Ok(inside)
    }

    /// Makes the folder `inside` (its parent exists).
    #[cfg(unix)]
    fn create_dir(&self, inside: &Path) -> io::Result<()> {
        use rustix::fs::{mkdirat, Mode};
        Ok(mkdirat(&self.handle, inside, Mode::from_raw_mode(0o777))?)
    }

    #[cfg(not(unix))]
    fn create_dir(&self, inside: &Path) -> io::Result<()> {
        fs::create_dir(self.dir.join(inside))
    }

    /// Creates (or truncates) the file `inside`, for writing.
    #[cfg(unix)]
    fn create_file(&self, inside: &Path) -> io::Result<fs::File> {
        use rustix::fs::{openat, Mode, OFlags};
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
        let fd = openat(&self.handle, inside, flags, Mode::from_raw_mode(0o666))?;
        Ok(fs::File::from(fd))
    }

    #[cfg(not(unix))]
    fn create_file(&self, inside: &Path) -> io::Result<fs::File> {
        fs::File::create(self.dir.join(inside))
    }

    /// Writes `bytes`, or links the previous output's identical file: its
    /// modification time is kept, so deploy tools that sync by timestamp
    /// upload only what changed.
    fn put(&self, inside: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(previous) = &self.previous {
            let old = previous.join(inside);
            let same_size =
                fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
            if same_size
                && fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes)
                && fs::hard_link(&old, self.dir.join(inside)).is_ok()
            {
                return Ok(());
            }
        }
        io::Write::write_all(&mut self.create_file(inside)?, bytes)
    }

    /// Swaps the new site in for the old one.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        swap_in(&self.dir, &self.output)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_site(&self.dir);
        }
    }
}

/// `base/rel`, refusing any `rel` that is absolute or climbs out with `..`.
pub fn safe_join(base: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut path = base.to_path_buf();
    for component in Path::new(rel).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => {
                return Err(io::Error::other(format!(
                    "refusing to write {rel}: it would leave the output folder"
                )))
            }
        }
    }
    if path == base {
        return Err(io::Error::other(format!("{rel:?} is not a file path")));
    }
    Ok(path)
}

/// Puts `staging` where `output` is. On Linux the two folders are exchanged in
/// one atomic step, so there is never a moment without a complete site.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        return remove_site(staging);
    }
    let old = staging.with_extension("old");
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    remove_site(&old)
}

/// Removes a site folder sahifa wrote, its marker last: a removal cut short
/// (the process killed) leaves a folder that still says it is ours, and the
/// next build finishes the job.
fn remove_site(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)?.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    fs::remove_dir_all(dir)
}

/// Whether the process that named a staging folder (`new-123`, `new-123.old`)
/// still runs. Only Linux can tell; elsewhere the output lock alone keeps
/// two builds apart.
fn writer_alive(suffix: &str) -> bool {
    let pid = suffix
        .strip_prefix("new-")
        .map(|rest| rest.split('.').next().unwrap_or(rest))
        .and_then(|pid| pid.parse::<u32>().ok());
    match pid {
        Some(pid) if pid == std::process::id() => false,
        Some(pid) => cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists(),
        None => false,
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange on this system"))
}

/// Removes leftovers of interrupted builds beside `output`.
pub(crate) fn clean_stale(output: &Path) {
    let Ok(output) = absolute(output) else { return };
    let (Some(parent), Some(name)) = (output.parent(), output.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    remove_stale_siblings(parent, name);
}

/// Removes leftovers of interrupted builds (`.public.sahifa-new-123`), only
/// those that carry the marker and whose process is gone.
fn remove_stale_siblings(parent: &Path, name: &str) {
    let prefix = format!(".{name}.sahifa-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if rest == &LOCK_SUFFIX[".sahifa-".len()..] || writer_alive(rest) {
            continue;
        }
        // Only a real folder is ours to remove: a link planted under this
        // name (to another output) is never followed.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if entry.path().join(MARKER).is_file() {
            let _ = remove_site(&entry.path());
        } else {
            // Killed between creating the folder and marking it: only an
            // empty folder can be taken without the marker.
            let _ = fs::remove_dir(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let base = Path::new("/tmp/out");
        assert!(safe_join(base, "a/b/index.html").is_ok());
        assert!(safe_join(base, "../x").is_err());
        assert!(safe_join(base, "a/../../x").is_err());
        assert!(safe_join(base, "/etc/passwd").is_err());
        assert!(safe_join(base, "").is_err());
    }

    #[test]
    fn pages_get_their_folders_and_every_folder_made_is_remembered() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let staging = Staging::begin(&dir.path().join("public")).unwrap_or_else(|e| panic!("{e}"));
        let page = |path: &str| Page {
            path: path.into(),
            content: path.as_bytes().to_vec(),
        };
        for path in [
            "2025/11/12/خبر/index.html",
            "2025/11/12/index.html",
            "2025/index.html",
        ] {
            staging
                .write_page(&page(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(
                fs::read(staging.dir.join(path)).unwrap_or_default(),
                path.as_bytes()
            );
        }
        let made = staging
            .folders
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default();
        let expected: rustc_hash::FxHashSet<std::ffi::OsString> =
            ["2025", "2025/11", "2025/11/12", "2025/11/12/خبر"]
                .iter()
                .map(std::ffi::OsString::from)
                .collect();
        assert_eq!(
            made, expected,
            "the day's folder was remembered with the article's"
        );
    }

    #[test]
    fn leftovers_of_killed_builds_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sibling = |name: &str| dir.path().join(name);
        // A removal cut short: some pages gone, the marker still there.
        let half_removed = sibling(".public.sahifa-new-4000000001");
        fs::create_dir_all(half_removed.join("2025/11")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(half_removed.join(MARKER), MARKER_TEXT).unwrap_or_else(|e| panic!("{e}"));
        // Killed between creating the staging folder and marking it.
        fs::create_dir(sibling(".public.sahifa-new-4000000002")).unwrap_or_else(|e| panic!("{e}"));
        // Not ours: no marker and not empty; and another output's leftovers.
        let stranger = sibling(".public.sahifa-notes");
        fs::create_dir(&stranger).unwrap_or_else(|e| panic!("{e}"));
        fs::write(stranger.join("keep.txt"), "x").unwrap_or_else(|e| panic!("{e}"));
        let other = sibling(".site.sahifa-new-3");
        fs::create_dir(&other).unwrap_or_else(|e| panic!("{e}"));
        clean_stale(&dir.path().join("public"));
        assert!(!half_removed.exists());
        assert!(!sibling(".public.sahifa-new-4000000002").exists());
        assert!(stranger.join("keep.txt").is_file());
        assert!(other.is_dir());
    }

    #[test]
    fn files_in_the_way_of_folders_and_replaced_static_files_are_found() {
        let pages: Vec<String> = [
            "index.html",
            "atom.xml",
            "atom.xml/x/index.html",
            "2025/index.html",
        ]
        .map(String::from)
        .to_vec();
        let statics = [
            StaticFile {
                rel: "2025/index.html".into(),
                source: StaticSource::Bytes(b"mine".to_vec()),
            },
            StaticFile {
                rel: "style.css".into(),
                source: StaticSource::Embedded(b""),
            },
            StaticFile {
                rel: "style.css/x.png".into(),
                source: StaticSource::Bytes(Vec::new()),
            },
        ];
        let found = conflicts(&pages, &statics);
        assert_eq!(
            found.file_in_the_way,
            [
                ("atom.xml".to_string(), "atom.xml/x/index.html".to_string()),
                ("style.css".to_string(), "style.css/x.png".to_string())
            ]
        );
        assert_eq!(found.replaced_statics, ["2025/index.html"]);
        assert_eq!(conflicts(&pages[..1], &[]), Conflicts::default());
    }

    #[test]
    fn a_live_build_keeps_its_staging_folder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // PID 1 always runs; a folder of a running build is not stale.
        let live = dir.path().join(".public.sahifa-new-1");
        fs::create_dir(&live).unwrap_or_else(|e| panic!("{e}"));
        fs::write(live.join(MARKER), MARKER_TEXT).unwrap_or_else(|e| panic!("{e}"));
        let lock = dir.path().join(".public.sahifa-lock");
        fs::write(&lock, "1\n").unwrap_or_else(|e| panic!("{e}"));
        clean_stale(&dir.path().join("public"));
        assert!(live.join(MARKER).is_file());
        assert!(lock.is_file());
    }

    #[test]
    fn a_second_build_of_one_output_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = dir.path().join("public");
        let first = OutputLock::acquire(&output, |_| panic!("nobody held it"))
            .unwrap_or_else(|e| panic!("{e}"));
        let (told, heard) = std::sync::mpsc::channel();
        let second = std::thread::spawn(move || {
            OutputLock::acquire(&output, |holder| {
                let _ = told.send(holder);
            })
            .map(|_| ())
        });
        let holder = heard
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("the second build did not wait: {e}"));
        assert_eq!(holder, Some(std::process::id()));
        assert!(!second.is_finished());
        drop(first);
        let taken = second.join().unwrap_or_else(|_| panic!("panicked"));
        assert!(taken.is_ok());
    }

    #[test]
    fn remove_site_takes_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let site = dir.path().join("old");
        fs::create_dir_all(site.join("a/b")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(site.join("a/b/index.html"), "x").unwrap_or_else(|e| panic!("{e}"));
        fs::write(site.join(MARKER), MARKER_TEXT).unwrap_or_else(|e| panic!("{e}"));
        remove_site(&site).unwrap_or_else(|e| panic!("{e}"));
        assert!(!site.exists());
    }
}
