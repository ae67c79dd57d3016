//! Drives the stages for `build` and `check`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cache::{global_hash, BuildCache, CacheSummary};
use crate::config::Config;
use crate::load::stamp::{file_stamp, stamp_of, stamp_paths, FileStamp, KnownStamps};
use crate::load::statics::{collect_static, StaticFile, StaticSource};
use crate::load::{walk_content, Asset};
use crate::output::{check_output, Staging};
use crate::pipeline::read_and_parse;
use crate::render::signature::{fingerprints, signatures};
use crate::render::templates::build_tera;
use crate::render::{jobs, render_page, Contexts};
use crate::report::{Diagnostic, Report};
use crate::resolve::resolve;
use crate::site::{Link, Site};
use rayon::prelude::*;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds `content/`).
    pub root: PathBuf,
    /// Where to write; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Include articles marked `draft`.
    pub drafts: bool,
    /// Any warning fails the build and leaves the previous output untouched.
    pub strict: bool,
    /// "Now" for the news sitemap; the newest article's date when unset.
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Called with (stage, done, total) as the build goes, for progress bars.
    pub progress: Option<fn(&str, u64, u64)>,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// How a build or check went.
#[derive(Debug, Default)]
pub struct Outcome {
    pub report: Report,
    pub articles: usize,
    pub pages: usize,
    pub unresolved: usize,
    pub resolved: usize,
    pub elapsed: Duration,
    /// Whether the output folder was replaced.
    pub written: bool,
    /// The output already held exactly this site and was left alone.
    pub up_to_date: bool,
    /// Pages rendered (the others were unchanged and linked from the last build).
    pub rendered: usize,
    /// Why nothing was built or written (the command then fails).
    pub fatal: Option<String>,
    /// Wall time of each stage, for `--timings`.
    pub timings: Timings,
}

/// Wall time spent in each stage, in the order the stages first ran.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    mark: Option<Instant>,
}

impl Timings {
    /// Charges the time since the previous lap (or the start) to `stage`.
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.mark.replace(now).unwrap_or(now);
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += now - since,
            None => self.stages.push((stage, now - since)),
        }
    }

    /// Starts the clock without charging anything.
    fn start(&mut self) {
        self.mark = Some(Instant::now());
    }
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.fatal.is_some()
    }
}

/// The site after load, parse and resolve, with what writing needs besides.
struct Prepared {
    site: Site,
    /// Each article file's stamp, taken as it was opened.
    read_stamps: Vec<(PathBuf, FileStamp)>,
    assets: Vec<Asset>,
    template_overrides: Vec<(String, String)>,
    static_dir: Option<PathBuf>,
}

/// Does everything `build` does — load, parse, resolve, templates, static
/// files, and rendering every page — in memory, and writes nothing: what
/// `build` would report, `check` reports.
pub fn check(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    outcome.timings.start();
    let Some(mut prepared) = prepare(options, &mut outcome) else {
        return finish(options, outcome, started);
    };
    // As written, not minified: errors point at the lines the user wrote.
    let tera = match build_tera(&prepared.template_overrides, false) {
        Ok(tera) => tera,
        Err(d) => {
            outcome.fatal = Some("a template has an error".into());
            outcome.report.push(d);
            return finish(options, outcome, started);
        }
    };
    let mut statics = static_files(&prepared, &mut outcome.report);
    fingerprint_assets(
        &mut statics,
        &mut prepared.site.config.asset_paths,
        &mut outcome.report,
    );
    let site = &prepared.site;
    let jobs = jobs(site);
    let contexts = Contexts::new(site);
    let failures: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| render_page(job, &contexts, &tera).err())
        .collect();
    outcome.pages = jobs.len();
    outcome.rendered = jobs.len() - failures.len();
    outcome.report.extend(failures);
    finish(options, outcome, started)
}

