//! The stages `build`, `check` and `serve` share, in order: read the
//! settings, load and parse the content, gather the static files, settle the
//! [`Settings`], resolve the site and compile the templates. [`prepare`]
//! runs them all for a build; `serve` calls the same steps to start and
//! keeps their results to update them file by file.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::{Config, CONFIG_FILE};
use crate::content::body::{Packer, PACK_FROM};
use crate::content::debris::Recurring;
use crate::content::{gather, parse_with, Article, RawOptions};
use crate::dates::Zone;
use crate::load::authors::Profile;
use crate::load::stamp::{fnv1a, FileStamp};
pub(crate) use crate::load::statics::ThemeFiles;
use crate::load::statics::{collect_static, StaticFile, StaticSource};
use crate::load::{read_article_stamped, read_templates, walk_content, ArticleFile, Asset};
use crate::render::templates::{build_tera, Templates};
use crate::report::{Diagnostic, Report};
use crate::resolve::{resolve_remembering, Memo};
use crate::settings::{Overrides, Settings};
use crate::site::{Authors, Link, Site};
use std::sync::Arc;

#[cfg(test)]
mod compiled_theme;
#[cfg(test)]
mod scraped_corpus;

/// What a driver asks for besides the site folder.
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    /// Applied over `site.toml` (`--base-url`, `--now`, serve's address).
    pub overrides: Overrides,
    /// Include articles marked `draft`.
    pub drafts: bool,
    /// Include stories dated after now (`--future`; `serve` shows them marked).
    pub future: bool,
    /// Give stylesheets and scripts names that carry their content's hash
    /// (`build`); `serve` keeps plain names so a stylesheet swaps in place.
    pub fingerprint: bool,
    /// Called with (stage, done, total) as the stages go, for progress bars.
    pub progress: Option<fn(&str, u64, u64)>,
    /// The output folder whose picture cache is read and filled; `None`
    /// checks every picture without writing anything (`check`).
    pub picture_cache: Option<PathBuf>,
    /// Keep every line of raw text (`--keep-debris`, besides site.toml's
    /// `keep_debris`).
    pub keep_debris: bool,
}

/// Wall time spent in each stage, in the order the stages first ran.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    mark: Option<Instant>,
}

impl Timings {
    /// Charges the time since the previous lap (or the start) to `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        stage_end(stage);
        let now = Instant::now();
        let since = self.mark.replace(now).unwrap_or(now);
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += now - since,
            None => self.stages.push((stage, now - since)),
        }
    }

    /// Starts the clock without charging anything.
    pub fn start(&mut self) {
        self.mark = Some(Instant::now());
    }
}

/// Marks the end of a stage for the instruction-count guard
/// (`scripts/cost_guard.py`), which asks callgrind to dump its counters after
/// every call: never inlined, so the symbol stays in the release binary.
#[inline(never)]
pub(crate) fn stage_end(stage: &'static str) {
    std::hint::black_box(stage);
}

/// A site ready to render: what [`prepare`] makes.
pub(crate) struct Prepared {
    pub site: Site,
    /// When the earliest story left out as scheduled is due: a build after
    /// that moment must publish it, whatever the build cache says.
    pub next_due: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub templates: Templates,
    /// The site's own templates (name, source), for the build cache.
    pub template_sources: Vec<(String, String)>,
    pub statics: Vec<StaticFile>,
    /// Each article file's stamp, taken as it was opened.
    pub read_stamps: Vec<(PathBuf, FileStamp)>,
    /// Picture files used, and how many of them were encoded in this run
    /// (the others came from the cache).
    pub pictures: (usize, usize),
    /// The addresses `urls.lock` had before this build (see
    /// [`remember_addresses`]).
    pub remembered: crate::load::urls::Remembered,
}

impl Prepared {
    /// Read-also references (resolved, unresolved).
    pub(crate) fn link_counts(&self) -> (usize, usize) {
        let links = self.site.read_also.iter().flatten();
        links.fold((0, 0), |(resolved, unresolved), link| match link {
            Link::Resolved { .. } => (resolved + 1, unresolved),
            Link::Unresolved { .. } => (resolved, unresolved + 1),
        })
    }
}

