//! `sahifa deploy`: the last build's output, uploaded to a target of
//! `site.toml`'s `[[deploy]]` — S3 and the services speaking its protocol,
//! Google Cloud Storage, Azure, or a folder.
//!
//! A sink beside `output`: it reads the built folder, never the content.
//! Only new and changed files go up (compared by MD5 with what the target
//! holds), in an order that never shows a reader a page before the
//! stylesheet, script or picture it uses, nor a feed before its pages;
//! files the output no longer has are deleted last. A deploy stopped half
//! way, run again, completes.

mod glob;
mod headers;
mod local;
mod plan;
mod remote;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use crate::config::{Config, DeployTarget};
use local::{LocalFile, Phase};
use plan::{Manifest, Plan, Uploaded};

/// Files sent at once: enough to hide a store's latency.
const PARALLEL: usize = 16;

/// What `sahifa deploy` was asked.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// The site folder (holds `site.toml`).
    pub root: PathBuf,
    /// The built output; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// The `[[deploy]]` target's name; the only one when unset.
    pub target: Option<String>,
    /// Print the plan, change nothing.
    pub dry_run: bool,
    /// Most files a deploy may delete.
    pub max_deletes: usize,
    /// Called with (stage, done, total) as the deploy goes.
    pub progress: Option<fn(&str, u64, u64)>,
}

/// One change of a deploy, as `--dry-run` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file uploaded.
    Upload {
        /// Its path under the target.
        key: String,
        /// Its size.
        bytes: u64,
        /// The target did not have it.
        new: bool,
    },
    /// An object deleted.
    Delete {
        /// Its path under the target.
        key: String,
    },
}

/// How a deploy went.
#[derive(Debug, Default)]
pub struct Deployed {
    /// The target's name.
    pub target: String,
    /// The target's URL.
    pub url: String,
    /// Files uploaded (or, with `--dry-run`, to upload).
    pub uploaded: usize,
    /// Files the target already held as they are.
    pub unchanged: usize,
    /// Objects deleted (or to delete).
    pub deleted: usize,
    /// Bytes uploaded (or to upload).
    pub bytes: u64,
    /// Wall time of the whole deploy.
    pub elapsed: Duration,
    /// Every change, in the order made.
    pub changes: Vec<Change>,
    /// What failed (the command then fails): each file's message.
    pub errors: Vec<String>,
}

impl Deployed {
    fn count_upload(
        &mut self,
        file: &LocalFile,
        remote: &std::collections::HashMap<String, plan::RemoteObject>,
    ) {
        self.uploaded += 1;
        self.bytes += file.size;
        self.changes.push(Change::Upload {
            key: file.rel.clone(),
            bytes: file.size,
            new: !remote.contains_key(&file.rel),
        });
    }

    fn count_delete(&mut self, key: &str) {
        self.deleted += 1;
        self.changes.push(Change::Delete {
            key: key.to_string(),
        });
    }
}

/// Uploads the output to the target, or says why not.
pub fn deploy(options: &DeployOptions) -> Result<Deployed, String> {
    let started = Instant::now();
    let config = Config::load(&options.root).map_err(|d| d.to_string())?;
    let target = choose(&config.deploy, options.target.as_deref())?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // Held to the end: a build swapping a new site in while its files are
    // read and sent would mix two sites (the build waits, saying so).
    let _lock = crate::output::OutputLock::acquire(&output, |holder| {
        let by = holder.map_or_else(String::new, |pid| format!(" (process {pid})"));
        eprintln!(
            "waiting for the build of {}{by} to finish before deploying it…",
            output.display()
        );
    })
    .map_err(|e| format!("cannot lock {}: {e}", output.display()))?;
    built(&output)?;
    let files = local::scan(&output, &config.cache_control)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the uploader: {e}"))?;
    let mut deployed = runtime.block_on(run(options, target, &files))?;
    deployed.elapsed = started.elapsed();
    Ok(deployed)
}

/// The target named, or the only one.
fn choose<'a>(targets: &'a [DeployTarget], name: Option<&str>) -> Result<&'a DeployTarget, String> {
    let names = || {
        targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (name, targets) {
        (_, []) => Err("site.toml names no place to deploy to: add\n\n  [[deploy]]\n  name = \"production\"\n  url = \"s3://bucket/folder\"\n\n(README: Deploying)".into()),
        (None, [only]) => Ok(only),
        (None, _) => Err(format!(
            "site.toml names {} places to deploy to ({}): say which with --target",
            targets.len(),
            names()
        )),
        (Some(name), _) => targets.iter().find(|t| t.name == name).ok_or_else(|| {
            format!("site.toml names no deploy target `{name}`; it has: {}", names())
        }),
    }
}

/// The output is a whole site, from a build that succeeded.
fn built(output: &std::path::Path) -> Result<(), String> {
    if !output.join(crate::output::MARKER).is_file() {
        return Err(format!(
            "{} holds no built site: run `sahifa build` first",
            output.display()
        ));
    }
    crate::output::last_build(output).map_err(|why| {
        format!(
            "the last build failed ({why}); {} holds the build before it. \
             Fix the problem and build again: nothing was deployed",
            output.display()
        )
    })
}