/// Builds the site into the output folder.
pub fn build(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    outcome.timings.start();
    let output = options.output_dir();
    if let Err(message) = check_output(&options.root, &output) {
        outcome.report.push(Diagnostic::error(None, None, message));
        outcome.fatal = Some(format!("nothing was written to {}", output.display()));
        return finish(options, outcome, started);
    }
    let stamp_options = format!(
        "{:?} {} {:?}",
        options.base_url, options.drafts, options.now
    );
    let stamp_paths = stamp_paths(&options.root);
    // Without the output it describes (deleted for a clean build), the
    // cache beside it is not worth reading; with it, it is read once.
    let has_output = output.join(crate::output::MARKER).is_file();
    let mut previous = has_output.then(|| BuildCache::read(&output)).flatten();
    let (early_stamp, mut known_stamps) = if has_output {
        let stamp = stamp_of(&stamp_paths, &stamp_options, &KnownStamps::default());
        if let Some(cache) = previous.take_if(|c| c.summary.source == stamp) {
            // Nothing the build reads has changed since the last one.
            crate::output::clean_stale(&output);
            outcome.up_to_date = true;
            outcome.articles = cache.summary.articles;
            outcome.resolved = cache.summary.resolved;
            outcome.unresolved = cache.summary.unresolved;
            outcome.pages = cache.pages.len();
            outcome.report.extend(cache.summary.diagnostics);
            // The report is the last build's; --strict judges it the same.
            fail_if_strict(options, &mut outcome, &output);
            return finish(options, outcome, started);
        }
        (Some(stamp), KnownStamps::default())
    } else {
        (None, stamps_before_reading(&stamp_paths))
    };
    outcome.timings.lap("cache check");
    let Some(mut prepared) = prepare(options, &mut outcome) else {
        return finish(options, outcome, started);
    };
    let stamp = early_stamp.unwrap_or_else(|| {
        let read = std::mem::take(&mut prepared.read_stamps);
        known_stamps.extend(read.into_iter().map(|(p, s)| (p.into_os_string(), s)));
        stamp_of(&stamp_paths, &stamp_options, &known_stamps)
    });
    let tera = build_tera(&prepared.template_overrides, prepared.site.config.minify);
    outcome.timings.lap("templates");
    let tera = match tera {
        Ok(tera) => tera,
        Err(d) => {
            outcome.fatal = Some(format!(
                "a template has an error; {} is left as it was",
                output.display()
            ));
            outcome.report.push(d);
            return finish(options, outcome, started);
        }
    };
    let mut statics = static_files(&prepared, &mut outcome.report);
    if prepared.site.config.minify {
        minify_stylesheets(&mut statics, &mut outcome.report);
    }
    fingerprint_assets(
        &mut statics,
        &mut prepared.site.config.asset_paths,
        &mut outcome.report,
    );
    if fail_if_strict(options, &mut outcome, &output) {
        return finish(options, outcome, started);
    }
    let stamped = Stamped {
        summary: CacheSummary {
            source: stamp,
            global: global_hash(
                &prepared.site.config,
                &prepared.template_overrides,
                &statics,
            ),
            articles: prepared.site.len(),
            resolved: outcome.resolved,
            unresolved: outcome.unresolved,
            diagnostics: outcome.report.diagnostics.clone(),
        },
        previous,
    };
    outcome.timings.lap("static files");
    let written = render_and_write(
        &prepared,
        &tera,
        &statics,
        &output,
        options,
        stamped,
        &mut outcome.timings,
    );
    match written {
        Ok(Written::UpToDate(pages)) => {
            outcome.pages = pages;
            outcome.up_to_date = true;
        }
        Ok(Written::Site { pages, rendered }) => {
            outcome.pages = pages;
            outcome.rendered = rendered;
            outcome.written = true;
        }
        Err(Failure::Render(errors)) => {
            // A site with holes would be full of broken links: keep the last good one.
            outcome.fatal = Some(format!(
                "{} did not render; {} is left as it was",
                crate::report::count_s(errors.len(), "page"),
                output.display()
            ));
            outcome.report.extend(errors);
        }
        Err(Failure::Write(e)) => {
            outcome.report.push(Diagnostic::error(
                Some(&output),
                None,
                format!("cannot write: {e}"),
            ));
            outcome.fatal = Some(format!(
                "writing {} failed; the previous output is left as it was",
                output.display()
            ));
        }
    }
    free_in_background((prepared, tera, statics));
    finish(options, outcome, started)
}