/// Runs every stage up to rendering. Diagnostics go into `report`; `Err`
/// says what failed when nothing can be built (its reasons are in `report`).
pub(crate) fn prepare(
    root: &Path,
    request: &Request,
    report: &mut Report,
    timings: &mut Timings,
) -> Result<Prepared, String> {
    let toml = read_config(root, report)?;
    let offset = toml
        .zone()
        .map_err(|message| config_error(root, report, message))?;
    // The command line's own mistake, said before anything is read.
    if let Some(url) = &request.overrides.base_url {
        if let Err(e) = crate::config::check_base_url(url) {
            report.push(Diagnostic::error(None, None, format!("--base-url {e}")));
            return Err("--base-url is not an address the site can have".into());
        }
    }
    timings.lap("config");
    progress(request, "load", 0, 0);
    let mut loaded = load_content(root, offset, &toml, report, request, timings)?;
    if loaded.articles.is_empty() && report.errors() > 0 {
        return Err("no article could be read".into());
    }
    let data = read_site_data(root, report);
    let profiles = author_profiles(root, &data, report);
    progress(request, "pictures", 0, 0);
    let mut pictures = process_pictures(
        root,
        &toml,
        &mut loaded,
        &profiles,
        request.picture_cache.as_deref(),
        None,
    );
    report.extend(std::mem::take(&mut pictures.diagnostics));
    report.extend(publish_linked_files(&toml, &mut loaded));
    timings.lap("pictures");
    let minify = request.overrides.minify.unwrap_or(toml.minify);
    let (mut statics, asset_paths) = gather_statics(
        loaded.static_dir.as_deref(),
        &loaded.assets,
        ThemeFiles::of(&toml),
        minify,
        request.fingerprint,
        report,
    );
    report.extend(withhold_pictures(&mut statics, &pictures));
    let picture_counts = (pictures.sources.len(), pictures.encoded);
    statics.extend(pictures.media);
    timings.lap("static files");
    let overrides = Overrides {
        asset_paths,
        ..request.overrides.clone()
    };
    let mut settings =
        Settings::new(toml, overrides).map_err(|message| config_error(root, report, message))?;
    settings.data = data;
    progress(request, "resolve", 0, loaded.articles.len() as u64);
    let include = Include {
        drafts: request.drafts,
        future: request.future,
    };
    let (mut site, next_due) =
        resolve_site_timed(loaded.articles, settings, include, report, timings, None);
    // The editorial audit, the templates and `urls.lock` need the resolved
    // site, not its related stories: they are made on one core while the
    // related pass, spread over the cores, has the other (and takes it back
    // when they are done). `related` counts them all; `templates` what is
    // left after.
    // Nothing after resolve reads the pasted excerpts: let go before the
    // related pass, the build's peak.
    forget_excerpts(&mut site);
    let wanted = related_wanted(&site.settings);
    let mut side = Report::default();
    let (related, (findings, templates, remembered)) = rayon::join(
        || crate::related::related(&site, wanted),
        || {
            let findings = crate::editorial::audit(&site);
            let templates = templates_of(&loaded.templates, minify, &site);
            (findings, templates, read_remembered(root, &mut side))
        },
    );
    site.related = related;
    report.extend(findings);
    timings.lap("related");
    let (pages, notes) = crate::resolve::place_pages(&site, load_pages(root, report));
    report.extend(notes);
    site.pages = pages;
    report.extend(side.diagnostics);
    report.extend(place_old_addresses(&mut site, &remembered));
    site.default_picture = pictures.default_picture;
    site.authors = Arc::new(Authors::new(profiles, pictures.photos));
    let (templates, embeds, notes) = templates.map_err(|d| {
        report.push(d);
        "a template has an error".to_string()
    })?;
    report.extend(notes);
    site.user_embeds = Arc::new(embeds);
    timings.lap("templates");
    Ok(Prepared {
        site,
        next_due,
        templates,
        template_sources: loaded.templates,
        statics,
        read_stamps: loaded.read_stamps,
        pictures: picture_counts,
        remembered,
    })
}

/// The site's templates, and its own shortcodes rendered once per use.
fn templates_of(
    sources: &[(String, String)],
    minify: bool,
    site: &Site,
) -> Result<
    (
        Templates,
        crate::render::shortcodes::UserEmbeds,
        Vec<Diagnostic>,
    ),
    Diagnostic,
