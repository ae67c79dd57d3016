//! Stamps of the files a build reads: path, size and modification time,
//! hashed into one number that says whether anything changed (as `make`
//! decides), and the stable hash stored on disk.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// What a stamp records of a file: its size and modification time (ns
/// since the epoch).
pub(crate) type FileStamp = (u64, u128);

/// The [`FileStamp`] of a file's metadata.
pub(crate) fn file_stamp(meta: &std::fs::Metadata) -> FileStamp {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), modified)
}

/// Everything a stamp covers, in order: `site.toml`, `strings.toml`, then every entry under
/// `content/`, `templates/`, `static/` and `data/`, each with whether it is a folder.
pub(crate) fn stamp_paths(root: &Path) -> Vec<(PathBuf, bool)> {
    let mut paths = vec![
        (root.join(crate::config::CONFIG_FILE), false),
        (root.join(crate::strings::STRINGS_FILE), false),
    ];
    // As the loader walks each: links followed in content/ only while they
    // stay inside it (a link to /usr once made an up-to-date build walk
    // /usr every time), hidden entries skipped.
    walk_as_loaded(&root.join("content"), true, true, &mut paths);
    walk_as_loaded(&root.join("templates"), false, false, &mut paths);
    walk_as_loaded(&root.join("static"), false, true, &mut paths);
    walk_as_loaded(&root.join(super::data::DATA_DIR), false, true, &mut paths);
    paths
}

/// The entries under `dir` the loader reads, in order, each with whether it
/// is a folder.
fn walk_as_loaded(
    dir: &Path,
    follow_links: bool,
    skip_hidden: bool,
    out: &mut Vec<(PathBuf, bool)>,
) {
    let canonical = dir.canonicalize().ok();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skip_hidden || !super::is_hidden(e.file_name()));
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else {
            continue;
        };
        let outside = follow_links
            && entry.path_is_symlink()
            && !canonical
                .as_deref()
                .is_some_and(|root| super::stays_inside(entry.path(), root));
        if outside {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        out.push((entry.into_path(), is_dir));
    }
}

/// Stamps already taken, by path (its bytes: hashing a `Path` walks its
/// components).
pub(crate) type KnownStamps = rustc_hash::FxHashMap<std::ffi::OsString, FileStamp>;

/// The stamp of `paths`, taking the files in `known` as they were when
/// read (the build stamps an article as it opens it: the same numbers, no
/// second look) and looking the others up now.
pub(crate) fn stamp_of(paths: &[(PathBuf, bool)], options: &str, known: &KnownStamps) -> u64 {
    // A stat per file not known: in parallel, since a large archive has many.
    let lines: Vec<String> = paths
        .par_iter()
        .map(|(path, _)| {
            let stamp = known
                .get(path.as_os_str())
                .copied()
                .or_else(|| std::fs::metadata(path).ok().map(|m| file_stamp(&m)));
            match stamp {
                Some((len, modified)) => format!("{} {len} {modified}\n", path.display()),
                None => format!("{} -\n", path.display()),
            }
        })
        .collect();
    let mut text = format!(
        "{} {}\n{options}\n",
        env!("CARGO_PKG_VERSION"),
        build_identity()
    );
    text.extend(lines);
    fnv1a(text.as_bytes())
}

/// The running binary's size and modification time: a sahifa rebuilt from
/// changed code (same version number) renders afresh instead of finding
/// pages it made differently "up to date".
pub(crate) fn build_identity() -> &'static str {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::metadata)
            .and_then(|m| Ok(format!("{} {:?}", m.len(), m.modified()?)))
            .unwrap_or_default()
    })
}

/// FNV-1a, 64 bits: stable across machines and Rust versions, as a hash
/// stored on disk must be.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
