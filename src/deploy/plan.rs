//! What a deploy changes: the output compared with what the target holds.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::local::{LocalFile, Phase};

/// An object the target holds, as its listing tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteObject {
    pub size: u64,
    /// Without its quotes.
    pub e_tag: Option<String>,
}

/// What the last deploy uploaded, kept at the target beside the site
/// (`MANIFEST`): for stores whose ETag is not the MD5 of the bytes (Azure,
/// a folder, S3 with KMS encryption), and for the headers a file was
/// served with.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, Uploaded>,
}

/// One file of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Uploaded {
    pub md5: String,
    /// The ETag the store gave it (unquoted): another means the object
    /// was replaced since.
    pub e_tag: String,
    /// [`LocalFile::headers_key`] it was uploaded with.
    pub headers: String,
}

/// The manifest's name, at the target's top.
pub(crate) const MANIFEST: &str = ".sahifa-deploy.json";

/// The changes, by index into the local files.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Files to upload, by phase (assets, pages, indexes).
    pub uploads: [Vec<usize>; 3],
    /// Files the target already holds as they are.
    pub unchanged: Vec<usize>,
    /// Keys the output no longer has.
    pub deletes: Vec<String>,
}

impl Plan {
    pub(crate) fn upload_count(&self) -> usize {
        self.uploads.iter().map(Vec::len).sum()
    }
}

/// Compares the output with the target.
pub(crate) fn plan(
    files: &[LocalFile],
    remote: &HashMap<String, RemoteObject>,
    manifest: &Manifest,
) -> Plan {
    let mut plan = Plan::default();
    for (i, file) in files.iter().enumerate() {
        let there = remote.get(&file.rel);
        if there.is_some_and(|object| is_same(file, object, manifest.files.get(&file.rel))) {
            plan.unchanged.push(i);
        } else {
            let phase = Phase::ALL
                .iter()
                .position(|p| *p == file.phase)
                .unwrap_or(0);
            plan.uploads[phase].push(i);
        }
    }
    let local: std::collections::HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    plan.deletes = remote
        .keys()
        .filter(|key| key.as_str() != MANIFEST && !local.contains(key.as_str()))
        .cloned()
        .collect();
    plan.deletes.sort();
    plan
}

/// The object holds the file's bytes, served as the file asks: its ETag
/// is the MD5 of the bytes (S3, R2, GCS for a file uploaded whole), or the
/// manifest saw the same bytes uploaded and the object not replaced since
/// (its ETag the same).
fn is_same(file: &LocalFile, object: &RemoteObject, uploaded: Option<&Uploaded>) -> bool {
    if object.size != file.size {
        return false;
    }
    let e_tag = object.e_tag.as_deref().unwrap_or("");
    // A listing without ETags (some S3-protocol servers) leaves the
    // manifest's word and the size.
    let bytes_same = e_tag.eq_ignore_ascii_case(&file.md5)
        || uploaded.is_some_and(|u| u.md5 == file.md5 && (e_tag.is_empty() || u.e_tag == e_tag));
    // Without a manifest (a first deploy of a target filled by hand, or
    // one that lost it) the headers are taken as they are.
    let headers_same = uploaded.is_none_or(|u| u.headers == file.headers_key());
    bytes_same && headers_same
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, bytes: &str) -> LocalFile {
        use md5::{Digest, Md5};
        LocalFile {
            rel: rel.into(),
            path: rel.into(),
            size: bytes.len() as u64,
            md5: Md5::digest(bytes.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            content_type: "text/html; charset=utf-8".into(),
            cache_control: "no-cache".into(),
            redirect: None,
            phase: if rel.ends_with(".css") {
                Phase::Assets
            } else {
                Phase::Pages
            },
        }
    }

    fn object(f: &LocalFile, e_tag: &str) -> RemoteObject {
        RemoteObject {
            size: f.size,
            e_tag: Some(e_tag.into()),
        }
    }

    #[test]
    fn what_the_target_holds_as_it_is_stays_and_the_rest_goes_up_in_order() {
        let files = [
            file("a/index.html", "a"),
            file("s.css", "s"),
            file("b/index.html", "b"),
        ];
        let mut remote = HashMap::new();
        // S3: the ETag is the MD5.
        remote.insert("a/index.html".to_string(), object(&files[0], &files[0].md5));
        // Changed bytes.
        remote.insert("b/index.html".to_string(), object(&files[2], "0123"));
        remote.insert("gone/index.html".to_string(), object(&files[0], "x"));
        remote.insert(MANIFEST.to_string(), object(&files[0], "x"));
        let plan = plan(&files, &remote, &Manifest::default());
        assert_eq!(plan.unchanged, [0]);
        assert_eq!(plan.uploads, [vec![1], vec![2], vec![]]);
        assert_eq!(plan.deletes, ["gone/index.html"]);
    }

    #[test]
    fn a_store_without_md5_etags_is_compared_through_the_manifest() {
        let files = [file("a/index.html", "a"), file("b/index.html", "b")];
        let mut remote = HashMap::new();
        remote.insert("a/index.html".to_string(), object(&files[0], "0x8D1"));
        remote.insert("b/index.html".to_string(), object(&files[1], "0x8D2"));
        let mut manifest = Manifest::default();
        for (f, e_tag) in [(&files[0], "0x8D1"), (&files[1], "0x8D0")] {
            manifest.files.insert(
                f.rel.clone(),
                Uploaded {
                    md5: f.md5.clone(),
                    e_tag: e_tag.into(),
                    headers: f.headers_key(),
                },
            );
        }
        // b was replaced since the last deploy (another ETag): it goes up.
        let planned = plan(&files, &remote, &manifest);
        assert_eq!(planned.unchanged, [0]);
        assert_eq!(planned.uploads[1], [1]);
        // A listing without ETags: the manifest and the size decide.
        for object in remote.values_mut() {
            object.e_tag = None;
        }
        assert_eq!(plan(&files, &remote, &manifest).unchanged, [0, 1]);
    }

    #[test]
    fn new_headers_upload_the_same_bytes_again() {
        let mut files = [file("a/index.html", "a")];
        let mut remote = HashMap::new();
        remote.insert("a/index.html".to_string(), object(&files[0], &files[0].md5));
        let mut manifest = Manifest::default();
        manifest.files.insert(
            files[0].rel.clone(),
            Uploaded {
                md5: files[0].md5.clone(),
                e_tag: files[0].md5.clone(),
                headers: files[0].headers_key(),
            },
        );
        assert_eq!(plan(&files, &remote, &manifest).unchanged, [0]);
        files[0].cache_control = "public, max-age=60".into();
        assert_eq!(plan(&files, &remote, &manifest).uploads[1], [0]);
    }
}
