//! The `build` and `check` drivers: the pipeline's stages, then rendering
//! every page — into the output folder through the build cache (`build`),
//! or in memory (`check`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::{global_hash, Cache, CacheSummary};
use crate::engine::emit::{emit, free_in_background, Emission, Reuse};
use crate::engine::sink::{Discard, Sink};
use crate::load::statics::StaticFile;
use crate::output::{check_output, OutputLock, Staging};
use crate::pipeline::{prepare, Prepared, Request, Timings};
use crate::render::signature::{fingerprints, signatures};
use crate::render::{jobs, ArticlePage, Contexts, Job};
use crate::report::{count_s, Diagnostic, Report};
use crate::settings::Overrides;
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
    /// Include stories dated after now (scheduled).
    pub future: bool,
    /// Any warning fails the build and leaves the previous output untouched.
    pub strict: bool,
    /// "Now" for the news sitemap; the newest article's date when unset.
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The clock, when not the system's (`SOURCE_DATE_EPOCH`). Unlike
    /// `now`, not part of the build cache's stamp: the cache treats it as
    /// it treats the system clock (a build is redone once a scheduled
    /// story is due).
    pub clock: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Called with (stage, done, total) as the build goes, for progress bars.
    pub progress: Option<fn(&str, u64, u64)>,
    /// Keep every line of raw text: no page debris left out.
    pub keep_debris: bool,
}

impl BuildOptions {
    /// The output folder: `--output`, or `public/` under the site.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// How a build or check went.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every diagnostic of the run.
    pub report: Report,
    /// Articles published.
    pub articles: usize,
    /// Files in the output (pages and static files).
    pub pages: usize,
    /// Read-also references that name no article.
    pub unresolved: usize,
    /// Read-also references linked to their article.
    pub resolved: usize,
    /// Wall time of the whole run.
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
    /// Picture files used, and how many were encoded in this build (the
    /// others came from the picture cache).
    pub pictures: usize,
    /// Of `pictures`, those encoded in this run.
    pub pictures_encoded: usize,
    /// Each published article's page by its file as reports name it
    /// (`content/a.txt`): filled by `check`, for the editorial report's links.
    pub article_pages: std::collections::HashMap<String, crate::editorial::PageRef>,
    /// The site's words, for the editorial report's HTML page (filled by
    /// `check`).
    pub strings: crate::strings::Strings,
}

impl Outcome {
    /// Nothing was built or written (`fatal` says why).
    pub fn failed(&self) -> bool {
        self.fatal.is_some()
    }

    /// The report as the versioned JSON document (README: "The editorial
    /// report"), files relative to the site folder `root`.
    pub fn json_report(&self, root: &Path) -> String {
        let site = self.report_site(root);
        crate::editorial::json::to_json(&self.report, &site)
    }

    /// The report as an HTML page for editors (right to left, in Arabic).
    pub fn html_report(&self, root: &Path) -> String {
        crate::editorial::html::to_html(&self.report, &self.report_site(root), &self.strings)
    }

    fn report_site<'a>(&'a self, root: &'a Path) -> crate::editorial::ReportSite<'a> {
        crate::editorial::ReportSite {
            root,
            pages: &self.article_pages,
        }
    }
}

impl BuildOptions {
    /// What the pipeline is asked for: this build's command line.
    fn request(&self) -> Request {
        Request {
            overrides: Overrides {
                base_url: self.base_url.clone(),
                now: self.now,
                clock: self.clock,
                ..Overrides::default()
            },
            drafts: self.drafts,
            future: self.future,
            fingerprint: true,
            progress: self.progress,
            picture_cache: Some(self.output_dir()),
            keep_debris: self.keep_debris,
        }
    }

    /// The command line's part of the build cache's stamp: whatever changes
    /// the output besides the files.
    fn stamp_options(&self) -> String {
        format!(
            "{:?} {} {} {:?} {}",
            self.base_url, self.drafts, self.future, self.now, self.keep_debris
        )
    }
}

