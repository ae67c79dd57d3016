//! `sahifa serve`: build into memory, serve over HTTP on 127.0.0.1, watch the
//! site, rebuild what changed and tell open pages to reload.

pub(crate) mod checker;
pub(crate) mod http;
pub(crate) mod request;
pub(crate) mod watch;

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use crate::config::Config;
use crate::engine::{Engine, Update};
use crate::report::Diagnostic;
use crate::settings::{base_path_of, Overrides, Settings};
use http::Shared;
use watch::FolderChange;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless asked).
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Show articles marked `draft`.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Host names answered besides `localhost` and IP addresses
    /// (`--allow-host`): a name on the local network that points here.
    pub allowed_hosts: Vec<String>,
    /// `--now`: what the clock says when the preview is ready; it runs on
    /// from there (Hugo's `--clock`). The system clock when unset.
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// What now is while previewing: the system clock, or `--now`, held
/// while the first build runs and running on from when it is served, so a
/// story dated a minute after `--now` comes due a minute after the
/// preview is up, however long the build took.
#[derive(Debug, Clone, Copy)]
struct Clock {
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
    since: Option<Instant>,
}

impl Clock {
    fn new(at: Option<chrono::DateTime<chrono::FixedOffset>>) -> Self {
        Clock { at, since: None }
    }

    /// From now on the clock runs.
    fn run(&mut self) {
        self.since.get_or_insert_with(Instant::now);
    }

    fn now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        match (self.at, self.since) {
            (None, _) => chrono::Utc::now().fixed_offset(),
            (Some(at), None) => at,
            (Some(at), Some(since)) => {
                let ran = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                at + ran
            }
        }
    }

    /// The clock to write into `Settings`: none for the system's.
    fn settings_clock(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.at.map(|_| self.now())
    }
}

/// What `serve` reports as it goes; the binary prints it.
pub trait Reporter {
    /// The server listens at `url` (on `port`; `requested_port` if it was busy).
    fn serving(&self, url: &str, requested_port: u16, port: u16);
    /// The first build is served: its size, time and warnings.
    fn built(&self, articles: usize, pages: usize, millis: u128, warnings: &[Diagnostic]);
    /// A batch of changed paths was applied.
    fn rebuilt(&self, what: &[PathBuf], update: &Update, millis: u128);
    /// The current problems (files that do not parse, templates that fail).
    fn problems(&self, problems: &[&Diagnostic]);
    /// Warnings a rebuild brought (a read-also that no longer resolves …).
    fn new_warnings(&self, warnings: &[&Diagnostic]);
    /// A rebuild failed; the last good site is still served.
    fn fatal(&self, message: &str);
    /// `content/` was deleted or moved away; the last good site stays
    /// served until it is back.
    fn content_gone(&self, content: &Path);
}

