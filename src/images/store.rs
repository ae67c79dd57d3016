//! The picture cache beside the output (`.public.sahifa-images/`, next to
//! the build cache): a folder per source picture and parameters, named by
//! their hash, holding every variant. A folder is made under a temporary
//! name and renamed whole, so a build that stops half-way leaves none half
//! made. Builds link the variants into the output from here.
//!
//! The cache lives in the site's folder, so a cloned repository may carry
//! one: nothing in it is trusted. An entry is used only when the cache and
//! the entry are real folders, every variant a regular file (a planted
//! link would publish what it points at) of the size the entry records,
//! and its header a picture of the recorded format and dimensions within
//! the decoder's limits; anything else is encoded afresh.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::codec::Encoded;

const META: &str = "meta";
const META_HEADER: &str = "sahifa-images 2";
/// The most bytes of a variant read to check its header.
const HEADER_BYTES: u64 = 64 * 1024;

pub(crate) struct Store {
    dir: PathBuf,
}

/// What a cached picture holds: its fallback format's extension and the
/// size of each variant, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub fallback_ext: String,
    /// (width, height, fallback file bytes) of each variant.
    pub sizes: Vec<(u32, u32, u64)>,
}

impl Store {
    /// The cache of the site built into `output`.
    pub(crate) fn beside(output: &Path) -> Store {
        let name = output
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().to_string());
        Store {
            dir: output.with_file_name(format!(".{name}.sahifa-images")),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_dir(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}"))
    }

    /// The cached file of one variant.
    pub(crate) fn file(&self, key: u64, width: u32, ext: &str) -> PathBuf {
        self.entry_dir(key).join(format!("{width}.{ext}"))
    }

    /// The entry for `key`, when a complete and sound one is cached.
    pub(crate) fn read(&self, key: u64) -> Option<Entry> {
        let entry_dir = self.entry_dir(key);
        if !is_real_dir(&self.dir) || !is_real_dir(&entry_dir) {
            return None;
        }
        let meta = entry_dir.join(META);
        if !fs::symlink_metadata(&meta).is_ok_and(|m| m.is_file() && m.len() < 4096) {
            return None;
        }
        let text = fs::read_to_string(meta).ok()?;
        let mut lines = text.lines();
        let fallback_ext = lines.next()?.strip_prefix(META_HEADER)?.trim().to_string();
        if !matches!(fallback_ext.as_str(), "jpg" | "png") {
            return None;
        }
        let mut entry = Entry {
            fallback_ext,
            sizes: Vec::new(),
        };
        for line in lines {
            let mut fields = line.split(' ').map(str::parse::<u64>);
            let mut next = || fields.next()?.ok();
            let (w, h, fallback_bytes, webp_bytes) = (next()?, next()?, next()?, next()?);
            let (w, h) = (u32::try_from(w).ok()?, u32::try_from(h).ok()?);
            let files = [
                (self.file(key, w, "webp"), "webp", webp_bytes),
                (
                    self.file(key, w, &entry.fallback_ext),
                    entry.fallback_ext.as_str(),
                    fallback_bytes,
                ),
            ];
            if !files
                .iter()
                .all(|(path, ext, bytes)| is_variant(path, ext, *bytes, w, h))
            {
                return None;
            }
            entry.sizes.push((w, h, fallback_bytes));
        }
        (!entry.sizes.is_empty()).then_some(entry)
    }

    /// Caches the variants of `key` and returns their entry.
    pub(crate) fn write(
        &self,
        key: u64,
        fallback_ext: &str,
        encoded: &[Encoded],
    ) -> io::Result<Entry> {
        // A link or file planted under the cache's name is taken away, not
        // written through.
        if fs::symlink_metadata(&self.dir).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&self.dir)?;
        }
        fs::create_dir_all(&self.dir)?;
        // Unique per call: `serve` may encode one picture on two threads at
        // once (two browser requests for one picture's variants).
        static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = self
            .dir
            .join(format!(".{key:016x}.{}.{call}.tmp", std::process::id()));
        let _ = fs::remove_dir_all(&temporary);
        fs::create_dir(&temporary)?;
        let mut meta = format!("{META_HEADER} {fallback_ext}\n");
        for e in encoded {
            fs::write(temporary.join(format!("{}.webp", e.width)), &e.webp)?;
            fs::write(
                temporary.join(format!("{}.{fallback_ext}", e.width)),
                &e.fallback,
            )?;
            meta.push_str(&format!(
                "{} {} {} {}\n",
                e.width,
                e.height,
                e.fallback.len(),
                e.webp.len()
            ));
        }
        fs::write(temporary.join(META), meta)?;
        let target = self.entry_dir(key);
        if fs::rename(&temporary, &target).is_err() {
            // Another thread or build cached it first: keep theirs, which
            // may be in use. Only an incomplete folder is replaced.
            if self.read(key).is_none() {
                let _ = fs::remove_dir_all(&target);
                let _ = fs::rename(&temporary, &target);
            }
            let _ = fs::remove_dir_all(&temporary);
        }
        Ok(Entry {
            fallback_ext: fallback_ext.to_string(),
            sizes: encoded
                .iter()
                .map(|e| (e.width, e.height, e.fallback.len() as u64))
                .collect(),
        })
    }
}

/// Whether `path` is a folder itself, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Whether `path` is a regular file of `bytes` bytes whose header is an
/// `ext` picture of `width` × `height` pixels.
fn is_variant(path: &Path, ext: &str, bytes: u64, width: u32, height: u32) -> bool {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes) {
        return false;
    }
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if io::Read::read_to_end(&mut io::Read::take(file, HEADER_BYTES), &mut head).is_err() {
        return false;
    }
    super::codec::inspect(&head, ext).is_ok_and(|h| (h.width, h.height) == (width, height))
}