> {
    let templates = build_tera(sources, minify, &site.settings)?;
    let (embeds, notes) = crate::render::shortcodes::render_user_embeds(&site.articles, &templates);
    Ok((templates, embeds, notes))
}

/// The site's `urls.lock`, a line that cannot be read named in a warning.
pub(crate) fn read_remembered(root: &Path, report: &mut Report) -> crate::load::urls::Remembered {
    let (remembered, skipped) = crate::load::urls::read(root);
    let file = crate::load::urls::urls_file(root);
    for line in skipped {
        report.push(Diagnostic::warning(
            Some(&file),
            Some(line),
            "not a file and an address with a tab between them: the line is ignored",
        ));
    }
    remembered
}

/// Sets `site.redirects`, the articles' old addresses, once every other
/// page is placed (none may hide one); a site without any pays one pass
/// over its articles.
pub(crate) fn place_old_addresses(
    site: &mut Site,
    remembered: &crate::load::urls::Remembered,
) -> Vec<Diagnostic> {
    site.redirects.clear();
    if !crate::resolve::has_old_addresses(site, remembered) {
        return Vec::new();
    }
    // Each page with what the editor knows it by: an article by its file.
    let owner = |job: &crate::render::Job| match job {
        crate::render::Job::Article(crate::render::ArticlePage(i)) => {
            let article = &site.articles[*i];
            format!("{} («{}»)", article.report_file(), article.title)
        }
        _ => job.kind().describe(site),
    };
    let pages: rustc_hash::FxHashMap<String, String> = crate::render::jobs(site)
        .iter()
        .map(|job| (job.path(site), owner(job)))
        .collect();
    let (redirects, notes) = crate::resolve::place_redirects(site, remembered, &pages);
    site.redirects = redirects;
    notes
}

/// Each article's file and address now; an article published from pasted
/// text has no file of its own, and is left out.
pub(crate) fn addresses(site: &Site) -> impl Iterator<Item = (&str, &str)> {
    site.articles
        .iter()
        .zip(&site.paths)
        .filter(|(article, _)| !article.pasted)
        .map(|(article, path)| (article.id.as_str(), path.as_str()))
}

/// Adds every article's address now to what `urls.lock` remembered, and
/// writes it when that is new (after a build: `check` and `serve` only
/// read it).
pub(crate) fn remember_addresses(
    root: &Path,
    site: &Site,
    before: &crate::load::urls::Remembered,
) -> Option<Diagnostic> {
    // Most builds move no article: nothing to copy or write.
    if addresses(site).all(|(id, path)| before.of(id).iter().any(|p| p == path)) {
        return None;
    }
    let mut remembered = before.clone();
    for (id, path) in addresses(site) {
        remembered.add(id, path);
    }
    crate::load::urls::write(root, &remembered, before)
        .err()
        .map(|e| {
            Diagnostic::warning(
                Some(&crate::load::urls::urls_file(root)),
                None,
                format!("could not be written ({e}): a story whose address changes later will not keep this one"),
            )
        })
}

/// Processes the articles' pictures and `default_image` (see
/// [`crate::images`]) with the cache beside `output` (none: checked only),
/// and leaves the processed source files out of the assets copied as they
/// are (a reporter's photo may carry where it was taken), and those that
/// could not be made into pictures (no page shows them).
pub(crate) fn process_pictures(
    root: &Path,
    toml: &Config,
    loaded: &mut Loaded,
    profiles: &[Profile],
    output: Option<&Path>,
    lazy: Option<&crate::images::Refused>,
) -> crate::images::Processed {
    let store = output.map(crate::images::store::Store::beside);
    let content_dir = root.join("content");
    let setup = crate::images::Setup {
        content_dir: &content_dir,
        static_dir: loaded.static_dir.as_deref(),
        encoding: crate::images::Encoding {
            widths: &toml.image_widths,
            quality: toml.image_quality,
            store: store.as_ref(),
            lazy,
        },
    };
    let photos = crate::images::Photos {
        file: crate::load::authors::authors_file(root),
        named: profiles
            .iter()
            .map(|p| (p.name.as_str(), p.photo.as_str()))
            .collect(),
    };
    let processed =
        crate::images::process(&mut loaded.articles, &toml.default_image, &photos, &setup);
    if !processed.sources.is_empty() || !processed.unusable.is_empty() {
        loaded.assets.retain(|asset| {
            let canonical = asset.path.canonicalize();
            !canonical.is_ok_and(|path| {
                processed.sources.contains(&path) || processed.unusable.contains(&path)
            })
        });
    }
    processed
}

