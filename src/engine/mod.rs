//! The engine `serve` drives: the last good state of every stage — each
//! article file's last good parse and fingerprint, templates, static files,
//! pictures — and what is derived from it (the `Site`, related stories as
//! [`Kept`], page signatures), with the pages as output. Three operations:
//! [`Engine::new`] loads everything through the stages `build` runs
//! ([`crate::pipeline`]); [`Engine::apply`] takes a batch of changed paths
//! and returns what changed; the pages go to a [`Sink`] ([`Files`] in memory).
//!
//! A body edit re-parses one file, finds again the related lists it can
//! move (not the archive's) and re-renders only the pages whose signature
//! changed (its page, the listings and feed showing it); a title or date
//! edit re-resolves links (linear) and re-renders what that moved; a
//! template edit re-renders the pages using it; a static edit copies one
//! file. Unchanged output is never replaced.

pub(crate) mod emit;
pub(crate) mod sink;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::{self, Article};
use crate::images::store::Store;
pub(crate) use crate::images::{Lazy, MEDIA_DIR};
use crate::load::{self, LoadedFile};
use crate::pipeline::{self, Include, Request, Timings};
use crate::related::Kept;
use crate::render::signature::signatures;
use crate::render::templates::{build_tera, Templates};
use crate::render::{jobs, next_change, Job, Page};
use crate::report::{Diagnostic, Report};
use crate::settings::Settings;
use crate::site::{Authors, Site};
pub use sink::Files;

/// Out-of-date pages above this many are rendered open ones first.
const DEFER_FROM: usize = 64;
use emit::{emit, Emission};
pub(crate) use sink::Sink;
use sink::{replace, Collect};

/// The site folder as the watcher reports paths under it.
pub(crate) use crate::load::absolute_root;

/// What one rebuild did, for the terminal and the browsers.
#[derive(Debug, Default)]
pub struct Update {
    /// Output paths whose bytes changed (added or replaced).
    pub changed: Vec<String>,
    /// Output paths that went away.
    pub removed: Vec<String>,
    /// Pages rendered (some may have come out unchanged).
    pub rendered: usize,
    /// `site.toml` changed: the caller starts over with a fresh engine.
    pub restart: bool,
    /// Output paths whose pages are out of date and not yet rendered
    /// ([`Engine::render_pending`] renders them): a change to many pages
    /// renders the ones browsers have open first.
    pub pending: Vec<String>,
}