/// With `--strict`, any warning or error fails the build (whether it was
/// just found or replayed from the cache of an unchanged site), and the
/// output is not touched. Returns whether it failed.
fn fail_if_strict(options: &BuildOptions, outcome: &mut Outcome, output: &std::path::Path) -> bool {
    let problems = outcome.report.diagnostics.len();
    if !options.strict || problems == 0 {
        return false;
    }
    outcome.fatal = Some(format!(
        "--strict allows no warnings and {} found; {} is left as it was",
        if problems == 1 {
            "one was"
        } else {
            "some were"
        },
        output.display()
    ));
    true
}

/// Drops `value` on a thread of its own. A large site is many small
/// allocations, and freeing them takes a while on one core; a process that
/// is about to exit does not wait for it.
fn free_in_background(value: impl Send + 'static) {
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}

/// Jobs a worker claims at a time. Workers take jobs in order, so an
/// article's four listings render close together (see [`crate::render::jobs`]);
/// claims this long keep the two cores apart, mostly in different folders
/// (two threads creating files in one folder take turns at its lock).
const CLAIM: usize = 64;
/// Progress is reported every this many jobs.
const PROGRESS_STEP: usize = 1024;

enum Failure {
    Render(Vec<Diagnostic>),
    Write(std::io::Error),
}

/// Renders the site batch by batch into a staging folder and swaps it in.
/// Returns the number of pages written.
fn render_and_write(
    prepared: &Prepared,
    tera: &crate::render::templates::Templates,
    statics: &[StaticFile],
    output: &std::path::Path,
    options: &BuildOptions,
    stamped: Stamped,
    timings: &mut Timings,
) -> Result<Written, Failure> {
    let site = &prepared.site;
    let jobs = jobs(site);
    let paths: Vec<String> = jobs.iter().map(|job| job.path(site)).collect();
    let signatures = signatures(site, &jobs, &fingerprints(site));
    timings.lap("signatures");
    let summary = stamped.summary;
    let pages = || {
        paths
            .iter()
            .map(String::as_str)
            .zip(signatures.iter().copied())
    };
    crate::output::clean_stale(output);
    let previous = stamped
        .previous
        .filter(|old| old.summary.global == summary.global);
    if previous
        .as_ref()
        .is_some_and(|old| old.has_exactly(pages()))
    {
        // Files were touched but every page came out the same: keep the
        // output, with a cache that knows the new stamp.
        let _ = BuildCache::write(output, &summary, pages());
        return Ok(Written::UpToDate(jobs.len()));
    }
    let unchanged = |path: &String, sig: &u64| {
        previous
            .as_ref()
            .is_some_and(|old| old.pages.get(path) == Some(sig))
    };
    let staging = Staging::begin(output).map_err(Failure::Write)?;
    staging.write_statics(statics).map_err(Failure::Write)?;
    let contexts = Contexts::new(site);
    let next = AtomicUsize::new(0);
    let rendered = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let write_error = Mutex::new(None);
    // One job: linked from the previous output when unchanged, else
    // rendered and written. `Some` holds why it failed to render.
    let one = |n: usize| -> std::io::Result<Option<Diagnostic>> {
        let path = &paths[n];
        if unchanged(path, &signatures[n]) && staging.link_previous(path)? {
            return Ok(None);
        }
        rendered.fetch_add(1, Ordering::Relaxed);
        match render_page(&jobs[n], &contexts, tera) {
            Ok(page) => staging.write_page(&page).map(|()| None),
            Err(d) => Ok(Some(d)),
        }
    };
    // Each worker claims the next few jobs until none are left: no core
    // waits for the other between batches. Each page is written as soon as
    // it is rendered, by the thread that rendered it.
    let worker = || loop {
        let start = next.fetch_add(CLAIM, Ordering::Relaxed);
        if start >= jobs.len() || lock(&write_error).is_some() {
            break;
        }
        if start / PROGRESS_STEP != (start + CLAIM) / PROGRESS_STEP {
            progress(options, "render", start as u64, jobs.len() as u64);
        }
        for n in start..(start + CLAIM).min(jobs.len()) {
            match one(n) {
                Ok(None) => {}
                Ok(Some(d)) => lock(&failures).push((n, d)),
                Err(e) => {
                    lock(&write_error).get_or_insert(e);
                    break;
                }
            }
        }
    };
    (0..rayon::current_num_threads())
        .into_par_iter()
        .for_each(|_| worker());
    timings.lap("render+write");
    free_in_background(contexts.into_made());
    if let Some(e) = write_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(Failure::Write(e));
    }
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    if !failures.is_empty() {
        failures.sort_by_key(|(n, _)| *n);
        return Err(Failure::Render(
            failures.into_iter().map(|(_, d)| d).collect(),
        ));
    }
    // The cache describes the output: gone while it changes, back after.
    BuildCache::remove(output);
    staging.commit().map_err(Failure::Write)?;
    let _ = BuildCache::write(output, &summary, pages());
    timings.lap("swap");
    Ok(Written::Site {
        pages: jobs.len(),
        rendered: rendered.into_inner(),
    })
}