/// Does everything `build` does — load, parse, resolve, templates, static
/// files, and rendering every page — in memory, and writes nothing: what
/// `build` would report, `check` reports.
pub fn check(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    outcome.timings.start();
    let mut request = options.request();
    // Templates as written: errors point at the lines the user wrote.
    request.overrides.minify = Some(false);
    request.picture_cache = None;
    let prepared = match prepare_counted(options, &request, &mut outcome) {
        Ok(prepared) => prepared,
        Err(fatal) => return fail(options, outcome, fatal, started),
    };
    let site = &prepared.site;
    let jobs = jobs(site);
    let paths: Vec<String> = jobs.par_iter().map(|job| job.path(site)).collect();
    outcome
        .report
        .extend(plan_problems(&prepared, &jobs, &paths));
    let contexts = Contexts::new(site);
    outcome.strings = site.settings.strings.clone();
    outcome.article_pages = (0..site.len())
        .map(|i| {
            let page = crate::editorial::PageRef {
                url: contexts.permalink_of(i),
                title: site.articles[i].title.clone(),
            };
            (crate::editorial::file_of(site, i), page)
        })
        .collect();
    let emission = Emission {
        site,
        templates: &prepared.templates,
        jobs: &jobs,
        reuse: None,
        progress: None,
    };
    // Nothing is kept, so nothing can fail to be.
    let emitted = emit(&emission, &Discard).unwrap_or_default();
    outcome.timings.lap("render");
    outcome.pages = jobs.len();
    outcome.rendered = emitted.rendered - emitted.failures.len();
    outcome.report.extend(emitted.failures);
    finish(options, outcome, started)
}

/// Builds the site into the output folder: nothing when the cache says the
/// output is up to date, else the pipeline's stages, then every page whose
/// signature changed rendered into a staging folder swapped in whole.
pub fn build(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    outcome.timings.start();
    let output = options.output_dir();
    if let Err(message) = check_output(&options.root, &output) {
        outcome.report.push(Diagnostic::error(None, None, message));
        let fatal = format!("nothing was written to {}", output.display());
        return fail(options, outcome, fatal, started);
    }
    let outcome = build_into(options, outcome, &output, started);
    // What `deploy` asks before uploading this output.
    crate::output::record_last_build(&output, outcome.fatal.as_deref());
    outcome
}

/// [`build`] into an output folder that is sahifa's to replace.
fn build_into(
    options: &BuildOptions,
    mut outcome: Outcome,
    output: &Path,
    started: Instant,
) -> Outcome {
    let output = output.to_path_buf();
    let _lock = match OutputLock::acquire(&output, |holder| {
        let by = holder.map_or_else(String::new, |pid| format!(" (process {pid})"));
        eprintln!(
            "waiting for another sahifa build of {}{by}, or its deploy, to finish…",
            output.display()
        );
    }) {
        Ok(lock) => lock,
        Err(e) => {
            let message = format!("cannot write: {e}");
            outcome
                .report
                .push(Diagnostic::error(Some(&output), None, message));
            let fatal = format!("nothing was written to {}", output.display());
            return fail(options, outcome, fatal, started);
        }
    };
    let mut cache = Cache::open(&options.root, &output, options.stamp_options());
    let now = options
        .now
        .or(options.clock)
        .map_or_else(|| chrono::Utc::now().timestamp(), |now| now.timestamp());
    if let Some((summary, pages)) = cache.up_to_date(now) {
        replay(options, &mut outcome, summary, pages, &output);
        return finish(options, outcome, started);
    }
    outcome.timings.lap("cache check");
    let request = options.request();
    let mut prepared = match prepare_counted(options, &request, &mut outcome) {
        Ok(prepared) => prepared,
        Err(fatal) => return fail(options, outcome, fatal, started),
    };
    let jobs = jobs(&prepared.site);
    // On both cores: a path is made for each of the site's pages.
    let paths: Vec<String> = jobs
        .par_iter()
        .map(|job| job.path(&prepared.site))
        .collect();
    let plan = plan_problems(&prepared, &jobs, &paths);
    let unwritable = plan
        .iter()
        .filter(|d| d.level == crate::report::Level::Error)
        .count();
    outcome.report.extend(plan);
    if unwritable > 0 {
        let fatal = format!(
            "{} cannot be written where the site puts it; nothing was written to {}",
            count_s(unwritable, "path"),
            output.display()
        );
        return fail(options, outcome, fatal, started);
    }
    if fail_if_strict(options, &mut outcome, &output) {
        return finish(options, outcome, started);
    }
    let summary = cache_summary(&mut cache, &mut prepared, &outcome);
    cache.reuse_if(summary.global);
    let written = render_and_write(
        &prepared,
        (&jobs, &paths),
        &output,
        options,
        &cache,
        &summary,
        &mut outcome.timings,
    );
    record_written(written, &mut outcome, &output);
    // Written, or every page found as it was: the addresses are current.
    if outcome.written || outcome.up_to_date {
        let note = crate::pipeline::remember_addresses(
            &options.root,
            &prepared.site,
            &prepared.remembered,
        );
        outcome.report.extend(note);
    }
    free_in_background(prepared);
    finish(options, outcome, started)
}

