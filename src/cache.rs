//! The build cache: what the last build wrote, kept in the output folder, so
//! a rebuild renders only pages whose inputs changed and leaves an unchanged
//! site alone. Each page is known by its signature (see
//! [`crate::render::signature`]); everything that affects every page —
//! configuration, templates, static files, sahifa's version — is one global
//! hash, and when that differs nothing is reused.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::output::{StaticFile, StaticSource};

/// The cache file inside the output folder.
pub const CACHE_FILE: &str = ".sahifa-cache";
const HEADER: &str = "sahifa-build-cache 1";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildCache {
    pub global: u64,
    /// Page path → signature.
    pub pages: HashMap<String, u64>,
}

impl BuildCache {
    /// The cache of the build that wrote `output`, if any and readable.
    pub fn read(output: &Path) -> Option<BuildCache> {
        let text = std::fs::read_to_string(output.join(CACHE_FILE)).ok()?;
        let mut lines = text.lines();
        let global = lines.next()?.strip_prefix(HEADER)?.trim();
        let global = u64::from_str_radix(global, 16).ok()?;
        let mut pages = HashMap::new();
        for line in lines {
            let (sig, path) = line.split_once(' ')?;
            pages.insert(path.to_string(), u64::from_str_radix(sig, 16).ok()?);
        }
        Some(BuildCache { global, pages })
    }

    /// The file's text: a header with the global hash, then one page a line.
    pub fn to_text(&self) -> String {
        let mut paths: Vec<(&String, &u64)> = self.pages.iter().collect();
        paths.sort();
        let mut text = format!("{HEADER} {:016x}\n", self.global);
        for (path, sig) in paths {
            text.push_str(&format!("{sig:016x} {path}\n"));
        }
        text
    }
}

/// FNV-1a, 64 bits: stable across machines and Rust versions, as a hash
/// stored on disk must be.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What every page depends on: configuration, templates, static files and
/// this version of sahifa.
pub fn global_hash(config: &Config, templates: &[(String, String)], statics: &[StaticFile]) -> u64 {
    let mut text = format!("{}\n{config:?}\n", env!("CARGO_PKG_VERSION"));
    for (name, source) in templates {
        text.push_str(&format!("{name} {:x}\n", fnv1a(source.as_bytes())));
    }
    for file in statics {
        let identity = match &file.source {
            StaticSource::Embedded(bytes) => format!("{:x}", fnv1a(bytes)),
            StaticSource::Bytes(bytes) => format!("{:x}", fnv1a(bytes)),
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
        let cache = BuildCache {
            global: 0xabc,
            pages: [
                ("2025/دمشق/index.html".to_string(), 7),
                ("index.html".to_string(), u64::MAX),
            ]
            .into(),
        };
        let dir = std::env::temp_dir().join(format!("sahifa-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join(CACHE_FILE), cache.to_text()).unwrap_or_default();
        assert_eq!(BuildCache::read(&dir), Some(cache));
        std::fs::write(dir.join(CACHE_FILE), "garbage").unwrap_or_default();
        assert_eq!(BuildCache::read(&dir), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