async fn run(
    options: &DeployOptions,
    target: &DeployTarget,
    files: &[LocalFile],
) -> Result<Deployed, String> {
    let store = remote::open(&target.url, options.dry_run)?;
    let (remote, manifest) = futures_util::join!(store.list(), store.manifest());
    let remote = remote?;
    let plan = plan::plan(files, &remote, &manifest);
    let mut deployed = Deployed {
        target: target.name.clone(),
        url: target.url.clone(),
        unchanged: plan.unchanged.len(),
        ..Deployed::default()
    };
    if plan.deletes.len() > options.max_deletes {
        return Err(format!(
            "this deploy would delete {} files from {}, more than --max-deletes {}; \
             nothing was changed. If the output is right, run again with --max-deletes {}",
            plan.deletes.len(),
            target.url,
            options.max_deletes,
            plan.deletes.len()
        ));
    }
    if options.dry_run {
        record_plan(&plan, files, &remote, &mut deployed);
        return Ok(deployed);
    }
    apply(
        options,
        &store,
        files,
        &remote,
        manifest,
        &plan,
        &mut deployed,
    )
    .await?;
    Ok(deployed)
}

/// The changes `--dry-run` lists, counted as if made.
fn record_plan(
    plan: &Plan,
    files: &[LocalFile],
    remote: &std::collections::HashMap<String, plan::RemoteObject>,
    deployed: &mut Deployed,
) {
    for &i in plan.uploads.iter().flatten() {
        deployed.count_upload(&files[i], remote);
    }
    for key in &plan.deletes {
        deployed.count_delete(key);
    }
}

/// Uploads phase by phase, keeping the manifest after each, then deletes.
/// A phase with a failed file stops the deploy there: what comes after
/// would point at it.
async fn apply(
    options: &DeployOptions,
    store: &remote::Target,
    files: &[LocalFile],
    remote: &std::collections::HashMap<String, plan::RemoteObject>,
    mut manifest: Manifest,
    plan: &Plan,
    deployed: &mut Deployed,
) -> Result<(), String> {
    manifest.version = 1;
    // Files found as they are: the manifest learns their ETag.
    for &i in &plan.unchanged {
        let file = &files[i];
        if let Some(e_tag) = remote.get(&file.rel).and_then(|o| o.e_tag.clone()) {
            manifest
                .files
                .insert(file.rel.clone(), uploaded(file, e_tag));
        }
    }
    let total = (plan.upload_count() + plan.deletes.len()) as u64;
    let mut done = 0u64;
    for (phase, indices) in Phase::ALL.iter().zip(&plan.uploads) {
        if indices.is_empty() {
            continue;
        }
        let mut sent = futures_util::stream::iter(
            indices
                .iter()
                .map(|&i| async move { (i, store.upload(&files[i]).await) }),
        )
        .buffer_unordered(PARALLEL);
        while let Some((i, result)) = sent.next().await {
            let file = &files[i];
            match result {
                Ok(e_tag) => {
                    deployed.count_upload(file, remote);
                    manifest
                        .files
                        .insert(file.rel.clone(), uploaded(file, e_tag));
                }
                Err(e) => deployed.errors.push(e),
            }
            done += 1;
            progress(options, "upload", done, total);
        }
        store.write_manifest(&manifest).await?;
        if !deployed.errors.is_empty() {
            return Err(stopped_at(*phase, &deployed.errors));
        }
    }
    let mut removed = futures_util::stream::iter(
        plan.deletes
            .iter()
            .map(|key| async move { (key, store.delete(key).await) }),
    )
    .buffer_unordered(PARALLEL);
    while let Some((key, result)) = removed.next().await {
        match result {
            Ok(()) => {
                deployed.count_delete(key);
                manifest.files.remove(key);
            }
            Err(e) => deployed.errors.push(e),
        }
        done += 1;
        progress(options, "delete", done, total);
    }
    if !plan.deletes.is_empty() {
        store.write_manifest(&manifest).await?;
    }
    Ok(())
}

/// Why a deploy stopped after a phase: the first few failures (a store
/// that refuses everything would otherwise print every file).
fn stopped_at(phase: Phase, errors: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut message = format!(
        "{} could not be uploaded, so {} not; nothing was deleted. Run the deploy again \
         once the problem is fixed: it sends only what is missing",
        crate::report::count_s(errors.len(), "file"),
        match phase {
            Phase::Assets => "the pages that use them were",
            Phase::Pages => "the feeds and sitemaps were",
            Phase::Indexes => "the old files were deleted",
        }
    );
    for error in errors.iter().take(SHOWN) {
        message.push_str("\n  ");
        message.push_str(error);
    }
    if errors.len() > SHOWN {
        message.push_str(&format!("\n  … and {} more", errors.len() - SHOWN));
    }
    message
}

fn uploaded(file: &LocalFile, e_tag: String) -> Uploaded {
    Uploaded {
        md5: file.md5.clone(),
        e_tag,
        headers: file.headers_key(),
    }
}

fn progress(options: &DeployOptions, stage: &str, done: u64, total: u64) {
    if let Some(callback) = options.progress {
        callback(stage, done, total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str) -> DeployTarget {
        DeployTarget {
            name: name.into(),
            url: format!("file:///srv/{name}"),
        }
    }

    #[test]
    fn the_target_is_the_one_named_or_the_only_one() {
        let one = [target("production")];
        assert_eq!(
            choose(&one, None).map(|t| t.name.as_str()),
            Ok("production")
        );
        let two = [target("production"), target("staging")];
        let message = choose(&two, None).err().unwrap_or_default();
        assert!(
            message.contains("production, staging") && message.contains("--target"),
            "{message}"
        );
        assert_eq!(
            choose(&two, Some("staging")).map(|t| t.name.as_str()),
            Ok("staging")
        );
        let message = choose(&two, Some("prod")).err().unwrap_or_default();
        assert!(message.contains("`prod`"), "{message}");
        let message = choose(&[], None).err().unwrap_or_default();
        assert!(message.contains("[[deploy]]"), "{message}");
    }
}