/// Leaves out of the files copied from `static/` those named as articles'
/// pictures: only their resized copies are published (a photo's metadata
/// may tell where it was taken), and a refused one not at all. Returns a
/// note naming them.
fn withhold_pictures(
    statics: &mut Vec<crate::load::statics::StaticFile>,
    pictures: &crate::images::Processed,
) -> Option<Diagnostic> {
    if pictures.sources.is_empty() && pictures.unusable.is_empty() {
        return None;
    }
    let mut left_out = Vec::new();
    statics.retain(|file| {
        let withheld = matches!(&file.source, crate::load::statics::StaticSource::File(path)
            if path.canonicalize().is_ok_and(|p| pictures.withholds(&p)));
        if withheld {
            left_out.push(file.rel.clone());
        }
        !withheld
    });
    let first = left_out.first()?;
    let more = match left_out.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    Some(Diagnostic::note(
        None,
        None,
        format!(
            "static/{first}{more}: named as articles' pictures, so not published as they \
             are (only resized copies of those that could be used)"
        ),
    ))
}

/// Links each article's links to files under `content/` to those files,
/// and keeps of the assets only the files some article links to: the
/// others are left out of the site (returned as a note naming them).
pub(crate) fn publish_linked_files(toml: &Config, loaded: &mut Loaded) -> Option<Diagnostic> {
    if loaded.assets.is_empty() {
        return None;
    }
    let rels: HashSet<&str> = loaded.assets.iter().map(|a| a.rel.as_str()).collect();
    let base_path = crate::settings::base_path_of(&toml.base_url);
    let linked = crate::content::files::link_files(
        &mut loaded.articles,
        |rel| rels.contains(rel),
        &base_path,
    );
    let (kept, left_out): (Vec<_>, Vec<_>) = std::mem::take(&mut loaded.assets)
        .into_iter()
        .partition(|a| linked.contains(&a.rel));
    loaded.assets = kept;
    let left_out: Vec<&crate::load::Asset> = left_out.iter().collect();
    crate::content::files::left_out_note(&left_out)
}

/// Reports a problem with `site.toml`; returns what failed.
fn config_error(root: &Path, report: &mut Report, message: String) -> String {
    report.push(Diagnostic::error(
        Some(&root.join(CONFIG_FILE)),
        None,
        message,
    ));
    format!("{CONFIG_FILE} has an error")
}

/// `site.toml`, or the defaults when there is none.
pub(crate) fn read_config(root: &Path, report: &mut Report) -> Result<Config, String> {
    Config::load(root).map_err(|d| {
        report.push(d);
        format!("{CONFIG_FILE} has an error")
    })
}

/// What loading a site folder finds.
pub(crate) struct Loaded {
    pub articles: Vec<Article>,
    /// Lines of raw text found in many files of one folder (its furniture):
    /// `serve` reads an edited file with them.
    pub recurring: Recurring,
    /// Each article file's stamp, taken as it was opened.
    pub read_stamps: Vec<(PathBuf, FileStamp)>,
    /// Files under `content/` that are not articles: those an article links
    /// to are copied as they are (see [`publish_linked_files`]).
    pub assets: Vec<Asset>,
    /// The site's own templates (name, source); empty when it has none or
    /// they cannot be read (reported; the built-in theme serves).
    pub templates: Vec<(String, String)>,
    pub static_dir: Option<PathBuf>,
}

