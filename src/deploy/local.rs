//! The built output as `deploy` uploads it: every file, its size, its MD5
//! and what it is served with.

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};
use rayon::prelude::*;

use super::headers;
use crate::config::CacheRule;

/// When a file goes up: a page must never arrive before the stylesheet,
/// script or picture it uses, nor a feed or sitemap before the page it
/// lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Phase {
    /// Stylesheets, scripts, fonts, pictures, the search index…
    Assets,
    /// HTML pages (and the hosts' own files).
    Pages,
    /// Feeds, sitemaps, `robots.txt`.
    Indexes,
}

impl Phase {
    pub(crate) const ALL: [Phase; 3] = [Phase::Assets, Phase::Pages, Phase::Indexes];

    fn of(rel: &str) -> Phase {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
        match ext {
            "html" | "htm" => Phase::Pages,
            "xml" => Phase::Indexes,
            _ if name == "feed.json" || name == "robots.txt" => Phase::Indexes,
            _ if !name.contains('.') || name.starts_with('.') => Phase::Pages,
            _ => Phase::Assets,
        }
    }
}

/// One file of the output.
#[derive(Debug, Clone)]
pub(crate) struct LocalFile {
    /// Its path in the output, `/`-separated: the object's key under the
    /// target's folder.
    pub rel: String,
    pub path: PathBuf,
    pub size: u64,
    /// Hex MD5 of its bytes (what S3 reports as the ETag of a file
    /// uploaded whole).
    pub md5: String,
    pub content_type: String,
    pub cache_control: String,
    /// Where it redirects, for an old address's page (S3 websites).
    pub redirect: Option<String>,
    pub phase: Phase,
}

impl LocalFile {
    /// What it is served with, as one string: a change re-uploads the
    /// file even when its bytes are the same.
    pub(crate) fn headers_key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.content_type,
            self.cache_control,
            self.redirect.as_deref().unwrap_or("")
        )
    }
}

/// Every file under `output` but the output's marker, in a stable order.
/// Links are never followed: a build writes none.
pub(crate) fn scan(output: &Path, rules: &[CacheRule]) -> Result<Vec<LocalFile>, String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", output.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(output) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            return Err(format!(
                "{}: a file name that is not UTF-8 cannot be an address on the web",
                entry.path().display()
            ));
        };
        if rel == crate::output::MARKER {
            continue;
        }
        found.push((rel, entry.into_path()));
    }
    found
        .into_par_iter()
        .map(|(rel, path)| describe(rel, path, rules))
        .collect()
}

fn describe(rel: String, path: PathBuf, rules: &[CacheRule]) -> Result<LocalFile, String> {
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let phase = Phase::of(&rel);
    let redirect = (phase == Phase::Pages)
        .then(|| headers::redirect_target(&bytes))
        .flatten();
    Ok(LocalFile {
        size: bytes.len() as u64,
        md5: hex(&Md5::digest(&bytes)),
        content_type: headers::content_type(&rel),
        cache_control: headers::cache_control(&rel, rules).to_string(),
        redirect,
        phase,
        rel,
        path,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_go_up_after_what_they_use_and_before_what_lists_them() {
        assert_eq!(Phase::of("style.1a2b3c4d5e6f7a8b.css"), Phase::Assets);
        assert_eq!(Phase::of("media/a-480.webp"), Phase::Assets);
        assert_eq!(Phase::of("search/d/1.json"), Phase::Assets);
        assert_eq!(Phase::of("2025/11/12/خبر/index.html"), Phase::Pages);
        assert_eq!(Phase::of("_redirects"), Phase::Pages);
        assert_eq!(Phase::of(".nojekyll"), Phase::Pages);
        assert_eq!(Phase::of("sitemap.xml"), Phase::Indexes);
        assert_eq!(Phase::of("politics/atom.xml"), Phase::Indexes);
        assert_eq!(Phase::of("feed.json"), Phase::Indexes);
        assert_eq!(Phase::of("robots.txt"), Phase::Indexes);
        assert!(Phase::Assets < Phase::Pages && Phase::Pages < Phase::Indexes);
    }

    #[test]
    fn the_output_is_read_whole_but_its_marker() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path();
        std::fs::create_dir_all(out.join("a")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join(crate::output::MARKER), "x").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("a/index.html"), "hi").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("robots.txt"), "").unwrap_or_else(|e| panic!("{e}"));
        let files = scan(out, &[]).unwrap_or_else(|e| panic!("{e}"));
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/index.html", "robots.txt"]);
        assert_eq!(files[0].md5, "49f68a5c8493ec2c0bf489821c21fc3b");
        assert_eq!(files[1].md5, "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(files[0].size, 2);
    }
}