impl Update {
    /// Only stylesheets changed: pages can swap them without a reload.
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty()
            && self.removed.is_empty()
            && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

pub(crate) struct Engine {
    root: PathBuf,
    content_dir: PathBuf,
    settings: Settings,
    drafts: bool,
    /// Last good parse of every article file, by id.
    articles: BTreeMap<String, Arc<Article>>,
    /// Fingerprint of every article file, by id.
    fingerprints: HashMap<String, u64>,
    /// Content assets by output path.
    assets: BTreeMap<String, PathBuf>,
    /// Current problems, by the file they are about.
    problems: BTreeMap<PathBuf, Diagnostic>,
    /// Warnings of each file's last load and parse (unknown front matter
    /// keys, sanitised HTML, a legacy encoding …), by file.
    file_warnings: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Warnings of the last full resolve (unresolved read-also …).
    resolve_warnings: Vec<Diagnostic>,
    /// What the last resolve keeps for the next (title keys, names,
    /// fuzzy read-also matches).
    resolve_memo: crate::resolve::Memo,
    /// Warnings about static files.
    static_warnings: Vec<Diagnostic>,
    /// Of the site's own shortcodes, at the last render.
    shortcode_warnings: Vec<Diagnostic>,
    templates: Vec<(String, String)>,
    tera: Templates,
    site: Site,
    /// Article index by id in `site`.
    index: HashMap<String, usize>,
    /// Every page of `site` with its output path; rebuilt after a resolve.
    jobs: Vec<(Job, String)>,
    /// `fingerprints` in `site` order.
    site_fingerprints: Vec<u64>,
    /// Signature of every page by output path, after a resolve (the
    /// pages may have moved)...
    signatures: HashMap<String, u64>,
    /// ...and of each of `jobs`, while they stay the same.
    job_signatures: Vec<u64>,
    /// The related-stories pass, kept to update it edit by edit.
    related: Option<Kept>,
    /// Jobs out of date and not yet rendered (by index into `jobs`), and
    /// the signatures they will have.
    pending: Vec<(usize, u64)>,
    /// The output, as served.
    pub files: Files,
    /// Pictures, encoded when a browser first asks for them.
    pub pictures: Arc<Lazy>,
    /// `default_image`, planned.
    default_picture: Option<crate::content::Picture>,
    /// The writers' profiles, their photos planned.
    authors: Arc<Authors>,
    /// Each article's addresses: `urls.lock`'s, and those this session saw.
    remembered: crate::load::urls::Remembered,
    /// The site's own pages (`pages/`), placed again at each resolve.
    pages: Vec<crate::content::page::SitePage>,
    /// Files named as articles' pictures (canonical): served only as their
    /// resized copies, never as they are (see [`Engine::withhold_pictures`]).
    withheld: HashSet<PathBuf>,
    /// The raw lines found in many files of a folder at start: an edited
    /// file is read with them left out, as `build` reads it.
    recurring: crate::content::debris::Recurring,
}

impl Engine {
    /// Loads, parses, resolves and renders everything.
    /// Loads, parses, resolves and renders everything, with the stages
    /// `build` uses ([`crate::pipeline`]).
    pub(crate) fn new(
        root: &Path,
        mut settings: Settings,
        drafts: bool,
    ) -> Result<Engine, Vec<Diagnostic>> {
        let mut report = Report::default();
        settings.data = pipeline::read_site_data(root, &mut report);
        let profiles = pipeline::author_profiles(root, &settings.data, &mut report);
        let pages = pipeline::load_pages(root, &mut report);
        let remembered = pipeline::read_remembered(root, &mut report);
        let request = Request {
            drafts,
            ..Request::default()
        };
        let mut timings = Timings::default();
        let mut loaded = pipeline::load_content(
            root,
            settings.zone,
            &settings.toml,
            &mut report,
            &request,
            &mut timings,
        )
        .map_err(|_| std::mem::take(&mut report.diagnostics))?;
        // Cached beside the default output, so `build` and `serve` share it.
        let output = root.join("public");
        let pictures = Arc::new(Lazy::new(
            Store::beside(&output),
            &settings.toml.image_widths,
            settings.toml.image_quality,
        ));
        let mut processed = pipeline::process_pictures(
            root,
            &settings.toml,
            &mut loaded,
            &profiles,
            Some(&output),
            Some(&pictures.refused),
        );
        report.extend(std::mem::take(&mut processed.diagnostics));
        pictures.add(&processed.lazy_media);
        // Every file is served, linked or not: a link being written works
        // at once. The note says what a build leaves out.
        let assets: BTreeMap<String, PathBuf> = loaded
            .assets
            .iter()
            .map(|a| (a.rel.clone(), a.path.clone()))
            .collect();
        report.extend(pipeline::publish_linked_files(&settings.toml, &mut loaded));
        let mut problems = BTreeMap::new();
        let mut file_warnings = BTreeMap::new();
        for d in report.diagnostics {
            record(&mut problems, &mut file_warnings, d);
        }
        let templates = loaded.templates;
        let tera = build_tera(&templates, false, &settings).map_err(|d| vec![d])?;
        let parsed = loaded.articles;
        let mut engine = Engine {
            root: root.to_path_buf(),
            content_dir: root.join("content"),
            site: pipeline::resolve_site(
                Vec::<Arc<Article>>::new(),
                settings.clone(),
                Include::default(),
                &mut Report::default(),
            )
            .0,
            settings,
            drafts,
            fingerprints: parsed
                .iter()
                .map(|a| (a.id.clone(), a.fingerprint()))
                .collect(),
            articles: parsed
                .into_iter()
                .map(|a| (a.id.clone(), Arc::new(a)))
                .collect(),
            assets,
            problems,
            file_warnings,
            resolve_warnings: Vec::new(),
            resolve_memo: Default::default(),
            static_warnings: Vec::new(),
            shortcode_warnings: Vec::new(),
            templates,
            tera,
            index: HashMap::new(),
            jobs: Vec::new(),
            site_fingerprints: Vec::new(),
            signatures: HashMap::new(),
            job_signatures: Vec::new(),
            related: None,
            pending: Vec::new(),
            files: Files::new(),
            pictures,
            withheld: withheld_of(&processed),
            pages,
            remembered,
            authors: Arc::new(Authors::new(
                profiles,
                std::mem::take(&mut processed.photos),
            )),
            default_picture: processed.default_picture,
            recurring: loaded.recurring,
        };
        engine.resolve_all();
        engine.render(&HashSet::new(), true, &HashSet::new());
        if let Some(problem) = engine.problems.get(&root.join("templates")) {
            return Err(vec![problem.clone()]);
        }
        engine.copy_all_static();
        engine.withhold_pictures(&mut Update::default());
        Ok(engine)
    }

    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// Every current warning: of files as they were last parsed, of the last
    /// resolve, of static files; in a stable order, each once.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        let mut report = crate::report::Report::default();
        report.extend(self.file_warnings.values().flatten().cloned());
        report.extend(self.resolve_warnings.iter().cloned());
        report.extend(self.static_warnings.iter().cloned());
        report.extend(self.shortcode_warnings.iter().cloned());
        report.merge_repeats();
        report.sort();
        report.diagnostics
    }