/// Walks `content/`, reads and parses every article, and reads the site's
/// templates. Fails only when there is no `content/`.
pub(crate) fn load_content(
    root: &Path,
    offset: Zone,
    toml: &crate::config::Config,
    report: &mut Report,
    request: &Request,
    timings: &mut Timings,
) -> Result<Loaded, String> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        report.push(Diagnostic::error(
            None,
            None,
            format!(
                "no content/ folder in {}: a site keeps its articles in content/ \
                 (`sahifa init` makes a site; see `sahifa --help`)",
                root.display()
            ),
        ));
        return Err("there is nothing to build".into());
    }
    let walked = walk_content(&content_dir);
    timings.lap("walk");
    report.extend(walked.diagnostics);
    if walked.articles.is_empty() {
        report.push(Diagnostic::warning(
            Some(&content_dir),
            None,
            "no articles found in content/: add .txt or .md files (`sahifa new \"عنوان\"` writes one)",
        ));
    }
    progress(request, "parse", 0, walked.articles.len() as u64);
    let furniture = furniture_keys(&toml.furniture);
    let fields = raw_field_keys(toml);
    let raw = RawOptions {
        furniture: &furniture,
        recurring: None,
        keep_debris: request.keep_debris || toml.keep_debris,
        fields: &fields,
    };
    let ReadArticles {
        mut articles,
        notes,
        stamps: read_stamps,
        recurring,
    } = read_and_parse(walked.articles, offset, raw);
    report.extend(furniture_note(&mut articles));
    timings.lap("read+parse");
    report.extend(notes);
    let templates = read_templates(&root.join("templates")).unwrap_or_else(|d| {
        report.push(d);
        Vec::new()
    });
    Ok(Loaded {
        articles,
        recurring,
        read_stamps,
        assets: walked.assets,
        templates,
        static_dir: Some(root.join("static")).filter(|d| d.is_dir()),
    })
}

/// The site's own furniture lines as matching keys.
pub(crate) fn furniture_keys(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| crate::arabic::normalize::key(l))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The site's data files (`data/`), their problems reported.
pub(crate) fn read_site_data(
    root: &Path,
    report: &mut Report,
) -> std::sync::Arc<serde_json::Value> {
    let (data, notes) = crate::load::data::read_data(root);
    report.extend(notes);
    std::sync::Arc::new(data)
}