/// An up-to-date output: the last build's counts and report, replayed.
fn replay(
    options: &BuildOptions,
    outcome: &mut Outcome,
    summary: CacheSummary,
    pages: usize,
    output: &Path,
) {
    crate::output::clean_stale(output);
    outcome.up_to_date = true;
    outcome.articles = summary.articles;
    outcome.resolved = summary.resolved;
    outcome.unresolved = summary.unresolved;
    outcome.pages = pages;
    outcome.report.extend(summary.diagnostics);
    // The report is the last build's; --strict judges it the same.
    fail_if_strict(options, outcome, output);
}

/// What the cache records of this build besides its pages.
fn cache_summary(cache: &mut Cache, prepared: &mut Prepared, outcome: &Outcome) -> CacheSummary {
    CacheSummary {
        source: cache.source_stamp(std::mem::take(&mut prepared.read_stamps)),
        global: global_hash(
            &prepared.site.settings,
            &prepared.template_sources,
            &prepared.statics,
        ),
        articles: outcome.articles,
        resolved: outcome.resolved,
        unresolved: outcome.unresolved,
        due: prepared.next_due.map(|due| due.timestamp()),
        diagnostics: outcome.report.diagnostics.clone(),
    }
}

/// The outcome of rendering and writing, in the summary's terms.
fn record_written(written: Result<Written, Failure>, outcome: &mut Outcome, output: &Path) {
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
                count_s(errors.len(), "page"),
                output.display()
            ));
            outcome.report.extend(errors);
        }
        Err(Failure::Write(e)) => {
            outcome.report.push(Diagnostic::error(
                Some(output),
                None,
                format!("cannot write: {e}"),
            ));
            outcome.fatal = Some(format!(
                "writing {} failed; the previous output is left as it was",
                output.display()
            ));
        }
    }
}

/// The pipeline's stages for this run, and what the summary line counts
/// of the site they prepared.
fn prepare_counted(
    options: &BuildOptions,
    request: &Request,
    outcome: &mut Outcome,
) -> Result<Prepared, String> {
    let prepared = prepare(
        &options.root,
        request,
        &mut outcome.report,
        &mut outcome.timings,
    )?;
    outcome.articles = prepared.site.len();
    (outcome.resolved, outcome.unresolved) = prepared.link_counts();
    (outcome.pictures, outcome.pictures_encoded) = prepared.pictures;
    Ok(prepared)
}