/// What the build cache records besides pages, and the previous build's
/// cache when its output is still there.
struct Stamped {
    summary: CacheSummary,
    previous: Option<BuildCache>,
}

/// A clean build's stamps of everything but the articles, taken before
/// anything is read; an article is stamped as it is opened, which spares a
/// look at each file (see `read_and_parse`).
fn stamps_before_reading(paths: &[(PathBuf, bool)]) -> KnownStamps {
    paths
        .par_iter()
        .filter(|(path, folder)| *folder || !crate::load::is_article_file(path))
        .filter_map(|(path, _)| {
            let meta = std::fs::metadata(path).ok()?;
            Some((path.clone().into_os_string(), file_stamp(&meta)))
        })
        .collect()
}

/// What `render_and_write` did.
enum Written {
    /// The output already held exactly this site: nothing was touched.
    UpToDate(usize),
    Site {
        pages: usize,
        rendered: usize,
    },
}

fn prepare(options: &BuildOptions, outcome: &mut Outcome) -> Option<Prepared> {
    let root = &options.root;
    let mut config = match Config::load(root) {
        Ok(config) => config,
        Err(d) => {
            outcome.fatal = Some(format!("{} has an error", crate::config::CONFIG_FILE));
            outcome.report.push(d);
            return None;
        }
    };
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
    }
    config.now = options.now;
    let offset = match config.offset() {
        Ok(offset) => offset,
        Err(message) => {
            let file = root.join(crate::config::CONFIG_FILE);
            outcome
                .report
                .push(Diagnostic::error(Some(&file), None, message));
            outcome.fatal = Some(format!("{} has an error", crate::config::CONFIG_FILE));
            return None;
        }
    };
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        outcome.report.push(Diagnostic::error(
            None,
            None,
            format!(
                "no content/ folder in {}: a site keeps its articles in content/ \
                 (`sahifa init` makes a site; see `sahifa --help`)",
                root.display()
            ),
        ));
        outcome.fatal = Some("there is nothing to build".into());
        return None;
    }
    progress(options, "load", 0, 0);
    outcome.timings.lap("config");
    let walked = walk_content(&content_dir);
    outcome.timings.lap("walk");
    outcome.report.extend(walked.diagnostics);
    if walked.articles.is_empty() {
        outcome.report.push(Diagnostic::warning(
            Some(&content_dir),
            None,
            "no articles found in content/: add .txt or .md files (`sahifa new \"عنوان\"` writes one)",
        ));
    }
    progress(options, "parse", 0, walked.articles.len() as u64);
    let (mut articles, notes, read_stamps) = read_and_parse(walked.articles, offset);
    outcome.timings.lap("read+parse");
    outcome.report.extend(notes);
    if !options.drafts {
        articles.retain(|a| !a.draft);
    }
    if articles.is_empty() && outcome.report.errors() > 0 {
        outcome.fatal = Some("no article could be read".into());
        return None;
    }
    if !config.has_absolute_base() {
        outcome.report.push(Diagnostic::warning(
            None,
            None,
            format!(
                "base_url «{}» is not an absolute URL: the feed and sitemap need one; set base_url in site.toml or pass --base-url",
                config.base_url
            ),
        ));
    }
    progress(options, "resolve", 0, articles.len() as u64);
    let (mut site, notes) = resolve(articles, config);
    outcome.report.extend(notes);
    forget_excerpts(&mut site);
    outcome.timings.lap("resolve");
    outcome.articles = site.len();
    for links in &site.read_also {
        for link in links {
            match link {
                Link::Resolved { .. } => outcome.resolved += 1,
                Link::Unresolved { .. } => outcome.unresolved += 1,
            }
        }
    }
    let template_overrides = match crate::load::read_templates(&root.join("templates")) {
        Ok(t) => t,
        Err(d) => {
            outcome.report.push(d);
            Vec::new()
        }
    };
    let static_dir = Some(root.join("static")).filter(|d| d.is_dir());
    Some(Prepared {
        site,
        read_stamps,
        assets: walked.assets,
        template_overrides,
        static_dir,
    })
}