    /// The current problems: files that do not parse, templates that fail.
    pub(crate) fn problems(&self) -> Vec<&Diagnostic> {
        self.problems.values().collect()
    }

    fn resolve_all(&mut self) {
        let articles: Vec<Arc<Article>> = self.articles.values().cloned().collect();
        let mut report = Report::default();
        // Scheduled stories are previewed, marked (see `Settings::mark_scheduled_after`).
        let include = Include {
            drafts: self.drafts,
            future: true,
        };
        let mut timings = Timings::default();
        timings.start();
        let (mut site, _) = pipeline::resolve_site_timed(
            articles,
            self.settings.clone(),
            include,
            &mut report,
            &mut timings,
            Some(&mut self.resolve_memo),
        );
        pipeline::audit(&mut site, &mut report, &mut timings);
        site.default_picture = self.default_picture.clone();
        site.authors = Arc::clone(&self.authors);
        let (pages, notes) = crate::resolve::place_pages(&site, self.pages.clone());
        site.pages = pages;
        report.extend(notes);
        // Old addresses lead on: those of `urls.lock`, and those articles
        // had in this session before an edit moved them (kept in memory:
        // only `build` writes the file).
        report.extend(pipeline::place_old_addresses(&mut site, &self.remembered));
        for (id, path) in pipeline::addresses(&site) {
            self.remembered.add(id, path);
        }
        self.resolve_warnings = report.diagnostics;
        self.index = site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let old_fingerprints = std::mem::take(&mut self.site_fingerprints);
        self.site_fingerprints = site
            .articles
            .iter()
            // An article made in resolve (published from pasted text) has
            // no file of its own: its fingerprint is made here.
            .map(|a| {
                self.fingerprints
                    .get(&a.id)
                    .copied()
                    .unwrap_or_else(|| a.fingerprint())
            })
            .collect();
        self.find_related(&mut site, old_fingerprints);
        timings.lap("related");
        if std::env::var_os("SAHIFA_TRACE").is_some() {
            eprintln!("trace: {:?}", timings.stages);
        }
        // The pages may have moved: their signatures are matched by path
        // (those of the last pages rendered; after a failed render, of the
        // ones before).
        let old_jobs = std::mem::take(&mut self.jobs);
        if self.job_signatures.len() == old_jobs.len() {
            let signed = std::mem::take(&mut self.job_signatures);
            self.signatures = old_jobs.into_iter().map(|(_, p)| p).zip(signed).collect();
        }
        self.job_signatures.clear();
        // Pending pages kept their old signatures: planned again below.
        self.pending.clear();
        self.jobs = jobs(&site)
            .into_iter()
            .map(|job| {
                let path = job.path(&site);
                (job, path)
            })
            .collect();
        self.site = site;
    }

    /// The related lists of a site just resolved. The same articles in the
    /// same order as before (a title or link edit) update the kept pass
    /// for the texts and links that changed; anything else is a full pass
    /// (reusing the counts of unchanged texts).
    fn find_related(&mut self, site: &mut Site, old_fingerprints: Vec<u64>) {
        let old = &self.site;
        let same_articles = site.len() == old.len()
            && site
                .articles
                .iter()
                .zip(&old.articles)
                .all(|(a, b)| a.id == b.id && a.date == b.date);
        if let Some(kept) = self.related.as_mut().filter(|_| same_articles) {
            let edited: Vec<usize> = (0..site.len())
                .filter(|&i| old_fingerprints.get(i) != Some(&self.site_fingerprints[i]))
                .collect();
            let relinked: Vec<usize> = (0..site.len())
                .filter(|&i| {
                    site.read_also[i] != old.read_also[i] || site.backlinks[i] != old.backlinks[i]
                })
                .collect();
            let mut lists = old.related.clone();
            kept.update(
                site,
                &edited,
                &relinked,
                &self.site_fingerprints,
                &mut lists,
            );
            site.related = lists;
            return;
        }
        let wanted = pipeline::related_wanted(&site.settings);
        let previous = self.related.take();
        let (related, kept) = Kept::new(site, wanted, &self.site_fingerprints, previous);
        site.related = related;
        self.related = kept;
    }