/// The site's own pages (`pages/`), read and parsed; what cannot be is
/// reported and left out.
pub(crate) fn load_pages(root: &Path, report: &mut Report) -> Vec<crate::content::page::SitePage> {
    let dir = root.join(crate::content::page::PAGES_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let walked = walk_content(&dir);
    report.extend(walked.diagnostics);
    let mut pages = Vec::new();
    for file in walked.articles {
        let (source, note) = crate::load::read_article(file);
        report.extend(note);
        match source.map(|s| crate::content::page::parse_page(&s)) {
            Some(Ok(page)) => pages.push(page),
            Some(Err(problem)) => report.push(problem),
            None => {}
        }
    }
    pages
}

/// The writers' profiles of the site's data files, their problems reported.
pub(crate) fn author_profiles(
    root: &Path,
    data: &serde_json::Value,
    report: &mut Report,
) -> Vec<Profile> {
    let (profiles, notes) = crate::load::authors::author_profiles(root, data);
    report.extend(notes);
    profiles
}

/// `[raw_fields]` as the raw parser matches them: each label's key (as
/// labels are matched, spelling folded) and its `extra` field.
pub(crate) fn raw_field_keys(toml: &Config) -> Vec<(String, String)> {
    toml.raw_fields
        .iter()
        .map(|(label, name)| {
            (
                crate::arabic::normalize::key(label),
                name.trim().to_string(),
            )
        })
        .filter(|(label, _)| !label.is_empty())
        .collect()
}

/// One note for the whole site about the page furniture dropped from raw
/// bodies: which lines, in how many files. The articles forget theirs.
pub(crate) fn furniture_note(articles: &mut [Article]) -> Option<Diagnostic> {
    let mut lines: std::collections::BTreeMap<String, usize> = Default::default();
    let mut files = 0;
    for article in articles.iter_mut().filter(|a| !a.furniture.is_empty()) {
        files += 1;
        for line in std::mem::take(&mut article.furniture) {
            *lines.entry(line).or_default() += 1;
        }
    }
    if files == 0 {
        return None;
    }
    let mut most: Vec<(String, usize)> = lines.into_iter().collect();
    most.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown: Vec<String> = most
        .iter()
        .take(5)
        .map(|(line, n)| format!("«{line}» ×{n}"))
        .collect();
    let more = if most.len() > 5 {
        format!(
            " and {} more",
            crate::report::count_s(most.len() - 5, "other")
        )
    } else {
        String::new()
    };
    Some(Diagnostic::note(
        None,
        None,
        format!(
            "page furniture dropped from raw text in {}: {}{more} (site.toml `furniture` adds lines)",
            crate::report::count_s(files, "file"),
            shown.join(", ")
        ),
    ))
}

/// Reads, decodes and parses the articles, each file start to end in one
/// task: the source text of the whole site is never in memory at once, only
/// the articles parsed from it (on a large archive, half the peak).
/// Raw files with lines that recur across their folder (the site's
/// furniture, see [`recurring_lines`]) are read a second time, those
/// lines left out. Also returns each file's stamp as it was opened.
pub(crate) fn read_and_parse(
    files: Vec<ArticleFile>,
    offset: Zone,
    raw: RawOptions,
) -> ReadArticles {
    let packer = Packer::new(PACK_FROM);
    let (parsed, stamps): (Vec<_>, Vec<_>) = files
        .into_par_iter()
        .map(|file| {
            let path = file.path.clone();
            let (parsed, stamp) = read_one(file, offset, raw, &packer);
            (parsed, stamp.map(|stamp| (path, stamp)))
        })
        .unzip();
    let (mut articles, mut notes) = gather(parsed);
    let recurring = if raw.keep_debris {
        Recurring::default()
    } else {
        recurring_lines(&articles)
    };
    if !recurring.is_empty() {
        let again = RawOptions {
            recurring: Some(&recurring),
            ..raw
        };
        reparse_with_recurring(&mut articles, &mut notes, offset, again, &packer);
    }
    for article in &mut articles {
        article.short_lines = Vec::new();
    }
    packer.finish(articles.iter_mut().map(|a| &mut a.body));
    ReadArticles {
        articles,
        notes,
        stamps: stamps.into_iter().flatten().collect(),
        recurring,
    }
}

/// The articles read from `content/`, with what reading them found.
pub(crate) struct ReadArticles {
    pub articles: Vec<Article>,
    pub notes: Vec<Diagnostic>,
    /// Each file's stamp, taken as it was opened.
    pub stamps: Vec<(PathBuf, FileStamp)>,
    /// The raw lines found in many files of a folder.
    pub recurring: Recurring,
}

/// One file read and parsed, its body handed to the packer.
fn read_one(
    file: ArticleFile,
    offset: Zone,
    raw: RawOptions,
    packer: &Packer,
) -> ((Option<Article>, Vec<Diagnostic>), Option<FileStamp>) {
    let (source, note, stamp) = read_article_stamped(file);
    let mut notes: Vec<Diagnostic> = note.into_iter().collect();
    let article = source.and_then(|source| {
        let (mut article, parse_notes) = parse_with(&source, offset, raw);
        notes.extend(parse_notes);
        if let Some(article) = article.as_mut() {
            packer.add(&mut article.body);
        }
        article
    });
    ((article, notes), stamp)
}

/// A line is a folder's furniture when it is in at least this many of its
/// raw files …
const RECURRING_MIN_FILES: usize = 3;
/// … and in at least this share of them (a tenth: a site's menu is on
/// every page, a sidebar teaser on many).
const RECURRING_SHARE: f64 = 0.1;

/// The short lines of raw bodies that recur across the files of one
/// folder: the site's menus, credits and widgets that no list names.
pub(crate) fn recurring_lines(articles: &[Article]) -> Recurring {
    let mut folders: FxHashMap<&str, usize> = FxHashMap::default();
    let mut counts: FxHashMap<(&str, u64), usize> = FxHashMap::default();
    // The share is of all the folder's raw files, not only those with a
    // short line: a line in 30 of 1,000 pages is no furniture.
    let raw = articles
        .iter()
        .filter(|a| a.kind == crate::load::SourceKind::Raw);
    for article in raw {
        let folder = article.id.rsplit_once('/').map_or("", |(f, _)| f);
        *folders.entry(folder).or_default() += 1;
        if article.short_lines.is_empty() {
            continue;
        }
        let mut seen: Vec<u64> = article.short_lines.clone();
        seen.sort_unstable();
        seen.dedup();
        for hash in seen {
            *counts.entry((folder, hash)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&((folder, _), n)| {
            let files = folders.get(folder).copied().unwrap_or(0);
            n >= RECURRING_MIN_FILES && n as f64 >= files as f64 * RECURRING_SHARE
        })
        .map(|((_, hash), _)| hash)
        .collect()
}

/// Reads again the raw files that hold a recurring line, with the
/// recurring lines left out; their first reading's notes give way.
fn reparse_with_recurring(
    articles: &mut Vec<Article>,
    notes: &mut Vec<Diagnostic>,
    offset: Zone,
    raw: RawOptions,
    packer: &Packer,
) {
    let Some(set) = raw.recurring else {
        return;
    };
    let affected: Vec<usize> = (0..articles.len())
        .filter(|&i| articles[i].short_lines.iter().any(|h| set.contains(h)))
        .collect();
    if affected.is_empty() {
        return;
    }
    let files: Vec<ArticleFile> = affected
        .iter()
        .map(|&i| ArticleFile {
            path: articles[i].path.clone(),
            id: articles[i].id.clone(),
            kind: articles[i].kind,
        })
        .collect();
    let paths: rustc_hash::FxHashSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    notes.retain(|d| d.file.as_ref().is_none_or(|f| !paths.contains(f)));
    let again: Vec<(Option<Article>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| read_one(file, offset, raw, packer).0)
        .collect();
    let mut replaced: FxHashMap<usize, Option<Article>> = FxHashMap::default();
    for (&i, (article, file_notes)) in affected.iter().zip(again) {
        notes.extend(file_notes);
        replaced.insert(i, article);
    }
    let old = std::mem::take(articles);
    articles.extend(
        old.into_iter()
            .enumerate()
            .filter_map(|(i, a)| replaced.remove(&i).unwrap_or(Some(a))),
    );
}

/// The static files to copy — the theme's, the site's `static/` over them,
/// the assets from `content/` — with stylesheets minified when `minify`,
/// and, when `fingerprint`, stylesheets and scripts renamed after a hash of
/// their content. Returns the files and the plain name → output name map.
pub(crate) fn gather_statics(
    static_dir: Option<&Path>,
    assets: &[Asset],
    theme: ThemeFiles,
    minify: bool,
    fingerprint: bool,
    report: &mut Report,
) -> (Vec<StaticFile>, BTreeMap<String, String>) {
    let (mut files, notes) = collect_static(static_dir, assets, theme);
    report.extend(notes);
    if minify {
        minify_stylesheets(&mut files, report);
    }
    let mut asset_paths = BTreeMap::new();
    if fingerprint {
        fingerprint_assets(&mut files, &mut asset_paths, report);
    }
    (files, asset_paths)
}

/// Which articles a site is built with besides the published ones.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Include {
    pub drafts: bool,
    /// Stories dated after now (scheduled).
    pub future: bool,
}

/// Resolves the site from its articles — drafts left out unless asked for,
/// and stories dated after now (scheduled; each reported) unless `future` —
/// and warns when feeds and sitemaps will lack an absolute address. Also
/// returns when the earliest story left out is due. Related stories are
/// left to the caller ([`crate::related::related`], after the site is
/// resolved; `serve` keeps the pass to update it edit by edit:
/// [`crate::related::Kept`]).
pub(crate) fn resolve_site<A: Into<std::sync::Arc<Article>>>(
    articles: Vec<A>,
    settings: Settings,
    include: Include,
    report: &mut Report,
) -> (Site, Option<chrono::DateTime<chrono::FixedOffset>>) {
    let mut timings = Timings::default();
    let (mut site, due) =
        resolve_site_timed(articles, settings, include, report, &mut timings, None);
    audit(&mut site, report, &mut timings);
    (site, due)
}

/// [`resolve_site`] without the editorial audit ([`audit`], which `prepare`
/// runs beside the related pass), charged to `timings`' "resolve" stage.
/// With a `memo` (`serve`), what the last resolve made for unchanged
/// articles is reused.
pub(crate) fn resolve_site_timed<A: Into<std::sync::Arc<Article>>>(
    articles: Vec<A>,
    settings: Settings,
    include: Include,
    report: &mut Report,
    timings: &mut Timings,
    memo: Option<&mut Memo>,
) -> (Site, Option<chrono::DateTime<chrono::FixedOffset>>) {
    let now = settings.now();
    let mut next_due = None;
    let articles: Vec<std::sync::Arc<Article>> = articles
        .into_iter()
        .map(Into::into)
        .filter(|a| include.drafts || !a.draft)
        .filter(|a| {
            if include.future || a.date <= now {
                return true;
            }
            let when = a.date.with_timezone(&settings.zone.offset_at(&a.date));
            report.push(
                Diagnostic::note(
                    Some(&a.path),
                    None,
                    format!(
                        "scheduled for {}: left out until then (`--future` builds it now)",
                        when.format("%Y-%m-%d %H:%M %:z")
                    ),
                )
                .of(
                    crate::report::Kind::Scheduled,
                    serde_json::json!({
                        "title": a.title,
                        "date": when.to_rfc3339(),
                        "published": false,
                    }),
                ),
            );
            next_due = Some(next_due.map_or(a.date, |due: chrono::DateTime<_>| due.min(a.date)));
            false
        })
        .collect();
    if !settings.has_absolute_base() {
        report.push(Diagnostic::warning(
            None,
            None,
            format!(
                "base_url «{}» is not an absolute URL: feeds, sitemaps and canonical links carry \
                 site-relative addresses, which feed readers and search engines cannot follow; \
                 set base_url in site.toml or pass --base-url",
                settings.base_url
            ),
        ));
    } else if settings.base_url == crate::config::PLACEHOLDER_BASE_URL {
        report.push(Diagnostic::warning(
            None,
            None,
            format!(
                "base_url is still the placeholder «{}»: canonical links, feeds and sitemaps \
                 point there; set the site's address in site.toml or pass --base-url",
                settings.base_url
            ),
        ));
    }
    let (site, notes) = resolve_remembering(articles, settings, memo);
    report.extend(notes);
    timings.lap("resolve");
    // A page that changes with the clock (the breaking strip, `latest/`).
    let clock = crate::render::next_change(&site);
    let next_due = match (next_due, clock) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    (site, next_due)
}

/// The related stories `site.toml` asks for.
pub(crate) fn related_wanted(settings: &Settings) -> crate::related::Wanted {
    crate::related::Wanted {
        count: settings.toml.related,
        newer: settings.toml.related_newer,
        leave_out_linked: true,
    }
}

/// The editorial audit of a resolved site (its own stage), then the pasted
/// read-also excerpts let go ([`forget_excerpts`]).
pub(crate) fn audit(site: &mut Site, report: &mut Report, timings: &mut Timings) {
    report.extend(crate::editorial::audit(site));
    forget_excerpts(site);
    timings.lap("editorial");
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
    file.bytes()
        .map_err(|e| report.push(Diagnostic::warning(file.source_path(), None, e.to_string())))
        .ok()
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
    asset_paths: &mut BTreeMap<String, String>,
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
        let hashed = format!("{stem}.{:016x}.{ext}", fnv1a(&bytes));
        asset_paths.insert(file.rel.clone(), hashed.clone());
        file.rel = hashed;
        file.source = StaticSource::Bytes(bytes);
    }
}

fn progress(request: &Request, stage: &str, done: u64, total: u64) {
    if let Some(callback) = request.progress {
        callback(stage, done, total);
    }
}

#[cfg(test)]
mod tests {
    /// `config::GENERATED_FOLDERS` is written out where `config` cannot see
    /// the stages: it must name each stage's own folder.
    #[test]
    fn the_reserved_folders_are_the_ones_the_stages_generate() {
        let generated = crate::config::GENERATED_FOLDERS;
        for folder in [
            crate::permalink::ARCHIVE_INDEX,
            crate::permalink::PAGE_SEGMENT,
            crate::search::SEARCH_PAGE,
            crate::images::MEDIA_DIR,
            crate::render::kinds::LATEST_PAGE,
            "fonts",
        ] {
            assert!(generated.contains(&folder), "{folder}");
        }
        assert!(crate::theme::DEFAULT_STATIC
            .iter()
            .filter_map(|(rel, _)| rel.split_once('/'))
            .all(|(folder, _)| generated.contains(&folder)));
    }
}
