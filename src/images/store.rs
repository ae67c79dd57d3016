//! The picture cache beside the output (`.public.sahifa-images/`, next to
//! the build cache): a folder per source picture and parameters, named by
//! their hash, holding every variant. A folder is made under a temporary
//! name and renamed whole, so a build that stops half-way leaves none half
//! made. Builds link the variants into the output from here.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::codec::Encoded;

const META: &str = "meta";
const META_HEADER: &str = "sahifa-images 1";

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

    /// The entry for `key`, when a complete one is cached.
    pub(crate) fn read(&self, key: u64) -> Option<Entry> {
        let text = fs::read_to_string(self.entry_dir(key).join(META)).ok()?;
        let mut lines = text.lines();
        let fallback_ext = lines.next()?.strip_prefix(META_HEADER)?.trim().to_string();
        let sizes: Option<Vec<(u32, u32, u64)>> = lines
            .map(|line| {
                let mut fields = line.split(' ').map(str::parse::<u64>);
                let mut next = || fields.next()?.ok();
                let (w, h, bytes) = (next()?, next()?, next()?);
                Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?, bytes))
            })
            .collect();
        let entry = Entry {
            fallback_ext,
            sizes: sizes.filter(|s| !s.is_empty())?,
        };
        let complete = entry.sizes.iter().all(|&(w, _, _)| {
            self.file(key, w, "webp").is_file() && self.file(key, w, &entry.fallback_ext).is_file()
        });
        complete.then_some(entry)
    }

    /// Caches the variants of `key` and returns their entry.
    pub(crate) fn write(
        &self,
        key: u64,
        fallback_ext: &str,
        encoded: &[Encoded],
    ) -> io::Result<Entry> {
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
            meta.push_str(&format!("{} {} {}\n", e.width, e.height, e.fallback.len()));
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