    /// When the next story marked as scheduled comes due (its page then
    /// loses the mark) or a page changes with the clock (the breaking
    /// strip, `latest/`): the loop rebuilds at that moment even if no file
    /// changes.
    pub(crate) fn next_due(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let scheduled = self.site.settings.mark_scheduled_after.and_then(|now| {
            let due = self.site.articles.iter().map(|a| a.date);
            due.filter(|d| *d > now).min()
        });
        scheduled.into_iter().chain(next_change(&self.site)).min()
    }

    /// Applies a batch of changed paths (anything under the site root) at
    /// `now` (the preview's clock); an empty batch (the clock's wake)
    /// brings the scheduled marks and the front page's strip up to now.
    /// Pages whose output paths are in `open` (the pages browsers show)
    /// are rendered first when a change touches many: the others are left
    /// in [`Update::pending`].
    pub(crate) fn apply(
        &mut self,
        paths: &BTreeSet<PathBuf>,
        open: &HashSet<String>,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Update {
        let mut update = Update::default();
        if self.site.settings.mark_scheduled_after.is_some() {
            self.settings.mark_scheduled_after = Some(now);
            self.site.settings.mark_scheduled_after = Some(now);
        }
        // A preview clock other than the system's runs on.
        if self.settings.clock.is_some() {
            self.settings.clock = Some(now);
            self.site.settings.clock = Some(now);
        }
        let mut content = Vec::new();
        let mut templates_changed = false;
        let mut statics = Vec::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
            match first {
                Some("site.toml" | "strings.toml") if rel.components().count() == 1 => {
                    update.restart = true
                }
                // Data files may show on any page, and the site's own
                // pages in every footer: read again, with the rest.
                Some(crate::load::data::DATA_DIR | crate::content::page::PAGES_DIR) => {
                    update.restart = true
                }
                Some("content") => content.push(path.clone()),
                Some("templates") => templates_changed = true,
                Some("static") => statics.push(path.clone()),
                _ => {}
            }
        }
        if update.restart {
            return update;
        }
        let mut dirty_templates = HashSet::new();
        if templates_changed {
            dirty_templates = self.reload_templates();
        }
        let t0 = std::time::Instant::now();
        // Files served as they are may have to be withheld again: when a
        // file other than an article came or a picture became an article's.
        let withheld_before = self.withheld.len();
        let files_touched = !statics.is_empty()
            || content
                .iter()
                .any(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")));
        let mut changed_ids = self.reload_content(&content, &mut update);
        // A picture of static/ (or found unusable by `serve`'s background
        // pass) is planned again in every article that shows it.
        let is_picture = crate::images::codec::is_picture_path;
        if paths
            .iter()
            .any(|p| !p.starts_with(&self.content_dir) && is_picture(p))
        {
            changed_ids.extend(self.refresh_pictures());
            changed_ids.sort();
            changed_ids.dedup();
        }
        let t1 = t0.elapsed();
        // A wake with no file changed is the clock's: the front page's
        // strip is resolved again.
        let fast = !paths.is_empty() && self.patch_in_place(&changed_ids);
        if !fast {
            self.resolve_all();
        }
        let t2 = t0.elapsed();
        let t3 = t0.elapsed();
        let render_update = self.render(&dirty_templates, false, open);
        if std::env::var_os("SAHIFA_TRACE").is_some() {
            eprintln!(
                "trace: load+parse {t1:?} resolve {:?} jobs {:?} render {:?}",
                t2 - t1,
                t3 - t2,
                t0.elapsed() - t3
            );
        }
        update.changed.extend(render_update.changed);
        update.removed.extend(render_update.removed);
        update.rendered = render_update.rendered;
        update.pending = render_update.pending;
        for path in statics {
            self.reload_static(&path, &mut update);
        }
        if files_touched || self.withheld.len() != withheld_before {
            self.withhold_pictures(&mut update);
        }
        update
    }

    /// Takes every article picture's file out of the served files: a
    /// browser gets its resized copies only, as from a build.
    fn withhold_pictures(&mut self, update: &mut Update) {
        if self.withheld.is_empty() {
            return;
        }
        let is_picture = crate::images::codec::is_picture_path;
        let mut rels: Vec<String> = self
            .assets
            .iter()
            .filter(|(_, path)| is_picture(path))
            .filter(|(_, path)| {
                path.canonicalize()
                    .is_ok_and(|p| self.withheld.contains(&p))
            })
            .map(|(rel, _)| rel.clone())
            .collect();
        if let Ok(static_dir) = self.root.join("static").canonicalize() {
            let under_static = self
                .withheld
                .iter()
                .filter_map(|p| p.strip_prefix(&static_dir).ok());
            rels.extend(
                under_static
                    .filter_map(|rel| rel.to_str())
                    .map(|r| r.replace('\\', "/")),
            );
        }
        for rel in rels {
            if self.files.remove(&rel).is_some() {
                update.removed.push(rel);
            }
        }
    }

    /// Re-reads the site's templates; returns the names whose pages must be
    /// re-rendered (empty when the new templates do not compile).
    fn reload_templates(&mut self) -> HashSet<String> {
        let dir = self.root.join("templates");
        let key = dir.clone();
        let templates = match load::read_templates(&dir) {
            Ok(t) => t,
            Err(d) => {
                self.problems.insert(key, d);
                return HashSet::new();
            }
        };
        match build_tera(&templates, false, &self.settings) {
            Ok(tera) => {
                self.problems.remove(&key);
                let old: HashMap<&String, &String> =
                    self.templates.iter().map(|(n, s)| (n, s)).collect();
                let new: HashMap<&String, &String> =
                    templates.iter().map(|(n, s)| (n, s)).collect();
                let mut changed: HashSet<String> = new
                    .iter()
                    .filter(|(name, source)| old.get(*name) != Some(*source))
                    .map(|(name, _)| name.to_string())
                    .collect();
                changed.extend(
                    old.keys()
                        .filter(|n| !new.contains_key(*n))
                        .map(|n| n.to_string()),
                );
                self.templates = templates;
                self.tera = tera;
                changed
            }
            Err(d) => {
                self.problems.insert(key, d);
                HashSet::new()
            }
        }
    }

    /// Re-loads and re-parses changed content files. A file that no longer
    /// parses keeps its last good article and becomes a problem. Returns the
    /// ids that changed (added, edited or removed).
    fn reload_content(&mut self, paths: &[PathBuf], update: &mut Update) -> Vec<String> {
        let offset = self.settings.zone;
        let furniture = pipeline::furniture_keys(&self.settings.toml.furniture);
        let fields = pipeline::raw_field_keys(&self.settings.toml);
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                files.extend(
                    walkdir::WalkDir::new(path)
                        .follow_links(true)
                        .into_iter()
                        .flatten()
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path()),
                );
            } else {
                files.push(path.clone());
            }
        }
        let mut changed = Vec::new();
        let mut pictures_changed = false;
        let mut files_changed = false;
        for path in files {
            pictures_changed |= crate::images::codec::is_picture_path(&path);
            let id = path
                .strip_prefix(&self.content_dir)
                .ok()
                .and_then(|p| p.to_str())
                .map(|p| p.replace('\\', "/"))
                .unwrap_or_default();
            match load::load_one(&path, &self.content_dir) {
                LoadedFile::Article(source, note) => {
                    self.problems.remove(&path);
                    self.file_warnings.remove(&path);
                    let raw = content::RawOptions {
                        furniture: &furniture,
                        recurring: Some(&self.recurring),
                        keep_debris: self.settings.toml.keep_debris,
                        fields: &fields,
                    };
                    let (article, notes) = content::parse_with(&source, offset, raw);
                    for d in note.into_iter().chain(notes) {
                        record(&mut self.problems, &mut self.file_warnings, d);
                    }
                    // One that no longer parses keeps its last good article.
                    if let Some(mut article) = article {
                        for d in self.attach_pictures(std::slice::from_mut(&mut article)) {
                            record(&mut self.problems, &mut self.file_warnings, d);
                        }
                        self.link_files(std::slice::from_mut(&mut article));
                        let fingerprint = article.fingerprint();
                        let same = self.fingerprints.get(&id) == Some(&fingerprint);
                        self.fingerprints.insert(id.clone(), fingerprint);
                        self.articles.insert(id.clone(), Arc::new(article));
                        if !same {
                            changed.push(id);
                        }
                    }
                }
                LoadedFile::Asset(asset) => {
                    if let Ok(bytes) = std::fs::read(&asset.path) {
                        self.put(asset.rel.clone(), bytes, update);
                    }
                    pictures_changed |= crate::images::codec::is_picture_path(&asset.path);
                    files_changed |= !self.assets.contains_key(&asset.rel);
                    self.assets.insert(asset.rel, asset.path);
                }
                LoadedFile::Nothing(note) => {
                    // Problems of the file, or of everything under a removed folder.
                    self.problems.retain(|p, _| !p.starts_with(&path));
                    self.file_warnings.retain(|p, _| !p.starts_with(&path));
                    if let Some(note) = note {
                        self.problems.insert(path.clone(), note);
                    }
                    // Gone: the file itself, or everything under a removed folder.
                    for k in keys_under(&self.articles, &id) {
                        self.articles.remove(&k);
                        self.fingerprints.remove(&k);
                        changed.push(k);
                    }
                    for rel in keys_under(&self.assets, &id) {
                        files_changed = true;
                        self.assets.remove(&rel);
                        if self.files.remove(&rel).is_some() {
                            update.removed.push(rel);
                        }
                    }
                }
            }
        }
        if pictures_changed {
            changed.extend(self.refresh_pictures());
        }
        if files_changed {
            changed.extend(self.relink_files());
        }
        changed.sort();
        changed.dedup();
        changed
    }

    /// Matches the links of `articles` to the files under `content/`.
    fn link_files(&self, articles: &mut [Article]) {
        let base_path = crate::settings::base_path_of(&self.settings.toml.base_url);
        let is_file = |rel: &str| self.assets.contains_key(rel);
        content::files::link_files(articles, is_file, &base_path);
    }

    /// A file under `content/` came or went: matches the links of every
    /// article that has some again. Returns the ids whose links changed.
    fn relink_files(&mut self) -> Vec<String> {
        let mut linking: Vec<Article> = self
            .articles
            .values()
            .filter(|a| !a.body_links.is_empty())
            .map(|a| Article::clone(a))
            .collect();
        self.link_files(&mut linking);
        let mut changed = Vec::new();
        for article in linking {
            if self.articles.get(&article.id).map(|a| &a.body_files) != Some(&article.body_files) {
                self.fingerprints
                    .insert(article.id.clone(), article.fingerprint());
                changed.push(article.id.clone());
                self.articles.insert(article.id.clone(), Arc::new(article));
            }
        }
        changed
    }

    /// Finds, checks and plans the pictures of `articles` (encoding is left
    /// to [`Lazy`]); returns the warnings.
    fn attach_pictures(&mut self, articles: &mut [Article]) -> Vec<Diagnostic> {
        if articles.iter().all(|a| !a.names_pictures()) {
            return Vec::new();
        }
        let static_dir = Some(self.root.join("static")).filter(|d| d.is_dir());
        let store = Store::beside(&self.root.join("public"));
        let setup = crate::images::Setup {
            content_dir: &self.content_dir,
            static_dir: static_dir.as_deref(),
            encoding: crate::images::Encoding {
                widths: &self.settings.toml.image_widths,
                quality: self.settings.toml.image_quality,
                store: Some(&store),
                lazy: Some(&self.pictures.refused),
            },
        };
        let processed = crate::images::process(articles, "", &Default::default(), &setup);
        self.pictures.add(&processed.lazy_media);
        self.withheld.extend(withheld_of(&processed));
        processed.diagnostics
    }

    /// A picture file was added, edited or removed: plans every article's
    /// pictures again. Returns the ids whose pictures changed.
    fn refresh_pictures(&mut self) -> Vec<String> {
        let mut with_pictures: Vec<Article> = self
            .articles
            .values()
            .filter(|a| a.names_pictures())
            .map(|a| Article::clone(a))
            .collect();
        let notes = self.attach_pictures(&mut with_pictures);
        for article in &with_pictures {
            if let Some(warnings) = self.file_warnings.get_mut(&article.path) {
                warnings.retain(|d| !d.message.starts_with("picture «"));
            }
        }
        for d in notes {
            record(&mut self.problems, &mut self.file_warnings, d);
        }
        let mut changed = Vec::new();
        for article in with_pictures {
            let fingerprint = article.fingerprint();
            if self.fingerprints.get(&article.id) != Some(&fingerprint) {
                self.fingerprints.insert(article.id.clone(), fingerprint);
                changed.push(article.id.clone());
                self.articles.insert(article.id.clone(), Arc::new(article));
            }
        }
        changed
    }

    /// When every changed article keeps its identity (title, date, slug,
    /// draft, read-also), links and URLs cannot move: swap the new parse into
    /// the site in place instead of resolving again.
    fn patch_in_place(&mut self, ids: &[String]) -> bool {
        let mut patches = Vec::new();
        for id in ids {
            let (Some(&i), Some(new)) = (self.index.get(id), self.articles.get(id)) else {
                return false;
            };
            let old = &self.site.articles[i];
            if old.identity() != new.identity() || (!self.drafts && new.draft) {
                return false;
            }
            patches.push((i, Arc::clone(new)));
        }
        let mut edited = Vec::with_capacity(patches.len());
        for (i, article) in patches {
            self.site_fingerprints[i] = self
                .fingerprints
                .get(&article.id)
                .copied()
                .unwrap_or_default();
            self.site.replace_article(i, article);
            edited.push(i);
        }
        if let Some(kept) = &mut self.related {
            let mut lists = std::mem::take(&mut self.site.related);
            kept.update(
                &self.site,
                &edited,
                &[],
                &self.site_fingerprints,
                &mut lists,
            );
            self.site.related = lists;
        }
        true
    }

    /// Renders the jobs whose signature changed or whose template is dirty
    /// (all of them with `everything`), and updates the output. When many
    /// pages are out of date and browsers show some, those are rendered
    /// and the others left pending ([`Engine::render_pending`]).
    fn render(
        &mut self,
        dirty_templates: &HashSet<String>,
        everything: bool,
        open: &HashSet<String>,
    ) -> Update {
        let mut update = Update::default();
        // Whatever was pending is out of date below (its signature is still
        // the old page's): planned again with the rest.
        self.pending.clear();
        // The site's own shortcodes, rendered before the pages showing them;
        // an edited shortcode template may change any body.
        let (embeds, notes) =
            crate::render::shortcodes::render_user_embeds(&self.site.articles, &self.tera);
        self.site.user_embeds = Arc::new(embeds);
        self.shortcode_warnings = notes;
        let everything = everything || dirty_templates.iter().any(|t| t.starts_with("shortcodes/"));
        let t0 = std::time::Instant::now();
        let all: Vec<Job> = self.jobs.iter().map(|(job, _)| job.clone()).collect();
        let sigs = signatures(&self.site, &all, &self.site_fingerprints);
        let t_sig = t0.elapsed();
        // Read from the templates: what extends, includes or imports what.
        let affected = crate::render::templates::affected_by(
            &crate::render::templates::sources(&self.templates),
            dirty_templates,
        );
        // The same pages as last time: compared one by one, no path looked up.
        let same_jobs = self.job_signatures.len() == sigs.len();
        let before: Vec<Option<u64>> = if same_jobs {
            self.job_signatures.iter().copied().map(Some).collect()
        } else {
            let old = &self.signatures;
            self.jobs.iter().map(|(_, p)| old.get(p).copied()).collect()
        };
        let mut todo: Vec<usize> = (0..self.jobs.len())
            .filter(|&k| {
                everything
                    || self.jobs[k].0.uses_any(&self.site, &affected)
                    || before[k] != Some(sigs[k])
            })
            .collect();
        if !everything && !open.is_empty() && todo.len() > DEFER_FROM {
            // A page not made before is never held back.
            let (now, later): (Vec<usize>, Vec<usize>) = todo
                .into_iter()
                .partition(|&k| open.contains(&self.jobs[k].1) || before[k].is_none());
            todo = now;
            update.pending = later.iter().map(|&k| self.jobs[k].1.clone()).collect();
            self.pending = later.into_iter().map(|k| (k, sigs[k])).collect();
        }
        let jobs: Vec<Job> = todo.iter().map(|&k| self.jobs[k].0.clone()).collect();
        let t_plan = t0.elapsed();
        let (pages, errors) = self.emit(&jobs);
        update.rendered = pages.len();
        if std::env::var_os("SAHIFA_TRACE").is_some() {
            eprintln!(
                "trace: signatures {t_sig:?} plan {:?} render {:?} ({} pages, {} pending)",
                t_plan - t_sig,
                t0.elapsed() - t_plan,
                jobs.len(),
                self.pending.len()
            );
        }
        if !self.file_render_errors(&errors) {
            self.pending.clear();
            update.pending.clear();
            return update;
        }
        for page in pages {
            self.put(page.path, page.content, &mut update);
        }
        if !same_jobs {
            // Pages a resolve did away with.
            let now: HashSet<&str> = self.jobs.iter().map(|(_, p)| p.as_str()).collect();
            for path in self.signatures.keys().filter(|p| !now.contains(p.as_str())) {
                if self.files.remove(path).is_some() {
                    update.removed.push(path.clone());
                }
            }
            self.signatures.clear();
        }
        // A pending page keeps its old signature until it is rendered.
        self.job_signatures = sigs;
        for &(k, _) in &self.pending {
            self.job_signatures[k] = before[k].unwrap_or_default();
        }
        update
    }

    /// Renders the pages [`Engine::apply`] left pending.
    pub(crate) fn render_pending(&mut self) -> Update {
        let mut update = Update::default();
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            return update;
        }
        let jobs: Vec<Job> = pending
            .iter()
            .map(|&(k, _)| self.jobs[k].0.clone())
            .collect();
        let (pages, errors) = self.emit(&jobs);
        update.rendered = pages.len();
        if !self.file_render_errors(&errors) {
            return update;
        }
        for page in pages {
            self.put(page.path, page.content, &mut update);
        }
        for (k, sig) in pending {
            self.job_signatures[k] = sig;
        }
        update
    }

    /// Renders `jobs` into memory: the pages that rendered, in path order,
    /// and why the others did not.
    fn emit(&self, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
        let emission = Emission {
            site: &self.site,
            templates: &self.tera,
            jobs,
            reuse: None,
            progress: None,
        };
        let collect = Collect::default();
        // Collecting in memory cannot fail.
        let emitted = emit(&emission, &collect).unwrap_or_default();
        (collect.into_pages(), emitted.failures)
    }

    /// Files the first render error as the current problem (or clears it);
    /// true when there was none.
    fn file_render_errors(&mut self, errors: &[Diagnostic]) -> bool {
        // Render errors are filed apart from template syntax errors, which
        // `reload_templates` files under the templates folder itself.
        let render_key = self.root.join("templates").join("(rendering)");
        let Some(first) = errors.first() else {
            self.problems.remove(&render_key);
            return true;
        };
        // Keep the last good pages; the overlay shows the first error.
        let mut first = first.clone();
        crate::render::templates::locate_in_site(&self.root, &mut first);
        self.problems.insert(render_key, first);
        false
    }

    /// Replaces one output file if its bytes changed.
    fn put(&mut self, path: String, bytes: Vec<u8>, update: &mut Update) {
        if replace(&mut self.files, path.clone(), bytes) {
            update.changed.push(path);
        }
    }

    fn copy_all_static(&mut self) {
        let static_dir = Some(self.root.join("static")).filter(|d| d.is_dir());
        let assets: Vec<load::Asset> = self
            .assets
            .iter()
            .map(|(rel, path)| load::Asset {
                rel: rel.clone(),
                path: path.clone(),
            })
            .collect();
        // Plain names and readable stylesheets: a stylesheet edit swaps in place.
        let mut report = Report::default();
        let (files, _) = pipeline::gather_statics(
            static_dir.as_deref(),
            &assets,
            self.theme_files(),
            false,
            false,
            &mut report,
        );
        self.static_warnings = report.diagnostics;
        let collect = Collect::default();
        for file in &files {
            if let Err(e) = collect.statics(std::slice::from_ref(file)) {
                let warning = Diagnostic::warning(file.source_path(), None, e.to_string());
                self.static_warnings.push(warning);
            }
        }
        let mut update = Update::default();
        for page in collect.into_pages() {
            self.put(page.path, page.content, &mut update);
        }
    }

    /// Which of the theme's optional static files the site's pages use.
    fn theme_files(&self) -> pipeline::ThemeFiles {
        pipeline::ThemeFiles::of(&self.settings.toml)
    }

    /// Copies one changed file of `static/`, or falls back to the theme's
    /// (when the site's pages use it, as a build would).
    fn reload_static(&mut self, path: &Path, update: &mut Update) {
        let static_dir = self.root.join("static");
        if path.is_dir() {
            let before = self.files.clone();
            self.copy_all_static();
            for (rel, bytes) in &self.files {
                if before.get(rel) != Some(bytes) {
                    update.changed.push(rel.clone());
                }
            }
            return;
        }
        let Ok(rel) = path.strip_prefix(&static_dir) else {
            return;
        };
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            return;
        };
        if rel.split('/').any(|s| s.starts_with('.')) {
            return;
        }
        match std::fs::read(path) {
            Ok(bytes) => self.put(rel, bytes, update),
            Err(_) => {
                let theme = self.theme_files();
                let default = crate::theme::DEFAULT_STATIC
                    .iter()
                    .find(|(name, _)| *name == rel && theme.wants(name));
                match default {
                    Some((_, bytes)) => self.put(rel, bytes.to_vec(), update),
                    None => {
                        if self.files.remove(&rel).is_some() {
                            update.removed.push(rel);
                        }
                    }
                }
            }
        }
    }
}

/// The files of `processed` never served as they are.
fn withheld_of(processed: &crate::images::Processed) -> HashSet<PathBuf> {
    let named = processed.sources.iter().chain(&processed.unusable);
    named.filter(|p| processed.withholds(p)).cloned().collect()
}

/// The keys that are `id` itself or lie under the folder `id`.
fn keys_under<V>(map: &BTreeMap<String, V>, id: &str) -> Vec<String> {
    let prefix = format!("{id}/");
    map.keys()
        .filter(|k| *k == id || k.starts_with(&prefix))
        .cloned()
        .collect()
}

/// Errors become problems (shown in the browser); warnings are kept aside,
/// by the file they are about.
fn record(
    problems: &mut BTreeMap<PathBuf, Diagnostic>,
    warnings: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
    d: Diagnostic,
) {
    let file = d.file.clone().unwrap_or_default();
    match d.level {
        crate::report::Level::Error => {
            problems.insert(file, d);
        }
        crate::report::Level::Warning | crate::report::Level::Note => {
            warnings.entry(file).or_default().push(d)
        }
    }
}