/// Serves until the process is stopped. Errors only when it cannot start.
pub fn serve(options: &ServeOptions, reporter: &dyn Reporter) -> Result<(), String> {
    // Absolute, or no event the watcher reports would match it.
    let root = &crate::engine::absolute_root(&options.root);
    if !root.join("content").is_dir() {
        return Err(format!("no content/ folder in {}", root.display()));
    }
    let (listener, port) = http::bind(options.bind, options.port)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let mut clock = Clock::new(options.now);
    let load_settings = |clock: &Clock| -> Result<Settings, String> {
        let toml = Config::load(root).map_err(|d| d.describe())?;
        let host = host_for_links(options.bind);
        let overrides = Overrides {
            // Links, feeds and canonical URLs point at this preview server.
            base_url: Some(format!(
                "http://{host}:{port}{}",
                base_path_of(&toml.base_url)
            )),
            // Readable output while previewing.
            minify: Some(false),
            // Scheduled stories are shown, marked.
            mark_scheduled_after: Some(clock.now()),
            clock: clock.settings_clock(),
            // So are read-also titles that name no article: editors mend them.
            show_unresolved_read_also: Some(true),
            ..Overrides::default()
        };
        Settings::new(toml, overrides)
    };
    let settings = load_settings(&clock)?;
    let base_path = settings.base_path();
    let started = Instant::now();
    let mut engine = guarded(|| fresh_engine(root, settings, options.drafts))?;
    reporter.built(
        engine.site().len(),
        engine.files.len(),
        started.elapsed().as_millis(),
        &engine.warnings(),
    );
    let shared = Shared::new(
        engine.files.clone(),
        base_path.clone(),
        Arc::clone(&engine.pictures),
        &options.allowed_hosts,
    );
    publish_problems(&shared, &engine, reporter, false);
    let url = engine.site().settings.base_url();
    // Watch before announcing, so no edit made after the announcement is missed.
    let mut watcher =
        watch::watch(root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    http::spawn(listener, Arc::clone(&shared));
    reporter.serving(&url, options.port, port);
    // Pictures found damaged come back as batches, to be planned again.
    engine.pictures.notify_refusals(watcher.inbox());
    let gate = Arc::new(checker::Gate::default());
    checker::spawn(Arc::clone(&shared), Arc::clone(&gate));
    if options.open {
        open_browser(&url);
    }
    // A rebuild that failed midway leaves the engine unsure: the next
    // one starts over.
    let mut start_over = false;
    clock.run();
    while let Some(batch) = next_batch(&watcher, engine.next_due(), &clock) {
        let changes = watcher.refresh_folders(&batch);
        if changes.contains(&FolderChange::Vanished("content")) {
            reporter.content_gone(&root.join("content"));
        }
        // Until content/ is back, the last good site stays served.
        if !root.join("content").is_dir() {
            continue;
        }
        start_over |= !changes.is_empty();
        gate.rebuilding();
        let started = Instant::now();
        let had_problems = !engine.problems().is_empty();
        let known: HashSet<String> = engine.warnings().iter().map(ToString::to_string).collect();
        let rebuilt = guarded(|| {
            let mut update = if start_over {
                Update {
                    restart: true,
                    ..Update::default()
                }
            } else {
                engine.apply(&batch, &shared.open_pages(), clock.now())
            };
            if update.restart {
                let fresh = load_settings(&clock)
                    .and_then(|settings| fresh_engine(root, settings, options.drafts))?;
                update.changed = fresh.files.keys().cloned().collect();
                engine = fresh;
            }
            Ok(update)
        });
        let mut update = match rebuilt {
            Ok(update) => update,
            Err(message) => {
                start_over = true;
                gate.rebuilt();
                reporter.fatal(&message);
                continue;
            }
        };
        start_over = false;
        if update.restart {
            engine.pictures.notify_refusals(watcher.inbox());
            if let Ok(mut pictures) = shared.pictures.write() {
                *pictures = Arc::clone(&engine.pictures);
            }
        }
        // Pages left pending wait for their new bytes if asked for.
        shared.hold(&update.pending);
        publish_files(&shared, &engine, &update);
        let warnings = engine.warnings();
        let fresh: Vec<&Diagnostic> = warnings
            .iter()
            .filter(|w| !known.contains(&w.to_string()))
            .collect();
        if !fresh.is_empty() {
            reporter.new_warnings(&fresh);
        }
        // Open pages reload once they are current; when none changed, the
        // others say whether anything did.
        let told = update.pending.is_empty() || !update.changed.is_empty();
        if told {
            tell_browsers(&shared, &engine, reporter, had_problems, &update);
        }
        if !update.pending.is_empty() {
            match guarded(|| Ok(engine.render_pending())) {
                Ok(rest) => {
                    publish_files(&shared, &engine, &rest);
                    update.rendered += rest.rendered;
                    update.changed.extend(rest.changed);
                }
                Err(message) => {
                    start_over = true;
                    reporter.fatal(&message);
                }
            }
            shared.release();
            if !told {
                tell_browsers(&shared, &engine, reporter, had_problems, &update);
            }
        }
        gate.rebuilt();
        reporter.rebuilt(
            &batch.into_iter().collect::<Vec<_>>(),
            &update,
            started.elapsed().as_millis(),
        );
    }
    Ok(())
}

/// The host the preview's absolute URLs (canonical, feeds) name: the bound
/// address, or this machine's loopback when bound to every address
/// (`0.0.0.0` is no address a browser can visit).
fn host_for_links(bind: IpAddr) -> String {
    match bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".into(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// A engine built from scratch, its problems as one message.
fn fresh_engine(root: &Path, settings: Settings, drafts: bool) -> Result<Engine, String> {
    Engine::new(root, settings, drafts).map_err(|ds| {
        ds.iter()
            .map(Diagnostic::describe)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Runs a rebuild so that even a bug in it (a panic) only fails the
/// rebuild: the server goes on with the last good site.
fn guarded<T>(rebuild: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(rebuild)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "the rebuild failed inside sahifa ({what}); still serving the last good site. \
                 Please report this as a bug; the next change rebuilds everything"
            ))
        }
    }
}

/// The next batch of changed paths; an empty one when a scheduled story
/// comes due first. `None` once the watcher has stopped.
fn next_batch(
    watcher: &watch::SiteWatcher,
    due: Option<chrono::DateTime<chrono::FixedOffset>>,
    clock: &Clock,
) -> Option<std::collections::BTreeSet<PathBuf>> {
    let mut batch = wait_for_batch(watcher, due, clock)?;
    // Batches that queued while the last rebuild ran (a burst of files
    // written more slowly than the watcher's quiet time) are one rebuild.
    while let Ok(more) = watcher.batches.try_recv() {
        batch.extend(more);
    }
    Some(batch)
}

fn wait_for_batch(
    watcher: &watch::SiteWatcher,
    due: Option<chrono::DateTime<chrono::FixedOffset>>,
    clock: &Clock,
) -> Option<std::collections::BTreeSet<PathBuf>> {
    let Some(due) = due else {
        return watcher.batches.recv().ok();
    };
    let wait = (due - clock.now())
        .to_std()
        .unwrap_or_default()
        // A second past the moment, so the story is due when checked.
        + std::time::Duration::from_secs(1);
    match watcher.batches.recv_timeout(wait) {
        Ok(batch) => Some(batch),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Some(Default::default()),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
    }
}

/// Gives the server the pages a rebuild changed and forgets removed ones.
fn publish_files(shared: &Shared, engine: &Engine, update: &Update) {
    if let Ok(mut files) = shared.files.write() {
        for path in &update.removed {
            files.remove(path);
        }
        for path in &update.changed {
            if let Some(bytes) = engine.files.get(path) {
                files.insert(path.clone(), Arc::clone(bytes));
            }
        }
    }
}

/// Tells open pages what the rebuild did: problems over the page, a fix, a
/// stylesheet to swap in place, or a reload.
fn tell_browsers(
    shared: &Shared,
    engine: &Engine,
    reporter: &dyn Reporter,
    had_problems: bool,
    update: &Update,
) {
    if publish_problems(shared, engine, reporter, had_problems) {
        return;
    }
    if had_problems {
        shared.broadcast("fixed", "{}");
    } else if update.css_only() {
        let paths = json!(update.changed).to_string();
        shared.broadcast("css", &paths);
    } else if !update.changed.is_empty() || !update.removed.is_empty() {
        shared.broadcast(
            "reload",
            &json!({ "changed": update.changed.len() }).to_string(),
        );
    }
}

/// Tells the terminal and the browsers about current problems; returns
/// whether there are any.
fn publish_problems(shared: &Shared, engine: &Engine, reporter: &dyn Reporter, had: bool) -> bool {
    let problems = engine.problems();
    if problems.is_empty() {
        shared.set_problems(None);
        return false;
    }
    if !had || !problems.is_empty() {
        reporter.problems(&problems);
    }
    let list: Vec<_> = problems
        .iter()
        .map(|d| {
            json!({
                "file": d.file.as_ref().map(|f| f.display().to_string()),
                "line": d.line,
                "message": d.message,
            })
        })
        .collect();
    let data = serde_json::Value::Array(list).to_string();
    shared.set_problems(Some(data.clone()));
    shared.broadcast("problems", &data);
    true
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_rebuild_is_a_failed_rebuild_not_a_dead_server() {
        let failed = guarded(|| -> Result<(), String> { panic!("news_days overflowed") });
        let message = failed.err().unwrap_or_default();
        assert!(message.contains("news_days overflowed"), "{message}");
        assert!(message.contains("still serving the last good site"));
        assert_eq!(guarded(|| Ok(7)), Ok(7));
        assert_eq!(
            guarded(|| -> Result<(), String> { Err("bad".into()) }),
            Err("bad".into())
        );
    }

    #[test]
    fn links_name_a_host_a_browser_can_visit() {
        assert_eq!(
            host_for_links("0.0.0.0".parse().unwrap_or(IpAddr::from([1, 1, 1, 1]))),
            "127.0.0.1"
        );
        assert_eq!(
            host_for_links("::".parse().unwrap_or(IpAddr::from([1, 1, 1, 1]))),
            "[::1]"
        );
        assert_eq!(
            host_for_links(IpAddr::from([192, 168, 1, 5])),
            "192.168.1.5"
        );
    }
}