/// The embedded theme's files, the site's `static/` over them, and the
/// assets found under `content/`.
fn static_files(prepared: &Prepared, report: &mut Report) -> Vec<StaticFile> {
    let (files, notes) = collect_static(prepared.static_dir.as_deref(), &prepared.assets);
    report.extend(notes);
    files
}

/// Drops the pasted paragraphs under read-also titles once links are
/// resolved: the links keep what pages show, and on a large raw archive the
/// excerpts are a good part of memory.
fn forget_excerpts(site: &mut Site) {
    for article in &mut site.articles {
        if let Some(article) = std::sync::Arc::get_mut(article) {
            for reference in &mut article.read_also {
                reference.excerpt = Vec::new();
            }
        }
    }
}

/// The bytes of a static file; an unreadable one is reported.
fn static_bytes(file: &StaticFile, report: &mut Report) -> Option<Vec<u8>> {
    match &file.source {
        StaticSource::Embedded(bytes) => Some(bytes.to_vec()),
        StaticSource::Bytes(bytes) => Some(bytes.clone()),
        StaticSource::File(path) => match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                report.push(Diagnostic::warning(Some(path), None, e.to_string()));
                None
            }
        },
    }
}

/// Minifies the stylesheets among the static files.
fn minify_stylesheets(statics: &mut [StaticFile], report: &mut Report) {
    for file in statics.iter_mut().filter(|f| f.rel.ends_with(".css")) {
        let Some(bytes) = static_bytes(file, report) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        file.source = StaticSource::Bytes(crate::render::minify::css(&text).into_bytes());
    }
}

/// Gives stylesheets and scripts names that carry a hash of their content
/// (`style.css` → `style.1a2b3c4d5e6f7a8b.css`), so hosts can cache them for
/// ever; `asset_paths` maps the plain names to the new ones for templates.
fn fingerprint_assets(
    statics: &mut [StaticFile],
    asset_paths: &mut std::collections::BTreeMap<String, String>,
    report: &mut Report,
) {
    for file in statics.iter_mut() {
        let Some((stem, ext)) = file.rel.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext, "css" | "js") {
            continue;
        }
        let Some(bytes) = static_bytes(file, report) else {
            continue;
        };
        let hashed = format!("{stem}.{:016x}.{ext}", crate::load::stamp::fnv1a(&bytes));
        asset_paths.insert(file.rel.clone(), hashed.clone());
        file.rel = hashed;
        file.source = StaticSource::Bytes(bytes);
    }
}

/// The value behind `mutex`, whole even if a thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn progress(options: &BuildOptions, stage: &str, done: u64, total: u64) {
    if let Some(callback) = options.progress {
        callback(stage, done, total);
    }
}

fn finish(options: &BuildOptions, mut outcome: Outcome, started: Instant) -> Outcome {
    for d in &mut outcome.report.diagnostics {
        crate::render::templates::locate_in_site(&options.root, d);
    }
    outcome.report.merge_repeats();
    outcome.report.sort();
    outcome.elapsed = started.elapsed();
    outcome
}