/// With `--strict`, any warning or error fails the build (whether it was
/// just found or replayed from the cache of an unchanged site), and the
/// output is not touched. Returns whether it failed.
fn fail_if_strict(options: &BuildOptions, outcome: &mut Outcome, output: &Path) -> bool {
    let problems = outcome.report.problems();
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

enum Failure {
    Render(Vec<Diagnostic>),
    Write(std::io::Error),
}

/// Renders the pages whose signature changed into a staging folder, links
/// the others from the previous output, and swaps it in.
fn render_and_write(
    prepared: &Prepared,
    (jobs, paths): (&[Job], &[String]),
    output: &Path,
    options: &BuildOptions,
    cache: &Cache,
    summary: &CacheSummary,
    timings: &mut Timings,
) -> Result<Written, Failure> {
    let site = &prepared.site;
    let statics: &[StaticFile] = &prepared.statics;
    let signatures = signatures(site, jobs, &fingerprints(site));
    timings.lap("signatures");
    let pages = || {
        paths
            .iter()
            .map(String::as_str)
            .zip(signatures.iter().copied())
    };
    crate::output::clean_stale(output);
    if cache.has_exactly(pages()) {
        // Files were touched but every page came out the same: keep the
        // output, with a cache that knows the new stamp.
        cache.record(summary, pages());
        return Ok(Written::UpToDate(jobs.len()));
    }
    let staging = Staging::begin(output).map_err(Failure::Write)?;
    staging.statics(statics).map_err(Failure::Write)?;
    let unchanged = |n: usize| cache.unchanged(&paths[n], signatures[n]);
    let progress = |done, total| progress(options, "render", done, total);
    let emission = Emission {
        site,
        templates: &prepared.templates,
        jobs,
        reuse: Some(Reuse {
            paths,
            unchanged: &unchanged,
        }),
        progress: Some(&progress),
    };
    let emitted = emit(&emission, &staging).map_err(Failure::Write)?;
    timings.lap("render+write");
    if !emitted.failures.is_empty() {
        return Err(Failure::Render(emitted.failures));
    }
    // The cache describes the output: gone while it changes, back after.
    cache.forget();
    staging.commit().map_err(Failure::Write)?;
    cache.record(summary, pages());
    timings.lap("swap");
    Ok(Written::Site {
        pages: jobs.len(),
        rendered: emitted.rendered,
    })
}

/// What the planned output cannot hold, before anything is rendered: a file
/// where a path needs a folder (an error naming the article and the
/// permalink pattern when an article's page is the one in the way), and
/// static files replaced by generated pages (a warning).
fn plan_problems(prepared: &Prepared, jobs: &[Job], paths: &[String]) -> Vec<Diagnostic> {
    let site = &prepared.site;
    let found = crate::output::conflicts(paths, &prepared.statics);
    let mut problems = Vec::new();
    // Only a site with a conflict pays for the lookup.
    let job_of: std::collections::HashMap<&str, &Job> = if found.file_in_the_way.is_empty() {
        Default::default()
    } else {
        paths.iter().map(String::as_str).zip(jobs).collect()
    };
    for (file, path) in found.file_in_the_way {
        let what = if job_of.contains_key(file.as_str()) {
            "a page the site generates"
        } else {
            "a static file"
        };
        let problem = match job_of.get(path.as_str()) {
            Some(Job::Article(ArticlePage(i))) => {
                let article = &site.articles[*i];
                Diagnostic::error(
                    Some(Path::new(&article.report_file())),
                    None,
                    format!(
                        "the permalink pattern «{}» puts this article at {path}, inside {file}, \
                         which is {what}: change `permalink` in site.toml",
                        site.settings.toml.permalink
                    ),
                )
            }
            _ => Diagnostic::error(
                None,
                None,
                format!("{path} cannot be written: {file} is {what}, not a folder"),
            ),
        };
        problems.push(problem);
    }
    if found.shared_page_paths {
        problems.extend(shared_paths(site, jobs, paths));
    }
    for rel in found.replaced_statics {
        problems.push(Diagnostic::warning(
            None,
            None,
            format!(
                "the generated page {rel} replaces the file of that name from static/ \
                 (or content/): rename or remove that file"
            ),
        ));
    }
    problems
}

/// Two generated pages at one output path: an error naming both, since
/// one would silently replace the other. Paths are settled so that this
/// does not happen; this is the check that it did not.
fn shared_paths(site: &crate::site::Site, jobs: &[Job], paths: &[String]) -> Vec<Diagnostic> {
    let mut first_at: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(paths.len());
    let mut problems = Vec::new();
    for (n, path) in paths.iter().enumerate() {
        if let Some(&first) = first_at.get(path.as_str()) {
            let (a, b) = (
                describe_job(site, &jobs[first]),
                describe_job(site, &jobs[n]),
            );
            problems.push(Diagnostic::error(
                None,
                None,
                format!("{a} and {b} are both generated at {path}: one would replace the other"),
            ));
        } else {
            first_at.insert(path, n);
        }
    }
    problems
}

/// A page as an error names it: an article by its file, another page by
/// its template and path.
fn describe_job(site: &crate::site::Site, job: &Job) -> String {
    match job {
        Job::Article(ArticlePage(i)) => format!("the article {}", site.articles[*i].report_file()),
        other => format!(
            "the page {} ({})",
            other.kind().describe(site),
            other.kind().template()
        ),
    }
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

fn progress(options: &BuildOptions, stage: &str, done: u64, total: u64) {
    if let Some(callback) = options.progress {
        callback(stage, done, total);
    }
}

/// Ends a run that could not build anything: `fatal` says what failed.
fn fail(options: &BuildOptions, mut outcome: Outcome, fatal: String, started: Instant) -> Outcome {
    outcome.fatal = Some(fatal);
    finish(options, outcome, started)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Article;
    use crate::settings::Settings;

    #[test]
    fn two_pages_at_one_path_are_an_error_naming_both() {
        let article = Article {
            id: "2025/search.md".into(),
            path: "content/2025/search.md".into(),
            title: "بحث".into(),
            ..Article::default()
        };
        let (site, _) = crate::resolve::resolve(vec![article], Settings::default());
        let all = crate::render::kinds::jobs(&site);
        let not_found = all
            .iter()
            .find(|job| job.kind().template() == "404.html")
            .cloned();
        let jobs = [Job::Article(ArticlePage(0)), not_found.expect("a 404 page")];
        let paths = [
            "search/index.html".to_string(),
            "search/index.html".to_string(),
        ];
        let problems = shared_paths(&site, &jobs, &paths);
        assert_eq!(problems.len(), 1);
        let message = &problems[0].message;
        assert!(message.contains("content/2025/search.md"), "{message}");
        assert!(message.contains("404.html"), "{message}");
        assert!(message.contains("search/index.html"), "{message}");
        let distinct = ["a/index.html".to_string(), "b/index.html".to_string()];
        assert!(shared_paths(&site, &jobs, &distinct).is_empty());
    }
}
